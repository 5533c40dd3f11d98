// node:assert/strict, from src/assert_strict.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_assert_strict=__commonJS({"src/assert_strict.js"(exports2,module2){module2.exports=require("node:assert").strict}});module.exports=require_assert_strict();
})

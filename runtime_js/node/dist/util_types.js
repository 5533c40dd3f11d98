// node:util/types, from src/util_types.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_util_types=__commonJS({"src/util_types.js"(exports2,module2){module2.exports=require("node:util").types}});module.exports=require_util_types();
})

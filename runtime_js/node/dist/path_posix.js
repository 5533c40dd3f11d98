// node:path/posix, from src/path_posix.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_path_posix=__commonJS({"src/path_posix.js"(exports2,module2){module2.exports=require("node:path").posix}});module.exports=require_path_posix();
})

// node:path/win32, from src/path_win32.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_path_win32=__commonJS({"src/path_win32.js"(exports2,module2){module2.exports=require("node:path").win32}});module.exports=require_path_win32();
})

// node:repl, from unenv/node/repl (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var repl_exports={};__export(repl_exports,{REPLServer:()=>REPLServer,REPL_MODE_SLOPPY:()=>REPL_MODE_SLOPPY,REPL_MODE_STRICT:()=>REPL_MODE_STRICT,
Recoverable:()=>Recoverable,_builtinLibs:()=>_builtinLibs,builtinModules:()=>builtinModules,default:()=>repl_default,start:()=>start,
writer:()=>writer});var import_node_module,writer,start,Recoverable,REPLServer,REPL_MODE_SLOPPY,REPL_MODE_STRICT,builtinModules,
_builtinLibs,repl_default,init_repl=__esm({"node_modules/unenv/dist/runtime/node/repl.mjs"(){import_node_module=require("node:module");
init_utils();writer=notImplementedClass("repl.writer"),start=notImplemented("repl.start"),Recoverable=notImplementedClass(
"repl.Recoverable"),REPLServer=notImplementedClass("repl.REPLServer"),REPL_MODE_SLOPPY=Symbol("repl-sloppy"),REPL_MODE_STRICT=
Symbol("repl-strict"),builtinModules=import_node_module.builtinModules.filter(m=>m[0]!=="_"),_builtinLibs=builtinModules,
repl_default={writer,start,Recoverable,REPLServer,builtinModules,_builtinLibs,REPL_MODE_SLOPPY,REPL_MODE_STRICT}}});module.exports=(init_repl(),__toCommonJS(repl_exports));
})

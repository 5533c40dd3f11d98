// node:child_process, from unenv/node/child_process (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var child_process_exports={};__export(child_process_exports,{ChildProcess:()=>ChildProcess,_forkChild:()=>_forkChild,default:()=>child_process_default,
exec:()=>exec,execFile:()=>execFile,execFileSync:()=>execFileSync,execSync:()=>execSync,fork:()=>fork,spawn:()=>spawn,spawnSync:()=>spawnSync});
var ChildProcess,_forkChild,exec,execFile,execFileSync,execSync,fork,spawn,spawnSync,child_process_default,init_child_process=__esm(
{"node_modules/unenv/dist/runtime/node/child_process.mjs"(){init_utils();ChildProcess=notImplementedClass("child_process\
.ChildProcess"),_forkChild=notImplemented("child_process.ChildProcess"),exec=notImplemented("child_process.exec"),execFile=
notImplemented("child_process.execFile"),execFileSync=notImplemented("child_process.execFileSync"),execSync=notImplemented(
"child_process.execSyn"),fork=notImplemented("child_process.fork"),spawn=notImplemented("child_process.spawn"),spawnSync=
notImplemented("child_process.spawnSync"),child_process_default={ChildProcess,_forkChild,exec,execFile,execFileSync,execSync,
fork,spawn,spawnSync}}});module.exports=(init_child_process(),__toCommonJS(child_process_exports));
})

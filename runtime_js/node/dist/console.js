// node:console, from unenv/node/console (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var console_exports={};__export(console_exports,{Console:()=>Console,_ignoreErrors:()=>_ignoreErrors,_stderr:()=>_stderr,
_stderrErrorHandler:()=>_stderrErrorHandler,_stdout:()=>_stdout,_stdoutErrorHandler:()=>_stdoutErrorHandler,_times:()=>_times,
assert:()=>assert,clear:()=>clear,context:()=>context,count:()=>count,countReset:()=>countReset,createTask:()=>createTask,
debug:()=>debug,default:()=>console_default,dir:()=>dir,dirxml:()=>dirxml,error:()=>error,group:()=>group,groupCollapsed:()=>groupCollapsed,
groupEnd:()=>groupEnd,info:()=>info,log:()=>log,profile:()=>profile,profileEnd:()=>profileEnd,table:()=>table,time:()=>time,
timeEnd:()=>timeEnd,timeLog:()=>timeLog,timeStamp:()=>timeStamp,trace:()=>trace,warn:()=>warn});function context(){return _console}
var import_node_stream,_console,_ignoreErrors,_stderr,_stdout,log,info,trace,debug,table,error,warn,createTask,assert,clear,
count,countReset,dir,dirxml,group,groupEnd,groupCollapsed,profile,profileEnd,time,timeEnd,timeLog,timeStamp,Console,_times,
_stdoutErrorHandler,_stderrErrorHandler,console_default,init_console=__esm({"node_modules/unenv/dist/runtime/node/consol\
e.mjs"(){import_node_stream=require("node:stream");init_noop();init_utils();_console=globalThis.console,_ignoreErrors=!0,
_stderr=new import_node_stream.Writable,_stdout=new import_node_stream.Writable,log=_console?.log??noop_default,info=_console?.
info??log,trace=_console?.trace??info,debug=_console?.debug??log,table=_console?.table??log,error=_console?.error??log,warn=
_console?.warn??error,createTask=_console?.createTask??notImplemented("console.createTask"),assert=notImplemented("conso\
le.assert"),clear=_console?.clear??noop_default,count=_console?.count??noop_default,countReset=_console?.countReset??noop_default,
dir=_console?.dir??noop_default,dirxml=_console?.dirxml??noop_default,group=_console?.group??noop_default,groupEnd=_console?.
groupEnd??noop_default,groupCollapsed=_console?.groupCollapsed??noop_default,profile=_console?.profile??noop_default,profileEnd=
_console?.profileEnd??noop_default,time=_console?.time??noop_default,timeEnd=_console?.timeEnd??noop_default,timeLog=_console?.
timeLog??noop_default,timeStamp=_console?.timeStamp??noop_default,Console=_console?.Console??notImplementedClass("consol\
e.Console"),_times=new Map;_stdoutErrorHandler=noop_default,_stderrErrorHandler=noop_default,console_default={_times,_ignoreErrors,
_stdoutErrorHandler,_stderrErrorHandler,_stdout,_stderr,assert,clear,Console,count,countReset,debug,dir,dirxml,error,context,
createTask,group,groupEnd,groupCollapsed,info,log,profile,profileEnd,table,time,timeEnd,timeLog,timeStamp,trace,warn}}});module.exports=(init_console(),__toCommonJS(console_exports));
})

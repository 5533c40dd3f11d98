// node:inspector, from unenv/node/inspector (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});var inspector_exports={};__export(inspector_exports,{Network:()=>Network,Session:()=>Session,close:()=>close,console:()=>console,
default:()=>inspector_default,open:()=>open,url:()=>url,waitForDebugger:()=>waitForDebugger});var close,console,open,url,
waitForDebugger,Session,Network,inspector_default,init_inspector=__esm({"node_modules/unenv/dist/runtime/node/inspector.\
mjs"(){init_utils();init_noop();close=noop_default,console={debug:noop_default,error:noop_default,info:noop_default,log:noop_default,
warn:noop_default,dir:noop_default,dirxml:noop_default,table:noop_default,trace:noop_default,group:noop_default,groupCollapsed:noop_default,
groupEnd:noop_default,clear:noop_default,count:noop_default,countReset:noop_default,assert:noop_default,profile:noop_default,
profileEnd:noop_default,time:noop_default,timeLog:noop_default,timeStamp:noop_default},open=()=>({__unenv__:!0,[Symbol.dispose](){
return Promise.resolve()}}),url=()=>{},waitForDebugger=noop_default,Session=notImplementedClass("inspector.Session"),Network=
{loadingFailed:notImplemented("inspector.Network.loadingFailed"),loadingFinished:notImplemented("inspector.Network.loadi\
ngFinished"),requestWillBeSent:notImplemented("inspector.Network.requestWillBeSent"),responseReceived:notImplemented("in\
spector.Network.responseReceived")},inspector_default={Session,close,console,open,url,waitForDebugger,Network}}});module.exports=(init_inspector(),__toCommonJS(inspector_exports));
})

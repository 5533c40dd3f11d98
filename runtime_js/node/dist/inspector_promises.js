// node:inspector/promises, from unenv/node/inspector/promises (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});var promises_exports={};__export(promises_exports,{Network:()=>Network,Session:()=>Session,close:()=>close,console:()=>console,
default:()=>promises_default,open:()=>open,url:()=>url,waitForDebugger:()=>waitForDebugger});var console,Network,Session,
url,waitForDebugger,open,close,promises_default,init_promises=__esm({"node_modules/unenv/dist/runtime/node/inspector/pro\
mises.mjs"(){init_utils();init_noop();console={debug:noop_default,error:noop_default,info:noop_default,log:noop_default,
warn:noop_default,dir:noop_default,dirxml:noop_default,table:noop_default,trace:noop_default,group:noop_default,groupCollapsed:noop_default,
groupEnd:noop_default,clear:noop_default,count:noop_default,countReset:noop_default,assert:noop_default,profile:noop_default,
profileEnd:noop_default,time:noop_default,timeLog:noop_default,timeStamp:noop_default},Network=notImplementedClass("insp\
ectorPromises.Network"),Session=notImplementedClass("inspectorPromises.Session"),url=notImplemented("inspectorPromises.u\
rl"),waitForDebugger=notImplemented("inspectorPromises.waitForDebugger"),open=notImplemented("inspectorPromises.open"),close=
notImplemented("inspectorPromises.close"),promises_default={close,console,Network,open,Session,url,waitForDebugger}}});module.exports=(init_promises(),__toCommonJS(promises_exports));
})

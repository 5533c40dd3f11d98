// node:timers, from unenv/node/timers (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __create=Object.create;var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __getProtoOf=Object.getPrototypeOf,__hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toESM=(mod,isNodeMode,target)=>(target=mod!=null?__create(__getProtoOf(mod)):{},__copyProps(isNodeMode||!mod||!mod.
__esModule?__defProp(target,"default",{value:mod,enumerable:!0}):target,mod)),__toCommonJS=mod=>__copyProps(__defProp({},
"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});var Timeout,init_timeout=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/timeout.mjs"(){init_utils();Timeout=
class{constructor(callback,args){typeof callback=="function"&&callback(...args)}close(){throw createNotImplementedError(
"node.timers.timeout.close")}_onTimeout(...args){throw createNotImplementedError("node.timers.timeout._onTimeout")}ref(){
return this}unref(){return this}hasRef(){return!1}refresh(){return this}[Symbol.dispose](){}[Symbol.toPrimitive](){return 0}}}});function setTimeoutFallbackPromises(delay,value,options){return new Promise(res=>{res(value)})}function setTimeoutFallback(callback,ms,...args){
return new Timeout(callback,args)}var init_set_timeout=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/set-\
timeout.mjs"(){init_timeout();setTimeoutFallback.__promisify__=setTimeoutFallbackPromises}});var Immediate,init_immediate=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/immediate.mjs"(){Immediate=class{_onImmediate;_timeout;constructor(callback,args){
this._onImmediate=callback,"setTimeout"in globalThis?this._timeout=setTimeout(callback,0,...args):callback(...args)}ref(){
return this._timeout?.ref(),this}unref(){return this._timeout?.unref(),this}hasRef(){return this._timeout?.hasRef()??!1}[Symbol.
dispose](){"clearTimeout"in globalThis&&clearTimeout(this._timeout)}}}});function setImmediateFallbackPromises(value){return new Promise(res=>{res(value)})}function setImmediateFallback(callback,...args){
return new Immediate(callback,args)}function clearImmediateFallback(immediate){immediate?.[Symbol.dispose]()}var init_set_immediate=__esm(
{"node_modules/unenv/dist/runtime/node/internal/timers/set-immediate.mjs"(){init_immediate();setImmediateFallback.__promisify__=
setImmediateFallbackPromises}});async function*setIntervalFallbackPromises(delay,value){yield value}function setIntervalFallback(callback,ms,...args){return new Timeout(
callback,args)}var init_set_interval=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/set-interval.mjs"(){init_timeout();
setIntervalFallback.__promisify__=setIntervalFallbackPromises}});var timers_exports={};__export(timers_exports,{_unrefActive:()=>_unrefActive,active:()=>active,clearImmediate:()=>clearImmediate,
clearInterval:()=>clearInterval,clearTimeout:()=>clearTimeout2,default:()=>timers_default,enroll:()=>enroll,promises:()=>import_promises.default,
setImmediate:()=>setImmediate,setInterval:()=>setInterval,setTimeout:()=>setTimeout2,unenroll:()=>unenroll});var import_promises,
clearImmediate,clearInterval,clearTimeout2,setImmediate,setTimeout2,setInterval,active,_unrefActive,enroll,unenroll,timers_default,
init_timers=__esm({"node_modules/unenv/dist/runtime/node/timers.mjs"(){init_utils();init_noop();import_promises=__toESM(require("node:timers/promises"),1);
init_set_timeout();init_set_immediate();init_set_interval();clearImmediate=globalThis.clearImmediate?.bind(globalThis)||
clearImmediateFallback,clearInterval=globalThis.clearInterval?.bind(globalThis)||noop_default,clearTimeout2=globalThis.clearTimeout?.
bind(globalThis)||noop_default,setImmediate=globalThis.setImmediate?.bind(globalThis)||setImmediateFallback,setTimeout2=
globalThis.setTimeout?.bind(globalThis)||setTimeoutFallback,setInterval=globalThis.setInterval?.bind(globalThis)||setIntervalFallback,
active=function(timeout){timeout?.refresh?.()},_unrefActive=active,enroll=notImplemented("timers.enroll"),unenroll=notImplemented(
"timers.unenroll"),timers_default={_unrefActive,active,clearImmediate,clearInterval,clearTimeout:clearTimeout2,enroll,promises:import_promises.default,
setImmediate,setInterval,setTimeout:setTimeout2,unenroll}}});module.exports=(init_timers(),__toCommonJS(timers_exports));
})

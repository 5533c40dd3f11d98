// node:timers/promises, from unenv/node/timers/promises (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}var init_utils=__esm(
{"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var Timeout,init_timeout=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/timeout.mjs"(){init_utils();Timeout=
class{constructor(callback,args){typeof callback=="function"&&callback(...args)}close(){throw createNotImplementedError(
"node.timers.timeout.close")}_onTimeout(...args){throw createNotImplementedError("node.timers.timeout._onTimeout")}ref(){
return this}unref(){return this}hasRef(){return!1}refresh(){return this}[Symbol.dispose](){}[Symbol.toPrimitive](){return 0}}}});function setTimeoutFallbackPromises(delay,value,options){return new Promise(res=>{res(value)})}function setTimeoutFallback(callback,ms,...args){
return new Timeout(callback,args)}var init_set_timeout=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/set-\
timeout.mjs"(){init_timeout();setTimeoutFallback.__promisify__=setTimeoutFallbackPromises}});var Immediate,init_immediate=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/immediate.mjs"(){Immediate=class{_onImmediate;_timeout;constructor(callback,args){
this._onImmediate=callback,"setTimeout"in globalThis?this._timeout=setTimeout(callback,0,...args):callback(...args)}ref(){
return this._timeout?.ref(),this}unref(){return this._timeout?.unref(),this}hasRef(){return this._timeout?.hasRef()??!1}[Symbol.
dispose](){"clearTimeout"in globalThis&&clearTimeout(this._timeout)}}}});function setImmediateFallbackPromises(value){return new Promise(res=>{res(value)})}function setImmediateFallback(callback,...args){
return new Immediate(callback,args)}var init_set_immediate=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/\
set-immediate.mjs"(){init_immediate();setImmediateFallback.__promisify__=setImmediateFallbackPromises}});var Scheduler,init_scheduler=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/scheduler.mjs"(){init_set_timeout();
init_set_immediate();Scheduler=class{wait(delay,options){return setTimeoutFallbackPromises(delay,void 0,options)}yield(){
return setImmediateFallbackPromises()}}}});async function*setIntervalFallbackPromises(delay,value){yield value}function setIntervalFallback(callback,ms,...args){return new Timeout(
callback,args)}var init_set_interval=__esm({"node_modules/unenv/dist/runtime/node/internal/timers/set-interval.mjs"(){init_timeout();
setIntervalFallback.__promisify__=setIntervalFallbackPromises}});var promises_exports={};__export(promises_exports,{default:()=>promises_default,scheduler:()=>scheduler,setImmediate:()=>setImmediateFallbackPromises,
setInterval:()=>setIntervalFallbackPromises,setTimeout:()=>setTimeoutFallbackPromises});var scheduler,promises_default,init_promises=__esm(
{"node_modules/unenv/dist/runtime/node/timers/promises.mjs"(){init_scheduler();init_set_timeout();init_set_interval();init_set_immediate();
init_set_timeout();init_set_interval();init_set_immediate();scheduler=new Scheduler,promises_default={scheduler,setImmediate:setImmediateFallbackPromises,
setInterval:setIntervalFallbackPromises,setTimeout:setTimeoutFallbackPromises}}});module.exports=(init_promises(),__toCommonJS(promises_exports));
})

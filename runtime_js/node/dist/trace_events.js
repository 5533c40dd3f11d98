// node:trace_events, from unenv/node/trace_events (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var Tracing,init_tracing=__esm({"node_modules/unenv/dist/runtime/node/internal/trace_events/tracing.mjs"(){Tracing=class{categories="";enabled=!1;disable(){
this.enabled=!1}enable(){this.enabled=!0}}}});var trace_events_exports={};__export(trace_events_exports,{createTracing:()=>createTracing,default:()=>trace_events_default,
getEnabledCategories:()=>getEnabledCategories});var createTracing,getEnabledCategories,trace_events_default,init_trace_events=__esm(
{"node_modules/unenv/dist/runtime/node/trace_events.mjs"(){init_tracing();createTracing=function(){return new Tracing},getEnabledCategories=
()=>"",trace_events_default={createTracing,getEnabledCategories}}});module.exports=(init_trace_events(),__toCommonJS(trace_events_exports));
})

// node:domain, from unenv/node/domain (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}var init_utils=__esm(
{"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var import_node_events,Domain,init_domain=__esm({"node_modules/unenv/dist/runtime/node/internal/domain/domain.mjs"(){init_utils();
import_node_events=require("node:events"),Domain=class extends import_node_events.EventEmitter{__unenv__=!0;members=[];add(){}enter(){}exit(){}remove(){}bind(callback){
throw createNotImplementedError("Domain.bind")}intercept(callback){throw createNotImplementedError("Domain.intercept")}run(fn,...args){
throw createNotImplementedError("Domain.run")}}}});var domain_exports={};__export(domain_exports,{Domain:()=>Domain,_stack:()=>_stack,active:()=>active,create:()=>create,createDomain:()=>createDomain,
default:()=>domain_default});var create,createDomain,_domain,active,_stack,domain_default,init_domain2=__esm({"node_modu\
les/unenv/dist/runtime/node/domain.mjs"(){init_domain();init_domain();create=function(){return new Domain},createDomain=
create,_domain=create(),active=()=>_domain,_stack=[],domain_default={Domain,_stack,active,create,createDomain}}});module.exports=(init_domain2(),__toCommonJS(domain_exports));
})

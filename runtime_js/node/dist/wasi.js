// node:wasi, from unenv/node/wasi (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function notImplementedClass(name){return class{__unenv__=!0;constructor(){throw new Error(`[unenv] ${name} is not imple\
mented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var wasi_exports={};__export(wasi_exports,{WASI:()=>WASI,default:()=>wasi_default});var WASI,wasi_default,init_wasi=__esm(
{"node_modules/unenv/dist/runtime/node/wasi.mjs"(){init_utils();WASI=notImplementedClass("wasi.WASI"),wasi_default={WASI}}});module.exports=(init_wasi(),__toCommonJS(wasi_exports));
})

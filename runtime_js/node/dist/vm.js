// node:vm, from unenv/node/vm (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var Script,init_script=__esm({"node_modules/unenv/dist/runtime/node/internal/vm/script.mjs"(){init_utils();Script=class{runInContext(contextifiedObject,options){
throw createNotImplementedError("Script.runInContext")}runInNewContext(contextObject,options){throw createNotImplementedError(
"Script.runInNewContext")}runInThisContext(options){throw createNotImplementedError("Script.runInThisContext")}createCachedData(){
throw createNotImplementedError("Script.createCachedData")}}}});var constants_exports={};__export(constants_exports,{DONT_CONTEXTIFY:()=>DONT_CONTEXTIFY,USE_MAIN_CONTEXT_DEFAULT_LOADER:()=>USE_MAIN_CONTEXT_DEFAULT_LOADER});
var USE_MAIN_CONTEXT_DEFAULT_LOADER,DONT_CONTEXTIFY,init_constants=__esm({"node_modules/unenv/dist/runtime/node/internal\
/vm/constants.mjs"(){USE_MAIN_CONTEXT_DEFAULT_LOADER=Symbol("vm_dynamic_import_main_context_default"),DONT_CONTEXTIFY=Symbol(
"vm_context_no_contextify")}});var vm_exports={};__export(vm_exports,{Script:()=>Script,compileFunction:()=>compileFunction,constants:()=>constants_exports,
createContext:()=>createContext,createScript:()=>createScript,default:()=>vm_default,isContext:()=>isContext,measureMemory:()=>measureMemory,
runInContext:()=>runInContext,runInNewContext:()=>runInNewContext,runInThisContext:()=>runInThisContext});var compileFunction,
_contextSymbol,createContext,createScript,isContext,measureMemory,runInContext,runInNewContext,runInThisContext,vm_default,
init_vm=__esm({"node_modules/unenv/dist/runtime/node/vm.mjs"(){init_utils();init_script();init_constants();init_script();
init_constants();compileFunction=notImplemented("vm.compileFunction"),_contextSymbol=Symbol("uenv.vm.context"),createContext=
function(){return Object.create(null,{[_contextSymbol]:{value:!0}})},createScript=function(){return new Script},isContext=
context=>context&&context[_contextSymbol]===!0,measureMemory=()=>Promise.resolve({total:{jsMemoryEstimate:0,jsMemoryRange:[
1,2]},WebAssembly:{code:0,metadata:0}}),runInContext=notImplemented("vm.runInContext"),runInNewContext=notImplemented("v\
m.runInNewContext"),runInThisContext=notImplemented("vm.runInThisContext"),vm_default={Script,compileFunction,constants:constants_exports,
createContext,isContext,measureMemory,runInContext,runInNewContext,runInThisContext,createScript}}});module.exports=(init_vm(),__toCommonJS(vm_exports));
})

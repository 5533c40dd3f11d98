// node:https, from unenv/node/https (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var import_node_events,Agent,init_agent=__esm({"node_modules/unenv/dist/runtime/node/internal/http/agent.mjs"(){import_node_events=
require("node:events"),Agent=class extends import_node_events.EventEmitter{__unenv__={};maxFreeSockets=256;maxSockets=1/0;maxTotalSockets=1/0;freeSockets={};sockets={};requests={};options;constructor(opts={}){
super(),this.options=opts}destroy(){}}}});var https_exports={};__export(https_exports,{Agent:()=>Agent2,Server:()=>Server,createServer:()=>createServer,default:()=>https_default,
get:()=>get,globalAgent:()=>globalAgent,request:()=>request});var Server,Agent2,globalAgent,get,createServer,request,https_default,
init_https=__esm({"node_modules/unenv/dist/runtime/node/https.mjs"(){init_utils();init_agent();Server=notImplementedClass(
"https.Server"),Agent2=Agent,globalAgent=new Agent2,get=notImplemented("https.get"),createServer=notImplemented("https.c\
reateServer"),request=notImplemented("https.request"),https_default={Server,Agent:Agent2,globalAgent,get,createServer,request}}});module.exports=(init_https(),__toCommonJS(https_exports));
})

// node:dgram, from unenv/node/dgram (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});var import_node_events,Socket,init_socket=__esm({"node_modules/unenv/dist/runtime/node/internal/dgram/socket.mjs"(){import_node_events=
require("node:events"),Socket=class extends import_node_events.EventEmitter{__unenv__=!0;bind(){return this}close(){return this}ref(){
return this}unref(){return this}getRecvBufferSize(){return 1e5}getSendBufferSize(){return 1e4}getSendQueueSize(){return 0}getSendQueueCount(){
return 0}setMulticastLoopback(){return!1}setMulticastTTL(){return 1}setTTL(){return 1}address(){return{address:"127.0.0.\
1",family:"IPv4",port:1234}}remoteAddress(){throw new Error("ERR_SOCKET_DGRAM_NOT_CONNECTED")}[Symbol.asyncDispose](){return Promise.
resolve()}addMembership(){}addSourceSpecificMembership(){}connect(){}disconnect(){}dropMembership(){}dropSourceSpecificMembership(){}send(){}setSendBufferSize(){}setBroadcast(){}setRecvBufferSize(){}setMulticastInterface(){}}}});var dgram_exports={};__export(dgram_exports,{Socket:()=>Socket,_createSocketHandle:()=>_createSocketHandle,createSocket:()=>createSocket,
default:()=>dgram_default});var _createSocketHandle,createSocket,dgram_default,init_dgram=__esm({"node_modules/unenv/dis\
t/runtime/node/dgram.mjs"(){init_noop();init_socket();init_socket();_createSocketHandle=noop_default,createSocket=function(){
return new Socket},dgram_default={Socket,_createSocketHandle,createSocket}}});module.exports=(init_dgram(),__toCommonJS(dgram_exports));
})

// node:worker_threads, from unenv/node/worker_threads (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var BroadcastChannel,init_broadcast_channel=__esm({"node_modules/unenv/dist/runtime/node/internal/worker_threads/broadca\
st-channel.mjs"(){BroadcastChannel=class{name="";onmessage=message=>{};onmessageerror=message=>{};close(){}postMessage(message){}ref(){
return this}unref(){return this}}}});var import_node_events,MessagePort,init_message_port=__esm({"node_modules/unenv/dist/runtime/node/internal/worker_thread\
s/message-port.mjs"(){import_node_events=require("node:events"),MessagePort=class extends import_node_events.EventEmitter{close(){}postMessage(value,transferList){}ref(){}unref(){}start(){}addEventListener(type,listener){
this.on(type,listener)}removeEventListener(type,listener){this.off(type,listener)}dispatchEvent(event){return this.emit(
event.type,event)}}}});var MessageChannel,init_message_channel=__esm({"node_modules/unenv/dist/runtime/node/internal/worker_threads/message-cha\
nnel.mjs"(){init_message_port();MessageChannel=class{port1=new MessagePort;port2=new MessagePort}}});var import_node_events2,import_node_stream,Worker,init_worker=__esm({"node_modules/unenv/dist/runtime/node/internal/work\
er_threads/worker.mjs"(){import_node_events2=require("node:events"),import_node_stream=require("node:stream"),Worker=class extends import_node_events2.EventEmitter{stdin=null;stdout=new import_node_stream.Readable;stderr=new import_node_stream.Readable;threadId=0;performance={
eventLoopUtilization:()=>({idle:0,active:0,utilization:0})};postMessage(_value,_transferList){}postMessageToThread(_threadId,_value,_transferList,_timeout){
return Promise.resolve()}ref(){}unref(){}terminate(){return Promise.resolve(0)}getHeapSnapshot(){return Promise.resolve(
new import_node_stream.Readable)}}}});function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var worker_threads_exports={};__export(worker_threads_exports,{BroadcastChannel:()=>BroadcastChannel,MessageChannel:()=>MessageChannel,
MessagePort:()=>MessagePort,SHARE_ENV:()=>SHARE_ENV,Worker:()=>Worker,default:()=>worker_threads_default,getEnvironmentData:()=>getEnvironmentData,
isInternalThread:()=>isInternalThread,isMainThread:()=>isMainThread,isMarkedAsUntransferable:()=>isMarkedAsUntransferable,
markAsUncloneable:()=>markAsUncloneable,markAsUntransferable:()=>markAsUntransferable,moveMessagePortToContext:()=>moveMessagePortToContext,
parentPort:()=>parentPort,postMessageToThread:()=>postMessageToThread,receiveMessageOnPort:()=>receiveMessageOnPort,resourceLimits:()=>resourceLimits,
setEnvironmentData:()=>setEnvironmentData,threadId:()=>threadId,workerData:()=>workerData});var _environmentData,getEnvironmentData,
setEnvironmentData,isMainThread,isMarkedAsUntransferable,markAsUntransferable,markAsUncloneable,moveMessagePortToContext,
parentPort,receiveMessageOnPort,SHARE_ENV,resourceLimits,threadId,workerData,postMessageToThread,isInternalThread,worker_threads_default,
init_worker_threads=__esm({"node_modules/unenv/dist/runtime/node/worker_threads.mjs"(){init_broadcast_channel();init_message_channel();
init_message_port();init_worker();init_utils();init_broadcast_channel();init_message_channel();init_message_port();init_worker();
_environmentData=new Map,getEnvironmentData=function(key){return _environmentData.get(key)},setEnvironmentData=function(key,value){
_environmentData.set(key,value)},isMainThread=!0,isMarkedAsUntransferable=()=>!1,markAsUntransferable=function(value){},
markAsUncloneable=()=>{},moveMessagePortToContext=()=>new MessagePort,parentPort=null,receiveMessageOnPort=()=>{},SHARE_ENV=
Symbol.for("nodejs.worker_threads.SHARE_ENV"),resourceLimits={},threadId=0,workerData=null,postMessageToThread=notImplemented(
"worker_threads.postMessageToThread"),isInternalThread=!1,worker_threads_default={BroadcastChannel,MessageChannel,MessagePort,
Worker,SHARE_ENV,getEnvironmentData,isMainThread,isMarkedAsUntransferable,markAsUntransferable,markAsUncloneable,moveMessagePortToContext,
parentPort,receiveMessageOnPort,resourceLimits,setEnvironmentData,postMessageToThread,threadId,workerData,isInternalThread}}});module.exports=(init_worker_threads(),__toCommonJS(worker_threads_exports));
})

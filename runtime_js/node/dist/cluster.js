// node:cluster, from unenv/node/cluster (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var cluster_exports={};__export(cluster_exports,{SCHED_NONE:()=>SCHED_NONE,SCHED_RR:()=>SCHED_RR,Worker:()=>Worker,_events:()=>_events,
_eventsCount:()=>_eventsCount,_maxListeners:()=>_maxListeners,default:()=>cluster_default,disconnect:()=>disconnect,fork:()=>fork,
isMaster:()=>isMaster,isPrimary:()=>isPrimary,isWorker:()=>isWorker,schedulingPolicy:()=>schedulingPolicy,settings:()=>settings,
setupMaster:()=>setupMaster,setupPrimary:()=>setupPrimary,workers:()=>workers});var import_node_events,SCHED_NONE,SCHED_RR,
isMaster,isPrimary,isWorker,schedulingPolicy,settings,workers,fork,disconnect,setupPrimary,setupMaster,_events,_eventsCount,
_maxListeners,Worker,_Cluster,cluster_default,init_cluster=__esm({"node_modules/unenv/dist/runtime/node/cluster.mjs"(){import_node_events=
require("node:events");init_utils();SCHED_NONE=1,SCHED_RR=2,isMaster=!0,isPrimary=!0,isWorker=!1,schedulingPolicy=SCHED_RR,
settings={},workers={},fork=notImplemented("cluster.fork"),disconnect=notImplemented("cluster.disconnect"),setupPrimary=
notImplemented("cluster.setupPrimary"),setupMaster=notImplemented("cluster.setupMaster"),_events=[],_eventsCount=0,_maxListeners=
0,Worker=class extends import_node_events.EventEmitter{_connected=!1;id=0;get process(){return globalThis.process}get exitedAfterDisconnect(){
return this._connected}isConnected(){return this._connected}isDead(){return!0}send(message,sendHandle,options,callback){
return!1}kill(signal){this._connected=!1}destroy(signal){this._connected=!1}disconnect(){return this._connected=!1,this}},
_Cluster=class extends import_node_events.EventEmitter{Worker=Worker;isMaster=isMaster;isPrimary=isPrimary;isWorker=isWorker;SCHED_NONE=SCHED_NONE;SCHED_RR=SCHED_RR;schedulingPolicy=SCHED_RR;settings=settings;workers=workers;setupPrimary(_settings){
setupPrimary()}setupMaster(_settings){setupMaster()}disconnect(){disconnect()}fork(env){return fork(env)}},cluster_default=
new _Cluster}});module.exports=(init_cluster(),__toCommonJS(cluster_exports));
})

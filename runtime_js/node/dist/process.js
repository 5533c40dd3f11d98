// node:process, from src/process.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var NODE_VERSION,init_node_version=__esm({"node_modules/unenv/dist/runtime/node/internal/process/node-version.mjs"(){NODE_VERSION=
"22.14.0"}});var process_exports={};__export(process_exports,{Process:()=>Process});var import_node_events,import_node_tty,Process,init_process=__esm(
{"node_modules/unenv/dist/runtime/node/internal/process/process.mjs"(){import_node_events=require("node:events"),import_node_tty=
require("node:tty");init_utils();init_node_version();Process=class _Process extends import_node_events.EventEmitter{env;hrtime;nextTick;constructor(impl){
super(),this.env=impl.env,this.hrtime=impl.hrtime,this.nextTick=impl.nextTick;for(let prop of[...Object.getOwnPropertyNames(
_Process.prototype),...Object.getOwnPropertyNames(import_node_events.EventEmitter.prototype)]){let value=this[prop];typeof value==
"function"&&(this[prop]=value.bind(this))}}emitWarning(warning,type,code){console.warn(`${code?`[${code}] `:""}${type?`${type}\
: `:""}${warning}`)}emit(...args){return super.emit(...args)}listeners(eventName){return super.listeners(eventName)}#stdin;#stdout;#stderr;get stdin(){
return this.#stdin??=new import_node_tty.ReadStream(0)}get stdout(){return this.#stdout??=new import_node_tty.WriteStream(
1)}get stderr(){return this.#stderr??=new import_node_tty.WriteStream(2)}#cwd="/";chdir(cwd){this.#cwd=cwd}cwd(){return this.#cwd}arch="";platform="";argv=[];argv0="";execArgv=[];execPath="";title="";pid=200;ppid=100;get version(){
return`v${NODE_VERSION}`}get versions(){return{node:NODE_VERSION}}get allowedNodeEnvironmentFlags(){return new Set}get sourceMapsEnabled(){
return!1}get debugPort(){return 0}get throwDeprecation(){return!1}get traceDeprecation(){return!1}get features(){return{}}get release(){
return{}}get connected(){return!1}get config(){return{}}get moduleLoadList(){return[]}constrainedMemory(){return 0}availableMemory(){
return 0}uptime(){return 0}resourceUsage(){return{}}ref(){}unref(){}umask(){throw createNotImplementedError("process.uma\
sk")}getBuiltinModule(){}getActiveResourcesInfo(){throw createNotImplementedError("process.getActiveResourcesInfo")}exit(){
throw createNotImplementedError("process.exit")}reallyExit(){throw createNotImplementedError("process.reallyExit")}kill(){
throw createNotImplementedError("process.kill")}abort(){throw createNotImplementedError("process.abort")}dlopen(){throw createNotImplementedError(
"process.dlopen")}setSourceMapsEnabled(){throw createNotImplementedError("process.setSourceMapsEnabled")}loadEnvFile(){throw createNotImplementedError(
"process.loadEnvFile")}disconnect(){throw createNotImplementedError("process.disconnect")}cpuUsage(){throw createNotImplementedError(
"process.cpuUsage")}setUncaughtExceptionCaptureCallback(){throw createNotImplementedError("process.setUncaughtExceptionC\
aptureCallback")}hasUncaughtExceptionCaptureCallback(){throw createNotImplementedError("process.hasUncaughtExceptionCapt\
ureCallback")}initgroups(){throw createNotImplementedError("process.initgroups")}openStdin(){throw createNotImplementedError(
"process.openStdin")}assert(){throw createNotImplementedError("process.assert")}binding(){throw createNotImplementedError(
"process.binding")}permission={has:notImplemented("process.permission.has")};report={directory:"",filename:"",signal:"SI\
GUSR2",compact:!1,reportOnFatalError:!1,reportOnSignal:!1,reportOnUncaughtException:!1,getReport:notImplemented("process\
.report.getReport"),writeReport:notImplemented("process.report.writeReport")};finalization={register:notImplemented("pro\
cess.finalization.register"),unregister:notImplemented("process.finalization.unregister"),registerBeforeExit:notImplemented(
"process.finalization.registerBeforeExit")};memoryUsage=Object.assign(()=>({arrayBuffers:0,rss:0,external:0,heapTotal:0,
heapUsed:0}),{rss:()=>0});mainModule=void 0;domain=void 0;send=void 0;exitCode=void 0;channel=void 0;getegid=void 0;geteuid=void 0;getgid=void 0;getgroups=void 0;getuid=void 0;setegid=void 0;seteuid=void 0;setgid=void 0;setgroups=void 0;setuid=void 0;_events=void 0;_eventsCount=void 0;_exiting=void 0;_maxListeners=void 0;_debugEnd=void 0;_debugProcess=void 0;_fatalException=void 0;_getActiveHandles=void 0;_getActiveRequests=void 0;_kill=void 0;_preload_modules=void 0;_rawDebug=void 0;_startProfilerIdleNotifier=void 0;_stopProfilerIdleNotifier=void 0;_tickCallback=void 0;_disconnect=void 0;_handleQueue=void 0;_pendingMessage=void 0;_channel=void 0;_send=void 0;_linkedBinding=void 0}}});var hrtime_exports={};__export(hrtime_exports,{hrtime:()=>hrtime});var hrtime,init_hrtime=__esm({"node_modules/unenv/dis\
t/runtime/node/internal/process/hrtime.mjs"(){hrtime=Object.assign(function(startTime){let now=Date.now(),seconds=Math.trunc(
now/1e3),nanos=now%1e3*1e6;if(startTime){let diffSeconds=seconds-startTime[0],diffNanos=nanos-startTime[0];return diffNanos<
0&&(diffSeconds=diffSeconds-1,diffNanos=1e9+diffNanos),[diffSeconds,diffNanos]}return[seconds,nanos]},{bigint:function(){
return BigInt(Date.now()*1e6)}})}});var require_process=__commonJS({"src/process.js"(exports2,module2){var host=require("worky:host"),NODE_VERSION2="22.23.4",
nextTick=(callback,...args)=>queueMicrotask(()=>callback(...args)),env=new Proxy(host.env,{set(target,key,value){return target[key]=
String(value),!0}});function getBuiltinModule(id){let name=String(id);try{return name.startsWith("node:")?require(name):
require(`node:${name}`)}catch(error){if(error instanceof TypeError&&error.message.startsWith("No such module"))return;throw error}}
function fullProcess(){let{Process:Process2}=(init_process(),__toCommonJS(process_exports)),{hrtime:hrtime3}=(init_hrtime(),__toCommonJS(hrtime_exports)),
process=new Process2({env,hrtime:hrtime3,nextTick}),fixed={version:`v${NODE_VERSION2}`,versions:{node:NODE_VERSION2},release:{
name:"node"},platform:"linux",arch:"x64",argv:["workerd"],argv0:"workerd",title:"workerd",getBuiltinModule};for(let[key,
value]of Object.entries(fixed))Object.defineProperty(process,key,{value,writable:!0,configurable:!0,enumerable:!0});return process.
chdir("/bundle"),process}function exit(code){let error=new Error(`process.exit(${code??""}) called: a worker cannot end \
its isolate; return a Response`);throw error.code="ERR_METHOD_NOT_IMPLEMENTED",error}module2.exports=host.processV2?fullProcess():
{env,nextTick,exit,platform:"linux",getBuiltinModule}}});module.exports=require_process();
})

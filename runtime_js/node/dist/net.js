// node:net, from unenv/node/net (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function mergeFns(...functions){return function(...args){for(let fn of functions)fn(...args)}}function createNotImplementedError(name){
return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){return Object.assign(()=>{throw createNotImplementedError(
name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){throw new Error(`[unen\
v] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var import_node_events,_Readable,Readable,init_readable=__esm({"node_modules/unenv/dist/runtime/node/internal/stream/rea\
dable.mjs"(){init_utils();import_node_events=require("node:events"),_Readable=class __Readable extends import_node_events.EventEmitter{__unenv__=!0;readableEncoding=null;readableEnded=!0;readableFlowing=!1;readableHighWaterMark=0;readableLength=0;readableObjectMode=!1;readableAborted=!1;readableDidRead=!1;closed=!1;errored=null;readable=!1;destroyed=!1;static from(_iterable,options){
return new __Readable(options)}constructor(_opts){super()}_read(_size){}read(_size){}setEncoding(_encoding){return this}pause(){
return this}resume(){return this}isPaused(){return!0}unpipe(_destination){return this}unshift(_chunk,_encoding){}wrap(_oldStream){
return this}push(_chunk,_encoding){return!1}_destroy(_error,_callback){this.removeAllListeners()}destroy(error){return this.
destroyed=!0,this._destroy(error),this}pipe(_destenition,_options){return{}}compose(stream,options){throw new Error("[un\
env] Method not implemented.")}[Symbol.asyncDispose](){return this.destroy(),Promise.resolve()}async*[Symbol.asyncIterator](){
throw createNotImplementedError("Readable.asyncIterator")}iterator(options){throw createNotImplementedError("Readable.it\
erator")}map(fn,options){throw createNotImplementedError("Readable.map")}filter(fn,options){throw createNotImplementedError(
"Readable.filter")}forEach(fn,options){throw createNotImplementedError("Readable.forEach")}reduce(fn,initialValue,options){
throw createNotImplementedError("Readable.reduce")}find(fn,options){throw createNotImplementedError("Readable.find")}findIndex(fn,options){
throw createNotImplementedError("Readable.findIndex")}some(fn,options){throw createNotImplementedError("Readable.some")}toArray(options){
throw createNotImplementedError("Readable.toArray")}every(fn,options){throw createNotImplementedError("Readable.every")}flatMap(fn,options){
throw createNotImplementedError("Readable.flatMap")}drop(limit,options){throw createNotImplementedError("Readable.drop")}take(limit,options){
throw createNotImplementedError("Readable.take")}asIndexedPairs(options){throw createNotImplementedError("Readable.asInd\
exedPairs")}},Readable=globalThis.Readable||_Readable}});var import_node_events2,_Writable,Writable,init_writable=__esm({"node_modules/unenv/dist/runtime/node/internal/stream/wr\
itable.mjs"(){import_node_events2=require("node:events"),_Writable=class extends import_node_events2.EventEmitter{__unenv__=!0;writable=!0;writableEnded=!1;writableFinished=!1;writableHighWaterMark=0;writableLength=0;writableObjectMode=!1;writableCorked=0;closed=!1;errored=null;writableNeedDrain=!1;destroyed=!1;_data;_encoding="\
utf-8";constructor(_opts){super()}pipe(_destenition,_options){return{}}_write(chunk,encoding,callback){if(this.writableEnded){
callback&&callback();return}if(this._data===void 0)this._data=chunk;else{let a=typeof this._data=="string"?Buffer.from(this.
_data,this._encoding||encoding||"utf8"):this._data,b=typeof chunk=="string"?Buffer.from(chunk,encoding||this._encoding||
"utf8"):chunk;this._data=Buffer.concat([a,b])}this._encoding=encoding,callback&&callback()}_writev(_chunks,_callback){}_destroy(_error,_callback){}_final(_callback){}write(chunk,arg2,arg3){
let encoding=typeof arg2=="string"?this._encoding:"utf-8",cb=typeof arg2=="function"?arg2:typeof arg3=="function"?arg3:void 0;
return this._write(chunk,encoding,cb),!0}setDefaultEncoding(_encoding){return this}end(arg1,arg2,arg3){let callback=typeof arg1==
"function"?arg1:typeof arg2=="function"?arg2:typeof arg3=="function"?arg3:void 0;if(this.writableEnded)return callback&&
callback(),this;let data=arg1===callback?void 0:arg1;if(data){let encoding=arg2===callback?void 0:arg2;this.write(data,encoding,
callback)}return this.writableEnded=!0,this.writableFinished=!0,this.emit("close"),this.emit("finish"),this}cork(){}uncork(){}destroy(_error){
return this.destroyed=!0,delete this._data,this.removeAllListeners(),this}compose(stream,options){throw new Error("[h3] \
Method not implemented.")}},Writable=globalThis.Writable||_Writable}});function getDuplex(){return Object.assign(__Duplex.prototype,Readable.prototype),Object.assign(__Duplex.prototype,Writable.
prototype),__Duplex}var __Duplex,_Duplex,Duplex,init_duplex=__esm({"node_modules/unenv/dist/runtime/node/internal/stream\
/duplex.mjs"(){init_utils();init_readable();init_writable();__Duplex=class{allowHalfOpen=!0;_destroy;constructor(readable=new Readable,writable=new Writable){
Object.assign(this,readable),Object.assign(this,writable),this._destroy=mergeFns(readable._destroy,writable._destroy)}};
_Duplex=getDuplex(),Duplex=globalThis.Duplex||_Duplex}});var Socket,SocketAddress,init_socket=__esm({"node_modules/unenv/dist/runtime/node/internal/net/socket.mjs"(){init_duplex();
Socket=class extends Duplex{__unenv__=!0;bufferSize=0;bytesRead=0;bytesWritten=0;connecting=!1;destroyed=!1;pending=!1;localAddress="";localPort=0;remoteAddress="";remoteFamily="";remotePort=0;autoSelectFamilyAttemptedAddresses=[];readyState="\
readOnly";constructor(_options){super()}write(_buffer,_arg1,_arg2){return!1}connect(_arg1,_arg2,_arg3){return this}end(_arg1,_arg2,_arg3){
return this}setEncoding(_encoding){return this}pause(){return this}resume(){return this}setTimeout(_timeout,_callback){return this}setNoDelay(_noDelay){
return this}setKeepAlive(_enable,_initialDelay){return this}address(){return{}}unref(){return this}ref(){return this}destroySoon(){
this.destroy()}resetAndDestroy(){let err=new Error("ERR_SOCKET_CLOSED");return err.code="ERR_SOCKET_CLOSED",this.destroy(
err),this}},SocketAddress=class{__unenv__=!0;address;family;port;flowlabel;static parse(_address,_port){}constructor(options){
this.address=options.address,this.family=options.family,this.port=options.port,this.flowlabel=options.flowlabel}}}});var import_node_events3,Server,init_server=__esm({"node_modules/unenv/dist/runtime/node/internal/net/server.mjs"(){init_utils();
import_node_events3=require("node:events"),Server=class extends import_node_events3.EventEmitter{__unenv__=!0;maxConnections=1;connections=0;listening=!1;constructor(arg1,arg2){
super()}listen(){throw createNotImplementedError("node:net.Server.listen()")}close(callback){throw createNotImplementedError(
"node:net.Server.close()")}address(){return null}getConnections(cb){cb(null,0)}ref(){return this}unref(){return this}[Symbol.
asyncDispose](){return Promise.resolve()}}}});var net_exports={};__export(net_exports,{BlockList:()=>BlockList,Server:()=>Server,Socket:()=>Socket,SocketAddress:()=>SocketAddress,
Stream:()=>Socket,_createServerHandle:()=>_createServerHandle,_normalizeArgs:()=>_normalizeArgs,_setSimultaneousAccepts:()=>_setSimultaneousAccepts,
connect:()=>connect,createConnection:()=>createConnection,createServer:()=>createServer,default:()=>net_default,getDefaultAutoSelectFamily:()=>getDefaultAutoSelectFamily,
getDefaultAutoSelectFamilyAttemptTimeout:()=>getDefaultAutoSelectFamilyAttemptTimeout,isIP:()=>isIP,isIPv4:()=>isIPv4,isIPv6:()=>isIPv6,
setDefaultAutoSelectFamily:()=>setDefaultAutoSelectFamily,setDefaultAutoSelectFamilyAttemptTimeout:()=>setDefaultAutoSelectFamilyAttemptTimeout});
var createServer,BlockList,connect,createConnection,getDefaultAutoSelectFamily,setDefaultAutoSelectFamily,getDefaultAutoSelectFamilyAttemptTimeout,
setDefaultAutoSelectFamilyAttemptTimeout,IPV4Regex,isIPv4,IPV6Regex,isIPv6,isIP,_createServerHandle,_normalizeArgs,_setSimultaneousAccepts,
exports2,net_default,init_net=__esm({"node_modules/unenv/dist/runtime/node/net.mjs"(){init_utils();init_socket();init_server();
init_server();init_socket();createServer=notImplemented("net.createServer"),BlockList=notImplementedClass("net.BlockList"),
connect=notImplemented("net.connect"),createConnection=notImplemented("net.createConnection"),getDefaultAutoSelectFamily=
notImplemented("net.getDefaultAutoSelectFamily"),setDefaultAutoSelectFamily=notImplemented("net.setDefaultAutoSelectFami\
ly"),getDefaultAutoSelectFamilyAttemptTimeout=notImplemented("net.getDefaultAutoSelectFamilyAttemptTimeout"),setDefaultAutoSelectFamilyAttemptTimeout=
notImplemented("net.setDefaultAutoSelectFamilyAttemptTimeout"),IPV4Regex=/^(?:\d{1,3}\.){3}\d{1,3}$/,isIPv4=host=>IPV4Regex.
test(host),IPV6Regex=/^([\dA-Fa-f]{1,4}:){7}[\dA-Fa-f]{1,4}$/,isIPv6=host=>IPV6Regex.test(host),isIP=host=>isIPv4(host)?
4:isIPv6(host)?6:0,_createServerHandle=notImplemented("net._createServerHandle"),_normalizeArgs=notImplemented("net._nor\
malizeArgs"),_setSimultaneousAccepts=notImplemented("net._setSimultaneousAccepts"),exports2={Socket,Stream:Socket,Server,
BlockList,SocketAddress,createServer,connect,createConnection,isIPv4,isIPv6,isIP,getDefaultAutoSelectFamily,getDefaultAutoSelectFamilyAttemptTimeout,
setDefaultAutoSelectFamily,setDefaultAutoSelectFamilyAttemptTimeout,_createServerHandle,_normalizeArgs,_setSimultaneousAccepts},
net_default=exports2}});module.exports=(init_net(),__toCommonJS(net_exports));
})

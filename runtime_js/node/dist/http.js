// node:http, from unenv/node/http (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function rawHeaders(headers){let rawHeaders2=[];for(let key in headers)if(Array.isArray(headers[key]))for(let h of headers[key])
rawHeaders2.push(key,h);else rawHeaders2.push(key,headers[key]);return rawHeaders2}function createNotImplementedError(name){
return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){return Object.assign(()=>{throw createNotImplementedError(
name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){throw new Error(`[unen\
v] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});function _distinct(obj){let d={};for(let[key,value]of Object.entries(obj))key&&(d[key]=(Array.isArray(value)?value:[value]).
filter(Boolean));return d}var import_node_net,import_node_stream,IncomingMessage,init_request=__esm({"node_modules/unenv\
/dist/runtime/node/internal/http/request.mjs"(){import_node_net=require("node:net"),import_node_stream=require("node:stream");
init_utils();IncomingMessage=class extends import_node_stream.Readable{__unenv__={};aborted=!1;httpVersion="1.1";httpVersionMajor=1;httpVersionMinor=1;complete=!0;connection;socket;headers={};trailers={};method="\
GET";url="/";statusCode=200;statusMessage="";closed=!1;errored=null;readable=!1;constructor(socket){super(),this.socket=
this.connection=socket||new import_node_net.Socket}get rawHeaders(){return rawHeaders(this.headers)}get rawTrailers(){return[]}setTimeout(_msecs,_callback){
return this}get headersDistinct(){return _distinct(this.headers)}get trailersDistinct(){return _distinct(this.trailers)}_read(){}}}});var import_node_stream2,ServerResponse,init_response=__esm({"node_modules/unenv/dist/runtime/node/internal/http/response\
.mjs"(){import_node_stream2=require("node:stream"),ServerResponse=class extends import_node_stream2.Writable{__unenv__=!0;statusCode=200;statusMessage="";upgrading=!1;chunkedEncoding=!1;shouldKeepAlive=!1;useChunkedEncodingByDefault=!1;sendDate=!1;finished=!1;headersSent=!1;strictContentLength=!1;connection=null;socket=null;req;_headers={};constructor(req){
super(),this.req=req}assignSocket(socket){socket._httpMessage=this,this.socket=socket,this.connection=socket,this.emit("\
socket",socket),this._flush()}_flush(){this.flushHeaders()}detachSocket(_socket){}writeContinue(_callback){}writeHead(statusCode,arg1,arg2){
statusCode&&(this.statusCode=statusCode),typeof arg1=="string"&&(this.statusMessage=arg1,arg1=void 0);let headers=arg2||
arg1;if(headers&&!Array.isArray(headers))for(let key in headers)this.setHeader(key,headers[key]);return this.headersSent=
!0,this}writeProcessing(){}setTimeout(_msecs,_callback){return this}appendHeader(name,value){name=name.toLowerCase();let current=this.
_headers[name],all=[...Array.isArray(current)?current:[current],...Array.isArray(value)?value:[value]].filter(Boolean);return this.
_headers[name]=all.length>1?all:all[0],this}setHeader(name,value){return this._headers[name.toLowerCase()]=Array.isArray(
value)?[...value]:value,this}setHeaders(headers){for(let[key,value]of headers.entries())this.setHeader(key,value);return this}getHeader(name){
return this._headers[name.toLowerCase()]}getHeaders(){return this._headers}getHeaderNames(){return Object.keys(this._headers)}hasHeader(name){
return name.toLowerCase()in this._headers}removeHeader(name){delete this._headers[name.toLowerCase()]}addTrailers(_headers){}flushHeaders(){}writeEarlyHints(_headers,cb){
typeof cb=="function"&&cb()}}}});var import_node_events,Agent,init_agent=__esm({"node_modules/unenv/dist/runtime/node/internal/http/agent.mjs"(){import_node_events=
require("node:events"),Agent=class extends import_node_events.EventEmitter{__unenv__={};maxFreeSockets=256;maxSockets=1/0;maxTotalSockets=1/0;freeSockets={};sockets={};requests={};options;constructor(opts={}){
super(),this.options=opts}destroy(){}}}});var METHODS,STATUS_CODES,maxHeaderSize,init_constants=__esm({"node_modules/unenv/dist/runtime/node/internal/http/constan\
ts.mjs"(){METHODS=["ACL","BIND","CHECKOUT","CONNECT","COPY","DELETE","GET","HEAD","LINK","LOCK","M-SEARCH","MERGE","MKAC\
TIVITY","MKCALENDAR","MKCOL","MOVE","NOTIFY","OPTIONS","PATCH","POST","PRI","PROPFIND","PROPPATCH","PURGE","PUT","REBIND",
"REPORT","SEARCH","SOURCE","SUBSCRIBE","TRACE","UNBIND","UNLINK","UNLOCK","UNSUBSCRIBE"],STATUS_CODES={100:"Continue",101:"\
Switching Protocols",102:"Processing",103:"Early Hints",200:"OK",201:"Created",202:"Accepted",203:"Non-Authoritative Inf\
ormation",204:"No Content",205:"Reset Content",206:"Partial Content",207:"Multi-Status",208:"Already Reported",226:"IM U\
sed",300:"Multiple Choices",301:"Moved Permanently",302:"Found",303:"See Other",304:"Not Modified",305:"Use Proxy",307:"\
Temporary Redirect",308:"Permanent Redirect",400:"Bad Request",401:"Unauthorized",402:"Payment Required",403:"Forbidden",
404:"Not Found",405:"Method Not Allowed",406:"Not Acceptable",407:"Proxy Authentication Required",408:"Request Timeout",
409:"Conflict",410:"Gone",411:"Length Required",412:"Precondition Failed",413:"Payload Too Large",414:"URI Too Long",415:"\
Unsupported Media Type",416:"Range Not Satisfiable",417:"Expectation Failed",418:"I'm a Teapot",421:"Misdirected Request",
422:"Unprocessable Entity",423:"Locked",424:"Failed Dependency",425:"Too Early",426:"Upgrade Required",428:"Precondition\
 Required",429:"Too Many Requests",431:"Request Header Fields Too Large",451:"Unavailable For Legal Reasons",500:"Intern\
al Server Error",501:"Not Implemented",502:"Bad Gateway",503:"Service Unavailable",504:"Gateway Timeout",505:"HTTP Versi\
on Not Supported",506:"Variant Also Negotiates",507:"Insufficient Storage",508:"Loop Detected",509:"Bandwidth Limit Exce\
eded",510:"Not Extended",511:"Network Authentication Required"},maxHeaderSize=16384}});var http_exports={};__export(http_exports,{Agent:()=>Agent,ClientRequest:()=>ClientRequest,CloseEvent:()=>CloseEvent,IncomingMessage:()=>IncomingMessage,
METHODS:()=>METHODS,MessageEvent:()=>MessageEvent,OutgoingMessage:()=>OutgoingMessage,STATUS_CODES:()=>STATUS_CODES,Server:()=>Server,
ServerResponse:()=>ServerResponse,WebSocket:()=>WebSocket,_connectionListener:()=>_connectionListener,createServer:()=>createServer,
default:()=>http_default,get:()=>get,globalAgent:()=>globalAgent,maxHeaderSize:()=>maxHeaderSize,request:()=>request,setMaxIdleHTTPParsers:()=>setMaxIdleHTTPParsers,
validateHeaderName:()=>validateHeaderName,validateHeaderValue:()=>validateHeaderValue});var createServer,request,get,Server,
OutgoingMessage,ClientRequest,globalAgent,validateHeaderName,validateHeaderValue,setMaxIdleHTTPParsers,_connectionListener,
WebSocket,CloseEvent,MessageEvent,http_default,init_http=__esm({"node_modules/unenv/dist/runtime/node/http.mjs"(){init_utils();
init_request();init_response();init_agent();init_constants();init_request();init_response();init_agent();createServer=notImplemented(
"http.createServer"),request=notImplemented("http.request"),get=notImplemented("http.get"),Server=notImplementedClass("h\
ttp.Server"),OutgoingMessage=notImplementedClass("http.OutgoingMessage"),ClientRequest=notImplementedClass("http.ClientR\
equest"),globalAgent=new Agent,validateHeaderName=notImplemented("http.validateHeaderName"),validateHeaderValue=notImplemented(
"http.validateHeaderValue"),setMaxIdleHTTPParsers=notImplemented("http.setMaxIdleHTTPParsers"),_connectionListener=notImplemented(
"http._connectionListener"),WebSocket=globalThis.WebSocket||notImplementedClass("WebSocket"),CloseEvent=globalThis.CloseEvent||
notImplementedClass("CloseEvent"),MessageEvent=globalThis.MessageEvent||notImplementedClass("MessageEvent"),http_default=
{METHODS,STATUS_CODES,maxHeaderSize,IncomingMessage,ServerResponse,WebSocket,CloseEvent,MessageEvent,createServer,request,
get,Server,OutgoingMessage,ClientRequest,Agent,globalAgent,validateHeaderName,validateHeaderValue,setMaxIdleHTTPParsers,
_connectionListener}}});module.exports=(init_http(),__toCommonJS(http_exports));
})

// node:tls, from unenv/node/tls (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var import_node_net,TLSSocket,init_tls_socket=__esm({"node_modules/unenv/dist/runtime/node/internal/tls/tls-socket.mjs"(){
import_node_net=require("node:net");init_utils();TLSSocket=class extends import_node_net.Socket{authorized=!1;encrypted=!0;alpnProtocol=null;authorizationError=new Error(
"[unenv] TLSSocket.authorizationError is not implemented yet!");exportKeyingMaterial(){throw createNotImplementedError("\
TLSSocket.exportKeyingMaterial")}getCipher(){throw createNotImplementedError("TLSSocket.getCipher")}getPeerCertificate(_detailed){
throw createNotImplementedError("TLSSocket.getPeerCertificate")}getCertificate(){return null}getEphemeralKeyInfo(){return null}getFinished(){}getPeerFinished(){}getProtocol(){
return null}getSession(){}getSharedSigalgs(){return[]}getTLSTicket(){}isSessionReused(){return!1}renegotiate(options,callback){
typeof callback=="function"&&callback(null)}setMaxSendFragment(size){return!1}disableRenegotiation(){}enableTrace(){}getPeerX509Certificate(){}getX509Certificate(){}}}});var import_node_net2,Server,init_server=__esm({"node_modules/unenv/dist/runtime/node/internal/tls/server.mjs"(){init_utils();
import_node_net2=require("node:net"),Server=class extends import_node_net2.Server{constructor(arg1,arg2){super(arg1,arg2)}addContext(hostname,context){}setSecureContext(options){}setTicketKeys(_keys){
throw createNotImplementedError("Server.setTicketKeys")}getTicketKeys(){throw createNotImplementedError("Server.getTicke\
tKeys")}}}});var SecureContext,init_secure_context=__esm({"node_modules/unenv/dist/runtime/node/internal/tls/secure-context.mjs"(){SecureContext=
class{context={}}}});var CLIENT_RENEG_LIMIT,CLIENT_RENEG_WINDOW,DEFAULT_CIPHERS,DEFAULT_ECDH_CURVE,DEFAULT_MIN_VERSION,DEFAULT_MAX_VERSION,init_constants=__esm(
{"node_modules/unenv/dist/runtime/node/internal/tls/constants.mjs"(){CLIENT_RENEG_LIMIT=3,CLIENT_RENEG_WINDOW=600,DEFAULT_CIPHERS=
"",DEFAULT_ECDH_CURVE="auto",DEFAULT_MIN_VERSION="TLSv1.2",DEFAULT_MAX_VERSION="TLSv1.3"}});var tls_exports={};__export(tls_exports,{CLIENT_RENEG_LIMIT:()=>CLIENT_RENEG_LIMIT,CLIENT_RENEG_WINDOW:()=>CLIENT_RENEG_WINDOW,
DEFAULT_CIPHERS:()=>DEFAULT_CIPHERS,DEFAULT_ECDH_CURVE:()=>DEFAULT_ECDH_CURVE,DEFAULT_MAX_VERSION:()=>DEFAULT_MAX_VERSION,
DEFAULT_MIN_VERSION:()=>DEFAULT_MIN_VERSION,SecureContext:()=>SecureContext,Server:()=>Server,TLSSocket:()=>TLSSocket,checkServerIdentity:()=>checkServerIdentity,
connect:()=>connect,convertALPNProtocols:()=>convertALPNProtocols,createSecureContext:()=>createSecureContext,createSecurePair:()=>createSecurePair,
createServer:()=>createServer,default:()=>tls_default,getCiphers:()=>getCiphers,rootCertificates:()=>rootCertificates});
var connect,createServer,checkServerIdentity,convertALPNProtocols,createSecureContext,createSecurePair,getCiphers,rootCertificates,
tls_default,init_tls=__esm({"node_modules/unenv/dist/runtime/node/tls.mjs"(){init_utils();init_tls_socket();init_server();
init_secure_context();init_constants();init_constants();init_tls_socket();init_server();init_secure_context();connect=function(){
return new TLSSocket},createServer=function(){return new Server},checkServerIdentity=notImplemented("tls.checkServerIden\
tity"),convertALPNProtocols=notImplemented("tls.convertALPNProtocols"),createSecureContext=notImplemented("tls.createSec\
ureContext"),createSecurePair=notImplemented("tls.createSecurePair"),getCiphers=notImplemented("tls.getCiphers"),rootCertificates=
[],tls_default={CLIENT_RENEG_LIMIT:3,CLIENT_RENEG_WINDOW:600,DEFAULT_CIPHERS:"",DEFAULT_ECDH_CURVE,DEFAULT_MAX_VERSION,DEFAULT_MIN_VERSION,
SecureContext,Server,TLSSocket,checkServerIdentity,connect,convertALPNProtocols,createSecureContext,createSecurePair,createServer,
getCiphers,rootCertificates}}});module.exports=(init_tls(),__toCommonJS(tls_exports));
})

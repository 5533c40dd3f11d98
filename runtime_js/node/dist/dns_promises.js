// node:dns/promises, from unenv/node/dns/promises (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedAsync(name){let fn=notImplemented(
name);return fn.__promisify__=()=>notImplemented(name+".__promisify__"),fn.native=fn,fn}function notImplementedClass(name){
return class{__unenv__=!0;constructor(){throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm(
{"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var NODATA,FORMERR,SERVFAIL,NOTFOUND,NOTIMP,REFUSED,BADQUERY,BADNAME,BADFAMILY,BADRESP,CONNREFUSED,TIMEOUT,EOF,FILE,NOMEM,
DESTRUCTION,BADSTR,BADFLAGS,NONAME,BADHINTS,NOTINITIALIZED,LOADIPHLPAPI,ADDRGETNETWORKPARAMS,CANCELLED,init_constants=__esm(
{"node_modules/unenv/dist/runtime/node/internal/dns/constants.mjs"(){NODATA="ENODATA",FORMERR="EFORMERR",SERVFAIL="ESERV\
FAIL",NOTFOUND="ENOTFOUND",NOTIMP="ENOTIMP",REFUSED="EREFUSED",BADQUERY="EBADQUERY",BADNAME="EBADNAME",BADFAMILY="EBADFA\
MILY",BADRESP="EBADRESP",CONNREFUSED="ECONNREFUSED",TIMEOUT="ETIMEOUT",EOF="EOF",FILE="EFILE",NOMEM="ENOMEM",DESTRUCTION=
"EDESTRUCTION",BADSTR="EBADSTR",BADFLAGS="EBADFLAGS",NONAME="ENONAME",BADHINTS="EBADHINTS",NOTINITIALIZED="ENOTINITIALIZ\
ED",LOADIPHLPAPI="ELOADIPHLPAPI",ADDRGETNETWORKPARAMS="EADDRGETNETWORKPARAMS",CANCELLED="ECANCELLED"}});var promises_exports={};__export(promises_exports,{ADDRGETNETWORKPARAMS:()=>ADDRGETNETWORKPARAMS,BADFAMILY:()=>BADFAMILY,
BADFLAGS:()=>BADFLAGS,BADHINTS:()=>BADHINTS,BADNAME:()=>BADNAME,BADQUERY:()=>BADQUERY,BADRESP:()=>BADRESP,BADSTR:()=>BADSTR,
CANCELLED:()=>CANCELLED,CONNREFUSED:()=>CONNREFUSED,DESTRUCTION:()=>DESTRUCTION,EOF:()=>EOF,FILE:()=>FILE,FORMERR:()=>FORMERR,
LOADIPHLPAPI:()=>LOADIPHLPAPI,NODATA:()=>NODATA,NOMEM:()=>NOMEM,NONAME:()=>NONAME,NOTFOUND:()=>NOTFOUND,NOTIMP:()=>NOTIMP,
NOTINITIALIZED:()=>NOTINITIALIZED,REFUSED:()=>REFUSED,Resolver:()=>Resolver,SERVFAIL:()=>SERVFAIL,TIMEOUT:()=>TIMEOUT,default:()=>promises_default,
getDefaultResultOrder:()=>getDefaultResultOrder,getServers:()=>getServers,lookup:()=>lookup,lookupService:()=>lookupService,
resolve:()=>resolve,resolve4:()=>resolve4,resolve6:()=>resolve6,resolveAny:()=>resolveAny,resolveCaa:()=>resolveCaa,resolveCname:()=>resolveCname,
resolveMx:()=>resolveMx,resolveNaptr:()=>resolveNaptr,resolveNs:()=>resolveNs,resolvePtr:()=>resolvePtr,resolveSoa:()=>resolveSoa,
resolveSrv:()=>resolveSrv,resolveTxt:()=>resolveTxt,reverse:()=>reverse,setDefaultResultOrder:()=>setDefaultResultOrder,
setServers:()=>setServers});var Resolver,getDefaultResultOrder,getServers,lookup,lookupService,resolve,resolve4,resolve6,
resolveAny,resolveCaa,resolveCname,resolveMx,resolveNaptr,resolveNs,resolvePtr,resolveSoa,resolveSrv,resolveTxt,reverse,
setDefaultResultOrder,setServers,promises_default,init_promises=__esm({"node_modules/unenv/dist/runtime/node/dns/promise\
s.mjs"(){init_noop();init_utils();init_constants();init_constants();Resolver=notImplementedClass("dns.Resolver"),getDefaultResultOrder=
()=>"verbatim",getServers=()=>[],lookup=notImplementedAsync("dns.lookup"),lookupService=notImplementedAsync("dns.lookupS\
ervice"),resolve=notImplementedAsync("dns.resolve"),resolve4=notImplementedAsync("dns.resolve4"),resolve6=notImplementedAsync(
"dns.resolve6"),resolveAny=notImplementedAsync("dns.resolveAny"),resolveCaa=notImplementedAsync("dns.resolveCaa"),resolveCname=
notImplementedAsync("dns.resolveCname"),resolveMx=notImplementedAsync("dns.resolveMx"),resolveNaptr=notImplementedAsync(
"dns.resolveNaptr"),resolveNs=notImplementedAsync("dns.resolveNs"),resolvePtr=notImplementedAsync("dns.resolvePtr"),resolveSoa=
notImplementedAsync("dns.resolveSoa"),resolveSrv=notImplementedAsync("dns.resolveSrv"),resolveTxt=notImplementedAsync("d\
ns.resolveTxt"),reverse=notImplemented("dns.reverse"),setDefaultResultOrder=noop_default,setServers=noop_default,promises_default=
{NODATA,FORMERR,SERVFAIL,NOTFOUND,NOTIMP,REFUSED,BADQUERY,BADNAME,BADFAMILY,BADRESP,CONNREFUSED,TIMEOUT,EOF:"EOF",FILE,NOMEM,
DESTRUCTION,BADSTR,BADFLAGS,NONAME,BADHINTS,NOTINITIALIZED,LOADIPHLPAPI,ADDRGETNETWORKPARAMS,CANCELLED,Resolver,getDefaultResultOrder,
getServers,lookup,lookupService,resolve,resolve4,resolve6,resolveAny,resolveCaa,resolveCname,resolveMx,resolveNaptr,resolveNs,
resolvePtr,resolveSoa,resolveSrv,resolveTxt,reverse,setDefaultResultOrder,setServers}}});module.exports=(init_promises(),__toCommonJS(promises_exports));
})

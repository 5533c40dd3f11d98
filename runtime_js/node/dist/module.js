// node:module, from unenv/node/module (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedClass(name){return class{__unenv__=!0;constructor(){
throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm({"node_modules/unenv/dist/runtime/_int\
ernal/utils.mjs"(){}});var module_exports={};__export(module_exports,{Module:()=>Module,SourceMap:()=>SourceMap,_cache:()=>_cache,_debug:()=>_debug,
_extensions:()=>_extensions,_findPath:()=>_findPath,_initPaths:()=>_initPaths,_load:()=>_load,_nodeModulePaths:()=>_nodeModulePaths,
_pathCache:()=>_pathCache,_preloadModules:()=>_preloadModules,_readPackage:()=>_readPackage,_resolveFilename:()=>_resolveFilename,
_resolveLookupPaths:()=>_resolveLookupPaths,_stat:()=>_stat,builtinModules:()=>builtinModules,constants:()=>constants,createRequire:()=>createRequire,
default:()=>module_default,enableCompileCache:()=>enableCompileCache,findPackageJSON:()=>findPackageJSON,findSourceMap:()=>findSourceMap,
flushCompileCache:()=>flushCompileCache,getCompileCacheDir:()=>getCompileCacheDir,getSourceMapsSupport:()=>getSourceMapsSupport,
globalPaths:()=>globalPaths,isBuiltin:()=>isBuiltin,register:()=>register,runMain:()=>runMain,setSourceMapsSupport:()=>setSourceMapsSupport,
stripTypeScriptTypes:()=>stripTypeScriptTypes,syncBuiltinESMExports:()=>syncBuiltinESMExports,wrap:()=>wrap,wrapper:()=>wrapper});
var _cache,_extensions,createRequire,getCompileCacheDir,enableCompileCache,constants,builtinModules,isBuiltin,runMain,register,
syncBuiltinESMExports,findSourceMap,flushCompileCache,wrap,wrapper,stripTypeScriptTypes,SourceMap,_debug,_findPath,_initPaths,
_load,_nodeModulePaths,_preloadModules,_resolveFilename,_resolveLookupPaths,_stat,_readPackage,findPackageJSON,getSourceMapsSupport,
setSourceMapsSupport,_pathCache,globalPaths,Module,module_default,init_module=__esm({"node_modules/unenv/dist/runtime/no\
de/module.mjs"(){init_utils();_cache=Object.create(null),_extensions={".js":notImplemented("module.require.extensions['.\
js']"),".json":notImplemented("module.require.extensions['.json']"),".node":notImplemented("module.require.extensions['.\
node']")},createRequire=function(_filename){return Object.assign(notImplemented("module.require"),{resolve:Object.assign(
notImplemented("module.require.resolve"),{paths:notImplemented("module.require.resolve.paths")}),cache:Object.create(null),
extensions:_extensions,main:void 0})},getCompileCacheDir=function(){},enableCompileCache=function(_cacheDir){return{status:0,
message:"not implemented"}},constants=Object.freeze({compileCacheStatus:Object.freeze({FAILED:0,ENABLED:1,ALREADY_ENABLED:2,
DISABLED:3})}),builtinModules=["_http_agent","_http_client","_http_common","_http_incoming","_http_outgoing","_http_serv\
er","_stream_duplex","_stream_passthrough","_stream_readable","_stream_transform","_stream_wrap","_stream_writable","_tl\
s_common","_tls_wrap","assert","assert/strict","async_hooks","buffer","child_process","cluster","console","constants","c\
rypto","dgram","diagnostics_channel","dns","dns/promises","domain","events","fs","fs/promises","http","http2","https","i\
nspector","inspector/promises","module","net","os","path","path/posix","path/win32","perf_hooks","process","punycode","q\
uerystring","readline","readline/promises","repl","stream","stream/consumers","stream/promises","stream/web","string_dec\
oder","sys","timers","timers/promises","tls","trace_events","tty","url","util","util/types","v8","vm","wasi","worker_thr\
eads","zlib"],isBuiltin=function(id){return id.startsWith("node:")||builtinModules.includes(id)},runMain=notImplemented(
"module.runMain"),register=notImplemented("module.register"),syncBuiltinESMExports=function(){return[]},findSourceMap=function(path,error){},
flushCompileCache=function(){},wrap=function(source){return`(function (exports, require, module, __filename, __dirname) \
{ ${source}
});`},wrapper=["(function (exports, require, module, __filename, __dirname) { ",`
});`],stripTypeScriptTypes=notImplemented("module.stripTypeScriptTypes"),SourceMap=notImplementedClass("module.SourceMap"),
_debug=console.debug,_findPath=notImplemented("module._findPath"),_initPaths=notImplemented("module._initPaths"),_load=notImplemented(
"module._load"),_nodeModulePaths=notImplemented("module._nodeModulePaths"),_preloadModules=notImplemented("module._prelo\
adModules"),_resolveFilename=notImplemented("module._resolveFilename"),_resolveLookupPaths=notImplemented("module._resol\
veLookupPaths"),_stat=notImplemented("module._stat"),_readPackage=notImplemented("module._readPackage"),findPackageJSON=
notImplemented("module.findPackageJSON"),getSourceMapsSupport=notImplemented("module.getSourceMapsSupport"),setSourceMapsSupport=
notImplemented("module.setSourceMapsSupport"),_pathCache=Object.create(null),globalPaths=["node_modules"],Module={get Module(){
return Module},SourceMap,_cache,_extensions,_debug,_pathCache,_findPath,_initPaths,_load,_nodeModulePaths,_preloadModules,
_resolveFilename,_resolveLookupPaths,_stat,_readPackage,builtinModules,constants,createRequire,enableCompileCache,findSourceMap,
getCompileCacheDir,globalPaths,isBuiltin,register,runMain,syncBuiltinESMExports,wrap,wrapper,flushCompileCache,stripTypeScriptTypes,
findPackageJSON,getSourceMapsSupport,setSourceMapsSupport},module_default=Module}});module.exports=(init_module(),__toCommonJS(module_exports));
})

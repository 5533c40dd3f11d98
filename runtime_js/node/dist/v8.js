// node:v8, from unenv/node/v8 (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});var Deserializer,DefaultDeserializer,init_deserializer=__esm({"node_modules/unenv/dist/runtime/node/internal/v8/deserial\
izer.mjs"(){Deserializer=class{readHeader(){return!1}readValue(){}transferArrayBuffer(id,arrayBuffer){}getWireFormatVersion(){
return 0}readUint32(){return 0}readUint64(){return[0,0]}readDouble(){return 0}readRawBytes(length){return Buffer.from("")}},
DefaultDeserializer=class extends Deserializer{}}});var Serializer,DefaultSerializer,init_serializer=__esm({"node_modules/unenv/dist/runtime/node/internal/v8/serializer.mjs"(){
Serializer=class{writeHeader(){}writeValue(val){return!1}releaseBuffer(){return Buffer.from("")}transferArrayBuffer(id,arrayBuffer){}writeDouble(value){}writeUint32(value){}writeUint64(hi,lo){}writeRawBytes(buffer){}},
DefaultSerializer=class extends Serializer{}}});var GCProfiler,init_profiler=__esm({"node_modules/unenv/dist/runtime/node/internal/v8/profiler.mjs"(){GCProfiler=class{start(){}stop(){
return{version:1,startTime:0,endTime:0,statistics:[]}}}}});var v8_exports={};__export(v8_exports,{DefaultDeserializer:()=>DefaultDeserializer,DefaultSerializer:()=>DefaultSerializer,
Deserializer:()=>Deserializer,GCProfiler:()=>GCProfiler,Serializer:()=>Serializer,cachedDataVersionTag:()=>cachedDataVersionTag,
default:()=>v8_default,deserialize:()=>deserialize,getHeapCodeStatistics:()=>getHeapCodeStatistics,getHeapSnapshot:()=>getHeapSnapshot,
getHeapSpaceStatistics:()=>getHeapSpaceStatistics,getHeapStatistics:()=>getHeapStatistics,promiseHooks:()=>promiseHooks,
queryObjects:()=>queryObjects,serialize:()=>serialize,setFlagsFromString:()=>setFlagsFromString,setHeapSnapshotNearHeapLimit:()=>setHeapSnapshotNearHeapLimit,
startupSnapshot:()=>startupSnapshot,stopCoverage:()=>stopCoverage,takeCoverage:()=>takeCoverage,writeHeapSnapshot:()=>writeHeapSnapshot});
function queryObjects(_ctor,options){return options?.format==="count"?0:[]}var import_node_stream,getMockHeapSpaceStats,
cachedDataVersionTag,deserialize,getHeapCodeStatistics,getHeapSpaceStatistics,getHeapStatistics,getHeapSnapshot,promiseHooks,
serialize,setFlagsFromString,setHeapSnapshotNearHeapLimit,startupSnapshot,stopCoverage,takeCoverage,writeHeapSnapshot,v8_default,
init_v8=__esm({"node_modules/unenv/dist/runtime/node/v8.mjs"(){init_noop();import_node_stream=require("node:stream");init_deserializer();
init_serializer();init_profiler();init_deserializer();init_serializer();init_profiler();getMockHeapSpaceStats=name=>({space_name:name,
space_size:0,space_used_size:0,space_available_size:0,physical_space_size:0}),cachedDataVersionTag=()=>0,deserialize=noop_default,
getHeapCodeStatistics=()=>({code_and_metadata_size:0,bytecode_and_metadata_size:0,external_script_source_size:0,cpu_profiler_metadata_size:0}),
getHeapSpaceStatistics=()=>["read_only_space","new_space","old_space","code_space","map_space","large_object_space","cod\
e_large_object_space","new_large_object_space"].map(space=>getMockHeapSpaceStats(space)),getHeapStatistics=()=>({total_heap_size:0,
total_heap_size_executable:0,total_physical_size:0,total_available_size:0,used_heap_size:0,heap_size_limit:0,malloced_memory:0,
peak_malloced_memory:0,does_zap_garbage:0,number_of_native_contexts:0,number_of_detached_contexts:0,total_global_handles_size:0,
used_global_handles_size:0,external_memory:0}),getHeapSnapshot=()=>import_node_stream.Readable.from(`{
    snapshot: {},
    nodes: [],
    edges: [],
    trace_function_infos: [],
    trace_tree: [],
    samples: [],
    locations: [],
    strings: [],
  }`),promiseHooks={onInit:()=>noop_default,onSettled:()=>noop_default,onBefore:()=>noop_default,onAfter:()=>noop_default,
createHook:()=>noop_default},serialize=value=>Buffer.from(value),setFlagsFromString=noop_default,setHeapSnapshotNearHeapLimit=
noop_default,startupSnapshot={addDeserializeCallback:noop_default,addSerializeCallback:noop_default,setDeserializeMainFunction:noop_default,
isBuildingSnapshot:()=>!1},stopCoverage=noop_default,takeCoverage=noop_default,writeHeapSnapshot=()=>"";v8_default={DefaultDeserializer,
Deserializer,GCProfiler,DefaultSerializer,Serializer,cachedDataVersionTag,deserialize,getHeapCodeStatistics,getHeapSnapshot,
getHeapSpaceStatistics,getHeapStatistics,promiseHooks,serialize,setFlagsFromString,setHeapSnapshotNearHeapLimit,startupSnapshot,
stopCoverage,takeCoverage,writeHeapSnapshot,queryObjects}}});module.exports=(init_v8(),__toCommonJS(v8_exports));
})

// node:perf_hooks, from unenv/node/perf_hooks (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}var init_utils=__esm(
{"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var Histogram,IntervalHistogram,RecordableHistogram,init_histogram=__esm({"node_modules/unenv/dist/runtime/node/internal\
/perf_hooks/histogram.mjs"(){init_utils();Histogram=class{min=9223372036854776e3;max=0;mean=Number.NaN;exceeds=0;stddev=Number.
NaN;count=0;countBigInt=BigInt(0);exceedsBigInt=BigInt(0);maxBigInt=0;minBigInt=9223372036854775807n;percentiles=new Map;percentilesBigInt=new Map;percentileBigInt(_percentile){
throw createNotImplementedError("Histogram.percentileBigInt")}percentile(percentile){return this.percentiles.get(percentile)??
Number.NaN}reset(){throw createNotImplementedError("Histogram.reset")}},IntervalHistogram=class extends Histogram{enable(){
return!0}disable(){return!0}},RecordableHistogram=class extends Histogram{record(val){throw createNotImplementedError("R\
ecordableHistogram.record")}recordDelta(){throw createNotImplementedError("RecordableHistogram.recordDelta")}add(other){
throw createNotImplementedError("RecordableHistogram.add")}}}});var _timeOrigin,_performanceNow,nodeTiming,PerformanceEntry,PerformanceMark,PerformanceMeasure,PerformanceResourceTiming,
PerformanceObserverEntryList,Performance,PerformanceObserver,performance,init_performance=__esm({"node_modules/unenv/dis\
t/runtime/node/internal/perf_hooks/performance.mjs"(){init_utils();_timeOrigin=globalThis.performance?.timeOrigin??Date.
now(),_performanceNow=globalThis.performance?.now?globalThis.performance.now.bind(globalThis.performance):()=>Date.now()-
_timeOrigin,nodeTiming={name:"node",entryType:"node",startTime:0,duration:0,nodeStart:0,v8Start:0,bootstrapComplete:0,environment:0,
loopStart:0,loopExit:0,idleTime:0,uvMetricsInfo:{loopCount:0,events:0,eventsWaiting:0},detail:void 0,toJSON(){return this}},
PerformanceEntry=class{__unenv__=!0;detail;entryType="event";name;startTime;constructor(name,options){this.name=name,this.
startTime=options?.startTime||_performanceNow(),this.detail=options?.detail}get duration(){return _performanceNow()-this.
startTime}toJSON(){return{name:this.name,entryType:this.entryType,startTime:this.startTime,duration:this.duration,detail:this.
detail}}},PerformanceMark=class extends PerformanceEntry{entryType="mark";constructor(){super(...arguments)}get duration(){
return 0}},PerformanceMeasure=class extends PerformanceEntry{entryType="measure"},PerformanceResourceTiming=class extends PerformanceEntry{entryType="\
resource";serverTiming=[];connectEnd=0;connectStart=0;decodedBodySize=0;domainLookupEnd=0;domainLookupStart=0;encodedBodySize=0;fetchStart=0;initiatorType="";name="";nextHopProtocol="";redirectEnd=0;redirectStart=0;requestStart=0;responseEnd=0;responseStart=0;secureConnectionStart=0;startTime=0;transferSize=0;workerStart=0;responseStatus=0},
PerformanceObserverEntryList=class{__unenv__=!0;getEntries(){return[]}getEntriesByName(_name,_type){return[]}getEntriesByType(type){
return[]}},Performance=class{__unenv__=!0;timeOrigin=_timeOrigin;eventCounts=new Map;_entries=[];_resourceTimingBufferSize=0;navigation=void 0;timing=void 0;timerify(_fn,_options){
throw createNotImplementedError("Performance.timerify")}get nodeTiming(){return nodeTiming}eventLoopUtilization(){return{}}markResourceTiming(){
return new PerformanceResourceTiming("")}onresourcetimingbufferfull=null;now(){return this.timeOrigin===_timeOrigin?_performanceNow():
Date.now()-this.timeOrigin}clearMarks(markName){this._entries=markName?this._entries.filter(e=>e.name!==markName):this._entries.
filter(e=>e.entryType!=="mark")}clearMeasures(measureName){this._entries=measureName?this._entries.filter(e=>e.name!==measureName):
this._entries.filter(e=>e.entryType!=="measure")}clearResourceTimings(){this._entries=this._entries.filter(e=>e.entryType!==
"resource"||e.entryType!=="navigation")}getEntries(){return this._entries}getEntriesByName(name,type){return this._entries.
filter(e=>e.name===name&&(!type||e.entryType===type))}getEntriesByType(type){return this._entries.filter(e=>e.entryType===
type)}mark(name,options){let entry=new PerformanceMark(name,options);return this._entries.push(entry),entry}measure(measureName,startOrMeasureOptions,endMark){
let start,end;typeof startOrMeasureOptions=="string"?(start=this.getEntriesByName(startOrMeasureOptions,"mark")[0]?.startTime,
end=this.getEntriesByName(endMark,"mark")[0]?.startTime):(start=Number.parseFloat(startOrMeasureOptions?.start)||this.now(),
end=Number.parseFloat(startOrMeasureOptions?.end)||this.now());let entry=new PerformanceMeasure(measureName,{startTime:start,
detail:{start,end}});return this._entries.push(entry),entry}setResourceTimingBufferSize(maxSize){this._resourceTimingBufferSize=
maxSize}addEventListener(type,listener,options){throw createNotImplementedError("Performance.addEventListener")}removeEventListener(type,listener,options){
throw createNotImplementedError("Performance.removeEventListener")}dispatchEvent(event){throw createNotImplementedError(
"Performance.dispatchEvent")}toJSON(){return this}},PerformanceObserver=class{__unenv__=!0;static supportedEntryTypes=[];_callback=null;constructor(callback){
this._callback=callback}takeRecords(){return[]}disconnect(){throw createNotImplementedError("PerformanceObserver.disconn\
ect")}observe(options){throw createNotImplementedError("PerformanceObserver.observe")}bind(fn){return fn}runInAsyncScope(fn,thisArg,...args){
return fn.call(thisArg,...args)}asyncId(){return 0}triggerAsyncId(){return 0}emitDestroy(){return this}},performance=globalThis.
performance&&"addEventListener"in globalThis.performance?globalThis.performance:new Performance}});var perf_hooks_exports={};__export(perf_hooks_exports,{Performance:()=>Performance,PerformanceEntry:()=>PerformanceEntry,
PerformanceMark:()=>PerformanceMark,PerformanceMeasure:()=>PerformanceMeasure,PerformanceObserver:()=>PerformanceObserver,
PerformanceObserverEntryList:()=>PerformanceObserverEntryList,PerformanceResourceTiming:()=>PerformanceResourceTiming,constants:()=>constants,
createHistogram:()=>createHistogram,default:()=>perf_hooks_default,monitorEventLoopDelay:()=>monitorEventLoopDelay,performance:()=>performance});
var constants,monitorEventLoopDelay,createHistogram,perf_hooks_default,init_perf_hooks=__esm({"node_modules/unenv/dist/r\
untime/node/perf_hooks.mjs"(){init_histogram();init_performance();init_performance();constants={NODE_PERFORMANCE_GC_MAJOR:4,
NODE_PERFORMANCE_GC_MINOR:1,NODE_PERFORMANCE_GC_INCREMENTAL:8,NODE_PERFORMANCE_GC_WEAKCB:16,NODE_PERFORMANCE_GC_FLAGS_NO:0,
NODE_PERFORMANCE_GC_FLAGS_CONSTRUCT_RETAINED:2,NODE_PERFORMANCE_GC_FLAGS_FORCED:4,NODE_PERFORMANCE_GC_FLAGS_SYNCHRONOUS_PHANTOM_PROCESSING:8,
NODE_PERFORMANCE_GC_FLAGS_ALL_AVAILABLE_GARBAGE:16,NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY:32,NODE_PERFORMANCE_GC_FLAGS_SCHEDULE_IDLE:64,
NODE_PERFORMANCE_ENTRY_TYPE_GC:0,NODE_PERFORMANCE_ENTRY_TYPE_HTTP:1,NODE_PERFORMANCE_ENTRY_TYPE_HTTP2:2,NODE_PERFORMANCE_ENTRY_TYPE_NET:3,
NODE_PERFORMANCE_ENTRY_TYPE_DNS:4,NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN_TIMESTAMP:0,NODE_PERFORMANCE_MILESTONE_TIME_ORIGIN:1,
NODE_PERFORMANCE_MILESTONE_ENVIRONMENT:2,NODE_PERFORMANCE_MILESTONE_NODE_START:3,NODE_PERFORMANCE_MILESTONE_V8_START:4,NODE_PERFORMANCE_MILESTONE_LOOP_START:5,
NODE_PERFORMANCE_MILESTONE_LOOP_EXIT:6,NODE_PERFORMANCE_MILESTONE_BOOTSTRAP_COMPLETE:7},monitorEventLoopDelay=function(_options){
return new IntervalHistogram},createHistogram=function(_options){return new RecordableHistogram},perf_hooks_default={Performance,
PerformanceMark,PerformanceEntry,PerformanceMeasure,PerformanceObserverEntryList,PerformanceObserver,PerformanceResourceTiming,
performance,constants,createHistogram,monitorEventLoopDelay}}});module.exports=(init_perf_hooks(),__toCommonJS(perf_hooks_exports));
})

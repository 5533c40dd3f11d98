// node:events, from src/events.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var require_events=__commonJS({"node_modules/events/events.js"(exports2,module2){"use strict";var R=typeof Reflect=="obj\
ect"?Reflect:null,ReflectApply=R&&typeof R.apply=="function"?R.apply:function(target,receiver,args){return Function.prototype.
apply.call(target,receiver,args)},ReflectOwnKeys;R&&typeof R.ownKeys=="function"?ReflectOwnKeys=R.ownKeys:Object.getOwnPropertySymbols?
ReflectOwnKeys=function(target){return Object.getOwnPropertyNames(target).concat(Object.getOwnPropertySymbols(target))}:
ReflectOwnKeys=function(target){return Object.getOwnPropertyNames(target)};function ProcessEmitWarning(warning){console&&
console.warn&&console.warn(warning)}var NumberIsNaN=Number.isNaN||function(value){return value!==value};function EventEmitter(){
EventEmitter.init.call(this)}module2.exports=EventEmitter;module2.exports.once=once3;EventEmitter.EventEmitter=EventEmitter;
EventEmitter.prototype._events=void 0;EventEmitter.prototype._eventsCount=0;EventEmitter.prototype._maxListeners=void 0;
var defaultMaxListeners3=10;function checkListener(listener){if(typeof listener!="function")throw new TypeError('The "li\
stener" argument must be of type Function. Received type '+typeof listener)}Object.defineProperty(EventEmitter,"defaultM\
axListeners",{enumerable:!0,get:function(){return defaultMaxListeners3},set:function(arg){if(typeof arg!="number"||arg<0||
NumberIsNaN(arg))throw new RangeError('The value of "defaultMaxListeners" is out of range. It must be a non-negative num\
ber. Received '+arg+".");defaultMaxListeners3=arg}});EventEmitter.init=function(){(this._events===void 0||this._events===
Object.getPrototypeOf(this)._events)&&(this._events=Object.create(null),this._eventsCount=0),this._maxListeners=this._maxListeners||
void 0};EventEmitter.prototype.setMaxListeners=function(n){if(typeof n!="number"||n<0||NumberIsNaN(n))throw new RangeError(
'The value of "n" is out of range. It must be a non-negative number. Received '+n+".");return this._maxListeners=n,this};
function _getMaxListeners2(that){return that._maxListeners===void 0?EventEmitter.defaultMaxListeners:that._maxListeners}
EventEmitter.prototype.getMaxListeners=function(){return _getMaxListeners2(this)};EventEmitter.prototype.emit=function(type){
for(var args=[],i=1;i<arguments.length;i++)args.push(arguments[i]);var doError=type==="error";doError&&this._events!==void 0&&
this._events[Symbol.for("events.errorMonitor")]!==void 0&&this.emit.apply(this,[Symbol.for("events.errorMonitor")].concat(
args));var events=this._events;if(events!==void 0)doError=doError&&events.error===void 0;else if(!doError)return!1;if(doError){
var er;if(args.length>0&&(er=args[0]),er instanceof Error)throw er;var err=new Error("Unhandled error. ("+require("node:util").
inspect(er)+")");throw err.code="ERR_UNHANDLED_ERROR",err.context=er,err}var handler=events[type];if(handler===void 0)return!1;
if(typeof handler=="function")ReflectApply(handler,this,args);else for(var len=handler.length,listeners=arrayClone2(handler,
len),i=0;i<len;++i)ReflectApply(listeners[i],this,args);return!0};function _addListener2(target,type,listener,prepend){var m,
events,existing;if(checkListener(listener),events=target._events,events===void 0?(events=target._events=Object.create(null),
target._eventsCount=0):(events.newListener!==void 0&&(target.emit("newListener",type,listener.listener?listener.listener:
listener),events=target._events),existing=events[type]),existing===void 0)existing=events[type]=listener,++target._eventsCount;else if(typeof existing==
"function"?existing=events[type]=prepend?[listener,existing]:[existing,listener]:prepend?existing.unshift(listener):existing.
push(listener),m=_getMaxListeners2(target),m>0&&existing.length>m&&!existing.warned){existing.warned=!0;var w=new Error(
"Possible EventEmitter memory leak detected. "+existing.length+" "+String(type)+" listeners added. Use emitter.setMaxLis\
teners() to increase limit");w.name="MaxListenersExceededWarning",w.emitter=target,w.type=type,w.count=existing.length,ProcessEmitWarning(
w)}return target}EventEmitter.prototype.addListener=function(type,listener){return _addListener2(this,type,listener,!1)};
EventEmitter.prototype.on=EventEmitter.prototype.addListener;EventEmitter.prototype.prependListener=function(type,listener){
return _addListener2(this,type,listener,!0)};function onceWrapper2(){if(!this.fired)return this.target.removeListener(this.
type,this.wrapFn),this.fired=!0,arguments.length===0?this.listener.call(this.target):this.listener.apply(this.target,arguments)}
function _onceWrap2(target,type,listener){var state={fired:!1,wrapFn:void 0,target,type,listener},wrapped=onceWrapper2.bind(
state);return wrapped.listener=listener,state.wrapFn=wrapped,wrapped}EventEmitter.prototype.once=function(type,listener){
return checkListener(listener),this.on(type,_onceWrap2(this,type,listener)),this};EventEmitter.prototype.prependOnceListener=
function(type,listener){return checkListener(listener),this.prependListener(type,_onceWrap2(this,type,listener)),this};EventEmitter.
prototype.removeListener=function(type,listener){var list,events,position,i,originalListener;if(checkListener(listener),
events=this._events,events===void 0)return this;if(list=events[type],list===void 0)return this;if(list===listener||list.
listener===listener)--this._eventsCount===0?this._events=Object.create(null):(delete events[type],events.removeListener&&
this.emit("removeListener",type,list.listener||listener));else if(typeof list!="function"){for(position=-1,i=list.length-
1;i>=0;i--)if(list[i]===listener||list[i].listener===listener){originalListener=list[i].listener,position=i;break}if(position<
0)return this;position===0?list.shift():spliceOne2(list,position),list.length===1&&(events[type]=list[0]),events.removeListener!==
void 0&&this.emit("removeListener",type,originalListener||listener)}return this};EventEmitter.prototype.off=EventEmitter.
prototype.removeListener;EventEmitter.prototype.removeAllListeners=function(type){var listeners,events,i;if(events=this.
_events,events===void 0)return this;if(events.removeListener===void 0)return arguments.length===0?(this._events=Object.create(
null),this._eventsCount=0):events[type]!==void 0&&(--this._eventsCount===0?this._events=Object.create(null):delete events[type]),
this;if(arguments.length===0){var keys=Object.keys(events),key;for(i=0;i<keys.length;++i)key=keys[i],key!=="removeListen\
er"&&this.removeAllListeners(key);return this.removeAllListeners("removeListener"),this._events=Object.create(null),this.
_eventsCount=0,this}if(listeners=events[type],typeof listeners=="function")this.removeListener(type,listeners);else if(listeners!==
void 0)for(i=listeners.length-1;i>=0;i--)this.removeListener(type,listeners[i]);return this};function _listeners2(target,type,unwrap){
var events=target._events;if(events===void 0)return[];var evlistener=events[type];return evlistener===void 0?[]:typeof evlistener==
"function"?unwrap?[evlistener.listener||evlistener]:[evlistener]:unwrap?unwrapListeners2(evlistener):arrayClone2(evlistener,
evlistener.length)}EventEmitter.prototype.listeners=function(type){return _listeners2(this,type,!0)};EventEmitter.prototype.
rawListeners=function(type){return _listeners2(this,type,!1)};EventEmitter.listenerCount=function(emitter,type){return typeof emitter.
listenerCount=="function"?emitter.listenerCount(type):listenerCount2.call(emitter,type)};EventEmitter.prototype.listenerCount=
listenerCount2;function listenerCount2(type){var events=this._events;if(events!==void 0){var evlistener=events[type];if(typeof evlistener==
"function")return 1;if(evlistener!==void 0)return evlistener.length}return 0}EventEmitter.prototype.eventNames=function(){
return this._eventsCount>0?ReflectOwnKeys(this._events):[]};function arrayClone2(arr,n){for(var copy=new Array(n),i=0;i<
n;++i)copy[i]=arr[i];return copy}function spliceOne2(list,index){for(;index+1<list.length;index++)list[index]=list[index+
1];list.pop()}function unwrapListeners2(arr){for(var ret=new Array(arr.length),i=0;i<ret.length;++i)ret[i]=arr[i].listener||
arr[i];return ret}function once3(emitter,name){return new Promise(function(resolve,reject){function errorListener(err){emitter.
removeListener(name,resolver),reject(err)}function resolver(){typeof emitter.removeListener=="function"&&emitter.removeListener(
"error",errorListener),resolve([].slice.call(arguments))}eventTargetAgnosticAddListener2(emitter,name,resolver,{once:!0}),
name!=="error"&&addErrorHandlerIfEventEmitter(emitter,errorListener,{once:!0})})}function addErrorHandlerIfEventEmitter(emitter,handler,flags){
typeof emitter.on=="function"&&eventTargetAgnosticAddListener2(emitter,"error",handler,flags)}function eventTargetAgnosticAddListener2(emitter,name,listener,flags){
if(typeof emitter.on=="function")flags.once?emitter.once(name,listener):emitter.on(name,listener);else if(typeof emitter.
addEventListener=="function")emitter.addEventListener(name,function wrapListener(arg){flags.once&&emitter.removeEventListener(
name,wrapListener),listener(arg)});else throw new TypeError('The "emitter" argument must be of type EventEmitter. Receiv\
ed type '+typeof emitter)}}});function isEventTarget(emitter){return typeof emitter?.addEventListener=="function"}function addCatch(that,promise,type,args){
if(that[kCapture])try{let then=promise.then;typeof then=="function"&&then.call(promise,void 0,function(err){setTimeout(emitUnhandledRejectionOrErr,
0,that,err,type,args)})}catch(error_){that.emit("error",error_)}}function emitUnhandledRejectionOrErr(ee,err,type,args){
if(typeof ee[kRejection]=="function")ee[kRejection](err,type,...args);else{let prev=ee[kCapture];try{ee[kCapture]=!1,ee.
emit("error",err)}finally{ee[kCapture]=prev}}}function _getMaxListeners(that){return that._maxListeners===void 0?defaultMaxListeners:
that._maxListeners}function enhanceStackTrace(err,own){let ctorInfo="";try{let{name}=this.constructor;name!=="EventEmitt\
er"&&(ctorInfo=` on ${name} instance`)}catch{}let sep=`
Emitted 'error' event${ctorInfo} at:
`,ownStack=(own.stack||"").split(`
`).slice(1);return err.stack+sep+ownStack.join(`
`)}function _addListener(target,type,listener,prepend){let m,events,existing;if(events=target._events,events===void 0?(events=
target._events={__proto__:null},target._eventsCount=0):(events.newListener!==void 0&&(target.emit("newListener",type,listener.
listener??listener),events=target._events),existing=events[type]),existing===void 0)events[type]=listener,++target._eventsCount;else if(typeof existing==
"function"?existing=events[type]=prepend?[listener,existing]:[existing,listener]:prepend?existing.unshift(listener):existing.
push(listener),m=_getMaxListeners(target),m>0&&existing.length>m&&!existing.warned){existing.warned=!0;let w=new genericNodeError(
`Possible EventEmitter memory leak detected. ${existing.length} ${String(type)} listeners added to ${inspect(target,{depth:-1})}\
. MaxListeners is ${m}. Use emitter.setMaxListeners() to increase limit`,{name:"MaxListenersExceededWarning",emitter:target,
type,count:existing.length});console.warn(w)}return target}function onceWrapper(){if(!this.fired)return this.target.removeListener(
this.type,this.wrapFn),this.fired=!0,arguments.length===0?this.listener.call(this.target):this.listener.apply(this.target,
arguments)}function _onceWrap(target,type,listener){let state={fired:!1,wrapFn:void 0,target,type,listener},wrapped=onceWrapper.
bind(state);return wrapped.listener=listener,state.wrapFn=wrapped,wrapped}function _listeners(target,type,unwrap){let events=target.
_events;if(events===void 0)return[];let evlistener=events[type];return evlistener===void 0?[]:typeof evlistener=="functi\
on"?unwrap?[evlistener.listener||evlistener]:[evlistener]:unwrap?unwrapListeners(evlistener):arrayClone(evlistener)}function arrayClone(arr){
switch(arr.length){case 2:return[arr[0],arr[1]];case 3:return[arr[0],arr[1],arr[2]];case 4:return[arr[0],arr[1],arr[2],arr[3]];case 5:
return[arr[0],arr[1],arr[2],arr[3],arr[4]];case 6:return[arr[0],arr[1],arr[2],arr[3],arr[4],arr[5]]}return Array.prototype.
slice.call(arr)}function unwrapListeners(arr){let ret=arrayClone(arr);for(let i=0;i<ret.length;++i){let orig=ret[i].listener;
typeof orig=="function"&&(ret[i]=orig)}return ret}function createIterResult(value,done){return{value,done}}function eventTargetAgnosticRemoveListener(emitter,name,listener,flags){
if(typeof emitter.removeListener=="function")emitter.removeListener(name,listener);else if(typeof emitter.removeEventListener==
"function")emitter.removeEventListener(name,listener,flags);else throw new ERR_INVALID_ARG_TYPE("emitter","EventEmitter",
emitter)}function eventTargetAgnosticAddListener(emitter,name,listener,flags){if(typeof emitter.on=="function")flags?.once?
emitter.once(name,listener):emitter.on(name,listener);else if(typeof emitter.addEventListener=="function")emitter.addEventListener(
name,listener,flags);else throw new ERR_INVALID_ARG_TYPE("emitter","EventEmitter",emitter)}function listenersController(){
let listeners=[];return{addEventListener(emitter,event,handler,flags){eventTargetAgnosticAddListener(emitter,event,handler,
flags),Array.prototype.push(listeners,[emitter,event,handler,flags])},removeAll(){for(;listeners.length>0;)Reflect.apply(
eventTargetAgnosticRemoveListener,void 0,listeners.pop())}}}function spliceOne(list,index){for(;index+1<list.length;index++)
list[index]=list[index+1];list.pop()}var import_node_async_hooks,defaultMaxListeners,AsyncIteratorPrototype,inspect,ERR_INVALID_THIS,
ERR_UNHANDLED_ERROR,ERR_INVALID_ARG_TYPE,AbortError,genericNodeError,kRejection,kCapture,kErrorMonitor,kShapeMode,kMaxEventTargetListeners,
kEnhanceStackBeforeInspector,kWatermarkData,kEventEmitter,kAsyncResource,kFirstEventParam,kResistStopPropagation,kMaxEventTargetListenersWarned,
_EventEmitter,EventEmitterAsyncResource,EventEmitterReferencingAsyncResource,on,once,addAbortListener,getEventListeners,
getMaxListeners,kSize,kMask,FixedCircularBuffer,FixedQueue,init_events=__esm({"node_modules/unenv/dist/runtime/node/inte\
rnal/events/events.mjs"(){import_node_async_hooks=require("node:async_hooks"),defaultMaxListeners=10,AsyncIteratorPrototype=
Object.getPrototypeOf(Object.getPrototypeOf(async function*(){}).prototype),inspect=(value,_opts)=>value,ERR_INVALID_THIS=
Error,ERR_UNHANDLED_ERROR=Error,ERR_INVALID_ARG_TYPE=Error,AbortError=Error,genericNodeError=Error,kRejection=Symbol.for(
"nodejs.rejection"),kCapture=Symbol.for("kCapture"),kErrorMonitor=Symbol.for("events.errorMonitor"),kShapeMode=Symbol.for(
"shapeMode"),kMaxEventTargetListeners=Symbol.for("events.maxEventTargetListeners"),kEnhanceStackBeforeInspector=Symbol.for(
"kEnhanceStackBeforeInspector"),kWatermarkData=Symbol.for("nodejs.watermarkData"),kEventEmitter=Symbol.for("kEventEmitte\
r"),kAsyncResource=Symbol.for("kAsyncResource"),kFirstEventParam=Symbol.for("kFirstEventParam"),kResistStopPropagation=Symbol.
for("kResistStopPropagation"),kMaxEventTargetListenersWarned=Symbol.for("events.maxEventTargetListenersWarned"),_EventEmitter=
class __EventEmitter{_events=void 0;_eventsCount=0;_maxListeners=defaultMaxListeners;[kCapture]=!1;[kShapeMode]=!1;static captureRejectionSymbol=kRejection;static errorMonitor=kErrorMonitor;static kMaxEventTargetListeners=kMaxEventTargetListeners;static kMaxEventTargetListenersWarned=kMaxEventTargetListenersWarned;static usingDomains=!1;static get on(){
return on}static get once(){return once}static get getEventListeners(){return getEventListeners}static get getMaxListeners(){
return getMaxListeners}static get addAbortListener(){return addAbortListener}static get EventEmitterAsyncResource(){return EventEmitterAsyncResource}static get EventEmitter(){
return __EventEmitter}static setMaxListeners(n=defaultMaxListeners,...eventTargets){if(eventTargets.length===0)defaultMaxListeners=
n;else for(let target of eventTargets)if(isEventTarget(target))target[kMaxEventTargetListeners]=n,target[kMaxEventTargetListenersWarned]=
!1;else if(typeof target.setMaxListeners=="function")target.setMaxListeners(n);else throw new ERR_INVALID_ARG_TYPE("even\
tTargets",["EventEmitter","EventTarget"],target)}static listenerCount(emitter,type){if(typeof emitter.listenerCount=="fu\
nction")return emitter.listenerCount(type);__EventEmitter.prototype.listenerCount.call(emitter,type)}static init(){throw new Error(
"EventEmitter.init() is not implemented.")}static get captureRejections(){return this[kCapture]}static set captureRejections(value){
this[kCapture]=value}static get defaultMaxListeners(){return defaultMaxListeners}static set defaultMaxListeners(arg){defaultMaxListeners=
arg}constructor(opts){this._events===void 0||this._events===Object.getPrototypeOf(this)._events?(this._events={__proto__:null},
this._eventsCount=0,this[kShapeMode]=!1):this[kShapeMode]=!0,this._maxListeners=this._maxListeners||void 0,opts?.captureRejections?
this[kCapture]=!!opts.captureRejections:this[kCapture]=__EventEmitter.prototype[kCapture]}setMaxListeners(n){return this.
_maxListeners=n,this}getMaxListeners(){return _getMaxListeners(this)}emit(type,...args){let doError=type==="error",events=this.
_events;if(events!==void 0)doError&&events[kErrorMonitor]!==void 0&&this.emit(kErrorMonitor,...args),doError=doError&&events.
error===void 0;else if(!doError)return!1;if(doError){let er;if(args.length>0&&(er=args[0]),er instanceof Error){try{let capture={};
Error.captureStackTrace?.(capture,__EventEmitter.prototype.emit),Object.defineProperty(er,kEnhanceStackBeforeInspector,{
__proto__:null,value:Function.prototype.bind(enhanceStackTrace,this,er,capture),configurable:!0})}catch{}throw er}let stringifiedEr;
try{stringifiedEr=inspect(er)}catch{stringifiedEr=er}let err=new ERR_UNHANDLED_ERROR(stringifiedEr);throw err.context=er,
err}let handler=events[type];if(handler===void 0)return!1;if(typeof handler=="function"){let result=handler.apply(this,args);
result!=null&&addCatch(this,result,type,args)}else{let len=handler.length,listeners=arrayClone(handler);for(let i=0;i<len;++i){
let result=listeners[i].apply(this,args);result!=null&&addCatch(this,result,type,args)}}return!0}addListener(type,listener){
return _addListener(this,type,listener,!1),this}on(type,listener){return this.addListener(type,listener)}prependListener(type,listener){
return _addListener(this,type,listener,!0),this}once(type,listener){return this.on(type,_onceWrap(this,type,listener)),this}prependOnceListener(type,listener){
return this.prependListener(type,_onceWrap(this,type,listener)),this}removeListener(type,listener){let events=this._events;
if(events===void 0)return this;let list=events[type];if(list===void 0)return this;if(list===listener||list.listener===listener)
this._eventsCount-=1,this[kShapeMode]?events[type]=void 0:this._eventsCount===0?this._events={__proto__:null}:(delete events[type],
events.removeListener&&this.emit("removeListener",type,list.listener||listener));else if(typeof list!="function"){let position=-1;
for(let i=list.length-1;i>=0;i--)if(list[i]===listener||list[i].listener===listener){position=i;break}if(position<0)return this;
position===0?list.shift():spliceOne(list,position),list.length===1&&(events[type]=list[0]),events.removeListener!==void 0&&
this.emit("removeListener",type,listener)}return this}off(type,listener){return this.removeListener(type,listener)}removeAllListeners(type){
let events=this._events;if(events===void 0)return this;if(events.removeListener===void 0)return arguments.length===0?(this.
_events={__proto__:null},this._eventsCount=0):events[type]!==void 0&&(--this._eventsCount===0?this._events={__proto__:null}:
delete events[type]),this[kShapeMode]=!1,this;if(arguments.length===0){for(let key of Reflect.ownKeys(events))key!=="rem\
oveListener"&&this.removeAllListeners(key);return this.removeAllListeners("removeListener"),this._events={__proto__:null},
this._eventsCount=0,this[kShapeMode]=!1,this}let listeners=events[type];if(typeof listeners=="function")this.removeListener(
type,listeners);else if(listeners!==void 0)for(let i=listeners.length-1;i>=0;i--)this.removeListener(type,listeners[i]);
return this}listeners(type){return _listeners(this,type,!0)}rawListeners(type){return _listeners(this,type,!1)}eventNames(){
return this._eventsCount>0?Reflect.ownKeys(this._events):[]}listenerCount(eventName,listener){let events=this._events;if(events!==
void 0){let evlistener=events[eventName];if(typeof evlistener=="function")return listener!=null?listener===evlistener||listener===
evlistener.listener?1:0:1;if(evlistener!==void 0){if(listener!=null){let matching=0;for(let i=0,l=evlistener.length;i<l;i++)
(evlistener[i]===listener||evlistener[i].listener===listener)&&matching++;return matching}return evlistener.length}}return 0}},
EventEmitterAsyncResource=class extends _EventEmitter{constructor(options){let name;typeof options=="string"?(name=options,
options=void 0):name=options?.name||new.target.name,super(options),this[kAsyncResource]=new EventEmitterReferencingAsyncResource(
this,name,options)}emit(event,...args){if(this[kAsyncResource]===void 0)throw new ERR_INVALID_THIS("EventEmitterAsyncRes\
ource");let{asyncResource}=this;return Array.prototype.unshift(args,super.emit,this,event),Reflect.apply(asyncResource.runInAsyncScope,
asyncResource,args)}emitDestroy(){if(this[kAsyncResource]===void 0)throw new ERR_INVALID_THIS("EventEmitterAsyncResource");
this.asyncResource.emitDestroy()}get asyncId(){if(this[kAsyncResource]===void 0)throw new ERR_INVALID_THIS("EventEmitter\
AsyncResource");return this.asyncResource.asyncId()}get triggerAsyncId(){if(this[kAsyncResource]===void 0)throw new ERR_INVALID_THIS(
"EventEmitterAsyncResource");return this.asyncResource.triggerAsyncId()}get asyncResource(){if(this[kAsyncResource]===void 0)
throw new ERR_INVALID_THIS("EventEmitterAsyncResource");return this[kAsyncResource]}},EventEmitterReferencingAsyncResource=
class extends import_node_async_hooks.AsyncResource{constructor(ee,type,options){super(type,options),this[kEventEmitter]=
ee}get eventEmitter(){if(this[kEventEmitter]===void 0)throw new ERR_INVALID_THIS("EventEmitterReferencingAsyncResource");
return this[kEventEmitter]}},on=function(emitter,event,options={}){let signal=options.signal;if(signal?.aborted)throw new AbortError(
void 0,{cause:signal?.reason});let highWatermark=options.highWaterMark??options.highWatermark??Number.MAX_SAFE_INTEGER,lowWatermark=options.
lowWaterMark??options.lowWatermark??1,unconsumedEvents=new FixedQueue,unconsumedPromises=new FixedQueue,paused=!1,error=null,
finished=!1,size=0,iterator=Object.setPrototypeOf({next(){if(size){let value=unconsumedEvents.shift();return size--,paused&&
size<lowWatermark&&(emitter.resume?.(),paused=!1),Promise.resolve(createIterResult(value,!1))}if(error){let p=Promise.reject(
error);return error=null,p}return finished?closeHandler():new Promise(function(resolve,reject){unconsumedPromises.push({
resolve,reject})})},return(){return closeHandler()},throw(err){if(!err||!(err instanceof Error))throw new ERR_INVALID_ARG_TYPE(
"EventEmitter.AsyncIterator","Error",err);errorHandler(err)},[Symbol.asyncIterator](){return this},[kWatermarkData]:{get size(){
return size},get low(){return lowWatermark},get high(){return highWatermark},get isPaused(){return paused}}},AsyncIteratorPrototype),
{addEventListener,removeAll}=listenersController();addEventListener(emitter,event,options[kFirstEventParam]?eventHandler:
function(...args){return eventHandler(args)}),event!=="error"&&typeof emitter.on=="function"&&addEventListener(emitter,"\
error",errorHandler);let closeEvents=options?.close;if(closeEvents?.length)for(let closeEvent of closeEvents)addEventListener(
emitter,closeEvent,closeHandler);let abortListenerDisposable=signal?addAbortListener(signal,abortListener):null;return iterator;
function abortListener(){errorHandler(new AbortError(void 0,{cause:signal?.reason}))}function eventHandler(value){unconsumedPromises.
isEmpty()?(size++,!paused&&size>highWatermark&&(paused=!0,emitter.pause?.()),unconsumedEvents.push(value)):unconsumedPromises.
shift().resolve(createIterResult(value,!1))}function errorHandler(err){unconsumedPromises.isEmpty()?error=err:unconsumedPromises.
shift().reject(err),closeHandler()}function closeHandler(){abortListenerDisposable?.[Symbol.dispose](),removeAll(),finished=
!0;let doneResult=createIterResult(void 0,!0);for(;!unconsumedPromises.isEmpty();)unconsumedPromises.shift().resolve(doneResult);
return Promise.resolve(doneResult)}},once=async function(emitter,name,options={}){let signal=options?.signal;if(signal?.
aborted)throw new AbortError(void 0,{cause:signal?.reason});return new Promise((resolve,reject)=>{let errorListener=err=>{
typeof emitter.removeListener=="function"&&emitter.removeListener(name,resolver),signal!=null&&eventTargetAgnosticRemoveListener(
signal,"abort",abortListener),reject(err)},resolver=(...args)=>{typeof emitter.removeListener=="function"&&emitter.removeListener(
"error",errorListener),signal!=null&&eventTargetAgnosticRemoveListener(signal,"abort",abortListener),resolve(args)},opts={
__proto__:null,once:!0,[kResistStopPropagation]:!0};eventTargetAgnosticAddListener(emitter,name,resolver,opts),name!=="e\
rror"&&typeof emitter.once=="function"&&emitter.once("error",errorListener);function abortListener(){eventTargetAgnosticRemoveListener(
emitter,name,resolver),eventTargetAgnosticRemoveListener(emitter,"error",errorListener),reject(new AbortError(void 0,{cause:signal?.
reason}))}signal!=null&&eventTargetAgnosticAddListener(signal,"abort",abortListener,{__proto__:null,once:!0,[kResistStopPropagation]:!0})})},
addAbortListener=function(signal,listener){if(signal===void 0)throw new ERR_INVALID_ARG_TYPE("signal","AbortSignal",signal);
let removeEventListener;return signal.aborted?queueMicrotask(()=>listener()):(signal.addEventListener("abort",listener,{
__proto__:null,once:!0,[kResistStopPropagation]:!0}),removeEventListener=()=>{signal.removeEventListener("abort",listener)}),
{__proto__:null,[Symbol.dispose](){removeEventListener?.()}}},getEventListeners=function(emitterOrTarget,type){if(typeof emitterOrTarget.
listeners=="function")return emitterOrTarget.listeners(type);if(isEventTarget(emitterOrTarget)){let root=emitterOrTarget[kEvents].
get(type),listeners=[],handler=root?.next;for(;handler?.listener!==void 0;){let listener=handler.listener?.deref?handler.
listener.deref():handler.listener;listeners.push(listener),handler=handler.next}return listeners}throw new ERR_INVALID_ARG_TYPE(
"emitter",["EventEmitter","EventTarget"],emitterOrTarget)},getMaxListeners=function(emitterOrTarget){if(typeof emitterOrTarget?.
getMaxListeners=="function")return _getMaxListeners(emitterOrTarget);if(emitterOrTarget?.[kMaxEventTargetListeners])return emitterOrTarget[kMaxEventTargetListeners];
throw new ERR_INVALID_ARG_TYPE("emitter",["EventEmitter","EventTarget"],emitterOrTarget)},kSize=2048,kMask=kSize-1,FixedCircularBuffer=
class{bottom;top;list;next;constructor(){this.bottom=0,this.top=0,this.list=new Array(kSize),this.next=null}isEmpty(){return this.
top===this.bottom}isFull(){return(this.top+1&kMask)===this.bottom}push(data){this.list[this.top]=data,this.top=this.top+
1&kMask}shift(){let nextItem=this.list[this.bottom];return nextItem===void 0?null:(this.list[this.bottom]=void 0,this.bottom=
this.bottom+1&kMask,nextItem)}},FixedQueue=class{head;tail;constructor(){this.head=this.tail=new FixedCircularBuffer}isEmpty(){
return this.head.isEmpty()}push(data){this.head.isFull()&&(this.head=this.head.next=new FixedCircularBuffer),this.head.push(
data)}shift(){let tail=this.tail,next=tail.shift();return tail.isEmpty()&&tail.next!==null&&(this.tail=tail.next,tail.next=
null),next}}}});function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var events_exports={};__export(events_exports,{EventEmitter:()=>_EventEmitter,EventEmitterAsyncResource:()=>EventEmitterAsyncResource,
addAbortListener:()=>addAbortListener,captureRejectionSymbol:()=>captureRejectionSymbol,captureRejections:()=>captureRejections,
default:()=>events_default,defaultMaxListeners:()=>defaultMaxListeners2,errorMonitor:()=>errorMonitor,getEventListeners:()=>getEventListeners,
getMaxListeners:()=>getMaxListeners,init:()=>init,listenerCount:()=>listenerCount,on:()=>on,once:()=>once,setMaxListeners:()=>setMaxListeners,
usingDomains:()=>usingDomains});var usingDomains,captureRejectionSymbol,captureRejections,errorMonitor,defaultMaxListeners2,
setMaxListeners,listenerCount,init,events_default,init_events2=__esm({"node_modules/unenv/dist/runtime/node/events.mjs"(){
init_events();init_utils();init_events();usingDomains=!1,captureRejectionSymbol=Symbol.for("nodejs.rejection"),captureRejections=
!1,errorMonitor=Symbol.for("events.errorMonitor"),defaultMaxListeners2=10,setMaxListeners=notImplemented("node:events.se\
tMaxListeners"),listenerCount=notImplemented("node:events.listenerCount"),init=notImplemented("node:events.init"),events_default=
_EventEmitter}});var require_events2=__commonJS({"src/events.js"(exports2,module2){var EventEmitter=require_events(),newer=(init_events2(),__toCommonJS(events_exports)),
errorMonitor2=Symbol.for("events.errorMonitor"),captureRejectionSymbol2=Symbol.for("nodejs.rejection");Object.assign(EventEmitter,
{EventEmitter,EventEmitterAsyncResource:newer.EventEmitterAsyncResource,addAbortListener:newer.addAbortListener,captureRejectionSymbol:captureRejectionSymbol2,
captureRejections:!1,errorMonitor:errorMonitor2,getEventListeners:newer.getEventListeners,getMaxListeners:emitter=>typeof emitter.
getMaxListeners=="function"?emitter.getMaxListeners():10,listenerCount:(emitter,type)=>emitter.listenerCount(type),on:newer.
on,setMaxListeners(n=10,...targets){targets.length===0&&(EventEmitter.defaultMaxListeners=n);for(let target of targets)typeof target.
setMaxListeners=="function"&&target.setMaxListeners(n)},usingDomains:!1});Object.defineProperty(EventEmitter,"init",{enumerable:!1});
module2.exports=EventEmitter}});module.exports=require_events2();
})

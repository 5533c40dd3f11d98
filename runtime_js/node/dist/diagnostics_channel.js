// node:diagnostics_channel, from src/diagnostics_channel.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}var init_utils=__esm(
{"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var channels,getChannels,Channel,init_channel=__esm({"node_modules/unenv/dist/runtime/node/internal/diagnostics_channel/\
channel.mjs"(){init_utils();channels={},getChannels=()=>channels,Channel=class{__unenv__=!0;name;get hasSubscribers(){return this.
_subscribers.length>0}_subscribers;constructor(name){this.name=name,this._subscribers=[];let channels2=getChannels();channels2[name]=
this}subscribe(onMessage){this._subscribers.push(onMessage)}unsubscribe(onMessage){let index=this._subscribers.indexOf(onMessage);
return index===-1?!1:(this._subscribers.splice(index,1),!0)}publish(message){for(let subscriber of this._subscribers)subscriber(
message,this.name)}bindStore(){throw createNotImplementedError("Channel.bindStore")}unbindStore(){throw createNotImplementedError(
"Channel.unbindStore")}runStores(){throw createNotImplementedError("Channel.runStores")}}}});var TracingChannel,init_tracing_channel=__esm({"node_modules/unenv/dist/runtime/node/internal/diagnostics_channel/tracin\
g-channel.mjs"(){init_utils();init_channel();TracingChannel=class{__unenv__=!0;asyncEnd=new Channel("asyncEnd");asyncStart=new Channel(
"asyncStart");end=new Channel("end");error=new Channel("error");start=new Channel("start");constructor(nameOrChannels){typeof nameOrChannels==
"string"?(this.asyncEnd=new Channel(`trace:${nameOrChannels}:asyncEnd`),this.asyncStart=new Channel(`trace:${nameOrChannels}\
:asyncStart`),this.end=new Channel(`trace:${nameOrChannels}:end`),this.error=new Channel(`trace:${nameOrChannels}:error`),
this.start=new Channel(`trace:${nameOrChannels}:start`)):(this.asyncStart=nameOrChannels.asyncStart,this.asyncEnd=nameOrChannels.
asyncEnd,this.end=nameOrChannels.end,this.error=nameOrChannels.error,this.start=nameOrChannels.start)}subscribe(handlers){
this.asyncEnd?.subscribe(handlers.asyncEnd),this.asyncStart?.subscribe(handlers.asyncStart),this.end?.subscribe(handlers.
end),this.error?.subscribe(handlers.error),this.start?.subscribe(handlers.start)}unsubscribe(handlers){this.asyncEnd?.unsubscribe(
handlers.asyncEnd),this.asyncStart?.unsubscribe(handlers.asyncStart),this.end?.unsubscribe(handlers.end),this.error?.unsubscribe(
handlers.error),this.start?.unsubscribe(handlers.start)}traceSync(){throw createNotImplementedError("TracingChannel.trac\
eSync")}tracePromise(){throw createNotImplementedError("TracingChannel.tracePromise")}traceCallback(){throw createNotImplementedError(
"TracingChannel.traceCallback")}}}});var diagnostics_channel_exports={};__export(diagnostics_channel_exports,{Channel:()=>Channel,channel:()=>channel,default:()=>diagnostics_channel_default,
hasSubscribers:()=>hasSubscribers,subscribe:()=>subscribe,tracingChannel:()=>tracingChannel,unsubscribe:()=>unsubscribe});
var channel,hasSubscribers,subscribe,unsubscribe,tracingChannel,diagnostics_channel_default,init_diagnostics_channel=__esm(
{"node_modules/unenv/dist/runtime/node/diagnostics_channel.mjs"(){init_channel();init_tracing_channel();init_channel();channel=
function(name){let channels2=getChannels();return name in channels2?channels2[name]:new Channel(name)},hasSubscribers=function(name){
let channel2=getChannels()[name];return channel2&&channel2.hasSubscribers},subscribe=function(name,onMessage){channel(name).
subscribe(onMessage)},unsubscribe=function(name,onMessage){return channel(name).unsubscribe(onMessage)},tracingChannel=function(name){
return new TracingChannel(name)},diagnostics_channel_default={Channel,channel,hasSubscribers,subscribe,tracingChannel,unsubscribe}}});var require_diagnostics_channel=__commonJS({"src/diagnostics_channel.js"(exports2,module2){var dc=(init_diagnostics_channel(),__toCommonJS(diagnostics_channel_exports)),
Channel2=dc.Channel,stores=new WeakMap;Channel2.prototype.bindStore=function(store,transform){stores.has(this)||stores.set(
this,new Map),stores.get(this).set(store,transform)};Channel2.prototype.unbindStore=function(store){return stores.get(this)?.
delete(store)??!1};Channel2.prototype.runStores=function(data,fn,thisArg,...args){let run=()=>(this.publish(data),Reflect.
apply(fn,thisArg,args));for(let[store,transform]of stores.get(this)??[]){let inner=run;run=()=>store.run(transform?transform(
data):data,inner)}return run()};var EVENTS=["start","end","asyncStart","asyncEnd","error"],TracingChannel2=class{constructor(nameOrChannels){
for(let event of EVENTS)this[event]=typeof nameOrChannels=="string"?dc.channel(`tracing:${nameOrChannels}:${event}`):nameOrChannels[event]}get hasSubscribers(){
return EVENTS.some(event=>this[event].hasSubscribers)}subscribe(handlers){for(let event of EVENTS)handlers[event]&&this[event].
subscribe(handlers[event])}unsubscribe(handlers){let done=!0;for(let event of EVENTS)handlers[event]&&!this[event].unsubscribe(
handlers[event])&&(done=!1);return done}traceSync(fn,context={},thisArg,...args){if(!this.hasSubscribers)return Reflect.
apply(fn,thisArg,args);let{start,end,error}=this;return start.runStores(context,()=>{try{let result=Reflect.apply(fn,thisArg,
args);return context.result=result,result}catch(err){throw context.error=err,error.publish(context),err}finally{end.publish(
context)}})}tracePromise(fn,context={},thisArg,...args){if(!this.hasSubscribers)return Reflect.apply(fn,thisArg,args);let{
start,end,asyncStart,asyncEnd,error}=this,settled=failed=>value=>{if(failed?(context.error=value,error.publish(context)):
context.result=value,asyncStart.publish(context),asyncEnd.publish(context),failed)throw value;return value};return start.
runStores(context,()=>{try{return Promise.resolve(Reflect.apply(fn,thisArg,args)).then(settled(!1),settled(!0))}catch(err){
throw context.error=err,error.publish(context),err}finally{end.publish(context)}})}traceCallback(fn,position=-1,context={},thisArg,...args){
if(!this.hasSubscribers)return Reflect.apply(fn,thisArg,args);let{start,end,asyncStart,asyncEnd,error}=this,at=position<
0?args.length+position:position,callback=args[at];return args[at]=function(err,result){err?(context.error=err,error.publish(
context)):context.result=result,asyncStart.publish(context);try{return Reflect.apply(callback,this,arguments)}finally{asyncEnd.
publish(context)}},start.runStores(context,()=>{try{return Reflect.apply(fn,thisArg,args)}catch(err){throw context.error=
err,error.publish(context),err}finally{end.publish(context)}})}},tracingChannel2=nameOrChannels=>new TracingChannel2(nameOrChannels);
module2.exports={...dc,default:void 0,Channel:Channel2,TracingChannel:TracingChannel2,tracingChannel:tracingChannel2};delete module2.
exports.default}});module.exports=require_diagnostics_channel();
})

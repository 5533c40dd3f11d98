// node:readline, from unenv/node/readline (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __create=Object.create;var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __getProtoOf=Object.getPrototypeOf,__hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toESM=(mod,isNodeMode,target)=>(target=mod!=null?__create(__getProtoOf(mod)):{},__copyProps(isNodeMode||!mod||!mod.
__esModule?__defProp(target,"default",{value:mod,enumerable:!0}):target,mod)),__toCommonJS=mod=>__copyProps(__defProp({},
"__esModule",{value:!0}),mod);var noop_default,init_noop=__esm({"node_modules/unenv/dist/runtime/mock/noop.mjs"(){noop_default=Object.assign(()=>{},{__unenv__:!0})}});var import_node_events,Interface,init_interface=__esm({"node_modules/unenv/dist/runtime/node/internal/readline/interface\
.mjs"(){import_node_events=require("node:events"),Interface=class extends import_node_events.EventEmitter{terminal=!1;line="";cursor=0;getPrompt(){
return""}setPrompt(prompt){}prompt(preserveCursor){}question(query,options,callback){callback&&typeof callback=="functio\
n"&&callback("")}resume(){return this}close(){}write(data,key){}getCursorPos(){return{rows:0,cols:0}}pause(){return this}async*[Symbol.
asyncIterator](){yield""}}}});var readline_exports={};__export(readline_exports,{Interface:()=>Interface,clearLine:()=>clearLine,clearScreenDown:()=>clearScreenDown,
createInterface:()=>createInterface,cursorTo:()=>cursorTo,default:()=>readline_default,emitKeypressEvents:()=>emitKeypressEvents,
moveCursor:()=>moveCursor,promises:()=>import_promises.default});var import_promises,clearLine,clearScreenDown,createInterface,
cursorTo,emitKeypressEvents,moveCursor,readline_default,init_readline=__esm({"node_modules/unenv/dist/runtime/node/readl\
ine.mjs"(){init_noop();import_promises=__toESM(require("node:readline/promises"),1);init_interface();init_interface();clearLine=
()=>!1,clearScreenDown=()=>!1,createInterface=()=>new Interface,cursorTo=()=>!1,emitKeypressEvents=noop_default,moveCursor=
()=>!1,readline_default={clearLine,clearScreenDown,createInterface,cursorTo,emitKeypressEvents,moveCursor,Interface,promises:import_promises.default}}});module.exports=(init_readline(),__toCommonJS(readline_exports));
})

// node:readline/promises, from unenv/node/readline/promises (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var import_node_events,Interface,init_interface=__esm({"node_modules/unenv/dist/runtime/node/internal/readline/interface\
.mjs"(){import_node_events=require("node:events"),Interface=class extends import_node_events.EventEmitter{terminal=!1;line="";cursor=0;getPrompt(){
return""}setPrompt(prompt){}prompt(preserveCursor){}question(query,options,callback){callback&&typeof callback=="functio\
n"&&callback("")}resume(){return this}close(){}write(data,key){}getCursorPos(){return{rows:0,cols:0}}pause(){return this}async*[Symbol.
asyncIterator](){yield""}}}});var Interface2,init_interface2=__esm({"node_modules/unenv/dist/runtime/node/internal/readline/promises/interface.mjs"(){
init_interface();Interface2=class extends Interface{question(query,options){return Promise.resolve("")}}}});var Readline,init_readline=__esm({"node_modules/unenv/dist/runtime/node/internal/readline/promises/readline.mjs"(){Readline=
class{clearLine(dir){return this}clearScreenDown(){return this}commit(){return Promise.resolve()}cursorTo(x,y){return this}moveCursor(dx,dy){
return this}rollback(){return this}}}});var promises_exports={};__export(promises_exports,{Interface:()=>Interface2,Readline:()=>Readline,createInterface:()=>createInterface,
default:()=>promises_default});var createInterface,promises_default,init_promises=__esm({"node_modules/unenv/dist/runtim\
e/node/readline/promises.mjs"(){init_interface2();init_readline();init_interface2();init_readline();createInterface=()=>new Interface2,
promises_default={Interface:Interface2,Readline,createInterface}}});module.exports=(init_promises(),__toCommonJS(promises_exports));
})

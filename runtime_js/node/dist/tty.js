// node:tty, from unenv/node/tty (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var ReadStream,init_read_stream=__esm({"node_modules/unenv/dist/runtime/node/internal/tty/read-stream.mjs"(){ReadStream=
class{fd;isRaw=!1;isTTY=!1;constructor(fd){this.fd=fd}setRawMode(mode){return this.isRaw=mode,this}}}});var WriteStream,init_write_stream=__esm({"node_modules/unenv/dist/runtime/node/internal/tty/write-stream.mjs"(){WriteStream=
class{fd;columns=80;rows=24;isTTY=!1;constructor(fd){this.fd=fd}clearLine(dir,callback){return callback&&callback(),!1}clearScreenDown(callback){
return callback&&callback(),!1}cursorTo(x,y,callback){return callback&&typeof callback=="function"&&callback(),!1}moveCursor(dx,dy,callback){
return callback&&callback(),!1}getColorDepth(env){return 1}hasColors(count,env){return!1}getWindowSize(){return[this.columns,
this.rows]}write(str,encoding,cb){str instanceof Uint8Array&&(str=new TextDecoder().decode(str));try{console.log(str)}catch{}
return cb&&typeof cb=="function"&&cb(),!1}}}});var tty_exports={};__export(tty_exports,{ReadStream:()=>ReadStream,WriteStream:()=>WriteStream,default:()=>tty_default,isatty:()=>isatty});
var isatty,tty_default,init_tty=__esm({"node_modules/unenv/dist/runtime/node/tty.mjs"(){init_read_stream();init_write_stream();
init_read_stream();init_write_stream();isatty=function(){return!1},tty_default={ReadStream,WriteStream,isatty}}});module.exports=(init_tty(),__toCommonJS(tty_exports));
})

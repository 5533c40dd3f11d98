// node:path, from unenv/node/path (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});function normalizeWindowsPath(input=""){return input&&input.replace(/\\/g,"/").replace(_DRIVE_LETTER_START_RE,r=>r.toUpperCase())}
function cwd(){return typeof process<"u"&&typeof process.cwd=="function"?process.cwd().replace(/\\/g,"/"):"/"}function normalizeString(path,allowAboveRoot){
let res="",lastSegmentLength=0,lastSlash=-1,dots=0,char=null;for(let index=0;index<=path.length;++index){if(index<path.length)
char=path[index];else{if(char==="/")break;char="/"}if(char==="/"){if(!(lastSlash===index-1||dots===1))if(dots===2){if(res.
length<2||lastSegmentLength!==2||res[res.length-1]!=="."||res[res.length-2]!=="."){if(res.length>2){let lastSlashIndex=res.
lastIndexOf("/");lastSlashIndex===-1?(res="",lastSegmentLength=0):(res=res.slice(0,lastSlashIndex),lastSegmentLength=res.
length-1-res.lastIndexOf("/")),lastSlash=index,dots=0;continue}else if(res.length>0){res="",lastSegmentLength=0,lastSlash=
index,dots=0;continue}}allowAboveRoot&&(res+=res.length>0?"/..":"..",lastSegmentLength=2)}else res.length>0?res+=`/${path.
slice(lastSlash+1,index)}`:res=path.slice(lastSlash+1,index),lastSegmentLength=index-lastSlash-1;lastSlash=index,dots=0}else
char==="."&&dots!==-1?++dots:dots=-1}return res}var _DRIVE_LETTER_START_RE,_UNC_REGEX,_IS_ABSOLUTE_RE,_DRIVE_LETTER_RE,_ROOT_FOLDER_RE,
_EXTNAME_RE,_PATH_ROOT_RE,normalize,join,resolve,isAbsolute,toNamespacedPath,extname,relative,dirname,format,basename,parse,
init_pathe_M_eThtNZ=__esm({"node_modules/pathe/dist/shared/pathe.M-eThtNZ.mjs"(){_DRIVE_LETTER_START_RE=/^[A-Za-z]:\//;_UNC_REGEX=
/^[/\\]{2}/,_IS_ABSOLUTE_RE=/^[/\\](?![/\\])|^[/\\]{2}(?!\.)|^[A-Za-z]:[/\\]/,_DRIVE_LETTER_RE=/^[A-Za-z]:$/,_ROOT_FOLDER_RE=
/^\/([A-Za-z]:)?$/,_EXTNAME_RE=/.(\.[^./]+|\.)$/,_PATH_ROOT_RE=/^[/\\]|^[a-zA-Z]:[/\\]/,normalize=function(path){if(path.
length===0)return".";path=normalizeWindowsPath(path);let isUNCPath=path.match(_UNC_REGEX),isPathAbsolute=isAbsolute(path),
trailingSeparator=path[path.length-1]==="/";return path=normalizeString(path,!isPathAbsolute),path.length===0?isPathAbsolute?
"/":trailingSeparator?"./":".":(trailingSeparator&&(path+="/"),_DRIVE_LETTER_RE.test(path)&&(path+="/"),isUNCPath?isPathAbsolute?
`//${path}`:`//./${path}`:isPathAbsolute&&!isAbsolute(path)?`/${path}`:path)},join=function(...segments){let path="";for(let seg of segments)
if(seg)if(path.length>0){let pathTrailing=path[path.length-1]==="/",segLeading=seg[0]==="/";pathTrailing&&segLeading?path+=
seg.slice(1):path+=pathTrailing||segLeading?seg:`/${seg}`}else path+=seg;return normalize(path)};resolve=function(...arguments_){
arguments_=arguments_.map(argument=>normalizeWindowsPath(argument));let resolvedPath="",resolvedAbsolute=!1;for(let index=arguments_.
length-1;index>=-1&&!resolvedAbsolute;index--){let path=index>=0?arguments_[index]:cwd();!path||path.length===0||(resolvedPath=
`${path}/${resolvedPath}`,resolvedAbsolute=isAbsolute(path))}return resolvedPath=normalizeString(resolvedPath,!resolvedAbsolute),
resolvedAbsolute&&!isAbsolute(resolvedPath)?`/${resolvedPath}`:resolvedPath.length>0?resolvedPath:"."};isAbsolute=function(p){
return _IS_ABSOLUTE_RE.test(p)},toNamespacedPath=function(p){return normalizeWindowsPath(p)},extname=function(p){if(p===
"..")return"";let match=_EXTNAME_RE.exec(normalizeWindowsPath(p));return match&&match[1]||""},relative=function(from,to){
let _from=resolve(from).replace(_ROOT_FOLDER_RE,"$1").split("/"),_to=resolve(to).replace(_ROOT_FOLDER_RE,"$1").split("/");
if(_to[0][1]===":"&&_from[0][1]===":"&&_from[0]!==_to[0])return _to.join("/");let _fromCopy=[..._from];for(let segment of _fromCopy){
if(_to[0]!==segment)break;_from.shift(),_to.shift()}return[..._from.map(()=>".."),..._to].join("/")},dirname=function(p){
let segments=normalizeWindowsPath(p).replace(/\/$/,"").split("/").slice(0,-1);return segments.length===1&&_DRIVE_LETTER_RE.
test(segments[0])&&(segments[0]+="/"),segments.join("/")||(isAbsolute(p)?"/":".")},format=function(p){let ext=p.ext?p.ext.
startsWith(".")?p.ext:`.${p.ext}`:"",segments=[p.root,p.dir,p.base??(p.name??"")+ext].filter(Boolean);return normalizeWindowsPath(
p.root?resolve(...segments):segments.join("/"))},basename=function(p,extension){let segments=normalizeWindowsPath(p).split(
"/"),lastSegment="";for(let i=segments.length-1;i>=0;i--){let val=segments[i];if(val){lastSegment=val;break}}return extension&&
lastSegment.endsWith(extension)?lastSegment.slice(0,-extension.length):lastSegment},parse=function(p){let root=_PATH_ROOT_RE.
exec(p)?.[0]?.replace(/\\/g,"/")||"",base=basename(p),extension=extname(base);return{root,dir:dirname(p),base,ext:extension,
name:base.slice(0,base.length-extension.length)}}}});var init_dist=__esm({"node_modules/pathe/dist/index.mjs"(){init_pathe_M_eThtNZ()}});var path_exports={};__export(path_exports,{_makeLong:()=>_makeLong,basename:()=>basename,default:()=>path_default,delimiter:()=>delimiter,
dirname:()=>dirname,extname:()=>extname,format:()=>format,isAbsolute:()=>isAbsolute,join:()=>join,matchesGlob:()=>matchesGlob2,
normalize:()=>normalize,parse:()=>parse,posix:()=>posix,relative:()=>relative,resolve:()=>resolve,sep:()=>sep2,toNamespacedPath:()=>toNamespacedPath,
win32:()=>win32});var sep2,delimiter,_pathModule,posix,win32,_makeLong,matchesGlob2,path_default,init_path=__esm({"node_\
modules/unenv/dist/runtime/node/path.mjs"(){init_utils();init_dist();init_dist();sep2="/",delimiter=":",_pathModule={sep:sep2,
delimiter,basename,dirname,extname,format,isAbsolute,join,normalize,parse,relative,resolve,toNamespacedPath,posix:void 0,
win32:void 0,_makeLong:path=>path,matchesGlob:notImplemented("path.matchesGlob")};_pathModule.posix=_pathModule;_pathModule.
win32=_pathModule;posix=_pathModule,win32=_pathModule,_makeLong=_pathModule._makeLong,matchesGlob2=_pathModule.matchesGlob,
path_default=_pathModule}});module.exports=(init_path(),__toCommonJS(path_exports));
})

// node:querystring, from unenv/node/querystring (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function encodeStr(str,noEscapeTable,hexTable2){let len=str.length;if(len===0)return"";let out="",lastPos=0,i=0;outer:for(;i<
len;i++){let c=String.prototype.charCodeAt.call(str,i);for(;c<128;){if(noEscapeTable[c]!==1&&(lastPos<i&&(out+=String.prototype.
slice.call(str,lastPos,i)),lastPos=i+1,out+=hexTable2[c]),++i===len)break outer;c=String.prototype.charCodeAt.call(str,i)}
if(lastPos<i&&(out+=String.prototype.slice.call(str,lastPos,i)),c<2048){lastPos=i+1,out+=hexTable2[192|c>>6]+hexTable2[128|
c&63];continue}if(c<55296||c>=57344){lastPos=i+1,out+=hexTable2[224|c>>12]+hexTable2[128|c>>6&63]+hexTable2[128|c&63];continue}
if(++i,i>=len)throw new ERR_INVALID_URI;let c2=String.prototype.charCodeAt.call(str,i)&1023;lastPos=i+1,c=65536+((c&1023)<<
10|c2),out+=hexTable2[240|c>>18]+hexTable2[128|c>>12&63]+hexTable2[128|c>>6&63]+hexTable2[128|c&63]}return lastPos===0?str:
lastPos<len?out+String.prototype.slice.call(str,lastPos):out}var ERR_INVALID_URI,hexTable,isHexTable,init_querystring=__esm(
{"node_modules/unenv/dist/runtime/node/internal/querystring/querystring.mjs"(){ERR_INVALID_URI=class extends URIError{code="\
ERR_INVALID_URI";constructor(){super("URI malformed")}},hexTable=Array.from({length:256});for(let i=0;i<256;++i)hexTable[i]=
"%"+String.prototype.toUpperCase.call((i<16?"0":"")+Number.prototype.toString.call(i,16));isHexTable=new Int8Array([0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,0,0,0,0,
0,0,0,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
0,0,0,0,0,0,0,0,0,0,0,0,0,0])}});var querystring_exports={};__export(querystring_exports,{decode:()=>parse,default:()=>querystring_default,encode:()=>stringify,
escape:()=>qsEscape,parse:()=>parse,stringify:()=>stringify,unescape:()=>qsUnescape,unescapeBuffer:()=>unescapeBuffer});
function unescapeBuffer(s,decodeSpaces){let out=globalThis.Buffer.allocUnsafe(s.length),index=0,outIndex=0,currentChar,nextChar,
hexHigh,hexLow,maxLength=s.length-2,hasHex=!1;for(;index<s.length;){if(currentChar=String.prototype.charCodeAt.call(s,index),
currentChar===43&&decodeSpaces){out[outIndex++]=32,index++;continue}if(currentChar===37&&index<maxLength)if(currentChar=
String.prototype.charCodeAt.call(s,++index),hexHigh=unhexTable[currentChar],hexHigh>=0)nextChar=String.prototype.charCodeAt.
call(s,++index),hexLow=unhexTable[nextChar],hexLow>=0?(hasHex=!0,currentChar=hexHigh*16+hexLow):(out[outIndex++]=37,index--);else{
out[outIndex++]=37;continue}out[outIndex++]=currentChar,index++}return hasHex?out.slice(0,outIndex):out}function qsUnescape(s,decodeSpaces){
try{return decodeURIComponent(s)}catch{return unescapeBuffer(s,decodeSpaces).toString()}}function qsEscape(str){return typeof str!=
"string"&&(typeof str=="object"?str=String(str):str+=""),encodeStr(str,noEscape,hexTable)}function stringifyPrimitive(v){
return typeof v=="string"?v:typeof v=="number"&&Number.isFinite(v)||typeof v=="bigint"?""+v:typeof v=="boolean"?v?"true":
"false":""}function encodeStringified(v,encode){return typeof v=="string"?v.length>0?encode(v):"":typeof v=="number"&&Number.
isFinite(v)?Math.abs(v)<1e21?""+v:encode(""+v):typeof v=="bigint"?""+v:typeof v=="boolean"?v?"true":"false":""}function encodeStringifiedCustom(v,encode){
return encode(stringifyPrimitive(v))}function stringify(obj,sep,eq,options){sep=sep||"&",eq=eq||"=";let encode=qsEscape;
options&&typeof options.encodeURIComponent=="function"&&(encode=options.encodeURIComponent);let convert=encode===qsEscape?
encodeStringified:encodeStringifiedCustom;if(obj!==null&&typeof obj=="object"){let keys=Object.keys(obj),len=keys.length,
fields="";for(let i=0;i<len;++i){let k=keys[i],v=obj[k],ks=convert(k,encode);if(ks+=eq,Array.isArray(v)){let vlen=v.length;
if(vlen===0)continue;fields&&(fields+=sep);for(let j=0;j<vlen;++j)j&&(fields+=sep),fields+=ks,fields+=convert(v[j],encode)}else
fields&&(fields+=sep),fields+=ks,fields+=convert(v,encode)}return fields}return""}function charCodes(str){if(str.length===
0)return[];if(str.length===1)return[String.prototype.charCodeAt.call(str,0)];let ret=Array.from({length:str.length});for(let i=0;i<
str.length;++i)ret[i]=String.prototype.charCodeAt.call(str,i);return ret}function addKeyVal(obj,key,value,keyEncoded,valEncoded,decode){
if(key.length>0&&keyEncoded&&(key=decodeStr(key,decode)),value.length>0&&valEncoded&&(value=decodeStr(value,decode)),obj[key]===
void 0)obj[key]=value;else{let curValue=obj[key];curValue.pop?curValue[curValue.length]=value:obj[key]=[curValue,value]}}
function parse(qs,sep,eq,options){let obj={__proto__:null};if(typeof qs!="string"||qs.length===0)return obj;let sepCodes=sep?
charCodes(String(sep)):defSepCodes,eqCodes=eq?charCodes(String(eq)):defEqCodes,sepLen=sepCodes.length,eqLen=eqCodes.length,
pairs=1e3;options&&typeof options.maxKeys=="number"&&(pairs=options.maxKeys>0?options.maxKeys:-1);let decode=qsUnescape;
options&&typeof options.decodeURIComponent=="function"&&(decode=options.decodeURIComponent);let customDecode=decode!==qsUnescape,
lastPos=0,sepIdx=0,eqIdx=0,key="",value="",keyEncoded=customDecode,valEncoded=customDecode,plusChar=customDecode?"%20":"\
 ",encodeCheck=0;for(let i=0;i<qs.length;++i){let code=String.prototype.charCodeAt.call(qs,i);if(code===sepCodes[sepIdx]){
if(++sepIdx===sepLen){let end=i-sepIdx+1;if(eqIdx<eqLen){if(lastPos<end)key+=String.prototype.slice.call(qs,lastPos,end);else if(key.
length===0){if(--pairs===0)return obj;lastPos=i+1,sepIdx=eqIdx=0;continue}}else lastPos<end&&(value+=String.prototype.slice.
call(qs,lastPos,end));if(addKeyVal(obj,key,value,keyEncoded,valEncoded,decode),--pairs===0)return obj;keyEncoded=valEncoded=
customDecode,key=value="",encodeCheck=0,lastPos=i+1,sepIdx=eqIdx=0}}else{if(sepIdx=0,eqIdx<eqLen){if(code===eqCodes[eqIdx]){
if(++eqIdx===eqLen){let end=i-eqIdx+1;lastPos<end&&(key+=String.prototype.slice.call(qs,lastPos,end)),encodeCheck=0,lastPos=
i+1}continue}else if(eqIdx=0,!keyEncoded){if(code===37){encodeCheck=1;continue}else if(encodeCheck>0)if(isHexTable[code]===
1){++encodeCheck===3&&(keyEncoded=!0);continue}else encodeCheck=0}if(code===43){lastPos<i&&(key+=String.prototype.slice.
call(qs,lastPos,i)),key+=plusChar,lastPos=i+1;continue}}code===43?(lastPos<i&&(value+=String.prototype.slice.call(qs,lastPos,
i)),value+=plusChar,lastPos=i+1):valEncoded||(code===37?encodeCheck=1:encodeCheck>0&&(isHexTable[code]===1?++encodeCheck===
3&&(valEncoded=!0):encodeCheck=0))}}if(lastPos<qs.length)eqIdx<eqLen?key+=String.prototype.slice.call(qs,lastPos):sepIdx<
sepLen&&(value+=String.prototype.slice.call(qs,lastPos));else if(eqIdx===0&&key.length===0)return obj;return addKeyVal(obj,
key,value,keyEncoded,valEncoded,decode),obj}function decodeStr(s,decoder){try{return decoder(s)}catch{return qsUnescape(
s,!0)}}var unhexTable,noEscape,defSepCodes,defEqCodes,querystring_default,init_querystring2=__esm({"node_modules/unenv/d\
ist/runtime/node/querystring.mjs"(){init_querystring();unhexTable=new Int8Array([-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,
-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,0,1,2,3,4,5,6,7,
8,9,-1,-1,-1,-1,-1,-1,-1,10,11,12,13,14,15,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,
10,11,12,13,14,15,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,
-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,
-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,
-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1,-1]);noEscape=
new Int8Array([0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,1,1,1,1,0,0,1,1,0,1,1,1,1,1,
1,1,1,1,1,0,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
1,1,1,1,1,1,1,1,1,1,0,0,0,1,0]);defSepCodes=[38],defEqCodes=[61];querystring_default={unescapeBuffer,unescape:qsUnescape,
escape:qsEscape,stringify,encode:stringify,parse,decode:parse}}});module.exports=(init_querystring2(),__toCommonJS(querystring_exports));
})

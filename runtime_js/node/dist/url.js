// node:url, from unenv/node/url (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __create=Object.create;var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __getProtoOf=Object.getPrototypeOf,__hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toESM=(mod,isNodeMode,target)=>(target=mod!=null?__create(__getProtoOf(mod)):{},__copyProps(isNodeMode||!mod||!mod.
__esModule?__defProp(target,"default",{value:mod,enumerable:!0}):target,mod)),__toCommonJS=mod=>__copyProps(__defProp({},
"__esModule",{value:!0}),mod);function error(type){throw new RangeError(errors[type])}function map(array,callback){let result=[],length=array.length;for(;length--;)
result[length]=callback(array[length]);return result}function mapDomain(domain,callback){let parts=domain.split("@"),result="";
parts.length>1&&(result=parts[0]+"@",domain=parts[1]),domain=domain.replace(regexSeparators,".");let labels=domain.split(
"."),encoded=map(labels,callback).join(".");return result+encoded}function ucs2decode(string){let output=[],counter=0,length=string.
length;for(;counter<length;){let value=string.charCodeAt(counter++);if(value>=55296&&value<=56319&&counter<length){let extra=string.
charCodeAt(counter++);(extra&64512)==56320?output.push(((value&1023)<<10)+(extra&1023)+65536):(output.push(value),counter--)}else
output.push(value)}return output}var regexPunycode,regexNonASCII,regexSeparators,errors,baseMinusTMin,floor,stringFromCharCode,
basicToDigit,digitToBasic,adapt,decode,encode,toUnicode,toASCII,init_punycode=__esm({"node_modules/unenv/dist/runtime/no\
de/internal/punycode/punycode.mjs"(){regexPunycode=/^xn--/,regexNonASCII=/[^\0-\u007F]/,regexSeparators=/[.\u3002\uFF0E\uFF61]/g,
errors={overflow:"Overflow: input needs wider integers to process","not-basic":"Illegal input >= 0x80 (not a basic code \
point)","invalid-input":"Invalid input"},baseMinusTMin=35,floor=Math.floor,stringFromCharCode=String.fromCharCode;basicToDigit=
function(codePoint){return codePoint>=48&&codePoint<58?26+(codePoint-48):codePoint>=65&&codePoint<91?codePoint-65:codePoint>=
97&&codePoint<123?codePoint-97:36},digitToBasic=function(digit,flag){return digit+22+75*(digit<26)-((flag!=0)<<5)},adapt=
function(delta,numPoints,firstTime){let k=0;for(delta=firstTime?floor(delta/700):delta>>1,delta+=floor(delta/numPoints);delta>
baseMinusTMin*26>>1;k+=36)delta=floor(delta/baseMinusTMin);return floor(k+(baseMinusTMin+1)*delta/(delta+38))},decode=function(input){
let output=[],inputLength=input.length,i=0,n=128,bias=72,basic=input.lastIndexOf("-");basic<0&&(basic=0);for(let j=0;j<basic;++j)
input.charCodeAt(j)>=128&&error("not-basic"),output.push(input.charCodeAt(j));for(let index=basic>0?basic+1:0;index<inputLength;){
let oldi=i;for(let w=1,k=36;;k+=36){index>=inputLength&&error("invalid-input");let digit=basicToDigit(input.charCodeAt(index++));
digit>=36&&error("invalid-input"),digit>floor((2147483647-i)/w)&&error("overflow"),i+=digit*w;let t=k<=bias?1:k>=bias+26?
26:k-bias;if(digit<t)break;let baseMinusT=36-t;w>floor(2147483647/baseMinusT)&&error("overflow"),w*=baseMinusT}let out=output.
length+1;bias=adapt(i-oldi,out,oldi===0),floor(i/out)>2147483647-n&&error("overflow"),n+=floor(i/out),i%=out,output.splice(
i++,0,n)}return String.fromCodePoint(...output)},encode=function(_input){let output=[],input=ucs2decode(_input),inputLength=input.
length,n=128,delta=0,bias=72;for(let currentValue of input)currentValue<128&&output.push(stringFromCharCode(currentValue));
let basicLength=output.length,handledCPCount=basicLength;for(basicLength&&output.push("-");handledCPCount<inputLength;){
let m=2147483647;for(let currentValue of input)currentValue>=n&&currentValue<m&&(m=currentValue);let handledCPCountPlusOne=handledCPCount+
1;m-n>floor((2147483647-delta)/handledCPCountPlusOne)&&error("overflow"),delta+=(m-n)*handledCPCountPlusOne,n=m;for(let currentValue of input)
if(currentValue<n&&++delta>2147483647&&error("overflow"),currentValue===n){let q=delta;for(let k=36;;k+=36){let t=k<=bias?
1:k>=bias+26?26:k-bias;if(q<t)break;let qMinusT=q-t,baseMinusT=36-t;output.push(stringFromCharCode(digitToBasic(t+qMinusT%
baseMinusT,0))),q=floor(qMinusT/baseMinusT)}output.push(stringFromCharCode(digitToBasic(q,0))),bias=adapt(delta,handledCPCountPlusOne,
handledCPCount===basicLength),delta=0,++handledCPCount}++delta,++n}return output.join("")},toUnicode=function(input){return mapDomain(
input,function(string){return regexPunycode.test(string)?decode(string.slice(4).toLowerCase()):string})},toASCII=function(input){
return mapDomain(input,function(string){return regexNonASCII.test(string)?"xn--"+encode(string):string})}}});var init_punycode2=__esm({"node_modules/unenv/dist/runtime/node/punycode.mjs"(){init_punycode()}});function encodeStr(str,noEscapeTable,hexTable2){let len=str.length;if(len===0)return"";let out="",lastPos=0,i=0;outer:for(;i<
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
0,0,0,0,0,0,0,0,0,0,0,0,0,0])}});function spliceOne(list,index){for(;index+1<list.length;index++)list[index]=list[index+1];list.pop()}var init_util=__esm(
{"node_modules/unenv/dist/runtime/node/internal/url/util.mjs"(){}});function fmt(val){return Array.isArray(val)?val.map(v=>fmt(v)).join(" or "):val?val.toString():""+val}var ERR_INVALID_ARG_VALUE,
ERR_INVALID_ARG_TYPE,ERR_INVALID_URL,ERR_INVALID_URL_SCHEME,ERR_INVALID_FILE_URL_PATH,ERR_INVALID_FILE_URL_HOST,init_errors=__esm(
{"node_modules/unenv/dist/runtime/node/internal/url/errors.mjs"(){ERR_INVALID_ARG_VALUE=class extends TypeError{code="ER\
R_INVALID_ARG_VALUE";constructor(name,value,reason){super(`The ${name.includes(".")?"property":"argument"} '${name}' ${reason}\
. Received ${value}`)}},ERR_INVALID_ARG_TYPE=class extends TypeError{code="ERR_INVALID_ARG_TYPE";constructor(name,expected,actual){
super(`The "${name}" argument must be of type ${fmt(expected)}. Received ${fmt(actual)}`)}},ERR_INVALID_URL=class extends TypeError{code="\
ERR_INVALID_URL";input;base;constructor(input,base){super("Invalid URL"),this.input=input,base!=null&&(this.base=base)}},
ERR_INVALID_URL_SCHEME=class extends TypeError{code="ERR_INVALID_URL_SCHEME";constructor(expected){super(`The URL must b\
e of scheme ${expected}`)}},ERR_INVALID_FILE_URL_PATH=class extends TypeError{code="ERR_INVALID_FILE_URL_PATH";constructor(path2){
super(`Invalid ile URL path: ${path2}`)}},ERR_INVALID_FILE_URL_HOST=class extends TypeError{code="ERR_INVALID_FILE_URL_H\
OST";constructor(host){super(`File URL host must be "localhost" or empty on ${host}`)}}}});function pathToFileURL(filepath,options){let windows=options?.windows;if(windows&&String.prototype.startsWith.call(filepath,
"\\\\")){let outURL=new URL("file://"),prefixLength=String.prototype.startsWith.call(filepath,"\\\\?\\UNC\\")?8:2,hostnameEndIndex=String.
prototype.indexOf.call(filepath,"\\",prefixLength);if(hostnameEndIndex===-1)throw new ERR_INVALID_ARG_VALUE("path",filepath,
"Missing UNC resource path");let hostname=String.prototype.slice.call(filepath,prefixLength,hostnameEndIndex);return outURL.
hostname=toASCII(hostname),outURL.pathname=encodePathChars(filepath.slice(hostnameEndIndex).replace(backslashRegEx,"/"),
{windows}),outURL}let resolved=windows?import_node_path.default.win32.resolve(filepath):import_node_path.default.posix.resolve(
filepath),filePathLast=String.prototype.charCodeAt.call(filepath,filepath.length-1);return(filePathLast===47||windows&&filePathLast===
92)&&resolved.at(-1)!==import_node_path.default.sep&&(resolved+="/"),resolved=encodePathChars(resolved,{windows}),String.
prototype.indexOf.call(resolved,"?")!==-1&&(resolved=resolved.replace(questionRegex,"%3F")),String.prototype.indexOf.call(
resolved,"#")!==-1&&(resolved=resolved.replace(hashRegex,"%23")),new URL(`file://${resolved}`)}function fileURLToPath(path2,options){
let windows=options?.windows;if(typeof path2=="string")path2=new URL(path2);else if(!isURL(path2))throw new ERR_INVALID_ARG_TYPE(
"path",["string","URL"],path2);if(path2.protocol!=="file:")throw new ERR_INVALID_URL_SCHEME("file");return windows?getPathFromURLWin32(
path2):getPathFromURLPosix(path2)}function urlToHttpOptions(url){let{hostname,pathname,port,username,password,search}=url;
return{__proto__:null,...url,protocol:url.protocol,hostname:hostname&&String.prototype.startsWith.call(hostname,"[")?String.
prototype.slice.call(hostname,1,-1):hostname,hash:url.hash,search,pathname,path:`${pathname||""}${search||""}`,href:url.
href,port:port===""?void 0:Number(port),auth:username||password?`${decodeURIComponent(username)}:${decodeURIComponent(password)}`:
void 0}}function encodePathChars(filepath,options){let windows=options?.windows;return String.prototype.indexOf.call(filepath,
"%")!==-1&&(filepath=filepath.replace(percentRegEx,"%25")),!windows&&String.prototype.indexOf.call(filepath,"\\")!==-1&&
(filepath=filepath.replace(backslashRegEx,"%5C")),String.prototype.indexOf.call(filepath,`
`)!==-1&&(filepath=filepath.replace(newlineRegEx,"%0A")),String.prototype.indexOf.call(filepath,"\r")!==-1&&(filepath=filepath.
replace(carriageReturnRegEx,"%0D")),String.prototype.indexOf.call(filepath,"	")!==-1&&(filepath=filepath.replace(tabRegEx,
"%09")),filepath}function getPathFromURLWin32(url){let hostname=url.hostname,pathname=url.pathname;for(let n=0;n<pathname.
length;n++)if(pathname[n]==="%"){let third=pathname.codePointAt(n+2)|32;if(pathname[n+1]==="2"&&third===102||pathname[n+
1]==="5"&&third===99)throw new ERR_INVALID_FILE_URL_PATH(String.raw`must not include encoded \ or / characters`)}if(pathname=
pathname.replace(FORWARD_SLASH,"\\"),pathname=decodeURIComponent(pathname),hostname!=="")return`\\\\${toUnicode(hostname)}${pathname}`;
let letter=String.prototype.codePointAt.call(pathname,1)|32,sep=String.prototype.charAt.call(pathname,2);if(letter<97||letter>
122||sep!==":")throw new ERR_INVALID_FILE_URL_PATH("must be absolute");return String.prototype.slice.call(pathname,1)}function getPathFromURLPosix(url){
if(url.hostname!=="")throw new ERR_INVALID_FILE_URL_HOST("??");let pathname=url.pathname;for(let n=0;n<pathname.length;n++)
if(pathname[n]==="%"){let third=String.prototype.codePointAt.call(pathname,n+2)|32;if(pathname[n+1]==="2"&&third===102)throw new ERR_INVALID_FILE_URL_PATH(
"must not include encoded / characters")}return decodeURIComponent(pathname)}function isURL(self){return!!(self?.href&&self.
protocol&&self.auth===void 0&&self.path===void 0)}var import_node_path,unsafeProtocol,hostlessProtocol,slashedProtocol,FORWARD_SLASH,
percentRegEx,backslashRegEx,newlineRegEx,carriageReturnRegEx,tabRegEx,questionRegex,hashRegex,init_url=__esm({"node_modu\
les/unenv/dist/runtime/node/internal/url/url.mjs"(){import_node_path=__toESM(require("node:path"),1);init_punycode2();init_errors();
unsafeProtocol=new Set(["javascript","javascript:"]),hostlessProtocol=new Set(["javascript","javascript:"]),slashedProtocol=
new Set(["http","http:","https","https:","ftp","ftp:","gopher","gopher:","file","file:","ws","ws:","wss","wss:"]),FORWARD_SLASH=
/\//g;percentRegEx=/%/g,backslashRegEx=/\\/g,newlineRegEx=/\n/g,carriageReturnRegEx=/\r/g,tabRegEx=/\t/g,questionRegex=/\?/g,
hashRegex=/#/g}});var url_exports={};__export(url_exports,{URL:()=>URL2,URLSearchParams:()=>URLSearchParams,Url:()=>Url,default:()=>url_default,
domainToASCII:()=>domainToASCII,domainToUnicode:()=>domainToUnicode,fileURLToPath:()=>fileURLToPath,format:()=>urlFormat,
parse:()=>urlParse,pathToFileURL:()=>pathToFileURL2,resolve:()=>urlResolve,resolveObject:()=>urlResolveObject,urlToHttpOptions:()=>urlToHttpOptions});
function urlParse(url,parseQueryString,slashesDenoteHost){if(urlParseWarned||(urlParseWarned=!0,console.warn("[Deprecati\
onWarning] [unenv] [node:url] DEP0169: `url.parse()` behavior is not standardized and prone to errors that have security\
 implications. Use the WHATWG URL API instead. CVEs are not issued for `url.parse()` vulnerabilities.")),url instanceof Url)
return url;let urlObject=new Url;return urlObject.parse(url,parseQueryString,slashesDenoteHost),urlObject}function isIpv6Hostname(hostname){
return String.prototype.charCodeAt.call(hostname,0)===91&&String.prototype.charCodeAt.call(hostname,hostname.length-1)===
93}function getHostname(self,rest,hostname,url){for(let i=0;i<hostname.length;++i){let code=hostname.charCodeAt(i);if(!(code!==
47&&code!==92&&code!==35&&code!==63&&code!==58))return warnInvalidPort&&code===58&&(console.warn(`[DeprecationWarning] [\
unenv] [node:url] DEP0170: The URL ${url} is invalid. Future versions of Node.js will throw an error.`),warnInvalidPort=
!1),self.hostname=hostname.slice(0,i),`/${hostname.slice(i)}${rest}`}return rest}function autoEscapeStr(rest){let escaped="",
lastEscapedPos=0;for(let i=0;i<rest.length;++i){let escapedChar=escapedCodes[rest.charCodeAt(i)];escapedChar&&(i>lastEscapedPos&&
(escaped+=rest.slice(lastEscapedPos,i)),escaped+=escapedChar,lastEscapedPos=i+1)}return lastEscapedPos===0?rest:(lastEscapedPos<
rest.length&&(escaped+=rest.slice(lastEscapedPos)),escaped)}function urlFormat(urlObject,options){if(typeof urlObject=="\
string")urlObject=urlParse(urlObject);else{if(typeof urlObject!="object"||urlObject===null)throw new ERR_INVALID_ARG_TYPE(
"urlObject",["Object","string"],urlObject);if(urlObject instanceof URL2){let fragment=!0,unicode=!1,search=!0,auth=!0;options&&
(options.fragment!=null&&(fragment=!!options.fragment),options.unicode!=null&&(unicode=!!options.unicode),options.search!=
null&&(search=!!options.search),options.auth!=null&&(auth=!!options.auth));let _url=new URL2(urlObject.href);return fragment||
(_url.hash=""),search||(_url.search=""),auth||(_url.username=_url.password=""),unicode?Url.prototype.format.call(_url):_url.
href}}return Url.prototype.format.call(urlObject)}function urlResolve(source,relative){return urlParse(source,!1,!0).resolve(
relative)}function urlResolveObject(source,relative){return source?urlParse(source,!1,!0).resolveObject(relative):relative}
function pathToFileURL2(path2,options){return pathToFileURL(path2,options)}var querystring,Url,protocolPattern,portPattern,
hostPattern,simplePathPattern,forbiddenHostChars,forbiddenHostCharsIpv6,noEscapeAuth,escapedCodes,hostnameMaxLen,urlParseWarned,
warnInvalidPort,URL2,URLSearchParams,domainToASCII,domainToUnicode,url_default,init_url2=__esm({"node_modules/unenv/dist\
/runtime/node/url.mjs"(){querystring=__toESM(require("node:querystring"),1);init_punycode2();init_querystring();init_util();
init_errors();init_url();Url=class _Url{auth=null;hash=null;host=null;hostname=null;href=null;path=null;pathname=null;protocol=null;search=null;slashes=null;port=null;query=null;parse(url,parseQueryString,slashesDenoteHost){
if(typeof url!="string")throw new ERR_INVALID_ARG_TYPE("url","string",url);let hasHash=!1,hasAt=!1,start=-1,end=-1,rest="",
lastPos=0;for(let i=0,inWs=!1,split=!1;i<url.length;++i){let code=url.charCodeAt(i),isWs=code<33||code===160||code===65279;
if(start===-1){if(isWs)continue;lastPos=start=i}else inWs?isWs||(end=-1,inWs=!1):isWs&&(end=i,inWs=!0);if(split)!hasHash&&
code===35&&(hasHash=!0);else switch(code){case 64:hasAt=!0;break;case 35:hasHash=!0;case 63:split=!0;break;case 92:i-lastPos>
0&&(rest+=url.slice(lastPos,i)),rest+="/",lastPos=i+1;break}}if(start!==-1&&(lastPos===start?end===-1?start===0?rest=url:
rest=url.slice(start):rest=url.slice(start,end):end===-1&&lastPos<url.length?rest+=url.slice(lastPos):end!==-1&&lastPos<
end&&(rest+=url.slice(lastPos,end))),!slashesDenoteHost&&!hasHash&&!hasAt){let simplePath=simplePathPattern.exec(rest);if(simplePath)
return this.path=rest,this.href=rest,this.pathname=simplePath[1],simplePath[2]?(this.search=simplePath[2],parseQueryString?
this.query=querystring.parse(this.search.slice(1)):this.query=this.search.slice(1)):parseQueryString&&(this.search=null,
this.query={__proto__:null}),this}let protoMatch=protocolPattern.exec(rest),proto,lowerProto;protoMatch&&(proto=protoMatch[0],
lowerProto=proto.toLowerCase(),this.protocol=lowerProto,rest=rest.slice(proto.length));let slashes;if((slashesDenoteHost||
proto||hostPattern.test(rest))&&(slashes=rest.charCodeAt(0)===47&&rest.charCodeAt(1)===47,slashes&&!(proto&&hostlessProtocol.
has(lowerProto))&&(rest=rest.slice(2),this.slashes=!0)),!hostlessProtocol.has(lowerProto)&&(slashes||proto&&!slashedProtocol.
has(proto))){let hostEnd=-1,atSign=-1,nonHost=-1;for(let i=0;i<rest.length;++i){switch(rest.charCodeAt(i)){case 9:case 10:case 13:
rest=rest.slice(0,i)+rest.slice(i+1),i-=1;break;case 32:case 34:case 37:case 39:case 59:case 60:case 62:case 92:case 94:case 96:case 123:case 124:case 125:
nonHost===-1&&(nonHost=i);break;case 35:case 47:case 63:nonHost===-1&&(nonHost=i),hostEnd=i;break;case 64:atSign=i,nonHost=
-1;break}if(hostEnd!==-1)break}start=0,atSign!==-1&&(this.auth=decodeURIComponent(rest.slice(0,atSign)),start=atSign+1),
nonHost===-1?(this.host=rest.slice(start),rest=""):(this.host=rest.slice(start,nonHost),rest=rest.slice(nonHost)),this.parseHost(),
typeof this.hostname!="string"&&(this.hostname="");let hostname=this.hostname,ipv6Hostname=isIpv6Hostname(hostname);if(ipv6Hostname||
(rest=getHostname(this,rest,hostname,url)),this.hostname.length>hostnameMaxLen?this.hostname="":this.hostname=this.hostname.
toLowerCase(),this.hostname!==""){if(ipv6Hostname){if(forbiddenHostCharsIpv6.test(this.hostname))throw new ERR_INVALID_URL(
url)}else if(this.hostname=toASCII(this.hostname),this.hostname===""||forbiddenHostChars.test(this.hostname))throw new ERR_INVALID_URL(
url)}let p=this.port?":"+this.port:"",h=this.hostname||"";this.host=h+p,ipv6Hostname&&(this.hostname=this.hostname.slice(
1,-1),rest[0]!=="/"&&(rest="/"+rest))}unsafeProtocol.has(lowerProto)||(rest=autoEscapeStr(rest));let questionIdx=-1,hashIdx=-1;
for(let i=0;i<rest.length;++i){let code=rest.charCodeAt(i);if(code===35){this.hash=rest.slice(i),hashIdx=i;break}else code===
63&&questionIdx===-1&&(questionIdx=i)}questionIdx!==-1?(hashIdx===-1?(this.search=rest.slice(questionIdx),this.query=rest.
slice(questionIdx+1)):(this.search=rest.slice(questionIdx,hashIdx),this.query=rest.slice(questionIdx+1,hashIdx)),parseQueryString&&
(this.query=querystring.parse(this.query))):parseQueryString&&(this.search=null,this.query={__proto__:null});let firstIdx=questionIdx!==
-1&&(hashIdx===-1||questionIdx<hashIdx)?questionIdx:hashIdx;if(firstIdx===-1?rest.length>0&&(this.pathname=rest):firstIdx>
0&&(this.pathname=rest.slice(0,firstIdx)),slashedProtocol.has(lowerProto)&&this.hostname&&!this.pathname&&(this.pathname=
"/"),this.pathname||this.search){let p=this.pathname||"",s=this.search||"";this.path=p+s}return this.href=this.format(),
this}format(){let auth=this.auth||"";auth&&(auth=encodeStr(auth,noEscapeAuth,hexTable),auth+="@");let protocol=this.protocol||
"",pathname=this.pathname||"",hash=this.hash||"",host="",query="";this.host?host=auth+this.host:this.hostname&&(host=auth+
(this.hostname.includes(":")&&!isIpv6Hostname(this.hostname)?"["+this.hostname+"]":this.hostname),this.port&&(host+=":"+
this.port)),this.query!==null&&typeof this.query=="object"&&(query=querystring.stringify(this.query));let search=this.search||
query&&"?"+query||"";protocol&&protocol.charCodeAt(protocol.length-1)!==58&&(protocol+=":");let newPathname="",lastPos=0;
for(let i=0;i<pathname.length;++i)switch(pathname.charCodeAt(i)){case 35:i-lastPos>0&&(newPathname+=pathname.slice(lastPos,
i)),newPathname+="%23",lastPos=i+1;break;case 63:i-lastPos>0&&(newPathname+=pathname.slice(lastPos,i)),newPathname+="%3F",
lastPos=i+1;break}return lastPos>0&&(lastPos===pathname.length?pathname=newPathname:pathname=newPathname+pathname.slice(
lastPos)),(this.slashes||slashedProtocol.has(protocol))&&(this.slashes||host?(pathname&&pathname.charCodeAt(0)!==47&&(pathname=
"/"+pathname),host="//"+host):protocol.length>=4&&protocol.charCodeAt(0)===102&&protocol.charCodeAt(1)===105&&protocol.charCodeAt(
2)===108&&protocol.charCodeAt(3)===101&&(host="//")),search=search.replace(/#/g,"%23"),hash&&hash.charCodeAt(0)!==35&&(hash=
"#"+hash),search&&search.charCodeAt(0)!==63&&(search="?"+search),protocol+host+pathname+search+hash}resolve(relative){return this.
resolveObject(urlParse(relative,!1,!0)).format()}resolveObject(relative){if(typeof relative=="string"){let rel=new _Url;
rel.parse(relative,!1,!0),relative=rel}let result=new _Url;if(Object.assign(result,this),result.hash=relative.hash,relative.
href==="")return result.href=result.format(),result;if(relative.slashes&&!relative.protocol){let relativeWithoutProtocol=Object.
keys(relative).reduce((acc,key)=>(key!=="protocol"&&(acc[key]=relative[key]),acc),{});return Object.assign(result,relativeWithoutProtocol),
slashedProtocol.has(result.protocol)&&result.hostname&&!result.pathname&&(result.path=result.pathname="/"),result.href=result.
format(),result}if(relative.protocol&&relative.protocol!==result.protocol){if(!slashedProtocol.has(relative.protocol))return Object.
assign(result,relative),result.href=result.format(),result;if(result.protocol=relative.protocol,!relative.host&&!/^file:?$/.
test(relative.protocol)&&!hostlessProtocol.has(relative.protocol)){let relPath2=(relative.pathname||"").split("/");for(;relPath2.
length>0&&!(relative.host=relPath2.shift()););relative.host||(relative.host=""),relative.hostname||(relative.hostname=""),
relPath2[0]!==""&&relPath2.unshift(""),relPath2.length<2&&relPath2.unshift(""),result.pathname=relPath2.join("/")}else result.
pathname=relative.pathname;if(result.search=relative.search,result.query=relative.query,result.host=relative.host||"",result.
auth=relative.auth,result.hostname=relative.hostname||relative.host,result.port=relative.port,result.pathname||result.search){
let p=result.pathname||"",s=result.search||"";result.path=p+s}return result.slashes=result.slashes||relative.slashes,result.
href=result.format(),result}let isSourceAbs=result.pathname&&result.pathname.charAt(0)==="/",isRelAbs=relative.host||relative.
pathname&&relative.pathname.charAt(0)==="/",mustEndAbs=isRelAbs||isSourceAbs||result.host&&relative.pathname,removeAllDots=mustEndAbs,
srcPath=result.pathname&&result.pathname.split("/")||[],relPath=relative.pathname&&relative.pathname.split("/")||[],noLeadingSlashes=result.
protocol&&!slashedProtocol.has(result.protocol);if(noLeadingSlashes&&(result.hostname="",result.port=null,result.host&&(srcPath[0]===
""?srcPath[0]=result.host:srcPath.unshift(result.host)),result.host="",relative.protocol&&(relative.hostname=null,relative.
port=null,result.auth=null,relative.host&&(relPath[0]===""?relPath[0]=relative.host:relPath.unshift(relative.host)),relative.
host=null),mustEndAbs=mustEndAbs&&(relPath[0]===""||srcPath[0]==="")),isRelAbs)(relative.host||relative.host==="")&&(result.
host!==relative.host&&(result.auth=null),result.host=relative.host,result.port=relative.port),(relative.hostname||relative.
hostname==="")&&(result.hostname!==relative.hostname&&(result.auth=null),result.hostname=relative.hostname),result.search=
relative.search,result.query=relative.query,srcPath=relPath;else if(relPath.length>0)srcPath||(srcPath=[]),srcPath.pop(),
srcPath=srcPath.concat(relPath),result.search=relative.search,result.query=relative.query;else if(relative.search!==null&&
relative.search!==void 0){if(noLeadingSlashes){result.hostname=result.host=srcPath.shift();let authInHost=result.host&&result.
host.indexOf("@")>0&&result.host.split("@");authInHost&&(result.auth=authInHost.shift(),result.host=result.hostname=authInHost.
shift())}return result.search=relative.search,result.query=relative.query,(result.pathname!==null||result.search!==null)&&
(result.path=(result.pathname?result.pathname:"")+(result.search?result.search:"")),result.href=result.format(),result}if(srcPath.
length===0)return result.pathname=null,result.search?result.path="/"+result.search:result.path=null,result.href=result.format(),
result;let last=srcPath.at(-1),hasTrailingSlash=(result.host||relative.host||srcPath.length>1)&&(last==="."||last==="..")||
last==="",up=0;for(let i=srcPath.length-1;i>=0;i--)last=srcPath[i],last==="."?spliceOne(srcPath,i):last===".."?(spliceOne(
srcPath,i),up++):up&&(spliceOne(srcPath,i),up--);if(!mustEndAbs&&!removeAllDots)for(;up--;)srcPath.unshift("..");mustEndAbs&&
srcPath[0]!==""&&(!srcPath[0]||srcPath[0].charAt(0)!=="/")&&srcPath.unshift(""),hasTrailingSlash&&srcPath.join("/").slice(
-1)!=="/"&&srcPath.push("");let isAbsolute=srcPath[0]===""||srcPath[0]&&srcPath[0].charAt(0)==="/";if(noLeadingSlashes){
result.hostname=result.host=isAbsolute?"":srcPath.length>0?srcPath.shift():"";let authInHost=result.host&&result.host.indexOf(
"@")>0?result.host.split("@"):!1;authInHost&&(result.auth=authInHost.shift(),result.host=result.hostname=authInHost.shift())}
return mustEndAbs=mustEndAbs||result.host&&srcPath.length,mustEndAbs&&!isAbsolute&&srcPath.unshift(""),srcPath.length===
0?(result.pathname=null,result.path=null):result.pathname=srcPath.join("/"),(result.pathname!==null||result.search!==null)&&
(result.path=(result.pathname?result.pathname:"")+(result.search?result.search:"")),result.auth=relative.auth||result.auth,
result.slashes=result.slashes||relative.slashes,result.href=result.format(),result}parseHost(){let host=this.host,portMatch=portPattern.
exec(host);if(portMatch){let port=portMatch[0];port!==":"&&(this.port=port.slice(1)),host=host.slice(0,host.length-port.
length)}host&&(this.hostname=host)}},protocolPattern=/^[\d+.a-z-]+:/i,portPattern=/:\d*$/,hostPattern=/^\/\/[^/@]+@[^/@]+/,
simplePathPattern=/^(\/\/?(?!\/)[^\s?]*)(\?\S*)?$/,forbiddenHostChars=/[\0\t\n\r #%/:<>?@[\\\]^|]/,forbiddenHostCharsIpv6=
/[\0\t\n\r #%/<>?@\\^|]/,noEscapeAuth=new Int8Array([0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,
0,0,0,0,0,1,1,1,1,0,0,1,1,0,1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,
0,1,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,0,0,0,1,0]),escapedCodes=["","","","","","","","","","%09","%0\
A","","","%0D","","","","","","","","","","","","","","","","","","","%20","","%22","","","","","%27","","","","","","",
"","","","","","","","","","","","","","","%3C","","%3E","","","","","","","","","","","","","","","","","","","","","",
"","","","","","","","","%5C","","%5E","","%60","","","","","","","","","","","","","","","","","","","","","","","","",
"","","%7B","%7C","%7D"],hostnameMaxLen=255,urlParseWarned=!1;warnInvalidPort=!0;URL2=globalThis.URL,URLSearchParams=globalThis.
URLSearchParams,domainToASCII=toASCII,domainToUnicode=toUnicode,url_default={Url,parse:urlParse,resolve:urlResolve,resolveObject:urlResolveObject,
format:urlFormat,URL:URL2,URLSearchParams,domainToASCII,domainToUnicode,pathToFileURL:pathToFileURL2,fileURLToPath,urlToHttpOptions}}});module.exports=(init_url2(),__toCommonJS(url_exports));
})

// node:buffer, from src/buffer.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from2,except,desc)=>{
if(from2&&typeof from2=="object"||typeof from2=="function")for(let key of __getOwnPropNames(from2))!__hasOwnProp.call(to,
key)&&key!==except&&__defProp(to,key,{get:()=>from2[key],enumerable:!(desc=__getOwnPropDesc(from2,key))||desc.enumerable});
return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});function getLens(b64){let len=b64.length;if(len%4>0)throw new Error("Invalid string. Length must be a multiple of 4");let validLen=b64.
indexOf("=");validLen===-1&&(validLen=len);let placeHoldersLen=validLen===len?0:4-validLen%4;return[validLen,placeHoldersLen]}
function _byteLength(b64,validLen,placeHoldersLen){return(validLen+placeHoldersLen)*3/4-placeHoldersLen}function toByteArray(b64){
let tmp,lens=getLens(b64),validLen=lens[0],placeHoldersLen=lens[1],arr=new Arr(_byteLength(b64,validLen,placeHoldersLen)),
curByte=0,len=placeHoldersLen>0?validLen-4:validLen,i;for(i=0;i<len;i+=4)tmp=revLookup[b64.charCodeAt(i)]<<18|revLookup[b64.
charCodeAt(i+1)]<<12|revLookup[b64.charCodeAt(i+2)]<<6|revLookup[b64.charCodeAt(i+3)],arr[curByte++]=tmp>>16&255,arr[curByte++]=
tmp>>8&255,arr[curByte++]=tmp&255;return placeHoldersLen===2&&(tmp=revLookup[b64.charCodeAt(i)]<<2|revLookup[b64.charCodeAt(
i+1)]>>4,arr[curByte++]=tmp&255),placeHoldersLen===1&&(tmp=revLookup[b64.charCodeAt(i)]<<10|revLookup[b64.charCodeAt(i+1)]<<
4|revLookup[b64.charCodeAt(i+2)]>>2,arr[curByte++]=tmp>>8&255,arr[curByte++]=tmp&255),arr}function tripletToBase64(num){
return lookup[num>>18&63]+lookup[num>>12&63]+lookup[num>>6&63]+lookup[num&63]}function encodeChunk(uint8,start,end){let tmp,
output=[];for(let i=start;i<end;i+=3)tmp=(uint8[i]<<16&16711680)+(uint8[i+1]<<8&65280)+(uint8[i+2]&255),output.push(tripletToBase64(
tmp));return output.join("")}function fromByteArray(uint8){let tmp,len=uint8.length,extraBytes=len%3,parts=[],maxChunkLength=16383;
for(let i=0,len2=len-extraBytes;i<len2;i+=maxChunkLength)parts.push(encodeChunk(uint8,i,i+maxChunkLength>len2?len2:i+maxChunkLength));
return extraBytes===1?(tmp=uint8[len-1],parts.push(lookup[tmp>>2]+lookup[tmp<<4&63]+"==")):extraBytes===2&&(tmp=(uint8[len-
2]<<8)+uint8[len-1],parts.push(lookup[tmp>>10]+lookup[tmp>>4&63]+lookup[tmp<<2&63]+"=")),parts.join("")}var lookup,revLookup,
Arr,code,init_base64=__esm({"node_modules/unenv/dist/runtime/node/internal/buffer/base64.mjs"(){lookup=[],revLookup=[],Arr=
typeof Uint8Array>"u"?Array:Uint8Array,code="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";for(let i=0,
len=code.length;i<len;++i)lookup[i]=code[i],revLookup[code.charCodeAt(i)]=i;revLookup[45]=62;revLookup[95]=63}});function read(buffer,offset,isLE,mLen,nBytes){let e,m,eLen=nBytes*8-mLen-1,eMax=(1<<eLen)-1,eBias=eMax>>1,nBits=-7,i=isLE?
nBytes-1:0,d=isLE?-1:1,s=buffer[offset+i];for(i+=d,e=s&(1<<-nBits)-1,s>>=-nBits,nBits+=eLen;nBits>0;)e=e*256+buffer[offset+
i],i+=d,nBits-=8;for(m=e&(1<<-nBits)-1,e>>=-nBits,nBits+=mLen;nBits>0;)m=m*256+buffer[offset+i],i+=d,nBits-=8;if(e===0)e=
1-eBias;else{if(e===eMax)return m?Number.NaN:(s?-1:1)*Number.POSITIVE_INFINITY;m=m+Math.pow(2,mLen),e=e-eBias}return(s?-1:
1)*m*Math.pow(2,e-mLen)}function write(buffer,value,offset,isLE,mLen,nBytes){let e,m,c,eLen=nBytes*8-mLen-1,eMax=(1<<eLen)-
1,eBias=eMax>>1,rt=mLen===23?Math.pow(2,-24)-Math.pow(2,-77):0,i=isLE?0:nBytes-1,d=isLE?1:-1,s=value<0||value===0&&1/value<
0?1:0;for(value=Math.abs(value),Number.isNaN(value)||value===Number.POSITIVE_INFINITY?(m=Number.isNaN(value)?1:0,e=eMax):
(e=Math.floor(Math.log2(value)),value*(c=Math.pow(2,-e))<1&&(e--,c*=2),value+=e+eBias>=1?rt/c:rt*Math.pow(2,1-eBias),value*
c>=2&&(e++,c/=2),e+eBias>=eMax?(m=0,e=eMax):e+eBias>=1?(m=(value*c-1)*Math.pow(2,mLen),e=e+eBias):(m=value*Math.pow(2,eBias-
1)*Math.pow(2,mLen),e=0));mLen>=8;)buffer[offset+i]=m&255,i+=d,m/=256,mLen-=8;for(e=e<<mLen|m,eLen+=mLen;eLen>0;)buffer[offset+
i]=e&255,i+=d,e/=256,eLen-=8;buffer[offset+i-d]|=s*128}var init_ieee754=__esm({"node_modules/unenv/dist/runtime/node/int\
ernal/buffer/ieee754.mjs"(){}});function typedArraySupport(){try{let arr=new Uint8Array(1),proto={foo:function(){return 42}};return Object.setPrototypeOf(
proto,Uint8Array.prototype),Object.setPrototypeOf(arr,proto),arr.foo()===42}catch{return!1}}function createBuffer(length){
if(length>K_MAX_LENGTH)throw new RangeError('The value "'+length+'" is invalid for option "size"');let buf=new Uint8Array(
length);return Object.setPrototypeOf(buf,Buffer2.prototype),buf}function Buffer2(arg,encodingOrOffset,length){if(typeof arg==
"number"){if(typeof encodingOrOffset=="string")throw new TypeError('The "string" argument must be of type string. Receiv\
ed type number');return allocUnsafe(arg)}return from(arg,encodingOrOffset,length)}function from(value,encodingOrOffset,length){
if(typeof value=="string")return fromString(value,encodingOrOffset);if(ArrayBuffer.isView(value))return fromArrayView(value);
if(value==null)throw new TypeError("The first argument must be one of type string, Buffer, ArrayBuffer, Array, or Array-\
like Object. Received type "+typeof value);if(isInstance(value,ArrayBuffer)||value&&isInstance(value.buffer,ArrayBuffer)||
typeof SharedArrayBuffer<"u"&&(isInstance(value,SharedArrayBuffer)||value&&isInstance(value.buffer,SharedArrayBuffer)))return fromArrayBuffer(
value,encodingOrOffset,length);if(typeof value=="number")throw new TypeError('The "value" argument must not be of type n\
umber. Received type number');let valueOf=value.valueOf&&value.valueOf();if(valueOf!=null&&valueOf!==value)return Buffer2.
from(valueOf,encodingOrOffset,length);let b=fromObject(value);if(b)return b;if(typeof Symbol<"u"&&Symbol.toPrimitive!=null&&
typeof value[Symbol.toPrimitive]=="function")return Buffer2.from(value[Symbol.toPrimitive]("string"),encodingOrOffset,length);
throw new TypeError("The first argument must be one of type string, Buffer, ArrayBuffer, Array, or Array-like Object. Re\
ceived type "+typeof value)}function assertSize(size){if(typeof size!="number")throw new TypeError('"size" argument must\
 be of type number');if(size<0)throw new RangeError('The value "'+size+'" is invalid for option "size"')}function alloc(size,fill2,encoding){
return assertSize(size),size<=0?createBuffer(size):fill2!==void 0?typeof encoding=="string"?createBuffer(size).fill(fill2,
encoding):createBuffer(size).fill(fill2):createBuffer(size)}function allocUnsafe(size){return assertSize(size),createBuffer(
size<0?0:checked(size)|0)}function fromString(string,encoding){if((typeof encoding!="string"||encoding==="")&&(encoding=
"utf8"),!Buffer2.isEncoding(encoding))throw new TypeError("Unknown encoding: "+encoding);let length=byteLength(string,encoding)|
0,buf=createBuffer(length),actual=buf.write(string,encoding);return actual!==length&&(buf=buf.slice(0,actual)),buf}function fromArrayLike(array){
let length=array.length<0?0:checked(array.length)|0,buf=createBuffer(length);for(let i=0;i<length;i+=1)buf[i]=array[i]&255;
return buf}function fromArrayView(arrayView){if(isInstance(arrayView,Uint8Array)){let copy2=new Uint8Array(arrayView);return fromArrayBuffer(
copy2.buffer,copy2.byteOffset,copy2.byteLength)}return fromArrayLike(arrayView)}function fromArrayBuffer(array,byteOffset,length){
if(byteOffset<0||array.byteLength<byteOffset)throw new RangeError('"offset" is outside of buffer bounds');if(array.byteLength<
byteOffset+(length||0))throw new RangeError('"length" is outside of buffer bounds');let buf;return byteOffset===void 0&&
length===void 0?buf=new Uint8Array(array):length===void 0?buf=new Uint8Array(array,byteOffset):buf=new Uint8Array(array,
byteOffset,length),Object.setPrototypeOf(buf,Buffer2.prototype),buf}function fromObject(obj){if(Buffer2.isBuffer(obj)){let len=checked(
obj.length)|0,buf=createBuffer(len);return buf.length===0||obj.copy(buf,0,0,len),buf}if(obj.length!==void 0)return typeof obj.
length!="number"||numberIsNaN(obj.length)?createBuffer(0):fromArrayLike(obj);if(obj.type==="Buffer"&&Array.isArray(obj.data))
return fromArrayLike(obj.data)}function checked(length){if(length>=K_MAX_LENGTH)throw new RangeError("Attempt to allocat\
e Buffer larger than maximum size: 0x"+K_MAX_LENGTH.toString(16)+" bytes");return length|0}function SlowBuffer(length){return+length!=
length&&(length=0),Buffer2.alloc(+length)}function byteLength(string,encoding){if(Buffer2.isBuffer(string))return string.
length;if(ArrayBuffer.isView(string)||isInstance(string,ArrayBuffer))return string.byteLength;if(typeof string!="string")
throw new TypeError('The "string" argument must be one of type string, Buffer, or ArrayBuffer. Received type '+typeof string);
let len=string.length,mustMatch=arguments.length>2&&arguments[2]===!0;if(!mustMatch&&len===0)return 0;let loweredCase=!1;
for(;;)switch(encoding){case"ascii":case"latin1":case"binary":return len;case"utf8":case"utf-8":return utf8ToBytes(string).
length;case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return len*2;case"hex":return len>>>1;case"base64":return base64ToBytes(
string).length;default:if(loweredCase)return mustMatch?-1:utf8ToBytes(string).length;encoding=(""+encoding).toLowerCase(),
loweredCase=!0}}function slowToString(encoding,start,end){let loweredCase=!1;if((start===void 0||start<0)&&(start=0),start>
this.length||((end===void 0||end>this.length)&&(end=this.length),end<=0)||(end>>>=0,start>>>=0,end<=start))return"";for(encoding||
(encoding="utf8");;)switch(encoding){case"hex":return hexSlice(this,start,end);case"utf8":case"utf-8":return utf8Slice(this,
start,end);case"ascii":return asciiSlice(this,start,end);case"latin1":case"binary":return latin1Slice(this,start,end);case"\
base64":return base64Slice(this,start,end);case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return utf16leSlice(this,
start,end);default:if(loweredCase)throw new TypeError("Unknown encoding: "+encoding);encoding=(encoding+"").toLowerCase(),
loweredCase=!0}}function swap(b,n,m){let i=b[n];b[n]=b[m],b[m]=i}function bidirectionalIndexOf(buffer,val,byteOffset,encoding,dir){
if(buffer.length===0)return-1;if(typeof byteOffset=="string"?(encoding=byteOffset,byteOffset=0):byteOffset>2147483647?byteOffset=
2147483647:byteOffset<-2147483648&&(byteOffset=-2147483648),byteOffset=+byteOffset,numberIsNaN(byteOffset)&&(byteOffset=
dir?0:buffer.length-1),byteOffset<0&&(byteOffset=buffer.length+byteOffset),byteOffset>=buffer.length){if(dir)return-1;byteOffset=
buffer.length-1}else if(byteOffset<0)if(dir)byteOffset=0;else return-1;if(typeof val=="string"&&(val=Buffer2.from(val,encoding)),
Buffer2.isBuffer(val))return val.length===0?-1:arrayIndexOf(buffer,val,byteOffset,encoding,dir);if(typeof val=="number")
return val=val&255,typeof Uint8Array.prototype.indexOf=="function"?dir?Uint8Array.prototype.indexOf.call(buffer,val,byteOffset):
Uint8Array.prototype.lastIndexOf.call(buffer,val,byteOffset):arrayIndexOf(buffer,[val],byteOffset,encoding,dir);throw new TypeError(
"val must be string, number or Buffer")}function arrayIndexOf(arr,val,byteOffset,encoding,dir){let indexSize=1,arrLength=arr.
length,valLength=val.length;if(encoding!==void 0&&(encoding=String(encoding).toLowerCase(),encoding==="ucs2"||encoding===
"ucs-2"||encoding==="utf16le"||encoding==="utf-16le")){if(arr.length<2||val.length<2)return-1;indexSize=2,arrLength/=2,valLength/=
2,byteOffset/=2}function read2(buf,i2){return indexSize===1?buf[i2]:buf.readUInt16BE(i2*indexSize)}let i;if(dir){let foundIndex=-1;
for(i=byteOffset;i<arrLength;i++)if(read2(arr,i)===read2(val,foundIndex===-1?0:i-foundIndex)){if(foundIndex===-1&&(foundIndex=
i),i-foundIndex+1===valLength)return foundIndex*indexSize}else foundIndex!==-1&&(i-=i-foundIndex),foundIndex=-1}else for(byteOffset+
valLength>arrLength&&(byteOffset=arrLength-valLength),i=byteOffset;i>=0;i--){let found=!0;for(let j=0;j<valLength;j++)if(read2(
arr,i+j)!==read2(val,j)){found=!1;break}if(found)return i}return-1}function hexWrite(buf,string,offset,length){offset=Number(
offset)||0;let remaining=buf.length-offset;length?(length=Number(length),length>remaining&&(length=remaining)):length=remaining;
let strLen=string.length;length>strLen/2&&(length=strLen/2);let i;for(i=0;i<length;++i){let parsed=Number.parseInt(string.
slice(i*2,i*2+2),16);if(numberIsNaN(parsed))return i;buf[offset+i]=parsed}return i}function utf8Write(buf,string,offset,length){
return blitBuffer(utf8ToBytes(string,buf.length-offset),buf,offset,length)}function asciiWrite(buf,string,offset,length){
return blitBuffer(asciiToBytes(string),buf,offset,length)}function base64Write(buf,string,offset,length){return blitBuffer(
base64ToBytes(string),buf,offset,length)}function ucs2Write(buf,string,offset,length){return blitBuffer(utf16leToBytes(string,
buf.length-offset),buf,offset,length)}function base64Slice(buf,start,end){return start===0&&end===buf.length?fromByteArray(
buf):fromByteArray(buf.slice(start,end))}function utf8Slice(buf,start,end){end=Math.min(buf.length,end);let res=[],i=start;
for(;i<end;){let firstByte=buf[i],codePoint=null,bytesPerSequence=firstByte>239?4:firstByte>223?3:firstByte>191?2:1;if(i+
bytesPerSequence<=end){let secondByte,thirdByte,fourthByte,tempCodePoint;switch(bytesPerSequence){case 1:firstByte<128&&
(codePoint=firstByte);break;case 2:secondByte=buf[i+1],(secondByte&192)===128&&(tempCodePoint=(firstByte&31)<<6|secondByte&
63,tempCodePoint>127&&(codePoint=tempCodePoint));break;case 3:secondByte=buf[i+1],thirdByte=buf[i+2],(secondByte&192)===
128&&(thirdByte&192)===128&&(tempCodePoint=(firstByte&15)<<12|(secondByte&63)<<6|thirdByte&63,tempCodePoint>2047&&(tempCodePoint<
55296||tempCodePoint>57343)&&(codePoint=tempCodePoint));break;case 4:secondByte=buf[i+1],thirdByte=buf[i+2],fourthByte=buf[i+
3],(secondByte&192)===128&&(thirdByte&192)===128&&(fourthByte&192)===128&&(tempCodePoint=(firstByte&15)<<18|(secondByte&
63)<<12|(thirdByte&63)<<6|fourthByte&63,tempCodePoint>65535&&tempCodePoint<1114112&&(codePoint=tempCodePoint))}}codePoint===
null?(codePoint=65533,bytesPerSequence=1):codePoint>65535&&(codePoint-=65536,res.push(codePoint>>>10&1023|55296),codePoint=
56320|codePoint&1023),res.push(codePoint),i+=bytesPerSequence}return decodeCodePointsArray(res)}function decodeCodePointsArray(codePoints){
let len=codePoints.length;if(len<=MAX_ARGUMENTS_LENGTH)return String.fromCharCode.apply(String,codePoints);let res="",i=0;
for(;i<len;)res+=String.fromCharCode.apply(String,codePoints.slice(i,i+=MAX_ARGUMENTS_LENGTH));return res}function asciiSlice(buf,start,end){
let ret="";end=Math.min(buf.length,end);for(let i=start;i<end;++i)ret+=String.fromCharCode(buf[i]&127);return ret}function latin1Slice(buf,start,end){
let ret="";end=Math.min(buf.length,end);for(let i=start;i<end;++i)ret+=String.fromCharCode(buf[i]);return ret}function hexSlice(buf,start,end){
let len=buf.length;(!start||start<0)&&(start=0),(!end||end<0||end>len)&&(end=len);let out="";for(let i=start;i<end;++i)out+=
hexSliceLookupTable[buf[i]];return out}function utf16leSlice(buf,start,end){let bytes=buf.slice(start,end),res="";for(let i=0;i<
bytes.length-1;i+=2)res+=String.fromCharCode(bytes[i]+bytes[i+1]*256);return res}function checkOffset(offset,ext,length){
if(offset%1!==0||offset<0)throw new RangeError("offset is not uint");if(offset+ext>length)throw Object.assign(new RangeError(
"Attempt to access memory outside buffer bounds"),{code:"ERR_BUFFER_OUT_OF_BOUNDS"})}function checkInt(buf,value,offset,ext,max,min){
if(!Buffer2.isBuffer(buf))throw new TypeError('"buffer" argument must be a Buffer instance');if(value>max||value<min)throw new RangeError(
'"value" argument is out of bounds');if(offset+ext>buf.length)throw new RangeError("Index out of range")}function wrtBigUInt64LE(buf,value,offset,min,max){
checkIntBI(value,min,max,buf,offset,7);let lo=Number(value&BigInt(4294967295));buf[offset++]=lo,lo=lo>>8,buf[offset++]=lo,
lo=lo>>8,buf[offset++]=lo,lo=lo>>8,buf[offset++]=lo;let hi=Number(value>>BigInt(32)&BigInt(4294967295));return buf[offset++]=
hi,hi=hi>>8,buf[offset++]=hi,hi=hi>>8,buf[offset++]=hi,hi=hi>>8,buf[offset++]=hi,offset}function wrtBigUInt64BE(buf,value,offset,min,max){
checkIntBI(value,min,max,buf,offset,7);let lo=Number(value&BigInt(4294967295));buf[offset+7]=lo,lo=lo>>8,buf[offset+6]=lo,
lo=lo>>8,buf[offset+5]=lo,lo=lo>>8,buf[offset+4]=lo;let hi=Number(value>>BigInt(32)&BigInt(4294967295));return buf[offset+
3]=hi,hi=hi>>8,buf[offset+2]=hi,hi=hi>>8,buf[offset+1]=hi,hi=hi>>8,buf[offset]=hi,offset+8}function checkIEEE754(buf,value,offset,ext,max,min){
if(offset+ext>buf.length)throw new RangeError("Index out of range");if(offset<0)throw new RangeError("Index out of range")}
function writeFloat(buf,value,offset,littleEndian,noAssert){return value=+value,offset=offset>>>0,noAssert||checkIEEE754(
buf,value,offset,4,34028234663852886e22,-34028234663852886e22),write(buf,value,offset,littleEndian,23,4),offset+4}function writeDouble(buf,value,offset,littleEndian,noAssert){
return value=+value,offset=offset>>>0,noAssert||checkIEEE754(buf,value,offset,8,17976931348623157e292,-17976931348623157e292),
write(buf,value,offset,littleEndian,52,8),offset+8}function E(sym,getMessage,Base){errors[sym]=class extends Base{constructor(){
super(),Object.defineProperty(this,"message",{value:Reflect.apply(getMessage,this,arguments),writable:!0,configurable:!0}),
this.name=`${this.name} [${sym}]`,this.stack,delete this.name}get code(){return sym}set code(value){Object.defineProperty(
this,"code",{configurable:!0,enumerable:!0,value,writable:!0})}toString(){return`${this.name} [${sym}]: ${this.message}`}}}
function addNumericalSeparator(val){let res="",i=val.length,start=val[0]==="-"?1:0;for(;i>=start+4;i-=3)res=`_${val.slice(
i-3,i)}${res}`;return`${val.slice(0,i)}${res}`}function checkBounds(buf,offset,byteLength2){validateNumber(offset,"offse\
t"),(buf[offset]===void 0||buf[offset+byteLength2]===void 0)&&boundsError(offset,buf.length-(byteLength2+1))}function checkIntBI(value,min,max,buf,offset,byteLength2){
if(value>max||value<min){let n=typeof min=="bigint"?"n":"",range;throw byteLength2>3?range=min===0||min===BigInt(0)?`>= \
0${n} and < 2${n} ** ${(byteLength2+1)*8}${n}`:`>= -(2${n} ** ${(byteLength2+1)*8-1}${n}) and < 2 ** ${(byteLength2+1)*8-
1}${n}`:range=`>= ${min}${n} and <= ${max}${n}`,new errors.ERR_OUT_OF_RANGE("value",range,value)}checkBounds(buf,offset,
byteLength2)}function validateNumber(value,name){if(typeof value!="number")throw new errors.ERR_INVALID_ARG_TYPE(name,"n\
umber",value)}function boundsError(value,length,type){throw Math.floor(value)!==value?(validateNumber(value,type),new errors.
ERR_OUT_OF_RANGE(type||"offset","an integer",value)):length<0?new errors.ERR_BUFFER_OUT_OF_BOUNDS:new errors.ERR_OUT_OF_RANGE(
type||"offset",`>= ${type?1:0} and <= ${length}`,value)}function base64clean(str){if(str=str.split("=")[0],str=str.trim().
replace(INVALID_BASE64_RE,""),str.length<2)return"";for(;str.length%4!==0;)str=str+"=";return str}function utf8ToBytes(string,units){
units=units||Number.POSITIVE_INFINITY;let codePoint,length=string.length,leadSurrogate=null,bytes=[];for(let i=0;i<length;++i){
if(codePoint=string.charCodeAt(i),codePoint>55295&&codePoint<57344){if(!leadSurrogate){if(codePoint>56319){(units-=3)>-1&&
bytes.push(239,191,189);continue}else if(i+1===length){(units-=3)>-1&&bytes.push(239,191,189);continue}leadSurrogate=codePoint;
continue}if(codePoint<56320){(units-=3)>-1&&bytes.push(239,191,189),leadSurrogate=codePoint;continue}codePoint=(leadSurrogate-
55296<<10|codePoint-56320)+65536}else leadSurrogate&&(units-=3)>-1&&bytes.push(239,191,189);if(leadSurrogate=null,codePoint<
128){if((units-=1)<0)break;bytes.push(codePoint)}else if(codePoint<2048){if((units-=2)<0)break;bytes.push(codePoint>>6|192,
codePoint&63|128)}else if(codePoint<65536){if((units-=3)<0)break;bytes.push(codePoint>>12|224,codePoint>>6&63|128,codePoint&
63|128)}else if(codePoint<1114112){if((units-=4)<0)break;bytes.push(codePoint>>18|240,codePoint>>12&63|128,codePoint>>6&
63|128,codePoint&63|128)}else throw new Error("Invalid code point")}return bytes}function asciiToBytes(str){let byteArray=[];
for(let i=0;i<str.length;++i)byteArray.push(str.charCodeAt(i)&255);return byteArray}function utf16leToBytes(str,units){let c,
hi,lo,byteArray=[];for(let i=0;i<str.length&&!((units-=2)<0);++i)c=str.charCodeAt(i),hi=c>>8,lo=c%256,byteArray.push(lo,
hi);return byteArray}function base64ToBytes(str){return toByteArray(base64clean(str))}function blitBuffer(src,dst,offset,length){
let i;for(i=0;i<length&&!(i+offset>=dst.length||i>=src.length);++i)dst[i+offset]=src[i];return i}function isInstance(obj,type){
return obj instanceof type||obj!=null&&obj.constructor!=null&&obj.constructor.name!=null&&obj.constructor.name===type.name}
function numberIsNaN(obj){return obj!==obj}function defineBigIntMethod(fn){return typeof BigInt>"u"?BufferBigIntNotDefined:
fn}function BufferBigIntNotDefined(){throw new Error("BigInt not supported")}var customInspectSymbol,INSPECT_MAX_BYTES,K_MAX_LENGTH,
kMaxLength,MAX_ARGUMENTS_LENGTH,errors,INVALID_BASE64_RE,hexSliceLookupTable,init_buffer=__esm({"node_modules/unenv/dist\
/runtime/node/internal/buffer/buffer.mjs"(){init_base64();init_ieee754();customInspectSymbol=typeof Symbol=="function"&&
typeof Symbol.for=="function"?Symbol.for("nodejs.util.inspect.custom"):null,INSPECT_MAX_BYTES=50,K_MAX_LENGTH=2147483647,
kMaxLength=K_MAX_LENGTH;Buffer2.TYPED_ARRAY_SUPPORT=typedArraySupport();!Buffer2.TYPED_ARRAY_SUPPORT&&typeof console<"u"&&
typeof console.error=="function"&&console.error("This environment lacks typed array (Uint8Array) support which is requir\
ed by `buffer` v5.x. Use `buffer` v4.x if you require old browser support.");Object.defineProperty(Buffer2.prototype,"pa\
rent",{enumerable:!0,get:function(){if(Buffer2.isBuffer(this))return this.buffer}});Object.defineProperty(Buffer2.prototype,
"offset",{enumerable:!0,get:function(){if(Buffer2.isBuffer(this))return this.byteOffset}});Buffer2.poolSize=8192;Buffer2.
from=function(value,encodingOrOffset,length){return from(value,encodingOrOffset,length)};Object.setPrototypeOf(Buffer2.prototype,
Uint8Array.prototype);Object.setPrototypeOf(Buffer2,Uint8Array);Buffer2.alloc=function(size,fill2,encoding){return alloc(
size,fill2,encoding)};Buffer2.allocUnsafe=function(size){return allocUnsafe(size)};Buffer2.allocUnsafeSlow=function(size){
return allocUnsafe(size)};Buffer2.isBuffer=function(b){return b!=null&&b._isBuffer===!0&&b!==Buffer2.prototype};Buffer2.
compare=function(a,b){if(isInstance(a,Uint8Array)&&(a=Buffer2.from(a,a.offset,a.byteLength)),isInstance(b,Uint8Array)&&(b=
Buffer2.from(b,b.offset,b.byteLength)),!Buffer2.isBuffer(a)||!Buffer2.isBuffer(b))throw new TypeError('The "buf1", "buf2\
" arguments must be one of type Buffer or Uint8Array');if(a===b)return 0;let x=a.length,y=b.length;for(let i=0,len=Math.
min(x,y);i<len;++i)if(a[i]!==b[i]){x=a[i],y=b[i];break}return x<y?-1:y<x?1:0};Buffer2.isEncoding=function(encoding){switch(String(
encoding).toLowerCase()){case"hex":case"utf8":case"utf-8":case"ascii":case"latin1":case"binary":case"base64":case"ucs2":case"\
ucs-2":case"utf16le":case"utf-16le":return!0;default:return!1}};Buffer2.concat=function(list,length){if(!Array.isArray(list))
throw new TypeError('"list" argument must be an Array of Buffers');if(list.length===0)return Buffer2.alloc(0);let i;if(length===
void 0)for(length=0,i=0;i<list.length;++i)length+=list[i].length;let buffer=Buffer2.allocUnsafe(length),pos=0;for(i=0;i<
list.length;++i){let buf=list[i];if(isInstance(buf,Uint8Array))pos+buf.length>buffer.length?(Buffer2.isBuffer(buf)||(buf=
Buffer2.from(buf.buffer,buf.byteOffset,buf.byteLength)),buf.copy(buffer,pos)):Uint8Array.prototype.set.call(buffer,buf,pos);else if(Buffer2.
isBuffer(buf))buf.copy(buffer,pos);else throw new TypeError('"list" argument must be an Array of Buffers');pos+=buf.length}
return buffer};Buffer2.byteLength=byteLength;Buffer2.prototype._isBuffer=!0;Buffer2.prototype.swap16=function(){let len=this.
length;if(len%2!==0)throw new RangeError("Buffer size must be a multiple of 16-bits");for(let i=0;i<len;i+=2)swap(this,i,
i+1);return this};Buffer2.prototype.swap32=function(){let len=this.length;if(len%4!==0)throw new RangeError("Buffer size\
 must be a multiple of 32-bits");for(let i=0;i<len;i+=4)swap(this,i,i+3),swap(this,i+1,i+2);return this};Buffer2.prototype.
swap64=function(){let len=this.length;if(len%8!==0)throw new RangeError("Buffer size must be a multiple of 64-bits");for(let i=0;i<
len;i+=8)swap(this,i,i+7),swap(this,i+1,i+6),swap(this,i+2,i+5),swap(this,i+3,i+4);return this};Buffer2.prototype.toString=
function(){let length=this.length;return length===0?"":arguments.length===0?utf8Slice(this,0,length):Reflect.apply(slowToString,
this,arguments)};Buffer2.prototype.toLocaleString=Buffer2.prototype.toString;Buffer2.prototype.equals=function(b){if(!Buffer2.
isBuffer(b))throw new TypeError("Argument must be a Buffer");return this===b?!0:Buffer2.compare(this,b)===0};Buffer2.prototype.
inspect=function(){let str="",max=INSPECT_MAX_BYTES;return str=this.toString("hex",0,max).replace(/(.{2})/g,"$1 ").trim(),
this.length>max&&(str+=" ... "),"<Buffer "+str+">"};customInspectSymbol&&(Buffer2.prototype[customInspectSymbol]=Buffer2.
prototype.inspect);Buffer2.prototype.compare=function(target,start,end,thisStart,thisEnd){if(isInstance(target,Uint8Array)&&
(target=Buffer2.from(target,target.offset,target.byteLength)),!Buffer2.isBuffer(target))throw new TypeError('The "target\
" argument must be one of type Buffer or Uint8Array. Received type '+typeof target);if(start===void 0&&(start=0),end===void 0&&
(end=target?target.length:0),thisStart===void 0&&(thisStart=0),thisEnd===void 0&&(thisEnd=this.length),start<0||end>target.
length||thisStart<0||thisEnd>this.length)throw new RangeError("out of range index");if(thisStart>=thisEnd&&start>=end)return 0;
if(thisStart>=thisEnd)return-1;if(start>=end)return 1;if(start>>>=0,end>>>=0,thisStart>>>=0,thisEnd>>>=0,this===target)return 0;
let x=thisEnd-thisStart,y=end-start,len=Math.min(x,y),thisCopy=this.slice(thisStart,thisEnd),targetCopy=target.slice(start,
end);for(let i=0;i<len;++i)if(thisCopy[i]!==targetCopy[i]){x=thisCopy[i],y=targetCopy[i];break}return x<y?-1:y<x?1:0};Buffer2.
prototype.includes=function(val,byteOffset,encoding){return this.indexOf(val,byteOffset,encoding)!==-1};Buffer2.prototype.
indexOf=function(val,byteOffset,encoding){return bidirectionalIndexOf(this,val,byteOffset,encoding,!0)};Buffer2.prototype.
lastIndexOf=function(val,byteOffset,encoding){return bidirectionalIndexOf(this,val,byteOffset,encoding,!1)};Buffer2.prototype.
write=function(string,offset,length,encoding){if(offset===void 0)encoding="utf8",length=this.length,offset=0;else if(length===
void 0&&typeof offset=="string")encoding=offset,length=this.length,offset=0;else if(Number.isFinite(offset))offset=offset>>>
0,Number.isFinite(length)?(length=length>>>0,encoding===void 0&&(encoding="utf8")):(encoding=length,length=void 0);else throw new TypeError(
"Buffer.write(string, encoding, offset[, length]) is no longer supported");let remaining=this.length-offset;if((length===
void 0||length>remaining)&&(length=remaining),string.length>0&&(length<0||offset<0)||offset>this.length)throw new RangeError(
"Attempt to write outside buffer bounds");encoding||(encoding="utf8");let loweredCase=!1;for(;;)switch(encoding){case"he\
x":return hexWrite(this,string,offset,length);case"utf8":case"utf-8":return utf8Write(this,string,offset,length);case"as\
cii":case"latin1":case"binary":return asciiWrite(this,string,offset,length);case"base64":return base64Write(this,string,
offset,length);case"ucs2":case"ucs-2":case"utf16le":case"utf-16le":return ucs2Write(this,string,offset,length);default:if(loweredCase)
throw new TypeError("Unknown encoding: "+encoding);encoding=(""+encoding).toLowerCase(),loweredCase=!0}};Buffer2.prototype.
toJSON=function(){return{type:"Buffer",data:Array.prototype.slice.call(this._arr||this,0)}};MAX_ARGUMENTS_LENGTH=4096;Buffer2.
prototype.slice=function(start,end){let len=this.length;start=Math.trunc(start),end=end===void 0?len:Math.trunc(end),start<
0?(start+=len,start<0&&(start=0)):start>len&&(start=len),end<0?(end+=len,end<0&&(end=0)):end>len&&(end=len),end<start&&(end=
start);let newBuf=this.subarray(start,end);return Object.setPrototypeOf(newBuf,Buffer2.prototype),newBuf};Buffer2.prototype.
readUintLE=Buffer2.prototype.readUIntLE=function(offset,byteLength2,noAssert){offset=offset>>>0,byteLength2=byteLength2>>>
0,noAssert||checkOffset(offset,byteLength2,this.length);let val=this[offset],mul=1,i=0;for(;++i<byteLength2&&(mul*=256);)
val+=this[offset+i]*mul;return val};Buffer2.prototype.readUintBE=Buffer2.prototype.readUIntBE=function(offset,byteLength2,noAssert){
offset=offset>>>0,byteLength2=byteLength2>>>0,noAssert||checkOffset(offset,byteLength2,this.length);let val=this[offset+
--byteLength2],mul=1;for(;byteLength2>0&&(mul*=256);)val+=this[offset+--byteLength2]*mul;return val};Buffer2.prototype.readUint8=
Buffer2.prototype.readUInt8=function(offset,noAssert){return offset=offset>>>0,noAssert||checkOffset(offset,1,this.length),
this[offset]};Buffer2.prototype.readUint16LE=Buffer2.prototype.readUInt16LE=function(offset,noAssert){return offset=offset>>>
0,noAssert||checkOffset(offset,2,this.length),this[offset]|this[offset+1]<<8};Buffer2.prototype.readUint16BE=Buffer2.prototype.
readUInt16BE=function(offset,noAssert){return offset=offset>>>0,noAssert||checkOffset(offset,2,this.length),this[offset]<<
8|this[offset+1]};Buffer2.prototype.readUint32LE=Buffer2.prototype.readUInt32LE=function(offset,noAssert){return offset=
offset>>>0,noAssert||checkOffset(offset,4,this.length),(this[offset]|this[offset+1]<<8|this[offset+2]<<16)+this[offset+3]*
16777216};Buffer2.prototype.readUint32BE=Buffer2.prototype.readUInt32BE=function(offset,noAssert){return offset=offset>>>
0,noAssert||checkOffset(offset,4,this.length),this[offset]*16777216+(this[offset+1]<<16|this[offset+2]<<8|this[offset+3])};
Buffer2.prototype.readBigUInt64LE=defineBigIntMethod(function(offset){offset=offset>>>0,validateNumber(offset,"offset");
let first=this[offset],last=this[offset+7];(first===void 0||last===void 0)&&boundsError(offset,this.length-8);let lo=first+
this[++offset]*2**8+this[++offset]*2**16+this[++offset]*2**24,hi=this[++offset]+this[++offset]*2**8+this[++offset]*2**16+
last*2**24;return BigInt(lo)+(BigInt(hi)<<BigInt(32))});Buffer2.prototype.readBigUInt64BE=defineBigIntMethod(function(offset){
offset=offset>>>0,validateNumber(offset,"offset");let first=this[offset],last=this[offset+7];(first===void 0||last===void 0)&&
boundsError(offset,this.length-8);let hi=first*2**24+this[++offset]*2**16+this[++offset]*2**8+this[++offset],lo=this[++offset]*
2**24+this[++offset]*2**16+this[++offset]*2**8+last;return(BigInt(hi)<<BigInt(32))+BigInt(lo)});Buffer2.prototype.readIntLE=
function(offset,byteLength2,noAssert){offset=offset>>>0,byteLength2=byteLength2>>>0,noAssert||checkOffset(offset,byteLength2,
this.length);let val=this[offset],mul=1,i=0;for(;++i<byteLength2&&(mul*=256);)val+=this[offset+i]*mul;return mul*=128,val>=
mul&&(val-=Math.pow(2,8*byteLength2)),val};Buffer2.prototype.readIntBE=function(offset,byteLength2,noAssert){offset=offset>>>
0,byteLength2=byteLength2>>>0,noAssert||checkOffset(offset,byteLength2,this.length);let i=byteLength2,mul=1,val=this[offset+
--i];for(;i>0&&(mul*=256);)val+=this[offset+--i]*mul;return mul*=128,val>=mul&&(val-=Math.pow(2,8*byteLength2)),val};Buffer2.
prototype.readInt8=function(offset,noAssert){return offset=offset>>>0,noAssert||checkOffset(offset,1,this.length),this[offset]&
128?(255-this[offset]+1)*-1:this[offset]};Buffer2.prototype.readInt16LE=function(offset,noAssert){offset=offset>>>0,noAssert||
checkOffset(offset,2,this.length);let val=this[offset]|this[offset+1]<<8;return val&32768?val|4294901760:val};Buffer2.prototype.
readInt16BE=function(offset,noAssert){offset=offset>>>0,noAssert||checkOffset(offset,2,this.length);let val=this[offset+
1]|this[offset]<<8;return val&32768?val|4294901760:val};Buffer2.prototype.readInt32LE=function(offset,noAssert){return offset=
offset>>>0,noAssert||checkOffset(offset,4,this.length),this[offset]|this[offset+1]<<8|this[offset+2]<<16|this[offset+3]<<
24};Buffer2.prototype.readInt32BE=function(offset,noAssert){return offset=offset>>>0,noAssert||checkOffset(offset,4,this.
length),this[offset]<<24|this[offset+1]<<16|this[offset+2]<<8|this[offset+3]};Buffer2.prototype.readBigInt64LE=defineBigIntMethod(
function(offset){offset=offset>>>0,validateNumber(offset,"offset");let first=this[offset],last=this[offset+7];(first===void 0||
last===void 0)&&boundsError(offset,this.length-8);let val=this[offset+4]+this[offset+5]*2**8+this[offset+6]*2**16+(last<<
24);return(BigInt(val)<<BigInt(32))+BigInt(first+this[++offset]*2**8+this[++offset]*2**16+this[++offset]*2**24)});Buffer2.
prototype.readBigInt64BE=defineBigIntMethod(function(offset){offset=offset>>>0,validateNumber(offset,"offset");let first=this[offset],
last=this[offset+7];(first===void 0||last===void 0)&&boundsError(offset,this.length-8);let val=(first<<24)+this[++offset]*
2**16+this[++offset]*2**8+this[++offset];return(BigInt(val)<<BigInt(32))+BigInt(this[++offset]*2**24+this[++offset]*2**16+
this[++offset]*2**8+last)});Buffer2.prototype.readFloatLE=function(offset,noAssert){return offset=offset>>>0,noAssert||checkOffset(
offset,4,this.length),read(this,offset,!0,23,4)};Buffer2.prototype.readFloatBE=function(offset,noAssert){return offset=offset>>>
0,noAssert||checkOffset(offset,4,this.length),read(this,offset,!1,23,4)};Buffer2.prototype.readDoubleLE=function(offset,noAssert){
return offset=offset>>>0,noAssert||checkOffset(offset,8,this.length),read(this,offset,!0,52,8)};Buffer2.prototype.readDoubleBE=
function(offset,noAssert){return offset=offset>>>0,noAssert||checkOffset(offset,8,this.length),read(this,offset,!1,52,8)};
Buffer2.prototype.writeUintLE=Buffer2.prototype.writeUIntLE=function(value,offset,byteLength2,noAssert){if(value=+value,
offset=offset>>>0,byteLength2=byteLength2>>>0,!noAssert){let maxBytes=Math.pow(2,8*byteLength2)-1;checkInt(this,value,offset,
byteLength2,maxBytes,0)}let mul=1,i=0;for(this[offset]=value&255;++i<byteLength2&&(mul*=256);)this[offset+i]=value/mul&255;
return offset+byteLength2};Buffer2.prototype.writeUintBE=Buffer2.prototype.writeUIntBE=function(value,offset,byteLength2,noAssert){
if(value=+value,offset=offset>>>0,byteLength2=byteLength2>>>0,!noAssert){let maxBytes=Math.pow(2,8*byteLength2)-1;checkInt(
this,value,offset,byteLength2,maxBytes,0)}let i=byteLength2-1,mul=1;for(this[offset+i]=value&255;--i>=0&&(mul*=256);)this[offset+
i]=value/mul&255;return offset+byteLength2};Buffer2.prototype.writeUint8=Buffer2.prototype.writeUInt8=function(value,offset,noAssert){
return value=+value,offset=offset>>>0,noAssert||checkInt(this,value,offset,1,255,0),this[offset]=value&255,offset+1};Buffer2.
prototype.writeUint16LE=Buffer2.prototype.writeUInt16LE=function(value,offset,noAssert){return value=+value,offset=offset>>>
0,noAssert||checkInt(this,value,offset,2,65535,0),this[offset]=value&255,this[offset+1]=value>>>8,offset+2};Buffer2.prototype.
writeUint16BE=Buffer2.prototype.writeUInt16BE=function(value,offset,noAssert){return value=+value,offset=offset>>>0,noAssert||
checkInt(this,value,offset,2,65535,0),this[offset]=value>>>8,this[offset+1]=value&255,offset+2};Buffer2.prototype.writeUint32LE=
Buffer2.prototype.writeUInt32LE=function(value,offset,noAssert){return value=+value,offset=offset>>>0,noAssert||checkInt(
this,value,offset,4,4294967295,0),this[offset+3]=value>>>24,this[offset+2]=value>>>16,this[offset+1]=value>>>8,this[offset]=
value&255,offset+4};Buffer2.prototype.writeUint32BE=Buffer2.prototype.writeUInt32BE=function(value,offset,noAssert){return value=
+value,offset=offset>>>0,noAssert||checkInt(this,value,offset,4,4294967295,0),this[offset]=value>>>24,this[offset+1]=value>>>
16,this[offset+2]=value>>>8,this[offset+3]=value&255,offset+4};Buffer2.prototype.writeBigUInt64LE=defineBigIntMethod(function(value,offset=0){
return wrtBigUInt64LE(this,value,offset,BigInt(0),BigInt("0xffffffffffffffff"))});Buffer2.prototype.writeBigUInt64BE=defineBigIntMethod(
function(value,offset=0){return wrtBigUInt64BE(this,value,offset,BigInt(0),BigInt("0xffffffffffffffff"))});Buffer2.prototype.
writeIntLE=function(value,offset,byteLength2,noAssert){if(value=+value,offset=offset>>>0,!noAssert){let limit=Math.pow(2,
8*byteLength2-1);checkInt(this,value,offset,byteLength2,limit-1,-limit)}let i=0,mul=1,sub=0;for(this[offset]=value&255;++i<
byteLength2&&(mul*=256);)value<0&&sub===0&&this[offset+i-1]!==0&&(sub=1),this[offset+i]=Math.trunc(value/mul)-sub&255;return offset+
byteLength2};Buffer2.prototype.writeIntBE=function(value,offset,byteLength2,noAssert){if(value=+value,offset=offset>>>0,
!noAssert){let limit=Math.pow(2,8*byteLength2-1);checkInt(this,value,offset,byteLength2,limit-1,-limit)}let i=byteLength2-
1,mul=1,sub=0;for(this[offset+i]=value&255;--i>=0&&(mul*=256);)value<0&&sub===0&&this[offset+i+1]!==0&&(sub=1),this[offset+
i]=Math.trunc(value/mul)-sub&255;return offset+byteLength2};Buffer2.prototype.writeInt8=function(value,offset,noAssert){
return value=+value,offset=offset>>>0,noAssert||checkInt(this,value,offset,1,127,-128),value<0&&(value=255+value+1),this[offset]=
value&255,offset+1};Buffer2.prototype.writeInt16LE=function(value,offset,noAssert){return value=+value,offset=offset>>>0,
noAssert||checkInt(this,value,offset,2,32767,-32768),this[offset]=value&255,this[offset+1]=value>>>8,offset+2};Buffer2.prototype.
writeInt16BE=function(value,offset,noAssert){return value=+value,offset=offset>>>0,noAssert||checkInt(this,value,offset,
2,32767,-32768),this[offset]=value>>>8,this[offset+1]=value&255,offset+2};Buffer2.prototype.writeInt32LE=function(value,offset,noAssert){
return value=+value,offset=offset>>>0,noAssert||checkInt(this,value,offset,4,2147483647,-2147483648),this[offset]=value&
255,this[offset+1]=value>>>8,this[offset+2]=value>>>16,this[offset+3]=value>>>24,offset+4};Buffer2.prototype.writeInt32BE=
function(value,offset,noAssert){return value=+value,offset=offset>>>0,noAssert||checkInt(this,value,offset,4,2147483647,
-2147483648),value<0&&(value=4294967295+value+1),this[offset]=value>>>24,this[offset+1]=value>>>16,this[offset+2]=value>>>
8,this[offset+3]=value&255,offset+4};Buffer2.prototype.writeBigInt64LE=defineBigIntMethod(function(value,offset=0){return wrtBigUInt64LE(
this,value,offset,-BigInt("0x8000000000000000"),BigInt("0x7fffffffffffffff"))});Buffer2.prototype.writeBigInt64BE=defineBigIntMethod(
function(value,offset=0){return wrtBigUInt64BE(this,value,offset,-BigInt("0x8000000000000000"),BigInt("0x7ffffffffffffff\
f"))});Buffer2.prototype.writeFloatLE=function(value,offset,noAssert){return writeFloat(this,value,offset,!0,noAssert)};
Buffer2.prototype.writeFloatBE=function(value,offset,noAssert){return writeFloat(this,value,offset,!1,noAssert)};Buffer2.
prototype.writeDoubleLE=function(value,offset,noAssert){return writeDouble(this,value,offset,!0,noAssert)};Buffer2.prototype.
writeDoubleBE=function(value,offset,noAssert){return writeDouble(this,value,offset,!1,noAssert)};Buffer2.prototype.copy=
function(target,targetStart,start,end){if(!Buffer2.isBuffer(target))throw new TypeError("argument should be a Buffer");if(start||
(start=0),!end&&end!==0&&(end=this.length),targetStart>=target.length&&(targetStart=target.length),targetStart||(targetStart=
0),end>0&&end<start&&(end=start),end===start||target.length===0||this.length===0)return 0;if(targetStart<0)throw new RangeError(
"targetStart out of bounds");if(start<0||start>=this.length)throw new RangeError("Index out of range");if(end<0)throw new RangeError(
"sourceEnd out of bounds");end>this.length&&(end=this.length),target.length-targetStart<end-start&&(end=target.length-targetStart+
start);let len=end-start;return this===target&&typeof Uint8Array.prototype.copyWithin=="function"?this.copyWithin(targetStart,
start,end):Uint8Array.prototype.set.call(target,this.subarray(start,end),targetStart),len};Buffer2.prototype.fill=function(val,start,end,encoding){
if(typeof val=="string"){if(typeof start=="string"?(encoding=start,start=0,end=this.length):typeof end=="string"&&(encoding=
end,end=this.length),encoding!==void 0&&typeof encoding!="string")throw new TypeError("encoding must be a string");if(typeof encoding==
"string"&&!Buffer2.isEncoding(encoding))throw new TypeError("Unknown encoding: "+encoding);if(val.length===1){let code2=val.
charCodeAt(0);(encoding==="utf8"&&code2<128||encoding==="latin1")&&(val=code2)}}else typeof val=="number"?val=val&255:typeof val==
"boolean"&&(val=Number(val));if(start<0||this.length<start||this.length<end)throw new RangeError("Out of range index");if(end<=
start)return this;start=start>>>0,end=end===void 0?this.length:end>>>0,val||(val=0);let i;if(typeof val=="number")for(i=
start;i<end;++i)this[i]=val;else{let bytes=Buffer2.isBuffer(val)?val:Buffer2.from(val,encoding),len=bytes.length;if(len===
0)throw new TypeError('The value "'+val+'" is invalid for argument "value"');for(i=0;i<end-start;++i)this[i+start]=bytes[i%
len]}return this};errors={};E("ERR_BUFFER_OUT_OF_BOUNDS",function(name){return name?`${name} is outside of buffer bounds`:
"Attempt to access memory outside buffer bounds"},RangeError);E("ERR_INVALID_ARG_TYPE",function(name,actual){return`The \
"${name}" argument must be of type number. Received type ${typeof actual}`},TypeError);E("ERR_OUT_OF_RANGE",function(str,range,input){
let msg=`The value of "${str}" is out of range.`,received=input;return Number.isInteger(input)&&Math.abs(input)>2**32?received=
addNumericalSeparator(String(input)):typeof input=="bigint"&&(received=String(input),(input>BigInt(2)**BigInt(32)||input<
-(BigInt(2)**BigInt(32)))&&(received=addNumericalSeparator(received)),received+="n"),msg+=` It must be ${range}. Receive\
d ${received}`,msg},RangeError);INVALID_BASE64_RE=/[^\w+/-]/g;hexSliceLookupTable=(function(){let alphabet="0123456789ab\
cdef",table=Array.from({length:256});for(let i=0;i<16;++i){let i16=i*16;for(let j=0;j<16;++j)table[i16+j]=alphabet[i]+alphabet[j]}
return table})()}});var File,init_file=__esm({"node_modules/unenv/dist/runtime/node/internal/buffer/file.mjs"(){File=class extends Blob{__unenv__=!0;size=0;type="";name="";lastModified=0;constructor(...args){
throw super(...args),new Error("[unenv] buffer.File is not implemented")}arrayBuffer(){throw new Error("Not implemented")}slice(){
throw new Error("Not implemented")}text(){throw new Error("Not implemented")}stream(){throw new Error("Not implemented")}bytes(){
throw new Error("Not implemented")}}}});var buffer_exports={};__export(buffer_exports,{Blob:()=>Blob2,Buffer:()=>Buffer3,File:()=>File,INSPECT_MAX_BYTES:()=>INSPECT_MAX_BYTES,
SlowBuffer:()=>SlowBuffer,atob:()=>atob,btoa:()=>btoa,constants:()=>constants,default:()=>buffer_default,isAscii:()=>isAscii,
isUtf8:()=>isUtf8,kMaxLength:()=>kMaxLength,kStringMaxLength:()=>kStringMaxLength,resolveObjectURL:()=>resolveObjectURL,
transcode:()=>transcode});var Buffer3,Blob2,resolveObjectURL,transcode,isUtf8,isAscii,btoa,atob,kStringMaxLength,constants,
buffer_default,init_buffer2=__esm({"node_modules/unenv/dist/runtime/node/buffer.mjs"(){init_utils();init_buffer();init_file();
init_buffer();init_file();Buffer3=globalThis.Buffer||Buffer2,Blob2=globalThis.Blob,resolveObjectURL=notImplemented("buff\
er.resolveObjectURL"),transcode=notImplemented("buffer.transcode"),isUtf8=notImplemented("buffer.isUtf8"),isAscii=notImplemented(
"buffer.isAscii"),btoa=globalThis.btoa.bind(globalThis),atob=globalThis.atob.bind(globalThis),kStringMaxLength=0,constants=
{MAX_LENGTH:kMaxLength,MAX_STRING_LENGTH:kStringMaxLength},buffer_default={Buffer:Buffer3,SlowBuffer,kMaxLength,INSPECT_MAX_BYTES,
Blob:Blob2,resolveObjectURL,transcode,btoa,atob,kStringMaxLength,constants,isUtf8,isAscii,File}}});var require_buffer=__commonJS({"src/buffer.js"(exports2,module2){var buffer=(init_buffer2(),__toCommonJS(buffer_exports)),
host=require("worky:host"),{Buffer:Buffer4}=buffer,isBase64url=encoding=>typeof encoding=="string"&&encoding.toLowerCase()===
"base64url",toBase64=text=>text.replace(/-/g,"+").replace(/_/g,"/"),{from:from2,byteLength:byteLength2,isEncoding:isEncoding2}=Buffer4,
{toString:toString2,write:write3}=Buffer4.prototype,wrap=bytes=>from2.call(Buffer4,bytes.buffer,bytes.byteOffset,bytes.byteLength),
isUtf8Name=encoding=>encoding===void 0||encoding==="utf8"||encoding==="utf-8"||/^utf-?8$/i.test(encoding);Buffer4.from=function(value,encodingOrOffset,length){
if(typeof value=="string"){if(isUtf8Name(encodingOrOffset))return wrap(host.ops.utf8Encode(value));if(isBase64url(encodingOrOffset))
return from2.call(this,toBase64(value),"base64")}return from2.call(this,value,encodingOrOffset,length)};Buffer4.byteLength=
function(value,encoding){return byteLength2.call(this,isBase64url(encoding)?toBase64(value):value,isBase64url(encoding)?
"base64":encoding)};Buffer4.isEncoding=encoding=>isBase64url(encoding)||isEncoding2(encoding);Buffer4.prototype.toString=
function(encoding,start,end){if(encoding==="base64"||encoding==="base64url"||isBase64url(encoding)||encoding==="BASE64"){
let from3=Math.max(0,Math.min(start===void 0?0:start>>>0,this.length)),to=Math.max(from3,Math.min(end===void 0?this.length:
end>>>0,this.length));return(isBase64url(encoding)?host.ops.base64urlEncode:host.ops.base64Encode)(this,from3,to-from3)}
return toString2.apply(this,arguments)};Buffer4.prototype.write=function(text,offset,length,encoding){for(let[at,value]of[
[1,offset],[2,length],[3,encoding]])if(isBase64url(value)){let args=[toBase64(text),offset,length,encoding];return args[at]=
"base64",write3.apply(this,args)}return write3.apply(this,arguments)};function view(input){if(input instanceof ArrayBuffer)
return new Uint8Array(input);if(ArrayBuffer.isView(input))return new Uint8Array(input.buffer,input.byteOffset,input.byteLength);
let error=new TypeError('The "input" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.');throw error.
code="ERR_INVALID_ARG_TYPE",error}function isUtf82(input){try{return new TextDecoder("utf-8",{fatal:!0}).decode(view(input)),
!0}catch(error){if(error.code==="ERR_INVALID_ARG_TYPE")throw error;return!1}}var isAscii2=input=>view(input).every(byte=>byte<
128);module2.exports={...buffer,default:void 0,Buffer:Buffer4,isAscii:isAscii2,isUtf8:isUtf82,atob:data=>globalThis.atob(
data),btoa:data=>globalThis.btoa(data)};delete module2.exports.default}});module.exports=require_buffer();
})

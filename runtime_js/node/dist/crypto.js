// node:crypto, from src/crypto.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __getOwnPropNames=Object.getOwnPropertyNames;var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var require_callback=__commonJS({"src/callback.js"(exports2,module2){module2.exports=function(callback,work){let result,
error=null;try{result=work()}catch(err){error=err}setTimeout(()=>error?callback(error):callback(null,result),0)}}});var require_crypto=__commonJS({"src/crypto.js"(exports2,module2){var{Buffer:Buffer2}=require("node:buffer"),{Transform}=require("node:stream"),
host=require("worky:host"),callLater=require_callback(),ops=host.ops,webcrypto=globalThis.crypto;function bytes(data,encoding,what="\
data"){if(typeof data=="string")return Buffer2.from(data,encoding??"utf8");if(data instanceof ArrayBuffer)return new Uint8Array(
data);if(ArrayBuffer.isView(data))return new Uint8Array(data.buffer,data.byteOffset,data.byteLength);if(data instanceof KeyObject&&
data.type==="secret")return data[kKey];throw invalidArgType(what,"string or an instance of Buffer, TypedArray, or DataVi\
ew",data)}function invalidArgType(name,expected,actual){let received=actual===null?"null":actual===void 0?"undefined":`t\
ype ${typeof actual}`,error=new TypeError(`The "${name}" argument must be of type ${expected}. Received ${received}`);return error.
code="ERR_INVALID_ARG_TYPE",error}function encoded(buffer,encoding){let out=Buffer2.from(buffer.buffer,buffer.byteOffset,
buffer.byteLength);return encoding==null||encoding==="buffer"?out:out.toString(encoding)}var Hash=class _Hash extends Transform{#algorithm;#chunks=[];#done=!1;constructor(algorithm,options){
if(super(options),typeof algorithm!="string")throw invalidArgType("algorithm","string",algorithm);if(!ops.hashKnown(algorithm))
throw new Error("Digest method not supported");this.#algorithm=algorithm}update(data,encoding){if(this.#done)throw Object.
assign(new Error("Digest already called"),{code:"ERR_CRYPTO_HASH_FINALIZED"});return this.#chunks.push(Uint8Array.from(bytes(
data,encoding))),this}digest(encoding){if(this.#done)throw Object.assign(new Error("Digest already called"),{code:"ERR_C\
RYPTO_HASH_FINALIZED"});return this.#done=!0,encoded(ops.hash(this.#algorithm,this.#chunks),encoding)}copy(options){if(this.#done)
throw Object.assign(new Error("Digest already called"),{code:"ERR_CRYPTO_HASH_FINALIZED"});let copy=new _Hash(this.#algorithm,
options);for(let chunk of this.#chunks)copy.update(chunk);return copy}_transform(chunk,encoding,callback){this.update(chunk,
encoding),callback()}_flush(callback){this.push(this.digest()),callback()}},Hmac=class extends Transform{#algorithm;#key;#chunks=[];#done=!1;constructor(algorithm,key,options){
if(super(options),!ops.hashKnown(algorithm))throw new Error(`Invalid digest: ${algorithm}`);this.#algorithm=algorithm,this.#key=
Uint8Array.from(bytes(key,options?.encoding,"key"))}update(data,encoding){return this.#chunks.push(Uint8Array.from(bytes(
data,encoding))),this}digest(encoding){return this.#done?encoded(new Uint8Array(0),encoding):(this.#done=!0,encoded(ops.
hmac(this.#algorithm,this.#key,this.#chunks),encoding))}_transform(chunk,encoding,callback){this.update(chunk,encoding),
callback()}_flush(callback){this.push(this.digest()),callback()}},createHash=(algorithm,options)=>new Hash(algorithm,options),
createHmac=(algorithm,key,options)=>new Hmac(algorithm,key,options);function hash(algorithm,data,outputEncoding="hex"){if(!ops.
hashKnown(algorithm))throw new Error("Digest method not supported");return encoded(ops.hash(algorithm,[Uint8Array.from(bytes(
data))]),outputEncoding)}function later(callback,derive){if(typeof callback!="function")throw invalidArgType("callback",
"function",callback);callLater(callback,derive)}function pbkdf2Sync(password,salt,iterations,keylen,digest){return Buffer2.
from(ops.pbkdf2(digest,bytes(password),bytes(salt),iterations,keylen))}function pbkdf2(password,salt,iterations,keylen,digest,callback){
later(callback,()=>pbkdf2Sync(password,salt,iterations,keylen,digest))}function scryptSync(password,salt,keylen,options={}){
let n=options.N??options.cost??16384,r=options.r??options.blockSize??8,p=options.p??options.parallelization??1;return Buffer2.
from(ops.scrypt(bytes(password),bytes(salt),n,r,p,keylen))}function scrypt(password,salt,keylen,options,callback){typeof options==
"function"&&([options,callback]=[{},options]),later(callback,()=>scryptSync(password,salt,keylen,options))}function hkdfSync(digest,key,salt,info,keylen){
let out=ops.hkdf(digest,bytes(key),bytes(salt),bytes(info),keylen);return out.buffer.slice(out.byteOffset,out.byteOffset+
out.byteLength)}function hkdf(digest,key,salt,info,keylen,callback){later(callback,()=>hkdfSync(digest,key,salt,info,keylen))}
var MAX_RANDOM_CHUNK=65536;function fillRandom(view){let u8=new Uint8Array(view.buffer,view.byteOffset,view.byteLength);
for(let at=0;at<u8.length;at+=MAX_RANDOM_CHUNK)webcrypto.getRandomValues(u8.subarray(at,Math.min(at+MAX_RANDOM_CHUNK,u8.
length)))}function randomBytes(size,callback){let out=Buffer2.alloc(size);if(fillRandom(out),callback===void 0)return out;
later(callback,()=>out)}function randomFillSync(buffer,offset=0,size){let view=buffer instanceof ArrayBuffer?new Uint8Array(
buffer):buffer,length=size??view.byteLength-offset;return fillRandom(new Uint8Array(view.buffer,view.byteOffset+offset,length)),
buffer}function randomFill(buffer,offset,size,callback){typeof offset=="function"?[offset,size,callback]=[0,void 0,offset]:
typeof size=="function"&&([size,callback]=[void 0,size]),later(callback,()=>randomFillSync(buffer,offset,size))}function randomInt(min,max,callback){
if((max===void 0||typeof max=="function")&&([min,max,callback]=[0,min,max]),!Number.isSafeInteger(min))throw invalidArgType(
"min","a safe integer",min);if(!Number.isSafeInteger(max))throw invalidArgType("max","a safe integer",max);if(max<=min){
let error=new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Recei\
ved ${max}`);throw error.code="ERR_OUT_OF_RANGE",error}let range=max-min,limit=2**48-2**48%range,six=new Uint8Array(6),value;
do webcrypto.getRandomValues(six),value=six.reduce((acc,byte)=>acc*256+byte,0);while(value>=limit);let result=min+value%
range;if(callback===void 0)return result;later(callback,()=>result)}var randomUUID=()=>webcrypto.randomUUID();function timingSafeEqual(a,b){
return webcrypto.subtle.timingSafeEqual(bytes(a,void 0,"buf1"),bytes(b,void 0,"buf2"))}var CIPHERS={};for(let bits of[128,
192,256]){for(let mode of["gcm","cbc","ctr"])CIPHERS[`aes-${bits}-${mode}`]={mode,keyLength:bits/8};CIPHERS[`id-aes${bits}\
-gcm`]={mode:"gcm",keyLength:bits/8}}CIPHERS.aes128=CIPHERS["aes-128-cbc"];CIPHERS.aes192=CIPHERS["aes-192-cbc"];CIPHERS.
aes256=CIPHERS["aes-256-cbc"];var Cipheriv=class extends Transform{#mode;#encrypt;#key;#iv;#aad=new Uint8Array(0);#chunks=[];#tag;#tagLength;#padding=!0;#done=!1;constructor(encrypt,algorithm,key,iv,options){
super(options);let cipher=CIPHERS[String(algorithm).toLowerCase()];if(cipher===void 0)throw new Error("Unknown cipher");
if(this.#mode=cipher.mode,this.#encrypt=encrypt,this.#key=Uint8Array.from(bytes(key,void 0,"key")),this.#key.byteLength!==
cipher.keyLength)throw new Error("Invalid key length");this.#iv=Uint8Array.from(bytes(iv,void 0,"iv")),this.#tagLength=options?.
authTagLength??16}update(data,inputEncoding,outputEncoding){if(this.#done)throw new Error("Unsupported state");return this.#chunks.
push(Uint8Array.from(bytes(data,inputEncoding))),encoded(new Uint8Array(0),outputEncoding)}final(outputEncoding){if(this.#done)
throw new Error("Unsupported state");this.#done=!0;let data=Buffer2.concat(this.#chunks);if(this.#mode==="gcm"&&!this.#encrypt){
if(this.#tag===void 0)throw new Error("Unsupported state or unable to authenticate data");data=Buffer2.concat([data,this.#tag])}
let out=ops.aes(this.#mode,this.#encrypt,this.#key,this.#iv,this.#aad,data,this.#padding);return this.#mode==="gcm"&&this.#encrypt&&
(this.#tag=Buffer2.from(out.subarray(out.byteLength-16,out.byteLength-16+this.#tagLength)),out=out.subarray(0,out.byteLength-
16)),encoded(out,outputEncoding)}setAAD(data){return this.#aad=Uint8Array.from(bytes(data,void 0,"buffer")),this}getAuthTag(){
if(!this.#encrypt||this.#tag===void 0)throw new Error("Invalid state for operation getAuthTag");return this.#tag}setAuthTag(tag){
if(this.#encrypt)throw new Error("Invalid state for operation setAuthTag");return this.#tag=Uint8Array.from(bytes(tag,void 0,
"buffer")),this}setAutoPadding(padding=!0){return this.#padding=!!padding,this}_transform(chunk,encoding,callback){this.
update(chunk,encoding),callback()}_flush(callback){try{this.push(this.final()),callback()}catch(error){callback(error)}}},
createCipheriv=(algorithm,key,iv,options)=>new Cipheriv(!0,algorithm,key,iv,options),createDecipheriv=(algorithm,key,iv,options)=>new Cipheriv(
!1,algorithm,key,iv,options);function getCipherInfo(name){let cipher=CIPHERS[String(name).toLowerCase()];if(cipher!==void 0)
return{name:String(name).toLowerCase(),keyLength:cipher.keyLength,ivLength:cipher.mode==="gcm"?12:16,blockSize:cipher.mode===
"cbc"?16:1,mode:cipher.mode}}var kType=Symbol("kType"),kKey=Symbol("kKey"),kInfo=Symbol("kInfo"),kConstruct=Symbol("kCon\
struct"),KeyObject=class _KeyObject{constructor(type,handle,token){if(token!==kConstruct||!["secret","public","private"].
includes(type))throw new TypeError(`Invalid KeyObject type: ${type}`);Object.defineProperties(this,{[kType]:{value:type},
[type==="secret"?kKey:kInfo]:{value:handle}})}static from(cryptoKey){throw Object.assign(new TypeError("KeyObject.from i\
s not supported: export the CryptoKey with crypto.subtle"),{code:"ERR_METHOD_NOT_IMPLEMENTED"})}get type(){return this[kType]}get symmetricKeySize(){
return this[kType]==="secret"?this[kKey].byteLength:void 0}get asymmetricKeyType(){return this[kInfo]?.kind}get asymmetricKeyDetails(){
let info=this[kInfo];if(info!==void 0)return info.kind==="rsa"?{modulusLength:info.modulusLength,publicExponent:BigInt(info.
publicExponent)}:info.kind==="ec"?{namedCurve:info.namedCurve}:{}}export(options={}){if(this[kType]==="secret")return options.
format==="jwk"?{kty:"oct",k:Buffer2.from(this[kKey]).toString("base64url")}:Buffer2.from(this[kKey]);let info=this[kInfo],
isPrivate=this[kType]==="private",type=options.type??(isPrivate?"pkcs8":"spki"),der,label;if(type==="pkcs1")der=host.ops.
keyPkcs1(isPrivate?info.privateDer:info.publicDer,isPrivate),label=isPrivate?"RSA PRIVATE KEY":"RSA PUBLIC KEY";else if(type===
(isPrivate?"pkcs8":"spki"))der=isPrivate?info.privateDer:info.publicDer,label=isPrivate?"PRIVATE KEY":"PUBLIC KEY";else throw Object.
assign(new TypeError(`The property 'options.type' is invalid. Received '${type}'`),{code:"ERR_INVALID_ARG_VALUE"});if(options.
format==="der")return Buffer2.from(der);if(options.format!==void 0&&options.format!=="pem")throw Object.assign(new TypeError(
`The property 'options.format' is invalid. Received '${options.format}'`),{code:"ERR_INVALID_ARG_VALUE"});let lines=Buffer2.
from(der).toString("base64").match(/.{1,64}/g).join(`
`);return`-----BEGIN ${label}-----
${lines}
-----END ${label}-----
`}equals(other){if(!(other instanceof _KeyObject)||other.type!==this.type)return!1;let mine=this[kType]==="secret"?this[kKey]:
this[kInfo].publicDer,theirs=other[kType]==="secret"?other[kKey]:other[kInfo].publicDer;return mine.byteLength===theirs.
byteLength&&timingSafeEqual(mine,theirs)}};function createSecretKey(key,encoding){return new KeyObject("secret",Uint8Array.
from(bytes(key,encoding,"key")),kConstruct)}function keyInput(key){if(typeof key=="string"||ArrayBuffer.isView(key)||key instanceof
ArrayBuffer)return{data:bytes(key,void 0,"key"),format:"pem",type:""};if(key!==null&&typeof key=="object"&&!(key instanceof
KeyObject)){if(key.format==="jwk")throw Object.assign(new TypeError("JWK keys are not supported by node:crypto here: imp\
ort them with crypto.subtle"),{code:"ERR_METHOD_NOT_IMPLEMENTED"});if(key.passphrase!==void 0)throw Object.assign(new TypeError(
"Encrypted private keys are not supported"),{code:"ERR_METHOD_NOT_IMPLEMENTED"});return{data:bytes(key.key,key.encoding,
"key"),format:key.format??"pem",type:key.type??""}}throw invalidArgType("key","string or an instance of ArrayBuffer, Buf\
fer, TypedArray, DataView, or KeyObject",key)}function createPrivateKey(key){if(key instanceof KeyObject){if(key.type!==
"private")throw invalidKeyType(key.type,"private");return key}let{data,format,type}=keyInput(key);return new KeyObject("\
private",host.ops.keyImport(data,format,type,!0),kConstruct)}function createPublicKey(key){if(key instanceof KeyObject){
if(key.type==="secret")throw invalidKeyType(key.type,"private or public");return key.type==="public"?key:new KeyObject("\
public",{...key[kInfo],privateDer:null},kConstruct)}let{data,format,type}=keyInput(key);return new KeyObject("public",host.
ops.keyImport(data,format,type,!1),kConstruct)}function invalidKeyType(actual,expected){return Object.assign(new TypeError(
`Invalid key object type ${actual}, expected ${expected}.`),{code:"ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE"})}function signingKey(key,wantPrivate){
let options=key!==null&&typeof key=="object"&&!(key instanceof KeyObject)&&!ArrayBuffer.isView(key)?key:{},source=options===
key?key.key:key,keyObject=source instanceof KeyObject?source:wantPrivate?createPrivateKey(options===key?key:source):createPublicKey(
options===key?key:source);if(wantPrivate&&keyObject.type!=="private")throw invalidKeyType(keyObject.type,"private");if(keyObject.
type==="secret")throw invalidKeyType(keyObject.type,"private or public");return{info:keyObject[kInfo],pss:options.padding===
constants.RSA_PKCS1_PSS_PADDING,saltLength:options.saltLength??constants.RSA_PSS_SALTLEN_DIGEST,p1363:options.dsaEncoding===
"ieee-p1363"}}function signWith(algorithm,data,key){let{info,pss,saltLength,p1363}=signingKey(key,!0);return Buffer2.from(
host.ops.sign(algorithm??"",info.privateDer,data,pss,saltLength,p1363))}function verifyWith(algorithm,data,key,signature){
let{info,pss,saltLength,p1363}=signingKey(key,!1);return host.ops.verify(algorithm??"",info.publicDer,data,signature,pss,
saltLength,p1363)}var Sign=class extends Transform{#algorithm;#chunks=[];constructor(algorithm,options){super(options),this.#algorithm=
algorithm}update(data,encoding){return this.#chunks.push(Uint8Array.from(bytes(data,encoding))),this}sign(privateKey,outputEncoding){
return encoded(signWith(this.#algorithm,Buffer2.concat(this.#chunks),privateKey),outputEncoding)}_transform(chunk,encoding,callback){
this.update(chunk,encoding),callback()}},Verify=class extends Transform{#algorithm;#chunks=[];constructor(algorithm,options){
super(options),this.#algorithm=algorithm}update(data,encoding){return this.#chunks.push(Uint8Array.from(bytes(data,encoding))),
this}verify(publicKey,signature,signatureEncoding){return verifyWith(this.#algorithm,Buffer2.concat(this.#chunks),publicKey,
bytes(signature,signatureEncoding,"signature"))}_transform(chunk,encoding,callback){this.update(chunk,encoding),callback()}};
function sign(algorithm,data,key,callback){let work=()=>signWith(algorithm,bytes(data),key);if(callback===void 0)return work();
later(callback,work)}function verify(algorithm,data,key,signature,callback){let work=()=>verifyWith(algorithm,bytes(data),
key,bytes(signature,void 0,"signature"));if(callback===void 0)return work();later(callback,work)}function generateKeyPairSync(type,options={}){
let kind=type==="rsa"||type==="ec"||type==="ed25519"?type:void 0;if(kind===void 0)throw Object.assign(new TypeError(`The\
 argument 'type' must be a supported key type. Received '${type}'`),{code:"ERR_INVALID_ARG_VALUE"});let info=host.ops.generateKeyPair(
kind,options.modulusLength??2048,options.namedCurve??""),privateKey=new KeyObject("private",info,kConstruct),publicKey=new KeyObject(
"public",{...info,privateDer:null},kConstruct),encode=(key,encoding)=>encoding===void 0?key:key.export(encoding);return{
publicKey:encode(publicKey,options.publicKeyEncoding),privateKey:encode(privateKey,options.privateKeyEncoding)}}function generateKeyPair(type,options,callback){
if(typeof options=="function"&&([options,callback]=[void 0,options]),typeof callback!="function")throw invalidArgType("c\
allback","function",callback);callLater((error,pair)=>error?callback(error):callback(null,pair.publicKey,pair.privateKey),
()=>generateKeyPairSync(type,options))}var constants={RSA_PKCS1_PADDING:1,RSA_NO_PADDING:3,RSA_PKCS1_OAEP_PADDING:4,RSA_PKCS1_PSS_PADDING:6,
RSA_PSS_SALTLEN_DIGEST:-1,RSA_PSS_SALTLEN_MAX_SIGN:-2,RSA_PSS_SALTLEN_AUTO:-2},ECDH_CURVES=["prime256v1","secp384r1"],POINT_FORMATS=[
"compressed","uncompressed","hybrid"];function pointFormat(format){if(format==null)return"uncompressed";if(!POINT_FORMATS.
includes(format)){let error=new TypeError(`The argument 'format' must be one of: 'compressed', 'uncompressed', 'hybrid'.\
 Received '${format}'`);throw error.code="ERR_INVALID_ARG_VALUE",error}return format}function pointAs(curve,point,format){
if(format==="compressed")return ops.ecdhConvert(curve,point,!0);if(format==="hybrid"){let hybrid=Uint8Array.from(point);
return hybrid[0]=6|hybrid[hybrid.length-1]&1,hybrid}return point}function knownCurve(curve){if(!ECDH_CURVES.includes(curve))
throw new Error("Invalid curve");return curve}function orFail(message,work){try{return work()}catch{throw new Error(message)}}
var ECDH=class{#curve;#private=null;#public=null;constructor(curve){if(typeof curve!="string")throw invalidArgType("curv\
e","string",curve);this.#curve=knownCurve(curve)}static convertKey(key,curve,inputEncoding,outputEncoding,format){knownCurve(
curve);let shape=pointFormat(format),point=orFail("Failed to set point",()=>ops.ecdhConvert(curve,bytes(key,inputEncoding,
"key"),!1));return encoded(pointAs(curve,point,shape),outputEncoding)}generateKeys(encoding,format){return this.#setPrivate(
ops.ecdhGenerate(this.#curve)),this.getPublicKey(encoding,format)}computeSecret(otherPublicKey,inputEncoding,outputEncoding){
if(this.#private===null)throw new Error("Failed to get ECDH private key");let other=bytes(otherPublicKey,inputEncoding,"\
otherPublicKey");return encoded(orFail("Failed to set point",()=>ops.ecdhSecret(this.#curve,this.#private,other)),outputEncoding)}getPrivateKey(encoding){
if(this.#private===null)throw new Error("Failed to get ECDH private key");return encoded(Uint8Array.from(this.#private),
encoding)}getPublicKey(encoding,format){let shape=pointFormat(format);if(this.#public===null)throw new Error("Failed to \
get ECDH public key");return encoded(pointAs(this.#curve,this.#public,shape),encoding)}setPrivateKey(key,encoding){this.#setPrivate(
bytes(key,encoding,"privateKey"))}#setPrivate(key){let copy=Uint8Array.from(key);this.#public=orFail("Private key is not\
 valid for specified curve.",()=>ops.ecdhPublic(this.#curve,copy,!1)),this.#private=copy}},createECDH=curve=>new ECDH(curve),
HASHES=["md5","sha1","sha224","sha256","sha3-256","sha3-384","sha3-512","sha384","sha512","sha512-256"];module2.exports=
{Cipheriv,ECDH,createECDH,Decipheriv:Cipheriv,Hash,Hmac,KeyObject,Sign,Verify,constants,createCipheriv,createDecipheriv,
createHash,createHmac,createPrivateKey,createPublicKey,createSecretKey,createSign:(algorithm,options)=>new Sign(algorithm,
options),createVerify:(algorithm,options)=>new Verify(algorithm,options),generateKeyPair,generateKeyPairSync,getCipherInfo,
getCiphers:()=>Object.keys(CIPHERS).sort(),getCurves:()=>["prime256v1","secp384r1"],getFips:()=>0,getHashes:()=>[...HASHES],
getRandomValues:array=>webcrypto.getRandomValues(array),hash,hkdf,hkdfSync,pbkdf2,pbkdf2Sync,randomBytes,randomFill,randomFillSync,
randomInt,randomUUID,scrypt,scryptSync,sign,subtle:webcrypto.subtle,timingSafeEqual,verify,webcrypto}}});module.exports=require_crypto();
})

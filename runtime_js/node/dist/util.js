// node:util, from src/util.js (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __commonJS=(cb,mod)=>function(){try{return mod||(0,cb[__getOwnPropNames(cb)[0]])((mod={exports:{}}).exports,mod),mod.
exports}catch(e){throw mod=0,e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);var require_shams=__commonJS({"node_modules/has-symbols/shams.js"(exports2,module2){"use strict";module2.exports=function(){
if(typeof Symbol!="function"||typeof Object.getOwnPropertySymbols!="function")return!1;if(typeof Symbol.iterator=="symbo\
l")return!0;var obj={},sym=Symbol("test"),symObj=Object(sym);if(typeof sym=="string"||Object.prototype.toString.call(sym)!==
"[object Symbol]"||Object.prototype.toString.call(symObj)!=="[object Symbol]")return!1;var symVal=42;obj[sym]=symVal;for(var _ in obj)
return!1;if(typeof Object.keys=="function"&&Object.keys(obj).length!==0||typeof Object.getOwnPropertyNames=="function"&&
Object.getOwnPropertyNames(obj).length!==0)return!1;var syms=Object.getOwnPropertySymbols(obj);if(syms.length!==1||syms[0]!==
sym||!Object.prototype.propertyIsEnumerable.call(obj,sym))return!1;if(typeof Object.getOwnPropertyDescriptor=="function"){
var descriptor=Object.getOwnPropertyDescriptor(obj,sym);if(descriptor.value!==symVal||descriptor.enumerable!==!0)return!1}
return!0}}});var require_shams2=__commonJS({"node_modules/has-tostringtag/shams.js"(exports2,module2){"use strict";var hasSymbols=require_shams();
module2.exports=function(){return hasSymbols()&&!!Symbol.toStringTag}}});var require_es_object_atoms=__commonJS({"node_modules/es-object-atoms/index.js"(exports2,module2){"use strict";module2.exports=
Object}});var require_es_errors=__commonJS({"node_modules/es-errors/index.js"(exports2,module2){"use strict";module2.exports=Error}});var require_eval=__commonJS({"node_modules/es-errors/eval.js"(exports2,module2){"use strict";module2.exports=EvalError}});var require_range=__commonJS({"node_modules/es-errors/range.js"(exports2,module2){"use strict";module2.exports=RangeError}});var require_ref=__commonJS({"node_modules/es-errors/ref.js"(exports2,module2){"use strict";module2.exports=ReferenceError}});var require_syntax=__commonJS({"node_modules/es-errors/syntax.js"(exports2,module2){"use strict";module2.exports=SyntaxError}});var require_type=__commonJS({"node_modules/es-errors/type.js"(exports2,module2){"use strict";module2.exports=TypeError}});var require_uri=__commonJS({"node_modules/es-errors/uri.js"(exports2,module2){"use strict";module2.exports=URIError}});var require_abs=__commonJS({"node_modules/math-intrinsics/abs.js"(exports2,module2){"use strict";module2.exports=Math.abs}});var require_floor=__commonJS({"node_modules/math-intrinsics/floor.js"(exports2,module2){"use strict";module2.exports=Math.
floor}});var require_max=__commonJS({"node_modules/math-intrinsics/max.js"(exports2,module2){"use strict";module2.exports=Math.max}});var require_min=__commonJS({"node_modules/math-intrinsics/min.js"(exports2,module2){"use strict";module2.exports=Math.min}});var require_pow=__commonJS({"node_modules/math-intrinsics/pow.js"(exports2,module2){"use strict";module2.exports=Math.pow}});var require_round=__commonJS({"node_modules/math-intrinsics/round.js"(exports2,module2){"use strict";module2.exports=Math.
round}});var require_isNaN=__commonJS({"node_modules/math-intrinsics/isNaN.js"(exports2,module2){"use strict";module2.exports=Number.
isNaN||function(a){return a!==a}}});var require_sign=__commonJS({"node_modules/math-intrinsics/sign.js"(exports2,module2){"use strict";var $isNaN=require_isNaN();
module2.exports=function(number){return $isNaN(number)||number===0?number:number<0?-1:1}}});var require_gOPD=__commonJS({"node_modules/gopd/gOPD.js"(exports2,module2){"use strict";module2.exports=Object.getOwnPropertyDescriptor}});var require_gopd=__commonJS({"node_modules/gopd/index.js"(exports2,module2){"use strict";var $gOPD=require_gOPD();if($gOPD)
try{$gOPD([],"length")}catch{$gOPD=null}module2.exports=$gOPD}});var require_es_define_property=__commonJS({"node_modules/es-define-property/index.js"(exports2,module2){"use strict";var $defineProperty=Object.
defineProperty||!1;if($defineProperty)try{$defineProperty({},"a",{value:1})}catch{$defineProperty=!1}module2.exports=$defineProperty}});var require_has_symbols=__commonJS({"node_modules/has-symbols/index.js"(exports2,module2){"use strict";var origSymbol=typeof Symbol<
"u"&&Symbol,hasSymbolSham=require_shams();module2.exports=function(){return typeof origSymbol!="function"||typeof Symbol!=
"function"||typeof origSymbol("foo")!="symbol"||typeof Symbol("bar")!="symbol"?!1:hasSymbolSham()}}});var require_Reflect_getPrototypeOf=__commonJS({"node_modules/get-proto/Reflect.getPrototypeOf.js"(exports2,module2){"use\
 strict";module2.exports=typeof Reflect<"u"&&Reflect.getPrototypeOf||null}});var require_Object_getPrototypeOf=__commonJS({"node_modules/get-proto/Object.getPrototypeOf.js"(exports2,module2){"use s\
trict";var $Object=require_es_object_atoms();module2.exports=$Object.getPrototypeOf||null}});var require_implementation=__commonJS({"node_modules/function-bind/implementation.js"(exports2,module2){"use strict";var ERROR_MESSAGE="\
Function.prototype.bind called on incompatible ",toStr=Object.prototype.toString,max=Math.max,funcType="[object Function\
]",concatty=function(a,b){for(var arr=[],i=0;i<a.length;i+=1)arr[i]=a[i];for(var j=0;j<b.length;j+=1)arr[j+a.length]=b[j];
return arr},slicy=function(arrLike,offset){for(var arr=[],i=offset||0,j=0;i<arrLike.length;i+=1,j+=1)arr[j]=arrLike[i];return arr},
joiny=function(arr,joiner){for(var str="",i=0;i<arr.length;i+=1)str+=arr[i],i+1<arr.length&&(str+=joiner);return str};module2.
exports=function(that){var target=this;if(typeof target!="function"||toStr.apply(target)!==funcType)throw new TypeError(
ERROR_MESSAGE+target);for(var args=slicy(arguments,1),bound,binder=function(){if(this instanceof bound){var result=target.
apply(this,concatty(args,arguments));return Object(result)===result?result:this}return target.apply(that,concatty(args,arguments))},
boundLength=max(0,target.length-args.length),boundArgs=[],i=0;i<boundLength;i++)boundArgs[i]="$"+i;if(bound=Function("bi\
nder","return function ("+joiny(boundArgs,",")+"){ return binder.apply(this,arguments); }")(binder),target.prototype){var Empty=function(){};
Empty.prototype=target.prototype,bound.prototype=new Empty,Empty.prototype=null}return bound}}});var require_function_bind=__commonJS({"node_modules/function-bind/index.js"(exports2,module2){"use strict";var implementation=require_implementation();
module2.exports=Function.prototype.bind||implementation}});var require_functionCall=__commonJS({"node_modules/call-bind-apply-helpers/functionCall.js"(exports2,module2){"use stric\
t";module2.exports=Function.prototype.call}});var require_functionApply=__commonJS({"node_modules/call-bind-apply-helpers/functionApply.js"(exports2,module2){"use str\
ict";module2.exports=Function.prototype.apply}});var require_reflectApply=__commonJS({"node_modules/call-bind-apply-helpers/reflectApply.js"(exports2,module2){"use stric\
t";module2.exports=typeof Reflect<"u"&&Reflect&&Reflect.apply}});var require_actualApply=__commonJS({"node_modules/call-bind-apply-helpers/actualApply.js"(exports2,module2){"use strict";
var bind=require_function_bind(),$apply=require_functionApply(),$call=require_functionCall(),$reflectApply=require_reflectApply();
module2.exports=$reflectApply||bind.call($call,$apply)}});var require_call_bind_apply_helpers=__commonJS({"node_modules/call-bind-apply-helpers/index.js"(exports2,module2){"use s\
trict";var bind=require_function_bind(),$TypeError=require_type(),$call=require_functionCall(),$actualApply=require_actualApply();
module2.exports=function(args){if(args.length<1||typeof args[0]!="function")throw new $TypeError("a function is required");
return $actualApply(bind,$call,args)}}});var require_get=__commonJS({"node_modules/dunder-proto/get.js"(exports2,module2){"use strict";var callBind=require_call_bind_apply_helpers(),
gOPD=require_gopd(),hasProtoAccessor;try{hasProtoAccessor=[].__proto__===Array.prototype}catch(e){if(!e||typeof e!="obje\
ct"||!("code"in e)||e.code!=="ERR_PROTO_ACCESS")throw e}var desc=!!hasProtoAccessor&&gOPD&&gOPD(Object.prototype,"__prot\
o__"),$Object=Object,$getPrototypeOf=$Object.getPrototypeOf;module2.exports=desc&&typeof desc.get=="function"?callBind([
desc.get]):typeof $getPrototypeOf=="function"?function(value){return $getPrototypeOf(value==null?value:$Object(value))}:
!1}});var require_get_proto=__commonJS({"node_modules/get-proto/index.js"(exports2,module2){"use strict";var reflectGetProto=require_Reflect_getPrototypeOf(),
originalGetProto=require_Object_getPrototypeOf(),getDunderProto=require_get();module2.exports=reflectGetProto?function(O){
return reflectGetProto(O)}:originalGetProto?function(O){if(!O||typeof O!="object"&&typeof O!="function")throw new TypeError(
"getProto: not an object");return originalGetProto(O)}:getDunderProto?function(O){return getDunderProto(O)}:null}});var require_async_function=__commonJS({"node_modules/async-function/index.js"(exports2,module2){"use strict";var cached=async function(){}.
constructor;module2.exports=()=>cached}});var require_generator_function=__commonJS({"node_modules/generator-function/index.js"(exports2,module2){"use strict";var cached=function*(){}.
constructor;module2.exports=()=>cached}});var require_async_generator_function=__commonJS({"node_modules/async-generator-function/index.js"(exports2,module2){"use\
 strict";var cached=async function*(){}.constructor;module2.exports=()=>cached}});var require_hasown=__commonJS({"node_modules/hasown/index.js"(exports2,module2){"use strict";var call=Function.prototype.
call,$hasOwn=Object.prototype.hasOwnProperty,bind=require_function_bind();module2.exports=bind.call(call,$hasOwn)}});var require_get_intrinsic=__commonJS({"node_modules/get-intrinsic/index.js"(exports2,module2){"use strict";var undefined2,
$Object=require_es_object_atoms(),$Error=require_es_errors(),$EvalError=require_eval(),$RangeError=require_range(),$ReferenceError=require_ref(),
$SyntaxError=require_syntax(),$TypeError=require_type(),$URIError=require_uri(),abs=require_abs(),floor=require_floor(),
max=require_max(),min=require_min(),pow=require_pow(),round=require_round(),sign=require_sign(),$gOPD=require_gopd(),$defineProperty=require_es_define_property(),
throwTypeError=function(){throw new $TypeError},ThrowTypeError=$gOPD?(function(){try{return arguments.callee,throwTypeError}catch{
try{return $gOPD(arguments,"callee").get}catch{return throwTypeError}}})():throwTypeError,hasSymbols=require_has_symbols()(),
getProto=require_get_proto(),$ObjectGPO=require_Object_getPrototypeOf(),$ReflectGPO=require_Reflect_getPrototypeOf(),$apply=require_functionApply(),
$call=require_functionCall(),needsEval={},TypedArray=typeof Uint8Array>"u"||!getProto?undefined2:getProto(Uint8Array),INTRINSICS={
__proto__:null,"%AggregateError%":typeof AggregateError>"u"?undefined2:AggregateError,"%Array%":Array,"%ArrayBuffer%":typeof ArrayBuffer>
"u"?undefined2:ArrayBuffer,"%ArrayIteratorPrototype%":hasSymbols&&getProto?getProto([][Symbol.iterator]()):undefined2,"%\
AsyncFromSyncIteratorPrototype%":undefined2,"%AsyncFunction%":needsEval,"%AsyncGenerator%":needsEval,"%AsyncGeneratorFun\
ction%":needsEval,"%AsyncIteratorPrototype%":needsEval,"%Atomics%":typeof Atomics>"u"?undefined2:Atomics,"%BigInt%":typeof BigInt>
"u"?undefined2:BigInt,"%BigInt64Array%":typeof BigInt64Array>"u"?undefined2:BigInt64Array,"%BigUint64Array%":typeof BigUint64Array>
"u"?undefined2:BigUint64Array,"%Boolean%":Boolean,"%DataView%":typeof DataView>"u"?undefined2:DataView,"%Date%":Date,"%d\
ecodeURI%":decodeURI,"%decodeURIComponent%":decodeURIComponent,"%encodeURI%":encodeURI,"%encodeURIComponent%":encodeURIComponent,
"%Error%":$Error,"%eval%":eval,"%EvalError%":$EvalError,"%Float16Array%":typeof Float16Array>"u"?undefined2:Float16Array,
"%Float32Array%":typeof Float32Array>"u"?undefined2:Float32Array,"%Float64Array%":typeof Float64Array>"u"?undefined2:Float64Array,
"%FinalizationRegistry%":typeof FinalizationRegistry>"u"?undefined2:FinalizationRegistry,"%Function%":Function,"%Generat\
orFunction%":needsEval,"%Int8Array%":typeof Int8Array>"u"?undefined2:Int8Array,"%Int16Array%":typeof Int16Array>"u"?undefined2:
Int16Array,"%Int32Array%":typeof Int32Array>"u"?undefined2:Int32Array,"%isFinite%":isFinite,"%isNaN%":isNaN,"%IteratorPr\
ototype%":hasSymbols&&getProto?getProto(getProto([][Symbol.iterator]())):undefined2,"%JSON%":typeof JSON=="object"?JSON:
undefined2,"%Map%":typeof Map>"u"?undefined2:Map,"%MapIteratorPrototype%":typeof Map>"u"||!hasSymbols||!getProto?undefined2:
getProto(new Map()[Symbol.iterator]()),"%Math%":Math,"%Number%":Number,"%Object%":$Object,"%Object.getOwnPropertyDescrip\
tor%":$gOPD,"%parseFloat%":parseFloat,"%parseInt%":parseInt,"%Promise%":typeof Promise>"u"?undefined2:Promise,"%Proxy%":typeof Proxy>
"u"?undefined2:Proxy,"%RangeError%":$RangeError,"%ReferenceError%":$ReferenceError,"%Reflect%":typeof Reflect>"u"?undefined2:
Reflect,"%RegExp%":RegExp,"%Set%":typeof Set>"u"?undefined2:Set,"%SetIteratorPrototype%":typeof Set>"u"||!hasSymbols||!getProto?
undefined2:getProto(new Set()[Symbol.iterator]()),"%SharedArrayBuffer%":typeof SharedArrayBuffer>"u"?undefined2:SharedArrayBuffer,
"%String%":String,"%StringIteratorPrototype%":hasSymbols&&getProto?getProto(""[Symbol.iterator]()):undefined2,"%Symbol%":hasSymbols?
Symbol:undefined2,"%SyntaxError%":$SyntaxError,"%ThrowTypeError%":ThrowTypeError,"%TypedArray%":TypedArray,"%TypeError%":$TypeError,
"%Uint8Array%":typeof Uint8Array>"u"?undefined2:Uint8Array,"%Uint8ClampedArray%":typeof Uint8ClampedArray>"u"?undefined2:
Uint8ClampedArray,"%Uint16Array%":typeof Uint16Array>"u"?undefined2:Uint16Array,"%Uint32Array%":typeof Uint32Array>"u"?undefined2:
Uint32Array,"%URIError%":$URIError,"%WeakMap%":typeof WeakMap>"u"?undefined2:WeakMap,"%WeakRef%":typeof WeakRef>"u"?undefined2:
WeakRef,"%WeakSet%":typeof WeakSet>"u"?undefined2:WeakSet,"%Function.prototype.call%":$call,"%Function.prototype.apply%":$apply,
"%Object.defineProperty%":$defineProperty,"%Object.getPrototypeOf%":$ObjectGPO,"%Math.abs%":abs,"%Math.floor%":floor,"%M\
ath.max%":max,"%Math.min%":min,"%Math.pow%":pow,"%Math.round%":round,"%Math.sign%":sign,"%Reflect.getPrototypeOf%":$ReflectGPO};
if(getProto)try{null.error}catch(e){errorProto=getProto(getProto(e)),INTRINSICS["%Error.prototype%"]=errorProto}var errorProto,
getAsyncFunction=require_async_function(),getGeneratorFunction=require_generator_function(),getAsyncGeneratorFunction=require_async_generator_function(),
doEval=function doEval2(name){var value;if(name==="%AsyncFunction%")value=getAsyncFunction()||void 0;else if(name==="%Ge\
neratorFunction%")value=getGeneratorFunction()||void 0;else if(name==="%AsyncGeneratorFunction%")value=getAsyncGeneratorFunction()||
void 0;else if(name==="%AsyncGenerator%"){var fn=doEval2("%AsyncGeneratorFunction%");fn&&(value=fn.prototype)}else if(name===
"%AsyncIteratorPrototype%"){var gen=doEval2("%AsyncGenerator%");gen&&getProto&&(value=getProto(gen.prototype))}return INTRINSICS[name]=
value,value},LEGACY_ALIASES={__proto__:null,"%ArrayBufferPrototype%":["ArrayBuffer","prototype"],"%ArrayPrototype%":["Ar\
ray","prototype"],"%ArrayProto_entries%":["Array","prototype","entries"],"%ArrayProto_forEach%":["Array","prototype","fo\
rEach"],"%ArrayProto_keys%":["Array","prototype","keys"],"%ArrayProto_values%":["Array","prototype","values"],"%AsyncFun\
ctionPrototype%":["AsyncFunction","prototype"],"%AsyncGenerator%":["AsyncGeneratorFunction","prototype"],"%AsyncGenerato\
rPrototype%":["AsyncGeneratorFunction","prototype","prototype"],"%BooleanPrototype%":["Boolean","prototype"],"%DataViewP\
rototype%":["DataView","prototype"],"%DatePrototype%":["Date","prototype"],"%ErrorPrototype%":["Error","prototype"],"%Ev\
alErrorPrototype%":["EvalError","prototype"],"%Float32ArrayPrototype%":["Float32Array","prototype"],"%Float64ArrayProtot\
ype%":["Float64Array","prototype"],"%FunctionPrototype%":["Function","prototype"],"%Generator%":["GeneratorFunction","pr\
ototype"],"%GeneratorPrototype%":["GeneratorFunction","prototype","prototype"],"%Int8ArrayPrototype%":["Int8Array","prot\
otype"],"%Int16ArrayPrototype%":["Int16Array","prototype"],"%Int32ArrayPrototype%":["Int32Array","prototype"],"%JSONPars\
e%":["JSON","parse"],"%JSONStringify%":["JSON","stringify"],"%MapPrototype%":["Map","prototype"],"%NumberPrototype%":["N\
umber","prototype"],"%ObjectPrototype%":["Object","prototype"],"%ObjProto_toString%":["Object","prototype","toString"],"\
%ObjProto_valueOf%":["Object","prototype","valueOf"],"%PromisePrototype%":["Promise","prototype"],"%PromiseProto_then%":[
"Promise","prototype","then"],"%Promise_all%":["Promise","all"],"%Promise_reject%":["Promise","reject"],"%Promise_resolv\
e%":["Promise","resolve"],"%RangeErrorPrototype%":["RangeError","prototype"],"%ReferenceErrorPrototype%":["ReferenceErro\
r","prototype"],"%RegExpPrototype%":["RegExp","prototype"],"%SetPrototype%":["Set","prototype"],"%SharedArrayBufferProto\
type%":["SharedArrayBuffer","prototype"],"%StringPrototype%":["String","prototype"],"%SymbolPrototype%":["Symbol","proto\
type"],"%SyntaxErrorPrototype%":["SyntaxError","prototype"],"%TypedArrayPrototype%":["TypedArray","prototype"],"%TypeErr\
orPrototype%":["TypeError","prototype"],"%Uint8ArrayPrototype%":["Uint8Array","prototype"],"%Uint8ClampedArrayPrototype%":[
"Uint8ClampedArray","prototype"],"%Uint16ArrayPrototype%":["Uint16Array","prototype"],"%Uint32ArrayPrototype%":["Uint32A\
rray","prototype"],"%URIErrorPrototype%":["URIError","prototype"],"%WeakMapPrototype%":["WeakMap","prototype"],"%WeakSet\
Prototype%":["WeakSet","prototype"]},bind=require_function_bind(),hasOwn=require_hasown(),$concat=bind.call($call,Array.
prototype.concat),$spliceApply=bind.call($apply,Array.prototype.splice),$replace=bind.call($call,String.prototype.replace),
$strSlice=bind.call($call,String.prototype.slice),$exec=bind.call($call,RegExp.prototype.exec),rePropName=/[^%.[\]]+|\[(?:(-?\d+(?:\.\d+)?)|(["'])((?:(?!\2)[^\\]|\\.)*?)\2)\]|(?=(?:\.|\[\])(?:\.|\[\]|%$))/g,
reEscapeChar=/\\(\\)?/g,stringToPath=function(string){var first=$strSlice(string,0,1),last=$strSlice(string,-1);if(first===
"%"&&last!=="%")throw new $SyntaxError("invalid intrinsic syntax, expected closing `%`");if(last==="%"&&first!=="%")throw new $SyntaxError(
"invalid intrinsic syntax, expected opening `%`");var result=[];return $replace(string,rePropName,function(match,number,quote,subString){
result[result.length]=quote?$replace(subString,reEscapeChar,"$1"):number||match}),result},getBaseIntrinsic=function(name,allowMissing){
var intrinsicName=name,alias;if(hasOwn(LEGACY_ALIASES,intrinsicName)&&(alias=LEGACY_ALIASES[intrinsicName],intrinsicName=
"%"+alias[0]+"%"),hasOwn(INTRINSICS,intrinsicName)){var value=INTRINSICS[intrinsicName];if(value===needsEval&&(value=doEval(
intrinsicName)),typeof value>"u"&&!allowMissing)throw new $TypeError("intrinsic "+name+" exists, but is not available. P\
lease file an issue!");return{alias,name:intrinsicName,value}}throw new $SyntaxError("intrinsic "+name+" does not exist!")};
module2.exports=function(name,allowMissing){if(typeof name!="string"||name.length===0)throw new $TypeError("intrinsic na\
me must be a non-empty string");if(arguments.length>1&&typeof allowMissing!="boolean")throw new $TypeError('"allowMissin\
g" argument must be a boolean');if($exec(/^%?[^%]*%?$/,name)===null)throw new $SyntaxError("`%` may not be present anywh\
ere but at the beginning and end of the intrinsic name");var parts=stringToPath(name),intrinsicBaseName=parts.length>0?parts[0]:
"",intrinsic=getBaseIntrinsic("%"+intrinsicBaseName+"%",allowMissing),intrinsicRealName=intrinsic.name,value=intrinsic.value,
skipFurtherCaching=!1,alias=intrinsic.alias;alias&&(intrinsicBaseName=alias[0],$spliceApply(parts,$concat([0,1],alias)));
for(var i=1,isOwn=!0;i<parts.length;i+=1){var part=parts[i],first=$strSlice(part,0,1),last=$strSlice(part,-1);if((first===
'"'||first==="'"||first==="`"||last==='"'||last==="'"||last==="`")&&first!==last)throw new $SyntaxError("property names \
with quotes must have matching quotes");if((part==="constructor"||!isOwn)&&(skipFurtherCaching=!0),intrinsicBaseName+="."+
part,intrinsicRealName="%"+intrinsicBaseName+"%",hasOwn(INTRINSICS,intrinsicRealName))value=INTRINSICS[intrinsicRealName];else if(value!=
null){if(!(part in value)){if(!allowMissing)throw new $TypeError("base intrinsic for "+name+" exists, but the property i\
s not available.");return}if($gOPD&&i+1>=parts.length){var desc=$gOPD(value,part);isOwn=!!desc,isOwn&&"get"in desc&&!("o\
riginalValue"in desc.get)?value=desc.get:value=value[part]}else isOwn=hasOwn(value,part),value=value[part];isOwn&&!skipFurtherCaching&&
(INTRINSICS[intrinsicRealName]=value)}}return value}}});var require_call_bound=__commonJS({"node_modules/call-bound/index.js"(exports2,module2){"use strict";var GetIntrinsic=require_get_intrinsic(),
callBindBasic=require_call_bind_apply_helpers(),$indexOf=callBindBasic([GetIntrinsic("%String.prototype.indexOf%")]);module2.
exports=function(name,allowMissing){var intrinsic=GetIntrinsic(name,!!allowMissing);return typeof intrinsic=="function"&&
$indexOf(name,".prototype.")>-1?callBindBasic([intrinsic]):intrinsic}}});var require_is_arguments=__commonJS({"node_modules/is-arguments/index.js"(exports2,module2){"use strict";var hasToStringTag=require_shams2()(),
callBound=require_call_bound(),$toString=callBound("Object.prototype.toString"),isStandardArguments=function(value){return hasToStringTag&&
value&&typeof value=="object"&&Symbol.toStringTag in value?!1:$toString(value)==="[object Arguments]"},isLegacyArguments=function(value){
return isStandardArguments(value)?!0:value!==null&&typeof value=="object"&&"length"in value&&typeof value.length=="numbe\
r"&&value.length>=0&&$toString(value)!=="[object Array]"&&"callee"in value&&$toString(value.callee)==="[object Function]"},
supportsStandardArguments=(function(){return isStandardArguments(arguments)})();isStandardArguments.isLegacyArguments=isLegacyArguments;
module2.exports=supportsStandardArguments?isStandardArguments:isLegacyArguments}});var require_is_regex=__commonJS({"node_modules/is-regex/index.js"(exports2,module2){"use strict";var callBound=require_call_bound(),
hasToStringTag=require_shams2()(),hasOwn=require_hasown(),gOPD=require_gopd(),fn;hasToStringTag?($exec=callBound("RegExp\
.prototype.exec"),isRegexMarker={},throwRegexMarker=function(){throw isRegexMarker},badStringifier={toString:throwRegexMarker,
valueOf:throwRegexMarker},typeof Symbol.toPrimitive=="symbol"&&(badStringifier[Symbol.toPrimitive]=throwRegexMarker),fn=
function(value){if(!value||typeof value!="object")return!1;var descriptor=gOPD(value,"lastIndex"),hasLastIndexDataProperty=descriptor&&
hasOwn(descriptor,"value");if(!hasLastIndexDataProperty)return!1;try{$exec(value,badStringifier)}catch(e){return e===isRegexMarker}}):
($toString=callBound("Object.prototype.toString"),regexClass="[object RegExp]",fn=function(value){return!value||typeof value!=
"object"&&typeof value!="function"?!1:$toString(value)===regexClass});var $exec,isRegexMarker,throwRegexMarker,badStringifier,
$toString,regexClass;module2.exports=fn}});var require_safe_regex_test=__commonJS({"node_modules/safe-regex-test/index.js"(exports2,module2){"use strict";var callBound=require_call_bound(),
isRegex=require_is_regex(),$exec=callBound("RegExp.prototype.exec"),$TypeError=require_type();module2.exports=function(regex){
if(!isRegex(regex))throw new $TypeError("`regex` must be a RegExp");return function(s){return $exec(regex,s)!==null}}}});var require_is_generator_function=__commonJS({"node_modules/is-generator-function/index.js"(exports2,module2){"use stric\
t";var callBound=require_call_bound(),safeRegexTest=require_safe_regex_test(),isFnRegex=safeRegexTest(/^\s*(?:function)?\*/),
hasToStringTag=require_shams2()(),getProto=require_get_proto(),toStr=callBound("Object.prototype.toString"),fnToStr=callBound(
"Function.prototype.toString"),getGeneratorFunction=require_generator_function();module2.exports=function(fn){if(typeof fn!=
"function")return!1;if(isFnRegex(fnToStr(fn)))return!0;if(!hasToStringTag){var str=toStr(fn);return str==="[object Gener\
atorFunction]"}if(!getProto)return!1;var GeneratorFunction=getGeneratorFunction();return GeneratorFunction&&getProto(fn)===
GeneratorFunction.prototype}}});var require_is_callable=__commonJS({"node_modules/is-callable/index.js"(exports2,module2){"use strict";var fnToStr=Function.
prototype.toString,reflectApply=typeof Reflect=="object"&&Reflect!==null&&Reflect.apply,badArrayLike,isCallableMarker;if(typeof reflectApply==
"function"&&typeof Object.defineProperty=="function")try{badArrayLike=Object.defineProperty({},"length",{get:function(){
throw isCallableMarker}}),isCallableMarker={},reflectApply(function(){throw 42},null,badArrayLike)}catch(_){_!==isCallableMarker&&
(reflectApply=null)}else reflectApply=null;var constructorRegex=/^\s*class\b/,isES6ClassFn=function(value){try{var fnStr=fnToStr.
call(value);return constructorRegex.test(fnStr)}catch{return!1}},tryFunctionObject=function(value){try{return isES6ClassFn(
value)?!1:(fnToStr.call(value),!0)}catch{return!1}},toStr=Object.prototype.toString,objectClass="[object Object]",fnClass="\
[object Function]",genClass="[object GeneratorFunction]",ddaClass="[object HTMLAllCollection]",ddaClass2="[object HTML d\
ocument.all class]",ddaClass3="[object HTMLCollection]",hasToStringTag=typeof Symbol=="function"&&!!Symbol.toStringTag,isIE68=!(0 in
[,]),isDDA=function(){return!1};typeof document=="object"&&(all=document.all,toStr.call(all)===toStr.call(document.all)&&
(isDDA=function(value){if((isIE68||!value)&&(typeof value>"u"||typeof value=="object"))try{var str=toStr.call(value);return(str===
ddaClass||str===ddaClass2||str===ddaClass3||str===objectClass)&&value("")==null}catch{}return!1}));var all;module2.exports=
reflectApply?function(value){if(isDDA(value))return!0;if(!value||typeof value!="function"&&typeof value!="object")return!1;
try{reflectApply(value,null,badArrayLike)}catch(e){if(e!==isCallableMarker)return!1}return!isES6ClassFn(value)&&tryFunctionObject(
value)}:function(value){if(isDDA(value))return!0;if(!value||typeof value!="function"&&typeof value!="object")return!1;if(hasToStringTag)
return tryFunctionObject(value);if(isES6ClassFn(value))return!1;var strClass=toStr.call(value);return strClass!==fnClass&&
strClass!==genClass&&!/^\[object HTML/.test(strClass)?!1:tryFunctionObject(value)}}});var require_for_each=__commonJS({"node_modules/for-each/index.js"(exports2,module2){"use strict";var isCallable=require_is_callable(),
toStr=Object.prototype.toString,hasOwnProperty=Object.prototype.hasOwnProperty,forEachArray=function(array,iterator,receiver){
for(var i=0,len=array.length;i<len;i++)hasOwnProperty.call(array,i)&&(receiver==null?iterator(array[i],i,array):iterator.
call(receiver,array[i],i,array))},forEachString=function(string,iterator,receiver){for(var i=0,len=string.length;i<len;i++)
receiver==null?iterator(string.charAt(i),i,string):iterator.call(receiver,string.charAt(i),i,string)},forEachObject=function(object,iterator,receiver){
for(var k in object)hasOwnProperty.call(object,k)&&(receiver==null?iterator(object[k],k,object):iterator.call(receiver,object[k],
k,object))};function isArray(x){return toStr.call(x)==="[object Array]"}module2.exports=function(list,iterator,thisArg){
if(!isCallable(iterator))throw new TypeError("iterator must be a function");var receiver;arguments.length>=3&&(receiver=
thisArg),isArray(list)?forEachArray(list,iterator,receiver):typeof list=="string"?forEachString(list,iterator,receiver):
forEachObject(list,iterator,receiver)}}});var require_possible_typed_array_names=__commonJS({"node_modules/possible-typed-array-names/index.js"(exports2,module2){
"use strict";module2.exports=["Float16Array","Float32Array","Float64Array","Int8Array","Int16Array","Int32Array","Uint8A\
rray","Uint8ClampedArray","Uint16Array","Uint32Array","BigInt64Array","BigUint64Array"]}});var require_available_typed_arrays=__commonJS({"node_modules/available-typed-arrays/index.js"(exports2,module2){"use str\
ict";var possibleNames=require_possible_typed_array_names(),g=typeof globalThis>"u"?global:globalThis;module2.exports=function(){
for(var out=[],i=0;i<possibleNames.length;i++)typeof g[possibleNames[i]]=="function"&&(out[out.length]=possibleNames[i]);
return out}}});var require_define_data_property=__commonJS({"node_modules/define-data-property/index.js"(exports2,module2){"use strict";
var $defineProperty=require_es_define_property(),$SyntaxError=require_syntax(),$TypeError=require_type(),gopd=require_gopd();
module2.exports=function(obj,property,value){if(!obj||typeof obj!="object"&&typeof obj!="function")throw new $TypeError(
"`obj` must be an object or a function`");if(typeof property!="string"&&typeof property!="symbol")throw new $TypeError("\
`property` must be a string or a symbol`");if(arguments.length>3&&typeof arguments[3]!="boolean"&&arguments[3]!==null)throw new $TypeError(
"`nonEnumerable`, if provided, must be a boolean or null");if(arguments.length>4&&typeof arguments[4]!="boolean"&&arguments[4]!==
null)throw new $TypeError("`nonWritable`, if provided, must be a boolean or null");if(arguments.length>5&&typeof arguments[5]!=
"boolean"&&arguments[5]!==null)throw new $TypeError("`nonConfigurable`, if provided, must be a boolean or null");if(arguments.
length>6&&typeof arguments[6]!="boolean")throw new $TypeError("`loose`, if provided, must be a boolean");var nonEnumerable=arguments.
length>3?arguments[3]:null,nonWritable=arguments.length>4?arguments[4]:null,nonConfigurable=arguments.length>5?arguments[5]:
null,loose=arguments.length>6?arguments[6]:!1,desc=!!gopd&&gopd(obj,property);if($defineProperty)$defineProperty(obj,property,
{configurable:nonConfigurable===null&&desc?desc.configurable:!nonConfigurable,enumerable:nonEnumerable===null&&desc?desc.
enumerable:!nonEnumerable,value,writable:nonWritable===null&&desc?desc.writable:!nonWritable});else if(loose||!nonEnumerable&&
!nonWritable&&!nonConfigurable)obj[property]=value;else throw new $SyntaxError("This environment does not support defini\
ng a property as non-configurable, non-writable, or non-enumerable.")}}});var require_has_property_descriptors=__commonJS({"node_modules/has-property-descriptors/index.js"(exports2,module2){"use\
 strict";var $defineProperty=require_es_define_property(),hasPropertyDescriptors=function(){return!!$defineProperty};hasPropertyDescriptors.
hasArrayLengthDefineBug=function(){if(!$defineProperty)return null;try{return $defineProperty([],"length",{value:1}).length!==
1}catch{return!0}};module2.exports=hasPropertyDescriptors}});var require_set_function_length=__commonJS({"node_modules/set-function-length/index.js"(exports2,module2){"use strict";var GetIntrinsic=require_get_intrinsic(),
define=require_define_data_property(),hasDescriptors=require_has_property_descriptors()(),gOPD=require_gopd(),$TypeError=require_type(),
$floor=GetIntrinsic("%Math.floor%");module2.exports=function(fn,length){if(typeof fn!="function")throw new $TypeError("`\
fn` is not a function");if(typeof length!="number"||length<0||length>4294967295||$floor(length)!==length)throw new $TypeError(
"`length` must be a positive 32-bit integer");var loose=arguments.length>2&&!!arguments[2],functionLengthIsConfigurable=!0,
functionLengthIsWritable=!0;if("length"in fn&&gOPD){var desc=gOPD(fn,"length");desc&&!desc.configurable&&(functionLengthIsConfigurable=
!1),desc&&!desc.writable&&(functionLengthIsWritable=!1)}return(functionLengthIsConfigurable||functionLengthIsWritable||!loose)&&
(hasDescriptors?define(fn,"length",length,!0,!0):define(fn,"length",length)),fn}}});var require_applyBind=__commonJS({"node_modules/call-bind-apply-helpers/applyBind.js"(exports2,module2){"use strict";var bind=require_function_bind(),
$apply=require_functionApply(),actualApply=require_actualApply();module2.exports=function(){return actualApply(bind,$apply,
arguments)}}});var require_call_bind=__commonJS({"node_modules/call-bind/index.js"(exports2,module2){"use strict";var setFunctionLength=require_set_function_length(),
$defineProperty=require_es_define_property(),callBindBasic=require_call_bind_apply_helpers(),applyBind=require_applyBind();
module2.exports=function(originalFunction){var func=callBindBasic(arguments),adjustedLength=1+originalFunction.length-(arguments.
length-1);return setFunctionLength(func,adjustedLength>0?adjustedLength:0,!0)};$defineProperty?$defineProperty(module2.exports,
"apply",{value:applyBind}):module2.exports.apply=applyBind}});var require_which_typed_array=__commonJS({"node_modules/which-typed-array/index.js"(exports2,module2){"use strict";var forEach=require_for_each(),
availableTypedArrays=require_available_typed_arrays(),callBind=require_call_bind(),callBound=require_call_bound(),gOPD=require_gopd(),
getProto=require_get_proto(),$toString=callBound("Object.prototype.toString"),hasToStringTag=require_shams2()(),g=typeof globalThis>
"u"?global:globalThis,typedArrays=availableTypedArrays(),$slice=callBound("String.prototype.slice"),$indexOf=callBound("\
Array.prototype.indexOf",!0)||function(array,value){for(var i=0;i<array.length;i+=1)if(array[i]===value)return i;return-1},
cache={__proto__:null};hasToStringTag&&gOPD&&getProto?forEach(typedArrays,function(typedArray){var arr=new g[typedArray];
if(Symbol.toStringTag in arr&&getProto){var proto=getProto(arr),descriptor=gOPD(proto,Symbol.toStringTag);if(!descriptor&&
proto){var superProto=getProto(proto);descriptor=gOPD(superProto,Symbol.toStringTag)}if(descriptor&&descriptor.get){var bound=callBind(
descriptor.get);cache["$"+typedArray]=bound}}}):forEach(typedArrays,function(typedArray){var arr=new g[typedArray],fn=arr.
slice||arr.set;if(fn){var bound=callBind(fn);cache["$"+typedArray]=bound}});function tryTypedArrays(value){var found=!1;
return forEach(cache,function(getter,typedArray){if(!found)try{"$"+getter(value)===typedArray&&(found=$slice(typedArray,
1))}catch{}}),found}function trySlices(value){var found=!1;return forEach(cache,function(getter,name){if(!found)try{getter(
value),found=$slice(name,1)}catch{}}),found}function isTATag(tag){return $indexOf(typedArrays,tag)>-1}function whichTypedArray(value){
if(!value||typeof value!="object")return!1;if(!hasToStringTag){var tag=$slice($toString(value),8,-1);return isTATag(tag)?
tag:tag!=="Object"?!1:trySlices(value)}return gOPD?tryTypedArrays(value):null}module2.exports=whichTypedArray}});var require_is_typed_array=__commonJS({"node_modules/is-typed-array/index.js"(exports2,module2){"use strict";var whichTypedArray=require_which_typed_array();
module2.exports=function(value){return!!whichTypedArray(value)}}});var require_types=__commonJS({"node_modules/util/support/types.js"(exports2){"use strict";var isArgumentsObject=require_is_arguments(),
isGeneratorFunction=require_is_generator_function(),whichTypedArray=require_which_typed_array(),isTypedArray=require_is_typed_array();
function uncurryThis(f){return f.call.bind(f)}var BigIntSupported=typeof BigInt<"u",SymbolSupported=typeof Symbol<"u",ObjectToString=uncurryThis(
Object.prototype.toString),numberValue=uncurryThis(Number.prototype.valueOf),stringValue=uncurryThis(String.prototype.valueOf),
booleanValue=uncurryThis(Boolean.prototype.valueOf);BigIntSupported&&(bigIntValue=uncurryThis(BigInt.prototype.valueOf));
var bigIntValue;SymbolSupported&&(symbolValue=uncurryThis(Symbol.prototype.valueOf));var symbolValue;function checkBoxedPrimitive(value,prototypeValueOf){
if(typeof value!="object")return!1;try{return prototypeValueOf(value),!0}catch{return!1}}exports2.isArgumentsObject=isArgumentsObject;
exports2.isGeneratorFunction=isGeneratorFunction;exports2.isTypedArray=isTypedArray;function isPromise(input){return typeof Promise<
"u"&&input instanceof Promise||input!==null&&typeof input=="object"&&typeof input.then=="function"&&typeof input.catch==
"function"}exports2.isPromise=isPromise;function isArrayBufferView(value){return typeof ArrayBuffer<"u"&&ArrayBuffer.isView?
ArrayBuffer.isView(value):isTypedArray(value)||isDataView(value)}exports2.isArrayBufferView=isArrayBufferView;function isUint8Array(value){
return whichTypedArray(value)==="Uint8Array"}exports2.isUint8Array=isUint8Array;function isUint8ClampedArray(value){return whichTypedArray(
value)==="Uint8ClampedArray"}exports2.isUint8ClampedArray=isUint8ClampedArray;function isUint16Array(value){return whichTypedArray(
value)==="Uint16Array"}exports2.isUint16Array=isUint16Array;function isUint32Array(value){return whichTypedArray(value)===
"Uint32Array"}exports2.isUint32Array=isUint32Array;function isInt8Array(value){return whichTypedArray(value)==="Int8Arra\
y"}exports2.isInt8Array=isInt8Array;function isInt16Array(value){return whichTypedArray(value)==="Int16Array"}exports2.isInt16Array=
isInt16Array;function isInt32Array(value){return whichTypedArray(value)==="Int32Array"}exports2.isInt32Array=isInt32Array;
function isFloat32Array(value){return whichTypedArray(value)==="Float32Array"}exports2.isFloat32Array=isFloat32Array;function isFloat64Array(value){
return whichTypedArray(value)==="Float64Array"}exports2.isFloat64Array=isFloat64Array;function isBigInt64Array(value){return whichTypedArray(
value)==="BigInt64Array"}exports2.isBigInt64Array=isBigInt64Array;function isBigUint64Array(value){return whichTypedArray(
value)==="BigUint64Array"}exports2.isBigUint64Array=isBigUint64Array;function isMapToString(value){return ObjectToString(
value)==="[object Map]"}isMapToString.working=typeof Map<"u"&&isMapToString(new Map);function isMap(value){return typeof Map>
"u"?!1:isMapToString.working?isMapToString(value):value instanceof Map}exports2.isMap=isMap;function isSetToString(value){
return ObjectToString(value)==="[object Set]"}isSetToString.working=typeof Set<"u"&&isSetToString(new Set);function isSet(value){
return typeof Set>"u"?!1:isSetToString.working?isSetToString(value):value instanceof Set}exports2.isSet=isSet;function isWeakMapToString(value){
return ObjectToString(value)==="[object WeakMap]"}isWeakMapToString.working=typeof WeakMap<"u"&&isWeakMapToString(new WeakMap);
function isWeakMap(value){return typeof WeakMap>"u"?!1:isWeakMapToString.working?isWeakMapToString(value):value instanceof
WeakMap}exports2.isWeakMap=isWeakMap;function isWeakSetToString(value){return ObjectToString(value)==="[object WeakSet]"}
isWeakSetToString.working=typeof WeakSet<"u"&&isWeakSetToString(new WeakSet);function isWeakSet(value){return isWeakSetToString(
value)}exports2.isWeakSet=isWeakSet;function isArrayBufferToString(value){return ObjectToString(value)==="[object ArrayB\
uffer]"}isArrayBufferToString.working=typeof ArrayBuffer<"u"&&isArrayBufferToString(new ArrayBuffer);function isArrayBuffer(value){
return typeof ArrayBuffer>"u"?!1:isArrayBufferToString.working?isArrayBufferToString(value):value instanceof ArrayBuffer}
exports2.isArrayBuffer=isArrayBuffer;function isDataViewToString(value){return ObjectToString(value)==="[object DataView\
]"}isDataViewToString.working=typeof ArrayBuffer<"u"&&typeof DataView<"u"&&isDataViewToString(new DataView(new ArrayBuffer(
1),0,1));function isDataView(value){return typeof DataView>"u"?!1:isDataViewToString.working?isDataViewToString(value):value instanceof
DataView}exports2.isDataView=isDataView;var SharedArrayBufferCopy=typeof SharedArrayBuffer<"u"?SharedArrayBuffer:void 0;
function isSharedArrayBufferToString(value){return ObjectToString(value)==="[object SharedArrayBuffer]"}function isSharedArrayBuffer(value){
return typeof SharedArrayBufferCopy>"u"?!1:(typeof isSharedArrayBufferToString.working>"u"&&(isSharedArrayBufferToString.
working=isSharedArrayBufferToString(new SharedArrayBufferCopy)),isSharedArrayBufferToString.working?isSharedArrayBufferToString(
value):value instanceof SharedArrayBufferCopy)}exports2.isSharedArrayBuffer=isSharedArrayBuffer;function isAsyncFunction(value){
return ObjectToString(value)==="[object AsyncFunction]"}exports2.isAsyncFunction=isAsyncFunction;function isMapIterator(value){
return ObjectToString(value)==="[object Map Iterator]"}exports2.isMapIterator=isMapIterator;function isSetIterator(value){
return ObjectToString(value)==="[object Set Iterator]"}exports2.isSetIterator=isSetIterator;function isGeneratorObject(value){
return ObjectToString(value)==="[object Generator]"}exports2.isGeneratorObject=isGeneratorObject;function isWebAssemblyCompiledModule(value){
return ObjectToString(value)==="[object WebAssembly.Module]"}exports2.isWebAssemblyCompiledModule=isWebAssemblyCompiledModule;
function isNumberObject(value){return checkBoxedPrimitive(value,numberValue)}exports2.isNumberObject=isNumberObject;function isStringObject(value){
return checkBoxedPrimitive(value,stringValue)}exports2.isStringObject=isStringObject;function isBooleanObject(value){return checkBoxedPrimitive(
value,booleanValue)}exports2.isBooleanObject=isBooleanObject;function isBigIntObject(value){return BigIntSupported&&checkBoxedPrimitive(
value,bigIntValue)}exports2.isBigIntObject=isBigIntObject;function isSymbolObject(value){return SymbolSupported&&checkBoxedPrimitive(
value,symbolValue)}exports2.isSymbolObject=isSymbolObject;function isBoxedPrimitive(value){return isNumberObject(value)||
isStringObject(value)||isBooleanObject(value)||isBigIntObject(value)||isSymbolObject(value)}exports2.isBoxedPrimitive=isBoxedPrimitive;
function isAnyArrayBuffer(value){return typeof Uint8Array<"u"&&(isArrayBuffer(value)||isSharedArrayBuffer(value))}exports2.
isAnyArrayBuffer=isAnyArrayBuffer;["isProxy","isExternal","isModuleNamespaceObject"].forEach(function(method){Object.defineProperty(
exports2,method,{enumerable:!1,value:function(){throw new Error(method+" is not supported in userland")}})})}});var require_isBuffer=__commonJS({"node_modules/util/support/isBuffer.js"(exports2,module2){module2.exports=function(arg){
return arg instanceof Buffer}}});var require_inherits_browser=__commonJS({"node_modules/inherits/inherits_browser.js"(exports2,module2){typeof Object.create==
"function"?module2.exports=function(ctor,superCtor){superCtor&&(ctor.super_=superCtor,ctor.prototype=Object.create(superCtor.
prototype,{constructor:{value:ctor,enumerable:!1,writable:!0,configurable:!0}}))}:module2.exports=function(ctor,superCtor){
if(superCtor){ctor.super_=superCtor;var TempCtor=function(){};TempCtor.prototype=superCtor.prototype,ctor.prototype=new TempCtor,
ctor.prototype.constructor=ctor}}}});var require_util=__commonJS({"node_modules/util/util.js"(exports2){var getOwnPropertyDescriptors=Object.getOwnPropertyDescriptors||
function(obj){for(var keys=Object.keys(obj),descriptors={},i=0;i<keys.length;i++)descriptors[keys[i]]=Object.getOwnPropertyDescriptor(
obj,keys[i]);return descriptors},formatRegExp=/%[sdj%]/g;exports2.format=function(f){if(!isString(f)){for(var objects=[],
i=0;i<arguments.length;i++)objects.push(inspect(arguments[i]));return objects.join(" ")}for(var i=1,args=arguments,len=args.
length,str=String(f).replace(formatRegExp,function(x2){if(x2==="%%")return"%";if(i>=len)return x2;switch(x2){case"%s":return String(
args[i++]);case"%d":return Number(args[i++]);case"%j":try{return JSON.stringify(args[i++])}catch{return"[Circular]"}default:
return x2}}),x=args[i];i<len;x=args[++i])isNull(x)||!isObject(x)?str+=" "+x:str+=" "+inspect(x);return str};exports2.deprecate=
function(fn,msg){if(typeof process<"u"&&process.noDeprecation===!0)return fn;if(typeof process>"u")return function(){return exports2.
deprecate(fn,msg).apply(this,arguments)};var warned=!1;function deprecated(){if(!warned){if(process.throwDeprecation)throw new Error(
msg);process.traceDeprecation?console.trace(msg):console.error(msg),warned=!0}return fn.apply(this,arguments)}return deprecated};
var debugs={},debugEnvRegex=/^$/;process.env.NODE_DEBUG&&(debugEnv=process.env.NODE_DEBUG,debugEnv=debugEnv.replace(/[|\\{}()[\]^$+?.]/g,
"\\$&").replace(/\*/g,".*").replace(/,/g,"$|^").toUpperCase(),debugEnvRegex=new RegExp("^"+debugEnv+"$","i"));var debugEnv;
exports2.debuglog=function(set){if(set=set.toUpperCase(),!debugs[set])if(debugEnvRegex.test(set)){var pid=process.pid;debugs[set]=
function(){var msg=exports2.format.apply(exports2,arguments);console.error("%s %d: %s",set,pid,msg)}}else debugs[set]=function(){};
return debugs[set]};function inspect(obj,opts){var ctx={seen:[],stylize:stylizeNoColor};return arguments.length>=3&&(ctx.
depth=arguments[2]),arguments.length>=4&&(ctx.colors=arguments[3]),isBoolean(opts)?ctx.showHidden=opts:opts&&exports2._extend(
ctx,opts),isUndefined(ctx.showHidden)&&(ctx.showHidden=!1),isUndefined(ctx.depth)&&(ctx.depth=2),isUndefined(ctx.colors)&&
(ctx.colors=!1),isUndefined(ctx.customInspect)&&(ctx.customInspect=!0),ctx.colors&&(ctx.stylize=stylizeWithColor),formatValue(
ctx,obj,ctx.depth)}exports2.inspect=inspect;inspect.colors={bold:[1,22],italic:[3,23],underline:[4,24],inverse:[7,27],white:[
37,39],grey:[90,39],black:[30,39],blue:[34,39],cyan:[36,39],green:[32,39],magenta:[35,39],red:[31,39],yellow:[33,39]};inspect.
styles={special:"cyan",number:"yellow",boolean:"yellow",undefined:"grey",null:"bold",string:"green",date:"magenta",regexp:"\
red"};function stylizeWithColor(str,styleType){var style=inspect.styles[styleType];return style?"\x1B["+inspect.colors[style][0]+
"m"+str+"\x1B["+inspect.colors[style][1]+"m":str}function stylizeNoColor(str,styleType){return str}function arrayToHash(array){
var hash={};return array.forEach(function(val,idx){hash[val]=!0}),hash}function formatValue(ctx,value,recurseTimes){if(ctx.
customInspect&&value&&isFunction(value.inspect)&&value.inspect!==exports2.inspect&&!(value.constructor&&value.constructor.
prototype===value)){var ret=value.inspect(recurseTimes,ctx);return isString(ret)||(ret=formatValue(ctx,ret,recurseTimes)),
ret}var primitive=formatPrimitive(ctx,value);if(primitive)return primitive;var keys=Object.keys(value),visibleKeys=arrayToHash(
keys);if(ctx.showHidden&&(keys=Object.getOwnPropertyNames(value)),isError(value)&&(keys.indexOf("message")>=0||keys.indexOf(
"description")>=0))return formatError(value);if(keys.length===0){if(isFunction(value)){var name=value.name?": "+value.name:
"";return ctx.stylize("[Function"+name+"]","special")}if(isRegExp(value))return ctx.stylize(RegExp.prototype.toString.call(
value),"regexp");if(isDate(value))return ctx.stylize(Date.prototype.toString.call(value),"date");if(isError(value))return formatError(
value)}var base="",array=!1,braces=["{","}"];if(isArray(value)&&(array=!0,braces=["[","]"]),isFunction(value)){var n=value.
name?": "+value.name:"";base=" [Function"+n+"]"}if(isRegExp(value)&&(base=" "+RegExp.prototype.toString.call(value)),isDate(
value)&&(base=" "+Date.prototype.toUTCString.call(value)),isError(value)&&(base=" "+formatError(value)),keys.length===0&&
(!array||value.length==0))return braces[0]+base+braces[1];if(recurseTimes<0)return isRegExp(value)?ctx.stylize(RegExp.prototype.
toString.call(value),"regexp"):ctx.stylize("[Object]","special");ctx.seen.push(value);var output;return array?output=formatArray(
ctx,value,recurseTimes,visibleKeys,keys):output=keys.map(function(key){return formatProperty(ctx,value,recurseTimes,visibleKeys,
key,array)}),ctx.seen.pop(),reduceToSingleString(output,base,braces)}function formatPrimitive(ctx,value){if(isUndefined(
value))return ctx.stylize("undefined","undefined");if(isString(value)){var simple="'"+JSON.stringify(value).replace(/^"|"$/g,
"").replace(/'/g,"\\'").replace(/\\"/g,'"')+"'";return ctx.stylize(simple,"string")}if(isNumber(value))return ctx.stylize(
""+value,"number");if(isBoolean(value))return ctx.stylize(""+value,"boolean");if(isNull(value))return ctx.stylize("null",
"null")}function formatError(value){return"["+Error.prototype.toString.call(value)+"]"}function formatArray(ctx,value,recurseTimes,visibleKeys,keys){
for(var output=[],i=0,l=value.length;i<l;++i)hasOwnProperty(value,String(i))?output.push(formatProperty(ctx,value,recurseTimes,
visibleKeys,String(i),!0)):output.push("");return keys.forEach(function(key){key.match(/^\d+$/)||output.push(formatProperty(
ctx,value,recurseTimes,visibleKeys,key,!0))}),output}function formatProperty(ctx,value,recurseTimes,visibleKeys,key,array){
var name,str,desc;if(desc=Object.getOwnPropertyDescriptor(value,key)||{value:value[key]},desc.get?desc.set?str=ctx.stylize(
"[Getter/Setter]","special"):str=ctx.stylize("[Getter]","special"):desc.set&&(str=ctx.stylize("[Setter]","special")),hasOwnProperty(
visibleKeys,key)||(name="["+key+"]"),str||(ctx.seen.indexOf(desc.value)<0?(isNull(recurseTimes)?str=formatValue(ctx,desc.
value,null):str=formatValue(ctx,desc.value,recurseTimes-1),str.indexOf(`
`)>-1&&(array?str=str.split(`
`).map(function(line){return"  "+line}).join(`
`).slice(2):str=`
`+str.split(`
`).map(function(line){return"   "+line}).join(`
`))):str=ctx.stylize("[Circular]","special")),isUndefined(name)){if(array&&key.match(/^\d+$/))return str;name=JSON.stringify(
""+key),name.match(/^"([a-zA-Z_][a-zA-Z_0-9]*)"$/)?(name=name.slice(1,-1),name=ctx.stylize(name,"name")):(name=name.replace(
/'/g,"\\'").replace(/\\"/g,'"').replace(/(^"|"$)/g,"'"),name=ctx.stylize(name,"string"))}return name+": "+str}function reduceToSingleString(output,base,braces){
var numLinesEst=0,length=output.reduce(function(prev,cur){return numLinesEst++,cur.indexOf(`
`)>=0&&numLinesEst++,prev+cur.replace(/\u001b\[\d\d?m/g,"").length+1},0);return length>60?braces[0]+(base===""?"":base+`\

 `)+" "+output.join(`,
  `)+" "+braces[1]:braces[0]+base+" "+output.join(", ")+" "+braces[1]}exports2.types=require_types();function isArray(ar){
return Array.isArray(ar)}exports2.isArray=isArray;function isBoolean(arg){return typeof arg=="boolean"}exports2.isBoolean=
isBoolean;function isNull(arg){return arg===null}exports2.isNull=isNull;function isNullOrUndefined(arg){return arg==null}
exports2.isNullOrUndefined=isNullOrUndefined;function isNumber(arg){return typeof arg=="number"}exports2.isNumber=isNumber;
function isString(arg){return typeof arg=="string"}exports2.isString=isString;function isSymbol(arg){return typeof arg==
"symbol"}exports2.isSymbol=isSymbol;function isUndefined(arg){return arg===void 0}exports2.isUndefined=isUndefined;function isRegExp(re){
return isObject(re)&&objectToString(re)==="[object RegExp]"}exports2.isRegExp=isRegExp;exports2.types.isRegExp=isRegExp;
function isObject(arg){return typeof arg=="object"&&arg!==null}exports2.isObject=isObject;function isDate(d){return isObject(
d)&&objectToString(d)==="[object Date]"}exports2.isDate=isDate;exports2.types.isDate=isDate;function isError(e){return isObject(
e)&&(objectToString(e)==="[object Error]"||e instanceof Error)}exports2.isError=isError;exports2.types.isNativeError=isError;
function isFunction(arg){return typeof arg=="function"}exports2.isFunction=isFunction;function isPrimitive(arg){return arg===
null||typeof arg=="boolean"||typeof arg=="number"||typeof arg=="string"||typeof arg=="symbol"||typeof arg>"u"}exports2.isPrimitive=
isPrimitive;exports2.isBuffer=require_isBuffer();function objectToString(o){return Object.prototype.toString.call(o)}function pad(n){
return n<10?"0"+n.toString(10):n.toString(10)}var months=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","N\
ov","Dec"];function timestamp(){var d=new Date,time=[pad(d.getHours()),pad(d.getMinutes()),pad(d.getSeconds())].join(":");
return[d.getDate(),months[d.getMonth()],time].join(" ")}exports2.log=function(){console.log("%s - %s",timestamp(),exports2.
format.apply(exports2,arguments))};exports2.inherits=require_inherits_browser();exports2._extend=function(origin,add){if(!add||
!isObject(add))return origin;for(var keys=Object.keys(add),i=keys.length;i--;)origin[keys[i]]=add[keys[i]];return origin};
function hasOwnProperty(obj,prop){return Object.prototype.hasOwnProperty.call(obj,prop)}var kCustomPromisifiedSymbol=typeof Symbol<
"u"?Symbol.for("nodejs.util.promisify.custom"):void 0;exports2.promisify=function(original){if(typeof original!="functio\
n")throw new TypeError('The "original" argument must be of type Function');if(kCustomPromisifiedSymbol&&original[kCustomPromisifiedSymbol]){
var fn=original[kCustomPromisifiedSymbol];if(typeof fn!="function")throw new TypeError('The "util.promisify.custom" argu\
ment must be of type Function');return Object.defineProperty(fn,kCustomPromisifiedSymbol,{value:fn,enumerable:!1,writable:!1,
configurable:!0}),fn}function fn(){for(var promiseResolve,promiseReject,promise=new Promise(function(resolve,reject){promiseResolve=
resolve,promiseReject=reject}),args=[],i=0;i<arguments.length;i++)args.push(arguments[i]);args.push(function(err,value){
err?promiseReject(err):promiseResolve(value)});try{original.apply(this,args)}catch(err){promiseReject(err)}return promise}
return Object.setPrototypeOf(fn,Object.getPrototypeOf(original)),kCustomPromisifiedSymbol&&Object.defineProperty(fn,kCustomPromisifiedSymbol,
{value:fn,enumerable:!1,writable:!1,configurable:!0}),Object.defineProperties(fn,getOwnPropertyDescriptors(original))};exports2.
promisify.custom=kCustomPromisifiedSymbol;function callbackifyOnRejected(reason,cb){if(!reason){var newReason=new Error(
"Promise was rejected with a falsy value");newReason.reason=reason,reason=newReason}return cb(reason)}function callbackify(original){
if(typeof original!="function")throw new TypeError('The "original" argument must be of type Function');function callbackified(){
for(var args=[],i=0;i<arguments.length;i++)args.push(arguments[i]);var maybeCb=args.pop();if(typeof maybeCb!="function")
throw new TypeError("The last argument must be of type Function");var self=this,cb=function(){return maybeCb.apply(self,
arguments)};original.apply(this,args).then(function(ret){process.nextTick(cb.bind(null,null,ret))},function(rej){process.
nextTick(callbackifyOnRejected.bind(null,rej,cb))})}return Object.setPrototypeOf(callbackified,Object.getPrototypeOf(original)),
Object.defineProperties(callbackified,getOwnPropertyDescriptors(original)),callbackified}exports2.callbackify=callbackify}});var require_primordials=__commonJS({"node_modules/@pkgjs/parseargs/internal/primordials.js"(exports2,module2){"use stric\
t";var primordials={},{defineProperty:ReflectDefineProperty,getOwnPropertyDescriptor:ReflectGetOwnPropertyDescriptor,ownKeys:ReflectOwnKeys}=Reflect,
{apply,bind,call}=Function.prototype,uncurryThis=bind.bind(call);primordials.uncurryThis=uncurryThis;var applyBind=bind.
bind(apply);primordials.applyBind=applyBind;var varargsMethods=["ArrayOf","ArrayPrototypePush","ArrayPrototypeUnshift","\
MathHypot","MathMax","MathMin","StringPrototypeConcat","TypedArrayOf"];function getNewKey(key){return typeof key=="symbo\
l"?`Symbol${key.description[7].toUpperCase()}${key.description.slice(8)}`:`${key[0].toUpperCase()}${key.slice(1)}`}function copyAccessor(dest,prefix,key,{
enumerable,get,set}){ReflectDefineProperty(dest,`${prefix}Get${key}`,{value:uncurryThis(get),enumerable}),set!==void 0&&
ReflectDefineProperty(dest,`${prefix}Set${key}`,{value:uncurryThis(set),enumerable})}function copyPropsRenamed(src,dest,prefix){
for(let key of ReflectOwnKeys(src)){let newKey=getNewKey(key),desc=ReflectGetOwnPropertyDescriptor(src,key);if("get"in desc)
copyAccessor(dest,prefix,newKey,desc);else{let name=`${prefix}${newKey}`;ReflectDefineProperty(dest,name,desc),varargsMethods.
includes(name)&&ReflectDefineProperty(dest,`${name}Apply`,{value:applyBind(desc.value,src)})}}}function copyPropsRenamedBound(src,dest,prefix){
for(let key of ReflectOwnKeys(src)){let newKey=getNewKey(key),desc=ReflectGetOwnPropertyDescriptor(src,key);if("get"in desc)
copyAccessor(dest,prefix,newKey,desc);else{let{value}=desc;typeof value=="function"&&(desc.value=value.bind(src));let name=`${prefix}${newKey}`;
ReflectDefineProperty(dest,name,desc),varargsMethods.includes(name)&&ReflectDefineProperty(dest,`${name}Apply`,{value:applyBind(
value,src)})}}}function copyPrototype(src,dest,prefix){for(let key of ReflectOwnKeys(src)){let newKey=getNewKey(key),desc=ReflectGetOwnPropertyDescriptor(
src,key);if("get"in desc)copyAccessor(dest,prefix,newKey,desc);else{let{value}=desc;typeof value=="function"&&(desc.value=
uncurryThis(value));let name=`${prefix}${newKey}`;ReflectDefineProperty(dest,name,desc),varargsMethods.includes(name)&&ReflectDefineProperty(
dest,`${name}Apply`,{value:applyBind(value)})}}}["Proxy","globalThis"].forEach(name=>{primordials[name]=globalThis[name]});
[decodeURI,decodeURIComponent,encodeURI,encodeURIComponent].forEach(fn=>{primordials[fn.name]=fn});["JSON","Math","Proxy",
"Reflect"].forEach(name=>{copyPropsRenamed(global[name],primordials,name)});["Array","ArrayBuffer","BigInt","BigInt64Arr\
ay","BigUint64Array","Boolean","DataView","Date","Error","EvalError","Float32Array","Float64Array","Function","Int16Arra\
y","Int32Array","Int8Array","Map","Number","Object","RangeError","ReferenceError","RegExp","Set","String","Symbol","Synt\
axError","TypeError","URIError","Uint16Array","Uint32Array","Uint8Array","Uint8ClampedArray","WeakMap","WeakSet"].forEach(
name=>{let original=global[name];primordials[name]=original,copyPropsRenamed(original,primordials,name),copyPrototype(original.
prototype,primordials,`${name}Prototype`)});["Promise"].forEach(name=>{let original=global[name];primordials[name]=original,
copyPropsRenamedBound(original,primordials,name),copyPrototype(original.prototype,primordials,`${name}Prototype`)});[{name:"\
TypedArray",original:Reflect.getPrototypeOf(Uint8Array)},{name:"ArrayIterator",original:{prototype:Reflect.getPrototypeOf(
Array.prototype[Symbol.iterator]())}},{name:"StringIterator",original:{prototype:Reflect.getPrototypeOf(String.prototype[Symbol.
iterator]())}}].forEach(({name,original})=>{primordials[name]=original,copyPrototype(original,primordials,name),copyPrototype(
original.prototype,primordials,`${name}Prototype`)});var{ArrayPrototypeForEach,FunctionPrototypeCall,Map:Map2,ObjectFreeze,
ObjectSetPrototypeOf,Set:Set2,SymbolIterator,WeakMap:WeakMap2,WeakSet:WeakSet2}=primordials,createSafeIterator=(factory,next)=>{
class SafeIterator{constructor(iterable){this._iterator=factory(iterable)}next(){return next(this._iterator)}[SymbolIterator](){
return this}}return ObjectSetPrototypeOf(SafeIterator.prototype,null),ObjectFreeze(SafeIterator.prototype),ObjectFreeze(
SafeIterator),SafeIterator};primordials.SafeArrayIterator=createSafeIterator(primordials.ArrayPrototypeSymbolIterator,primordials.
ArrayIteratorPrototypeNext);primordials.SafeStringIterator=createSafeIterator(primordials.StringPrototypeSymbolIterator,
primordials.StringIteratorPrototypeNext);var copyProps=(src,dest)=>{ArrayPrototypeForEach(ReflectOwnKeys(src),key=>{ReflectGetOwnPropertyDescriptor(
dest,key)||ReflectDefineProperty(dest,key,ReflectGetOwnPropertyDescriptor(src,key))})},makeSafe=(unsafe,safe)=>{if(SymbolIterator in
unsafe.prototype){let dummy=new unsafe,next;ArrayPrototypeForEach(ReflectOwnKeys(unsafe.prototype),key=>{if(!ReflectGetOwnPropertyDescriptor(
safe.prototype,key)){let desc=ReflectGetOwnPropertyDescriptor(unsafe.prototype,key);if(typeof desc.value=="function"&&desc.
value.length===0&&SymbolIterator in(FunctionPrototypeCall(desc.value,dummy)??{})){let createIterator=uncurryThis(desc.value);
next=next??uncurryThis(createIterator(dummy).next);let SafeIterator=createSafeIterator(createIterator,next);desc.value=function(){
return new SafeIterator(this)}}ReflectDefineProperty(safe.prototype,key,desc)}})}else copyProps(unsafe.prototype,safe.prototype);
return copyProps(unsafe,safe),ObjectSetPrototypeOf(safe.prototype,null),ObjectFreeze(safe.prototype),ObjectFreeze(safe),
safe};primordials.makeSafe=makeSafe;primordials.SafeMap=makeSafe(Map2,class extends Map2{constructor(i){super(i)}});primordials.
SafeWeakMap=makeSafe(WeakMap2,class extends WeakMap2{constructor(i){super(i)}});primordials.SafeSet=makeSafe(Set2,class extends Set2{constructor(i){
super(i)}});primordials.SafeWeakSet=makeSafe(WeakSet2,class extends WeakSet2{constructor(i){super(i)}});ObjectSetPrototypeOf(
primordials,null);ObjectFreeze(primordials);module2.exports=primordials}});var require_errors=__commonJS({"node_modules/@pkgjs/parseargs/internal/errors.js"(exports2,module2){"use strict";var ERR_INVALID_ARG_TYPE=class extends TypeError{constructor(name,expected,actual){
super(`${name} must be ${expected} got ${actual}`),this.code="ERR_INVALID_ARG_TYPE"}},ERR_INVALID_ARG_VALUE=class extends TypeError{constructor(arg1,arg2,expected){
super(`The property ${arg1} ${expected}. Received '${arg2}'`),this.code="ERR_INVALID_ARG_VALUE"}},ERR_PARSE_ARGS_INVALID_OPTION_VALUE=class extends Error{constructor(message){
super(message),this.code="ERR_PARSE_ARGS_INVALID_OPTION_VALUE"}},ERR_PARSE_ARGS_UNKNOWN_OPTION=class extends Error{constructor(option,allowPositionals){
let suggestDashDash=allowPositionals?`. To specify a positional argument starting with a '-', place it at the end of the\
 command after '--', as in '-- ${JSON.stringify(option)}`:"";super(`Unknown option '${option}'${suggestDashDash}`),this.
code="ERR_PARSE_ARGS_UNKNOWN_OPTION"}},ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL=class extends Error{constructor(positional){
super(`Unexpected argument '${positional}'. This command does not take positional arguments`),this.code="ERR_PARSE_ARGS_\
UNEXPECTED_POSITIONAL"}};module2.exports={codes:{ERR_INVALID_ARG_TYPE,ERR_INVALID_ARG_VALUE,ERR_PARSE_ARGS_INVALID_OPTION_VALUE,
ERR_PARSE_ARGS_UNKNOWN_OPTION,ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL}}}});var require_validators=__commonJS({"node_modules/@pkgjs/parseargs/internal/validators.js"(exports2,module2){"use strict";
var{ArrayIsArray,ArrayPrototypeIncludes,ArrayPrototypeJoin}=require_primordials(),{codes:{ERR_INVALID_ARG_TYPE}}=require_errors();
function validateString(value,name){if(typeof value!="string")throw new ERR_INVALID_ARG_TYPE(name,"String",value)}function validateUnion(value,name,union){
if(!ArrayPrototypeIncludes(union,value))throw new ERR_INVALID_ARG_TYPE(name,`('${ArrayPrototypeJoin(union,"|")}')`,value)}
function validateBoolean(value,name){if(typeof value!="boolean")throw new ERR_INVALID_ARG_TYPE(name,"Boolean",value)}function validateArray(value,name){
if(!ArrayIsArray(value))throw new ERR_INVALID_ARG_TYPE(name,"Array",value)}function validateStringArray(value,name){validateArray(
value,name);for(let i=0;i<value.length;i++)validateString(value[i],`${name}[${i}]`)}function validateBooleanArray(value,name){
validateArray(value,name);for(let i=0;i<value.length;i++)validateBoolean(value[i],`${name}[${i}]`)}function validateObject(value,name,options){
let useDefaultOptions=options==null,allowArray=useDefaultOptions?!1:options.allowArray,allowFunction=useDefaultOptions?!1:
options.allowFunction;if(!(useDefaultOptions?!1:options.nullable)&&value===null||!allowArray&&ArrayIsArray(value)||typeof value!=
"object"&&(!allowFunction||typeof value!="function"))throw new ERR_INVALID_ARG_TYPE(name,"Object",value)}module2.exports=
{validateArray,validateObject,validateString,validateStringArray,validateUnion,validateBoolean,validateBooleanArray}}});var require_util2=__commonJS({"node_modules/@pkgjs/parseargs/internal/util.js"(exports2,module2){"use strict";var{ObjectCreate,
ObjectFreeze}=require_primordials(),kEmptyObject=ObjectFreeze(ObjectCreate(null));module2.exports={kEmptyObject}}});var require_utils=__commonJS({"node_modules/@pkgjs/parseargs/utils.js"(exports2,module2){"use strict";var{ArrayPrototypeFind,
ObjectEntries,ObjectPrototypeHasOwnProperty:ObjectHasOwn,StringPrototypeCharAt,StringPrototypeIncludes,StringPrototypeStartsWith}=require_primordials(),
{validateObject}=require_validators();function objectGetOwn(obj,prop){if(ObjectHasOwn(obj,prop))return obj[prop]}function optionsGetOwn(options,longOption,prop){
if(ObjectHasOwn(options,longOption))return objectGetOwn(options[longOption],prop)}function isOptionValue(value){return value!=
null}function isOptionLikeValue(value){return value==null?!1:value.length>1&&StringPrototypeCharAt(value,0)==="-"}function isLoneShortOption(arg){
return arg.length===2&&StringPrototypeCharAt(arg,0)==="-"&&StringPrototypeCharAt(arg,1)!=="-"}function isLoneLongOption(arg){
return arg.length>2&&StringPrototypeStartsWith(arg,"--")&&!StringPrototypeIncludes(arg,"=",3)}function isLongOptionAndValue(arg){
return arg.length>2&&StringPrototypeStartsWith(arg,"--")&&StringPrototypeIncludes(arg,"=",3)}function isShortOptionGroup(arg,options){
if(arg.length<=2||StringPrototypeCharAt(arg,0)!=="-"||StringPrototypeCharAt(arg,1)==="-")return!1;let firstShort=StringPrototypeCharAt(
arg,1),longOption=findLongOptionForShort(firstShort,options);return optionsGetOwn(options,longOption,"type")!=="string"}
function isShortOptionAndValue(arg,options){if(validateObject(options,"options"),arg.length<=2||StringPrototypeCharAt(arg,
0)!=="-"||StringPrototypeCharAt(arg,1)==="-")return!1;let shortOption=StringPrototypeCharAt(arg,1),longOption=findLongOptionForShort(
shortOption,options);return optionsGetOwn(options,longOption,"type")==="string"}function findLongOptionForShort(shortOption,options){
return validateObject(options,"options"),ArrayPrototypeFind(ObjectEntries(options),({1:optionConfig})=>objectGetOwn(optionConfig,
"short")===shortOption)?.[0]??shortOption}function useDefaultValueOption(longOption,optionConfig,values){return objectGetOwn(
optionConfig,"default")!==void 0&&values[longOption]===void 0}module2.exports={findLongOptionForShort,isLoneLongOption,isLoneShortOption,
isLongOptionAndValue,isOptionValue,isOptionLikeValue,isShortOptionAndValue,isShortOptionGroup,useDefaultValueOption,objectGetOwn,
optionsGetOwn}}});var require_parseargs=__commonJS({"node_modules/@pkgjs/parseargs/index.js"(exports2,module2){"use strict";var{ArrayPrototypeForEach,
ArrayPrototypeIncludes,ArrayPrototypeMap,ArrayPrototypePush,ArrayPrototypePushApply,ArrayPrototypeShift,ArrayPrototypeSlice,
ArrayPrototypeUnshiftApply,ObjectEntries,ObjectPrototypeHasOwnProperty:ObjectHasOwn,StringPrototypeCharAt,StringPrototypeIndexOf,
StringPrototypeSlice,StringPrototypeStartsWith}=require_primordials(),{validateArray,validateBoolean,validateBooleanArray,
validateObject,validateString,validateStringArray,validateUnion}=require_validators(),{kEmptyObject}=require_util2(),{findLongOptionForShort,
isLoneLongOption,isLoneShortOption,isLongOptionAndValue,isOptionValue,isOptionLikeValue,isShortOptionAndValue,isShortOptionGroup,
useDefaultValueOption,objectGetOwn,optionsGetOwn}=require_utils(),{codes:{ERR_INVALID_ARG_VALUE,ERR_PARSE_ARGS_INVALID_OPTION_VALUE,
ERR_PARSE_ARGS_UNKNOWN_OPTION,ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL}}=require_errors();function getMainArgs(){let execArgv=process.
execArgv;return ArrayPrototypeIncludes(execArgv,"-e")||ArrayPrototypeIncludes(execArgv,"--eval")||ArrayPrototypeIncludes(
execArgv,"-p")||ArrayPrototypeIncludes(execArgv,"--print")?ArrayPrototypeSlice(process.argv,1):ArrayPrototypeSlice(process.
argv,2)}function checkOptionLikeValue(token){if(!token.inlineValue&&isOptionLikeValue(token.value)){let example=StringPrototypeStartsWith(
token.rawName,"--")?`'${token.rawName}=-XYZ'`:`'--${token.name}=-XYZ' or '${token.rawName}-XYZ'`,errorMessage=`Option '${token.
rawName}' argument is ambiguous.
Did you forget to specify the option argument for '${token.rawName}'?
To specify an option argument starting with a dash use ${example}.`;throw new ERR_PARSE_ARGS_INVALID_OPTION_VALUE(errorMessage)}}
function checkOptionUsage(config,token){if(!ObjectHasOwn(config.options,token.name))throw new ERR_PARSE_ARGS_UNKNOWN_OPTION(
token.rawName,config.allowPositionals);let short=optionsGetOwn(config.options,token.name,"short"),shortAndLong=`${short?
`-${short}, `:""}--${token.name}`,type=optionsGetOwn(config.options,token.name,"type");if(type==="string"&&typeof token.
value!="string")throw new ERR_PARSE_ARGS_INVALID_OPTION_VALUE(`Option '${shortAndLong} <value>' argument missing`);if(type===
"boolean"&&token.value!=null)throw new ERR_PARSE_ARGS_INVALID_OPTION_VALUE(`Option '${shortAndLong}' does not take an ar\
gument`)}function storeOption(longOption,optionValue,options,values){if(longOption==="__proto__")return;let newValue=optionValue??
!0;optionsGetOwn(options,longOption,"multiple")?values[longOption]?ArrayPrototypePush(values[longOption],newValue):values[longOption]=
[newValue]:values[longOption]=newValue}function storeDefaultOption(longOption,optionValue,values){longOption!=="__proto_\
_"&&(values[longOption]=optionValue)}function argsToTokens(args,options){let tokens=[],index=-1,groupCount=0,remainingArgs=ArrayPrototypeSlice(
args);for(;remainingArgs.length>0;){let arg=ArrayPrototypeShift(remainingArgs),nextArg=remainingArgs[0];if(groupCount>0?
groupCount--:index++,arg==="--"){ArrayPrototypePush(tokens,{kind:"option-terminator",index}),ArrayPrototypePushApply(tokens,
ArrayPrototypeMap(remainingArgs,arg2=>({kind:"positional",index:++index,value:arg2})));break}if(isLoneShortOption(arg)){
let shortOption=StringPrototypeCharAt(arg,1),longOption=findLongOptionForShort(shortOption,options),value,inlineValue;optionsGetOwn(
options,longOption,"type")==="string"&&isOptionValue(nextArg)&&(value=ArrayPrototypeShift(remainingArgs),inlineValue=!1),
ArrayPrototypePush(tokens,{kind:"option",name:longOption,rawName:arg,index,value,inlineValue}),value!=null&&++index;continue}
if(isShortOptionGroup(arg,options)){let expanded=[];for(let index2=1;index2<arg.length;index2++){let shortOption=StringPrototypeCharAt(
arg,index2),longOption=findLongOptionForShort(shortOption,options);if(optionsGetOwn(options,longOption,"type")!=="string"||
index2===arg.length-1)ArrayPrototypePush(expanded,`-${shortOption}`);else{ArrayPrototypePush(expanded,`-${StringPrototypeSlice(
arg,index2)}`);break}}ArrayPrototypeUnshiftApply(remainingArgs,expanded),groupCount=expanded.length;continue}if(isShortOptionAndValue(
arg,options)){let shortOption=StringPrototypeCharAt(arg,1),longOption=findLongOptionForShort(shortOption,options),value=StringPrototypeSlice(
arg,2);ArrayPrototypePush(tokens,{kind:"option",name:longOption,rawName:`-${shortOption}`,index,value,inlineValue:!0});continue}
if(isLoneLongOption(arg)){let longOption=StringPrototypeSlice(arg,2),value,inlineValue;optionsGetOwn(options,longOption,
"type")==="string"&&isOptionValue(nextArg)&&(value=ArrayPrototypeShift(remainingArgs),inlineValue=!1),ArrayPrototypePush(
tokens,{kind:"option",name:longOption,rawName:arg,index,value,inlineValue}),value!=null&&++index;continue}if(isLongOptionAndValue(
arg)){let equalIndex=StringPrototypeIndexOf(arg,"="),longOption=StringPrototypeSlice(arg,2,equalIndex),value=StringPrototypeSlice(
arg,equalIndex+1);ArrayPrototypePush(tokens,{kind:"option",name:longOption,rawName:`--${longOption}`,index,value,inlineValue:!0});
continue}ArrayPrototypePush(tokens,{kind:"positional",index,value:arg})}return tokens}var parseArgs=(config=kEmptyObject)=>{
let args=objectGetOwn(config,"args")??getMainArgs(),strict=objectGetOwn(config,"strict")??!0,allowPositionals=objectGetOwn(
config,"allowPositionals")??!strict,returnTokens=objectGetOwn(config,"tokens")??!1,options=objectGetOwn(config,"options")??
{__proto__:null},parseConfig={args,strict,options,allowPositionals};validateArray(args,"args"),validateBoolean(strict,"s\
trict"),validateBoolean(allowPositionals,"allowPositionals"),validateBoolean(returnTokens,"tokens"),validateObject(options,
"options"),ArrayPrototypeForEach(ObjectEntries(options),({0:longOption,1:optionConfig})=>{validateObject(optionConfig,`o\
ptions.${longOption}`);let optionType=objectGetOwn(optionConfig,"type");if(validateUnion(optionType,`options.${longOption}\
.type`,["string","boolean"]),ObjectHasOwn(optionConfig,"short")){let shortOption=optionConfig.short;if(validateString(shortOption,
`options.${longOption}.short`),shortOption.length!==1)throw new ERR_INVALID_ARG_VALUE(`options.${longOption}.short`,shortOption,
"must be a single character")}let multipleOption=objectGetOwn(optionConfig,"multiple");ObjectHasOwn(optionConfig,"multip\
le")&&validateBoolean(multipleOption,`options.${longOption}.multiple`);let defaultValue=objectGetOwn(optionConfig,"defau\
lt");if(defaultValue!==void 0){let validator;switch(optionType){case"string":validator=multipleOption?validateStringArray:
validateString;break;case"boolean":validator=multipleOption?validateBooleanArray:validateBoolean;break}validator(defaultValue,
`options.${longOption}.default`)}});let tokens=argsToTokens(args,options),result={values:{__proto__:null},positionals:[]};
return returnTokens&&(result.tokens=tokens),ArrayPrototypeForEach(tokens,token=>{if(token.kind==="option")strict&&(checkOptionUsage(
parseConfig,token),checkOptionLikeValue(token)),storeOption(token.name,token.value,options,result.values);else if(token.
kind==="positional"){if(!allowPositionals)throw new ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL(token.value);ArrayPrototypePush(
result.positionals,token.value)}}),ArrayPrototypeForEach(ObjectEntries(options),({0:longOption,1:optionConfig})=>{useDefaultValueOption(
longOption,optionConfig,result.values)&&storeDefaultOption(longOption,objectGetOwn(optionConfig,"default"),result.values)}),
result};module2.exports={parseArgs}}});var mime_exports={};__export(mime_exports,{MIMEParams:()=>MIMEParams,MIMEType:()=>MIMEType});var MIMEType,MIMEParams,init_mime=__esm(
{"node_modules/unenv/dist/runtime/node/internal/util/mime.mjs"(){MIMEType=class{__unenv__=!0;params=new MIMEParams;type;subtype;constructor(input){
let[essence="",...params]=String(input).split(";"),[type="",subtype=""]=essence.split("/");this.type=type,this.subtype=subtype,
this.params=new MIMEParams;for(let param of params){let[name,value]=param.split("=");this.params.set(name,value)}}get essence(){
return this.type+"/"+this.subtype}toString(){let paramsStr=this.params.toString();return this.essence+(paramsStr?`;${paramsStr}`:
"")}},MIMEParams=class extends Map{__unenv__=!0;get(name){return super.get(name)||null}toString(){return[...this.entries()].
map(([name,value])=>`${name}=${value}`).join("&")}}}});var require_util3=__commonJS({"src/util.js"(exports2,module2){var util=require_util(),{parseArgs}=require_parseargs(),{MIMEParams:MIMEParams2,
MIMEType:MIMEType2}=(init_mime(),__toCommonJS(mime_exports)),host=require("worky:host");function options(given){return{...host.
inspectDefaults,...given,colors:!!given?.colors}}function inspect(value,opts,depth){typeof opts=="boolean"&&(opts={showHidden:opts,
depth});let console2=host.console();return console2.inspect(value,{...console2.getDefaultInspectOptions(),...options(opts)})}
inspect.custom=Symbol.for("nodejs.util.inspect.custom");inspect.defaultOptions={...host.inspectDefaults};var BUILT_IN=new Set(
[Object,Array,Error,Date,RegExp,Function,Map,Set,Promise,Number,String,Boolean,Symbol].map(c=>c.prototype)),hasOwnToString=value=>{
for(let proto=value;proto!==null;proto=Object.getPrototypeOf(proto)){if(BUILT_IN.has(proto))return!1;if(Object.prototype.
hasOwnProperty.call(proto,"toString"))return!0}return!1},number=value=>Object.is(value,-0)?"-0":String(value);function convert(directive,value,opts){
switch(directive){case"s":return typeof value=="bigint"?`${value}n`:typeof value=="number"?number(value):typeof value=="\
symbol"?String(value):value!==null&&typeof value=="object"&&!hasOwnToString(value)?inspect(value,{...opts,depth:0,colors:!1,
compact:3}):String(value);case"d":return typeof value=="bigint"?`${value}n`:typeof value=="symbol"?"NaN":number(Number(value));case"\
i":return typeof value=="bigint"?`${value}n`:typeof value=="symbol"?"NaN":number(parseInt(value));case"f":return typeof value==
"symbol"?"NaN":number(parseFloat(value));case"j":try{return JSON.stringify(value)}catch(error){if(String(error.message).
includes("circular"))return"[Circular]";throw error}case"o":return inspect(value,{...opts,showHidden:!0,showProxy:!0,depth:4});case"\
O":return inspect(value,opts);case"c":return""}}function formatWithOptions(inspectOptions,...args){let opts=options(inspectOptions),
first=args[0],out="",used=0;typeof first=="string"&&(used=1,out=first.replace(/%([sdifjoOc%])/g,(match,directive)=>directive===
"%"?"%":used>=args.length?match:convert(directive,args[used++],opts)));for(let i=used;i<args.length;i++){let value=args[i];
out+=(i>0?" ":"")+(typeof value=="string"?value:inspect(value,opts))}return out}function format(...args){return formatWithOptions(
void 0,...args)}function isDeepStrictEqual(a,b){try{return require("node:assert").deepStrictEqual(a,b),!0}catch(error){if(error?.
code==="ERR_ASSERTION")return!1;throw error}}function stripVTControlCharacters(text){return host.console().stripVTControlCharacters(
text)}function toUSVString(text){return String(text).toWellFormed()}function aborted(signal,resource){if(resource===null||
typeof resource!="object")throw new TypeError('The "resource" argument must be of type object');return new Promise(resolve=>{
if(signal.aborted)return resolve();signal.addEventListener("abort",()=>resolve(),{once:!0})})}var STYLES={...inspect.colors};
function styleText(format2,text){let codes=host.console().colors??{},out=String(text);for(let name of Array.isArray(format2)?
format2:[format2]){let pair=codes[name]??STYLES[name];if(pair===void 0)throw new TypeError(`The argument 'format' must b\
e one of: ${Object.keys(codes).join(", ")}. Received ${name}`);out=`\x1B[${pair[0]}m${out}\x1B[${pair[1]}m`}return out}function parseEnv(content){
let env={};for(let line of String(content).split(/\r?\n/)){let match=line.match(/^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)?\s*$/);
if(!match)continue;let value=(match[2]??"").trim(),quote=value[0];(quote==='"'||quote==="'"||quote==="`")&&value.endsWith(
quote)?(value=value.slice(1,-1),quote==='"'&&(value=value.replace(/\\n/g,`
`))):value=value.replace(/\s+#.*$/,""),env[match[1]]=value}return env}var{debuglog}=util;module2.exports={...util,MIMEParams:MIMEParams2,
MIMEType:MIMEType2,TextDecoder:globalThis.TextDecoder,TextEncoder:globalThis.TextEncoder,aborted,debug:debuglog,format,formatWithOptions,
inspect,isDeepStrictEqual,parseArgs,parseEnv,stripVTControlCharacters,styleText,toUSVString}}});module.exports=require_util3();
})

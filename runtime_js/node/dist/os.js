// node:os, from unenv/node/os (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var dlopen,errno,signals,priority,init_constants=__esm({"node_modules/unenv/dist/runtime/node/internal/os/constants.mjs"(){
dlopen={RTLD_LAZY:1,RTLD_NOW:2,RTLD_GLOBAL:256,RTLD_LOCAL:0,RTLD_DEEPBIND:8},errno={E2BIG:7,EACCES:13,EADDRINUSE:98,EADDRNOTAVAIL:99,
EAFNOSUPPORT:97,EAGAIN:11,EALREADY:114,EBADF:9,EBADMSG:74,EBUSY:16,ECANCELED:125,ECHILD:10,ECONNABORTED:103,ECONNREFUSED:111,
ECONNRESET:104,EDEADLK:35,EDESTADDRREQ:89,EDOM:33,EDQUOT:122,EEXIST:17,EFAULT:14,EFBIG:27,EHOSTUNREACH:113,EIDRM:43,EILSEQ:84,
EINPROGRESS:115,EINTR:4,EINVAL:22,EIO:5,EISCONN:106,EISDIR:21,ELOOP:40,EMFILE:24,EMLINK:31,EMSGSIZE:90,EMULTIHOP:72,ENAMETOOLONG:36,
ENETDOWN:100,ENETRESET:102,ENETUNREACH:101,ENFILE:23,ENOBUFS:105,ENODATA:61,ENODEV:19,ENOENT:2,ENOEXEC:8,ENOLCK:37,ENOLINK:67,
ENOMEM:12,ENOMSG:42,ENOPROTOOPT:92,ENOSPC:28,ENOSR:63,ENOSTR:60,ENOSYS:38,ENOTCONN:107,ENOTDIR:20,ENOTEMPTY:39,ENOTSOCK:88,
ENOTSUP:95,ENOTTY:25,ENXIO:6,EOPNOTSUPP:95,EOVERFLOW:75,EPERM:1,EPIPE:32,EPROTO:71,EPROTONOSUPPORT:93,EPROTOTYPE:91,ERANGE:34,
EROFS:30,ESPIPE:29,ESRCH:3,ESTALE:116,ETIME:62,ETIMEDOUT:110,ETXTBSY:26,EWOULDBLOCK:11,EXDEV:18},signals={SIGHUP:1,SIGINT:2,
SIGQUIT:3,SIGILL:4,SIGTRAP:5,SIGABRT:6,SIGIOT:6,SIGBUS:7,SIGFPE:8,SIGKILL:9,SIGUSR1:10,SIGSEGV:11,SIGUSR2:12,SIGPIPE:13,
SIGALRM:14,SIGTERM:15,SIGCHLD:17,SIGSTKFLT:16,SIGCONT:18,SIGSTOP:19,SIGTSTP:20,SIGTTIN:21,SIGTTOU:22,SIGURG:23,SIGXCPU:24,
SIGXFSZ:25,SIGVTALRM:26,SIGPROF:27,SIGWINCH:28,SIGIO:29,SIGPOLL:29,SIGPWR:30,SIGSYS:31},priority={PRIORITY_LOW:19,PRIORITY_BELOW_NORMAL:10,
PRIORITY_NORMAL:0,PRIORITY_ABOVE_NORMAL:-7,PRIORITY_HIGH:-14,PRIORITY_HIGHEST:-20}}});var os_exports={};__export(os_exports,{EOL:()=>EOL,arch:()=>arch,availableParallelism:()=>availableParallelism,constants:()=>constants,
cpus:()=>cpus,default:()=>os_default,devNull:()=>devNull,endianness:()=>endianness,freemem:()=>freemem,getPriority:()=>getPriority,
homedir:()=>homedir,hostname:()=>hostname,loadavg:()=>loadavg,machine:()=>machine,networkInterfaces:()=>networkInterfaces,
platform:()=>platform,release:()=>release,setPriority:()=>setPriority,tmpdir:()=>tmpdir,totalmem:()=>totalmem,type:()=>type,
uptime:()=>uptime,userInfo:()=>userInfo,version:()=>version});var constants,NUM_CPUS,availableParallelism,arch,machine,endianness,
cpus,getPriority,setPriority,homedir,tmpdir,devNull,freemem,totalmem,loadavg,uptime,hostname,networkInterfaces,platform,
type,release,version,userInfo,EOL,os_default,init_os=__esm({"node_modules/unenv/dist/runtime/node/os.mjs"(){init_utils();
init_constants();constants={UV_UDP_REUSEADDR:4,dlopen,errno,signals,priority},NUM_CPUS=8,availableParallelism=()=>NUM_CPUS,
arch=()=>"",machine=()=>"",endianness=()=>"LE",cpus=()=>{let info={model:"",speed:0,times:{user:0,nice:0,sys:0,idle:0,irq:0}};
return Array.from({length:NUM_CPUS},()=>info)},getPriority=()=>0,setPriority=notImplemented("os.setPriority"),homedir=()=>"\
/",tmpdir=()=>"/tmp",devNull="/dev/null",freemem=()=>0,totalmem=()=>0,loadavg=()=>[0,0,0],uptime=()=>0,hostname=()=>"",networkInterfaces=
()=>({lo0:[{address:"127.0.0.1",netmask:"255.0.0.0",family:"IPv4",mac:"00:00:00:00:00:00",internal:!0,cidr:"127.0.0.1/8"},
{address:"::1",netmask:"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",family:"IPv6",mac:"00:00:00:00:00:00",internal:!0,cidr:"\
::1/128",scopeid:0},{address:"fe80::1",netmask:"ffff:ffff:ffff:ffff::",family:"IPv6",mac:"00:00:00:00:00:00",internal:!0,
cidr:"fe80::1/64",scopeid:1}]}),platform=()=>"linux",type=()=>"Linux",release=()=>"",version=()=>"",userInfo=opts=>{let encode=str=>{
if(opts?.encoding){let buff=Buffer.from(str);return opts.encoding==="buffer"?buff:buff.toString(opts.encoding)}return str};
return{gid:1e3,uid:1e3,homedir:encode("/"),shell:encode("/bin/sh"),username:encode("root")}},EOL=`
`,os_default={arch,availableParallelism,constants,cpus,EOL,endianness,devNull,freemem,getPriority,homedir,hostname,loadavg,
machine,networkInterfaces,platform,release,setPriority,tmpdir,totalmem,type,uptime,userInfo,version}}});module.exports=(init_os(),__toCommonJS(os_exports));
})

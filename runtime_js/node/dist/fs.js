// node:fs, from unenv/node/fs (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __create=Object.create;var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __getProtoOf=Object.getPrototypeOf,__hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toESM=(mod,isNodeMode,target)=>(target=mod!=null?__create(__getProtoOf(mod)):{},__copyProps(isNodeMode||!mod||!mod.
__esModule?__defProp(target,"default",{value:mod,enumerable:!0}):target,mod)),__toCommonJS=mod=>__copyProps(__defProp({},
"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}function notImplementedAsync(name){let fn=notImplemented(
name);return fn.__promisify__=()=>notImplemented(name+".__promisify__"),fn.native=fn,fn}function notImplementedClass(name){
return class{__unenv__=!0;constructor(){throw new Error(`[unenv] ${name} is not implemented yet!`)}}}var init_utils=__esm(
{"node_modules/unenv/dist/runtime/_internal/utils.mjs"(){}});var Dir,Dirent,Stats,ReadStream,WriteStream,FileReadStream,FileWriteStream,init_classes=__esm({"node_modules/unenv/dist/\
runtime/node/internal/fs/classes.mjs"(){init_utils();Dir=notImplementedClass("fs.Dir"),Dirent=notImplementedClass("fs.Di\
rent"),Stats=notImplementedClass("fs.Stats"),ReadStream=notImplementedClass("fs.ReadStream"),WriteStream=notImplementedClass(
"fs.WriteStream"),FileReadStream=ReadStream,FileWriteStream=WriteStream}});var access,copyFile,cp,open,opendir,rename,truncate,rm,rmdir,mkdir,readdir,readlink,symlink,lstat,stat,link,unlink,chmod,
lchmod,lchown,chown,utimes,lutimes,realpath,mkdtemp,writeFile,appendFile,readFile,statfs,init_promises=__esm({"node_modu\
les/unenv/dist/runtime/node/internal/fs/promises.mjs"(){init_utils();access=notImplemented("fs.access"),copyFile=notImplemented(
"fs.copyFile"),cp=notImplemented("fs.cp"),open=notImplemented("fs.open"),opendir=notImplemented("fs.opendir"),rename=notImplemented(
"fs.rename"),truncate=notImplemented("fs.truncate"),rm=notImplemented("fs.rm"),rmdir=notImplemented("fs.rmdir"),mkdir=notImplemented(
"fs.mkdir"),readdir=notImplemented("fs.readdir"),readlink=notImplemented("fs.readlink"),symlink=notImplemented("fs.symli\
nk"),lstat=notImplemented("fs.lstat"),stat=notImplemented("fs.stat"),link=notImplemented("fs.link"),unlink=notImplemented(
"fs.unlink"),chmod=notImplemented("fs.chmod"),lchmod=notImplemented("fs.lchmod"),lchown=notImplemented("fs.lchown"),chown=
notImplemented("fs.chown"),utimes=notImplemented("fs.utimes"),lutimes=notImplemented("fs.lutimes"),realpath=notImplemented(
"fs.realpath"),mkdtemp=notImplemented("fs.mkdtemp"),writeFile=notImplemented("fs.writeFile"),appendFile=notImplemented("\
fs.appendFile"),readFile=notImplemented("fs.readFile"),statfs=notImplemented("fs.statfs")}});function callbackify(fn){let fnc=function(...args){let cb=args.pop();fn().catch(error=>cb(error)).then(val=>cb(void 0,val))};
return fnc.__promisify__=fn,fnc.native=fnc,fnc}var access2,appendFile2,chown2,chmod2,copyFile2,cp2,lchown2,lchmod2,link2,
lstat2,lutimes2,mkdir2,mkdtemp2,realpath2,open2,opendir2,readdir2,readFile2,readlink2,rename2,rm2,rmdir2,stat2,symlink2,
truncate2,unlink2,utimes2,writeFile2,statfs2,close,createReadStream,createWriteStream,exists,fchown,fchmod,fdatasync,fstat,
fsync,ftruncate,futimes,lstatSync,read,readv,realpathSync,statSync,unwatchFile,watch,watchFile,write,writev,_toUnixTimestamp,
openAsBlob,glob,appendFileSync,accessSync,chownSync,chmodSync,closeSync,copyFileSync,cpSync,existsSync,fchownSync,fchmodSync,
fdatasyncSync,fstatSync,fsyncSync,ftruncateSync,futimesSync,lchownSync,lchmodSync,linkSync,lutimesSync,mkdirSync,mkdtempSync,
openSync,opendirSync,readdirSync,readSync,readvSync,readFileSync,readlinkSync,renameSync,rmSync,rmdirSync,symlinkSync,truncateSync,
unlinkSync,utimesSync,writeFileSync,writeSync,writevSync,statfsSync,globSync,init_fs=__esm({"node_modules/unenv/dist/run\
time/node/internal/fs/fs.mjs"(){init_utils();init_promises();access2=callbackify(access),appendFile2=callbackify(appendFile),
chown2=callbackify(chown),chmod2=callbackify(chmod),copyFile2=callbackify(copyFile),cp2=callbackify(cp),lchown2=callbackify(
lchown),lchmod2=callbackify(lchmod),link2=callbackify(link),lstat2=callbackify(lstat),lutimes2=callbackify(lutimes),mkdir2=
callbackify(mkdir),mkdtemp2=callbackify(mkdtemp),realpath2=callbackify(realpath),open2=callbackify(open),opendir2=callbackify(
opendir),readdir2=callbackify(readdir),readFile2=callbackify(readFile),readlink2=callbackify(readlink),rename2=callbackify(
rename),rm2=callbackify(rm),rmdir2=callbackify(rmdir),stat2=callbackify(stat),symlink2=callbackify(symlink),truncate2=callbackify(
truncate),unlink2=callbackify(unlink),utimes2=callbackify(utimes),writeFile2=callbackify(writeFile),statfs2=callbackify(
statfs),close=notImplementedAsync("fs.close"),createReadStream=notImplementedAsync("fs.createReadStream"),createWriteStream=
notImplementedAsync("fs.createWriteStream"),exists=notImplementedAsync("fs.exists"),fchown=notImplementedAsync("fs.fchow\
n"),fchmod=notImplementedAsync("fs.fchmod"),fdatasync=notImplementedAsync("fs.fdatasync"),fstat=notImplementedAsync("fs.\
fstat"),fsync=notImplementedAsync("fs.fsync"),ftruncate=notImplementedAsync("fs.ftruncate"),futimes=notImplementedAsync(
"fs.futimes"),lstatSync=notImplementedAsync("fs.lstatSync"),read=notImplementedAsync("fs.read"),readv=notImplementedAsync(
"fs.readv"),realpathSync=notImplementedAsync("fs.realpathSync"),statSync=notImplementedAsync("fs.statSync"),unwatchFile=
notImplementedAsync("fs.unwatchFile"),watch=notImplementedAsync("fs.watch"),watchFile=notImplementedAsync("fs.watchFile"),
write=notImplementedAsync("fs.write"),writev=notImplementedAsync("fs.writev"),_toUnixTimestamp=notImplementedAsync("fs._\
toUnixTimestamp"),openAsBlob=notImplementedAsync("fs.openAsBlob"),glob=notImplementedAsync("fs.glob"),appendFileSync=notImplemented(
"fs.appendFileSync"),accessSync=notImplemented("fs.accessSync"),chownSync=notImplemented("fs.chownSync"),chmodSync=notImplemented(
"fs.chmodSync"),closeSync=notImplemented("fs.closeSync"),copyFileSync=notImplemented("fs.copyFileSync"),cpSync=notImplemented(
"fs.cpSync"),existsSync=()=>!1,fchownSync=notImplemented("fs.fchownSync"),fchmodSync=notImplemented("fs.fchmodSync"),fdatasyncSync=
notImplemented("fs.fdatasyncSync"),fstatSync=notImplemented("fs.fstatSync"),fsyncSync=notImplemented("fs.fsyncSync"),ftruncateSync=
notImplemented("fs.ftruncateSync"),futimesSync=notImplemented("fs.futimesSync"),lchownSync=notImplemented("fs.lchownSync"),
lchmodSync=notImplemented("fs.lchmodSync"),linkSync=notImplemented("fs.linkSync"),lutimesSync=notImplemented("fs.lutimes\
Sync"),mkdirSync=notImplemented("fs.mkdirSync"),mkdtempSync=notImplemented("fs.mkdtempSync"),openSync=notImplemented("fs\
.openSync"),opendirSync=notImplemented("fs.opendirSync"),readdirSync=notImplemented("fs.readdirSync"),readSync=notImplemented(
"fs.readSync"),readvSync=notImplemented("fs.readvSync"),readFileSync=notImplemented("fs.readFileSync"),readlinkSync=notImplemented(
"fs.readlinkSync"),renameSync=notImplemented("fs.renameSync"),rmSync=notImplemented("fs.rmSync"),rmdirSync=notImplemented(
"fs.rmdirSync"),symlinkSync=notImplemented("fs.symlinkSync"),truncateSync=notImplemented("fs.truncateSync"),unlinkSync=notImplemented(
"fs.unlinkSync"),utimesSync=notImplemented("fs.utimesSync"),writeFileSync=notImplemented("fs.writeFileSync"),writeSync=notImplemented(
"fs.writeSync"),writevSync=notImplemented("fs.writevSync"),statfsSync=notImplemented("fs.statfsSync"),globSync=notImplemented(
"fs.globSync")}});var constants_exports={};__export(constants_exports,{COPYFILE_EXCL:()=>COPYFILE_EXCL,COPYFILE_FICLONE:()=>COPYFILE_FICLONE,
COPYFILE_FICLONE_FORCE:()=>COPYFILE_FICLONE_FORCE,EXTENSIONLESS_FORMAT_JAVASCRIPT:()=>EXTENSIONLESS_FORMAT_JAVASCRIPT,EXTENSIONLESS_FORMAT_WASM:()=>EXTENSIONLESS_FORMAT_WASM,
F_OK:()=>F_OK,O_APPEND:()=>O_APPEND,O_CREAT:()=>O_CREAT,O_DIRECT:()=>O_DIRECT,O_DIRECTORY:()=>O_DIRECTORY,O_DSYNC:()=>O_DSYNC,
O_EXCL:()=>O_EXCL,O_NOATIME:()=>O_NOATIME,O_NOCTTY:()=>O_NOCTTY,O_NOFOLLOW:()=>O_NOFOLLOW,O_NONBLOCK:()=>O_NONBLOCK,O_RDONLY:()=>O_RDONLY,
O_RDWR:()=>O_RDWR,O_SYNC:()=>O_SYNC,O_TRUNC:()=>O_TRUNC,O_WRONLY:()=>O_WRONLY,R_OK:()=>R_OK,S_IFBLK:()=>S_IFBLK,S_IFCHR:()=>S_IFCHR,
S_IFDIR:()=>S_IFDIR,S_IFIFO:()=>S_IFIFO,S_IFLNK:()=>S_IFLNK,S_IFMT:()=>S_IFMT,S_IFREG:()=>S_IFREG,S_IFSOCK:()=>S_IFSOCK,
S_IRGRP:()=>S_IRGRP,S_IROTH:()=>S_IROTH,S_IRUSR:()=>S_IRUSR,S_IRWXG:()=>S_IRWXG,S_IRWXO:()=>S_IRWXO,S_IRWXU:()=>S_IRWXU,
S_IWGRP:()=>S_IWGRP,S_IWOTH:()=>S_IWOTH,S_IWUSR:()=>S_IWUSR,S_IXGRP:()=>S_IXGRP,S_IXOTH:()=>S_IXOTH,S_IXUSR:()=>S_IXUSR,
UV_DIRENT_BLOCK:()=>UV_DIRENT_BLOCK,UV_DIRENT_CHAR:()=>UV_DIRENT_CHAR,UV_DIRENT_DIR:()=>UV_DIRENT_DIR,UV_DIRENT_FIFO:()=>UV_DIRENT_FIFO,
UV_DIRENT_FILE:()=>UV_DIRENT_FILE,UV_DIRENT_LINK:()=>UV_DIRENT_LINK,UV_DIRENT_SOCKET:()=>UV_DIRENT_SOCKET,UV_DIRENT_UNKNOWN:()=>UV_DIRENT_UNKNOWN,
UV_FS_COPYFILE_EXCL:()=>UV_FS_COPYFILE_EXCL,UV_FS_COPYFILE_FICLONE:()=>UV_FS_COPYFILE_FICLONE,UV_FS_COPYFILE_FICLONE_FORCE:()=>UV_FS_COPYFILE_FICLONE_FORCE,
UV_FS_O_FILEMAP:()=>UV_FS_O_FILEMAP,UV_FS_SYMLINK_DIR:()=>UV_FS_SYMLINK_DIR,UV_FS_SYMLINK_JUNCTION:()=>UV_FS_SYMLINK_JUNCTION,
W_OK:()=>W_OK,X_OK:()=>X_OK});var UV_FS_SYMLINK_DIR,UV_FS_SYMLINK_JUNCTION,O_RDONLY,O_WRONLY,O_RDWR,UV_DIRENT_UNKNOWN,UV_DIRENT_FILE,
UV_DIRENT_DIR,UV_DIRENT_LINK,UV_DIRENT_FIFO,UV_DIRENT_SOCKET,UV_DIRENT_CHAR,UV_DIRENT_BLOCK,EXTENSIONLESS_FORMAT_JAVASCRIPT,
EXTENSIONLESS_FORMAT_WASM,S_IFMT,S_IFREG,S_IFDIR,S_IFCHR,S_IFBLK,S_IFIFO,S_IFLNK,S_IFSOCK,O_CREAT,O_EXCL,UV_FS_O_FILEMAP,
O_NOCTTY,O_TRUNC,O_APPEND,O_DIRECTORY,O_NOATIME,O_NOFOLLOW,O_SYNC,O_DSYNC,O_DIRECT,O_NONBLOCK,S_IRWXU,S_IRUSR,S_IWUSR,S_IXUSR,
S_IRWXG,S_IRGRP,S_IWGRP,S_IXGRP,S_IRWXO,S_IROTH,S_IWOTH,S_IXOTH,F_OK,R_OK,W_OK,X_OK,UV_FS_COPYFILE_EXCL,COPYFILE_EXCL,UV_FS_COPYFILE_FICLONE,
COPYFILE_FICLONE,UV_FS_COPYFILE_FICLONE_FORCE,COPYFILE_FICLONE_FORCE,init_constants=__esm({"node_modules/unenv/dist/runt\
ime/node/internal/fs/constants.mjs"(){UV_FS_SYMLINK_DIR=1,UV_FS_SYMLINK_JUNCTION=2,O_RDONLY=0,O_WRONLY=1,O_RDWR=2,UV_DIRENT_UNKNOWN=
0,UV_DIRENT_FILE=1,UV_DIRENT_DIR=2,UV_DIRENT_LINK=3,UV_DIRENT_FIFO=4,UV_DIRENT_SOCKET=5,UV_DIRENT_CHAR=6,UV_DIRENT_BLOCK=
7,EXTENSIONLESS_FORMAT_JAVASCRIPT=0,EXTENSIONLESS_FORMAT_WASM=1,S_IFMT=61440,S_IFREG=32768,S_IFDIR=16384,S_IFCHR=8192,S_IFBLK=
24576,S_IFIFO=4096,S_IFLNK=40960,S_IFSOCK=49152,O_CREAT=64,O_EXCL=128,UV_FS_O_FILEMAP=0,O_NOCTTY=256,O_TRUNC=512,O_APPEND=
1024,O_DIRECTORY=65536,O_NOATIME=262144,O_NOFOLLOW=131072,O_SYNC=1052672,O_DSYNC=4096,O_DIRECT=16384,O_NONBLOCK=2048,S_IRWXU=
448,S_IRUSR=256,S_IWUSR=128,S_IXUSR=64,S_IRWXG=56,S_IRGRP=32,S_IWGRP=16,S_IXGRP=8,S_IRWXO=7,S_IROTH=4,S_IWOTH=2,S_IXOTH=
1,F_OK=0,R_OK=4,W_OK=2,X_OK=1,UV_FS_COPYFILE_EXCL=1,COPYFILE_EXCL=1,UV_FS_COPYFILE_FICLONE=2,COPYFILE_FICLONE=2,UV_FS_COPYFILE_FICLONE_FORCE=
4,COPYFILE_FICLONE_FORCE=4}});var fs_exports={};__export(fs_exports,{Dir:()=>Dir,Dirent:()=>Dirent,F_OK:()=>F_OK,FileReadStream:()=>FileReadStream,FileWriteStream:()=>FileWriteStream,
R_OK:()=>R_OK,ReadStream:()=>ReadStream,Stats:()=>Stats,W_OK:()=>W_OK,WriteStream:()=>WriteStream,X_OK:()=>X_OK,_toUnixTimestamp:()=>_toUnixTimestamp,
access:()=>access2,accessSync:()=>accessSync,appendFile:()=>appendFile2,appendFileSync:()=>appendFileSync,chmod:()=>chmod2,
chmodSync:()=>chmodSync,chown:()=>chown2,chownSync:()=>chownSync,close:()=>close,closeSync:()=>closeSync,constants:()=>constants_exports,
copyFile:()=>copyFile2,copyFileSync:()=>copyFileSync,cp:()=>cp2,cpSync:()=>cpSync,createReadStream:()=>createReadStream,
createWriteStream:()=>createWriteStream,default:()=>fs_default,exists:()=>exists,existsSync:()=>existsSync,fchmod:()=>fchmod,
fchmodSync:()=>fchmodSync,fchown:()=>fchown,fchownSync:()=>fchownSync,fdatasync:()=>fdatasync,fdatasyncSync:()=>fdatasyncSync,
fstat:()=>fstat,fstatSync:()=>fstatSync,fsync:()=>fsync,fsyncSync:()=>fsyncSync,ftruncate:()=>ftruncate,ftruncateSync:()=>ftruncateSync,
futimes:()=>futimes,futimesSync:()=>futimesSync,glob:()=>glob,globSync:()=>globSync,lchmod:()=>lchmod2,lchmodSync:()=>lchmodSync,
lchown:()=>lchown2,lchownSync:()=>lchownSync,link:()=>link2,linkSync:()=>linkSync,lstat:()=>lstat2,lstatSync:()=>lstatSync,
lutimes:()=>lutimes2,lutimesSync:()=>lutimesSync,mkdir:()=>mkdir2,mkdirSync:()=>mkdirSync,mkdtemp:()=>mkdtemp2,mkdtempSync:()=>mkdtempSync,
open:()=>open2,openAsBlob:()=>openAsBlob,openSync:()=>openSync,opendir:()=>opendir2,opendirSync:()=>opendirSync,promises:()=>import_promises.default,
read:()=>read,readFile:()=>readFile2,readFileSync:()=>readFileSync,readSync:()=>readSync,readdir:()=>readdir2,readdirSync:()=>readdirSync,
readlink:()=>readlink2,readlinkSync:()=>readlinkSync,readv:()=>readv,readvSync:()=>readvSync,realpath:()=>realpath2,realpathSync:()=>realpathSync,
rename:()=>rename2,renameSync:()=>renameSync,rm:()=>rm2,rmSync:()=>rmSync,rmdir:()=>rmdir2,rmdirSync:()=>rmdirSync,stat:()=>stat2,
statSync:()=>statSync,statfs:()=>statfs2,statfsSync:()=>statfsSync,symlink:()=>symlink2,symlinkSync:()=>symlinkSync,truncate:()=>truncate2,
truncateSync:()=>truncateSync,unlink:()=>unlink2,unlinkSync:()=>unlinkSync,unwatchFile:()=>unwatchFile,utimes:()=>utimes2,
utimesSync:()=>utimesSync,watch:()=>watch,watchFile:()=>watchFile,write:()=>write,writeFile:()=>writeFile2,writeFileSync:()=>writeFileSync,
writeSync:()=>writeSync,writev:()=>writev,writevSync:()=>writevSync});var import_promises,fs_default,init_fs2=__esm({"no\
de_modules/unenv/dist/runtime/node/fs.mjs"(){import_promises=__toESM(require("node:fs/promises"),1);init_classes();init_fs();
init_constants();init_constants();init_fs();init_classes();fs_default={F_OK:0,R_OK:4,W_OK:2,X_OK:1,constants:constants_exports,
promises:import_promises.default,Dir,Dirent,FileReadStream,FileWriteStream,ReadStream,Stats,WriteStream,_toUnixTimestamp,
access:access2,accessSync,appendFile:appendFile2,appendFileSync,chmod:chmod2,chmodSync,chown:chown2,chownSync,close,closeSync,
copyFile:copyFile2,copyFileSync,cp:cp2,cpSync,createReadStream,createWriteStream,exists,existsSync,fchmod,fchmodSync,fchown,
fchownSync,fdatasync,fdatasyncSync,fstat,fstatSync,fsync,fsyncSync,ftruncate,ftruncateSync,futimes,futimesSync,glob,lchmod:lchmod2,
globSync,lchmodSync,lchown:lchown2,lchownSync,link:link2,linkSync,lstat:lstat2,lstatSync,lutimes:lutimes2,lutimesSync,mkdir:mkdir2,
mkdirSync,mkdtemp:mkdtemp2,mkdtempSync,open:open2,openAsBlob,openSync,opendir:opendir2,opendirSync,read,readFile:readFile2,
readFileSync,readSync,readdir:readdir2,readdirSync,readlink:readlink2,readlinkSync,readv,readvSync,realpath:realpath2,realpathSync,
rename:rename2,renameSync,rm:rm2,rmSync,rmdir:rmdir2,rmdirSync,stat:stat2,statSync,statfs:statfs2,statfsSync,symlink:symlink2,
symlinkSync,truncate:truncate2,truncateSync,unlink:unlink2,unlinkSync,unwatchFile,utimes:utimes2,utimesSync,watch,watchFile,
write,writeFile:writeFile2,writeFileSync,writeSync,writev,writevSync}}});module.exports=(init_fs2(),__toCommonJS(fs_exports));
})

// node:fs/promises, from unenv/node/fs/promises (runtime_js/node/build.mjs)
(function (require, module, exports) {
var __defProp=Object.defineProperty;var __getOwnPropDesc=Object.getOwnPropertyDescriptor;var __getOwnPropNames=Object.getOwnPropertyNames;var __hasOwnProp=Object.prototype.hasOwnProperty;var __esm=(fn,res,err)=>function(){if(err)throw err[0];try{return fn&&(res=(0,fn[__getOwnPropNames(fn)[0]])(fn=0)),res}catch(e){
throw err=[e],e}};var __export=(target,all)=>{for(var name in all)__defProp(target,name,{get:all[name],enumerable:!0})},__copyProps=(to,from,except,desc)=>{
if(from&&typeof from=="object"||typeof from=="function")for(let key of __getOwnPropNames(from))!__hasOwnProp.call(to,key)&&
key!==except&&__defProp(to,key,{get:()=>from[key],enumerable:!(desc=__getOwnPropDesc(from,key))||desc.enumerable});return to};var __toCommonJS=mod=>__copyProps(__defProp({},"__esModule",{value:!0}),mod);function createNotImplementedError(name){return new Error(`[unenv] ${name} is not implemented yet!`)}function notImplemented(name){
return Object.assign(()=>{throw createNotImplementedError(name)},{__unenv__:!0})}var init_utils=__esm({"node_modules/une\
nv/dist/runtime/_internal/utils.mjs"(){}});var access,copyFile,cp,open,opendir,rename,truncate,rm,rmdir,mkdir,readdir,readlink,symlink,lstat,stat,link,unlink,chmod,
lchmod,lchown,chown,utimes,lutimes,realpath,mkdtemp,writeFile,appendFile,readFile,watch,statfs,glob,init_promises=__esm(
{"node_modules/unenv/dist/runtime/node/internal/fs/promises.mjs"(){init_utils();access=notImplemented("fs.access"),copyFile=
notImplemented("fs.copyFile"),cp=notImplemented("fs.cp"),open=notImplemented("fs.open"),opendir=notImplemented("fs.opend\
ir"),rename=notImplemented("fs.rename"),truncate=notImplemented("fs.truncate"),rm=notImplemented("fs.rm"),rmdir=notImplemented(
"fs.rmdir"),mkdir=notImplemented("fs.mkdir"),readdir=notImplemented("fs.readdir"),readlink=notImplemented("fs.readlink"),
symlink=notImplemented("fs.symlink"),lstat=notImplemented("fs.lstat"),stat=notImplemented("fs.stat"),link=notImplemented(
"fs.link"),unlink=notImplemented("fs.unlink"),chmod=notImplemented("fs.chmod"),lchmod=notImplemented("fs.lchmod"),lchown=
notImplemented("fs.lchown"),chown=notImplemented("fs.chown"),utimes=notImplemented("fs.utimes"),lutimes=notImplemented("\
fs.lutimes"),realpath=notImplemented("fs.realpath"),mkdtemp=notImplemented("fs.mkdtemp"),writeFile=notImplemented("fs.wr\
iteFile"),appendFile=notImplemented("fs.appendFile"),readFile=notImplemented("fs.readFile"),watch=notImplemented("fs.wat\
ch"),statfs=notImplemented("fs.statfs"),glob=notImplemented("fs.glob")}});var constants_exports={};__export(constants_exports,{COPYFILE_EXCL:()=>COPYFILE_EXCL,COPYFILE_FICLONE:()=>COPYFILE_FICLONE,
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
4,COPYFILE_FICLONE_FORCE=4}});var promises_exports={};__export(promises_exports,{access:()=>access,appendFile:()=>appendFile,chmod:()=>chmod,chown:()=>chown,
constants:()=>constants_exports,copyFile:()=>copyFile,cp:()=>cp,default:()=>promises_default,glob:()=>glob,lchmod:()=>lchmod,
lchown:()=>lchown,link:()=>link,lstat:()=>lstat,lutimes:()=>lutimes,mkdir:()=>mkdir,mkdtemp:()=>mkdtemp,open:()=>open,opendir:()=>opendir,
readFile:()=>readFile,readdir:()=>readdir,readlink:()=>readlink,realpath:()=>realpath,rename:()=>rename,rm:()=>rm,rmdir:()=>rmdir,
stat:()=>stat,statfs:()=>statfs,symlink:()=>symlink,truncate:()=>truncate,unlink:()=>unlink,utimes:()=>utimes,watch:()=>watch,
writeFile:()=>writeFile});var promises_default,init_promises2=__esm({"node_modules/unenv/dist/runtime/node/fs/promises.m\
js"(){init_promises();init_constants();init_promises();promises_default={constants:constants_exports,access,appendFile,chmod,
chown,copyFile,cp,glob,lchmod,lchown,link,lstat,lutimes,mkdir,mkdtemp,open,opendir,readFile,readdir,readlink,realpath,rename,
rm,rmdir,stat,statfs,symlink,truncate,unlink,utimes,watch,writeFile}}});module.exports=(init_promises2(),__toCommonJS(promises_exports));
})

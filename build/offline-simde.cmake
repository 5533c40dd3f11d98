# WAMR (the WebAssembly engine inside the QuickJS backend) fetches the header-only
# simde library from a git host at configure time. Machines without network access
# have Debian's libsimde-dev instead: point FetchContent at those headers when present.
if(EXISTS "/usr/include/simde/simde-common.h")
  set(FETCHCONTENT_SOURCE_DIR_SIMDE /usr/include CACHE PATH "simde headers from the system" FORCE)
endif()

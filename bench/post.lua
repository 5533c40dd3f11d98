-- wrk script: POST the 1 KB JSON body of the echo benchmark (workers/echo-body.json,
-- or $ECHO_BODY; compare.sh runs wrk from bench/ and sets it).
local file = assert(io.open(os.getenv("ECHO_BODY") or "workers/echo-body.json", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

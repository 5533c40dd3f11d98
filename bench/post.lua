-- wrk script: POST a 1 KB JSON body (the echo benchmark).
local items = {}
for i = 1, 24 do items[#items + 1] = string.format('{"id":%d,"name":"item-%04d","ok":true}', i, i) end
wrk.method = "POST"
wrk.body = '{"items":[' .. table.concat(items, ",") .. '],"pad":"' .. string.rep("x", 1024 - 2 - 12 - #table.concat(items, ",") - 9) .. '"}'
wrk.headers["Content-Type"] = "application/json"

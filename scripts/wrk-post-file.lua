-- wrk script: POST the file named by $BODY_FILE as the raw body (baomi serve load test).
local path = os.getenv("BODY_FILE")
local f = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/octet-stream"

-- httpd.lua: a keep-alive HTTP/1.1 server with a few routes, on the request parser binding.
--
--   sxelua examples/lua/httpd.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS] [-b BODY]
--
-- Every response has a Server and a Date header (the date is made once a second, by a timer), a Content-Type and a
-- Content-Length: the header kinds examples/httpd sends. Routes (GET and HEAD; any other method is 405):
--   /            BODY (default "Hello, World!", text/html when it starts with '<', else text/plain): the small
--                response make bench compares with examples/httpd's
--   /hello       "Hello, NAME!" for /hello?name=NAME (letters, digits, '-' and '_'; default "World")
--   /counters    the daemon's counters as JSON (lib-sxe's and the Lua binding's)
--   anything else 404
-- The request heads are parsed in place from the connection's buffer view (sxe_http_parse_request); pipelined
-- requests are answered in order; a malformed head gets its status (400, 414, 431, 501, 505) and the connection is
-- closed; HTTP/1.0 without keep-alive and "Connection: close" close after the response. Idle connections are dropped
-- after -t seconds (default 60).

local options = sxe_options(arg, "httpd.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS] [-b BODY]",
                            {i = "127.0.0.1", p = 8000, P = false, c = 1024, t = 60, b = "Hello, World!"})

local format, concat = string.format, table.concat
local body = options.b

local date -- the Date header's value, made once a second

-- A whole response; HEAD gets the same head without the body.
local function response(status, text, content_type, keep_alive, head_only)
    local head = format("HTTP/1.1 %d %s\r\nServer: httpd.lua\r\nDate: %s\r\nContent-Type: %s\r\n" ..
                        "Content-Length: %d\r\n%s\r\n", status, sxe_http_status_reason(status), date,
                        content_type or "text/plain", #text, keep_alive and "" or "Connection: close\r\n")
    return head_only and head or head .. text
end

local body_type = body:sub(1, 1) == "<" and "text/html" or "text/plain"
local hello, hello_head -- the keep-alive answers of /, made again with each new date

local function new_date()
    date = os.date("!%a, %d %b %Y %H:%M:%S GMT")
    hello = response(200, body, body_type, true)
    hello_head = response(200, body, body_type, true, true)
end

new_date()

local function counters_json()
    local fields = {}
    for name, value in pairs(sxe_get_counters()) do
        fields[#fields + 1] = format('"%s": %.0f', name, value)
    end
    table.sort(fields)
    return "{" .. concat(fields, ", ") .. "}\n"
end

-- The answer to one parsed request.
local function answer(req)
    local head_only = req.method == "HEAD"
    if req.method ~= "GET" and not head_only then
        return response(405, "method not allowed\n", "text/plain", false), false
    end
    if req.path == "/" and req.keep_alive then
        return head_only and hello_head or hello, true
    elseif req.path == "/" then
        return response(200, body, body_type, false, head_only), false
    elseif req.path == "/hello" then
        local name = req.query and req.query:match("^name=([%w_%-]+)$") or "World"
        return response(200, "Hello, " .. name .. "!", "text/plain", req.keep_alive, head_only), req.keep_alive
    elseif req.path == "/counters" then
        return response(200, counters_json(), "application/json", req.keep_alive, head_only), req.keep_alive
    end
    return response(404, "not found\n", "text/plain", req.keep_alive, head_only), req.keep_alive
end

local function on_read(conn, view)
    while #view > 0 do
        local req, status, reason = sxe_http_parse_request(view)
        if req == false then return end                   -- incomplete: keep it, wait for more
        if not req then
            conn:write(response(status, reason .. "\n", "text/plain", false))
            conn:close()
            return
        end
        if req.content_length and req.content_length > 0 or req.chunked then
            conn:write(response(405, "no request bodies here\n", "text/plain", false))
            conn:close()
            return
        end
        local text, keep_alive = answer(req)
        conn:write(text)
        if not keep_alive then
            conn:close()
            return
        end
        view:consume(req.head_length)
    end
end

sxe_register(options.c + 1, function ()
    sxe_timer_new(new_date, 1, 1):start()
    local listener = sxe_new_tcp(options.i, options.p, nil, on_read, nil)
    listener.read_view = true
    assert(listener:set_idle_timeout(options.t))
    assert(listener:listen())
    if options.P then sxe_portfile(options.P, listener.local_port) end
    SXEL5("httpd.lua: listening on %s port %d", options.i, listener.local_port)
end)

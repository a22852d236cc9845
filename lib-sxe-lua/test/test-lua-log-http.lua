-- test-lua-log-http.lua: the log functions and the HTTP request parser in Lua.
local T = dofile("lib-sxe-lua/test/sxe-test.lua")

T.test("the SXEL functions log a text or a format with arguments", function ()
    SXEL5("a plain line")
    SXEL5("a number %d and a string %s", 42, "here")
    SXEL7("a level 7 line is not printed at the default level %d", sxe_log_get_level())
end)

T.test("a format error in a log line that is printed is a Lua error", function ()
    T.raises("bad argument", SXEL1, "%d", "not a number")
end)

T.test("a log line above the level is not formatted", function ()
    SXEL7("%d", "not a number")   -- would be an error if it were formatted
end)

T.test("sxe_log_set_level returns the previous level", function ()
    local old = sxe_log_set_level(3)
    T.eq(sxe_log_set_level(old), 3, "previous")
    T.eq(sxe_log_get_level(), old, "restored")
end)

T.test("a complete request head is parsed into its method, path, query, version and headers", function ()
    local text = "GET /hello?name=Jim HTTP/1.1\r\nHost: example\r\nX-Thing: a\r\nX-Thing: b\r\n\r\nnext"
    local req = sxe_http_parse_request(text)
    T.eq(req.method, "GET", "method")
    T.eq(req.path, "/hello", "path")
    T.eq(req.query, "name=Jim", "query")
    T.eq(req.target, "/hello?name=Jim", "target")
    T.eq(req.version, "HTTP/1.1", "version")
    T.eq(req.headers.host, "example", "host header")
    T.eq(req.headers["x-thing"], "a, b", "a repeated header")
    T.eq(req.host, "example", "host")
    T.eq(req.head_length, #text - 4, "head length")
    T.eq(req.keep_alive, true, "keep-alive")
    T.eq(req.content_length, nil, "no content length")
end)

T.test("an incomplete request head gives false", function ()
    T.eq(sxe_http_parse_request("GET / HTTP/1.1\r\nHost: x\r\n"), false, "result")
end)

T.test("a malformed request head gives nil, the status to answer and the error's name", function ()
    local req, status, name = sxe_http_parse_request("GET / HTTP/2.0\r\nHost: x\r\n\r\n")
    T.eq(req, nil, "request")
    T.eq(status, 505, "status")
    T.ok(type(name) == "string" and #name > 0, "name")
    T.eq(select(2, sxe_http_parse_request("BAD\r\n\r\n")), 400, "status of garbage")
end)

T.test("an HTTP/1.0 request without keep-alive is not kept alive", function ()
    T.eq(sxe_http_parse_request("GET / HTTP/1.0\r\n\r\n").keep_alive, false, "keep_alive")
end)

T.test("sxe_http_status_reason names the status", function ()
    T.eq(sxe_http_status_reason(404), "Not Found", "404")
end)

T.test("sxe_options returns the defaults with the values given, numbers as numbers", function ()
    local options = sxe_options({"-p", "9000", "-n", "x y"}, "t.lua [-p PORT] [-n NAME] [-i IP]",
                                {p = 8000, n = "none", i = "127.0.0.1"})
    T.eq(options.p, 9000, "-p")
    T.eq(options.n, "x y", "-n")
    T.eq(options.i, "127.0.0.1", "-i")
end)

T.test("sxe_options without its three arguments is a Lua error", function ()
    T.raises("sxe_options", sxe_options, {}, "usage")
end)

T.run(1)

-- hello.lua: the 2010 SXELua hello world, a keep-alive HTTP server in the classic API.
--
--   sxelua examples/lua/hello.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS]
--
-- Answers every request head (up to its blank line; the request is not parsed otherwise) with the same 51 bytes,
-- "HTTP/1.1 200 OK", a Content-Length and "Hello, World!", and keeps the connection open for the next one. Requests
-- that arrive together (pipelined) are answered in order; a partial head stays in the buffer until it is complete
-- (on_read returns how many bytes it used). Listens on 127.0.0.1 port 8000 (-p 0 with -P PORTFILE: an ephemeral
-- port, written to PORTFILE). bench/hello-keepalive.c is the same program in C.

local response = "HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!"
local options = sxe_options(arg, "hello.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS]",
                            {i = "127.0.0.1", p = 8000, P = false, c = 1024})

sxe_register(options.c + 1, function ()
    local listener = sxe_new_tcp(options.i, options.p, nil, function (this, content)
        local used, at = 0, 1
        while true do
            local _, last = content:find("\r\n\r\n", at, true)
            if not last then break end
            sxe_write(this, response)
            used, at = last, last + 1
        end
        return used
    end, nil)
    sxe_listen(listener)
    if options.P then sxe_portfile(options.P, listener.local_port) end
end)

-- echo.lua: a TCP and UDP echo server in the modern API.
--
--   sxelua examples/lua/echo.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS]
--
-- TCP: every byte a client sends comes back, as it arrives; the buffer view is written back in place (no string
-- is made), and an idle client is dropped after -t seconds (default 30). UDP: every datagram comes back to its sender,
-- on the same port number as TCP. -p 0 with -P PORTFILE picks an ephemeral port (the TCP one; UDP then binds the
-- same number) and writes it to PORTFILE once both listen.

local options = sxe_options(arg, "echo.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS]",
                            {i = "127.0.0.1", p = 8000, P = false, c = 1024, t = 30})

sxe_register(options.c + 2, function ()
    local tcp = sxe_new_tcp(options.i, options.p,
        function (conn) SXEL6I(conn, "connected from %s:%d", conn.peer_ip, conn.peer_port) end,
        function (conn, view)
            conn:write(view)            -- the view of the unconsumed input: written without a copy
        end,                            -- returning nothing: everything is consumed
        function (conn) SXEL6I(conn, "closed by the peer") end)
    tcp.read_view = true                -- inherited by every accepted connection
    assert(tcp:set_idle_timeout(options.t))
    assert(tcp:listen())

    local udp = sxe_new_udp(options.i, tcp.local_port, function (self, datagram)
        self:write(datagram)            -- to the sender of the datagram just read
    end)
    assert(udp:listen())

    if options.P then sxe_portfile(options.P, tcp.local_port) end
    SXEL5("echo: TCP and UDP on %s port %d", options.i, tcp.local_port)
end)

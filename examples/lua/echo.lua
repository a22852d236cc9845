-- echo.lua: a TCP and UDP echo server in the modern API.
--
--   sxelua examples/lua/echo.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS]
--
-- TCP: every byte a client sends comes back, as it arrives; the buffer view is written back in place (no string
-- is made), and an idle client is dropped after -t seconds (default 30). UDP: every datagram comes back to its sender,
-- on the same port number as TCP. -p 0 with -P PORTFILE picks an ephemeral port (the TCP one; UDP then binds the
-- same number) and writes it to PORTFILE once both listen.

local ip, port, portfile, connections, idle = "127.0.0.1", 8000, nil, 1024, 30

local i = 1
while arg[i] do
    local option, value = arg[i], arg[i + 1]
    if option == "-i" then ip = value
    elseif option == "-p" then port = tonumber(value)
    elseif option == "-P" then portfile = value
    elseif option == "-c" then connections = tonumber(value)
    elseif option == "-t" then idle = tonumber(value)
    else error("usage: echo.lua [-i IP] [-p PORT] [-P PORTFILE] [-c CONNECTIONS] [-t IDLE_SECONDS]: unknown " .. option) end
    i = i + 2
end

sxe_register(connections + 2, function ()
    local tcp = sxe_new_tcp(ip, port,
        function (conn) SXEL6I(conn, "connected from %s:%d", conn.peer_ip, conn.peer_port) end,
        function (conn, view)
            conn:write(view)            -- the view of the unconsumed input: written without a copy
        end,                            -- returning nothing: everything is consumed
        function (conn) SXEL6I(conn, "closed by the peer") end)
    tcp.read_view = true                -- inherited by every accepted connection
    assert(tcp:set_idle_timeout(idle))
    assert(tcp:listen())

    local udp = sxe_new_udp(ip, tcp.local_port, function (self, datagram)
        self:write(datagram)            -- to the sender of the datagram just read
    end)
    assert(udp:listen())

    if portfile then sxe_portfile(portfile, tcp.local_port) end
    SXEL5("echo: TCP and UDP on %s port %d", ip, tcp.local_port)
end)

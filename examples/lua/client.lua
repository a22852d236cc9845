-- client.lua: a TCP client in the classic API: connects, sends, reads the answer, exits.
--
--   sxelua examples/lua/client.lua [-i IP] -p PORT [-m MESSAGE] [-t SECONDS]
--
-- Connects to IP (default 127.0.0.1) port PORT, sends MESSAGE (default "hello") and a newline, prints on stdout
-- what comes back until it holds the whole line (or the server closes), then exits 0. It exits 1 when the connection
-- fails or nothing complete came back within -t seconds (default 5). Against echo.lua it prints the message.

local options = sxe_options(arg, "client.lua [-i IP] -p PORT [-m MESSAGE] [-t SECONDS]",
                            {i = "127.0.0.1", p = 0, m = "hello", t = 5})

local ip, port, seconds = options.i, options.p, options.t
if port == 0 then
    io.stderr:write("usage: client.lua [-i IP] -p PORT [-m MESSAGE] [-t SECONDS]\n-p PORT is required\n")
    os.exit(2)
end
local expected = options.m .. "\n"

sxe_register(1, function ()
    local timer = sxe_timer_new(function ()
        io.stderr:write("client.lua: no complete answer within ", seconds, " seconds\n")
        sxe_stop(1)
    end, seconds)

    local connection = sxe_new_tcp(nil, 0,
        function (this)                             -- on_connect: send
            sxe_write(this, expected)
        end,
        function (this, content)                    -- on_read: keep the partial answer until it is whole
            if #content < #expected then return 0 end
            io.stdout:write(content)
            io.stdout:flush()
            timer:stop()
            sxe_close(this)
            sxe_stop(0)
        end,
        function (this)                             -- on_close: refused, or closed before the answer
            io.stderr:write("client.lua: connection to ", ip, ":", port, " closed (", this.close_reason, ")\n")
            sxe_stop(1)
        end)
    local ok, err = sxe_connect(connection, ip, port)
    if not ok then
        io.stderr:write("client.lua: cannot connect to ", ip, ":", port, ": ", err, "\n")
        sxe_stop(1)
    end
    timer:start()
end)

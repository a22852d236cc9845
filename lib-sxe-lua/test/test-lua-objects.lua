-- test-lua-objects.lua: TCP, UDP and unix objects in Lua: callbacks, the consumption rule, fields, sends, errors.
local T = dofile("lib-sxe-lua/test/sxe-test.lua")

-- A listener on an ephemeral port with the given callbacks, and a client connected to it with its own.
local function pair(server, client)
    local listener = assert(sxe_new_tcp("127.0.0.1", 0, server.on_connect, server.on_read, server.on_close))
    if server.view then listener.read_view = true end
    assert(listener:listen())
    local c = assert(sxe_new_tcp(nil, 0, client.on_connect, client.on_read or function () end, client.on_close))
    assert(c:connect("127.0.0.1", listener.local_port))
    return listener, c
end

T.async("a client's on_connect, the server's on_read with the content and on_close come in order", function (done)
    local events = {}
    local listener
    listener = pair({
        on_connect = function (conn) events[#events + 1] = "server connect" end,
        on_read = function (conn, content) events[#events + 1] = "read " .. content; conn:close() end,
    }, {
        on_connect = function (c) events[#events + 1] = "client connect"; sxe_write(c, "ping") end,
        on_close = function (c)
            listener:close()
            local text = table.concat(events, ",")
            done(T.unless(text == "client connect,server connect,read ping" or
                          text == "server connect,client connect,read ping", text))
        end,
    })
end)

T.async("on_read returning nothing consumes everything it was given", function (done)
    local reads = {}
    local listener
    listener = pair({on_read = function (conn, content)
        reads[#reads + 1] = content
        if #reads == 2 then
            listener:close()
            conn:close()
            done(T.unless(reads[2] == "second", "second read was '" .. reads[2] .. "'"))
        end
    end}, {on_connect = function (c)
        c:write("first")
        sxe_timer_new(function () c:write("second") end, 0.05):start()
    end})
end)

T.async("on_read returning a number keeps the rest for the next call", function (done)
    local listener
    listener = pair({on_read = function (conn, content)
        if content == "abcdef" then return 2 end         -- keep "cdef"
        if content:sub(1, 4) == "cdef" then
            listener:close()
            conn:close()
            done(T.unless(content == "cdefgh", "got '" .. content .. "'"))
        end
    end}, {on_connect = function (c)
        c:write("abcdef")
        sxe_timer_new(function () c:write("gh") end, 0.05):start()
    end})
end)

T.async("on_read returning a string is a callback error that closes the connection", function (done)
    local before = sxe_get_counters().callback_errors
    local listener
    listener = pair({on_read = function () return "oops" end}, {
        on_connect = function (c) c:write("x") end,
        on_close = function ()
            listener:close()
            done(T.unless(sxe_get_counters().callback_errors == before + 1, "not counted"))
        end,
    })
end)

T.async("a Lua error in on_read closes that connection, is counted and the listener serves the next", function (done)
    local before = sxe_get_counters().callback_errors
    local listener
    listener = pair({on_read = function (conn, content)
        if content == "boom" then error("boom requested") end
        conn:write("ok:" .. content)
    end}, {
        on_connect = function (c) c:write("boom") end,
        on_close = function ()
            T.eq(sxe_get_counters().callback_errors, before + 1, "callback errors")
            local c2 = sxe_new_tcp(nil, 0, function (c) c:write("fine") end, function (c, content)
                c:close()
                listener:close()
                done(T.unless(content == "ok:fine", "got " .. content))
            end)
            c2:connect("127.0.0.1", listener.local_port)
        end,
    })
end)

T.async("an accepted connection has an id, the peer's address and port and the listener's local port", function (done)
    local listener
    listener = pair({on_connect = function (conn)
        local ok = type(conn.id) == "number" and conn.peer_ip == "127.0.0.1" and conn.peer_port > 0 and
                   conn.local_port == listener.local_port and conn.kind == "tcp" and conn.is_open and
                   listener.local_ip == "127.0.0.1" and conn.peer_addr == conn.peer_ip
        conn:close()
        listener:close()
        done(T.unless(ok, string.format("id %s peer %s:%s local %s", tostring(conn.id), tostring(conn.peer_ip),
                                         tostring(conn.peer_port), tostring(conn.local_port))))
    end}, {})
end)

T.async("obj.data holds a value per connection and is nil again after the close", function (done)
    local listener
    listener = pair({
        on_connect = function (conn) conn.data = {count = 0} end,
        on_read = function (conn, content)
            conn.data.count = conn.data.count + #content
            if conn.data.count >= 6 then
                local total = conn.data.count
                conn:close()
                listener:close()
                done(T.unless(total == 6 and conn.data == nil, "data not kept or not cleared"))
            end
        end,
    }, {on_connect = function (c)
        c:write("abc")
        sxe_timer_new(function () c:write("def") end, 0.05):start()
    end})
end)

T.async("the buffer view finds, reads bytes and consumes without making a string", function (done)
    local listener
    listener = pair({view = true, on_read = function (conn, view)
        if not view:find("\n") then return 0 end
        local checks = {#view == 12, view:find("wor") == 7, view:ifind("WOR") == 7, view:ifind("xyz") == nil, select(2, view:find("wor")) == 9, view:byte(1) == 104,
                        view:sub(1, 5) == "hello", view:sub(-6, -2) == "world", tostring(view) == "hello world\n"}
        view:consume(6)
        checks[#checks + 1] = #view == 6 and view:sub(1) == "world\n" and conn.buf_used == 6
        local ok = true
        for i, check in ipairs(checks) do
            if not check then ok = false; print("view check " .. i .. " failed") end
        end
        conn:close()
        listener:close()
        done(T.unless(ok, "view mismatch"))
    end}, {on_connect = function (c) c:write("hello world\n") end})
end)

T.async("sxe_send calls its completion or returns true when everything went at once", function (done)
    local listener
    local big = string.rep("x", 4 * 1024 * 1024)
    local received = 0
    listener = pair({on_read = function (conn, content)
        received = received + #content
        if received == #big then conn:close(); listener:close(); done() end
    end}, {on_connect = function (c)
        local result = c:send(big, function (obj, ok, name)
            if not ok then done("completion said " .. name) end
        end)
        if not result then done("send failed") end
    end})
end)

T.async("sxe_sendfile sends a whole file", function (done)
    local path = os.tmpname()
    local file = io.open(path, "w")
    file:write(string.rep("0123456789", 1000))
    file:close()
    local listener
    local received = {}
    listener = pair({on_read = function (conn, content)
        received[#received + 1] = content
        local text = table.concat(received)
        if #text >= 10000 then
            os.remove(path)
            conn:close()
            listener:close()
            done(T.unless(text == string.rep("0123456789", 1000), "content differs"))
        end
    end}, {on_connect = function (c)
        local result, err = c:sendfile(path, function () end)
        if not result then done("sendfile: " .. tostring(err)) end
    end})
end)

T.async("bytes consumed with the view during on_read count towards the number it returns", function (done)
    local listener
    local calls = 0
    listener = pair({view = true, on_read = function (conn, view)
        calls = calls + 1
        if calls == 1 then
            if #view < 6 then return 0 end
            view:consume(2)               -- "ab" consumed now
            return 4                      -- 4 in all: "cd" too; "ef" stays
        end
        local rest = tostring(view)
        conn:close()
        listener:close()
        done(T.unless(rest == "efgh", "left '" .. rest .. "'"))
    end}, {on_connect = function (c)
        c:write("abcdef")
        sxe_timer_new(function () c:write("gh") end, 0.05):start()
    end})
end)

T.async("a Lua error in on_connect closes that connection and is counted", function (done)
    local before = sxe_get_counters().callback_errors
    local listener
    listener = pair({on_connect = function () error("no welcome") end}, {
        on_close = function ()
            listener:close()
            done(T.unless(sxe_get_counters().callback_errors == before + 1, "not counted"))
        end,
    })
end)

T.async("a Lua error in on_close is counted and the object is still freed", function (done)
    local before = sxe_get_counters().callback_errors
    local open_before = sxe_get_counters().open_now
    local listener
    listener = pair({on_read = function (conn) conn:close() end}, {
        on_connect = function (c) c:write("x") end,
        on_close = function () error("trouble while closing") end,
    })
    sxe_timer_new(function ()
        local counters = sxe_get_counters()
        listener:close()
        done(T.unless(counters.callback_errors == before + 1 and counters.open_now == open_before + 1,
                      "errors " .. counters.callback_errors - before .. ", open " .. counters.open_now - open_before))
    end, 0.1):start()
end)

T.test("sxe_sendfile of a missing file returns nil and the reason", function ()
    local c = assert(sxe_new_tcp(nil, 0, nil, function () end))
    local ok, reason = c:sendfile("/nonexistent/file")
    c:close()
    T.eq(ok, nil, "result")
    T.ok(reason and reason:find("No such file", 1, true), "reason " .. tostring(reason))
end)

T.test("operations on a closed object return nil and the error name", function ()
    local c = assert(sxe_new_tcp(nil, 0, nil, function () end))
    T.eq(c:close(), true, "first close")
    local ok, name = c:write("x")
    T.eq(ok, nil, "write result")
    T.eq(name, "ERROR_NO_CONNECTION", "write error")
    T.eq(select(2, c:close()), "WARN_ALREADY_CLOSED", "second close")
    T.eq(c.is_open, false, "is_open")
end)

T.test("a write lib-sxe refuses (an object not connected) returns nil and the error's name", function ()
    local c = assert(sxe_new_tcp(nil, 0, nil, function () end))
    local ok, name = sxe_write(c, "nobody hears this")
    c:close()
    T.eq(ok, nil, "result")
    T.eq(name, "ERROR_NO_CONNECTION", "error name")
end)

T.async("a UDP object gets each datagram and answers its sender", function (done)
    local server = assert(sxe_new_udp("127.0.0.1", 0, function (self, datagram) self:write("re:" .. datagram) end))
    assert(server:listen())
    local client
    client = assert(sxe_new_udp("127.0.0.1", 0, function (self, datagram)
        self:close()
        server:close()
        done(T.unless(datagram == "re:hello", "got " .. datagram))
    end))
    assert(client:listen())
    assert(client:write_to("127.0.0.1", server.local_port, "hello"))
end)

T.async("a unix-domain listener accepts a client on its path", function (done)
    local path = os.tmpname()
    os.remove(path)
    local listener = assert(sxe_new_unix(path, nil, function (conn, content) conn:write("got " .. content) end))
    assert(listener:listen())
    local c = assert(sxe_new_unix(path, function (c) c:write("x") end, function (c, content)
        c:close()
        listener:close()
        done(T.unless(content == "got x", "got " .. content))
    end))
    assert(c:connect())
end)

T.async("callbacks can be set as fields and an accepted connection inherits them", function (done)
    local listener = assert(sxe_new_tcp("127.0.0.1", 0))
    listener.on_read = function (conn, content) conn:write(content:upper()) end
    assert(listener:listen())
    local c = assert(sxe_new_tcp(nil, 0))
    c.on_connect = function (self) self:write("abc") end
    c.on_read = function (self, content)
        self:close()
        listener:close()
        done(T.unless(content == "ABC", "got " .. content))
    end
    assert(c:connect("127.0.0.1", listener.local_port))
end)

T.run(16)

-- test-lua-api.lua: every binding given a wrong argument type raises a Lua error naming itself and the argument,
-- never crashes; objects, views, timers and pools are told apart.
local T = dofile("lib-sxe-lua/test/sxe-test.lua")

local object -- a TCP object made by the init function
local view

-- Each row: the function's name, then arguments that are wrong (the error names the function).
local rows = {
    {"sxe_register", "x", function () end}, {"sxe_register", 1, "not a function"}, {"sxe_register", 0, function () end},
    {"sxe_set_buffer_size", "big"}, {"sxe_stop", "now"}, {"sxe_defer", 42}, {"sxe_portfile", 1, 2},
    {"sxe_portfile", "/tmp/x", "port"},
    {"sxe_new_tcp", {}, 0}, {"sxe_new_tcp", "127.0.0.1", "port"}, {"sxe_new_tcp", "127.0.0.1", 70000},
    {"sxe_new_tcp", "127.0.0.1", 0, "not a function"}, {"sxe_new_tcp", "127.0.0.1", 0, nil, 5},
    {"sxe_new_tcp", "127.0.0.1", 0, nil, nil, true}, {"sxe_new_udp", "127.0.0.1", 0, {}},
    {"sxe_new_unix", 5}, {"sxe_new_unix", "/tmp/x", "f"},
    {"sxe_listen", "obj"}, {"sxe_connect", {}, "127.0.0.1", 1}, {"sxe_close", nil}, {"sxe_write", "obj", "x"},
    {"sxe_write_to", 1, "127.0.0.1", 1, "x"}, {"sxe_send", 1, "x"}, {"sxe_sendfile", 1, "/etc/hostname"},
    {"sxe_buf_clear", 1}, {"sxe_buf_consume", 1, 1}, {"sxe_pause", 1}, {"sxe_resume", 1},
    {"sxe_set_idle_timeout", 1, 1}, {"sxe_set_connect_timeout", 1, 1}, {"sxe_set_nodelay", 1, true},
    {"sxe_timer_new", 1}, {"sxe_timer_new", function () end, "soon"}, {"sxe_timer_new", function () end, -1},
    {"sxe_timer_start", 1}, {"sxe_timer_stop", "t"}, {"sxe_timer_is_active", {}},
    {"sxe_pool_new", 1, 2, 3}, {"sxe_pool_new", "p", "many", 2}, {"sxe_pool_new", "p", 2, 0},
    {"sxe_pool_new", "p", 2, 2, {}, "not a function"}, {"sxe_pool_get_name", 1}, {"sxe_pool_get_number", "p"},
    {"sxe_pool_get_number_in_state", {}, 0}, {"sxe_pool_index_to_state", 1, 0},
    {"sxe_pool_set_indexed_element_state", 1, 0, 0, 1}, {"sxe_pool_set_oldest_element_state", 1, 0, 1},
    {"sxe_pool_get_oldest_element_index", 1, 0}, {"sxe_pool_touch_indexed_element", 1, 0},
    {"sxe_pool_get_oldest_element_time", 1, 0}, {"sxe_pool_get_element_time_by_index", 1, 0},
    {"sxe_pool_check_timeouts", 1}, {"sxe_pool_set_state_timeout", 1, 0, 1}, {"sxe_pool_get_indexed_element", 1, 0},
    {"sxe_pool_delete", 1}, {"sxe_pool_get_number_of_states", 1},
    {"SXEL1", {}}, {"SXEL5", nil}, {"SXEL7I", "obj", "text"}, {"sxe_log_set_level", "debug"},
    {"sxe_log_set_level", 9}, {"sxe_http_parse_request", 42}, {"sxe_http_parse_request", "GET", "max"},
    {"sxe_http_status_reason", "ok"},
}

for _, row in ipairs(rows) do
    local name = row[1]
    local args = {}
    for i = 2, table.maxn(row) do args[i - 1] = row[i] end
    local shown = {}
    for i = 1, table.maxn(row) - 1 do
        local v = args[i]
        shown[i] = type(v) == "string" and ("'" .. v .. "'") or (type(v) == "table" or type(v) == "function") and
                   type(v) or tostring(v)
    end
    T.test(name .. "(" .. table.concat(shown, ", ") .. ") is a Lua error naming " .. name, function ()
        T.raises(name, _G[name], unpack(args, 1, table.maxn(row) - 1))
    end)
end

-- Methods and fields with the wrong receiver or value.
T.test("a method of an object called on another object kind is a Lua error", function ()
    local timer = sxe_timer_new(function () end)
    T.raises("SXE object expected, got userdata", object.write, timer, "x")
    T.raises("timer expected", timer.start, object)
end)

T.test("a view method called on an object or a string is a Lua error", function ()
    T.raises("buffer view expected", view.find, object, "x")
    T.raises("buffer view expected", view.sub, "text", 1)
end)

T.test("writing a table, a number or a boolean is a Lua error naming sxe_write", function ()
    T.raises("bad argument #2 to 'sxe_write' (string or buffer view expected, got table)", sxe_write, object, {})
    T.raises("sxe_write", sxe_write, object, 5)
    T.raises("sxe_write", sxe_write, object, true)
end)

T.test("setting an unknown field of an object is a Lua error that names the settable fields", function ()
    T.raises("cannot set field 'colour'", function () object.colour = "red" end)
    T.raises("on_read", function () object.on_read = 5 end)
end)

T.test("reading an unknown field of an object gives nil", function ()
    T.eq(object.colour, nil, "object.colour")
end)

T.test("the object metatable cannot be read or replaced", function ()
    T.eq(getmetatable(object), "SXE object", "getmetatable")
    T.raises("table expected, got userdata", setmetatable, object, {})
end)

T.test("a constructor before sxe_init is a Lua error telling to use an init function", function ()
    -- checked from the main chunk below (objects exist once sxe_init ran)
    T.ok(constructor_error and constructor_error:find("init function", 1, true), "error from the main chunk")
end)

T.test("sxe_register after sxe_init is a Lua error", function ()
    T.raises("after sxe_init", sxe_register, 1, function () end)
end)

constructor_error = select(2, pcall(sxe_new_tcp, "127.0.0.1", 0))

sxe_register(2, function ()
    object = assert(sxe_new_tcp("127.0.0.1", 0, nil, function () end))
    view = object.buf
end)
T.run(1)

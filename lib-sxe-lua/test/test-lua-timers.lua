-- test-lua-timers.lua: timers and deferred functions in Lua.
local T = dofile("lib-sxe-lua/test/sxe-test.lua")

T.async("a timer fires once after its delay with itself as the argument", function (done)
    local fired = 0
    local timer
    timer = sxe_timer_new(function (t)
        fired = fired + 1
        sxe_timer_new(function () done(T.unless(fired == 1 and t == timer and not t:is_active(), "fired " .. fired)) end,
                      0.05):start()
    end, 0.01)
    T.eq(timer:is_active(), false, "active before start")
    timer:start()
    T.eq(timer:is_active(), true, "active after start")
end)

T.async("a repeating timer fires until it is stopped", function (done)
    local fired = 0
    sxe_timer_new(function (t)
        fired = fired + 1
        if fired == 3 then
            t:stop()
            sxe_timer_new(function () done(T.unless(fired == 3, "fired " .. fired)) end, 0.05):start()
        end
    end, 0.01, 0.01):start()
end)

T.async("a timer stopped before its delay never fires", function (done)
    local t = sxe_timer_new(function () done("it fired") end, 0.02)
    t:start()
    sxe_timer_stop(t)
    sxe_timer_new(function () done() end, 0.05):start()
end)

T.async("a started timer fires even when the script dropped every reference to it", function (done)
    sxe_timer_new(function () done() end, 0.01):start()
    collectgarbage("collect")
end)

T.async("an error in a timer's callback is logged, counted and stops the timer", function (done)
    local before = sxe_get_counters().callback_errors
    local fired = 0
    sxe_timer_new(function () fired = fired + 1; error("timer trouble") end, 0.01, 0.01):start()
    sxe_timer_new(function ()
        done(T.unless(fired == 1 and sxe_get_counters().callback_errors == before + 1, "fired " .. fired))
    end, 0.1):start()
end)

T.async("deferred functions run after the current callback, in order", function (done)
    local order = {}
    sxe_defer(function () order[#order + 1] = "first" end)
    sxe_defer(function () order[#order + 1] = "second" end)
    order[#order + 1] = "now"
    sxe_timer_new(function ()
        local text = table.concat(order, ",")
        done(T.unless(text == "now,first,second", text))
    end, 0.02):start()
end)

T.async("a function deferred by a deferred function runs too", function (done)
    sxe_defer(function () sxe_defer(function () done() end) end)
end)

T.async("an error in a deferred function is counted and the next deferred function still runs", function (done)
    local before = sxe_get_counters().callback_errors
    sxe_defer(function () error("deferred trouble") end)
    sxe_defer(function () done(T.unless(sxe_get_counters().callback_errors == before + 1, "not counted")) end)
end)

T.run(1)

-- test-lua-pools.lua: lib-sxe-pool in Lua: states, oldest-first lists, element tables, timeouts calling Lua.
local T = dofile("lib-sxe-lua/test/sxe-test.lua")

local FREE, USED, DONE = 0, 1, 2

T.test("a new pool has every element in state 0 and its name and sizes", function ()
    local pool = sxe_pool_new("things", 10, 3)
    T.eq(sxe_pool_get_name(pool), "things", "name")
    T.eq(pool:get_number(), 10, "number")
    T.eq(pool:get_number_of_states(), 3, "states")
    T.eq(sxe_pool_get_number_in_state(pool, FREE), 10, "free")
    T.eq(sxe_pool_get_number_in_state(pool, USED), 0, "used")
end)

T.test("moving the oldest element returns its index and the counts follow", function ()
    local pool = sxe_pool_new("moves", 4, 3)
    local first = sxe_pool_set_oldest_element_state(pool, FREE, USED)
    T.ok(first and first >= 0 and first < 4, "an index")
    T.eq(sxe_pool_index_to_state(pool, first), USED, "its state")
    T.eq(pool:get_number_in_state(FREE), 3, "free")
    T.eq(pool:get_oldest_element_index(USED), first, "oldest used")
end)

T.test("an empty state gives nil for its oldest element", function ()
    local pool = sxe_pool_new("empty", 2, 2)
    T.eq(sxe_pool_set_oldest_element_state(pool, USED, FREE), nil, "move from an empty state")
    T.eq(sxe_pool_get_oldest_element_index(pool, USED), nil, "oldest of an empty state")
end)

T.test("moving an element that is not in the old state returns nil and moves nothing", function ()
    local pool = sxe_pool_new("wrong", 2, 3)
    T.eq(sxe_pool_set_indexed_element_state(pool, 1, USED, DONE), nil, "move")
    T.eq(sxe_pool_index_to_state(pool, 1), FREE, "state")
    T.eq(sxe_pool_set_indexed_element_state(pool, 1, FREE, DONE), 1, "a right move")
end)

T.test("an index or a state out of range is a Lua error naming the function", function ()
    local pool = sxe_pool_new("range", 2, 2)
    T.raises("sxe_pool_index_to_state", sxe_pool_index_to_state, pool, 2)
    T.raises("sxe_pool_get_number_in_state", sxe_pool_get_number_in_state, pool, 5)
end)

T.test("each element has its own Lua table, the same one every time", function ()
    local pool = sxe_pool_new("tables", 3, 2)
    local a = sxe_pool_get_indexed_element(pool, 0)
    a.name = "zero"
    T.eq(sxe_pool_get_indexed_element(pool, 0).name, "zero", "kept")
    T.ok(sxe_pool_get_indexed_element(pool, 1) ~= a, "another element's table")
end)

T.test("a deleted pool is a Lua error for every function", function ()
    local pool = sxe_pool_new("deleted", 2, 2)
    sxe_pool_delete(pool)
    T.raises("deleted", sxe_pool_get_number, pool)
end)

T.test("an untimed pool has no element times", function ()
    local pool = sxe_pool_new("untimed", 2, 2)
    T.eq(sxe_pool_get_oldest_element_time(pool, FREE), nil, "oldest time")
    T.eq(sxe_pool_get_element_time_by_index(pool, 0), nil, "element time")
end)

T.async("an element too long in a timed state calls on_timeout, which moves it", function (done)
    local pool
    pool = sxe_pool_new("timed", 2, 3, {[USED] = 0.02}, function (p, index, state)
        sxe_pool_set_indexed_element_state(p, index, USED, DONE)
        done(T.unless(p == pool and state == USED and sxe_pool_get_number_in_state(p, DONE) == 1,
                      "index " .. index .. " state " .. state))
        sxe_pool_delete(p)
    end)
    local index = sxe_pool_set_oldest_element_state(pool, FREE, USED)
    T.ok(sxe_pool_get_element_time_by_index(pool, index) > 0, "a time")
end)

T.async("a pool deleted by its on_timeout calls it no more, even when on_timeout then fails", function (done)
    local before = sxe_get_counters().callback_errors
    local fired = 0
    local pool = sxe_pool_new("deleted-in-timeout", 3, 2, {[USED] = 0.01}, function (p, index)
        fired = fired + 1
        sxe_pool_delete(p)
        collectgarbage("collect")
        error("after the delete of element " .. index)
    end)
    for _ = 1, 3 do sxe_pool_set_oldest_element_state(pool, FREE, USED) end
    pool = nil
    sxe_timer_new(function ()
        collectgarbage("collect")
        done(T.unless(fired == 1 and sxe_get_counters().callback_errors == before + 1, "fired " .. fired))
    end, 0.1):start()
end)

T.run(1)

-- sxe-test.lua: the Lua test suites' one harness (lib-sxe-lua/test/test-lua-*.lua, run by `make test` through
-- .ci/run-tests with sxelua). A suite lists its tests, each one behaviour named as a sentence:
--
--   local T = dofile("lib-sxe-lua/test/sxe-test.lua")
--   T.test("a wrong type to sxe_write is a Lua error", function () ... end)       -- passes unless it raises
--   T.async("a client connects and reads the answer", function (done) ... done() end)  -- passes when done() is called
--   T.run(objects)                                                                  -- at the end of the suite
--
-- T.run registers `objects` objects and runs every test in order from the init function, one at a time: an async test
-- ends when it calls done() (done(message) fails it), raises, or after T.TIMEOUT seconds (a failure that says so).
-- Each result is a line "PASS: suite: name" or "FAIL: suite: name: reason"; the last line is the totals line that
-- the runner reads, "suite: N passed, M failed, 0 skipped"; sxelua exits 1 when a test failed.

local T = {TIMEOUT = 10}
local tests = {}
local passed, failed = 0, 0
local suite = (arg and arg[0] or "lua"):match("([^/]+)%.lua$") or "lua"

function T.test(name, body) tests[#tests + 1] = {name = name, body = body, async = false} end
function T.async(name, body) tests[#tests + 1] = {name = name, body = body, async = true} end

local function where(level) return debug.traceback("", level):match("\n%s*([^\n]*)") or "?" end

function T.eq(got, want, what)
    if got ~= want then
        error((what or "value") .. ": expected " .. tostring(want) .. ", got " .. tostring(got), 2)
    end
end

-- nil when cond holds (a passing done()), else message.
function T.unless(cond, message)
    if cond then return nil end
    return message
end

function T.ok(value, what)
    if not value then error((what or "condition") .. " is false", 2) end
    return value
end

-- Calls f(...) and expects a Lua error whose message contains `pattern` (plain text).
function T.raises(pattern, f, ...)
    local ok, message = pcall(f, ...)
    if ok then error("expected an error containing '" .. pattern .. "', got none", 2) end
    if not tostring(message):find(pattern, 1, true) then
        error("expected an error containing '" .. pattern .. "', got: " .. tostring(message), 2)
    end
end

local function report(test, message)
    if message == nil then
        passed = passed + 1
        print("PASS: " .. suite .. ": " .. test.name)
    else
        failed = failed + 1
        print("FAIL: " .. suite .. ": " .. test.name .. ": " .. tostring(message))
    end
    io.stdout:flush()
end

local run_next

local function finish()
    print(suite .. ": " .. passed .. " passed, " .. failed .. " failed, 0 skipped")
    io.stdout:flush()
    sxe_stop(failed > 0 and 1 or 0)
end

local index = 0
run_next = function ()
    index = index + 1
    local test = tests[index]
    if not test then return finish() end
    local finished = false
    local watchdog
    local function done(message)
        if finished then return end
        finished = true
        if watchdog then watchdog:stop() end
        report(test, message)
        sxe_defer(run_next)              -- the next test starts from the loop, outside this test's callbacks
    end
    if not test.async then
        local ok, message = xpcall(test.body, debug.traceback)
        return done(not ok and message or nil)
    end
    watchdog = sxe_timer_new(function () done("timed out after " .. T.TIMEOUT .. " seconds") end, T.TIMEOUT)
    watchdog:start()
    local ok, message = xpcall(function () test.body(done) end, debug.traceback)
    if not ok then done(message) end
end

function T.run(objects)
    sxe_register(objects or 1, function () run_next() end)
end

T.where = where
return T

-- bench/lib/pipeline.lua: wrk script that pipelines DEPTH (default 16) GET / requests in one write.
-- Usage: wrk -s bench/lib/pipeline.lua URL -- [DEPTH]
-- wrk counts the requests in the buffer and waits for that many responses before writing the next batch.
local batch

init = function(args)
    local depth = tonumber(args[1]) or 16
    local requests = {}
    for i = 1, depth do
        requests[i] = wrk.format("GET", wrk.path)
    end
    batch = table.concat(requests)
end

request = function()
    return batch
end

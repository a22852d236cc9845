// bench/lib/hello-node.js PORT [PORTFILE]: examples/lua/hello.lua with node's net module (the 2010 comparison).
// The same program step for step: answers every request head (found by its blank line) with the same 51 bytes and
// keeps the connection open; pipelined heads are answered in order, a partial head waits for the rest.
"use strict";
const net = require("net");
const fs = require("fs");

const response = Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!");
const port = Number(process.argv[2] || 8000);
const portfile = process.argv[3];

const server = net.createServer((socket) => {
    let pending = "";
    socket.setNoDelay(true);
    socket.on("data", (data) => {
        let content = pending.length ? pending + data.toString("latin1") : data.toString("latin1");
        let at = 0, end;
        while ((end = content.indexOf("\r\n\r\n", at)) >= 0) {
            socket.write(response);
            at = end + 4;
        }
        pending = content.slice(at);
    });
    socket.on("error", () => socket.destroy());
});
server.listen(port, "127.0.0.1", () => {
    if (portfile) fs.writeFileSync(portfile, server.address().port + "\n");
});
process.on("SIGTERM", () => process.exit(0));

// count-server.js: a tiny node HTTP server for crosscheck.sh. Listens on 127.0.0.1, an ephemeral port, writes the
// port (and a newline) to the file named by argv[2], answers every request with a short 200, counts requests, and
// prints "requests=N" on SIGTERM/SIGINT and at exit.
'use strict';
const http = require('http');
const fs = require('fs');

let requests = 0;
let printed = false;
const body = 'hello from node\n';

const server = http.createServer((req, res) => {
    requests++;
    req.resume(); // discard any body
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
});
server.keepAliveTimeout = 30000;
server.headersTimeout = 31000;
server.maxRequestsPerSocket = 0;

function report() {
    if (!printed) {
        printed = true;
        process.stdout.write(`requests=${requests}\n`);
    }
}

function stop() {
    report();
    process.exit(0);
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('exit', report);

server.listen(0, '127.0.0.1', () => {
    fs.writeFileSync(process.argv[2], `${server.address().port}\n`);
});

#!/usr/bin/env python3
"""Writes the seed corpus of fuzz-httpd.c into fuzz/corpus/httpd/ (the files are the corpus; this script documents
them and rewrites them when run: python3 fuzz/make-httpd-corpus.py). The script format is in fuzz-httpd.c."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA, SPLIT, SEND, TIME, ACK, END = 0, 3, 4, 5, 6, 7
BUDGET = {0: 0, 1: 1, 7: 2, 100: 3, 1000: 4, 5000: 5, 65536: 6, None: 7}  # argument for a write budget
GET = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"


def op(slot, operation, arg, data=b""):
    return bytes([slot | operation << 2, arg]) + data


def data(slot, payload):
    out = b""
    for at in range(0, len(payload), 96):
        piece = payload[at:at + 96]
        out += op(slot, DATA, len(piece) - 1, piece)
    return out


def budget(slot, size):
    return op(slot, SEND, BUDGET[size])


def head(size, complete=True):
    """A GET head of `size` bytes (more than httpd's 128-byte fuzzing input buffer: a large head buffer)."""
    start = b"GET /a.txt HTTP/1.1\r\nHost: a\r\nCookie: "
    rest = size - len(start) - 4
    return start + b"c" * rest + (b"\r\n\r\n" if complete else b"\r\n")


SEEDS = {
    "hello": b"\x00" + data(0, GET),
    "pipeline-close-partial-writes": b"\x00" + budget(0, 100) + data(0, GET * 3 + b"GET / HTTP/1.1\r\nHost: a\r\n"
                                                                     b"Connection: close\r\n\r\n" + GET)
    + budget(0, 1000) + budget(0, None),
    "file-close-then-request": b"\x01" + budget(0, 1000) + data(0, b"GET /big.bin HTTP/1.1\r\nHost: a\r\n"
                                                                b"Connection: close\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: a\r\n\r\n")
    + op(0, ACK, 128) + op(0, TIME, 40) + budget(0, 65536) + budget(0, None),
    "broken-chunk-then-delete": b"\x00" + op(0, SPLIT, 6) + budget(0, 7) + data(
        0, GET * 2 + b"GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n"
        b"DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n") + budget(0, None),
    "large-heads-evicted": b"\x00" + data(0, head(300, False)) + data(1, head(300, False)) + data(2, head(400))
    + data(0, b"\r\n") + op(0, TIME, 200),
    "expect-continue": b"\x00" + data(0, b"GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
    + data(0, b"hello" + GET),
    "slow-head-408": b"\x00" + data(0, b"GET / HTTP/1.1\r\nHo") + op(0, TIME, 255) + data(0, b"st: a\r\n\r\n"),
    "http10-keep-alive": b"\x01" + data(0, b"GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\nHEAD / HTTP/1.0\r\n\r\n"),
    "overflow-evicted": b"\x00" + budget(0, 0) + data(0, GET * 20) + data(0, GET * 20) + op(0, TIME, 20)
    + op(0, TIME, 20) + budget(1, 0) + data(1, GET * 20) + data(1, GET * 20) + budget(1, None),
    "fifo-and-dirs": b"\x01" + data(0, b"GET /fifo HTTP/1.1\r\nHost: a\r\n\r\nGET /dir/ HTTP/1.1\r\nHost: a\r\n\r\n"
                                    b"GET http://a HTTP/1.1\r\nHost: a\r\n\r\nGET /empty HTTP/1.2\r\nHost: a\r\n\r\n"),
    "reset-while-sending": b"\x01" + budget(0, 100) + data(0, b"GET /big.bin HTTP/1.1\r\nHost: a\r\n\r\n")
    + op(0, END, 1),
    "ranges-and-conditions": b"\x01" + budget(0, 1000) + data(
        0, b"GET /big.bin HTTP/1.1\r\nHost: a\r\nRange: bytes=100-5099\r\n\r\n"
        b"GET /a.txt HTTP/1.1\r\nHost: a\r\nRange: bytes=-3\r\n\r\n"
        b"GET /a.txt HTTP/1.1\r\nHost: a\r\nRange: bytes=7-\r\n\r\n"
        b"GET /a.txt HTTP/1.1\r\nHost: a\r\nIf-None-Match: *\r\n\r\n"
        b"GET /a.txt HTTP/1.1\r\nHost: a\r\nIf-Match: \"x\"\r\n\r\n"
        b"GET /a.txt HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n")
    + budget(0, None),
    "redirect-and-listing": b"\x01" + data(0, b"GET /dir?q=1 HTTP/1.1\r\nHost: a\r\n\r\nGET /dir/ HTTP/1.1\r\nHost: a\r\n\r\n"
                                           b"GET /dir HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"),
}


def main():
    folder = os.path.join(HERE, "corpus", "httpd")
    os.makedirs(folder, exist_ok=True)
    for name, script in SEEDS.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(script)
    print("%d seeds written to %s" % (len(SEEDS), folder))


if __name__ == "__main__":
    main()

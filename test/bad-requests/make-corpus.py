#!/usr/bin/env python3
"""Writes the bad-input corpus: NAME.http (the raw bytes sent) and NAME.expect (what httpd must answer).

The files themselves are the corpus (checked in); this script documents how the large or binary ones were made and
rewrites them all when run from anywhere: python3 test/bad-requests/make-corpus.py. Formats: see README.md.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
H = b"Host: localhost\r\n"
C = b"Connection: close\r\n"

CASES = [
    # name, request bytes, expect lines (the first is the status)
    ("cl-te-smuggling", b"POST /submit HTTP/1.1\r\n" + H + b"Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n"
     b"0\r\n\r\nG", ["400"]),
    ("te-cl-smuggling-get", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
     b"0\r\n\r\n", ["400"]),
    ("duplicate-content-length", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: 5\r\nContent-Length: 6\r\n\r\n"
     b"hello!", ["400"]),
    ("content-length-list", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: 5, 5\r\n\r\nhello", ["400"]),
    ("content-length-negative", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: -1\r\n\r\n", ["400"]),
    ("content-length-plus-sign", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: +5\r\n\r\nhello", ["400"]),
    ("content-length-overflow", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: 18446744073709551617\r\n\r\n", ["400"]),
    ("content-length-beyond-int64", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: 9223372036854775808\r\n\r\n",
     ["400"]),
    ("content-length-empty", b"GET / HTTP/1.1\r\n" + H + b"Content-Length:\r\n\r\n", ["400"]),
    ("content-length-hex", b"GET / HTTP/1.1\r\n" + H + b"Content-Length: 0x10\r\n\r\n", ["400"]),
    ("bare-cr", b"GET / HTTP/1.1\r" + H + b"\r\n", ["400"]),
    ("bare-cr-in-header", b"GET / HTTP/1.1\r\n" + b"Host: localhost\rX-Evil: 1\r\n\r\n", ["400"]),
    # The parser accepts a bare LF as a line end (lib-sxe-http/README.md): this one is served.
    ("bare-lf-accepted", b"GET / HTTP/1.1\nHost: localhost\nConnection: close\n\n", ["200"]),
    ("nul-in-header-value", b"GET / HTTP/1.1\r\n" + H + b"X-Nul: a\x00b\r\n\r\n", ["400"]),
    ("nul-in-target", b"GET /a\x00b HTTP/1.1\r\n" + H + b"\r\n", ["400"]),
    ("nul-in-method", b"G\x00T / HTTP/1.1\r\n" + H + b"\r\n", ["400"]),
    ("control-char-in-header-value", b"GET / HTTP/1.1\r\n" + H + b"X-Ctl: a\x01b\r\n\r\n", ["400"]),
    ("del-in-header-value", b"GET / HTTP/1.1\r\n" + H + b"X-Del: a\x7fb\r\n\r\n", ["400"]),
    ("header-without-colon", b"GET / HTTP/1.1\r\n" + H + b"X-No-Colon value\r\n\r\n", ["400"]),
    ("space-before-colon", b"GET / HTTP/1.1\r\nHost : localhost\r\n\r\n", ["400"]),
    ("empty-header-name", b"GET / HTTP/1.1\r\n" + H + b": value\r\n\r\n", ["400"]),
    ("bad-char-in-header-name", b"GET / HTTP/1.1\r\n" + H + b"X(Bad): 1\r\n\r\n", ["400"]),
    ("obs-fold", b"GET / HTTP/1.1\r\n" + H + b"X-Folded: a\r\n b\r\n\r\n", ["400"]),
    ("whitespace-before-first-header", b"GET / HTTP/1.1\r\n Host: localhost\r\n\r\n", ["400"]),
    ("missing-host", b"GET / HTTP/1.1\r\n\r\n", ["400"]),
    ("duplicate-host", b"GET / HTTP/1.1\r\n" + H + b"Host: other\r\n\r\n", ["400"]),
    ("invalid-version-letters", b"GET / HTTP/1.x\r\n" + H + b"\r\n", ["400"]),
    ("invalid-version-protocol", b"GET / HTTX/1.1\r\n" + H + b"\r\n", ["400"]),
    ("invalid-version-lowercase", b"GET / http/1.1\r\n" + H + b"\r\n", ["400"]),
    ("invalid-version-no-minor", b"GET / HTTP/1\r\n" + H + b"\r\n", ["400"]),
    ("missing-version", b"GET /\r\n" + H + b"\r\n", ["400"]),
    ("trailing-space-after-version", b"GET / HTTP/1.1 \r\n" + H + b"\r\n", ["400"]),
    ("space-in-target", b"GET /a b HTTP/1.1\r\n" + H + b"\r\n", ["400"]),
    ("double-space-after-method", b"GET  / HTTP/1.1\r\n" + H + b"\r\n", ["400"]),
    ("tab-after-method", b"GET\t/ HTTP/1.1\r\n" + H + b"\r\n", ["400"]),
    ("empty-method", b" / HTTP/1.1\r\n" + H + b"\r\n", ["400"]),
    ("non-ascii-method", "GÉT / HTTP/1.1\r\n".encode("utf-8") + H + b"\r\n", ["400"]),
    ("http-2.0", b"GET / HTTP/2.0\r\n" + H + b"\r\n", ["505"]),
    ("http-2-preface", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", ["505"]),
    ("http-0.9-version", b"GET / HTTP/0.9\r\n" + H + b"\r\n", ["505"]),
    ("http-3.0", b"GET / HTTP/3.0\r\n" + H + b"\r\n", ["505"]),
    ("unknown-method", b"BREW /pot HTTP/1.1\r\n" + H + b"\r\n", ["501"]),
    ("lowercase-method", b"get / HTTP/1.1\r\n" + H + b"\r\n", ["501"]),
    ("post-not-allowed", b"POST / HTTP/1.1\r\n" + H + b"Content-Length: 5\r\n\r\nhello", ["405", "header Allow"]),
    ("put-not-allowed", b"PUT /x HTTP/1.1\r\n" + H + b"Content-Length: 0\r\n\r\n", ["405", "header Allow"]),
    ("delete-not-allowed", b"DELETE /x HTTP/1.1\r\n" + H + b"\r\n", ["405", "header Allow"]),
    ("te-gzip-chunked", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", ["501"]),
    ("te-chunked-not-last", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n", ["400"]),
    ("te-chunked-twice", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n"
     b"\r\n0\r\n\r\n", ["400"]),
    ("te-chunked-in-http-1.0", b"GET / HTTP/1.0\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", ["400"]),
    # A GET with a malformed chunked body: httpd answers a request only once its body has been read, so the
    # chunked decoder's 400 is the one and only answer (no 200 before it, nothing after it), then the close.
    ("bad-chunk-size", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
     ["400", "single-response"]),
    ("chunk-size-overflow", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n"
     b"fffffffffffffffffffff\r\nhello\r\n0\r\n\r\n", ["400", "single-response"]),
    # RFC 9110 2.5: a higher minor version of HTTP/1 is handled as HTTP/1.1 (served, not 505).
    ("http-1.2", b"GET / HTTP/1.2\r\n" + H + C + b"\r\n", ["200"]),
    # RFC 9112 3.2.2: an absolute-form target without a path has the path "/".
    ("absolute-form-without-path", b"GET http://localhost HTTP/1.1\r\n" + H + C + b"\r\n", ["200"]),
    # A body sent with its head needs no 100 Continue: the final answer is the only one.
    ("expect-100-continue-with-body", b"GET / HTTP/1.1\r\n" + H + C + b"Expect: 100-continue\r\nContent-Length: 5\r\n"
     b"\r\nhello", ["200", "single-response"]),
    # Desync sequences: the answer that closes is the last one; the bytes after it are never parsed as requests
    # (httpd's closing rule, examples/httpd/httpd.h). test/test-httpd-hardening.c runs them with a full socket too.
    ("close-then-pipelined-request", b"GET / HTTP/1.1\r\n" + H + C + b"\r\nDELETE /x HTTP/1.1\r\n" + H + b"\r\n",
     ["200", "single-response"]),
    ("http-1.0-then-pipelined-request", b"GET / HTTP/1.0\r\n\r\nDELETE /x HTTP/1.1\r\n" + H + b"\r\n",
     ["200", "single-response"]),
    ("bad-chunk-then-delete", b"GET / HTTP/1.1\r\n" + H + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n"
     b"DELETE /x HTTP/1.1\r\n" + H + b"\r\n", ["400", "single-response"]),
    ("bad-head-then-request", b"GET / HTTP/1.1\r\n" + H + b"No colon here\r\n\r\nGET / HTTP/1.1\r\n" + H + b"\r\n",
     ["400", "single-response"]),
    ("refused-method-then-request", b"DELETE /x HTTP/1.1\r\n" + H + b"\r\nGET / HTTP/1.1\r\n" + H + b"\r\n",
     ["405", "header Allow", "single-response"]),
    ("huge-header-count", b"GET / HTTP/1.1\r\n" + H + b"".join(b"X-H%03d: %d\r\n" % (i, i) for i in range(100))
     + b"\r\n", ["431"]),
    ("overlong-request-line", b"GET /" + b"a" * 10000 + b" HTTP/1.1\r\n" + H + b"\r\n", ["414"]),
    ("overlong-head", b"GET / HTTP/1.1\r\n" + H + b"".join(b"X-Long-%02d: %s\r\n" % (i, b"v" * 500) for i in range(30))
     + b"\r\n", ["431"]),
]


def main():
    for name, request, expect in CASES:
        with open(os.path.join(HERE, name + ".http"), "wb") as f:
            f.write(request)
        with open(os.path.join(HERE, name + ".expect"), "w") as f:
            f.write("\n".join(expect) + "\n")
    print("%d cases written to %s" % (len(CASES), HERE))


if __name__ == "__main__":
    main()

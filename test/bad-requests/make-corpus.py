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


def get_file(*fields, method=b"GET", target=b"/file.txt"):
    """A request for the docroot's 100-byte file.txt (or target) with these extra header fields, then a close."""
    return method + b" " + target + b" HTTP/1.1\r\n" + H + C + b"".join(f + b"\r\n" for f in fields) + b"\r\n"


FAR_PAST = b"Thu, 01 Jan 1970 00:00:00 GMT"
FAR_FUTURE = b"Fri, 01 Jan 2100 00:00:00 GMT"
WHOLE = ["200", "docroot", "header Content-Length: 100", "single-response"]  # the Range is ignored
RANGE_416 = ["416", "docroot", "header Content-Range: bytes */100"]

# Range and the conditional requests (RFC 9110 13 and 14), sent to an httpd serving test/bad-requests/docroot/ (the
# "docroot" line), whose file.txt has 100 bytes. A malformed Range or condition is ignored (the whole file, 200).
DOCROOT_CASES = [
    ("range-single", get_file(b"Range: bytes=0-9"), ["206", "docroot", "header Content-Range: bytes 0-9/100"]),
    ("range-uppercase-unit", get_file(b"Range: BYTES=0-9"), ["206", "docroot", "header Content-Range: bytes 0-9/100"]),
    ("range-suffix", get_file(b"Range: bytes=-10"), ["206", "docroot", "header Content-Range: bytes 90-99/100"]),
    ("range-suffix-longer-than-file", get_file(b"Range: bytes=-1000"),
     ["206", "docroot", "header Content-Range: bytes 0-99/100"]),
    ("range-open-ended", get_file(b"Range: bytes=90-"), ["206", "docroot", "header Content-Range: bytes 90-99/100"]),
    ("range-end-beyond-size", get_file(b"Range: bytes=95-1000"),
     ["206", "docroot", "header Content-Range: bytes 95-99/100"]),
    ("range-last-position-overflow", get_file(b"Range: bytes=0-99999999999999999999999"),
     ["206", "docroot", "header Content-Range: bytes 0-99/100"]),
    ("range-start-at-size", get_file(b"Range: bytes=100-"), RANGE_416),
    ("range-start-overflow", get_file(b"Range: bytes=99999999999999999999999-"), RANGE_416),
    ("range-suffix-zero", get_file(b"Range: bytes=-0"), RANGE_416),
    ("range-reversed", get_file(b"Range: bytes=9-0"), WHOLE),
    ("range-multiple", get_file(b"Range: bytes=0-1,5-6"), WHOLE),
    ("range-unknown-unit", get_file(b"Range: items=0-9"), WHOLE),
    ("range-garbage", get_file(b"Range: bytes=abc"), WHOLE),
    ("range-empty-set", get_file(b"Range: bytes="), WHOLE),
    ("range-space-after-equals", get_file(b"Range: bytes= 0-9"), WHOLE),
    ("range-negative-suffix-twice", get_file(b"Range: bytes=--5"), WHOLE),
    ("range-two-fields", get_file(b"Range: bytes=0-1", b"Range: bytes=2-3"), WHOLE),
    ("range-on-head", get_file(b"Range: bytes=0-9", method=b"HEAD"), ["200", "docroot", "header Content-Length: 100"]),
    ("if-range-other-etag", get_file(b"Range: bytes=0-9", b'If-Range: "other"'), WHOLE),
    ("if-range-weak-etag", get_file(b"Range: bytes=0-9", b'If-Range: W/"other"'), WHOLE),
    ("if-range-old-date", get_file(b"Range: bytes=0-9", b"If-Range: " + FAR_PAST), WHOLE),
    ("if-range-not-a-date", get_file(b"Range: bytes=0-9", b"If-Range: yesterday"), WHOLE),
    ("if-none-match-star", get_file(b"If-None-Match: *"), ["304", "docroot", "header ETag", "single-response"]),
    ("if-none-match-star-on-head", get_file(b"If-None-Match: *", method=b"HEAD"), ["304", "docroot"]),
    ("if-none-match-other", get_file(b'If-None-Match: "a", W/"b"'), WHOLE),
    ("if-none-match-malformed", get_file(b"If-None-Match: abc"), WHOLE),
    ("if-none-match-wins-over-if-modified-since", get_file(b'If-None-Match: "other"', b"If-Modified-Since: " + FAR_FUTURE),
     WHOLE),
    ("if-modified-since-future", get_file(b"If-Modified-Since: " + FAR_FUTURE), ["304", "docroot", "header Last-Modified"]),
    ("if-modified-since-asctime-future", get_file(b"If-Modified-Since: Fri Jan  1 00:00:00 2100"), ["304", "docroot"]),
    ("if-modified-since-epoch", get_file(b"If-Modified-Since: " + FAR_PAST), WHOLE),
    ("if-modified-since-rfc850-past", get_file(b"If-Modified-Since: Sunday, 06-Nov-94 08:49:37 GMT"), WHOLE),
    ("if-modified-since-not-gmt", get_file(b"If-Modified-Since: Fri, 01 Jan 2100 00:00:00 UTC"), WHOLE),
    ("if-modified-since-not-a-date", get_file(b"If-Modified-Since: tomorrow"), WHOLE),
    ("if-modified-since-bad-day", get_file(b"If-Modified-Since: Fri, 41 Jan 2100 00:00:00 GMT"), WHOLE),
    ("if-modified-since-two-fields", get_file(b"If-Modified-Since: " + FAR_FUTURE, b"If-Modified-Since: " + FAR_FUTURE),
     WHOLE),
    ("if-match-star", get_file(b"If-Match: *"), WHOLE),
    ("if-match-other", get_file(b'If-Match: "other"'), ["412", "docroot"]),
    ("if-match-weak", get_file(b'If-Match: W/"other"'), ["412", "docroot"]),
    ("if-unmodified-since-epoch", get_file(b"If-Unmodified-Since: " + FAR_PAST), ["412", "docroot"]),
    ("if-unmodified-since-future", get_file(b"If-Unmodified-Since: " + FAR_FUTURE), WHOLE),
    ("if-unmodified-since-not-a-date", get_file(b"If-Unmodified-Since: never"), WHOLE),
    ("if-match-beats-if-none-match", get_file(b'If-Match: "other"', b"If-None-Match: *"), ["412", "docroot"]),
    ("directory-without-slash", get_file(target=b"/sub?q=1"), ["301", "docroot", "header Location: /sub/?q=1"]),
    ("directory-without-slash-with-body", get_file(b"Content-Length: 5", target=b"/sub") + b"hello",
     ["301", "docroot", "header Location: /sub/", "single-response"]),
]

DOCROOT_FILES = {"file.txt": b"0123456789" * 10, "index.html": b"<p>corpus docroot</p>\n",
                 "sub/index.html": b"<p>sub</p>\n"}


def main():
    for path, content in DOCROOT_FILES.items():
        os.makedirs(os.path.dirname(os.path.join(HERE, "docroot", path)), exist_ok=True)
        with open(os.path.join(HERE, "docroot", path), "wb") as f:
            f.write(content)
    for name, request, expect in CASES + DOCROOT_CASES:
        with open(os.path.join(HERE, name + ".http"), "wb") as f:
            f.write(request)
        with open(os.path.join(HERE, name + ".expect"), "w") as f:
            f.write("\n".join(expect) + "\n")
    print("%d cases written to %s" % (len(CASES) + len(DOCROOT_CASES), HERE))


if __name__ == "__main__":
    main()

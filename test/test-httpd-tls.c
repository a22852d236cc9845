/* test-httpd-tls.c: HTTPS end to end: httpd --cert/--key against curl, openssl s_client and examples/http: TLS 1.3
 * and 1.2, ALPN, SNI, certificates that must be refused (an unknown authority, an expired one), a client that sends
 * plain HTTP or garbage instead of a ClientHello, one that stalls in its handshake, a renegotiation attempt, HTTPS on
 * a second port, a file sent over TLS, Range, a conditional request and the access log over TLS, and the load
 * generator's TLS summary. Certificates are made at test time in
 * the server's folder (lib-sxe-tls/test/sxe-tls-certs.h).
 */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sxe-check.h"
#include "sxe-itest-tls.h"
#include "soak/sxe-reliability.h"

#define RUN_TIMEOUT 30.0
#define OUT_MAX     65536

static SXE_ITEST_SERVER httpd;
static SXE_ITEST_RUN run;
static char out[OUT_MAX];

/* "DIR/NAME" of the server's folder (a rotating static buffer). */
static const char *file(const char *name)
{
    static char paths[4][SXE_ITEST_PATH_MAX + 32];
    static unsigned next;

    snprintf(paths[next % 4], sizeof(paths[0]), "%s/%s", httpd.dir, name);
    return paths[next++ % 4];
}

/* httpd with the certificate `cert` ("server", "expired", "wrong") and the extra args (NULL terminated). */
static void httpd_start(const char *cert, const char *const *extra)
{
    static char chain[SXE_ITEST_PATH_MAX + 32];
    static char key[SXE_ITEST_PATH_MAX + 32];
    const char *args[SXE_ITEST_ARGS_MAX] = {"-c", "32", "--cert", chain, "--key", key};
    unsigned argc = 6;

    ck_assert(sxe_itest_prepare(&httpd));
    ck_assert_msg(sxe_tls_certs_make(httpd.dir), "cannot make the test certificates");
    snprintf(chain, sizeof(chain), "%s/%s.pem", httpd.dir, cert);
    snprintf(key, sizeof(key), "%s/%s.key", httpd.dir, cert);

    while (extra != NULL && *extra != NULL && argc < SXE_ITEST_ARGS_MAX - 1) {
        args[argc++] = *extra++;
    }

    args[argc] = NULL;
    ck_assert_msg(sxe_itest_start_prepared(&httpd, "httpd", args), "httpd did not start (see above)");
}

static void httpd_stop(void)
{
    ck_assert_msg(sxe_itest_alive(&httpd), "httpd died");
    ck_assert_int_eq(sxe_itest_stop(&httpd, SIGTERM, 10), 0);
    sxe_itest_cleanup(&httpd);
}

/* Run a shell command with its stderr in `out` too. Returns its exit status. */
static int shell(const char *format, ...) __attribute__((format(printf, 1, 2)));

static int shell(const char *format, ...)
{
    char command[4096];
    va_list args;

    va_start(args, format);
    vsnprintf(command, sizeof(command), format, args);
    va_end(args);
    strncat(command, " 2>&1", sizeof(command) - strlen(command) - 1);
    return sxe_itest_run(command, out, sizeof(out));
}

#define ASSERT_OUT_HAS(text) ck_assert_msg(strstr(out, (text)) != NULL, "no \"%s\" in:\n%s", (text), out)

START_TEST(test_curl_gets_the_hello_page_over_tls_1_3_and_tls_1_2_with_alpn_http_1_1)
{
    sxe_itest_require_tool("curl", "curl");
    httpd_start("server", NULL);
    ck_assert_int_eq(shell("curl -sS -v --tlsv1.3 --cacert %s https://localhost:%d/", file("ca.pem"), httpd.port), 0);
    ASSERT_OUT_HAS("SSL connection using TLSv1.3");
    ASSERT_OUT_HAS("ALPN: server accepted http/1.1");
    ASSERT_OUT_HAS("Hello World");
    ck_assert_int_eq(
        shell("curl -sS -v --tlsv1.2 --tls-max 1.2 --cacert %s https://localhost:%d/", file("ca.pem"), httpd.port), 0);
    ASSERT_OUT_HAS("SSL connection using TLSv1.2");
    ASSERT_OUT_HAS("Hello World");
    ck_assert_int_eq(shell("curl -sS --cacert %s https://127.0.0.1:%d/ https://127.0.0.1:%d/", file("ca.pem"),
                           httpd.port, httpd.port),
                     0); /* by its IP address too (the certificate names 127.0.0.1), two requests on one connection */
    httpd_stop();
}
END_TEST

START_TEST(test_openssl_s_client_sees_the_name_it_sent_alpn_and_a_certificate_that_verifies)
{
    sxe_itest_require_tool("openssl", "openssl");
    httpd_start("server", NULL);
    ck_assert_int_eq(shell("printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' | openssl "
                           "s_client -connect 127.0.0.1:%d -servername localhost -alpn http/1.1 -CAfile %s "
                           "-verify_hostname localhost -verify_return_error -ign_eof",
                           httpd.port, file("ca.pem")),
                     0);
    ASSERT_OUT_HAS("ALPN protocol: http/1.1");
    ASSERT_OUT_HAS("Verify return code: 0 (ok)");
    ASSERT_OUT_HAS("TLSv1.3");
    ASSERT_OUT_HAS("HTTP/1.1 200 OK");
    httpd_stop();
}
END_TEST

START_TEST(test_a_client_offering_only_h2_is_refused_with_no_application_protocol)
{
    sxe_itest_require_tool("openssl", "openssl");
    httpd_start("server", NULL);
    ck_assert_int_ne(shell("openssl s_client -connect 127.0.0.1:%d -alpn h2 < /dev/null", httpd.port), 0);
    ASSERT_OUT_HAS("no application protocol");
    ck_assert_int_eq(sxe_itest_tls_request(httpd.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5.0),
                     200); /* without ALPN: served */
    httpd_stop();
}
END_TEST

START_TEST(test_curl_refuses_a_certificate_from_an_unknown_authority_and_an_expired_one)
{
    sxe_itest_require_tool("curl", "curl");
    httpd_start("wrong", NULL);
    ck_assert_int_eq(shell("curl -sS --cacert %s https://localhost:%d/", file("ca.pem"), httpd.port), 60);
    ASSERT_OUT_HAS("SSL certificate problem");
    ck_assert_int_eq(shell("curl -sS -k https://localhost:%d/", httpd.port), 0); /* told not to check: served */
    httpd_stop();
    httpd_start("expired", NULL);
    ck_assert_int_eq(shell("curl -sS --cacert %s https://localhost:%d/", file("ca.pem"), httpd.port), 60);
    ASSERT_OUT_HAS("certificate has expired");
    httpd_stop();
}
END_TEST

/* The TLS counters httpd logs (SIGUSR1 passes them on): the value of `name`, -1 when absent. */
static long long tls_counter(const char *name)
{
    char line[4096];
    char key[64];
    const char *at;

    kill(httpd.pid, SIGUSR1);

    for (unsigned i = 0; i < 100 && sxe_itest_log_count(&httpd, "TLS counters (SIGUSR1)") == 0; i++) {
        sxe_itest_sleep(0.02);
    }

    snprintf(key, sizeof(key), " %s=", name);
    return sxe_itest_log_find(&httpd, "TLS counters (SIGUSR1)", line, sizeof(line)) && (at = strstr(line, key)) != NULL
               ? strtoll(at + strlen(key), NULL, 10)
               : -1;
}

START_TEST(test_plain_http_garbage_or_nothing_sent_to_the_tls_port_is_closed_counted_and_httpd_keeps_serving)
{
    char answer[256];
    int fd;

    httpd_start("server", NULL);
    ck_assert_int_ne(
        rel_send_raw(httpd.port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 35, 5.0, answer, sizeof(answer)),
        REL_CLOSED_NO); /* closed */
    ck_assert_msg(strstr(answer, "HTTP/1.1") == NULL, "a plain answer on the TLS port: %s", answer);
    ck_assert_int_ge(fd = sxe_itest_connect(httpd.port), 0);
    ck_assert(sxe_itest_send(fd, "\x16\x03\x01\x00\x05garbage!", 14));
    ck_assert(sxe_itest_wait_closed(fd, 5.0 * sxe_itest_time_scale()));
    close(fd);
    ck_assert_int_ge(fd = sxe_itest_connect(httpd.port), 0); /* a port probe: connects and leaves without a word */
    close(fd);
    ck_assert_int_eq(sxe_itest_tls_request(httpd.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5.0),
                     200); /* after the probe's end was read: the counters below include it */
    ck_assert_int_eq(tls_counter("handshake_failures"), 3);
    ck_assert_int_eq(sxe_itest_tls_request(httpd.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5.0),
                     200);
    httpd_stop();
}
END_TEST

START_TEST(test_a_client_that_stalls_in_its_handshake_is_closed_after_the_timeout)
{
    static const char *const extra[] = {"-t", "1", NULL};
    double start;
    int fd;

    httpd_start("server", extra);
    ck_assert_int_ge(fd = sxe_itest_connect(httpd.port), 0);
    ck_assert(sxe_itest_send(fd, "\x16\x03\x01\x02\x00\x01", 6)); /* the start of a ClientHello, then nothing */
    start = sxe_itest_now();
    ck_assert(sxe_itest_wait_closed(fd, 10.0 * sxe_itest_time_scale()));
    ck_assert_msg(sxe_itest_now() - start >= 0.5, "closed after %.3f s, before the 1 s timeout",
                  sxe_itest_now() - start);
    close(fd);
    ck_assert_int_eq(tls_counter("handshake_timeouts"), 1);
    httpd_stop();
}
END_TEST

START_TEST(test_a_renegotiation_is_refused_and_httpd_keeps_serving)
{
    sxe_itest_require_tool("openssl", "openssl");
    httpd_start("server", NULL);
    shell("(sleep 0.5; echo R; sleep 1) | openssl s_client -connect 127.0.0.1:%d -tls1_2", httpd.port);
    ASSERT_OUT_HAS("RENEGOTIATING");
    ASSERT_OUT_HAS("no renegotiation");
    ck_assert_int_eq(sxe_itest_tls_request(httpd.port, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5.0),
                     200);
    httpd_stop();
}
END_TEST

START_TEST(test_https_on_a_second_port_leaves_plain_http_on_the_first)
{
    char portfile[SXE_ITEST_PATH_MAX + 32];
    const char *extra[] = {"--tls-port", "0", "--tls-portfile", portfile, NULL};
    FILE *in;
    int tls_port = 0;

    sxe_itest_require_tool("curl", "curl");
    snprintf(portfile, sizeof(portfile), "/tmp/test-httpd-tls-port-%d", (int)getpid());
    httpd_start("server", extra);
    ck_assert_ptr_nonnull(in = fopen(portfile, "r"));
    ck_assert_int_eq(fscanf(in, "%d", &tls_port), 1);
    fclose(in);
    unlink(portfile);
    ck_assert_int_eq(shell("curl -sS http://127.0.0.1:%d/", httpd.port), 0);
    ASSERT_OUT_HAS("Hello World");
    ck_assert_int_eq(shell("curl -sS --cacert %s https://localhost:%d/", file("ca.pem"), tls_port), 0);
    ASSERT_OUT_HAS("Hello World");
    httpd_stop();
}
END_TEST

START_TEST(test_a_file_larger_than_the_bounce_buffer_goes_over_tls_byte_for_byte)
{
    static const char *extra[] = {"-r", NULL, NULL};
    char docroot[SXE_ITEST_PATH_MAX + 32];
    char path[SXE_ITEST_PATH_MAX + 64];
    FILE *big;

    sxe_itest_require_tool("curl", "curl");
    snprintf(docroot, sizeof(docroot), "/tmp/test-httpd-tls-docroot-%d", (int)getpid());
    ck_assert_int_eq(mkdir(docroot, 0700), 0);
    snprintf(path, sizeof(path), "%s/big.bin", docroot);
    ck_assert_ptr_nonnull(big = fopen(path, "w"));

    for (unsigned i = 0; i < 300000; i++) { /* 1.2 MB: many records, and bounce buffers full */
        fprintf(big, "%07u\n", i);
    }

    fclose(big);
    extra[1] = docroot;
    httpd_start("server", extra);
    ck_assert_int_eq(shell("curl -sS --cacert %s https://localhost:%d/big.bin | cmp - %s && echo same", file("ca.pem"),
                           httpd.port, path),
                     0);
    ASSERT_OUT_HAS("same");
    httpd_stop();
    unlink(path);
    rmdir(docroot);
}
END_TEST

START_TEST(test_range_a_conditional_request_and_the_access_log_work_over_tls)
{
    static const char *extra[] = {"-r", NULL, "-a", NULL, NULL};
    char docroot[SXE_ITEST_PATH_MAX + 32];
    char path[SXE_ITEST_PATH_MAX + 64];
    char log[SXE_ITEST_PATH_MAX + 64];
    char etag[128];
    char *start;
    FILE *small;

    sxe_itest_require_tool("curl", "curl");
    snprintf(docroot, sizeof(docroot), "/tmp/test-httpd-tls-files-%d", (int)getpid());
    snprintf(log, sizeof(log), "%s.log", docroot);
    ck_assert_int_eq(mkdir(docroot, 0700), 0);
    snprintf(path, sizeof(path), "%s/a.txt", docroot);
    ck_assert_ptr_nonnull(small = fopen(path, "w"));
    fputs("0123456789", small);
    fclose(small);
    extra[1] = docroot;
    extra[3] = log;
    httpd_start("server", extra);
    ck_assert_int_eq(shell("curl -sS -i -r 2-4 --cacert %s https://localhost:%d/a.txt", file("ca.pem"), httpd.port), 0);
    ASSERT_OUT_HAS("HTTP/1.1 206 Partial Content");
    ASSERT_OUT_HAS("Content-Range: bytes 2-4/10");
    ASSERT_OUT_HAS("\r\n\r\n234");
    ck_assert_msg((start = strstr(out, "ETag: ")) != NULL, "no ETag in:\n%s", out);
    snprintf(etag, sizeof(etag), "%.*s", (int)strcspn(start + 6, "\r\n"), start + 6);
    ck_assert_int_eq(shell("curl -sS -i -H 'If-None-Match: %s' --cacert %s https://localhost:%d/a.txt", etag,
                           file("ca.pem"), httpd.port),
                     0);
    ASSERT_OUT_HAS("HTTP/1.1 304 Not Modified");
    httpd_stop(); /* the access log is complete once httpd has stopped */
    ck_assert_int_eq(shell("cat %s", log), 0);
    ASSERT_OUT_HAS("\"GET /a.txt HTTP/1.1\" 206 3");
    ASSERT_OUT_HAS("\"GET /a.txt HTTP/1.1\" 304 0");
    unlink(log);
    unlink(path);
    rmdir(docroot);
}
END_TEST

START_TEST(test_the_load_generator_over_https_reports_the_version_the_cipher_and_resumed_handshakes)
{
    char url[128];
    const char *argv[] = {"http", "-j", "-q", "-c", "4", "-n", "5", "-k", "--cacert", NULL, url, NULL, NULL};

    httpd_start("server", NULL);
    snprintf(url, sizeof(url), "https://localhost:%d/", httpd.port);
    argv[9] = file("ca.pem");
    ck_assert_msg(sxe_itest_run_program(&run, argv, RUN_TIMEOUT) == 0, "http failed: %s\n%s", run.out, run.err);
    ck_assert_msg(strstr(run.out, "\"version\":\"TLSv1.3\"") != NULL, "no TLS version in %s", run.out);
    ck_assert_int_eq(sxe_itest_json_number(run.out, "responses"), 20);
    ck_assert_int_eq(sxe_itest_json_number(run.out, "handshakes"), 20); /* -k: a connection (a handshake) each */
    ck_assert_int_ge(sxe_itest_json_number(run.out, "resumed"), 10);
    ck_assert_msg(strstr(run.err, "handshake (ms, 20)") != NULL, "no handshake times in %s", run.err);
    argv[11] = "--no-resume";
    ck_assert_msg(sxe_itest_run_program(&run, argv, RUN_TIMEOUT) == 0, "http failed: %s\n%s", run.out, run.err);
    ck_assert_int_eq(sxe_itest_json_number(run.out, "resumed"), 0);
    argv[9] = file("client.pem"); /* trusting another certificate: every handshake fails, with its reason */
    ck_assert_int_eq(sxe_itest_run_program(&run, argv, RUN_TIMEOUT), 1);
    ck_assert_msg(strstr(run.err, "certificate verify failed") != NULL, "no reason in %s", run.err);
    httpd_stop();
}
END_TEST

SXE_TEST_MAIN("httpd-tls", test_curl_gets_the_hello_page_over_tls_1_3_and_tls_1_2_with_alpn_http_1_1,
              test_openssl_s_client_sees_the_name_it_sent_alpn_and_a_certificate_that_verifies,
              test_a_client_offering_only_h2_is_refused_with_no_application_protocol,
              test_curl_refuses_a_certificate_from_an_unknown_authority_and_an_expired_one,
              test_plain_http_garbage_or_nothing_sent_to_the_tls_port_is_closed_counted_and_httpd_keeps_serving,
              test_a_client_that_stalls_in_its_handshake_is_closed_after_the_timeout,
              test_a_renegotiation_is_refused_and_httpd_keeps_serving,
              test_https_on_a_second_port_leaves_plain_http_on_the_first,
              test_a_file_larger_than_the_bounce_buffer_goes_over_tls_byte_for_byte,
              test_range_a_conditional_request_and_the_access_log_work_over_tls,
              test_the_load_generator_over_https_reports_the_version_the_cipher_and_resumed_handshakes)

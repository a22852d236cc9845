/* sxe-soak.c: the long reliability runs of `make soak` (built with cc by test/soak/run.sh; no libsxe needed).
 *
 * Usage: sxe-soak HTTPD SCENARIO   where SCENARIO is flood, slow, abrupt or descriptors.
 * Each scenario starts its own httpd (ephemeral port, killed by pid), prints its figures as "name: ..." lines and
 * one "PASS scenario" or "FAIL scenario: reason" line, and exits 0 only when it passed. The short versions of the
 * same scenarios are the Check suites test/test-reliability-*.c.
 */
#include "sxe-reliability.h"

#define SOAK_FLOOD_POOL       1000 /* httpd -c                                                          */
#define SOAK_FLOOD_ATTEMPTS   3000 /* connections opened at once                                        */
#define SOAK_FLOOD_ROUNDS     5    /* floods after the warm-up one                                      */
#define SOAK_FLOOD_HOLD       2.0  /* seconds the pool stays full after each flood                      */
#define SOAK_QUICK            1.0  /* seconds: a refused client answered later, and recovery slower, fail */
#define SOAK_SLOW_CLIENTS     500
#define SOAK_SLOW_TIMEOUT     "5" /* httpd -t for the slow clients                                     */
#define SOAK_ABRUPT_CLIENTS   200 /* clients of each abrupt kind per round                             */
#define SOAK_ABRUPT_ROUNDS    10
#define SOAK_NOFILE           64 /* httpd's descriptor limit in the descriptors scenario              */
#define SOAK_EXHAUST_ATTEMPTS 1000
#define SOAK_EXHAUST_HOLD     5.0
#define SOAK_CPU_SHARE        0.20

static int soak_failures;

static void soak_check(bool ok, const char *scenario, const char *what)
{
    if (!ok) {
        printf("FAIL %s: %s\n", scenario, what);
        soak_failures++;
    }
}

static bool soak_start(REL_SERVER *server, const char *httpd, const char *const *args)
{
    if (!rel_server_prepare(server) || !rel_server_start(server, httpd, args, 0) ||
        rel_request(server->port, REL_GET_CLOSE_REQUEST, 5.0) != 200) {
        printf("FAIL: %s did not start (log: %s)\n", httpd, server->log);
        return false;
    }

    return true;
}

static void soak_stop(REL_SERVER *server, const char *scenario)
{
    soak_check(rel_server_alive(server), scenario, "httpd died");
    soak_check(rel_server_stop(server, SIGTERM) == 0, scenario, "httpd did not exit 0 on SIGTERM");
    rel_server_cleanup(server);
}

static void soak_flood(const char *httpd)
{
    static const char *args[] = {"-c", "1000", "-t", "30", NULL};
    REL_SERVER server;
    REL_FLOOD_RESULT r;
    int round, fds_idle, fds_after;
    long rss_before, rss_after;
    double recovery;

    rel_raise_nofile(SOAK_FLOOD_ATTEMPTS * 2 + 256);

    if (!soak_start(&server, httpd, args)) {
        soak_failures++;
        return;
    }

    fds_idle = rel_settled_fd_count(server.pid);
    soak_check(rel_flood(server.port, SOAK_FLOOD_ATTEMPTS, 30, 0, &r), "flood", "warm-up flood: steady client failed");
    rss_before = rel_rss_kb(server.pid);
    printf("flood: httpd -c %d, idle: %d descriptors, VmRSS %ld kB after a warm-up flood\n", SOAK_FLOOD_POOL, fds_idle,
           rss_before);

    for (round = 1; round <= SOAK_FLOOD_ROUNDS; round++) {
        soak_check(rel_flood(server.port, SOAK_FLOOD_ATTEMPTS, 30, SOAK_FLOOD_HOLD, &r), "flood",
                   "steady client not served");
        printf("flood round %d: %u attempts: %u served, %u refused with 503, %u closed, %u other, %u connect failures, "
               "%u unanswered; refused answered in %.3f s at most (%.3f s average); steady client %u requests, %u "
               "failures\n",
               round, r.attempts, r.served, r.refused_503, r.closed, r.other_status, r.connect_failed, r.unanswered,
               r.refused_max, r.refused_avg, r.steady_requests, r.steady_failures);
        soak_check(r.steady_failures == 0 && r.steady_requests > 0, "flood", "the steady client saw a failure");
        soak_check(r.unanswered == 0 && r.other_status == 0 && r.connect_failed == 0, "flood", "a flood client hung");
        soak_check(r.refused_max < SOAK_QUICK, "flood", "a refused client waited a second or more");
        soak_check(r.served <= SOAK_FLOOD_POOL, "flood", "more connections served than the pool holds");
        recovery = rel_recovery_seconds(server.port, SOAK_FLOOD_POOL, 10);
        fds_after = rel_wait_fd_count(server.pid, fds_idle, 5.0);
        rss_after = rel_rss_kb(server.pid);
        printf("flood round %d: full pool (%d concurrent requests) served again %.3f s after the flood; descriptors "
               "%d -> %d; VmRSS %ld -> %ld kB\n",
               round, SOAK_FLOOD_POOL, recovery, fds_idle, fds_after, rss_before, rss_after);
        soak_check(recovery >= 0 && recovery < SOAK_QUICK, "flood", "full service did not return within a second");
        soak_check(fds_after == fds_idle, "flood", "descriptor count changed");
        soak_check(rss_after == rss_before, "flood", "VmRSS changed");
    }

    soak_stop(&server, "flood");
}

static void soak_slow(const char *httpd)
{
    static const char *args[] = {"-c", "1000", "-t", SOAK_SLOW_TIMEOUT, NULL};
    REL_SERVER server;
    REL_SLOW_RESULT r;
    int fds_idle, fds_after;

    rel_raise_nofile(4096);

    if (!soak_start(&server, httpd, args)) {
        soak_failures++;
        return;
    }

    fds_idle = rel_settled_fd_count(server.pid);
    rel_slow(server.port, SOAK_SLOW_CLIENTS, 60, &r);
    fds_after = rel_wait_fd_count(server.pid, fds_idle, 5.0);
    printf("slow: %u connections at one byte a second, head timeout %s s: %u got 408 and a close, %u another answer, "
           "%u still open; closed after %.2f .. %.2f s; normal client meanwhile: %u requests, %u failures; descriptors "
           "%d -> %d\n",
           r.slow, SOAK_SLOW_TIMEOUT, r.slow_408, r.slow_other, r.slow_open, r.slow_min, r.slow_max, r.normal_requests,
           r.normal_failures, fds_idle, fds_after);
    soak_check(r.slow_408 == SOAK_SLOW_CLIENTS, "slow", "not every slow client got 408 and a close");
    soak_check(r.normal_failures == 0 && r.normal_requests > 0, "slow", "a normal client failed");
    soak_check(fds_after == fds_idle, "slow", "descriptor count changed");
    soak_stop(&server, "slow");
}

static bool soak_docroot(const char *docroot)
{
    char path[REL_PATH_MAX + 32];
    char block[65536];
    FILE *f;
    int i;

    memset(block, 'x', sizeof(block));
    snprintf(path, sizeof(path), "%s/big.bin", docroot);

    if (mkdir(docroot, 0755) != 0 || (f = fopen(path, "w")) == NULL) {
        return false;
    }

    for (i = 0; i < 256; i++) { /* 16 MB */
        fwrite(block, 1, sizeof(block), f);
    }

    fclose(f);
    snprintf(path, sizeof(path), "%s/index.html", docroot);

    if ((f = fopen(path, "w")) == NULL) {
        return false;
    }

    fputs("<html><body>soak</body></html>\n", f);
    fclose(f);
    return true;
}

static long soak_open_objects(REL_SERVER *server)
{
    char line[4096];
    const char *p;
    unsigned before = rel_server_log_count(server, "counters (SIGUSR1)");
    int i;

    kill(server->pid, SIGUSR1);

    for (i = 0; i < 100; i++) {
        rel_sleep(0.02);

        if (rel_server_log_count(server, "counters (SIGUSR1)") > before &&
            rel_server_log_find(server, "counters (SIGUSR1)", line, sizeof(line)) &&
            (p = strstr(line, " open=")) != NULL) {
            return strtol(p + 6, NULL, 10);
        }
    }

    return -1;
}

static void soak_abrupt(const char *httpd)
{
    const char *args[] = {"-c", "1000", "-t", "10", "-r", NULL, NULL};
    char docroot[REL_PATH_MAX];
    REL_SERVER server;
    REL_ABRUPT_RESULT r;
    int round, fds_idle, fds_after;
    long open_idle, open_after;

    rel_raise_nofile(4096);

    if (!rel_server_prepare(&server)) {
        soak_failures++;
        return;
    }

    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    args[5] = docroot;

    if (!soak_docroot(docroot) || !rel_server_start(&server, httpd, args, 0)) {
        printf("FAIL abrupt: httpd did not start (log: %s)\n", server.log);
        soak_failures++;
        return;
    }

    fds_idle = rel_settled_fd_count(server.pid);
    open_idle = soak_open_objects(&server);

    for (round = 1; round <= SOAK_ABRUPT_ROUNDS; round++) {
        rel_abrupt(server.port, SOAK_ABRUPT_CLIENTS, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n", &r);
        printf("abrupt round %d: %u reset mid-request; %u closed mid-response (%u had the head); %u half-closed, %u "
               "served\n",
               round, r.reset_mid_request, r.closed_mid_response, r.mid_response_headers, r.half_closed,
               r.half_closed_served);
        soak_check(r.half_closed_served == r.half_closed, "abrupt", "a half-closed client was not served");
        soak_check(r.mid_response_headers == r.closed_mid_response, "abrupt", "a big response did not start");
        soak_check(rel_request(server.port, REL_GET_CLOSE_REQUEST, 5.0) == 200, "abrupt", "service stopped");
    }

    fds_after = rel_wait_fd_count(server.pid, fds_idle, 15.0);
    open_after = soak_open_objects(&server);
    printf("abrupt: descriptors %d -> %d; open objects in httpd's counters (listener included) %ld -> %ld\n", fds_idle,
           fds_after, open_idle, open_after);
    soak_check(fds_after == fds_idle, "abrupt", "descriptor count changed");
    soak_check(open_after == open_idle && open_idle >= 0, "abrupt", "open objects changed");
    soak_stop(&server, "abrupt");
}

static void soak_descriptors(const char *httpd)
{
    static const char *args[] = {"-c", "1000", "-t", "30", NULL};
    REL_SERVER server;
    REL_EXHAUST_RESULT r;
    int fds_idle, fds_after;
    double recovery;

    rel_raise_nofile(4096);

    if (!soak_start(&server, httpd, args)) {
        soak_failures++;
        return;
    }

    fds_idle = rel_settled_fd_count(server.pid);
    soak_check(rel_set_nofile(server.pid, SOAK_NOFILE), "descriptors", "prlimit failed");
    rel_exhaust(server.port, server.pid, SOAK_EXHAUST_ATTEMPTS, SOAK_EXHAUST_HOLD, &r);
    printf("descriptors: limit %d, pool 1000, %u connections held %.2f s: %u served, %u refused with 503, %u closed, "
           "%u waiting; httpd CPU %.1f%% of one core\n",
           SOAK_NOFILE, r.attempts, r.hold, r.served, r.refused_503, r.closed, r.waiting, r.cpu_share * 100);
    soak_check(r.served > 0 && r.served <= SOAK_NOFILE, "descriptors", "served count out of range");
    soak_check(r.cpu_share < SOAK_CPU_SHARE, "descriptors", "httpd busy while out of descriptors");
    recovery = rel_recovery_seconds(server.port, (unsigned)(SOAK_NOFILE - fds_idle - 4), 10);
    fds_after = rel_wait_fd_count(server.pid, fds_idle, 5.0);
    printf("descriptors: %d concurrent requests served again %.3f s after the clients left; descriptors %d -> %d\n",
           SOAK_NOFILE - fds_idle - 4, recovery, fds_idle, fds_after);
    soak_check(recovery >= 0, "descriptors", "service did not return");
    soak_check(fds_after == fds_idle, "descriptors", "descriptor count changed");
    soak_stop(&server, "descriptors");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: sxe-soak HTTPD flood|slow|abrupt|descriptors\n");
        return 2;
    }

    setvbuf(stdout, NULL, _IOLBF, 0);

    if (strcmp(argv[2], "flood") == 0) {
        soak_flood(argv[1]);
    } else if (strcmp(argv[2], "slow") == 0) {
        soak_slow(argv[1]);
    } else if (strcmp(argv[2], "abrupt") == 0) {
        soak_abrupt(argv[1]);
    } else if (strcmp(argv[2], "descriptors") == 0) {
        soak_descriptors(argv[1]);
    } else {
        fprintf(stderr, "unknown scenario %s\n", argv[2]);
        return 2;
    }

    if (soak_failures == 0) {
        printf("PASS %s\n", argv[2]);
    }

    return soak_failures == 0 ? 0 : 1;
}

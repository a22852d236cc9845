/* sxe-soak.c: the long reliability runs of `make soak`, which builds it like the integration tests (linked with the
 * harness, test/sxe-itest.c) and runs it through the suite runner, .ci/run-tests.
 *
 * Usage: sxe-soak [SCENARIO...]   SCENARIO: flood, slow, abrupt or descriptors; default $SOAK_SCENARIOS, or all four.
 * httpd is taken from $SXE_BIN_DIR (default build/release/bin). Each scenario starts its own httpd (ephemeral port,
 * stopped by pid), prints its figures as "name: ..." lines, every failed check as "FAIL scenario: reason", and
 * "PASS scenario" when it passed. The last line is the runner's totals line, "sxe-soak: N passed, M failed,
 * 0 skipped" (one per scenario); the exit status is 0 only when every scenario passed. The short versions of the same
 * scenarios are the Check suites test/test-reliability-*.c.
 */
#include <signal.h>
#include <sys/stat.h>

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

static bool soak_start(SXE_ITEST_SERVER *server, const char *scenario, const char *const *args)
{
    if (!sxe_itest_prepare(server) || !sxe_itest_start_prepared(server, "httpd", args) ||
        rel_request(server->port, REL_GET_CLOSE_REQUEST, 5.0) != 200) {
        printf("FAIL %s: httpd did not start or did not answer (its log is kept: %s)\n", scenario, server->log);
        sxe_itest_stop(server, SIGKILL, 1);
        return false;
    }

    return true;
}

static void soak_stop(SXE_ITEST_SERVER *server, const char *scenario)
{
    soak_check(sxe_itest_alive(server), scenario, "httpd died");
    soak_check(sxe_itest_stop(server, SIGTERM, REL_STOP_TIMEOUT) == 0, scenario, "httpd did not exit 0 on SIGTERM");
    sxe_itest_cleanup(server);
}

static void soak_flood(void)
{
    static const char *args[] = {"-c", "1000", "-t", "30", NULL};
    SXE_ITEST_SERVER server;
    REL_FLOOD_RESULT r;
    int round, fds_idle, fds_after;
    long rss_before, rss_after;
    double recovery;

    sxe_itest_raise_nofile(SOAK_FLOOD_ATTEMPTS * 2 + 256);

    if (!soak_start(&server, "flood", args)) {
        soak_failures++;
        return;
    }

    fds_idle = sxe_itest_settled_fd_count(server.pid);
    soak_check(rel_flood(server.port, SOAK_FLOOD_ATTEMPTS, 30, 0, &r), "flood", "warm-up flood: steady client failed");
    rss_before = sxe_itest_vmrss_kb(server.pid);
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
        fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0);
        rss_after = sxe_itest_vmrss_kb(server.pid);
        printf("flood round %d: full pool (%d concurrent requests) served again %.3f s after the flood; descriptors "
               "%d -> %d; VmRSS %ld -> %ld kB\n",
               round, SOAK_FLOOD_POOL, recovery, fds_idle, fds_after, rss_before, rss_after);
        soak_check(recovery >= 0 && recovery < SOAK_QUICK, "flood", "full service did not return within a second");
        soak_check(fds_after == fds_idle, "flood", "descriptor count changed");
        soak_check(rss_after == rss_before, "flood", "VmRSS changed");
    }

    soak_stop(&server, "flood");
}

static void soak_slow(void)
{
    static const char *args[] = {"-c", "1000", "-t", SOAK_SLOW_TIMEOUT, NULL};
    SXE_ITEST_SERVER server;
    REL_SLOW_RESULT r;
    int fds_idle, fds_after;

    sxe_itest_raise_nofile(4096);

    if (!soak_start(&server, "slow", args)) {
        soak_failures++;
        return;
    }

    fds_idle = sxe_itest_settled_fd_count(server.pid);
    rel_slow(server.port, SOAK_SLOW_CLIENTS, 60, &r);
    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0);
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
    char path[SXE_ITEST_PATH_MAX + 32];
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

static long soak_open_objects(SXE_ITEST_SERVER *server)
{
    char line[4096];
    const char *p;
    unsigned before = sxe_itest_log_count(server, "counters (SIGUSR1)");
    int i;

    kill(server->pid, SIGUSR1);

    for (i = 0; i < 100; i++) {
        sxe_itest_sleep(0.02);

        if (sxe_itest_log_count(server, "counters (SIGUSR1)") > before &&
            sxe_itest_log_find(server, "counters (SIGUSR1)", line, sizeof(line)) &&
            (p = strstr(line, " open=")) != NULL) {
            return strtol(p + 6, NULL, 10);
        }
    }

    return -1;
}

static void soak_abrupt(void)
{
    const char *args[] = {"-c", "1000", "-t", "10", "-r", NULL, NULL};
    char docroot[SXE_ITEST_PATH_MAX];
    SXE_ITEST_SERVER server;
    REL_ABRUPT_RESULT r;
    int round, fds_idle, fds_after;
    long open_idle, open_after;

    sxe_itest_raise_nofile(4096);

    if (!sxe_itest_prepare(&server)) {
        soak_failures++;
        return;
    }

    snprintf(docroot, sizeof(docroot), "%s/docroot", server.dir);
    args[5] = docroot;

    if (!soak_docroot(docroot) || !sxe_itest_start_prepared(&server, "httpd", args)) {
        printf("FAIL abrupt: httpd did not start (its log is kept: %s)\n", server.log);
        soak_failures++;
        return;
    }

    fds_idle = sxe_itest_settled_fd_count(server.pid);
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

    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 15.0);
    open_after = soak_open_objects(&server);
    printf("abrupt: descriptors %d -> %d; open objects in httpd's counters (listener included) %ld -> %ld\n", fds_idle,
           fds_after, open_idle, open_after);
    soak_check(fds_after == fds_idle, "abrupt", "descriptor count changed");
    soak_check(open_after == open_idle && open_idle >= 0, "abrupt", "open objects changed");
    soak_stop(&server, "abrupt");
}

static void soak_descriptors(void)
{
    static const char *args[] = {"-c", "1000", "-t", "30", NULL};
    SXE_ITEST_SERVER server;
    REL_EXHAUST_RESULT r;
    int fds_idle, fds_after;
    double recovery;

    sxe_itest_raise_nofile(4096);

    if (!soak_start(&server, "descriptors", args)) {
        soak_failures++;
        return;
    }

    fds_idle = sxe_itest_settled_fd_count(server.pid);
    soak_check(sxe_itest_set_nofile(server.pid, SOAK_NOFILE), "descriptors", "prlimit failed");
    rel_exhaust(server.port, server.pid, SOAK_EXHAUST_ATTEMPTS, SOAK_EXHAUST_HOLD, &r);
    printf("descriptors: limit %d, pool 1000, %u connections held %.2f s: %u served, %u refused with 503, %u closed, "
           "%u waiting; httpd CPU %.1f%% of one core\n",
           SOAK_NOFILE, r.attempts, r.hold, r.served, r.refused_503, r.closed, r.waiting, r.cpu_share * 100);
    soak_check(r.served > 0 && r.served <= SOAK_NOFILE, "descriptors", "served count out of range");
    soak_check(r.cpu_share < SOAK_CPU_SHARE, "descriptors", "httpd busy while out of descriptors");
    recovery = rel_recovery_seconds(server.port, (unsigned)(SOAK_NOFILE - fds_idle - 4), 10);
    fds_after = sxe_itest_wait_fd_count(server.pid, fds_idle, 5.0);
    printf("descriptors: %d concurrent requests served again %.3f s after the clients left; descriptors %d -> %d\n",
           SOAK_NOFILE - fds_idle - 4, recovery, fds_idle, fds_after);
    soak_check(recovery >= 0, "descriptors", "service did not return");
    soak_check(fds_after == fds_idle, "descriptors", "descriptor count changed");
    soak_stop(&server, "descriptors");
}

static const struct {
    const char *name;
    void (*run)(void);
} soak_scenarios[] = {
    {"flood", soak_flood}, {"slow", soak_slow}, {"abrupt", soak_abrupt}, {"descriptors", soak_descriptors}};

/* Run the scenario called name. Returns false when it failed or does not exist. */
static bool soak_run(const char *name)
{
    int failures_before = soak_failures;

    for (unsigned i = 0; i < sizeof(soak_scenarios) / sizeof(soak_scenarios[0]); i++) {
        if (strcmp(name, soak_scenarios[i].name) == 0) {
            printf("== soak: %s\n", name);
            soak_scenarios[i].run();
            printf("%s %s\n", soak_failures == failures_before ? "PASS" : "FAIL", name);
            return soak_failures == failures_before;
        }
    }

    printf("FAIL %s: no such scenario (flood, slow, abrupt, descriptors)\n", name);
    return false;
}

int main(int argc, char **argv)
{
    const char *listed = getenv("SOAK_SCENARIOS");
    char names[256];
    unsigned passed = 0, failed = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    snprintf(names, sizeof(names), "%s",
             listed != NULL && listed[0] != '\0' ? listed : "flood slow abrupt descriptors");

    if (argc > 1) {
        for (int i = 1; i < argc; i++) {
            soak_run(argv[i]) ? passed++ : failed++;
        }
    } else {
        for (char *save, *name = strtok_r(names, " ,", &save); name != NULL; name = strtok_r(NULL, " ,", &save)) {
            soak_run(name) ? passed++ : failed++;
        }
    }

    printf("%s: %u passed, %u failed, 0 skipped\n", program_invocation_short_name, passed, failed);
    return failed == 0 && passed > 0 ? 0 : 1;
}

/* test-sxe-fork.c: multi-process daemons: N workers, each with its own pool and loop, accept on one port
 * through SO_REUSEPORT listeners created after fork.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sxe-test.h"
#include "../../test/sxe-check.h"

#define WORKERS 2
#define CLIENTS 64

static void worker_read(SXE *this, int length)
{
    char reply[32];
    int n = snprintf(reply, sizeof(reply), "%d\n", getpid());

    (void)length;
    sxe_write(this, reply, (unsigned)n);
    sxe_close(this);
}

/* The worker: its own objects and loop, its own SO_REUSEPORT listener on the shared port. */
static void worker(unsigned short port, int ready_fd)
{
    signal(SIGTERM, SIG_DFL); /* Check's runner handler would forward SIGTERM to the whole process group */
    signal(SIGINT, SIG_DFL);
    ev_loop_fork(EV_DEFAULT); /* the parent created the default loop: the child must not share its epoll set */
    sxe_register(CLIENTS + 1, 0);
    ck_assert_int_eq(sxe_init(), SXE_RETURN_OK);
    SXE *listener = sxe_new_tcp(NULL, "127.0.0.1", port, NULL, worker_read, NULL);

    if (sxe_listen_plus(listener, SXE_LISTEN_FLAG_REUSEPORT) != SXE_RETURN_OK) {
        _exit(2);
    }

    ck_assert_int_eq(write(ready_fd, "r", 1), 1);
    close(ready_fd);
    ev_run(EV_DEFAULT, 0);
    _exit(0);
}

START_TEST(test_workers_share_a_port_with_reuseport)
{
    pid_t pids[WORKERS];
    int ready[2];
    char buf[32];
    bool eof;
    int seen[WORKERS] = {0};

    /* the parent reserves the port with a REUSEPORT listener of its own, then gives it up once workers listen */
    sxe_test_init(1, 0);
    SXE *placeholder = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, worker_read, NULL);
    ck_assert_int_eq(sxe_listen_plus(placeholder, SXE_LISTEN_FLAG_REUSEPORT), SXE_RETURN_OK);
    unsigned short port = SXE_LOCAL_PORT(placeholder);
    sxe_close(placeholder);
    sxe_fini();
    ck_assert_int_eq(pipe(ready), 0);

    for (unsigned i = 0; i < WORKERS; i++) {
        if ((pids[i] = fork()) == 0) {
            close(ready[0]);
            worker(port, ready[1]);
        }

        ck_assert_int_gt(pids[i], 0);
    }

    close(ready[1]);

    for (unsigned i = 0; i < WORKERS; i++) {
        ck_assert_int_eq(read(ready[0], buf, 1), 1);
    }

    close(ready[0]);
    sxe_test_init(1, 0); /* for the loop-driving helpers */

    for (unsigned i = 0; i < CLIENTS; i++) {
        int fd = sxe_test_connect("127.0.0.1", port);
        ck_assert_int_eq(write(fd, "who", 3), 3);
        ssize_t n = sxe_test_read(fd, buf, sizeof(buf) - 1, 5.0, &eof);
        ck_assert_int_gt(n, 0);
        buf[n] = '\0';
        pid_t pid = atoi(buf);

        for (unsigned w = 0; w < WORKERS; w++) {
            seen[w] += pid == pids[w];
        }

        close(fd);
    }

    for (unsigned w = 0; w < WORKERS; w++) {
        ck_assert_int_gt(seen[w], 0); /* every worker served some (2^-63 chance of a false failure) */
        kill(pids[w], SIGTERM);
        int status;
        ck_assert_int_eq(waitpid(pids[w], &status, 0), pids[w]);
    }

    ck_assert_int_eq(seen[0] + seen[1], CLIENTS);
    sxe_test_fini();
}
END_TEST

SXE_TEST_MAIN("sxe-fork", test_workers_share_a_port_with_reuseport)

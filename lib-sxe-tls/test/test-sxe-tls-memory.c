/* test-sxe-tls-memory.c: the fixed memory of TLS: the arena allocator itself (alignment, merging, exhaustion,
 * reallocation, a random workload against a model), what a connection and a handshake take of it (within the
 * constants sxe_tls_init() sizes the arena with), handshakes in turns (a server's asked for once its client spoke),
 * refusal when every TLS slot is taken, an arena too small failing only its connections, and RSS that does not grow
 * under a full pool of TLS connections.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sxe-tls-test.h"

#if defined(__SANITIZE_ADDRESS__)
#define MEMORY_RSS_CHECKED 0 /* ASan's allocator and shadow memory move RSS on their own */
#else
#define MEMORY_RSS_CHECKED 1
#endif

#define ARENA_TEST_BYTES (1 << 20)
#define ARENA_TEST_SLOTS 4096

/* ---- the arena ----------------------------------------------------------------------------------------------- */

START_TEST(arena_blocks_are_16_byte_aligned_exhaustion_fails_and_counts_and_freeing_all_merges_them_back)
{
    SXE_TLS_ARENA *arena = sxe_tls_arena_new(ARENA_TEST_BYTES);
    static void *blocks[ARENA_TEST_SLOTS];
    SXE_TLS_ARENA_USAGE usage;
    unsigned count = 0;
    void *whole;

    ck_assert_ptr_nonnull(arena);
    srandom(1);

    while (count < ARENA_TEST_SLOTS && (blocks[count] = sxe_tls_arena_malloc(arena, 1 + random() % 3000)) != NULL) {
        ck_assert_uint_eq((uintptr_t)blocks[count] % 16, 0);
        memset(blocks[count++], 0x5a, 1); /* writable */
    }

    ck_assert_uint_lt(count, ARENA_TEST_SLOTS); /* it ran out */
    sxe_tls_arena_usage(arena, &usage);
    ck_assert_uint_eq(usage.failures, 1);
    ck_assert_uint_eq(usage.blocks, count);
    ck_assert_uint_gt(usage.used, ARENA_TEST_BYTES - 4000); /* nearly all of it is used */

    for (unsigned i = 0; i < count; i++) { /* in an order that is not the order of allocation */
        unsigned j = (unsigned)random() % count;
        void *swap = blocks[i];

        blocks[i] = blocks[j];
        blocks[j] = swap;
    }

    for (unsigned i = 0; i < count; i++) {
        sxe_tls_arena_free(arena, blocks[i]);
    }

    sxe_tls_arena_usage(arena, &usage);
    ck_assert_uint_eq(usage.used, 0);
    ck_assert_uint_eq(usage.blocks, 0);
    ck_assert_ptr_nonnull(whole = sxe_tls_arena_malloc(arena, ARENA_TEST_BYTES * 15 / 16)); /* one block again */
    sxe_tls_arena_free(arena, whole);
    sxe_tls_arena_delete(arena);
}
END_TEST

START_TEST(arena_reallocation_keeps_the_bytes_grows_in_place_when_it_can_and_moves_when_it_must)
{
    SXE_TLS_ARENA *arena = sxe_tls_arena_new(ARENA_TEST_BYTES);
    char *block = sxe_tls_arena_malloc(arena, 100);
    char *fence;
    char *grown;

    memcpy(block, "0123456789", 10);
    grown = sxe_tls_arena_realloc(arena, block, 5000); /* the rest of the arena follows it: in place */
    ck_assert_ptr_eq(grown, block);
    ck_assert_int_eq(memcmp(grown, "0123456789", 10), 0);
    fence = sxe_tls_arena_malloc(arena, 16);           /* right after it */
    grown = sxe_tls_arena_realloc(arena, block, 9000); /* cannot grow in place any more: moves */
    ck_assert_ptr_ne(grown, block);
    ck_assert_int_eq(memcmp(grown, "0123456789", 10), 0);
    ck_assert_ptr_eq(sxe_tls_arena_realloc(arena, grown, 10), grown); /* shrinking keeps the block */
    sxe_tls_arena_free(arena, grown);
    sxe_tls_arena_free(arena, fence);
    sxe_tls_arena_delete(arena);
}
END_TEST

/* A random workload shaped like OpenSSL's (mostly small blocks, a few record buffers), each block filled with its own
 * byte and checked before it goes: a block overlapping another, or a merge gone wrong, shows.
 */
START_TEST(arena_random_workload_keeps_every_block_intact)
{
    SXE_TLS_ARENA *arena = sxe_tls_arena_new(8 * ARENA_TEST_BYTES);
    static struct {
        unsigned char *bytes;
        size_t size;
    } blocks[ARENA_TEST_SLOTS];
    static unsigned char expected[20000];
    SXE_TLS_ARENA_USAGE usage;

    srandom(2);

    for (unsigned step = 0; step < 100000; step++) {
        unsigned i = (unsigned)random() % ARENA_TEST_SLOTS;
        size_t size = random() % 16 == 0 ? 16000 + (size_t)random() % 2000 : 1 + (size_t)random() % 300;

        if (blocks[i].bytes != NULL) {
            memset(expected, (unsigned char)i, blocks[i].size);
            ck_assert_int_eq(memcmp(blocks[i].bytes, expected, blocks[i].size), 0);
        }

        if (blocks[i].bytes != NULL && random() % 3 == 0) {
            void *moved = sxe_tls_arena_realloc(arena, blocks[i].bytes, size);

            if (moved != NULL) {
                memset((char *)moved + (blocks[i].size < size ? blocks[i].size : size), (unsigned char)i,
                       size > blocks[i].size ? size - blocks[i].size : 0);
                blocks[i].bytes = moved;
                blocks[i].size = size;
            }
        } else if (blocks[i].bytes != NULL) {
            sxe_tls_arena_free(arena, blocks[i].bytes);
            blocks[i].bytes = NULL;
        } else if ((blocks[i].bytes = sxe_tls_arena_malloc(arena, size)) != NULL) {
            blocks[i].size = size;
            memset(blocks[i].bytes, (unsigned char)i, size);
        }
    }

    for (unsigned i = 0; i < ARENA_TEST_SLOTS; i++) {
        sxe_tls_arena_free(arena, blocks[i].bytes);
    }

    sxe_tls_arena_usage(arena, &usage);
    ck_assert_uint_eq(usage.used, 0);
    sxe_tls_arena_delete(arena);
}
END_TEST

/* ---- connections in the arena ---------------------------------------------------------------------------------- */

static SXE_TLS_CONTEXT *context;

static void arena_used(size_t *used, size_t *peak)
{
    SXE_TLS_COUNTERS counters;

    sxe_tls_get_counters(&counters);
    *used = counters.memory_used;
    *peak = counters.memory_peak;
}

START_TEST(a_connection_and_a_handshake_take_no_more_of_the_arena_than_tls_reserves_for_them)
{
    size_t used, peak, idle;
    SXE *listener;
    SXE *client;

    for (unsigned version = SXE_TLS_VERSION_1_2; version <= SXE_TLS_VERSION_1_3; version++) {
        tls_test_init(4, 0, 2, 0);
        context = tls_test_context("server");
        ck_assert_int_eq(sxe_tls_context_set_versions(context, version, version), SXE_RETURN_OK);
        arena_used(&used, &peak);
        ck_assert_uint_eq(used, 0);
        listener = tls_test_listen(context);
        client = tls_test_connect(context, "localhost", SXE_LOCAL_PORT(listener));
        ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1 && tls_test_accepted != NULL, 5.0));
        ck_assert_int_eq(sxe_write(client, "GET / HTTP/1.1\r\n\r\n", 18), SXE_RETURN_OK);
        ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(tls_test_accepted)].length == 18, 5.0));
        ck_assert_int_eq(sxe_write(tls_test_accepted, "HTTP/1.1 200 OK\r\n\r\n", 19), SXE_RETURN_OK);
        ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].length == 19, 5.0));
        arena_used(&idle, &peak);
        fprintf(stderr,
                "test-sxe-tls-memory: TLS 1.%u, a client and a server: %zu bytes of the arena held between "
                "requests, %zu at the peak of their handshakes (reserved: %u per connection, %u per handshake)\n",
                version - 0x0301, idle, peak, SXE_TLS_CONNECTION_BYTES, SXE_TLS_HANDSHAKE_BYTES);
        ck_assert_uint_le(idle, 2 * SXE_TLS_CONNECTION_BYTES);
        ck_assert_uint_le(peak, 2 * SXE_TLS_HANDSHAKE_BYTES);
        sxe_close(client);
        sxe_close(listener);
        SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0);
        arena_used(&used, &peak);
        ck_assert_uint_eq(used, 0); /* everything of theirs came back: nothing of OpenSSL's stayed in it */
        ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
        tls_test_fini();
    }
}
END_TEST

#define TURN_CLIENTS 4

/* A client in a process of its own (plain OpenSSL): connects, waits for `go`, sends its hello (the socket non-blocking
 * for that first step), writes a byte to `sent`, then handshakes to the end, sends a byte and reads one back
 * (blocking). Exits 0 when all went well.
 */
static void turn_client(unsigned short port, int go, int sent)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    int fd = tls_test_raw_connect(port);
    SSL *ssl = SSL_new(ctx);
    char byte = 'x';
    int first;

    if (read(go, &byte, 1) != 1 || SSL_set_fd(ssl, fd) != 1 || fcntl(fd, F_SETFL, O_NONBLOCK) != 0) {
        _exit(1);
    }

    first = SSL_connect(ssl); /* 1 when the server answered at once (a test whose loop runs meanwhile) */

    if ((first != 1 && SSL_get_error(ssl, first) != SSL_ERROR_WANT_READ) || write(sent, "s", 1) != 1 ||
        fcntl(fd, F_SETFL, 0) != 0 || (first != 1 && SSL_connect(ssl) != 1) || SSL_write(ssl, "x", 1) != 1 ||
        SSL_read(ssl, &byte, 1) != 1) {
        _exit(1);
    }

    _exit(byte == 'y' ? 0 : 2);
}

/* waitpid(WNOHANG) that remembers: SXE_TEST_RUN_UNTIL evaluates its condition once more at the end. */
static bool reaped(pid_t pid, int *status)
{
    static pid_t done;

    if (done != pid && waitpid(pid, status, WNOHANG) == pid) {
        done = pid;
    }

    return done == pid;
}

static unsigned turn_ends_read; /* on_read(this, 0) calls: an end of file the application saw */

static void turn_on_read(SXE *this, int length)
{
    if (length == 0) {
        turn_ends_read++;
        sxe_close(this);
        return;
    }

    sxe_write(this, "y", 1);
    sxe_buf_clear(this);
}

/* The end of a turn test: its pipes closed, its listener and context gone, TLS and lib-sxe down. */
static void turn_test_end(SXE *listener, int go[2], int sent[2])
{
    close(go[0]);
    close(go[1]);
    close(sent[0]);
    close(sent[1]);
    sxe_close(listener);
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();
}

START_TEST(handshakes_beyond_the_limit_wait_for_their_turn_oldest_first_and_all_complete)
{
    SXE_TLS_COUNTERS counters;
    SXE_COUNTERS sxe_counters;
    pid_t children[TURN_CLIENTS];
    SXE *listener;
    char hellos[TURN_CLIENTS];
    int go[2];
    int sent[2];
    int status;

    tls_test_init(TURN_CLIENTS + 1, 0, TURN_CLIENTS, 1); /* one handshake at a time */
    context = tls_test_context("server");
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, turn_on_read, NULL);
    ck_assert_int_eq(sxe_tls_enable(listener, context, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_int_eq(pipe(go), 0);
    ck_assert_int_eq(pipe(sent), 0);

    for (unsigned i = 0; i < TURN_CLIENTS; i++) {
        ck_assert_int_ge(children[i] = fork(), 0);

        if (children[i] == 0) {
            turn_client(SXE_LOCAL_PORT(listener), go[0], sent[1]);
        }
    }

    sxe_get_counters(&sxe_counters);
    ck_assert(SXE_TEST_RUN_UNTIL((sxe_get_counters(&sxe_counters), sxe_counters.accepted == TURN_CLIENTS), 10.0));
    ck_assert_int_eq(write(go[1], "gogo", TURN_CLIENTS), TURN_CLIENTS); /* every client connected: hellos now */

    for (unsigned got = 0;
         got < TURN_CLIENTS;) { /* the loop does not run: every hello is in its socket before any turn */
        ssize_t n = read(sent[0], hellos, TURN_CLIENTS - got);

        ck_assert_int_gt(n, 0);
        got += (unsigned)n;
    }

    for (unsigned i = 0; i < TURN_CLIENTS; i++) {
        ck_assert(SXE_TEST_RUN_UNTIL(reaped(children[i], &status), 10.0));
        ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "client %u failed (status 0x%x)", i, status);
    }

    sxe_tls_get_counters(&counters);
    ck_assert_uint_eq(counters.handshakes, TURN_CLIENTS);
    ck_assert_uint_eq(counters.handshakes_peak, 1);
    ck_assert_uint_eq(counters.handshakes_waited, TURN_CLIENTS - 1); /* their hellos came while the first ran */
    turn_test_end(listener, go, sent);
}
END_TEST

/* A server's connection asks for its turn only once its client has spoken: with one handshake at a time, a
 * connection that never says a word does not keep a TLS client from completing (it used to hold the turn until its
 * timeout; two libsxe processes, each waiting for a turn of its own, could stall each other). When it leaves without
 * a word, that is a failed handshake, not an end of file for the application (which has not seen it).
 */
START_TEST(a_connection_whose_client_has_not_spoken_holds_no_handshake_turn)
{
    SXE_TLS_COUNTERS counters;
    SXE_COUNTERS sxe_counters;
    SXE *listener;
    pid_t child;
    int silent;
    int go[2];
    int sent[2];
    int status;

    tls_test_init(3, 0, 2, 1); /* one handshake at a time */
    context = tls_test_context("server");
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, NULL, turn_on_read, NULL);
    sxe_set_half_close(listener, true); /* an end of file would be on_read(this, 0) */
    ck_assert_int_eq(sxe_tls_enable(listener, context, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen(listener), SXE_RETURN_OK);
    ck_assert_int_ge(silent = tls_test_raw_connect(SXE_LOCAL_PORT(listener)), 0);
    ck_assert(SXE_TEST_RUN_UNTIL((sxe_get_counters(&sxe_counters), sxe_counters.accepted == 1), 10.0));
    ck_assert_int_eq(pipe(go), 0);
    ck_assert_int_eq(pipe(sent), 0);
    ck_assert_int_ge(child = fork(), 0);

    if (child == 0) {
        turn_client(SXE_LOCAL_PORT(listener), go[0], sent[1]);
    }

    ck_assert_int_eq(write(go[1], "g", 1), 1);
    ck_assert(SXE_TEST_RUN_UNTIL(reaped(child, &status), 10.0));
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the client failed (status 0x%x)", status);
    sxe_tls_get_counters(&counters);
    ck_assert_uint_eq(counters.handshakes, 1);
    ck_assert_uint_eq(counters.handshakes_waited, 0);
    ck_assert_uint_eq(counters.handshakes_now, 0); /* the silent one is still there, in no handshake */
    ck_assert_uint_eq(counters.handshake_failures + counters.handshake_timeouts, 0);
    ck_assert(SXE_TEST_RUN_UNTIL((sxe_tls_get_counters(&counters), counters.connections_now == 1), 10.0));
    turn_ends_read = 0; /* the client's connection has ended (its end of file, in half-close mode, came to on_read) */
    close(silent);      /* it leaves without a word: a failed handshake, never an end of file the application sees */
    ck_assert(SXE_TEST_RUN_UNTIL((sxe_tls_get_counters(&counters), counters.connections_now == 0), 10.0));
    ck_assert_uint_eq(counters.handshake_failures, 1);
    ck_assert_uint_eq(turn_ends_read, 0);
    turn_test_end(listener, go, sent);
}
END_TEST

START_TEST(when_every_tls_slot_is_taken_a_new_connection_is_refused_and_counted_as_a_full_pool)
{
    SXE_TLS_COUNTERS tls_counters;
    SXE_COUNTERS counters;
    SXE *listener;
    SXE *client;
    SXE *another;
    char byte;
    bool eof = false;
    int fd;

    tls_test_init(6, 0, 2, 0);
    context = tls_test_context("server");
    listener = tls_test_listen(context);
    client = tls_test_connect(context, "localhost", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].connected == 1 && tls_test_accepted != NULL, 5.0));
    another = sxe_new_tcp(NULL, "0.0.0.0", 0, tls_test_on_connected, tls_test_on_read, tls_test_on_close);
    ck_assert_int_eq(sxe_tls_enable(another, context, "localhost"), SXE_RETURN_ERROR_POOL_EXHAUSTED);
    sxe_close(another);
    fd = tls_test_raw_connect(SXE_LOCAL_PORT(listener));
    ck_assert_int_eq(sxe_test_read(fd, &byte, 1, 5.0, &eof), 0);
    ck_assert(eof); /* accepted and closed at once */
    close(fd);
    sxe_get_counters(&counters);
    sxe_tls_get_counters(&tls_counters);
    ck_assert_uint_eq(counters.refused_pool_exhausted, 1);
    ck_assert_uint_eq(tls_counters.refused, 2);
    ck_assert_uint_eq(tls_counters.connections_peak, 2);
    sxe_close(client);
    sxe_close(listener);
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 0, 5.0);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();
}
END_TEST

START_TEST(an_arena_too_small_fails_the_connections_it_cannot_serve_counts_it_and_recovers_everything)
{
    SXE_TLS_COUNTERS counters;
    SXE *listener;
    SXE *client;

    memset(tls_peers, 0, sizeof(tls_peers));
    tls_test_dir();
    sxe_test_init(4, 0);
    sxe_tls_register(2, 0);
    sxe_tls_globals.arena_bytes_override = 40000; /* less than one handshake */
    ck_assert_int_eq(sxe_tls_init(), SXE_RETURN_OK);
    sxe_tls_globals.arena_bytes_override = 0;
    sxe_tls_globals.handshake_bytes = 0; /* let handshakes begin: they find the arena too small as they go */
    context = tls_test_context("server");
    listener = tls_test_listen(context);
    client = tls_test_connect(context, "localhost", SXE_LOCAL_PORT(listener));
    ck_assert(SXE_TEST_RUN_UNTIL(tls_peers[SXE_ID(client)].closed == 1, 5.0));
    ck_assert_int_eq(tls_peers[SXE_ID(client)].close_reason, SXE_RETURN_ERROR_BAD_MESSAGE);
    SXE_TEST_RUN_UNTIL(sxe_get_number_in_use() == 1, 5.0);
    sxe_tls_get_counters(&counters);
    ck_assert_uint_gt(counters.out_of_memory, 0);
    ck_assert_uint_ge(counters.handshake_failures, 1);
    ck_assert_uint_eq(counters.memory_used, 0); /* all given back */
    sxe_close(listener);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();
}
END_TEST

/* ---- resident memory under a full pool ------------------------------------------------------------------------- */

#define RSS_PAIRS  100 /* client and server connections: 200 TLS connections, every slot */
#define RSS_ROUNDS 5

static long status_kb(const char *field)
{
    char line[256];
    long value = -1;
    FILE *status = fopen("/proc/self/status", "r");

    while (status != NULL && fgets(line, sizeof(line), status) != NULL) {
        if (strncmp(line, field, strlen(field)) == 0 && line[strlen(field)] == ':') {
            value = atol(line + strlen(field) + 1);
        }
    }

    if (status != NULL) {
        fclose(status);
    }

    return value;
}

static unsigned rss_connected;
static unsigned rss_answered;
static unsigned rss_closed;

static void rss_on_connected(SXE *this)
{
    rss_connected++;

    if (this->parent == NULL) {
        sxe_write(this, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 35); /* a client: its request */
    }
}

static void rss_on_read(SXE *this, int length)
{
    (void)length;

    if (this->parent != NULL) {
        sxe_write(this, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", 43);
    } else {
        rss_answered++;
    }

    sxe_buf_clear(this);
}

static void rss_on_close(SXE *this)
{
    (void)this;
    rss_closed++;
}

/* Every pair connects at once, exchanges a request and its answer, and closes. No Check call inside: it allocates. */
static bool rss_round(unsigned short port)
{
    SXE *clients[RSS_PAIRS];
    bool ok = true;

    rss_connected = rss_answered = rss_closed = 0;

    for (unsigned i = 0; i < RSS_PAIRS; i++) {
        clients[i] = sxe_new_tcp(NULL, "0.0.0.0", 0, rss_on_connected, rss_on_read, NULL);
        ok = ok && clients[i] != NULL && sxe_tls_enable(clients[i], context, "localhost") == SXE_RETURN_OK &&
             sxe_connect(clients[i], "127.0.0.1", port) == SXE_RETURN_OK;
    }

    ok = ok && SXE_TEST_RUN_UNTIL(rss_answered == RSS_PAIRS, 20.0);

    for (unsigned i = 0; i < RSS_PAIRS; i++) {
        sxe_close(clients[i]);
    }

    return SXE_TEST_RUN_UNTIL(rss_closed == RSS_PAIRS, 10.0) && ok;
}

START_TEST(rss_does_not_grow_while_every_tls_connection_is_used_round_after_round)
{
    long anon_before, anon_after, rss_before, rss_after;
    SXE_TLS_COUNTERS counters;
    SXE *listener;
    bool ok = true;

    tls_test_init(2 * RSS_PAIRS + 1, 0, 2 * RSS_PAIRS, 0);
    context = tls_test_context("server");
    listener = sxe_new_tcp(NULL, "127.0.0.1", 0, rss_on_connected, rss_on_read, rss_on_close);
    ck_assert_int_eq(sxe_tls_enable(listener, context, NULL), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_listen_with_backlog(listener, 0, RSS_PAIRS), SXE_RETURN_OK);
    ck_assert(rss_round(SXE_LOCAL_PORT(listener))); /* the first use of the code paths */
    ck_assert(
        rss_round(SXE_LOCAL_PORT(listener))); /* ... and of the rarer orders of events (their stack, code pages) */
    anon_before = status_kb("RssAnon");
    rss_before = status_kb("VmRSS");

    for (unsigned round = 0; round < RSS_ROUNDS; round++) {
        ok = rss_round(SXE_LOCAL_PORT(listener)) && ok;
    }

    anon_after = status_kb("RssAnon");
    rss_after = status_kb("VmRSS");
    sxe_tls_get_counters(&counters);
    fprintf(stderr,
            "test-sxe-tls-memory: %u TLS connections x %u rounds: RssAnon %ld -> %ld kB, VmRSS %ld -> %ld kB; "
            "arena %zu bytes, peak use %zu, handshakes at once %u\n",
            2 * RSS_PAIRS, RSS_ROUNDS + 2, anon_before, anon_after, rss_before, rss_after, counters.memory_bytes,
            counters.memory_peak, counters.handshakes_peak);
    ck_assert(ok);
    ck_assert_uint_eq(counters.connections_peak, 2 * RSS_PAIRS); /* every slot was used */
    ck_assert_uint_eq(counters.handshakes, 2 * RSS_PAIRS * (RSS_ROUNDS + 2));
    ck_assert_uint_eq(counters.out_of_memory, 0);
    ck_assert_uint_eq(counters.memory_used, 0);
    sxe_close(listener);
    ck_assert_int_eq(sxe_tls_context_free(context), SXE_RETURN_OK);
    tls_test_fini();

    if (!MEMORY_RSS_CHECKED) {
        sxe_test_skip("ASan's allocator and shadow memory move RSS on their own: all but resident memory passed");
    }

    sxe_test_skip_resident_memory_check(); /* valgrind and ThreadSanitizer */
    ck_assert_int_eq(anon_after, anon_before);
    ck_assert_int_eq(rss_after, rss_before);
}
END_TEST

SXE_TEST_MAIN("sxe-tls-memory",
              arena_blocks_are_16_byte_aligned_exhaustion_fails_and_counts_and_freeing_all_merges_them_back,
              arena_reallocation_keeps_the_bytes_grows_in_place_when_it_can_and_moves_when_it_must,
              arena_random_workload_keeps_every_block_intact,
              a_connection_and_a_handshake_take_no_more_of_the_arena_than_tls_reserves_for_them,
              handshakes_beyond_the_limit_wait_for_their_turn_oldest_first_and_all_complete,
              a_connection_whose_client_has_not_spoken_holds_no_handshake_turn,
              when_every_tls_slot_is_taken_a_new_connection_is_refused_and_counted_as_a_full_pool,
              an_arena_too_small_fails_the_connections_it_cannot_serve_counts_it_and_recovers_everything,
              rss_does_not_grow_while_every_tls_connection_is_used_round_after_round)

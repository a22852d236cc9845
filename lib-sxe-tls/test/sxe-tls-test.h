/* sxe-tls-test.h: what lib-sxe-tls's Check suites share: lib-sxe's test helpers (sxe-test.h: SXE_TEST_RUN_UNTIL,
 * sxe_test_read, ...), certificates made at test time (sxe-tls-certs.h), and TLS peers in one process: a listener and
 * clients on 127.0.0.1 whose callbacks record what happens to each object (tls_peers[SXE_ID]).
 */
#ifndef SXE_TLS_TEST_H
#define SXE_TLS_TEST_H

#include "../../lib-sxe/test/sxe-test.h"
#include "../../test/sxe-check.h"
#include "sxe-tls-certs.h"
#include "sxe-tls-private.h"

#define TLS_TEST_OBJECTS 16                    /* objects whose callbacks record (tls_peers): ids below this */
#define TLS_TEST_DATA    ((1 << 20) + 65536) /* bytes of input a peer records */

typedef struct TLS_PEER {
    SXE *sxe;
    unsigned connected;    /* on_connected calls */
    unsigned closed;       /* on_close calls */
    unsigned eof_reads;    /* on_read(this, 0): the half-close notice */
    SXE_RETURN close_reason;
    int close_errno;
    char error[256];       /* sxe_tls_get_error() during on_close */
    size_t length;         /* bytes received */
    char data[TLS_TEST_DATA];
} TLS_PEER;

extern TLS_PEER tls_peers[TLS_TEST_OBJECTS];
extern SXE *tls_test_accepted; /* the last connection a listener reported (on_connected) */

/* The directory of the test certificates (made once per process, removed at exit). */
const char *tls_test_dir(void);
const char *tls_test_file(const char *name); /* "DIR/NAME": a static buffer per call site is not needed: 8 rotate */

/* sxe_init() with `objects` objects and `buffer` bytes per buffer (0: the default), then TLS for `connections` with
 * `handshakes` at once (0: the default). Fails the test on error.
 */
void tls_test_init(unsigned objects, unsigned buffer, unsigned connections, unsigned handshakes);

/* Every object closed, sxe_tls_fini(), sxe_fini(): fails the test if TLS cannot be finished. */
void tls_test_fini(void);

/* A context serving `cert` ("server", "other", "expired", "wrong") and trusting the test CA as a client. */
SXE_TLS_CONTEXT *tls_test_context(const char *cert);

/* A listener on 127.0.0.1, port 0, with the recording callbacks, TLS with `context`. */
SXE *tls_test_listen(SXE_TLS_CONTEXT *context);

/* A client with the recording callbacks, TLS with `context` and `host`, connecting to 127.0.0.1:port. */
SXE *tls_test_connect(SXE_TLS_CONTEXT *context, const char *host, unsigned short port);

/* The recording callbacks (the tests make objects of their own with them too). */
void tls_test_on_connected(SXE *this);
void tls_test_on_read(SXE *this, int length);
void tls_test_on_close(SXE *this);

/* A blocking OpenSSL client on a plain socket (not lib-sxe): for peers that misbehave. */
int tls_test_raw_connect(unsigned short port); /* a connected blocking socket */

#endif

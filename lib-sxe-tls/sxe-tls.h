/* sxe-tls.h: TLS 1.2 and 1.3 (OpenSSL 3) on lib-sxe's TCP objects, in fixed memory. See lib-sxe-tls/README.md for the
 * model, the memory and the measured costs.
 *
 * A TLS object is a lib-sxe TCP object with the same callbacks and the same rules (sxe.h): on_connected once the
 * handshake is done, on_read with the decrypted bytes, sxe_write/sxe_send/sxe_send_buffers/sxe_sendfile/sxe_close
 * with their COMPLETION, CLOSE, BUFFER-FULL, HALF-CLOSE and IDLE TIMEOUT rules. What TLS adds:
 * - CONTEXT: the certificate chain and key, the versions, ciphers, ALPN protocols, SNI callback, verification and
 *   resumption settings (SXE_TLS_CONTEXT). One context may serve any number of objects, both as server and client.
 * - HANDSHAKE: a listener given a context (sxe_tls_enable()) hands each connection it accepts to TLS: the application
 *   sees it (on_connected) only once its handshake is done; one that fails (a protocol error, a bad certificate, a
 *   peer's alert, garbage instead of a ClientHello, a renegotiation) or does not finish in time is closed WITHOUT any
 *   callback, and counted (SXE_TLS_COUNTERS). In time: within the listener's connect timeout (sxe_set_connect_timeout()
 *   on a TLS listener bounds the handshakes of the connections it accepts, as it bounds a client's connect), or
 *   without one, within the listener's idle timeout. A client given a context handshakes once
 *   its TCP connection is up; on_connected comes after the handshake; a failed handshake calls on_close with
 *   SXE_CLOSE_REASON SXE_RETURN_ERROR_BAD_MESSAGE (SXE_CLOSE_ERRNO EPROTO; sxe_tls_get_error() says why), a slow one
 *   ends at the connect timeout (SXE_RETURN_ERROR_TIMEOUT).
 * - AFTER THE HANDSHAKE: a TLS error or a peer's fatal alert closes the object with SXE_RETURN_ERROR_BAD_MESSAGE; the
 *   peer's close_notify, and a TCP end of file without it, are an end of file (SXE_RETURN_END_OF_FILE, or
 *   on_read(this, 0) in half-close mode). Renegotiation is refused. sxe_shutdown() sends close_notify and shuts the
 *   write side; sxe_close() sends close_notify once, without waiting (best effort).
 * - WRITING: sxe_write() returns SXE_RETURN_OK when TLS took every byte: encrypted, handed to the kernel, except at
 *   most one record (SXE_TLS_RECORD_MAXIMUM bytes) when the socket is full, which TLS sends itself as the socket
 *   drains, before anything written later. SXE_RETURN_WARN_WOULD_BLOCK and SXE_LAST_WRITE_LENGTH mean what they mean
 *   on TCP: the rest was not taken. A pending sxe_send/sxe_sendfile completes only once every byte is in the kernel.
 *   A record still held when the object is closed is lost, as data in a closed socket's buffer would be: close after
 *   a send's completion, or after sxe_notify_writable(), to be sure it is out.
 * - SENDFILE: with kernel TLS (kTLS: sxe_tls_context_set_ktls(), a kernel with the "tls" ULP, an AES-GCM or
 *   ChaCha20-Poly1305 cipher) sxe_sendfile() is sendfile(2) and the kernel encrypts; otherwise the file is read into
 *   one fixed bounce buffer of SXE_TLS_BOUNCE_BYTES (shared by all connections: it is free again once its record is
 *   encrypted), then encrypted and sent. Same results and completion as on TCP.
 * - FIXED MEMORY: sxe_tls_register() and sxe_tls_init() size and allocate everything TLS will use: a connection slot
 *   per TLS connection and one arena that every OpenSSL allocation made for connections comes from (a connection's
 *   SSL object, its handshake, its record buffers, its session). Nothing is allocated per connection afterwards. At
 *   most `handshakes` handshakes run at once; more wait for their turn (their input stays in the socket), oldest
 *   first; an accepted connection asks for its turn only once its client has sent its first bytes. A connection is
 *   refused when no TLS slot is free (on a listener: handled as a pool-full refusal, counted in SXE_COUNTERS
 *   refused_pool_exhausted and here in `refused`); an allocation the arena cannot serve fails that connection only
 *   (counted in `out_of_memory`).
 * - THREADS: lib-sxe runs a loop per thread (sxe.h, THREADS); lib-sxe-tls is one per process and belongs to the
 *   thread that called sxe_tls_init(). Only that thread's objects may be TLS: sxe_tls_init(), sxe_tls_fini(),
 *   sxe_tls_enable(), sxe_tls_accept() and sxe_tls_connect() called from another thread return
 *   SXE_RETURN_ERROR_BAD_STATE (logged). Set up a context before any object uses it.
 * - MISUSE RULE (sxe.h): no function here crashes on NULL or an object in the wrong state; each says what it
 *   returns, and logs the misuse naming itself.
 *
 * Classic SXE's SSL calls (sxe_ssl_*) are at the end: one process-wide context made by sxe_ssl_init().
 */
#ifndef SXE_TLS_H
#define SXE_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "sxe.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- limits (named constants; README.md "Limits") ---------------------------------------------------------- */
#define SXE_TLS_VERSION_1_2              0x0303 /* TLS versions, as on the wire (and OpenSSL's TLS1_2_VERSION) */
#define SXE_TLS_VERSION_1_3              0x0304
#define SXE_TLS_HANDSHAKES_DEFAULT       64     /* handshakes at once, unless sxe_tls_register() says */
#define SXE_TLS_CONNECTION_BYTES         (24 * 1024) /* arena bytes reserved per connection (README "Memory") */
#define SXE_TLS_HANDSHAKE_BYTES          (96 * 1024) /* ... and per handshake running at once */
#define SXE_TLS_ARENA_MARGIN_BYTES       (512 * 1024) /* ... and once, for what OpenSSL keeps after its first use */
#define SXE_TLS_RECORD_MAXIMUM           16384  /* plaintext bytes per record */
#define SXE_TLS_BOUNCE_BYTES             16384  /* sendfile without kTLS: the file's bytes per read */
#define SXE_TLS_HOST_MAXIMUM             253    /* a host name for SNI and verification */
#define SXE_TLS_ALPN_MAXIMUM             255    /* bytes of a context's ALPN list on the wire */
#define SXE_TLS_SESSION_MAXIMUM          4096   /* bytes of the session a client context keeps for resumption */
#define SXE_TLS_CERTIFICATE_LIST_MAXIMUM (32 * 1024) /* bytes of a peer's certificate chain (OpenSSL: 100 kB) */

/* sxe_tls_context_set_verify() flags. */
#define SXE_TLS_VERIFY_SERVER 0x1 /* as a client: the server's chain must verify and name the host (the default) */
#define SXE_TLS_VERIFY_CLIENT 0x2 /* as a server: a client certificate is required and must verify */

/* Classic: the flag of a TLS object in SXE_FLAGS(this). */
#define SXE_FLAG_IS_SSL 0x04000000

typedef struct SXE_TLS_CONTEXT SXE_TLS_CONTEXT;

/* Called during a handshake on a listener's connection with the host name its client asked for (SNI). Return the
 * context whose certificate and key answer (`context` given to sxe_tls_enable(), or another one), or NULL to refuse
 * the handshake (an unrecognized_name alert). Not called when the client sends no name. The object is not yet reported
 * to the application (no on_connected): only SXE_ID, SXE_USER_DATA and the address macros mean anything on it.
 */
typedef SXE_TLS_CONTEXT *(*SXE_TLS_SNI_CALLBACK)(SXE *self, const char *server_name, void *arg);

typedef struct SXE_TLS_COUNTERS {
    unsigned long long handshakes;         /* handshakes completed (server and client sides) */
    unsigned long long resumed;            /* ... of which resumed a session */
    unsigned long long handshake_failures; /* handshakes that failed: protocol errors, certificates, alerts, memory */
    unsigned long long handshake_timeouts; /* connections closed by their timeout during their handshake */
    unsigned long long handshakes_waited;  /* handshakes that waited for their turn */
    unsigned long long refused;            /* connections refused: no TLS slot free */
    unsigned long long errors;             /* established connections closed by a TLS error or a fatal alert */
    unsigned long long out_of_memory;      /* OpenSSL allocations the arena could not serve */
    unsigned long long ktls;               /* connections whose output the kernel encrypted */
    unsigned connections_now;              /* TLS connections (slots in use) */
    unsigned connections_peak;
    unsigned handshakes_now;
    unsigned handshakes_peak;
    size_t memory_bytes; /* the arena */
    size_t memory_used;  /* ... in use now (blocks and their headers) */
    size_t memory_peak;
} SXE_TLS_COUNTERS;

/* ---- life cycle -------------------------------------------------------------------------------------------- */

/* Before sxe_tls_init(): at most `connections` TLS connections at once (listeners do not count; accepted and client
 * connections do), at most `handshakes` of them in their handshake at once (0: SXE_TLS_HANDSHAKES_DEFAULT, never more
 * than connections). Calls add up, as sxe_register()'s. Ignored (logged) after sxe_tls_init().
 */
void sxe_tls_register(unsigned connections, unsigned handshakes);

/* Allocate (and touch) the fixed memory of TLS: the connection slots and the arena of connections * (sxe_tls_init's
 * bytes per connection, SXE_TLS_CONNECTION_BYTES) + handshakes * SXE_TLS_HANDSHAKE_BYTES + SXE_TLS_ARENA_MARGIN_BYTES;
 * run one handshake of each version in memory first, so that what OpenSSL sets up at its first use is not taken from
 * the arena. sxe_init() (lib-sxe) must have been called. Returns SXE_RETURN_OK; SXE_RETURN_WARN_ALREADY_INITIALIZED;
 * SXE_RETURN_ERROR_BAD_STATE (no sxe_init(), or OpenSSL allocated memory before this library was loaded, so that
 * its allocations cannot be routed: link lib-sxe-tls before anything that uses OpenSSL); SXE_RETURN_ERROR_BAD_PARAMETER
 * (nothing registered); SXE_RETURN_ERROR_OUT_OF_MEMORY. All logged.
 */
SXE_RETURN sxe_tls_init(void);

/* sxe_tls_init() with another number of arena bytes per connection (0: SXE_TLS_CONNECTION_BYTES). A daemon whose
 * connections hold large records for long (slow readers, big uploads) gives each more: a connection that has a record
 * to read and one to send holds about 48 kB (README.md "Memory").
 */
SXE_RETURN sxe_tls_init_with_memory(size_t bytes_per_connection);

/* Free what sxe_tls_init() allocated; TLS objects must be closed first (sxe_fini() closes them: call it first).
 * Contexts stay (free them with sxe_tls_context_free()). sxe_tls_register()/sxe_tls_init() may be called again.
 * Returns SXE_RETURN_OK, SXE_RETURN_ERROR_NOT_INITIALIZED (harmless), SXE_RETURN_ERROR_BAD_STATE (TLS objects are
 * still open: nothing is freed; logged).
 */
SXE_RETURN sxe_tls_fini(void);

/* Exact bytes sxe_tls_init() allocated: the arena and the connection slots (0 before and after). */
size_t sxe_tls_get_allocated_bytes(void);

/* Copy the counters (reset by sxe_tls_init()) into *counters. NULL is logged and ignored. */
void sxe_tls_get_counters(SXE_TLS_COUNTERS *counters);

/* True when the kernel offers TLS offload (its "tls" ULP is available); false here without it. */
bool sxe_tls_is_ktls_available(void);

/* ---- contexts ---------------------------------------------------------------------------------------------- */

/* A context with the defaults: TLS 1.2 and 1.3, OpenSSL's default ciphers (forward secret, AEAD first), no ALPN,
 * no certificate, session tickets issued and resumption offered, clients verifying the server against the system's
 * certificate authorities (SXE_TLS_VERIFY_SERVER), servers not asking for client certificates, no kTLS. Not tied to
 * sxe_init(). NULL (logged) when OpenSSL cannot make one.
 */
SXE_TLS_CONTEXT *sxe_tls_context_new(void);

/* Free a context no object uses any more. Returns SXE_RETURN_OK; SXE_RETURN_ERROR_BAD_STATE (objects still use it:
 * nothing done); SXE_RETURN_ERROR_BAD_PARAMETER for NULL. Logged but OK.
 */
SXE_RETURN sxe_tls_context_free(SXE_TLS_CONTEXT *context);

/* Load the certificate chain (PEM: the leaf first, then its intermediates) and its private key (PEM), checked against
 * each other. A server needs one; a client uses it when the server asks for a client certificate. Returns
 * SXE_RETURN_OK or SXE_RETURN_ERROR_INVALID (a file missing or unreadable, not PEM, or a key that does not match: the
 * file and OpenSSL's reason are logged); SXE_RETURN_ERROR_BAD_PARAMETER for NULL arguments (logged). The context keeps
 * what it had on error.
 */
SXE_RETURN sxe_tls_context_set_certificate(SXE_TLS_CONTEXT *context, const char *chain_file, const char *key_file);

/* The versions allowed, SXE_TLS_VERSION_1_2 or SXE_TLS_VERSION_1_3, minimum <= maximum. Returns SXE_RETURN_OK or
 * SXE_RETURN_ERROR_BAD_PARAMETER (logged).
 */
SXE_RETURN sxe_tls_context_set_versions(SXE_TLS_CONTEXT *context, unsigned minimum, unsigned maximum);

/* The ciphers: an OpenSSL cipher list for TLS 1.2 (e.g. "ECDHE-ECDSA-AES128-GCM-SHA256") and TLS 1.3 cipher suites
 * (e.g. "TLS_AES_128_GCM_SHA256"); NULL leaves one as it is. Returns SXE_RETURN_OK or SXE_RETURN_ERROR_INVALID (a list
 * OpenSSL takes nothing from; logged); SXE_RETURN_ERROR_BAD_PARAMETER for a NULL context.
 */
SXE_RETURN sxe_tls_context_set_ciphers(SXE_TLS_CONTEXT *context, const char *tls12_ciphers, const char *tls13_suites);

/* ALPN: the protocols, comma-separated, most wanted first (e.g. "http/1.1"; NULL or "" for none). A client offers
 * them; a server picks the first of its own list that the client offers, and refuses the handshake (a fatal
 * no_application_protocol alert, RFC 7301) when the client offers ALPN and none of them; a client that offers no ALPN
 * is served without. Returns SXE_RETURN_OK or SXE_RETURN_ERROR_BAD_PARAMETER (an empty name, a name over 255 bytes,
 * a list over SXE_TLS_ALPN_MAXIMUM bytes; logged).
 */
SXE_RETURN sxe_tls_context_set_alpn(SXE_TLS_CONTEXT *context, const char *protocols);

/* SNI on a listener using this context: see SXE_TLS_SNI_CALLBACK (NULL removes it). Returns SXE_RETURN_OK or
 * SXE_RETURN_ERROR_BAD_PARAMETER for a NULL context (logged).
 */
SXE_RETURN sxe_tls_context_set_sni_callback(SXE_TLS_CONTEXT *context, SXE_TLS_SNI_CALLBACK callback, void *arg);

/* Peer verification: `flags` is 0 or SXE_TLS_VERIFY_SERVER and/or SXE_TLS_VERIFY_CLIENT (see their definitions);
 * `ca_file` (PEM) the authorities trusted, NULL for the system's. Without SXE_TLS_VERIFY_SERVER a client still checks
 * the server (sxe_tls_is_verified() tells) but goes on whatever the result: only for tests and tools asked not to
 * verify (curl -k). Returns SXE_RETURN_OK; SXE_RETURN_ERROR_INVALID (the CA file cannot be loaded; logged; the
 * context keeps what it had); SXE_RETURN_ERROR_BAD_PARAMETER (NULL context, unknown flags; logged).
 */
SXE_RETURN sxe_tls_context_set_verify(SXE_TLS_CONTEXT *context, unsigned flags, const char *ca_file);

/* Resumption: a server issues session tickets (stateless: nothing kept per session) and accepts them; a client keeps
 * the last session it received (at most SXE_TLS_SESSION_MAXIMUM bytes, in the context) and offers it on its next
 * handshakes. On by default; false turns both off. Returns SXE_RETURN_OK or SXE_RETURN_ERROR_BAD_PARAMETER (NULL).
 */
SXE_RETURN sxe_tls_context_set_resumption(SXE_TLS_CONTEXT *context, bool enable);

/* Kernel TLS for the output of connections using this context, when the kernel offers it (sxe_tls_is_ktls_available())
 * and the cipher allows it; otherwise (and by default) OpenSSL encrypts. Off by default: it could not be exercised on
 * the machine this library was developed on (README.md "Kernel TLS"). Returns SXE_RETURN_OK or
 * SXE_RETURN_ERROR_BAD_PARAMETER (NULL).
 */
SXE_RETURN sxe_tls_context_set_ktls(SXE_TLS_CONTEXT *context, bool enable);

/* ---- TLS objects ------------------------------------------------------------------------------------------- */

/* Make a TCP object a TLS one, before sxe_listen() or sxe_connect(). A listener: every connection it accepts
 * handshakes as a server with `context` (`host` must be NULL). A client: after its TCP connect it handshakes with
 * `context`, sending `host` (SNI, unless it is an IP literal) and verifying the server's certificate names it (an IP
 * literal: its IP address) unless the context does not verify; `host` NULL sends no name and checks the chain only.
 * A client takes its TLS slot now. Returns SXE_RETURN_OK; SXE_RETURN_ERROR_NOT_INITIALIZED (no sxe_tls_init());
 * SXE_RETURN_ERROR_BAD_STATE (a closed object, one with a socket already, or already TLS); SXE_RETURN_ERROR_NOT_SUPPORTED
 * (not TCP); SXE_RETURN_ERROR_POOL_EXHAUSTED (a client and no TLS slot free); SXE_RETURN_ERROR_BAD_PARAMETER (NULL
 * object or context, a listener given a host, a host longer than SXE_TLS_HOST_MAXIMUM); SXE_RETURN_ERROR_OUT_OF_MEMORY
 * (the arena). All logged.
 */
SXE_RETURN sxe_tls_enable(SXE *self, SXE_TLS_CONTEXT *context, const char *host);

/* Start TLS now on a connected plain TCP connection (e.g. after a STARTTLS exchange), as the server (sxe_tls_accept)
 * or the client (sxe_tls_connect: host as for sxe_tls_enable()). Data buffered but not consumed is discarded. When the
 * handshake is done, on_connected is called again; a failed one closes with on_close (SXE_RETURN_ERROR_BAD_MESSAGE).
 * Returns SXE_RETURN_OK (the handshake runs); the errors of sxe_tls_enable(), and SXE_RETURN_ERROR_NO_CONNECTION (not
 * connected) or SXE_RETURN_ERROR_BAD_STATE (a send is pending).
 */
SXE_RETURN sxe_tls_accept(SXE *self, SXE_TLS_CONTEXT *context);
SXE_RETURN sxe_tls_connect(SXE *self, SXE_TLS_CONTEXT *context, const char *host);

/* About a TLS connection once its handshake is done (from on_connected on; also during on_close). NULL or a closed
 * object is logged; an object that is not TLS, or before its handshake is done, gives the default without a log.
 * sxe_tls_get_version(): "TLSv1.2", "TLSv1.3" ("" by default); sxe_tls_get_cipher(): OpenSSL's name of the cipher
 * ("" by default); both static strings. sxe_tls_get_alpn(): the protocol agreed, copied into buf (NUL terminated,
 * truncated to size), "" when none (NULL for a NULL buf). sxe_tls_get_server_name(): the name the client sent (SNI;
 * a client: the host it was given), in a buffer of the connection valid while it is open ("" when none).
 * sxe_tls_is_resumed(): the handshake resumed a session. sxe_tls_is_verified(): the peer's certificate verified (a
 * client: the server's chain and name; a server: a client certificate, when one was asked for). sxe_tls_is_ktls(): the
 * kernel encrypts this connection's output. sxe_tls_get_handshake_seconds(): how long the handshake took, from its
 * start (after its wait for a turn, if any) to its end (0 by default).
 */
const char *sxe_tls_get_version(SXE *self);
const char *sxe_tls_get_cipher(SXE *self);
const char *sxe_tls_get_alpn(SXE *self, char *buf, unsigned size);
const char *sxe_tls_get_server_name(SXE *self);
bool sxe_tls_is_resumed(SXE *self);
bool sxe_tls_is_verified(SXE *self);
bool sxe_tls_is_ktls(SXE *self);
double sxe_tls_get_handshake_seconds(SXE *self);

/* Why TLS failed on this object (valid during its on_close): OpenSSL's reason ("certificate verify failed: certificate
 * has expired", "wrong version number", "tlsv1 alert unknown ca", ...), or "" when it did not fail. NULL or a closed
 * object: "" (logged). A static string or the connection's.
 */
const char *sxe_tls_get_error(SXE *self);

/* ---- classic SXE's SSL calls --------------------------------------------------------------------------------- */

/* sxe_tls_register(number_of_connections, 0). */
void sxe_ssl_register(unsigned number_of_connections);

/* sxe_tls_init() and the process-wide classic context: cert_path and key_path (PEM; NULL for a client only), the
 * authorities of CAfile and CAdir (NULL: none). Classic verification: a client checks the server but goes on whatever
 * the result (sxe_ssl_get_info()'s `verified`); a server asks for no certificate. Returns SXE_RETURN_OK or the
 * errors of sxe_tls_init() and of loading the files (SXE_RETURN_ERROR_INVALID), logged (classic asserted).
 */
SXE_RETURN sxe_ssl_init(const char *cert_path, const char *key_path, const char *CAfile, const char *CAdir);

/* Free the classic context (its objects must be closed) and what sxe_ssl_init() allocated. */
void sxe_ssl_fini(void);

/* sxe_tls_enable(self, the classic context, NULL). */
SXE_RETURN sxe_ssl_enable(SXE *self);

/* sxe_tls_accept() / sxe_tls_connect(self, classic context, NULL): TLS now on a connected object. */
SXE_RETURN sxe_ssl_accept(SXE *self);
SXE_RETURN sxe_ssl_connect(SXE *self);

/* Say goodbye (close_notify, once, without waiting) and sxe_close(). Returns sxe_close()'s result;
 * SXE_RETURN_ERROR_BAD_PARAMETER for NULL, SXE_RETURN_WARN_ALREADY_CLOSED for a closed object (logged).
 */
SXE_RETURN sxe_ssl_close(SXE *self);

/* Classic: what the handshake agreed. Each non-NULL pointer gets: verified (1 when the peer's certificate verified, else
 * 0), cipher (OpenSSL's name), bits (the cipher's secret bits), version ("TLSv1.3" ...). For an object that is not TLS
 * or before its handshake: 0, "", 0, "". NULL or a closed object: logged, and the same defaults.
 */
void sxe_ssl_get_info(SXE *self, int *verified, const char **cipher, int *bits, const char **version);

/* Classic: the common name (CN) of the peer's certificate (its issuer's CN, OU or O for _issuer) into buffer (NUL
 * terminated, truncated to buflen). Returns its length, 0 when there is none (no peer certificate: a server's clients
 * seldom send one). NULL object or buffer, or a closed object: 0 (logged).
 */
unsigned sxe_ssl_get_peer_CN(SXE *self, char *buffer, unsigned buflen);
unsigned sxe_ssl_get_peer_issuer(SXE *self, char *buffer, unsigned buflen);

/* Classic: installed OpenSSL memory functions that count. libsxe routes and counts OpenSSL's memory always (see
 * sxe_tls_get_counters()): this does nothing.
 */
void sxe_ssl_instrument_memory_functions(void);

#ifdef __cplusplus
}
#endif

#endif

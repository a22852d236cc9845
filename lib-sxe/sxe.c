/* sxe.c: life cycle of the library and of its objects: register, init, fini, allocation, close, addresses. */
#define SXE_LOG_COMPONENT "sxe"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sxe-transport-private.h"

__attribute__((tls_model("initial-exec"))) __thread SXE_GLOBALS sxe_globals = {
    .buffer_size = SXE_BUFFER_SIZE_DEFAULT, .reserve_fd = -1, .deferred.iteration = 1};

_Static_assert(sizeof(SXE) % SXE_EXTRA_ALIGNMENT == 0, "SXE_EXTRA(this) must be this + 1, where classic code has it");

static unsigned sxe_round_up(unsigned value, unsigned alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

void sxe_register(unsigned number, unsigned extra_size)
{
    SXEE6("sxe_register(number=%u, extra_size=%u)", number, extra_size);

    if (sxe_globals.pool != NULL) {
        SXEL3("sxe_register(number=%u, extra_size=%u): ignored after sxe_init() (call sxe_fini() first)", number,
              extra_size);
        goto SXE_EARLY_OUT;
    }

    sxe_globals.registered += number;

    if (extra_size > sxe_globals.extra_size) {
        sxe_globals.extra_size = extra_size;
    }

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return // registered=%u", sxe_globals.registered);
}

SXE_RETURN
sxe_set_buffer_size(unsigned bytes)
{
    SXE_RETURN result = SXE_RETURN_ERROR_BAD_STATE;

    if (sxe_globals.pool != NULL) {
        SXEL3("sxe_set_buffer_size(%u): ignored after sxe_init()", bytes);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (bytes < SXE_BUFFER_SIZE_MINIMUM || bytes > SXE_BUFFER_SIZE_MAXIMUM) {
        SXEL3("sxe_set_buffer_size(%u): outside [%u, %u]", bytes, SXE_BUFFER_SIZE_MINIMUM, SXE_BUFFER_SIZE_MAXIMUM);
        goto SXE_ERROR_OUT;
    }

    sxe_globals.buffer_size = bytes;
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

void sxe_set_warm_descriptors(unsigned descriptors)
{
    sxe_globals.warm_descriptors = descriptors;
}

unsigned sxe_get_buffer_size(void)
{
    return sxe_globals.buffer_size;
}

/* Zero every object with its extra bytes and buffer (this touches every page of the array: the pool maps it
 * untouched), then set the fields that are not 0 in a free object.
 */
static void sxe_init_objects(void)
{
    unsigned extra = sxe_round_up(sxe_globals.extra_size, SXE_EXTRA_ALIGNMENT);

    memset(sxe_globals.pool, 0, (size_t)sxe_globals.number * sxe_globals.stride);

    for (unsigned id = 0; id < sxe_globals.number; id++) {
        SXE *this = sxe_object(id);
        this->id = id;
        this->sock = -1;
        this->in_buf = (char *)this + SXE_OBJECT_SIZE + extra;
    }
}

/* Create libev's default loop, when the program has not, without letting libev take SIGCHLD (classic SXE did the
 * same): libev reaps every child from its SIGCHLD handler, so a program's own waitpid() would find none.
 */
static struct ev_loop *sxe_default_loop_keeping_sigchld(void)
{
    struct sigaction saved;
    struct ev_loop *loop;

    if ((loop = ev_default_loop_uc_()) != NULL) {
        return loop; /* the program made it (and chose) first */
    }

    if (sigaction(SIGCHLD, NULL, &saved) < 0) {
        return ev_default_loop(EVFLAG_AUTO);
    }

    loop = ev_default_loop(EVFLAG_AUTO);
    sigaction(SIGCHLD, &saved, NULL);
    return loop;
}

/* True while a thread's lib-sxe runs on the default loop (at most one may: a loop belongs to one thread). */
static atomic_bool sxe_default_loop_taken;

/* sxe_init(): the loop this thread's lib-sxe will run on (sxe_set_loop()'s, else the default loop), or NULL (logged)
 * when it is the default loop and another thread's lib-sxe already runs on it.
 */
static struct ev_loop *sxe_take_loop(void)
{
    struct ev_loop *loop = sxe_globals.loop != NULL ? sxe_globals.loop : sxe_default_loop_keeping_sigchld();
    bool taken = false;

    if (loop != NULL && ev_is_default_loop(loop) &&
        !atomic_compare_exchange_strong(&sxe_default_loop_taken, &taken, true)) {
        SXEL2("sxe_init(): another thread's lib-sxe runs on the default loop: give this thread a loop of its own "
              "(sxe_set_loop())");
        return NULL;
    }

    return loop;
}

/* sxe_fini() (or a failed sxe_init()): this thread's lib-sxe leaves `loop`. */
static void sxe_release_loop(struct ev_loop *loop)
{
    if (ev_is_default_loop(loop)) {
        atomic_store(&sxe_default_loop_taken, false);
    }

    sxe_pool_set_thread_loop(NULL);
}

SXE_RETURN
sxe_set_loop(struct ev_loop *loop)
{
    if (sxe_globals.pool != NULL) {
        SXEL3("sxe_set_loop(%p): ignored after sxe_init() (call sxe_fini() first)", (void *)loop);
        return SXE_RETURN_ERROR_BAD_STATE;
    }

    sxe_globals.loop = loop;
    return SXE_RETURN_OK;
}

struct ev_loop *sxe_get_loop(void)
{
    return sxe_loop();
}

SXE_RETURN
sxe_init(void)
{
    SXE_RETURN result = SXE_RETURN_WARN_ALREADY_INITIALIZED;
    double timeouts[SXE_STATE_NUMBER];
    struct ev_loop *loop;
    unsigned stride;

    SXEE6("sxe_init() // registered=%u buffer_size=%u", sxe_globals.registered, sxe_globals.buffer_size);

    if (sxe_globals.pool != NULL) {
        SXEL3("sxe_init(): already initialized");
        goto SXE_EARLY_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (sxe_globals.registered == 0) {
        SXEL2("sxe_init(): no objects registered (call sxe_register() first)");
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_ERROR_BAD_STATE;

    if ((loop = sxe_take_loop()) == NULL) {
        goto SXE_ERROR_OUT;
    }

    memset(timeouts, 0, sizeof(timeouts));
    stride = sxe_round_up(SXE_OBJECT_SIZE + sxe_round_up(sxe_globals.extra_size, SXE_EXTRA_ALIGNMENT) +
                              sxe_globals.buffer_size,
                          SXE_STRIDE_ALIGNMENT);
    sxe_pool_set_thread_loop(loop); /* this thread's pools (lib-sxe's and the application's) time out on its loop */
    sxe_globals.pool = sxe_pool_new_with_timeouts_and_options("sxe", sxe_globals.registered, stride, SXE_STATE_NUMBER,
                                                              timeouts, sxe_pool_timeout, NULL, SXE_POOL_OPTION_TIMED);
    result = SXE_RETURN_ERROR_OUT_OF_MEMORY;

    if (sxe_globals.pool == NULL) {
        SXEL2("sxe_init(): cannot allocate %u objects of %u bytes", sxe_globals.registered, stride);
        sxe_release_loop(loop);
        goto SXE_ERROR_OUT;
    }

    sxe_globals.loop = loop;

    sxe_globals.number = sxe_globals.registered;
    sxe_globals.stride = stride;
    sxe_globals.allocated_bytes = sxe_pool_get_allocated_bytes(sxe_globals.pool);
    memset(&sxe_globals.counters, 0, sizeof(sxe_globals.counters));
    sxe_globals.log_time_pool_exhausted = sxe_globals.log_time_out_of_files = sxe_globals.log_time_new_exhausted = 0;
    sxe_globals.log_time_accept_error = 0;
    sxe_globals.warmed_descriptors =
        sxe_warm_up(sxe_globals.warm_descriptors != 0 ? sxe_globals.warm_descriptors
                                                      : sxe_globals.number + SXE_WARM_DESCRIPTORS_MARGIN);
    sxe_init_objects(); /* after the warm-up, which used the objects' watchers */
    sxe_timeout_classes_reset();
    sxe_unix_paths_reset();
    sxe_handoffs_reset();
    sxe_globals.reserve_fd = sxe_syscalls.open_reserve();
    ev_timer_init(&sxe_globals.backoff_timer, sxe_backoff_timeout, SXE_ACCEPT_BACKOFF_SECONDS, 0.0);
    signal(SIGPIPE, SIG_IGN); /* sendfile(2) has no MSG_NOSIGNAL */
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return %s // objects=%u stride=%u allocated=%zu warmed=%u", sxe_return_to_string(result), sxe_globals.number,
          sxe_globals.stride, sxe_globals.allocated_bytes, sxe_globals.warmed_descriptors);
    return result;
}

SXE_RETURN
sxe_fini(void)
{
    SXE_RETURN result = SXE_RETURN_ERROR_NOT_INITIALIZED;

    SXEE6("sxe_fini()");

    if (sxe_globals.pool == NULL) {
        goto SXE_EARLY_OUT;
    }

    for (unsigned id = 0; id < sxe_globals.number; id++) {
        if (sxe_pool_index_to_state(sxe_globals.pool, id) != SXE_STATE_FREE) {
            sxe_close(sxe_object(id));
        }
    }

    ev_timer_stop(sxe_loop(), &sxe_globals.backoff_timer);

    if (sxe_globals.reserve_fd >= 0) {
        sxe_syscalls.close(sxe_globals.reserve_fd);
        sxe_globals.reserve_fd = -1;
    }

    sxe_pool_delete(sxe_globals.pool);
    sxe_defer_fini();
    sxe_release_loop(sxe_globals.loop);
    sxe_globals.loop = NULL; /* the next sxe_init() runs on the default loop unless sxe_set_loop() says otherwise */
    sxe_globals.pool = NULL;
    sxe_globals.allocated_bytes = 0;
    sxe_globals.number = 0;
    sxe_globals.registered = 0;
    sxe_globals.extra_size = 0;
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return %s", sxe_return_to_string(result));
    return result;
}

size_t sxe_get_allocated_bytes(void)
{
    return sxe_globals.allocated_bytes;
}

int sxe_last_errno(void)
{
    return sxe_globals.last_errno;
}

unsigned sxe_get_number_in_use(void)
{
    return sxe_globals.pool == NULL
               ? 0
               : sxe_globals.number - sxe_pool_get_number_in_state(sxe_globals.pool, SXE_STATE_FREE);
}

unsigned sxe_diag_get_free_count(void)
{
    return sxe_globals.pool == NULL ? 0 : sxe_pool_get_number_in_state(sxe_globals.pool, SXE_STATE_FREE);
}

unsigned sxe_diag_get_used_count(void)
{
    return sxe_get_number_in_use();
}

bool sxe_is_valid(SXE *this)
{
    return this != NULL && sxe_globals.pool != NULL && (const char *)this >= (const char *)sxe_globals.pool &&
           (size_t)((const char *)this - (const char *)sxe_globals.pool) % sxe_globals.stride == 0 &&
           (size_t)((const char *)this - (const char *)sxe_globals.pool) / sxe_globals.stride < sxe_globals.number;
}

/* One level-6 line about an object. */
static void sxe_dump_one(SXE *this)
{
    static const char *const kinds[] = {"free", "tcp", "udp", "unix"};

    SXEL6I("SXE id=%u kind=%s fd=%d flags=0x%x buffered=%u state=%u", this->id,
           kinds[this->kind < SXE_ARRAY_SIZE(kinds) ? this->kind : 0], this->sock, this->flags, SXE_BUF_USED(this),
           sxe_pool_index_to_state(sxe_globals.pool, this->id));
}

void sxe_dump(SXE *this)
{
    if (this != NULL) {
        if (sxe_check_object(this, "sxe_dump") == SXE_RETURN_OK) {
            sxe_dump_one(this);
        }

        return;
    }

    for (unsigned id = 0; id < sxe_globals.number; id++) {
        if (sxe_pool_index_to_state(sxe_globals.pool, id) != SXE_STATE_FREE) {
            sxe_dump_one(sxe_object(id));
        }
    }
}

void sxe_get_counters(SXE_COUNTERS *counters)
{
    if (counters == NULL) {
        SXEL2("sxe_get_counters(NULL): nowhere to copy the counters");
        return;
    }

    *counters = sxe_globals.counters;
    counters->open_now = sxe_get_number_in_use();
}

/* True at most once a second per `last` stamp (loop time). */
bool sxe_rate_limit(double *last)
{
    double now = ev_now(sxe_loop());

    if (*last != 0 && now - *last < 1.0) {
        return false;
    }

    *last = now;
    return true;
}

/* Take a free object and reset it. NULL when the pool is exhausted (not logged: see sxe_alloc_new()). */
SXE *sxe_alloc(SXE *parent, SXE_KIND kind)
{
    SXE *this = NULL;
    unsigned id;
    unsigned in_use;

    if (sxe_globals.pool == NULL) {
        goto SXE_ERROR_OUT; /* sxe_init() has not been called: the constructors say so */
    }

    id = sxe_pool_set_oldest_element_state(sxe_globals.pool, SXE_STATE_FREE, SXE_STATE_USED);

    if (id == SXE_POOL_NO_INDEX) {
        goto SXE_ERROR_OUT;
    }

    this = sxe_object(id);
    SXEA6(this->id == id && this->sock == -1, "object %u is not clean", id);
    this->kind = kind;
    this->flags = (kind != SXE_KIND_UDP ? SXE_FLAG_IS_STREAM : 0) | (kind != SXE_KIND_TCP ? SXE_FLAG_SPECIAL_IO : 0);
    this->parent = parent;
    this->sendfile_fd = -1;
    this->close_reason = SXE_RETURN_OK;
    this->close_errno = 0;
    in_use = sxe_globals.number - sxe_pool_get_number_in_state(sxe_globals.pool, SXE_STATE_FREE);

    if (in_use > sxe_globals.counters.open_peak) {
        sxe_globals.counters.open_peak = in_use;
    }

SXE_EARLY_OR_ERROR_OUT:
    return this;
}

/* sxe_alloc() for the constructors: when the pool is exhausted and a constructor is called from on_close, the object
 * being closed is closed now and taken (classic programs reconnect from on_close with a pool sized exactly: classic
 * SXE freed the object before on_close). Otherwise, when the pool is exhausted, log it at most once a second.
 */
SXE *sxe_alloc_new(SXE *parent, SXE_KIND kind)
{
    SXE *this = sxe_alloc(parent, kind);
    SXE *closing = sxe_globals.closing;

    if (this == NULL && closing != NULL && (closing->flags & SXE_FLAG_IN_ON_CLOSE)) {
        SXEL6("pool exhausted inside on_close of object %u: taking that object", closing->id);
        sxe_close(closing);
        this = sxe_alloc(parent, kind);
    }

    if (this == NULL && sxe_rate_limit(&sxe_globals.log_time_new_exhausted)) {
        SXEL3("cannot create a new object: all %u objects are in use", sxe_globals.number);
    }

    return this;
}

static void sxe_clear_object(SXE *this)
{
    char *in_buf = this->in_buf;
    unsigned id = this->id;
    unsigned generation = this->generation + 1;

    memset(this, 0, sizeof(*this));
    this->in_buf = in_buf;
    this->id = id;
    this->generation = generation;
    this->sock = -1;
}

/* Stop everything, close the socket and return the object to the pool. No callbacks. */
void sxe_release(SXE *this)
{
    if (SXE_UNLIKELY(this->flags & SXE_FLAG_TRANSPORT)) {
        sxe_transport_of(this)->release(this); /* its last bytes and goodbye (best effort), then its state goes */
    }

    ev_io_stop(sxe_loop(), &this->io_read);
    ev_io_stop(sxe_loop(), &this->io_write);
    sxe_defer_cancel(&this->deferred);

    if (this->sock >= 0) {
        sxe_syscalls.close(this->sock);

        if (this->flags & SXE_FLAG_UNLINK_PATH) {
            unlink(sxe_unix_path(this->unix_path));
        }
    }

    sxe_unix_path_put(this->unix_path);

    if (this->flags & SXE_FLAG_HANDOFF_PENDING) {
        sxe_handoff_drop(this);
    }

    sxe_timeout_class_put(this->idle_class);
    sxe_timeout_class_put(this->connect_class);
    sxe_pool_set_indexed_element_state(sxe_globals.pool, this->id, sxe_pool_index_to_state(sxe_globals.pool, this->id),
                                       SXE_STATE_FREE);
    sxe_clear_object(this);
}

SXE_RETURN
sxe_misuse(const SXE *this, const char *function)
{
    if (this == NULL) {
        SXEL2("%s(NULL): no object (the result of a failed constructor?)", function);
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    SXEL3I("%s(): object %u is not in use (closed, or never created)", function, this->id);
    return SXE_RETURN_ERROR_BAD_STATE;
}

/* True when `this` is one of the pool's objects (in use or free), else false (logged at level 2, naming `function`). */
static bool sxe_is_object(const SXE *this, const char *function)
{
    if (this == NULL) {
        sxe_misuse(this, function);
        return false;
    }

    if (sxe_globals.pool == NULL || (const char *)this < (const char *)sxe_globals.pool ||
        this->id >= sxe_globals.number || sxe_object(this->id) != this) {
        SXEL2("%s(%p): not an SXE object%s", function, (const void *)this,
              sxe_globals.pool == NULL ? " (sxe_init() has not been called)" : "");
        return false;
    }

    return true;
}

SXE_RETURN
sxe_check_object(const SXE *this, const char *function)
{
    if (!sxe_is_object(this, function)) {
        return SXE_RETURN_ERROR_BAD_PARAMETER;
    }

    return this->kind != 0 ? SXE_RETURN_OK : sxe_misuse(this, function);
}

SXE_RETURN
sxe_close(SXE *this)
{
    SXE_RETURN result = SXE_RETURN_ERROR_BAD_PARAMETER;
    SXE_OUT_EVENT_WRITTEN on_complete;

    if (!sxe_is_object(this, "sxe_close")) {
        return result;
    }

    result = SXE_RETURN_WARN_ALREADY_CLOSED;
    SXEE6I("sxe_close()");

    if (sxe_pool_index_to_state(sxe_globals.pool, this->id) == SXE_STATE_FREE || (this->flags & SXE_FLAG_IN_CLOSE)) {
        SXEL3I("sxe_close(): object %u is already closed", this->id);
        goto SXE_EARLY_OUT;
    }

    this->flags |= SXE_FLAG_IN_CLOSE;

    if (this->flags & SXE_FLAG_SEND_PENDING) { /* with IN_CLOSE set, on_complete cannot start another send */
        on_complete = this->on_complete;
        this->flags &= ~SXE_FLAG_SEND_PENDING;
        this->on_complete = NULL;

        if (on_complete != NULL) {
            on_complete(this, SXE_RETURN_ERROR_NO_CONNECTION);
        }
    }

    sxe_release(this);
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    SXER6I("return %s", sxe_return_to_string(result));
    return result;
}

/* The peer closed, an error occurred, or a timeout fired: complete a pending send, call on_close, free. A send
 * started by that on_complete or by on_close and still pending is completed by sxe_close() before the free.
 * `error` is the errno behind the close (SXE_CLOSE_ERRNO), 0 when none.
 */
void sxe_close_from_peer(SXE *this, SXE_RETURN reason, int error)
{
    unsigned generation = this->generation;

    SXEE6I("sxe_close_from_peer(reason=%s, error=%d)", sxe_return_to_string(reason), error);
    this->close_reason = reason;
    this->close_errno = error;

    if (this->flags & SXE_FLAG_SEND_PENDING) {
        sxe_send_complete(this, SXE_RETURN_ERROR_NO_CONNECTION, true);

        if (this->generation != generation) {
            goto SXE_EARLY_OUT; /* closed by on_complete */
        }
    }

    if (this->on_close != NULL && !(this->flags & SXE_FLAG_UNREPORTED)) { /* never reported: never closed either */
        SXE *closing = sxe_globals.closing;

        this->flags |= SXE_FLAG_IN_ON_CLOSE;
        sxe_globals.closing = this;
        this->on_close(this);
        sxe_globals.closing = closing;

        if (this->generation != generation) {
            goto SXE_EARLY_OUT; /* closed by on_close (or taken by a constructor called from it) */
        }

        this->flags &= ~SXE_FLAG_IN_ON_CLOSE;
    }

    sxe_close(this);

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return");
}

/* Adopt socket fd: watchers are set up but not started. */
void sxe_start_socket(SXE *this, int fd)
{
    this->sock = fd;
    ev_io_init(&this->io_read,
               this->kind == SXE_KIND_UDP ? sxe_io_read_udp
                                          : (this->flags & SXE_FLAG_LISTENING ? sxe_io_accept : sxe_io_read),
               fd, EV_READ);
    ev_io_init(&this->io_write, sxe_io_write, fd, EV_WRITE);
}

/* Start or stop the read watcher according to the object's flags. */
void sxe_update_read_watcher(SXE *this)
{
    bool want = this->sock >= 0 && (this->flags & (SXE_FLAG_LISTENING | SXE_FLAG_CONNECTED)) &&
                !(this->flags & (SXE_FLAG_PAUSED | SXE_FLAG_BUF_FULL | SXE_FLAG_PEER_CLOSED | SXE_FLAG_ACCEPT_BACKOFF |
                                 SXE_FLAG_TRANSPORT_HOLD));

    if (want && !ev_is_active(&this->io_read)) {
        ev_io_start(sxe_loop(), &this->io_read);

        if (SXE_UNLIKELY((this->flags & (SXE_FLAG_TRANSPORT | SXE_FLAG_LISTENING)) == SXE_FLAG_TRANSPORT)) {
            ev_feed_event(sxe_loop(), &this->io_read, EV_READ); /* input the transport holds needs no socket event */
        }
    } else if (!want && ev_is_active(&this->io_read)) {
        ev_io_stop(sxe_loop(), &this->io_read);
    }
}

/* Put the object in the pool state that matches its timeouts: connecting or idle class, else USED. */
void sxe_update_pool_state(SXE *this)
{
    unsigned want = SXE_STATE_USED;
    unsigned have = sxe_pool_index_to_state(sxe_globals.pool, this->id);

    SXEA1I(have != SXE_STATE_FREE, "object %u is not in use (already closed?)", this->id);

    if ((this->flags & (SXE_FLAG_CONNECTING | SXE_FLAG_HANDSHAKE)) && this->connect_class != 0) {
        want = SXE_STATE_TIMED + this->connect_class - 1;
    } else if ((this->flags & SXE_FLAG_CONNECTED) && this->idle_class != 0) {
        want = SXE_STATE_TIMED + this->idle_class - 1;
    }

    if (want != have) {
        sxe_pool_set_indexed_element_state(sxe_globals.pool, this->id, have, want);
    }
}

/* Runs from the loop for an object: re-delivery after sxe_buf_resume(), or a connect that failed at once. */
void sxe_object_deferred(void *arg)
{
    SXE *this = arg;

    if (this->flags & SXE_FLAG_PENDING_FAIL) {
        this->flags &= ~SXE_FLAG_PENDING_FAIL;
        sxe_globals.counters.connect_failed++;
        sxe_close_from_peer(this, this->close_reason, this->close_errno);
        return;
    }

    if (this->flags & SXE_FLAG_PENDING_CONNECTED) { /* socketpair, adopted fd: on_connected, bytes, then reading */
        unsigned generation = this->generation;

        this->flags &= ~SXE_FLAG_PENDING_CONNECTED;

        if (this->on_connected != NULL) {
            this->on_connected(this);
        }

        if (this->generation == generation) {
            sxe_deliver_buffered(this); /* sxe_new_from_fd(): the bytes received by the other thread (not if paused) */
        }

        if (this->generation == generation) {
            sxe_update_read_watcher(this);
        }

        return;
    }

    if (this->flags & SXE_FLAG_PENDING_RESUME) {
        this->flags &= ~SXE_FLAG_PENDING_RESUME;
        sxe_deliver_buffered(this);
    }
}

SXE_RETURN
sxe_errno_to_return(int error)
{
    switch (error) {
        case EADDRINUSE:
            return SXE_RETURN_ERROR_ADDRESS_IN_USE;
        case EADDRNOTAVAIL:
        case EAFNOSUPPORT:
        case EINVAL:
            return SXE_RETURN_ERROR_INVALID_ADDRESS;
        case EACCES:
        case EPERM:
            return SXE_RETURN_ERROR_PERMISSION;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
            return SXE_RETURN_ERROR_OUT_OF_FILES;
        case ENOMEM:
            return SXE_RETURN_ERROR_OUT_OF_MEMORY;
        case ECONNREFUSED:
        case ENOENT:
        case EAGAIN:
            return SXE_RETURN_ERROR_CONNECTION_REFUSED;
        case ETIMEDOUT:
            return SXE_RETURN_ERROR_TIMEOUT;
        case ENETUNREACH:
        case EHOSTUNREACH:
        case ECONNRESET:
        case ECONNABORTED:
        case EPIPE:
            return SXE_RETURN_ERROR_NO_CONNECTION;
        default:
            return SXE_RETURN_ERROR_INTERNAL;
    }
}

/* Parse an IPv4 or IPv6 literal (NULL and the classic "INADDR_ANY" = "0.0.0.0") and a port into addr. */
SXE_RETURN
sxe_parse_address(SXE_SOCKADDR *addr, const char *ip, int port)
{
    SXE_RETURN result = SXE_RETURN_ERROR_INVALID_ADDRESS;

    memset(addr, 0, sizeof(*addr));
    ip = ip == NULL || strcmp(ip, SXE_IP_ADDR_ANY) == 0 ? "0.0.0.0" : ip;

    if (port < 0 || port > 65535) {
        SXEL3("invalid port %d", port);
        goto SXE_ERROR_OUT;
    }

    if (inet_pton(AF_INET, ip, &addr->in.sin_addr) == 1) {
        addr->in.sin_family = AF_INET;
        addr->in.sin_port = htons((unsigned short)port);
    } else if (inet_pton(AF_INET6, ip, &addr->in6.sin6_addr) == 1) {
        addr->in6.sin6_family = AF_INET6;
        addr->in6.sin6_port = htons((unsigned short)port);
    } else {
        SXEL3("invalid IP address '%s': not an IPv4 or IPv6 literal (names are not resolved)", ip);
        goto SXE_ERROR_OUT;
    }

    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

socklen_t sxe_sockaddr_length(const SXE_SOCKADDR *addr)
{
    switch (addr->sa.sa_family) {
        case AF_INET:
            return sizeof(struct sockaddr_in);
        case AF_INET6:
            return sizeof(struct sockaddr_in6);
        default:
            return sizeof(*addr);
    }
}

/* The address to give bind(2)/connect(2): `addr` for IP objects, the object's path (in *unix_address) for unix ones. */
const struct sockaddr *sxe_socket_address(SXE *this, const SXE_SOCKADDR *addr, struct sockaddr_un *unix_address,
                                          socklen_t *length)
{
    if (this->kind == SXE_KIND_UNIX) {
        *length = sxe_unix_sockaddr(this->unix_path, unix_address);
        return (const struct sockaddr *)unix_address;
    }

    *length = sxe_sockaddr_length(addr);
    return &addr->sa;
}

static bool sxe_is_wildcard(const SXE_SOCKADDR *addr)
{
    static const struct in6_addr any6 = IN6ADDR_ANY_INIT;

    if (addr->sa.sa_family == AF_INET) {
        return addr->in.sin_addr.s_addr == htonl(INADDR_ANY) && addr->in.sin_port == 0;
    }

    return memcmp(&addr->in6.sin6_addr, &any6, sizeof(any6)) == 0 && addr->in6.sin6_port == 0;
}

/* The constructors' common checks: false (logged at level 2, naming `function`) before sxe_init() or without an
 * on_read callback.
 */
bool sxe_can_construct(SXE_IN_EVENT_READ on_read, const char *function)
{
    if (sxe_globals.pool == NULL) {
        SXEL2("%s(): sxe_init() has not been called", function);
        return false;
    }

    if (on_read == NULL) {
        SXEL2("%s(): on_read is required", function);
        return false;
    }

    return true;
}

static SXE *sxe_new_ip(SXE *parent, SXE_KIND kind, const char *local_ip, int local_port,
                       SXE_IN_EVENT_CONNECTED on_connected, SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close)
{
    const char *function = kind == SXE_KIND_UDP ? "sxe_new_udp" : "sxe_new_tcp";
    SXE_SOCKADDR addr;
    SXE *this = NULL;

    if (!sxe_can_construct(on_read, function)) {
        goto SXE_ERROR_OUT;
    }

    if (sxe_parse_address(&addr, local_ip, local_port) != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    if ((this = sxe_alloc_new(parent, kind)) == NULL) {
        goto SXE_ERROR_OUT;
    }

    this->local_addr = addr;
    this->on_connected = on_connected;
    this->on_read = on_read;
    this->on_close = on_close;
    this->flags |= sxe_is_wildcard(&addr) ? SXE_FLAG_NO_BIND : 0;

SXE_EARLY_OR_ERROR_OUT:
    return this;
}

SXE *sxe_new_tcp(SXE *parent, const char *local_ip, int local_port, SXE_IN_EVENT_CONNECTED on_connected,
                 SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close)
{
    SXE *this;

    SXEE6("sxe_new_tcp(local_ip=%s, local_port=%d)", local_ip ? local_ip : "NULL", local_port);
    this = sxe_new_ip(parent, SXE_KIND_TCP, local_ip, local_port, on_connected, on_read, on_close);
    SXER6("return id=%d", this ? (int)this->id : -1);
    return this;
}

SXE *sxe_new_udp(SXE *parent, const char *local_ip, int local_port, SXE_IN_EVENT_READ on_read)
{
    SXE *this;

    SXEE6("sxe_new_udp(local_ip=%s, local_port=%d)", local_ip ? local_ip : "NULL", local_port);
    this = sxe_new_ip(parent, SXE_KIND_UDP, local_ip, local_port, NULL, on_read, NULL);
    SXER6("return id=%d", this ? (int)this->id : -1);
    return this;
}

/* sxe_new_unix() and sxe_new_pipe(), logging as `function`. */
static SXE *sxe_new_unix_common(SXE *parent, const char *path, SXE_IN_EVENT_CONNECTED on_connected,
                                SXE_IN_EVENT_READ on_read, SXE_IN_EVENT_CLOSE on_close, const char *function)
{
    SXE *this = NULL;

    SXEE6("%s(path=%s)", function, path ? path : "NULL");

    if (!sxe_can_construct(on_read, function)) {
        goto SXE_ERROR_OUT;
    }

    if (path == NULL || path[0] == '\0' || strlen(path) > SXE_UNIX_PATH_MAXIMUM) {
        SXEL3("%s(path=%s): the path is NULL, empty or longer than %zu bytes", function, path ? path : "NULL",
              SXE_UNIX_PATH_MAXIMUM);
        goto SXE_ERROR_OUT;
    }

    if ((this = sxe_alloc_new(parent, SXE_KIND_UNIX)) == NULL) {
        goto SXE_ERROR_OUT;
    }

    if ((this->unix_path = sxe_unix_path_get(path)) == 0) {
        SXEL3("cannot create a unix object on '%s': %u distinct paths are in use", path, SXE_UNIX_PATHS_MAXIMUM);
        sxe_release(this);
        this = NULL;
        goto SXE_ERROR_OUT;
    }

    this->local_addr.sa.sa_family = AF_UNIX;
    this->on_connected = on_connected;
    this->on_read = on_read;
    this->on_close = on_close;

SXE_EARLY_OR_ERROR_OUT:
    SXER6("return id=%d", this ? (int)this->id : -1);
    return this;
}

SXE *sxe_new_unix(SXE *parent, const char *path, SXE_IN_EVENT_CONNECTED on_connected, SXE_IN_EVENT_READ on_read,
                  SXE_IN_EVENT_CLOSE on_close)
{
    return sxe_new_unix_common(parent, path, on_connected, on_read, on_close, "sxe_new_unix");
}

SXE *sxe_new_pipe(SXE *parent, const char *path, SXE_IN_EVENT_CONNECTED on_connected, SXE_IN_EVENT_READ on_read,
                  SXE_IN_EVENT_CLOSE on_close)
{
    return sxe_new_unix_common(parent, path, on_connected, on_read, on_close, "sxe_new_pipe");
}

void sxe_set_half_close(SXE *this, bool enable)
{
    if (sxe_check_object(this, "sxe_set_half_close") != SXE_RETURN_OK) {
        return;
    }

    this->flags = enable ? this->flags | SXE_FLAG_HALF_CLOSE : this->flags & ~SXE_FLAG_HALF_CLOSE;
}

void sxe_set_nodelay(SXE *this, bool enable)
{
    int value = enable ? 1 : 0;

    if (sxe_check_object(this, "sxe_set_nodelay") != SXE_RETURN_OK) {
        return;
    }

    this->flags = enable ? this->flags & ~SXE_FLAG_NO_NODELAY : this->flags | SXE_FLAG_NO_NODELAY;

    if (this->kind != SXE_KIND_TCP || this->sock < 0) {
        /* nothing to apply now: a client's next sxe_connect(), a listener's sxe_listen() does */
    } else if (this->flags & SXE_FLAG_LISTENING) {
        sxe_listener_set_nodelay(this, enable); /* inherited by the connections it accepts from now on */
    } else if (this->flags & SXE_FLAG_CONNECTED) {
        sxe_syscalls.setsockopt(this->sock, IPPROTO_TCP, TCP_NODELAY, &value, sizeof(value));
    }
}

void sxe_set_refused_hook(SXE *listener, SXE_REFUSED_HOOK hook)
{
    SXE *this = listener; /* for the I log macros */

    if (sxe_check_object(listener, "sxe_set_refused_hook") != SXE_RETURN_OK) {
        return;
    }

    if (listener->flags & (SXE_FLAG_CONNECTED | SXE_FLAG_CONNECTING)) {
        SXEL3I("sxe_set_refused_hook(): object %u is a connection, not a listener; ignored", this->id);
        return;
    }

    listener->on_refused = hook;
}

/* sxe_set_idle_timeout() (idle) and sxe_set_connect_timeout() (!idle). */
static SXE_RETURN sxe_set_timeout_class(SXE *this, bool idle, double seconds, const char *function)
{
    SXE_RETURN result;
    unsigned char *class_plus_one;
    unsigned class = 0;

    if ((result = sxe_check_object(this, function)) != SXE_RETURN_OK) {
        goto SXE_ERROR_OUT;
    }

    class_plus_one = idle ? &this->idle_class : &this->connect_class;
    result = SXE_RETURN_ERROR_BAD_PARAMETER;

    if (!(seconds >= 0)) {
        SXEL3I("%s(%f): not a number of seconds >= 0", function, seconds);
        goto SXE_ERROR_OUT;
    }

    if (seconds > 0 && (class = sxe_timeout_class_get(seconds)) == 0) {
        result = SXE_RETURN_ERROR_NOT_SUPPORTED;
        SXEL3I("%s(%f): no free timeout class: %u distinct values already in use", function, seconds,
               SXE_TIMEOUT_CLASSES_MAXIMUM);
        goto SXE_ERROR_OUT;
    }

    sxe_timeout_class_put(*class_plus_one);
    *class_plus_one = (unsigned char)class;
    sxe_update_pool_state(this);
    result = SXE_RETURN_OK;

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

SXE_RETURN
sxe_set_idle_timeout(SXE *this, double seconds)
{
    return sxe_set_timeout_class(this, true, seconds, "sxe_set_idle_timeout");
}

SXE_RETURN
sxe_set_connect_timeout(SXE *this, double seconds)
{
    return sxe_set_timeout_class(this, false, seconds, "sxe_set_connect_timeout");
}

/* Look the local address of an IP object up once (getsockname), when it has a socket. */
static void sxe_learn_local_addr(SXE *this)
{
    socklen_t len = sizeof(this->local_addr);

    if (!(this->flags & SXE_FLAG_LOCAL_PORT_KNOWN) && this->sock >= 0 && this->kind != SXE_KIND_UNIX) {
        if (sxe_syscalls.getsockname(this->sock, &this->local_addr.sa, &len) == 0) {
            this->flags |= SXE_FLAG_LOCAL_PORT_KNOWN;
        }
    }
}

unsigned short sxe_get_local_port(SXE *this)
{
    if (sxe_check_object(this, "sxe_get_local_port") != SXE_RETURN_OK || this->kind == SXE_KIND_UNIX) {
        return 0;
    }

    sxe_learn_local_addr(this);
    return ntohs(this->local_addr.in.sin_port);
}

struct sockaddr_in *sxe_get_local_addr(SXE *this)
{
    if (sxe_check_object(this, "sxe_get_local_addr") != SXE_RETURN_OK) {
        return NULL;
    }

    sxe_learn_local_addr(this);
    return &this->local_addr.in;
}

const char *sxe_peer_addr_string(SXE *this, char *buf, unsigned size)
{
    char text[SXE_UNIX_PATH_MAXIMUM + 1] = "";

    if (buf == NULL) {
        SXEL2("sxe_peer_addr_string(buf=NULL): nowhere to write the address");
        return NULL;
    }

    switch (sxe_check_object(this, "sxe_peer_addr_string") != SXE_RETURN_OK ? AF_UNSPEC
                                                                            : this->peer_addr.sa.sa_family) {
        case AF_INET:
            inet_ntop(AF_INET, &this->peer_addr.in.sin_addr, text, sizeof(text));
            break;
        case AF_INET6:
            inet_ntop(AF_INET6, &this->peer_addr.in6.sin6_addr, text, sizeof(text));
            break;
        case AF_UNIX:
            strcpy(text, sxe_unix_path(this->unix_path));
            break;
        default:
            break;
    }

    if (size > 0) {
        snprintf(buf, size, "%s", text);
    }

    return buf;
}

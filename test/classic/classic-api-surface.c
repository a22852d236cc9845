/* classic-api-surface.c: every public name of the classic SXE library (lib-sxe, lib-sxe-pool, lib-sxe-log,
 * lib-sxe-util: the names a daemon uses; see PORTING.md) with its classic signature. Compiled with -Werror against the
 * installed library, it fails when a name disappears or its type changes: each function is assigned to a pointer of
 * its exact classic type (a different type is an error), each constant is checked against its classic value, and
 * each macro is used as classic code used it. Linked and run, it proves every function is in the library. It prints
 * how many names it checked.
 *
 * Where libsxe deliberately kept a wider signature that every classic call still compiles against (int ports instead
 * of unsigned short, a const void * destination), a classic call is compiled instead of the pointer check: those are
 * marked "call" below, and each is a line of PORTING.md.
 */
#include "ev.h"
#include "sxe-list.h"
#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe-socket.h"
#include "sxe-time.h"
#include "sxe-util.h"
#include "sxe.h"

static unsigned names;

#define FUNCTION(type, name)                                                                                           \
    do {                                                                                                               \
        __typeof__(type) pointer_ = name;                                                                              \
        names += pointer_ != NULL;                                                                                     \
    } while (0)
#define CONSTANT(name, value)                                                                                          \
    do {                                                                                                               \
        _Static_assert((name) == (value), #name " has its classic value");                                             \
        names++;                                                                                                       \
    } while (0)
#define NAME(expression)                                                                                               \
    do {                                                                                                               \
        (void)(expression);                                                                                            \
        names++;                                                                                                       \
    } while (0)

typedef struct ELEMENT {
    unsigned id;
    SXE_LIST_NODE node;
} ELEMENT;

/* ---- sxe.h ---------------------------------------------------------------------------------------------------- */

static void classic_callbacks(SXE *this)
{
    SXE_IN_EVENT_READ read_event = NULL;
    SXE_IN_EVENT_CLOSE close_event = NULL;
    SXE_IN_EVENT_CONNECTED connected_event = NULL;
    SXE_OUT_EVENT_WRITTEN written_event = NULL;
    void (*read_type)(struct SXE *, int) = read_event;
    void (*close_type)(struct SXE *) = close_event;
    void (*connected_type)(struct SXE *) = connected_event;
    void (*written_type)(struct SXE *, SXE_RETURN) = written_event;

    (void)read_type;
    (void)close_type;
    (void)connected_type;
    (void)written_type;
    names += 4;

    /* the accessors, used as classic code did (never run: `this` is NULL) */
    NAME(SXE_BUF(this));
    NAME(SXE_BUF_USED(this));
    NAME(SXE_BUF_STRNSTR(this, "x"));
    NAME(SXE_BUF_STRNCASESTR(this, "x"));
    NAME(SXE_PEER_ADDR(this)->sin_addr);
    NAME(SXE_PEER_PORT(this));
    NAME(SXE_LOCAL_PORT(this));
    NAME(SXE_LOCAL_ADDR(this)->sin_port);
    SXE_USER_DATA(this) = NULL;
    SXE_USER_DATA_AS_INT(this) = 1;
    SXE_EVENT_READ(this) = read_event;
    SXE_EVENT_CLOSE(this) = close_event;
    names += 4;
    NAME(SXE_LAST_WRITE_LENGTH(this));
    NAME(SXE_ID(this));
    NAME(SXE_WRITE_LITERAL(this, "literal"));
    NAME(SXE_SEND_LITERAL(this, "literal", written_event));
    SXE_BUF_CLEAR(this);
    names++;
    NAME(this + 1); /* the extra bytes */
}

static void classic_sxe(void)
{
    static char buffer[SXE_BUF_SIZE]; /* a constant, as classic code used it */
    SXE_BUFFER sxe_buffer;
    SXE_LIST buffer_list;
    SXE_BUF_RESUME resume = SXE_BUF_RESUME_IMMEDIATE;

    CONSTANT(SXE_BUF_SIZE, 1500);
    CONSTANT(sizeof(buffer), 1500);
    NAME(SXE_IP_ADDR_ANY[0] == 'I');
    CONSTANT(SXE_FLAG_IS_STREAM, 0x00000001);
    CONSTANT(SXE_FLAG_IS_ONESHOT, 0x00000002);
    CONSTANT(SXE_FLAG_IS_CALLER_READS, 0x00000004);
    CONSTANT(SXE_FLAG_IS_PAUSED, 0x00000008);
    CONSTANT(SXE_BUF_RESUME_IMMEDIATE, 0);
    CONSTANT(SXE_BUF_RESUME_WHEN_MORE_DATA, 1);
    NAME(resume);

    FUNCTION(void (*)(unsigned, unsigned), sxe_register);
    FUNCTION(SXE_RETURN(*)(void), sxe_init);
    FUNCTION(SXE_RETURN(*)(void), sxe_fini);
    FUNCTION(bool (*)(SXE *), sxe_is_valid);
    FUNCTION(unsigned (*)(void), sxe_diag_get_free_count);
    FUNCTION(unsigned (*)(void), sxe_diag_get_used_count);
    FUNCTION(SXE * (*)(SXE *, const char *, SXE_IN_EVENT_CONNECTED, SXE_IN_EVENT_READ, SXE_IN_EVENT_CLOSE),
             sxe_new_pipe);
    FUNCTION(SXE * (*)(SXE *, int *, SXE_IN_EVENT_CONNECTED, SXE_IN_EVENT_READ, SXE_IN_EVENT_CLOSE),
             sxe_new_socketpair);
    FUNCTION(SXE_RETURN(*)(SXE *), sxe_listen);
    FUNCTION(SXE_RETURN(*)(SXE *), sxe_listen_oneshot);
    FUNCTION(SXE_RETURN(*)(SXE *, unsigned), sxe_listen_plus);
    FUNCTION(void (*)(int), sxe_set_listen_backlog);
    FUNCTION(SXE_RETURN(*)(SXE *), sxe_connect_pipe);
    FUNCTION(const struct sockaddr_in *(*)(struct sockaddr_in *, const char *, unsigned short), sxe_construct_address);
    FUNCTION(struct sockaddr_in * (*)(SXE *), sxe_get_local_addr);
    FUNCTION(SXE_RETURN(*)(SXE *, const void *, unsigned), sxe_write);
    FUNCTION(SXE_RETURN(*)(SXE *, const void *, unsigned, int), sxe_write_pipe);
    FUNCTION(SXE_RETURN(*)(SXE *, const void *, unsigned, SXE_OUT_EVENT_WRITTEN), sxe_send);
    FUNCTION(SXE_RETURN(*)(SXE *, SXE_LIST *, SXE_OUT_EVENT_WRITTEN), sxe_send_buffers);
    FUNCTION(void (*)(SXE *, SXE_OUT_EVENT_WRITTEN), sxe_notify_writable);
    FUNCTION(SXE_RETURN(*)(SXE *, int, off_t *, unsigned, SXE_OUT_EVENT_WRITTEN), sxe_sendfile);
    FUNCTION(void (*)(SXE *), sxe_dump);
    FUNCTION(SXE_RETURN(*)(SXE *), sxe_close);
    FUNCTION(void (*)(SXE *), sxe_buf_clear);
    FUNCTION(void (*)(SXE *, unsigned), sxe_buf_consume);
    FUNCTION(void (*)(SXE *, SXE_BUF_RESUME), sxe_buf_resume);
    FUNCTION(void (*)(SXE *), sxe_pause);
    FUNCTION(void (*)(ev_timer *, void (*)(struct ev_loop *, ev_timer *, int), double, double), sxe_timer_init);
    FUNCTION(void (*)(ev_timer *), sxe_timer_start);
    FUNCTION(void (*)(ev_timer *), sxe_timer_stop);
    FUNCTION(void (*)(ev_timer *, double, double), sxe_timer_set);
    FUNCTION(void (*)(ev_timer *), sxe_timer_again);
    FUNCTION(void (*)(SXE_BUFFER *, char *, unsigned, unsigned), sxe_buffer_construct);
    FUNCTION(void (*)(SXE_BUFFER *, const char *, unsigned), sxe_buffer_construct_const);
    FUNCTION(void (*)(SXE_LIST *), sxe_buffer_list_construct);
    sxe_buffer_construct_const(&sxe_buffer, "x", 1);
    NAME(sxe_buffer.ptr != NULL && sxe_buffer.len == 1 && sxe_buffer.sent == 0 &&
         sxe_buffer.space[0] == sxe_buffer.space[0]);
    sxe_buffer_list_construct(&buffer_list);
    sxe_list_push(&buffer_list, &sxe_buffer);

    if (names == 0) { /* call: never run; wider signatures that classic calls compile against (PORTING.md) */
        SXE *that = sxe_new_tcp(NULL, "INADDR_ANY", (unsigned short)80, NULL, NULL, NULL);
        struct sockaddr_in to;

        that = sxe_new_udp(that, SXE_IP_ADDR_ANY, (unsigned short)53, NULL);
        sxe_connect(that, "127.0.0.1", (unsigned short)80);
        sxe_write_to(that, "x", 1, sxe_construct_address(&to, "127.0.0.1", 53));
        classic_callbacks(that);
    }

    names += 4; /* sxe_new_tcp, sxe_new_udp, sxe_connect, sxe_write_to */
}

/* ---- sxe-log.h ------------------------------------------------------------------------------------------------ */

static void classic_line_out(SXE_LOG_LEVEL level, const char *line)
{
    (void)level;
    (void)line;
}
static unsigned classic_prefix(char *buffer, unsigned id, SXE_LOG_LEVEL level)
{
    (void)buffer;
    (void)id;
    (void)level;
    return 0;
}
static void classic_assert_callback(void) {}
static int classic_printflike(const char *format, ...) __printflike(1, 2);
static int classic_printflike(const char *format, ...)
{
    return format != NULL;
}
static void classic_noreturn(void) __noreturn;
static void classic_noreturn(void)
{
    abort();
}

static int classic_labels(int value)
{
    SXE_BOOL result = SXE_FALSE;

    if (value < 0) {
        goto SXE_ERROR_OUT;
    }

    if (value == 0) {
        goto SXE_EARLY_OUT;
    }

    result = SXE_TRUE;

SXE_EARLY_OR_ERROR_OUT:
    return result;
}

static void classic_log(void)
{
    unsigned id = 1;
    SXE *this = NULL; /* what the I macros read */

    (void)this;
    CONSTANT(SXE_RETURN_OK, 0);
    CONSTANT(SXE_RETURN_NO_SUCH_PROCESS, ESRCH);
    CONSTANT(SXE_RETURN_ERROR_INTERRUPTED, EINTR);
    CONSTANT(SXE_RETURN_ERROR_WRITE_FAILED, EIO);
    CONSTANT(SXE_RETURN_ERROR_COMMAND_NOT_RUN, ENOEXEC);
    CONSTANT(SXE_RETURN_WARN_ALREADY_CLOSED, EBADF);
    CONSTANT(SXE_RETURN_WARN_WOULD_BLOCK, EAGAIN);
    CONSTANT(SXE_RETURN_ERROR_ALLOC, ENOMEM);
    CONSTANT(SXE_RETURN_ERROR_INVALID, EINVAL);
    CONSTANT(SXE_RETURN_OUT_OF_RANGE, ERANGE);
    CONSTANT(SXE_RETURN_DEADLOCK_WOULD_OCCUR, EDEADLK);
    CONSTANT(SXE_RETURN_ERROR_LOCK_NOT_TAKEN, ENOLCK);
    CONSTANT(SXE_RETURN_END_OF_FILE, ENODATA);
    CONSTANT(SXE_RETURN_ERROR_BAD_MESSAGE, EBADMSG);
    CONSTANT(SXE_RETURN_ERROR_INCORRECT_STATE, EBADFD);
    CONSTANT(SXE_RETURN_ERROR_ADDRESS_IN_USE, EADDRINUSE);
    CONSTANT(SXE_RETURN_NO_UNUSED_ELEMENTS, ENOBUFS);
    CONSTANT(SXE_RETURN_ERROR_ALREADY_CONNECTED, EISCONN);
    CONSTANT(SXE_RETURN_ERROR_NO_CONNECTION, ENOTCONN);
    CONSTANT(SXE_RETURN_ERROR_TIMED_OUT, ETIMEDOUT);
    CONSTANT(SXE_RETURN_WARN_ALREADY_INITIALIZED, EALREADY);
    CONSTANT(SXE_RETURN_IN_PROGRESS, EINPROGRESS);
    CONSTANT(SXE_RETURN_ERROR_NOT_INITIALIZED, EUCLEAN);
    CONSTANT(SXE_RETURN_UNCATEGORIZED, EMEDIUMTYPE);
    CONSTANT(SXE_RETURN_EXPIRED_VALUE, EKEYEXPIRED);
    CONSTANT(SXE_RETURN_ERROR_INTERNAL, ENOTRECOVERABLE);
    CONSTANT(SXE_RETURN_INVALID_VALUE, INT_MAX);
    CONSTANT(SXE_RETURN_WARN_CACHE_DOUBLE_INITIALIZED, EALREADY);
    CONSTANT(SXE_RETURN_ERROR_BAD_MESSAGE_RECEIVED, EBADMSG);
    CONSTANT(SXE_RETURN_ERROR_CACHE_UNINITIALIZED, EUCLEAN);
    CONSTANT(SXE_RETURN_ERROR_INVALID_URI, EINVAL);
    CONSTANT(SXE_LOG_LEVEL_UNDER_MINIMUM, 0);
    CONSTANT(SXE_LOG_LEVEL_FATAL, 1);
    CONSTANT(SXE_LOG_LEVEL_ERROR, 2);
    CONSTANT(SXE_LOG_LEVEL_WARNING, 3);
    CONSTANT(SXE_LOG_LEVEL_INFORMATION, 4);
    CONSTANT(SXE_LOG_LEVEL_DEBUG, 5);
    CONSTANT(SXE_LOG_LEVEL_TRACE, 6);
    CONSTANT(SXE_LOG_LEVEL_DUMP, 7);
    CONSTANT(SXE_LOG_LEVEL_OVER_MAXIMUM, 8);
    CONSTANT(SXE_LOG_BUFFER_SIZE, 1024);
    CONSTANT(SXE_LOG_NO_ID, ~0U);
    CONSTANT(SXE_LOG_OPTION_LEVEL_TEXT, 0x00000001);
    CONSTANT(SXE_LOG_OPTION_ID_HEX, 0x00000002);
    NAME(classic_printflike("%d", 1));
    NAME(classic_noreturn);
    NAME(classic_labels(1));
    SXE_UNUSED_PARAMETER(id);
    SXE_UNUSED_ARGUMENT(id);
    names += 2;

    FUNCTION(const char *(*)(SXE_RETURN), sxe_return_to_string);
    FUNCTION(SXE_LOG_LEVEL(*)(SXE_LOG_LEVEL), sxe_log_set_level);
    FUNCTION(SXE_LOG_LEVEL(*)(void), sxe_log_get_level);
    FUNCTION(SXE_LOG_LEVEL(*)(SXE_LOG_LEVEL), sxe_log_decrease_level);
    FUNCTION(void (*)(unsigned), sxe_log_set_options);
    FUNCTION(void (*)(unsigned), sxe_log_set_thread_id);
    FUNCTION(SXE_LOG_LINE_OUT_PTR(*)(void (*)(SXE_LOG_LEVEL, const char *)), sxe_log_hook_line_out);
    FUNCTION(SXE_LOG_BUFFER_PREFIX_PTR(*)(unsigned (*)(char *, unsigned, SXE_LOG_LEVEL)), sxe_log_hook_buffer_prefix);
    FUNCTION(void (*)(const char *, int, int), sxe_log_use_syslog);
    FUNCTION(void (*)(void), sxe_log_control_forget_all_levels);
    FUNCTION(size_t(*)(char *, const char *, size_t), sxe_strlcpy);
    FUNCTION(size_t(*)(char *, const char *, size_t), sxe_strlcat);
    FUNCTION(char *(*)(char *, unsigned, const char *, unsigned), sxe_strn_encode);
    FUNCTION(SXE_LOG_LINE_OUT_PTR, classic_line_out);
    FUNCTION(SXE_LOG_BUFFER_PREFIX_PTR, classic_prefix);
    FUNCTION(SXE_LOG_ASSERT_CB, classic_assert_callback);
    SXE_LOG_ASSERT_SET_CALLBACK(classic_assert_callback);
    NAME(sxe_log_assert_cb);
    NAME(SXE_FILE[0]);
    SXE_IF_LEVEL_GE(SXE_LOG_LEVEL_DUMP)
    {
        names += 0;
    }
    names++;

    /* the macro families, modern and classic spellings, with and without I */
    SXEE6("entry");
    SXEL1("%s", "line");
    SXEL13("%s %s %s", "three", "argument", "count");
    SXEL60I("with an id");
    SXEA10(1, "assert");
    SXEA6(1, "assert");
    SXEV1(id, == 1, "verify");
    SXEV61(id, == 1, "verify %u", id);
    SXED10(&id, 0);
    SXEL1A6(1, "assert in debug, log in release");
    SXEL2A6(1, "level 2");
    SXEL3A6(1, "level 3");
    SXEL4A6(1, "level 4");
    SXEL5A6(1, "level 5");
    SXER60("return");
    names += 15;
}

/* ---- sxe-util.h, sxe-time.h, sxe-socket.h, sxe-list.h ------------------------------------------------------------ */

static void classic_util(void)
{
    SXE_SHA1 sha1;
    SXE_STAT status;
    SXE_SOCKET socket_number = SXE_SOCKET_INVALID;
    SXE_SOCKLEN_T length = 0;
    SXE_TIME now = 0;
    SXE_TIME_FRACTION fraction = 0;
    char relocated[4];

    CONSTANT(SXE_LITERAL_LENGTH("abc"), 3);
    CONSTANT(SXE_UNSIGNED_MAXIMUM, ~0U);
    CONSTANT(SXE_BIT_OPTION(2), 4);
    NAME(SXE_CAST(char *, relocated));
    NAME(SXE_CAST_NOCONST(char *, (const char *)relocated));
    NAME(SXE_PTR_FIX(relocated, char *, SXE_PTR_REL(relocated, char *, &relocated[1])));
    NAME(SXE_ROT13_CHAR('a'));
    NAME(sxe_rot13_char[0]);
    NAME(sha1.word[0] = 0);
    NAME(SXE_BOOL_TO_STR(1));
    NAME(sizeof(status));
    FUNCTION(char *(*)(const char *, char, unsigned), sxe_strnchr);
    FUNCTION(char *(*)(const char *, const char *, unsigned), sxe_strncspn);
    FUNCTION(char *(*)(const char *, const char *, unsigned), sxe_strnstr);
    FUNCTION(char *(*)(const char *, const char *, unsigned), sxe_rstrnstr);
    FUNCTION(char *(*)(const char *, const char *, unsigned), sxe_strncasestr);
    FUNCTION(unsigned (*)(const char *, unsigned), sxe_hex_to_unsigned);
    FUNCTION(SXE_RETURN(*)(unsigned char *, const char *, unsigned), sxe_hex_to_bytes);
    FUNCTION(char *(*)(char *, const unsigned char *, unsigned), sxe_hex_from_bytes);
    FUNCTION(SXE_RETURN(*)(const char *), sxe_mkpath);
    FUNCTION(SXE_RETURN(*)(const unsigned), sxe_set_file_limit);
    FUNCTION(char *(*)(char *, unsigned), sxe_strn_rot13_in_place);
    FUNCTION(char *(*)(char *, const char *, unsigned), sxe_strn_rot13);
    FUNCTION(unsigned (*)(const char *, unsigned), sxe_rot13_hex_to_unsigned);
    FUNCTION(SXE_RETURN(*)(SXE_SHA1 *, const char *), sxe_sha1_from_hex);
    FUNCTION(SXE_STAT * (*)(SXE_STAT *, const char *), sxe_stat);
    FUNCTION(time_t(*)(SXE_STAT *), sxe_stat_get_time_modification);
    FUNCTION(off_t(*)(SXE_STAT *), sxe_stat_get_file_size);
    FUNCTION(const char *(*)(const char *), sxe_str_to_printable);
    FUNCTION(unsigned (*)(unsigned), sxe_unsigned_log2);
    FUNCTION(unsigned (*)(unsigned), sxe_unsigned_mask);
    FUNCTION(unsigned (*)(uint64_t), sxe_uint64_log2);
    FUNCTION(uint64_t(*)(uint64_t, uint64_t), sxe_uint64_align);
    FUNCTION(double (*)(void), sxe_get_time_in_seconds);

    NAME(now + fraction);
    CONSTANT(SXE_TIMESTAMP_LENGTH(3), 19);
    CONSTANT(SXE_TIME_BITS_IN_FRACTION, 32);
    NAME(SXE_TIMESTAMP_LENGTH_MAXIMUM);
    FUNCTION(time_t(*)(SXE_TIME), sxe_time_to_unix_time);
    FUNCTION(SXE_TIME(*)(time_t), sxe_time_from_unix_time);
    FUNCTION(SXE_TIME(*)(double), sxe_time_from_double_seconds);
    FUNCTION(double (*)(SXE_TIME), sxe_time_to_double_seconds);
    FUNCTION(SXE_TIME(*)(void), sxe_time_get);
    FUNCTION(char *(*)(SXE_TIME, char *, unsigned), sxe_time_to_string);

    NAME(socket_number + (int)length);
    NAME(SXE_SOCKET_ERROR(EAGAIN));
    CONSTANT(SXE_SOCKET_ERROR_OCCURRED, -1);
    CONSTANT(SXE_SOCKET_MSG_NOSIGNAL, MSG_NOSIGNAL);
    NAME(SOMAXCONN);
    FUNCTION(void (*)(int), sxe_socket_close);
    FUNCTION(void (*)(void), sxe_socket_init);
    FUNCTION(int (*)(int, int), sxe_socket_set_nonblock);
    FUNCTION(int (*)(void), sxe_socket_get_last_error);
    FUNCTION(void (*)(int), sxe_socket_set_last_error);
    FUNCTION(char *(*)(int), sxe_socket_error_as_str);
    FUNCTION(char *(*)(void), sxe_socket_get_last_error_as_str);

    if (names == 0) {
        CLOSESOCKET(socket_number); /* never run */
    }

    names++;
}

static void classic_list(void)
{
    ELEMENT elements[2];
    SXE_LIST list;
    SXE_LIST_WALKER walker;

    SXE_LIST_CONSTRUCT(&list, 3, ELEMENT, node);
    sxe_list_push(&list, &elements[0]);
    sxe_list_unshift(&list, &elements[1]);
    NAME(SXE_LIST_GET_LENGTH(&list) == 2 && !SXE_LIST_IS_EMPTY(&list) && SXE_LIST_NODE_GET_ID(&elements[0].node) == 3);
    names += 2;
    sxe_list_walker_construct(&walker, &list);
    NAME(sxe_list_walker_step(&walker));
    FUNCTION(void (*)(SXE_LIST *, unsigned, size_t), sxe_list_construct_impl);
    FUNCTION(void (*)(SXE_LIST *, void *), sxe_list_push);
    FUNCTION(void (*)(SXE_LIST *, void *), sxe_list_unshift);
    FUNCTION(void *(*)(SXE_LIST *, void *), sxe_list_remove);
    FUNCTION(void *(*)(SXE_LIST *), sxe_list_pop);
    FUNCTION(void *(*)(SXE_LIST *), sxe_list_shift);
    FUNCTION(void *(*)(SXE_LIST *), sxe_list_peek_head);
    FUNCTION(void (*)(SXE_LIST_WALKER *, SXE_LIST *), sxe_list_walker_construct);
    FUNCTION(void *(*)(SXE_LIST_WALKER *), sxe_list_walker_back);
    FUNCTION(void *(*)(SXE_LIST_WALKER *), sxe_list_walker_find);
    FUNCTION(void *(*)(SXE_LIST_WALKER *), sxe_list_walker_step);
}

/* ---- sxe-pool.h ------------------------------------------------------------------------------------------------ */

static void classic_timeout(void *array, unsigned array_index, void *caller_info)
{
    (void)array;
    (void)array_index;
    (void)caller_info;
}

static void classic_pool(void)
{
    SXE_POOL_WALKER walker;

    (void)walker;
    CONSTANT(SXE_POOL_LOCK_TAKEN, 0);
    CONSTANT(SXE_POOL_NO_INDEX, -1U);
    CONSTANT(SXE_POOL_INCORRECT_STATE, -2U);
    CONSTANT(SXE_POOL_LOCK_NOT_TAKEN, -3U);
    CONSTANT(SXE_POOL_NAME_MAXIMUM_LENGTH, 31);
    CONSTANT(SXE_POOL_OPTION_UNLOCKED, 0);
    CONSTANT(SXE_POOL_OPTION_LOCKED, 1);
    CONSTANT(SXE_POOL_OPTION_TIMED, 2);
    FUNCTION(SXE_POOL_EVENT_TIMEOUT, classic_timeout);
    names++; /* SXE_POOL_WALKER */
    FUNCTION(const char *(*)(void *), sxe_pool_get_name);
    FUNCTION(unsigned (*)(void *, unsigned), sxe_pool_get_number_in_state);
    FUNCTION(unsigned (*)(void *, unsigned), sxe_pool_index_to_state);
    FUNCTION(size_t(*)(unsigned, unsigned, unsigned), sxe_pool_size);
    FUNCTION(void *(*)(void *, const char *, unsigned, unsigned, unsigned, unsigned), sxe_pool_construct);
    FUNCTION(void *(*)(void *), sxe_pool_from_base);
    FUNCTION(void *(*)(void *), sxe_pool_to_base);
    FUNCTION(void *(*)(const char *, unsigned, unsigned, unsigned, unsigned), sxe_pool_new);
    FUNCTION(void *(*)(const char *, unsigned, unsigned, unsigned, double *, SXE_POOL_EVENT_TIMEOUT, void *),
             sxe_pool_new_with_timeouts);
    FUNCTION(void (*)(void), sxe_pool_check_timeouts);
    FUNCTION(void (*)(void *, const char *(*)(unsigned)), sxe_pool_set_state_to_string);
    FUNCTION(unsigned (*)(void *, unsigned, unsigned, unsigned), sxe_pool_set_indexed_element_state);
    FUNCTION(unsigned (*)(void *, unsigned, unsigned, unsigned *), sxe_pool_try_to_set_indexed_element_state);
    FUNCTION(unsigned (*)(void *, unsigned, unsigned), sxe_pool_set_oldest_element_state);
    FUNCTION(unsigned (*)(void *, unsigned), sxe_pool_touch_indexed_element);
    FUNCTION(unsigned (*)(void *, unsigned), sxe_pool_get_oldest_element_index);
    FUNCTION(SXE_TIME(*)(void *, unsigned), sxe_pool_get_oldest_element_time);
    FUNCTION(uint64_t(*)(void *, unsigned), sxe_pool_get_oldest_element_count);
    FUNCTION(SXE_TIME(*)(void *, unsigned), sxe_pool_get_element_time_by_index);
    FUNCTION(void (*)(void *), sxe_pool_delete);
    FUNCTION(void (*)(void *), sxe_pool_override_locked);
    FUNCTION(void (*)(SXE_POOL_WALKER *, void *, unsigned), sxe_pool_walker_construct);
    FUNCTION(unsigned (*)(SXE_POOL_WALKER *), sxe_pool_walker_step);
}

int main(void)
{
    classic_sxe();
    classic_log();
    classic_util();
    classic_list();
    classic_pool();
    printf("classic-api-surface: %u classic names checked\n", names);
    return 0;
}

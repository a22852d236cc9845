/* classic-pool.c: a classic SXE pool user with timeouts, written the 2010 way and with classic names only.
 *
 * Eight queries in a pool of states FREE, SENT and ANSWERED. Every query is sent; the even ones are answered, the
 * odd ones time out of SENT after 50 ms. As classic programs did, the timeouts are checked by calling
 * sxe_pool_check_timeouts() from a classic ev_timer of the program's own. Prints what happened and exits 0 when every
 * odd query timed out, every even one was answered, and the stamps (SXE_TIME dates) give sensible ages.
 * Includes nothing but the classic SXE headers.
 */
#include "ev.h"
#include "sxe.h" /* the classic timer calls */
#include "sxe-log.h"
#include "sxe-pool.h"
#include "sxe-time.h"
#include "sxe-util.h"

#define QUERIES 8

typedef enum QUERY_STATE {
    QUERY_STATE_FREE,
    QUERY_STATE_SENT,
    QUERY_STATE_ANSWERED,
    QUERY_STATE_NUMBER_OF_STATES
} QUERY_STATE;

typedef struct QUERY {
    char name[24];
    unsigned timeouts;
} QUERY;

static QUERY *queries;
static ev_timer checker;
static unsigned timed_out;
static unsigned checks;
static int failed;

static const char *query_state_to_string(unsigned state)
{
    return state == QUERY_STATE_FREE ? "FREE" : state == QUERY_STATE_SENT ? "SENT" : "ANSWERED";
}

static void query_timeout(void *array, unsigned id, void *caller_info)
{
    QUERY *pool = array;
    SXE_TIME age = sxe_time_get() - sxe_pool_get_element_time_by_index(array, id);

    SXEE62("query_timeout(id=%u, caller_info=%p)", id, caller_info);
    SXEA11(caller_info == &timed_out, "caller_info is not the one given: %p", caller_info);
    SXEL63("query %s timed out after %.3f s in state %s", pool[id].name, sxe_time_to_double_seconds(age),
           query_state_to_string(sxe_pool_index_to_state(array, id)));

    if (sxe_time_to_double_seconds(age) < 0.04 || sxe_time_to_double_seconds(age) > 5.0) {
        fprintf(stderr, "classic-pool: query %u timed out after %.3f s\n", id, sxe_time_to_double_seconds(age));
        failed = 1;
    }

    pool[id].timeouts++;
    timed_out++;

    if (sxe_pool_set_indexed_element_state(array, id, QUERY_STATE_SENT, QUERY_STATE_FREE) != SXE_POOL_LOCK_TAKEN) {
        failed = 1;
    }

    SXER60("return");
}

static void checker_event(struct ev_loop *loop, ev_timer *timer, int revents)
{
    SXE_UNUSED_PARAMETER(timer);
    SXE_UNUSED_PARAMETER(revents);
    checks++;
    sxe_pool_check_timeouts(); /* classic: every pool with timeouts */

    if (timed_out == QUERIES / 2 || checks > 500) {
        ev_break(loop, EVBREAK_ALL);
    }
}

int main(void)
{
    double timeouts[QUERY_STATE_NUMBER_OF_STATES] = {0.0, 0.05, 0.0};
    SXE_POOL_WALKER walker;
    unsigned id;
    unsigned state;
    unsigned answered = 0;
    unsigned char bytes[2] = {0xbe, 0xef};
    char hex[5];

    queries = sxe_pool_new_with_timeouts("queries", QUERIES, sizeof(QUERY), QUERY_STATE_NUMBER_OF_STATES, timeouts,
                                         query_timeout, &timed_out);
    SXEA10(queries != NULL, "cannot make the pool");
    sxe_pool_set_state_to_string(queries, query_state_to_string);

    while ((id = sxe_pool_set_oldest_element_state(queries, QUERY_STATE_FREE, QUERY_STATE_SENT)) != SXE_POOL_NO_INDEX) {
        snprintf(queries[id].name, sizeof(queries[id].name), "query-%u", id);
    }

    SXEA11(sxe_pool_get_number_in_state(queries, QUERY_STATE_SENT) == QUERIES, "%u queries sent",
           sxe_pool_get_number_in_state(queries, QUERY_STATE_SENT));

    for (id = 0; id < QUERIES; id += 2) { /* answers to the even ones */
        state = QUERY_STATE_ANSWERED;
        SXEA10(sxe_pool_try_to_set_indexed_element_state(queries, id, QUERY_STATE_SENT, &state) == id, "not moved");
    }

    state = QUERY_STATE_ANSWERED; /* a second answer to query 0 finds it answered already */
    SXEA10(sxe_pool_try_to_set_indexed_element_state(queries, 0, QUERY_STATE_SENT, &state) == SXE_POOL_INCORRECT_STATE,
           "a query answered twice");
    SXEA10(state == QUERY_STATE_ANSWERED, "the state it is in is not given back");

    sxe_timer_init(&checker, checker_event, 0.01, 0.01); /* classic timer on the default loop */
    sxe_timer_start(&checker);
    ev_loop(ev_default_loop(EVFLAG_AUTO), 0);
    sxe_timer_stop(&checker);

    sxe_pool_walker_construct(&walker, queries, QUERY_STATE_ANSWERED);

    while ((id = sxe_pool_walker_step(&walker)) != SXE_POOL_NO_INDEX) {
        answered += id % 2 == 0 && queries[id].timeouts == 0 ? 1 : 0;
    }

    sxe_strlcpy(queries[0].name, "answered-and-renamed-with-strlcpy", sizeof(queries[0].name));
    sxe_hex_from_bytes(hex, bytes, sizeof(bytes));
    hex[4] = '\0';
    printf("classic-pool: %u timed out, %u answered, %u checks; %s; %s; %u\n", timed_out, answered, checks,
           queries[0].name, hex, SXE_BIT_OPTION(3));
    failed |= timed_out != QUERIES / 2 || answered != QUERIES / 2 || sxe_pool_get_number_in_state(queries, 0) != 4;
    sxe_pool_delete(queries);
    return failed;
}

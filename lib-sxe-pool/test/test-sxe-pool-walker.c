/* test-sxe-pool-walker.c: walking one state oldest to newest while elements move. */
#include <check.h>

#include "../../test/sxe-check.h"
#include "sxe-pool.h"
#include "sxe-pool-test-helpers.h"

enum { FREE, USED, NUMBER_OF_STATES };

static void *new_pool_with_used(unsigned number, const unsigned *order, unsigned count)
{
    void *pool = sxe_pool_new("walk", number, 4, NUMBER_OF_STATES, SXE_POOL_OPTION_LOCKED);
    unsigned i;

    for (i = 0; i < count; i++) {
        sxe_pool_set_indexed_element_state(pool, order[i], FREE, USED);
    }

    return pool;
}

START_TEST(test_walker_visits_a_state_oldest_to_newest)
{
    unsigned order[] = {4, 1, 3};
    void *pool = new_pool_with_used(6, order, 3);
    SXE_POOL_WALKER walker;

    sxe_pool_walker_construct(&walker, pool, USED);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 4);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 1);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 3);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_walker_construct(&walker, pool, FREE);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 0);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 2);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 5);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_walker_on_empty_state_ends_at_once)
{
    void *pool = new_pool_with_used(2, NULL, 0);
    SXE_POOL_WALKER walker;

    sxe_pool_walker_construct(&walker, pool, USED);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_walker_continues_after_current_element_leaves_the_state)
{
    unsigned order[] = {0, 1, 2, 3};
    void *pool = new_pool_with_used(4, order, 4);
    SXE_POOL_WALKER walker;
    unsigned id;
    unsigned visited = 0;

    sxe_pool_walker_construct(&walker, pool, USED);

    while ((id = sxe_pool_walker_step(&walker)) != SXE_POOL_NO_INDEX) { /* free each visited element */
        ck_assert_uint_eq(id, visited);
        sxe_pool_set_indexed_element_state(pool, id, USED, FREE);
        visited++;
    }

    ck_assert_uint_eq(visited, 4);
    ck_assert_uint_eq(sxe_pool_get_number_in_state(pool, USED), 0);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_walker_that_touches_every_visited_element_ends_having_visited_each_once)
{
    unsigned order[] = {0, 1, 2, 3, 4};
    void *pool = new_pool_with_used(5, order, 5);
    SXE_POOL_WALKER walker;
    unsigned id;
    unsigned visited = 0;

    sxe_pool_walker_construct(&walker, pool, USED);

    while ((id = sxe_pool_walker_step(&walker)) != SXE_POOL_NO_INDEX) {
        ck_assert_uint_eq(id, visited);
        sxe_pool_touch_indexed_element(pool, id);
        visited++;
    }

    ck_assert_uint_eq(visited, 5);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_walker_still_visits_an_unvisited_element_touched_during_the_walk)
{
    unsigned order[] = {0, 1, 2, 3};
    void *pool = new_pool_with_used(4, order, 4);
    SXE_POOL_WALKER walker;

    sxe_pool_walker_construct(&walker, pool, USED);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 0);
    sxe_pool_touch_indexed_element(pool, 1); /* not yet visited: goes to the newest end */
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 2);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 3);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 1);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_walker_resumes_after_current_is_touched_and_skips_elements_that_left)
{
    unsigned order[] = {0, 1, 2, 3};
    void *pool = new_pool_with_used(5, order, 4);
    SXE_POOL_WALKER walker;

    sxe_pool_walker_construct(&walker, pool, USED);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 0);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 1);
    sxe_pool_touch_indexed_element(pool, 1);                 /* current moved to the newest end */
    sxe_pool_set_indexed_element_state(pool, 2, USED, FREE); /* next one left before being visited */
    sxe_pool_set_indexed_element_state(pool, 4, FREE, USED); /* a newcomer */
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 3);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 4); /* 1 is skipped: already returned */
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_walker_resumes_when_current_left_and_came_back)
{
    unsigned order[] = {0, 1, 2};
    void *pool = new_pool_with_used(3, order, 3);
    SXE_POOL_WALKER walker;

    sxe_pool_walker_construct(&walker, pool, USED);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 0);
    sxe_pool_set_indexed_element_state(pool, 0, USED, FREE);
    sxe_pool_set_indexed_element_state(pool, 0, FREE, USED);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 1);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), 2);
    ck_assert_uint_eq(sxe_pool_walker_step(&walker), SXE_POOL_NO_INDEX);
    sxe_pool_delete(pool);
}
END_TEST

START_TEST(test_nested_walkers_that_touch_everything_still_terminate)
{
    unsigned order[] = {0, 1, 2};
    void *pool = new_pool_with_used(3, order, 3);
    SXE_POOL_WALKER outer;
    SXE_POOL_WALKER inner;
    unsigned id;
    unsigned steps = 0;

    sxe_pool_walker_construct(&outer, pool, USED);

    while ((id = sxe_pool_walker_step(&outer)) != SXE_POOL_NO_INDEX) {
        sxe_pool_walker_construct(&inner, pool, USED);

        while ((id = sxe_pool_walker_step(&inner)) != SXE_POOL_NO_INDEX) {
            sxe_pool_touch_indexed_element(pool, id);
        }

        ck_assert_uint_le(++steps, 3); /* bounded by the pool's number */
    }

    test_pool_check_consistency(pool);
    sxe_pool_delete(pool);
}
END_TEST

int main(void)
{
    Suite *suite = suite_create("sxe-pool-walker");
    TCase *tc = tcase_create("walker");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_walker_visits_a_state_oldest_to_newest);
    tcase_add_test(tc, test_walker_on_empty_state_ends_at_once);
    tcase_add_test(tc, test_walker_continues_after_current_element_leaves_the_state);
    tcase_add_test(tc, test_walker_that_touches_every_visited_element_ends_having_visited_each_once);
    tcase_add_test(tc, test_walker_still_visits_an_unvisited_element_touched_during_the_walk);
    tcase_add_test(tc, test_walker_resumes_after_current_is_touched_and_skips_elements_that_left);
    tcase_add_test(tc, test_walker_resumes_when_current_left_and_came_back);
    tcase_add_test(tc, test_nested_walkers_that_touch_everything_still_terminate);
    suite_add_tcase(suite, tc);
    return sxe_test_run(suite);
}

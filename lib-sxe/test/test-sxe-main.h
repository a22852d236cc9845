/* test-sxe-main.h: the main() every lib-sxe suite uses: one TCase with a generous timeout. */
#ifndef TEST_SXE_MAIN_H
#define TEST_SXE_MAIN_H

#define SXE_TEST_MAIN(name, ...)                                                                                       \
    int main(void)                                                                                                     \
    {                                                                                                                  \
        Suite *s = suite_create(name);                                                                                 \
        TCase *tc = tcase_create(name);                                                                                \
        const TTest *tests[] = {__VA_ARGS__};                                                                          \
        tcase_set_timeout(tc, 30);                                                                                     \
        for (unsigned i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {                                              \
            _tcase_add_test(tc, tests[i], 0, 0, 0, 1);                                                                 \
        }                                                                                                              \
        suite_add_tcase(s, tc);                                                                                        \
        SRunner *sr = srunner_create(s);                                                                               \
        srunner_run_all(sr, CK_NORMAL);                                                                                \
        int failed = srunner_ntests_failed(sr);                                                                        \
        srunner_free(sr);                                                                                              \
        return failed == 0 ? 0 : 1;                                                                                    \
    }

#endif

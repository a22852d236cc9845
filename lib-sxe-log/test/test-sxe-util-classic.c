/* test-sxe-util-classic.c: the classic helpers of sxe-util.h, sxe-time.h and sxe-list.h do what their headers say. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "../../test/sxe-check.h"
#include "sxe-list.h"
#include "sxe-log.h"
#include "sxe-time.h"
#include "sxe-util.h"

/* ---- strings ------------------------------------------------------------------------------------------------- */

START_TEST(test_strnchr_finds_a_byte_within_n_bytes_and_stops_at_a_nul)
{
    const char text[] = "key=value\0=hidden";

    ck_assert_ptr_eq(sxe_strnchr(text, '=', sizeof(text)), text + 3);
    ck_assert_ptr_null(sxe_strnchr(text, '=', 3));
    ck_assert_ptr_null(sxe_strnchr(text, 'h', sizeof(text))); /* after the NUL */
}
END_TEST

START_TEST(test_strncspn_returns_a_pointer_to_the_first_rejected_byte)
{
    const char text[] = "GET /path HTTP/1.1";

    ck_assert_ptr_eq(sxe_strncspn(text, " /", sizeof(text)), text + 3);
    ck_assert_ptr_null(sxe_strncspn(text, " ", 3));
    ck_assert_ptr_null(sxe_strncspn(text, "#", sizeof(text)));
}
END_TEST

START_TEST(test_rstrnstr_finds_the_last_occurrence_even_past_a_nul)
{
    const char text[] = "ab\0ab-ab";

    ck_assert_ptr_eq(sxe_rstrnstr(text, "ab", sizeof(text) - 1), text + 6);
    ck_assert_ptr_eq(sxe_rstrnstr(text, "ab", 5), text + 3);
    ck_assert_ptr_null(sxe_rstrnstr(text, "abc", sizeof(text) - 1));
    ck_assert_ptr_null(sxe_rstrnstr("a", "longer than the haystack", 1));
    ck_assert_ptr_eq(sxe_rstrnstr(text, "", 4), text + 4);
}
END_TEST

START_TEST(test_strlcpy_always_terminates_and_returns_the_source_length)
{
    char small[4] = "xxx";

    ck_assert_uint_eq(sxe_strlcpy(small, "abcdef", sizeof(small)), 6);
    ck_assert_str_eq(small, "abc");
    ck_assert_uint_eq(sxe_strlcpy(small, "ab", sizeof(small)), 2);
    ck_assert_str_eq(small, "ab");
    ck_assert_uint_eq(sxe_strlcpy(small, "abcdef", 0), 6); /* size 0 writes nothing */
    ck_assert_str_eq(small, "ab");
}
END_TEST

START_TEST(test_strlcat_appends_within_size_and_returns_the_whole_length)
{
    char buffer[8] = "abc";
    char full[3] = {'x', 'y', 'z'};

    ck_assert_uint_eq(sxe_strlcat(buffer, "def", sizeof(buffer)), 6);
    ck_assert_str_eq(buffer, "abcdef");
    ck_assert_uint_eq(sxe_strlcat(buffer, "ghij", sizeof(buffer)), 10);
    ck_assert_str_eq(buffer, "abcdefg");
    ck_assert_uint_eq(sxe_strlcat(full, "ab", sizeof(full)), 5); /* no NUL: nothing written */
    ck_assert_int_eq(full[2], 'z');
}
END_TEST

START_TEST(test_strn_encode_escapes_spaces_and_unprintables_and_fails_when_it_does_not_fit)
{
    char buffer[32];

    ck_assert_ptr_eq(sxe_strn_encode(buffer, sizeof(buffer), "a b_c=\t\x01z", 100), buffer);
    ck_assert_str_eq(buffer, "a_b=5Fc=3D=09=01z");
    ck_assert_ptr_eq(sxe_strn_encode(buffer, sizeof(buffer), "abcdef", 3), buffer);
    ck_assert_str_eq(buffer, "abc");
    ck_assert_ptr_null(sxe_strn_encode(buffer, 4, "a=b", 3));
}
END_TEST

START_TEST(test_str_to_printable_returns_printable_strings_and_escapes_others)
{
    const char *printable = "plain text";
    char long_text[SXE_STR_PRINTABLE_LENGTH_MAXIMUM + 10];
    const char *copy;

    ck_assert_ptr_eq(sxe_str_to_printable(printable), printable);
    ck_assert_str_eq(sxe_str_to_printable("a\nb\x7f"), "a\\x0ab\\x7f");
    memset(long_text, 'x', sizeof(long_text) - 1);
    long_text[sizeof(long_text) - 1] = '\0';
    long_text[0] = '\t';
    copy = sxe_str_to_printable(long_text);
    ck_assert_uint_eq(strlen(copy), SXE_STR_PRINTABLE_LENGTH_MAXIMUM + 3 + 3); /* \x09, 1019 x, "..." */
    ck_assert_str_eq(copy + strlen(copy) - 3, "...");
    ck_assert_ptr_null(sxe_str_to_printable(NULL));
}
END_TEST

START_TEST(test_rot13_rotates_letters_only_and_reads_rot13_hex)
{
    char text[] = "Hello-World.9";
    char buffer[16];

    ck_assert_int_eq(SXE_ROT13_CHAR('a'), 'n');
    ck_assert_int_eq(SXE_ROT13_CHAR('Z'), 'M');
    ck_assert_int_eq(SXE_ROT13_CHAR('-'), '-');
    ck_assert_str_eq(sxe_strn_rot13_in_place(text, sizeof(text)), "Uryyb-Jbeyq.9");
    ck_assert_str_eq(sxe_strn_rot13(buffer, text, sizeof(buffer)), "Hello-World.9");
    ck_assert_uint_eq(sxe_rot13_hex_to_unsigned("1n", 2), 0x1a); /* rot13 of "1a" */
    ck_assert_uint_eq(sxe_rot13_hex_to_unsigned("1a", 2), SXE_UNSIGNED_MAXIMUM);
}
END_TEST

/* ---- hex and numbers ----------------------------------------------------------------------------------------- */

START_TEST(test_hex_to_unsigned_reads_up_to_a_maximum_or_a_nul)
{
    ck_assert_uint_eq(sxe_hex_to_unsigned("1aF", 10), 0x1af);
    ck_assert_uint_eq(sxe_hex_to_unsigned("1aF", 2), 0x1a);
    ck_assert_uint_eq(sxe_hex_to_unsigned("", 4), 0);
    ck_assert_uint_eq(sxe_hex_to_unsigned("1g", 2), SXE_UNSIGNED_MAXIMUM);
}
END_TEST

START_TEST(test_hex_to_bytes_and_back_round_trip_and_bad_digits_are_refused)
{
    unsigned char bytes[4];
    char hex[9] = "--------";

    ck_assert_int_eq(sxe_hex_to_bytes(bytes, "00Ff7a10", 8), SXE_RETURN_OK);
    ck_assert_uint_eq(bytes[1], 0xff);
    ck_assert_ptr_eq(sxe_hex_from_bytes(hex, bytes, 3), hex);
    ck_assert_str_eq(hex, "00ff7a--"); /* lower case, not NUL-terminated */
    ck_assert_int_eq(sxe_hex_to_bytes(bytes, "0g", 2), SXE_RETURN_ERROR_INVALID);
    ck_assert_int_eq(sxe_hex_to_bytes(bytes, "012", 3), SXE_RETURN_ERROR_INVALID);
}
END_TEST

START_TEST(test_sha1_from_hex_reads_forty_digits)
{
    SXE_SHA1 sha1;
    unsigned char *bytes = (unsigned char *)&sha1;

    ck_assert_int_eq(sxe_sha1_from_hex(&sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"), SXE_RETURN_OK);
    ck_assert_uint_eq(bytes[0], 0xda);
    ck_assert_uint_eq(bytes[19], 0x09);
    ck_assert_int_eq(sxe_sha1_from_hex(&sha1, "da39a3ee5e6b4b0d3255bfef95601890afd8070x"), SXE_RETURN_ERROR_INVALID);
}
END_TEST

START_TEST(test_log2_mask_and_align_give_the_classic_values)
{
    ck_assert_uint_eq(sxe_unsigned_log2(0), 0);
    ck_assert_uint_eq(sxe_unsigned_log2(1), 0);
    ck_assert_uint_eq(sxe_unsigned_log2(255), 7);
    ck_assert_uint_eq(sxe_unsigned_log2(256), 8);
    ck_assert_uint_eq(sxe_unsigned_log2(0xFFFFFFFFU), 31);
    ck_assert_uint_eq(sxe_unsigned_mask(0), 1);
    ck_assert_uint_eq(sxe_unsigned_mask(5), 7);
    ck_assert_uint_eq(sxe_unsigned_mask(0x80000000U), 0xFFFFFFFFU);
    ck_assert_uint_eq(sxe_uint64_log2(1ULL << 40), 40);
    ck_assert_uint_eq(sxe_uint64_align(13, 8), 16);
    ck_assert_uint_eq(sxe_uint64_align(16, 8), 16);
    ck_assert_uint_eq(sxe_uint64_align(13, 6), 18);
    ck_assert_uint_eq(sxe_uint64_align(13, 0), 13);
    ck_assert_uint_eq(SXE_BIT_OPTION(3), 8);
    ck_assert_str_eq(SXE_BOOL_TO_STR(1 == 1), "true");
}
END_TEST

START_TEST(test_ptr_rel_and_ptr_fix_relocate_a_pointer)
{
    char region[64];
    char *relative = SXE_PTR_REL(region, char *, &region[10]);

    ck_assert_ptr_eq(SXE_PTR_FIX(region, char *, relative), &region[10]);
    ck_assert_ptr_eq(SXE_CAST_NOCONST(char *, (const char *)region), region);
}
END_TEST

/* ---- files --------------------------------------------------------------------------------------------------- */

START_TEST(test_mkpath_creates_missing_parents_and_accepts_an_existing_path)
{
    char base[] = "/tmp/sxe-mkpath-XXXXXX";
    char path[256];
    char file[256];
    SXE_STAT status;
    FILE *handle;

    ck_assert_ptr_nonnull(mkdtemp(base));
    snprintf(path, sizeof(path), "%s/a/b/c", base);
    ck_assert_int_eq(sxe_mkpath(path), SXE_RETURN_OK);
    ck_assert_int_eq(sxe_mkpath(path), SXE_RETURN_OK);
    ck_assert_ptr_eq(sxe_stat(&status, path), &status);
    ck_assert(S_ISDIR(status.st_mode));
    snprintf(file, sizeof(file), "%s/a/file", base);
    ck_assert_ptr_nonnull(handle = fopen(file, "w"));
    fputs("12345", handle);
    fclose(handle);
    ck_assert_int_eq(sxe_stat_get_file_size(sxe_stat(&status, file)), 5);
    ck_assert(sxe_stat_get_time_modification(&status) > 0);
    snprintf(path, sizeof(path), "%s/a/file/d", base);
    ck_assert_int_eq(sxe_mkpath(path), SXE_RETURN_ERROR_INTERNAL); /* a component is a file */
    ck_assert_ptr_null(sxe_stat(&status, path));
    ck_assert_int_eq(sxe_stat_get_file_size(NULL), 0);
    snprintf(path, sizeof(path), "rm -rf %s", base);
    ck_assert_int_eq(system(path), 0);
}
END_TEST

START_TEST(test_set_file_limit_sets_the_descriptor_limit)
{
    struct rlimit limit;

    if (sxe_test_under_valgrind()) {
        sxe_test_skip("valgrind refuses setrlimit(RLIMIT_NOFILE): it keeps the top descriptors for itself");
    }

    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    ck_assert_int_eq(sxe_set_file_limit((unsigned)limit.rlim_cur - 1), SXE_RETURN_OK); /* lowering needs no privilege */
    ck_assert_int_eq(getrlimit(RLIMIT_NOFILE, &limit), 0);
    ck_assert_uint_eq(limit.rlim_cur, limit.rlim_max);

    if (getuid() != 0) {
        ck_assert_int_eq(sxe_set_file_limit((unsigned)limit.rlim_max + 1), SXE_RETURN_ERROR_INTERNAL);
    }
}
END_TEST

/* ---- time ---------------------------------------------------------------------------------------------------- */

START_TEST(test_sxe_time_is_the_wall_clock_in_32_32_fixed_point)
{
    time_t before = time(NULL);
    SXE_TIME now = sxe_time_get();
    time_t after = time(NULL);

    ck_assert(sxe_time_to_unix_time(now) >= before &&
              sxe_time_to_unix_time(now) <= after + 1); /* time() may be coarse */
    ck_assert_uint_eq(sxe_time_from_unix_time(7), 7ULL << 32);
    ck_assert_uint_eq(sxe_time_from_double_seconds(1.5), (1ULL << 32) + (1ULL << 31));
    ck_assert(sxe_time_to_double_seconds((1ULL << 32) + (1ULL << 30)) == 1.25);
}
END_TEST

START_TEST(test_sxe_time_to_string_prints_utc_with_the_fraction_that_fits)
{
    SXE_TIME when = sxe_time_from_unix_time(1285971102) + (1ULL << 31); /* 2010-10-01 22:11:42.5 UTC */
    char buffer[SXE_TIMESTAMP_LENGTH(9) + 8];

    ck_assert_uint_eq(SXE_TIMESTAMP_LENGTH_MAXIMUM, SXE_TIMESTAMP_LENGTH(9));
    ck_assert_str_eq(sxe_time_to_string(when, buffer, SXE_TIMESTAMP_LENGTH(0)), "20101001221142");
    ck_assert_str_eq(sxe_time_to_string(when, buffer, SXE_TIMESTAMP_LENGTH(3)), "20101001221142.500");
    ck_assert_str_eq(sxe_time_to_string(when, buffer, sizeof(buffer)), "20101001221142.500000000");
    ck_assert_ptr_null(sxe_time_to_string(when, buffer, SXE_TIMESTAMP_LENGTH(0) - 1));
}
END_TEST

/* ---- lists --------------------------------------------------------------------------------------------------- */

typedef struct ITEM {
    int value;
    SXE_LIST_NODE node;
} ITEM;

START_TEST(test_a_list_pushes_unshifts_pops_and_shifts_in_order)
{
    ITEM items[4] = {{1, {0}}, {2, {0}}, {3, {0}}, {4, {0}}};
    SXE_LIST list;

    SXE_LIST_CONSTRUCT(&list, 7, ITEM, node);
    ck_assert(SXE_LIST_IS_EMPTY(&list));
    ck_assert_ptr_null(sxe_list_shift(&list));
    sxe_list_push(&list, &items[1]);
    sxe_list_push(&list, &items[2]);
    sxe_list_unshift(&list, &items[0]);
    sxe_list_push(&list, &items[3]);
    ck_assert_uint_eq(SXE_LIST_GET_LENGTH(&list), 4);
    ck_assert_uint_eq(SXE_LIST_NODE_GET_ID(&items[2].node), 7);
    ck_assert_ptr_eq(sxe_list_peek_head(&list), &items[0]);
    ck_assert_ptr_eq(sxe_list_peek_tail(&list), &items[3]);
    ck_assert_ptr_eq(sxe_list_remove(&list, &items[2]), &items[2]);
    ck_assert_ptr_null(sxe_list_remove(&list, &items[2])); /* no longer in it: logged */
    ck_assert_ptr_eq(sxe_list_pop(&list), &items[3]);
    ck_assert_ptr_eq(sxe_list_shift(&list), &items[0]);
    ck_assert_ptr_eq(sxe_list_shift(&list), &items[1]);
    ck_assert_ptr_null(sxe_list_pop(&list));
}
END_TEST

START_TEST(test_a_list_walker_steps_head_to_tail_and_survives_removing_the_current_item)
{
    ITEM items[3] = {{1, {0}}, {2, {0}}, {3, {0}}};
    SXE_LIST_WALKER walker;
    SXE_LIST list;
    ITEM *item;
    int sum = 0;

    SXE_LIST_CONSTRUCT(&list, 0, ITEM, node);

    for (unsigned i = 0; i < 3; i++) {
        sxe_list_push(&list, &items[i]);
    }

    sxe_list_walker_construct(&walker, &list);
    ck_assert_ptr_null(sxe_list_walker_find(&walker));

    while ((item = sxe_list_walker_step(&walker)) != NULL) {
        ck_assert_ptr_eq(sxe_list_walker_find(&walker), item);
        sum += item->value;

        if (item->value == 2) {
            sxe_list_remove(&list, item); /* the walk goes on with 3 */
        }
    }

    ck_assert_int_eq(sum, 6);
    ck_assert_uint_eq(SXE_LIST_GET_LENGTH(&list), 2);
    sxe_list_walker_construct(&walker, &list);
    ck_assert_ptr_eq(sxe_list_walker_step(&walker), &items[0]);
    ck_assert_ptr_eq(sxe_list_walker_step(&walker), &items[2]);
    ck_assert_ptr_eq(sxe_list_walker_back(&walker), &items[0]);
    ck_assert_ptr_null(sxe_list_walker_back(&walker));
}
END_TEST

SXE_TEST_MAIN("sxe-util-classic", test_strnchr_finds_a_byte_within_n_bytes_and_stops_at_a_nul,
              test_strncspn_returns_a_pointer_to_the_first_rejected_byte,
              test_rstrnstr_finds_the_last_occurrence_even_past_a_nul,
              test_strlcpy_always_terminates_and_returns_the_source_length,
              test_strlcat_appends_within_size_and_returns_the_whole_length,
              test_strn_encode_escapes_spaces_and_unprintables_and_fails_when_it_does_not_fit,
              test_str_to_printable_returns_printable_strings_and_escapes_others,
              test_rot13_rotates_letters_only_and_reads_rot13_hex, test_hex_to_unsigned_reads_up_to_a_maximum_or_a_nul,
              test_hex_to_bytes_and_back_round_trip_and_bad_digits_are_refused, test_sha1_from_hex_reads_forty_digits,
              test_log2_mask_and_align_give_the_classic_values, test_ptr_rel_and_ptr_fix_relocate_a_pointer,
              test_mkpath_creates_missing_parents_and_accepts_an_existing_path,
              test_set_file_limit_sets_the_descriptor_limit, test_sxe_time_is_the_wall_clock_in_32_32_fixed_point,
              test_sxe_time_to_string_prints_utc_with_the_fraction_that_fits,
              test_a_list_pushes_unshifts_pops_and_shifts_in_order,
              test_a_list_walker_steps_head_to_tail_and_survives_removing_the_current_item)

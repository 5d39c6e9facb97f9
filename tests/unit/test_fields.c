/*
 * The typed values of the office's records (src/load/fields.h) and the
 * dates they are written in (src/base/date.h): credit codes against an
 * oracle of GB 32100-2015 written here from the standard's weight table,
 * yes/no, the 15 divisions of Xinjiang, dates and their Chinese form.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "base/date.h"
#include "load/fields.h"

/* ---- credit codes -------------------------------------------------------- */

/* GB 32100-2015, table 3: the 31 characters, their values 0..30. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/* GB 32100-2015, 5.2: the weights of positions 1..17. */
static const int weights[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};

/* The check character of the first 17 characters of code. */
static char
oracle_check(const char *code)
{
	int i, sum = 0, c;

	for (i = 0; i < 17; i++)
		sum += (int)(strchr(alphabet, code[i]) - alphabet) * weights[i];
	c = 31 - sum % 31;
	return alphabet[c == 31 ? 0 : c];
}

static void
assert_code_ok(const char *code)
{
	const char *why = "unset";
	char expected = '?';

	if (!field_credit_code(code, &expected, &why))
		fail_msg("%s refused (%s, expected %c)", code,
		    why ? why : "check character", expected);
	assert_null(why);
}

/* Refused for its form: *why says how, and mentions word. */
static void
assert_code_form(const char *code, const char *word)
{
	const char *why = NULL;
	char expected = '?';

	assert_false(field_credit_code(code, &expected, &why));
	assert_non_null(why);
	if (strstr(why, word) == NULL)
		fail_msg("%s: reason \"%s\" does not say \"%s\"", code, why,
		    word);
}

static void
test_credit_code_example(void **state)
{
	const char *why = NULL;
	char expected = '?';

	(void)state;

	/* The example of GB 32100-2015 itself. */
	assert_int_equal(oracle_check("91350100M000100Y4"), '3');
	assert_code_ok("91350100M000100Y43");
	/* One wrong check character: refused, and the right one given. */
	assert_false(field_credit_code("91350100M000100Y44", &expected, &why));
	assert_null(why);
	assert_int_equal(expected, '3');
}

/*
 * Many prefixes, each with every possible last character: exactly the
 * oracle's is accepted, and every other gives the oracle's as expected.
 */
static void
test_credit_code_every_check_char(void **state)
{
	static const char *const prefixes[] = {
		"91650100MA77", "12650103451", "91660600606",
		"52650000XY3", "9165010968", "31650000TUW"
	};
	char code[19], expected;
	const char *why;
	size_t p, i, k, accepted;
	unsigned seed = 7;
	bool saw_zero = false;

	(void)state;

	for (p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++)
		for (k = 0; k < 40; k++) {
			/* Fill the rest of the 17 with varied characters. */
			strcpy(code, prefixes[p]);
			for (i = strlen(code); i < 17; i++) {
				seed = seed * 1103515245 + 12345;
				code[i] = alphabet[(seed >> 16) % 31];
			}
			code[18] = '\0';
			saw_zero |= oracle_check(code) == '0';
			accepted = 0;
			for (i = 0; i < 31; i++) {
				code[17] = alphabet[i];
				why = "unset";
				expected = '?';
				if (field_credit_code(code, &expected, &why))
					accepted++;
				assert_null(why);
				if (expected != oracle_check(code))
					fail_msg("%s: expected %c, oracle %c",
					    code,
					    expected, oracle_check(code));
			}
			assert_int_equal(accepted, 1);
		}
	/* A sum divisible by 31 gives '0', not the 32nd character. */
	assert_true(saw_zero);
}

static void
test_credit_code_form(void **state)
{
	static const char forbidden[] = "IOSVZ";
	char code[19];
	size_t i;

	(void)state;

	assert_code_form("91350100m000100Y43", "capital");
	assert_code_form("91350100M000100y43", "capital");
	for (i = 0; forbidden[i] != '\0'; i++) {
		strcpy(code, "91350100M000100Y43");
		code[8] = forbidden[i];
		assert_code_form(code, "I, O, S, V, Z");
	}
	assert_code_form("91350100M-00100Y43", "0-9");
	assert_code_form("91350100M000100Y4 ", "0-9");
	assert_code_form("91350100M000100Y4", "18");
	assert_code_form("91350100M000100Y433", "18");
	assert_code_form("", "18");
	/* A full-width digit is three bytes: not 18 characters of the set. */
	assert_code_form("91350100M000100Y4３", "18");
}

/* ---- yes/no -------------------------------------------------------------- */

static void
assert_yesno(const char *s, enum yesno want)
{
	enum yesno v = YESNO_UNSET;

	if (want == YESNO_YES)
		v = YESNO_NO;
	if (!field_yesno(s, &v))
		fail_msg("'%s' refused", s);
	assert_int_equal(v, want);
}

static void
test_yesno(void **state)
{
	static const char *const bad[] = {
		"maybe", "1", "0", "是的", "不是", "x", "yess", "否 ", NULL
	};
	enum yesno v;
	size_t i;

	(void)state;

	assert_yesno("yes", YESNO_YES);
	assert_yesno("no", YESNO_NO);
	assert_yesno("是", YESNO_YES);
	assert_yesno("否", YESNO_NO);
	assert_yesno("Yes", YESNO_YES);
	assert_yesno("NO", YESNO_NO);
	assert_yesno("y", YESNO_YES);
	assert_yesno("n", YESNO_NO);
	assert_yesno("", YESNO_UNSET);
	for (i = 0; bad[i] != NULL; i++)
		if (field_yesno(bad[i], &v))
			fail_msg("'%s' accepted as yes/no", bad[i]);
}

/* ---- regions ------------------------------------------------------------- */

/* The 14 prefecture-level divisions of Xinjiang and the XPCC (DESIGN §2). */
static const char *const divisions[] = {
	"乌鲁木齐市", "克拉玛依市", "吐鲁番市", "哈密市", "昌吉回族自治州",
	"博尔塔拉蒙古自治州", "巴音郭楞蒙古自治州", "阿克苏地区",
	"克孜勒苏柯尔克孜自治州", "喀什地区", "和田地区", "伊犁哈萨克自治州",
	"塔城地区", "阿勒泰地区", "新疆生产建设兵团", NULL
};

static void
test_regions(void **state)
{
	static const char *const near[] = {
		"乌鲁木齐", "乌鲁木齐市 ", " 乌鲁木齐市", "昌吉州", "巴州",
		"博州", "克州", "伊犁州", "伊犁", "兵团", "新疆", "喀什市",
		"阿克苏市", "石河子市", "吐鲁番地区", "哈密地区",
		"新疆维吾尔自治区", "", NULL
	};
	const char *list = field_region_list();
	size_t i;

	(void)state;

	for (i = 0; divisions[i] != NULL; i++) {
		if (!field_region(divisions[i]))
			fail_msg("%s refused", divisions[i]);
		/* The message that lists them names every one. */
		if (strstr(list, divisions[i]) == NULL)
			fail_msg("%s missing from field_region_list()",
			    divisions[i]);
	}
	assert_int_equal(i, 15);
	for (i = 0; near[i] != NULL; i++)
		if (field_region(near[i]))
			fail_msg("'%s' accepted as a division", near[i]);
}

/* ---- numbers and year names ---------------------------------------------- */

static void
test_uint_and_year_names(void **state)
{
	int v = -1;

	(void)state;

	assert_true(field_uint("0", &v));
	assert_int_equal(v, 0);
	assert_true(field_uint("10", &v));
	assert_int_equal(v, 10);
	assert_false(field_uint("-1", &v));
	assert_false(field_uint("5x", &v));
	assert_false(field_uint("", &v));
	assert_false(field_uint("2.5", &v));
	assert_false(field_uint("99999999999", &v));

	assert_true(field_year_name("2025", "", &v));
	assert_int_equal(v, 2025);
	assert_true(field_year_name("2026.yaml", ".yaml", &v));
	assert_int_equal(v, 2026);
	assert_false(field_year_name("2025", ".yaml", &v));
	assert_false(field_year_name("2025.yml", ".yaml", &v));
	assert_false(field_year_name("20255", "", &v));
	assert_false(field_year_name("202", "", &v));
	assert_false(field_year_name("notes", "", &v));
	assert_false(field_year_name("1899", "", &v));
}

/* ---- dates --------------------------------------------------------------- */

static day_t
parsed(const char *s)
{
	day_t d = DAY_NONE;

	if (!date_parse(s, &d))
		fail_msg("'%s' refused", s);
	return d;
}

static void
test_date_parse(void **state)
{
	static const char *const bad[] = {
		"2025-02-30", "2025-13-01", "25-06-30", "2025.06.30",
		"2023-02-29", "2100-02-29", "2025-00-10", "2025-06-00",
		"2025-06-31", "2025-06-30x", "2025-06-30 ", " 2025-06-30",
		"2025/06-30", "2025-006-30", "2025年6月30日", "20250630", "",
		"1899-12-31", "2025-06-300", "2025-0a-30", "2025-06-3a",
		"2025-06-", "2025-06", "2025-", "3000-01-01", NULL
	};
	day_t d;
	size_t i;

	(void)state;

	/* Days since 1970-01-01 counted by hand: 55 years with 14 leap days. */
	assert_int_equal(parsed("1970-01-01"), 0);
	assert_int_equal(parsed("2000-03-01"), 10957 + 31 + 29);
	assert_int_equal(parsed("2025-06-30"), 55 * 365 + 14 + 151 + 29);
	assert_int_equal(parsed("2025/6/30"), parsed("2025-06-30"));
	assert_int_equal(parsed("2025/06/30"), parsed("2025-06-30"));
	assert_int_equal(parsed("2025-6-3"), parsed("2025-06-03"));
	assert_int_equal(parsed("2025/6/3") + 27, parsed("2025-06-30"));
	assert_int_equal(parsed("2024-02-29") + 1, parsed("2024-03-01"));
	assert_int_equal(parsed("2000-02-29") + 1, parsed("2000-03-01"));
	for (i = 0; bad[i] != NULL; i++)
		if (date_parse(bad[i], &d))
			fail_msg("'%s' accepted as a date", bad[i]);
}

/*
 * Every day of 1900 to 2999 read back from 2025-06-30 (the quick reading
 * of that form) and from 2025/6/30 (the general one): the same day.
 */
static void
test_date_parse_every_day(void **state)
{
	day_t d, last = date_from_ymd(2999, 12, 31);
	char iso[16], slash[32];
	int y, m, dd;

	(void)state;
	for (d = date_from_ymd(1900, 1, 1); d <= last; d++) {
		date_iso(d, iso);
		date_to_ymd(d, &y, &m, &dd);
		snprintf(slash, sizeof(slash), "%d/%d/%d", y, m, dd);
		assert_int_equal(parsed(iso), d);
		assert_int_equal(parsed(slash), d);
	}
}

static void
assert_cn(const char *iso, const char *cn, const char *md)
{
	char buf[32];

	date_cn(parsed(iso), buf);
	assert_string_equal(buf, cn);
	date_cn_md(parsed(iso), buf);
	assert_string_equal(buf, md);
}

static void
test_date_format(void **state)
{
	char iso[16];

	(void)state;

	/* GB/T 9704: no zero padding. */
	assert_cn("2025-06-04", "2025年6月4日", "6月4日");
	assert_cn("2025-12-20", "2025年12月20日", "12月20日");
	assert_cn("2025/1/1", "2025年1月1日", "1月1日");
	date_iso(parsed("2025/6/3"), iso);
	assert_string_equal(iso, "2025-06-03");
	date_iso(parsed("2024-02-29"), iso);
	assert_string_equal(iso, "2024-02-29");
}

static void
test_weekday(void **state)
{
	(void)state;

	/* 0 = Sunday … 6 = Saturday, from a printed calendar. */
	assert_int_equal(date_weekday(parsed("1970-01-01")), 4);
	assert_int_equal(date_weekday(parsed("2024-02-29")), 4);
	assert_int_equal(date_weekday(parsed("2025-06-29")), 0);
	assert_int_equal(date_weekday(parsed("2025-06-30")), 1);
	assert_int_equal(date_weekday(parsed("2025-10-11")), 6);
	assert_int_equal(date_weekday(parsed("1969-12-31")), 3);
	assert_true(date_is_weekend(parsed("2025-10-11")));
	assert_true(date_is_weekend(parsed("2025-06-29")));
	assert_false(date_is_weekend(parsed("2025-06-30")));
	assert_false(date_is_weekend(parsed("2025-06-27")));
	assert_int_equal(date_year(parsed("2025-12-31")), 2025);
	assert_int_equal(date_year(parsed("2026-01-01")), 2026);
	/* 29 February plus a year is 28 February. */
	assert_int_equal(date_add_years(parsed("2024-02-29"), 1),
	    parsed("2025-02-28"));
	assert_int_equal(date_add_years(parsed("2020-06-30"), 5),
	    parsed("2025-06-30"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_credit_code_example),
		cmocka_unit_test(test_credit_code_every_check_char),
		cmocka_unit_test(test_credit_code_form),
		cmocka_unit_test(test_yesno),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_uint_and_year_names),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_parse_every_day),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_weekday),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

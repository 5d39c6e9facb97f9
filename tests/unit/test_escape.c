/*
 * escape: the escapers copy runs of plain bytes at once; their output must
 * be what the rules of escape.h give, byte by byte. The reference here is
 * that rule written the plain way, one byte at a time (as escape.c did
 * before it copied runs), compared over many random strings made of the
 * bytes that matter: markup characters, spaces and line breaks, digits
 * before a . or ), forbidden controls, C2 starting a C1 control or not,
 * and Chinese.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/buf.h"
#include "format/escape.h"

/* ---- the reference: one byte at a time ---- */

static size_t
ref_forbidden(const char *s, size_t left)
{
	unsigned char c = (unsigned char)s[0];

	if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
		return 1;
	if (c == 0xc2 && left > 1 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 2;
	return 0;
}

static void
ref_ml(struct buf *b, const char *s, size_t n, const char *apos)
{
	size_t i, skip;

	for (i = 0; i < n; i++) {
		if ((skip = ref_forbidden(s + i, n - i)) > 0) {
			i += skip - 1;
			continue;
		}
		switch (s[i]) {
		case '&':  buf_puts(b, "&amp;"); break;
		case '<':  buf_puts(b, "&lt;"); break;
		case '>':  buf_puts(b, "&gt;"); break;
		case '"':  buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, apos); break;
		default:   buf_putc(b, s[i]); break;
		}
	}
}

static bool
ref_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool
ref_special(const char *s, size_t i, size_t first, bool line_start)
{
	size_t k;

	if (strchr("\\`*_{}[]<>#|~&!", s[i]) != NULL)
		return true;
	if (strchr("-+=", s[i]) != NULL)
		return line_start && i == first;
	if (s[i] != '.' && s[i] != ')')
		return false;
	if (!line_start || i == first || i - first > 9)
		return false;
	for (k = first; k < i; k++)
		if (s[k] < '0' || s[k] > '9')
			return false;
	return true;
}

static void
ref_md(struct buf *b, const char *s, size_t n, bool ls, bool le)
{
	size_t i, first, last, skip;

	for (first = 0; first < n && ref_space(s[first]); first++)
		continue;
	for (last = n; last > 0 && ref_space(s[last - 1]); last--)
		continue;
	for (i = 0; i < n; i++) {
		if ((skip = ref_forbidden(s + i, n - i)) > 0) {
			i += skip - 1;
			continue;
		}
		if (ref_space(s[i])) {
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			if ((i < first && ls) || (i >= last && le))
				buf_puts(b, "&#32;");
			else
				buf_putc(b, ' ');
			continue;
		}
		if (s[i] != '\0' && ref_special(s, i, first, ls))
			buf_putc(b, '\\');
		buf_putc(b, s[i]);
	}
}

/* ---- random strings of the bytes that matter ---- */

static const char *const pieces[] = {
	"a", "Z", "0", "1", "9", "12", ".", ")", "-", "+", "=", " ", "  ",
	"\t", "\n", "\r", "\r\n", "&", "<", ">", "\"", "'", "\\", "`", "*",
	"_", "{", "}", "[", "]", "#", "|", "~", "!", "(", ":", "%", "@",
	"\x01", "\x1f", "\x7f", "\xc2\x80", "\xc2\x9f", "\xc2\xa0", "\xc2",
	"质", "量", "（", "）", "：", "。", "\xe2\x80\x85",
};

static uint32_t
next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

#define N_PIECES	(sizeof(pieces) / sizeof(*pieces))

/* Where the pieces of bytes 0x80 and above (C2, Chinese) begin: the last ones. */
static size_t
first_high(void)
{
	size_t i;

	for (i = 0; i < N_PIECES; i++)
		if ((unsigned char)pieces[i][0] >= 0x80)
			return i;
	return 0;
}

/*
 * Half the strings mostly of the pieces of high bytes, as a list's names
 * are: long runs of them, a C2 among them now and then (escape.c looks at
 * such runs eight bytes at a time).
 */
static size_t
random_string(uint32_t *seed, char *s, size_t cap)
{
	size_t n = 0, k, len = next_rand(seed) % 24, h = first_high();
	bool high = next_rand(seed) % 2 == 0;
	const char *p;

	for (k = 0; k < len; k++) {
		if (high && next_rand(seed) % 4 != 0)
			p = pieces[h + next_rand(seed) % (N_PIECES - h)];
		else
			p = pieces[next_rand(seed) % N_PIECES];
		if (n + strlen(p) >= cap)
			break;
		memcpy(s + n, p, strlen(p));
		n += strlen(p);
	}
	s[n] = '\0';
	return n;
}

static void
assert_same(struct buf *got, struct buf *want, const char *in)
{
	if (got->len != want->len ||
	    memcmp(buf_cstr(got), buf_cstr(want), got->len) != 0)
		fail_msg("input [%s]: got [%s], want [%s]", in, buf_cstr(got),
		    buf_cstr(want));
}

static void
test_ml_as_reference(void **state)
{
	struct buf got, want;
	char s[128];
	uint32_t seed = 1;
	size_t n;
	int k;

	(void)state;
	buf_init(&got);
	buf_init(&want);
	for (k = 0; k < 20000; k++) {
		n = random_string(&seed, s, sizeof(s));
		buf_reset(&got);
		buf_reset(&want);
		escape_html(&got, s, n);
		ref_ml(&want, s, n, "&#39;");
		assert_same(&got, &want, s);
		buf_reset(&got);
		buf_reset(&want);
		escape_xml(&got, s, n);
		ref_ml(&want, s, n, "&apos;");
		assert_same(&got, &want, s);
	}
	buf_free(&got);
	buf_free(&want);
}

static void
test_markdown_as_reference(void **state)
{
	struct buf got, want;
	char s[128];
	uint32_t seed = 7;
	size_t n;
	int k, edges;

	(void)state;
	buf_init(&got);
	buf_init(&want);
	for (k = 0; k < 20000; k++) {
		n = random_string(&seed, s, sizeof(s));
		for (edges = 0; edges < 4; edges++) {
			buf_reset(&got);
			buf_reset(&want);
			escape_markdown_span(&got, s, n, edges & 1, edges & 2);
			ref_md(&want, s, n, edges & 1, edges & 2);
			assert_same(&got, &want, s);
		}
	}
	buf_free(&got);
	buf_free(&want);
}

/* A few cases spelled out, each byte class among them. */
static void
test_known_cases(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	escape_markdown_span(&b, " 1. a*b_c|d  ", 13, true, true);
	assert_string_equal(buf_cstr(&b), "&#32;1\\. a\\*b\\_c\\|d&#32;&#32;");
	buf_reset(&b);
	escape_markdown_span(&b, "- 2025-01-01 j", 14, false, false);
	assert_string_equal(buf_cstr(&b), "- 2025-01-01 j");
	buf_reset(&b);
	escape_markdown_span(&b, "- x", 3, true, false);
	assert_string_equal(buf_cstr(&b), "\\- x");
	buf_reset(&b);
	escape_html(&b, "a\xc2\xa0\xc2\x85'b", 7);
	assert_string_equal(buf_cstr(&b), "a\xc2\xa0&#39;b");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ml_as_reference),
		cmocka_unit_test(test_markdown_as_reference),
		cmocka_unit_test(test_known_cases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "load/fields.h"
#include "load/sheet.h"

bool
field_yesno(const char *s, enum yesno *out)
{
	static const char *const yes[] = { "yes", "y", "是", "true", NULL };
	static const char *const no[] = { "no", "n", "否", "false", NULL };
	size_t i;

	if (*s == '\0') {
		*out = YESNO_UNSET;
		return true;
	}
	for (i = 0; yes[i] != NULL; i++)
		if (strcasecmp(s, yes[i]) == 0) {
			*out = YESNO_YES;
			return true;
		}
	for (i = 0; no[i] != NULL; i++)
		if (strcasecmp(s, no[i]) == 0) {
			*out = YESNO_NO;
			return true;
		}
	return false;
}

/* The divisions, in the order of the region's official lists. */
static const char *const regions[] = {
	"乌鲁木齐市", "克拉玛依市", "吐鲁番市", "哈密市",
	"昌吉回族自治州", "博尔塔拉蒙古自治州", "巴音郭楞蒙古自治州",
	"阿克苏地区", "克孜勒苏柯尔克孜自治州", "喀什地区", "和田地区",
	"伊犁哈萨克自治州", "塔城地区", "阿勒泰地区", "新疆生产建设兵团",
	NULL
};

bool
field_region(const char *s)
{
	size_t i;

	for (i = 0; regions[i] != NULL; i++)
		if (strcmp(s, regions[i]) == 0)
			return true;
	return false;
}

size_t
field_regions(const char **out, size_t cap)
{
	size_t n;

	for (n = 0; regions[n] != NULL && n < cap; n++)
		out[n] = regions[n];
	return n;
}

const char *
field_region_list(void)
{
	return _("乌鲁木齐市、克拉玛依市、吐鲁番市、哈密市、昌吉回族自治州、"
	    "博尔塔拉蒙古自治州、巴音郭楞蒙古自治州、阿克苏地区、"
	    "克孜勒苏柯尔克孜自治州、喀什地区、和田地区、伊犁哈萨克自治州、"
	    "塔城地区、阿勒泰地区 or 新疆生产建设兵团");
}

static const char credit_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* A character's value in credit_alphabet plus one; 0 for any other byte. */
static const unsigned char credit_value[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10, ['A'] = 11,
	['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
	['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21,
	['M'] = 22, ['N'] = 23, ['P'] = 24, ['Q'] = 25, ['R'] = 26,
	['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31
};

bool
field_credit_code(const char *s, char *expected, const char **why)
{
	/* GB 32100-2015, 5.2: the weights of positions 1..17 (3^i mod 31). */
	static const int weight[17] = {
		1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
	};
	int i, v, sum = 0, check;

	*why = NULL;
	if (strlen(s) != 18) {
		*why = N_("must be 18 characters");
		return false;
	}
	for (i = 0; i < 18; i++) {
		if ((v = credit_value[(unsigned char)s[i]] - 1) < 0) {
			*why = islower((unsigned char)s[i]) ?
			    N_("letters must be capitals") :
			    N_("may hold only 0-9 and the capitals A-Y except I, O, S, V, Z");
			return false;
		}
		if (i < 17)
			sum += v * weight[i];
	}
	check = 31 - sum % 31;
	if (check == 31)
		check = 0;
	*expected = credit_alphabet[check];
	return s[17] == *expected;
}

bool
field_uint(const char *s, int *out)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return false;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v > 1000000)
		return false;
	*out = (int)v;
	return true;
}

bool
field_year_name(const char *name, const char *suffix, int *year)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (name[i] < '0' || name[i] > '9')
			return false;
	if (strcmp(name + 4, suffix) != 0)
		return false;
	*year = (name[0] - '0') * 1000 + (name[1] - '0') * 100 +
	    (name[2] - '0') * 10 + (name[3] - '0');
	return *year >= 1900;
}

/*
 * Full-width digits and separators (what a Chinese input method types)
 * as ASCII: ０-９ U+FF10-FF19, － U+FF0D, ． U+FF0E, ／ U+FF0F.
 */
static void
ascii_digits(const char *s, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x8D && p[2] <= 0x99) {
			buf_putc(out, "-./0123456789"[p[2] - 0x8D]);
			p += 3;
		} else
			buf_putc(out, *p++);
	}
}

bool
field_date(const char *s, day_t *out)
{
	struct buf b;
	char *t, *cut;
	int y, m, d, n = 0;
	bool ok;

	/* 2025-06-30, 2025/6/30: what nearly every cell holds, as it is. */
	if (date_parse(s, out))
		return true;
	buf_init(&b);
	ascii_digits(s, &b);
	t = b.data != NULL ? b.data : "";
	/* 2025年6月30日 */
	if (sscanf(t, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3 &&
	    t[n] == '\0') {
		buf_free(&b);
		if (!date_valid_ymd(y, m, d))
			return false;
		*out = date_from_ymd(y, m, d);
		return true;
	}
	/* 2025/6/30 0:00, 2025-06-30 00:00:00, 2025-06-30T00:00:00 */
	if ((cut = strpbrk(t, " T")) != NULL && cut - t >= 8 &&
	    strspn(cut + 1, "0123456789:.") == strlen(cut + 1) &&
	    strchr(cut + 1, ':') != NULL)
		*cut = '\0';
	/* 2025.6.30 */
	if (strspn(t, "0123456789.") == strlen(t))
		for (cut = t; *cut != '\0'; cut++)
			if (*cut == '.')
				*cut = '-';
	ok = date_parse(t, out);
	buf_free(&b);
	return ok;
}

bool
field_serial_hint(const char *s, char iso[static 16])
{
	int y, m, d;
	long v;
	char *end;

	if (strlen(s) != 5 || strspn(s, "0123456789") != 5)
		return false;
	v = strtol(s, &end, 10);
	/* 1927 to 2119: the serials of any date a register holds. */
	if (v < 10000 || v > 80000 || !sheet_serial_date((double)v, false,
	    &y, &m, &d))
		return false;
	snprintf(iso, 16, "%04d-%02d-%02d", y, m, d);
	return true;
}

bool
field_mangled_number(const char *s)
{
	const char *p = s;

	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p != 'E' && *p != 'e')
		return false;
	p++;
	if (*p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '\0';
}

/*
 * The length of the space at p (before end): ASCII spaces, the no-break
 * space U+00A0, the ideographic space U+3000 that a Chinese input method
 * types, and a stray BOM U+FEFF; 0 when p holds none.
 */
static size_t
space_at(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t left = (size_t)(end - p);

	if (left == 0)
		return 0;
	if (*u == ' ' || *u == '\t' || *u == '\r' || *u == '\n')
		return 1;
	if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (left >= 3 && ((u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) ||
	    (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)))
		return 3;
	return 0;
}

/* The length of the space that ends at end (after start), or 0. */
static size_t
space_before(const char *start, const char *end)
{
	size_t left = (size_t)(end - start), n;

	for (n = 1; n <= 3 && n <= left; n++)
		if (space_at(end - n, end) == n)
			return n;
	return 0;
}

/* Whether a byte may start a space (space_at), or end one (space_before). */
static bool
may_start_space(unsigned char c)
{
	return c <= ' ' || c == 0xC2 || c == 0xE3 || c == 0xEF;
}

static bool
may_end_space(unsigned char c)
{
	return c <= ' ' || c == 0xA0 || c == 0x80 || c == 0xBF;
}

const char *
field_span(const char *s, size_t len, size_t *out_len)
{
	const char *end = s + len;
	size_t n;

	/* Most values have no space at either end: two bytes tell. */
	if (len == 0 || (!may_start_space((unsigned char)s[0]) &&
	    !may_end_space((unsigned char)s[len - 1]))) {
		*out_len = len;
		return s;
	}
	while ((n = space_at(s, end)) > 0)
		s += n;
	while (end > s && (n = space_before(s, end)) > 0)
		end -= n;
	*out_len = (size_t)(end - s);
	return s;
}

char *
field_trim(char *s)
{
	size_t len;
	const char *start = field_span(s, strlen(s), &len);

	memmove(s, start, len);
	s[len] = '\0';
	return s;
}

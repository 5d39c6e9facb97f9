/*
 * odt_title: where a long title breaks.  GB/T 9704-2012 7.3.2: a title that
 * needs more than one line breaks between words, into lines of suitable
 * lengths, in the shape of a trapezoid or diamond — never leaving one
 * character alone on the last line as a word processor would.
 *
 * The lines are chosen as in a paragraph breaker (dynamic programming over
 * the break points): each line costs the square of its unused width, and a
 * break that is not at a word boundary we know costs more.  Known
 * boundaries are the places where Chinese official titles are broken:
 * before 关于, after the name of an organ (…政府, …办公室), after 》 and ）.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/odt.h"

#define BAD_BREAK	600	/* cost of breaking inside a word */
#define LINE_COST	100	/* cost of each line: fewer lines are better */
#define NEVER		1e18

/* Words after which a title may break. */
static const char *const after[] = {
	"人民政府", "政府", "办公室", "办公厅", "委员会", "领导小组", "管理局",
	"监督局", "质量奖", "提名奖", "名单", "）", "》", "，", "、", "：", NULL
};
/* Words before which a title may break. */
static const char *const before[] = {
	"关于", "第", "《", "（", NULL
};
/* Characters that may not begin a line, and those that may not end one. */
static const char *const no_start[] = {
	"，", "。", "、", "）", "》", "：", "；", "！", "？", "”", "’", "〕", "】",
	NULL
};
static const char *const no_end[] = {
	"（", "《", "“", "‘", "〔", "【", NULL
};

struct ch {
	size_t	off;	/* byte offset in the title */
	size_t	units;	/* 2 for a wide character, 1 for ASCII */
};

static bool
ends_with_any(const char *s, size_t len, const char *const *words)
{
	size_t i, n;

	for (i = 0; words[i] != NULL; i++) {
		n = strlen(words[i]);
		if (n <= len && memcmp(s + len - n, words[i], n) == 0)
			return true;
	}
	return false;
}

static bool
starts_with_any(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (str_has_prefix(s, words[i]))
			return true;
	return false;
}

static bool
ascii_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Cost of a break before byte offset off (0 < off < len), or NEVER. */
static double
break_cost(const char *s, size_t off)
{
	if (starts_with_any(s + off, no_start) ||
	    ends_with_any(s, off, no_end) ||
	    (ascii_alnum((unsigned char)s[off - 1]) &&
	    ascii_alnum((unsigned char)s[off])))
		return NEVER;
	if (ends_with_any(s, off, after) || starts_with_any(s + off, before))
		return 0;
	return BAD_BREAK;
}

static size_t
split_chars(const char *s, struct ch *v)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0;

	while (p[i] != '\0') {
		v[n].off = i;
		v[n].units = p[i] < 0x80 ? 1 : 2;
		i++;
		while ((p[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	v[n].off = i;
	return n;
}

/* The best lines of v[0..n), of at most cap units each, into from[]. */
static void
best_breaks(const char *s, const struct ch *v, size_t n, size_t cap,
    size_t *from)
{
	double *best = xcalloc(n + 1, sizeof(double)), c, slack;
	size_t i, j, w;

	best[0] = 0;
	for (i = 1; i <= n; i++) {
		best[i] = NEVER;
		from[i] = i - 1;
		c = i == n ? 0 : break_cost(s, v[i].off);
		w = 0;
		for (j = i; j-- > 0;) {
			w += v[j].units;
			if (w > cap && j < i - 1)
				break;
			if (best[j] >= NEVER || c >= NEVER)
				continue;
			slack = w > cap ? 0 : (double)(cap - w);
			if (best[j] + slack * slack + c + LINE_COST < best[i]) {
				best[i] = best[j] + slack * slack + c +
				    LINE_COST;
				from[i] = j;
			}
		}
		if (best[i] >= NEVER)	/* no allowed break: take any */
			best[i] = best[i - 1] + BAD_BREAK;
	}
	free(best);
}

/*
 * The title with line feeds where it should break, for a font of size pt
 * (the caller frees).  A title that fits, or that already holds line feeds,
 * is returned as it is.
 */
char *
odt_title_lines(const char *title, double size)
{
	struct ch *v;
	size_t *from, *cuts, n, cap, i, k = 0;
	struct buf b;

	if (size <= 0 || strchr(title, '\n') != NULL)
		return xstrdup(title);
	/* width of a line in half-width units, letter spacing allowed for */
	cap = (size_t)(2 * (ODT_TEXT_WIDTH_PT - 2) / (size - 0.25));
	if (odt_text_units(title) <= cap)
		return xstrdup(title);
	v = xcalloc(strlen(title) + 1, sizeof(*v));
	n = split_chars(title, v);
	from = xcalloc(n + 1, sizeof(*from));
	cuts = xcalloc(n + 1, sizeof(*cuts));
	best_breaks(title, v, n, cap, from);
	for (i = n; i > 0; i = from[i])
		cuts[k++] = from[i];
	buf_init(&b);
	while (k-- > 0) {
		i = cuts[k];
		if (i > 0)
			buf_putc(&b, '\n');
		buf_add(&b, title + v[i].off,
		    (k > 0 ? v[cuts[k - 1]].off : v[n].off) - v[i].off);
	}
	free(v);
	free(from);
	free(cuts);
	return buf_detach(&b);
}

/*
 * odt_title: where a long title breaks.  GB/T 9704-2012 7.3.2: a title that
 * needs more than one line breaks between words, keeping each phrase whole,
 * into lines of suitable lengths in the shape of a trapezoid or diamond —
 * never leaving one character alone on the last line as a word processor
 * would, nor splitting 维吾尔 or 2025年度.
 *
 * The lines are chosen as in a paragraph breaker (dynamic programming over
 * the break points): each line costs the square of its unused width (the
 * last one less: a trapezoid narrows), each line a fixed amount, and a
 * break costs by where it falls: nothing around brackets, before 关于 or
 * after the name of an organ; a little between the words of a phrase; a
 * lot inside a word, which happens only when nothing else fits.
 */
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "format/odt.h"

#define BAD_BREAK	2000	/* breaking inside a word: only when nothing else fits */
#define WEAK_BREAK	120	/* between words of one phrase */
#define LINE_COST	100	/* each line: fewer lines are better */
#define LAST_LINE	0.7	/* weight of the last line's unused width */
#define NEVER		1e18

/* A word and its length in bytes, so that a test is one byte and a memcmp. */
struct word {
	const char	*s;
	size_t		 n;
};
#define W(s)	{ s, sizeof(s) - 1 }
#define END	{ NULL, 0 }

/*
 * Where titles break best: around brackets, before 关于 (after the issuing
 * organ), after the name of an organ.  Then, less well, between the words
 * of a phrase (…质量奖 | 获奖…, …有限公司 | 2023年度…).
 */
static const struct word strong_after[] = {
	W("人民政府"), W("政府"), W("办公室"), W("办公厅"), W("委员会"),
	W("领导小组"), W("）"), W("》"), W("，"), W("、"), W("："), END
};
static const struct word strong_before[] = {
	W("关于"), W("（"), W("《"), END
};
static const struct word weak_after[] = {
	W("质量奖"), W("提名奖"), W("名单"), W("公司"), W("年度"),
	W("管理局"), W("监督局"), W("届"), END
};
static const struct word weak_before[] = {
	W("第"), END
};
/* Characters that may not begin a line, and those that may not end one. */
static const struct word no_start[] = {
	W("，"), W("。"), W("、"), W("）"), W("》"), W("："), W("；"),
	W("！"), W("？"), W("”"), W("’"), W("〕"), W("】"), END
};
static const struct word no_end[] = {
	W("（"), W("《"), W("“"), W("‘"), W("〔"), W("【"), END
};

struct ch {
	size_t	off;	/* byte offset in the title */
	double	em;	/* its width, in em */
};

/*
 * Widths are estimated on the safe side: a Chinese character is 1 em, but
 * digits and Latin letters next to Chinese are often set in the CJK font,
 * whose Latin glyphs are wide (LibreOffice with Noto Serif CJK: ~0.85 em).
 */
#define EM_WIDE		1.0
#define EM_LATIN	0.85
#define EM_NARROW	0.5	/* space and ASCII punctuation */

static bool
ends_with_any(const char *s, size_t len, const struct word *words)
{
	size_t i, n;

	for (i = 0; words[i].s != NULL; i++) {
		n = words[i].n;
		if (n <= len && s[len - 1] == words[i].s[n - 1] &&
		    memcmp(s + len - n, words[i].s, n) == 0)
			return true;
	}
	return false;
}

static bool
starts_with_any(const char *s, const struct word *words)
{
	size_t i;

	for (i = 0; words[i].s != NULL; i++)
		if (s[0] == words[i].s[0] &&
		    strncmp(s, words[i].s, words[i].n) == 0)
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
	if (ends_with_any(s, off, strong_after) ||
	    starts_with_any(s + off, strong_before))
		return 0;
	if (ends_with_any(s, off, weak_after) ||
	    starts_with_any(s + off, weak_before))
		return WEAK_BREAK;
	return BAD_BREAK;
}

static size_t
split_chars(const char *s, struct ch *v)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n = 0;

	while (p[i] != '\0') {
		v[n].off = i;
		v[n].em = p[i] >= 0x80 ? EM_WIDE :
		    ascii_alnum(p[i]) ? EM_LATIN : EM_NARROW;
		i++;
		while ((p[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	v[n].off = i;
	return n;
}

/*
 * The best lines of v[0..n), of at most cap em each, into from[]; the
 * unused width of a line is counted in half characters.
 */
static void
best_breaks(const char *s, const struct ch *v, size_t n, double cap,
    size_t *from)
{
	double *best = xcalloc(n + 1, sizeof(double)), c, slack, w;
	size_t i, j;

	best[0] = 0;
	for (i = 1; i <= n; i++) {
		best[i] = NEVER;
		from[i] = i - 1;
		c = i == n ? 0 : break_cost(s, v[i].off);
		w = 0;
		for (j = i; j-- > 0;) {
			w += v[j].em;
			if (w > cap && j < i - 1)
				break;
			if (best[j] >= NEVER || c >= NEVER)
				continue;
			slack = w > cap ? 0 : 2 * (cap - w);
			if (i == n)	/* a trapezoid: the last line may be short */
				slack *= LAST_LINE;
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
	size_t *from, *cuts, n, i, k = 0;
	double cap, w = 0;
	struct buf b;

	if (size <= 0 || strchr(title, '\n') != NULL)
		return xstrdup(title);
	/* the width of a line in em, a little kept for rounding */
	cap = (ODT_TEXT_WIDTH_PT - 2) / size;
	v = xcalloc(strlen(title) + 1, sizeof(*v));
	n = split_chars(title, v);
	for (i = 0; i < n; i++)
		w += v[i].em;
	if (w <= cap) {
		free(v);
		return xstrdup(title);
	}
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

/*
 * placeholders: joining the {{…}} of an ODF template across the inline
 * markup LibreOffice put inside them.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "compose/placeholders.h"
/*
 * The elements a placeholder may be split by: those LibreOffice puts
 * inside a paragraph around or between characters.  Any other tag (the
 * end of the paragraph above all) means the placeholder was not closed.
 */
static const char *const inline_tags[] = {
	"text:span", "text:a", "text:s", "text:tab", "text:soft-page-break",
	"text:bookmark", "text:bookmark-start", "text:bookmark-end",
	"text:reference-mark", "text:reference-mark-start",
	"text:reference-mark-end", "text:change", "text:change-start",
	"text:change-end", NULL
};

enum tag_kind { TAG_START, TAG_END, TAG_EMPTY, TAG_OTHER };

struct tag {
	size_t		 from, to;	/* s[from..to) */
	enum tag_kind	 kind;
	bool		 matched;	/* its pair is inside the placeholder too */
};

/* One past the end of the markup (tag, comment, PI …) at s[i] == '<'. */
static size_t
markup_end(const char *s, size_t len, size_t i)
{
	const char *close = ">";
	char quote = 0;
	size_t j, n;

	if (len - i >= 4 && strncmp(s + i, "<!--", 4) == 0)
		close = "-->";
	else if (len - i >= 9 && strncmp(s + i, "<![CDATA[", 9) == 0)
		close = "]]>";
	else if (len - i >= 2 && s[i + 1] == '?')
		close = "?>";
	if (strcmp(close, ">") != 0) {
		n = strlen(close);
		for (j = i + 2; j + n <= len; j++)
			if (memcmp(s + j, close, n) == 0)
				return j + n;
		return len;
	}
	for (j = i + 1; j < len; j++) {
		if (quote != 0) {
			if (s[j] == quote)
				quote = 0;
		} else if (s[j] == '"' || s[j] == '\'')
			quote = s[j];
		else if (s[j] == '>')
			return j + 1;
	}
	return len;
}

/* The kind of the markup s[from..to), and whether it may split a placeholder. */
static enum tag_kind
tag_kind(const char *s, size_t from, size_t to, bool *is_inline)
{
	size_t i = from + 1, n;
	enum tag_kind k = TAG_START;
	size_t t;

	*is_inline = false;
	if (to - from < 3 || s[i] == '!' || s[i] == '?')
		return TAG_OTHER;
	if (s[i] == '/') {
		k = TAG_END;
		i++;
	} else if (to - from >= 3 && s[to - 2] == '/')
		k = TAG_EMPTY;
	for (n = i; n < to && s[n] != '>' && s[n] != '/' && s[n] != ' ' &&
	    s[n] != '\t' && s[n] != '\n' && s[n] != '\r'; n++)
		;
	for (t = 0; inline_tags[t] != NULL; t++)
		if (strlen(inline_tags[t]) == n - i &&
		    strncmp(s + i, inline_tags[t], n - i) == 0)
			*is_inline = true;
	return k;
}

/* The next character of text at or after s[i], skipping inline tags. */
static size_t
next_text(const char *s, size_t len, size_t i)
{
	size_t e;
	bool in;

	while (i < len && s[i] == '<') {
		e = markup_end(s, len, i);
		if (tag_kind(s, i, e, &in) == TAG_OTHER || !in)
			return len;
		i = e;
	}
	return i;
}

static int
count_lines(const char *s, size_t from, size_t to)
{
	int n = 0;

	for (; from < to; from++)
		n += s[from] == '\n';
	return n;
}

/* The placeholder as the office typed it, shortened for a message. */
static char *
shown(const struct buf *ph)
{
	size_t n = ph->len;

	while (n > 0 && (ph->data[n - 1] == '\n' || ph->data[n - 1] == ' '))
		n--;
	if (n > 60) {
		n = 60;
		while (n > 0 && (ph->data[n] & 0xc0) == 0x80)
			n--;
		return xasprintf("%.*s…", (int)n, ph->data);
	}
	return xasprintf("%.*s", (int)n, ph->data);
}

/*
 * The placeholder starting at s[i] ("{{" with markup maybe between):
 * appends it, joined, to out and returns the offset after it; returns 0
 * and sets *ph to what was read when it is not closed in its paragraph.
 */
static size_t
join_one(const char *s, size_t len, size_t i, struct buf *ph,
    struct buf *out)
{
	struct tag *tags = NULL;
	size_t ntags = 0, cap = 0, k, m, e, closing = 0;
	size_t *stack = NULL, depth = 0;
	int removed_lines = 0;
	bool in, triple = false;

	buf_reset(ph);
	while (i < len) {
		if (s[i] == '<') {
			e = markup_end(s, len, i);
			if (tag_kind(s, i, e, &in) == TAG_OTHER || !in)
				break;
			if (ntags == cap) {
				cap = cap ? 2 * cap : 8;
				tags = xreallocarray(tags, cap, sizeof(*tags));
				stack = xreallocarray(stack, cap, sizeof(*stack));
			}
			tags[ntags].from = i;
			tags[ntags].to = e;
			tags[ntags].kind = tag_kind(s, i, e, &in);
			tags[ntags].matched = false;
			if (tags[ntags].kind == TAG_START)
				stack[depth++] = ntags;
			else if (tags[ntags].kind == TAG_END && depth > 0) {
				tags[stack[--depth]].matched = true;
				tags[ntags].matched = true;
			}
			removed_lines += count_lines(s, i, e);
			ntags++;
			i = e;
			continue;
		}
		buf_putc(ph, s[i++]);
		if (ph->len == 3 && ph->data[2] == '{')
			triple = true;
		closing = triple ? 3 : 2;
		if (ph->len >= 2 + closing && strcmp(ph->data + ph->len - closing,
		    triple ? "}}}" : "}}") == 0)
			break;
		closing = 0;
	}
	if (closing == 0) {
		free(tags);
		free(stack);
		return 0;
	}
	/* the name, the lines the markup held (so that lines stay), the braces */
	buf_add(out, ph->data, ph->len - closing);
	for (m = 0; m < (size_t)removed_lines; m++)
		buf_putc(out, '\n');
	buf_add(out, ph->data + ph->len - closing, closing);
	/* the tags opened or closed inside, in their order, after it */
	for (k = 0; k < ntags; k++)
		if (!tags[k].matched && tags[k].kind != TAG_EMPTY)
			buf_add(out, s + tags[k].from, tags[k].to - tags[k].from);
	free(tags);
	free(stack);
	return i;
}

char *
placeholders_join(const char *s, size_t len, const char *path,
    struct diag *diag)
{
	struct buf out, ph;
	size_t i = 0, e, j, n;
	int line = 1;
	bool ok = true;
	char *what;

	buf_init(&out);
	buf_init(&ph);
	while (i < len) {
		if (s[i] == '<') {
			e = markup_end(s, len, i);
			n = (size_t)count_lines(s, i, e);
			line += (int)n;
			/*
			 * A comment is for whoever edits the template (this
			 * one's says what the placeholders are): it is not
			 * rendered, nor put into any certificate.  Its line
			 * breaks stay, so that lines keep their numbers.
			 */
			if (len - i >= 4 && strncmp(s + i, "<!--", 4) == 0)
				while (n-- > 0)
					buf_putc(&out, '\n');
			else
				buf_add(&out, s + i, e - i);
			i = e;
			continue;
		}
		if (s[i] != '{' || (j = next_text(s, len, i + 1)) >= len ||
		    s[j] != '{') {
			line += s[i] == '\n';
			buf_putc(&out, s[i++]);
			continue;
		}
		n = join_one(s, len, i, &ph, &out);
		if (n == 0) {
			what = shown(&ph);
			diag_error(diag, path, line, _("the placeholder \"%s\" is "
			    "not closed in its paragraph; write it whole, as "
			    "{{name}}, inside one paragraph"), what);
			free(what);
			ok = false;
			/* go on after its braces, to report every one once */
			buf_add(&out, s + i, j + 1 - i);
			line += count_lines(s, i, j + 1);
			for (i = j + 1; i < len && s[i] == '{'; i++)
				buf_putc(&out, '{');
			continue;
		}
		line += count_lines(s, i, n);
		i = n;
	}
	buf_free(&ph);
	if (!ok) {
		buf_free(&out);
		return NULL;
	}
	if (out.data == NULL)
		buf_puts(&out, "");
	return buf_detach(&out);
}

/*
 * test_xmlout: format/xmlout writes the very bytes libxml2's xmlTextWriter
 * writes for the same calls, so that content.xml did not change when the
 * ODT writer left libxml2 (issue 14): the same sequences of elements,
 * attributes and text, hostile characters included, through both.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libxml/xmlwriter.h>

#include "base/buf.h"
#include "format/odt.h"
#include "format/xmlout.h"

#define X(s)	((const xmlChar *)(s))

/* Text and attribute values that need every escape, and some that need none. */
static const char *const texts[] = {
	"", "a", "表格内容", "&", "<>", "\"quoted\"", "'apos'", "]]>",
	"a&b<c>d\"e'f", "tab\there", "line\nfeed", "cr\rreturn", "crlf\r\n",
	"&amp; already", "&#13;", "U+2060\xe2\x81\xa0joined", "emoji \xf0\x9f\x98\x80",
	" lead and trail ", "\t\n\r", "http://example.org/?a=1&b=2#x",
	"新疆维吾尔自治区人民政府质量奖", "～！＠＃￥％……＆＊（）",
};
#define N_TEXTS	(sizeof(texts) / sizeof(texts[0]))

static const char *const names[] = {
	"text:p", "text:span", "table:table-cell", "text:s", "office:text"
};
#define N_NAMES	(sizeof(names) / sizeof(names[0]))

struct both {
	xmlTextWriterPtr	 w;
	struct buf		 lx;	/* what libxml2 wrote */
	struct xmlout		 x;
	struct buf		 xo;	/* what xmlout wrote */
	int			 depth;
	bool			 may_attr;	/* a start tag is open */
};

static void
both_begin(struct both *b)
{
	buf_init(&b->lx);
	buf_init(&b->xo);
	b->w = odt_writer_new(&b->lx);
	assert_non_null(b->w);
	assert_true(xmlTextWriterStartDocument(b->w, NULL, "UTF-8", NULL) >= 0);
	xo_begin(&b->x, &b->xo);
	b->depth = 0;
	b->may_attr = false;
}

static void
both_start(struct both *b, const char *name)
{
	xmlTextWriterStartElement(b->w, X(name));
	xo_start(&b->x, name);
	b->depth++;
	b->may_attr = true;
}

static void
both_attr(struct both *b, const char *name, const char *value)
{
	xmlTextWriterWriteAttribute(b->w, X(name), X(value));
	xo_attr(&b->x, name, value);
}

static void
both_text(struct both *b, const char *s)
{
	if (*s == '\0')
		return;	/* libxml2 would close the tag; the writer never asks */
	xmlTextWriterWriteString(b->w, X(s));
	xo_text(&b->x, s, strlen(s));
	b->may_attr = false;
}

static void
both_end(struct both *b)
{
	xmlTextWriterEndElement(b->w);
	xo_end(&b->x);
	b->depth--;
	b->may_attr = false;
}

/* Ends both documents and compares the bytes. */
static void
both_finish(struct both *b)
{
	assert_true(xmlTextWriterEndDocument(b->w) >= 0);
	xmlFreeTextWriter(b->w);
	xo_finish(&b->x);
	assert_string_equal(buf_cstr(&b->xo), buf_cstr(&b->lx));
	assert_int_equal(b->xo.len, b->lx.len);
	buf_free(&b->lx);
	buf_free(&b->xo);
}

/* Each text as element content and as an attribute value, each alone. */
static void
test_each_text(void **state)
{
	struct both b;
	size_t i;

	(void)state;
	for (i = 0; i < N_TEXTS; i++) {
		both_begin(&b);
		both_start(&b, "office:document-content");
		both_attr(&b, "office:version", "1.3");
		both_start(&b, "text:p");
		both_attr(&b, "text:style-name", texts[i]);
		both_text(&b, texts[i]);
		both_end(&b);
		both_start(&b, "text:s");	/* an empty element */
		both_end(&b);
		both_finish(&b);	/* document-content left for it to close */
	}
}

/* A fixed pseudo-random series of calls, the same through both writers. */
static uint32_t
next(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 16;
}

static void
test_random_series(void **state)
{
	struct both b;
	uint32_t seed = 14;
	int round, step;

	(void)state;
	for (round = 0; round < 50; round++) {
		both_begin(&b);
		both_start(&b, "office:document-content");
		for (step = 0; step < 200; step++) {
			switch (next(&seed) % 4) {
			case 0:
				both_start(&b, names[next(&seed) % N_NAMES]);
				break;
			case 1:
				if (b.may_attr)
					both_attr(&b, "text:style-name",
					    texts[next(&seed) % N_TEXTS]);
				break;
			case 2:
				both_text(&b, texts[next(&seed) % N_TEXTS]);
				break;
			default:
				if (b.depth > 1)
					both_end(&b);
				break;
			}
		}
		both_finish(&b);
	}
}

/* Prebuilt markup goes out as it is, after the open start tag closes. */
static void
test_raw(void **state)
{
	struct buf out;
	struct xmlout x;

	(void)state;
	buf_init(&out);
	xo_begin(&x, &out);
	xo_start(&x, "table:table");
	xo_start_with(&x, "text:span", " a=\"1\"");
	xo_end(&x);
	xo_raw(&x, "<table:table-row/>", 18);
	xo_raw(&x, "<table:table-row/>", 18);
	xo_finish(&x);
	assert_string_equal(buf_cstr(&out),
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<table:table>"
	    "<text:span a=\"1\"/><table:table-row/><table:table-row/></table:table>\n");
	buf_free(&out);
}

/* What xo_on_growth's callback saw: each time, the text written since the last. */
struct taken {
	struct buf	*out;
	struct buf	 all;
	int		 calls;
};

static void
take_written(void *arg)
{
	struct taken *t = arg;

	assert_true(t->out->len >= 100);
	t->calls++;
	buf_add(&t->all, t->out->data, t->out->len);
	buf_reset(t->out);	/* the callback may shorten out */
}

/* A table of 200 rows, after xo_begin. */
static void
write_rows(struct xmlout *x)
{
	static const char cell[] = "新疆 & <公司>";
	int i;

	xo_start(x, "table:table");
	for (i = 0; i < 200; i++) {
		xo_start(x, "table:table-row");
		xo_raw(x, "<text:p>", 8);
		xo_text(x, cell, sizeof(cell) - 1);
		xo_raw(x, "</text:p>", 9);
		xo_end(x);
	}
	xo_finish(x);
}

/*
 * The callback comes between pieces of markup once out has grown by the
 * given bytes, and the text it took and what is left are the whole text.
 */
static void
test_growth_callback(void **state)
{
	struct buf out, whole;
	struct xmlout x;
	struct taken t;

	(void)state;
	buf_init(&out);
	buf_init(&whole);
	buf_init(&t.all);
	t.out = &out;
	t.calls = 0;
	xo_begin(&x, &out);
	xo_on_growth(&x, 100, take_written, &t);
	write_rows(&x);
	buf_add(&t.all, out.data, out.len);
	xo_begin(&x, &whole);
	write_rows(&x);
	assert_true(t.calls > 50);
	assert_int_equal(t.all.len, whole.len);
	assert_memory_equal(t.all.data, whole.data, whole.len);
	buf_free(&out);
	buf_free(&whole);
	buf_free(&t.all);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_text),
		cmocka_unit_test(test_random_series),
		cmocka_unit_test(test_raw),
		cmocka_unit_test(test_growth_callback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

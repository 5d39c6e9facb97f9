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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_text),
		cmocka_unit_test(test_random_series),
		cmocka_unit_test(test_raw),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

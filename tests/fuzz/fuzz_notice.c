/*
 * fuzz_notice: an office notice, notices/NAME.md, on any bytes: read from
 * a file as the loader reads it (load/config.c: front matter, title, date,
 * number; every character checked), its Markdown checked for depth
 * (load/content.c), then written by the HTML and Markdown writers.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmark.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/input.h"
#include "base/util.h"
#include "format/doc.h"
#include "format/html.h"
#include "format/markdown.h"
#include "load/config.h"
#include "load/content.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static char dir[64];

/* The scratch folder goes when the fuzzer exits (its file goes after
 * each input). */
static void
remove_dir(void)
{
	(void)rmdir(dir);
}

static void
put(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
}

static void
write_docs(const struct custom_notice *n)
{
	struct doc *d = doc_new(DOC_NOTICE, n->name);
	struct buf out;

	d->year = 2025;
	d->title = xstrdup(n->title);
	d->date = n->date;
	cmark_node_free(d->body);	/* doc_new's empty one */
	d->body = cmark_parse_document(n->body, strlen(n->body),
	    CMARK_OPT_DEFAULT);
	buf_init(&out);
	html_write(d, &out);
	buf_reset(&out);
	markdown_write(d, &out);
	buf_free(&out);
	doc_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct custom_notice n;
	struct diag d;
	char *path;

	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "/tmp/fuzz_notice.XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		atexit(remove_dir);
	}
	path = path_join(dir, "x.md");
	put(path, data, size);
	diag_init(&d);
	if (config_load_custom_notice(dir, "x.md", "x", &n, &d) &&
	    content_check_notice(&n, &d))
		write_docs(&n);
	custom_notice_clear(&n);
	diag_free(&d);
	input_forget();		/* else every input is remembered */
	unlink(path);
	free(path);
	return 0;
}

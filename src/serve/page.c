/*
 * page: HTML made by the preview server. The reload script long-polls
 * PAGE_WAIT_PATH with the generation its page was sent at; the answer
 * is the current generation, and a different one means a rebuild
 * happened since, so the page reloads. When the server is gone it tries
 * again every two seconds, so a restarted preview picks the page up.
 */
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "format/escape.h"
#include "serve/page.h"

static void
reload_script(struct buf *b, unsigned gen)
{
	buf_printf(b,
	    "<script>/* gongshi serve: reloads this page after a rebuild; "
	    "not part of the built site */\n"
	    "(function () {\n"
	    "  var seen = \"%u\";\n"
	    "  function wait() {\n"
	    "    fetch(\"" PAGE_WAIT_PATH "?since=\" + seen, { cache: \"no-store\" })\n"
	    "      .then(function (r) { if (!r.ok) throw r; return r.text(); })\n"
	    "      .then(function (now) {\n"
	    "        if (now !== seen) location.reload(); else wait();\n"
	    "      }, function () { setTimeout(wait, 2000); });\n"
	    "  }\n"
	    "  wait();\n"
	    "})();\n"
	    "</script>\n", gen);
}

/* The last "</body>" of html (any case), or NULL. */
static const char *
last_body_end(const char *html, size_t len)
{
	static const char tag[] = "</body>";
	size_t n = sizeof(tag) - 1, i;

	for (i = len; i >= n; i--)
		if (strncasecmp(html + i - n, tag, n) == 0)
			return html + i - n;
	return NULL;
}

void
page_inject(struct buf *b, const char *html, size_t len, unsigned gen)
{
	const char *end = last_body_end(html, len);
	size_t head = end != NULL ? (size_t)(end - html) : len;

	buf_add(b, html, head);
	reload_script(b, gen);
	buf_add(b, html + head, len - head);
}

/* The page's head and opening, with the title escaped. */
static void
open_page(struct buf *b, const char *title)
{
	/* TRANSLATORS: the language of this catalogue, as an HTML lang attribute. */
	const char *lang = _("en");

	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>", lang);
	escape_html(b, title, strlen(title));
	buf_puts(b, "</title>\n<style>\n"
	    "body { font-family: sans-serif; margin: 2em auto; max-width: 60em;"
	    " padding: 0 1em; line-height: 1.6; }\n"
	    "pre { white-space: pre-wrap; background: #fdf3f2;"
	    " border-left: 4px solid #b3261e; padding: 1em; }\n"
	    "</style>\n</head>\n<body>\n<h1>");
	escape_html(b, title, strlen(title));
	buf_puts(b, "</h1>\n");
}

static void
close_page(struct buf *b, unsigned gen)
{
	reload_script(b, gen);
	buf_puts(b, "</body>\n</html>\n");
}

static void
paragraph(struct buf *b, const char *text)
{
	buf_puts(b, "<p>");
	escape_html(b, text, strlen(text));
	buf_puts(b, "</p>\n");
}

void
page_build_failed(struct buf *b, const char *errors, unsigned gen)
{
	open_page(b, _("The build failed"));
	paragraph(b, _("gongshi build stopped with the problems below, so "
	    "no page can be shown. Correct them and save the file: this page "
	    "reloads by itself."));
	buf_puts(b, "<pre>");
	escape_html(b, errors, strlen(errors));
	buf_puts(b, "</pre>\n");
	close_page(b, gen);
}

void
page_message(struct buf *b, const char *title, const char *text, unsigned gen)
{
	const char *link;

	open_page(b, title);
	paragraph(b, text);
	link = _("Go to the index of the site");
	buf_puts(b, "<p><a href=\"/\">");
	escape_html(b, link, strlen(link));
	buf_puts(b, "</a></p>\n");
	close_page(b, gen);
}

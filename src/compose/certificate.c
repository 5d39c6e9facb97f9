/*
 * certificate: one .odt per certificate, from a template the office keeps
 * in LibreOffice (see certificate.h for what the template can say).
 *
 * The template is read and its placeholders joined once
 * (compose/cert_template.h); then for each certificate its values are
 * rendered into the text, the frame named QR is replaced by the QR code
 * (format/odt_qr.h), and the flat document is packaged (format/odt.h).
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "base/util.h"
#include "compose/certificate.h"
#include "compose/context.h"
#include "compose/mustache.h"
#include "compose/verify.h"
#include "format/escape.h"
#include "format/odf_xml.h"
#include "format/odt.h"
#include "format/odt_qr.h"

/*
 * The date on the certificate: that of the government's decision that
 * granted it (art. 14), as published; the approval row's date before.
 */
static day_t
cert_date(const struct certificate *c)
{
	const struct notice_entry *ne = &c->cycle->notices[NOTICE_DECISION];

	if (ne->present && ne->date != DAY_NONE)
		return ne->date;
	return c->approval != NULL ? c->approval->date : DAY_NONE;
}

static struct val *
cert_context(const struct site *s, const struct certificate *c)
{
	const struct val *award = val_get(s->yaml, "award");
	const struct cycle *cy = c->cycle;
	struct val *ctx = val_map();
	char num[32], date[32];
	char *url = verify_url(s, c->number);
	day_t d = cert_date(c);

	val_set_str(ctx, "org", c->org->name);
	val_set_int(ctx, "year", cy->year);
	cn_number(cy->edition, num);
	val_set_str(ctx, "edition_cn", cy->edition > 0 ? num : NULL);
	val_set_str(ctx, "award_name", val_get_str(award,
	    c->kind == RESULT_AWARD ? "name" : "nomination_name"));
	val_set_str(ctx, "government", val_get_str(award, "government"));
	if (d != DAY_NONE)
		date_cn(d, date);
	val_set_str(ctx, "date", d != DAY_NONE ? date : NULL);
	val_set_str(ctx, "number", c->number);
	val_set_str(ctx, "verify_url", url);
	val_set_str(ctx, "decision_number",
	    cy->notices[NOTICE_DECISION].number);
	val_set_bool(ctx, "award", c->kind == RESULT_AWARD);
	val_set_bool(ctx, "nomination", c->kind == RESULT_NOMINATION);
	free(url);
	return ctx;
}

/*
 * An error of the template engine or the packager ("PATH:LINE: what")
 * as a diagnostic at the template's line; c names the certificate when
 * the error is its own (its values), not the template's.
 */
static void
report(const struct cert_template *t, const struct certificate *c,
    const char *err, struct diag *diag)
{
	size_t n = strlen(t->path);
	const char *p = err;
	char *end;
	long line = 0;

	if (strncmp(err, t->path, n) == 0 && err[n] == ':') {
		p = err + n + 1;
		line = strtol(p, &end, 10);
		if (end != p && *end == ':')
			p = end + 1;
		else
			line = 0;
		while (*p == ' ')
			p++;
	}
	if (c != NULL)
		diag_error(diag, t->path, t->lines ? (int)line : 0,
		    "certificate %s: %s", c->number, p);
	else
		diag_error(diag, t->path, t->lines ? (int)line : 0, "%s", p);
}

/*
 * The rendered text, parsed, with the frame named QR drawn as the QR code:
 * the tree goes to the package as it is (odt_package_doc), not written out
 * to be parsed again.
 */
static xmlDoc *
with_qr(const struct cert_template *t, const struct buf *text,
    const char *url, char **err)
{
	char *why;
	xmlDoc *doc;
	int line;

	if ((doc = odf_parse(text->data, text->len, t->path, &line,
	    &why)) == NULL) {
		*err = xasprintf("%s:%d: the rendered template is not "
		    "well-formed XML: %s; does a {{#section}} span parts of "
		    "two paragraphs?", t->path, line, why);
		free(why);
		return NULL;
	}
	if (!odt_qr_draw(xmlDocGetRootElement(doc), url, err)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool
cert_render(const struct cert_template *t, const struct site *s,
    const struct certificate *c, long long mtime, struct buf *out,
    struct diag *diag)
{
	struct mustache_opts o = {
		escape_xml_fn, NULL, NULL, NULL, true, t->path
	};
	struct val *ctx = cert_context(s, c);
	const struct val *url = val_get(ctx, "verify_url");
	struct buf text;
	char *err = NULL;
	xmlDoc *doc;
	bool ok;

	buf_init(&text);
	if (!mustache_render(t->text, t->len, ctx, &o, &text, &err)) {
		/* the template's error, the same for every certificate */
		report(t, NULL, err, diag);
		free(err);
		buf_free(&text);
		val_free(ctx);
		return false;
	}
	if (t->has_qr) {
		ok = (doc = with_qr(t, &text, url->str, &err)) != NULL &&
		    odt_package_doc(doc, t->path, mtime, out, &err);
		xmlFreeDoc(doc);
	} else
		ok = odt_package_flat(buf_cstr(&text), text.len, t->path,
		    mtime, out, &err);
	if (!ok) {
		report(t, c, err, diag);
		free(err);
	}
	buf_free(&text);
	val_free(ctx);
	return ok;
}

/* Its certificates exist: the decision granting them is in cycle.yaml. */
static bool
issued(const struct cycle_state *cs)
{
	return cs->cycle->notices[NOTICE_DECISION].present && cs->n_certs > 0;
}

bool
certificates_write(const struct state *st, const char *templates_dir,
    struct outset *out, size_t *n, struct diag *diag)
{
	const struct certificate *c;
	struct cert_template *t;
	struct buf b;
	size_t i, k;
	char *path;
	bool ok = true;

	for (i = 0; i < st->n_cycles && !issued(&st->cycles[i]); i++)
		;
	if (i == st->n_cycles)
		return true;
	if ((t = cert_template_load(templates_dir, diag)) == NULL)
		return false;
	buf_init(&b);
	for (i = 0; i < st->n_cycles && ok; i++) {
		if (!issued(&st->cycles[i]))
			continue;
		for (k = 0; k < st->cycles[i].n_certs && ok; k++) {
			c = st->cycles[i].certs[k];
			buf_reset(&b);
			if (!(ok = cert_render(t, st->site, c,
			    odt_timestamp(cert_date(c)), &b, diag)))
				break;
			path = xasprintf("archive/%d/certificates/%s.odt",
			    c->cycle->year, c->number);
			outset_add(out, path, &b);
			free(path);
			(*n)++;
		}
	}
	buf_free(&b);
	cert_template_free(t);
	return ok;
}

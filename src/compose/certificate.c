/*
 * certificate: one .odt per certificate, from a template the office keeps
 * in LibreOffice (see certificate.h for what the template can say).
 *
 * The template is read and its placeholders joined once
 * (compose/cert_template.h); each certificate is a document of the
 * template and its values, rendered by render/certificate.h.
 */
#include <stdlib.h>

#include "base/util.h"
#include "compose/certificate.h"
#include "compose/context.h"
#include "compose/verify.h"
#include "format/odt.h"
#include "load/config.h"

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

struct val *
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
	/* for meta.xml: a certificate is kept as its decision is */
	val_set_str(ctx, "retention", site_retention(s, true));
	val_set_bool(ctx, "award", c->kind == RESULT_AWARD);
	val_set_bool(ctx, "nomination", c->kind == RESULT_NOMINATION);
	free(url);
	return ctx;
}

/* Its certificates exist: the decision granting them is in cycle.yaml. */
static bool
issued(const struct cycle_state *cs)
{
	return cs->cycle->notices[NOTICE_DECISION].present && cs->n_certs > 0;
}

char *
certificate_path(const struct certificate *c)
{
	return xasprintf("archive/%d/certificates/%s.odt", c->cycle->year,
	    c->number);
}

void
certificates_paths(const struct cycle_state *cs,
    void (*fn)(void *, const char *), void *arg)
{
	char *path;
	size_t k;

	for (k = 0; issued(cs) && k < cs->n_certs; k++) {
		path = certificate_path(cs->certs[k]);
		fn(arg, path);
		free(path);
	}
}

bool
certificates_compose(const struct state *st, const char *templates_dir,
    struct document_list *out, struct diag *diag)
{
	const struct certificate *c;
	struct document *d;
	size_t i, k;
	char *path;

	/* The template is read when a certificate is made from it. */
	for (i = 0; i < st->n_cycles && (!issued(&st->cycles[i]) ||
	    st->cycles[i].kept); i++)
		;
	if (i < st->n_cycles && out->cert == NULL &&
	    (out->cert = cert_template_load(templates_dir, diag)) == NULL)
		return false;
	for (i = 0; i < st->n_cycles; i++) {
		if (!issued(&st->cycles[i]))
			continue;
		for (k = 0; k < st->cycles[i].n_certs; k++) {
			c = st->cycles[i].certs[k];
			path = certificate_path(c);
			if (st->cycles[i].kept) {
				documents_keep(out, DOCUMENT_CERTIFICATE, path);
				free(path);
				continue;
			}
			d = documents_add(out, DOCUMENT_CERTIFICATE, path);
			d->tmpl = out->cert;
			d->ctx = cert_context(st->site, c);
			d->name = c->number;
			d->mtime = odt_timestamp(cert_date(c));
			free(path);
		}
	}
	return true;
}

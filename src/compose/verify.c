#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "base/val.h"
#include "compose/compose.h"
#include "compose/context.h"
#include "compose/site.h"
#include "compose/verify.h"

char *
verify_url(const struct site *s, const char *number)
{
	return xasprintf("%sverify/%s.html", s->base_url, number);
}

/* Its certificates are public: the decision granting them is published. */
static bool
published(const struct cycle_state *cs)
{
	return cs->cycle->notices[NOTICE_DECISION].present;
}

/* year, has_edition, edition_cn: "2025年度（第八届）". */
static void
set_year(struct val *m, const struct cycle *c)
{
	char num[32];

	val_set_int(m, "year", c->year);
	val_set_bool(m, "has_edition", c->edition > 0);
	cn_number(c->edition, num);
	val_set_str(m, "edition_cn", num);
}

/*
 * The decision that granted a cycle's certificates (art. 14), as published:
 * its title, number and date; prefix leads to the site's top.
 */
static struct val *
decision(const struct cycle *c, const char *title, const char *prefix)
{
	const struct notice_entry *ne = &c->notices[NOTICE_DECISION];
	struct val *m = val_map();

	val_set_str(m, "title", title);
	val_set(m, "href", val_strf("%s%d/decision.html", prefix, c->year));
	val_set_str(m, "number", ne->number);
	site_set_date(m, "date", ne->date);
	return m;
}

/*
 * The decided revocation of a certificate: number, date, article, and a
 * link to the decision (compose.c publishes it as
 * <year>/revocation-<number>.html). Only what the decision itself makes
 * public, and not even its reason: the link leads there.
 */
static struct val *
revocation(const struct certificate *c, const char *prefix)
{
	const struct sanction *s = c->revocation;
	struct val *m;
	char num[32];

	if (!c->revoked)
		return val_null();
	m = val_map();
	val_set(m, "href", val_strf("%s%d/revocation-%s.html", prefix,
	    c->cycle->year, c->number));
	val_set_str(m, "number", s != NULL ? s->number : NULL);
	site_set_date(m, "date", s != NULL ? s->decided : DAY_NONE);
	val_set_bool(m, "has_article", c->revocation_article > 0);
	cn_number(c->revocation_article, num);
	val_set_str(m, "article_cn", num);
	return m;
}

static const char *
award_name(const struct state *st, const struct certificate *c)
{
	return val_get_str(val_get(st->site->yaml, "award"),
	    c->kind == RESULT_NOMINATION ? "nomination_name" : "name");
}

/* One certificate, as its page and the index show it. */
static struct val *
cert_values(const struct state *st, const struct certificate *c,
    const char *href)
{
	struct val *m = val_map();
	char *url = verify_url(st->site, c->number);

	val_set_str(m, "number", c->number);
	val_set_str(m, "name", c->org->name);
	val_set_bool(m, "is_award", c->kind == RESULT_AWARD);
	val_set_bool(m, "is_nomination", c->kind == RESULT_NOMINATION);
	val_set_str(m, "award_name", award_name(st, c));
	set_year(m, c->cycle);
	val_set_str(m, "url", url);
	val_set_str(m, "href", href);
	val_set_bool(m, "revoked", c->revoked);
	free(url);
	return m;
}

static void
write_cert(const struct state *st, const struct certificate *c,
    const char *title_of_decision, bool kept, struct document_list *out)
{
	struct val *values = val_map(), *m;
	struct site_page pg = { .layout = "verify.html", .values = values };
	char *path, *title, *desc, *href;

	href = xasprintf("%s.html", c->number);
	path = verify_page_path(c);
	if (kept) {
		documents_keep(out, DOCUMENT_PAGE, path);
		val_free(values);
		free(path);
		free(href);
		return;
	}
	m = val_set(values, "cert", cert_values(st, c, href));
	val_set(m, "decision", decision(c->cycle, title_of_decision, "../"));
	val_set(m, "revocation", revocation(c, "../"));
	val_set_bool(values, "is_verify", true);
	val_set_bool(values, "has_verify", true);
	val_set_int(values, "year", c->cycle->year);
	title = xasprintf("证书查询：%s", c->number);
	desc = xasprintf("证书编号%s：%s%d年度%s，%s。", c->number, c->org->name,
	    c->cycle->year, award_name(st, c), c->revoked ? "已撤销" : "有效");
	pg.path = path;
	pg.title = title;
	pg.description = desc;
	site_page_compose(st, &pg, out);	/* takes values */
	free(path);
	free(title);
	free(desc);
	free(href);
}

/* Every published certificate by cycle, the newest cycle first. */
static void
write_index(const struct state *st, char *const *titles,
    struct document_list *out)
{
	struct val *values = val_map(), *cycles, *cy, *certs, *m, *rev;
	struct site_page pg = {
		.layout = "verify-index.html", .path = "site/verify/index.html",
		.title = "证书查询", .values = values,
	};
	const struct cycle_state *cs;
	char *href, *desc;
	size_t ci, i;

	val_set_bool(values, "is_verify", true);
	val_set_bool(values, "has_verify", true);
	cycles = val_set(values, "cycles", val_list());
	for (ci = st->n_cycles; ci-- > 0;) {
		cs = &st->cycles[ci];
		if (!published(cs) || cs->n_certs == 0)
			continue;
		cy = val_push(cycles, val_map());
		set_year(cy, cs->cycle);
		val_set(cy, "decision", decision(cs->cycle, titles[ci], "../"));
		certs = val_set(cy, "certificates", val_list());
		for (i = 0; i < cs->n_certs; i++) {
			href = xasprintf("%s.html", cs->certs[i]->number);
			m = val_push(certs, cert_values(st, cs->certs[i], href));
			rev = revocation(cs->certs[i], "../");
			val_set(m, "revocation_href", rev->type == VAL_MAP ?
			    val_copy(val_get(rev, "href")) : val_null());
			val_free(rev);
			free(href);
		}
	}
	desc = xasprintf("%s各年度获奖证书的编号、获奖组织、获奖年度和状态。",
	    val_get_str(val_get(st->site->yaml, "award"), "name"));
	pg.description = desc;
	site_page_compose(st, &pg, out);	/* takes values */
	free(desc);
}

char *
verify_page_path(const struct certificate *c)
{
	return xasprintf("site/verify/%s.html", c->number);
}

void
verify_paths(const struct cycle_state *cs, void (*fn)(void *, const char *),
    void *arg)
{
	char *path;
	size_t i;

	for (i = 0; published(cs) && i < cs->n_certs; i++) {
		path = verify_page_path(cs->certs[i]);
		fn(arg, path);
		free(path);
	}
}

bool
verify_has_pages(const struct state *st)
{
	size_t ci;

	for (ci = 0; ci < st->n_cycles; ci++)
		if (published(&st->cycles[ci]) && st->cycles[ci].n_certs > 0)
			return true;
	return false;
}

bool
verify_compose(const struct state *st, const char *templates_dir,
    struct document_list *out, struct diag *diag)
{
	const struct cycle_state *cs;
	bool *want = xcalloc(st->n_cycles + 1, sizeof(bool)), ok = true;
	char **titles = xcalloc(st->n_cycles + 1, sizeof(char *));
	size_t ci, i, n = 0;

	for (ci = 0; ci < st->n_cycles; ci++) {
		cs = &st->cycles[ci];
		want[ci] = published(cs) && cs->n_certs > 0;
		n += want[ci] ? cs->n_certs : 0;
	}
	/* Each cycle's decision cited by its title, the template read once. */
	if (n > 0 && (ok = compose_decision_titles(st, templates_dir, want,
	    titles, diag))) {
		write_index(st, titles, out);
		for (ci = 0; ci < st->n_cycles; ci++)
			for (i = 0; want[ci] && i < st->cycles[ci].n_certs; i++)
				write_cert(st, st->cycles[ci].certs[i],
				    titles[ci], st->cycles[ci].kept, out);
	}
	for (ci = 0; ci < st->n_cycles; ci++)
		free(titles[ci]);
	free(titles);
	free(want);
	return ok;
}

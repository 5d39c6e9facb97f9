/*
 * config: the YAML files of content/ — site.yaml, calendar/<year>.yaml,
 * <year>/cycle.yaml and the front matter of the office notices (<year>/notices/NAME.md).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/input.h"
#include "base/util.h"
#include "load/config.h"
#include "load/fields.h"
#include "load/yaml.h"
#include "load/yamlread.h"

/* Reads and parses a YAML file; NULL when unreadable or invalid (reported). */
static struct val *
load_yaml_file(const char *dir, const char *rel, struct diag *d)
{
	char *path = path_join(dir, rel), *data;
	struct val *v;
	size_t len;

	data = input_read(dir, path, rel, &len, d);
	free(path);
	if (data == NULL) {
		if (errno == ENOENT)
			diag_error(d, rel, 0, _("cannot read the file"));
		return NULL;
	}
	v = yaml_parse(data, len, rel, 1, YAML_DEFAULT, d);
	free(data);
	if (v != NULL && v->type != VAL_MAP) {
		diag_error(d, rel, 1, _("must be a map of keys, like 'title: …'"));
		val_free(v);
		return NULL;
	}
	return v;
}

static const char *const site_keys[] = {
	"title", "base_url", "award", "office", "rules", "document_types",
	"website_code", "icp", "archive", NULL
};
static const char *const archive_keys[] = {
	"retention_decisions", "retention_others", NULL
};
/* 保管期限 of DA/T 22-2015 (归档文件整理规则) */
static const char *const retention_periods[] = { "永久", "30年", "10年", NULL };
static const char *const award_keys[] = {
	"name", "short_name", "nomination_name", "government", "measures",
	"certificate_prefix", NULL
};
static const char *const office_keys[] = {
	"name", "host", "address", "postcode", "phone", "email", NULL
};
/* Optional: the 联系人 of the contact block; the leading group it serves. */
static const char *const office_optional_keys[] = {
	"name", "host", "address", "postcode", "phone", "email", "contact",
	"group", NULL
};
/* The documents whose 文种 (公示, 公告, 通知, 决定) site.yaml may set. */
static const char *const document_type_keys[] = {
	"call", "recommendation", "acceptance", "presentation", "onsite",
	"proposal", "decision", "revocation", NULL
};
static const char *const document_types[] = {
	"公示", "公告", "通告", "通知", "决定", NULL
};

/*
 * document_types: { presentation: 公示, … }: each value one of the 文种
 * of GB/T 9704's kinds that these stages use.
 */
static void
read_document_types(const struct yread *y, const struct val *m)
{
	const char *v;
	size_t i, j;

	if (m == NULL)
		return;
	yread_known_keys(y, m, "document_types", document_type_keys);
	for (i = 0; i < m->n; i++) {
		v = m->items[i]->type == VAL_STR ? m->items[i]->str : "";
		for (j = 0; document_types[j] != NULL; j++)
			if (strcmp(v, document_types[j]) == 0)
				break;
		if (document_types[j] == NULL)
			diag_error(y->diag, y->file, m->key_lines[i],
			    _("document_types: %s is '%s'; write one of 公示, 公告, "
			    "通告, 通知, 决定"), m->keys[i], v);
	}
}
static const char *const rule_keys[] = {
	"award_quota", "nomination_quota", "publicity_working_days",
	"min_operating_years", "min_operating_years_new_sector",
	"clean_record_years", "reapply_ban_years", "false_material_ban_years",
	"fraud_ban_years", "revocation_window_years",
	"objection_forward_working_days", "objection_report_working_days", NULL
};

static void
read_rules(const struct yread *y, const struct val *m, struct rules *r)
{
	rules_defaults(r);
	if (m == NULL)
		return;
	yread_known_keys(y, m, "rules", rule_keys);
#define RULE(f, min) r->f = yread_int(y, m, #f, min, r->f, false)
	RULE(award_quota, 0);
	RULE(nomination_quota, 0);
	RULE(publicity_working_days, 1);
	RULE(min_operating_years, 0);
	RULE(min_operating_years_new_sector, 0);
	RULE(clean_record_years, 0);
	RULE(reapply_ban_years, 0);
	RULE(false_material_ban_years, 0);
	RULE(fraud_ban_years, 0);
	RULE(revocation_window_years, 0);
	RULE(objection_forward_working_days, 1);
	RULE(objection_report_working_days, 1);
#undef RULE
}

/*
 * archive: the 保管期限 written into every ODT's meta.xml, one of DA/T 22's
 * periods; by default 永久 for decisions and revocations, 30年 for the rest.
 */
static void
read_archive(const struct yread *y, const struct val *m)
{
	const char *v;
	size_t i, k;

	if (m == NULL)
		return;
	yread_known_keys(y, m, "archive", archive_keys);
	for (k = 0; archive_keys[k] != NULL; k++) {
		if ((v = yread_str(y, m, archive_keys[k], false)) == NULL)
			continue;
		for (i = 0; retention_periods[i] != NULL; i++)
			if (strcmp(v, retention_periods[i]) == 0)
				break;
		if (retention_periods[i] == NULL)
			diag_error(y->diag, y->file, val_key_line(m, archive_keys[k]),
			    _("archive: %s: '%s' is not a retention period of "
			    "DA/T 22; write 永久, 30年 or 10年"), archive_keys[k], v);
	}
}

const char *
site_retention(const struct site *s, bool decision)
{
	const struct val *a = val_get(s->yaml, "archive");
	const char *v = a != NULL && a->type == VAL_MAP ? val_get_str(a,
	    decision ? "retention_decisions" : "retention_others") : NULL;

	return v != NULL ? v : decision ? "永久" : "30年";
}

/* Every key of keys must be a non-empty string in map. */
static void
require_strings(const struct yread *y, const struct val *map,
    const char *const *keys)
{
	size_t i;

	for (i = 0; keys[i] != NULL; i++)
		(void)yread_str(y, map, keys[i], true);
}

bool
config_load_site(const char *dir, struct site *s, struct diag *d)
{
	struct yread y = { "site.yaml", d };
	const struct val *award, *office;
	struct val *base;
	const char *prefix;
	size_t errs = d->errors;

	if ((s->yaml = load_yaml_file(dir, "site.yaml", d)) == NULL)
		return false;
	yread_known_keys(&y, s->yaml, "site.yaml", site_keys);
	s->title = yread_str(&y, s->yaml, "title", true);
	s->base_url = yread_str(&y, s->yaml, "base_url", true);
	if ((award = yread_map(&y, s->yaml, "award", true)) != NULL) {
		yread_known_keys(&y, award, "award", award_keys);
		require_strings(&y, award, award_keys);
		prefix = val_get_str(award, "certificate_prefix");
		if (prefix != NULL && strspn(prefix,
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != strlen(prefix))
			diag_error(d, y.file, val_key_line(award, "certificate_prefix"),
			    _("certificate_prefix '%s' becomes part of file names and "
			    "URLs: use capital letters and digits only, like XJZLJ"), prefix);
	}
	if ((office = yread_map(&y, s->yaml, "office", true)) != NULL) {
		yread_known_keys(&y, office, "office", office_optional_keys);
		require_strings(&y, office, office_keys);
		(void)yread_str(&y, office, "contact", false);
		(void)yread_str(&y, office, "group", false);
	}
	read_rules(&y, yread_map(&y, s->yaml, "rules", false), &s->rules);
	read_document_types(&y, yread_map(&y, s->yaml, "document_types", false));
	(void)yread_str(&y, s->yaml, "website_code", false);
	(void)yread_str(&y, s->yaml, "icp", false);
	read_archive(&y, yread_map(&y, s->yaml, "archive", false));
	base = val_get(s->yaml, "base_url");
	if (s->base_url != NULL) {
		if (!str_has_prefix(s->base_url, "https://") &&
		    !str_has_prefix(s->base_url, "http://"))
			diag_error(d, y.file, val_key_line(s->yaml, "base_url"),
			    _("base_url '%s' must be an absolute address starting "
			    "with https://"), s->base_url);
		if (!str_has_suffix(s->base_url, "/")) {
			/* Links are made by appending paths: keep one slash. */
			char *fixed = xasprintf("%s/", base->str);
			free(base->str);
			base->str = fixed;
			base->n = strlen(fixed);
			s->base_url = fixed;
		}
	}
	if (s->title == NULL)
		s->title = "";
	return d->errors == errs;
}

/* --- calendar/<year>.yaml --------------------------------------------------- */

static const char *const cal_keys[] = {
	"year", "sources", "days_off", "working_days", NULL
};
static const char *const cal_entry_keys[] = { "date", "from", "to", "name", NULL };

static void
push_day(day_t **arr, size_t *n, day_t d)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(day_t));
	(*arr)[(*n)++] = d;
}

static int
day_cmp(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates. */
static void
sort_days(day_t *arr, size_t *n)
{
	size_t i, j = 0;

	if (*n > 1)
		qsort(arr, *n, sizeof(day_t), day_cmp);
	for (i = 0; i < *n; i++)
		if (j == 0 || arr[j - 1] != arr[i])
			arr[j++] = arr[i];
	*n = j;
}

static bool
in_days(const day_t *arr, size_t n, day_t d)
{
	return n > 0 && bsearch(&d, arr, n, sizeof(day_t), day_cmp) != NULL;
}

/*
 * Reads one list of days (days_off or working_days). A day that is in the
 * sorted list other already is reported at the entry's line.
 */
static void
read_cal_days(const struct yread *y, const struct val *cal, const char *key,
    int year, day_t **arr, size_t *n, const day_t *other, size_t n_other)
{
	const struct val *list = val_get(cal, key), *e;
	day_t from, to, day;
	char iso[16];
	size_t i;

	if (list == NULL || list->type == VAL_NULL)
		return;
	if (list->type != VAL_LIST) {
		diag_error(y->diag, y->file, val_key_line(cal, key),
		    _("%s must be a list of entries like '- { date: %d-01-01, name: 元旦 }'"),
		    key, year);
		return;
	}
	for (i = 0; i < list->n; i++) {
		e = list->items[i];
		if (e->type != VAL_MAP) {
			diag_error(y->diag, y->file, e->line, _("each entry of %s "
			    "must be '{ date: …, name: … }' or '{ from: …, to: …, name: … }'"),
			    key);
			continue;
		}
		yread_known_keys(y, e, key, cal_entry_keys);
		if (val_get(e, "date") != NULL && (val_get(e, "from") != NULL ||
		    val_get(e, "to") != NULL)) {
			diag_error(y->diag, y->file, e->line, _("give either date: "
			    "(one day) or from: and to: (a range), not both"));
			continue;
		}
		if (val_get(e, "date") != NULL)
			from = to = yread_date(y, e, "date", true);
		else {
			from = yread_date(y, e, "from", true);
			to = yread_date(y, e, "to", true);
		}
		if (from == DAY_NONE || to == DAY_NONE)
			continue;
		if (to < from || date_year(from) != year || date_year(to) != year) {
			diag_error(y->diag, y->file, e->line, _("the days of an "
			    "entry must lie in %d, from before to"), year);
			continue;
		}
		for (day = from; day <= to; day++) {
			if (in_days(other, n_other, day)) {
				date_iso(day, iso);
				diag_error(y->diag, y->file, e->line, _("%s is both "
				    "a day off and a working day; keep it in one list"),
				    iso);
			}
			push_day(arr, n, day);
		}
	}
}

static bool
read_calendar(const char *dir, const char *rel, int year, struct cal_year *c,
    struct diag *d)
{
	struct yread y = { rel, d };
	const struct val *src;
	struct val *v;
	int fyear;

	if ((v = load_yaml_file(dir, rel, d)) == NULL)
		return false;
	yread_known_keys(&y, v, "a calendar", cal_keys);
	fyear = yread_int(&y, v, "year", 1900, 0, true);
	if (fyear != 0 && fyear != year)
		diag_error(d, rel, val_key_line(v, "year"), _("year %d does not "
		    "match the file name: rename the file or write year: %d"),
		    fyear, year);
	c->year = year;
	src = val_get(v, "sources");
	if (src == NULL || src->type != VAL_LIST || src->n == 0)
		diag_error(d, rel, src ? src->line : 1, _("sources: list where "
		    "the days come from (the State Council and the regional "
		    "notices), so they can be checked"));
	else
		c->source = xstrdup(src->items[0]->type == VAL_STR ?
		    src->items[0]->str : val_get_str(src->items[0], "name") ?
		    val_get_str(src->items[0], "name") : "");
	read_cal_days(&y, v, "days_off", year, &c->off, &c->n_off, NULL, 0);
	sort_days(c->off, &c->n_off);
	read_cal_days(&y, v, "working_days", year, &c->work, &c->n_work,
	    c->off, c->n_off);
	sort_days(c->work, &c->n_work);
	val_free(v);
	return true;
}

bool
config_load_calendar(const char *dir, char **names, size_t n, struct site *s,
    struct diag *d)
{
	size_t i;
	char *rel;
	int year;

	for (i = 0; i < n; i++) {
		rel = path_join("calendar", names[i]);
		if (!field_year_name(names[i], ".yaml", &year)) {
			diag_warning(d, rel, 0, _("not read: calendar files are "
			    "named by their year, like 2025.yaml"));
			free(rel);
			continue;
		}
		s->years = xreallocarray(s->years, s->n_years + 1,
		    sizeof(*s->years));
		memset(&s->years[s->n_years], 0, sizeof(*s->years));
		if (read_calendar(dir, rel, year, &s->years[s->n_years], d))
			s->n_years++;
		free(rel);
	}
	if (s->n_years == 0)
		diag_error(d, "calendar", 0, _("no calendar: add calendar/<year>.yaml "
		    "for every year the cycles touch (see the sample's calendar/README.md)"));
	return true;
}

/* --- <year>/cycle.yaml ------------------------------------------------------- */

static const char *const cycle_keys[] = {
	"year", "edition", "application_deadline", "office", "notices", NULL
};
static const char *const notice_entry_keys[] = { "date", "until", "number", NULL };

static void
read_notice_entries(const struct yread *y, const struct val *notices,
    struct cycle *c)
{
	const struct val *e;
	struct notice_entry *ne;
	enum notice_kind k;
	const char *num;
	size_t i;

	for (i = 0; i < notices->n; i++) {
		if (!notice_parse(notices->keys[i], &k)) {
			diag_error(y->diag, y->file, notices->key_lines[i],
			    _("unknown notice '%s'; the notices are call, "
			    "recommendation, acceptance, presentation, onsite, "
			    "proposal, decision (the office's own go in notices/NAME.md)"),
			    notices->keys[i]);
			continue;
		}
		e = notices->items[i];
		ne = &c->notices[k];
		ne->line = notices->key_lines[i];
		if (e->type != VAL_MAP) {
			diag_error(y->diag, y->file, ne->line, _("%s must be like "
			    "'{ date: 2025-07-15 }'"), notices->keys[i]);
			continue;
		}
		yread_known_keys(y, e, notices->keys[i], notice_entry_keys);
		ne->date = yread_date(y, e, "date", true);
		ne->until = yread_date(y, e, "until", false);
		if ((num = yread_str(y, e, "number", false)) != NULL)
			ne->number = xstrdup(num);
		ne->present = ne->date != DAY_NONE;
		if (ne->until != DAY_NONE && ne->date != DAY_NONE &&
		    ne->until < ne->date)
			diag_error(y->diag, y->file, val_key_line(e, "until"),
			    _("until is before date; a publicity ends after it starts"));
	}
}

bool
config_load_cycle(const char *dir, struct cycle *c, struct diag *d)
{
	char *rel = path_join(c->dir, "cycle.yaml");
	struct yread y = { rel, d };
	const struct val *notices, *office;
	int year;

	if ((c->yaml = load_yaml_file(dir, rel, d)) == NULL) {
		free(rel);
		return false;
	}
	yread_known_keys(&y, c->yaml, "cycle.yaml", cycle_keys);
	year = yread_int(&y, c->yaml, "year", 1900, 0, true);
	if (year != 0 && year != c->year)
		diag_error(d, rel, val_key_line(c->yaml, "year"), _("year %d does "
		    "not match the folder %s: the folder of a cycle is named by "
		    "its year"), year, c->dir);
	c->edition = yread_int(&y, c->yaml, "edition", 1, 0, true);
	c->edition_line = val_key_line(c->yaml, "edition");
	c->application_deadline = yread_date(&y, c->yaml,
	    "application_deadline", true);
	c->deadline_line = val_key_line(c->yaml, "application_deadline");
	for (int k = 0; k < NOTICE_KIND_COUNT; k++) {
		c->notices[k].date = DAY_NONE;
		c->notices[k].until = DAY_NONE;
	}
	if ((notices = yread_map(&y, c->yaml, "notices", false)) != NULL)
		read_notice_entries(&y, notices, c);
	/* The office as it was named in this cycle, over site.yaml's office. */
	if ((office = yread_map(&y, c->yaml, "office", false)) != NULL)
		yread_known_keys(&y, office, "office", office_optional_keys);
	free(rel);
	return true;
}

/* --- <year>/notices/NAME.md ---------------------------------------------- */

static const char *const front_keys[] = {
	"title", "date", "number", "addressee", "signature", NULL
};

static bool
safe_name(const char *s)
{
	return *s != '\0' && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") ==
	    strlen(s) && *s != '-';
}

bool
config_load_custom_notice(const char *dir, const char *rel, const char *name,
    struct custom_notice *n, struct diag *d)
{
	struct yread y = { rel, d };
	char *path = path_join(dir, rel), *data;
	const char *body, *s;
	enum notice_kind k;
	struct val *fm;
	size_t len;
	int body_line;
	bool ok;

	memset(n, 0, sizeof(*n));
	n->date = DAY_NONE;
	data = input_read(dir, path, rel, &len, d);
	free(path);
	if (data == NULL) {
		if (errno == ENOENT)
			diag_error(d, rel, 0, _("cannot read the file"));
		return false;
	}
	if (!safe_name(name))
		diag_error(d, rel, 0, _("the file name becomes the page's address: "
		    "use lower-case letters, digits and '-' only, like site-visit.md"));
	fm = yaml_front_matter(data, len, rel, &body, &body_line, d);
	if (fm == NULL) {
		free(data);
		return false;
	}
	yread_known_keys(&y, fm, "the front matter", front_keys);
	n->name = xstrdup(name);
	n->path = xstrdup(rel);
	if ((s = yread_str(&y, fm, "title", true)) != NULL)
		n->title = xstrdup(s);
	/* An override of a built-in notice is dated and numbered by
	 * cycle.yaml (rules/check_notices.c); a notice of its own here. */
	n->date = yread_date(&y, fm, "date", !notice_parse(name, &k));
	n->date_line = val_key_line(fm, "date");
	if ((s = yread_str(&y, fm, "number", false)) != NULL)
		n->number = xstrdup(s);
	n->number_line = val_key_line(fm, "number");
	ok = n->title != NULL && (n->date != DAY_NONE || notice_parse(name, &k));
	if (ok && (s = yread_str(&y, fm, "addressee", false)) != NULL)
		n->addressee = xstrdup(s);
	if (ok && (s = yread_str(&y, fm, "signature", false)) != NULL)
		n->signature = xstrdup(s);
	n->body = xstrndup(body, len - (size_t)(body - data));
	n->body_line = body_line;
	val_free(fm);
	free(data);
	return ok;
}

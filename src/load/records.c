#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/input.h"
#include "base/strmap.h"
#include "base/util.h"
#include "load/csv.h"
#include "load/fields.h"
#include "load/records.h"

#define MAX_COLS 16

/* One column the program knows, and whether the file must have it. */
struct colspec {
	const char	*name;
	bool		 required;
};

/* Strings kept alive for a while (keys of a strmap). */
struct names {
	char	**v;
	size_t	  n;
};

/* A CSV file with its known columns found. */
struct table {
	char		*file;		/* relative to the content folder */
	struct csv	 csv;
	int		 col[MAX_COLS];	/* index in the file, or -1 */
	struct diag	*diag;
	const struct csv_row *row;	/* the row being read */
};

/*
 * Reads rel and finds the columns of spec (NULL-name terminated). A missing
 * required column is an error at line 1; an unknown column a warning, since
 * a typo in a header must not silently drop data. Returns false when the
 * file is absent (reported when !optional) or unusable.
 */
static bool
table_open(struct table *t, const char *dir, const char *rel,
    const struct colspec *spec, bool optional, struct diag *d)
{
	char *path = path_join(dir, rel), *data;
	size_t len, i, k;
	bool ok, known;

	memset(t, 0, sizeof(*t));
	t->file = xstrdup(rel);
	t->diag = d;
	data = input_read(dir, path, rel, &len, d);
	free(path);
	if (data == NULL) {
		if (errno == ENOENT && !optional)
			diag_error(d, rel, 0, "missing: every cycle folder needs "
			    "this file (header row first)");
		return false;
	}
	ok = csv_parse(data, len, rel, &t->csv, d);
	free(data);
	if (!ok)
		return false;
	if (t->csv.n_cols == 0) {
		diag_error(d, rel, 1, "the file is empty; it needs at least "
		    "its header row");
		return false;
	}
	for (k = 0; spec[k].name != NULL; k++) {
		t->col[k] = csv_column(&t->csv, spec[k].name);
		if (t->col[k] < 0 && spec[k].required) {
			diag_error(d, rel, 1, "column '%s' is missing; the header "
			    "row must name it", spec[k].name);
			ok = false;
		}
	}
	for (i = 0; i < t->csv.n_cols; i++) {
		known = false;
		/* By name: a duplicated column was reported as such already. */
		for (k = 0; spec[k].name != NULL && !known; k++)
			known = strcmp(spec[k].name, t->csv.header[i]) == 0;
		if (!known && t->csv.header[i][0] != '\0')
			diag_warning(d, rel, 1, "unknown column '%s' is ignored "
			    "(a typo?)", t->csv.header[i]);
	}
	return ok;
}

static void
table_close(struct table *t)
{
	csv_free(&t->csv);
	free(t->file);
}

/* The trimmed value of known column k in the current row; "" when absent. */
static char *
cell(struct table *t, int k)
{
	if (t->col[k] < 0)
		return "";
	return str_trim(t->row->fields[t->col[k]]);
}

/* An owned copy of a cell, or NULL when empty. */
static char *
cell_dup(struct table *t, int k)
{
	const char *s = cell(t, k);

	return *s != '\0' ? xstrdup(s) : NULL;
}

static void
row_error(struct table *t, const char *fmt, const char *a, const char *b)
{
	diag_error(t->diag, t->file, t->row->line, fmt, a, b);
}

static day_t
cell_date(struct table *t, int k, const char *colname, bool required)
{
	const char *s = cell(t, k);
	day_t d;

	if (*s == '\0') {
		if (required)
			row_error(t, "%s is empty; give a date like 2025-06-30%s",
			    colname, "");
		return DAY_NONE;
	}
	if (!date_parse(s, &d)) {
		diag_error(t->diag, t->file, t->row->line, "%s '%s' is not a "
		    "date; write it like 2025-06-30 or 2025/6/30", colname, s);
		return DAY_NONE;
	}
	return d;
}

static bool
cell_required(struct table *t, int k, const char *colname)
{
	if (*cell(t, k) != '\0')
		return true;
	row_error(t, "%s is empty; every row needs it%s", colname, "");
	return false;
}

static enum yesno
cell_yesno(struct table *t, int k, const char *colname)
{
	enum yesno v = YESNO_UNSET;

	if (!field_yesno(cell(t, k), &v))
		row_error(t, "%s '%s' must be yes or no (是 or 否)", colname,
		    cell(t, k));
	return v;
}

/* Checks form and check character; false with an error when invalid. */
static bool
cell_credit_code(struct table *t, int k)
{
	const char *s = cell(t, k), *why;
	char expected;

	if (*s == '\0') {
		row_error(t, "credit_code is empty; give the 18-character "
		    "unified social credit code%s%s", "", "");
		return false;
	}
	if (field_credit_code(s, &expected, &why))
		return true;
	if (why != NULL)
		row_error(t, "credit_code %s: %s", s, why);
	else
		diag_error(t->diag, t->file, t->row->line, "credit_code %s: "
		    "check character should be %c (GB 32100-2015); check the "
		    "code against the business licence", s, expected);
	return false;
}

/* --- organizations.csv ---------------------------------------------------------- */

enum {
	O_CODE, O_NAME, O_REGION, O_RECOMMENDER, O_FOUNDED, O_INDUSTRY,
	O_NEW_SECTOR, O_SME, O_IP_START, O_IP_END, O_CONTACT, O_PHONE,
	O_EMAIL, O_CONFIDENTIAL
};
static const struct colspec org_cols[] = {
	{ "credit_code", true }, { "name", true }, { "region", true },
	{ "recommender", true }, { "founded", true }, { "industry", false },
	{ "new_sector", false }, { "sme", false },
	{ "internal_publicity_start", false }, { "internal_publicity_end", false },
	{ "contact", false }, { "phone", false }, { "email", false },
	{ "confidential", false }, { NULL, false }
};

/* Columns an applicant may mark confidential, and their bits. */
static const struct { const char *name; unsigned bit; } secret_cols[] = {
	{ "name", ORG_FIELD_NAME }, { "region", ORG_FIELD_REGION },
	{ "recommender", ORG_FIELD_RECOMMENDER }, { "founded", ORG_FIELD_FOUNDED },
	{ "industry", ORG_FIELD_INDUSTRY }, { "new_sector", ORG_FIELD_NEW_SECTOR },
	{ "sme", ORG_FIELD_SME }, { NULL, 0 }
};

static unsigned
parse_confidential(struct table *t, const char *list)
{
	char *copy = xstrdup(list), *p = copy, *name;
	unsigned bits = 0, bit;
	size_t i;

	while ((name = strsep(&p, ";；")) != NULL) {
		str_trim(name);
		if (*name == '\0')
			continue;
		bit = 0;
		for (i = 0; secret_cols[i].name != NULL; i++)
			if (strcmp(name, secret_cols[i].name) == 0)
				bit = secret_cols[i].bit;
		if (bit == ORG_FIELD_NAME || bit == ORG_FIELD_REGION ||
		    bit == ORG_FIELD_RECOMMENDER)
			row_error(t, "confidential names '%s', but a publicity "
			    "must show the applicant's %s (art. 11); only industry, "
			    "founded, new_sector and sme can be kept confidential",
			    name, name);
		else if (bit == 0 && strcmp(name, "contact") != 0 &&
		    strcmp(name, "phone") != 0 && strcmp(name, "email") != 0)
			row_error(t, "confidential names '%s', which is not a "
			    "column; separate column names with ';', like "
			    "industry;founded%s", name, "");
		bits |= bit;
	}
	free(copy);
	return bits;
}

static bool
read_org(struct table *t, struct org *o)
{
	bool ok = cell_credit_code(t, O_CODE);

	memset(o, 0, sizeof(*o));
	o->line = t->row->line;
	ok &= cell_required(t, O_NAME, "name");
	ok &= cell_required(t, O_RECOMMENDER, "recommender");
	if (*cell(t, O_REGION) != '\0' && !field_region(cell(t, O_REGION))) {
		row_error(t, "region '%s' is not a division of Xinjiang; "
		    "write one of %s", cell(t, O_REGION), field_region_list());
		ok = false;
	} else
		ok &= cell_required(t, O_REGION, "region");
	o->founded = cell_date(t, O_FOUNDED, "founded", true);
	o->new_sector = cell_yesno(t, O_NEW_SECTOR, "new_sector");
	o->sme = cell_yesno(t, O_SME, "sme");
	o->internal_publicity_start = cell_date(t, O_IP_START,
	    "internal_publicity_start", false);
	o->internal_publicity_end = cell_date(t, O_IP_END,
	    "internal_publicity_end", false);
	o->confidential = parse_confidential(t, cell(t, O_CONFIDENTIAL));
	o->credit_code = cell_dup(t, O_CODE);
	o->name = cell_dup(t, O_NAME);
	o->region = cell_dup(t, O_REGION);
	o->recommender = cell_dup(t, O_RECOMMENDER);
	o->industry = cell_dup(t, O_INDUSTRY);
	o->contact = cell_dup(t, O_CONTACT);
	o->phone = cell_dup(t, O_PHONE);
	o->email = cell_dup(t, O_EMAIL);
	return ok && o->founded != DAY_NONE;
}

static void
org_clear(struct org *o)
{
	free(o->credit_code); free(o->name); free(o->region);
	free(o->recommender); free(o->industry); free(o->contact);
	free(o->phone); free(o->email);
}

/*
 * Stands in the credit-code map for applicants whose row was reported and
 * skipped: what refers to them is left out without a second message.
 */
static struct org skipped_org;

/* Maps the credit codes of skipped rows to skipped_org; keeps their copies. */
static void
note_skipped(struct table *t, struct strmap *by_code, struct names *keep)
{
	const struct csv_row *r;
	size_t i;
	int col = t->col[O_CODE];
	char *code;

	for (i = 0; i < t->csv.n_skipped; i++) {
		r = &t->csv.skipped[i];
		if (col < 0 || (size_t)col >= r->n_fields)
			continue;
		code = str_trim(xstrdup(r->fields[col]));
		keep->v = xreallocarray(keep->v, keep->n + 1, sizeof(char *));
		keep->v[keep->n++] = code;
		(void)strmap_put(by_code, code, &skipped_org);
	}
}

/*
 * Fills c->orgs; by_code maps each credit code to its struct org. False
 * when the file is missing or unusable (its columns, its encoding).
 */
static bool
load_orgs(const char *dir, struct cycle *c, struct strmap *by_code,
    struct names *keep, struct diag *d)
{
	struct table t;
	struct org o, *prev;
	char *rel = path_join(c->dir, "organizations.csv");
	size_t i;
	bool ok;

	if ((ok = table_open(&t, dir, rel, org_cols, false, d))) {
		/* Allocated once: decisions keep pointers into it. */
		c->orgs = xcalloc(t.csv.n_rows, sizeof(*c->orgs));
		for (i = 0; i < t.csv.n_rows; i++) {
			t.row = &t.csv.rows[i];
			/*
			 * A row with a bad value is reported but kept, so that
			 * its decisions do not all report an unknown applicant.
			 */
			(void)read_org(&t, &o);
			if (o.credit_code == NULL) {
				org_clear(&o);
				continue;
			}
			c->orgs[c->n_orgs] = o;
			prev = strmap_put(by_code, c->orgs[c->n_orgs].credit_code,
			    &c->orgs[c->n_orgs]);
			if (prev != NULL) {
				diag_error(d, rel, o.line, "credit_code %s appears "
				    "twice (first at line %d); an applicant has one row",
				    o.credit_code, prev->line);
				org_clear(&o);
				continue;
			}
			c->n_orgs++;
		}
		note_skipped(&t, by_code, keep);
	}
	table_close(&t);
	free(rel);
	return ok;
}

/* --- decisions.csv ------------------------------------------------------------------ */

enum { D_CODE, D_STAGE, D_RESULT, D_DATE, D_NOTE };
static const struct colspec decision_cols[] = {
	{ "credit_code", true }, { "stage", true }, { "result", true },
	{ "date", true }, { "note", false }, { NULL, false }
};

/*
 * Looks the row's credit code up; reports an unknown one. by_code is NULL
 * when organizations.csv could not be read: that was reported already, and
 * every row here would only repeat it.
 */
static struct org *
row_org(struct table *t, int k, const struct strmap *by_code,
    const char *orgs_file)
{
	struct org *o;

	if (by_code == NULL)
		return NULL;
	o = strmap_get(by_code, cell(t, k));
	if (o == &skipped_org)
		return NULL;

	if (o == NULL && *cell(t, k) != '\0')
		diag_error(t->diag, t->file, t->row->line, "credit_code %s is "
		    "not an applicant of this cycle; add it to %s or correct "
		    "the code", cell(t, k), orgs_file);
	return o;
}

static bool
read_decision(struct table *t, const struct strmap *by_code, const char *orgs,
    struct decision *x)
{
	bool ok = true;

	memset(x, 0, sizeof(*x));
	x->line = t->row->line;
	if (!cell_required(t, D_CODE, "credit_code") ||
	    (x->org = row_org(t, D_CODE, by_code, orgs)) == NULL)
		ok = false;
	if (!stage_parse(cell(t, D_STAGE), &x->stage)) {
		row_error(t, "stage '%s' is unknown; write one of recommendation, "
		    "qualification, material, presentation, onsite, "
		    "deliberation, approval%s", cell(t, D_STAGE), "");
		ok = false;
	}
	if (!result_parse(cell(t, D_RESULT), &x->result)) {
		row_error(t, "result '%s' is unknown; write pass, fail or "
		    "withdrawn (award, nomination or none at deliberation and "
		    "approval)%s", cell(t, D_RESULT), "");
		ok = false;
	}
	x->date = cell_date(t, D_DATE, "date", true);
	x->credit_code = cell_dup(t, D_CODE);
	x->note = cell_dup(t, D_NOTE);
	return ok && x->date != DAY_NONE;
}

static void
load_decisions(const char *dir, struct cycle *c, const struct strmap *by_code,
    struct diag *d)
{
	char *rel = path_join(c->dir, "decisions.csv");
	char *orgs = path_join(c->dir, "organizations.csv");
	struct decision x, *prev;
	struct table t;
	size_t i;

	if (table_open(&t, dir, rel, decision_cols, false, d)) {
		c->decisions = xcalloc(t.csv.n_rows, sizeof(*c->decisions));
		for (i = 0; i < t.csv.n_rows; i++) {
			t.row = &t.csv.rows[i];
			if (!read_decision(&t, by_code, orgs, &x)) {
				free(x.credit_code);
				free(x.note);
				continue;
			}
			if ((prev = x.org->decision[x.stage]) != NULL) {
				diag_error(d, rel, x.line, "a second %s decision "
				    "for %s (first at line %d); keep one decision "
				    "per applicant and stage", stage_name(x.stage),
				    x.credit_code, prev->line);
				free(x.credit_code);
				free(x.note);
				continue;
			}
			c->decisions[c->n_decisions] = x;
			x.org->decision[x.stage] = &c->decisions[c->n_decisions++];
		}
	}
	table_close(&t);
	free(rel);
	free(orgs);
}

/* --- objections.csv ------------------------------------------------------------------ */

enum {
	X_ID, X_CODE, X_RECEIVED, X_OBJECTOR, X_NAME, X_ADDRESS, X_IDENTITY,
	X_FORWARDED, X_REPORTED, X_DECIDED, X_OUTCOME, X_NOTIFIED, X_NOTE
};
static const struct colspec objection_cols[] = {
	{ "id", true }, { "credit_code", true }, { "received", true },
	{ "objector", true }, { "objector_name", false },
	{ "objector_address", false }, { "identity", true },
	{ "forwarded", false }, { "reported", false }, { "decided", false },
	{ "outcome", true }, { "notified", false }, { "note", false },
	{ NULL, false }
};

static bool
read_objection(struct table *t, const struct strmap *by_code, const char *orgs,
    struct objection *x)
{
	const char *s;
	bool ok = cell_required(t, X_ID, "id");

	memset(x, 0, sizeof(*x));
	x->line = t->row->line;
	if (!cell_required(t, X_CODE, "credit_code") ||
	    (x->org = row_org(t, X_CODE, by_code, orgs)) == NULL)
		ok = false;
	x->received = cell_date(t, X_RECEIVED, "received", true);
	s = cell(t, X_OBJECTOR);
	if (strcmp(s, "individual") == 0)
		x->objector = OBJECTOR_INDIVIDUAL;
	else if (strcmp(s, "unit") == 0)
		x->objector = OBJECTOR_UNIT;
	else {
		row_error(t, "objector '%s' must be individual or unit%s", s, "");
		ok = false;
	}
	s = cell(t, X_IDENTITY);
	if (strcmp(s, "complete") == 0)
		x->identity_complete = true;
	else if (strcmp(s, "incomplete") != 0) {
		row_error(t, "identity '%s' must be complete or incomplete "
		    "(art. 12)%s", s, "");
		ok = false;
	}
	s = cell(t, X_OUTCOME);
	if (*s == '\0')
		x->outcome = OUTCOME_PENDING;
	else if (strcmp(s, "unfounded") == 0)
		x->outcome = OUTCOME_UNFOUNDED;
	else if (strcmp(s, "founded") == 0)
		x->outcome = OUTCOME_FOUNDED;
	else if (strcmp(s, "disqualifying") == 0)
		x->outcome = OUTCOME_DISQUALIFYING;
	else {
		row_error(t, "outcome '%s' must be unfounded, founded or "
		    "disqualifying, or empty while undecided%s", s, "");
		ok = false;
	}
	x->forwarded = cell_date(t, X_FORWARDED, "forwarded", false);
	x->reported = cell_date(t, X_REPORTED, "reported", false);
	x->decided = cell_date(t, X_DECIDED, "decided", false);
	x->notified = cell_date(t, X_NOTIFIED, "notified", false);
	x->id = cell_dup(t, X_ID);
	x->credit_code = cell_dup(t, X_CODE);
	x->objector_name = cell_dup(t, X_NAME);
	x->objector_address = cell_dup(t, X_ADDRESS);
	x->note = cell_dup(t, X_NOTE);
	if (x->id != NULL && strspn(x->id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(x->id)) {
		row_error(t, "id '%s' names the letter's file: use letters, "
		    "digits and '-' only, like OBJ-2025-01%s", x->id, "");
		ok = false;
	}
	return ok && x->received != DAY_NONE;
}

static void
objection_clear(struct objection *x)
{
	free(x->id); free(x->credit_code); free(x->objector_name);
	free(x->objector_address); free(x->note);
}

static void
load_objections(const char *dir, struct cycle *c, const struct strmap *by_code,
    struct diag *d)
{
	char *rel = path_join(c->dir, "objections.csv");
	char *orgs = path_join(c->dir, "organizations.csv");
	struct strmap ids;
	struct objection x, *prev;
	struct table t;
	size_t i;

	strmap_init(&ids);
	if (table_open(&t, dir, rel, objection_cols, true, d)) {
		c->objections = xcalloc(t.csv.n_rows, sizeof(*c->objections));
		for (i = 0; i < t.csv.n_rows; i++) {
			t.row = &t.csv.rows[i];
			if (!read_objection(&t, by_code, orgs, &x)) {
				objection_clear(&x);
				continue;
			}
			c->objections[c->n_objections] = x;
			if ((prev = strmap_put(&ids, c->objections[c->n_objections].id,
			    &c->objections[c->n_objections])) != NULL) {
				diag_error(d, rel, x.line, "id %s appears twice "
				    "(first at line %d); each objection has its own id",
				    x.id, prev->line);
				objection_clear(&x);
				continue;
			}
			c->n_objections++;
		}
	}
	strmap_free(&ids);
	table_close(&t);
	free(rel);
	free(orgs);
}

void
records_load_cycle(const char *dir, struct cycle *c, struct diag *d)
{
	struct strmap by_code;
	const struct strmap *known;
	struct names keep = { NULL, 0 };
	size_t i;

	strmap_init(&by_code);
	known = load_orgs(dir, c, &by_code, &keep, d) ? &by_code : NULL;
	load_decisions(dir, c, known, d);
	load_objections(dir, c, known, d);
	strmap_free(&by_code);
	for (i = 0; i < keep.n; i++)
		free(keep.v[i]);
	free(keep.v);
}

/* --- sanctions.csv -------------------------------------------------------------------- */

enum { S_CODE, S_KIND, S_DATE, S_DECIDED, S_NUMBER, S_NOTE };
static const struct colspec sanction_cols[] = {
	{ "credit_code", true }, { "kind", true }, { "date", true },
	{ "decided", false }, { "number", false }, { "note", false },
	{ NULL, false }
};
static const char *const sanction_kinds[] = {
	"false_material", "fraud", "incident", "violation", NULL
};

static bool
read_sanction(struct table *t, struct sanction *x)
{
	bool ok = cell_credit_code(t, S_CODE), known = false;
	size_t k;

	memset(x, 0, sizeof(*x));
	x->line = t->row->line;
	for (k = 0; sanction_kinds[k] != NULL && !known; k++)
		if (strcmp(cell(t, S_KIND), sanction_kinds[k]) == 0) {
			x->kind = (enum sanction_kind)k;
			known = true;
		}
	if (!known) {
		row_error(t, "kind '%s' must be false_material, fraud, incident "
		    "or violation (art. 9, 19, 20)%s", cell(t, S_KIND), "");
		ok = false;
	}
	x->date = cell_date(t, S_DATE, "date", true);
	x->decided = cell_date(t, S_DECIDED, "decided", false);
	x->credit_code = cell_dup(t, S_CODE);
	x->number = cell_dup(t, S_NUMBER);
	x->note = cell_dup(t, S_NOTE);
	return ok && x->date != DAY_NONE;
}

void
records_load_sanctions(const char *dir, struct site *s, struct diag *d)
{
	struct sanction x;
	struct table t;
	size_t i;

	if (table_open(&t, dir, "sanctions.csv", sanction_cols, true, d)) {
		s->sanctions = xcalloc(t.csv.n_rows, sizeof(*s->sanctions));
		for (i = 0; i < t.csv.n_rows; i++) {
			t.row = &t.csv.rows[i];
			if (!read_sanction(&t, &x)) {
				free(x.credit_code);
				free(x.number);
				free(x.note);
				continue;
			}
			s->sanctions[s->n_sanctions++] = x;
		}
	}
	table_close(&t);
}

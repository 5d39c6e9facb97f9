/*
 * records: the four registers, each read from NAME.csv, NAME.xlsx or
 * NAME.ods into one struct sheet (src/load/sheet.h), then typed here the
 * same way whatever the form: the header row found below any title rows,
 * columns named in English or Chinese (src/load/aliases.c), values typed
 * and checked for form, references between registers resolved.
 *
 * What spreadsheets do to data is named for what it is: a credit code the
 * spreadsheet stored as a number is one error for its column, with the
 * fix, and the rows it touches cause no second error anywhere.
 */
#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/i18n.h"
#include "base/input.h"
#include "base/strmap.h"
#include "base/trace.h"
#include "base/util.h"
#include "load/aliases.h"
#include "load/csv.h"
#include "load/fields.h"
#include "load/regcache.h"
#include "load/records.h"
#include "load/sheet.h"

#define MAX_COLS 16

/* Strings kept alive for a while (keys of a strmap). */
struct names {
	char	**v;
	size_t	  n;
};

/* A credit code a spreadsheet turned into a number: its value, ± ulp. */
struct mangled {
	double	 v, ulp;
};

/* What the registers of one load share. */
struct loadctx {
	struct diag	*diag;
	struct strmap	 by_code;	/* credit code -> struct org */
	bool		 orgs_ok;	/* by_code can be trusted */
	/*
	 * Each code of by_code is that of one applicant, the only one with
	 * it (no code twice, no row skipped): an applicant found by its
	 * code in orgs is the one by_code would give (kept_org). Where the
	 * last found one was.
	 */
	bool		 codes_plain;
	const struct org *orgs;
	size_t		 n_orgs, next_org;
	/*
	 * Organizations taken from the cache: their codes are not put in
	 * by_code until a lookup needs it (codes_map), as the registers
	 * taken with them find each applicant where it was.
	 */
	bool		 by_code_later;
	struct names	 keep;
	struct mangled	*mangled;
	size_t		 n_mangled;
	const char	*orgs_file;
	/*
	 * The cycle's arena for the strings of orgs and decisions, and the
	 * values many applicants share (regions, recommending units,
	 * industries), kept once: value -> its copy in strings.
	 */
	struct arena	*strings;
	struct strmap	 shared;
	/*
	 * Rows typed on the second thread (struct otype): shared values are
	 * kept as struct beside_value, each to be found once in the first
	 * thread's shared when the rows are taken.
	 */
	bool		 beside;
};

/* A shared value typed beside: its text, and its copy in the load's own map. */
struct beside_value {
	char	*here;		/* NULL until the rows are taken */
	char	 text[];
};

/* A register with its header row found and its known columns mapped. */
struct table {
	char			*file;		/* relative to the content folder */
	const struct register_spec *spec;
	struct sheet		 sheet;
	size_t			 first;		/* first row after the header */
	int			 col[MAX_COLS];	/* sheet column, or -1 */
	const char		*head[MAX_COLS]; /* the header as written */
	struct diag		*diag;
	struct loadctx		*ctx;
	/*
	 * The row being read, its values trimmed: in the sheet's own text,
	 * or, when trimmed at the end, copied into vals (one buffer, reused).
	 */
	const struct sheet_row	*row;
	int			 by_col[MAX_COLS]; /* known columns, left to right */
	int			 n_by_col;	/* -1: not sorted yet */
	const char		*val[MAX_COLS];
	enum cell_kind		 kind[MAX_COLS];
	struct buf		 vals;
	size_t			 off[MAX_COLS];
	/* The applicant of the row's code, once looked up (code_org). */
	struct org		*org;
	bool			 org_known;
	/* Credit codes stored as numbers, reported once per table. */
	int			 n_mangled;
	int			 mangled_line;
	char			*mangled_text;
	/*
	 * The register's key in the cache (load/regcache.h), and its entry
	 * when there is one: then it is not parsed, unless it cannot be
	 * taken, and its bytes are kept for that.
	 */
	struct hash		 key;
	bool			 keyed;
	struct regkept		*kept;
	char			*data;		/* NULL: not read (table_read) */
	size_t			 len;
	const char		*dir;		/* the content folder */
	int			 form;
	bool			 halves;	/* read_form's */
	/*
	 * A CSV register's pieces (load/regcache.h), kept for the next
	 * build; and, when the last build kept them and only some rows
	 * changed, the plan that reads those alone, with the last build's
	 * applicants.
	 */
	struct regrows		*rows;
	struct regplan		 plan;
	bool			 planned;
	struct org		*old_orgs;
	size_t			 n_old_orgs;
	/* the records: old [0, before), mid typed, old [after, n_old_orgs) */
	size_t			 kept_before, typed_mid, kept_after;
};

static const char *const forms[] = { ".csv", ".xlsx", ".ods" };

static bool
is_workbook(const struct table *t)
{
	return t->sheet.form != SHEET_CSV;
}

/* --- diagnostics ------------------------------------------------------------ */

/*
 * Reports a problem with known column k of the current row (k < 0: the
 * row). The cell's column is named as the spreadsheet shows it:
 * (column C 统一社会信用代码).
 */
static void __attribute__((format(printf, 4, 5)))
cell_error(struct table *t, int k, int line, const char *fmt, ...)
{
	char letters[8];
	struct buf msg;
	va_list ap;

	buf_init(&msg);
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	/*
	 * A CSV file is named by its line; its column too when the header
	 * is not the English name the message uses (统一社会信用代码).
	 */
	if (k >= 0 && t->col[k] >= 0 && (is_workbook(t) ||
	    strcmp(t->head[k], t->spec->cols[k].name) != 0)) {
		sheet_col_letters((uint32_t)t->col[k], letters);
		diag_error(t->diag, t->file, line, _("%1$s (column %2$s %3$s)"),
		    buf_cstr(&msg), letters, t->head[k]);
	} else
		diag_error(t->diag, t->file, line, "%s", buf_cstr(&msg));
	buf_free(&msg);
}

#define row_error(t, k, ...)	cell_error((t), (k), (t)->row->line, __VA_ARGS__)

/* --- reading a register ------------------------------------------------------- */

/* A CSV file becoming a sheet, record by record (csv_parse_each). */
struct csv_sheet {
	struct sheet		*sheet;
	const struct csv	*csv;
	bool			 started;	/* title and header rows added */
	int			 full_line;	/* first record past the limit */
};

/* The rows above the records: the title lines, then the header. */
static void
add_head_rows(struct csv_sheet *cs)
{
	const struct csv *c = cs->csv;
	struct row_builder b;
	size_t i;

	cs->started = true;
	row_builder_init(&b);
	for (i = 0; i < c->n_preamble; i++) {
		row_builder_add(&b, 0, CELL_TEXT, c->preamble[i].fields[0],
		    strlen(c->preamble[i].fields[0]));
		(void)sheet_add_row(cs->sheet, c->preamble[i].line, &b);
	}
	for (i = 0; i < c->n_cols; i++)
		row_builder_add(&b, (uint32_t)i, CELL_TEXT, c->header[i],
		    strlen(c->header[i]));
	(void)sheet_add_row(cs->sheet, c->header_line, &b);
	row_builder_free(&b);
}

/*
 * One record into the sheet, its fields copied once, from the parser's
 * buffer. A header wider than a sheet, or a sheet past its cells, is
 * reported once the whole file was read, as its other problems are.
 */
static void
add_record(void *arg, int line, const struct csv_field *fields, size_t n)
{
	struct csv_sheet *cs = arg;

	if (cs->full_line != 0 || cs->csv->n_cols > SHEET_MAX_COLS)
		return;
	if (!cs->started)
		add_head_rows(cs);
	if (!sheet_add_fields(cs->sheet, line, fields, n))
		cs->full_line = line;
}

/*
 * The rows that the second half of a file read in halves put into its
 * own sheet, moved to the end of the first half's, as one thread would
 * have added them: the title and header rows first, and the limit of
 * cells passed at the same row.
 */
static void
join_halves(struct csv_sheet *first, struct csv_sheet *second)
{
	struct sheet *to = first->sheet, *from = second->sheet;
	size_t n = 0;

	if (!first->started && from->n_rows > 0)
		add_head_rows(first);
	for (; n < from->n_rows && first->full_line == 0; n++) {
		if (to->n_cells + from->rows[n].n > SHEET_MAX_CELLS) {
			first->full_line = from->rows[n].line;
			break;
		}
		to->n_cells += from->rows[n].n;
	}
	if (first->full_line == 0)
		first->full_line = second->full_line;
	if (n > 0) {
		to->rows = xreallocarray(to->rows, to->n_rows + n,
		    sizeof(*to->rows));
		memcpy(to->rows + to->n_rows, from->rows, n * sizeof(*to->rows));
		to->n_rows += n;
		to->cap = to->n_rows;
		/* Their cells go with them: the other sheet's blocks. */
		to->joined = from->mem;
		arena_init(&from->mem);
	}
}

/* The rows of c reported for their number of fields, into the sheet. */
static void
add_skipped(struct sheet *out, const struct csv *c)
{
	struct row_builder b;
	size_t i, j;

	row_builder_init(&b);
	for (i = 0; i < c->n_skipped; i++) {
		for (j = 0; j < c->skipped[i].n_fields && j < SHEET_MAX_COLS; j++)
			row_builder_add(&b, (uint32_t)j, CELL_TEXT,
			    c->skipped[i].fields[j], strlen(c->skipped[i].fields[j]));
		sheet_add_skipped(out, c->skipped[i].line, &b);
	}
	row_builder_free(&b);
}

/* Below this many bytes a CSV file is read on one thread. */
#define HALVES_MIN_BYTES	((size_t)256 << 10)

/*
 * A CSV file's bytes as a sheet, each record put in the sheet as it is
 * read: no row is held twice, and at 1,000,000 applicants the file and
 * the sheet (each some 200 MB) are all there is.
 * With halves, a large file is read on two threads (csv_parse_halves),
 * the second half into a sheet of its own, joined after.
 */
static bool
read_csv(const char *data, size_t len, const char *rel, bool halves,
    struct sheet *out, struct diag *d)
{
	struct csv_sheet cs, cs2;
	struct csv_halves hv;
	struct sheet second;
	struct csv c;
	bool ok;

	sheet_init(out, SHEET_CSV);
	sheet_init(&second, SHEET_CSV);
	memset(&cs, 0, sizeof(cs));
	cs.sheet = out;
	cs.csv = &c;
	cs2 = cs;
	cs2.sheet = &second;
	cs2.started = true;	/* the head rows are the first half's */
	memset(&hv, 0, sizeof(hv));
	hv.each = add_record;
	hv.arg[0] = &cs;
	hv.arg[1] = &cs2;
	hv.min_len = halves ? HALVES_MIN_BYTES : SIZE_MAX;
	ok = csv_parse_halves(data, len, rel, &c, &hv, d);
	if (ok && hv.halved)
		join_halves(&cs, &cs2);
	sheet_free(&second);
	if (!ok) {
		sheet_free(out);
		return false;
	}
	/* A sheet holds SHEET_MAX_COLS columns, as Excel and WPS do. */
	if (c.n_cols > SHEET_MAX_COLS) {
		diag_error(d, rel, c.header_line, _("the header has %zu "
		    "columns, more than the %d a spreadsheet can hold; is this "
		    "the right file?"), c.n_cols, SHEET_MAX_COLS);
		ok = false;
	} else if (cs.full_line != 0) {
		diag_error(d, rel, cs.full_line, _("the sheet holds more than "
		    "32 million cells with a value; a register has far fewer"));
		ok = false;
	}
	if (!ok) {
		sheet_free(out);
		csv_free(&c);
		return false;
	}
	if (!cs.started)
		add_head_rows(&cs);
	add_skipped(out, &c);
	out->gb18030 = c.was_gb18030;
	csv_free(&c);
	return true;
}

/*
 * What a rebuild reads of a CSV file of which the last build kept the
 * pieces (plan, load/regcache.h): its head (the title rows and the
 * header), then the bytes an edit changed (csv_parse_part), their
 * records after the head rows of the sheet (*n_head of them). False when
 * that cannot stand for the whole file: the head is not the last build's
 * kind of head (one column, or records in it), or the part cannot be read
 * alone; the caller then reads the whole file, and drops what was told.
 */
static bool
read_csv_part(const char *data, const struct regplan *p, const char *rel,
    struct sheet *out, size_t *n_head, struct diag *d)
{
	struct csv_sheet cs;
	struct csv c;
	size_t rows;
	bool ok;

	sheet_init(out, SHEET_CSV);
	memset(&cs, 0, sizeof(cs));
	cs.sheet = out;
	cs.csv = &c;
	if (!csv_parse_each(data, p->head_len, rel, &c, add_record, &cs, d))
		return false;
	ok = !cs.started && c.n_cols >= 2 && c.n_cols <= SHEET_MAX_COLS &&
	    c.n_skipped == 0 && !c.was_gb18030;
	if (ok) {
		add_head_rows(&cs);
		*n_head = out->n_rows;
		ok = csv_parse_part(data + p->from, p->to - p->from,
		    p->from_line, rel, &c, add_record, &cs, d);
	}
	/* as many cells as the whole sheet could have: read whole */
	rows = p->n_before + (p->n_pieces - p->n_after) + out->n_rows;
	if (ok && (cs.full_line != 0 || rows >= SHEET_MAX_CELLS / c.n_cols))
		ok = false;
	if (ok)
		add_skipped(out, &c);
	csv_free(&c);
	return ok;
}

/*
 * The file's bytes in the form its name says. A workbook under a .csv
 * name, or an old .xls, is named as such.
 */
static bool
read_form(const char *data, size_t len, const char *rel, int form,
    bool halves, struct sheet *out, struct diag *d)
{
	bool zip = len >= 4 && memcmp(data, "PK\3\4", 4) == 0;
	bool ole = len >= 4 && memcmp(data, "\xD0\xCF\x11\xE0", 4) == 0;
	/* An ODF package starts with its stored mimetype (ODF 1.3 part 2, 3.3). */
	bool ods = zip && len > 84 && memcmp(data + 30, "mimetypeapplication/"
	    "vnd.oasis.opendocument.spreadsheet", 54) == 0;

	sheet_init(out, SHEET_CSV);
	if (ole) {
		diag_error(d, rel, 0, _("this is an Excel 97-2003 workbook "
		    "(.xls); save it as .xlsx (Excel 工作簿) or .csv, under "
		    "the name the register has"));
		return false;
	}
	if (form == 0 && zip) {
		diag_error(d, rel, 0, _("this file is a workbook (%s) saved "
		    "under a .csv name; rename it to end in %s, or save it "
		    "from the spreadsheet as CSV (UTF-8)"),
		    ods ? ".ods" : ".xlsx", ods ? ".ods" : ".xlsx");
		return false;
	}
	if (form != 0 && !zip) {
		diag_error(d, rel, 0, _("this file is not a workbook (a "
		    "workbook is a zip package; this looks like text, CSV "
		    "perhaps); rename it to end in .csv, or save it from the "
		    "spreadsheet as %s"), forms[form]);
		return false;
	}
	if (form == 0)
		return read_csv(data, len, rel, halves, out, d);
	return form == 1 ? xlsx_read(data, len, rel, out, d) :
	    ods_read(data, len, rel, out, d);
}

/* A cell's text trimmed of spaces (no-break and ideographic ones too). */
static char *
trimmed(const struct sheet_cell *c)
{
	return field_trim(xstrdup(c != NULL ? c->text : ""));
}

/* How many cells of row r name a column of the register. */
static int
known_headers(const struct table *t, const struct sheet_row *r)
{
	size_t i;
	int n = 0;
	char *s;

	for (i = 0; i < r->n; i++) {
		s = trimmed(&r->cells[i]);
		n += alias_column(t->spec, s) >= 0;
		free(s);
	}
	return n;
}

/* "credit_code (统一社会信用代码), name (组织名称), …": the required ones. */
static char *
required_list(const struct register_spec *spec)
{
	struct buf b;
	int k;

	buf_init(&b);
	for (k = 0; spec->cols[k].name != NULL; k++)
		if (spec->cols[k].required)
			buf_printf(&b, "%s%s (%s)", b.len > 0 ? ", " : "",
			    spec->cols[k].name, spec->cols[k].zh);
	return buf_detach(&b);
}

/*
 * The header row: the first naming at least two columns of the register
 * (rows above it are titles and notes). False, reported, when none does.
 */
static bool
find_header(struct table *t, size_t *at)
{
	size_t i;
	char *list;
	int n;

	for (i = 0; i < t->sheet.n_rows; i++) {
		n = known_headers(t, &t->sheet.rows[i]);
		if (n >= 2 || (n == 1 && n == (int)t->sheet.rows[i].n)) {
			*at = i;
			return true;
		}
	}
	list = required_list(t->spec);
	diag_error(t->diag, t->file, t->sheet.n_rows > 0 ?
	    t->sheet.rows[0].line : 1, _("no header row: no row names the "
	    "columns of this register; the header row must name %s (in "
	    "English or Chinese), the rows below it hold the records"), list);
	free(list);
	return false;
}

static void
column_name(const struct table *t, uint32_t col, char out[static 32])
{
	char letters[8];

	if (is_workbook(t)) {
		sheet_col_letters(col, letters);
		snprintf(out, 32, "%s", letters);
	} else
		snprintf(out, 32, "%u", col + 1);
}

/*
 * Values in a column with no header (in a gap, or to the right): an error
 * once per column. A column with neither is nothing.
 */
static bool
unnamed_columns(struct table *t, const struct sheet_row *h)
{
	bool *seen = xcalloc(SHEET_MAX_COLS, sizeof(bool)), ok = true;
	const struct sheet_cell *hc;
	char where[32], *name;
	size_t i, j;
	uint32_t col;

	for (i = 0; i < h->n; i++) {
		name = trimmed(&h->cells[i]);
		seen[h->cells[i].col] = *name != '\0';
		free(name);
	}
	for (i = t->first; i < t->sheet.n_rows; i++)
		for (j = 0; j < t->sheet.rows[i].n; j++) {
			col = t->sheet.rows[i].cells[j].col;
			if (seen[col])
				continue;
			seen[col] = true;
			hc = &t->sheet.rows[i].cells[j];
			name = trimmed(hc);
			if (*name != '\0') {
				column_name(t, col, where);
				diag_error(t->diag, t->file, t->sheet.rows[i].line,
				    _("column %s has values but no header; name "
				    "it in the header row, or delete the column"),
				    where);
				ok = false;
			}
			free(name);
		}
	free(seen);
	return ok;
}

static void
unknown_column(struct table *t, int line, const char *name)
{
	const struct column *c = &t->spec->cols[alias_nearest(t->spec, name)];

	diag_warning(t->diag, t->file, line, _("unknown column '%1$s' is "
	    "ignored (a typo?); the nearest known column is %2$s (%3$s)"),
	    name, c->name, c->zh);
}

/*
 * Maps the header's names to the known columns. A missing required column
 * is an error; an unknown one a warning, since a typo in a header must not
 * silently drop data; a column with values but no name an error; a column
 * with neither is nothing (what a spreadsheet leaves at the right).
 */
static bool
map_columns(struct table *t, const struct sheet_row *h)
{
	uint32_t col;
	size_t i;
	bool ok = true;
	char *s;
	int k;

	for (k = 0; k < MAX_COLS; k++)
		t->col[k] = -1;
	for (i = 0; i < h->n; i++) {
		s = trimmed(&h->cells[i]);
		col = h->cells[i].col;
		if (*s == '\0') {
			free(s);
			continue;
		}
		if ((k = alias_column(t->spec, s)) < 0)
			unknown_column(t, h->line, s);
		else if (t->col[k] >= 0) {
			char a[32], b[32];

			column_name(t, (uint32_t)t->col[k], a);
			column_name(t, col, b);
			diag_error(t->diag, t->file, h->line, _("column '%1$s' "
			    "appears twice in the header (columns %2$s and %3$s, "
			    "as '%4$s' and '%5$s'); keep one"),
			    t->spec->cols[k].name, a, b, t->head[k], s);
			ok = false;
		} else {
			t->col[k] = (int)col;
			t->head[k] = h->cells[i].text;
		}
		free(s);
	}
	ok &= unnamed_columns(t, h);
	for (k = 0; t->spec->cols[k].name != NULL; k++)
		if (t->col[k] < 0 && t->spec->cols[k].required) {
			diag_error(t->diag, t->file, h->line, _("column '%1$s' "
			    "is missing; the header row must name it (%2$s in "
			    "Chinese)"), t->spec->cols[k].name, t->spec->cols[k].zh);
			ok = false;
		}
	return ok;
}

/*
 * A register saved in a form gongshi does not read (Excel 97-2003 .xls,
 * WPS's own .et, a macro workbook .xlsm): reported with what to save it
 * as. True when one was found.
 */
static bool
other_form(const char *dir, const char *cycle_dir,
    const struct register_spec *spec, struct diag *d)
{
	static const char *const others[] = { ".xls", ".et", ".xlsm", NULL };
	char *rel, *path;
	bool found = false;
	size_t i;

	for (i = 0; others[i] != NULL && !found; i++) {
		char *name = xasprintf("%s%s", spec->name, others[i]);

		rel = cycle_dir != NULL ? path_join(cycle_dir, name) :
		    xstrdup(name);
		path = path_join(dir, rel);
		if ((found = file_exists(path)))
			diag_error(d, rel, 0, _("gongshi reads %1$s.csv, %1$s.xlsx "
			    "or %1$s.ods, not %2$s: in Excel or WPS save the "
			    "register as Excel 工作簿 (.xlsx), under the name "
			    "%1$s.xlsx"), spec->name, others[i]);
		free(path);
		free(rel);
		free(name);
	}
	return found;
}

/* True when something is at path, even a link to nothing. */
static bool
entry_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

static bool	table_parse(struct table *);

/* A register's kind in the cache; 0 for sanctions, which it does not keep. */
static enum regkind
kept_kind(const struct register_spec *spec)
{
	if (spec == &reg_organizations)
		return REG_ORGS;
	if (spec == &reg_decisions)
		return REG_DECISIONS;
	return spec == &reg_objections ? REG_OBJECTIONS : 0;
}

/*
 * Reads the register's bytes into t->data (its key, when kept, from
 * them: hashed once, for its key and for the stamp). False when it cannot
 * be read (said).
 */
static bool
table_read(struct table *t)
{
	char *path = path_join(t->dir, t->file);
	struct hash digest;

	t->data = t->keyed ? input_read_hashed(t->dir, path, t->file,
	    REGISTER_MAX_MIB, &t->len, &digest, t->diag) :
	    input_read_max(t->dir, path, t->file, REGISTER_MAX_MIB, &t->len,
	    t->diag);
	free(path);
	if (t->data == NULL) {
		if (errno == ENOENT)	/* else said by input_read */
			diag_error(t->diag, t->file, 0, _("cannot be read"));
		return false;
	}
	t->keyed = t->keyed && regcache_key(t->file, &digest, &t->key);
	return true;
}

/*
 * Finds dir/base.csv, .xlsx or .ods (exactly one), reads it and maps its
 * header. Returns false when the register is absent (reported when
 * !optional), doubled or unusable. With halves, a large CSV file is read
 * on two threads (read_csv): for a register read with nothing beside. A
 * register the last build kept with the same bytes (load/regcache.h) is
 * not parsed: t->kept holds it, for the caller to take, or to parse
 * after all (table_unkeep).
 */
static bool
table_open(struct table *t, const char *dir, const char *cycle_dir,
    const struct register_spec *spec, bool optional, bool halves,
    struct loadctx *ctx)
{
	char *rel[3], *path, *data;
	struct hash digest, vouched;
	int found = -1, i;
	size_t len;
	bool ok = true;

	memset(t, 0, sizeof(*t));
	t->n_by_col = -1;
	t->spec = spec;
	t->diag = ctx->diag;
	t->ctx = ctx;
	buf_init(&t->vals);
	sheet_init(&t->sheet, SHEET_CSV);
	for (i = 0; i < 3; i++) {
		char *name = xasprintf("%s%s", spec->name, forms[i]);

		rel[i] = cycle_dir != NULL ? path_join(cycle_dir, name) :
		    xstrdup(name);
		free(name);
		path = path_join(dir, rel[i]);
		/* Anything by that name: a folder or a FIFO there is said
		 * (input_read), not taken for an absent register. */
		if (entry_exists(path)) {
			if (found >= 0) {
				diag_error(ctx->diag, rel[found], 0, _("%1$s and "
				    "%2$s are both here: a register is kept in one "
				    "form; remove one of them"), rel[found], rel[i]);
				ok = false;
			} else
				found = i;
		}
		free(path);
	}
	t->file = xstrdup(rel[found >= 0 ? found : 0]);
	for (i = 0; i < 3; i++)
		free(rel[i]);
	if (found < 0) {
		if (!other_form(dir, cycle_dir, spec, ctx->diag) && !optional)
			diag_error(ctx->diag, t->file, 0, _("missing: every cycle "
			    "folder needs this register, as %1$s.csv, %1$s.xlsx "
			    "or %1$s.ods (header row first)"), spec->name);
		return false;
	}
	if (!ok)
		return false;
	t->keyed = kept_kind(spec) != 0 && regcache_on();
	t->halves = halves;
	t->form = found;
	t->dir = dir;
	/* the index vouches for the bytes the cache keeps: not read at all */
	path = path_join(dir, t->file);
	ok = t->keyed && input_indexed(dir, path, REGISTER_MAX_MIB, &digest) &&
	    regcache_key(t->file, &digest, &vouched);
	free(path);
	if (ok && (t->kept = regcache_find(&vouched, kept_kind(spec),
	    t->file)) != NULL) {
		t->key = vouched;
		return true;
	}
	if (!table_read(t))
		return false;
	/* looked up again only when the bytes read are not those vouched for */
	if (t->keyed && !(ok && hash_equal(&vouched, &t->key)) &&
	    (t->kept = regcache_find(&t->key, kept_kind(spec),
	    t->file)) != NULL)
		return true;
	data = t->data;
	len = t->len;
	if (t->keyed && found == 0 && spec == &reg_organizations &&
	    regcache_plan(t->file, kept_kind(spec), data, len, &t->plan))
		return t->planned = true;
	return table_parse(t);
}

/*
 * A register found in the cache (t->kept) but that cannot be taken from
 * it: parsed now, as table_open() would have.
 */
static bool
table_unkeep(struct table *t)
{
	regcache_kept_free(t->kept);
	t->kept = NULL;
	/* not read when the index vouched for it: read now (its key again) */
	if (t->data == NULL && !table_read(t))
		return false;
	return table_parse(t);
}

/*
 * The pieces of the register's bytes for the next build, when it is kept
 * there and is CSV (read as UTF-8): its records start at the lines of
 * the sheet's rows after the header.
 */
/* The lines the sheet's rows from the first one on start at (*n of them). */
static int *
row_lines(const struct table *t, size_t first, size_t *n)
{
	size_t i;
	int *lines;

	*n = t->sheet.n_rows - first;
	lines = xreallocarray(NULL, *n + 1, sizeof(*lines));
	for (i = 0; i < *n; i++)
		lines[i] = t->sheet.rows[first + i].line;
	return lines;
}

static void
table_rows(struct table *t)
{
	size_t n;
	int *lines;

	if (!t->keyed || t->form != 0 || t->sheet.gb18030 ||
	    t->spec != &reg_organizations || t->first >= t->sheet.n_rows)
		return;
	lines = row_lines(t, t->first, &n);
	t->rows = regrows_of(t->data, t->len, lines, n);
	free(lines);
}

/* The register's bytes (t->data, freed here) parsed and its header mapped. */
static bool
table_parse(struct table *t)
{
	size_t h;
	bool ok;

	ok = read_form(t->data, t->len, t->file, t->form, t->halves, &t->sheet,
	    t->ctx->diag);
	if (ok && t->sheet.n_rows == 0) {
		diag_error(t->diag, t->file, 1, _("the register is empty; it "
		    "needs at least its header row"));
		ok = false;
	}
	if (ok && (ok = find_header(t, &h))) {
		t->first = h + 1;
		if ((ok = map_columns(t, &t->sheet.rows[h])))
			table_rows(t);
	}
	free(t->data);
	t->data = NULL;
	return ok;
}

/*
 * A register of which only some rows changed (t->plan): the last build's
 * applicants read, the head and the changed bytes parsed, the header
 * mapped, as a parse of the whole would; the applicants of the rows in
 * between are taken by load_orgs(). When any of that cannot be, the
 * whole file is parsed (t->planned turns false) and what was told is
 * dropped.
 */
static bool
table_parse_part(struct table *t)
{
	struct diag part;
	size_t h, n_head = 0, n;
	int *lines;
	bool ok;

	diag_init(&part);
	ok = regcache_plan_orgs(&t->plan, &t->ctx->shared,
	    &t->old_orgs, &t->n_old_orgs) &&
	    read_csv_part(t->data, &t->plan, t->file, &t->sheet, &n_head,
	    &part) && find_header(t, &h) && h + 1 == n_head;
	if (!ok) {
		diag_free(&part);
		sheet_free(&t->sheet);
		sheet_init(&t->sheet, SHEET_CSV);
		free(t->old_orgs);
		t->old_orgs = NULL;
		t->n_old_orgs = 0;
		regcache_plan_free(&t->plan);
		t->planned = false;
		return table_parse(t);
	}
	diag_append(t->ctx->diag, &part);
	diag_free(&part);
	t->first = n_head;
	ok = map_columns(t, &t->sheet.rows[h]);
	lines = row_lines(t, n_head, &n);
	if (ok)
		t->rows = regrows_patch(&t->plan, t->data, lines, n);
	free(lines);
	free(t->data);
	t->data = NULL;
	return ok;
}

static void
table_close(struct table *t)
{
	sheet_free(&t->sheet);
	buf_free(&t->vals);
	free(t->mangled_text);
	free(t->file);
	regcache_kept_free(t->kept);
	free(t->data);
	regrows_free(t->rows);
	regcache_plan_free(&t->plan);
	free(t->old_orgs);
}

/*
 * A register of the cycle opened (found, read, parsed, its header
 * mapped) on a second thread while this one reads organizations: none
 * of that needs organizations. Its problems are kept apart and told when
 * the register's turn comes (opening_take), so that they come in the
 * order of a load on one thread.
 */
struct opening {
	struct table		 t;
	bool			 ok;
	struct diag		 diag;
	struct loadctx		 ctx;	/* its diag only */
	const char		*dir, *cycle_dir;
	const struct register_spec *spec;
	bool			 optional;
	bool			 halves;	/* alone: read in halves */
};

static void
opening_init(struct opening *o, const char *dir, const char *cycle_dir,
    const struct register_spec *spec, bool optional)
{
	memset(o, 0, sizeof(*o));
	diag_init(&o->diag);
	o->ctx.diag = &o->diag;
	o->dir = dir;
	o->cycle_dir = cycle_dir;
	o->spec = spec;
	o->optional = optional;
}

static void
opening_run(struct opening *o)
{
	o->ok = table_open(&o->t, o->dir, o->cycle_dir, o->spec, o->optional,
	    o->halves, &o->ctx);
}

/* The opened table, its problems told to ctx now; false as table_open. */
static bool
opening_take(struct opening *o, struct loadctx *ctx)
{
	diag_append(ctx->diag, &o->diag);
	o->t.diag = ctx->diag;
	o->t.ctx = ctx;
	return o->ok;
}

/*
 * The rows of organizations typed on the second thread once it has opened
 * the registers after it (later_run): it takes rows from the end, a chunk
 * at a time, while this thread types from the start; where they meet, this
 * thread tells each row's messages and adds its applicant in order
 * (otype_take), as one thread would have. Only the adding checks across
 * rows (a credit code twice) and keeps the load's shared values.
 */
struct typed_org {
	struct org	 o;
	bool		 mangled;	/* a code a spreadsheet made a number */
	size_t		 d0, d1;	/* its messages in the otype's diag */
};

struct otype {
	pthread_mutex_t	 lock;
	pthread_cond_t	 changed;	/* published, or done */
	bool		 published;	/* on and the rows below are set */
	bool		 on;		/* rows are typed beside */
	bool		 done;		/* the second thread took its last */
	size_t		 lo, hi;	/* the rows nobody took yet */
	size_t		 first;		/* rows[0]'s row */
	struct typed_org *rows;
	struct table	 t;		/* a copy: its own values and messages */
	struct loadctx	 ctx;		/* its strings, shared values */
	struct diag	 diag;
	struct arena	 strings;
};

/* Rows taken at a time: few locks, and the two threads meet closely. */
#define OTYPE_CHUNK	256
/* Below this many rows, organizations are typed on one thread. */
#define OTYPE_MIN	2000

static void	otype_beside(struct otype *);

/* What the second thread opens: the registers read after organizations. */
struct later {
	struct opening	 decisions, objections;
	struct otype	 orgs;
	pthread_t	 tid;
	bool		 started;
};

static void *
later_run(void *arg)
{
	struct later *l = arg;
	struct trace_span span;

	trace_begin(&span, "open decisions and objections");
	opening_run(&l->decisions);
	opening_run(&l->objections);
	trace_end(&span);
	otype_beside(&l->orgs);
	return NULL;
}

/*
 * Past this many rows of organizations the registers are opened one after
 * the other: a sheet of decisions beside that of organizations would set
 * the build's peak memory (100,000 applicants: 134 MB instead of 106;
 * 1,000,000: 1.23 GB instead of 0.96, measured with organizations read
 * in halves), while below the build's later peak stays the larger
 * (40,000: 71 MB instead of 74; 20,000: 42 instead of 43). Organizations
 * itself is read in halves on both threads at any number of applicants
 * (from HALVES_MIN_BYTES of file, read_csv).
 */
#define BESIDE_MAX_ROWS	45000
/*
 * A CSV file of organizations this small has at most some 45,000 rows (a
 * generated one, 220 bytes a row): the second thread starts opening the
 * registers after it before it is read, not once it is.
 */
#define BESIDE_EARLY_BYTES	((off_t)10 << 20)

static void
later_init(struct later *l, const char *dir, const char *cycle_dir)
{
	opening_init(&l->decisions, dir, cycle_dir, &reg_decisions, false);
	opening_init(&l->objections, dir, cycle_dir, &reg_objections, true);
	memset(&l->orgs, 0, sizeof(l->orgs));
	pthread_mutex_init(&l->orgs.lock, NULL);
	pthread_cond_init(&l->orgs.changed, NULL);
	l->started = false;
}

static bool	may_use_second = true;	/* records_second_thread() */

void
records_second_thread(bool may)
{
	may_use_second = may;
}

/* Starts the second thread, when beside and not started yet; see later_wait(). */
static void
later_start(struct later *l, bool beside)
{
	if (!beside || l->started || !may_use_second)
		return;
	xmlInitParser();	/* libxml2's globals, before a second thread */
	l->started = pthread_create(&l->tid, NULL, later_run, l) == 0;
}

/* Whether organizations is a CSV file small enough to start beside at once. */
static bool
beside_early(const char *dir, const char *cycle_dir)
{
	char *rel = path_join(cycle_dir, "organizations.csv");
	char *path = path_join(dir, rel);
	struct stat st;
	bool small;

	small = stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size <= BESIDE_EARLY_BYTES;
	free(path);
	free(rel);
	return small;
}

/* Waits for the second thread; opens on this one when there was none. */
static void
later_wait(struct later *l)
{
	if (l->started)
		(void)pthread_join(l->tid, NULL);
	else {
		/* Nothing beside: each may use both cores itself. */
		l->decisions.halves = true;
		l->objections.halves = true;
		(void)later_run(l);
	}
	pthread_cond_destroy(&l->orgs.changed);
	pthread_mutex_destroy(&l->orgs.lock);
}

#define IN_SHEET	((size_t)-1)

/*
 * The known columns present, in the order of their sheet columns; the
 * others' values are empty for good.
 */
static void
sort_by_col(struct table *t)
{
	int k, i, n = 0;

	for (k = 0; k < MAX_COLS; k++) {
		t->val[k] = "";
		t->kind[k] = CELL_TEXT;
		t->off[k] = IN_SHEET;
		if (t->col[k] < 0)
			continue;
		for (i = n; i > 0 && t->col[t->by_col[i - 1]] > t->col[k]; i--)
			t->by_col[i] = t->by_col[i - 1];
		t->by_col[i] = k;
		n++;
	}
	t->n_by_col = n;
}

/*
 * Makes the trimmed text of cell c the value of known column k. Returns
 * whether it was copied into vals (trimmed at its end).
 */
static bool
take_value(struct table *t, int k, const struct sheet_cell *c)
{
	const char *s;
	size_t len;

	t->kind[k] = c->kind;
	s = field_span(c->text, strlen(c->text), &len);
	if (s[len] == '\0') {
		t->val[k] = s;
		return false;
	}
	t->off[k] = t->vals.len;
	buf_add(&t->vals, s, len);
	buf_add(&t->vals, "", 1);
	return true;
}

/*
 * Makes row r current, its known columns' values trimmed. A value with
 * nothing to trim at its end is read where the sheet has it, not copied.
 * The row's cells and the known columns, both left to right, are walked
 * side by side.
 */
static void
table_row(struct table *t, const struct sheet_row *r)
{
	size_t j = 0, copied = 0;
	uint32_t col;
	int i, k;

	t->row = r;
	t->org_known = false;
	buf_reset(&t->vals);
	if (t->n_by_col < 0)
		sort_by_col(t);
	for (i = 0; i < t->n_by_col; i++) {
		k = t->by_col[i];
		col = (uint32_t)t->col[k];
		t->val[k] = "";
		t->kind[k] = CELL_TEXT;
		t->off[k] = IN_SHEET;
		while (j < r->n && r->cells[j].col < col)
			j++;
		if (j < r->n && r->cells[j].col == col)
			copied += take_value(t, k, &r->cells[j]);
	}
	/* (vals has moved as it grew: the copies are found once it is done) */
	for (i = 0; copied > 0 && i < t->n_by_col; i++)
		if (t->off[k = t->by_col[i]] != IN_SHEET)
			t->val[k] = t->vals.data + t->off[k];
}

/* The trimmed value of known column k in the current row; "" when absent. */
static const char *
cell(struct table *t, int k)
{
	return t->val[k];
}

/* The kind of known column k's cell in the current row; text when absent. */
static enum cell_kind
cell_kind(struct table *t, int k)
{
	return t->kind[k];
}

/* An owned copy of a cell, or NULL when empty. */
static char *
cell_dup(struct table *t, int k)
{
	const char *s = cell(t, k);

	return *s != '\0' ? xstrdup(s) : NULL;
}

/* A cell's copy in the cycle's arena, or NULL when empty. */
static char *
cell_keep(struct table *t, int k)
{
	const char *s = cell(t, k);

	return *s != '\0' ? arena_strdup(t->ctx->strings, s) : NULL;
}

/*
 * The same for a value that many rows share (a region, a recommending
 * unit): one copy for all of them.
 */
static char *
shared_value(struct loadctx *ctx, const char *s)
{
	struct beside_value *v;
	size_t len;
	char *copy;

	if ((copy = strmap_get(&ctx->shared, s)) != NULL)
		return copy;
	if (ctx->beside) {
		len = strlen(s);
		v = arena_alloc(ctx->strings, sizeof(*v) + len + 1);
		v->here = NULL;
		memcpy(v->text, s, len + 1);
		copy = v->text;
	} else
		copy = arena_strdup(ctx->strings, s);
	(void)strmap_put(&ctx->shared, copy, copy);
	return copy;
}

static char *
cell_shared(struct table *t, int k)
{
	const char *s = cell(t, k);

	return *s != '\0' ? shared_value(t->ctx, s) : NULL;
}

/* A shared value typed beside (or NULL), as the load's own copy. */
static char *
shared_here(struct loadctx *ctx, char *s)
{
	struct beside_value *v;

	if (s == NULL)
		return NULL;
	v = (struct beside_value *)(s - offsetof(struct beside_value, text));
	if (v->here == NULL)
		v->here = shared_value(ctx, v->text);
	return v->here;
}

static day_t
cell_date(struct table *t, int k, bool required)
{
	const char *s = cell(t, k), *name = t->spec->cols[k].name;
	char iso[16];
	double serial;
	char *end;
	int y, m, d;
	day_t z;

	if (*s == '\0') {
		if (required)
			row_error(t, k, _("%s is empty; give a date like "
			    "2025-06-30"), name);
		return DAY_NONE;
	}
	/* A number where a date belongs: a serial, in a workbook. */
	if (cell_kind(t, k) == CELL_NUMBER && (serial = strtod(s, &end),
	    *end == '\0') && sheet_serial_date(serial, false, &y, &m, &d))
		return date_from_ymd(y, m, d);
	if (field_date(s, &z))
		return z;
	if (field_serial_hint(s, iso))
		row_error(t, k, _("%1$s '%2$s' looks like a date that Excel "
		    "turned into a number (it would be %3$s): set the column's "
		    "format to date (设置单元格格式为\"日期\") or write %3$s"),
		    name, s, iso);
	else
		row_error(t, k, _("%1$s '%2$s' is not a date; write it like "
		    "2025-06-30 or 2025/6/30"), name, s);
	return DAY_NONE;
}

static bool
cell_required(struct table *t, int k)
{
	if (*cell(t, k) != '\0')
		return true;
	row_error(t, k, _("%s is empty; every row needs it"),
	    t->spec->cols[k].name);
	return false;
}

static enum yesno
cell_yesno(struct table *t, int k)
{
	enum yesno v = YESNO_UNSET;

	if (!field_yesno(cell(t, k), &v))
		row_error(t, k, _("%1$s '%2$s' must be yes or no (是 or 否)"),
		    t->spec->cols[k].name, cell(t, k));
	return v;
}

/* The English word of a coded value given in English or Chinese; "" if none. */
static const char *
cell_word(struct table *t, int k)
{
	const char *w = alias_word(t->spec->cols[k].type, cell(t, k));

	return w != NULL ? w : cell(t, k);
}

/* --- credit codes a spreadsheet turned into numbers ------------------------- */

/* Its value, and the unit of its last digit a spreadsheet kept. */
static struct mangled
mangled_value(const char *s)
{
	struct mangled m;
	size_t digits = 0;
	const char *p;
	int exp10;

	m.v = strtod(s, NULL);
	for (p = s; *p != '\0' && *p != 'E' && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && (digits > 0 || *p != '0'))
			digits++;
	exp10 = m.v > 0 ? (int)floor(log10(m.v)) : 0;
	if (digits > 15 || digits == 0)
		digits = 15;
	m.ulp = pow(10, exp10 - (int)digits + 1);
	return m;
}

/*
 * 916540027233750000: an all-digit code that a spreadsheet kept to 15
 * digits and wrote out in full (number format "0"), so that its check
 * character no longer fits.
 */
static bool
zeroed_code(const char *s)
{
	const char *why;
	char expected;

	return strlen(s) == 18 && strspn(s, "0123456789") == 18 &&
	    strcmp(s + 15, "000") == 0 && !field_credit_code(s, &expected, &why);
}

/*
 * Whether the code in column k is a number a spreadsheet made of it (a
 * number cell, or text like 9.1654E+17). Counted for the one error of the
 * column, which table_mangled_report() gives; the row is not read further.
 */
static bool
cell_mangled(struct table *t, int k)
{
	const char *s = cell(t, k), *why;
	char expected;

	if (*s == '\0')
		return false;
	/*
	 * A text that is a valid code is a code, even when it reads like a
	 * number in E notation (91650200399E784883): its check character
	 * says so, and a spreadsheet's number never has one that fits.
	 */
	if (cell_kind(t, k) != CELL_NUMBER && (field_credit_code(s, &expected,
	    &why) || (!field_mangled_number(s) && !zeroed_code(s))))
		return false;
	if (t->n_mangled++ == 0) {
		t->mangled_line = t->row->line;
		t->mangled_text = xstrdup(s);
	}
	return true;
}

static void
note_mangled(struct loadctx *ctx, const char *s)
{
	ctx->mangled = xreallocarray(ctx->mangled, ctx->n_mangled + 1,
	    sizeof(*ctx->mangled));
	ctx->mangled[ctx->n_mangled++] = mangled_value(s);
}

/* Whether a code is one of the mangled ones, as far as the digits kept say. */
static bool
is_mangled(const struct loadctx *ctx, const char *code)
{
	double v;
	size_t i;

	if (strlen(code) != 18 || strspn(code, "0123456789") != 18)
		return false;
	v = strtod(code, NULL);
	for (i = 0; i < ctx->n_mangled; i++)
		if (fabs(v - ctx->mangled[i].v) < ctx->mangled[i].ulp)
			return true;
	return false;
}

static void
table_mangled_report(struct table *t, int k)
{
	if (t->n_mangled == 0)
		return;
	if (is_workbook(t))
		cell_error(t, k, t->mangled_line, _("%1$d credit codes are "
		    "stored as numbers (the first is %2$s): a spreadsheet keeps "
		    "only 15 digits of a number, so the codes are lost; set the "
		    "column's format to text (设置单元格格式为\"文本\"), re-enter "
		    "the codes from the business licences, and save; these rows "
		    "are not checked until then"), t->n_mangled, t->mangled_text);
	else
		cell_error(t, k, t->mangled_line, _("%1$d credit codes were "
		    "turned into numbers by a spreadsheet (the first is %2$s): "
		    "the codes are lost; in Excel or WPS set the column's format "
		    "to text (设置单元格格式为\"文本\"), re-enter the codes from "
		    "the business licences, and save as CSV again; these rows "
		    "are not checked until then"), t->n_mangled, t->mangled_text);
}

/* Checks form and check character; false with an error when invalid. */
static bool
cell_credit_code(struct table *t, int k)
{
	const char *s = cell(t, k), *why;
	char expected;

	if (*s == '\0') {
		row_error(t, k, _("credit_code is empty; give the 18-character "
		    "unified social credit code"));
		return false;
	}
	if (field_credit_code(s, &expected, &why))
		return true;
	if (why != NULL)
		row_error(t, k, _("credit_code %1$s: %2$s"), s, _(why));
	else
		row_error(t, k, _("credit_code %1$s: check character should be "
		    "%2$c (GB 32100-2015); check the code against the business "
		    "licence"), s, expected);
	return false;
}

/* --- organizations ---------------------------------------------------------- */

enum {
	O_CODE, O_NAME, O_REGION, O_RECOMMENDER, O_FOUNDED, O_INDUSTRY,
	O_NEW_SECTOR, O_SME, O_IP_START, O_IP_END, O_CONTACT, O_PHONE,
	O_EMAIL, O_CONFIDENTIAL
};

/* Columns an applicant may mark confidential, and their bits. */
static const struct { int col; unsigned bit; } secret_cols[] = {
	{ O_NAME, ORG_FIELD_NAME }, { O_REGION, ORG_FIELD_REGION },
	{ O_RECOMMENDER, ORG_FIELD_RECOMMENDER }, { O_FOUNDED, ORG_FIELD_FOUNDED },
	{ O_INDUSTRY, ORG_FIELD_INDUSTRY }, { O_NEW_SECTOR, ORG_FIELD_NEW_SECTOR },
	{ O_SME, ORG_FIELD_SME }, { -1, 0 }
};

/* One name of the confidential list (English or Chinese): its bit. */
static void
confidential_name(struct table *t, const char *name, unsigned *bits)
{
	int k = alias_column(&reg_organizations, name);
	size_t i;
	unsigned bit = 0;

	for (i = 0; secret_cols[i].col >= 0; i++)
		if (secret_cols[i].col == k)
			bit = secret_cols[i].bit;
	if (bit == ORG_FIELD_NAME || bit == ORG_FIELD_REGION ||
	    bit == ORG_FIELD_RECOMMENDER)
		row_error(t, O_CONFIDENTIAL, _("confidential names '%1$s', but "
		    "a publicity must show the applicant's %2$s (art. 11); only "
		    "industry, founded, new_sector and sme can be kept "
		    "confidential"), name, reg_organizations.cols[k].name);
	else if (bit == 0 && k != O_CONTACT && k != O_PHONE && k != O_EMAIL)
		row_error(t, O_CONFIDENTIAL, _("confidential names '%s', which "
		    "is not a column; separate column names with ';', like "
		    "industry;founded (or 所属行业；成立日期)"), name);
	*bits |= bit;
}

/* Column names separated by ';' or '；'. */
static unsigned
parse_confidential(struct table *t, const char *list)
{
	char *copy = xstrdup(list), *p = copy, *name, *fw;
	unsigned bits = 0;

	/* The full-width semicolon as an ASCII one (same length: padded). */
	while ((fw = strstr(copy, "；")) != NULL)
		memcpy(fw, ";  ", 3);
	while ((name = strsep(&p, ";")) != NULL) {
		field_trim(name);
		if (*name != '\0')
			confidential_name(t, name, &bits);
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
	ok &= cell_required(t, O_NAME);
	ok &= cell_required(t, O_RECOMMENDER);
	if (*cell(t, O_REGION) != '\0' && !field_region(cell(t, O_REGION))) {
		row_error(t, O_REGION, _("region '%1$s' is not a division of "
		    "Xinjiang; write one of %2$s"), cell(t, O_REGION),
		    field_region_list());
		ok = false;
	} else
		ok &= cell_required(t, O_REGION);
	o->founded = cell_date(t, O_FOUNDED, true);
	o->new_sector = cell_yesno(t, O_NEW_SECTOR);
	o->sme = cell_yesno(t, O_SME);
	o->internal_publicity_start = cell_date(t, O_IP_START, false);
	o->internal_publicity_end = cell_date(t, O_IP_END, false);
	o->confidential = parse_confidential(t, cell(t, O_CONFIDENTIAL));
	o->credit_code = cell_keep(t, O_CODE);
	o->name = cell_keep(t, O_NAME);
	o->region = cell_shared(t, O_REGION);
	o->recommender = cell_shared(t, O_RECOMMENDER);
	o->industry = cell_shared(t, O_INDUSTRY);
	o->contact = cell_keep(t, O_CONTACT);
	o->phone = cell_keep(t, O_PHONE);
	o->email = cell_keep(t, O_EMAIL);
	return ok && o->founded != DAY_NONE;
}

/*
 * Stands in the credit-code map for applicants whose row was reported and
 * skipped: what refers to them is left out without a second message.
 */
static struct org skipped_org;

static void
keep_skipped(struct loadctx *ctx, const char *code)
{
	char *copy = field_trim(xstrdup(code));

	ctx->keep.v = xreallocarray(ctx->keep.v, ctx->keep.n + 1,
	    sizeof(char *));
	ctx->keep.v[ctx->keep.n++] = copy;
	(void)strmap_put(&ctx->by_code, copy, &skipped_org);
	ctx->codes_plain = false;
}

/* Maps the credit codes of skipped CSV rows to skipped_org. */
static void
note_skipped(struct table *t)
{
	const struct sheet_cell *c;
	size_t i;

	if (t->col[O_CODE] < 0)
		return;
	for (i = 0; i < t->sheet.n_skipped; i++)
		if ((c = sheet_cell(&t->sheet.skipped[i],
		    (uint32_t)t->col[O_CODE])) != NULL)
			keep_skipped(t->ctx, c->text);
}

static void
add_org(struct table *t, struct cycle *c, struct org *o)
{
	struct org *prev;

	c->orgs[c->n_orgs] = *o;
	prev = strmap_put(&t->ctx->by_code, c->orgs[c->n_orgs].credit_code,
	    &c->orgs[c->n_orgs]);
	if (prev != NULL)
		t->ctx->codes_plain = false;
	if (prev == &skipped_org)
		return;
	if (prev != NULL) {
		row_error(t, O_CODE, _("credit_code %1$s appears twice (first "
		    "at line %2$d); an applicant has one row"), o->credit_code,
		    prev->line);
		return;		/* its strings stay in the arena, unused */
	}
	c->n_orgs++;
}

/*
 * The applicants as the cache keeps them; false when they cannot be
 * taken. Their codes go into by_code when a lookup needs them.
 */
static bool
take_orgs(struct table *t, struct cycle *c, struct loadctx *ctx)
{
	if (!regcache_take_orgs(t->kept, &c->orgs, &c->n_orgs,
	    ctx->diag))
		return false;
	ctx->by_code_later = true;
	return true;
}

/*
 * The table of credit codes, once every applicant taken is in it: a code
 * twice (a register kept has none) makes the codes no longer plain. Made
 * on the load's thread: rows typed on a second thread (dhalf) only read it.
 */
static struct strmap *
codes_map(struct loadctx *ctx)
{
	size_t i;

	if (!ctx->by_code_later)
		return &ctx->by_code;
	ctx->by_code_later = false;
	strmap_reserve(&ctx->by_code, ctx->n_orgs);
	for (i = 0; i < ctx->n_orgs; i++)
		if (strmap_put(&ctx->by_code, ctx->orgs[i].credit_code,
		    (struct org *)&ctx->orgs[i]) != NULL)
			ctx->codes_plain = false;
	return &ctx->by_code;
}

/* One row of organizations typed: into c, or, when read beside, into h. */
static void
type_org(struct table *t, struct cycle *c, size_t i)
{
	struct org o;

	table_row(t, &t->sheet.rows[i]);
	if (cell_mangled(t, O_CODE)) {
		note_mangled(t->ctx, cell(t, O_CODE));
		return;
	}
	/*
	 * A row with a bad value is reported but kept, so that its
	 * decisions do not all report an unknown applicant.
	 */
	(void)read_org(t, &o);
	if (o.credit_code != NULL)
		add_org(t, c, &o);
}

/* Types the rows from..to-1 of organizations into c->orgs. */
static void
type_orgs(struct table *t, struct cycle *c, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		type_org(t, c, i);
}

static void
otype_row(struct otype *h, size_t i)
{
	struct typed_org *r = &h->rows[i - h->first];

	table_row(&h->t, &h->t.sheet.rows[i]);
	r->d0 = h->diag.n;
	r->mangled = cell_mangled(&h->t, O_CODE);
	if (!r->mangled)
		(void)read_org(&h->t, &r->o);
	r->d1 = h->diag.n;
}

/* The second thread's part: rows from the end, until the two threads meet. */
static void
otype_beside(struct otype *h)
{
	struct trace_span span;
	size_t a, b, i;

	trace_begin(&span, "type organizations, from the end");
	pthread_mutex_lock(&h->lock);
	while (!h->published)
		pthread_cond_wait(&h->changed, &h->lock);
	while (h->on && h->lo < h->hi) {
		b = h->hi;
		a = b - h->lo > OTYPE_CHUNK ? b - OTYPE_CHUNK : h->lo;
		h->hi = a;
		pthread_mutex_unlock(&h->lock);
		for (i = a; i < b; i++)
			otype_row(h, i);
		pthread_mutex_lock(&h->lock);
	}
	h->done = true;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
	trace_end(&span);
}

/*
 * Lets the second thread type rows first..n-1 of t too (on), or none; it
 * waits for this before it types anything.
 */
static void
otype_publish(struct otype *h, const struct table *t, bool on)
{
	pthread_mutex_lock(&h->lock);
	h->on = on;
	if (on) {
		h->first = h->lo = t->first;
		h->hi = t->sheet.n_rows;
		h->rows = xcalloc(h->hi - h->lo, sizeof(*h->rows));
		h->t = *t;		/* the sheet and columns, shared to read */
		buf_init(&h->t.vals);
		h->t.n_mangled = 0;
		h->t.mangled_text = NULL;
		diag_init(&h->diag);
		h->t.diag = &h->diag;
		arena_init(&h->strings);
		h->ctx.strings = &h->strings;
		strmap_init(&h->ctx.shared);
		h->ctx.beside = true;
		h->t.ctx = &h->ctx;
	}
	h->published = true;
	pthread_cond_broadcast(&h->changed);
	pthread_mutex_unlock(&h->lock);
}

/* The next rows for this thread, from the start: false when none is left. */
static bool
otype_claim(struct otype *h, size_t *a, size_t *b)
{
	bool some;

	pthread_mutex_lock(&h->lock);
	if ((some = h->lo < h->hi)) {
		*a = h->lo;
		*b = h->hi - h->lo > OTYPE_CHUNK ? h->lo + OTYPE_CHUNK : h->hi;
		h->lo = *b;
	}
	pthread_mutex_unlock(&h->lock);
	return some;
}

/*
 * The rows the second thread typed, once it is done: each row's messages
 * told, then its applicant added, as type_org() would have.
 */
static void
otype_take(struct otype *h, struct table *t, struct cycle *c)
{
	struct loadctx *ctx = t->ctx;
	struct typed_org *r;
	size_t i;

	pthread_mutex_lock(&h->lock);
	while (!h->done)
		pthread_cond_wait(&h->changed, &h->lock);
	pthread_mutex_unlock(&h->lock);
	for (i = h->hi; i < t->sheet.n_rows; i++) {
		r = &h->rows[i - h->first];
		diag_append_copies(ctx->diag, &h->diag, r->d0, r->d1);
		t->row = &t->sheet.rows[i];
		if (r->mangled) {
			table_row(t, t->row);	/* counted here, in order */
			(void)cell_mangled(t, O_CODE);
			note_mangled(ctx, cell(t, O_CODE));
			continue;
		}
		if (r->o.credit_code == NULL)
			continue;
		r->o.region = shared_here(ctx, r->o.region);
		r->o.recommender = shared_here(ctx, r->o.recommender);
		r->o.industry = shared_here(ctx, r->o.industry);
		add_org(t, c, &r->o);
	}
	arena_adopt(ctx->strings, &h->strings);
	strmap_free(&h->ctx.shared);
	free(h->t.mangled_text);
	buf_free(&h->t.vals);
	diag_free(&h->diag);
	free(h->rows);
}

/*
 * All the rows of organizations into c->orgs, on both threads when the
 * second is there to help (otype_*), else on this one.
 */
static void
type_orgs_both(struct table *t, struct cycle *c, struct later *later)
{
	bool beside = later->started && t->sheet.n_rows - t->first >= OTYPE_MIN;
	size_t a, b, i;

	/* Allocated once: decisions keep pointers into it. */
	c->orgs = xcalloc(t->sheet.n_rows, sizeof(*c->orgs));
	strmap_reserve(&t->ctx->by_code, t->sheet.n_rows);
	otype_publish(&later->orgs, t, beside);
	if (!beside) {
		type_orgs(t, c, t->first, t->sheet.n_rows);
		return;
	}
	while (otype_claim(&later->orgs, &a, &b))
		for (i = a; i < b; i++)
			type_org(t, c, i);
	otype_take(&later->orgs, t, c);
}

/*
 * An applicant of the last build whose row did not change, at line
 * `line` now: added as a row typed again would be, its code checked
 * against the others'.
 */
static void
add_kept_org(struct table *t, struct cycle *c, const struct org *kept,
    int line)
{
	struct sheet_row at = { .line = line };
	struct org o = *kept;

	o.line = line;
	t->row = &at;
	add_org(t, c, &o);
	t->row = NULL;
}

/*
 * Organizations read by a plan (table_parse_part): the last build's
 * applicants before the rows read again, those rows typed, then the last
 * build's after them, their lines moved by what the edit added or took;
 * in the order of the rows, as a parse of the whole file would have them.
 */
static void
type_orgs_part(struct table *t, struct cycle *c)
{
	const struct regplan *p = &t->plan;
	const struct org *old = t->old_orgs;
	size_t i = 0, n = t->n_old_orgs, typed = t->sheet.n_rows - t->first;

	c->orgs = xcalloc(n + typed + 1, sizeof(*c->orgs));
	strmap_reserve(&t->ctx->by_code, n + typed);
	for (; i < n && old[i].line < p->kept_before; i++)
		add_kept_org(t, c, &old[i], old[i].line);
	t->kept_before = i;
	type_orgs(t, c, t->first, t->sheet.n_rows);
	t->typed_mid = c->n_orgs - t->kept_before;
	for (; i < n && old[i].line < p->old_to_line; i++)
		continue;
	t->kept_after = i;
	for (; i < n; i++)
		add_kept_org(t, c, &old[i], old[i].line - p->old_to_line +
		    p->to_line);
	regcache_plan_taken(p, t->file, typed);
}

/*
 * Fills c->orgs; false when the register is missing or unusable. The
 * registers after it are opened beside, from the start when organizations
 * is a small CSV file, else once its file is parsed (then their files and
 * sheets never share memory with its own); the second thread then helps
 * type its rows.
 */
static bool
load_orgs(const char *dir, struct cycle *c, struct loadctx *ctx,
    struct later *later)
{
	struct trace_span span;
	struct table t;
	size_t from;
	bool ok, both = false;

	from = ctx->diag->n;
	later_init(later, dir, c->dir);
	later_start(later, beside_early(dir, c->dir));
	trace_begin(&span, "open organizations");
	ok = table_open(&t, dir, c->dir, &reg_organizations, false, true, ctx);
	trace_end(&span);
	later_start(later, t.sheet.n_rows <= BESIDE_MAX_ROWS);
	trace_begin(&span, "type organizations");
	if (ok && t.kept != NULL && !take_orgs(&t, c, ctx))
		ok = table_unkeep(&t);
	if (ok && t.planned)
		ok = table_parse_part(&t);
	if (ok && t.planned)
		type_orgs_part(&t, c);
	else if (ok && t.kept == NULL) {
		type_orgs_both(&t, c, later);
		both = true;
	}
	if (!both)	/* the second thread types none */
		otype_publish(&later->orgs, &t, false);
	if (ok && t.kept == NULL) {
		table_mangled_report(&t, O_CODE);
		note_skipped(&t);
	}
	trace_end(&span);
	if (ok && t.keyed) {
		regcache_note(&t.key, REG_ORGS, c->orgs, c->n_orgs, ctx->diag, from);
		if (t.planned)
			regcache_note_reuse(&t.key, &t.plan, t.kept_before,
			    t.typed_mid, t.kept_after);
		regcache_note_rows(&t.key, t.file, t.rows);
		t.rows = NULL;
	}
	c->orgs_file = xstrdup(t.file);
	table_close(&t);
	return ok;
}

/* --- decisions -------------------------------------------------------------- */

enum { D_CODE, D_STAGE, D_RESULT, D_DATE, D_NOTE };

/*
 * Looks the row's credit code up; reports an unknown one. Nothing is
 * reported when organizations could not be read (that was reported, and
 * every row here would only repeat it) or when the code is one that
 * organizations holds as a number (reported once there).
 */
/* The applicant whose code is in column k of the row; looked up once a row. */
static struct org *
code_org(struct table *t, int k)
{
	if (!t->org_known) {
		t->org = strmap_get(codes_map(t->ctx), cell(t, k));
		t->org_known = true;
	}
	return t->org;
}

/*
 * Whether the code in column k is an applicant's, as text: then it is no
 * number a spreadsheet made (cell_mangled() said so when organizations
 * was read, of the same text), and need not be told again.
 */
static bool
known_code(struct table *t, int k)
{
	struct org *o;

	if (!t->ctx->orgs_ok || cell_kind(t, k) == CELL_NUMBER)
		return false;
	o = code_org(t, k);
	return o != NULL && o != &skipped_org;
}

static struct org *
row_org(struct table *t, int k)
{
	struct loadctx *ctx = t->ctx;
	struct org *o;

	if (!ctx->orgs_ok)
		return NULL;
	o = code_org(t, k);
	if (o == &skipped_org)
		return NULL;
	if (o == NULL && *cell(t, k) != '\0' && !is_mangled(ctx, cell(t, k)))
		row_error(t, k, _("credit_code %1$s is not an applicant of this "
		    "cycle; add it to %2$s or correct the code"), cell(t, k),
		    ctx->orgs_file);
	return o;
}

/* How far on from the last applicant found kept_org() looks for the next. */
#define NEAR_ORGS	8

/*
 * An applicant of the cycle, for a register taken from the cache: first
 * where it was when the register was kept (hint), then, as a register
 * names them mostly in their order, the next few after the last found,
 * when that gives what by_code would.
 */
static struct org *
kept_org(void *arg, const char *code, uint32_t hint)
{
	struct loadctx *ctx = arg;
	struct org *o;
	size_t i, end;

	if (!ctx->orgs_ok)
		return NULL;
	/* where the applicant was when the register was kept */
	if (ctx->codes_plain && hint < ctx->n_orgs &&
	    strcmp(ctx->orgs[hint].credit_code, code) == 0) {
		ctx->next_org = (size_t)hint + 1;
		return (struct org *)&ctx->orgs[hint];
	}
	if (ctx->codes_plain) {
		end = ctx->n_orgs - ctx->next_org > NEAR_ORGS ?
		    ctx->next_org + NEAR_ORGS : ctx->n_orgs;
		for (i = ctx->next_org; i < end; i++)
			if (strcmp(ctx->orgs[i].credit_code, code) == 0) {
				ctx->next_org = i + 1;
				return (struct org *)&ctx->orgs[i];
			}
	}
	o = strmap_get(codes_map(ctx), code);
	if (o == &skipped_org)
		return NULL;
	if (o != NULL && ctx->codes_plain)
		ctx->next_org = (size_t)(o - ctx->orgs) + 1;
	return o;
}

/*
 * The decisions as the cache keeps them, each its applicant's; false when
 * they cannot be taken (an applicant is not in organizations now).
 */
static bool
take_decisions(struct table *t, struct cycle *c, struct loadctx *ctx)
{
	struct decision *x;
	size_t i;

	if (!regcache_take_decisions(t->kept, kept_org, ctx,
	    &c->decisions, &c->n_decisions, ctx->diag))
		return false;
	for (i = 0; i < c->n_decisions; i++) {
		x = &c->decisions[i];
		x->org->decision[x->stage] = x;
	}
	return true;
}

static bool
read_decision(struct table *t, struct decision *x)
{
	bool ok = true;

	memset(x, 0, sizeof(*x));
	x->line = t->row->line;
	if (!cell_required(t, D_CODE) || (x->org = row_org(t, D_CODE)) == NULL)
		ok = false;
	if (!stage_parse(cell_word(t, D_STAGE), &x->stage)) {
		row_error(t, D_STAGE, _("stage '%s' is unknown; write one of "
		    "recommendation, qualification, material, presentation, "
		    "onsite, deliberation, approval (审核推荐、资格审查、材料评审、"
		    "陈述答辩、现场评审、审议、审定)"), cell(t, D_STAGE));
		ok = false;
	}
	if (!result_parse(cell_word(t, D_RESULT), &x->result)) {
		row_error(t, D_RESULT, _("result '%s' is unknown; write pass, "
		    "fail or withdrawn (通过、不通过、撤回; award, nomination or "
		    "none at deliberation and approval: 质量奖、提名奖、未获奖)"),
		    cell(t, D_RESULT));
		ok = false;
	}
	x->date = cell_date(t, D_DATE, true);
	/* A decision is kept only for a known applicant: its code is the org's. */
	x->credit_code = x->org != NULL ? x->org->credit_code : NULL;
	return ok && x->date != DAY_NONE;	/* its note kept by the caller */
}

static void
add_decision(struct table *t, struct cycle *c, struct decision *x)
{
	struct decision *prev = x->org->decision[x->stage];

	if (prev != NULL) {
		row_error(t, D_STAGE, _("a second %1$s decision for %2$s (first "
		    "at line %3$d); keep one decision per applicant and stage"),
		    stage_name(x->stage), x->credit_code, prev->line);
		return;
	}
	c->decisions[c->n_decisions] = *x;
	x->org->decision[x->stage] = &c->decisions[c->n_decisions++];
}

/*
 * Types the rows from..to-1 of decisions: the rows kept in the cycle, in
 * order, the messages told as they come.
 */
static void
type_decisions(struct table *t, struct cycle *c, size_t from, size_t to)
{
	struct decision x;
	size_t i;

	for (i = from; i < to; i++) {
		table_row(t, &t->sheet.rows[i]);
		if (!known_code(t, D_CODE) && cell_mangled(t, D_CODE))
			continue;
		if (read_decision(t, &x)) {
			x.note = cell_keep(t, D_NOTE);
			add_decision(t, c, &x);
		}
	}
}

/*
 * The second half of the decisions, typed on a thread of its own once
 * organizations is read (its map of credit codes then only read): each
 * row's decision and messages kept apart, then taken in order on this
 * thread (half_take), which alone checks across rows (a second decision
 * for a stage) and keeps the cycle's strings.
 */
struct typed {
	struct decision	 x;
	bool		 keep;		/* read_decision() took it */
	size_t		 note;		/* in notes, or NO_NOTE */
	size_t		 n_diag;	/* the half's messages to this row's last */
};

#define NO_NOTE	((size_t)-1)

struct dhalf {
	struct table	 t;		/* a copy: its own values, messages, count */
	struct diag	 diag;
	size_t		 from, to;
	struct typed	*rows;
	struct buf	 notes;
	pthread_t	 tid;
};

static void *
dhalf_run(void *arg)
{
	struct dhalf *h = arg;
	struct trace_span span;
	struct typed *r;
	const char *note;
	size_t i;

	trace_begin(&span, "type decisions, second half");
	for (i = h->from; i < h->to; i++) {
		r = &h->rows[i - h->from];
		table_row(&h->t, &h->t.sheet.rows[i]);
		r->keep = (known_code(&h->t, D_CODE) ||
		    !cell_mangled(&h->t, D_CODE)) && read_decision(&h->t, &r->x);
		r->note = NO_NOTE;
		if (r->keep && *(note = cell(&h->t, D_NOTE)) != '\0') {
			r->note = h->notes.len;
			buf_add(&h->notes, note, strlen(note) + 1);
		}
		r->n_diag = h->diag.n;
	}
	trace_end(&span);
	return NULL;
}

/* Starts typing rows from..to-1 of t beside; false when no thread. */
static bool
dhalf_start(struct dhalf *h, const struct table *t, size_t from, size_t to)
{
	memset(h, 0, sizeof(*h));
	h->t = *t;			/* the sheet and columns, shared to read */
	buf_init(&h->t.vals);
	h->t.n_mangled = 0;
	h->t.mangled_text = NULL;
	diag_init(&h->diag);
	h->t.diag = &h->diag;
	buf_init(&h->notes);
	h->from = from;
	h->to = to;
	h->rows = xcalloc(to - from, sizeof(*h->rows));
	if (pthread_create(&h->tid, NULL, dhalf_run, h) == 0)
		return true;
	free(h->rows);
	buf_free(&h->t.vals);
	buf_free(&h->notes);
	diag_free(&h->diag);
	return false;
}

/*
 * The rows typed beside, after this thread's: each row's messages, then
 * the decision kept as type_decisions() keeps it; the count of codes
 * stored as numbers added to this thread's.
 */
static void
dhalf_take(struct dhalf *h, struct table *t, struct cycle *c)
{
	struct loadctx *ctx = t->ctx;
	struct typed *r;
	size_t i, told = 0;

	(void)pthread_join(h->tid, NULL);
	for (i = h->from; i < h->to; i++) {
		r = &h->rows[i - h->from];
		diag_append_copies(ctx->diag, &h->diag, told, r->n_diag);
		told = r->n_diag;
		if (!r->keep)
			continue;
		t->row = &t->sheet.rows[i];
		r->x.note = r->note == NO_NOTE ? NULL :
		    arena_strdup(ctx->strings, h->notes.data + r->note);
		add_decision(t, c, &r->x);
	}
	if (t->n_mangled == 0 && h->t.n_mangled > 0) {
		t->mangled_line = h->t.mangled_line;
		t->mangled_text = h->t.mangled_text;
		h->t.mangled_text = NULL;
	}
	t->n_mangled += h->t.n_mangled;
	free(h->t.mangled_text);
	free(h->rows);
	buf_free(&h->t.vals);
	buf_free(&h->notes);
	diag_free(&h->diag);
}

/* Below this many rows, decisions are typed on one thread. */
#define TYPE_HALVES_MIN	2000

/*
 * Fills c->decisions. With beside (the registers were opened beside, so
 * that memory is not short), the second half of the rows is typed on a
 * second thread meanwhile (dhalf_*).
 */
static void
load_decisions(struct cycle *c, struct loadctx *ctx, struct opening *o,
    bool beside)
{
	struct table *t = &o->t;
	struct trace_span span;
	struct dhalf h;
	size_t n, mid, from = ctx->diag->n;
	bool halves, ok;

	ok = opening_take(o, ctx);
	if (ok && t->kept != NULL && !take_decisions(t, c, ctx))
		ok = table_unkeep(t);
	if (ok && t->kept == NULL) {
		(void)codes_map(ctx);	/* here, before a second thread reads it */
		n = t->sheet.n_rows;
		c->decisions = xcalloc(n, sizeof(*c->decisions));
		mid = t->first + (n - t->first) / 2;
		halves = beside && n - t->first >= TYPE_HALVES_MIN &&
		    dhalf_start(&h, t, mid, n);
		trace_begin(&span, "type decisions");
		type_decisions(t, c, t->first, halves ? mid : n);
		if (halves)
			dhalf_take(&h, t, c);
		trace_end(&span);
		table_mangled_report(t, D_CODE);
	}
	if (ok && t->keyed)
		regcache_note(&t->key, REG_DECISIONS, c->decisions, c->n_decisions,
		    ctx->diag, from);
	c->decisions_file = xstrdup(t->file);
	table_close(t);
}

/* --- objections ------------------------------------------------------------- */

enum {
	X_ID, X_CODE, X_RECEIVED, X_OBJECTOR, X_NAME, X_ADDRESS, X_IDENTITY,
	X_FORWARDED, X_REPORTED, X_DECIDED, X_OUTCOME, X_NOTIFIED, X_NOTE
};

static bool
read_objection_words(struct table *t, struct objection *x)
{
	const char *s;
	bool ok = true;

	s = cell_word(t, X_OBJECTOR);
	if (strcmp(s, "individual") == 0)
		x->objector = OBJECTOR_INDIVIDUAL;
	else if (strcmp(s, "unit") == 0)
		x->objector = OBJECTOR_UNIT;
	else {
		row_error(t, X_OBJECTOR, _("objector '%s' must be individual or "
		    "unit (个人 or 单位)"), cell(t, X_OBJECTOR));
		ok = false;
	}
	s = cell_word(t, X_IDENTITY);
	if (strcmp(s, "complete") == 0)
		x->identity_complete = true;
	else if (strcmp(s, "incomplete") != 0) {
		row_error(t, X_IDENTITY, _("identity '%s' must be complete or "
		    "incomplete (完整 or 不完整, art. 12)"), cell(t, X_IDENTITY));
		ok = false;
	}
	s = cell_word(t, X_OUTCOME);
	if (*s == '\0')
		x->outcome = OUTCOME_PENDING;
	else if (strcmp(s, "unfounded") == 0)
		x->outcome = OUTCOME_UNFOUNDED;
	else if (strcmp(s, "founded") == 0)
		x->outcome = OUTCOME_FOUNDED;
	else if (strcmp(s, "disqualifying") == 0)
		x->outcome = OUTCOME_DISQUALIFYING;
	else {
		row_error(t, X_OUTCOME, _("outcome '%s' must be unfounded, "
		    "founded or disqualifying (不成立、成立 or 取消资格), or empty "
		    "while undecided"), cell(t, X_OUTCOME));
		ok = false;
	}
	return ok;
}

static bool
read_objection(struct table *t, struct objection *x)
{
	bool ok = cell_required(t, X_ID);

	memset(x, 0, sizeof(*x));
	x->line = t->row->line;
	if (!cell_required(t, X_CODE) || (x->org = row_org(t, X_CODE)) == NULL)
		ok = false;
	x->received = cell_date(t, X_RECEIVED, true);
	ok &= read_objection_words(t, x);
	x->forwarded = cell_date(t, X_FORWARDED, false);
	x->reported = cell_date(t, X_REPORTED, false);
	x->decided = cell_date(t, X_DECIDED, false);
	x->notified = cell_date(t, X_NOTIFIED, false);
	x->id = cell_dup(t, X_ID);
	x->credit_code = cell_dup(t, X_CODE);
	x->objector_name = cell_dup(t, X_NAME);
	x->objector_address = cell_dup(t, X_ADDRESS);
	x->note = cell_dup(t, X_NOTE);
	if (x->id != NULL && strspn(x->id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(x->id)) {
		row_error(t, X_ID, _("id '%s' names the letter's file: use "
		    "letters, digits and '-' only, like OBJ-2025-01"), x->id);
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
load_objections(struct cycle *c, struct loadctx *ctx, struct opening *o)
{
	struct table *t = &o->t;
	struct strmap ids;
	struct objection x, *prev;
	size_t i, from = ctx->diag->n;
	bool ok;

	strmap_init(&ids);
	ok = opening_take(o, ctx);
	if (ok && t->kept != NULL && !regcache_take_objections(t->kept,
	    kept_org, ctx, &c->objections, &c->n_objections, ctx->diag))
		ok = table_unkeep(t);
	if (ok && t->kept == NULL) {
		c->objections = xcalloc(t->sheet.n_rows, sizeof(*c->objections));
		for (i = t->first; i < t->sheet.n_rows; i++) {
			table_row(t, &t->sheet.rows[i]);
			if (!known_code(t, X_CODE) && cell_mangled(t, X_CODE))
				continue;
			if (!read_objection(t, &x)) {
				objection_clear(&x);
				continue;
			}
			c->objections[c->n_objections] = x;
			if ((prev = strmap_put(&ids, c->objections[c->n_objections].id,
			    &c->objections[c->n_objections])) != NULL) {
				row_error(t, X_ID, _("id %1$s appears twice (first "
				    "at line %2$d); each objection has its own id"),
				    x.id, prev->line);
				objection_clear(&x);
				continue;
			}
			c->n_objections++;
		}
		table_mangled_report(t, X_CODE);
	}
	if (ok && t->keyed)
		regcache_note(&t->key, REG_OBJECTIONS, c->objections,
		    c->n_objections, ctx->diag, from);
	if (ok)
		c->objections_file = xstrdup(t->file);
	strmap_free(&ids);
	table_close(t);
}

void
records_load_cycle(const char *dir, struct cycle *c, struct diag *d)
{
	struct trace_span span;
	struct later later;
	struct loadctx ctx;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.diag = d;
	ctx.strings = &c->strings;
	strmap_init(&ctx.by_code);
	strmap_init(&ctx.shared);
	ctx.codes_plain = true;
	ctx.orgs_ok = load_orgs(dir, c, &ctx, &later);
	ctx.orgs_file = c->orgs_file;
	ctx.orgs = c->orgs;
	ctx.n_orgs = c->n_orgs;
	trace_begin(&span, "wait for decisions and objections");
	later_wait(&later);
	trace_end(&span);
	load_decisions(c, &ctx, &later.decisions, later.started);
	trace_begin(&span, "type objections");
	load_objections(c, &ctx, &later.objections);
	trace_end(&span);
	/*
	 * Their sheets were made on the other thread, in its malloc arena,
	 * which keeps what this one freed there: given back, or the build's
	 * peak holds them too (70,000 applicants: 128 MB instead of 118).
	 */
	if (later.started)
		(void)malloc_trim(0);
	strmap_free(&ctx.by_code);
	strmap_free(&ctx.shared);
	for (i = 0; i < ctx.keep.n; i++)
		free(ctx.keep.v[i]);
	free(ctx.keep.v);
	free(ctx.mangled);
}

/* --- sanctions -------------------------------------------------------------- */

enum { S_CODE, S_KIND, S_DATE, S_DECIDED, S_NUMBER, S_NOTE };
static const char *const sanction_kinds[] = {
	"false_material", "fraud", "incident", "violation", NULL
};

static bool
read_sanction(struct table *t, struct sanction *x)
{
	bool ok = cell_credit_code(t, S_CODE), known = false;
	const char *kind = cell_word(t, S_KIND);
	size_t k;

	memset(x, 0, sizeof(*x));
	x->line = t->row->line;
	for (k = 0; sanction_kinds[k] != NULL && !known; k++)
		if (strcmp(kind, sanction_kinds[k]) == 0) {
			x->kind = (enum sanction_kind)k;
			known = true;
		}
	if (!known) {
		row_error(t, S_KIND, _("kind '%s' must be false_material, fraud, "
		    "incident or violation (虚假材料、欺骗贿赂、事故 or 违法违规; "
		    "art. 9, 19, 20)"), cell(t, S_KIND));
		ok = false;
	}
	x->date = cell_date(t, S_DATE, true);
	x->decided = cell_date(t, S_DECIDED, false);
	x->credit_code = cell_dup(t, S_CODE);
	x->number = cell_dup(t, S_NUMBER);
	x->note = cell_dup(t, S_NOTE);
	return ok && x->date != DAY_NONE;
}

void
records_load_sanctions(const char *dir, struct site *s, struct diag *d)
{
	struct loadctx ctx;
	struct sanction x;
	struct table t;
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.diag = d;
	if (table_open(&t, dir, NULL, &reg_sanctions, true, false, &ctx)) {
		s->sanctions = xcalloc(t.sheet.n_rows, sizeof(*s->sanctions));
		for (i = t.first; i < t.sheet.n_rows; i++) {
			table_row(&t, &t.sheet.rows[i]);
			if (cell_mangled(&t, S_CODE))
				continue;
			if (!read_sanction(&t, &x)) {
				free(x.credit_code);
				free(x.number);
				free(x.note);
				continue;
			}
			s->sanctions[s->n_sanctions++] = x;
		}
		table_mangled_report(&t, S_CODE);
		s->sanctions_file = xstrdup(t.file);
	}
	table_close(&t);
}

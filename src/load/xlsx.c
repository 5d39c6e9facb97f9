/*
 * xlsx: the first visible sheet of an Excel 2007+ or WPS workbook
 * (Office Open XML, ECMA-376), streamed part by part:
 *   xl/workbook.xml              the sheets in order, hidden ones, 1904 dates
 *   xl/_rels/workbook.xml.rels   where each sheet's part is
 *   xl/sharedStrings.xml         the text of "s" cells (rich text joined)
 *   xl/styles.xml                which cell formats show a number as a date
 *   xl/worksheets/sheetN.xml     the cells; a formula's cached value is read
 * The <dimension> element is ignored: it is a claim, not a size, and only
 * cells with a value are stored.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "load/sheet.h"
#include "load/zipxml.h"

#define KIND	N_("Excel or WPS")
#define MAX_XF	65536		/* cell formats: Excel's own limit is 64,000 */

#define ELEM	XML_READER_TYPE_ELEMENT
#define END	XML_READER_TYPE_END_ELEMENT

struct xlsx {
	struct zipxml	 z;
	bool		 date1904;
	char		*sheet_rid;	/* r:id of the first visible sheet */
	char		*sheet_part;
	/* Shared strings: text in pool, each starting at off[i]. */
	struct buf	 pool;
	size_t		*off;
	size_t		 n_strings, cap_strings;
	bool		 have_strings;
	/* Whether cell format (xf) i shows numbers as dates. */
	bool		*xf_date;
	size_t		 n_xf;
};

static bool
is_text(struct zpart *p)
{
	int t = xmlTextReaderNodeType(p->reader);

	return t == XML_READER_TYPE_TEXT || t == XML_READER_TYPE_CDATA ||
	    t == XML_READER_TYPE_SIGNIFICANT_WHITESPACE;
}

static bool
is_empty(struct zpart *p)
{
	return xmlTextReaderIsEmptyElement(p->reader) == 1;
}

static bool
attr_true(const char *v)
{
	return v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

/* xl/workbook.xml: the 1904 flag and the first sheet not hidden. */
static bool
read_workbook(struct xlsx *x)
{
	struct zpart p;
	char *state, *rid;

	if (!zpart_open(&p, &x->z, "xl/workbook.xml")) {
		diag_error(x->z.diag, x->z.relpath, 0, _("the workbook has no "
		    "xl/workbook.xml: it is not an Excel workbook, or it is "
		    "damaged; save it again from %s as .xlsx"), _(KIND));
		return false;
	}
	while (zpart_next(&p) == 1) {
		if (zpart_is(&p, ELEM, "workbookPr")) {
			state = zpart_attr(&p, "date1904");
			x->date1904 = attr_true(state);
			free(state);
		} else if (zpart_is(&p, ELEM, "sheet") && x->sheet_rid == NULL) {
			state = zpart_attr(&p, "state");
			rid = zpart_attr(&p, "id");
			if (state == NULL || strcmp(state, "visible") == 0)
				x->sheet_rid = rid;
			else
				free(rid);
			free(state);
		}
	}
	if (!zpart_close(&p))
		return false;
	if (x->sheet_rid == NULL) {
		diag_error(x->z.diag, x->z.relpath, 0, _("the workbook has no "
		    "visible sheet; show the register's sheet (or put it "
		    "first) and save again"));
		return false;
	}
	return true;
}

/* xl/_rels/workbook.xml.rels: the part of the sheet. */
static bool
read_rels(struct xlsx *x)
{
	struct zpart p;
	char *id, *target;

	if (!zpart_open(&p, &x->z, "xl/_rels/workbook.xml.rels")) {
		diag_error(x->z.diag, x->z.relpath, 0, _("the workbook has no "
		    "xl/_rels/workbook.xml.rels, so its sheets cannot be found; "
		    "save it again from %s"), _(KIND));
		return false;
	}
	while (zpart_next(&p) == 1 && x->sheet_part == NULL) {
		if (!zpart_is(&p, ELEM, "Relationship"))
			continue;
		id = zpart_attr(&p, "Id");
		target = zpart_attr(&p, "Target");
		if (id != NULL && target != NULL && strcmp(id, x->sheet_rid) == 0)
			x->sheet_part = target[0] == '/' ?
			    xstrdup(target + 1) : xasprintf("xl/%s", target);
		free(id);
		free(target);
	}
	if (!zpart_close(&p))
		return false;
	if (x->sheet_part == NULL || !zipxml_has(&x->z, x->sheet_part)) {
		diag_error(x->z.diag, x->z.relpath, 0, _("the workbook's first "
		    "visible sheet (%1$s) is missing from the file: it is "
		    "damaged; save it again from %2$s"),
		    x->sheet_part != NULL ? x->sheet_part : x->sheet_rid, _(KIND));
		return false;
	}
	return true;
}

static void
add_string(struct xlsx *x, struct buf *s)
{
	if (x->n_strings == x->cap_strings) {
		x->cap_strings = x->cap_strings ? x->cap_strings * 2 : 256;
		x->off = xreallocarray(x->off, x->cap_strings, sizeof(*x->off));
	}
	x->off[x->n_strings++] = x->pool.len;
	buf_add(&x->pool, s->data != NULL ? s->data : "", s->len);
	buf_add(&x->pool, "", 1);
}

/*
 * Collects the text of <t> elements until the end of the element `until`
 * (si, is), leaving out phonetic runs (<rPh>): rich text is its runs joined.
 */
static void
read_runs(struct zpart *p, const char *until, struct buf *out)
{
	int in_t = 0, in_rph = 0;

	buf_reset(out);
	while (zpart_next(p) == 1) {
		if (zpart_is(p, END, until))
			return;
		if (zpart_is(p, ELEM, "t") && !is_empty(p))
			in_t++;
		else if (zpart_is(p, END, "t"))
			in_t--;
		else if (zpart_is(p, ELEM, "rPh") && !is_empty(p))
			in_rph++;
		else if (zpart_is(p, END, "rPh"))
			in_rph--;
		else if (in_t > 0 && in_rph == 0 && is_text(p))
			zpart_text(p, out);
	}
}

static bool
read_shared_strings(struct xlsx *x)
{
	struct zpart p;
	struct buf s;

	if (!zpart_open(&p, &x->z, "xl/sharedStrings.xml"))
		return true;	/* reported if a cell needs it */
	x->have_strings = true;
	buf_init(&s);
	while (zpart_next(&p) == 1)
		if (zpart_is(&p, ELEM, "si")) {
			if (is_empty(&p))
				buf_reset(&s);
			else
				read_runs(&p, "si", &s);
			add_string(x, &s);
		}
	buf_free(&s);
	return zpart_close(&p);
}

/* Whether a number format code shows a date: y, m or d outside quotes. */
static bool
format_is_date(const char *code)
{
	const char *p;

	for (p = code; *p != '\0'; p++) {
		if (*p == '"') {
			while (p[1] != '\0' && p[1] != '"')
				p++;
			if (p[1] == '"')
				p++;
		} else if (*p == '[') {
			while (p[1] != '\0' && p[1] != ']')
				p++;
		} else if (*p == '\\' && p[1] != '\0')
			p++;
		else if (strchr("yYdDmM", *p) != NULL)
			return true;
	}
	return false;
}

/* Built-in formats that show dates, the Chinese ones (27–36, 50–58) too. */
static bool
builtin_is_date(long id)
{
	return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) ||
	    (id >= 50 && id <= 58);
}

struct numfmt {
	long	 id;
	bool	 date;
};

static bool
read_styles(struct xlsx *x)
{
	struct numfmt *fmts = NULL;
	size_t n_fmts = 0, i;
	struct zpart p;
	char *id, *code;
	bool in_xfs = false, date;
	long n;

	if (!zpart_open(&p, &x->z, "xl/styles.xml"))
		return true;	/* no styles: no dates but date cells */
	while (zpart_next(&p) == 1) {
		if (zpart_is(&p, ELEM, "numFmt") && n_fmts < MAX_XF) {
			id = zpart_attr(&p, "numFmtId");
			code = zpart_attr(&p, "formatCode");
			fmts = xreallocarray(fmts, n_fmts + 1, sizeof(*fmts));
			fmts[n_fmts].id = id != NULL ? strtol(id, NULL, 10) : -1;
			fmts[n_fmts++].date = code != NULL && format_is_date(code);
			free(id);
			free(code);
		} else if (zpart_is(&p, ELEM, "cellXfs"))
			in_xfs = !is_empty(&p);
		else if (zpart_is(&p, END, "cellXfs"))
			in_xfs = false;
		else if (in_xfs && zpart_is(&p, ELEM, "xf") && x->n_xf < MAX_XF) {
			id = zpart_attr(&p, "numFmtId");
			n = id != NULL ? strtol(id, NULL, 10) : 0;
			free(id);
			date = builtin_is_date(n);
			for (i = 0; i < n_fmts; i++)
				if (fmts[i].id == n)
					date = fmts[i].date;
			x->xf_date = xreallocarray(x->xf_date, x->n_xf + 1,
			    sizeof(*x->xf_date));
			x->xf_date[x->n_xf++] = date;
		}
	}
	free(fmts);
	return zpart_close(&p);
}

/* --- the sheet ----------------------------------------------------------------- */

struct cellread {
	uint32_t	 col;
	char		 type[16];	/* t: s, str, inlineStr, b, e, n, d */
	long		 style;
	struct buf	 value;		/* <v> */
	struct buf	 inline_text;	/* <is> */
	bool		 has_inline;
};

/* Copies the current attribute's value into out (at most n bytes). */
static void
attr_value(struct zpart *p, char *out, size_t n)
{
	const xmlChar *v = xmlTextReaderConstValue(p->reader);
	size_t len = v != NULL ? strlen((const char *)v) : 0;

	if (len >= n)
		len = n - 1;
	memcpy(out, v != NULL ? (const char *)v : "", len);
	out[len] = '\0';
}

/*
 * A <c> element's attributes r, s and t, in one pass over them (this runs
 * once per cell); false when its reference is out of range.
 */
static bool
cell_start(struct zpart *p, struct cellread *c, uint32_t row, uint32_t next_col)
{
	char r[32] = "", s[16] = "";
	const xmlChar *n;
	uint32_t col, rrow;

	memcpy(c->type, "n", 2);
	while (xmlTextReaderMoveToNextAttribute(p->reader) == 1) {
		n = xmlTextReaderConstLocalName(p->reader);
		if (n == NULL || n[1] != '\0')
			continue;
		if (n[0] == 'r')
			attr_value(p, r, sizeof(r));
		else if (n[0] == 's')
			attr_value(p, s, sizeof(s));
		else if (n[0] == 't')
			attr_value(p, c->type, sizeof(c->type));
	}
	xmlTextReaderMoveToElement(p->reader);
	c->col = next_col;
	c->style = s[0] != '\0' ? strtol(s, NULL, 10) : 0;
	buf_reset(&c->value);
	buf_reset(&c->inline_text);
	c->has_inline = false;
	if (r[0] == '\0')
		return true;
	if (!sheet_parse_ref(r, &col, &rrow) || rrow != row) {
		char *what = xasprintf(_("cell reference '%.20s' in row %u is "
		    "outside a sheet (columns A to XFD, rows 1 to 1048576) or "
		    "not in its row"), r, row);

		zpart_damaged(p, what);
		free(what);
		return false;
	}
	c->col = col;
	return true;
}

static void
date_text(int y, int m, int d, char out[static 32])
{
	snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
}

/* Turns the cell read into its kind and text; false on a bad reference. */
static bool
cell_end(struct xlsx *x, struct zpart *p, struct cellread *c,
    struct row_builder *b)
{
	const char *v = buf_cstr(&c->value);
	char num[32], *end;
	unsigned long idx;
	double serial;
	int y, m, d;

	if (c->has_inline) {
		row_builder_add(b, c->col, CELL_TEXT, c->inline_text.data,
		    c->inline_text.len);
		return true;
	}
	if (c->value.len == 0)
		return true;
	if (strcmp(c->type, "s") == 0) {
		idx = strtoul(v, &end, 10);
		if (!x->have_strings || *end != '\0' || idx >= x->n_strings) {
			char *what = x->have_strings ?
			    xasprintf(_("a cell refers to shared string %.20s, "
			    "but the table has %zu"), v, x->n_strings) :
			    xstrdup(_("cells refer to shared strings, but "
			    "xl/sharedStrings.xml is missing"));
			zpart_damaged(p, what);
			free(what);
			return false;
		}
		row_builder_add(b, c->col, CELL_TEXT, x->pool.data + x->off[idx],
		    strlen(x->pool.data + x->off[idx]));
	} else if (strcmp(c->type, "str") == 0 || strcmp(c->type, "e") == 0 ||
	    strcmp(c->type, "inlineStr") == 0)
		row_builder_add(b, c->col, CELL_TEXT, v, c->value.len);
	else if (strcmp(c->type, "b") == 0)
		row_builder_add(b, c->col, CELL_BOOL, strcmp(v, "1") == 0 ?
		    "yes" : "no", strcmp(v, "1") == 0 ? 3 : 2);
	else if (strcmp(c->type, "d") == 0)	/* ISO 8601, time dropped */
		row_builder_add(b, c->col, CELL_DATE, v,
		    c->value.len > 10 ? 10 : c->value.len);
	else if (c->style >= 0 && (size_t)c->style < x->n_xf &&
	    x->xf_date[c->style] && (serial = strtod(v, &end), *end == '\0') &&
	    sheet_serial_date(serial, x->date1904, &y, &m, &d)) {
		date_text(y, m, d, num);
		row_builder_add(b, c->col, CELL_DATE, num, strlen(num));
	} else {
		sheet_number_text(v, num);
		row_builder_add(b, c->col, CELL_NUMBER, num, strlen(num));
	}
	return true;
}

/* The current node as one letter: c, v, i (<is>), r (<row>); 0 else. */
static int
node_name(struct zpart *p, int *type)
{
	const xmlChar *n;

	*type = xmlTextReaderNodeType(p->reader);
	if (*type != ELEM && *type != END)
		return 0;
	n = xmlTextReaderConstLocalName(p->reader);
	if (n == NULL)
		return 0;
	if (strcmp((const char *)n, "c") == 0 ||
	    strcmp((const char *)n, "v") == 0)
		return n[0];
	if (strcmp((const char *)n, "is") == 0)
		return 'i';
	if (strcmp((const char *)n, "row") == 0)
		return 'r';
	return 0;
}

/* Reads one <row>; false on damage (reported when the part closes). */
static bool
read_row(struct xlsx *x, struct zpart *p, uint32_t row, struct cellread *c,
    struct row_builder *b, struct sheet *out)
{
	int in_v = 0, type, name;
	bool in_cell = false, ok = true;
	uint32_t next_col = 0;

	while (ok && zpart_next(p) == 1) {
		name = node_name(p, &type);
		if (name == 'r' && type == END)
			break;
		if (name == 'c' && type == ELEM) {
			if (!cell_start(p, c, row, next_col))
				return false;
			if (b->n > 0 && c->col <= b->cells[b->n - 1].col) {
				zpart_damaged(p, _("the cells of a row are out "
				    "of order"));
				return false;
			}
			next_col = c->col + 1;
			in_cell = !is_empty(p);
			if (!in_cell)
				ok = cell_end(x, p, c, b);
		} else if (!in_cell)
			continue;
		else if (name == 'c' && type == END) {
			in_cell = false;
			ok = cell_end(x, p, c, b);
		} else if (name == 'v')
			in_v += type == END ? -1 : !is_empty(p);
		else if (name == 'i' && type == ELEM && !is_empty(p)) {
			read_runs(p, "is", &c->inline_text);
			c->has_inline = true;
		} else if (in_v > 0 && (type == XML_READER_TYPE_TEXT ||
		    type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE))
			zpart_text(p, &c->value);
	}
	if (ok && !sheet_add_row(out, (int)row, b)) {
		zpart_damaged(p, _("the sheet holds more than 32 million cells with a value; "
		    "a register has far fewer"));
		return false;
	}
	return ok;
}

static bool
read_sheet(struct xlsx *x, struct sheet *out)
{
	struct row_builder b;
	struct cellread c;
	struct zpart p;
	uint32_t row = 0, col;
	char *r;
	bool ok = true;

	if (!zpart_open(&p, &x->z, x->sheet_part))
		return false;
	row_builder_init(&b);
	memset(&c, 0, sizeof(c));
	buf_init(&c.value);
	buf_init(&c.inline_text);
	while (ok && zpart_next(&p) == 1) {
		if (!zpart_is(&p, ELEM, "row"))
			continue;
		r = zpart_attr(&p, "r");
		col = row + 1;
		if (r != NULL)
			col = (uint32_t)strtoul(r, NULL, 10);
		free(r);
		if (col <= row || col > SHEET_MAX_ROWS) {
			zpart_damaged(&p, _("a row number is out of order or "
			    "past row 1048576"));
			break;
		}
		row = col;
		if (!is_empty(&p))
			ok = read_row(x, &p, row, &c, &b, out);
	}
	buf_free(&c.value);
	buf_free(&c.inline_text);
	row_builder_free(&b);
	return zpart_close(&p);
}

bool
xlsx_read(const char *data, size_t len, const char *relpath,
    struct sheet *out, struct diag *d)
{
	struct xlsx x;
	bool ok;

	sheet_init(out, SHEET_XLSX);
	memset(&x, 0, sizeof(x));
	buf_init(&x.pool);
	if (!zipxml_open(&x.z, data, len, relpath, _(KIND), d))
		return false;
	ok = read_workbook(&x) && read_rels(&x) && read_shared_strings(&x) &&
	    read_styles(&x) && read_sheet(&x, out);
	zipxml_close(&x.z);
	free(x.sheet_rid);
	free(x.sheet_part);
	buf_free(&x.pool);
	free(x.off);
	free(x.xf_date);
	if (!ok)
		sheet_free(out);
	return ok;
}

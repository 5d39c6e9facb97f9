/*
 * ods: the first visible table of a LibreOffice (OpenDocument) spreadsheet,
 * content.xml streamed. Repeated rows and columns
 * (table:number-rows-repeated, table:number-columns-repeated, which
 * LibreOffice writes up to the sheet's last column and row) cost nothing
 * when empty; repeated cells with a value are stored once per column they
 * cover, within the sheet's limits. Covered (merged) cells are the empty
 * places they look like; comments (office:annotation) are not cell text;
 * tables whose style says table:display="false" are hidden and skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/i18n.h"
#include "base/util.h"
#include "load/sheet.h"
#include "load/zipxml.h"

#define KIND	N_("LibreOffice")
#define MAX_HIDDEN_STYLES 1024

#define ELEM	XML_READER_TYPE_ELEMENT
#define END	XML_READER_TYPE_END_ELEMENT

struct ods {
	struct zipxml	  z;
	struct zpart	  p;
	char		**hidden;	/* table styles with display="false" */
	size_t		  n_hidden;
	char		 *style;	/* the table style being read */
	struct row_builder b;
	struct buf	  text, value;
	uint32_t	  row;		/* rows read so far */
	bool		  found;	/* a visible table was read */
};

static bool
is_empty(struct ods *o)
{
	return xmlTextReaderIsEmptyElement(o->p.reader) == 1;
}

/* A repeat count: 1 when absent; at most limit. */
static uint32_t
repeats(struct ods *o, const char *attr, uint32_t limit)
{
	char *v = zpart_attr(&o->p, attr);
	unsigned long n = v != NULL ? strtoul(v, NULL, 10) : 1;

	free(v);
	if (n < 1)
		n = 1;
	return n > limit ? limit : (uint32_t)n;
}

static bool
table_hidden(struct ods *o)
{
	char *name = zpart_attr(&o->p, "style-name");
	bool hidden = false;
	size_t i;

	for (i = 0; name != NULL && i < o->n_hidden; i++)
		hidden = hidden || strcmp(name, o->hidden[i]) == 0;
	free(name);
	return hidden;
}

/* <style:style> and <style:table-properties> in the automatic styles. */
static void
note_style(struct ods *o)
{
	char *v;

	if (zpart_is(&o->p, ELEM, "style")) {
		free(o->style);
		o->style = NULL;
		v = zpart_attr(&o->p, "family");
		if (v != NULL && strcmp(v, "table") == 0)
			o->style = zpart_attr(&o->p, "name");
		free(v);
	} else if (zpart_is(&o->p, ELEM, "table-properties") &&
	    o->style != NULL && o->n_hidden < MAX_HIDDEN_STYLES) {
		v = zpart_attr(&o->p, "display");
		if (v != NULL && strcmp(v, "false") == 0) {
			o->hidden = xreallocarray(o->hidden, o->n_hidden + 1,
			    sizeof(char *));
			o->hidden[o->n_hidden++] = xstrdup(o->style);
		}
		free(v);
	}
}

/* The local name of the current element (start), or "" for any other node. */
static const char *
element(struct ods *o, int type)
{
	const xmlChar *n;

	if (type != ELEM || (n = xmlTextReaderConstLocalName(o->p.reader)) == NULL)
		return "";
	return (const char *)n;
}

/* The text of a cell: its paragraphs joined by line ends. */
static void
read_cell_text(struct ods *o)
{
	int depth = xmlTextReaderDepth(o->p.reader), type, paras = 0;
	const char *name;
	uint32_t n;

	buf_reset(&o->text);
	while (zpart_next(&o->p) == 1) {
		type = xmlTextReaderNodeType(o->p.reader);
		if (type == END && xmlTextReaderDepth(o->p.reader) == depth)
			return;
		name = element(o, type);
		if (strcmp(name, "annotation") == 0) {
			/* A comment is no cell text: skip it, and look at
			 * the node that follows it. */
			if (!is_empty(o) && xmlTextReaderNext(o->p.reader) != 1)
				return;
			type = xmlTextReaderNodeType(o->p.reader);
			if (type == END && xmlTextReaderDepth(o->p.reader) == depth)
				return;
			name = element(o, type);
		}
		if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
		    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE)
			zpart_text(&o->p, &o->text);
		else if (strcmp(name, "p") == 0) {
			if (paras++ > 0)
				buf_putc(&o->text, '\n');
		} else if (strcmp(name, "s") == 0) {
			for (n = repeats(o, "c", 1000); n > 0; n--)
				buf_putc(&o->text, ' ');
		} else if (strcmp(name, "tab") == 0)
			buf_putc(&o->text, '\t');
		else if (strcmp(name, "line-break") == 0)
			buf_putc(&o->text, '\n');
	}
}

/* The attributes of a cell that matter, read in one pass. */
struct cellattrs {
	char		 type[16];	/* office:value-type */
	char		 value[64];	/* office:value, a number */
	char		 date[32];	/* office:date-value */
	char		 boolean[8];	/* office:boolean-value */
	bool		 has_string;	/* office:string-value, in o->value */
	uint32_t	 repeat;	/* table:number-columns-repeated */
};

static void
copy_value(struct ods *o, char *out, size_t n)
{
	const char *v = (const char *)xmlTextReaderConstValue(o->p.reader);
	size_t len = v != NULL ? strlen(v) : 0;

	if (len >= n)
		len = n - 1;
	memcpy(out, v != NULL ? v : "", len);
	out[len] = '\0';
}

static void
cell_attrs(struct ods *o, struct cellattrs *a)
{
	const char *n;
	char rep[16] = "";
	unsigned long r;

	memset(a, 0, sizeof(*a));
	buf_reset(&o->value);
	while (xmlTextReaderMoveToNextAttribute(o->p.reader) == 1) {
		n = (const char *)xmlTextReaderConstLocalName(o->p.reader);
		if (n == NULL)
			continue;
		if (strcmp(n, "value-type") == 0)
			copy_value(o, a->type, sizeof(a->type));
		else if (strcmp(n, "value") == 0)
			copy_value(o, a->value, sizeof(a->value));
		else if (strcmp(n, "date-value") == 0)
			copy_value(o, a->date, sizeof(a->date));
		else if (strcmp(n, "boolean-value") == 0)
			copy_value(o, a->boolean, sizeof(a->boolean));
		else if (strcmp(n, "number-columns-repeated") == 0)
			copy_value(o, rep, sizeof(rep));
		else if (strcmp(n, "string-value") == 0) {
			zpart_text(&o->p, &o->value);
			a->has_string = true;
		}
	}
	xmlTextReaderMoveToElement(o->p.reader);
	r = rep[0] != '\0' ? strtoul(rep, NULL, 10) : 1;
	a->repeat = r < 1 ? 1 : r > SHEET_MAX_COLS ? SHEET_MAX_COLS : (uint32_t)r;
}

/* Reads a <table:table-cell>: its kind and text into o->value. */
static enum cell_kind
read_cell(struct ods *o, const struct cellattrs *a)
{
	bool empty = is_empty(o);
	char num[32];

	if (!empty)
		read_cell_text(o);
	if ((strcmp(a->type, "float") == 0 || strcmp(a->type, "percentage") == 0 ||
	    strcmp(a->type, "currency") == 0) && a->value[0] != '\0') {
		sheet_number_text(a->value, num);
		buf_reset(&o->value);
		buf_puts(&o->value, num);
		return CELL_NUMBER;
	}
	if (strcmp(a->type, "date") == 0 && a->date[0] != '\0') {
		buf_reset(&o->value);
		buf_add(&o->value, a->date, strlen(a->date) > 10 ? 10 :
		    strlen(a->date));
		return CELL_DATE;
	}
	if (strcmp(a->type, "boolean") == 0 && a->boolean[0] != '\0') {
		buf_reset(&o->value);
		buf_puts(&o->value, strcmp(a->boolean, "true") == 0 ? "yes" : "no");
		return CELL_BOOL;
	}
	if (!a->has_string && !empty)
		buf_add(&o->value, o->text.data, o->text.len);
	return CELL_TEXT;
}

/* One <table:table-row>; false on damage. */
static bool
read_row(struct ods *o, struct sheet *out)
{
	uint32_t rep_rows = repeats(o, "number-rows-repeated", SHEET_MAX_ROWS);
	uint32_t col = 0, rep, i;
	struct cellattrs attrs;
	enum cell_kind kind;
	bool covered;
	int depth = xmlTextReaderDepth(o->p.reader);

	row_builder_reset(&o->b);
	if (!is_empty(o))
		while (zpart_next(&o->p) == 1) {
			if (xmlTextReaderNodeType(o->p.reader) == END &&
			    xmlTextReaderDepth(o->p.reader) == depth)
				break;
			covered = zpart_is(&o->p, ELEM, "covered-table-cell");
			if (!covered && !zpart_is(&o->p, ELEM, "table-cell"))
				continue;
			cell_attrs(o, &attrs);
			rep = attrs.repeat;
			if (covered) {
				if (!is_empty(o))
					read_cell_text(o);
				col += rep;
				continue;
			}
			kind = read_cell(o, &attrs);
			for (i = 0; i < rep && o->value.len > 0; i++) {
				if (col + i >= SHEET_MAX_COLS) {
					zpart_damaged(&o->p, _("a cell lies past "
					    "column XFD"));
					return false;
				}
				row_builder_add(&o->b, col + i, kind,
				    o->value.data, o->value.len);
			}
			col += rep;
		}
	if (o->b.n > 0 && o->row + rep_rows > SHEET_MAX_ROWS) {
		zpart_damaged(&o->p, _("rows lie past row 1048576"));
		return false;
	}
	/* Refused before a single copy is made. */
	if ((uint64_t)o->b.n * rep_rows + out->n_cells > SHEET_MAX_CELLS)
		goto too_many;
	for (i = 0; i < rep_rows && o->b.n > 0; i++) {
		struct row_builder copy;

		if (i + 1 == rep_rows) {
			if (!sheet_add_row(out, (int)(o->row + i + 1), &o->b))
				goto too_many;
			break;
		}
		/* A row with values repeated: each copy is a row. */
		row_builder_init(&copy);
		for (size_t k = 0; k < o->b.n; k++)
			row_builder_add(&copy, o->b.cells[k].col,
			    o->b.cells[k].kind, o->b.text.data + o->b.cells[k].off,
			    strlen(o->b.text.data + o->b.cells[k].off));
		if (!sheet_add_row(out, (int)(o->row + i + 1), &copy)) {
			row_builder_free(&copy);
			goto too_many;
		}
		row_builder_free(&copy);
	}
	o->row += rep_rows;
	return true;
too_many:
	zpart_damaged(&o->p, _("the sheet holds more than 32 million cells with a value; "
		    "a register has far fewer"));
	return false;
}

/* The rows of the current <table:table> (row groups and header rows too). */
static bool
read_table(struct ods *o, struct sheet *out)
{
	int depth = xmlTextReaderDepth(o->p.reader);

	if (is_empty(o))
		return true;
	while (zpart_next(&o->p) == 1) {
		if (xmlTextReaderNodeType(o->p.reader) == END &&
		    xmlTextReaderDepth(o->p.reader) == depth)
			return true;
		if (zpart_is(&o->p, ELEM, "table-row") && !read_row(o, out))
			return false;
	}
	return false;
}

static bool
read_content(struct ods *o, struct sheet *out)
{
	bool have = false;	/* the reader already stands on a new node */

	for (;;) {
		if (!have && zpart_next(&o->p) != 1)
			return true;
		have = false;
		if (!zpart_is(&o->p, ELEM, "table")) {
			note_style(o);
			continue;
		}
		if (!table_hidden(o)) {
			o->found = true;
			return read_table(o, out);
		}
		if (!is_empty(o)) {
			/* Skips the hidden table and stands on what follows. */
			if (xmlTextReaderNext(o->p.reader) != 1) {
				zpart_damaged(&o->p, _("cut short"));
				return false;
			}
			have = true;
		}
	}
}

bool
ods_read(const char *data, size_t len, const char *relpath,
    struct sheet *out, struct diag *d)
{
	struct ods o;
	bool ok = false;
	size_t i;

	sheet_init(out, SHEET_ODS);
	memset(&o, 0, sizeof(o));
	if (!zipxml_open(&o.z, data, len, relpath, _(KIND), d))
		return false;
	row_builder_init(&o.b);
	buf_init(&o.text);
	buf_init(&o.value);
	if (!zpart_open(&o.p, &o.z, "content.xml"))
		diag_error(d, relpath, 0, _("the workbook has no content.xml: "
		    "it is not a LibreOffice spreadsheet, or it is damaged; "
		    "save it again from LibreOffice as .ods"));
	else {
		ok = read_content(&o, out);
		ok = zpart_close(&o.p) && ok;
		if (ok && !o.found) {
			diag_error(d, relpath, 0, _("the workbook has no visible "
			    "sheet; show the register's sheet and save again"));
			ok = false;
		}
	}
	zipxml_close(&o.z);
	for (i = 0; i < o.n_hidden; i++)
		free(o.hidden[i]);
	free(o.hidden);
	free(o.style);
	row_builder_free(&o.b);
	buf_free(&o.text);
	buf_free(&o.value);
	if (!ok)
		sheet_free(out);
	return ok;
}

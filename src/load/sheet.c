#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/date.h"
#include "base/util.h"
#include "load/sheet.h"

void
row_builder_init(struct row_builder *b)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->text);
}

void
row_builder_free(struct row_builder *b)
{
	buf_free(&b->text);
	free(b->cells);
	memset(b, 0, sizeof(*b));
}

void
row_builder_reset(struct row_builder *b)
{
	buf_reset(&b->text);
	b->n = 0;
}

void
row_builder_add(struct row_builder *b, uint32_t col, enum cell_kind kind,
    const char *text, size_t len)
{
	if (len == 0)
		return;
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 16;
		b->cells = xreallocarray(b->cells, b->cap, sizeof(*b->cells));
	}
	b->cells[b->n].col = col;
	b->cells[b->n].kind = kind;
	b->cells[b->n].off = b->text.len;
	b->n++;
	buf_add(&b->text, text, len);
	buf_add(&b->text, "", 1);
}

void
sheet_init(struct sheet *s, enum sheet_form form)
{
	memset(s, 0, sizeof(*s));
	s->form = form;
	arena_init(&s->mem);
	arena_init(&s->joined);
}

void
sheet_free(struct sheet *s)
{
	free(s->rows);
	free(s->skipped);
	arena_free(&s->mem);
	arena_free(&s->joined);
	sheet_init(s, s->form);
}

/* The builder's cells and their text, in the sheet's mem. */
static void
take_row(struct sheet *s, struct sheet_row *r, int line,
    struct row_builder *b)
{
	size_t head = b->n * sizeof(struct sheet_cell), i;
	char *text;

	r->line = line;
	r->n = b->n;
	r->cells = arena_alloc(&s->mem, head + b->text.len + 1);
	text = (char *)r->cells + head;
	memcpy(text, b->text.data != NULL ? b->text.data : "", b->text.len);
	for (i = 0; i < b->n; i++) {
		r->cells[i].col = b->cells[i].col;
		r->cells[i].kind = b->cells[i].kind;
		r->cells[i].text = text + b->cells[i].off;
	}
	row_builder_reset(b);
}

static struct sheet_row *
grow(struct sheet_row **rows, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*rows = xreallocarray(*rows, *cap, sizeof(**rows));
	}
	return &(*rows)[(*n)++];
}

bool
sheet_add_row(struct sheet *s, int line, struct row_builder *b)
{
	if (b->n == 0)
		return true;
	if (s->n_cells + b->n > SHEET_MAX_CELLS) {
		row_builder_reset(b);
		return false;
	}
	s->n_cells += b->n;
	take_row(s, grow(&s->rows, &s->n_rows, &s->cap), line, b);
	return true;
}

/*
 * The text of the fields into text, their cells into r: where they lie
 * one after the other, as one copy, the commas between made NULs.
 */
static void
copy_fields(struct sheet_row *r, char *text, const struct csv_field *f,
    size_t n, bool whole)
{
	size_t i, k = 0;
	char *p = text;

	if (whole)
		memcpy(text, f[0].s, (size_t)(f[n - 1].s - f[0].s) + f[n - 1].len);
	for (i = 0; i < n; i++) {
		if (whole)
			p = text + (f[i].s - f[0].s);
		else if (f[i].len > 0)
			memcpy(p, f[i].s, f[i].len);
		else
			continue;
		p[f[i].len] = '\0';
		if (f[i].len == 0)
			continue;
		r->cells[k].col = (uint32_t)i;
		r->cells[k].kind = CELL_TEXT;
		r->cells[k++].text = p;
		if (!whole)
			p += f[i].len + 1;
	}
}

bool
sheet_add_fields(struct sheet *s, int line, const struct csv_field *f,
    size_t n)
{
	size_t i, cells = 0, text = 0;
	struct sheet_row *r;
	bool whole = true;

	/* Whole: the fields lie one after the other, a comma between. */
	for (i = 0; i < n; i++) {
		cells += f[i].len > 0;
		text += f[i].len + 1;
		if (i > 0 && f[i].s != f[i - 1].s + f[i - 1].len + 1)
			whole = false;
	}
	if (cells == 0)
		return true;
	if (s->n_cells + cells > SHEET_MAX_CELLS)
		return false;
	s->n_cells += cells;
	r = grow(&s->rows, &s->n_rows, &s->cap);
	r->line = line;
	r->n = cells;
	r->cells = arena_alloc(&s->mem, cells * sizeof(struct sheet_cell) +
	    text);
	copy_fields(r, (char *)(r->cells + cells), f, n, whole);
	return true;
}

void
sheet_add_skipped(struct sheet *s, int line, struct row_builder *b)
{
	take_row(s, grow(&s->skipped, &s->n_skipped, &s->skipped_cap), line,
	    b);
}

const struct sheet_cell *
sheet_cell(const struct sheet_row *r, uint32_t col)
{
	size_t lo = 0, hi = r->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r->cells[mid].col == col)
			return &r->cells[mid];
		if (r->cells[mid].col < col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
sheet_col_letters(uint32_t col, char out[static 8])
{
	char tmp[8];
	size_t n = 0, i;

	col++;
	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

bool
sheet_parse_ref(const char *ref, uint32_t *col, uint32_t *row)
{
	uint64_t c = 0, r = 0;
	const char *p = ref;

	while (*p >= 'A' && *p <= 'Z') {
		c = c * 26 + (uint64_t)(*p++ - 'A' + 1);
		if (c > SHEET_MAX_COLS)
			return false;
	}
	if (c == 0)
		return false;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (uint64_t)(*p++ - '0');
		if (r > SHEET_MAX_ROWS)
			return false;
	}
	if (*p != '\0' || r == 0)
		return false;
	*col = (uint32_t)(c - 1);
	*row = (uint32_t)r;
	return true;
}

bool
sheet_serial_date(double serial, bool date1904, int *y, int *m, int *d)
{
	double whole;
	day_t z;

	if (!isfinite(serial) || serial < 1 || serial > 3000000)
		return false;
	whole = floor(serial);
	if (date1904)
		z = date_from_ymd(1904, 1, 1) + (day_t)whole;
	else if (whole == 60)
		return false;	/* 29 February 1900, which never was */
	else if (whole < 60)
		z = date_from_ymd(1899, 12, 31) + (day_t)whole;
	else
		z = date_from_ymd(1899, 12, 30) + (day_t)whole;
	date_to_ymd(z, y, m, d);
	return *y >= 1900 && *y <= 9999;
}

void
sheet_number_text(const char *stored, char out[static 32])
{
	char *end;
	double v = strtod(stored, &end);

	if (end == stored || *end != '\0' || !isfinite(v)) {
		snprintf(out, 32, "%.31s", stored);
		return;
	}
	/* Whole numbers a double holds exactly: phone numbers, years. */
	if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, 32, "%.0f", v);
	else if (fabs(v) >= 1e15)
		snprintf(out, 32, "%.31s", stored);
	else
		snprintf(out, 32, "%.15g", v);
}

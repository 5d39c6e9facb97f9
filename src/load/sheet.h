/*
 * sheet: one register as the office keeps it, whichever form it came in
 * (CSV, .xlsx, .ods): rows of cells, each cell with its text, its kind
 * and its place (the CSV line, or the spreadsheet's row and column).
 *
 * Rows are stored as the file has them, title and header rows included
 * (records.c finds the header); rows with no value at all are left out.
 * Cells are sparse (only those with a value), sorted by column, so that a
 * cell at column XFD or a row repeated a million times costs nothing.
 *
 * The text of a cell is what the office would read in it:
 * - text cells: the text, rich-text runs joined;
 * - number cells: the number as the file stores it, integers written out
 *   in full (13999999999, never 1.3999999999E10); when the number is past
 *   the 15 digits a spreadsheet keeps exactly, the stored form
 *   (9.16540027233750E+17) so that the message can show it;
 * - date cells: the date as 2025-06-30 (serials converted by the
 *   workbook's 1900 or 1904 date system);
 * - boolean cells: yes or no.
 */
#ifndef GONGSHI_SHEET_H
#define GONGSHI_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"
#include "load/csv.h"

/* The limits of Excel and LibreOffice: XFD, and 1,048,576 rows. */
#define SHEET_MAX_COLS	16384
#define SHEET_MAX_ROWS	1048576
/*
 * Cells with a value a register may hold: 32 million, 14 columns of
 * 2,000,000 applicants (or 5 of 6,000,000 decisions); a billion-cell sheet
 * is refused before it is stored.
 */
#define SHEET_MAX_CELLS	(32u * 1000 * 1000)

enum cell_kind {
	CELL_TEXT,
	CELL_NUMBER,
	CELL_DATE,
	CELL_BOOL
};

struct sheet_cell {
	uint32_t	 col;		/* 0 = column A */
	enum cell_kind	 kind;
	const char	*text;		/* UTF-8, never empty */
};

struct sheet_row {
	int		   line;	/* CSV line, or spreadsheet row (1-based) */
	struct sheet_cell *cells;	/* n cells, sorted by col; in the sheet's mem */
	size_t		   n;
};

enum sheet_form {
	SHEET_CSV,
	SHEET_XLSX,
	SHEET_ODS
};

struct sheet {
	enum sheet_form	  form;
	struct sheet_row *rows;
	size_t		  n_rows, cap;
	size_t		  n_cells;
	/*
	 * CSV rows reported for the wrong number of fields: records.c takes
	 * their credit codes so that rows referring to them are not
	 * reported again.
	 */
	struct sheet_row *skipped;
	size_t		  n_skipped, skipped_cap;
	/*
	 * The rows' cells and text, a million rows in few blocks instead
	 * of a malloc each; and the blocks of the rows moved in from a
	 * second sheet (a CSV file read in halves, records.c).
	 */
	struct arena	  mem;
	struct arena	  joined;
	bool		  gb18030;	/* a CSV file read as GB18030 */
};

/* Builds one row cell by cell; sheet_add_row() makes it one allocation. */
struct row_builder {
	struct buf	 text;
	struct {
		uint32_t	col;
		enum cell_kind	kind;
		size_t		off;
	}		*cells;
	size_t		 n, cap;
};

void	 row_builder_init(struct row_builder *);
void	 row_builder_free(struct row_builder *);
void	 row_builder_reset(struct row_builder *);
/* Adds a cell; empty text is no value and is not added. Columns ascend. */
void	 row_builder_add(struct row_builder *, uint32_t col, enum cell_kind,
	    const char *text, size_t len);

void	 sheet_init(struct sheet *, enum sheet_form);
void	 sheet_free(struct sheet *);
/*
 * Moves the builder's cells into a new row (none when it holds no cell).
 * False when the sheet would pass SHEET_MAX_CELLS.
 */
bool	 sheet_add_row(struct sheet *, int line, struct row_builder *);
void	 sheet_add_skipped(struct sheet *, int line, struct row_builder *);
/*
 * The same as sheet_add_row() for a row of n text cells given whole, at
 * columns 0..n-1 (a CSV record), without a builder's copy.
 */
bool	 sheet_add_fields(struct sheet *, int line,
	    const struct csv_field *fields, size_t n);
/* The cell of row r at column col, or NULL when it has no value. */
const struct sheet_cell *sheet_cell(const struct sheet_row *, uint32_t col);

/* "A", "Z", "AA", "XFD": a column's letters; out holds at least 8 bytes. */
void	 sheet_col_letters(uint32_t col, char out[static 8]);
/* Reads the letters of a cell reference ("C7"); false when out of range. */
bool	 sheet_parse_ref(const char *ref, uint32_t *col, uint32_t *row);
/*
 * A spreadsheet serial as a date: days since 1899-12-30 (the 1900 system,
 * with Lotus's 29 February 1900 counted) or since 1904-01-01. False when
 * the serial is not a date between 1900 and 9999.
 */
bool	 sheet_serial_date(double serial, bool date1904, int *y, int *m, int *d);
/* The text of a number cell as described above; out holds 32 bytes. */
void	 sheet_number_text(const char *stored, char out[static 32]);

/* Readers: a workbook's first visible sheet. Errors are reported at relpath. */
bool	 xlsx_read(const char *data, size_t len, const char *relpath,
	    struct sheet *, struct diag *);
bool	 ods_read(const char *data, size_t len, const char *relpath,
	    struct sheet *, struct diag *);

#endif

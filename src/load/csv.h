/*
 * csv: the office's tables (organizations.csv, decisions.csv, …) as
 * rows of UTF-8 strings, each row remembering the line it starts on.
 *
 * RFC 4180 with a header row: quoted fields may hold commas, doubled
 * quotes and line ends; records end in CRLF or LF, mixed freely. The
 * bytes are UTF-8 (a BOM is dropped) when they are valid UTF-8, else
 * GB18030 (what Excel and WPS save on Chinese Windows), converted with
 * iconv(3); anything else is an error naming the line of the bad byte.
 *
 * Decisions beyond RFC 4180, for files that people edit in Excel:
 * - blank lines are skipped, and so are rows whose every field is empty
 *   (Excel writes ",,,," for rows whose cells were cleared);
 * - a quote inside an unquoted field is kept as it is (5" pipe);
 * - header names are trimmed of white space, values are not; what
 *   they mean (empty, doubled, unknown) is for records.c to say;
 * - a file that starts with a UTF-8 BOM but is not valid UTF-8 is an
 *   error, not GB18030: the BOM says what the file meant to be;
 * - NUL, the other C0 control characters but TAB (and CR, LF inside
 *   quotes), and U+FFFE/U+FFFF cannot appear in XML: a row holding one
 *   is reported and dropped, its diagnostic naming the character's line.
 */
#ifndef GONGSHI_CSV_H
#define GONGSHI_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "base/diag.h"

struct csv_row {
	int		  line;		/* physical line where the record starts */
	char		**fields;	/* n_fields fields, UTF-8, owned */
	size_t		  n_fields;	/* n_cols, except in skipped rows */
};

struct csv {
	char		**header;	/* n_cols names, trimmed */
	size_t		  n_cols;
	int		  header_line;
	struct csv_row	 *rows;
	size_t		  n_rows;
	bool		  was_gb18030;	/* the input was converted */
	/*
	 * Rows reported for the wrong number of fields, as read: a caller
	 * may take their key (a credit code) so that the rows referring to
	 * them are not reported again as unknown.
	 */
	struct csv_row	 *skipped;
	size_t		  n_skipped;
	/*
	 * Lines above the header holding one value each (a title typed
	 * above it): kept for the caller, not checked for their count.
	 */
	struct csv_row	 *preamble;
	size_t		  n_preamble;
};

/*
 * Parses a whole file's bytes. relpath names the file in diagnostics.
 * Returns false, with *out empty, when nothing usable could be read: bad
 * encoding, an unterminated quote, a control character in the header.
 * An empty file gives true with n_cols 0. Problems in single rows (wrong
 * number of fields, control characters) are reported, the row is
 * dropped, and the function still returns true; so do problems in
 * header names (empty, duplicated), so that the caller can report the
 * rest of the file too. Free *out with csv_free() in every case.
 */
bool	csv_parse(const char *data, size_t len, const char *relpath,
	    struct csv *out, struct diag *);
/* A field of a record: s[0..len), not NUL-terminated. */
struct csv_field {
	const char	*s;
	size_t		 len;
};

/*
 * The same, with each kept record after the header given to each() as it
 * is read, instead of kept in out->rows (which stays empty): its fields
 * point into the text or the parser's buffer and live only during the
 * call, so that the caller copies them once, where they are to stay. The
 * header, the preamble and the skipped rows are kept in *out as by
 * csv_parse().
 */
typedef void	(*csv_each_fn)(void *arg, int line,
		    const struct csv_field *fields, size_t n);
bool	csv_parse_each(const char *data, size_t len, const char *relpath,
	    struct csv *out, csv_each_fn each, void *arg, struct diag *);

/*
 * Reading a file on two threads: when the records after the header take
 * at least min_len bytes, the second half of them is read on a thread of
 * its own, from a line end past their middle, while this thread reads
 * the first half; if a record of the first half ends right there, the
 * halves are joined, else (the line end was inside quotes) this thread
 * reads on to the end and the second half's work is dropped. Either way
 * the outcome is one thread's: the same rows, skipped rows and messages,
 * in the same order.
 *
 * With each NULL, the rows are kept in out->rows as by csv_parse(). With
 * each, the first half's records go to each(arg[0]) on this thread and
 * the second half's to each(arg[1]) on the other, at the same time;
 * halved says, on return, whether arg[1]'s records are to follow
 * arg[0]'s (else they are to be dropped).
 */
struct csv_halves {
	csv_each_fn	 each;
	void		*arg[2];
	size_t		 min_len;
	bool		 halved;	/* out */
};
bool	csv_parse_halves(const char *data, size_t len, const char *relpath,
	    struct csv *out, struct csv_halves *, struct diag *);

/*
 * Reads text[0..len), a part of a file whose header c was read from the
 * same file (csv_parse*) and which starts between two records, at
 * physical line `line`: each kept record goes to each(), each row of the
 * wrong number of fields is reported and added to c->skipped, as
 * csv_parse_each() does with the records of the whole file. For a
 * rebuild that reads only the lines an edit changed (load/regcache.h).
 * False when the part cannot be read alone: its bytes are not UTF-8 (the
 * file would then be read as GB18030), or a quote opened in it is not
 * closed in it (what follows would then be read otherwise); the caller
 * then reads the whole file, and drops what this told.
 */
bool	csv_parse_part(const char *text, size_t len, int line,
	    const char *relpath, struct csv *c, csv_each_fn each, void *arg,
	    struct diag *);
void	csv_free(struct csv *);

/* Index of a column by exact name, or -1. */
int	csv_column(const struct csv *, const char *name);

#endif

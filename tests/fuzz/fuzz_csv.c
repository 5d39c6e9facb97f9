/*
 * fuzz_csv: the CSV reader (load/csv.c) on any bytes: encodings (UTF-8,
 * GB18030, a BOM), quotes, line ends, control characters, headers; and
 * the same bytes read in halves on two threads (csv_parse_halves), which
 * must give exactly what one thread gives: rows, skipped rows, messages.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/diag.h"
#include "load/csv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
same_rows(const struct csv_row *a, const struct csv_row *b, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (a[i].line != b[i].line || a[i].n_fields != b[i].n_fields)
			__builtin_trap();
		for (j = 0; j < a[i].n_fields; j++)
			if (strcmp(a[i].fields[j], b[i].fields[j]) != 0)
				__builtin_trap();
	}
}

/* What one thread read, and what two threads read, are the same. */
static void
same(bool ok1, const struct csv *a, const struct diag *d1, bool ok2,
    const struct csv *b, const struct diag *d2)
{
	size_t i;

	if (ok1 != ok2 || a->n_rows != b->n_rows ||
	    a->n_skipped != b->n_skipped || d1->n != d2->n)
		__builtin_trap();
	same_rows(a->rows, b->rows, a->n_rows);
	same_rows(a->skipped, b->skipped, a->n_skipped);
	for (i = 0; i < d1->n; i++)
		if (d1->items[i].line != d2->items[i].line ||
		    strcmp(d1->items[i].msg, d2->items[i].msg) != 0)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_halves hv;
	struct diag d, d2;
	struct csv c, c2;
	size_t i;
	bool ok, ok2;

	diag_init(&d);
	diag_init(&d2);
	ok = csv_parse((const char *)data, size, "fuzz.csv", &c, &d);
	if (ok) {
		(void)csv_column(&c, "credit_code");
		for (i = 0; i < c.n_rows; i++)
			if (c.rows[i].n_fields != c.n_cols)
				__builtin_trap();	/* rows keep the header's width */
	}
	memset(&hv, 0, sizeof(hv));		/* min_len 0: always in halves */
	ok2 = csv_parse_halves((const char *)data, size, "fuzz.csv", &c2, &hv,
	    &d2);
	same(ok, &c, &d, ok2, &c2, &d2);
	csv_free(&c);
	csv_free(&c2);
	diag_free(&d);
	diag_free(&d2);
	return 0;
}

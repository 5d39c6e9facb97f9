/*
 * fuzz_csv: the CSV reader (load/csv.c) on any bytes: encodings (UTF-8,
 * GB18030, a BOM), quotes, line ends, control characters, headers.
 */
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "load/csv.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	struct csv c;
	size_t i;

	diag_init(&d);
	if (csv_parse((const char *)data, size, "fuzz.csv", &c, &d)) {
		(void)csv_column(&c, "credit_code");
		for (i = 0; i < c.n_rows; i++)
			if (c.rows[i].n_fields != c.n_cols)
				__builtin_trap();	/* rows keep the header's width */
	}
	csv_free(&c);
	diag_free(&d);
	return 0;
}

/*
 * fuzz_ods: the .ods reader (src/load/ods.c) on arbitrary bytes. Whatever
 * the input, it returns a sheet or reports an error: no crash, no leak,
 * no allocation past the sheet's bounds (src/load/sheet.h).
 * Seeds: tests/fuzz/corpus/ods/ (workbooks of tests/data/workbooks/).
 */
#include <stddef.h>
#include <stdint.h>

#include "base/diag.h"
#include "load/sheet.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sheet s;
	struct diag d;

	diag_init(&d);
	if (ods_read((const char *)data, size, "fuzz.ods", &s, &d))
		sheet_free(&s);
	diag_free(&d);
	return 0;
}

/*
 * fuzz_yaml: the YAML loader (load/yaml.c) on any bytes, as a whole file
 * and as a notice's front matter, then typed reads of the keys the
 * content uses (load/yamlread.c).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/diag.h"
#include "base/val.h"
#include "load/yaml.h"
#include "load/yamlread.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
read_keys(struct val *v, struct diag *d)
{
	static const char *const known[] = { "title", "award", NULL };
	struct yread y = { "fuzz.yaml", d };
	const struct val *award;

	if (v == NULL || v->type != VAL_MAP)
		return;
	yread_known_keys(&y, v, "the file", known);
	(void)yread_str(&y, v, "title", true);
	(void)yread_date(&y, v, "date", false);
	(void)yread_int(&y, v, "year", 2000, 0, false);
	if ((award = yread_map(&y, v, "award", false)) != NULL)
		(void)yread_str(&y, award, "name", true);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *body;
	struct diag d;
	struct val *v;
	int line;

	diag_init(&d);
	v = yaml_parse(s, size, "fuzz.yaml", 1, YAML_DEFAULT, &d);
	read_keys(v, &d);
	val_free(v);
	v = yaml_front_matter(s, size, "fuzz.md", &body, &line, &d);
	if (v != NULL && (body < s || body > s + size))
		__builtin_trap();
	val_free(v);
	diag_free(&d);
	return 0;
}

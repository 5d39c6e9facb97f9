/*
 * fuzz_mustache: the Mustache renderer (compose/mustache.c) on any
 * template, over a context shaped like a notice's (maps, lists, values
 * holding markup), with partials: "self" is the template itself, so
 * recursion is exercised and must stop at the partial depth limit.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "base/val.h"
#include "compose/mustache.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct input {
	const char	*s;
	size_t		 n;
};

static char *
partial(const char *name, void *arg)
{
	const struct input *in = arg;

	if (strcmp(name, "self") == 0)
		return xstrndup(in->s, in->n);
	if (strcmp(name, "contact") == 0)
		return xstrdup("{{office.name}} {{#list}}{{name}}{{/list}}\n");
	return NULL;
}

static struct val *
context(void)
{
	struct val *ctx = val_map(), *office, *list, *item;
	int i;

	val_set_str(ctx, "title", "<script>alert(1)</script>");
	val_set_str(ctx, "x", "{{x}}");
	val_set_bool(ctx, "yes", true);
	val_set_bool(ctx, "no", false);
	office = val_set(ctx, "office", val_map());
	val_set_str(office, "name", "自治区质量强区工作领导小组办公室");
	list = val_set(ctx, "list", val_list());
	for (i = 0; i < 3; i++) {
		item = val_push(list, val_map());
		val_set_str(item, "name", "[x](javascript:alert(1))");
		val_set_int(item, "n", i);
	}
	return ctx;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct val *ctx;
	struct input in = { (const char *)data, size };
	struct mustache_opts o = {
		.partial = partial, .partial_arg = &in, .name = "fuzz.mustache",
	};
	struct buf out;
	char *err = NULL;

	if (ctx == NULL)
		ctx = context();
	buf_init(&out);
	if (!mustache_render(in.s, size, ctx, &o, &out, &err) && err == NULL)
		__builtin_trap();	/* a failure always says why */
	free(err);
	err = NULL;
	buf_reset(&out);
	o.strict = true;
	(void)mustache_render(in.s, size, ctx, &o, &out, &err);
	free(err);
	buf_free(&out);
	return 0;
}

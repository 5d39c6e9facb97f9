/*
 * A table's columns as compose fills them (compose/context.h): seq numbers
 * of every width in one block, an applicant's own strings shared, what is
 * made for a cell (a date, a certificate number) copied into the table's
 * text, confidential fields as （保密）, and each cell at its stride.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/util.h"
#include "compose/context.h"
#include "rules/state.h"

#define N_ORGS	105	/* seq of one, two and three digits */

struct fixture {
	struct org	 orgs[N_ORGS];
	struct org	*list[N_ORGS];
	struct certificate certs[2];
	struct certificate *cert_list[2];
	struct cycle_state cs;
	struct arena	 text;
	char		*cells[N_ORGS * 3];
	char		 names[N_ORGS][32];
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof(*f));
	size_t i;

	for (i = 0; i < N_ORGS; i++) {
		snprintf(f->names[i], sizeof(f->names[i]), "示范%zu有限公司", i);
		f->orgs[i].name = f->names[i];
		f->orgs[i].region = i % 2 ? "乌鲁木齐市" : NULL;
		f->orgs[i].founded = date_from_ymd(2000 + (int)i % 20, 3, 9);
		f->orgs[i].sme = i % 3 == 0 ? YESNO_YES : YESNO_UNSET;
		f->list[i] = &f->orgs[i];
	}
	f->orgs[4].confidential = ORG_FIELD_FOUNDED | ORG_FIELD_SME;
	f->certs[0] = (struct certificate){ .number = "XJZLJ-2025-A01",
	    .org = &f->orgs[1], .kind = RESULT_AWARD };
	f->certs[1] = (struct certificate){ .number = "XJZLJ-2025-N01",
	    .org = &f->orgs[2], .kind = RESULT_NOMINATION, .revoked = true };
	f->cert_list[0] = &f->certs[0];
	f->cert_list[1] = &f->certs[1];
	f->cs.certs = f->cert_list;
	f->cs.n_certs = 2;
	arena_init(&f->text);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	arena_free(&f->text);
	free(f);
	return 0;
}

/* Fills column col of a three-column table with field. */
static void
column(struct fixture *f, const char *field, size_t col)
{
	int id = context_org_field_id(field);

	assert_true(id >= 0);
	context_org_column(&f->cs, f->list, N_ORGS, id, f->cells + col, 3,
	    &f->text);
}

static void
test_seq_and_shared(void **state)
{
	struct fixture *f = *state;
	char want[16];
	size_t i;

	memset(f->cells, 0, sizeof(f->cells));
	column(f, "seq", 0);
	column(f, "name", 1);
	column(f, "region", 2);
	for (i = 0; i < N_ORGS; i++) {
		snprintf(want, sizeof(want), "%zu", i + 1);
		assert_string_equal(f->cells[i * 3], want);
		/* the applicant's own name, not a copy */
		assert_ptr_equal(f->cells[i * 3 + 1], f->orgs[i].name);
		assert_string_equal(f->cells[i * 3 + 2],
		    i % 2 ? "乌鲁木齐市" : "");
	}
}

static void
test_made_and_confidential(void **state)
{
	struct fixture *f = *state;

	column(f, "founded", 0);
	column(f, "sme", 1);
	column(f, "certificate", 2);
	assert_string_equal(f->cells[0], "2000年3月9日");
	assert_string_equal(f->cells[3 * 19], "2019年3月9日");
	assert_string_equal(f->cells[3 * 4], "（保密）");
	assert_string_equal(f->cells[3 * 4 + 1], "（保密）");
	assert_string_equal(f->cells[1], "是");
	assert_string_equal(f->cells[3 + 1], "");
	assert_string_equal(f->cells[2], "");
	assert_string_equal(f->cells[3 + 2], "XJZLJ-2025-A01");
	assert_string_equal(f->cells[6 + 2], "XJZLJ-2025-N01（已撤销）");
	column(f, "award", 0);
	assert_string_equal(f->cells[3], "质量奖");
	assert_string_equal(f->cells[6], "提名奖");
	assert_string_equal(f->cells[9], "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_seq_and_shared, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_made_and_confidential,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

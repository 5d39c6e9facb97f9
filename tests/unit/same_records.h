/*
 * same_records: assertions that two loads of a cycle gave the same
 * applicants, field by field (test_load: the encodings of one register;
 * test_regcache: a register parsed and the same taken from the cache).
 *
 * Header only: every function is static inline, so a test uses what it
 * needs without unused-function warnings. Include it after <cmocka.h>.
 */
#ifndef GONGSHI_TEST_SAME_RECORDS_H
#define GONGSHI_TEST_SAME_RECORDS_H

#include <stddef.h>

#include "model.h"

/* Two strings equal, or both NULL. */
static inline void
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		assert_ptr_equal(a, b);
	else
		assert_string_equal(a, b);
}

/* The same applicants, in the same order, every field alike. */
static inline void
same_orgs(const struct cycle *a, const struct cycle *b)
{
	size_t i;

	assert_int_equal(a->n_orgs, b->n_orgs);
	for (i = 0; i < a->n_orgs; i++) {
		const struct org *x = &a->orgs[i], *y = &b->orgs[i];

		assert_int_equal(x->line, y->line);
		same_str(x->credit_code, y->credit_code);
		same_str(x->name, y->name);
		same_str(x->region, y->region);
		same_str(x->recommender, y->recommender);
		assert_int_equal(x->founded, y->founded);
		same_str(x->industry, y->industry);
		assert_int_equal(x->new_sector, y->new_sector);
		assert_int_equal(x->sme, y->sme);
		assert_int_equal(x->internal_publicity_start,
		    y->internal_publicity_start);
		assert_int_equal(x->internal_publicity_end,
		    y->internal_publicity_end);
		same_str(x->contact, y->contact);
		same_str(x->phone, y->phone);
		same_str(x->email, y->email);
		assert_int_equal(x->confidential, y->confidential);
	}
}

#endif

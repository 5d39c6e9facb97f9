/*
 * context: the Mustache context of every document, built from the derived
 * state. Dates are written the Chinese way (2025年7月15日), numbers as the
 * templates need them (第八届). Templates see only this: nothing private
 * (contacts, objectors) is put into a context meant for a public document.
 */
#ifndef GONGSHI_CONTEXT_H
#define GONGSHI_CONTEXT_H

#include "base/buf.h"
#include "base/val.h"
#include "rules/state.h"

/* 1 → 一, 8 → 八, 12 → 十二, 21 → 二十一 (up to 99). */
void		 cn_number(int, char out[static 32]);
/* "2025年7月15日至7月21日" (the year once when both are in it). */
char		*cn_span(day_t from, day_t to);

/* site, award, office, rules: the same for every document. */
struct val	*context_site(const struct site *);
/* Adds cycle, notices and count for one cycle to a context. */
void		 context_add_cycle(struct val *ctx, const struct state *,
		    const struct cycle_state *);
/*
 * office as it was named in a year: by the latest cycle up to that year
 * (a revocation decided in 2025 of a 2023 award names the office of 2025).
 */
struct val	*context_office_in(const struct site *, int year);
/* notice: date, number, window … for one notice of the cycle. */
struct val	*context_notice(const struct cycle_state *, enum notice_kind);

/* The org list of a state by the name templates use ("accepted" …), or NULL. */
const struct org_list *context_list(const struct cycle_state *, const char *name);
/*
 * The public text of one field of an applicant for a table cell: seq (the
 * 1-based position), name, region, recommender, industry, founded, sme,
 * new_sector, certificate, award, proposed. A field the applicant marked
 * confidential gives "（保密）".
 *
 * For a table of many rows: the field's number, once per column (-1 when
 * unknown), then a whole column at once, for the applicants orgs[0..n)
 * (seq counts from 1): the cell of row i in cells[i * stride], a string
 * that lives as long as the applicant (its name, region …, or a word like
 * 是) or, for what is made for the cell (seq, founded, certificate), a
 * copy in text.
 */
int		 context_org_field_id(const char *field);
void		 context_org_column(const struct cycle_state *,
		    struct org *const *orgs, size_t n, int field_id,
		    char **cells, size_t stride, struct arena *text);

#endif

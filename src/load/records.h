/*
 * records: the CSV files of a content folder (organizations, decisions,
 * objections, sanctions) into struct site, every value typed and checked
 * for form; references between files resolved. Rules of the Measures are
 * not checked here (src/rules/ does that).
 */
#ifndef GONGSHI_RECORDS_H
#define GONGSHI_RECORDS_H

#include "base/diag.h"
#include "model.h"

/* content/sanctions.csv, when present. */
void	records_load_sanctions(const char *dir, struct site *, struct diag *);
/* <year>/organizations.csv (required), decisions.csv (required), objections.csv. */
void	records_load_cycle(const char *dir, struct cycle *, struct diag *);
/*
 * Whether a load may start a second thread beside its own for the
 * registers of a cycle (on by default); the tests compare the records and
 * messages of both ways. A CSV file is still read in halves (csv.h).
 */
void	records_second_thread(bool may);

#endif

/*
 * new: `gongshi new YEAR` — starts a cycle: content/YEAR/ with a
 * commented cycle.yaml and empty registers as .xlsx workbooks the office
 * fills in (Chinese headers, text columns for codes and phones, date
 * columns, drop-down lists, a frozen header row).
 */
#ifndef GONGSHI_NEW_H
#define GONGSHI_NEW_H

/* Creates DIR/YEAR; refuses to overwrite anything. Returns an exit status. */
int	new_cycle(const char *content_dir, int year);

#endif

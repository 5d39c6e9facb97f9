/*
 * aliases: the registers' columns and coded values in English and in
 * Chinese (DESIGN.md §2, "Registers as spreadsheets, and Chinese
 * headers"). One table, used to read CSV and workbooks alike and to write
 * the empty registers of `gongshi new`.
 */
#ifndef GONGSHI_ALIASES_H
#define GONGSHI_ALIASES_H

#include <stdbool.h>

enum col_type {
	COL_TEXT, COL_CODE, COL_DATE, COL_YESNO, COL_REGION, COL_PHONE,
	COL_STAGE, COL_RESULT, COL_OBJECTOR, COL_IDENTITY, COL_OUTCOME,
	COL_KIND
};

struct column {
	const char	*name;		/* English, as in DESIGN.md */
	const char	*zh;		/* Chinese header */
	bool		 required;
	enum col_type	 type;
	int		 width;		/* in characters, for `gongshi new` */
};

struct word {
	const char	*en;
	const char	*zh;
};

struct register_spec {
	const char		*name;		/* organizations, … */
	const char		*zh;		/* 申报组织, … */
	const struct column	*cols;		/* NULL-name terminated */
};

extern const struct register_spec reg_organizations, reg_decisions,
	    reg_objections, reg_sanctions;

/* The words of a coded column (NULL-en terminated), or NULL. */
const struct word *alias_words(enum col_type);
/* The English word for s (English or Chinese), or NULL when unknown. */
const char	*alias_word(enum col_type, const char *s);
/* Index of the column whose English or Chinese name is text, or -1. */
int		 alias_column(const struct register_spec *, const char *text);
/* Index of the column nearest to text by edit distance. */
int		 alias_nearest(const struct register_spec *, const char *text);
/* Number of columns. */
int		 alias_count(const struct register_spec *);

#endif

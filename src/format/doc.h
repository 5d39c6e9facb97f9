/*
 * doc: one document (a notice, a decision, a letter) as every writer sees it.
 *
 * The body is a cmark tree parsed from the template's Markdown. Record
 * values never went through the Markdown parser: the composer put them into
 * the tree as plain text nodes afterwards. Lists of applicants are tables:
 * cmark 0.30 has no table node, so a table is a CMARK_NODE_CUSTOM_BLOCK whose
 * user data is a struct doc_table (doc_block_table() tells).
 *
 * Headings in the body: level 1 is 一、, 2 is （一）, 3 is 1., 4 is （1）
 * (GB/T 9704). The title is not in the body; each writer places it.
 *
 * The parts of an official document around the body (版头, 发文字号, the
 * signature, date, 附注, 版记) are fields here, so each writer can lay them
 * out in its own way: right-aligned in ODT, a <footer> in HTML, lines in
 * Markdown.
 */
#ifndef GONGSHI_DOC_H
#define GONGSHI_DOC_H

#include <cmark.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/hash.h"

/*
 * A cell's text is the table's own copy (in text), or a string the table
 * shares with the records (an applicant's name, its region): a list of a
 * million applicants does not copy a million names a second time.
 */
struct doc_table {
	char	 *caption;	/* plain text: becomes <caption>, table title */
	size_t	  n_cols;
	size_t	  n_rows;
	char	**headers;	/* n_cols plain-text header cells */
	char	**cells;	/* n_rows * n_cols plain-text cells, row-major */
	size_t	  cap_rows;	/* rows allocated in cells */
	struct arena text;	/* the cells' own copies */
	struct hash *sums;	/* format/pieces.h: its rows' digests, once taken */
};

enum doc_kind {
	DOC_NOTICE,	/* an office notice or publicity (公示) */
	DOC_DECISION,	/* a government decision: red 版头 and 版记 */
	DOC_LETTER	/* a letter to one person (objection outcome) */
};

struct doc {
	enum doc_kind	 kind;
	char		*name;		/* file stem: "acceptance", "revocation-XJZLJ-2023-A01" */
	int		 year;		/* the cycle */
	char		*title;		/* plain text */
	char		*number;	/* 发文字号 "新政发〔2025〕45号", or NULL */
	char		*issuer_mark;	/* 发文机关标志 for DOC_DECISION: "新疆维吾尔自治区人民政府文件" */
	char		*addressee;	/* 主送 for letters/decisions, or NULL (may be in body) */
	cmark_node	*body;		/* CMARK_NODE_DOCUMENT */
	char		*signature;	/* "自治区质量强区工作领导小组办公室（自治区市场监督管理局）" */
	day_t		 date;		/* signed on; DAY_NONE for none */
	char		*attachment_note; /* 附注 "（此件公开发布）", or NULL */
	char		*copy_to;	/* 版记 抄送, or NULL */
	char		*printer;	/* 版记 印发机关, or NULL */
	day_t		 printed;	/* 版记 印发日期, or DAY_NONE */
	char		*keywords;	/* for meta.xml: "新疆质量奖; 2025年度; acceptance" */
	char		*retention;	/* 保管期限 for meta.xml ("永久"), or NULL */
	char		*description;	/* one-line summary, for feeds and <meta> */
};

/*
 * Heading ranks for writers whose headings must nest without skipping a
 * level (HTML, Markdown): under the title, a heading is one rank below the
 * nearest earlier heading of a smaller level, whatever levels the template
 * used. Zero-initialise one per document.
 */
struct doc_heading_ranks {
	int	open[8];	/* levels of the headings enclosing this point */
	int	depth;
};

/* The rank (2..6: the title is 1) of a body heading of the given level. */
int		 doc_heading_rank(struct doc_heading_ranks *, int level);

struct doc	*doc_new(enum doc_kind, const char *name);
/*
 * Reads every string of the tree once. Some cmark versions build a node's
 * C string on its first read; after this, reads change nothing, so two
 * writers may walk one tree at the same time (publish/build.c does). The
 * digests of the long lists' rows (format/pieces.h) are taken too.
 */
void		 doc_freeze(struct doc *);
void		 doc_free(struct doc *);	/* frees tables in the body too */

struct doc_table *doc_table_new(const char *caption, size_t n_cols);
void		 doc_table_set_header(struct doc_table *, size_t col, const char *);
/* Appends a row of n_cols cells (copied; NULL is ""). */
void		 doc_table_add_row(struct doc_table *, const char *const *cells);
/*
 * Room for n rows at the end, their n * n_cols cells to be filled by the
 * caller, every one: a copy in t->text, or a string the table shares,
 * which must stay as it is while the table lives (compose shares the
 * applicants' strings, which the site keeps to the end of the build).
 * NULL for a table without columns, whose rows are only counted.
 */
char		**doc_table_add_rows(struct doc_table *, size_t n);
void		 doc_table_free(struct doc_table *);
/* A custom block node that owns t (freed with the doc). */
cmark_node	*doc_table_node(struct doc_table *t);
/* The table of a node, or NULL when the node is not a table block. */
struct doc_table *doc_block_table(cmark_node *);

#endif

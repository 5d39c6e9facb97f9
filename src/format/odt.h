/*
 * odt: every document as an ODF 1.3 text document (.odt) laid out per
 * GB/T 9704-2012 党政机关公文格式.
 *
 * The look lives in templates/odt/reference.fodt, a flat ODT the archivist
 * opens, restyles and saves in LibreOffice: its fonts, styles, page layout
 * and master page become the styles.xml of every package (see
 * templates/odt/README.md for the style names the writer relies on).  The
 * writer only chooses, for each part of a document, which named style it
 * takes; it never sets a font or a size itself.
 *
 * Packages are deterministic: same document, same style, same mtime, same
 * bytes.  `mimetype` comes first, stored, without extra field; every entry
 * carries the one given timestamp.
 */
#ifndef GONGSHI_ODT_H
#define GONGSHI_ODT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "format/deflate.h"
#include "format/doc.h"

#define ODT_MIMETYPE	"application/vnd.oasis.opendocument.text"
#define ODT_TEMPLATE	"odt/reference.fodt"	/* under the templates folder */

struct odt_style;

/*
 * Loads templates_dir/odt/reference.fodt once per build.  Returns NULL and
 * reports to diag (under the template's path) when the file cannot be read,
 * is not a flat ODF text document, or lacks a style the writer uses.
 */
struct odt_style *odt_style_load(const char *templates_dir, struct diag *);
void		 odt_style_free(struct odt_style *);

/*
 * Writes the whole .odt package of d into out.  mtime (seconds since the
 * epoch, UTC) is the timestamp of every zip entry and the dates of meta.xml.
 * Returns false with *err (malloc'd) naming the document, the field and the
 * offending text when d holds what XML 1.0 cannot carry: a control
 * character other than tab, line feed and carriage return, U+FFFE, U+FFFF,
 * or bytes that are not UTF-8.
 */
bool		 odt_write(const struct doc *d, const struct odt_style *,
		    long long mtime, struct buf *out, char **err);

/*
 * odt_write in steps, so that the threads of a build can share the work of
 * one long list (publish/packages.c): odt_prepare checks d and writes its
 * XML (false with *err as odt_write), deflating content.xml in pieces as
 * it is written, so that only the deflated pieces are held: sink, when
 * not NULL, gets some of them to deflate (dpiece_deflate) on another
 * thread, several at once, the others are deflated at once (deflate.h).
 * Once all are, odt_assemble zips them into out (false with *err naming
 * the document), content_at (when not NULL) where content.xml's bytes
 * start in it (0 if unknown), and frees the package, as odt_pkg_free
 * does unassembled.
 *
 * content.xml is cut before every ODT_PIECE_ROWS-th table row
 * (<table:table-row), a place that depends only on the text: a package
 * is the same bytes whichever thread made which piece. A list whose row
 * changed changes only in the piece that holds it, and in the next one
 * when the row is in the last 32 KiB that piece is primed with (deflate.h):
 * reuse, when not NULL, takes the others from the last build's package and
 * lists this one's pieces (offsets in content.xml: content_at says where
 * it starts in the package). A piece that is a table's rows alone is
 * keyed by its rows (format/pieces.h) and, taken, is not written at all.
 * With a reuse, the package leaves a note (reuse->now_note) of its long
 * lists' cells' measures, and takes from the last one (reuse->old_note)
 * the measures of the blocks of rows that did not change: only the
 * others are checked and measured (odt.c).
 */
#define ODT_PIECE_ROWS	512
struct odt_pkg;
struct odt_pkg	*odt_prepare(const struct doc *d, const struct odt_style *,
		    long long mtime, dstream_sink *sink, void *arg,
		    struct dreuse *reuse, char **err);
bool		 odt_assemble(struct odt_pkg *, struct buf *out,
		    size_t *content_at, char **err);
void		 odt_pkg_free(struct odt_pkg *);

/*
 * The timestamp of a document's package: SOURCE_DATE_EPOCH when set (the
 * reproducible-builds convention), else the document's own date at 00:00
 * UTC, so that the same input always gives the same bytes.
 */
long long	 odt_timestamp(day_t date);

/*
 * Packages a flat ODF text document (a .fodt, as LibreOffice saves it, or
 * one rendered from such a template) as an .odt in out: content.xml gets
 * the font declarations, the automatic styles and the body; styles.xml the
 * font declarations, the styles, the automatic styles the master pages
 * use (page layouts included) and the master pages; meta.xml the
 * document's own office:meta with gongshi as generator and mtime as its
 * dates.  Settings and scripts are dropped, and so is whatever LibreOffice
 * writes in its extension namespaces, as for the styles template: the
 * package is valid ODF 1.3 when the flat document was.  Same bytes in,
 * same mtime, same package out.  Returns false with *err (malloc'd) naming
 * name (the template's path, for messages) when the text is not
 * well-formed XML or not an office:document with an office:body.
 */
bool		 odt_package_flat(const char *fodt, size_t len,
		    const char *name, long long mtime, struct buf *out,
		    char **err);

/*
 * The same for a flat document already parsed (by libxml2, as parse_flat
 * would: format/xmlread.h), so that a caller that edits
 * the tree (the certificates' QR code) need not write it out and have it
 * parsed again.  doc is copied, not changed.
 */
struct _xmlDoc;
bool		 odt_package_doc(const struct _xmlDoc *doc, const char *name,
		    long long mtime, struct buf *out, char **err);

/*
 * A flat document packaged once for many (the certificates): the text of
 * a template rendered with a hole marker (odt_hole) where each value goes,
 * parsed, made into content.xml, styles.xml and meta.xml as
 * odt_package_doc would (mtime their dates and the zip's), and cut at
 * the holes; odt_skel_package then writes the package of one set of
 * values by copying the spans between the holes and the values into
 * them, without a tree: the bytes odt_package_doc gives for the document
 * rendered with those values, provided that each value is text that XML
 * carries as it is (no & < > " ', no control character, well-formed
 * UTF-8 without the marker's private-use characters): the caller checks.
 * A part without holes is deflated once, in odt_skel_make.
 */
#define ODT_HOLE_OPEN	"\xEE\x80\x80"	/* U+E000 (private use), the index, */
#define ODT_HOLE_CLOSE	"\xEE\x80\x81"	/* U+E001 */
struct odt_skel;
/* Appends the marker of hole k to b. */
void		 odt_hole(struct buf *b, size_t k);
struct odt_skel	*odt_skel_make(const struct _xmlDoc *doc, const char *name,
		    long long mtime, char **err);
/* False with *err naming the document, or when a hole has no value. */
bool		 odt_skel_package(const struct odt_skel *,
		    const char *const *values, size_t n, struct buf *out,
		    char **err);
void		 odt_skel_free(struct odt_skel *);

/* --- shared by odt*.c only --------------------------------------------- */

/*
 * The note a long list's package leaves for the next build (deflate.h:
 * struct dnote; odt_note.c): the measures of its cells (odt_measures), a
 * block of ODT_NOTE_ROWS rows at a time, each block under the digest of
 * its cells, so that a rebuild takes those of the blocks that did not
 * change and checks and measures only the others.
 */
#define ODT_NOTE_ROWS	512
#define ODT_UNITS_N	(ODT_MAX_UNITS + 1)	/* measures of a column */
struct odt_note_old;		/* the last build's note, read */
struct odt_note_list;		/* one list of it */
/* The note of the program of seed, or NULL (none, or not one). */
struct odt_note_old *odt_note_read(const struct dnote *,
		    const struct hash *seed);
void		 odt_note_free(struct odt_note_old *);
/* The i-th list of the last build's note, or NULL. */
const struct odt_note_list *odt_note_old_list(const struct odt_note_old *,
		    size_t i);
/*
 * This build's note, in b: begun, then each list (odt_note_list) and its
 * blocks in order (odt_note_take or odt_note_block), and ended with the
 * number of lists.
 */
void		 odt_note_begin(struct buf *b, const struct hash *seed);
void		 odt_note_list(struct buf *b, const struct doc_table *t);
/*
 * When block k of t is old's, with the same digest: its measures added
 * to count (odt_measured), put into b, and true.
 */
bool		 odt_note_take(const struct odt_note_list *old,
		    const struct doc_table *t, size_t k, uint32_t *count,
		    struct buf *b);
/* Block k of t, measured (its cells by measure: block), into b. */
void		 odt_note_block(struct buf *b, const struct doc_table *t,
		    size_t k, const uint32_t *block);
void		 odt_note_end(struct buf *b, size_t n_lists);

/*
 * The styles the writer uses, by their names in the template (Chinese, as
 * the archivist sees them in LibreOffice: LibreOffice keeps such names as
 * they are when it saves).  odt_style_load() checks that each exists.
 */
#define ODT_P_BODY		"公文正文"
#define ODT_P_TITLE		"公文标题"
#define ODT_P_MARK		"发文机关标志"
#define ODT_P_MARK_NUMBER	"版头发文字号"
#define ODT_P_NUMBER		"发文字号"
#define ODT_P_ADDRESSEE		"主送机关"
#define ODT_P_H1		"一级标题"
#define ODT_P_H2		"二级标题"
#define ODT_P_H3		"三级标题"
#define ODT_P_H4		"四级标题"
#define ODT_P_LIST		"列表段落"
#define ODT_P_QUOTE		"引文"
#define ODT_P_CODE		"代码"
#define ODT_P_RULE		"分隔线"
#define ODT_P_CAPTION		"表格标题"
#define ODT_P_TH		"表格表头"
#define ODT_P_TD		"表格内容"
#define ODT_P_TD_CENTRE		"表格内容居中"
#define ODT_P_SIGNATURE		"发文机关署名"
#define ODT_P_DATE		"成文日期"
#define ODT_P_NOTE		"附注"
#define ODT_P_COPY_TO		"版记抄送"
#define ODT_P_IMPRINT		"版记印发"
#define ODT_P_IMPRINT_ONLY	"版记印发无抄送"
#define ODT_P_IMPRINT_PAGE	"版记页"	/* starts the 版记's even page */
#define ODT_T_STRONG		"着重"
#define ODT_T_EMPH		"强调"
#define ODT_T_CODE		"代码字符"
#define ODT_T_LINK		"链接"
#define ODT_L_ORDERED		"编号列表"
#define ODT_L_BULLET		"项目符号列表"
#define ODT_G_IMPRINT		"版记框"

struct zip;

struct odt_style {
	char	*path;		/* the template, for messages */
	char	*styles_xml;	/* the styles.xml of every package */
	size_t	 styles_len;
	struct deflated styles_z; /* it, deflated once (odt_style_deflate) */
	double	 mark_size;	/* 发文机关标志: font size in pt, 0 if unknown */
	double	 mark_scale;	/* its style:text-scale in %, 100 if none */
	double	 title_size;	/* 公文标题: font size in pt, 0 if unknown */
};

/* The writing width of the 版心 in pt (156 mm): long 发文机关标志 are narrowed to it. */
#define ODT_TEXT_WIDTH_PT	442.2

/*
 * Drops, under an element (an xmlNode), what is not ODF: elements and
 * attributes in extension namespaces, comments, processing instructions
 * (odt_style.c).
 */
struct _xmlNode;
void		 odt_strip_foreign(struct _xmlNode *);

/*
 * The package of a document's parts (odt.c): content.xml in its n
 * pieces, styles.xml deflated, meta.xml as text, the manifest every
 * package shares; content_at, when not NULL, where content.xml's bytes
 * start in it (0 if unknown); false with *err naming the document.
 */
bool		 odt_package_parts(const char *name,
		    const struct deflated *content, size_t n,
		    const struct deflated *styles, const struct buf *meta,
		    long long mtime, struct buf *out, size_t *content_at,
		    char **err);
/* A small part deflated whole, in one piece; false when zlib fails. */
bool		 odt_deflate_whole(const char *data, size_t len,
		    struct deflated *z);
/* Whether doc is a flat ODF document with a body; else *err says so. */
bool		 odt_flat_check(const struct _xmlDoc *doc, const char *name,
		    char **err);
/*
 * The three package files of a flat document (odt_package_doc's);
 * false when libxml2 fails.
 */
bool		 odt_flat_parts(const struct _xmlDoc *doc, long long mtime,
		    struct buf *content, struct buf *styles, struct buf *meta);

/* The deflate level of every compressed part (zlib's default). */
#define ODT_DEFLATE_LEVEL	6

/*
 * An xmlTextWriter that appends to out as it writes (odt_content.c): no
 * xmlBuffer to copy from, so a 70 MB content.xml is held once.  NULL when
 * libxml2 is out of memory.
 */
struct _xmlTextWriter;
struct _xmlTextWriter *odt_writer_new(struct buf *out);

/*
 * Deflates st->styles_xml once into st->styles_z, whose bytes every
 * package then copies (odt.c), from any thread; false when zlib fails.
 * Freed by odt_style_free().
 */
bool		 odt_style_deflate(struct odt_style *st);

/*
 * content.xml of d, appended to out (odt_content.c, with xmlout.h);
 * grown(arg), when not NULL, each time out has grown by ODT_GROWN_EVERY
 * bytes, and it may take from out what is written (odt.c deflates it).
 */
#define ODT_GROWN_EVERY	(64 * 1024)
/*
 * hook, when not NULL, is given each run of ODT_PIECE_ROWS rows of a
 * table that is a piece of content.xml on its own (the cut before its
 * first row, and the next cut before a later row of the same table)
 * instead of the writer writing them: it appends their bytes to out
 * (odt_rows_xml), or takes them from elsewhere (odt.c: the last build's
 * package). centre is the table's columns centred, all those bytes depend
 * on but the cells.
 */
struct odt_rows_hook {
	void	(*piece)(void *arg, const struct doc_table *t,
		    const bool *centre, size_t r);
	void	 *arg;
};
/*
 * The cells of each table of a document by their measure (the layout's
 * units, up to ODT_MAX_UNITS), column by column, in the order its body
 * holds the tables, taken by the check of their text (odt.c), so that a
 * 20,000-row list's cells are read once before they are written, not
 * once for the check and again for the widths. NULL in the writer: it
 * measures them itself.
 */
#define ODT_MAX_UNITS	200	/* longer cells count as this long */
struct odt_measured {
	const struct doc_table	*t;
	uint32_t		*count;	/* [c * (ODT_MAX_UNITS + 1) + u]: cells of u units */
};
struct odt_measures {
	struct odt_measured	*v;
	size_t			 n;
};
bool		 odt_content_xml(const struct doc *d, const struct odt_style *,
		    struct buf *out, void (*grown)(void *), void *arg,
		    const struct odt_rows_hook *hook,
		    const struct odt_measures *measures);
/* Rows [from, to) of t as content.xml has them, appended to out. */
void		 odt_rows_xml(const struct doc_table *t, const bool *centre,
		    size_t from, size_t to, struct buf *out);
/* Display width of UTF-8 text in half-width units: CJK 2, ASCII 1. */
size_t		 odt_text_units(const char *);
/*
 * The widths (pt, summing to the 版心's) of t's columns, and which are
 * narrow enough to centre (odt_table.c).  Both arrays hold t->n_cols.
 * count, when not NULL, is the cells' by measure (odt_measures), else
 * they are measured here.
 */
void		 odt_table_layout(const struct doc_table *t,
		    const uint32_t *count, double *width, bool *centre);
/*
 * The width of a cell s, in the layout's units, from its ASCII bytes and
 * its wide characters (lead bytes of UTF-8 sequences).
 */
unsigned char	 odt_cell_units(const char *s, size_t ascii, size_t wide);
/* The title with line feeds where GB/T 9704 would break it (odt_title.c). */
char		*odt_title_lines(const char *title, double size_pt);
/*
 * s with U+2060 WORD JOINER between the characters of every number, date,
 * phone number and 发文字号, so that LibreOffice never breaks a line inside
 * one, and each such run between ODT_NB_OPEN and ODT_NB_CLOSE, to be set
 * in the span ODT_T_NOBREAK (odt_break.c).  Malloc'd.
 */
#define ODT_NB_OPEN	'\x01'	/* control characters: never in a text */
#define ODT_NB_CLOSE	'\x02'
#define ODT_T_NOBREAK	"gsNoBreak"
char		*odt_glue(const char *s);
/* Whether odt_glue(s) would change s: false for text without a digit. */
bool		 odt_glue_needed(const char *s);
/* One UTF-8 character at s: its length, 0 when not well-formed. */
size_t		 odt_utf8_decode(const unsigned char *s, long *cp);

#endif

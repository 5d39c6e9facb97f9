/*
 * regcache: the registers of the last build as they were parsed, so that
 * a rebuild does not parse again those that did not change.
 *
 * After a successful build, the folder OUTPUT/.gongshi-registers keeps, for each
 * register of each cycle (organizations, decisions, objections, in any
 * of their forms), its records (src/model.h, strings included) and the
 * warnings its parse told, under a key: the XXH3-128 (base/hash.h) of the
 * register's path, of its bytes, of the program (the bytes of its
 * executable) and of the language its messages are told in (the locale
 * and the bytes of the message catalogues). Nothing else goes into a
 * register's parse: it reads no setting of site.yaml or cycle.yaml. The
 * next build takes a register whose key is there from the file instead
 * of parsing it; decisions and objections name their applicant by credit
 * code, found again among the organizations of this build, so that a
 * register of decisions is taken even when organizations changed. Of a
 * CSV register of organizations, the file also keeps the pieces of its
 * bytes (struct regrows below), so that a rebuild after an edit of a few
 * rows reads those rows alone.
 *
 * The folder is the output's bookkeeping, like the stamp (publish/stamp.h):
 * written into the new output within the same atomic publish, never into
 * site/ or archive/, never in SHA256SUMS. It holds what the registers
 * hold, private columns included, as the archive does. Each entry is a
 * file of its own, named by its key: a register that did not change
 * keeps its file (linked from the last output, or left where the new
 * output has it already), and only those of the registers that changed
 * are written. A file that is damaged, cut short or not one of gongshi's
 * is not trusted: each entry carries the digest of its bytes, and every
 * count and length is checked against what is there before anything is
 * taken; such an entry is parsed again, as in a build without it.
 *
 * The records taken keep their strings where they lie in the entry's
 * file, mapped read-only: they are valid until regcache_release(). A
 * file of the folder is never written in place by gongshi; one cut short
 * by hand while a build reads it would stop that build (SIGBUS).
 */
#ifndef GONGSHI_REGCACHE_H
#define GONGSHI_REGCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/hash.h"
#include "model.h"

#define REGCACHE_FILE	".gongshi-registers"

enum regkind { REG_ORGS = 1, REG_DECISIONS, REG_OBJECTIONS };

struct strmap;
struct reuse;

/*
 * Starts keeping registers for a build into output_dir by the program of
 * hex digest program: the entries of output_dir's file, when there is
 * one, can be found from now on. Without this call, nothing is kept.
 */
void	regcache_open(const char *output_dir, const char *program);
/* Forgets the folder and what was noted (the end of a build). */
void	regcache_close(void);
/*
 * Unmaps the entries read (the records taken from them must be freed
 * first). A process that ends need not: its mappings go with it.
 */
void	regcache_release(void);

/* Whether registers are kept (regcache_open). */
bool	regcache_on(void);

/*
 * The key of the register rel (as messages name it) whose bytes have the
 * digest bytes, the one input_read_hashed (base/input.h) took of them
 * (not hashed a second time); false when no register is kept (no
 * regcache_open).
 */
bool	regcache_key(const char *rel, const struct hash *bytes,
	    struct hash *key);

/* A register as the file keeps it, read and checked. */
struct regkept;

/*
 * The entry of key, of the kind asked, read and checked whole; NULL when
 * there is none or it cannot be trusted. Safe on any thread once
 * regcache_open() returned. rel is the register's name, for tests: when
 * GONGSHI_TEST_REGISTERS names a file, each register taken is added to it.
 */
struct regkept	*regcache_find(const struct hash *key, enum regkind,
		    const char *rel);
void		 regcache_kept_free(struct regkept *);

/*
 * Finds an applicant of this build by its code; NULL when there is none.
 * hint is where it was among the cycle's applicants when the entry was
 * written (UINT32_MAX: not known), to be tried first.
 */
typedef struct org *regcache_org_fn(void *arg, const char *code,
		    uint32_t hint);

/*
 * The records of an entry, their strings in the entry's mapping (orgs,
 * decisions) or allocated (objections), and its warnings told to d. False, with
 * nothing told or given, when a decision or an objection names an
 * applicant org_of does not find: the register must then be parsed. The
 * decisions' applicants are set, not the applicants' decisions.
 */
bool	regcache_take_orgs(const struct regkept *, struct org **v, size_t *n,
	    struct diag *d);
bool	regcache_take_decisions(const struct regkept *, regcache_org_fn *org_of,
	    void *arg, struct decision **v, size_t *n, struct diag *d);
bool	regcache_take_objections(const struct regkept *, regcache_org_fn *org_of,
	    void *arg, struct objection **v, size_t *n, struct diag *d);

/*
 * Notes a register this build loaded, for regcache_write(): its key, its
 * records (v[0..n), which must stay as they are until then) and the
 * warnings told since item from of d. A register with errors is not kept.
 */
void	regcache_note(const struct hash *key, enum regkind, const void *v,
	    size_t n, const struct diag *d, size_t from);
/*
 * The rows of a CSV register, kept beside its records so that, once an
 * edit changed a few of them, a rebuild types those rows only.
 *
 * A register's bytes are cut where its records start (each record's
 * first line; a record ends where the next one starts, blank lines and
 * all): the head (title rows and header), then one piece per record; the
 * file keeps each piece's length and XXH3-64 digest. A rebuild finds the
 * pieces still there at the start and at the end of the new bytes, and
 * what lies between (from..to, always between two records, and a line
 * start) is all that is read again (csv_parse_part): whatever the
 * parser reads after a piece whose bytes are the same is what it read
 * then. The records of the pieces kept are the last build's, their lines
 * moved by the lines the edit added or took; the checks across rows
 * (a credit code twice, the header's columns) are made again over all.
 */
struct regrows;

/*
 * The pieces of a register's bytes data[0..len) whose records start at
 * the lines lines[0..n) (increasing); NULL when they are not (no record,
 * a line past the end, a piece of 4 GB). The caller asks none for a file
 * read as GB18030: a part of it could not be read alone.
 */
struct regrows	*regrows_of(const char *data, size_t len, const int *lines,
		    size_t n);
void		 regrows_free(struct regrows *);

/* What a rebuild takes from a register of which only some rows changed. */
struct regplan {
	struct regkept	*kept;		/* the last build's records */
	struct regrows	*old;		/* and their pieces */
	size_t		 len;		/* of the bytes now */
	size_t		 head_len;	/* the title rows and header, unchanged */
	size_t		 from, to;	/* the bytes read again: data[from..to) */
	int		 from_line;	/* the line of data[from] */
	int		 to_line;	/* and of data[to] */
	/*
	 * The last build's records kept: those before line kept_before,
	 * and those from line old_to_line on (where data[to] was then),
	 * each now at its line - old_to_line + to_line. (INT_MAX: none.)
	 */
	int		 kept_before;
	int		 old_to_line;
	uint64_t	 after_nl;	/* line feeds from to on */
	size_t		 n_before;	/* pieces kept before from */
	size_t		 n_after;	/* and from to on */
	size_t		 n_pieces;	/* of the last build */
	struct reuse	*reuse;		/* to copy the records taken */
};

/*
 * The plan for the register rel of kind k, now data[0..len), from what
 * the last build kept of it; false when nothing can be taken (nothing
 * kept, the head changed, or the file cannot be trusted). Free with
 * regcache_plan_free().
 */
bool	regcache_plan(const char *rel, enum regkind k, const char *data,
	    size_t len, struct regplan *);
void	regcache_plan_free(struct regplan *);

/*
 * The last build's applicants of a plan, all of them, their strings in
 * the entry's mapping, the values many share taken from (or put in)
 * shared so that they are the same as those of the rows typed; nothing
 * told. The caller keeps those before from_line and those from
 * old_to_line on.
 */
bool	regcache_plan_orgs(struct regplan *, struct strmap *shared,
	    struct org **v, size_t *n);

/*
 * Says, of the register just noted under key after a plan, that its
 * records are the last build's [0, before), then mid typed, then the
 * last build's [after, n): those are copied into its new file as they
 * are, their lines moved (regcache_write), not written again.
 */
void	regcache_note_reuse(const struct hash *key, struct regplan *,
	    size_t before, size_t mid, size_t after);

/*
 * Tests may set GONGSHI_TEST_ROWS to a file: each register read by a plan
 * is added, with how many of its pieces were kept and rows read again.
 */
void	regcache_plan_taken(const struct regplan *, const char *rel,
	    size_t typed);

/*
 * The pieces of a register read by a plan: the last build's before and
 * after, those of data[from..to) between, where the records read again
 * start at lines[0..n).
 */
struct regrows	*regrows_patch(const struct regplan *, const char *data,
		    const int *lines, size_t n);

/*
 * Keeps the pieces rows (given, freed here) beside the register noted
 * under key, which rel names; nothing when none was (it had errors).
 */
void	regcache_note_rows(const struct hash *key, const char *rel,
	    struct regrows *rows);

/*
 * Keeps what was noted in the folder dir/REGCACHE_FILE (the new output
 * before it is swapped in): the entries taken kept, the others written,
 * what else the folder held removed. False (errno set) on an I/O error,
 * the folder removed.
 */
bool	regcache_write(const char *dir);

#endif

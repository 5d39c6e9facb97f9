/*
 * regcache: the registers of the last build as they were parsed, so that
 * a rebuild does not parse again those that did not change.
 *
 * After a successful build, OUTPUT/.gongshi-registers keeps, for each
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
 * register of decisions is taken even when organizations changed.
 *
 * The file is the output's bookkeeping, like the stamp (publish/stamp.h):
 * written into the new output within the same atomic publish, never into
 * site/ or archive/, never in SHA256SUMS. It holds what the registers
 * hold, private columns included, as the archive does. A file that is
 * damaged, cut short or not one of gongshi's is not trusted: each entry
 * carries the digest of its bytes, and every count and length is checked
 * against what is there before anything is taken; such an entry is
 * parsed again, as in a build without the file.
 */
#ifndef GONGSHI_REGCACHE_H
#define GONGSHI_REGCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/hash.h"
#include "model.h"

#define REGCACHE_FILE	".gongshi-registers"

enum regkind { REG_ORGS = 1, REG_DECISIONS, REG_OBJECTIONS };

/*
 * Starts keeping registers for a build into output_dir by the program of
 * hex digest program: the entries of output_dir's file, when there is
 * one, can be found from now on. Without this call, nothing is kept.
 */
void	regcache_open(const char *output_dir, const char *program);
/* Forgets the file and what was noted (the end of a build). */
void	regcache_close(void);

/*
 * The key of the register rel (as messages name it) just read from path
 * by input_read (base/input.h), made from the digest it took of the
 * bytes; false when no register is kept (no regcache_open), or when path
 * was read twice and gave different bytes.
 */
bool	regcache_key(const char *rel, const char *path, struct hash *key);

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

/* Finds an applicant of this build by its code; NULL when there is none. */
typedef struct org *regcache_org_fn(void *arg, const char *code);

/*
 * The records of an entry, their strings in strings (orgs, decisions) or
 * allocated (objections), and its warnings told to d. False, with
 * nothing told or given, when a decision or an objection names an
 * applicant org_of does not find: the register must then be parsed. The
 * decisions' applicants are set, not the applicants' decisions.
 */
bool	regcache_take_orgs(const struct regkept *, struct arena *strings,
	    struct org **v, size_t *n, struct diag *d);
bool	regcache_take_decisions(const struct regkept *, struct arena *strings,
	    regcache_org_fn *org_of, void *arg, struct decision **v, size_t *n,
	    struct diag *d);
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
 * Writes what was noted into dir/REGCACHE_FILE (the new output before it
 * is swapped in). False (errno set) on an I/O error, the file removed.
 */
bool	regcache_write(const char *dir);

#endif

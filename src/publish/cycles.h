/*
 * cycles: a rebuild skips the checks and the compose of the cycles that
 * did not change.
 *
 * Each cycle gets a key, the digest of everything its checks, messages
 * and documents depend on:
 *
 *   - the program (its digest, as the stamp takes it), the message
 *     language (LC_MESSAGES and LANGUAGE) and SOURCE_DATE_EPOCH;
 *   - every input outside the cycles' folders, by its digest: site.yaml
 *     (the rules, the office, certificate_prefix, base_url), calendar/,
 *     the sanctions register (art. 9(3), 19, 20: eligibility and
 *     revocations), every other file of the content, and the whole
 *     templates folder (notices, letters, layouts, partials, styles,
 *     assets);
 *   - every file and folder of the cycle's own folder, by its digest;
 *   - the facts its checks and documents take from the other cycles:
 *     each cycle's folder, year and registers' file names (the next
 *     cycle's year in check_notices.c; art. 15 messages cite the earlier
 *     cycle's decisions file; the site's pages list every year, and the
 *     menu leads to the newest), each cycle's cycle.yaml by its digest
 *     (a revocation decision's office is that of the latest cycle of its
 *     year: context_office_in), and every award approved in any cycle,
 *     by credit code, approval date and line (art. 15: an earlier award
 *     bars re-applying).
 *
 * The revocations (art. 19, 20) follow from the cycle's own certificates
 * and the sanctions; disqualifications from its own objections. Whether
 * the site has certificate pages (every page's menu links to them) is
 * kept beside the keys and compared too.
 *
 * After a build that published, OUTPUT/.gongshi-cycles holds, per cycle,
 * its key, what the checks that only report said of it (rules/state.h:
 * struct check_memo), and the documents composed for it (path, and for
 * the site's lists each one's name, title, number, date and description).
 * It is written into the new output before the swap, so it is always that
 * output's; the stamp does not list it.
 *
 * A rebuild computes the keys once the content is loaded. A cycle whose
 * key is the same is not checked again by those checks: what they said
 * is reported again, in the same place, so the messages are a clean
 * build's. When, besides, every file of its documents, its cycle page,
 * its certificates and their verification pages is in the old output as
 * the stamp lists it (publish/incr.h), it is not composed: those files
 * are kept as they are (rules/state.h: cycle_state.kept; the composers
 * add them as kept documents, compose/document.h), and the site's index,
 * feed and sitemap and the verification index list them from what was
 * kept. Everything that spans the cycles (the state's lists and
 * certificates, the other checks, the site's lists) is derived as always
 * from the loaded records.
 *
 * Tests may set GONGSHI_TEST_CYCLES to a file: "checks DIR" is appended
 * to it for each cycle whose key changed, "compose DIR" for each cycle
 * composed.
 */
#ifndef GONGSHI_CYCLES_H
#define GONGSHI_CYCLES_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "base/diag.h"
#include "base/hash.h"
#include "compose/compose.h"
#include "model.h"
#include "rules/state.h"

#define CYCLES_FILE	".gongshi-cycles"

/* A cycle as the last build left it. */
struct cycle_was {
	char		*dir;
	char		 key[HASH_HEX];
	struct diag	 said[CHECK_PHASES];	/* rules/state.h */
	struct composed	*docs;		/* kept, cycle unset */
	size_t		 n_docs;
};

struct cycles {
	bool		 on;		/* keys taken: the memo and file are used */
	size_t		 n;		/* this build's cycles */
	char		**dir;		/* their folders */
	char		(*key)[HASH_HEX];
	bool		*same;		/* the key is the last build's */
	const struct cycle_was **was;	/* per cycle, when same */
	struct check_memo memo;		/* said: n * CHECK_PHASES */
	bool		 was_verify;	/* the last build had certificate pages */
	/* the last build's file */
	struct cycle_was *old;
	size_t		 n_old;
	bool		 have_old;
};

/* Reads output_dir's CYCLES_FILE, if any (nothing is used until cycles_take). */
void	cycles_open(struct cycles *, const char *output_dir);
/*
 * Takes the keys of the loaded site's cycles (call once the stamp's
 * digest is taken: publish/digest.h) and sets the memo. False when they
 * cannot be had: then every cycle is checked and composed.
 */
bool	cycles_take(struct cycles *, const struct site *);
void	cycles_free(struct cycles *);

/*
 * The key of a cycle from its parts (the text hashed: the program and
 * language, the common inputs, the cycle's own, the facts of every
 * cycle), and those facts. For the tests.
 */
void	cycles_key(const char *program, const struct buf *common,
	    const struct buf *own, const struct buf *facts,
	    char key[static HASH_HEX]);
void	cycles_facts(const struct site *, struct buf *);

/*
 * Which cycles need not be composed: same key, the same certificate
 * pages, and every file of the last build's documents still there
 * (has_old: publish/incr.h). skip has n entries.
 */
void	cycles_skip(const struct cycles *, bool verify,
	    bool (*has_old)(void *, const char *path), void *arg, bool *skip);
/*
 * The documents of the cycles skipped, kept from the last build, merged
 * into docs (composed for the others) in the order of a full compose.
 */
void	cycles_merge(const struct cycles *, const bool *skip,
	    struct composed_list *docs);
/* Writes CYCLES_FILE into dir for this build's docs; false on an I/O error. */
bool	cycles_write(const struct cycles *, const char *dir, bool verify,
	    const struct composed_list *docs);
/* For the tests (GONGSHI_TEST_CYCLES): notes "what DIR". */
void	cycles_note(const char *what, const char *dir);

#endif

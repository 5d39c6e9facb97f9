/*
 * content: loads a whole content folder (DESIGN §2) into struct site.
 * Every problem is reported to diag with its FILE:LINE, FILE relative to
 * the content folder.
 */
#ifndef GONGSHI_CONTENT_H
#define GONGSHI_CONTENT_H

#include "base/diag.h"
#include "model.h"

/*
 * Returns 0 when the folder was read (look at diag->errors for problems
 * in it), or EXIT_SYSTEM when the folder itself cannot be read.
 */
int	content_load(const char *dir, struct site *, struct diag *);

/*
 * Checks the body of an office notice, parsed as its pages will be: false,
 * reported at its line, when quotes, lists or emphasis are nested more
 * than NOTICE_MAX_DEPTH deep (the writers walk the tree recursively).
 */
#define NOTICE_MAX_DEPTH	32
bool	content_check_notice(const struct custom_notice *, struct diag *);

#endif

/*
 * i18n: messages in the user's language, GNU gettext style.
 *
 * Every message a user can see is written in English inside _() (or N_()
 * where it is a static initialiser, translated later with _()), and
 * translated at run time from po/<lang>.po, built by make into
 * build/locale/<lang>/LC_MESSAGES/gongshi.mo and installed under
 * PREFIX/share/locale. With a zh_CN locale the office reads Chinese;
 * with any other (or none), English.
 *
 * Rules for a message:
 * - one whole sentence per format string: no pieces glued together,
 *   so that a translator can reorder it;
 * - printf conversions only for what varies (file, line, value);
 * - no trailing newline inside _() where the caller adds one.
 */
#ifndef GONGSHI_I18N_H
#define GONGSHI_I18N_H

#include <libintl.h>

#define _(s)	gettext(s)
#define N_(s)	(s)
/*
 * A message with a context, for one English word that two Chinese ones
 * translate ("recommendation": the stage 审核推荐, the notice 审核推荐公示).
 * NP_ marks one in a static table; P_ translates it.
 */
#define P_(ctx, s)	i18n_pgettext(ctx "\004" s, s)
#define NP_(ctx, s)	(s)

/* The translation of "ctx\004msgid", or msgid (gettext's pgettext). */
const char	*i18n_pgettext(const char *ctx_msgid, const char *msgid);

/* Sets the locale from the environment and binds the message catalogue. */
void	i18n_init(const char *argv0);

struct buf;
/*
 * The language messages are told in, into b: the locale, LANGUAGE, and
 * every catalogue of the folder gettext reads (by name and bytes), so
 * that what a build keeps of its messages (load/regcache.h,
 * publish/cycles.h) is told again only in the words this run would use.
 */
void	i18n_language(struct buf *b);

#endif

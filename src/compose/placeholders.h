/*
 * placeholders: Mustache placeholders made whole again in a template that
 * LibreOffice saved.
 *
 * LibreOffice splits a placeholder into spans when part of it was typed
 * at another time or formatted apart: {{<text:span …>org</text:span>}}.
 * Before rendering, the markup inside each {{…}} is taken out (the
 * placeholder keeps the formatting of its first brace; a span opened or
 * closed inside it is moved after it).
 */
#ifndef GONGSHI_PLACEHOLDERS_H
#define GONGSHI_PLACEHOLDERS_H

#include <stddef.h>

#include "base/diag.h"

/*
 * Joins the placeholders LibreOffice split across markup in xml[0..len):
 * returns the text (malloc'd) with every {{…}} whole and the XML
 * comments taken out (their line breaks stay), or NULL with an error
 * under path for each placeholder left open in its paragraph.
 */
char	*placeholders_join(const char *xml, size_t len, const char *path,
	    struct diag *);

#endif

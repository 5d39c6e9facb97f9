/*
 * odt_qr: a QR code drawn into an ODF document as one vector path.
 *
 * The frame (or shape) named QR in a document (LibreOffice: Format ▸
 * Frame and Object ▸ Properties ▸ Options ▸ Name) is replaced by the QR
 * code of a text: one draw:path, black, with its quiet zone, as large as
 * the frame's shorter side and centred in it, anchored and wrapped as the
 * frame was.
 */
#ifndef GONGSHI_ODT_QR_H
#define GONGSHI_ODT_QR_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "base/buf.h"

#define ODT_QR_NAME	"QR"	/* the frame the QR code replaces */
#define ODT_QR_QUIET	4	/* quiet zone, in modules (ISO/IEC 18004) */

/*
 * The QR code of text (ECC level M, 8-bit mode) as the data of an SVG
 * path (svg:d) in a square of *size modules a side, quiet zone included:
 * one closed rectangle per horizontal run of dark modules.  False when
 * libqrencode cannot encode it (too long).
 */
bool	 odt_qr_path(const char *text, struct buf *d, int *size);

/*
 * The element under n (a drawing object) whose draw:name is QR, but not
 * a QR code drawn already; NULL when there is none.
 */
xmlNode	*odt_qr_find(xmlNode *n);

/*
 * Replaces each frame named QR under root (an office:document; one frame,
 * unless the office copied it) with the QR code of text.  True when done
 * or when there is no such frame; false with *err (malloc'd) when text is
 * too long for a QR code or a frame has no size.
 */
bool	 odt_qr_draw(xmlNode *root, const char *text, char **err);

/*
 * odt_qr_draw in two steps, so that the drawing can be placed once with
 * markers for what depends on the text (the certificates' skeleton,
 * format/odt.h): the path's svg:viewBox for a code of size modules a
 * side, and the frames replaced by the drawing of path data d, viewbox
 * and the description url (false with *err as odt_qr_draw).
 */
#define ODT_QR_VIEWBOX	32
void	 odt_qr_viewbox(int size, char viewbox[static ODT_QR_VIEWBOX]);
bool	 odt_qr_place(xmlNode *root, const char *d, const char *viewbox,
	    const char *url, char **err);

#endif

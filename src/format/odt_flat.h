/*
 * odt_flat: an .odt package read back as one flat ODF document (the text
 * of a .fodt), the reverse of odt_package_flat (format/odt.h).
 */
#ifndef GONGSHI_ODT_FLAT_H
#define GONGSHI_ODT_FLAT_H

#include <stddef.h>

/*
 * The flat document of the .odt at path: its meta, styles and content in
 * one office:document, the way LibreOffice saves a .fodt, its pictures
 * inlined as office:binary-data.  Returns the text (malloc'd, *len bytes)
 * or NULL with *why (malloc'd) when path is not a readable ODT package.
 */
char	*odt_flat_text(const char *path, size_t *len, char **why);

#endif

/*
 * zipxml: the parts of a zipped XML package (.xlsx, .ods) read as a
 * stream with libxml2's xmlTextReader, so that a sheet of 20,000 rows is
 * never held whole in memory. Bounded: a part may expand to at most
 * ZIPXML_MAX_PART bytes (a zip bomb is refused, not unpacked), no DTD is
 * loaded, no entity expanded, nothing fetched from the network.
 */
#ifndef GONGSHI_ZIPXML_H
#define GONGSHI_ZIPXML_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "base/diag.h"

#define ZIPXML_MAX_PART	((size_t)512 * 1024 * 1024)

struct zipxml {
	zip_t		 *za;
	const char	 *relpath;	/* the workbook, for diagnostics */
	struct diag	 *diag;
	const char	 *kind;		/* "Excel or WPS", "LibreOffice" */
};

struct zpart {
	struct zipxml	 *z;
	const char	 *name;		/* the part, like xl/workbook.xml */
	zip_file_t	 *zf;
	size_t		  done;		/* bytes read so far */
	bool		  too_big;
	char		 *error;	/* the reader's first error */
	int		  error_line;
	xmlTextReaderPtr  reader;
};

/* Opens the package; false, reported, when it is no zip at all. */
bool	zipxml_open(struct zipxml *, const char *data, size_t len,
	    const char *relpath, const char *kind, struct diag *);
void	zipxml_close(struct zipxml *);
bool	zipxml_has(struct zipxml *, const char *name);
/* Opens a part for reading; false when absent (not reported). */
bool	zpart_open(struct zpart *, struct zipxml *, const char *name);
/*
 * The next node: 1, 0 at the end, -1 on damage (reported once, naming the
 * part and what went wrong, when zpart_close is called).
 */
int	zpart_next(struct zpart *);
/* Closes; false, reported, when the part was damaged or too big. */
bool	zpart_close(struct zpart *);
/* Helpers on the current node. */
bool	zpart_is(struct zpart *, int type, const char *local_name);
/* An attribute by local name (any namespace prefix); caller frees. */
char	*zpart_attr(struct zpart *, const char *local_name);
/* Appends the text of the current text node to out. */
void	zpart_text(struct zpart *, struct buf *out);
/* Reports damage elsewhere (bad reference) at the workbook. */
void	zpart_damaged(struct zpart *, const char *what);

#endif

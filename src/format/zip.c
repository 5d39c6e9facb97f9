/*
 * zip: the zip of a package (zip.h).
 *
 * Determinism: the entries are written in the order given, with the one
 * timestamp the caller gives (converted to the DOS date of the zip format
 * in UTC, not local time: a build in Ürümqi and one on a UTC server give
 * the same bytes), and no extra field.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>
#include <zlib.h>

#include "base/i18n.h"
#include "base/le.h"
#include "base/util.h"
#include "format/odt.h"
#include "format/zip.h"

bool	zip_with_libzip;

/* The zip's DOS date and time of mtime, read in UTC; 1980 at the earliest. */
static void
dos_time(long long mtime, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	time_t t = (time_t)mtime;
	struct tm tm;

	if (mtime < 315532800LL)	/* 1980-01-01T00:00:00Z */
		t = 315532800;
	gmtime_r(&t, &tm);
	if (tm.tm_year > 207) {		/* DOS dates end in 2107 */
		tm.tm_year = 207; tm.tm_mon = 11; tm.tm_mday = 31;
		tm.tm_hour = 23; tm.tm_min = 59; tm.tm_sec = 58;
	}
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) |
	    (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) |
	    ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/*
 * A libzip source of a part deflated already. Its stat gives the method,
 * both sizes and the CRC, so libzip writes its bytes as they are, as it
 * does for an entry copied compressed from another zip.
 */
struct packed {
	const struct deflated	*z;
	size_t			 n, i, off;	/* pieces; where reading is */
	struct deflated		 whole;		/* their sizes and CRC */
	zip_error_t		 error;
};

static zip_int64_t
packed_read(struct packed *p, unsigned char *to, zip_uint64_t len)
{
	zip_uint64_t done = 0, k;

	while (done < len && p->i < p->n) {
		k = p->z[p->i].len - p->off;
		if (k > len - done)
			k = len - done;
		memcpy(to + done, p->z[p->i].data + p->off, k);
		done += k;
		p->off += k;
		if (p->off == p->z[p->i].len) {
			p->i++;
			p->off = 0;
		}
	}
	return (zip_int64_t)done;
}

static zip_int64_t
packed_stat(struct packed *p, zip_stat_t *st, zip_uint64_t len)
{
	if (len < sizeof(*st)) {
		zip_error_set(&p->error, ZIP_ER_INVAL, 0);
		return -1;
	}
	zip_stat_init(st);
	st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD |
	    ZIP_STAT_CRC;
	st->size = p->whole.raw_len;
	st->comp_size = p->whole.len;
	st->comp_method = ZIP_CM_DEFLATE;
	st->crc = p->whole.crc;
	return sizeof(*st);
}

static zip_int64_t
packed_cb(void *arg, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct packed *p = arg;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		p->i = p->off = 0;
		return 0;
	case ZIP_SOURCE_READ:
		return packed_read(p, data, len);
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT:
		return packed_stat(p, data, len);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&p->error, data, len);
	case ZIP_SOURCE_FREE:
		zip_error_fini(&p->error);
		free(p);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&p->error, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

static zip_source_t *
part_source(zip_t *za, const struct zip_part *p)
{
	struct packed *pk;
	zip_source_t *s;

	if (p->z == NULL)
		return zip_source_buffer(za, p->data, p->len, 0);
	pk = xcalloc(1, sizeof(*pk));
	pk->z = p->z;
	pk->n = p->n_z;
	deflated_join(p->z, p->n_z, &pk->whole);
	zip_error_init(&pk->error);
	if ((s = zip_source_function(za, packed_cb, pk)) == NULL) {
		zip_error_fini(&pk->error);
		free(pk);
	}
	return s;
}

static bool
add_part(zip_t *za, const struct zip_part *p, zip_uint16_t dt, zip_uint16_t dd)
{
	zip_source_t *s;
	zip_int64_t i;

	if ((s = part_source(za, p)) == NULL)
		return false;
	if ((i = zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(s);
		return false;
	}
	/* The method the bytes have: libzip then copies them as they are. */
	return zip_set_file_compression(za, (zip_uint64_t)i, p->z == NULL ?
	    ZIP_CM_STORE : ZIP_CM_DEFLATE, p->z == NULL ? 0 :
	    ODT_DEFLATE_LEVEL) == 0 &&
	    zip_file_set_dostime(za, (zip_uint64_t)i, dt, dd, 0) == 0;
}

/*
 * Where the n parts' bytes start in the archive libzip wrote at z (len
 * bytes): after each local header, its name and its extra field. A part
 * with a data descriptor or a ZIP64 size (its length is not in its local
 * header) and those after it get 0.
 */
static void
local_offsets(const unsigned char *z, size_t len, size_t n, size_t *data_at)
{
	size_t at = 0, i;
	uint32_t comp;

	for (i = 0; i < n; i++)
		data_at[i] = 0;
	for (i = 0; i < n; i++) {
		if (len < at + 30 || memcmp(z + at, "PK\3\4", 4) != 0 ||
		    (le_get(z + at + 6, 2) & 8) != 0)
			return;
		data_at[i] = at + 30 + le_get(z + at + 26, 2) +
		    le_get(z + at + 28, 2);
		if ((comp = (uint32_t)le_get(z + at + 18, 4)) == 0xffffffffu)
			return;
		at = data_at[i] + comp;
	}
}

/* Copies the finished archive out of its in-memory source. */
static bool
read_source(zip_source_t *src, struct buf *out)
{
	char chunk[8192];
	zip_int64_t n;

	if (zip_source_open(src) < 0)
		return false;
	while ((n = zip_source_read(src, chunk, sizeof(chunk))) > 0)
		buf_add(out, chunk, (size_t)n);
	zip_source_close(src);
	return n == 0;
}

static char *
zip_libzip(const struct zip_part *parts, size_t n, long long mtime,
    struct buf *out, size_t *data_at)
{
	zip_source_t *src;
	zip_error_t ze;
	zip_t *za;
	zip_uint16_t dt, dd;
	size_t i, start = out->len;
	char *msg;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		msg = xstrdup(zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return msg;
	}
	zip_error_fini(&ze);
	zip_source_keep(src);	/* the bytes outlive the archive */
	dos_time(mtime, &dt, &dd);
	for (i = 0; i < n; i++)
		if (!add_part(za, &parts[i], dt, dd)) {
			msg = xstrdup(zip_strerror(za));
			zip_discard(za);
			zip_source_free(src);
			return msg;
		}
	if (zip_close(za) < 0) {
		msg = xstrdup(zip_strerror(za));
		zip_discard(za);
		zip_source_free(src);
		return msg;
	}
	msg = read_source(src, out) ? NULL : xstrdup(_("cannot read the zip back"));
	zip_source_free(src);
	if (msg == NULL && data_at != NULL)
		local_offsets((const unsigned char *)out->data + start,
		    out->len - start, n, data_at);
	return msg;
}

/*
 * The zip written here: byte for byte the headers libzip 1.7 writes for
 * what add_part asks of it (test_odt compares the two): version made by
 * 6.3 on Unix, version needed 1.0 (stored) or 2.0 (deflated), no flag,
 * no data descriptor, no extra field or comment, external attributes
 * -rw-rw-rw-.
 */
#define ZIP_LOCAL_SIG	0x04034b50u
#define ZIP_CENTRAL_SIG	0x02014b50u
#define ZIP_END_SIG	0x06054b50u
#define ZIP_MADE_BY	0x033fu		/* Unix, 6.3 */
#define ZIP_ATTR	0x81b60000u	/* regular file, 0666 */
#define ZIP_LOCAL_LEN	30
#define ZIP_CENTRAL_LEN	46
#define ZIP_END_LEN	22
#define ZIP_MAX		0xfffffffeu	/* past this, ZIP64 */

/* What a part's headers say of it. */
struct zip_entry {
	uint32_t	crc, comp, size, offset;
	unsigned	method, needed;
};

/*
 * The fields local and central headers share, from "version needed"
 * to the extra field's length, at p.
 */
static unsigned char *
zip_common(unsigned char *p, const struct zip_part *pt,
    const struct zip_entry *e, zip_uint16_t dt, zip_uint16_t dd)
{
	p = le_put16(p, e->needed);
	p = le_put16(p, 0);				/* flags */
	p = le_put16(p, e->method);
	p = le_put16(p, dt);
	p = le_put16(p, dd);
	p = le_put32(p, e->crc);
	p = le_put32(p, e->comp);
	p = le_put32(p, e->size);
	p = le_put16(p, (unsigned)strlen(pt->name));
	return le_put16(p, 0);			/* extra field */
}

/* The entry of a part; false when it would need ZIP64. */
static bool
zip_entry_of(const struct zip_part *pt, struct zip_entry *e)
{
	struct deflated whole;

	if (pt->z == NULL) {
		if (pt->len > ZIP_MAX)
			return false;
		e->crc = (uint32_t)crc32(0, (const Bytef *)pt->data,
		    (uInt)pt->len);
		e->comp = e->size = (uint32_t)pt->len;
		e->method = 0;
		e->needed = 10;
		return true;
	}
	deflated_join(pt->z, pt->n_z, &whole);
	if (whole.len > ZIP_MAX || whole.raw_len > ZIP_MAX)
		return false;
	e->crc = whole.crc;
	e->comp = (uint32_t)whole.len;
	e->size = (uint32_t)whole.raw_len;
	e->method = 8;
	e->needed = 20;
	return true;
}

/* Appends the bytes of a part (stored, or its deflated pieces). */
static void
zip_data(struct buf *out, const struct zip_part *pt)
{
	size_t i;

	if (pt->z == NULL) {
		buf_add(out, pt->data, pt->len);
		return;
	}
	for (i = 0; i < pt->n_z; i++)
		buf_add(out, pt->z[i].data, pt->z[i].len);
}

#define ZIP_PARTS	8	/* a package has five */

/* The package into out as libzip would write it; false: ask libzip. */
static bool
zip_direct(const struct zip_part *parts, size_t n, long long mtime,
    struct buf *out, size_t *data_at)
{
	struct zip_entry e[ZIP_PARTS];
	unsigned char h[ZIP_CENTRAL_LEN], *p;
	zip_uint16_t dt, dd;
	size_t i, start = out->len, cd, total = 0;

	if (n > ZIP_PARTS)
		return false;
	for (i = 0; i < n; i++) {
		if (!zip_entry_of(&parts[i], &e[i]))
			return false;
		total += ZIP_LOCAL_LEN + ZIP_CENTRAL_LEN +
		    2 * strlen(parts[i].name) + e[i].comp;
	}
	if (total + ZIP_END_LEN > ZIP_MAX)
		return false;
	dos_time(mtime, &dt, &dd);
	for (i = 0; i < n; i++) {
		e[i].offset = (uint32_t)(out->len - start);
		p = le_put32(h, ZIP_LOCAL_SIG);
		p = zip_common(p, &parts[i], &e[i], dt, dd);
		buf_add(out, h, (size_t)(p - h));
		buf_puts(out, parts[i].name);
		if (data_at != NULL)
			data_at[i] = out->len - start;
		zip_data(out, &parts[i]);
	}
	cd = out->len - start;
	for (i = 0; i < n; i++) {
		p = le_put32(h, ZIP_CENTRAL_SIG);
		p = le_put16(p, ZIP_MADE_BY);
		p = zip_common(p, &parts[i], &e[i], dt, dd);
		p = le_put16(p, 0);			/* comment */
		p = le_put16(p, 0);			/* disk */
		p = le_put16(p, 0);			/* internal attributes */
		p = le_put32(p, ZIP_ATTR);
		p = le_put32(p, e[i].offset);
		buf_add(out, h, (size_t)(p - h));
		buf_puts(out, parts[i].name);
	}
	p = le_put32(h, ZIP_END_SIG);
	p = le_put16(p, 0);				/* this disk */
	p = le_put16(p, 0);				/* the central directory's */
	p = le_put16(p, (unsigned)n);
	p = le_put16(p, (unsigned)n);
	p = le_put32(p, (uint32_t)(out->len - start - cd));
	p = le_put32(p, (uint32_t)cd);
	p = le_put16(p, 0);				/* comment */
	buf_add(out, h, (size_t)(p - h));
	return true;
}

char *
zip_write(const struct zip_part *parts, size_t n, long long mtime,
    struct buf *out, size_t *data_at)
{
	if (!zip_with_libzip && zip_direct(parts, n, mtime, out, data_at))
		return NULL;
	return zip_libzip(parts, n, mtime, out, data_at);
}

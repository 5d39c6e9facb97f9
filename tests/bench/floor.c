/*
 * floor — the physical floor of a gongshi build (issue 14): only the work
 * that no program can avoid when it turns the same input into the same
 * output, timed in one process on both cores.
 *
 *	floor CONTENT TEMPLATES OUTPUT BASE_URL SCRATCH
 *
 * OUTPUT is the output of a real `gongshi build` of CONTENT with
 * TEMPLATES. Before the clock starts, floor learns what that build made:
 * every file of OUTPUT, and inside each .odt every deflated part
 * (content.xml, styles.xml, meta.xml, META-INF/manifest.xml), each
 * distinct one once: styles.xml is the same in every package, and gongshi
 * deflates it once per build too. Then, timed:
 *
 *  - reads every byte of CONTENT and TEMPLATES (from the page cache, as
 *    the build does right after the same files were read);
 *  - deflates every distinct part at level 6, raw deflate with libzip's
 *    parameters (gongshi's ODT_DEFLATE_LEVEL), in the pieces gongshi cuts
 *    it into (every 512th table row, each primed with the 32 KiB before
 *    it: src/format/deflate.h), on two threads, the pieces shared out
 *    largest first;
 *  - encodes the QR code of every certificate's verification address
 *    (BASE_URL "verify/" NUMBER ".html", the pages of OUTPUT/site/verify/)
 *    with libqrencode, level M, 8-bit mode, as gongshi does;
 *  - writes every file of OUTPUT with its bytes into SCRATCH (created
 *    here, must not exist), a hard link where OUTPUT holds one file under
 *    two names.
 *
 * Prints "floor: WALL CPU" (seconds: CLOCK_MONOTONIC; user + system time
 * of both threads, getrusage), then a line of what it did. Each deflated
 * part is compared with the bytes its package holds: a part that deflated
 * differently is counted and said (the floor then did other work than the
 * build), and floor exits 1.
 *
 * Built by tests/bench/run.sh: cc -O2 floor.c -lzip -lz -lqrencode -pthread.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <qrencode.h>
#include <zip.h>
#include <zlib.h>

#define DEFLATE_LEVEL	6	/* gongshi's ODT_DEFLATE_LEVEL (src/format/odt.c) */
#define MEM_LEVEL	9	/* libzip's deflateInit2: MAX_MEM_LEVEL */
#define PIECE_ROWS	512	/* ODT_PIECE_ROWS (src/format/odt.h) */
#define WINDOW		32768	/* the priming text before a piece */

struct file {
	char	*path;		/* relative to OUTPUT */
	char	*data;
	size_t	 len;
	dev_t	 dev;
	ino_t	 ino;
	long	 link_to;	/* an earlier file with the same inode, or -1 */
};

struct part {
	char	*data;		/* the part as the package holds it, inflated */
	size_t	 len;
	char	*packed;	/* its deflated bytes in the package */
	size_t	 packed_len;
	uint64_t hash;
	size_t	 out_len;	/* what floor's deflate made */
	int	 same;		/* floor's bytes are the package's */
};

static struct file	*files;
static size_t		 n_files, cap_files;
static struct part	*parts;
static size_t		 n_parts, cap_parts;
static char		**inputs;
static size_t		 n_inputs, cap_inputs;
static size_t		 root_len;	/* of the folder nftw walks */

static void
die(const char *what, const char *arg)
{
	fprintf(stderr, "floor: %s %s: %s\n", what, arg, strerror(errno));
	exit(2);
}

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL) {
		fprintf(stderr, "floor: out of memory\n");
		exit(2);
	}
	return p;
}

static void *
grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : 256;
	if ((v = realloc(v, *cap * size)) == NULL) {
		fprintf(stderr, "floor: out of memory\n");
		exit(2);
	}
	return v;
}

static char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

/* The whole file at path, into *len bytes. */
static char *
slurp(const char *path, size_t *len)
{
	struct stat sb;
	char *data;
	ssize_t r;
	size_t got = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0 || fstat(fd, &sb) != 0)
		die("cannot read", path);
	data = xmalloc((size_t)sb.st_size);
	while (got < (size_t)sb.st_size &&
	    (r = read(fd, data + got, (size_t)sb.st_size - got)) > 0)
		got += (size_t)r;
	if (got != (size_t)sb.st_size)
		die("cannot read", path);
	close(fd);
	*len = got;
	return data;
}

static uint64_t
fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* ---- before the clock: what the build made ------------------------------- */

static void
add_part(char *data, size_t len, char *packed, size_t packed_len)
{
	uint64_t h = fnv1a(data, len);
	size_t i;

	for (i = 0; i < n_parts; i++)
		if (parts[i].hash == h && parts[i].len == len &&
		    memcmp(parts[i].data, data, len) == 0) {
			free(data);
			free(packed);
			return;
		}
	parts = grow(parts, &cap_parts, n_parts, sizeof(*parts));
	memset(&parts[n_parts], 0, sizeof(*parts));
	parts[n_parts].data = data;
	parts[n_parts].len = len;
	parts[n_parts].packed = packed;
	parts[n_parts].packed_len = packed_len;
	parts[n_parts].hash = h;
	n_parts++;
}

/* Reads an entry of za, inflated or (flags ZIP_FL_COMPRESSED) as it is stored. */
static char *
entry(zip_t *za, zip_uint64_t i, zip_uint64_t size, zip_flags_t flags,
    const char *pkg)
{
	zip_file_t *zf = zip_fopen_index(za, i, flags);
	char *data = xmalloc(size);

	if (zf == NULL || zip_fread(zf, data, size) != (zip_int64_t)size) {
		fprintf(stderr, "floor: %s: cannot read entry %llu\n", pkg,
		    (unsigned long long)i);
		exit(2);
	}
	zip_fclose(zf);
	return data;
}

/* The deflated parts of the package f. */
static void
odt_parts(const struct file *f)
{
	zip_source_t *src;
	zip_error_t ze;
	zip_stat_t zs;
	zip_t *za;
	zip_int64_t i, n;

	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(f->data, f->len, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		fprintf(stderr, "floor: %s: not a zip: %s\n", f->path,
		    zip_error_strerror(&ze));
		exit(2);
	}
	n = zip_get_num_entries(za, 0);
	for (i = 0; i < n; i++) {
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0 ||
		    zs.comp_method != ZIP_CM_DEFLATE)
			continue;	/* mimetype is stored */
		add_part(entry(za, (zip_uint64_t)i, zs.size, 0, f->path),
		    (size_t)zs.size, entry(za, (zip_uint64_t)i, zs.comp_size,
		    ZIP_FL_COMPRESSED, f->path), (size_t)zs.comp_size);
	}
	zip_close(za);
}

static int
add_output(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	struct file *f;
	size_t i, n;

	(void)ftw;
	if (type != FTW_F)
		return 0;
	n = strlen(path);
	if (strcmp(path + root_len, "/.gongshi-inputs") == 0)
		return 0;	/* the stamp is the rebuild's, not the output's */
	files = grow(files, &cap_files, n_files, sizeof(*files));
	f = &files[n_files];
	f->path = xstrdup(path + root_len + 1);
	f->data = slurp(path, &f->len);
	f->dev = sb->st_dev;
	f->ino = sb->st_ino;
	f->link_to = -1;
	for (i = 0; i < n_files && sb->st_nlink > 1; i++)
		if (files[i].dev == f->dev && files[i].ino == f->ino) {
			f->link_to = (long)i;
			break;
		}
	n_files++;
	if (n > 4 && strcmp(path + n - 4, ".odt") == 0 && f->link_to < 0)
		odt_parts(f);
	return 0;
}

static int
add_input(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (type == FTW_F) {
		inputs = grow(inputs, &cap_inputs, n_inputs, sizeof(*inputs));
		inputs[n_inputs++] = xstrdup(path);
	}
	return 0;
}

static void
walk(const char *dir, int (*fn)(const char *, const struct stat *, int,
    struct FTW *))
{
	root_len = strlen(dir);
	while (root_len > 1 && dir[root_len - 1] == '/')
		root_len--;
	if (nftw(dir, fn, 32, FTW_PHYS) != 0)
		die("cannot walk", dir);
}

/* ---- the work --------------------------------------------------------------- */

/*
 * The pieces, as gongshi cuts a part (src/format/odt.c, cut_pieces):
 * before every PIECE_ROWS-th "<table:table-row" after the first, each
 * piece primed with the 32 KiB before it and ended by a full flush, the
 * last by the end of the stream (src/format/deflate.c). A part without
 * that many rows is one piece: one plain deflate stream.
 */
struct piece {
	struct part	*part;
	size_t		 from, to;
	unsigned char	*out;
	size_t		 out_len;
	int		 worker;
};

static struct piece	*pieces;	/* in the order of the parts' text */
static size_t		 n_pieces, cap_pieces, largest_piece;

static int
row_at(const char *p, const char *end)
{
	static const char tag[] = "<table:table-row";
	size_t n = sizeof(tag) - 1;

	return (size_t)(end - p) > n && memcmp(p, tag, n) == 0 &&
	    (p[n] == ' ' || p[n] == '>');
}

static void
add_piece(struct part *pt, size_t from, size_t to)
{
	pieces = grow(pieces, &cap_pieces, n_pieces, sizeof(*pieces));
	memset(&pieces[n_pieces], 0, sizeof(*pieces));
	pieces[n_pieces].part = pt;
	pieces[n_pieces].from = from;
	pieces[n_pieces].to = to;
	n_pieces++;
}

static void
cut_part(struct part *pt)
{
	const char *p = pt->data, *end = pt->data + pt->len;
	size_t rows = 0, from = 0;

	while (p < end && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (row_at(p, end) && rows++ > 0 && rows % PIECE_ROWS == 1) {
			add_piece(pt, from, (size_t)(p - pt->data));
			from = (size_t)(p - pt->data);
		}
		p++;
	}
	add_piece(pt, from, pt->len);
}

/* Raw deflate of one piece at gongshi's level, into a buffer of our own. */
static void
deflate_piece(struct piece *pc)
{
	z_stream z;
	uLong bound;
	size_t dict = pc->from < WINDOW ? pc->from : WINDOW;
	int last = pc->to == pc->part->len;

	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, MEM_LEVEL,
	    Z_DEFAULT_STRATEGY) != Z_OK) {
		fprintf(stderr, "floor: deflateInit2 failed\n");
		exit(2);
	}
	if (dict > 0 && deflateSetDictionary(&z, (const Bytef *)pc->part->data +
	    pc->from - dict, (uInt)dict) != Z_OK) {
		fprintf(stderr, "floor: deflateSetDictionary failed\n");
		exit(2);
	}
	bound = deflateBound(&z, (uLong)(pc->to - pc->from)) + 16;
	pc->out = xmalloc(bound);
	z.next_in = (unsigned char *)pc->part->data + pc->from;
	z.avail_in = (uInt)(pc->to - pc->from);
	z.next_out = pc->out;
	z.avail_out = (uInt)bound;
	if (deflate(&z, last ? Z_FINISH : Z_FULL_FLUSH) !=
	    (last ? Z_STREAM_END : Z_OK)) {
		fprintf(stderr, "floor: deflate failed\n");
		exit(2);
	}
	pc->out_len = z.total_out;
	deflateEnd(&z);
}

static void
deflate_share(int worker)
{
	size_t i;

	for (i = 0; i < n_pieces; i++)
		if (pieces[i].worker == worker)
			deflate_piece(&pieces[i]);
}

static void *
worker_main(void *arg)
{
	(void)arg;
	deflate_share(1);
	return NULL;
}

static int
by_size_desc(const void *a, const void *b)
{
	const struct piece *x = *(struct piece *const *)a;
	const struct piece *y = *(struct piece *const *)b;
	size_t lx = x->to - x->from, ly = y->to - y->from;

	return lx < ly ? 1 : lx > ly ? -1 : 0;
}

/*
 * Every part cut into its pieces (kept in the order of the text); the
 * largest piece first, each to the lighter thread.
 */
static void
share_pieces(void)
{
	size_t i, load[2] = { 0, 0 };
	struct piece **by_size;
	int t;

	for (i = 0; i < n_parts; i++)
		cut_part(&parts[i]);
	by_size = xmalloc(n_pieces * sizeof(*by_size));
	for (i = 0; i < n_pieces; i++)
		by_size[i] = &pieces[i];
	qsort(by_size, n_pieces, sizeof(*by_size), by_size_desc);
	for (i = 0; i < n_pieces; i++) {
		t = load[1] < load[0];
		by_size[i]->worker = t;
		load[t] += by_size[i]->to - by_size[i]->from;
	}
	largest_piece = n_pieces ? by_size[0]->to - by_size[0]->from : 0;
	free(by_size);
}

/* Untimed: each part's pieces, in order, against the package's bytes. */
static void
compare_parts(void)
{
	size_t i;
	struct part *pt;

	for (i = 0; i < n_parts; i++)
		parts[i].same = 1;
	for (i = 0; i < n_pieces; i++) {
		pt = pieces[i].part;
		if (pt->out_len + pieces[i].out_len > pt->packed_len ||
		    memcmp(pt->packed + pt->out_len, pieces[i].out,
		    pieces[i].out_len) != 0)
			pt->same = 0;
		pt->out_len += pieces[i].out_len;
	}
	for (i = 0; i < n_parts; i++)
		if (parts[i].out_len != parts[i].packed_len)
			parts[i].same = 0;
}

static size_t
read_inputs(void)
{
	size_t i, len, total = 0;

	for (i = 0; i < n_inputs; i++) {
		free(slurp(inputs[i], &len));
		total += len;
	}
	return total;
}

static size_t
encode_qr(const char *base_url)
{
	char *text;
	size_t i, n = 0, len;
	const char *name;
	QRcode *qr;

	for (i = 0; i < n_files; i++) {
		if (strncmp(files[i].path, "site/verify/", 12) != 0 ||
		    strcmp(files[i].path + 12, "index.html") == 0)
			continue;
		name = files[i].path + 12;
		len = strlen(base_url) + strlen(name) + 16;
		text = xmalloc(len);
		snprintf(text, len, "%sverify/%s", base_url, name);
		if ((qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8,
		    1)) == NULL)
			die("cannot encode", text);
		QRcode_free(qr);
		free(text);
		n++;
	}
	return n;
}

/* mkdir -p of the folders above path below its first skip bytes (the scratch folder). */
static void
make_parents(char *path, size_t skip)
{
	char *p;

	for (p = strchr(path + skip, '/'); p != NULL; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			die("cannot create", path);
		*p = '/';
	}
}

static size_t
write_files(const char *scratch)
{
	size_t i, at, total = 0, n = strlen(scratch);
	char *path, *first;
	ssize_t w;
	int fd;

	if (mkdir(scratch, 0777) != 0)
		die("cannot create", scratch);
	for (i = 0; i < n_files; i++) {
		path = xmalloc(n + strlen(files[i].path) + 2);
		sprintf(path, "%s/%s", scratch, files[i].path);
		make_parents(path, n);
		if (files[i].link_to >= 0) {
			first = xmalloc(n + strlen(files[files[i].link_to].path) + 2);
			sprintf(first, "%s/%s", scratch, files[files[i].link_to].path);
			if (link(first, path) != 0)
				die("cannot link", path);
			free(first);
			free(path);
			continue;
		}
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)
			die("cannot create", path);
		for (at = 0; at < files[i].len; at += (size_t)w)
			if ((w = write(fd, files[i].data + at,
			    files[i].len - at)) <= 0)
				die("cannot write", path);
		if (close(fd) != 0)
			die("cannot write", path);
		total += files[i].len;
		free(path);
	}
	return total;
}

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);	/* both threads */
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	size_t i, in_bytes, out_bytes, qr, part_bytes = 0, packed = 0, differ = 0;
	double cpu0, cpu1;
	pthread_t tid;
	int threaded;

	if (argc != 6) {
		fprintf(stderr, "usage: floor CONTENT TEMPLATES OUTPUT BASE_URL "
		    "SCRATCH\n");
		return 2;
	}
	walk(argv[3], add_output);
	walk(argv[1], add_input);
	walk(argv[2], add_input);
	share_pieces();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	cpu0 = cpu_seconds();
	threaded = pthread_create(&tid, NULL, worker_main, NULL) == 0;
	in_bytes = read_inputs();
	deflate_share(0);
	if (!threaded)
		deflate_share(1);
	qr = encode_qr(argv[4]);
	out_bytes = write_files(argv[5]);
	if (threaded)
		pthread_join(tid, NULL);
	cpu1 = cpu_seconds();
	clock_gettime(CLOCK_MONOTONIC, &t1);

	compare_parts();
	for (i = 0; i < n_parts; i++) {
		part_bytes += parts[i].len;
		packed += parts[i].out_len;
		differ += !parts[i].same;
	}
	printf("floor: %.4f %.4f\n", seconds(&t0, &t1), cpu1 - cpu0);
	printf("floor: read %zu input files (%.1f MB); deflated %zu distinct "
	    "parts (%.1f MB) in %zu pieces (largest %.1f MB) to %.1f MB; %zu QR "
	    "codes; wrote %zu files (%.1f MB)\n", n_inputs, in_bytes / 1e6,
	    n_parts, part_bytes / 1e6, n_pieces, largest_piece / 1e6,
	    packed / 1e6, qr,
	    n_files, out_bytes / 1e6);
	if (differ > 0) {
		fprintf(stderr, "floor: %zu of %zu parts deflated to other "
		    "bytes than their package holds: not the build's work\n",
		    differ, n_parts);
		return 1;
	}
	return 0;
}

/*
 * dynlib: a library that only one command needs, opened when that command
 * runs instead of at every start of the program.
 *
 * The dynamic loader maps and relocates every library a program is linked
 * with before main(), whatever the command: libmicrohttpd (serve only)
 * brings GnuTLS and seven libraries more, libxlsxwriter (new only)
 * minizip, and together they were a third of what `gongshi --version`
 * cost (6.8 of 15.9 M instructions, 2.3 ms of CPU), paid again by every
 * build. serve/http.c and new/new.c open them here instead; the Makefile
 * compiles in the file name of each (its SONAME, GONGSHI_*_SONAME) and
 * the Debian package that has it (GONGSHI_*_DEB), for the message when
 * it is missing.
 *
 * Each caller names the functions it uses with the prototypes of the
 * library's header, so that calls through the pointers are checked as
 * direct calls are:
 *
 *	#define MHD_FUNCTIONS(F) F(MHD_start_daemon) F(MHD_stop_daemon)
 *	#define MHD_FN(f) DYNLIB_FN(mhd, f)
 *	static struct { MHD_FUNCTIONS(DYNLIB_POINTER) } mhd;
 *	static const struct dynlib_fn mhd_fns[] = { MHD_FUNCTIONS(MHD_FN) };
 *	static struct dynlib mhd_lib = DYNLIB(GONGSHI_MHD_SONAME,
 *	    GONGSHI_MHD_DEB, mhd_fns);
 *	...
 *	if (!dynlib_load(&mhd_lib, "gongshi serve"))
 *		return EXIT_SYSTEM;
 *	mhd.MHD_start_daemon(...);
 */
#ifndef GONGSHI_DYNLIB_H
#define GONGSHI_DYNLIB_H

#include <stdbool.h>
#include <stddef.h>

/* A function of a library: its name, and the pointer that gets it. */
struct dynlib_fn {
	const char	*name;
	void		**at;
};

/* A library, and the functions taken from it. */
struct dynlib {
	const char		*soname;	/* "libmicrohttpd.so.12" */
	const char		*package;	/* the Debian package of it */
	const struct dynlib_fn	*fns;
	size_t			 n;
	int			 loaded;	/* 0 not yet, 1 done, -1 not */
};

/* A member of the caller's struct of pointers, typed by the header. */
#define DYNLIB_POINTER(f)	__typeof__(f) *f;
/* The entry of fns for the member f of the struct s. */
#define DYNLIB_FN(s, f)		{ #f, (void **)&s.f },
#define DYNLIB(soname, package, fns)	\
	{ soname, package, fns, sizeof(fns) / sizeof(fns[0]), 0 }

/*
 * Opens the library (once: later calls only say how the first one went)
 * and sets each of its functions. False when it cannot be loaded or lacks
 * one of them: the message on standard error then says which library the
 * command needs and which Debian package has it.
 */
bool	dynlib_load(struct dynlib *, const char *command);

#endif

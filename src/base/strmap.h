/*
 * strmap: a hash table from strings to pointers, for lookups by credit
 * code among 100,000 applicants without quadratic scans. Keys are not
 * copied: they must outlive the map.
 */
#ifndef GONGSHI_STRMAP_H
#define GONGSHI_STRMAP_H

#include <stddef.h>

struct strmap {
	const char	**keys;
	void		**vals;
	size_t		  n, cap;	/* cap is a power of two */
};

void	 strmap_init(struct strmap *);
void	 strmap_free(struct strmap *);
/* Room for n keys in all, so that putting them never grows the table. */
void	 strmap_reserve(struct strmap *, size_t n);
/* Returns the earlier value when key was there already (and keeps it). */
void	*strmap_put(struct strmap *, const char *key, void *val);
void	*strmap_get(const struct strmap *, const char *key);

#endif

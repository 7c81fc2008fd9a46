/*
 * inomap.h - inode number -> pointer, an open-addressing hash: the index
 * nslist keeps of thousands of namespaces and sockets, each looked up once
 * per process that holds it.
 */
#ifndef XNS_INOMAP_H
#define XNS_INOMAP_H

#include <stddef.h>
#include <sys/types.h>

struct inomap {
	size_t cap;             /* a power of two, 0 when empty */
	size_t n;
	ino_t *keys;            /* 0 marks a free slot: no nsfs inode is 0 */
	void **vals;
};

/** inomap_get - the value of @k, or NULL (also for a NULL or empty map) */
void *inomap_get(const struct inomap *m, ino_t k);

/** inomap_put - set @k to @v; 0, -EINVAL for inode 0, or -ENOMEM */
int inomap_put(struct inomap *m, ino_t k, void *v);

/** inomap_clear - free what the map holds, leaving it empty */
void inomap_clear(struct inomap *m);

#endif

/*
 * inomap.c - inode -> pointer, open addressing with linear probing.
 */
#include "inomap.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

static size_t inomap_slot(const struct inomap *m, ino_t k)
{
	size_t i = (size_t) ((uint64_t) k * 0x9E3779B97F4A7C15ULL) & (m->cap - 1);

	while (m->keys[i] && m->keys[i] != k)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *inomap_get(const struct inomap *m, ino_t k)
{
	size_t i;

	if (!m || !m->cap || !k)
		return NULL;
	i = inomap_slot(m, k);
	return m->keys[i] ? m->vals[i] : NULL;
}

int inomap_put(struct inomap *m, ino_t k, void *v)
{
	size_t i;

	if (!k)
		return -EINVAL;
	if ((m->n + 1) * 2 > m->cap) {
		struct inomap g = { m->cap ? m->cap * 2 : 256, 0, NULL, NULL };

		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.vals = calloc(g.cap, sizeof(*g.vals));
		if (!g.keys || !g.vals) {
			free(g.keys);
			free(g.vals);
			return -ENOMEM;
		}
		for (size_t j = 0; j < m->cap; j++) {
			if (!m->keys[j])
				continue;
			i = inomap_slot(&g, m->keys[j]);
			g.keys[i] = m->keys[j];
			g.vals[i] = m->vals[j];
			g.n++;
		}
		free(m->keys);
		free(m->vals);
		*m = g;
	}
	i = inomap_slot(m, k);
	if (!m->keys[i])
		m->n++;
	m->keys[i] = k;
	m->vals[i] = v;
	return 0;
}

void inomap_clear(struct inomap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct inomap) { 0 };
}

/* fuzz-sources: lib/idmap.c lib/parse.c lib/kfile.c lib/proc.c */
/*
 * fuzz_idmap.c - the ID map code of lib/idmap.c: a --map-users style range,
 * the text of a /proc/PID/uid_map, a subuid(5) file read through a FILE as
 * idmap_subid_find() gets one, and the map building of --map-users=all and
 * --map-user (idmap_add_all, idmap_add_single), checked against what a map
 * must be for the kernel to take it; and an "auto" range from the subuid
 * file with a single ID on top, which must keep every outer ID but the
 * single's own.
 */
#include "compat.h"
#include "idmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* big (340 ranges each): static, so ASan's stack checks stay cheap */
static struct idmap text_map, built, before;
static char fmt[IDMAP_MAX * 36];

static bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return (uint64_t) a < (uint64_t) b + blen && (uint64_t) b < (uint64_t) a + alen;
}

/* what idmap_add promises: valid ranges, no two sharing an ID on either side */
static void check_map(const struct idmap *m)
{
	if (m->n > IDMAP_MAX)
		abort();
	for (size_t i = 0; i < m->n; i++) {
		const struct idmap_range *r = &m->r[i];

		if (r->count == 0 || (uint64_t) r->inner + r->count - 1 >= UINT32_MAX ||
		    (uint64_t) r->outer + r->count - 1 >= UINT32_MAX)
			abort();
		for (size_t j = 0; j < i; j++)
			if (overlaps(r->inner, r->count, m->r[j].inner, m->r[j].count) ||
			    overlaps(r->outer, r->count, m->r[j].outer, m->r[j].count))
				abort();
	}
}

static uint64_t total(const struct idmap *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->n; i++)
		n += m->r[i].count;
	return n;
}

/* the outer ID @m maps @inner to (or the reverse); false when unmapped */
static bool lookup(const struct idmap *m, bool from_inner, uint32_t id, uint32_t *to)
{
	for (size_t i = 0; i < m->n; i++) {
		uint32_t s = from_inner ? m->r[i].inner : m->r[i].outer;

		if (id >= s && id - s < m->r[i].count) {
			*to = (from_inner ? m->r[i].outer : m->r[i].inner) + (id - s);
			return true;
		}
	}
	return false;
}

static uint32_t word(const uint8_t *p)
{
	return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 |
	       (uint32_t) p[3] << 24;
}

static void single(const uint8_t *data, size_t size)
{
	uint32_t inner, outer, o_of_inner, i_of_outer;
	bool has_i, has_o;
	uint64_t removed;

	if (size < 8 || built.n == 0)
		return;
	/* IDs inside the map's ranges, where the splitting happens */
	inner = built.r[data[0] % built.n].inner + word(data) % built.r[data[0] % built.n].count;
	outer = built.r[data[4] % built.n].outer + word(data + 4) % built.r[data[4] % built.n].count;
	if (data[1] & 1)
		inner = word(data);     /* and anywhere at all */
	if (data[1] & 2)
		outer = word(data + 4);
	before = built;
	if (idmap_add_single(&built, inner, outer) < 0)
		return;
	check_map(&built);
	if (!lookup(&built, true, inner, &o_of_inner) || o_of_inner != outer)
		abort();
	/* every other pair of the old map is still there, and only those */
	has_i = lookup(&before, true, inner, &o_of_inner);
	has_o = lookup(&before, false, outer, &i_of_outer);
	removed = has_i + has_o - (has_i && has_o && o_of_inner == outer);
	if (total(&built) != total(&before) - removed + 1)
		abort();
}

/* --map-auto then -r or --map-user: the auto range moves, it loses no ID */
static void auto_single(const struct idmap_range *sub, const uint8_t *data, size_t size)
{
	uint32_t inner, outer, to;
	uint64_t lost;

	if (size < 8 || !(sub->flags & IDMAP_RANGE_AUTO))
		return;
	built.n = 0;
	if (idmap_add(&built, sub) < 0)
		abort();        /* a range idmap_subid_find gives is one we take */
	inner = word(data) % (sub->count + 2);
	outer = data[4] & 1 ? sub->outer + word(data + 4) % sub->count : word(data + 4);
	before = built;
	if (idmap_add_single(&built, inner, outer) < 0)
		return;
	check_map(&built);
	if (!lookup(&built, true, inner, &to) || to != outer)
		abort();
	lost = lookup(&before, false, outer, &to);
	if (total(&built) != total(&before) - lost + 1)
		abort();
	for (size_t i = 0; i < sub->count; i++)
		if (sub->outer + i != outer && !lookup(&built, false, sub->outer + (uint32_t) i, &to))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct idmap_range r;
	char *s = malloc(size + 1);
	FILE *f;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	if (idmap_parse_range(s, &r) == 0 && (r.count == 0 ||
	    (uint64_t) r.inner + r.count - 1 >= UINT32_MAX ||
	    (uint64_t) r.outer + r.count - 1 >= UINT32_MAX))
		abort();        /* an accepted range must be one the kernel takes */

	if (idmap_parse_procmap(s, &text_map) == 0) {
		if (text_map.n > IDMAP_MAX)
			abort();
		idmap_format(&text_map, fmt, sizeof(fmt));

		/* --map-users=all over it, then --map-user on top */
		built.n = 0;
		if (idmap_add_all(&built, &text_map) == 0)
			check_map(&built);
		else
			built.n = 0;
		single(data, size);

		/* the same ranges as given, where idmap_add takes them */
		built.n = 0;
		for (size_t i = 0; i < text_map.n; i++)
			idmap_add(&built, &text_map.r[i]);
		check_map(&built);
		single(data, size);
	}

	/* the raw bytes, embedded NULs and all, as the file's contents */
	if (size > 0) {
		f = fmemopen((void *) data, size, "r");
		if (f) {
			if (idmap_subid_find(f, "xns", 1000, &r) == 0 && r.count <= 1u << 16)
				auto_single(&r, data, size);
			rewind(f);
			idmap_subid_find(f, NULL, 0, &r);
			fclose(f);
		}
	}
	free(s);
	return 0;
}

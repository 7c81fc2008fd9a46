/*
 * filter.h - row filters in the scols-filter(5) language, for tables built
 * on a libsmartcols that has no filter API (before 2.40):
 *
 *   TYPE == "net" && NPROCS > 1 || !(USER =~ "^r")
 *
 * Operators ==, !=, <, <=, >, >= (also eq ne lt le gt ge), =~ and !~
 * (POSIX extended regex), && || ! (also and or not), parentheses; operands
 * are column names, numbers, 'quoted' or "quoted" strings, true, false.
 * A column alone is true when its cell is not empty (and not 0 for numbers).
 */
#ifndef XNS_FILTER_H
#define XNS_FILTER_H

#include <stddef.h>

enum filter_type {
	FILTER_STRING,
	FILTER_NUMBER,
};

/* the id (>= 0) and type of column @name (@len bytes), or -1 if unknown */
typedef int (*filter_resolve_fn)(const char *name, size_t len,
				 enum filter_type *type, void *data);
/* the text of column @id in the row being tested; NULL when empty */
typedef const char *(*filter_value_fn)(int id, void *data);

struct filter_error {
	size_t pos;             /* 1-based position in the expression */
	char msg[128];
};

struct filter;

/**
 * filter_parse - compile @expr
 * @resolve: maps the column names the expression uses to ids
 * @err: where the first problem is and what it is
 *
 * Returns 0 and *@out, or -EINVAL (malformed: @err filled), -ENOENT (an
 * unknown column: @err filled) or -ENOMEM.
 */
int filter_parse(const char *expr, filter_resolve_fn resolve, void *data,
		 struct filter **out, struct filter_error *err);

/** filter_eval - 1 if the row @value describes matches @f, else 0 */
int filter_eval(const struct filter *f, filter_value_fn value, void *data);

/**
 * filter_columns - the ids of the columns @f reads, each once, into @ids
 * (at most @max); returns how many there are in all
 */
size_t filter_columns(const struct filter *f, int *ids, size_t max);

void filter_free(struct filter *f);

#endif

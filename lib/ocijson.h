/*
 * ocijson.h - reading JSON documents of the OCI specs (config.json,
 * state.json) with json-c: typed getters that name the JSON path of what
 * is wrong ("process.args: not an array of strings").  JSON null counts as
 * absent, as the specs' Go types read it.  Each getter returns 0 (also
 * when the property is absent, leaving @out alone), -EINVAL with the
 * message in the reader's buffer, or -ENOMEM.
 */
#ifndef XNS_OCIJSON_H
#define XNS_OCIJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct json_object;

/* a property given or not: "has" tells which */
struct oci_u64 { bool has; uint64_t v; };
struct oci_i64 { bool has; int64_t v; };
struct oci_keyval { char *key, *value; };

struct ocijson {
	char *err;        /* the one-line refusal */
	size_t errlen;
};

#define OCIJSON_PATHLEN 256

/** ocijson_bad - "PATH: why" into the reader's buffer ("why" alone for PATH ""); returns -EINVAL */
int ocijson_bad(struct ocijson *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** ocijson_join - "a.b" from "a" and "b" ("b" when @path is empty) */
void ocijson_join(char *buf, size_t len, const char *path, const char *key);
/** ocijson_joini - "a[3]" */
void ocijson_joini(char *buf, size_t len, const char *path, size_t i);
/** ocijson_member - member @key of @o, NULL when @o is NULL, it is absent or null */
struct json_object *ocijson_member(struct json_object *o, const char *key);
/** ocijson_need - "PATH.KEY: missing" when @v is NULL */
int ocijson_need(struct ocijson *r, struct json_object *v, const char *path, const char *key);
int ocijson_obj(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, struct json_object **out);
int ocijson_arr(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, struct json_object **out);
/** ocijson_dup_str - a copy of string @v (refused: other types, NUL bytes inside) */
int ocijson_dup_str(struct ocijson *r, struct json_object *v, const char *p, char **out);
int ocijson_str(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, char **out);
int ocijson_bool(struct ocijson *r, struct json_object *o, const char *path,
		 const char *key, bool *out);
/**
 * ocijson_int - integer @v within [@min, @max] (json-c keeps those above
 * INT64_MAX as unsigned): its sign in @neg and magnitude in @mag
 */
int ocijson_int(struct ocijson *r, struct json_object *v, const char *p,
		int64_t min, uint64_t max, bool *neg, uint64_t *mag);
int ocijson_u64(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, uint64_t max, struct oci_u64 *out);
int ocijson_i64(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, int64_t min, int64_t max, struct oci_i64 *out);
int ocijson_u32(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, uint32_t *out, bool required);
/** ocijson_strv - an array of strings as a NULL-terminated vector */
int ocijson_strv(struct ocijson *r, struct json_object *o, const char *path,
		 const char *key, char ***out);
void ocijson_free_strv(char **v);
/** ocijson_map - an object of string values as @n key/value pairs */
int ocijson_map(struct ocijson *r, struct json_object *o, const char *path,
		const char *key, struct oci_keyval **out, size_t *n);
void ocijson_free_map(struct oci_keyval *kv, size_t n);
/**
 * ocijson_each - each object of array @key read by @fn into a calloc'ed
 * array of @size-byte elements; *@n counts those begun, so that freeing
 * them after a refusal frees what was read
 */
int ocijson_each(struct ocijson *r, struct json_object *o, const char *path,
		 const char *key, size_t size, void **out, size_t *n,
		 int (*fn)(struct ocijson *, struct json_object *, const char *, void *));

/**
 * ocijson_read_file - the regular file @path below @dirfd, whole and
 * NUL-terminated, malloc'ed into *@out: its length, or -errno (-EINVAL for
 * what is not a regular file, -E2BIG past @max bytes)
 */
ssize_t ocijson_read_file(int dirfd, const char *path, size_t max, char **out);

#endif

/*
 * ocijson.c - typed getters over json-c that name the JSON path of a
 * refusal; the first refusal stops a read.
 */
#include "compat.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "cleanup.h"
#include "ocijson.h"

#define PATHLEN OCIJSON_PATHLEN

int ocijson_bad(struct ocijson *r, const char *path, const char *fmt, ...)
{
	va_list ap;
	char *c;
	int n;

	if (!r->errlen)
		return -EINVAL;
	/* "" is the document itself: its reader says which file it is */
	n = snprintf(r->err, r->errlen, "%s%s", path, *path ? ": " : "");
	if (n >= 0 && (size_t) n < r->errlen) {
		va_start(ap, fmt);
		vsnprintf(r->err + n, r->errlen - n, fmt, ap);
		va_end(ap);
	}
	/* names and values come from the file: a newline in one must not
	 * make the refusal two lines (or fake a second message) */
	for (c = r->err; *c; c++)
		if ((unsigned char) *c < 0x20 || *c == 0x7f)
			*c = '?';
	return -EINVAL;
}

/* "process" + "args" -> "process.args" (a path too long is cut, never overrun) */
void ocijson_join(char *buf, size_t len, const char *path, const char *key)
{
	int n = snprintf(buf, len, "%s%s%s", path, *path ? "." : "", key);

	if (n < 0 && len)
		buf[0] = '\0';
}

void ocijson_joini(char *buf, size_t len, const char *path, size_t i)
{
	int n = snprintf(buf, len, "%s[%zu]", path, i);

	if (n < 0 && len)
		buf[0] = '\0';
}


/* the member @key of @o, NULL when absent or null */
struct json_object *ocijson_member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return json_object_is_type(v, json_type_null) ? NULL : v;
}

int ocijson_need(struct ocijson *r, struct json_object *v, const char *path, const char *key)
{
	char p[PATHLEN];

	if (v)
		return 0;
	ocijson_join(p, sizeof(p), path, key);
	return ocijson_bad(r, p, "missing");
}

int ocijson_obj(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, struct json_object **out)
{
	char p[PATHLEN];

	*out = ocijson_member(o, key);
	if (*out && !json_object_is_type(*out, json_type_object)) {
		ocijson_join(p, sizeof(p), path, key);
		return ocijson_bad(r, p, "not an object");
	}
	return 0;
}

int ocijson_arr(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, struct json_object **out)
{
	char p[PATHLEN];

	*out = ocijson_member(o, key);
	if (*out && !json_object_is_type(*out, json_type_array)) {
		ocijson_join(p, sizeof(p), path, key);
		return ocijson_bad(r, p, "not an array");
	}
	return 0;
}

int ocijson_dup_str(struct ocijson *r, struct json_object *v, const char *p, char **out)
{
	if (!json_object_is_type(v, json_type_string))
		return ocijson_bad(r, p, "not a string");
	if (memchr(json_object_get_string(v), '\0', json_object_get_string_len(v)))
		return ocijson_bad(r, p, "contains a NUL byte");
	*out = strdup(json_object_get_string(v));
	return *out ? 0 : -ENOMEM;
}

int ocijson_str(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, char **out)
{
	struct json_object *v = ocijson_member(o, key);
	char p[PATHLEN];

	if (!v)
		return 0;
	ocijson_join(p, sizeof(p), path, key);
	return ocijson_dup_str(r, v, p, out);
}

int ocijson_bool(struct ocijson *r, struct json_object *o, const char *path,
		    const char *key, bool *out)
{
	struct json_object *v = ocijson_member(o, key);
	char p[PATHLEN];

	if (!v)
		return 0;
	if (!json_object_is_type(v, json_type_boolean)) {
		ocijson_join(p, sizeof(p), path, key);
		return ocijson_bad(r, p, "not a boolean");
	}
	*out = json_object_get_boolean(v);
	return 0;
}

/* an integer in [min, max]; the unsigned ones above INT64_MAX too */
int ocijson_int(struct ocijson *r, struct json_object *v, const char *p,
		  int64_t min, uint64_t max, bool *neg, uint64_t *mag)
{
	int64_t s;

	if (!json_object_is_type(v, json_type_int))
		return ocijson_bad(r, p, "not an integer");
	errno = 0;
	s = json_object_get_int64(v);
	if (s < 0) {
		if (s < min)
			return ocijson_bad(r, p, "out of range");
		*neg = true;
		*mag = (uint64_t) -(s + 1) + 1;
		return 0;
	}
	*neg = false;
	*mag = s == INT64_MAX ? json_object_get_uint64(v) : (uint64_t) s;
	if (*mag > max)
		return ocijson_bad(r, p, "out of range");
	return 0;
}

int ocijson_u64(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, uint64_t max, struct oci_u64 *out)
{
	struct json_object *v = ocijson_member(o, key);
	char p[PATHLEN];
	bool neg;
	int rc;

	if (!v)
		return 0;
	ocijson_join(p, sizeof(p), path, key);
	rc = ocijson_int(r, v, p, 0, max, &neg, &out->v);
	out->has = rc == 0;
	return rc;
}

int ocijson_i64(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, int64_t min, int64_t max, struct oci_i64 *out)
{
	struct json_object *v = ocijson_member(o, key);
	char p[PATHLEN];
	uint64_t mag;
	bool neg;
	int rc;

	if (!v)
		return 0;
	ocijson_join(p, sizeof(p), path, key);
	rc = ocijson_int(r, v, p, min, (uint64_t) max, &neg, &mag);
	if (rc < 0)
		return rc;
	out->has = true;
	out->v = neg ? -(int64_t) (mag - 1) - 1 : (int64_t) mag;
	return 0;
}

int ocijson_u32(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, uint32_t *out, bool required)
{
	struct oci_u64 v = { 0 };
	int rc;

	if (required && (rc = ocijson_need(r, ocijson_member(o, key), path, key)) < 0)
		return rc;
	rc = ocijson_u64(r, o, path, key, UINT32_MAX, &v);
	if (rc == 0 && v.has)
		*out = (uint32_t) v.v;
	return rc;
}

/* an array of strings into a NULL-terminated vector */
int ocijson_strv(struct ocijson *r, struct json_object *o, const char *path,
		    const char *key, char ***out)
{
	struct json_object *v = ocijson_member(o, key);
	char p[PATHLEN];
	size_t i, n;
	char **vec;

	if (!v)
		return 0;
	ocijson_join(p, sizeof(p), path, key);
	if (!json_object_is_type(v, json_type_array))
		return ocijson_bad(r, p, "not an array of strings");
	n = json_object_array_length(v);
	vec = calloc(n + 1, sizeof(*vec));
	if (!vec)
		return -ENOMEM;
	*out = vec;
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(v, i);

		if (!e || !json_object_is_type(e, json_type_string))
			return ocijson_bad(r, p, "not an array of strings");
		if (ocijson_dup_str(r, e, p, &vec[i]) < 0)
			return -ENOMEM;
	}
	return 0;
}

void ocijson_free_strv(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* an object of string values into key/value pairs */
int ocijson_map(struct ocijson *r, struct json_object *o, const char *path,
		   const char *key, struct oci_keyval **out, size_t *n)
{
	struct json_object *m;
	char p[PATHLEN], q[PATHLEN];
	int rc;

	if ((rc = ocijson_obj(r, o, path, key, &m)) < 0 || !m)
		return rc;
	ocijson_join(p, sizeof(p), path, key);
	*out = calloc(json_object_object_length(m) + 1, sizeof(**out));
	if (!*out)
		return -ENOMEM;
	json_object_object_foreach(m, k, val) {
		struct oci_keyval *kv = &(*out)[(*n)++];

		kv->key = strdup(k);
		if (!kv->key)
			return -ENOMEM;
		ocijson_join(q, sizeof(q), p, k);
		if (!val)
			return ocijson_bad(r, q, "not a string");
		if ((rc = ocijson_dup_str(r, val, q, &kv->value)) < 0)
			return rc;
	}
	return 0;
}

void ocijson_free_map(struct oci_keyval *kv, size_t n)
{
	size_t i;

	for (i = 0; kv && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

/* each element of array @key through @fn into a calloc'ed array of @size */
int ocijson_each(struct ocijson *r, struct json_object *o, const char *path,
		    const char *key, size_t size, void **out, size_t *n,
		    int (*fn)(struct ocijson *, struct json_object *, const char *, void *))
{
	struct json_object *a;
	char p[PATHLEN], q[PATHLEN];
	size_t i, len;
	int rc;

	if ((rc = ocijson_arr(r, o, path, key, &a)) < 0 || !a)
		return rc;
	ocijson_join(p, sizeof(p), path, key);
	len = json_object_array_length(a);
	*out = calloc(len + 1, size);
	if (!*out)
		return -ENOMEM;
	for (i = 0; i < len; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		ocijson_joini(q, sizeof(q), p, i);
		if (!e || !json_object_is_type(e, json_type_object))
			return ocijson_bad(r, q, "not an object");
		*n = i + 1;
		if ((rc = fn(r, e, q, (char *) *out + i * size)) < 0)
			return rc;
	}
	return 0;
}


ssize_t ocijson_read_file(int dirfd, const char *path, size_t max, char **out)
{
	_cleanup_close_ int fd = -1;
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 0;
	struct stat st;
	ssize_t n;

	*out = NULL;
	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return -EINVAL;      /* a FIFO or device would block or never end */
	for (;;) {
		if (len + 1 >= cap) {
			char *nb;

			if (cap > max)
				return -E2BIG;
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				return -ENOMEM;
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		len += (size_t) n;
	}
	if (len > max)
		return -E2BIG;
	buf[len] = '\0';
	*out = buf;
	buf = NULL;
	return (ssize_t) len;
}

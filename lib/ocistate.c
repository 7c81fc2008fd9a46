/*
 * ocistate.c - state.json of a container, with json-c.
 */
#include "compat.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json.h>

#include "cleanup.h"
#include "ocistate.h"

int ocistate_check_id(const char *id)
{
	size_t len = strlen(id);

	if (!len || !strcmp(id, ".") || !strcmp(id, ".."))
		return -EINVAL;
	if (len > OCISTATE_ID_MAX)
		return -ENAMETOOLONG;
	if (strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789_+-.") != len)
		return -EINVAL;
	return 0;
}

/* json-c: adding to an object or array fails only on allocation */
static int add(struct json_object *o, const char *key, struct json_object *v)
{
	if (!v || json_object_object_add(o, key, v) < 0) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

static int add_str(struct json_object *o, const char *key, const char *s)
{
	return s ? add(o, key, json_object_new_string(s)) : 0;
}

/* the spec's part of the state, with @status */
static struct json_object *spec_state(const struct oci_state *st, const char *status)
{
	struct json_object *o = json_object_new_object(), *ann;
	size_t i;

	if (!o || add_str(o, "ociVersion", "1.0.2") < 0 || add_str(o, "id", st->id) < 0 ||
	    (status && add_str(o, "status", status) < 0) ||
	    add(o, "pid", json_object_new_int(st->pid)) < 0 ||
	    add_str(o, "bundle", st->bundle) < 0 || add_str(o, "rootfs", st->rootfs) < 0 ||
	    add_str(o, "created", st->created) < 0 || add_str(o, "owner", st->owner) < 0)
		goto nomem;
	if (st->nannotations) {
		ann = json_object_new_object();
		if (add(o, "annotations", ann) < 0)
			goto nomem;
		for (i = 0; i < st->nannotations; i++)
			if (add_str(ann, st->annotations[i].key, st->annotations[i].value) < 0)
				goto nomem;
	}
	return o;
nomem:
	json_object_put(o);
	return NULL;
}

int ocistate_format(const struct oci_state *st, const char *status, bool pretty,
		    char **out)
{
	struct json_object *o = spec_state(st, status);

	*out = NULL;
	if (!o)
		return -ENOMEM;
	*out = strdup(json_object_to_json_string_ext(o, (pretty ? JSON_C_TO_STRING_PRETTY |
			JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN) | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return *out ? 0 : -ENOMEM;
}

int ocistate_write(int dirfd, const struct oci_state *st)
{
	struct json_object *o = spec_state(st, NULL);
	const char *text;
	size_t len;
	int fd, rc = 0;

	if (!o || add(o, "starttime", json_object_new_uint64(st->starttime)) < 0 ||
	    add(o, "creator", json_object_new_int(st->creator)) < 0 ||
	    add(o, "creatorStart", json_object_new_uint64(st->creator_start)) < 0 ||
	    add_str(o, "cgroupPath", st->cgroup_path) < 0 ||
	    add(o, "cgroupControllers", json_object_new_int64(st->cgroup_ctrls)) < 0 ||
	    add(o, "cgroupCreated", json_object_new_boolean(st->cgroup_created)) < 0) {
		json_object_put(o);
		return -ENOMEM;
	}
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(text);
	fd = openat(dirfd, "state.json.new", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = -errno;
	} else {
		if (write(fd, text, len) != (ssize_t) len)
			rc = errno ? -errno : -EIO;
		/*
		 * no fsync: the rename is atomic against a kill of ours, which
		 * is what a state must survive; a crash of the machine ends
		 * every container the state could name (runc's root is a tmpfs
		 * for that reason), and an fsync costs more than all the rest
		 * of a container's start on a disk-backed --root
		 */
		close(fd);
		if (!rc && renameat(dirfd, "state.json.new", dirfd, "state.json") < 0)
			rc = -errno;
	}
	json_object_put(o);
	return rc;
}

int ocistate_read(int dirfd, struct oci_state **out, char *err, size_t errlen)
{
	struct ocijson r = { .err = err, .errlen = errlen };
	struct oci_u64 pid = { 0 }, start = { 0 }, ctrls = { 0 }, cr = { 0 }, crs = { 0 };
	_cleanup_free_ char *buf = NULL;
	struct json_object *o;
	struct oci_state *st;
	ssize_t n;
	int rc;

	if (errlen)
		err[0] = '\0';
	/* annotations come from the config and may be large: read it all */
	n = ocijson_read_file(dirfd, "state.json", 16u << 20, &buf);
	if (n == -E2BIG)
		return ocijson_bad(&r, "state.json", "larger than 16 MiB");
	if (n < 0)
		return (int) n;
	o = json_tokener_parse(buf);
	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return ocijson_bad(&r, "state.json", "not a JSON object");
	}
	st = calloc(1, sizeof(*st));
	if (!st) {
		json_object_put(o);
		return -ENOMEM;
	}
	if ((rc = ocijson_need(&r, ocijson_member(o, "id"), "", "id")) < 0 ||
	    (rc = ocijson_str(&r, o, "", "id", &st->id)) < 0 ||
	    (rc = ocijson_u64(&r, o, "", "pid", INT32_MAX, &pid)) < 0 ||
	    (rc = ocijson_str(&r, o, "", "bundle", &st->bundle)) < 0 ||
	    (rc = ocijson_str(&r, o, "", "rootfs", &st->rootfs)) < 0 ||
	    (rc = ocijson_str(&r, o, "", "created", &st->created)) < 0 ||
	    (rc = ocijson_str(&r, o, "", "owner", &st->owner)) < 0 ||
	    (rc = ocijson_u64(&r, o, "", "starttime", UINT64_MAX, &start)) < 0 ||
	    (rc = ocijson_u64(&r, o, "", "creator", INT32_MAX, &cr)) < 0 ||
	    (rc = ocijson_u64(&r, o, "", "creatorStart", UINT64_MAX, &crs)) < 0 ||
	    (rc = ocijson_str(&r, o, "", "cgroupPath", &st->cgroup_path)) < 0 ||
	    (rc = ocijson_u64(&r, o, "", "cgroupControllers", UINT32_MAX, &ctrls)) < 0 ||
	    (rc = ocijson_bool(&r, o, "", "cgroupCreated", &st->cgroup_created)) < 0 ||
	    (rc = ocijson_map(&r, o, "", "annotations", &st->annotations,
			      &st->nannotations)) < 0) {
		json_object_put(o);
		ocistate_free(st);
		return rc;
	}
	json_object_put(o);
	st->pid = (pid_t) pid.v;
	st->starttime = start.v;
	st->creator = (pid_t) cr.v;
	st->creator_start = crs.v;
	st->cgroup_ctrls = (unsigned) ctrls.v;
	*out = st;
	return 0;
}

void ocistate_free(struct oci_state *st)
{
	if (!st)
		return;
	free(st->id);
	free(st->bundle);
	free(st->rootfs);
	free(st->created);
	free(st->owner);
	free(st->cgroup_path);
	ocijson_free_map(st->annotations, st->nannotations);
	free(st);
}

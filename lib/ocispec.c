/*
 * ocispec.c - config.json into struct oci_spec with json-c.
 *
 * Every reader takes the JSON path of what it reads ("process.rlimits[2]")
 * so that a refusal names the very property; the first refusal stops the
 * read.  JSON null counts as absent, as the spec's Go types read it.
 */
#include "compat.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <json.h>

#include "caps.h"
#include "cleanup.h"
#include "ocijson.h"
#include "ocispec.h"

#define PATHLEN OCIJSON_PATHLEN

/* ---- the tables: capabilities, rlimits, namespaces ---- */

/* capabilities by the names of the specification ("CAP_SYS_ADMIN"
 * exactly), through lib/caps's one table */
const char *ocispec_cap_name(int cap)
{
	return caps_name(cap);
}

int ocispec_cap_lookup(const char *name)
{
	int cap = strncmp(name, "CAP_", 4) ? -EINVAL : caps_parse(name);

	if (cap < 0 || !caps_name(cap) || strcmp(caps_name(cap), name))
		return -EINVAL;
	return cap;
}

static const struct { const char *name; int res; } rlimits[] = {
	{ "RLIMIT_CPU", RLIMIT_CPU }, { "RLIMIT_FSIZE", RLIMIT_FSIZE },
	{ "RLIMIT_DATA", RLIMIT_DATA }, { "RLIMIT_STACK", RLIMIT_STACK },
	{ "RLIMIT_CORE", RLIMIT_CORE }, { "RLIMIT_RSS", RLIMIT_RSS },
	{ "RLIMIT_NPROC", RLIMIT_NPROC }, { "RLIMIT_NOFILE", RLIMIT_NOFILE },
	{ "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK }, { "RLIMIT_AS", RLIMIT_AS },
	{ "RLIMIT_LOCKS", RLIMIT_LOCKS }, { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
	{ "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE }, { "RLIMIT_NICE", RLIMIT_NICE },
	{ "RLIMIT_RTPRIO", RLIMIT_RTPRIO }, { "RLIMIT_RTTIME", RLIMIT_RTTIME },
};

int ocispec_rlimit_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rlimits); i++)
		if (!strcmp(name, rlimits[i].name))
			return rlimits[i].res;
	return -EINVAL;
}

const char *ocispec_rlimit_name(int resource)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rlimits); i++)
		if (rlimits[i].res == resource)
			return rlimits[i].name;
	return NULL;
}

/* the spec's names differ from the table's for two types: network, mount */
static const struct ns_type *ns_lookup(const char *name)
{
	if (!strcmp(name, "net") || !strcmp(name, "mnt"))
		return NULL;
	if (!strcmp(name, "network"))
		name = "net";
	else if (!strcmp(name, "mount"))
		name = "mnt";
	return ns_type_by_name(name);
}

/* ---- the parts ---- */

static int rd_mount(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_mount *m = out;
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "destination"), p, "destination")) < 0 ||
	    (rc = ocijson_str(r, o, p, "destination", &m->destination)) < 0 ||
	    (rc = ocijson_str(r, o, p, "type", &m->type)) < 0 ||
	    (rc = ocijson_str(r, o, p, "source", &m->source)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "options", &m->options)) < 0)
		return rc;
	if (m->destination[0] != '/') {
		char q[PATHLEN];

		ocijson_join(q, sizeof(q), p, "destination");
		return ocijson_bad(r, q, "not an absolute path");
	}
	return 0;
}

static int rd_caps(struct ocijson *r, struct json_object *o, const char *path,
		   uint64_t caps[OCI_CAP_NSETS])
{
	static const char *const sets[OCI_CAP_NSETS] = {
		"bounding", "effective", "inheritable", "permitted", "ambient" };
	char p[PATHLEN];
	int s, rc;

	for (s = 0; s < OCI_CAP_NSETS; s++) {
		_cleanup_free_ char **names = NULL;
		size_t i;

		if ((rc = ocijson_strv(r, o, path, sets[s], &names)) < 0) {
			ocijson_free_strv(steal_pointer(&names));
			return rc;
		}
		ocijson_join(p, sizeof(p), path, sets[s]);
		for (i = 0; names && names[i]; i++) {
			int c = ocispec_cap_lookup(names[i]);

			if (c < 0) {
				rc = ocijson_bad(r, p, "unknown capability %s", names[i]);
				ocijson_free_strv(steal_pointer(&names));
				return rc;
			}
			caps[s] |= 1ull << c;
		}
		ocijson_free_strv(steal_pointer(&names));
	}
	return 0;
}

static int rd_rlimit(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_rlimit *l = out;
	struct oci_u64 soft = { 0 }, hard = { 0 };
	_cleanup_free_ char *type = NULL;
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "type"), p, "type")) < 0 ||
	    (rc = ocijson_str(r, o, p, "type", &type)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "soft"), p, "soft")) < 0 ||
	    (rc = ocijson_u64(r, o, p, "soft", UINT64_MAX, &soft)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "hard"), p, "hard")) < 0 ||
	    (rc = ocijson_u64(r, o, p, "hard", UINT64_MAX, &hard)) < 0)
		return rc;
	l->resource = ocispec_rlimit_lookup(type);
	if (l->resource < 0) {
		char q[PATHLEN];

		ocijson_join(q, sizeof(q), p, "type");
		return ocijson_bad(r, q, "unknown rlimit %s", type);
	}
	l->soft = soft.v;
	l->hard = hard.v;
	return 0;
}

static int rd_process(struct ocijson *r, struct json_object *o, struct oci_process *pr)
{
	struct json_object *user, *caps, *cs, *gids;
	const char *p = "process";
	int rc;

	if ((rc = ocijson_bool(r, o, p, "terminal", &pr->terminal)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "consoleSize", &cs)) < 0 ||
	    (cs && ((rc = ocijson_u32(r, cs, "process.consoleSize", "height", &pr->console_height, true)) < 0 ||
		    (rc = ocijson_u32(r, cs, "process.consoleSize", "width", &pr->console_width, true)) < 0)) ||
	    (rc = ocijson_need(r, ocijson_member(o, "user"), p, "user")) < 0 ||
	    (rc = ocijson_obj(r, o, p, "user", &user)) < 0 ||
	    (rc = ocijson_u32(r, user, "process.user", "uid", &pr->uid, true)) < 0 ||
	    (rc = ocijson_u32(r, user, "process.user", "gid", &pr->gid, true)) < 0 ||
	    (rc = ocijson_u64(r, user, "process.user", "umask", 07777, &pr->umask)) < 0 ||
	    (rc = ocijson_arr(r, user, "process.user", "additionalGids", &gids)) < 0)
		return rc;
	if (gids) {
		size_t i, n = json_object_array_length(gids);
		char q[PATHLEN];

		pr->additional_gids = calloc(n + 1, sizeof(gid_t));
		if (!pr->additional_gids)
			return -ENOMEM;
		for (i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(gids, i);
			uint64_t mag;
			bool neg;

			ocijson_joini(q, sizeof(q), "process.user.additionalGids", i);
			if (!e)
				return ocijson_bad(r, q, "not an integer");
			if ((rc = ocijson_int(r, e, q, 0, UINT32_MAX - 1, &neg, &mag)) < 0)
				return rc;
			pr->additional_gids[pr->n_additional_gids++] = (gid_t) mag;
		}
	}
	if ((rc = ocijson_need(r, ocijson_member(o, "cwd"), p, "cwd")) < 0 ||
	    (rc = ocijson_str(r, o, p, "cwd", &pr->cwd)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "args", &pr->args)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "env", &pr->env)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "capabilities", &caps)) < 0 ||
	    (caps && (rc = rd_caps(r, caps, "process.capabilities", pr->caps)) < 0) ||
	    (rc = ocijson_each(r, o, p, "rlimits", sizeof(*pr->rlimits),
			   (void **) &pr->rlimits, &pr->n_rlimits, rd_rlimit)) < 0 ||
	    (rc = ocijson_bool(r, o, p, "noNewPrivileges", &pr->no_new_privileges)) < 0 ||
	    (rc = ocijson_i64(r, o, p, "oomScoreAdj", -1000, 1000, &pr->oom_score_adj)) < 0 ||
	    (rc = ocijson_str(r, o, p, "apparmorProfile", &pr->apparmor_profile)) < 0 ||
	    (rc = ocijson_str(r, o, p, "selinuxLabel", &pr->selinux_label)) < 0)
		return rc;
	pr->has_caps = caps != NULL;
	if (pr->cwd[0] != '/')
		return ocijson_bad(r, "process.cwd", "not an absolute path");
	if (!pr->args || !pr->args[0])
		return ocijson_bad(r, "process.args", "missing or empty");
	return 0;
}

static int rd_hook(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_hook *h = out;
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "path"), p, "path")) < 0 ||
	    (rc = ocijson_str(r, o, p, "path", &h->path)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "args", &h->args)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "env", &h->env)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "timeout", INT32_MAX, &h->timeout)) < 0)
		return rc;
	if (h->timeout.has && h->timeout.v == 0) {
		char q[PATHLEN];

		ocijson_join(q, sizeof(q), p, "timeout");
		return ocijson_bad(r, q, "must be greater than zero");
	}
	return 0;
}

static int rd_hooks(struct ocijson *r, struct json_object *o, struct oci_hooks *hk)
{
	static const char *const names[OCI_HOOK_NKINDS] = { "prestart",
		"createRuntime", "createContainer", "startContainer", "poststart",
		"poststop" };
	int k, rc;

	for (k = 0; k < OCI_HOOK_NKINDS; k++)
		if ((rc = ocijson_each(r, o, "hooks", names[k], sizeof(struct oci_hook),
				   (void **) &hk->h[k], &hk->n[k], rd_hook)) < 0)
			return rc;
	return 0;
}

static int rd_namespace(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_namespace *ns = out;
	_cleanup_free_ char *type = NULL;
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "type"), p, "type")) < 0 ||
	    (rc = ocijson_str(r, o, p, "type", &type)) < 0 ||
	    (rc = ocijson_str(r, o, p, "path", &ns->path)) < 0)
		return rc;
	ns->type = ns_lookup(type);
	if (!ns->type) {
		char q[PATHLEN];

		ocijson_join(q, sizeof(q), p, "type");
		return ocijson_bad(r, q, "unknown namespace type %s", type);
	}
	ns->kind = ns->type->kind;
	return 0;
}

static int rd_idmaps(struct ocijson *r, struct json_object *o, const char *key,
		     struct idmap *map)
{
	struct json_object *a;
	char p[PATHLEN], q[PATHLEN];
	size_t i, n;
	int rc;

	if ((rc = ocijson_arr(r, o, "linux", key, &a)) < 0 || !a)
		return rc;
	ocijson_join(p, sizeof(p), "linux", key);
	n = json_object_array_length(a);
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);
		struct idmap_range rg = { 0 };

		ocijson_joini(q, sizeof(q), p, i);
		if (!e || !json_object_is_type(e, json_type_object))
			return ocijson_bad(r, q, "not an object");
		if ((rc = ocijson_u32(r, e, q, "containerID", &rg.inner, true)) < 0 ||
		    (rc = ocijson_u32(r, e, q, "hostID", &rg.outer, true)) < 0 ||
		    (rc = ocijson_u32(r, e, q, "size", &rg.count, true)) < 0)
			return rc;
		if (!rg.count || rg.inner > UINT32_MAX - rg.count ||
		    rg.outer > UINT32_MAX - rg.count)
			return ocijson_bad(r, q, "size out of range");
		rc = idmap_add(map, &rg);
		if (rc == -EEXIST)
			return ocijson_bad(r, q, "overlaps an earlier mapping");
		if (rc == -E2BIG)
			return ocijson_bad(r, q, "more than %d mappings", IDMAP_MAX);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int rd_device(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_device *d = out;
	struct oci_i64 maj = { 0 }, min = { 0 };
	_cleanup_free_ char *type = NULL;
	char q[PATHLEN];
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "path"), p, "path")) < 0 ||
	    (rc = ocijson_str(r, o, p, "path", &d->path)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "type"), p, "type")) < 0 ||
	    (rc = ocijson_str(r, o, p, "type", &type)) < 0 ||
	    (rc = ocijson_i64(r, o, p, "major", 0, UINT32_MAX, &maj)) < 0 ||
	    (rc = ocijson_i64(r, o, p, "minor", 0, UINT32_MAX, &min)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "fileMode", 07777, &d->file_mode)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "uid", UINT32_MAX - 1, &d->uid)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "gid", UINT32_MAX - 1, &d->gid)) < 0)
		return rc;
	ocijson_join(q, sizeof(q), p, "type");
	if (strlen(type) != 1 || !strchr("cbup", type[0]))
		return ocijson_bad(r, q, "not one of c, b, u, p");
	d->type = type[0];
	if (d->type != 'p' && (!maj.has || !min.has))
		return ocijson_bad(r, p, "major and minor are required for type %c", d->type);
	d->major = maj.v;
	d->minor = min.v;
	if (d->path[0] != '/') {
		ocijson_join(q, sizeof(q), p, "path");
		return ocijson_bad(r, q, "not an absolute path");
	}
	return 0;
}

static int rd_devrule(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_devrule *d = out;
	_cleanup_free_ char *type = NULL, *access = NULL;
	char q[PATHLEN];
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "allow"), p, "allow")) < 0 ||
	    (rc = ocijson_bool(r, o, p, "allow", &d->allow)) < 0 ||
	    (rc = ocijson_str(r, o, p, "type", &type)) < 0 ||
	    (rc = ocijson_i64(r, o, p, "major", -1, UINT32_MAX, &d->major)) < 0 ||
	    (rc = ocijson_i64(r, o, p, "minor", -1, UINT32_MAX, &d->minor)) < 0 ||
	    (rc = ocijson_str(r, o, p, "access", &access)) < 0)
		return rc;
	d->type = type ? type[0] : 'a';
	ocijson_join(q, sizeof(q), p, "type");
	if (type && (strlen(type) != 1 || !strchr("acb", type[0])))
		return ocijson_bad(r, q, "not one of a, c, b");
	if (access && (strlen(access) > 3 || strspn(access, "rwm") != strlen(access))) {
		ocijson_join(q, sizeof(q), p, "access");
		return ocijson_bad(r, q, "not a combination of r, w, m");
	}
	snprintf(d->access, sizeof(d->access), "%s", access ? access : "");
	return 0;
}

static int rd_blkdev(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_blkio_dev *b = out;
	struct oci_i64 maj = { 0 }, min = { 0 };
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "major"), p, "major")) < 0 ||
	    (rc = ocijson_i64(r, o, p, "major", 0, UINT32_MAX, &maj)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "minor"), p, "minor")) < 0 ||
	    (rc = ocijson_i64(r, o, p, "minor", 0, UINT32_MAX, &min)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "weight", UINT16_MAX, &b->weight)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "leafWeight", UINT16_MAX, &b->leaf_weight)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "rate", UINT64_MAX, &b->rate)) < 0)
		return rc;
	b->major = maj.v;
	b->minor = min.v;
	return 0;
}

static int rd_hugepage(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_keyval *kv = out;
	struct oci_u64 lim = { 0 };
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "pageSize"), p, "pageSize")) < 0 ||
	    (rc = ocijson_str(r, o, p, "pageSize", &kv->key)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "limit"), p, "limit")) < 0 ||
	    (rc = ocijson_u64(r, o, p, "limit", UINT64_MAX, &lim)) < 0)
		return rc;
	return asprintf(&kv->value, "%llu", (unsigned long long) lim.v) < 0 ? -ENOMEM : 0;
}

static int rd_resources(struct ocijson *r, struct json_object *o, struct oci_resources *res)
{
	static const char *const thr[4] = { "throttleReadBpsDevice",
		"throttleWriteBpsDevice", "throttleReadIOPSDevice", "throttleWriteIOPSDevice" };
	struct json_object *mem, *cpu, *pids, *blk;
	const char *p = "linux.resources";
	int rc, i;

	if ((rc = ocijson_obj(r, o, p, "memory", &mem)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "cpu", &cpu)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "pids", &pids)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "blockIO", &blk)) < 0)
		return rc;
	p = "linux.resources.memory";
	if ((rc = ocijson_i64(r, mem, p, "limit", -1, INT64_MAX, &res->mem_limit)) < 0 ||
	    (rc = ocijson_i64(r, mem, p, "reservation", -1, INT64_MAX, &res->mem_reservation)) < 0 ||
	    (rc = ocijson_i64(r, mem, p, "swap", -1, INT64_MAX, &res->mem_swap)) < 0 ||
	    (rc = ocijson_u64(r, mem, p, "swappiness", 100, &res->mem_swappiness)) < 0 ||
	    (rc = ocijson_bool(r, mem, p, "disableOOMKiller", &res->mem_disable_oom_killer)) < 0)
		return rc;
	p = "linux.resources.cpu";
	if ((rc = ocijson_u64(r, cpu, p, "shares", UINT64_MAX, &res->cpu_shares)) < 0 ||
	    (rc = ocijson_i64(r, cpu, p, "quota", -1, INT64_MAX, &res->cpu_quota)) < 0 ||
	    (rc = ocijson_u64(r, cpu, p, "period", UINT64_MAX, &res->cpu_period)) < 0 ||
	    (rc = ocijson_i64(r, cpu, p, "idle", 0, 1, &res->cpu_idle)) < 0 ||
	    (rc = ocijson_str(r, cpu, p, "cpus", &res->cpu_cpus)) < 0 ||
	    (rc = ocijson_str(r, cpu, p, "mems", &res->cpu_mems)) < 0)
		return rc;
	if (pids && ((rc = ocijson_need(r, ocijson_member(pids, "limit"), "linux.resources.pids", "limit")) < 0 ||
		     (rc = ocijson_i64(r, pids, "linux.resources.pids", "limit", INT64_MIN,
				   INT64_MAX, &res->pids_limit)) < 0))
		return rc;
	p = "linux.resources.blockIO";
	if ((rc = ocijson_u64(r, blk, p, "weight", UINT16_MAX, &res->blkio_weight)) < 0 ||
	    (rc = ocijson_u64(r, blk, p, "leafWeight", UINT16_MAX, &res->blkio_leaf_weight)) < 0 ||
	    (rc = ocijson_each(r, blk, p, "weightDevice", sizeof(struct oci_blkio_dev),
			   (void **) &res->blkio_weight_dev, &res->n_blkio_weight_dev, rd_blkdev)) < 0)
		return rc;
	for (i = 0; i < 4; i++)
		if ((rc = ocijson_each(r, blk, p, thr[i], sizeof(struct oci_blkio_dev),
				   (void **) &res->blkio_throttle[i], &res->n_blkio_throttle[i],
				   rd_blkdev)) < 0)
			return rc;
	p = "linux.resources";
	if ((rc = ocijson_each(r, o, p, "hugepageLimits", sizeof(struct oci_keyval),
			   (void **) &res->hugepages, &res->n_hugepages, rd_hugepage)) < 0 ||
	    (rc = ocijson_each(r, o, p, "devices", sizeof(struct oci_devrule),
			   (void **) &res->devices, &res->n_devices, rd_devrule)) < 0 ||
	    (rc = ocijson_map(r, o, p, "unified", &res->unified, &res->n_unified)) < 0)
		return rc;
	return 0;
}

static int rd_scarg(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_seccomp_arg *a = out;
	struct oci_u64 idx = { 0 }, v = { 0 }, v2 = { 0 };
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "index"), p, "index")) < 0 ||
	    (rc = ocijson_u64(r, o, p, "index", 5, &idx)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "value"), p, "value")) < 0 ||
	    (rc = ocijson_u64(r, o, p, "value", UINT64_MAX, &v)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "valueTwo", UINT64_MAX, &v2)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "op"), p, "op")) < 0 ||
	    (rc = ocijson_str(r, o, p, "op", &a->op)) < 0)
		return rc;
	a->index = (unsigned) idx.v;
	a->value = v.v;
	a->value_two = v2.v;
	return 0;
}

static int rd_scrule(struct ocijson *r, struct json_object *o, const char *p, void *out)
{
	struct oci_seccomp_rule *sr = out;
	int rc;

	if ((rc = ocijson_need(r, ocijson_member(o, "names"), p, "names")) < 0 ||
	    (rc = ocijson_strv(r, o, p, "names", &sr->names)) < 0 ||
	    (rc = ocijson_need(r, ocijson_member(o, "action"), p, "action")) < 0 ||
	    (rc = ocijson_str(r, o, p, "action", &sr->action)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "errnoRet", INT32_MAX, &sr->errno_ret)) < 0 ||
	    (rc = ocijson_each(r, o, p, "args", sizeof(struct oci_seccomp_arg),
			   (void **) &sr->args, &sr->nargs, rd_scarg)) < 0)
		return rc;
	return 0;
}

static int rd_seccomp(struct ocijson *r, struct json_object *o, struct oci_seccomp **out)
{
	const char *p = "linux.seccomp";
	struct oci_seccomp *sc;
	int rc;

	sc = *out = calloc(1, sizeof(**out));
	if (!sc)
		return -ENOMEM;
	if ((rc = ocijson_need(r, ocijson_member(o, "defaultAction"), p, "defaultAction")) < 0 ||
	    (rc = ocijson_str(r, o, p, "defaultAction", &sc->default_action)) < 0 ||
	    (rc = ocijson_u64(r, o, p, "defaultErrnoRet", INT32_MAX, &sc->default_errno_ret)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "architectures", &sc->architectures)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "flags", &sc->flags)) < 0 ||
	    (rc = ocijson_str(r, o, p, "listenerPath", &sc->listener_path)) < 0 ||
	    (rc = ocijson_each(r, o, p, "syscalls", sizeof(struct oci_seccomp_rule),
			   (void **) &sc->rules, &sc->nrules, rd_scrule)) < 0)
		return rc;
	return 0;
}

static int rd_linux(struct ocijson *r, struct json_object *o, struct oci_spec *s)
{
	struct json_object *res, *sc, *to, *pers;
	const char *p = "linux";
	size_t i, j;
	int rc;

	if ((rc = ocijson_each(r, o, p, "namespaces", sizeof(struct oci_namespace),
			   (void **) &s->namespaces, &s->nnamespaces, rd_namespace)) < 0 ||
	    (rc = rd_idmaps(r, o, "uidMappings", &s->uid_map)) < 0 ||
	    (rc = rd_idmaps(r, o, "gidMappings", &s->gid_map)) < 0 ||
	    (rc = ocijson_map(r, o, p, "sysctl", &s->sysctl, &s->nsysctl)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "resources", &res)) < 0 ||
	    (res && (rc = rd_resources(r, res, &s->resources)) < 0) ||
	    (rc = ocijson_str(r, o, p, "cgroupsPath", &s->cgroups_path)) < 0 ||
	    (rc = ocijson_each(r, o, p, "devices", sizeof(struct oci_device),
			   (void **) &s->devices, &s->ndevices, rd_device)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "seccomp", &sc)) < 0 ||
	    (sc && (rc = rd_seccomp(r, sc, &s->seccomp)) < 0) ||
	    (rc = ocijson_str(r, o, p, "rootfsPropagation", &s->rootfs_propagation)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "maskedPaths", &s->masked_paths)) < 0 ||
	    (rc = ocijson_strv(r, o, p, "readonlyPaths", &s->readonly_paths)) < 0 ||
	    (rc = ocijson_str(r, o, p, "mountLabel", &s->mount_label)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "timeOffsets", &to)) < 0 ||
	    (rc = ocijson_obj(r, o, p, "personality", &pers)) < 0)
		return rc;
	s->has_resources = res != NULL;
	s->has_intel_rdt = ocijson_member(o, "intelRdt") != NULL;
	for (i = 0; i < s->nnamespaces; i++)
		for (j = 0; j < i; j++)
			if (s->namespaces[i].kind == s->namespaces[j].kind) {
				char q[PATHLEN];

				ocijson_joini(q, sizeof(q), "linux.namespaces", i);
				return ocijson_bad(r, q, "the %s namespace is listed twice",
					   s->namespaces[i].type->name);
			}
	if (to) {
		static const char *const clk[2] = { "monotonic", "boottime" };
		char q[PATHLEN];

		s->has_time_offsets = true;
		for (i = 0; i < 2; i++) {
			struct json_object *c;
			struct oci_i64 secs = { 0 };
			uint32_t ns = 0;

			ocijson_join(q, sizeof(q), "linux.timeOffsets", clk[i]);
			if ((rc = ocijson_obj(r, to, "linux.timeOffsets", clk[i], &c)) < 0 ||
			    (rc = ocijson_i64(r, c, q, "secs", INT64_MIN, INT64_MAX, &secs)) < 0 ||
			    (rc = ocijson_u32(r, c, q, "nanosecs", &ns, false)) < 0)
				return rc;
			if (ns >= 1000000000u)
				return ocijson_bad(r, q, "nanosecs out of range");
			s->time_offset_secs[i] = secs.v;
			s->time_offset_nsecs[i] = ns;
		}
	}
	if (pers) {
		s->has_personality = true;
		if ((rc = ocijson_need(r, ocijson_member(pers, "domain"), "linux.personality", "domain")) < 0 ||
		    (rc = ocijson_str(r, pers, "linux.personality", "domain", &s->personality_domain)) < 0)
			return rc;
		if (strcmp(s->personality_domain, "LINUX") && strcmp(s->personality_domain, "LINUX32"))
			return ocijson_bad(r, "linux.personality.domain", "not LINUX or LINUX32");
	}
	return 0;
}

static int rd_spec(struct ocijson *r, struct json_object *o, struct oci_spec *s)
{
	struct json_object *root, *proc, *hooks, *lin;
	int rc;

	if (!json_object_is_type(o, json_type_object))
		return ocijson_bad(r, "", "not a JSON object");
	if ((rc = ocijson_need(r, ocijson_member(o, "ociVersion"), "", "ociVersion")) < 0 ||
	    (rc = ocijson_str(r, o, "", "ociVersion", &s->oci_version)) < 0 ||
	    (rc = ocijson_obj(r, o, "", "root", &root)) < 0 ||
	    (root && ((rc = ocijson_need(r, ocijson_member(root, "path"), "root", "path")) < 0 ||
		      (rc = ocijson_str(r, root, "root", "path", &s->root_path)) < 0 ||
		      (rc = ocijson_bool(r, root, "root", "readonly", &s->root_readonly)) < 0)) ||
	    (rc = ocijson_str(r, o, "", "hostname", &s->hostname)) < 0 ||
	    (rc = ocijson_str(r, o, "", "domainname", &s->domainname)) < 0 ||
	    (rc = ocijson_each(r, o, "", "mounts", sizeof(struct oci_mount),
			   (void **) &s->mounts, &s->nmounts, rd_mount)) < 0 ||
	    (rc = ocijson_obj(r, o, "", "process", &proc)) < 0 ||
	    (proc && (rc = rd_process(r, proc, &s->process)) < 0) ||
	    (rc = ocijson_obj(r, o, "", "hooks", &hooks)) < 0 ||
	    (hooks && (rc = rd_hooks(r, hooks, &s->hooks)) < 0) ||
	    (rc = ocijson_map(r, o, "", "annotations", &s->annotations, &s->nannotations)) < 0 ||
	    (rc = ocijson_obj(r, o, "", "linux", &lin)) < 0 ||
	    (lin && (rc = rd_linux(r, lin, s)) < 0))
		return rc;
	s->has_process = proc != NULL;
	return 0;
}

/*
 * json-c clamps an integer beyond 64 bits to INT64_MIN or UINT64_MAX,
 * which would read 1e30 as "unlimited": find such a literal ourselves
 * (digits outside strings, more than 20 of them, or 20 above UINT64_MAX).
 * Returns its offset, or -1.
 */
static ssize_t huge_number(const char *t, size_t len)
{
	bool in_str = false;
	size_t i = 0;

	while (i < len) {
		size_t start, n;

		if (in_str) {
			if (t[i] == '\\')
				i++;
			else if (t[i] == '"')
				in_str = false;
			i++;
			continue;
		}
		if (t[i] == '"') {
			in_str = true;
			i++;
			continue;
		}
		if (t[i] < '0' || t[i] > '9') {
			i++;
			continue;
		}
		for (start = i; i < len && t[i] == '0'; i++)
			;
		for (n = 0; i < len && t[i] >= '0' && t[i] <= '9'; i++, n++)
			;
		/* a fraction or exponent: a double, which json-c keeps as such */
		if (i < len && (t[i] == '.' || t[i] == 'e' || t[i] == 'E')) {
			while (i < len && strchr("0123456789.eE+-", t[i]))
				i++;
			continue;
		}
		if (n > 20 || (n == 20 && memcmp(t + i - 20, "18446744073709551615", 20) > 0))
			return (ssize_t) start;
	}
	return -1;
}

int ocispec_parse(const char *text, size_t len, struct oci_spec **out,
		  char *err, size_t errlen)
{
	ssize_t big;
	struct ocijson r = { .err = err, .errlen = errlen };
	struct json_tokener *tok;
	struct json_object *o;
	struct oci_spec *s;
	int rc;

	if (errlen)
		err[0] = '\0';
	if (len > OCISPEC_MAX_SIZE)
		return ocijson_bad(&r, "", "larger than %u bytes", OCISPEC_MAX_SIZE), -E2BIG;
	if (len > INT_MAX)
		return -E2BIG;
	big = huge_number(text, len);
	if (big >= 0)
		return ocijson_bad(&r, "", "a number at byte %zd does not fit in 64 bits", big);
	tok = json_tokener_new_ex(OCISPEC_MAX_DEPTH);
	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, text, (int) len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) < len) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		/* a document cut short leaves the tokener waiting for more */
		rc = ocijson_bad(&r, "", "not valid JSON at byte %zu: %s",
			 json_tokener_get_parse_end(tok),
			 e == json_tokener_continue || e == json_tokener_success ?
			 (o ? "data after the end" : "unexpected end of data") :
			 json_tokener_error_desc(e));
		json_object_put(o);
		json_tokener_free(tok);
		return rc;
	}
	json_tokener_free(tok);
	s = calloc(1, sizeof(*s));
	if (!s) {
		json_object_put(o);
		return -ENOMEM;
	}
	rc = rd_spec(&r, o, s);
	json_object_put(o);
	if (rc < 0) {
		if (rc == -ENOMEM && errlen)
			snprintf(err, errlen, "out of memory");
		ocispec_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int ocispec_load(int dirfd, const char *path, struct oci_spec **out,
		 char *err, size_t errlen)
{
	_cleanup_free_ char *buf = NULL;
	ssize_t n = ocijson_read_file(dirfd, path, OCISPEC_MAX_SIZE, &buf);

	if (n < 0)
		return (int) n;
	return ocispec_parse(buf, (size_t) n, out, err, errlen);
}

const struct oci_namespace *ocispec_ns(const struct oci_spec *s, enum ns_kind kind)
{
	size_t i;

	for (i = 0; i < s->nnamespaces; i++)
		if (s->namespaces[i].kind == kind)
			return &s->namespaces[i];
	return NULL;
}

static void free_seccomp(struct oci_seccomp *sc)
{
	size_t i;

	if (!sc)
		return;
	free(sc->default_action);
	ocijson_free_strv(sc->architectures);
	ocijson_free_strv(sc->flags);
	free(sc->listener_path);
	for (i = 0; sc->rules && i < sc->nrules; i++) {
		size_t j;

		ocijson_free_strv(sc->rules[i].names);
		free(sc->rules[i].action);
		for (j = 0; j < sc->rules[i].nargs; j++)
			free(sc->rules[i].args[j].op);
		free(sc->rules[i].args);
	}
	free(sc->rules);
	free(sc);
}

void ocispec_free(struct oci_spec *s)
{
	struct oci_resources *res;
	size_t i;
	int k;

	if (!s)
		return;
	res = &s->resources;
	free(s->oci_version);
	free(s->root_path);
	free(s->hostname);
	free(s->domainname);
	for (i = 0; s->mounts && i < s->nmounts; i++) {
		free(s->mounts[i].destination);
		free(s->mounts[i].type);
		free(s->mounts[i].source);
		ocijson_free_strv(s->mounts[i].options);
	}
	free(s->mounts);
	free(s->process.additional_gids);
	ocijson_free_strv(s->process.args);
	ocijson_free_strv(s->process.env);
	free(s->process.cwd);
	free(s->process.rlimits);
	free(s->process.apparmor_profile);
	free(s->process.selinux_label);
	for (k = 0; k < OCI_HOOK_NKINDS; k++) {
		for (i = 0; s->hooks.h[k] && i < s->hooks.n[k]; i++) {
			free(s->hooks.h[k][i].path);
			ocijson_free_strv(s->hooks.h[k][i].args);
			ocijson_free_strv(s->hooks.h[k][i].env);
		}
		free(s->hooks.h[k]);
	}
	ocijson_free_map(s->annotations, s->nannotations);
	for (i = 0; s->namespaces && i < s->nnamespaces; i++)
		free(s->namespaces[i].path);
	free(s->namespaces);
	ocijson_free_map(s->sysctl, s->nsysctl);
	free(res->cpu_cpus);
	free(res->cpu_mems);
	free(res->blkio_weight_dev);
	for (k = 0; k < 4; k++)
		free(res->blkio_throttle[k]);
	ocijson_free_map(res->hugepages, res->n_hugepages);
	free(res->devices);
	ocijson_free_map(res->unified, res->n_unified);
	free(s->cgroups_path);
	for (i = 0; s->devices && i < s->ndevices; i++)
		free(s->devices[i].path);
	free(s->devices);
	free_seccomp(s->seccomp);
	free(s->rootfs_propagation);
	ocijson_free_strv(s->masked_paths);
	ocijson_free_strv(s->readonly_paths);
	free(s->mount_label);
	free(s->personality_domain);
	free(s);
}

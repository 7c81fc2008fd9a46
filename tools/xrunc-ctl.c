/*
 * xrunc-ctl.c - the commands that change a running container's cgroups:
 * pause and resume (the freezer), and update (linux.resources, from
 * runc's flags or a JSON document of config.json's linux.resources shape).
 *
 * The freezer is the one lib/cgroup serves for this layout: cgroup.freeze
 * on cgroup2 (also on a hybrid host, where the container's group always
 * has a cgroup2 directory), freezer.state on a v1-only host.  "paused" in
 * `state` is that group being frozen, as runc reports it.
 */
#include "compat.h"
#include "cgroup.h"
#include "cleanup.h"
#include "cli.h"
#include "parse.h"
#include "xrunc.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

/* how long pause waits for the kernel to freeze every task */
#define FREEZE_TIMEOUT_MS 10000

static void close_group(struct cgroup_layout *lo, struct cgroup *cg)
{
	cgroup_close(cg);
	free(cg->path);
	cg->path = NULL;
	cgroup_layout_free(lo);
}

/* 1 frozen, 0 thawed, 2 on the way (v1 FREEZING, v2 asked but not there yet) */
static int read_frozen(const struct cgroup *cg)
{
	const struct cgroup_hier *h = cgroup_ctrl_hier(cg->lo, CGROUP_FREEZER);
	char buf[256];
	uint64_t asked = 0, frozen = 0;
	ssize_t n;

	if (!h->v2) {
		n = cgroup_read(cg, CGROUP_FREEZER, "freezer.state", buf, sizeof(buf));
		if (n < 0)
			return (int) n;
		return !strncmp(buf, "FROZEN", 6) ? 1 : !strncmp(buf, "FREEZING", 8) ? 2 : 0;
	}
	n = cgroup_read(cg, CGROUP_FREEZER, "cgroup.freeze", buf, sizeof(buf));
	if (n < 0 || parse_u64(strtok(buf, "\n"), &asked) < 0)
		return n < 0 ? (int) n : -EINVAL;
	n = cgroup_read(cg, CGROUP_FREEZER, "cgroup.events", buf, sizeof(buf));
	if (n < 0 || cgroup_parse_keyed(buf, "frozen", &frozen) < 0)
		return n < 0 ? (int) n : -EINVAL;
	return frozen ? 1 : asked ? 2 : 0;
}

int xrunc_cgroup_frozen(const struct oci_state *st)
{
	struct cgroup_layout lo = { 0 };
	struct cgroup cg;
	int rc;

	rc = xrunc_cgroup_open(st, &lo, &cg);
	if (rc == 1)
		return 0;
	if (rc < 0)
		return rc;
	rc = cgroup_has(&cg, CGROUP_FREEZER) ? read_frozen(&cg) : 0;
	close_group(&lo, &cg);
	return rc == 1 ? 1 : rc < 0 ? rc : 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

int xrunc_cgroup_freeze(const struct oci_state *st, bool frozen)
{
	struct cgroup_layout lo = { 0 };
	struct cgroup cg;
	const struct cgroup_hier *h;
	int rc, waited;

	rc = xrunc_cgroup_open(st, &lo, &cg);
	if (rc == 1)
		return -ENOENT;
	if (rc < 0)
		return rc;
	if (!cgroup_has(&cg, CGROUP_FREEZER)) {
		close_group(&lo, &cg);
		return -ENODEV;
	}
	h = cgroup_ctrl_hier(&lo, CGROUP_FREEZER);
	for (waited = 0;; waited += 10) {
		/* v1 may stay FREEZING while a task is busy: writing again retries it */
		rc = cgroup_set(&cg, CGK_FREEZE, h->v2 ? (frozen ? "1" : "0") :
				frozen ? "FROZEN" : "THAWED");
		if (rc < 0)
			break;
		rc = read_frozen(&cg);
		if (rc < 0 || rc == (frozen ? 1 : 0)) {
			rc = rc < 0 ? rc : 0;
			break;
		}
		if (waited >= FREEZE_TIMEOUT_MS) {
			rc = -ETIMEDOUT;
			break;
		}
		sleep_ms(10);
	}
	/* half frozen is worse than not frozen: thaw again, as runc does */
	if (rc < 0 && frozen)
		cgroup_set(&cg, CGK_FREEZE, h->v2 ? "0" : "THAWED");
	close_group(&lo, &cg);
	return rc;
}

/* a command's own --help: @text after "Usage:" */
static void maybe_help(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("\nUsage:\n%s\nSee xrunc(8).\n", text);
			exit(EXIT_SUCCESS);
		}
}

static struct oci_state *load_or_err(const char *id, int *dfd)
{
	struct oci_state *st = NULL;
	char err[256];
	int rc;

	*dfd = xrunc_open_container_or_err(id);
	rc = ocistate_read(*dfd, &st, err, sizeof(err));
	if (rc < 0)
		xrunc_fail(rc == -EINVAL ? 0 : rc, "container %s: state%s%s", id,
			   err[0] ? ": " : "", err);
	return st;
}

static int pause_resume(int argc, char **argv, bool pause)
{
	struct oci_state *st;
	enum xrunc_status s;
	const char *id;
	int dfd, rc;

	maybe_help(argc, argv, pause ?
		   " xrunc pause <container-id>\n\nFreeze every process of a container "
		   "(the cgroup freezer); state then says \"paused\".\n" :
		   " xrunc resume <container-id>\n\nThaw the processes of a paused container.\n");
	if (argc > 2)
		xrunc_fail(0, "%s: one container ID only", argv[0]);
	id = xrunc_id_or_err(argc, argv, 1);
	st = load_or_err(id, &dfd);
	s = xrunc_status(dfd, st);
	if (pause && s != XS_RUNNING && s != XS_CREATED)
		xrunc_fail(0, "cannot pause container %s: it is %s", id, xrunc_status_name(s));
	if (!pause && s != XS_PAUSED)
		xrunc_fail(0, "cannot resume container %s: it is %s, not paused", id,
			   xrunc_status_name(s));
	if (!st->cgroup_path)
		xrunc_fail(0, "cannot %s container %s: it has no cgroup", argv[0], id);
	rc = xrunc_cgroup_freeze(st, pause);
	if (rc == -ENOENT || rc == -ENODEV)
		xrunc_fail(0, "cannot %s container %s: this host has no freezer for it", argv[0], id);
	if (rc < 0)
		xrunc_fail(rc, "%s %s", argv[0], id);
	xrunc_debug("container %s %s", id, pause ? "paused" : "resumed");
	ocistate_free(st);
	close(dfd);
	return 0;
}

int xrunc_cmd_pause(int argc, char **argv)
{
	return pause_resume(argc, argv, true);
}

int xrunc_cmd_resume(int argc, char **argv)
{
	return pause_resume(argc, argv, false);
}

/* ---- update ---- */

enum limit_kind { LK_SIZE, LK_I64, LK_U64, LK_STR };

/* runc's update flags, each one field of linux.resources */
static const struct limit_opt {
	const char *name;
	enum limit_kind kind;
	size_t off;               /* in struct oci_resources */
} limit_opts[] = {
	{ "memory",             LK_SIZE, offsetof(struct oci_resources, mem_limit) },
	{ "memory-swap",        LK_SIZE, offsetof(struct oci_resources, mem_swap) },
	{ "memory-reservation", LK_SIZE, offsetof(struct oci_resources, mem_reservation) },
	{ "pids-limit",         LK_I64,  offsetof(struct oci_resources, pids_limit) },
	{ "cpu-quota",          LK_I64,  offsetof(struct oci_resources, cpu_quota) },
	{ "cpu-period",         LK_U64,  offsetof(struct oci_resources, cpu_period) },
	{ "cpu-share",          LK_U64,  offsetof(struct oci_resources, cpu_shares) },
	{ "cpu-shares",         LK_U64,  offsetof(struct oci_resources, cpu_shares) },
	{ "cpuset-cpus",        LK_STR,  offsetof(struct oci_resources, cpu_cpus) },
	{ "cpuset-mems",        LK_STR,  offsetof(struct oci_resources, cpu_mems) },
	{ "blkio-weight",       LK_U64,  offsetof(struct oci_resources, blkio_weight) },
};

static void set_limit_or_err(struct oci_resources *r, const struct limit_opt *l, const char *arg)
{
	char *field = (char *) r + l->off;
	uint64_t u;
	int64_t i;

	switch (l->kind) {
	case LK_SIZE:       /* "-1": no limit, as in runc */
		if (!strcmp(arg, "-1"))
			i = -1;
		else if (parse_size(arg, &u) < 0 || u > INT64_MAX)
			xrunc_fail(0, "update: --%s '%s': not a size (bytes, 100M, -1)", l->name, arg);
		else
			i = (int64_t) u;
		*(struct oci_i64 *) field = (struct oci_i64) { true, i };
		break;
	case LK_I64:
		if (parse_s64(arg, &i) < 0)
			xrunc_fail(0, "update: --%s '%s': not a number", l->name, arg);
		*(struct oci_i64 *) field = (struct oci_i64) { true, i };
		break;
	case LK_U64:
		if (parse_u64(arg, &u) < 0)
			xrunc_fail(0, "update: --%s '%s': not a number", l->name, arg);
		*(struct oci_u64 *) field = (struct oci_u64) { true, u };
		break;
	case LK_STR:
		*(char **) field = xstrdup(arg);
		break;
	}
}

/* linux.resources from a file or stdin, through the one config reader */
static struct oci_spec *read_resources_or_err(const char *path)
{
	struct json_object *res, *doc, *lin;
	struct oci_spec *rs = NULL;
	char err[512];
	const char *text;
	int rc;

	res = !strcmp(path, "-") ? json_object_from_fd(STDIN_FILENO) : json_object_from_file(path);
	if (!res)
		xrunc_fail(0, "update: --resources %s: %s", path, json_util_get_last_err());
	doc = json_object_new_object();
	lin = json_object_new_object();
	json_object_object_add(doc, "ociVersion", json_object_new_string("1.0.2"));
	json_object_object_add(lin, "resources", res);
	json_object_object_add(doc, "linux", lin);
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	rc = ocispec_parse(text, strlen(text), &rs, err, sizeof(err));
	json_object_put(doc);
	if (rc < 0)
		xrunc_fail(err[0] ? 0 : rc, "update: --resources %s%s%s", path,
			   err[0] ? ": " : "", err);
	return rs;
}

/*
 * runc leaves a limit alone when it is 0 or "", at create and update
 * (engines send whole documents: containerd's CRI writes "cpus": "",
 * "quota": 0); only swappiness 0 is a value.  Without this,
 * "memory.limit": 0 would be written as a limit of nothing.
 */
void xrunc_resources_zero_is_unset(struct oci_resources *r)
{
	struct oci_i64 *i64s[] = { &r->mem_limit, &r->mem_reservation, &r->mem_swap,
				   &r->cpu_quota, &r->pids_limit };
	struct oci_u64 *u64s[] = { &r->cpu_shares, &r->cpu_period, &r->blkio_weight };
	char **strs[] = { &r->cpu_cpus, &r->cpu_mems };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(i64s); i++)
		if (i64s[i]->has && i64s[i]->v == 0)
			i64s[i]->has = false;
	for (i = 0; i < ARRAY_SIZE(u64s); i++)
		if (u64s[i]->has && u64s[i]->v == 0)
			u64s[i]->has = false;
	for (i = 0; i < ARRAY_SIZE(strs); i++)
		if (*strs[i] && !**strs[i]) {
			free(*strs[i]);
			*strs[i] = NULL;
		}
}

static noreturn void update_usage(void)
{
	size_t i;

	fputs("\nUsage:\n"
	      " xrunc update [options] <container-id>\n"
	      "\nChange the cgroup limits of a running container: those given, as in\n"
	      "config.json's linux.resources.\n"
	      "\nOptions:\n"
	      " -r, --resources <file>        linux.resources as JSON (\"-\": stdin)\n", stdout);
	for (i = 0; i < ARRAY_SIZE(limit_opts); i++)
		printf("     --%-23s %s\n", limit_opts[i].kind == LK_STR ?
		       xasprintf("%s <list>", limit_opts[i].name) :
		       xasprintf("%s <n>", limit_opts[i].name),
		       limit_opts[i].kind == LK_SIZE ? "bytes (100M), -1: no limit" :
		       limit_opts[i].kind == LK_STR ? "CPUs or memory nodes (0-3,6)" :
		       "as linux.resources has it");
	fputs(" -h, --help                    display this help\n\nSee xrunc(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

int xrunc_cmd_update(int argc, char **argv)
{
	enum { OPT_LIMIT = CHAR_MAX + 1 };
	struct option longopts[ARRAY_SIZE(limit_opts) + 3];
	struct oci_spec *rs = NULL, flags = { 0 };
	struct cgroup_layout lo = { 0 };
	struct oci_state *st;
	struct cgroup cg;
	const char *id, *resources = NULL;
	enum xrunc_status s;
	bool any_flag = false;
	int c, idx, dfd, rc;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(limit_opts); i++)
		longopts[i] = (struct option) { limit_opts[i].name, required_argument, NULL,
						OPT_LIMIT };
	longopts[i++] = (struct option) { "resources", required_argument, NULL, 'r' };
	longopts[i++] = (struct option) { "help", no_argument, NULL, 'h' };
	longopts[i] = (struct option) { NULL, 0, NULL, 0 };
	while ((c = getopt_long(argc, argv, "r:h", longopts, &idx)) != -1) {
		switch (c) {
		case 'r': resources = optarg; break;
		case OPT_LIMIT:
			set_limit_or_err(&flags.resources, &limit_opts[idx], optarg);
			any_flag = true;
			break;
		case 'h': update_usage();
		default: cli_try_help();
		}
	}
	if (resources && any_flag)
		xrunc_fail(0, "update: --resources and the limit options exclude each other");
	/* runc's rule: lifting the memory limit lifts memory+swap too, unless given */
	if (flags.resources.mem_limit.has && flags.resources.mem_limit.v == -1 &&
	    !flags.resources.mem_swap.has)
		flags.resources.mem_swap = (struct oci_i64) { true, -1 };
	if (optind + 1 < argc)
		xrunc_fail(0, "update: one container ID only");
	id = xrunc_id_or_err(argc, argv, optind);
	if (resources) {
		rs = read_resources_or_err(resources);
		/* before any write: an update is all or nothing where we can tell */
		xrunc_cgroup_check_or_err(&rs->resources, "update: --resources");
		/*
		 * runc's update leaves the device rules alone (SkipDevices), and
		 * engines send them back with every update (containerd's CRI
		 * does): on cgroup2 each would attach one more program, up to
		 * the kernel's 64 per group, after which updates would fail
		 */
		free(rs->resources.devices);
		rs->resources.devices = NULL;
		rs->resources.n_devices = 0;
	}
	st = load_or_err(id, &dfd);
	s = xrunc_status(dfd, st);
	if (s == XS_STOPPED || s == XS_CREATING)
		xrunc_fail(0, "cannot update container %s: it is %s", id, xrunc_status_name(s));
	rc = xrunc_cgroup_open(st, &lo, &cg);
	if (rc == 1)
		xrunc_fail(0, "cannot update container %s: it has no cgroup", id);
	if (rc < 0)
		xrunc_fail(rc, "update %s: cgroup %s", id, st->cgroup_path);
	xrunc_resources_zero_is_unset(rs ? &rs->resources : &flags.resources);
	if (((rs ? &rs->resources : &flags.resources)->cpu_cpus ||
	     (rs ? &rs->resources : &flags.resources)->cpu_mems) &&
	    (rc = xrunc_cgroup_add_cpuset(st, &cg)) < 0)
		xrunc_fail(rc, "update %s: cpuset group %s", id, st->cgroup_path);
	/* the same writer as create's, so the two agree on every file */
	xrunc_cgroup_apply(rs ? rs : &flags, &cg);
	xrunc_debug("container %s updated", id);
	close_group(&lo, &cg);
	ocispec_free(rs);
	free(flags.resources.cpu_cpus);
	free(flags.resources.cpu_mems);
	ocistate_free(st);
	close(dfd);
	return 0;
}

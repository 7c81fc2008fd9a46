/*
 * xrunc-events.c - events: the container's cgroup statistics in runc's
 * JSON ({"type":"stats","id":ID,"data":{"cpu":..,"memory":..,"pids":..,
 * "blkio":..}}), once with --stats, else every --interval, with an
 * {"type":"oom"} line whenever the kernel's OOM kill count of the group
 * grows.  The stream ends when the container stops.
 *
 * Each value comes from the hierarchy lib/cgroup says serves its
 * controller here (a hybrid host mixes them: memory on v1, cpu usage from
 * cgroup2's cpu.stat), in runc's units: nanoseconds for CPU time, bytes.
 */
#include "compat.h"
#include "cgroup.h"
#include "cleanup.h"
#include "cli.h"
#include "parse.h"
#include "proccgroup.h"
#include "xrunc.h"

#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

/* a cgroup file's text, or NULL */
static char *read_text(const struct cgroup *cg, enum cgroup_ctrl c, const char *file)
{
	static char buf[65536];

	if (!cgroup_has(cg, c) || cgroup_read(cg, c, file, buf, sizeof(buf)) < 0)
		return NULL;
	return buf;
}

/* a one-number file; "max" is runc's no limit: UINT64_MAX; -1 when absent */
static int read_num(const struct cgroup *cg, enum cgroup_ctrl c, const char *file, uint64_t *v)
{
	char *t = read_text(cg, c, file);

	if (!t)
		return -1;
	t[strcspn(t, "\n")] = '\0';
	if (!strcmp(t, "max")) {
		*v = UINT64_MAX;
		return 0;
	}
	return parse_u64(t, v);
}

static int read_key(const struct cgroup *cg, enum cgroup_ctrl c, const char *file,
		    const char *key, uint64_t *v)
{
	char *t = read_text(cg, c, file);

	return t ? cgroup_parse_keyed(t, key, v) : -1;
}

static void put(struct json_object *o, const char *key, uint64_t v)
{
	json_object_object_add(o, key, json_object_new_uint64(v));
}

/* put @key from a one-number file, when it is there */
static void put_num(struct json_object *o, const char *key, const struct cgroup *cg,
		    enum cgroup_ctrl c, const char *file)
{
	uint64_t v;

	if (read_num(cg, c, file, &v) == 0)
		put(o, key, v);
}

static bool is_v2(const struct cgroup *cg, enum cgroup_ctrl c)
{
	const struct cgroup_hier *h = cgroup_ctrl_hier(cg->lo, c);

	return h && h->v2;
}

static struct json_object *cpu_stats(const struct cgroup *cg)
{
	struct json_object *cpu = json_object_new_object(), *usage = json_object_new_object(),
			   *thr = json_object_new_object();
	uint64_t v;

	if (is_v2(cg, CGROUP_CPUACCT)) {
		if (read_key(cg, CGROUP_CPUACCT, "cpu.stat", "usage_usec", &v) == 0)
			put(usage, "total", v * 1000);
		if (read_key(cg, CGROUP_CPUACCT, "cpu.stat", "system_usec", &v) == 0)
			put(usage, "kernel", v * 1000);
		if (read_key(cg, CGROUP_CPUACCT, "cpu.stat", "user_usec", &v) == 0)
			put(usage, "user", v * 1000);
	} else {
		long hz = sysconf(_SC_CLK_TCK);
		char *t;

		put_num(usage, "total", cg, CGROUP_CPUACCT, "cpuacct.usage");
		if (hz > 0 && read_key(cg, CGROUP_CPUACCT, "cpuacct.stat", "system", &v) == 0)
			put(usage, "kernel", v * (1000000000 / (uint64_t) hz));
		if (hz > 0 && read_key(cg, CGROUP_CPUACCT, "cpuacct.stat", "user", &v) == 0)
			put(usage, "user", v * (1000000000 / (uint64_t) hz));
		if ((t = read_text(cg, CGROUP_CPUACCT, "cpuacct.usage_percpu"))) {
			struct json_object *per = json_object_new_array();
			char *tok, *save = NULL;

			for (tok = strtok_r(t, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save))
				if (parse_u64(tok, &v) == 0)
					json_object_array_add(per, json_object_new_uint64(v));
			json_object_object_add(usage, "percpu", per);
		}
	}
	if (read_key(cg, CGROUP_CPU, "cpu.stat", "nr_periods", &v) == 0)
		put(thr, "periods", v);
	if (read_key(cg, CGROUP_CPU, "cpu.stat", "nr_throttled", &v) == 0)
		put(thr, "throttledPeriods", v);
	if (read_key(cg, CGROUP_CPU, "cpu.stat", "throttled_time", &v) == 0)
		put(thr, "throttledTime", v);
	else if (read_key(cg, CGROUP_CPU, "cpu.stat", "throttled_usec", &v) == 0)
		put(thr, "throttledTime", v * 1000);
	json_object_object_add(cpu, "usage", usage);
	json_object_object_add(cpu, "throttling", thr);
	return cpu;
}

/* {"limit","usage","max","failcnt"} from the v1 files PREFIX.* */
static struct json_object *mem_entry_v1(const struct cgroup *cg, const char *prefix)
{
	struct json_object *e = json_object_new_object();
	static const char *const keys[][2] = {
		{ "limit", "limit_in_bytes" }, { "usage", "usage_in_bytes" },
		{ "max", "max_usage_in_bytes" }, { "failcnt", "failcnt" },
	};
	char file[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		snprintf(file, sizeof(file), "%s.%s", prefix, keys[i][1]);
		put_num(e, keys[i][0], cg, CGROUP_MEMORY, file);
	}
	return e;
}

static struct json_object *memory_stats(const struct cgroup *cg)
{
	struct json_object *mem = json_object_new_object(), *raw = json_object_new_object();
	char *t, *line, *save = NULL;
	uint64_t v;
	bool v2 = is_v2(cg, CGROUP_MEMORY);

	if (!cgroup_has(cg, CGROUP_MEMORY))
		return mem;
	if ((t = read_text(cg, CGROUP_MEMORY, "memory.stat")))
		for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *sp = strchr(line, ' ');

			if (sp && (*sp = '\0', parse_u64(sp + 1, &v) == 0))
				put(raw, line, v);
		}
	if (json_object_object_get_ex(raw, v2 ? "file" : "cache", NULL))
		put(mem, "cache", json_object_get_uint64(json_object_object_get(raw, v2 ? "file" : "cache")));
	if (!v2) {
		json_object_object_add(mem, "usage", mem_entry_v1(cg, "memory"));
		json_object_object_add(mem, "swap", mem_entry_v1(cg, "memory.memsw"));
		json_object_object_add(mem, "kernel", mem_entry_v1(cg, "memory.kmem"));
		json_object_object_add(mem, "kernelTCP", mem_entry_v1(cg, "memory.kmem.tcp"));
	} else {
		struct json_object *u = json_object_new_object(), *s = json_object_new_object();

		put_num(u, "limit", cg, CGROUP_MEMORY, "memory.max");
		put_num(u, "usage", cg, CGROUP_MEMORY, "memory.current");
		put_num(u, "max", cg, CGROUP_MEMORY, "memory.peak");
		if (read_key(cg, CGROUP_MEMORY, "memory.events", "max", &v) == 0)
			put(u, "failcnt", v);
		put_num(s, "limit", cg, CGROUP_MEMORY, "memory.swap.max");
		put_num(s, "usage", cg, CGROUP_MEMORY, "memory.swap.current");
		json_object_object_add(mem, "usage", u);
		json_object_object_add(mem, "swap", s);
	}
	json_object_object_add(mem, "raw", raw);
	return mem;
}

/* "0-3,6" as [0,1,2,3,6], as runc lists a cpuset */
static struct json_object *id_list(const char *text)
{
	struct json_object *arr = json_object_new_array();
	char *t = xstrdup(text), *tok, *save = NULL;

	for (tok = strtok_r(t, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save)) {
		unsigned a, b;
		int n = sscanf(tok, "%u-%u", &a, &b);

		if (n == 1)
			b = a;
		if (n < 1 || b < a || b - a > 8192)
			continue;
		for (; a <= b; a++)
			json_object_array_add(arr, json_object_new_uint64(a));
	}
	free(t);
	return arr;
}

static struct json_object *cpuset_stats(const struct cgroup *cg)
{
	static const char *const flags[] = {
		"cpu_exclusive", "mem_hardwall", "mem_exclusive", "memory_migrate",
		"memory_spread_page", "memory_spread_slab", "memory_pressure",
		"sched_load_balance", "sched_relax_domain_level",
	};
	struct json_object *cs = json_object_new_object();
	bool v2 = is_v2(cg, CGROUP_CPUSET);
	char file[64], *t;
	size_t i;

	if (!cgroup_has(cg, CGROUP_CPUSET))
		return cs;
	if ((t = read_text(cg, CGROUP_CPUSET, v2 ? "cpuset.cpus.effective" : "cpuset.cpus")))
		json_object_object_add(cs, "cpus", id_list(t));
	if ((t = read_text(cg, CGROUP_CPUSET, v2 ? "cpuset.mems.effective" : "cpuset.mems")))
		json_object_object_add(cs, "mems", id_list(t));
	for (i = 0; !v2 && i < ARRAY_SIZE(flags); i++) {
		int64_t v;

		/* sched_relax_domain_level may be -1 */
		snprintf(file, sizeof(file), "cpuset.%s", flags[i]);
		if ((t = read_text(cg, CGROUP_CPUSET, file)) &&
		    (t[strcspn(t, "\n")] = '\0', parse_s64(t, &v) == 0))
			json_object_object_add(cs, flags[i], json_object_new_int64(v));
	}
	return cs;
}

static struct json_object *pids_stats(const struct cgroup *cg)
{
	struct json_object *p = json_object_new_object();
	uint64_t v;

	put_num(p, "current", cg, CGROUP_PIDS, "pids.current");
	/* runc shows no limit ("max") as 0 */
	if (read_num(cg, CGROUP_PIDS, "pids.max", &v) == 0)
		put(p, "limit", v == UINT64_MAX ? 0 : v);
	return p;
}

static void blkio_entry(struct json_object *arr, unsigned maj, unsigned min,
			const char *op, uint64_t v)
{
	struct json_object *e = json_object_new_object();

	put(e, "major", maj);
	put(e, "minor", min);
	json_object_object_add(e, "op", json_object_new_string(op));
	put(e, "value", v);
	json_object_array_add(arr, e);
}

/* v1 "MAJ:MIN Op N" lines, or v2 io.stat's "MAJ:MIN rbytes=N ..." as runc turns them */
static void blkio_list(struct json_object *blk, const char *key, const char *text,
		       const char *v2read, const char *v2write)
{
	struct json_object *arr = json_object_new_array();
	char *t = xstrdup(text ? text : ""), *line, *save = NULL;

	for (line = strtok_r(t, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned maj, min;
		char op[32], *kv, *s2 = NULL;
		uint64_t v;
		int n = 0;

		if (sscanf(line, "%u:%u %n", &maj, &min, &n) < 2 || !n)
			continue;           /* v1's "Total N" */
		if (!v2read) {
			if (sscanf(line + n, "%31s %" SCNu64, op, &v) == 2)
				blkio_entry(arr, maj, min, op, v);
			continue;
		}
		for (kv = strtok_r(line + n, " ", &s2); kv; kv = strtok_r(NULL, " ", &s2)) {
			char *eq = strchr(kv, '=');

			if (!eq)
				continue;
			*eq = '\0';
			if (parse_u64(eq + 1, &v) < 0)
				continue;
			if (!strcmp(kv, v2read))
				blkio_entry(arr, maj, min, "Read", v);
			else if (!strcmp(kv, v2write))
				blkio_entry(arr, maj, min, "Write", v);
		}
	}
	free(t);
	json_object_object_add(blk, key, arr);
}

static struct json_object *blkio_stats(const struct cgroup *cg)
{
	struct json_object *blk = json_object_new_object();

	if (!cgroup_has(cg, CGROUP_IO))
		return blk;
	if (is_v2(cg, CGROUP_IO)) {
		blkio_list(blk, "ioServiceBytesRecursive", read_text(cg, CGROUP_IO, "io.stat"),
			   "rbytes", "wbytes");
		blkio_list(blk, "ioServicedRecursive", read_text(cg, CGROUP_IO, "io.stat"),
			   "rios", "wios");
		return blk;
	}
	blkio_list(blk, "ioServiceBytesRecursive",
		   read_text(cg, CGROUP_IO, "blkio.throttle.io_service_bytes_recursive"), NULL, NULL);
	blkio_list(blk, "ioServicedRecursive",
		   read_text(cg, CGROUP_IO, "blkio.throttle.io_serviced_recursive"), NULL, NULL);
	return blk;
}

static void emit(const char *type, const char *id, struct json_object *data)
{
	struct json_object *ev = json_object_new_object();

	json_object_object_add(ev, "type", json_object_new_string(type));
	json_object_object_add(ev, "id", json_object_new_string(id));
	if (data)
		json_object_object_add(ev, "data", data);
	printf("%s\n", json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PLAIN |
						      JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
	json_object_put(ev);
}

/*
 * a container made without a v1 cpuset group (xrunc-cgroup.c says why)
 * runs in the cpuset group of the process that made it: its CPUs and nodes
 * are that group's, read from where the container's process is
 */
static void open_cpuset_of(pid_t pid, struct cgroup *cg)
{
	int h = cg->lo->by_ctrl[CGROUP_CPUSET];
	_cleanup_free_ char *text = NULL, *dir = NULL;
	const char *path;
	size_t len;

	if (h < 0 || cg->fd[h] >= 0 || cg->lo->hier[h].v2 || pid <= 0 ||
	    proccgroup_read(-1, pid, &text) < 0 ||
	    proccgroup_path(text, "cpuset", &path, &len) < 0)
		return;
	dir = xasprintf("%s%.*s", cg->lo->hier[h].path, (int) len, path);
	cg->fd[h] = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/*
 * runc's hugetlb entry per page size: usage, max (v1 only) and failcnt
 * (v2: the "max" count of hugetlb.SIZE.events); a size whose files the
 * group does not have (hugetlb not enabled for it) is left out
 */
static struct json_object *hugetlb_stats(const struct cgroup *cg)
{
	struct json_object *h = json_object_new_object();
	char sizes[CGROUP_HUGETLB_MAX_SIZES * 24], file[64], *sz, *save = NULL;
	bool v2 = is_v2(cg, CGROUP_HUGETLB);
	uint64_t v;

	if (!cgroup_has(cg, CGROUP_HUGETLB) || cgroup_hugetlb_sizes("", sizes, sizeof(sizes)) <= 0)
		return h;
	for (sz = strtok_r(sizes, ",", &save); sz; sz = strtok_r(NULL, ",", &save)) {
		struct json_object *e;

		snprintf(file, sizeof(file), "hugetlb.%s.%s", sz, v2 ? "current" : "usage_in_bytes");
		if (read_num(cg, CGROUP_HUGETLB, file, &v) < 0)
			continue;
		e = json_object_new_object();
		put(e, "usage", v);
		if (!v2) {
			snprintf(file, sizeof(file), "hugetlb.%s.max_usage_in_bytes", sz);
			put_num(e, "max", cg, CGROUP_HUGETLB, file);
			snprintf(file, sizeof(file), "hugetlb.%s.failcnt", sz);
			put_num(e, "failcnt", cg, CGROUP_HUGETLB, file);
		} else {
			snprintf(file, sizeof(file), "hugetlb.%s.events", sz);
			put(e, "failcnt", read_key(cg, CGROUP_HUGETLB, file, "max", &v) == 0 ? v : 0);
		}
		json_object_object_add(h, sz, e);
	}
	return h;
}

static void emit_stats(const char *id, const struct cgroup *cg)
{
	struct json_object *d = json_object_new_object();

	json_object_object_add(d, "cpu", cpu_stats(cg));
	json_object_object_add(d, "cpuset", cpuset_stats(cg));
	json_object_object_add(d, "memory", memory_stats(cg));
	json_object_object_add(d, "pids", pids_stats(cg));
	json_object_object_add(d, "blkio", blkio_stats(cg));
	json_object_object_add(d, "hugetlb", hugetlb_stats(cg));
	json_object_object_add(d, "intel_rdt", json_object_new_object());
	emit("stats", id, d);
}

static noreturn void events_usage(void)
{
	fputs("\nUsage:\n"
	      " xrunc events [options] <container-id>\n"
	      "\nPrint the container's cgroup statistics as JSON lines (runc's events), every\n"
	      "<interval> until it stops, with an \"oom\" line whenever the kernel OOM-kills\n"
	      "one of its processes.\n"
	      "\nOptions:\n"
	      "     --stats                   print the statistics once, then exit\n"
	      "     --interval <time>         between two (default: 5s; 500ms, 2s, 1m)\n"
	      " -h, --help                    display this help\n"
	      "\nSee xrunc(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

int xrunc_cmd_events(int argc, char **argv)
{
	enum { OPT_STATS = CHAR_MAX + 1, OPT_INTERVAL };
	static const struct option longopts[] = {
		{ "stats",    no_argument,       NULL, OPT_STATS },
		{ "interval", required_argument, NULL, OPT_INTERVAL },
		{ "help",     no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct cgroup_layout lo = { 0 };
	struct oci_state *st = NULL;
	uint64_t interval = 5000000000ull, ooms, now_ooms;
	struct cgroup cg;
	bool once = false;
	const char *id;
	char err[256];
	int c, dfd, rc;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_STATS: once = true; break;
		case OPT_INTERVAL:
			interval = parse_duration_or_err(optarg, "--interval");
			if (!interval)
				xrunc_fail(0, "events: --interval '%s': must be more than 0", optarg);
			break;
		case 'h': events_usage();
		default: cli_try_help();
		}
	}
	if (optind + 1 < argc)
		xrunc_fail(0, "events: one container ID only");
	id = xrunc_id_or_err(argc, argv, optind);
	dfd = xrunc_open_container_or_err(id);
	rc = ocistate_read(dfd, &st, err, sizeof(err));
	if (rc < 0)
		xrunc_fail(rc == -EINVAL ? 0 : rc, "container %s: state%s%s", id,
			   err[0] ? ": " : "", err);
	if (xrunc_status(dfd, st) == XS_STOPPED || xrunc_status(dfd, st) == XS_CREATING)
		xrunc_fail(0, "container %s is not running", id);
	if (!st->cgroup_path)
		xrunc_fail(0, "events: container %s has no cgroup", id);
	if ((rc = xrunc_cgroup_open(st, &lo, &cg)) < 0)
		xrunc_fail(rc, "events %s: cgroup %s", id, st->cgroup_path);
	open_cpuset_of(st->pid, &cg);
	ooms = cgroup_read_oom_kills(&cg);
	for (;;) {
		struct timespec ts = { .tv_sec = (time_t) (interval / 1000000000ull),
				       .tv_nsec = (long) (interval % 1000000000ull) };

		emit_stats(id, &cg);
		if (once)
			break;
		nanosleep(&ts, NULL);
		now_ooms = cgroup_read_oom_kills(&cg);
		if (now_ooms != UINT64_MAX && ooms != UINT64_MAX && now_ooms > ooms)
			emit("oom", id, NULL);
		ooms = now_ooms;
		if (xrunc_status(dfd, st) == XS_STOPPED)
			break;
	}
	cgroup_close(&cg);
	free(cg.path);
	cgroup_layout_free(&lo);
	ocistate_free(st);
	close(dfd);
	return 0;
}

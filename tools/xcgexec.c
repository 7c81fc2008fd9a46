/*
 * xcgexec - run a command in a fresh cgroup with limits, wait, report what
 * it used and remove the group; a peer of libcgroup's cgexec(1), which only
 * joins existing groups.
 *
 * Reads top to bottom: usage, the limits table, the options and their
 * combinations (the plan), the checks that every limit can be applied on
 * this host's layout, then the run: create, limit, start inside, wait
 * (forwarding signals, enforcing --timeout), kill what is left, read the
 * numbers, remove, report.
 */
#include "compat.h"
#include "cgroup.h"
#include "child.h"
#include "cli.h"
#include "parse.h"
#include "xcgexec.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOIN 16
#define MAX_IO   16

enum {
	OPT_MEMORY_HIGH = CHAR_MAX + 1, OPT_SWAP, OPT_SWAPPINESS, OPT_CPU_WEIGHT,
	OPT_CPUSET, OPT_IO_WEIGHT, OPT_IO_MAX, OPT_KEEP, OPT_EXEC, OPT_GC,
	OPT_STATS_FILE, OPT_STICKY,
};

struct plan {
	uint64_t memory, memory_high, swap, pids;  /* CGROUP_UNSET when not given */
	uint64_t swappiness;
	uint64_t cpu_quota, cpu_period;
	uint64_t cpu_weight, io_weight;
	const char *cpuset_arg;
	char cpuset[1024];
	struct cgroup_io_max io[MAX_IO];
	unsigned io_major[MAX_IO], io_minor[MAX_IO];
	int nio;
	unsigned given;                            /* LIMIT_BIT()s of limits[] */
	unsigned need;                             /* controllers the limits use */

	struct {
		const char *spec, *ctrls, *path;   /* ctrls: "*", "" or a list */
		size_t len;
		unsigned hiers;                    /* found on the layout */
	} join[MAX_JOIN];
	int njoin;
	const char *parent, *name;
	bool keep, exec, gc, stats, json;
	const char *stats_file;
	uint64_t timeout_ns;
	char **argv;
};

static noreturn void usage(void)
{
	fputs("\nUsage:\n"
	      " xcgexec [options] [--] <command> [<argument>...]\n"
	      " xcgexec -g <controllers>:<path> [--exec] [--] <command> [<argument>...]\n"
	      " xcgexec --gc [--parent <path>]\n"
	      "\nRun a command in a new control group with limits, wait for it, report what\n"
	      "it used and remove the group.\n"
	      "\nLimits:\n"
	      " -m, --memory <size>        memory limit (memory.max, memory.limit_in_bytes)\n"
	      "     --memory-high <size>   throttle above this much memory (cgroup v2)\n"
	      "     --swap <size>          swap limit; 0 turns swap off\n"
	      "     --swappiness <n>       swap tendency 0-100 (cgroup v1)\n"
	      " -c, --cpus <n>             CPU time limit in CPUs, fractions allowed (0.5)\n"
	      "     --cpu-weight <n>       relative CPU weight, 1-10000 (default 100)\n"
	      "     --cpuset <list>        CPUs to run on (0-1,3)\n"
	      " -p, --pids <n>             limit on the number of tasks\n"
	      "     --io-weight <n>        relative I/O weight, 1-10000 (default 100)\n"
	      "     --io-max <dev>:<key>=<value>[,...]\n"
	      "                            I/O limits: rbps, wbps, riops, wiops\n"
	      "\nGroup:\n"
	      " -g <controllers>:<path>    join an existing group instead (repeatable);\n"
	      "                            any controller, name=<name>, * for all,\n"
	      "                            none (:<path>) for cgroup v2\n"
	      "     --sticky               accepted as cgexec's: the group is the command's\n"
	      " -P, --parent <path>        create the group below <path> (default /)\n"
	      " -n, --name <name>          name of the group (default xns-cg-<pid>)\n"
	      "     --keep                 do not remove the group at the end\n"
	      "     --exec                 join and execute the command: no wait, no report\n"
	      "     --gc                   remove empty groups left by killed runs, and exit\n"
	      "\nRun and report:\n"
	      " -t, --timeout <duration>   kill the group after this long (exit 124)\n"
	      " -s, --stats                report what the command used on stderr\n"
	      " -J, --json                 report in JSON\n"
	      "     --stats-file <file>    write the report to <file>\n"
	      "\n"
	      " -h, --help                 display this help\n"
	      " -V, --version              display version\n"
	      "\nSee xcgexec(1).\n", stdout);
	exit(EXIT_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* the limits: one row per option                                       */

enum limit_form { L_SIZE, L_RANGE, L_CPUS, L_CPUSET, L_PIDS, L_IO_MAX };

static const struct limit_opt {
	int opt;
	const char *name;
	enum cgroup_knob knob;       /* its controller: cgroup_knob_ctrl() */
	enum limit_form form;
	size_t field;                /* the uint64_t of struct plan it sets */
	uint64_t lo, hi;             /* L_RANGE */
} limits[] = {
	{ 'm',             "--memory",      CGK_MEM_MAX,        L_SIZE,   offsetof(struct plan, memory), 0, 0 },
	{ OPT_MEMORY_HIGH, "--memory-high", CGK_MEM_HIGH,       L_SIZE,   offsetof(struct plan, memory_high), 0, 0 },
	{ OPT_SWAP,        "--swap",        CGK_MEM_SWAP_MAX,   L_SIZE,   offsetof(struct plan, swap), 0, 0 },
	{ OPT_SWAPPINESS,  "--swappiness",  CGK_MEM_SWAPPINESS, L_RANGE,  offsetof(struct plan, swappiness), 0, 100 },
	{ 'c',             "--cpus",        CGK_CPU_MAX,        L_CPUS,   offsetof(struct plan, cpu_quota), 0, 0 },
	{ OPT_CPU_WEIGHT,  "--cpu-weight",  CGK_CPU_WEIGHT,     L_RANGE,  offsetof(struct plan, cpu_weight), 1, 10000 },
	{ OPT_CPUSET,      "--cpuset",      CGK_CPUSET_CPUS,    L_CPUSET, 0, 0, 0 },
	{ 'p',             "--pids",        CGK_PIDS_MAX,       L_PIDS,   offsetof(struct plan, pids), 0, 0 },
	{ OPT_IO_WEIGHT,   "--io-weight",   CGK_IO_WEIGHT,      L_RANGE,  offsetof(struct plan, io_weight), 1, 10000 },
	{ OPT_IO_MAX,      "--io-max",      CGK_IO_MAX,         L_IO_MAX, 0, 0, 0 },
};

#define LIMIT_BIT(i) (1u << (i))
#define GIVEN(p, knob_opt) ((p)->given & LIMIT_BIT(limit_index(knob_opt)))

static int limit_index(int opt)
{
	for (size_t i = 0; i < ARRAY_SIZE(limits); i++)
		if (limits[i].opt == opt)
			return (int) i;
	return -1;
}

static void add_io_max_or_err(struct plan *p, const char *s)
{
	struct cgroup_io_max *io = &p->io[p->nio];
	unsigned maj, min;
	struct stat st;
	int rc;

	if (p->nio == MAX_IO)
		errx(EXIT_FAILURE, "--io-max: at most %d devices", MAX_IO);
	rc = cgroup_parse_io_max(s, io);
	if (rc < 0)
		errx(EXIT_FAILURE, "--io-max: '%s': %s", s, rc == -ERANGE ? "out of range" :
		     "expected DEV:KEY=VALUE[,...] with rbps, wbps, riops or wiops");
	if (io->dev[0] == '/') {
		if (stat(io->dev, &st) < 0)
			cli_errc(EXIT_FAILURE, errno, "--io-max: %s", io->dev);
		if (!S_ISBLK(st.st_mode))
			errx(EXIT_FAILURE, "--io-max: %s: not a block device", io->dev);
		maj = major(st.st_rdev);
		min = minor(st.st_rdev);
	} else if (sscanf(io->dev, "%u:%u", &maj, &min) != 2) {
		errx(EXIT_FAILURE, "--io-max: '%s': bad device", io->dev);
	}
	p->io_major[p->nio] = maj;
	p->io_minor[p->nio] = min;
	p->nio++;
}

static void parse_limit_or_err(struct plan *p, int i, const char *s)
{
	const struct limit_opt *l = &limits[i];
	uint64_t *v = (uint64_t *) ((char *) p + l->field), ppm;
	int rc;

	switch (l->form) {
	case L_SIZE:
		*v = strcmp(s, "max") ? parse_size_or_err(s, l->name) : CGROUP_LIMIT_MAX;
		break;
	case L_RANGE:
		*v = parse_u64_or_err(s, l->name);
		if (*v < l->lo || *v > l->hi)
			errx(EXIT_FAILURE, "%s: '%s': out of range (%llu-%llu)", l->name, s,
			     (unsigned long long) l->lo, (unsigned long long) l->hi);
		break;
	case L_CPUS:
		rc = parse_fraction(s, &ppm);
		if (rc == 0)
			rc = cgroup_cpu_quota(ppm, &p->cpu_quota, &p->cpu_period);
		if (rc < 0)
			errx(EXIT_FAILURE, "--cpus: '%s': %s", s,
			     rc == -ERANGE ? "out of range (at least 0.01)" : "invalid value");
		break;
	case L_CPUSET:
		rc = cgroup_parse_cpuset(s, p->cpuset, sizeof(p->cpuset));
		if (rc < 0)
			errx(EXIT_FAILURE, "--cpuset: '%s': %s", s,
			     rc == -ERANGE ? "out of range" : "invalid CPU list");
		p->cpuset_arg = s;
		break;
	case L_PIDS:
		*v = strcmp(s, "max") ? parse_u64_or_err(s, l->name) : CGROUP_LIMIT_MAX;
		if (*v != CGROUP_LIMIT_MAX && *v > INT32_MAX)
			errx(EXIT_FAILURE, "--pids: '%s': out of range", s);
		break;
	case L_IO_MAX:
		add_io_max_or_err(p, s);
		break;
	}
	p->given |= LIMIT_BIT(i);
	p->need |= CGROUP_BIT(cgroup_knob_ctrl(l->knob));
}

/* ------------------------------------------------------------------ */
/* options that do not go together                                     */

enum {
	F_JOIN = 1 << 0, F_LIMIT = 1 << 1, F_PARENT = 1 << 2, F_NAME = 1 << 3,
	F_KEEP = 1 << 4, F_EXEC = 1 << 5, F_REPORT = 1 << 6, F_TIMEOUT = 1 << 7,
	F_GC = 1 << 8,
};

/* the kinds of option that make no sense together */
static const struct { int a, b; } conflicts[] = {
	{ F_JOIN, F_LIMIT }, { F_JOIN, F_PARENT }, { F_JOIN, F_NAME }, { F_JOIN, F_KEEP },
	{ F_EXEC, F_REPORT }, { F_EXEC, F_TIMEOUT }, { F_EXEC, F_KEEP },
	{ F_GC, F_JOIN }, { F_GC, F_LIMIT }, { F_GC, F_NAME }, { F_GC, F_KEEP },
	{ F_GC, F_EXEC }, { F_GC, F_REPORT }, { F_GC, F_TIMEOUT },
};

static int kind_of(int opt)
{
	static const struct { int opt, kind; } kinds[] = {
		{ 'g', F_JOIN }, { 'P', F_PARENT }, { 'n', F_NAME }, { OPT_KEEP, F_KEEP },
		{ OPT_EXEC, F_EXEC }, { 's', F_REPORT }, { 'J', F_REPORT },
		{ OPT_STATS_FILE, F_REPORT }, { 't', F_TIMEOUT }, { OPT_GC, F_GC },
	};

	if (limit_index(opt) >= 0)
		return F_LIMIT;
	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++)
		if (kinds[i].opt == opt)
			return kinds[i].kind;
	return 0;
}

/* the pairs of options, as rows for cli_exclusive_or_err(), from the kinds */
static size_t exclusive_rows(const struct option *longopts, cli_excl_t *rows, size_t max)
{
	int opts[64], kinds[64], nopts = 0, x, y;
	size_t n = 0, i;

	/* every option: the long ones, and -g, which has no long form */
	opts[nopts++] = 'g';
	for (; longopts->name && nopts < (int) ARRAY_SIZE(opts); longopts++)
		opts[nopts++] = longopts->val;
	/* each option's kind once: asked in the loop below it cost 0.1 ms a run */
	for (x = 0; x < nopts; x++)
		kinds[x] = kind_of(opts[x]);
	for (i = 0; i < ARRAY_SIZE(conflicts); i++)
		for (x = 0; x < nopts; x++) {
			if (!(kinds[x] & conflicts[i].a))
				continue;
			for (y = 0; y < nopts; y++) {
				int a = opts[x], b = opts[y];

				if (!(kinds[y] & conflicts[i].b) || n == max)
					continue;
				memset(rows[n], 0, sizeof(rows[n]));
				rows[n][0] = a < b ? a : b;
				rows[n][1] = a < b ? b : a;
				n++;
			}
		}
	return n;
}

/* ------------------------------------------------------------------ */
/* the plan                                                             */

static void parse_or_err(int argc, char **argv, struct plan *p)
{
	static const struct option longopts[] = {
		{ "memory",      required_argument, NULL, 'm' },
		{ "memory-high", required_argument, NULL, OPT_MEMORY_HIGH },
		{ "swap",        required_argument, NULL, OPT_SWAP },
		{ "swappiness",  required_argument, NULL, OPT_SWAPPINESS },
		{ "cpus",        required_argument, NULL, 'c' },
		{ "cpu-weight",  required_argument, NULL, OPT_CPU_WEIGHT },
		{ "cpuset",      required_argument, NULL, OPT_CPUSET },
		{ "pids",        required_argument, NULL, 'p' },
		{ "io-weight",   required_argument, NULL, OPT_IO_WEIGHT },
		{ "io-max",      required_argument, NULL, OPT_IO_MAX },
		{ "sticky",      no_argument,       NULL, OPT_STICKY },
		{ "parent",      required_argument, NULL, 'P' },
		{ "name",        required_argument, NULL, 'n' },
		{ "keep",        no_argument,       NULL, OPT_KEEP },
		{ "exec",        no_argument,       NULL, OPT_EXEC },
		{ "gc",          no_argument,       NULL, OPT_GC },
		{ "timeout",     required_argument, NULL, 't' },
		{ "stats",       no_argument,       NULL, 's' },
		{ "json",        no_argument,       NULL, 'J' },
		{ "stats-file",  required_argument, NULL, OPT_STATS_FILE },
		{ "help",        no_argument,       NULL, 'h' },
		{ "version",     no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	cli_excl_t rows[64];
	size_t nrows = exclusive_rows(longopts, rows, ARRAY_SIZE(rows));
	int seen[ARRAY_SIZE(rows)] = { 0 }, opt, i;

	while ((opt = getopt_long(argc, argv, "+m:c:p:g:P:n:t:sJhV", longopts, NULL)) != -1) {
		cli_exclusive_or_err(opt, longopts, (const cli_excl_t *) rows, nrows, seen);
		i = limit_index(opt);
		if (i >= 0) {
			parse_limit_or_err(p, i, optarg);
			continue;
		}
		switch (opt) {
		case 'g':
			if (p->njoin == MAX_JOIN)
				errx(EXIT_FAILURE, "-g: at most %d groups", MAX_JOIN);
			if (cgroup_split_spec(optarg, &p->join[p->njoin].ctrls, &p->join[p->njoin].len,
					      &p->join[p->njoin].path) < 0)
				errx(EXIT_FAILURE, "-g: '%s': expected <controllers>:<path>, e.g. memory,pids:/group",
				     optarg);
			p->join[p->njoin++].spec = optarg;
			break;
		case OPT_STICKY:
			/* cgexec's: keep cgrulesengd off the command; we run none */
			break;
		case 'P':
			if (!cgroup_valid_path(optarg))
				errx(EXIT_FAILURE, "--parent: '%s': not a cgroup path", optarg);
			p->parent = optarg;
			break;
		case 'n':
			if (!*optarg || strchr(optarg, '/') || !strcmp(optarg, ".") ||
			    !strcmp(optarg, "..") || !cgroup_valid_path(optarg))
				errx(EXIT_FAILURE, "--name: '%s': not a cgroup name", optarg);
			p->name = optarg;
			break;
		case OPT_KEEP:
			p->keep = true;
			break;
		case OPT_EXEC:
			p->exec = true;
			break;
		case OPT_GC:
			p->gc = true;
			break;
		case 't':
			p->timeout_ns = parse_duration_or_err(optarg, "--timeout");
			break;
		case 'J':
			p->json = true;
			/* fall through */
		case 's':
			p->stats = true;
			break;
		case OPT_STATS_FILE:
			p->stats = true;
			p->stats_file = optarg;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	p->argv = argv + optind;
	if (p->gc && *p->argv)
		errx(EXIT_FAILURE, "--gc takes no command");
	if (!p->gc && !*p->argv) {
		warnx("no command given");
		cli_try_help();
	}
}

/* each limit must be applicable here: never a silent no-op */
static void check_limit(const struct cgroup_layout *lo, const struct limit_opt *l)
{
	enum cgroup_ctrl c = cgroup_knob_ctrl(l->knob);
	const struct cgroup_hier *h = cgroup_ctrl_hier(lo, c);

	if (!h)
		errx(EXIT_FAILURE, "%s: the %s controller is not available on this host",
		     l->name, cgroup_ctrl_name(c, lo->kind == CGROUP_LAYOUT_V2));
	if (!cgroup_knob_file(l->knob, h->v2))
		errx(EXIT_FAILURE, "%s: needs the %s controller on cgroup %s, but it is bound to cgroup %s here",
		     l->name, cgroup_ctrl_name(c, h->v2), h->v2 ? "v1" : "v2", h->v2 ? "v2" : "v1");
}

/* -g: the hierarchy of each controller named, as cgexec finds them */
static void find_join_or_err(const struct cgroup_layout *lo, struct plan *p, int j)
{
	const char *w = p->join[j].ctrls, *end = w + p->join[j].len;
	size_t n;
	int h;

	if (p->join[j].len == 1 && *w == '*')
		return;         /* hiers 0: every hierarchy of ours */
	if (!p->join[j].len) {
		if (lo->v2 < 0)
			errx(EXIT_FAILURE, "-g %s: no cgroup v2 hierarchy is mounted", p->join[j].spec);
		p->join[j].hiers = 1u << lo->v2;
		return;
	}
	for (; w < end; w += n + 1) {
		n = strcspn(w, ",:");
		h = cgroup_hier_by_name(lo, w, n);
		if (h < 0)
			errx(EXIT_FAILURE, "-g %s: the %.*s controller is not available on this host",
			     p->join[j].spec, (int) n, w);
		p->join[j].hiers |= 1u << h;
	}
}

static void check_plan(struct plan *p, const struct cgroup_layout *lo)
{
	const struct cgroup_hier *mem = cgroup_ctrl_hier(lo, CGROUP_MEMORY);
	size_t i;
	int j;

	for (i = 0; i < ARRAY_SIZE(limits); i++)
		if (p->given & LIMIT_BIT(i))
			check_limit(lo, &limits[i]);
	if (GIVEN(p, OPT_SWAP) && !mem->v2 && !GIVEN(p, 'm'))
		errx(EXIT_FAILURE, "--swap: cgroup v1 limits memory and swap together: give --memory too");
	for (j = 0; j < p->njoin; j++)
		find_join_or_err(lo, p, j);
}

/* ------------------------------------------------------------------ */
/* the group                                                            */

static void apply_limits(const struct plan *p, struct cgroup *cg)
{
	const struct cgroup_layout *lo = cg->lo;
	char buf[32];
	int rc, i;

	/* a v1 cpuset group must have its CPUs before anyone joins */
	if (p->cpuset_arg && (rc = cgroup_set(cg, CGK_CPUSET_CPUS, p->cpuset)) < 0)
		fail_remove(cg, rc, "--cpuset: cannot set %s to '%s'",
			    cgroup_knob_name(lo, CGK_CPUSET_CPUS), p->cpuset_arg);
	rc = cgroup_set_memory(cg, p->memory, p->memory_high, p->swap);
	if (rc < 0)
		fail_remove(cg, rc, "cannot set the memory limits (%s, %s)",
			    cgroup_knob_name(lo, CGK_MEM_MAX),
			    p->swap != CGROUP_UNSET ? cgroup_knob_name(lo, CGK_MEM_SWAP_MAX) : "no swap limit");
	if (GIVEN(p, OPT_SWAPPINESS)) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long) p->swappiness);
		if ((rc = cgroup_set(cg, CGK_MEM_SWAPPINESS, buf)) < 0)
			fail_remove(cg, rc, "--swappiness: cannot set memory.swappiness");
	}
	if (p->cpu_quota && (rc = cgroup_set_cpu_quota(cg, p->cpu_quota, p->cpu_period)) < 0)
		fail_remove(cg, rc, "--cpus: cannot set %s", cgroup_knob_name(lo, CGK_CPU_MAX));
	if (p->cpu_weight && (rc = cgroup_set_weight(cg, CGROUP_CPU, p->cpu_weight)) < 0)
		fail_remove(cg, rc, "--cpu-weight: cannot set %s", cgroup_knob_name(lo, CGK_CPU_WEIGHT));
	if (p->pids != CGROUP_UNSET) {
		if (p->pids == CGROUP_LIMIT_MAX)
			snprintf(buf, sizeof(buf), "max");
		else
			snprintf(buf, sizeof(buf), "%llu", (unsigned long long) p->pids);
		if ((rc = cgroup_set(cg, CGK_PIDS_MAX, buf)) < 0)
			fail_remove(cg, rc, "--pids: cannot set pids.max");
	}
	if (p->io_weight && (rc = cgroup_set_weight(cg, CGROUP_IO, p->io_weight)) < 0)
		fail_remove(cg, rc, "--io-weight: cannot set %s", cgroup_knob_name(lo, CGK_IO_WEIGHT));
	for (i = 0; i < p->nio; i++)
		if ((rc = cgroup_set_io_max(cg, p->io_major[i], p->io_minor[i], &p->io[i])) < 0)
			fail_remove(cg, rc, "--io-max: cannot limit %s (%s)", p->io[i].dev,
				    cgroup_knob_name(lo, CGK_IO_MAX));
}

/* the groups: joined as given, or made and limited; returns how many */
static int make_groups(struct plan *p, const struct cgroup_layout *lo,
		       struct cgroup *groups)
{
	/*
	 * The report's numbers come from the memory, pids and cpu accounting
	 * groups; without a report each extra hierarchy is only a mkdir, a
	 * move and an rmdir for nothing.  OOM detection needs the memory
	 * group either way.
	 */
	unsigned want = CGROUP_BIT(CGROUP_FREEZER) | CGROUP_BIT(CGROUP_MEMORY);
	int n, rc;

	for (n = 0; n < p->njoin; n++) {
		if (p->join[n].hiers)
			rc = cgroup_open_hiers(&groups[n], lo, p->join[n].hiers, p->join[n].path);
		else
			rc = cgroup_open(&groups[n], lo, CGROUP_ALL, p->join[n].path);
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "-g %s", p->join[n].spec);
	}
	if (p->njoin)
		return n;
	if (p->stats)
		want |= CGROUP_BIT(CGROUP_PIDS) | CGROUP_BIT(CGROUP_CPUACCT);
	/* locked and marked for as long as we run: --gc takes it only after */
	rc = cgroup_create_run(&groups[0], lo, p->parent, p->name, want, p->need);
	if (rc == -ENOENT)
		cli_errc(EXIT_FAILURE, rc, "cannot create a cgroup below %s (does it exist in every hierarchy?)",
			 p->parent);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot create a cgroup below %s", p->parent);
	apply_limits(p, &groups[0]);
	return 1;
}

static uint64_t elapsed_usec(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t) (t.tv_sec - t0->tv_sec) * 1000000 +
	       (uint64_t) ((t.tv_nsec - t0->tv_nsec) / 1000);
}

/* ------------------------------------------------------------------ */
/* waiting                                                              */

/* what the --timeout alarm needs, set before it is armed */
static volatile sig_atomic_t timed_out;
static int kill_fd = -1;       /* the group's cgroup.kill, or -1 */
static pid_t command;

/* at --timeout: the whole group at once where cgroup.kill is, else the command */
static void on_timeout(int sig)
{
	int saved = errno;

	(void) sig;
	timed_out = 1;
	if (kill_fd < 0 || write(kill_fd, "1", 1) != 1)
		kill(command, SIGKILL);
	errno = saved;
}

/* the command has had the signal already: the rest of our group gets it too */
static void to_group(int sig, void *data)
{
	cgroup_signal(data, sig, command);
}

static void arm_timeout(struct cgroup *own, uint64_t ns)
{
	struct itimerval it = { { 0, 0 }, { (time_t) (ns / 1000000000),
					    (suseconds_t) (ns % 1000000000 / 1000) } };
	struct sigaction sa = { .sa_handler = on_timeout };

	if (!it.it_value.tv_sec && !it.it_value.tv_usec)
		it.it_value.tv_usec = 1;
	if (own && cgroup_v2_fd(own) >= 0)
		kill_fd = openat(cgroup_v2_fd(own), "cgroup.kill", O_WRONLY | O_CLOEXEC);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* kill what the command left in the group, reaping those that were ours */
static int kill_strays(struct cgroup *cg)
{
	int n = cgroup_count(cg), i;

	if (n > 0)
		n = cgroup_kill(cg);
	for (i = 0; n > 0 && i < 2000; i++) {
		child_reap_ready();
		if (cgroup_wait_empty(cg, 1) == 0)
			break;
	}
	/*
	 * The group empties as the tasks exit, a moment before they become
	 * zombies: reap the orphans we inherited, bounded, since one that
	 * left the group (root may move itself) is no business of ours.
	 */
	child_reap_orphans(100);
	return n < 0 ? 0 : n;
}

/* ------------------------------------------------------------------ */
/* the run                                                              */

/* the exit code, or -1 to leave as the command did (its wait status in @status) */
static int run(struct plan *p, const struct cgroup_layout *lo, const sigset_t *fwd,
	       const sigset_t *oldmask, FILE *out, int *status)
{
	struct cgroup groups[MAX_JOIN];
	struct cgroup *own = p->njoin ? NULL : &groups[0];
	struct outcome o = { .layout = cgroup_layout_kind_name(lo->kind) };
	struct timespec t0;
	struct rusage ru;
	int ngroups, rc, attach_err = 0;
	char group[4096];

	ngroups = make_groups(p, lo, groups);
	snprintf(group, sizeof(group), "%s", groups[0].path);
	o.group = group;
	if (p->exec)
		exec_in(p->argv, groups, ngroups, !p->njoin, oldmask);

	/* as subreaper we inherit the command's orphans and can reap them */
	if (own)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	command = start(p->argv, groups, ngroups, oldmask, &attach_err);
	if (command < 0 || attach_err < 0) {
		rc = command < 0 ? (int) command : attach_err;
		if (command > 0)
			child_wait(command, &o.status);
		if (own)
			fail_remove(own, rc, "cannot start %s in %s", p->argv[0], group);
		cli_errc(EXIT_FAILURE, rc, "cannot start %s in %s", p->argv[0], group);
	}
	/* from here on a kept group is the user's: remove nothing, kill nothing */
	if (p->keep) {
		cgroup_unmark(own);
		own->created = false;
	}
	if (p->timeout_ns)
		arm_timeout(own, p->timeout_ns);

	/* wait, passing signals on to the whole group (a joined one is not ours) */
	rc = child_wait_forward_reap(command, fwd, &o.status, own ? to_group : NULL, own);
	o.wall_usec = elapsed_usec(&t0);
	if (rc < 0)
		cli_warnc(rc, "waiting for %s", p->argv[0]);
	if (p->timeout_ns)
		setitimer(ITIMER_REAL, &(struct itimerval) { { 0, 0 }, { 0, 0 } }, NULL);
	o.timed_out = timed_out;
	memset(&o.st, 0xff, sizeof(o.st));
	if (!own) {
		/* a joined group is shared: only the command's own numbers are its */
		getrusage(RUSAGE_CHILDREN, &ru);
		o.st.user_usec = (uint64_t) ru.ru_utime.tv_sec * 1000000 + (uint64_t) ru.ru_utime.tv_usec;
		o.st.system_usec = (uint64_t) ru.ru_stime.tv_sec * 1000000 + (uint64_t) ru.ru_stime.tv_usec;
		o.st.memory_peak = (uint64_t) ru.ru_maxrss * 1024;
		for (int i = 0; i < ngroups; i++)
			cgroup_close(&groups[i]);
	} else {
		if (!p->keep)
			o.strays = kill_strays(own);
		/*
		 * Without a report only the OOM verdict is wanted, and only
		 * for a command killed by SIGKILL: else it is never asked.
		 */
		if (p->stats)
			cgroup_read_stats(own, &o.st);
		else if (WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGKILL)
			o.st.oom_kills = cgroup_read_oom_kills(own);
		if (kill_fd >= 0)
			close(kill_fd);
		/* remove ours, and any a killed run left behind */
		rc = cgroup_remove(own);
		if (rc < 0)
			cli_warnc(rc, "cannot remove cgroup %s", group);
		cgroup_gc(lo, p->parent, ~0u);
	}

	/* the report, and the exit status */
	if (p->stats) {
		report(out, p->json, &o);
		if (out != stderr && (ferror(out) | fclose(out)) != 0)
			cli_errc(EXIT_FAILURE, errno ? errno : EIO, "write error");
	}
	if (o.timed_out)
		return 124;
	if (WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGKILL &&
	    o.st.oom_kills != UINT64_MAX && o.st.oom_kills > 0) {
		char lim[32];

		if (p->memory != CGROUP_UNSET && p->memory != CGROUP_LIMIT_MAX)
			warnx("%s was killed by the OOM killer (memory limit %s)", p->argv[0],
			      cgroup_format_size(p->memory, lim, sizeof(lim)));
		else
			warnx("%s was killed by the OOM killer", p->argv[0]);
		return 137;
	}
	*status = o.status;
	return -1;
}

int main(int argc, char **argv)
{
	struct plan p = {
		.memory = CGROUP_UNSET, .memory_high = CGROUP_UNSET,
		.swap = CGROUP_UNSET, .pids = CGROUP_UNSET, .parent = "/",
	};
	struct cgroup_layout lo;
	sigset_t fwd, oldmask;
	FILE *out = stderr;
	int rc, status = 0;

	cli_close_stdout_atexit();
	/* 1. the plan: every option and combination, before anything is made */
	parse_or_err(argc, argv, &p);

	/* 2. the layout, and whether it can do all that was asked */
	rc = cgroup_layout_detect("", &lo);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read the cgroup layout from /proc/self/mountinfo");
	if (lo.kind == CGROUP_LAYOUT_NONE)
		errx(EXIT_FAILURE, "no cgroup hierarchy is mounted");
	check_plan(&p, &lo);

	if (p.gc) {
		rc = cgroup_gc(&lo, p.parent, ~0u);
		cgroup_layout_free(&lo);
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "--gc: %s", p.parent);
		return EXIT_SUCCESS;
	}

	/* 3. the report's file, so that a bad path fails before the run */
	if (p.stats_file) {
		out = fopen(p.stats_file, "we");
		if (!out)
			cli_errc(EXIT_FAILURE, errno, "--stats-file: cannot open %s", p.stats_file);
	}

	/*
	 * 4. Signals are blocked before the group is made, so that none lost
	 * between then and the wait kills us with the group half made: one
	 * that comes meanwhile waits, and then goes to the command.
	 */
	child_forward_set(&fwd);
	sigdelset(&fwd, SIGUSR1);
	sigdelset(&fwd, SIGUSR2);
	sigdelset(&fwd, SIGWINCH);
	sigaddset(&fwd, SIGCHLD);
	sigprocmask(SIG_BLOCK, &fwd, &oldmask);
	sigdelset(&fwd, SIGCHLD);

	/* 5. make, limit, start, wait, clean up, report */
	rc = run(&p, &lo, &fwd, &oldmask, out, &status);
	cgroup_layout_free(&lo);
	if (rc >= 0)
		return rc;
	exit_like(status);
}

/*
 * xcgexec - run a command in a fresh cgroup with limits, wait, report what
 * it used and remove the group; a peer of libcgroup's cgexec(1), which only
 * joins existing groups.
 *
 * Reads top to bottom: usage, options, the checks that every limit can be
 * applied on this host's layout, then the run: create, limit, start inside,
 * wait (forwarding signals, enforcing --timeout), kill what is left, read
 * the numbers, remove, report.
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
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_JOIN 16
#define MAX_IO   16

struct plan {
	uint64_t memory, memory_high, swap, pids;  /* CGROUP_UNSET when not given */
	int swappiness;                            /* -1: not given */
	uint64_t cpu_quota, cpu_period;            /* 0: no --cpus */
	uint64_t cpu_weight, io_weight;            /* 0: not given */
	const char *cpuset_arg;
	char cpuset[1024];
	struct cgroup_io_max io[MAX_IO];
	unsigned io_major[MAX_IO], io_minor[MAX_IO];
	int nio;
	unsigned need;                             /* controllers the limits use */

	struct { unsigned ctrls; const char *spec, *path; } join[MAX_JOIN];
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
	      " -g <controllers>:<path>    join an existing group instead (repeatable)\n"
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
/* option values                                                        */

/* a size, or "max" for no limit */
static uint64_t limit_or_err(const char *s, const char *what)
{
	if (!strcmp(s, "max"))
		return CGROUP_LIMIT_MAX;
	return parse_size_or_err(s, what);
}

static uint64_t ranged_or_err(const char *s, const char *what, uint64_t lo, uint64_t hi)
{
	uint64_t v = parse_u64_or_err(s, what);

	if (v < lo || v > hi)
		errx(EXIT_FAILURE, "%s: '%s': out of range (%llu-%llu)", what, s,
		     (unsigned long long) lo, (unsigned long long) hi);
	return v;
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
			err(EXIT_FAILURE, "--io-max: %s", io->dev);
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

/* ------------------------------------------------------------------ */
/* combinations                                                         */

enum {
	F_JOIN = 1 << 0, F_LIMIT = 1 << 1, F_PARENT = 1 << 2, F_NAME = 1 << 3,
	F_KEEP = 1 << 4, F_EXEC = 1 << 5, F_REPORT = 1 << 6, F_TIMEOUT = 1 << 7,
	F_GC = 1 << 8, F_NFLAGS = 9
};

/* options that make no sense together, checked once */
static const struct { int a, b; } conflicts[] = {
	{ F_JOIN, F_LIMIT }, { F_JOIN, F_PARENT }, { F_JOIN, F_NAME }, { F_JOIN, F_KEEP },
	{ F_EXEC, F_REPORT }, { F_EXEC, F_TIMEOUT }, { F_EXEC, F_KEEP },
	{ F_GC, F_JOIN }, { F_GC, F_LIMIT }, { F_GC, F_NAME }, { F_GC, F_KEEP },
	{ F_GC, F_EXEC }, { F_GC, F_REPORT }, { F_GC, F_TIMEOUT },
};

static const char *seen_as[F_NFLAGS];   /* the option that set each flag first */
static int seen;

static void saw(int flag, const char *opt)
{
	int i = __builtin_ctz((unsigned) flag);

	if (!seen_as[i])
		seen_as[i] = opt;
	seen |= flag;
}

static void check_conflicts(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(conflicts); i++)
		if ((seen & conflicts[i].a) && (seen & conflicts[i].b)) {
			warnx("%s and %s cannot be used together",
			      seen_as[__builtin_ctz((unsigned) conflicts[i].a)],
			      seen_as[__builtin_ctz((unsigned) conflicts[i].b)]);
			cli_try_help();
		}
}

/* each limit must be applicable here: never a silent no-op */
static void check_limit(const struct cgroup_layout *lo, enum cgroup_knob k,
			const char *opt)
{
	enum cgroup_ctrl c = cgroup_knob_ctrl(k);
	const struct cgroup_hier *h = cgroup_ctrl_hier(lo, c);

	if (!h)
		errx(EXIT_FAILURE, "%s: the %s controller is not available on this host",
		     opt, cgroup_ctrl_name(c, lo->kind == CGROUP_LAYOUT_V2));
	if (!cgroup_knob_file(k, h->v2))
		errx(EXIT_FAILURE, "%s: needs the %s controller on cgroup %s, but it is bound to cgroup %s here",
		     opt, cgroup_ctrl_name(c, h->v2), h->v2 ? "v1" : "v2", h->v2 ? "v2" : "v1");
}

static void check_plan(struct plan *p, const struct cgroup_layout *lo)
{
	const struct cgroup_hier *mem = cgroup_ctrl_hier(lo, CGROUP_MEMORY);
	int i, c;

	if (p->memory != CGROUP_UNSET)
		check_limit(lo, CGK_MEM_MAX, "--memory");
	if (p->memory_high != CGROUP_UNSET)
		check_limit(lo, CGK_MEM_HIGH, "--memory-high");
	if (p->swap != CGROUP_UNSET) {
		check_limit(lo, CGK_MEM_SWAP_MAX, "--swap");
		if (!mem->v2 && p->memory == CGROUP_UNSET)
			errx(EXIT_FAILURE, "--swap: cgroup v1 limits memory and swap together: give --memory too");
	}
	if (p->swappiness >= 0)
		check_limit(lo, CGK_MEM_SWAPPINESS, "--swappiness");
	if (p->cpu_quota)
		check_limit(lo, CGK_CPU_MAX, "--cpus");
	if (p->cpu_weight)
		check_limit(lo, CGK_CPU_WEIGHT, "--cpu-weight");
	if (p->cpuset_arg)
		check_limit(lo, CGK_CPUSET_CPUS, "--cpuset");
	if (p->pids != CGROUP_UNSET)
		check_limit(lo, CGK_PIDS_MAX, "--pids");
	if (p->io_weight)
		check_limit(lo, CGK_IO_WEIGHT, "--io-weight");
	if (p->nio)
		check_limit(lo, CGK_IO_MAX, "--io-max");
	for (i = 0; i < p->njoin; i++)
		for (c = 0; c < CGROUP_NCTRL; c++)
			if (p->join[i].ctrls != CGROUP_ALL &&
			    (p->join[i].ctrls & CGROUP_BIT(c)) && !cgroup_ctrl_hier(lo, c))
				errx(EXIT_FAILURE, "-g %s: the %s controller is not available on this host",
				     p->join[i].spec, cgroup_ctrl_name(c, false));
}

/* ------------------------------------------------------------------ */
/* the group                                                            */

/* say why (as err() does, with -@rc) after removing the half-made group */
static noreturn void fail_remove(struct cgroup *cg, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static noreturn void fail_remove(struct cgroup *cg, int rc, const char *fmt, ...)
{
	va_list ap;

	cgroup_remove(cg);
	va_start(ap, fmt);
	errno = -rc;
	verr(EXIT_FAILURE, fmt, ap);
}

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
	if (p->swappiness >= 0) {
		snprintf(buf, sizeof(buf), "%d", p->swappiness);
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

/* ------------------------------------------------------------------ */
/* starting the command inside                                          */

/* what the child says before exec: nothing when the exec happened */
struct start_msg {
	int attach;   /* -errno joining a group */
	int exec;     /* errno of a failed exec */
};

struct start_ctx {
	char **argv;
	struct cgroup *groups;
	int ngroups;
	const sigset_t *oldmask;
	int fd;       /* write end of a close-on-exec pipe */
};

/* in the child, on our memory until exec: syscalls only (child_vfork) */
static int start_child(void *data)
{
	struct start_ctx *c = data;
	struct start_msg m = { 0, 0 };
	int i;

	for (i = 0; i < c->ngroups && m.attach == 0; i++)
		m.attach = cgroup_attach(&c->groups[i], 0, false);
	if (m.attach == 0) {
		sigprocmask(SIG_SETMASK, c->oldmask, NULL);
		execvp(c->argv[0], c->argv);
		m.exec = errno;
	}
	if (write(c->fd, &m, sizeof(m)) < 0)
		return EXIT_FAILURE;
	if (m.attach)
		return EXIT_FAILURE;
	return m.exec == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
}

/*
 * The child joins every group, then execs.  It borrows our memory until
 * then (child_vfork): copying page tables for a process that execs at once
 * cost more than anything else we add to the command.  What went wrong
 * comes back over a close-on-exec pipe, EOF meaning the exec happened; a
 * failed exec is told as exec_or_die() would, and the run goes on to reap,
 * report and clean up with the child's 126 or 127.
 */
static pid_t start(char **argv, struct cgroup *groups, int ngroups,
		   const sigset_t *oldmask, int *attach_err)
{
	struct start_ctx c = { argv, groups, ngroups, oldmask, -1 };
	struct start_msg m;
	int pfd[2];
	pid_t pid;
	ssize_t n;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	c.fd = pfd[1];
	pid = child_vfork(start_child, &c);
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return pid;
	}
	do
		n = read(pfd[0], &m, sizeof(m));
	while (n < 0 && errno == EINTR);
	close(pfd[0]);
	*attach_err = 0;
	if (n != sizeof(m))
		return pid;
	if (m.attach < 0)
		*attach_err = m.attach;
	else if (m.exec) {
		errno = m.exec;
		warn("failed to execute %s", argv[0]);
	}
	return pid;
}

static uint64_t elapsed_usec(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t) (t.tv_sec - t0->tv_sec) * 1000000 +
	       (uint64_t) ((t.tv_nsec - t0->tv_nsec) / 1000);
}

/*
 * Wait for @pid, reaping the orphans we inherit as subreaper.  Signals in
 * @fwd go to the whole group (@own) or only the command (a joined group is
 * not ours to signal); at @timeout_ns the group is killed.
 */
static int wait_run(pid_t pid, struct cgroup *own, const sigset_t *fwd,
		    uint64_t timeout_ns, const struct timespec *t0,
		    struct outcome *o, struct rusage *ru)
{
	sigset_t set = *fwd;
	struct timespec ts;
	uint64_t left;
	int ws, sig;
	pid_t r;

	sigaddset(&set, SIGCHLD);
	for (;;) {
		while ((r = wait4(-1, &ws, WNOHANG, ru)) > 0)
			if (r == pid) {
				o->status = ws;
				return 0;
			}
		if (r < 0 && errno != EINTR)
			return -errno;
		if (timeout_ns && !o->timed_out) {
			left = elapsed_usec(t0) * 1000;
			left = left >= timeout_ns ? 0 : timeout_ns - left;
			ts.tv_sec = (time_t) (left / 1000000000);
			ts.tv_nsec = (long) (left % 1000000000);
			sig = left ? sigtimedwait(&set, NULL, &ts) : (errno = EAGAIN, -1);
		} else {
			sig = sigwaitinfo(&set, NULL);
		}
		if (sig < 0 && errno == EAGAIN) {
			o->timed_out = true;
			if (!own || cgroup_kill(own) < 0)
				kill(pid, SIGKILL);
			continue;
		}
		if (sig < 0 || sig == SIGCHLD)
			continue;
		if (!own || cgroup_signal(own, sig, 0) < 0)
			kill(pid, sig);
	}
}

/* kill what the command left in the group, reaping those that were ours */
static int kill_strays(struct cgroup *cg)
{
	int n = cgroup_count(cg), i;

	if (n > 0)
		n = cgroup_kill(cg);
	for (i = 0; n > 0 && i < 2000; i++) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (cgroup_wait_empty(cg, 1) == 0)
			break;
	}
	/*
	 * The group empties as the tasks exit, a moment before they become
	 * zombies: reap the orphans we inherited, bounded, since one that
	 * left the group (root may move itself) is no business of ours.
	 */
	for (i = 0; i < 100; i++) {
		pid_t r = waitpid(-1, NULL, WNOHANG);

		if (r < 0 && errno == ECHILD)
			break;
		if (r <= 0) {
			struct timespec ms = { 0, 1000000 };

			nanosleep(&ms, NULL);
		}
	}
	return n < 0 ? 0 : n;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	enum {
		OPT_MEMORY_HIGH = CHAR_MAX + 1, OPT_SWAP, OPT_SWAPPINESS, OPT_CPU_WEIGHT,
		OPT_CPUSET, OPT_IO_WEIGHT, OPT_IO_MAX, OPT_KEEP, OPT_EXEC, OPT_GC,
		OPT_STATS_FILE,
	};
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
	struct plan p = {
		.memory = CGROUP_UNSET, .memory_high = CGROUP_UNSET,
		.swap = CGROUP_UNSET, .pids = CGROUP_UNSET, .swappiness = -1,
		.parent = "/",
	};
	struct cgroup_layout lo;
	struct cgroup groups[MAX_JOIN];
	struct outcome o = { 0 };
	struct timespec t0;
	struct rusage ru = { 0 };
	sigset_t fwd, oldmask;
	int ngroups, opt, rc, i, attach_err = 0;
	FILE *out = stderr;
	uint64_t ppm;
	pid_t pid;

	while ((opt = getopt_long(argc, argv, "+m:c:p:g:P:n:t:sJhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'm':
			p.memory = limit_or_err(optarg, "--memory");
			p.need |= CGROUP_BIT(CGROUP_MEMORY);
			saw(F_LIMIT, "--memory");
			break;
		case OPT_MEMORY_HIGH:
			p.memory_high = limit_or_err(optarg, "--memory-high");
			p.need |= CGROUP_BIT(CGROUP_MEMORY);
			saw(F_LIMIT, "--memory-high");
			break;
		case OPT_SWAP:
			p.swap = limit_or_err(optarg, "--swap");
			p.need |= CGROUP_BIT(CGROUP_MEMORY);
			saw(F_LIMIT, "--swap");
			break;
		case OPT_SWAPPINESS:
			p.swappiness = (int) ranged_or_err(optarg, "--swappiness", 0, 100);
			p.need |= CGROUP_BIT(CGROUP_MEMORY);
			saw(F_LIMIT, "--swappiness");
			break;
		case 'c':
			rc = parse_fraction(optarg, &ppm);
			if (rc == 0)
				rc = cgroup_cpu_quota(ppm, &p.cpu_quota, &p.cpu_period);
			if (rc < 0)
				errx(EXIT_FAILURE, "--cpus: '%s': %s", optarg,
				     rc == -ERANGE ? "out of range (at least 0.01)" : "invalid value");
			p.need |= CGROUP_BIT(CGROUP_CPU);
			saw(F_LIMIT, "--cpus");
			break;
		case OPT_CPU_WEIGHT:
			p.cpu_weight = ranged_or_err(optarg, "--cpu-weight", 1, 10000);
			p.need |= CGROUP_BIT(CGROUP_CPU);
			saw(F_LIMIT, "--cpu-weight");
			break;
		case OPT_CPUSET:
			rc = cgroup_parse_cpuset(optarg, p.cpuset, sizeof(p.cpuset));
			if (rc < 0)
				errx(EXIT_FAILURE, "--cpuset: '%s': %s", optarg,
				     rc == -ERANGE ? "out of range" : "invalid CPU list");
			p.cpuset_arg = optarg;
			p.need |= CGROUP_BIT(CGROUP_CPUSET);
			saw(F_LIMIT, "--cpuset");
			break;
		case 'p':
			p.pids = strcmp(optarg, "max") ? parse_u64_or_err(optarg, "--pids") :
				 CGROUP_LIMIT_MAX;
			if (p.pids != CGROUP_LIMIT_MAX && p.pids > INT32_MAX)
				errx(EXIT_FAILURE, "--pids: '%s': out of range", optarg);
			p.need |= CGROUP_BIT(CGROUP_PIDS);
			saw(F_LIMIT, "--pids");
			break;
		case OPT_IO_WEIGHT:
			p.io_weight = ranged_or_err(optarg, "--io-weight", 1, 10000);
			p.need |= CGROUP_BIT(CGROUP_IO);
			saw(F_LIMIT, "--io-weight");
			break;
		case OPT_IO_MAX:
			add_io_max_or_err(&p, optarg);
			p.need |= CGROUP_BIT(CGROUP_IO);
			saw(F_LIMIT, "--io-max");
			break;
		case 'g':
			if (p.njoin == MAX_JOIN)
				errx(EXIT_FAILURE, "-g: at most %d groups", MAX_JOIN);
			if (cgroup_parse_spec(optarg, &p.join[p.njoin].ctrls, &p.join[p.njoin].path) < 0)
				errx(EXIT_FAILURE, "-g: '%s': expected <controllers>:<path>, e.g. memory,pids:/group",
				     optarg);
			p.join[p.njoin++].spec = optarg;
			saw(F_JOIN, "-g");
			break;
		case 'P':
			if (!cgroup_valid_path(optarg))
				errx(EXIT_FAILURE, "--parent: '%s': not a cgroup path", optarg);
			p.parent = optarg;
			saw(F_PARENT, "--parent");
			break;
		case 'n':
			if (!*optarg || strchr(optarg, '/') || !strcmp(optarg, ".") ||
			    !strcmp(optarg, "..") || !cgroup_valid_path(optarg))
				errx(EXIT_FAILURE, "--name: '%s': not a cgroup name", optarg);
			p.name = optarg;
			saw(F_NAME, "--name");
			break;
		case OPT_KEEP:
			p.keep = true;
			saw(F_KEEP, "--keep");
			break;
		case OPT_EXEC:
			p.exec = true;
			saw(F_EXEC, "--exec");
			break;
		case OPT_GC:
			p.gc = true;
			saw(F_GC, "--gc");
			break;
		case 't':
			p.timeout_ns = parse_duration_or_err(optarg, "--timeout");
			saw(F_TIMEOUT, "--timeout");
			break;
		case 's':
			p.stats = true;
			saw(F_REPORT, "--stats");
			break;
		case 'J':
			p.stats = p.json = true;
			saw(F_REPORT, "--json");
			break;
		case OPT_STATS_FILE:
			p.stats = true;
			p.stats_file = optarg;
			saw(F_REPORT, "--stats-file");
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	p.argv = argv + optind;

	/* 1. every combination, before anything is created */
	check_conflicts();
	if (p.gc && *p.argv)
		errx(EXIT_FAILURE, "--gc takes no command");
	if (!p.gc && !*p.argv) {
		warnx("no command given");
		cli_try_help();
	}

	/* 2. the layout, and whether it can do all that was asked */
	rc = cgroup_layout_detect("", &lo);
	if (rc < 0) {
		errno = -rc;
		err(EXIT_FAILURE, "cannot read the cgroup layout from /proc/self/mountinfo");
	}
	if (lo.kind == CGROUP_LAYOUT_NONE)
		errx(EXIT_FAILURE, "no cgroup hierarchy is mounted");
	check_plan(&p, &lo);

	if (p.gc) {
		rc = cgroup_gc(&lo, p.parent, ~0u);
		if (rc < 0) {
			errno = -rc;
			err(EXIT_FAILURE, "--gc: %s", p.parent);
		}
		return EXIT_SUCCESS;
	}

	/* 3. the report's file, so that a bad path fails before the run */
	if (p.stats_file) {
		out = fopen(p.stats_file, "we");
		if (!out)
			err(EXIT_FAILURE, "--stats-file: cannot open %s", p.stats_file);
	}

	/* 4. the groups: joined as given, or made and limited */
	if (p.njoin) {
		for (ngroups = 0; ngroups < p.njoin; ngroups++) {
			rc = cgroup_open(&groups[ngroups], &lo, p.join[ngroups].ctrls,
					 p.join[ngroups].path);
			if (rc < 0) {
				errno = -rc;
				err(EXIT_FAILURE, "-g %s", p.join[ngroups].spec);
			}
		}
		o.group = xstrdup(groups[0].path);
	} else {
		/*
		 * The report's numbers come from the memory, pids and cpu
		 * accounting groups; without a report each extra hierarchy is
		 * only a mkdir, a move and an rmdir for nothing.  OOM detection
		 * needs the memory group either way.
		 */
		unsigned want = CGROUP_BIT(CGROUP_FREEZER) | CGROUP_BIT(CGROUP_MEMORY);

		if (p.stats)
			want |= CGROUP_BIT(CGROUP_PIDS) | CGROUP_BIT(CGROUP_CPUACCT);

		ngroups = 1;
		rc = cgroup_create(&groups[0], &lo, p.parent, p.name, want, p.need);
		if (rc < 0) {
			errno = -rc;
			if (rc == -ENOENT)
				err(EXIT_FAILURE, "cannot create a cgroup below %s (does it exist in every hierarchy?)",
				    p.parent);
			err(EXIT_FAILURE, "cannot create a cgroup below %s", p.parent);
		}
		apply_limits(&p, &groups[0]);
		o.group = xstrdup(groups[0].path);
	}
	o.layout = cgroup_layout_kind_name(lo.kind);

	/* 5. --exec: join and become the command, as cgexec does */
	if (p.exec) {
		for (i = 0; i < ngroups; i++) {
			rc = cgroup_attach(&groups[i], 0, false);
			if (rc < 0) {
				if (!p.njoin)
					fail_remove(&groups[0], rc, "cannot join %s", o.group);
				errno = -rc;
				err(EXIT_FAILURE, "cannot join %s", groups[i].path);
			}
		}
		exec_or_die(p.argv);
	}

	/*
	 * 6. start the command inside.  Signals are blocked first so none is
	 * lost before the wait; as subreaper we inherit the command's orphans
	 * and can reap them once they are killed.
	 */
	child_forward_set(&fwd);
	sigdelset(&fwd, SIGUSR1);
	sigdelset(&fwd, SIGUSR2);
	sigdelset(&fwd, SIGWINCH);
	sigaddset(&fwd, SIGCHLD);
	sigprocmask(SIG_BLOCK, &fwd, &oldmask);
	sigdelset(&fwd, SIGCHLD);
	if (!p.njoin)
		prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = start(p.argv, groups, ngroups, &oldmask, &attach_err);
	if (pid < 0 || attach_err < 0) {
		rc = pid < 0 ? (int) pid : attach_err;
		if (pid > 0)
			child_wait(pid, &o.status);
		if (!p.njoin)
			fail_remove(&groups[0], rc, "cannot start %s in %s", p.argv[0], o.group);
		errno = -rc;
		err(EXIT_FAILURE, "cannot start %s in %s", p.argv[0], o.group);
	}

	/* from here on a kept group is the user's: remove nothing, kill nothing */
	if (p.keep)
		groups[0].created = false;

	/* 7. wait; then kill what the command left behind */
	rc = wait_run(pid, p.njoin ? NULL : &groups[0], &fwd, p.timeout_ns, &t0, &o, &ru);
	o.wall_usec = elapsed_usec(&t0);
	if (rc < 0) {
		errno = -rc;
		warn("waiting for %s", p.argv[0]);
	}
	memset(&o.st, 0xff, sizeof(o.st));
	if (p.njoin) {
		/* a joined group is shared: only the command's own numbers are its */
		o.st.user_usec = (uint64_t) ru.ru_utime.tv_sec * 1000000 + (uint64_t) ru.ru_utime.tv_usec;
		o.st.system_usec = (uint64_t) ru.ru_stime.tv_sec * 1000000 + (uint64_t) ru.ru_stime.tv_usec;
		o.st.memory_peak = (uint64_t) ru.ru_maxrss * 1024;
		for (i = 0; i < ngroups; i++)
			cgroup_close(&groups[i]);
	} else {
		unsigned used = cgroup_hiers(&groups[0]);

		if (!p.keep)
			o.strays = kill_strays(&groups[0]);
		/* without a report only the OOM verdict is wanted */
		if (p.stats)
			cgroup_read_stats(&groups[0], &o.st);
		else
			o.st.oom_kills = cgroup_read_oom_kills(&groups[0]);
		/* 8. remove ours, and any a killed run left behind */
		rc = cgroup_remove(&groups[0]);
		if (rc < 0) {
			errno = -rc;
			warn("cannot remove cgroup %s", o.group);
		}
		cgroup_gc(&lo, p.parent, used);
	}

	/* 9. the report and the exit status */
	if (p.stats) {
		report(out, p.json, &o);
		if (out != stderr && fclose(out) != 0)
			warn("--stats-file: %s", p.stats_file);
	}
	cgroup_layout_free(&lo);
	if (o.timed_out)
		return 124;
	if (WIFSIGNALED(o.status) && WTERMSIG(o.status) == SIGKILL &&
	    o.st.oom_kills != UINT64_MAX && o.st.oom_kills > 0) {
		char lim[32];

		if (p.memory != CGROUP_UNSET && p.memory != CGROUP_LIMIT_MAX)
			warnx("%s was killed by the OOM killer (memory limit %s)", p.argv[0],
			      cgroup_format_size(p.memory, lim, sizeof(lim)));
		else
			warnx("%s was killed by the OOM killer", p.argv[0]);
		return 137;
	}
	exit_like(o.status);
}

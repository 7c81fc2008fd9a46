/*
 * xnsenter - run a program in the namespaces of other processes, a peer of
 * nsenter(1)
 *
 * Reads top to bottom: usage, options, the checks that combinations make
 * sense, then the plan carried out in the order the kernel requires: open
 * everything while we still see the caller's /proc and files, enter the
 * namespaces, change root and directory, join the cgroups, fork for a PID
 * namespace, change credentials, exec.
 */
#include "compat.h"
#include "caps.h"
#include "cgjoin.h"
#include "child.h"
#include "cleanup.h"
#include "cli.h"
#include "ns.h"
#include "netns.h"
#include "nshandle.h"
#include "nsjoin.h"
#include "parse.h"
#include "proc.h"

#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct plan {
	pid_t pid;                      /* 0: no --target */
	const char *target;             /* as given, for messages */
	uint64_t pin_ino;               /* the :INODE of --target, 0: none */
	bool all;
	int want;                       /* CLONE_NEW* to enter */
	const char *file[NS_NKINDS];    /* --net=FILE and friends, by table index */
	int sock_fd;                    /* --net-socket, or -1 */
	bool user_parent;

	bool set_uid, set_gid, follow_uid, follow_gid;
	uid_t uid;
	gid_t gid;
	bool preserve_cred, keep_caps;

	bool root_target, wd_target;    /* -r, -w without a directory */
	const char *root_dir, *wd_dir, *wdns;
	bool env, join_cgroup;
	int fork;                       /* -1: only to enter a PID namespace */
	char **argv;                    /* NULL: the user's shell */
	enum session_mode session;      /* --new-session, --keep-session */
};

/* what the plan opened before entering anything */
struct state {
	struct nsjoin j;                /* the target pinned (j.pidfd), the files
	                                   to enter, what is entered (j.entered) */
	int piddir;                     /* the target's /proc/PID, or -1 */
	int root_fd, wd_fd;
	char *environ;                  /* NUL-separated, as /proc/PID/environ */
	ssize_t environ_len;
	int env_err;                    /* why environ could not be read yet */
	int *cg_fds;                    /* cgroup.procs of each hierarchy, -1 ended */
	bool groups_dropped;            /* setgroups() worked before setns() */
};

static noreturn void usage(void)
{
	fputs("\nUsage:\n"
	      " xnsenter [options] [<program> [<argument>...]]\n"
	      "\nRun a program with namespaces of other processes.\n"
	      "\nOptions:\n"
	      " -a, --all                     enter all namespaces\n"
	      " -t, --target <pid>[:<inode>]  target process to get namespaces from\n"
	      " -m, --mount[=<file>|=:<nsid>] enter mount namespace\n"
	      " -u, --uts[=<file>|=:<nsid>]   enter UTS namespace (hostname etc)\n"
	      " -i, --ipc[=<file>|=:<nsid>]   enter System V IPC namespace\n"
	      " -n, --net[=<file>|=<name>|=:<nsid>]\n"
	      "                               enter network namespace (or one named by ip netns)\n"
	      " -N, --net-socket <fd>         enter socket's network namespace (needs --target)\n"
	      " -p, --pid[=<file>|=:<nsid>]   enter pid namespace\n"
	      " -C, --cgroup[=<file>|=:<nsid>]  enter cgroup namespace\n"
	      " -U, --user[=<file>|=:<nsid>]  enter user namespace\n"
	      "     --user-parent             enter parent user namespace\n"
	      " -T, --time[=<file>|=:<nsid>]  enter time namespace\n"
	      " -S, --setuid <uid>|follow     set uid in entered namespace\n"
	      " -G, --setgid <gid>|follow     set gid in entered namespace\n"
	      "     --preserve-credentials    do not touch uids or gids\n"
	      "     --keep-caps               retain capabilities granted in user namespaces\n"
	      " -r, --root[=<dir>]            set the root directory\n"
	      " -w, --wd[=<dir>]              set the working directory\n"
	      " -W, --wdns <dir>              set the working directory in namespace\n"
	      " -e, --env                     inherit environment variables from target process\n"
	      " -F, --no-fork                 do not fork before exec'ing <program>\n"
	      " -c, --join-cgroup             join the cgroups of the target process\n"
	      "     --new-session             run <program> in a new session\n"
	      "     --keep-session            keep the terminal's session even for another\n"
	      "                                 user (it can then type into it: TIOCSTI)\n"
	      "\n"
	      " -h, --help                    display this help\n"
	      " -V, --version                 display version\n"
	      "\nSee xnsenter(1).\n", stdout);
	exit(EXIT_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* option values                                                        */

static size_t type_index(const struct ns_type *t)
{
	return (size_t) (t - ns_types);
}

static const struct ns_type *user_type(void)
{
	return ns_type_by_flag(CLONE_NEWUSER);
}

/* "PID" or "PID:INODE" */
static void parse_target_or_err(struct plan *p, const char *s)
{
	const char *colon = strchr(s, ':');
	char *pidpart;

	if (p->pid)
		errx(EXIT_FAILURE, "option --target may be given only once");
	p->target = s;
	if (!colon) {
		p->pid = parse_pid_or_err(s, "--target");
		return;
	}
	pidpart = xstrdup(s);
	pidpart[colon - s] = '\0';
	p->pid = parse_pid_or_err(pidpart, "--target");
	free(pidpart);
	p->pin_ino = parse_u64_or_err(colon + 1, "--target: inode");
	if (p->pin_ino == 0)
		errx(EXIT_FAILURE, "--target: '%s': inode 0 names nothing", s);
}

/* -S/-G: a number, a name, or "follow" (the target's own) */
static void parse_cred_or_err(struct plan *p, int opt, const char *s)
{
	bool follow = strcmp(s, "follow") == 0;

	if (opt == 'S') {
		p->set_uid = true;
		p->follow_uid = follow;
		if (!follow)
			p->uid = parse_uid_or_err(s, "--setuid");
	} else {
		p->set_gid = true;
		p->follow_gid = follow;
		if (!follow)
			p->gid = parse_gid_or_err(s, "--setgid");
	}
}

/* ------------------------------------------------------------------ */
/* opening, while we still stand in the caller's namespaces             */

/* /proc/PID as a directory fd, bound to the very process the pidfd names */
static int piddir_or_err(const struct plan *p, struct state *st)
{
	char path[32];

	if (st->piddir >= 0)
		return st->piddir;
	snprintf(path, sizeof(path), "/proc/%d", (int) p->pid);
	st->piddir = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (st->piddir < 0)
		err(EXIT_FAILURE, "cannot open %s", path);
	/*
	 * A /proc/PID directory stays tied to the process it was opened for;
	 * if the pidfd's process still runs, that is the one.
	 */
	if (st->j.pidfd >= 0 && ns_pidfd_alive(st->j.pidfd) < 0)
		errx(EXIT_FAILURE, "target process %d exited", (int) p->pid);
	return st->piddir;
}

static void open_target_or_err(const struct plan *p, struct state *st)
{
	st->j.pidfd = ns_pidfd_open(p->pid);
	if (st->j.pidfd == -ESRCH)
		cli_errc(EXIT_FAILURE, ESRCH, "target process %d", (int) p->pid);
	if (st->j.pidfd < 0) {
		/* no pidfds (Linux < 5.3): only a PID, which :INODE cannot pin */
		if (p->pin_ino)
			errx(EXIT_FAILURE, "--target: '%s': this kernel has no pidfds to pin a process with",
			     p->target);
		if (kill(p->pid, 0) < 0 && errno == ESRCH)
			cli_errc(EXIT_FAILURE, ESRCH, "target process %d", (int) p->pid);
		st->j.pidfd = -1;
		return;
	}
	if (p->pin_ino) {
		int rc = nshandle_pidfd_is(st->j.pidfd, p->pin_ino);

		if (rc == -EOPNOTSUPP)
			errx(EXIT_FAILURE, "--target: '%s': this kernel gives pidfds no inode "
			     "of their own to pin a process with (Linux 6.9)", p->target);
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "--target: '%s'", p->target);
		if (rc == 0)
			errx(EXIT_FAILURE, "--target: '%s': process %d is not the one of inode %" PRIu64
			     " (exited, and its PID reused?)", p->target, (int) p->pid, p->pin_ino);
	}
}

/* --net=NAME: a namespace that ip netns or xnetns named */
static const char *netns_name_path(const char *arg, char *buf, size_t len)
{
	if (netns_name_check(arg) < 0 || netns_path(netns_run_dir(), arg, buf, len) < 0)
		return arg;
	return access(buf, F_OK) == 0 ? buf : arg;
}

static int open_nsid_or_err(const struct ns_type *t, const char *arg)
{
	uint64_t id = parse_u64_or_err(arg + 1, "namespace ID");
	int fd = nshandle_open(-1, t, id);

	if (fd == -ENOTTY)
		errx(EXIT_FAILURE, "%s: namespace IDs need Linux 6.18 (NS_GET_ID), which this kernel is not",
		     arg);
	if (fd == -ENOENT)
		errx(EXIT_FAILURE, "%s: no %s namespace with this ID", arg, t->name);
	if (fd < 0)
		cli_errc(EXIT_FAILURE, fd, "cannot open %s namespace %s", t->name, arg);
	return fd;
}

static void open_files_or_err(const struct plan *p, struct state *st)
{
	char buf[PATH_MAX];

	for (size_t i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		const char *f = p->file[i];

		if (!f)
			continue;
		if (f[0] == ':')
			st->j.nsfd[i] = open_nsid_or_err(t, f);
		else
			st->j.nsfd[i] = ns_open_path_or_err(
				t->flag == CLONE_NEWNET ? netns_name_path(f, buf, sizeof(buf)) : f, t);
	}
}

/* --user-parent: the user namespace one level above the target's */
static void open_user_parent_or_err(const struct plan *p, struct state *st)
{
	size_t u = type_index(user_type());
	int src = st->j.nsfd[u], parent;

	if (src < 0) {
		src = ns_open_pid(-1, p->pid, st->j.pidfd, user_type(), false);
		if (src < 0)
			cli_errc(EXIT_FAILURE, src, "cannot open the user namespace of %d",
				 (int) p->pid);
	}
	parent = ioctl(src, NS_GET_PARENT);
	if (parent < 0)
		err(EXIT_FAILURE, "--user-parent: cannot open the parent user namespace");
	close(src);
	st->j.nsfd[u] = parent;
}

/* --net-socket: the network namespace of a socket the target holds */
static void open_socket_netns_or_err(const struct plan *p, struct state *st)
{
	size_t n = type_index(ns_type_by_flag(CLONE_NEWNET));

	if (st->j.pidfd < 0)
		errx(EXIT_FAILURE, "--net-socket needs pidfds (Linux 5.6)");
	st->j.nsfd[n] = nshandle_from_socket(st->j.pidfd, p->sock_fd);
	if (st->j.nsfd[n] < 0)
		cli_errc(EXIT_FAILURE, st->j.nsfd[n], "--net-socket: fd %d of process %d",
			 p->sock_fd, (int) p->pid);
}

/* a directory given as --root=DIR or --wd=DIR, or the target's @file */
static int open_dir_or_err(const struct plan *p, struct state *st, const char *dir,
			   const char *file)
{
	int fd = openat(dir ? AT_FDCWD : piddir_or_err(p, st), dir ? dir : file,
			O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0 && dir)
		err(EXIT_FAILURE, "cannot open %s", dir);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open /proc/%d/%s", (int) p->pid, file);
	return fd;
}

static void read_environ(const struct plan *p, struct state *st)
{
	ssize_t n = proc_read_pid_file(piddir_or_err(p, st), 0, "environ", &st->environ);

	st->env_err = n < 0 ? (int) -n : 0;
	st->environ_len = n < 0 ? 0 : n;
}

/* every hierarchy the target is in, v1 and v2: cgroup.procs to write to */
static void open_cgroups_or_err(const struct plan *p, struct state *st)
{
	char **dirs = NULL;
	int count = cgjoin_read(piddir_or_err(p, st), -1, &dirs);

	if (count < 0)
		cli_errc(EXIT_FAILURE, count, "cannot read the cgroups of process %d", (int) p->pid);
	if (count == 0)
		errx(EXIT_FAILURE, "--join-cgroup: no cgroup of process %d is mounted here",
		     (int) p->pid);
	st->cg_fds = xcalloc((size_t) count + 1, sizeof(int));
	for (int i = 0; i < count; i++) {
		_cleanup_free_ char *procs = xasprintf("%s/cgroup.procs", dirs[i]);

		st->cg_fds[i] = open(procs, O_WRONLY | O_CLOEXEC);
		if (st->cg_fds[i] < 0)
			err(EXIT_FAILURE, "cannot open %s", procs);
	}
	st->cg_fds[count] = -1;
	cgjoin_free(dirs);
}

/* ------------------------------------------------------------------ */
/* entering                                                             */

static const char *flag_names(int flags, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NS_NKINDS && used < len; i++)
		if (flags & ns_types[i].flag)
			used += (size_t) snprintf(buf + used, len - used, "%s%s",
						  used ? ", " : "", ns_types[i].name);
	return buf;
}

static void enter_or_err(const struct plan *p, struct state *st)
{
	struct nsjoin_error e;
	char names[64];

	switch (nsjoin_enter(&st->j, &e)) {
	case NSJOIN_OK:
		return;
	case NSJOIN_OPEN:
		cli_errc(EXIT_FAILURE, e.err, "cannot open the %s namespace of %d", e.type->name,
			 (int) p->pid);
	case NSJOIN_SETNS:
		cli_errc(EXIT_FAILURE, e.err, "cannot enter %s namespace", e.type->name);
	case NSJOIN_SETNS_TARGET:
		cli_errc(EXIT_FAILURE, e.err, "cannot enter the %s namespaces of process %d",
			 flag_names(e.flags, names, sizeof(names)), (int) p->pid);
	}
}

/* ------------------------------------------------------------------ */
/* inside                                                               */

static void change_dirs_or_err(const struct plan *p, struct state *st)
{
	if (st->root_fd >= 0) {
		if (fchdir(st->root_fd) < 0 || chroot(".") < 0)
			err(EXIT_FAILURE, "cannot change root directory to %s",
			    p->root_dir ? p->root_dir : "that of the target");
		/*
		 * Unless told otherwise, start at the top of the new root: the
		 * directory we came from may lie outside it, and a process
		 * whose working directory is outside its root can walk out.
		 */
		if (chdir("/") < 0)
			err(EXIT_FAILURE, "cannot change directory to /");
		close(st->root_fd);
	}
	if (p->wdns && chdir(p->wdns) < 0)
		err(EXIT_FAILURE, "cannot change directory to %s", p->wdns);
	if (st->wd_fd >= 0) {
		if (fchdir(st->wd_fd) < 0)
			err(EXIT_FAILURE, "cannot change directory to %s",
			    p->wd_dir ? p->wd_dir : "that of the target");
		close(st->wd_fd);
	}
}

/* the target's environment in place of ours */
static void set_environ_or_err(const struct plan *p, struct state *st)
{
	if (st->env_err)
		cli_errc(EXIT_FAILURE, st->env_err, "cannot read the environment of process %d",
			 (int) p->pid);
	clearenv();
	for (char *v = st->environ; v < st->environ + st->environ_len; v += strlen(v) + 1)
		if (strchr(v, '=') && putenv(v) != 0)
			err(EXIT_FAILURE, "cannot set the environment");
}

static void join_cgroups_or_err(struct state *st)
{
	char buf[24];
	int len = snprintf(buf, sizeof(buf), "%d", (int) getpid());

	for (int *fd = st->cg_fds; *fd >= 0; fd++) {
		if (write(*fd, buf, (size_t) len) != len)
			err(EXIT_FAILURE, "cannot join the cgroups of the target");
		close(*fd);
	}
}

static noreturn void wait_child(pid_t child, const sigset_t *fwd)
{
	int status, rc;

	rc = child_wait_forward(child, fwd, &status, NULL, NULL);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "waiting for the child");
	exit_like(status);
}

/* a PID namespace is entered only by children: run the program in one */
static void fork_or_err(void)
{
	sigset_t fwd, old;
	pid_t child;

	child_forward_set(&fwd);
	sigaddset(&fwd, SIGCHLD);
	/* an ignored SIGCHLD would reap the child before we can wait */
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_BLOCK, &fwd, &old);
	child = fork();
	if (child < 0)
		err(EXIT_FAILURE, "cannot fork");
	if (child > 0) {
		sigdelset(&fwd, SIGCHLD);
		wait_child(child, &fwd);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void set_creds_or_err(const struct plan *p, struct state *st)
{
	uid_t uid = p->uid;
	gid_t gid = p->gid;
	bool set_uid = p->set_uid, set_gid = p->set_gid;
	struct stat sb;

	/* entering a user namespace makes us root there, as nsenter does */
	if ((st->j.entered & CLONE_NEWUSER) && !p->preserve_cred)
		set_uid = set_gid = true;
	if (p->follow_uid || p->follow_gid) {
		/* now inside: the owner as this user namespace maps it */
		if (fstat(st->piddir, &sb) < 0)
			err(EXIT_FAILURE, "cannot read the credentials of process %d", (int) p->pid);
		if (p->follow_uid)
			uid = sb.st_uid;
		if (p->follow_gid)
			gid = sb.st_gid;
	}
	/* a user namespace may deny setgroups(): then the early drop counts,
	 * and so does having no supplementary groups to drop */
	if (set_gid && setgroups(0, NULL) < 0 && !st->groups_dropped &&
	    getgroups(0, NULL) != 0)
		err(EXIT_FAILURE, "setgroups failed");
	if (set_gid && setgid(gid) < 0)
		err(EXIT_FAILURE, "setgid failed");
	if (set_uid && setuid(uid) < 0)
		err(EXIT_FAILURE, "setuid failed");
	if (p->keep_caps && (st->j.entered & CLONE_NEWUSER)) {
		int rc = caps_permitted_to_ambient();

		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot keep capabilities");
	}
}

/* ------------------------------------------------------------------ */

static void parse_or_err(struct plan *p, int argc, char **argv)
{
	enum { OPT_PRESERVE = CHAR_MAX + 1, OPT_KEEPCAPS, OPT_USER_PARENT,
	       OPT_NEW_SESSION, OPT_KEEP_SESSION };
	static const struct option longopts[] = {
		{ "all",                  no_argument,       NULL, 'a' },
		{ "help",                 no_argument,       NULL, 'h' },
		{ "version",              no_argument,       NULL, 'V' },
		{ "target",               required_argument, NULL, 't' },
		{ "mount",                optional_argument, NULL, 'm' },
		{ "uts",                  optional_argument, NULL, 'u' },
		{ "ipc",                  optional_argument, NULL, 'i' },
		{ "net",                  optional_argument, NULL, 'n' },
		{ "net-socket",           required_argument, NULL, 'N' },
		{ "pid",                  optional_argument, NULL, 'p' },
		{ "user",                 optional_argument, NULL, 'U' },
		{ "cgroup",               optional_argument, NULL, 'C' },
		{ "time",                 optional_argument, NULL, 'T' },
		{ "setuid",               required_argument, NULL, 'S' },
		{ "setgid",               required_argument, NULL, 'G' },
		{ "root",                 optional_argument, NULL, 'r' },
		{ "wd",                   optional_argument, NULL, 'w' },
		{ "wdns",                 required_argument, NULL, 'W' },
		{ "env",                  no_argument,       NULL, 'e' },
		{ "no-fork",              no_argument,       NULL, 'F' },
		{ "join-cgroup",          no_argument,       NULL, 'c' },
		{ "preserve-credentials", no_argument,       NULL, OPT_PRESERVE },
		{ "keep-caps",            no_argument,       NULL, OPT_KEEPCAPS },
		{ "user-parent",          no_argument,       NULL, OPT_USER_PARENT },
		{ "new-session",          no_argument,       NULL, OPT_NEW_SESSION },
		{ "keep-session",         no_argument,       NULL, OPT_KEEP_SESSION },
		{ NULL, 0, NULL, 0 }
	};
	/* two network namespaces (--net=<file> and a socket's), two directories */
	static const cli_excl_t excl[] = { { 'N', 'n' }, { 'W', 'w' } };
	int excl_seen[ARRAY_SIZE(excl)] = { 0 };
	const struct ns_type *t;
	int c;

	while ((c = getopt_long(argc, argv, "+ahVt:m::u::i::n::N:p::C::U::T::S:G:r::w::W:ecF",
				longopts, NULL)) != -1) {
		/* -n=FILE as well as -nFILE and --net=FILE, as nsenter takes them */
		const char *arg = optarg && optarg[0] == '=' ? optarg + 1 : optarg;

		if (c != 'n' || arg)    /* --net of the target's goes with -N */
			cli_exclusive_or_err(c, longopts, excl, ARRAY_SIZE(excl), excl_seen);

		switch (c) {
		case 'm': case 'u': case 'i': case 'n': case 'p': case 'C': case 'U': case 'T':
			t = ns_type_by_opt((char) c);
			p->want |= t->flag;
			if (arg)
				p->file[type_index(t)] = arg;
			break;
		case 'a':
			p->all = true;
			break;
		case 't':
			parse_target_or_err(p, optarg);
			break;
		case 'N':
			p->sock_fd = (int) parse_u32_or_err(optarg, "--net-socket");
			if (p->sock_fd < 0)
				errx(EXIT_FAILURE, "--net-socket: '%s': out of range", optarg);
			break;
		case 'S': case 'G':
			parse_cred_or_err(p, c, optarg);
			break;
		case 'r':
			p->root_target = !arg;
			p->root_dir = arg;
			break;
		case 'w':
			p->wd_target = !arg;
			p->wd_dir = arg;
			break;
		case 'W':
			p->wdns = arg;
			break;
		case 'e':
			p->env = true;
			break;
		case 'F':
			p->fork = 0;
			break;
		case 'c':
			p->join_cgroup = true;
			break;
		case OPT_PRESERVE:
			p->preserve_cred = true;
			break;
		case OPT_KEEPCAPS:
			p->keep_caps = true;
			break;
		case OPT_USER_PARENT:
			p->user_parent = true;
			break;
		case OPT_NEW_SESSION:
			p->session = SESSION_NEW;
			break;
		case OPT_KEEP_SESSION:
			p->session = SESSION_KEEP;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		p->argv = argv + optind;
}

/* every combination that cannot work, refused before anything is opened */
static void check_or_err(struct plan *p)
{
	const char *needs_target = NULL;

	if (p->all)
		p->want |= ns_all_flags();
	if (p->sock_fd >= 0)
		p->want |= CLONE_NEWNET;
	if (p->user_parent)
		p->want |= CLONE_NEWUSER;
	if (!p->want)
		errx(EXIT_FAILURE, "no namespace specified");

	for (size_t i = 0; i < NS_NKINDS; i++)
		if ((p->want & ns_types[i].flag) && !p->file[i])
			needs_target = p->all ? "--all" : ns_types[i].flag == CLONE_NEWNS ? "--mount"
				     : ns_types[i].name;
	if (p->sock_fd >= 0)
		needs_target = "--net-socket";
	else if (p->user_parent && !p->file[type_index(user_type())])
		needs_target = "--user-parent";
	else if (p->root_target)
		needs_target = "--root";
	else if (p->wd_target)
		needs_target = "--wd";
	else if (p->env)
		needs_target = "--env";
	else if (p->join_cgroup)
		needs_target = "--join-cgroup";
	else if (p->follow_uid || p->follow_gid)
		needs_target = "follow";
	if (needs_target && !p->pid)
		errx(EXIT_FAILURE, "no target PID specified for %s", needs_target);

	if (p->fork < 0)
		p->fork = (p->want & CLONE_NEWPID) != 0;
}

int main(int argc, char **argv)
{
	struct plan p = { .sock_fd = -1, .fork = -1 };
	struct state st = { .j.pidfd = -1, .piddir = -1, .root_fd = -1, .wd_fd = -1 };

	cli_close_stdout_atexit();
	for (size_t i = 0; i < NS_NKINDS; i++)
		st.j.nsfd[i] = -1;

	parse_or_err(&p, argc, argv);
	check_or_err(&p);
	/*
	 * Another user on the caller's terminal could type into it (TIOCSTI):
	 * a new session, forked before anything is entered, so that a PID
	 * namespace is entered (or, with -F, not) as without it.
	 */
	cli_session_or_exit(p.session, p.set_uid || p.set_gid);

	/* 1. pin the target, then open what we need of it and of the files
	 *    named, while paths still mean what the caller meant */
	if (p.pid)
		open_target_or_err(&p, &st);
	open_files_or_err(&p, &st);
	if (p.user_parent)
		open_user_parent_or_err(&p, &st);
	if (p.sock_fd >= 0)
		open_socket_netns_or_err(&p, &st);
	if (p.root_target || p.root_dir)
		st.root_fd = open_dir_or_err(&p, &st, p.root_dir, "root");
	if (p.wd_target || p.wd_dir)
		st.wd_fd = open_dir_or_err(&p, &st, p.wd_dir, "cwd");
	if (p.env)
		read_environ(&p, &st);
	if (p.join_cgroup)
		open_cgroups_or_err(&p, &st);
	if (p.follow_uid || p.follow_gid)
		piddir_or_err(&p, &st);

	/* 2. what to enter; a user namespace may deny setgroups() later:
	 *    drop groups now */
	st.j.pid = p.pid;
	st.j.all = p.all;
	st.j.entered = p.want;
	for (size_t i = 0; i < NS_NKINDS; i++)
		st.j.named[i] = p.file[i] != NULL;
	nsjoin_choose(&st.j);
	if ((st.j.entered & CLONE_NEWUSER) && !p.preserve_cred)
		st.groups_dropped = setgroups(0, NULL) == 0;

	/*
	 * 3. the namespaces.  From here on nothing may look a name up: glibc
	 *    would read the target's nsswitch.conf and load its libnss_*.so
	 *    as root (a lookup made before keeps the host's set-up across a
	 *    chroot, none made is set up from the new root).  -S/-G names were
	 *    resolved while parsing, against the host's databases, as nsenter
	 *    does; nothing below calls getpw*() or getgr*().
	 */
	enter_or_err(&p, &st);
	for (size_t i = 0; i < NS_NKINDS; i++)
		if (st.j.nsfd[i] >= 0)
			close(st.j.nsfd[i]);

	/* 4. root and working directory, as the new mount namespace sees them */
	change_dirs_or_err(&p, &st);

	/* 5. the target's cgroups, before the fork so the child is born there */
	if (st.cg_fds)
		join_cgroups_or_err(&st);

	/* 6. a child to live in the PID namespace */
	if (p.fork)
		fork_or_err();

	/* 7. credentials, then the environment: the target's environ may be
	 *    readable only once we are its user */
	set_creds_or_err(&p, &st);
	if (p.env) {
		if (st.env_err == EACCES || st.env_err == EPERM)
			read_environ(&p, &st);
		set_environ_or_err(&p, &st);
	}
	if (st.piddir >= 0)
		close(st.piddir);
	if (st.j.pidfd >= 0)
		close(st.j.pidfd);

	/* 8. the program (its terminal session is decided just before) */
	if (p.argv)
		exec_or_die(p.argv);
	exec_shell_or_die();
}

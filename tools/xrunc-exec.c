/*
 * xrunc-exec.c - exec: one more process in a running container, as runc
 * runs it (and as podman's conmon and containerd's shim ask for it).
 *
 * The process is the container's in every respect: the namespaces of its
 * init, its cgroup in every hierarchy, the capabilities, seccomp filter,
 * rlimits, no_new_privs, user and groups of config.json's process (or of
 * --process, a runtime-spec "process" object), and nothing of ours beyond
 * stdio and --preserve-fds.
 *
 * The order, and why:
 *  1. Everything is read and checked first (state, config, --process):
 *     a refusal leaves no process behind.
 *  2. We take a pidfd of the init, so a recycled PID cannot fool us, and
 *     read its cgroups (/proc/PID/cgroup) while it surely runs.
 *  3. Joining a PID namespace only moves our children, so we enter the
 *     init's for our children and fork: the child is in it from birth.
 *  4. We move the child into the init's group in each hierarchy before it
 *     may go on (so all it does is counted and limited there), then it
 *     joins every other namespace at once (setns on the pidfd, atomic),
 *     sets itself up with the steps xrunc-init.c uses for the init, and
 *     execs.  An error comes back as one line over the sync socket; its
 *     close-on-exec end closing without a word means the exec happened.
 *  5. -d: write --pid-file and return (the engine, a subreaper, inherits
 *     the process); else wait, passing signals on, and exit with its status.
 * runc exits 255 when exec itself fails, so that the caller can tell its
 * failure from the program's own status; so do we.
 */
#include "compat.h"
#include "cgjoin.h"
#include "child.h"
#include "cleanup.h"
#include "cli.h"
#include "kfile.h"
#include "ns.h"
#include "parse.h"
#include "xrunc.h"
#include "xrunc-init.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <json.h>

#ifndef CLOSE_RANGE_CLOEXEC
# define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef __NR_close_range
# define __NR_close_range 436
#endif

/* runc's exit status for a failure of exec itself */
#define EXEC_FAILED 255

struct exec_opts {
	const char *process_file, *console_socket, *pid_file, *cwd, *user;
	const char *apparmor, *label;
	char **env;              /* -e K=V, in order */
	size_t nenv;
	uint64_t caps;           /* --cap, as bits */
	gid_t *gids;             /* -g */
	size_t ngids;
	bool detach, tty, no_new_privs, ignore_paused;
	int preserve_fds;
};

/* what the child needs, prepared before the fork */
struct exec_child {
	struct xrunc_init_args ia;  /* spec (with the exec's process), sync_fd */
	int pidfd;                  /* of the container's init */
	int root_fd;                /* its root directory (/proc/PID/root) */
	int ns_flags;               /* the namespaces of the init that are not ours */
};

static noreturn void exec_usage(void)
{
	fputs("\nUsage:\n"
	      " xrunc exec [options] <container-id> <command> [<arg>...]\n"
	      " xrunc exec [options] --process <file> <container-id>\n"
	      "\nRun a new process in a running container: its namespaces, cgroups,\n"
	      "capabilities, seccomp filter, rlimits and user, from config.json's process\n"
	      "(or <file>).  The exit status is the process's (128+N for signal N), 255\n"
	      "when exec itself fails.\n"
	      "\nOptions:\n"
	      " -p, --process <file>          a runtime-spec process object (JSON) to run\n"
	      " -d, --detach                  return once the process runs, do not wait\n"
	      " -t, --tty                     give it a terminal (needs --console-socket)\n"
	      "     --console-socket <path>   send the terminal's master fd to this socket\n"
	      "     --pid-file <file>         write the process's PID to <file>\n"
	      " -e, --env <key=value>         set an environment variable (repeatable)\n"
	      " -u, --user <uid>[:<gid>]      run as these numeric IDs\n"
	      " -g, --additional-gids <gid>   a supplementary group (repeatable)\n"
	      "     --cwd <dir>               the working directory in the container\n"
	      " -c, --cap <cap>               add a capability (CAP_NET_ADMIN) (repeatable)\n"
	      "     --no-new-privs            set no_new_privs for the process\n"
	      "     --preserve-fds <n>        pass <n> more fds (from 3 up) to the process\n"
	      "     --ignore-paused           run it even if the container is paused\n"
	      "     --apparmor <profile>      refused: AppArmor is not enabled here\n"
	      "     --process-label <label>   refused: SELinux is not enabled here\n"
	      " -h, --help                    display this help\n"
	      "\nSee xrunc(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

static const char *parse_exec_or_err(int argc, char **argv, struct exec_opts *o)
{
	enum { OPT_CONSOLE = CHAR_MAX + 1, OPT_PID, OPT_CWD, OPT_NNP, OPT_PRESERVE,
	       OPT_IGNORE_PAUSED, OPT_APPARMOR, OPT_LABEL, OPT_CGROUP };
	static const struct option longopts[] = {
		{ "process",         required_argument, NULL, 'p' },
		{ "detach",          no_argument,       NULL, 'd' },
		{ "tty",             no_argument,       NULL, 't' },
		{ "console-socket",  required_argument, NULL, OPT_CONSOLE },
		{ "pid-file",        required_argument, NULL, OPT_PID },
		{ "env",             required_argument, NULL, 'e' },
		{ "user",            required_argument, NULL, 'u' },
		{ "additional-gids", required_argument, NULL, 'g' },
		{ "cwd",             required_argument, NULL, OPT_CWD },
		{ "cap",             required_argument, NULL, 'c' },
		{ "no-new-privs",    no_argument,       NULL, OPT_NNP },
		{ "preserve-fds",    required_argument, NULL, OPT_PRESERVE },
		{ "ignore-paused",   no_argument,       NULL, OPT_IGNORE_PAUSED },
		{ "apparmor",        required_argument, NULL, OPT_APPARMOR },
		{ "process-label",   required_argument, NULL, OPT_LABEL },
		{ "cgroup",          required_argument, NULL, OPT_CGROUP },
		{ "help",            no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, cap;

	/* "+": the command's own options are the command's */
	while ((c = getopt_long(argc, argv, "+p:dte:u:g:c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p': o->process_file = optarg; break;
		case 'd': o->detach = true; break;
		case 't': o->tty = true; break;
		case OPT_CONSOLE: o->console_socket = optarg; break;
		case OPT_PID: o->pid_file = optarg; break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				xrunc_fail(0, "exec: --env '%s': not KEY=VALUE", optarg);
			o->env = xrealloc(o->env, (o->nenv + 1) * sizeof(char *));
			o->env[o->nenv++] = optarg;
			break;
		case 'u': o->user = optarg; break;
		case 'g':
			o->gids = xrealloc(o->gids, (o->ngids + 1) * sizeof(gid_t));
			o->gids[o->ngids++] = parse_gid_or_err(optarg, "--additional-gids");
			break;
		case OPT_CWD: o->cwd = optarg; break;
		case 'c':
			cap = ocispec_cap_lookup(optarg);
			if (cap < 0 || cap >= 64)
				xrunc_fail(0, "exec: --cap '%s': not a capability (CAP_NET_ADMIN)", optarg);
			o->caps |= 1ull << cap;
			break;
		case OPT_NNP: o->no_new_privs = true; break;
		case OPT_PRESERVE:
			o->preserve_fds = (int) parse_u32_or_err(optarg, "--preserve-fds");
			if (o->preserve_fds > 1 << 20)
				xrunc_fail(0, "exec: --preserve-fds '%s': out of range", optarg);
			break;
		case OPT_IGNORE_PAUSED: o->ignore_paused = true; break;
		case OPT_APPARMOR: o->apparmor = optarg; break;
		case OPT_LABEL: o->label = optarg; break;
		case OPT_CGROUP:
			xrunc_fail(0, "exec: --cgroup: sub-cgroups are not supported by xrunc");
		case 'h': exec_usage();
		default: cli_try_help();
		}
	}
	return xrunc_id_or_err(argc, argv, optind);
}

/* a runtime-spec process object, read by the one config reader we have */
static struct oci_spec *read_process_file_or_err(const char *path)
{
	struct json_object *proc, *doc;
	struct oci_spec *ps = NULL;
	char err[512];
	const char *text;
	int rc;

	proc = json_object_from_file(path);
	if (!proc)
		xrunc_fail(0, "--process %s: %s", path, json_util_get_last_err());
	doc = json_object_new_object();
	json_object_object_add(doc, "ociVersion", json_object_new_string("1.0.2"));
	json_object_object_add(doc, "process", proc);
	text = json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PLAIN);
	rc = ocispec_parse(text, strlen(text), &ps, err, sizeof(err));
	json_object_put(doc);
	if (rc < 0)
		xrunc_fail(err[0] ? 0 : rc, "--process %s%s%s", path, err[0] ? ": " : "", err);
	if (!ps->process.args || !ps->process.args[0])
		xrunc_fail(0, "--process %s: process.args: missing or empty", path);
	if (!ps->process.cwd)
		ps->process.cwd = xstrdup("/");
	return ps;
}

/* KEY=VALUE into env, replacing KEY where it is (the last one wins, as in runc) */
static char **env_set(char **env, const char *kv)
{
	size_t n = 0, klen = (size_t) (strchr(kv, '=') - kv) + 1, i;

	for (; env && env[n]; n++)
		;
	for (i = 0; i < n; i++)
		if (!strncmp(env[i], kv, klen)) {
			env[i] = (char *) kv;
			return env;
		}
	env = xrealloc(env, (n + 2) * sizeof(char *));
	env[n] = (char *) kv;
	env[n + 1] = NULL;
	return env;
}

/*
 * the process to run: --process as it is (runc ignores the other process
 * options then), or config.json's with the command line's changes.
 * Returns what @p points into that is ours to free: the --process file's
 * spec, or NULL (then only p->env, a copy, is ours)
 */
static struct oci_spec *make_process_or_err(const struct exec_opts *o, int argc, char **argv,
					    const struct oci_spec *spec, struct oci_process *p)
{
	size_t i;
	int c;

	if (o->process_file) {
		struct oci_spec *ps = read_process_file_or_err(o->process_file);

		if (optind + 1 < argc)
			xrunc_fail(0, "exec: --process and a command: give one of them");
		*p = ps->process;
		return ps;
	}
	if (optind + 1 >= argc)
		xrunc_fail(0, "exec: a command is required (or --process <file>)");
	*p = spec->process;
	p->args = argv + optind + 1;
	p->terminal = o->tty;
	if (p->env) {             /* a copy we may grow */
		char **env = NULL;

		for (i = 0; p->env[i]; i++)
			env = env_set(env, p->env[i]);
		p->env = env;
	}
	for (i = 0; i < o->nenv; i++)
		p->env = env_set(p->env, o->env[i]);
	if (o->cwd)
		p->cwd = (char *) o->cwd;
	if (o->user) {
		const char *colon = strchr(o->user, ':');
		_cleanup_free_ char *u = colon ? xasprintf("%.*s", (int) (colon - o->user), o->user) :
					     xstrdup(o->user);
		uid_t uid;
		gid_t gid;

		/* numbers only: a name would be looked up in the image's files */
		if (parse_uid(u, &uid) < 0 || (colon && parse_gid(colon + 1, &gid) < 0))
			xrunc_fail(0, "exec: --user '%s': not <uid>[:<gid>] (numbers)", o->user);
		p->uid = uid;
		if (colon)
			p->gid = gid;
	}
	if (o->ngids) {
		p->additional_gids = o->gids;
		p->n_additional_gids = o->ngids;
	}
	if (o->no_new_privs)
		p->no_new_privileges = true;
	/* runc's --cap: bounding, effective, permitted; ambient if there are inheritable ones */
	if (o->caps) {
		if (!p->has_caps)
			memset(p->caps, 0, sizeof(p->caps));
		p->has_caps = true;
		for (c = 0; c < 64; c++) {
			if (!(o->caps & (1ull << c)))
				continue;
			p->caps[OCI_CAP_BOUNDING] |= 1ull << c;
			p->caps[OCI_CAP_EFFECTIVE] |= 1ull << c;
			p->caps[OCI_CAP_PERMITTED] |= 1ull << c;
			if (p->caps[OCI_CAP_INHERITABLE])
				p->caps[OCI_CAP_AMBIENT] |= 1ull << c;
		}
	}
	return NULL;
}

static void check_process_or_err(const struct exec_opts *o, const struct oci_process *p)
{
	if (o->apparmor && *o->apparmor)
		xrunc_fail(0, "exec: --apparmor: AppArmor is not enabled here");
	if (o->label && *o->label)
		xrunc_fail(0, "exec: --process-label: SELinux is not enabled here");
	if (p->apparmor_profile && *p->apparmor_profile)
		xrunc_fail(0, "exec: process.apparmorProfile: AppArmor is not enabled here");
	if (p->selinux_label && *p->selinux_label)
		xrunc_fail(0, "exec: process.selinuxLabel: SELinux is not enabled here");
	if (p->terminal && !o->console_socket)
		xrunc_fail(0, "exec: a terminal (--tty) needs --console-socket");
	if (!p->terminal && o->console_socket)
		xrunc_fail(0, "exec: --console-socket without a terminal (--tty)");
	if (!p->cwd || p->cwd[0] != '/')
		xrunc_fail(0, "exec: the working directory '%s' is not absolute",
			   p->cwd ? p->cwd : "");
}

/* the namespaces of the init that differ from ours: those we must join */
static int foreign_namespaces_or_err(pid_t pid, int pidfd)
{
	int flags = 0, i;

	for (i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		ino_t theirs, ours;
		int fd, rc;

		fd = ns_open_pid(-1, pid, pidfd, t, false);
		if (fd == -ENOENT)       /* a kernel without this type */
			continue;
		if (fd < 0)
			xrunc_fail(fd, "the %s namespace of the container", t->name);
		rc = ns_fd_inode(fd, &theirs);
		close(fd);
		if (rc < 0)
			xrunc_fail(rc, "the %s namespace of the container", t->name);
		fd = ns_open_pid(-1, getpid(), -1, t, false);
		if (fd < 0 || (rc = ns_fd_inode(fd, &ours)) < 0 || theirs != ours)
			flags |= t->flag;
		if (fd >= 0)
			close(fd);
	}
	return flags;
}

/* a fd of ours moved above what --preserve-fds hands on, so it cannot leak */
static int fd_above(int fd, int floor)
{
	int nfd;

	if (fd < 0 || fd >= floor)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, floor);
	if (nfd < 0)
		xrunc_fail(-errno, "exec: moving fd %d", fd);
	close(fd);
	return nfd;
}

/* the child, in the init's PID namespace already: the rest, then exec */
static noreturn void exec_child_run(struct exec_child *ec)
{
	struct xinit x = { .a = &ec->ia, .root_fd = -1 };
	const struct oci_spec *s = ec->ia.spec;
	const struct oci_process *p = &s->process;
	char prog[4096], go = 0;
	const char *path;
	sigset_t none;
	int i, rc;

	/*
	 * the program gets no blocked signal and no ignored one: we may have
	 * been started with some ignored (a background job's SIGINT), and a
	 * shell cannot even trap a signal ignored at its start
	 */
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/*
	 * until the exec we are the runtime's image with its fds: the
	 * container's processes must not reach them through /proc/PID (as
	 * the init, CVE-2016-9962); the exec makes the program dumpable
	 */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		_exit(1);
	/* the runtime put us into the cgroups: nothing before that */
	if (recv(ec->ia.sync_fd, &go, 1, 0) != 1 || go != XSYNC_GO)
		_exit(1);
	/* all of them at once; the mount namespace's root and cwd with it */
	if (ec->ns_flags && setns(ec->pidfd, ec->ns_flags) < 0)
		xinit_fail(&x, -errno, "exec: joining the namespaces of the container");
	close(ec->pidfd);
	/*
	 * the init's root: the mount namespace's own after a pivot, but a
	 * chroot inside it after --no-pivot, which setns alone would leave
	 */
	if (fchdir(ec->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
		xinit_fail(&x, -errno, "exec: entering the root of the container");
	close(ec->root_fd);
	xinit_process_settings(&x);        /* oom_score_adj, personality, umask */
	if (p->terminal)
		xinit_terminal(&x, "exec: a terminal", false);
	xinit_chdir(&x, p->cwd);
	if (s->seccomp)
		xinit_build_seccomp(&x);
	if (s->seccomp && !p->no_new_privileges && (rc = xinit_load_seccomp(&x)) < 0)
		xinit_fail(&x, rc, "linux.seccomp: loading the filter");
	xinit_rlimits(&x);                 /* late, as for the init, while we may raise a hard one */
	xinit_switch_user(&x);
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		xinit_fail(&x, -errno, "process.noNewPrivileges");
	path = xinit_find_program(&x, prog, sizeof(prog));
	/* nothing of ours beyond stdio and --preserve-fds reaches the program */
	if (syscall(__NR_close_range, 3 + ec->ia.preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		for (i = 3 + ec->ia.preserve_fds; i < 65536; i++)
			fcntl(i, F_SETFD, FD_CLOEXEC);
	for (i = 3; i < 3 + ec->ia.preserve_fds; i++)
		fcntl(i, F_SETFD, 0);
	/* ready before the filter (which need not allow the send), the filter last */
	if (send(ec->ia.sync_fd, (char[]) { XSYNC_READY }, 1, MSG_NOSIGNAL) != 1)
		_exit(1);
	if (s->seccomp && p->no_new_privileges && (rc = xinit_load_seccomp(&x)) < 0)
		xinit_fail(&x, rc, "linux.seccomp: loading the filter");
	execve(path, p->args, p->env ? p->env : (char *[]) { NULL });
	xinit_fail(&x, -errno, "exec: %s", path);
}

/* move @pid into each of @dirs (the init's groups, one per hierarchy) */
static void join_cgroups_or_err(char **dirs, pid_t pid)
{
	char buf[32];
	size_t i;
	int rc;

	snprintf(buf, sizeof(buf), "%d", (int) pid);
	for (i = 0; dirs && dirs[i]; i++) {
		_cleanup_free_ char *procs = xasprintf("%s/cgroup.procs", dirs[i]);

		if ((rc = kfile_write_str(AT_FDCWD, procs, buf)) < 0)
			xrunc_fail(rc, "exec: moving the process into cgroup %s", dirs[i]);
	}
}

/*
 * the child says ready just before its execve, and closes its end by the
 * exec (close-on-exec); an error comes instead of either, or after ready
 * when the execve itself failed; a close without ready is a death
 */
static void await_exec_or_err(int sync_fd, pid_t pid)
{
	bool ready = false;
	char msg[1024];
	ssize_t n;
	int status;

	for (;;) {
		do
			n = recv(sync_fd, msg, sizeof(msg) - 1, 0);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			break;
		msg[n] = '\0';
		if (msg[0] == XSYNC_READY && n == 1) {
			ready = true;
			continue;
		}
		child_wait(pid, &status);
		xrunc_fail(0, "exec failed: %s", msg[0] == XSYNC_ERR ? msg + 1 : msg);
	}
	if (!ready) {
		child_wait(pid, &status);
		xrunc_fail(0, "exec failed: the process ended before its program ran (status %d)",
			   child_exit_code(status));
	}
}

int xrunc_cmd_exec(int argc, char **argv)
{
	struct exec_opts o = { 0 };
	struct exec_child ec = { .pidfd = -1, .root_fd = -1 };
	struct oci_spec *spec, *ps, espec;
	struct oci_state *st = NULL;
	enum xrunc_status s;
	char **dirs = NULL, err[256];
	_cleanup_free_ char *procdir = NULL;
	const char *id;
	sigset_t fwd, mask;
	int dfd, piddir, sv[2], own_pid = -1, rc, status, floor, i;
	pid_t pid;

	xg.fail_status = EXEC_FAILED;
	id = parse_exec_or_err(argc, argv, &o);
	/*
	 * fds 3 .. 2+N are the caller's to pass on: a place not open would be
	 * taken by a descriptor of ours and passed in; hold each with
	 * /dev/null before we open anything (as create does), and move the log
	 */
	floor = 3 + o.preserve_fds;
	for (i = 3; i < floor; i++)
		if (fcntl(i, F_GETFD) < 0 && errno == EBADF) {
			int fd = open("/dev/null", O_RDWR);

			if (fd < 0 || (fd != i && (dup2(fd, i) < 0 || close(fd) < 0)))
				xrunc_fail(-errno, "exec: --preserve-fds: holding fd %d", i);
		}
	xg.log_fd = fd_above(xg.log_fd, floor);

	/* 1. the container, its config, the process */
	dfd = xrunc_open_container_or_err(id);
	rc = ocistate_read(dfd, &st, err, sizeof(err));
	if (rc < 0)
		xrunc_fail(rc == -EINVAL ? 0 : rc, "container %s: state%s%s", id,
			   err[0] ? ": " : "", err);
	s = xrunc_status(dfd, st);
	if (s == XS_PAUSED && !o.ignore_paused)
		xrunc_fail(0, "cannot exec in a paused container %s (use --ignore-paused)", id);
	if (s != XS_RUNNING && s != XS_CREATED && s != XS_PAUSED)
		xrunc_fail(0, "cannot exec in container %s: it is %s", id, xrunc_status_name(s));
	spec = xrunc_load_spec_or_err(st->bundle);
	espec = *spec;
	ps = make_process_or_err(&o, argc, argv, spec, &espec.process);
	check_process_or_err(&o, &espec.process);

	/* 2. the init, pinned; its namespaces and cgroups */
	ec.pidfd = ns_pidfd_open(st->pid);
	if (ec.pidfd < 0 || !xrunc_alive(st->pid, st->starttime))
		xrunc_fail(0, "cannot exec in container %s: its process is gone", id);
	ec.ns_flags = foreign_namespaces_or_err(st->pid, ec.pidfd);
	procdir = xasprintf("/proc/%d", (int) st->pid);
	piddir = open(procdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (piddir < 0 || (rc = cgjoin_read(piddir, -1, &dirs)) < 0)
		xrunc_fail(piddir < 0 ? -errno : rc, "exec: the cgroups of container %s", id);
	ec.root_fd = openat(piddir, "root", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ec.root_fd < 0)
		xrunc_fail(-errno, "exec: the root of container %s", id);
	close(piddir);

	ec.ia.spec = &espec;
	ec.ia.preserve_fds = o.preserve_fds;
	ec.ia.no_new_keyring = true;     /* the container's session keyring, as runc */
	ec.ia.console_fd = -1;
	ec.ia.fifo_fd = -1;
	if (espec.process.terminal)
		ec.ia.console_fd = fd_above(connect_console_or_err(o.console_socket), floor);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		xrunc_fail(-errno, "socketpair");
	sv[0] = fd_above(sv[0], floor);
	ec.ia.sync_fd = fd_above(sv[1], floor);
	ec.pidfd = fd_above(ec.pidfd, floor);
	ec.root_fd = fd_above(ec.root_fd, floor);

	/*
	 * blocked before the fork, so no signal meant for it is lost; and not
	 * ignored, or the kernel would drop them (a background job starts with
	 * SIGINT ignored; runc forwards it all the same)
	 */
	child_forward_set(&fwd);
	mask = fwd;
	sigaddset(&mask, SIGCHLD);
	if (!o.detach) {
		sigprocmask(SIG_BLOCK, &mask, NULL);
		for (i = 1; i < NSIG; i++)
			if (sigismember(&fwd, i) == 1)
				signal(i, SIG_DFL);
	}

	/* 3. our children in the init's PID namespace; we stay where we are */
	if (ec.ns_flags & CLONE_NEWPID) {
		own_pid = ns_open_pid(-1, getpid(), -1, ns_type_by_flag(CLONE_NEWPID), false);
		if (own_pid < 0 || setns(ec.pidfd, CLONE_NEWPID) < 0)
			xrunc_fail(own_pid < 0 ? own_pid : -errno, "exec: the pid namespace of the container");
		ec.ns_flags &= ~CLONE_NEWPID;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		xrunc_fail(-errno, "exec: fork");
	if (pid == 0) {
		close(sv[0]);
		exec_child_run(&ec);
	}
	if (own_pid >= 0 && setns(own_pid, CLONE_NEWPID) < 0)
		xrunc_fail(-errno, "exec: back to our own pid namespace");
	close(ec.ia.sync_fd);
	close(ec.root_fd);
	if (ec.ia.console_fd >= 0)
		close(ec.ia.console_fd);

	/* 4. into the cgroups, then go; a failure takes the child along */
	if (xrunc_status(dfd, st) == XS_STOPPED) {
		kill(pid, SIGKILL);
		xrunc_fail(0, "cannot exec in container %s: it stopped", id);
	}
	join_cgroups_or_err(dirs, pid);
	if (send(sv[0], (char[]) { XSYNC_GO }, 1, MSG_NOSIGNAL) != 1)
		xrunc_fail(-errno, "exec: the process is gone");
	await_exec_or_err(sv[0], pid);
	close(sv[0]);
	xrunc_debug("exec in container %s: pid %d", id, (int) pid);
	/*
	 * the child had its copy: ours is freed, since LeakSanitizer fails an
	 * exit that leaks (an ASan build under conmon, which passes no
	 * ASAN_OPTIONS, and runs exec for every podman exec)
	 */
	cgjoin_free(dirs);
	if (ps)
		ocispec_free(ps);
	else
		free(espec.process.env);
	ocispec_free(spec);
	ocistate_free(st);
	free(o.env);
	free(o.gids);

	/* 5. */
	if (o.pid_file)
		write_pid_file_or_err(o.pid_file, pid);
	if (o.detach)
		return 0;
	if (child_wait_forward(pid, &fwd, &status, NULL, NULL) < 0)
		xrunc_fail(-errno, "exec: waiting for the process");
	return child_exit_code(status);
}

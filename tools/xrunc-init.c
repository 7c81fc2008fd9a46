/*
 * xrunc-init.c - the container's process, from the clone to the exec of
 * the user's program.  Runs in a child of the runtime that is already in
 * its new namespaces; every failure goes back over the sync socket as one
 * line and ends the child.
 *
 * The order is the kernel's:
 *  - wait until the runtime wrote our ID maps
 *  - join the namespaces given by path, the user namespace first (the
 *    others are owned by it, and setns into them needs its capabilities)
 *  - unshare the time namespace, which clone(2) cannot make here
 *  - hostname, the mounts (meanwhile the runtime moves us into the
 *    cgroups: we wait for that before the cgroup namespace, which would
 *    otherwise be rooted at the wrong group, and before any hook), the
 *    pivot, then the paths inside the new root
 *  - the process's own settings while we are still root with every
 *    capability: oom_score_adj, personality, keyring, the terminal, and
 *    last the rlimits (a small one must bind the program, not our work)
 *  - the user switch, the capability sets, no_new_privs, seccomp
 *  - report ready, stop depending on the runtime, wait on the exec fifo,
 *    close every fd beyond stdio and --preserve-fds, exec
 * No name is looked up (NSS) after the pivot: the image's libc and
 * /etc/nsswitch.conf would run as the container's root.  Users are numbers.
 */
#include "compat.h"
#include "caps.h"
#include "child.h"
#include "mount.h"
#include "xrunc.h"
#include "xrunc-init.h"

#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#ifdef HAVE_LIBSECCOMP
# include "ociseccomp.h"
#endif

#ifndef CLOSE_RANGE_CLOEXEC
# define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
#ifndef __NR_close_range
# define __NR_close_range 436
#endif
#ifndef PR_CAP_AMBIENT
# define PR_CAP_AMBIENT 47
# define PR_CAP_AMBIENT_RAISE 2
#endif
#define KEYCTL_JOIN_SESSION_KEYRING 1

noreturn void xinit_fail(struct xinit *x, int rc, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	msg[0] = XSYNC_ERR;
	va_start(ap, fmt);
	n = vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (rc && n > 0 && (size_t) n < sizeof(msg) - 1)
		snprintf(msg + 1 + n, sizeof(msg) - 1 - (size_t) n, ": %s",
			 strerror(rc < 0 ? -rc : rc));
	if (send(x->a->sync_fd, msg, strlen(msg), MSG_NOSIGNAL) < 0)
		_exit(1);
	_exit(1);
}

/*
 * 'g', and the first time our PID as the runtime sees it (for the hooks'
 * state); before it, "m<index>" messages carrying the idmapped mount the
 * runtime made for mounts[index] (SCM_RIGHTS)
 */
static void await_go(struct xinit *x)
{
	for (;;) {
		char msg[32] = "", cbuf[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { .iov_base = msg, .iov_len = sizeof(msg) - 1 };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
				     .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm;
		ssize_t n;

		do
			n = recvmsg(x->a->sync_fd, &mh, MSG_CMSG_CLOEXEC);
		while (n < 0 && errno == EINTR);
		/* the runtime died or gave up: nothing here is anyone's any more */
		if (n < 1)
			_exit(1);
		msg[n] = '\0';
		cm = CMSG_FIRSTHDR(&mh);
		if (msg[0] == XSYNC_MOUNT && cm && cm->cmsg_type == SCM_RIGHTS) {
			size_t i = (size_t) atoi(msg + 1);

			if (i < x->a->spec->nmounts && x->idmap_fd)
				memcpy(&x->idmap_fd[i], CMSG_DATA(cm), sizeof(int));
			continue;
		}
		if (msg[0] != XSYNC_GO)
			_exit(1);
		if (msg[1] && x->a->state)
			x->a->state->pid = (pid_t) atoi(msg + 1);
		return;
	}
}

/* hooks that run in the container's namespaces (createContainer, startContainer) */
static void container_hooks(struct xinit *x, enum oci_hook_kind kind)
{
	char why[512];

	if (x->a->spec->hooks.n[kind] && x->a->state &&
	    xrunc_run_hooks(x->a->spec, kind, x->a->state, "creating", why, sizeof(why)) < 0)
		xinit_fail(x, 0, "%s", why);
}

static void join_namespaces(struct xinit *x)
{
	int i;

	/*
	 * a path that names the namespace we are in (the host's): what is
	 * set in it, sysctls above all, is the host's.  We are still in it.
	 */
	for (i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		char own[64];
		ino_t a, b;

		if (x->a->ns_fd[t->kind] >= 0 && ns_fd_inode(x->a->ns_fd[t->kind], &a) == 0 &&
		    ns_pid_path(own, sizeof(own), -1, 0, t, false) == 0 &&
		    ns_path_inode(own, &b) == 0 && a == b)
			x->host_ns |= 1u << t->kind;
	}

	/* ns_types lists user first and mnt last, the order setns needs */
	for (i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];

		if (t->kind == NS_PID || t->kind == NS_TIME || x->a->ns_fd[t->kind] < 0)
			continue;
		if (setns(x->a->ns_fd[t->kind], t->flag) < 0)
			xinit_fail(x, -errno, "joining the %s namespace", t->name);
		close(x->a->ns_fd[t->kind]);
	}
}

static void time_offsets(struct xinit *x)
{
	const struct oci_spec *s = x->a->spec;
	char buf[128];
	int fd, n;

	/* the offsets may only be written before a process enters: our exec does */
	n = snprintf(buf, sizeof(buf), "monotonic %lld %u\nboottime %lld %u\n",
		     (long long) s->time_offset_secs[0], s->time_offset_nsecs[0],
		     (long long) s->time_offset_secs[1], s->time_offset_nsecs[1]);
	fd = open("/proc/self/timens_offsets", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, buf, (size_t) n) != n)
		xinit_fail(x, -errno, "linux.timeOffsets");
	close(fd);
}

/* a namespace of the container's: in the config, and not the runtime's own joined by path */
static bool own_ns(const struct xinit *x, enum ns_kind kind)
{
	return ocispec_ns(x->a->spec, kind) && !(x->host_ns & (1u << kind));
}

/*
 * only sysctls that belong to a namespace the container has: any other
 * lives once per machine and writing it from a config would set the
 * host's (kernel.core_pattern runs a program as root).  runc's list.
 */
static bool sysctl_namespaced(const struct xinit *x, const char *key)
{
	static const char *const ipc[] = {
		"kernel.msgmax", "kernel.msgmnb", "kernel.msgmni", "kernel.sem",
		"kernel.shmall", "kernel.shmmax", "kernel.shmmni", "kernel.shm_rmid_forced",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ipc); i++)
		if (!strcmp(key, ipc[i]))
			return own_ns(x, NS_IPC);
	if (!strncmp(key, "fs.mqueue.", 10))
		return own_ns(x, NS_IPC);
	if (!strncmp(key, "net.", 4))
		return own_ns(x, NS_NET);
	if (!strcmp(key, "kernel.hostname") || !strcmp(key, "kernel.domainname"))
		return own_ns(x, NS_UTS);
	return false;
}

static void sysctls(struct xinit *x)
{
	const struct oci_spec *s = x->a->spec;
	size_t i;

	for (i = 0; i < s->nsysctl; i++) {
		char path[512], *c;
		int fd;

		if (strstr(s->sysctl[i].key, "..") || strchr(s->sysctl[i].key, '/'))
			xinit_fail(x, 0, "linux.sysctl: '%s' is not a sysctl name", s->sysctl[i].key);
		if (!sysctl_namespaced(x, s->sysctl[i].key))
			xinit_fail(x, 0, "linux.sysctl: %s is not in a namespace of the container's own "
				   "(it would be the host's)", s->sysctl[i].key);
		snprintf(path, sizeof(path), "/proc/sys/%s", s->sysctl[i].key);
		for (c = path + 10; *c; c++)
			if (*c == '.')
				*c = '/';
		fd = open(path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, s->sysctl[i].value, strlen(s->sysctl[i].value)) < 0)
			xinit_fail(x, -errno, "linux.sysctl: %s", s->sysctl[i].key);
		close(fd);
	}
}

void xinit_terminal(struct xinit *x, const char *what, bool console)
{
	const struct oci_process *p = &x->a->spec->process;
	char name[64], cbuf[CMSG_SPACE(sizeof(int))] = { 0 }, tag[] = "/dev/ptmx";
	struct iovec iov = { .iov_base = tag, .iov_len = sizeof(tag) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	int master, slave, fd;

	master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || unlockpt(master) < 0 || ptsname_r(master, name, sizeof(name)))
		xinit_fail(x, -errno, "%s: /dev/ptmx", what);
	slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0)
		xinit_fail(x, -errno, "%s: %s", what, name);
	if (p->console_width || p->console_height) {
		struct winsize ws = { .ws_row = (unsigned short) p->console_height,
				      .ws_col = (unsigned short) p->console_width };

		ioctl(slave, TIOCSWINSZ, &ws);
	}
	/* /dev/console is the pty, as runc makes it */
	if (console) {
		fd = open("/dev/console", O_WRONLY | O_CREAT | O_NOCTTY | O_CLOEXEC, 0600);
		if (fd >= 0) {
			close(fd);
			mount(name, "/dev/console", NULL, MS_BIND, NULL);
		}
	}
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &master, sizeof(int));
	if (sendmsg(x->a->console_fd, &mh, MSG_NOSIGNAL) < 0)
		xinit_fail(x, -errno, "%s: sending the terminal to --console-socket", what);
	close(master);
	close(x->a->console_fd);
	if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) < 0)
		xinit_fail(x, -errno, "%s: controlling terminal", what);
	if (dup2(slave, 0) < 0 || dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
		xinit_fail(x, -errno, "%s: stdio", what);
	if (slave > 2)
		close(slave);
}

/*
 * the rlimits, late: a small RLIMIT_NOFILE or NPROC must bind the program,
 * not our mounts and hooks; still before the user switch, while we may
 * raise a hard limit
 */
void xinit_rlimits(struct xinit *x)
{
	const struct oci_process *p = &x->a->spec->process;
	size_t i;

	for (i = 0; i < p->n_rlimits; i++) {
		struct rlimit rl = { .rlim_cur = p->rlimits[i].soft, .rlim_max = p->rlimits[i].hard };

		if (setrlimit(p->rlimits[i].resource, &rl) < 0)
			xinit_fail(x, -errno, "process.rlimits: %s",
				   ocispec_rlimit_name(p->rlimits[i].resource));
	}
}

void xinit_process_settings(struct xinit *x)
{
	const struct oci_spec *s = x->a->spec;
	const struct oci_process *p = &s->process;

	if (p->oom_score_adj.has) {
		char buf[16];
		int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
		int n = snprintf(buf, sizeof(buf), "%lld", (long long) p->oom_score_adj.v);

		if (fd < 0 || write(fd, buf, (size_t) n) != n)
			xinit_fail(x, -errno, "process.oomScoreAdj");
		close(fd);
	}
	if (s->has_personality &&
	    personality(!strcmp(s->personality_domain, "LINUX32") ? PER_LINUX32 : PER_LINUX) < 0)
		xinit_fail(x, -errno, "linux.personality");
	/* a session keyring of its own, so keys do not cross containers */
	if (!x->a->no_new_keyring && syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL) < 0 &&
	    errno != ENOSYS)
		xinit_fail(x, -errno, "a new session keyring");
	umask(p->umask.has ? (mode_t) p->umask.v : 022);
}

static int capset_sets(const uint64_t caps[OCI_CAP_NSETS])
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	int i;

	for (i = 0; i < 2; i++) {
		d[i].effective = (uint32_t) (caps[OCI_CAP_EFFECTIVE] >> (32 * i));
		d[i].permitted = (uint32_t) (caps[OCI_CAP_PERMITTED] >> (32 * i));
		d[i].inheritable = (uint32_t) (caps[OCI_CAP_INHERITABLE] >> (32 * i));
	}
	return (int) syscall(SYS_capset, &h, d);
}

/* the filter is built (and refused) while we can still say why */
void xinit_build_seccomp(struct xinit *x)
{
#ifdef HAVE_LIBSECCOMP
	char err[256] = "";
	int rc;

	rc = ociseccomp_build(x->a->spec->seccomp, &x->seccomp, err, sizeof(err));
	if (rc < 0)
		xinit_fail(x, err[0] ? 0 : rc, "linux.seccomp%s%s", err[0] ? ": " : "", err);
#else
	(void) x;
#endif
}

int xinit_load_seccomp(struct xinit *x)
{
#ifdef HAVE_LIBSECCOMP
	return ociseccomp_load(x->seccomp);
#else
	(void) x;
	return 0;
#endif
}

/* the user and the capability sets; bounding first, while we hold CAP_SETPCAP */
void xinit_switch_user(struct xinit *x)
{
	const struct oci_process *p = &x->a->spec->process;
	int last = caps_last_cap(), c;

	if (p->has_caps)
		for (c = 0; c <= last && c < 64; c++)
			if (!(p->caps[OCI_CAP_BOUNDING] & (1ull << c)) &&
			    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
				xinit_fail(x, -errno, "process.capabilities.bounding");
	if (setgroups(p->n_additional_gids, p->additional_gids) < 0 &&
	    (p->n_additional_gids || errno != EPERM))
		xinit_fail(x, -errno, "process.user.additionalGids");
	/* keep the permitted set across the uid change; capset trims it after */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 ||
	    setresgid(p->gid, p->gid, p->gid) < 0)
		xinit_fail(x, -errno, "process.user.gid %u", (unsigned) p->gid);
	if (setresuid(p->uid, p->uid, p->uid) < 0)
		xinit_fail(x, -errno, "process.user.uid %u", (unsigned) p->uid);
	prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (!p->has_caps)
		return;
	if (capset_sets(p->caps) < 0)
		xinit_fail(x, -errno, "process.capabilities");
	/*
	 * the kernel raises an ambient capability only when it is permitted
	 * and inheritable; runc's own default config asks for ambient ones
	 * that are not inheritable, and runc skips them: so do we
	 */
	for (c = 0; c <= last && c < 64; c++)
		if ((p->caps[OCI_CAP_AMBIENT] & p->caps[OCI_CAP_INHERITABLE] &
		     p->caps[OCI_CAP_PERMITTED] & (1ull << c)) &&
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) < 0)
			xinit_fail(x, -errno, "process.capabilities.ambient: %s", ocispec_cap_name(c));
}

/* PATH of process.env, not ours: the program is the container's */
const char *xinit_find_program(struct xinit *x, char *buf, size_t len)
{
	const struct oci_process *p = &x->a->spec->process;
	const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	const char *arg0 = p->args[0], *d, *e;
	size_t i;

	if (strchr(arg0, '/')) {
		if (access(arg0, X_OK) < 0)
			xinit_fail(x, -errno, "process.args[0] %s", arg0);
		return arg0;
	}
	for (i = 0; p->env && p->env[i]; i++)
		if (!strncmp(p->env[i], "PATH=", 5))
			path = p->env[i] + 5;
	for (d = path; *d; d = *e ? e + 1 : e) {
		struct stat st;

		e = strchrnul(d, ':');
		snprintf(buf, len, "%.*s/%s", (int) (e - d), e == d ? "." : d, arg0);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return buf;
	}
	xinit_fail(x, 0, "process.args[0]: %s: executable file not found in $PATH", arg0);
}

/* close-on-exec for every fd beyond stdio and --preserve-fds */
static void cloexec_beyond_preserved(struct xinit *x)
{
	int i;

	if (syscall(__NR_close_range, 3 + x->a->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
		for (i = 3 + x->a->preserve_fds; i < 65536; i++)
			fcntl(i, F_SETFD, FD_CLOEXEC);
}

void xinit_chdir(struct xinit *x, const char *cwd)
{
	char buf[PATH_MAX];

	if (chdir(cwd) < 0)
		xinit_fail(x, -errno, "process.cwd %s", cwd);
	/*
	 * a cwd through an fd we still hold (/proc/self/fd/N, runc's
	 * CVE-2024-21626) is a folder outside the root: then the kernel has
	 * no path to it from "/" and getcwd(3) fails with ENOENT
	 */
	if (!getcwd(buf, sizeof(buf)))
		xinit_fail(x, errno == ENOENT ? 0 : -errno, "process.cwd %s: %s", cwd,
			   errno == ENOENT ? "not inside the container" : "getcwd");
}

int xrunc_init(void *arg)
{
	struct xinit x = { .a = arg, .root_fd = -1 };
	const struct oci_spec *s = x.a->spec;
	const struct oci_namespace *user = ocispec_ns(s, NS_USER), *ns;
	char fifo[64], prog[4096];
	sigset_t none;
	int fd, i, rc;

	/*
	 * the runtime blocks the signals it forwards, and may have been
	 * started with some ignored (a background job's SIGINT): both survive
	 * execve, and a shell cannot even trap a signal ignored at its start
	 */
	for (i = 1; i < NSIG; i++)
		if (i != SIGKILL && i != SIGSTOP)
			signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/*
	 * until the exec we are the runtime's image, with its fds and (before
	 * the pivot) the host's root: a process of a PID namespace we join
	 * must not reach them through /proc/PID/{exe,fd,root,cwd} (runc's
	 * CVE-2016-9962).  Non-dumpable, that takes CAP_SYS_PTRACE; the exec
	 * makes the program dumpable again.  An unprivileged runtime may
	 * write /proc/PID/{uid_map,setgroups} only of a dumpable process (a
	 * non-dumpable one's belong to the host's root): then not before the
	 * first go, which comes after the maps.  Until then our credentials
	 * are of a user namespace that nobody else is in, so only the
	 * runtime's own user may reach us.
	 */
	if (!x.a->maps_by_user && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		_exit(1);
	/* a runtime killed before it let us go takes us along */
	if (child_set_pdeathsig(SIGKILL, x.a->parent_pidfd) < 0)
		_exit(1);
	/*
	 * the fds the caller left open are not the hooks' we run either: a
	 * startContainer hook is a program of the image, and a folder of the
	 * host's among them would be a way out (openat(fd, ".."))
	 */
	cloexec_beyond_preserved(&x);
	x.idmap_fd = calloc(s->nmounts + 1, sizeof(int));
	for (i = 0; x.idmap_fd && i < (int) s->nmounts; i++)
		x.idmap_fd[i] = -1;
	await_go(&x);
	if (x.a->maps_by_user && prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		_exit(1);
	join_namespaces(&x);
	x.in_userns = user != NULL;
	x.new_netns = (ns = ocispec_ns(s, NS_NET)) && !ns->path;
	if (user && (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0))
		xinit_fail(&x, -errno, "becoming root in the user namespace (is 0 mapped?)");
	/*
	 * the uid change made us non-dumpable, and /proc/self then belongs to
	 * the host's root, which is not mapped here: timens_offsets and
	 * oom_score_adj would be closed to us (execve sets it right again)
	 */
	if (user && prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		xinit_fail(&x, -errno, "PR_SET_DUMPABLE");
	if ((ns = ocispec_ns(s, NS_TIME)) && !ns->path) {
		if (unshare(CLONE_NEWTIME) < 0)
			xinit_fail(&x, -errno, "a new time namespace");
		if (s->has_time_offsets)
			time_offsets(&x);
	}
	if (s->hostname && sethostname(s->hostname, strlen(s->hostname)) < 0)
		xinit_fail(&x, -errno, "hostname");
	if (s->domainname && setdomainname(s->domainname, strlen(s->domainname)) < 0)
		xinit_fail(&x, -errno, "domainname");
	xinit_process_settings(&x);       /* oom_score_adj through the host's /proc */
	xinit_rootfs(&x);
	/* in our cgroups now: the namespace is rooted at the container's group */
	await_go(&x);
	if ((ns = ocispec_ns(s, NS_CGROUP)) && !ns->path && unshare(CLONE_NEWCGROUP) < 0)
		xinit_fail(&x, -errno, "a new cgroup namespace");
	/* the spec: in the container's mount namespace, before pivot_root */
	container_hooks(&x, OCI_HOOK_CREATE_CONTAINER);
	rc = x.a->no_pivot ? mount_chroot(x.root_fd) : mount_pivot(x.root_fd);
	if (rc < 0)
		xinit_fail(&x, rc, x.a->no_pivot ? "chroot" : "pivot_root");
	close(x.root_fd);
	x.root_fd = -1;
	sysctls(&x);                /* before /proc/sys is made read-only, as runc orders it */
	xinit_paths(&x);
	if (s->process.terminal)
		xinit_terminal(&x, "process.terminal", true);
	/*
	 * without a terminal of its own the program shares our stdio, maybe
	 * the caller's terminal: in the caller's session it could push input
	 * there with TIOCSTI, run by the caller's shell after we exit
	 * (bubblewrap's CVE-2017-5226).  A session of its own has no
	 * controlling terminal, and TIOCSTI then needs CAP_SYS_ADMIN; runc
	 * does the same.
	 */
	else if (setsid() < 0)
		xinit_fail(&x, -errno, "setsid");
	xinit_root_readonly(&x);
	xinit_chdir(&x, s->process.cwd);
	/* without no_new_privs only a privileged process may load a filter */
	if (s->seccomp)
		xinit_build_seccomp(&x);
	if (s->seccomp && !s->process.no_new_privileges && (rc = xinit_load_seccomp(&x)) < 0)
		xinit_fail(&x, rc, "linux.seccomp: loading the filter");
	xinit_rlimits(&x);
	xinit_switch_user(&x);
	if (s->process.no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		xinit_fail(&x, -errno, "process.noNewPrivileges");
	xinit_find_program(&x, prog, sizeof(prog));
	/* a user namespace had us dumpable for /proc/self: not while we wait for start */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		xinit_fail(&x, -errno, "PR_SET_DUMPABLE");

	/* ready; once the runtime has recorded us, we no longer die with it */
	if (send(x.a->sync_fd, (char[]) { XSYNC_READY }, 1, MSG_NOSIGNAL) != 1)
		_exit(1);
	await_go(&x);
	/* and say so: a runtime that exits before we cleared it would kill us */
	if (prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0) < 0 ||
	    send(x.a->sync_fd, (char[]) { XSYNC_READY }, 1, MSG_NOSIGNAL) != 1)
		_exit(1);
	close(x.a->sync_fd);

	if (x.a->fifo_fd >= 0) {
		snprintf(fifo, sizeof(fifo), "/proc/self/fd/%d", x.a->fifo_fd);
		fd = open(fifo, O_WRONLY | O_CLOEXEC);   /* blocks until start */
		if (fd < 0 || write(fd, "0", 1) != 1)
			_exit(1);
		close(fd);
		close(x.a->fifo_fd);
	}
	/* after start, before the program: a failure here has no one to tell */
	if (x.a->spec->hooks.n[OCI_HOOK_START_CONTAINER] && x.a->state &&
	    xrunc_run_hooks(s, OCI_HOOK_START_CONTAINER, x.a->state, "created", prog, sizeof(prog)) < 0)
		_exit(1);
	/* last, so that the filter need not allow what we do before the exec */
	if (s->seccomp && s->process.no_new_privileges && xinit_load_seccomp(&x) < 0)
		_exit(1);
	/* nothing of ours beyond stdio and --preserve-fds reaches the program */
	cloexec_beyond_preserved(&x);
	for (i = 3; i < 3 + x.a->preserve_fds; i++)
		fcntl(i, F_SETFD, 0);
	execve(xinit_find_program(&x, prog, sizeof(prog)), s->process.args,
	       s->process.env ? s->process.env : (char *[]) { NULL });
	_exit(127);
}

/*
 * xrunc-create.c - create: the runtime's side of making a container (state
 * entry, cgroups, namespaces, ID maps); start and run are in xrunc-run.c.
 *
 * The order, and why:
 *  1. config.json is read and checked whole: a refusal leaves nothing.
 *  2. mkdir ROOT/ID is the lock: of two creates of one ID exactly one wins.
 *     state.json is written at once (pid 0), and again as each thing that
 *     must be undone comes to be, so that a SIGKILL at any point leaves a
 *     state from which `delete --force` removes everything.
 *  3. The cgroups are made and their limits written before any process
 *     exists, so the container is limited from its first page.
 *  4. The child is cloned into its new namespaces; it asks for SIGKILL when
 *     we die, so a killed create leaves no orphan.  We write its ID maps
 *     and let it go (xrunc-init.c); while it makes its mounts we put it
 *     into the cgroups, and let it go on from there.
 *  5. It reports ready (or one line of why not); we record its PID and
 *     start time, and only then does it stop depending on us and wait on
 *     the exec fifo, which `start` opens.
 */
#include "compat.h"
#include "cgroup.h"
#include "child.h"
#include "cleanup.h"
#include "cli.h"
#include "idmap.h"
#include "ns.h"
#include "proc.h"
#include "xrunc.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* what an exit before the end must undo (see atexit in create()) */
static struct {
	char *tmp;               /* the entry before it is renamed into place */
	const char *id;
	pid_t pid;
	bool committed;
	struct oci_state *st;
} undo;

static void undo_create(void)
{
	if (undo.tmp) {
		_cleanup_free_ char *f = xasprintf("%s/state.json", undo.tmp);

		unlink(f);
		rmdir(undo.tmp);
	}
	if (!undo.id || undo.committed)
		return;
	undo.committed = true;      /* once: xrunc_delete may exit again */
	if (undo.pid > 0)
		kill(undo.pid, SIGKILL);
	if (undo.st)
		xrunc_cgroup_destroy(undo.st);
	xrunc_delete(undo.id, true, true);
}

static bool has_option(const struct oci_mount *m, const char *a, const char *b)
{
	size_t i;

	for (i = 0; m->options && m->options[i]; i++)
		if (!strcmp(m->options[i], a) || !strcmp(m->options[i], b))
			return true;
	return false;
}

/* whether the kernel runs the LSM @name ("apparmor", "selinux") */
static bool lsm_on(const char *name)
{
	char buf[512], *tok, *save = NULL;
	int fd = open("/sys/kernel/security/lsm", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0) {
		/* no securityfs mounted: what each LSM shows of itself elsewhere */
		if (!strcmp(name, "selinux"))
			return access("/sys/fs/selinux/enforce", F_OK) == 0;
		fd = open("/sys/module/apparmor/parameters/enabled", O_RDONLY | O_CLOEXEC);
		n = fd < 0 ? -1 : read(fd, buf, 1);
		if (fd >= 0)
			close(fd);
		return n == 1 && buf[0] == 'Y';
	}
	buf[n] = '\0';
	for (tok = strtok_r(buf, ",\n", &save); tok; tok = strtok_r(NULL, ",\n", &save))
		if (!strcmp(tok, name))
			return true;
	return false;
}

/* what no kernel or build of ours can do: one line, before anything is made */
static void check_spec_or_err(const struct oci_spec *s, const struct xrunc_create_opts *o)
{
	const struct oci_namespace *user = ocispec_ns(s, NS_USER);
	size_t i;

	if (!s->has_process)
		xrunc_fail(0, "config.json: process: missing");
	if (!s->root_path)
		xrunc_fail(0, "config.json: root.path: missing");
	if (!ocispec_ns(s, NS_MNT))
		xrunc_fail(0, "config.json: linux.namespaces: a mount namespace is required");
	if (s->process.apparmor_profile && *s->process.apparmor_profile)
		xrunc_fail(0, "config.json: process.apparmorProfile: %s",
			   lsm_on("apparmor") ? "AppArmor profiles are not supported by xrunc" :
			   "AppArmor is not enabled here");
	if (s->process.selinux_label && *s->process.selinux_label)
		xrunc_fail(0, "config.json: process.selinuxLabel: %s",
			   lsm_on("selinux") ? "SELinux labels are not supported by xrunc" :
			   "SELinux is not enabled here");
	if (s->mount_label && *s->mount_label)
		xrunc_fail(0, "config.json: linux.mountLabel: %s",
			   lsm_on("selinux") ? "SELinux labels are not supported by xrunc" :
			   "SELinux is not enabled here");
	if (s->has_intel_rdt)
		xrunc_fail(0, "config.json: linux.intelRdt: not supported by xrunc");
#ifndef HAVE_LIBSECCOMP
	if (s->seccomp)
		xrunc_fail(0, "config.json: linux.seccomp: xrunc was built without libseccomp");
#endif
	if (s->seccomp && s->seccomp->listener_path)
		xrunc_fail(0, "config.json: linux.seccomp.listenerPath: not supported by xrunc");
	if (s->hostname && *s->hostname && (!ocispec_ns(s, NS_UTS) || ocispec_ns(s, NS_UTS)->path))
		xrunc_fail(0, "config.json: hostname: needs a new uts namespace");
	if ((s->uid_map.n || s->gid_map.n) && (!user || user->path))
		xrunc_fail(0, "config.json: linux.uidMappings: needs a new user namespace");
	if (user && !user->path && (!s->uid_map.n || !s->gid_map.n))
		xrunc_fail(0, "config.json: linux.uidMappings, gidMappings: a new user namespace needs both");
	if (s->has_time_offsets && (!ocispec_ns(s, NS_TIME) || ocispec_ns(s, NS_TIME)->path))
		xrunc_fail(0, "config.json: linux.timeOffsets: needs a new time namespace");
	if (user && user->path && ocispec_ns(s, NS_PID) && !ocispec_ns(s, NS_PID)->path)
		xrunc_fail(0, "config.json: linux.namespaces: joining a user namespace while making "
			   "a new pid namespace is not supported");
	if (s->process.terminal && !o->console_socket && !(o->run && !o->detach))
		xrunc_fail(0, "config.json: process.terminal needs --console-socket");
	if (!s->process.terminal && o->console_socket)
		xrunc_fail(0, "--console-socket: process.terminal is false in config.json");
	for (i = 0; i < s->nmounts; i++)
		if (has_option(&s->mounts[i], "idmap", "ridmap") && !user)
			xrunc_fail(0, "config.json: mounts[%zu]: an idmap mount needs a user namespace", i);
	for (i = 0; i < s->nnamespaces; i++)
		if (s->namespaces[i].path && s->namespaces[i].kind == NS_MNT)
			xrunc_fail(0, "config.json: linux.namespaces: joining a mount namespace "
				   "(path) is not supported: the root is set up in a new one");
	xrunc_cgroup_check_or_err(&s->resources, "config.json");
}

int connect_console_or_err(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		xrunc_fail(0, "--console-socket %s: path too long", path);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *) &sa, sizeof(sa)) < 0)
		xrunc_fail(-errno, "--console-socket %s", path);
	return fd;
}

/* mkdir -p: an engine passes a --root whose parents may not exist yet */
static int mkdir_parents(const char *path)
{
	_cleanup_free_ char *p = xstrdup(path);
	char *s;

	for (s = p + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0711) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	/* the root itself is the owner's alone: it names PIDs and cgroups */
	return mkdir(p, 0700) < 0 && errno != EEXIST ? -errno : 0;
}

void write_pid_file_or_err(const char *path, pid_t pid)
{
	_cleanup_free_ char *tmp = xasprintf("%s.xrunc-new", path);
	char buf[32];
	int fd, n;

	/* renamed into place: a reader never sees an empty file */
	n = snprintf(buf, sizeof(buf), "%d", (int) pid);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, buf, (size_t) n) != n || close(fd) < 0 || rename(tmp, path) < 0)
		xrunc_fail(-errno, "--pid-file %s", path);
}

/* the new user namespace's maps: ours to write as root, else newuidmap's */
static void write_idmaps_or_err(pid_t pid, const struct oci_spec *s)
{
	bool own_only = s->uid_map.n == 1 && s->uid_map.r[0].count == 1 &&
			s->uid_map.r[0].outer == geteuid() && s->gid_map.n == 1 &&
			s->gid_map.r[0].count == 1 && s->gid_map.r[0].outer == getegid();
	int rc;

	if (geteuid() != 0 && own_only) {
		/* the kernel takes an unprivileged gid_map only after setgroups deny */
		if ((rc = idmap_setgroups(pid, false)) < 0)
			xrunc_fail(rc, "setgroups of the container");
	}
	if (geteuid() == 0 || own_only) {
		if ((rc = idmap_write(pid, IDMAP_UID, &s->uid_map)) < 0)
			xrunc_fail(rc, "linux.uidMappings: writing uid_map");
		if ((rc = idmap_write(pid, IDMAP_GID, &s->gid_map)) < 0)
			xrunc_fail(rc, "linux.gidMappings: writing gid_map");
		return;
	}
	if ((rc = idmap_write_helper(pid, IDMAP_UID, &s->uid_map)) < 0)
		xrunc_fail(rc, "linux.uidMappings: newuidmap");
	if ((rc = idmap_write_helper(pid, IDMAP_GID, &s->gid_map)) < 0)
		xrunc_fail(rc, "linux.gidMappings: newgidmap");
}

/*
 * idmap/ridmap mounts: made here, where we are privileged over the
 * filesystem (the child, root only in its user namespace, is not), as a
 * detached tree mapped through the child's user namespace, and handed to
 * it to attach where the mount goes
 */
static void send_idmapped_or_err(int sync_fd, pid_t pid, const struct oci_spec *s,
				 const char *bundle)
{
	_cleanup_close_ int userns = -1;
	size_t i;

	for (i = 0; i < s->nmounts; i++) {
		const struct oci_mount *m = &s->mounts[i];
		bool rec = has_option(m, "ridmap", "rbind");
		_cleanup_free_ char *src = NULL;
		_cleanup_close_ int tree = -1;
		struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP };
		char msg[32], cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
		struct iovec iov = { .iov_base = msg };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
				     .msg_controllen = sizeof(cbuf) };
		struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);

		if (!has_option(m, "idmap", "ridmap"))
			continue;
		if (!m->source)
			xrunc_fail(0, "config.json: mounts[%zu]: an idmap mount needs a source", i);
		if (userns < 0) {
			userns = ns_open_pid(-1, pid, -1, ns_type_by_flag(CLONE_NEWUSER), false);
			if (userns < 0)
				xrunc_fail(userns, "the user namespace of %d", (int) pid);
		}
		src = m->source[0] == '/' ? xstrdup(m->source) : xasprintf("%s/%s", bundle, m->source);
		tree = open_tree(AT_FDCWD, src, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
				 (rec ? AT_RECURSIVE : 0));
		attr.userns_fd = (uint64_t) userns;
		if (tree < 0 || mount_setattr(tree, "", AT_EMPTY_PATH | (rec ? AT_RECURSIVE : 0),
					      &attr, sizeof(attr)) < 0)
			xrunc_fail(-errno, "config.json: mounts[%zu]: idmapped mount of %s", i, src);
		iov.iov_len = (size_t) snprintf(msg, sizeof(msg), "%c%zu", XSYNC_MOUNT, i);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &tree, sizeof(int));
		if (sendmsg(sync_fd, &mh, MSG_NOSIGNAL) < 0)
			xrunc_fail(-errno, "the container's process is gone");
	}
}

/* one message from the child: 'r' ready, or 'e' and why not */
static void await_child_or_err(int sync_fd, char want)
{
	char msg[1024];
	ssize_t n;

	do
		n = recv(sync_fd, msg, sizeof(msg) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n <= 0)
		xrunc_fail(n < 0 ? -errno : 0, "the container's process died while it was set up");
	msg[n] = '\0';
	if (msg[0] == XSYNC_ERR)
		xrunc_fail(0, "%s", msg + 1);
	if (msg[0] != want)
		xrunc_fail(0, "the container's process said '%c', not '%c'", msg[0], want);
}

static void send_or_err(int fd, char c)
{
	if (send(fd, &c, 1, MSG_NOSIGNAL) == 1)
		return;
	/* a child that failed (while we moved it) left its reason queued here */
	if (errno == EPIPE || errno == ECONNRESET)
		await_child_or_err(fd, XSYNC_ERR);
	xrunc_fail(-errno, "the container's process is gone");
}

/*
 * the group's directory in each hierarchy, for the cgroup mount: every v1
 * hierarchy on v1 and hybrid hosts (not cgroup2 on a hybrid one, as runc
 * leaves it out), the cgroup2 group alone on a v2 host
 */
static void cgroup_dirs(const struct oci_state *st, const struct cgroup_layout *lo,
			struct xrunc_init_args *ia)
{
	char **mounts = xrunc_cgroup_v1_mounts();
	int i, n = 0;

	ia->cg_host = xcalloc(CGROUP_MAX_HIER * 2 + 2, sizeof(char *));
	ia->cg_names = xcalloc(CGROUP_MAX_HIER * 2 + 2, sizeof(char *));
	if (st->cgroup_path && lo->kind == CGROUP_LAYOUT_V2 && lo->v2 >= 0) {
		ia->cg_host[0] = xasprintf("%s%s", lo->hier[lo->v2].path, st->cgroup_path);
		ia->cg_names[0] = xstrdup("");
	}
	for (i = 0; st->cgroup_path && lo->kind != CGROUP_LAYOUT_V2 && mounts[i]; i++) {
		ia->cg_host[n] = xasprintf("%s%s", mounts[i], st->cgroup_path);
		ia->cg_names[n++] = xstrdup(strrchr(mounts[i], '/') + 1);
	}
	xrunc_free_strv(mounts);
}

/* clone(2) as fork(2): the child returns 0 here, in its new namespaces */
static pid_t clone_ns(int flags)
{
	return (pid_t) syscall(SYS_clone, (unsigned long) flags | SIGCHLD, NULL, NULL, NULL, NULL);
}

/*
 * create: returns with the container's process waiting on the fifo, its
 * PID in *@pid; for run, the caller is its parent and may wait for it.
 */
pid_t xrunc_create(const char *id, struct xrunc_create_opts *o)
{
	struct xrunc_init_args ia = { .fifo_fd = -1, .console_fd = -1 };
	_cleanup_free_ char *bundle = NULL, *rootfs = NULL, *dir = NULL, *fifo = NULL;
	struct oci_state *st = xcalloc(1, sizeof(*st));
	struct cgroup_layout lo = { 0 };
	struct cgroup cg;
	struct oci_spec *spec;
	int sv[2], flags = 0, i, rc, join_pid = -1, own_pid = -1;
	char created[64], gomsg[32], why[512];
	uint64_t start;
	char pstate;
	pid_t pid;

	cgroup_init(&cg, &lo);
	/*
	 * fds 3 .. 2+N are the caller's to pass on: one not open would be
	 * taken by a descriptor of ours and passed into the container; hold
	 * each such place with /dev/null first
	 */
	for (i = 3; i < 3 + o->preserve_fds; i++)
		if (fcntl(i, F_GETFD) < 0 && errno == EBADF) {
			int fd = open("/dev/null", O_RDWR);

			if (fd < 0 || (fd != i && (dup2(fd, i) < 0 || close(fd) < 0)))
				xrunc_fail(-errno, "--preserve-fds: holding fd %d", i);
		}
	bundle = realpath(o->bundle, NULL);
	if (!bundle)
		xrunc_fail(-errno, "bundle %s", o->bundle);
	spec = xrunc_load_spec_or_err(bundle);
	check_spec_or_err(spec, o);
	rootfs = spec->root_path[0] == '/' ? xstrdup(spec->root_path) :
		 xasprintf("%s/%s", bundle, spec->root_path);
	if (access(rootfs, F_OK) < 0)
		xrunc_fail(-errno, "config.json: root.path %s", rootfs);
	for (i = 0; i < 8; i++)
		ia.ns_fd[i] = -1;
	for (i = 0; i < (int) spec->nnamespaces; i++) {
		const struct oci_namespace *n = &spec->namespaces[i];

		if (!n->path) {
			/* cgroup and time namespaces are unshared by the child (see xrunc-init.c) */
			if (n->kind != NS_CGROUP && n->kind != NS_TIME)
				flags |= n->type->flag;
			continue;
		}
		rc = ns_open_path(n->path, n->type, NULL);
		if (rc < 0)
			xrunc_fail(rc, "config.json: linux.namespaces[%d].path %s", i, n->path);
		ia.ns_fd[n->kind] = rc;
	}
	if (o->console_socket) {
		ia.console_fd = connect_console_or_err(o->console_socket);
	} else if (spec->process.terminal) {
		/* run, attached: the terminal comes to us, as to an engine's socket */
		int sp[2];

		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sp) < 0)
			xrunc_fail(-errno, "socketpair");
		ia.console_fd = sp[1];
		o->tty_fd = sp[0];
	}

	/*
	 * 2. the state entry, made whole under a private name and renamed into
	 * place (RENAME_NOREPLACE is the lock between two creates): the entry
	 * never exists without a state.json naming us, so delete --force can
	 * always stop us and find all we made
	 */
	if ((rc = mkdir_parents(xg.root)) < 0)
		xrunc_fail(rc, "--root %s", xg.root);
	dir = xasprintf("%s/%s", xg.root, id);
	if (access(dir, F_OK) == 0)
		xrunc_fail(0, "container %s already exists", id);
	undo.tmp = xasprintf("%s/.%s.new-%d", xg.root, id, (int) getpid());
	if (mkdir(undo.tmp, 0711) < 0)
		xrunc_fail(-errno, "%s", undo.tmp);
	atexit(undo_create);
	if (chdir(undo.tmp) < 0)
		xrunc_fail(-errno, "%s", undo.tmp);
	xrunc_now_rfc3339(created, sizeof(created));
	st->id = xstrdup(id);
	st->bundle = xstrdup(bundle);
	st->rootfs = xstrdup(rootfs);
	st->created = xstrdup(created);
	/* owner is left to state and list, which name the folder's owner as
	 * runc does: no NSS lookup on the way to the container */
	st->annotations = spec->annotations;
	st->nannotations = spec->nannotations;
	st->creator = getpid();
	if ((rc = proc_read_stat_start(-1, st->creator, &pstate, &st->creator_start)) < 0)
		xrunc_fail(rc, "/proc/self/stat");
	if ((rc = ocistate_write(AT_FDCWD, st)) < 0)
		xrunc_fail(rc, "%s/state.json", dir);
	if (renameat2(AT_FDCWD, undo.tmp, AT_FDCWD, dir, RENAME_NOREPLACE) < 0) {
		if (errno == EEXIST || errno == ENOTEMPTY)
			xrunc_fail(0, "container %s already exists", id);
		xrunc_fail(-errno, "%s", dir);
	}
	free(undo.tmp);
	undo.tmp = NULL;
	undo.id = id;
	undo.st = st;
	fifo = xasprintf("%s/exec.fifo", dir);
	/* 0622: the process may have switched to any user when it opens it */
	if (mkfifo("exec.fifo", 0622) < 0 || chmod("exec.fifo", 0622) < 0)
		xrunc_fail(-errno, "%s", fifo);
	ia.fifo_fd = open("exec.fifo", O_PATH | O_CLOEXEC);
	if (ia.fifo_fd < 0)
		xrunc_fail(-errno, "%s", fifo);

	/* 3. cgroups, with their limits, before the process exists */
	xrunc_resources_zero_is_unset(&spec->resources);   /* as runc: 0 and "" set nothing */
	rc = xrunc_cgroup_setup(spec, id, &cg, &lo, st);
	if ((rc == -EACCES || rc == -EPERM || rc == -EROFS) && geteuid() != 0 &&
	    !spec->has_resources) {
		/* rootless: cgroups only where delegated, and none were asked for */
		xrunc_debug("no cgroup for %s: %s", id, strerror(-rc));
		xrunc_cgroup_destroy(st);
		free(st->cgroup_path);
		st->cgroup_path = NULL;
		cgroup_close(&cg);
		free(cg.path);
		cgroup_init(&cg, &lo);
		rc = ocistate_write(AT_FDCWD, st) < 0 ? -EIO : 1;
	}
	if (rc < 0)
		xrunc_fail(rc, "cgroup %s", st->cgroup_path ? st->cgroup_path : id);
	if (rc == 0)
		xrunc_cgroup_apply(spec, &cg);
	xrunc_debug("container %s: state in %s, cgroup %s", id, dir,
		    st->cgroup_path ? st->cgroup_path : "(none)");

	/* 4. the child: joining a pid (or time) namespace is for our children */
	if (ia.ns_fd[NS_PID] >= 0 || ia.ns_fd[NS_TIME] >= 0) {
		own_pid = ns_open_pid(-1, getpid(), -1, ns_type_by_flag(CLONE_NEWPID), true);
		join_pid = ia.ns_fd[NS_PID];
		if (join_pid >= 0 && setns(join_pid, CLONE_NEWPID) < 0)
			xrunc_fail(-errno, "config.json: joining the pid namespace");
		if (ia.ns_fd[NS_TIME] >= 0 && setns(ia.ns_fd[NS_TIME], CLONE_NEWTIME) < 0)
			xrunc_fail(-errno, "config.json: joining the time namespace");
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		xrunc_fail(-errno, "socketpair");
	ia.spec = spec;
	ia.bundle = bundle;
	ia.rootfs = rootfs;
	ia.state = st;
	cgroup_dirs(st, &lo, &ia);
	ia.sync_fd = sv[1];
	ia.preserve_fds = o->preserve_fds;
	ia.no_pivot = o->no_pivot;
	ia.maps_by_user = spec->uid_map.n && ia.ns_fd[NS_USER] < 0 && geteuid() != 0;
	ia.no_new_keyring = o->no_new_keyring;
	ia.parent_pidfd = ns_pidfd_open(getpid());
	fflush(NULL);
	pid = clone_ns(flags);
	if (pid < 0)
		xrunc_fail(-errno, "clone of the container's process");
	if (pid == 0) {
		close(sv[0]);
		_exit(xrunc_init(&ia));
	}
	undo.pid = pid;
	xrunc_debug("container %s: process %d cloned (flags %#x)", id, (int) pid, flags);
	close(sv[1]);
	if (ia.console_fd >= 0)
		close(ia.console_fd);
	/*
	 * the child has its own copy of what it mounts: ours would outlive
	 * us, and LeakSanitizer (on by default in an ASan build, and under
	 * conmon, which passes no ASAN_OPTIONS) fails the exit of a create
	 * that leaks, with nothing on stderr but its report
	 */
	xrunc_free_strv(ia.cg_host);
	xrunc_free_strv(ia.cg_names);
	ia.cg_host = ia.cg_names = NULL;
	if (own_pid >= 0 && setns(own_pid, CLONE_NEWPID) < 0)
		xrunc_fail(-errno, "back to our own pid namespace");
	if (spec->uid_map.n && ia.ns_fd[NS_USER] < 0)
		write_idmaps_or_err(pid, spec);
	send_idmapped_or_err(sv[0], pid, spec, bundle);
	snprintf(gomsg, sizeof(gomsg), "%c%d", XSYNC_GO, (int) pid);
	if (send(sv[0], gomsg, strlen(gomsg), MSG_NOSIGNAL) < 0)
		xrunc_fail(-errno, "the container's process is gone");
	/*
	 * a move into a v1 group waits for an RCU grace period (the kernel's
	 * cgroup_threadgroup_rwsem), 10 ms and more: done while the child
	 * makes its mounts, which need no cgroup; it waits for this second
	 * go before its cgroup namespace, its hooks and its program
	 */
	if (cg.path && ((rc = cgroup_attach(&cg, pid, false)) < 0 ||
			(rc = xrunc_cgroup_attach_v1(st, pid)) < 0)) {
		if (rc == -ESRCH)       /* it failed meanwhile: its reason is queued */
			await_child_or_err(sv[0], XSYNC_ERR);
		xrunc_fail(rc, "moving the container's process into cgroup %s", cg.path);
	}
	send_or_err(sv[0], XSYNC_GO);

	/* 5. ready: record it, then let it stop depending on us */
	await_child_or_err(sv[0], XSYNC_READY);
	if ((rc = proc_read_stat_start(-1, pid, &pstate, &start)) < 0)
		xrunc_fail(rc, "the container's process");
	st->pid = pid;
	st->starttime = start;
	if ((rc = ocistate_write(AT_FDCWD, st)) < 0)
		xrunc_fail(rc, "%s/state.json", dir);
	/* the container is not made until these ran: "creating", as runc says */
	if (xrunc_run_hooks(spec, OCI_HOOK_PRESTART, st, "creating", why, sizeof(why)) < 0 ||
	    xrunc_run_hooks(spec, OCI_HOOK_CREATE_RUNTIME, st, "creating", why, sizeof(why)) < 0)
		xrunc_fail(0, "%s", why);
	if (o->pid_file)
		write_pid_file_or_err(o->pid_file, pid);
	send_or_err(sv[0], XSYNC_GO);
	await_child_or_err(sv[0], XSYNC_READY);
	close(sv[0]);
	undo.committed = true;
	xrunc_debug("container %s created, pid %d", id, (int) pid);
	st->annotations = NULL;
	st->nannotations = 0;
	ocistate_free(st);
	undo.st = NULL;
	cgroup_close(&cg);
	free(cg.path);
	cgroup_layout_free(&lo);
	ocispec_free(spec);
	return pid;
}

static noreturn void create_usage(bool run)
{
	printf("\nUsage:\n xrunc %s [options] <container-id>\n\n%s\n"
	       "\nOptions:\n"
	       " -b, --bundle <dir>            the bundle (default: the current directory)\n"
	       "     --pid-file <file>         write the container's PID to <file>\n"
	       "     --console-socket <path>   send the terminal's master fd to this socket\n"
	       "     --no-pivot                chroot(2) instead of pivot_root(2)\n"
	       "     --no-new-keyring          keep the session keyring of the caller\n"
	       "     --preserve-fds <n>        pass <n> more fds (from 3 up) to the process\n"
	       "%s"
	       " -h, --help                    display this help\n\nSee xrunc(8).\n",
	       run ? "run" : "create",
	       run ? "Create a container, start it, and wait for its process: the exit status\n"
		     "is the process's (128+N when signal N ended it); then delete it." :
		     "Create a container from a bundle; its process waits until `xrunc start`.",
	       run ? " -d, --detach                  return once it runs, do not wait or delete\n" : "");
	exit(EXIT_SUCCESS);
}

const char *xrunc_parse_create_or_err(int argc, char **argv, struct xrunc_create_opts *o, bool run)
{
	enum { OPT_PID = CHAR_MAX + 1, OPT_CONSOLE, OPT_NOPIVOT, OPT_NOKEYRING, OPT_PRESERVE };
	static const struct option longopts[] = {
		{ "bundle",         required_argument, NULL, 'b' },
		{ "pid-file",       required_argument, NULL, OPT_PID },
		{ "console-socket", required_argument, NULL, OPT_CONSOLE },
		{ "no-pivot",       no_argument,       NULL, OPT_NOPIVOT },
		{ "no-new-keyring", no_argument,       NULL, OPT_NOKEYRING },
		{ "preserve-fds",   required_argument, NULL, OPT_PRESERVE },
		{ "detach",         no_argument,       NULL, 'd' },
		{ "help",           no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	o->bundle = ".";
	while ((c = getopt_long(argc, argv, run ? "b:dh" : "b:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': o->bundle = optarg; break;
		case OPT_PID: o->pid_file = optarg; break;
		case OPT_CONSOLE: o->console_socket = optarg; break;
		case OPT_NOPIVOT: o->no_pivot = true; break;
		case OPT_NOKEYRING: o->no_new_keyring = true; break;
		case OPT_PRESERVE:
			o->preserve_fds = (int) parse_u32_or_err(optarg, "--preserve-fds");
			if (o->preserve_fds > 1 << 20)
				xrunc_fail(0, "--preserve-fds: '%s': out of range", optarg);
			break;
		case 'd':
			if (!run)
				cli_try_help();
			o->detach = true;
			break;
		case 'h': create_usage(run);
		default: cli_try_help();
		}
	}
	if (optind + 1 < argc)
		xrunc_fail(0, "%s: one container ID only", run ? "run" : "create");
	return xrunc_id_or_err(argc, argv, optind);
}

int xrunc_cmd_create(int argc, char **argv)
{
	struct xrunc_create_opts o = { .tty_fd = -1 };
	const char *id = xrunc_parse_create_or_err(argc, argv, &o, false);

	xrunc_create(id, &o);
	return 0;
}

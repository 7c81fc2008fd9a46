/*
 * xchroot - run a command with a new root directory, a peer of chroot(1)
 * that cannot be climbed out of, for directories and filesystem images
 *
 * chroot(2) moves only the process's idea of "/": a root process inside can
 * chroot() again into a subdirectory, leaving its working directory above
 * the new root, and walk ".." up to the real "/".  Here the new root is a
 * mount of its own in a new mount namespace, pivot_root(2) makes it the
 * namespace's "/" and the old root is detached: there is no "above" left.
 *
 * A root without a way up still holds root's powers over the rest of the
 * system: it could mount proc and read /proc/1/root, mknod the host's disk,
 * open_by_handle_at() any inode, write /proc/sys/kernel/core_pattern.  So
 * the command runs contained: in a PID namespace of its own, with a
 * bounding set that keeps none of the capabilities that reach past a mount
 * namespace, no_new_privs, and a seccomp filter for the terminal, the
 * keyrings and new user namespaces.  The page's SECURITY section lists
 * every route and its defence.
 *
 * Reads top to bottom: usage, options, the checks, then the steps in the
 * order the kernel requires.
 */
#include "compat.h"
#include "caps.h"
#include "child.h"
#include "cli.h"
#include "idmap.h"
#include "image.h"
#include "mount.h"
#include "rootfs.h"
#include "denyfilter.h"
#include "session.h"
#include "userspec.h"
#include "xchroot.h"

#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <linux/capability.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef CHILD_ASAN
# include <sanitizer/lsan_interface.h>
#endif

/*
 * Where an image is mounted before the pivot.  Any directory of the new
 * namespace will do: what it covers there is hidden from nobody else, and
 * every bind source was copied (rootfs_clone_sources()) before it is.
 */
#define IMAGE_MNT "/tmp"

/*
 * What a contained root keeps (docker's default set, less CAP_MKNOD and
 * CAP_NET_RAW: there is no device cgroup here, and the network namespace
 * is the host's).  Each of these acts on files, processes and sockets that
 * the mount and PID namespaces already confine; none mounts, loads code
 * into the kernel, opens inodes by handle, reaches raw devices or changes
 * the host's network.
 */
static const int kept_caps[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL,
	CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_SETFCAP, CAP_NET_BIND_SERVICE,
	CAP_SYS_CHROOT, CAP_AUDIT_WRITE,
};


static noreturn void usage(void)
{
	fputs("\nUsage:\n"
	      " xchroot [options] <newroot> [<command> [<argument>...]]\n"
	      "\nRun a command with the root directory set to <newroot>, a directory or a\n"
	      "filesystem image, in a new mount namespace that it cannot climb out of.\n"
	      "With no command, run \"$SHELL\" -i (default: /bin/sh -i).\n"
	      "\nOptions:\n"
	      "     --userspec <user>[:<group>]\n"
	      "                              run as this user and group (names or IDs)\n"
	      "     --groups <g1>[,<g2>...]  set these supplementary groups\n"
	      "     --skip-chdir             do not change the working directory to /\n"
	      "                                (only with <newroot> the old /)\n"
	      "     --no-pivot               plain chroot(2), escapable, as chroot(1),\n"
	      "                                and nothing contained\n"
	      "     --cap-add <cap>          keep this capability (or ALL) inside\n"
	      "     --cap-drop <cap>         drop this capability (or ALL) inside\n"
	      "     --new-session            run the command in a new session\n"
	      "     --keep-session           keep the terminal's session, even for\n"
	      "                                another user (TIOCSTI injection)\n"
	      "\n"
	      "     --proc                   mount proc at /proc\n"
	      "     --sys                    mount sysfs at /sys\n"
	      "     --dev                    a minimal /dev on tmpfs\n"
	      "     --tmpfs <dir>            mount a tmpfs at <dir>\n"
	      "     --bind <src> <dst>       bind <src> (outside) onto <dst> (inside)\n"
	      "     --ro-bind <src> <dst>    the same, read-only\n"
	      "     --dev-bind <src> <dst>   the same, device nodes usable\n"
	      "     --read-only              make the new root read-only\n"
	      "     --rw-image               mount an image <newroot> read-write\n"
	      "\n"
	      " -h, --help                   display this help\n"
	      " -V, --version                display version\n"
	      "\nSee xchroot(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* option values                                                        */

static void add_mount_or_err(struct plan *p, enum rootfs_op op, const char *opt,
			     const char *src, const char *dst)
{
	int rc = rootfs_add(&p->mounts, op, opt, src, dst);

	if (rc == -EINVAL)
		errx(cli_fail_code, "%s: '%s': %s", opt, dst ? dst : "",
		     src && !*src ? "empty source" :
		     "not a path below the new root");
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "%s", opt);
}

/* --bind SRC DST: getopt hands us SRC, DST is the next word */
static const char *second_arg_or_err(int argc, char **argv, const char *opt)
{
	if (optind >= argc) {
		warnx("option '%s' requires two arguments", opt);
		cli_try_help();
	}
	return argv[optind++];
}

static void set_userspec_or_err(struct plan *p, const char *spec)
{
	if (p->have_user)
		userspec_free(&p->user);
	if (userspec_split(spec, &p->user) < 0)
		errx(cli_fail_code, "--userspec: '%s': expected <user>, <user>:<group> or :<group>", spec);
	p->have_user = true;
}

/* --cap-add and --cap-drop, in the order given, on what is kept */
static void change_caps_or_err(struct plan *p, const char *opt, const char *name, bool add)
{
	int cap = caps_parse(name);
	uint64_t bits;

	if (cap < 0)
		errx(cli_fail_code, "%s: '%s': unknown capability", opt, name);
	bits = cap == 64 ? CAPS_ALL : CAPS_BIT(cap);
	p->caps = add ? p->caps | bits : p->caps & ~bits;
	p->caps_given = true;
}

/* ------------------------------------------------------------------ */
/* combinations: each rule is a condition that must not hold           */

static bool skip_chdir_not_old_root(const void *v)
{
	const struct plan *p = v;

	return p->skip_chdir && !p->old_root;
}
static bool rw_image_not_image(const void *v)
{
	const struct plan *p = v;

	return p->rw_image && !p->image;
}
static bool image_rootless(const void *v)
{
	const struct plan *p = v;

	return p->image && p->rootless;
}
static bool groups_rootless(const void *v)
{
	const struct plan *p = v;

	return p->groups && p->rootless;
}
static bool caps_no_pivot(const void *v)
{
	const struct plan *p = v;

	return p->caps_given && !p->pivot;
}

static const struct cli_rule rules[] = {
	{ skip_chdir_not_old_root, "option --skip-chdir only permitted if NEWROOT is old '/'" },
	{ rw_image_not_image, "option --rw-image needs NEWROOT to be a filesystem image" },
	{ image_rootless, "mounting a filesystem image needs root" },
	{ groups_rootless, "option --groups needs root (a user namespace cannot set groups)" },
	{ caps_no_pivot, "options --cap-add and --cap-drop need a contained root, not --no-pivot" },
};

/* ------------------------------------------------------------------ */
/* the steps                                                            */

/* NEWROOT: a directory (returned open), or an image (probed, @img_fd) */
static int open_newroot_or_err(struct plan *p, int *img_fd)
{
	struct stat st;
	int fd, rc;

	*img_fd = -1;
	fd = open(p->newroot, O_PATH | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		err(cli_fail_code, "cannot change root directory to '%s'", p->newroot);
	if (S_ISDIR(st.st_mode)) {
		struct stat root;

		/* as chroot(1): the same directory, however it is spelled */
		p->old_root = stat("/", &root) == 0 && root.st_dev == st.st_dev &&
			      root.st_ino == st.st_ino;
		return fd;
	}
	close(fd);
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		errx(cli_fail_code, "%s: not a directory or a filesystem image", p->newroot);

	p->image = true;
	*img_fd = open(p->newroot, (p->rw_image ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (*img_fd < 0)
		err(cli_fail_code, "cannot open %s", p->newroot);
	rc = image_probe(*img_fd, p->fstype, sizeof(p->fstype));
	if (rc == IMAGE_NONE)
		errx(cli_fail_code, "%s: no filesystem found", p->newroot);
	if (rc == IMAGE_AMBIGUOUS)
		errx(cli_fail_code, "%s: more than one filesystem signature found", p->newroot);
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "%s: cannot probe", p->newroot);
	return -1;
}

/*
 * Rootless, as bubblewrap: the caller becomes root of a new user namespace
 * (or stays itself with --userspec), which gives it the right to make a
 * mount namespace and to mount and pivot in it.  Contained, a PID
 * namespace too: its first child will be PID 1 there.
 */
static void enter_namespaces_or_err(const struct plan *p)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	struct idmap map;
	int rc, flags = CLONE_NEWNS;

	if (p->rootless)
		flags |= CLONE_NEWUSER;
	if (p->pivot)
		flags |= CLONE_NEWPID;
	if (unshare(flags) < 0)
		err(cli_fail_code, "cannot create the %snamespaces",
		    p->rootless ? "user, mount and PID " : p->pivot ? "mount and PID " : "mount ");
	if (!p->rootless)
		return;
	idmap_single(&map, p->have_user ? uid : 0, uid);
	if ((rc = idmap_write(getpid(), IDMAP_UID, &map)) < 0)
		cli_errc(cli_fail_code, rc, "cannot write the uid map");
	/* (lib/idmap denies setgroups first, as an unprivileged gid map needs) */
	idmap_single(&map, p->have_user ? gid : 0, gid);
	if ((rc = idmap_write(getpid(), IDMAP_GID, &map)) < 0)
		cli_errc(cli_fail_code, rc, "cannot write the gid map");
}

/* the new root as a mount of its own; returns a descriptor of its top */
static int mount_newroot_or_err(const struct plan *p, int dir_fd, int img_fd)
{
	char dev[64];
	int loop, rc, fd;

	if (!p->image) {
		/* contained: the root's own device nodes open nothing (--dev does) */
		fd = mount_bind_attr(dir_fd, dir_fd, p->pivot ? MOUNT_ATTR_NODEV : 0);
		if (fd < 0)
			cli_errc(cli_fail_code, fd, "cannot bind %s onto itself", p->newroot);
		return fd;
	}
	loop = image_loop_attach(img_fd, p->rw_image, dev, sizeof(dev));
	if (loop < 0)
		cli_errc(cli_fail_code, loop, "%s: cannot attach a loop device", p->newroot);
	/*
	 * The device clears itself once the last of our descriptor and the
	 * mount lets go; the mount lives only in this namespace, so the
	 * namespace's end (the command's) takes both away.
	 */
	rc = image_mount(dev, IMAGE_MNT, p->fstype, p->rw_image);
	close(loop);
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "%s: cannot mount %s (%s)", p->newroot, dev, p->fstype);
	fd = open(IMAGE_MNT, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		err(cli_fail_code, "cannot open %s", IMAGE_MNT);
	return fd;
}

static noreturn void step_failed(const struct plan *p, size_t i, int rc)
{
	const struct rootfs_step *s = &p->mounts.steps[i];
	bool show_src = s->op == ROOTFS_BIND || s->op == ROOTFS_RO_BIND ||
			s->op == ROOTFS_DEV_BIND;

	cli_errc(cli_fail_code, rc, "%s %s%s%s%s", s->opt, show_src ? s->src : "",
		 show_src ? " " : "", s->dst,
		 rc == -EROFS ? " (no mount point in a read-only root)" : "");
}

static void open_sources_or_err(struct plan *p)
{
	size_t failed;
	int rc = rootfs_open_sources(&p->mounts, &failed);

	if (rc < 0)
		cli_errc(cli_fail_code, rc, "%s: %s", p->mounts.steps[failed].opt,
			 p->mounts.steps[failed].src);
}

/* what the steps after the namespaces need of main()'s */
struct inside {
	struct plan *p;
	int dir_fd, img_fd;          /* NEWROOT as opened (step 1) */
	char *cwd;                   /* --skip-chdir: where to stay */
	const struct userspec_ids *outside_ids;
	enum userspec_result outside_rc;
};

/* steps 9 and 10: into the root that @root_fd names, and the command */
static noreturn void enter_root_and_run(struct inside *in, int root_fd)
{
	struct plan *p = in->p;
	int rc;

#ifdef CHILD_ASAN
	/*
	 * LeakSanitizer reads /proc/PID/task at exit, and after the pivot
	 * there is no /proc: check now, which also turns the exit check off.
	 */
	__lsan_do_leak_check();
#endif
	/* 9. pivot and detach the old root, or chroot(2) with --no-pivot */
	rc = p->pivot ? mount_pivot(root_fd) : mount_chroot(root_fd);
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "cannot change root directory to '%s'", p->newroot);
	close(root_fd);
	rootfs_free(&p->mounts);
	if (in->cwd && chdir(in->cwd) < 0)
		err(cli_fail_code, "cannot change directory to '%s'", in->cwd);
	free(in->cwd);

	/* 10. the user, containment, the command */
	run_inside(p, in->outside_ids, in->outside_rc);
}

/* steps 5 to 8, in our mount namespace (and PID 1, contained), then in */
static noreturn void build_root_and_run(struct inside *in)
{
	struct plan *p = in->p;
	int rc, root_fd, dir_fd = in->dir_fd, img_fd = in->img_fd;
	size_t failed;

	/*
	 * 5. "/" a slave, recursively: what we mount from now on stays in
	 * here, and pivot_root(2) refuses a shared parent mount anyway.
	 */
	if ((rc = mount_make_rslave("/")) < 0)
		cli_errc(cli_fail_code, rc, "cannot make / a slave mount");

	/*
	 * 6. Sources and NEWROOT again, as mounts of this namespace (binds
	 * come only from one's own), and the sources copied as they are now,
	 * before an image covers IMAGE_MNT or the root is bound.
	 */
	open_sources_or_err(p);
	if ((rc = rootfs_clone_sources(&p->mounts, &failed)) < 0)
		cli_errc(cli_fail_code, rc, "%s: %s", p->mounts.steps[failed].opt,
			 p->mounts.steps[failed].src);
	if (dir_fd >= 0) {
		close(dir_fd);
		dir_fd = open(p->newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dir_fd < 0)
			err(cli_fail_code, "cannot change root directory to '%s'", p->newroot);
	}

	/* 7. the new root as a mount: NEWROOT bound on itself, or the image */
	root_fd = mount_newroot_or_err(p, dir_fd, img_fd);
	if (img_fd >= 0)
		close(img_fd);
	if (dir_fd >= 0)
		close(dir_fd);

	/*
	 * 8. Read-only first, so that a mount point the root lacks is refused
	 * instead of made on the host; only the root mount itself: --tmpfs
	 * and --bind stay as asked.  Then the mounts, in command-line order.
	 */
	if (p->read_only && (rc = mount_set_readonly(root_fd, false)) < 0)
		cli_errc(cli_fail_code, rc, "cannot make the new root read-only");
	if ((rc = rootfs_apply(&p->mounts, root_fd, &failed)) < 0)
		step_failed(p, failed, rc);
	enter_root_and_run(in, root_fd);
}

static int pid1_main(void *arg)
{
	build_root_and_run(arg);
}

/*
 * Contained, the rest is done by our child, PID 1 of the new PID namespace:
 * only a process inside may mount a proc that shows that namespace.  It
 * runs the command as its own child (PID 1 ignores signals it has no
 * handler for, a command would not) and leaves its wait status on a shared
 * page, so that we leave as the command did.
 *
 * PID 1 is cloned onto our memory (child_clone_vm()): a fork() copied
 * page tables that PID 1 never needed, and cost about as much as all
 * else xchroot adds to the command.  We only wait meanwhile (no
 * allocation, no stdio).  Our memory is non-dumpable from then on: the
 * command, root inside, cannot reach it through ptrace(2) or /proc/1/mem
 * without CAP_SYS_PTRACE, which the bounding set does not keep.
 */
static noreturn void clone_pid1_or_wait(struct inside *in)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	struct plan *p = in->p;
	int status, rc;
	sigset_t fwd, all;
	pid_t pid;

	/* shared, so that it holds for the forked PID 1 of an ASan build too */
	p->report = mmap(NULL, sizeof(*p->report), PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p->report == MAP_FAILED)
		err(cli_fail_code, "cannot map a page");
	child_forward_set(&fwd);
	all = fwd;
	sigaddset(&all, SIGCHLD);
	/* an ignored SIGCHLD would reap the child before we can wait */
	sigaction(SIGCHLD, &dfl, NULL);
	sigprocmask(SIG_BLOCK, &all, &p->oldmask);
	/*
	 * CAP_SYS_PTRACE given back attaches to a non-dumpable process too:
	 * then PID 1 gets memory of its own, as the page promises.
	 */
	if (p->caps & CAPS_BIT(CAP_SYS_PTRACE)) {
		pid = fork();
		if (pid == 0)
			_exit(pid1_main(in));
		pid = pid < 0 ? -errno : pid;
	} else {
		pid = child_clone_vm(pid1_main, in);
	}
	if (pid < 0)
		cli_errc(cli_fail_code, pid, "cannot fork");
	rc = child_wait_forward(pid, &fwd, &status, NULL, NULL);
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "cannot wait for the command");
	if (p->report->sent)
		status = p->report->status;
	exit_like(status);
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	enum {
		OPT_USERSPEC = CHAR_MAX + 1, OPT_GROUPS, OPT_SKIP_CHDIR, OPT_NO_PIVOT,
		OPT_PROC, OPT_SYS, OPT_DEV, OPT_TMPFS, OPT_BIND, OPT_RO_BIND,
		OPT_READ_ONLY, OPT_RW_IMAGE, OPT_DEV_BIND, OPT_CAP_ADD, OPT_CAP_DROP,
		OPT_NEW_SESSION, OPT_KEEP_SESSION,
	};
	static const struct option longopts[] = {
		{ "userspec",     required_argument, NULL, OPT_USERSPEC },
		{ "groups",       required_argument, NULL, OPT_GROUPS },
		{ "skip-chdir",   no_argument,       NULL, OPT_SKIP_CHDIR },
		{ "no-pivot",     no_argument,       NULL, OPT_NO_PIVOT },
		{ "proc",         no_argument,       NULL, OPT_PROC },
		{ "sys",          no_argument,       NULL, OPT_SYS },
		{ "dev",          no_argument,       NULL, OPT_DEV },
		{ "tmpfs",        required_argument, NULL, OPT_TMPFS },
		{ "bind",         required_argument, NULL, OPT_BIND },
		{ "ro-bind",      required_argument, NULL, OPT_RO_BIND },
		{ "dev-bind",     required_argument, NULL, OPT_DEV_BIND },
		{ "read-only",    no_argument,       NULL, OPT_READ_ONLY },
		{ "rw-image",     no_argument,       NULL, OPT_RW_IMAGE },
		{ "cap-add",      required_argument, NULL, OPT_CAP_ADD },
		{ "cap-drop",     required_argument, NULL, OPT_CAP_DROP },
		{ "new-session",  no_argument,       NULL, OPT_NEW_SESSION },
		{ "keep-session", no_argument,       NULL, OPT_KEEP_SESSION },
		{ "help",         no_argument,       NULL, 'h' },
		{ "version",      no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	static const cli_excl_t excl[] = {
		{ OPT_NEW_SESSION, OPT_KEEP_SESSION, 0 },
	};
	int excl_seen[ARRAY_SIZE(excl)] = { 0 };
	struct plan p = { .pivot = true };
	struct userspec_ids outside_ids = { .has_uid = false };
	enum userspec_result outside_rc = USERSPEC_OK;
	char *cwd = NULL;
	struct inside in;
	int c, rc, dir_fd, img_fd;

	/* chroot(1)'s contract: 125 is ours, 126 and 127 the command's */
	cli_fail_code = 125;
	cli_close_stdout_atexit();
	for (size_t i = 0; i < ARRAY_SIZE(kept_caps); i++)
		p.caps |= CAPS_BIT(kept_caps[i]);

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		cli_exclusive_or_err(c, longopts, excl, ARRAY_SIZE(excl), excl_seen);
		switch (c) {
		case OPT_USERSPEC:
			set_userspec_or_err(&p, optarg);
			break;
		case OPT_GROUPS:
			p.groups = optarg;
			break;
		case OPT_SKIP_CHDIR:
			p.skip_chdir = true;
			break;
		case OPT_NO_PIVOT:
			p.pivot = false;
			break;
		case OPT_PROC:
			add_mount_or_err(&p, ROOTFS_PROC, "--proc", NULL, "/proc");
			break;
		case OPT_SYS:
			add_mount_or_err(&p, ROOTFS_SYS, "--sys", NULL, "/sys");
			break;
		case OPT_DEV:
			if ((rc = rootfs_add_dev(&p.mounts, "--dev")) < 0)
				cli_errc(cli_fail_code, rc, "--dev");
			break;
		case OPT_TMPFS:
			add_mount_or_err(&p, ROOTFS_TMPFS, "--tmpfs", NULL, optarg);
			break;
		case OPT_BIND:
		case OPT_RO_BIND:
		case OPT_DEV_BIND: {
			const char *opt = c == OPT_BIND ? "--bind" : c == OPT_RO_BIND ?
					  "--ro-bind" : "--dev-bind";
			const char *dst = second_arg_or_err(argc, argv, opt);

			add_mount_or_err(&p, c == OPT_BIND ? ROOTFS_BIND : c == OPT_RO_BIND ?
					 ROOTFS_RO_BIND : ROOTFS_DEV_BIND, opt, optarg, dst);
			break;
		}
		case OPT_READ_ONLY:
			p.read_only = true;
			break;
		case OPT_RW_IMAGE:
			p.rw_image = true;
			break;
		case OPT_CAP_ADD:
		case OPT_CAP_DROP:
			change_caps_or_err(&p, c == OPT_CAP_ADD ? "--cap-add" : "--cap-drop",
					   optarg, c == OPT_CAP_ADD);
			break;
		case OPT_NEW_SESSION:
			p.session = SESSION_NEW;
			break;
		case OPT_KEEP_SESSION:
			p.session = SESSION_KEEP;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (optind >= argc) {
		warnx("missing operand");
		cli_try_help();
	}
	p.newroot = argv[optind++];
	if (optind < argc)
		p.argv = argv + optind;
	p.rootless = geteuid() != 0;
	p.mounts.contain = p.pivot;

	/* 1. NEWROOT and every bind source, before anything is changed */
	dir_fd = open_newroot_or_err(&p, &img_fd);
	cli_check_rules_or_err(rules, ARRAY_SIZE(rules), &p);
	open_sources_or_err(&p);
	/*
	 * Names are looked up outside now, while the host's NSS can load.
	 * Inside, only the root's files are read (run_inside()).
	 */
	if (p.have_user)
		outside_rc = userspec_resolve(&p.user, &outside_ids);
	if (p.groups)
		p.outside_groups_ok = userspec_parse_groups(p.groups, &p.outside_gids,
							    &p.outside_ngids, NULL) == USERSPEC_OK;
	if (p.skip_chdir && !(cwd = getcwd(NULL, 0)))
		err(cli_fail_code, "cannot get the working directory");

	in = (struct inside) { &p, dir_fd, img_fd, cwd, &outside_ids, outside_rc };

	/* 2. plain chroot(2) as root, nothing to mount: chroot(1) exactly */
	if (!p.pivot && !p.rootless && !p.image && p.mounts.n == 0 && !p.read_only)
		enter_root_and_run(&in, dir_fd);

	/* 3. our own mount (and PID) namespace, and user namespace without root */
	enter_namespaces_or_err(&p);

	/* 4. contained: the rest happens in PID 1 of the new PID namespace */
	if (p.pivot)
		clone_pid1_or_wait(&in);
	build_root_and_run(&in);
}

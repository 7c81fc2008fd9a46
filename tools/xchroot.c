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
 * Reads top to bottom: usage, options, the checks, then the steps in the
 * order the kernel requires.
 */
#include "compat.h"
#include "cli.h"
#include "idmap.h"
#include "image.h"
#include "mount.h"
#include "rootfs.h"
#include "userspec.h"

#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
# define XCHROOT_LSAN 1
#elif defined(__has_feature)
# if __has_feature(address_sanitizer)
#  define XCHROOT_LSAN 1
# endif
#endif
#ifdef XCHROOT_LSAN
# include <sanitizer/lsan_interface.h>
#endif

/*
 * Where an image is mounted before the pivot.  Any directory of the new
 * namespace will do: what it covers there is hidden from nobody else, and
 * every bind source was opened before it is covered.
 */
#define IMAGE_MNT "/tmp"

struct plan {
	const char *newroot;
	char **argv;                 /* NULL: "$SHELL" -i */
	bool pivot, skip_chdir, read_only, rw_image;
	bool rootless;               /* not root: a user namespace maps us */
	bool image;                  /* NEWROOT is a file or block device */
	bool old_root;               /* NEWROOT is "/" itself */
	char fstype[64];
	struct userspec user;
	bool have_user;
	const char *groups;          /* --groups, NULL: not given */
	gid_t *outside_gids;         /* --groups as the host reads them */
	size_t outside_ngids;
	bool outside_groups_ok;
	struct rootfs_plan mounts;   /* in command-line order */
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
	      "     --no-pivot               plain chroot(2), escapable, as chroot(1)\n"
	      "\n"
	      "     --proc                   mount proc at /proc\n"
	      "     --sys                    mount sysfs at /sys\n"
	      "     --dev                    a minimal /dev on tmpfs\n"
	      "     --tmpfs <dir>            mount a tmpfs at <dir>\n"
	      "     --bind <src> <dst>       bind <src> (outside) onto <dst> (inside)\n"
	      "     --ro-bind <src> <dst>    the same, read-only\n"
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
		errx(cli_fail_code, "%s: %s", opt, strerror(-rc));
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

/* ------------------------------------------------------------------ */
/* combinations: each rule is a condition that must not hold           */

struct rule {
	bool (*broken)(const struct plan *p);
	const char *msg;
};

static bool skip_chdir_not_old_root(const struct plan *p)
{
	return p->skip_chdir && !p->old_root;
}
static bool rw_image_not_image(const struct plan *p)
{
	return p->rw_image && !p->image;
}
static bool image_rootless(const struct plan *p)
{
	return p->image && p->rootless;
}
static bool groups_rootless(const struct plan *p)
{
	return p->groups && p->rootless;
}

static const struct rule rules[] = {
	{ skip_chdir_not_old_root, "option --skip-chdir only permitted if NEWROOT is old '/'" },
	{ rw_image_not_image, "option --rw-image needs NEWROOT to be a filesystem image" },
	{ image_rootless, "mounting a filesystem image needs root" },
	{ groups_rootless, "option --groups needs root (a user namespace cannot set groups)" },
};

static void check_rules_or_err(const struct plan *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].broken(p))
			errx(cli_fail_code, "%s", rules[i].msg);
}

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
		errx(cli_fail_code, "%s: cannot probe: %s", p->newroot, strerror(-rc));
	return -1;
}

/*
 * Rootless, as bubblewrap: the caller becomes root of a new user namespace
 * (or stays itself with --userspec), which gives it the right to make a
 * mount namespace and to mount and pivot in it.
 */
static void enter_namespaces_or_err(const struct plan *p)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();
	struct idmap map;
	int rc;

	if (unshare(CLONE_NEWNS | (p->rootless ? CLONE_NEWUSER : 0)) < 0)
		err(cli_fail_code, "cannot create a %s namespace",
		    p->rootless ? "user and mount" : "mount");
	if (!p->rootless)
		return;
	idmap_single(&map, p->have_user ? uid : 0, uid);
	if ((rc = idmap_write(getpid(), IDMAP_UID, &map)) < 0)
		errx(cli_fail_code, "cannot write the uid map: %s", strerror(-rc));
	/* an unprivileged gid_map needs setgroups denied first (Linux 3.19) */
	if ((rc = idmap_setgroups(getpid(), false)) < 0)
		errx(cli_fail_code, "cannot write /proc/self/setgroups: %s", strerror(-rc));
	idmap_single(&map, p->have_user ? gid : 0, gid);
	if ((rc = idmap_write(getpid(), IDMAP_GID, &map)) < 0)
		errx(cli_fail_code, "cannot write the gid map: %s", strerror(-rc));
}

/* the new root as a mount of its own; returns a descriptor of its top */
static int mount_newroot_or_err(const struct plan *p, int dir_fd, int img_fd)
{
	char dev[64];
	int loop, rc, fd;

	if (!p->image) {
		fd = mount_bind_keep(dir_fd, dir_fd, false);
		if (fd < 0)
			errx(cli_fail_code, "cannot bind %s onto itself: %s", p->newroot, strerror(-fd));
		return fd;
	}
	loop = image_loop_attach(img_fd, p->rw_image, dev, sizeof(dev));
	if (loop < 0)
		errx(cli_fail_code, "%s: cannot attach a loop device: %s", p->newroot, strerror(-loop));
	/*
	 * The device clears itself once the last of our descriptor and the
	 * mount lets go; the mount lives only in this namespace, so the
	 * namespace's end (the command's) takes both away.
	 */
	rc = image_mount(dev, IMAGE_MNT, p->fstype, p->rw_image);
	close(loop);
	if (rc < 0)
		errx(cli_fail_code, "%s: cannot mount %s (%s): %s", p->newroot, dev,
		     p->fstype, strerror(-rc));
	fd = open(IMAGE_MNT, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		err(cli_fail_code, "cannot open %s", IMAGE_MNT);
	return fd;
}

static noreturn void step_failed(const struct plan *p, size_t i, int rc)
{
	const struct rootfs_step *s = &p->mounts.steps[i];
	bool show_src = s->op == ROOTFS_BIND || s->op == ROOTFS_RO_BIND;

	errx(cli_fail_code, "%s %s%s%s: %s", s->opt, show_src ? s->src : "",
	     show_src ? " " : "", s->dst, strerror(-rc));
}

/*
 * chroot(1) looks the names up twice: outside, where the caller's NSS
 * setup works, and again inside, where the root's own /etc/passwd may give
 * the same name another ID.  Inside wins; outside is the fallback.
 */
static void resolve_user_or_err(const struct plan *p, const struct userspec_ids *outside,
				enum userspec_result outside_rc, struct userspec_ids *ids)
{
	enum userspec_result rc = userspec_resolve(&p->user, ids);

	if (rc == USERSPEC_OK)
		return;
	if (outside_rc == USERSPEC_OK) {
		*ids = *outside;
		ids->login = outside->login ? xstrdup(outside->login) : NULL;
		return;
	}
	switch (rc) {
	case USERSPEC_NO_USER:
		errx(cli_fail_code, "--userspec: '%s': no such user", p->user.user);
	case USERSPEC_BAD_USER:
		errx(cli_fail_code, "--userspec: '%s': invalid user", p->user.user);
	case USERSPEC_NO_GROUP:
		errx(cli_fail_code, "--userspec: '%s': no such group", p->user.group);
	case USERSPEC_BAD_GROUP:
		errx(cli_fail_code, "--userspec: '%s': invalid group", p->user.group);
	default:
		errx(cli_fail_code, "--userspec: '%s': no group specified for unknown uid",
		     p->user.user);
	}
}

/* drop to --userspec and --groups, in the order setuid(2) allows */
static void become_user_or_err(const struct plan *p, const struct userspec_ids *ids)
{
	gid_t *gids = NULL;
	size_t n = 0;
	bool set_groups = false;

	if (p->groups) {
		char *bad = NULL;
		int rc = userspec_parse_groups(p->groups, &gids, &n, &bad);

		if (rc == -ENOMEM)
			errx(cli_fail_code, "cannot allocate memory");
		/* as for --userspec: inside first, then what the host said */
		if (rc != USERSPEC_OK && p->outside_groups_ok) {
			gids = xmalloc(p->outside_ngids * sizeof(*gids));
			memcpy(gids, p->outside_gids, p->outside_ngids * sizeof(*gids));
			n = p->outside_ngids;
			free(bad);
			bad = NULL;
			rc = USERSPEC_OK;
		}
		if (rc != USERSPEC_OK)
			errx(cli_fail_code, "--groups: '%s': %s", bad ? bad : p->groups,
			     rc == USERSPEC_NO_GROUP ? "no such group" : "invalid group");
		set_groups = true;
	} else if (ids->has_uid && ids->login) {
		int rc = userspec_login_groups(ids->login, ids->gid, &gids, &n);

		if (rc < 0)
			errx(cli_fail_code, "cannot read the groups of %s: %s", ids->login, strerror(-rc));
		set_groups = true;
	} else if (ids->has_uid) {
		set_groups = true;   /* a bare ID keeps none of ours */
	}
	/* setgroups is denied in our own user namespace: there are none to drop */
	if (set_groups && !p->rootless && setgroups(n, gids) < 0)
		err(cli_fail_code, "failed to set supplemental groups");
	free(gids);
	if (ids->has_gid && setgid(ids->gid) < 0)
		err(cli_fail_code, "failed to set group-ID %u", (unsigned) ids->gid);
	if (ids->has_uid && setuid(ids->uid) < 0)
		err(cli_fail_code, "failed to set user-ID %u", (unsigned) ids->uid);
}

static noreturn void run_command(const struct plan *p)
{
	char *shell_argv[3];

	if (p->argv)
		exec_or_die(p->argv);
	shell_argv[0] = getenv("SHELL");
	if (!shell_argv[0] || !*shell_argv[0])
		shell_argv[0] = "/bin/sh";
	shell_argv[1] = "-i";
	shell_argv[2] = NULL;
	exec_or_die(shell_argv);
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	enum {
		OPT_USERSPEC = CHAR_MAX + 1, OPT_GROUPS, OPT_SKIP_CHDIR, OPT_NO_PIVOT,
		OPT_PROC, OPT_SYS, OPT_DEV, OPT_TMPFS, OPT_BIND, OPT_RO_BIND,
		OPT_READ_ONLY, OPT_RW_IMAGE,
	};
	static const struct option longopts[] = {
		{ "userspec",   required_argument, NULL, OPT_USERSPEC },
		{ "groups",     required_argument, NULL, OPT_GROUPS },
		{ "skip-chdir", no_argument,       NULL, OPT_SKIP_CHDIR },
		{ "no-pivot",   no_argument,       NULL, OPT_NO_PIVOT },
		{ "proc",       no_argument,       NULL, OPT_PROC },
		{ "sys",        no_argument,       NULL, OPT_SYS },
		{ "dev",        no_argument,       NULL, OPT_DEV },
		{ "tmpfs",      required_argument, NULL, OPT_TMPFS },
		{ "bind",       required_argument, NULL, OPT_BIND },
		{ "ro-bind",    required_argument, NULL, OPT_RO_BIND },
		{ "read-only",  no_argument,       NULL, OPT_READ_ONLY },
		{ "rw-image",   no_argument,       NULL, OPT_RW_IMAGE },
		{ "help",       no_argument,       NULL, 'h' },
		{ "version",    no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct plan p = { .pivot = true };
	struct userspec_ids outside_ids = { .has_uid = false }, ids = { .has_uid = false };
	enum userspec_result outside_rc = USERSPEC_OK;
	char *cwd = NULL;
	int c, rc, dir_fd, img_fd, root_fd;
	size_t failed;

	/* chroot(1)'s contract: 125 is ours, 126 and 127 the command's */
	cli_fail_code = 125;

	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
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
				errx(cli_fail_code, "--dev: %s", strerror(-rc));
			break;
		case OPT_TMPFS:
			add_mount_or_err(&p, ROOTFS_TMPFS, "--tmpfs", NULL, optarg);
			break;
		case OPT_BIND:
		case OPT_RO_BIND: {
			const char *opt = c == OPT_BIND ? "--bind" : "--ro-bind";
			const char *dst = second_arg_or_err(argc, argv, opt);

			add_mount_or_err(&p, c == OPT_BIND ? ROOTFS_BIND : ROOTFS_RO_BIND,
					 opt, optarg, dst);
			break;
		}
		case OPT_READ_ONLY:
			p.read_only = true;
			break;
		case OPT_RW_IMAGE:
			p.rw_image = true;
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

	/* 1. NEWROOT and every bind source, before anything is changed */
	dir_fd = open_newroot_or_err(&p, &img_fd);
	check_rules_or_err(&p);
	if ((rc = rootfs_open_sources(&p.mounts, &failed)) < 0)
		errx(cli_fail_code, "%s: %s: %s", p.mounts.steps[failed].opt,
		     p.mounts.steps[failed].src, strerror(-rc));
	/* names are looked up outside now, while the host's NSS can load */
	if (p.have_user)
		outside_rc = userspec_resolve(&p.user, &outside_ids);
	if (p.groups)
		p.outside_groups_ok = userspec_parse_groups(p.groups, &p.outside_gids,
							    &p.outside_ngids, NULL) == USERSPEC_OK;
	if (p.skip_chdir && !(cwd = getcwd(NULL, 0)))
		err(cli_fail_code, "cannot get the working directory");

	/* 2. plain chroot(2) as root, nothing to mount: chroot(1) exactly */
	if (!p.pivot && !p.rootless && !p.image && p.mounts.n == 0 && !p.read_only) {
		root_fd = dir_fd;
		goto enter;
	}

	/* 3. our own mount namespace (and user namespace without root) */
	enter_namespaces_or_err(&p);

	/*
	 * 4. "/" a slave, recursively: what we mount from now on stays in
	 * here, and pivot_root(2) refuses a shared parent mount anyway.
	 */
	if ((rc = mount_make_rslave("/")) < 0)
		errx(cli_fail_code, "cannot make / a slave mount: %s", strerror(-rc));

	/*
	 * 5. Sources and NEWROOT again, as mounts of this namespace (binds
	 * come only from one's own), before an image covers IMAGE_MNT.
	 */
	if ((rc = rootfs_open_sources(&p.mounts, &failed)) < 0)
		errx(cli_fail_code, "%s: %s: %s", p.mounts.steps[failed].opt,
		     p.mounts.steps[failed].src, strerror(-rc));
	if (dir_fd >= 0) {
		close(dir_fd);
		dir_fd = open(p.newroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (dir_fd < 0)
			err(cli_fail_code, "cannot change root directory to '%s'", p.newroot);
	}

	/* 6. the new root as a mount: NEWROOT bound on itself, or the image */
	root_fd = mount_newroot_or_err(&p, dir_fd, img_fd);
	if (img_fd >= 0)
		close(img_fd);
	if (dir_fd >= 0)
		close(dir_fd);

	/* 7. the mounts inside it, in command-line order */
	if ((rc = rootfs_apply(&p.mounts, root_fd, &failed)) < 0)
		step_failed(&p, failed, rc);

	/* 8. only the root mount itself: --tmpfs and --bind below stay as asked */
	if (p.read_only && (rc = mount_set_readonly(root_fd, false)) < 0)
		errx(cli_fail_code, "cannot make the new root read-only: %s", strerror(-rc));

enter:
#ifdef XCHROOT_LSAN
	/*
	 * LeakSanitizer reads /proc/PID/task at exit, and after the pivot
	 * there is no /proc: check now, which also turns the exit check off.
	 */
	__lsan_do_leak_check();
#endif
	/* 9. pivot and detach the old root, or chroot(2) with --no-pivot */
	rc = p.pivot ? mount_pivot(root_fd) : mount_chroot(root_fd);
	if (rc < 0) {
		errno = -rc;
		err(cli_fail_code, "cannot change root directory to '%s'", p.newroot);
	}
	close(root_fd);
	rootfs_free(&p.mounts);
	if (cwd && chdir(cwd) < 0)
		err(cli_fail_code, "cannot change directory to '%s'", cwd);
	free(cwd);

	/* 10. the user, looked up again inside the new root */
	if (p.have_user) {
		resolve_user_or_err(&p, &outside_ids, outside_rc, &ids);
		if (p.rootless && ((ids.has_uid && ids.uid != geteuid()) ||
				   (ids.has_gid && ids.gid != getegid())))
			errx(cli_fail_code, "--userspec: without root only your own user and group "
			     "(%u:%u) are mapped", (unsigned) geteuid(), (unsigned) getegid());
	}
	if (p.have_user || p.groups)
		become_user_or_err(&p, &ids);
	userspec_ids_free(&ids);
	userspec_ids_free(&outside_ids);
	free(p.outside_gids);
	if (p.have_user)
		userspec_free(&p.user);

	/* 11. the command */
	run_command(&p);
}

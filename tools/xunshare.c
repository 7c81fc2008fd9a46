/*
 * xunshare - run a command in new namespaces, a peer of unshare(1)
 *
 * Reads top to bottom: usage, options, the checks that combinations make
 * sense, then the plan carried out in the order the kernel requires.
 */
#include "compat.h"
#include "caps.h"
#include "child.h"
#include "cli.h"
#include "idmap.h"
#include "kfile.h"
#include "ns.h"
#include "parse.h"

#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BINFMT_MNT "/proc/sys/fs/binfmt_misc"

enum { SETGROUPS_NONE = -1, SETGROUPS_DENY = 0, SETGROUPS_ALLOW = 1 };

struct plan {
	int flags;                          /* CLONE_NEW* to unshare */
	const char *persist[NS_NKINDS];     /* bind-mount targets, by table index */
	int npersist;

	bool fork, forward_signals, init;
	int kill_sig;                       /* 0: no --kill-child */

	const char *procmnt, *binfmt_mnt, *interp;
	unsigned long propagation;
	const char *root, *wd, *hostname;

	bool set_uid, set_gid;
	uid_t uid;
	gid_t gid;

	uid_t map_user;                     /* single-ID maps; -1: none */
	gid_t map_group;
	bool have_usermap, have_groupmap;   /* range maps, written from outside */
	struct idmap usermap, groupmap;
	bool owner;
	uid_t owner_uid;
	gid_t owner_gid;
	int setgroups;
	bool keep_caps;

	bool set_monotonic, set_boottime;
	int64_t monotonic, boottime;

	bool clear_env;
	const char *whitelist;

	char **argv;                        /* NULL: the user's shell */

	enum session_mode session;          /* --new-session, --keep-session */
};

static noreturn void usage(void)
{
	fputs("\nUsage:\n"
	      " xunshare [options] [<program> [<argument>...]]\n"
	      "\nRun a program with some namespaces unshared from the parent.\n"
	      "\nOptions:\n"
	      " -m, --mount[=<file>]      unshare mounts namespace\n"
	      " -u, --uts[=<file>]        unshare UTS namespace (hostname etc)\n"
	      " -i, --ipc[=<file>]        unshare System V IPC namespace\n"
	      " -n, --net[=<file>]        unshare network namespace\n"
	      " -p, --pid[=<file>]        unshare pid namespace\n"
	      " -U, --user[=<file>]       unshare user namespace\n"
	      " -C, --cgroup[=<file>]     unshare cgroup namespace\n"
	      " -T, --time[=<file>]       unshare time namespace\n"
	      "\n"
	      " --mount-proc[=<dir>]      mount proc filesystem first (implies --mount)\n"
	      " --mount-binfmt[=<dir>]    mount binfmt filesystem first (implies --user and --mount)\n"
	      " -l, --load-interp <def>   load binfmt definition in the namespace (implies --mount-binfmt)\n"
	      " --propagation slave|shared|private|unchanged\n"
	      "                           modify mount propagation in mount namespace\n"
	      " -R, --root <dir>          run the command with root directory set to <dir>\n"
	      " -w, --wd <dir>            change working directory to <dir>\n"
	      " --hostname <name>         set the hostname (implies --uts)\n"
	      "\n"
	      " -S, --setuid <uid>        set uid in entered namespace\n"
	      " -G, --setgid <gid>        set gid in entered namespace\n"
	      " --map-user <uid>|<name>   map current user to uid (implies --user)\n"
	      " --map-group <gid>|<name>  map current group to gid (implies --user)\n"
	      " -r, --map-root-user       map current user to root (implies --user)\n"
	      " -c, --map-current-user    map current user to itself (implies --user)\n"
	      " --map-auto                map users and groups automatically (implies --user)\n"
	      " --map-subids              map the first block of subordinate IDs to themselves\n"
	      "                             (implies --user)\n"
	      " --map-users <inner>:<outer>:<count>|auto|subids|all\n"
	      "                           map count users from outer to inner (implies --user)\n"
	      " --map-groups <inner>:<outer>:<count>|auto|subids|all\n"
	      "                           map count groups from outer to inner (implies --user)\n"
	      " --owner <uid>:<gid>       set the user namespace owner (implies --user)\n"
	      "\n"
	      " -f, --fork                fork before launching <program>\n"
	      " --kill-child[=<signame>]  when dying, kill the forked child (implies --fork)\n"
	      "                             defaults to SIGKILL\n"
	      " --forward-signals         forward SIGTERM and SIGINT to child (implies --fork)\n"
	      " --init                    run a minimal init as PID 1 that reaps orphans and\n"
	      "                             passes signals on (implies --fork and\n"
	      "                             --forward-signals; needs --pid)\n"
	      "\n"
	      " --new-session             run <program> in a new session\n"
	      " --keep-session            keep the terminal's session even for another user\n"
	      "                             (it can then type into the terminal: TIOCSTI)\n"
	      " --setgroups allow|deny    control the setgroups syscall in user namespaces\n"
	      " --keep-caps               retain capabilities granted in user namespaces\n"
	      "\n"
	      " --monotonic <offset>      set clock monotonic offset (seconds) in time namespaces\n"
	      " --boottime <offset>       set clock boottime offset (seconds) in time namespaces\n"
	      " --clear-env               do not inherit environment variables from the calling process\n"
	      " --whitelist-env <list>    clear environment except for specified variables\n"
	      "\n"
	      " -h, --help                display this help\n"
	      " -V, --version             display version\n"
	      "\nSee xunshare(1).\n", stdout);
	exit(EXIT_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* option values                                                        */

static unsigned long parse_propagation_or_err(const char *s)
{
	static const struct { const char *name; unsigned long flags; } modes[] = {
		{ "slave",     MS_REC | MS_SLAVE },
		{ "shared",    MS_REC | MS_SHARED },
		{ "private",   MS_REC | MS_PRIVATE },
		{ "unchanged", 0 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++)
		if (strcmp(s, modes[i].name) == 0)
			return modes[i].flags;
	errx(EXIT_FAILURE, "--propagation: '%s': unsupported mode (slave, shared, private or unchanged)", s);
}

static int parse_setgroups_or_err(const char *s)
{
	if (strcmp(s, "allow") == 0)
		return SETGROUPS_ALLOW;
	if (strcmp(s, "deny") == 0)
		return SETGROUPS_DENY;
	errx(EXIT_FAILURE, "--setgroups: '%s': must be allow or deny", s);
}

static int64_t parse_offset_or_err(const char *s, const char *what)
{
	int64_t v;
	int rc = parse_s64(s, &v);

	if (rc < 0)
		errx(EXIT_FAILURE, "%s: '%s': %s", what, s,
		     rc == -ERANGE ? "out of range" : "not a number of seconds");
	return v;
}

static const char *user_name(uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	return pw ? pw->pw_name : NULL;
}

/* the caller's first subordinate range, mapped to 0 (auto) or to itself */
static struct idmap_range subid_or_err(enum idmap_kind kind, bool identity)
{
	const char *file = kind == IDMAP_UID ? "/etc/subuid" : "/etc/subgid";
	uid_t me = geteuid();
	const char *name = user_name(me);
	struct idmap_range r;
	int rc = idmap_subid_lookup(file, name, me, &r);

	if (rc == -ENOENT && access(file, F_OK) == 0)
		errx(EXIT_FAILURE, "%s: no range for user %s (%u)", file,
		     name ? name : "?", (unsigned) me);
	if (rc == -EINVAL)
		errx(EXIT_FAILURE, "%s: malformed line for user %s", file, name ? name : "?");
	if (rc < 0) {
		errno = -rc;
		err(EXIT_FAILURE, "cannot read %s", file);
	}
	if (identity)
		r.inner = r.outer;
	return r;
}

static void add_map_or_err(struct plan *p, enum idmap_kind kind, const char *spec)
{
	struct idmap *map = kind == IDMAP_UID ? &p->usermap : &p->groupmap;
	const char *opt = kind == IDMAP_UID ? "--map-users" : "--map-groups";
	struct idmap_range r;
	int rc;

	if (strcmp(spec, "all") == 0) {
		struct idmap self;
		char *text = NULL;
		const char *file = kind == IDMAP_UID ? "/proc/self/uid_map" : "/proc/self/gid_map";
		FILE *f = fopen(file, "re");
		size_t cap = 0;
		ssize_t n;

		if (!f)
			err(EXIT_FAILURE, "cannot open %s", file);
		n = getdelim(&text, &cap, '\0', f);
		fclose(f);
		if (n < 0 || idmap_parse_procmap(text, &self) < 0)
			errx(EXIT_FAILURE, "%s: cannot parse", file);
		free(text);
		rc = idmap_add_all(map, &self);
	} else {
		if (strcmp(spec, "auto") == 0 || strcmp(spec, "subids") == 0)
			r = subid_or_err(kind, spec[0] == 's');
		else if ((rc = idmap_parse_range(spec, &r)) < 0)
			errx(EXIT_FAILURE, "%s: '%s': %s", opt, spec,
			     rc == -ERANGE ? "range out of bounds" :
			     "expected <inner>:<outer>:<count>, auto, subids or all");
		rc = idmap_add(map, &r);
	}
	if (rc == -EEXIST)
		errx(EXIT_FAILURE, "%s: '%s': overlaps a range given before", opt, spec);
	if (rc < 0)
		errx(EXIT_FAILURE, "%s: '%s': %s", opt, spec, strerror(-rc));
	if (kind == IDMAP_UID)
		p->have_usermap = true;
	else
		p->have_groupmap = true;
}

static void parse_owner_or_err(struct plan *p, const char *s)
{
	char *copy = xstrdup(s), *colon = strchr(copy, ':');

	if (!colon)
		errx(EXIT_FAILURE, "--owner: '%s': expected <uid>:<gid>", s);
	*colon = '\0';
	p->owner_uid = parse_uid_or_err(copy, "--owner");
	p->owner_gid = parse_gid_or_err(colon + 1, "--owner");
	p->owner = true;
	free(copy);
}

static void set_ns(struct plan *p, char opt, const char *file)
{
	const struct ns_type *t = ns_type_by_opt(opt);

	p->flags |= t->flag;
	if (file) {
		if (!p->persist[t - ns_types])
			p->npersist++;
		p->persist[t - ns_types] = file;
	}
}

/* ------------------------------------------------------------------ */
/* combinations: each rule is a condition that must not hold           */

struct rule {
	bool (*broken)(const struct plan *p);
	const char *msg;
};

static bool persist_needs_fork(const struct plan *p)
{
	return !p->fork && (p->persist[ns_type_by_name("pid") - ns_types] ||
			    p->persist[ns_type_by_name("time") - ns_types]);
}
static bool time_offsets_need_time(const struct plan *p)
{
	return (p->set_monotonic || p->set_boottime) && !(p->flags & CLONE_NEWTIME);
}
static bool setgroups_allow_with_gid_map(const struct plan *p)
{
	return p->setgroups == SETGROUPS_ALLOW && p->map_group != (gid_t) -1 &&
	       !p->have_groupmap && !p->owner;
}
static bool init_needs_pid(const struct plan *p)
{
	return p->init && !(p->flags & CLONE_NEWPID);
}
static bool setgroups_needs_user(const struct plan *p)
{
	return p->setgroups != SETGROUPS_NONE && !(p->flags & CLONE_NEWUSER);
}

static const struct rule rules[] = {
	{ persist_needs_fork,
	  "persisting a pid or time namespace needs --fork (it is the child that enters it)" },
	{ time_offsets_need_time,
	  "options --monotonic and --boottime require unsharing of a time namespace (-T)" },
	{ setgroups_allow_with_gid_map,
	  "options --setgroups=allow and --map-group are mutually exclusive" },
	{ init_needs_pid, "option --init needs a new pid namespace (-p)" },
	{ setgroups_needs_user, "option --setgroups needs a new user namespace (-U)" },
};

static void check_rules_or_err(const struct plan *p)
{
	for (size_t i = 0; i < ARRAY_SIZE(rules); i++)
		if (rules[i].broken(p))
			errx(EXIT_FAILURE, "%s", rules[i].msg);
}

/* ------------------------------------------------------------------ */
/* the outside helper: a process left in the original namespaces that   */
/* writes range maps (newuidmap needs a process outside) and persists   */
/* namespaces (the bind must be made in the original mount namespace,   */
/* by a process that still holds its capabilities there).              */

struct outside {
	pid_t pid;
	int cmd, reply;
};

static int outside_maps(const struct plan *p, pid_t target)
{
	bool root = geteuid() == 0;
	int rc = 0;

	if (p->have_usermap) {
		rc = root ? idmap_write(target, IDMAP_UID, &p->usermap)
			  : idmap_write_helper(target, IDMAP_UID, &p->usermap);
		if (rc < 0) {
			if (rc != -EPERM || root)
				warnx("cannot write the uid map: %s", strerror(-rc));
			return rc;
		}
	}
	if (p->have_groupmap) {
		/* setgroups is settled before the gid map, or not at all */
		if (p->setgroups != SETGROUPS_NONE &&
		    (rc = idmap_setgroups(target, p->setgroups == SETGROUPS_ALLOW)) < 0) {
			warnx("cannot write /proc/%d/setgroups: %s", (int) target, strerror(-rc));
			return rc;
		}
		rc = root ? idmap_write(target, IDMAP_GID, &p->groupmap)
			  : idmap_write_helper(target, IDMAP_GID, &p->groupmap);
		if (rc < 0 && (rc != -EPERM || root))
			warnx("cannot write the gid map: %s", strerror(-rc));
	}
	return rc;
}

static int outside_persist(const struct plan *p, pid_t target)
{
	int done[NS_NKINDS], ndone = 0;

	for (int i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		const char *dst = p->persist[i];
		enum ns_persist_result res;
		char src[64];

		if (!dst)
			continue;
		snprintf(src, sizeof(src), "/proc/%d/ns/%s", (int) target,
			 t->children_file ? t->children_file : t->file);
		res = ns_persist(src, dst);
		if (res == NS_PERSIST_OK) {
			done[ndone++] = i;
			continue;
		}
		if (res == NS_PERSIST_SHARED_TARGET)
			warnx("cannot persist the %s namespace on %s: it sits on a shared mount; "
			      "make its folder a private mount first "
			      "(mount --bind DIR DIR && mount --make-private DIR)", t->name, dst);
		else if (res == NS_PERSIST_CREATE)
			warn("cannot create %s", dst);
		else if (res == NS_PERSIST_BUSY)
			warnx("%s: holds a namespace already; unmount it first", dst);
		else
			warn("cannot persist the %s namespace on %s", t->name, dst);
		/* all or nothing: undo what was bound already */
		while (ndone > 0)
			ns_unpersist(p->persist[done[--ndone]]);
		return -1;
	}
	return 0;
}

static void outside_start(const struct plan *p, struct outside *o)
{
	int cmd[2], reply[2];
	pid_t parent = getpid();
	char c;

	if (pipe2(cmd, O_CLOEXEC) < 0 || pipe2(reply, O_CLOEXEC) < 0)
		err(EXIT_FAILURE, "pipe failed");
	o->pid = fork();
	if (o->pid < 0)
		err(EXIT_FAILURE, "fork failed");
	if (o->pid > 0) {
		close(cmd[0]);
		close(reply[1]);
		o->cmd = cmd[1];
		o->reply = reply[0];
		return;
	}
	close(cmd[1]);
	close(reply[0]);
	while (read(cmd[0], &c, 1) == 1) {
		char ok = (c == 'M' ? outside_maps(p, parent)
				    : outside_persist(p, parent)) == 0;

		if (write(reply[1], &ok, 1) != 1)
			_exit(EXIT_FAILURE);
	}
	_exit(EXIT_SUCCESS);
}

/* ask the helper for one job; false when it failed (it said why) */
static bool outside_do(struct outside *o, char job)
{
	char ok = 0;

	if (write(o->cmd, &job, 1) != 1 || read(o->reply, &ok, 1) != 1)
		return false;
	return ok;
}

static void outside_stop(struct outside *o)
{
	int status;

	if (o->pid <= 0)
		return;
	close(o->cmd);
	close(o->reply);
	child_wait(o->pid, &status);
	o->pid = 0;
}

/* ------------------------------------------------------------------ */
/* inside: the steps in the new namespaces                              */

static void write_file_or_err(const char *path, const char *data)
{
	int rc = kfile_write_str(AT_FDCWD, path, data);

	if (rc < 0)
		errx(EXIT_FAILURE, "cannot write %s: %s", path, strerror(-rc));
}

static void map_single_ids(const struct plan *p, uid_t euid, gid_t egid)
{
	char buf[64];

	if (p->map_user != (uid_t) -1 && !p->have_usermap) {
		snprintf(buf, sizeof(buf), "%u %u 1", (unsigned) p->map_user, (unsigned) euid);
		write_file_or_err("/proc/self/uid_map", buf);
	}
	/*
	 * Since Linux 3.19 an unprivileged gid_map needs setgroups denied
	 * first, or the new root could drop groups that deny it access.
	 */
	if (p->map_group != (gid_t) -1 && !p->have_groupmap) {
		if (idmap_setgroups(getpid(), false) < 0)
			err(EXIT_FAILURE, "cannot write /proc/self/setgroups");
		snprintf(buf, sizeof(buf), "%u %u 1", (unsigned) p->map_group, (unsigned) egid);
		write_file_or_err("/proc/self/gid_map", buf);
	}
	if (p->setgroups != SETGROUPS_NONE && !p->have_groupmap &&
	    idmap_setgroups(getpid(), p->setgroups == SETGROUPS_ALLOW) < 0)
		err(EXIT_FAILURE, "cannot write /proc/self/setgroups");
}

static void set_time_offsets(const struct plan *p)
{
	char buf[64];

	/* offsets can be written only before a process enters the namespace */
	if (p->set_monotonic) {
		snprintf(buf, sizeof(buf), "%d %lld 0", CLOCK_MONOTONIC, (long long) p->monotonic);
		write_file_or_err("/proc/self/timens_offsets", buf);
	}
	if (p->set_boottime) {
		snprintf(buf, sizeof(buf), "%d %lld 0", CLOCK_BOOTTIME, (long long) p->boottime);
		write_file_or_err("/proc/self/timens_offsets", buf);
	}
}

static bool interp_is_fixed(const char *def)
{
	const char *flags = strrchr(def, ':');

	return flags && strchr(flags, 'F');
}

static void load_interp(const char *mnt, const char *def)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/register", mnt);
	write_file_or_err(path, def);
}

static void mount_binfmt(const char *mnt)
{
	if (mount("binfmt_misc", mnt, "binfmt_misc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		err(EXIT_FAILURE, "mount %s failed", mnt);
}

static void setup_inside(const struct plan *p)
{
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		err(EXIT_FAILURE, "cannot set hostname to '%s'", p->hostname);

	/* a fixed (F) interpreter is opened now, so it may live outside the root */
	if (p->interp && interp_is_fixed(p->interp) && p->root) {
		mount_binfmt(BINFMT_MNT);
		load_interp(BINFMT_MNT, p->interp);
	}
	if (p->root) {
		if (chroot(p->root) < 0)
			err(EXIT_FAILURE, "cannot change root directory to '%s'", p->root);
		if (!p->wd && chdir("/") < 0)
			err(EXIT_FAILURE, "cannot change directory to /");
	}
	if (p->wd && chdir(p->wd) < 0)
		err(EXIT_FAILURE, "cannot change directory to '%s'", p->wd);

	if (p->procmnt) {
		/*
		 * With a propagation other than private, the old proc mount may
		 * still be shared with the parent namespace: make it private so
		 * our mount does not travel back out.
		 */
		if (!p->root && p->propagation != (MS_REC | MS_PRIVATE) &&
		    mount("none", p->procmnt, NULL, MS_REC | MS_PRIVATE, NULL) < 0 &&
		    errno != EINVAL)
			err(EXIT_FAILURE, "cannot change %s filesystem propagation", p->procmnt);
		if (mount("proc", p->procmnt, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
			err(EXIT_FAILURE, "mount %s failed", p->procmnt);
	}
	if (p->binfmt_mnt)
		mount_binfmt(p->binfmt_mnt);
	if (p->interp && !(interp_is_fixed(p->interp) && p->root))
		load_interp(p->binfmt_mnt, p->interp);

	if (p->set_gid) {
		/* with setgroups denied, there are no groups left to drop */
		if (setgroups(0, NULL) < 0 && errno != EPERM)
			err(EXIT_FAILURE, "setgroups failed");
		if (setgid(p->gid) < 0)
			err(EXIT_FAILURE, "setgid(%u) failed", (unsigned) p->gid);
	}
	if (p->set_uid && setuid(p->uid) < 0)
		err(EXIT_FAILURE, "setuid(%u) failed", (unsigned) p->uid);

	if (p->keep_caps && (p->flags & CLONE_NEWUSER)) {
		int rc = caps_permitted_to_ambient();

		if (rc < 0)
			errx(EXIT_FAILURE, "cannot keep capabilities: %s", strerror(-rc));
	}
}

static void apply_env(const struct plan *p)
{
	char *list, *name, *save = NULL;
	char **keep = NULL;
	size_t n = 0;

	if (!p->clear_env)
		return;
	if (p->whitelist) {
		list = xstrdup(p->whitelist);
		for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
			const char *v = getenv(name);

			if (!v)
				continue;
			keep = xrealloc(keep, (n + 1) * sizeof(*keep));
			keep[n++] = xasprintf("%s=%s", name, v);
		}
		free(list);
	}
	clearenv();
	for (size_t i = 0; i < n; i++)
		if (putenv(keep[i]) != 0)
			err(EXIT_FAILURE, "cannot set environment");
}

static noreturn void run_command(const struct plan *p)
{
	apply_env(p);
	if (p->argv)
		exec_or_die(p->argv);
	exec_shell_or_die();
}

/* --init: PID 1 of the new namespace reaps orphans; the command is its child */
static noreturn void run_init(const struct plan *p)
{
	sigset_t fwd, all, old;
	int status, rc;
	pid_t cmd;

	child_forward_set(&fwd);
	all = fwd;
	sigaddset(&all, SIGCHLD);
	sigprocmask(SIG_BLOCK, &all, &old);
	cmd = fork();
	if (cmd < 0)
		err(EXIT_FAILURE, "fork failed");
	if (cmd == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		run_command(p);
	}
	rc = child_init(cmd, &fwd, &status);
	if (rc < 0)
		errx(EXIT_FAILURE, "waiting for %s failed: %s",
		     p->argv ? p->argv[0] : "the shell", strerror(-rc));
	/* PID 1 ignores its own fatal signals: say it with the exit code */
	exit(child_exit_code(status));
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	enum {
		OPT_MOUNTPROC = CHAR_MAX + 1, OPT_MOUNTBINFMT, OPT_PROPAGATION,
		OPT_SETGROUPS, OPT_KILLCHILD, OPT_KEEPCAPS, OPT_MONOTONIC,
		OPT_BOOTTIME, OPT_MAPUSER, OPT_MAPUSERS, OPT_MAPGROUP,
		OPT_MAPGROUPS, OPT_MAPAUTO, OPT_MAPSUBIDS, OPT_OWNER,
		OPT_FORWARD_SIGNALS, OPT_CLEAR_ENV, OPT_WHITELIST_ENV, OPT_INIT,
		OPT_HOSTNAME, OPT_NEW_SESSION, OPT_KEEP_SESSION,
	};
	static const struct option longopts[] = {
		{ "help",             no_argument,       NULL, 'h' },
		{ "version",          no_argument,       NULL, 'V' },
		{ "mount",            optional_argument, NULL, 'm' },
		{ "uts",              optional_argument, NULL, 'u' },
		{ "ipc",              optional_argument, NULL, 'i' },
		{ "net",              optional_argument, NULL, 'n' },
		{ "pid",              optional_argument, NULL, 'p' },
		{ "user",             optional_argument, NULL, 'U' },
		{ "cgroup",           optional_argument, NULL, 'C' },
		{ "time",             optional_argument, NULL, 'T' },
		{ "fork",             no_argument,       NULL, 'f' },
		{ "kill-child",       optional_argument, NULL, OPT_KILLCHILD },
		{ "forward-signals",  no_argument,       NULL, OPT_FORWARD_SIGNALS },
		{ "init",             no_argument,       NULL, OPT_INIT },
		{ "mount-proc",       optional_argument, NULL, OPT_MOUNTPROC },
		{ "mount-binfmt",     optional_argument, NULL, OPT_MOUNTBINFMT },
		{ "load-interp",      required_argument, NULL, 'l' },
		{ "map-user",         required_argument, NULL, OPT_MAPUSER },
		{ "map-users",        required_argument, NULL, OPT_MAPUSERS },
		{ "map-group",        required_argument, NULL, OPT_MAPGROUP },
		{ "map-groups",       required_argument, NULL, OPT_MAPGROUPS },
		{ "map-root-user",    no_argument,       NULL, 'r' },
		{ "map-current-user", no_argument,       NULL, 'c' },
		{ "map-auto",         no_argument,       NULL, OPT_MAPAUTO },
		{ "map-subids",       no_argument,       NULL, OPT_MAPSUBIDS },
		{ "owner",            required_argument, NULL, OPT_OWNER },
		{ "propagation",      required_argument, NULL, OPT_PROPAGATION },
		{ "setgroups",        required_argument, NULL, OPT_SETGROUPS },
		{ "keep-caps",        no_argument,       NULL, OPT_KEEPCAPS },
		{ "setuid",           required_argument, NULL, 'S' },
		{ "setgid",           required_argument, NULL, 'G' },
		{ "root",             required_argument, NULL, 'R' },
		{ "wd",               required_argument, NULL, 'w' },
		{ "hostname",         required_argument, NULL, OPT_HOSTNAME },
		{ "new-session",      no_argument,       NULL, OPT_NEW_SESSION },
		{ "keep-session",     no_argument,       NULL, OPT_KEEP_SESSION },
		{ "monotonic",        required_argument, NULL, OPT_MONOTONIC },
		{ "boottime",         required_argument, NULL, OPT_BOOTTIME },
		{ "clear-env",        no_argument,       NULL, OPT_CLEAR_ENV },
		{ "whitelist-env",    required_argument, NULL, OPT_WHITELIST_ENV },
		{ NULL, 0, NULL, 0 }
	};
	struct plan p = {
		.propagation = MS_REC | MS_PRIVATE,
		.map_user = (uid_t) -1, .map_group = (gid_t) -1,
		.setgroups = SETGROUPS_NONE,
	};
	struct outside out = { .pid = 0 };
	uid_t euid = geteuid();
	gid_t egid = getegid();
	int c, parent_pidfd = -1, go[2] = { -1, -1 };
	sigset_t fwd, blocked, oldmask;
	pid_t pid = 0;

	while ((c = getopt_long(argc, argv, "+fhVmuinpCTUrcR:w:S:G:l:", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': case 'u': case 'i': case 'n':
		case 'p': case 'U': case 'C': case 'T':
			set_ns(&p, (char) c, optarg);
			break;
		case 'f':
			p.fork = true;
			break;
		case OPT_KILLCHILD:
			p.fork = true;
			p.kill_sig = optarg ? parse_signal_or_err(optarg, "--kill-child") : SIGKILL;
			break;
		case OPT_FORWARD_SIGNALS:
			p.fork = p.forward_signals = true;
			break;
		case OPT_INIT:
			/* an init that passes signals on is reached through us */
			p.fork = p.init = p.forward_signals = true;
			break;
		case OPT_MOUNTPROC:
			p.flags |= CLONE_NEWNS;
			p.procmnt = optarg ? optarg : "/proc";
			break;
		case OPT_MOUNTBINFMT:
		case 'l':
			/* binfmt_misc mounts belong to a user namespace (Linux 6.7) */
			p.flags |= CLONE_NEWNS | CLONE_NEWUSER;
			if (c == OPT_MOUNTBINFMT && optarg)
				p.binfmt_mnt = optarg;
			if (!p.binfmt_mnt) {
				if (!p.procmnt)
					p.procmnt = "/proc";
				p.binfmt_mnt = BINFMT_MNT;
			}
			if (c == 'l')
				p.interp = optarg;
			break;
		case OPT_NEW_SESSION:
			p.session = SESSION_NEW;
			break;
		case OPT_KEEP_SESSION:
			p.session = SESSION_KEEP;
			break;
		case OPT_MAPUSER:
			p.flags |= CLONE_NEWUSER;
			p.map_user = parse_uid_or_err(optarg, "--map-user");
			break;
		case OPT_MAPGROUP:
			p.flags |= CLONE_NEWUSER;
			p.map_group = parse_gid_or_err(optarg, "--map-group");
			break;
		case 'r':
			p.flags |= CLONE_NEWUSER;
			p.map_user = 0;
			p.map_group = 0;
			break;
		case 'c':
			p.flags |= CLONE_NEWUSER;
			p.map_user = euid;
			p.map_group = egid;
			break;
		case OPT_MAPUSERS:
		case OPT_MAPGROUPS:
			p.flags |= CLONE_NEWUSER;
			add_map_or_err(&p, c == OPT_MAPUSERS ? IDMAP_UID : IDMAP_GID, optarg);
			break;
		case OPT_MAPAUTO:
		case OPT_MAPSUBIDS:
			p.flags |= CLONE_NEWUSER;
			add_map_or_err(&p, IDMAP_UID, c == OPT_MAPAUTO ? "auto" : "subids");
			add_map_or_err(&p, IDMAP_GID, c == OPT_MAPAUTO ? "auto" : "subids");
			break;
		case OPT_OWNER:
			p.flags |= CLONE_NEWUSER;
			parse_owner_or_err(&p, optarg);
			break;
		case OPT_PROPAGATION:
			p.propagation = parse_propagation_or_err(optarg);
			break;
		case OPT_SETGROUPS:
			p.setgroups = parse_setgroups_or_err(optarg);
			break;
		case OPT_KEEPCAPS:
			p.keep_caps = true;
			break;
		case 'S':
			p.set_uid = true;
			p.uid = parse_uid_or_err(optarg, "--setuid");
			break;
		case 'G':
			p.set_gid = true;
			p.gid = parse_gid_or_err(optarg, "--setgid");
			break;
		case 'R':
			p.root = optarg;
			break;
		case 'w':
			p.wd = optarg;
			break;
		case OPT_HOSTNAME:
			if (strlen(optarg) > 64)
				errx(EXIT_FAILURE, "--hostname: '%s': longer than 64 bytes", optarg);
			p.flags |= CLONE_NEWUTS;
			p.hostname = optarg;
			break;
		case OPT_MONOTONIC:
			p.set_monotonic = true;
			p.monotonic = parse_offset_or_err(optarg, "--monotonic");
			break;
		case OPT_BOOTTIME:
			p.set_boottime = true;
			p.boottime = parse_offset_or_err(optarg, "--boottime");
			break;
		case OPT_CLEAR_ENV:
			p.clear_env = true;
			break;
		case OPT_WHITELIST_ENV:
			p.clear_env = true;
			p.whitelist = optarg;
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
		p.argv = argv + optind;
	/*
	 * Another user on the caller's terminal could type into it (TIOCSTI):
	 * a new session, forked before anything is unshared, so that the
	 * command's place (in a new PID namespace or not) is as without it.
	 */
	cli_session_or_exit(p.session,
			    (p.set_uid && p.uid != euid) || (p.set_gid && p.gid != egid) ||
			    (p.map_user != (uid_t) -1 && p.map_user != euid) ||
			    (p.map_group != (gid_t) -1 && p.map_group != egid));

	/*
	 * A single-ID map that joins range maps, or any map with --owner,
	 * is written from outside with the ranges: the kernel takes one
	 * write per map, and an owner other than us cannot write its own.
	 */
	if (p.map_user != (uid_t) -1 && (p.have_usermap || p.owner)) {
		if (idmap_add_single(&p.usermap, p.map_user, euid) < 0)
			errx(EXIT_FAILURE, "--map-user: too many ranges");
		p.have_usermap = true;
	}
	if (p.map_group != (gid_t) -1 && (p.have_groupmap || p.owner)) {
		if (idmap_add_single(&p.groupmap, p.map_group, egid) < 0)
			errx(EXIT_FAILURE, "--map-group: too many ranges");
		p.have_groupmap = true;
	}
	check_rules_or_err(&p);

	/* 1. the helper that stays outside, started while we are still there */
	if (p.npersist || p.have_usermap || p.have_groupmap)
		outside_start(&p, &out);

	/* 2. --owner: the namespace belongs to whoever creates it */
	if (p.owner && (setgroups(0, NULL) < 0 || setgid(p.owner_gid) < 0 ||
			setuid(p.owner_uid) < 0))
		err(EXIT_FAILURE, "cannot become owner %u:%u",
		    (unsigned) p.owner_uid, (unsigned) p.owner_gid);

	/* 3. the namespaces */
	if (unshare(p.flags) < 0)
		err(EXIT_FAILURE, "unshare failed");

	/* 4. ID maps: ranges from outside, a single ID by ourselves */
	if ((p.have_usermap || p.have_groupmap) && !outside_do(&out, 'M'))
		exit(EXIT_FAILURE);
	if (p.flags & CLONE_NEWUSER)
		map_single_ids(&p, euid, egid);

	/* 5. before any process enters the time namespace */
	set_time_offsets(&p);

	/*
	 * 6. Propagation now, before a mount namespace is persisted: once
	 * our copy of "/" is private, the bind made outside cannot
	 * propagate into the namespace it names, which the kernel refuses.
	 */
	if ((p.flags & CLONE_NEWNS) && p.propagation &&
	    mount("none", "/", NULL, p.propagation, NULL) < 0)
		err(EXIT_FAILURE, "cannot change root filesystem propagation");

	/* 7. fork: the child is the first process of a new pid namespace */
	if (p.fork) {
		child_forward_set(&fwd);
		sigemptyset(&blocked);
		sigaddset(&blocked, SIGINT);
		sigaddset(&blocked, SIGTERM);
		sigaddset(&blocked, SIGCHLD);
		if (p.forward_signals)
			sigorset(&blocked, &blocked, &fwd);
		sigprocmask(SIG_BLOCK, &blocked, &oldmask);
		if (p.kill_sig && (parent_pidfd = ns_pidfd_open(getpid())) < 0)
			errx(EXIT_FAILURE, "pidfd_open failed: %s", strerror(-parent_pidfd));
		if (p.npersist && pipe2(go, O_CLOEXEC) < 0)
			err(EXIT_FAILURE, "pipe failed");
		pid = fork();
		if (pid < 0)
			err(EXIT_FAILURE, "fork failed");
	}

	/* 8. persist: after the fork, so that pid_for_children has a process */
	if (p.npersist && (pid != 0 || !p.fork)) {
		bool ok = outside_do(&out, 'P');

		if (p.fork) {
			close(go[0]);
			if (!ok || write(go[1], "g", 1) != 1) {
				kill(pid, SIGKILL);
				child_wait(pid, &(int){ 0 });
				exit(EXIT_FAILURE);
			}
			close(go[1]);
		} else if (!ok) {
			exit(EXIT_FAILURE);
		}
	}
	if (pid != 0 || !p.fork)
		outside_stop(&out);

	if (pid > 0) {
		int status, rc;
		sigset_t pass;

		/* 9. the parent: wait, pass signals on if asked, leave as the child did */
		if (p.forward_signals) {
			sigemptyset(&pass);
			sigaddset(&pass, SIGINT);
			sigaddset(&pass, SIGTERM);
		}
		rc = child_wait_forward(pid, p.forward_signals ? &pass : NULL, &status, NULL, NULL);
		if (rc < 0)
			errx(EXIT_FAILURE, "waitpid failed: %s", strerror(-rc));
		exit_like(status);
	}

	/* 10. the child, or we ourselves without --fork */
	if (p.fork) {
		char g;

		sigprocmask(SIG_SETMASK, &oldmask, NULL);
		/* the helper must see EOF when the parent is done with it */
		if (out.pid > 0) {
			close(out.cmd);
			close(out.reply);
		}
		if (p.npersist) {
			close(go[1]);
			if (read(go[0], &g, 1) != 1)
				_exit(EXIT_FAILURE);   /* the parent failed and said why */
			close(go[0]);
		}
		if (p.kill_sig) {
			int rc = child_set_pdeathsig(p.kill_sig, parent_pidfd);

			if (rc == -ESRCH)
				_exit(EXIT_FAILURE);   /* orphaned before we could ask */
			if (rc < 0)
				errx(EXIT_FAILURE, "prctl failed: %s", strerror(-rc));
			close(parent_pidfd);
		}
	}
	setup_inside(&p);
	if (p.init)
		run_init(&p);
	run_command(&p);
}

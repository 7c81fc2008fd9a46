/*
 * xunshare - run a command in new namespaces, a peer of unshare(1)
 *
 * Reads top to bottom: usage, options, the checks that combinations make
 * sense, then the plan carried out in the order the kernel requires.
 */
#include "compat.h"
#include "binfmt.h"
#include "caps.h"
#include "child.h"
#include "cli.h"
#include "idmap.h"
#include "ns.h"
#include "nsoutside.h"
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

struct plan {
	int flags;                          /* CLONE_NEW* to unshare */
	struct nsoutside_plan outside;      /* persist targets (by table index), range
					       maps, setgroups (AUTO: not given) */
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
	struct idmap usermap, groupmap;     /* range maps, written from outside */
	bool owner;
	uid_t owner_uid;
	gid_t owner_gid;
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

static enum idmap_setgroups parse_setgroups_or_err(const char *s)
{
	if (strcmp(s, "allow") == 0)
		return IDMAP_SETGROUPS_ALLOW;
	if (strcmp(s, "deny") == 0)
		return IDMAP_SETGROUPS_DENY;
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

/*
 * The caller's first subordinate range, mapped to 0 (auto) or to itself.
 * Like every name lookup of ours, this runs while parsing, long before
 * anything of a new root (-R) could be read: NSS loads code.
 */
static struct idmap_range subid_or_err(enum idmap_kind kind, bool identity)
{
	const char *file = kind == IDMAP_UID ? "/etc/subuid" : "/etc/subgid";
	uid_t me = geteuid();
	struct passwd *pw = getpwuid(me);
	const char *name = pw ? pw->pw_name : NULL;
	struct idmap_range r;
	int rc = idmap_subid_lookup(file, name, me, &r);

	if (rc == -ENOENT && access(file, F_OK) == 0)
		errx(EXIT_FAILURE, "%s: no range for user %s (%u)", file,
		     name ? name : "?", (unsigned) me);
	if (rc == -EINVAL)
		errx(EXIT_FAILURE, "%s: malformed line for user %s", file, name ? name : "?");
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read %s", file);
	if (identity) {
		r.inner = r.outer;
		r.flags = 0;
	}
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

		if ((rc = idmap_read(0, kind, &self)) < 0)
			errx(EXIT_FAILURE, "/proc/self/%s: cannot parse",
			     kind == IDMAP_UID ? "uid_map" : "gid_map");
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
		cli_errc(EXIT_FAILURE, rc, "%s: '%s'", opt, spec);
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
	if (file && !p->outside.persist[t - ns_types])
		p->npersist++;
	if (file)
		p->outside.persist[t - ns_types] = file;
}

/* ------------------------------------------------------------------ */
/* combinations: each rule is a condition that must not hold           */

#define PLAN(v) ((const struct plan *) (v))
static bool persist_needs_fork(const void *v)
{
	return !PLAN(v)->fork && (PLAN(v)->outside.persist[ns_type_by_name("pid") - ns_types] ||
				  PLAN(v)->outside.persist[ns_type_by_name("time") - ns_types]);
}
static bool time_offsets_need_time(const void *v)
{
	return (PLAN(v)->set_monotonic || PLAN(v)->set_boottime) &&
	       !(PLAN(v)->flags & CLONE_NEWTIME);
}
static bool setgroups_allow_with_gid_map(const void *v)
{
	return PLAN(v)->outside.setgroups == IDMAP_SETGROUPS_ALLOW &&
	       PLAN(v)->map_group != (gid_t) -1 && !PLAN(v)->groupmap.n && !PLAN(v)->owner;
}
static bool init_needs_pid(const void *v)
{
	return PLAN(v)->init && !(PLAN(v)->flags & CLONE_NEWPID);
}
static bool setgroups_needs_user(const void *v)
{
	return PLAN(v)->outside.setgroups != IDMAP_SETGROUPS_AUTO &&
	       !(PLAN(v)->flags & CLONE_NEWUSER);
}

static const struct cli_rule rules[] = {
	{ persist_needs_fork,
	  "persisting a pid or time namespace needs --fork (it is the child that enters it)" },
	{ time_offsets_need_time,
	  "options --monotonic and --boottime require unsharing of a time namespace (-T)" },
	{ setgroups_allow_with_gid_map,
	  "options --setgroups=allow and --map-group are mutually exclusive" },
	{ init_needs_pid, "option --init needs a new pid namespace (-p)" },
	{ setgroups_needs_user, "option --setgroups needs a new user namespace (-U)" },
};

/* ------------------------------------------------------------------ */
/* the helper left outside (lib/nsoutside): what it says went wrong    */

static void report_outside(const struct plan *p, const struct nsoutside_result *r,
			   bool root)
{
	const struct ns_type *t;
	const char *dst;

	switch (r->step) {
	case NSOUTSIDE_UIDMAP:
	case NSOUTSIDE_GIDMAP:
		/* newuidmap refused: it said why itself */
		if (r->err != EPERM || root)
			cli_warnc(r->err, "cannot write the %s map",
				  r->step == NSOUTSIDE_UIDMAP ? "uid" : "gid");
		break;
	case NSOUTSIDE_PERSIST:
		t = &ns_types[r->index];
		dst = p->outside.persist[r->index];
		if (r->persist == NS_PERSIST_SHARED_TARGET)
			warnx("cannot persist the %s namespace on %s: it sits on a shared mount; "
			      "make its folder a private mount first "
			      "(mount --bind DIR DIR && mount --make-private DIR)", t->name, dst);
		else if (r->persist == NS_PERSIST_CREATE)
			cli_warnc(r->err, "cannot create %s", dst);
		else if (r->persist == NS_PERSIST_BUSY)
			warnx("%s: holds a namespace already; unmount it first", dst);
		else
			cli_warnc(r->err, "cannot persist the %s namespace on %s", t->name, dst);
		break;
	case NSOUTSIDE_LOST:   /* no errno: it closed its end, it died */
		cli_warnc(r->err ? r->err : EPIPE, "no reply from the helper process outside");
		break;
	case NSOUTSIDE_OK:
		break;
	}
}

/*
 * Persist all or nothing: after the fork, so that pid_for_children has a
 * process.  On failure the helper has undone every bind; a child waiting
 * for the word to go is killed before it runs anything.  (A child killed
 * by someone else before that leaves the binds made: they are whole.)
 */
static void outside_persist_or_err(const struct plan *p, struct nsoutside *out,
				   pid_t child, struct child_fork *cf)
{
	struct nsoutside_result r;
	int rc;

	if (nsoutside_persist(out, &r) < 0)
		report_outside(p, &r, geteuid() == 0);
	else if (child <= 0 || (rc = child_fork_release(cf)) == 0)
		return;
	else
		cli_warnc(rc, "cannot start the command");
	/* wait for the helper: it undoes what it bound */
	nsoutside_stop(out);
	if (child > 0) {
		kill(child, SIGKILL);
		child_wait(child, &(int){ 0 });
	}
	exit(EXIT_FAILURE);
}

/* ------------------------------------------------------------------ */
/* inside: the steps in the new namespaces                              */

/* a single ID each, written by ourselves (the kernel lets us map our own) */
static void map_single_ids(const struct plan *p, uid_t euid, gid_t egid)
{
	struct idmap one;
	int rc;

	if (p->map_user != (uid_t) -1 && !p->usermap.n) {
		idmap_single(&one, p->map_user, euid);
		if ((rc = idmap_write(0, IDMAP_UID, &one)) < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot write /proc/self/uid_map");
	}
	if (p->map_group != (gid_t) -1 && !p->groupmap.n) {
		/* the writer denies setgroups first, as an unprivileged map needs */
		idmap_single(&one, p->map_group, egid);
		if ((rc = idmap_apply(0, IDMAP_GID, &one, IDMAP_SETGROUPS_DENY, 0)) < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot write /proc/self/gid_map");
	} else if (p->outside.setgroups != IDMAP_SETGROUPS_AUTO && !p->groupmap.n &&
		   (rc = idmap_setgroups(0, p->outside.setgroups == IDMAP_SETGROUPS_ALLOW)) < 0) {
		cli_errc(EXIT_FAILURE, rc, "cannot write /proc/self/setgroups");
	}
}

/* binfmt_misc mounted on @mnt if @mount_it, with the interpreter of -l if @def */
static void binfmt_or_err(const char *mnt, bool mount_it, const char *def)
{
	int rc;

	if (mount_it && (rc = binfmt_mount(mnt)) < 0)
		cli_errc(EXIT_FAILURE, rc, "mount %s failed", mnt);
	if (def && (rc = binfmt_register(mnt, def)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot write %s/register", mnt);
}

/*
 * No name is looked up from here on: below a new root, NSS would load the
 * root's own libnss_*.so with our privileges.  -S/-G names and everything
 * else were resolved while parsing.
 */
static void setup_inside(const struct plan *p)
{
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		err(EXIT_FAILURE, "cannot set hostname to '%s'", p->hostname);

	/* a fixed (F) interpreter is opened now, so it may live outside the root */
	if (p->interp && binfmt_is_fixed(p->interp) && p->root)
		binfmt_or_err(BINFMT_MNT, true, p->interp);
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
		 * our mount does not travel back out.  (The type of a propagation
		 * change is ignored, but valgrind reads it: never NULL.)
		 */
		if (!p->root && p->propagation != (MS_REC | MS_PRIVATE) &&
		    mount("none", p->procmnt, "none", MS_REC | MS_PRIVATE, NULL) < 0 &&
		    errno != EINVAL)
			err(EXIT_FAILURE, "cannot change %s filesystem propagation", p->procmnt);
		if (mount("proc", p->procmnt, "proc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
			err(EXIT_FAILURE, "mount %s failed", p->procmnt);
	}
	if (p->binfmt_mnt)
		binfmt_or_err(p->binfmt_mnt, true, NULL);
	if (p->interp && !(binfmt_is_fixed(p->interp) && p->root))
		binfmt_or_err(p->binfmt_mnt, false, p->interp);

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
			cli_errc(EXIT_FAILURE, rc, "cannot keep capabilities");
	}
}

static noreturn void run_command(const struct plan *p)
{
	int rc;

	if (p->clear_env && (rc = child_env_keep(p->whitelist)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot set environment");
	if (p->argv)
		exec_or_die(p->argv);
	exec_shell_or_die();
}

static void start_command(void *p) { run_command(p); }

/* ------------------------------------------------------------------ */
/* parse                                                                */

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

/* the binfmt options: each implies a mount point, and proc for its path */
static void set_binfmt(struct plan *p, int c, const char *arg)
{
	/* binfmt_misc mounts belong to a user namespace (Linux 6.7) */
	p->flags |= CLONE_NEWNS | CLONE_NEWUSER;
	if (c == OPT_MOUNTBINFMT && arg)
		p->binfmt_mnt = arg;
	if (!p->binfmt_mnt) {
		if (!p->procmnt)
			p->procmnt = "/proc";
		p->binfmt_mnt = BINFMT_MNT;
	}
	if (c == 'l')
		p->interp = arg;
}

/* every option into @p; names (-S, -G, --map-user, subids) are resolved here */
static void parse_args(int argc, char **argv, struct plan *p, uid_t euid, gid_t egid)
{
	int c;

	while ((c = getopt_long(argc, argv, "+fhVmuinpCTUrcR:w:S:G:l:", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': case 'u': case 'i': case 'n':
		case 'p': case 'U': case 'C': case 'T':
			set_ns(p, (char) c, optarg);
			break;
		case 'f':
			p->fork = true;
			break;
		case OPT_KILLCHILD:
			p->fork = true;
			p->kill_sig = optarg ? parse_signal_or_err(optarg, "--kill-child") : SIGKILL;
			break;
		case OPT_FORWARD_SIGNALS:
			p->fork = p->forward_signals = true;
			break;
		case OPT_INIT:
			/* an init that passes signals on is reached through us */
			p->fork = p->init = p->forward_signals = true;
			break;
		case OPT_MOUNTPROC:
			p->flags |= CLONE_NEWNS;
			p->procmnt = optarg ? optarg : "/proc";
			break;
		case OPT_MOUNTBINFMT:
		case 'l':
			set_binfmt(p, c, optarg);
			break;
		case OPT_MAPUSER:
			p->flags |= CLONE_NEWUSER;
			p->map_user = parse_uid_or_err(optarg, "--map-user");
			break;
		case OPT_MAPGROUP:
			p->flags |= CLONE_NEWUSER;
			p->map_group = parse_gid_or_err(optarg, "--map-group");
			break;
		case 'r':
			p->flags |= CLONE_NEWUSER;
			p->map_user = 0;
			p->map_group = 0;
			break;
		case 'c':
			p->flags |= CLONE_NEWUSER;
			p->map_user = euid;
			p->map_group = egid;
			break;
		case OPT_MAPUSERS:
		case OPT_MAPGROUPS:
			p->flags |= CLONE_NEWUSER;
			add_map_or_err(p, c == OPT_MAPUSERS ? IDMAP_UID : IDMAP_GID, optarg);
			break;
		case OPT_MAPAUTO:
		case OPT_MAPSUBIDS:
			p->flags |= CLONE_NEWUSER;
			add_map_or_err(p, IDMAP_UID, c == OPT_MAPAUTO ? "auto" : "subids");
			add_map_or_err(p, IDMAP_GID, c == OPT_MAPAUTO ? "auto" : "subids");
			break;
		case OPT_OWNER:
			p->flags |= CLONE_NEWUSER;
			parse_owner_or_err(p, optarg);
			break;
		case OPT_PROPAGATION:
			p->propagation = parse_propagation_or_err(optarg);
			break;
		case OPT_SETGROUPS:
			p->outside.setgroups = parse_setgroups_or_err(optarg);
			break;
		case OPT_KEEPCAPS:
			p->keep_caps = true;
			break;
		case 'S':
			p->set_uid = true;
			p->uid = parse_uid_or_err(optarg, "--setuid");
			break;
		case 'G':
			p->set_gid = true;
			p->gid = parse_gid_or_err(optarg, "--setgid");
			break;
		case 'R':
			p->root = optarg;
			break;
		case 'w':
			p->wd = optarg;
			break;
		case OPT_HOSTNAME:
			if (strlen(optarg) > 64)
				errx(EXIT_FAILURE, "--hostname: '%s': longer than 64 bytes", optarg);
			p->flags |= CLONE_NEWUTS;
			p->hostname = optarg;
			break;
		case OPT_NEW_SESSION:
			p->session = SESSION_NEW;
			break;
		case OPT_KEEP_SESSION:
			p->session = SESSION_KEEP;
			break;
		case OPT_MONOTONIC:
			p->set_monotonic = true;
			p->monotonic = parse_offset_or_err(optarg, "--monotonic");
			break;
		case OPT_BOOTTIME:
			p->set_boottime = true;
			p->boottime = parse_offset_or_err(optarg, "--boottime");
			break;
		case OPT_CLEAR_ENV:
			p->clear_env = true;
			break;
		case OPT_WHITELIST_ENV:
			p->clear_env = true;
			p->whitelist = optarg;
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
	/*
	 * Another user on the caller's terminal could type into it (TIOCSTI):
	 * a new session, forked before anything is unshared, so that the
	 * command's place (in a new PID namespace or not) is as without it.
	 */
	cli_session_or_exit(p->session,
			    (p->set_uid && p->uid != euid) || (p->set_gid && p->gid != egid) ||
			    (p->map_user != (uid_t) -1 && p->map_user != euid) ||
			    (p->map_group != (gid_t) -1 && p->map_group != egid));

	/*
	 * A single-ID map that joins range maps, or any map with --owner,
	 * is written from outside with the ranges: the kernel takes one
	 * write per map, and an owner other than us cannot write its own.
	 */
	if (p->map_user != (uid_t) -1 && (p->usermap.n || p->owner) &&
	    idmap_add_single(&p->usermap, p->map_user, euid) < 0)
		errx(EXIT_FAILURE, "--map-user: too many ranges");
	if (p->map_group != (gid_t) -1 && (p->groupmap.n || p->owner) &&
	    idmap_add_single(&p->groupmap, p->map_group, egid) < 0)
		errx(EXIT_FAILURE, "--map-group: too many ranges");
	p->outside.uidmap = p->usermap.n ? &p->usermap : NULL;
	p->outside.gidmap = p->groupmap.n ? &p->groupmap : NULL;
	/* root writes the ranges itself; others have the setuid helpers */
	p->outside.idmap_flags = euid == 0 ? 0 : IDMAP_VIA_HELPER;
}

/* ------------------------------------------------------------------ */
/* run: the plan, in the order the kernel requires                      */

static noreturn void run(struct plan *p, uid_t euid, gid_t egid)
{
	struct nsoutside out = { .pid = 0 };
	struct nsoutside_result res;
	struct child_fork cf = {
		.kill_sig = p->kill_sig, .forward = p->forward_signals, .gated = p->npersist > 0,
	};
	pid_t pid = 0;
	int rc, status;

	/* 1. the helper that stays outside, started while we are still there */
	if (p->npersist || p->usermap.n || p->groupmap.n) {
		rc = nsoutside_start(&out, &p->outside, getpid());
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot start the helper process");
	}

	/* 2. --owner: the namespace belongs to whoever creates it */
	if (p->owner && (setgroups(0, NULL) < 0 || setgid(p->owner_gid) < 0 ||
			 setuid(p->owner_uid) < 0))
		err(EXIT_FAILURE, "cannot become owner %u:%u",
		    (unsigned) p->owner_uid, (unsigned) p->owner_gid);

	/* 3. the namespaces */
	if (unshare(p->flags) < 0)
		err(EXIT_FAILURE, "unshare failed");

	/* 4. ID maps: ranges from outside, a single ID by ourselves */
	if ((p->usermap.n || p->groupmap.n) && nsoutside_maps(&out, &res) < 0) {
		report_outside(p, &res, euid == 0);
		exit(EXIT_FAILURE);
	}
	if (p->flags & CLONE_NEWUSER)
		map_single_ids(p, euid, egid);

	/* 5. time offsets: the kernel takes them before a process enters the namespace */
	if ((p->set_monotonic && (rc = ns_time_offset(CLOCK_MONOTONIC, p->monotonic)) < 0) ||
	    (p->set_boottime && (rc = ns_time_offset(CLOCK_BOOTTIME, p->boottime)) < 0))
		cli_errc(EXIT_FAILURE, rc, "cannot write /proc/self/timens_offsets");

	/*
	 * 6. Propagation now, before a mount namespace is persisted: once
	 * our copy of "/" is private, the bind made outside cannot
	 * propagate into the namespace it names, which the kernel refuses.
	 */
	if ((p->flags & CLONE_NEWNS) && p->propagation &&
	    mount("none", "/", "none", p->propagation, NULL) < 0)
		err(EXIT_FAILURE, "cannot change root filesystem propagation");

	/* 7. fork: the child is the first process of a new pid namespace */
	if (p->fork && (pid = child_fork_start(&cf)) < 0)
		cli_errc(EXIT_FAILURE, pid, "fork failed");

	/* 8. persist, all or nothing, after the fork: pid_for_children has a process */
	if (pid > 0 || !p->fork) {
		if (p->npersist)
			outside_persist_or_err(p, &out, pid, &cf);
		nsoutside_stop(&out);
	}

	/* 9. the parent: wait, pass signals on if asked, leave as the child did */
	if (pid > 0) {
		if ((rc = child_fork_wait(&cf, pid, &status)) < 0)
			cli_errc(EXIT_FAILURE, rc, "waitpid failed");
		exit_like(status);
	}

	/* 10. the child, or we ourselves without --fork */
	if (p->fork) {
		/* the helper must see EOF when the parent is done with it */
		nsoutside_forget(&out);
		rc = child_fork_enter(&cf);
		if (rc == -EPIPE || rc == -ESRCH)
			_exit(EXIT_FAILURE);   /* the parent failed and said why, or died */
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "prctl failed");
	}
	setup_inside(p);
	/* 11. (the terminal was guarded before anything was unshared: parse_args) */
	if (p->init) {
		/* --init: PID 1 of the new namespace reaps orphans; the command is its child */
		rc = child_run_init(start_command, p);
		if (rc < 0)
			cli_errc(EXIT_FAILURE, rc, "waiting for %s failed",
				 p->argv ? p->argv[0] : "the shell");
		exit(rc);
	}
	run_command(p);
}

int main(int argc, char **argv)
{
	struct plan p = {
		.propagation = MS_REC | MS_PRIVATE,
		.map_user = (uid_t) -1, .map_group = (gid_t) -1,
	};
	uid_t euid = geteuid();
	gid_t egid = getegid();

	cli_close_stdout_atexit();
	parse_args(argc, argv, &p, euid, egid);
	cli_check_rules_or_err(rules, ARRAY_SIZE(rules), &p);
	run(&p, euid, egid);
}

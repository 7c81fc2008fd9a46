/*
 * xchroot-run.c - step 10 of xchroot: inside the new root, the user the
 * command runs as (the root's own passwd and group files, no NSS: it would
 * load the root's libnss_*.so.2 into us while we are still root on the
 * host), containment (capabilities, no_new_privs, the seccomp filter), and
 * the command, started by PID 1 of its PID namespace when contained.
 */
#include "compat.h"
#include "caps.h"
#include "child.h"
#include "cli.h"
#include "denyfilter.h"
#include "session.h"
#include "userspec.h"
#include "xchroot.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * chroot(1) looks the names up twice: outside, where the caller's NSS
 * setup works, and again inside, where the root's own /etc/passwd may give
 * the same name another ID.  Inside wins; outside is the fallback.  Inside
 * is read from the files alone (@db): NSS would load the root's
 * libnss_*.so.2 into us, still root on the host.
 */
static void resolve_user_or_err(const struct plan *p, const struct userspec_db *db,
				const struct userspec_ids *outside,
				enum userspec_result outside_rc, struct userspec_ids *ids)
{
	enum userspec_result rc = userspec_resolve_in(&p->user, db, ids);

	if (rc == USERSPEC_OK)
		return;
	if (rc == USERSPEC_ERRNO)
		cli_errc(cli_fail_code, errno, "--userspec");
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

/* --groups, or the user's own: NULL @set when none are to be set */
static gid_t *groups_or_err(const struct plan *p, const struct userspec_db *db,
			    const struct userspec_ids *ids, size_t *n, bool *set)
{
	gid_t *gids = NULL;
	int rc;

	*n = 0;
	*set = p->groups || ids->has_uid;   /* a bare ID keeps none of ours */
	if (p->groups) {
		char *bad = NULL;

		rc = userspec_parse_groups_in(p->groups, db, &gids, n, &bad);
		if (rc == USERSPEC_ERRNO)
			cli_errc(cli_fail_code, errno, "--groups");
		/* as for --userspec: inside first, then what the host said */
		if (rc != USERSPEC_OK && p->outside_groups_ok) {
			gids = xmalloc(p->outside_ngids * sizeof(*gids) + 1);
			memcpy(gids, p->outside_gids, p->outside_ngids * sizeof(*gids));
			*n = p->outside_ngids;
			free(bad);
			return gids;
		}
		if (rc != USERSPEC_OK)
			errx(cli_fail_code, "--groups: '%s': %s", bad ? bad : p->groups,
			     rc == USERSPEC_NO_GROUP ? "no such group" : "invalid group");
	} else if (ids->has_uid && ids->login) {
		rc = userspec_login_groups_in(ids->login, ids->gid, db, &gids, n);
		if (rc < 0)
			cli_errc(cli_fail_code, rc, "cannot read the groups of %s", ids->login);
	}
	return gids;
}

/*
 * The command's start: the session, the user, the exec.  Contained, this
 * runs in a child that borrows PID 1's memory until it execs
 * (child_vfork()), so system calls only: what failed is left in @st for
 * PID 1 to tell, and the return value is the exit code.
 */
struct start {
	const struct plan *p;
	const struct userspec_ids *ids;
	gid_t *gids;
	size_t n;
	bool set_groups, restore_mask;
	bool forked;                 /* a child of PID 1 (child_vfork()) */
	char **argv;
	enum { START_OK, START_SESSION, START_GROUPS, START_GID, START_UID,
	       START_EXEC } failed;
	int err;
};

/* what start_command() left, as the tool says it */
static void start_failed(const struct start *st)
{
	switch (st->failed) {
	case START_OK:
		break;
	case START_SESSION:
		cli_warnc(st->err, "cannot start a new session");
		break;
	case START_GROUPS:
		cli_warnc(st->err, "failed to set supplemental groups");
		break;
	case START_GID:
		cli_warnc(st->err, "failed to set group-ID %u", (unsigned) st->ids->gid);
		break;
	case START_UID:
		cli_warnc(st->err, "failed to set user-ID %u", (unsigned) st->ids->uid);
		break;
	case START_EXEC:
		cli_warnc(st->err, "failed to execute %s", st->argv[0]);
		break;
	}
}

static int start_command(void *arg)
{
	struct start *st = arg;
	const struct userspec_ids *ids = st->ids;

	if (st->restore_mask)
		sigprocmask(SIG_SETMASK, &st->p->oldmask, NULL);
	/* our parent waits for us in the caller's session */
	if (st->p->new_session && setsid() < 0)
		st->failed = START_SESSION;
	/* setgroups is denied in our own user namespace: there are none to drop */
	else if (st->set_groups && !st->p->rootless && setgroups(st->n, st->gids) < 0)
		st->failed = START_GROUPS;
	/* in the order setuid(2) allows */
	else if (ids->has_gid && setgid(ids->gid) < 0)
		st->failed = START_GID;
	else if (ids->has_uid && setuid(ids->uid) < 0)
		st->failed = START_UID;
	else {
		execvp(st->argv[0], st->argv);
		st->failed = START_EXEC;
	}
	st->err = errno;
#ifdef CHILD_ASAN
	/* child_vfork() is a fork there: PID 1 would never see @st, say it here */
	if (st->forked)
		start_failed(st);
#endif
	if (st->failed != START_EXEC)
		return cli_fail_code;
	return st->err == ENOENT ? EXIT_ENOENT : EXIT_CANNOT_INVOKE;
}


/*
 * Containment, in the order the kernel needs: the bounding set while we
 * still hold CAP_SETPCAP, then no_new_privs, which the filter requires of
 * a process without CAP_SYS_ADMIN.  Everything is inherited by the command.
 * A user namespace made inside is refused where we are host root and
 * CAP_SYS_ADMIN is not given back: its root could mount the host's cgroup
 * hierarchies.  Without root, ours is the caller's own already, and one
 * inside holds nothing the caller lacks.
 */
static void contain_or_err(const struct plan *p)
{
	unsigned filter = !p->rootless && !(p->caps & CAPS_BIT(CAP_SYS_ADMIN)) ?
			  DENYFILTER_USERNS : 0;
	int rc;

	if ((rc = caps_limit(p->caps)) < 0)
		cli_errc(cli_fail_code, rc, "cannot drop capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		err(cli_fail_code, "cannot set no_new_privs");
	if ((rc = denyfilter_load(filter)) < 0 && rc != -ENOSYS)
		cli_errc(cli_fail_code, rc, "cannot install the seccomp filter");
}

/*
 * PID 1 of the contained root: the command as our child, reaped with every
 * orphan, and its wait status sent to the caller, who leaves as it did.
 * The child execs at once: it borrows our memory until then instead of
 * copying our page tables (child_vfork()).
 */
static noreturn void run_as_pid1(struct plan *p, struct start *st)
{
	sigset_t fwd;
	int status, rc;
	pid_t cmd;

	child_forward_set(&fwd);
	st->restore_mask = true;
	st->forked = true;
	cmd = child_vfork(start_command, st);
	if (cmd < 0)
		cli_errc(cli_fail_code, cmd, "cannot fork");
	start_failed(st);
	rc = child_init(cmd, &fwd, &status);
	if (rc < 0)
		cli_errc(cli_fail_code, rc, "cannot wait for the command");
	/*
	 * PID 1 cannot die of its own signal: the caller re-raises it from
	 * the status sent.
	 */
	p->report->status = status;
	p->report->sent = true;
	_exit(child_exit_code(status));
}

/*
 * Inside the new root: the user (looked up without NSS), containment, a
 * session of its own, the user, the command.
 */
noreturn void run_inside(struct plan *p, const struct userspec_ids *outside_ids,
				enum userspec_result outside_rc)
{
	struct userspec_ids ids = { .has_uid = false };
	struct userspec_db db = { NULL, NULL };
	struct start st = { .p = p, .ids = &ids };
	char *shell_argv[3];
	bool other;
	int root, rc, code;

	if (p->have_user || p->groups) {
		/* "/" is the new root now (cwd may not be, with --skip-chdir) */
		root = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (root < 0 || (rc = userspec_db_open(&db, root)) < 0)
			cli_errc(cli_fail_code, root < 0 ? errno : rc,
				 "cannot read the new root's passwd and group files");
		close(root);
	}
	if (p->have_user) {
		resolve_user_or_err(p, &db, outside_ids, outside_rc, &ids);
		if (p->rootless && ((ids.has_uid && ids.uid != geteuid()) ||
				   (ids.has_gid && ids.gid != getegid())))
			errx(cli_fail_code, "--userspec: without root only your own user and group "
			     "(%u:%u) are mapped", (unsigned) geteuid(), (unsigned) getegid());
	}
	if (p->have_user || p->groups)
		st.gids = groups_or_err(p, &db, &ids, &st.n, &st.set_groups);
	userspec_db_close(&db);

	st.argv = p->argv;
	if (!st.argv) {
		shell_argv[0] = getenv("SHELL");
		if (!shell_argv[0] || !*shell_argv[0])
			shell_argv[0] = "/bin/sh";
		shell_argv[1] = "-i";
		shell_argv[2] = NULL;
		st.argv = shell_argv;
	}
	other = (ids.has_uid && ids.uid != getuid()) || (ids.has_gid && ids.gid != getgid());
	p->new_session = session_wanted(p->session, other);
	if (p->pivot) {
		contain_or_err(p);
		run_as_pid1(p, &st);
	}
	cli_session_or_exit(p->session, other);
	p->new_session = false;   /* done above, with a parent to wait */
	code = start_command(&st);
	start_failed(&st);
	exit(code);
}



/*
 * nsjoin.c - entering namespaces, as nsenter does.
 */
#include "compat.h"
#include "nsjoin.h"

#include <sched.h>

/*
 * Our own namespace of @t.  Through a pidfd of ourselves where the kernel
 * takes one (Linux 6.11): once our mount namespace is the target's, its
 * /proc may not show us at all.
 */
static int open_own(const struct ns_type *t)
{
	int self = ns_pidfd_open(getpid());
	int fd = ns_open_pid(-1, getpid(), self, t, false);

	if (self >= 0)
		close(self);
	return fd;
}

/* is the target's namespace of @t (or the one @fd_or_neg names) ours? */
static bool is_own(const struct nsjoin *j, const struct ns_type *t, int fd_or_neg)
{
	ino_t mine, theirs;
	int fd, own, rc;

	own = open_own(t);
	if (own < 0)
		return false;
	rc = ns_fd_inode(own, &mine);
	close(own);
	if (rc < 0)
		return false;
	fd = fd_or_neg >= 0 ? fd_or_neg : ns_open_pid(-1, j->pid, j->pidfd, t, false);
	if (fd < 0)
		return false;
	rc = ns_fd_inode(fd, &theirs);
	if (fd != fd_or_neg)
		close(fd);
	return rc == 0 && mine == theirs;
}

static size_t user_index(void)
{
	return (size_t) (ns_type_by_flag(CLONE_NEWUSER) - ns_types);
}

/*
 * --all asks for every namespace the target has that is not ours already
 * where that matters: re-entering one's own user namespace is refused by
 * the kernel (EINVAL, see setns(2)); a namespace type this kernel lacks
 * cannot be entered; and an unprivileged caller may not setns() even into
 * a namespace it is in already when that belongs to the host (EPERM: the
 * cgroup or IPC namespace a rootless container shares with us).  Only
 * looked at after setns() failed, which keeps the common case at one
 * system call.
 */
static int drop_unenterable(const struct nsjoin *j, int flags, int why)
{
	size_t u = user_index();

	if ((flags & CLONE_NEWUSER) && is_own(j, &ns_types[u], j->nsfd[u]))
		flags &= ~CLONE_NEWUSER;
	if (!j->all)
		return flags;
	for (size_t i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		int own;

		if (!(flags & t->flag) || j->named[i] || t->flag == CLONE_NEWUSER)
			continue;
		own = open_own(t);
		if (own >= 0)
			close(own);
		if (own < 0 || (why == EPERM && is_own(j, t, -1)))
			flags &= ~t->flag;
	}
	return flags;
}

/* the target's namespaces one file each: no setns(pidfd) on this kernel */
static int open_by_pid(struct nsjoin *j, int flags, struct nsjoin_error *e)
{
	for (size_t i = 0; i < NS_NKINDS; i++) {
		if (!(flags & ns_types[i].flag) || j->nsfd[i] >= 0)
			continue;
		j->nsfd[i] = ns_open_pid(-1, j->pid, j->pidfd, &ns_types[i], false);
		if (j->nsfd[i] < 0) {
			*e = (struct nsjoin_error) { &ns_types[i], 0, -j->nsfd[i] };
			return NSJOIN_OPEN;
		}
	}
	return NSJOIN_OK;
}

/* 1 entered, 0 nothing to do (our own user namespace), -1 failed; @e NULL: quiet */
static int setns_one(struct nsjoin *j, size_t i, struct nsjoin_error *e)
{
	const struct ns_type *t = &ns_types[i];

	if (setns(j->nsfd[i], t->flag) == 0)
		return 1;
	if (errno == EINVAL && t->flag == CLONE_NEWUSER && is_own(j, t, j->nsfd[i])) {
		j->entered &= ~CLONE_NEWUSER;
		return 0;
	}
	if (e && !e->err)
		*e = (struct nsjoin_error) { t, 0, errno };
	return -1;
}

/*
 * setns(pidfd, @flags); what turns out not to need entering counts as
 * done.  Returns the flags done; on a kernel before 5.8, which takes no
 * pidfd, the target's files are opened for the caller to enter one by one.
 */
static int setns_target(struct nsjoin *j, int flags, struct nsjoin_error *e)
{
	int fewer, err;

	if (setns(j->pidfd, flags) == 0)
		return flags;
	err = errno;
	if (err == EINVAL || err == EPERM) {
		fewer = drop_unenterable(j, flags, err);
		j->entered &= ~(flags & ~fewer);
		if (!fewer || (fewer != flags && setns(j->pidfd, fewer) == 0))
			return flags;
		if (fewer != flags)
			err = errno;
		if (err == EINVAL) {
			struct nsjoin_error oe = { 0 };

			if (open_by_pid(j, fewer, &oe) != NSJOIN_OK) {
				if (e && !e->err)
					*e = oe;
				return 0;
			}
			return flags & ~fewer;
		}
		flags = fewer;
	}
	if (e && !e->err)
		*e = (struct nsjoin_error) { NULL, flags, err };
	return 0;
}

/*
 * One pass over the namespaces in @mask; returns those done.  A user
 * namespace named by file goes first: for an unprivileged caller it is what
 * grants the capabilities (as owner) the other setns() calls need, else
 * setns(CLONE_NEWNS) of a rootless container fails with EPERM.  What comes
 * from the target goes in one setns(pidfd, flags): the kernel checks every
 * namespace against the caller's credentials before it changes anything,
 * so the order problem does not arise there and the switch is atomic.
 * @e NULL: quiet, a failure only leaves that namespace undone.
 */
static int enter_pass(struct nsjoin *j, int mask, struct nsjoin_error *e)
{
	size_t u = user_index();
	int done = 0, from_pid = 0;

	if ((mask & CLONE_NEWUSER) && j->nsfd[u] >= 0 && setns_one(j, u, e) >= 0)
		done |= CLONE_NEWUSER;
	for (size_t i = 0; i < NS_NKINDS && !(e && e->err); i++)
		if ((mask & ~done & ns_types[i].flag) && j->nsfd[i] < 0)
			from_pid |= ns_types[i].flag;
	if (from_pid && !(e && e->err))
		done |= setns_target(j, from_pid, e);
	for (size_t i = 0; i < NS_NKINDS && !(e && e->err); i++)
		if ((mask & ~done & ns_types[i].flag) && j->nsfd[i] >= 0 &&
		    setns_one(j, i, e) >= 0)
			done |= ns_types[i].flag;
	return done;
}

void nsjoin_choose(struct nsjoin *j)
{
	size_t u = user_index();

	/* the PID may name another process by now; then the pidfd setns()
	 * fails, as it should */
	if (j->all && !j->named[u] && j->nsfd[u] < 0 && j->pid &&
	    is_own(j, &ns_types[u], -1))
		j->entered &= ~CLONE_NEWUSER;
}

enum nsjoin_result nsjoin_enter(struct nsjoin *j, struct nsjoin_error *e)
{
	int done = 0;

	*e = (struct nsjoin_error) { 0 };
	if (j->pid && j->pidfd < 0) {
		if (j->all)
			j->entered = drop_unenterable(j, j->entered, EINVAL);
		if (open_by_pid(j, j->entered, e) != NSJOIN_OK)
			return NSJOIN_OPEN;
	}
	/*
	 * Files are entered one by one, and entering a user namespace takes
	 * away what a privileged caller holds in the namespaces above it (a
	 * host network namespace named by --net=NAME, say).  So, as nsenter
	 * does, a privileged caller first enters what it can without the user
	 * namespace, then the user namespace and whatever is left.
	 */
	if ((j->entered & CLONE_NEWUSER) && geteuid() == 0)
		for (size_t i = 0; i < NS_NKINDS; i++)
			if (j->nsfd[i] >= 0 && ns_types[i].flag != CLONE_NEWUSER) {
				done = enter_pass(j, j->entered & ~CLONE_NEWUSER, NULL);
				break;
			}
	enter_pass(j, j->entered & ~done, e);
	if (!e->err)
		return NSJOIN_OK;
	if (e->type && j->nsfd[e->type - ns_types] < 0)
		return NSJOIN_OPEN;
	return e->type ? NSJOIN_SETNS : NSJOIN_SETNS_TARGET;
}

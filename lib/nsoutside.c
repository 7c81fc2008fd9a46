/*
 * nsoutside.c - the helper that stays in the original namespaces.
 *
 * Protocol on a SOCK_SEQPACKET pair: we send one byte per job ('M' maps,
 * 'P' persist), the helper answers with a struct nsoutside_result, one
 * message, whole or missing.  After a persist that succeeded the helper
 * waits for 'C' (commit); end of file instead means we are gone or gave up,
 * and it undoes the binds.  A socket, not pipes: a send to a helper that
 * died fails with EPIPE (MSG_NOSIGNAL) instead of killing us silently.
 */
#include "compat.h"
#include "nsoutside.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static ssize_t recv_msg(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	return n;
}

static ssize_t send_msg(int fd, const void *buf, size_t len)
{
	ssize_t n;

	do
		n = send(fd, buf, len, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n;
}

static void helper_maps(const struct nsoutside_plan *p, pid_t target,
			struct nsoutside_result *res)
{
	int rc;

	if (p->uidmap) {
		rc = idmap_apply(target, IDMAP_UID, p->uidmap, IDMAP_SETGROUPS_AUTO,
				 p->idmap_flags);
		if (rc < 0) {
			*res = (struct nsoutside_result) { .step = NSOUTSIDE_UIDMAP, .err = -rc };
			return;
		}
	}
	if (p->gidmap) {
		rc = idmap_apply(target, IDMAP_GID, p->gidmap, p->setgroups, p->idmap_flags);
		if (rc < 0)
			*res = (struct nsoutside_result) { .step = NSOUTSIDE_GIDMAP, .err = -rc };
	}
}

/* undo one bind: a file we created goes, one that was there stays */
static void unbind(const char *target, bool created)
{
	if (umount2(target, MNT_DETACH) == 0 && created)
		unlink(target);
}

/* bind every target; on failure undo the others.  Returns how many are bound. */
static int helper_persist(const struct nsoutside_plan *p, pid_t target,
			  struct nsoutside_result *res, bool created[NS_NKINDS])
{
	int done[NS_NKINDS], ndone = 0;

	for (int i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		const char *dst = p->persist[i];
		char src[64];

		if (!dst)
			continue;
		created[i] = access(dst, F_OK) < 0;
		if (ns_pid_path(src, sizeof(src), -1, target, t, t->children_file != NULL) < 0) {
			res->persist = NS_PERSIST_MOUNT;
			errno = EINVAL;
		} else {
			res->persist = ns_persist(src, dst);
		}
		if (res->persist == NS_PERSIST_OK) {
			done[ndone++] = i;
			continue;
		}
		res->step = NSOUTSIDE_PERSIST;
		res->err = errno;
		res->index = i;
		/* all or nothing: undo what was bound already */
		while (ndone > 0) {
			int j = done[--ndone];

			unbind(p->persist[j], created[j]);
		}
		return 0;
	}
	return ndone;
}

static void helper_undo(const struct nsoutside_plan *p, const bool created[NS_NKINDS])
{
	for (int i = NS_NKINDS - 1; i >= 0; i--)
		if (p->persist[i])
			unbind(p->persist[i], created[i]);
}

static noreturn void helper(const struct nsoutside_plan *p, pid_t target, int sock)
{
	bool created[NS_NKINDS] = { false };
	char job;

	/*
	 * A ^C meant for the command must not stop us halfway: we end when
	 * our parent closes its end, having undone anything uncommitted.
	 */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);

	while (recv_msg(sock, &job, 1) == 1) {
		struct nsoutside_result res = { .step = NSOUTSIDE_OK };
		int bound = 0;

		if (job == 'M')
			helper_maps(p, target, &res);
		else if (job == 'P')
			bound = helper_persist(p, target, &res, created);
		else
			_exit(EXIT_FAILURE);
		if (send_msg(sock, &res, sizeof(res)) != (ssize_t) sizeof(res)) {
			if (bound)
				helper_undo(p, created);
			_exit(EXIT_FAILURE);
		}
		if (bound && (recv_msg(sock, &job, 1) != 1 || job != 'C')) {
			helper_undo(p, created);
			_exit(EXIT_FAILURE);
		}
	}
	_exit(EXIT_SUCCESS);
}

int nsoutside_start(struct nsoutside *o, const struct nsoutside_plan *plan,
		    pid_t target)
{
	int sv[2], saved;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return -errno;
	o->pid = fork();
	if (o->pid < 0) {
		saved = errno;
		close(sv[0]);
		close(sv[1]);
		return -saved;
	}
	if (o->pid == 0) {
		close(sv[0]);
		helper(plan, target, sv[1]);
	}
	close(sv[1]);
	o->fd = sv[0];
	return 0;
}

/* one job: send it, read the reply */
static int ask(struct nsoutside *o, char job, struct nsoutside_result *res)
{
	ssize_t n;

	*res = (struct nsoutside_result) { .step = NSOUTSIDE_LOST };
	if (send_msg(o->fd, &job, 1) != 1) {
		res->err = errno;
		return -1;
	}
	n = recv_msg(o->fd, res, sizeof(*res));
	if (n != (ssize_t) sizeof(*res)) {
		int err = n < 0 ? errno : 0;

		*res = (struct nsoutside_result) { .step = NSOUTSIDE_LOST, .err = err };
		return -1;
	}
	return res->step == NSOUTSIDE_OK ? 0 : -1;
}

int nsoutside_maps(struct nsoutside *o, struct nsoutside_result *res)
{
	return ask(o, 'M', res);
}

int nsoutside_persist(struct nsoutside *o, struct nsoutside_result *res)
{
	if (ask(o, 'P', res) < 0)
		return -1;
	if (send_msg(o->fd, "C", 1) != 1) {
		/* the helper died after its reply: nothing can be said of the binds */
		*res = (struct nsoutside_result) { .step = NSOUTSIDE_LOST, .err = errno };
		return -1;
	}
	return 0;
}

void nsoutside_stop(struct nsoutside *o)
{
	if (o->pid <= 0)
		return;
	close(o->fd);
	while (waitpid(o->pid, NULL, 0) < 0 && errno == EINTR)
		;
	o->pid = 0;
}

void nsoutside_forget(struct nsoutside *o)
{
	if (o->pid <= 0)
		return;
	close(o->fd);
	o->pid = 0;
}

/*
 * nsholder.h - what holds a namespace besides the processes in it: bind
 * mounts of its nsfs file, open fds of some process, and sockets created
 * in it.  The second half of nslist_scan(): the fds are noted while the
 * processes are read (on the scan's threads, one nsholder_scan each), and
 * looked at once the namespaces of the processes are known.
 */
#ifndef XNS_NSHOLDER_H
#define XNS_NSHOLDER_H

#include "inomap.h"
#include "nslist.h"

/* an fd of some process that may hold a namespace no process is in */
struct nsholder_cand {
	pid_t pid;
	int fd;
	ino_t ino;              /* the namespace or the socket; 0: not known
	                           from the link, see nsholder_scan_fds() */
	bool socket;
};

struct nsholder_scan {
	struct nsholder_cand *cands;
	size_t ncands, capcands;
	struct inomap sockets;  /* socket inodes seen once */
};

/**
 * nsholder_scan_fds - note the fds of process @pid (@pidname: its
 * directory under l->procfd) that are namespaces of the kinds asked for,
 * sockets not seen yet, or may be an nsfs file opened through a bind mount
 * that is gone (the link then reads "/"); 0 or -ENOMEM
 */
int nsholder_scan_fds(const struct nslist *l, struct nsholder_scan *s,
		      const char *pidname, pid_t pid);

/** nsholder_merge - move what @from noted into @into; 0 or -ENOMEM */
int nsholder_merge(struct nsholder_scan *into, struct nsholder_scan *from);

void nsholder_scan_free(struct nsholder_scan *s);

/**
 * nsholder_add_mounts - the nsfs bind mounts of our mount namespace: each
 * marks its namespace NSLIST_BY_NSFS and names it in ns->nsfs, adding it
 * when no process is in it
 */
void nsholder_add_mounts(struct nslist *l);

/**
 * nsholder_add_fds - the fds @s noted, in PID and fd order: their
 * namespaces are marked NSLIST_BY_FD or NSLIST_BY_SOCKET, and added when
 * nothing else holds them (with PID/fd/N as their path)
 */
void nsholder_add_fds(struct nslist *l, struct nsholder_scan *s);

#endif

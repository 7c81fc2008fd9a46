/*
 * nslist.h - the namespaces of a system and what keeps each alive: the
 * processes in it, bind mounts of its nsfs file, open file descriptors and
 * sockets; and how they relate (parent, owning user namespace).
 *
 * Built for lsns-style listings of thousands of processes: every lookup
 * (namespace by inode, process by PID) is a hash or a binary search, and
 * only the /proc files the caller asks for are read.
 */
#ifndef XNS_NSLIST_H
#define XNS_NSLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "inomap.h"
#include "ns.h"

/* what keeps a namespace alive (ORed: one can be held several ways) */
enum nslist_holder {
	NSLIST_BY_PROC     = 1 << 0,
	NSLIST_BY_NSFS     = 1 << 1,    /* a bind mount of its nsfs file */
	NSLIST_BY_FD       = 1 << 2,    /* an open fd of some process */
	NSLIST_BY_SOCKET   = 1 << 3,    /* a socket created in it (net) */
	NSLIST_BY_RELATION = 1 << 4,    /* only seen as a parent or owner */
};

/* what to read beyond the namespace inodes of every process */
enum nslist_want {
	NSLIST_WANT_PPID      = 1 << 0, /* PID/stat of each namespace's lowest
	                                   PID, for PPID and the process tree */
	NSLIST_WANT_RELATIONS = 1 << 1, /* NS_GET_PARENT and NS_GET_USERNS */
	NSLIST_WANT_ANCESTORS = 1 << 2, /* list parents and owners no process is in */
	NSLIST_WANT_HOLDERS   = 1 << 3, /* bind mounts, fds and sockets */
	NSLIST_WANT_UID       = 1 << 4, /* the owner of each lowest PID */
	NSLIST_WANT_COMMAND   = 1 << 5, /* the command line of each lowest PID */
};

/*
 * PPID and UID are read for the processes that are some namespace's
 * lowest PID (the only ones a namespace row shows), or on demand with
 * nslist_proc_fill(): most processes never need them.
 */
struct nslist_proc {
	pid_t pid;
	pid_t ppid;
	uid_t uid;                      /* owner of /proc/PID, as lsns has it */
	bool has_ppid;
	bool has_uid;
	bool has_command;
	char *command;                  /* PID/cmdline, or PID/comm for a
	                                   kernel thread; NULL if unreadable */
	ino_t ns[NS_NKINDS];            /* by enum ns_kind; 0: not read */
	struct nslist_proc *parent;     /* the process PPID names, if listed */
};

struct nslist_ns {
	ino_t ino;
	const struct ns_type *type;
	unsigned int holders;           /* enum nslist_holder */
	int nprocs;
	struct nslist_proc *proc;       /* the lowest PID in it, or NULL */
	ino_t parent_ino;               /* pid and user namespaces; 0 if none */
	ino_t owner_ino;                /* owning user namespace; 0 if none */
	struct nslist_ns *parent;       /* the same, when listed */
	struct nslist_ns *owner;
	uid_t owner_uid;                /* NS_GET_OWNER_UID, for nprocs 0 */
	bool has_owner_uid;
	char *path;                     /* a path that opens it when no process
	                                   is in it (mount target, PID/fd/N) */
	char *nsfs;                     /* bind-mount targets, '\n' apart */
};

struct nslist {
	int procfd;                     /* the proc root we read */
	unsigned int kinds;             /* 1 << enum ns_kind to look at */
	unsigned int want;              /* enum nslist_want */
	size_t thread_min;              /* from this many processes on, read
	                                   /proc with one thread per CPU */
	struct nslist_proc *procs;      /* sorted by PID */
	size_t nprocs;
	struct nslist_ns **ns;          /* sorted by inode after nslist_scan */
	size_t nns;
	size_t nscap;
	struct inomap byino;            /* namespaces by inode */
};

/**
 * nslist_init - an empty list that reads @procfd (-1: /proc)
 * @kinds: 1 << enum ns_kind for each type to list
 * @want: enum nslist_want
 */
void nslist_init(struct nslist *l, int procfd, unsigned int kinds,
		 unsigned int want);

/**
 * nslist_scan - read every process and what else holds namespaces
 *
 * Processes that exit meanwhile are left out, as are files we may not
 * read.  Returns 0 or -errno when /proc itself cannot be read.
 */
int nslist_scan(struct nslist *l);

void nslist_free(struct nslist *l);

/** nslist_find - the namespace with inode @ino, or NULL */
struct nslist_ns *nslist_find(const struct nslist *l, ino_t ino);

/**
 * nslist_proc_fill - read what @want (NSLIST_WANT_PPID, NSLIST_WANT_UID,
 * NSLIST_WANT_COMMAND) asks of process @p that is not read yet, and link
 * p->parent
 *
 * Returns 0, or -errno (-ESRCH: the process is gone; the fields stay unset).
 */
int nslist_proc_fill(struct nslist *l, struct nslist_proc *p, unsigned int want);

/** nslist_proc_by_pid - the process @pid in the list, or NULL */
struct nslist_proc *nslist_proc_by_pid(const struct nslist *l, pid_t pid);

/**
 * nslist_open - an O_RDONLY fd of namespace @ns, through its lowest
 * process or the path that holds it; -errno if it is gone
 */
int nslist_open(const struct nslist *l, const struct nslist_ns *ns);

/**
 * nslist_add_fd - add the namespace behind nsfs @fd (and, recursively,
 * its parent and owner when they are not listed yet), or mark it held by
 * @holder too when it is listed
 * @holder: enum nslist_holder that found it
 * @path: a path that opens it (copied), or NULL
 * @out: set to the namespace, if not NULL
 *
 * Returns 0, or -EINVAL (@fd is no namespace), -EMEDIUMTYPE (a kind not
 * asked for), -ENOMEM, or -errno of fstat(2).
 */
int nslist_add_fd(struct nslist *l, int fd, unsigned int holder, const char *path,
		  struct nslist_ns **out);

/* what a /proc/PID/fd (or ns) link names */
enum nslist_fdlink {
	NSLIST_FDLINK_OTHER = 0,        /* a file, pipe, ...: nothing of ours */
	NSLIST_FDLINK_NS,               /* "net:[4026531840]": *kind set */
	NSLIST_FDLINK_SOCKET,           /* "socket:[123]": *kind NULL */
};

/** nslist_parse_fdlink - what the target of a /proc/PID/fd link is, and its inode */
enum nslist_fdlink nslist_parse_fdlink(const char *link, const struct ns_type **kind,
				       ino_t *ino);


#endif

/*
 * netns.h - named network namespaces, on iproute2's contract: a name is an
 * nsfs bind mount in /run/netns (or $NETNS_RUN_DIR), the folder is a shared
 * mount of its own, and `ip netns` and we see each other's names.
 */
#ifndef XNS_NETNS_H
#define XNS_NETNS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define NETNS_DEFAULT_DIR "/run/netns"
#define NETNS_ETC_DIR     "/etc/netns"

/** netns_run_dir - $NETNS_RUN_DIR when set and not empty, else /run/netns */
const char *netns_run_dir(void);

/**
 * netns_name_check - 0 for a name iproute2 accepts, else -EINVAL (empty,
 * ".", "..", a '/') or -ENAMETOOLONG (longer than NAME_MAX)
 */
int netns_name_check(const char *name);

/** netns_path - @dir/@name into @buf; -ENAMETOOLONG when it does not fit */
int netns_path(const char *dir, const char *name, char *buf, size_t len);

/**
 * netns_dir_prepare - make @dir exist and be a shared mount
 *
 * The first time, @dir is bind-mounted onto itself and made shared in a peer
 * group of its own (again, when a kill between the two steps left it in its
 * parent's group), so a name unmounted here is unmounted in every mount
 * namespace that copied it.  That first step runs under flock(@dir), as
 * iproute2's does: parallel first-time adds would otherwise stack mounts on
 * mounts (Debian #949235).  Later calls see a mount root and cost a statx
 * and a read of mountinfo.
 */
int netns_dir_prepare(const char *dir);

enum netns_add_flags {
	NETNS_ADD_STAY  = 1 << 0,    /* stay in it: the caller has no more to do */
};

enum netns_add_result {
	NETNS_ADD_OK = 0,
	NETNS_ADD_CREATE,       /* the name file could not be made (EEXIST: taken); errno */
	NETNS_ADD_UNSHARE,      /* unshare(CLONE_NEWNET) refused; errno */
	NETNS_ADD_MOUNT,        /* the bind mount refused; errno */
	NETNS_ADD_SETUP,        /* @setup failed (lo could not be brought up); errno */
	NETNS_ADD_RETURN,       /* could not go back to our namespace; errno */
};

/**
 * netns_add - name a network namespace @dir/@name
 * @srcfd: the namespace to name (attach), or -1 for a new one
 * @setup: for a new one, called in it once it is named (NULL: none); its
 *         -errno takes the name back (lib/netnsnl's netnsnl_lo_up)
 *
 * The name file is made with O_EXCL, so of two adds of one name exactly one
 * wins; from that file to its mount, netns_delete() waits (a shared flock
 * on @dir), so a delete and an add never leave two mounts on one name.
 * On failure nothing is left: no file, no mount.  The calling thread
 * ends in the namespace it started in, unless NETNS_ADD_STAY (then, after a
 * new namespace, in that one, which saves a setns(2) for a last name).
 * errno says why.
 */
enum netns_add_result netns_add(const char *dir, const char *name, int srcfd,
				unsigned int flags, int (*setup)(void));

/**
 * netns_delete - unmount and remove @dir/@name; -ENOENT when there is no
 * such name.  The namespace lives on while a process is in it.  Waits
 * for adds between their name file and its mount (flock on @dir).
 */
int netns_delete(const char *dir, const char *name);

/**
 * netns_open - an fd of the namespace named @name; -ENOENT for no such
 * name, -EINVAL when the file is not (or no longer) a network namespace
 */
int netns_open(const char *dir, const char *name);

/**
 * netns_list - the names in @dir, in readdir order as ip(8) lists them,
 * malloc'ed (free with netns_list_free); a missing @dir is an empty list
 */
int netns_list(const char *dir, char ***names, size_t *n);
void netns_list_free(char **names, size_t n);

/**
 * netns_find_inode - the next name in @names, from index *@from on, whose
 * file is namespace @dev/@ino (from stat(2) of an nsfs file), or NULL;
 * *@from is moved past it, so a loop finds every name of one namespace
 */
const char *netns_find_inode(const char *dir, char **names, size_t n,
			     dev_t dev, ino_t ino, size_t *from);

/**
 * netns_names_of - call @fn for each name in @dir of the namespace behind
 * @nsfd, in the folder's order; a non-zero @fn stops the walk and is
 * returned
 */
int netns_names_of(const char *dir, int nsfd,
		   int (*fn)(const char *name, void *data), void *data);

/**
 * netns_pids - call @fn for each process of proc root @procfd (-1: /proc)
 * that is in the network namespace behind @nsfd, in /proc's order; a
 * process gone meanwhile is skipped.  A non-zero @fn stops the walk and is
 * returned.
 */
int netns_pids(int procfd, int nsfd, int (*fn)(pid_t pid, void *data), void *data);

/**
 * netns_monitor - call @fn for each name made (@added) or removed in @dir,
 * as they come, until @fn returns non-zero (returned) or an error (-errno).
 * @dir is made when missing, as ip-netns(8) does.
 */
int netns_monitor(const char *dir,
		  int (*fn)(bool added, const char *name, void *data), void *data);

/**
 * netns_switch - what `ip netns exec` does before running the command: join
 * @nsfd, in a private mount namespace (slave to ours), with /sys mounted
 * anew so it shows this namespace's devices.  Returns 0 or -errno.
 */
int netns_switch(int nsfd);

/**
 * netns_bind_etc - bind each /etc/netns/@name/FILE over /etc/FILE (after
 * netns_switch); @fail is called with the target and errno for each one that
 * could not be bound, and the rest go on.  A missing folder is no error.
 */
int netns_bind_etc(const char *name,
		   void (*fail)(const char *target, int err, void *data),
		   void *data);

/**
 * netns_vrf_group - from the text of /proc/PID/cgroup, the cgroup2 group
 * that `ip vrf exec` hangs its VRF groups from ("/a/vrf" for a process in
 * "/a/vrf/red"), into @buf.  Returns 1 when the process is in a VRF's
 * group, 0 (and "") when not, -ENAMETOOLONG, -ENOMEM.
 */
int netns_vrf_group(const char *text, char *buf, size_t len);

/**
 * netns_vrf_reset - what `ip netns exec` does first (iproute2's vrf_reset):
 * a process that `ip vrf exec` put in a VRF's cgroup, whose BPF program
 * binds every new socket to the VRF's device, leaves it for the "vrf" group
 * above, which binds nothing.  Costs one read of /proc/self/cgroup when
 * there is nothing to do.  Returns 1 when moved, 0 when there was nothing
 * to do, -errno (-ENOENT: no cgroup2 mount shows the group).
 */
int netns_vrf_reset(void);

#endif

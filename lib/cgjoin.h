/*
 * cgjoin.h - the cgroup directories a process is in, one per hierarchy, on
 * cgroup v2, v1 and hybrid hosts alike, found through the cgroup mounts of
 * this mount namespace: what a tool needs to put itself beside it.
 */
#ifndef XNS_CGJOIN_H
#define XNS_CGJOIN_H

#include "proccgroup.h"

/**
 * cgjoin_mount_holds - 1 if a mount of @fstype with super options
 * @superopts ("rw,cpu,cpuacct") is the hierarchy of @e, else 0
 */
int cgjoin_mount_holds(const char *fstype, const char *superopts,
		       const struct proccgroup_entry *e);

/**
 * cgjoin_dirs - the directory of each hierarchy a process is in
 * @cgroup: the text of /proc/PID/cgroup
 * @mountinfo: the text of /proc/self/mountinfo
 * @dirs: set to a malloc'ed, NULL-terminated array of malloc'ed paths
 *
 * A hierarchy is found under a mount of it whose root is the process's
 * group or one of its ancestors.  Hierarchies that no mount here shows are
 * left out.  Returns the number of directories (0 is possible), -EINVAL for
 * a malformed @cgroup, or -ENOMEM.
 */
int cgjoin_dirs(const char *cgroup, const char *mountinfo, char ***dirs);

/**
 * cgjoin_read - cgjoin_dirs() for the process whose /proc/PID is @piddir,
 * under the mounts of @procfd's self/mountinfo (-1: /proc)
 *
 * Returns the number of directories or -errno (-ESRCH: the process is gone).
 */
int cgjoin_read(int piddir, int procfd, char ***dirs);

/** cgjoin_free - free what cgjoin_dirs() returned */
void cgjoin_free(char **dirs);

#endif

/*
 * ns.c - the namespace table, and nsfs files: open, identify, persist.
 */
#include "compat.h"
#include "ns.h"
#include "kfile.h"
#include "mountinfo.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>

/*
 * The user namespace comes first: joining it is what grants the capabilities
 * the other setns() calls need when we are unprivileged.  The mount
 * namespace comes last, so that the /proc paths of the others still resolve
 * in the namespace they were looked up in.
 */
const struct ns_type ns_types[NS_NKINDS] = {
	{ NS_USER,   "user",   "user",   NULL, CLONE_NEWUSER,   'U',
	  PIDFD_GET_USER_NAMESPACE, 0 },
	{ NS_CGROUP, "cgroup", "cgroup", NULL, CLONE_NEWCGROUP, 'C',
	  PIDFD_GET_CGROUP_NAMESPACE, 0 },
	{ NS_IPC,    "ipc",    "ipc",    NULL, CLONE_NEWIPC,    'i',
	  PIDFD_GET_IPC_NAMESPACE, 0 },
	{ NS_UTS,    "uts",    "uts",    NULL, CLONE_NEWUTS,    'u',
	  PIDFD_GET_UTS_NAMESPACE, 0 },
	{ NS_NET,    "net",    "net",    NULL, CLONE_NEWNET,    'n',
	  PIDFD_GET_NET_NAMESPACE, 0 },
	{ NS_PID,    "pid",    "pid",    "pid_for_children", CLONE_NEWPID, 'p',
	  PIDFD_GET_PID_NAMESPACE, PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE },
	{ NS_TIME,   "time",   "time",   "time_for_children", CLONE_NEWTIME, 'T',
	  PIDFD_GET_TIME_NAMESPACE, PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE },
	{ NS_MNT,    "mnt",    "mnt",    NULL, CLONE_NEWNS,     'm',
	  PIDFD_GET_MNT_NAMESPACE, 0 },
};

const struct ns_type *ns_type_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NS_NKINDS; i++)
		if (strcmp(ns_types[i].name, name) == 0)
			return &ns_types[i];
	return NULL;
}

const struct ns_type *ns_type_by_flag(int flag)
{
	for (size_t i = 0; i < NS_NKINDS; i++)
		if (ns_types[i].flag == flag)
			return &ns_types[i];
	return NULL;
}

const struct ns_type *ns_type_by_opt(char opt)
{
	for (size_t i = 0; i < NS_NKINDS; i++)
		if (ns_types[i].opt == opt)
			return &ns_types[i];
	return NULL;
}

int ns_all_flags(void)
{
	int flags = 0;

	for (size_t i = 0; i < NS_NKINDS; i++)
		flags |= ns_types[i].flag;
	return flags;
}

int ns_pidfd_open(pid_t pid)
{
	int fd;

	if (pid <= 0)
		return -ESRCH;
	fd = xns_pidfd_open(pid, 0);
	return fd < 0 ? -errno : fd;
}

int ns_pidfd_alive(int pidfd)
{
	if (xns_pidfd_send_signal(pidfd, 0, NULL, 0) < 0)
		return -errno;
	return 0;
}

int ns_pid_path(char *buf, size_t len, int procfd, pid_t pid,
		const struct ns_type *type, bool children)
{
	const char *file;
	int n;

	if (!type || (children && !type->children_file))
		return -EINVAL;
	file = children ? type->children_file : type->file;
	if (pid <= 0)
		n = snprintf(buf, len, "%sself/ns/%s", procfd >= 0 ? "" : "/proc/", file);
	else
		n = snprintf(buf, len, "%s%d/ns/%s", procfd >= 0 ? "" : "/proc/", (int) pid, file);
	return n < 0 || (size_t) n >= len ? -ENAMETOOLONG : 0;
}

int ns_open_pid(int procfd, pid_t pid, int pidfd, const struct ns_type *type,
		bool children)
{
	char path[64];
	unsigned long req;
	int fd;

	if (pid <= 0 || !type)
		return -EINVAL;
	if (children && !type->children_file)
		return -EINVAL;

	/* Through the pidfd itself: no window for the PID to be recycled. */
	req = children ? type->pidfd_children_ioctl : type->pidfd_ioctl;
	if (pidfd >= 0 && req) {
		fd = ioctl(pidfd, req, 0);
		if (fd >= 0)
			return fd;
		if (errno == ESRCH || errno == EPERM || errno == EACCES)
			return -errno;
		/* older kernel (ENOTTY/EINVAL): fall back to /proc below */
	}

	ns_pid_path(path, sizeof(path), procfd, pid, type, children);
	fd = openat(procfd >= 0 ? procfd : AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;

	/*
	 * The file was opened by PID.  If the process the pidfd names still
	 * runs, the PID cannot have been handed to another process meanwhile,
	 * so the namespace is the one we were asked for.
	 */
	if (pidfd >= 0 && ns_pidfd_alive(pidfd) < 0) {
		close(fd);
		return -ESRCH;
	}
	return fd;
}

int ns_fd_is_nsfs(int fd)
{
	struct statfs sfs;

	if (fstatfs(fd, &sfs) < 0)
		return -errno;
	return sfs.f_type == NSFS_MAGIC;
}

int ns_fd_type(int fd, const struct ns_type **type)
{
	int flag = ioctl(fd, NS_GET_NSTYPE);

	*type = NULL;
	if (flag < 0)
		return -errno;
	/* a kind newer than this build: not one it could enter or name */
	*type = ns_type_by_flag(flag);
	return *type ? 0 : -EOPNOTSUPP;
}

int ns_fd_inode(int fd, ino_t *ino)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

int ns_path_inode(const char *path, ino_t *ino)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

int ns_open_path(const char *path, const struct ns_type *want,
		 const struct ns_type **found)
{
	const struct ns_type *type;
	int fd, rc;

	if (found)
		*found = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;

	rc = ns_fd_is_nsfs(fd);
	if (rc <= 0) {
		close(fd);
		return rc < 0 ? rc : -EINVAL;
	}
	rc = ns_fd_type(fd, &type);
	if (found)
		*found = type;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	if (want && type != want) {
		close(fd);
		return -EMEDIUMTYPE;
	}
	return fd;
}

enum ns_persist_result ns_persist(const char *src, const char *target)
{
	enum ns_persist_result res = NS_PERSIST_OK;
	struct stat held, now;
	bool created = true;
	int fd, saved;

	fd = open(target, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0444);
	if (fd < 0 && errno == EEXIST) {
		created = false;
		fd = open(target, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return NS_PERSIST_CREATE;

	/*
	 * Checking the target and mounting on it must be one step, or two runs
	 * persisting onto one file both find it free and both mount.  The lock
	 * on the file we opened orders them; under it, the path must still
	 * lead to that very file, not to a namespace mounted meanwhile.
	 */
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			saved = errno;
			res = NS_PERSIST_MOUNT;
			goto fail;
		}
	if (ns_fd_is_nsfs(fd) == 1 || fstat(fd, &held) < 0 || stat(target, &now) < 0 ||
	    held.st_dev != now.st_dev || held.st_ino != now.st_ino) {
		/* someone else's namespace sits on a file we created: leave it */
		close(fd);
		errno = EBUSY;
		return NS_PERSIST_BUSY;
	}

	if (mount(src, target, "none", MS_BIND, NULL) == 0) {
		close(fd);
		return NS_PERSIST_OK;
	}

	/*
	 * A mnt namespace file may not be copied by propagation (a namespace
	 * could pin itself): on a shared target the whole bind fails, EINVAL.
	 */
	saved = errno;
	res = NS_PERSIST_MOUNT;
	if (saved == EINVAL && mountinfo_is_shared(-1, target) == 1)
		res = NS_PERSIST_SHARED_TARGET;
fail:
	if (created)
		unlink(target);
	close(fd);
	errno = saved;
	return res;
}

int ns_unpersist(const char *target)
{
	if (umount2(target, MNT_DETACH) < 0 && errno != EINVAL)
		return -errno;
	if (unlink(target) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

int ns_time_offset(clockid_t clock, int64_t secs)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%d %lld 0", (int) clock, (long long) secs);
	return kfile_write_str(AT_FDCWD, "/proc/self/timens_offsets", buf);
}

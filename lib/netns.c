/*
 * netns.c - named network namespaces in /run/netns, as iproute2 keeps them.
 *
 * libc only: a tool that merely opens a name (xnsenter --net=NAME) links no
 * netlink library for it.  What needs netlink is lib/netnsnl.
 */
#include "compat.h"
#include "cleanup.h"
#include "kfile.h"
#include "mountinfo.h"
#include "netns.h"
#include "ns.h"
#include "proc.h"
#include "proccgroup.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

const char *netns_run_dir(void)
{
	const char *d = getenv("NETNS_RUN_DIR");

	return d && *d ? d : NETNS_DEFAULT_DIR;
}

int netns_name_check(const char *name)
{
	if (!name || !*name || strchr(name, '/') ||
	    strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	return 0;
}

int netns_path(const char *dir, const char *name, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", dir, name);

	if (n < 0 || (size_t) n >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* 1 when @path is the root of a mount (its id in *@mnt_id), 0 when not, -errno */
static int is_mount_root(const char *path, uint64_t *mnt_id)
{
	struct statx a, b;
	char parent[PATH_MAX];

	if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &a) < 0)
		return -errno;
	*mnt_id = a.stx_mnt_id;
	if (a.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)
		return !!(a.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	/* before Linux 5.8: a mount root sits on another mount than its parent */
	if (netns_path(path, "..", parent, sizeof(parent)) < 0)
		return -ENAMETOOLONG;
	if (statx(AT_FDCWD, parent, 0, STATX_MNT_ID, &b) < 0)
		return -errno;
	return a.stx_mnt_id != b.stx_mnt_id;
}

/* flock(@dir, @how): the fd that holds it, or -errno */
static int dir_lock(const char *dir, int how)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	if (flock(fd, how) < 0) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

int netns_dir_prepare(const char *dir)
{
	bool bound = false;
	uint64_t id;
	int lock, rc;

	/* the folder is there but for the first add: look before making it */
	rc = is_mount_root(dir, &id);
	if (rc == -ENOENT) {
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			return -errno;
		rc = is_mount_root(dir, &id);
	}
	if (rc < 0)
		return rc;
	/* (a mountinfo we cannot read tells nothing: then as before, no repair) */
	if (rc == 1 && mountinfo_in_parents_group(dir) != 1) {
		/* one mount, not the tree: cheap however many names there are */
		return mount("", dir, "none", MS_SHARED, NULL) < 0 ? -errno : 0;
	}

	if ((lock = dir_lock(dir, LOCK_EX)) < 0)
		return lock;
	/* another process may have done it while we waited */
	rc = is_mount_root(dir, &id);
	if (rc == 0) {
		if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) < 0)
			rc = -errno;
		bound = rc == 0;
	}
	/*
	 * A bind mount joins the peer group of its source; made private
	 * first, it is shared afresh below in a group of its own, and names
	 * mounted here do not propagate back onto the parent.  A folder left
	 * in its parent's group by a kill before this step is repaired here.
	 */
	if ((bound || (rc == 1 && mountinfo_in_parents_group(dir) == 1)) &&
	    mount("", dir, "none", MS_PRIVATE, NULL) < 0) {
		rc = -errno;
		if (bound)
			umount2(dir, MNT_DETACH);
	}
	if (rc >= 0)
		rc = mount("", dir, "none", MS_SHARED, NULL) < 0 ? -errno : 0;
	close(lock);
	return rc;
}

enum netns_add_result netns_add(const char *dir, const char *name, int srcfd,
				unsigned int flags, int (*setup)(void))
{
	enum netns_add_result res = NETNS_ADD_OK;
	char path[PATH_MAX], src[64];
	int home = -1, saved = 0, lock, rc;
	bool stay = flags & NETNS_ADD_STAY;

	if (netns_path(dir, name, path, sizeof(path)) < 0) {
		errno = ENAMETOOLONG;
		return NETNS_ADD_CREATE;
	}
	/*
	 * From the name file to its mount, a delete must wait: it would remove
	 * the file we are about to mount on, a second add would make it anew,
	 * and both mounts would stack on it.  Adds share the lock.
	 */
	if ((lock = dir_lock(dir, LOCK_SH)) < 0) {
		errno = -lock;
		return NETNS_ADD_CREATE;
	}
	/* O_CREAT|O_EXCL's file without the fd: of two adds, one gets EEXIST */
	if (mknod(path, S_IFREG, 0) < 0) {
		saved = errno;
		close(lock);
		errno = saved;
		return NETNS_ADD_CREATE;
	}

	if (srcfd >= 0) {
		/* the magic link to an open nsfs file binds that namespace */
		snprintf(src, sizeof(src), "/proc/self/fd/%d", srcfd);
	} else {
		/* the thread's own: the caller may run others in other namespaces */
		snprintf(src, sizeof(src), "/proc/thread-self/ns/%s",
			 ns_type_by_flag(CLONE_NEWNET)->file);
		if (!stay && (home = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
			saved = errno;
			res = NETNS_ADD_UNSHARE;
			goto fail;
		}
		if (unshare(CLONE_NEWNET) < 0) {
			saved = errno;
			res = NETNS_ADD_UNSHARE;
			goto fail;
		}
	}

	if (mount(src, path, "none", MS_BIND, NULL) < 0) {
		saved = errno;
		res = NETNS_ADD_MOUNT;
		goto fail;
	}
	if (srcfd < 0 && setup && (rc = setup()) < 0) {
		saved = -rc;
		res = NETNS_ADD_SETUP;
		umount2(path, MNT_DETACH);
		goto fail;
	}
	close(lock);
	if (home >= 0 && setns(home, CLONE_NEWNET) < 0) {
		/* the name stays: the namespace is made, only we are lost */
		saved = errno;
		close(home);
		errno = saved;
		return NETNS_ADD_RETURN;
	}
	if (home >= 0)
		close(home);
	return NETNS_ADD_OK;

fail:
	unlink(path);
	close(lock);
	if (home >= 0) {
		setns(home, CLONE_NEWNET);
		close(home);
	}
	errno = saved;
	return res;
}

int netns_delete(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int rc, lock;

	if ((rc = netns_path(dir, name, path, sizeof(path))) < 0)
		return rc;
	/* no folder, no name; else wait for the adds in flight (see netns_add) */
	if ((lock = dir_lock(dir, LOCK_EX)) < 0)
		return lock;
	/* no stat first: a missing name fails ns_unpersist's umount2 (ENOENT) */
	rc = ns_unpersist(path);
	close(lock);
	return rc;
}

int netns_open(const char *dir, const char *name)
{
	char path[PATH_MAX];
	int rc;

	if ((rc = netns_path(dir, name, path, sizeof(path))) < 0)
		return rc;
	rc = ns_open_path(path, ns_type_by_flag(CLONE_NEWNET), NULL);
	/* a file not yet bound (an add in flight) is not a namespace either */
	return rc == -EMEDIUMTYPE ? -EINVAL : rc;
}

int netns_list(const char *dir, char ***names, size_t *n)
{
	struct dirent *de;
	char **v = NULL, **nv;
	size_t len = 0, cap = 0;
	DIR *d;
	int rc = 0;

	*names = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((errno = 0, de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				rc = -ENOMEM;
				break;
			}
			v = nv;
		}
		if (!(v[len] = strdup(de->d_name))) {
			rc = -ENOMEM;
			break;
		}
		len++;
	}
	if (rc == 0 && errno)
		rc = -errno;
	closedir(d);
	if (rc < 0) {
		netns_list_free(v, len);
		return rc;
	}
	*names = v;
	*n = len;
	return 0;
}

void netns_list_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

const char *netns_find_inode(const char *dir, char **names, size_t n,
			     dev_t dev, ino_t ino, size_t *from)
{
	char path[PATH_MAX];
	struct stat st;

	for (size_t i = *from; i < n; i++) {
		if (netns_path(dir, names[i], path, sizeof(path)) < 0 ||
		    stat(path, &st) < 0)
			continue;
		if (st.st_ino == ino && st.st_dev == dev) {
			*from = i + 1;
			return names[i];
		}
	}
	*from = n;
	return NULL;
}

int netns_names_of(const char *dir, int nsfd,
		   int (*fn)(const char *name, void *data), void *data)
{
	const char *name;
	struct stat st;
	size_t n, from = 0;
	char **names;
	int rc;

	if (fstat(nsfd, &st) < 0)
		return -errno;
	if ((rc = netns_list(dir, &names, &n)) < 0)
		return rc;
	while (rc == 0 && (name = netns_find_inode(dir, names, n, st.st_dev, st.st_ino, &from)))
		rc = fn(name, data);
	netns_list_free(names, n);
	return rc;
}

int netns_pids(int procfd, int nsfd, int (*fn)(pid_t pid, void *data), void *data)
{
	struct proc_iter it;
	struct stat want, st;
	char path[64];
	pid_t pid;
	int rc;

	if (fstat(nsfd, &want) < 0)
		return -errno;
	if ((rc = proc_iter_open(procfd, &it)) < 0)
		return rc;
	while (rc == 0 && proc_iter_next(&it, &pid) == 1) {
		snprintf(path, sizeof(path), "%s%d/ns/%s",
			 procfd >= 0 ? "" : "/proc/", (int) pid, ns_type_by_flag(CLONE_NEWNET)->file);
		if (fstatat(procfd >= 0 ? procfd : AT_FDCWD, path, &st, 0) == 0 &&
		    st.st_ino == want.st_ino && st.st_dev == want.st_dev)
			rc = fn(pid, data);
	}
	proc_iter_close(&it);
	return rc;
}

int netns_monitor(const char *dir,
		  int (*fn)(bool added, const char *name, void *data), void *data)
{
	char buf[sizeof(struct inotify_event) + NAME_MAX + 1]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	int fd, rc = 0;

	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	fd = inotify_init1(IN_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* a name appears when its file is made, as ip's monitor sees it */
	if (inotify_add_watch(fd, dir, IN_CREATE | IN_DELETE) < 0) {
		rc = -errno;
		goto out;
	}
	while (rc == 0) {
		ssize_t len = read(fd, buf, sizeof(buf));

		if (len < 0 && errno == EINTR)
			continue;
		if (len <= 0) {
			rc = len < 0 ? -errno : -EIO;
			break;
		}
		for (char *p = buf; p < buf + len && rc == 0;) {
			struct inotify_event *ev = (struct inotify_event *) p;

			if (ev->len && (ev->mask & (IN_CREATE | IN_DELETE)))
				rc = fn(ev->mask & IN_CREATE, ev->name, data);
			p += sizeof(*ev) + ev->len;
		}
	}
out:
	close(fd);
	return rc;
}

int netns_switch(int nsfd)
{
	struct statvfs sv;
	unsigned long flags = 0;

	if (setns(nsfd, CLONE_NEWNET) < 0)
		return -errno;
	/* our mounts below must not leak out to the caller's namespace */
	if (unshare(CLONE_NEWNS) < 0)
		return -errno;
	if (mount("", "/", "none", MS_SLAVE | MS_REC, NULL) < 0)
		return -errno;
	/*
	 * sysfs shows the network devices of the namespace that mounted it:
	 * the old /sys would list the host's.  Keep it read-only if it was.
	 */
	if (statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY))
		flags |= MS_RDONLY;
	if (umount2("/sys", MNT_DETACH) < 0 && errno != EINVAL)
		return -errno;
	if (mount("sysfs", "/sys", "sysfs", flags, NULL) < 0)
		return -errno;
	return 0;
}

int netns_bind_etc(const char *name,
		   void (*fail)(const char *target, int err, void *data),
		   void *data)
{
	char dir[PATH_MAX], src[PATH_MAX], dst[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (netns_path(NETNS_ETC_DIR, name, dir, sizeof(dir)) < 0)
		return -ENAMETOOLONG;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (netns_path(dir, de->d_name, src, sizeof(src)) < 0 ||
		    netns_path("/etc", de->d_name, dst, sizeof(dst)) < 0) {
			fail(de->d_name, ENAMETOOLONG, data);
			continue;
		}
		if (mount(src, dst, "none", MS_BIND, NULL) < 0)
			fail(dst, errno, data);
	}
	closedir(d);
	return 0;
}

int netns_vrf_group(const char *text, char *buf, size_t len)
{
	const char *path, *vrf;
	size_t plen, n;

	buf[0] = '\0';
	/* the cgroup2 line: ip vrf exec puts us in a group there */
	if (proccgroup_path(text, NULL, &path, &plen) < 0)
		return 0;
	/* as ip vrf: the first "/vrf/" in the path, the VRF's name after it */
	vrf = memmem(path, plen, "/vrf/", 5);
	if (!vrf || vrf + 5 >= path + plen)
		return 0;
	n = (size_t) (vrf + 4 - path);
	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(buf, path, n);
	buf[n] = '\0';
	return 1;
}

/* @group's folder on the first cgroup2 mount that shows it, malloc'ed */
static int vrf_group_dir(const char *group, char **dir)
{
	_cleanup_free_ char *text = NULL;
	struct mountinfo_entry m;
	char *pos;
	ssize_t n;

	*dir = NULL;
	if ((n = mountinfo_read(-1, &text)) < 0)
		return (int) n;
	pos = text;
	while (!*dir && mountinfo_next(&pos, &m))
		if (strcmp(m.fstype, "cgroup2") == 0)
			mountinfo_path_in(&m, group, dir);
	return *dir ? 0 : -ENOENT;
}

int netns_vrf_reset(void)
{
	_cleanup_free_ char *text = NULL, *dir = NULL;
	char group[PATH_MAX];
	ssize_t n;
	int rc, dfd;

	if ((n = proccgroup_read(-1, 0, &text)) < 0)
		return n == -ENOENT ? 0 : (int) n;  /* no cgroups at all */
	if ((rc = netns_vrf_group(text, group, sizeof(group))) <= 0)
		return rc;
	if ((rc = vrf_group_dir(group, &dir)) < 0)
		return rc;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	/* "0": the writer itself */
	rc = kfile_write_str(dfd, "cgroup.procs", "0");
	close(dfd);
	return rc < 0 ? rc : 1;
}

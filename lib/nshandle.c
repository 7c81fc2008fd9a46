/*
 * nshandle.c - opening a namespace by its kernel ID.
 */
#include "compat.h"
#include "nshandle.h"
#include "mountinfo.h"
#include "proc.h"

#include <fcntl.h>
#include <linux/sockios.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>

/* the kernel's struct nsfs_file_handle (Linux 6.18) */
struct xns_nsfs_file_handle {
	uint64_t ns_id;
	uint32_t ns_type;
	uint32_t ns_inum;
};

int nshandle_id(int fd, uint64_t *id)
{
	uint64_t v;

	if (ioctl(fd, NS_GET_ID, &v) < 0)
		return errno == EINVAL ? -ENOTTY : -errno;
	*id = v;
	return 0;
}

/* @fd (closed when it is not the one) if it is the namespace we look for */
static int keep_if(int fd, const struct ns_type *type, uint64_t id)
{
	const struct ns_type *is;
	uint64_t got = 0;

	if (fd < 0)
		return -1;
	if (ns_fd_type(fd, &is) == 0 && is == type && nshandle_id(fd, &got) == 0 && got == id)
		return fd;
	close(fd);
	return -1;
}

static int open_by_handle(int selffd, const struct ns_type *type, uint64_t id)
{
	union {
		struct file_handle fh;
		unsigned char buf[sizeof(struct file_handle) +
				  sizeof(struct xns_nsfs_file_handle)];
	} h;
	struct xns_nsfs_file_handle nsfh;
	int mount_id;

	/* the handle type (FILEID_NSFS) is not in the uapi headers: ask for it */
	h.fh.handle_bytes = sizeof(nsfh);
	if (name_to_handle_at(selffd, "", &h.fh, &mount_id,
			      AT_EMPTY_PATH | AT_HANDLE_FID) < 0)
		return -1;
	nsfh.ns_id = id;
	nsfh.ns_type = (uint32_t) type->flag;
	nsfh.ns_inum = 0;
	memcpy(h.fh.f_handle, &nsfh, sizeof(nsfh));
	return keep_if(open_by_handle_at(selffd, &h.fh, O_RDONLY | O_CLOEXEC),
		       type, id);
}

static int open_by_process(int procfd, const struct ns_type *type, uint64_t id)
{
	struct proc_iter it;
	pid_t pid;
	int fd = -1;

	if (proc_iter_open(procfd, &it) < 0)
		return -1;
	while (fd < 0 && proc_iter_next(&it, &pid) > 0)
		fd = keep_if(ns_open_pid(procfd, pid, -1, type, false), type, id);
	proc_iter_close(&it);
	return fd;
}

static int open_by_mount(int procfd, const struct ns_type *type, uint64_t id)
{
	struct mountinfo_entry e;
	char *text, *pos;
	int fd = -1;

	if (mountinfo_read(procfd, &text) < 0)
		return -1;
	pos = text;
	while (fd < 0 && mountinfo_next(&pos, &e) > 0)
		if (strcmp(e.fstype, "nsfs") == 0)
			fd = keep_if(open(e.target, O_RDONLY | O_CLOEXEC | O_NOFOLLOW),
				     type, id);
	free(text);
	return fd;
}

int nshandle_open(int procfd, const struct ns_type *type, uint64_t id)
{
	uint64_t self_id = 0;
	int selffd, fd, rc;

	if (!type)
		return -EINVAL;
	/* our own namespace of the type: the mount for the handle, and a probe */
	selffd = ns_open_pid(procfd, getpid(), -1, type, false);
	if (selffd < 0)
		return selffd;
	rc = nshandle_id(selffd, &self_id);
	if (rc < 0) {
		close(selffd);
		return rc;
	}
	if (self_id == id)
		return selffd;
	fd = open_by_handle(selffd, type, id);
	close(selffd);
	if (fd < 0)
		fd = open_by_process(procfd, type, id);
	if (fd < 0)
		fd = open_by_mount(procfd, type, id);
	return fd < 0 ? -ENOENT : fd;
}

int nshandle_from_socket(int pidfd, int fd)
{
	int sk, nsfd, saved;

	sk = (int) syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	if (sk < 0)
		return -errno;
	nsfd = ioctl(sk, SIOCGSKNS);
	saved = errno == ENOTTY ? ENOTSOCK : errno;
	close(sk);
	return nsfd < 0 ? -saved : nsfd;
}

int nshandle_pidfd_is(int pidfd, uint64_t ino)
{
	struct statfs sfs;
	struct stat sb;

	if (fstatfs(pidfd, &sfs) < 0 || fstat(pidfd, &sb) < 0)
		return -errno;
	/*
	 * Before pidfs every pidfd is the one anonymous inode; and the PID
	 * namespace's inode, which earlier versions took too, is the same for
	 * every process in it, a recycled PID's included: it pins nothing.
	 */
	if (sfs.f_type != PID_FS_MAGIC)
		return -EOPNOTSUPP;
	return (uint64_t) sb.st_ino == ino;
}

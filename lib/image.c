/*
 * image.c - probe, loop-attach and mount a filesystem image.
 */
#include "compat.h"
#include "image.h"

#include <blkid.h>
#include <fcntl.h>
#include <libmount.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#ifndef LOOP_CONFIGURE
# define LOOP_CONFIGURE 0x4C0A
struct loop_config {
	__u32 fd;
	__u32 block_size;
	struct loop_info64 info;
	__u64 __reserved[8];
};
#endif

int image_probe(int fd, char *type, size_t len)
{
	const char *value = NULL;
	blkid_probe pr;
	int rc;

	if (fd < 0)
		return -EBADF;
	pr = blkid_new_probe();
	if (!pr)
		return -ENOMEM;
	if (blkid_probe_set_device(pr, fd, 0, 0) < 0) {
		blkid_free_probe(pr);
		return -EIO;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	/* partition tables are not what a root can be mounted from */
	blkid_probe_enable_partitions(pr, 0);
	rc = blkid_do_safeprobe(pr);
	if (rc == 0 && blkid_probe_lookup_value(pr, "TYPE", &value, NULL) == 0 && value)
		snprintf(type, len, "%s", value);
	else if (rc == 0)
		rc = 1;
	blkid_free_probe(pr);
	if (rc == 1)
		return IMAGE_NONE;
	if (rc == -2)
		return IMAGE_AMBIGUOUS;
	return rc < 0 ? -EIO : IMAGE_FOUND;
}

/* LOOP_CONFIGURE (Linux 5.8) does in one step what took two before */
static int loop_configure(int loop, int fd, unsigned int flags)
{
	struct loop_config cfg;
	struct loop_info64 info;

	memset(&cfg, 0, sizeof(cfg));
	cfg.fd = (__u32) fd;
	cfg.info.lo_flags = flags;
	if (ioctl(loop, LOOP_CONFIGURE, &cfg) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOTTY)
		return -errno;
	if (ioctl(loop, LOOP_SET_FD, fd) < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	info.lo_flags = flags;
	if (ioctl(loop, LOOP_SET_STATUS64, &info) < 0) {
		int saved = errno;

		ioctl(loop, LOOP_CLR_FD, 0);
		return -saved;
	}
	return 0;
}

int image_loop_attach(int fd, bool rw, char *dev, size_t len)
{
	unsigned int flags = LO_FLAGS_AUTOCLEAR | (rw ? 0 : LO_FLAGS_READ_ONLY);
	int ctl, rc = -EBUSY;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	/* another process may take the free device first: try again */
	for (int tries = 0; tries < 16 && rc == -EBUSY; tries++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		int loop;

		if (n < 0) {
			rc = -errno;
			break;
		}
		snprintf(dev, len, "/dev/loop%d", n);
		loop = open(dev, (rw ? O_RDWR : O_RDONLY) | O_CLOEXEC);
		if (loop < 0) {
			rc = -errno;
			break;
		}
		rc = loop_configure(loop, fd, flags);
		if (rc == 0) {
			close(ctl);
			return loop;
		}
		close(loop);
	}
	close(ctl);
	return rc;
}

int image_mount(const char *dev, const char *target, const char *fstype, bool rw)
{
	struct libmnt_context *cxt = mnt_new_context();
	int rc;

	if (!cxt)
		return -ENOMEM;
	/* the mount is private to a namespace: no utab, no mount.* helpers */
	mnt_context_disable_mtab(cxt, 1);
	mnt_context_disable_helpers(cxt, 1);
	mnt_context_disable_canonicalize(cxt, 1);
	if (mnt_context_set_source(cxt, dev) < 0 ||
	    mnt_context_set_target(cxt, target) < 0 ||
	    mnt_context_set_fstype(cxt, fstype) < 0 ||
	    mnt_context_set_mflags(cxt, MS_NOSUID | MS_NODEV | (rw ? 0 : MS_RDONLY)) < 0) {
		mnt_free_context(cxt);
		return -ENOMEM;
	}
	/* 0, the mount(2) errno (> 0), or a libmount error (< 0) */
	rc = mnt_context_mount(cxt);
	if (rc != 0 && mnt_context_syscall_called(cxt) &&
	    mnt_context_get_syscall_errno(cxt) > 0)
		rc = -mnt_context_get_syscall_errno(cxt);
	else if (rc > 0)
		rc = -rc;
	mnt_free_context(cxt);
	return rc;
}

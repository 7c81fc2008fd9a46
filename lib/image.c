/*
 * image.c - probe, loop-attach and mount a filesystem image.
 *
 * libblkid and libmount are dlopen'ed when an image is first met: linked,
 * they (and libselinux, which libmount pulls in, with its constructor)
 * would be loaded by every xchroot run, and most run in a directory.
 */
#include "compat.h"
#include "image.h"

#include <blkid.h>
#include <dlfcn.h>
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

/* the calls we make, typed from the libraries' own headers */
static struct {
	bool loaded;
	__typeof__(blkid_new_probe) *blkid_new_probe;
	__typeof__(blkid_free_probe) *blkid_free_probe;
	__typeof__(blkid_probe_set_device) *blkid_probe_set_device;
	__typeof__(blkid_probe_enable_superblocks) *blkid_probe_enable_superblocks;
	__typeof__(blkid_probe_set_superblocks_flags) *blkid_probe_set_superblocks_flags;
	__typeof__(blkid_probe_enable_partitions) *blkid_probe_enable_partitions;
	__typeof__(blkid_do_safeprobe) *blkid_do_safeprobe;
	__typeof__(blkid_probe_lookup_value) *blkid_probe_lookup_value;
	__typeof__(mnt_new_context) *mnt_new_context;
	__typeof__(mnt_free_context) *mnt_free_context;
	__typeof__(mnt_context_disable_mtab) *mnt_context_disable_mtab;
	__typeof__(mnt_context_disable_helpers) *mnt_context_disable_helpers;
	__typeof__(mnt_context_disable_canonicalize) *mnt_context_disable_canonicalize;
	__typeof__(mnt_context_set_source) *mnt_context_set_source;
	__typeof__(mnt_context_set_target) *mnt_context_set_target;
	__typeof__(mnt_context_set_fstype) *mnt_context_set_fstype;
	__typeof__(mnt_context_set_mflags) *mnt_context_set_mflags;
	__typeof__(mnt_context_mount) *mnt_context_mount;
	__typeof__(mnt_context_syscall_called) *mnt_context_syscall_called;
	__typeof__(mnt_context_get_syscall_errno) *mnt_context_get_syscall_errno;
} lib;

static int load_libs(void)
{
	const struct { bool blkid; const char *name; void **fn; } syms[] = {
#define S(b, f) { b, #f, (void **) &lib.f }
		S(true, blkid_new_probe), S(true, blkid_free_probe),
		S(true, blkid_probe_set_device), S(true, blkid_probe_enable_superblocks),
		S(true, blkid_probe_set_superblocks_flags), S(true, blkid_probe_enable_partitions),
		S(true, blkid_do_safeprobe), S(true, blkid_probe_lookup_value),
		S(false, mnt_new_context), S(false, mnt_free_context),
		S(false, mnt_context_disable_mtab), S(false, mnt_context_disable_helpers),
		S(false, mnt_context_disable_canonicalize), S(false, mnt_context_set_source),
		S(false, mnt_context_set_target), S(false, mnt_context_set_fstype),
		S(false, mnt_context_set_mflags), S(false, mnt_context_mount),
		S(false, mnt_context_syscall_called), S(false, mnt_context_get_syscall_errno),
#undef S
	};
	void *blkid, *mnt;

	if (lib.loaded)
		return 0;
	/* the sonames of util-linux since 2.15: the ABI they promise */
	blkid = dlopen("libblkid.so.1", RTLD_NOW | RTLD_LOCAL);
	mnt = dlopen("libmount.so.1", RTLD_NOW | RTLD_LOCAL);
	for (size_t i = 0; blkid && mnt && i < ARRAY_SIZE(syms); i++)
		if (!(*syms[i].fn = dlsym(syms[i].blkid ? blkid : mnt, syms[i].name)))
			break;
	if (!blkid || !mnt || !lib.mnt_context_get_syscall_errno) {
		if (blkid)
			dlclose(blkid);
		if (mnt)
			dlclose(mnt);
		return -ELIBACC;
	}
	/* the handles stay open for the life of the process, as the mount does */
	lib.loaded = true;
	return 0;
}

int image_probe(int fd, char *type, size_t len)
{
	const char *value = NULL;
	blkid_probe pr;
	int rc;

	if (fd < 0)
		return -EBADF;
	if ((rc = load_libs()) < 0)
		return rc;
	pr = lib.blkid_new_probe();
	if (!pr)
		return -ENOMEM;
	if (lib.blkid_probe_set_device(pr, fd, 0, 0) < 0) {
		lib.blkid_free_probe(pr);
		return -EIO;
	}
	lib.blkid_probe_enable_superblocks(pr, 1);
	lib.blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
	/* partition tables are not what a root can be mounted from */
	lib.blkid_probe_enable_partitions(pr, 0);
	rc = lib.blkid_do_safeprobe(pr);
	if (rc == 0 && lib.blkid_probe_lookup_value(pr, "TYPE", &value, NULL) == 0 && value)
		snprintf(type, len, "%s", value);
	else if (rc == 0)
		rc = 1;
	lib.blkid_free_probe(pr);
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
	struct libmnt_context *cxt;
	int rc;

	if ((rc = load_libs()) < 0)
		return rc;
	cxt = lib.mnt_new_context();
	if (!cxt)
		return -ENOMEM;
	/* the mount is private to a namespace: no utab, no mount.* helpers */
	lib.mnt_context_disable_mtab(cxt, 1);
	lib.mnt_context_disable_helpers(cxt, 1);
	lib.mnt_context_disable_canonicalize(cxt, 1);
	if (lib.mnt_context_set_source(cxt, dev) < 0 ||
	    lib.mnt_context_set_target(cxt, target) < 0 ||
	    lib.mnt_context_set_fstype(cxt, fstype) < 0 ||
	    lib.mnt_context_set_mflags(cxt, MS_NOSUID | MS_NODEV | (rw ? 0 : MS_RDONLY)) < 0) {
		lib.mnt_free_context(cxt);
		return -ENOMEM;
	}
	/* 0, the mount(2) errno (> 0), or a libmount error (< 0) */
	rc = lib.mnt_context_mount(cxt);
	if (rc != 0 && lib.mnt_context_syscall_called(cxt) &&
	    lib.mnt_context_get_syscall_errno(cxt) > 0)
		rc = -lib.mnt_context_get_syscall_errno(cxt);
	else if (rc > 0)
		rc = -rc;
	lib.mnt_free_context(cxt);
	return rc;
}

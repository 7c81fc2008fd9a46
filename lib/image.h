/*
 * image.h - a filesystem image as a root: find what filesystem it holds
 * (libblkid), attach it to a loop device that goes away by itself once
 * nothing uses it, and mount it (libmount).
 */
#ifndef XNS_IMAGE_H
#define XNS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>

enum image_probe_result {
	IMAGE_FOUND = 0,
	IMAGE_NONE = 1,        /* no filesystem signature at all */
	IMAGE_AMBIGUOUS = 2,   /* several, and none wins: refuse to guess */
};

/**
 * image_probe - the filesystem type in the file open at @fd ("ext4",
 * "squashfs", ...) into @type.  Returns an image_probe_result or -errno.
 */
int image_probe(int fd, char *type, size_t len);

/**
 * image_loop_attach - attach the file open at @fd to a free loop device,
 * read-only unless @rw, with autoclear: the device detaches itself when
 * its last user (our descriptor, then the mount) lets go.  Returns the
 * open loop device and its path in @dev, or -errno.
 */
int image_loop_attach(int fd, bool rw, char *dev, size_t len);

/**
 * image_mount - mount the @fstype filesystem on @dev at @target, read-only
 * unless @rw, nosuid and nodev.  Returns 0 or -errno.
 */
int image_mount(const char *dev, const char *target, const char *fstype, bool rw);

#endif

/*
 * kfile.h - the kernel's control files (/proc, /sys, cgroupfs), which take
 * a value in one write(2) and act on it as a whole.
 */
#ifndef XNS_KFILE_H
#define XNS_KFILE_H

#include <stddef.h>

/**
 * kfile_write - open @path (relative to @dirfd, or AT_FDCWD) and write
 * @len bytes of @data in a single write(2)
 *
 * A short write is -EIO: these files never take a value in pieces.  Makes
 * no allocation, so it is safe between fork() and exec().  Returns 0 or
 * -errno.
 */
int kfile_write(int dirfd, const char *path, const char *data, size_t len);

/** kfile_write_str - the same for a NUL-terminated @value */
int kfile_write_str(int dirfd, const char *path, const char *value);

#endif

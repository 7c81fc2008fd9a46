/*
 * kfile.c - one-shot writes to the kernel's control files.
 */
#include "compat.h"
#include "kfile.h"

#include <fcntl.h>
#include <string.h>

int kfile_write(int dirfd, const char *path, const char *data, size_t len)
{
	int fd = openat(dirfd, path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	ssize_t n;
	int rc = 0;

	if (fd < 0)
		return -errno;
	n = write(fd, data, len);
	if (n < 0)
		rc = -errno;
	else if ((size_t) n != len)
		rc = -EIO;
	close(fd);
	return rc;
}

int kfile_write_str(int dirfd, const char *path, const char *value)
{
	return kfile_write(dirfd, path, value, strlen(value));
}

/*
 * binfmt.c - binfmt_misc mounts and registrations.
 */
#include "compat.h"
#include "binfmt.h"
#include "kfile.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

int binfmt_mount(const char *mnt)
{
	/* since Linux 6.7 an instance belongs to the mounter's user namespace */
	if (mount("binfmt_misc", mnt, "binfmt_misc", MS_NOSUID | MS_NOEXEC | MS_NODEV, NULL) < 0)
		return -errno;
	return 0;
}

int binfmt_register(const char *mnt, const char *def)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/register", mnt);

	if (n < 0 || (size_t) n >= sizeof(path))
		return -ENAMETOOLONG;
	return kfile_write_str(AT_FDCWD, path, def);
}

bool binfmt_is_fixed(const char *def)
{
	const char *flags = strrchr(def, ':');

	return flags && strchr(flags, 'F');
}

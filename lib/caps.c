/*
 * caps.c - the capability sets, through capget(2)/capset(2) directly.
 */
#include "compat.h"
#include "caps.h"

#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>

int caps_last_cap(void)
{
	char buf[16];
	ssize_t n;
	int fd = open("/proc/sys/kernel/cap_last_cap", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return CAP_LAST_CAP;   /* no /proc: what we were built with */
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return CAP_LAST_CAP;
	buf[n] = '\0';
	return atoi(buf);
}

int caps_permitted_to_ambient(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int last = caps_last_cap();

	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	/* ambient needs each capability in both permitted and inheritable */
	data[0].inheritable = data[0].permitted;
	data[1].inheritable = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	for (int cap = 0; cap <= last && cap < 64; cap++) {
		if (!(data[cap / 32].permitted & (1U << (cap % 32))))
			continue;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, cap, 0, 0) < 0)
			return -errno;
	}
	return 0;
}

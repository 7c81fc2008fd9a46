/*
 * caps.c - the capability sets, through capget(2)/capset(2) directly.
 */
#include "compat.h"
#include "caps.h"

#include <ctype.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>

#ifndef PR_CAP_AMBIENT
# define PR_CAP_AMBIENT 47
# define PR_CAP_AMBIENT_RAISE 2
# define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif

/* capability(7)'s names, by number; Linux 6.x knows 0..40 */
static const char *const names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER",
	"CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST",
	"CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
	"CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

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

int caps_parse(const char *name)
{
	const char *bare;
	char *end;
	long v;

	if (!name || !*name)
		return -EINVAL;
	if (strcasecmp(name, "ALL") == 0)
		return 64;
	if (isdigit((unsigned char) name[0])) {
		errno = 0;
		v = strtol(name, &end, 10);
		if (errno || *end || v < 0 || v > 63)
			return -EINVAL;
		return (int) v;
	}
	bare = strncasecmp(name, "CAP_", 4) == 0 ? name + 4 : name;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcasecmp(names[i] + 4, bare) == 0)
			return (int) i;
	return -EINVAL;
}

const char *caps_name(int cap)
{
	return cap >= 0 && (size_t) cap < ARRAY_SIZE(names) ? names[cap] : NULL;
}

int caps_limit(uint64_t keep)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];
	int last = caps_last_cap();

	if (last < 0)
		return last;
	/* the bounding set first: it takes CAP_SETPCAP, which capset may drop */
	for (int cap = 0; cap <= last && cap < 64; cap++) {
		if ((keep & CAPS_BIT(cap)) || prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == 0 ||
		    errno == EINVAL)
			continue;
		/*
		 * Without CAP_SETPCAP even a drop of one already gone fails:
		 * only that is fine.  Asked after the fact, one call per
		 * capability instead of two on the way that holds it.
		 */
		if (errno != EPERM)
			return -errno;
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) != 0)
			return -EPERM;
	}
	/* ambient capabilities would survive execve(): none of ours may */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return -errno;
	if (syscall(SYS_capget, &hdr, data) < 0)
		return -errno;
	for (int i = 0; i < 2; i++) {
		uint32_t k = (uint32_t) (keep >> (32 * i));

		data[i].effective &= k;
		data[i].permitted &= k;
		data[i].inheritable &= k;
	}
	if (syscall(SYS_capset, &hdr, data) < 0)
		return -errno;
	return 0;
}

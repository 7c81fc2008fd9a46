/*
 * compat.h - what Debian 12's headers (Linux 6.1, glibc 2.36) may lack but a
 * newer running kernel has.  Every fallback lives here, once; code elsewhere
 * uses the names below as if the headers had them.
 */
#ifndef XNS_COMPAT_H
#define XNS_COMPAT_H

#include "config.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#ifdef HAVE_LINUX_NSFS_H
# include <linux/nsfs.h>
#endif

#ifndef CLONE_NEWCGROUP
# define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
# define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_PIDFD
# define CLONE_PIDFD 0x00001000
#endif

#ifndef NSFS_MAGIC
# define NSFS_MAGIC 0x6e736673
#endif
#ifndef PID_FS_MAGIC
# define PID_FS_MAGIC 0x50494446       /* pidfs, Linux 6.9 */
#endif
#ifndef NSIO
# define NSIO 0xb7
#endif
#ifndef NS_GET_USERNS
# define NS_GET_USERNS _IO(NSIO, 0x1)
#endif
#ifndef NS_GET_PARENT
# define NS_GET_PARENT _IO(NSIO, 0x2)
#endif
#ifndef NS_GET_NSTYPE
# define NS_GET_NSTYPE _IO(NSIO, 0x3)
#endif
#ifndef NS_GET_OWNER_UID
# define NS_GET_OWNER_UID _IO(NSIO, 0x4)
#endif

#ifndef NS_GET_ID
# define NS_GET_ID _IOR(NSIO, 0xd, uint64_t)   /* Linux 6.12 */
#endif
#ifndef SIOCGSKNS
# define SIOCGSKNS 0x894C                      /* a socket's net namespace */
#endif
#ifndef AT_HANDLE_FID
# define AT_HANDLE_FID 0x200
#endif
#ifndef STATX_ATTR_MOUNT_ROOT
# define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif
#ifndef LOOP_CONFIGURE
# define LOOP_CONFIGURE 0x4C0A
#endif

/* pidfd ioctls that hand out a namespace fd (Linux 6.11) */
#ifndef PIDFS_IOCTL_MAGIC
# define PIDFS_IOCTL_MAGIC 0xFF
#endif
#ifndef PIDFD_GET_CGROUP_NAMESPACE
# define PIDFD_GET_CGROUP_NAMESPACE            _IO(PIDFS_IOCTL_MAGIC, 1)
# define PIDFD_GET_IPC_NAMESPACE               _IO(PIDFS_IOCTL_MAGIC, 2)
# define PIDFD_GET_MNT_NAMESPACE               _IO(PIDFS_IOCTL_MAGIC, 3)
# define PIDFD_GET_NET_NAMESPACE               _IO(PIDFS_IOCTL_MAGIC, 4)
# define PIDFD_GET_PID_NAMESPACE               _IO(PIDFS_IOCTL_MAGIC, 5)
# define PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE  _IO(PIDFS_IOCTL_MAGIC, 6)
# define PIDFD_GET_TIME_NAMESPACE              _IO(PIDFS_IOCTL_MAGIC, 7)
# define PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE _IO(PIDFS_IOCTL_MAGIC, 8)
# define PIDFD_GET_USER_NAMESPACE              _IO(PIDFS_IOCTL_MAGIC, 9)
# define PIDFD_GET_UTS_NAMESPACE               _IO(PIDFS_IOCTL_MAGIC, 10)
#endif

#ifndef __NR_pidfd_open
# define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
# define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_getfd
# define __NR_pidfd_getfd 438
#endif

static inline int xns_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int) syscall(__NR_pidfd_open, pid, flags);
}

static inline int xns_pidfd_send_signal(int pidfd, int sig, siginfo_t *info,
					unsigned int flags)
{
	return (int) syscall(__NR_pidfd_send_signal, pidfd, sig, info, flags);
}

#ifndef MS_REC
# define MS_REC 16384
#endif
#ifndef MS_SLAVE
# define MS_SLAVE (1 << 19)
#endif

#ifndef ARRAY_SIZE
# define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif /* XNS_COMPAT_H */

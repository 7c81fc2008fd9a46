/*
 * denyfilter.c - classic BPF filters, written out by hand: a few system calls
 * and ioctl requests do not warrant libseccomp.
 */
#include "compat.h"
#include "denyfilter.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/kd.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <termios.h>

#ifndef TIOCLINUX
# define TIOCLINUX 0x541C
#endif

#if defined(__x86_64__)

/* jump from instruction @i to @t when the accumulator equals @k */
#define JEQ_TO(i, k, t) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t) - (i) - 1, 0)
#define LD(off)         BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(v)          BPF_STMT(BPF_RET | BPF_K, (v))
#define X32_BIT         0x40000000U

/*
 * The kernel runs this filter once for every system call number of both
 * ABIs when it is installed (its cache of calls always allowed, about 900
 * runs with the interrupts off): the common case, a number outside
 * 248..250 that is no ioctl, is the shortest path through it.
 */
enum { X32 = 8, I386 = 14, IOCTL = 20, DENY = 26 };

static const struct sock_filter prog[] = {
	/* 0 */ LD(offsetof(struct seccomp_data, arch)),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, I386 - 2),
	/* 2 */ LD(offsetof(struct seccomp_data, nr)),
	/* 3 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_BIT, X32 - 4, 0),
	/* x86_64: keyctl 250, request_key 249, add_key 248, ioctl 16 */
	/* 4 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 250, 2, 0),
	/* 5 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 248, DENY - 6, 0),
	/* 6 */ JEQ_TO(6, 16, IOCTL),
	/* 7 */ RET(SECCOMP_RET_ALLOW),
	/* x32 calls are the 64-bit numbers with one bit set, but for ioctl (514) */
	/* 8 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~X32_BIT),
	/* 9 */ JEQ_TO(9, 514, IOCTL),
	/* 10 */ JEQ_TO(10, 16, IOCTL),
	/* 11 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 250, 1, 0),
	/* 12 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 248, DENY - 13, 0),
	/* 13 */ RET(SECCOMP_RET_ALLOW),
	/* i386: the accumulator still holds the arch */
	/* 14 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 4),
	/* 15 */ LD(offsetof(struct seccomp_data, nr)),
	/* keyctl 288, request_key 287, add_key 286, ioctl 54 */
	/* 16 */ BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, 288, 2, 0),
	/* 17 */ BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 286, DENY - 18, 0),
	/* 18 */ JEQ_TO(18, 54, IOCTL),
	/* 19 */ RET(SECCOMP_RET_ALLOW),
	/* the request is an unsigned int: its low half alone is what counts */
	/* 20 */ LD(offsetof(struct seccomp_data, args[1])),
	/* 21 */ JEQ_TO(21, TIOCSTI, DENY),
	/* 22 */ JEQ_TO(22, TIOCLINUX, DENY),
	/* on a Linux console, a key's string or its map: typed at the next press */
	/* 23 */ JEQ_TO(23, KDSKBSENT, DENY),
	/* 24 */ JEQ_TO(24, KDSKBENT, DENY),
	/* 25 */ RET(SECCOMP_RET_ALLOW),
	/* 26 */ RET(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
};

/*
 * New user namespaces, a second filter for callers that want it.  Root of
 * one holds every capability over the namespaces it makes next, whatever
 * our bounding set: a cgroup namespace of its own lets it mount the
 * host's cgroup hierarchies from its group down, with files that uid 0
 * may write (cgroup.kill, a v1 memory limit).  clone3(2) passes its flags
 * behind a pointer, which a filter cannot read: it fails with ENOSYS, on
 * which libc falls back to clone(2), as under docker's default profile.
 * Every other call returns at once, so the kernel caches them as allowed.
 */
enum { U_I386 = 8, U_ALLOW = 13, U_FLAGS = 14, U_NOSYS = 18 };

static const struct sock_filter userns_prog[] = {
	/* 0 */ LD(offsetof(struct seccomp_data, arch)),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, U_I386 - 2),
	/* 2 */ LD(offsetof(struct seccomp_data, nr)),
	/* x32 has no numbers of its own for these three */
	/* 3 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~X32_BIT),
	/* x86_64: clone 56, unshare 272, clone3 435 */
	/* 4 */ JEQ_TO(4, 56, U_FLAGS),
	/* 5 */ JEQ_TO(5, 272, U_FLAGS),
	/* 6 */ JEQ_TO(6, 435, U_NOSYS),
	/* 7 */ RET(SECCOMP_RET_ALLOW),
	/* 8 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, U_ALLOW - 9),
	/* 9 */ LD(offsetof(struct seccomp_data, nr)),
	/* i386: clone 120, unshare 310, clone3 435 */
	/* 10 */ JEQ_TO(10, 120, U_FLAGS),
	/* 11 */ JEQ_TO(11, 310, U_FLAGS),
	/* 12 */ JEQ_TO(12, 435, U_NOSYS),
	/* 13 */ RET(SECCOMP_RET_ALLOW),
	/* the flags are the first argument of both; CLONE_NEWUSER is in the low half */
	/* 14 */ LD(offsetof(struct seccomp_data, args[0])),
	/* 15 */ BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_NEWUSER, 0, 1),
	/* 16 */ RET(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
	/* 17 */ RET(SECCOMP_RET_ALLOW),
	/* 18 */ RET(SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
};

static int load(const struct sock_filter *filter, size_t len)
{
	struct sock_fprog fprog = {
		.len = (unsigned short) len,
		.filter = (struct sock_filter *) filter,
	};

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0)
		return -errno;
	return 0;
}

int denyfilter_load(unsigned flags)
{
	int rc = load(prog, ARRAY_SIZE(prog));

	if (rc == 0 && (flags & DENYFILTER_USERNS))
		rc = load(userns_prog, ARRAY_SIZE(userns_prog));
	return rc;
}

#else

int denyfilter_load(unsigned flags)
{
	(void) flags;
	return -ENOSYS;
}

#endif

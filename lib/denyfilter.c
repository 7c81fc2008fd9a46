/*
 * denyfilter.c - a classic BPF filter, written out by hand: four system calls
 * and two ioctl requests do not warrant libseccomp.
 */
#include "compat.h"
#include "denyfilter.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
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
enum { X32 = 8, I386 = 14, IOCTL = 20, DENY = 24 };

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
	/* 23 */ RET(SECCOMP_RET_ALLOW),
	/* 24 */ RET(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
};

int denyfilter_load(void)
{
	struct sock_fprog fprog = {
		.len = (unsigned short) ARRAY_SIZE(prog),
		.filter = (struct sock_filter *) prog,
	};

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) < 0)
		return -errno;
	return 0;
}

#else

int denyfilter_load(void)
{
	return -ENOSYS;
}

#endif

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

enum { I386 = 10, ALLOW_I386 = 16, IOCTL = 17, DENY = 21 };

static const struct sock_filter prog[] = {
	/* 0 */ LD(offsetof(struct seccomp_data, arch)),
	/* 1 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, I386 - 2),
	/* 2 */ LD(offsetof(struct seccomp_data, nr)),
	/* x32 calls are the 64-bit numbers with one bit set, but for ioctl (514) */
	/* 3 */ BPF_STMT(BPF_ALU | BPF_AND | BPF_K, ~X32_BIT),
	/* 4 */ JEQ_TO(4, 16, IOCTL),
	/* 5 */ JEQ_TO(5, 514, IOCTL),
	/* 6 */ JEQ_TO(6, 248, DENY),     /* add_key */
	/* 7 */ JEQ_TO(7, 249, DENY),     /* request_key */
	/* 8 */ JEQ_TO(8, 250, DENY),     /* keyctl */
	/* 9 */ RET(SECCOMP_RET_ALLOW),
	/* 10: the accumulator still holds the arch */
	/* 10 */ BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, ALLOW_I386 - 11),
	/* 11 */ LD(offsetof(struct seccomp_data, nr)),
	/* 12 */ JEQ_TO(12, 54, IOCTL),
	/* 13 */ JEQ_TO(13, 286, DENY),
	/* 14 */ JEQ_TO(14, 287, DENY),
	/* 15 */ JEQ_TO(15, 288, DENY),
	/* 16 */ RET(SECCOMP_RET_ALLOW),
	/* the request is an unsigned int: its low half alone is what counts */
	/* 17 */ LD(offsetof(struct seccomp_data, args[1])),
	/* 18 */ JEQ_TO(18, TIOCSTI, DENY),
	/* 19 */ JEQ_TO(19, TIOCLINUX, DENY),
	/* 20 */ RET(SECCOMP_RET_ALLOW),
	/* 21 */ RET(SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA)),
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

/*
 * devfilter.c - a cgroup v2 device program from devices.allow-style
 * rules.  The program sees struct bpf_cgroup_dev_ctx: access_type (the
 * device type in the low 16 bits, the access asked in the high ones),
 * major, minor; it returns 1 to allow, 0 to refuse (EPERM).
 */
#include "compat.h"

#include <linux/bpf.h>
#include <stdlib.h>
#include <string.h>

#include "devfilter.h"

/* the few instructions we emit, encoded as struct bpf_insn is laid out */
static uint64_t insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct bpf_insn i = { .code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm };
	uint64_t v;

	memcpy(&v, &i, sizeof(v));
	return v;
}

#define LDX_W(dst, src, off) insn(BPF_LDX | BPF_W | BPF_MEM, dst, src, off, 0)
#define MOV_REG(dst, src)    insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define AND_IMM(dst, imm)    insn(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, imm)
#define RSH_IMM(dst, imm)    insn(BPF_ALU | BPF_RSH | BPF_K, dst, 0, 0, imm)
#define JNE_IMM(dst, imm, o) insn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, o, imm)
#define MOV_IMM(dst, imm)    insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define EXIT()               insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

static bool is_all(const struct devfilter_rule *r)
{
	return r->type == 'a' && r->major < 0 && r->minor < 0;
}

int devfilter_build(const struct devfilter_rule *rules, size_t n, struct devfilter_prog *p)
{
	size_t first = 0, i, k = 0;
	bool dflt = true;
	uint64_t *v;

	/* a catch-all rule wipes what came before and is the default after */
	for (i = 0; i < n; i++) {
		if (rules[i].type != 'a' && rules[i].type != 'c' && rules[i].type != 'b')
			return -EINVAL;
		if (rules[i].access > 7)
			return -EINVAL;
		if (is_all(&rules[i])) {
			first = i + 1;
			dflt = rules[i].allow;
		}
	}
	/* 6 to load the context, at most 8 per rule, 2 for the default */
	v = calloc(6 + 8 * (n - first) + 2, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[k++] = LDX_W(BPF_REG_2, BPF_REG_1, 0);   /* r2 = type */
	v[k++] = AND_IMM(BPF_REG_2, 0xffff);
	v[k++] = LDX_W(BPF_REG_3, BPF_REG_1, 0);   /* r3 = access */
	v[k++] = RSH_IMM(BPF_REG_3, 16);
	v[k++] = LDX_W(BPF_REG_4, BPF_REG_1, 4);   /* r4 = major */
	v[k++] = LDX_W(BPF_REG_5, BPF_REG_1, 8);   /* r5 = minor; r1 is free now */
	/* the later rule decides: test them last to first, the first match returns */
	for (i = n; i-- > first;) {
		const struct devfilter_rule *r = &rules[i];
		uint64_t block[8];
		size_t b = 0, j;
		unsigned acc = r->access ? r->access : 7;

		if (r->type != 'a')
			block[b++] = JNE_IMM(BPF_REG_2, r->type == 'c' ? BPF_DEVCG_DEV_CHAR :
					     BPF_DEVCG_DEV_BLOCK, 0);
		if (acc != 7) {
			/* every access asked must be one the rule names */
			block[b++] = MOV_REG(BPF_REG_1, BPF_REG_3);
			block[b++] = AND_IMM(BPF_REG_1, (int32_t) (~acc & 7));
			block[b++] = JNE_IMM(BPF_REG_1, 0, 0);
		}
		if (r->major >= 0)
			block[b++] = JNE_IMM(BPF_REG_4, (int32_t) r->major, 0);
		if (r->minor >= 0)
			block[b++] = JNE_IMM(BPF_REG_5, (int32_t) r->minor, 0);
		block[b++] = MOV_IMM(BPF_REG_0, r->allow ? 1 : 0);
		block[b++] = EXIT();
		/* each jump skips to the end of its block */
		for (j = 0; j < b; j++) {
			struct bpf_insn bi;

			memcpy(&bi, &block[j], sizeof(bi));
			if (BPF_CLASS(bi.code) == BPF_JMP && BPF_OP(bi.code) == BPF_JNE) {
				bi.off = (int16_t) (b - j - 1);
				memcpy(&block[j], &bi, sizeof(bi));
			}
		}
		memcpy(v + k, block, b * sizeof(*v));
		k += b;
	}
	v[k++] = MOV_IMM(BPF_REG_0, dflt ? 1 : 0);
	v[k++] = EXIT();
	p->insns = v;
	p->n = k;
	return 0;
}

void devfilter_free(struct devfilter_prog *p)
{
	free(p->insns);
	p->insns = NULL;
	p->n = 0;
}

int devfilter_attach(const struct devfilter_prog *p, int cgroup_fd)
{
	union bpf_attr attr;
	int prog;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	attr.insns = (uint64_t) (uintptr_t) p->insns;
	attr.insn_cnt = (uint32_t) p->n;
	attr.license = (uint64_t) (uintptr_t) "GPL";
	prog = (int) syscall(SYS_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0)
		return -errno;
	memset(&attr, 0, sizeof(attr));
	attr.target_fd = (uint32_t) cgroup_fd;
	attr.attach_bpf_fd = (uint32_t) prog;
	attr.attach_type = BPF_CGROUP_DEVICE;
	attr.attach_flags = BPF_F_ALLOW_MULTI;
	if (syscall(SYS_bpf, BPF_PROG_ATTACH, &attr, sizeof(attr)) < 0) {
		int rc = -errno;

		close(prog);
		return rc;
	}
	return prog;
}

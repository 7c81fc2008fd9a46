/*
 * ociseccomp.c - linux.seccomp through libseccomp.
 */
#include "compat.h"

#include <stdio.h>
#include <string.h>

#include <seccomp.h>

#include "ociseccomp.h"

#ifndef SCMP_ACT_KILL_PROCESS
# define SCMP_ACT_KILL_PROCESS 0x80000000U
#endif

static int action(const char *name, const struct oci_u64 *errno_ret,
		  const struct oci_u64 *default_errno, uint32_t *out)
{
	uint32_t e = errno_ret->has ? (uint32_t) errno_ret->v :
		     default_errno && default_errno->has ? (uint32_t) default_errno->v : EPERM;

	if (!strcmp(name, "SCMP_ACT_KILL") || !strcmp(name, "SCMP_ACT_KILL_THREAD"))
		*out = SCMP_ACT_KILL;
	else if (!strcmp(name, "SCMP_ACT_KILL_PROCESS"))
		*out = SCMP_ACT_KILL_PROCESS;
	else if (!strcmp(name, "SCMP_ACT_TRAP"))
		*out = SCMP_ACT_TRAP;
	else if (!strcmp(name, "SCMP_ACT_ERRNO"))
		*out = SCMP_ACT_ERRNO(e);
	else if (!strcmp(name, "SCMP_ACT_TRACE"))
		*out = SCMP_ACT_TRACE(e);
	else if (!strcmp(name, "SCMP_ACT_ALLOW"))
		*out = SCMP_ACT_ALLOW;
	else if (!strcmp(name, "SCMP_ACT_LOG"))
		*out = SCMP_ACT_LOG;
	else
		return -EINVAL;
	return 0;
}

static int op(const char *name, enum scmp_compare *out)
{
	static const struct { const char *n; enum scmp_compare c; } ops[] = {
		{ "SCMP_CMP_NE", SCMP_CMP_NE }, { "SCMP_CMP_LT", SCMP_CMP_LT },
		{ "SCMP_CMP_LE", SCMP_CMP_LE }, { "SCMP_CMP_EQ", SCMP_CMP_EQ },
		{ "SCMP_CMP_GE", SCMP_CMP_GE }, { "SCMP_CMP_GT", SCMP_CMP_GT },
		{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
	};
	size_t i;

	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(name, ops[i].n)) {
			*out = ops[i].c;
			return 0;
		}
	return -EINVAL;
}

/* "SCMP_ARCH_X86_64" -> libseccomp's "x86_64" */
static uint32_t arch(const char *name)
{
	char low[64];
	size_t i;

	if (strncmp(name, "SCMP_ARCH_", 10) || strlen(name + 10) >= sizeof(low))
		return 0;
	for (i = 0; name[10 + i]; i++)
		low[i] = (char) (name[10 + i] >= 'A' && name[10 + i] <= 'Z' ?
				 name[10 + i] - 'A' + 'a' : name[10 + i]);
	low[i] = '\0';
	return seccomp_arch_resolve_name(low);
}

int ociseccomp_build(const struct oci_seccomp *sc, void **out, char *err, size_t errlen)
{
	scmp_filter_ctx ctx;
	uint32_t def;
	size_t i, j, k;
	int rc;

	err[0] = '\0';
	if (action(sc->default_action, &sc->default_errno_ret, NULL, &def) < 0)
		return snprintf(err, errlen, "defaultAction: unknown %s", sc->default_action), -EINVAL;
	ctx = seccomp_init(def);
	if (!ctx)
		return -ENOMEM;
	for (i = 0; sc->architectures && sc->architectures[i]; i++) {
		uint32_t a = arch(sc->architectures[i]);

		if (!a) {
			snprintf(err, errlen, "architectures: unknown %s", sc->architectures[i]);
			goto inval;
		}
		rc = seccomp_arch_add(ctx, a);
		if (rc < 0 && rc != -EEXIST)
			goto fail;
	}
	for (i = 0; sc->flags && sc->flags[i]; i++) {
		const char *f = sc->flags[i];

		if (!strcmp(f, "SECCOMP_FILTER_FLAG_LOG"))
			rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
		else if (!strcmp(f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW"))
			rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1);
		else if (!strcmp(f, "SECCOMP_FILTER_FLAG_TSYNC"))
			rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
		else {
			snprintf(err, errlen, "flags: unknown %s", f);
			goto inval;
		}
		if (rc < 0)
			goto fail;
	}
	for (i = 0; i < sc->nrules; i++) {
		const struct oci_seccomp_rule *r = &sc->rules[i];
		struct scmp_arg_cmp cmp[6];
		uint32_t act;

		if (action(r->action, &r->errno_ret, &sc->default_errno_ret, &act) < 0) {
			snprintf(err, errlen, "syscalls[%zu].action: unknown %s", i, r->action);
			goto inval;
		}
		if (r->nargs > 6) {
			snprintf(err, errlen, "syscalls[%zu].args: more than 6", i);
			goto inval;
		}
		for (k = 0; k < r->nargs; k++) {
			enum scmp_compare c;

			if (op(r->args[k].op, &c) < 0) {
				snprintf(err, errlen, "syscalls[%zu].args[%zu].op: unknown %s", i, k,
					 r->args[k].op);
				goto inval;
			}
			cmp[k] = (struct scmp_arg_cmp) { r->args[k].index, c, r->args[k].value,
							 r->args[k].value_two };
		}
		/* the default action again is no rule (libseccomp refuses it) */
		if (act == def)
			continue;
		for (j = 0; r->names && r->names[j]; j++) {
			int nr = seccomp_syscall_resolve_name(r->names[j]);

			if (nr == __NR_SCMP_ERROR)
				continue;   /* not on this architecture, as runc skips it */
			rc = seccomp_rule_add_array(ctx, act, nr, (unsigned) r->nargs, cmp);
			if (rc < 0) {
				snprintf(err, errlen, "syscalls[%zu]: %s: %s", i, r->names[j], strerror(-rc));
				goto inval;
			}
		}
	}
	*out = ctx;
	return 0;
inval:
	rc = -EINVAL;
fail:
	seccomp_release(ctx);
	return rc;
}

int ociseccomp_load(void *ctx)
{
	int rc = seccomp_load(ctx);

	seccomp_release(ctx);
	return rc;
}

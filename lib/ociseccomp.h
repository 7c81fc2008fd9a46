/*
 * ociseccomp.h - linux.seccomp of config.json as a libseccomp filter.
 * Built in two steps so that a refusal can still be reported (build) and
 * the filter applies to as little of the runtime as possible (load).
 */
#ifndef XNS_OCISECCOMP_H
#define XNS_OCISECCOMP_H

#include <stddef.h>

#include "ocispec.h"

/**
 * ociseccomp_build - a filter for @sc in *@ctx; an unknown action,
 * architecture, flag, operator or syscall name (unknown names are skipped
 * as runc does, unless none of a rule's names is known) is -EINVAL with
 * the reason in @err.
 */
int ociseccomp_build(const struct oci_seccomp *sc, void **ctx, char *err, size_t errlen);

/** ociseccomp_load - load the filter into the kernel and free it; 0 or -errno */
int ociseccomp_load(void *ctx);

#endif

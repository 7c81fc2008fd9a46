/*
 * binfmt.h - binfmt_misc (Documentation/admin-guide/binfmt-misc.rst): its
 * mount, and registering an interpreter in it.
 */
#ifndef XNS_BINFMT_H
#define XNS_BINFMT_H

#include <stdbool.h>

#define BINFMT_MNT "/proc/sys/fs/binfmt_misc"

/** binfmt_mount - mount a binfmt_misc instance on @mnt; 0 or -errno */
int binfmt_mount(const char *mnt);

/**
 * binfmt_register - write definition @def (":name:type:offset:magic:mask:
 * interpreter:flags") to @mnt/register; 0 or -errno
 */
int binfmt_register(const char *mnt, const char *def);

/**
 * binfmt_is_fixed - whether @def has the F flag: the kernel opens the
 * interpreter when it is registered, so it may live outside a later root
 */
bool binfmt_is_fixed(const char *def);

#endif

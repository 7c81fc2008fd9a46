/*
 * caps.h - capabilities without libcap: the one thing the tools need, to
 * keep what a user namespace granted across execve().
 */
#ifndef XNS_CAPS_H
#define XNS_CAPS_H

/** caps_last_cap - the highest capability this kernel knows, or -errno */
int caps_last_cap(void);

/**
 * caps_permitted_to_ambient - make every permitted capability inheritable
 * and ambient, so that it survives execve() of a non-setuid program
 * (a user namespace grants a full permitted set that execve would drop)
 */
int caps_permitted_to_ambient(void);

#endif

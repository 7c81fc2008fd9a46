/*
 * userspec.h - chroot(1)'s --userspec=USER:GROUP and --groups=G1,G2: split
 * them, then resolve names to IDs: outside the new root through NSS, and
 * inside it from the root's own /etc/passwd and /etc/group read as plain
 * files (chroot(1) looks twice, and inside the names may mean other IDs).
 *
 * Inside, NSS must never be asked: getpwnam() there reads the root's
 * nsswitch.conf and dlopen()s its libnss_*.so.2, code of the new root run
 * by us while still root on the host.
 */
#ifndef XNS_USERSPEC_H
#define XNS_USERSPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct userspec {
	char *user;         /* NULL when not given */
	char *group;        /* NULL when not given */
	bool login_group;   /* "USER:": the user's login group from passwd */
};

enum userspec_result {
	USERSPEC_OK = 0,
	USERSPEC_BAD_USER,         /* not a name or an ID (-1 and overflow too) */
	USERSPEC_NO_USER,          /* no such user */
	USERSPEC_BAD_GROUP,
	USERSPEC_NO_GROUP,         /* no such group */
	USERSPEC_NO_LOGIN_GROUP,   /* numeric user with no passwd entry, no group */
	USERSPEC_ERRNO,            /* out of memory: errno */
};

struct userspec_ids {
	bool has_uid, has_gid;
	uid_t uid;
	gid_t gid;
	char *login;        /* the user's passwd name, for getgrouplist(); or NULL */
};

/*
 * The passwd and group files of a root, read with fgetpwent(3) and
 * fgetgrent(3), which parse the files and load nothing.  NULL members: the
 * file is missing (or not a regular file), and it holds no names.
 */
struct userspec_db {
	FILE *passwd, *group;
};

/**
 * userspec_db_open - open @dir_fd's etc/passwd and etc/group for lookups
 * without NSS.  Call it where @dir_fd is the root the names belong to
 * (after pivot_root(2): "/"), so that symbolic links in etc/ resolve as the
 * command will see them.  A FIFO or a device is not read.  Returns 0 or
 * -errno (a missing file is no error).
 */
int userspec_db_open(struct userspec_db *db, int dir_fd);

void userspec_db_close(struct userspec_db *db);

/**
 * userspec_split - "USER", "USER:GROUP", ":GROUP" or "USER:" into @out
 * (strings allocated; userspec_free() them).  -EINVAL for an empty spec,
 * a lone ":", or more than one ':'; -ENOMEM.
 */
int userspec_split(const char *spec, struct userspec *out);

void userspec_free(struct userspec *s);

/**
 * userspec_resolve - look the names of @s up (numbers are taken as IDs
 * without a lookup).  A user without a group gets its login group, as
 * chroot(1) does.  Returns a userspec_result (a failed lookup is the name's
 * fault, as chroot(1) has it); @out->login is allocated (userspec_ids_free()).
 */
enum userspec_result userspec_resolve(const struct userspec *s, struct userspec_ids *out);

/** userspec_resolve_in - the same with the names of @db, never NSS */
enum userspec_result userspec_resolve_in(const struct userspec *s, const struct userspec_db *db,
					 struct userspec_ids *out);

void userspec_ids_free(struct userspec_ids *ids);

/**
 * userspec_parse_groups - "G1,G2,..." (names or IDs) into a new array in
 * @gids with @n entries.  The empty string is no groups; an empty item
 * ("a,,b") is USERSPEC_BAD_GROUP.  On failure @bad (if not NULL) gets a
 * copy of the item at fault.  Returns a userspec_result.
 */
enum userspec_result userspec_parse_groups(const char *list, gid_t **gids, size_t *n,
					   char **bad);

/** userspec_parse_groups_in - the same with the names of @db, never NSS */
enum userspec_result userspec_parse_groups_in(const char *list, const struct userspec_db *db,
					      gid_t **gids, size_t *n, char **bad);

/**
 * userspec_login_groups - the supplementary groups of @login with @gid
 * among them (getgrouplist(3)), in a new array.  Returns 0 or -errno.
 */
int userspec_login_groups(const char *login, gid_t gid, gid_t **gids, size_t *n);

/**
 * userspec_login_groups_in - the same from @db's group file: @gid first,
 * then every group that lists @login as a member, in file order
 */
int userspec_login_groups_in(const char *login, gid_t gid, const struct userspec_db *db,
			     gid_t **gids, size_t *n);

#endif

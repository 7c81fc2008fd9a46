/*
 * userspec.c - --userspec and --groups, as chroot(1) reads them.
 */
#include "compat.h"
#include "parse.h"
#include "userspec.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------------ */
/* a root's own files, without NSS                                      */

static FILE *open_regular(int dir_fd, const char *path, int *err)
{
	struct stat st;
	FILE *f;
	/* O_NONBLOCK: a FIFO planted as etc/passwd must not hang us */
	int fd = openat(dir_fd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);

	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			*err = -errno;
		return NULL;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "re"))) {
		close(fd);
		return NULL;
	}
	return f;
}

int userspec_db_open(struct userspec_db *db, int dir_fd)
{
	int rc = 0;

	db->passwd = open_regular(dir_fd, "etc/passwd", &rc);
	db->group = open_regular(dir_fd, "etc/group", &rc);
	return rc;
}

void userspec_db_close(struct userspec_db *db)
{
	if (db->passwd)
		fclose(db->passwd);
	if (db->group)
		fclose(db->group);
	db->passwd = db->group = NULL;
}

/* the first passwd entry of @db whose name is @name (or, NULL, uid @uid) */
static struct passwd *db_user(const struct userspec_db *db, const char *name, uid_t uid)
{
	struct passwd *pw;

	if (!db->passwd)
		return NULL;
	rewind(db->passwd);
	while ((pw = fgetpwent(db->passwd)))
		if (name ? strcmp(pw->pw_name, name) == 0 : pw->pw_uid == uid)
			return pw;
	return NULL;
}

static struct group *db_group(const struct userspec_db *db, const char *name)
{
	struct group *gr;

	if (!db->group)
		return NULL;
	rewind(db->group);
	while ((gr = fgetgrent(db->group)))
		if (strcmp(gr->gr_name, name) == 0)
			return gr;
	return NULL;
}

/* a number is an ID without a lookup, as parse_uid() and chroot(1) take it */
static int number(const char *s, uint32_t *v)
{
	int rc;

	if (!s || !*s)
		return -EINVAL;
	rc = parse_u32(s, v);
	if (rc == 0 && *v == UINT32_MAX)   /* (uid_t) -1: "unchanged" */
		return -ERANGE;
	return rc;
}

/* parse_uid() and parse_gid(), from @db when it is given, else NSS */
static int lookup_uid(const struct userspec_db *db, const char *s, uid_t *out)
{
	struct passwd *pw;
	uint32_t v;
	int rc;

	if (!db)
		return parse_uid(s, out);
	rc = number(s, &v);
	if (rc == 0)
		*out = v;
	if (rc != -EINVAL || !s || !*s)
		return rc;
	if (!(pw = db_user(db, s, 0)))
		return -ENOENT;
	*out = pw->pw_uid;
	return 0;
}

static int lookup_gid(const struct userspec_db *db, const char *s, gid_t *out)
{
	struct group *gr;
	uint32_t v;
	int rc;

	if (!db)
		return parse_gid(s, out);
	rc = number(s, &v);
	if (rc == 0)
		*out = v;
	if (rc != -EINVAL || !s || !*s)
		return rc;
	if (!(gr = db_group(db, s)))
		return -ENOENT;
	*out = gr->gr_gid;
	return 0;
}

static struct passwd *user_by_uid(const struct userspec_db *db, uid_t uid)
{
	return db ? db_user(db, NULL, uid) : getpwuid(uid);
}

void userspec_free(struct userspec *s)
{
	free(s->user);
	free(s->group);
	s->user = s->group = NULL;
}

int userspec_split(const char *spec, struct userspec *out)
{
	const char *colon;
	struct userspec s = { NULL, NULL, false };

	if (!spec || !*spec)
		return -EINVAL;
	colon = strchr(spec, ':');
	if (colon && strchr(colon + 1, ':'))
		return -EINVAL;
	if (colon == spec && !colon[1])
		return -EINVAL;
	if (colon != spec) {
		s.user = colon ? strndup(spec, (size_t) (colon - spec)) : strdup(spec);
		if (!s.user)
			return -ENOMEM;
	}
	if (colon && colon[1]) {
		s.group = strdup(colon + 1);
		if (!s.group) {
			userspec_free(&s);
			return -ENOMEM;
		}
	}
	s.login_group = colon && !colon[1];
	*out = s;
	return 0;
}

void userspec_ids_free(struct userspec_ids *ids)
{
	free(ids->login);
	ids->login = NULL;
}

static enum userspec_result resolve(const struct userspec *s, const struct userspec_db *db,
				    struct userspec_ids *out)
{
	struct userspec_ids ids = { .has_uid = false };
	struct passwd *pw = NULL;
	int rc;

	if (s->user) {
		rc = lookup_uid(db, s->user, &ids.uid);
		if (rc == -ENOENT)
			return USERSPEC_NO_USER;
		if (rc < 0)
			return USERSPEC_BAD_USER;
		ids.has_uid = true;
		/* the login name is what getgrouplist() needs, numeric or not */
		pw = user_by_uid(db, ids.uid);
		if (pw && !(ids.login = strdup(pw->pw_name)))
			return USERSPEC_ERRNO;
	}
	if (s->group) {
		rc = lookup_gid(db, s->group, &ids.gid);
		if (rc < 0) {
			userspec_ids_free(&ids);
			return rc == -ENOENT ? USERSPEC_NO_GROUP : USERSPEC_BAD_GROUP;
		}
		ids.has_gid = true;
	} else if (ids.has_uid) {
		if (!pw) {
			userspec_ids_free(&ids);
			return USERSPEC_NO_LOGIN_GROUP;
		}
		ids.gid = pw->pw_gid;
		ids.has_gid = true;
	}
	*out = ids;
	return USERSPEC_OK;
}

enum userspec_result userspec_resolve(const struct userspec *s, struct userspec_ids *out)
{
	return resolve(s, NULL, out);
}

enum userspec_result userspec_resolve_in(const struct userspec *s, const struct userspec_db *db,
					 struct userspec_ids *out)
{
	return resolve(s, db, out);
}

static enum userspec_result parse_groups(const char *list, const struct userspec_db *db,
					 gid_t **gids, size_t *n, char **bad)
{
	gid_t *v = NULL;
	size_t count = 0;
	const char *p = list;

	if (bad)
		*bad = NULL;
	if (!list)
		return USERSPEC_BAD_GROUP;
	/* the empty list is no groups at all */
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t) (comma - p) : strlen(p);
		char *item = strndup(p, len);
		gid_t *grown;
		int rc;

		if (!item) {
			free(v);
			errno = ENOMEM;
			return USERSPEC_ERRNO;
		}
		grown = realloc(v, (count + 1) * sizeof(*v));
		if (!grown) {
			free(item);
			free(v);
			errno = ENOMEM;
			return USERSPEC_ERRNO;
		}
		v = grown;
		rc = len ? lookup_gid(db, item, &v[count]) : -EINVAL;
		if (rc < 0) {
			free(v);
			if (bad)
				*bad = item;
			else
				free(item);
			return rc == -ENOENT ? USERSPEC_NO_GROUP : USERSPEC_BAD_GROUP;
		}
		free(item);
		count++;
		if (!comma)
			break;
		p = comma + 1;
		if (!*p) {
			/* "a,": an empty last item */
			free(v);
			if (bad)
				*bad = strdup("");
			return USERSPEC_BAD_GROUP;
		}
	}
	*gids = v;
	*n = count;
	return USERSPEC_OK;
}

enum userspec_result userspec_parse_groups(const char *list, gid_t **gids, size_t *n,
					   char **bad)
{
	return parse_groups(list, NULL, gids, n, bad);
}

enum userspec_result userspec_parse_groups_in(const char *list, const struct userspec_db *db,
					      gid_t **gids, size_t *n, char **bad)
{
	return parse_groups(list, db, gids, n, bad);
}

int userspec_login_groups_in(const char *login, gid_t gid, const struct userspec_db *db,
			     gid_t **gids, size_t *n)
{
	gid_t *v = malloc(sizeof(*v));
	size_t count = 1;
	struct group *gr;

	if (!v)
		return -ENOMEM;
	v[0] = gid;
	if (db->group)
		rewind(db->group);
	while (db->group && (gr = fgetgrent(db->group))) {
		bool member = false;
		gid_t *grown;

		for (char **m = gr->gr_mem; m && *m && !member; m++)
			member = strcmp(*m, login) == 0;
		for (size_t i = 0; member && i < count; i++)
			member = v[i] != gr->gr_gid;   /* each group once */
		if (!member)
			continue;
		if (count >= 65536 || !(grown = realloc(v, (count + 1) * sizeof(*v)))) {
			free(v);
			return count >= 65536 ? -E2BIG : -ENOMEM;
		}
		v = grown;
		v[count++] = gr->gr_gid;
	}
	*gids = v;
	*n = count;
	return 0;
}

int userspec_login_groups(const char *login, gid_t gid, gid_t **gids, size_t *n)
{
	int want = 16;

	for (;;) {
		gid_t *v = malloc((size_t) want * sizeof(*v));
		int got = want;

		if (!v)
			return -ENOMEM;
		if (getgrouplist(login, gid, v, &got) >= 0) {
			*gids = v;
			*n = (size_t) got;
			return 0;
		}
		free(v);
		/* glibc sets @got to the size it needs */
		if (got <= want)
			want *= 2;
		else
			want = got;
		if (want > 65536)
			return -E2BIG;
	}
}

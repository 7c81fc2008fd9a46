/*
 * userspec.c - --userspec and --groups, as chroot(1) reads them.
 */
#include "compat.h"
#include "parse.h"
#include "userspec.h"

#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

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

enum userspec_result userspec_resolve(const struct userspec *s, struct userspec_ids *out)
{
	struct userspec_ids ids = { .has_uid = false };
	struct passwd *pw = NULL;
	int rc;

	if (s->user) {
		rc = parse_uid(s->user, &ids.uid);
		if (rc == -ENOENT)
			return USERSPEC_NO_USER;
		if (rc < 0)
			return USERSPEC_BAD_USER;
		ids.has_uid = true;
		/* the login name is what getgrouplist() needs, numeric or not */
		pw = getpwuid(ids.uid);
		if (pw && !(ids.login = strdup(pw->pw_name)))
			return USERSPEC_NO_USER;
	}
	if (s->group) {
		rc = parse_gid(s->group, &ids.gid);
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

int userspec_parse_groups(const char *list, gid_t **gids, size_t *n, char **bad)
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
			return -ENOMEM;
		}
		grown = realloc(v, (count + 1) * sizeof(*v));
		if (!grown) {
			free(item);
			free(v);
			return -ENOMEM;
		}
		v = grown;
		rc = len ? parse_gid(item, &v[count]) : -EINVAL;
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

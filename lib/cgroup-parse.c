/*
 * cgroup-parse.c - the command-line forms of cgroup settings.
 */
#include "compat.h"
#include "cgroup-parse.h"
#include "parse.h"

#include <stdio.h>
#include <string.h>

int cgroup_parse_spec(const char *s, unsigned *ctrls, const char **path)
{
	const char *colon, *p, *e;
	unsigned mask = 0;
	int c;

	if (!s || !(colon = strchr(s, ':')))
		return -EINVAL;
	if (colon - s == 1 && s[0] == '*') {
		mask = CGROUP_ALL;
	} else {
		for (p = s;; p = e + 1) {
			e = memchr(p, ',', (size_t) (colon - p));
			if (!e)
				e = colon;
			c = cgroup_ctrl_lookup(p, (size_t) (e - p));
			if (c < 0)
				return -EINVAL;
			mask |= CGROUP_BIT(c);
			if (e == colon)
				break;
		}
	}
	if (!mask || !cgroup_valid_path(colon + 1))
		return -EINVAL;
	*ctrls = mask;
	*path = colon + 1;
	return 0;
}

static int io_value(const char *key, const char *v, uint64_t *out)
{
	int rc;

	if (!strcmp(v, "max")) {
		*out = CGROUP_LIMIT_MAX;
		return 0;
	}
	rc = strstr(key, "bps") ? parse_size(v, out) : parse_u64(v, out);
	if (rc < 0)
		return rc;
	/* 0 would stop all I/O on v2 and lift the limit on v1: refuse it */
	if (*out == 0 || *out >= CGROUP_UNSET)
		return -ERANGE;
	return 0;
}

int cgroup_parse_io_max(const char *s, struct cgroup_io_max *io)
{
	struct cgroup_io_max r;
	const char *eq, *colon = NULL, *p;
	char tok[64], *val;
	size_t n;
	int rc;

	if (!s || !(eq = strchr(s, '=')))
		return -EINVAL;
	for (p = s; p < eq; p++)
		if (*p == ':')
			colon = p;
	if (!colon || colon == s || (size_t) (colon - s) >= sizeof(r.dev))
		return -EINVAL;
	memset(&r, 0, sizeof(r));
	memcpy(r.dev, s, (size_t) (colon - s));
	if (r.dev[0] != '/') {
		unsigned maj, min;
		int used = 0;

		if (strspn(r.dev, "0123456789:") != strlen(r.dev) ||
		    sscanf(r.dev, "%u:%u%n", &maj, &min, &used) != 2 ||
		    (size_t) used != strlen(r.dev) || r.dev[0] == ':')
			return -EINVAL;
	}
	r.rbps = r.wbps = r.riops = r.wiops = CGROUP_UNSET;
	for (p = colon + 1; *p; p += n + 1) {
		n = strcspn(p, ", ");
		if (!n || n >= sizeof(tok))
			return -EINVAL;
		/* a separator must be followed by another limit */
		if (p[n] && !p[n + 1])
			return -EINVAL;
		memcpy(tok, p, n);
		tok[n] = '\0';
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(tok, "rbps"))
			rc = io_value(tok, val, &r.rbps);
		else if (!strcmp(tok, "wbps"))
			rc = io_value(tok, val, &r.wbps);
		else if (!strcmp(tok, "riops"))
			rc = io_value(tok, val, &r.riops);
		else if (!strcmp(tok, "wiops"))
			rc = io_value(tok, val, &r.wiops);
		else
			rc = -EINVAL;
		if (rc < 0)
			return rc;
		if (!p[n])
			break;
	}
	if (r.rbps == CGROUP_UNSET && r.wbps == CGROUP_UNSET &&
	    r.riops == CGROUP_UNSET && r.wiops == CGROUP_UNSET)
		return -EINVAL;
	*io = r;
	return 0;
}

/* NR_CPUS and MAX_NUMNODES stay below this on every architecture */
#define CPUSET_LIMIT 8192

static int cpuset_number(const char **p, unsigned *v)
{
	unsigned long n = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return -EINVAL;
	while (*s >= '0' && *s <= '9') {
		n = n * 10 + (unsigned long) (*s - '0');
		if (n >= CPUSET_LIMIT)
			return -ERANGE;
		s++;
	}
	*v = (unsigned) n;
	*p = s;
	return 0;
}

int cgroup_parse_cpuset(const char *s, char *out, size_t len)
{
	size_t off = 0;
	unsigned a, b;
	int rc, w;

	if (!s || !*s || !len)
		return -EINVAL;
	while (*s) {
		rc = cpuset_number(&s, &a);
		if (rc < 0)
			return rc;
		b = a;
		if (*s == '-') {
			s++;
			rc = cpuset_number(&s, &b);
			if (rc < 0)
				return rc;
			if (b < a)
				return -EINVAL;
		}
		if (*s == ',') {
			s++;
			if (!*s)
				return -EINVAL;
		} else if (*s) {
			return -EINVAL;
		}
		w = a == b ? snprintf(out + off, len - off, "%s%u", off ? "," : "", a)
			   : snprintf(out + off, len - off, "%s%u-%u", off ? "," : "", a, b);
		if (w < 0 || (size_t) w >= len - off)
			return -ERANGE;
		off += (size_t) w;
	}
	return 0;
}
int cgroup_cpu_quota(uint64_t ppm, uint64_t *quota_us, uint64_t *period_us)
{
	const uint64_t period = 100000;
	uint64_t quota;

	/* the kernel takes at most 2^44 ns ~ 17592 s per period (max_cfs_runtime) */
	if (ppm > UINT64_C(1000000) * 100000)
		return -ERANGE;
	quota = ppm * period / 1000000;
	if (quota < 1000 || quota > UINT64_C(17592186044))
		return -ERANGE;
	*quota_us = quota;
	*period_us = period;
	return 0;
}

const char *cgroup_format_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (v && !(v & 1023) && u < 5) {
		v >>= 10;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long) v);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long) v, units[u]);
	return buf;
}

int cgroup_split_spec(const char *s, const char **ctrls, size_t *len,
		      const char **path)
{
	const char *colon, *p;
	size_t n;

	if (!s || !(colon = strchr(s, ':')) || !cgroup_valid_path(colon + 1))
		return -EINVAL;
	/* no empty word: "a,,b", ",a" and "a," are typing errors */
	for (p = s; p < colon; p += n + 1) {
		n = strcspn(p, ",:");
		if (!n)
			return -EINVAL;
		if (p[n] == ':')
			break;
	}
	*ctrls = s;
	*len = (size_t) (colon - s);
	*path = colon + 1;
	return 0;
}

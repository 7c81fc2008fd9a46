/*
 * parse.c - strict command-line value parsers.
 */
#include "compat.h"
#include "parse.h"

#include <ctype.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PID_MAX_LIMIT (4 * 1024 * 1024)

/* digits only: strtoull alone would take " 12", "+12" and "-1" */
static int digits(const char *s, const char **end, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	if (!isdigit((unsigned char) *p))
		return -EINVAL;
	for (; isdigit((unsigned char) *p); p++) {
		unsigned d = (unsigned) (*p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*end = p;
	*out = v;
	return 0;
}

int parse_u64(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;
	int rc;

	if (!s)
		return -EINVAL;
	rc = digits(s, &end, &v);
	if (rc < 0)
		return rc;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

int parse_u32(const char *s, uint32_t *out)
{
	uint64_t v;
	int rc = parse_u64(s, &v);

	if (rc < 0)
		return rc;
	if (v > UINT32_MAX)
		return -ERANGE;
	*out = (uint32_t) v;
	return 0;
}

int parse_pid(const char *s, pid_t *out)
{
	uint64_t v;
	int rc = parse_u64(s, &v);

	if (rc < 0)
		return rc;
	if (v == 0)
		return -EINVAL;
	if (v > PID_MAX_LIMIT)
		return -ERANGE;
	*out = (pid_t) v;
	return 0;
}

int parse_uid(const char *s, uid_t *out)
{
	uint32_t v;
	struct passwd *pw;
	int rc;

	if (!s || !*s)
		return -EINVAL;
	rc = parse_u32(s, &v);
	if (rc == 0) {
		if (v == UINT32_MAX)   /* (uid_t) -1 means "unchanged" to the kernel */
			return -ERANGE;
		*out = v;
		return 0;
	}
	if (rc == -ERANGE)
		return rc;
	errno = 0;
	pw = getpwnam(s);
	if (!pw)
		return errno && errno != ENOENT ? -errno : -ENOENT;
	*out = pw->pw_uid;
	return 0;
}

int parse_gid(const char *s, gid_t *out)
{
	uint32_t v;
	struct group *gr;
	int rc;

	if (!s || !*s)
		return -EINVAL;
	rc = parse_u32(s, &v);
	if (rc == 0) {
		if (v == UINT32_MAX)
			return -ERANGE;
		*out = v;
		return 0;
	}
	if (rc == -ERANGE)
		return rc;
	errno = 0;
	gr = getgrnam(s);
	if (!gr)
		return errno && errno != ENOENT ? -errno : -ENOENT;
	*out = gr->gr_gid;
	return 0;
}

/*
 * An integer part and up to nine decimal places, as a value scaled by
 * 10^9, so that "1.5" and the unit multiply without floating point.
 */
static int decimal(const char *s, const char **end, uint64_t *whole,
		   uint64_t *nano)
{
	const char *p;
	uint64_t frac = 0, scale = 100000000;
	int rc;

	rc = digits(s, &p, whole);
	if (rc < 0)
		return rc;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char) *p))
			return -EINVAL;
		for (; isdigit((unsigned char) *p); p++) {
			frac += (uint64_t) (*p - '0') * scale;
			scale /= 10;
		}
	}
	*end = p;
	*nano = frac;
	return 0;
}

/* whole * mult + nano * mult / 1e9, with overflow checks */
static int scale_value(uint64_t whole, uint64_t nano, uint64_t mult,
		       uint64_t *out)
{
	uint64_t v, f;

	if (whole && mult > UINT64_MAX / whole)
		return -ERANGE;
	v = whole * mult;
	/* nano < 1e9; split mult to keep nano * mult from overflowing */
	f = (nano * (mult % 1000000000ULL)) / 1000000000ULL +
	    nano * (mult / 1000000000ULL);
	if (v > UINT64_MAX - f)
		return -ERANGE;
	*out = v + f;
	return 0;
}

int parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMGTPE";
	uint64_t whole, nano, mult = 1;
	const char *p, *u;
	int rc;

	if (!s)
		return -EINVAL;
	rc = decimal(s, &p, &whole, &nano);
	if (rc < 0)
		return rc;
	if (*p) {
		u = strchr(units, toupper((unsigned char) *p));
		if (!u)
			return -EINVAL;
		for (long i = 0; i <= u - units; i++)
			mult *= 1024;
		p++;
		if (strcmp(p, "iB") == 0 || strcmp(p, "B") == 0 || strcmp(p, "b") == 0)
			p += strlen(p);
		if (*p)
			return -EINVAL;
	} else if (nano) {
		return -EINVAL;          /* "1.5" bytes */
	}
	return scale_value(whole, nano, mult, out);
}

int parse_duration(const char *s, uint64_t *ns)
{
	static const struct { const char *unit; uint64_t mult; } units[] = {
		{ "",   1000000000ULL }, { "s",  1000000000ULL },
		{ "ms", 1000000ULL },    { "us", 1000ULL }, { "ns", 1ULL },
		{ "m",  60000000000ULL }, { "min", 60000000000ULL },
		{ "h",  3600000000000ULL }, { "d", 86400000000000ULL },
	};
	uint64_t whole, nano;
	const char *p;
	int rc;

	if (!s)
		return -EINVAL;
	rc = decimal(s, &p, &whole, &nano);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < ARRAY_SIZE(units); i++)
		if (strcmp(p, units[i].unit) == 0)
			return scale_value(whole, nano, units[i].mult, ns);
	return -EINVAL;
}

int parse_fraction(const char *s, uint64_t *ppm)
{
	uint64_t whole, nano;
	const char *p;
	int rc;

	if (!s)
		return -EINVAL;
	rc = decimal(s, &p, &whole, &nano);
	if (rc < 0)
		return rc;
	if (*p)
		return -EINVAL;
	return scale_value(whole, nano, 1000000, ppm);
}

static const struct { const char *name; int sig; } signames[] = {
	{ "HUP", SIGHUP },   { "INT", SIGINT },   { "QUIT", SIGQUIT },
	{ "ILL", SIGILL },   { "TRAP", SIGTRAP }, { "ABRT", SIGABRT },
	{ "IOT", SIGIOT },   { "BUS", SIGBUS },   { "FPE", SIGFPE },
	{ "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM },
	{ "TERM", SIGTERM }, { "STKFLT", SIGSTKFLT }, { "CHLD", SIGCHLD },
	{ "CLD", SIGCHLD },  { "CONT", SIGCONT }, { "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP }, { "TTIN", SIGTTIN }, { "TTOU", SIGTTOU },
	{ "URG", SIGURG },   { "XCPU", SIGXCPU }, { "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM }, { "PROF", SIGPROF }, { "WINCH", SIGWINCH },
	{ "IO", SIGIO },     { "POLL", SIGPOLL }, { "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};

int parse_signal(const char *s, int *sig)
{
	uint64_t v;
	int rc;

	if (!s || !*s)
		return -EINVAL;
	rc = parse_u64(s, &v);
	if (rc == 0 || rc == -ERANGE) {
		if (rc < 0 || v < 1 || v > (uint64_t) SIGRTMAX)
			return -ERANGE;
		*sig = (int) v;
		return 0;
	}
	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (size_t i = 0; i < ARRAY_SIZE(signames); i++)
		if (strcasecmp(s, signames[i].name) == 0) {
			*sig = signames[i].sig;
			return 0;
		}
	if (strncasecmp(s, "RTMIN", 5) == 0 || strncasecmp(s, "RTMAX", 5) == 0) {
		bool max = toupper((unsigned char) s[3]) == 'A';
		int base = max ? SIGRTMAX : SIGRTMIN, n = 0;

		s += 5;
		if (*s) {
			if ((max && *s != '-') || (!max && *s != '+'))
				return -EINVAL;
			rc = parse_u64(s + 1, &v);
			if (rc < 0)
				return rc;
			if (v > (uint64_t) (SIGRTMAX - SIGRTMIN))
				return -ERANGE;
			n = (int) v;
		}
		*sig = max ? base - n : base + n;
		return 0;
	}
	return -EINVAL;
}

const char *signal_name(int sig, char *buf, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(signames); i++)
		if (signames[i].sig == sig) {
			snprintf(buf, len, "%s", signames[i].name);
			return buf;
		}
	if (sig >= SIGRTMIN && sig <= SIGRTMAX) {
		if (sig == SIGRTMIN)
			snprintf(buf, len, "RTMIN");
		else
			snprintf(buf, len, "RTMIN+%d", sig - SIGRTMIN);
		return buf;
	}
	return NULL;
}

int parse_s64(const char *s, int64_t *out)
{
	bool neg = false;
	uint64_t v;
	int rc;

	if (!s)
		return -EINVAL;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	rc = parse_u64(s, &v);
	if (rc < 0)
		return rc;
	if (v > (uint64_t) INT64_MAX + neg)
		return -ERANGE;
	*out = neg ? (int64_t) (0 - v) : (int64_t) v;
	return 0;
}

/* fuzz-sources: lib/parse.c */
/*
 * fuzz_parse.c - the command-line value parsers of lib/parse.c on any
 * bytes, and parse_u64/parse_s64 against strtoull/strtoll where both
 * apply.  Each parser gets a NUL-terminated copy of the input, as it would
 * from argv, so that a read past the end shows up as an ASan error.
 */
#include "compat.h"
#include "parse.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v, ref;
	int64_t sv;
	long long sref;
	pid_t pid;
	int rc;
	uid_t uid;
	int sig;
	char name[32];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	/* against libc, on the strings both should take: digits, one sign */
	rc = parse_u64(s, &v);
	if (size > 0 && strspn(s, "0123456789") == size) {
		errno = 0;
		ref = strtoull(s, NULL, 10);
		if (rc != (errno == ERANGE ? -ERANGE : 0) || (rc == 0 && v != ref))
			abort();
	}
	rc = parse_s64(s, &sv);
	if (size > 1 && s[0] && strchr("+-0123456789", s[0]) &&
	    strspn(s + 1, "0123456789") == size - 1) {
		errno = 0;
		sref = strtoll(s, NULL, 10);
		if (rc != (errno == ERANGE ? -ERANGE : 0) || (rc == 0 && sv != sref))
			abort();
	}
	parse_pid(s, &pid);
	parse_size(s, &v);
	parse_duration(s, &v);
	parse_fraction(s, &v);
	if (parse_signal(s, &sig) == 0) {
		/* whatever it accepts must be a signal signal_name() can name */
		if (sig < 1 || sig > SIGRTMAX)
			abort();
		signal_name(sig, name, sizeof(name));
	}
	/*
	 * A name goes to getpwnam(), which reads /etc/passwd and asks
	 * systemd-userdb on every call, at a hundredth of the speed, and is
	 * not our code: only digit strings reach parse_uid() here.
	 */
	if (strspn(s, "0123456789") == size)
		parse_uid(s, &uid);
	free(s);
	return 0;
}

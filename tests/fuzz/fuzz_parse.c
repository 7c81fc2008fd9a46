/* fuzz-sources: lib/parse.c */
/*
 * fuzz_parse.c - the command-line value parsers of lib/parse.c on any
 * bytes.  Each parser gets a NUL-terminated copy of the input, as it would
 * from argv, so that a read past the end shows up as an ASan error.
 */
#include "compat.h"
#include "parse.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	uint64_t v;
	pid_t pid;
	uid_t uid;
	int sig;
	char name[32];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	parse_u64(s, &v);
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

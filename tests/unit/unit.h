/*
 * unit.h - the little every Check suite shares: a main() that runs one
 * suite, and fixture files written to a fresh temporary folder.
 */
#ifndef XNS_UNIT_H
#define XNS_UNIT_H

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* write @len bytes to @dir/@rel, creating the folders on the way */
static inline void unit_write_bytes(const char *dir, const char *rel,
				    const char *text, size_t len)
{
	char path[4096], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	fclose(f);
}

#define unit_write(dir, rel, text) unit_write_bytes(dir, rel, text, strlen(text))
#define unit_write_lit(dir, rel, lit) unit_write_bytes(dir, rel, lit, sizeof(lit) - 1)

static inline char *unit_tmpdir(void)
{
	static char tmpl[64];

	snprintf(tmpl, sizeof(tmpl), "/tmp/xns-unit-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpl));
	return tmpl;
}

static inline void unit_rmtree(const char *dir)
{
	char cmd[4200];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/*
 * A test that cannot run here (not root, a kernel feature missing) says why
 * with unit_skip() and returns.  Check has no skip of its own and runs each
 * test in a child, so the reasons go to a file both share; a suite with a
 * skip and no failure exits 77, which automake reports as SKIP.
 */
static int unit_skip_fd = -1;

static inline void unit_note_skip(const char *test, const char *why)
{
	char line[512];
	size_t len = strlen(test);
	int n;

	/* START_TEST(name) defines name_fn: report the name the suite knows */
	if (len > 3 && !strcmp(test + len - 3, "_fn"))
		len -= 3;
	n = snprintf(line, sizeof(line), "SKIP %.*s: %s\n", (int) len, test, why);

	if (unit_skip_fd >= 0 && n > 0 && write(unit_skip_fd, line, (size_t) n) < 0)
		perror("unit_skip");
}

#define unit_skip(why) do { unit_note_skip(__func__, (why)); return; } while (0)

static inline int unit_report_skips(void)
{
	char buf[4096];
	ssize_t n;
	int skipped = 0;

	if (unit_skip_fd < 0 || lseek(unit_skip_fd, 0, SEEK_SET) < 0)
		return 0;
	while ((n = read(unit_skip_fd, buf, sizeof(buf))) > 0) {
		skipped = 1;
		fwrite(buf, 1, (size_t) n, stdout);
	}
	return skipped;
}

#define UNIT_MAIN(suite_fn)                                        \
	int main(void)                                             \
	{                                                          \
		SRunner *sr = srunner_create(suite_fn());          \
		FILE *skips = tmpfile();                           \
		int failed;                                        \
		unit_skip_fd = skips ? fileno(skips) : -1;         \
		srunner_run_all(sr, CK_NORMAL);                    \
		failed = srunner_ntests_failed(sr);                \
		srunner_free(sr);                                  \
		if (failed)                                        \
			return EXIT_FAILURE;                       \
		return unit_report_skips() ? 77 : EXIT_SUCCESS;    \
	}

#endif

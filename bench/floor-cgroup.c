/*
 * bench/floor-cgroup.c - the least a run of `xcgexec -m 100M CMD` can do:
 * make its groups, set the limit, start CMD inside, wait, remove them.
 *
 *   floor-cgroup FILE=VALUE DIR... -- CMD [ARG]...
 *
 * makes each DIR (one per hierarchy, as xcgexec does), writes VALUE to
 * FILE in the first, starts CMD with vfork after it joined every DIR, waits
 * and removes the DIRs.  No checks beyond failing: a floor, not a tool.
 * Built by bench/xcgexec, never installed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int put(const char *dir, const char *file, const char *val)
{
	char path[4096];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	ok = fd >= 0 && write(fd, val, strlen(val)) == (ssize_t) strlen(val);
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
	char *eq = argc > 1 ? strchr(argv[1], '=') : NULL;
	int n = 0, i, status, rc = 1;
	pid_t pid;

	while (2 + n < argc && strcmp(argv[2 + n], "--"))
		n++;
	if (!eq || !n || 3 + n >= argc)
		return fputs("usage: floor-cgroup FILE=VALUE DIR... -- CMD [ARG]...\n", stderr), 2;
	*eq = '\0';
	for (i = 0; i < n; i++)
		if (mkdir(argv[2 + i], 0755) < 0)
			return perror(argv[2 + i]), 1;
	if (put(argv[2], argv[1], eq + 1) == 0 && (pid = vfork()) >= 0) {
		if (pid == 0) {
			for (i = 0; i < n; i++)
				if (put(argv[2 + i], "cgroup.procs", "0") < 0)
					_exit(126);
			execvp(argv[3 + n], argv + 3 + n);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) == pid)
			rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	/* the command's exit may not be counted yet: EBUSY for a moment */
	for (i = n - 1; i >= 0; i--)
		while (rmdir(argv[2 + i]) < 0 && errno == EBUSY)
			;
	return rc;
}

/*
 * bench/floor.c - the least a tool can cost, to hold its time against.
 *
 *   floor exec CMD...     only execs CMD (the way cgexec ends);
 *   floor wait CMD...     starts CMD with vfork, as cheaply as a process can,
 *                         and waits for it (what any tool that reports and
 *                         cleans up afterwards must at least do);
 *   floor netns-add FILE  makes FILE, a new network namespace and the bind
 *                         mount that names it: three system calls, the
 *                         least `ip netns add` or `xnetns add` can do.
 *
 * Built by the bench scripts (bench_floor in bench/lib.sh), dynamically
 * linked as the tools are and statically linked, never installed.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 3) {
		fputs("usage: floor exec|wait COMMAND [ARG]... | floor netns-add FILE\n", stderr);
		return 2;
	}
	if (strcmp(argv[1], "netns-add") == 0)
		return mknod(argv[2], S_IFREG, 0) != 0 || unshare(CLONE_NEWNET) != 0 ||
		       mount("/proc/self/ns/net", argv[2], NULL, MS_BIND, NULL) != 0;
	if (strcmp(argv[1], "exec") == 0) {
		execvp(argv[2], argv + 2);
		return 127;
	}
	pid = vfork();
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

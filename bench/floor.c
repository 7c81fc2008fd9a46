/*
 * bench/floor.c - the least a wrapper can add to the command it runs, to
 * hold a tool's added time against: "floor exec CMD..." only execs CMD (the
 * way cgexec ends); "floor wait CMD..." starts CMD with vfork, as cheaply as
 * a process can, and waits for it (what any tool that reports and cleans up
 * afterwards must at least do).  Built by the bench scripts, never installed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status;
	pid_t pid;

	if (argc < 3) {
		fputs("usage: floor exec|wait COMMAND [ARG]...\n", stderr);
		return 2;
	}
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

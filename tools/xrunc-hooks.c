/*
 * xrunc-hooks.c - the runtime spec's hooks: each one a program run with
 * the container's state on its stdin, in order, with its timeout.  The
 * runtime runs prestart, createRuntime, poststart and poststop; the
 * container's process runs createContainer (its mounts made, before the
 * pivot, so host paths still resolve) and startContainer (in the
 * container, its paths the container's own).
 */
#include "compat.h"
#include "cleanup.h"
#include "cli.h"
#include "xrunc.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const hook_names[OCI_HOOK_NKINDS] = { "prestart", "createRuntime",
	"createContainer", "startContainer", "poststart", "poststop" };

/*
 * the hooks of @kind, in order, each with the state on its stdin, killed
 * after its timeout; the first failure ends the run: -1, and @why says
 * which hook and how ("hooks.prestart[0] /bin/x: exit status 1")
 */
int xrunc_run_hooks(const struct oci_spec *spec, enum oci_hook_kind kind,
		    const struct oci_state *st, const char *status, char *why, size_t len)
{
	size_t i;

	for (i = 0; i < spec->hooks.n[kind]; i++) {
		const struct oci_hook *h = &spec->hooks.h[kind][i];
		_cleanup_free_ char *text = NULL;
		char *const noargs[] = { h->path, NULL };
		struct sigaction ign = { .sa_handler = SIG_IGN }, old;
		int p[2], wst = 0, waited = 0;
		pid_t pid;

		snprintf(why, len, "hooks.%s[%zu] %s", hook_names[kind], i, h->path);
		if (ocistate_format(st, status, false, &text) < 0 || pipe2(p, O_CLOEXEC) < 0)
			return -1;
		pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0) {
			dup2(p[0], STDIN_FILENO);
			execve(h->path, h->args ? h->args : noargs, h->env ? h->env : (char *[]) { NULL });
			_exit(127);
		}
		close(p[0]);
		/* the state fits in the pipe; a hook that never reads it must not kill us */
		sigaction(SIGPIPE, &ign, &old);
		if (write(p[1], text, strlen(text)) < 0)
			xrunc_debug("hook %s did not take the state", h->path);
		sigaction(SIGPIPE, &old, NULL);
		close(p[1]);
		while (waitpid(pid, &wst, WNOHANG) == 0) {
			if (h->timeout.has && waited >= (int) h->timeout.v * 100) {
				kill(pid, SIGKILL);
				waitpid(pid, &wst, 0);
				snprintf(why, len, "hooks.%s[%zu] %s: timed out after %llu s",
					 hook_names[kind], i, h->path, (unsigned long long) h->timeout.v);
				return -1;
			}
			usleep(10000);
			waited++;
		}
		if (!WIFEXITED(wst) || WEXITSTATUS(wst) != 0) {
			snprintf(why, len, "hooks.%s[%zu] %s: %s %d", hook_names[kind], i, h->path,
				 WIFEXITED(wst) ? "exit status" : "killed by signal",
				 WIFEXITED(wst) ? WEXITSTATUS(wst) : WTERMSIG(wst));
			return -1;
		}
	}
	return 0;
}

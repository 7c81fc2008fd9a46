/*
 * xrunc-run.c - start and run: the exec fifo opened, the poststart hooks,
 * and for an attached run the wait for the process (its signals
 * forwarded, its terminal held when no console socket was given).
 */
#include "compat.h"
#include "child.h"
#include "cleanup.h"
#include "cli.h"
#include "xrunc.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/*
 * start: open the fifo the process waits on (it cannot finish opening its
 * end before a reader comes), read its byte, remove the fifo: "running"
 */
static void start(const char *id, int dfd, const struct oci_state *st)
{
	int fd, tries;
	char c;

	fd = openat(dfd, "exec.fifo", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		xrunc_fail(-errno, "container %s: exec.fifo", id);
	/*
	 * once we hold the read end the process is on its way (its byte fits
	 * in the pipe whether we read it or not): "running" from here, even if
	 * we are killed now, and a second start finds nothing to open
	 */
	if (unlinkat(dfd, "exec.fifo", 0) < 0) {
		if (errno == ENOENT)
			xrunc_fail(0, "container %s was started already", id);
		xrunc_fail(-errno, "container %s: exec.fifo", id);
	}
	/* a process that died meanwhile never writes: look at it now and then */
	for (tries = 0;; tries++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int n = poll(&p, 1, 100);

		if (n > 0 && read(fd, &c, 1) == 1)
			break;
		if (n < 0 && errno != EINTR)
			xrunc_fail(-errno, "container %s: exec.fifo", id);
		if (xrunc_status(dfd, st) == XS_STOPPED)
			xrunc_fail(0, "container %s: its process exited before it was started", id);
	}
	close(fd);
	xrunc_debug("container %s started", id);
}

static struct oci_state *load_state_or_err(int dfd, const char *id)
{
	struct oci_state *st = NULL;
	char err[256];
	int rc;

	rc = ocistate_read(dfd, &st, err, sizeof(err));
	if (rc < 0)
		xrunc_fail(rc == -EINVAL ? 0 : rc, "container %s: state: %s", id, err);
	return st;
}

/* poststart: a failure is logged, the container runs on (the spec's rule) */
static void poststart(const char *id, const struct oci_state *st)
{
	struct oci_spec *spec = NULL;
	char err[512];
	int bfd;

	bfd = open(st->bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (bfd >= 0 && ocispec_load(bfd, "config.json", &spec, err, sizeof(err)) == 0 &&
	    xrunc_run_hooks(spec, OCI_HOOK_POSTSTART, st, "running", err, sizeof(err)) < 0) {
		xrunc_log("warning", "container %s: %s", id, err);
		warnx("warning: container %s: %s", id, err);
	}
	if (bfd >= 0)
		close(bfd);
	ocispec_free(spec);
}

int xrunc_cmd_start(int argc, char **argv)
{
	struct oci_state *st;
	enum xrunc_status s;
	const char *id;
	int dfd;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs("\nUsage:\n xrunc start <container-id>\n\nLet the process of a created "
		      "container run its program.\n\nSee xrunc(8).\n", stdout);
		return 0;
	}
	if (argc > 2)
		xrunc_fail(0, "start: one container ID only");
	id = xrunc_id_or_err(argc, argv, 1);
	dfd = xrunc_open_container_or_err(id);
	st = load_state_or_err(dfd, id);
	s = xrunc_status(dfd, st);
	if (s != XS_CREATED)
		xrunc_fail(0, "cannot start container %s: it is %s, not created", id,
			   xrunc_status_name(s));
	start(id, dfd, st);
	poststart(id, st);
	ocistate_free(st);
	close(dfd);
	return 0;
}

/* the pty master the container's process sent (SCM_RIGHTS), or -1 */
static int recv_master(int sock)
{
	char buf[64], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm;
	int fd = -1;

	if (recvmsg(sock, &mh, MSG_CMSG_CLOEXEC) < 0)
		return -1;
	cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	return fd;
}

/*
 * the terminal of an attached run: a helper copies our stdin to the pty and
 * the pty to our stdout until the container's side closes, while we wait
 * for the process as without a terminal
 */
static pid_t tty_proxy(int master)
{
	pid_t pid = fork();
	char buf[4096];

	if (pid != 0)
		return pid;
	for (;;) {
		struct pollfd p[2] = { { .fd = master, .events = POLLIN },
				       { .fd = STDIN_FILENO, .events = POLLIN } };
		ssize_t n;

		if (poll(p, 2, -1) < 0 && errno != EINTR)
			_exit(1);
		if (p[0].revents) {
			n = read(master, buf, sizeof(buf));
			if (n <= 0 || write(STDOUT_FILENO, buf, (size_t) n) != n)
				_exit(0);     /* EIO: the last slave closed */
		}
		if (p[1].revents) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0)
				p[1].fd = -1, close(STDIN_FILENO);
			else if (write(master, buf, (size_t) n) != n)
				_exit(0);
		}
	}
}

int xrunc_cmd_run(int argc, char **argv)
{
	struct xrunc_create_opts o = { .run = true, .tty_fd = -1 };
	const char *id = xrunc_parse_create_or_err(argc, argv, &o, true);
	struct oci_state *st;
	struct termios saved;
	bool restore = false;
	sigset_t fwd, mask;
	int status, dfd, master, i;
	pid_t pid, proxy = -1;

	/*
	 * blocked before the clone, so no signal meant for it is lost; and
	 * not ignored, which would discard them (a background job of a shell
	 * starts with SIGINT ignored; runc forwards it all the same)
	 */
	child_forward_set(&fwd);
	mask = fwd;
	sigaddset(&mask, SIGCHLD);
	if (!o.detach) {
		sigprocmask(SIG_BLOCK, &mask, NULL);
		for (i = 1; i < NSIG; i++)
			if (sigismember(&fwd, i) == 1)
				signal(i, SIG_DFL);
	}
	pid = xrunc_create(id, &o);
	dfd = xrunc_open_container_or_err(id);
	st = load_state_or_err(dfd, id);
	start(id, dfd, st);
	poststart(id, st);
	ocistate_free(st);
	close(dfd);
	if (o.detach)
		return 0;
	if (o.tty_fd >= 0) {
		struct termios raw;

		master = recv_master(o.tty_fd);
		if (master < 0)
			xrunc_fail(-errno, "the container's terminal");
		/* our terminal passes every key on, the container's pty interprets them */
		if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0) {
			struct winsize ws;

			if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
				ioctl(master, TIOCSWINSZ, &ws);
			raw = saved;
			cfmakeraw(&raw);
			tcsetattr(STDIN_FILENO, TCSANOW, &raw);
			restore = true;
		}
		proxy = tty_proxy(master);
		close(master);
	}
	if (child_wait_forward(pid, &fwd, &status, NULL, NULL) < 0)
		xrunc_fail(-errno, "waiting for container %s", id);
	if (proxy > 0)
		waitpid(proxy, NULL, 0);
	if (restore)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	xrunc_delete(id, true, true);
	return child_exit_code(status);
}

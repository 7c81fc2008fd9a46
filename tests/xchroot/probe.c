/*
 * probe - the routes out of a root, tried one at a time by the xchroot
 * suites (built static by the suite, copied into the test root).  Each
 * prints "blocked: <why>" or what it reached, and exits 0 either way: the
 * test decides.
 *
 *   probe gethandle PATH FILE   (outside) the file handle of PATH into FILE
 *   probe handle FILE [NAME]    open_by_handle_at() "/"'s filesystem with the
 *                               handle in FILE; print the file, or with NAME
 *                               create NAME in the directory it names
 *   probe keyctl                the caller's user keyring (uid 0's is root's)
 *   probe filter                every call the seccomp filters refuse, by each
 *                               ABI (x86_64, x32, i386 through int 0x80), and
 *                               two they let through: one line each ("refused"
 *                               for EPERM, "ENOSYS", or "through")
 *   probe i386                  exit 0 where the kernel has the i386 ABI
 *                               (IA32 emulation), else die by SIGSEGV
 *   probe kill PID              signal 0 to PID
 *   probe ptrace PID            PTRACE_ATTACH to PID (and detach)
 *   probe tiocsti TEXT          push TEXT into the terminal on stdin
 *   probe bpf                   create a BPF map (what every bpf(2) use needs)
 *   probe cgroup DIR            a user namespace with a cgroup namespace of
 *                               its own, root in it, and cgroup2 mounted on
 *                               DIR from there: the host's hierarchy from
 *                               our group down, its files host root's
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/bpf.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int blocked(const char *what)
{
	printf("blocked: %s: %s\n", what, strerror(errno));
	return 0;
}

#if defined(__x86_64__)
static long i386_call(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile ("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
	return ret < 0 && ret > -4096 ? (errno = (int) -ret, -1) : ret;
}
#endif

/*
 * a kernel without IA32 emulation answers int 0x80 with SIGSEGV: tried in
 * a child, so that the lines of the other ABIs still come out
 */
#if defined(__x86_64__)
static int have_i386(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(i386_call(20, 0, 0, 0) > 0 ? 0 : 1);
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status);
}
#endif

static void filter_line(const char *what, long rc)
{
	printf("%s: %s\n", what, rc < 0 && errno == EPERM ? "refused" :
	       rc < 0 && errno == ENOSYS ? "ENOSYS" : "through");
}

/* a clone(2) that got through: the child leaves at once */
static long cloned(long rc)
{
	if (rc == 0)
		_exit(0);
	if (rc > 0)
		waitpid((pid_t) rc, NULL, 0);
	return rc;
}

/* each refused call with arguments it would otherwise accept or fail on */
static int filter(void)
{
	char c = 0;

	errno = 0;
	filter_line("add_key", syscall(SYS_add_key, "user", "xns", "x", 1, -4));
	filter_line("request_key", syscall(SYS_request_key, "user", "xns-none", NULL, 0));
	filter_line("keyctl", syscall(SYS_keyctl, 0, -4, 0));
	filter_line("TIOCSTI", ioctl(0, TIOCSTI, &c));
	filter_line("TIOCLINUX", ioctl(0, 0x541C, &c));
	/* KDSKBSENT, KDSKBENT: no console here, ENOTTY if let through */
	filter_line("KDSKBSENT", ioctl(0, 0x4B49, &c));
	filter_line("KDSKBENT", ioctl(0, 0x4B47, &c));
	filter_line("FIONREAD", ioctl(0, FIONREAD, &c));
	filter_line("ioprio_get", syscall(SYS_ioprio_get, 1, 0));
	/* a new user namespace last: one that got through changes what follows */
	filter_line("clone3", syscall(435, NULL, 0));
	filter_line("clone CLONE_NEWUSER", cloned(syscall(SYS_clone, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
	filter_line("unshare CLONE_NEWUSER", syscall(SYS_unshare, CLONE_NEWUSER));
#if defined(__x86_64__)
	filter_line("x32 keyctl", syscall(0x40000000 | 250, 0, -4, 0));
	filter_line("x32 TIOCSTI", syscall(0x40000000 | 514, 0, TIOCSTI, &c));
	filter_line("x32 clone3", syscall(0x40000000 | 435, NULL, 0));
	filter_line("x32 clone CLONE_NEWUSER",
		    cloned(syscall(0x40000000 | 56, CLONE_NEWUSER | SIGCHLD, 0, 0, 0, 0)));
	filter_line("x32 unshare CLONE_NEWUSER", syscall(0x40000000 | 272, CLONE_NEWUSER));
	if (!have_i386()) {
		puts("i386: no such ABI in this kernel");
		return 0;
	}
	filter_line("i386 add_key", i386_call(286, 0, 0, 0));
	filter_line("i386 request_key", i386_call(287, 0, 0, 0));
	filter_line("i386 keyctl", i386_call(288, 0, -4, 0));
	filter_line("i386 TIOCSTI", i386_call(54, 0, TIOCSTI, (long) &c));
	filter_line("i386 clone3", i386_call(435, 0, 0, 0));
	filter_line("i386 clone CLONE_NEWUSER", cloned(i386_call(120, CLONE_NEWUSER | SIGCHLD, 0, 0)));
	filter_line("i386 unshare CLONE_NEWUSER", i386_call(310, CLONE_NEWUSER, 0, 0));
	filter_line("i386 getpid", i386_call(20, 0, 0, 0));
#endif
	return 0;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n = fd < 0 ? -1 : write(fd, text, strlen(text));

	if (fd >= 0)
		close(fd);
	return n < 0 ? -1 : 0;
}

static int cgroup(const char *dir)
{
	char map[32];

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWCGROUP) < 0)
		return blocked("unshare");
	/* without a proc there is no map to write, and none is needed: our
	 * uid is host root's still, which owns the files */
	snprintf(map, sizeof(map), "0 %u 1", (unsigned) geteuid());
	write_file("/proc/self/uid_map", map);
	if (mount("none", dir, "cgroup2", 0, NULL) < 0)
		return blocked("mount cgroup2");
	puts("mounted: cgroup2");
	return 0;
}

static int bpf_map(void)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 4;
	attr.max_entries = 1;
	if (syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr)) < 0)
		return blocked("bpf");
	puts("bpf: map created");
	return 0;
}

static int gethandle(const char *path, const char *out)
{
	struct file_handle *h = malloc(sizeof(*h) + MAX_HANDLE_SZ);
	int mnt, fd;

	h->handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, path, h, &mnt, 0) < 0)
		return perror("name_to_handle_at"), 1;
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, h, sizeof(*h) + h->handle_bytes) < 0)
		return perror(out), 1;
	close(fd);
	return 0;
}

static int handle(const char *file, const char *name)
{
	char buf[sizeof(struct file_handle) + MAX_HANDLE_SZ], data[256];
	int fd = open(file, O_RDONLY), root = open("/", O_RDONLY | O_DIRECTORY);
	ssize_t n;

	if (fd < 0 || read(fd, buf, sizeof(buf)) <= 0)
		return perror(file), 1;
	close(fd);
	fd = syscall(SYS_open_by_handle_at, root, (struct file_handle *) buf,
		     name ? O_RDONLY | O_DIRECTORY : O_RDONLY);
	if (fd < 0)
		return blocked("open_by_handle_at");
	if (name) {
		int f = openat(fd, name, O_WRONLY | O_CREAT, 0644);

		if (f < 0)
			return blocked("create");
		puts("created");
		return 0;
	}
	n = read(fd, data, sizeof(data) - 1);
	data[n > 0 ? n : 0] = '\0';
	printf("read: %s", data);
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IONBF, 0);
	if (strcmp(m, "gethandle") == 0 && argc == 4)
		return gethandle(argv[2], argv[3]);
	if (strcmp(m, "handle") == 0 && argc >= 3)
		return handle(argv[2], argc > 3 ? argv[3] : NULL);
	if (strcmp(m, "keyctl") == 0) {
		/* KEYCTL_GET_KEYRING_ID (0) of KEY_SPEC_USER_KEYRING (-4) */
		long id = syscall(SYS_keyctl, 0, -4, 0);

		if (id < 0)
			return blocked("keyctl");
		printf("keyring: %ld\n", id);
		return 0;
	}
	if (strcmp(m, "filter") == 0)
		return filter();
	if (strcmp(m, "bpf") == 0)
		return bpf_map();
	if (strcmp(m, "cgroup") == 0 && argc == 3)
		return cgroup(argv[2]);
#if defined(__x86_64__)
	if (strcmp(m, "i386") == 0)
		return i386_call(20, 0, 0, 0) > 0 ? 0 : 1;
#endif
	if (strcmp(m, "kill") == 0 && argc == 3) {
		if (kill(atoi(argv[2]), 0) < 0)
			return blocked("kill");
		puts("signalled");
		return 0;
	}
	if (strcmp(m, "ptrace") == 0 && argc == 3) {
		pid_t pid = atoi(argv[2]);

		if (ptrace(PTRACE_ATTACH, pid, 0, 0) < 0)
			return blocked("ptrace");
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, 0, 0);
		puts("attached");
		return 0;
	}
	if (strcmp(m, "tiocsti") == 0 && argc == 3) {
		for (const char *c = argv[2]; *c; c++)
			if (ioctl(0, TIOCSTI, c) < 0)
				return blocked("TIOCSTI");
		puts("injected");
		return 0;
	}
	fprintf(stderr, "usage: probe filter|gethandle|handle|keyctl|kill|ptrace|tiocsti|cgroup|bpf ...\n");
	return 2;
}

/*
 * proc.c - /proc/PID readers, all relative to a proc root dirfd.
 */
#include "compat.h"
#include "proc.h"
#include "parse.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int proc_open_root(const char *prefix)
{
	int fd = open(prefix ? prefix : "/proc",
		      O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int proc_at(int procfd)
{
	return procfd >= 0 ? procfd : AT_FDCWD;
}

/* "/proc/" is prefixed only when no proc root was given */
void proc_pid_path(char *buf, size_t len, int procfd, pid_t pid, const char *file)
{
	snprintf(buf, len, "%s%d/%s", procfd >= 0 ? "" : "/proc/", (int) pid, file);
}

int proc_iter_open(int procfd, struct proc_iter *it)
{
	int fd = openat(proc_at(procfd), procfd >= 0 ? "." : "/proc",
			O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	it->dir = fdopendir(fd);
	if (!it->dir) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return 0;
}

int proc_iter_next(struct proc_iter *it, pid_t *pid)
{
	struct dirent *d;

	for (;;) {
		errno = 0;
		d = readdir(it->dir);
		if (!d)
			return errno ? -errno : 0;
		if (parse_pid(d->d_name, pid) == 0)
			return 1;
	}
}

void proc_iter_close(struct proc_iter *it)
{
	if (it->dir)
		closedir(it->dir);
	it->dir = NULL;
}

/* the whole of @fd, which is closed */
static ssize_t read_fd(int fd, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf, *nbuf;
	ssize_t n;
	int rc;

	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* a process that exits while we read its files */
			rc = errno == ESRCH ? -ESRCH : -errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t) n;
		if (len + 1 == cap) {
			if (cap >= (1U << 24)) {
				rc = -EFBIG;
				goto fail;
			}
			nbuf = realloc(buf, cap * 2);
			if (!nbuf) {
				rc = -ENOMEM;
				goto fail;
			}
			buf = nbuf;
			cap *= 2;
		}
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return (ssize_t) len;
fail:
	close(fd);
	free(buf);
	return rc;
}

ssize_t proc_read_file(int procfd, const char *path, char **out)
{
	int fd = openat(proc_at(procfd), path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : read_fd(fd, out);
}

ssize_t proc_read_pid_file(int procfd, pid_t pid, const char *file, char **out)
{
	char path[64];
	int fd;

	if (pid > 0)
		proc_pid_path(path, sizeof(path), procfd, pid, file);
	fd = openat(pid > 0 ? proc_at(procfd) : procfd, pid > 0 ? path : file,
		    O_RDONLY | O_CLOEXEC);
	/* the files of /proc/PID are there as long as the process is */
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return read_fd(fd, out);
}

/* a list of whitespace-separated numbers, as in "NSpid:\t12\t1" */
static int parse_id_list(const char *s, const char *eol, uint32_t *ids,
			 int max, int *n)
{
	int count = 0;

	for (;;) {
		uint64_t v = 0;
		const char *p;

		while (s < eol && (*s == ' ' || *s == '\t'))
			s++;
		if (s >= eol)
			break;
		if (count == max)
			return -ERANGE;
		for (p = s; p < eol && *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (uint64_t) (*p - '0');
			if (v > UINT32_MAX)
				return -ERANGE;
		}
		if (p == s || (p < eol && *p != ' ' && *p != '\t'))
			return -EINVAL;
		ids[count++] = (uint32_t) v;
		s = p;
	}
	*n = count;
	return 0;
}

int proc_parse_status(const char *buf, size_t len, struct proc_status *st)
{
	const char *p = buf, *end = buf + len;
	uint32_t ids[PROC_MAX_NSLEVEL];
	int n, rc, seen = 0;

	memset(st, 0, sizeof(*st));
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t) (end - p));
		const char *colon;
		size_t klen;

		if (!eol)
			eol = end;
		colon = memchr(p, ':', (size_t) (eol - p));
		if (!colon)
			goto next;
		klen = (size_t) (colon - p);
#define KEY(k) (klen == sizeof(k) - 1 && memcmp(p, k, klen) == 0)
		if (KEY("Pid") || KEY("PPid") || KEY("Tgid")) {
			rc = parse_id_list(colon + 1, eol, ids, 1, &n);
			if (rc < 0 || n != 1)
				return -EINVAL;
			if (ids[0] > INT32_MAX)
				return -ERANGE;
			if (KEY("Pid"))
				st->pid = (pid_t) ids[0], seen |= 1;
			else if (KEY("PPid"))
				st->ppid = (pid_t) ids[0], seen |= 2;
			else
				st->tgid = (pid_t) ids[0];
		} else if (KEY("Uid") || KEY("Gid")) {
			rc = parse_id_list(colon + 1, eol, ids, 4, &n);
			if (rc < 0 || n != 4)
				return -EINVAL;
			for (int i = 0; i < 4; i++) {
				if (KEY("Uid"))
					st->uid[i] = ids[i];
				else
					st->gid[i] = ids[i];
			}
			seen |= KEY("Uid") ? 4 : 8;
		} else if (KEY("NSpid") || KEY("NStgid")) {
			rc = parse_id_list(colon + 1, eol, ids, PROC_MAX_NSLEVEL, &n);
			if (rc < 0)
				return rc;
			for (int i = 0; i < n; i++) {
				if (ids[i] > INT32_MAX)
					return -ERANGE;
				if (KEY("NSpid"))
					st->nspid[i] = (pid_t) ids[i];
				else
					st->nstgid[i] = (pid_t) ids[i];
			}
			if (KEY("NSpid"))
				st->nnspid = n;
			else
				st->nnstgid = n;
		}
#undef KEY
next:
		if (eol == end)
			break;     /* no final newline: eol + 1 would point past it */
		p = eol + 1;
	}
	/* Pid, PPid, Uid and Gid are in every status file since Linux 2.6 */
	return seen == 15 ? 0 : -EINVAL;
}

int proc_read_status(int procfd, pid_t pid, struct proc_status *st)
{
	ssize_t len;
	char *buf;
	int rc;

	len = proc_read_pid_file(procfd, pid, "status", &buf);
	if (len < 0)
		return (int) len;
	rc = proc_parse_status(buf, (size_t) len, st);
	free(buf);
	return rc;
}

int proc_read_comm(int procfd, pid_t pid, char *out, size_t outlen)
{
	ssize_t len;
	char *buf;

	if (outlen == 0)
		return -EINVAL;
	len = proc_read_pid_file(procfd, pid, "comm", &buf);
	if (len < 0)
		return (int) len;
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	snprintf(out, outlen, "%s", buf);
	free(buf);
	return 0;
}

int proc_read_cmdline(int procfd, pid_t pid, char **out)
{
	ssize_t len;
	char *buf;

	len = proc_read_pid_file(procfd, pid, "cmdline", &buf);
	if (len < 0)
		return (int) len;
	proc_cmdline_text(buf, (size_t) len);
	*out = buf;
	return 0;
}

size_t proc_cmdline_text(char *buf, size_t len)
{
	/* arguments are NUL-terminated; the last NUL stays the end */
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[len] = '\0';
	return len;
}

int proc_parse_stat_ppid(const char *buf, size_t len, pid_t *ppid)
{
	const char *p, *end = buf + len;
	uint64_t v = 0;

	/* comm may hold spaces and parentheses: the last ')' ends it */
	for (p = end; p > buf && p[-1] != ')'; p--)
		;
	if (p == buf)
		return -EINVAL;
	/* ") S 1234 " */
	if (end - p < 5 || p[0] != ' ' || p[2] != ' ')
		return -EINVAL;
	p += 3;
	if (p >= end || *p < '0' || *p > '9')
		return -EINVAL;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (uint64_t) (*p - '0');
		if (v > INT32_MAX)
			return -ERANGE;
	}
	if (p < end && *p != ' ')
		return -EINVAL;
	*ppid = (pid_t) v;
	return 0;
}

/*
 * PID/cmdline in one read: procfs copies as much of the arguments as the
 * buffer takes, so a read that leaves room is all of them (the general
 * reader, with its second read to see the end, is for longer ones).  The
 * text is built on the stack and copied once: nslist reads on threads that
 * share one malloc arena.
 */
int proc_read_command(int procfd, pid_t pid, char **out)
{
	char path[64], buf[4096];
	ssize_t n;
	int fd, e, rc;

	*out = NULL;
	proc_pid_path(path, sizeof(path), procfd, pid, "cmdline");
	fd = openat(proc_at(procfd), path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	if (n == (ssize_t) sizeof(buf) - 1) {
		rc = proc_read_cmdline(procfd, pid, out);
		if (rc < 0 || **out)
			return rc;
		free(*out);     /* emptied meanwhile: its name, as below */
		*out = NULL;
	} else if (proc_cmdline_text(buf, (size_t) n) > 0) {
		*out = strdup(buf);
		return *out ? 0 : -ENOMEM;
	}
	/* kernel threads have no command line: lsns shows their name */
	rc = proc_read_comm(procfd, pid, buf, 64);
	if (rc < 0)
		return rc;
	*out = strdup(buf);
	return *out ? 0 : -ENOMEM;
}

/* PID/stat in one read: what its two parsers below take apart */
static ssize_t read_stat(int procfd, pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	proc_pid_path(path, sizeof(path), procfd, pid, "stat");
	fd = openat(proc_at(procfd), path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = errno == ENOENT ? -ESRCH : -errno;
	close(fd);
	if (n == 0)
		return -ESRCH;
	if (n > 0)
		buf[n] = '\0';
	return n;
}

int proc_read_ppid(int procfd, pid_t pid, pid_t *ppid)
{
	char buf[1024];
	ssize_t n = read_stat(procfd, pid, buf, sizeof(buf));

	if (n < 0)
		return (int) n;
	return proc_parse_stat_ppid(buf, (size_t) n, ppid);
}

int proc_parse_stat_start(const char *buf, size_t len, char *state,
			  uint64_t *starttime)
{
	const char *p, *end = buf + len;
	uint64_t v = 0;
	int field;

	for (p = end; p > buf && p[-1] != ')'; p--)
		;
	if (p == buf || end - p < 3 || p[0] != ' ')
		return -EINVAL;
	*state = p[1];
	/* after ") " field 3 is the state; starttime is field 22 */
	for (field = 3, p++; field < 22; field++) {
		p = memchr(p, ' ', (size_t) (end - p));
		if (!p)
			return -EINVAL;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9')
		return -EINVAL;
	for (; p < end && *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t) (*p - '0');
	}
	*starttime = v;
	return 0;
}

int proc_read_stat_start(int procfd, pid_t pid, char *state, uint64_t *starttime)
{
	char buf[1024];
	ssize_t n = read_stat(procfd, pid, buf, sizeof(buf));

	if (n < 0)
		return (int) n;
	return proc_parse_stat_start(buf, (size_t) n, state, starttime);
}

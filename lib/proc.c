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

static int at(int procfd)
{
	return procfd >= 0 ? procfd : AT_FDCWD;
}

/* "/proc/" is prefixed only when no proc root was given */
static void proc_path(char *buf, size_t len, int procfd, pid_t pid,
		      const char *file)
{
	snprintf(buf, len, "%s%d/%s", procfd >= 0 ? "" : "/proc/", (int) pid, file);
}

int proc_iter_open(int procfd, struct proc_iter *it)
{
	int fd = openat(at(procfd), procfd >= 0 ? "." : "/proc",
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

ssize_t proc_read_file(int procfd, const char *path, char **out)
{
	size_t cap = 4096, len = 0;
	char *buf, *nbuf;
	ssize_t n;
	int fd, rc;

	fd = openat(at(procfd), path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
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
	char path[64], *buf;
	ssize_t len;
	int rc;

	proc_path(path, sizeof(path), procfd, pid, "status");
	len = proc_read_file(procfd, path, &buf);
	if (len < 0)
		return (int) len;
	rc = proc_parse_status(buf, (size_t) len, st);
	free(buf);
	return rc;
}

int proc_read_comm(int procfd, pid_t pid, char *out, size_t outlen)
{
	char path[64], *buf;
	ssize_t len;

	if (outlen == 0)
		return -EINVAL;
	proc_path(path, sizeof(path), procfd, pid, "comm");
	len = proc_read_file(procfd, path, &buf);
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
	char path[64], *buf;
	ssize_t len;

	proc_path(path, sizeof(path), procfd, pid, "cmdline");
	len = proc_read_file(procfd, path, &buf);
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
	char path[40], buf[1024];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s%d/stat", procfd < 0 ? "/proc/" : "", (int) pid);
	fd = openat(procfd < 0 ? AT_FDCWD : procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	n = read(fd, buf, sizeof(buf));
	if (n < 0) {
		n = -errno;
		close(fd);
		return n == -ENOENT ? -ESRCH : (int) n;
	}
	close(fd);
	return proc_parse_stat_start(buf, (size_t) n, state, starttime);
}

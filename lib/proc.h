/*
 * proc.h - readers of /proc/PID files.  Each takes a proc root as a dirfd
 * (-1 for the real /proc) so that the unit tests can feed fixture trees.
 */
#ifndef XNS_PROC_H
#define XNS_PROC_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROC_MAX_NSLEVEL 33     /* MAX_PID_NS_LEVEL is 32, plus the host */

struct proc_status {
	pid_t pid, ppid, tgid;
	uid_t uid[4];           /* real, effective, saved, fs */
	gid_t gid[4];
	pid_t nspid[PROC_MAX_NSLEVEL];  /* outermost first */
	int nnspid;
	pid_t nstgid[PROC_MAX_NSLEVEL];
	int nnstgid;
};

/** proc_open_root - a dirfd of @prefix ("/proc" when NULL) */
int proc_open_root(const char *prefix);

/** proc_at - the dirfd for the *at() calls: @procfd, or AT_FDCWD for -1 */
int proc_at(int procfd);

/**
 * proc_pid_path - "PID/@file" to open relative to proc_at(@procfd): under a
 * proc root, or "/proc/PID/@file" for the real one (-1)
 */
void proc_pid_path(char *buf, size_t len, int procfd, pid_t pid, const char *file);

struct proc_iter {
	DIR *dir;
};

/** proc_iter_open - walk the numeric entries of a proc root */
int proc_iter_open(int procfd, struct proc_iter *it);
/** proc_iter_next - the next PID: 1, 0 at the end, -errno on error */
int proc_iter_next(struct proc_iter *it, pid_t *pid);
void proc_iter_close(struct proc_iter *it);

/** proc_parse_status - parse the text of a status file */
int proc_parse_status(const char *buf, size_t len, struct proc_status *st);

/** proc_read_status - read and parse PID/status; -ESRCH when gone */
int proc_read_status(int procfd, pid_t pid, struct proc_status *st);

/** proc_read_comm - PID/comm without its newline, into @buf */
int proc_read_comm(int procfd, pid_t pid, char *buf, size_t len);

/**
 * proc_read_cmdline - PID/cmdline with its NULs made spaces, malloc'ed
 * (an empty string for kernel threads); -ESRCH when gone
 */
int proc_read_cmdline(int procfd, pid_t pid, char **out);

/**
 * proc_read_command - the command line of @pid as one line, or its name
 * (PID/comm) for a kernel thread, which has none, as lsns shows them;
 * malloc'ed.  Returns 0, or -errno (-ESRCH when the process is gone).
 */
int proc_read_command(int procfd, pid_t pid, char **out);

/** proc_read_ppid - the PPID field of PID/stat; -ESRCH when gone */
int proc_read_ppid(int procfd, pid_t pid, pid_t *ppid);

/**
 * proc_cmdline_text - the @len bytes of a PID/cmdline read into @buf (which
 * has room for one more) as one line: trailing NULs dropped, the others
 * made spaces, NUL-terminated.  Returns the new length.
 */
size_t proc_cmdline_text(char *buf, size_t len);

/** proc_parse_stat_ppid - the PPID field of a PID/stat text */
int proc_parse_stat_ppid(const char *buf, size_t len, pid_t *ppid);

/**
 * proc_read_file - read a whole small file (@path relative to a proc root,
 * or absolute), NUL terminated, malloc'ed; returns the length or -errno
 * (-ENOENT: no such file)
 */
ssize_t proc_read_file(int procfd, const char *path, char **out);

/**
 * proc_read_pid_file - the same for PID/@file, where a missing file means
 * the process is gone: -ESRCH
 * @pid: the process, or 0 when @procfd is its /proc/PID directory already
 */
ssize_t proc_read_pid_file(int procfd, pid_t pid, const char *file, char **out);

/**
 * proc_parse_stat_start - the state letter ('R', 'Z', ...) and the start
 * time (field 22, clock ticks after boot) of a PID/stat text: the pair
 * that tells a process from a later one that got its PID
 */
int proc_parse_stat_start(const char *buf, size_t len, char *state,
			  uint64_t *starttime);

/** proc_read_stat_start - the same read from PID/stat; -ESRCH when gone */
int proc_read_stat_start(int procfd, pid_t pid, char *state, uint64_t *starttime);

#endif

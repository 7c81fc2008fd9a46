/*
 * xrunc.h - what the files of xrunc share: the global options, the log,
 * the state directory of a container, and one entry point per command.
 */
#ifndef XRUNC_H
#define XRUNC_H

#include <stdbool.h>
#include <stdnoreturn.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "ocispec.h"
#include "ocistate.h"

struct xrunc_global {
	const char *root;        /* --root: /run/xrunc */
	const char *log;         /* --log FILE, or NULL: stderr only */
	bool log_json;           /* --log-format json */
	bool debug;
	int log_fd;
	int fail_status;         /* xrunc_fail's exit status when not 1 (exec: 255) */
};
extern struct xrunc_global xg;

/* the time now, RFC 3339 with nanoseconds, UTC, as the Go runtimes write it */
void xrunc_now_rfc3339(char *buf, size_t len);

/* a log line at @level ("error", "warning", "debug") in the --log-format */
void xrunc_log(const char *level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define xrunc_debug(...) do { if (xg.debug) xrunc_log("debug", __VA_ARGS__); } while (0)

/*
 * xrunc_fail - "xrunc: <what>: <strerror(rc)>" (no strerror when @rc is 0)
 * on stderr and in the log, and exit 1
 */
noreturn void xrunc_fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* a container's ID from the command line: checked, or one line and exit 1 */
const char *xrunc_id_or_err(int argc, char **argv, int optind_);

/* open --root/ID (O_DIRECTORY), or say it does not exist and exit 1 */
int xrunc_open_container_or_err(const char *id);

/* whether @pid is still the process that started at @starttime */
bool xrunc_alive(pid_t pid, uint64_t starttime);

/* statuses, as the runtime spec names them */
enum xrunc_status { XS_CREATING, XS_CREATED, XS_RUNNING, XS_STOPPED, XS_PAUSED };
const char *xrunc_status_name(enum xrunc_status s);
/* where the container stands now: its init's liveness, and the exec fifo */
enum xrunc_status xrunc_status(int dirfd, const struct oci_state *st);

/* read config.json of @bundle, or one line naming the property and exit 1 */
struct oci_spec *xrunc_load_spec_or_err(const char *bundle);

/* hooks (xrunc-create.c): run those of @kind with the state on stdin */
int xrunc_run_hooks(const struct oci_spec *spec, enum oci_hook_kind kind,
		    const struct oci_state *st, const char *status, char *why, size_t len);

/* cgroups (xrunc-cgroup.c) */
struct cgroup;
struct cgroup_layout;
int xrunc_cgroup_setup(const struct oci_spec *spec, const char *id,
		       struct cgroup *cg, struct cgroup_layout *lo, struct oci_state *st);
int xrunc_cgroup_apply(const struct oci_spec *spec, struct cgroup *cg);
/* what the host cannot take in @r (a huge page size it lacks): one line
 * naming the property in @where ("config.json"), before anything is made */
void xrunc_cgroup_check_or_err(const struct oci_resources *r, const char *where);
int xrunc_cgroup_destroy(const struct oci_state *st);
int xrunc_cgroup_signal(const struct oci_state *st, int sig);
int xrunc_cgroup_pids(const struct oci_state *st, pid_t **pids);
/* the v1 cpuset group a container was made without, its processes moved in */
int xrunc_cgroup_add_cpuset(const struct oci_state *st, struct cgroup *cg);
int xrunc_cgroup_attach_v1(const struct oci_state *st, pid_t pid);
char **xrunc_cgroup_v1_mounts(void);
void xrunc_free_strv(char **v);

/* delete (xrunc-state.c): kill what is left, remove cgroups and state */
int xrunc_delete(const char *id, bool force, bool quiet_missing);

/* create and run's options (xrunc-create.c parses them) */
struct xrunc_create_opts {
	const char *bundle, *pid_file, *console_socket;
	bool no_pivot, no_new_keyring, detach;
	bool run;                /* run, attached: we hold the terminal ourselves */
	int preserve_fds;
	int tty_fd;              /* run: our end of the console socketpair, or -1 */
};

/*
 * xrunc_create - make container @id (xrunc-create.c): returns its
 * process's PID once it waits on the exec fifo; we are its parent
 */
pid_t xrunc_create(const char *id, struct xrunc_create_opts *o);
const char *xrunc_parse_create_or_err(int argc, char **argv, struct xrunc_create_opts *o,
				      bool run);

/* the commands */
int xrunc_cmd_spec(int argc, char **argv);
int xrunc_cmd_features(int argc, char **argv);
int xrunc_cmd_create(int argc, char **argv);
int xrunc_cmd_run(int argc, char **argv);
int xrunc_cmd_start(int argc, char **argv);
int xrunc_cmd_state(int argc, char **argv);
int xrunc_cmd_kill(int argc, char **argv);
int xrunc_cmd_delete(int argc, char **argv);
int xrunc_cmd_list(int argc, char **argv);
int xrunc_cmd_ps(int argc, char **argv);
/* the commands engines call beyond the lifecycle (xrunc-exec.c, xrunc-ctl.c) */
int xrunc_cmd_exec(int argc, char **argv);
int xrunc_cmd_pause(int argc, char **argv);
int xrunc_cmd_resume(int argc, char **argv);
int xrunc_cmd_update(int argc, char **argv);
int xrunc_cmd_events(int argc, char **argv);
/* 1 when the container's group is frozen (paused), 0 when not or it has none, -errno */
int xrunc_cgroup_frozen(const struct oci_state *st);
/* the group's directory in each hierarchy where it exists; 1 when it has none */
int xrunc_cgroup_open(const struct oci_state *st, struct cgroup_layout *lo, struct cgroup *cg);
/* freeze or thaw the container's group and wait until the kernel is done */
int xrunc_cgroup_freeze(const struct oci_state *st, bool frozen);
/* 0 and "" in linux.resources set nothing, as in runc (swappiness 0 does) */
void xrunc_resources_zero_is_unset(struct oci_resources *r);
/* create's helpers that exec uses too (xrunc-create.c) */
int connect_console_or_err(const char *path);
void write_pid_file_or_err(const char *path, pid_t pid);

/* the container side (xrunc-init.c): run in the cloned child */
struct xrunc_init_args {
	const struct oci_spec *spec;
	struct oci_state *state;  /* for the hooks run inside */
	const char *bundle;
	int sync_fd;             /* socket to the runtime */
	int fifo_fd;             /* O_PATH of the exec fifo, or -1 (run) */
	int console_fd;          /* --console-socket connected, or -1 */
	int preserve_fds;
	bool no_pivot, no_new_keyring;
	bool maps_by_user;       /* an unprivileged runtime writes our ID maps */
	int ns_fd[8];            /* namespaces to join (setns), -1 */
	int parent_pidfd;        /* for the parent-death signal */
	const char *rootfs;      /* root.path, made absolute */
	char **cg_host;          /* the group's directory in each hierarchy */
	char **cg_names;         /* and that hierarchy's name ("memory") */
};
int xrunc_init(void *arg);

/* the sync messages between the runtime and the child */
enum { XSYNC_GO = 'g', XSYNC_READY = 'r', XSYNC_ERR = 'e', XSYNC_MOUNT = 'm' };

#endif

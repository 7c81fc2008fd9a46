/*
 * xrunc - run containers from OCI bundles: a peer of runc, with the same
 * command line, built on the namespace, mount, cgroup and ID-map code of
 * lib/ that the other tools use.
 *
 * This file holds the global options, the log, and what every command
 * shares (ID checks, the state directory, the status); each command lives
 * in its own file: xrunc-spec.c (spec, features), xrunc-create.c,
 * xrunc-run.c (start, run), xrunc-state.c (state, list, kill, delete, ps),
 * with the hooks in xrunc-hooks.c, the container side in xrunc-init.c and
 * xrunc-mounts.c, and the cgroups in xrunc-cgroup.c.
 */
#include "compat.h"
#include "cli.h"
#include "mount.h"
#include "proc.h"
#include "xrunc.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

struct xrunc_global xg = { .root = "/run/xrunc", .log_fd = -1 };

static noreturn void usage(void)
{
	fputs("\nUsage:\n"
	      " xrunc [global options] <command> [options] <container-id>\n"
	      "\nRun containers from OCI bundles (a directory with config.json and a root\n"
	      "filesystem), as runc does.\n"
	      "\nCommands:\n"
	      " spec [--rootless] [--bundle <dir>]    write a default config.json\n"
	      " create [options] <id>                 make a container, its process waiting\n"
	      " start <id>                            let the process of a created container run\n"
	      " run [-d] [options] <id>               create and start, and wait unless -d\n"
	      " state <id>                            print the state of a container (JSON)\n"
	      " kill [--all] <id> [<signal>]          send a signal (default SIGTERM)\n"
	      " delete [--force] <id>                 remove a stopped container\n"
	      " list [-q] [--format table|json]       list the containers\n"
	      " ps [--format table|json] <id>         list the processes of a container\n"
	      " features                              print what this runtime supports (JSON)\n"
	      " exec [options] <id> <command>...      run a new process in a running container\n"
	      " pause <id>                            freeze every process of a container\n"
	      " resume <id>                           thaw a paused container\n"
	      " update [options] <id>                 change the cgroup limits of a container\n"
	      " events [--stats] [--interval <t>] <id>  print stats (JSON), every <t> or once\n"
	      "\nOptions of the commands:\n"
	      " -b, --bundle <dir>            the bundle (spec, create, run; default: .)\n"
	      "     --rootless                spec: a config for an unprivileged user\n"
	      "     --pid-file <file>         create, run: write the process's PID to <file>\n"
	      "     --console-socket <path>   create, run: send the terminal's pty master there\n"
	      "     --no-pivot                create, run: chroot(2), not pivot_root(2)\n"
	      "     --no-new-keyring          create, run: keep the caller's session keyring\n"
	      "     --preserve-fds <n>        create, run: pass fds 3 to 2+<n> on\n"
	      " -d, --detach                  run: return once the process runs\n"
	      " -a, --all                     kill: signal every process of the container\n"
	      " -f, --force                   delete: kill a running container first\n"
	      " -q, --quiet                   list: the IDs only\n"
	      "     --format <table|json>     list, ps: the output format (-f)\n"
	      "\nOptions of exec, update and events:\n"
	      " -p, --process <file>          exec: a runtime-spec process (JSON) to run\n"
	      " -d, -t, --pid-file, --console-socket, --preserve-fds   exec: as for run\n"
	      "     --tty                     exec: a terminal (with --console-socket)\n"
	      " -e, --env <key=value>         exec: set a variable\n"
	      " -u, --user <uid>[:<gid>]      exec: run as these numeric IDs\n"
	      " -g, --additional-gids <gid>   exec: a supplementary group\n"
	      "     --cwd <dir>               exec: the working directory\n"
	      " -c, --cap <cap>               exec: add a capability\n"
	      "     --no-new-privs            exec: set no_new_privs\n"
	      "     --ignore-paused           exec: in a paused container too\n"
	      "     --apparmor, --process-label, --cgroup   exec: refused\n"
	      " -r, --resources <file>        update: linux.resources (JSON; - for stdin)\n"
	      "     --memory, --memory-swap, --memory-reservation <size>   update\n"
	      "     --pids-limit, --cpu-quota, --cpu-period, --cpu-share, --cpu-shares <n>\n"
	      "     --cpuset-cpus, --cpuset-mems <list>, --blkio-weight <n>   update\n"
	      "     --stats                   events: once, then exit\n"
	      "     --interval <time>         events: between two lines (default: 5s)\n"
	      "\nGlobal options:\n"
	      "     --root <dir>              the state directory (default: /run/xrunc, or\n"
	      "                                 $XDG_RUNTIME_DIR/xrunc when not root)\n"
	      "     --log <file>              write log lines (errors, --debug) to <file>\n"
	      "     --log-format <format>     text or json (default: text)\n"
	      "     --debug                   log debug lines too\n"
	      "     --systemd-cgroup          refused: cgroups here are managed as files\n"
	      " -h, --help                    display this help\n"
	      " -V, --version                 display version\n"
	      "\nRun 'xrunc <command> --help' for the options of a command.\n"
	      "\nSee xrunc(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

/*
 * UTC by hand: glibc's gmtime_r reads /etc/localtime first (tzset), seven
 * system calls on every create for a zone that UTC never needs.  Days to
 * a civil date as in Howard Hinnant's public-domain algorithm.
 */
void xrunc_now_rfc3339(char *buf, size_t len)
{
	struct timespec ts;
	long long days, secs, era, doe, yoe, doy, mp, y;
	unsigned m, d;

	clock_gettime(CLOCK_REALTIME, &ts);
	days = ts.tv_sec / 86400;
	secs = ts.tv_sec % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (unsigned) (doy - (153 * mp + 2) / 5 + 1);
	m = (unsigned) (mp < 10 ? mp + 3 : mp - 9);
	y = yoe + era * 400 + (m <= 2);
	snprintf(buf, len, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%09ldZ", y, m, d,
		 secs / 3600, secs / 60 % 60, secs % 60, ts.tv_nsec);
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
	char msg[2048], when[64];
	char *line = NULL;
	int n;

	/* without --log, --debug lines go to stderr as runc's do; errors are said there anyway */
	if (xg.log_fd < 0 && strcmp(level, "debug"))
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	xrunc_now_rfc3339(when, sizeof(when));
	if (xg.log_json) {
		struct json_object *o = json_object_new_object();

		/* json-c escapes the message; containerd reads these lines */
		json_object_object_add(o, "level", json_object_new_string(level));
		json_object_object_add(o, "msg", json_object_new_string(msg));
		json_object_object_add(o, "time", json_object_new_string(when));
		n = asprintf(&line, "%s\n", json_object_to_json_string_ext(o,
			     JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	} else {
		n = asprintf(&line, "time=\"%s\" level=%s msg=\"%s\"\n", when, level, msg);
	}
	/* O_APPEND and one write: lines of processes sharing the log stay whole */
	if (n > 0 && write(xg.log_fd < 0 ? STDERR_FILENO : xg.log_fd, line, (size_t) n) < 0)
		n = -1;
	free(line);
}

void xrunc_log(const char *level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

noreturn void xrunc_fail(int rc, const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (rc)
		xrunc_log("error", "%s: %s", msg, strerror(rc < 0 ? -rc : rc));
	else
		xrunc_log("error", "%s", msg);
	if (rc)
		cli_errc(xg.fail_status ? xg.fail_status : EXIT_FAILURE, rc, "%s", msg);
	errx(xg.fail_status ? xg.fail_status : EXIT_FAILURE, "%s", msg);
}

const char *xrunc_id_or_err(int argc, char **argv, int optind_)
{
	const char *id;
	int rc;

	if (optind_ >= argc)
		xrunc_fail(0, "a container ID is required");
	id = argv[optind_];
	rc = ocistate_check_id(id);
	if (!*id)
		xrunc_fail(0, "invalid container ID: empty");
	if (rc == -ENAMETOOLONG)
		xrunc_fail(0, "invalid container ID: longer than %d characters", OCISTATE_ID_MAX);
	if (rc < 0)
		xrunc_fail(0, "invalid container ID '%s': only letters, digits, "
			   "'_', '+', '-' and '.' (not '.' or '..')", id);
	return id;
}

int xrunc_open_container_or_err(const char *id)
{
	int fd = -1;
	char *path = xasprintf("%s/%s", xg.root, id);

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		xrunc_fail(0, "container %s does not exist", id);
	if (fd < 0)
		xrunc_fail(-errno, "%s", path);
	free(path);
	return fd;
}

const char *xrunc_status_name(enum xrunc_status s)
{
	static const char *const names[] = { "creating", "created", "running", "stopped", "paused" };

	return names[s];
}

bool xrunc_alive(pid_t pid, uint64_t starttime)
{
	uint64_t start;
	char state;

	return pid > 0 && proc_read_stat_start(-1, pid, &state, &start) == 0 &&
	       start == starttime && state != 'Z' && state != 'X';
}

enum xrunc_status xrunc_status(int dirfd, const struct oci_state *st)
{
	uint64_t start;
	char state;

	/* being made, as long as the runtime making it lives */
	if (st->pid <= 0)
		return xrunc_alive(st->creator, st->creator_start) ? XS_CREATING : XS_STOPPED;
	/* a later process with the same PID has another start time */
	if (proc_read_stat_start(-1, st->pid, &state, &start) < 0 ||
	    start != st->starttime || state == 'Z' || state == 'X')
		return XS_STOPPED;
	/* the init waits on the exec fifo until start opens it */
	if (faccessat(dirfd, "exec.fifo", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
		return XS_CREATED;
	/* as runc: a frozen group is "paused" */
	if (xrunc_cgroup_frozen(st) == 1)
		return XS_PAUSED;
	return XS_RUNNING;
}

struct oci_spec *xrunc_load_spec_or_err(const char *bundle)
{
	struct oci_spec *spec = NULL;
	char err[512];
	int dfd, rc;

	dfd = open(bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		xrunc_fail(-errno, "bundle %s", bundle);
	rc = ocispec_load(dfd, "config.json", &spec, err, sizeof(err));
	close(dfd);
	if (rc < 0 && err[0])
		xrunc_fail(0, "config.json: %s", err);
	if (rc < 0)
		xrunc_fail(rc, "%s/config.json", bundle);
	return spec;
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} commands[] = {
	{ "spec", xrunc_cmd_spec }, { "create", xrunc_cmd_create },
	{ "start", xrunc_cmd_start }, { "run", xrunc_cmd_run },
	{ "state", xrunc_cmd_state }, { "kill", xrunc_cmd_kill },
	{ "delete", xrunc_cmd_delete }, { "list", xrunc_cmd_list },
	{ "ps", xrunc_cmd_ps }, { "features", xrunc_cmd_features },
	{ "exec", xrunc_cmd_exec }, { "pause", xrunc_cmd_pause },
	{ "resume", xrunc_cmd_resume }, { "update", xrunc_cmd_update },
	{ "events", xrunc_cmd_events },
};

int main(int argc, char **argv)
{
	enum { OPT_ROOT = CHAR_MAX + 1, OPT_LOG, OPT_LOG_FORMAT, OPT_DEBUG, OPT_SYSTEMD };
	static const struct option longopts[] = {
		{ "root",           required_argument, NULL, OPT_ROOT },
		{ "log",            required_argument, NULL, OPT_LOG },
		{ "log-format",     required_argument, NULL, OPT_LOG_FORMAT },
		{ "debug",          no_argument,       NULL, OPT_DEBUG },
		{ "systemd-cgroup", no_argument,       NULL, OPT_SYSTEMD },
		{ "help",           no_argument,       NULL, 'h' },
		{ "version",        no_argument,       NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	bool systemd = false, root_given = false;
	size_t i;
	int c;

	cli_close_stdout_atexit();
	while ((c = getopt_long(argc, argv, "+hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ROOT:
			xg.root = optarg;
			root_given = true;
			break;
		case OPT_LOG:
			xg.log = optarg;
			break;
		case OPT_LOG_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				errx(EXIT_FAILURE, "--log-format: '%s': not text or json", optarg);
			xg.log_json = !strcmp(optarg, "json");
			break;
		case OPT_DEBUG:
			xg.debug = true;
			break;
		case OPT_SYSTEMD:
			systemd = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (xg.log) {
		/* O_CLOEXEC: the container's process never inherits our log */
		xg.log_fd = open(xg.log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (xg.log_fd < 0)
			cli_errc(EXIT_FAILURE, errno, "--log %s", xg.log);
	}
	/* rootless, as runc: /run is root's, the user's runtime directory is not */
	if (!root_given && geteuid() != 0 && getenv("XDG_RUNTIME_DIR") &&
	    getenv("XDG_RUNTIME_DIR")[0] == '/')
		xg.root = xasprintf("%s/xrunc", getenv("XDG_RUNTIME_DIR"));
	if (systemd)
		xrunc_fail(0, "--systemd-cgroup: %s", access("/run/systemd/system", F_OK) == 0 ?
			   "systemd cgroups are not supported by xrunc; it manages cgroups as files" :
			   "systemd is not PID 1 here; xrunc manages cgroups as files");
	if (xg.root[0] != '/')
		xrunc_fail(0, "--root %s: not an absolute path", xg.root);
	if (optind >= argc) {
		warnx("no command given");
		cli_try_help();
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[optind], commands[i].name)) {
			char **sub = argv + optind;
			int n = argc - optind;

			optind = 0;     /* glibc: start getopt afresh on the command's own options */
			/*
			 * the container's init is a clone of us until it execs: an
			 * image's "#!/proc/self/exe" would run this very file inside
			 * and could reopen it for writing (runc's CVE-2019-5736), so
			 * the commands that put a clone of us in a container (create,
			 * run, exec) start over from a read-only mount of it.
			 * Not possible without CAP_SYS_ADMIN (rootless: the file is
			 * then not the container's to write) or before Linux 5.12.
			 */
			if (!strcmp(sub[0], "create") || !strcmp(sub[0], "run") ||
			    !strcmp(sub[0], "exec")) {
				int rc = mount_exec_self_readonly(argv, environ);

				if (rc < 0 && rc != -EPERM && rc != -ENOSYS)
					xrunc_fail(rc, "running from a read-only mount of %s", argv[0]);
			}
			return commands[i].fn(n, sub);
		}
	warnx("unknown command '%s'", argv[optind]);
	cli_try_help();
}

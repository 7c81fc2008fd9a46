/*
 * xrunc-state.c - the commands that look at and end containers: state,
 * list, ps, kill and delete.
 */
#include "compat.h"
#include "cleanup.h"
#include "cli.h"
#include "ns.h"
#include "parse.h"
#include "proc.h"
#include "xrunc.h"

#include <dirent.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

/* a command's own --help: @text after "Usage:" */
static void maybe_help(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("\nUsage:\n%s\nSee xrunc(8).\n", text);
			exit(EXIT_SUCCESS);
		}
}

static struct oci_state *read_state_or_err(int dfd, const char *id)
{
	struct oci_state *st = NULL;
	char err[256];
	int rc;

	rc = ocistate_read(dfd, &st, err, sizeof(err));
	if (rc == -ENOENT)
		xrunc_fail(0, "container %s is still being created (no state yet)", id);
	if (rc < 0 && err[0])
		xrunc_fail(0, "container %s: %s", id, err);
	if (rc < 0)
		xrunc_fail(rc, "container %s: state.json", id);
	return st;
}

/*
 * runc's owner: the name of the container folder's owner, "#UID" where
 * there is none; looked up here, on output, so that create makes no NSS
 * call (a state of an older xrunc that wrote the name keeps it)
 */
static void fill_owner(int dfd, struct oci_state *st)
{
	const struct passwd *pw;
	struct stat sb;

	if ((st->owner && st->owner[0]) || fstat(dfd, &sb) < 0)
		return;
	free(st->owner);
	pw = getpwuid(sb.st_uid);
	st->owner = pw ? xstrdup(pw->pw_name) : xasprintf("#%u", (unsigned) sb.st_uid);
}

int xrunc_cmd_state(int argc, char **argv)
{
	enum xrunc_status status;
	struct oci_state *st;
	const char *id;
	char *text;
	int dfd, rc;

	maybe_help(argc, argv, " xrunc state <container-id>\n\n"
		   "Print the state of a container, as the runtime spec's state JSON.\n");
	if (argc > 2)
		xrunc_fail(0, "state: one container ID only");
	id = xrunc_id_or_err(argc, argv, 1);
	dfd = xrunc_open_container_or_err(id);
	st = read_state_or_err(dfd, id);
	status = xrunc_status(dfd, st);
	fill_owner(dfd, st);
	/* the PID of a process that is gone may be another's by now: runc shows 0 */
	if (status == XS_STOPPED)
		st->pid = 0;
	if ((rc = ocistate_format(st, xrunc_status_name(status), true, &text)) < 0)
		xrunc_fail(rc, "state");
	printf("%s\n", text);
	free(text);
	ocistate_free(st);
	close(dfd);
	return 0;
}

int xrunc_cmd_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet",  no_argument,       NULL, 'q' },
		{ "format", required_argument, NULL, 'f' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct json_object *arr = NULL;
	bool quiet = false, json = false;
	struct dirent *de;
	DIR *d;
	int c;

	while ((c = getopt_long(argc, argv, "qf:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'q': quiet = true; break;
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				xrunc_fail(0, "list: --format '%s': not table or json", optarg);
			json = !strcmp(optarg, "json");
			break;
		case 'h':
			maybe_help(2, (char *[]) { argv[0], "-h", NULL },
				   " xrunc list [options]\n\nList the containers under --root.\n"
				   "\nOptions:\n"
				   " -q, --quiet                   print the IDs only\n"
				   " -f, --format <table|json>     the output format (default: table)\n"
				   " -h, --help                    display this help\n");
			break;
		default: cli_try_help();
		}
	}
	d = opendir(xg.root);
	if (!d && errno != ENOENT)
		xrunc_fail(-errno, "%s", xg.root);
	if (json)
		arr = json_object_new_array();
	else if (!quiet)
		printf("%-12s %-8s %-10s %-40s %-30s %s\n", "ID", "PID", "STATUS", "BUNDLE",
		       "CREATED", "OWNER");
	while (d && (de = readdir(d))) {
		struct oci_state *st = NULL;
		enum xrunc_status s;
		char err[256];
		int dfd;

		if (de->d_name[0] == '.' || ocistate_check_id(de->d_name) < 0)
			continue;
		dfd = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0)
			continue;
		if (ocistate_read(dfd, &st, err, sizeof(err)) < 0) {
			close(dfd);
			continue;
		}
		s = xrunc_status(dfd, st);
		if (!quiet)
			fill_owner(dfd, st);
		if (quiet) {
			printf("%s\n", st->id);
		} else if (json) {
			char *text;
			int rc;

			if (s == XS_STOPPED)
				st->pid = 0;
			if ((rc = ocistate_format(st, xrunc_status_name(s), false, &text)) < 0)
				xrunc_fail(rc, "list");

			json_object_array_add(arr, json_tokener_parse(text));
			free(text);
		} else {
			printf("%-12s %-8d %-10s %-40s %-30s %s\n", st->id,
			       s == XS_STOPPED ? 0 : (int) st->pid, xrunc_status_name(s),
			       st->bundle ? st->bundle : "", st->created ? st->created : "",
			       st->owner ? st->owner : "");
		}
		ocistate_free(st);
		close(dfd);
	}
	if (d)
		closedir(d);
	if (json) {
		printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	}
	return 0;
}

int xrunc_cmd_kill(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all",  no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct oci_state *st;
	enum xrunc_status s;
	bool all = false;
	const char *id;
	int c, dfd, sig = SIGTERM, rc;

	while ((c = getopt_long(argc, argv, "+ah", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': all = true; break;
		case 'h':
			maybe_help(2, (char *[]) { argv[0], "-h", NULL },
				   " xrunc kill [options] <container-id> [<signal>]\n\n"
				   "Send a signal (a name such as KILL or SIGKILL, or a number; default\n"
				   "TERM) to the container's process.\n\nOptions:\n"
				   " -a, --all     send it to every process of the container\n"
				   " -h, --help    display this help\n");
			break;
		default: cli_try_help();
		}
	}
	id = xrunc_id_or_err(argc, argv, optind);
	if (optind + 1 < argc && parse_signal(argv[optind + 1], &sig) < 0)
		xrunc_fail(0, "kill: '%s': not a signal name or number", argv[optind + 1]);
	if (optind + 2 < argc)
		xrunc_fail(0, "kill: unexpected argument '%s'", argv[optind + 2]);
	dfd = xrunc_open_container_or_err(id);
	st = read_state_or_err(dfd, id);
	s = xrunc_status(dfd, st);
	if (s != XS_CREATED && s != XS_RUNNING && s != XS_PAUSED && !all)
		xrunc_fail(0, "container %s is not running (%s)", id, xrunc_status_name(s));
	if (all && st->cgroup_path)
		rc = xrunc_cgroup_signal(st, sig);
	else
		rc = s == XS_STOPPED ? 0 : kill(st->pid, sig) < 0 ? -errno : 0;
	if (rc < 0)
		xrunc_fail(rc, "kill %s", id);
	ocistate_free(st);
	close(dfd);
	return 0;
}

/* remove the state directory and all in it (flat: state.json, exec.fifo) */
static int remove_entry(int rootfd, const char *id)
{
	int dfd = openat(rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *de;
	DIR *d;

	if (dfd < 0)
		return errno == ENOENT ? 0 : -errno;
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return -errno;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			unlinkat(dfd, de->d_name, 0);
	closedir(d);
	return unlinkat(rootfd, id, AT_REMOVEDIR) < 0 && errno != ENOENT ? -errno : 0;
}

static void stop_creator(const struct oci_state *st)
{
	int fd, i;

	if (st->creator == getpid())     /* our own create, undoing itself */
		return;
	fd = ns_pidfd_open(st->creator);
	if (fd < 0 || !xrunc_alive(st->creator, st->creator_start)) {
		if (fd >= 0)
			close(fd);
		return;
	}
	xns_pidfd_send_signal(fd, SIGKILL, NULL, 0);
	for (i = 0; i < 200 && ns_pidfd_alive(fd) == 0; i++)
		usleep(5000);
	close(fd);
}

/*
 * entries a create had not yet renamed into place (".ID.new-PID"): with
 * --force, stop their runtime (it made nothing else yet) and remove them
 */
static void sweep_unborn(int rootfd, const char *id, bool force)
{
	_cleanup_free_ char *prefix = xasprintf(".%s.new-", id);
	int dfd = rootfd < 0 ? -1 : dup(rootfd);
	struct dirent *de;
	DIR *d;

	d = dfd < 0 ? NULL : fdopendir(dfd);
	if (!d) {
		if (dfd >= 0)
			close(dfd);
		return;
	}
	while ((de = readdir(d))) {
		pid_t pid;

		if (strncmp(de->d_name, prefix, strlen(prefix)) ||
		    parse_pid(de->d_name + strlen(prefix), &pid) < 0)
			continue;
		if (kill(pid, 0) == 0) {
			if (!force)
				continue;
			kill(pid, SIGKILL);
			usleep(20000);
		}
		remove_entry(rootfd, de->d_name);
	}
	closedir(d);
}

int xrunc_delete(const char *id, bool force, bool quiet_missing)
{
	struct oci_state *st = NULL;
	struct oci_spec *spec = NULL;
	char err[256];
	int dfd, rootfd, rc;

	rootfd = open(xg.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	sweep_unborn(rootfd, id, force);
	dfd = rootfd < 0 ? -1 : openat(rootfd, id, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (rootfd >= 0)
			close(rootfd);
		/* as runc: engines delete --force whatever they are unsure of */
		if (quiet_missing || force)
			return 0;
		xrunc_fail(0, "container %s does not exist", id);
	}
	rc = ocistate_read(dfd, &st, err, sizeof(err));
	if (rc < 0 && !force)
		xrunc_fail(0, "container %s has no readable state (%s); use --force",
			   id, err[0] ? err : strerror(-rc));
	if (st) {
		enum xrunc_status s = xrunc_status(dfd, st);

		if ((s == XS_RUNNING || s == XS_PAUSED) && !force)
			xrunc_fail(0, "cannot delete container %s that is not stopped: %s"
				   " (use --force)", id, xrunc_status_name(s));
		/* created (waiting on the fifo) goes without --force, as in runc */
		if (s != XS_STOPPED && st->pid > 0)
			kill(st->pid, SIGKILL);
		/* a frozen task takes its SIGKILL only once thawed */
		if (s == XS_PAUSED)
			xrunc_cgroup_freeze(st, false);
		/*
		 * a runtime still making it would go on making what we remove:
		 * stop it first (its child dies with it, by the parent-death signal)
		 */
		if (s == XS_CREATING && !force)
			xrunc_fail(0, "container %s is being created (use --force)", id);
		if (s == XS_CREATING)
			stop_creator(st);
		rc = xrunc_cgroup_destroy(st);
		if (rc < 0)
			xrunc_log("warning", "container %s: cgroup %s: %s", id,
				  st->cgroup_path, strerror(-rc));
		/* poststop: the bundle's config, if it is still there */
		if (st->bundle) {
			int bfd = open(st->bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (bfd >= 0 && ocispec_load(bfd, "config.json", &spec, err, sizeof(err)) == 0)
				if (xrunc_run_hooks(spec, OCI_HOOK_POSTSTOP, st, "stopped", err,
						    sizeof(err)) < 0)
					xrunc_log("warning", "container %s: %s", id, err);
			if (bfd >= 0)
				close(bfd);
			ocispec_free(spec);
		}
	}
	close(dfd);
	rc = remove_entry(rootfd, id);
	close(rootfd);
	ocistate_free(st);
	if (rc < 0)
		xrunc_fail(rc, "delete %s", id);
	return 0;
}

int xrunc_cmd_delete(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help",  no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool force = false;
	int c;

	while ((c = getopt_long(argc, argv, "fh", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': force = true; break;
		case 'h':
			maybe_help(2, (char *[]) { argv[0], "-h", NULL },
				   " xrunc delete [options] <container-id>\n\n"
				   "Remove a container: its state, its cgroups and, with --force, its\n"
				   "processes.\n\nOptions:\n"
				   " -f, --force   kill a running container first\n"
				   " -h, --help    display this help\n");
			break;
		default: cli_try_help();
		}
	}
	if (optind + 1 < argc)
		xrunc_fail(0, "delete: one container ID only");
	return xrunc_delete(xrunc_id_or_err(argc, argv, optind), force, false);
}

int xrunc_cmd_ps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help",   no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	_cleanup_free_ pid_t *pids = NULL;
	struct oci_state *st;
	bool json = false;
	const char *id;
	int c, dfd, n, i;

	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "table") && strcmp(optarg, "json"))
				xrunc_fail(0, "ps: --format '%s': not table or json", optarg);
			json = !strcmp(optarg, "json");
			break;
		case 'h':
			maybe_help(2, (char *[]) { argv[0], "-h", NULL },
				   " xrunc ps [options] <container-id>\n\n"
				   "List the processes of a container (those in its cgroup).\n\nOptions:\n"
				   " -f, --format <table|json>   the output format (default: table)\n"
				   " -h, --help                  display this help\n");
			break;
		default: cli_try_help();
		}
	}
	id = xrunc_id_or_err(argc, argv, optind);
	dfd = xrunc_open_container_or_err(id);
	st = read_state_or_err(dfd, id);
	n = xrunc_cgroup_pids(st, &pids);
	if (n < 0)
		xrunc_fail(n, "ps %s: cgroup", id);
	if (json) {
		printf("[");
		for (i = 0; i < n; i++)
			printf("%s%d", i ? "," : "", (int) pids[i]);
		printf("]\n");
	} else {
		printf("%8s %s\n", "PID", "CMD");
		for (i = 0; i < n; i++) {
			_cleanup_free_ char *cmd = NULL;

			if (proc_read_cmdline(-1, pids[i], &cmd) < 0)
				continue;
			printf("%8d %s\n", (int) pids[i], cmd);
		}
	}
	ocistate_free(st);
	close(dfd);
	return 0;
}

/*
 * xrunc-spec.c - `spec` (runc's default config.json, and its rootless
 * variant) and `features` (the runtime spec's features document).
 */
#include "compat.h"
#include "cli.h"
#include "xrunc.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

/* runc's defaults, so that a bundle made by either runs under both */
static const char default_config[] =
"{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"terminal\":true,\"user\":{\"uid\":0,\"gid\":0},"
"\"args\":[\"sh\"],\"env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
"\"TERM=xterm\"],\"cwd\":\"/\",\"capabilities\":{"
"\"bounding\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
"\"effective\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
"\"permitted\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
"\"ambient\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]},"
"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],\"noNewPrivileges\":true},"
"\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"hostname\":\"xrunc\",\"mounts\":["
"{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
"{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]},"
"{\"destination\":\"/dev/pts\",\"type\":\"devpts\",\"source\":\"devpts\",\"options\":[\"nosuid\",\"noexec\",\"newinstance\",\"ptmxmode=0666\",\"mode=0620\",\"gid=5\"]},"
"{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\",\"size=65536k\"]},"
"{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\",\"source\":\"mqueue\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]},"
"{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]},"
"{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\",\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"relatime\",\"ro\"]}],"
"\"linux\":{\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]},"
"\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"}],"
"\"maskedPaths\":[\"/proc/acpi\",\"/proc/asound\",\"/proc/kcore\",\"/proc/keys\",\"/proc/latency_stats\","
"\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\",\"/sys/firmware\",\"/proc/scsi\"],"
"\"readonlyPaths\":[\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]}}";

static struct json_object *idmap_one(unsigned host)
{
	struct json_object *a = json_object_new_array(), *m = json_object_new_object();

	json_object_object_add(m, "containerID", json_object_new_int(0));
	json_object_object_add(m, "hostID", json_object_new_int64(host));
	json_object_object_add(m, "size", json_object_new_int(1));
	json_object_array_add(a, m);
	return a;
}

/*
 * runc's rootless changes: no network namespace (an unprivileged user has
 * no way to wire one up) but a user namespace mapping the caller to root,
 * no cgroup device rules, /sys bound from the host (sysfs may not be
 * mounted without owning the network namespace) and devpts without gid=5
 * (that group is not mapped).
 */
static void make_rootless(struct json_object *cfg)
{
	struct json_object *lin, *mounts, *ns, *m, *opts;
	static const char *const types[] = { "pid", "ipc", "uts", "mount", "user" };
	static const char *const sys_opts[] = { "rbind", "nosuid", "noexec", "nodev", "ro" };
	size_t i, j;

	json_object_object_get_ex(cfg, "linux", &lin);
	json_object_object_del(lin, "resources");
	ns = json_object_new_array();
	for (i = 0; i < ARRAY_SIZE(types); i++) {
		struct json_object *t = json_object_new_object();

		json_object_object_add(t, "type", json_object_new_string(types[i]));
		json_object_array_add(ns, t);
	}
	json_object_object_add(lin, "uidMappings", idmap_one(geteuid()));
	json_object_object_add(lin, "gidMappings", idmap_one(getegid()));
	json_object_object_add(lin, "namespaces", ns);
	json_object_object_get_ex(cfg, "mounts", &mounts);
	for (i = 0; i < json_object_array_length(mounts); i++) {
		const char *dst;

		m = json_object_array_get_idx(mounts, i);
		dst = json_object_get_string(json_object_object_get(m, "destination"));
		opts = json_object_object_get(m, "options");
		if (!strcmp(dst, "/sys")) {
			json_object_object_add(m, "type", json_object_new_string("none"));
			json_object_object_add(m, "source", json_object_new_string("/sys"));
			opts = json_object_new_array();
			for (j = 0; j < ARRAY_SIZE(sys_opts); j++)
				json_object_array_add(opts, json_object_new_string(sys_opts[j]));
			json_object_object_add(m, "options", opts);
		} else if (!strcmp(dst, "/dev/pts")) {
			for (j = 0; j < json_object_array_length(opts); j++)
				if (!strcmp(json_object_get_string(json_object_array_get_idx(opts, j)), "gid=5"))
					json_object_array_del_idx(opts, j, 1);
		}
	}
}

static noreturn void spec_usage(void)
{
	fputs("\nUsage:\n"
	      " xrunc spec [options]\n"
	      "\nWrite a default config.json (runc's defaults) into the bundle.\n"
	      "\nOptions:\n"
	      " -b, --bundle <dir>   the bundle directory (default: the current one)\n"
	      "     --rootless       a config for an unprivileged user (user namespace)\n"
	      " -h, --help           display this help\n"
	      "\nSee xrunc(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

int xrunc_cmd_spec(int argc, char **argv)
{
	enum { OPT_ROOTLESS = CHAR_MAX + 1 };
	static const struct option longopts[] = {
		{ "bundle",   required_argument, NULL, 'b' },
		{ "rootless", no_argument,       NULL, OPT_ROOTLESS },
		{ "help",     no_argument,       NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *bundle = ".";
	struct json_object *cfg;
	bool rootless = false;
	const char *text;
	int c, dfd, fd;
	size_t len;

	while ((c = getopt_long(argc, argv, "b:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': bundle = optarg; break;
		case OPT_ROOTLESS: rootless = true; break;
		case 'h': spec_usage();
		default: cli_try_help();
		}
	}
	if (optind < argc)
		xrunc_fail(0, "spec: unexpected argument '%s'", argv[optind]);
	cfg = json_tokener_parse(default_config);
	if (!cfg)
		xrunc_fail(-ENOMEM, "spec");
	if (rootless)
		make_rootless(cfg);
	text = json_object_to_json_string_ext(cfg, JSON_C_TO_STRING_PRETTY |
			JSON_C_TO_STRING_PRETTY_TAB | JSON_C_TO_STRING_NOSLASHESCAPE);
	dfd = open(bundle, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		xrunc_fail(-errno, "bundle %s", bundle);
	/* O_EXCL: an existing config is the user's work, never overwritten */
	fd = openat(dfd, "config.json", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && errno == EEXIST)
		xrunc_fail(0, "%s/config.json exists; remove it first", bundle);
	if (fd < 0)
		xrunc_fail(-errno, "%s/config.json", bundle);
	len = strlen(text);
	if (write(fd, text, len) != (ssize_t) len || write(fd, "\n", 1) != 1 || close(fd) < 0)
		xrunc_fail(-errno, "%s/config.json", bundle);
	close(dfd);
	json_object_put(cfg);
	return 0;
}

static const char features_doc[] =
"{\"ociVersionMin\":\"1.0.0\",\"ociVersionMax\":\"1.1.0\","
"\"hooks\":[\"prestart\",\"createRuntime\",\"createContainer\",\"startContainer\",\"poststart\",\"poststop\"],"
"\"mountOptions\":[\"async\",\"atime\",\"bind\",\"defaults\",\"dev\",\"diratime\",\"dirsync\",\"exec\","
"\"idmap\",\"iversion\",\"lazytime\",\"loud\",\"mand\",\"noatime\",\"nodev\",\"nodiratime\",\"noexec\",\"noiversion\","
"\"nolazytime\",\"nomand\",\"norelatime\",\"nostrictatime\",\"nosuid\",\"private\",\"rbind\",\"relatime\",\"ridmap\",\"rro\","
"\"remount\",\"ro\",\"rprivate\",\"rshared\",\"rslave\",\"runbindable\",\"rw\",\"shared\",\"silent\","
"\"slave\",\"strictatime\",\"suid\",\"sync\",\"unbindable\"],"
"\"linux\":{\"namespaces\":[\"cgroup\",\"ipc\",\"mount\",\"network\",\"pid\",\"time\",\"user\",\"uts\"],"
"\"cgroup\":{\"v1\":true,\"v2\":true,\"systemd\":false,\"systemdUser\":false},"
"\"apparmor\":{\"enabled\":false},\"selinux\":{\"enabled\":false}}}";

#ifdef HAVE_LIBSECCOMP
/* what lib/ociseccomp.c takes */
static const char *const seccomp_actions[] = { "SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO",
	"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",
	"SCMP_ACT_TRACE", "SCMP_ACT_TRAP", NULL };
static const char *const seccomp_operators[] = { "SCMP_CMP_EQ", "SCMP_CMP_GE",
	"SCMP_CMP_GT", "SCMP_CMP_LE", "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", NULL };
static const char *const seccomp_archs[] = { "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM",
	"SCMP_ARCH_X32", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", NULL };

static struct json_object *strv_array(const char *const *v)
{
	struct json_object *a = json_object_new_array();

	for (; *v; v++)
		json_object_array_add(a, json_object_new_string(*v));
	return a;
}
#endif

int xrunc_cmd_features(int argc, char **argv)
{
	struct json_object *doc, *lin, *caps, *sc;
	int i;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs("\nUsage:\n xrunc features\n\nPrint what this runtime supports, as the "
		      "runtime spec's features JSON.\n\nSee xrunc(8).\n", stdout);
		return 0;
	}
	if (argc > 1)
		xrunc_fail(0, "features: unexpected argument '%s'", argv[1]);
	doc = json_tokener_parse(features_doc);
	if (!doc)
		xrunc_fail(-ENOMEM, "features");
	json_object_object_get_ex(doc, "linux", &lin);
	caps = json_object_new_array();
	for (i = 0; ocispec_cap_name(i); i++)
		json_object_array_add(caps, json_object_new_string(ocispec_cap_name(i)));
	json_object_object_add(lin, "capabilities", caps);
	sc = json_object_new_object();
#ifdef HAVE_LIBSECCOMP
	json_object_object_add(sc, "enabled", json_object_new_boolean(1));
	json_object_object_add(sc, "actions", strv_array(seccomp_actions));
	json_object_object_add(sc, "operators", strv_array(seccomp_operators));
	json_object_object_add(sc, "archs", strv_array(seccomp_archs));
#else
	json_object_object_add(sc, "enabled", json_object_new_boolean(0));
#endif
	json_object_object_add(lin, "seccomp", sc);
	printf("%s\n", json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
		JSON_C_TO_STRING_PRETTY_TAB | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(doc);
	return 0;
}

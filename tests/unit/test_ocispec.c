/*
 * test_ocispec.c - config.json read into struct oci_spec: runc's default
 * config, then every kind of wrong: not JSON, wrong types, missing
 * required properties, deep nesting, huge arrays, numbers out of range.
 * A refusal must name the property's JSON path.
 */
#include "compat.h"
#include "ocispec.h"
#include "unit.h"

#include <sys/resource.h>

/* runc 1.1's `runc spec`, one line */
static const char runc_default[] =
"{\"ociVersion\":\"1.0.2-dev\",\"process\":{\"terminal\":true,\"user\":{\"uid\":0,\"gid\":0},"
"\"args\":[\"sh\"],\"env\":[\"PATH=/usr/bin:/bin\",\"TERM=xterm\"],\"cwd\":\"/\","
"\"capabilities\":{\"bounding\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
"\"effective\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
"\"permitted\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"],"
"\"ambient\":[\"CAP_AUDIT_WRITE\",\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]},"
"\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}],\"noNewPrivileges\":true},"
"\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"hostname\":\"runc\",\"mounts\":["
"{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
"{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":[\"nosuid\",\"strictatime\",\"mode=755\",\"size=65536k\"]}],"
"\"linux\":{\"resources\":{\"devices\":[{\"allow\":false,\"access\":\"rwm\"}]},"
"\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"network\"},{\"type\":\"ipc\"},{\"type\":\"uts\"},{\"type\":\"mount\"}],"
"\"maskedPaths\":[\"/proc/kcore\"],\"readonlyPaths\":[\"/proc/sys\"]}}";

static struct oci_spec *parse_ok(const char *text)
{
	struct oci_spec *s = NULL;
	char err[512];
	int rc = ocispec_parse(text, strlen(text), &s, err, sizeof(err));

	ck_assert_msg(rc == 0, "refused: %s", err);
	return s;
}

static void parse_ok_free(const char *text)
{
	ocispec_free(parse_ok(text));
}

/* @text must be refused with exactly @want */
static void refused(const char *text, const char *want)
{
	struct oci_spec *s = NULL;
	char err[512];
	int rc = ocispec_parse(text, strlen(text), &s, err, sizeof(err));

	ck_assert_msg(rc == -EINVAL, "accepted: %.200s (want %s)", text, want);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err, want);
}

/* runc_default with @from replaced by @to (once) */
static char *edit(const char *from, const char *to)
{
	const char *at = strstr(runc_default, from);
	char *out;

	ck_assert_ptr_nonnull(at);
	ck_assert_int_ge(asprintf(&out, "%.*s%s%s", (int) (at - runc_default), runc_default,
				  to, at + strlen(from)), 0);
	return out;
}

static void refused_edit(const char *from, const char *to, const char *want)
{
	char *t = edit(from, to);

	refused(t, want);
	free(t);
}

START_TEST(runc_default_config)
{
	struct oci_spec *s = parse_ok(runc_default);

	ck_assert_str_eq(s->oci_version, "1.0.2-dev");
	ck_assert_str_eq(s->root_path, "rootfs");
	ck_assert(s->root_readonly);
	ck_assert_str_eq(s->hostname, "runc");
	ck_assert(s->has_process);
	ck_assert(s->process.terminal);
	ck_assert_str_eq(s->process.args[0], "sh");
	ck_assert_ptr_null(s->process.args[1]);
	ck_assert_str_eq(s->process.env[1], "TERM=xterm");
	ck_assert_str_eq(s->process.cwd, "/");
	ck_assert(s->process.has_caps);
	ck_assert_uint_eq(s->process.caps[OCI_CAP_BOUNDING],
			  (1ull << 29) | (1ull << 5) | (1ull << 10));
	ck_assert_uint_eq(s->process.caps[OCI_CAP_INHERITABLE], 0);
	ck_assert_uint_eq(s->process.n_rlimits, 1);
	ck_assert_int_eq(s->process.rlimits[0].resource, RLIMIT_NOFILE);
	ck_assert_uint_eq(s->process.rlimits[0].soft, 1024);
	ck_assert(s->process.no_new_privileges);
	ck_assert_uint_eq(s->nmounts, 2);
	ck_assert_str_eq(s->mounts[1].destination, "/dev");
	ck_assert_str_eq(s->mounts[1].options[3], "size=65536k");
	ck_assert_ptr_null(s->mounts[0].options);
	ck_assert_uint_eq(s->nnamespaces, 5);
	ck_assert_int_eq(s->namespaces[1].kind, NS_NET);
	ck_assert_int_eq(s->namespaces[4].kind, NS_MNT);
	ck_assert_ptr_nonnull(ocispec_ns(s, NS_UTS));
	ck_assert_ptr_null(ocispec_ns(s, NS_USER));
	ck_assert(s->has_resources);
	ck_assert_uint_eq(s->resources.n_devices, 1);
	ck_assert(!s->resources.devices[0].allow);
	ck_assert_int_eq(s->resources.devices[0].type, 'a');
	ck_assert_str_eq(s->resources.devices[0].access, "rwm");
	ck_assert_str_eq(s->masked_paths[0], "/proc/kcore");
	ck_assert_str_eq(s->readonly_paths[0], "/proc/sys");
	ocispec_free(s);
}
END_TEST

START_TEST(full_linux_part)
{
	static const char cfg[] =
	"{\"ociVersion\":\"1.1.0\",\"unknownTop\":{\"a\":[1,2,{\"b\":null}]},"
	"\"hooks\":{\"prestart\":[{\"path\":\"/bin/true\",\"args\":[\"true\"],\"timeout\":5}],"
	"\"poststop\":[{\"path\":\"/bin/x\"}]},"
	"\"annotations\":{\"org.example.k\":\"v\"},"
	"\"process\":{\"user\":{\"uid\":1000,\"gid\":100,\"umask\":18,\"additionalGids\":[5,6]},"
	"\"args\":[\"a\"],\"cwd\":\"/w\",\"oomScoreAdj\":-1000,\"consoleSize\":{\"height\":24,\"width\":80},"
	"\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"soft\":18446744073709551615,\"hard\":18446744073709551615}]},"
	"\"linux\":{\"namespaces\":[{\"type\":\"user\"},{\"type\":\"network\",\"path\":\"/run/netns/x\"},"
	"{\"type\":\"time\"},{\"type\":\"cgroup\"}],"
	"\"uidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
	"\"gidMappings\":[{\"containerID\":0,\"hostID\":100000,\"size\":65536}],"
	"\"sysctl\":{\"net.ipv4.ip_forward\":\"1\"},\"cgroupsPath\":\"/xns/c\","
	"\"timeOffsets\":{\"monotonic\":{\"secs\":-86400,\"nanosecs\":5}},"
	"\"personality\":{\"domain\":\"LINUX32\"},"
	"\"devices\":[{\"path\":\"/dev/fuse\",\"type\":\"c\",\"major\":10,\"minor\":229,\"fileMode\":438}],"
	"\"resources\":{\"memory\":{\"limit\":524288,\"swap\":-1,\"disableOOMKiller\":false},"
	"\"cpu\":{\"shares\":512,\"quota\":-1,\"period\":100000,\"cpus\":\"0-1\"},\"pids\":{\"limit\":64},"
	"\"blockIO\":{\"weight\":300,\"throttleReadBpsDevice\":[{\"major\":8,\"minor\":0,\"rate\":1048576}]},"
	"\"unified\":{\"memory.high\":\"1G\"}},"
	"\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"
	"\"architectures\":[\"SCMP_ARCH_X86_64\"],\"syscalls\":[{\"names\":[\"read\",\"write\"],"
	"\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]}}}";
	struct oci_spec *s = parse_ok(cfg);
	const struct oci_resources *r = &s->resources;

	ck_assert(s->has_process);
	ck_assert_ptr_null(s->root_path);    /* no root: create refuses it, not the reader */
	ck_assert_uint_eq(s->process.uid, 1000);
	ck_assert_uint_eq(s->process.umask.v, 022);
	ck_assert_uint_eq(s->process.n_additional_gids, 2);
	ck_assert_uint_eq(s->process.additional_gids[1], 6);
	ck_assert_int_eq(s->process.oom_score_adj.v, -1000);
	ck_assert_uint_eq(s->process.console_width, 80);
	ck_assert_uint_eq(s->process.rlimits[0].hard, UINT64_MAX);
	ck_assert_uint_eq(s->hooks.n[OCI_HOOK_PRESTART], 1);
	ck_assert_uint_eq(s->hooks.h[OCI_HOOK_PRESTART][0].timeout.v, 5);
	ck_assert_uint_eq(s->hooks.n[OCI_HOOK_POSTSTOP], 1);
	ck_assert_uint_eq(s->hooks.n[OCI_HOOK_POSTSTART], 0);
	ck_assert_str_eq(s->annotations[0].key, "org.example.k");
	ck_assert_str_eq(s->namespaces[1].path, "/run/netns/x");
	ck_assert_uint_eq(s->uid_map.n, 1);
	ck_assert_uint_eq(s->uid_map.r[0].outer, 100000);
	ck_assert_str_eq(s->sysctl[0].value, "1");
	ck_assert_str_eq(s->cgroups_path, "/xns/c");
	ck_assert(s->has_time_offsets);
	ck_assert_int_eq(s->time_offset_secs[0], -86400);
	ck_assert_uint_eq(s->time_offset_nsecs[0], 5);
	ck_assert_str_eq(s->personality_domain, "LINUX32");
	ck_assert_int_eq(s->devices[0].type, 'c');
	ck_assert_uint_eq(s->devices[0].file_mode.v, 0666);
	ck_assert_int_eq(r->mem_limit.v, 524288);
	ck_assert_int_eq(r->mem_swap.v, -1);
	ck_assert(r->mem_swap.has && !r->mem_reservation.has);
	ck_assert_uint_eq(r->cpu_shares.v, 512);
	ck_assert_int_eq(r->cpu_quota.v, -1);
	ck_assert_str_eq(r->cpu_cpus, "0-1");
	ck_assert_int_eq(r->pids_limit.v, 64);
	ck_assert_uint_eq(r->blkio_weight.v, 300);
	ck_assert_uint_eq(r->n_blkio_throttle[0], 1);
	ck_assert_uint_eq(r->blkio_throttle[0][0].rate.v, 1048576);
	ck_assert_str_eq(r->unified[0].key, "memory.high");
	ck_assert_str_eq(s->seccomp->default_action, "SCMP_ACT_ERRNO");
	ck_assert_uint_eq(s->seccomp->nrules, 1);
	ck_assert_str_eq(s->seccomp->rules[0].names[1], "write");
	ck_assert_uint_eq(s->seccomp->rules[0].args[0].value, 1);
	ocispec_free(s);

	s = parse_ok("{\"ociVersion\":\"1\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"x\"],"
		     "\"cwd\":\"/\",\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"soft\":18446744073709551615,"
		     "\"hard\":18446744073709551615}],\"env\":null,\"capabilities\":null}}");
	ck_assert_uint_eq(s->process.rlimits[0].soft, UINT64_MAX);
	ck_assert_ptr_null(s->process.env);        /* null: absent */
	ck_assert(!s->process.has_caps);
	ocispec_free(s);
}
END_TEST

START_TEST(not_json)
{
	refused("", "config.json: not valid JSON at byte 0: unexpected end of data");
	refused("{\"ociVersion\":\"1\"", "config.json: not valid JSON at byte 17: unexpected end of data");
	refused("{\"ociVersion\":\"1\"} x", "config.json: not valid JSON at byte 19: unexpected character");
	refused("[1,2]", "config.json: not a JSON object");
	refused("{\"ociVersion\":\"1\",}", "config.json: not valid JSON at byte 18: "
		"unexpected character");
	refused("{}", "ociVersion: missing");
	/* json-c would clamp these to INT64_MIN / UINT64_MAX ("unlimited") */
	refused("{\"ociVersion\":\"1\",\"x\":18446744073709551616}",
		"config.json: a number at byte 22 does not fit in 64 bits");
	refused("{\"ociVersion\":\"1\",\"x\":-99999999999999999999999}",
		"config.json: a number at byte 23 does not fit in 64 bits");
	/* but not digits in strings, nor long fractions, nor the largest one */
	parse_ok_free("{\"ociVersion\":\"123456789012345678901234567890\",\"x\":0.12345678901234567890123,"
		      "\"y\":18446744073709551615,\"w\":1e400}");
	refused("{\"ociVersion\":1}", "ociVersion: not a string");
}
END_TEST

START_TEST(wrong_types)
{
	refused_edit("\"args\":[\"sh\"]", "\"args\":\"sh\"", "process.args: not an array of strings");
	refused_edit("\"args\":[\"sh\"]", "\"args\":[\"sh\",1]", "process.args: not an array of strings");
	refused_edit("\"args\":[\"sh\"]", "\"args\":[]", "process.args: missing or empty");
	refused_edit("\"terminal\":true", "\"terminal\":\"yes\"", "process.terminal: not a boolean");
	refused_edit("\"uid\":0", "\"uid\":-1", "process.user.uid: out of range");
	refused_edit("\"uid\":0", "\"uid\":4294967296", "process.user.uid: out of range");
	refused_edit("\"uid\":0", "\"uid\":0.5", "process.user.uid: not an integer");
	refused_edit("\"uid\":0,", "", "process.user.uid: missing");
	refused_edit("\"cwd\":\"/\"", "\"cwd\":\"rel\"", "process.cwd: not an absolute path");
	refused_edit("\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]},", "\"CAP_KILLL\"]},",
		     "process.capabilities.ambient: unknown capability CAP_KILLL");
	refused_edit("RLIMIT_NOFILE", "RLIMIT_FILES", "process.rlimits[0].type: unknown rlimit RLIMIT_FILES");
	refused_edit("\"hard\":1024,", "", "process.rlimits[0].hard: missing");
	refused_edit("\"root\":{\"path\":\"rootfs\"", "\"root\":{\"path\":[]",
		     "root.path: not a string");
	refused_edit("{\"destination\":\"/proc\",", "{", "mounts[0].destination: missing");
	refused_edit("\"destination\":\"/dev\"", "\"destination\":\"dev\"",
		     "mounts[1].destination: not an absolute path");
	refused_edit("\"mode=755\"", "755", "mounts[1].options: not an array of strings");
	refused_edit("\"mounts\":[", "\"mounts\":[7,", "mounts[0]: not an object");
	refused_edit("{\"type\":\"uts\"}", "{\"type\":\"utsname\"}",
		     "linux.namespaces[3].type: unknown namespace type utsname");
	refused_edit("{\"type\":\"uts\"}", "{\"type\":\"net\"}",
		     "linux.namespaces[3].type: unknown namespace type net");
	refused_edit("{\"type\":\"uts\"}", "{\"type\":\"pid\"}",
		     "linux.namespaces[3]: the pid namespace is listed twice");
	refused_edit("\"allow\":false", "\"allow\":0", "linux.resources.devices[0].allow: not a boolean");
	refused_edit("\"access\":\"rwm\"", "\"access\":\"rwx\"",
		     "linux.resources.devices[0].access: not a combination of r, w, m");
	refused_edit("\"resources\":{", "\"resources\":{\"memory\":{\"limit\":\"1G\"},",
		     "linux.resources.memory.limit: not an integer");
	refused_edit("\"resources\":{", "\"resources\":{\"memory\":{\"swappiness\":101},",
		     "linux.resources.memory.swappiness: out of range");
	refused_edit("\"resources\":{", "\"resources\":{\"pids\":{},", "linux.resources.pids.limit: missing");
	refused_edit("\"noNewPrivileges\":true", "\"noNewPrivileges\":true,\"oomScoreAdj\":1001",
		     "process.oomScoreAdj: out of range");
	refused_edit("\"maskedPaths\":[", "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":10},"
		     "{\"containerID\":5,\"hostID\":100,\"size\":1}],\"maskedPaths\":[",
		     "linux.uidMappings[1]: overlaps an earlier mapping");
	refused_edit("\"maskedPaths\":[", "\"uidMappings\":[{\"containerID\":0,\"hostID\":1,\"size\":0}],"
		     "\"maskedPaths\":[", "linux.uidMappings[0]: size out of range");
	refused_edit("\"maskedPaths\":[", "\"sysctl\":{\"a\":1},\"maskedPaths\":[",
		     "linux.sysctl.a: not a string");
	refused_edit("\"maskedPaths\":[", "\"personality\":{\"domain\":\"BSD\"},\"maskedPaths\":[",
		     "linux.personality.domain: not LINUX or LINUX32");
	refused_edit("\"maskedPaths\":[", "\"seccomp\":{\"syscalls\":[]},\"maskedPaths\":[",
		     "linux.seccomp.defaultAction: missing");
	refused_edit("\"maskedPaths\":[", "\"timeOffsets\":{\"boottime\":{\"secs\":1,\"nanosecs\":1000000000}},"
		     "\"maskedPaths\":[", "linux.timeOffsets.boottime: nanosecs out of range");
	refused_edit("\"linux\":{", "\"hooks\":{\"poststart\":[{\"path\":\"/x\",\"timeout\":0}]},\"linux\":{",
		     "hooks.poststart[0].timeout: must be greater than zero");
	refused_edit("\"linux\":{", "\"annotations\":[],\"linux\":{", "annotations: not an object");
	refused_edit("\"args\":[\"sh\"]", "\"args\":null", "process.args: missing or empty");
}
END_TEST

START_TEST(nesting_and_size)
{
	char *deep, *huge, *t;
	struct oci_spec *s = NULL;
	char err[512];
	size_t i, n;
	int rc;

	/* unknown properties nested 40 deep are ignored ... */
	n = 40;
	deep = calloc(1, n * 8 + 64);
	strcpy(deep, "{\"x\":");
	for (i = 0; i < n; i++)
		strcat(deep, "[");
	for (i = 0; i < n; i++)
		strcat(deep, "]");
	strcat(deep, ",\"ociVersion\":\"1\"}");
	s = parse_ok(deep);
	ocispec_free(s);
	free(deep);
	/* ... but 10000 deep is refused by the tokener, not by our stack */
	n = 10000;
	deep = calloc(1, n * 2 + 64);
	strcpy(deep, "{\"x\":");
	for (i = 0; i < n; i++)
		strcat(deep + 5 + i, "[");
	rc = ocispec_parse(deep, strlen(deep), &s, err, sizeof(err));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_msg(strstr(err, "nesting too deep") != NULL, "%s", err);
	free(deep);

	/* 200000 arguments are read whole */
	n = 200000;
	huge = malloc(n * 4 + 256);
	strcpy(huge, "{\"ociVersion\":\"1\",\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"cwd\":\"/\",\"args\":[");
	t = huge + strlen(huge);
	for (i = 0; i < n; i++) {
		memcpy(t, i ? ",\"a\"" : "\"a\"", i ? 4 : 3);
		t += i ? 4 : 3;
	}
	strcpy(t, "]}}");
	s = parse_ok(huge);
	ck_assert_str_eq(s->process.args[n - 1], "a");
	ck_assert_ptr_null(s->process.args[n]);
	ocispec_free(s);
	/* a bad element deep in a huge array is found and named */
	memcpy(huge + strlen(huge) - 6, "1  ", 3);    /* ..."a",1  ]}} */
	refused(huge, "process.args: not an array of strings");
	free(huge);

	/* past the size limit nothing is parsed */
	rc = ocispec_parse("{}", OCISPEC_MAX_SIZE + 1, &s, err, sizeof(err));
	ck_assert_int_eq(rc, -E2BIG);
}
END_TEST

START_TEST(strings_with_nul)
{
	static const char cfg[] = "{\"ociVersion\":\"1\",\"hostname\":\"a\\u0000b\"}";

	refused(cfg, "hostname: contains a NUL byte");
	/* found by fuzz_ocispec: a value with a newline made the refusal two lines */
	refused("{\"ociVersion\":\"1\",\"linux\":{\"namespaces\":[{\"type\":\"ipc\\n\"}]}}",
		"linux.namespaces[0].type: unknown namespace type ipc?");
	refused("{\"ociVersion\":\"1\",\"annotations\":{\"a\\u001b[31m\":1}}",
		"annotations.a?[31m: not a string");
}
END_TEST

START_TEST(tables)
{
	ck_assert_int_eq(ocispec_cap_lookup("CAP_SYS_ADMIN"), 21);
	ck_assert_str_eq(ocispec_cap_name(40), "CAP_CHECKPOINT_RESTORE");
	ck_assert_ptr_null(ocispec_cap_name(64));
	ck_assert_int_eq(ocispec_cap_lookup("cap_sys_admin"), -EINVAL);
	ck_assert_int_eq(ocispec_rlimit_lookup("RLIMIT_NPROC"), RLIMIT_NPROC);
	ck_assert_str_eq(ocispec_rlimit_name(RLIMIT_RTTIME), "RLIMIT_RTTIME");
}
END_TEST

START_TEST(load_file)
{
	char *dir = unit_tmpdir();
	struct oci_spec *s = NULL;
	char err[256];
	int dfd;

	unit_write(dir, "config.json", runc_default);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(ocispec_load(dfd, "config.json", &s, err, sizeof(err)), 0);
	ck_assert_str_eq(s->hostname, "runc");
	ocispec_free(s);
	ck_assert_int_eq(ocispec_load(dfd, "missing.json", &s, err, sizeof(err)), -ENOENT);
	ck_assert_int_eq(ocispec_load(dfd, ".", &s, err, sizeof(err)), -EINVAL);
	close(dfd);
	unit_rmtree(dir);
}
END_TEST

static Suite *ocispec_suite(void)
{
	Suite *s = suite_create("ocispec");
	TCase *tc = tcase_create("ocispec");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, runc_default_config);
	tcase_add_test(tc, full_linux_part);
	tcase_add_test(tc, not_json);
	tcase_add_test(tc, wrong_types);
	tcase_add_test(tc, nesting_and_size);
	tcase_add_test(tc, strings_with_nul);
	tcase_add_test(tc, tables);
	tcase_add_test(tc, load_file);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(ocispec_suite)

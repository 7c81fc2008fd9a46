/*
 * ocispec.h - the runtime spec's config.json (Linux part) as plain C
 * structs, read with json-c.  Unknown properties are ignored, as the spec
 * says; a property of the wrong type, or a required one missing, is
 * refused with its JSON path ("process.args: not an array of strings").
 * Nothing here touches the kernel: the structs are what a runtime acts on.
 */
#ifndef XNS_OCISPEC_H
#define XNS_OCISPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "idmap.h"
#include "ns.h"
#include "ocijson.h"

/* config.json larger than this is refused before it is parsed */
#define OCISPEC_MAX_SIZE (16u << 20)
/* JSON nesting deeper than this is refused (json-c's own default is 32) */
#define OCISPEC_MAX_DEPTH 64


struct oci_mount {
	char *destination, *type, *source;
	char **options;               /* NULL-terminated */
};

struct oci_namespace {
	enum ns_kind kind;
	const struct ns_type *type;   /* its entry in ns_types */
	char *path;                   /* join this one, or NULL: a new one */
};

struct oci_rlimit {
	int resource;                 /* RLIMIT_NOFILE */
	uint64_t soft, hard;
};

enum oci_capset { OCI_CAP_BOUNDING, OCI_CAP_EFFECTIVE, OCI_CAP_INHERITABLE,
		  OCI_CAP_PERMITTED, OCI_CAP_AMBIENT, OCI_CAP_NSETS };

struct oci_process {
	bool terminal;
	unsigned console_height, console_width;
	uid_t uid;
	gid_t gid;
	struct oci_u64 umask;
	gid_t *additional_gids;
	size_t n_additional_gids;
	char **args, **env;           /* NULL-terminated; env may be NULL */
	char *cwd;
	bool has_caps;
	uint64_t caps[OCI_CAP_NSETS]; /* bit N: capability N */
	struct oci_rlimit *rlimits;
	size_t n_rlimits;
	bool no_new_privileges;
	struct oci_i64 oom_score_adj;
	char *apparmor_profile, *selinux_label;
};

struct oci_hook {
	char *path;
	char **args, **env;
	struct oci_u64 timeout;       /* seconds */
};

enum oci_hook_kind { OCI_HOOK_PRESTART, OCI_HOOK_CREATE_RUNTIME,
	OCI_HOOK_CREATE_CONTAINER, OCI_HOOK_START_CONTAINER, OCI_HOOK_POSTSTART,
	OCI_HOOK_POSTSTOP, OCI_HOOK_NKINDS };

struct oci_hooks {
	struct oci_hook *h[OCI_HOOK_NKINDS];
	size_t n[OCI_HOOK_NKINDS];
};

struct oci_device {
	char *path;
	char type;                    /* 'c', 'b', 'u', 'p' */
	int64_t major, minor;
	struct oci_u64 file_mode;
	struct oci_u64 uid, gid;
};

struct oci_devrule {              /* linux.resources.devices[] */
	bool allow;
	char type;                    /* 'a', 'c', 'b' */
	struct oci_i64 major, minor;  /* absent: any ("*") */
	char access[4];               /* "rwm", or "" for all */
};

struct oci_blkio_dev {
	int64_t major, minor;
	struct oci_u64 weight, leaf_weight, rate;
};

struct oci_resources {
	struct oci_i64 mem_limit, mem_reservation, mem_swap;
	struct oci_u64 mem_swappiness;
	bool mem_disable_oom_killer;
	struct oci_u64 cpu_shares, cpu_period;
	struct oci_i64 cpu_quota, cpu_idle;
	char *cpu_cpus, *cpu_mems;
	struct oci_i64 pids_limit;
	struct oci_u64 blkio_weight, blkio_leaf_weight;
	struct oci_blkio_dev *blkio_weight_dev, *blkio_throttle[4];
	size_t n_blkio_weight_dev, n_blkio_throttle[4]; /* read/write bps, iops */
	struct oci_keyval *hugepages;  /* pageSize -> limit (as text) */
	size_t n_hugepages;
	struct oci_devrule *devices;
	size_t n_devices;
	struct oci_keyval *unified;
	size_t n_unified;
};

struct oci_seccomp_arg {
	unsigned index;
	uint64_t value, value_two;
	char *op;
};

struct oci_seccomp_rule {
	char **names;
	char *action;
	struct oci_u64 errno_ret;
	struct oci_seccomp_arg *args;
	size_t nargs;
};

struct oci_seccomp {
	char *default_action;
	struct oci_u64 default_errno_ret;
	char **architectures, **flags;
	char *listener_path;
	struct oci_seccomp_rule *rules;
	size_t nrules;
};

struct oci_spec {
	char *oci_version;
	char *root_path;
	bool root_readonly;
	char *hostname, *domainname;
	struct oci_mount *mounts;
	size_t nmounts;
	bool has_process;
	struct oci_process process;
	struct oci_hooks hooks;
	struct oci_keyval *annotations;
	size_t nannotations;
	/* linux */
	struct oci_namespace *namespaces;
	size_t nnamespaces;
	struct idmap uid_map, gid_map;
	struct oci_keyval *sysctl;
	size_t nsysctl;
	bool has_resources;
	struct oci_resources resources;
	char *cgroups_path;
	struct oci_device *devices;
	size_t ndevices;
	struct oci_seccomp *seccomp;
	char *rootfs_propagation;
	char **masked_paths, **readonly_paths;
	char *mount_label;
	bool has_time_offsets;
	int64_t time_offset_secs[2];      /* monotonic, boottime */
	uint32_t time_offset_nsecs[2];
	bool has_personality;
	char *personality_domain;         /* "LINUX" or "LINUX32" */
	bool has_intel_rdt;
};

/**
 * ocispec_parse - read config.json text @text (@len bytes) into a new
 * spec at *@out.  On a refusal, @err (of @errlen bytes) holds one line
 * naming the JSON path and what is wrong with it.  Returns 0, -EINVAL
 * (malformed or ill-typed), -E2BIG (over OCISPEC_MAX_SIZE) or -ENOMEM.
 */
int ocispec_parse(const char *text, size_t len, struct oci_spec **out,
		  char *err, size_t errlen);

/**
 * ocispec_load - the same for the file @path (relative to @dirfd);
 * -errno from open/read as well.
 */
int ocispec_load(int dirfd, const char *path, struct oci_spec **out,
		 char *err, size_t errlen);

/** ocispec_free - free everything of @s (NULL is fine) */
void ocispec_free(struct oci_spec *s);

/** ocispec_ns - the namespace entry of @kind, or NULL when none is asked */
const struct oci_namespace *ocispec_ns(const struct oci_spec *s, enum ns_kind kind);

/** ocispec_cap_name - "CAP_SYS_ADMIN" for 21, or NULL */
const char *ocispec_cap_name(int cap);

/** ocispec_cap_lookup - the number of "CAP_SYS_ADMIN", or -EINVAL */
int ocispec_cap_lookup(const char *name);

/** ocispec_rlimit_lookup - RLIMIT_NOFILE for "RLIMIT_NOFILE", or -EINVAL */
int ocispec_rlimit_lookup(const char *name);

/** ocispec_rlimit_name - "RLIMIT_NOFILE" for RLIMIT_NOFILE, or NULL */
const char *ocispec_rlimit_name(int resource);

#endif

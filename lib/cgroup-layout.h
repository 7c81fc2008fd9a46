/*
 * cgroup-layout.h - which cgroup hierarchies this host has and which
 * controller each serves: cgroup v2 alone, v1 alone, or a hybrid (v1
 * controllers beside a cgroup2 mount that has none of them but still
 * offers cgroup.kill, cgroup.events and cpu.stat); and the file each knob
 * has on each version.
 *
 * Everything takes a root prefix ("" for the real system) so that the unit
 * tests can feed fixture trees of /proc and /sys/fs/cgroup.  Nothing here
 * prints or exits: functions return 0 (or a count) or -errno.
 */
#ifndef XNS_CGROUP_LAYOUT_H
#define XNS_CGROUP_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* the controllers we know; CGROUP_IO is "blkio" on v1 */
enum cgroup_ctrl {
	CGROUP_CPU,
	CGROUP_CPUACCT,   /* v2: the core's cpu.stat, always there */
	CGROUP_CPUSET,
	CGROUP_MEMORY,
	CGROUP_PIDS,
	CGROUP_IO,
	CGROUP_FREEZER,   /* v2: the core's cgroup.freeze */
	CGROUP_HUGETLB,   /* one limit file per huge page size: cgroup_hugetlb_file() */
	CGROUP_NCTRL
};

#define CGROUP_BIT(c) (1u << (c))
#define CGROUP_ALL ((1u << CGROUP_NCTRL) - 1)

/** cgroup_ctrl_name - the controller's name on v1 ("blkio") or v2 ("io") */
const char *cgroup_ctrl_name(enum cgroup_ctrl c, bool v2);

/** cgroup_ctrl_lookup - a controller by its v1 or v2 name; -EINVAL if unknown */
int cgroup_ctrl_lookup(const char *name, size_t len);

enum cgroup_layout_kind {
	CGROUP_LAYOUT_NONE,
	CGROUP_LAYOUT_V1,
	CGROUP_LAYOUT_V2,
	CGROUP_LAYOUT_HYBRID,
};

#define CGROUP_MAX_HIER 24

struct cgroup_hier {
	char *path;          /* mount point, prefix included */
	bool v2;
	unsigned ctrls;      /* CGROUP_BIT()s this hierarchy carries */
	char *names;         /* every controller it has, by name, comma-separated:
				"cpu,cpuacct", "name=systemd", "devices"; on
				cgroup2 those of cgroup.controllers */
};

struct cgroup_layout {
	enum cgroup_layout_kind kind;
	int nhier;
	struct cgroup_hier hier[CGROUP_MAX_HIER];
	int v2;                      /* index of the cgroup2 mount, or -1 */
	int by_ctrl[CGROUP_NCTRL];   /* hierarchy carrying each, or -1 */
};

/**
 * cgroup_layout_detect - find the hierarchies from @prefix/proc/self/mountinfo
 * and the cgroup2 mount's cgroup.controllers.  A
 * controller bound to a v1 hierarchy is served there; cpu accounting and
 * freezing come from cgroup2's core where it is mounted.  Every v1
 * hierarchy is listed, also those with controllers we do not limit
 * (devices, net_cls, name=systemd): a command may join them.
 * Returns 0 (kind NONE when nothing is mounted) or -errno.
 */
int cgroup_layout_detect(const char *prefix, struct cgroup_layout *lo);
void cgroup_layout_free(struct cgroup_layout *lo);

/**
 * cgroup_kernel_ctrls - the controllers @prefix/proc/cgroups says this
 * kernel has enabled, in @mask; -errno when it cannot be read (newer
 * kernels drop the file: the mounts decide then).  Apart from the layout,
 * which needs only the mounts, so that a run does not pay for the read.
 */
int cgroup_kernel_ctrls(const char *prefix, unsigned *mask);

/** cgroup_layout_kind_name - "v1", "v2", "hybrid" or "none" */
const char *cgroup_layout_kind_name(enum cgroup_layout_kind k);

/**
 * cgroup_ctrl_hier - the hierarchy serving @c, or NULL when this host
 * cannot serve it (the kernel lacks it, or no mount carries it)
 */
const struct cgroup_hier *cgroup_ctrl_hier(const struct cgroup_layout *lo,
					   enum cgroup_ctrl c);

/**
 * cgroup_hier_by_name - the index of the hierarchy a process joins for the
 * controller @name of @len bytes, as cgexec(1) reads "-g NAME:PATH": the v1
 * hierarchy whose mount lists it ("cpuacct", "net_cls", "name=systemd")
 * wherever there is one, else cgroup2 when it has that controller (or, for
 * "cpuacct", "freezer" and "blkio", its core files).  -ENODEV when no
 * hierarchy here has it.
 */
int cgroup_hier_by_name(const struct cgroup_layout *lo, const char *name,
			size_t len);

/* the files we read and write, one name per layout */
enum cgroup_knob {
	CGK_MEM_MAX, CGK_MEM_HIGH, CGK_MEM_SWAP_MAX, CGK_MEM_SWAPPINESS,
	CGK_MEM_PEAK, CGK_MEM_SWAP_PEAK, CGK_MEM_OOM,
	CGK_CPU_MAX, CGK_CPU_PERIOD, CGK_CPU_WEIGHT,
	CGK_CPU_USER, CGK_CPU_SYSTEM,
	CGK_CPUSET_CPUS, CGK_CPUSET_MEMS,
	CGK_PIDS_MAX, CGK_PIDS_PEAK,
	CGK_IO_WEIGHT, CGK_IO_MAX,
	CGK_FREEZE,
	CGK_NKNOBS
};

/** cgroup_knob_ctrl - the controller a knob belongs to */
enum cgroup_ctrl cgroup_knob_ctrl(enum cgroup_knob k);

/**
 * cgroup_knob_file - the file name of @k on v2 or v1 ("memory.max",
 * "memory.limit_in_bytes"), or NULL when that version has none
 */
const char *cgroup_knob_file(enum cgroup_knob k, bool v2);

/** cgroup_knob_name - the file of @k on the hierarchy serving it on @lo, or NULL */
const char *cgroup_knob_name(const struct cgroup_layout *lo, enum cgroup_knob k);

/*
 * hugetlb has a family of files per huge page size, named by the size as
 * mm/hugetlb_cgroup.c prints it: "2MB", "1GB", "64KB".  The OCI spec's
 * hugepageLimits[].pageSize is that name.
 */
#define CGROUP_HUGETLB_MAX_SIZES 16

/**
 * cgroup_hugetlb_sizes - the huge page sizes of this host, from the
 * directories of @prefix/sys/kernel/mm/hugepages ("hugepages-2048kB"),
 * named as hugetlb's files name them, smallest first, comma-separated in
 * @buf ("2MB,1GB").  Malformed entries are passed over, as runc does.
 * Returns how many (0: the kernel has huge pages of no size), -ENOENT
 * when it has no huge pages at all, -ENOBUFS when @buf is too small, or
 * -errno.
 */
int cgroup_hugetlb_sizes(const char *prefix, char *buf, size_t len);

/**
 * cgroup_hugetlb_check - is @pagesize a huge page size of this host?  0 if
 * so; -EINVAL when it is not a size at all (a number and KB, MB or GB);
 * -ENOENT when this host has no huge pages of that size; or -errno.
 */
int cgroup_hugetlb_check(const char *prefix, const char *pagesize);

/**
 * cgroup_hugetlb_file - the limit file of huge pages of @pagesize into @buf:
 * "hugetlb.2MB.max" on v2, "hugetlb.2MB.limit_in_bytes" on v1; with
 * @rsvd, that of reservations ("hugetlb.2MB.rsvd.max", Linux 5.7).
 * 0; -EINVAL when @pagesize is not a size; -ENOBUFS when @buf is too small.
 */
int cgroup_hugetlb_file(const char *pagesize, bool v2, bool rsvd, char *buf, size_t len);

#endif

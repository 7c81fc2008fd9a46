/*
 * cgroup.h - control groups on every layout the kernel offers: cgroup v2
 * alone, v1 alone, and hybrids (v1 controllers beside a cgroup2 mount that
 * has none of them but still offers cgroup.kill, cgroup.events and
 * cpu.stat).  One group here is one directory per hierarchy we use, all
 * with the same path below each hierarchy's root.
 *
 * Everything takes a root prefix ("" for the real system) so that the unit
 * tests can feed fixture trees of /proc and /sys/fs/cgroup.  Nothing here
 * prints or exits: functions return 0 (or a count) or -errno.
 */
#ifndef XNS_CGROUP_H
#define XNS_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct cgroup_io_max;

/* the controllers we know; CGROUP_IO is "blkio" on v1 */
enum cgroup_ctrl {
	CGROUP_CPU,
	CGROUP_CPUACCT,   /* v2: the core's cpu.stat, always there */
	CGROUP_CPUSET,
	CGROUP_MEMORY,
	CGROUP_PIDS,
	CGROUP_IO,
	CGROUP_FREEZER,   /* v2: the core's cgroup.freeze */
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

#define CGROUP_MAX_HIER 16

struct cgroup_hier {
	char *path;          /* mount point, prefix included */
	bool v2;
	unsigned ctrls;      /* CGROUP_BIT()s this hierarchy carries */
};

struct cgroup_layout {
	enum cgroup_layout_kind kind;
	int nhier;
	struct cgroup_hier hier[CGROUP_MAX_HIER];
	int v2;                      /* index of the cgroup2 mount, or -1 */
	int by_ctrl[CGROUP_NCTRL];   /* hierarchy carrying each, or -1 */
	unsigned kernel;             /* controllers /proc/cgroups says exist */
};

/**
 * cgroup_layout_detect - find the hierarchies from @prefix/proc/self/mountinfo,
 * @prefix/proc/cgroups and the cgroup2 mount's
 * cgroup.controllers.  A controller bound to a v1 hierarchy is served there;
 * cpu accounting and freezing come from cgroup2's core where it is mounted.
 * Returns 0 (kind NONE when nothing is mounted) or -errno.
 */
int cgroup_layout_detect(const char *prefix, struct cgroup_layout *lo);
void cgroup_layout_free(struct cgroup_layout *lo);

/** cgroup_layout_kind_name - "v1", "v2", "hybrid" or "none" */
const char *cgroup_layout_kind_name(enum cgroup_layout_kind k);

/**
 * cgroup_ctrl_hier - the hierarchy serving @c, or NULL when this host
 * cannot serve it (the kernel lacks it, or no mount carries it)
 */
const struct cgroup_hier *cgroup_ctrl_hier(const struct cgroup_layout *lo,
					   enum cgroup_ctrl c);

/* a limit not given, and a limit lifted ("max") */
#define CGROUP_UNSET (UINT64_MAX - 1)
#define CGROUP_LIMIT_MAX UINT64_MAX

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

/* one group: a directory in each hierarchy used, same path in each */
struct cgroup {
	const struct cgroup_layout *lo;
	char *path;                    /* below each root: "/xns-cg-42" */
	int fd[CGROUP_MAX_HIER];       /* directory, -1 where not used */
	bool created;                  /* we made it, so we remove it */
};

/** cgroup_init - an empty handle (every fd -1) */
void cgroup_init(struct cgroup *cg, const struct cgroup_layout *lo);

/**
 * cgroup_create - make @parent/@name in every hierarchy serving a
 * controller of @ctrls, plus the cgroup2 one (for cgroup.kill and
 * cgroup.events); @name NULL picks "xns-cg-<pid>", with a "-N" suffix when
 * taken.  On v2 the controllers of @need are enabled in the parent's
 * cgroup.subtree_control (failure is an error), those of @ctrls only where
 * possible.  A new v1 cpuset group gets its parent's CPUs and memory nodes,
 * without which nothing can join it.  Everything made is removed again on
 * failure.  Returns 0, -ENOENT when @parent is missing, or -errno.
 */
int cgroup_create(struct cgroup *cg, const struct cgroup_layout *lo,
		  const char *parent, const char *name, unsigned ctrls,
		  unsigned need);

/**
 * cgroup_open - an existing group at @path in the hierarchies serving
 * @ctrls (CGROUP_ALL: every hierarchy we know).  -ENOENT when it is missing
 * from one of them, -ENODEV when a controller has no hierarchy.
 */
int cgroup_open(struct cgroup *cg, const struct cgroup_layout *lo,
		unsigned ctrls, const char *path);

/** cgroup_close - close the directories, keep the groups */
void cgroup_close(struct cgroup *cg);

/**
 * cgroup_remove - rmdir every directory we created (retrying briefly while
 * the kernel still counts exiting tasks), then close.  0 or -errno.
 */
int cgroup_remove(struct cgroup *cg);

/** cgroup_has - true when the group has a directory serving @c */
bool cgroup_has(const struct cgroup *cg, enum cgroup_ctrl c);

/** cgroup_hiers - the bit set of hierarchies (by index) the group has a directory in */
unsigned cgroup_hiers(const struct cgroup *cg);

/** cgroup_v2_fd - the group's cgroup2 directory, or -1 */
int cgroup_v2_fd(const struct cgroup *cg);

/** cgroup_write - write @val to @file in the hierarchy serving @c */
int cgroup_write(const struct cgroup *cg, enum cgroup_ctrl c,
		 const char *file, const char *val);

/** cgroup_set - cgroup_write() of a knob; -EOPNOTSUPP when the layout lacks it */
int cgroup_set(const struct cgroup *cg, enum cgroup_knob k, const char *val);

/**
 * cgroup_set_memory - memory.max (@max), memory.high (@high, v2 only) and
 * swap (@swap): memory.swap.max on v2, memory.memsw.limit_in_bytes =
 * @max + @swap on v1, which therefore needs @max.  CGROUP_UNSET leaves a
 * value alone.  -EOPNOTSUPP when the layout has no file for one given.
 */
int cgroup_set_memory(const struct cgroup *cg, uint64_t max, uint64_t high,
		      uint64_t swap);

/**
 * cgroup_set_cpu_quota - cpu.max "QUOTA PERIOD" on v2, cfs_period_us then
 * cfs_quota_us on v1
 */
int cgroup_set_cpu_quota(const struct cgroup *cg, uint64_t quota_us,
			 uint64_t period_us);

/**
 * cgroup_set_weight - a v2-style weight (1-10000, 100 the default) for
 * CGROUP_CPU or CGROUP_IO: cpu.weight / cpu.shares (weight * 1024 / 100),
 * io.weight / blkio.bfq.weight or blkio.weight (scaled into 1-1000 or
 * 10-1000 as systemd does)
 */
int cgroup_set_weight(const struct cgroup *cg, enum cgroup_ctrl c,
		      uint64_t weight);

/**
 * cgroup_set_io_max - io.max "MAJ:MIN rbps=.." on v2; on v1 one
 * blkio.throttle.*_device file per limit given
 */
int cgroup_set_io_max(const struct cgroup *cg, unsigned major, unsigned minor,
		      const struct cgroup_io_max *io);

/** cgroup_read - read @file of the hierarchy serving @c, NUL-terminated; length or -errno */
ssize_t cgroup_read(const struct cgroup *cg, enum cgroup_ctrl c,
		    const char *file, char *buf, size_t len);

/**
 * cgroup_attach - move @pid (0: the caller) into the group in every
 * hierarchy it has, skipping the cgroup2 one when @skip_v2 (a child made
 * with CLONE_INTO_CGROUP is there already).  System calls only: safe in a
 * child that borrows its parent's memory (child_vfork).
 */
int cgroup_attach(const struct cgroup *cg, pid_t pid, bool skip_v2);

/** cgroup_count - processes in the group now (0 when empty), or -errno */
int cgroup_count(const struct cgroup *cg);

/**
 * cgroup_signal - send @sig to every process in the group except @skip
 * (0: none); returns how many were sent it, or -errno
 */
int cgroup_signal(const struct cgroup *cg, int sig, pid_t skip);

/**
 * cgroup_kill - SIGKILL everything in the group: cgroup.kill where the
 * group has it, else freeze (v1 freezer, when there), kill each, thaw,
 * until nothing is left.  Returns how many processes were there, or -errno.
 */
int cgroup_kill(const struct cgroup *cg);

/**
 * cgroup_wait_empty - wait up to @timeout_ms for the group to hold no
 * process (cgroup.events "populated 0", else cgroup.procs empty).
 * 0, -ETIMEDOUT, or -errno.
 */
int cgroup_wait_empty(const struct cgroup *cg, int timeout_ms);

/* what the group used; UINT64_MAX where the layout cannot tell */
struct cgroup_stats {
	uint64_t user_usec, system_usec;
	uint64_t memory_peak, swap_peak;
	uint64_t tasks_peak;
	uint64_t oom_kills;
};

/** cgroup_read_stats - fill @st from whatever files the layout has; 0 or -errno */
int cgroup_read_stats(const struct cgroup *cg, struct cgroup_stats *st);

/** cgroup_read_oom_kills - only the OOM kill count of @st, UINT64_MAX if unknown */
uint64_t cgroup_read_oom_kills(const struct cgroup *cg);

/**
 * cgroup_gc - remove empty groups @parent/xns-cg-<pid>[-N] whose <pid> is
 * no longer running (so a live run's group is never taken), in the
 * hierarchies of the bit set @hiers (~0u: all).  Returns how many
 * directories were removed, or -errno.
 */
int cgroup_gc(const struct cgroup_layout *lo, const char *parent, unsigned hiers);

/* ---- parsers: pure, on text ---- */

/**
 * cgroup_parse_spec - cgexec's "-g CONTROLLERS:PATH": controllers split by
 * ',' ("*" for all), then a path.  @path points into @s.  0 or -EINVAL.
 */
int cgroup_parse_spec(const char *s, unsigned *ctrls, const char **path);

/** cgroup_valid_path - a group path: no "..", no empty name, no control chars */
bool cgroup_valid_path(const char *path);


struct cgroup_io_max {
	char dev[64];              /* "MAJ:MIN" or a path to resolve */
	uint64_t rbps, wbps, riops, wiops;   /* CGROUP_UNSET, a number, or CGROUP_LIMIT_MAX */
};

/**
 * cgroup_parse_io_max - "DEV:rbps=1M,wiops=100" (DEV is MAJ:MIN or a path;
 * bps take sizes, "max" lifts a limit).  0, -EINVAL or -ERANGE.
 */
int cgroup_parse_io_max(const char *s, struct cgroup_io_max *io);

/**
 * cgroup_parse_cpuset - check a CPU or memory-node list ("0-3,6") and write
 * it back normalised (no spaces); 0, -EINVAL, -ERANGE (number > 8191 or the
 * result too long for @len)
 */
int cgroup_parse_cpuset(const char *s, char *out, size_t len);

/**
 * cgroup_parse_keyed - the value of @key in a flat-keyed file ("key N" per
 * line: memory.events, cpu.stat, memory.oom_control).  0, -ENOENT when the
 * key is absent, -EINVAL when its line is malformed.
 */
int cgroup_parse_keyed(const char *text, const char *key, uint64_t *val);

/**
 * cgroup_parse_procs - the PIDs in a cgroup.procs text into @pids (at most
 * @max); returns how many there are (may exceed @max), or -EINVAL
 */
int cgroup_parse_procs(const char *text, pid_t *pids, int max);

/**
 * cgroup_cpu_quota - @ppm millionths of a CPU as a CFS quota over a
 * 100 ms period (µs); -ERANGE below 1 ms per period (the kernel's floor) or
 * above what the kernel takes
 */
int cgroup_cpu_quota(uint64_t ppm, uint64_t *quota_us, uint64_t *period_us);

/** cgroup_format_size - "100M" when exact in a binary unit, else bytes */
const char *cgroup_format_size(uint64_t v, char *buf, size_t len);

#endif

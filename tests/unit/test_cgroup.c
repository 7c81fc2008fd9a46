/*
 * test_cgroup.c - lib/cgroup on fixture trees of /proc and /sys/fs/cgroup:
 * the v2 and v1 paths this host cannot all take for real, the layouts, and
 * the parsers with malformed input.
 */
#include "compat.h"
#include "cgroup.h"
#include "unit.h"

#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>

static const char hybrid_mountinfo[] =
	"22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n"
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"32 30 0:29 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct\n"
	"33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"35 30 0:32 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices\n"
	"36 30 0:33 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer\n"
	"37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
	"38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	"39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

static const char proc_cgroups[] =
	"#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
	"cpuset\t3\t1\t1\n"
	"cpu\t1\t1\t1\n"
	"cpuacct\t2\t1\t1\n"
	"blkio\t7\t1\t1\n"
	"memory\t4\t26\t1\n"
	"devices\t5\t1\t1\n"
	"freezer\t6\t1\t1\n"
	"pids\t8\t1\t1\n"
	"hugetlb\t0\t1\t1\n";

static const char v2_mountinfo[] =
	"22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n"
	"30 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";

static const char v1_mountinfo[] =
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n"
	"33 30 0:30 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n"
	"38 30 0:35 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n"
	/* the same hierarchy mounted twice: the first one serves */
	"41 30 0:31 / /mnt/memory2 rw,relatime - cgroup cgroup rw,memory\n";

static char *root;

static void setup(void)
{
	root = unit_tmpdir();
}

static void teardown(void)
{
	unit_rmtree(root);
}

static char *slurp(const char *rel)
{
	static char buf[4096];
	char path[4200];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static bool exists(const char *rel)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return access(path, F_OK) == 0;
}

static void mkdir_rel(const char *rel)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	ck_assert_int_eq(mkdir(path, 0755), 0);
}

static bool ends_with(const char *s, const char *tail)
{
	size_t a = strlen(s), b = strlen(tail);

	return a >= b && !strcmp(s + a - b, tail);
}

static void make_v2(const char *controllers)
{
	unit_write_lit(root, "proc/self/mountinfo", v2_mountinfo);
	unit_write(root, "sys/fs/cgroup/cgroup.controllers", controllers);
	unit_write_lit(root, "sys/fs/cgroup/cgroup.subtree_control", "");
}

START_TEST(layout_hybrid)
{
	struct cgroup_layout lo;
	const struct cgroup_hier *h;
	struct cgroup cg;
	unsigned kernel;

	unit_write_lit(root, "proc/self/mountinfo", hybrid_mountinfo);
	unit_write_lit(root, "proc/cgroups", proc_cgroups);
	unit_write_lit(root, "sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(lo.kind, CGROUP_LAYOUT_HYBRID);
	ck_assert_str_eq(cgroup_layout_kind_name(lo.kind), "hybrid");
	/* devices and name=systemd are listed too: a command may join them */
	ck_assert_int_eq(lo.nhier, 10);
	/* joining by name, as cgexec: the v1 hierarchy wherever there is one */
	ck_assert(ends_with(lo.hier[cgroup_hier_by_name(&lo, "cpuacct", 7)].path, "/cpuacct"));
	ck_assert(ends_with(lo.hier[cgroup_hier_by_name(&lo, "freezer", 7)].path, "/freezer"));
	ck_assert(ends_with(lo.hier[cgroup_hier_by_name(&lo, "devices", 7)].path, "/devices"));
	ck_assert(ends_with(lo.hier[cgroup_hier_by_name(&lo, "name=systemd", 12)].path, "/systemd"));
	ck_assert_int_eq(cgroup_hier_by_name(&lo, "hugetlb", 7), lo.v2);
	ck_assert_int_eq(cgroup_hier_by_name(&lo, "rw", 2), -ENODEV);
	ck_assert_int_eq(cgroup_hier_by_name(&lo, "name=other", 10), -ENODEV);
	ck_assert_int_eq(cgroup_hier_by_name(&lo, "net_cls", 7), -ENODEV);
	ck_assert_int_eq(cgroup_hier_by_name(&lo, "cpu", 3), cgroup_hier_by_name(&lo, "cpu,x", 3));
	ck_assert_str_eq(lo.hier[cgroup_hier_by_name(&lo, "name=systemd", 12)].names, "name=systemd");
	ck_assert_int_eq(cgroup_open_hiers(&cg, &lo, 1u << cgroup_hier_by_name(&lo, "devices", 7), "/x"), -ENOENT);
	h = cgroup_ctrl_hier(&lo, CGROUP_MEMORY);
	ck_assert_ptr_nonnull(h);
	ck_assert(!h->v2);
	ck_assert(ends_with(h->path, "/sys/fs/cgroup/memory"));
	ck_assert(!strncmp(h->path, root, strlen(root)));
	/* accounting and freezing from the cgroup2 core, not v1 */
	ck_assert(cgroup_ctrl_hier(&lo, CGROUP_CPUACCT)->v2);
	ck_assert(cgroup_ctrl_hier(&lo, CGROUP_FREEZER)->v2);
	ck_assert(!cgroup_ctrl_hier(&lo, CGROUP_CPU)->v2);
	ck_assert(ends_with(cgroup_ctrl_hier(&lo, CGROUP_IO)->path, "/blkio"));
	/* no v1 hugetlb hierarchy: cgroup2 serves it (its cgroup.controllers) */
	ck_assert_ptr_eq(cgroup_ctrl_hier(&lo, CGROUP_HUGETLB), &lo.hier[lo.v2]);
	ck_assert(lo.hier[lo.v2].ctrls & CGROUP_BIT(CGROUP_HUGETLB));
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_MAX), "memory.limit_in_bytes");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_SWAP_MAX), "memory.memsw.limit_in_bytes");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_USER), "cpu.stat");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_FREEZE), "cgroup.freeze");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_OOM), "memory.oom_control");
	ck_assert_ptr_null(cgroup_knob_name(&lo, CGK_MEM_HIGH));
	ck_assert_int_eq(cgroup_kernel_ctrls(root, &kernel), 0);
	ck_assert(kernel & CGROUP_BIT(CGROUP_PIDS));
	ck_assert(kernel & CGROUP_BIT(CGROUP_HUGETLB));
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(layout_v2)
{
	struct cgroup_layout lo;
	unsigned kernel;

	make_v2("cpuset cpu io memory hugetlb pids rdma misc\n");
	/* no /proc/cgroups (newer kernels): the mounts decide */
	ck_assert_int_lt(cgroup_kernel_ctrls(root, &kernel), 0);
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(lo.kind, CGROUP_LAYOUT_V2);
	ck_assert_int_eq(lo.nhier, 1);
	ck_assert_int_eq(lo.v2, 0);
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_MAX), "memory.max");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_HIGH), "memory.high");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_PEAK), "memory.peak");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_OOM), "memory.events");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_MAX), "cpu.max");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_IO_MAX), "io.max");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_PIDS_PEAK), "pids.peak");
	ck_assert_ptr_null(cgroup_knob_name(&lo, CGK_MEM_SWAPPINESS));
	cgroup_layout_free(&lo);

	/* a v2 host where memory is not delegated */
	make_v2("cpu pids\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_ptr_null(cgroup_ctrl_hier(&lo, CGROUP_MEMORY));
	ck_assert_ptr_null(cgroup_knob_name(&lo, CGK_MEM_MAX));
	ck_assert_ptr_nonnull(cgroup_ctrl_hier(&lo, CGROUP_CPUACCT));
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(layout_v1_and_none)
{
	struct cgroup_layout lo;
	const struct cgroup_hier *h;

	unit_write_lit(root, "proc/self/mountinfo", v1_mountinfo);
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(lo.kind, CGROUP_LAYOUT_V1);
	ck_assert_int_eq(lo.v2, -1);
	ck_assert_int_eq(lo.nhier, 5);
	h = cgroup_ctrl_hier(&lo, CGROUP_CPUACCT);
	ck_assert_ptr_eq(h, cgroup_ctrl_hier(&lo, CGROUP_CPU));
	ck_assert(ends_with(h->path, "/cpu,cpuacct"));
	ck_assert(ends_with(cgroup_ctrl_hier(&lo, CGROUP_MEMORY)->path, "/sys/fs/cgroup/memory"));
	ck_assert_ptr_null(cgroup_ctrl_hier(&lo, CGROUP_FREEZER));
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_USER), "cpuacct.usage_user");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_SYSTEM), "cpuacct.usage_sys");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_MAX), "cpu.cfs_quota_us");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_PERIOD), "cpu.cfs_period_us");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_CPU_WEIGHT), "cpu.shares");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_MEM_PEAK), "memory.max_usage_in_bytes");
	ck_assert_str_eq(cgroup_knob_name(&lo, CGK_IO_WEIGHT), "blkio.bfq.weight");
	cgroup_layout_free(&lo);

	unit_write_lit(root, "proc/self/mountinfo",
		       "22 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(lo.kind, CGROUP_LAYOUT_NONE);
	cgroup_layout_free(&lo);

	/* no mountinfo at all */
	unit_rmtree(root);
	root = unit_tmpdir();
	ck_assert_int_lt(cgroup_layout_detect(root, &lo), 0);
}
END_TEST

START_TEST(v2_create_limit_stats)
{
	struct cgroup_layout lo;
	struct cgroup cg;
	struct cgroup_stats st;
	struct cgroup_io_max io;
	char rel[128];
	const char *g;

	make_v2("cpuset cpu io memory pids\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", NULL, CGROUP_BIT(CGROUP_PIDS),
				       CGROUP_BIT(CGROUP_MEMORY)), 0);
	snprintf(rel, sizeof(rel), "/xns-cg-%d", (int) getpid());
	ck_assert_str_eq(cg.path, rel);
	ck_assert_int_ge(cgroup_v2_fd(&cg), 0);
	ck_assert(cgroup_has(&cg, CGROUP_MEMORY));
	ck_assert_uint_eq(cgroup_hiers(&cg), 1);
	/* the last controller enabled in the parent; each write is one "+ctrl" */
	ck_assert_ptr_nonnull(strstr(slurp("sys/fs/cgroup/cgroup.subtree_control"), "+"));

	/* the kernel would make these files; the fixture does */
	g = rel + 1;
#define G(file) (snprintf(path, sizeof(path), "sys/fs/cgroup/%s/%s", g, file), path)
	{
		char path[256];
		static const char *const files[] = {
			"memory.max", "memory.high", "memory.swap.max", "cpu.max",
			"cpu.weight", "io.weight", "io.max", "pids.max", "cgroup.kill",
		};
		size_t i;

		for (i = 0; i < ARRAY_SIZE(files); i++)
			unit_write(root, G(files[i]), "");

		ck_assert_int_eq(cgroup_set_memory(&cg, 100 << 20, 80 << 20, 0), 0);
		ck_assert_str_eq(slurp(G("memory.max")), "104857600");
		ck_assert_str_eq(slurp(G("memory.high")), "83886080");
		ck_assert_str_eq(slurp(G("memory.swap.max")), "0");
		ck_assert_int_eq(cgroup_set_memory(&cg, CGROUP_LIMIT_MAX, CGROUP_UNSET,
						   CGROUP_LIMIT_MAX), 0);
		ck_assert_str_eq(slurp(G("memory.max")), "max");
		ck_assert_str_eq(slurp(G("memory.swap.max")), "max");
		/* v2 takes swap without a memory limit */
		ck_assert_int_eq(cgroup_set_memory(&cg, CGROUP_UNSET, CGROUP_UNSET, 1 << 20), 0);
		ck_assert_str_eq(slurp(G("memory.swap.max")), "1048576");
		ck_assert_int_eq(cgroup_set(&cg, CGK_MEM_SWAPPINESS, "10"), -EOPNOTSUPP);

		ck_assert_int_eq(cgroup_set_cpu_quota(&cg, 20000, 100000), 0);
		ck_assert_str_eq(slurp(G("cpu.max")), "20000 100000");
		ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_CPU, 250), 0);
		ck_assert_str_eq(slurp(G("cpu.weight")), "250");
		ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_IO, 50), 0);
		ck_assert_str_eq(slurp(G("io.weight")), "default 50");
		ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_IO, 0), -ERANGE);
		ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_IO, 10001), -ERANGE);
		ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=1M,wiops=max", &io), 0);
		ck_assert_int_eq(cgroup_set_io_max(&cg, 8, 0, &io), 0);
		ck_assert_str_eq(slurp(G("io.max")), "8:0 rbps=1048576 wiops=max");
		ck_assert_int_eq(cgroup_set(&cg, CGK_PIDS_MAX, "5"), 0);
		ck_assert_str_eq(slurp(G("pids.max")), "5");
		/* a file the (fixture) kernel does not have */
		ck_assert_int_eq(cgroup_set(&cg, CGK_CPUSET_CPUS, "0"), -ENOENT);

		unit_write(root, G("memory.peak"), "209715200\n");
		unit_write(root, G("memory.swap.peak"), "4096\n");
		unit_write(root, G("memory.events"),
			   "low 0\nhigh 3\nmax 12\noom 2\noom_kill 2\noom_group_kill 0\n");
		unit_write(root, G("cpu.stat"),
			   "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 0\n");
		unit_write(root, G("pids.peak"), "7\n");
		ck_assert_int_eq(cgroup_read_stats(&cg, &st), 0);
		ck_assert_uint_eq(st.memory_peak, 209715200);
		ck_assert_uint_eq(st.swap_peak, 4096);
		ck_assert_uint_eq(st.oom_kills, 2);
		ck_assert_uint_eq(st.user_usec, 1000);
		ck_assert_uint_eq(st.system_usec, 500);
		ck_assert_uint_eq(st.tasks_peak, 7);
		ck_assert_uint_eq(cgroup_read_oom_kills(&cg), 2);

		/* malformed numbers read as unknown, never as garbage */
		unit_write(root, G("memory.peak"), "lots\n");
		unit_write(root, G("memory.events"), "oom_kill -1\n");
		ck_assert_int_eq(cgroup_read_stats(&cg, &st), 0);
		ck_assert_uint_eq(st.memory_peak, UINT64_MAX);
		ck_assert_uint_eq(st.oom_kills, UINT64_MAX);
		ck_assert_uint_eq(cgroup_read_oom_kills(&cg), UINT64_MAX);

		/* events and kill: cgroup.kill is written, nothing is signalled */
		unit_write(root, G("cgroup.events"), "populated 0\nfrozen 0\n");
		unit_write(root, G("cgroup.procs"), "");
		ck_assert_int_eq(cgroup_count(&cg), 0);
		ck_assert_int_eq(cgroup_wait_empty(&cg, 100), 0);
		unit_write(root, G("cgroup.events"), "populated 1\nfrozen 0\n");
		ck_assert_int_eq(cgroup_wait_empty(&cg, 20), -ETIMEDOUT);
		{
			char line[32], c;
			int ws, ready[2];
			pid_t kid;

			ck_assert_int_eq(pipe(ready), 0);
			kid = fork();
			ck_assert_int_ge(kid, 0);
			if (kid == 0) {
				/* not Check's handler, which ends the whole process group */
				signal(SIGTERM, SIG_DFL);
				close(ready[0]);
				close(ready[1]);
				pause();
				_exit(0);
			}
			close(ready[1]);
			ck_assert_int_eq(read(ready[0], &c, 1), 0);
			close(ready[0]);
			snprintf(line, sizeof(line), "%d\n", (int) kid);
			unit_write(root, G("cgroup.procs"), line);
			ck_assert_int_eq(cgroup_count(&cg), 1);
			ck_assert_int_eq(cgroup_kill(&cg), 1);
			ck_assert_str_eq(slurp(G("cgroup.kill")), "1");
			/* the fixture kills nothing: the child is still ours to end */
			ck_assert_int_eq(kill(kid, 0), 0);
			ck_assert_int_eq(cgroup_signal(&cg, SIGTERM, kid), 0);
			ck_assert_int_eq(cgroup_signal(&cg, SIGTERM, 0), 1);
			ck_assert_int_eq(waitpid(kid, &ws, 0), kid);
			ck_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGTERM);
		}
	}
#undef G
	/* not empty in the fixture (files): rmdir fails, reported */
	ck_assert_int_lt(cgroup_remove(&cg), 0);
	ck_assert_ptr_null(cg.path);

	/* a clean create and remove, and a name that is taken */
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-named", 0, 0), 0);
	ck_assert(exists("sys/fs/cgroup/xns-cg-named"));
	{
		struct cgroup dup;

		ck_assert_int_eq(cgroup_create(&dup, &lo, "/", "xns-cg-named", 0, 0), -EEXIST);
	}
	ck_assert_int_eq(cgroup_remove(&cg), 0);
	ck_assert(!exists("sys/fs/cgroup/xns-cg-named"));

	/* a generated name that is taken gets a suffix */
	snprintf(rel, sizeof(rel), "sys/fs/cgroup/xns-cg-%d/x", (int) getpid());
	unit_write(root, rel, "");
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", NULL, 0, 0), 0);
	snprintf(rel, sizeof(rel), "/xns-cg-%d-1", (int) getpid());
	ck_assert_str_eq(cg.path, rel);
	ck_assert_int_eq(cgroup_remove(&cg), 0);

	/* below a parent that is missing, or a bad name */
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/xns-no-such", NULL, 0, 0), -ENOENT);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/../etc", NULL, 0, 0), -EINVAL);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "a/b", 0, 0), -EINVAL);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "..", 0, 0), -EINVAL);
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(v2_enable_fails)
{
	struct cgroup_layout lo;
	struct cgroup cg;
	char rel[128];

	make_v2("memory pids\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	/* subtree_control missing: needed controllers fail, wanted ones do not */
	snprintf(rel, sizeof(rel), "%s/sys/fs/cgroup/cgroup.subtree_control", root);
	unlink(rel);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-a", CGROUP_BIT(CGROUP_MEMORY), 0), 0);
	ck_assert_int_eq(cgroup_remove(&cg), 0);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-a", 0, CGROUP_BIT(CGROUP_MEMORY)), -ENOENT);
	ck_assert(!exists("sys/fs/cgroup/xns-cg-a"));
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(v1_create_limit_stats)
{
	struct cgroup_layout lo;
	struct cgroup cg;
	struct cgroup_stats st;
	struct cgroup_io_max io;
	char path[256];

	unit_write_lit(root, "proc/self/mountinfo", v1_mountinfo);
	unit_write_lit(root, "sys/fs/cgroup/cpuset/cpuset.cpus", "0-3\n");
	unit_write_lit(root, "sys/fs/cgroup/cpuset/cpuset.mems", "0\n");
	unit_write_lit(root, "sys/fs/cgroup/memory/cgroup.procs", "");
	unit_write_lit(root, "sys/fs/cgroup/pids/cgroup.procs", "");
	unit_write_lit(root, "sys/fs/cgroup/blkio/cgroup.procs", "");
	unit_write_lit(root, "sys/fs/cgroup/cpu,cpuacct/cgroup.procs", "");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	/* cpuset with a parent that has CPUs: the group inherits them */
	/*
	 * A new cpuset group gets its parent's CPUs: the fixture's new folder
	 * has no cpuset.cpus to write, so the create fails, and undoes every
	 * folder it made (the real inheritance runs in the bats suite).
	 */
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-v1",
				       CGROUP_BIT(CGROUP_MEMORY) | CGROUP_BIT(CGROUP_CPUACCT),
				       CGROUP_BIT(CGROUP_CPUSET) | CGROUP_BIT(CGROUP_IO)), -ENOENT);
	ck_assert(!exists("sys/fs/cgroup/cpuset/xns-cg-v1"));
	ck_assert(!exists("sys/fs/cgroup/memory/xns-cg-v1"));
	ck_assert(!exists("sys/fs/cgroup/cpu,cpuacct/xns-cg-v1"));
	ck_assert(!exists("sys/fs/cgroup/blkio/xns-cg-v1"));
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-v1",
				       CGROUP_BIT(CGROUP_MEMORY) | CGROUP_BIT(CGROUP_CPUACCT),
				       CGROUP_BIT(CGROUP_IO)), 0);
	ck_assert_int_eq(cgroup_v2_fd(&cg), -1);
	ck_assert(exists("sys/fs/cgroup/memory/xns-cg-v1"));
	ck_assert(exists("sys/fs/cgroup/cpu,cpuacct/xns-cg-v1"));
	ck_assert(!exists("sys/fs/cgroup/pids/xns-cg-v1"));

#define G(h, file) (snprintf(path, sizeof(path), "sys/fs/cgroup/%s/xns-cg-v1/%s", h, file), path)
	unit_write(root, G("memory", "memory.limit_in_bytes"), "");
	unit_write(root, G("memory", "memory.memsw.limit_in_bytes"), "");
	/* v1: swap needs the memory limit, and memsw is their sum */
	ck_assert_int_eq(cgroup_set_memory(&cg, CGROUP_UNSET, CGROUP_UNSET, 0), -EINVAL);
	ck_assert_int_eq(cgroup_set_memory(&cg, 100 << 20, CGROUP_UNSET, 0), 0);
	ck_assert_str_eq(slurp(G("memory", "memory.limit_in_bytes")), "104857600");
	ck_assert_str_eq(slurp(G("memory", "memory.memsw.limit_in_bytes")), "104857600");
	ck_assert_int_eq(cgroup_set_memory(&cg, 100 << 20, CGROUP_UNSET, 50 << 20), 0);
	ck_assert_str_eq(slurp(G("memory", "memory.memsw.limit_in_bytes")), "157286400");
	ck_assert_int_eq(cgroup_set_memory(&cg, CGROUP_LIMIT_MAX, CGROUP_UNSET, 0), 0);
	ck_assert_str_eq(slurp(G("memory", "memory.limit_in_bytes")), "-1");
	ck_assert_str_eq(slurp(G("memory", "memory.memsw.limit_in_bytes")), "-1");
	ck_assert_int_eq(cgroup_set_memory(&cg, UINT64_MAX - 5, CGROUP_UNSET, 100), -ERANGE);
	ck_assert_int_eq(cgroup_set_memory(&cg, CGROUP_UNSET, 1 << 20, CGROUP_UNSET), -EOPNOTSUPP);

	unit_write(root, G("cpu,cpuacct", "cpu.cfs_period_us"), "");
	unit_write(root, G("cpu,cpuacct", "cpu.cfs_quota_us"), "");
	unit_write(root, G("cpu,cpuacct", "cpu.shares"), "");
	ck_assert_int_eq(cgroup_set_cpu_quota(&cg, 20000, 100000), 0);
	ck_assert_str_eq(slurp(G("cpu,cpuacct", "cpu.cfs_period_us")), "100000");
	ck_assert_str_eq(slurp(G("cpu,cpuacct", "cpu.cfs_quota_us")), "20000");
	ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_CPU, 50), 0);
	ck_assert_str_eq(slurp(G("cpu,cpuacct", "cpu.shares")), "512");
	ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_CPU, 1), 0);
	ck_assert_str_eq(slurp(G("cpu,cpuacct", "cpu.shares")), "10");

	/* no BFQ: blkio.weight, scaled to 10-1000 */
	unit_write(root, G("blkio", "blkio.weight"), "");
	ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_IO, 100), 0);
	ck_assert_str_eq(slurp(G("blkio", "blkio.weight")), "500");
	ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_IO, 10000), 0);
	ck_assert_str_eq(slurp(G("blkio", "blkio.weight")), "1000");
	unit_write(root, G("blkio", "blkio.bfq.weight"), "");
	ck_assert_int_eq(cgroup_set_weight(&cg, CGROUP_IO, 100), 0);
	ck_assert_str_eq(slurp(G("blkio", "blkio.bfq.weight")), "100");
	unit_write(root, G("blkio", "blkio.throttle.read_bps_device"), "");
	unit_write(root, G("blkio", "blkio.throttle.write_iops_device"), "");
	ck_assert_int_eq(cgroup_parse_io_max("/dev/vda:rbps=2M,wiops=max", &io), 0);
	ck_assert_int_eq(cgroup_set_io_max(&cg, 254, 0, &io), 0);
	ck_assert_str_eq(slurp(G("blkio", "blkio.throttle.read_bps_device")), "254:0 2097152");
	ck_assert_str_eq(slurp(G("blkio", "blkio.throttle.write_iops_device")), "254:0 0");

	unit_write(root, G("cpu,cpuacct", "cpuacct.usage_user"), "2000000\n");
	unit_write(root, G("cpu,cpuacct", "cpuacct.usage_sys"), "1000\n");
	unit_write(root, G("memory", "memory.max_usage_in_bytes"), "104857600\n");
	unit_write(root, G("memory", "memory.memsw.max_usage_in_bytes"), "105906176\n");
	unit_write(root, G("memory", "memory.oom_control"),
		   "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
	ck_assert_int_eq(cgroup_read_stats(&cg, &st), 0);
	ck_assert_uint_eq(st.user_usec, 2000);
	ck_assert_uint_eq(st.system_usec, 1);
	ck_assert_uint_eq(st.memory_peak, 104857600);
	ck_assert_uint_eq(st.swap_peak, 1048576);
	ck_assert_uint_eq(st.oom_kills, 1);
	ck_assert_uint_eq(cgroup_read_oom_kills(&cg), 1);
	ck_assert_uint_eq(st.tasks_peak, UINT64_MAX);     /* no pids group */

	/* a group tracked without cgroup2: the procs of the first hierarchy */
	unit_write(root, G("memory", "cgroup.procs"), "");
	unit_write(root, G("cpu,cpuacct", "cgroup.procs"), "");
	ck_assert_int_eq(cgroup_count(&cg), 0);
	ck_assert_int_eq(cgroup_kill(&cg), 0);
	ck_assert_int_eq(cgroup_wait_empty(&cg, 10), 0);
#undef G
	cgroup_close(&cg);
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(open_and_attach)
{
	struct cgroup_layout lo;
	struct cgroup cg;

	unit_write_lit(root, "proc/self/mountinfo", hybrid_mountinfo);
	unit_write_lit(root, "sys/fs/cgroup/unified/cgroup.controllers", "\n");
	unit_write_lit(root, "sys/fs/cgroup/memory/xns-cg-join/cgroup.procs", "");
	unit_write_lit(root, "sys/fs/cgroup/pids/xns-cg-join/cgroup.procs", "");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_BIT(CGROUP_MEMORY) | CGROUP_BIT(CGROUP_PIDS),
				     "xns-cg-join"), 0);
	ck_assert_str_eq(cg.path, "/xns-cg-join");
	ck_assert(!cg.created);
	ck_assert_int_eq(cgroup_attach(&cg, 4242, false), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/memory/xns-cg-join/cgroup.procs"), "4242");
	ck_assert_str_eq(slurp("sys/fs/cgroup/pids/xns-cg-join/cgroup.procs"), "4242");
	/* joined, not created: remove leaves it */
	ck_assert_int_eq(cgroup_remove(&cg), 0);
	ck_assert(exists("sys/fs/cgroup/memory/xns-cg-join"));

	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_BIT(CGROUP_CPU), "/xns-cg-join"), -ENOENT);
	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_BIT(CGROUP_MEMORY), "/a/../b"), -EINVAL);
	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_ALL, "/xns-cg-join"), -ENOENT);
	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_BIT(CGROUP_PIDS), "/"), 0);
	ck_assert_str_eq(cg.path, "/");
	cgroup_close(&cg);
	cgroup_layout_free(&lo);

	/* a controller no mount carries */
	make_v2("pids\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_BIT(CGROUP_MEMORY), "/"), -ENODEV);
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(gc)
{
	struct cgroup_layout lo;
	char rel[128];
	int fd;

	make_v2("memory\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	mkdir_rel("sys/fs/cgroup/p");
	/*
	 * None of these is a killed run's leftover: no mark (a kept group, or
	 * one someone made, whatever its name), marked but still populated,
	 * marked but locked by its living run, marked with no cgroup.events.
	 * (A fixture cannot show a removal: rmdir of a plain folder with files
	 * fails; real_gc does that on cgroupfs.)
	 */
	unit_write_lit(root, "sys/fs/cgroup/p/xns-cg-4194303/cgroup.events", "populated 0\n");
	unit_write_lit(root, "sys/fs/cgroup/p/xns-cg-full/cgroup.events", "populated 1\n");
	unit_write_lit(root, "sys/fs/cgroup/p/xns-cg-locked/cgroup.events", "populated 0\n");
	mkdir_rel("sys/fs/cgroup/p/xns-cg-noevents");
	unit_write_lit(root, "sys/fs/cgroup/p/xns-cg-5", "a file");
	snprintf(rel, sizeof(rel), "%s/sys/fs/cgroup/p/xns-cg-full", root);
	ck_assert_int_eq(chmod(rel, 0755 | CGROUP_RUN_MARK), 0);
	snprintf(rel, sizeof(rel), "%s/sys/fs/cgroup/p/xns-cg-locked", root);
	ck_assert_int_eq(chmod(rel, 0755 | CGROUP_RUN_MARK), 0);
	fd = open(rel, O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	snprintf(rel, sizeof(rel), "%s/sys/fs/cgroup/p/xns-cg-noevents", root);
	ck_assert_int_eq(chmod(rel, 0755 | CGROUP_RUN_MARK), 0);
	ck_assert_int_eq(cgroup_gc(&lo, "/p", ~0u), 0);
	ck_assert(exists("sys/fs/cgroup/p/xns-cg-4194303"));
	ck_assert(exists("sys/fs/cgroup/p/xns-cg-full"));
	ck_assert(exists("sys/fs/cgroup/p/xns-cg-locked"));
	ck_assert(exists("sys/fs/cgroup/p/xns-cg-noevents"));
	close(fd);
	ck_assert_int_eq(cgroup_gc(&lo, "/no-such", ~0u), 0);
	ck_assert_int_eq(cgroup_gc(&lo, "../x", ~0u), -EINVAL);
	cgroup_layout_free(&lo);
}
END_TEST

/* is there a directory @path in any hierarchy? */
static bool real_exists(const struct cgroup_layout *lo, const char *path)
{
	char dir[512];
	int h;

	for (h = 0; h < lo->nhier; h++) {
		snprintf(dir, sizeof(dir), "%s%s", lo->hier[h].path, path);
		if (access(dir, F_OK) == 0)
			return true;
	}
	return false;
}

/*
 * The collection for real (root, cgroup2 mounted): a run's group is taken
 * only once no run holds it, in every hierarchy; a kept one never; a name
 * a killed run left is made anew.  Touches only xns-unit-gc-<pid>.
 */
START_TEST(real_gc)
{
	struct cgroup_layout lo;
	struct cgroup cg, parent, other;
	unsigned mem = CGROUP_BIT(CGROUP_MEMORY) | CGROUP_BIT(CGROUP_PIDS);
	char ppath[64], path[128];

	if (geteuid() != 0)
		unit_skip("needs root to make cgroups");
	ck_assert_int_eq(cgroup_layout_detect("", &lo), 0);
	if (lo.v2 < 0) {
		cgroup_layout_free(&lo);
		unit_skip("no cgroup2 mount");
	}
	snprintf(ppath, sizeof(ppath), "xns-unit-gc-%d", (int) getpid());
	ck_assert_int_eq(cgroup_create(&parent, &lo, "/", ppath, mem, 0), 0);

	ck_assert_int_eq(cgroup_create_run(&cg, &lo, ppath, NULL, mem, 0), 0);
	snprintf(path, sizeof(path), "%s", cg.path);
	/* locked by us, the living run */
	ck_assert_int_eq(cgroup_gc(&lo, ppath, ~0u), 0);
	ck_assert(real_exists(&lo, path));
	/* the run dies without removing it: the next gc takes it, everywhere */
	cgroup_close(&cg);
	ck_assert_int_eq(cgroup_gc(&lo, ppath, ~0u), 1);
	ck_assert(!real_exists(&lo, path));

	/* a kept group stays, with any name */
	ck_assert_int_eq(cgroup_create_run(&cg, &lo, ppath, NULL, mem, 0), 0);
	snprintf(path, sizeof(path), "%s", cg.path);
	ck_assert_int_eq(cgroup_unmark(&cg), 0);
	cgroup_close(&cg);
	ck_assert_int_eq(cgroup_gc(&lo, ppath, ~0u), 0);
	ck_assert(real_exists(&lo, path));
	ck_assert_int_eq(cgroup_open_hiers(&cg, &lo, cgroup_hiers(&parent), path), 0);
	cg.created = true;
	ck_assert_int_eq(cgroup_remove(&cg), 0);

	/* a named leftover is collected when a run wants the name */
	ck_assert_int_eq(cgroup_create_run(&cg, &lo, ppath, "xns-named", mem, 0), 0);
	cgroup_close(&cg);
	ck_assert_int_eq(cgroup_create_run(&cg, &lo, ppath, "xns-named", mem, 0), 0);
	/* but not while its run lives */
	ck_assert_int_eq(cgroup_create_run(&other, &lo, ppath, "xns-named", mem, 0), -EEXIST);
	ck_assert_int_eq(cgroup_remove(&cg), 0);
	ck_assert_int_eq(cgroup_remove(&parent), 0);
	cgroup_layout_free(&lo);
}
END_TEST

/* v1 only: a run's group is tracked (locked, marked) in memory's hierarchy */
#define G2(rel) (snprintf(other_path, sizeof(other_path), "%s/sys/fs/cgroup/%s", root, rel), other_path)
START_TEST(v1_run_tracked)
{
	char other_path[4200];
	struct cgroup_layout lo;
	struct cgroup cg, other;
	char path[4200];
	struct stat st;
	int fd;

	unit_write_lit(root, "proc/self/mountinfo", v1_mountinfo);
	unit_write_lit(root, "sys/fs/cgroup/memory/cgroup.procs", "");
	unit_write_lit(root, "sys/fs/cgroup/pids/cgroup.procs", "");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	/* pids only was asked: memory's directory is made too, for the mark */
	ck_assert_int_eq(cgroup_create_run(&cg, &lo, "/", "xns-run", CGROUP_BIT(CGROUP_PIDS), 0), 0);
	ck_assert(exists("sys/fs/cgroup/pids/xns-run"));
	ck_assert(exists("sys/fs/cgroup/memory/xns-run"));
	snprintf(path, sizeof(path), "%s/sys/fs/cgroup/memory/xns-run", root);
	/* marked by mkdir itself, whatever the umask */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(st.st_mode & CGROUP_RUN_MARK);
	ck_assert_int_eq(stat(G2("pids/xns-run"), &st), 0);
	ck_assert(!(st.st_mode & CGROUP_RUN_MARK));
	fd = open(path, O_RDONLY | O_DIRECTORY);
	ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), -1);
	ck_assert_int_eq(errno, EWOULDBLOCK);
	/* the name is taken while the run lives */
	ck_assert_int_eq(cgroup_create_run(&other, &lo, "/", "xns-run", CGROUP_BIT(CGROUP_PIDS), 0), -EEXIST);
	/* kept: the mark goes */
	ck_assert_int_eq(cgroup_unmark(&cg), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(!(st.st_mode & CGROUP_RUN_MARK));
	ck_assert_int_eq(cgroup_remove(&cg), 0);
	ck_assert(!exists("sys/fs/cgroup/memory/xns-run"));
	ck_assert_int_eq(flock(fd, LOCK_EX | LOCK_NB), 0);
	close(fd);
	/* a plain create makes only what was asked */
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-plain", CGROUP_BIT(CGROUP_PIDS), 0), 0);
	ck_assert(!exists("sys/fs/cgroup/memory/xns-plain"));
	ck_assert_int_eq(cgroup_remove(&cg), 0);
	cgroup_layout_free(&lo);
}
END_TEST

/*
 * The v1 kill loop for real (root, with v1 pids and freezer hierarchies, as
 * on hybrid hosts): no cgroup.kill, so freeze, kill each, thaw, wait.
 * Touches only its own group, xns-cg-u<pid>.
 */
START_TEST(real_v1_freeze_kill)
{
	struct cgroup_layout lo;
	struct cgroup cg;
	char name[64], dir[2][256];
	int h, hp = -1, hf = -1, ws, i, ready[2];
	pid_t kids[3];
	char c;

	if (geteuid() != 0)
		unit_skip("needs root to make cgroups");
	if (cgroup_layout_detect("", &lo) < 0)
		unit_skip("cannot read this host's cgroup layout");
	for (h = 0; h < lo.nhier; h++) {
		if (lo.hier[h].v2)
			continue;
		if (lo.hier[h].ctrls & CGROUP_BIT(CGROUP_PIDS))
			hp = h;
		if (lo.hier[h].ctrls & CGROUP_BIT(CGROUP_FREEZER))
			hf = h;
	}
	if (hp < 0 || hf < 0) {
		cgroup_layout_free(&lo);
		unit_skip("no v1 pids and freezer hierarchies (a hybrid host's)");
	}
	/* serve the freezer from v1 even where cgroup2's core could */
	lo.by_ctrl[CGROUP_FREEZER] = hf;
	snprintf(name, sizeof(name), "xns-cg-u%d", (int) getpid());
	snprintf(dir[0], sizeof(dir[0]), "%s/%s", lo.hier[hp].path, name);
	snprintf(dir[1], sizeof(dir[1]), "%s/%s", lo.hier[hf].path, name);
	ck_assert_int_eq(mkdir(dir[0], 0755), 0);
	ck_assert_int_eq(mkdir(dir[1], 0755), 0);
	ck_assert_int_eq(cgroup_open(&cg, &lo, CGROUP_BIT(CGROUP_PIDS) | CGROUP_BIT(CGROUP_FREEZER),
				     name), 0);
	ck_assert_int_eq(cgroup_v2_fd(&cg), -1);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(pipe(ready), 0);
		kids[i] = fork();
		ck_assert_int_ge(kids[i], 0);
		if (kids[i] == 0) {
			signal(SIGTERM, SIG_DFL);
			if (cgroup_attach(&cg, 0, false) < 0)
				_exit(1);
			close(ready[0]);
			close(ready[1]);
			for (;;)
				pause();
		}
		close(ready[1]);
		ck_assert_int_eq(read(ready[0], &c, 1), 0);
		close(ready[0]);
	}
	ck_assert_int_eq(cgroup_count(&cg), 3);
	ck_assert_int_eq(cgroup_kill(&cg), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(waitpid(kids[i], &ws, 0), kids[i]);
		ck_assert(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	}
	ck_assert_int_eq(cgroup_wait_empty(&cg, 1000), 0);
	ck_assert_int_eq(cgroup_count(&cg), 0);
	/* thawed again, so the group is usable and removable */
	{
		char st[32];

		ck_assert_int_gt(cgroup_read(&cg, CGROUP_FREEZER, "freezer.state", st, sizeof(st)), 0);
		ck_assert_str_eq(st, "THAWED\n");
	}
	cgroup_close(&cg);
	ck_assert_int_eq(rmdir(dir[0]), 0);
	ck_assert_int_eq(rmdir(dir[1]), 0);
	cgroup_layout_free(&lo);
}
END_TEST

START_TEST(names)
{
	ck_assert_int_eq(cgroup_ctrl_lookup("memory", 6), CGROUP_MEMORY);
	ck_assert_int_eq(cgroup_ctrl_lookup("blkio", 5), CGROUP_IO);
	ck_assert_int_eq(cgroup_ctrl_lookup("io", 2), CGROUP_IO);
	ck_assert_int_eq(cgroup_ctrl_lookup("cpuacct", 7), CGROUP_CPUACCT);
	ck_assert_int_eq(cgroup_ctrl_lookup("cpu", 3), CGROUP_CPU);
	ck_assert_int_eq(cgroup_ctrl_lookup("cpus", 4), -EINVAL);
	ck_assert_int_eq(cgroup_ctrl_lookup("", 0), -EINVAL);
	ck_assert_int_eq(cgroup_ctrl_lookup("name=systemd", 12), -EINVAL);
	ck_assert_str_eq(cgroup_ctrl_name(CGROUP_IO, false), "blkio");
	ck_assert_str_eq(cgroup_ctrl_name(CGROUP_IO, true), "io");
	ck_assert_ptr_null(cgroup_ctrl_name(CGROUP_NCTRL, true));
	ck_assert_str_eq(cgroup_knob_file(CGK_MEM_SWAP_MAX, false), "memory.memsw.limit_in_bytes");
	ck_assert_str_eq(cgroup_knob_file(CGK_PIDS_PEAK, true), "pids.peak");
	ck_assert_ptr_null(cgroup_knob_file(CGK_MEM_HIGH, false));
	ck_assert_ptr_null(cgroup_knob_file(CGK_NKNOBS, true));
	ck_assert_int_eq(cgroup_knob_ctrl(CGK_CPU_USER), CGROUP_CPUACCT);
	ck_assert_int_eq(cgroup_ctrl_lookup("hugetlb", 7), CGROUP_HUGETLB);
	ck_assert_str_eq(cgroup_ctrl_name(CGROUP_HUGETLB, false), "hugetlb");
	ck_assert_str_eq(cgroup_ctrl_name(CGROUP_HUGETLB, true), "hugetlb");

	ck_assert(cgroup_valid_path("/"));
	ck_assert(cgroup_valid_path("a/b"));
	ck_assert(cgroup_valid_path("/xns-cg-1//x/"));
	ck_assert(cgroup_valid_path("..."));
	ck_assert(!cgroup_valid_path(""));
	ck_assert(!cgroup_valid_path(NULL));
	ck_assert(!cgroup_valid_path("/a/.."));
	ck_assert(!cgroup_valid_path("./a"));
	ck_assert(!cgroup_valid_path("a\nb"));
}
END_TEST

START_TEST(parse_spec)
{
	unsigned c;
	const char *p;

	ck_assert_int_eq(cgroup_parse_spec("memory:/xns-cg-a", &c, &p), 0);
	ck_assert_uint_eq(c, CGROUP_BIT(CGROUP_MEMORY));
	ck_assert_str_eq(p, "/xns-cg-a");
	ck_assert_int_eq(cgroup_parse_spec("cpu,cpuacct,pids:a/b", &c, &p), 0);
	ck_assert_uint_eq(c, CGROUP_BIT(CGROUP_CPU) | CGROUP_BIT(CGROUP_CPUACCT) |
			     CGROUP_BIT(CGROUP_PIDS));
	ck_assert_str_eq(p, "a/b");
	ck_assert_int_eq(cgroup_parse_spec("*:/", &c, &p), 0);
	ck_assert_uint_eq(c, CGROUP_ALL);
	ck_assert_int_eq(cgroup_parse_spec("io:/x:y", &c, &p), 0);
	ck_assert_str_eq(p, "/x:y");

	c = 0;
	ck_assert_int_eq(cgroup_parse_spec("memory", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec(":/x", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec("memory:", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec("memory,:/x", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec(",memory:/x", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec("mem:/x", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec("**:/x", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec("memory:/../x", &c, &p), -EINVAL);
	ck_assert_int_eq(cgroup_parse_spec(NULL, &c, &p), -EINVAL);
	ck_assert_uint_eq(c, 0);
}
END_TEST

START_TEST(parse_io_max)
{
	struct cgroup_io_max io;

	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=1M", &io), 0);
	ck_assert_str_eq(io.dev, "8:0");
	ck_assert_uint_eq(io.rbps, 1 << 20);
	ck_assert_uint_eq(io.wbps, CGROUP_UNSET);
	ck_assert_int_eq(cgroup_parse_io_max("/dev/vda:wbps=10M,riops=100 wiops=max", &io), 0);
	ck_assert_str_eq(io.dev, "/dev/vda");
	ck_assert_uint_eq(io.wbps, 10 << 20);
	ck_assert_uint_eq(io.riops, 100);
	ck_assert_uint_eq(io.wiops, CGROUP_LIMIT_MAX);

	memset(&io, 0x5a, sizeof(io));
	ck_assert_int_eq(cgroup_parse_io_max("8:0", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("rbps=1M", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max(":rbps=1M", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=1M,", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=1M,,wbps=1", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:speed=1", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:riops=1K", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=0", &io), -ERANGE);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=99999999999999999999G", &io), -ERANGE);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:rbps=100Q", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:x:rbps=1", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:0:1:rbps=1", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:rbps=1", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("8:-1:rbps=1", &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max("/dev/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:rbps=1",
					     &io), -EINVAL);
	ck_assert_int_eq(cgroup_parse_io_max(NULL, &io), -EINVAL);
	ck_assert_uint_eq(io.rbps, 0x5a5a5a5a5a5a5a5aULL);
}
END_TEST

START_TEST(parse_cpuset)
{
	char out[32];

	ck_assert_int_eq(cgroup_parse_cpuset("0", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "0");
	ck_assert_int_eq(cgroup_parse_cpuset("0-3,6,8-8", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "0-3,6,8");
	ck_assert_int_eq(cgroup_parse_cpuset("8191", out, sizeof(out)), 0);

	ck_assert_int_eq(cgroup_parse_cpuset("", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset(",", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("1,", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("3-1", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("1-", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("-1", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("1 2", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("a", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("1-2-3", out, sizeof(out)), -EINVAL);
	ck_assert_int_eq(cgroup_parse_cpuset("8192", out, sizeof(out)), -ERANGE);
	ck_assert_int_eq(cgroup_parse_cpuset("99999999999999999999", out, sizeof(out)), -ERANGE);
	ck_assert_int_eq(cgroup_parse_cpuset("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15", out, sizeof(out)),
			 -ERANGE);
	ck_assert_int_eq(cgroup_parse_cpuset(NULL, out, sizeof(out)), -EINVAL);
}
END_TEST

START_TEST(parse_keyed)
{
	const char *ev = "low 0\nhigh 3\nmax 12\noom 2\noom_kill 1\noom_group_kill 0\n";
	uint64_t v = 77;

	ck_assert_int_eq(cgroup_parse_keyed(ev, "oom_kill", &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(cgroup_parse_keyed(ev, "oom", &v), 0);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(cgroup_parse_keyed(ev, "low", &v), 0);
	ck_assert_uint_eq(v, 0);
	/* the last line without its newline */
	ck_assert_int_eq(cgroup_parse_keyed("populated 1", "populated", &v), 0);
	ck_assert_uint_eq(v, 1);

	v = 77;
	ck_assert_int_eq(cgroup_parse_keyed(ev, "oom_kil", &v), -ENOENT);
	ck_assert_int_eq(cgroup_parse_keyed(ev, "", &v), -EINVAL);
	ck_assert_int_eq(cgroup_parse_keyed("", "oom_kill", &v), -ENOENT);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill\n", "oom_kill", &v), -ENOENT);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill \n", "oom_kill", &v), -EINVAL);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill x\n", "oom_kill", &v), -EINVAL);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill -1\n", "oom_kill", &v), -EINVAL);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill 1 2\n", "oom_kill", &v), -EINVAL);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill 99999999999999999999\n", "oom_kill", &v), -ERANGE);
	ck_assert_int_eq(cgroup_parse_keyed("oom_kill 99999999999999999999999999999999999\n",
					    "oom_kill", &v), -EINVAL);
	ck_assert_int_eq(cgroup_parse_keyed(NULL, "x", &v), -EINVAL);
	ck_assert_uint_eq(v, 77);
}
END_TEST

START_TEST(parse_procs)
{
	pid_t pids[4];

	ck_assert_int_eq(cgroup_parse_procs("", pids, 4), 0);
	ck_assert_int_eq(cgroup_parse_procs("1\n22\n333\n", pids, 4), 3);
	ck_assert_int_eq(pids[0], 1);
	ck_assert_int_eq(pids[2], 333);
	ck_assert_int_eq(cgroup_parse_procs("5\n6", pids, 4), 2);
	ck_assert_int_eq(pids[1], 6);
	/* more than fit: all counted, the first stored */
	ck_assert_int_eq(cgroup_parse_procs("1\n2\n3\n4\n5\n6\n", pids, 2), 6);
	ck_assert_int_eq(cgroup_parse_procs("1\n2\n", NULL, 0), 2);

	ck_assert_int_eq(cgroup_parse_procs("1\n\n2\n", pids, 4), -EINVAL);
	ck_assert_int_eq(cgroup_parse_procs("x\n", pids, 4), -EINVAL);
	ck_assert_int_eq(cgroup_parse_procs("0\n", pids, 4), -EINVAL);
	ck_assert_int_eq(cgroup_parse_procs("-3\n", pids, 4), -EINVAL);
	ck_assert_int_eq(cgroup_parse_procs(" 3\n", pids, 4), -EINVAL);
	ck_assert_int_eq(cgroup_parse_procs("99999999999999999\n", pids, 4), -EINVAL);
	ck_assert_int_eq(cgroup_parse_procs(NULL, pids, 4), -EINVAL);
}
END_TEST

START_TEST(cpu_quota_and_sizes)
{
	uint64_t q = 0, p = 0;
	char buf[32];

	ck_assert_int_eq(cgroup_cpu_quota(200000, &q, &p), 0);
	ck_assert_uint_eq(q, 20000);
	ck_assert_uint_eq(p, 100000);
	ck_assert_int_eq(cgroup_cpu_quota(1500000, &q, &p), 0);
	ck_assert_uint_eq(q, 150000);
	ck_assert_int_eq(cgroup_cpu_quota(10000, &q, &p), 0);
	ck_assert_uint_eq(q, 1000);
	ck_assert_int_eq(cgroup_cpu_quota(9999, &q, &p), -ERANGE);
	ck_assert_int_eq(cgroup_cpu_quota(0, &q, &p), -ERANGE);
	ck_assert_int_eq(cgroup_cpu_quota(UINT64_MAX, &q, &p), -ERANGE);
	ck_assert_uint_eq(q, 1000);

	ck_assert_str_eq(cgroup_format_size(100 << 20, buf, sizeof(buf)), "100M");
	ck_assert_str_eq(cgroup_format_size(0, buf, sizeof(buf)), "0");
	ck_assert_str_eq(cgroup_format_size(1536, buf, sizeof(buf)), "1536");
	ck_assert_str_eq(cgroup_format_size(3ULL << 30, buf, sizeof(buf)), "3G");
	ck_assert_str_eq(cgroup_format_size(1ULL << 60, buf, sizeof(buf)), "1E");
	ck_assert_str_eq(cgroup_format_size(UINT64_MAX, buf, sizeof(buf)), "18446744073709551615");
}
END_TEST

/* the huge page sizes of a fixture /sys/kernel/mm/hugepages */
START_TEST(hugetlb_sizes)
{
	char buf[64], f[64];

	/* no such directory: a kernel without huge pages */
	ck_assert_int_eq(cgroup_hugetlb_sizes(root, buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "2MB"), -ENOENT);
	mkdir_rel("sys");
	mkdir_rel("sys/kernel");
	mkdir_rel("sys/kernel/mm");
	mkdir_rel("sys/kernel/mm/hugepages");
	ck_assert_int_eq(cgroup_hugetlb_sizes(root, buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-1048576kB");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-2048kB");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-64kB");
	/* malformed: passed over */
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-12");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-kB");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-0kB");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-x2kB");
	mkdir_rel("sys/kernel/mm/hugepages/hugepages-99999999999999999999999kB");
	mkdir_rel("sys/kernel/mm/hugepages/other");
	ck_assert_int_eq(cgroup_hugetlb_sizes(root, buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "64KB,2MB,1GB");
	ck_assert_int_eq(cgroup_hugetlb_sizes(root, buf, 8), -ENOBUFS);
	ck_assert_int_eq(cgroup_hugetlb_sizes(root, buf, 0), -ENOBUFS);

	ck_assert_int_eq(cgroup_hugetlb_check(root, "2MB"), 0);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "1GB"), 0);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "64KB"), 0);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "3MB"), -ENOENT);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "2048KB"), -ENOENT);  /* not the kernel's name */
	ck_assert_int_eq(cgroup_hugetlb_check(root, "B"), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "2M"), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "2mb"), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "02MB"), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "2MB,1GB"), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, "../2MB"), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, ""), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_check(root, NULL), -EINVAL);

	ck_assert_int_eq(cgroup_hugetlb_file("2MB", true, false, f, sizeof(f)), 0);
	ck_assert_str_eq(f, "hugetlb.2MB.max");
	ck_assert_int_eq(cgroup_hugetlb_file("2MB", true, true, f, sizeof(f)), 0);
	ck_assert_str_eq(f, "hugetlb.2MB.rsvd.max");
	ck_assert_int_eq(cgroup_hugetlb_file("1GB", false, false, f, sizeof(f)), 0);
	ck_assert_str_eq(f, "hugetlb.1GB.limit_in_bytes");
	ck_assert_int_eq(cgroup_hugetlb_file("1GB", false, true, f, sizeof(f)), 0);
	ck_assert_str_eq(f, "hugetlb.1GB.rsvd.limit_in_bytes");
	ck_assert_int_eq(cgroup_hugetlb_file("garbage", true, false, f, sizeof(f)), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_file("2MB/../x", true, false, f, sizeof(f)), -EINVAL);
	ck_assert_int_eq(cgroup_hugetlb_file("2MB", false, true, f, 10), -ENOBUFS);
}
END_TEST

/* hugetlb on each layout: which hierarchy, which parent file, which limit file */
START_TEST(hugetlb_limits)
{
	static const char v1_hugetlb[] =
		"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
		"42 30 0:38 / /sys/fs/cgroup/hugetlb rw,relatime - cgroup cgroup rw,hugetlb\n";
	struct cgroup_layout lo;
	struct cgroup cg;

	/* v2: enabled in the parent (needed), hugetlb.2MB.max and its rsvd */
	make_v2("memory hugetlb\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_ptr_eq(cgroup_ctrl_hier(&lo, CGROUP_HUGETLB), &lo.hier[0]);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-h", 0, CGROUP_BIT(CGROUP_HUGETLB)), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/cgroup.subtree_control"), "+hugetlb");
	ck_assert(cgroup_ctrl_v2(&cg, CGROUP_HUGETLB));
	/* the fixture kernel has no such file yet: its error, not ours */
	ck_assert_int_eq(cgroup_set_hugetlb(&cg, "2MB", 4 << 20), -ENOENT);
	unit_write(root, "sys/fs/cgroup/xns-cg-h/hugetlb.2MB.max", "");
	/* no rsvd file (before Linux 5.7): the limit alone */
	ck_assert_int_eq(cgroup_set_hugetlb(&cg, "2MB", 4 << 20), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/xns-cg-h/hugetlb.2MB.max"), "4194304");
	unit_write(root, "sys/fs/cgroup/xns-cg-h/hugetlb.2MB.rsvd.max", "");
	ck_assert_int_eq(cgroup_set_hugetlb(&cg, "2MB", UINT64_MAX), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/xns-cg-h/hugetlb.2MB.rsvd.max"), "18446744073709551615");
	ck_assert_int_eq(cgroup_set_hugetlb(&cg, "../memory", 1), -EINVAL);
	cgroup_close(&cg);
	cgroup_layout_free(&lo);

	/* v2 without hugetlb delegated: no hierarchy serves it */
	make_v2("memory\n");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_ptr_null(cgroup_ctrl_hier(&lo, CGROUP_HUGETLB));
	cgroup_layout_free(&lo);

	/* v1: its own hierarchy, limit_in_bytes */
	unit_rmtree(root);
	root = unit_tmpdir();
	unit_write_lit(root, "proc/self/mountinfo", v1_hugetlb);
	unit_write_lit(root, "sys/fs/cgroup/hugetlb/cgroup.procs", "");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(lo.kind, CGROUP_LAYOUT_V1);
	ck_assert(ends_with(cgroup_ctrl_hier(&lo, CGROUP_HUGETLB)->path, "/sys/fs/cgroup/hugetlb"));
	ck_assert_int_eq(cgroup_hier_by_name(&lo, "hugetlb", 7), lo.by_ctrl[CGROUP_HUGETLB]);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-h", 0, CGROUP_BIT(CGROUP_HUGETLB)), 0);
	ck_assert(exists("sys/fs/cgroup/hugetlb/xns-cg-h"));
	ck_assert(!exists("sys/fs/cgroup/memory/xns-cg-h"));
	unit_write(root, "sys/fs/cgroup/hugetlb/xns-cg-h/hugetlb.1GB.limit_in_bytes", "");
	unit_write(root, "sys/fs/cgroup/hugetlb/xns-cg-h/hugetlb.1GB.rsvd.limit_in_bytes", "");
	ck_assert_int_eq(cgroup_set_hugetlb(&cg, "1GB", 0), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/hugetlb/xns-cg-h/hugetlb.1GB.limit_in_bytes"), "0");
	ck_assert_str_eq(slurp("sys/fs/cgroup/hugetlb/xns-cg-h/hugetlb.1GB.rsvd.limit_in_bytes"), "0");
	cgroup_close(&cg);
	cgroup_layout_free(&lo);

	/* hybrid, as this project's test host: v1 controllers, hugetlb on cgroup2 */
	unit_rmtree(root);
	root = unit_tmpdir();
	unit_write_lit(root, "proc/self/mountinfo", hybrid_mountinfo);
	unit_write_lit(root, "sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
	unit_write_lit(root, "sys/fs/cgroup/unified/cgroup.subtree_control", "");
	unit_write_lit(root, "sys/fs/cgroup/memory/cgroup.procs", "");
	ck_assert_int_eq(cgroup_layout_detect(root, &lo), 0);
	ck_assert_int_eq(cgroup_create(&cg, &lo, "/", "xns-cg-h", CGROUP_BIT(CGROUP_MEMORY),
				       CGROUP_BIT(CGROUP_HUGETLB)), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/unified/cgroup.subtree_control"), "+hugetlb");
	ck_assert(exists("sys/fs/cgroup/memory/xns-cg-h"));
	unit_write(root, "sys/fs/cgroup/unified/xns-cg-h/hugetlb.2MB.max", "");
	ck_assert_int_eq(cgroup_set_hugetlb(&cg, "2MB", 2 << 20), 0);
	ck_assert_str_eq(slurp("sys/fs/cgroup/unified/xns-cg-h/hugetlb.2MB.max"), "2097152");
	cgroup_close(&cg);
	cgroup_layout_free(&lo);
}
END_TEST

static Suite *cgroup_suite(void)
{
	Suite *s = suite_create("cgroup");
	TCase *fx = tcase_create("fixtures");
	TCase *pr = tcase_create("parsers");

	tcase_add_checked_fixture(fx, setup, teardown);
	tcase_add_test(fx, layout_hybrid);
	tcase_add_test(fx, layout_v2);
	tcase_add_test(fx, layout_v1_and_none);
	tcase_add_test(fx, v2_create_limit_stats);
	tcase_add_test(fx, v2_enable_fails);
	tcase_add_test(fx, v1_create_limit_stats);
	tcase_add_test(fx, open_and_attach);
	tcase_add_test(fx, gc);
	tcase_add_test(fx, v1_run_tracked);
	tcase_add_test(fx, hugetlb_sizes);
	tcase_add_test(fx, hugetlb_limits);
	suite_add_tcase(s, fx);
	tcase_add_test(pr, real_v1_freeze_kill);
	tcase_add_test(pr, real_gc);
	tcase_add_test(pr, names);
	tcase_add_test(pr, parse_spec);
	tcase_add_test(pr, parse_io_max);
	tcase_add_test(pr, parse_cpuset);
	tcase_add_test(pr, parse_keyed);
	tcase_add_test(pr, parse_procs);
	tcase_add_test(pr, cpu_quota_and_sizes);
	suite_add_tcase(s, pr);
	return s;
}

UNIT_MAIN(cgroup_suite)

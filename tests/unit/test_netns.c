#include "compat.h"
#include "mountinfo.h"
#include "netns.h"
#include "unit.h"

#include <limits.h>
#include <sys/mount.h>
#include <signal.h>
#include <sys/wait.h>

START_TEST(name_checks)
{
	char longname[NAME_MAX + 2];

	ck_assert_int_eq(netns_name_check("xns-nn-a"), 0);
	ck_assert_int_eq(netns_name_check("with space"), 0);
	ck_assert_int_eq(netns_name_check("..."), 0);
	ck_assert_int_eq(netns_name_check(""), -EINVAL);
	ck_assert_int_eq(netns_name_check(NULL), -EINVAL);
	ck_assert_int_eq(netns_name_check("."), -EINVAL);
	ck_assert_int_eq(netns_name_check(".."), -EINVAL);
	ck_assert_int_eq(netns_name_check("a/b"), -EINVAL);
	ck_assert_int_eq(netns_name_check("/"), -EINVAL);
	memset(longname, 'x', sizeof(longname));
	longname[NAME_MAX] = '\0';
	ck_assert_int_eq(netns_name_check(longname), 0);
	longname[NAME_MAX] = 'x';
	longname[NAME_MAX + 1] = '\0';
	ck_assert_int_eq(netns_name_check(longname), -ENAMETOOLONG);
}
END_TEST

START_TEST(vrf_groups)
{
	char buf[64];

	/* hybrid: v1 lines first, the cgroup2 line last */
	ck_assert_int_eq(netns_vrf_group("12:pids:/a\n1:name=systemd:/vrf/x\n"
					 "0::/user.slice/vrf/red\n", buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "/user.slice/vrf");
	ck_assert_int_eq(netns_vrf_group("0::/vrf/red", buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "/vrf");
	ck_assert_int_eq(netns_vrf_group("0::/a/b-ns/vrf/red/deeper\n", buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "/a/b-ns/vrf");
	/* no VRF: the group itself, a reset one, look-alikes, v1 only, junk */
	ck_assert_int_eq(netns_vrf_group("0::/a/vrf\n", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(netns_vrf_group("0::/a/vrf/\n", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("0::/a/vrfx/red\n", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("0::/\n", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("3:cpu:/vrf/red\n", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("0::", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("\n\n0:/vrf/red", buf, sizeof(buf)), 0);
	ck_assert_int_eq(netns_vrf_group("0::/0123456789/vrf/red", buf, 8), -ENAMETOOLONG);
}
END_TEST

START_TEST(paths)
{
	char buf[16];

	ck_assert_int_eq(netns_path("/run/netns", "a", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/run/netns/a");
	ck_assert_int_eq(netns_path("/run/netns", "abcde", buf, sizeof(buf)), -ENAMETOOLONG);
	unsetenv("NETNS_RUN_DIR");
	ck_assert_str_eq(netns_run_dir(), "/run/netns");
	setenv("NETNS_RUN_DIR", "", 1);
	ck_assert_str_eq(netns_run_dir(), "/run/netns");
	setenv("NETNS_RUN_DIR", "/tmp/x", 1);
	ck_assert_str_eq(netns_run_dir(), "/tmp/x");
	unsetenv("NETNS_RUN_DIR");
}
END_TEST

START_TEST(list_files)
{
	char *dir = unit_tmpdir(), sub[128], **names;
	size_t n;
	int found = 0;

	unit_write(dir, "a", "");
	unit_write(dir, "b c", "");
	ck_assert_int_eq(netns_list(dir, &names, &n), 0);
	ck_assert_uint_eq(n, 2);
	for (size_t i = 0; i < n; i++)
		found |= strcmp(names[i], "a") == 0 ? 1 : strcmp(names[i], "b c") == 0 ? 2 : 4;
	ck_assert_int_eq(found, 3);
	netns_list_free(names, n);

	/* a plain file is no namespace: open says so, delete still removes it */
	ck_assert_int_eq(netns_open(dir, "a"), -EINVAL);
	ck_assert_int_eq(netns_open(dir, "zz"), -ENOENT);
	ck_assert_int_eq(netns_delete(dir, "zz"), -ENOENT);
	ck_assert_int_eq(netns_delete(dir, "a"), 0);
	ck_assert_int_eq(netns_delete(dir, "a"), -ENOENT);

	snprintf(sub, sizeof(sub), "%s/missing", dir);
	ck_assert_int_eq(netns_list(sub, &names, &n), 0);
	ck_assert_uint_eq(n, 0);
	unit_rmtree(dir);
}
END_TEST

/* the real thing, in a mount namespace of our own so nothing leaks */
static int count_name(const char *name, void *data)
{
	(void) name;
	++*(int *) data;
	return 0;
}

static int setup_calls;

/* netns_add's hook runs in the new namespace, not ours */
static int setup_in_new(void)
{
	struct stat st;

	setup_calls++;
	ck_assert_int_eq(stat("/proc/thread-self/ns/net", &st), 0);
	return 0;
}

static int setup_fails(void)
{
	return -ENETDOWN;
}

START_TEST(add_delete)
{
	char *dir = unit_tmpdir(), ns[128], **names;
	struct stat self_before, self_after, st;
	size_t n, from = 0;
	int fd;

	if (geteuid() != 0) {
		unit_rmtree(dir);
		unit_skip("needs root for mounts and network namespaces");
	}
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount("", "/", "none", MS_PRIVATE | MS_REC, NULL) < 0) {
		unit_rmtree(dir);
		unit_skip("no private mount namespace here");
	}
	snprintf(ns, sizeof(ns), "%s/netns", dir);
	ck_assert_int_eq(stat("/proc/self/ns/net", &self_before), 0);
	ck_assert_int_eq(netns_dir_prepare(ns), 0);
	ck_assert_int_eq(mountinfo_is_shared(-1, ns), 1);
	/* a second time: already a shared mount root, nothing stacked */
	ck_assert_int_eq(netns_dir_prepare(ns), 0);

	setup_calls = 0;
	ck_assert_int_eq(netns_add(ns, "xns-nn-u", -1, 0, setup_in_new), NETNS_ADD_OK);
	ck_assert_int_eq(setup_calls, 1);
	ck_assert_int_eq(stat("/proc/self/ns/net", &self_after), 0);
	ck_assert_uint_eq(self_before.st_ino, self_after.st_ino);
	/* a setup that fails takes the name back: no file, no mount */
	ck_assert_int_eq(netns_add(ns, "xns-nn-f", -1, 0, setup_fails), NETNS_ADD_SETUP);
	ck_assert_int_eq(errno, ENETDOWN);
	ck_assert_int_eq(netns_open(ns, "xns-nn-f"), -ENOENT);
	ck_assert_int_eq(netns_add(ns, "xns-nn-u", -1, 0, NULL), NETNS_ADD_CREATE);
	ck_assert_int_eq(errno, EEXIST);

	fd = netns_open(ns, "xns-nn-u");
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_uint_ne(st.st_ino, self_before.st_ino);
	/* attach: a second name for the same namespace */
	ck_assert_int_eq(netns_add(ns, "xns-nn-v", fd, 0, setup_fails), NETNS_ADD_OK);
	ck_assert_int_eq(netns_list(ns, &names, &n), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_ptr_nonnull(netns_find_inode(ns, names, n, st.st_dev, st.st_ino, &from));
	ck_assert_ptr_nonnull(netns_find_inode(ns, names, n, st.st_dev, st.st_ino, &from));
	ck_assert_ptr_null(netns_find_inode(ns, names, n, st.st_dev, st.st_ino, &from));
	from = 0;
	ck_assert_ptr_null(netns_find_inode(ns, names, n, self_before.st_dev,
					    self_before.st_ino, &from));
	netns_list_free(names, n);
	{
		int count = 0, home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

		ck_assert_int_eq(netns_names_of(ns, fd, count_name, &count), 0);
		ck_assert_int_eq(count, 2);
		count = 0;
		ck_assert_int_eq(netns_names_of(ns, home, count_name, &count), 0);
		ck_assert_int_eq(count, 0);
		ck_assert_int_eq(netns_names_of(ns, -1, count_name, &count), -EBADF);
		/* STAY: the thread ends in the new namespace, named all the same */
		ck_assert_int_eq(netns_add(ns, "xns-nn-w", -1, NETNS_ADD_STAY, NULL), NETNS_ADD_OK);
		ck_assert_int_eq(stat("/proc/thread-self/ns/net", &self_after), 0);
		ck_assert_uint_ne(self_before.st_ino, self_after.st_ino);
		ck_assert_int_eq(setns(home, CLONE_NEWNET), 0);
		close(home);
		ck_assert_int_eq(netns_delete(ns, "xns-nn-w"), 0);
	}
	close(fd);

	ck_assert_int_eq(netns_delete(ns, "xns-nn-u"), 0);
	ck_assert_int_eq(netns_delete(ns, "xns-nn-v"), 0);
	ck_assert_int_eq(netns_delete(ns, "xns-nn-u"), -ENOENT);
	ck_assert_int_eq(netns_list(ns, &names, &n), 0);
	ck_assert_uint_eq(n, 0);
	umount2(ns, MNT_DETACH);
	unit_rmtree(dir);
}
END_TEST

/* the peer group of the mount at @path, from mountinfo ("shared:N"), or 0 */
static int group_of(const char *path, int *parent_group)
{
	char *text = NULL, *pos;
	struct mountinfo_entry m, found = { 0 };
	size_t len = 0;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_gt(getdelim(&text, &len, '\0', f), 0);
	fclose(f);
	for (pos = text; mountinfo_next(&pos, &m);)
		if (strcmp(m.target, path) == 0)
			found = m;          /* the last one: the top of the stack */
	*parent_group = 0;
	/* mountinfo_next splits in place: the second walk reads it afresh */
	free(text);
	f = fopen("/proc/self/mountinfo", "re");
	text = NULL;
	ck_assert_int_gt(getdelim(&text, &len, '\0', f), 0);
	fclose(f);
	for (pos = text; mountinfo_next(&pos, &m);)
		if (m.id == found.parent_id)
			*parent_group = m.shared;
	free(text);
	return found.shared;
}

/*
 * A first add killed between the folder's bind onto itself and making it
 * private leaves it a peer of its parent; the next prepare repairs it.
 */
START_TEST(repair_peer_group)
{
	char *dir = unit_tmpdir(), ns[128];
	int group, parent;

	if (geteuid() != 0) {
		unit_rmtree(dir);
		unit_skip("needs root for mounts");
	}
	if (unshare(CLONE_NEWNS) < 0 ||
	    mount("", "/", "none", MS_PRIVATE | MS_REC, NULL) < 0) {
		unit_rmtree(dir);
		unit_skip("no private mount namespace here");
	}
	/* a shared parent, and the folder bound onto itself: the kill's state */
	ck_assert_int_eq(mount("xns-nn-unit", dir, "tmpfs", 0, NULL), 0);
	ck_assert_int_eq(mount("", dir, "none", MS_SHARED, NULL), 0);
	snprintf(ns, sizeof(ns), "%s/netns", dir);
	ck_assert_int_eq(mkdir(ns, 0755), 0);
	ck_assert_int_eq(mount(ns, ns, "none", MS_BIND, NULL), 0);
	group = group_of(ns, &parent);
	ck_assert_int_ne(group, 0);
	ck_assert_int_eq(group, parent);

	ck_assert_int_eq(netns_dir_prepare(ns), 0);
	group = group_of(ns, &parent);
	ck_assert_int_ne(group, 0);
	ck_assert_int_ne(group, parent);
	/* and once right, it stays in its group */
	ck_assert_int_eq(netns_dir_prepare(ns), 0);
	ck_assert_int_eq(group_of(ns, &parent), group);
	umount2(dir, MNT_DETACH);
	unit_rmtree(dir);
}
END_TEST

static int count_pid(pid_t pid, void *data)
{
	if (pid == getpid())
		++*(int *) data;
	return 0;
}

START_TEST(pids)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), found = 0;

	ck_assert_int_ge(self, 0);
	ck_assert_int_eq(netns_pids(-1, self, count_pid, &found), 0);
	ck_assert_int_eq(found, 1);
	close(self);
	ck_assert_int_eq(netns_pids(-1, 9999, count_pid, &found), -EBADF);
}
END_TEST

static int first_add(bool added, const char *name, void *data)
{
	if (!added)
		return 0;
	snprintf(data, 64, "add %s", name);
	return 1;
}

START_TEST(monitor)
{
	char *dir = unit_tmpdir(), ns[128], seen[64] = "";
	pid_t pid;

	snprintf(ns, sizeof(ns), "%s/netns", dir);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char f[160];

		/* no telling when the watch is set: a name comes and goes until seen */
		snprintf(f, sizeof(f), "%s/xns-nn-m", ns);
		for (int i = 0; i < 500; i++) {
			close(open(f, O_CREAT | O_WRONLY, 0600));
			usleep(10000);
			unlink(f);
		}
		_exit(0);
	}
	ck_assert_int_eq(netns_monitor(ns, first_add, seen), 1);
	ck_assert_str_eq(seen, "add xns-nn-m");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(netns_monitor("/proc/xns-nn-none/x", first_add, seen), -ENOENT);
	unit_rmtree(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("netns");
	TCase *tc = tcase_create("netns");

	tcase_add_test(tc, name_checks);
	tcase_add_test(tc, paths);
	tcase_add_test(tc, vrf_groups);
	tcase_add_test(tc, list_files);
	tcase_add_test(tc, add_delete);
	tcase_add_test(tc, repair_peer_group);
	tcase_add_test(tc, monitor);
	tcase_add_test(tc, pids);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(suite)

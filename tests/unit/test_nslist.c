#include "compat.h"
#include "nslist.h"
#include "unit.h"

#include <sys/stat.h>

START_TEST(fdlink)
{
	const struct ns_type *k;
	ino_t ino = 0;

	ck_assert_int_eq(nslist_parse_fdlink("net:[4026531840]", &k, &ino), NSLIST_FDLINK_NS);
	ck_assert_ptr_eq(k, ns_type_by_name("net"));
	ck_assert_uint_eq(ino, 4026531840u);
	ck_assert_int_eq(nslist_parse_fdlink("cgroup:[1]", &k, &ino), NSLIST_FDLINK_NS);
	ck_assert_int_eq(k->kind, NS_CGROUP);
	ck_assert_int_eq(nslist_parse_fdlink("socket:[12345]", &k, &ino), NSLIST_FDLINK_SOCKET);
	ck_assert_ptr_null(k);
	ck_assert_uint_eq(ino, 12345);

	const char *bad[] = {
		"", "net", "net:", "net:[]", "net:[0]", "net:[12", "net:[12]x", "net:[-1]",
		"net:[99999999999999999999999]", "bogus:[12]", "pipe:[12]", "/dev/null",
		"anon_inode:[eventfd]", ":[12]", "averyveryverylongname:[12]", "net:[1 2]",
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(nslist_parse_fdlink(bad[i], &k, &ino) == NSLIST_FDLINK_OTHER,
			      "took '%s'", bad[i]);
	ck_assert_int_eq(nslist_parse_fdlink(NULL, &k, &ino), NSLIST_FDLINK_OTHER);
}
END_TEST


/* the real /proc: we are in it, in each of our namespaces */
START_TEST(scan_self)
{
	struct nslist l;
	struct nslist_proc *me;
	struct stat st;
	char path[64];
	int fd;

	nslist_init(&l, -1, (1U << NS_NKINDS) - 1,
		    NSLIST_WANT_PPID | NSLIST_WANT_RELATIONS | NSLIST_WANT_HOLDERS);
	ck_assert_int_eq(nslist_scan(&l), 0);
	ck_assert_uint_gt(l.nprocs, 0);
	me = nslist_proc_by_pid(&l, getpid());
	ck_assert_ptr_nonnull(me);
	ck_assert_int_eq(nslist_proc_fill(&l, me, NSLIST_WANT_PPID | NSLIST_WANT_UID), 0);
	ck_assert(me->has_ppid && me->has_uid);
	ck_assert_int_eq(me->ppid, getppid());
	ck_assert_uint_eq(me->uid, geteuid());
	if (me->parent)
		ck_assert_int_eq(me->parent->pid, getppid());
	ck_assert_ptr_null(nslist_proc_by_pid(&l, 0x7fffffff));
	for (size_t i = 0; i < NS_NKINDS; i++) {
		const struct ns_type *t = &ns_types[i];
		struct nslist_ns *ns;

		snprintf(path, sizeof(path), "/proc/self/ns/%s", t->file);
		if (stat(path, &st) < 0)
			continue;
		ck_assert_uint_eq(me->ns[t->kind], st.st_ino);
		ns = nslist_find(&l, st.st_ino);
		ck_assert_ptr_nonnull(ns);
		ck_assert_ptr_eq(ns->type, t);
		ck_assert_int_ge(ns->nprocs, 1);
		ck_assert(ns->holders & NSLIST_BY_PROC);
		ck_assert_int_le(ns->proc->pid, getpid());
		/* every namespace but a user one is owned by a user namespace */
		if (t->kind != NS_USER)
			ck_assert_uint_eq(ns->owner_ino, me->ns[NS_USER]);
		fd = nslist_open(&l, ns);
		ck_assert_int_ge(fd, 0);
		close(fd);
	}
	for (size_t i = 1; i < l.nns; i++)
		ck_assert_uint_lt(l.ns[i - 1]->ino, l.ns[i]->ino);
	nslist_free(&l);
}
END_TEST

/* the threaded read finds what the single-threaded one does */
START_TEST(threads)
{
	struct nslist a, b;
	unsigned int want = NSLIST_WANT_PPID | NSLIST_WANT_UID | NSLIST_WANT_HOLDERS |
			    NSLIST_WANT_COMMAND;
	struct nslist_ns *ns;

	nslist_init(&a, -1, (1U << NS_NKINDS) - 1, want);
	nslist_init(&b, -1, (1U << NS_NKINDS) - 1, want);
	a.thread_min = (size_t) -1;
	b.thread_min = 1;
	ck_assert_int_eq(nslist_scan(&a), 0);
	ck_assert_int_eq(nslist_scan(&b), 0);
	ck_assert_ptr_nonnull(nslist_proc_by_pid(&b, getpid()));
	for (size_t i = 1; i < b.nprocs; i++)
		ck_assert_int_lt(b.procs[i - 1].pid, b.procs[i].pid);
	/* the threads filled each lowest PID that did not exit meanwhile */
	for (size_t i = 0; i < b.nns; i++)
		if (b.ns[i]->proc && kill(b.ns[i]->proc->pid, 0) == 0)
			ck_assert(b.ns[i]->proc->has_ppid && b.ns[i]->proc->has_command);
	/* our own namespaces are in both, held by us or a lower PID */
	for (size_t i = 0; i < a.nns; i++) {
		if (!a.ns[i]->proc || a.ns[i]->proc->pid > getpid())
			continue;
		ns = nslist_find(&b, a.ns[i]->ino);
		if (nslist_proc_by_pid(&b, a.ns[i]->proc->pid)) {
			ck_assert_ptr_nonnull(ns);
			ck_assert_ptr_eq(ns->type, a.ns[i]->type);
		}
	}
	nslist_free(&a);
	nslist_free(&b);
}
END_TEST

/* a namespace fd, added by hand, is found again and not twice */
START_TEST(add_fd)
{
	struct nslist l;
	struct nslist_ns *a, *b;
	int fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int notns = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	ck_assert_int_ge(fd, 0);
	nslist_init(&l, -1, 1U << NS_NET, 0);
	ck_assert_int_eq(nslist_add_fd(&l, fd, NSLIST_BY_FD, "/proc/self/ns/net", &a), 0);
	ck_assert_ptr_nonnull(a);
	ck_assert_str_eq(a->path, "/proc/self/ns/net");
	ck_assert(a->has_owner_uid);
	ck_assert_int_eq(nslist_add_fd(&l, fd, NSLIST_BY_SOCKET, NULL, &b), 0);
	ck_assert_ptr_eq(a, b);
	ck_assert_uint_eq(a->holders, NSLIST_BY_FD | NSLIST_BY_SOCKET);
	ck_assert_int_eq(nslist_add_fd(&l, notns, NSLIST_BY_FD, NULL, NULL), -EINVAL);
	ck_assert_int_eq(nslist_add_fd(&l, -1, NSLIST_BY_FD, NULL, NULL), -EBADF);
	close(fd);
	/* a kind not asked for is left out */
	fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	ck_assert_int_eq(nslist_add_fd(&l, fd, NSLIST_BY_FD, NULL, NULL), -EMEDIUMTYPE);
	ck_assert_uint_eq(l.nns, 1);
	close(fd);
	close(notns);
	nslist_free(&l);
}
END_TEST

/* a fixture proc root with no processes: nothing found, no error */
START_TEST(empty_root)
{
	char *dir = unit_tmpdir();
	struct nslist l;
	int procfd;

	unit_write(dir, "self", "not a pid\n");
	procfd = open(dir, O_RDONLY | O_DIRECTORY);
	nslist_init(&l, procfd, (1U << NS_NKINDS) - 1, NSLIST_WANT_PPID);
	ck_assert_int_eq(nslist_scan(&l), 0);
	ck_assert_uint_eq(l.nprocs, 0);
	ck_assert_uint_eq(l.nns, 0);
	ck_assert_ptr_null(nslist_find(&l, 4026531840u));
	nslist_free(&l);
	close(procfd);
	unit_rmtree(dir);
}
END_TEST

/* the command of a process: arguments, a kernel thread's name, a long one */
START_TEST(command)
{
	char *dir = unit_tmpdir(), *big = malloc(6001);
	struct nslist_proc p = { .pid = 42 }, k = { .pid = 43 }, g = { .pid = 44 },
			   gone = { .pid = 45 };
	struct nslist l;
	int procfd;

	ck_assert_ptr_nonnull(big);
	memset(big, 'a', 6000);
	big[6000] = '\0';
	unit_write_lit(dir, "42/cmdline", "sleep\0" "10\0");
	unit_write_lit(dir, "43/cmdline", "");
	unit_write(dir, "43/comm", "kworker/0:1\n");
	unit_write_bytes(dir, "44/cmdline", big, 6001);
	procfd = open(dir, O_RDONLY | O_DIRECTORY);
	nslist_init(&l, procfd, (1U << NS_NKINDS) - 1, NSLIST_WANT_COMMAND);

	ck_assert_int_eq(nslist_proc_fill(&l, &p, NSLIST_WANT_COMMAND), 0);
	ck_assert(p.has_command);
	ck_assert_str_eq(p.command, "sleep 10");
	ck_assert_int_eq(nslist_proc_fill(&l, &k, NSLIST_WANT_COMMAND), 0);
	ck_assert_str_eq(k.command, "kworker/0:1");
	ck_assert_int_eq(nslist_proc_fill(&l, &g, NSLIST_WANT_COMMAND), 0);
	ck_assert_uint_eq(strlen(g.command), 6000);
	ck_assert_int_eq(nslist_proc_fill(&l, &gone, NSLIST_WANT_COMMAND), -ESRCH);
	ck_assert(!gone.has_command);
	ck_assert_ptr_null(gone.command);

	free(p.command);
	free(k.command);
	free(g.command);
	free(big);
	nslist_free(&l);
	close(procfd);
	unit_rmtree(dir);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("nslist");
	TCase *tc = tcase_create("nslist");

	tcase_add_test(tc, fdlink);
	tcase_add_test(tc, scan_self);
	tcase_add_test(tc, add_fd);
	tcase_add_test(tc, threads);
	tcase_add_test(tc, empty_root);
	tcase_add_test(tc, command);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(suite)

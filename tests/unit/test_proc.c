#include "compat.h"
#include "proc.h"
#include "unit.h"

static const char good_status[] =
	"Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t812\n"
	"Ngid:\t0\nPid:\t812\nPPid:\t1\nTracerPid:\t0\n"
	"Uid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\n"
	"FDSize:\t64\nGroups:\t100 \nNStgid:\t812\t1\nNSpid:\t812\t1\n"
	"NSpgid:\t812\t1\nNSsid:\t800\t0\n";

START_TEST(status_good)
{
	struct proc_status st;

	ck_assert_int_eq(proc_parse_status(good_status, sizeof(good_status) - 1, &st), 0);
	ck_assert_int_eq(st.pid, 812);
	ck_assert_int_eq(st.ppid, 1);
	ck_assert_int_eq(st.tgid, 812);
	ck_assert_uint_eq(st.uid[0], 1000);
	ck_assert_uint_eq(st.gid[3], 100);
	ck_assert_int_eq(st.nnspid, 2);
	ck_assert_int_eq(st.nspid[0], 812);
	ck_assert_int_eq(st.nspid[1], 1);
	ck_assert_int_eq(st.nnstgid, 2);
}
END_TEST

START_TEST(status_bad)
{
	const char *bad[] = {
		"",
		"Pid:\t1\n",
		"Pid:\tx\nPPid:\t0\nUid:\t0 0 0 0\nGid:\t0 0 0 0\n",
		"Pid:\t1\nPPid:\t0\nUid:\t0 0 0\nGid:\t0 0 0 0\n",
		"Pid:\t1\nPPid:\t0\nUid:\t0 0 0 0 0\nGid:\t0 0 0 0\n",
		"Pid:\t1\nPPid:\t0\nUid:\t99999999999 0 0 0\nGid:\t0 0 0 0\n",
		"Pid:\t1\nPPid:\t0\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nNSpid:\t1 2x\n",
		"Pid:\t1\nPPid:\t0\nUid:\t0 0 0 0\nGid:\t0 0 0 0\nNSpid:\t1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34\n",
		"Pid:\t3000000000\nPPid:\t0\nUid:\t0 0 0 0\nGid:\t0 0 0 0\n",
	};
	struct proc_status st;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(proc_parse_status(bad[i], strlen(bad[i]), &st) < 0,
			      "accepted #%zu", i);
}
END_TEST

START_TEST(stat_ppid)
{
	const char s1[] = "812 (sleep) S 1 812 800 0 -1";
	const char s2[] = "9 (a) b) (c) R 4242 9 9";
	pid_t pp;

	ck_assert_int_eq(proc_parse_stat_ppid(s1, strlen(s1), &pp), 0);
	ck_assert_int_eq(pp, 1);
	ck_assert_int_eq(proc_parse_stat_ppid(s2, strlen(s2), &pp), 0);
	ck_assert_int_eq(pp, 4242);
	ck_assert_int_eq(proc_parse_stat_ppid("9 (a", 4, &pp), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_ppid("9 (a) S x", 9, &pp), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_ppid("", 0, &pp), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_ppid("9 (a) S 99999999999 1", 21, &pp), -ERANGE);
}
END_TEST

START_TEST(stat_start)
{
	/* fields 3 to 22: state ... starttime (22) */
	const char s1[] = "812 (sle ep) S 1 812 800 0 -1 4194560 99 0 0 0 1 2 0 0 20 0 1 0 "
			  "123456789 2273280 127 18446744073709551615 1 1 0 0 0";
	const char s2[] = "9 (a) b) Z 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 42";
	uint64_t start;
	char state;

	ck_assert_int_eq(proc_parse_stat_start(s1, strlen(s1), &state, &start), 0);
	ck_assert_int_eq(state, 'S');
	ck_assert_uint_eq(start, 123456789);
	ck_assert_int_eq(proc_parse_stat_start(s2, strlen(s2), &state, &start), 0);
	ck_assert_int_eq(state, 'Z');
	ck_assert_uint_eq(start, 42);
	/* cut short before field 22, or not a number there */
	ck_assert_int_eq(proc_parse_stat_start(s2, strlen(s2) - 3, &state, &start), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_start("9 (a) S 1 2 3", 13, &state, &start), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_start("9 (a)", 5, &state, &start), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_start("", 0, &state, &start), -EINVAL);
	ck_assert_int_eq(proc_parse_stat_start("9 (a) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 "
					       "99999999999999999999", 73, &state, &start), -ERANGE);
	/* and the real one of ours */
	ck_assert_int_eq(proc_read_stat_start(-1, getpid(), &state, &start), 0);
	ck_assert_int_eq(proc_read_stat_start(-1, 4194304, &state, &start), -ESRCH);
}
END_TEST

START_TEST(fixture_tree)
{
	char *dir = unit_tmpdir();
	struct proc_iter it;
	struct proc_status st;
	char comm[32], *cmd;
	pid_t pid;
	int fd, n = 0, seen = 0;

	unit_write(dir, "812/status", good_status);
	unit_write(dir, "812/comm", "sleep\n");
	unit_write_lit(dir, "812/cmdline", "sleep\0" "100\0");
	unit_write(dir, "1/comm", "init\n");
	unit_write(dir, "1/cmdline", "");
	unit_write(dir, "self/comm", "x\n");
	unit_write(dir, "0/comm", "x\n");
	unit_write(dir, "007/comm", "x\n");
	unit_write(dir, "sys/x", "");

	fd = proc_open_root(dir);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(proc_iter_open(fd, &it), 0);
	while (proc_iter_next(&it, &pid) == 1) {
		n++;
		seen |= pid == 812 ? 1 : pid == 1 ? 2 : pid == 7 ? 4 : 8;
	}
	proc_iter_close(&it);
	/* "007" parses as 7: the kernel never writes it, and it does no harm */
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(seen, 7);

	ck_assert_int_eq(proc_read_status(fd, 812, &st), 0);
	ck_assert_int_eq(st.nspid[1], 1);
	ck_assert_int_eq(proc_read_comm(fd, 812, comm, sizeof(comm)), 0);
	ck_assert_str_eq(comm, "sleep");
	ck_assert_int_eq(proc_read_cmdline(fd, 812, &cmd), 0);
	ck_assert_str_eq(cmd, "sleep 100");
	free(cmd);
	ck_assert_int_eq(proc_read_cmdline(fd, 1, &cmd), 0);
	ck_assert_str_eq(cmd, "");
	free(cmd);
	ck_assert_int_eq(proc_read_status(fd, 1, &st), -ESRCH);
	ck_assert_int_eq(proc_read_comm(fd, 4242, comm, sizeof(comm)), -ESRCH);
	close(fd);
	unit_rmtree(dir);
}
END_TEST

START_TEST(cmdline_text)
{
	char a[] = "sleep\0" "100\0\0", b[] = "\0\0", c[] = "a\0\0b", d[1] = "";

	ck_assert_uint_eq(proc_cmdline_text(a, 11), 9);
	ck_assert_str_eq(a, "sleep 100");
	ck_assert_uint_eq(proc_cmdline_text(b, 2), 0);
	ck_assert_str_eq(b, "");
	/* empty arguments stay visible as their spaces */
	ck_assert_uint_eq(proc_cmdline_text(c, 4), 4);
	ck_assert_str_eq(c, "a  b");
	ck_assert_uint_eq(proc_cmdline_text(d, 0), 0);
	ck_assert_str_eq(d, "");
}
END_TEST

START_TEST(real_proc)
{
	struct proc_status st;
	char comm[32];

	ck_assert_int_eq(proc_read_status(-1, getpid(), &st), 0);
	ck_assert_int_eq(st.pid, getpid());
	ck_assert_int_eq(st.ppid, getppid());
	ck_assert_uint_eq(st.uid[1], geteuid());
	ck_assert_int_ge(st.nnspid, 1);
	ck_assert_int_eq(proc_read_comm(-1, getpid(), comm, sizeof(comm)), 0);
}
END_TEST

static Suite *proc_suite(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("proc");

	tcase_add_test(tc, status_good);
	tcase_add_test(tc, status_bad);
	tcase_add_test(tc, stat_ppid);
	tcase_add_test(tc, stat_start);
	tcase_add_test(tc, fixture_tree);
	tcase_add_test(tc, cmdline_text);
	tcase_add_test(tc, real_proc);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_MAIN(proc_suite)

/*
 * xnetns - named network namespaces, kept as ip-netns(8) keeps them (each
 * sees the other's names), and the wiring between them in one command each:
 * veth pairs, bridges, a default route, NAT out of the host.
 */
#include "compat.h"
#include "child.h"
#include "cli.h"
#include "jsonout.h"
#include "netlink.h"
#include "netns.h"
#include "netnsnl.h"
#include "ns.h"
#include "xnetns.h"

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static noreturn void usage(void)
{
	fputs("Usage:\n"
	      " xnetns [options] [list]\n"
	      " xnetns [options] add <name>...\n"
	      " xnetns attach <name> <pid>\n"
	      " xnetns delete <name>...\n"
	      " xnetns -a delete\n"
	      " xnetns exec <name> <command> [<argument>...]\n"
	      " xnetns -a exec <command> [<argument>...]\n"
	      " xnetns identify [<pid>]\n"
	      " xnetns pids <name>\n"
	      " xnetns set <name> <nsid>|auto\n"
	      " xnetns [options] list-id [target-nsid <id>] [nsid <id>]\n"
	      " xnetns monitor\n"
	      " xnetns veth <name> [--name <if>] [--peer <name2>|--host] [--addr <cidr>] [--peer-addr <cidr>]\n"
	      " xnetns bridge <bridge> [--addr <cidr>]\n"
	      " xnetns connect <name> <bridge> --addr <cidr> [--gateway <ip>]\n"
	      " xnetns nat <bridge> --out <iface>|--off\n"
	      " xnetns veth|connect ... --delete, xnetns bridge <bridge> --delete\n"
	      " xnetns [options] -b <file>\n"
	      "\n"
	      "Manage named network namespaces as ip netns does, and connect them.\n"
	      "The commands of ip netns may be abbreviated as ip takes them (l, a, del, e),\n"
	      "and before the command ip's -all, -json, -pretty, -netns, -batch are taken.\n"
	      "\n"
	      "Options:\n"
	      " -a, --all                delete, exec: every named namespace\n"
	      " -j, --json               list, list-id: JSON output\n"
	      " -p, --pretty             with -j: JSON indented, as ip -j -p\n"
	      " -n, --netns <name>       run the command in network namespace <name>\n"
	      " -b, --batch <file>       run the commands of <file> (- for stdin), one a line\n"
	      "     --no-lo              add: leave lo down\n"
	      "     --name <if>          veth, connect: the link's name in <name> (eth0)\n"
	      "     --peer <name2>       veth: the other end in namespace <name2>\n"
	      "     --host               veth: the other end here (the default)\n"
	      "     --peer-name <if>     veth, connect: the other end's name (ve-<name>)\n"
	      "     --addr <cidr>        address of the link in <name>, or of the bridge\n"
	      "     --peer-addr <cidr>   veth: address of the other end\n"
	      "     --gateway <ip>       connect: default route (the bridge's address)\n"
	      "     --out <iface>        nat: masquerade the bridge's subnet out of <iface>\n"
	      "     --off                nat: remove the bridge's NAT table\n"
	      "     --delete             veth, connect: delete the link --name in <name>\n"
	      "                            (its peer goes with it); bridge: delete it\n"
	      "\n"
	      " -h, --help               display this help\n"
	      " -V, --version            display version\n"
	      "\n"
	      "See xnetns(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

static const struct option longopts[] = {
	{ "all",       no_argument,       NULL, 'a' },
	{ "json",      no_argument,       NULL, 'j' },
	{ "pretty",    no_argument,       NULL, 'p' },
	{ "netns",     required_argument, NULL, 'n' },
	{ "batch",     required_argument, NULL, 'b' },
	{ "no-lo",     no_argument,       NULL, OPT_NO_LO },
	{ "name",      required_argument, NULL, OPT_NAME },
	{ "peer",      required_argument, NULL, OPT_PEER },
	{ "host",      no_argument,       NULL, OPT_HOST },
	{ "peer-name", required_argument, NULL, OPT_PEER_NAME },
	{ "addr",      required_argument, NULL, OPT_ADDR },
	{ "peer-addr", required_argument, NULL, OPT_PEER_ADDR },
	{ "gateway",   required_argument, NULL, OPT_GATEWAY },
	{ "out",       required_argument, NULL, OPT_OUT },
	{ "off",       no_argument,       NULL, OPT_OFF },
	{ "delete",    no_argument,       NULL, OPT_DELETE },
	{ "help",      no_argument,       NULL, 'h' },
	{ "version",   no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

static unsigned int opt_bit(int c)
{
	return c == 'a' ? B_ALL : c == 'j' ? B_JSON : c == 'p' ? B_PRETTY : BIT(c);
}

static const char *opt_name(unsigned int bit)
{
	for (const struct option *o = longopts; o->name; o++)
		if (opt_bit(o->val) == bit)
			return o->name;
	return "?";
}

/* options that cannot go together (rows in ascending order, for lib/cli) */
static const cli_excl_t exclusive[] = {
	{ OPT_PEER, OPT_HOST },
	{ OPT_OUT, OPT_OFF },
	/* --delete takes only what names the link */
	{ OPT_PEER, OPT_DELETE }, { OPT_HOST, OPT_DELETE },
	{ OPT_PEER_NAME, OPT_DELETE }, { OPT_ADDR, OPT_DELETE },
	{ OPT_PEER_ADDR, OPT_DELETE }, { OPT_GATEWAY, OPT_DELETE },
};
static int excl_seen[ARRAY_SIZE(exclusive)];

static void check_name_or_err(const char *name)
{
	if (netns_name_check(name) < 0)
		errx(EXIT_FAILURE, "invalid namespace name \"%s\"", name);
}

/* ---- ip netns, command for command ------------------------------------- */

/*
 * A JSON array of flat objects, as ip prints it: "[{..},{..}]", or with -p
 * "[ {" and each field on a line of its own, indented by 8.  -p alone
 * changes nothing, as ip -p netns.
 */
static void json_obj(struct ctl *ctl, size_t i)
{
	bool pretty = ctl->seen & B_PRETTY;

	fputs(i ? (pretty ? "\n    },{" : "},{") : (pretty ? "[ {" : "[{"), stdout);
}

static void json_key(struct ctl *ctl, bool first, const char *key)
{
	printf("%s%s\"%s\":%s", first ? "" : ",",
	       (ctl->seen & B_PRETTY) ? "\n        " : "", key,
	       (ctl->seen & B_PRETTY) ? " " : "");
}

static void json_end(struct ctl *ctl, size_t n)
{
	bool pretty = ctl->seen & B_PRETTY;

	puts(n ? (pretty ? "\n    } ]" : "}]") : (pretty ? "[ ]" : "[]"));
}

static int cmd_list(struct ctl *ctl, int argc, char **argv)
{
	bool json = ctl->seen & B_JSON;
	struct nl nl;
	char **names;
	int *ids, rc;
	size_t n;

	(void) argc, (void) argv;
	/* without a socket the names are still worth listing, without ids */
	rc = netnsnl_list(ctl->dir, nl_open(&nl) < 0 ? NULL : &nl, &names, &ids, &n);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read %s", ctl->dir);
	for (size_t i = 0; i < n; i++) {
		if (json) {
			json_obj(ctl, i);
			json_key(ctl, true, "name");
			jsonout_str(stdout, names[i]);
			if (ids[i] >= 0) {
				json_key(ctl, false, "id");
				printf("%d", ids[i]);
			}
		} else if (ids[i] >= 0) {
			printf("%s (id: %d)\n", names[i], ids[i]);
		} else {
			printf("%s\n", names[i]);
		}
	}
	if (json)
		json_end(ctl, n);
	if (nl.sk)
		nl_close(&nl);
	free(ids);
	netns_list_free(names, n);
	return EXIT_SUCCESS;
}

static void prepare_dir_or_err(struct ctl *ctl)
{
	int rc = netns_dir_prepare(ctl->dir);

	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot make %s a shared mount", ctl->dir);
}

/* name one namespace; 0 or the failure already told */
static int add_one(struct ctl *ctl, const char *name, int srcfd, unsigned int flags)
{
	static const struct { const char *what; bool path; } fail[] = {
		[NETNS_ADD_CREATE] = { "cannot create namespace file", true },
		[NETNS_ADD_UNSHARE] = { "cannot create a network namespace for", false },
		[NETNS_ADD_MOUNT] = { "cannot bind the namespace onto", true },
		[NETNS_ADD_SETUP] = { "cannot bring lo up in", false },
	};
	enum netns_add_result res;
	char path[PATH_MAX];

	res = netns_add(ctl->dir, name, srcfd, flags, ctl->lo_up ? netnsnl_lo_up : NULL);
	/* after NETNS_ADD_RETURN every later name would land in the wrong namespace */
	if (res == NETNS_ADD_RETURN)
		err(EXIT_FAILURE, "cannot return to our network namespace");
	if (res == NETNS_ADD_OK)
		return 0;
	netns_path(ctl->dir, name, path, sizeof(path));
	warn("%s %s", fail[res].what, fail[res].path ? path : name);
	return -1;
}

static int cmd_add(struct ctl *ctl, int argc, char **argv)
{
	int status = EXIT_SUCCESS;

	/* every name is checked before the first is made */
	for (int i = 0; i < argc; i++)
		check_name_or_err(argv[i]);
	prepare_dir_or_err(ctl);
	/* after the last name we only exit: no need to come back from it */
	for (int i = 0; i < argc; i++)
		if (add_one(ctl, argv[i], -1, i == argc - 1 ? NETNS_ADD_STAY : 0) < 0)
			status = EXIT_FAILURE;
	return status;
}

static int cmd_attach(struct ctl *ctl, int argc, char **argv)
{
	pid_t pid;
	int pidfd, fd;

	(void) argc;
	check_name_or_err(argv[0]);
	pid = parse_pid_or_err(argv[1], "invalid PID");
	/* the namespace is taken before anything is made: a dead PID leaves nothing */
	pidfd = ns_pidfd_open(pid);
	fd = ns_open_pid(-1, pid, pidfd, ns_type_by_flag(CLONE_NEWNET), false);
	if (fd < 0)
		cli_errc(EXIT_FAILURE, fd, "cannot open the network namespace of %d", (int) pid);
	prepare_dir_or_err(ctl);
	ctl->lo_up = false;
	return add_one(ctl, argv[0], fd, 0) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

static int cmd_delete(struct ctl *ctl, int argc, char **argv)
{
	char **names = argv, path[PATH_MAX];
	size_t n = (size_t) argc;
	int status = EXIT_SUCCESS, rc;

	/* every name is checked before the first is removed */
	for (size_t i = 0; i < n; i++)
		check_name_or_err(names[i]);
	if ((ctl->seen & B_ALL) && (rc = netns_list(ctl->dir, &names, &n)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read %s", ctl->dir);
	for (size_t i = 0; i < n; i++) {
		if ((rc = netns_delete(ctl->dir, names[i])) < 0) {
			netns_path(ctl->dir, names[i], path, sizeof(path));
			cli_warnc(rc, "cannot remove namespace file %s", path);
			status = EXIT_FAILURE;
		}
	}
	if (ctl->seen & B_ALL)
		netns_list_free(names, n);
	return status;
}

int open_name_or_err(struct ctl *ctl, const char *name)
{
	int fd;

	check_name_or_err(name);
	fd = netns_open(ctl->dir, name);
	if (fd == -EINVAL)
		errx(EXIT_FAILURE, "%s/%s: not a network namespace", ctl->dir, name);
	if (fd < 0)
		cli_errc(EXIT_FAILURE, fd, "cannot open network namespace \"%s\"", name);
	return fd;
}

static void etc_failed(const char *target, int e, void *data)
{
	(void) data;
	cli_warnc(e, "cannot bind /etc/netns file over %s", target);
}

/* join @name as ip netns exec does, and run @argv there; never returns */
static noreturn void exec_in(struct ctl *ctl, const char *name, char **argv)
{
	int fd = open_name_or_err(ctl, name), rc;

	/* as ip: out of a VRF of the namespace we leave; the command goes on if not */
	if ((rc = netns_vrf_reset()) < 0)
		cli_warnc(rc, "cannot leave the VRF cgroup");
	if ((rc = netns_switch(fd)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot switch to network namespace \"%s\"", name);
	close(fd);
	/* like ip: a file that cannot be bound is reported and the rest go on */
	if ((rc = netns_bind_etc(name, etc_failed, NULL)) < 0)
		cli_warnc(rc, "cannot read %s/%s", NETNS_ETC_DIR, name);
	exec_or_die(argv);
}

static int cmd_exec(struct ctl *ctl, int argc, char **argv)
{
	int status = EXIT_SUCCESS, ws, rc;
	char **names;
	size_t n;
	pid_t pid;

	(void) argc;
	if (!(ctl->seen & B_ALL))
		exec_in(ctl, argv[0], argv + 1);

	/* -a: the command in each namespace in turn, as ip -all netns exec */
	if ((rc = netns_list(ctl->dir, &names, &n)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read %s", ctl->dir);
	for (size_t i = 0; i < n; i++) {
		printf("\nnetns: %s\n", names[i]);
		fflush(stdout);
		if ((pid = fork()) < 0)
			err(EXIT_FAILURE, "cannot fork");
		if (pid == 0)
			exec_in(ctl, names[i], argv);
		if ((rc = child_wait(pid, &ws)) < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot wait for the command");
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			warnx("%s: command failed in %s (%d)", argv[0], names[i],
			      child_exit_code(ws));
			status = EXIT_FAILURE;
		}
	}
	netns_list_free(names, n);
	return status;
}

static int print_name(const char *name, void *data)
{
	(void) data;
	return puts(name) < 0 ? -EIO : 0;
}

static int cmd_identify(struct ctl *ctl, int argc, char **argv)
{
	pid_t pid = argc ? parse_pid_or_err(argv[0], "invalid PID") : getpid();
	int fd = ns_open_pid(-1, pid, -1, ns_type_by_flag(CLONE_NEWNET), false), rc;

	if (fd < 0)
		cli_errc(EXIT_FAILURE, fd, "cannot open the network namespace of %d", (int) pid);
	if ((rc = netns_names_of(ctl->dir, fd, print_name, NULL)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read %s", ctl->dir);
	close(fd);
	return EXIT_SUCCESS;
}

static int print_pid(pid_t pid, void *data)
{
	(void) data;
	printf("%d\n", (int) pid);
	return 0;
}

static int cmd_pids(struct ctl *ctl, int argc, char **argv)
{
	int fd = open_name_or_err(ctl, argv[0]), rc;

	(void) argc;
	if ((rc = netns_pids(-1, fd, print_pid, NULL)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot list the processes of \"%s\"", argv[0]);
	close(fd);
	return EXIT_SUCCESS;
}

static void nl_open_or_err(struct nl *nl, int nsfd, const char *where)
{
	int rc = nl_open_in(nl, nsfd);

	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot open a netlink socket in %s", where);
}

static int cmd_set(struct ctl *ctl, int argc, char **argv)
{
	int fd = open_name_or_err(ctl, argv[0]), nsid = NETNSID_UNASSIGNED, rc;
	struct nl nl;

	(void) argc;
	if (strcmp(argv[1], "auto") != 0 && netnsid_parse(argv[1], &nsid) < 0)
		errx(EXIT_FAILURE, "invalid nsid '%s': a number 0..%d or auto",
		     argv[1], INT_MAX);
	nl_open_or_err(&nl, -1, "this namespace");
	if ((rc = nl_nsid_set(&nl, fd, nsid)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot set the nsid of \"%s\"", argv[0]);
	nl_close(&nl);
	close(fd);
	return EXIT_SUCCESS;
}

struct id_walk {
	struct ctl *ctl;
	char **names;
	int *ids;
	size_t n, shown;
	bool target;                /* a target's table: the current-nsid column */
};

/* "nsid 3 " or "nsid unassigned ": ip's words, trailing space and all */
static void print_nsid(const char *what, int id)
{
	if (id >= 0)
		printf("%s %d ", what, id);
	else
		printf("%s unassigned ", what);
}

/* one line as ip netns list-id prints it */
static int print_id(const struct netnsid_entry *e, void *data)
{
	struct id_walk *w = data;
	int key = w->target ? e->current : e->nsid;
	const char *name = NULL;
	bool json = w->ctl->seen & B_JSON, first = true;

	for (size_t i = 0; i < w->n && !name && key >= 0; i++)
		if (w->ids[i] == key)
			name = w->names[i];
	if (json) {
		json_obj(w->ctl, w->shown);
		if (e->nsid >= 0) {
			json_key(w->ctl, first, "nsid");
			printf("%d", e->nsid), first = false;
		}
		if (w->target && e->current >= 0) {
			json_key(w->ctl, first, "current-nsid");
			printf("%d", e->current), first = false;
		}
		if (name) {
			json_key(w->ctl, first, "name");
			jsonout_str(stdout, name);
		}
	} else {
		print_nsid("nsid", e->nsid);
		if (w->target)
			print_nsid("current-nsid", e->current);
		printf("%s%s%s\n", name ? "(iproute2 netns name: " : "", name ? name : "",
		       name ? ")" : "");
	}
	w->shown++;
	return 0;
}

static int cmd_list_id(struct ctl *ctl, int argc, char **argv)
{
	struct id_walk w = { .ctl = ctl };
	int target, nsid, bad, rc;
	struct nl nl;

	switch (netnsid_parse_filters(argc, argv, &target, &nsid, &bad)) {
	case NETNSID_FILTER_OK:
		break;
	case NETNSID_FILTER_UNKNOWN:
		errx(EXIT_FAILURE, "list-id: unknown filter '%s': target-nsid or nsid", argv[bad]);
	case NETNSID_FILTER_TWICE:
		errx(EXIT_FAILURE, "list-id: %s given twice", argv[bad]);
	case NETNSID_FILTER_NO_VALUE:
		errx(EXIT_FAILURE, "list-id: %s needs a value", argv[bad]);
	default:
		errx(EXIT_FAILURE, "list-id: invalid %s '%s': a number 0..%d",
		     argv[bad], argv[bad + 1], INT_MAX);
	}
	w.target = target >= 0;
	nl_open_or_err(&nl, -1, "this namespace");
	if ((rc = netnsnl_list(ctl->dir, &nl, &w.names, &w.ids, &w.n)) < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read %s", ctl->dir);
	rc = nl_nsid_dump(&nl, target, nsid, print_id, &w);
	if (rc == -ENOENT && nsid >= 0)
		errx(EXIT_FAILURE, "list-id: no namespace has nsid %d here", nsid);
	if (rc == -EINVAL && w.target)
		errx(EXIT_FAILURE, "list-id: target-nsid %d: no namespace has "
		     "that nsid here", target);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot dump the nsids");
	if (ctl->seen & B_JSON)
		json_end(ctl, w.shown);
	free(w.ids);
	nl_close(&nl);
	netns_list_free(w.names, w.n);
	return EXIT_SUCCESS;
}

static int print_event(bool added, const char *name, void *data)
{
	(void) data;
	printf("%s %s\n", added ? "add" : "delete", name);
	return 0;
}

static int cmd_monitor(struct ctl *ctl, int argc, char **argv)
{
	int rc;

	(void) argc, (void) argv;
	setvbuf(stdout, NULL, _IOLBF, 0);
	rc = netns_monitor(ctl->dir, print_event, NULL);
	cli_errc(EXIT_FAILURE, rc, "cannot watch %s", ctl->dir);
}

/* ---- the command table and main() --------------------------------------- */

#define WIRE (BIT(OPT_NAME) | BIT(OPT_PEER_NAME) | BIT(OPT_ADDR) | BIT(OPT_DELETE))
#define JSON (B_JSON | B_PRETTY)

static const struct cmd {
	const char *name, *alias;
	int (*fn)(struct ctl *, int, char **);
	int min, max;               /* operands; -1: any number (-a: one less) */
	unsigned int opts;          /* the options it takes */
	unsigned int needs;         /* of which it needs one */
} cmds[] = {
	/* ip's order: the first command a word begins is the one, as ip matches() */
	{ "list",     "show", cmd_list,     0, 0,  JSON, 0 },
	{ "list-id",  NULL,   cmd_list_id,  0, -1, JSON, 0 },
	{ "add",      NULL,   cmd_add,      1, -1, BIT(OPT_NO_LO), 0 },
	{ "set",      NULL,   cmd_set,      2, 2,  0, 0 },
	{ "attach",   NULL,   cmd_attach,   2, 2,  0, 0 },
	{ "delete",   NULL,   cmd_delete,   1, -1, B_ALL, 0 },
	{ "identify", NULL,   cmd_identify, 0, 1,  0, 0 },
	{ "pids",     NULL,   cmd_pids,     1, 1,  0, 0 },
	{ "exec",     NULL,   cmd_exec,     2, -1, B_ALL, 0 },
	{ "monitor",  NULL,   cmd_monitor,  0, 0,  0, 0 },
	/* ours: whole words only, so that a later ip command stays free */
	{ "veth",     NULL,   cmd_veth,     1, 1,
	  WIRE | BIT(OPT_PEER) | BIT(OPT_HOST) | BIT(OPT_PEER_ADDR), 0 },
	{ "bridge",   NULL,   cmd_bridge,   1, 1,  BIT(OPT_ADDR) | BIT(OPT_DELETE), 0 },
	{ "connect",  NULL,   cmd_connect,  2, 2,  WIRE | BIT(OPT_GATEWAY), BIT(OPT_ADDR) },
	{ "nat",      NULL,   cmd_nat,      1, 1,  BIT(OPT_OUT) | BIT(OPT_OFF),
	  BIT(OPT_OUT) | BIT(OPT_OFF) },
};

/* "l", "ls", "a", "del", "e": a word that begins an ip command's name is it */
static const struct cmd *find_cmd(const char *word)
{
	size_t len = strlen(word);

	if (len && strncmp("lst", word, len) == 0)    /* ip's third name of list: ls */
		return &cmds[0];
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++) {
		bool ip = cmds[i].fn != cmd_veth && cmds[i].fn != cmd_bridge &&
			  cmds[i].fn != cmd_connect && cmds[i].fn != cmd_nat;

		if (strcmp(cmds[i].name, word) == 0 ||
		    (len && ip && strncmp(cmds[i].name, word, len) == 0) ||
		    (cmds[i].alias && strncmp(cmds[i].alias, word, len ? len : 1) == 0))
			return &cmds[i];
	}
	return NULL;
}

static void parse_cidr_or_err(const char *s, const char *opt, struct nl_addr *a)
{
	if (nl_parse_cidr(s, a) < 0)
		errx(EXIT_FAILURE, "%s: invalid address '%s': expected ADDRESS/PREFIX",
		     opt, s);
}

static void ifname_or_err(const char *s, const char *opt)
{
	if (nl_ifname_check(s) < 0)
		errx(EXIT_FAILURE, "%s: invalid interface name \"%s\"", opt, s);
}

/* one option into @ctl; exits on a bad value */
static void take_opt(struct ctl *ctl, int c)
{
	switch (c) {
	case 'h':
		usage();
	case 'V':
		cli_print_version();
	case 'a': case 'j': case 'p': case OPT_HOST: case OPT_OFF: case OPT_DELETE:
		break;
	case OPT_NO_LO:
		ctl->lo_up = false;
		break;
	case OPT_NAME:
		ifname_or_err(optarg, "--name");
		ctl->ifname = optarg;
		break;
	case OPT_PEER_NAME:
		ifname_or_err(optarg, "--peer-name");
		ctl->peer_name = optarg;
		break;
	case OPT_PEER:
		ctl->peer = optarg;
		break;
	case OPT_ADDR:
		parse_cidr_or_err(optarg, "--addr", &ctl->addr);
		break;
	case OPT_PEER_ADDR:
		parse_cidr_or_err(optarg, "--peer-addr", &ctl->peer_addr);
		break;
	case OPT_GATEWAY:
		if (nl_parse_ip(optarg, &ctl->gw) < 0)
			errx(EXIT_FAILURE, "--gateway: invalid address '%s'", optarg);
		ctl->gateway = optarg;
		break;
	case OPT_OUT:
		ctl->out = optarg;
		break;
	default:
		cli_try_help();
	}
	cli_exclusive_or_err(c, longopts, exclusive, ARRAY_SIZE(exclusive), excl_seen);
	ctl->seen |= opt_bit(c);
}

/*
 * Options among KEYWORD VALUE operands (list-id's filters), whose values
 * stay operands even when they look like options ("nsid -1" is a bad id,
 * not an option -1).  The operands end up in @argv[1..]; returns their
 * count plus one, the argc of a command line of them alone.
 */
static int take_opts_kv(struct ctl *ctl, int argc, char **argv)
{
	int c, n = 1;

	for (;;) {
		while ((c = getopt_long(argc, argv, "+ajphV", longopts, NULL)) != -1)
			take_opt(ctl, c);
		if (optind >= argc)
			return n;
		for (int k = 0; k < 2 && optind < argc; k++)
			argv[n++] = argv[optind++];
	}
}

/*
 * One command line, @argv[0] the command (none: list, as ip netns): its
 * options, every combination checked before anything is touched, then the
 * command.
 */
int xnetns_run(struct ctl *ctl, int argc, char **argv)
{
	static char *list[] = { "list", NULL };
	const struct cmd *cmd;
	int c, nargs;

	if (argc == 0)
		argc = 1, argv = list;
	if (!(cmd = find_cmd(argv[0])))
		errx(EXIT_FAILURE, "unknown command '%s'; see 'xnetns --help'", argv[0]);

	/* options after it, except within exec's command line */
	optind = 0;  /* 0: glibc forgets the "+" of the first pass */
	if (cmd->fn == cmd_list_id)
		argc = take_opts_kv(ctl, argc, argv), optind = 1;
	else if (cmd->fn != cmd_exec)
		while ((c = getopt_long(argc, argv, "ajphV", longopts, NULL)) != -1)
			take_opt(ctl, c);
	else
		optind = 1;
	argc -= optind;
	argv += optind;

	for (unsigned int bit = 1; bit; bit <<= 1)
		if ((ctl->seen & bit) && !(cmd->opts & bit))
			errx(EXIT_FAILURE, "--%s is not an option of %s", opt_name(bit), cmd->name);
	/* the inverse of a wiring command needs none of what makes it */
	if (cmd->needs && !(ctl->seen & (cmd->needs | BIT(OPT_DELETE))))
		errx(EXIT_FAILURE, "%s needs --%s", cmd->name,
		     opt_name(cmd->needs & -cmd->needs));
	/* -a stands for the name: delete takes nothing more, exec the command */
	nargs = (ctl->seen & B_ALL) ? cmd->min - 1 : cmd->min;
	if (argc < nargs || (cmd->max >= 0 && argc > cmd->max) ||
	    ((ctl->seen & B_ALL) && cmd->max < 0 && cmd->fn == cmd_delete && argc)) {
		warnx("%s: wrong number of arguments", cmd->name);
		cli_try_help();
	}
	return cmd->fn(ctl, argc, argv);
}

/*
 * ip spells its global options as single-dash words and takes any prefix
 * of them (-pretty, -json, -netns NAME, -batch FILE, -all): an element
 * getopt is about to read that is such a prefix becomes our long option.
 * One letter ("-p") and bundles ("-jp", "-nNAME") stay short.
 */
static void ip_word(int argc, char **argv)
{
	static const char *const words[] = { "--all", "--json", "--pretty", "--netns", "--batch" };
	const char *a;

	if (optind >= argc)
		return;
	a = argv[optind];
	if (strlen(a) < 3 || a[0] != '-' || a[1] == '-')
		return;
	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (strncmp(words[i] + 2, a + 1, strlen(a + 1)) == 0)
			argv[optind] = (char *) words[i];
}

int main(int argc, char **argv)
{
	struct ctl ctl = { .lo_up = true, .ifname = "eth0" };
	const char *batch = NULL, *in = NULL;
	int c, fd;

	cli_close_stdout_atexit();
	/* 1. options before the command: -n and -b only here, as ip's */
	while (ip_word(argc, argv), (c = getopt_long(argc, argv, "+ajpn:b:hV", longopts, NULL)) != -1) {
		if (c == 'n')
			in = optarg;
		else if (c == 'b')
			batch = optarg;
		else
			take_opt(&ctl, c);
	}
	ctl.dir = netns_run_dir();
	if (batch && optind < argc)
		errx(EXIT_FAILURE, "-b takes its commands from %s, not the command line", batch);

	/* 2. -n: the whole command in that namespace, as ip -n */
	if (in) {
		fd = open_name_or_err(&ctl, in);
		if (setns(fd, CLONE_NEWNET) < 0)
			err(EXIT_FAILURE, "cannot switch to network namespace \"%s\"", in);
		close(fd);
	}
	/* 3. the command, or each of the batch */
	if (batch)
		return xnetns_batch(&ctl, batch);
	return xnetns_run(&ctl, argc - optind, argv + optind);
}

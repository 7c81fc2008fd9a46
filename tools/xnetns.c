/*
 * xnetns - named network namespaces, kept as ip-netns(8) keeps them (each
 * sees the other's names), and the wiring between them in one command each:
 * veth pairs, bridges, a default route, NAT out of the host.
 */
#include "compat.h"
#include "child.h"
#include "cli.h"
#include "nat.h"
#include "netlink.h"
#include "netns.h"
#include "ns.h"

#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* err(3) and warn(3) for an errno held as -rc (glibc has no errc) */
#define errc(code, e, ...) do { errno = (e); err(code, __VA_ARGS__); } while (0)
#define warnc(e, ...) do { errno = (e); warn(__VA_ARGS__); } while (0)

static noreturn void usage(void)
{
	fputs("Usage:\n"
	      " xnetns [options] list\n"
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
	      "\n"
	      "Manage named network namespaces as ip netns does, and connect them.\n"
	      "\n"
	      "Options:\n"
	      " -a, --all                delete, exec: every named namespace\n"
	      " -j, --json               list, list-id: JSON output\n"
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
	      "\n"
	      " -h, --help               display this help\n"
	      " -V, --version            display version\n"
	      "\n"
	      "See xnetns(8).\n", stdout);
	exit(EXIT_SUCCESS);
}

enum {
	OPT_NO_LO = CHAR_MAX + 1, OPT_NAME, OPT_PEER, OPT_HOST, OPT_PEER_NAME,
	OPT_ADDR, OPT_PEER_ADDR, OPT_GATEWAY, OPT_OUT, OPT_OFF,
};

static const struct option longopts[] = {
	{ "all",       no_argument,       NULL, 'a' },
	{ "json",      no_argument,       NULL, 'j' },
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
	{ "help",      no_argument,       NULL, 'h' },
	{ "version",   no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* each option as a bit, so that what a command takes is a mask */
#define BIT(opt) (1u << ((opt) > CHAR_MAX ? (opt) - CHAR_MAX : 0))
#define B_ALL   (1u << 20)
#define B_JSON  (1u << 21)

static unsigned int opt_bit(int c)
{
	return c == 'a' ? B_ALL : c == 'j' ? B_JSON : BIT(c);
}

static const char *opt_name(unsigned int bit)
{
	for (const struct option *o = longopts; o->name; o++)
		if (opt_bit(o->val) == bit)
			return o->name;
	return "?";
}

/* pairs that cannot go together */
static const unsigned int exclusive[][2] = {
	{ BIT(OPT_PEER), BIT(OPT_HOST) },
	{ BIT(OPT_OUT),  BIT(OPT_OFF) },
};

struct ctl {
	const char *dir;              /* /run/netns or $NETNS_RUN_DIR */
	unsigned int seen;            /* the options given, as bits */
	bool lo_up;
	const char *ifname, *peer, *peer_name, *gateway, *out;
	struct nl_addr addr, peer_addr, gw;
};

static void check_name_or_err(const char *name)
{
	if (netns_name_check(name) < 0)
		errx(EXIT_FAILURE, "invalid namespace name \"%s\"", name);
}

/* ---- ip netns, command for command ------------------------------------- */

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char) *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int cmd_list(struct ctl *ctl, int argc, char **argv)
{
	struct nl nl;
	char **names;
	int *ids, rc;
	size_t n;

	(void) argc, (void) argv;
	/* without a socket the names are still worth listing, without ids */
	rc = netns_list_nsids(ctl->dir, nl_open(&nl) < 0 ? NULL : &nl, &names, &ids, &n);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot read %s", ctl->dir);
	for (size_t i = 0; i < n; i++) {
		if (ctl->seen & B_JSON) {
			printf("%s{\"name\":", i ? "," : "[");
			json_str(names[i]);
			if (ids[i] >= 0)
				printf(",\"id\":%d", ids[i]);
			putchar('}');
		} else if (ids[i] >= 0) {
			printf("%s (id: %d)\n", names[i], ids[i]);
		} else {
			printf("%s\n", names[i]);
		}
	}
	if (ctl->seen & B_JSON)
		puts(n ? "]" : "[]");
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
		errc(EXIT_FAILURE, -rc, "cannot make %s a shared mount", ctl->dir);
}

/* name one namespace; 0 or the failure already told */
static int add_one(struct ctl *ctl, const char *name, int srcfd, unsigned int flags)
{
	static const struct { const char *what; bool path; } fail[] = {
		[NETNS_ADD_CREATE] = { "cannot create namespace file", true },
		[NETNS_ADD_UNSHARE] = { "cannot create a network namespace for", false },
		[NETNS_ADD_MOUNT] = { "cannot bind the namespace onto", true },
		[NETNS_ADD_LO] = { "cannot bring lo up in", false },
	};
	enum netns_add_result res;
	char path[PATH_MAX];

	res = netns_add(ctl->dir, name, srcfd, flags | (ctl->lo_up ? NETNS_ADD_LO_UP : 0));
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
		errc(EXIT_FAILURE, -fd, "cannot open the network namespace of %d", (int) pid);
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
		errc(EXIT_FAILURE, -rc, "cannot read %s", ctl->dir);
	for (size_t i = 0; i < n; i++) {
		if ((rc = netns_delete(ctl->dir, names[i])) < 0) {
			netns_path(ctl->dir, names[i], path, sizeof(path));
			warnc(-rc, "cannot remove namespace file %s", path);
			status = EXIT_FAILURE;
		}
	}
	if (ctl->seen & B_ALL)
		netns_list_free(names, n);
	return status;
}

static int open_name_or_err(struct ctl *ctl, const char *name)
{
	int fd;

	check_name_or_err(name);
	fd = netns_open(ctl->dir, name);
	if (fd == -EINVAL)
		errx(EXIT_FAILURE, "%s/%s: not a network namespace", ctl->dir, name);
	if (fd < 0)
		errc(EXIT_FAILURE, -fd, "cannot open network namespace \"%s\"", name);
	return fd;
}

static void etc_failed(const char *target, int e, void *data)
{
	(void) data;
	warnc(e, "cannot bind /etc/netns file over %s", target);
}

/* join @name as ip netns exec does, and run @argv there; never returns */
static noreturn void exec_in(struct ctl *ctl, const char *name, char **argv)
{
	int fd = open_name_or_err(ctl, name), rc;

	/* as ip: out of a VRF of the namespace we leave; the command goes on if not */
	if ((rc = netns_vrf_reset()) < 0)
		warnc(-rc, "cannot leave the VRF cgroup");
	if ((rc = netns_switch(fd)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot switch to network namespace \"%s\"", name);
	close(fd);
	/* like ip: a file that cannot be bound is reported and the rest go on */
	if ((rc = netns_bind_etc(name, etc_failed, NULL)) < 0)
		warnc(-rc, "cannot read %s/%s", NETNS_ETC_DIR, name);
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
		errc(EXIT_FAILURE, -rc, "cannot read %s", ctl->dir);
	for (size_t i = 0; i < n; i++) {
		printf("\nnetns: %s\n", names[i]);
		fflush(stdout);
		if ((pid = fork()) < 0)
			err(EXIT_FAILURE, "cannot fork");
		if (pid == 0)
			exec_in(ctl, names[i], argv);
		if ((rc = child_wait(pid, &ws)) < 0)
			errc(EXIT_FAILURE, -rc, "cannot wait for the command");
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
		errc(EXIT_FAILURE, -fd, "cannot open the network namespace of %d", (int) pid);
	if ((rc = netns_names_of(ctl->dir, fd, print_name, NULL)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot read %s", ctl->dir);
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
		errc(EXIT_FAILURE, -rc, "cannot list the processes of \"%s\"", argv[0]);
	close(fd);
	return EXIT_SUCCESS;
}

static void nl_open_or_err(struct nl *nl, int nsfd, const char *where)
{
	int rc = nl_open_in(nl, nsfd);

	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot open a netlink socket in %s", where);
}

static int cmd_set(struct ctl *ctl, int argc, char **argv)
{
	int fd = open_name_or_err(ctl, argv[0]), nsid = NL_NSID_NONE, rc;
	struct nl nl;

	(void) argc;
	if (strcmp(argv[1], "auto") != 0 && nl_parse_nsid(argv[1], &nsid) < 0)
		errx(EXIT_FAILURE, "invalid nsid '%s': a number 0..%d or auto",
		     argv[1], INT_MAX);
	nl_open_or_err(&nl, -1, "this namespace");
	if ((rc = nl_nsid_set(&nl, fd, nsid)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot set the nsid of \"%s\"", argv[0]);
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
static int print_id(const struct nl_nsid_entry *e, void *data)
{
	struct id_walk *w = data;
	int key = w->target ? e->current : e->nsid;
	const char *name = NULL, *sep = "";
	bool json = w->ctl->seen & B_JSON;

	for (size_t i = 0; i < w->n && !name && key >= 0; i++)
		if (w->ids[i] == key)
			name = w->names[i];
	if (json) {
		printf("%s{", w->shown ? "," : "[");
		if (e->nsid >= 0)
			printf("\"nsid\":%d", e->nsid), sep = ",";
		if (w->target && e->current >= 0)
			printf("%s\"current-nsid\":%d", sep, e->current), sep = ",";
		if (name) {
			printf("%s\"name\":", sep);
			json_str(name);
		}
		putchar('}');
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

	switch (nl_parse_nsid_filters(argc, argv, &target, &nsid, &bad)) {
	case NL_FILTER_OK:
		break;
	case NL_FILTER_UNKNOWN:
		errx(EXIT_FAILURE, "list-id: unknown filter '%s': target-nsid or nsid", argv[bad]);
	case NL_FILTER_TWICE:
		errx(EXIT_FAILURE, "list-id: %s given twice", argv[bad]);
	case NL_FILTER_NO_VALUE:
		errx(EXIT_FAILURE, "list-id: %s needs a value", argv[bad]);
	default:
		errx(EXIT_FAILURE, "list-id: invalid %s '%s': a number 0..%d",
		     argv[bad], argv[bad + 1], INT_MAX);
	}
	w.target = target >= 0;
	nl_open_or_err(&nl, -1, "this namespace");
	if ((rc = netns_list_nsids(ctl->dir, &nl, &w.names, &w.ids, &w.n)) < 0)
		errc(EXIT_FAILURE, -rc, "cannot read %s", ctl->dir);
	rc = nl_nsid_dump(&nl, target, nsid, print_id, &w);
	if (rc == -ENOENT && nsid >= 0)
		errx(EXIT_FAILURE, "list-id: no namespace has nsid %d here", nsid);
	if (rc == -EINVAL && w.target)
		errx(EXIT_FAILURE, "list-id: target-nsid %d: no namespace has "
		     "that nsid here", target);
	if (rc < 0)
		errc(EXIT_FAILURE, -rc, "cannot dump the nsids");
	if (ctl->seen & B_JSON)
		puts(w.shown ? "]" : "[]");
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
	errc(EXIT_FAILURE, -rc, "cannot watch %s", ctl->dir);
}

/* ---- the wiring ---------------------------------------------------------- */

static const char *peer_name(struct ctl *ctl, const char *name, char *buf)
{
	if (ctl->peer_name)
		return ctl->peer_name;
	/* systemd-nspawn's convention for the host's end, cut to IFNAMSIZ */
	snprintf(buf, IFNAMSIZ, "ve-%s", name);
	return buf;
}

/*
 * The one line for a wiring that failed (and was taken back): @made is
 * what was being made ("veth A/B"), @where the namespaces of the ends.
 */
static noreturn void wire_failed(int rc, const struct nl_wire_error *e, const char *made,
				 const struct nl_veth_end *end, const char *const where[2],
				 const struct nl_addr *gw)
{
	static const char *const what[] = {
		[NL_WIRE_FIND] = "cannot find", [NL_WIRE_UP] = "cannot bring up",
		[NL_WIRE_ADDR] = "cannot add the address to",
	};
	const char *in = e->end >= 0 ? where[e->end] : "this namespace";
	char txt[NL_ADDR_STRLEN] = "";

	if (e->step == NL_WIRE_SOCKET)
		errc(EXIT_FAILURE, -rc, "cannot open a netlink socket in %s", in);
	if (e->step == NL_WIRE_PAIR && rc == -EEXIST)
		errx(EXIT_FAILURE, "cannot make %s: a link of that name exists", made);
	if (e->step == NL_WIRE_PAIR)
		errc(EXIT_FAILURE, -rc, "cannot make %s", made);
	if (e->step == NL_WIRE_ROUTE)
		errc(EXIT_FAILURE, -rc, "cannot add a default route via %s in %s",
		     nl_addr_format(gw, false, txt, sizeof(txt)), in);
	if (e->step == NL_WIRE_ADDR)
		nl_addr_format(end[e->end].addr, true, txt, sizeof(txt));
	errc(EXIT_FAILURE, -rc, "%s %s in %s%s%s", what[e->step], end[e->end].ifname,
	     in, *txt ? ": " : "", txt);
}

static int cmd_veth(struct ctl *ctl, int argc, char **argv)
{
	const char *where[2] = { argv[0], ctl->peer ? ctl->peer : "this namespace" };
	char pbuf[IFNAMSIZ], made[64];
	struct nl_veth_end end[2] = {
		{ open_name_or_err(ctl, argv[0]), ctl->ifname,
		  (ctl->seen & BIT(OPT_ADDR)) ? &ctl->addr : NULL },
		{ ctl->peer ? open_name_or_err(ctl, ctl->peer) : -1,
		  peer_name(ctl, argv[0], pbuf),
		  (ctl->seen & BIT(OPT_PEER_ADDR)) ? &ctl->peer_addr : NULL },
	};
	struct nl_wire_error e;
	int rc;

	(void) argc;
	snprintf(made, sizeof(made), "veth %s/%s", end[0].ifname, end[1].ifname);
	if ((rc = nl_veth_wire(end, 0, NULL, &e)) < 0)
		wire_failed(rc, &e, made, end, where, NULL);
	return EXIT_SUCCESS;
}

static int cmd_bridge(struct ctl *ctl, int argc, char **argv)
{
	const char *where[2] = { "this namespace", NULL };
	struct nl_veth_end end = { -1, argv[0],
				   (ctl->seen & BIT(OPT_ADDR)) ? &ctl->addr : NULL };
	struct nl_wire_error e;
	char made[64];
	int rc;

	(void) argc;
	if (nl_ifname_check(argv[0]) < 0)
		errx(EXIT_FAILURE, "invalid bridge name \"%s\"", argv[0]);
	snprintf(made, sizeof(made), "bridge %s", argv[0]);
	if ((rc = nl_bridge_wire(argv[0], end.addr, &e)) < 0)
		wire_failed(rc, &e, made, &end, where, NULL);
	return EXIT_SUCCESS;
}

static int cmd_connect(struct ctl *ctl, int argc, char **argv)
{
	const char *where[2] = { argv[0], "this namespace" };
	char pbuf[IFNAMSIZ], txt[NL_ADDR_STRLEN], made[64];
	struct nl_veth_end end[2] = {
		{ open_name_or_err(ctl, argv[0]), ctl->ifname, &ctl->addr },
		{ -1, peer_name(ctl, argv[0], pbuf), NULL },
	};
	struct nl_addr gw;
	struct nl_wire_error e;
	struct nl here;
	int br, rc;

	(void) argc;
	nl_open_or_err(&here, -1, "this namespace");
	if ((br = nl_bridge_find(&here, argv[1], ctl->addr.family, &gw)) == -EMEDIUMTYPE)
		errx(EXIT_FAILURE, "%s: not a bridge", argv[1]);
	if (br < 0)
		errc(EXIT_FAILURE, -br, "%s in this namespace", argv[1]);
	nl_close(&here);
	if (ctl->gateway && ctl->gw.family != ctl->addr.family)
		errx(EXIT_FAILURE, "gateway %s is not of the family of %s",
		     ctl->gateway, nl_addr_format(&ctl->addr, true, txt, sizeof(txt)));
	if (ctl->gateway)
		gw = ctl->gw;

	/* the pair, our end on the bridge, NAME's with its address and route */
	snprintf(made, sizeof(made), "veth %s/%s", end[1].ifname, end[0].ifname);
	if ((rc = nl_veth_wire(end, br, gw.family ? &gw : NULL, &e)) < 0)
		wire_failed(rc, &e, made, end, where, &gw);
	return EXIT_SUCCESS;
}

static int cmd_nat(struct ctl *ctl, int argc, char **argv)
{
	char why[512] = "";
	struct nl_addr a;
	int rc;

	(void) argc;
	if (!nat_name_ok(argv[0]) || nl_ifname_check(argv[0]) < 0)
		errx(EXIT_FAILURE, "invalid bridge name \"%s\"", argv[0]);
	if (ctl->seen & BIT(OPT_OFF)) {
		if ((rc = nat_remove(argv[0], why, sizeof(why))) < 0)
			errx(EXIT_FAILURE, "cannot remove the NAT of %s: %s", argv[0],
			     *why ? why : strerror(-rc));
		return EXIT_SUCCESS;
	}
	if (!nat_name_ok(ctl->out) || nl_ifname_check(ctl->out) < 0)
		errx(EXIT_FAILURE, "--out: invalid interface name \"%s\"", ctl->out);
	switch (nat_setup(argv[0], ctl->out, &a, why, sizeof(why), &rc)) {
	case NAT_SETUP_OK:
		return EXIT_SUCCESS;
	case NAT_SETUP_SOCKET:
		errc(EXIT_FAILURE, -rc, "cannot open a netlink socket in this namespace");
	case NAT_SETUP_BRIDGE:
		errc(EXIT_FAILURE, -rc, "%s in this namespace", argv[0]);
	case NAT_SETUP_OUT:
		errc(EXIT_FAILURE, -rc, "%s in this namespace", ctl->out);
	case NAT_SETUP_SUBNET:
		errx(EXIT_FAILURE, "%s has no IPv4 address: give it one with "
		     "xnetns bridge --addr", argv[0]);
	case NAT_SETUP_RULE:
		errx(EXIT_FAILURE, "cannot set up NAT for %s: %s", argv[0],
		     *why ? why : strerror(-rc));
	default:
		errc(EXIT_FAILURE, -rc, "cannot turn IPv4 forwarding on");
	}
}

/* ---- the command table and main() --------------------------------------- */

#define WIRE (BIT(OPT_NAME) | BIT(OPT_PEER_NAME) | BIT(OPT_ADDR))

static const struct cmd {
	const char *name, *alias;
	int (*fn)(struct ctl *, int, char **);
	int min, max;               /* operands; -1: any number (-a: one less) */
	unsigned int opts;          /* the options it takes */
	unsigned int needs;         /* of which it needs one */
} cmds[] = {
	{ "list",     "show", cmd_list,     0, 0,  B_JSON, 0 },
	{ "add",      NULL,   cmd_add,      1, -1, BIT(OPT_NO_LO), 0 },
	{ "attach",   NULL,   cmd_attach,   2, 2,  0, 0 },
	{ "delete",   "del",  cmd_delete,   1, -1, B_ALL, 0 },
	{ "exec",     NULL,   cmd_exec,     2, -1, B_ALL, 0 },
	{ "identify", NULL,   cmd_identify, 0, 1,  0, 0 },
	{ "pids",     NULL,   cmd_pids,     1, 1,  0, 0 },
	{ "set",      NULL,   cmd_set,      2, 2,  0, 0 },
	{ "list-id",  NULL,   cmd_list_id,  0, -1, B_JSON, 0 },
	{ "monitor",  NULL,   cmd_monitor,  0, 0,  0, 0 },
	{ "veth",     NULL,   cmd_veth,     1, 1,
	  WIRE | BIT(OPT_PEER) | BIT(OPT_HOST) | BIT(OPT_PEER_ADDR), 0 },
	{ "bridge",   NULL,   cmd_bridge,   1, 1,  BIT(OPT_ADDR), 0 },
	{ "connect",  NULL,   cmd_connect,  2, 2,  WIRE | BIT(OPT_GATEWAY), BIT(OPT_ADDR) },
	{ "nat",      NULL,   cmd_nat,      1, 1,  BIT(OPT_OUT) | BIT(OPT_OFF),
	  BIT(OPT_OUT) | BIT(OPT_OFF) },
};

static const struct cmd *find_cmd(const char *word)
{
	for (size_t i = 0; i < ARRAY_SIZE(cmds); i++)
		if (strcmp(cmds[i].name, word) == 0 ||
		    (cmds[i].alias && strcmp(cmds[i].alias, word) == 0))
			return &cmds[i];
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
	case 'a': case 'j': case OPT_HOST: case OPT_OFF:
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
		while ((c = getopt_long(argc, argv, "+ajhV", longopts, NULL)) != -1)
			take_opt(ctl, c);
		if (optind >= argc)
			return n;
		for (int k = 0; k < 2 && optind < argc; k++)
			argv[n++] = argv[optind++];
	}
}

int main(int argc, char **argv)
{
	struct ctl ctl = { .lo_up = true, .ifname = "eth0" };
	const struct cmd *cmd;
	int c, nargs;

	/* 1. options before the command */
	while ((c = getopt_long(argc, argv, "+ajhV", longopts, NULL)) != -1)
		take_opt(&ctl, c);
	if (optind >= argc) {
		warnx("no command given");
		cli_try_help();
	}
	if (!(cmd = find_cmd(argv[optind])))
		errx(EXIT_FAILURE, "unknown command '%s'; see 'xnetns --help'", argv[optind]);

	/* 2. options after it, except within exec's command line */
	argc -= optind;
	argv += optind;
	optind = 0;  /* 0: glibc forgets the "+" of the first pass */
	if (cmd->fn == cmd_list_id)
		argc = take_opts_kv(&ctl, argc, argv), optind = 1;
	else if (cmd->fn != cmd_exec)
		while ((c = getopt_long(argc, argv, "ajhV", longopts, NULL)) != -1)
			take_opt(&ctl, c);
	else
		optind = 1;
	argc -= optind;
	argv += optind;

	/* 3. every combination checked before anything is touched */
	for (unsigned int bit = 1; bit; bit <<= 1)
		if ((ctl.seen & bit) && !(cmd->opts & bit))
			errx(EXIT_FAILURE, "--%s is not an option of %s", opt_name(bit), cmd->name);
	for (size_t i = 0; i < ARRAY_SIZE(exclusive); i++)
		if ((ctl.seen & exclusive[i][0]) && (ctl.seen & exclusive[i][1]))
			errx(EXIT_FAILURE, "--%s and --%s are mutually exclusive",
			     opt_name(exclusive[i][0]), opt_name(exclusive[i][1]));
	if (cmd->needs && !(ctl.seen & cmd->needs))
		errx(EXIT_FAILURE, "%s needs --%s", cmd->name,
		     opt_name(cmd->needs & -cmd->needs));
	/* -a stands for the name: delete takes nothing more, exec the command */
	nargs = (ctl.seen & B_ALL) ? cmd->min - 1 : cmd->min;
	if (argc < nargs || (cmd->max >= 0 && argc > cmd->max) ||
	    ((ctl.seen & B_ALL) && cmd->max < 0 && cmd->fn == cmd_delete && argc)) {
		warnx("%s: wrong number of arguments", cmd->name);
		cli_try_help();
	}

	/* 4. the namespace folder, then the command */
	ctl.dir = netns_run_dir();
	return cmd->fn(&ctl, argc, argv);
}

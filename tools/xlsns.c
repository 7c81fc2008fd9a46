/*
 * xlsns - list namespaces: a peer of util-linux lsns(8), with its columns,
 * options and output formats, that finds namespaces held by processes,
 * bind mounts, open fds and sockets, and costs time linear in the number
 * of processes.
 */
#include "compat.h"
#include "cli.h"
#ifndef HAVE_SCOLS_NEW_FILTER
#include "filter.h"
#endif
#include "netnsid.h"
#include "nslist.h"
#include "parse.h"
#include "proc.h"
#include "proccgroup.h"

#include <getopt.h>
#include <libsmartcols.h>
#include <limits.h>
#include <locale.h>
#include <malloc.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
	COL_NS, COL_TYPE, COL_PATH, COL_NPROCS, COL_PID, COL_PPID, COL_COMMAND,
	COL_UID, COL_USER, COL_NETNSID, COL_NSFS, COL_PNS, COL_ONS, COL_CGROUP,
	NCOLS
};

struct colinfo {
	const char *name;
	double whint;
	int flags;
	bool number;            /* a JSON number, and numeric in filters */
	const char *help;
};

/* lsns's columns, widths and JSON types, and CGROUP after them */
static const struct colinfo infos[NCOLS] = {
	[COL_NS]      = { "NS",      10, SCOLS_FL_RIGHT, true,  "namespace identifier (inode number)" },
	[COL_TYPE]    = { "TYPE",     5, 0,              false, "kind of namespace" },
	[COL_PATH]    = { "PATH",     0, 0,              false, "path to the namespace" },
	[COL_NPROCS]  = { "NPROCS",   5, SCOLS_FL_RIGHT, true,  "number of processes in the namespace" },
	[COL_PID]     = { "PID",      5, SCOLS_FL_RIGHT, true,  "lowest PID in the namespace" },
	[COL_PPID]    = { "PPID",     5, SCOLS_FL_RIGHT, true,  "PPID of the PID" },
	[COL_COMMAND] = { "COMMAND",  0, SCOLS_FL_TRUNC, false, "command line of the PID" },
	[COL_UID]     = { "UID",      0, SCOLS_FL_RIGHT, true,  "UID of the PID" },
	[COL_USER]    = { "USER",     0, 0,              false, "username of the PID" },
	[COL_NETNSID] = { "NETNSID",  0, SCOLS_FL_RIGHT, false, "namespace ID as used by network subsystem" },
	[COL_NSFS]    = { "NSFS",     0, SCOLS_FL_WRAP,  false, "nsfs mountpoint (usually used network subsystem)" },
	[COL_PNS]     = { "PNS",     10, SCOLS_FL_RIGHT, true,  "parent namespace identifier (inode number)" },
	[COL_ONS]     = { "ONS",     10, SCOLS_FL_RIGHT, true,  "owner namespace identifier (inode number)" },
	[COL_CGROUP]  = { "CGROUP",   0, 0,              false, "cgroup of the PID" },
};

enum tree { TREE_NONE, TREE_PROCESS, TREE_OWNER, TREE_PARENT };

struct ctx {
	int cols[NCOLS * 2];    /* shown, then hidden ones the filter reads */
	size_t ncols;           /* shown */
	size_t nall;            /* shown + filter-only */
	enum tree tree;
	bool json, raw, noheadings, notrunc, nowrap, persist;
	pid_t task;
	struct nslist list;
	struct mnl_socket *nl;
#ifdef HAVE_SCOLS_NEW_FILTER
	struct libscols_filter *filter;
	bool filter_reads[NCOLS * 2];   /* by index in cols */
#else
	struct filter *filter;
#endif
	struct libscols_table *tab;
	struct libscols_line **proc_line;       /* by process index */
	struct libscols_line **ns_line;         /* by namespace index */
	bool *ns_done;
	struct { uid_t uid; char *name; } *users;
	size_t nusers;
};

/* the row being made, for the filter's questions */
struct row {
	struct ctx *c;
	struct nslist_ns *ns;
	struct nslist_proc *proc;
	char *val[NCOLS];
	bool have[NCOLS];
};

static noreturn void usage(void)
{
	fputs("\nUsage:\n", stdout);
	printf(" %s [options] [<namespace>]\n", program_invocation_short_name);
	fputs("\nList system namespaces.\n", stdout);
	fputs("\nOptions:\n", stdout);
	fputs(" -J, --json             use JSON output format\n", stdout);
	fputs(" -l, --list             use list format output\n", stdout);
	fputs(" -n, --noheadings       don't print headings\n", stdout);
	fputs(" -o, --output <list>    define which output columns to use\n", stdout);
	fputs("     --output-all       output all columns\n", stdout);
	fputs(" -P, --persistent       namespaces without processes\n", stdout);
	fputs(" -p, --task <pid>       print process namespaces\n", stdout);
	fputs(" -Q, --filter <expr>    apply display filter\n", stdout);
	fputs(" -r, --raw              use the raw output format\n", stdout);
	fputs(" -u, --notruncate       don't truncate text in columns\n", stdout);
	fputs(" -W, --nowrap           don't use multi-line representation\n", stdout);
	fputs(" -t, --type <name>      namespace type (mnt, net, ipc, user, pid, uts, cgroup, time)\n", stdout);
	fputs(" -T, --tree[=<rel>]     use tree format (parent, owner, or process)\n", stdout);
	fputs("\n -H, --list-columns     list the available columns\n", stdout);
	fputs(" -h, --help             display this help\n", stdout);
	fputs(" -V, --version          display version\n", stdout);
	printf("\nSee %s(8).\n", program_invocation_short_name);
	exit(EXIT_SUCCESS);
}

enum { OPT_OUTPUT_ALL = CHAR_MAX + 1 };

static const struct option longopts[] = {
	{ "json",         no_argument,       NULL, 'J' },
	{ "list",         no_argument,       NULL, 'l' },
	{ "noheadings",   no_argument,       NULL, 'n' },
	{ "output",       required_argument, NULL, 'o' },
	{ "output-all",   no_argument,       NULL, OPT_OUTPUT_ALL },
	{ "persistent",   no_argument,       NULL, 'P' },
	{ "task",         required_argument, NULL, 'p' },
	{ "filter",       required_argument, NULL, 'Q' },
	{ "raw",          no_argument,       NULL, 'r' },
	{ "notruncate",   no_argument,       NULL, 'u' },
	{ "nowrap",       no_argument,       NULL, 'W' },
	{ "type",         required_argument, NULL, 't' },
	{ "tree",         optional_argument, NULL, 'T' },
	{ "list-columns", no_argument,       NULL, 'H' },
	{ "help",         no_argument,       NULL, 'h' },
	{ "version",      no_argument,       NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

/* options lsns refuses together, each row in ascending order */
static const cli_excl_t exclusive[] = { { 'J', 'r' }, { 'P', 'p' }, { 'T', 'l' } };

static int column_by_name(const char *name, size_t len)
{
	for (int i = 0; i < NCOLS; i++)
		if (strlen(infos[i].name) == len && strncasecmp(infos[i].name, name, len) == 0)
			return i;
	return -1;
}

static bool has_column(const struct ctx *c, int id)
{
	for (size_t i = 0; i < c->nall; i++)
		if (c->cols[i] == id)
			return true;
	return false;
}

static void add_columns(struct ctx *c, const int *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		c->cols[c->ncols++] = ids[i];
}

/* -o LIST, or -o +LIST to add to what is there */
static void parse_columns_or_err(struct ctx *c, const char *arg)
{
	const char *p = arg;

	if (*p == '+')
		p++;
	else
		c->ncols = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		int id = column_by_name(p, len);

		if (id < 0)
			errx(EXIT_FAILURE, "unknown column: %.*s", (int) len, p);
		if (c->ncols >= ARRAY_SIZE(c->cols) / 2)
			errx(EXIT_FAILURE, "too many columns specified, the limit is %zu columns",
			     ARRAY_SIZE(c->cols) / 2);
		c->cols[c->ncols++] = id;
		p += len;
		if (*p == ',')
			p++;
	}
	if (c->ncols == 0)
		errx(EXIT_FAILURE, "no columns specified");
}

/* a column the filter reads and the output does not show is added hidden */
static size_t add_filter_column(struct ctx *c, int id)
{
	for (size_t i = 0; i < c->nall; i++)
		if (c->cols[i] == id)
			return i;
	c->cols[c->nall] = id;
	return c->nall++;
}

#ifdef HAVE_SCOLS_NEW_FILTER
/*
 * libsmartcols parses and evaluates; we map its column names to ours (as
 * lsns does, case-insensitively) and give it the cells of each line.
 */
static void parse_filter_or_err(struct ctx *c, const char *expr)
{
	struct libscols_iter *itr;
	const char *name;

	c->filter = scols_new_filter(NULL);
	if (!c->filter)
		err(EXIT_FAILURE, "failed to allocate filter");
	if (scols_filter_parse_string(c->filter, expr) != 0) {
		const char *msg = scols_filter_get_errmsg(c->filter);

		errx(EXIT_FAILURE, "failed to parse filter \"%s\": %s", expr,
		     msg && *msg ? msg : "syntax error");
	}
	itr = scols_new_iter(SCOLS_ITER_FORWARD);
	if (!itr)
		err(EXIT_FAILURE, "failed to allocate iterator");
	while (scols_filter_next_holder(c->filter, itr, &name, 0) == 0) {
		int id = column_by_name(name, strlen(name));

		if (id < 0)
			errx(EXIT_FAILURE, "failed to parse filter \"%s\": unknown column: %s",
			     expr, name);
		c->filter_reads[add_filter_column(c, id)] = true;
	}
	scols_free_iter(itr);
}

/* after setup_table(): every name in the expression gets its column */
static void assign_filter_columns(struct ctx *c)
{
	struct libscols_iter *itr = scols_new_iter(SCOLS_ITER_FORWARD);
	const char *name;

	if (!itr)
		err(EXIT_FAILURE, "failed to allocate iterator");
	while (scols_filter_next_holder(c->filter, itr, &name, 0) == 0) {
		int id = column_by_name(name, strlen(name));

		for (size_t i = 0; i < c->nall; i++)
			if (c->cols[i] == id &&
			    scols_filter_assign_column(c->filter, itr, name,
						       scols_table_get_column(c->tab, i)) < 0)
				err(EXIT_FAILURE, "failed to initialize filter");
	}
	scols_free_iter(itr);
}
#else
static int filter_resolve(const char *name, size_t len, enum filter_type *type,
			  void *data)
{
	int id = column_by_name(name, len);

	(void) data;
	if (id >= 0)
		*type = infos[id].number ? FILTER_NUMBER : FILTER_STRING;
	return id;
}

/* lib/filter.c, for a libsmartcols without a filter API */
static void parse_filter_or_err(struct ctx *c, const char *expr)
{
	struct filter_error fe;
	int ids[NCOLS], rc;
	size_t n;

	rc = filter_parse(expr, filter_resolve, NULL, &c->filter, &fe);
	if (rc == -ENOMEM)
		errx(EXIT_FAILURE, "cannot allocate memory");
	if (rc < 0)
		errx(EXIT_FAILURE, "failed to parse filter \"%s\": at %zu: %s",
		     expr, fe.pos, fe.msg);
	n = filter_columns(c->filter, ids, NCOLS);
	for (size_t i = 0; i < n && i < NCOLS; i++)
		add_filter_column(c, ids[i]);
}

static void assign_filter_columns(struct ctx *c)
{
	(void) c;
}
#endif

static noreturn void list_columns(bool json, bool raw)
{
	struct libscols_table *tab = scols_new_table();

	if (!tab)
		err(EXIT_FAILURE, "failed to allocate output table");
	scols_table_enable_json(tab, json);
	scols_table_enable_raw(tab, raw);
	scols_table_enable_noheadings(tab, !json);
	scols_table_set_name(tab, "lsns-columns");
	if (!scols_table_new_column(tab, "holder", 0, SCOLS_FL_RIGHT) ||
	    !scols_table_new_column(tab, "type", 0, 0) ||
	    !scols_table_new_column(tab, "description", 0, 0))
		err(EXIT_FAILURE, "failed to allocate output column");
	for (int i = 0; i < NCOLS; i++) {
		struct libscols_line *ln = scols_table_new_line(tab, NULL);

		if (!ln || scols_line_set_data(ln, 0, infos[i].name) ||
		    scols_line_set_data(ln, 1, infos[i].number ? "<integer>" : "<string>") ||
		    scols_line_set_data(ln, 2, infos[i].help))
			err(EXIT_FAILURE, "failed to add line to output");
	}
	scols_print_table(tab);
	scols_unref_table(tab);
	exit(EXIT_SUCCESS);
}

static const char *user_name(struct ctx *c, uid_t uid)
{
	struct passwd *pw;

	for (size_t i = 0; i < c->nusers; i++)
		if (c->users[i].uid == uid)
			return c->users[i].name;
	c->users = xrealloc(c->users, (c->nusers + 1) * sizeof(*c->users));
	pw = getpwuid(uid);
	c->users[c->nusers].uid = uid;
	c->users[c->nusers].name = pw ? xstrdup(pw->pw_name) : xasprintf("%u", (unsigned) uid);
	return c->users[c->nusers++].name;
}

static char *netnsid_of(struct ctx *c, struct nslist_ns *ns)
{
	int fd, id, rc;

	if (!c->nl || ns->type->kind != NS_NET)
		return NULL;
	fd = nslist_open(&c->list, ns);
	if (fd < 0)
		return NULL;
	rc = netnsid_get(c->nl, fd, &id);
	close(fd);
	if (rc < 0)
		return NULL;
	return id == NETNSID_UNASSIGNED ? xstrdup("unassigned") : xasprintf("%d", id);
}

static char *cgroup_of(pid_t pid)
{
	char *text = NULL, *cg = NULL;
	const char *path;
	size_t len;

	if (proccgroup_read(-1, pid, &text) < 0)
		return NULL;
	if (proccgroup_main_path(text, &path, &len) == 0)
		cg = strndup(path, len);   /* NULL: an empty cell */
	free(text);
	return cg;
}

/* the text of one cell: computed only for the columns that are asked for */
static char *cell(struct row *r, int col)
{
	struct ctx *c = r->c;
	struct nslist_ns *ns = r->ns;
	struct nslist_proc *p = r->proc;
	char *s, path[64];

	switch (col) {
	case COL_NS:
		return xasprintf("%ju", (uintmax_t) ns->ino);
	case COL_TYPE:
		return xstrdup(ns->type->name);
	case COL_PATH:
		if (p)
			return ns_pid_path(path, sizeof(path), -1, p->pid, ns->type, false) == 0
				? xstrdup(path) : NULL;
		return ns->path ? xstrdup(ns->path) : NULL;
	case COL_NPROCS:
		return xasprintf("%d", ns->nprocs);
	case COL_PID:
		return p ? xasprintf("%d", (int) p->pid) : NULL;
	case COL_PPID:
		return p && p->has_ppid ? xasprintf("%d", (int) p->ppid) : NULL;
	case COL_COMMAND:
		if (p && !p->has_command)
			nslist_proc_fill(&c->list, p, NSLIST_WANT_COMMAND);
		return p && p->command ? xstrdup(p->command) : NULL;
	case COL_UID:
		if (p)
			return p->has_uid ? xasprintf("%u", (unsigned) p->uid) : NULL;
		return ns->has_owner_uid ? xasprintf("%u", (unsigned) ns->owner_uid) : NULL;
	case COL_USER:
		if (p)
			return p->has_uid ? xstrdup(user_name(c, p->uid)) : NULL;
		return ns->has_owner_uid ? xstrdup(user_name(c, ns->owner_uid)) : NULL;
	case COL_NETNSID:
		return netnsid_of(c, ns);
	case COL_NSFS:
		if (!ns->nsfs)
			return NULL;
		s = xstrdup(ns->nsfs);
		if (c->nowrap)
			for (char *q = s; (q = strchr(q, '\n')); )
				*q = ',';
		return s;
	case COL_PNS:
		return xasprintf("%ju", (uintmax_t) ns->parent_ino);
	case COL_ONS:
		return xasprintf("%ju", (uintmax_t) ns->owner_ino);
	case COL_CGROUP:
		return p ? cgroup_of(p->pid) : NULL;
	}
	return NULL;
}

static const char *row_value(int col, void *data)
{
	struct row *r = data;

	if (!r->have[col]) {
		r->val[col] = cell(r, col);
		r->have[col] = true;
	}
	return r->val[col];
}

static void free_row(struct row *r)
{
	for (int i = 0; i < NCOLS; i++)
		free(r->val[i]);
}

static void set_cell(struct libscols_line *ln, size_t i, struct row *r)
{
	const char *v = row_value(r->c->cols[i], r);

	if (v && scols_line_set_data(ln, i, v))
		err(EXIT_FAILURE, "failed to add output data");
}

/*
 * One line of output, under @parent; NULL when the filter drops it.  The
 * cells the filter reads are made first, the others only for the lines
 * it keeps.
 */
static struct libscols_line *add_line(struct ctx *c, struct nslist_ns *ns,
				      struct nslist_proc *p,
				      struct libscols_line *parent)
{
	struct row r = { .c = c, .ns = ns, .proc = p };
	struct libscols_line *ln;
#ifdef HAVE_SCOLS_NEW_FILTER
	int match = 1;

	if (c->filter) {
		ln = scols_table_new_line(c->tab, NULL);
		if (!ln)
			err(EXIT_FAILURE, "failed to add line to output");
		for (size_t i = 0; i < c->nall; i++)
			if (c->filter_reads[i])
				set_cell(ln, i, &r);
		if (scols_line_apply_filter(ln, c->filter, &match) < 0)
			errx(EXIT_FAILURE, "failed to apply filter");
		if (!match) {
			scols_table_remove_line(c->tab, ln);
			free_row(&r);
			return NULL;
		}
		if (parent && scols_line_add_child(parent, ln) < 0)
			err(EXIT_FAILURE, "failed to add line to output");
	} else {
		ln = scols_table_new_line(c->tab, parent);
	}
#else
	if (c->filter && !filter_eval(c->filter, row_value, &r)) {
		free_row(&r);
		return NULL;
	}
	ln = scols_table_new_line(c->tab, parent);
#endif
	if (!ln)
		err(EXIT_FAILURE, "failed to add line to output");
	for (size_t i = 0; i < c->ncols; i++) {
#ifdef HAVE_SCOLS_NEW_FILTER
		if (c->filter && c->filter_reads[i])
			continue;
#endif
		set_cell(ln, i, &r);
	}
	free_row(&r);
	return ln;
}

static size_t ns_index(const struct ctx *c, const struct nslist_ns *ns)
{
	size_t lo = 0, hi = c->list.nns;

	/* the list is sorted by inode */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->list.ns[mid]->ino < ns->ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * One namespace, as lsns lays it out: in the owner and parent trees the
 * owner (or parent) comes first so the row can hang under it; in the
 * process tree the row hangs under the last row of its process's parent.
 */
static void show_namespace(struct ctx *c, struct nslist_ns *ns)
{
	size_t i = ns_index(c, ns);
	struct libscols_line *parent = NULL, *ln;

	if (c->ns_done[i])
		return;
	c->ns_done[i] = true;
	if (c->tree == TREE_OWNER && ns->owner)
		show_namespace(c, ns->owner);
	else if (c->tree == TREE_PARENT && ns->parent)
		show_namespace(c, ns->parent);
	else if (c->tree == TREE_PARENT && ns->owner)
		show_namespace(c, ns->owner);

	if (c->tree == TREE_PROCESS && ns->proc && ns->proc->parent)
		parent = c->proc_line[ns->proc->parent - c->list.procs];
	else if (c->tree == TREE_OWNER && ns->owner)
		parent = c->ns_line[ns_index(c, ns->owner)];
	else if (c->tree == TREE_PARENT && ns->parent)
		parent = c->ns_line[ns_index(c, ns->parent)];

	ln = add_line(c, ns, ns->proc, parent);
	if (!ln)
		return;
	c->ns_line[i] = ln;
	if (ns->proc)
		c->proc_line[ns->proc - c->list.procs] = ln;
}

static bool in_namespace(const struct nslist_proc *p, const struct nslist_ns *ns)
{
	return p->ns[ns->type->kind] == ns->ino;
}

/* the processes of one namespace, each under its parent when that is in it */
static void show_process(struct ctx *c, struct nslist_ns *ns, struct nslist_proc *p)
{
	size_t i = (size_t) (p - c->list.procs);
	struct libscols_line *parent = NULL;

	if (c->ns_done[i])
		return;
	c->ns_done[i] = true;
	if (c->tree == TREE_PROCESS && p->parent && in_namespace(p->parent, ns)) {
		show_process(c, ns, p->parent);
		parent = c->proc_line[p->parent - c->list.procs];
	}
	c->proc_line[i] = add_line(c, ns, p, parent);
}

static void setup_table(struct ctx *c)
{
	c->tab = scols_new_table();
	if (!c->tab)
		err(EXIT_FAILURE, "failed to allocate output table");
	scols_table_enable_raw(c->tab, c->raw);
	scols_table_enable_json(c->tab, c->json);
	scols_table_enable_noheadings(c->tab, c->noheadings);
	if (c->json)
		scols_table_set_name(c->tab, "namespaces");

	for (size_t i = 0; i < c->nall; i++) {
		const struct colinfo *ci = &infos[c->cols[i]];
		int flags = ci->flags;
		struct libscols_column *cl;

#ifdef HAVE_SCOLS_NEW_FILTER
		if (i >= c->ncols)
			flags = SCOLS_FL_HIDDEN;    /* read by the filter alone */
#else
		if (i >= c->ncols)
			break;                      /* lib/filter.c reads these */
#endif

		if (c->notrunc)
			flags &= ~SCOLS_FL_TRUNC;
		if (c->nowrap)
			flags &= ~SCOLS_FL_WRAP;
		if (c->tree == TREE_PROCESS && c->cols[i] == COL_COMMAND)
			flags |= SCOLS_FL_TREE;
		if ((c->tree == TREE_OWNER || c->tree == TREE_PARENT) && c->cols[i] == COL_NS) {
			flags |= SCOLS_FL_TREE;
			flags &= ~SCOLS_FL_RIGHT;
		}
		cl = scols_table_new_column(c->tab, ci->name, ci->whint, flags);
		if (!cl)
			err(EXIT_FAILURE, "failed to allocate output column");
		if (c->json)
			scols_column_set_json_type(cl, ci->number ? SCOLS_JSON_NUMBER : SCOLS_JSON_STRING);
#ifdef HAVE_SCOLS_NEW_FILTER
		/* what the filter compares: numbers as numbers */
		scols_column_set_data_type(cl, ci->number ? SCOLS_DATA_U64 : SCOLS_DATA_STRING);
#endif
		if (!c->nowrap && c->cols[i] == COL_NSFS) {
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
			scols_column_set_safechars(cl, "\n");
		}
	}
}

int main(int argc, char **argv)
{
	struct ctx c = { .tree = TREE_NONE };
	const char *outarg = NULL, *filterarg = NULL;
	bool list = false, list_cols = false, seen_type = false;
	int excl_seen[ARRAY_SIZE(exclusive)] = { 0 };
	unsigned int kinds = 0, want = NSLIST_WANT_HOLDERS;
	bool has_ns = false;
	ino_t want_ns = 0;
	int opt, rc;

	cli_close_stdout_atexit();
	setlocale(LC_ALL, "");
	/* the scan threads allocate a few bytes: a malloc arena each would
	 * cost more memory than everything they store */
	mallopt(M_ARENA_MAX, 1);

	/* 1. options; every combination checked before anything is read */
	while ((opt = getopt_long(argc, argv, "JlPp:o:nruhVt:T::WQ:H", longopts, NULL)) != -1) {
		cli_exclusive_or_err(opt, longopts, exclusive, ARRAY_SIZE(exclusive), excl_seen);
		switch (opt) {
		case 'J': c.json = true; break;
		case 'l': list = true; break;
		case 'n': c.noheadings = true; break;
		case 'o': outarg = optarg; break;
		case OPT_OUTPUT_ALL:
			for (c.ncols = 0; c.ncols < NCOLS; c.ncols++)
				c.cols[c.ncols] = (int) c.ncols;
			break;
		case 'P': c.persist = true; break;
		case 'p': c.task = parse_pid_or_err(optarg, "invalid PID argument"); break;
		case 'Q': filterarg = optarg; break;
		case 'r': c.raw = c.nowrap = true; break;
		case 'u': c.notrunc = true; break;
		case 'W': c.nowrap = true; break;
		case 't': {
			const struct ns_type *t = ns_type_by_name(optarg);

			if (!t)
				errx(EXIT_FAILURE, "unknown namespace type: %s", optarg);
			kinds |= 1U << t->kind;
			seen_type = true;
			break;
		}
		case 'T':
			c.tree = TREE_OWNER;
			if (optarg) {
				const char *a = optarg + (*optarg == '=');

				if (strcmp(a, "parent") == 0)
					c.tree = TREE_PARENT;
				else if (strcmp(a, "process") == 0)
					c.tree = TREE_PROCESS;
				else if (strcmp(a, "owner") != 0)
					errx(EXIT_FAILURE, "unknown tree type: %s", optarg);
			}
			break;
		case 'H': list_cols = true; break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (list_cols)
		list_columns(c.json, c.raw);
	if (!kinds)
		kinds = (1U << NS_NKINDS) - 1;

	if (optind < argc) {
		uint64_t v;

		if (optind + 1 < argc)
			errx(EXIT_FAILURE, "unexpected argument: %s", argv[optind + 1]);
		if (c.task)
			errx(EXIT_FAILURE, "--task is mutually exclusive with <namespace>");
		if (parse_u64(argv[optind], &v) < 0 || v == 0)
			errx(EXIT_FAILURE, "invalid namespace argument: '%s'", argv[optind]);
		want_ns = (ino_t) v;
		has_ns = true;
		if (!c.tree && !list)
			c.tree = TREE_PROCESS;
		if (!c.ncols)
			add_columns(&c, (const int[]) { COL_PID, COL_PPID, COL_USER, COL_COMMAND }, 4);
	}
	/* lsns's default: the process tree, NETNSID and NSFS for -t net */
	if (!c.ncols) {
		add_columns(&c, (const int[]) { COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER }, 5);
		if (seen_type && (kinds & (1U << NS_NET)))
			add_columns(&c, (const int[]) { COL_NETNSID, COL_NSFS }, 2);
		add_columns(&c, (const int[]) { COL_COMMAND }, 1);
		if (!c.tree && !list)
			c.tree = TREE_PROCESS;
	}
	if (outarg)
		parse_columns_or_err(&c, outarg);
	c.nall = c.ncols;
	if (c.task && kill(c.task, 0) < 0 && errno == ESRCH)
		errx(EXIT_FAILURE, "PID %d: no such process", (int) c.task);

	if (filterarg)
		parse_filter_or_err(&c, filterarg);

	/* 2. what to read: only what the columns and the layout need */
	if (c.tree == TREE_PROCESS || has_column(&c, COL_PPID))
		want |= NSLIST_WANT_PPID;
	if (has_column(&c, COL_UID) || has_column(&c, COL_USER))
		want |= NSLIST_WANT_UID;
	if (has_column(&c, COL_COMMAND))
		want |= NSLIST_WANT_COMMAND;
	if (has_column(&c, COL_PNS) || has_column(&c, COL_ONS))
		want |= NSLIST_WANT_RELATIONS;
	if (c.tree == TREE_OWNER || c.tree == TREE_PARENT)
		want |= NSLIST_WANT_ANCESTORS;
	if (has_column(&c, COL_NETNSID))
		netnsid_open(&c.nl);        /* without it the column stays empty */

	/* 3. the namespaces and their holders */
	nslist_init(&c.list, -1, kinds, want);
	rc = nslist_scan(&c.list);
	if (rc < 0)
		cli_errc(EXIT_FAILURE, rc, "cannot read /proc");

	/* 4. the table, in lsns's order: by inode, each row under its parent */
	setup_table(&c);
	if (c.filter)
		assign_filter_columns(&c);
	c.proc_line = xcalloc(c.list.nprocs + 1, sizeof(*c.proc_line));
	c.ns_line = xcalloc(c.list.nns + 1, sizeof(*c.ns_line));
	if (has_ns) {
		struct nslist_ns *ns = nslist_find(&c.list, want_ns);

		if (!ns)
			errx(EXIT_FAILURE, "not found namespace: %ju", (uintmax_t) want_ns);
		c.ns_done = xcalloc(c.list.nprocs + 1, sizeof(*c.ns_done));
		/* the rows are processes here: read their parents and owners */
		for (size_t i = 0; i < c.list.nprocs; i++)
			if (in_namespace(&c.list.procs[i], ns))
				nslist_proc_fill(&c.list, &c.list.procs[i],
						 want & (NSLIST_WANT_PPID | NSLIST_WANT_UID));
		for (size_t i = 0; i < c.list.nprocs; i++)
			if (in_namespace(&c.list.procs[i], ns))
				show_process(&c, ns, &c.list.procs[i]);
	} else {
		struct nslist_proc *task = c.task ? nslist_proc_by_pid(&c.list, c.task) : NULL;

		c.ns_done = xcalloc(c.list.nns + 1, sizeof(*c.ns_done));
		for (size_t i = 0; i < c.list.nns; i++) {
			struct nslist_ns *ns = c.list.ns[i];

			if (c.task && (!task || !in_namespace(task, ns)))
				continue;
			if (c.persist && ns->nprocs != 0)
				continue;
			show_namespace(&c, ns);
		}
	}

	/* 5. print; stdout is checked at exit */
	scols_print_table(c.tab);
	scols_unref_table(c.tab);
#ifdef HAVE_SCOLS_NEW_FILTER
	scols_unref_filter(c.filter);
#else
	filter_free(c.filter);
#endif
	netnsid_close(c.nl);
	nslist_free(&c.list);
	for (size_t i = 0; i < c.nusers; i++)
		free(c.users[i].name);
	free(c.users);
	free(c.proc_line);
	free(c.ns_line);
	free(c.ns_done);
	return EXIT_SUCCESS;
}

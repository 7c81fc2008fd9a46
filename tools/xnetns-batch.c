/*
 * xnetns-batch.c - xnetns -b FILE: the commands of a file, one a line, as
 * ip -b runs them.
 */
#include "compat.h"
#include "child.h"
#include "cli.h"
#include "xnetns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* @line split at blanks, "..." and '...' kept whole, # to the end dropped */
static int split_words(char *line, char **words, int max)
{
	int n = 0;

	for (char *p = line, *w; *p && n < max;) {
		char quote = 0;

		p += strspn(p, " \t\n");
		if (!*p || *p == '#')
			break;
		if (*p == '"' || *p == '\'')
			quote = *p++;
		w = p;
		p = quote ? strchr(p, quote) : p + strcspn(p, " \t\n");
		if (!p)
			return -1;
		if (*p)
			*p++ = '\0';
		words[n++] = w;
	}
	return n < max ? n : -1;
}

/*
 * -b FILE: each line a command line of its own, as ip -b: in a child, so
 * that a command that exits or joins a namespace leaves the next alone.
 * The first that fails ends the batch, as ip -b without -force.  The file
 * is read whole first: a child's exit(3) would move the offset of a
 * stream it shares with us.
 */
int xnetns_batch(const struct ctl *ctl, const char *file)
{
	FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "re");
	char *text = NULL, *line, *next, *words[256];
	size_t len = 0;
	int n, ws, rc, lineno = 0;
	pid_t pid;

	if (!f)
		err(EXIT_FAILURE, "cannot open %s", file);
	if (getdelim(&text, &len, '\0', f) < 0 && ferror(f))
		err(EXIT_FAILURE, "cannot read %s", file);
	if (f != stdin)
		fclose(f);
	for (line = text; line && *line; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		if ((n = split_words(line, words, (int) ARRAY_SIZE(words) - 1)) < 0)
			errx(EXIT_FAILURE, "%s:%d: unbalanced quote or too many words",
			     file, lineno);
		if (n == 0)
			continue;
		words[n] = NULL;
		fflush(stdout);
		if ((pid = fork()) < 0)
			err(EXIT_FAILURE, "cannot fork");
		if (pid == 0) {
			struct ctl mine = *ctl;

			exit(xnetns_run(&mine, n, words));
		}
		if ((rc = child_wait(pid, &ws)) < 0)
			cli_errc(EXIT_FAILURE, rc, "cannot wait for the command");
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
			errx(EXIT_FAILURE, "%s:%d: command failed", file, lineno);
	}
	free(text);
	return EXIT_SUCCESS;
}

/*
 * session.h - run a command in a session of its own, so that the caller's
 * terminal is no longer its controlling terminal.
 *
 * A process may push bytes into the input queue of its controlling
 * terminal with ioctl(TIOCSTI) (Linux before 6.2, or with
 * dev.tty.legacy_tiocsti=1): a command run as another user could type a
 * line that the caller's shell, often root's, reads and runs once the
 * command is done (bubblewrap's CVE-2017-5226).  In a new session the
 * terminal is not the command's controlling one, and TIOCSTI fails.
 */
#ifndef XNS_SESSION_H
#define XNS_SESSION_H

#include <stdbool.h>

enum session_mode {
	SESSION_AUTO,   /* a new one when it runs as another user on a terminal */
	SESSION_KEEP,   /* --keep-session: the caller's, always */
	SESSION_NEW,    /* --new-session: a new one, always */
};

/**
 * session_wanted - whether the command gets a new session: with
 * SESSION_AUTO when @other_user (it runs as a user other than the
 * caller's) and standard input, output or error is a terminal
 */
bool session_wanted(enum session_mode mode, bool other_user);

/**
 * session_new - fork; the child becomes the leader of a new session with
 * no controlling terminal and returns 0; the parent stays in the caller's
 * session (so that ^C still reaches it), passes the signals of
 * child_forward_set() on to the child, and returns 1 once the child has
 * ended, with its wait status in @status.  Returns -errno on failure
 * (in the child too, if setsid() failed: it should then _exit).
 */
int session_new(int *status);

#endif

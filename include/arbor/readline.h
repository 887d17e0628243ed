/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_READLINE_H
#define ARBOR_READLINE_H

#include <arbor/types.h>

/*
 * An interactive line editor as a pure state machine: the caller feeds it
 * one input byte at a time and it reports through a callback what to send
 * to the terminal, in plain VT100: \r, ESC[K, ESC[<n>D to move left, and
 * rewriting the characters in between to move right. It does no I/O of
 * its own, so it runs unchanged in host tests.
 *
 * The line is assumed to fit on one terminal row for redraws that start
 * with \r (history recall, Ctrl-L, after a completion list); plain typing
 * at the end of the line works at any length.
 */

#define RL_MAX_LINE	256	/* buffer size: at most 255 characters + NUL */
#define RL_HISTORY	32	/* remembered lines */

/* readline_feed() results */
enum {
	RL_CONTINUE = 0,	/* keep feeding */
	RL_DONE,		/* Enter: the line is in rl->line */
	RL_CANCEL,		/* Ctrl-C: the line was discarded */
	RL_TOOLONG,		/* Enter on an overflowed line: refused, discarded */
};

/* Terminal output: @n bytes at @s, not NUL-terminated. */
typedef void (*rl_out_fn)(void *ctx, const char *s, size_t n);

/*
 * Completion source: return the @idx-th candidate (idx counts 0, 1, 2, ...)
 * for the @len bytes at @word, or NULL when there are no more. Candidates
 * that do not start with the word are skipped, so a source may also simply
 * return all its names. Candidates are listed in the order returned. The
 * returned string need only stay valid until the next call. @word is
 * NUL-terminated at @len.
 */
typedef const char *(*rl_complete_fn)(void *ctx, const char *word, size_t len,
				      unsigned int idx);

struct readline {
	char line[RL_MAX_LINE];		/* always NUL-terminated at line[len] */
	size_t len;
	size_t cursor;			/* 0..len */
	bool overflow;			/* input was dropped: Enter will refuse */
	const char *prompt;

	/* input decoding */
	u8 esc_state;			/* escape-sequence decoder, private */
	bool esc_more_params;		/* past the first ';' of a CSI sequence */
	unsigned int esc_param;		/* first numeric CSI parameter */
	bool last_cr;			/* swallow the '\n' of a CRLF pair */
	bool last_tab;			/* a second Tab in a row lists matches */

	/* history ring, newest at hist_next - 1 */
	char history[RL_HISTORY][RL_MAX_LINE];
	unsigned int hist_count;
	unsigned int hist_next;
	unsigned int hist_pos;		/* 0: the line being edited; n: n-th newest */
	char saved[RL_MAX_LINE];	/* the line being edited, while browsing */
	bool saved_overflow;

	rl_out_fn out;
	rl_complete_fn complete;
	void *ctx;
};

void readline_init(struct readline *rl, rl_out_fn out, rl_complete_fn complete,
		   void *ctx);
void readline_start(struct readline *rl, const char *prompt);
int readline_feed(struct readline *rl, int ch);
void readline_add_history(struct readline *rl, const char *line);
const char *readline_history(const struct readline *rl, unsigned int n);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Line editor state machine; see include/arbor/readline.h.
 *
 * The terminal's cursor always mirrors rl->cursor (relative to the end of
 * the prompt) between calls. Every edit redraws only from the first
 * changed column to the end of the line, then walks the cursor back.
 */
#include <arbor/readline.h>
#include <arbor/string.h>
#include <arbor/types.h>

#define RL_MAX_CHARS	(RL_MAX_LINE - 1)
#define RL_LIST_WIDTH	80	/* completion lists wrap here */

enum {
	RL_ESC_NONE,
	RL_ESC_START,	/* got ESC */
	RL_ESC_CSI,	/* got ESC [ */
	RL_ESC_SS3,	/* got ESC O */
};

#define CTRL(c)		((c) & 0x1f)
#define KEY_ESC		0x1b
#define KEY_DEL		0x7f

static void rl_write(struct readline *rl, const char *s, size_t n)
{
	if (rl->out && n)
		rl->out(rl->ctx, s, n);
}

static void rl_puts(struct readline *rl, const char *s)
{
	rl_write(rl, s, strlen(s));
}

static void rl_bell(struct readline *rl)
{
	rl_puts(rl, "\a");
}

/* Emit ESC [ <n> <final> without needing a printf. */
static void rl_csi(struct readline *rl, size_t n, char final)
{
	char buf[24], digits[20];
	size_t len = 0, nd = 0;

	do {
		digits[nd++] = '0' + n % 10;
		n /= 10;
	} while (n);
	buf[len++] = KEY_ESC;
	buf[len++] = '[';
	while (nd)
		buf[len++] = digits[--nd];
	buf[len++] = final;
	rl_write(rl, buf, len);
}

/*
 * Move the terminal cursor from line index @from to @to. Rightward moves
 * rewrite the characters in between, which also works across a wrapped
 * terminal row where ESC[C would stop at the margin.
 */
static void rl_move(struct readline *rl, size_t from, size_t to)
{
	if (to < from)
		rl_csi(rl, from - to, 'D');
	else if (to > from)
		rl_write(rl, rl->line + from, to - from);
}

/*
 * The terminal cursor sits at line index @pos: draw the rest of the line,
 * erase leftovers when the line may have shrunk, return to rl->cursor.
 */
static void rl_draw_tail(struct readline *rl, size_t pos, bool clear)
{
	rl_write(rl, rl->line + pos, rl->len - pos);
	if (clear)
		rl_puts(rl, "\x1b[K");
	if (rl->len > rl->cursor)
		rl_csi(rl, rl->len - rl->cursor, 'D');
}

/* Redraw prompt and line from the start of the terminal row. */
static void rl_refresh(struct readline *rl)
{
	rl_puts(rl, "\r");
	rl_puts(rl, rl->prompt);
	rl_draw_tail(rl, 0, true);
}

static void rl_insert(struct readline *rl, const char *s, size_t n)
{
	size_t at = rl->cursor;

	memmove(rl->line + at + n, rl->line + at, rl->len - at + 1);
	memcpy(rl->line + at, s, n);
	rl->len += n;
	rl->cursor += n;
	rl_draw_tail(rl, at, false);
}

/* A typed character: stored if it fits, otherwise the line is poisoned. */
static void rl_type(struct readline *rl, char c)
{
	if (rl->len >= RL_MAX_CHARS) {
		/* One bell per overflow, not one per lost character. */
		if (!rl->overflow)
			rl_bell(rl);
		rl->overflow = true;
		return;
	}
	rl_insert(rl, &c, 1);
}

/* Delete [from, to); every caller has from <= rl->cursor <= to. */
static void rl_delete(struct readline *rl, size_t from, size_t to)
{
	if (from >= to)
		return;
	rl_move(rl, rl->cursor, from);
	memmove(rl->line + from, rl->line + to, rl->len - to + 1);
	rl->len -= to - from;
	rl->cursor = from;
	rl_draw_tail(rl, from, true);
	/* Emptying the line is a fresh start, even after dropped input. */
	if (!rl->len)
		rl->overflow = false;
}

static void rl_goto(struct readline *rl, size_t pos)
{
	rl_move(rl, rl->cursor, pos);
	rl->cursor = pos;
}

static void rl_clear_line(struct readline *rl)
{
	rl->line[0] = '\0';
	rl->len = 0;
	rl->cursor = 0;
	rl->overflow = false;
	rl->hist_pos = 0;
}

static const char *rl_hist_entry(const struct readline *rl, unsigned int n)
{
	return rl->history[(rl->hist_next + RL_HISTORY - n) % RL_HISTORY];
}

/**
 * readline_history - look at a remembered line
 * @rl: the editor
 * @n: 1 for the newest line, 2 for the one before, ...
 *
 * Return: the line, or NULL when @n is 0 or beyond what is remembered.
 */
const char *readline_history(const struct readline *rl, unsigned int n)
{
	if (n == 0 || n > rl->hist_count)
		return NULL;
	return rl_hist_entry(rl, n);
}

/**
 * readline_add_history - remember a line for Up/Down browsing
 * @rl: the editor
 * @line: the line; copied (at most RL_MAX_LINE - 1 characters)
 *
 * Blank lines and a repeat of the newest entry are not remembered; when
 * the ring is full the oldest entry goes.
 */
void readline_add_history(struct readline *rl, const char *line)
{
	const char *p = line;
	size_t n;

	while (*p == ' ')
		p++;
	if (!*p)
		return;
	if (rl->hist_count && !strcmp(rl_hist_entry(rl, 1), line))
		return;
	n = strnlen(line, RL_MAX_CHARS);
	memcpy(rl->history[rl->hist_next], line, n);
	rl->history[rl->hist_next][n] = '\0';
	rl->hist_next = (rl->hist_next + 1) % RL_HISTORY;
	if (rl->hist_count < RL_HISTORY)
		rl->hist_count++;
}

static void rl_load(struct readline *rl, const char *s, bool overflow)
{
	size_t n = strlen(s);

	memmove(rl->line, s, n + 1);
	rl->len = n;
	rl->cursor = n;
	rl->overflow = overflow;
	rl_refresh(rl);
}

static void rl_history_up(struct readline *rl)
{
	if (rl->hist_pos >= rl->hist_count) {
		rl_bell(rl);
		return;
	}
	/* Keep what was being typed so Down can bring it back. */
	if (rl->hist_pos == 0) {
		memcpy(rl->saved, rl->line, rl->len + 1);
		rl->saved_overflow = rl->overflow;
	}
	rl->hist_pos++;
	rl_load(rl, rl_hist_entry(rl, rl->hist_pos), false);
}

static void rl_history_down(struct readline *rl)
{
	if (rl->hist_pos == 0) {
		rl_bell(rl);
		return;
	}
	rl->hist_pos--;
	if (rl->hist_pos)
		rl_load(rl, rl_hist_entry(rl, rl->hist_pos), false);
	else
		rl_load(rl, rl->saved, rl->saved_overflow);
}

static void rl_kill_word(struct readline *rl)
{
	size_t p = rl->cursor;

	while (p > 0 && rl->line[p - 1] == ' ')
		p--;
	while (p > 0 && rl->line[p - 1] != ' ')
		p--;
	rl_delete(rl, p, rl->cursor);
}

/* Print the candidates below the line, then redraw prompt and line. */
static void rl_list_matches(struct readline *rl, const char *word, size_t wlen)
{
	size_t col = 0;
	unsigned int i;
	const char *c;

	rl_move(rl, rl->cursor, rl->len);
	rl_puts(rl, "\r\n");
	for (i = 0; (c = rl->complete(rl->ctx, word, wlen, i)); i++) {
		size_t n = strlen(c);

		if (strncmp(c, word, wlen))
			continue;
		if (col && col + 2 + n > RL_LIST_WIDTH) {
			rl_puts(rl, "\r\n");
			col = 0;
		} else if (col) {
			rl_puts(rl, "  ");
			col += 2;
		}
		rl_write(rl, c, n);
		col += n;
	}
	rl_puts(rl, "\r\n");
	rl_refresh(rl);
}

/*
 * Tab: complete the first word when the cursor is at its end. One match
 * completes it plus a space; several extend it to their longest common
 * prefix, and a second Tab in a row lists them.
 */
static void rl_complete(struct readline *rl, bool second_tab)
{
	size_t start = 0, wlen, lcp = 0, i;
	unsigned int idx, matches = 0;
	char word[RL_MAX_LINE], first[RL_MAX_LINE];
	const char *c;

	if (!rl->complete) {
		rl_bell(rl);
		return;
	}
	while (start < rl->cursor && rl->line[start] == ' ')
		start++;
	for (i = start; i < rl->cursor; i++) {
		if (rl->line[i] == ' ') {
			rl_bell(rl);	/* only command names complete */
			return;
		}
	}
	if (rl->cursor < rl->len && rl->line[rl->cursor] != ' ') {
		rl_bell(rl);		/* in the middle of a word */
		return;
	}
	/* A NUL-terminated copy for the source's convenience. */
	wlen = rl->cursor - start;
	memcpy(word, rl->line + start, wlen);
	word[wlen] = '\0';

	for (idx = 0; (c = rl->complete(rl->ctx, word, wlen, idx)); idx++) {
		if (strncmp(c, word, wlen))
			continue;
		if (!matches) {
			/* A copy: the source may reuse its buffer for the next. */
			lcp = strnlen(c, RL_MAX_CHARS);
			memcpy(first, c, lcp);
			first[lcp] = '\0';
		} else {
			for (i = wlen; i < lcp && c[i] == first[i]; i++)
				;
			lcp = i;
		}
		matches++;
	}

	if (!matches) {
		rl_bell(rl);
		return;
	}
	if (lcp > wlen) {
		size_t add = lcp - wlen + (matches == 1 && rl->cursor == rl->len);

		if (rl->len + add > RL_MAX_CHARS) {
			rl_bell(rl);
			return;
		}
		rl_insert(rl, first + wlen, lcp - wlen);
	} else if (matches > 1) {
		if (second_tab)
			rl_list_matches(rl, word, wlen);
		else
			rl_bell(rl);
		return;
	}
	if (matches > 1)
		return;
	/* Unique: end the word, reusing a space that is already there. */
	if (rl->cursor < rl->len)
		rl_goto(rl, rl->cursor + 1);
	else if (rl->len < RL_MAX_CHARS)
		rl_insert(rl, " ", 1);
	else
		rl_bell(rl);
}

static int rl_enter(struct readline *rl)
{
	rl_goto(rl, rl->len);
	rl_puts(rl, "\r\n");
	if (rl->overflow) {
		rl_puts(rl, "error: line too long (max 255 characters)\r\n");
		rl_clear_line(rl);
		return RL_TOOLONG;
	}
	readline_add_history(rl, rl->line);
	rl->hist_pos = 0;
	return RL_DONE;
}

static int rl_cancel(struct readline *rl)
{
	rl_goto(rl, rl->len);
	rl_puts(rl, "^C\r\n");
	rl_clear_line(rl);
	return RL_CANCEL;
}

static void rl_left(struct readline *rl)
{
	if (rl->cursor)
		rl_goto(rl, rl->cursor - 1);
}

static void rl_right(struct readline *rl)
{
	if (rl->cursor < rl->len)
		rl_goto(rl, rl->cursor + 1);
}

static void rl_delete_at_cursor(struct readline *rl)
{
	if (rl->cursor < rl->len)
		rl_delete(rl, rl->cursor, rl->cursor + 1);
}

/* A complete ESC [ <param> <final> sequence. */
static void rl_do_csi(struct readline *rl, int final, unsigned int param)
{
	switch (final) {
	case 'A':
		rl_history_up(rl);
		break;
	case 'B':
		rl_history_down(rl);
		break;
	case 'C':
		rl_right(rl);
		break;
	case 'D':
		rl_left(rl);
		break;
	case 'H':
		rl_goto(rl, 0);
		break;
	case 'F':
		rl_goto(rl, rl->len);
		break;
	case '~':
		if (param == 1 || param == 7)
			rl_goto(rl, 0);
		else if (param == 4 || param == 8)
			rl_goto(rl, rl->len);
		else if (param == 3)
			rl_delete_at_cursor(rl);
		break;
	}
}

/* A complete ESC O <final> sequence (application cursor keys). */
static void rl_do_ss3(struct readline *rl, int final)
{
	switch (final) {
	case 'A': case 'B': case 'C': case 'D': case 'H': case 'F':
		rl_do_csi(rl, final, 0);
		break;
	}
}

/*
 * Advance the escape-sequence decoder by one byte.
 *
 * Return: true when the byte was consumed, false when it should be handled
 * as an ordinary key (a control character aborts a partial sequence).
 */
static bool rl_escape(struct readline *rl, int ch)
{
	switch (rl->esc_state) {
	case RL_ESC_START:
		rl->esc_state = RL_ESC_NONE;
		if (ch == '[') {
			rl->esc_state = RL_ESC_CSI;
			rl->esc_param = 0;
			rl->esc_more_params = false;
			return true;
		}
		if (ch == 'O') {
			rl->esc_state = RL_ESC_SS3;
			return true;
		}
		/* ESC ESC restarts; ESC <printable> is an Alt chord: ignored. */
		return ch >= 0x20 && ch != KEY_ESC;
	case RL_ESC_CSI:
		if (ch >= '0' && ch <= '9') {
			if (!rl->esc_more_params && rl->esc_param < 10000)
				rl->esc_param = rl->esc_param * 10 + (ch - '0');
			return true;
		}
		if (ch >= 0x20 && ch <= 0x3f) {	/* ; ? < = > and intermediates */
			if (ch == ';')
				rl->esc_more_params = true;
			return true;
		}
		rl->esc_state = RL_ESC_NONE;
		if (ch >= 0x40 && ch <= 0x7e) {
			rl_do_csi(rl, ch, rl->esc_param);
			return true;
		}
		return false;
	case RL_ESC_SS3:
		rl->esc_state = RL_ESC_NONE;
		if (ch >= 0x40 && ch <= 0x7e) {
			rl_do_ss3(rl, ch);
			return true;
		}
		return false;
	}
	rl->esc_state = RL_ESC_NONE;
	return false;
}

/**
 * readline_feed - process one input byte
 * @rl: the editor, after readline_start()
 * @ch: the byte (0..255); anything else is ignored
 *
 * Return: RL_CONTINUE while the line is being edited; RL_DONE when Enter
 * was pressed (the line is in rl->line and, unless blank or a repeat, in
 * the history); RL_CANCEL after Ctrl-C; RL_TOOLONG when Enter was pressed
 * on a line that had dropped input (an error was printed, the line is
 * gone). After anything but RL_CONTINUE call readline_start() again.
 */
int readline_feed(struct readline *rl, int ch)
{
	bool was_tab = rl->last_tab, was_cr = rl->last_cr;

	rl->last_tab = false;
	rl->last_cr = false;
	if (ch < 0 || ch > 0xff)
		return RL_CONTINUE;
	if (rl->esc_state != RL_ESC_NONE && rl_escape(rl, ch))
		return RL_CONTINUE;

	switch (ch) {
	case CTRL('A'):
		rl_goto(rl, 0);
		break;
	case CTRL('B'):
		rl_left(rl);
		break;
	case CTRL('C'):
		return rl_cancel(rl);
	case CTRL('D'):
		rl_delete_at_cursor(rl);
		break;
	case CTRL('E'):
		rl_goto(rl, rl->len);
		break;
	case CTRL('F'):
		rl_right(rl);
		break;
	case CTRL('H'):
	case KEY_DEL:
		if (rl->cursor)
			rl_delete(rl, rl->cursor - 1, rl->cursor);
		break;
	case '\t':
		rl_complete(rl, was_tab);
		rl->last_tab = true;
		break;
	case CTRL('K'):
		rl_delete(rl, rl->cursor, rl->len);
		break;
	case CTRL('L'):
		rl_puts(rl, "\x1b[H\x1b[2J");
		rl_refresh(rl);
		break;
	case '\r':
		rl->last_cr = true;
		return rl_enter(rl);
	case '\n':
		if (was_cr)
			break;
		return rl_enter(rl);
	case CTRL('N'):
		rl_history_down(rl);
		break;
	case CTRL('P'):
		rl_history_up(rl);
		break;
	case CTRL('U'):
		rl_delete(rl, 0, rl->cursor);
		break;
	case CTRL('W'):
		rl_kill_word(rl);
		break;
	case KEY_ESC:
		rl->esc_state = RL_ESC_START;
		break;
	default:
		if (ch >= 0x20 && ch < 0x7f)
			rl_type(rl, (char)ch);
		/* Other control characters and 8-bit bytes are ignored. */
		break;
	}
	return RL_CONTINUE;
}

/**
 * readline_start - begin a new line and print the prompt
 * @rl: the editor
 * @prompt: printed now and on every full redraw; must stay valid until
 *          the line is finished
 *
 * History and the CRLF state carry over, so the '\n' of a "\r\n" that
 * finished the previous line is still swallowed.
 */
void readline_start(struct readline *rl, const char *prompt)
{
	rl->prompt = prompt ? prompt : "";
	rl_clear_line(rl);
	rl->esc_state = RL_ESC_NONE;
	rl->last_tab = false;
	rl_puts(rl, rl->prompt);
}

/**
 * readline_init - set up an editor with an empty history
 * @rl: the editor
 * @out: where terminal output goes; NULL discards it
 * @complete: source of Tab completions; NULL disables completion
 * @ctx: passed to @out and @complete
 */
void readline_init(struct readline *rl, rl_out_fn out, rl_complete_fn complete,
		   void *ctx)
{
	memset(rl, 0, sizeof(*rl));
	rl->prompt = "";
	rl->out = out;
	rl->complete = complete;
	rl->ctx = ctx;
}

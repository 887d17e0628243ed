// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for init/readline.c. The output callback feeds a tiny VT100
 * model of one terminal row, so besides the buffer and cursor every test
 * can check that what the user would see matches the line.
 */
#include "test.h"

#include <arbor/readline.h>

#define ROW_MAX		2048
#define CAP_MAX		16384
#define PROMPT		"> "

/* One terminal row: enough of VT100 for what readline may emit. */
struct term {
	char row[ROW_MAX];
	size_t col;
	size_t hi;		/* nothing but blanks at or past this column */
	int state;		/* 0 plain, 1 after ESC, 2 inside ESC [ */
	unsigned int n;
	bool has_n;
	int bells;
	int newlines;
	int bad;		/* bytes a VT100 would not understand */
	char cap[CAP_MAX];	/* raw output since the last cap_take() */
	size_t cap_len;
	bool cap_overflow;
};

static struct term T;
static struct readline RL;

static void term_clear(struct term *t, size_t from)
{
	if (t->hi > from) {
		memset(t->row + from, ' ', t->hi - from);
		t->hi = from;
	}
}

static void term_put(struct term *t, char c)
{
	unsigned int n;

	switch (t->state) {
	case 0:
		if (c == 0x1b)
			t->state = 1;
		else if (c == '\r')
			t->col = 0;
		else if (c == '\n') {
			term_clear(t, 0);
			t->newlines++;
		} else if (c == '\a')
			t->bells++;
		else if (c == '\b') {
			if (t->col)
				t->col--;
		} else if (c >= 0x20 && c < 0x7f) {
			if (t->col < ROW_MAX)
				t->row[t->col++] = c;
			if (t->col > t->hi)
				t->hi = t->col;
		} else {
			t->bad++;
		}
		return;
	case 1:
		t->state = c == '[' ? 2 : 0;
		t->n = 0;
		t->has_n = false;
		if (c != '[')
			t->bad++;
		return;
	}
	if (c >= '0' && c <= '9') {
		t->n = t->n * 10 + (c - '0');
		t->has_n = true;
		return;
	}
	t->state = 0;
	n = t->has_n ? t->n : 1;
	switch (c) {
	case 'D':
		t->col = t->col > n ? t->col - n : 0;
		break;
	case 'C':
		t->col += n;
		break;
	case 'K':
		if (t->has_n)
			t->bad++;
		term_clear(t, t->col);
		break;
	case 'H':
		t->col = 0;
		break;
	case 'J':
		if (t->n != 2)
			t->bad++;
		term_clear(t, 0);
		break;
	default:
		t->bad++;
	}
}

static void cap_out(void *ctx, const char *s, size_t n)
{
	struct term *t = ctx;

	for (size_t i = 0; i < n; i++) {
		term_put(t, s[i]);
		if (t->cap_len < CAP_MAX - 1)
			t->cap[t->cap_len++] = s[i];
		else
			t->cap_overflow = true;
	}
	t->cap[t->cap_len] = '\0';
}

/* The output since the previous call, as a string. */
static const char *cap_take(void)
{
	static char out[CAP_MAX];

	memcpy(out, T.cap, T.cap_len + 1);
	T.cap_len = 0;
	T.cap[0] = '\0';
	return out;
}

static void term_reset(void)
{
	memset(&T, 0, sizeof(T));
	memset(T.row, ' ', sizeof(T.row));
}

/* Does the terminal row show prompt + line with the cursor in place? */
static bool screen_ok(const struct readline *rl, const char *prompt)
{
	size_t plen = strlen(prompt), n = plen + rl->len;

	if (T.bad || T.state || T.col != plen + rl->cursor)
		return false;
	if (memcmp(T.row, prompt, plen) || memcmp(T.row + plen, rl->line, rl->len))
		return false;
	for (size_t i = n; i < T.hi; i++)
		if (T.row[i] != ' ')
			return false;
	return true;
}

/* Feed a string; every byte but the last must leave the line open. */
static int type(const char *s)
{
	int rc = RL_CONTINUE;

	for (; *s; s++) {
		if (rc != RL_CONTINUE)
			return -100;
		rc = readline_feed(&RL, (unsigned char)*s);
	}
	return rc;
}

static void setup(rl_complete_fn complete)
{
	term_reset();
	readline_init(&RL, cap_out, complete, &T);
	readline_start(&RL, PROMPT);
}

#define CHECK_LINE(str, cur)						\
	do {								\
		CHECK_STR(RL.line, (str));				\
		CHECK_EQ(RL.len, strlen(str));				\
		CHECK_EQ(RL.cursor, (cur));				\
		CHECK(screen_ok(&RL, PROMPT));				\
	} while (0)

#define CHECK_OUT(str)	CHECK_STR(cap_take(), (str))

#define KEY_UP		"\x1b[A"
#define KEY_DOWN	"\x1b[B"
#define KEY_RIGHT	"\x1b[C"
#define KEY_LEFT	"\x1b[D"
#define KEY_DELETE	"\x1b[3~"
#define CTRL(c)		((char)((c) & 0x1f))
#define ARRAY_SIZE_TEST(a)	(sizeof(a) / sizeof((a)[0]))

TEST(rl_start_prints_prompt)
{
	setup(NULL);
	CHECK_OUT(PROMPT);
	CHECK_LINE("", 0);
	CHECK_EQ(RL.line[0], '\0');
	readline_start(&RL, NULL);
	CHECK_OUT("");
}

TEST(rl_insert_echo)
{
	setup(NULL);
	cap_take();
	CHECK_EQ(type("abc"), RL_CONTINUE);
	CHECK_OUT("abc");
	CHECK_LINE("abc", 3);
	CHECK_EQ(type(" ~!"), RL_CONTINUE);
	CHECK_LINE("abc ~!", 6);

	/* Insert in the middle: the tail is redrawn and the cursor walks back. */
	setup(NULL);
	type("abc");
	cap_take();
	type(KEY_LEFT);
	CHECK_OUT("\x1b[1D");
	CHECK_LINE("abc", 2);
	type("X");
	CHECK_OUT("Xc\x1b[1D");
	CHECK_LINE("abXc", 3);
	type(KEY_LEFT KEY_LEFT KEY_LEFT);
	CHECK_LINE("abXc", 0);
	cap_take();
	type("01");
	CHECK_OUT("0abXc\x1b[4D1abXc\x1b[4D");
	CHECK_LINE("01abXc", 2);
}

TEST(rl_left_right)
{
	setup(NULL);
	type("ab");
	cap_take();
	type(KEY_RIGHT);		/* at the end: nothing */
	CHECK_OUT("");
	CHECK_LINE("ab", 2);
	type(KEY_LEFT);
	CHECK_LINE("ab", 1);
	type((char[]){ CTRL('B'), 0 });
	CHECK_LINE("ab", 0);
	cap_take();
	type(KEY_LEFT);			/* at the start: nothing */
	type((char[]){ CTRL('B'), 0 });
	CHECK_OUT("");
	CHECK_LINE("ab", 0);
	/* Moving right rewrites the character stepped over. */
	type(KEY_RIGHT);
	CHECK_OUT("a");
	CHECK_LINE("ab", 1);
	type((char[]){ CTRL('F'), 0 });
	CHECK_OUT("b");
	CHECK_LINE("ab", 2);
	/* Application-mode arrows and modifier forms. */
	type("\x1bOD");
	CHECK_LINE("ab", 1);
	type("\x1bOC");
	CHECK_LINE("ab", 2);
	type("\x1b[1;5D");
	CHECK_LINE("ab", 1);
	type("\x1b[1;5C");
	CHECK_LINE("ab", 2);
}

TEST(rl_backspace)
{
	setup(NULL);
	type("abcd");
	cap_take();
	type("\x7f");
	CHECK_OUT("\x1b[1D\x1b[K");
	CHECK_LINE("abc", 3);
	type("\b");
	CHECK_OUT("\x1b[1D\x1b[K");
	CHECK_LINE("ab", 2);
	type(KEY_LEFT);
	cap_take();
	type("\x7f");			/* in the middle */
	CHECK_OUT("\x1b[1Db\x1b[K\x1b[1D");
	CHECK_LINE("b", 0);
	type("\x7f\b");			/* at the start: nothing */
	CHECK_OUT("");
	CHECK_LINE("b", 0);
	type((char[]){ CTRL('E'), 0x7f, 0 });
	CHECK_LINE("", 0);
	type("\x7f");
	CHECK_LINE("", 0);
}

TEST(rl_delete)
{
	setup(NULL);
	type("abcd");
	type(KEY_DELETE);		/* at the end: nothing */
	CHECK_LINE("abcd", 4);
	type(KEY_LEFT KEY_LEFT);
	cap_take();
	type(KEY_DELETE);
	CHECK_OUT("d\x1b[K\x1b[1D");
	CHECK_LINE("abd", 2);
	type((char[]){ CTRL('D'), 0 });
	CHECK_OUT("\x1b[K");
	CHECK_LINE("ab", 2);
	type((char[]){ CTRL('A'), CTRL('D'), 0 });
	CHECK_LINE("b", 0);
	type("\x1b[3;5~");		/* Ctrl-Delete: still a delete */
	CHECK_LINE("", 0);
	type(KEY_DELETE);
	CHECK_LINE("", 0);
}

TEST(rl_home_end)
{
	static const char *const home[] = {
		"\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01",
	};
	static const char *const end[] = {
		"\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05",
	};

	for (size_t i = 0; i < ARRAY_SIZE_TEST(home); i++) {
		setup(NULL);
		type("hello");
		cap_take();
		type(home[i]);
		CHECK_OUT("\x1b[5D");
		CHECK_LINE("hello", 0);
		type(home[i]);
		CHECK_OUT("");
		type(end[i]);
		CHECK_OUT("hello");
		CHECK_LINE("hello", 5);
		type(end[i]);
		CHECK_OUT("");
		CHECK_LINE("hello", 5);
	}
}

TEST(rl_kill)
{
	/* Ctrl-U: from the start up to the cursor. */
	setup(NULL);
	type("hello world");
	type((char[]){ CTRL('A'), 0 });
	for (int i = 0; i < 6; i++)
		type(KEY_RIGHT);
	cap_take();
	type((char[]){ CTRL('U'), 0 });
	CHECK_OUT("\x1b[6Dworld\x1b[K\x1b[5D");
	CHECK_LINE("world", 0);
	type((char[]){ CTRL('U'), 0 });
	CHECK_LINE("world", 0);

	/* Ctrl-K: from the cursor to the end. */
	setup(NULL);
	type("hello world");
	for (int i = 0; i < 6; i++)
		type(KEY_LEFT);
	cap_take();
	type((char[]){ CTRL('K'), 0 });
	CHECK_OUT("\x1b[K");
	CHECK_LINE("hello", 5);
	type((char[]){ CTRL('K'), 0 });
	CHECK_OUT("");
	CHECK_LINE("hello", 5);
	type((char[]){ CTRL('U'), 0 });
	CHECK_LINE("", 0);
}

TEST(rl_kill_word)
{
	char w[2] = { CTRL('W'), 0 };

	setup(NULL);
	type("foo bar  baz");
	type(w);
	CHECK_LINE("foo bar  ", 9);
	type(w);			/* spaces, then the word */
	CHECK_LINE("foo ", 4);
	type(w);
	CHECK_LINE("", 0);
	type(w);
	CHECK_LINE("", 0);

	/* In the middle of a word: only the part before the cursor goes. */
	setup(NULL);
	type("foo barbaz");
	type(KEY_LEFT KEY_LEFT KEY_LEFT);
	cap_take();
	type(w);
	CHECK_OUT("\x1b[3Dbaz\x1b[K\x1b[3D");
	CHECK_LINE("foo baz", 4);
	type(w);
	CHECK_LINE("baz", 0);
	type("  ");
	type(w);
	CHECK_LINE("baz", 0);
}

TEST(rl_ctrl_l_redraws)
{
	setup(NULL);
	type("abc");
	type(KEY_LEFT);
	cap_take();
	type((char[]){ CTRL('L'), 0 });
	CHECK_OUT("\x1b[H\x1b[2J\r" PROMPT "abc\x1b[K\x1b[1D");
	CHECK_LINE("abc", 2);
}

TEST(rl_enter)
{
	setup(NULL);
	type("echo hi");
	cap_take();
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_OUT("\r\n");
	CHECK_STR(RL.line, "echo hi");
	CHECK_EQ(RL.len, 7);
	CHECK_STR(readline_history(&RL, 1), "echo hi");

	/* The '\n' of CRLF belongs to the line just finished. */
	readline_start(&RL, PROMPT);
	cap_take();
	CHECK_EQ(type("\n"), RL_CONTINUE);
	CHECK_OUT("");
	CHECK_EQ(type("\n"), RL_DONE);	/* a second one is a real Enter */
	CHECK_STR(RL.line, "");

	/* Lone '\n' terminals. */
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("x\n"), RL_DONE);
	CHECK_STR(RL.line, "x");
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("y\n"), RL_DONE);
	CHECK_STR(RL.line, "y");

	/* CR CR is two lines. */
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("\r"), RL_DONE);
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("\r"), RL_DONE);

	/* CR, then something else, then LF: the LF is an Enter again. */
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("a\r"), RL_DONE);
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("b\n"), RL_DONE);
	CHECK_STR(RL.line, "b");

	/* Enter in the middle of the line takes all of it. */
	readline_start(&RL, PROMPT);
	type("abc" KEY_LEFT KEY_LEFT);
	cap_take();
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_OUT("bc\r\n");
	CHECK_STR(RL.line, "abc");
}

TEST(rl_ctrl_c)
{
	setup(NULL);
	type("abc" KEY_LEFT KEY_LEFT);
	cap_take();
	CHECK_EQ(type((char[]){ CTRL('C'), 0 }), RL_CANCEL);
	CHECK_OUT("bc^C\r\n");
	CHECK_STR(RL.line, "");
	CHECK_EQ(RL.len, 0);
	CHECK_EQ(RL.cursor, 0);
	CHECK(readline_history(&RL, 1) == NULL);
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("\x03"), RL_CANCEL);
}

TEST(rl_ignores_unknown_input)
{
	static const char *const junk[] = {
		"\x07", "\x0f", "\x11", "\x12", "\x13", "\x14", "\x16", "\x18",
		"\x19", "\x1a", "\x1c", "\x1d", "\x1e", "\x1f",
		"\x80", "\xc3\xa9", "\xff",
		"\x1b[Z", "\x1b[5~", "\x1b[6~", "\x1b[2~", "\x1b[99~",
		"\x1b[200~", "\x1b[?25h", "\x1b[1;2P", "\x1b[12;34R",
		"\x1b[99999999999999999999~", "\x1b[ q", "\x1bOP", "\x1bOQ",
		"\x1bx", "\x1b.", "\x1b\x7f", "\x1bO~", "\x1b[~",
	};

	setup(NULL);
	type("ab" KEY_LEFT);
	cap_take();
	for (size_t i = 0; i < ARRAY_SIZE_TEST(junk); i++) {
		CHECK_EQ(type(junk[i]), RL_CONTINUE);
		CHECK_LINE("ab", 1);
		CHECK_EQ(RL.esc_state, 0);
	}
	CHECK_EQ(readline_feed(&RL, 0), RL_CONTINUE);
	CHECK_EQ(readline_feed(&RL, -1), RL_CONTINUE);
	CHECK_EQ(readline_feed(&RL, 0x100), RL_CONTINUE);
	CHECK_EQ(readline_feed(&RL, 0x1000d), RL_CONTINUE);
	CHECK_OUT("");
	CHECK_LINE("ab", 1);

	/* A control character aborts a partial sequence and still works. */
	type("\x1b[\x01");
	CHECK_LINE("ab", 0);
	type("\x1b\x05");
	CHECK_LINE("ab", 2);
	type("\x1bO\x7f");
	CHECK_LINE("a", 1);
	/* ESC ESC restarts the sequence. */
	type("\x1b\x1b[D");
	CHECK_LINE("a", 0);
	/* A sequence split over many calls is fine. */
	type("\x1b");
	type("[");
	type("3");
	type("~");
	CHECK_LINE("", 0);
	/* Enter inside a partial sequence still ends the line. */
	type("q\x1b[");
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_STR(RL.line, "q");
}

TEST(rl_history_browse)
{
	setup(NULL);
	CHECK(readline_history(&RL, 0) == NULL);
	cap_take();
	type(KEY_UP);			/* empty history */
	CHECK_OUT("\a");
	type(KEY_DOWN);
	CHECK_OUT("\a");

	CHECK_EQ(type("one\r"), RL_DONE);
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("two\r"), RL_DONE);
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("two\r"), RL_DONE);	/* a repeat: not stored */
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("\r"), RL_DONE);		/* empty: not stored */
	readline_start(&RL, PROMPT);
	CHECK_EQ(type("   \r"), RL_DONE);	/* blank: not stored */
	CHECK_STR(RL.line, "   ");
	CHECK_EQ(RL.hist_count, 2);
	CHECK_STR(readline_history(&RL, 1), "two");
	CHECK_STR(readline_history(&RL, 2), "one");
	CHECK(readline_history(&RL, 3) == NULL);

	readline_start(&RL, PROMPT);
	type("partial" KEY_LEFT);
	cap_take();
	type(KEY_UP);
	CHECK_OUT("\r" PROMPT "two\x1b[K");
	CHECK_LINE("two", 3);
	type((char[]){ CTRL('P'), 0 });
	CHECK_LINE("one", 3);
	cap_take();
	type(KEY_UP);			/* oldest: bell, no change */
	CHECK_OUT("\a");
	CHECK_LINE("one", 3);
	type((char[]){ CTRL('N'), 0 });
	CHECK_LINE("two", 3);
	type(KEY_DOWN);			/* back to what was being typed */
	CHECK_LINE("partial", 7);
	cap_take();
	type(KEY_DOWN);
	CHECK_OUT("\a");
	CHECK_LINE("partial", 7);

	/* Editing a recalled line does not change the history. */
	type("\x1bOA");
	CHECK_LINE("two", 3);
	type("!");
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_STR(RL.line, "two!");
	CHECK_STR(readline_history(&RL, 1), "two!");
	CHECK_STR(readline_history(&RL, 2), "two");
	CHECK_STR(readline_history(&RL, 3), "one");

	/* Enter resets browsing: Up starts from the newest again. */
	readline_start(&RL, PROMPT);
	type(KEY_UP KEY_UP);
	CHECK_LINE("two", 3);
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_EQ(RL.hist_count, 4);	/* "two" is not a repeat of "two!" */
	readline_start(&RL, PROMPT);
	type(KEY_UP);
	CHECK_LINE("two", 3);
	type(KEY_DOWN);
	CHECK_LINE("", 0);

	/* Ctrl-C also resets browsing. */
	type(KEY_UP KEY_UP);
	CHECK_EQ(type("\x03"), RL_CANCEL);
	readline_start(&RL, PROMPT);
	type(KEY_UP);
	CHECK_LINE("two", 3);
}

TEST(rl_history_ring_wraps)
{
	char buf[32];

	setup(NULL);
	for (int i = 0; i < 40; i++) {
		readline_start(&RL, PROMPT);
		snprintf(buf, sizeof(buf), "cmd %d\r", i);
		CHECK_EQ(type(buf), RL_DONE);
	}
	CHECK_EQ(RL.hist_count, RL_HISTORY);
	CHECK_STR(readline_history(&RL, 1), "cmd 39");
	CHECK_STR(readline_history(&RL, RL_HISTORY), "cmd 8");
	CHECK(readline_history(&RL, RL_HISTORY + 1) == NULL);

	readline_start(&RL, PROMPT);
	for (int i = 0; i < RL_HISTORY; i++)
		type(KEY_UP);
	CHECK_LINE("cmd 8", 5);
	cap_take();
	type(KEY_UP);
	CHECK_OUT("\a");
	for (int i = 0; i < RL_HISTORY - 1; i++)
		type(KEY_DOWN);
	CHECK_LINE("cmd 39", 6);
	type(KEY_DOWN);
	CHECK_LINE("", 0);

	/* A line of exactly the maximum length is remembered whole. */
	char longline[RL_MAX_LINE];

	memset(longline, 'z', RL_MAX_LINE - 1);
	longline[RL_MAX_LINE - 1] = '\0';
	readline_start(&RL, PROMPT);
	type(longline);
	CHECK_EQ(RL.overflow, false);
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_STR(readline_history(&RL, 1), longline);
	readline_add_history(&RL, "direct");
	CHECK_STR(readline_history(&RL, 1), "direct");
}

static const char *const names[] = { "echo", "exit", "help", "hexdump", "reboot" };
static int complete_calls;

/* Returns every name whatever the word: readline must filter. */
static const char *complete_all(void *ctx, const char *word, size_t len,
				unsigned int idx)
{
	(void)ctx;
	(void)word;
	(void)len;
	complete_calls++;
	return idx < ARRAY_SIZE_TEST(names) ? names[idx] : NULL;
}

/* Returns only matches, the way shell_complete() does. */
static const char *complete_matching(void *ctx, const char *word, size_t len,
				     unsigned int idx)
{
	(void)ctx;
	for (size_t i = 0; i < ARRAY_SIZE_TEST(names); i++)
		if (!strncmp(names[i], word, len) && !idx--)
			return names[i];
	return NULL;
}

TEST(rl_complete_unique)
{
	rl_complete_fn fns[] = { complete_all, complete_matching };

	for (int f = 0; f < 2; f++) {
		setup(fns[f]);
		type("r");
		cap_take();
		type("\t");
		CHECK_OUT("eboot ");
		CHECK_LINE("reboot ", 7);

		setup(fns[f]);
		type("hex\t");
		CHECK_LINE("hexdump ", 8);

		/* Already complete: just the space. */
		setup(fns[f]);
		type("help\t");
		CHECK_LINE("help ", 5);

		/* Leading spaces are not part of the word. */
		setup(fns[f]);
		type("  ec\t");
		CHECK_LINE("  echo ", 7);

		/* Cursor at the end of the first word, arguments after it. */
		setup(fns[f]);
		type("re x" KEY_LEFT KEY_LEFT);
		cap_take();
		type("\t");
		CHECK_OUT("boot x\x1b[2D ");
		CHECK_LINE("reboot x", 7);
	}
}

TEST(rl_complete_ambiguous)
{
	setup(complete_all);
	type("e");
	cap_take();
	type("\t");			/* no common extension: bell */
	CHECK_OUT("\a");
	CHECK_LINE("e", 1);
	type("\t");			/* second Tab: list, then redraw */
	CHECK_OUT("\r\necho  exit\r\n\r" PROMPT "e\x1b[K");
	CHECK_LINE("e", 1);
	CHECK_EQ(T.newlines, 2);
	type("\t");			/* a third still lists */
	CHECK_OUT("\r\necho  exit\r\n\r" PROMPT "e\x1b[K");

	/* Extend to the common prefix first, list on the next Tab. */
	setup(complete_all);
	type("h");
	cap_take();
	type("\t");
	CHECK_OUT("e");
	CHECK_LINE("he", 2);
	type("\t");
	CHECK_OUT("\r\nhelp  hexdump\r\n\r" PROMPT "he\x1b[K");
	CHECK_LINE("he", 2);
	type("x\t");
	CHECK_LINE("hexdump ", 8);

	/* Another key between the Tabs: the second one only rings again. */
	setup(complete_all);
	type("e\t");
	type("\x1b[C");
	cap_take();
	type("\t");
	CHECK_OUT("\a");

	/* Empty word: everything is a candidate. */
	setup(complete_matching);
	type("\t");
	cap_take();
	type("\t");
	CHECK_OUT("\r\necho  exit  help  hexdump  reboot\r\n\r" PROMPT "\x1b[K");
	CHECK_LINE("", 0);

	/* Listing keeps a cursor that is not at the end of the line. */
	setup(complete_all);
	type("e foo" KEY_LEFT KEY_LEFT KEY_LEFT KEY_LEFT);
	type("\t\t");
	CHECK_LINE("e foo", 1);
}

static const char *complete_many(void *ctx, const char *word, size_t len,
				 unsigned int idx)
{
	static char name[16];

	(void)ctx;
	(void)word;
	(void)len;
	if (idx >= 14)
		return NULL;
	snprintf(name, sizeof(name), "cmd_name_%02u", idx);
	return name;
}

TEST(rl_complete_list_wraps)
{
	char want[512];
	size_t w = 0;

	setup(complete_many);
	type("cmd\t");
	CHECK_LINE("cmd_name_", 9);	/* the common prefix */
	cap_take();
	type("\t");
	/* 11-character names, two spaces apart: six fit in 80 columns. */
	w += snprintf(want + w, sizeof(want) - w, "\r\n");
	for (unsigned int i = 0; i < 14; i++)
		w += snprintf(want + w, sizeof(want) - w, "%scmd_name_%02u",
			      i == 0 ? "" : i % 6 ? "  " : "\r\n", i);
	snprintf(want + w, sizeof(want) - w, "\r\n\r" PROMPT "cmd_name_\x1b[K");
	CHECK_OUT(want);
	CHECK_LINE("cmd_name_", 9);
}

TEST(rl_complete_none)
{
	setup(complete_all);
	type("x");
	cap_take();
	type("\t");
	CHECK_OUT("\a");
	CHECK_LINE("x", 1);
	type("\t");
	CHECK_OUT("\a");

	/* Only the first word completes. */
	setup(complete_all);
	type("echo e");
	complete_calls = 0;
	cap_take();
	type("\t\t");
	CHECK_OUT("\a\a");
	CHECK_LINE("echo e", 6);
	CHECK_EQ(complete_calls, 0);

	/* Not from the middle of a word. */
	setup(complete_all);
	type("ech" KEY_LEFT);
	cap_take();
	type("\t");
	CHECK_OUT("\a");
	CHECK_LINE("ech", 2);

	/* No completion source. */
	setup(NULL);
	type("e");
	cap_take();
	type("\t");
	CHECK_OUT("\a");
	CHECK_LINE("e", 1);
}

TEST(rl_complete_never_overflows)
{
	char fill[RL_MAX_LINE];

	setup(complete_all);
	memset(fill, 'x', RL_MAX_LINE - 4);
	fill[RL_MAX_LINE - 4] = '\0';
	type("r");
	type(fill);			/* "r" + 252 x = 253 characters */
	type((char[]){ CTRL('A'), 0 });
	type(KEY_RIGHT);
	type(" ");			/* "r |xxx": 254 */
	type(KEY_LEFT);
	cap_take();
	type("\t");			/* "eboot" would need 4 more than fit */
	CHECK_OUT("\a");
	CHECK_EQ(RL.len, 254);
	CHECK_EQ(RL.overflow, false);
	CHECK(screen_ok(&RL, PROMPT));
}

TEST(rl_overflow_refused)
{
	char fill[RL_MAX_LINE];

	setup(NULL);
	memset(fill, 'a', RL_MAX_LINE - 1);
	fill[RL_MAX_LINE - 1] = '\0';
	type(fill);
	CHECK_EQ(RL.len, RL_MAX_LINE - 1);
	CHECK_EQ(RL.overflow, false);
	CHECK_EQ(T.bells, 0);
	cap_take();
	type("b");			/* one too many: bell, not stored */
	CHECK_OUT("\a");
	CHECK_EQ(RL.len, RL_MAX_LINE - 1);
	CHECK_EQ(RL.overflow, true);
	type("cdefghij");		/* the bell rings once */
	CHECK_OUT("");
	CHECK_LINE(fill, RL_MAX_LINE - 1);
	type((char[]){ CTRL('A'), 0 });
	cap_take();
	type("z");			/* full in the middle too */
	CHECK_OUT("");
	CHECK_LINE(fill, 0);
	type((char[]){ CTRL('E'), 0 });
	type("\x7f");			/* deleting some does not make it whole */
	CHECK_EQ(RL.overflow, true);
	cap_take();
	CHECK_EQ(type("\r"), RL_TOOLONG);
	CHECK_OUT("\r\nerror: line too long (max 255 characters)\r\n");
	CHECK_STR(RL.line, "");
	CHECK_EQ(RL.len, 0);
	CHECK_EQ(RL.overflow, false);
	CHECK(readline_history(&RL, 1) == NULL);

	readline_start(&RL, PROMPT);
	CHECK_EQ(type("ok\r"), RL_DONE);
	CHECK_STR(RL.line, "ok");

	/* Lone '\n' also refuses. */
	readline_start(&RL, PROMPT);
	type(fill);
	type("!");
	CHECK_EQ(type("\n"), RL_TOOLONG);
}

TEST(rl_overflow_recovery)
{
	char fill[RL_MAX_LINE];

	memset(fill, 'a', RL_MAX_LINE - 1);
	fill[RL_MAX_LINE - 1] = '\0';

	/* Emptying the line starts afresh. */
	setup(NULL);
	type(fill);
	type("bb");
	type((char[]){ CTRL('U'), 0 });
	CHECK_LINE("", 0);
	CHECK_EQ(RL.overflow, false);
	cap_take();
	type("x");
	CHECK_OUT("x");
	CHECK_EQ(type("\r"), RL_DONE);

	/* Ctrl-C discards. */
	readline_start(&RL, PROMPT);
	type(fill);
	type("b");
	CHECK_EQ(type("\x03"), RL_CANCEL);
	readline_start(&RL, PROMPT);
	CHECK_EQ(RL.overflow, false);

	/* Browsing history and coming back keeps the line poisoned. */
	type(fill);
	type("b");
	type(KEY_UP);
	CHECK_LINE("x", 1);
	CHECK_EQ(RL.overflow, false);
	type(KEY_DOWN);
	CHECK_EQ(RL.overflow, true);
	CHECK_LINE(fill, RL_MAX_LINE - 1);
	CHECK_EQ(type("\r"), RL_TOOLONG);

	/* Taking a history line instead is fine. */
	readline_start(&RL, PROMPT);
	type(fill);
	type("b");
	type(KEY_UP);
	CHECK_EQ(type("\r"), RL_DONE);
	CHECK_STR(RL.line, "x");
}

/*
 * A reference model of the editing keys, written as plainly as possible,
 * to check readline against on random input.
 */
struct model {
	char buf[RL_MAX_LINE];
	size_t len, cur;
	bool overflow;
	char hist[RL_HISTORY][RL_MAX_LINE];	/* [0] is the newest */
	int hcount, hpos;
	char saved[RL_MAX_LINE];
	bool saved_overflow;
	bool last_cr;
};

enum mkey {
	MK_CHAR, MK_BACKSPACE, MK_DELETE, MK_LEFT, MK_RIGHT, MK_HOME, MK_END,
	MK_KILL_START, MK_KILL_END, MK_KILL_WORD, MK_REDRAW, MK_UP, MK_DOWN,
	MK_TAB, MK_JUNK, MK_ENTER, MK_LF, MK_CRLF, MK_CANCEL,
};

static void model_clear(struct model *m)
{
	m->buf[0] = '\0';
	m->len = m->cur = 0;
	m->overflow = false;
	m->hpos = 0;
}

static void model_erase(struct model *m, size_t from, size_t to)
{
	for (size_t i = to; i <= m->len; i++)
		m->buf[from + i - to] = m->buf[i];
	m->len -= to - from;
	m->cur = from;
	if (m->len == 0)
		m->overflow = false;
}

static void model_load(struct model *m, const char *s, bool overflow)
{
	strcpy(m->buf, s);
	m->len = m->cur = strlen(s);
	m->overflow = overflow;
}

static void model_add_history(struct model *m)
{
	size_t i;

	for (i = 0; m->buf[i] == ' '; i++)
		;
	if (!m->buf[i] || (m->hcount && !strcmp(m->hist[0], m->buf)))
		return;
	memmove(m->hist[1], m->hist[0], sizeof(m->hist[0]) * (RL_HISTORY - 1));
	strcpy(m->hist[0], m->buf);
	if (m->hcount < RL_HISTORY)
		m->hcount++;
}

/* Apply a key; return the expected readline result and count bells. */
static int model_key(struct model *m, enum mkey k, char c, int *bells)
{
	bool was_cr = m->last_cr;

	m->last_cr = false;
	switch (k) {
	case MK_CHAR:
		if (m->len == RL_MAX_LINE - 1) {
			if (!m->overflow)
				(*bells)++;
			m->overflow = true;
			break;
		}
		memmove(m->buf + m->cur + 1, m->buf + m->cur, m->len - m->cur + 1);
		m->buf[m->cur++] = c;
		m->len++;
		break;
	case MK_BACKSPACE:
		if (m->cur)
			model_erase(m, m->cur - 1, m->cur);
		break;
	case MK_DELETE:
		if (m->cur < m->len)
			model_erase(m, m->cur, m->cur + 1);
		break;
	case MK_LEFT:
		if (m->cur)
			m->cur--;
		break;
	case MK_RIGHT:
		if (m->cur < m->len)
			m->cur++;
		break;
	case MK_HOME:
		m->cur = 0;
		break;
	case MK_END:
		m->cur = m->len;
		break;
	case MK_KILL_START:
		if (m->cur)
			model_erase(m, 0, m->cur);
		break;
	case MK_KILL_END:
		if (m->cur < m->len)
			model_erase(m, m->cur, m->len);
		break;
	case MK_KILL_WORD: {
		size_t p = m->cur;

		while (p && m->buf[p - 1] == ' ')
			p--;
		while (p && m->buf[p - 1] != ' ')
			p--;
		if (p < m->cur)
			model_erase(m, p, m->cur);
		break;
	}
	case MK_UP:
		if (m->hpos >= m->hcount) {
			(*bells)++;
			break;
		}
		if (m->hpos == 0) {
			strcpy(m->saved, m->buf);
			m->saved_overflow = m->overflow;
		}
		m->hpos++;
		model_load(m, m->hist[m->hpos - 1], false);
		break;
	case MK_DOWN:
		if (m->hpos == 0) {
			(*bells)++;
			break;
		}
		m->hpos--;
		if (m->hpos)
			model_load(m, m->hist[m->hpos - 1], false);
		else
			model_load(m, m->saved, m->saved_overflow);
		break;
	case MK_TAB:
		(*bells)++;		/* no completion source */
		break;
	case MK_REDRAW:
	case MK_JUNK:
		break;
	case MK_LF:
		if (was_cr)
			break;
		/* fall through */
	case MK_ENTER:
	case MK_CRLF:
		m->last_cr = k == MK_ENTER;
		if (m->overflow)
			return RL_TOOLONG;
		model_add_history(m);
		return RL_DONE;
	case MK_CANCEL:
		return RL_CANCEL;
	}
	return RL_CONTINUE;
}

/* Per-mille weights of the editing keys, for short and for long lines. */
static const unsigned int key_weights[2][MK_JUNK + 1] = {
	/*  CHAR  BS DEL LEFT RIGHT HOME END KSTART KEND KWORD REDRAW UP DOWN TAB JUNK */
	{ 450, 80, 50, 80, 80, 30, 30, 15, 15, 20, 10, 50, 40, 10, 40 },
	{ 600, 60, 40, 80, 80, 20, 20, 1, 2, 5, 5, 2, 2, 5, 40 },
};

/* Pick a random key and spell it as one of its byte sequences. */
static enum mkey random_key(uint64_t *seed, bool long_line, char *bytes,
			    size_t *nbytes)
{
	static const char *const spell[MK_JUNK + 1][16] = {
		[MK_BACKSPACE] = { "\x7f", "\b" },
		[MK_DELETE] = { "\x1b[3~", "\x04", "\x1b[3;5~" },
		[MK_LEFT] = { "\x1b[D", "\x02", "\x1bOD", "\x1b[1;3D" },
		[MK_RIGHT] = { "\x1b[C", "\x06", "\x1bOC", "\x1b[1;5C" },
		[MK_HOME] = { "\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01" },
		[MK_END] = { "\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05" },
		[MK_KILL_START] = { "\x15" },
		[MK_KILL_END] = { "\x0b" },
		[MK_KILL_WORD] = { "\x17" },
		[MK_REDRAW] = { "\x0c" },
		[MK_UP] = { "\x1b[A", "\x10", "\x1bOA" },
		[MK_DOWN] = { "\x1b[B", "\x0e", "\x1bOB" },
		[MK_TAB] = { "\t" },
		[MK_JUNK] = {
			"", /* a NUL byte */ "\x07", "\x0f", "\x11", "\x13",
			"\x1c", "\x1f", "\x80", "\xfe", "\x1b[Z", "\x1b[5~",
			"\x1b[2;2~", "\x1bOP", "\x1bx", "\x1b[?1049h",
			"\x1b\x1b[Q",
		},
	};
	uint64_t r = test_rand(seed), r2 = test_rand(seed);
	unsigned int pick = r % 1000, sub = (r >> 20) % 64, n;
	int k;

	if (r2 % (long_line ? 1500 : 40) == 0) {
		static const enum mkey enter[] = { MK_ENTER, MK_LF, MK_CRLF };

		k = enter[sub % 3];
		strcpy(bytes, k == MK_LF ? "\n" : "\r");
		*nbytes = 1;
		return k;
	}
	if (r2 % (long_line ? 50000 : 500) == 1) {
		strcpy(bytes, "\x03");
		*nbytes = 1;
		return MK_CANCEL;
	}
	for (k = 0; k < MK_JUNK; k++) {
		if (pick < key_weights[long_line][k])
			break;
		pick -= key_weights[long_line][k];
	}
	if (k == MK_CHAR) {
		bytes[0] = (char)(0x20 + (r >> 32) % 95);
		bytes[1] = '\0';
		*nbytes = 1;
		return MK_CHAR;
	}
	for (n = 0; n < 16 && spell[k][n]; n++)
		;
	strcpy(bytes, spell[k][sub % n]);
	*nbytes = bytes[0] ? strlen(bytes) : 1;
	return k;
}

TEST(rl_random_against_model)
{
	static struct model m;
	uint64_t seed = 0xa5b0c0ffee123457ULL;
	long keys = 0, lines = 0, toolong = 0, cancels = 0, mismatches = 0;
	bool long_line = false;
	size_t maxlen = 0;

	memset(&m, 0, sizeof(m));
	setup(NULL);
	T.cap_len = 0;
	while (keys < 1000000) {
		char bytes[16];
		size_t n;
		enum mkey k = random_key(&seed, long_line, bytes, &n);
		int want_bells = 0, want, got = RL_CONTINUE, bells_before = T.bells;

		want = model_key(&m, k, bytes[0], &want_bells);
		for (size_t i = 0; i < n; i++) {
			if (got != RL_CONTINUE)
				mismatches++;
			got = readline_feed(&RL, (unsigned char)bytes[i]);
		}
		keys++;
		if (got != want || T.bells - bells_before != want_bells)
			mismatches++;
		if (k == MK_JUNK && T.cap_len)
			mismatches++;
		T.cap_len = 0;

		if (got == RL_DONE) {
			if (strcmp(RL.line, m.buf))
				mismatches++;
			for (int i = 0; i < m.hcount; i++)
				if (strcmp(readline_history(&RL, i + 1), m.hist[i]))
					mismatches++;
			if (readline_history(&RL, m.hcount + 1))
				mismatches++;
		}
		if (got != RL_CONTINUE) {
			lines++;
			toolong += got == RL_TOOLONG;
			cancels += got == RL_CANCEL;
			model_clear(&m);
			readline_start(&RL, PROMPT);
			T.cap_len = 0;
			/* The LF of a CRLF arrives after the shell restarted. */
			if (k == MK_CRLF &&
			    (readline_feed(&RL, '\n') != RL_CONTINUE || T.cap_len))
				mismatches++;
			long_line = test_rand(&seed) % 10 == 0;
		}

		if (RL.len != m.len || RL.cursor != m.cur ||
		    RL.overflow != m.overflow || strcmp(RL.line, m.buf) ||
		    RL.len >= RL_MAX_LINE || RL.line[RL.len] ||
		    !screen_ok(&RL, PROMPT))
			mismatches++;
		if (RL.len > maxlen)
			maxlen = RL.len;
		if (mismatches) {
			printf("# mismatch after key %ld (kind %d): line \"%s\" cur %zu, model \"%s\" cur %zu\n",
			       keys, k, RL.line, RL.cursor, m.buf, m.cur);
			break;
		}
	}
	printf("# %ld keys, %ld lines, %ld too long, %ld cancelled, longest %zu\n",
	       keys, lines, toolong, cancels, maxlen);
	CHECK_EQ(mismatches, 0);
	CHECK(toolong > 0);
	CHECK(maxlen == RL_MAX_LINE - 1);
	CHECK(!T.cap_overflow);
}

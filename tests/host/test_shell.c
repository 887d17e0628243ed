// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for init/shell.c and lib/errname.c. The console is replaced
 * by a capture buffer and a scripted input string; the commands below are
 * registered with SHELL_CMD() exactly as kernel code does.
 */
#include "test.h"

#include <arbor/console.h>
#include <arbor/errno.h>
#include <arbor/parse.h>
#include <arbor/readline.h>
#include <arbor/shell.h>

static char out[1 << 16];
static size_t out_len;
static const char *script;
static size_t script_len;

void console_write(const char *s, size_t n)
{
	if (out_len + n >= sizeof(out)) {
		printf("# console capture overflow\n");
		test_failed_checks++;
		return;
	}
	memcpy(out + out_len, s, n);
	out_len += n;
	out[out_len] = '\0';
}

void console_putc(char c)
{
	console_write(&c, 1);
}

int console_getc(void)
{
	if (!script_len)
		return -1;
	script_len--;
	return (unsigned char)*script++;
}

/* The console output since the previous call. */
static const char *take(void)
{
	static char copy[sizeof(out)];

	memcpy(copy, out, out_len + 1);
	out_len = 0;
	out[0] = '\0';
	return copy;
}

/* shell_exec() on a writable copy of a literal. */
static int run(const char *line)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s", line);
	return shell_exec(buf);
}

static int last_argc;
static char last_argv[SHELL_MAX_ARGS + 1][64];
static bool last_argv_terminated;

static int cmd_targs(int argc, char **argv)
{
	last_argc = argc;
	for (int i = 0; i < argc && i <= SHELL_MAX_ARGS; i++)
		snprintf(last_argv[i], sizeof(last_argv[i]), "%s", argv[i]);
	last_argv_terminated = argv[argc] == NULL;
	return 0;
}

/* "tfail N" returns -N: an errno, 0, or (for negative N) a positive value. */
static int cmd_tfail(int argc, char **argv)
{
	int v;

	if (argc != 2 || kstrtoint(argv[1], 0, &v))
		return -EINVAL;
	return -v;
}

static int cmd_tusage(int argc, char **argv)
{
	(void)argv;
	if (argc != 2) {
		shell_puts("tusage: need exactly one argument\n");
		return -EINVAL;
	}
	return 0;
}

static int cmd_tnousage(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return -EINVAL;
}

/* Registered out of order on purpose: help must sort. */
SHELL_CMD(zzz, "zzz", "", "last in the alphabet", cmd_tnousage);
SHELL_CMD(targs, "targs", "[arg...]", "record the arguments", cmd_targs);
SHELL_CMD(tfail, "tfail", "<n>", "return -n", cmd_tfail);
SHELL_CMD(aaa, "aaa", "", "first in the alphabet", cmd_tnousage);
SHELL_CMD(tusage, "tusage", "<arg>", "needs one argument", cmd_tusage);
SHELL_CMD(tnousage, "tnousage", "", "always bad usage", cmd_tnousage);

#define NCMDS 8		/* the six above plus help and echo */

TEST(shell_table)
{
	const struct shell_cmd *cmd;
	static const char *const sorted[NCMDS] = {
		"aaa", "echo", "help", "targs", "tfail", "tnousage", "tusage",
		"zzz",
	};
	size_t n = 0;

	CHECK_EQ(shell_cmd_count(), NCMDS);
	/* The section is a plain array: no padding between entries. */
	CHECK_EQ((char *)__stop_shell_cmds - (char *)__start_shell_cmds,
		 NCMDS * sizeof(struct shell_cmd));
	for_each_shell_cmd(cmd) {
		CHECK(cmd->name && cmd->usage && cmd->help && cmd->fn);
		n++;
	}
	CHECK_EQ(n, NCMDS);

	n = 0;
	for (cmd = shell_next_sorted(NULL); cmd; cmd = shell_next_sorted(cmd)) {
		if (n < NCMDS)
			CHECK_STR(cmd->name, sorted[n]);
		n++;
	}
	CHECK_EQ(n, NCMDS);

	CHECK(shell_find("echo") && shell_find("echo")->fn);
	CHECK_STR(shell_find("tfail")->usage, "<n>");
	CHECK(shell_find("nosuch") == NULL);
	CHECK(shell_find("") == NULL);
	CHECK(shell_find("ech") == NULL);
	CHECK(shell_find("echo ") == NULL);
}

TEST(shell_dispatch)
{
	take();
	CHECK_EQ(run("targs  one 'two three' \"four\" fi\\ ve"), 0);
	CHECK_STR(take(), "");
	CHECK_EQ(last_argc, 5);
	CHECK_STR(last_argv[0], "targs");
	CHECK_STR(last_argv[1], "one");
	CHECK_STR(last_argv[2], "two three");
	CHECK_STR(last_argv[3], "four");
	CHECK_STR(last_argv[4], "fi ve");
	CHECK(last_argv_terminated);

	CHECK_EQ(run("\ttargs"), 0);
	CHECK_EQ(last_argc, 1);
	CHECK(last_argv_terminated);

	/* Empty lines do nothing. */
	last_argc = -1;
	CHECK_EQ(run(""), 0);
	CHECK_EQ(run("   \t "), 0);
	CHECK_STR(take(), "");
	CHECK_EQ(last_argc, -1);
}

TEST(shell_unknown_command)
{
	take();
	CHECK_EQ(run("nosuch a b"), -ENOENT);
	CHECK_STR(take(), "nosuch: command not found (try 'help')\n");
	CHECK_EQ(run("  Echo"), -ENOENT);
	CHECK_STR(take(), "Echo: command not found (try 'help')\n");
	CHECK_EQ(run("'' x"), -ENOENT);
	CHECK_STR(take(), ": command not found (try 'help')\n");
}

TEST(shell_usage_errors)
{
	take();
	CHECK_EQ(run("tusage"), -EINVAL);
	CHECK_STR(take(), "tusage: need exactly one argument\nusage: tusage <arg>\n");
	CHECK_EQ(run("tusage x"), 0);
	CHECK_STR(take(), "");
	CHECK_EQ(run("tnousage"), -EINVAL);
	CHECK_STR(take(), "usage: tnousage\n");
	CHECK_EQ(run("tfail"), -EINVAL);
	CHECK_STR(take(), "usage: tfail <n>\n");
	CHECK_EQ(run("tfail 22"), -EINVAL);	/* -EINVAL is always usage */
	CHECK_STR(take(), "usage: tfail <n>\n");
}

TEST(shell_errno_messages)
{
	take();
	CHECK_EQ(run("tfail 12"), -ENOMEM);
	CHECK_STR(take(), "tfail: error: ENOMEM (out of memory)\n");
	CHECK_EQ(run("tfail 5"), -EIO);
	CHECK_STR(take(), "tfail: error: EIO (I/O error)\n");
	CHECK_EQ(run("tfail 110"), -ETIMEDOUT);
	CHECK_STR(take(), "tfail: error: ETIMEDOUT (timed out)\n");
	CHECK_EQ(run("tfail 34"), -ERANGE);
	CHECK_STR(take(), "tfail: error: ERANGE (out of range)\n");
	CHECK_EQ(run("tfail 999"), -999);
	CHECK_STR(take(), "tfail: error: -999 (unknown error)\n");
	/* 0 and positive results print nothing more. */
	CHECK_EQ(run("tfail 0"), 0);
	CHECK_EQ(run("tfail -1"), 1);
	CHECK_STR(take(), "");
}

TEST(shell_split_errors)
{
	char line[4096];
	size_t n = 0;

	take();
	CHECK_EQ(run("echo \"abc"), -EINVAL);
	CHECK_STR(take(), "error: unterminated quote or trailing backslash\n");
	CHECK_EQ(run("echo abc\\"), -EINVAL);
	CHECK_STR(take(), "error: unterminated quote or trailing backslash\n");

	/* SHELL_MAX_ARGS words are fine, one more is refused. */
	n += snprintf(line + n, sizeof(line) - n, "targs");
	for (int i = 1; i < SHELL_MAX_ARGS; i++)
		n += snprintf(line + n, sizeof(line) - n, " a%d", i);
	CHECK_EQ(run(line), 0);
	CHECK_EQ(last_argc, SHELL_MAX_ARGS);
	CHECK_STR(last_argv[SHELL_MAX_ARGS - 1], "a31");
	CHECK(last_argv_terminated);
	snprintf(line + n, sizeof(line) - n, " one-too-many");
	last_argc = -1;
	CHECK_EQ(run(line), -E2BIG);
	CHECK_STR(take(), "error: too many arguments (max 32 words)\n");
	CHECK_EQ(last_argc, -1);
}

TEST(shell_echo)
{
	take();
	CHECK_EQ(run("echo hello world"), 0);
	CHECK_STR(take(), "hello world\n");
	CHECK_EQ(run("echo   a   'b  c'  \"\" d"), 0);
	CHECK_STR(take(), "a b  c  d\n");
	CHECK_EQ(run("echo"), 0);
	CHECK_STR(take(), "\n");
}

TEST(shell_help)
{
	take();
	CHECK_EQ(run("help"), 0);
	CHECK_STR(take(),
		  "  aaa       first in the alphabet\n"
		  "  echo      print the words, separated by spaces\n"
		  "  help      list the commands, or describe one\n"
		  "  targs     record the arguments\n"
		  "  tfail     return -n\n"
		  "  tnousage  always bad usage\n"
		  "  tusage    needs one argument\n"
		  "  zzz       last in the alphabet\n");
	CHECK_EQ(run("help echo"), 0);
	CHECK_STR(take(), "usage: echo [word...]\nprint the words, separated by spaces\n");
	CHECK_EQ(run("help zzz"), 0);
	CHECK_STR(take(), "usage: zzz\nlast in the alphabet\n");
	CHECK(run("help nosuch") > 0);
	CHECK_STR(take(), "help: no such command: nosuch\n");
	CHECK_EQ(run("help a b"), -EINVAL);
	CHECK_STR(take(), "usage: help [command]\n");
}

TEST(shell_complete_names)
{
	CHECK_STR(shell_complete(NULL, "t", 1, 0), "targs");
	CHECK_STR(shell_complete(NULL, "t", 1, 1), "tfail");
	CHECK_STR(shell_complete(NULL, "t", 1, 2), "tnousage");
	CHECK_STR(shell_complete(NULL, "t", 1, 3), "tusage");
	CHECK(shell_complete(NULL, "t", 1, 4) == NULL);
	CHECK_STR(shell_complete(NULL, "", 0, 0), "aaa");
	CHECK_STR(shell_complete(NULL, "", 0, NCMDS - 1), "zzz");
	CHECK(shell_complete(NULL, "", 0, NCMDS) == NULL);
	/* Only @len bytes of the word count. */
	CHECK_STR(shell_complete(NULL, "hex", 1, 0), "help");
	CHECK(shell_complete(NULL, "x", 1, 0) == NULL);
	CHECK(shell_complete(NULL, "echoo", 5, 0) == NULL);
}

TEST(shell_printf_output)
{
	char big[400];

	take();
	shell_printf("%s=%d\n", "x", 42);
	CHECK_STR(take(), "x=42\n");
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	shell_printf("%s", big);
	CHECK_EQ(strlen(take()), 255);
	shell_puts(big);
	CHECK_EQ(strlen(take()), sizeof(big) - 1);
}

TEST(shell_run_session)
{
	static char input[1024], want[4096];
	size_t in = 0, w = 0;

#define IN(s)	(in += snprintf(input + in, sizeof(input) - in, "%s", (s)))
#define WANT(s)	(w += snprintf(want + w, sizeof(want) - w, "%s", (s)))
	take();
	WANT("arbor> ");
	IN("ec\thi\r\n");		/* completion, CRLF */
	WANT("ec" "ho " "hi" "\r\n" "hi\n" "arbor> ");
	IN("nosuch\r");
	WANT("nosuch\r\nnosuch: command not found (try 'help')\narbor> ");
	for (int i = 0; i < 300; i++)
		input[in++] = 'x';
	input[in] = '\0';
	for (int i = 0; i < 255; i++)
		want[w++] = 'x';
	want[w] = '\0';
	IN("\r");
	WANT("\a\r\nerror: line too long (max 255 characters)\r\narbor> ");
	IN("abc\x03");
	WANT("abc^C\r\narbor> ");
	IN("\x1b[A\r");			/* history: the previous line runs again */
	WANT("\rarbor> nosuch\x1b[K\r\nnosuch: command not found (try 'help')\narbor> ");
	IN("help echo\r");
	WANT("help echo\r\nusage: echo [word...]\nprint the words, separated by spaces\narbor> ");
#undef IN
#undef WANT

	script = input;
	script_len = in;
	shell_run();			/* returns when the script runs dry */
	CHECK_EQ(script_len, 0);
	CHECK_STR(take(), want);
}

struct errno_case {
	int err;
	const char *name;
};

#define E(x)	{ x, #x }
static const struct errno_case errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(ENODEV), E(ENOTDIR), E(EISDIR),
	E(EINVAL), E(ENFILE), E(EMFILE), E(EFBIG), E(ENOSPC), E(ESPIPE),
	E(EROFS), E(EMLINK), E(EPIPE), E(ERANGE), E(ENAMETOOLONG), E(ENOSYS),
	E(ENOTEMPTY), E(ELOOP), E(ENODATA), E(EOVERFLOW), E(EBADMSG),
	E(EOPNOTSUPP), E(ETIMEDOUT), E(ENOTBLK), E(EXDEV), E(EUCLEAN),
};
#undef E

TEST(errname_every_errno)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++) {
		const char *msg = strerror_short(errnos[i].err);

		CHECK_STR(errname(errnos[i].err), errnos[i].name);
		CHECK_STR(errname(-errnos[i].err), errnos[i].name);
		CHECK(msg && msg[0] && strcmp(msg, "unknown error"));
		CHECK_STR(strerror_short(-errnos[i].err), msg);
	}
	CHECK(errname(0) == NULL);
	CHECK(errname(26) == NULL);		/* ETXTBSY is not in Arbor */
	CHECK(errname(4095) == NULL);
	CHECK(errname(-2147483647 - 1) == NULL);
	CHECK(errname(2147483647) == NULL);
	CHECK_STR(strerror_short(0), "unknown error");
	CHECK_STR(strerror_short(-1000), "unknown error");
	CHECK_STR(strerror_short(-ENOMEM), "out of memory");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The interactive shell: a table of commands gathered from every file by
 * SHELL_CMD(), a dispatcher, and the read-eval loop on the console.
 */
#include <arbor/compiler.h>
#include <arbor/console.h>
#include <arbor/errno.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/readline.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <arbor/types.h>

/**
 * shell_puts - write a string to the console as is
 * @s: NUL-terminated string
 */
void shell_puts(const char *s)
{
	console_write(s, strlen(s));
}

/**
 * shell_printf - formatted output to the console
 * @fmt: printf format
 *
 * Output longer than 256 bytes is cut; use shell_puts() for long text.
 */
void shell_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	console_write(buf, min((size_t)n, sizeof(buf) - 1));
}

/**
 * shell_find - look up a command by name
 * @name: the command name
 *
 * Return: the command, or NULL when there is none of that name.
 */
const struct shell_cmd *shell_find(const char *name)
{
	const struct shell_cmd *cmd;

	for_each_shell_cmd(cmd)
		if (!strcmp(cmd->name, name))
			return cmd;
	return NULL;
}

/**
 * shell_next_sorted - iterate over the commands in name order
 * @prev: the previous command, or NULL to start
 *
 * The table is in link order, and it is small, so a selection scan per
 * step beats keeping a sorted copy. A duplicate name is visited once.
 *
 * Return: the command with the smallest name greater than @prev's, or
 * NULL after the last one.
 */
const struct shell_cmd *shell_next_sorted(const struct shell_cmd *prev)
{
	const struct shell_cmd *cmd, *best = NULL;

	for_each_shell_cmd(cmd) {
		if (prev && strcmp(cmd->name, prev->name) <= 0)
			continue;
		if (!best || strcmp(cmd->name, best->name) < 0)
			best = cmd;
	}
	return best;
}

/**
 * shell_cmd_count - the number of registered commands
 *
 * Return: how many SHELL_CMD() entries were linked in.
 */
size_t shell_cmd_count(void)
{
	return __stop_shell_cmds - __start_shell_cmds;
}

/**
 * shell_complete - readline completion source for command names
 * @ctx: unused
 * @word: the start of a command name
 * @len: length of @word
 * @idx: which match to return, counting from 0
 *
 * Return: the @idx-th command name, in sorted order, that starts with
 * @word, or NULL when there are not that many.
 */
const char *shell_complete(void *ctx, const char *word, size_t len,
			   unsigned int idx)
{
	const struct shell_cmd *cmd = NULL;

	(void)ctx;
	while ((cmd = shell_next_sorted(cmd))) {
		if (strncmp(cmd->name, word, len))
			continue;
		if (!idx--)
			return cmd->name;
	}
	return NULL;
}

static void shell_print_usage(const struct shell_cmd *cmd)
{
	shell_puts("usage: ");
	shell_puts(cmd->name);
	if (cmd->usage && cmd->usage[0]) {
		shell_puts(" ");
		shell_puts(cmd->usage);
	}
	shell_puts("\n");
}

/**
 * shell_exec - run one command line
 * @line: the line; split in place, so it is clobbered
 *
 * Prints every diagnostic itself: unknown command, quoting errors, too
 * many arguments, the usage line after -EINVAL, and the errno name and
 * description after other negative results.
 *
 * Return: 0 for an empty line, the handler's result, -ENOENT for an
 * unknown command, or split_args()'s -EINVAL/-E2BIG.
 */
int shell_exec(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_cmd *cmd;
	const char *name;
	int argc, rc;

	argc = split_args(line, argv, SHELL_MAX_ARGS);
	if (argc == -E2BIG) {
		shell_printf("error: too many arguments (max %d words)\n",
			     SHELL_MAX_ARGS);
		return argc;
	}
	if (argc < 0) {
		shell_puts("error: unterminated quote or trailing backslash\n");
		return argc;
	}
	if (argc == 0)
		return 0;
	/* split_args() leaves it alone when all SHELL_MAX_ARGS slots are used. */
	argv[argc] = NULL;

	cmd = shell_find(argv[0]);
	if (!cmd) {
		shell_puts(argv[0]);
		shell_puts(": command not found (try 'help')\n");
		return -ENOENT;
	}

	rc = cmd->fn(argc, argv);
	if (rc == -EINVAL) {
		shell_print_usage(cmd);
	} else if (rc < 0) {
		name = errname(rc);
		if (name)
			shell_printf("%s: error: %s (%s)\n", cmd->name, name,
				     strerror_short(rc));
		else
			shell_printf("%s: error: %d (unknown error)\n",
				     cmd->name, rc);
	}
	return rc;
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_cmd *cmd = NULL;
	size_t width = 0, n;

	if (argc > 2)
		return -EINVAL;
	if (argc == 2) {
		cmd = shell_find(argv[1]);
		if (!cmd) {
			shell_puts("help: no such command: ");
			shell_puts(argv[1]);
			shell_puts("\n");
			return 1;
		}
		shell_print_usage(cmd);
		if (cmd->help && cmd->help[0]) {
			shell_puts(cmd->help);
			shell_puts("\n");
		}
		return 0;
	}

	while ((cmd = shell_next_sorted(cmd)))
		width = max(width, strlen(cmd->name));
	while ((cmd = shell_next_sorted(cmd))) {
		shell_puts("  ");
		shell_puts(cmd->name);
		/* Pad by hand: the kernel's printf need not know "%-*s". */
		for (n = strlen(cmd->name); n < width + 2; n++)
			shell_puts(" ");
		shell_puts(cmd->help ? cmd->help : "");
		shell_puts("\n");
	}
	return 0;
}
SHELL_CMD(help, "help", "[command]", "list the commands, or describe one",
	  cmd_help);

static int cmd_echo(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (i > 1)
			shell_puts(" ");
		shell_puts(argv[i]);
	}
	shell_puts("\n");
	return 0;
}
SHELL_CMD(echo, "echo", "[word...]", "print the words, separated by spaces",
	  cmd_echo);

static void shell_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

/* Static: the history ring makes it too big for a kernel stack. */
static struct readline shell_rl;

/**
 * shell_run - the interactive loop on the console
 *
 * Prompts, edits a line, runs it, forever. Returns only when
 * console_getc() reports that no more input can come.
 */
void shell_run(void)
{
	struct readline *rl = &shell_rl;
	int ch, rc;

	readline_init(rl, shell_out, shell_complete, NULL);
	for (;;) {
		readline_start(rl, SHELL_PROMPT);
		do {
			ch = console_getc();
			if (ch < 0)
				return;
			rc = readline_feed(rl, ch);
		} while (rc == RL_CONTINUE);
		/* Ctrl-C and an overlong line were already reported. */
		if (rc == RL_DONE)
			shell_exec(rl->line);
	}
}

int shell_print_errno(long err)
{
	const char *name = errname((int)err);

	if (name)
		shell_printf("%s\n", name);
	else
		shell_printf("error %ld\n", err);
	return 1;
}

int shell_print_result(long err)
{
	if (!err) {
		shell_printf("0\n");
		return 0;
	}
	return shell_print_errno(err);
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_SHELL_H
#define ARBOR_SHELL_H

#include <arbor/types.h>

/**
 * struct shell_cmd - one shell command
 * @name: what the user types
 * @usage: the arguments, as printed after "usage: <name> " ("" for none)
 * @help: one line for "help"
 * @fn: the handler; argv[0] is the command name, argv[argc] is NULL.
 *      Return 0 for success; -EINVAL for bad usage (the shell then prints
 *      the usage line); another negative errno for a failure the shell
 *      reports as "<name>: error: <ERRNAME> (<message>)"; a positive value
 *      for a failure the handler has already explained (printed nothing
 *      more).
 */
struct shell_cmd {
	const char *name;
	const char *usage;
	const char *help;
	int (*fn)(int argc, char **argv);
};

/*
 * Register a command from any file:
 *	SHELL_CMD(echo, "echo", "[word...]", "print the words", cmd_echo);
 * The entries of all files form one array in the "shell_cmds" section,
 * bounded by __start_shell_cmds/__stop_shell_cmds (GNU ld makes those for
 * C-identifier section names; the kernel linker script defines them too).
 * Raw attributes rather than <arbor/compiler.h>, whose __always_inline
 * clashes with glibc's in host tests that include this header.
 */
#define SHELL_CMD(ident, _name, _usage, _help, _fn)			\
	static const struct shell_cmd __shell_cmd_##ident		\
	__attribute__((__used__, __section__("shell_cmds"),		\
		       __aligned__(8))) = {				\
		.name = (_name),					\
		.usage = (_usage),					\
		.help = (_help),					\
		.fn = (_fn),						\
	}

extern const struct shell_cmd __start_shell_cmds[];
extern const struct shell_cmd __stop_shell_cmds[];

/* In link order; use shell_next_sorted() for name order. */
#define for_each_shell_cmd(cmd)						\
	for ((cmd) = __start_shell_cmds; (cmd) < __stop_shell_cmds; (cmd)++)

#define SHELL_MAX_ARGS	32
#define SHELL_PROMPT	"arbor> "

const struct shell_cmd *shell_find(const char *name);
const struct shell_cmd *shell_next_sorted(const struct shell_cmd *prev);
size_t shell_cmd_count(void);
int shell_exec(char *line);
void shell_run(void);
const char *shell_complete(void *ctx, const char *word, size_t len,
			   unsigned int idx);

void shell_puts(const char *s);
void shell_printf(const char *fmt, ...)
	__attribute__((__format__(printf, 1, 2)));

/* Short lower-case description of an errno, from lib/errname.c. */
const char *strerror_short(int err);


/**
 * shell_print_errno - print a failed call's result the way strace shows it:
 * the errno name ("ENOMEM"), or "error <n>" for a value without a name
 * @err:	the negative (or positive) errno
 *
 * Return: 1, the handler's "failed and already said why".
 */
int shell_print_errno(long err);

/** shell_print_result - "0" for success, else shell_print_errno(); returns 0 or 1 */
int shell_print_result(long err);

#endif

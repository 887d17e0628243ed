// SPDX-License-Identifier: GPL-2.0
/* Build identification for uname; rebuilt whenever the kernel relinks. */
#include <arbor/version.h>

const char arbor_version[] = ARBOR_VERSION;
const char arbor_git_rev[] = GIT_REV;
const char arbor_build_date[] = __DATE__ " " __TIME__;
const char arbor_compiler[] = "gcc " __VERSION__;

#include <arbor/errno.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>

/* uname [-a|-s|-r|-v|-m]: like uname(1); -a is the default here. */
static int cmd_uname(int argc, char **argv)
{
	const char *opt = argc > 1 ? argv[1] : "-a";

	if (argc > 2)
		return -EINVAL;
	if (!strcmp(opt, "-s"))
		printk("Arbor\n");
	else if (!strcmp(opt, "-r"))
		printk("%s\n", arbor_version);
	else if (!strcmp(opt, "-v"))
		printk("git %s, built %s\n", arbor_git_rev, arbor_build_date);
	else if (!strcmp(opt, "-m"))
		printk("aarch64\n");
	else if (!strcmp(opt, "-a"))
		printk("Arbor %s aarch64 (git %s) built %s with %s\n", arbor_version,
		       arbor_git_rev, arbor_build_date, arbor_compiler);
	else
		return -EINVAL;
	return 0;
}

SHELL_CMD(uname, "uname", "[-a | -s | -r | -v | -m]",
	  "print the kernel name, version, git revision, build date and compiler", cmd_uname);

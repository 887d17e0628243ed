// SPDX-License-Identifier: GPL-2.0
/*
 * The "sysctl" command (Linux's sysctl(8) over /proc/sys): list, read and
 * set the tunables subsystems declare with SYSCTL(); "sysctl.<name>=<v>"
 * on the kernel command line sets one at boot.
 */
#include <arbor/errno.h>
#include <arbor/init.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <arbor/sysctl.h>

static const struct ctl_entry *sysctl_find(const char *name, size_t len)
{
	for (const struct ctl_entry *c = __start_sysctls; c < __stop_sysctls; c++)
		if (strlen(c->name) == len && !strncmp(c->name, name, len))
			return c;
	return NULL;
}

/**
 * sysctl_set - set the tunable @name to @value
 * Return: 0, -ENOENT, -EINVAL (out of range).
 */
int sysctl_set(const char *name, unsigned long value)
{
	const struct ctl_entry *c = sysctl_find(name, strlen(name));

	if (!c)
		return -ENOENT;
	if (value < c->min || value > c->max)
		return -EINVAL;
	*c->data = value;
	return 0;
}

static int cmd_sysctl(int argc, char **argv)
{
	int err = 0;

	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-a"))) {
		for (const struct ctl_entry *c = __start_sysctls; c < __stop_sysctls; c++)
			shell_printf("%s = %lu\n", c->name, *c->data);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const struct ctl_entry *c;
		u64 v;

		c = sysctl_find(argv[i], eq ? (size_t)(eq - argv[i]) : strlen(argv[i]));
		if (!c) {
			shell_printf("sysctl: cannot stat /proc/sys/%s: No such file or directory\n",
				     argv[i]);
			err = 1;
			continue;
		}
		if (eq) {
			if (parse_num(eq + 1, &v) || v < c->min || v > c->max) {
				shell_printf("sysctl: setting key \"%s\": Invalid argument (%lu..%lu)\n",
					     c->name, c->min, c->max);
				err = 1;
				continue;
			}
			*c->data = (unsigned long)v;
		}
		shell_printf("%s = %lu\n", c->name, *c->data);
	}
	return err;
}
SHELL_CMD(sysctl, "sysctl", "[-a] [name[=value]...]",
	  "show or set kernel tunables (Linux's /proc/sys names)", cmd_sysctl);

/* "sysctl.vm.dirty_expire_centisecs=100" on the command line, before the shell. */
static int sysctl_cmdline(void)
{
	for (const struct ctl_entry *c = __start_sysctls; c < __stop_sysctls; c++) {
		char key[80], val[24];
		u64 v;

		snprintf(key, sizeof(key), "sysctl.%s", c->name);
		if (!cmdline_get(key, val, sizeof(val)))
			continue;
		if (parse_num(val, &v) || v < c->min || v > c->max)
			pr_warn("sysctl: bad value '%s' for %s ignored\n", val, c->name);
		else
			*c->data = (unsigned long)v;
	}
	return 0;
}
core_initcall(sysctl_cmdline);

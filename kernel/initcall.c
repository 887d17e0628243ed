// SPDX-License-Identifier: GPL-2.0
#include <arbor/errno.h>
#include <arbor/init.h>
#include <arbor/printk.h>

extern const struct initcall __start_initcalls[], __stop_initcalls[];

void do_initcalls(void)
{
	for (int level = 1; level <= 4; level++) {
		for (const struct initcall *c = __start_initcalls; c < __stop_initcalls; c++) {
			int ret;

			if (c->level != level)
				continue;
			ret = c->fn();
			if (ret && ret != -ENODEV)
				pr_err("initcall %s failed: %s (%d)\n", c->name, errname(ret) ? errname(ret) : "?", ret);
		}
	}
}

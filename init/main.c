// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): everything after the MMU is on, up to the shell.
 */
#include <arbor/init.h>
#include <arbor/ktest.h>
#include <arbor/mm_init.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/version.h>
#include <asm/psci.h>
#include <asm/sysreg.h>

void start_kernel(phys_addr_t dtb_pa, u64 entry_el, phys_addr_t kimage_pa)
{
	char ktest_arg[64];

	setup_arch(dtb_pa, (unsigned int)entry_el, kimage_pa);
	mm_core_init();
	pr_notice("Arbor %s (%s) %s\n", arbor_version, arbor_git_rev, arbor_compiler);

	psci_dt_init(&boot_fdt);
	do_initcalls();
	local_irq_enable();

	if (cmdline_get("ktest", ktest_arg, sizeof(ktest_arg)))
		ktest_boot_run(ktest_arg);

	boot_info.prompt_cntvct = read_sysreg(cntvct_el0);
	shell_run();
	panic("shell exited");
}

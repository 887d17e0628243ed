// SPDX-License-Identifier: GPL-2.0
/*
 * setup_arch(): from the loader's hand-off to a kernel with its console,
 * memory map and final page tables. Mirrors Linux's setup_arch():
 * setup_machine_fdt() -> parse_early_param() -> arm64_memblock_init() ->
 * paging_init().
 */
#include <arbor/fdt.h>
#include <arbor/log.h>
#include <arbor/memblock.h>
#include <arbor/of_fdt.h>
#include <arbor/panic.h>
#include <arbor/printk.h>
#include <arbor/serial.h>
#include <arbor/setup.h>
#include <arbor/string.h>
#include <asm/cpuinfo.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/pgtable-hwdef.h>
#include <asm/psci.h>
#include <asm/semihost.h>

struct boot_info boot_info;
struct early_dt_info early_dt_info;
struct fdt boot_fdt;
char boot_command_line[COMMAND_LINE_SIZE];
static const char *cmdline_source = "CONFIG_CMDLINE";
/* An initrd range from the DTB that check_uboot_initrd() refused. */
static u64 ignored_initrd_start, ignored_initrd_end;

/* No console exists without a device tree: say why through semihosting. */
static void __noreturn early_fail(const char *why)
{
	semihost_write0("arbor: cannot boot: ");
	semihost_write0(why);
	semihost_write0("\n");
	machine_exit(2);
}

static void setup_machine_fdt(phys_addr_t dtb_pa)
{
	u64 off = dtb_pa & (PMD_SIZE - 1);
	const void *blob = (const void *)(FIXADDR_FDT + off);
	u64 avail = FIXADDR_FDT_SIZE - off;

	if (!dtb_pa || (dtb_pa & 7))
		early_fail("no device tree in x0 (boot with QEMU -kernel, U-Boot booti or the Pi firmware)");
	if (avail > MAX_FDT_SIZE)
		avail = MAX_FDT_SIZE;
	/* early_map_kernel() mapped the window only if the magic matched. */
	if (fdt_init(&boot_fdt, blob, avail))
		early_fail(boot_fdt.errmsg[0] ? boot_fdt.errmsg : "invalid device tree");
	boot_info.dtb_size = boot_fdt.totalsize;
}

static void setup_command_line(const struct fdt *fdt)
{
	const char *args = fdt_chosen_bootargs(fdt);

	if (args && *args)
		cmdline_source = "/chosen/bootargs";
	else
		args = CONFIG_CMDLINE;
	if (strlcpy(boot_command_line, args, sizeof(boot_command_line)) >=
	    sizeof(boot_command_line))
		pr_warn("command line truncated to %zu bytes\n", sizeof(boot_command_line) - 1);
}

bool cmdline_get(const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *p = boot_command_line;

	while (*p) {
		const char *end;

		p = skip_spaces(p);
		end = p;
		while (*end && *end != ' ')
			end++;
		if (!strncmp(p, key, klen) && (p[klen] == '=' || p + klen == end)) {
			const char *v = p + klen + (p[klen] == '=');
			size_t n = end - v;

			if (size) {
				n = n < size - 1 ? n : size - 1;
				memcpy(buf, v, n);
				buf[n] = '\0';
			}
			return true;
		}
		p = end;
	}
	return false;
}

/* The image (BSS and boot stack included) and the DTB stay put. */
static void reserve_image_and_dtb(void)
{
	memblock_reserve(boot_info.kimage_pa, (u64)(_end - _text));
	memblock_reserve(ALIGN_DOWN(boot_info.dtb_pa, PAGE_SIZE),
			 ALIGN(boot_info.dtb_pa + boot_info.dtb_size, PAGE_SIZE) -
			 ALIGN_DOWN(boot_info.dtb_pa, PAGE_SIZE));
}

static void arm64_memblock_init(const struct fdt *fdt)
{
	int ret;

	ret = early_init_dt_scan(fdt, &early_dt_info);
	if (ret)
		panic("device tree memory scan failed: %d", ret);
	if (!memblock_phys_mem_size())
		panic("device tree describes no memory");

	reserve_image_and_dtb();
	if (!fdt_chosen_initrd(fdt, &boot_info.initrd_start, &boot_info.initrd_end) &&
	    boot_info.initrd_end > boot_info.initrd_start)
		memblock_reserve(ALIGN_DOWN(boot_info.initrd_start, PAGE_SIZE),
				 ALIGN(boot_info.initrd_end, PAGE_SIZE) -
				 ALIGN_DOWN(boot_info.initrd_start, PAGE_SIZE));
	else
		boot_info.initrd_start = boot_info.initrd_end = 0;

	/* PAGE_OFFSET maps a 1 GiB-aligned PA so 1 GiB blocks line up. */
	memstart_addr = ALIGN_DOWN(memblock_start_of_DRAM(), PUD_SIZE);
}

/*
 * U-Boot's QEMU fw_cfg boot (bootcmd_qfw) hands booti a "ramdisk" even when
 * QEMU has no -initrd: the size of the kernel, at ramdisk_addr_r, holding no
 * archive. Under U-Boot, an initrd that does not start with a cpio magic is
 * dropped here (with a warning) instead of failing to unpack later. Other
 * loaders' initrds are left for populate_rootfs() to judge. Needs the
 * linear map, so it runs after paging_init().
 */
static void check_uboot_initrd(const struct fdt *fdt)
{
	u64 start = boot_info.initrd_start, end = boot_info.initrd_end;
	const char *magic;

	if (!end || !fdt_getprop(fdt, fdt_chosen(fdt), "u-boot,version", NULL))
		return;
	/* Only RAM is in the linear map; populate_rootfs() reports the rest. */
	if (!memblock_is_region_memory(start, end - start))
		return;
	magic = phys_to_virt(start);
	if (end - start >= 6 && !memcmp(magic, "07070", 5) && (magic[5] == '1' || magic[5] == '2'))
		return;
	pr_warn("initrd: ignoring %#llx-%#llx from U-Boot: not a cpio archive "
		"(U-Boot's qfw boot passes one when QEMU has no -initrd)\n",
		(unsigned long long)start, (unsigned long long)end);
	memblock_phys_free(ALIGN_DOWN(start, PAGE_SIZE),
			   ALIGN(end, PAGE_SIZE) - ALIGN_DOWN(start, PAGE_SIZE));
	/* The freed pages may have shared a page with the image or the DTB. */
	reserve_image_and_dtb();
	ignored_initrd_start = start;
	ignored_initrd_end = end;
	boot_info.initrd_start = boot_info.initrd_end = 0;
}

void setup_arch(phys_addr_t dtb_pa, unsigned int entry_el, phys_addr_t kimage_pa)
{
	char val[8], cpu[64];

	boot_info.entry_el = entry_el;
	boot_info.dtb_pa = dtb_pa;
	boot_info.kimage_pa = kimage_pa;
	kimage_voffset = KIMAGE_VADDR - kimage_pa;

	setup_machine_fdt(dtb_pa);
	setup_command_line(&boot_fdt);
	if (cmdline_get("loglevel", val, sizeof(val)) && val[0] >= '0' && val[0] <= '9')
		console_loglevel = val[0] - '0';
	if (earlycon_init(&boot_fdt))
		early_fail("no PL011 console found in the device tree");

	cpu_describe(cpu, sizeof(cpu));
	pr_info("Booting Arbor on %s at EL%u, DTB at %#llx (%u bytes), image at %#llx\n",
		cpu, entry_el, (unsigned long long)dtb_pa, boot_info.dtb_size,
		(unsigned long long)kimage_pa);
	pr_info("Kernel command line: %s\n", boot_command_line);

	arm64_memblock_init(&boot_fdt);
	paging_init();
	check_uboot_initrd(&boot_fdt);
}

#include <arbor/errno.h>
#include <arbor/irq.h>
#include <arbor/shell.h>
#include <asm/sysreg.h>

static const char *const el_names[] = { "EL0", "EL1", "EL2", "EL3" };

/*
 * Who loaded us. U-Boot writes /chosen/u-boot,version (its version string,
 * e.g. "2023.01+dfsg-2+deb12u1") into the DTB it hands to booti or bootm;
 * QEMU's -kernel and the Pi firmware do not.
 */
static void print_loader(const struct fdt *fdt)
{
	const char *ver = fdt_getprop_str(fdt, fdt_chosen(fdt), "u-boot,version");

	if (!ver) {
		printk("loader:         direct (no /chosen/u-boot,version)\n");
		return;
	}
	if (!strncmp(ver, "U-Boot ", 7))
		ver += 7;
	printk("loader:         U-Boot %s\n", ver);
}

static int cmd_bootinfo(int argc, char **argv)
{
	u64 freq = read_sysreg(cntfrq_el0);
	char cpu[64];
	phys_addr_t start, end;
	const char *model;
	u64 i;

	if (argc > 1)
		return -EINVAL;
	cpu_describe(cpu, sizeof(cpu));
	printk("CPU:            %s\n", cpu);
	printk("entry EL:       %s%s\n", el_names[boot_info.entry_el & 3],
	       boot_info.entry_el > 1 ? " (dropped to EL1)" : "");
	print_loader(&boot_fdt);
	printk("DTB:            %#llx, %u bytes\n", (unsigned long long)boot_info.dtb_pa,
	       boot_info.dtb_size);
	model = fdt_getprop_str(&boot_fdt, fdt_root(&boot_fdt), "model");
	printk("DTB model:      %s\n", model ? model : "(none)");
	printk("kernel image:   %#llx-%#llx (%lu KiB) at %#lx\n",
	       (unsigned long long)boot_info.kimage_pa,
	       (unsigned long long)(boot_info.kimage_pa + (_end - _text)),
	       (unsigned long)((_end - _text) / 1024), (unsigned long)KIMAGE_VADDR);
	printk("memory:\n");
	for_each_mem_range(i, &start, &end)
		printk("  %#012llx-%#012llx %8llu KiB\n", (unsigned long long)start,
		       (unsigned long long)end - 1, (unsigned long long)(end - start) / 1024);
	printk("reserved:\n");
	for (i = 0; i < memblock.reserved.cnt; i++) {
		const struct memblock_region *r = &memblock.reserved.regions[i];

		printk("  %#012llx-%#012llx %8llu KiB\n", (unsigned long long)r->base,
		       (unsigned long long)(r->base + r->size - 1),
		       (unsigned long long)r->size / 1024);
	}
	printk("UART:           %s at %#llx, clock %u Hz%s, %u baud\n", boot_info.uart_compat,
	       (unsigned long long)boot_info.uart_base, boot_info.uart_clock,
	       boot_info.uart_clock ? "" : " (unknown: firmware setting kept)",
	       boot_info.uart_baud);
	if (boot_info.gic_version == 2)
		printk("GIC:            GICv2, GICD %#llx, GICC %#llx\n",
		       (unsigned long long)boot_info.gicd_base,
		       (unsigned long long)boot_info.gicc_base);
	else if (boot_info.gic_version == 3)
		printk("GIC:            GICv3, GICD %#llx, GICR %#llx\n",
		       (unsigned long long)boot_info.gicd_base,
		       (unsigned long long)boot_info.gicr_base);
	else
		printk("GIC:            none\n");
	irq_show_controllers();
	printk("timer:          %llu Hz", (unsigned long long)freq);
	if (boot_info.timer_intid)
		printk(", tick on INTID %u at %u Hz\n", boot_info.timer_intid, CONFIG_HZ);
	else
		printk(", no tick\n");
	printk("PSCI:           %s\n", psci_conduit == PSCI_CONDUIT_HVC ? "hvc" :
	       psci_conduit == PSCI_CONDUIT_SMC ? "smc" : "none");
	printk("command line:   %s\n", boot_command_line);
	printk("cmdline from:   %s\n", cmdline_source);
	if (boot_info.initrd_end)
		printk("initrd:         %#llx-%#llx\n", (unsigned long long)boot_info.initrd_start,
		       (unsigned long long)boot_info.initrd_end);
	else if (ignored_initrd_end)
		printk("initrd:         none (ignored %#llx-%#llx from U-Boot: not a cpio archive)\n",
		       (unsigned long long)ignored_initrd_start,
		       (unsigned long long)ignored_initrd_end);
	else
		printk("initrd:         none\n");
	printk("page tables:    %lu of %u early table pages used\n", early_pgtables_used(),
	       CONFIG_NR_EARLY_PGTABLES);
	if (freq)
		printk("boot time:      %llu counter ticks to the first prompt (%llu us)\n",
		       (unsigned long long)boot_info.prompt_cntvct,
		       (unsigned long long)(boot_info.prompt_cntvct * 1000000 / freq));
	return 0;
}

SHELL_CMD(bootinfo, "bootinfo", "",
	  "show what boot found: entry EL, DTB, memory, UART, GIC, timer, command line", cmd_bootinfo);

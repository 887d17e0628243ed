// SPDX-License-Identifier: GPL-2.0
/*
 * The Raspberry Pi 4 boot, checked on the real bcm2711-rpi-4-b.dtb (Debian's
 * arm64 kernel package, fetched by scripts/fetch-dtbs.sh) with the kernel's
 * own DT code: lib/fdt.c, drivers/of/fdt_scan.c + mm/memblock.c, the PL011
 * clock choice (drivers/tty/pl011_clk.c) and the GPIO pin plan
 * (drivers/pinctrl/bcm2835-pinplan.c). Each test finds a device the way its
 * driver does (by compatible, phandle or alias, as the kernel does), not by
 * path, and checks every address, interrupt and clock the boot depends on.
 *
 * /memory: the shipped tree has reg = <0 0 0>; tests/host/rpi4-mem-dtbs.sh
 * fills it in as the firmware does (1, 2 and 4 ranges) with fdtput.
 * The Pi 3 tree (bcm2837-rpi-3-b.dtb) checks the same drivers' other half.
 * A missing DTB fails the test; nothing is skipped.
 */
#include "test.h"

#include <stdbool.h>

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/memblock.h>
#include <arbor/of_fdt.h>
#include <arbor/pinctrl-bcm2835.h>
#include <arbor/pl011.h>

#include "host_printk.h"

struct dtb {
	u8 *data;
	struct fdt fdt;
};

static bool dtb_load(struct dtb *d, const char *name)
{
	const char *dir = getenv("DTB_DIR");
	char path[512];
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/%s", dir && *dir ? dir : "build/dtbs", name);
	d->data = NULL;
	f = fopen(path, "rb");
	if (f && !fseek(f, 0, SEEK_END) && (len = ftell(f)) > 0 && !fseek(f, 0, SEEK_SET)) {
		d->data = malloc(len);
		if (d->data && fread(d->data, 1, len, f) == (size_t)len &&
		    !fdt_init(&d->fdt, d->data, len)) {
			fclose(f);
			return true;
		}
	}
	printf("# cannot load %s (make build/dtbs/rpi4-mem/.stamp)\n", path);
	test_failed_checks++;
	if (f)
		fclose(f);
	free(d->data);
	d->data = NULL;
	return false;
}

static void dtb_free(struct dtb *d)
{
	free(d->data);
}

/* The first enabled node with @compat, as every driver looks it up. */
static int find_enabled(const struct fdt *fdt, const char *compat)
{
	int node = -1;

	while ((node = fdt_node_offset_by_compatible(fdt, node, compat)) >= 0)
		if (fdt_node_is_enabled(fdt, node))
			return node;
	return node;
}

static void check_reg_at(const struct fdt *fdt, int node, int idx, u64 addr, u64 size)
{
	u64 a = 0, s = 0;

	CHECK(node >= 0);
	CHECK_EQ(fdt_get_reg(fdt, node, idx, &a, &s), 0);
	CHECK_EQ(a, addr);
	CHECK_EQ(s, size);
}

/* Interrupt @idx of @node: 3 GIC cells, and its parent. */
static void check_gic_irq(const struct fdt *fdt, int node, int idx, int gic, u32 type,
			  u32 num, u32 flags)
{
	u32 cells[FDT_MAX_IRQ_CELLS] = { 0 };
	int parent = -1;

	CHECK_EQ(fdt_get_interrupt(fdt, node, idx, cells, FDT_MAX_IRQ_CELLS, &parent), 3);
	CHECK_EQ(parent, gic);
	CHECK_EQ(cells[0], type);
	CHECK_EQ(cells[1], num);
	CHECK_EQ(cells[2], flags);
}

/* ---------------------------------------------------------------------- */
/* The console: earlycon_init()'s choice, its interrupt and its clock. */

/* earlycon_init(): stdout-path if it is a PL011, else the first enabled one. */
static int console_pl011(const struct fdt *fdt)
{
	int node = fdt_chosen_stdout(fdt, NULL);

	if (node >= 0 && !fdt_node_check_compatible(fdt, node, "arm,pl011"))
		return node;
	return find_enabled(fdt, "arm,pl011");
}

TEST(rpi4_console_uart)
{
	struct dtb d;
	int uart, gic;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	const struct fdt *fdt = &d.fdt;

	/* stdout-path is serial1, the mini UART: not a PL011, so uart0. */
	CHECK(fdt_node_check_compatible(fdt, fdt_chosen_stdout(fdt, NULL), "arm,pl011") != 0);
	uart = console_pl011(fdt);
	CHECK_EQ(uart, fdt_path_offset(fdt, "serial0"));
	CHECK_EQ(uart, fdt_path_offset(fdt, "/soc/serial@7e201000"));
	/* bus 0x7e201000 through /soc ranges */
	check_reg_at(fdt, uart, 0, 0xfe201000, 0x200);
	/* SPI 121 = INTID 153, level-high, to the GIC-400 */
	gic = find_enabled(fdt, "arm,gic-400");
	check_gic_irq(fdt, uart, 0, gic, 0, 121, 4);
	CHECK_EQ(fdt_interrupt_parent(fdt, uart), gic);
	dtb_free(&d);
}

/* A firmware that answers, one that fails, and none at all. */
static u32 fake_fw_rate;
static int fake_fw_err;
static int fake_fw_calls;

static int fake_fw(const struct fdt *fdt, int consumer, int idx, u32 *rate)
{
	fake_fw_calls++;
	if (fake_fw_err)
		return fake_fw_err;
	*rate = fake_fw_rate;
	return 0;
}

TEST(rpi4_uart_clock)
{
	enum pl011_clk_src src;
	struct dtb d;
	int uart, clk, fw_err;
	const u8 *clocks;
	int len;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	const struct fdt *fdt = &d.fdt;

	uart = console_pl011(fdt);
	/* clocks = <&cprman 19 (UART)>, <&cprman 20 (VPU)>: no rate in the DT */
	clocks = fdt_getprop(fdt, uart, "clocks", &len);
	CHECK(clocks != NULL);
	CHECK_EQ(len, 16);
	clk = fdt_node_by_phandle(fdt, fdt32_ld(clocks));
	CHECK_EQ(fdt_node_check_compatible(fdt, clk, "brcm,bcm2711-cprman"), 0);
	CHECK_EQ(fdt32_ld(clocks + 4), 19);
	CHECK_EQ(fdt_getprop(fdt, clk, "clock-frequency", NULL) == NULL, 1);

	/* 1. the firmware mailbox answers: its rate wins */
	fake_fw_rate = 48000000;
	fake_fw_err = 0;
	fake_fw_calls = 0;
	CHECK_EQ(pl011_clock_rate(fdt, uart, fake_fw, &src, &fw_err), 48000000);
	CHECK_EQ(src, PL011_CLK_FIRMWARE);
	CHECK_EQ(fake_fw_calls, 1);
	fake_fw_rate = 3000000;
	CHECK_EQ(pl011_clock_rate(fdt, uart, fake_fw, &src, NULL), 3000000);
	CHECK_STR(pl011_clk_src_name(src), "the firmware mailbox");
	/* 2. the mailbox times out: no DT rate, so the firmware's 48 MHz default */
	fake_fw_err = -ETIMEDOUT;
	CHECK_EQ(pl011_clock_rate(fdt, uart, fake_fw, &src, &fw_err), 48000000);
	CHECK_EQ(src, PL011_CLK_RPI_DEFAULT);
	CHECK_EQ(fw_err, -ETIMEDOUT);
	/* 3. no firmware driver at all: the same default */
	CHECK_EQ(pl011_clock_rate(fdt, uart, NULL, &src, &fw_err), 48000000);
	CHECK_EQ(src, PL011_CLK_RPI_DEFAULT);
	CHECK_EQ(fw_err, -ENODEV);
	CHECK_STR(pl011_clk_src_name(src), "the Raspberry Pi default (init_uart_clock)");

	/* 115200 baud: 48 MHz -> IBRD 26, FBRD 3; QEMU raspi3b's 3 MHz -> 1, 40 */
	CHECK_EQ(pl011_baud_divisor(48000000, 115200) >> 6, 26);
	CHECK_EQ(pl011_baud_divisor(48000000, 115200) & 63, 3);
	CHECK_EQ(pl011_baud_divisor(3000000, 115200) >> 6, 1);
	CHECK_EQ(pl011_baud_divisor(3000000, 115200) & 63, 40);
	/* QEMU virt's apb-pclk, 24 MHz: 13 + 1/64 */
	CHECK_EQ(pl011_baud_divisor(24000000, 115200), 13 * 64 + 1);
	dtb_free(&d);
}

/* A fixed-clock in the DT (QEMU virt) is used as is; no default applies. */
TEST(virt_uart_clock_from_dt)
{
	enum pl011_clk_src src;
	struct dtb d;

	if (!dtb_load(&d, "virt-gicv2.dtb"))
		return;
	fake_fw_err = -ENODEV;
	CHECK_EQ(pl011_clock_rate(&d.fdt, console_pl011(&d.fdt), fake_fw, &src, NULL), 24000000);
	CHECK_EQ(src, PL011_CLK_DT);
	dtb_free(&d);
}

/* ---------------------------------------------------------------------- */
/* GIC-400 and the generic timer. */

TEST(rpi4_gic_timer)
{
	struct dtb d;
	int gic, timer;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	const struct fdt *fdt = &d.fdt;

	gic = find_enabled(fdt, "arm,gic-400");
	CHECK_EQ(gic, fdt_path_offset(fdt, "/soc/interrupt-controller@40041000"));
	CHECK(fdt_getprop_bool(fdt, gic, "interrupt-controller"));
	CHECK_EQ(fdt_interrupt_cells(fdt, gic), 3);
	/* GICD, GICC (then GICH, GICV) via ranges 0x40000000 -> 0xff800000 */
	check_reg_at(fdt, gic, 0, 0xff841000, 0x1000);
	check_reg_at(fdt, gic, 1, 0xff842000, 0x2000);
	check_reg_at(fdt, gic, 2, 0xff844000, 0x2000);
	check_reg_at(fdt, gic, 3, 0xff846000, 0x2000);
	/* the root's interrupt-parent is the GIC */
	CHECK_EQ(fdt_interrupt_parent(fdt, fdt_root(fdt)), gic);
	CHECK_EQ(find_enabled(fdt, "arm,gic-v3"), -ENOENT);

	/* PPIs 13 (secure phys), 14 (NS phys), 11 (virt), 10 (hyp): level-low, 4 CPUs */
	timer = find_enabled(fdt, "arm,armv8-timer");
	CHECK_EQ(timer, fdt_path_offset(fdt, "/timer"));
	check_gic_irq(fdt, timer, 0, gic, 1, 13, 0xf08);
	check_gic_irq(fdt, timer, 1, gic, 1, 14, 0xf08);
	check_gic_irq(fdt, timer, 2, gic, 1, 11, 0xf08);
	check_gic_irq(fdt, timer, 3, gic, 1, 10, 0xf08);
	/* the rate is CNTFRQ_EL0 (54 MHz, set by the armstub): not in the DT */
	CHECK(fdt_getprop(fdt, timer, "clock-frequency", NULL) == NULL);
	/* no PSCI; secondaries use the spin table (left parked by Arbor) */
	CHECK_EQ(fdt_path_offset(fdt, "/psci"), -ENOENT);
	CHECK_EQ(find_enabled(fdt, "arm,psci-1.0"), -ENOENT);
	CHECK_EQ(find_enabled(fdt, "arm,psci-0.2"), -ENOENT);
	for (int cpu = fdt_first_child(fdt, fdt_path_offset(fdt, "/cpus")); cpu >= 0;
	     cpu = fdt_next_sibling(fdt, cpu)) {
		const char *m = fdt_getprop_str(fdt, cpu, "enable-method");

		if (m)
			CHECK_STR(m, "spin-table");
	}
	dtb_free(&d);
}

/* ---------------------------------------------------------------------- */
/* The Pi-specific drivers: GPIO, mailbox, watchdog. */

TEST(rpi4_gpio_mailbox_watchdog)
{
	struct dtb d;
	int gpio, fw, mbox, wdt, soc, len;
	const u8 *p;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	const struct fdt *fdt = &d.fdt;

	gpio = find_enabled(fdt, "brcm,bcm2711-gpio");
	check_reg_at(fdt, gpio, 0, 0xfe200000, 0xb4);	/* up to GPIO_PUP_PDN_CNTRL_REG3 */

	/* firmware node -> mboxes -> the mailbox at 0xfe00b880 */
	fw = find_enabled(fdt, "raspberrypi,bcm2835-firmware");
	CHECK(fw >= 0);
	p = fdt_getprop(fdt, fw, "mboxes", &len);
	CHECK(p != NULL && len == 4);
	mbox = p ? fdt_node_by_phandle(fdt, fdt32_ld(p)) : -1;
	CHECK_EQ(mbox, find_enabled(fdt, "brcm,bcm2835-mbox"));
	check_reg_at(fdt, mbox, 0, 0xfe00b880, 0x40);

	/* The VideoCore's view: /soc dma-ranges <bus 0xc0000000, cpu 0, 1 GiB>. */
	soc = fdt_parent(fdt, fw);
	CHECK_EQ(soc, fdt_path_offset(fdt, "/soc"));
	CHECK(fdt_getprop(fdt, fw, "dma-ranges", &len) != NULL && len == 0);	/* 1:1 */
	p = fdt_getprop(fdt, soc, "dma-ranges", &len);
	CHECK_EQ(len, 4 * (1 + 2 + 1));
	if (p && len == 16) {
		CHECK_EQ(fdt_read_cells(p, 1), 0xc0000000);
		CHECK_EQ(fdt_read_cells(p + 4, 2), 0);
		CHECK_EQ(fdt_read_cells(p + 12, 1), 0x40000000);
	}

	/* PM watchdog: "pm" block at 0xfe100000; no PSCI, so it powers off */
	wdt = find_enabled(fdt, "brcm,bcm2835-pm-wdt");
	CHECK_EQ(wdt, find_enabled(fdt, "brcm,bcm2711-pm"));
	check_reg_at(fdt, wdt, 0, 0xfe100000, 0x114);
	CHECK_EQ(fdt_stringlist_search(fdt, wdt, "reg-names", "pm"), 0);
	CHECK(fdt_getprop_bool(fdt, wdt, "system-power-controller"));
	dtb_free(&d);
}

static bool plan_has(const struct bcm2835_pin_setting *plan, int n, u32 pin, u32 fsel, u32 pull)
{
	for (int i = 0; i < n; i++)
		if (plan[i].pin == pin)
			return plan[i].fsel == fsel && plan[i].pull == pull;
	return false;
}

TEST(rpi4_pin_plan)
{
	struct bcm2835_pin_setting plan[BCM2835_PLAN_MAX];
	enum bcm2835_pin_rule rule;
	struct dtb d;
	int uart, n, grp;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	const struct fdt *fdt = &d.fdt;

	/* The stock tree gives uart0 GPIO 30-33 (ALT3, Bluetooth): rule 2. */
	uart = console_pl011(fdt);
	n = bcm2835_console_pin_plan(fdt, uart, plan, BCM2835_PLAN_MAX, &rule);
	CHECK_EQ(rule, BCM2835_RULE_BCM2711);
	CHECK_EQ(n, 6);
	for (u32 pin = 30; pin <= 33; pin++)
		CHECK(plan_has(plan, n, pin, BCM2835_FSEL_GPIO_IN, BCM2835_PULL_KEEP));
	CHECK(plan_has(plan, n, 14, BCM2835_FSEL_ALT0, BCM2835_PUD_OFF));
	CHECK(plan_has(plan, n, 15, BCM2835_FSEL_ALT0, BCM2835_PUD_UP));
	/* the header pins are set last, after Bluetooth's are released */
	CHECK_EQ(plan[n - 1].pin, 15);
	/* too small a plan is an error, never a partial routing */
	CHECK_EQ(bcm2835_console_pin_plan(fdt, uart, plan, 3, &rule), -ENOSPC);

	/* The DT's own uart0_gpio14 group says the same as rule 2 does. */
	grp = fdt_path_offset(fdt, "/soc/gpio@7e200000/uart0_gpio14");
	CHECK(grp >= 0);
	{
		const u8 *pins = fdt_getprop(fdt, grp, "brcm,pins", NULL);
		u32 fn;

		CHECK(pins != NULL);
		if (pins) {
			CHECK_EQ(fdt32_ld(pins), 14);
			CHECK_EQ(fdt32_ld(pins + 4), 15);
		}
		CHECK_EQ(fdt_getprop_u32(fdt, grp, "brcm,function", &fn), 0);
		CHECK_EQ(fn, BCM2835_FSEL_ALT0);
	}
	/* The other PL011s are disabled: only uart0 is a console candidate. */
	CHECK_EQ(fdt_node_offset_by_compatible(fdt, uart, "arm,pl011") >= 0, 1);
	CHECK(!fdt_node_is_enabled(fdt, fdt_node_offset_by_compatible(fdt, uart, "arm,pl011")));
	dtb_free(&d);
}

/* The Pi 3 tree: same drivers, rule 3 (leave the pins), other addresses. */
TEST(rpi3_same_drivers)
{
	struct bcm2835_pin_setting plan[BCM2835_PLAN_MAX];
	enum bcm2835_pin_rule rule;
	enum pl011_clk_src src;
	struct dtb d;
	int uart;

	if (!dtb_load(&d, "bcm2837-rpi-3-b.dtb"))
		return;
	const struct fdt *fdt = &d.fdt;

	uart = console_pl011(fdt);
	check_reg_at(fdt, uart, 0, 0x3f201000, 0x200);
	CHECK_EQ(bcm2835_console_pin_plan(fdt, uart, plan, BCM2835_PLAN_MAX, &rule), 0);
	CHECK_EQ(rule, BCM2835_RULE_NONE);
	check_reg_at(fdt, find_enabled(fdt, "brcm,bcm2835-gpio"), 0, 0x3f200000, 0xb4);
	check_reg_at(fdt, find_enabled(fdt, "brcm,bcm2835-mbox"), 0, 0x3f00b880, 0x40);
	check_reg_at(fdt, find_enabled(fdt, "brcm,bcm2835-pm-wdt"), 0, 0x3f100000, 0x114);
	CHECK(find_enabled(fdt, "raspberrypi,bcm2835-firmware") >= 0);
	fake_fw_err = -ETIMEDOUT;
	CHECK_EQ(pl011_clock_rate(fdt, uart, fake_fw, &src, NULL), 48000000);
	CHECK_EQ(src, PL011_CLK_RPI_DEFAULT);
	dtb_free(&d);
}

/* ---------------------------------------------------------------------- */
/* /memory as the firmware fills it in. */

struct mem_case {
	const char *file;
	int nr_entries;			/* reg entries */
	int nr_regions;			/* memblock regions after merging */
	u64 total;
	u64 end;
};

static void check_memory(const struct mem_case *c)
{
	struct early_dt_info info;
	struct dtb d;
	char path[64];

	snprintf(path, sizeof(path), "rpi4-mem/%s", c->file);
	if (!dtb_load(&d, path))
		return;
	const struct fdt *fdt = &d.fdt;

	CHECK_EQ(fdt_reg_count(fdt, fdt_path_offset(fdt, "/memory@0")), c->nr_entries);
	memblock_reset();
	CHECK_EQ(early_init_dt_scan(fdt, &info), 0);
	CHECK_EQ(info.nr_errors, 0);
	CHECK_EQ(info.nr_memory, c->nr_entries);
	CHECK_EQ(info.nr_memory_skipped, 0);
	CHECK_EQ(memblock.memory.cnt, c->nr_regions);
	CHECK_EQ(memblock_phys_mem_size(), c->total);
	CHECK_EQ(memblock_start_of_DRAM(), 0);
	CHECK_EQ(memblock_end_of_DRAM(), c->end);
	/* the first GiB minus the VideoCore's share, always first */
	CHECK_EQ(memblock.memory.regions[0].base, 0);
	CHECK_EQ(memblock.memory.regions[0].size, 0x3b400000);
	if (c->nr_regions > 1) {
		CHECK_EQ(memblock.memory.regions[1].base, 0x40000000);
		CHECK_EQ(memblock.memory.regions[1].size, 0xbc000000);
		/* the peripheral window is not memory */
		CHECK(!memblock_is_memory(0xfe201000));
		CHECK(!memblock_is_memory(0x3b400000));
	}
	if (c->nr_regions > 2) {
		/* <1 0 2G> <1 2G 2G>: adjacent entries merge into one 4 GiB region */
		CHECK_EQ(memblock.memory.regions[2].base, 0x100000000ULL);
		CHECK_EQ(memblock.memory.regions[2].size, 0x100000000ULL);
		CHECK(memblock_is_memory(0x1ffffffffULL));
	}
	/* /memreserve/ 0-0x1000 (armstub, spin table) stays reserved */
	CHECK(memblock_is_reserved(0));
	CHECK(memblock_is_reserved(0xd8));	/* cpu-release-addr of CPU 1 */
	CHECK(!memblock_is_reserved(0x1000));
	CHECK_EQ(info.nr_memreserve, 1);
	/* the firmware's command line */
	CHECK_STR(info.bootargs, "coherent_pool=1M 8250.nr_uarts=1 console=ttyAMA0,115200");
	dtb_free(&d);
}

TEST(rpi4_memory_1g)
{
	check_memory(&(struct mem_case){ "rpi4-1g.dtb", 1, 1, 0x3b400000, 0x3b400000 });
}

TEST(rpi4_memory_4g)
{
	check_memory(&(struct mem_case){ "rpi4-4g.dtb", 2, 2, 0x3b400000 + 0xbc000000ULL,
					 0xfc000000 });
}

TEST(rpi4_memory_8g)
{
	check_memory(&(struct mem_case){ "rpi4-8g.dtb", 4, 3,
					 0x3b400000 + 0xbc000000ULL + 0x100000000ULL,
					 0x200000000ULL });
}

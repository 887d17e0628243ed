// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for the device tree reader (lib/fdt.c) and the early scan
 * (drivers/of/fdt_scan.c).
 *
 * The real DTBs come from scripts/fetch-dtbs.sh (QEMU virt dumps and the
 * Raspberry Pi trees of Debian's arm64 kernel); the expected values were
 * read from `dtc -I dtb -O dts` of those files. A missing DTB fails the
 * test, it is never skipped. Small hand-built trees cover what the real
 * ones do not (interrupts-extended, nested ranges, version 16, every
 * validation error), and corrupted/truncated copies check that nothing
 * reads out of bounds (this file is built with ASan and UBSan).
 */
#include "test.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/memblock.h>
#include <arbor/of_fdt.h>
#include <arbor/printk.h>

#include "host_printk.h"

/* Results are summed here so the calls made for their safety stay. */
static unsigned long sink;

/* ---------------------------------------------------------------------- */
/* Loading the real DTBs. */

struct dtb {
	u8 *data;
	size_t size;
	struct fdt fdt;
};

static const char *dtb_dir(void)
{
	const char *dir = getenv("DTB_DIR");

	return dir && *dir ? dir : "build/dtbs";
}

static u8 *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	long len;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto out;
	/* +1 so a zero-length file still gets a buffer; exact size for ASan. */
	buf = malloc(len + 1);
	if (buf && fread(buf, 1, len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	*size = len;
out:
	fclose(f);
	return buf;
}

/* Load and validate DTB_DIR/name; a failure counts as a failed check. */
static bool dtb_load(struct dtb *d, const char *name)
{
	char path[512];
	int err;

	snprintf(path, sizeof(path), "%s/%s", dtb_dir(), name);
	d->data = read_file(path, &d->size);
	if (!d->data) {
		printf("# cannot read %s (run scripts/fetch-dtbs.sh %s)\n", path,
		       dtb_dir());
		test_failed_checks++;
		return false;
	}
	err = fdt_init(&d->fdt, d->data, d->size);
	if (err) {
		printf("# %s: fdt_init: %d %s\n", path, err, d->fdt.errmsg);
		test_failed_checks++;
		free(d->data);
		return false;
	}
	return true;
}

static void dtb_free(struct dtb *d)
{
	free(d->data);
	d->data = NULL;
}

/* Bytes actually used: header to the end of the last block. */
static size_t fdt_used_size(const struct fdt *fdt)
{
	size_t end = fdt->off_dt_strings + fdt->size_dt_strings;

	if (fdt->off_dt_struct + fdt->size_dt_struct > end)
		end = fdt->off_dt_struct + fdt->size_dt_struct;
	return end;
}

static void put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* ---------------------------------------------------------------------- */
/* Checking helpers that report the path they were looking at. */

static int node_at(const struct fdt *fdt, const char *path)
{
	int node = fdt_path_offset(fdt, path);

	if (node < 0) {
		printf("# no node %s: %d\n", path, node);
		test_failed_checks++;
	}
	return node;
}

static void check_reg_(const struct fdt *fdt, const char *path, int idx,
		       u64 want_addr, u64 want_size, int line)
{
	u64 addr = 0, size = 0;
	int node = fdt_path_offset(fdt, path), err;

	err = fdt_get_reg(fdt, node, idx, &addr, &size);
	if (node < 0 || err || addr != want_addr || size != want_size) {
		printf("# line %d: %s reg[%d]: node %d err %d addr %#llx size %#llx, want %#llx %#llx\n",
		       line, path, idx, node, err, (unsigned long long)addr,
		       (unsigned long long)size, (unsigned long long)want_addr,
		       (unsigned long long)want_size);
		test_failed_checks++;
	}
}
#define check_reg(fdt, path, idx, a, s) check_reg_(fdt, path, idx, a, s, __LINE__)

static void check_reg_err_(const struct fdt *fdt, const char *path, int idx,
			   int want, int line)
{
	u64 addr, size;
	int err = fdt_get_reg(fdt, fdt_path_offset(fdt, path), idx, &addr, &size);

	if (err != want) {
		printf("# line %d: %s reg[%d]: got %d, want %d\n", line, path, idx,
		       err, want);
		test_failed_checks++;
	}
}
#define check_reg_err(fdt, path, idx, e) check_reg_err_(fdt, path, idx, e, __LINE__)

static void check_irq_(const struct fdt *fdt, const char *path, int idx,
		       const char *ctrl_path, const u32 *want, int n, int line)
{
	u32 cells[FDT_MAX_IRQ_CELLS] = { 0 };
	int node = fdt_path_offset(fdt, path), parent = -1;
	int ctrl = fdt_path_offset(fdt, ctrl_path);
	int got = fdt_get_interrupt(fdt, node, idx, cells, FDT_MAX_IRQ_CELLS, &parent);
	bool ok = node >= 0 && ctrl >= 0 && got == n && parent == ctrl;

	for (int i = 0; ok && i < n; i++)
		ok = cells[i] == want[i];
	if (!ok) {
		printf("# line %d: %s irq[%d]: got %d cells (parent %d, want %s = %d):",
		       line, path, idx, got, parent, ctrl_path, ctrl);
		for (int i = 0; i < got && i < FDT_MAX_IRQ_CELLS; i++)
			printf(" %#x", cells[i]);
		printf("\n");
		test_failed_checks++;
	}
}
#define check_irq(fdt, path, idx, ctrl, ...)					\
	check_irq_(fdt, path, idx, ctrl, (const u32[]){ __VA_ARGS__ },		\
		   sizeof((const u32[]){ __VA_ARGS__ }) / sizeof(u32), __LINE__)

static const char *prop_str(const struct fdt *fdt, const char *path,
			    const char *name)
{
	return fdt_getprop_str(fdt, fdt_path_offset(fdt, path), name);
}

static u32 prop_u32(const struct fdt *fdt, const char *path, const char *name)
{
	u32 v = 0xdeadbeef;

	CHECK_EQ(fdt_getprop_u32(fdt, fdt_path_offset(fdt, path), name, &v), 0);
	return v;
}

static int count_compatible(const struct fdt *fdt, const char *compat)
{
	int n = 0, node;

	for (node = fdt_node_offset_by_compatible(fdt, -1, compat); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, compat))
		n++;
	CHECK_EQ(node, -ENOENT);
	return n;
}

static bool memblock_region_is(const struct memblock_type *type, unsigned long i,
			       u64 base, u64 size)
{
	return i < type->cnt && type->regions[i].base == base &&
	       type->regions[i].size == size;
}

/* ---------------------------------------------------------------------- */
/* QEMU virt. */

struct virt_variant {
	const char *file;
	u64 mem_size;
	int gic_version;
	int cpus;
	bool el2;
	bool secure;
};

static void check_virt(const struct virt_variant *v)
{
	struct early_dt_info info;
	u32 flags, cells[4];
	int gic, pl011, node, n, parent;
	struct dtb d;
	u64 a, s;
	char path[64];

	if (!dtb_load(&d, v->file))
		return;
	struct fdt *fdt = &d.fdt;

	CHECK_EQ(fdt->version, 17);
	CHECK_EQ(fdt->last_comp_version, 16);
	CHECK_EQ(fdt->totalsize, 0x100000);	/* QEMU pads to 1 MiB */
	CHECK_EQ(fdt_num_mem_rsv(fdt), 0);
	CHECK_EQ(fdt_root(fdt), 0);
	CHECK_STR(prop_str(fdt, "/", "compatible"), "linux,dummy-virt");
	CHECK_EQ(fdt_address_cells(fdt, 0), 2);
	CHECK_EQ(fdt_size_cells(fdt, 0), 2);

	/* RAM */
	check_reg(fdt, "/memory@40000000", 0, 0x40000000, v->mem_size);
	CHECK_EQ(fdt_path_offset(fdt, "/memory"), fdt_path_offset(fdt, "/memory@40000000"));
	memblock_reset();
	CHECK_EQ(early_init_dt_scan(fdt, &info), 0);
	CHECK_EQ(info.nr_memory, 1);
	CHECK_EQ(info.nr_memreserve, 0);
	CHECK_EQ(info.nr_reserved, 0);
	CHECK_EQ(info.nr_errors, 0);
	CHECK_EQ(memblock.memory.cnt, 1);
	CHECK(memblock_region_is(&memblock.memory, 0, 0x40000000, v->mem_size));
	CHECK_EQ(memblock_end_of_DRAM(), 0x40000000 + v->mem_size);
	CHECK_EQ(memblock.reserved.cnt, 0);
	CHECK_STR(info.model, "linux,dummy-virt");

	/* UART: PL011 at 0x09000000, SPI 1 level-high, /chosen/stdout-path */
	pl011 = node_at(fdt, "/pl011@9000000");
	check_reg(fdt, "/pl011@9000000", 0, 0x9000000, 0x1000);
	check_reg_err(fdt, "/pl011@9000000", 1, -ENOENT);
	CHECK_EQ(fdt_node_check_compatible(fdt, pl011, "arm,pl011"), 0);
	CHECK_EQ(fdt_node_check_compatible(fdt, pl011, "arm,primecell"), 0);
	CHECK_EQ(fdt_node_check_compatible(fdt, pl011, "arm,pl01"), 1);
	CHECK(fdt_node_is_enabled(fdt, pl011));
	if (!v->secure)	/* else the secure UART comes first */
		CHECK_EQ(fdt_node_offset_by_compatible(fdt, -1, "arm,pl011"), pl011);
	CHECK_EQ(info.stdout_node, pl011);
	CHECK(info.stdout_options == NULL);
	CHECK_STR(info.stdout_path, "/pl011@9000000");
	CHECK_EQ(fdt_stringlist_count(fdt, pl011, "clock-names"), 2);
	CHECK_EQ(fdt_stringlist_search(fdt, pl011, "clock-names", "apb_pclk"), 1);
	/* The clock is the fixed 24 MHz apb-pclk, found through its phandle. */
	n = 0;
	const u8 *clk = fdt_getprop(fdt, pl011, "clocks", &n);
	CHECK(clk && n == 8);
	if (clk)
		CHECK_EQ(fdt_node_by_phandle(fdt, fdt32_ld(clk)), fdt_path_offset(fdt, "/apb-pclk"));
	CHECK_EQ(prop_u32(fdt, "/apb-pclk", "clock-frequency"), 24000000);

	/* GIC */
	gic = node_at(fdt, "/intc@8000000");
	parent = -1;
	CHECK_EQ(fdt_get_interrupt(fdt, pl011, 0, cells, 4, &parent), 3);
	CHECK_EQ(parent, gic);
	check_irq(fdt, "/pl011@9000000", 0, "/intc@8000000", 0, 1, 4);
	CHECK_EQ(fdt_get_interrupt(fdt, pl011, 1, cells, 4, NULL), -ENOENT);
	CHECK_EQ(fdt_get_interrupt(fdt, pl011, 0, cells, 2, NULL), -EOVERFLOW);
	CHECK_EQ(fdt_interrupt_parent(fdt, pl011), gic);
	CHECK_EQ(fdt_interrupt_cells(fdt, gic), 3);
	CHECK(fdt_getprop_bool(fdt, gic, "interrupt-controller"));
	CHECK_EQ(fdt_node_by_phandle(fdt, prop_u32(fdt, "/", "interrupt-parent")), gic);
	check_reg(fdt, "/intc@8000000", 0, 0x8000000, 0x10000);
	if (v->gic_version == 2) {
		CHECK_EQ(fdt_node_check_compatible(fdt, gic, "arm,cortex-a15-gic"), 0);
		check_reg(fdt, "/intc@8000000", 1, 0x8010000, 0x10000);
		check_reg(fdt, "/intc@8000000/v2m@8020000", 0, 0x8020000, 0x1000);
		CHECK_EQ(fdt_reg_count(fdt, gic), v->el2 ? 4 : 2);
		if (v->el2) {
			check_reg(fdt, "/intc@8000000", 2, 0x8030000, 0x10000);	/* GICH */
			check_reg(fdt, "/intc@8000000", 3, 0x8040000, 0x10000);	/* GICV */
		}
		CHECK_EQ(count_compatible(fdt, "arm,gic-v3"), 0);
	} else {
		CHECK_EQ(fdt_node_check_compatible(fdt, gic, "arm,gic-v3"), 0);
		CHECK_EQ(fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), gic);
		check_reg(fdt, "/intc@8000000", 1, 0x80a0000, 0xf60000);	/* GICR */
		CHECK_EQ(fdt_reg_count(fdt, gic), 2);
		CHECK_EQ(prop_u32(fdt, "/intc@8000000", "#redistributor-regions"), 1);
		check_reg(fdt, "/intc@8000000/its@8080000", 0, 0x8080000, 0x20000);
		CHECK_EQ(count_compatible(fdt, "arm,cortex-a15-gic"), 0);
	}
	if (v->el2)	/* the GIC's own maintenance PPI: its parent is itself */
		check_irq(fdt, "/intc@8000000", 0, "/intc@8000000", 1, 9, 4);
	else
		CHECK_EQ(fdt_get_interrupt(fdt, gic, 0, cells, 4, NULL), -ENOENT);

	/* Timer PPIs 13, 14, 11, 10; GICv2 flags carry the CPU mask. */
	flags = v->gic_version == 3 ? 4 : ((1u << v->cpus) - 1) << 8 | 4;
	node = node_at(fdt, "/timer");
	CHECK_EQ(fdt_node_check_compatible(fdt, node, "arm,armv8-timer"), 0);
	check_irq(fdt, "/timer", 0, "/intc@8000000", 1, 13, flags);
	check_irq(fdt, "/timer", 1, "/intc@8000000", 1, 14, flags);
	check_irq(fdt, "/timer", 2, "/intc@8000000", 1, 11, flags);
	check_irq(fdt, "/timer", 3, "/intc@8000000", 1, 10, flags);
	CHECK_EQ(fdt_get_interrupt(fdt, node, 4, cells, 4, NULL), -ENOENT);
	CHECK(!fdt_getprop(fdt, node, "clock-frequency", NULL));
	check_irq(fdt, "/pmu", 0, "/intc@8000000", 1, 7, flags);

	/* PSCI: hvc at EL1, smc with virtualization=on; none with secure=on. */
	if (v->secure) {
		CHECK_EQ(fdt_path_offset(fdt, "/psci"), -ENOENT);
	} else {
		node = node_at(fdt, "/psci");
		CHECK_STR(fdt_getprop_str(fdt, node, "method"), v->el2 ? "smc" : "hvc");
		CHECK_EQ(fdt_node_check_compatible(fdt, node, "arm,psci-1.0"), 0);
		CHECK_EQ(fdt_node_check_compatible(fdt, node, "arm,psci-0.2"), 0);
		CHECK_EQ(prop_u32(fdt, "/psci", "cpu_on"), 0xc4000003);
	}

	/* CPUs: reg is an MPIDR, not a memory address (size-cells 0, no ranges). */
	node = node_at(fdt, "/cpus");
	CHECK_EQ(fdt_address_cells(fdt, node), 1);
	CHECK_EQ(fdt_size_cells(fdt, node), 0);
	n = 0;
	fdt_for_each_subnode(node, fdt, fdt_path_offset(fdt, "/cpus")) {
		const char *type = fdt_getprop_str(fdt, node, "device_type");

		if (!type || strcmp(type, "cpu"))
			continue;
		CHECK_EQ(prop_u32(fdt, "/cpus", "#address-cells"), 1);
		CHECK_EQ(fdt_getprop_u32(fdt, node, "reg", (u32 *)cells), 0);
		CHECK_EQ(cells[0], n);
		CHECK_EQ(fdt_get_reg(fdt, node, 0, &a, &s), -ENXIO);
		if (v->cpus > 1)
			CHECK_STR(fdt_getprop_str(fdt, node, "enable-method"), "psci");
		else
			CHECK(!fdt_getprop(fdt, node, "enable-method", NULL));
		n++;
	}
	CHECK_EQ(n, v->cpus);

	/* virtio-mmio: 32 slots, 0x0a000000 + 0x200 * i, SPI 16 + i edge. */
	CHECK_EQ(count_compatible(fdt, "virtio,mmio"), 32);
	for (int i = 0; i < 32; i += 31) {
		snprintf(path, sizeof(path), "/virtio_mmio@%x", 0xa000000 + 0x200 * i);
		check_reg(fdt, path, 0, 0xa000000 + 0x200 * i, 0x200);
		check_irq(fdt, path, 0, "/intc@8000000", 0, 16 + i, 1);
		CHECK(fdt_getprop_bool(fdt, fdt_path_offset(fdt, path), "dma-coherent"));
	}

	/* Other devices. */
	check_reg(fdt, "/pl031@9010000", 0, 0x9010000, 0x1000);
	check_irq(fdt, "/pl031@9010000", 0, "/intc@8000000", 0, 2, 4);
	check_reg(fdt, "/fw-cfg@9020000", 0, 0x9020000, 0x18);
	check_reg(fdt, "/pl061@9030000", 0, 0x9030000, 0x1000);
	check_irq(fdt, "/pl061@9030000", 0, "/intc@8000000", 0, 7, 4);
	check_reg(fdt, "/pcie@10000000", 0, 0x4010000000ULL, 0x10000000);
	CHECK_EQ(fdt_get_interrupt(fdt, fdt_path_offset(fdt, "/pcie@10000000"), 0,
				   cells, 4, NULL), -ENOENT);
	CHECK_EQ(fdt_node_by_phandle(fdt, fdt32_ld(fdt_getprop(fdt,
			fdt_path_offset(fdt, "/gpio-keys/poweroff"), "gpios", NULL))),
		 fdt_path_offset(fdt, "/pl061@9030000"));
	if (v->secure) {
		check_reg(fdt, "/flash@4000000", 0, 0x4000000, 0x4000000);
		/* Secure-world devices are disabled for us. */
		CHECK(!fdt_node_is_enabled(fdt, fdt_path_offset(fdt, "/pl011@9040000")));
		CHECK(!fdt_node_is_enabled(fdt, fdt_path_offset(fdt, "/secram@e000000")));
		CHECK_STR(prop_str(fdt, "/secram@e000000", "device_type"), "memory");
		CHECK_STR(prop_str(fdt, "/pl011@9040000", "secure-status"), "okay");
		CHECK_STR(prop_str(fdt, "/secure-chosen", "stdout-path"), "/pl011@9040000");
		/* Two pl011 nodes now: no unit address is ambiguous. */
		CHECK_EQ(fdt_path_offset(fdt, "/pl011"), -ENOENT);
		CHECK_EQ(count_compatible(fdt, "arm,pl011"), 2);
	} else {
		check_reg(fdt, "/flash@0", 0, 0, 0x4000000);
		check_reg(fdt, "/flash@0", 1, 0x4000000, 0x4000000);
		CHECK_EQ(fdt_path_offset(fdt, "/pl011"), pl011);
		CHECK_EQ(count_compatible(fdt, "arm,pl011"), 1);
	}
	/* platform-bus: a 1-cell bus mapped at 0x0c000000 */
	node = node_at(fdt, "/platform-bus@c000000");
	CHECK_EQ(fdt_address_cells(fdt, node), 1);
	CHECK_EQ(fdt_size_cells(fdt, node), 1);
	CHECK_EQ(fdt_translate_address(fdt, node, (const u8[]){ 0, 0, 0x10, 0 }, 1, &a), 0);
	CHECK_EQ(a, 0xc001000);
	CHECK_EQ(fdt_translate_address(fdt, node, (const u8[]){ 2, 0, 0, 0 }, 1, &a), -ENXIO);

	/* /chosen */
	n = 0;
	CHECK(fdt_getprop(fdt, fdt_chosen(fdt), "rng-seed", &n) && n == 32);
	CHECK(fdt_getprop(fdt, fdt_chosen(fdt), "kaslr-seed", &n) && n == 8);
	if (!strcmp(v->file, "virt-bootargs.dtb")) {
		CHECK_STR(fdt_chosen_bootargs(fdt), "console=ttyAMA0 earlycon root=/dev/ram0");
		CHECK_STR(info.bootargs, "console=ttyAMA0 earlycon root=/dev/ram0");
	} else if (!strcmp(v->file, "virt-initrd.dtb")) {
		CHECK_STR(fdt_chosen_bootargs(fdt), "root=/dev/ram0");
		CHECK_EQ(fdt_chosen_initrd(fdt, &a, &s), 0);
		CHECK_EQ(a, 0x48000000);
		CHECK_EQ(s, 0x48000000 + 300000);
		CHECK(info.has_initrd);
		CHECK_EQ(info.initrd_start, 0x48000000);
		CHECK_EQ(info.initrd_end, 0x480493e0);
	} else {
		CHECK(fdt_chosen_bootargs(fdt) == NULL);
		CHECK(info.bootargs == NULL);
	}
	if (strcmp(v->file, "virt-initrd.dtb")) {
		CHECK_EQ(fdt_chosen_initrd(fdt, &a, &s), -ENOENT);
		CHECK(!info.has_initrd);
	}
	/* QEMU's tree has no /aliases. */
	CHECK_EQ(fdt_path_offset(fdt, "/aliases"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "serial0"), -ENOENT);

	dtb_free(&d);
}

static const struct virt_variant virt_variants[] = {
	{ "virt-gicv2.dtb", 128 << 20, 2, 1, false, false },
	{ "virt-gicv2-smp4.dtb", 128 << 20, 2, 4, false, false },
	{ "virt-gicv3.dtb", 128 << 20, 3, 1, false, false },
	{ "virt-gicv3-smp4.dtb", 128 << 20, 3, 4, false, false },
	{ "virt-el2.dtb", 128 << 20, 2, 1, true, false },
	{ "virt-el2-gicv3.dtb", 128 << 20, 3, 4, true, false },
	{ "virt-secure.dtb", 128 << 20, 2, 1, false, true },
	{ "virt-2g.dtb", 2ULL << 30, 2, 1, false, false },
	{ "virt-2g-smp4.dtb", 2ULL << 30, 3, 4, false, false },
	{ "virt-bootargs.dtb", 128 << 20, 2, 1, false, false },
	{ "virt-initrd.dtb", 2ULL << 30, 2, 1, false, false },
};

TEST(virt_gicv2) { check_virt(&virt_variants[0]); }
TEST(virt_gicv2_smp4) { check_virt(&virt_variants[1]); }
TEST(virt_gicv3) { check_virt(&virt_variants[2]); }
TEST(virt_gicv3_smp4) { check_virt(&virt_variants[3]); }
TEST(virt_el2) { check_virt(&virt_variants[4]); }
TEST(virt_el2_gicv3) { check_virt(&virt_variants[5]); }
TEST(virt_secure) { check_virt(&virt_variants[6]); }
TEST(virt_2g) { check_virt(&virt_variants[7]); }
TEST(virt_2g_smp4) { check_virt(&virt_variants[8]); }
TEST(virt_bootargs) { check_virt(&virt_variants[9]); }
TEST(virt_initrd) { check_virt(&virt_variants[10]); }

/* ---------------------------------------------------------------------- */
/* Raspberry Pi 4 B (BCM2711): bus addresses behind /soc ranges, GIC-400. */

TEST(rpi4_addresses)
{
	struct dtb d;
	u64 a, s;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	struct fdt *fdt = &d.fdt;

	CHECK_STR(prop_str(fdt, "/", "model"), "Raspberry Pi 4 Model B");
	CHECK_EQ(fdt_node_check_compatible(fdt, 0, "brcm,bcm2711"), 0);
	CHECK_EQ(fdt_address_cells(fdt, 0), 2);
	CHECK_EQ(fdt_size_cells(fdt, 0), 1);
	CHECK_EQ(fdt_address_cells(fdt, fdt_path_offset(fdt, "/soc")), 1);

	/* PL011 uart0: bus 0x7e201000 -> CPU 0xfe201000 */
	check_reg(fdt, "/soc/serial@7e201000", 0, 0xfe201000, 0x200);
	check_reg(fdt, "serial0", 0, 0xfe201000, 0x200);
	/* mini UART, GPIO, system timer, watchdog, mailbox */
	check_reg(fdt, "/soc/serial@7e215040", 0, 0xfe215040, 0x40);
	check_reg(fdt, "serial1", 0, 0xfe215040, 0x40);
	check_reg(fdt, "/soc/gpio@7e200000", 0, 0xfe200000, 0xb4);
	check_reg(fdt, "/soc/timer@7e003000", 0, 0xfe003000, 0x1000);
	check_reg(fdt, "/soc/watchdog@7e100000", 0, 0xfe100000, 0x114);
	check_reg(fdt, "/soc/mailbox@7e00b880", 0, 0xfe00b880, 0x40);
	/* GIC-400 through the 0x40000000 -> 0xff800000 window */
	check_reg(fdt, "/soc/interrupt-controller@40041000", 0, 0xff841000, 0x1000);
	check_reg(fdt, "/soc/interrupt-controller@40041000", 1, 0xff842000, 0x2000);
	check_reg(fdt, "/soc/interrupt-controller@40041000", 2, 0xff844000, 0x2000);
	check_reg(fdt, "/soc/interrupt-controller@40041000", 3, 0xff846000, 0x2000);
	check_reg_err(fdt, "/soc/interrupt-controller@40041000", 4, -ENOENT);
	check_reg(fdt, "/soc/local_intc@40000000", 0, 0xff800000, 0x100);
	/* Other buses: /emmc2bus and /scb have 2-cell child addresses. */
	check_reg(fdt, "/emmc2bus/mmc@7e340000", 0, 0xfe340000, 0x100);
	check_reg(fdt, "/scb/ethernet@7d580000", 0, 0xfd580000, 0x10000);
	check_reg(fdt, "/scb/pcie@7d500000", 0, 0xfd500000, 0x9310);
	check_reg(fdt, "/scb/gpu@7ec00000", 1, 0xfec04000, 0x4000);
	/* The ethernet node has no ranges: its MDIO child is not memory-mapped. */
	check_reg_err(fdt, "/scb/ethernet@7d580000/mdio@e14", 0, -ENXIO);
	/* PCI config space addresses match no ranges entry. */
	check_reg_err(fdt, "/scb/pcie@7d500000/pci@0,0", 0, -ENXIO);
	/* reg-names */
	CHECK_EQ(fdt_stringlist_search(fdt, fdt_path_offset(fdt, "/scb/gpu@7ec00000"),
				       "reg-names", "core0"), 1);
	/* spin-table release addresses are u64 */
	CHECK_EQ(fdt_getprop_u64(fdt, fdt_path_offset(fdt, "/cpus/cpu@1"),
				 "cpu-release-addr", &a), 0);
	CHECK_EQ(a, 0xe0);
	CHECK_EQ(fdt_getprop_u32(fdt, fdt_path_offset(fdt, "/cpus/cpu@1"),
				 "cpu-release-addr", (u32 *)&s), -EBADMSG);
	CHECK_STR(prop_str(fdt, "/cpus/cpu@3", "enable-method"), "spin-table");
	CHECK_EQ(fdt_path_offset(fdt, "/psci"), -ENOENT);
	dtb_free(&d);
}

TEST(rpi4_interrupts)
{
	const char *gic = "/soc/interrupt-controller@40041000";
	u32 cells[4];
	struct dtb d;
	int hdmi;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	struct fdt *fdt = &d.fdt;

	/* PL011: SPI 121 (INTID 153), level-high; inherits the root's parent. */
	check_irq(fdt, "/soc/serial@7e201000", 0, gic, 0, 121, 4);
	check_irq(fdt, "/soc/serial@7e215040", 0, gic, 0, 93, 4);
	CHECK_EQ(fdt_interrupt_parent(fdt, fdt_path_offset(fdt, "/soc/serial@7e201000")),
		 fdt_path_offset(fdt, gic));
	CHECK_EQ(fdt_get_phandle(fdt, fdt_path_offset(fdt, gic)), 1);
	/* GIC maintenance interrupt, 4-CPU mask */
	check_irq(fdt, gic, 0, gic, 1, 9, 0xf04);
	/* Architected timer: PPIs 13, 14, 11, 10, flags 0xf08 */
	check_irq(fdt, "/timer", 0, gic, 1, 13, 0xf08);
	check_irq(fdt, "/timer", 1, gic, 1, 14, 0xf08);
	check_irq(fdt, "/timer", 2, gic, 1, 11, 0xf08);
	check_irq(fdt, "/timer", 3, gic, 1, 10, 0xf08);
	check_irq(fdt, "/soc/timer@7e003000", 3, gic, 0, 67, 4);
	check_irq(fdt, "/emmc2bus/mmc@7e340000", 0, gic, 0, 126, 4);
	check_irq(fdt, "/scb/ethernet@7d580000", 1, gic, 0, 158, 4);
	/* HDMI uses its own interrupt-parent: the 1-cell L2 controller. */
	hdmi = node_at(fdt, "/soc/hdmi@7ef00700");
	check_irq(fdt, "/soc/hdmi@7ef00700", 3, "/soc/interrupt-controller@7ef00100", 3);
	check_irq(fdt, "/soc/hdmi@7ef00700", 5, "/soc/interrupt-controller@7ef00100", 5);
	CHECK_EQ(fdt_get_interrupt(fdt, hdmi, 6, cells, 4, NULL), -ENOENT);
	CHECK_EQ(fdt_stringlist_search(fdt, hdmi, "interrupt-names", "wakeup"), 3);
	/* ... which is itself wired to the GIC */
	check_irq(fdt, "/soc/interrupt-controller@7ef00100", 0, gic, 0, 96, 4);
	/* The PCI bridge node has no interrupts of its own. */
	CHECK_EQ(fdt_get_interrupt(fdt, fdt_path_offset(fdt, "/scb/pcie@7d500000/pci@0,0"),
				   0, cells, 4, NULL), -ENOENT);
	dtb_free(&d);
}

TEST(rpi4_paths_chosen_memory)
{
	struct early_dt_info info;
	const char *opts = "unset";
	struct dtb d;
	u64 a, s;
	int uart1;

	if (!dtb_load(&d, "bcm2711-rpi-4-b.dtb"))
		return;
	struct fdt *fdt = &d.fdt;

	uart1 = node_at(fdt, "/soc/serial@7e215040");
	/* stdout-path = "serial1:115200n8": an alias with options */
	CHECK_EQ(fdt_chosen_stdout(fdt, &opts), uart1);
	CHECK_STR(opts, "115200n8");
	CHECK_STR(fdt_get_alias(fdt, "serial0"), "/soc/serial@7e201000");
	CHECK_EQ(fdt_path_offset(fdt, "serial0/bluetooth"),
		 fdt_path_offset(fdt, "/soc/serial@7e201000/bluetooth"));
	CHECK(fdt_path_offset(fdt, "serial0/bluetooth") > 0);
	CHECK_EQ(fdt_path_offset(fdt, "blconfig"), fdt_path_offset(fdt, "/reserved-memory/nvram@0"));
	CHECK_EQ(fdt_path_offset(fdt, "nosuchalias"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "serial0/nosuchchild"), -ENOENT);
	/* Unit addresses: several /soc/serial@..., so no shorthand. */
	CHECK_EQ(fdt_path_offset(fdt, "/soc/serial"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "/soc/serial@7e2010"), -ENOENT);
	CHECK_EQ(fdt_path_offset(fdt, "/memory"), fdt_path_offset(fdt, "/memory@0"));
	CHECK_EQ(fdt_path_offset(fdt, "//soc//serial@7e201000/"),
		 fdt_path_offset(fdt, "/soc/serial@7e201000"));
	CHECK_EQ(fdt_path_offset(fdt, "/"), 0);
	CHECK_EQ(fdt_path_offset(fdt, ""), -EINVAL);
	CHECK(fdt_chosen_bootargs(fdt) == NULL);
	CHECK_EQ(fdt_chosen_initrd(fdt, &a, &s), -ENOENT);

	/* /memreserve/ 0x0 0x1000: armstub and spin table */
	CHECK_EQ(fdt_num_mem_rsv(fdt), 1);
	CHECK_EQ(fdt_get_mem_rsv(fdt, 0, &a, &s), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(s, 0x1000);
	CHECK_EQ(fdt_get_mem_rsv(fdt, 1, &a, &s), -ENOENT);
	CHECK_EQ(fdt_get_mem_rsv(fdt, -1, &a, &s), -ENOENT);

	/* The shipped tree has memory@0 reg = <0 0 0>: the firmware fills it. */
	CHECK_EQ(fdt_reg_count(fdt, fdt_path_offset(fdt, "/memory@0")), 1);
	check_reg(fdt, "/memory@0", 0, 0, 0);
	memblock_reset();
	CHECK_EQ(early_init_dt_scan(fdt, &info), -ENOENT);
	CHECK_EQ(info.nr_memory, 0);
	CHECK_EQ(info.nr_memory_skipped, 1);
	CHECK_EQ(memblock.memory.cnt, 0);
	CHECK_EQ(info.nr_memreserve, 1);
	CHECK(memblock_region_is(&memblock.reserved, 0, 0, 0x1000));
	CHECK_EQ(memblock.reserved.cnt, 1);
	/* reserved-memory: linux,cma is 64 MiB placed later; nvram@0 is disabled */
	CHECK_EQ(info.nr_reserved, 1);
	CHECK_EQ(info.reserved[0].flags, EARLY_DT_DYNAMIC | EARLY_DT_REUSABLE);
	CHECK_EQ(info.reserved[0].size, 64 << 20);
	CHECK_EQ(info.reserved[0].node, fdt_path_offset(fdt, "/reserved-memory/linux,cma"));
	CHECK(!fdt_node_is_enabled(fdt, fdt_path_offset(fdt, "blconfig")));
	CHECK(fdt_getprop_bool(fdt, fdt_path_offset(fdt, "blconfig"), "no-map"));
	CHECK_EQ(info.stdout_node, uart1);
	CHECK_STR(info.stdout_options, "115200n8");
	CHECK_STR(info.stdout_path, "serial1:115200n8");
	CHECK_EQ(info.nr_errors, 0);

	/* bootinfo's view */
	char buf[4096];

	printk_capture_start(buf, sizeof(buf));
	early_dt_print_info(&info);
	printk_capture_stop();
	CHECK(strstr(buf, "DT: model \"Raspberry Pi 4 Model B\"") != NULL);
	CHECK(strstr(buf, "DT: memreserve [0x0000000000000000-0x0000000000000fff]") != NULL);
	CHECK(strstr(buf, "linux,cma: dynamic, size 0x4000000") != NULL);
	CHECK(strstr(buf, "DT: stdout /soc/serial@7e215040 options 115200n8") != NULL);
	dtb_free(&d);
}

/* ---------------------------------------------------------------------- */
/* Raspberry Pi 3 B (BCM2837): 1-cell root, no GIC. */

TEST(rpi3)
{
	const char *armctrl = "/soc/interrupt-controller@7e00b200";
	const char *local = "/soc/local_intc@40000000";
	struct early_dt_info info;
	const char *opts;
	struct dtb d;

	if (!dtb_load(&d, "bcm2837-rpi-3-b.dtb"))
		return;
	struct fdt *fdt = &d.fdt;

	CHECK_EQ(fdt_address_cells(fdt, 0), 1);
	CHECK_EQ(fdt_size_cells(fdt, 0), 1);
	check_reg(fdt, "/soc/serial@7e201000", 0, 0x3f201000, 0x200);
	check_reg(fdt, "serial0", 0, 0x3f201000, 0x200);
	check_reg(fdt, "/soc/serial@7e215040", 0, 0x3f215040, 0x40);
	/* the second, identity, ranges entry */
	check_reg(fdt, local, 0, 0x40000000, 0x100);
	check_reg(fdt, armctrl, 0, 0x3f00b200, 0x200);
	check_irq(fdt, "/soc/serial@7e201000", 0, armctrl, 2, 25);
	check_irq(fdt, "/soc/serial@7e215040", 0, armctrl, 1, 29);
	check_irq(fdt, "/timer", 0, local, 0, 4);
	check_irq(fdt, "/timer", 1, local, 1, 4);
	check_irq(fdt, "/timer", 2, local, 3, 4);
	check_irq(fdt, "/timer", 3, local, 2, 4);
	check_irq(fdt, armctrl, 0, local, 8, 4);
	CHECK_EQ(fdt_chosen_stdout(fdt, &opts), fdt_path_offset(fdt, "/soc/serial@7e215040"));
	CHECK_STR(opts, "115200n8");

	check_reg(fdt, "/memory@0", 0, 0, 0x40000000);
	memblock_reset();
	CHECK_EQ(early_init_dt_scan(fdt, &info), 0);
	CHECK_EQ(memblock.memory.cnt, 1);
	CHECK(memblock_region_is(&memblock.memory, 0, 0, 0x40000000));
	CHECK_EQ(memblock.reserved.cnt, 1);
	CHECK(memblock_region_is(&memblock.reserved, 0, 0, 0x1000));
	CHECK_EQ(info.nr_reserved, 1);	/* linux,cma, dynamic */
	CHECK_EQ(info.reserved[0].flags, EARLY_DT_DYNAMIC | EARLY_DT_REUSABLE);
	/* Top-down allocation from what is left. */
	CHECK_EQ(memblock_phys_alloc(0x1000, 0x1000), 0x40000000 - 0x1000);
	dtb_free(&d);
}

/* Debian ships bcm2710-rpi-3-b.dtb only in older kernels; check it if there. */
TEST(rpi3_bcm2710_if_present)
{
	char path[512];
	struct dtb d;
	FILE *f;

	snprintf(path, sizeof(path), "%s/bcm2710-rpi-3-b.dtb", dtb_dir());
	f = fopen(path, "rb");
	if (!f) {
		printf("# %s not in this kernel package (only bcm2837); nothing to check\n", path);
		return;
	}
	fclose(f);
	if (!dtb_load(&d, "bcm2710-rpi-3-b.dtb"))
		return;
	check_reg(&d.fdt, "serial0", 0, 0x3f201000, 0x200);
	dtb_free(&d);
}

/* ---------------------------------------------------------------------- */
/* Every real DTB against dtc's decompilation. */

struct strbuf {
	char *s;
	size_t len, size;
};

static __attribute__((format(printf, 2, 3))) void sb_printf(struct strbuf *b,
							     const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->size - b->len, fmt, ap);
		va_end(ap);
		if (b->len + n < b->size)
			break;
		b->size = b->size * 2 + n + 1;
		b->s = realloc(b->s, b->size);
	}
	b->len += n;
}

/* Build the same listing the fetch script makes with dtc and awk. */
static void list_tree(const struct fdt *fdt, struct strbuf *out, bool deep)
{
	int stack[FDT_MAX_DEPTH + 1];
	int node, depth = 0, prop, count = 0;
	char path[512];
	u64 a, s;

	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
		CHECK_EQ(fdt_get_mem_rsv(fdt, i, &a, &s), 0);
		sb_printf(out, "R 0x%016llx 0x%016llx\n", (unsigned long long)a,
			  (unsigned long long)s);
	}
	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		if (depth < 0 || depth > FDT_MAX_DEPTH) {
			CHECK(0);
			break;
		}
		stack[depth] = node;
		count++;
		CHECK_EQ(fdt_get_path(fdt, node, path, sizeof(path)), 0);
		sb_printf(out, "N %s\n", path);
		fdt_for_each_property(prop, fdt, node) {
			const char *name;
			int len;

			CHECK(fdt_getprop_by_offset(fdt, prop, &name, &len) != NULL);
			sb_printf(out, "P %s %s\n", path, name);
		}
		CHECK_EQ(prop, -ENOENT);
		if (!deep && count % 16)
			continue;
		/* Parent, depth and path lookup agree with the walk. */
		CHECK_EQ(fdt_node_depth(fdt, node), depth);
		CHECK_EQ(fdt_parent(fdt, node), depth ? stack[depth - 1] : -ENOENT);
		CHECK_EQ(fdt_path_offset(fdt, path), node);
		if (depth) {
			int c, seen = 0;

			fdt_for_each_subnode(c, fdt, stack[depth - 1])
				seen |= c == node;
			CHECK(seen);
		}
	}
	CHECK_EQ(node, -ENOENT);
	CHECK_EQ(count, fdt->num_nodes);
}

static void compare_with_dtc(const char *dir, const char *name, int *checked)
{
	char path[512];
	struct strbuf mine = { malloc(4096), 0, 4096 };
	size_t reflen;
	struct fdt fdt;
	size_t size;
	u8 *blob, *ref;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	blob = read_file(path, &size);
	snprintf(path, sizeof(path), "%s/%s.list", dir, name);
	ref = read_file(path, &reflen);
	CHECK(blob && ref);
	if (blob && ref) {
		int err = fdt_init(&fdt, blob, size);

		if (err)
			printf("# %s: %s\n", name, fdt.errmsg);
		CHECK_EQ(err, 0);
		if (!err) {
			list_tree(&fdt, &mine, strncmp(name, "virt", 4) == 0);
			if (mine.len != reflen || memcmp(mine.s, ref, reflen)) {
				size_t i = 0;

				while (i < mine.len && i < reflen && mine.s[i] == ref[i])
					i++;
				printf("# %s: listing differs from dtc at byte %zu: \"%.60s\" vs \"%.60s\"\n",
				       name, i, mine.s + i, (char *)ref + i);
				test_failed_checks++;
			}
			(*checked)++;
		}
	}
	free(mine.s);
	free(blob);
	free(ref);
}

static int compare_dir(const char *dir)
{
	struct dirent *de;
	int checked = 0;
	DIR *dp = opendir(dir);

	if (!dp) {
		printf("# cannot open %s\n", dir);
		test_failed_checks++;
		return 0;
	}
	while ((de = readdir(dp))) {
		size_t l = strlen(de->d_name);

		if (l > 4 && !strcmp(de->d_name + l - 4, ".dtb"))
			compare_with_dtc(dir, de->d_name, &checked);
	}
	closedir(dp);
	return checked;
}

TEST(all_dtbs_match_dtc)
{
	char sub[512];
	int n;

	n = compare_dir(dtb_dir());
	CHECK(n >= 13);		/* 11 virt + Pi 4 + Pi 3 */
	snprintf(sub, sizeof(sub), "%s/broadcom", dtb_dir());
	n = compare_dir(sub);
	CHECK(n >= 2);
	printf("# broadcom: %d DTBs\n", n);
}

/* ---------------------------------------------------------------------- */
/* A tiny DTB writer for hand-made (and deliberately broken) trees. */

struct fb {
	u8 st[16384];
	int stlen;
	char str[4096];
	int strlen;
	u64 rsv[8][2];
	int nrsv;
};

static void fb_init(struct fb *b)
{
	memset(b, 0, sizeof(*b));
}

static void fb_u32(struct fb *b, u32 v)
{
	put32(b->st + b->stlen, v);
	b->stlen += 4;
}

static void fb_bytes(struct fb *b, const void *p, int len)
{
	if (len)
		memcpy(b->st + b->stlen, p, len);
	b->stlen += len;
	while (b->stlen & 3)
		b->st[b->stlen++] = 0;
}

static u32 fb_string(struct fb *b, const char *s)
{
	int len = strlen(s) + 1;

	for (int i = 0; i + len <= b->strlen; i++)
		if (!memcmp(b->str + i, s, len))
			return i;
	memcpy(b->str + b->strlen, s, len);
	b->strlen += len;
	return b->strlen - len;
}

static void fb_begin(struct fb *b, const char *name)
{
	fb_u32(b, FDT_BEGIN_NODE);
	fb_bytes(b, name, strlen(name) + 1);
}

static void fb_end(struct fb *b)
{
	fb_u32(b, FDT_END_NODE);
}

static void fb_prop(struct fb *b, const char *name, const void *val, int len)
{
	fb_u32(b, FDT_PROP);
	fb_u32(b, len);
	fb_u32(b, fb_string(b, name));
	fb_bytes(b, val, len);
}

static void fb_str(struct fb *b, const char *name, const char *s)
{
	fb_prop(b, name, s, strlen(s) + 1);
}

static void fb_cells_(struct fb *b, const char *name, const u32 *c, int n)
{
	u8 tmp[256];

	for (int i = 0; i < n; i++)
		put32(tmp + 4 * i, c[i]);
	fb_prop(b, name, tmp, 4 * n);
}
#define fb_cells(b, name, ...)							\
	fb_cells_(b, name, (const u32[]){ __VA_ARGS__ },			\
		  sizeof((const u32[]){ __VA_ARGS__ }) / sizeof(u32))

/* Lay out header | memreserve | struct (+END) | strings in a buffer of exactly the right size. */
static u8 *fb_finish(struct fb *b, int version, bool add_end, size_t *size)
{
	int hdr = version >= 17 ? 40 : 36;
	int off_rsv = ALIGN(hdr, 8);
	int off_struct, off_strings, total;
	u8 *blob;

	if (add_end)
		fb_u32(b, FDT_END);
	off_struct = off_rsv + 16 * (b->nrsv + 1);
	off_strings = off_struct + b->stlen;
	total = off_strings + b->strlen;
	blob = calloc(1, total);
	put32(blob + 0, FDT_MAGIC);
	put32(blob + 4, total);
	put32(blob + 8, off_struct);
	put32(blob + 12, off_strings);
	put32(blob + 16, off_rsv);
	put32(blob + 20, version);
	put32(blob + 24, 16);
	put32(blob + 28, 0);
	put32(blob + 32, b->strlen);
	if (version >= 17)
		put32(blob + 36, b->stlen);
	for (int i = 0; i < b->nrsv; i++) {
		put32(blob + off_rsv + 16 * i, b->rsv[i][0] >> 32);
		put32(blob + off_rsv + 16 * i + 4, (u32)b->rsv[i][0]);
		put32(blob + off_rsv + 16 * i + 8, b->rsv[i][1] >> 32);
		put32(blob + off_rsv + 16 * i + 12, (u32)b->rsv[i][1]);
	}
	memcpy(blob + off_struct, b->st, b->stlen);
	memcpy(blob + off_strings, b->str, b->strlen);
	*size = total;
	return blob;
}

/*
 * The feature tree:
 *
 * / (#address-cells 2, #size-cells 2, interrupt-parent = gic)
 *   aliases, chosen (u64 initrd-start, u32 initrd-end)
 *   memory@80000000: two ranges + an empty one; memory@c0000800: sub-page
 *   memory@200000000: disabled
 *   reserved-memory: fw (no-map), buf (two regs), pool (size only),
 *	off (disabled)
 *   intc@1000 (gic, 3 cells, phandle 1), l2@2000 (1 cell, phandle 2)
 *   bus@f0000000 (1/1 cells, bus 0 -> CPU 0xf0000000, 256 MiB)
 *     sub@100 (2/1 cells, (1,0) -> 0x100000, 64 KiB)
 *       uart@1,20, dev@1,40 (interrupts-extended)
 *     nomap@200 (no ranges): child@0
 *     id@300 (empty ranges): x@300
 *     l2dev@400 (interrupt-parent = l2), serial@500, serial@600
 *   top (1/1, 0 -> 0xfffffffffffff000, 8 KiB, past 2^64): dev@800
 *   wide (3/2 cells, empty ranges): big@1,0,0 (too big for 2 cells)
 *   defaults (no cell counts, empty ranges): d@1234
 *   ext: a nexus parent for interrupts
 */
static u8 *build_feature_tree(int version, size_t *size)
{
	static struct fb b;

	fb_init(&b);
	b.rsv[0][0] = 0x1000;
	b.rsv[0][1] = 0x2000;
	b.rsv[1][0] = 0x80000000;
	b.rsv[1][1] = 0x10000;
	b.nrsv = 2;
	fb_begin(&b, "");
	fb_cells(&b, "#address-cells", 2);
	fb_cells(&b, "#size-cells", 2);
	fb_str(&b, "model", "arbor,feature-tree");
	fb_prop(&b, "compatible", "arbor,synth\0arbor,test", 23);
	fb_cells(&b, "interrupt-parent", 1);

	fb_begin(&b, "aliases");
	fb_str(&b, "serial0", "/bus@f0000000/sub@100/uart@1,20");
	fb_str(&b, "bus", "/bus@f0000000");
	fb_str(&b, "relative", "bus@f0000000");
	fb_prop(&b, "unterminated", "/bus", 4);
	fb_end(&b);

	fb_begin(&b, "chosen");
	fb_str(&b, "bootargs", "console=ttyS0 quiet");
	fb_str(&b, "stdout-path", "serial0:9600n8");
	fb_cells(&b, "linux,initrd-start", 0x0, 0x90000000);
	fb_cells(&b, "linux,initrd-end", 0x91000000);
	fb_end(&b);

	fb_begin(&b, "memory@80000000");
	fb_str(&b, "device_type", "memory");
	fb_cells(&b, "reg", 0, 0x80000000, 0, 0x40000000,
		 0x1, 0x0, 0, 0x10000000,
		 0, 0, 0, 0);
	fb_end(&b);
	fb_begin(&b, "memory@c0000800");
	fb_str(&b, "device_type", "memory");
	fb_cells(&b, "reg", 0, 0xc0000800, 0, 0x2000);
	fb_end(&b);
	fb_begin(&b, "memory@200000000");
	fb_str(&b, "device_type", "memory");
	fb_str(&b, "status", "disabled");
	fb_cells(&b, "reg", 0x2, 0, 0, 0x1000000);
	fb_end(&b);

	fb_begin(&b, "reserved-memory");
	fb_cells(&b, "#address-cells", 2);
	fb_cells(&b, "#size-cells", 2);
	fb_prop(&b, "ranges", NULL, 0);
	fb_begin(&b, "fw@88000000");
	fb_cells(&b, "reg", 0, 0x88000000, 0, 0x100000);
	fb_prop(&b, "no-map", NULL, 0);
	fb_end(&b);
	fb_begin(&b, "buf@89000000");
	fb_cells(&b, "reg", 0, 0x89000000, 0, 0x10000, 0, 0x89100000, 0, 0x10000);
	fb_str(&b, "status", "okay");
	fb_end(&b);
	fb_begin(&b, "pool");
	fb_cells(&b, "size", 0, 0x400000);
	fb_prop(&b, "reusable", NULL, 0);
	fb_end(&b);
	fb_begin(&b, "off@8a000000");
	fb_cells(&b, "reg", 0, 0x8a000000, 0, 0x1000);
	fb_str(&b, "status", "disabled");
	fb_end(&b);
	fb_end(&b);

	fb_begin(&b, "intc@1000");
	fb_str(&b, "compatible", "arm,gic-400");
	fb_prop(&b, "interrupt-controller", NULL, 0);
	fb_cells(&b, "#interrupt-cells", 3);
	fb_cells(&b, "reg", 0, 0x1000, 0, 0x1000);
	fb_cells(&b, "phandle", 1);
	fb_end(&b);
	fb_begin(&b, "l2@2000");
	fb_prop(&b, "interrupt-controller", NULL, 0);
	fb_cells(&b, "#interrupt-cells", 1);
	fb_cells(&b, "reg", 0, 0x2000, 0, 0x100);
	fb_cells(&b, "interrupts", 0, 5, 4);
	fb_cells(&b, "linux,phandle", 2);
	fb_end(&b);

	fb_begin(&b, "bus@f0000000");
	fb_prop(&b, "compatible", "simple-bus", 11);
	fb_cells(&b, "#address-cells", 1);
	fb_cells(&b, "#size-cells", 1);
	fb_cells(&b, "ranges", 0x0, 0x0, 0xf0000000, 0x10000000);
	fb_begin(&b, "sub@100");
	fb_prop(&b, "compatible", "simple-bus", 11);
	fb_cells(&b, "#address-cells", 2);
	fb_cells(&b, "#size-cells", 1);
	fb_cells(&b, "ranges", 0x1, 0x0, 0x100000, 0x10000);
	fb_begin(&b, "uart@1,20");
	fb_str(&b, "compatible", "ns16550a");
	fb_cells(&b, "reg", 0x1, 0x20, 0x100);
	fb_cells(&b, "interrupts", 0, 33, 4);
	fb_end(&b);
	fb_begin(&b, "dev@1,40");
	fb_cells(&b, "reg", 0x1, 0x40, 0x10, 0x2, 0x0, 0x10);
	fb_cells(&b, "interrupts-extended", 1, 0, 7, 4, 2, 9);
	fb_cells(&b, "interrupts", 0, 99, 4);	/* ignored: -extended wins */
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "nomap@200");
	fb_cells(&b, "#address-cells", 1);
	fb_cells(&b, "#size-cells", 1);
	fb_cells(&b, "reg", 0x200, 0x100);
	fb_begin(&b, "child@0");
	fb_cells(&b, "reg", 0x0, 0x10);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "id@300");
	fb_cells(&b, "#address-cells", 1);
	fb_cells(&b, "#size-cells", 1);
	fb_prop(&b, "ranges", NULL, 0);
	fb_begin(&b, "x@300");
	fb_cells(&b, "reg", 0x300, 0x4);
	fb_end(&b);
	fb_end(&b);
	fb_begin(&b, "l2dev@400");
	fb_cells(&b, "reg", 0x400, 0x10);
	fb_cells(&b, "interrupt-parent", 2);
	fb_cells(&b, "interrupts", 3, 4);
	fb_str(&b, "status", "ok");
	fb_end(&b);
	fb_begin(&b, "serial@500");
	fb_cells(&b, "reg", 0x500, 0x10);
	fb_str(&b, "status", "fail");
	fb_end(&b);
	fb_begin(&b, "serial@600");
	fb_cells(&b, "reg", 0x10000000, 0x10);	/* just past the bus window */
	fb_end(&b);
	fb_end(&b);

	fb_begin(&b, "top");
	fb_cells(&b, "#address-cells", 1);
	fb_cells(&b, "#size-cells", 1);
	fb_cells(&b, "ranges", 0x0, 0xffffffff, 0xfffff000, 0x2000);
	fb_begin(&b, "dev@800");
	fb_cells(&b, "reg", 0x800, 0x10, 0x1800, 0x10, 0x3000, 0x10);
	fb_end(&b);
	fb_end(&b);

	fb_begin(&b, "wide");
	fb_cells(&b, "#address-cells", 3);
	fb_cells(&b, "#size-cells", 2);
	fb_prop(&b, "ranges", NULL, 0);
	fb_begin(&b, "big@1,0,0");
	fb_cells(&b, "reg", 0x1, 0x0, 0x0, 0x0, 0x10, 0x0, 0x0, 0x1234, 0x1, 0x0);
	fb_end(&b);
	fb_end(&b);

	/* No #address-cells / #size-cells: the spec's defaults, 2 and 1. */
	fb_begin(&b, "defaults");
	fb_prop(&b, "ranges", NULL, 0);
	fb_begin(&b, "d@1234");
	fb_cells(&b, "reg", 0x0, 0x1234, 0x10);
	fb_end(&b);
	fb_end(&b);

	fb_begin(&b, "nexus");
	fb_cells(&b, "#interrupt-cells", 1);
	fb_cells(&b, "interrupt-map", 0, 1, 0, 3, 4);
	fb_cells(&b, "phandle", 3);
	fb_begin(&b, "leaf");
	fb_cells(&b, "interrupt-parent", 3);
	fb_cells(&b, "interrupts", 0);
	fb_end(&b);
	fb_end(&b);

	fb_begin(&b, "loop-a");
	fb_cells(&b, "phandle", 4);
	fb_cells(&b, "interrupt-parent", 5);
	fb_cells(&b, "interrupts", 1);
	fb_end(&b);
	fb_begin(&b, "loop-b");
	fb_cells(&b, "phandle", 5);
	fb_cells(&b, "interrupt-parent", 4);
	fb_end(&b);
	fb_end(&b);
	return fb_finish(&b, version, true, size);
}

static void check_feature_tree(const struct fdt *fdt)
{
	struct early_dt_info info;
	const char *opts;
	u32 cells[8];
	u64 a, s;
	int n, parent;

	CHECK_EQ(fdt_num_mem_rsv(fdt), 2);
	CHECK_STR(fdt_getprop_str(fdt, 0, "model"), "arbor,feature-tree");
	CHECK_EQ(fdt_node_check_compatible(fdt, 0, "arbor,test"), 0);
	CHECK_EQ(fdt_stringlist_count(fdt, 0, "compatible"), 2);
	CHECK_STR(fdt_stringlist_get(fdt, 0, "compatible", 1, &n), "arbor,test");
	CHECK_EQ(n, 10);
	CHECK(fdt_stringlist_get(fdt, 0, "compatible", 2, &n) == NULL);
	CHECK_EQ(n, -ENOENT);

	/* Two levels of ranges with different cell counts. */
	check_reg(fdt, "/bus@f0000000/sub@100/uart@1,20", 0, 0xf0100020, 0x100);
	check_reg(fdt, "serial0", 0, 0xf0100020, 0x100);
	check_reg(fdt, "/bus@f0000000/sub@100/dev@1,40", 0, 0xf0100040, 0x10);
	check_reg_err(fdt, "/bus@f0000000/sub@100/dev@1,40", 1, -ENXIO);
	check_reg_err(fdt, "/bus@f0000000/nomap@200/child@0", 0, -ENXIO);
	check_reg(fdt, "/bus@f0000000/nomap@200", 0, 0xf0000200, 0x100);
	check_reg(fdt, "/bus@f0000000/id@300/x@300", 0, 0xf0000300, 4);
	check_reg_err(fdt, "/bus@f0000000/serial@600", 0, -ENXIO);
	check_reg(fdt, "/top/dev@800", 0, 0xfffffffffffff800ULL, 0x10);
	check_reg_err(fdt, "/top/dev@800", 1, -EOVERFLOW);
	check_reg_err(fdt, "/top/dev@800", 2, -ENXIO);
	check_reg_err(fdt, "/wide/big@1,0,0", 0, -ENXIO);
	check_reg(fdt, "/wide/big@1,0,0", 1, 0x1234, 0x100000000ULL);
	check_reg(fdt, "/defaults/d@1234", 0, 0x1234, 0x10);
	CHECK_EQ(fdt_address_cells(fdt, fdt_path_offset(fdt, "/defaults")), 2);
	CHECK_EQ(fdt_size_cells(fdt, fdt_path_offset(fdt, "/defaults")), 1);
	check_reg_err(fdt, "/", 0, -EINVAL);
	check_reg_err(fdt, "/chosen", 0, -ENOENT);
	CHECK_EQ(fdt_reg_count(fdt, fdt_path_offset(fdt, "/bus@f0000000/sub@100/dev@1,40")), 2);
	CHECK_EQ(fdt_translate_address(fdt, 0, (const u8[]){ 0, 0, 0, 1, 0, 0, 0, 2 }, 2, &a), 0);
	CHECK_EQ(a, 0x100000002ULL);
	CHECK_EQ(fdt_translate_address(fdt, 0, NULL, 5, &a), -EINVAL);

	/* Interrupts: inherited parent, explicit parent, -extended, nexus, loop. */
	check_irq(fdt, "/bus@f0000000/sub@100/uart@1,20", 0, "/intc@1000", 0, 33, 4);
	check_irq(fdt, "/bus@f0000000/sub@100/dev@1,40", 0, "/intc@1000", 0, 7, 4);
	check_irq(fdt, "/bus@f0000000/sub@100/dev@1,40", 1, "/l2@2000", 9);
	CHECK_EQ(fdt_get_interrupt(fdt, fdt_path_offset(fdt, "/bus@f0000000/sub@100/dev@1,40"),
				   2, cells, 8, &parent), -ENOENT);
	check_irq(fdt, "/bus@f0000000/l2dev@400", 0, "/l2@2000", 3);
	check_irq(fdt, "/bus@f0000000/l2dev@400", 1, "/l2@2000", 4);
	check_irq(fdt, "/l2@2000", 0, "/intc@1000", 0, 5, 4);
	CHECK_EQ(fdt_get_interrupt(fdt, fdt_path_offset(fdt, "/nexus/leaf"), 0, cells, 8, NULL),
		 -EOPNOTSUPP);
	CHECK_EQ(fdt_get_interrupt(fdt, fdt_path_offset(fdt, "/loop-a"), 0, cells, 8, NULL),
		 -ELOOP);
	CHECK_EQ(fdt_node_by_phandle(fdt, 2), fdt_path_offset(fdt, "/l2@2000"));
	CHECK_EQ(fdt_node_by_phandle(fdt, 0), -EINVAL);
	CHECK_EQ(fdt_node_by_phandle(fdt, ~0u), -EINVAL);
	CHECK_EQ(fdt_node_by_phandle(fdt, 77), -ENOENT);

	/* status */
	CHECK(fdt_node_is_enabled(fdt, fdt_path_offset(fdt, "/bus@f0000000/l2dev@400")));
	CHECK(!fdt_node_is_enabled(fdt, fdt_path_offset(fdt, "/bus@f0000000/serial@500")));
	CHECK(fdt_node_is_enabled(fdt, fdt_path_offset(fdt, "/bus@f0000000/serial@600")));
	CHECK(!fdt_node_is_enabled(fdt, -ENOENT));

	/* paths and aliases */
	CHECK_EQ(fdt_path_offset(fdt, "/bus@f0000000/serial"), -ENOENT);	/* ambiguous */
	CHECK_EQ(fdt_path_offset(fdt, "/bus/sub/uart"),
		 fdt_path_offset(fdt, "/bus@f0000000/sub@100/uart@1,20"));
	CHECK_EQ(fdt_path_offset(fdt, "bus/sub@100"), fdt_path_offset(fdt, "/bus@f0000000/sub@100"));
	CHECK_EQ(fdt_path_offset(fdt, "relative"), -EBADMSG);
	CHECK_EQ(fdt_path_offset(fdt, "unterminated"), -ENOENT);
	CHECK(fdt_get_alias(fdt, "unterminated") == NULL);
	CHECK_EQ(fdt_path_offset(fdt, "/memory"), -ENOENT);	/* three memory@ nodes */
	CHECK_EQ(fdt_path_offset(fdt, "/memory@80000000"), fdt_subnode_offset(fdt, 0, "memory@80000000"));

	/* /chosen */
	CHECK_STR(fdt_chosen_bootargs(fdt), "console=ttyS0 quiet");
	CHECK_EQ(fdt_chosen_stdout(fdt, &opts), fdt_path_offset(fdt, "/bus@f0000000/sub@100/uart@1,20"));
	CHECK_STR(opts, "9600n8");
	CHECK_EQ(fdt_chosen_initrd(fdt, &a, &s), 0);
	CHECK_EQ(a, 0x90000000);
	CHECK_EQ(s, 0x91000000);

	/* The early scan. */
	memblock_reset();
	CHECK_EQ(early_init_dt_scan(fdt, &info), 0);
	CHECK_EQ(info.nr_errors, 0);
	CHECK_EQ(info.nr_memory, 3);
	CHECK_EQ(info.nr_memory_skipped, 1);
	CHECK_EQ(info.memory[2].base, 0xc0001000);	/* trimmed to whole pages */
	CHECK_EQ(info.memory[2].size, 0x1000);
	/* memory minus the no-map firmware region */
	CHECK_EQ(memblock.memory.cnt, 4);
	CHECK(memblock_region_is(&memblock.memory, 0, 0x80000000, 0x8000000));
	CHECK(memblock_region_is(&memblock.memory, 1, 0x88100000, 0x40000000 - 0x8100000));
	CHECK(memblock_region_is(&memblock.memory, 2, 0xc0001000, 0x1000));
	CHECK(memblock_region_is(&memblock.memory, 3, 0x100000000ULL, 0x10000000));
	CHECK(!memblock_is_memory(0x88000000));
	/* memreserve + reserved-memory regs */
	CHECK_EQ(info.nr_memreserve, 2);
	CHECK_EQ(memblock.reserved.cnt, 4);
	CHECK(memblock_region_is(&memblock.reserved, 0, 0x1000, 0x2000));
	CHECK(memblock_region_is(&memblock.reserved, 1, 0x80000000, 0x10000));
	CHECK(memblock_region_is(&memblock.reserved, 2, 0x89000000, 0x10000));
	CHECK(memblock_region_is(&memblock.reserved, 3, 0x89100000, 0x10000));
	CHECK_EQ(info.nr_reserved, 4);
	CHECK_EQ(info.reserved[0].flags, EARLY_DT_NOMAP);
	CHECK_EQ(info.reserved[0].base, 0x88000000);
	CHECK_EQ(info.reserved[1].flags, 0);
	CHECK_EQ(info.reserved[2].base, 0x89100000);
	CHECK_EQ(info.reserved[3].flags, EARLY_DT_DYNAMIC | EARLY_DT_REUSABLE);
	CHECK_EQ(info.reserved[3].size, 0x400000);
	CHECK(info.has_initrd);
	CHECK_STR(info.stdout_options, "9600n8");
}

TEST(feature_tree_v17)
{
	size_t size;
	u8 *blob = build_feature_tree(17, &size);
	struct fdt fdt;

	CHECK_EQ(fdt_init(&fdt, blob, size), 0);
	CHECK_STR(fdt.errmsg, "ok");
	check_feature_tree(&fdt);
	free(blob);
}

TEST(feature_tree_v16)
{
	size_t size;
	u8 *blob = build_feature_tree(16, &size);
	struct fdt fdt;

	CHECK_EQ(fdt_init(&fdt, blob, size), 0);
	CHECK_EQ(fdt.version, 16);
	check_feature_tree(&fdt);
	free(blob);
}

/* Accessors given offsets that are not nodes, or a failed fdt. */
TEST(bad_offsets)
{
	size_t size;
	u8 *blob = build_feature_tree(17, &size);
	struct fdt fdt, bad;
	u64 a, s;
	int len;
	char buf[8];

	CHECK_EQ(fdt_init(&fdt, blob, size), 0);
	for (int off = -8; off < (int)fdt.size_dt_struct + 64; off++) {
		int tag, next;

		tag = fdt_next_tag(&fdt, off, &next);
		if (tag == FDT_BEGIN_NODE) {
			/* Real nodes, or a value word 1 that looks like one: safe either way. */
			sink += fdt_parent(&fdt, off) + fdt_get_reg(&fdt, off, 0, &a, &s);
			sink += fdt_first_child(&fdt, off) + fdt_next_sibling(&fdt, off);
			sink += fdt_get_interrupt(&fdt, off, 0, NULL, 0, NULL);
			continue;
		}
		CHECK(fdt_get_name(&fdt, off, &len) == NULL);
		CHECK(len < 0);
		CHECK(fdt_first_child(&fdt, off) < 0);
		CHECK(fdt_next_sibling(&fdt, off) < 0);
		CHECK(fdt_parent(&fdt, off) < 0);
		CHECK(fdt_getprop(&fdt, off, "reg", &len) == NULL);
		CHECK(fdt_get_reg(&fdt, off, 0, &a, &s) < 0);
		if (tag != FDT_PROP)
			CHECK(fdt_getprop_by_offset(&fdt, off, NULL, &len) == NULL);
	}
	CHECK_EQ(fdt_get_path(&fdt, fdt_path_offset(&fdt, "/chosen"), buf, sizeof(buf)), 0);
	CHECK_STR(buf, "/chosen");
	CHECK_EQ(fdt_get_path(&fdt, fdt_path_offset(&fdt, "/bus@f0000000"), buf, sizeof(buf)),
		 -ENOSPC);
	/* Everything fails cleanly on an fdt whose init failed. */
	blob[0] ^= 0xff;
	CHECK_EQ(fdt_init(&bad, blob, size), -EINVAL);
	CHECK_EQ(fdt_root(&bad), -EBADMSG);
	CHECK_EQ(fdt_path_offset(&bad, "/chosen"), -EBADMSG);
	CHECK_EQ(fdt_num_mem_rsv(&bad), -EINVAL);
	CHECK(fdt_getprop(&bad, 0, "model", &len) == NULL);
	CHECK(fdt_chosen_bootargs(&bad) == NULL);
	free(blob);
}

/* ---------------------------------------------------------------------- */
/* Validation: every rule of fdt_init(), with its message. */

static void expect_init_(u8 *blob, size_t size, size_t avail, int err,
			 const char *msg, int line)
{
	struct fdt fdt;
	int got = fdt_init(&fdt, blob, avail ? avail : size);

	if (got != err || (msg && !strstr(fdt.errmsg, msg))) {
		printf("# line %d: fdt_init = %d \"%s\", want %d \"%s\"\n", line, got,
		       fdt.errmsg, err, msg ? msg : "");
		test_failed_checks++;
	}
	free(blob);
}
#define expect_init(blob, size, avail, err, msg) \
	expect_init_(blob, size, avail, err, msg, __LINE__)

static u8 *simple_tree(size_t *size)
{
	struct fb b;

	fb_init(&b);
	fb_begin(&b, "");
	fb_cells(&b, "#address-cells", 1);
	fb_begin(&b, "a");
	fb_str(&b, "x", "y");
	fb_end(&b);
	fb_end(&b);
	return fb_finish(&b, 17, true, size);
}

/* A tree given as a token script: B name, E, P name, N (nop), T (END). */
static u8 *script_tree(const char *script, bool add_end, size_t *size)
{
	static struct fb b;

	fb_init(&b);
	for (const char *p = script; *p; p++) {
		char name[32] = "";
		int n = 0;

		if (p[1] == '(') {
			const char *q = strchr(p, ')');

			n = q - p - 2;
			memcpy(name, p + 2, n);
			name[n] = 0;
			n = q - p;	/* skip "(name)" afterwards */
		}
		switch (*p) {
		case 'B':
			fb_begin(&b, name);
			break;
		case 'E':
			fb_end(&b);
			break;
		case 'P':
			fb_str(&b, name[0] ? name : "p", "v");
			break;
		case 'N':
			fb_u32(&b, FDT_NOP);
			break;
		case 'T':
			fb_u32(&b, FDT_END);
			break;
		case 'X':
			fb_u32(&b, 0x77);
			break;
		}
		p += n;
	}
	return fb_finish(&b, 17, add_end, size);
}

TEST(validation_header)
{
	size_t size;
	u8 *blob;

	blob = simple_tree(&size);
	put32(blob, 0x12345678);
	expect_init(blob, size, 0, -EINVAL, "bad magic 0x12345678");

	blob = simple_tree(&size);
	expect_init(blob, size, size - 1, -ERANGE, "truncated: totalsize");
	blob = simple_tree(&size);
	expect_init(blob, size, 20, -ERANGE, "header needs 36");
	blob = simple_tree(&size);
	expect_init(blob, size, 3, -ERANGE, "truncated: 3 bytes");
	blob = simple_tree(&size);
	expect_init(blob + 0, size, 0, 0, "ok");

	struct fdt fdt;

	CHECK_EQ(fdt_init(&fdt, NULL, 100), -EINVAL);
	CHECK(strstr(fdt.errmsg, "NULL") != NULL);
	blob = simple_tree(&size);
	u8 *copy = malloc(size + 4);

	memcpy(copy + 1, blob, size);
	CHECK_EQ(fdt_init(&fdt, copy + 1, size), -EINVAL);
	CHECK(strstr(fdt.errmsg, "aligned") != NULL);
	free(copy);
	free(blob);

	blob = simple_tree(&size);
	put32(blob + 20, 15);
	expect_init(blob, size, 0, -EOPNOTSUPP, "version 15 too old");
	blob = simple_tree(&size);
	put32(blob + 24, 18);
	expect_init(blob, size, 0, -EOPNOTSUPP, "last_comp_version 18");
	/* A newer version that stays compatible with 17 is fine. */
	blob = simple_tree(&size);
	put32(blob + 20, 18);
	put32(blob + 24, 17);
	expect_init(blob, size, 0, 0, NULL);
	blob = simple_tree(&size);
	put32(blob + 4, 30);
	expect_init(blob, size, 0, -EBADMSG, "smaller than the header");
	blob = simple_tree(&size);
	put32(blob + 4, 0x80000000);
	expect_init(blob, size, 0x80000000, -ERANGE, "too large");
}

TEST(validation_blocks)
{
	size_t size;
	u8 *blob;
	u32 off_struct, size_struct;

	blob = simple_tree(&size);
	put32(blob + 16, 44);
	expect_init(blob, size, 0, -EBADMSG, "not 8-byte aligned");
	blob = simple_tree(&size);
	put32(blob + 16, 32);
	expect_init(blob, size, 0, -EBADMSG, "memreserve block at 0x20 overlaps the header");
	/* An unterminated memreserve list: point it at the (non-zero) tail. */
	blob = simple_tree(&size);
	memset(blob + 40, 0xff, 16);
	put32(blob + 8, 56);
	put32(blob + 12, size);
	put32(blob + 32, 0);
	put32(blob + 36, 0);
	memset(blob + 56, 0x11, size - 56);
	expect_init(blob, size, 0, -ERANGE, "not terminated");

	blob = simple_tree(&size);
	off_struct = 56;
	put32(blob + 8, off_struct + 2);
	expect_init(blob, size, 0, -EBADMSG, "struct block offset 0x3a not 4-byte aligned");
	blob = simple_tree(&size);
	put32(blob + 8, 36);
	expect_init(blob, size, 0, -EBADMSG, "struct block at 0x24 overlaps the header");
	blob = simple_tree(&size);
	put32(blob + 8, ALIGN(size, 4) + 4);
	expect_init(blob, size, 0, -ERANGE, "beyond totalsize");
	blob = simple_tree(&size);
	size_struct = 0;
	size_struct = (blob[36] << 24) | (blob[37] << 16) | (blob[38] << 8) | blob[39];
	put32(blob + 36, size_struct + 2);
	expect_init(blob, size, 0, -EBADMSG, "not a multiple of 4");
	blob = simple_tree(&size);
	put32(blob + 36, 0x7ffffff0);
	expect_init(blob, size, 0, -ERANGE, "exceeds totalsize");
	blob = simple_tree(&size);
	put32(blob + 36, size_struct - 4);
	expect_init(blob, size, 0, -EBADMSG, "ends without END token");
	blob = simple_tree(&size);
	put32(blob + 32, 0x1000);
	expect_init(blob, size, 0, -ERANGE, "strings block");
	blob = simple_tree(&size);
	put32(blob + 12, 8);
	expect_init(blob, size, 0, -EBADMSG, "strings block at 0x8 overlaps the header");
	/* Strings block covering the struct block: names still resolve, overlap caught. */
	blob = simple_tree(&size);
	put32(blob + 12, off_struct);
	put32(blob + 32, size - off_struct);
	expect_init(blob, size, 0, -EBADMSG, "struct and strings blocks overlap");
	/*
	 * A memreserve block inside the struct block: point it at 16 zero
	 * bytes of a property value (struct at 56, value at 76..100).
	 */
	struct fb b;

	fb_init(&b);
	fb_begin(&b, "");
	fb_prop(&b, "z", (const u8[24]){ 0 }, 24);
	fb_end(&b);
	blob = fb_finish(&b, 17, true, &size);
	put32(blob + 16, 80);
	expect_init(blob, size, 0, -EBADMSG, "memreserve and struct blocks overlap");
}

TEST(validation_struct)
{
	size_t size;
	u8 *blob;

	blob = script_tree("B()P(a)B(n)PE", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "END token inside a node");
	blob = script_tree("B()E", false, &size);
	expect_init(blob, size, 0, -EBADMSG, "ends without END token");
	blob = script_tree("B()EE", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "unbalanced END_NODE");
	blob = script_tree("B()B(a)EPE", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "property after subnode");
	blob = script_tree("PB()E", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "property outside any node");
	blob = script_tree("B()EB()E", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "second root node");
	blob = script_tree("B(r)E", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "root node has a name");
	blob = script_tree("B()B()EE", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "bad node name");
	blob = script_tree("B()B(a/b)EE", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "bad node name");
	blob = script_tree("B()XE", true, &size);
	expect_init(blob, size, 0, -EBADMSG, "unknown token at struct offset 0x8");
	blob = script_tree("T", false, &size);
	expect_init(blob, size, 0, -EBADMSG, "no root node");
	/* NOPs are allowed anywhere, and v17 may have bytes after END. */
	blob = script_tree("NB()NP(x)NB(a)NPNENENTNN", false, &size);
	expect_init(blob, size, 0, 0, NULL);

	char deep[1024] = "B()";

	for (int i = 0; i < FDT_MAX_DEPTH; i++)
		strcat(deep, "B(d)");
	for (int i = 0; i <= FDT_MAX_DEPTH; i++)
		strcat(deep, "E");
	blob = script_tree(deep, true, &size);
	expect_init(blob, size, 0, -EBADMSG, "nested deeper than 64");
	deep[strlen(deep) - 1] = 0;
	memmove(deep + 3, deep + 7, strlen(deep + 7) + 1);
	blob = script_tree(deep, true, &size);
	expect_init(blob, size, 0, 0, NULL);

	/* Property name offset outside the strings block / not terminated. */
	blob = script_tree("B()P(abc)E", true, &size);
	put32(blob + 56 + 8 + 8, 100);
	expect_init(blob, size, 0, -EBADMSG, "name offset 0x64 outside strings block");
	blob = script_tree("B()P(abc)E", true, &size);
	put32(blob + 32, 3);
	expect_init(blob, size, 0, -EBADMSG, "not NUL-terminated");
	/* Property length running past the block. */
	blob = script_tree("B()P(abc)E", true, &size);
	put32(blob + 56 + 8 + 4, 1000);
	expect_init(blob, size, 0, -EBADMSG, "property value runs off");
	blob = script_tree("B()P(abc)E", true, &size);
	put32(blob + 56 + 8 + 4, 0xfffffffc);
	expect_init(blob, size, 0, -EBADMSG, "property value runs off");
	/* A node name without NUL up to the end of the block. */
	blob = script_tree("B()B(abcdefg)", false, &size);
	put32(blob + 36, 16);
	expect_init(blob, size, 0, -EBADMSG, "node name runs off");

	CHECK_STR(fdt_strerror(-EBADMSG), "malformed device tree data");
	CHECK_STR(fdt_strerror(-ENXIO), "address not translatable to a CPU address");
	CHECK_STR(fdt_strerror(0), "success");
	CHECK_STR(fdt_strerror(-12345), "unknown error");
}

/* ---------------------------------------------------------------------- */
/* Robustness: truncated and corrupted blobs. */

/*
 * Use every accessor on an accepted blob. With @all, the O(tree size)
 * accessors run on every node; otherwise on a random few.
 */
static void walk_everything(const struct fdt *fdt, bool all, u64 *rng)
{
	struct early_dt_info info;
	int node, depth = 0, count = 0;
	char path[256];
	u32 cells[FDT_MAX_IRQ_CELLS];
	const char *opts;
	u64 a, s;

	for (node = fdt_root(fdt); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *name;
		int len, prop;

		if (++count > fdt->num_nodes)
			break;
		name = fdt_get_name(fdt, node, &len);
		CHECK(name && (int)strlen(name) == len);
		fdt_for_each_property(prop, fdt, node) {
			const char *pname;
			const u8 *val = fdt_getprop_by_offset(fdt, prop, &pname, &len);

			CHECK(val && len >= 0);
			if (!val)
				break;
			for (int i = 0; i < len; i++)
				sink += val[i];
			sink += strlen(pname);
			CHECK(fdt_getprop(fdt, node, pname, NULL) != NULL);
		}
		sink += fdt_node_check_compatible(fdt, node, "arm,pl011");
		sink += fdt_node_is_enabled(fdt, node);
		sink += fdt_get_phandle(fdt, node);
		sink += fdt_address_cells(fdt, node) + fdt_size_cells(fdt, node);
		sink += fdt_stringlist_count(fdt, node, "compatible");
		sink += fdt_stringlist_search(fdt, node, "compatible", "simple-bus");
		sink += fdt_getprop_str(fdt, node, "device_type") != NULL;
		sink += fdt_first_child(fdt, node) + fdt_next_sibling(fdt, node);
		if (!all && test_rand(rng) % 64)
			continue;
		sink += fdt_parent(fdt, node) + fdt_node_depth(fdt, node);
		if (!fdt_get_path(fdt, node, path, sizeof(path)))
			CHECK(fdt_path_offset(fdt, path) >= 0);
		int n = fdt_reg_count(fdt, node);

		for (int i = 0; i < n && i < 8; i++)
			if (!fdt_get_reg(fdt, node, i, &a, &s))
				sink += a + s;
		for (int i = 0; i < 4; i++) {
			int got = fdt_get_interrupt(fdt, node, i, cells, FDT_MAX_IRQ_CELLS, NULL);

			if (got < 0)
				break;
			sink += got ? cells[0] : 0;
		}
		sink += fdt_interrupt_parent(fdt, node);
	}
	CHECK_EQ(node, -ENOENT);
	CHECK_EQ(count, fdt->num_nodes);

	int aliases = fdt_path_offset(fdt, "/aliases"), prop;

	fdt_for_each_property(prop, fdt, aliases) {
		const char *pname;

		if (fdt_getprop_by_offset(fdt, prop, &pname, NULL))
			sink += fdt_path_offset(fdt, pname);
	}
	for (int i = 0; i < fdt_num_mem_rsv(fdt); i++)
		CHECK_EQ(fdt_get_mem_rsv(fdt, i, &a, &s), 0);
	sink += fdt_chosen_bootargs(fdt) != NULL;
	sink += fdt_chosen_stdout(fdt, &opts);
	sink += fdt_chosen_initrd(fdt, &a, &s);
	sink += fdt_node_by_phandle(fdt, 1 + test_rand(rng) % 64);
	sink += count_compatible(fdt, "simple-bus");
	memblock_reset();
	sink += early_init_dt_scan(fdt, &info);
	printk_quiet = true;
	early_dt_print_info(&info);
	printk_quiet = false;
}

/* Copy the used part of a blob into an exactly sized buffer with totalsize fixed up. */
static u8 *trimmed_copy(const struct dtb *d, size_t *size)
{
	size_t used = fdt_used_size(&d->fdt);
	u8 *copy = malloc(used);

	memcpy(copy, d->data, used);
	put32(copy + 4, used);
	*size = used;
	return copy;
}

static void truncations(const char *file)
{
	struct dtb d;
	size_t used;
	u64 rng = 0x7a11c0de;
	int accepted = 0;

	if (!dtb_load(&d, file))
		return;
	used = fdt_used_size(&d.fdt);
	/* 1. The real header, every shorter length: always "truncated". */
	for (size_t len = 0; len < d.size; len += len < used + 64 ? 1 : 4093) {
		struct fdt fdt;
		int err = fdt_init(&fdt, d.data, len);

		if (err != -ERANGE) {
			printf("# %s: length %zu: %d %s\n", file, len, err, fdt.errmsg);
			CHECK_EQ(err, -ERANGE);
			break;
		}
	}
	/* 2. Exactly sized copies claiming totalsize = length. */
	for (size_t len = 0; len <= used; len++) {
		u8 *copy = malloc(len ? len : 1);
		struct fdt fdt;

		memcpy(copy, d.data, len);
		if (len >= 8)
			put32(copy + 4, len);
		if (!fdt_init(&fdt, copy, len)) {
			accepted++;
			walk_everything(&fdt, false, &rng);
		}
		free(copy);
	}
	CHECK_EQ(accepted, 1);	/* only the full length */
	/* 3. The structure block cut at every token boundary (v17 size and v16). */
	size_t tsize;
	u8 *t = trimmed_copy(&d, &tsize);
	u32 full = d.fdt.size_dt_struct;

	for (u32 cut = 0; cut < full; cut += 4) {
		struct fdt fdt;

		put32(t + 36, cut);
		CHECK(fdt_init(&fdt, t, tsize) != 0);
	}
	put32(t + 36, full);
	CHECK_EQ(fdt_init(&d.fdt, t, tsize), 0);
	free(t);
	dtb_free(&d);
}

TEST(truncation_rpi4) { truncations("bcm2711-rpi-4-b.dtb"); }
TEST(truncation_rpi3) { truncations("bcm2837-rpi-3-b.dtb"); }
TEST(truncation_virt) { truncations("virt-gicv3-smp4.dtb"); }

/* Damage 1..4 spots of @blob, favouring the header and token words. */
static void corrupt(u8 *blob, size_t size, u64 *rng)
{
	int n = 1 + test_rand(rng) % 4;

	for (int i = 0; i < n; i++) {
		u64 r = test_rand(rng);
		size_t pos;

		switch (r % 8) {
		case 0:		/* a header word */
			pos = (r >> 8) % 40 & ~3u;
			put32(blob + pos, (r >> 16) % 3 ? (u32)(r >> 24) % 0x10000
						      : (u32)(r >> 24));
			break;
		case 1:		/* a word in the body set to a small number/token */
			pos = ((r >> 8) % (size - 40) + 40) & ~(size_t)3;
			if (pos + 4 <= size)
				put32(blob + pos, (r >> 40) % 12);
			break;
		case 2:		/* a word set to a large value */
			pos = ((r >> 8) % (size - 40) + 40) & ~(size_t)3;
			if (pos + 4 <= size)
				put32(blob + pos, (u32)(r >> 32) | 0x80000000);
			break;
		case 3:		/* one bit */
			pos = (r >> 8) % size;
			blob[pos] ^= 1 << ((r >> 40) % 8);
			break;
		default:	/* one random byte */
			pos = (r >> 8) % size;
			blob[pos] = r >> 40;
			break;
		}
	}
}

static void fuzz_blob(const u8 *orig, size_t size, int rounds, u64 seed,
		      bool all, const char *what)
{
	u64 rng = seed;
	int accepted = 0;
	u8 *blob = malloc(size);

	for (int round = 0; round < rounds; round++) {
		struct fdt fdt;

		memcpy(blob, orig, size);
		corrupt(blob, size, &rng);
		if (fdt_init(&fdt, blob, size))
			continue;
		accepted++;
		walk_everything(&fdt, all, &rng);
	}
	printf("# %s: %d of %d corrupted blobs accepted and walked\n", what,
	       accepted, rounds);
	CHECK(accepted > 0 && accepted < rounds);
	free(blob);
}

static void fuzz_real(const char *file, int rounds, u64 seed)
{
	struct dtb d;
	size_t size;
	u8 *copy;

	if (!dtb_load(&d, file))
		return;
	copy = trimmed_copy(&d, &size);
	fuzz_blob(copy, size, rounds, seed, false, file);
	free(copy);
	dtb_free(&d);
}

TEST(fuzz_rpi4) { fuzz_real("bcm2711-rpi-4-b.dtb", 1000, 0x5eed0001); }
TEST(fuzz_rpi3) { fuzz_real("bcm2837-rpi-3-b.dtb", 1500, 0x5eed0002); }
TEST(fuzz_virt) { fuzz_real("virt-el2-gicv3.dtb", 1500, 0x5eed0003); }

TEST(fuzz_feature_tree)
{
	size_t size;
	u8 *blob = build_feature_tree(17, &size);

	fuzz_blob(blob, size, 8000, 0x5eed0004, true, "feature tree v17");
	free(blob);
	blob = build_feature_tree(16, &size);
	fuzz_blob(blob, size, 2000, 0x5eed0005, true, "feature tree v16");
	free(blob);
}


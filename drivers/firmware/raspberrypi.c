// SPDX-License-Identifier: GPL-2.0
/*
 * The Raspberry Pi VideoCore firmware's property interface, spoken through
 * the BCM2835 mailbox (channel 8, ARM to VC). Linux splits this into
 * drivers/mailbox/bcm2835-mailbox.c and drivers/firmware/raspberrypi.c:
 *   rpi_firmware_property() -> rpi_firmware_property_list()
 *     -> rpi_firmware_transaction() -> mbox_send_message()
 * Arbor does the same in one small polled driver, usable from the very
 * first steps of setup_arch() (the PL011 asks it for its clock).
 *
 * The message buffer is in the kernel image: 16-byte aligned (the low 4
 * bits of a mailbox word are the channel), padded to whole cache lines,
 * cleaned to the point of coherency before the VC reads it and invalidated
 * before the ARM reads the answer, since the VC does not snoop the ARM's
 * caches. The VC sees it at its bus address, from the DT's "dma-ranges"
 * (Pi 4: bus 0xc0000000 = CPU 0, for the first GiB).
 *
 * Mailbox registers (from the "brcm,bcm2835-mbox" reg base):
 *   0x00 MBOX0 read (VC to ARM)   0x18 MBOX0 status: EMPTY(30)
 *   0x20 MBOX1 write (ARM to VC)  0x38 MBOX1 status: FULL(31)
 */
#define pr_fmt(fmt) "raspberrypi-firmware: " fmt

#include <arbor/compiler.h>
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/printk.h>
#include <arbor/rpi_firmware.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/io.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>

#define MBOX0_READ		0x00
#define MBOX0_STATUS		0x18
#define MBOX1_WRITE		0x20
#define MBOX1_STATUS		0x38
#define  MBOX_FULL		(1U << 31)
#define  MBOX_EMPTY		(1U << 30)
#define MBOX_CHAN_PROPERTY	8

#define RPI_FIRMWARE_STATUS_REQUEST	0x00000000
#define RPI_FIRMWARE_STATUS_SUCCESS	0x80000000
#define RPI_FIRMWARE_TAG_RESPONSE	(1U << 31)

#define MBOX_TIMEOUT_US		100000	/* the firmware answers in microseconds */
#define RPI_FW_BUF_WORDS	64	/* 256 bytes: four 64-byte cache lines */

/* The clock specifier of the PL011s' "uartclk" in the cprman bindings. */
#define BCM2835_CLOCK_UART	19

static u32 rpi_fw_buf[RPI_FW_BUF_WORDS] __aligned(64);

static struct {
	bool probed;		/* rpi_firmware_probe() ran (result below) */
	int err;		/* its result: 0 or -errno */
	void __iomem *mbox;
	u64 mbox_pa;
	u64 dma_offset;		/* bus address = CPU address + dma_offset */
	u64 dma_limit;		/* CPU addresses at or above this are not visible */
} rpi_fw;

/* Data cache maintenance by VA to the point of coherency. */
static void dcache_range(const void *start, size_t size, bool invalidate)
{
	u64 line = 4UL << ((read_sysreg(ctr_el0) >> 16) & 0xf);
	u64 p = (u64)start & ~(line - 1), end = (u64)start + size;

	__asm__ __volatile__("dsb sy" : : : "memory");
	for (; p < end; p += line) {
		if (invalidate)
			__asm__ __volatile__("dc civac, %0" : : "r"(p) : "memory");
		else
			__asm__ __volatile__("dc cvac, %0" : : "r"(p) : "memory");
	}
	__asm__ __volatile__("dsb sy" : : : "memory");
}

/*
 * The CPU-to-bus offset of DMA seen from @node: the nearest ancestor's
 * non-empty "dma-ranges" entry (child-bus, parent-bus, size) that covers
 * @pa. Empty "dma-ranges" map 1:1 and the walk goes on upwards; none at
 * all means 1:1 (as on QEMU virt). Only one translating level is applied,
 * which is what the Raspberry Pi trees have (/soc).
 */
static int rpi_fw_dma_offset(const struct fdt *fdt, int node, u64 pa, u64 *offset,
			     u64 *limit)
{
	const u8 *p;
	int len, parent;

	*offset = 0;
	*limit = ~0ULL;
	for (; node >= 0; node = parent) {
		int na, pna, ns, entry;

		parent = fdt_parent(fdt, node);
		p = fdt_getprop(fdt, node, "dma-ranges", &len);
		if (!p || !len || parent < 0)
			continue;
		na = fdt_address_cells(fdt, node);
		pna = fdt_address_cells(fdt, parent);
		ns = fdt_size_cells(fdt, node);
		if (na <= 0 || pna <= 0 || ns <= 0)
			return -EBADMSG;
		entry = 4 * (na + pna + ns);
		for (int off = 0; off + entry <= len; off += entry) {
			u64 child = fdt_read_cells(p + off, na);
			u64 cpu = fdt_read_cells(p + off + 4 * na, pna);
			u64 size = fdt_read_cells(p + off + 4 * (na + pna), ns);

			if (pa >= cpu && pa - cpu < size) {
				*offset = child - cpu;
				*limit = cpu + size;
				return 0;
			}
		}
		return -ERANGE;
	}
	return 0;
}

/* Find the firmware node and its mailbox, map it, learn the DMA view. */
static int rpi_firmware_probe(const struct fdt *fdt)
{
	int fw, mbox = -1, len;
	const void *prop;
	u64 size;
	int ret;

	fw = fdt_node_offset_by_compatible(fdt, -1, "raspberrypi,bcm2835-firmware");
	if (fw < 0 || !fdt_node_is_enabled(fdt, fw))
		return -ENODEV;
	prop = fdt_getprop(fdt, fw, "mboxes", &len);
	if (prop && len >= 4)
		mbox = fdt_node_by_phandle(fdt, fdt32_ld(prop));
	if (mbox < 0)
		mbox = fdt_node_offset_by_compatible(fdt, -1, "brcm,bcm2835-mbox");
	if (mbox < 0 || !fdt_node_is_enabled(fdt, mbox) ||
	    fdt_node_check_compatible(fdt, mbox, "brcm,bcm2835-mbox"))
		return -ENODEV;
	ret = fdt_get_reg(fdt, mbox, 0, &rpi_fw.mbox_pa, &size);
	if (ret)
		return ret;
	ret = rpi_fw_dma_offset(fdt, fw, __pa(rpi_fw_buf), &rpi_fw.dma_offset, &rpi_fw.dma_limit);
	if (ret) {
		pr_warn("buffer at %#llx is outside the VideoCore's dma-ranges\n",
			(unsigned long long)__pa(rpi_fw_buf));
		return ret;
	}
	rpi_fw.mbox = ioremap(rpi_fw.mbox_pa, size ? size : 0x40);
	return rpi_fw.mbox ? 0 : -ENOMEM;
}

static int rpi_fw_get(const struct fdt *fdt)
{
	if (!rpi_fw.probed) {
		rpi_fw.err = rpi_firmware_probe(fdt);
		rpi_fw.probed = true;
	}
	return rpi_fw.err;
}

/* A deadline on the generic counter: works before any timer driver. */
static u64 deadline_after_us(u64 us)
{
	u64 freq = read_sysreg(cntfrq_el0);

	return read_sysreg(cntvct_el0) + (freq ? freq : 1000000000ULL) / 1000000 * us;
}

static bool past(u64 deadline)
{
	return read_sysreg(cntvct_el0) > deadline;
}

/* One round trip on the property channel; the buffer is already filled. */
static int rpi_fw_transaction(u32 bus)
{
	u64 deadline = deadline_after_us(MBOX_TIMEOUT_US);
	u32 msg = bus | MBOX_CHAN_PROPERTY;

	/* Stale answers (a loader's) would be taken for ours: drop them. */
	while (!(readl(rpi_fw.mbox + MBOX0_STATUS) & MBOX_EMPTY))
		(void)readl(rpi_fw.mbox + MBOX0_READ);
	while (readl(rpi_fw.mbox + MBOX1_STATUS) & MBOX_FULL)
		if (past(deadline))
			return -ETIMEDOUT;
	writel(msg, rpi_fw.mbox + MBOX1_WRITE);
	for (;;) {
		while (readl(rpi_fw.mbox + MBOX0_STATUS) & MBOX_EMPTY)
			if (past(deadline))
				return -ETIMEDOUT;
		/* Another channel's message is not our answer. */
		if (readl(rpi_fw.mbox + MBOX0_READ) == msg)
			return 0;
	}
}

/**
 * rpi_firmware_property - send one property tag to the firmware
 * @fdt: the device tree (to find the mailbox the first time)
 * @tag: RPI_FIRMWARE_* tag
 * @data: request values in, response values out
 * @req_len: bytes of request values in @data
 * @buf_len: size of @data; the firmware may answer up to this many bytes
 *
 * Return: the response length the firmware reported (bytes, possibly more
 * than @buf_len, in which case only @buf_len were copied), -ENODEV without
 * a firmware node, -ETIMEDOUT when the mailbox did not answer, -EIO when
 * the firmware rejected the message or did not know the tag, -EINVAL for a
 * request too big for the buffer.
 */
int rpi_firmware_property(const struct fdt *fdt, u32 tag, void *data, u32 req_len,
			  u32 buf_len)
{
	u32 words = (buf_len + 3) / 4, resp;
	u64 pa = __pa(rpi_fw_buf);
	int ret;

	ret = rpi_fw_get(fdt);
	if (ret)
		return ret;
	/* size, code, tag, buffer size, request code, values, end tag */
	if (req_len > buf_len || 6 + words > RPI_FW_BUF_WORDS)
		return -EINVAL;
	if (pa + sizeof(rpi_fw_buf) > rpi_fw.dma_limit)
		return -ERANGE;
	memset(rpi_fw_buf, 0, sizeof(rpi_fw_buf));
	rpi_fw_buf[0] = (6 + words) * 4;
	rpi_fw_buf[1] = RPI_FIRMWARE_STATUS_REQUEST;
	rpi_fw_buf[2] = tag;
	rpi_fw_buf[3] = words * 4;
	rpi_fw_buf[4] = req_len;
	memcpy(&rpi_fw_buf[5], data, req_len);
	rpi_fw_buf[5 + words] = 0;	/* end tag */

	dcache_range(rpi_fw_buf, sizeof(rpi_fw_buf), false);
	ret = rpi_fw_transaction((u32)(pa + rpi_fw.dma_offset));
	dcache_range(rpi_fw_buf, sizeof(rpi_fw_buf), true);
	if (ret)
		return ret;
	if (rpi_fw_buf[1] != RPI_FIRMWARE_STATUS_SUCCESS || !(rpi_fw_buf[4] & RPI_FIRMWARE_TAG_RESPONSE))
		return -EIO;
	resp = rpi_fw_buf[4] & ~RPI_FIRMWARE_TAG_RESPONSE;
	memcpy(data, &rpi_fw_buf[5], resp < buf_len ? resp : buf_len);
	return (int)resp;
}

/**
 * rpi_firmware_get_clock_rate - the rate of a firmware clock
 * @fdt: the device tree
 * @clk_id: RPI_FIRMWARE_*_CLK_ID
 * @rate: where to store the rate in Hz
 *
 * Return: 0, -ENOENT when the firmware reports rate 0 (clock unknown or
 * off), or an error of rpi_firmware_property().
 */
int rpi_firmware_get_clock_rate(const struct fdt *fdt, u32 clk_id, u32 *rate)
{
	u32 v[2] = { clk_id, 0 };
	int ret;

	ret = rpi_firmware_property(fdt, RPI_FIRMWARE_GET_CLOCK_RATE, v, 4, sizeof(v));
	if (ret < 0)
		return ret;
	if (ret < 8 || v[0] != clk_id)
		return -EIO;
	if (!v[1])
		return -ENOENT;
	*rate = v[1];
	return 0;
}

/**
 * rpi_firmware_clk_get_rate - the rate of a device's clock, from the firmware
 * @fdt: the device tree
 * @consumer: the device's node
 * @idx: which entry of its "clocks"
 * @rate: where to store the rate in Hz
 *
 * Understands the providers whose rate the firmware owns: the cprman's
 * UART clock (what the PL011s name) and "raspberrypi,firmware-clocks",
 * whose specifier is the firmware clock id.
 *
 * Return: 0, -ENODEV when the clock is not one the firmware knows (or
 * there is no firmware), or an error of rpi_firmware_get_clock_rate().
 */
int rpi_firmware_clk_get_rate(const struct fdt *fdt, int consumer, int idx, u32 *rate)
{
	const u8 *prop;
	int len, clk;
	u32 spec;

	prop = fdt_getprop(fdt, consumer, "clocks", &len);
	/* Every provider here has #clock-cells = 1: phandle, specifier. */
	if (!prop || len < 8 * (idx + 1))
		return -ENODEV;
	clk = fdt_node_by_phandle(fdt, fdt32_ld(prop + 8 * idx));
	if (clk < 0)
		return -ENODEV;
	spec = fdt32_ld(prop + 8 * idx + 4);
	if (!fdt_node_check_compatible(fdt, clk, "raspberrypi,firmware-clocks"))
		return rpi_firmware_get_clock_rate(fdt, spec, rate);
	if ((!fdt_node_check_compatible(fdt, clk, "brcm,bcm2835-cprman") ||
	     !fdt_node_check_compatible(fdt, clk, "brcm,bcm2711-cprman")) &&
	    spec == BCM2835_CLOCK_UART)
		return rpi_firmware_get_clock_rate(fdt, RPI_FIRMWARE_UART_CLK_ID, rate);
	return -ENODEV;
}

/* "mbox": what the firmware says about the board and its clocks. */
static int cmd_mbox(int argc, char **argv)
{
	static const struct { u32 id; const char *name; } clocks[] = {
		{ RPI_FIRMWARE_EMMC_CLK_ID, "EMMC" }, { RPI_FIRMWARE_UART_CLK_ID, "UART" },
		{ RPI_FIRMWARE_ARM_CLK_ID, "ARM" }, { RPI_FIRMWARE_CORE_CLK_ID, "CORE" },
	};
	u32 v[2];
	int ret;

	if (argc > 1)
		return -EINVAL;
	ret = rpi_fw_get(&boot_fdt);
	if (ret)
		return ret;
	shell_printf("mailbox:        %#llx, buffer at bus address %#llx\n",
		     (unsigned long long)rpi_fw.mbox_pa,
		     (unsigned long long)(__pa(rpi_fw_buf) + rpi_fw.dma_offset));
	ret = rpi_firmware_property(&boot_fdt, RPI_FIRMWARE_GET_FIRMWARE_REVISION, v, 0, 4);
	if (ret < 0)
		return ret;
	shell_printf("firmware:       revision %#x\n", v[0]);
	if (rpi_firmware_property(&boot_fdt, RPI_FIRMWARE_GET_BOARD_REVISION, v, 0, 4) >= 4)
		shell_printf("board revision: %#x\n", v[0]);
	if (rpi_firmware_property(&boot_fdt, RPI_FIRMWARE_GET_ARM_MEMORY, v, 0, 8) >= 8)
		shell_printf("ARM memory:     %#x, %u MiB\n", v[0], v[1] >> 20);
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		u32 rate;

		ret = rpi_firmware_get_clock_rate(&boot_fdt, clocks[i].id, &rate);
		if (ret)
			shell_printf("clock %-8s (id %u): error %d\n", clocks[i].name, clocks[i].id, ret);
		else
			shell_printf("clock %-8s (id %u): %u Hz\n", clocks[i].name, clocks[i].id, rate);
	}
	return 0;
}

SHELL_CMD(mbox, "mbox", "", "ask the Raspberry Pi firmware (mailbox) for board info and clock rates",
	  cmd_mbox);

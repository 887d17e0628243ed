/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Raspberry Pi VideoCore firmware's mailbox property interface
 * (drivers/firmware/raspberrypi.c), as Linux's <soc/bcm2835/raspberrypi-firmware.h>.
 */
#ifndef ARBOR_RPI_FIRMWARE_H
#define ARBOR_RPI_FIRMWARE_H

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/types.h>

/* Property tags (github.com/raspberrypi/firmware wiki, "Mailbox property interface"). */
#define RPI_FIRMWARE_GET_FIRMWARE_REVISION	0x00000001
#define RPI_FIRMWARE_GET_BOARD_MODEL		0x00010001
#define RPI_FIRMWARE_GET_BOARD_REVISION		0x00010002
#define RPI_FIRMWARE_GET_ARM_MEMORY		0x00010005
#define RPI_FIRMWARE_GET_VC_MEMORY		0x00010006
#define RPI_FIRMWARE_GET_CLOCK_RATE		0x00030002

/* Firmware clock ids (tag GET_CLOCK_RATE). */
#define RPI_FIRMWARE_EMMC_CLK_ID	1
#define RPI_FIRMWARE_UART_CLK_ID	2
#define RPI_FIRMWARE_ARM_CLK_ID		3
#define RPI_FIRMWARE_CORE_CLK_ID	4

#ifdef CONFIG_RASPBERRYPI_FIRMWARE
int rpi_firmware_property(const struct fdt *fdt, u32 tag, void *data, u32 req_len,
			  u32 buf_len);
int rpi_firmware_get_clock_rate(const struct fdt *fdt, u32 clk_id, u32 *rate);
int rpi_firmware_clk_get_rate(const struct fdt *fdt, int consumer, int idx, u32 *rate);
#else
static inline int rpi_firmware_property(const struct fdt *fdt, u32 tag, void *data,
					u32 req_len, u32 buf_len)
{
	return -ENODEV;
}

static inline int rpi_firmware_get_clock_rate(const struct fdt *fdt, u32 clk_id, u32 *rate)
{
	return -ENODEV;
}

static inline int rpi_firmware_clk_get_rate(const struct fdt *fdt, int consumer, int idx,
					    u32 *rate)
{
	return -ENODEV;
}
#endif

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BCM2835/BCM2711 GPIO function selection for the console UART:
 * drivers/pinctrl/bcm2835-pinplan.c decides (pure DT code, host-tested),
 * drivers/pinctrl/bcm2835-gpio.c writes the registers.
 */
#ifndef ARBOR_PINCTRL_BCM2835_H
#define ARBOR_PINCTRL_BCM2835_H

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/types.h>

/* GPFSEL values, as in the DT's "brcm,function". */
#define BCM2835_FSEL_GPIO_IN	0
#define BCM2835_FSEL_GPIO_OUT	1
#define BCM2835_FSEL_ALT5	2
#define BCM2835_FSEL_ALT4	3
#define BCM2835_FSEL_ALT0	4
#define BCM2835_FSEL_ALT1	5
#define BCM2835_FSEL_ALT2	6
#define BCM2835_FSEL_ALT3	7
/* Pulls, as in the DT's "brcm,pull" (the BCM2835 GPPUD encoding). */
#define BCM2835_PUD_OFF		0
#define BCM2835_PUD_DOWN	1
#define BCM2835_PUD_UP		2
#define BCM2835_PULL_KEEP	0xff	/* leave the pull as it is */

#define BCM2835_NR_GPIOS	58	/* BCM2711; the BCM2835 has 54 */
#define BCM2835_UART0_TXD	14
#define BCM2835_UART0_RXD	15
#define BCM2835_PLAN_MAX	16

/* Which rule of bcm2835_console_pin_plan() applied. */
enum bcm2835_pin_rule {
	BCM2835_RULE_NONE,	/* leave the pins alone */
	BCM2835_RULE_DT,	/* the UART's own pinctrl names GPIO 14/15 */
	BCM2835_RULE_BCM2711,	/* Pi 4: route GPIO 14/15 ourselves */
};

/**
 * struct bcm2835_pin_setting - one pin to set
 * @pin: GPIO number
 * @fsel: BCM2835_FSEL_*
 * @pull: BCM2835_PUD_* or BCM2835_PULL_KEEP
 */
struct bcm2835_pin_setting {
	u8 pin;
	u8 fsel;
	u8 pull;
};

int bcm2835_console_pin_plan(const struct fdt *fdt, int uart,
			     struct bcm2835_pin_setting *plan, int max,
			     enum bcm2835_pin_rule *rule);

#ifdef CONFIG_PINCTRL_BCM2835
int bcm2835_pinctrl_console(const struct fdt *fdt, int uart);
#else
static inline int bcm2835_pinctrl_console(const struct fdt *fdt, int uart)
{
	return -ENODEV;
}
#endif

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Which GPIO functions the console PL011 needs on a BCM2835/BCM2711: a pure
 * DT computation (no registers), so the host tests run it on the real
 * Raspberry Pi trees. bcm2835-gpio.c applies the result. Linux reads the
 * same "brcm,pins" / "brcm,function" / "brcm,pull" groups in
 * bcm2835_pctl_dt_node_to_map() when a device's pinctrl state is bound.
 *
 * The rule (docs/hardware/rpi4.md):
 *  1. If the PL011's "pinctrl-0" names a group with GPIO 14 and 15 (a DT
 *     with the disable-bt overlay applied), apply its groups as they say.
 *  2. Else, on a BCM2711 (root compatible "brcm,bcm2711": the Pi 4, whose
 *     firmware gives GPIO 14/15 to the mini UART and the PL011 to
 *     Bluetooth), set GPIO 14/15 to ALT0 (TXD0 no pull, RXD0 pull-up)
 *     and make the pins the DT gave this UART (30-33, Bluetooth) inputs,
 *     so RXD0 has a single source.
 *  3. Else leave everything: the PL011 stays where the firmware put it
 *     (Pi 3 with its stock DT, QEMU raspi3b). QEMU virt has no GPIO node.
 */
#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/pinctrl-bcm2835.h>

#define MAX_GROUPS	4	/* pinctrl-0 phandles looked at */

/* Is @pin in group @grp's "brcm,pins"? */
static bool group_has_pin(const struct fdt *fdt, int grp, u32 pin)
{
	const u8 *pins;
	int len;

	pins = fdt_getprop(fdt, grp, "brcm,pins", &len);
	for (int i = 0; pins && 4 * i + 4 <= len; i++)
		if (fdt32_ld(pins + 4 * i) == pin)
			return true;
	return false;
}

/* "brcm,function" / "brcm,pull": one value for all pins, or one per pin. */
static u32 group_value(const struct fdt *fdt, int grp, const char *name, int idx, u32 dflt)
{
	const u8 *p;
	int len;

	p = fdt_getprop(fdt, grp, name, &len);
	if (!p || len < 4)
		return dflt;
	if (len >= 4 * (idx + 1))
		return fdt32_ld(p + 4 * idx);
	return fdt32_ld(p);
}

static int plan_add(struct bcm2835_pin_setting *plan, int n, int max, u32 pin, u32 fsel,
		    u32 pull)
{
	if (pin >= BCM2835_NR_GPIOS || fsel > 7 || (pull > BCM2835_PUD_UP && pull != BCM2835_PULL_KEEP))
		return n;	/* not a pin or value this controller has */
	if (n >= max)
		return -ENOSPC;
	plan[n].pin = pin;
	plan[n].fsel = fsel;
	plan[n].pull = pull;
	return n + 1;
}

/**
 * bcm2835_console_pin_plan - the pin settings the console PL011 needs
 * @fdt: the device tree
 * @uart: the PL011's node
 * @plan: where to store the settings, in the order to apply them
 * @max: room in @plan
 * @rule: where to store the rule that applied (see the top of this file)
 *
 * Return: the number of settings (0 for BCM2835_RULE_NONE), or -ENOSPC.
 */
int bcm2835_console_pin_plan(const struct fdt *fdt, int uart,
			     struct bcm2835_pin_setting *plan, int max,
			     enum bcm2835_pin_rule *rule)
{
	int groups[MAX_GROUPS], ngroups = 0, n = 0, len;
	const u8 *p;

	p = fdt_getprop(fdt, uart, "pinctrl-0", &len);
	for (int i = 0; p && 4 * i + 4 <= len && ngroups < MAX_GROUPS; i++) {
		int grp = fdt_node_by_phandle(fdt, fdt32_ld(p + 4 * i));

		if (grp >= 0)
			groups[ngroups++] = grp;
	}

	*rule = BCM2835_RULE_NONE;
	for (int i = 0; i < ngroups; i++) {
		if (!group_has_pin(fdt, groups[i], BCM2835_UART0_TXD) ||
		    !group_has_pin(fdt, groups[i], BCM2835_UART0_RXD))
			continue;
		*rule = BCM2835_RULE_DT;
		break;
	}
	if (*rule == BCM2835_RULE_NONE) {
		if (fdt_node_check_compatible(fdt, fdt_root(fdt), "brcm,bcm2711"))
			return 0;
		*rule = BCM2835_RULE_BCM2711;
	}

	for (int i = 0; i < ngroups; i++) {
		const u8 *pins = fdt_getprop(fdt, groups[i], "brcm,pins", &len);

		for (int k = 0; pins && 4 * k + 4 <= len && n >= 0; k++) {
			u32 pin = fdt32_ld(pins + 4 * k);

			if (*rule == BCM2835_RULE_DT)
				n = plan_add(plan, n, max, pin,
					     group_value(fdt, groups[i], "brcm,function", k,
							 BCM2835_FSEL_GPIO_IN),
					     group_value(fdt, groups[i], "brcm,pull", k,
							 BCM2835_PULL_KEEP));
			else if (pin != BCM2835_UART0_TXD && pin != BCM2835_UART0_RXD)
				n = plan_add(plan, n, max, pin, BCM2835_FSEL_GPIO_IN,
					     BCM2835_PULL_KEEP);
		}
	}
	if (*rule == BCM2835_RULE_BCM2711 && n >= 0) {
		n = plan_add(plan, n, max, BCM2835_UART0_TXD, BCM2835_FSEL_ALT0, BCM2835_PUD_OFF);
		if (n >= 0)
			n = plan_add(plan, n, max, BCM2835_UART0_RXD, BCM2835_FSEL_ALT0, BCM2835_PUD_UP);
	}
	return n;
}

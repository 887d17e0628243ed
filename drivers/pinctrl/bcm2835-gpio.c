// SPDX-License-Identifier: GPL-2.0
/*
 * BCM2835 (Pi 1-3) and BCM2711 (Pi 4) GPIO function selection, just
 * enough to put the PL011 console on the header pins GPIO 14 (TXD0) and
 * GPIO 15 (RXD0). Linux's drivers/pinctrl/bcm/pinctrl-bcm2835.c applies a
 * device's "default" pinctrl state:
 *   really_probe() -> pinctrl_bind_pins() -> bcm2835_pmx_set() / bcm2835_pinconf_set()
 * Arbor applies only the console's, from earlycon_init().
 *
 * What to set comes from bcm2835_console_pin_plan() (bcm2835-pinplan.c,
 * where the rule is); this file only writes the registers.
 *
 * Registers:
 *   0x00 + 4*(n/10) GPFSELn: 3 bits per pin at 3*(n%10); 0 input, 1 output,
 *                   4 ALT0, 5 ALT1, 6 ALT2, 7 ALT3, 3 ALT4, 2 ALT5
 *   BCM2835: 0x94 GPPUD (0 off, 1 down, 2 up), 0x98 GPPUDCLK0 (clock the
 *            value into the pins whose bits are set)
 *   BCM2711: 0xe4 + 4*(n/16) GPIO_PUP_PDN_CNTRL_REGn: 2 bits per pin at
 *            2*(n%16); 0 none, 1 up, 2 down (not the BCM2835 encoding)
 * The DT's "brcm,pull" uses 0 none, 1 down, 2 up.
 */
#define pr_fmt(fmt) "pinctrl-bcm2835: " fmt

#include <arbor/errno.h>
#include <arbor/fdt.h>
#include <arbor/pinctrl-bcm2835.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/io.h>
#include <asm/mmu.h>
#include <asm/sysreg.h>

#define GPFSEL(n)		(0x00 + 4 * ((n) / 10))
#define GPPUD			0x94
#define GPPUDCLK0		0x98
#define GPIO_PUP_PDN_CNTRL(n)	(0xe4 + 4 * ((n) / 16))

static void __iomem *gpio_base;
static u64 gpio_pa;
static bool gpio_is_2711;

/* A few microseconds for the BCM2835 pull sequence (150 cycles). */
static void gpio_delay(void)
{
	u64 freq = read_sysreg(cntfrq_el0), start = read_sysreg(cntvct_el0);

	while (read_sysreg(cntvct_el0) - start < freq / 100000 + 1)
		;
}

static void bcm2835_set_function(unsigned int pin, u32 fsel)
{
	u32 shift = 3 * (pin % 10), v = readl(gpio_base + GPFSEL(pin));

	v &= ~(7U << shift);
	writel(v | fsel << shift, gpio_base + GPFSEL(pin));
}

static u32 bcm2835_get_function(unsigned int pin)
{
	return readl(gpio_base + GPFSEL(pin)) >> (3 * (pin % 10)) & 7;
}

static void bcm2835_set_pull(unsigned int pin, u32 pull)
{
	if (pull == BCM2835_PULL_KEEP || pull > BCM2835_PUD_UP)
		return;
	if (gpio_is_2711) {
		/* BCM2711 encoding: 1 up, 2 down. */
		static const u8 to_2711[] = { 0, 2, 1 };
		u32 shift = 2 * (pin % 16), v = readl(gpio_base + GPIO_PUP_PDN_CNTRL(pin));

		v &= ~(3U << shift);
		writel(v | (u32)to_2711[pull] << shift, gpio_base + GPIO_PUP_PDN_CNTRL(pin));
		return;
	}
	/* BCM2835 peripherals manual, 6.1: set, clock in, remove both. */
	writel(pull, gpio_base + GPPUD);
	gpio_delay();
	writel(1U << (pin % 32), gpio_base + GPPUDCLK0 + 4 * (pin / 32));
	gpio_delay();
	writel(0, gpio_base + GPPUD);
	writel(0, gpio_base + GPPUDCLK0 + 4 * (pin / 32));
}

static int bcm2835_gpio_find(const struct fdt *fdt)
{
	u64 size;
	int node;

	if (gpio_base)
		return 0;
	node = fdt_node_offset_by_compatible(fdt, -1, "brcm,bcm2711-gpio");
	gpio_is_2711 = node >= 0;
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "brcm,bcm2835-gpio");
	if (node < 0 || !fdt_node_is_enabled(fdt, node))
		return -ENODEV;
	if (fdt_get_reg(fdt, node, 0, &gpio_pa, &size))
		return -ENXIO;
	gpio_base = ioremap(gpio_pa, size ? size : 0x100);
	if (!gpio_base)
		return -ENOMEM;
	return 0;
}

/**
 * bcm2835_pinctrl_console - route the console PL011 to GPIO 14/15
 * @fdt: the device tree
 * @uart: the PL011's node
 *
 * Applies bcm2835_console_pin_plan(): pull first, then function, pin by pin.
 *
 * Return: 1 when pins were changed, 0 when the rule says to leave them,
 * -ENODEV without a BCM2835/BCM2711 GPIO node, or another -errno.
 */
int bcm2835_pinctrl_console(const struct fdt *fdt, int uart)
{
	struct bcm2835_pin_setting plan[BCM2835_PLAN_MAX];
	enum bcm2835_pin_rule rule;
	char path[64];
	int n, ret;

	ret = bcm2835_gpio_find(fdt);
	if (ret)
		return ret;
	n = bcm2835_console_pin_plan(fdt, uart, plan, BCM2835_PLAN_MAX, &rule);
	if (n <= 0)
		return n;
	for (int i = 0; i < n; i++) {
		bcm2835_set_pull(plan[i].pin, plan[i].pull);
		bcm2835_set_function(plan[i].pin, plan[i].fsel);
	}
	if (fdt_get_path(fdt, uart, path, sizeof(path)) < 0)
		strlcpy(path, "the console UART", sizeof(path));
	if (rule == BCM2835_RULE_DT)
		pr_info("%s: GPIO 14/15 set up from its DT pinctrl\n", path);
	else
		pr_info("%s: GPIO 14/15 routed to ALT0 (BCM2711: the header pins, not Bluetooth)\n",
			path);
	return 1;
}

/* "gpio [PIN]": the function (and on BCM2711 the pull) of the pins. */
static int cmd_gpio(int argc, char **argv)
{
	static const char fsel_names[8][6] = { "in", "out", "ALT5", "ALT4",
					       "ALT0", "ALT1", "ALT2", "ALT3" };
	static const char pull_names[4][6] = { "none", "up", "down", "?" };
	unsigned int first = 0, last = 53;
	int ret;

	if (argc > 2)
		return -EINVAL;
	ret = bcm2835_gpio_find(&boot_fdt);
	if (ret)
		return ret;
	if (gpio_is_2711)
		last = BCM2835_NR_GPIOS - 1;
	if (argc == 2) {
		unsigned int pin = 0;
		const char *p = argv[1];

		if (!*p)
			return -EINVAL;
		for (; *p; p++) {
			if (*p < '0' || *p > '9')
				return -EINVAL;
			if (pin <= BCM2835_NR_GPIOS)
				pin = pin * 10 + (*p - '0');
		}
		/* A number, but no such pin on this controller. */
		if (pin > last)
			return -ERANGE;
		first = last = pin;
	}
	shell_printf("%s at %#llx\n", gpio_is_2711 ? "BCM2711 GPIO" : "BCM2835 GPIO",
		     (unsigned long long)gpio_pa);
	for (unsigned int pin = first; pin <= last; pin++) {
		shell_printf("GPIO%-2u %-4s", pin, fsel_names[bcm2835_get_function(pin)]);
		if (gpio_is_2711) {
			u32 v = readl(gpio_base + GPIO_PUP_PDN_CNTRL(pin));

			shell_printf(" pull %s", pull_names[v >> (2 * (pin % 16)) & 3]);
		}
		shell_printf("\n");
	}
	return 0;
}

SHELL_CMD(gpio, "gpio", "[PIN]", "show BCM2835/BCM2711 GPIO pin functions (Raspberry Pi)", cmd_gpio);

HOST_TESTS += rpi4
host-rpi4-srcs := tests/host/test_rpi4.c lib/fdt.c drivers/of/fdt_scan.c mm/memblock.c \
	drivers/tty/pl011_clk.c drivers/pinctrl/bcm2835-pinplan.c tests/host/host_printk.c
host-rpi4-deps := $(BUILD)/dtbs/.stamp $(BUILD)/dtbs/rpi4-mem/.stamp

# /memory filled in as the Pi 4 firmware does, with fdtput, at test time.
$(BUILD)/dtbs/rpi4-mem/.stamp: $(BUILD)/dtbs/.stamp tests/host/rpi4-mem-dtbs.sh
	$(Q)tests/host/rpi4-mem-dtbs.sh $(BUILD)/dtbs

# SPDX-License-Identifier: GPL-2.0
#
# Booting Arbor on QEMU's Raspberry Pi 3 model (docs/hardware/rpi3-qemu.md).
#
#   make rpi3-run        qemu-system-aarch64 -M raspi3b with Debian's
#                        bcm2837-rpi-3-b.dtb (scripts/fetch-dtbs.sh puts it in
#                        build/dtbs), build/Image and build/initramfs.cpio;
#                        the console is the PL011 (uart0) on stdio
#
#   RPI3_EXTRA="..."     more QEMU arguments (e.g. "-s -S" for gdb,
#                        "-serial null -serial file:miniuart.log" for the mini UART)
#
# The same Image as make run: no board-specific configuration. The machine
# has exactly 1 GiB (QEMU refuses any other -m; the firmware's split leaves
# 960 MiB to the ARM), four Cortex-A53s entered at EL2, no GIC, no PSCI.
# Ctrl-A X quits QEMU; "poweroff" stops it through the PM watchdog.

RPI3_DTB := $(BUILD)/dtbs/bcm2837-rpi-3-b.dtb
RPI3_EXTRA ?=

RPI3_QEMU_CMD = $(QEMU) -M raspi3b -cpu cortex-a53 -m 1G -smp 4 -nographic \
	-semihosting-config enable=on,target=native \
	-dtb $(RPI3_DTB) -kernel $(BUILD)/Image -initrd $(BUILD)/initramfs.cpio \
	$(RPI3_EXTRA)

# The DTB comes from Debian's arm64 kernel package, fetched once.
$(RPI3_DTB): $(BUILD)/dtbs/.stamp
	$(Q)test -s $@ || { echo "$@ missing: scripts/fetch-dtbs.sh $(BUILD)/dtbs failed" >&2; exit 1; }

rpi3-run: deps-run all $(RPI3_DTB)
	@echo "Booting Arbor on QEMU's Raspberry Pi 3 model: type 'help' at the prompt; Ctrl-A X quits QEMU."
	$(RPI3_QEMU_CMD)

rpi3-debug: deps-run all $(RPI3_DTB)
	@echo "QEMU (raspi3b) is halted with a gdb stub on :1234. In another terminal run:"
	@echo "  gdb-multiarch $(BUILD)/arbor.elf -ex 'target remote :1234'"
	$(RPI3_QEMU_CMD) -s -S

.PHONY: rpi3-run rpi3-debug

# SPDX-License-Identifier: GPL-2.0
#
# Raspberry Pi 4: the SD card (docs/hardware/rpi4.md).
#
#   make rpi4-sdcard               $(BUILD)/rpi4/boot/ and $(BUILD)/rpi4-sdcard.img
#   make rpi4-sdcard RPI4_UBOOT=1  the same, booting through Debian's U-Boot
#   make rpi4-kernel               only the kernel: $(RPI4_KBUILD)/Image
#
# The kernel is built with configs/rpi4_defconfig in a build directory of its
# own, with its own .config and generated headers (the top Makefile's
# BUILD, KCONFIG_CONFIG, AUTOCONF and AUTOCONF_MK, set on the sub-make's
# command line), so the user's .config, include/generated and build/Image
# are never touched.

RPI4_OUT ?= $(BUILD)/rpi4
RPI4_IMG ?= $(BUILD)/rpi4-sdcard.img
RPI4_KBUILD ?= $(BUILD)/rpi4-kernel
RPI4_UBOOT ?= 0
RPI4_IMG_MIB ?= 64

RPI4_KMAKE = $(MAKE) --no-print-directory BUILD=$(RPI4_KBUILD) \
	KCONFIG_CONFIG=$(RPI4_KBUILD)/.config \
	AUTOCONF=$(RPI4_KBUILD)/include/generated/autoconf.h \
	AUTOCONF_MK=$(RPI4_KBUILD)/include/config/auto.conf

# The rpi4 .config follows configs/rpi4_defconfig and Kconfig.
$(RPI4_KBUILD)/.config: configs/rpi4_defconfig Kconfig
	$(call msg,DEFCONFIG,rpi4_defconfig)
	$(Q)scripts/deps.sh kconfig
	$(Q)mkdir -p $(RPI4_KBUILD)/include/generated $(RPI4_KBUILD)/include/config
	$(Q)KCONFIG_CONFIG=$@ $(KCONFIGLIB) defconfig --kconfig Kconfig configs/rpi4_defconfig >/dev/null

rpi4-kernel: $(RPI4_KBUILD)/.config
	+$(Q)$(RPI4_KMAKE) $(RPI4_KBUILD)/Image

# The boot files: the kernel, config.txt, the DTB (and U-Boot), then the image.
rpi4-sdcard: rpi4-kernel deps-build
	$(Q)scripts/deps.sh rpi4
	$(call msg,FETCH,$(RPI4_OUT)/downloads)
	$(Q)scripts/rpi4-fetch.sh $(RPI4_OUT)/downloads $(if $(filter 1 y yes,$(RPI4_UBOOT)),uboot)
	$(call msg,GEN,$(RPI4_OUT)/boot)
	$(Q)rm -rf $(RPI4_OUT)/boot && mkdir -p $(RPI4_OUT)/boot
	$(Q)cp $(RPI4_KBUILD)/Image $(RPI4_OUT)/boot/kernel8.img
	$(Q)cp $(RPI4_OUT)/downloads/bcm2711-rpi-4-b.dtb $(RPI4_OUT)/boot/
ifneq ($(filter 1 y yes,$(RPI4_UBOOT)),)
	$(Q)cp $(RPI4_OUT)/downloads/u-boot.bin $(RPI4_OUT)/boot/
	$(Q)mkimage -A arm64 -O linux -T script -C none -n "Arbor rpi4" \
		-d boot/rpi4/boot.cmd $(RPI4_OUT)/boot/boot.scr >/dev/null
	$(Q)sed 's/^kernel=kernel8\.img$$/kernel=u-boot.bin\n# U-Boot runs boot.scr, which loads kernel8.img with booti./' \
		boot/rpi4/config.txt >$(RPI4_OUT)/boot/config.txt
else
	$(Q)cp boot/rpi4/config.txt $(RPI4_OUT)/boot/config.txt
endif
	$(call msg,SDCARD,$(RPI4_IMG))
	$(Q)scripts/mk-rpi4-sdcard.sh $(RPI4_OUT)/boot $(RPI4_IMG) $(RPI4_IMG_MIB)
	@echo "rpi4: $(RPI4_OUT)/boot/ and $(RPI4_IMG) are ready; add start4.elf and fixup4.dat" \
		"from github.com/raspberrypi/firmware (boot/), see docs/hardware/rpi4.md"

# make check's SD-card test (tests/e2e/test_rpi4_sdcard.py) runs make
# rpi4-sdcard itself; building the kernel beforehand keeps that build out of
# the time-bounded QEMU tests running next to it.
check: rpi4-kernel

.PHONY: rpi4-kernel rpi4-sdcard

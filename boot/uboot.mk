# SPDX-License-Identifier: GPL-2.0
#
# Booting Arbor through U-Boot on QEMU virt (docs/hardware/uboot.md).
#
#   make uboot-run       QEMU -bios u-boot.bin; U-Boot's distro boot finds
#                        boot.scr on a virtio disk (build/uboot/disk.img) and
#                        booti's build/Image with build/initramfs.cpio
#   make fit             build/arbor.itb: kernel, initramfs and QEMU's virt DTB
#   make uboot-fit-run   the same QEMU, booting arbor.itb with bootm from a
#                        second disk (build/uboot/fit-disk.img)
#
#   UBOOT_BOOTARGS="..."  kernel command line put into boot.scr (default: the
#                         script's own, "boot=boot.scr" / "boot=arbor.itb")
#   UBOOT_MACHINE=virt,virtualization=on   enter U-Boot and the kernel at EL2
#   UBOOT_BIN=...         another U-Boot build for QEMU's -bios
#
# Both disks are made without root (sfdisk on a file, mkfs.vfat, mcopy):
# scripts/mk-uboot-disk.sh.

UBOOT_BIN ?= /usr/lib/u-boot/qemu_arm64/u-boot.bin
UBOOT_MACHINE ?= virt
UBOOT_BOOTARGS ?=
UBOOT_DIR := $(BUILD)/uboot
MKIMAGE ?= mkimage

UBOOT_QEMU_CMD = $(QEMU) -M $(UBOOT_MACHINE) -cpu $(QEMU_CPU) -m $(QEMU_MEM) -nographic \
	-semihosting-config enable=on,target=native -nic none -bios $(UBOOT_BIN) \
	-drive if=none,id=ubdisk,file=$(1),format=raw -device virtio-blk-device,drive=ubdisk \
	$(QEMU_EXTRA)

deps-uboot: deps-run
	@scripts/deps.sh uboot

# Rebuild what depends on these settings when they change, not otherwise.
UBOOT_OPTS := $(UBOOT_MACHINE)|$(QEMU_CPU)|$(QEMU_MEM)|$(UBOOT_BOOTARGS)
$(UBOOT_DIR)/opts: FORCE
	$(Q)mkdir -p $(dir $@)
	$(Q)printf '%s\n' '$(subst ','\'',$(UBOOT_OPTS))' | cmp -s - $@ || \
		printf '%s\n' '$(subst ','\'',$(UBOOT_OPTS))' > $@

# boot.scr: the script, with a setenv in front when UBOOT_BOOTARGS is given.
# $(1) = output, $(2) = source, $(3) = image name.
define uboot_script
	$(call msg,MKIMAGE,$(1))
	$(Q)mkdir -p $(dir $(1))
	$(Q){ if [ -n '$(subst ','\'',$(UBOOT_BOOTARGS))' ]; then \
		printf 'setenv arbor_bootargs "%s"\n' '$(subst ','\'',$(UBOOT_BOOTARGS))'; fi; \
		cat $(2); } > $(1).cmd
	$(Q)$(MKIMAGE) -A arm64 -O linux -T script -C none -n $(3) -d $(1).cmd $(1) >/dev/null
endef

$(UBOOT_DIR)/boot.scr: boot/u-boot/boot.cmd $(UBOOT_DIR)/opts | deps-uboot
	$(call uboot_script,$@,$<,arbor)

$(UBOOT_DIR)/fit/boot.scr: boot/u-boot/fit-boot.cmd $(UBOOT_DIR)/opts | deps-uboot
	$(call uboot_script,$@,$<,arbor-fit)

$(UBOOT_DIR)/disk.img: $(BUILD)/Image $(BUILD)/initramfs.cpio $(UBOOT_DIR)/boot.scr \
		scripts/mk-uboot-disk.sh | deps-uboot
	$(call msg,DISK,$@)
	$(Q)scripts/mk-uboot-disk.sh $@ $(BUILD)/Image $(UBOOT_DIR)/boot.scr $(BUILD)/initramfs.cpio

# QEMU's own DTB for the machine uboot-fit-run starts, compacted (the dump
# is padded to 1 MiB) and marked so that bootinfo's "DTB model" shows that
# the FIT's copy, not the one QEMU handed U-Boot, reached the kernel.
$(UBOOT_DIR)/fit/virt.dtb: $(UBOOT_DIR)/opts | deps-uboot
	$(call msg,DUMPDTB,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(QEMU) -M $(UBOOT_MACHINE),dumpdtb=$@.dump -cpu $(QEMU_CPU) -m $(QEMU_MEM) \
		-nographic -nic none >/dev/null 2>&1 || { echo "qemu dumpdtb failed" >&2; exit 1; }
	$(Q)dtc -q -I dtb -O dtb -o $@.tmp $@.dump
	$(Q)fdtput -t s $@.tmp / model "$$(fdtget $@.tmp / model) (arbor.itb)"
	$(Q)rm -f $@.dump
	$(Q)mv $@.tmp $@

# mkimage's dtc finds the /incbin/ files through -i: copies of the inputs
# under the names boot/u-boot/arbor.its uses.
$(BUILD)/arbor.itb: boot/u-boot/arbor.its $(BUILD)/Image $(BUILD)/initramfs.cpio \
		$(UBOOT_DIR)/fit/virt.dtb | deps-uboot
	$(call msg,MKIMAGE,$@)
	$(Q)cp $(BUILD)/Image $(UBOOT_DIR)/fit/Image
	$(Q)cp $(BUILD)/initramfs.cpio $(UBOOT_DIR)/fit/initramfs.cpio
	$(Q)$(MKIMAGE) -D "-I dts -O dtb -p 500 -i $(UBOOT_DIR)/fit" -f $< $@.tmp >$@.log
	$(Q)mv $@.tmp $@

$(UBOOT_DIR)/fit-disk.img: $(BUILD)/arbor.itb $(UBOOT_DIR)/fit/boot.scr \
		scripts/mk-uboot-disk.sh | deps-uboot
	$(call msg,DISK,$@)
	$(Q)scripts/mk-uboot-disk.sh $@ $(BUILD)/arbor.itb $(UBOOT_DIR)/fit/boot.scr

uboot-disk: $(UBOOT_DIR)/disk.img
fit: $(BUILD)/arbor.itb
uboot-fit-disk: $(UBOOT_DIR)/fit-disk.img

uboot-run: deps-uboot all $(UBOOT_DIR)/disk.img
	@echo "Booting Arbor through U-Boot: distro boot runs boot.scr after a 2 s delay;"
	@echo "type 'help' at the arbor> prompt; Ctrl-A X quits QEMU."
	$(call UBOOT_QEMU_CMD,$(UBOOT_DIR)/disk.img)

uboot-fit-run: deps-uboot all $(UBOOT_DIR)/fit-disk.img
	@echo "Booting arbor.itb through U-Boot (bootm); Ctrl-A X quits QEMU."
	$(call UBOOT_QEMU_CMD,$(UBOOT_DIR)/fit-disk.img)

FORCE:

.PHONY: deps-uboot uboot-disk fit uboot-fit-disk uboot-run uboot-fit-run FORCE

# tests/e2e/test_uboot.py boots these two disks.
check: $(UBOOT_DIR)/disk.img $(UBOOT_DIR)/fit-disk.img

# SPDX-License-Identifier: GPL-2.0
#
# Arbor top-level Makefile.
#
#   make                      build build/Image, build/arbor.elf and build/initramfs.cpio
#   make run                  boot the Image in QEMU with the initramfs and build/disk.img (ext2)
#   make debug                same, halted, with a gdb stub on :1234
#   make uboot-run | uboot-fit-run | fit    through Debian's U-Boot (boot/uboot.mk)
#   make rpi3-run             QEMU's Raspberry Pi 3 model (boot/rpi3.mk)
#   make rpi4-sdcard          a Raspberry Pi 4 SD card image [RPI4_UBOOT=1] (boot/rpi4.mk)
#   make check                every test: host units, in-kernel ktest, end-to-end
#   make bench                benchmarks, one "BENCH name value unit" line each
#   make fuzz                 the libFuzzer targets for FUZZ_TIME seconds, long randomized tests
#   make menuconfig | <board>_defconfig | savedefconfig | olddefconfig
#   make V=1                  show the commands

ARBOR_VERSION := 0.1.0
export ARBOR_VERSION

.DEFAULT_GOAL := all
BUILD ?= build
CROSS_COMPILE ?= aarch64-linux-gnu-
# Debian's python3 carries kconfiglib, pexpect and pytest; a pyenv shim first
# in PATH would not.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || echo python3)
QEMU ?= qemu-system-aarch64
HOSTCC ?= gcc

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
OBJCOPY := $(CROSS_COMPILE)objcopy
NM := $(CROSS_COMPILE)nm

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-8s %s\n' $(1) $(2)
endif

KCONFIG_CONFIG ?= .config
export KCONFIG_CONFIG
AUTOCONF := include/generated/autoconf.h
AUTOCONF_MK := include/config/auto.conf

# Targets that must not read or create .config.
NOCONFIG_TARGETS := %_defconfig menuconfig savedefconfig olddefconfig clean distclean deps help host-tests
ifeq ($(filter-out $(NOCONFIG_TARGETS),$(MAKECMDGOALS)),)
  ifneq ($(MAKECMDGOALS),)
    SKIP_CONFIG := 1
  endif
endif

ifndef SKIP_CONFIG
-include $(AUTOCONF_MK)
endif

# ---------------------------------------------------------------------------
# Configuration (kconfiglib)

KCONFIGLIB := $(PYTHON) -m
DEFCONFIG ?= qemu_virt_defconfig

$(KCONFIG_CONFIG):
	$(call msg,DEFCONFIG,$(DEFCONFIG))
	$(Q)scripts/deps.sh kconfig
	$(Q)$(KCONFIGLIB) defconfig --kconfig Kconfig configs/$(DEFCONFIG) >/dev/null

# genconfig writes both files only when they change, so a touch of .config
# does not rebuild the world.
$(AUTOCONF) $(AUTOCONF_MK): $(KCONFIG_CONFIG) Kconfig
	$(call msg,GEN,$(AUTOCONF))
	$(Q)mkdir -p include/generated include/config
	$(Q)$(KCONFIGLIB) genconfig --header-path $(AUTOCONF) --config-out $(AUTOCONF_MK) Kconfig
	$(Q)touch $(AUTOCONF) $(AUTOCONF_MK)

%_defconfig:
	$(Q)scripts/deps.sh kconfig
	$(Q)test -f configs/$@ || { echo "no such config: configs/$@" >&2; exit 1; }
	$(Q)$(KCONFIGLIB) defconfig --kconfig Kconfig configs/$@

menuconfig:
	$(Q)scripts/deps.sh kconfig
	$(Q)test -f $(KCONFIG_CONFIG) || $(KCONFIGLIB) defconfig --kconfig Kconfig configs/$(DEFCONFIG) >/dev/null
	$(Q)MENUCONFIG_STYLE=aquatic $(KCONFIGLIB) menuconfig Kconfig

olddefconfig:
	$(Q)scripts/deps.sh kconfig
	$(Q)$(KCONFIGLIB) olddefconfig Kconfig

savedefconfig:
	$(Q)scripts/deps.sh kconfig
	$(Q)$(KCONFIGLIB) savedefconfig --kconfig Kconfig --out defconfig
	@echo "wrote defconfig (copy it to configs/<board>_defconfig)"

# ---------------------------------------------------------------------------
# Kernel objects. Each directory lists its objects in Build.mk:
#   obj-y += dir/file.o        obj-$(CONFIG_FOO) += dir/bar.o

obj-y :=
include $(wildcard */Build.mk */*/Build.mk */*/*/Build.mk)
OBJS := $(addprefix $(BUILD)/,$(sort $(obj-y)))

GIT_REV := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

KCPPFLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include 2>/dev/null) \
	-Iinclude -Iarch/arm64/include -include $(AUTOCONF) -D__KERNEL__
# -mstrict-align: early code runs with the MMU off, where every access is
# Device memory and an unaligned one faults.  -mgeneral-regs-only: no FP/SIMD
# in the kernel.  Frame pointers feed the panic backtrace.
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -nostdlib -fno-pic -fno-pie \
	-mcmodel=small -mgeneral-regs-only -mstrict-align -fno-stack-protector \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-common \
	-fno-strict-aliasing -fno-delete-null-pointer-checks \
	-Wall -Wextra -Werror -Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes
KAFLAGS := -D__ASSEMBLY__ -g
KLDFLAGS := -nostdlib -static -z max-page-size=4096 -z norelro --no-warn-rwx-segments --build-id=none

# Code that runs with the MMU off is checked for absolute relocations.
PI_OBJS := $(BUILD)/arch/arm64/mm/map_range.o $(BUILD)/arch/arm64/kernel/early_map.o

DEPFLAGS = -MMD -MP -MF $(@:.o=.d)

all: $(BUILD)/Image $(BUILD)/initramfs.cpio

# The initramfs: rootfs/ as a newc cpio archive (owner root, stable inode
# numbers), which QEMU's -initrd hands to populate_rootfs(). Listing the
# directories too rebuilds it when a file is added or removed.
ROOTFS_FILES := $(shell find rootfs 2>/dev/null)
$(BUILD)/initramfs.cpio: $(ROOTFS_FILES) | deps-build
	$(call msg,CPIO,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)(cd rootfs && find . | LC_ALL=C sort | cpio -o -H newc --reproducible -R 0:0 --quiet) > $@.tmp
	$(Q)mv $@.tmp $@

# The disk make run attaches as /dev/vda: an ext2 image of rootfs/ (4 KiB
# blocks, owner root), made and checked with e2fsprogs on the host. The
# kernel mounts it on /mnt at boot.
$(BUILD)/disk.img: $(ROOTFS_FILES) | deps-build
	$(call msg,MKE2FS,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)rm -f $@.tmp
	$(Q)PATH="$$PATH:/usr/sbin:/sbin" mke2fs -q -t ext2 -b 4096 -E root_owner=0:0 -d rootfs \
		-F $@.tmp 16M >/dev/null
	$(Q)PATH="$$PATH:/usr/sbin:/sbin" e2fsck -fn $@.tmp >$@.log 2>&1 || { cat $@.log; exit 1; }
	$(Q)mv $@.tmp $@

$(BUILD)/%.o: %.c $(AUTOCONF)
	$(call msg,CC,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KCPPFLAGS) $(KCFLAGS) $(CFLAGS_$(notdir $(basename $@))) $(DEPFLAGS) -c $< -o $@

$(BUILD)/%.o: %.S $(AUTOCONF)
	$(call msg,AS,$<)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KCPPFLAGS) $(KAFLAGS) $(DEPFLAGS) -c $< -o $@

CFLAGS_map_range := -fno-jump-tables
CFLAGS_early_map := -fno-jump-tables
$(BUILD)/init/version.o: CFLAGS_version := -DGIT_REV='"$(GIT_REV)"' -DARBOR_VERSION='"$(ARBOR_VERSION)"'
# Rebuild version.o whenever anything else is relinked.
$(BUILD)/init/version.o: $(filter-out $(BUILD)/init/version.o,$(OBJS))

LDS := $(BUILD)/arch/arm64/kernel/arbor.lds
$(LDS): arch/arm64/kernel/arbor.lds.S $(AUTOCONF)
	$(call msg,LDS,$@)
	$(Q)mkdir -p $(dir $@)
	$(Q)$(CC) $(KCPPFLAGS) -E -P -D__ASSEMBLY__ -D__LINKER__ -MMD -MP -MF $@.d -MT $@ -x c $< -o $@
-include $(LDS).d

# The symbol table for backtraces is generated from the linked kernel and
# linked back in: pass 1 has an empty table, pass 2 a table of the right size
# with pass-1 addresses, and pass 3 (final) the addresses of pass 2, which
# equal its own because the table's size did not change.
KALLSYMS := $(PYTHON) scripts/kallsyms.py
define link_pass
	$(Q)$(LD) $(KLDFLAGS) -T $(LDS) -o $(1) $(OBJS) $(2)
endef

$(BUILD)/arbor.elf: $(OBJS) $(LDS) scripts/kallsyms.py scripts/check-pi-relocs.sh
	$(Q)scripts/check-pi-relocs.sh $(PI_OBJS)
	$(call msg,LD,$@)
	$(Q): | $(KALLSYMS) > $(BUILD)/.kallsyms0.S
	$(Q)$(CC) $(KAFLAGS) -c $(BUILD)/.kallsyms0.S -o $(BUILD)/.kallsyms0.o
	$(call link_pass,$(BUILD)/.tmp1.elf,$(BUILD)/.kallsyms0.o)
	$(Q)$(NM) -n $(BUILD)/.tmp1.elf | $(KALLSYMS) > $(BUILD)/.kallsyms1.S
	$(Q)$(CC) $(KAFLAGS) -c $(BUILD)/.kallsyms1.S -o $(BUILD)/.kallsyms1.o
	$(call link_pass,$(BUILD)/.tmp2.elf,$(BUILD)/.kallsyms1.o)
	$(Q)$(NM) -n $(BUILD)/.tmp2.elf | $(KALLSYMS) > $(BUILD)/.kallsyms2.S
	$(Q)$(CC) $(KAFLAGS) -c $(BUILD)/.kallsyms2.S -o $(BUILD)/.kallsyms2.o
	$(call link_pass,$@,$(BUILD)/.kallsyms2.o)
	$(Q)$(NM) -n $@ | $(KALLSYMS) | cmp -s - $(BUILD)/.kallsyms2.S || \
		{ echo "kallsyms: table did not converge" >&2; rm -f $@; exit 1; }

$(BUILD)/Image: $(BUILD)/arbor.elf
	$(call msg,OBJCOPY,$@)
	$(Q)$(OBJCOPY) -O binary $< $@
	$(Q)scripts/check-image.sh $@ $<

-include $(OBJS:.o=.d)

$(OBJS) $(LDS): | deps-build

# ---------------------------------------------------------------------------
# Running

QEMU_MEM ?= 1G
QEMU_CPU ?= cortex-a72
QEMU_MACHINE ?= virt
QEMU_EXTRA ?=
QEMU_CMD = $(QEMU) -M $(QEMU_MACHINE) -cpu $(QEMU_CPU) -m $(QEMU_MEM) -nographic \
	-semihosting-config enable=on,target=native -kernel $(BUILD)/Image \
	-initrd $(BUILD)/initramfs.cpio \
	-drive if=none,id=vda,file=$(BUILD)/disk.img,format=raw -device virtio-blk-device,drive=vda \
	$(QEMU_EXTRA)

run: deps-run all $(BUILD)/disk.img
	@echo "Booting Arbor in QEMU: type 'help' at the prompt; Ctrl-A X quits QEMU."
	$(QEMU_CMD)

debug: deps-run all $(BUILD)/disk.img
	@echo "QEMU is halted with a gdb stub on :1234. In another terminal run:"
	@echo "  gdb-multiarch $(BUILD)/arbor.elf -ex 'target remote :1234'"
	$(QEMU_CMD) -s -S

# Ordered so that only one apt-get runs at a time, even under -j.
deps-build:
	@scripts/deps.sh build

deps-run: deps-build
	@scripts/deps.sh run

deps:
	@scripts/deps.sh all

# ---------------------------------------------------------------------------
# Tests

HOST_TESTS :=
FUZZ_TARGETS :=
HOST_BENCHES :=
include $(wildcard tests/host/*.mk)

# Boot paths besides "make run" (U-Boot, Raspberry Pi): one fragment each.
include $(wildcard boot/*.mk)

HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Itests/host -DHOST_TEST

define host_test_rule
$(BUILD)/host/$(1): $$(host-$(1)-srcs) tests/host/test.c $(wildcard tests/host/*.h include/arbor/*.h)
	$$(call msg,HOSTCC,$$@)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$$(HOSTCC) $$(HOST_CFLAGS) $$(host-$(1)-cflags) tests/host/test.c $$(host-$(1)-srcs) -o $$@
endef
$(foreach t,$(HOST_TESTS),$(eval $(call host_test_rule,$(t))))
$(addprefix $(BUILD)/host/,$(HOST_TESTS)): | deps-check

HOST_BINS := $(addprefix $(BUILD)/host/,$(HOST_TESTS))
HOST_DEPS := $(sort $(foreach t,$(HOST_TESTS),$(host-$(t)-deps)))

$(BUILD)/dtbs/.stamp: scripts/fetch-dtbs.sh
	$(Q)scripts/fetch-dtbs.sh $(BUILD)/dtbs

# libFuzzer targets (tests/host/*.mk: FUZZ_TARGETS += name, fuzz-name-srcs := ...):
# make check runs each for CHECK_FUZZ_TIME seconds, make fuzz for FUZZ_TIME.
FUZZCC ?= clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Itests/host -DHOST_TEST
CHECK_FUZZ_TIME ?= 20
FUZZ_TIME ?= 600
# make fuzz also runs the host tests' randomized parts this many times longer.
FUZZ_TEST_SCALE ?= 5

define fuzz_rule
$(BUILD)/host/fuzz_$(1): $$(fuzz-$(1)-srcs) $(wildcard tests/host/*.h include/arbor/*.h lib/*.h)
	$$(call msg,FUZZCC,$$@)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$$(FUZZCC) $$(FUZZ_CFLAGS) $$(fuzz-$(1)-srcs) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rule,$(t))))
FUZZ_BINS := $(addprefix $(BUILD)/host/fuzz_,$(FUZZ_TARGETS))
$(FUZZ_BINS): | deps-check

# Host benchmarks (HOST_BENCHES += name, bench-name-srcs := ...), run by make bench.
BENCH_CFLAGS := -std=gnu11 -g -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Itests/host -DHOST_TEST
define bench_rule
$(BUILD)/host/bench_$(1): $$(bench-$(1)-srcs) $(wildcard tests/host/*.h include/arbor/*.h lib/*.h)
	$$(call msg,HOSTCC,$$@)
	$$(Q)mkdir -p $$(dir $$@)
	$$(Q)$$(HOSTCC) $$(BENCH_CFLAGS) $$(bench-$(1)-srcs) -o $$@
endef
$(foreach t,$(HOST_BENCHES),$(eval $(call bench_rule,$(t))))
BENCH_BINS := $(addprefix $(BUILD)/host/bench_,$(HOST_BENCHES))
$(BENCH_BINS): | deps-check

host-tests: $(HOST_BINS) $(HOST_DEPS)
	$(Q)$(PYTHON) scripts/check.py host $(HOST_BINS)

check: deps-check all $(BUILD)/disk.img $(HOST_BINS) $(HOST_DEPS) $(FUZZ_BINS)
	$(Q)FUZZ_TIME=$(CHECK_FUZZ_TIME) $(PYTHON) scripts/check.py all $(HOST_BINS) --fuzz $(FUZZ_BINS)

fuzz: deps-check $(HOST_BINS) $(HOST_DEPS) $(FUZZ_BINS)
	$(Q)FUZZ_TIME=$(FUZZ_TIME) TEST_SCALE=$(FUZZ_TEST_SCALE) \
		$(PYTHON) scripts/check.py host $(HOST_BINS) --fuzz $(FUZZ_BINS)

bench: deps-check all $(BENCH_BINS)
	$(Q)$(PYTHON) scripts/bench.py $(BENCH_BINS)

deps-check: deps-run
	@scripts/deps.sh check

clean:
	rm -rf $(BUILD)

distclean: clean
	rm -rf .config .config.old include/generated include/config

help:
	@sed -n '3,16p' Makefile | sed 's/^# \{0,1\}//'

.PHONY: all run debug deps deps-build deps-run deps-check check fuzz bench host-tests clean distclean help \
	menuconfig olddefconfig savedefconfig

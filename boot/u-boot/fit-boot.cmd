# SPDX-License-Identifier: GPL-2.0
#
# Arbor's U-Boot script for the FIT image (make uboot-fit-run): distro boot
# runs it as /boot.scr from the FIT disk. It loads arbor.itb and boots its
# default configuration (kernel, initramfs and DTB all from the FIT) with
# bootm. Set arbor_bootargs (or make UBOOT_BOOTARGS="...") to change the
# kernel command line, fit_addr_r to load the .itb elsewhere.

echo "arbor: FIT boot.scr from ${devtype} ${devnum}:${distro_bootpart}"
if test -z "${devtype}"; then setenv devtype virtio; setenv devnum 0; setenv distro_bootpart 1; fi

if test -z "${arbor_bootargs}"; then setenv arbor_bootargs "boot=arbor.itb"; fi
setenv bootargs "${arbor_bootargs}"

# 128 MiB into RAM: clear of the kernel's load address (0x40400000), which
# bootm copies the kernel to, and of U-Boot itself at the top of RAM.
if test -z "${fit_addr_r}"; then setenv fit_addr_r 0x48000000; fi

if load ${devtype} ${devnum}:${distro_bootpart} ${fit_addr_r} ${prefix}arbor.itb; then
	echo "arbor: bootm ${fit_addr_r} bootargs=${bootargs}"
	bootm ${fit_addr_r}
fi
echo "arbor: FIT boot.scr failed: no ${prefix}arbor.itb on ${devtype} ${devnum}:${distro_bootpart}, or bootm refused it"

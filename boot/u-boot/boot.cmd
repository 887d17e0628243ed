# SPDX-License-Identifier: GPL-2.0
#
# Arbor's U-Boot boot script (make uboot-run). U-Boot's distro boot finds
# /boot.scr (this file, made with mkimage -T script) on the first bootable
# partition and runs it with devtype, devnum, distro_bootpart and prefix set.
#
# The kernel command line is ${arbor_bootargs}: set it at the U-Boot prompt
# (setenv arbor_bootargs "..."; boot) or build the disk with
# make uboot-run UBOOT_BOOTARGS="...", which puts a setenv line in front of
# this script.

echo "arbor: boot.scr from ${devtype} ${devnum}:${distro_bootpart}"
# Run by hand with "source" outside distro boot: assume the first virtio disk.
if test -z "${devtype}"; then setenv devtype virtio; setenv devnum 0; setenv distro_bootpart 1; fi

if test -z "${arbor_bootargs}"; then setenv arbor_bootargs "boot=boot.scr"; fi
setenv bootargs "${arbor_bootargs}"

# The Image runs in place at kernel_addr_r (0x40400000 on QEMU virt): its
# header says text_offset 0 and "may be placed anywhere".
if load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} ${prefix}Image; then
	# The initramfs is optional; booti takes it as <address>:<size>.
	setenv arbor_initrd -
	if test -e ${devtype} ${devnum}:${distro_bootpart} ${prefix}initramfs.cpio; then
		if load ${devtype} ${devnum}:${distro_bootpart} ${ramdisk_addr_r} ${prefix}initramfs.cpio; then
			setenv arbor_initrd ${ramdisk_addr_r}:${filesize}
		fi
	fi
	echo "arbor: booti ${kernel_addr_r} ${arbor_initrd} ${fdtcontroladdr} bootargs=${bootargs}"
	# The DTB U-Boot itself was given by QEMU (it adds /chosen/bootargs
	# and /chosen/u-boot,version to its copy).
	booti ${kernel_addr_r} ${arbor_initrd} ${fdtcontroladdr}
fi
echo "arbor: boot.scr failed: no ${prefix}Image on ${devtype} ${devnum}:${distro_bootpart}, or booti refused it"

# Arbor: U-Boot script for the Raspberry Pi 4 SD card (RPI4_UBOOT=1).
# U-Boot's distro boot finds boot.scr on the FAT partition and runs it;
# devtype, devnum and distro_bootpart are set by that scan. Typed by hand
# (or run with "source") they may be unset: default to the SD card, mmc 0:1.
if test -z "${devtype}"; then setenv devtype mmc; setenv devnum 0; setenv distro_bootpart 1; fi
# The firmware's device tree (memory filled in): U-Boot keeps its address in
# fdt_addr, and uses the same tree as its control DT.
if test -z "${fdt_addr}"; then setenv fdt_addr ${fdtcontroladdr}; fi
echo "Arbor: loading kernel8.img from ${devtype} ${devnum}:${distro_bootpart}"
load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} kernel8.img
booti ${kernel_addr_r} - ${fdt_addr}

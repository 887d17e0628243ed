obj-y += drivers/tty/pl011.o drivers/of/fdt_scan.o

obj-y += drivers/tty/pl011_clk.o

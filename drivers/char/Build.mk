obj-y += drivers/char/mem.o

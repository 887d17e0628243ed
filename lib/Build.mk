obj-y += lib/string.o lib/vsprintf.o lib/parse.o lib/errname.o lib/fdt.o

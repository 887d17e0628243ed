obj-y += kernel/printk.o kernel/console.o kernel/panic.o kernel/kallsyms.o kernel/initcall.o
obj-$(CONFIG_KTEST) += kernel/ktest.o

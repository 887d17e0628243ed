obj-y += kernel/printk.o kernel/console.o kernel/panic.o kernel/kallsyms.o kernel/initcall.o kernel/bench.o
obj-$(CONFIG_KTEST) += kernel/ktest.o
obj-y += kernel/fork.o
obj-y += kernel/sysctl.o
obj-y += kernel/reboot.o
obj-y += kernel/timekeeping.o

# The Raspberry Pi 2/3 interrupt controllers (the GIC drivers are listed in drivers/Build.mk).
obj-y += drivers/irqchip/irq-bcm2836.o drivers/irqchip/irq-bcm2835.o
obj-$(CONFIG_KTEST) += drivers/irqchip/irq-bcm2836_test.o

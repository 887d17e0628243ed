obj-y += drivers/tty/pl011.o drivers/of/fdt_scan.o
obj-y += drivers/irqchip/irq.o drivers/irqchip/irq-gic-common.o drivers/irqchip/irq-gic.o drivers/irqchip/irq-gic-v3.o
obj-y += drivers/clocksource/arm_arch_timer.o
obj-y += drivers/virtio/virtio_mmio.o drivers/block/blk-core.o drivers/block/virtio_blk.o

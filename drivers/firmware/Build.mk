obj-$(CONFIG_RASPBERRYPI_FIRMWARE) += drivers/firmware/raspberrypi.o

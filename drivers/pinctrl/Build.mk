obj-$(CONFIG_PINCTRL_BCM2835) += drivers/pinctrl/bcm2835-gpio.o drivers/pinctrl/bcm2835-pinplan.o

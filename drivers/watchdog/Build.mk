obj-$(CONFIG_BCM2835_WDT) += drivers/watchdog/bcm2835_wdt.o

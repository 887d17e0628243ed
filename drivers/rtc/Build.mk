obj-y += drivers/rtc/rtc-pl031.o

HOST_TESTS += cpio
host-cpio-srcs := tests/host/test_cpio.c lib/cpio.c

FUZZ_TARGETS += cpio
fuzz-cpio-srcs := tests/host/fuzz_cpio.c lib/cpio.c
# Seed the fuzzer's corpus (build/fuzz/fuzz_cpio, see scripts/check.py) with
# real archives small enough for its -max_len of 4096, in both formats.
CPIO_SEEDS := $(BUILD)/fuzz/fuzz_cpio/seed-etc-newc.cpio $(BUILD)/fuzz/fuzz_cpio/seed-etc-crc.cpio
$(BUILD)/host/fuzz_cpio: | $(CPIO_SEEDS)
$(BUILD)/fuzz/fuzz_cpio/seed-etc-%.cpio: | deps-build
	$(Q)mkdir -p $(dir $@)
	$(Q)(cd rootfs/etc && find . | LC_ALL=C sort | cpio -o -H $* --reproducible -R 0:0 --quiet) > $@

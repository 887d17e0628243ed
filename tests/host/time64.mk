HOST_TESTS += time64
host-time64-srcs := tests/host/test_time64.c tests/host/time64_shim.c lib/time64.c

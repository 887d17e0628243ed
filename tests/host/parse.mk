HOST_TESTS += parse
host-parse-srcs := tests/host/test_parse.c lib/parse.c

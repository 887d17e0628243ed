HOST_TESTS += readline
host-readline-srcs := tests/host/test_readline.c init/readline.c lib/parse.c

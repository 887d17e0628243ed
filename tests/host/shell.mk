HOST_TESTS += shell
host-shell-srcs := tests/host/test_shell.c init/shell.c init/readline.c lib/parse.c lib/errname.c

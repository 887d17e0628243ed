obj-y += init/main.o init/version.o init/shell.o init/readline.o

# fs/ext2 and the buffer cache against mke2fs images through a block
# device over a file and a miniature VFS (tests/host/ext2_host.c).
HOST_TESTS += ext2
host-ext2-srcs := tests/host/test_ext2.c tests/host/ext2_host.c tests/host/ext2_host_io.c fs/buffer.c \
	fs/ext2/super.c fs/ext2/balloc.c fs/ext2/ialloc.c fs/ext2/inode.c \
	fs/ext2/dir.c fs/ext2/namei.c tests/host/host_printk.c
host-ext2-cflags := -Iarch/arm64/include -O1 -D_POSIX_C_SOURCE=200809L

# ext2 and the buffer cache it keeps its metadata in.
obj-y += fs/buffer.o fs/ext2/super.o fs/ext2/balloc.o fs/ext2/ialloc.o fs/ext2/inode.o \
	fs/ext2/dir.o fs/ext2/namei.o fs/ext2/file.o
obj-$(CONFIG_KTEST) += fs/ext2/ext2_test.o

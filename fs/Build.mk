obj-y += fs/inode.o fs/dcache.o fs/namei.o fs/super.o fs/file.o fs/open.o
obj-y += fs/read_write.o fs/stat.o fs/libfs.o fs/ramfs/inode.o
obj-y += fs/initramfs.o
obj-y += fs/fs_cmds.o
obj-y += fs/char_dev.o fs/block_dev.o fs/devtmpfs.o

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_FS_EXT2_H
#define ARBOR_FS_EXT2_H

/*
 * ext2, revisions 0 and 1, block sizes 1, 2 and 4 KiB. The on-disk
 * structures are little-endian, as are both the kernel (AArch64) and the
 * host tests (x86-64), so fields are used as they are read.
 *
 * Metadata (superblock, group descriptors, bitmaps, inode tables, indirect
 * and directory blocks) goes through the buffer cache; regular file data
 * through the page cache (fs/ext2/file.c).
 */
#include <arbor/buffer_head.h>
#include <arbor/fs.h>
#include <arbor/types.h>

#define EXT2_SUPER_MAGIC	0xEF53
#define EXT2_SUPER_OFFSET	1024	/* bytes from the start of the device */
#define EXT2_MIN_BLOCK_LOG	10
#define EXT2_MAX_BLOCK_LOG	12	/* 4 KiB: no larger than a page */

#define EXT2_GOOD_OLD_REV	0
#define EXT2_DYNAMIC_REV	1
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_FIRST_INO	11

#define EXT2_ROOT_INO		2

#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15

#define EXT2_VALID_FS		0x0001
#define EXT2_ERROR_FS		0x0002

/* Features Arbor understands. */
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_FEATURE_INCOMPAT_SUPP	EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_FEATURE_RO_COMPAT_SUPP	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
					 EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* i_flags */
#define EXT2_INDEX_FL		0x00001000	/* hashed directory: dropped when we change it */

/* Directory entry file types (with the FILETYPE feature). */
enum {
	EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV, EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK, EXT2_FT_MAX
};

/** struct ext2_super_block - the superblock, 1024 bytes at byte 1024 */
struct ext2_super_block {
	u32 s_inodes_count;
	u32 s_blocks_count;
	u32 s_r_blocks_count;
	u32 s_free_blocks_count;
	u32 s_free_inodes_count;
	u32 s_first_data_block;
	u32 s_log_block_size;
	u32 s_log_frag_size;
	u32 s_blocks_per_group;
	u32 s_frags_per_group;
	u32 s_inodes_per_group;
	u32 s_mtime;
	u32 s_wtime;
	u16 s_mnt_count;
	s16 s_max_mnt_count;
	u16 s_magic;
	u16 s_state;
	u16 s_errors;
	u16 s_minor_rev_level;
	u32 s_lastcheck;
	u32 s_checkinterval;
	u32 s_creator_os;
	u32 s_rev_level;
	u16 s_def_resuid;
	u16 s_def_resgid;
	/* EXT2_DYNAMIC_REV */
	u32 s_first_ino;
	u16 s_inode_size;
	u16 s_block_group_nr;
	u32 s_feature_compat;
	u32 s_feature_incompat;
	u32 s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	u32 s_algorithm_usage_bitmap;
	u8 s_prealloc_blocks;
	u8 s_prealloc_dir_blocks;
	u16 s_padding1;
	u8 s_journal_uuid[16];
	u32 s_journal_inum;
	u32 s_journal_dev;
	u32 s_last_orphan;
	u32 s_reserved[197];
} __attribute__((packed));

/** struct ext2_group_desc - one block group's bitmaps, table and counts */
struct ext2_group_desc {
	u32 bg_block_bitmap;
	u32 bg_inode_bitmap;
	u32 bg_inode_table;
	u16 bg_free_blocks_count;
	u16 bg_free_inodes_count;
	u16 bg_used_dirs_count;
	u16 bg_pad;
	u32 bg_reserved[3];
} __attribute__((packed));

/** struct ext2_inode - the first 128 bytes of an on-disk inode (Linux's osd2 layout) */
struct ext2_inode {
	u16 i_mode;
	u16 i_uid;
	u32 i_size;
	u32 i_atime;
	u32 i_ctime;
	u32 i_mtime;
	u32 i_dtime;
	u16 i_gid;
	u16 i_links_count;
	u32 i_blocks;
	u32 i_flags;
	u32 i_osd1;
	u32 i_block[EXT2_N_BLOCKS];
	u32 i_generation;
	u32 i_file_acl;
	u32 i_size_high;	/* i_dir_acl in revision 0 */
	u32 i_faddr;
	u16 i_blocks_hi;
	u16 i_file_acl_high;
	u16 i_uid_high;
	u16 i_gid_high;
	u16 i_checksum_lo;
	u16 i_reserved;
	/* large inodes (s_inode_size > 128) */
	u16 i_extra_isize;
	u16 i_checksum_hi;
} __attribute__((packed));

/** struct ext2_dir_entry_2 - a directory record; name_len is 16 bits without FILETYPE */
struct ext2_dir_entry_2 {
	u32 inode;
	u16 rec_len;
	u8 name_len;
	u8 file_type;
	char name[];
} __attribute__((packed));

#define EXT2_DIR_PAD		4
#define EXT2_DIR_REC_LEN(len)	(((len) + 8 + 3) & ~3u)

/**
 * struct ext2_sb_info - a mounted ext2's in-memory state (sb->s_fs_info)
 */
struct ext2_sb_info {
	struct buffer_head *s_sbh;	/* holds the superblock (kept referenced) */
	struct ext2_super_block *s_es;	/* inside s_sbh */
	struct buffer_head **s_group_desc;	/* the descriptor blocks, referenced */
	unsigned long s_groups_count;
	unsigned long s_gdb_count;
	unsigned long s_desc_per_block;
	unsigned long s_blocks_per_group;
	unsigned long s_inodes_per_group;
	unsigned long s_itb_per_group;	/* inode table blocks per group */
	unsigned long s_addr_per_block;
	unsigned int s_addr_per_block_bits;
	unsigned int s_inode_size;
	unsigned long s_first_ino;
	u32 s_first_data_block;
	u32 s_blocks_count;
	u32 s_inodes_count;
	bool s_filetype;		/* INCOMPAT_FILETYPE: 8-bit name_len + type */
	u32 s_time_base;		/* the filesystem's clock at mount (see ext2_now) */
	bool s_dirty;			/* superblock or descriptors changed */
};

/** struct ext2_inode_info - the in-core ext2 inode */
struct ext2_inode_info {
	u32 i_data[EXT2_N_BLOCKS];
	u32 i_flags;
	u32 i_file_acl;
	u32 i_dtime;
	u32 i_block_group;
	u32 i_last_alloc;		/* last block allocated: the next goal */
	u32 i_generation;
	struct inode vfs_inode;
};

static inline struct ext2_sb_info *EXT2_SB(const struct super_block *sb)
{
	return sb->s_fs_info;
}

static inline struct ext2_inode_info *EXT2_I(struct inode *inode)
{
	return (struct ext2_inode_info *)((char *)inode - offsetof(struct ext2_inode_info, vfs_inode));
}

/* super.c */
void ext2_error(struct super_block *sb, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, unsigned long group,
					    struct buffer_head **bhp);
void ext2_mark_sb_dirty(struct super_block *sb);
u32 ext2_now(struct super_block *sb);
int ext2_fill_super(struct super_block *sb, const char *data, int silent);
int ext2_sync_fs(struct super_block *sb, int wait);
void ext2_put_super(struct super_block *sb);
int ext2_statfs(struct super_block *sb, struct kstatfs *buf);
struct inode *ext2_alloc_inode(struct super_block *sb);
void ext2_free_inode_mem(struct inode *inode);
extern const struct super_operations ext2_sops;
extern struct file_system_type ext2_fs_type;

/* balloc.c */
bool ext2_valid_block(struct super_block *sb, u32 block);
int ext2_new_block(struct inode *inode, u32 goal, u32 *block);
void ext2_free_block(struct inode *inode, u32 block);
unsigned long ext2_count_free_blocks(struct super_block *sb);

/* ialloc.c */
struct inode *ext2_new_inode(struct inode *dir, umode_t mode, int *err);
void ext2_free_inode(struct inode *inode);

/* inode.c */
struct inode *ext2_iget(struct super_block *sb, unsigned long ino, int *err);
int ext2_write_inode(struct inode *inode, int sync);
void ext2_evict_inode(struct inode *inode);
int ext2_get_block(struct inode *inode, u64 iblock, bool create, u32 *pblk);
int ext2_alloc_range(struct inode *inode, loff_t pos, loff_t len);
int ext2_truncate_blocks(struct inode *inode, loff_t size);
int ext2_setattr_size(struct inode *inode, loff_t size);
void ext2_set_inode_ops(struct inode *inode);

/* dir.c */
int ext2_find_entry(struct inode *dir, const char *name, unsigned int len, u32 *ino);
int ext2_add_link(struct inode *dir, const char *name, unsigned int len, struct inode *inode);
int ext2_delete_entry(struct inode *dir, const char *name, unsigned int len);
int ext2_set_link(struct inode *dir, const char *name, unsigned int len, struct inode *inode);
int ext2_make_empty(struct inode *inode, struct inode *parent);
int ext2_empty_dir(struct inode *inode);
int ext2_readdir(struct file *file, struct dir_context *ctx);
int ext2_iterate_dir(struct inode *dir, struct dir_context *ctx);
extern const struct file_operations ext2_dir_operations;

/* namei.c */
extern const struct inode_operations ext2_dir_inode_operations;
extern const struct inode_operations ext2_file_inode_operations;
int ext2_lookup(struct inode *dir, struct dentry *dentry);
int ext2_create(struct inode *dir, struct dentry *dentry, umode_t mode);
int ext2_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode);
int ext2_unlink(struct inode *dir, struct dentry *dentry);
int ext2_rmdir(struct inode *dir, struct dentry *dentry);
int ext2_rename(struct inode *old_dir, struct dentry *old_dentry,
		struct inode *new_dir, struct dentry *new_dentry);

/* file.c (kernel only: the page cache) */
extern const struct file_operations ext2_file_operations;
extern const struct address_space_operations ext2_aops;

#endif

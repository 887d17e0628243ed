// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 mount and unmount: the superblock and group descriptors are read
 * and checked (magic, sizes, counts, features, where each group's bitmaps
 * and inode table lie), kept in referenced buffers while mounted, and
 * written back by sync_fs. Also the "ext2" filesystem type and the boot
 * mount of /dev/vda on /mnt.
 *
 *	do_mount -> ext2_fill_super -> ext2_check_super, ext2_check_descriptors,
 *		    ext2_iget(EXT2_ROOT_INO) -> d_make_root	(Linux: ext2_fill_super)
 *	sync_filesystem -> ext2_sync_fs -> sync_blockdev	(Linux: ext2_sync_fs)
 *	do_umount -> ext2_put_super -> invalidate_bdev		(Linux: ext2_put_super)
 */
#define pr_fmt(fmt) "ext2: " fmt

#include <arbor/blkdev.h>
#include <arbor/errno.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <arbor/time64.h>

#include <stdarg.h>

#include "ext2.h"

/**
 * ext2_error - report corrupt metadata ("EXT2-fs error (device vda): ...")
 * @sb:		the filesystem
 * @func:	where it was found
 * @fmt:	what was found
 */
void ext2_error(struct super_block *sb, const char *func, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_ERR "EXT2-fs error (device %s): %s: %s\n", sb->s_id, func, msg);
}

/**
 * ext2_get_group_desc - the descriptor of block group @group
 * @sb:		the filesystem
 * @group:	0 .. s_groups_count - 1
 * @bhp:	if not NULL, set to the buffer holding it (not referenced)
 *
 * Return: the descriptor, or NULL (reported) for a bad group number.
 */
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, unsigned long group,
					    struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;

	if (group >= sbi->s_groups_count) {
		ext2_error(sb, __func__, "block group %lu >= groups count %lu", group,
			   sbi->s_groups_count);
		return NULL;
	}
	bh = sbi->s_group_desc[group / sbi->s_desc_per_block];
	if (bhp)
		*bhp = bh;
	return (struct ext2_group_desc *)bh->b_data + group % sbi->s_desc_per_block;
}

/** ext2_mark_sb_dirty - the superblock's counts changed: write it at the next sync */
void ext2_mark_sb_dirty(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	sbi->s_dirty = true;
	mark_buffer_dirty(sbi->s_sbh);
}

/**
 * ext2_now - a timestamp for the superblock and i_dtime
 * @sb:	the filesystem
 *
 * The wall clock when an RTC set it. Without one (a Raspberry Pi)
 * current_time() counts from boot, but e2fsck reads a small i_dtime as an
 * orphan-list link and times before the last write as going backwards; so
 * the filesystem's own clock then continues from its latest recorded time
 * (mkfs, last mount or write) plus the uptime.
 */
u32 ext2_now(struct super_block *sb)
{
	if (timekeeping_real_valid())
		return (u32)current_time(NULL).tv_sec;
	return EXT2_SB(sb)->s_time_base + (u32)current_time(NULL).tv_sec;
}

static bool bad_super(struct super_block *sb, int silent, const char *why, unsigned long v)
{
	if (!silent)
		pr_err("%s: bad superblock: %s (%lu), not mounting\n", sb->s_id, why, v);
	return true;
}

/* Everything about the raw superblock that must hold before any block is read. */
static int ext2_check_super(struct super_block *sb, const struct ext2_super_block *es,
			    int silent)
{
	struct block_device *bdev = sb->s_bdev;
	unsigned long bs, groups, dev_blocks;
	u32 unknown;

	if (es->s_magic != EXT2_SUPER_MAGIC) {
		if (!silent)
			pr_err("%s: not an ext2 filesystem (magic 0x%04x)\n", sb->s_id,
			       es->s_magic);
		return -EINVAL;
	}
	if (es->s_rev_level > EXT2_DYNAMIC_REV) {
		bad_super(sb, silent, "revision level", es->s_rev_level);
		return -EINVAL;
	}
	if (es->s_log_block_size > EXT2_MAX_BLOCK_LOG - EXT2_MIN_BLOCK_LOG) {
		bad_super(sb, silent, "block size log", es->s_log_block_size);
		return -EINVAL;
	}
	bs = 1024UL << es->s_log_block_size;
	if (es->s_rev_level == EXT2_DYNAMIC_REV) {
		unknown = es->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPP;
		if (unknown) {
			pr_err("%s: unsupported optional features (incompat 0x%x), not mounting\n",
			       sb->s_id, unknown);
			return -EINVAL;
		}
		unknown = es->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP;
		if (unknown && !(sb->s_flags & SB_RDONLY)) {
			pr_warn("%s: unsupported optional features (ro_compat 0x%x), mounting read-only\n",
				sb->s_id, unknown);
			sb->s_flags |= SB_RDONLY;
		}
		if (es->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || es->s_inode_size > bs ||
		    (es->s_inode_size & (es->s_inode_size - 1))) {
			bad_super(sb, silent, "inode size", es->s_inode_size);
			return -EINVAL;
		}
		if (es->s_first_ino < EXT2_GOOD_OLD_FIRST_INO || es->s_first_ino > es->s_inodes_count) {
			bad_super(sb, silent, "first inode", es->s_first_ino);
			return -EINVAL;
		}
	}
	dev_blocks = bdev->capacity / (bs >> SECTOR_SHIFT);
	if (!es->s_blocks_count || es->s_blocks_count > dev_blocks) {
		bad_super(sb, silent, "blocks count larger than the device", es->s_blocks_count);
		return -EINVAL;
	}
	if (es->s_first_data_block != (bs == 1024 ? 1u : 0u)) {
		bad_super(sb, silent, "first data block", es->s_first_data_block);
		return -EINVAL;
	}
	if (!es->s_blocks_per_group || es->s_blocks_per_group > bs * 8 ||
	    es->s_frags_per_group != es->s_blocks_per_group) {
		bad_super(sb, silent, "blocks per group", es->s_blocks_per_group);
		return -EINVAL;
	}
	if (!es->s_inodes_per_group || es->s_inodes_per_group > bs * 8) {
		bad_super(sb, silent, "inodes per group", es->s_inodes_per_group);
		return -EINVAL;
	}
	groups = (es->s_blocks_count - es->s_first_data_block + es->s_blocks_per_group - 1) /
		 es->s_blocks_per_group;
	if (!groups || (u64)groups * es->s_inodes_per_group != es->s_inodes_count) {
		bad_super(sb, silent, "inodes count", es->s_inodes_count);
		return -EINVAL;
	}
	if (es->s_free_blocks_count > es->s_blocks_count ||
	    es->s_free_inodes_count > es->s_inodes_count) {
		bad_super(sb, silent, "free counts", es->s_free_blocks_count);
		return -EINVAL;
	}
	return 0;
}

/* Each group's bitmaps and inode table inside the group; counts in range. */
static int ext2_check_descriptors(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g, free_blocks = 0, free_inodes = 0;

	for (g = 0; g < sbi->s_groups_count; g++) {
		struct ext2_group_desc *gd = ext2_get_group_desc(sb, g, NULL);
		u32 first = sbi->s_first_data_block + g * sbi->s_blocks_per_group;
		u32 last = g == sbi->s_groups_count - 1 ? sbi->s_blocks_count - 1 :
			   first + sbi->s_blocks_per_group - 1;

		if (gd->bg_block_bitmap < first || gd->bg_block_bitmap > last) {
			ext2_error(sb, __func__, "group %lu: block bitmap %u not in group", g,
				   gd->bg_block_bitmap);
			return -EUCLEAN;
		}
		if (gd->bg_inode_bitmap < first || gd->bg_inode_bitmap > last) {
			ext2_error(sb, __func__, "group %lu: inode bitmap %u not in group", g,
				   gd->bg_inode_bitmap);
			return -EUCLEAN;
		}
		if (gd->bg_inode_table < first ||
		    gd->bg_inode_table + sbi->s_itb_per_group - 1 > last ||
		    gd->bg_inode_table + sbi->s_itb_per_group - 1 < gd->bg_inode_table) {
			ext2_error(sb, __func__, "group %lu: inode table %u not in group", g,
				   gd->bg_inode_table);
			return -EUCLEAN;
		}
		if (gd->bg_free_blocks_count > last - first + 1 ||
		    gd->bg_free_inodes_count > sbi->s_inodes_per_group) {
			ext2_error(sb, __func__, "group %lu: free counts %u/%u out of range", g,
				   gd->bg_free_blocks_count, gd->bg_free_inodes_count);
			return -EUCLEAN;
		}
		free_blocks += gd->bg_free_blocks_count;
		free_inodes += gd->bg_free_inodes_count;
	}
	/* The groups are authoritative, as Linux's per-cpu counters are seeded from them. */
	sbi->s_es->s_free_blocks_count = free_blocks;
	sbi->s_es->s_free_inodes_count = free_inodes;
	return 0;
}

static loff_t ext2_max_size(unsigned int bits)
{
	u64 apb = 1ULL << (bits - 2), blocks = EXT2_NDIR_BLOCKS + apb + apb * apb + apb * apb * apb;
	/* i_blocks counts 512-byte sectors, indirect blocks included, in 32 bits. */
	u64 limit = (0xffffffffULL >> (bits - 9)) - (1 + 1 + apb + 1 + apb + apb * apb);
	loff_t max;

	if (blocks > limit)
		blocks = limit;
	max = (loff_t)(blocks << bits);
	return max > MAX_LFS_FILESIZE ? MAX_LFS_FILESIZE : max;
}

static void ext2_release_sbi(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long i;

	if (!sbi)
		return;
	if (sbi->s_group_desc) {
		for (i = 0; i < sbi->s_gdb_count; i++)
			brelse(sbi->s_group_desc[i]);
		kfree(sbi->s_group_desc);
	}
	brelse(sbi->s_sbh);
	invalidate_bdev(sb->s_bdev);
	kfree(sbi);
	sb->s_fs_info = NULL;
}

/**
 * ext2_fill_super - read and check an ext2 filesystem from @sb->s_bdev
 * @sb:		the new super_block (s_bdev, s_flags set)
 * @data:	options (none are known)
 * @silent:	no message when it is not ext2
 *
 * Return: 0; -EINVAL when it is not (or an unsupported) ext2; -EUCLEAN for
 * corrupt descriptors; -EIO; -ENOMEM.
 */
int ext2_fill_super(struct super_block *sb, const char *data, int silent)
{
	struct block_device *bdev = sb->s_bdev;
	struct ext2_super_block *raw;
	struct ext2_sb_info *sbi;
	struct inode *root;
	unsigned long bs, i;
	int err;

	if (!bdev)
		return -EINVAL;
	if (bdev->capacity < (EXT2_SUPER_OFFSET + sizeof(*raw)) / SECTOR_SIZE) {
		if (!silent)
			pr_err("%s: device too small for ext2\n", sb->s_id);
		return -EINVAL;
	}
	raw = kmalloc(sizeof(*raw), GFP_KERNEL);
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	err = -ENOMEM;
	if (!raw || !sbi)
		goto out_free;
	err = blkdev_read(bdev, EXT2_SUPER_OFFSET / SECTOR_SIZE, raw, sizeof(*raw) / SECTOR_SIZE);
	if (err) {
		pr_err("%s: cannot read the superblock (%d)\n", sb->s_id, err);
		goto out_free;
	}
	err = ext2_check_super(sb, raw, silent);
	if (err)
		goto out_free;

	bs = 1024UL << raw->s_log_block_size;
	sb->s_blocksize = bs;
	sb->s_blocksize_bits = EXT2_MIN_BLOCK_LOG + raw->s_log_block_size;
	sb->s_fs_info = sbi;
	err = -EIO;
	/* The superblock is block 1 with 1 KiB blocks, else at 1024 in block 0. */
	sbi->s_sbh = sb_bread(sb, bs == 1024 ? 1 : 0);
	if (!sbi->s_sbh)
		goto out_sbi;
	sbi->s_es = (struct ext2_super_block *)(sbi->s_sbh->b_data + (bs == 1024 ? 0 : 1024));
	sbi->s_blocks_count = raw->s_blocks_count;
	sbi->s_inodes_count = raw->s_inodes_count;
	sbi->s_first_data_block = raw->s_first_data_block;
	sbi->s_blocks_per_group = raw->s_blocks_per_group;
	sbi->s_inodes_per_group = raw->s_inodes_per_group;
	if (raw->s_rev_level == EXT2_GOOD_OLD_REV) {
		sbi->s_inode_size = EXT2_GOOD_OLD_INODE_SIZE;
		sbi->s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
	} else {
		sbi->s_inode_size = raw->s_inode_size;
		sbi->s_first_ino = raw->s_first_ino;
		sbi->s_filetype = raw->s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE;
	}
	sbi->s_time_base = raw->s_wtime > raw->s_mtime ? raw->s_wtime : raw->s_mtime;
	if (raw->s_lastcheck > sbi->s_time_base)
		sbi->s_time_base = raw->s_lastcheck;
	sbi->s_time_base -= (u32)current_time(NULL).tv_sec;
	sbi->s_itb_per_group = (sbi->s_inodes_per_group * sbi->s_inode_size + bs - 1) / bs;
	sbi->s_addr_per_block = bs / 4;
	sbi->s_addr_per_block_bits = sb->s_blocksize_bits - 2;
	sbi->s_desc_per_block = bs / sizeof(struct ext2_group_desc);
	sbi->s_groups_count = (sbi->s_blocks_count - sbi->s_first_data_block +
			       sbi->s_blocks_per_group - 1) / sbi->s_blocks_per_group;
	sbi->s_gdb_count = (sbi->s_groups_count + sbi->s_desc_per_block - 1) /
			   sbi->s_desc_per_block;
	if (sbi->s_first_data_block + 1 + sbi->s_gdb_count > sbi->s_blocks_count) {
		bad_super(sb, 0, "group descriptors past the end", sbi->s_gdb_count);
		err = -EUCLEAN;
		goto out_sbi;
	}
	err = -ENOMEM;
	sbi->s_group_desc = kcalloc(sbi->s_gdb_count, sizeof(*sbi->s_group_desc), GFP_KERNEL);
	if (!sbi->s_group_desc)
		goto out_sbi;
	err = -EIO;
	for (i = 0; i < sbi->s_gdb_count; i++) {
		sbi->s_group_desc[i] = sb_bread(sb, sbi->s_first_data_block + 1 + i);
		if (!sbi->s_group_desc[i])
			goto out_sbi;
	}
	err = ext2_check_descriptors(sb);
	if (err)
		goto out_sbi;

	sb->s_magic = EXT2_SUPER_MAGIC;
	sb->s_op = &ext2_sops;
	sb->s_maxbytes = ext2_max_size(sb->s_blocksize_bits);
	root = ext2_iget(sb, EXT2_ROOT_INO, &err);
	if (!root)
		goto out_sbi;
	if (!S_ISDIR(root->i_mode) || !root->i_size) {
		ext2_error(sb, __func__, "root inode is not a directory (mode 0%o)", root->i_mode);
		iput(root);
		err = -EUCLEAN;
		goto out_inodes;
	}
	sb->s_root = d_make_root(root);
	err = -ENOMEM;
	if (!sb->s_root)
		goto out_inodes;
	if (!(sb->s_flags & SB_RDONLY)) {
		struct ext2_super_block *es = sbi->s_es;

		es->s_mnt_count++;
		es->s_mtime = ext2_now(sb);
	}
	/* The counts may have been recomputed from the groups. */
	ext2_mark_sb_dirty(sb);
	kfree(raw);
	return 0;

out_inodes:
	evict_inodes(sb);
out_sbi:
	ext2_release_sbi(sb);
	sbi = NULL;
out_free:
	kfree(raw);
	kfree(sbi);
	sb->s_fs_info = NULL;
	return err;
}

/**
 * ext2_sync_fs - write the superblock, descriptors and every dirty buffer
 * @sb:		the filesystem
 * @wait:	always synchronous here
 *
 * Return: 0 or the device's error.
 */
int ext2_sync_fs(struct super_block *sb, int wait)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (sb->s_flags & SB_RDONLY)
		return 0;
	if (sbi->s_dirty) {
		sbi->s_es->s_wtime = ext2_now(sb);
		mark_buffer_dirty(sbi->s_sbh);
		sbi->s_dirty = false;
	}
	return sync_blockdev(sb->s_bdev);
}

/**
 * ext2_put_super - unmount: write back and drop the buffers
 * @sb:	the filesystem (its inodes already evicted)
 */
void ext2_put_super(struct super_block *sb)
{
	if (!EXT2_SB(sb))
		return;
	ext2_sync_fs(sb, 1);
	ext2_release_sbi(sb);
}

/**
 * ext2_statfs - df
 * @sb:		the filesystem
 * @buf:	filled in
 *
 * Return: 0.
 */
int ext2_statfs(struct super_block *sb, struct kstatfs *buf)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;
	/* Like Linux's default (minixdf off): metadata blocks are not counted. */
	u64 overhead = sbi->s_first_data_block +
		       sbi->s_groups_count * (2 + sbi->s_itb_per_group);

	buf->f_type = EXT2_SUPER_MAGIC;
	buf->f_bsize = sb->s_blocksize;
	buf->f_blocks = es->s_blocks_count > overhead ? es->s_blocks_count - overhead : 0;
	buf->f_bfree = es->s_free_blocks_count;
	buf->f_bavail = es->s_free_blocks_count > es->s_r_blocks_count ?
			es->s_free_blocks_count - es->s_r_blocks_count : 0;
	buf->f_files = es->s_inodes_count;
	buf->f_ffree = es->s_free_inodes_count;
	buf->f_namelen = NAME_MAX;
	return 0;
}

/** ext2_alloc_inode - a zeroed ext2_inode_info; the VFS fills the inode in */
struct inode *ext2_alloc_inode(struct super_block *sb)
{
	struct ext2_inode_info *ei = kmalloc(sizeof(*ei), GFP_KERNEL);

	if (!ei)
		return NULL;
	memset(ei, 0, sizeof(*ei));
	inode_init_once(&ei->vfs_inode);
	return &ei->vfs_inode;
}

/** ext2_free_inode_mem - free what ext2_alloc_inode allocated */
void ext2_free_inode_mem(struct inode *inode)
{
	kfree(EXT2_I(inode));
}

const struct super_operations ext2_sops = {
	.alloc_inode = ext2_alloc_inode,
	.free_inode = ext2_free_inode_mem,
	.write_inode = ext2_write_inode,
	.evict_inode = ext2_evict_inode,
	.put_super = ext2_put_super,
	.sync_fs = ext2_sync_fs,
	.statfs = ext2_statfs,
};

struct file_system_type ext2_fs_type = {
	.name = "ext2",
	.fill_super = ext2_fill_super,
	.requires_dev = true,
};

#ifndef HOST_TEST
static int ext2_init(void)
{
	return register_filesystem(&ext2_fs_type);
}
core_initcall(ext2_init);

/* Whether @bdev starts like ext2: the magic at byte 1024 + 56. */
static bool bdev_has_ext2(struct block_device *bdev)
{
	struct ext2_super_block *raw = kmalloc(sizeof(*raw), GFP_KERNEL);
	bool ret;

	if (!raw)
		return false;
	ret = bdev->capacity >= 4 &&
	      !blkdev_read(bdev, EXT2_SUPER_OFFSET / SECTOR_SIZE, raw, 2) &&
	      raw->s_magic == EXT2_SUPER_MAGIC;
	kfree(raw);
	return ret;
}

/* Boot: an ext2 filesystem on vda is mounted on /mnt. */
static int ext2_mount_vda(void)
{
	struct block_device *bdev = blkdev_get_by_name("vda");
	struct vfsmount *mnt = NULL;
	int err;

	if (!bdev)
		return 0;
	if (!bdev_has_ext2(bdev)) {
		pr_info("vda holds no ext2 filesystem; not mounting it\n");
		return 0;
	}
	err = do_mkdir("/mnt", 0755);
	if (err && err != -EEXIST) {
		pr_err("cannot create /mnt: %s\n", errname(err) ? errname(err) : "?");
		return 0;
	}
	err = do_mount("/dev/vda", "/mnt", "ext2", 0, NULL);
	if (err) {
		pr_err("mounting vda on /mnt failed: %s\n", errname(err) ? errname(err) : "?");
		return 0;
	}
	while ((mnt = next_mount(mnt)))
		if (mnt->mnt_sb->s_bdev == bdev && mnt->mnt_sb->s_type == &ext2_fs_type)
			break;
	if (mnt) {
		struct super_block *sb = mnt->mnt_sb;

		pr_info("mounted vda on /mnt (%lu-byte blocks, %u inodes)%s\n", sb->s_blocksize,
			EXT2_SB(sb)->s_inodes_count, sb->s_flags & SB_RDONLY ? ", read-only" : "");
	}
	return 0;
}
late_initcall(ext2_mount_vda);
#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 regular files: the generic page-cache read/write/mmap paths
 * (mm/filemap.c) over these address_space operations, which move a page
 * between the page cache and the disk block by block.
 *
 *	filemap_read/filemap_fault -> ext2_read_folio -> ext2_get_block, blkdev_read
 *	generic_perform_write -> ext2_write_begin -> ext2_alloc_range
 *	writeback -> ext2_writepage -> ext2_get_block(create), blkdev_write
 *	fsync -> ext2_fsync -> generic_file_fsync, sync_blockdev
 * (Linux: ext2_read_folio -> mpage_read_folio, ext2_writepage ->
 *  block_write_full_page, ext2_write_begin -> block_write_begin)
 */
#include <arbor/blkdev.h>
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/page-flags.h>
#include <arbor/string.h>

#include "ext2.h"

/*
 * Fill @page: mapped blocks from the disk, holes and everything past end
 * of file as zeros. The page stays locked (the caller unlocks).
 */
static int ext2_read_folio(struct file *file, struct page *page)
{
	struct inode *inode = page->mapping->host;
	struct super_block *sb = inode->i_sb;
	unsigned int bs = sb->s_blocksize, spb = bs >> SECTOR_SHIFT, off;
	loff_t pos = (loff_t)page->index << PAGE_SHIFT, isize = i_size_read(inode);
	char *addr = page_address(page);
	int err;

	for (off = 0; off < PAGE_SIZE; off += bs) {
		u32 pblk = 0;

		if (pos + off < isize) {
			err = ext2_get_block(inode, (u64)(pos + off) >> sb->s_blocksize_bits,
					     false, &pblk);
			if (err)
				return err;
		}
		if (!pblk) {
			memset(addr + off, 0, bs);
			continue;
		}
		err = blkdev_read(sb->s_bdev, (u64)pblk * spb, addr + off, spb);
		if (err)
			return err;
	}
	if (isize - pos < (loff_t)PAGE_SIZE && isize > pos)
		memset(addr + (isize - pos), 0, PAGE_SIZE - (isize - pos));
	SetPageUptodate(page);
	return 0;
}

/*
 * Write the blocks of @page that lie within i_size, allocating any that
 * are holes; the part past end of file is zeroed first.
 */
static int ext2_writepage(struct page *page, struct writeback_control *wbc)
{
	struct address_space *mapping = page->mapping;
	struct inode *inode = mapping->host;
	struct super_block *sb = inode->i_sb;
	unsigned int bs = sb->s_blocksize, spb = bs >> SECTOR_SHIFT, off;
	loff_t pos = (loff_t)page->index << PAGE_SHIFT, isize = i_size_read(inode);
	char *addr = page_address(page);
	int err = 0;

	if (sb->s_flags & SB_RDONLY) {
		err = -EROFS;
		goto out;
	}
	if (pos >= isize)
		goto out;	/* truncated away meanwhile */
	if (isize - pos < (loff_t)PAGE_SIZE)
		memset(addr + (isize - pos), 0, PAGE_SIZE - (isize - pos));
	for (off = 0; off < PAGE_SIZE && pos + off < isize; off += bs) {
		u32 pblk;

		err = ext2_get_block(inode, (u64)(pos + off) >> sb->s_blocksize_bits, true, &pblk);
		if (!err)
			err = blkdev_write(sb->s_bdev, (u64)pblk * spb, addr + off, spb);
		if (err)
			break;
	}
out:
	if (err)
		mapping_set_error(mapping, err);
	end_page_writeback(page);
	return err;
}

/*
 * Before a write of [@pos, @pos + @len) into @page: read what a partial
 * write keeps (before allocating, so new blocks are never read as data),
 * then allocate the blocks so that ENOSPC comes from write().
 */
static int ext2_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			    unsigned int len, struct page *page)
{
	struct inode *inode = mapping->host;
	int err;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!PageUptodate(page) && len != PAGE_SIZE) {
		err = ext2_read_folio(file, page);
		if (err)
			return err;
	}
	if (!len)
		return 0;
	return ext2_alloc_range(inode, pos, len);
}

/* fsync: the data, the inode, and the metadata buffers (bitmaps, indirect blocks). */
static int ext2_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);
	int err = generic_file_fsync(file, start, end, datasync);
	int ret;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return err;
	ret = ext2_write_inode(inode, 0);
	if (!err)
		err = ret;
	ret = sync_blockdev(inode->i_sb->s_bdev);
	return err ? err : ret;
}

const struct address_space_operations ext2_aops = {
	.read_folio = ext2_read_folio,
	.writepage = ext2_writepage,
	.write_begin = ext2_write_begin,
};

const struct file_operations ext2_file_operations = {
	.read = filemap_read,
	.write = generic_file_write,
	.mmap = generic_file_mmap,
	.fsync = ext2_fsync,
	.llseek = generic_file_llseek,
};

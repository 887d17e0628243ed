// SPDX-License-Identifier: GPL-2.0
/*
 * Dirty pages and writeback (Linux's mm/page-writeback.c and
 * fs/fs-writeback.c, small). A page is marked dirty by write() or by a
 * write fault on a shared mapping (page_mkwrite); writeback cleans its
 * PTEs (page_mkclean, so the next write faults again and re-dirties it)
 * and hands it to the filesystem's writepage.
 *
 *	fsync/msync -> filemap_write_and_wait_range -> filemap_fdatawrite_wbc
 *		-> clear_page_dirty_for_io -> a_ops->writepage
 *	sync -> sync_filesystem -> write_inode_now -> (pages) + s_op->write_inode
 *	flusher (console idle) -> wb_do_writeback -> write_inode_now (expired inodes)
 *	tunables: sysctl vm.dirty_writeback_centisecs, vm.dirty_expire_centisecs
 */
#include <arbor/console.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/sysctl.h>
#include <arbor/time.h>
#include <arbor/vmstat.h>

/* Linux's defaults: the flusher wakes every 5 s, writes what is dirty for 30 s. */
unsigned long dirty_writeback_interval = 500;	/* centisecs */
unsigned long dirty_expire_interval = 3000;	/* centisecs */
SYSCTL(dirty_writeback, "vm.dirty_writeback_centisecs", &dirty_writeback_interval, 0, 360000);
SYSCTL(dirty_expire, "vm.dirty_expire_centisecs", &dirty_expire_interval, 0, 360000);

/*
 * How much of the memory that could hold page cache may be dirty before a
 * writer has to write back itself (Linux's vm.dirty_ratio, 20%), and down
 * to where it writes (vm.dirty_background_ratio, 10%).
 */
unsigned long vm_dirty_ratio = 20;
unsigned long dirty_background_ratio = 10;
SYSCTL(dirty_ratio, "vm.dirty_ratio", &vm_dirty_ratio, 1, 100);
SYSCTL(dirty_background_ratio, "vm.dirty_background_ratio", &dirty_background_ratio, 1, 100);

/** filemap_dirty_folio - mark @page dirty and account it; true if it was clean */
bool filemap_dirty_folio(struct address_space *mapping, struct page *page)
{
	if (PageDirty(page))
		return false;
	SetPageDirty(page);
	mod_vm_stat(NR_FILE_DIRTY, 1);
	xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	if (mapping->host)
		__mark_inode_dirty(mapping->host, I_DIRTY_PAGES);
	return true;
}

/**
 * set_page_dirty - the page cache @page was written
 * Return: true when it became dirty now.
 */
bool set_page_dirty(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!mapping || PageAnon(page))
		return false;
	if (mapping->a_ops && mapping->a_ops->dirty_folio)
		return mapping->a_ops->dirty_folio(mapping, page);
	return filemap_dirty_folio(mapping, page);
}

/**
 * clear_page_dirty_for_io - about to write @page: write-protect and clean
 * every PTE that maps it (their dirtiness moves to the page), then clear
 * PG_dirty
 * Return: whether the page was dirty (and so must be written).
 */
bool clear_page_dirty_for_io(struct page *page)
{
	if (page_mapcount(page) && page_mkclean(page))
		SetPageDirty(page) ;
	if (!PageDirty(page))
		return false;
	ClearPageDirty(page);
	mod_vm_stat(NR_FILE_DIRTY, -1);
	if (page->mapping)
		xa_clear_mark(&page->mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	return true;
}

/** end_page_writeback - the filesystem finished writing @page */
void end_page_writeback(struct page *page)
{
	if (!PageWriteback(page))
		return;
	ClearPageWriteback(page);
	mod_vm_stat(NR_WRITEBACK, -1);
	if (page->mapping)
		xa_clear_mark(&page->mapping->i_pages, page->index, PAGECACHE_TAG_WRITEBACK);
}

/** mapping_set_error - remember @error for the next fsync of @mapping */
void mapping_set_error(struct address_space *mapping, int error)
{
	if (!error)
		return;
	if (error == -ENOSPC)
		mapping->flags |= 1UL << AS_ENOSPC;
	else
		mapping->flags |= 1UL << AS_EIO;
}

/**
 * filemap_check_errors - the error writeback met since the last check
 * Return: 0, -ENOSPC or -EIO; the error is cleared.
 */
int filemap_check_errors(struct address_space *mapping)
{
	int ret = 0;

	if (mapping->flags & (1UL << AS_ENOSPC))
		ret = -ENOSPC;
	if (mapping->flags & (1UL << AS_EIO))
		ret = -EIO;
	mapping->flags &= ~((1UL << AS_ENOSPC) | (1UL << AS_EIO));
	return ret;
}

/* Write one page the caller found dirty; keeps a reference meanwhile. */
static int writepage(struct address_space *mapping, struct page *page,
		     struct writeback_control *wbc)
{
	int err;

	lock_page(page);
	if (page->mapping != mapping || !clear_page_dirty_for_io(page)) {
		unlock_page(page);
		return 0;
	}
	SetPageWriteback(page);
	mod_vm_stat(NR_WRITEBACK, 1);
	xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_WRITEBACK);
	err = mapping->a_ops->writepage(page, wbc);
	end_page_writeback(page);
	unlock_page(page);
	if (err) {
		mapping_set_error(mapping, err);
		/* Keep the data: the page stays dirty for a later attempt (Linux redirties too). */
		if (err != -EIO)
			set_page_dirty(page);
		return err;
	}
	count_vm_event(PGPGOUT);
	wbc->nr_to_write--;
	return 0;
}

/**
 * filemap_fdatawrite_wbc - write the dirty pages of @mapping in wbc's range
 * @mapping:	the page cache
 * @wbc:	range, how many, and whether to wait (one CPU: writes are waited for)
 *
 * Return: 0 or the first error.
 */
int filemap_fdatawrite_wbc(struct address_space *mapping, struct writeback_control *wbc)
{
	unsigned long index = (unsigned long)(wbc->range_start >> PAGE_SHIFT);
	unsigned long end = wbc->range_end >= MAX_LFS_FILESIZE ? ~0UL :
			    (unsigned long)(wbc->range_end >> PAGE_SHIFT);
	struct page *page;
	int err = 0, ret;

	if (!mapping->a_ops || !mapping->a_ops->writepage || !mapping->nrpages)
		return 0;
	/* Only the pages marked dirty (shared mappings dirty through page_mkwrite). */
	for (page = xa_find(&mapping->i_pages, &index, end, PAGECACHE_TAG_DIRTY); page;
	     page = xa_find_after(&mapping->i_pages, &index, end, PAGECACHE_TAG_DIRTY)) {
		get_page(page);
		ret = writepage(mapping, page, wbc);
		put_page(page);
		if (ret && !err)
			err = ret;
		if (wbc->nr_to_write <= 0 && wbc->sync_mode == WB_SYNC_NONE)
			break;
	}
	/* No dirty page left: the inode's I_DIRTY_PAGES goes. */
	if (!err && mapping->host && !xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY))
		mapping->host->i_state &= ~I_DIRTY_PAGES;
	return err;
}

/**
 * filemap_write_and_wait_range - write the dirty pages of bytes
 * [@start, @end] and report any writeback error since the last check
 * Return: 0, -EIO, -ENOSPC.
 */
int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	struct writeback_control wbc = {
		.nr_to_write = LONG_MAX_PAGES,
		.range_start = start,
		.range_end = end,
		.sync_mode = WB_SYNC_ALL,
	};
	int err = filemap_fdatawrite_wbc(mapping, &wbc);
	int err2 = filemap_check_errors(mapping);

	return err ? err : err2;
}

/**
 * write_inode_now - write @inode's dirty pages, then its metadata
 * @inode:	the inode
 * @sync:	wait for the disk (one CPU: always)
 *
 * Return: 0 or the first error.
 */
int write_inode_now(struct inode *inode, int sync)
{
	struct writeback_control wbc = {
		.nr_to_write = LONG_MAX_PAGES,
		.range_start = 0,
		.range_end = MAX_LFS_FILESIZE,
		.sync_mode = sync ? WB_SYNC_ALL : WB_SYNC_NONE,
	};
	int err = 0, ret;

	if (inode->i_mapping->nrpages)
		err = filemap_fdatawrite_wbc(inode->i_mapping, &wbc);
	if ((inode->i_state & I_DIRTY_INODE) && inode->i_sb->s_op &&
	    inode->i_sb->s_op->write_inode && !(inode->i_sb->s_flags & SB_RDONLY)) {
		inode->i_state &= ~I_DIRTY_INODE;
		ret = inode->i_sb->s_op->write_inode(inode, sync);
		if (ret) {
			inode->i_state |= I_DIRTY_SYNC;
			if (!err)
				err = ret;
		}
	} else {
		inode->i_state &= ~I_DIRTY_INODE;
	}
	if (!(inode->i_state & I_DIRTY))
		list_del_init(&inode->i_io_list);
	return err;
}

/*
 * Write back the dirty inodes of @sb, each looked at once, oldest first:
 * those dirtied before @expired_before (ms of uptime; ~0: all of
 * them), pages and metadata; or, with a @goal, only pages and only until
 * no more than @goal pages are dirty (the throttled writer). An inode that
 * stays dirty goes to the tail.
 */
static void writeback_sb(struct super_block *sb, u64 expired_before, unsigned long goal)
{
	unsigned long n = 0;
	struct inode *inode;

	list_for_each_entry(inode, &sb->s_dirty, i_io_list)
		n++;
	while (n-- && !list_empty(&sb->s_dirty) &&
	       (!goal || (unsigned long)global_vm_stat(NR_FILE_DIRTY) > goal)) {
		inode = list_first_entry(&sb->s_dirty, struct inode, i_io_list);
		if (inode->i_dirtied_when >= expired_before) {
			list_move_tail(&inode->i_io_list, &sb->s_dirty);
			continue;
		}
		igrab(inode);
		if (goal) {
			struct writeback_control wbc = {
				.nr_to_write = (long)global_vm_stat(NR_FILE_DIRTY) - (long)goal,
				.range_start = 0,
				.range_end = MAX_LFS_FILESIZE,
				.sync_mode = WB_SYNC_NONE,
			};

			(void)filemap_fdatawrite_wbc(inode->i_mapping, &wbc);
		} else {
			(void)write_inode_now(inode, 0);
		}
		if (!list_empty(&inode->i_io_list))
			list_move_tail(&inode->i_io_list, &sb->s_dirty);
		iput(inode);
	}
}

/**
 * wb_do_writeback - one pass of the flusher: write the inodes dirty for
 * longer than vm.dirty_expire_centisecs (@all: every dirty inode), then the
 * filesystems' metadata
 * @all:	write everything dirty, however young
 */
void wb_do_writeback(bool all)
{
	u64 now = ktime_get_ns() / NSEC_PER_MSEC, expire = dirty_expire_interval * 10ULL;
	/* Dirtied before this (ms of uptime) is old enough to write. */
	u64 expired = all ? ~0ULL : now >= expire ? now - expire + 1 : 0;
	struct vfsmount *mnt = NULL;

	while ((mnt = next_mount(mnt))) {
		struct super_block *sb = mnt->mnt_sb;
		bool had = !list_empty(&sb->s_dirty);

		writeback_sb(sb, expired, 0);
		if (had && sb->s_op && sb->s_op->sync_fs && !(sb->s_flags & SB_RDONLY))
			(void)sb->s_op->sync_fs(sb, 0);
	}
}

/* Pages that could be page cache: free ones and the file LRU (Linux's global_dirtyable_memory). */
static unsigned long dirtyable_memory(void)
{
	return (unsigned long)(global_vm_stat(NR_FREE_PAGES) + global_vm_stat(NR_INACTIVE_FILE) +
			       global_vm_stat(NR_ACTIVE_FILE) + global_vm_stat(NR_FILE_DIRTY));
}

/* Write dirty pages of every filesystem until at most @goal pages are dirty. */
static void writeback_to(unsigned long goal)
{
	struct vfsmount *mnt = NULL;

	while ((mnt = next_mount(mnt)))
		writeback_sb(mnt->mnt_sb, ~0ULL, goal ? goal : 1);
}

/**
 * balance_dirty_pages_ratelimited - a page of @mapping was just dirtied:
 * when more than vm.dirty_ratio of the dirtyable memory is dirty, the
 * writer writes back (synchronously, down to vm.dirty_background_ratio)
 * before it goes on, as Linux's balance_dirty_pages throttles it. Without
 * this a process could fill memory with dirty pages faster than anything
 * could reclaim it.
 * @mapping:	the page cache written to
 */
void balance_dirty_pages_ratelimited(struct address_space *mapping)
{
	static bool balancing;
	unsigned long avail, dirty = (unsigned long)global_vm_stat(NR_FILE_DIRTY);

	if (balancing || !mapping->a_ops || !mapping->a_ops->writepage)
		return;
	avail = dirtyable_memory();
	if (dirty <= avail * vm_dirty_ratio / 100)
		return;
	balancing = true;
	count_vm_event(PGDIRTY_THROTTLE);
	writeback_to(avail * dirty_background_ratio / 100);
	balancing = false;
}

/* The periodic flusher (Linux's wb_workfn), run while the shell waits for input. */
static u64 next_flush_ms;

static void wb_idle_work(void)
{
	u64 now = ktime_get_ns() / NSEC_PER_MSEC;

	/* 0 disables the periodic flusher, as in Linux. */
	if (!dirty_writeback_interval || now < next_flush_ms)
		return;
	next_flush_ms = now + dirty_writeback_interval * 10;
	wb_do_writeback(false);
}

static int writeback_init(void)
{
	console_idle_work = wb_idle_work;
	return 0;
}
late_initcall(writeback_init);

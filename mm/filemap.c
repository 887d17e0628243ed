// SPDX-License-Identifier: GPL-2.0
/*
 * The page cache (Linux's mm/filemap.c and mm/readahead.c): each inode's
 * address_space indexes its cached pages by file offset in an XArray
 * (lib/xarray.c, as Linux's). read() and write() go through it, and so do file
 * mappings (filemap_fault), so the two always see the same bytes.
 *
 *	filemap_read -> filemap_get_pages -> page_cache_sync_ra -> read_pages
 *		-> a_ops->read_folio			(Linux: same names)
 *	generic_file_write -> generic_perform_write -> a_ops->write_begin
 *		-> copy -> set_page_dirty
 *	filemap_fault -> find_get_page | do_sync_mmap_readahead -> read_folio
 *	filemap_map_pages: fault-around over already cached pages
 *
 * References: the cache holds one on each page; lookups take another.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mmtrace.h>
#include <arbor/printk.h>
#include <arbor/string.h>
#include <arbor/sysctl.h>
#include <arbor/vmstat.h>
#include <asm/pgtable.h>

#define VM_READAHEAD_PAGES	32	/* 128 KiB, Linux's default */
#define MMAP_LOTSAMISS		100

/** address_space_init_once - an empty page cache owned by @host */
void address_space_init_once(struct address_space *mapping, struct inode *host,
			     const struct address_space_operations *a_ops)
{
	memset(mapping, 0, sizeof(*mapping));
	xa_init(&mapping->i_pages);
	INIT_LIST_HEAD(&mapping->i_mmap);
	mapping->host = host;
	mapping->a_ops = a_ops;
}

/** lock_page - take the page lock (one CPU: finding it held is a bug) */
void lock_page(struct page *page)
{
	if (PageLocked(page))
		pr_warn("page cache: page %#lx already locked\n", page_to_pfn(page));
	SetPageLocked(page);
}

/** unlock_page - release it */
void unlock_page(struct page *page)
{
	ClearPageLocked(page);
}

/**
 * find_get_page - the page at @index of @mapping
 * Return: the page with a new reference, or NULL when it is not cached.
 */
struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	struct page *page = xa_load(&mapping->i_pages, index);

	if (page)
		get_page(page);
	return page;
}

/**
 * add_to_page_cache_lru - insert @page at @index of @mapping
 * @page:	a new page, locked, with the caller's reference
 * @mapping:	the page cache
 * @index:	offset in pages
 * @gfp:	for the index's nodes
 *
 * The cache takes a reference of its own. Return: 0, -EEXIST (a page is
 * already there), -ENOMEM.
 */
int add_to_page_cache_lru(struct page *page, struct address_space *mapping,
			  unsigned long index, gfp_t gfp)
{
	int err = xa_insert(&mapping->i_pages, index, page, gfp);

	if (err)
		return err == -EBUSY ? -EEXIST : err;
	get_page(page);
	page->mapping = mapping;
	page->index = index;
	mapping->nrpages++;
	mod_vm_stat(NR_FILE_PAGES, 1);
	if (mapping->flags & (1UL << AS_SHMEM)) {
		SetPageSwapBacked(page);
		mod_vm_stat(NR_SHMEM, 1);
	}
	lru_cache_add(page);
	return 0;
}

/**
 * delete_from_page_cache - take @page out of its mapping
 * @page:	a cached page that no PTE maps any more
 *
 * Drops the cache's reference: the page is freed unless someone else
 * holds one.
 */
void delete_from_page_cache(struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (!mapping || PageAnon(page))
		return;
	xa_erase(&mapping->i_pages, page->index);	/* its marks go with it */
	mapping->nrpages--;
	mod_vm_stat(NR_FILE_PAGES, -1);
	if (PageSwapBacked(page)) {
		ClearPageSwapBacked(page);
		mod_vm_stat(NR_SHMEM, -1);
	}
	if (PageDirty(page)) {
		ClearPageDirty(page);
		mod_vm_stat(NR_FILE_DIRTY, -1);
	}
	lru_cache_del(page);
	ClearPageUptodate(page);
	ClearPageReadahead(page);
	ClearPageMappedToDisk(page);
	page->mapping = NULL;
	put_page(page);
}

/**
 * find_or_create_page - the page at @index, or a new locked one in its place
 * @mapping:	the page cache
 * @index:	offset in pages
 * @gfp:	for the page
 *
 * Return: the page, referenced (a new one is locked and not uptodate; a
 * cached one is returned unlocked), or NULL when memory ran out.
 */
struct page *find_or_create_page(struct address_space *mapping, unsigned long index,
				 gfp_t gfp)
{
	struct page *page = find_get_page(mapping, index);

	if (page)
		return page;
	page = alloc_page(gfp);
	if (!page)
		return NULL;
	lock_page(page);
	if (add_to_page_cache_lru(page, mapping, index, gfp)) {
		unlock_page(page);
		put_page(page);
		return NULL;
	}
	return page;
}

/* Fill a new locked page from the filesystem; unlocked afterwards. */
static int filemap_read_folio(struct file *file, struct address_space *mapping,
			      struct page *page)
{
	int err;

	if (!mapping->a_ops || !mapping->a_ops->read_folio) {
		memset(page_address(page), 0, PAGE_SIZE);
		SetPageUptodate(page);
		unlock_page(page);
		return 0;
	}
	err = mapping->a_ops->read_folio(file, page);
	unlock_page(page);
	if (!err && !PageUptodate(page))
		err = -EIO;
	return err;
}

/**
 * read_cache_page - the uptodate page at @index, reading it on a miss
 * @mapping:	the page cache
 * @index:	offset in pages
 * @file:	for read_folio, or NULL
 * @err:	set when NULL is returned (-ENOMEM, -EIO)
 *
 * Return: the page, referenced and unlocked, or NULL.
 */
struct page *read_cache_page(struct address_space *mapping, unsigned long index,
			     struct file *file, int *err)
{
	struct page *page = find_or_create_page(mapping, index, GFP_KERNEL);

	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	if (PageUptodate(page))
		return page;
	if (!PageLocked(page))
		lock_page(page);
	*err = filemap_read_folio(file, mapping, page);
	if (*err) {
		put_page(page);
		return NULL;
	}
	return page;
}

/* ------------------------------------------------------------------ */
/* Readahead (Linux's mm/readahead.c, synchronous: the disk is waited for) */

/*
 * Read the pages of [index, index + nr) that are not cached, stopping at
 * end of file; mark the page @lookahead pages before the end so that
 * reaching it starts the next window.
 */
static void page_cache_ra_unbounded(struct address_space *mapping, struct file *file,
				    unsigned long index, unsigned long nr, unsigned long lookahead)
{
	loff_t isize = i_size_read(mapping->host);
	unsigned long end_index, i;

	if (!isize)
		return;
	end_index = (unsigned long)((isize - 1) >> PAGE_SHIFT);
	for (i = 0; i < nr && index + i <= end_index; i++) {
		struct page *page = xa_load(&mapping->i_pages, index + i);

		if (page)
			continue;
		page = alloc_page(GFP_KERNEL | __GFP_NOWARN);
		if (!page)
			break;
		lock_page(page);
		if (add_to_page_cache_lru(page, mapping, index + i, GFP_KERNEL)) {
			unlock_page(page);
			put_page(page);
			break;
		}
		if (i == nr - lookahead)
			SetPageReadahead(page);
		count_vm_event(PGREADAHEAD);
		(void)filemap_read_folio(file, mapping, page);
		put_page(page);
	}
}

/**
 * force_page_cache_readahead - read pages [@index, @index + @nr) of @file
 * into the page cache (MADV_WILLNEED, fadvise), in ra_pages chunks
 */
void force_page_cache_readahead(struct file *file, unsigned long index, unsigned long nr)
{
	unsigned long chunk = file->f_ra.ra_pages ? file->f_ra.ra_pages : VM_READAHEAD_PAGES;

	while (nr) {
		unsigned long n = nr < chunk ? nr : chunk;

		page_cache_ra_unbounded(file->f_mapping, file, index, n, 0);
		index += n;
		nr -= n;
	}
}

/*
 * On-demand readahead: a read that continues the previous window (or
 * starts at 0) doubles it up to ra_pages; a random one reads what was
 * asked for, and a little more.
 */
static void page_cache_sync_ra(struct address_space *mapping, struct file *file,
			       unsigned long index, unsigned long req)
{
	struct file_ra_state *ra = &file->f_ra;
	unsigned long max = ra->ra_pages ? ra->ra_pages : VM_READAHEAD_PAGES;
	bool sequential = index == 0 || index == ra->start + ra->size ||
			  (ra->prev_pos >= 0 && index == (unsigned long)(ra->prev_pos >> PAGE_SHIFT) + 1) ||
			  (ra->prev_pos >= 0 && index == (unsigned long)(ra->prev_pos >> PAGE_SHIFT));
	unsigned long size;

	if (sequential && ra->size)
		size = ra->size * 2;
	else
		size = req < 4 ? 4 : req;
	if (size > max)
		size = max;
	if (size < req)
		size = req;
	ra->start = index;
	ra->size = (unsigned int)size;
	ra->async_size = (unsigned int)(size > 1 ? size / 2 : 0);
	page_cache_ra_unbounded(mapping, file, index, size, ra->async_size);
}

/* The page marked PG_readahead was reached: read the next window now. */
static void page_cache_async_ra(struct address_space *mapping, struct file *file,
				struct page *page)
{
	struct file_ra_state *ra = &file->f_ra;
	unsigned long max = ra->ra_pages ? ra->ra_pages : VM_READAHEAD_PAGES;
	unsigned long start = ra->start + ra->size;

	ClearPageReadahead(page);
	ra->start = start;
	ra->size = ra->size * 2 > max ? (unsigned int)max : ra->size * 2;
	if (!ra->size)
		ra->size = 4;
	ra->async_size = ra->size;
	page_cache_ra_unbounded(mapping, file, start, ra->size, ra->async_size);
}

/* ------------------------------------------------------------------ */
/* read() and write()                                                   */

/**
 * filemap_read - read() through the page cache
 * @file:	the open file
 * @buf:	kernel buffer
 * @len:	bytes wanted
 * @pos:	file position, advanced
 *
 * Return: bytes copied (short at end of file), or -EIO / -ENOMEM when
 * nothing could be read.
 */
long filemap_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	size_t done = 0;
	int err = 0;

	while (done < len) {
		loff_t isize = i_size_read(inode);
		unsigned long index = (unsigned long)(*pos >> PAGE_SHIFT);
		size_t off = (size_t)(*pos & (PAGE_SIZE - 1)), n;
		struct page *page;

		if (*pos >= isize)
			break;
		page = find_get_page(mapping, index);
		if (!page) {
			unsigned long req = (unsigned long)((off + (len - done) + PAGE_SIZE - 1) >> PAGE_SHIFT);

			page_cache_sync_ra(mapping, file, index, req);
			page = find_get_page(mapping, index);
		} else if (PageReadahead(page)) {
			page_cache_async_ra(mapping, file, page);
		}
		if (!page || !PageUptodate(page)) {
			if (page)
				put_page(page);
			page = read_cache_page(mapping, index, file, &err);
			if (!page)
				break;
		}
		n = PAGE_SIZE - off;
		if (n > len - done)
			n = len - done;
		if ((loff_t)n > isize - *pos)
			n = (size_t)(isize - *pos);
		memcpy(buf + done, (char *)page_address(page) + off, n);
		mark_page_accessed(page);
		put_page(page);
		done += n;
		*pos += (loff_t)n;
		file->f_ra.prev_pos = *pos - 1;
	}
	inode->i_atime = current_time(inode);
	return done ? (long)done : err;
}

/*
 * Get the page for a write of [pos, pos + len) within it: the filesystem
 * allocates blocks (write_begin); a partial write of a page that is not
 * uptodate reads it first.
 */
static struct page *write_begin(struct file *file, struct address_space *mapping,
				loff_t pos, unsigned int len, int *err)
{
	unsigned long index = (unsigned long)(pos >> PAGE_SHIFT);
	struct page *page = find_or_create_page(mapping, index, GFP_KERNEL);

	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	if (!PageLocked(page))
		lock_page(page);
	if (mapping->a_ops && mapping->a_ops->write_begin) {
		*err = mapping->a_ops->write_begin(file, mapping, pos, len, page);
		if (*err)
			goto fail;
	}
	if (!PageUptodate(page)) {
		if (len == PAGE_SIZE) {
			/* Fully overwritten: nothing to read. */
		} else if ((loff_t)index << PAGE_SHIFT >= i_size_read(mapping->host)) {
			/* Wholly past end of file: zeros, not disk contents. */
			memset(page_address(page), 0, PAGE_SIZE);
			SetPageUptodate(page);
		} else if (mapping->a_ops && mapping->a_ops->read_folio) {
			*err = mapping->a_ops->read_folio(file, page);
			if (!*err && !PageUptodate(page))
				*err = -EIO;
			if (*err)
				goto fail;
		} else {
			memset(page_address(page), 0, PAGE_SIZE);
			SetPageUptodate(page);
		}
	}
	return page;
fail:
	unlock_page(page);
	/* A new page that never became uptodate must not stay cached. */
	if (!PageUptodate(page) && !page_mapcount(page) && page->mapping)
		delete_from_page_cache(page);
	put_page(page);
	return NULL;
}

/**
 * generic_perform_write - copy @len bytes into the page cache at *@pos
 * @file:	the open file
 * @buf:	kernel buffer
 * @len:	bytes
 * @pos:	file position, advanced
 *
 * Pages are marked dirty; the size grows. Return: bytes written, or the
 * first error when nothing was (-ENOSPC, -ENOMEM, -EIO, -EFBIG).
 */
long generic_perform_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	loff_t limit = inode->i_sb->s_maxbytes;
	size_t done = 0;
	int err = 0;

	if (*pos >= limit)
		return -EFBIG;
	if ((loff_t)len > limit - *pos)
		len = (size_t)(limit - *pos);
	while (done < len) {
		unsigned int off = (unsigned int)(*pos & (PAGE_SIZE - 1));
		unsigned int n = PAGE_SIZE - off;
		struct page *page;

		if (n > len - done)
			n = (unsigned int)(len - done);
		page = write_begin(file, mapping, *pos, n, &err);
		if (!page)
			break;
		memcpy((char *)page_address(page) + off, buf + done, n);
		if (n == PAGE_SIZE)
			SetPageUptodate(page);
		set_page_dirty(page);
		unlock_page(page);
		mark_page_accessed(page);
		put_page(page);
		balance_dirty_pages_ratelimited(mapping);
		done += n;
		*pos += n;
		if (*pos > i_size_read(inode)) {
			i_size_write(inode, *pos);
			mark_inode_dirty(inode);
		}
	}
	return done ? (long)done : err;
}

/**
 * generic_file_write - write() for page-cache files: O_APPEND, times, size
 * Return: bytes written or -errno.
 */
long generic_file_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	struct inode *inode = file->f_mapping->host;
	long ret;

	if (file->f_flags & O_APPEND)
		*pos = i_size_read(inode);
	ret = generic_perform_write(file, buf, len, pos);
	if (ret > 0) {
		inode->i_mtime = inode->i_ctime = current_time(inode);
		mark_inode_dirty(inode);
	}
	return ret;
}

/* ------------------------------------------------------------------ */
/* File mappings                                                        */

/** fault_around_bytes - how much fault-around maps (Linux's default 64 KiB) */
unsigned long fault_around_bytes = 65536;
/* Linux has it in debugfs (/sys/kernel/debug/fault_around_bytes); 4096 turns it off. */
SYSCTL(fault_around_bytes, "vm.fault_around_bytes", &fault_around_bytes, PAGE_SIZE, 2UL << 20);

/*
 * Readahead for a fault that missed: MADV_RANDOM reads just the page,
 * MADV_SEQUENTIAL a growing window forwards, otherwise a window of
 * ra_pages around the fault (Linux's read-around), unless the misses
 * show the file is accessed at random.
 */
static void do_sync_mmap_readahead(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct file_ra_state *ra = &file->f_ra;
	struct address_space *mapping = file->f_mapping;
	unsigned long ra_pages = ra->ra_pages ? ra->ra_pages : VM_READAHEAD_PAGES;
	unsigned long start;

	if (vmf->vma->vm_flags & VM_RAND_READ) {
		page_cache_ra_unbounded(mapping, file, vmf->pgoff, 1, 0);
		return;
	}
	if (vmf->vma->vm_flags & VM_SEQ_READ) {
		page_cache_sync_ra(mapping, file, vmf->pgoff, 1);
		return;
	}
	/* Linux's MMAP_LOTSAMISS: many more misses than hits means random access. */
	if (ra->mmap_miss < 10 * MMAP_LOTSAMISS)
		ra->mmap_miss++;
	if (ra->mmap_miss > MMAP_LOTSAMISS) {
		page_cache_ra_unbounded(mapping, file, vmf->pgoff, 1, 0);
		return;
	}
	start = vmf->pgoff > ra_pages / 2 ? vmf->pgoff - ra_pages / 2 : 0;
	ra->start = start;
	ra->size = (unsigned int)ra_pages;
	ra->async_size = (unsigned int)(ra_pages / 4);
	page_cache_ra_unbounded(mapping, file, start, ra_pages, ra->async_size);
}

/**
 * filemap_fault - vm_ops->fault for page-cache files
 * @vmf:	the fault (vmf->pgoff is the file page)
 *
 * Return: 0 with vmf->page referenced and uptodate; VM_FAULT_MAJOR added
 * when it had to be read; VM_FAULT_SIGBUS beyond end of file or on a
 * read error; VM_FAULT_OOM.
 */
unsigned int filemap_fault(struct vm_fault *vmf)
{
	struct file *file = vmf->vma->vm_file;
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	unsigned long max_idx = (unsigned long)((i_size_read(inode) + PAGE_SIZE - 1) >> PAGE_SHIFT);
	unsigned int ret = 0;
	struct page *page;
	int err = 0;

	if (vmf->pgoff >= max_idx)
		return VM_FAULT_SIGBUS;
	page = find_get_page(mapping, vmf->pgoff);
	if (page) {
		if (PageReadahead(page) && !(vmf->vma->vm_flags & VM_RAND_READ))
			page_cache_async_ra(mapping, file, page);
		if (file->f_ra.mmap_miss)
			file->f_ra.mmap_miss--;
	} else {
		count_vm_event(PGMAJFAULT);
		ret = VM_FAULT_MAJOR;
		do_sync_mmap_readahead(vmf);
		page = find_get_page(mapping, vmf->pgoff);
	}
	if (!page || !PageUptodate(page)) {
		if (page)
			put_page(page);
		page = read_cache_page(mapping, vmf->pgoff, file, &err);
		if (!page)
			return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	}
	/* Truncated while it was read? */
	max_idx = (unsigned long)((i_size_read(inode) + PAGE_SIZE - 1) >> PAGE_SHIFT);
	if (vmf->pgoff >= max_idx || page->mapping != mapping) {
		put_page(page);
		return VM_FAULT_SIGBUS;
	}
	mark_page_accessed(page);
	vmf->page = page;
	return ret;
}

/**
 * filemap_page_mkwrite - vm_ops->page_mkwrite: a shared mapping is about
 * to write vmf->page; give the filesystem the chance to allocate blocks,
 * then mark the page and the inode dirty
 * Return: 0, VM_FAULT_SIGBUS (truncated, or no space: Linux's answer too),
 * VM_FAULT_OOM.
 */
unsigned int filemap_page_mkwrite(struct vm_fault *vmf)
{
	struct page *page = vmf->page;
	struct address_space *mapping = vmf->vma->vm_file->f_mapping;
	struct inode *inode = mapping->host;
	loff_t size = i_size_read(inode);
	loff_t pos = (loff_t)page->index << PAGE_SHIFT;
	int err;

	if (page->mapping != mapping || pos >= size)
		return VM_FAULT_SIGBUS;
	lock_page(page);
	if (mapping->a_ops && mapping->a_ops->write_begin) {
		unsigned int len = size - pos < (loff_t)PAGE_SIZE ? (unsigned int)(size - pos) : PAGE_SIZE;

		err = mapping->a_ops->write_begin(vmf->vma->vm_file, mapping, pos, len, page);
		if (err) {
			unlock_page(page);
			return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
		}
	}
	set_page_dirty(page);
	unlock_page(page);
	inode->i_mtime = inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return 0;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.map_pages = filemap_map_pages,
	.page_mkwrite = filemap_page_mkwrite,
};

/**
 * generic_file_mmap - f_op->mmap for page-cache files
 * Return: 0, or -ENOEXEC... never: every page-cache file can be mapped.
 */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (!file->f_mapping->a_ops || !file->f_mapping->a_ops->read_folio)
		return -ENOEXEC;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}

/**
 * filemap_map_pages - vm_ops->map_pages: map the cached, uptodate pages
 * of file pages [@start_pgoff, @end_pgoff] whose PTEs are empty, read-only
 * @vmf:	the fault; the window lies in vmf->pte's page table
 * @start_pgoff: first file page
 * @end_pgoff:	last file page
 *
 * Pages still being read, locked or past end of file are left to the
 * fault itself. Return: 0 (VM_FAULT_NOPAGE when the faulting page was mapped).
 */
unsigned int filemap_map_pages(struct vm_fault *vmf, unsigned long start_pgoff,
			       unsigned long end_pgoff)
{
	struct vm_area_struct *vma = vmf->vma;
	struct address_space *mapping = vma->vm_file->f_mapping;
	loff_t isize = i_size_read(mapping->host);
	unsigned long last, index;
	unsigned int ret = 0;
	struct page *page;

	if (!isize)
		return 0;
	last = (unsigned long)((isize - 1) >> PAGE_SHIFT);
	if (end_pgoff > last)
		end_pgoff = last;
	xa_for_each_range(&mapping->i_pages, index, page, start_pgoff, end_pgoff) {
		unsigned long addr = vmf->address +
			((page->index - vmf->pgoff) << PAGE_SHIFT);
		pte_t *ptep = vmf->pte + (long)(page->index - vmf->pgoff);

		if (!PageUptodate(page) || PageLocked(page) || pte_present(ptep_get(ptep)) ||
		    !pte_none(ptep_get(ptep)))
			continue;
		get_page(page);
		do_set_pte(vmf, page, addr);
		if (addr == vmf->address)
			ret = VM_FAULT_NOPAGE;
		else
			count_vm_event(PGFAULTAROUND);
	}
	return ret;
}

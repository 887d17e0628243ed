// SPDX-License-Identifier: GPL-2.0
/*
 * Dropping page-cache pages (Linux's mm/truncate.c): truncate removes
 * pages past the new size from every mapping and from the cache, so that
 * an access there raises SIGBUS; invalidation drops clean unmapped pages.
 *
 *	do_truncate -> truncate_setsize -> unmap_mapping_range (every VMA in
 *		i_mmap, private COW copies too) -> truncate_inode_pages_range
 */
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/string.h>

/**
 * unmap_mapping_range - zap the PTEs mapping bytes [@start, @start + @len)
 * of @mapping in every VMA (@len 0: to the end)
 * @mapping:	the page cache
 * @start:	byte offset (rounded down to a page)
 * @len:	bytes (rounded up), 0 for all
 * @even_cows:	also private copies made from those pages (truncate)
 */
void unmap_mapping_range(struct address_space *mapping, loff_t start, loff_t len,
			 int even_cows)
{
	unsigned long first = (unsigned long)(start >> PAGE_SHIFT);
	unsigned long last = len ? (unsigned long)((start + len - 1) >> PAGE_SHIFT) : ~0UL;
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		unsigned long vfirst = vma->vm_pgoff;
		unsigned long vlast = vfirst + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) - 1;
		unsigned long from, to;

		if (!even_cows && !(vma->vm_flags & VM_SHARED))
			continue;
		if (vlast < first || vfirst > last)
			continue;
		from = max(first, vfirst);
		to = min(last, vlast);
		zap_page_range_single(vma, vma->vm_start + ((from - vfirst) << PAGE_SHIFT),
				      (to - from + 1) << PAGE_SHIFT);
	}
}

/**
 * truncate_inode_pages_range - remove the cached pages of bytes
 * [@lstart, @lend] from @mapping; a partial first page is zeroed past
 * @lstart instead
 * @mapping:	the page cache
 * @lstart:	first byte
 * @lend:	last byte (inclusive; -1 or beyond: to the end)
 *
 * Mapped pages are unmapped first; dirty ones are dropped without writing.
 */
void truncate_inode_pages_range(struct address_space *mapping, loff_t lstart, loff_t lend)
{
	unsigned long start = (unsigned long)((lstart + PAGE_SIZE - 1) >> PAGE_SHIFT);
	unsigned long end = lend < 0 || lend >= MAX_LFS_FILESIZE ? ~0UL :
			    (unsigned long)((lend + 1) >> PAGE_SHIFT);
	unsigned int partial = (unsigned int)(lstart & (PAGE_SIZE - 1));
	unsigned long index;
	struct page *page;

	if (!mapping->nrpages)
		return;
	if (partial) {
		page = find_get_page(mapping, (unsigned long)(lstart >> PAGE_SHIFT));
		if (page) {
			if (PageUptodate(page))
				memset((char *)page_address(page) + partial, 0, PAGE_SIZE - partial);
			put_page(page);
		}
	}
	if (end != ~0UL) {
		if (!end)
			return;
		end--;	/* the page holding lend is whole only if lend ends it */
	}
	if (start > end)
		return;
	index = start;
	while ((page = xa_find(&mapping->i_pages, &index, end, XA_PRESENT))) {
		get_page(page);
		if (page_mapcount(page))
			(void)try_to_unmap(page);
		delete_from_page_cache(page);	/* a dirty page's data is dropped */
		put_page(page);
		if (index == ~0UL)
			break;
		index++;
	}
}

/** truncate_inode_pages - every cached page from byte @lstart on */
void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	truncate_inode_pages_range(mapping, lstart, -1);
}

/**
 * truncate_setsize - set the size and drop what lies beyond it
 * @inode:	the inode
 * @newsize:	bytes
 *
 * Mappings of the pages past the end go first (private COW copies too,
 * as Linux), then the pages; the tail of the last page is zeroed so that
 * growing the file again shows zeros.
 */
void truncate_setsize(struct inode *inode, loff_t newsize)
{
	loff_t old = inode->i_size;

	i_size_write(inode, newsize);
	if (newsize < old) {
		loff_t holebegin = (newsize + PAGE_SIZE - 1) & ~(loff_t)(PAGE_SIZE - 1);

		unmap_mapping_range(inode->i_mapping, holebegin, 0, 1);
		truncate_inode_pages(inode->i_mapping, newsize);
	}
}

/**
 * invalidate_mapping_pages - drop the clean, unmapped, unlocked pages of
 * pages [@start, @end] of @mapping
 * Return: pages dropped.
 */
unsigned long invalidate_mapping_pages(struct address_space *mapping, unsigned long start,
				       unsigned long end)
{
	unsigned long index = start, n = 0;
	struct page *page;

	while ((page = xa_find(&mapping->i_pages, &index, end, XA_PRESENT))) {
		if (!PageDirty(page) && !PageLocked(page) && !PageWriteback(page) &&
		    !page_mapcount(page) && page_count(page) == 1) {
			delete_from_page_cache(page);
			n++;
		}
		if (index == ~0UL)
			break;
		index++;
	}
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Page-cache reclaim (Linux's mm/vmscan.c and mm/swap.c, small): one
 * inactive and one active list of evictable page-cache pages, second
 * chance by PG_referenced and the PTEs' access flags. Reclaim frees
 * clean pages from the inactive list's old end, unmapping them from every
 * address space first; dirty pages are left to writeback; shmem and ramfs
 * pages (unevictable: no swap) are never on the lists.
 *
 *	alloc_pages -> alloc_pages_direct_reclaim -> try_to_free_pages
 *		-> shrink_active_list (refill inactive)
 *		-> shrink_inactive_list -> page_referenced / try_to_unmap
 *			-> delete_from_page_cache	(Linux: __remove_mapping)
 */
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/vmstat.h>

static LIST_HEAD(inactive_list);
static LIST_HEAD(active_list);
/* The lists' lengths are vm_stat items, for meminfo (Linux: NR_{IN,}ACTIVE_FILE). */
#define nr_inactive	vm_stat[NR_INACTIVE_FILE]
#define nr_active	vm_stat[NR_ACTIVE_FILE]

static bool mapping_unevictable(const struct address_space *mapping)
{
	return mapping->flags & (1UL << AS_UNEVICTABLE);
}

/** lru_cache_add - a new page-cache page starts on the inactive list */
void lru_cache_add(struct page *page)
{
	if (PageLRU(page) || !page->mapping || mapping_unevictable(page->mapping))
		return;
	SetPageLRU(page);
	list_add_tail(&page->lru, &inactive_list);
	nr_inactive++;
}

/** lru_cache_del - @page leaves the page cache: off its list */
void lru_cache_del(struct page *page)
{
	if (!PageLRU(page))
		return;
	list_del_init(&page->lru);
	if (PageActive(page)) {
		ClearPageActive(page);
		nr_active--;
	} else {
		nr_inactive--;
	}
	ClearPageLRU(page);
	ClearPageReferenced(page);
}

/**
 * mark_page_accessed - a read or write touched @page: the first touch
 * sets PG_referenced, the second moves an inactive page to the active list
 */
void mark_page_accessed(struct page *page)
{
	if (!PageReferenced(page)) {
		SetPageReferenced(page);
		return;
	}
	if (PageLRU(page) && !PageActive(page)) {
		list_move_tail(&page->lru, &active_list);
		SetPageActive(page);
		nr_inactive--;
		nr_active++;
		ClearPageReferenced(page);
		count_vm_event(PGACTIVATE);
	}
}

static void activate(struct page *page)
{
	list_move_tail(&page->lru, &active_list);
	SetPageActive(page);
	nr_inactive--;
	nr_active++;
	count_vm_event(PGACTIVATE);
}

/* Age the active list: its oldest pages go to the inactive list's new end. */
static void shrink_active_list(unsigned long nr)
{
	while (nr-- && !list_empty(&active_list)) {
		struct page *page = list_first_entry(&active_list, struct page, lru);

		ClearPageReferenced(page);
		list_move_tail(&page->lru, &inactive_list);
		ClearPageActive(page);
		nr_active--;
		nr_inactive++;
	}
}

/*
 * Try to free @page, the oldest inactive page. Return: true when freed.
 * Second chance: a page touched since it was last looked at (young PTEs
 * or PG_referenced) goes round again, to the active list if it was used
 * twice; dirty, locked and under-writeback pages rotate.
 */
static bool shrink_page(struct page *page)
{
	int young = page_referenced(page);
	bool referenced = PageReferenced(page);

	ClearPageReferenced(page);
	if (young && referenced) {
		activate(page);
		return false;
	}
	if (young || referenced) {
		if (young)
			SetPageReferenced(page);
		list_move_tail(&page->lru, &inactive_list);
		return false;
	}
	if (PageDirty(page) || PageLocked(page) || PageWriteback(page) ||
	    (page_mapcount(page) && !try_to_unmap(page)) ||
	    PageDirty(page) || page_count(page) != 1) {
		list_move_tail(&page->lru, &inactive_list);
		return false;
	}
	delete_from_page_cache(page);
	return true;
}

/**
 * try_to_free_pages - reclaim up to @nr_pages clean page-cache pages
 * @nr_pages:	the goal
 * @gfp:	the failed allocation's flags
 *
 * Return: the pages freed (0: nothing reclaimable).
 */
unsigned long try_to_free_pages(unsigned long nr_pages, gfp_t gfp)
{
	unsigned long freed = 0, scan;

	/* Keep the inactive list at least as long as the active one. */
	if (nr_active > nr_inactive)
		shrink_active_list((unsigned long)(nr_active - nr_inactive) + nr_pages);
	scan = 2 * (unsigned long)(nr_inactive + nr_active);
	while (freed < nr_pages && scan-- && !list_empty(&inactive_list)) {
		struct page *page = list_first_entry(&inactive_list, struct page, lru);

		count_vm_event(PGSCAN_DIRECT);
		if (shrink_page(page)) {
			freed++;
			count_vm_event(PGSTEAL_DIRECT);
		} else if ((unsigned long)nr_inactive < nr_pages) {
			shrink_active_list(nr_pages);
		}
	}
	/*
	 * Not enough: give up the dentry and inode caches (Linux's slab
	 * shrinkers). Inodes nobody holds go with their clean pages.
	 */
	if (freed < nr_pages) {
		prune_dcache();
		freed += prune_icache();
	}
	return freed;
}

static int vmscan_init(void)
{
	page_alloc_reclaim = try_to_free_pages;
	return 0;
}
core_initcall(vmscan_init);

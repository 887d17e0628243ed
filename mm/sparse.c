// SPDX-License-Identifier: GPL-2.0
/*
 * Sparse memory model: one struct page array per present 128 MiB section
 * (see include/arbor/mmzone.h). Mirrors Linux's mm/sparse.c:
 * sparse_init() -> memblocks_present() -> sparse_init_nid() ->
 * __populate_section_memmap(), and mm_init.c's __init_single_page().
 *
 * Every page starts out PG_reserved with one reference, as Linux's
 * memmap_init() leaves it; memblock_free_all() (mm/page_alloc.c) then
 * releases the pages of free memblock ranges to the buddy allocator. Pages
 * in holes inside a present section stay reserved for good.
 */
#include <arbor/memblock.h>
#include <arbor/mm.h>
#include <arbor/printk.h>

struct mem_section mem_section[NR_MEM_SECTIONS];

/* Sections that memory touches, before their arrays exist. */
static unsigned long present_bits[NR_MEM_SECTIONS / 64];

static void memory_present(phys_addr_t start, phys_addr_t end)
{
	unsigned long spfn = PFN_DOWN(start), epfn = PFN_UP(end);

	if (spfn >= MAX_PFN)
		return;
	if (epfn > MAX_PFN) {
		pr_warn("sparse: memory above %u bits of physical address ignored\n",
			MAX_PHYSMEM_BITS);
		epfn = MAX_PFN;
	}
	for (unsigned long nr = pfn_to_section_nr(spfn);
	     nr <= pfn_to_section_nr(epfn - 1); nr++)
		present_bits[nr / 64] |= 1UL << (nr % 64);
}

/*
 * Linux's __init_single_page(): every word written, so the array need not
 * be zeroed first (one pass over 1.5% of RAM rather than two).
 */
static void init_section_pages(struct page *map, unsigned long nr)
{
	unsigned long flags = (1UL << PG_reserved) | (nr << SECTIONS_PGSHIFT);

	for (unsigned long i = 0; i < PAGES_PER_SECTION; i++) {
		struct page *page = &map[i];

		page->flags = flags;
		page->lru.next = &page->lru;
		page->lru.prev = &page->lru;
		page->mapping = NULL;
		page->index = 0;
		page->private = 0;
		page->_refcount = 1;
		page->_mapcount = -1;
	}
}

/**
 * sparse_init - allocate and initialise the struct page arrays
 *
 * Every section that any memblock memory range touches gets an array of
 * PAGES_PER_SECTION pages from memblock (so the arrays themselves end up
 * reserved). A section whose array cannot be allocated stays absent and
 * its memory unused, with a warning: booting with less memory beats not
 * booting.
 */
void sparse_init(void)
{
	const size_t map_size = PAGES_PER_SECTION * sizeof(struct page);
	phys_addr_t start, end;
	u64 i;

	for (unsigned long w = 0; w < ARRAY_SIZE(present_bits); w++)
		present_bits[w] = 0;
	for_each_mem_range(i, &start, &end)
		memory_present(start, end);

	for (unsigned long nr = 0; nr < NR_MEM_SECTIONS; nr++) {
		phys_addr_t pa;
		struct page *map;

		mem_section[nr].map_base = 0;
		if (!(present_bits[nr / 64] & (1UL << (nr % 64))))
			continue;
		pa = memblock_phys_alloc(map_size, PAGE_SIZE);
		if (!pa) {
			pr_warn("sparse: no memory for the struct pages of section %lu (%#llx-%#llx); it stays unused\n",
				nr, (unsigned long long)section_nr_to_pfn(nr) << PAGE_SHIFT,
				(unsigned long long)section_nr_to_pfn(nr + 1) << PAGE_SHIFT);
			continue;
		}
		map = __va(pa);
		init_section_pages(map, nr);
		/* "Where page 0 would be": pfn_to_page() is then one multiply-add. */
		mem_section[nr].map_base = (uintptr_t)map -
			section_nr_to_pfn(nr) * sizeof(struct page);
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * anon_vma (Linux's mm/rmap.c, the part VMA merging depends on; Arbor's
 * code). See include/arbor/rmap.h for the model.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/rmap.h>
#include <arbor/slab.h>
#include <asm/pgtable.h>
#include <asm/tlb.h>

static struct kmem_cache *anon_vma_cachep;

unsigned long nr_anon_vmas;

static struct anon_vma *anon_vma_alloc(struct anon_vma *parent)
{
	struct anon_vma *av;

	if (unlikely(!anon_vma_cachep)) {
		anon_vma_cachep = kmem_cache_create("anon_vma", sizeof(struct anon_vma), 0, 0, NULL);
		if (!anon_vma_cachep)
			return NULL;
	}
	av = kmem_cache_zalloc(anon_vma_cachep, GFP_KERNEL);
	if (!av)
		return NULL;
	av->refcount = 1;
	av->parent = get_anon_vma(parent);
	nr_anon_vmas++;
	return av;
}

/**
 * put_anon_vma - drop a reference to @av (may be NULL); the last one frees
 * it and drops its reference to its parent
 */
void put_anon_vma(struct anon_vma *av)
{
	while (av && !--av->refcount) {
		struct anon_vma *parent = av->parent;

		kmem_cache_free(anon_vma_cachep, av);
		nr_anon_vmas--;
		av = parent;
	}
}

/* Linux's anon_vma_compatible(): @a just before @b, alike but for access bits. */
static bool anon_vma_compatible(struct vm_area_struct *a, struct vm_area_struct *b)
{
	return a->vm_end == b->vm_start && a->vm_file == b->vm_file &&
	       !((a->vm_flags ^ b->vm_flags) & ~VM_ACCESS_FLAGS) &&
	       b->vm_pgoff == a->vm_pgoff + ((b->vm_start - a->vm_start) >> PAGE_SHIFT);
}

/* Linux's reusable_anon_vma(): @old's anon_vma, if it has no forked ancestry. */
static struct anon_vma *reusable_anon_vma(struct vm_area_struct *old, struct vm_area_struct *a,
					  struct vm_area_struct *b)
{
	if (anon_vma_compatible(a, b) && old->anon_vma && !anon_vma_has_parent(old->anon_vma))
		return old->anon_vma;
	return NULL;
}

/*
 * Linux's find_mergeable_anon_vma(): a neighbour that could merge with @vma
 * but for mprotect() lends its anon_vma, so that they still can later.
 * The next VMA is tried first.
 */
static struct anon_vma *find_mergeable_anon_vma(struct vm_area_struct *vma)
{
	struct vm_area_struct *next = find_vma(vma->vm_mm, vma->vm_end);
	struct vm_area_struct *prev;
	struct anon_vma *av = NULL;

	if (next)
		av = reusable_anon_vma(next, vma, next);
	if (av)
		return av;
	find_vma_prev(vma->vm_mm, vma->vm_start, &prev);
	if (prev)
		av = reusable_anon_vma(prev, prev, vma);
	return av;
}

/**
 * anon_vma_prepare - give @vma an anon_vma before its first anonymous page
 * @vma:	a private VMA
 *
 * A compatible neighbour's is shared (find_mergeable_anon_vma), else a new
 * one is made.
 * Return: 0 or -ENOMEM.
 */
int anon_vma_prepare(struct vm_area_struct *vma)
{
	struct anon_vma *av;

	if (likely(vma->anon_vma))
		return 0;
	av = get_anon_vma(find_mergeable_anon_vma(vma));
	if (!av)
		av = anon_vma_alloc(NULL);
	if (!av)
		return -ENOMEM;
	vma->anon_vma = av;
	return 0;
}

/**
 * anon_vma_fork - the anon_vma of @vma, a child's copy of @pvma
 * @vma:	the child's VMA (from vm_area_dup(@pvma): it holds a reference
 *		to @pvma's anon_vma)
 * @pvma:	the parent's VMA
 *
 * A child VMA of a parent VMA with an anon_vma gets a new one whose parent
 * that is (Linux chains it to the parent's; merges see the difference).
 * Return: 0 or -ENOMEM (@vma then has none).
 */
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma *av = NULL;

	if (pvma->anon_vma) {
		av = anon_vma_alloc(pvma->anon_vma);
		if (!av) {
			unlink_anon_vmas(vma);
			return -ENOMEM;
		}
	}
	put_anon_vma(vma->anon_vma);
	vma->anon_vma = av;
	return 0;
}

/** unlink_anon_vmas - @vma lets go of its anon_vma (it is being freed or wiped) */
void unlink_anon_vmas(struct vm_area_struct *vma)
{
	put_anon_vma(vma->anon_vma);
	vma->anon_vma = NULL;
}

/* ------------------------------------------------------------------ */
/* File and shmem pages: the mapping's i_mmap list of VMAs              */

/** vma_link_file - add @vma to its file's i_mmap (Linux: vma_link_file) */
void vma_link_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	list_add_tail(&vma->shared, &mapping->i_mmap);
	if ((vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) == (VM_SHARED | VM_MAYWRITE))
		mapping->i_mmap_writable++;
}

/** vma_unlink_file - take @vma off its file's i_mmap */
void vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma->vm_file->f_mapping;

	if (list_empty(&vma->shared))
		return;
	list_del_init(&vma->shared);
	if ((vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) == (VM_SHARED | VM_MAYWRITE))
		mapping->i_mmap_writable--;
}

/* Where @vma maps file page @index, or 0 when it does not cover it. */
static unsigned long vma_address(const struct vm_area_struct *vma, unsigned long index)
{
	unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

	if (index < vma->vm_pgoff || index - vma->vm_pgoff >= pages)
		return 0;
	return vma->vm_start + ((index - vma->vm_pgoff) << PAGE_SHIFT);
}

/* The PTE mapping @page at @addr in @vma, or NULL. */
static pte_t *page_vma_mapped(struct page *page, struct vm_area_struct *vma, unsigned long addr)
{
	pte_t *ptep = pte_lookup(vma->vm_mm, addr);
	pte_t pte;

	if (!ptep)
		return NULL;
	pte = ptep_get(ptep);
	if (!pte_present(pte) || pte_pfn(pte) != page_to_pfn(page))
		return NULL;
	return ptep;
}

/**
 * page_mkclean - write-protect and clean every shared PTE that maps @page
 * (Linux's folio_mkclean), so that the next write faults and marks it
 * dirty again
 * @page:	a page-cache page
 *
 * Return: the number of PTEs that were dirty.
 */
int page_mkclean(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;
	int dirty = 0;

	if (!mapping || PageAnon(page))
		return 0;
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		unsigned long addr = vma_address(vma, page->index);
		pte_t *ptep;
		pte_t pte;

		if (!addr || !(vma->vm_flags & VM_SHARED))
			continue;
		ptep = page_vma_mapped(page, vma, addr);
		if (!ptep)
			continue;
		pte = ptep_get(ptep);
		if (!pte_write(pte) && !pte_dirty(pte))
			continue;
		if (pte_dirty(pte))
			dirty++;
		set_pte_at(vma->vm_mm, addr, ptep, pte_mkclean(pte_wrprotect(pte)));
		flush_tlb_page(vma, addr);
	}
	return dirty;
}

/**
 * try_to_unmap - clear every PTE that maps the page-cache @page (reclaim)
 * @page:	the page; dirtiness found in the PTEs moves to it
 *
 * Return: true when no mapping is left.
 */
bool try_to_unmap(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;

	if (!mapping || PageAnon(page))
		return !page_mapcount(page);
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		unsigned long addr = vma_address(vma, page->index);
		pte_t *ptep;
		pte_t pte;

		if (!addr || (vma->vm_flags & VM_LOCKED))
			continue;
		ptep = page_vma_mapped(page, vma, addr);
		if (!ptep)
			continue;
		pte = ptep_get_and_clear(vma->vm_mm, addr, ptep);
		flush_tlb_page(vma, addr);
		if (pte_dirty(pte))
			set_page_dirty(page);
		page_remove_rmap(page, vma);
		put_page(page);
	}
	return !page_mapcount(page);
}

/**
 * page_referenced - test and clear the access flag of every PTE mapping
 * the page-cache @page (Linux's folio_referenced)
 * Return: how many were young.
 */
int page_referenced(struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;
	int young = 0;

	if (!mapping || PageAnon(page) || !page_mapcount(page))
		return 0;
	list_for_each_entry(vma, &mapping->i_mmap, shared) {
		unsigned long addr = vma_address(vma, page->index);
		pte_t *ptep;
		pte_t pte;

		if (!addr)
			continue;
		ptep = page_vma_mapped(page, vma, addr);
		if (!ptep)
			continue;
		pte = ptep_get(ptep);
		if (!pte_young(pte))
			continue;
		young++;
		set_pte_at(vma->vm_mm, addr, ptep, pte_mkold(pte));
		flush_tlb_page(vma, addr);
	}
	return young;
}

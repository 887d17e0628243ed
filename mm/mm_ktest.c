// SPDX-License-Identifier: GPL-2.0
/* The shared frame of the address-space ktests (include/arbor/mm_ktest.h). */
#include <arbor/maple_tree.h>
#include <arbor/mm_ktest.h>
#include <arbor/rmap.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

bool mm_test_begin(struct ktest *t, struct mm_test_env *e, bool with_stack)
{
	drain_local_pages();
	e->vmas = nr_vm_areas;
	e->anon_vmas = nr_anon_vmas;
	e->pgtables = global_vm_stat(NR_PAGETABLE);
	e->anon = global_vm_stat(NR_ANON_PAGES);
	e->free = nr_free_pages();
	e->old = current_mm;
	e->mm = with_stack ? mm_new_with_stack() : mm_alloc();
	if (!e->mm) {
		ktest_fail(t, __FILE__, __LINE__, "mm_alloc failed");
		return false;
	}
	use_mm(e->mm);
	return true;
}

void mm_test_end(struct ktest *t, struct mm_test_env *e)
{
	KTEST_EXPECT_EQ(t, mt_validate(&e->mm->mm_mt), 0);
	use_mm(e->old);
	mmput(e->mm);
	KTEST_EXPECT_EQ(t, nr_vm_areas, e->vmas);
	KTEST_EXPECT_EQ(t, nr_anon_vmas, e->anon_vmas);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_PAGETABLE), e->pgtables);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_ANON_PAGES), e->anon);
	/* Slab pages may stay cached; page frames for mappings may not. */
	drain_local_pages();
	KTEST_EXPECT_TRUE(t, nr_free_pages() + 64 >= e->free);
}

u64 mm_test_pte(struct mm_struct *mm, unsigned long addr)
{
	pte_t *p = pte_lookup(mm, addr);

	return p ? ptep_get(p) : 0;
}

struct page *mm_test_page(struct mm_struct *mm, unsigned long addr)
{
	pte_t pte = mm_test_pte(mm, addr);

	return pte_present(pte) && !is_zero_pfn(pte_pfn(pte)) ? pfn_to_page(pte_pfn(pte)) : NULL;
}

int mm_test_peek8(unsigned long addr)
{
	u8 v;

	return get_user(v, (u8 __user *)addr) ? -1 : v;
}

int mm_test_poke8(unsigned long addr, u8 v)
{
	return put_user(v, (u8 __user *)addr);
}

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ARBOR_MM_KTEST_H
#define ARBOR_MM_KTEST_H

/*
 * The frame every address-space ktest runs in: a fresh mm made current,
 * and on the way out mt_validate() plus exact accounting -- no VMA,
 * anon_vma, page-table page or anonymous page left behind.
 */
#include <arbor/ktest.h>
#include <arbor/mm.h>

struct mm_test_env {
	struct mm_struct *old, *mm;
	unsigned long vmas, anon_vmas, pgtables, free;
	long anon;
};

/**
 * mm_test_begin - record the counters, then switch to a new address space
 * @t:		the test
 * @e:		state for mm_test_end()
 * @with_stack:	give the new space a [stack] VMA as the shell's has
 *
 * Return: false (and the test failed) when no mm could be allocated.
 */
bool mm_test_begin(struct ktest *t, struct mm_test_env *e, bool with_stack);

/** mm_test_end - validate the tree, free the space, check every counter came back */
void mm_test_end(struct ktest *t, struct mm_test_env *e);

/** mm_test_pte - the PTE of @addr in @mm (0 when there is no table) */
u64 mm_test_pte(struct mm_struct *mm, unsigned long addr);
/** mm_test_page - the page mapped at @addr in @mm, NULL for none or the zero page */
struct page *mm_test_page(struct mm_struct *mm, unsigned long addr);
/** mm_test_peek8 - a user read of one byte at @addr in current_mm: the byte or -1 */
int mm_test_peek8(unsigned long addr);
/** mm_test_poke8 - a user write of @v at @addr: 0 or -EFAULT */
int mm_test_poke8(unsigned long addr, u8 v);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * anon_vma: what the anonymous pages of one or more VMAs belong to
 * (Linux's include/linux/rmap.h, reduced to what VMA merging needs).
 *
 * A private VMA gets one on its first anonymous fault that allocates a
 * page (anon_vma_prepare(); reading shares the zero page and does not
 * count). Pieces of a split VMA and a VMA grown by a merge share it; two
 * VMAs with different anon_vmas never merge (is_mergeable_anon_vma). A
 * forked child's VMA gets its own, whose parent is the parent VMA's (Linux
 * chains the child to all its ancestors' anon_vmas; the parent link stands
 * for that chain: a VMA with one has "uncowed parents").
 *
 * The reference count counts the VMAs pointing at the anon_vma and the
 * children whose parent it is; it is freed when the last one goes.
 */
#ifndef _ARBOR_RMAP_H
#define _ARBOR_RMAP_H

#include <arbor/types.h>

struct vm_area_struct;

struct anon_vma {
	unsigned long refcount;
	struct anon_vma *parent;	/* the parent VMA's at fork, else NULL */
};

/** nr_anon_vmas - anon_vmas allocated and not freed (for leak checks) */
extern unsigned long nr_anon_vmas;

/** get_anon_vma - one more reference to @av (may be NULL) */
static inline struct anon_vma *get_anon_vma(struct anon_vma *av)
{
	if (av)
		av->refcount++;
	return av;
}
void put_anon_vma(struct anon_vma *av);
int anon_vma_prepare(struct vm_area_struct *vma);
int anon_vma_fork(struct vm_area_struct *vma, struct vm_area_struct *pvma);
void unlink_anon_vmas(struct vm_area_struct *vma);

/* Linux's vma_had_uncowed_parents(): a forked child's anon_vma. */
static inline bool anon_vma_has_parent(const struct anon_vma *av)
{
	return av && av->parent;
}

#endif /* _ARBOR_RMAP_H */

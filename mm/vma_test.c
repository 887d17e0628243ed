// SPDX-License-Identifier: GPL-2.0
/*
 * The "vma" ktest suite: mmap/munmap/mprotect/brk on a scratch address
 * space, every errno case, exact VMA layouts after merges and splits.
 * Every case runs in its own mm made current for the test; afterwards the
 * tree must pass mt_validate(), and after mmput() no VMA, page-table page
 * or page frame may be left over.
 */
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/mm_ktest.h>
#include <arbor/mman.h>
#include <arbor/rmap.h>
#include <arbor/slab.h>

#define ANON_PRIV	(MAP_PRIVATE | MAP_ANONYMOUS)
#define RW		(PROT_READ | PROT_WRITE)
#define P		PAGE_SIZE

struct exp_vma {
	unsigned long start, end;
	vm_flags_t access;	/* VM_READ | VM_WRITE | VM_EXEC | VM_SHARED */
};

/* The tree must hold exactly @n VMAs with these ranges and access bits. */
static void expect_layout(struct ktest *t, struct mm_struct *mm, const struct exp_vma *x, int n)
{
	struct vm_area_struct *vma;
	unsigned long idx = 0;
	int i = 0;

	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX) {
		if (i >= n) {
			ktest_fail(t, __FILE__, __LINE__, "extra VMA %lx-%lx", vma->vm_start,
				   vma->vm_end);
			return;
		}
		KTEST_EXPECT_EQ(t, vma->vm_start, x[i].start);
		KTEST_EXPECT_EQ(t, vma->vm_end, x[i].end);
		KTEST_EXPECT_EQ(t, vma->vm_flags & (VM_ACCESS_FLAGS | VM_SHARED), x[i].access);
		i++;
	}
	KTEST_EXPECT_EQ(t, i, n);
	KTEST_EXPECT_EQ(t, mm->map_count, n);
}

static long mm_map(unsigned long addr, unsigned long len, unsigned long prot,
		   unsigned long flags)
{
	return vm_mmap(addr, len, prot, flags);
}

static void test_mmap_errnos(struct ktest *t)
{
	struct mm_test_env e;
	unsigned long populate;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, mm_map(0, 0, RW, ANON_PRIV), -EINVAL);
	KTEST_EXPECT_EQ(t, mm_map(0, -100UL, RW, ANON_PRIV), -ENOMEM);	/* page-align wraps */
	KTEST_EXPECT_EQ(t, mm_map(0, TASK_SIZE + P, RW, ANON_PRIV), -ENOMEM);
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, MAP_ANONYMOUS), -EINVAL);	/* neither type */
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, MAP_ANONYMOUS | 0x04), -EINVAL);	/* bad type */
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, MAP_PRIVATE), -EBADF);	/* no file */
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS |
				  MAP_FIXED_NOREPLACE), -EPERM);	/* address first */
	/* Anonymous MAP_SHARED_VALIDATE is no valid type (Linux 6.18 says so). */
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x800000),
			-EINVAL);
	/* MAP_SHARED (not validated) ignores unknown flags. */
	KTEST_EXPECT_EQ(t, mm_map(0x10000000, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED |
				  0x800000), 0x10000000);
	KTEST_EXPECT_EQ(t, mm_map(0x20000000, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED |
				  MAP_GROWSDOWN), -EINVAL);
	KTEST_EXPECT_EQ(t, mm_map(0x20000001, P, RW, ANON_PRIV | MAP_FIXED), -EINVAL);
	KTEST_EXPECT_EQ(t, mm_map(TASK_SIZE - P, 2 * P, RW, ANON_PRIV | MAP_FIXED), -ENOMEM);
	KTEST_EXPECT_EQ(t, mm_map(TASK_SIZE, P, RW, ANON_PRIV | MAP_FIXED), -ENOMEM);
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, ANON_PRIV | MAP_FIXED), -EPERM);
	KTEST_EXPECT_EQ(t, mm_map(0x10000000, P, RW, ANON_PRIV | MAP_FIXED_NOREPLACE), -EEXIST);
	KTEST_EXPECT_EQ(t, do_mmap(NULL, 0, P, RW, ANON_PRIV, 0, -1UL, &populate),
			(unsigned long)-EOVERFLOW);
	/* One more than sysctl_max_map_count is refused. */
	e.mm->map_count = sysctl_max_map_count + 1;
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, ANON_PRIV), -ENOMEM);
	e.mm->map_count = 1;
	{
		static const struct exp_vma x[] = {
			{ 0x10000000, 0x10001000, VM_READ | VM_WRITE | VM_SHARED },
		};
		expect_layout(t, e.mm, x, 1);
	}
	mm_test_end(t, &e);
}

static void test_mmap_topdown_merge(struct ktest *t)
{
	unsigned long base;
	struct mm_test_env e;
	long a, b, c;

	if (!mm_test_begin(t, &e, false))
		return;
	base = e.mm->mmap_base;
	a = mm_map(0, 2 * P, RW, ANON_PRIV);
	KTEST_EXPECT_EQ(t, a, base - 2 * P);
	b = mm_map(0, P, RW, ANON_PRIV);	/* right below: merges */
	KTEST_EXPECT_EQ(t, b, base - 3 * P);
	c = mm_map(0, P, PROT_READ, ANON_PRIV);	/* different flags: own VMA */
	KTEST_EXPECT_EQ(t, c, base - 4 * P);
	{
		const struct exp_vma x[] = {
			{ base - 4 * P, base - 3 * P, VM_READ },
			{ base - 3 * P, base, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 2);
	}
	/* A free hint is honoured, a taken one is not; a low hint is raised. */
	KTEST_EXPECT_EQ(t, mm_map(0x40000000, P, RW, ANON_PRIV), 0x40000000);
	KTEST_EXPECT_EQ(t, mm_map(0x40000000, P, RW, ANON_PRIV), base - 5 * P);
	KTEST_EXPECT_EQ(t, mm_map(0x40000123, P, PROT_READ, ANON_PRIV), 0x40001000);
	KTEST_EXPECT_EQ(t, mm_map(1, P, PROT_READ, ANON_PRIV), mmap_min_addr);
	KTEST_EXPECT_EQ(t, find_vma(e.mm, 0x40000000)->vm_end, 0x40001000);
	KTEST_EXPECT_EQ(t, find_vma(e.mm, 0x3fffffff)->vm_start, 0x40000000);
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, 0x3fffffff) == NULL);
	KTEST_EXPECT_EQ(t, vma_lookup(e.mm, 0x40001fff)->vm_start, 0x40001000);
	KTEST_EXPECT_TRUE(t, find_vma(e.mm, base) == NULL);
	mm_test_end(t, &e);
}

static void test_mmap_fixed_replace_and_remerge(struct ktest *t)
{
	const unsigned long a = 0x50000000;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, mm_map(a, 3 * P, RW, ANON_PRIV | MAP_FIXED), a);
	KTEST_EXPECT_EQ(t, mm_map(a + P, P, PROT_READ, ANON_PRIV | MAP_FIXED), a + P);
	{
		static const struct exp_vma x[] = {
			{ a, a + P, VM_READ | VM_WRITE },
			{ a + P, a + 2 * P, VM_READ },
			{ a + 2 * P, a + 3 * P, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 3);
	}
	/* Mapping the middle back rw joins all three (vma_expand over next). */
	KTEST_EXPECT_EQ(t, mm_map(a + P, P, RW, ANON_PRIV | MAP_FIXED), a + P);
	{
		static const struct exp_vma x[] = { { a, a + 3 * P, VM_READ | VM_WRITE } };
		expect_layout(t, e.mm, x, 1);
	}
	/* Adjacent above only: the new range joins next from below. */
	KTEST_EXPECT_EQ(t, mm_map(a - P, P, RW, ANON_PRIV | MAP_FIXED_NOREPLACE), a - P);
	KTEST_EXPECT_EQ(t, mm_map(a + 3 * P, P, RW, ANON_PRIV | MAP_FIXED_NOREPLACE), a + 3 * P);
	{
		static const struct exp_vma x[] = { { a - P, a + 4 * P, VM_READ | VM_WRITE } };
		expect_layout(t, e.mm, x, 1);
		KTEST_EXPECT_EQ(t, vma_lookup(e.mm, a)->vm_pgoff, (a - P) >> PAGE_SHIFT);
	}
	/* A fixed mapping over several VMAs replaces them all. */
	KTEST_EXPECT_EQ(t, mm_map(a + 6 * P, P, PROT_READ, ANON_PRIV | MAP_FIXED), a + 6 * P);
	KTEST_EXPECT_EQ(t, mm_map(a, 8 * P, PROT_EXEC, ANON_PRIV | MAP_FIXED), a);
	{
		static const struct exp_vma x[] = {
			{ a - P, a, VM_READ | VM_WRITE },
			{ a, a + 8 * P, VM_EXEC },
		};
		expect_layout(t, e.mm, x, 2);
	}
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 9);
	mm_test_end(t, &e);
}

static void test_munmap(struct ktest *t)
{
	const unsigned long a = 0x60000000;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, mm_map(a, 8 * P, RW, ANON_PRIV | MAP_FIXED), a);
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, a + 1, P), -EINVAL);
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, a, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, TASK_SIZE, P), -EINVAL);
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, TASK_SIZE - P, 2 * P), -EINVAL);
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, 0x70000000, P), 0);	/* a hole */
	/* A hole in the middle needs one more VMA: refused at the limit. */
	e.mm->map_count = sysctl_max_map_count;
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, a + 2 * P, P), -ENOMEM);
	e.mm->map_count = 1;
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, a + 2 * P, 1), 0);	/* rounds up to a page */
	{
		static const struct exp_vma x[] = {
			{ a, a + 2 * P, VM_READ | VM_WRITE },
			{ a + 3 * P, a + 8 * P, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 2);
		KTEST_EXPECT_EQ(t, vma_lookup(e.mm, a + 3 * P)->vm_pgoff, (a + 3 * P) >> PAGE_SHIFT);
	}
	/* Across the hole, trimming both sides. */
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, a + P, 4 * P), 0);
	{
		static const struct exp_vma x[] = {
			{ a, a + P, VM_READ | VM_WRITE },
			{ a + 5 * P, a + 8 * P, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 2);
	}
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 4);
	KTEST_EXPECT_EQ(t, do_vmi_munmap(e.mm, 0x1000, a + 16 * P), 0);	/* everything */
	expect_layout(t, e.mm, NULL, 0);
	KTEST_EXPECT_EQ(t, e.mm->total_vm, 0);
	KTEST_EXPECT_EQ(t, e.mm->data_vm, 0);
	mm_test_end(t, &e);
}

static void test_mprotect(struct ktest *t)
{
	const unsigned long a = 0x70000000;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, mm_map(a, 4 * P, RW, ANON_PRIV | MAP_FIXED), a);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 1, P, PROT_READ, -1), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, P, 0x10, -1), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, P, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP, -1),
			-EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, P, PROT_READ | PROT_GROWSDOWN, -1), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, 0, PROT_READ, -1), 0);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, -P, PROT_READ, -1), -ENOMEM);	/* wraps */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a - P, 2 * P, PROT_READ, -1), -ENOMEM);	/* hole first */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(0x10000, P, PROT_READ, -1), -ENOMEM);
	/* Middle page: split into three. */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + P, P, PROT_READ, -1), 0);
	{
		static const struct exp_vma x[] = {
			{ a, a + P, VM_READ | VM_WRITE },
			{ a + P, a + 2 * P, VM_READ },
			{ a + 2 * P, a + 4 * P, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 3);
	}
	/* The next page too: joins the read-only piece (merge with prev). */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 2 * P, P, PROT_READ, -1), 0);
	{
		static const struct exp_vma x[] = {
			{ a, a + P, VM_READ | VM_WRITE },
			{ a + P, a + 3 * P, VM_READ },
			{ a + 3 * P, a + 4 * P, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 3);
	}
	/* Back to rw over the whole range: one VMA again. */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + P, 2 * P, RW, -1), 0);
	{
		static const struct exp_vma x[] = { { a, a + 4 * P, VM_READ | VM_WRITE } };
		expect_layout(t, e.mm, x, 1);
	}
	/* The last page, then the first: merge with next / split below. */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 3 * P, P, PROT_NONE, -1), 0);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 2 * P, P, PROT_NONE, -1), 0);
	{
		static const struct exp_vma x[] = {
			{ a, a + 2 * P, VM_READ | VM_WRITE },
			{ a + 2 * P, a + 4 * P, 0 },
		};
		expect_layout(t, e.mm, x, 2);
	}
	/* A hole past the first VMA: the first is changed anyway, then ENOMEM. */
	KTEST_EXPECT_EQ(t, mm_map(a + 5 * P, P, RW, ANON_PRIV | MAP_FIXED), a + 5 * P);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 2 * P, 4 * P, PROT_READ, -1), -ENOMEM);
	{
		static const struct exp_vma x[] = {
			{ a, a + 2 * P, VM_READ | VM_WRITE },
			{ a + 2 * P, a + 4 * P, VM_READ },
			{ a + 5 * P, a + 6 * P, VM_READ | VM_WRITE },
		};
		expect_layout(t, e.mm, x, 3);
	}
	/* Beyond VM_MAY*: EACCES, nothing changed. */
	vma_lookup(e.mm, a + 5 * P)->vm_flags &= ~VM_MAYEXEC;
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 5 * P, P, PROT_EXEC, -1), -EACCES);
	KTEST_EXPECT_EQ(t, vma_lookup(e.mm, a + 5 * P)->vm_flags & VM_ACCESS_FLAGS,
			VM_READ | VM_WRITE);
	/* A split at the map-count limit is refused. */
	e.mm->map_count = sysctl_max_map_count;
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, P, PROT_READ, -1), -ENOMEM);
	e.mm->map_count = 3;
	mm_test_end(t, &e);
}

static void test_mprotect_account_blocks_merge(struct ktest *t)
{
	const unsigned long a = 0x71000000;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	/*
	 * rw memory is VM_ACCOUNT; once faulted (it has an anon_vma) it stays
	 * so after mprotect(r): no merge with fresh r.
	 */
	KTEST_EXPECT_EQ(t, mm_map(a, P, RW, ANON_PRIV | MAP_FIXED), a);
	KTEST_EXPECT_EQ(t, mm_populate(e.mm, a, P), 0);
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, a)->anon_vma != NULL);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a, P, PROT_READ, -1), 0);
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, a)->vm_flags & VM_ACCOUNT);
	KTEST_EXPECT_EQ(t, mm_map(a + P, P, PROT_READ, ANON_PRIV | MAP_FIXED), a + P);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 2);
	/*
	 * Made writable, the second gets VM_ACCOUNT too; faulted, it borrows
	 * the first's anon_vma (they differ only in access bits); then both
	 * match.
	 */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + P, P, RW, -1), 0);
	KTEST_EXPECT_EQ(t, mm_populate(e.mm, a + P, P), 0);
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, a + P)->anon_vma == vma_lookup(e.mm, a)->anon_vma);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + P, P, PROT_READ, -1), 0);
	{
		static const struct exp_vma x[] = { { a, a + 2 * P, VM_READ } };
		expect_layout(t, e.mm, x, 1);
	}
	/* Never faulted, rw loses VM_ACCOUNT with write (Linux 6.x) and merges with r. */
	KTEST_EXPECT_EQ(t, mm_map(a + 3 * P, P, PROT_READ, ANON_PRIV | MAP_FIXED), a + 3 * P);
	KTEST_EXPECT_EQ(t, mm_map(a + 4 * P, P, RW, ANON_PRIV | MAP_FIXED), a + 4 * P);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + 4 * P, P, PROT_READ, -1), 0);
	{
		static const struct exp_vma x[] = {
			{ a, a + 2 * P, VM_READ },
			{ a + 3 * P, a + 5 * P, VM_READ },
		};
		expect_layout(t, e.mm, x, 2);
	}
	KTEST_EXPECT_FALSE(t, vma_lookup(e.mm, a + 3 * P)->vm_flags & VM_ACCOUNT);
	mm_test_end(t, &e);
}

/*
 * anon_vma: VMAs faulted separately have their own and never merge; a
 * fresh (unfaulted) range joins the one before, not both; split pieces
 * share one; fork gives the child's VMAs their own, children of the
 * parent's, and such a VMA takes in no unfaulted neighbour.
 */
static void test_anon_vma_merge(struct ktest *t)
{
	const unsigned long a = 0x72000000;
	struct vm_area_struct *v0, *v2, *cv;
	struct mm_struct *child;
	struct mm_test_env e;

	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, mm_map(a, P, RW, ANON_PRIV | MAP_FIXED), a);
	KTEST_EXPECT_EQ(t, mm_populate(e.mm, a, P), 0);
	KTEST_EXPECT_EQ(t, mm_map(a + 2 * P, P, RW, ANON_PRIV | MAP_FIXED), a + 2 * P);
	KTEST_EXPECT_EQ(t, mm_populate(e.mm, a + 2 * P, P), 0);
	v0 = vma_lookup(e.mm, a);
	v2 = vma_lookup(e.mm, a + 2 * P);
	KTEST_ASSERT_TRUE(t, v0 && v2 && v0->anon_vma && v2->anon_vma);
	KTEST_EXPECT_TRUE(t, v0->anon_vma != v2->anon_vma);
	/* Reading maps the zero page: no anon_vma. */
	KTEST_EXPECT_EQ(t, mm_map(a + 8 * P, P, PROT_READ, ANON_PRIV | MAP_FIXED), a + 8 * P);
	KTEST_EXPECT_EQ(t, mm_populate(e.mm, a + 8 * P, P), 0);
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, a + 8 * P)->anon_vma == NULL);
	/* The hole filled: joins the first only. */
	KTEST_EXPECT_EQ(t, mm_map(a + P, P, RW, ANON_PRIV | MAP_FIXED), a + P);
	{
		static const struct exp_vma x[] = {
			{ a, a + 2 * P, VM_READ | VM_WRITE },
			{ a + 2 * P, a + 3 * P, VM_READ | VM_WRITE },
			{ a + 8 * P, a + 9 * P, VM_READ },
		};
		expect_layout(t, e.mm, x, 3);
	}
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, a + P)->anon_vma == v0->anon_vma);
	/* Split pieces share it, and merge again. */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + P, P, PROT_READ, -1), 0);
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, a + P)->anon_vma == vma_lookup(e.mm, a)->anon_vma);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(a + P, P, RW, -1), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 3);
	/* fork: the child's VMA has its own anon_vma, a child of the parent's. */
	child = dup_mm(e.mm);
	KTEST_ASSERT_TRUE(t, !IS_ERR_VALUE((unsigned long)child));
	cv = vma_lookup(child, a);
	KTEST_ASSERT_TRUE(t, cv != NULL && cv->anon_vma != NULL);
	KTEST_EXPECT_TRUE(t, cv->anon_vma != vma_lookup(e.mm, a)->anon_vma);
	KTEST_EXPECT_TRUE(t, cv->anon_vma->parent == vma_lookup(e.mm, a)->anon_vma);
	KTEST_EXPECT_TRUE(t, vma_lookup(child, a + 8 * P)->anon_vma == NULL);
	use_mm(child);
	/* A forked VMA takes in no unfaulted neighbour (vma_had_uncowed_parents). */
	KTEST_EXPECT_EQ(t, mm_map(a + 3 * P, P, RW, ANON_PRIV | MAP_FIXED), a + 3 * P);
	KTEST_EXPECT_EQ(t, child->map_count, 4);
	use_mm(e.mm);
	mmput(child);
	mm_test_end(t, &e);
}

static void test_brk(struct ktest *t)
{
	struct mm_test_env e;
	unsigned long b0;

	if (!mm_test_begin(t, &e, false))
		return;
	b0 = e.mm->start_brk;
	KTEST_EXPECT_EQ(t, sys_brk(0), b0);
	KTEST_EXPECT_EQ(t, sys_brk(b0 + 100), b0 + 100);
	KTEST_EXPECT_EQ(t, sys_brk(b0 + 3 * P), b0 + 3 * P);
	{
		const struct exp_vma x[] = { { b0, b0 + 3 * P, VM_READ | VM_WRITE } };
		expect_layout(t, e.mm, x, 1);
	}
	KTEST_EXPECT_EQ(t, sys_brk(b0 + 5 * P), b0 + 5 * P);	/* merges */
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	KTEST_EXPECT_EQ(t, sys_brk(b0 + P + 1), b0 + P + 1);	/* shrinks */
	{
		const struct exp_vma x[] = { { b0, b0 + 2 * P, VM_READ | VM_WRITE } };
		expect_layout(t, e.mm, x, 1);
	}
	KTEST_EXPECT_EQ(t, sys_brk(b0 - P), b0 + P + 1);	/* below start: unchanged */
	/* A mapping 4 pages up: brk may come within one page of it, no closer. */
	KTEST_EXPECT_EQ(t, mm_map(b0 + 6 * P, P, PROT_READ, ANON_PRIV | MAP_FIXED), b0 + 6 * P);
	KTEST_EXPECT_EQ(t, sys_brk(b0 + 6 * P), b0 + P + 1);
	KTEST_EXPECT_EQ(t, sys_brk(b0 + 5 * P), b0 + 5 * P);
	KTEST_EXPECT_EQ(t, sys_brk(-P), b0 + 5 * P);
	{
		const struct exp_vma x[] = {
			{ b0, b0 + 5 * P, VM_READ | VM_WRITE },
			{ b0 + 6 * P, b0 + 7 * P, VM_READ },
		};
		expect_layout(t, e.mm, x, 2);
	}
	KTEST_EXPECT_EQ(t, sys_brk(b0), b0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 1);
	mm_test_end(t, &e);
}

static void test_guard_gap_and_split(struct ktest *t)
{
	const unsigned long s = 0x80000000;
	struct vm_area_struct *vma;
	struct mm_test_env e;
	long a;

	if (!mm_test_begin(t, &e, false))
		return;
	/* A growing-down VMA right at mmap_base keeps stack_guard_gap free below it. */
	a = mm_map(e.mm->mmap_base - P, P, RW, ANON_PRIV | MAP_GROWSDOWN | MAP_FIXED);
	KTEST_EXPECT_EQ(t, a, e.mm->mmap_base - P);
	KTEST_EXPECT_EQ(t, mm_map(0, P, RW, ANON_PRIV), e.mm->mmap_base - P - stack_guard_gap - P);
	/* split_vma directly, both ways, and its argument checks. */
	KTEST_EXPECT_EQ(t, mm_map(s, 4 * P, RW, ANON_PRIV | MAP_FIXED), s);
	vma = vma_lookup(e.mm, s);
	KTEST_EXPECT_EQ(t, split_vma(vma, s, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, split_vma(vma, s + 4 * P, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, split_vma(vma, s + 2 * P, 0), 0);
	KTEST_EXPECT_EQ(t, vma->vm_end, s + 2 * P);
	KTEST_EXPECT_EQ(t, split_vma(vma, s + P, 1), 0);
	KTEST_EXPECT_EQ(t, vma->vm_start, s + P);
	KTEST_EXPECT_EQ(t, vma->vm_pgoff, (s + P) >> PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, vma_lookup(e.mm, s + 3 * P)->vm_pgoff, (s + 2 * P) >> PAGE_SHIFT);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 5);
	/* mprotect to the same flags changes nothing, and they stay split. */
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(s, 4 * P, RW, -1), 0);
	KTEST_EXPECT_EQ(t, e.mm->map_count, 5);
	mm_test_end(t, &e);
}

static void test_mm_lifecycle(struct ktest *t)
{
	unsigned long vmas = nr_vm_areas;
	struct mm_struct *old = current_mm, *mm = mm_new_with_stack();
	int i;

	KTEST_ASSERT_TRUE(t, mm != NULL);
	KTEST_EXPECT_EQ(t, mm->map_count, 1);
	KTEST_EXPECT_TRUE(t, mm_find_by_id(mm->id) == mm);
	use_mm(mm);
	for (i = 0; i < 200; i++)	/* alternate flags: 200 separate VMAs, a taller tree */
		KTEST_EXPECT_TRUE(t, !IS_ERR_VALUE(mm_map(0, P, (i & 1) ? RW : PROT_READ,
							   ANON_PRIV)));
	KTEST_EXPECT_EQ(t, mm->map_count, 201);
	KTEST_EXPECT_EQ(t, mt_validate(&mm->mm_mt), 0);
	use_mm(old);
	i = mm->id;
	mmput(mm);
	KTEST_EXPECT_TRUE(t, mm_find_by_id(i) == NULL);
	KTEST_EXPECT_EQ(t, nr_vm_areas, vmas);
}

static const struct ktest_case vma_cases[] = {
	KTEST_CASE(test_mmap_errnos),
	KTEST_CASE(test_mmap_topdown_merge),
	KTEST_CASE(test_mmap_fixed_replace_and_remerge),
	KTEST_CASE(test_munmap),
	KTEST_CASE(test_mprotect),
	KTEST_CASE(test_mprotect_account_blocks_merge),
	KTEST_CASE(test_anon_vma_merge),
	KTEST_CASE(test_brk),
	KTEST_CASE(test_guard_gap_and_split),
	KTEST_CASE(test_mm_lifecycle),
	{}
};
KTEST_SUITE(vma, vma_cases);

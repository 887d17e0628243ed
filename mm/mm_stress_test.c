// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized stress of the address-space code against a reference model
 * (ktest suite "mm_stress").
 *
 * Several address spaces take long random sequences (fixed seeds) of
 * mmap(MAP_FIXED), munmap, mprotect, brk, fork (dup_mm) and user reads and
 * writes through the accessors (so the real fault path runs). The model is
 * an array of pages per address space: the VM_* flags of each page (0:
 * unmapped) and the 8-byte value last written at a fixed offset in it.
 * After every step:
 *   - the VMA tree equals the model's VMAs (maximal runs of pages with the
 *     same flags: anonymous private VMAs always merge when they can),
 *     and mt_validate() passes;
 *   - a read returns what was last written there or zero, a refused access
 *     reports SEGV_MAPERR (no VMA) or SEGV_ACCERR (VMA forbids it).
 * At the end, after mmput() of everything, free pages, NR_PAGETABLE and
 * the vm_area_struct / mm_struct / maple_node objects are back exactly.
 *
 * Layout of each address space (pages from 0x400000, the initial break):
 *   [0, HEAP_PAGES)       the heap, moved by brk
 *   [WIN_FIRST, NPAGES)   the window mmap/munmap/mprotect work in; the gap
 *                         between keeps the heap clear of other mappings
 */
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/maple_tree.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/prandom.h>
#include <arbor/signal.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <asm/uaccess.h>

#define NR_AS		3
#define BASE		0x400000UL
#define HEAP_PAGES	24
#define WIN_FIRST	32
#define NPAGES		96
#define STEPS		1500
#define VAL_OFF(p)	(((p) * 72) & (PAGE_SIZE - 8))

#define VM_MAY_ALL	(VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)

struct model {
	vm_flags_t flags[NPAGES];
	u64 val[NPAGES];
	unsigned long brk;
};

struct stress {
	struct ktest *t;
	u64 seed;
	struct mm_struct *mm[NR_AS];
	struct model m[NR_AS];
	unsigned long step;
	bool failed;
};

static unsigned long page_addr(unsigned long p)
{
	return BASE + p * PAGE_SIZE;
}

static u64 rnd(struct stress *s, u64 n)
{
	return prandom_u64_state(&s->seed) % n;
}

static vm_flags_t prot_flags(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* Report the first mismatch of a run only: the rest would follow from it. */
#define STRESS_CHECK(s, cond, fmt, ...)						\
	do {									\
		if (!(cond) && !(s)->failed) {					\
			(s)->failed = true;					\
			ktest_fail((s)->t, __FILE__, __LINE__, "step %lu: " fmt, \
				   (s)->step, ##__VA_ARGS__);			\
		}								\
	} while (0)

/* The tree against the model: maximal runs of equal flags are the VMAs. */
static void check_tree(struct stress *s, int i)
{
	struct mm_struct *mm = s->mm[i];
	struct model *m = &s->m[i];
	struct vm_area_struct *vma;
	unsigned long idx = 0, p = 0;
	int n = 0;

	STRESS_CHECK(s, mt_validate(&mm->mm_mt) == 0, "mt_validate failed in as %d", i);
	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX) {
		unsigned long start;

		while (p < NPAGES && !m->flags[p])
			p++;
		start = p;
		while (p < NPAGES && m->flags[p] == m->flags[start])
			p++;
		STRESS_CHECK(s, start < NPAGES && vma->vm_start == page_addr(start) &&
			     vma->vm_end == page_addr(p) && vma->vm_flags == m->flags[start],
			     "as %d: VMA %#lx-%#lx flags %#lx, model page %lu-%lu flags %#lx",
			     i, vma->vm_start, vma->vm_end, vma->vm_flags, start, p,
			     start < NPAGES ? m->flags[start] : 0);
		n++;
	}
	while (p < NPAGES && !m->flags[p])
		p++;
	STRESS_CHECK(s, p == NPAGES, "as %d: model page %lu mapped but no VMA", i, p);
	STRESS_CHECK(s, mm->map_count == n, "as %d: map_count %d, %d VMAs", i, mm->map_count, n);
}

static void expect_fault(struct stress *s, int i, unsigned long p, int code)
{
	struct uaccess_fault f;

	STRESS_CHECK(s, uaccess_last_fault(&f) && f.signo == SIGSEGV && f.code == code,
		     "as %d page %lu: expected SIGSEGV code %d", i, p, code);
}

/* A user read or write of page @p's tracked word. */
static void op_touch(struct stress *s, int i, bool write)
{
	struct model *m = &s->m[i];
	unsigned long p = rnd(s, NPAGES);
	u64 __user *u = (u64 __user *)(page_addr(p) + VAL_OFF(p));
	vm_flags_t f = m->flags[p];
	bool ok = write ? (f & VM_WRITE) : (f & VM_ACCESS_FLAGS);
	int code = f ? SEGV_ACCERR : SEGV_MAPERR;
	u64 v = prandom_u64_state(&s->seed) | 1;
	int err;

	uaccess_fault_clear();
	if (write) {
		err = put_user(v, u);
		if (!err)
			m->val[p] = v;
	} else {
		err = get_user(v, u);
		STRESS_CHECK(s, err || v == m->val[p], "as %d page %lu: read %#llx, wrote %#llx",
			     i, p, (unsigned long long)v, (unsigned long long)m->val[p]);
	}
	STRESS_CHECK(s, !err == ok, "as %d page %lu: %s gave %d, flags %#lx", i, p,
		     write ? "write" : "read", err, f);
	if (err && !ok)
		expect_fault(s, i, p, code);
}

static unsigned long rnd_prot(struct stress *s)
{
	static const unsigned long prots[] = {
		PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
		PROT_READ | PROT_EXEC, PROT_WRITE,
	};

	return prots[rnd(s, ARRAY_SIZE(prots))];
}

static void op_mmap(struct stress *s, int i)
{
	struct model *m = &s->m[i];
	unsigned long p = WIN_FIRST + rnd(s, NPAGES - WIN_FIRST);
	unsigned long n = 1 + rnd(s, min(8UL, NPAGES - p));
	unsigned long prot = rnd_prot(s);
	vm_flags_t f = prot_flags(prot) | VM_MAY_ALL;
	long ret;

	if (f & VM_WRITE)
		f |= VM_ACCOUNT;
	ret = vm_mmap(page_addr(p), n * PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED);
	STRESS_CHECK(s, ret == (long)page_addr(p), "as %d: mmap at page %lu gave %ld", i, p, ret);
	for (unsigned long k = p; k < p + n; k++) {
		m->flags[k] = f;
		m->val[k] = 0;
	}
}

static void op_munmap(struct stress *s, int i)
{
	struct model *m = &s->m[i];
	unsigned long p = WIN_FIRST + rnd(s, NPAGES - WIN_FIRST);
	unsigned long n = 1 + rnd(s, min(12UL, NPAGES - p));
	int ret = do_munmap(s->mm[i], page_addr(p), n * PAGE_SIZE);

	STRESS_CHECK(s, ret == 0, "as %d: munmap gave %d", i, ret);
	for (unsigned long k = p; k < p + n; k++) {
		m->flags[k] = 0;
		m->val[k] = 0;
	}
}

/* Linux: VMAs are changed in order until a hole, which makes it -ENOMEM. */
static void op_mprotect(struct stress *s, int i)
{
	struct model *m = &s->m[i];
	unsigned long p = WIN_FIRST + rnd(s, NPAGES - WIN_FIRST);
	unsigned long n = 1 + rnd(s, min(12UL, NPAGES - p));
	unsigned long prot = rnd_prot(s), k;
	int ret = do_mprotect_pkey(page_addr(p), n * PAGE_SIZE, prot, -1);
	int want = 0;

	for (k = p; k < p + n; k++) {
		vm_flags_t old = m->flags[k], f;

		if (!old) {
			want = -ENOMEM;
			break;
		}
		f = (old & ~VM_ACCESS_FLAGS) | prot_flags(prot);
		if ((f & VM_WRITE) && !(old & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
			f |= VM_ACCOUNT;
		m->flags[k] = f;
	}
	STRESS_CHECK(s, ret == want, "as %d: mprotect pages %lu+%lu gave %d, want %d", i, p, n,
		     ret, want);
}

static void op_brk(struct stress *s, int i)
{
	struct model *m = &s->m[i];
	unsigned long want = BASE + rnd(s, HEAP_PAGES * PAGE_SIZE);
	unsigned long old_end = PAGE_ALIGN(m->brk) >> PAGE_SHIFT, new_end, got;

	got = sys_brk(want);
	STRESS_CHECK(s, got == want, "as %d: brk(%#lx) gave %#lx", i, want, got);
	m->brk = want;
	new_end = (PAGE_ALIGN(want) - BASE) >> PAGE_SHIFT;
	old_end -= BASE >> PAGE_SHIFT;
	for (unsigned long k = new_end; k < old_end; k++) {
		m->flags[k] = 0;
		m->val[k] = 0;
	}
	for (unsigned long k = old_end; k < new_end; k++)
		m->flags[k] = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;
}

/* fork: address space @j is replaced by a child of @i. */
static void op_fork(struct stress *s, int i)
{
	int j = (i + 1 + (int)rnd(s, NR_AS - 1)) % NR_AS;
	struct mm_struct *child = dup_mm(s->mm[i]);

	STRESS_CHECK(s, !IS_ERR_VALUE((unsigned long)child), "as %d: dup_mm failed", i);
	if (IS_ERR_VALUE((unsigned long)child))
		return;
	mmput(s->mm[j]);
	s->mm[j] = child;
	s->m[j] = s->m[i];
}

static void stress_run(struct ktest *t, u64 seed)
{
	struct mm_struct *prev = current_mm;
	struct stress *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int i;

	KTEST_ASSERT_TRUE(t, s != NULL);
	s->t = t;
	s->seed = seed;
	for (i = 0; i < NR_AS; i++) {
		s->mm[i] = mm_alloc();
		if (!s->mm[i])
			goto out;
		s->m[i].brk = s->mm[i]->brk;
		KTEST_EXPECT_EQ(t, s->m[i].brk, BASE);
	}
	for (s->step = 0; s->step < STEPS && !s->failed; s->step++) {
		unsigned int op = rnd(s, 100);

		i = rnd(s, NR_AS);
		use_mm(s->mm[i]);
		if (op < 30)
			op_touch(s, i, op < 15);
		else if (op < 48)
			op_mmap(s, i);
		else if (op < 62)
			op_munmap(s, i);
		else if (op < 82)
			op_mprotect(s, i);
		else if (op < 96)
			op_brk(s, i);
		else
			op_fork(s, i);
		for (int k = 0; k < NR_AS; k++)
			check_tree(s, k);
	}
out:
	use_mm(prev);
	for (i = 0; i < NR_AS; i++)
		if (s->mm[i])
			mmput(s->mm[i]);
	kfree(s);
}

static const char *const counted_caches[] = { "vm_area_struct", "mm_struct", "maple_node" };

struct snapshot {
	long free, pagetable;
	unsigned long vmas;
	unsigned long objs[ARRAY_SIZE(counted_caches)];
};

static void snapshot(struct snapshot *snap)
{
	for (unsigned int c = 0; c < ARRAY_SIZE(counted_caches); c++) {
		struct kmem_cache *kc = kmem_cache_find(counted_caches[c]);
		struct slab_cache_info info = {};

		if (kc) {
			kmem_cache_get_info(kc, &info);
			kmem_cache_shrink(kc);
		}
		snap->objs[c] = info.active_objs;
	}
	drain_local_pages();
	snap->free = global_vm_stat(NR_FREE_PAGES);
	snap->pagetable = global_vm_stat(NR_PAGETABLE);
	snap->vmas = nr_vm_areas;
}

static void stress_seed(struct ktest *t, u64 seed)
{
	struct snapshot before, after;

	/* The caches exist from here on: a first run may create them. */
	stress_run(t, seed ^ 0xabcdef);
	snapshot(&before);
	stress_run(t, seed);
	snapshot(&after);
	KTEST_EXPECT_EQ(t, after.vmas, before.vmas);
	KTEST_EXPECT_EQ(t, after.pagetable, before.pagetable);
	for (unsigned int c = 0; c < ARRAY_SIZE(counted_caches); c++)
		KTEST_EXPECT_EQ(t, after.objs[c], before.objs[c]);
	KTEST_EXPECT_EQ(t, after.free, before.free);
}

static void test_stress_seed1(struct ktest *t)
{
	stress_seed(t, 0x243f6a8885a308d3ULL);
}

static void test_stress_seed2(struct ktest *t)
{
	stress_seed(t, 0x13198a2e03707344ULL);
}

static void test_stress_seed3(struct ktest *t)
{
	stress_seed(t, 0xa4093822299f31d0ULL);
}

static struct ktest_case mm_stress_cases[] = {
	KTEST_CASE(test_stress_seed1),
	KTEST_CASE(test_stress_seed2),
	KTEST_CASE(test_stress_seed3),
	{}
};
KTEST_SUITE(mm_stress, mm_stress_cases);

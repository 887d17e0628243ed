// SPDX-License-Identifier: GPL-2.0
/*
 * Randomized stress of the address-space code against a reference model
 * (ktest suite "mm_stress").
 *
 * Several address spaces take long random sequences (fixed seeds) of
 * mmap(MAP_FIXED), munmap, mprotect, brk, fork (dup_mm), mremap (shrink,
 * grow in place, move with MREMAP_MAYMOVE, MREMAP_FIXED, MREMAP_DONTUNMAP),
 * madvise(MADV_DONTNEED), mlock/mlock2(MLOCK_ONFAULT)/munlock and user
 * reads and writes through the accessors (so the real fault path runs).
 * The model is an array of pages per address space: the VM_* flags of each
 * page (0: unmapped), its page offset (vm_pgoff of the page: the address
 * for new anonymous memory, kept by a move), the 8-byte value last
 * written at a fixed offset in it and its VMA's anon_vma (a number, 0:
 * none yet, AV_CHILD: made by fork; see model_anon_prepare/model_settle).
 * After every step:
 *   - the VMA tree equals the model's VMAs (maximal runs of pages with the
 *     same flags, consecutive page offsets and the same anon_vma:
 *     anonymous private VMAs always merge when they can), every VMA's
 *     anon_vma is the one the model gives (the same number, the same
 *     anon_vma), mt_validate() passes, and locked_vm counts the VM_LOCKED
 *     pages;
 *   - a read returns what was last written there or zero, a refused access
 *     reports SEGV_MAPERR (no VMA) or SEGV_ACCERR (VMA forbids it).
 * At the end, after mmput() of everything, free pages, NR_PAGETABLE and
 * the vm_area_struct / mm_struct / maple_node / anon_vma objects are back
 * exactly.
 *
 * Layout of each address space (pages from 0x400000, the initial break):
 *   [0, HEAP_PAGES)       the heap, moved by brk
 *   [WIN_FIRST, NPAGES)   the window mmap/munmap/mprotect/mremap work in; the
 *                         gap between keeps the heap clear of other mappings
 * (madvise and mlock work anywhere in [0, NPAGES)). An mremap that moves
 * without MREMAP_FIXED lands outside the model (top-down from mmap_base):
 * the moved pages are checked there and unmapped.
 */
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/maple_tree.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/prandom.h>
#include <arbor/rmap.h>
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
/* A model anon_vma made by fork (its VMA "had uncowed parents"). */
#define AV_CHILD	(1UL << 63)

struct model {
	vm_flags_t flags[NPAGES];
	unsigned long pgoff[NPAGES];
	u64 val[NPAGES];
	unsigned long av[NPAGES];
	unsigned long brk;
};

struct stress {
	struct ktest *t;
	u64 seed;
	struct mm_struct *mm[NR_AS];
	struct model m[NR_AS];
	unsigned long step;
	unsigned long last_av;
	unsigned int op;	/* the step's operation (stress_run's dice), for reports */
	bool failed;
};

static unsigned long page_addr(unsigned long p)
{
	return BASE + p * PAGE_SIZE;
}

/* The page offset of new private anonymous memory at page @p: its address. */
static unsigned long lin_pgoff(unsigned long p)
{
	return page_addr(p) >> PAGE_SHIFT;
}

/* Pages @p - 1 and @p could be one VMA but for anon_vma (same flags, offsets in sequence). */
static bool same_attrs(const struct model *m, unsigned long p)
{
	return m->flags[p] && m->flags[p] == m->flags[p - 1] && m->pgoff[p] == m->pgoff[p - 1] + 1;
}

/* Pages @p - 1 and @p are in one VMA. */
static bool same_vma(const struct model *m, unsigned long p)
{
	return same_attrs(m, p) && m->av[p] == m->av[p - 1];
}

/* The model's VMA holding the mapped page @p: pages [*a, *b). */
static void model_vma(const struct model *m, unsigned long p, unsigned long *a, unsigned long *b)
{
	*a = p;
	while (*a > 0 && same_vma(m, *a))
		(*a)--;
	*b = p + 1;
	while (*b < NPAGES && same_vma(m, *b))
		(*b)++;
}

static void model_set_av(struct model *m, unsigned long a, unsigned long b, unsigned long av)
{
	for (unsigned long k = a; k < b; k++)
		m->av[k] = av;
}

/*
 * Merges with anon_vma (is_mergeable_anon_vma): a VMA without one that
 * now lies next to one it matches joins it, the one before first, unless
 * that one's anon_vma is a forked child's; the merged VMA keeps the
 * anon_vma. Every operation that can bring VMAs together (mmap, brk,
 * mprotect, mlock, mremap) merges so, and VMAs that both have one merge
 * only when it is the same (equal numbers: already one run).
 */
static void model_settle(struct model *m)
{
	for (unsigned long p = 0, e; p < NPAGES; p = e) {
		e = p + 1;
		if (!m->flags[p] || m->av[p])
			continue;
		while (e < NPAGES && same_vma(m, e))
			e++;
		if (p > 0 && same_attrs(m, p) && !(m->av[p - 1] & AV_CHILD))
			model_set_av(m, p, e, m->av[p - 1]);
		else if (e < NPAGES && same_attrs(m, e) && m->av[e] && !(m->av[e] & AV_CHILD))
			model_set_av(m, p, e, m->av[e]);
	}
}

/*
 * anon_vma_prepare() for the VMA of page @p when a private page is
 * allocated in it: a neighbour that differs only in access bits lends its
 * anon_vma (not a forked child's; the next VMA first), else a new one.
 */
static void model_anon_prepare(struct stress *s, struct model *m, unsigned long p)
{
	unsigned long a, b, av = 0;

	if (m->av[p])
		return;
	model_vma(m, p, &a, &b);
#define LENDS(x, y)	(m->flags[x] && m->flags[y] &&						\
			 !((m->flags[x] ^ m->flags[y]) & ~VM_ACCESS_FLAGS) &&			\
			 m->pgoff[y] == m->pgoff[x] + 1)
	if (b < NPAGES && LENDS(b - 1, b) && m->av[b] && !(m->av[b] & AV_CHILD))
		av = m->av[b];
	else if (a > 0 && LENDS(a - 1, a) && m->av[a - 1] && !(m->av[a - 1] & AV_CHILD))
		av = m->av[a - 1];
#undef LENDS
	model_set_av(m, a, b, av ? av : ++s->last_av);
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
			ktest_fail((s)->t, __FILE__, __LINE__, "step %lu (op %u): " fmt, \
				   (s)->step, (s)->op, ##__VA_ARGS__);		\
		}								\
	} while (0)

/*
 * @vma's anon_vma against the model's number @av: none for 0; for a
 * number, the same anon_vma wherever it was seen in this check (av_seen),
 * a forked child's exactly for AV_CHILD numbers.
 */
#define AV_SEEN_MAX	(NPAGES * NR_AS)
static struct { unsigned long av; struct anon_vma *p; } av_seen[AV_SEEN_MAX];
static unsigned int nr_av_seen;

static void check_anon_vma(struct stress *s, int i, struct vm_area_struct *vma, unsigned long av)
{
	unsigned int k;

	STRESS_CHECK(s, !av == !vma->anon_vma, "as %d: VMA %#lx-%#lx anon_vma %p, model %#lx", i,
		     vma->vm_start, vma->vm_end, vma->anon_vma, av);
	if (!av || !vma->anon_vma)
		return;
	STRESS_CHECK(s, !(av & AV_CHILD) == !anon_vma_has_parent(vma->anon_vma),
		     "as %d: VMA %#lx-%#lx anon_vma parent %p, model %#lx", i, vma->vm_start,
		     vma->vm_end, vma->anon_vma->parent, av);
	for (k = 0; k < nr_av_seen; k++) {
		STRESS_CHECK(s, (av_seen[k].av == av) == (av_seen[k].p == vma->anon_vma),
			     "as %d: VMA %#lx-%#lx anon_vma %p (model %#lx) vs %p (model %#lx)", i,
			     vma->vm_start, vma->vm_end, vma->anon_vma, av, av_seen[k].p,
			     av_seen[k].av);
		if (av_seen[k].av == av)
			return;
	}
	if (nr_av_seen < AV_SEEN_MAX)
		av_seen[nr_av_seen++] = (typeof(av_seen[0])){ av, vma->anon_vma };
}

/* The tree against the model: maximal runs of equal flags are the VMAs. */
static void check_tree(struct stress *s, int i)
{
	struct mm_struct *mm = s->mm[i];
	struct model *m = &s->m[i];
	struct vm_area_struct *vma;
	unsigned long idx = 0, p = 0, locked = 0;
	int n = 0;

	STRESS_CHECK(s, mt_validate(&mm->mm_mt) == 0, "mt_validate failed in as %d", i);
	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX) {
		unsigned long start;

		while (p < NPAGES && !m->flags[p])
			p++;
		start = p++;
		while (p < NPAGES && same_vma(m, p))
			p++;
		STRESS_CHECK(s, start < NPAGES && vma->vm_start == page_addr(start) &&
			     vma->vm_end == page_addr(p) && vma->vm_flags == m->flags[start] &&
			     vma->vm_pgoff == m->pgoff[start],
			     "as %d: VMA %#lx-%#lx flags %#lx pgoff %#lx, model page %lu-%lu flags %#lx pgoff %#lx",
			     i, vma->vm_start, vma->vm_end, vma->vm_flags, vma->vm_pgoff, start, p,
			     start < NPAGES ? m->flags[start] : 0, start < NPAGES ? m->pgoff[start] : 0);
		if (start < NPAGES)
			check_anon_vma(s, i, vma, m->av[start]);
		n++;
	}
	while (p < NPAGES && !m->flags[p])
		p++;
	STRESS_CHECK(s, p == NPAGES, "as %d: model page %lu mapped but no VMA", i, p);
	STRESS_CHECK(s, mm->map_count == n, "as %d: map_count %d, %d VMAs", i, mm->map_count, n);
	for (p = 0; p < NPAGES; p++)
		locked += !!(m->flags[p] & VM_LOCKED);
	STRESS_CHECK(s, mm->locked_vm == locked, "as %d: locked_vm %lu, model %lu", i,
		     mm->locked_vm, locked);
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
		if (!err) {
			m->val[p] = v;
			model_anon_prepare(s, m, p);
		}
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
		m->pgoff[k] = lin_pgoff(k);
		m->val[k] = 0;
		m->av[k] = 0;
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
		m->av[k] = 0;
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
		if (f == old)
			continue;
		if ((f & VM_WRITE) && !(old & (VM_ACCOUNT | VM_WRITE | VM_SHARED | VM_NORESERVE)))
			f |= VM_ACCOUNT;
		else if (!(f & VM_WRITE) && (old & VM_ACCOUNT) && !m->av[k])
			f &= ~VM_ACCOUNT;	/* never faulted: nothing stays charged */
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
		m->av[k] = 0;
	}
	for (unsigned long k = old_end; k < new_end; k++) {
		m->flags[k] = VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;
		m->pgoff[k] = lin_pgoff(k);
		m->av[k] = 0;
	}
}

static void model_clear(struct model *m, unsigned long p, unsigned long n)
{
	for (unsigned long k = p; k < p + n; k++) {
		m->flags[k] = 0;
		m->pgoff[k] = 0;
		m->val[k] = 0;
		m->av[k] = 0;
	}
}

static bool model_free(const struct model *m, unsigned long p, unsigned long n)
{
	for (unsigned long k = p; k < p + n; k++)
		if (m->flags[k])
			return false;
	return true;
}

/*
 * Pages [p, p + n) moved to @addr outside the model, grown to @new_n pages:
 * one VMA with their flags, their values there (the grown part zero);
 * then it is unmapped. @vals holds the values of the @n pages.
 */
static void check_moved_out(struct stress *s, int i, unsigned long addr, vm_flags_t f,
			    unsigned long p, unsigned long n, unsigned long new_n, const u64 *vals)
{
	struct vm_area_struct *vma = vma_lookup(s->mm[i], addr);
	int ret;

	STRESS_CHECK(s, addr < page_addr(0) || addr >= page_addr(NPAGES),
		     "as %d: mremap moved pages %lu+%lu into the window at %#lx", i, p, n, addr);
	STRESS_CHECK(s, vma && vma->vm_start == addr && vma->vm_end == addr + new_n * PAGE_SIZE &&
		     vma->vm_flags == f, "as %d: moved VMA at %#lx is not %lu pages of flags %#lx",
		     i, addr, new_n, f);
	for (unsigned long k = 0; k < new_n && (f & VM_ACCESS_FLAGS); k++) {
		unsigned long off = k < n ? VAL_OFF(p + k) : 0;
		u64 v = 1;

		STRESS_CHECK(s, !get_user(v, (u64 __user *)(addr + k * PAGE_SIZE + off)) &&
			     v == (k < n ? vals[k] : 0),
			     "as %d: moved page %lu (of page %lu) reads %#llx", i, k, p,
			     (unsigned long long)v);
	}
	ret = do_munmap(s->mm[i], addr, new_n * PAGE_SIZE);
	STRESS_CHECK(s, ret == 0, "as %d: munmap of the moved range gave %d", i, ret);
}

#define MREMAP_MAX	8

/*
 * mremap of part of one VMA in the window: shrink, grow (in place when the
 * range ends the VMA and the pages after are free, else moved with
 * MREMAP_MAYMOVE or -ENOMEM), a move to a fixed address in the window (the
 * target unmapped first, the source tail trimmed when shrinking), or
 * MREMAP_DONTUNMAP (the source stays mapped, empty and unlocked) to a
 * fixed or hinted address. Moved pages keep their page offset and values.
 */
static void op_mremap(struct stress *s, int i)
{
	struct model *m = &s->m[i];
	unsigned long p = WIN_FIRST + rnd(s, NPAGES - WIN_FIRST), a, b, n, new_n, q, k;
	unsigned int kind = rnd(s, 5);
	unsigned long flags = rnd(s, 2) ? MREMAP_MAYMOVE : 0, ret;
	u64 vals[MREMAP_MAX];
	unsigned long pgoff0, av0;
	vm_flags_t f;

	if (!m->flags[p]) {
		ret = do_mremap(page_addr(p), PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_MAYMOVE, 0);
		STRESS_CHECK(s, ret == (unsigned long)-EFAULT, "as %d: mremap of unmapped page %lu gave %ld",
			     i, p, (long)ret);
		return;
	}
	model_vma(m, p, &a, &b);
	n = 1 + rnd(s, min((unsigned long)MREMAP_MAX, b - p));
	f = m->flags[p];
	pgoff0 = m->pgoff[p];
	av0 = m->av[p];
	for (k = 0; k < n; k++)
		vals[k] = m->val[p + k];

	if (kind == 0) {
		/* Shrink (or keep the size): the tail goes, in place. */
		new_n = 1 + rnd(s, n);
		ret = do_mremap(page_addr(p), n * PAGE_SIZE, new_n * PAGE_SIZE, flags, 0);
		STRESS_CHECK(s, ret == page_addr(p), "as %d: mremap shrink %lu+%lu to %lu gave %ld",
			     i, p, n, new_n, (long)ret);
		model_clear(m, p + new_n, n - new_n);
		return;
	}
	if (kind == 1) {
		/* Grow: in place if it can, else moved (MAYMOVE) or -ENOMEM. */
		new_n = min(n + 1 + rnd(s, 4), NPAGES - p);
		if (new_n <= n)
			return;
		ret = do_mremap(page_addr(p), n * PAGE_SIZE, new_n * PAGE_SIZE, flags, 0);
		if (p + n == b && model_free(m, p + n, new_n - n)) {
			STRESS_CHECK(s, ret == page_addr(p), "as %d: mremap grow %lu+%lu to %lu in place gave %ld",
				     i, p, n, new_n, (long)ret);
			for (k = p + n; k < p + new_n; k++) {
				m->flags[k] = f;
				m->pgoff[k] = pgoff0 + (k - p);
				m->val[k] = 0;
				m->av[k] = av0;
			}
			/* The VMA may swallow the next one; locked, the new part is faulted in. */
			model_settle(m);
			if ((f & (VM_LOCKED | VM_WRITE)) == (VM_LOCKED | VM_WRITE))
				model_anon_prepare(s, m, p);
		} else if (flags & MREMAP_MAYMOVE) {
			STRESS_CHECK(s, !IS_ERR_VALUE(ret), "as %d: mremap grow %lu+%lu to %lu (move) gave %ld",
				     i, p, n, new_n, (long)ret);
			if (!IS_ERR_VALUE(ret))
				check_moved_out(s, i, ret, f, p, n, new_n, vals);
			model_clear(m, p, n);
		} else {
			STRESS_CHECK(s, ret == (unsigned long)-ENOMEM,
				     "as %d: mremap grow %lu+%lu to %lu (no room) gave %ld", i, p, n,
				     new_n, (long)ret);
		}
		return;
	}

	/* A move: 2, 3 to a fixed address; 3, 4 with MREMAP_DONTUNMAP (4: a hint). */
	flags = MREMAP_MAYMOVE | (kind < 4 ? MREMAP_FIXED : 0) | (kind >= 3 ? MREMAP_DONTUNMAP : 0);
	new_n = kind == 2 ? 1 + rnd(s, n + 3) : n;
	q = WIN_FIRST + rnd(s, NPAGES - WIN_FIRST);
	if (q + new_n > NPAGES)
		q = NPAGES - new_n;
	ret = do_mremap(page_addr(p), n * PAGE_SIZE, new_n * PAGE_SIZE, flags, page_addr(q));
	if (p < q + new_n && q < p + n) {
		STRESS_CHECK(s, ret == (unsigned long)-EINVAL,
			     "as %d: mremap %lu+%lu onto %lu+%lu (overlap) gave %ld", i, p, n, q, new_n,
			     (long)ret);
		return;
	}
	if (!(flags & MREMAP_FIXED) && !model_free(m, q, new_n)) {
		/* The hint is taken, so the pages go outside the model. */
		STRESS_CHECK(s, !IS_ERR_VALUE(ret), "as %d: mremap dontunmap %lu+%lu gave %ld", i, p,
			     n, (long)ret);
		if (!IS_ERR_VALUE(ret))
			check_moved_out(s, i, ret, f, p, n, new_n, vals);
	} else {
		STRESS_CHECK(s, ret == page_addr(q), "as %d: mremap %lu+%lu to %lu+%lu flags %lu gave %ld",
			     i, p, n, q, new_n, flags, (long)ret);
		model_clear(m, q, new_n);		/* MREMAP_FIXED unmaps the target */
		model_vma(m, p, &a, &b);		/* which may have split the source */
		if (n > new_n) {
			model_clear(m, p + new_n, n - new_n);
			n = new_n;
		}
		for (k = 0; k < new_n; k++) {
			m->flags[q + k] = f;
			m->pgoff[q + k] = pgoff0 + k;
			m->val[q + k] = k < n ? vals[k] : 0;
			m->av[q + k] = av0;	/* the pages bring their anon_vma */
		}
	}
	if (flags & MREMAP_DONTUNMAP) {
		/* A VMA moved whole drops its anon_vma (dontunmap_complete). */
		bool whole = p == a && p + n == b;

		for (k = p; k < p + n; k++) {
			m->flags[k] = f & ~VM_LOCKED_MASK;
			m->val[k] = 0;
			if (whole)
				m->av[k] = 0;
		}
	} else {
		model_clear(m, p, n);
	}
	/* Locked and grown: the new part of the target is faulted in. */
	model_settle(m);
	if ((flags & MREMAP_FIXED) && new_n > n && (f & (VM_LOCKED | VM_WRITE)) == (VM_LOCKED | VM_WRITE))
		model_anon_prepare(s, m, q);
}

/* MADV_DONTNEED: private anonymous pages read back zero; locked VMAs refuse (-EINVAL). */
static void op_madvise(struct stress *s, int i)
{
	struct model *m = &s->m[i];
	unsigned long p = rnd(s, NPAGES), n = 1 + rnd(s, min(12UL, NPAGES - p));
	int ret = do_madvise(s->mm[i], page_addr(p), n * PAGE_SIZE, MADV_DONTNEED), want = 0;

	/* Linux's madvise_walk_vmas(): holes are -ENOMEM at the end, an error stops at once. */
	for (unsigned long k = p; k < p + n; k++) {
		if (!m->flags[k]) {
			want = -ENOMEM;
			continue;
		}
		if (m->flags[k] & VM_LOCKED) {
			want = -EINVAL;
			break;
		}
		m->val[k] = 0;
	}
	STRESS_CHECK(s, ret == want, "as %d: madvise dontneed pages %lu+%lu gave %d, want %d", i,
		     p, n, ret, want);
}

/*
 * mlock, mlock2(MLOCK_ONFAULT) or munlock: VMAs change in order until a
 * hole (-ENOMEM); mlock then populates, which PROT_NONE memory fails
 * (-ENOMEM, the flags stay changed).
 */
static void op_mlock(struct stress *s, int i)
{
	static const vm_flags_t lock[] = { VM_LOCKED, VM_LOCKED | VM_LOCKONFAULT, 0 };
	struct model *m = &s->m[i];
	unsigned long p = rnd(s, NPAGES), n = 1 + rnd(s, min(12UL, NPAGES - p)), k;
	vm_flags_t lf = lock[rnd(s, ARRAY_SIZE(lock))];
	int ret, want = 0;

	if (lf)
		ret = do_mlock(s->mm[i], page_addr(p), n * PAGE_SIZE, lf);
	else
		ret = do_munlock(s->mm[i], page_addr(p), n * PAGE_SIZE);
	for (k = p; k < p + n; k++) {
		if (!m->flags[k]) {
			want = -ENOMEM;
			break;
		}
		m->flags[k] = (m->flags[k] & ~VM_LOCKED_MASK) | lf;
	}
	/* mlock faults the range in, VMA by VMA, up to an inaccessible one. */
	model_settle(m);
	for (k = p; !want && lf == VM_LOCKED && k < p + n; k++) {
		if (!(m->flags[k] & VM_ACCESS_FLAGS))
			want = -ENOMEM;
		else if (m->flags[k] & VM_WRITE)
			model_anon_prepare(s, m, k);
	}
	STRESS_CHECK(s, ret == want, "as %d: %s pages %lu+%lu gave %d, want %d", i,
		     lf ? "mlock" : "munlock", p, n, ret, want);
}

/*
 * fork: address space @j is replaced by a child of @i. The child inherits
 * no mlock, and Linux does not merge the VMAs it copies: a locked VMA next
 * to one that differs only by the lock would stay two VMAs in the child,
 * which the model (runs of equal pages) cannot express. So the parent is
 * unlocked first (munlock, checked), then forked.
 */
static void op_fork(struct stress *s, int i)
{
	int j = (i + 1 + (int)rnd(s, NR_AS - 1)) % NR_AS;
	struct model *m = &s->m[i];
	struct mm_struct *child;

	for (unsigned long p = 0, e; p < NPAGES; p = e) {
		int ret;

		e = p + 1;
		if (!(m->flags[p] & VM_LOCKED_MASK))
			continue;
		while (e < NPAGES && m->flags[e])
			e++;
		ret = do_munlock(s->mm[i], page_addr(p), (e - p) * PAGE_SIZE);
		STRESS_CHECK(s, ret == 0, "as %d: munlock pages %lu-%lu before fork gave %d", i, p, e,
			     ret);
		for (unsigned long k = p; k < e; k++)
			m->flags[k] &= ~VM_LOCKED_MASK;
		model_settle(m);
	}
	child = dup_mm(s->mm[i]);

	STRESS_CHECK(s, !IS_ERR_VALUE((unsigned long)child), "as %d: dup_mm failed", i);
	if (IS_ERR_VALUE((unsigned long)child))
		return;
	mmput(s->mm[j]);
	s->mm[j] = child;
	s->m[j] = s->m[i];
	/* Every child VMA with an anon_vma gets its own, a child of the parent's. */
	for (unsigned long p = 0, a, b; p < NPAGES; p = b) {
		b = p + 1;
		if (!s->m[j].flags[p] || !s->m[j].av[p])
			continue;
		model_vma(&s->m[i], p, &a, &b);
		model_set_av(&s->m[j], a, b, ++s->last_av | AV_CHILD);
	}
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

		s->op = op;
		i = rnd(s, NR_AS);
		use_mm(s->mm[i]);
		if (op < 28)
			op_touch(s, i, op < 14);
		else if (op < 42)
			op_mmap(s, i);
		else if (op < 52)
			op_munmap(s, i);
		else if (op < 66)
			op_mprotect(s, i);
		else if (op < 76)
			op_brk(s, i);
		else if (op < 86)
			op_mremap(s, i);
		else if (op < 91)
			op_madvise(s, i);
		else if (op < 96)
			op_mlock(s, i);
		else
			op_fork(s, i);
		nr_av_seen = 0;
		for (int k = 0; k < NR_AS; k++) {
			model_settle(&s->m[k]);
			check_tree(s, k);
		}
	}
out:
	use_mm(prev);
	for (i = 0; i < NR_AS; i++)
		if (s->mm[i])
			mmput(s->mm[i]);
	kfree(s);
}

static const char *const counted_caches[] = {
	"vm_area_struct", "mm_struct", "maple_node", "anon_vma",
};

struct snapshot {
	long free, pagetable;
	unsigned long vmas, anon_vmas;
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
	snap->anon_vmas = nr_anon_vmas;
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
	KTEST_EXPECT_EQ(t, after.anon_vmas, before.anon_vmas);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmarks of the address-space code ("bench" command, make bench):
 * instructions per operation under QEMU -icount, the real paths included
 * (exception entry, do_page_fault, handle_mm_fault, page zeroing).
 *
 *   anon_write_fault_insns    first write to a page of a 4 MiB private
 *                             anonymous region (put_user -> STTR -> fault
 *                             -> do_anonymous_page, zeroing included)
 *   zero_read_fault_insns     first read of such a page (the zero page)
 *   cow_fault_insns           write to a page shared copy-on-write with a
 *                             child after dup_mm() (wp_page_copy)
 *   mmap_munmap_pair_insns    vm_mmap + do_munmap of one untouched page
 *   mprotect_pair_insns       mprotect of one written page in the middle
 *                             of a 3-page VMA to r-- and back (split + merge)
 *   fault_10_vmas_insns       write fault at a random page among 10 VMAs
 *   fault_10k_vmas_insns      ... among 10,000 VMAs (tree depth only differs)
 *
 * Each benchmark builds its own address space, makes it current for the
 * run and destroys it afterwards, so the shell's own is left as it was.
 */
#include <arbor/bench.h>
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/prandom.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define PROT_RW		(PROT_READ | PROT_WRITE)
#define REGION_SIZE	(4UL << 20)
#define REGION_PAGES	(REGION_SIZE >> PAGE_SHIFT)
/* Faults per run: one page each, plus the warm-up call, within the region. */
#define FAULT_ITERS	(REGION_PAGES - 24)

struct bench_mm {
	struct mm_struct *mm, *prev;
};

/* A fresh address space, current until bench_mm_end(). */
static int bench_mm_begin(struct bench_mm *b)
{
	b->mm = mm_alloc();
	if (!b->mm)
		return -ENOMEM;
	b->prev = current_mm;
	use_mm(b->mm);
	return 0;
}

static void bench_mm_end(struct bench_mm *b)
{
	use_mm(b->prev);
	mmput(b->mm);
}

/* ---- first-touch faults ---- */

struct fault_walk {
	unsigned long addr;		/* next page to touch */
	unsigned long *addrs;		/* or a list of pages, in order */
	unsigned long next;
	int err;
};

static void bench_write_fault(void *arg)
{
	struct fault_walk *w = arg;
	unsigned long a = w->addrs ? w->addrs[w->next++] : w->addr;

	w->err |= put_user((u8)1, (u8 __user *)a);
	w->addr += PAGE_SIZE;
}

static void bench_read_fault(void *arg)
{
	struct fault_walk *w = arg;
	u8 v;

	w->err |= get_user(v, (u8 __user *)w->addr);
	w->err |= v;		/* the zero page reads as zero */
	w->addr += PAGE_SIZE;
}

static u64 run_region_faults(void (*body)(void *arg))
{
	struct bench_mm b;
	struct fault_walk w = {};
	long addr;
	u64 r = 0;

	if (bench_mm_begin(&b))
		return 0;
	addr = vm_mmap(0, REGION_SIZE, PROT_RW, ANON_PRIVATE);
	if (addr < 0)
		goto out;
	w.addr = addr;
	r = bench_insns_per_iter(body, &w, FAULT_ITERS);
	if (w.err) {
		pr_err("bench: a user access failed\n");
		r = 0;
	}
out:
	bench_mm_end(&b);
	return r;
}

static u64 bench_anon_write_fault(void)
{
	return run_region_faults(bench_write_fault);
}
KBENCH(anon_write_fault, "anon_write_fault_insns", "insns", bench_anon_write_fault);

static u64 bench_zero_read_fault(void)
{
	return run_region_faults(bench_read_fault);
}
KBENCH(zero_read_fault, "zero_read_fault_insns", "insns", bench_zero_read_fault);

/* ---- copy-on-write ---- */

static u64 bench_cow_fault(void)
{
	struct fault_walk w = {};
	struct mm_struct *child;
	struct bench_mm b;
	long addr;
	u64 r = 0;

	if (bench_mm_begin(&b))
		return 0;
	addr = vm_mmap(0, REGION_SIZE, PROT_RW, ANON_PRIVATE | MAP_POPULATE);
	if (addr < 0)
		goto out;
	/* fork: every page now read-only in both, mapcount 2. */
	child = dup_mm(b.mm);
	if (IS_ERR_VALUE((unsigned long)child))
		goto out;
	w.addr = addr;
	r = bench_insns_per_iter(bench_write_fault, &w, FAULT_ITERS);
	if (w.err)
		r = 0;
	mmput(child);
out:
	bench_mm_end(&b);
	return r;
}
KBENCH(cow_fault, "cow_fault_insns", "insns", bench_cow_fault);

/* ---- mmap, mprotect ---- */

static void bench_mmap_munmap(void *arg)
{
	long addr = vm_mmap(0, PAGE_SIZE, PROT_RW, ANON_PRIVATE);
	int *err = arg;

	if (addr < 0 || do_munmap(current_mm, addr, PAGE_SIZE))
		*err = 1;
}

static u64 bench_mmap_munmap_pair(void)
{
	struct bench_mm b;
	int err = 0;
	u64 r;

	if (bench_mm_begin(&b))
		return 0;
	r = bench_insns_per_iter(bench_mmap_munmap, &err, 20000);
	bench_mm_end(&b);
	return err ? 0 : r;
}
KBENCH(mmap_munmap_pair, "mmap_munmap_pair_insns", "insns", bench_mmap_munmap_pair);

struct mprotect_arg {
	unsigned long addr;
	int err;
};

static void bench_mprotect(void *arg)
{
	struct mprotect_arg *m = arg;

	m->err |= do_mprotect_pkey(m->addr, PAGE_SIZE, PROT_READ, -1);
	m->err |= do_mprotect_pkey(m->addr, PAGE_SIZE, PROT_RW, -1);
}

static u64 bench_mprotect_pair(void)
{
	struct mprotect_arg m = {};
	struct bench_mm b;
	long addr;
	u64 r = 0;

	if (bench_mm_begin(&b))
		return 0;
	addr = vm_mmap(0, 3 * PAGE_SIZE, PROT_RW, ANON_PRIVATE | MAP_POPULATE);
	if (addr >= 0) {
		m.addr = addr + PAGE_SIZE;
		r = bench_insns_per_iter(bench_mprotect, &m, 20000);
		if (m.err || current_mm->map_count != 1)
			r = 0;
	}
	bench_mm_end(&b);
	return r;
}
KBENCH(mprotect_pair, "mprotect_pair_insns", "insns", bench_mprotect_pair);

/* ---- a fault among many VMAs ---- */

#define MANY_BASE	0x10000000UL
#define MANY_PAGES	2048UL		/* candidate pages, whatever the VMA count */
#define MANY_ITERS	1500UL

/*
 * @nr VMAs of MANY_PAGES / @nr pages (at least one) each, a one-page hole between
 * neighbours so that they stay apart. The page tables are made first
 * (populate, then zap: the tables stay), so that both runs do exactly the
 * same work per fault but for finding the VMA. Faults go to the pages in
 * a random order (fixed seed).
 */
static u64 bench_fault_among(unsigned long nr)
{
	unsigned long per = nr < MANY_PAGES ? MANY_PAGES / nr : 1;
	unsigned long stride = (per + 1) * PAGE_SIZE, n = 0;
	struct fault_walk w = {};
	struct bench_mm b;
	u64 seed = 0x5eed0001ULL, r = 0;

	if (bench_mm_begin(&b))
		return 0;
	w.addrs = kmalloc_array(nr * per, sizeof(*w.addrs), GFP_KERNEL);
	if (!w.addrs)
		goto out;
	for (unsigned long i = 0; i < nr; i++) {
		unsigned long start = MANY_BASE + i * stride;

		if (vm_mmap(start, per * PAGE_SIZE, PROT_RW, ANON_PRIVATE | MAP_FIXED) < 0)
			goto out_free;
		for (unsigned long p = 0; p < per; p++)
			w.addrs[n++] = start + p * PAGE_SIZE;
	}
	if (current_mm->map_count != (int)nr)
		goto out_free;
	if (mm_populate(current_mm, MANY_BASE, nr * stride))
		goto out_free;
	for (unsigned long i = 0; i < nr; i++) {
		struct vm_area_struct *vma = vma_lookup(current_mm, MANY_BASE + i * stride);

		zap_page_range_single(vma, vma->vm_start, vma->vm_end - vma->vm_start);
	}
	for (unsigned long i = n - 1; i > 0; i--) {
		unsigned long j = prandom_u64_state(&seed) % (i + 1), t = w.addrs[i];

		w.addrs[i] = w.addrs[j];
		w.addrs[j] = t;
	}
	r = bench_insns_per_iter(bench_write_fault, &w, MANY_ITERS);
	if (w.err)
		r = 0;
out_free:
	kfree(w.addrs);
out:
	bench_mm_end(&b);
	return r;
}

static u64 bench_fault_10_vmas(void)
{
	return bench_fault_among(10);
}
KBENCH(fault_10_vmas, "fault_10_vmas_insns", "insns", bench_fault_10_vmas);

static u64 bench_fault_10k_vmas(void)
{
	return bench_fault_among(10000);
}
KBENCH(fault_10k_vmas, "fault_10k_vmas_insns", "insns", bench_fault_10k_vmas);

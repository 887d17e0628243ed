// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmarks of the page cache and file mappings ("bench", make bench),
 * on a 4 MiB file in the ramfs root (every page cached: the hit paths):
 *
 *   pagecache_read_fault_insns   read fault on a cached file page, private
 *                                read-only mapping, fault-around off
 *                                (filemap_fault -> find_get_page -> do_set_pte)
 *   seq_scan_faults_faultaround  faults taken to read one byte of every page
 *   seq_scan_faults_nofaultaround  ... with fault_around_bytes = 4096
 *   shared_anon_write_fault_insns  first write to a MAP_SHARED|MAP_ANONYMOUS
 *                                page (shmem_fault: a new zeroed page)
 *   vfs_read_mib_per_s           the file read with vfs_read, 64 KiB at a time
 *   mapped_read_mib_per_s        the file read through a fresh mapping
 *                                (copy_from_user: faults and fault-around included)
 */
#include <arbor/bench.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <asm/uaccess.h>

#define FILE_SIZE	(4UL << 20)
#define FILE_PAGES	(FILE_SIZE >> PAGE_SHIFT)
#define CHUNK		(64UL << 10)
#define BENCH_FILE	"/.bench_4m"

struct fbench {
	struct mm_struct *mm, *prev;
	struct file *file;
	int fd;
	char *buf;
	unsigned long addr;
	int err;
};

/* The 4 MiB file, a fresh address space with it open, and a 64 KiB buffer. */
static int fbench_begin(struct fbench *b)
{
	loff_t pos = 0;
	int err;

	memset(b, 0, sizeof(*b));
	b->buf = kmalloc(CHUNK, GFP_KERNEL);
	if (!b->buf)
		return -ENOMEM;
	for (unsigned long i = 0; i < CHUNK; i++)
		b->buf[i] = (char)i;
	b->file = filp_open(BENCH_FILE, O_CREAT | O_TRUNC | O_RDWR, 0600, &err);
	if (!b->file)
		goto fail;
	for (unsigned long off = 0; off < FILE_SIZE; off += CHUNK) {
		if (vfs_write(b->file, b->buf, CHUNK, &pos) != (long)CHUNK) {
			err = -EIO;
			goto fail;
		}
	}
	b->mm = mm_alloc();
	if (!b->mm) {
		err = -ENOMEM;
		goto fail;
	}
	b->prev = current_mm;
	use_mm(b->mm);
	b->fd = get_unused_fd_install(get_file(b->file));
	return 0;
fail:
	if (b->file)
		fput(b->file);
	kfree(b->buf);
	pr_err("bench: cannot set up %s: %d\n", BENCH_FILE, err);
	return err;
}

static void fbench_end(struct fbench *b)
{
	use_mm(b->prev);
	mmput(b->mm);
	fput(b->file);
	(void)do_unlink(BENCH_FILE);
	kfree(b->buf);
}

static void read_fault_one(void *arg)
{
	struct fbench *b = arg;
	u8 v;

	b->err |= get_user(v, (u8 __user *)b->addr);
	b->err |= v;	/* the first byte of every page of the file is 0 */
	b->addr += PAGE_SIZE;
}

/*
 * Instructions per first-touch fault of the pages of a fresh 4 MiB mapping:
 * of the cached file (fd) or, with MAP_ANONYMOUS, of new memory; with
 * fault_around_bytes set to @around for the run.
 */
static u64 per_page_faults(unsigned long prot, unsigned long flags, unsigned long around,
			   void (*body)(void *arg))
{
	unsigned long saved = fault_around_bytes;
	struct fbench b;
	long addr;
	u64 r = 0;

	if (fbench_begin(&b))
		return 0;
	addr = sys_mmap(0, FILE_SIZE, prot, flags, (unsigned long)b.fd, 0);
	if (addr >= 0) {
		fault_around_bytes = around;
		b.addr = (unsigned long)addr;
		r = bench_insns_per_iter(body, &b, FILE_PAGES - 8);
		fault_around_bytes = saved;
		if (b.err)
			r = 0;
	}
	fbench_end(&b);
	return r;
}

static u64 bench_pagecache_read_fault(void)
{
	return per_page_faults(PROT_READ, MAP_PRIVATE, PAGE_SIZE, read_fault_one);
}
KBENCH(pagecache_read_fault, "pagecache_read_fault_insns", "insns", bench_pagecache_read_fault);

/* Faults (PGFAULT events) to read one byte of every page through a fresh mapping. */
static u64 seq_scan_faults(unsigned long around)
{
	unsigned long saved = fault_around_bytes, before;
	struct fbench b;
	long addr;
	u64 r = 0;

	if (fbench_begin(&b))
		return 0;
	addr = sys_mmap(0, FILE_SIZE, PROT_READ, MAP_PRIVATE, (unsigned long)b.fd, 0);
	if (addr < 0)
		goto out;
	fault_around_bytes = around;
	before = vm_events[PGFAULT];
	b.addr = (unsigned long)addr;
	for (unsigned long i = 0; i < FILE_PAGES; i++)
		read_fault_one(&b);
	r = vm_events[PGFAULT] - before;
	fault_around_bytes = saved;
	if (b.err)
		r = 0;
out:
	fbench_end(&b);
	return r;
}

static u64 bench_seq_scan_faultaround(void)
{
	return seq_scan_faults(fault_around_bytes);
}
KBENCH(seq_scan_faultaround, "seq_scan_faults_faultaround", "faults", bench_seq_scan_faultaround);

static u64 bench_seq_scan_nofaultaround(void)
{
	return seq_scan_faults(PAGE_SIZE);
}
KBENCH(seq_scan_nofaultaround, "seq_scan_faults_nofaultaround", "faults",
       bench_seq_scan_nofaultaround);

static void write_fault_one(void *arg)
{
	struct fbench *b = arg;

	b->err |= put_user((u8)1, (u8 __user *)b->addr);
	b->addr += PAGE_SIZE;
}

static u64 bench_shared_anon_write_fault(void)
{
	return per_page_faults(PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
			       fault_around_bytes, write_fault_one);
}
KBENCH(shared_anon_write_fault, "shared_anon_write_fault_insns", "insns",
       bench_shared_anon_write_fault);

static void vfs_read_all(void *arg)
{
	struct fbench *b = arg;
	loff_t pos = 0;

	for (unsigned long off = 0; off < FILE_SIZE; off += CHUNK)
		if (vfs_read(b->file, b->buf, CHUNK, &pos) != (long)CHUNK)
			b->err = 1;
}

static void mapped_read_all(void *arg)
{
	struct fbench *b = arg;

	for (unsigned long off = 0; off < FILE_SIZE; off += CHUNK)
		if (copy_from_user(b->buf, (const void __user *)(b->addr + off), CHUNK))
			b->err = 1;
}

/* MiB/s from guest ns: 4 MiB * 1e9 / ns. */
static u64 mib_per_s(u64 ns)
{
	return ns ? (FILE_SIZE >> 20) * 1000000000ULL / ns : 0;
}

static u64 bench_vfs_read(void)
{
	struct fbench b;
	u64 ns;

	if (fbench_begin(&b))
		return 0;
	ns = bench_ns(vfs_read_all, &b);
	fbench_end(&b);
	return b.err ? 0 : mib_per_s(ns);
}
KBENCH(vfs_read, "vfs_read_mib_per_s", "MiB/s", bench_vfs_read);

static u64 bench_mapped_read(void)
{
	struct fbench b;
	long addr;
	u64 ns = 0;

	if (fbench_begin(&b))
		return 0;
	addr = sys_mmap(0, FILE_SIZE, PROT_READ, MAP_SHARED, (unsigned long)b.fd, 0);
	if (addr >= 0) {
		b.addr = (unsigned long)addr;
		ns = bench_ns(mapped_read_all, &b);
	}
	fbench_end(&b);
	return b.err ? 0 : mib_per_s(ns);
}
KBENCH(mapped_read, "mapped_read_mib_per_s", "MiB/s", bench_mapped_read);

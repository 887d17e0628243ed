// SPDX-License-Identifier: GPL-2.0
/*
 * KTAP suite "filemap_disk": the page cache over a real disk, on the ext2
 * filesystem mounted at /mnt (skipped without one): readahead windows and
 * the madvise hints, dirty accounting and writeback cleaning the PTEs,
 * and reclaim of clean pages, mapped ones included.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/mm_ktest.h>
#include <arbor/mman.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

/* The shared helpers of include/arbor/mm_ktest.h, by short names. */
#define peek8(a)	mm_test_peek8(a)

#define P		PAGE_SIZE
#define BASE		0x30000000UL
#define EXT2_MAGIC	0xEF53
#define FILE_PAGES	256UL		/* 1 MiB */

static bool have_disk(struct ktest *t)
{
	struct path p;
	bool ok;

	if (kern_path("/mnt", LOOKUP_DIRECTORY, &p)) {
		ktest_skip(t, "no /mnt");
		return false;
	}
	ok = p.dentry->d_sb->s_magic == EXT2_MAGIC && !(p.dentry->d_sb->s_flags & SB_RDONLY);
	path_put(&p);
	if (!ok)
		ktest_skip(t, "no writable ext2 on /mnt");
	return ok;
}

/* A 1 MiB file of the pattern on the disk, written back, its cache dropped. */
static int make_cold_file(const char *path)
{
	struct file *f;
	loff_t pos = 0;
	char *buf = kmalloc(P, GFP_KERNEL);
	int err;

	if (!buf)
		return -ENOMEM;
	f = filp_open(path, O_CREAT | O_TRUNC | O_RDWR, 0644, &err);
	if (!f) {
		kfree(buf);
		return err;
	}
	for (unsigned long i = 0; i < FILE_PAGES; i++) {
		memset(buf, (int)(i & 0xff), P);
		if (vfs_write(f, buf, P, &pos) != (long)P) {
			err = -EIO;
			goto out;
		}
	}
	err = vfs_fsync(f, 0);
	/* Everything clean now: drop it so that the next access reads the disk. */
	invalidate_mapping_pages(f->f_mapping, 0, ~0UL);
	if (f->f_mapping->nrpages)
		err = -EBUSY;
out:
	fput(f);
	kfree(buf);
	return err;
}

/*
 * Unmap everything, close @fd, and drop the file's (clean) cached pages, so
 * that mm_test_end finds the page frames back.
 */
static void drop_file_cache(struct ktest *t, struct mm_test_env *e, int fd)
{
	struct file *f = fget((unsigned int)fd);

	KTEST_EXPECT_EQ(t, do_munmap(e->mm, BASE, FILE_PAGES * P), 0);
	KTEST_EXPECT_EQ(t, ksys_close((unsigned int)fd), 0);
	if (f) {
		KTEST_EXPECT_EQ(t, vfs_fsync(f, 0), 0);
		invalidate_mapping_pages(f->f_mapping, 0, ~0UL);
		KTEST_EXPECT_EQ(t, f->f_mapping->nrpages, 0);
		fput(f);
	}
	mm_test_end(t, e);
}

/* Map the cold file and read one byte of each of the first @n pages, in order. */
static long scan(struct ktest *t, const char *path, int advice, unsigned long n,
		 unsigned long *majors)
{
	struct mm_test_env e;
	unsigned long before = vm_events[PGMAJFAULT];
	long bad = 0;
	int fd;

	if (!mm_test_begin(t, &e, false))
		return -1;
	fd = ksys_open(path, O_RDONLY, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, FILE_PAGES * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
				    0), BASE);
	if (advice >= 0)
		KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, FILE_PAGES * P, advice), 0);
	for (unsigned long i = 0; i < n; i++)
		if (peek8(BASE + i * P) != (int)(i & 0xff))
			bad++;
	*majors = vm_events[PGMAJFAULT] - before;
	drop_file_cache(t, &e, fd);
	return bad;
}

static void test_readahead_and_hints(struct ktest *t)
{
	unsigned long majors;

	if (!have_disk(t))
		return;
	/* Default: read-around windows of 32 pages, so few major faults. */
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_ra") == 0);
	KTEST_EXPECT_EQ(t, scan(t, "/mnt/.kt_ra", -1, FILE_PAGES, &majors), 0);
	KTEST_EXPECT_TRUE(t, majors >= 1 && majors <= FILE_PAGES / 16);
	/* MADV_RANDOM: no readahead, a major fault per page. */
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_ra") == 0);
	KTEST_EXPECT_EQ(t, scan(t, "/mnt/.kt_ra", MADV_RANDOM, 64, &majors), 0);
	KTEST_EXPECT_EQ(t, majors, 64);
	/* MADV_SEQUENTIAL: growing forward windows, fewer still. */
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_ra") == 0);
	KTEST_EXPECT_EQ(t, scan(t, "/mnt/.kt_ra", MADV_SEQUENTIAL, FILE_PAGES, &majors), 0);
	KTEST_EXPECT_TRUE(t, majors >= 1 && majors <= FILE_PAGES / 16);
	KTEST_EXPECT_EQ(t, do_unlink("/mnt/.kt_ra"), 0);
}

/* Many more misses than hits (random access): a fault reads just its page. */
static void test_mmap_miss_random(struct ktest *t)
{
	struct mm_test_env e;
	unsigned long ra;
	int fd;

	if (!have_disk(t))
		return;
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_mm") == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/mnt/.kt_mm", O_RDONLY, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, FILE_PAGES * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
				    0), BASE);
	ra = vm_events[PGREADAHEAD];
	KTEST_EXPECT_EQ(t, peek8(BASE + 100 * P), 100);
	KTEST_EXPECT_EQ(t, vm_events[PGREADAHEAD] - ra, 32);	/* read-around */
	vma_lookup(e.mm, BASE)->vm_file->f_ra.mmap_miss = 150;
	ra = vm_events[PGREADAHEAD];
	KTEST_EXPECT_EQ(t, peek8(BASE + 200 * P), 200);
	KTEST_EXPECT_EQ(t, vm_events[PGREADAHEAD] - ra, 1);	/* just the page */
	drop_file_cache(t, &e, fd);
	KTEST_EXPECT_EQ(t, do_unlink("/mnt/.kt_mm"), 0);
}

static void test_read_syscall_readahead(struct ktest *t)
{
	unsigned long ra;
	struct file *f;
	loff_t pos = 0;
	char *buf;
	int err;

	if (!have_disk(t))
		return;
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_rr") == 0);
	buf = kmalloc(P, GFP_KERNEL);
	f = filp_open("/mnt/.kt_rr", O_RDONLY, 0, &err);
	KTEST_ASSERT_TRUE(t, f && buf);
	ra = vm_events[PGREADAHEAD];
	for (unsigned long i = 0; i < FILE_PAGES; i++) {
		KTEST_EXPECT_EQ(t, vfs_read(f, buf, P, &pos), (long)P);
		if (buf[0] != (char)(i & 0xff) || buf[P - 1] != (char)(i & 0xff)) {
			ktest_fail(t, __FILE__, __LINE__, "page %lu reads wrong", i);
			break;
		}
	}
	KTEST_EXPECT_EQ(t, vfs_read(f, buf, P, &pos), 0);
	/* Every page came in through readahead windows, the window grew to 32. */
	KTEST_EXPECT_EQ(t, vm_events[PGREADAHEAD] - ra, FILE_PAGES);
	KTEST_EXPECT_EQ(t, f->f_ra.size, 32);
	fput(f);
	kfree(buf);
	KTEST_EXPECT_EQ(t, do_unlink("/mnt/.kt_rr"), 0);
}

static void test_dirty_writeback_cleans_ptes(struct ktest *t)
{
	struct mm_test_env e;
	long dirty;
	pte_t *ptep;
	int fd;

	if (!have_disk(t))
		return;
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_wb") == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/mnt/.kt_wb", O_RDWR, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
				    fd, 0), BASE);
	dirty = global_vm_stat(NR_FILE_DIRTY);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_DIRTY), dirty);
	KTEST_EXPECT_EQ(t, put_user((u8)0xee, (u8 __user *)BASE), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_DIRTY), dirty + 1);
	ptep = pte_lookup(e.mm, BASE);
	KTEST_EXPECT_TRUE(t, ptep && pte_write(*ptep) && pte_dirty(*ptep));
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, 4 * P, MS_SYNC), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_DIRTY), dirty);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_WRITEBACK), 0);
	/* Cleaned and write-protected: the next write is seen again. */
	KTEST_EXPECT_TRUE(t, ptep && !pte_write(*ptep) && !pte_dirty(*ptep));
	KTEST_EXPECT_EQ(t, put_user((u8)0xef, (u8 __user *)BASE + 1), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_DIRTY), dirty + 1);
	/* munmap leaves the page dirty in the cache; fsync writes it. */
	KTEST_EXPECT_EQ(t, do_munmap(e.mm, BASE, 4 * P), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_DIRTY), dirty + 1);
	KTEST_EXPECT_EQ(t, ksys_fsync(fd, 0), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_DIRTY), dirty);
	drop_file_cache(t, &e, fd);
	KTEST_EXPECT_EQ(t, do_unlink("/mnt/.kt_wb"), 0);
}

static void test_reclaim_clean_pages(struct ktest *t)
{
	struct mm_test_env e;
	struct address_space *mapping;
	long cached, mapped;
	unsigned long freed;
	int fd;

	if (!have_disk(t))
		return;
	KTEST_ASSERT_TRUE(t, make_cold_file("/mnt/.kt_rc") == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/mnt/.kt_rc", O_RDWR, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, FILE_PAGES * P, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0),
			BASE);
	for (unsigned long i = 0; i < FILE_PAGES; i++)
		(void)peek8(BASE + i * P);
	cached = global_vm_stat(NR_FILE_PAGES);
	mapped = global_vm_stat(NR_FILE_MAPPED);
	mapping = vma_lookup(e.mm, BASE)->vm_file->f_mapping;
	KTEST_EXPECT_EQ(t, mapping->nrpages, FILE_PAGES);
	/* Dirty one page: reclaim must leave it. */
	KTEST_EXPECT_EQ(t, ksys_pwrite64(fd, "D", 1, 5 * P), 1);
	/* Twice: the first pass clears the access flags (second chance). */
	freed = try_to_free_pages(FILE_PAGES, GFP_KERNEL);
	freed += try_to_free_pages(FILE_PAGES, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, freed >= FILE_PAGES / 2);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_PAGES), cached - (long)freed);
	/* Its pages went (mapped ones unmapped first), but not the dirty one. */
	KTEST_EXPECT_TRUE(t, mapping->nrpages <= FILE_PAGES / 2);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_MAPPED),
			mapped - (long)(FILE_PAGES - mapping->nrpages));
	{
		struct page *dirty = find_get_page(mapping, 5);

		KTEST_EXPECT_TRUE(t, dirty && PageDirty(dirty));
		if (dirty)
			put_page(dirty);
	}
	/* The data is all still there: the faults read it back. */
	for (unsigned long i = 0; i < FILE_PAGES; i++)
		if (peek8(BASE + i * P) != (i == 5 ? 'D' : (int)(i & 0xff))) {
			ktest_fail(t, __FILE__, __LINE__, "page %lu wrong after reclaim", i);
			break;
		}
	drop_file_cache(t, &e, fd);
	KTEST_EXPECT_EQ(t, do_unlink("/mnt/.kt_rc"), 0);
}

extern unsigned long nr_dentries, nr_inodes;

/* Under pressure the dentry and inode caches give way; names are found again on disk. */
static void test_prune_dcache_icache(struct ktest *t)
{
	unsigned long dentries, inodes;
	char name[48], c;
	struct file *f;
	loff_t pos;
	int err;

	if (!have_disk(t))
		return;
	KTEST_EXPECT_EQ(t, do_mkdir("/mnt/.kt_pd", 0755), 0);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/mnt/.kt_pd/f%d", i);
		f = filp_open(name, O_CREAT | O_WRONLY, 0644, &err);
		KTEST_ASSERT_TRUE(t, f);
		pos = 0;
		c = (char)('a' + i);
		KTEST_EXPECT_EQ(t, vfs_write(f, &c, 1, &pos), 1);
		fput(f);
	}
	ksys_sync();
	dentries = nr_dentries;
	inodes = nr_inodes;
	(void)try_to_free_pages(~0UL >> 1, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, nr_dentries + 20 <= dentries);
	KTEST_EXPECT_TRUE(t, nr_inodes + 20 <= inodes);
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "/mnt/.kt_pd/f%d", i);
		f = filp_open(name, O_RDONLY, 0, &err);
		KTEST_ASSERT_TRUE(t, f);
		pos = 0;
		KTEST_EXPECT_EQ(t, vfs_read(f, &c, 1, &pos), 1);
		KTEST_EXPECT_EQ(t, c, (char)('a' + i));
		fput(f);
		KTEST_EXPECT_EQ(t, do_unlink(name), 0);
	}
	KTEST_EXPECT_EQ(t, do_rmdir("/mnt/.kt_pd"), 0);
}

static const struct ktest_case filemap_disk_cases[] = {
	KTEST_CASE(test_prune_dcache_icache),
	KTEST_CASE(test_readahead_and_hints),
	KTEST_CASE(test_read_syscall_readahead),
	KTEST_CASE(test_mmap_miss_random),
	KTEST_CASE(test_dirty_writeback_cleans_ptes),
	KTEST_CASE(test_reclaim_clean_pages),
	{}
};
KTEST_SUITE(filemap_disk, filemap_disk_cases);

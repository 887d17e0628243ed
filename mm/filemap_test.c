// SPDX-License-Identifier: GPL-2.0
/*
 * KTAP suite "filemap": the page cache, file mappings and shmem, on the
 * ramfs root and on a tmpfs mounted for the test. Each case checks the
 * data a user would see and the accounting behind it (page counts,
 * NR_FILE_PAGES/NR_SHMEM/NR_FILE_MAPPED, leaks of files, inodes, dentries).
 */
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/ktest.h>
#include <arbor/mm.h>
#include <arbor/mm_ktest.h>
#include <arbor/mman.h>
#include <arbor/signal.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <asm/fault.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

/* The shared helpers of include/arbor/mm_ktest.h, by short names. */
#define pte_of(mm, a)	mm_test_pte(mm, a)
#define page_of(mm, a)	mm_test_page(mm, a)
#define peek8(a)	mm_test_peek8(a)
#define poke8(a, v)	mm_test_poke8(a, v)

#define P		PAGE_SIZE
#define BASE		0x20000000UL
#define RW		(PROT_READ | PROT_WRITE)
#define UA(a)		((u8 __user *)(a))

extern unsigned long nr_files, nr_inodes, nr_dentries;

struct fs_snap {
	unsigned long files, inodes, dentries;
	long file_pages, shmem, mapped;
};

static void fs_snap(struct fs_snap *s)
{
	s->files = nr_files;
	s->inodes = nr_inodes;
	s->dentries = nr_dentries;
	s->file_pages = global_vm_stat(NR_FILE_PAGES);
	s->shmem = global_vm_stat(NR_SHMEM);
	s->mapped = global_vm_stat(NR_FILE_MAPPED);
}

static void fs_expect_same(struct ktest *t, const struct fs_snap *b)
{
	struct fs_snap n;

	fs_snap(&n);
	KTEST_EXPECT_EQ(t, n.files, b->files);
	KTEST_EXPECT_EQ(t, n.inodes, b->inodes);
	KTEST_EXPECT_EQ(t, n.dentries, b->dentries);
	KTEST_EXPECT_EQ(t, n.file_pages, b->file_pages);
	KTEST_EXPECT_EQ(t, n.shmem, b->shmem);
	KTEST_EXPECT_EQ(t, n.mapped, b->mapped);
}

/* The signal a user access at @addr would get: 0 when it works. */
static int access_signal(unsigned long addr, bool write)
{
	struct uaccess_fault f;
	int ret;

	uaccess_fault_clear();
	ret = write ? poke8(addr, 1) : peek8(addr);
	if (ret >= 0)
		return 0;
	return uaccess_last_fault(&f) ? f.signo * 100 + f.code : -1;
}

/* A ramfs file with @len bytes of the pattern (offset * 7 + seed). */
static int make_file(const char *path, size_t len, u8 seed)
{
	struct file *f;
	loff_t pos = 0;
	char *buf;
	int err;
	long n;

	f = filp_open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644, &err);
	if (!f)
		return err;
	buf = kmalloc(P, GFP_KERNEL);
	if (!buf) {
		fput(f);
		return -ENOMEM;
	}
	for (size_t off = 0; off < len; off += P) {
		size_t chunk = len - off < P ? len - off : P;

		for (size_t i = 0; i < chunk; i++)
			buf[i] = (char)((off + i) * 7 + seed);
		n = vfs_write(f, buf, chunk, &pos);
		if (n != (long)chunk) {
			err = n < 0 ? (int)n : -EIO;
			goto out;
		}
	}
	err = 0;
out:
	kfree(buf);
	fput(f);
	return err;
}

static long read_at(const char *path, loff_t pos, char *buf, size_t len)
{
	int err;
	struct file *f = filp_open(path, O_RDONLY, 0, &err);
	long n;

	if (!f)
		return err;
	n = vfs_read(f, buf, len, &pos);
	fput(f);
	return n;
}

static void test_read_write(struct ktest *t)
{
	struct fs_snap before;
	char *buf = kmalloc(4 * P, GFP_KERNEL);
	long n;
	bool ok = true;

	KTEST_ASSERT_TRUE(t, buf);
	fs_snap(&before);
	KTEST_EXPECT_EQ(t, make_file("/kt_rw", 3 * P + 100, 3), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_PAGES), before.file_pages + 4);
	n = read_at("/kt_rw", 0, buf, 4 * P);
	KTEST_EXPECT_EQ(t, n, 3 * (long)P + 100);
	for (long i = 0; i < n; i++)
		if (buf[i] != (char)(i * 7 + 3))
			ok = false;
	KTEST_EXPECT_TRUE(t, ok);
	/* Reads at and past the end. */
	KTEST_EXPECT_EQ(t, read_at("/kt_rw", 3 * P + 100, buf, 10), 0);
	KTEST_EXPECT_EQ(t, read_at("/kt_rw", 3 * P + 90, buf, 100), 10);
	KTEST_EXPECT_EQ(t, buf[0], (char)((3 * P + 90) * 7 + 3));
	/* A write into the middle of a page keeps the rest of it. */
	{
		int err;
		struct file *f = filp_open("/kt_rw", O_WRONLY, 0, &err);
		loff_t pos = P + 10;

		KTEST_ASSERT_TRUE(t, f);
		KTEST_EXPECT_EQ(t, vfs_write(f, "XY", 2, &pos), 2);
		fput(f);
	}
	KTEST_EXPECT_EQ(t, read_at("/kt_rw", P + 9, buf, 4), 4);
	KTEST_EXPECT_TRUE(t, buf[0] == (char)((P + 9) * 7 + 3) && buf[1] == 'X' && buf[2] == 'Y' &&
			  buf[3] == (char)((P + 12) * 7 + 3));
	KTEST_EXPECT_EQ(t, do_unlink("/kt_rw"), 0);
	KTEST_EXPECT_EQ(t, read_at("/kt_rw", 0, buf, 1), -ENOENT);
	kfree(buf);
	fs_expect_same(t, &before);
}

/* A shared mapping and read()/write() see the very same page. */
static void test_mmap_shared(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	struct page *pc;
	char buf[4];
	int fd;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_sh", 2 * P, 5) == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/kt_sh", O_RDWR, 0);
	KTEST_EXPECT_TRUE(t, fd >= 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0), BASE);
	KTEST_EXPECT_EQ(t, peek8(BASE + 1), (u8)(1 * 7 + 5));
	pc = find_get_page(file_inode(vma_lookup(e.mm, BASE)->vm_file)->i_mapping, 0);
	KTEST_EXPECT_TRUE(t, pc && page_of(e.mm, BASE) == pc);
	KTEST_EXPECT_EQ(t, page_mapcount(pc), 1);
	/* Fault-around mapped the cached second page too. */
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_MAPPED), before.mapped + 2);
	/* Read-faulted shared pages start read-only: the first write is seen. */
	KTEST_EXPECT_FALSE(t, pte_write(pte_of(e.mm, BASE)));
	KTEST_EXPECT_EQ(t, poke8(BASE + 1, 0xab), 0);
	KTEST_EXPECT_TRUE(t, pte_write(pte_of(e.mm, BASE)) && pte_dirty(pte_of(e.mm, BASE)));
	KTEST_EXPECT_EQ(t, read_at("/kt_sh", 0, buf, 2), 2);
	KTEST_EXPECT_EQ(t, (u8)buf[1], 0xab);
	KTEST_EXPECT_EQ(t, ksys_pwrite64(fd, "Q", 1, P), 1);
	KTEST_EXPECT_EQ(t, peek8(BASE + P), 'Q');
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_FILEPAGES], 2);
	put_page(pc);
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	/* The mapping holds the file open after close. */
	KTEST_EXPECT_EQ(t, nr_files, before.files + 1);
	KTEST_EXPECT_EQ(t, do_munmap(e.mm, BASE, 2 * P), 0);
	KTEST_EXPECT_EQ(t, nr_files, before.files);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_MAPPED), before.mapped);
	mm_test_end(t, &e);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_sh"), 0);
	fs_expect_same(t, &before);
}

/* A private mapping copies on write; the file never changes. */
static void test_mmap_private_cow(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	struct page *cached, *mine;
	char c;
	int fd;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_pr", P, 9) == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/kt_pr", O_RDONLY, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, P, RW, MAP_PRIVATE | MAP_FIXED, fd, 0), BASE);
	KTEST_EXPECT_EQ(t, peek8(BASE), 9);
	cached = page_of(e.mm, BASE);
	KTEST_EXPECT_TRUE(t, cached && !PageAnon(cached) && cached->mapping);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x77), 0);
	mine = page_of(e.mm, BASE);
	KTEST_EXPECT_TRUE(t, mine && mine != cached && PageAnon(mine));
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x77);
	KTEST_EXPECT_EQ(t, read_at("/kt_pr", 0, &c, 1), 1);
	KTEST_EXPECT_EQ(t, c, 9);
	KTEST_EXPECT_EQ(t, page_mapcount(cached), 0);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_ANONPAGES], 1);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_FILEPAGES], 0);
	/* A write fault on a never-read page copies straight away. */
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	mm_test_end(t, &e);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_pr"), 0);
	fs_expect_same(t, &before);
}

/* Beyond end of file is SIGBUS; truncate takes pages out of every mapping. */
static void test_sigbus_and_truncate(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	int fd;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_tr", P + 1, 1) == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/kt_tr", O_RDWR, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, 4 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0), BASE);
	KTEST_EXPECT_EQ(t, access_signal(BASE + P, false), 0);	/* the partial last page */
	KTEST_EXPECT_EQ(t, peek8(BASE + P + 1), 0);		/* zeros past EOF in it */
	KTEST_EXPECT_EQ(t, access_signal(BASE + 2 * P, false), SIGBUS * 100 + BUS_ADRERR);
	KTEST_EXPECT_EQ(t, access_signal(BASE + 3 * P, true), SIGBUS * 100 + BUS_ADRERR);
	KTEST_EXPECT_EQ(t, access_signal(BASE, true), 0);
	KTEST_EXPECT_TRUE(t, page_of(e.mm, BASE) != NULL);
	KTEST_EXPECT_EQ(t, ksys_ftruncate(fd, 0), 0);
	KTEST_EXPECT_TRUE(t, page_of(e.mm, BASE) == NULL);
	KTEST_EXPECT_EQ(t, access_signal(BASE, false), SIGBUS * 100 + BUS_ADRERR);
	/* Growing it again shows zeros, not the old data. */
	KTEST_EXPECT_EQ(t, ksys_ftruncate(fd, 2 * P), 0);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0);
	KTEST_EXPECT_EQ(t, peek8(BASE + P), 0);
	KTEST_EXPECT_EQ(t, ksys_ftruncate(fd, -1), -EINVAL);
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	mm_test_end(t, &e);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_tr"), 0);
	fs_expect_same(t, &before);
}

/* do_mmap's checks on files, with Linux's errno values. */
static void test_mmap_errors(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	int ro, wo, dir;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_err", P, 1) == 0);
	KTEST_EXPECT_EQ(t, do_mkdir("/kt_dir", 0755), 0);
	if (!mm_test_begin(t, &e, false))
		return;
	ro = ksys_open("/kt_err", O_RDONLY, 0);
	wo = ksys_open("/kt_err", O_WRONLY, 0);
	dir = ksys_open("/kt_dir", O_RDONLY | O_DIRECTORY, 0);
	KTEST_EXPECT_TRUE(t, ro >= 0 && wo >= 0 && dir >= 0);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, MAP_SHARED, 60, 0), -EBADF);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, RW, MAP_SHARED, ro, 0), -EACCES);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, MAP_PRIVATE, wo, 0), -EACCES);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, MAP_SHARED, wo, 0), -EACCES);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, MAP_SHARED, dir, 0), -ENODEV);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, MAP_SHARED, ro, 100), -EINVAL);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, ro, 0),
			-EOPNOTSUPP);
	KTEST_EXPECT_EQ(t, sys_mmap(0, P, PROT_READ, 0, ro, 0), -EINVAL);
	/* Shared and read-only: never writable, not even by mprotect. */
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, P, PROT_READ, MAP_SHARED | MAP_FIXED, ro, 0), BASE);
	KTEST_EXPECT_FALSE(t, vma_lookup(e.mm, BASE)->vm_flags & (VM_MAYWRITE | VM_SHARED));
	KTEST_EXPECT_TRUE(t, vma_lookup(e.mm, BASE)->vm_flags & VM_MAYSHARE);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(BASE, P, RW, -1), -EACCES);
	/* Private: writable by mprotect, copies on write. */
	KTEST_EXPECT_EQ(t, sys_mmap(BASE + P, P, PROT_READ, MAP_PRIVATE | MAP_FIXED, ro, 0),
			BASE + P);
	KTEST_EXPECT_EQ(t, do_mprotect_pkey(BASE + P, P, RW, -1), 0);
	KTEST_EXPECT_EQ(t, poke8(BASE + P, 3), 0);
	KTEST_EXPECT_EQ(t, ksys_close(ro), 0);
	KTEST_EXPECT_EQ(t, ksys_close(wo), 0);
	KTEST_EXPECT_EQ(t, ksys_close(dir), 0);
	KTEST_EXPECT_EQ(t, ksys_close(dir), -EBADF);
	mm_test_end(t, &e);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_err"), 0);
	KTEST_EXPECT_EQ(t, do_rmdir("/kt_dir"), 0);
	fs_expect_same(t, &before);
}

/* MAP_SHARED|MAP_ANONYMOUS is an unlinked shmem file: data outlives its PTEs. */
static void test_shared_anon_shmem(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	struct vm_area_struct *vma;
	struct mm_struct *child;
	char path[64];

	fs_snap(&before);
	if (!mm_test_begin(t, &e, false))
		return;
	KTEST_EXPECT_EQ(t, vm_mmap(BASE, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED), BASE);
	vma = vma_lookup(e.mm, BASE);
	KTEST_ASSERT_TRUE(t, vma && vma->vm_file && vma_is_shmem(vma));
	KTEST_EXPECT_EQ(t, strcmp(d_path(&vma->vm_file->f_path, path, sizeof(path)),
				  "/dev/zero (deleted)"), 0);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_SHMEM), before.shmem + 1);
	KTEST_EXPECT_EQ(t, poke8(BASE, 0x5a), 0);
	KTEST_EXPECT_EQ(t, e.mm->rss_stat[MM_SHMEMPAGES], 1);
	KTEST_EXPECT_EQ(t, do_madvise(e.mm, BASE, P, MADV_DONTNEED), 0);
	KTEST_EXPECT_TRUE(t, page_of(e.mm, BASE) == NULL);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x5a);
	/* A fork shares the pages both ways. */
	child = dup_mm(e.mm);
	KTEST_ASSERT_TRUE(t, !IS_ERR(child));
	use_mm(child);
	KTEST_EXPECT_EQ(t, peek8(BASE), 0x5a);
	KTEST_EXPECT_EQ(t, poke8(BASE + P, 0x66), 0);
	use_mm(e.mm);
	KTEST_EXPECT_EQ(t, peek8(BASE + P), 0x66);
	mmput(child);
	/* Beyond the mapping's original size the shmem file has no pages: SIGBUS. */
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 4 * P, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED),
			BASE + 4 * P);
	KTEST_EXPECT_NE(t, vma_lookup(e.mm, BASE + 4 * P)->vm_file, vma->vm_file);
	mm_test_end(t, &e);
	fs_expect_same(t, &before);
}

/* Fault-around maps the cached neighbours of a read fault in one go. */
static void test_fault_around(struct ktest *t)
{
	unsigned long saved = fault_around_bytes, around;
	struct fs_snap before;
	struct mm_test_env e;
	int fd, mapped = 0;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_fa", 32 * P, 2) == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/kt_fa", O_RDONLY, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, 32 * P, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0), BASE);
	around = vm_events[PGFAULTAROUND];
	KTEST_EXPECT_EQ(t, peek8(BASE + 3 * P), (u8)(3 * P * 7 + 2));
	/* 64 KiB window: pages 0..15 are mapped by the fault on page 3. */
	KTEST_EXPECT_EQ(t, vm_events[PGFAULTAROUND] - around, 15);
	for (unsigned long i = 0; i < 32; i++)
		mapped += page_of(e.mm, BASE + i * P) != NULL;
	KTEST_EXPECT_EQ(t, mapped, 16);
	/* Old only when the MMU can set the access flag itself. */
	KTEST_EXPECT_EQ(t, pte_young(pte_of(e.mm, BASE + 5 * P)), !cpu_has_hw_af);
	/* Off: one page per fault. */
	fault_around_bytes = P;
	around = vm_events[PGFAULTAROUND];
	KTEST_EXPECT_EQ(t, peek8(BASE + 20 * P), (u8)(20 * P * 7 + 2));
	KTEST_EXPECT_EQ(t, vm_events[PGFAULTAROUND], around);
	KTEST_EXPECT_TRUE(t, page_of(e.mm, BASE + 21 * P) == NULL);
	fault_around_bytes = saved;
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	mm_test_end(t, &e);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_fa"), 0);
	fs_expect_same(t, &before);
}

/* tmpfs: a size limit that write() and faults respect; umount while busy. */
static void test_tmpfs(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	struct kstatfs st;
	struct path p;
	char page[64];
	int fd;

	memset(page, 'z', sizeof(page));
	fs_snap(&before);
	KTEST_EXPECT_EQ(t, do_mkdir("/kt_tmp", 0755), 0);
	KTEST_EXPECT_EQ(t, do_mount("none", "/kt_tmp", "tmpfs", 0, "size=8k"), 0);
	KTEST_EXPECT_EQ(t, do_mount("none", "/kt_tmp", "tmpfs", 0, "bogus=1"), -EINVAL);
	KTEST_EXPECT_EQ(t, do_mount("none", "/kt_tmp", "nosuchfs", 0, NULL), -ENODEV);
	fd = ksys_open("/kt_tmp/a", O_CREAT | O_RDWR, 0600);
	KTEST_ASSERT_TRUE(t, fd >= 0);
	for (int i = 0; i < 128; i++)
		KTEST_EXPECT_EQ(t, ksys_write(fd, page, sizeof(page)), (long)sizeof(page));
	KTEST_EXPECT_EQ(t, ksys_write(fd, page, sizeof(page)), -ENOSPC);
	KTEST_EXPECT_EQ(t, kern_path("/kt_tmp", 0, &p), 0);
	KTEST_EXPECT_EQ(t, vfs_statfs(&p, &st), 0);
	path_put(&p);
	KTEST_EXPECT_EQ(t, st.f_blocks, 2);
	KTEST_EXPECT_EQ(t, st.f_bfree, 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_SHMEM), before.shmem + 2);
	if (mm_test_begin(t, &e, false)) {
		/* Descriptors belong to an address space: this one has none yet. */
		int fd2;

		KTEST_EXPECT_EQ(t, ksys_ftruncate(fd, 4 * P), -EBADF);
		fd2 = ksys_open("/kt_tmp/a", O_RDWR, 0);
		KTEST_EXPECT_EQ(t, fd2, 0);
		KTEST_EXPECT_EQ(t, ksys_ftruncate(fd2, 4 * P), 0);
		KTEST_EXPECT_EQ(t, sys_mmap(BASE, 4 * P, RW, MAP_SHARED | MAP_FIXED, fd2, 0), BASE);
		KTEST_EXPECT_EQ(t, peek8(BASE + P), 'z');
		/* A hole in a full tmpfs cannot get a page. */
		KTEST_EXPECT_EQ(t, access_signal(BASE + 3 * P, false), SIGBUS * 100 + BUS_ADRERR);
		KTEST_EXPECT_EQ(t, do_umount("/kt_tmp"), -EBUSY);
		mm_test_end(t, &e);
	}
	KTEST_EXPECT_EQ(t, do_umount("/kt_tmp"), -EBUSY);	/* fd still open */
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	KTEST_EXPECT_EQ(t, do_umount("/kt_tmp"), 0);
	KTEST_EXPECT_EQ(t, do_umount("/kt_tmp"), -EINVAL);
	KTEST_EXPECT_EQ(t, do_rmdir("/kt_tmp"), 0);
	fs_expect_same(t, &before);
}

/* msync's argument checks and results, as Linux's. */
static void test_msync(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	int fd;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_ms", 2 * P, 4) == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/kt_ms", O_RDWR, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, 2 * P, RW, MAP_SHARED | MAP_FIXED, fd, 0), BASE);
	KTEST_EXPECT_EQ(t, vm_mmap(BASE + 3 * P, P, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED),
			BASE + 3 * P);
	KTEST_EXPECT_EQ(t, poke8(BASE, 1), 0);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, 2 * P, MS_SYNC), 0);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, 2 * P, MS_ASYNC), 0);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, 2 * P, MS_INVALIDATE), 0);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, 0, MS_SYNC), 0);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE + 1, P, MS_SYNC), -EINVAL);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, P, MS_SYNC | MS_ASYNC), -EINVAL);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, P, 8), -EINVAL);
	/* A hole inside the range: the rest is synced, then ENOMEM. */
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, 4 * P, MS_SYNC), -ENOMEM);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE + 2 * P, P, MS_ASYNC), -ENOMEM);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE + 8 * P, P, MS_SYNC), -ENOMEM);
	KTEST_EXPECT_EQ(t, do_mlock(e.mm, BASE, P, VM_LOCKED), 0);
	KTEST_EXPECT_EQ(t, ksys_msync(BASE, P, MS_INVALIDATE), -EBUSY);
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	mm_test_end(t, &e);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_ms"), 0);
	fs_expect_same(t, &before);
}

/* Unlinking a mapped file keeps it alive until the mapping goes. */
static void test_unlink_while_mapped(struct ktest *t)
{
	struct fs_snap before;
	struct mm_test_env e;
	char path[64];
	int fd;

	fs_snap(&before);
	KTEST_ASSERT_TRUE(t, make_file("/kt_ul", P, 6) == 0);
	if (!mm_test_begin(t, &e, false))
		return;
	fd = ksys_open("/kt_ul", O_RDWR, 0);
	KTEST_EXPECT_EQ(t, sys_mmap(BASE, P, RW, MAP_SHARED | MAP_FIXED, fd, 0), BASE);
	KTEST_EXPECT_EQ(t, ksys_close(fd), 0);
	KTEST_EXPECT_EQ(t, do_unlink("/kt_ul"), 0);
	KTEST_EXPECT_EQ(t, peek8(BASE), 6);
	KTEST_EXPECT_EQ(t, strcmp(d_path(&vma_lookup(e.mm, BASE)->vm_file->f_path, path,
					 sizeof(path)), "/kt_ul (deleted)"), 0);
	KTEST_EXPECT_EQ(t, global_vm_stat(NR_FILE_PAGES), before.file_pages + 1);
	mm_test_end(t, &e);
	fs_expect_same(t, &before);
}

static const struct ktest_case filemap_cases[] = {
	KTEST_CASE(test_read_write),
	KTEST_CASE(test_mmap_shared),
	KTEST_CASE(test_mmap_private_cow),
	KTEST_CASE(test_sigbus_and_truncate),
	KTEST_CASE(test_mmap_errors),
	KTEST_CASE(test_shared_anon_shmem),
	KTEST_CASE(test_fault_around),
	KTEST_CASE(test_tmpfs),
	KTEST_CASE(test_msync),
	KTEST_CASE(test_unlink_while_mapped),
	{}
};
KTEST_SUITE(filemap, filemap_cases);

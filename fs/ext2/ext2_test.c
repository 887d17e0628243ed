// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suite "ext2": the VFS, the page cache and fs/ext2 together on the
 * ext2 filesystem mounted at boot (vda on /mnt), in a scratch directory
 * that is removed afterwards. Skipped when nothing ext2 is mounted.
 */
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/ktest.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>

#include "ext2.h"

#define BUF_SIZE	8192

static char scratch[64];

/* The first ext2 mount, with scratch[] = "<mountpoint>/.ktest-ext2" created. */
static struct vfsmount *ext2_test_mount(struct ktest *t)
{
	struct vfsmount *mnt = NULL;
	char buf[48];
	char *p;
	int err;

	while ((mnt = next_mount(mnt)))
		if (!strcmp(mnt->mnt_sb->s_type->name, "ext2"))
			break;
	if (!mnt) {
		ktest_skip(t, "no ext2 filesystem mounted (boot with an ext2 vda)");
		return NULL;
	}
	if (mnt->mnt_sb->s_flags & SB_RDONLY) {
		ktest_skip(t, "the ext2 filesystem is read-only");
		return NULL;
	}
	p = mnt_path(mnt, buf, sizeof(buf));
	if (IS_ERR(p)) {
		ktest_fail(t, __FILE__, __LINE__, "mount point path too long");
		return NULL;
	}
	snprintf(scratch, sizeof(scratch), "%s/.ktest-ext2", strcmp(p, "/") ? p : "");
	err = do_mkdir(scratch, 0755);
	if (err && err != -EEXIST) {
		ktest_fail(t, __FILE__, __LINE__, "mkdir %s: %d", scratch, err);
		return NULL;
	}
	return mnt;
}

static void ext2_test_done(void)
{
	do_rmdir(scratch);
}

static void fill_pattern(char *buf, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(i * 7 + seed + (i >> 9));
}

/* Write @chunks * BUF_SIZE patterned bytes to @path (created/truncated). */
static int write_file(const char *path, char *buf, int chunks)
{
	struct file *f;
	loff_t pos = 0;
	int err, i;

	f = filp_open(path, O_CREAT | O_RDWR | O_TRUNC, 0644, &err);
	if (!f)
		return err;
	for (i = 0; i < chunks; i++) {
		long n;

		fill_pattern(buf, BUF_SIZE, i);
		n = vfs_write(f, buf, BUF_SIZE, &pos);
		if (n != BUF_SIZE) {
			fput(f);
			return n < 0 ? (int)n : -EIO;
		}
	}
	err = vfs_fsync(f, 0);
	fput(f);
	return err;
}

/* Compare @path with write_file's pattern after dropping its clean cached pages. */
static bool file_matches(const char *path, char *buf, char *want, int chunks)
{
	struct file *f;
	loff_t pos = 0;
	bool ok = true;
	int err, i;

	f = filp_open(path, O_RDONLY, 0, &err);
	if (!f)
		return false;
	/* Read from the disk, not from what write() left cached. */
	invalidate_mapping_pages(f->f_mapping, 0, ~0UL);
	for (i = 0; i < chunks && ok; i++) {
		fill_pattern(want, BUF_SIZE, i);
		ok = vfs_read(f, buf, BUF_SIZE, &pos) == BUF_SIZE && !memcmp(buf, want, BUF_SIZE);
	}
	if (ok)
		ok = vfs_read(f, buf, BUF_SIZE, &pos) == 0;
	fput(f);
	return ok;
}

static void test_ext2_read_known(struct ktest *t)
{
	struct vfsmount *mnt = ext2_test_mount(t);
	struct kstatfs st;
	struct kstat ks;
	struct path path;
	char name[96];

	if (!mnt)
		return;
	/* mke2fs makes lost+found in every ext2 filesystem. */
	snprintf(name, sizeof(name), "%s/../lost+found", scratch);
	KTEST_EXPECT_EQ(t, vfs_stat(name, &ks), 0);
	KTEST_EXPECT_TRUE(t, S_ISDIR(ks.mode));
	KTEST_EXPECT_EQ(t, ks.ino, 11);
	path.mnt = mnt;
	path.dentry = mnt->mnt_root;
	KTEST_EXPECT_EQ(t, vfs_statfs(&path, &st), 0);
	KTEST_EXPECT_EQ(t, st.f_type, EXT2_SUPER_MAGIC);
	KTEST_EXPECT_TRUE(t, st.f_bfree <= st.f_blocks);
	/* The README of rootfs/ when the disk is make's build/disk.img. */
	snprintf(name, sizeof(name), "%s/../README", scratch);
	if (!vfs_stat(name, &ks)) {
		char *buf = kmalloc(64, GFP_KERNEL);
		struct file *f;
		loff_t pos = 0;
		int err;

		f = filp_open(name, O_RDONLY, 0, &err);
		KTEST_EXPECT_TRUE(t, f != NULL);
		if (f && buf) {
			KTEST_EXPECT_EQ(t, vfs_read(f, buf, 64, &pos), ks.size < 64 ? ks.size : 64);
			fput(f);
		}
		kfree(buf);
	}
	ext2_test_done();
}

static void test_ext2_write_read_unlink(struct ktest *t)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL), *want = kmalloc(BUF_SIZE, GFP_KERNEL);
	struct vfsmount *mnt = ext2_test_mount(t);
	struct kstatfs st0, st;
	struct path root;
	struct kstat ks;
	char name[96];

	if (!mnt || !buf || !want)
		goto out;
	root.mnt = mnt;
	root.dentry = mnt->mnt_root;
	snprintf(name, sizeof(name), "%s/data", scratch);
	KTEST_EXPECT_EQ(t, vfs_statfs(&root, &st0), 0);
	/* 40 KiB: direct blocks and, with 1 KiB blocks, the indirect one. */
	KTEST_EXPECT_EQ(t, write_file(name, buf, 5), 0);
	KTEST_EXPECT_EQ(t, vfs_stat(name, &ks), 0);
	KTEST_EXPECT_EQ(t, ks.size, 5 * BUF_SIZE);
	KTEST_EXPECT_TRUE(t, ks.blocks >= 5 * BUF_SIZE / 512);
	KTEST_EXPECT_TRUE(t, file_matches(name, buf, want, 5));
	KTEST_EXPECT_EQ(t, do_unlink(name), 0);
	KTEST_EXPECT_EQ(t, vfs_stat(name, &ks), -ENOENT);
	KTEST_EXPECT_EQ(t, vfs_statfs(&root, &st), 0);
	KTEST_EXPECT_EQ(t, st.f_bfree, st0.f_bfree);
	KTEST_EXPECT_EQ(t, st.f_ffree, st0.f_ffree);
	ext2_test_done();
out:
	kfree(buf);
	kfree(want);
}

struct seen {
	struct dir_context ctx;
	unsigned int mask;
	int count;
};

static int seen_actor(struct dir_context *ctx, const char *name, int len, loff_t pos, u64 ino,
		      unsigned int d_type)
{
	struct seen *s = container_of(ctx, struct seen, ctx);

	s->count++;
	if (len == 2 && name[0] == 'f' && name[1] >= '0' && name[1] <= '4')
		s->mask |= 1u << (name[1] - '0');
	return 0;
}

static void test_ext2_readdir(struct ktest *t)
{
	struct seen s = { .ctx.actor = seen_actor };
	struct vfsmount *mnt = ext2_test_mount(t);
	struct file *dir, *f;
	char name[96];
	int err, i;

	if (!mnt)
		return;
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "%s/f%d", scratch, i);
		f = filp_open(name, O_CREAT | O_WRONLY, 0644, &err);
		KTEST_EXPECT_TRUE(t, f != NULL);
		if (f)
			fput(f);
	}
	dir = filp_open(scratch, O_RDONLY | O_DIRECTORY, 0, &err);
	KTEST_EXPECT_TRUE(t, dir != NULL);
	if (dir) {
		KTEST_EXPECT_EQ(t, iterate_dir(dir, &s.ctx), 0);
		fput(dir);
	}
	KTEST_EXPECT_EQ(t, s.mask, 0x1f);
	KTEST_EXPECT_EQ(t, s.count, 7);	/* with "." and ".." */
	for (i = 0; i < 5; i++) {
		snprintf(name, sizeof(name), "%s/f%d", scratch, i);
		KTEST_EXPECT_EQ(t, do_unlink(name), 0);
	}
	ext2_test_done();
}

static void test_ext2_rename(struct ktest *t)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL), *want = kmalloc(BUF_SIZE, GFP_KERNEL);
	struct vfsmount *mnt = ext2_test_mount(t);
	char a[96], b[96], sub[96], c[112];
	struct kstat ks;

	if (!mnt || !buf || !want)
		goto out;
	snprintf(a, sizeof(a), "%s/a", scratch);
	snprintf(b, sizeof(b), "%s/b", scratch);
	snprintf(sub, sizeof(sub), "%s/sub", scratch);
	snprintf(c, sizeof(c), "%s/c", sub);
	KTEST_EXPECT_EQ(t, write_file(a, buf, 1), 0);
	KTEST_EXPECT_EQ(t, write_file(b, buf, 2), 0);
	KTEST_EXPECT_EQ(t, do_rename(a, b), 0);		/* replaces b */
	KTEST_EXPECT_EQ(t, vfs_stat(a, &ks), -ENOENT);
	KTEST_EXPECT_TRUE(t, file_matches(b, buf, want, 1));
	KTEST_EXPECT_EQ(t, do_mkdir(sub, 0755), 0);
	KTEST_EXPECT_EQ(t, do_rename(b, c), 0);		/* across directories */
	KTEST_EXPECT_TRUE(t, file_matches(c, buf, want, 1));
	KTEST_EXPECT_EQ(t, do_rmdir(sub), -ENOTEMPTY);
	KTEST_EXPECT_EQ(t, do_unlink(c), 0);
	KTEST_EXPECT_EQ(t, vfs_stat(sub, &ks), 0);
	KTEST_EXPECT_EQ(t, ks.nlink, 2);
	KTEST_EXPECT_EQ(t, do_rmdir(sub), 0);
	ext2_test_done();
out:
	kfree(buf);
	kfree(want);
}

static void test_ext2_truncate(struct ktest *t)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL), *want = kmalloc(BUF_SIZE, GFP_KERNEL);
	struct vfsmount *mnt = ext2_test_mount(t);
	struct kstat ks0, ks;
	char name[96];
	struct file *f;
	loff_t pos = 0;
	int err, i;

	if (!mnt || !buf || !want)
		goto out;
	snprintf(name, sizeof(name), "%s/t", scratch);
	KTEST_EXPECT_EQ(t, write_file(name, buf, 8), 0);
	KTEST_EXPECT_EQ(t, vfs_stat(name, &ks0), 0);
	KTEST_EXPECT_EQ(t, do_truncate_path(name, 1000), 0);
	KTEST_EXPECT_EQ(t, vfs_stat(name, &ks), 0);
	KTEST_EXPECT_EQ(t, ks.size, 1000);
	KTEST_EXPECT_TRUE(t, ks.blocks < ks0.blocks);
	/* Extended again: the old bytes past 1000 read as zeros, even from the disk. */
	KTEST_EXPECT_EQ(t, do_truncate_path(name, 3000), 0);
	f = filp_open(name, O_RDONLY, 0, &err);
	KTEST_EXPECT_TRUE(t, f != NULL);
	if (f) {
		invalidate_mapping_pages(f->f_mapping, 0, ~0UL);
		KTEST_EXPECT_EQ(t, vfs_read(f, buf, BUF_SIZE, &pos), 3000);
		fill_pattern(want, 1000, 0);
		KTEST_EXPECT_TRUE(t, !memcmp(buf, want, 1000));
		for (i = 1000; i < 3000; i++)
			if (buf[i])
				break;
		KTEST_EXPECT_EQ(t, i, 3000);
		fput(f);
	}
	KTEST_EXPECT_EQ(t, do_truncate_path(name, 0), 0);
	KTEST_EXPECT_EQ(t, vfs_stat(name, &ks), 0);
	KTEST_EXPECT_EQ(t, ks.blocks, 0);
	KTEST_EXPECT_EQ(t, do_unlink(name), 0);
	ext2_test_done();
out:
	kfree(buf);
	kfree(want);
}

static const struct ktest_case ext2_cases[] = {
	KTEST_CASE(test_ext2_read_known),
	KTEST_CASE(test_ext2_write_read_unlink),
	KTEST_CASE(test_ext2_readdir),
	KTEST_CASE(test_ext2_rename),
	KTEST_CASE(test_ext2_truncate),
	{}
};
KTEST_SUITE(ext2, ext2_cases);

// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for fs/ext2 and fs/buffer.c against images made by mke2fs
 * (1, 2 and 4 KiB blocks, revisions 1 and 0), through a block device over
 * the image file and a miniature VFS (tests/host/ext2_host.c). File data
 * is moved the way the kernel's address_space operations move it: blocks
 * found or allocated with ext2_get_block/ext2_alloc_range, bytes past end
 * of file zero.
 *
 *   - reading files and directories mke2fs -d wrote
 *   - create/write/read/unlink/rename/truncate/mkdir/rmdir, indirect,
 *     double and triple indirect blocks, sparse files
 *   - randomized operation sequences (fixed seed) against an in-memory
 *     model (name -> bytes), with remounts
 *   - filling the disk to ENOSPC and freeing it again
 *   - after each scenario `e2fsck -fn` exits 0 and `debugfs -R 'cat /x'`
 *     shows the model's bytes
 *   - corrupt images: bad magic, block size, counts, features, group
 *     descriptors, rec_len 0 / past the block end, block numbers beyond
 *     the device, read errors: errors, never crashes (ASan/UBSan)
 */
#include "test.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>

#include <arbor/errno.h>

#include "../../fs/ext2/ext2.h"
#include "ext2_host.h"
#include "host_printk.h"

static char tmpdir[64];
static char img[128];
static char logbuf[8192];

static int scale(void)
{
	const char *s = getenv("TEST_SCALE");

	return s && atoi(s) > 0 ? atoi(s) : 1;
}

static int run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	/* e2fsprogs live in /usr/sbin, not always on a user's PATH. */
	char full[1200];

	snprintf(full, sizeof(full), "PATH=\"$PATH:/usr/sbin:/sbin\"; %s", cmd);
	st = system(full);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* mke2fs an image of @kib KiB with @bs-byte blocks; @extra: more options. */
static void mkimg(unsigned int bs, unsigned int kib, const char *extra)
{
	snprintf(img, sizeof(img), "%s/disk.img", tmpdir);
	remove(img);
	CHECK_EQ(run("mke2fs -q -t ext2 -b %u -E root_owner=0:0 %s -F %s %uk >/dev/null 2>&1",
		     bs, extra ? extra : "", img, kib), 0);
}

static bool fsck_clean(void)
{
	int st = run("e2fsck -fn %s > %s/fsck.log 2>&1", img, tmpdir);

	if (st) {
		printf("# e2fsck -fn exit status %d:\n", st);
		run("sed 's/^/#   /' %s/fsck.log | head -40", tmpdir);
	}
	return st == 0;
}

/* debugfs -R 'cat /path' equals @data (@len bytes). */
static bool debugfs_cat_is(const char *path, const unsigned char *data, size_t len)
{
	char out[256];
	FILE *f;
	bool same;
	size_t n;
	unsigned char *buf = malloc(len + 1);

	snprintf(out, sizeof(out), "%s/cat.out", tmpdir);
	run("debugfs -R 'cat %s' %s > %s 2>/dev/null", path, img, out);
	f = fopen(out, "rb");
	if (!f) {
		free(buf);
		return false;
	}
	n = fread(buf, 1, len + 1, f);
	fclose(f);
	same = n == len && !memcmp(buf, data, len);
	if (!same)
		printf("# debugfs cat %s: %zu bytes, expected %zu\n", path, n, len);
	free(buf);
	return same;
}

/* ---- a mounted image ---- */

struct tfs {
	struct fake_disk d;
	struct super_block *sb;
};

static int tmount(struct tfs *t)
{
	int err;

	if (fake_disk_open(&t->d, img))
		return -ENODEV;
	t->sb = host_mount(&t->d, &err);
	if (!t->sb)
		fake_disk_close(&t->d);
	return err;
}

static void tumount(struct tfs *t)
{
	host_umount(t->sb);
	fake_disk_close(&t->d);
	CHECK_EQ(host_inodes_in_core(), 0);
}

static struct inode *root_of(struct tfs *t)
{
	return t->sb->s_root->d_inode;
}

static struct dentry mkdentry(const char *name, struct inode *inode)
{
	struct dentry d = { 0 };

	d.d_name = (char *)name;
	d.d_namelen = strlen(name);
	d.d_inode = inode;
	return d;
}

static struct inode *h_lookup(struct inode *dir, const char *name, int *err)
{
	struct dentry d = mkdentry(name, NULL);

	*err = ext2_lookup(dir, &d);
	return *err ? NULL : d.d_inode;
}

static struct inode *h_create(struct inode *dir, const char *name, int *err)
{
	struct dentry d = mkdentry(name, NULL);

	*err = ext2_create(dir, &d, 0644);
	return *err ? NULL : d.d_inode;
}

static int h_mkdir(struct inode *dir, const char *name)
{
	struct dentry d = mkdentry(name, NULL);
	int err = ext2_mkdir(dir, &d, 0755);

	if (!err)
		iput(d.d_inode);
	return err;
}

static int h_unlink(struct inode *dir, const char *name)
{
	int err;
	struct inode *inode = h_lookup(dir, name, &err);
	struct dentry d = mkdentry(name, inode);

	if (!inode)
		return err;
	err = S_ISDIR(inode->i_mode) ? -EISDIR : ext2_unlink(dir, &d);
	iput(inode);
	return err;
}

static int h_rmdir(struct inode *dir, const char *name)
{
	int err;
	struct inode *inode = h_lookup(dir, name, &err);
	struct dentry d = mkdentry(name, inode);

	if (!inode)
		return err;
	err = ext2_rmdir(dir, &d);
	iput(inode);
	return err;
}

static int h_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname)
{
	int err;
	struct inode *oi = h_lookup(odir, oname, &err), *ni;
	struct dentry od, nd;

	if (!oi)
		return err;
	ni = h_lookup(ndir, nname, &err);
	if (!ni && err != -ENOENT) {
		iput(oi);
		return err;
	}
	od = mkdentry(oname, oi);
	nd = mkdentry(nname, ni);
	err = ni == oi ? 0 : ext2_rename(odir, &od, ndir, &nd);
	iput(ni);
	iput(oi);
	return err;
}

/* The old contents of file block @b as a write keeps them: holes and bytes past @old are zero. */
static int old_block(struct inode *inode, u64 b, loff_t old, unsigned char *blk)
{
	unsigned int bs = inode->i_sb->s_blocksize;
	loff_t start = (loff_t)b * bs;
	u32 pblk = 0;
	int err;

	memset(blk, 0, bs);
	if (start >= old)
		return 0;
	err = ext2_get_block(inode, b, false, &pblk);
	if (!err && pblk)
		err = blkdev_read(inode->i_sb->s_bdev, (u64)pblk * (bs / 512), blk, bs / 512);
	if (old - start < bs)
		memset(blk + (old - start), 0, bs - (old - start));
	return err;
}

/*
 * What write_begin + copy + writepage do for [pos, pos + len): read the
 * partial first and last blocks, allocate (so ENOSPC comes now), write.
 */
static int h_write(struct inode *inode, loff_t pos, const void *buf, size_t len)
{
	struct super_block *sb = inode->i_sb;
	unsigned int bs = sb->s_blocksize, spb = bs / 512;
	loff_t old = inode->i_size;
	u64 first = pos / bs, last = (pos + len - 1) / bs;
	unsigned char *head = malloc(bs), *tail = malloc(bs), *mid = malloc(bs), *blk;
	size_t done = 0;
	int err;

	if (!len) {
		free(mid);
		goto out_ok;
	}
	err = old_block(inode, first, old, head);
	if (!err)
		err = old_block(inode, last, old, tail);
	if (!err)
		err = ext2_alloc_range(inode, pos, len);
	while (!err && done < len) {
		loff_t p = pos + done, start = p - p % bs;
		size_t off = p - start, n = bs - off < len - done ? bs - off : len - done;
		u32 pblk;

		err = ext2_get_block(inode, p / bs, false, &pblk);
		if (err)
			break;
		CHECK(pblk != 0);
		blk = (u64)(p / bs) == first ? head : (u64)(p / bs) == last ? tail : mid;
		memcpy(blk + off, (const char *)buf + done, n);
		err = blkdev_write(sb->s_bdev, (u64)pblk * spb, blk, spb);
		done += n;
	}
	free(mid);
	if (err) {
		free(head);
		free(tail);
		return err;
	}
	if (pos + (loff_t)len > inode->i_size)
		inode->i_size = pos + len;
	mark_inode_dirty(inode);
out_ok:
	free(head);
	free(tail);
	return 0;
}

static long h_read(struct inode *inode, loff_t pos, void *buf, size_t len)
{
	struct super_block *sb = inode->i_sb;
	unsigned int bs = sb->s_blocksize, spb = bs / 512;
	unsigned char *blk = malloc(bs);
	size_t done = 0;
	int err = 0;

	if (pos >= inode->i_size) {
		free(blk);
		return 0;
	}
	if ((loff_t)len > inode->i_size - pos)
		len = inode->i_size - pos;
	while (done < len) {
		loff_t p = pos + done, start = p & ~(loff_t)(bs - 1);
		size_t off = p - start, n = bs - off < len - done ? bs - off : len - done;
		u32 pblk;

		err = ext2_get_block(inode, p / bs, false, &pblk);
		if (err)
			break;
		if (pblk)
			err = blkdev_read(sb->s_bdev, (u64)pblk * spb, blk, spb);
		else
			memset(blk, 0, bs);
		if (err)
			break;
		memcpy((char *)buf + done, blk + off, n);
		done += n;
	}
	free(blk);
	return err ? err : (long)done;
}

struct names {
	struct dir_context ctx;
	int n;
	char list[64][64];
	unsigned int types[64];
};

static int names_actor(struct dir_context *ctx, const char *name, int len, loff_t pos, u64 ino,
		       unsigned int d_type)
{
	struct names *nm = (struct names *)ctx;

	if (nm->n < 64 && len < 64) {
		memcpy(nm->list[nm->n], name, len);
		nm->list[nm->n][len] = 0;
		nm->types[nm->n] = d_type;
	}
	nm->n++;
	return 0;
}

static bool has_name(struct names *nm, const char *name)
{
	for (int i = 0; i < nm->n && i < 64; i++)
		if (!strcmp(nm->list[i], name))
			return true;
	return false;
}

static void fill(unsigned char *buf, size_t n, uint64_t *seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(test_rand(seed) >> 24);
}

/* ---- files mke2fs -d wrote ---- */

TEST(ext2_reads_mke2fs_d_tree)
{
	static const unsigned int sizes[] = { 1024, 4096 };

	for (unsigned int s = 0; s < 2; s++) {
		char dir[128];
		unsigned char *big = malloc(300000), *got = malloc(300000);
		uint64_t seed = 42;
		struct tfs t;
		struct inode *f, *sub;
		struct names nm = { .ctx.actor = names_actor };
		int err;
		FILE *fp;

		fill(big, 300000, &seed);
		snprintf(dir, sizeof(dir), "%s/src", tmpdir);
		run("rm -rf %s && mkdir -p %s/sub", dir, dir);
		run("printf 'hello, ext2\\n' > %s/hello.txt", dir);
		snprintf((char *)got, 300, "%s/sub/big.bin", dir);
		fp = fopen((char *)got, "wb");
		fwrite(big, 1, 300000, fp);
		fclose(fp);
		snprintf(logbuf, sizeof(logbuf), "-d %s", dir);
		mkimg(sizes[s], 8192, logbuf);
		CHECK_EQ(tmount(&t), 0);
		if (!t.sb)
			continue;
		CHECK_EQ(t.sb->s_blocksize, sizes[s]);
		f = h_lookup(root_of(&t), "hello.txt", &err);
		CHECK(f != NULL);
		if (f) {
			CHECK_EQ(f->i_size, 12);
			CHECK_EQ(h_read(f, 0, got, 100), 12);
			CHECK(!memcmp(got, "hello, ext2\n", 12));
			CHECK(S_ISREG(f->i_mode));
			CHECK_EQ(f->i_nlink, 1);
			iput(f);
		}
		sub = h_lookup(root_of(&t), "sub", &err);
		CHECK(sub && S_ISDIR(sub->i_mode));
		if (sub) {
			f = h_lookup(sub, "big.bin", &err);
			CHECK(f != NULL);
			if (f) {
				CHECK_EQ(f->i_size, 300000);
				CHECK_EQ(h_read(f, 0, got, 300000), 300000);
				CHECK(!memcmp(got, big, 300000));
				CHECK_EQ(h_read(f, 299990, got, 100), 10);
				iput(f);
			}
			iput(sub);
		}
		CHECK_EQ(h_lookup(root_of(&t), "nope", &err), NULL);
		CHECK_EQ(err, -ENOENT);
		CHECK_EQ(ext2_iterate_dir(root_of(&t), &nm.ctx), 0);
		CHECK(has_name(&nm, ".") && has_name(&nm, "..") && has_name(&nm, "hello.txt") &&
		      has_name(&nm, "sub") && has_name(&nm, "lost+found"));
		CHECK_EQ(nm.n, 5);
		for (int i = 0; i < nm.n; i++)
			if (!strcmp(nm.list[i], "sub"))
				CHECK_EQ(nm.types[i], DT_DIR);
		tumount(&t);
		CHECK(fsck_clean());
		free(big);
		free(got);
	}
}

/* ---- basic operations, every block size and revision 0 ---- */

static void basic_ops(unsigned int bs, const char *extra)
{
	unsigned char *buf = malloc(1 << 20), *got = malloc(1 << 20);
	uint64_t seed = bs;
	struct tfs t;
	struct inode *f, *d, *root;
	struct names nm = { .ctx.actor = names_actor };
	struct kstatfs st0, st;
	int err;

	mkimg(bs, 16384, extra);
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		goto out;
	root = root_of(&t);
	ext2_statfs(t.sb, &st0);

	f = h_create(root, "a", &err);
	CHECK(f != NULL);
	CHECK_EQ(h_create(root, "a", &err), NULL);
	CHECK_EQ(err, -EEXIST);
	fill(buf, 1 << 20, &seed);
	/* Past the direct, single and into the double indirect blocks at 1 KiB. */
	CHECK_EQ(h_write(f, 0, buf, 700000), 0);
	CHECK_EQ(h_read(f, 0, got, 1 << 20), 700000);
	CHECK(!memcmp(got, buf, 700000));
	CHECK_EQ(f->i_blocks % (bs / 512), 0);
	iput(f);

	/* A sparse file: a hole, then data far out (triple indirect at 1 KiB). */
	f = h_create(root, "sparse", &err);
	CHECK_EQ(h_write(f, 70000000, "tail", 4), 0);
	CHECK_EQ(f->i_size, 70000004);
	CHECK_EQ(h_read(f, 69999998, got, 10), 6);
	CHECK(!memcmp(got, "\0\0tail", 6));
	CHECK_EQ(h_read(f, 12345, got, 100), 100);
	for (int i = 0; i < 100; i++)
		CHECK_EQ(got[i], 0);
	CHECK_EQ(ext2_setattr_size(f, 3), 0);
	CHECK_EQ(f->i_blocks, 0);
	CHECK_EQ(ext2_setattr_size(f, 5000), 0);
	CHECK_EQ(h_read(f, 0, got, 5000), 5000);
	for (int i = 0; i < 5000; i++)
		CHECK_EQ(got[i], 0);
	iput(f);

	CHECK_EQ(h_mkdir(root, "dir"), 0);
	CHECK_EQ(h_mkdir(root, "dir"), -EEXIST);
	CHECK_EQ(root->i_nlink, 4);	/* ., .., lost+found/.., dir/.. */
	d = h_lookup(root, "dir", &err);
	CHECK(d && d->i_nlink == 2 && d->i_size == bs);
	/* Enough names to spill into more directory blocks. */
	for (int i = 0; i < 150; i++) {
		char name[64];

		snprintf(name, sizeof(name), "file-with-a-longish-name-%03d", i);
		f = h_create(d, name, &err);
		CHECK(f != NULL);
		if (f) {
			CHECK_EQ(h_write(f, 0, name, strlen(name)), 0);
			iput(f);
		}
	}
	CHECK(d->i_size > bs);
	CHECK_EQ(h_rmdir(root, "dir"), -ENOTEMPTY);
	CHECK_EQ(h_rename(d, "file-with-a-longish-name-007", root, "moved"), 0);
	CHECK_EQ(h_rename(root, "moved", d, "file-with-a-longish-name-008"), 0);	/* replaces */
	f = h_lookup(d, "file-with-a-longish-name-008", &err);
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(h_read(f, 0, got, 100), 28);
		CHECK(!memcmp(got, "file-with-a-longish-name-007", 28));
		iput(f);
	}
	CHECK_EQ(h_lookup(d, "file-with-a-longish-name-007", &err), NULL);
	for (int i = 0; i < 150; i++) {
		char name[64];

		snprintf(name, sizeof(name), "file-with-a-longish-name-%03d", i);
		err = h_unlink(d, name);
		CHECK_EQ(err, i == 7 ? -ENOENT : 0);
	}
	CHECK_EQ(ext2_iterate_dir(d, &nm.ctx), 0);
	CHECK_EQ(nm.n, 2);
	/* Directories: rename across parents fixes "..", and the link counts. */
	CHECK_EQ(h_mkdir(d, "inner"), 0);
	CHECK_EQ(d->i_nlink, 3);
	CHECK_EQ(h_rename(d, "inner", root, "inner2"), 0);
	CHECK_EQ(d->i_nlink, 2);
	CHECK_EQ(root->i_nlink, 5);
	iput(d);
	CHECK_EQ(h_rename(root, "inner2", root, "dir"), 0);	/* replaces the empty dir */
	CHECK_EQ(root->i_nlink, 4);
	CHECK_EQ(h_rmdir(root, "dir"), 0);
	CHECK_EQ(root->i_nlink, 3);
	CHECK_EQ(h_unlink(root, "sparse"), 0);
	CHECK_EQ(h_unlink(root, "lost+found"), -EISDIR);

	/* Truncate in steps through the indirect levels, then unlink. */
	f = h_lookup(root, "a", &err);
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(ext2_setattr_size(f, 300000), 0);
		CHECK_EQ(h_read(f, 0, got, 1 << 20), 300000);
		CHECK(!memcmp(got, buf, 300000));
		CHECK_EQ(ext2_setattr_size(f, 5000), 0);
		CHECK_EQ(ext2_setattr_size(f, 9000), 0);
		CHECK_EQ(h_read(f, 0, got, 1 << 20), 9000);
		CHECK(!memcmp(got, buf, 5000));
		for (int i = 5000; i < 9000; i++)
			CHECK_EQ(got[i], 0);
		iput(f);
	}
	CHECK_EQ(host_sync(t.sb), 0);
	tumount(&t);
	CHECK(fsck_clean());
	memset(got, 0, 5000);
	memcpy(got, buf, 5000);
	CHECK(debugfs_cat_is("/a", got, 9000));

	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		goto out;
	CHECK_EQ(h_unlink(root_of(&t), "a"), 0);
	ext2_statfs(t.sb, &st);
	CHECK_EQ(st.f_bfree, st0.f_bfree);
	CHECK_EQ(st.f_ffree, st0.f_ffree);
	tumount(&t);
	CHECK(fsck_clean());
out:
	free(buf);
	free(got);
}

TEST(ext2_ops_1k)
{
	basic_ops(1024, NULL);
}

TEST(ext2_ops_2k)
{
	basic_ops(2048, NULL);
}

TEST(ext2_ops_4k)
{
	basic_ops(4096, NULL);
}

TEST(ext2_ops_rev0)
{
	basic_ops(1024, "-r 0");
}

/* ---- randomized sequences against a model ---- */

#define MFILES	24

struct mfile {
	bool used;
	int dir;		/* 0: root, 1: "sub" */
	char name[32];
	unsigned char *data;
	size_t size;
};

static struct mfile model[MFILES];

static struct inode *mdir(struct tfs *t, int dir, int *err)
{
	if (!dir) {
		root_of(t)->i_count++;
		return root_of(t);
	}
	return h_lookup(root_of(t), "sub", err);
}

static void mpath(const struct mfile *m, char *buf, size_t n)
{
	snprintf(buf, n, "%s/%s", m->dir ? "/sub" : "", m->name);
}

static void check_model_file(struct tfs *t, struct mfile *m)
{
	int err;
	struct inode *dir = mdir(t, m->dir, &err), *f;
	unsigned char *got;

	CHECK(dir != NULL);
	if (!dir)
		return;
	f = h_lookup(dir, m->name, &err);
	CHECK(f != NULL);
	if (f) {
		got = malloc(m->size + 1);
		CHECK_EQ(f->i_size, m->size);
		CHECK_EQ(h_read(f, 0, got, m->size + 1), m->size);
		if (memcmp(got, m->data, m->size)) {
			size_t k = 0, e;

			while (got[k] == m->data[k])
				k++;
			for (e = m->size; e > k && got[e - 1] == m->data[e - 1]; e--)
				;
			printf("# %s: contents differ from the model at [%zu, %zu)\n", m->name, k, e);
			CHECK(0);
		}
		free(got);
		iput(f);
	}
	iput(dir);
}

static void random_ops(unsigned int bs, uint64_t seed, int nops)
{
	unsigned char *buf = malloc(400000);
	struct tfs t;
	int err, op;

	memset(model, 0, sizeof(model));
	mkimg(bs, 32768, NULL);
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	CHECK_EQ(h_mkdir(root_of(&t), "sub"), 0);
	for (op = 0; op < nops; op++) {
		unsigned int r = test_rand(&seed) % 100, i = test_rand(&seed) % MFILES;
		struct mfile *m = &model[i];
		struct inode *dir, *f;

		if (!m->used) {
			size_t len = test_rand(&seed) % 300000;

			m->dir = test_rand(&seed) % 2;
			snprintf(m->name, sizeof(m->name), "f%u", i);
			dir = mdir(&t, m->dir, &err);
			f = h_create(dir, m->name, &err);
			CHECK(f != NULL);
			if (!f) {
				iput(dir);
				break;
			}
			m->data = malloc(len + 1);
			fill(m->data, len, &seed);
			CHECK_EQ(h_write(f, 0, m->data, len), 0);
			m->size = len;
			m->used = true;
			iput(f);
			iput(dir);
		} else if (r < 25 && m->size < 600000) {
			size_t pos = test_rand(&seed) % (m->size + 20000);
			size_t len = test_rand(&seed) % 30000;

			fill(buf, len, &seed);
			if (getenv("EXT2_DEBUG"))
				printf("# write %s size %zu pos %zu len %zu\n", m->name, m->size, pos, len);
			dir = mdir(&t, m->dir, &err);
			f = h_lookup(dir, m->name, &err);
			CHECK(f != NULL);
			CHECK_EQ(h_write(f, pos, buf, len), 0);
			if (pos + len > m->size) {
				m->data = realloc(m->data, pos + len + 1);
				if (pos > m->size)
					memset(m->data + m->size, 0, pos - m->size);
				if (len)
					m->size = pos + len;
			}
			memcpy(m->data + pos, buf, len);
			iput(f);
			iput(dir);
		} else if (r < 40) {
			size_t size = test_rand(&seed) % (m->size * 2 + 1);

			dir = mdir(&t, m->dir, &err);
			f = h_lookup(dir, m->name, &err);
			CHECK_EQ(ext2_setattr_size(f, size), 0);
			m->data = realloc(m->data, size + 1);
			if (size > m->size)
				memset(m->data + m->size, 0, size - m->size);
			m->size = size;
			iput(f);
			iput(dir);
		} else if (r < 55) {
			dir = mdir(&t, m->dir, &err);
			CHECK_EQ(h_unlink(dir, m->name), 0);
			iput(dir);
			free(m->data);
			memset(m, 0, sizeof(*m));
		} else if (r < 70) {
			unsigned int j = test_rand(&seed) % MFILES;
			struct mfile *n = &model[j];
			struct inode *ndir;

			if (j == i)
				continue;
			if (!n->used) {
				n->dir = test_rand(&seed) % 2;
				snprintf(n->name, sizeof(n->name), "f%u", j);
			}
			dir = mdir(&t, m->dir, &err);
			ndir = mdir(&t, n->dir, &err);
			CHECK_EQ(h_rename(dir, m->name, ndir, n->name), 0);
			iput(ndir);
			iput(dir);
			free(n->data);
			n->data = m->data;
			n->size = m->size;
			n->used = true;
			memset(m, 0, sizeof(*m));
		} else if (r < 95) {
			check_model_file(&t, m);
		} else {
			tumount(&t);
			CHECK(fsck_clean());
			CHECK_EQ(tmount(&t), 0);
			if (!t.sb)
				return;
		}
		if (getenv("EXT2_DEBUG")) {
			int before = test_failed_checks;

			printf("# op %d r %u i %u\n", op, r, i);
			for (int k = 0; k < MFILES; k++)
				if (model[k].used)
					check_model_file(&t, &model[k]);
			if (test_failed_checks != before)
				break;
		}
	}
	for (int i = 0; i < MFILES; i++)
		if (model[i].used)
			check_model_file(&t, &model[i]);
	tumount(&t);
	CHECK(fsck_clean());
	for (int i = 0; i < MFILES; i++) {
		char path[64];

		if (!model[i].used)
			continue;
		mpath(&model[i], path, sizeof(path));
		CHECK(debugfs_cat_is(path, model[i].data, model[i].size));
		free(model[i].data);
	}
	free(buf);
}

TEST(ext2_random_1k)
{
	random_ops(1024, 0x1234, 300 * scale());
}

TEST(ext2_random_4k)
{
	random_ops(4096, 0x5678, 300 * scale());
}

/* ---- out of space ---- */

TEST(ext2_enospc)
{
	unsigned char *buf = calloc(1, 65536);
	struct kstatfs st0, st;
	struct tfs t;
	struct inode *f;
	loff_t pos = 0;
	int err = 0, n;

	mkimg(1024, 4096, "-N 64");
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	ext2_statfs(t.sb, &st0);
	f = h_create(root_of(&t), "fill", &err);
	while (f && !(err = h_write(f, pos, buf, 65536)))
		pos += 65536;
	CHECK_EQ(err, -ENOSPC);
	CHECK_EQ(f->i_size, pos);
	/* The failed write gave its blocks back: some are free again. */
	{
		struct kstatfs mid;

		ext2_statfs(t.sb, &mid);
		CHECK(mid.f_bfree > 0);
	}
	/* Single blocks still go in, to the last one. */
	while (!(err = h_write(f, pos, buf, 1024)))
		pos += 1024;
	CHECK_EQ(err, -ENOSPC);
	ext2_statfs(t.sb, &st);
	CHECK_EQ(st.f_bfree, 0);
	iput(f);
	/* Inodes run out too. */
	for (n = 0; n < 100; n++) {
		char name[16];

		snprintf(name, sizeof(name), "i%d", n);
		f = h_create(root_of(&t), name, &err);
		if (!f)
			break;
		iput(f);
	}
	CHECK(n < 100);
	CHECK_EQ(err, -ENOSPC);
	tumount(&t);
	CHECK(fsck_clean());
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	CHECK_EQ(h_unlink(root_of(&t), "fill"), 0);
	for (int i = 0; i < n; i++) {
		char name[16];

		snprintf(name, sizeof(name), "i%d", i);
		CHECK_EQ(h_unlink(root_of(&t), name), 0);
	}
	ext2_statfs(t.sb, &st);
	CHECK_EQ(st.f_bfree, st0.f_bfree);
	CHECK_EQ(st.f_ffree, st0.f_ffree);
	tumount(&t);
	CHECK(fsck_clean());
	free(buf);
}

/* ---- corrupt images ---- */

static void poke(loff_t off, const void *val, size_t n)
{
	FILE *f = fopen(img, "r+b");

	fseek(f, off, SEEK_SET);
	fwrite(val, 1, n, f);
	fclose(f);
}

static int mount_msg(struct tfs *t)
{
	int err;

	printk_capture_start(logbuf, sizeof(logbuf));
	err = tmount(t);
	printk_capture_stop();
	return err;
}

TEST(ext2_bad_superblocks)
{
	struct tfs t;
	u32 v32;
	u16 v16;

	mkimg(4096, 8192, NULL);
	v16 = 0x1234;
	poke(1024 + 56, &v16, 2);
	CHECK_EQ(mount_msg(&t), -EINVAL);
	CHECK(strstr(logbuf, "not an ext2 filesystem") != NULL);

	mkimg(4096, 8192, NULL);
	v32 = 9;	/* 512 KiB blocks */
	poke(1024 + 24, &v32, 4);
	CHECK_EQ(mount_msg(&t), -EINVAL);
	CHECK(strstr(logbuf, "bad superblock") != NULL);

	mkimg(4096, 8192, NULL);
	v32 = 999;	/* inodes count */
	poke(1024 + 0, &v32, 4);
	CHECK_EQ(mount_msg(&t), -EINVAL);

	mkimg(4096, 8192, NULL);
	v32 = 1000000;	/* blocks count past the device */
	poke(1024 + 4, &v32, 4);
	CHECK_EQ(mount_msg(&t), -EINVAL);

	mkimg(4096, 8192, NULL);
	v32 = 0x2 | 0x40;	/* filetype + extents */
	poke(1024 + 96, &v32, 4);
	CHECK_EQ(mount_msg(&t), -EINVAL);
	CHECK(strstr(logbuf, "unsupported optional features (incompat 0x40)") != NULL);

	/* Unknown ro_compat: mounted read-only, writes refused. */
	mkimg(4096, 8192, NULL);
	v32 = 0x3 | 0x1000;
	poke(1024 + 100, &v32, 4);
	CHECK_EQ(mount_msg(&t), 0);
	CHECK(strstr(logbuf, "mounting read-only") != NULL);
	if (t.sb) {
		int err;

		CHECK(t.sb->s_flags & SB_RDONLY);
		CHECK_EQ(h_create(root_of(&t), "x", &err), NULL);
		CHECK_EQ(err, -EROFS);
		tumount(&t);
	}
}

TEST(ext2_bad_group_descriptors)
{
	struct tfs t;
	u32 v32;

	/* 4 KiB blocks: descriptors in block 1; 1 KiB: block 2. */
	mkimg(4096, 8192, NULL);
	v32 = 50000;
	poke(4096 + 8, &v32, 4);	/* group 0's inode table */
	CHECK_EQ(mount_msg(&t), -EUCLEAN);
	CHECK(strstr(logbuf, "EXT2-fs error") && strstr(logbuf, "inode table"));

	mkimg(1024, 16384, NULL);
	v32 = 3;
	poke(2048 + 32 + 0, &v32, 4);	/* group 1's block bitmap in group 0 */
	CHECK_EQ(mount_msg(&t), -EUCLEAN);
	CHECK(strstr(logbuf, "block bitmap") != NULL);
}

/* Block number of the root directory's first block, and of file "f"'s inode's i_block[0]. */
static u32 root_block(void)
{
	struct tfs t;
	u32 b = 0;

	if (!tmount(&t)) {
		b = EXT2_I(root_of(&t))->i_data[0];
		tumount(&t);
	}
	return b;
}

static void check_dir_broken(void)
{
	struct names nm = { .ctx.actor = names_actor };
	struct tfs t;
	int err;

	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	printk_capture_start(logbuf, sizeof(logbuf));
	CHECK_EQ(h_lookup(root_of(&t), "nothere", &err), NULL);
	CHECK_EQ(err, -EUCLEAN);
	CHECK_EQ(ext2_iterate_dir(root_of(&t), &nm.ctx), -EUCLEAN);
	CHECK_EQ(h_create(root_of(&t), "new", &err), NULL);
	CHECK_EQ(err, -EUCLEAN);
	printk_capture_stop();
	CHECK(strstr(logbuf, "EXT2-fs error (device vda)") != NULL);
	tumount(&t);
}

TEST(ext2_bad_dir_entries)
{
	static const unsigned int sizes[] = { 1024, 4096 };

	for (int s = 0; s < 2; s++) {
		unsigned int bs = sizes[s];
		u32 b;
		u16 v16;

		mkimg(bs, 8192, NULL);
		b = root_block();
		CHECK(b != 0);
		v16 = 0;	/* "." with rec_len 0 */
		poke((loff_t)b * bs + 4, &v16, 2);
		check_dir_broken();

		mkimg(bs, 8192, NULL);
		v16 = bs;	/* ".." (at 12) reaching past the block end */
		poke((loff_t)b * bs + 12 + 4, &v16, 2);
		check_dir_broken();

		mkimg(bs, 8192, NULL);
		v16 = 14;	/* unaligned */
		poke((loff_t)b * bs + 4, &v16, 2);
		check_dir_broken();
	}
}

TEST(ext2_bad_block_numbers)
{
	unsigned char buf[4096];
	struct tfs t;
	struct inode *f;
	int err;
	u32 bad;

	mkimg(1024, 8192, NULL);
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	f = h_create(root_of(&t), "f", &err);
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(h_write(f, 0, buf, 4096), 0);
	CHECK_EQ(h_write(f, 20 * 1024, buf, 4096), 0);	/* through the indirect block */
	bad = t.sb->s_bdev->capacity;			/* in 1 KiB blocks: past the end */
	EXT2_I(f)->i_data[1] = bad;
	mark_inode_dirty(f);
	iput(f);
	tumount(&t);

	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	printk_capture_start(logbuf, sizeof(logbuf));
	f = h_lookup(root_of(&t), "f", &err);
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(h_read(f, 0, buf, 4096), -EUCLEAN);
		CHECK_EQ(h_read(f, 20 * 1024, buf, 10), 10);
		/* An indirect block pointing outside. */
		{
			struct buffer_head *bh = sb_bread(t.sb, EXT2_I(f)->i_data[EXT2_IND_BLOCK]);

			CHECK(bh != NULL);
			((u32 *)bh->b_data)[8] = 0xfffffff0u;
			mark_buffer_dirty(bh);
			brelse(bh);
		}
		CHECK_EQ(h_read(f, 20 * 1024, buf, 10), -EUCLEAN);
		/* Truncating it reports and skips the bad numbers instead of freeing them. */
		CHECK_EQ(ext2_setattr_size(f, 0), 0);
		iput(f);
	}
	printk_capture_stop();
	CHECK(strstr(logbuf, "beyond the filesystem") != NULL);
	tumount(&t);
}

TEST(ext2_read_errors)
{
	struct tfs t;
	int err;
	u32 b;

	mkimg(4096, 8192, NULL);
	b = root_block();
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	/* The root directory block drops out of the cache on remount; fail it. */
	tumount(&t);
	CHECK_EQ(tmount(&t), 0);
	if (!t.sb)
		return;
	t.d.fail_sector = (long long)b * 8;
	invalidate_bdev(t.sb->s_bdev);
	printk_capture_start(logbuf, sizeof(logbuf));
	CHECK_EQ(h_lookup(root_of(&t), "x", &err), NULL);
	CHECK_EQ(err, -EIO);
	printk_capture_stop();
	CHECK(strstr(logbuf, "read error") != NULL);
	t.d.fail_sector = -1;
	CHECK_EQ(h_lookup(root_of(&t), "x", &err), NULL);
	CHECK_EQ(err, -ENOENT);
	tumount(&t);
	CHECK(fsck_clean());
}

/* ---- the buffer cache ---- */

TEST(buffer_cache_bounded)
{
	unsigned int old = buffer_cache_limit;
	struct fake_disk d;
	struct buffer_head *bh, *held;

	mkimg(1024, 4096, NULL);
	CHECK_EQ(fake_disk_open(&d, img), 0);
	buffer_cache_limit = 16;
	held = __bread(&d.bdev, 1, 1024);
	CHECK(held && buffer_uptodate(held));
	for (u64 b = 3000; b < 3100; b++) {
		bh = __bread(&d.bdev, b, 1024);
		CHECK(bh != NULL);
		if (b & 1) {
			bh->b_data[0] = (char)b;
			mark_buffer_dirty(bh);
		}
		brelse(bh);
		CHECK(buffer_cache_count() <= 16);
	}
	/* Evicted dirty buffers were written first. */
	for (u64 b = 3001; b < 3050; b += 2) {
		bh = __bread(&d.bdev, b, 1024);
		CHECK(bh && bh->b_data[0] == (char)b);
		brelse(bh);
	}
	CHECK(held->b_count == 1 && held->b_blocknr == 1);
	/* Beyond the device: NULL, reported. */
	printk_capture_start(logbuf, sizeof(logbuf));
	CHECK_EQ(__bread(&d.bdev, 4096, 1024), NULL);
	CHECK_EQ(__bread(&d.bdev, ~0ULL / 2, 1024), NULL);
	printk_capture_stop();
	CHECK(strstr(logbuf, "beyond the device") != NULL);
	d.fail_sector = 300 * 2;
	CHECK_EQ(__bread(&d.bdev, 300, 1024), NULL);
	d.fail_sector = -1;
	CHECK_EQ(sync_blockdev(&d.bdev), 0);
	brelse(held);
	invalidate_bdev(&d.bdev);
	CHECK_EQ(buffer_cache_count(), 0);
	buffer_cache_limit = old;
	fake_disk_close(&d);
	/* The bytes written to blocks 3001.. landed in free space: still clean. */
	CHECK(fsck_clean());
}

static void cleanup(void)
{
	run("rm -rf %s", tmpdir);
}

/* Before the tests run (test.c has main): a scratch directory, and e2fsprogs. */
__attribute__((constructor(200))) static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/arbor-ext2-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(1);
	}
	atexit(cleanup);
	if (run("{ command -v mke2fs && command -v e2fsck && command -v debugfs; } >/dev/null")) {
		printf("1..0 # SKIP e2fsprogs (mke2fs, e2fsck, debugfs) not installed\n");
		exit(0);
	}
}

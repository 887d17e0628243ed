// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests for lib/cpio.c: archives written by the host's cpio (newc and
 * crc) from a tree made at test time and compared with that tree, archives
 * built by hand for every error path, every truncation of a valid archive,
 * and random byte corruption (fixed seed; TEST_SCALE=k runs k times more)
 * on buffers of the exact size, so ASan sees any read past the end.
 */
#define _GNU_SOURCE
#include "test.h"

#include <dirent.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arbor/cpio.h>
#include <arbor/errno.h>

/* ---- a growing byte buffer and a hand-made archive writer ---- */

struct abuf {
	uint8_t *p;
	size_t len, cap;
};

static void ab_put(struct abuf *a, const void *src, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 64;
		a->p = realloc(a->p, a->cap);
	}
	memcpy(a->p + a->len, src, n);
	a->len += n;
}

static void ab_zeros(struct abuf *a, size_t n)
{
	static const uint8_t z[4096];

	while (n) {
		size_t k = n < sizeof(z) ? n : sizeof(z);

		ab_put(a, z, k);
		n -= k;
	}
}

static void ab_pad4(struct abuf *a)
{
	ab_zeros(a, (4 - (a->len & 3)) & 3);
}

/*
 * One member: @namesize is written as given (pass 0 for strlen + 1) and
 * @name's bytes up to it are copied; @check ~0u means "the right sum".
 */
static void ab_member(struct abuf *a, const char *magic, const char *name, uint32_t namesize,
		      uint32_t mode, const void *data, uint32_t size, uint32_t check)
{
	char hdr[CPIO_HDR_LEN + 1];
	size_t nlen = strlen(name) + 1;

	if (!namesize)
		namesize = (uint32_t)nlen;
	if (check == ~0u) {
		check = 0;
		if (!strcmp(magic, "070702"))
			for (uint32_t i = 0; i < size; i++)
				check += ((const uint8_t *)data)[i];
	}
	snprintf(hdr, sizeof(hdr), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 magic, 1u, mode, 0u, 0u, 1u, 1700000000u, size, 0u, 0u, 0u, 0u, namesize, check);
	ab_put(a, hdr, CPIO_HDR_LEN);
	ab_put(a, name, namesize < nlen ? namesize : nlen);
	if (namesize > nlen)
		ab_zeros(a, namesize - nlen);
	ab_pad4(a);
	ab_put(a, data, size);
	ab_pad4(a);
}

static void ab_file(struct abuf *a, const char *name, const char *text)
{
	ab_member(a, "070701", name, 0, 0100644, text, (uint32_t)strlen(text), ~0u);
}

static void ab_dir(struct abuf *a, const char *name)
{
	ab_member(a, "070701", name, 0, 040755, "", 0, ~0u);
}

static void ab_trailer(struct abuf *a)
{
	ab_member(a, "070701", CPIO_TRAILER, 0, 0, "", 0, ~0u);
}

/* An exact-size heap copy, so that ASan flags any access past @len. */
static uint8_t *exact_copy(const uint8_t *src, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	memcpy(p, src, len);
	return p;
}

/*
 * Walk to the end, checking that every member lies inside the buffer and
 * the walk moves forward. Return: cpio_next's final value; *@n: members.
 */
static int walk(const uint8_t *buf, size_t len, int *n, struct cpio_iter *out)
{
	struct cpio_entry e;
	struct cpio_iter it;
	size_t last = 0;
	int rc, count = 0;

	cpio_iter_init(&it, buf, len);
	while ((rc = cpio_next(&it, &e)) > 0) {
		const uint8_t *name = (const uint8_t *)e.name, *d = e.data;

		CHECK(name >= buf && e.namesize >= 1 && e.namesize <= (size_t)(buf + len - name));
		CHECK(d >= buf && e.size <= (size_t)(buf + len - d));
		CHECK(!count || e.offset > last);
		last = e.offset;
		if (++count > (int)(len / CPIO_HDR_LEN) + 1) {
			CHECK(!"walk does not end");
			break;
		}
	}
	if (rc < 0) {
		CHECK_EQ(rc, -EINVAL);
		CHECK(it.err_off <= len);
		CHECK(it.err_msg != NULL);
		CHECK_EQ(cpio_next(&it, &e), rc);	/* sticky */
	}
	if (n)
		*n = count;
	if (out)
		*out = it;
	return rc;
}

/* The error of walking @a (or 1 when it parsed), with its offset and message. */
static int walk_err(const struct abuf *a, size_t *off, const char **msg)
{
	uint8_t *c = exact_copy(a->p, a->len);
	struct cpio_iter it;
	int rc = walk(c, a->len, NULL, &it);

	free(c);
	if (off)
		*off = it.err_off;
	if (msg)
		*msg = it.err_msg;
	return rc < 0 ? rc : 1;
}

static long test_scale(void)
{
	const char *s = getenv("TEST_SCALE");
	long k = s ? atol(s) : 1;

	return k > 0 ? k : 1;
}

/* ---- hand-made archives ---- */

TEST(empty_and_zero_buffers)
{
	uint8_t zeros[64] = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_iter_init(&it, zeros, 0);
	CHECK_EQ(cpio_next(&it, &e), 0);
	cpio_iter_init(&it, zeros, sizeof(zeros));
	CHECK_EQ(cpio_next(&it, &e), 0);
	CHECK_EQ(it.archives, 0);
}

TEST(members_fields_and_alignment)
{
	struct abuf a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;
	static const char *const names[] = { ".", "d", "d/a", "d/ab", "d/abc", "d/abcd" };
	static const char *const texts[] = { "", "", "x", "xy", "xyz", "wxyz" };
	uint8_t *c;

	ab_dir(&a, ".");
	ab_dir(&a, "d");
	for (int i = 2; i < 6; i++)
		ab_file(&a, names[i], texts[i]);
	ab_trailer(&a);
	ab_zeros(&a, 512 - a.len % 512);	/* cpio's block padding */
	c = exact_copy(a.p, a.len);
	cpio_iter_init(&it, c, a.len);
	for (int i = 0; i < 6; i++) {
		CHECK_EQ(cpio_next(&it, &e), 1);
		CHECK_STR(e.name, names[i]);
		CHECK_EQ(e.namesize, strlen(names[i]) + 1);
		CHECK_EQ(e.size, strlen(texts[i]));
		CHECK(!memcmp(e.data, texts[i], e.size));
		CHECK_EQ(e.mode, i < 2 ? 040755 : 0100644);
		CHECK_EQ(e.mtime, 1700000000u);
		CHECK_EQ(e.nlink, 1);
		CHECK_EQ(e.offset & 3, 0);
		CHECK_EQ(((const uint8_t *)e.data - c) & 3, 0);
	}
	CHECK_EQ(cpio_next(&it, &e), 0);
	CHECK_EQ(cpio_next(&it, &e), 0);
	CHECK_EQ(it.archives, 1);
	free(c);
	free(a.p);
}

TEST(lowercase_and_uppercase_hex)
{
	struct abuf a = { 0 };
	struct cpio_iter it;
	struct cpio_entry e;

	ab_file(&a, "f", "0123456789abcdef");	/* size 0x10 */
	ab_trailer(&a);
	/* "00000010" has no letters: make the mode lower case instead. */
	CHECK(!memcmp(a.p + 6 + 8, "000081A4", 8));
	memcpy(a.p + 6 + 8, "000081a4", 8);
	cpio_iter_init(&it, a.p, a.len);
	CHECK_EQ(cpio_next(&it, &e), 1);
	CHECK_EQ(e.mode, 0100644);
	CHECK_EQ(cpio_next(&it, &e), 0);
	free(a.p);
}

TEST(concatenated_archives_with_padding)
{
	struct abuf a = { 0 };
	int n;

	ab_file(&a, "one", "1");
	ab_trailer(&a);
	ab_zeros(&a, 4096 - a.len % 4096);
	ab_dir(&a, "two");
	ab_file(&a, "two/f", "22");
	ab_trailer(&a);
	ab_trailer(&a);		/* an empty archive directly after */
	ab_zeros(&a, 12);
	ab_file(&a, "three", "333");
	ab_trailer(&a);
	uint8_t *c = exact_copy(a.p, a.len);
	struct cpio_iter it;

	CHECK_EQ(walk(c, a.len, &n, &it), 0);
	CHECK_EQ(n, 4);
	CHECK_EQ(it.archives, 4);
	free(c);
	free(a.p);
}

TEST(errors_name_their_offset)
{
	size_t off;
	const char *msg;
	struct abuf a = { 0 };

	/* Bad magic. */
	ab_file(&a, "f", "x");
	ab_trailer(&a);
	a.p[5] = '7';
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_EQ(off, 0);
	CHECK_STR(msg, "bad magic (not a newc/crc cpio archive)");
	a.p[5] = '1';
	CHECK_EQ(walk_err(&a, NULL, NULL), 1);

	/* Old binary / odc formats are not newc. */
	memcpy(a.p, "070707", 6);
	CHECK_EQ(walk_err(&a, &off, NULL), -EINVAL);
	memcpy(a.p, "070701", 6);

	/* A non-hex digit in each field in turn. */
	for (int f = 0; f < 13; f++) {
		uint8_t save = a.p[6 + 8 * f + 3];

		a.p[6 + 8 * f + 3] = 'g';
		CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
		CHECK_EQ(off, 6 + 8 * f);
		CHECK_STR(msg, "bad hex digit in header");
		a.p[6 + 8 * f + 3] = ' ';
		CHECK_EQ(walk_err(&a, NULL, NULL), -EINVAL);
		a.p[6 + 8 * f + 3] = save;
	}
	CHECK_EQ(walk_err(&a, NULL, NULL), 1);
	free(a.p);

	/* Missing trailer, at the end of the buffer. */
	a = (struct abuf){ 0 };
	ab_file(&a, "f", "x");
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_EQ(off, a.len);
	CHECK_STR(msg, "archive ends without TRAILER!!!");
	/* ... and zeros do not end an archive. */
	ab_zeros(&a, 256);
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_STR(msg, "bad magic (not a newc/crc cpio archive)");
	free(a.p);

	/* Junk after a complete archive. */
	a = (struct abuf){ 0 };
	ab_trailer(&a);
	ab_put(&a, "junkjunk", 8);
	CHECK_EQ(walk_err(&a, &off, NULL), -EINVAL);
	CHECK_EQ(off, 124);
	free(a.p);

	/* A second archive not on a 4-byte boundary. */
	a = (struct abuf){ 0 };
	ab_trailer(&a);
	ab_zeros(&a, 1);
	ab_trailer(&a);
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_EQ(off, 125);
	CHECK_STR(msg, "archive does not start on a 4-byte boundary");
	free(a.p);
}

TEST(name_checks)
{
	struct abuf a = { 0 };
	const char *msg;
	size_t off;
	char longname[CPIO_NAME_MAX + 2];

	/* namesize 0 */
	ab_member(&a, "070701", "", 0, 0100644, "", 0, ~0u);
	memcpy(a.p + 6 + 8 * 11, "00000000", 8);
	ab_trailer(&a);
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_STR(msg, "empty name");
	CHECK_EQ(off, 6 + 8 * 11);
	free(a.p);

	/* Not NUL-terminated: namesize one short of the NUL. */
	a = (struct abuf){ 0 };
	ab_member(&a, "070701", "abcd", 4, 0100644, "", 0, ~0u);
	ab_trailer(&a);
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_STR(msg, "name not NUL-terminated");
	CHECK_EQ(off, CPIO_HDR_LEN);
	free(a.p);

	/* A NUL inside the name. */
	a = (struct abuf){ 0 };
	ab_member(&a, "070701", "ab", 6, 0100644, "", 0, ~0u);
	ab_trailer(&a);
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_STR(msg, "NUL byte inside name");
	CHECK_EQ(off, CPIO_HDR_LEN + 2);
	free(a.p);

	/* Longest name accepted, one more refused. */
	memset(longname, 'n', sizeof(longname));
	longname[CPIO_NAME_MAX - 1] = '\0';
	a = (struct abuf){ 0 };
	ab_member(&a, "070701", longname, 0, 0100644, "", 0, ~0u);
	ab_trailer(&a);
	CHECK_EQ(walk_err(&a, NULL, NULL), 1);
	free(a.p);
	longname[CPIO_NAME_MAX - 1] = 'n';
	longname[CPIO_NAME_MAX] = '\0';
	a = (struct abuf){ 0 };
	ab_member(&a, "070701", longname, 0, 0100644, "", 0, ~0u);
	ab_trailer(&a);
	CHECK_EQ(walk_err(&a, NULL, &msg), -EINVAL);
	CHECK_STR(msg, "name too long");
	free(a.p);
}

TEST(sizes_past_the_end)
{
	struct abuf a = { 0 };
	const char *msg;
	size_t off;

	/* filesize larger than what is left (and the largest value: no wrap). */
	static const char *const sizes[] = { "00001000", "FFFFFFFF", "FFFFFFFC" };

	for (int i = 0; i < 3; i++) {
		a = (struct abuf){ 0 };
		ab_file(&a, "f", "abc");
		ab_trailer(&a);
		memcpy(a.p + 6 + 8 * 6, sizes[i], 8);
		CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
		CHECK_STR(msg, "truncated file data");
		CHECK_EQ(off, 112);
		free(a.p);
	}
	/* namesize beyond the buffer. */
	a = (struct abuf){ 0 };
	ab_file(&a, "f", "abc");
	memcpy(a.p + 6 + 8 * 11, "00000FFF", 8);
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_STR(msg, "truncated name");
	free(a.p);
}

TEST(crc_format_sum)
{
	struct abuf a = { 0 };
	static const char text[] = "\xff\xfe hello, checksum";
	const char *msg;
	size_t off;
	int n;

	ab_member(&a, "070702", "d", 0, 040755, "", 0, 0);
	ab_member(&a, "070702", "d/f", 0, 0100600, text, sizeof(text) - 1, ~0u);
	/* A symlink's check field is not a sum: not checked, as in Linux. */
	ab_member(&a, "070702", "d/l", 0, 0120777, "f", 1, 12345);
	ab_member(&a, "070702", CPIO_TRAILER, 0, 0, "", 0, 0);
	uint8_t *c = exact_copy(a.p, a.len);

	CHECK_EQ(walk(c, a.len, &n, NULL), 0);
	CHECK_EQ(n, 3);
	free(c);
	/* One data byte changed: the sum no longer matches. */
	size_t data = 0;

	for (size_t i = 0; i + 5 < a.len; i++)
		if (!memcmp(a.p + i, "hello", 5))
			data = i;
	CHECK(data != 0);
	a.p[data] = 'j';
	CHECK_EQ(walk_err(&a, &off, &msg), -EINVAL);
	CHECK_STR(msg, "data checksum mismatch");
	CHECK_EQ(off, 112 + 6 + 8 * 12);	/* the second member's check field */
	free(a.p);
}

/* ---- archives from the host's cpio ---- */

static char tree_dir[] = "/tmp/arbor-cpio-XXXXXX";

static void put_file(const char *rel, const void *data, size_t len, mode_t mode)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tree_dir, rel);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (!f)
		return;
	CHECK_EQ(fwrite(data, 1, len, f), len);
	fclose(f);
	chmod(path, mode);
}

static void put_dir(const char *rel)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tree_dir, rel);
	CHECK_EQ(mkdir(path, 0755), 0);
}

/* The tree: nested dirs, every size mod 4, an empty file, a symlink, a 70000-byte file. */
static void make_tree(void)
{
	static bool made;
	static uint8_t bigbuf[70000];
	char path[512];
	uint64_t seed = 1;

	if (!made) {
		CHECK(mkdtemp(tree_dir) != NULL);
		put_dir("small");
		put_dir("small/etc");
		put_dir("small/a");
		put_dir("small/a/b");
		put_dir("small/a/b/c");
		put_dir("small/empty-dir");
		put_file("small/README", "Arbor test tree\n", 16, 0644);
		put_file("small/etc/motd", "hello\n", 6, 0600);
		put_file("small/a/b/c/deep.txt", "deep\n", 5, 0755);
		put_file("small/empty", "", 0, 0644);
		for (int i = 1; i <= 5; i++) {
			char name[32];

			snprintf(name, sizeof(name), "small/a/s%d", i);
			put_file(name, "12345", i, 0644);
		}
		snprintf(path, sizeof(path), "%s/small/link", tree_dir);
		CHECK_EQ(symlink("README", path), 0);
		snprintf(path, sizeof(path), "%s/big", tree_dir);
		CHECK_EQ(mkdir(path, 0755), 0);
		for (size_t i = 0; i < sizeof(bigbuf); i++)
			bigbuf[i] = (uint8_t)test_rand(&seed);
		put_file("big/data.bin", bigbuf, sizeof(bigbuf), 0644);
		put_file("big/x", "x", 1, 0644);
		made = true;
	}
}

static uint8_t *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct abuf a = { 0 };
	uint8_t chunk[8192];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ab_put(&a, chunk, n);
	fclose(f);
	*len = a.len;
	return a.p ? a.p : calloc(1, 1);
}

/* The host's cpio of tree_dir/@sub in @format ("newc" or "crc"), exact-size. */
static uint8_t *host_cpio(const char *sub, const char *format, size_t *len)
{
	char cmd[1024], out[600];
	uint8_t *p;

	snprintf(out, sizeof(out), "%s/%s.%s.cpio", tree_dir, sub, format);
	snprintf(cmd, sizeof(cmd),
		 "cd %s/%s && find . | LC_ALL=C sort | cpio -o -H %s --reproducible -R 0:0 --quiet > %s",
		 tree_dir, sub, format, out);
	CHECK_EQ(system(cmd), 0);
	p = read_all(out, len);
	CHECK(p != NULL);
	return p;
}

/* Compare every member with the file it came from. */
static int compare_with_tree(const char *sub, const uint8_t *buf, size_t len)
{
	struct cpio_iter it;
	struct cpio_entry e;
	int n = 0, rc;

	cpio_iter_init(&it, buf, len);
	while ((rc = cpio_next(&it, &e)) > 0) {
		char path[600], target[256];
		struct stat st;

		n++;
		snprintf(path, sizeof(path), "%s/%s/%s", tree_dir, sub, e.name);
		CHECK_EQ(lstat(path, &st), 0);
		CHECK_EQ(e.mode, st.st_mode);
		CHECK_EQ(e.uid, 0);
		CHECK_EQ(e.gid, 0);
		CHECK_EQ(e.mtime, st.st_mtime);
		if (S_ISREG(st.st_mode)) {
			size_t flen;
			uint8_t *data = read_all(path, &flen);

			CHECK_EQ(e.size, flen);
			CHECK(data && e.size == flen && !memcmp(e.data, data, flen));
			free(data);
		} else if (S_ISLNK(st.st_mode)) {
			ssize_t t = readlink(path, target, sizeof(target));

			CHECK_EQ(e.size, t);
			CHECK(t > 0 && !memcmp(e.data, target, t));
		} else {
			CHECK_EQ(e.size, 0);
		}
	}
	CHECK_EQ(rc, 0);
	CHECK_EQ(it.archives, 1);
	return n;
}

TEST(host_cpio_newc_and_crc)
{
	static const char *const formats[] = { "newc", "crc" };

	make_tree();
	for (int i = 0; i < 2; i++) {
		size_t len;
		uint8_t *buf = host_cpio("small", formats[i], &len);

		/* ., 6 dirs less ".", README, motd, deep.txt, empty, s1..s5, link */
		CHECK_EQ(compare_with_tree("small", buf, len), 16);
		CHECK_EQ(len % 512, 0);
		free(buf);
		buf = host_cpio("big", formats[i], &len);
		CHECK_EQ(compare_with_tree("big", buf, len), 3);
		free(buf);
	}
}

TEST(host_cpio_concatenated)
{
	size_t l1, l2;
	uint8_t *a, *b;
	struct abuf cat = { 0 };
	int n;

	make_tree();
	a = host_cpio("small", "newc", &l1);
	b = host_cpio("big", "crc", &l2);
	ab_put(&cat, a, l1);
	ab_put(&cat, b, l2);
	ab_zeros(&cat, 1000);	/* a loader's page padding */
	uint8_t *c = exact_copy(cat.p, cat.len);
	struct cpio_iter it;

	CHECK_EQ(walk(c, cat.len, &n, &it), 0);
	CHECK_EQ(n, 19);
	CHECK_EQ(it.archives, 2);
	free(c);
	free(cat.p);
	free(a);
	free(b);
}

/* Where the archive's trailer ends: every prefix shorter than that is incomplete. */
static size_t trailer_end(const uint8_t *buf, size_t len)
{
	/* The trees hold no file with this text: the last hit is the trailer's name. */
	for (size_t off = len - 11; off > 0; off--)
		if (!memcmp(buf + off, "TRAILER!!!", 11))
			return (off + 11 + 3) & ~(size_t)3;
	return 0;
}

static void check_truncations(const uint8_t *buf, size_t len, bool exact, int members)
{
	size_t tend = trailer_end(buf, len);

	CHECK(tend > 0);
	for (size_t l = 0; l < len; l++) {
		uint8_t *c = exact ? exact_copy(buf, l) : (uint8_t *)buf;
		int n, rc = walk(c, l, &n, NULL);

		if (!l || l >= tend) {
			CHECK_EQ(rc, 0);
			if (l)
				CHECK_EQ(n, members);
		} else if (rc != -EINVAL) {
			CHECK_EQ(rc, -EINVAL);
			printf("# truncated at %zu of %zu (trailer ends at %zu)\n", l, len, tend);
		}
		if (exact)
			free(c);
	}
}

TEST(every_truncation)
{
	static const char *const formats[] = { "newc", "crc" };
	size_t len;
	uint8_t *buf;

	make_tree();
	for (int i = 0; i < 2; i++) {
		/* Exact-size copies of each prefix: ASan sees any over-read. */
		buf = host_cpio("small", formats[i], &len);
		check_truncations(buf, len, true, 16);
		free(buf);
		/* The 70 KB archive in place (n^2 copies would be slow). */
		buf = host_cpio("big", formats[i], &len);
		check_truncations(buf, len, false, 3);
		free(buf);
	}
}

TEST(random_corruption)
{
	static const char *const formats[] = { "newc", "crc" };
	static const uint8_t hexish[] = "0123456789abcdefABCDEF7g \xff";
	long runs = 100000 * test_scale();
	uint64_t seed = 0x5eedc910;
	long ok = 0, bad = 0;
	uint8_t *src[2];
	size_t len[2];

	make_tree();
	for (int i = 0; i < 2; i++)
		src[i] = host_cpio("small", formats[i], &len[i]);
	for (long r = 0; r < runs; r++) {
		int f = r & 1, flips = 1 + (int)(test_rand(&seed) % 4);
		size_t l = len[f];
		uint8_t *c;

		/* A quarter of the runs also cut the archive short. */
		if (!(test_rand(&seed) & 3))
			l = test_rand(&seed) % (l + 1);
		c = exact_copy(src[f], l);
		for (int k = 0; k < flips && l; k++) {
			size_t at = test_rand(&seed) % l;
			uint64_t v = test_rand(&seed);

			/* Header-like bytes make deeper paths likely. */
			c[at] = v & 1 ? hexish[(v >> 1) % (sizeof(hexish) - 1)] : (uint8_t)(v >> 8);
		}
		if (walk(c, l, NULL, NULL) < 0)
			bad++;
		else
			ok++;
		free(c);
		if (test_failed_checks > 20)
			break;
	}
	printf("# %ld corrupted archives: %ld rejected, %ld still parsed\n", runs, bad, ok);
	CHECK(bad > runs / 4);
	CHECK(ok > 0);
	free(src[0]);
	free(src[1]);
}

/* Last (cases run in registration order): remove the temporary tree. */
TEST(cleanup_tree)
{
	char cmd[600];

	if (tree_dir[strlen(tree_dir) - 1] == 'X')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tree_dir);
	CHECK_EQ(system(cmd), 0);
}

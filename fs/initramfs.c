// SPDX-License-Identifier: GPL-2.0
/*
 * The initramfs: the newc cpio archive the loader put in memory (QEMU's
 * -initrd; /chosen linux,initrd-start/-end) unpacked into the ramfs
 * mounted on "/". Linux does this in init/initramfs.c:
 *
 *	Linux					Arbor
 *	do_populate_rootfs			populate_rootfs
 *	  unpack_to_rootfs (state machine)	  cpio_next (lib/cpio.c) per entry
 *	    do_name -> init_mkdir		    unpack_entry -> do_mkdir
 *	    do_name -> filp_open(O_CREAT|..)	    unpack_file -> filp_open
 *	    do_copy -> xwrite -> kernel_write	      vfs_write
 *	    dir_utime (after the walk)		  set_dir_times (a second walk)
 *	  free_initrd_mem -> free_reserved_area	  free_initrd_mem
 *
 * Symlinks and device nodes are skipped (ramfs here has neither) and
 * counted. A corrupt archive stops the walk with an error naming the
 * offset; whatever was unpacked before stays, and boot goes on.
 */
#include <arbor/cpio.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/memblock.h>
#include <arbor/mm.h>
#include <arbor/mmzone.h>
#include <arbor/page-flags.h>
#include <arbor/printk.h>
#include <arbor/setup.h>
#include <arbor/slab.h>
#include <arbor/vmstat.h>
#include <asm/memory.h>

/* Set once the initrd's pages went back to the page allocator. */
static bool initrd_freed;

struct unpack_stats {
	unsigned long files, dirs, skipped, failed;
	u64 bytes;
};

static const char *err_str(int err)
{
	const char *s = errname(err);

	return s ? s : "E?";
}

/*
 * The absolute path of archive name @name in @out: "./etc//motd" ->
 * "/etc/motd". "." components and repeated slashes go; ".." is refused so
 * an archive cannot name anything outside the tree it describes.
 *
 * Return: the length (0 for the root itself, which is skipped), -EINVAL
 * for "..", -ENAMETOOLONG when it does not fit in @size.
 */
static int archive_path(const char *name, char *out, size_t size)
{
	size_t n = 0;

	while (*name) {
		const char *c = name;
		size_t len;

		while (*name && *name != '/')
			name++;
		len = name - c;
		while (*name == '/')
			name++;
		if (!len || (len == 1 && c[0] == '.'))
			continue;
		if (len == 2 && c[0] == '.' && c[1] == '.')
			return -EINVAL;
		if (n + 1 + len + 1 > size)
			return -ENAMETOOLONG;
		out[n++] = '/';
		for (size_t i = 0; i < len; i++)
			out[n++] = c[i];
	}
	out[n] = '\0';
	return (int)n;
}

/* Owner and times from the header, as Linux's do_name/do_copy set them. */
static void set_attrs(struct inode *inode, const struct cpio_entry *e)
{
	inode->i_uid = e->uid;
	inode->i_gid = e->gid;
	inode->i_mtime.tv_sec = e->mtime;
	inode->i_mtime.tv_nsec = 0;
}

static int unpack_file(const struct cpio_entry *e, const char *path, struct unpack_stats *st)
{
	const char *p = e->data;
	size_t left = e->size;
	struct file *f;
	loff_t pos = 0;
	int err = 0;

	f = filp_open(path, O_CREAT | O_WRONLY | O_TRUNC, e->mode & S_IALLUGO, &err);
	if (!f)
		return err ? err : -ENOENT;
	while (left) {
		long n = vfs_write(f, p, left, &pos);

		if (n < 0) {
			err = (int)n;
			goto out_put;
		}
		if (!n) {
			err = -EIO;	/* no progress: never spin */
			goto out_put;
		}
		p += n;
		left -= n;
	}
	set_attrs(file_inode(f), e);
	st->files++;
	st->bytes += e->size;
out_put:
	fput(f);
	return err;
}

static int unpack_entry(const struct cpio_entry *e, char *path, struct unpack_stats *st)
{
	int len = archive_path(e->name, path, PATH_MAX);
	int err;

	if (len <= 0)
		return len;	/* the root itself ("."), or a refused name */
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		err = do_mkdir(path, e->mode & S_IALLUGO);
		if (err && err != -EEXIST)
			return err;
		st->dirs++;
		return 0;
	case S_IFREG:
		return unpack_file(e, path, st);
	default:
		/* Symlinks, device nodes, fifos, sockets: ramfs here has none. */
		st->skipped++;
		return 0;
	}
}

/*
 * Directory times last, as Linux's dir_utime(): creating the entries
 * inside a directory changed its mtime after the header's value was set.
 */
static void set_dir_times(const void *buf, size_t len, char *path)
{
	struct cpio_iter it;
	struct cpio_entry e;

	cpio_iter_init(&it, buf, len);
	while (cpio_next(&it, &e) > 0) {
		struct path p;

		if (!S_ISDIR(e.mode) || archive_path(e.name, path, PATH_MAX) <= 0)
			continue;
		if (kern_path(path, LOOKUP_DIRECTORY, &p))
			continue;
		set_attrs(p.dentry->d_inode, &e);
		path_put(&p);
	}
}

/*
 * Give the initrd's whole pages to the page allocator, as Linux's
 * free_initrd_mem -> free_reserved_area does: memblock reserved them
 * before mem_init(), so they are still PG_reserved with one reference.
 * Partial pages at the edges may share a page with something else and
 * stay reserved.
 */
static unsigned long free_initrd_mem(phys_addr_t start, phys_addr_t end)
{
	struct zone *zone = &NODE_DATA(0)->node_zones[ZONE_NORMAL];
	unsigned long spfn = PFN_UP(start), epfn = PFN_DOWN(end), freed = 0;

	for (unsigned long pfn = spfn; pfn < epfn; pfn++) {
		struct page *page;

		if (!pfn_valid(pfn))
			continue;
		page = pfn_to_page(pfn);
		if (!PageReserved(page))
			continue;
		ClearPageReserved(page);
		set_page_count(page, 1);
		zone->managed_pages++;
		totalram_pages++;
		__free_page(page);
		freed++;
	}
	/* Keep memblock's record (bootinfo, memblock dump) in step. */
	if (epfn > spfn)
		memblock_phys_free((phys_addr_t)spfn << PAGE_SHIFT,
				   (phys_addr_t)(epfn - spfn) << PAGE_SHIFT);
	return freed;
}

/**
 * populate_rootfs - unpack the initramfs from /chosen into "/"
 *
 * Called by vfs_init() once ramfs is mounted on "/". Directories come
 * from do_mkdir() (an existing one is fine), regular files from
 * filp_open(O_CREAT | O_TRUNC) and vfs_write(); other file types are
 * skipped and counted. One line reports the result. The initrd's pages
 * are then freed unless the command line says "retain_initrd".
 *
 * Return: 0 (also when there is no initrd), -EINVAL for a corrupt archive
 * (what came before the damage is unpacked), -ENOMEM, or the first error
 * from creating an entry (the others are still attempted).
 */
int populate_rootfs(void)
{
	u64 start = boot_info.initrd_start, end = boot_info.initrd_end;
	struct unpack_stats st = { 0 };
	const void *buf;
	struct cpio_iter it;
	struct cpio_entry e;
	int ret = 0, rc;
	char *path;

	if (!end || end <= start) {
		pr_info("initramfs: no initrd\n");
		return 0;
	}
	if (initrd_freed) {
		pr_err("initramfs: the initrd's memory was already freed\n");
		return -ENOENT;
	}
	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path) {
		pr_err("initramfs: out of memory\n");
		return -ENOMEM;
	}
	buf = phys_to_virt(start);

	cpio_iter_init(&it, buf, end - start);
	while ((rc = cpio_next(&it, &e)) > 0) {
		int err = unpack_entry(&e, path, &st);

		if (err) {
			pr_err("initramfs: %s: error: %s\n", e.name, err_str(err));
			st.failed++;
			if (!ret)
				ret = err;
		}
	}
	if (rc < 0) {
		pr_err("initramfs: corrupt archive at offset %#zx (%s): kept what came before\n",
		       it.err_off, it.err_msg);
		ret = rc;
	}
	set_dir_times(buf, end - start, path);
	kfree(path);

	pr_info("initramfs: unpacked %lu files, %lu dirs (%llu bytes) from %#llx-%#llx\n",
		st.files, st.dirs, (unsigned long long)st.bytes,
		(unsigned long long)start, (unsigned long long)end);
	if (st.skipped)
		pr_info("initramfs: skipped %lu symlinks, device nodes, fifos or sockets\n",
			st.skipped);
	if (st.failed)
		pr_err("initramfs: %lu entries could not be created\n", st.failed);

	if (!cmdline_get("retain_initrd", NULL, 0)) {
		unsigned long freed = free_initrd_mem(start, end);

		initrd_freed = true;
		pr_info("initramfs: freed %luK of initrd memory\n", freed << (PAGE_SHIFT - 10));
	}
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * shmem and tmpfs (Linux's mm/shmem.c, without swap): files whose pages
 * live only in the page cache. A fault finds the page in the cache or
 * adds a zeroed one; nothing is ever written back, and without swap the
 * pages are unevictable (AS_UNEVICTABLE keeps them off the LRU).
 *
 * MAP_SHARED|MAP_ANONYMOUS memory is an unlinked shmem file per mapping,
 * as in Linux, so that the same pages are found again after a fork or
 * after MADV_DONTNEED dropped the PTEs:
 *
 *	do_mmap -> mmap_region -> shmem_zero_setup -> shmem_file_setup
 *		("dev/zero", on the internal shm mount; maps: "/dev/zero (deleted)")
 *	fault -> shmem_fault -> shmem_get_page -> find_get_page | new zeroed page
 *
 * tmpfs is the same files with names: "mount tmpfs <dir>", with a size
 * limit (size=, default half of RAM) that write() and faults respect.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>

#define TMPFS_MAGIC	0x01021994

/**
 * struct shmem_sb_info - a tmpfs instance's limits
 * @max_blocks:	pages it may hold
 * @used_blocks: pages it holds
 * @max_inodes, @free_inodes: inodes
 */
struct shmem_sb_info {
	unsigned long max_blocks;
	unsigned long used_blocks;
	unsigned long max_inodes;
	unsigned long free_inodes;
};

static struct vfsmount *shm_mnt;
static const struct inode_operations shmem_dir_inode_operations;
static const struct vm_operations_struct shmem_vm_ops;

static struct shmem_sb_info *SHMEM_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

static int shmem_read_folio(struct file *file, struct page *page)
{
	memset(page_address(page), 0, PAGE_SIZE);
	SetPageUptodate(page);
	return 0;
}

/* The only copy is in memory: "dirty" has no disk to be dirty against. */
static bool shmem_dirty_folio(struct address_space *mapping, struct page *page)
{
	return false;
}

static const struct address_space_operations shmem_aops = {
	.read_folio = shmem_read_folio,
	.dirty_folio = shmem_dirty_folio,
};

/*
 * The page at @index of @inode, made (zeroed) when missing.
 * Return: the page, referenced and uptodate, or NULL with *@err:
 * -ENOSPC (the tmpfs is full), -ENOMEM.
 */
static struct page *shmem_get_page(struct inode *inode, unsigned long index, int *err)
{
	struct address_space *mapping = inode->i_mapping;
	struct shmem_sb_info *sbinfo = SHMEM_SB(inode->i_sb);
	struct page *page = find_get_page(mapping, index);

	if (page)
		return page;
	if (sbinfo->max_blocks && sbinfo->used_blocks >= sbinfo->max_blocks) {
		*err = -ENOSPC;
		return NULL;
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page) {
		*err = -ENOMEM;
		return NULL;
	}
	if (add_to_page_cache_lru(page, mapping, index, GFP_KERNEL)) {
		put_page(page);
		*err = -ENOMEM;
		return NULL;
	}
	SetPageUptodate(page);
	sbinfo->used_blocks++;
	inode->i_blocks += PAGE_SIZE >> 9;
	return page;
}

/*
 * Pages of @inode left its cache (truncate): give their blocks back to the
 * limit. i_blocks counts what is charged.
 */
static void shmem_recalc_inode(struct inode *inode)
{
	unsigned long charged = (unsigned long)(inode->i_blocks >> (PAGE_SHIFT - 9));

	SHMEM_SB(inode->i_sb)->used_blocks -= charged - inode->i_mapping->nrpages;
	inode->i_blocks = (u64)inode->i_mapping->nrpages << (PAGE_SHIFT - 9);
}

static void shmem_undo_range(struct inode *inode, loff_t start)
{
	truncate_inode_pages(inode->i_mapping, start);
	shmem_recalc_inode(inode);
}

static long shmem_file_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	struct inode *inode = file_inode(file);
	loff_t p = (file->f_flags & O_APPEND) ? inode->i_size : *pos;
	size_t done = 0;
	int err = 0;

	if (p >= inode->i_sb->s_maxbytes)
		return -EFBIG;
	while (done < len) {
		unsigned int off = (unsigned int)(p & (PAGE_SIZE - 1));
		size_t n = PAGE_SIZE - off;
		struct page *page;

		if (n > len - done)
			n = len - done;
		page = shmem_get_page(inode, (unsigned long)(p >> PAGE_SHIFT), &err);
		if (!page)
			break;
		memcpy((char *)page_address(page) + off, buf + done, n);
		mark_page_accessed(page);
		put_page(page);
		done += n;
		p += (loff_t)n;
		if (p > inode->i_size)
			i_size_write(inode, p);
	}
	if (done) {
		inode->i_mtime = inode->i_ctime = current_time(inode);
		*pos = p;
		return (long)done;
	}
	return err;
}

/*
 * read(): holes read as zeros without allocating pages for them (Linux's
 * SGP_READ), so reading a sparse tmpfs file neither fills memory nor
 * charges the size limit.
 */
static long shmem_file_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	struct inode *inode = file_inode(file);
	size_t done = 0;

	while (done < len && *pos < inode->i_size) {
		unsigned long index = (unsigned long)(*pos >> PAGE_SHIFT);
		size_t off = (size_t)(*pos & (PAGE_SIZE - 1));
		size_t n = PAGE_SIZE - off;
		struct page *page;

		if (n > len - done)
			n = len - done;
		if ((loff_t)n > inode->i_size - *pos)
			n = (size_t)(inode->i_size - *pos);
		page = find_get_page(inode->i_mapping, index);
		if (page) {
			memcpy(buf + done, (char *)page_address(page) + off, n);
			mark_page_accessed(page);
			put_page(page);
		} else {
			memset(buf + done, 0, n);
		}
		done += n;
		*pos += (loff_t)n;
	}
	inode->i_atime = current_time(inode);
	return (long)done;
}

static int shmem_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

static int shmem_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	return 0;
}

static const struct file_operations shmem_file_operations = {
	.read = shmem_file_read,
	.write = shmem_file_write,
	.mmap = shmem_mmap,
	.fsync = shmem_fsync,
	.llseek = generic_file_llseek,
};

/* truncate: the VFS dropped the pages past the new size; uncharge them. */
static int shmem_setattr_size(struct inode *inode, loff_t size)
{
	shmem_recalc_inode(inode);
	return 0;
}

static const struct inode_operations shmem_file_inode_operations = {
	.setattr_size = shmem_setattr_size,
};

/**
 * shmem_fault - vm_ops->fault of shmem and tmpfs mappings
 * @vmf:	the fault
 *
 * Return: 0 with vmf->page, VM_FAULT_SIGBUS past end of file or when the
 * tmpfs is full, VM_FAULT_OOM.
 */
static unsigned int shmem_fault(struct vm_fault *vmf)
{
	struct inode *inode = file_inode(vmf->vma->vm_file);
	unsigned long max = (unsigned long)((inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	int err = 0;

	if (vmf->pgoff >= max)
		return VM_FAULT_SIGBUS;
	vmf->page = shmem_get_page(inode, vmf->pgoff, &err);
	if (!vmf->page)
		return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
	return 0;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
	.map_pages = filemap_map_pages,
};

/** vma_is_shmem - @vma maps shmem (shared anonymous memory or a tmpfs file) */
bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_ops == &shmem_vm_ops;
}

static struct inode *shmem_get_inode(struct super_block *sb, const struct inode *dir,
				     umode_t mode)
{
	struct shmem_sb_info *sbinfo = SHMEM_SB(sb);
	struct inode *inode;

	if (sbinfo->max_inodes && !sbinfo->free_inodes)
		return NULL;
	inode = new_inode(sb);
	if (!inode)
		return NULL;
	if (sbinfo->max_inodes)
		sbinfo->free_inodes--;
	inode_init_owner(inode, dir, mode);
	inode->i_mapping->a_ops = &shmem_aops;
	inode->i_mapping->flags |= (1UL << AS_UNEVICTABLE) | (1UL << AS_SHMEM);
	if (S_ISDIR(mode)) {
		inode->i_op = &shmem_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inc_nlink(inode);
	} else {
		inode->i_op = &shmem_file_inode_operations;
		inode->i_fop = &shmem_file_operations;
	}
	return inode;
}

static int shmem_mknod(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode = shmem_get_inode(dir->i_sb, dir, mode);

	if (!inode)
		return -ENOSPC;
	return simple_add_pinned(dir, dentry, inode);
}

static int shmem_create(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return shmem_mknod(dir, dentry, mode | S_IFREG);
}

static int shmem_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	return shmem_mknod(dir, dentry, mode | S_IFDIR);
}

static const struct inode_operations shmem_dir_inode_operations = {
	.lookup = simple_lookup,
	.create = shmem_create,
	.mkdir = shmem_mkdir,
	.rmdir = simple_rmdir_pinned,
	.unlink = simple_unlink_pinned,
	.rename = simple_rename_pinned,
};

static void shmem_evict_inode(struct inode *inode)
{
	struct shmem_sb_info *sbinfo = SHMEM_SB(inode->i_sb);

	shmem_undo_range(inode, 0);
	if (sbinfo->max_inodes)
		sbinfo->free_inodes++;
}

static int shmem_statfs(struct super_block *sb, struct kstatfs *buf)
{
	struct shmem_sb_info *sbinfo = SHMEM_SB(sb);

	buf->f_type = TMPFS_MAGIC;
	buf->f_bsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	buf->f_blocks = sbinfo->max_blocks;
	buf->f_bfree = buf->f_bavail = sbinfo->max_blocks - sbinfo->used_blocks;
	buf->f_files = sbinfo->max_inodes;
	buf->f_ffree = sbinfo->free_inodes;
	return 0;
}

static void shmem_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
	sb->s_fs_info = NULL;
}

static const struct super_operations shmem_ops = {
	.evict_inode = shmem_evict_inode,
	.statfs = shmem_statfs,
	.put_super = shmem_put_super,
};

/* A byte count with an optional k/m/g suffix. */
static int parse_bytes(char *s, u64 *v)
{
	size_t l = strlen(s);
	unsigned int shift = 0;

	if (!l)
		return -EINVAL;
	switch (s[l - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	}
	if (shift)
		s[l - 1] = '\0';
	if (parse_num(s, v) || *v > (~0ULL >> shift))
		return -EINVAL;
	*v <<= shift;
	return 0;
}

/* "size=<bytes>[kKmMgG%]" and "nr_inodes=<n>", comma separated (size=0: no limit). */
static int shmem_parse_options(const char *data, struct shmem_sb_info *sbinfo)
{
	char buf[64];

	while (data && *data) {
		const char *e = strchr(data, ',');
		size_t n = e ? (size_t)(e - data) : strlen(data);
		u64 v;

		if (n >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, data, n);
		buf[n] = '\0';
		if (!strncmp(buf, "size=", 5)) {
			size_t l = strlen(buf + 5);

			if (l && buf[4 + l] == '%') {
				buf[4 + l] = '\0';
				if (parse_num(buf + 5, &v) || v > 100)
					return -EINVAL;
				sbinfo->max_blocks = totalram_pages * v / 100;
			} else {
				if (parse_bytes(buf + 5, &v))
					return -EINVAL;
				sbinfo->max_blocks = (unsigned long)((v + PAGE_SIZE - 1) >> PAGE_SHIFT);
			}
		} else if (!strncmp(buf, "nr_inodes=", 10)) {
			if (parse_num(buf + 10, &v))
				return -EINVAL;
			sbinfo->max_inodes = sbinfo->free_inodes = (unsigned long)v;
		} else {
			pr_err("tmpfs: bad mount option '%s'\n", buf);
			return -EINVAL;
		}
		data = e ? e + 1 : NULL;
	}
	return 0;
}

static int shmem_fill_super(struct super_block *sb, const char *data, int silent)
{
	struct shmem_sb_info *sbinfo = kzalloc(sizeof(*sbinfo), GFP_KERNEL);
	struct inode *root;
	int err;

	if (!sbinfo)
		return -ENOMEM;
	/* Linux's defaults: half of RAM, and as many inodes as half the RAM's pages. */
	sbinfo->max_blocks = totalram_pages / 2;
	sbinfo->max_inodes = sbinfo->free_inodes = totalram_pages / 2;
	err = shmem_parse_options(data, sbinfo);
	if (err) {
		kfree(sbinfo);
		return err;
	}
	sb->s_fs_info = sbinfo;
	sb->s_magic = TMPFS_MAGIC;
	sb->s_op = &shmem_ops;
	root = shmem_get_inode(sb, NULL, S_IFDIR | 01777);
	sb->s_root = d_make_root(root);
	if (!sb->s_root) {
		kfree(sbinfo);
		sb->s_fs_info = NULL;
		return -ENOMEM;
	}
	return 0;
}

static struct file_system_type shmem_fs_type = {
	.name = "tmpfs",
	.fill_super = shmem_fill_super,
	.kill_sb = kill_pinned_sb,
};

/**
 * shmem_file_setup - an unlinked shmem file of @size bytes
 * @name:	its name, as maps shows it ("dev/zero" -> "/dev/zero (deleted)")
 * @size:	i_size
 * @flags:	VM_NORESERVE etc. (accounting is not modelled)
 *
 * Return: the file (opened read-write) or NULL when memory ran out.
 */
struct file *shmem_file_setup(const char *name, loff_t size, unsigned long flags)
{
	struct super_block *sb = shm_mnt->mnt_sb;
	struct inode *inode;
	struct dentry *d;
	struct file *file;
	struct path path;
	int err;

	if (size < 0 || size > sb->s_maxbytes)
		return NULL;
	inode = shmem_get_inode(sb, NULL, S_IFREG | 0777);
	if (!inode)
		return NULL;
	d = d_alloc(sb->s_root, &(struct qstr){ name, (unsigned int)strlen(name) });
	if (!d) {
		iput(inode);
		return NULL;
	}
	d_instantiate(d, inode);
	inode->i_size = size;
	clear_nlink(inode);	/* no name: freed with the last reference */
	d_delete(d);
	path.mnt = shm_mnt;
	path.dentry = d;
	file = dentry_open(&path, O_RDWR, &err);
	dput(d);
	return file;
}

/**
 * shmem_zero_setup - make the MAP_SHARED|MAP_ANONYMOUS @vma a mapping of
 * its own shmem file (Linux's shmem_zero_setup)
 * @vma:	the new VMA, not yet in the tree
 *
 * Return: 0 or -ENOMEM.
 */
int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_file_setup("dev/zero", (loff_t)(vma->vm_end - vma->vm_start),
					     vma->vm_flags);

	if (!file)
		return -ENOMEM;
	if (vma->vm_file)
		fput(vma->vm_file);
	vma->vm_file = file;
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

static int shmem_init(void)
{
	int err = register_filesystem(&shmem_fs_type);

	if (err)
		return err;
	/* The internal, unlimited mount shared anonymous memory lives on (not in "mount"). */
	shm_mnt = kern_mount(&shmem_fs_type, "shm", "size=0,nr_inodes=0", &err);
	if (!shm_mnt) {
		pr_err("shmem: cannot set up the internal mount: %d\n", err);
		return err;
	}
	strlcpy(shm_mnt->mnt_sb->s_id, "shm", sizeof(shm_mnt->mnt_sb->s_id));
	return 0;
}
core_initcall(shmem_init);

// SPDX-License-Identifier: GPL-2.0
/*
 * The dentry cache (Linux's fs/dcache.c, small): every name looked up
 * stays a child of its parent's dentry until it is unlinked or its
 * filesystem is unmounted, so a path walk finds cached names without
 * asking the filesystem. ramfs and tmpfs keep their whole tree here.
 * Children hold a reference on their parent; a dentry holds its inode.
 */
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/printk.h>
#include <arbor/slab.h>
#include <arbor/string.h>

static struct kmem_cache *dentry_cachep;

/** nr_dentries - dentries allocated and not freed (for leak checks) */
unsigned long nr_dentries;

static struct dentry *__d_alloc(struct super_block *sb, const char *name, unsigned int len)
{
	struct dentry *d;

	if (!dentry_cachep) {
		dentry_cachep = kmem_cache_create("dentry", sizeof(struct dentry), 0,
						  SLAB_RECLAIM_ACCOUNT, NULL);
		if (!dentry_cachep)
			return NULL;
	}
	d = kmem_cache_zalloc(dentry_cachep, GFP_KERNEL);
	if (!d)
		return NULL;
	d->d_name = kmalloc(len + 1, GFP_KERNEL);
	if (!d->d_name) {
		kmem_cache_free(dentry_cachep, d);
		return NULL;
	}
	memcpy(d->d_name, name, len);
	d->d_name[len] = '\0';
	d->d_namelen = len;
	d->d_sb = sb;
	d->d_count = 1;
	d->d_parent = d;
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	nr_dentries++;
	return d;
}

/**
 * d_alloc - a new child of @parent called @name, without an inode yet
 * @parent:	the directory's dentry
 * @name:	the name
 *
 * Return: the dentry (one reference; it holds one on @parent) or NULL.
 */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d = __d_alloc(parent->d_sb, name->name, name->len);

	if (!d)
		return NULL;
	d->d_parent = dget(parent);
	list_add_tail(&d->d_child, &parent->d_subdirs);
	return d;
}

/**
 * d_make_root - the root dentry "/" of a filesystem
 * @root_inode:	its root inode; the reference is taken over (dropped on failure)
 *
 * Return: the dentry or NULL.
 */
struct dentry *d_make_root(struct inode *root_inode)
{
	struct dentry *d;

	if (!root_inode)
		return NULL;
	d = __d_alloc(root_inode->i_sb, "/", 1);
	if (!d) {
		iput(root_inode);
		return NULL;
	}
	d->d_inode = root_inode;
	return d;
}

/** d_instantiate - attach @inode to @dentry (the inode's reference is taken over) */
void d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
}

/** d_add - d_instantiate() for a name found by ->lookup */
void d_add(struct dentry *dentry, struct inode *inode)
{
	d_instantiate(dentry, inode);
}

/**
 * d_lookup - a cached child of @parent with the name @name
 * Return: the dentry with a new reference, or NULL.
 */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (d->d_namelen == name->len && d->d_inode &&
		    !memcmp(d->d_name, name->name, name->len))
			return dget(d);
	return NULL;
}

/** dget - another reference */
struct dentry *dget(struct dentry *dentry)
{
	if (dentry)
		dentry->d_count++;
	return dentry;
}

static void d_free(struct dentry *d)
{
	nr_dentries--;
	kfree(d->d_name);
	kmem_cache_free(dentry_cachep, d);
}

/*
 * Free @d (unreferenced, no children) and drop what it held: its inode and
 * its parent, which may then go too.
 */
static void dentry_kill(struct dentry *d)
{
	while (d) {
		struct dentry *parent = d->d_parent == d ? NULL : d->d_parent;

		list_del(&d->d_child);
		if (d->d_inode)
			iput(d->d_inode);
		d_free(d);
		if (!parent || --parent->d_count > 0)
			return;
		/* A parent left without references is only freed if unlinked. */
		if (!(parent->d_flags & DCACHE_DISCONNECTED) || !list_empty(&parent->d_subdirs))
			return;
		d = parent;
	}
}

/**
 * dput - drop a reference to @dentry
 * @dentry:	the dentry, or NULL
 *
 * Names in the tree stay cached without references (that is the cache);
 * an unlinked dentry is freed with its last reference, and its inode
 * reference with it (the inode is evicted when that was the last).
 */
void dput(struct dentry *dentry)
{
	if (!dentry)
		return;
	if (dentry->d_count <= 0) {
		pr_err("VFS: dput of dentry '%s' with count %d\n", dentry->d_name, dentry->d_count);
		return;
	}
	if (--dentry->d_count > 0)
		return;
	if ((dentry->d_flags & DCACHE_DISCONNECTED) && list_empty(&dentry->d_subdirs))
		dentry_kill(dentry);
}

/**
 * d_delete - @dentry's name was removed from its directory
 * @dentry:	the dentry (the caller holds a reference)
 *
 * It leaves its parent's list, so lookups no longer find it; open files
 * that hold it keep the inode until they close.
 */
void d_delete(struct dentry *dentry)
{
	list_del_init(&dentry->d_child);
	dentry->d_flags |= DCACHE_DISCONNECTED;
	/* d_child is re-used by dentry_kill's list_del: keep it valid. */
	INIT_LIST_HEAD(&dentry->d_child);
}

/**
 * d_move - rename: @dentry takes @target's name and parent
 * @dentry:	the dentry being renamed
 * @target:	a dentry (not yet instantiated, or being replaced) with the new name
 *
 * @target is left disconnected; the caller drops it.
 */
void d_move(struct dentry *dentry, struct dentry *target)
{
	struct dentry *old_parent = dentry->d_parent;
	char *name = target->d_name;

	target->d_name = dentry->d_name;
	dentry->d_name = name;
	{
		unsigned int len = target->d_namelen;

		target->d_namelen = dentry->d_namelen;
		dentry->d_namelen = len;
	}
	list_del(&dentry->d_child);
	dentry->d_parent = dget(target->d_parent);
	list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
	d_delete(target);
	dput(old_parent);
}

/**
 * d_path - the absolute path of @path
 * @path:	a dentry on a mount
 * @buf:	output
 * @size:	its size
 *
 * Return: a pointer into @buf where the path starts, or
 * ERR_PTR(-ENAMETOOLONG) when it does not fit, as Linux's. An unlinked
 * file's path ends in " (deleted)".
 */
char *d_path(const struct path *path, char *buf, size_t size)
{
	static const char tag[] = " (deleted)";
	char *p = buf + size;
	struct dentry *d = path->dentry;
	struct vfsmount *mnt = path->mnt;

	if (size < 2)
		return ERR_PTR(-ENAMETOOLONG);
	*--p = '\0';
	if (d->d_flags & DCACHE_DISCONNECTED) {
		if ((size_t)(p - buf) < sizeof(tag))
			return ERR_PTR(-ENAMETOOLONG);
		p -= sizeof(tag) - 1;
		memcpy(p, tag, sizeof(tag) - 1);
	}
	for (;;) {
		if (mnt && d == mnt->mnt_root) {
			if (mnt->mnt_parent == mnt)
				break;
			d = mnt->mnt_mountpoint;
			mnt = mnt->mnt_parent;
			continue;
		}
		if (d->d_parent == d)
			break;
		if ((size_t)(p - buf) < d->d_namelen + 1)
			return ERR_PTR(-ENAMETOOLONG);
		p -= d->d_namelen;
		memcpy(p, d->d_name, d->d_namelen);
		*--p = '/';
		d = d->d_parent;
	}
	if (*p != '/') {
		if (p == buf)
			return ERR_PTR(-ENAMETOOLONG);
		*--p = '/';
	}
	return p;
}

/*
 * Free every unreferenced dentry below @d, children first; the caller
 * holds @d. Used at umount, when only the root should be left.
 */
static void shrink_below(struct dentry *d)
{
	struct dentry *child, *next;

	list_for_each_entry_safe(child, next, &d->d_subdirs, d_child) {
		shrink_below(child);
		if (child->d_count == 0 && list_empty(&child->d_subdirs)) {
			list_del(&child->d_child);
			if (child->d_inode)
				iput(child->d_inode);
			d->d_count--;	/* the child's reference on its parent */
			d_free(child);
		}
	}
}

/** shrink_dcache_sb - free every unreferenced dentry of @sb below its root */
void shrink_dcache_sb(struct super_block *sb)
{
	if (sb->s_root)
		shrink_below(sb->s_root);
}

/**
 * dcache_readdir - readdir of a directory whose names all live in the dcache
 * @file:	the open directory
 * @ctx:	the actor; ctx->pos 0 and 1 are "." and "..", then the children
 *
 * Return: 0.
 */
int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry, *d;
	loff_t n = 2;

	if (ctx->pos == 0) {
		if (ctx->actor(ctx, ".", 1, 0, dir->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (ctx->actor(ctx, "..", 2, 1, dir->d_parent->d_inode->i_ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	list_for_each_entry(d, &dir->d_subdirs, d_child) {
		if (!d->d_inode)
			continue;
		if (n++ < ctx->pos)
			continue;
		if (ctx->actor(ctx, d->d_name, (int)d->d_namelen, ctx->pos, d->d_inode->i_ino,
			       (d->d_inode->i_mode & S_IFMT) >> 12))
			return 0;
		ctx->pos++;
	}
	return 0;
}

/* Free the unreferenced dentries below @d, children first; the count freed. */
static unsigned long prune_below(struct dentry *d)
{
	struct dentry *child, *next;
	unsigned long n = 0;

	list_for_each_entry_safe(child, next, &d->d_subdirs, d_child) {
		n += prune_below(child);
		if (child->d_count == 0 && list_empty(&child->d_subdirs) &&
		    !(child->d_flags & DCACHE_MOUNTED)) {
			list_del(&child->d_child);
			if (child->d_inode)
				iput(child->d_inode);
			d->d_count--;
			d_free(child);
			n++;
		}
	}
	return n;
}

/**
 * prune_dcache - memory is short: free every cached dentry nobody holds
 * (Linux's dcache shrinker), so that the inodes they pinned can go too.
 * ramfs and tmpfs names are pinned and stay.
 *
 * Return: dentries freed.
 */
unsigned long prune_dcache(void)
{
	struct vfsmount *mnt = NULL;
	unsigned long n = 0;

	while ((mnt = next_mount(mnt)))
		n += prune_below(mnt->mnt_sb->s_root);
	return n;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Path lookup (Linux's fs/namei.c, without symlinks or permissions: the
 * shell is root): walk the components from "/" or the working directory
 * through the dcache, asking the filesystem (i_op->lookup) on a miss, and
 * cross mount points in both directions.
 *
 *	kern_path -> path_walk -> lookup_one -> d_lookup | i_op->lookup
 *	do_mkdir  -> kern_path_parent -> lookup_one -> vfs_mkdir -> i_op->mkdir
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/slab.h>
#include <arbor/string.h>

extern struct path vfs_root;		/* fs/namespace.c */
struct vfsmount *lookup_mnt(const struct path *path);

static struct path cwd;

/** path_get - take references on both halves of @path */
void path_get(const struct path *path)
{
	dget(path->dentry);
}

/** path_put - drop them */
void path_put(const struct path *path)
{
	dput(path->dentry);
}

/* Step onto whatever is mounted on @path (repeatedly: mounts stack). */
static void follow_mount(struct path *path)
{
	while (path->dentry->d_flags & DCACHE_MOUNTED) {
		struct vfsmount *m = lookup_mnt(path);

		if (!m)
			break;
		dput(path->dentry);
		path->mnt = m;
		path->dentry = dget(m->mnt_root);
	}
}

/* "..": leave the mount when at its root, then go to the parent. */
static void follow_dotdot(struct path *path)
{
	struct dentry *parent;

	while (path->dentry == path->mnt->mnt_root && path->mnt->mnt_parent != path->mnt) {
		struct dentry *mp = path->mnt->mnt_mountpoint;

		dput(path->dentry);
		path->dentry = dget(mp);
		path->mnt = path->mnt->mnt_parent;
	}
	parent = dget(path->dentry->d_parent);
	dput(path->dentry);
	path->dentry = parent;
}

/**
 * lookup_one - the child @name of @dir
 * @dir:	a directory's dentry
 * @name:	one component
 * @err:	set to -ENOENT, -ENOMEM, -EIO, ... when NULL is returned
 *
 * Return: the dentry (referenced, with an inode) or NULL.
 */
struct dentry *lookup_one(struct dentry *dir, const struct qstr *name, int *err)
{
	struct inode *inode = dir->d_inode;
	struct dentry *d = d_lookup(dir, name);
	int ret;

	if (d)
		return d;
	if (!inode->i_op || !inode->i_op->lookup) {
		*err = -ENOENT;
		return NULL;
	}
	d = d_alloc(dir, name);
	if (!d) {
		*err = -ENOMEM;
		return NULL;
	}
	ret = inode->i_op->lookup(inode, d);
	if (ret || !d->d_inode) {
		d_delete(d);
		dput(d);
		*err = ret ? ret : -ENOENT;
		return NULL;
	}
	return d;
}

/* The next component of *@p: returns its length (0 at the end) and moves *@p past it. */
static unsigned int next_component(const char **p, const char **comp)
{
	const char *s = *p;
	unsigned int len = 0;

	while (*s == '/')
		s++;
	*comp = s;
	while (s[len] && s[len] != '/')
		len++;
	*p = s + len;
	return len;
}

static bool only_slashes(const char *s)
{
	while (*s == '/')
		s++;
	return !*s;
}

/*
 * Walk @name. With @last, stop before the final component and describe it
 * there (the parent is returned in @out); else return the final object.
 */
static int path_walk(const char *name, unsigned int flags, struct path *out,
		     struct qstr *last)
{
	struct path cur;
	const char *p = name, *comp;
	unsigned int len;
	bool trailing_slash;

	if (!name || !*name)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (!vfs_root.dentry)
		return -ENOENT;
	cur = *name == '/' ? vfs_root : (cwd.dentry ? cwd : vfs_root);
	path_get(&cur);
	trailing_slash = name[strlen(name) - 1] == '/';

	for (;;) {
		struct dentry *child;
		int err = 0;

		len = next_component(&p, &comp);
		if (!len)
			break;
		if (len > NAME_MAX) {
			path_put(&cur);
			return -ENAMETOOLONG;
		}
		if (!S_ISDIR(cur.dentry->d_inode->i_mode)) {
			path_put(&cur);
			return -ENOTDIR;
		}
		if (last && only_slashes(p)) {
			last->name = comp;
			last->len = len;
			*out = cur;
			return 0;
		}
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			follow_dotdot(&cur);
			continue;
		}
		child = lookup_one(cur.dentry, &(struct qstr){ comp, len }, &err);
		if (!child) {
			path_put(&cur);
			return err;
		}
		dput(cur.dentry);
		cur.dentry = child;
		follow_mount(&cur);
	}
	if (last) {
		/* "/" (or only dots and slashes resolved to a directory) has no last name. */
		path_put(&cur);
		return -EBUSY;
	}
	if ((trailing_slash || (flags & LOOKUP_DIRECTORY)) && !S_ISDIR(cur.dentry->d_inode->i_mode)) {
		path_put(&cur);
		return -ENOTDIR;
	}
	*out = cur;
	return 0;
}

/**
 * kern_path - look up @name
 * @name:	absolute, or relative to the shell's working directory
 * @flags:	LOOKUP_DIRECTORY
 * @path:	the result, referenced (path_put when done)
 *
 * Return: 0, -ENOENT, -ENOTDIR, -ENAMETOOLONG, or the filesystem's error.
 */
int kern_path(const char *name, unsigned int flags, struct path *path)
{
	return path_walk(name, flags, path, NULL);
}

/**
 * kern_path_parent - look up the directory that holds @name's last component
 * @name:	the path
 * @parent:	the directory, referenced
 * @last:	the last component (points into @name; may be "." or "..")
 *
 * Return: 0; -EBUSY when @name has no last component ("/"); walk errors.
 */
int kern_path_parent(const char *name, struct path *parent, struct qstr *last)
{
	return path_walk(name, 0, parent, last);
}

static bool is_dot_or_dotdot(const struct qstr *q)
{
	return (q->len == 1 && q->name[0] == '.') ||
	       (q->len == 2 && q->name[0] == '.' && q->name[1] == '.');
}

static int may_modify(const struct path *dir)
{
	if (dir->dentry->d_sb->s_flags & SB_RDONLY)
		return -EROFS;
	return 0;
}

/*
 * A new directory or device node at @pathname (mkdir and mknod share all
 * but the filesystem's call): -EEXIST for a name that exists (also "." and
 * ".."), -EPERM when the filesystem cannot make that kind of node.
 */
static int make_node(const char *pathname, umode_t mode, dev_t dev)
{
	struct path parent;
	struct qstr last;
	struct dentry *d;
	struct inode *dir;
	int err = kern_path_parent(pathname, &parent, &last);

	if (err)
		return err == -EBUSY ? -EEXIST : err;
	dir = parent.dentry->d_inode;
	if (is_dot_or_dotdot(&last)) {
		err = -EEXIST;
		goto out;
	}
	d = lookup_one(parent.dentry, &last, &err);
	if (d) {
		dput(d);
		err = -EEXIST;
		goto out;
	}
	if (err != -ENOENT)
		goto out;
	err = may_modify(&parent);
	if (err)
		goto out;
	if (!dir->i_op || (S_ISDIR(mode) ? !dir->i_op->mkdir : !dir->i_op->mknod)) {
		err = -EPERM;
		goto out;
	}
	d = d_alloc(parent.dentry, &last);
	if (!d) {
		err = -ENOMEM;
		goto out;
	}
	if (S_ISDIR(mode))
		err = dir->i_op->mkdir(dir, d, mode);
	else
		err = dir->i_op->mknod(dir, d, mode, dev);
	if (err || !d->d_inode) {
		d_delete(d);
		if (!err)
			err = -EIO;
	}
	dput(d);
out:
	path_put(&parent);
	return err;
}

/**
 * do_mkdir - mkdir(2)
 * @pathname:	the new directory
 * @mode:	permission bits
 *
 * Return: 0, -EEXIST, -ENOENT (no parent), -ENOTDIR, -EROFS, -ENOSPC, ...
 */
int do_mkdir(const char *pathname, umode_t mode)
{
	return make_node(pathname, S_IFDIR | (mode & S_IALLUGO), 0);
}

/**
 * vfs_mknod - mknod(2) of a device node
 * @pathname:	where
 * @mode:	S_IFCHR or S_IFBLK with permission bits
 * @dev:	the device number
 *
 * Return: 0, -EEXIST, -ENOENT, -ENOTDIR, -EINVAL (not a device type),
 * -EPERM (the filesystem has no device nodes), -EROFS, -ENOSPC.
 */
int vfs_mknod(const char *pathname, umode_t mode, dev_t dev)
{
	if (!S_ISCHR(mode) && !S_ISBLK(mode))
		return -EINVAL;
	return make_node(pathname, mode, dev);
}

/* Look up the last component for rmdir/unlink: the child dentry, referenced. */
static struct dentry *lookup_victim(const char *pathname, struct path *parent, int *err)
{
	struct qstr last;
	struct dentry *d;

	*err = kern_path_parent(pathname, parent, &last);
	if (*err)
		return NULL;
	if (is_dot_or_dotdot(&last)) {
		*err = last.len == 1 ? -EINVAL : -ENOTEMPTY;
		goto fail;
	}
	d = lookup_one(parent->dentry, &last, err);
	if (!d)
		goto fail;
	return d;
fail:
	path_put(parent);
	return NULL;
}

static bool is_mountpoint_or_root(const struct dentry *d)
{
	return (d->d_flags & DCACHE_MOUNTED) || d->d_parent == d;
}

/**
 * do_rmdir - rmdir(2)
 * @pathname:	an empty directory
 *
 * Return: 0, -ENOENT, -ENOTDIR, -ENOTEMPTY, -EBUSY (a mount point or a
 * root), -EINVAL (".") , -EROFS, ...
 */
int do_rmdir(const char *pathname)
{
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	int err;

	if (pathname && only_slashes(pathname) && *pathname)
		return -EBUSY;
	d = lookup_victim(pathname, &parent, &err);
	if (!d)
		return err == -EBUSY ? -EBUSY : err;
	dir = parent.dentry->d_inode;
	if (!S_ISDIR(d->d_inode->i_mode))
		err = -ENOTDIR;
	else if (is_mountpoint_or_root(d))
		err = -EBUSY;
	else if (!(err = may_modify(&parent))) {
		if (!dir->i_op || !dir->i_op->rmdir)
			err = -EPERM;
		else
			err = dir->i_op->rmdir(dir, d);
		if (!err)
			d_delete(d);
	}
	dput(d);
	path_put(&parent);
	return err;
}

/**
 * do_unlink - unlink(2)
 * @pathname:	a file (not a directory)
 *
 * Return: 0, -ENOENT, -EISDIR, -EROFS, ... The inode lives on while open
 * files or mappings hold it.
 */
int do_unlink(const char *pathname)
{
	struct path parent;
	struct dentry *d;
	struct inode *dir;
	int err;

	d = lookup_victim(pathname, &parent, &err);
	if (!d)
		return err == -EBUSY ? -EISDIR : err;
	dir = parent.dentry->d_inode;
	if (S_ISDIR(d->d_inode->i_mode))
		err = -EISDIR;
	else if (pathname[strlen(pathname) - 1] == '/')
		err = -ENOTDIR;
	else if (!(err = may_modify(&parent))) {
		if (!dir->i_op || !dir->i_op->unlink)
			err = -EPERM;
		else
			err = dir->i_op->unlink(dir, d);
		if (!err)
			d_delete(d);
	}
	dput(d);
	path_put(&parent);
	return err;
}

static bool is_ancestor(struct dentry *anc, struct dentry *d)
{
	for (;;) {
		if (d == anc)
			return true;
		if (d->d_parent == d)
			return false;
		d = d->d_parent;
	}
}

/**
 * do_rename - rename(2) within one filesystem
 * @oldname:	the existing name
 * @newname:	the new name; an existing file there is replaced, an existing
 *		empty directory too when @oldname is a directory
 *
 * Return: 0, -ENOENT, -EXDEV (other filesystem), -EINVAL (into itself),
 * -EISDIR, -ENOTDIR, -ENOTEMPTY, -EBUSY, -EROFS, ...
 */
int do_rename(const char *oldname, const char *newname)
{
	struct path op, np;
	struct qstr nlast;
	struct dentry *od, *nd;
	struct inode *odir, *ndir;
	int err;

	od = lookup_victim(oldname, &op, &err);
	if (!od)
		return err;
	err = kern_path_parent(newname, &np, &nlast);
	if (err)
		goto out_old;
	odir = op.dentry->d_inode;
	ndir = np.dentry->d_inode;
	if (is_dot_or_dotdot(&nlast)) {
		err = -EBUSY;
		goto out_new;
	}
	if (op.mnt != np.mnt) {
		err = -EXDEV;
		goto out_new;
	}
	if (is_mountpoint_or_root(od)) {
		err = -EBUSY;
		goto out_new;
	}
	if (S_ISDIR(od->d_inode->i_mode) && is_ancestor(od, np.dentry)) {
		err = -EINVAL;
		goto out_new;
	}
	nd = lookup_one(np.dentry, &nlast, &err);
	if (nd) {
		if (nd == od) {
			err = 0;	/* the same file: nothing to do */
			goto out_nd;
		}
		if (S_ISDIR(od->d_inode->i_mode) && !S_ISDIR(nd->d_inode->i_mode))
			err = -ENOTDIR;
		else if (!S_ISDIR(od->d_inode->i_mode) && S_ISDIR(nd->d_inode->i_mode))
			err = -EISDIR;
		else if (is_mountpoint_or_root(nd) || is_ancestor(nd, op.dentry))
			err = S_ISDIR(nd->d_inode->i_mode) ? -ENOTEMPTY : -EBUSY;
		else
			err = 0;
		if (err)
			goto out_nd;
	} else {
		if (err != -ENOENT)
			goto out_new;
		nd = d_alloc(np.dentry, &nlast);
		if (!nd) {
			err = -ENOMEM;
			goto out_new;
		}
	}
	err = may_modify(&np);
	if (err)
		goto out_nd;
	if (!odir->i_op || !odir->i_op->rename) {
		err = -EPERM;
		goto out_nd;
	}
	err = odir->i_op->rename(odir, od, ndir, nd);
	if (!err)
		d_move(od, nd);
out_nd:
	if (!nd->d_inode)
		d_delete(nd);
	dput(nd);
out_new:
	path_put(&np);
out_old:
	dput(od);
	path_put(&op);
	return err;
}

/**
 * set_cwd - the shell's "cd"
 * @pathname:	a directory
 *
 * Return: 0, -ENOENT, -ENOTDIR.
 */
int set_cwd(const char *pathname)
{
	struct path p;
	int err = kern_path(pathname, LOOKUP_DIRECTORY, &p);

	if (err)
		return err;
	if (cwd.dentry)
		path_put(&cwd);
	cwd = p;
	return 0;
}

/** get_cwd - the working directory (referenced; "/" until "cd") */
void get_cwd(struct path *path)
{
	*path = cwd.dentry ? cwd : vfs_root;
	path_get(path);
}

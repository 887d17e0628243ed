// SPDX-License-Identifier: GPL-2.0
/*
 * Shell commands on files: ls, cat, stat, write, rm, rmdir, mkdir, mv,
 * truncate, cd, pwd, mount, umount, df, sync, the descriptor commands
 * (open, close, fds, read, seek, fsync) and pagecache. They are thin
 * wrappers over the VFS entry points of <arbor/fs.h>, the way coreutils
 * sits on system calls; output follows coreutils where it has a say.
 *
 * Failures are returned as -errno and the shell prints
 * "<cmd>: error: ENAME (message)". An EINVAL from the VFS is printed here:
 * a returned -EINVAL would make the shell print the usage line instead.
 */
#include <arbor/compiler.h>
#include <arbor/console.h>
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/page-flags.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/slab.h>
#include <arbor/string.h>
#include <arbor/time64.h>

#define IO_CHUNK	4096	/* bytes per read()/write() call and output buffer */

/* A VFS failure as the shell would print it, EINVAL included (see above). */
static int fs_fail(const char *cmd, long err)
{
	if (err != -EINVAL)
		return (int)err;
	shell_printf("%s: error: EINVAL (%s)\n", cmd, strerror_short(-EINVAL));
	return 1;
}

/* filp_open() with the error folded into the return value. */
static int open_file(const char *name, unsigned int flags, umode_t mode, struct file **filp)
{
	int err = 0;
	struct file *f;

	*filp = NULL;
	f = filp_open(name, flags, mode, &err);
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	if (!f)
		return err ? err : -ENOENT;
	*filp = f;
	return 0;
}

/*
 * Paths are built in buffers twice PATH_MAX long: d_path() cuts a path that
 * does not fit, and what is left of a cut path in such a buffer is still
 * longer than PATH_MAX, so "too long" is told apart from "fits" (getcwd's
 * ENAMETOOLONG) without trusting the cut result.
 */
#define PATH_BUF	(2 * PATH_MAX)

static int check_path_len(char *p, char **name)
{
	if (IS_ERR(p))
		return (int)PTR_ERR(p);
	if (!p || strnlen(p, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	*name = p;
	return 0;
}

/* d_path() of @path into @buf (PATH_BUF bytes), or -ENAMETOOLONG. */
static int path_name(const struct path *path, char *buf, char **name)
{
	*name = NULL;
	return check_path_len(d_path(path, buf, PATH_BUF), name);
}

/* Where @mnt is mounted, in @buf (PATH_BUF bytes); "?" when it does not fit. */
static const char *mount_point(struct vfsmount *mnt, char *buf)
{
	char *name = NULL;

	return check_path_len(mnt_path(mnt, buf, PATH_BUF), &name) ? "?" : name;
}

/* ---- printing file contents ---- */

/**
 * struct byte_out - file bytes going to the console
 * @any:	something was printed
 * @nl:		and the last byte was a newline
 */
struct byte_out {
	bool any;
	bool nl;
};

/*
 * Printable ASCII, newline and tab as they are; every other byte as
 * "\xNN", so a binary file cannot send escape sequences to the terminal.
 */
static void put_bytes(struct byte_out *o, const char *buf, size_t n)
{
	char tmp[260];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f))
			tmp[len++] = (char)c;
		else
			len += (size_t)scnprintf(tmp + len, sizeof(tmp) - len, "\\x%02x", c);
		if (len > sizeof(tmp) - 6) {
			tmp[len] = '\0';
			shell_puts(tmp);
			len = 0;
		}
	}
	tmp[len] = '\0';
	shell_puts(tmp);
	if (n) {
		o->any = true;
		o->nl = buf[n - 1] == '\n';
	}
}

/* The prompt (or an error message) starts on a line of its own. */
static void end_bytes(struct byte_out *o)
{
	if (o->any && !o->nl)
		shell_puts("\n");
	o->any = false;
}

static int cat_one(const char *name, struct byte_out *o, char *buf)
{
	struct file *f;
	long n;
	int err;

	err = open_file(name, O_RDONLY, 0, &f);
	if (err)
		return err;
	if (S_ISDIR(file_inode(f)->i_mode)) {
		err = -EISDIR;	/* what read() on a directory returns */
		goto out;
	}
	for (;;) {
		/* /dev/zero never ends: Ctrl-C does, as it would kill cat(1). */
		if (console_check_interrupt()) {
			err = -EINTR;
			break;
		}
		n = vfs_read(f, buf, IO_CHUNK, &f->f_pos);
		if (n <= 0) {
			err = (int)n;
			break;
		}
		put_bytes(o, buf, (size_t)n);
	}
out:
	fput(f);
	return err;
}

static int cmd_cat(int argc, char **argv)
{
	struct byte_out o = { 0 };
	char *buf;
	int err = 0;

	if (argc < 2)
		return -EINVAL;
	buf = kmalloc(IO_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (int i = 1; i < argc && !err; i++)
		err = cat_one(argv[i], &o, buf);
	end_bytes(&o);
	kfree(buf);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(cat, "cat", "<file...>",
	  "print files; bytes other than ASCII, \\n, \\t as \\xNN; a missing final newline is added",
	  cmd_cat);

/* ---- ls ---- */

/* coreutils' filemode(): type letter, then rwx triplets with s/S/t/T. */
static void mode_string(umode_t mode, char str[11])
{
	static const char rwx[] = "rwxrwxrwx";
	char type;

	switch (mode & S_IFMT) {
	case S_IFDIR:	type = 'd'; break;
	case S_IFLNK:	type = 'l'; break;
	case S_IFCHR:	type = 'c'; break;
	case S_IFBLK:	type = 'b'; break;
	case S_IFIFO:	type = 'p'; break;
	case S_IFSOCK:	type = 's'; break;
	default:	type = '-'; break;
	}
	str[0] = type;
	for (int i = 0; i < 9; i++)
		str[1 + i] = (mode & (0400 >> i)) ? rwx[i] : '-';
	if (mode & S_ISUID)
		str[3] = (mode & 0100) ? 's' : 'S';
	if (mode & S_ISGID)
		str[6] = (mode & 0010) ? 's' : 'S';
	if (mode & S_ISVTX)
		str[9] = (mode & 0001) ? 't' : 'T';
	str[10] = '\0';
}

/**
 * struct ls_ent - one name to print
 * @name:	the name (allocated)
 * @st:		its attributes (valid when @have_st)
 */
struct ls_ent {
	char *name;
	unsigned int d_type;
	bool have_st;
	struct kstat st;
};

/**
 * struct ls_dir - a directory read through iterate_dir()
 * @ctx:	the callback and position
 * @ents, @n, @cap: the names so far
 * @all:	keep names starting with '.'
 * @err:	-ENOMEM when a name could not be kept
 */
struct ls_dir {
	struct dir_context ctx;
	struct ls_ent *ents;
	size_t n, cap;
	bool all;
	int err;
};

static int ls_add(struct ls_dir *d, const char *name, size_t len, unsigned int d_type)
{
	struct ls_ent *e;

	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;
		struct ls_ent *ents = krealloc(d->ents, cap * sizeof(*ents), GFP_KERNEL);

		if (!ents)
			return -ENOMEM;
		d->ents = ents;
		d->cap = cap;
	}
	e = &d->ents[d->n];
	memset(e, 0, sizeof(*e));
	e->name = kmalloc(len + 1, GFP_KERNEL);
	if (!e->name)
		return -ENOMEM;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	e->d_type = d_type;
	d->n++;
	return 0;
}

static int ls_actor(struct dir_context *ctx, const char *name, int namelen, loff_t pos,
		    u64 ino, unsigned int d_type)
{
	struct ls_dir *d = container_of(ctx, struct ls_dir, ctx);

	if (namelen <= 0)
		return 0;
	if (!d->all && name[0] == '.')
		return 0;
	d->err = ls_add(d, name, (size_t)namelen, d_type);
	return d->err;
}

static bool ls_has(const struct ls_dir *d, const char *name)
{
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->ents[i].name, name))
			return true;
	return false;
}

/* Shell sort by byte value (the C locale's order). */
static void ls_sort(struct ls_ent *ents, size_t n)
{
	for (size_t gap = n / 2; gap; gap /= 2) {
		for (size_t i = gap; i < n; i++) {
			struct ls_ent tmp = ents[i];
			size_t j = i;

			for (; j >= gap && strcmp(ents[j - gap].name, tmp.name) > 0; j -= gap)
				ents[j] = ents[j - gap];
			ents[j] = tmp;
		}
	}
}

static void ls_free(struct ls_dir *d)
{
	for (size_t i = 0; i < d->n; i++)
		kfree(d->ents[i].name);
	kfree(d->ents);
	d->ents = NULL;
	d->n = d->cap = 0;
}

static unsigned int num_width(u64 v)
{
	unsigned int w = 1;

	while (v >= 10) {
		v /= 10;
		w++;
	}
	return w;
}

/* Size column: bytes, or "major, minor" for device nodes (as ls -l). */
static void size_string(const struct kstat *st, char *buf, size_t size)
{
	if (S_ISCHR(st->mode) || S_ISBLK(st->mode))
		snprintf(buf, size, "%u, %u", MAJOR(st->rdev), MINOR(st->rdev));
	else
		snprintf(buf, size, "%lld", (long long)st->size);
}

/* "-rw-r--r-- 1 0 0 12 name" with coreutils' column widths. */
static void ls_long(struct ls_ent *ents, size_t n, bool total)
{
	unsigned int wl = 1, wu = 1, wg = 1, ws = 1;
	u64 blocks = 0;
	char mode[11], size[32];

	for (size_t i = 0; i < n; i++) {
		const struct kstat *st = &ents[i].st;

		wl = max(wl, num_width(st->nlink));
		wu = max(wu, num_width(st->uid));
		wg = max(wg, num_width(st->gid));
		size_string(st, size, sizeof(size));
		ws = max(ws, (unsigned int)strlen(size));
		blocks += (st->blocks + 1) / 2;
	}
	if (total)
		shell_printf("total %llu\n", (unsigned long long)blocks);
	for (size_t i = 0; i < n; i++) {
		const struct kstat *st = &ents[i].st;

		mode_string(st->mode, mode);
		size_string(st, size, sizeof(size));
		shell_printf("%s %*u %*u %*u %*s ", mode, (int)wl, st->nlink, (int)wu, st->uid,
			     (int)wg, st->gid, (int)ws, size);
		shell_puts(ents[i].name);
		shell_puts("\n");
	}
}

/* "dir/name" in @buf (no doubled slash after "/"). */
static int join_path(char *buf, size_t size, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	const char *sep = (dl && dir[dl - 1] == '/') ? "" : "/";

	if ((size_t)snprintf(buf, size, "%s%s%s", dir, sep, name) >= size)
		return -ENAMETOOLONG;
	return 0;
}

static int ls_dir(const char *name, bool all, bool lng, char *pathbuf)
{
	struct ls_dir d = { .ctx.actor = ls_actor, .all = all };
	struct file *f;
	loff_t pos;
	int err;

	err = open_file(name, O_RDONLY | O_DIRECTORY, 0, &f);
	if (err)
		return err;
	/* One call normally reads it all; go on while the position moves. */
	do {
		pos = d.ctx.pos;
		err = iterate_dir(f, &d.ctx);
	} while (!err && !d.err && d.ctx.pos != pos);
	fput(f);
	if (!err)
		err = d.err;
	if (!err && all && !ls_has(&d, "."))
		err = ls_add(&d, ".", 1, DT_DIR);
	if (!err && all && !ls_has(&d, ".."))
		err = ls_add(&d, "..", 2, DT_DIR);
	if (err)
		goto out;
	ls_sort(d.ents, d.n);

	for (size_t i = 0; i < d.n; i++) {
		struct ls_ent *e = &d.ents[i];

		if (!lng && e->d_type != DT_UNKNOWN)
			continue;
		err = join_path(pathbuf, PATH_MAX, name, e->name);
		if (!err)
			err = vfs_stat(pathbuf, &e->st);
		if (err == -ENOENT && !lng)	/* gone meanwhile: print it anyway */
			err = 0;
		if (err)
			goto out;
		e->have_st = true;
	}

	if (lng) {
		ls_long(d.ents, d.n, true);
		goto out;
	}
	for (size_t i = 0; i < d.n; i++) {
		struct ls_ent *e = &d.ents[i];
		bool dir = e->have_st ? S_ISDIR(e->st.mode) : e->d_type == DT_DIR;

		shell_puts(e->name);
		shell_puts(dir ? "/\n" : "\n");
	}
out:
	ls_free(&d);
	return err;
}

static int cmd_ls(int argc, char **argv)
{
	bool all = false, lng = false;
	char *pathbuf;
	int i, nargs, err = 0;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'a')
				all = true;
			else if (*p == 'l')
				lng = true;
			else
				return -EINVAL;
		}
	}
	nargs = argc - i;
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!pathbuf)
		return -ENOMEM;

	for (int k = 0; k < (nargs ? nargs : 1) && !err; k++) {
		const char *name = nargs ? argv[i + k] : ".";
		struct ls_ent one = { .name = (char *)name };

		err = vfs_stat(name, &one.st);
		if (err)
			break;
		if (!S_ISDIR(one.st.mode)) {
			/* A file lists itself, under the name it was given. */
			if (lng) {
				ls_long(&one, 1, false);
			} else {
				shell_puts(name);
				shell_puts("\n");
			}
			continue;
		}
		if (nargs > 1) {
			shell_puts(k ? "\n" : "");
			shell_puts(name);
			shell_puts(":\n");
		}
		err = ls_dir(name, all, lng, pathbuf);
	}
	kfree(pathbuf);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(ls, "ls", "[-a] [-l] [path...]",
	  "list directories sorted, dirs with a trailing /; -l: mode links uid gid size name",
	  cmd_ls);

/* ---- stat ---- */

static const char *type_name(const struct kstat *st)
{
	switch (st->mode & S_IFMT) {
	case S_IFREG:	return st->size ? "regular file" : "regular empty file";
	case S_IFDIR:	return "directory";
	case S_IFLNK:	return "symbolic link";
	case S_IFCHR:	return "character special file";
	case S_IFBLK:	return "block special file";
	case S_IFIFO:	return "fifo";
	case S_IFSOCK:	return "socket";
	default:	return "weird file";
	}
}

/* coreutils stat's "2026-11-22 01:05:12.123456789 +0000" (UTC: no time zones). */
static void show_time(const char *what, const struct timespec64 *t)
{
	struct tm tm;

	time64_to_tm(t->tv_sec, &tm);
	shell_printf("%s: %04ld-%02d-%02d %02d:%02d:%02d.%09ld +0000\n", what, tm.tm_year,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, t->tv_nsec);
}

static int cmd_stat(int argc, char **argv)
{
	struct kstat st;
	char mode[11];
	int err;

	if (argc != 2)
		return -EINVAL;
	err = vfs_stat(argv[1], &st);
	if (err)
		return fs_fail(argv[0], err);
	mode_string(st.mode, mode);
	shell_puts("  File: ");
	shell_puts(argv[1]);
	shell_puts("\n");
	shell_printf("  Size: %-15lld Blocks: %-10llu IO Block: %-6u %s\n", (long long)st.size,
		     (unsigned long long)st.blocks, st.blksize, type_name(&st));
	shell_printf("Device: %u,%u   Inode: %-11llu Links: %u", MAJOR(st.dev), MINOR(st.dev),
		     (unsigned long long)st.ino, st.nlink);
	if (S_ISCHR(st.mode) || S_ISBLK(st.mode))
		shell_printf("   Device type: %u,%u", MAJOR(st.rdev), MINOR(st.rdev));
	shell_puts("\n");
	shell_printf("Access: (%04o/%s)  Uid: (%5u)   Gid: (%5u)\n", st.mode & S_IALLUGO, mode,
		     st.uid, st.gid);
	show_time("Access", &st.atime);
	show_time("Modify", &st.mtime);
	show_time("Change", &st.ctime);
	return 0;
}
SHELL_CMD(stat, "stat", "<path>",
	  "size, blocks, type, device, inode, links, mode, owner, times (s since boot)", cmd_stat);

/* ---- write ---- */

static int write_all(struct file *f, const char *buf, size_t len, loff_t *pos)
{
	while (len) {
		long n = vfs_write(f, buf, len, pos);

		if (n < 0)
			return (int)n;
		if (n == 0)
			return -EIO;	/* no progress: do not spin */
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	bool trunc = false, newline = true;
	size_t len = 0;
	struct file *f;
	char *text;
	loff_t pos;
	int i, err;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 't')
				trunc = true;
			else if (*p == 'n')
				newline = false;
			else
				return -EINVAL;
		}
	}
	if (i >= argc)
		return -EINVAL;

	/* The words joined by single spaces, as echo does. */
	text = kmalloc(IO_CHUNK, GFP_KERNEL);
	if (!text)
		return -ENOMEM;
	for (int k = i + 1; k < argc; k++) {
		size_t wl = strlen(argv[k]);

		if (len + wl + 2 > IO_CHUNK) {
			err = -E2BIG;
			goto out_free;
		}
		if (k > i + 1)
			text[len++] = ' ';
		memcpy(text + len, argv[k], wl);
		len += wl;
	}
	if (newline)
		text[len++] = '\n';

	err = open_file(argv[i], O_WRONLY | O_CREAT | (trunc ? O_TRUNC : O_APPEND), 0644, &f);
	if (err)
		goto out_free;
	/* Appending starts at the end whatever the file's position says. */
	pos = trunc ? 0 : i_size_read(file_inode(f));
	err = write_all(f, text, len, &pos);
	fput(f);
out_free:
	kfree(text);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(write, "write", "[-t] [-n] <file> [text...]",
	  "append the words and a newline to file (created 0644); -t truncate first, -n no newline",
	  cmd_write);

/* ---- names: rm, rmdir, mkdir, mv, truncate, cd, pwd ---- */

static int cmd_rm(int argc, char **argv)
{
	int err;

	if (argc < 2)
		return -EINVAL;
	for (int i = 1; i < argc; i++) {
		err = do_unlink(argv[i]);
		if (err)
			return fs_fail(argv[0], err);
	}
	return 0;
}
SHELL_CMD(rm, "rm", "<file...>", "remove files (unlink)", cmd_rm);

static int cmd_rmdir(int argc, char **argv)
{
	int err;

	if (argc < 2)
		return -EINVAL;
	for (int i = 1; i < argc; i++) {
		err = do_rmdir(argv[i]);
		if (err)
			return fs_fail(argv[0], err);
	}
	return 0;
}
SHELL_CMD(rmdir, "rmdir", "<dir...>", "remove empty directories", cmd_rmdir);

static bool is_dir(const char *name)
{
	struct kstat st;

	return !vfs_stat(name, &st) && S_ISDIR(st.mode);
}

/* mkdir -p: every missing component; existing directories are fine. */
static int mkdir_parents(char *path)
{
	char *p = path;
	int err;

	while (*p == '/')
		p++;
	while (*p) {
		char *slash = strchr(p, '/');

		if (slash)
			*slash = '\0';
		err = do_mkdir(path, 0755);
		if (err == -EEXIST)
			err = is_dir(path) ? 0 : (slash ? -ENOTDIR : -EEXIST);
		if (slash)
			*slash = '/';
		if (err || !slash)
			return err;
		for (p = slash + 1; *p == '/'; p++)
			;
	}
	return 0;
}

static int cmd_mkdir(int argc, char **argv)
{
	bool parents = false;
	int i = 1, err;

	if (i < argc && !strcmp(argv[i], "-p")) {
		parents = true;
		i++;
	}
	if (i >= argc)
		return -EINVAL;
	for (; i < argc; i++) {
		err = parents ? mkdir_parents(argv[i]) : do_mkdir(argv[i], 0755);
		if (err)
			return fs_fail(argv[0], err);
	}
	return 0;
}
SHELL_CMD(mkdir, "mkdir", "[-p] <dir...>",
	  "make directories (0755); -p: with missing parents, no error if it exists", cmd_mkdir);

static int cmd_mv(int argc, char **argv)
{
	int err;

	if (argc != 3)
		return -EINVAL;
	err = do_rename(argv[1], argv[2]);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(mv, "mv", "<old> <new>", "rename a file or directory (rename)", cmd_mv);

static int cmd_truncate(int argc, char **argv)
{
	u64 size;
	int err;

	if (argc != 3)
		return -EINVAL;
	err = parse_num(argv[2], &size);
	if (err == -ERANGE || (!err && size > (u64)MAX_LFS_FILESIZE))
		return -EFBIG;
	if (err)
		return -EINVAL;
	err = do_truncate_path(argv[1], (loff_t)size);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(truncate, "truncate", "<file> <size>",
	  "set an existing file's size (K/M/G suffixes): cut or extend with zeros", cmd_truncate);

static int cmd_cd(int argc, char **argv)
{
	int err;

	if (argc > 2)
		return -EINVAL;
	err = set_cwd(argc == 2 ? argv[1] : "/");
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(cd, "cd", "[dir]", "change the working directory (default /)", cmd_cd);

static int cmd_pwd(int argc, char **argv)
{
	struct path cwd;
	char *buf, *name;
	int err;

	if (argc != 1)
		return -EINVAL;
	buf = kmalloc(PATH_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	get_cwd(&cwd);
	err = path_name(&cwd, buf, &name);
	path_put(&cwd);
	if (!err) {
		shell_puts(name);
		shell_puts("\n");
	}
	kfree(buf);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(pwd, "pwd", "", "print the working directory", cmd_pwd);

/* ---- mounts: mount, umount, df, sync ---- */

static int show_mounts(void)
{
	struct vfsmount *mnt;
	char *buf = kmalloc(PATH_BUF, GFP_KERNEL);

	if (!buf)
		return -ENOMEM;
	for (mnt = next_mount(NULL); mnt; mnt = next_mount(mnt)) {
		struct super_block *sb = mnt->mnt_sb;

		shell_printf("%s ", mnt->mnt_devname[0] ? mnt->mnt_devname : "none");
		shell_puts(mount_point(mnt, buf));
		shell_printf(" %s %s 0 0\n", sb->s_type ? sb->s_type->name : "?",
			     (sb->s_flags & SB_RDONLY) ? "ro" : "rw");
	}
	kfree(buf);
	return 0;
}

/*
 * "-o ro,rw,...": ro/rw set the flag, anything else goes to the filesystem
 * as its data string (as mount(8) passes unknown options on).
 */
static int mount_options(const char *opts, unsigned long *flags, char *data, size_t size)
{
	size_t dl = 0;

	data[0] = '\0';
	while (*opts) {
		const char *e = strchr(opts, ',');
		size_t n = e ? (size_t)(e - opts) : strlen(opts);

		if (n == 2 && !strncmp(opts, "ro", 2)) {
			*flags |= SB_RDONLY;
		} else if (n == 2 && !strncmp(opts, "rw", 2)) {
			*flags &= ~(unsigned long)SB_RDONLY;
		} else if (n) {
			if (dl + n + 2 > size)
				return -EINVAL;
			if (dl)
				data[dl++] = ',';
			memcpy(data + dl, opts, n);
			dl += n;
			data[dl] = '\0';
		}
		opts += n + (e ? 1 : 0);
	}
	return 0;
}

static int cmd_mount(int argc, char **argv)
{
	unsigned long flags = 0;
	char data[64];
	int i = 1, err;

	if (argc == 1)
		return show_mounts();
	data[0] = '\0';
	if (!strcmp(argv[i], "-o")) {
		if (argc < 3 || mount_options(argv[2], &flags, data, sizeof(data)))
			return -EINVAL;
		i = 3;
	}
	if (argc - i != 2 && argc - i != 3)
		return -EINVAL;
	err = do_mount(argv[i], argv[i + 1], argc - i == 3 ? argv[i + 2] : "ext2", flags,
		       data[0] ? data : NULL);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(mount, "mount", "[[-o ro] <dev> <dir> [type]]",
	  "list mounts, or mount dev (/dev/vda, none) on dir; type default ext2", cmd_mount);

static int cmd_umount(int argc, char **argv)
{
	int err;

	if (argc != 2)
		return -EINVAL;
	err = do_umount(argv[1]);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(umount, "umount", "<dir>", "write everything back and unmount dir", cmd_umount);

/*
 * One df row: coreutils' columns, Use% rounded up, "-" without blocks.
 * The header goes before the first row, so a lone failure prints only the
 * error (as df does).
 */
static int df_row(const struct path *path, char *buf, bool *header)
{
	struct kstatfs sf;
	u64 bs, total, used, avail;
	char use[8];
	int err;

	memset(&sf, 0, sizeof(sf));
	err = vfs_statfs(path, &sf);
	if (err)
		return err;
	bs = sf.f_bsize > 0 ? (u64)sf.f_bsize : 1024;
	total = sf.f_blocks * bs / 1024;
	used = (sf.f_blocks - min(sf.f_bfree, sf.f_blocks)) * bs / 1024;
	avail = sf.f_bavail * bs / 1024;
	if (used + avail)
		snprintf(use, sizeof(use), "%llu%%",
			 (unsigned long long)DIV_ROUND_UP(used * 100, used + avail));
	else
		strlcpy(use, "-", sizeof(use));
	if (!*header)
		shell_printf("%-14s %10s %10s %10s %4s %s\n", "Filesystem", "1K-blocks", "Used",
			     "Available", "Use%", "Mounted on");
	*header = true;
	shell_printf("%-14s %10llu %10llu %10llu %4s ",
		     path->mnt->mnt_devname[0] ? path->mnt->mnt_devname : "none",
		     (unsigned long long)total, (unsigned long long)used,
		     (unsigned long long)avail, use);
	shell_puts(mount_point(path->mnt, buf));
	shell_puts("\n");
	return 0;
}

static int cmd_df(int argc, char **argv)
{
	struct vfsmount *mnt;
	bool header = false;
	char *buf;
	int err = 0;

	buf = kmalloc(PATH_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (argc == 1) {
		for (mnt = next_mount(NULL); mnt && !err; mnt = next_mount(mnt)) {
			struct path root = { .mnt = mnt, .dentry = mnt->mnt_root };

			err = df_row(&root, buf, &header);
		}
	}
	/* df <path>: the filesystem the path is on. */
	for (int i = 1; i < argc && !err; i++) {
		struct path p;

		err = kern_path(argv[i], 0, &p);
		if (err)
			break;
		err = df_row(&p, buf, &header);
		path_put(&p);
	}
	kfree(buf);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(df, "df", "[path...]", "size, used and free space of each mounted filesystem",
	  cmd_df);

static int cmd_sync(int argc, char **argv)
{
	if (argc != 1)
		return -EINVAL;
	ksys_sync();
	return 0;
}
SHELL_CMD(sync, "sync", "", "write every dirty page, inode and buffer to disk", cmd_sync);

/* ---- descriptors: open, close, fds, read, seek, fsync ---- */

static int parse_fd(const char *s, unsigned int *fd)
{
	return kstrtouint(s, 10, fd);
}

static int cmd_open(int argc, char **argv)
{
	unsigned int flags = O_RDONLY;
	int fd;

	if (argc < 2)
		return -EINVAL;
	for (int i = 2; i < argc; i++) {
		const char *w = argv[i];

		if (!strcmp(w, "r"))
			flags = (flags & ~O_ACCMODE) | O_RDONLY;
		else if (!strcmp(w, "w"))
			flags = (flags & ~O_ACCMODE) | O_WRONLY;
		else if (!strcmp(w, "rw"))
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (!strcmp(w, "a"))
			flags = (flags & ~O_ACCMODE) | O_WRONLY | O_APPEND;
		else if (!strcmp(w, "creat"))
			flags |= O_CREAT;
		else if (!strcmp(w, "trunc"))
			flags |= O_TRUNC;
		else if (!strcmp(w, "excl"))
			flags |= O_EXCL;
		else
			return -EINVAL;
	}
	fd = ksys_open(argv[1], flags, 0644);
	if (fd < 0)
		return fs_fail(argv[0], fd);
	shell_printf("fd %d\n", fd);
	return 0;
}
SHELL_CMD(open, "open", "<path> [r|w|rw|a] [creat] [trunc] [excl]",
	  "open a file in the current address space and print its descriptor", cmd_open);

static int cmd_close(int argc, char **argv)
{
	unsigned int fd;
	int err;

	if (argc != 2 || parse_fd(argv[1], &fd))
		return -EINVAL;
	err = ksys_close(fd);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(close, "close", "<fd>", "close a descriptor", cmd_close);

static int cmd_fds(int argc, char **argv)
{
	struct files_struct *files = current_mm ? current_mm->files : NULL;
	char *buf;

	if (argc != 1)
		return -EINVAL;
	buf = kmalloc(PATH_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	shell_printf("%3s %-4s %10s %10s %s\n", "fd", "mode", "pos", "size", "path");
	for (int fd = 0; files && fd < NR_OPEN_DEFAULT; fd++) {
		struct file *f = files->fd[fd];
		const char *mode;
		char *name;

		if (!f)
			continue;
		switch (f->f_mode & (FMODE_READ | FMODE_WRITE)) {
		case FMODE_READ:		mode = "r"; break;
		case FMODE_WRITE:		mode = "w"; break;
		case FMODE_READ | FMODE_WRITE:	mode = "rw"; break;
		default:			mode = "-"; break;
		}
		shell_printf("%3d %-4s %10lld %10lld ", fd, mode, (long long)f->f_pos,
			     (long long)i_size_read(file_inode(f)));
		shell_puts(path_name(&f->f_path, buf, &name) ? "?" : name);
		shell_puts("\n");
	}
	kfree(buf);
	return 0;
}
SHELL_CMD(fds, "fds", "", "the open descriptors: fd, mode, position, size, path", cmd_fds);

static int cmd_read(int argc, char **argv)
{
	struct byte_out o = { 0 };
	unsigned int fd;
	u64 want = IO_CHUNK;
	char *buf;
	long n = 0;

	if (argc < 2 || argc > 3 || parse_fd(argv[1], &fd) ||
	    (argc == 3 && parse_num(argv[2], &want)))
		return -EINVAL;
	buf = kmalloc(IO_CHUNK, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* At least one call, so that "read <fd> 0" still checks the descriptor. */
	do {
		n = ksys_read(fd, buf, min(want, (u64)IO_CHUNK));
		if (n <= 0)
			break;
		put_bytes(&o, buf, (size_t)n);
		want -= (u64)n;
	} while (want);
	end_bytes(&o);
	kfree(buf);
	return n < 0 ? fs_fail(argv[0], n) : 0;
}
SHELL_CMD(read, "read", "<fd> [n]",
	  "read n bytes (default 4096) at the descriptor's position and print them as cat does",
	  cmd_read);

static int cmd_seek(int argc, char **argv)
{
	unsigned int fd, whence = SEEK_SET;
	const char *num;
	loff_t off, ret;
	u64 v;

	if (argc < 3 || argc > 4 || parse_fd(argv[1], &fd))
		return -EINVAL;
	num = argv[2][0] == '-' ? argv[2] + 1 : argv[2];
	if (parse_num(num, &v) || v > (~0ULL >> 1))
		return -EINVAL;
	off = argv[2][0] == '-' ? -(loff_t)v : (loff_t)v;
	if (argc == 4) {
		if (!strcmp(argv[3], "set"))
			whence = SEEK_SET;
		else if (!strcmp(argv[3], "cur"))
			whence = SEEK_CUR;
		else if (!strcmp(argv[3], "end"))
			whence = SEEK_END;
		else
			return -EINVAL;
	}
	ret = ksys_lseek(fd, off, whence);
	if (ret < 0)
		return fs_fail(argv[0], ret);
	shell_printf("%lld\n", (long long)ret);
	return 0;
}
SHELL_CMD(seek, "seek", "<fd> <off> [set|cur|end]",
	  "move the descriptor's position (lseek) and print the new one", cmd_seek);

static int cmd_fsync(int argc, char **argv)
{
	unsigned int fd;
	int err;

	if (argc != 2 || parse_fd(argv[1], &fd))
		return -EINVAL;
	err = ksys_fsync(fd, 0);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(fsync, "fsync", "<fd>", "write the file's dirty pages and inode to disk, wait",
	  cmd_fsync);

/* ---- pagecache ---- */

#define PC_LINE	64	/* pages per map line */

/* Writeback over dirty over mapped over clean: the most urgent state shows. */
static char page_state(struct address_space *mapping, unsigned long index)
{
	struct page *page = find_get_page(mapping, index);
	char c;

	if (!page)
		return '.';
	if (PageWriteback(page))
		c = 'w';
	else if (PageDirty(page))
		c = 'd';
	else if (page_mapcount(page) > 0)
		c = 'm';
	else
		c = 'c';
	put_page(page);
	return c;
}

/*
 * The map, PC_LINE pages a line after the first index; a line equal to the
 * one before is printed once as "*" (as hexdump does), so a large file that
 * is barely cached stays short.
 */
static void pagecache_map(struct address_space *mapping, unsigned long nr)
{
	char line[PC_LINE + 1], prev[PC_LINE + 1] = "";
	bool starred = false;

	for (unsigned long base = 0; base < nr; base += PC_LINE) {
		unsigned long n = min(nr - base, (unsigned long)PC_LINE);

		for (unsigned long i = 0; i < n; i++)
			line[i] = page_state(mapping, base + i);
		line[n] = '\0';
		if (base && !strcmp(line, prev) && base + PC_LINE < nr) {
			if (!starred)
				shell_puts("*\n");
			starred = true;
			continue;
		}
		starred = false;
		shell_printf("%8lu %s\n", base, line);
		memcpy(prev, line, sizeof(line));
	}
}

static int cmd_pagecache(int argc, char **argv)
{
	unsigned long nr, cached = 0, dirty = 0, mapped = 0, wb = 0;
	struct address_space *mapping;
	struct inode *inode;
	struct path path;
	loff_t size;
	int err;

	if (argc != 2)
		return -EINVAL;
	err = kern_path(argv[1], 0, &path);
	if (err)
		return fs_fail(argv[0], err);
	inode = path.dentry->d_inode;
	if (S_ISDIR(inode->i_mode)) {
		err = -EISDIR;
		goto out;
	}
	if (!S_ISREG(inode->i_mode)) {
		err = -EINVAL;
		goto out;
	}
	mapping = inode->i_mapping;
	size = i_size_read(inode);
	nr = (unsigned long)DIV_ROUND_UP((u64)size, PAGE_SIZE);
	for (unsigned long i = 0; i < nr; i++) {
		struct page *page = find_get_page(mapping, i);

		if (!page)
			continue;
		cached++;
		dirty += PageDirty(page) ? 1 : 0;
		wb += PageWriteback(page) ? 1 : 0;
		mapped += page_mapcount(page) > 0 ? 1 : 0;
		put_page(page);
	}
	shell_printf("size %lld pages %lu cached %lu dirty %lu mapped %lu writeback %lu\n",
		     (long long)size, nr, cached, dirty, mapped, wb);
	pagecache_map(mapping, nr);
out:
	path_put(&path);
	return err ? fs_fail(argv[0], err) : 0;
}
SHELL_CMD(pagecache, "pagecache", "<path>",
	  "a file's cached pages: . absent, c clean, d dirty, m mapped, w writeback", cmd_pagecache);

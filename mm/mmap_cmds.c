// SPDX-License-Identifier: GPL-2.0
/*
 * Shell commands on the shell's address spaces: as, mmap, munmap,
 * mprotect, brk and maps (the last exactly as Linux's /proc/<pid>/maps).
 * Failures of the calls themselves print the errno name, as strace would.
 */
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>

struct name_bit {
	const char *name;
	unsigned long bit;
};

static const struct name_bit prot_names[] = {
	{ "PROT_NONE", PROT_NONE }, { "PROT_READ", PROT_READ },
	{ "PROT_WRITE", PROT_WRITE }, { "PROT_EXEC", PROT_EXEC },
	{ "PROT_SEM", PROT_SEM }, { "PROT_GROWSDOWN", PROT_GROWSDOWN },
	{ "PROT_GROWSUP", PROT_GROWSUP }, { NULL, 0 }
};

static const struct name_bit map_names[] = {
	{ "shared", MAP_SHARED }, { "private", MAP_PRIVATE },
	{ "shared_validate", MAP_SHARED_VALIDATE }, { "fixed", MAP_FIXED },
	{ "anon", MAP_ANONYMOUS }, { "anonymous", MAP_ANONYMOUS },
	{ "growsdown", MAP_GROWSDOWN }, { "locked", MAP_LOCKED },
	{ "noreserve", MAP_NORESERVE }, { "populate", MAP_POPULATE },
	{ "nonblock", MAP_NONBLOCK }, { "stack", MAP_STACK },
	{ "fixed_noreplace", MAP_FIXED_NOREPLACE }, { NULL, 0 }
};

/* One token of a list: a known name or a number. */
static int parse_token(const char *tok, size_t n, const struct name_bit *names,
		       unsigned long *out)
{
	char buf[32];
	u64 v;

	if (!n || n >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, tok, n);
	buf[n] = '\0';
	for (; names->name; names++) {
		if (!strcmp(buf, names->name)) {
			*out |= names->bit;
			return 0;
		}
	}
	if (parse_num(buf, &v))
		return -EINVAL;
	*out |= v;
	return 0;
}

static int parse_list(const char *s, char sep, const struct name_bit *names,
		      unsigned long *out)
{
	*out = 0;
	while (*s) {
		const char *e = strchr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (parse_token(s, n, names, out))
			return -EINVAL;
		if (!e)
			break;
		s = e + 1;
	}
	return 0;
}

/* "rwx"-style (three characters of r/w/x/-), or PROT_ names joined by '|'. */
static int parse_prot(const char *s, unsigned long *prot)
{
	if (strlen(s) == 3 && (s[0] == 'r' || s[0] == '-') && (s[1] == 'w' || s[1] == '-') &&
	    (s[2] == 'x' || s[2] == '-')) {
		*prot = (s[0] == 'r' ? PROT_READ : 0) | (s[1] == 'w' ? PROT_WRITE : 0) |
			(s[2] == 'x' ? PROT_EXEC : 0);
		return 0;
	}
	return parse_list(s, '|', prot_names, prot);
}

static int cmd_mmap(int argc, char **argv)
{
	unsigned long prot, flags;
	u64 addr, len, fd = (u64)-1, off = 0;
	long ret;

	if ((argc != 5 && argc != 7) || parse_num(argv[1], &addr) || parse_num(argv[2], &len) ||
	    parse_prot(argv[3], &prot) || parse_list(argv[4], ',', map_names, &flags))
		return -EINVAL;
	if (argc == 7 && (parse_num(argv[5], &fd) || parse_num(argv[6], &off)))
		return -EINVAL;
	ret = sys_mmap(addr, len, prot, flags, fd, off);
	if (IS_ERR_VALUE(ret))
		return shell_print_errno(ret);
	printk("%#lx\n", (unsigned long)ret);
	return 0;
}
SHELL_CMD(mmap, "mmap", "<addr|0> <len> <prot> <flags> [<fd> <offset>]",
	  "map memory or a file; prot rw- or PROT_READ|..., flags private|shared,anon,fixed,...",
	  cmd_mmap);

static int cmd_msync(int argc, char **argv)
{
	u64 addr, len;
	int flags = MS_SYNC;

	if (argc < 3 || argc > 4 || parse_num(argv[1], &addr) || parse_num(argv[2], &len))
		return -EINVAL;
	if (argc == 4) {
		if (!strcmp(argv[3], "sync"))
			flags = MS_SYNC;
		else if (!strcmp(argv[3], "async"))
			flags = MS_ASYNC;
		else if (!strcmp(argv[3], "invalidate"))
			flags = MS_INVALIDATE;
		else if (!strcmp(argv[3], "sync,invalidate"))
			flags = MS_SYNC | MS_INVALIDATE;
		else {
			u64 v;

			if (parse_num(argv[3], &v))
				return -EINVAL;
			flags = (int)v;
		}
	}
	return shell_print_result(ksys_msync(addr, len, flags));
}
SHELL_CMD(msync, "msync", "<addr> <len> [sync|async|invalidate|<flags>]",
	  "write a shared file mapping back (default MS_SYNC)", cmd_msync);

static int cmd_munmap(int argc, char **argv)
{
	u64 addr, len;
	int err;

	if (argc != 3 || parse_num(argv[1], &addr) || parse_num(argv[2], &len))
		return -EINVAL;
	err = do_vmi_munmap(current_mm, addr, len);
	return err ? shell_print_errno(err) : 0;
}
SHELL_CMD(munmap, "munmap", "<addr> <len>", "unmap a range of the current address space",
	  cmd_munmap);

static int cmd_mprotect(int argc, char **argv)
{
	unsigned long prot;
	u64 addr, len;
	int err;

	if (argc != 4 || parse_num(argv[1], &addr) || parse_num(argv[2], &len) ||
	    parse_prot(argv[3], &prot))
		return -EINVAL;
	err = do_mprotect_pkey(addr, len, prot, -1);
	return err ? shell_print_errno(err) : 0;
}
SHELL_CMD(mprotect, "mprotect", "<addr> <len> <prot>", "change the access of a range",
	  cmd_mprotect);

static int cmd_brk(int argc, char **argv)
{
	u64 addr = 0;

	if (argc > 2 || (argc == 2 && parse_num(argv[1], &addr)))
		return -EINVAL;
	printk("%#lx\n", sys_brk(addr));
	return 0;
}
SHELL_CMD(brk, "brk", "[addr]", "move the program break; without addr print it", cmd_brk);

/* Linux's show_map_vma(): the header padded to 73 columns before a name. */
static void show_map_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	vm_flags_t f = vma->vm_flags;
	const char *name = NULL;
	char line[128];
	int n;

	struct inode *inode = vma->vm_file ? file_inode(vma->vm_file) : NULL;
	dev_t dev = inode ? inode->i_sb->s_dev : 0;
	char path[160];

	n = snprintf(line, sizeof(line), "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
		     vma->vm_start, vma->vm_end, (f & VM_READ) ? 'r' : '-',
		     (f & VM_WRITE) ? 'w' : '-', (f & VM_EXEC) ? 'x' : '-',
		     (f & VM_MAYSHARE) ? 's' : 'p',
		     vma->vm_file ? vma->vm_pgoff << PAGE_SHIFT : 0UL, MAJOR(dev), MINOR(dev),
		     inode ? inode->i_ino : 0UL);
	if (vma->vm_file) {
		name = d_path(&vma->vm_file->f_path, path, sizeof(path));
		if (IS_ERR(name))
			name = "(path too long)";
	}
	if (!name && vma->vm_ops && vma->vm_ops->name)
		name = vma->vm_ops->name(vma);
	if (!name && vma->vm_start <= mm->brk && vma->vm_end >= mm->start_brk)
		name = "[heap]";
	if (!name && vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		name = "[stack]";
	if (name)
		printk("%-72s %s\n", line, name);
	else
		printk("%.*s\n", n, line);
}

static int cmd_maps(int argc, char **argv)
{
	struct mm_struct *mm = current_mm;
	struct vm_area_struct *vma;
	unsigned long idx = 0;

	(void)argv;
	if (argc != 1)
		return -EINVAL;
	mt_for_each(&mm->mm_mt, vma, idx, ULONG_MAX)
		show_map_vma(mm, vma);
	return 0;
}
SHELL_CMD(maps, "maps", "", "the current address space's VMAs, like /proc/<pid>/maps", cmd_maps);

static int cmd_as(int argc, char **argv)
{
	struct mm_struct *mm;
	u64 id;

	if (argc == 2 && !strcmp(argv[1], "new")) {
		mm = mm_new_with_stack();
		if (!mm)
			return -ENOMEM;
		printk("as %d\n", mm->id);
		return 0;
	}
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "fork")) {
		struct mm_struct *child, *parent = current_mm;

		if (argc == 3 && (parse_num(argv[2], &id) || id > 0x7fffffff))
			return -EINVAL;
		if (argc == 3 && !(parent = mm_find_by_id((int)id)))
			return -ENOENT;
		child = dup_mm(parent);
		if (IS_ERR(child))
			return shell_print_errno(PTR_ERR(child));
		printk("as %d\n", child->id);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "list")) {
		printk("  id  vmas  total_vm       brk\n");
		for (mm = mm_for_each_next(NULL); mm; mm = mm_for_each_next(mm))
			printk("%c %2d  %4d  %5lu kB  %#lx\n", mm == current_mm ? '*' : ' ',
			       mm->id, mm->map_count, mm->total_vm << (PAGE_SHIFT - 10), mm->brk);
		return 0;
	}
	if (argc != 3 || parse_num(argv[2], &id) || id > 0x7fffffff)
		return -EINVAL;
	mm = mm_find_by_id((int)id);
	if (!strcmp(argv[1], "use")) {
		if (!mm)
			return -ENOENT;
		use_mm(mm);
		return 0;
	}
	if (!strcmp(argv[1], "free")) {
		if (!mm)
			return -ENOENT;
		if (mm == current_mm)
			return -EBUSY;
		mmput(mm);
		return 0;
	}
	return -EINVAL;
}
SHELL_CMD(as, "as", "new|list|fork [id]|use <id>|free <id>",
	  "create, list, fork (copy-on-write), switch and free address spaces",
	  cmd_as);

/**
 * show_map - print @vma's line exactly as /proc/<pid>/maps does (smaps
 * starts each of its entries with it)
 * @mm:		the address space (for [heap]/[stack])
 * @vma:	the VMA
 */
void show_map(struct mm_struct *mm, struct vm_area_struct *vma)
{
	show_map_vma(mm, vma);
}

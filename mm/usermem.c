// SPDX-License-Identifier: GPL-2.0
/*
 * Shell commands that read and write the current address space as a user
 * program would: every access is an unprivileged LDTR/STTR through the
 * accessors of asm/uaccess.h, so it demand-faults pages in, and a fault
 * Linux would turn into a signal is reported instead:
 *
 *   SIGSEGV at 0x1000 (SEGV_MAPERR)       no VMA there
 *   SIGSEGV at 0x1000 (SEGV_ACCERR)       the VMA does not allow it
 *
 *   peek <addr> [len]           hex dump (16 bytes a line, default 16 bytes)
 *   poke <addr> <byte...>       store bytes
 *   fill <addr> <len> <byte>    memset
 *   touch <addr> <len> [r|w]    one access per page: a load ("r", the
 *                               default), or a load and a store of the same
 *                               byte ("w", *p = *p)
 *
 * Also "vmstat": the event counters of include/arbor/vmstat.h.
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/signal.h>
#include <arbor/string.h>
#include <asm/mmu_context.h>
#include <asm/uaccess.h>

#define PEEK_MAX	(64UL << 10)

/* The signal line for an access at @addr that failed. */
static void report_user_fault(unsigned long addr)
{
	struct uaccess_fault f;

	if (!uaccess_last_fault(&f)) {
		/* Refused before any access: outside user space. */
		f.addr = addr;
		f.signo = SIGSEGV;
		f.code = SEGV_MAPERR;
	}
	switch (f.signo) {
	case SIGSEGV:
		printk("SIGSEGV at %#lx (%s)\n", f.addr,
		       f.code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR");
		break;
	case SIGBUS:
		printk("SIGBUS at %#lx (%s)\n", f.addr,
		       f.code == BUS_ADRALN ? "BUS_ADRALN" : "BUS_ADRERR");
		break;
	default:
		printk("SIGKILL at %#lx (out of memory)\n", f.addr);
		break;
	}
}

static int parse_addr(const char *s, unsigned long *out)
{
	u64 v;

	if (parse_num(s, &v))
		return -EINVAL;
	*out = (unsigned long)v;
	return 0;
}

/* An access range beyond user space: SIGSEGV at its first bad byte. */
static bool check_range(unsigned long addr, unsigned long len)
{
	if (access_ok((const void __user *)addr, len))
		return true;
	report_user_fault(addr < TASK_SIZE ? TASK_SIZE : addr);
	return false;
}

static void dump_line(unsigned long addr, const u8 *buf, unsigned long n)
{
	char line[16 * 3 + 1];
	int pos = 0;

	for (unsigned long i = 0; i < n; i++)
		pos += scnprintf(line + pos, sizeof(line) - pos, " %02x", buf[i]);
	printk("%016lx:%s\n", addr, line);
}

static int cmd_peek(int argc, char **argv)
{
	unsigned long addr, len = 16;
	u64 v;

	if (argc < 2 || argc > 3 || parse_addr(argv[1], &addr))
		return -EINVAL;
	if (argc == 3) {
		if (parse_num(argv[2], &v) || !v || v > PEEK_MAX)
			return -EINVAL;
		len = (unsigned long)v;
	}
	uaccess_fault_clear();
	if (!check_range(addr, len))
		return 0;
	while (len) {
		unsigned long n = min(len, 16UL - (addr & 15)), left;
		u8 buf[16];

		left = copy_from_user(buf, (const void __user *)addr, n);
		if (n - left)
			dump_line(addr, buf, n - left);
		if (left) {
			report_user_fault(addr + n - left);
			return 0;
		}
		addr += n;
		len -= n;
	}
	return 0;
}
SHELL_CMD(peek, "peek", "<addr> [len]",
	  "hex dump of user memory (a user read: faults pages in)", cmd_peek);

static int cmd_poke(int argc, char **argv)
{
	u8 bytes[SHELL_MAX_ARGS];
	unsigned long addr, n = 0, left;

	if (argc < 3 || parse_addr(argv[1], &addr))
		return -EINVAL;
	for (int i = 2; i < argc; i++) {
		u64 v;

		if (parse_num(argv[i], &v) || v > 0xff)
			return -EINVAL;
		bytes[n++] = (u8)v;
	}
	uaccess_fault_clear();
	if (!check_range(addr, n))
		return 0;
	left = copy_to_user((void __user *)addr, bytes, n);
	if (left)
		report_user_fault(addr + n - left);
	return 0;
}
SHELL_CMD(poke, "poke", "<addr> <byte...>", "store bytes in user memory (a user write)",
	  cmd_poke);

static int cmd_fill(int argc, char **argv)
{
	unsigned long addr, len, left;
	u64 v, c;

	if (argc != 4 || parse_addr(argv[1], &addr) || parse_num(argv[2], &v) ||
	    parse_num(argv[3], &c) || c > 0xff)
		return -EINVAL;
	len = (unsigned long)v;
	uaccess_fault_clear();
	if (!check_range(addr, len))
		return 0;
	left = fill_user((void __user *)addr, (int)c, len);
	if (left)
		report_user_fault(addr + len - left);
	return 0;
}
SHELL_CMD(fill, "fill", "<addr> <len> <byte>", "set user memory to a byte (a user write)",
	  cmd_fill);

static int cmd_touch(int argc, char **argv)
{
	unsigned long addr, len, end, pages = 0;
	bool write = false;
	u64 v;

	if (argc < 3 || argc > 4 || parse_addr(argv[1], &addr) || parse_num(argv[2], &v))
		return -EINVAL;
	if (argc == 4) {
		if (!strcmp(argv[3], "w"))
			write = true;
		else if (strcmp(argv[3], "r"))
			return -EINVAL;
	}
	len = (unsigned long)v;
	uaccess_fault_clear();
	if (!len || !check_range(addr, len))
		return len ? 0 : -EINVAL;
	end = addr + len;
	/* The first byte of each page the range covers. */
	for (unsigned long a = addr; a < end; a = (a & PAGE_MASK) + PAGE_SIZE) {
		u8 __user *p = (u8 __user *)a;
		u8 b;

		if (get_user(b, p) || (write && put_user(b, p))) {
			report_user_fault(a);
			break;
		}
		pages++;
	}
	printk("touched %lu page%s\n", pages, pages == 1 ? "" : "s");
	return 0;
}
SHELL_CMD(touch, "touch", "<addr> <len> [r|w]",
	  "access each page of a user range: read, or read and write back", cmd_touch);

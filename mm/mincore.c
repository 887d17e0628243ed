// SPDX-License-Identifier: GPL-2.0
/*
 * mincore(): which pages of a range are resident (Linux's mm/mincore.c
 * semantics, Arbor's code). For anonymous memory a page is resident when
 * its PTE is present, the shared zero page included (a read fault mapped
 * it); an empty PTE is not resident. A hole anywhere in the range fails
 * the call with -ENOMEM; the vector may be filled up to the hole.
 *
 * Also the "mincore" shell command: one character per page, 1 or 0.
 */
#include <arbor/errno.h>
#include <arbor/mm.h>
#include <arbor/mmtrace.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/slab.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

/* Linux's do_mincore(): fill @vec for up to @pages pages from @addr, in one VMA. */
static long mincore_one_vma(struct mm_struct *mm, unsigned long addr, unsigned long pages,
			    unsigned char *vec)
{
	struct vm_area_struct *vma = vma_lookup(mm, addr);
	unsigned long end, i = 0;

	if (!vma)
		return -ENOMEM;
	end = vma->vm_end;
	if (pages < (end - addr) >> PAGE_SHIFT)
		end = addr + (pages << PAGE_SHIFT);
	for (; addr < end; addr += PAGE_SIZE, i++) {
		pte_t *ptep = pte_lookup(mm, addr);

		/* Bit 0: resident. The other bits are reserved and zero. */
		vec[i] = ptep && pte_present(ptep_get(ptep)) ? 1 : 0;
	}
	return (long)i;
}

/**
 * do_mincore_vec - Linux's mincore() on @mm, into a kernel vector
 * @mm:		the address space
 * @start:	page-aligned start
 * @len:	bytes; the vector gets one byte per page of them, rounded up
 * @vec:	room for (len + PAGE_SIZE - 1) / PAGE_SIZE bytes
 *
 * Return: 0, -EINVAL (unaligned @start), -ENOMEM (the range goes beyond
 * user space, or part of it is not mapped).
 */
int do_mincore_vec(struct mm_struct *mm, unsigned long start, size_t len, unsigned char *vec)
{
	unsigned long pages;

	if (offset_in_page(start))
		return -EINVAL;
	if (!access_ok((const void __user *)start, len))
		return -ENOMEM;
	pages = (len >> PAGE_SHIFT) + (offset_in_page(len) != 0);
	mm_trace("mincore %#lx pages %lu", start, pages);
	while (pages) {
		long done = mincore_one_vma(mm, start, pages, vec);

		if (done < 0)
			return (int)done;
		pages -= done;
		vec += done;
		start += done << PAGE_SHIFT;
	}
	return 0;
}

/* Enough for 64 MiB at a time: the shell is for looking, not for bulk. */
#define MINCORE_SHELL_MAX	(16UL << 10)

static int cmd_mincore(int argc, char **argv)
{
	unsigned long pages;
	unsigned char *vec;
	u64 addr, len;
	int err;

	if (argc != 3 || parse_num(argv[1], &addr) || parse_num(argv[2], &len))
		return -EINVAL;
	pages = (len >> PAGE_SHIFT) + (offset_in_page(len) != 0);
	if (len > TASK_SIZE || pages > MINCORE_SHELL_MAX) {
		/* Too long to show: only mincore's own refusals are worth printing. */
		if (offset_in_page(addr))
			err = -EINVAL;
		else if (!access_ok((const void __user *)addr, len))
			err = -ENOMEM;
		else
			return -EINVAL;
		return shell_print_errno(err);
	}
	vec = kmalloc(pages ? pages : 1, GFP_KERNEL);
	if (!vec)
		return -ENOMEM;
	err = do_mincore_vec(current_mm, addr, len, vec);
	if (err) {
		shell_print_errno(err);
	} else {
		/* 64 pages a line (256 KiB). */
		for (unsigned long i = 0; i < pages; i += 64) {
			char line[65];
			unsigned long n = pages - i < 64 ? pages - i : 64;

			for (unsigned long j = 0; j < n; j++)
				line[j] = (vec[i + j] & 1) ? '1' : '0';
			line[n] = '\0';
			printk("%s\n", line);
		}
		if (!pages)
			printk("\n");
	}
	kfree(vec);
	return err ? 1 : 0;
}
SHELL_CMD(mincore, "mincore", "<addr> <len>",
	  "page residency of a range: one character per page, 1 resident, 0 not", cmd_mincore);

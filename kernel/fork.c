// SPDX-License-Identifier: GPL-2.0
/*
 * Address-space lifecycle (Linux's kernel/fork.c names): mm_alloc() makes
 * an empty mm with its own L0 table and ASID context, mmput() drops a
 * reference and the last one tears it down. Arbor has no processes yet:
 * the shell owns a list of address spaces and one of them is current_mm
 * (created at boot, with a [stack] VMA like a fresh process's).
 */
#include <arbor/err.h>
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/init.h>
#include <arbor/mm.h>
#include <arbor/mman.h>
#include <arbor/printk.h>
#include <arbor/rmap.h>
#include <arbor/slab.h>

/* 128 KiB of stack at the top of user space, as a new process starts with. */
#define INIT_STACK_SIZE		(128UL << 10)
/* Where the heap starts: Arbor loads no program, so a fixed, low address. */
#define INIT_START_BRK		0x00400000UL
/* mmap_base = STACK_TOP - the minimum stack gap Linux keeps (128 MiB). */
#define MMAP_MIN_GAP		(128UL << 20)

struct mm_struct *current_mm;
static LIST_HEAD(mm_list);
static int mm_next_id;
static struct kmem_cache *mm_cachep;

static bool mm_cache_ready(void)
{
	if (likely(mm_cachep))
		return true;
	mm_cachep = kmem_cache_create("mm_struct", sizeof(struct mm_struct), 0,
				      SLAB_HWCACHE_ALIGN, NULL);
	return mm_cachep != NULL;
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm;

	if (!mm_cache_ready())
		return NULL;
	mm = kmem_cache_zalloc(mm_cachep, GFP_KERNEL);
	if (!mm)
		return NULL;
	mt_init_flags(&mm->mm_mt, MT_FLAGS_ALLOC_RANGE);
	mm->mm_users = 1;
	mm->mm_count = 1;
	mm->task_size = TASK_SIZE;
	mm->mmap_base = PAGE_ALIGN(STACK_TOP - MMAP_MIN_GAP);
	mm->start_brk = mm->brk = INIT_START_BRK;
	mm->start_stack = STACK_TOP - PAGE_SIZE;
	mm->files = files_alloc();
	if (!mm->files)
		goto out_free;
	if (pgd_alloc(mm))
		goto out_files;
	init_new_context(mm);
	mm->id = mm_next_id++;
	list_add_tail(&mm->list, &mm_list);
	return mm;

out_files:
	put_files_struct(mm->files);
out_free:
	kmem_cache_free(mm_cachep, mm);
	return NULL;
}

void mmput(struct mm_struct *mm)
{
	if (--mm->mm_users)
		return;
	put_files_struct(mm->files);
	exit_mmap(mm);
	destroy_context(mm);
	pgd_free(mm);
	list_del(&mm->list);
	kmem_cache_free(mm_cachep, mm);
}

/**
 * mm_release_all - what init's killing of every process does before a
 * shutdown: every address space loses its mappings and closes its
 * descriptors, so that files only they held are released (an unlinked
 * file's blocks are freed instead of leaking on disk). The address spaces
 * themselves stay, empty and usable.
 */
void mm_release_all(void)
{
	struct mm_struct *mm;

	list_for_each_entry(mm, &mm_list, list) {
		struct files_struct *files = mm->files;

		(void)do_vmi_munmap(mm, 0, TASK_SIZE);
		for (int fd = 0; files && fd < NR_OPEN_DEFAULT; fd++) {
			if (files->fd[fd]) {
				struct file *f = files->fd[fd];

				files->fd[fd] = NULL;
				fput(f);
			}
		}
	}
}

struct mm_struct *mm_find_by_id(int id)
{
	struct mm_struct *mm;

	list_for_each_entry(mm, &mm_list, list)
		if (mm->id == id)
			return mm;
	return NULL;
}

/**
 * mm_for_each_next - walk the address spaces in creation order
 * @prev:	NULL for the first one
 *
 * Return: the one after @prev, or NULL.
 */
struct mm_struct *mm_for_each_next(struct mm_struct *prev)
{
	struct list_head *n = prev ? prev->list.next : mm_list.next;

	return n == &mm_list ? NULL : list_entry(n, struct mm_struct, list);
}

void use_mm(struct mm_struct *mm)
{
	struct mm_struct *prev = current_mm;

	current_mm = mm;
	switch_mm(prev, mm);
}

/**
 * setup_stack_vma - give @mm the [stack] VMA a new process starts with
 * @mm:	an empty address space
 *
 * Return: 0 or -ENOMEM.
 */
int setup_stack_vma(struct mm_struct *mm)
{
	struct vm_area_struct *vma = vm_area_alloc(mm);

	if (!vma)
		return -ENOMEM;
	vma->vm_end = STACK_TOP;
	vma->vm_start = STACK_TOP - INIT_STACK_SIZE;
	vma->vm_flags = VM_STACK_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	vma->vm_pgoff = vma->vm_start >> PAGE_SHIFT;
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	if (vma_link(vma)) {
		vm_area_free(vma);
		return -ENOMEM;
	}
	vm_stat_account(mm, vma->vm_flags, INIT_STACK_SIZE >> PAGE_SHIFT);
	return 0;
}

/**
 * mm_new_with_stack - mm_alloc() plus the initial [stack] VMA
 *
 * Return: the mm or NULL (nothing leaked).
 */
struct mm_struct *mm_new_with_stack(void)
{
	struct mm_struct *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (setup_stack_vma(mm)) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* The shell's own address space, made once the allocators are up. */
static int init_shell_mm(void)
{
	struct mm_struct *mm = mm_new_with_stack();

	if (!mm) {
		pr_err("mm: no memory for the shell's address space\n");
		return -ENOMEM;
	}
	use_mm(mm);
	return 0;
}
core_initcall(init_shell_mm);

/**
 * dup_mmap - copy every VMA of @oldmm, and its page tables, into @mm
 * @mm:		a new, empty address space (the child)
 * @oldmm:	the parent
 *
 * As Linux's: VM_DONTCOPY VMAs are left out, VM_WIPEONFORK ones are
 * copied without their pages, and the child inherits no mlock
 * (VM_LOCKED/VM_LOCKONFAULT are cleared, locked_vm stays 0). The child's
 * totals are counted from the VMAs it gets.
 *
 * Return: 0, or -ENOMEM; then what was copied so far is in @mm, fully
 * accounted, and mmput(@mm) releases it.
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt, *tmp;
	unsigned long idx = 0;
	int ret = 0;

	mt_for_each(&oldmm->mm_mt, mpnt, idx, ULONG_MAX) {
		if (mpnt->vm_flags & VM_DONTCOPY)
			continue;
		tmp = vm_area_dup(mpnt);
		if (!tmp)
			return -ENOMEM;
		tmp->vm_mm = mm;
		tmp->vm_flags &= ~VM_LOCKED_MASK;
		/* The child's own anon_vma, chained to the parent's (Linux's anon_vma_fork). */
		if (tmp->vm_flags & VM_WIPEONFORK) {
			unlink_anon_vmas(tmp);
		} else if (anon_vma_fork(tmp, mpnt)) {
			vm_area_free(tmp);
			return -ENOMEM;
		}
		if (vma_link(tmp)) {
			vm_area_free(tmp);
			return -ENOMEM;
		}
		vm_stat_account(mm, tmp->vm_flags, (tmp->vm_end - tmp->vm_start) >> PAGE_SHIFT);
		if (tmp->vm_ops && tmp->vm_ops->open)
			tmp->vm_ops->open(tmp);
		ret = copy_page_range(tmp, mpnt);
		if (ret)
			return ret;
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *oldmm)
{
	struct mm_struct *mm = mm_alloc();
	int err;

	if (!mm)
		return ERR_PTR(-ENOMEM);
	mm->mmap_base = oldmm->mmap_base;
	mm->task_size = oldmm->task_size;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	/* mlockall(MCL_FUTURE) is not inherited across fork. */
	mm->def_flags = oldmm->def_flags & ~VM_LOCKED_MASK;
	/* The child's descriptor table is a copy of the parent's (copy_files). */
	put_files_struct(mm->files);
	mm->files = dup_fd(oldmm->files);
	if (!mm->files) {
		mmput(mm);
		return ERR_PTR(-ENOMEM);
	}
	err = dup_mmap(mm, oldmm);
	if (err) {
		mmput(mm);
		return ERR_PTR(err);
	}
	return mm;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor tables (Linux's fs/file.c). Linux keeps one per task; Arbor's
 * shell has address spaces instead of tasks, so each mm_struct carries one:
 * "as fork" copies it (dup_fd) and "mmap ... <fd>" looks descriptors up in
 * the current address space's table.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/mm.h>
#include <arbor/slab.h>

/**
 * files_alloc - an empty descriptor table
 * Return: the table (count 1) or NULL.
 */
struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (files)
		files->count = 1;
	return files;
}

/**
 * dup_fd - a copy of @old sharing its open files (fork)
 * Return: the new table or NULL.
 */
struct files_struct *dup_fd(struct files_struct *old)
{
	struct files_struct *files = files_alloc();
	int i;

	if (!files || !old)
		return files;
	for (i = 0; i < NR_OPEN_DEFAULT; i++)
		if (old->fd[i])
			files->fd[i] = get_file(old->fd[i]);
	return files;
}

/** put_files_struct - drop a reference; the last one closes every descriptor */
void put_files_struct(struct files_struct *files)
{
	int i;

	if (!files || --files->count)
		return;
	for (i = 0; i < NR_OPEN_DEFAULT; i++)
		if (files->fd[i])
			fput(files->fd[i]);
	kfree(files);
}

static struct files_struct *current_files(void)
{
	return current_mm ? current_mm->files : NULL;
}

/**
 * fget - the open file behind descriptor @fd of the current address space
 * Return: the file with a new reference, or NULL (bad descriptor).
 */
struct file *fget(unsigned int fd)
{
	struct files_struct *files = current_files();

	if (!files || fd >= NR_OPEN_DEFAULT || !files->fd[fd])
		return NULL;
	return get_file(files->fd[fd]);
}

/**
 * get_unused_fd_install - give @file the lowest free descriptor
 * @file:	the file; the table takes over the caller's reference on success
 *
 * Return: the descriptor, or -EMFILE (table full) / -EBADF (no address space).
 */
int get_unused_fd_install(struct file *file)
{
	struct files_struct *files = current_files();
	int fd;

	if (!files)
		return -EBADF;
	for (fd = 0; fd < NR_OPEN_DEFAULT; fd++) {
		if (!files->fd[fd]) {
			files->fd[fd] = file;
			return fd;
		}
	}
	return -EMFILE;
}

/**
 * ksys_close - close(2)
 * Return: 0 or -EBADF.
 */
int ksys_close(unsigned int fd)
{
	struct files_struct *files = current_files();
	struct file *file;

	if (!files || fd >= NR_OPEN_DEFAULT || !files->fd[fd])
		return -EBADF;
	file = files->fd[fd];
	files->fd[fd] = NULL;
	fput(file);
	return 0;
}

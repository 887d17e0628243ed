// SPDX-License-Identifier: GPL-2.0
/* The image file behind the ext2 tests' fake disk (POSIX I/O only). */
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include <unistd.h>

int hostio_open(const char *path, unsigned long long *size);
int hostio_rw(int fd, void *buf, size_t len, unsigned long long off, bool write);
void hostio_close(int fd);

int hostio_open(const char *path, unsigned long long *size)
{
	struct stat st;
	int fd = open(path, O_RDWR);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		close(fd);
		return -1;
	}
	*size = (unsigned long long)st.st_size;
	return fd;
}

int hostio_rw(int fd, void *buf, size_t len, unsigned long long off, bool write)
{
	ssize_t r = write ? pwrite(fd, buf, len, (off_t)off) : pread(fd, buf, len, (off_t)off);

	return r == (ssize_t)len ? 0 : -1;
}

void hostio_close(int fd)
{
	close(fd);
}

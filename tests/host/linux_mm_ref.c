// SPDX-License-Identifier: GPL-2.0
/*
 * linux_mm_ref - run Arbor shell mm commands against the host's Linux.
 *
 * Not a unit test: tests/e2e/test_linux_diff.py builds it with the host gcc,
 * feeds it a script (one shell command a line, Arbor's syntax) on stdin and
 * compares what it prints with what Arbor's shell prints for the same lines.
 * For every line it prints "$ <line>" and then exactly what Arbor's command
 * prints:
 *
 *   mmap <addr|0> <len> <prot> <flags>    the address (%#lx) or the errno name
 *   munmap <addr> <len>                   nothing, or the errno name
 *   mprotect <addr> <len> <prot>          nothing, or the errno name
 *   mremap <old> <oldlen> <newlen> [flags] [newaddr]   address or errno name
 *   madvise <addr> <len> <advice>         0 or the errno name
 *   mlock <addr> <len> [onfault]          0 or the errno name (mlock2)
 *   munlock <addr> <len>                  0 or the errno name
 *   mincore <addr> <len>                  a 0/1 per page, 64 a line
 *   maps                                  the /proc/self/maps lines that lie
 *                                         inside the window (argv[1], argv[2])
 *   peek <addr> [len] / poke <addr> <byte...> / fill <addr> <len> <byte> /
 *   touch <addr> <len> [r|w]              as usermem.c, with SIGSEGV reported
 *                                         as "SIGSEGV at <addr> (SEGV_...)"
 *
 * Memory accesses run under a SIGSEGV handler that siglongjmp()s back with
 * the fault's si_addr and si_code, so a fault is a line of output rather than
 * the end of the program. Only the window's addresses should be touched.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP	4
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT		0x01
#endif

struct name_bit {
	const char *name;
	unsigned long bit;
};

static const struct name_bit prot_names[] = {
	{ "PROT_NONE", PROT_NONE }, { "PROT_READ", PROT_READ },
	{ "PROT_WRITE", PROT_WRITE }, { "PROT_EXEC", PROT_EXEC },
	{ "PROT_SEM", 0x8 }, { "PROT_GROWSDOWN", PROT_GROWSDOWN },
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

static const struct name_bit madv_names[] = {
	{ "normal", MADV_NORMAL }, { "random", MADV_RANDOM },
	{ "sequential", MADV_SEQUENTIAL }, { "willneed", MADV_WILLNEED },
	{ "dontneed", MADV_DONTNEED }, { "free", 8 },
	{ "populate_read", 22 }, { "populate_write", 23 }, { NULL, 0 }
};

static unsigned long win_start, win_end;

/* Arbor's parse_num(): decimal or 0x hex, optional K/M/G/T suffix. */
static int parse_num(const char *s, unsigned long *res)
{
	unsigned int shift = 0;
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		if (!s[2] || s[2] == '-' || s[2] == '+' || s[2] == ' ')
			return -1;
		v = strtoul(s + 2, &end, 16);
	} else {
		v = strtoul(s, &end, 10);
	}
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	}
	if (shift)
		end++;
	if (*end || (shift && (v >> (64 - shift))))
		return -1;
	*res = v << shift;
	return 0;
}

static int parse_list(const char *s, char sep, const struct name_bit *names,
		      unsigned long *out)
{
	char buf[64];

	*out = 0;
	while (*s) {
		const char *e = strchr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		const struct name_bit *p;
		unsigned long v;

		if (!n || n >= sizeof(buf))
			return -1;
		memcpy(buf, s, n);
		buf[n] = '\0';
		for (p = names; p->name; p++)
			if (!strcmp(buf, p->name))
				break;
		if (p->name)
			*out |= p->bit;
		else if (!parse_num(buf, &v))
			*out |= v;
		else
			return -1;
		if (!e)
			break;
		s = e + 1;
	}
	return 0;
}

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

static void print_err(int err)
{
	const char *name = strerrorname_np(err);

	if (name)
		printf("%s\n", name);
	else
		printf("error %d\n", -err);
}

/* "0" or the errno name, as madvise/mlock/munlock print it. */
static void print_result(long ret)
{
	if (ret)
		print_err(errno);
	else
		printf("0\n");
}

/* ---- memory accesses under a SIGSEGV handler ---- */

static sigjmp_buf fault_jmp;
static volatile unsigned long fault_addr;
static volatile int fault_signo, fault_code;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_signo = sig;
	fault_code = si->si_code;
	fault_addr = (unsigned long)si->si_addr;
	siglongjmp(fault_jmp, 1);
}

static void report_fault(void)
{
	if (fault_signo == SIGSEGV)
		printf("SIGSEGV at %#lx (%s)\n", fault_addr,
		       fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "SEGV_ACCERR");
	else
		printf("SIGBUS at %#lx (%s)\n", fault_addr,
		       fault_code == BUS_ADRALN ? "BUS_ADRALN" : "BUS_ADRERR");
}

static void dump_line(unsigned long addr, const unsigned char *buf, unsigned long n)
{
	printf("%016lx:", addr);
	for (unsigned long i = 0; i < n; i++)
		printf(" %02x", buf[i]);
	printf("\n");
}

/* Byte by byte, so the fault lands on the first inaccessible byte. */
static void do_peek(unsigned long addr, unsigned long len)
{
	static unsigned char buf[16];
	static volatile unsigned long a, n, i, left;

	a = addr;
	left = len;
	while (left) {
		n = 16 - (a & 15);
		if (n > left)
			n = left;
		i = 0;
		if (sigsetjmp(fault_jmp, 1)) {
			if (i)
				dump_line(a, buf, i);
			report_fault();
			return;
		}
		for (; i < n; i++)
			buf[i] = *(volatile unsigned char *)(a + i);
		dump_line(a, buf, n);
		a += n;
		left -= n;
	}
}

static void do_store(unsigned long addr, const unsigned char *bytes, int c, unsigned long len)
{
	static volatile unsigned long i;

	i = 0;
	if (sigsetjmp(fault_jmp, 1)) {
		report_fault();
		return;
	}
	for (; i < len; i++)
		*(volatile unsigned char *)(addr + i) = bytes ? bytes[i] : (unsigned char)c;
}

static void do_touch(unsigned long addr, unsigned long len, bool write)
{
	static volatile unsigned long a, pages;
	unsigned long end = addr + len;

	pages = 0;
	a = addr;
	if (sigsetjmp(fault_jmp, 1)) {
		report_fault();
		goto out;
	}
	for (; a < end; a = (a & ~4095UL) + 4096) {
		unsigned char b = *(volatile unsigned char *)a;

		if (write)
			*(volatile unsigned char *)a = b;
		pages++;
	}
out:
	printf("touched %lu page%s\n", pages, pages == 1 ? "" : "s");
}

/* ---- /proc/self/maps inside the window ---- */

static void do_maps(void)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];

	if (!f) {
		perror("/proc/self/maps");
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long s, e;

		if (sscanf(line, "%lx-%lx", &s, &e) != 2)
			continue;
		if (s >= win_start && e <= win_end)
			fputs(line, stdout);
		else if (e > win_start && s < win_end)
			printf("!straddles the window: %s", line);
	}
	fclose(f);
}

static void do_mincore(unsigned long addr, unsigned long len)
{
	unsigned long pages = (len >> 12) + ((len & 4095) != 0);
	unsigned char *vec = malloc(pages ? pages : 1);

	if (!vec || pages > (16UL << 10)) {
		printf("mincore: too long for the script\n");
		free(vec);
		return;
	}
	if (mincore((void *)addr, len, vec)) {
		print_err(errno);
	} else {
		for (unsigned long i = 0; i < pages; i += 64) {
			unsigned long n = pages - i < 64 ? pages - i : 64;

			for (unsigned long j = 0; j < n; j++)
				putchar((vec[i + j] & 1) ? '1' : '0');
			putchar('\n');
		}
		if (!pages)
			putchar('\n');
	}
	free(vec);
}

static int run(int argc, char **argv)
{
	unsigned long a, b, c, d, e;
	const char *cmd = argv[0];

	if (!strcmp(cmd, "mmap") && argc == 5) {
		void *p;

		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) || parse_prot(argv[3], &c) ||
		    parse_list(argv[4], ',', map_names, &d))
			return -1;
		p = mmap((void *)a, b, (int)c, (int)d, -1, 0);
		if (p == MAP_FAILED)
			print_err(errno);
		else
			printf("%#lx\n", (unsigned long)p);
	} else if (!strcmp(cmd, "munmap") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			return -1;
		if (munmap((void *)a, b))
			print_err(errno);
	} else if (!strcmp(cmd, "mprotect") && argc == 4) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) || parse_prot(argv[3], &c))
			return -1;
		if (mprotect((void *)a, b, (int)c))
			print_err(errno);
	} else if (!strcmp(cmd, "mremap") && argc >= 4 && argc <= 6) {
		void *p;

		d = 0;
		e = 0;
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) || parse_num(argv[3], &c))
			return -1;
		if (argc >= 5) {
			static const struct name_bit mremap_names[] = {
				{ "maymove", MREMAP_MAYMOVE }, { "fixed", MREMAP_FIXED },
				{ "dontunmap", MREMAP_DONTUNMAP }, { NULL, 0 }
			};

			if (parse_list(argv[4], ',', mremap_names, &d))
				return -1;
		}
		if (argc == 6 && parse_num(argv[5], &e))
			return -1;
		p = mremap((void *)a, b, c, (int)d, (void *)e);
		if (p == MAP_FAILED)
			print_err(errno);
		else
			printf("%#lx\n", (unsigned long)p);
	} else if (!strcmp(cmd, "madvise") && argc == 4) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    (parse_list(argv[3], ',', madv_names, &c) || c > 0x7fffffff))
			return -1;
		print_result(madvise((void *)a, b, (int)c));
	} else if (!strcmp(cmd, "mlock") && (argc == 3 || argc == 4)) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) ||
		    (argc == 4 && strcmp(argv[3], "onfault")))
			return -1;
		print_result(mlock2((void *)a, b, argc == 4 ? MLOCK_ONFAULT : 0));
	} else if (!strcmp(cmd, "munlock") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			return -1;
		print_result(munlock((void *)a, b));
	} else if (!strcmp(cmd, "mincore") && argc == 3) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b))
			return -1;
		do_mincore(a, b);
	} else if (!strcmp(cmd, "maps") && argc == 1) {
		do_maps();
	} else if (!strcmp(cmd, "peek") && (argc == 2 || argc == 3)) {
		b = 16;
		if (parse_num(argv[1], &a) || (argc == 3 && (parse_num(argv[2], &b) || !b)))
			return -1;
		do_peek(a, b);
	} else if (!strcmp(cmd, "poke") && argc >= 3) {
		unsigned char bytes[64];
		int n = 0;

		if (parse_num(argv[1], &a) || argc - 2 > (int)sizeof(bytes))
			return -1;
		for (int i = 2; i < argc; i++) {
			if (parse_num(argv[i], &b) || b > 0xff)
				return -1;
			bytes[n++] = (unsigned char)b;
		}
		do_store(a, bytes, 0, (unsigned long)n);
	} else if (!strcmp(cmd, "fill") && argc == 4) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) || parse_num(argv[3], &c) ||
		    c > 0xff)
			return -1;
		do_store(a, NULL, (int)c, b);
	} else if (!strcmp(cmd, "touch") && (argc == 3 || argc == 4)) {
		if (parse_num(argv[1], &a) || parse_num(argv[2], &b) || !b ||
		    (argc == 4 && strcmp(argv[3], "r") && strcmp(argv[3], "w")))
			return -1;
		do_touch(a, b, argc == 4 && !strcmp(argv[3], "w"));
	} else {
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { 0 };
	char line[1024];
	static char altstack[65536];
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };

	if (argc != 3 || parse_num(argv[1], &win_start) || parse_num(argv[2], &win_end)) {
		fprintf(stderr, "usage: %s <window start> <window end> < script\n", argv[0]);
		return 2;
	}
	sigaltstack(&ss, NULL);
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);

	while (fgets(line, sizeof(line), stdin)) {
		char *args[32], *save = NULL, *tok;
		int n = 0;

		line[strcspn(line, "\r\n")] = '\0';
		for (tok = strtok_r(line, " \t", &save); tok && n < 32;
		     tok = strtok_r(NULL, " \t", &save))
			args[n++] = tok;
		if (!n || args[0][0] == '#')
			continue;
		printf("$");
		for (int i = 0; i < n; i++)
			printf(" %s", args[i]);
		printf("\n");
		if (run(n, args))
			printf("usage: %s\n", args[0]);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The ktest runner: KTAP version 1 output, one subtest per suite.
 */
#include <arbor/errno.h>
#include <arbor/fs.h>
#include <arbor/ktest.h>
#include <arbor/panic.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>

extern const struct ktest_suite __start_ktest_suites[], __stop_ktest_suites[];

void ktest_fail(struct ktest *t, const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	t->failures++;
	printk("        # %s: EXPECTATION FAILED at %s:%d\n        # %s\n", t->name, file,
	       line, buf);
}

static bool name_listed(const char *names, const char *name)
{
	size_t len = strlen(name);
	const char *p = names;

	if (!names || !*names || !strcmp(names, "all"))
		return true;
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		if (!strncmp(p, name, len) && (p[len] == '\0' || p[len] == ',' || p[len] == ' '))
			return true;
		while (*p && *p != ',' && *p != ' ')
			p++;
	}
	return false;
}

/* Every listed name must be a suite: a typo is an error, not zero tests. */
static int check_names(const char *names)
{
	const char *p = names;

	if (!names || !*names || !strcmp(names, "all"))
		return 0;
	while (*p) {
		char one[64];
		size_t n = 0;
		bool found = false;

		while (*p == ',' || *p == ' ')
			p++;
		while (*p && *p != ',' && *p != ' ')
			if (n < sizeof(one) - 1)
				one[n++] = *p++;
			else
				p++;
		one[n] = '\0';
		if (!n)
			continue;
		for (const struct ktest_suite *s = __start_ktest_suites; s < __stop_ktest_suites; s++)
			if (!strcmp(s->name, one))
				found = true;
		if (!found) {
			printk("ktest: no such suite '%s' (try 'ktest list')\n", one);
			return -ENOENT;
		}
	}
	return 0;
}

static int run_suite(const struct ktest_suite *s, int index)
{
	int pass = 0, fail = 0, skip = 0, n = 0;

	for (const struct ktest_case *c = s->cases; c->name; c++)
		n++;
	printk("    KTAP version 1\n    # Subtest: %s\n    1..%d\n", s->name, n);
	n = 0;
	for (const struct ktest_case *c = s->cases; c->name; c++) {
		struct ktest t = { .name = c->name };

		c->fn(&t);
		n++;
		if (t.failures) {
			fail++;
			printk("    not ok %d %s\n", n, c->name);
		} else if (t.skipped) {
			skip++;
			printk("    ok %d %s # SKIP %s\n", n, c->name,
			       t.skip_reason ? t.skip_reason : "");
		} else {
			pass++;
			printk("    ok %d %s\n", n, c->name);
		}
	}
	printk("# %s: pass:%d fail:%d skip:%d total:%d\n", s->name, pass, fail, skip, n);
	printk("%s %d %s\n", fail ? "not ok" : "ok", index, s->name);
	return fail;
}

int ktest_run(const char *names)
{
	int nsuites = 0, index = 0, failed_cases = 0, failed_suites = 0;

	if (check_names(names))
		return -ENOENT;
	for (const struct ktest_suite *s = __start_ktest_suites; s < __stop_ktest_suites; s++)
		if (name_listed(names, s->name))
			nsuites++;
	printk("KTAP version 1\n1..%d\n", nsuites);
	for (const struct ktest_suite *s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
		int f;

		if (!name_listed(names, s->name))
			continue;
		f = run_suite(s, ++index);
		failed_cases += f;
		failed_suites += !!f;
	}
	printk("# Totals: suites:%d failed:%d\n", nsuites, failed_suites);
	return failed_cases;
}

void ktest_boot_run(const char *names)
{
	int ret = ktest_run(names);

	printk("ktest: %s\n", ret == 0 ? "all passed" : "FAILED");
	/* The disk suites leave data behind: let it reach the disk before QEMU exits. */
	ksys_sync();
	machine_exit(ret == 0 ? 0 : 1);
}

static int cmd_ktest(int argc, char **argv)
{
	char names[256];
	size_t n = 0;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "list")) {
		for (const struct ktest_suite *s = __start_ktest_suites; s < __stop_ktest_suites; s++) {
			int cases = 0;

			for (const struct ktest_case *c = s->cases; c->name; c++)
				cases++;
			printk("%-20s %d cases\n", s->name, cases);
		}
		return 0;
	}
	names[0] = '\0';
	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);

		if (n + len + 2 > sizeof(names))
			return -E2BIG;
		memcpy(names + n, argv[i], len);
		n += len;
		names[n++] = ',';
		names[n] = '\0';
	}
	ret = ktest_run(names);
	if (ret < 0)
		return ret;
	printk("ktest: %d failed\n", ret);
	return 0;
}

SHELL_CMD(ktest, "ktest", "[list | all | <suite>...]",
	  "run in-kernel test suites and print KTAP results", cmd_ktest);

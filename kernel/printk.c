// SPDX-License-Identifier: GPL-2.0
/*
 * printk: format into a ring-buffer log and write to every registered
 * console. A message that starts with a KERN_<level> prefix is stamped with
 * the time since boot and reaches the consoles only if its level is below
 * console_loglevel; a message without a prefix is printed as it is (the
 * shell's output uses this).
 */
#include <arbor/compiler.h>
#include <arbor/log.h>
#include <arbor/printk.h>
#include <arbor/string.h>
#include <asm/sysreg.h>

#define LOG_BUF_LEN	(1UL << CONFIG_LOG_BUF_SHIFT)

static char log_buf[LOG_BUF_LEN];
static u64 log_head;		/* total bytes ever written */
static struct console *consoles;
int console_loglevel = CONFIG_LOG_LEVEL;

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_LEN] = s[i];
	log_head += n;
}

size_t log_buf_read(char *buf, size_t size)
{
	u64 start = log_head > LOG_BUF_LEN ? log_head - LOG_BUF_LEN : 0;
	size_t n = 0;

	for (u64 i = start; i < log_head && n < size; i++)
		buf[n++] = log_buf[i % LOG_BUF_LEN];
	return n;
}

static void consoles_write(const char *s, size_t n)
{
	for (struct console *c = consoles; c; c = c->next)
		c->write(c, s, n);
}

void register_console(struct console *con)
{
	char chunk[128];
	u64 start = log_head > LOG_BUF_LEN ? log_head - LOG_BUF_LEN : 0;

	/* Replay what was logged before this console existed. */
	for (u64 i = start; i < log_head;) {
		size_t n = 0;

		while (i < log_head && n < sizeof(chunk))
			chunk[n++] = log_buf[i++ % LOG_BUF_LEN];
		con->write(con, chunk, n);
	}
	con->next = consoles;
	consoles = con;
}

void unregister_console(struct console *con)
{
	for (struct console **pp = &consoles; *pp; pp = &(*pp)->next) {
		if (*pp == con) {
			*pp = con->next;
			return;
		}
	}
}

void console_write(const char *s, size_t n)
{
	unsigned long flags = local_irq_save();

	consoles_write(s, n);
	local_irq_restore(flags);
}

void console_putc(char c)
{
	console_write(&c, 1);
}

u64 local_clock_ns(void)
{
	u64 freq = read_sysreg(cntfrq_el0);
	u64 cnt = read_sysreg(cntvct_el0);

	if (!freq)
		return 0;
	return cnt / freq * 1000000000ULL + (cnt % freq) * 1000000000ULL / freq;
}

int vprintk(const char *fmt, va_list ap)
{
	static bool line_start = true;
	char buf[512];
	char stamp[32];
	int level = -1, len, slen = 0;
	unsigned long flags;

	if (fmt[0] == KERN_SOH[0] && fmt[1] >= '0' && fmt[1] <= '7') {
		level = fmt[1] - '0';
		fmt += 2;
	}
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;

	flags = local_irq_save();
	if (level >= 0 && line_start) {
		u64 ns = local_clock_ns();

		slen = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
				(unsigned long long)(ns / 1000000000ULL),
				(unsigned long long)(ns % 1000000000ULL / 1000));
		log_store(stamp, slen);
	}
	log_store(buf, len);
	if (level < 0 || level < console_loglevel) {
		if (slen)
			consoles_write(stamp, slen);
		consoles_write(buf, len);
	}
	if (len)
		line_start = buf[len - 1] == '\n';
	local_irq_restore(flags);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

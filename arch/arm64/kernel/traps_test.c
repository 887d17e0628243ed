// SPDX-License-Identifier: GPL-2.0
/*
 * ktest suites for the kernel's memory map and its exception handling.
 *
 *   arm64_wx     W^X proofs on the live tables: every forbidden write or
 *                instruction fetch really faults (and is fixed up by the
 *                probing accessors), every permitted read works
 *   arm64_mmu    the tables' contents: exact attributes of the image's
 *                parts, the linear map, the UART's ioremap, no idmap
 *   arm64_traps  exception-table lookup, ESR decoding, kallsyms, unwinding
 */
#include <arbor/errno.h>
#include <arbor/kallsyms.h>
#include <arbor/ktest.h>
#include <arbor/memblock.h>
#include <arbor/setup.h>
#include <arbor/string.h>
#include <asm/extable.h>
#include <asm/fault_probe.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/mmu_context.h>
#include <asm/ptdump.h>
#include <asm/stacktrace.h>
#include <asm/sysreg.h>
#include <asm/traps.h>

#define noipa		__attribute__((__noipa__))

/* RET (x30): a one-instruction function, to be placed where code must not run. */
#define AARCH64_INSN_RET	0xd65f03c0U

#define TTBR_BADDR_MASK		GENMASK(47, 12)
#define FDT_MAGIC_BE0		0xd0	/* first byte of the big-endian 0xd00dfeed */

extern char init_stack[];

static u32 wx_data_insns[4] __aligned(16) = {
	AARCH64_INSN_RET, AARCH64_INSN_RET, AARCH64_INSN_RET, AARCH64_INSN_RET,
};
static u32 wx_bss_insns[4] __aligned(16);
static const u32 wx_rodata_word = 0x5a5aa5a5;
static u64 wx_data_word = 0x0123456789abcdefUL;

/* Executable: the positive control of the exec probes. */
static noipa int wx_ret_zero(void)
{
	return 0;
}

/*
 * Make freshly written instructions visible to instruction fetch (Arm ARM
 * B2.4.4): clean the data cache to the point of unification, invalidate
 * the instruction cache, then synchronise. CTR_EL0.DminLine [19:16] and
 * IminLine [3:0] give the line sizes as log2 of words.
 */
static void sync_icache_range(u64 start, u64 end)
{
	u64 ctr = read_sysreg(ctr_el0);
	u64 dline = 4UL << ((ctr >> 16) & 0xf), iline = 4UL << (ctr & 0xf);

	for (u64 a = start & ~(dline - 1); a < end; a += dline)
		__asm__ __volatile__("dc cvau, %0" : : "r"(a) : "memory");
	dsb(ish);
	for (u64 a = start & ~(iline - 1); a < end; a += iline)
		__asm__ __volatile__("ic ivau, %0" : : "r"(a) : "memory");
	dsb(ish);
	isb();
}

static const void *fdt_window(void)
{
	return (const void *)(FIXADDR_FDT + (boot_info.dtb_pa & (PMD_SIZE - 1)));
}

/* ------------------------------------------------------------------ */
/* arm64_wx                                                             */

/*
 * A store to @addr of the value already there: if it wrongly succeeded
 * nothing changes. Return: what probe_kernel_write() said.
 */
static int write_same(void *addr)
{
	u32 v;

	if (probe_kernel_read(&v, addr, sizeof(v)))
		return -ENXIO;	/* not even readable: not the failure under test */
	return probe_kernel_write(addr, &v, sizeof(v));
}

static void test_write_text_kimage(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, write_same(_text), -EFAULT);
	KTEST_EXPECT_EQ(t, write_same((void *)wx_ret_zero), -EFAULT);
	KTEST_EXPECT_EQ(t, write_same((void *)((u64)_etext - 4)), -EFAULT);
}

static void test_write_text_linear_alias(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, write_same(__va(__pa(_text))), -EFAULT);
	KTEST_EXPECT_EQ(t, write_same(__va(__pa(wx_ret_zero))), -EFAULT);
}

static void test_write_rodata(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, write_same(__start_rodata), -EFAULT);
	KTEST_EXPECT_EQ(t, write_same((void *)&wx_rodata_word), -EFAULT);
	KTEST_EXPECT_EQ(t, write_same(__va(__pa(&wx_rodata_word))), -EFAULT);
	KTEST_EXPECT_EQ(t, wx_rodata_word, 0x5a5aa5a5);
}

static void test_write_data_works(struct ktest *t)
{
	u64 v = 0xfeedfacecafef00dUL, old = wx_data_word;

	KTEST_EXPECT_EQ(t, probe_kernel_write(&wx_data_word, &v, sizeof(v)), 0);
	KTEST_EXPECT_EQ(t, READ_ONCE(wx_data_word), v);
	/* The same word through its linear-map alias. */
	KTEST_EXPECT_EQ(t, probe_kernel_write(__va(__pa(&wx_data_word)), &old, sizeof(old)), 0);
	KTEST_EXPECT_EQ(t, READ_ONCE(wx_data_word), old);
}

static void test_exec_text_works(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, exec_probe((const void *)wx_ret_zero), 0);
	KTEST_EXPECT_EQ(t, exec_probe((const u8 *)wx_ret_zero + 2), -EINVAL);
}

static void test_exec_data(struct ktest *t)
{
	sync_icache_range((u64)wx_data_insns, (u64)wx_data_insns + sizeof(wx_data_insns));
	KTEST_EXPECT_EQ(t, exec_probe(wx_data_insns), -EFAULT);
	/* The probe is disarmed again: a real function still runs. */
	KTEST_EXPECT_EQ(t, exec_probe((const void *)wx_ret_zero), 0);
}

static void test_exec_bss(struct ktest *t)
{
	for (size_t i = 0; i < ARRAY_SIZE(wx_bss_insns); i++)
		wx_bss_insns[i] = AARCH64_INSN_RET;
	sync_icache_range((u64)wx_bss_insns, (u64)wx_bss_insns + sizeof(wx_bss_insns));
	KTEST_EXPECT_TRUE(t, (char *)wx_bss_insns >= __bss_start &&
			  (char *)wx_bss_insns < __bss_stop);
	KTEST_EXPECT_EQ(t, exec_probe(wx_bss_insns), -EFAULT);
}

static void test_exec_stack(struct ktest *t)
{
	u32 insns[4] __aligned(16);

	for (size_t i = 0; i < ARRAY_SIZE(insns); i++)
		WRITE_ONCE(insns[i], AARCH64_INSN_RET);
	sync_icache_range((u64)insns, (u64)insns + sizeof(insns));
	KTEST_EXPECT_TRUE(t, (char *)insns >= init_stack && (char *)insns < init_stack_top);
	KTEST_EXPECT_EQ(t, exec_probe(insns), -EFAULT);
}

static void test_exec_linear_map(struct ktest *t)
{
	/* Kernel code through its alias: the bytes are a real function. */
	KTEST_EXPECT_EQ(t, exec_probe(__va(__pa(wx_ret_zero))), -EFAULT);
	/* Writable data through its alias. */
	KTEST_EXPECT_EQ(t, exec_probe(__va(__pa(wx_data_insns))), -EFAULT);
}

static void test_exec_fdt_window(struct ktest *t)
{
	if (!boot_info.dtb_pa) {
		ktest_skip(t, "no device tree window");
		return;
	}
	KTEST_EXPECT_EQ(t, exec_probe(fdt_window()), -EFAULT);
}

static void test_read_all(struct ktest *t)
{
	u32 stack_word = 0x600dcafe, v;
	const struct {
		const void *addr;
		const void *expect;
	} reads[] = {
		{ _text,				_text },
		{ __va(__pa(_text)),			_text },
		{ (const void *)wx_ret_zero,		(const void *)wx_ret_zero },
		{ &wx_rodata_word,			&wx_rodata_word },
		{ __va(__pa(&wx_rodata_word)),		&wx_rodata_word },
		{ wx_data_insns,			wx_data_insns },
		{ __va(__pa(wx_data_insns)),		wx_data_insns },
		{ wx_bss_insns,				wx_bss_insns },
		{ &stack_word,				&stack_word },
		{ __va(__pa(&stack_word)),		&stack_word },
	};

	for (size_t i = 0; i < ARRAY_SIZE(reads); i++) {
		v = 0;
		if (probe_kernel_read(&v, reads[i].addr, sizeof(v)) ||
		    v != *(const u32 *)reads[i].expect)
			ktest_fail(t, __FILE__, __LINE__, "read %zu of %p: got %#x, expected %#x",
				   i, reads[i].addr, v, *(const u32 *)reads[i].expect);
	}
	if (boot_info.dtb_pa) {
		u8 b = 0;

		KTEST_EXPECT_EQ(t, probe_kernel_read(&b, fdt_window(), 1), 0);
		KTEST_EXPECT_EQ(t, b, FDT_MAGIC_BE0);
	}
}

static const struct ktest_case wx_cases[] = {
	KTEST_CASE(test_write_text_kimage),
	KTEST_CASE(test_write_text_linear_alias),
	KTEST_CASE(test_write_rodata),
	KTEST_CASE(test_write_data_works),
	KTEST_CASE(test_exec_text_works),
	KTEST_CASE(test_exec_data),
	KTEST_CASE(test_exec_bss),
	KTEST_CASE(test_exec_stack),
	KTEST_CASE(test_exec_linear_map),
	KTEST_CASE(test_exec_fdt_window),
	KTEST_CASE(test_read_all),
	{}
};
KTEST_SUITE(arm64_wx, wx_cases);

/* ------------------------------------------------------------------ */
/* arm64_mmu                                                            */

/* @addr is mapped in the image by an L3 page with exactly @prot. */
static void expect_image_page(struct ktest *t, int line, const char *what,
			      const void *addr, u64 prot)
{
	struct pt_walk w;
	int ret = pt_walk(kernel_pgd_pa(), (u64)addr, &w);
	u64 desc = w.step[3].desc;

	if (ret || w.leaf_level != 3 || w.step[3].kind != PT_PAGE) {
		ktest_fail(t, __FILE__, line, "%s (%p): walk %d, leaf level %d, not a page",
			   what, addr, ret, w.leaf_level);
		return;
	}
	if ((desc & PTE_ATTR_MASK) != prot)
		ktest_fail(t, __FILE__, line, "%s (%p): attributes %#llx, expected %#llx",
			   what, addr, (unsigned long long)(desc & PTE_ATTR_MASK),
			   (unsigned long long)prot);
	if (w.table_attrs)
		ktest_fail(t, __FILE__, line, "%s: tables restrict it (%#llx)", what,
			   (unsigned long long)w.table_attrs);
	if (w.pa != __pa(addr))
		ktest_fail(t, __FILE__, line, "%s: maps to %#llx, __pa() says %#llx", what,
			   (unsigned long long)w.pa, (unsigned long long)__pa(addr));
}

static void test_image_attributes(struct ktest *t)
{
	expect_image_page(t, __LINE__, "_text", _text, PROT_KERNEL_TEXT);
	expect_image_page(t, __LINE__, "_etext-1", (void *)((u64)_etext - 1), PROT_KERNEL_TEXT);
	expect_image_page(t, __LINE__, "__start_rodata", __start_rodata, PROT_KERNEL_RO);
	expect_image_page(t, __LINE__, "_sdata", _sdata, PROT_KERNEL_RW);
	expect_image_page(t, __LINE__, "__bss_start", __bss_start, PROT_KERNEL_RW);
	expect_image_page(t, __LINE__, "init_stack", init_stack, PROT_KERNEL_RW);
}

static void test_prot_values(struct ktest *t)
{
	/* The PROT_* values decode to what their comments promise. */
	KTEST_EXPECT_EQ(t, PROT_KERNEL_TEXT & (PTE_RDONLY | PTE_PXN | PTE_UXN), PTE_RDONLY | PTE_UXN);
	KTEST_EXPECT_EQ(t, PROT_KERNEL_RO & (PTE_RDONLY | PTE_PXN | PTE_UXN),
			PTE_RDONLY | PTE_PXN | PTE_UXN);
	KTEST_EXPECT_EQ(t, PROT_KERNEL_RW & (PTE_RDONLY | PTE_PXN | PTE_UXN), PTE_PXN | PTE_UXN);
	KTEST_EXPECT_EQ(t, PROT_DEVICE & PTE_ATTRINDX_MASK, PTE_ATTRINDX(MT_DEVICE_nGnRE));
	KTEST_EXPECT_EQ(t, pt_desc_type(PTE_TYPE_TABLE, 0), PT_TABLE);
	KTEST_EXPECT_EQ(t, pt_desc_type(PTE_TYPE_BLOCK, 0), PT_INVALID);
	KTEST_EXPECT_EQ(t, pt_desc_type(PTE_TYPE_BLOCK, 1), PT_BLOCK);
	KTEST_EXPECT_EQ(t, pt_desc_type(PTE_TYPE_BLOCK, 2), PT_BLOCK);
	KTEST_EXPECT_EQ(t, pt_desc_type(PTE_TYPE_BLOCK, 3), PT_INVALID);
	KTEST_EXPECT_EQ(t, pt_desc_type(PTE_TYPE_PAGE, 3), PT_PAGE);
	KTEST_EXPECT_EQ(t, pt_desc_type(0, 2), PT_INVALID);
}

static void test_ttbr1_is_swapper(struct ktest *t)
{
	struct pt_walk a, b;

	KTEST_EXPECT_EQ(t, read_sysreg(ttbr1_el1) & TTBR_BADDR_MASK, __pa(swapper_pg_dir));
	KTEST_EXPECT_EQ(t, pt_walk_live((u64)_text, &a), 0);
	KTEST_EXPECT_EQ(t, pt_walk(kernel_pgd_pa(), (u64)_text, &b), 0);
	KTEST_EXPECT_EQ(t, a.pa, b.pa);
	KTEST_EXPECT_EQ(t, a.pa, boot_info.kimage_pa);
}

static void test_idmap_gone(struct ktest *t)
{
	phys_addr_t ttbr0 = read_sysreg(ttbr0_el1) & TTBR_BADDR_MASK;
	phys_addr_t kpa = boot_info.kimage_pa;
	struct pt_walk w;
	u32 v;

	/* TTBR0 holds the empty reserved table, or a user address space's own. */
	KTEST_EXPECT_EQ(t, ttbr0, active_mm ? __pa(active_mm->pgd) : __pa(reserved_pg_dir));
	for (int i = 0; i < PTRS_PER_TABLE; i++)
		if (reserved_pg_dir[i])
			ktest_fail(t, __FILE__, __LINE__, "reserved_pg_dir[%d] = %#llx", i,
				   (unsigned long long)reserved_pg_dir[i]);
	KTEST_EXPECT_EQ(t, pt_walk_live(kpa, &w), -ENOENT);
	KTEST_EXPECT_EQ(t, w.leaf_level, -1);
	KTEST_EXPECT_EQ(t, w.nr_steps, 1);
	/* The hardware agrees: the load address is not reachable any more. */
	KTEST_EXPECT_EQ(t, probe_kernel_read(&v, (const void *)kpa, sizeof(v)), -EFAULT);
}

static void test_linear_map(struct ktest *t)
{
	phys_addr_t start = memblock_start_of_DRAM(), end = memblock_end_of_DRAM();
	phys_addr_t kstart = ALIGN_DOWN(__pa(_text), PMD_SIZE);
	phys_addr_t kend = ALIGN(__pa(__end_rodata), PMD_SIZE);
	phys_addr_t pa = ALIGN_DOWN(end - 1, PMD_SIZE) + 0x1238;
	void *va = __va(pa);
	struct pt_walk w;
	u64 v;

	KTEST_ASSERT_TRUE(t, end > start);
	KTEST_EXPECT_EQ(t, __pa(va), pa);
	KTEST_EXPECT_EQ(t, (u64)__va(__pa(va)), (u64)va);
	KTEST_EXPECT_TRUE(t, (u64)va >= PAGE_OFFSET && (u64)va < PAGE_OFFSET + LINEAR_MAP_SIZE);
	KTEST_EXPECT_EQ(t, pt_walk(kernel_pgd_pa(), (u64)va, &w), 0);
	KTEST_EXPECT_EQ(t, w.pa, pa);
	KTEST_EXPECT_EQ(t, w.step[w.leaf_level].desc & PTE_ATTR_MASK, PROT_KERNEL_RW);
	KTEST_EXPECT_EQ(t, probe_kernel_read(&v, va, sizeof(v)), 0);

	/* Blocks wherever RAM and the kernel's read-only part allow them. */
	if (IS_ALIGNED(start, PUD_SIZE) && (pa < kstart || pa >= kend) &&
	    ALIGN_DOWN(pa, PMD_SIZE) >= start) {
		KTEST_EXPECT_TRUE(t, w.leaf_level == 1 || w.leaf_level == 2);
		KTEST_EXPECT_EQ(t, w.step[w.leaf_level].kind, PT_BLOCK);
	}

	/* A variable and its linear alias are the same memory. */
	KTEST_EXPECT_EQ(t, pt_walk(kernel_pgd_pa(), (u64)__va(__pa(&wx_data_word)), &w), 0);
	KTEST_EXPECT_EQ(t, w.pa, __pa(&wx_data_word));
	KTEST_EXPECT_EQ(t, *(volatile u64 *)__va(__pa(&wx_data_word)), wx_data_word);
	/* The kernel's text alias is read-only and never executable. */
	KTEST_EXPECT_EQ(t, pt_walk(kernel_pgd_pa(), (u64)__va(__pa(_text)), &w), 0);
	KTEST_EXPECT_EQ(t, w.step[w.leaf_level].desc & PTE_ATTR_MASK, PROT_KERNEL_RO);
}

struct find_pa {
	struct ptdump_state st;
	phys_addr_t pa;
	u64 va;
	u64 desc;
	int level;
};

static void find_pa_note(struct ptdump_state *st, u64 addr, int level, u64 desc,
			 u64 table_attrs)
{
	struct find_pa *f = container_of(st, struct find_pa, st);
	phys_addr_t out;

	if (!desc || f->va || addr < VMALLOC_START || addr >= VMALLOC_END)
		return;
	out = pt_output_addr(desc, level);
	if (f->pa >= out && f->pa < out + pt_level_size(level)) {
		f->va = addr + (f->pa - out);
		f->desc = desc;
		f->level = level;
	}
}

static void test_uart_ioremap(struct ktest *t)
{
	struct find_pa f = { .st.note_page = find_pa_note, .pa = boot_info.uart_base };
	struct pt_walk w;
	u32 fr;

	if (!boot_info.uart_base) {
		ktest_skip(t, "no UART");
		return;
	}
	KTEST_EXPECT_EQ(t, ptdump_walk_pgd(&f.st, kernel_pgd_pa(), ~0UL << VA_BITS), 0);
	KTEST_ASSERT_TRUE(t, f.va != 0);
	KTEST_EXPECT_EQ(t, f.level, 3);
	KTEST_EXPECT_EQ(t, f.desc & PTE_ATTR_MASK, PROT_DEVICE);
	KTEST_EXPECT_EQ(t, f.desc & PTE_ATTRINDX_MASK, PTE_ATTRINDX(MT_DEVICE_nGnRE));
	KTEST_EXPECT_EQ(t, f.desc & (PTE_PXN | PTE_UXN), PTE_PXN | PTE_UXN);
	KTEST_EXPECT_EQ(t, pt_walk_live(f.va, &w), 0);
	KTEST_EXPECT_EQ(t, w.pa, boot_info.uart_base);
	/* Readable (the flag register: reading it has no side effect), not executable. */
	KTEST_EXPECT_EQ(t, probe_kernel_read(&fr, (const void *)(f.va + 0x18), sizeof(fr)), 0);
	KTEST_EXPECT_EQ(t, exec_probe((const void *)f.va), -EFAULT);
}

static void test_unmapped_walk(struct ktest *t)
{
	struct pt_walk w;

	/* Between the FDT window and vmalloc nothing is mapped. */
	KTEST_EXPECT_EQ(t, pt_walk(kernel_pgd_pa(), FIXADDR_FDT + FIXADDR_FDT_SIZE + PAGE_SIZE,
				   &w), -ENOENT);
	KTEST_EXPECT_EQ(t, w.leaf_level, -1);
	KTEST_EXPECT_EQ(t, w.step[w.nr_steps - 1].kind, PT_INVALID);
	KTEST_EXPECT_EQ(t, w.err, 0);
}

static const struct ktest_case mmu_cases[] = {
	KTEST_CASE(test_image_attributes),
	KTEST_CASE(test_prot_values),
	KTEST_CASE(test_ttbr1_is_swapper),
	KTEST_CASE(test_idmap_gone),
	KTEST_CASE(test_linear_map),
	KTEST_CASE(test_uart_ioremap),
	KTEST_CASE(test_unmapped_walk),
	{}
};
KTEST_SUITE(arm64_mmu, mmu_cases);

/* ------------------------------------------------------------------ */
/* arm64_traps                                                          */

static void expect_str(struct ktest *t, int line, const char *got, const char *want)
{
	if (!got || strcmp(got, want))
		ktest_fail(t, __FILE__, line, "got \"%s\", expected \"%s\"", got ? got : "(null)",
			   want);
}

static void test_extable_lookup(struct ktest *t)
{
	extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

	KTEST_EXPECT_TRUE(t, (u64)__stop___ex_table > (u64)__start___ex_table);
	KTEST_EXPECT_TRUE(t, search_exception_tables(0) == NULL);
	KTEST_EXPECT_TRUE(t, search_exception_tables((u64)_text) == NULL);
	KTEST_EXPECT_TRUE(t, search_exception_tables((u64)wx_ret_zero) == NULL);
	KTEST_EXPECT_TRUE(t, search_exception_tables((u64)&wx_data_word) == NULL);
}

static void test_probe_faults(struct ktest *t)
{
	u64 v = 0x1111;

	KTEST_EXPECT_EQ(t, probe_kernel_read(&v, NULL, sizeof(v)), -EFAULT);
	KTEST_EXPECT_EQ(t, v, 0x1111);
	KTEST_EXPECT_EQ(t, probe_kernel_write(NULL, &v, sizeof(v)), -EFAULT);
	/* Non-canonical: bits 63:48 neither all 0 nor all 1. */
	KTEST_EXPECT_EQ(t, probe_kernel_read(&v, (const void *)0x00ff000000000000UL, 1), -EFAULT);
	/* Unmapped kernel VA (between the FDT window and vmalloc). */
	KTEST_EXPECT_EQ(t, probe_kernel_read(&v, (const void *)(FIXADDR_FDT + FIXADDR_FDT_SIZE), 4),
			-EFAULT);
}

static void test_probe_sizes(struct ktest *t)
{
	u8 src[24], dst[24], back[24];

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (u8)(0x30 + i);
	/* Odd offsets and lengths take 1-, 2-, 4- and 8-byte steps. */
	for (size_t off = 0; off < 8; off++) {
		for (size_t len = 0; len <= 13; len++) {
			memset(dst, 0xee, sizeof(dst));
			if (probe_kernel_read(dst, src + off, len) || memcmp(dst, src + off, len) ||
			    dst[len] != 0xee)
				ktest_fail(t, __FILE__, __LINE__, "read off %zu len %zu", off, len);
			memset(back, 0xee, sizeof(back));
			if (probe_kernel_write(back + off, src, len) || memcmp(back + off, src, len) ||
			    back[off + len] != 0xee || (off && back[off - 1] != 0xee))
				ktest_fail(t, __FILE__, __LINE__, "write off %zu len %zu", off, len);
		}
	}
}

static void test_esr_class_names(struct ktest *t)
{
	int level;

	expect_str(t, __LINE__, esr_get_class_string(0x96000045), "DABT (current EL)");
	expect_str(t, __LINE__, esr_get_class_string(0x8600000f), "IABT (current EL)");
	expect_str(t, __LINE__, esr_get_class_string(0x92000004), "DABT (lower EL)");
	expect_str(t, __LINE__, esr_get_class_string(0x02000000), "Unknown/Uncategorized");
	expect_str(t, __LINE__, esr_get_class_string(0xf2000800), "BRK (AArch64)");
	expect_str(t, __LINE__, esr_get_class_string(0x56000000), "SVC (AArch64)");
	expect_str(t, __LINE__, esr_get_class_string(0x62000000), "MSR/MRS (AArch64)");
	expect_str(t, __LINE__, esr_get_class_string(0x8a000000), "PC Alignment");
	expect_str(t, __LINE__, esr_get_class_string(0xfe000000), "UNRECOGNIZED EC");

	expect_str(t, __LINE__, esr_fsc_string(0x05, &level), "translation fault");
	KTEST_EXPECT_EQ(t, level, 1);
	expect_str(t, __LINE__, esr_fsc_string(0x0f, &level), "permission fault");
	KTEST_EXPECT_EQ(t, level, 3);
	expect_str(t, __LINE__, esr_fsc_string(0x0a, &level), "access flag fault");
	KTEST_EXPECT_EQ(t, level, 2);
	expect_str(t, __LINE__, esr_fsc_string(0x21, &level), "alignment fault");
	KTEST_EXPECT_EQ(t, level, -1);
	expect_str(t, __LINE__, esr_fsc_string(0x10, &level), "synchronous external abort");
	KTEST_EXPECT_EQ(t, level, -1);
}

static void test_kallsyms(struct ktest *t)
{
	unsigned long addr = (unsigned long)start_kernel, size = 0, off = 1;
	const char *name = kallsyms_lookup(addr, &size, &off);

	expect_str(t, __LINE__, name, "start_kernel");
	KTEST_EXPECT_EQ(t, off, 0);
	KTEST_ASSERT_TRUE(t, size >= 8);
	name = kallsyms_lookup(addr + ALIGN_DOWN(size / 2, 4), NULL, &off);
	expect_str(t, __LINE__, name, "start_kernel");
	KTEST_EXPECT_EQ(t, off, ALIGN_DOWN(size / 2, 4));
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("start_kernel"), addr);
	KTEST_EXPECT_EQ(t, kallsyms_lookup_name("no_such_symbol_here"), 0);
	KTEST_EXPECT_TRUE(t, kallsyms_lookup((unsigned long)&wx_data_word, NULL, NULL) == NULL);
	expect_str(t, __LINE__, kallsyms_lookup((unsigned long)wx_ret_zero, NULL, NULL),
		   "wx_ret_zero");
}

static u64 unwind_trace[8];
static unsigned int unwind_len;

static noipa int unwind_level3(void)
{
	unwind_len = stack_trace_save(unwind_trace, ARRAY_SIZE(unwind_trace), 0);
	return (int)unwind_len + 1;
}

static noipa int unwind_level2(void)
{
	return unwind_level3() + 1;
}

static noipa int unwind_level1(void)
{
	return unwind_level2() + 1;
}

static void test_stacktrace_nested(struct ktest *t)
{
	static const char *const want[] = {
		"unwind_level3", "unwind_level2", "unwind_level1", "test_stacktrace_nested",
	};

	KTEST_EXPECT_TRUE(t, unwind_level1() > 3);
	KTEST_ASSERT_TRUE(t, unwind_len >= ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		expect_str(t, __LINE__, kallsyms_lookup(unwind_trace[i], NULL, NULL), want[i]);
	/* skipnr drops the innermost frames. */
	{
		u64 a[2] = { 0 }, b[1] = { 0 };

		KTEST_EXPECT_EQ(t, stack_trace_save(a, 2, 0), 2);
		KTEST_EXPECT_EQ(t, stack_trace_save(b, 1, 1), 1);
		expect_str(t, __LINE__, kallsyms_lookup(a[0], NULL, NULL), "test_stacktrace_nested");
		KTEST_EXPECT_EQ(t, b[0], a[1]);
	}
}

static const struct ktest_case traps_cases[] = {
	KTEST_CASE(test_extable_lookup),
	KTEST_CASE(test_probe_faults),
	KTEST_CASE(test_probe_sizes),
	KTEST_CASE(test_esr_class_names),
	KTEST_CASE(test_kallsyms),
	KTEST_CASE(test_stacktrace_nested),
	{}
};
KTEST_SUITE(arm64_traps, traps_cases);

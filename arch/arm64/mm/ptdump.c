// SPDX-License-Identifier: GPL-2.0
/*
 * Looking at the live translation tables.
 *
 *   pagewalk <va>   every level of one translation, descriptors decoded
 *   kmaps           the kernel's tables as merged ranges with attributes,
 *                   in the format of Linux's /sys/kernel/debug/kernel_page_tables
 *   show_pte()      the descriptors behind a faulting address, for the Oops
 *
 * Descriptor formats (VMSAv8-64, 4 KiB granule; see asm/pgtable-hwdef.h):
 *
 *   any level   [1:0] = x0 invalid
 *   L0-L2       [1:0] = 11 table: [47:12] next table, [59] PXNTable,
 *                       [60] UXNTable, [62:61] APTable, [63] NSTable
 *   L1, L2      [1:0] = 01 block: 1 GiB at L1 ([47:30] output address),
 *                       2 MiB at L2 ([47:21])
 *   L3          [1:0] = 11 page: [47:12] output address
 *               [1:0] = 01 reserved, treated as invalid
 *   block/page  [4:2] AttrIndx  [5] NS  [7:6] AP  [9:8] SH  [10] AF  [11] nG
 *               [51] DBM  [52] Contiguous  [53] PXN  [54] UXN
 *
 * Every table is read with probe_kernel_read(): a table pointer that leads
 * nowhere is reported, never faulted on, which matters most when show_pte()
 * runs inside an Oops.
 */
#include <arbor/errno.h>
#include <arbor/parse.h>
#include <arbor/printk.h>
#include <arbor/shell.h>
#include <arbor/string.h>
#include <asm/fault_probe.h>
#include <asm/memory.h>
#include <asm/mmu.h>
#include <asm/mmu_context.h>
#include <asm/ptdump.h>
#include <asm/sysreg.h>

/* Fields of a block or page descriptor's lower attributes. */
#define PTE_ATTRINDX_SHIFT	2
#define PTE_AP_SHIFT		6
#define PTE_SH_SHIFT		8

/* TTBRn_EL1: BADDR [47:1] (the L0 table, 4 KiB aligned here), ASID [63:48], CnP [0]. */
#define TTBR_BADDR_MASK		GENMASK(47, 12)

/* TTBR1 translates VAs with bit 55 set: its L0 entry 0 is at this address. */
#define TTBR1_VA_BASE		(~0UL << VA_BITS)

static unsigned int pte_attrindx(u64 desc)
{
	return (desc & PTE_ATTRINDX_MASK) >> PTE_ATTRINDX_SHIFT;
}

/* AP[2:1]: bit 1 (AP[2]) read-only, bit 0 (AP[1]) EL0 accessible. */
static unsigned int pte_ap(u64 desc)
{
	return (desc >> PTE_AP_SHIFT) & 3;
}

static unsigned int pte_sh(u64 desc)
{
	return (desc & PTE_SH_MASK) >> PTE_SH_SHIFT;
}

/* APTable [62:61]: bit 1 read-only, bit 0 no EL0 access. */
static unsigned int table_ap(u64 desc)
{
	return (!!(desc & PTE_TABLE_AP_RDONLY) << 1) | !!(desc & PTE_TABLE_AP_NO_EL0);
}

static bool bit(u64 desc, u64 mask)
{
	return (desc & mask) != 0;
}

/* The MAIR_EL1 slots of asm/pgtable-hwdef.h, by name. */
static const char *mair_name(unsigned int idx)
{
	switch (idx) {
	case MT_NORMAL:
		return "Normal WB";
	case MT_NORMAL_NC:
		return "Normal NC";
	case MT_DEVICE_nGnRnE:
		return "Device-nGnRnE";
	case MT_DEVICE_nGnRE:
		return "Device-nGnRE";
	default:
		return "unused MAIR slot";
	}
}

static const char *const ap_names[4] = {
	"EL1 RW, EL0 none",	/* 00 */
	"EL1 RW, EL0 RW",	/* 01 */
	"EL1 RO, EL0 none",	/* 10 */
	"EL1 RO, EL0 RO",	/* 11 */
};

static const char *const sh_names[4] = {
	"non-shareable",	/* 00 */
	"reserved",		/* 01 */
	"outer",		/* 10 */
	"inner",		/* 11 */
};

static const char *const aptable_names[4] = {
	"no effect",		/* 00 */
	"no EL0 access",	/* 01 */
	"read-only",		/* 10 */
	"read-only, no EL0",	/* 11 */
};

static const char *const level_names[4] = { "PGD", "PUD", "PMD", "PTE" };

/**
 * pt_desc_type - classify a descriptor found at a given level
 * @desc:	the descriptor
 * @level:	0..3
 *
 * Bits [1:0]: x0 invalid; 01 block at L1 and L2 (invalid at L0 and L3 with
 * 4 KiB pages and 48-bit addresses); 11 table at L0-L2, page at L3.
 *
 * Return: the kind of entry.
 */
enum pt_desc_kind pt_desc_type(u64 desc, int level)
{
	if (!(desc & PTE_VALID))
		return PT_INVALID;
	if ((desc & PTE_TYPE_MASK) == PTE_TYPE_TABLE)
		return level == 3 ? PT_PAGE : PT_TABLE;
	/* PTE_TYPE_BLOCK */
	return level == 1 || level == 2 ? PT_BLOCK : PT_INVALID;
}

/**
 * pt_desc_kind_name - a descriptor kind in words
 * @kind:	what pt_desc_type() said
 *
 * Return: "table", "block", "page" or "invalid".
 */
const char *pt_desc_kind_name(enum pt_desc_kind kind)
{
	switch (kind) {
	case PT_TABLE:
		return "table";
	case PT_BLOCK:
		return "block";
	case PT_PAGE:
		return "page";
	default:
		return "invalid";
	}
}

/**
 * kernel_pgd_pa - physical address of swapper_pg_dir, the kernel's L0 table
 *
 * Return: the address TTBR1_EL1 holds once the MMU is on.
 */
phys_addr_t kernel_pgd_pa(void)
{
	return __pa(swapper_pg_dir);
}

/**
 * pgd_name - the kernel's name for an L0 table
 * @pgd_pa:	the table's physical address
 *
 * Return: "swapper_pg_dir", "reserved_pg_dir" or "idmap_pg_dir", or NULL
 * for any other table.
 */
const char *pgd_name(phys_addr_t pgd_pa)
{
	if (pgd_pa == __pa(swapper_pg_dir))
		return "swapper_pg_dir";
	if (pgd_pa == __pa(reserved_pg_dir))
		return "reserved_pg_dir";
	if (pgd_pa == __pa(idmap_pg_dir))
		return "idmap_pg_dir";
	return NULL;
}

/*
 * A pointer to a table page. The boot tables live in the image and are
 * always reachable through its mapping (also before the linear map
 * exists); any other table is reached through the linear map.
 */
static const u64 *table_ptr(phys_addr_t pa)
{
	phys_addr_t kstart = __pa(_text), kend = __pa(_end);

	if (pa >= kstart && pa < kend)
		return (const u64 *)(pa + kimage_voffset);
	if (!linear_map_ready)
		return NULL;
	return __va(pa);
}

static int read_desc(phys_addr_t table, unsigned int index, u64 *desc)
{
	const u64 *t = table_ptr(table);

	if (!t)
		return -EFAULT;
	return probe_kernel_read(desc, &t[index], sizeof(*desc));
}

/**
 * pt_walk - translate a VA with a given table tree, recording each level
 * @pgd_pa:	physical address of an L0 table
 * @va:		the virtual address
 * @w:		filled in: the steps taken and, when mapped, the result
 *
 * Stops at the first block, page or invalid entry, or at a table that
 * cannot be read (that step is then recorded as invalid).
 *
 * Return: 0 when @va is mapped, -ENOENT when it is not, -EFAULT when a
 * table could not be read (also left in @w->err).
 */
int pt_walk(phys_addr_t pgd_pa, u64 va, struct pt_walk *w)
{
	phys_addr_t table = pgd_pa;

	memset(w, 0, sizeof(*w));
	w->va = va;
	w->pgd = pgd_pa;
	w->leaf_level = -1;

	for (int level = 0; level < 4; level++) {
		struct pt_walk_step *s = &w->step[level];

		s->table = table;
		s->index = (va >> ARM64_HW_LEVEL_SHIFT(level)) & (PTRS_PER_TABLE - 1);
		w->nr_steps = level + 1;
		if (read_desc(table, s->index, &s->desc)) {
			s->kind = PT_INVALID;
			w->err = -EFAULT;
			return -EFAULT;
		}
		s->kind = pt_desc_type(s->desc, level);
		switch (s->kind) {
		case PT_TABLE:
			w->table_attrs |= s->desc & PTE_TABLE_ATTR_MASK;
			table = pt_table_addr(s->desc);
			break;
		case PT_BLOCK:
		case PT_PAGE:
			w->leaf_level = level;
			w->size = pt_level_size(level);
			w->pa = pt_output_addr(s->desc, level) | (va & (w->size - 1));
			return 0;
		default:
			return -ENOENT;
		}
	}
	return -ENOENT;	/* not reached: L3 has no table entries */
}

/* The L0 table the MMU uses for @va: TTBR1_EL1 when bit 55 is set. */
static phys_addr_t live_pgd(u64 va, int *ttbr)
{
	if (va & BIT(55)) {
		*ttbr = 1;
		return read_sysreg(ttbr1_el1) & TTBR_BADDR_MASK;
	}
	*ttbr = 0;
	return read_sysreg(ttbr0_el1) & TTBR_BADDR_MASK;
}

/**
 * pt_walk_live - pt_walk() from the table the MMU uses for @va
 * @va:		the virtual address
 * @w:		filled in, as by pt_walk()
 *
 * Bit 55 of @va selects TTBR1_EL1 (kernel) or TTBR0_EL1 (user).
 *
 * Return: as pt_walk().
 */
int pt_walk_live(u64 va, struct pt_walk *w)
{
	int ttbr;

	return pt_walk(live_pgd(va, &ttbr), va, w);
}

/* "AttrIndx=0 (Normal WB) AP=10 (EL1 RO, EL0 none) SH=11 (inner) AF=1 nG=0 PXN=0 UXN=1" */
static int fmt_leaf_attrs(char *buf, size_t size, u64 d)
{
	unsigned int ap = pte_ap(d), sh = pte_sh(d);
	int n;

	n = scnprintf(buf, size, "AttrIndx=%u (%s) AP=%u%u (%s) SH=%u%u (%s) AF=%d nG=%d PXN=%d UXN=%d",
		      pte_attrindx(d), mair_name(pte_attrindx(d)), ap >> 1, ap & 1,
		      ap_names[ap], sh >> 1, sh & 1, sh_names[sh], bit(d, PTE_AF),
		      bit(d, PTE_NG), bit(d, PTE_PXN), bit(d, PTE_UXN));
	if (d & PTE_CONT)
		n += scnprintf(buf + n, size - n, " Contiguous");
	if (d & PTE_DBM)
		n += scnprintf(buf + n, size - n, " DBM");
	if (d & PTE_NS)
		n += scnprintf(buf + n, size - n, " NS");
	return n;
}

/* "PXNTable=0 UXNTable=0 APTable=00 (no effect)" */
static int fmt_table_attrs(char *buf, size_t size, u64 d)
{
	unsigned int ap = table_ap(d);

	return scnprintf(buf, size, "PXNTable=%d UXNTable=%d APTable=%u%u (%s)%s",
			 bit(d, PTE_TABLE_PXN), bit(d, PTE_TABLE_UXN), ap >> 1, ap & 1,
			 aptable_names[ap], d & PTE_TABLE_NS ? " NSTable=1" : "");
}

static const char *fmt_size(char *buf, size_t size, u64 bytes)
{
	static const char units[] = "BKMGTPE";
	unsigned int u = 0;

	while (bytes && !(bytes & 1023) && units[u + 1]) {
		bytes >>= 10;
		u++;
	}
	scnprintf(buf, size, "%llu%c", (unsigned long long)bytes, units[u]);
	return buf;
}

/*
 * The leaf's attributes as the MMU applies them: table restrictions
 * folded in (PXNTable and UXNTable add execute-never, APTable[1] makes it
 * read-only, APTable[0] removes EL0 access).
 */
static u64 effective_attrs(u64 desc, u64 table_attrs)
{
	u64 a = desc & PTE_ATTR_MASK;

	if (table_attrs & PTE_TABLE_PXN)
		a |= PTE_PXN;
	if (table_attrs & PTE_TABLE_UXN)
		a |= PTE_UXN;
	if (table_attrs & PTE_TABLE_AP_RDONLY)
		a |= PTE_RDONLY;
	if (table_attrs & PTE_TABLE_AP_NO_EL0)
		a &= ~PTE_USER;
	return a;
}

/* ------------------------------------------------------------------ */
/* show_pte: the Oops report's view of one address                      */

/**
 * show_pte - print the descriptors that translate an address
 * @addr:	the faulting virtual address
 *
 * One line naming the table tree (as Linux's "swapper pgtable: ..."), one
 * with each level's descriptor. Safe to call from an Oops: tables are read
 * with probe_kernel_read().
 */
void show_pte(u64 addr)
{
	static const char *const names[4] = { "pgd", "pud", "pmd", "pte" };
	struct pt_walk w;
	char line[200];
	const char *name;
	int ttbr, n;
	phys_addr_t pgd = live_pgd(addr, &ttbr);

	name = pgd_name(pgd);
	/* A user address space's own table: Linux calls it "user". */
	if (!name && ttbr == 0)
		name = "user";
	pr_emerg("%s pgtable (TTBR%d): 4k pages, %d-bit VAs, pgdp=0x%016llx\n",
		 name ? name : "unknown", ttbr, VA_BITS, (unsigned long long)pgd);
	pt_walk(pgd, addr, &w);
	n = scnprintf(line, sizeof(line), "[%016llx]", (unsigned long long)addr);
	for (int i = 0; i < w.nr_steps; i++) {
		const struct pt_walk_step *s = &w.step[i];

		if (w.err && i == w.nr_steps - 1)
			n += scnprintf(line + n, sizeof(line) - n, "%s %s=<unreadable table %#llx>",
				       i ? "," : "", names[i], (unsigned long long)s->table);
		else
			n += scnprintf(line + n, sizeof(line) - n, "%s %s=%016llx",
				       i ? "," : "", names[i], (unsigned long long)s->desc);
	}
	if (!w.err)
		scnprintf(line + n, sizeof(line) - n, " (%s)",
			  pt_desc_kind_name(w.step[w.nr_steps - 1].kind));
	pr_emerg("%s\n", line);
}

/* ------------------------------------------------------------------ */
/* pagewalk                                                             */

static bool va_is_canonical(u64 va)
{
	u64 top = va >> VA_BITS;

	return top == 0 || top == (~0UL >> VA_BITS);
}

static void pagewalk_print(const struct pt_walk *w, int ttbr)
{
	const char *name = pgd_name(w->pgd);
	char attrs[160], sz[16], kind[24], mmname[48];

	/* A user address space's own table: say which, and its ASID. */
	if (!name && ttbr == 0 && active_mm && active_mm->pgd &&
	    w->pgd == __pa(active_mm->pgd)) {
		scnprintf(mmname, sizeof(mmname), "mm %d, ASID %lu", active_mm->id,
			  mm_asid(active_mm));
		name = mmname;
	}
	shell_printf("VA 0x%016llx: TTBR%d_EL1 (%s%s), L0 table at PA 0x%016llx\n",
		     (unsigned long long)w->va, ttbr, name ? name : "unknown table",
		     ttbr == 0 && w->pgd == __pa(reserved_pg_dir) ? ", empty: no user space yet" : "",
		     (unsigned long long)w->pgd);

	for (int level = 0; level < w->nr_steps; level++) {
		const struct pt_walk_step *s = &w->step[level];

		if (w->err && level == w->nr_steps - 1) {
			shell_printf("L%d  table 0x%016llx  index %3u  cannot read the table (not in the linear map)\n",
				     level, (unsigned long long)s->table, s->index);
			break;
		}
		attrs[0] = '\0';
		if (s->kind == PT_TABLE)
			fmt_table_attrs(attrs, sizeof(attrs), s->desc);
		else if (s->kind != PT_INVALID)
			fmt_leaf_attrs(attrs, sizeof(attrs), s->desc);
		/* "block 2M", "block 1G" */
		scnprintf(kind, sizeof(kind), "%s%s%s", pt_desc_kind_name(s->kind),
			  s->kind == PT_BLOCK ? " " : "",
			  s->kind == PT_BLOCK ? fmt_size(sz, sizeof(sz), pt_level_size(level)) : "");
		shell_printf("L%d  table 0x%016llx  index %3u  desc 0x%016llx  %s%s%s\n",
			     level, (unsigned long long)s->table, s->index,
			     (unsigned long long)s->desc, kind, attrs[0] ? "  " : "", attrs);
	}

	if (w->err) {
		shell_printf("walk failed: %s\n", errname(w->err));
		return;
	}
	if (w->leaf_level < 0) {
		shell_printf("not mapped: invalid descriptor at L%d (translation fault, level %d)\n",
			     w->nr_steps - 1, w->nr_steps - 1);
		return;
	}

	{
		u64 d = w->step[w->leaf_level].desc;
		u64 e = effective_attrs(d, w->table_attrs);

		shell_printf("PA 0x%016llx (%s %s at L%d)\n", (unsigned long long)w->pa,
			     fmt_size(sz, sizeof(sz), w->size),
			     pt_desc_kind_name(w->step[w->leaf_level].kind), w->leaf_level);
		shell_printf("effective: %s, %s, EL1 %s, EL0 %s%s\n", mair_name(pte_attrindx(e)),
			     ap_names[pte_ap(e)], e & PTE_PXN ? "no exec" : "exec",
			     (e & PTE_UXN) ? "no exec" : "exec",
			     (e & PTE_AF) ? "" : ", access flag clear (first access faults)");
	}
}

static int cmd_pagewalk(int argc, char **argv)
{
	struct pt_walk w;
	int ttbr;
	u64 va;

	if (argc != 2)
		return -EINVAL;
	if (parse_num(argv[1], &va)) {
		shell_printf("pagewalk: '%s' is not a number\n", argv[1]);
		return -EINVAL;
	}
	if (!va_is_canonical(va)) {
		shell_printf("pagewalk: 0x%016llx is not a canonical address (bits 63:%d must all equal bit %d)\n",
			     (unsigned long long)va, VA_BITS, VA_BITS - 1);
		return -EINVAL;
	}
	pt_walk(live_pgd(va, &ttbr), va, &w);
	pagewalk_print(&w, ttbr);
	return 0;
}
SHELL_CMD(pagewalk, "pagewalk", "<va>",
	  "walk the translation tables for a virtual address, level by level",
	  cmd_pagewalk);

/* ------------------------------------------------------------------ */
/* ptdump: every entry of a tree                                        */

static int walk_table(struct ptdump_state *st, phys_addr_t table, int level, u64 va,
		      u64 table_attrs)
{
	u64 span = pt_level_size(level);
	int ret = 0;

	for (unsigned int i = 0; i < PTRS_PER_TABLE; i++, va += span) {
		u64 d;
		int r;

		if (read_desc(table, i, &d)) {
			/* The rest of this table counts as a hole. */
			st->note_page(st, va, level, 0, table_attrs);
			return -EFAULT;
		}
		switch (pt_desc_type(d, level)) {
		case PT_TABLE:
			r = walk_table(st, pt_table_addr(d), level + 1, va,
				       table_attrs | (d & PTE_TABLE_ATTR_MASK));
			if (r)
				ret = r;
			break;
		case PT_BLOCK:
		case PT_PAGE:
			st->note_page(st, va, level, d, table_attrs);
			break;
		default:
			st->note_page(st, va, level, 0, table_attrs);
			break;
		}
	}
	return ret;
}

/**
 * ptdump_walk_pgd - call @st->note_page for every entry of a table tree
 * @st:		the walk's callback (see struct ptdump_state)
 * @pgd_pa:	physical address of the L0 table
 * @va_base:	the VA of L0 entry 0: 0 for a TTBR0 tree,
 *		0xffff000000000000 for a TTBR1 tree
 *
 * Return: 0, or -EFAULT when some table could not be read (its remaining
 * range was reported as invalid).
 */
int ptdump_walk_pgd(struct ptdump_state *st, phys_addr_t pgd_pa, u64 va_base)
{
	int ret = walk_table(st, pgd_pa, 0, va_base, 0);

	st->note_page(st, va_base + PTRS_PER_TABLE * pt_level_size(0), -1, 0, 0);
	return ret;
}

/* ------------------------------------------------------------------ */
/* kmaps                                                                */

struct addr_marker {
	u64 start;
	const char *name;
};

/* The regions of asm/memory.h, in address order. */
static const struct addr_marker kernel_markers[] = {
	{ PAGE_OFFSET,				"Linear Mapping start" },
	{ PAGE_OFFSET + LINEAR_MAP_SIZE,	"Linear Mapping end" },
	{ KIMAGE_VADDR,				"Kernel Image start" },
	{ KIMAGE_VADDR + KIMAGE_MAX_SIZE,	"Kernel Image end" },
	{ FIXADDR_FDT,				"FDT start" },
	{ FIXADDR_FDT + FIXADDR_FDT_SIZE,	"FDT end" },
	{ VMALLOC_START,			"vmalloc/ioremap start" },
	{ VMALLOC_END,				"vmalloc/ioremap end" },
	{ 0, NULL },
};

/**
 * struct kmaps_state - merging entries into ranges
 * @st:		the walk
 * @marker:	the next region boundary to announce
 * @start:	start of the range being accumulated
 * @level:	its level, -1 for a hole
 * @attrs:	its effective attributes
 * @started:	false until the first entry
 * @ranges:	ranges printed
 */
struct kmaps_state {
	struct ptdump_state st;
	const struct addr_marker *marker;
	u64 start;
	int level;
	u64 attrs;
	bool started;
	unsigned int ranges;
};

static const char *mem_type_name(u64 attrs)
{
	switch (pte_attrindx(attrs)) {
	case MT_NORMAL:
		return "MEM/NORMAL";
	case MT_NORMAL_NC:
		return "MEM/NORMAL-NC";
	case MT_DEVICE_nGnRnE:
		return "DEVICE/nGnRnE";
	case MT_DEVICE_nGnRE:
		return "DEVICE/nGnRE";
	default:
		return "MEM/UNKNOWN";
	}
}

/*
 * 0xffff800000000000-0xffff800000012000   72K PTE   ro x  SHD AF  UXN  MEM/NORMAL
 *
 * ro/RW: AP[2]; x/NX: PXN (EL1 execution); SHD/OSH/blank: SH inner/outer/
 * non-shareable; AF; UXN; the memory type by AttrIndx. Rare bits (NG, USR
 * for EL0 access, CON, DBM, NS) follow when set.
 */
static void kmaps_print_range(const struct kmaps_state *ks, u64 end)
{
	u64 a = ks->attrs;
	const char *sh = pte_sh(a) == 3 ? "SHD" : pte_sh(a) == 2 ? "OSH" : "";
	char sz[16];

	shell_printf("0x%016llx-0x%016llx %6s %s   %-2s %-2s %-3s %-3s %-3s  %s%s%s%s%s%s\n",
		     (unsigned long long)ks->start, (unsigned long long)end,
		     fmt_size(sz, sizeof(sz), end - ks->start), level_names[ks->level],
		     a & PTE_RDONLY ? "ro" : "RW", a & PTE_PXN ? "NX" : "x", sh,
		     a & PTE_AF ? "AF" : "", a & PTE_UXN ? "UXN" : "", mem_type_name(a),
		     a & PTE_NG ? " NG" : "", a & PTE_USER ? " USR" : "",
		     a & PTE_CONT ? " CON" : "", a & PTE_DBM ? " DBM" : "",
		     a & PTE_NS ? " NS" : "");
}

static void kmaps_note_page(struct ptdump_state *st, u64 addr, int level, u64 desc,
			    u64 table_attrs)
{
	struct kmaps_state *ks = container_of(st, struct kmaps_state, st);
	bool final = level < 0;
	int lvl = desc ? level : -1;
	u64 attrs = desc ? effective_attrs(desc, table_attrs) : 0;
	/* The final call's address is the end of the space (0 after wrapping). */
	bool at_marker = ks->marker->name && (final || addr >= ks->marker->start);

	if (ks->started && !final && !at_marker && lvl == ks->level && attrs == ks->attrs)
		return;
	if (ks->started && ks->level >= 0) {
		kmaps_print_range(ks, addr);
		ks->ranges++;
	}
	while (ks->marker->name && (final || addr >= ks->marker->start)) {
		shell_printf("---[ %s ]---\n", ks->marker->name);
		ks->marker++;
	}
	ks->start = addr;
	ks->level = lvl;
	ks->attrs = attrs;
	ks->started = true;
}

static int cmd_kmaps(int argc, char **argv)
{
	struct kmaps_state ks = {
		.st.note_page = kmaps_note_page,
		.marker = kernel_markers,
	};
	int ret;

	if (argc != 1)
		return -EINVAL;
	ret = ptdump_walk_pgd(&ks.st, kernel_pgd_pa(), TTBR1_VA_BASE);
	if (ret)
		shell_printf("kmaps: some tables could not be read: %s\n", errname(ret));
	return 0;
}
SHELL_CMD(kmaps, "kmaps", "",
	  "the kernel's page tables as ranges with attributes (like Linux's ptdump)",
	  cmd_kmaps);

// SPDX-License-Identifier: GPL-2.0
/*
 * Faults on user addresses (Linux: arch/arm64/mm/fault.c, do_page_fault).
 *
 *   do_el1_sync -> do_mem_abort (traps.c)
 *     do_page_fault(far, esr, regs)
 *       not an unprivileged access (LDTR/STTR) listed in __ex_table -> not ours
 *       FAR beyond TASK_SIZE                 -> SIGSEGV SEGV_MAPERR, fixup
 *       not translation/access-flag/permission -> SIGBUS, fixup
 *       no VMA at FAR (active_mm's tree)     -> below a VM_GROWSDOWN VMA:
 *                                               expand_stack, else
 *                                               SIGSEGV SEGV_MAPERR
 *       VMA forbids it (write: VM_WRITE, fetch: VM_EXEC, read: any of R/W/X)
 *                                            -> SIGSEGV SEGV_ACCERR
 *       handle_mm_fault()                    -> retry the access
 *         VM_FAULT_SIGSEGV -> SEGV_ACCERR, VM_FAULT_SIGBUS -> SIGBUS,
 *         VM_FAULT_OOM -> SIGKILL (Linux would run the OOM killer)
 *
 * Ordinary kernel loads and stores to user memory are never paged in: with
 * PAN they take a permission fault, and a probe_kernel_read() of a user
 * address just fails, as Linux's copy_from_kernel_nofault() refuses them.
 *
 * Also the CPU features the user page tables rely on, enabled once:
 * PSTATE.PAN (FEAT_PAN) and hardware access-flag / dirty-state updates
 * (FEAT_HAFDBS: TCR_EL1.HA, TCR_EL1.HD).
 */
#include <arbor/init.h>
#include <arbor/maple_tree.h>
#include <arbor/mm.h>
#include <arbor/printk.h>
#include <arbor/signal.h>
#include <asm/extable.h>
#include <asm/fault.h>
#include <asm/mmu_context.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>
#include <asm/uaccess.h>

/* FSC classes (DFSC/IFSC [5:2]; [1:0] is the level). */
#define FSC_CLASS(fsc)		((fsc) & 0x3c)
#define FSC_TRANSLATION		0x04
#define FSC_ACCESS_FLAG		0x08
#define FSC_PERMISSION		0x0c

/*
 * LDTR*, STTR* (load/store register, unprivileged): size [31:30],
 * 111 [29:27], V=0 [26], 00 [25:24], opc [23:22], 0 [21], imm9 [20:12],
 * 10 [11:10], Rn, Rt.
 */
#define INSN_LDST_UNPRIV_MASK	0x3f200c00U
#define INSN_LDST_UNPRIV_VAL	0x38000800U

bool cpu_has_pan, cpu_has_hw_af, cpu_has_hw_dbm;

static struct {
	bool valid;
	struct uaccess_fault f;
} last_fault;

/** uaccess_record_fault - note the signal a failed user access would raise */
void uaccess_record_fault(unsigned long addr, int signo, int code)
{
	last_fault.valid = true;
	last_fault.f.addr = addr;
	last_fault.f.signo = signo;
	last_fault.f.code = code;
}

/** uaccess_fault_clear - forget the last recorded fault */
void uaccess_fault_clear(void)
{
	last_fault.valid = false;
}

/**
 * uaccess_last_fault - the fault recorded since uaccess_fault_clear()
 * @f:		filled in when there is one
 *
 * Return: whether a fault was recorded.
 */
bool uaccess_last_fault(struct uaccess_fault *f)
{
	if (last_fault.valid)
		*f = last_fault.f;
	return last_fault.valid;
}

/* Only the accessors of asm/uaccess.h may fault a user page in. */
static bool is_uaccess_insn(u64 pc)
{
	u32 insn;

	if (!search_exception_tables(pc))
		return false;
	insn = *(const u32 *)pc;	/* it was just fetched: readable */
	return (insn & INSN_LDST_UNPRIV_MASK) == INSN_LDST_UNPRIV_VAL;
}

static bool bad_area(u64 far, int signo, int code)
{
	count_vm_event(PGFAULT_SIGSEGV);
	uaccess_record_fault(far, signo, code);
	return false;
}

/**
 * do_page_fault - handle an abort on a user address raised by a uaccess
 * @far:	the faulting address
 * @esr:	the syndrome
 * @regs:	the registers at the fault
 *
 * Return: true when the page was mapped and the access should run again;
 * false when the caller should go on (to the access's fixup, or an Oops
 * for accesses that are not user accessors); the signal a user program
 * would have received is then recorded for uaccess_last_fault().
 */
bool do_page_fault(u64 far, u64 esr, struct pt_regs *regs)
{
	unsigned int ec = ESR_ELx_EC(esr), fsc = FSC_CLASS(ESR_ELx_FSC(esr));
	unsigned int flags = FAULT_FLAG_USER, fault;
	struct mm_struct *mm = active_mm;
	struct vm_area_struct *vma;
	vm_flags_t need;

	if (ec != ESR_ELx_EC_DABT_CUR || !is_uaccess_insn(regs->pc))
		return false;
	if (far >= TASK_SIZE)
		return bad_area(far, SIGSEGV, SEGV_MAPERR);
	if (fsc != FSC_TRANSLATION && fsc != FSC_ACCESS_FLAG && fsc != FSC_PERMISSION)
		return bad_area(far, SIGBUS, BUS_ADRERR);

	/* WnR is also set by cache maintenance (CM), which only reads. */
	if ((esr & ESR_ELx_WNR) && !(esr & ESR_ELx_CM)) {
		flags |= FAULT_FLAG_WRITE;
		need = VM_WRITE;
	} else {
		need = VM_READ | VM_WRITE | VM_EXEC;
	}

	if (!mm)
		return bad_area(far, SIGSEGV, SEGV_MAPERR);
	vma = mtree_load(&mm->mm_mt, far);
	if (!vma) {
		/* Just below a stack: grow it (expand_stack keeps the guard gap). */
		vma = find_vma(mm, far);
		if (!vma || !(vma->vm_flags & VM_GROWSDOWN) || expand_stack(vma, far))
			return bad_area(far, SIGSEGV, SEGV_MAPERR);
	}
	if (!(vma->vm_flags & need))
		return bad_area(far, SIGSEGV, SEGV_ACCERR);

	fault = handle_mm_fault(vma, far, flags);
	if (!(fault & VM_FAULT_ERROR))
		return true;
	if (fault & VM_FAULT_OOM)
		return bad_area(far, SIGKILL, 0);
	if (fault & VM_FAULT_SIGBUS)
		return bad_area(far, SIGBUS, BUS_ADRERR);
	return bad_area(far, SIGSEGV, SEGV_ACCERR);
}

/*
 * ID_AA64MMFR1_EL1: HAFDBS [3:0] (1: hardware AF, 2: and dirty state),
 * PAN [23:20] (non-zero: PSTATE.PAN exists).
 * TCR_EL1: HA [39] hardware AF update, HD [40] hardware dirty (DBM) update.
 */
#define TCR_HA		BIT(39)
#define TCR_HD		BIT(40)
/* MSR PAN, #1 (encoded: older assemblers lack the name). */
#define SET_PSTATE_PAN_1	".inst 0xd500419f"

static int cpu_mm_features_init(void)
{
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	unsigned int hafdbs = mmfr1 & 0xf;

	if ((mmfr1 >> 20) & 0xf) {
		__asm__ __volatile__(SET_PSTATE_PAN_1 ::: "memory");
		cpu_has_pan = true;
	}
	if (hafdbs) {
		u64 tcr = read_sysreg(tcr_el1) | TCR_HA;

		if (hafdbs >= 2)
			tcr |= TCR_HD;
		write_sysreg(tcr, tcr_el1);
		isb();
		local_flush_tlb_all();
		cpu_has_hw_af = true;
		cpu_has_hw_dbm = hafdbs >= 2;
	}
	return 0;
}
core_initcall(cpu_mm_features_init);

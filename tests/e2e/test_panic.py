# SPDX-License-Identifier: GPL-2.0
"""The Oops report, end to end: `crash <kind>` faults on purpose and the
report must say what happened, where, and with which registers, and QEMU
must exit with a non-zero status (panic -> semihosting exit(1))."""
import re
import subprocess

import pytest

from qemu import ROOT

ELF = ROOT / "build" / "arbor.elf"
NM = "aarch64-linux-gnu-nm"


def type_line(g, line):
    g.send(line + "\r")


def cmd(g, line, timeout=30):
    type_line(g, line)
    g.expect(re.escape(line) + r"\r*\n", timeout)
    g.wait_prompt(timeout)
    return g.output().replace("\r\n", "\n").replace("\r", "")


@pytest.fixture(scope="module")
def syms():
    out = subprocess.run([NM, str(ELF)], capture_output=True, text=True, check=True).stdout
    return {p[2]: int(p[0], 16) for p in (l.split() for l in out.splitlines()) if len(p) == 3}


def crash(fresh, kind):
    """Boot, run `crash <kind>`, wait for QEMU to exit; (status, report)."""
    g = fresh()
    type_line(g, f"crash {kind}")
    status = g.wait_exit(30)
    out = g.output().replace("\r\n", "\n").replace("\r", "")
    # Drop printk timestamps: "[    0.071575] text" -> "text".
    out = re.sub(r"^\[\s*\d+\.\d+\] ", "", out, flags=re.M)
    return status, out


def call_trace(out):
    """The function names of the first "Call trace:" block."""
    m = re.search(r"^Call trace:\n((?: \S.*\n)+)", out, re.M)
    assert m, out
    return [re.split(r"[+ ]", line.strip())[0] for line in m.group(1).splitlines()]


def check_registers(out):
    regs = dict(re.findall(r"\b(x\d+)\s*: ([0-9a-f]{16})\b", out))
    assert sorted(regs, key=lambda r: int(r[1:])) == [f"x{i}" for i in range(30)], out
    assert re.search(r"^pc : \S+", out, re.M) and re.search(r"^lr : \S+", out, re.M)
    assert re.search(r"^sp : [0-9a-f]{16}$", out, re.M)
    assert re.search(r"^pstate: [0-9a-f]{8} \([nN][zZ][cC][vV] [dD][aA][iI][fF] [-+]PAN EL1h\)$",
                     out, re.M), out


def check_common(status, out, kind):
    assert status == 1, f"crash {kind}: QEMU exit status {status}\n{out}"
    assert "Kernel panic - not syncing" in out
    assert re.search(r"^---\[ end Kernel panic - not syncing: .* \]---$", out, re.M)


def test_crash_null(fresh):
    status, out = crash(fresh, "null")
    check_common(status, out, "null")
    assert "Unable to handle kernel NULL pointer dereference at virtual address " \
           "0000000000000000" in out
    assert re.search(r"^Internal error: Oops: 0000000096[0-9a-f]{6} \[#1\]$", out, re.M), out
    assert "EC = 0x25: DABT (current EL), IL = 32 bits" in out
    assert re.search(r"DFSC = 0x0[4-7]: level [0-3] translation fault", out), out
    assert "WnR = 1 (write)" in out
    assert "FAR = 0x0000000000000000" in out
    # TTBR0: the empty reserved table, or the shell's address space ("user", as Linux)
    assert re.search(r"(reserved_pg_dir|user) pgtable \(TTBR0\)", out), out
    assert "[0000000000000000] pgd=0000000000000000 (invalid)" in out
    check_registers(out)
    assert re.search(r"^pc : crash_null_deref\+0x[0-9a-f]+/0x[0-9a-f]+$", out, re.M), out
    trace = call_trace(out)
    assert trace[:3] == ["crash_null_deref", "cmd_crash", "shell_exec"], trace
    assert "start_kernel" in trace
    assert re.search(r"^Code: (?:[0-9a-f]{8} ){4}\([0-9a-f]{8}\)$", out, re.M), out
    assert "Kernel panic - not syncing: Oops: Fatal exception" in out


def test_crash_text(fresh, syms):
    status, out = crash(fresh, "text")
    check_common(status, out, "text")
    far = syms["crash_write_text"]
    assert f"Unable to handle kernel write to read-only memory at virtual address {far:016x}" in out
    assert "Internal error: Oops: " in out
    assert "EC = 0x25: DABT (current EL)" in out
    assert "DFSC = 0x0f: level 3 permission fault" in out
    assert "WnR = 1 (write)" in out
    assert f"FAR = 0x{far:016x}" in out
    assert "swapper_pg_dir pgtable (TTBR1)" in out
    assert re.search(rf"^\[{far:016x}\] pgd=[0-9a-f]{{16}}, pud=[0-9a-f]{{16}}, "
                     r"pmd=[0-9a-f]{16}, pte=[0-9a-f]{16} \(page\)$", out, re.M), out
    check_registers(out)
    assert call_trace(out)[:3] == ["crash_write_text", "cmd_crash", "shell_exec"]


def test_crash_exec(fresh, syms):
    status, out = crash(fresh, "exec")
    check_common(status, out, "exec")
    far = syms["crash_data_insns"]
    assert f"Unable to handle kernel execute from non-executable memory at virtual address " \
           f"{far:016x}" in out
    assert "EC = 0x21: IABT (current EL)" in out
    assert "IFSC = 0x0f: level 3 permission fault" in out
    assert "WnR" not in out
    assert f"FAR = 0x{far:016x}" in out
    assert f"pc : 0x{far:016x}" in out
    check_registers(out)
    trace = call_trace(out)
    assert trace[:4] == [f"0x{far:016x}", "crash_exec_data", "cmd_crash", "shell_exec"], trace
    # The pc is data, readable: the Code line shows the RET placed there.
    assert "(d65f03c0)" in out


def test_crash_undef(fresh):
    status, out = crash(fresh, "undef")
    check_common(status, out, "undef")
    assert re.search(r"^Internal error: Oops - Undefined instruction: 0000000002000000 \[#1\]$",
                     out, re.M), out
    assert "EC = 0x00: Unknown/Uncategorized, IL = 32 bits" in out
    check_registers(out)
    assert re.search(r"^pc : crash_undef_insn\+", out, re.M)
    assert call_trace(out)[:3] == ["crash_undef_insn", "cmd_crash", "shell_exec"]
    assert re.search(r"^Code: (?:[0-9a-f]{8} ){4}\(00000000\)$", out, re.M), out


def test_crash_panic(fresh):
    status, out = crash(fresh, "panic")
    check_common(status, out, "panic")
    assert "Kernel panic - not syncing: crash command: deliberate panic" in out
    assert "Internal error" not in out
    assert call_trace(out)[:3] == ["crash_panic", "cmd_crash", "shell_exec"]


def test_crash_bad_usage(shell):
    for line in ("crash", "crash bogus", "crash null extra"):
        out = cmd(shell, line)
        assert "usage: crash null|text|exec|undef|panic" in out, out
    assert "unknown kind 'bogus'" in cmd(shell, "crash bogus")
    # Still alive.
    assert cmd(shell, "echo alive").strip() == "alive"


def test_crash_listed_in_help(shell):
    out = cmd(shell, "help crash")
    assert "usage: crash null|text|exec|undef|panic" in out

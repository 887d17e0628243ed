#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn `nm -n arbor.elf` output (stdin) into the kernel's symbol table (.S).

The table holds only text symbols: their offsets from _text as 32-bit
numbers (plain data, no relocations), each symbol's size up to the next
symbol, and the names in one NUL-separated blob.
"""
import sys

KIMAGE_VADDR = 0xffff800000000000

syms = []
etext = None
for line in sys.stdin:
    parts = line.split()
    if len(parts) != 3:
        continue
    addr, typ, name = int(parts[0], 16), parts[1], parts[2]
    if name == "_etext":
        etext = addr
    if typ not in "tTwW" or name.startswith("$") or name.startswith(".L"):
        continue
    if addr < KIMAGE_VADDR:
        continue
    syms.append((addr, name))

syms.sort()
out = ['\t.section .rodata.kallsyms,"a"', "\t.balign 8",
       "\t.globl kallsyms_num", f"kallsyms_num:\t.quad {len(syms)}",
       "\t.globl kallsyms_offsets", "kallsyms_offsets:"]
for addr, _ in syms:
    out.append(f"\t.long {addr - KIMAGE_VADDR:#x}")
out += ["\t.globl kallsyms_sizes", "kallsyms_sizes:"]
for i, (addr, _) in enumerate(syms):
    nxt = syms[i + 1][0] if i + 1 < len(syms) else (etext or addr)
    out.append(f"\t.long {max(nxt - addr, 0):#x}")
out += ["\t.globl kallsyms_name_offsets", "kallsyms_name_offsets:"]
pos = 0
for _, name in syms:
    out.append(f"\t.long {pos}")
    pos += len(name) + 1
out += ["\t.globl kallsyms_names", "kallsyms_names:"]
for _, name in syms:
    out.append(f'\t.asciz "{name}"')
print("\n".join(out))

# SPDX-License-Identifier: GPL-2.0
"""Boot build/Image in QEMU and drive its serial console like a user.

Guest(...) starts qemu-system-aarch64 under pexpect with the PL011 on stdio
(no QEMU monitor multiplexed in, so Ctrl-A and Ctrl-C reach the guest as
bytes). Every wait has a timeout; a guest that hangs is killed and the test
fails with the console output so far.
"""
import os
import re
import shlex
import time
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parents[2]
IMAGE = ROOT / "build" / "Image"
PROMPT = "arbor> "
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class GuestError(AssertionError):
    pass


def qemu_args(cpu="cortex-a72", mem="1G", gic=None, el2=False, smp=1,
              append=None, machine="virt", icount=False, extra=(),
              kernel=IMAGE, loader_addr=None, initrd=None):
    """QEMU's command line. kernel=None omits -kernel; loader_addr loads the
    image with -device loader instead (entry at the highest EL, x0 = 0);
    initrd is a file passed with -initrd (build/initramfs.cpio, say)."""
    m = machine
    if machine == "virt":
        if gic:
            m += f",gic-version={gic}"
        if el2:
            m += ",virtualization=on"
    args = ["qemu-system-aarch64", "-M", m, "-cpu", cpu, "-m", mem,
            "-smp", str(smp), "-display", "none", "-monitor", "none",
            # signal=off: Ctrl-C is a byte for the guest, not SIGINT for QEMU.
            "-chardev", "stdio,id=con,signal=off", "-serial", "chardev:con",
            "-nic", "none", "-no-reboot",
            "-semihosting-config", "enable=on,target=native"]
    if loader_addr is not None:
        args += ["-device", f"loader,file={kernel},addr={loader_addr:#x},cpu-num=0"]
    elif kernel is not None:
        args += ["-kernel", str(kernel)]
    if initrd is not None:
        args += ["-initrd", str(initrd)]
    if icount:
        args += ["-icount", "shift=0,sleep=off"]
    if append is not None:
        args += ["-append", append]
    args += list(extra)
    return args


class Guest:
    def __init__(self, timeout=30, log=None, **kw):
        self.args = qemu_args(**kw)
        self.timeout = timeout
        self.child = pexpect.spawn(self.args[0], self.args[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=timeout,
                                   dimensions=(50, 200))
        self.child.delaybeforesend = None
        self.transcript = []
        if log or os.environ.get("ARBOR_E2E_LOG"):
            self.child.logfile_read = open(log or os.environ["ARBOR_E2E_LOG"], "a")

    # -- low level -------------------------------------------------------
    def expect(self, pattern, timeout=None):
        try:
            return self.child.expect(pattern, timeout=timeout or self.timeout)
        except pexpect.TIMEOUT:
            self.kill()
            raise GuestError(f"timed out waiting for {pattern!r}; console:\n"
                             f"{self.child.before[-3000:]}")
        except pexpect.EOF:
            raise GuestError(f"QEMU exited while waiting for {pattern!r}; console:\n"
                             f"{self.child.before[-3000:]}")

    def send(self, s):
        self.child.send(s)

    def wait_prompt(self, timeout=None):
        self.expect(re.escape(PROMPT), timeout)

    # -- as a user types --------------------------------------------------
    def cmd(self, line, timeout=None):
        """Type a command line and Enter; return what it printed (no prompt)."""
        self.send(line + "\r")
        # The echo of the line, then the output up to the next prompt.
        self.expect(re.escape(line) + r"\r*\n", timeout)
        self.wait_prompt(timeout)
        out = self.child.before.replace("\r\n", "\n").replace("\r", "")
        self.transcript.append((line, out))
        return out

    def wait_exit(self, timeout=None):
        """Wait for QEMU to exit; return its status."""
        try:
            self.child.expect(pexpect.EOF, timeout=timeout or self.timeout)
        except pexpect.TIMEOUT:
            self.kill()
            raise GuestError("guest did not exit; console:\n" + self.child.before[-3000:])
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -(self.child.signalstatus or 0)

    def output(self):
        return self.child.before

    def kill(self):
        if self.child.isalive():
            self.child.terminate(force=True)

    def close(self):
        self.kill()
        try:
            self.child.close(force=True)
        except Exception:
            pass


def boot_to_prompt(timeout=30, **kw):
    g = Guest(timeout=timeout, **kw)
    g.wait_prompt()
    return g


def run_to_exit(timeout=120, **kw):
    """Boot with a command line that ends the machine (ktest=...);
    return (exit status, full console text)."""
    g = Guest(timeout=timeout, **kw)
    status = g.wait_exit(timeout)
    return status, g.child.before.replace("\r\n", "\n")

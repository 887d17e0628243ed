# SPDX-License-Identifier: GPL-2.0
"""The shell as a user meets it: commands, line editing, bad input."""
import re

import pytest

from qemu import PROMPT

LEFT, RIGHT, UP, DOWN = "\x1b[D", "\x1b[C", "\x1b[A", "\x1b[B"
HOME, END = "\x1b[H", "\x1b[F"


def typed(g, keys, expect_out, timeout=10):
    """Send raw keys ending in Enter and wait for @expect_out then the prompt."""
    g.send(keys)
    # QEMU keeps the pty's output processing on, so "\r\n" arrives as "\r\r\n".
    g.expect(expect_out.replace(r"\r\n", r"\r*\n"), timeout)
    g.wait_prompt(timeout)
    return g.output()


def test_help_lists_sorted_commands(shell):
    out = shell.cmd("help")
    names = re.findall(r"^  (\S+)\s", out, re.M)
    for must in ("bootinfo", "echo", "help", "ktest", "poweroff", "reboot", "uname"):
        assert must in names, out
    assert names == sorted(names)


def test_help_one_command(shell):
    out = shell.cmd("help uname")
    assert "uname" in out and "-a" in out


def test_help_unknown_command(shell):
    out = shell.cmd("help nosuch")
    assert "no such command" in out


def test_unknown_command(shell):
    out = shell.cmd("frobnicate 1 2")
    assert "frobnicate: command not found (try 'help')" in out


def test_echo_and_quotes(shell):
    assert shell.cmd('echo a "b  c" d').strip() == "a b  c d"
    assert shell.cmd("echo").strip() == ""


def test_unterminated_quote(shell):
    out = shell.cmd('echo "abc')
    assert "quote" in out.lower()


def test_uname(shell):
    out = shell.cmd("uname")
    assert re.search(r"Arbor \d+\.\d+\.\d+ aarch64 \(git [0-9a-f]{7,}", out), out
    assert "gcc" in out
    assert shell.cmd("uname -s").strip() == "Arbor"
    assert shell.cmd("uname -m").strip() == "aarch64"


def test_uname_bad_option(shell):
    out = shell.cmd("uname -x")
    assert "usage: uname" in out


def test_bootinfo(shell):
    out = shell.cmd("bootinfo")
    assert re.search(r"CPU:\s+Cortex-A72", out), out
    assert re.search(r"entry EL:\s+EL1", out)
    assert re.search(r"DTB:\s+0x48000000", out)
    assert re.search(r"0x0040000000-0x007fffffff\s+1048576 KiB", out)
    assert re.search(r"UART:\s+arm,pl011 at 0x9000000, clock 24000000 Hz", out)
    assert re.search(r"timer:\s+62500000 Hz", out)
    assert re.search(r"PSCI:\s+hvc", out)


def test_bootinfo_rejects_arguments(shell):
    assert "usage: bootinfo" in shell.cmd("bootinfo extra")


def test_left_arrow_insert(shell):
    typed(shell, "ech hi" + LEFT * 3 + "o\r", r"\r\nhi\r\n")


def test_home_end(shell):
    typed(shell, "cho x" + HOME + "e" + END + "y\r", r"\r\nxy\r\n")


def test_ctrl_a_ctrl_e(shell):
    typed(shell, "cho m" + "\x01" + "e" + "\x05" + "n\r", r"\r\nmn\r\n")


def test_backspace_and_delete(shell):
    typed(shell, "echo abXc" + LEFT + "\x7f" + "\r", r"\r\nabc\r\n")
    typed(shell, "echo abYc" + LEFT * 2 + "\x1b[3~" + "\r", r"\r\nabc\r\n")


def test_ctrl_u_and_ctrl_w(shell):
    typed(shell, "garbage words\x15echo clean\r", r"\r\nclean\r\n")
    typed(shell, "echo keep drop\x17\r", r"\r\nkeep\s*\r\n")


def test_ctrl_c_cancels_line(shell):
    shell.send("echo never\x03")
    shell.expect(r"\^C")
    shell.wait_prompt()
    out = shell.cmd("echo after")
    assert "never" not in out and "after" in out


def test_history_up_down(shell):
    for word in ("first-entry", "second-entry", "third-entry"):
        shell.cmd("echo " + word)
    typed(shell, UP * 3 + DOWN + "\r", r"\r\nsecond-entry\r\n")
    typed(shell, UP + "\r", r"\r\nsecond-entry\r\n")


def test_tab_completion(shell):
    typed(shell, "bootin\t\r", r"CPU:\s+Cortex")
    typed(shell, "una\t-s\r", r"\r\nArbor\r\n")


def test_tab_ambiguous_lists(shell):
    shell.send("re\t\t")
    shell.expect(r"reboot")
    shell.send("\x03")
    shell.wait_prompt()


def test_line_too_long_is_refused(shell):
    line = "echo " + "x" * 300
    shell.send(line + "\r")
    shell.expect(r"line too long")
    shell.wait_prompt()
    out = shell.cmd("echo still-alive")
    assert "still-alive" in out


def test_too_many_arguments(shell):
    out = shell.cmd("echo " + " ".join(["a"] * 40))
    assert "too many arguments" in out


def test_ktest_unknown_suite(shell):
    out = shell.cmd("ktest no_such_suite")
    assert "no such suite" in out


def test_ktest_list(shell):
    out = shell.cmd("ktest list")
    assert re.search(r"\d+ cases", out)


def test_poweroff_exits_zero(fresh):
    g = fresh()
    g.send("poweroff\r")
    assert g.wait_exit(20) == 0


def test_poweroff_rejects_arguments(shell):
    assert "usage: poweroff" in shell.cmd("poweroff now")


def test_burst_paste_of_many_lines(shell):
    """A paste arrives faster than anyone types: nothing may be lost or stall."""
    lines = [f"echo paste-{i:03d} " + "y" * 60 for i in range(40)]
    shell.send("\r".join(lines) + "\r")
    for i in range(40):
        shell.expect(r"\r*\npaste-%03d y{60}\r*\n" % i, timeout=30)
    shell.wait_prompt()
    assert "after-paste" in shell.cmd("echo after-paste")


def test_reboot_resets_machine(fresh):
    # QEMU runs with -no-reboot, so a PSCI SYSTEM_RESET ends it with status 0.
    g = fresh()
    g.send("reboot\r")
    g.expect("Restarting system")
    assert g.wait_exit(20) == 0


def test_reboot_rejects_arguments(shell):
    assert "usage: reboot" in shell.cmd("reboot now")


def test_typeahead_before_prompt_is_kept():
    """Keys typed while the kernel boots reach the shell (none lost while the
    UART is reprogrammed or switched to interrupts)."""
    from qemu import Guest
    g = Guest()
    try:
        g.send("echo early-bird\r")
        g.expect(r"\r*\nearly-bird\r*\n")
        g.wait_prompt()
    finally:
        g.close()

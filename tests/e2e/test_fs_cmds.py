# SPDX-License-Identifier: GPL-2.0
"""The file commands from the shell, on the ramfs root: ls, cat, stat, write,
rm, rmdir, mkdir, mv, truncate, cd, pwd, mount, umount, df, sync, open,
close, fds, read, seek, fsync, pagecache, and meminfo's page-cache lines.

Every command is driven with good input and with the bad input Linux
answers with an errno (ENOENT, ENOTDIR, EISDIR, EEXIST, ENOTEMPTY, EBADF,
EMFILE, ENAMETOOLONG, ...), which the shell prints as
"<cmd>: error: ENAME (message)"; usage mistakes print "usage: <cmd> ...".
Each test works under a directory of its own and removes it afterwards.
"""
import datetime
import re
import shutil
import subprocess
import time

import pytest

PAGE = 4096
MODE_RE = r"[-dlcbps][-r][-w][-xsS][-r][-w][-xsS][-r][-w][-xtT]"
LS_L = re.compile(rf"^({MODE_RE}) +(\d+) +(\d+) +(\d+) +(\d+) (.+)$")


def lines(out):
    return [l for l in out.split("\n") if l.strip()]


def ok(g, line):
    """A command that must print nothing."""
    out = g.cmd(line)
    assert out.strip() == "", f"{line!r} printed {out!r}"


def fails(g, line, errname):
    out = g.cmd(line)
    cmd = line.split()[0]
    assert re.search(rf"^{cmd}: error: {errname} \([a-z -/]+\)$", out, re.M), \
        f"{line!r}: expected {errname}, got {out!r}"


def usage(g, line):
    out = g.cmd(line)
    cmd = line.split()[0]
    assert out.startswith(f"usage: {cmd}"), f"{line!r}: expected usage, got {out!r}"


def ls(g, args=""):
    return lines(g.cmd(f"ls {args}".strip()))


def stat(g, path):
    out = g.cmd(f"stat {path}")
    d = {}
    m = re.search(r"^  File: (.*)$", out, re.M)
    assert m, out
    d["file"] = m[1]
    m = re.search(r"^  Size: (\d+) +Blocks: (\d+) +IO Block: (\d+) +(.+?)\s*$", out, re.M)
    assert m, out
    d.update(size=int(m[1]), blocks=int(m[2]), ioblock=int(m[3]), type=m[4])
    m = re.search(r"^Device: (\d+),(\d+) +Inode: (\d+) +Links: (\d+)", out, re.M)
    assert m, out
    d.update(dev=(int(m[1]), int(m[2])), ino=int(m[3]), links=int(m[4]))
    m = re.search(r"^Access: \((\d{4})/(\S{10})\)  Uid: \( *(\d+)\)   Gid: \( *(\d+)\)$",
                  out, re.M)
    assert m, out
    d.update(mode=m[1], modestr=m[2], uid=int(m[3]), gid=int(m[4]))
    for what in ("Access", "Modify", "Change"):
        m = re.search(rf"^{what}: (\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d)\.(\d{{9}}) \+0000$",
                      out, re.M)
        assert m, out
        t = datetime.datetime.strptime(m[1], "%Y-%m-%d %H:%M:%S").replace(
            tzinfo=datetime.timezone.utc)
        d[what.lower()] = t.timestamp() + int(m[2]) / 1e9
    return d


def meminfo(g):
    return {m[1]: int(m[2]) for m in re.finditer(r"^(\S+): +(\d+) kB$", g.cmd("meminfo"), re.M)}


def fds(g):
    out = lines(g.cmd("fds"))
    assert re.fullmatch(r" fd mode +pos +size path", out[0]), out
    rows = {}
    for l in out[1:]:
        m = re.fullmatch(r" *(\d+) (\S+) +(-?\d+) +(\d+) (.*)", l)
        assert m, l
        rows[int(m[1])] = (m[2], int(m[3]), int(m[4]), m[5])
    return rows


def open_fd(g, args):
    out = g.cmd(f"open {args}")
    m = re.fullmatch(r"fd (\d+)\n", out)
    assert m, f"open {args}: {out!r}"
    return int(m[1])


def pagecache(g, path):
    out = lines(g.cmd(f"pagecache {path}"))
    m = re.fullmatch(r"size (\d+) pages (\d+) cached (\d+) dirty (\d+) mapped (\d+) "
                     r"writeback (\d+)", out[0])
    assert m, out
    head = dict(zip(("size", "pages", "cached", "dirty", "mapped", "writeback"),
                    map(int, m.groups())))
    # Expand the map: "*" repeats the line before up to the next index.
    pages, prev, starred = "", None, False
    for l in out[1:]:
        if l == "*":
            starred = True
            continue
        m = re.fullmatch(r" *(\d+) ([.cdmw]{1,64})", l)
        assert m, l
        idx = int(m[1])
        assert idx % 64 == 0
        if starred:
            while len(pages) < idx:
                pages += prev
            starred = False
        assert len(pages) == idx, (len(pages), l)
        pages += m[2]
        prev = m[2]
    assert len(pages) == head["pages"], (len(pages), head)
    assert head["cached"] == sum(c != "." for c in pages)
    return head, pages


@pytest.fixture
def tdir(shell):
    """An empty directory /tfs for one test, removed (recursively) afterwards."""
    d = "/tfs"
    shell.cmd("cd /")
    out = shell.cmd(f"mkdir {d}")
    assert out.strip() == "", out
    yield d
    shell.cmd("cd /")
    rmtree(shell, d)
    assert "tfs" not in " ".join(ls(shell, "/"))


def rmtree(g, path):
    for name in ls(g, f"-a {path}"):
        if name in ("./", "../"):
            continue
        if name.endswith("/"):
            rmtree(g, f"{path}/{name[:-1]}")
        else:
            ok(g, f"rm {path}/{name}")
    ok(g, f"rmdir {path}")


# ---- help ----------------------------------------------------------------

COMMANDS = ["ls", "cat", "stat", "write", "rm", "rmdir", "mkdir", "mv", "truncate", "cd",
            "pwd", "mount", "umount", "df", "sync", "open", "close", "fds", "read", "seek",
            "fsync", "pagecache"]


def test_help_lists_the_file_commands(shell):
    out = shell.cmd("help")
    names = [l.split()[0] for l in lines(out)]
    for c in COMMANDS:
        assert c in names, c


# ---- ls ------------------------------------------------------------------

def test_ls_sorted_with_slashes(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/b hello")
    ok(g, f"write {tdir}/a x")
    ok(g, f"mkdir {tdir}/d")
    ok(g, f"write {tdir}/.hidden h")
    ok(g, f"write {tdir}/B upper")
    assert ls(g, tdir) == ["B", "a", "b", "d/"]
    assert ls(g, f"-a {tdir}") == ["./", "../", ".hidden", "B", "a", "b", "d/"]
    assert ls(g, f"{tdir}/a") == [f"{tdir}/a"]
    assert ls(g, f"{tdir}/d") == []
    assert "tfs/" in ls(g, "/")
    # Two arguments: coreutils' "name:" headers.
    out = g.cmd(f"ls {tdir}/d {tdir}")
    assert out == f"{tdir}/d:\n\n{tdir}:\nB\na\nb\nd/\n", out


def test_ls_long(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/f 12345")
    ok(g, f"mkdir {tdir}/sub")
    out = lines(g.cmd(f"ls -l {tdir}"))
    assert re.fullmatch(r"total \d+", out[0]), out
    rows = [LS_L.match(l) for l in out[1:]]
    assert all(rows), out
    assert [r[6] for r in rows] == ["f", "sub"]
    f, sub = rows
    assert f[1] == "-rw-r--r--" and f[2] == "1" and f[5] == "6"
    assert sub[1] == "drwxr-xr-x" and int(sub[2]) >= 2
    assert (f[3], f[4]) == ("0", "0")
    # Columns line up: the name starts in the same column on every line.
    assert len({len(l) - len(l.split()[-1]) for l in out[1:]}) == 1
    # -la and -l -a are the same; a file lists itself.
    assert g.cmd(f"ls -la {tdir}") == g.cmd(f"ls -l -a {tdir}")
    one = lines(g.cmd(f"ls -l {tdir}/f"))
    assert len(one) == 1 and one[0].endswith(f" 6 {tdir}/f"), one


def test_ls_errors(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/f x")
    fails(g, f"ls {tdir}/nosuch", "ENOENT")
    fails(g, f"ls {tdir}/f/x", "ENOTDIR")
    fails(g, f"ls -l {tdir}/nosuch/x", "ENOENT")
    usage(g, "ls -z")
    usage(g, f"ls -lq {tdir}")


# ---- cat and write -------------------------------------------------------

def test_write_append_truncate_nonewline(shell, tdir):
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} hello   world")
    assert g.cmd(f"cat {f}") == "hello world\n"
    ok(g, f"write {f} second line")
    assert g.cmd(f"cat {f}") == "hello world\nsecond line\n"
    ok(g, f"write -t {f} fresh")
    assert g.cmd(f"cat {f}") == "fresh\n"
    ok(g, f"write -n {f} tail")
    assert stat(g, f)["size"] == len("fresh\ntail")
    # No final newline in the file: cat adds one on the console only.
    assert g.cmd(f"cat {f}") == "fresh\ntail\n"
    ok(g, f"write -tn {f} abc")
    assert g.cmd(f"cat {f}") == "abc\n"
    assert stat(g, f)["size"] == 3
    ok(g, f"write -t -n {f}")
    assert stat(g, f)["size"] == 0
    assert g.cmd(f"cat {f}") == ""
    ok(g, f"write {f} 'quoted  spaces' \"and\\\"quote\"")
    assert g.cmd(f"cat {f}") == "quoted  spaces and\"quote\n"


def test_cat_several_and_errors(shell, tdir):
    g = shell
    ok(g, f"write -n {tdir}/a one")
    ok(g, f"write {tdir}/b two")
    assert g.cmd(f"cat {tdir}/a {tdir}/b") == "onetwo\n"
    fails(g, f"cat {tdir}/nosuch", "ENOENT")
    fails(g, f"cat {tdir}", "EISDIR")
    fails(g, f"cat {tdir}/a/x", "ENOTDIR")
    # The first file is printed, then the error on a line of its own.
    out = g.cmd(f"cat {tdir}/a {tdir}/nosuch")
    assert out == "one\ncat: error: ENOENT (no such file or directory)\n", out
    usage(g, "cat")


def test_write_errors(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/f x")
    fails(g, f"write {tdir} x", "EISDIR")
    fails(g, f"write {tdir}/nosuch/f x", "ENOENT")
    fails(g, f"write {tdir}/f/g x", "ENOTDIR")
    usage(g, "write")
    usage(g, "write -t")
    usage(g, f"write -x {tdir}/f")


def newc(entries):
    """A newc cpio archive of (name, mode, data) entries, as the initramfs."""
    out = b""
    for ino, (name, mode, data) in enumerate(entries + [("TRAILER!!!", 0, b"")], 1):
        nm = name.encode() + b"\0"
        hdr = b"070701" + b"".join(b"%08x" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(nm), 0))
        out += hdr + nm
        out += b"\0" * (-len(out) % 4)
        out += data
        out += b"\0" * (-len(out) % 4)
    return out


def test_cat_binary_from_initramfs(fresh, tmp_path):
    blob = bytes(range(256))
    img = tmp_path / "initrd.cpio"
    img.write_bytes(newc([("bin", 0o040755, b""),
                          ("bin/blob", 0o100644, blob),
                          ("bin/text", 0o100600, b"line 1\nline 2\n")]))
    g = fresh(extra=["-initrd", str(img)])
    out = g.cmd("cat /bin/blob")
    expect = ""
    for b in blob:
        c = chr(b)
        expect += c if (c in "\n\t" or 0x20 <= b < 0x7f) else f"\\x{b:02x}"
    assert out == expect + "\n", out
    assert g.cmd("cat /bin/text") == "line 1\nline 2\n"
    s = stat(g, "/bin/text")
    assert (s["size"], s["mode"], s["modestr"]) == (14, "0600", "-rw-------")
    assert ls(g, "/bin") == ["blob", "text"]


# ---- stat ----------------------------------------------------------------

def test_stat(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/f hello")
    ok(g, f"write -t -n {tdir}/empty")
    s = stat(g, f"{tdir}/f")
    assert s["file"] == f"{tdir}/f"
    assert (s["size"], s["type"], s["links"]) == (6, "regular file", 1)
    assert (s["mode"], s["modestr"], s["uid"], s["gid"]) == ("0644", "-rw-r--r--", 0, 0)
    assert s["ioblock"] > 0 and s["ino"] > 0
    assert stat(g, f"{tdir}/empty")["type"] == "regular empty file"
    d = stat(g, tdir)
    assert (d["type"], d["mode"], d["modestr"]) == ("directory", "0755", "drwxr-xr-x")
    assert d["dev"] == s["dev"]
    assert d["ino"] != s["ino"]
    # File times come from the RTC (QEMU virt's PL031 runs on host UTC).
    assert abs(s["modify"] - time.time()) < 120, s
    # Modify time moves forward with a write.
    before = s["modify"]
    ok(g, f"write {tdir}/f more")
    assert stat(g, f"{tdir}/f")["modify"] >= before
    assert stat(g, "/")["type"] == "directory"
    fails(g, f"stat {tdir}/nosuch", "ENOENT")
    fails(g, f"stat {tdir}/f/x", "ENOTDIR")
    usage(g, "stat")
    usage(g, "stat a b")


# ---- rm, rmdir, mkdir, mv ------------------------------------------------

def test_rm(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/a x")
    ok(g, f"write {tdir}/b x")
    ok(g, f"mkdir {tdir}/d")
    ok(g, f"rm {tdir}/a {tdir}/b")
    assert ls(g, tdir) == ["d/"]
    fails(g, f"rm {tdir}/a", "ENOENT")
    fails(g, f"rm {tdir}/d", "EISDIR")
    fails(g, f"rm {tdir}/d/x/y", "ENOENT")
    usage(g, "rm")


def test_rmdir(shell, tdir):
    g = shell
    ok(g, f"mkdir {tdir}/d {tdir}/e")
    ok(g, f"write {tdir}/d/f x")
    ok(g, f"write {tdir}/f x")
    fails(g, f"rmdir {tdir}/d", "ENOTEMPTY")
    fails(g, f"rmdir {tdir}/f", "ENOTDIR")
    fails(g, f"rmdir {tdir}/nosuch", "ENOENT")
    ok(g, f"rmdir {tdir}/e")
    ok(g, f"rm {tdir}/d/f")
    ok(g, f"rmdir {tdir}/d")
    assert ls(g, tdir) == ["f"]
    usage(g, "rmdir")


def test_mkdir(shell, tdir):
    g = shell
    ok(g, f"mkdir {tdir}/a")
    fails(g, f"mkdir {tdir}/a", "EEXIST")
    fails(g, f"mkdir {tdir}/x/y", "ENOENT")
    ok(g, f"mkdir -p {tdir}/p/q/r")
    assert ls(g, f"{tdir}/p/q") == ["r/"]
    ok(g, f"mkdir -p {tdir}/p/q/r")
    ok(g, f"mkdir -p {tdir}//p//q/s/")
    assert ls(g, f"{tdir}/p/q") == ["r/", "s/"]
    ok(g, f"write {tdir}/f x")
    fails(g, f"mkdir {tdir}/f", "EEXIST")
    fails(g, f"mkdir -p {tdir}/f", "EEXIST")
    fails(g, f"mkdir -p {tdir}/f/x", "ENOTDIR")
    fails(g, f"mkdir {tdir}/f/x", "ENOTDIR")
    fails(g, "mkdir /", "EEXIST")
    assert stat(g, f"{tdir}/a")["modestr"] == "drwxr-xr-x"
    usage(g, "mkdir")
    usage(g, "mkdir -p")


def test_mv(shell, tdir):
    g = shell
    ok(g, f"write {tdir}/a alpha")
    ok(g, f"mv {tdir}/a {tdir}/b")
    assert ls(g, tdir) == ["b"]
    assert g.cmd(f"cat {tdir}/b") == "alpha\n"
    ok(g, f"mkdir {tdir}/d")
    ok(g, f"mv {tdir}/b {tdir}/d/c")
    assert ls(g, f"{tdir}/d") == ["c"]
    ok(g, f"write {tdir}/e other")
    ok(g, f"mv {tdir}/e {tdir}/d/c")          # replaces the file
    assert g.cmd(f"cat {tdir}/d/c") == "other\n"
    ok(g, f"mkdir {tdir}/d2")
    ok(g, f"mv {tdir}/d2 {tdir}/d3")
    assert ls(g, tdir) == ["d/", "d3/"]
    fails(g, f"mv {tdir}/nosuch {tdir}/x", "ENOENT")
    fails(g, f"mv {tdir}/d/c {tdir}/d3", "EISDIR")        # file over a directory
    fails(g, f"mv {tdir}/d3 {tdir}/d/c", "ENOTDIR")       # directory over a file
    fails(g, f"mv {tdir}/d3 {tdir}/d", "ENOTEMPTY")       # over a non-empty directory
    fails(g, f"mv {tdir}/d {tdir}/d/sub", "EINVAL")       # into itself
    fails(g, f"mv {tdir}/d/c {tdir}/nosuch/c", "ENOENT")
    usage(g, "mv a")
    usage(g, "mv a b c")


# ---- truncate ------------------------------------------------------------

def test_truncate(shell, tdir):
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} hello")
    ok(g, f"truncate {f} 10K")
    assert stat(g, f)["size"] == 10240
    out = g.cmd(f"cat {f}")
    assert out == "hello\n" + "\\x00" * (10240 - 6) + "\n"
    ok(g, f"truncate {f} 3")
    assert g.cmd(f"cat {f}") == "hel\n"
    ok(g, f"truncate {f} 0")
    assert stat(g, f)["size"] == 0
    ok(g, f"truncate {f} 0x1000")
    assert stat(g, f)["size"] == 4096
    fails(g, f"truncate {tdir}/nosuch 1", "ENOENT")
    fails(g, f"truncate {tdir} 0", "EISDIR")
    fails(g, f"truncate {f}/x 0", "ENOTDIR")
    fails(g, f"truncate {f} 99999999999T", "EFBIG")
    usage(g, f"truncate {f}")
    usage(g, f"truncate {f} abc")
    usage(g, f"truncate {f} -1")


# ---- cd and pwd ----------------------------------------------------------

def test_cd_pwd_relative(shell, tdir):
    g = shell
    assert g.cmd("pwd") == "/\n"
    ok(g, f"mkdir {tdir}/sub")
    ok(g, f"cd {tdir}")
    assert g.cmd("pwd") == f"{tdir}\n"
    ok(g, "write rel relative")
    assert g.cmd(f"cat {tdir}/rel") == "relative\n"
    assert ls(g) == ["rel", "sub/"]
    ok(g, "cd sub")
    assert g.cmd("pwd") == f"{tdir}/sub\n"
    assert g.cmd("cat ../rel") == "relative\n"
    ok(g, "cd ..")
    assert g.cmd("pwd") == f"{tdir}\n"
    ok(g, "cd ../..")
    assert g.cmd("pwd") == "/\n"
    ok(g, f"cd {tdir}")
    fails(g, "cd rel", "ENOTDIR")
    fails(g, "cd nosuch", "ENOENT")
    assert g.cmd("pwd") == f"{tdir}\n"
    ok(g, "cd")
    assert g.cmd("pwd") == "/\n"
    usage(g, "cd a b")
    usage(g, "pwd x")


def test_pwd_enametoolong(fresh):
    """getcwd's ENAMETOOLONG: a working directory deeper than PATH_MAX (4096)."""
    g = fresh()
    name = "n" * 200
    path = ""
    for depth in range(1, 22):
        ok(g, f"mkdir {name}")
        ok(g, f"cd {name}")
        path += "/" + name
        if len(path) < 4096:
            assert g.cmd("pwd") == path + "\n", depth
        else:
            fails(g, "pwd", "ENAMETOOLONG")
    assert len(path) >= 4096
    # Everything else still works relative to it.
    ok(g, "write f deep")
    assert g.cmd("cat f") == "deep\n"
    assert ls(g) == ["f"]
    ok(g, "cd /")
    assert g.cmd("pwd") == "/\n"
    ok(g, f"cd {name}")
    assert ls(g, name) == [name + "/"]


# ---- mount, umount, df, sync ---------------------------------------------

def mounts(g):
    rows = []
    for l in lines(g.cmd("mount")):
        m = re.fullmatch(r"(\S+) (\S+) (\S+) (rw|ro) 0 0", l)
        assert m, l
        rows.append(m.groups())
    return rows


def test_mount_list_and_ramfs_mount(shell, tdir):
    g = shell
    rows = mounts(g)
    assert rows[0][1:] == ("/", "ramfs", "rw"), rows
    ok(g, f"mkdir {tdir}/m")
    ok(g, f"write {tdir}/m/under covered")
    ok(g, f"mount none {tdir}/m ramfs")
    assert ("none", f"{tdir}/m", "ramfs", "rw") in mounts(g)
    assert ls(g, f"{tdir}/m") == []
    ok(g, f"write {tdir}/m/f on the mount")
    assert g.cmd(f"cat {tdir}/m/f") == "on the mount\n"
    assert stat(g, f"{tdir}/m/f")["dev"] != stat(g, tdir)["dev"]
    fails(g, f"rmdir {tdir}/m", "EBUSY")
    fd = open_fd(g, f"{tdir}/m/f")
    fails(g, f"umount {tdir}/m", "EBUSY")
    ok(g, f"close {fd}")
    ok(g, f"umount {tdir}/m")
    assert all(r[1] != f"{tdir}/m" for r in mounts(g))
    assert ls(g, f"{tdir}/m") == ["under"]
    # Read-only.
    ok(g, f"mount -o ro none {tdir}/m ramfs")
    assert ("none", f"{tdir}/m", "ramfs", "ro") in mounts(g)
    fails(g, f"write {tdir}/m/f x", "EROFS")
    fails(g, f"mkdir {tdir}/m/d", "EROFS")
    ok(g, f"umount {tdir}/m")


def test_mount_errors(shell, tdir):
    g = shell
    ok(g, f"mkdir {tdir}/m")
    ok(g, f"write {tdir}/f x")
    fails(g, f"mount none {tdir}/m nosuchfs", "ENODEV")
    fails(g, f"mount none {tdir}/nosuch ramfs", "ENOENT")
    fails(g, f"mount none {tdir}/f ramfs", "ENOTDIR")
    fails(g, f"mount /dev/nosuch {tdir}/m", "ENOENT")
    fails(g, f"umount {tdir}/nosuch", "ENOENT")
    fails(g, f"umount {tdir}/m", "EINVAL")       # not a mount point
    usage(g, "mount a")
    usage(g, "mount -o")
    usage(g, "mount -o ro none")
    usage(g, "umount")
    assert all(r[1] != f"{tdir}/m" for r in mounts(g))


def test_df_and_sync(shell, tdir):
    g = shell
    out = lines(g.cmd("df"))
    assert re.fullmatch(r"Filesystem +1K-blocks +Used +Available +Use% Mounted on", out[0]), out
    rows = []
    for l in out[1:]:
        m = re.fullmatch(r"(\S+) +(\d+) +(\d+) +(\d+) +(-|\d+%) (\S+)", l)
        assert m, l
        rows.append(m.groups())
    assert len(rows) == len(mounts(g))
    assert rows[0][5] == "/"
    for _, total, used, avail, use, _ in rows:
        assert int(used) <= int(total) and int(avail) <= int(total)
        if use != "-":
            assert 0 <= int(use[:-1]) <= 100
    one = lines(g.cmd(f"df {tdir}"))
    assert len(one) == 2 and one[1].endswith(" /"), one
    assert g.cmd(f"df {tdir}/nosuch") == "df: error: ENOENT (no such file or directory)\n"
    ok(g, "sync")
    usage(g, "sync now")


# ---- descriptors ---------------------------------------------------------

def test_open_read_seek_close(shell, tdir):
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} hello world")
    fd = open_fd(g, f)
    assert fds(g)[fd] == ("r", 0, 12, f)
    assert g.cmd(f"read {fd} 5") == "hello\n"     # newline added on the console
    assert fds(g)[fd][1] == 5
    assert g.cmd(f"read {fd}") == " world\n"
    assert g.cmd(f"read {fd}") == ""               # end of file
    assert g.cmd(f"read {fd} 0") == ""
    assert g.cmd(f"seek {fd} 0") == "0\n"
    assert g.cmd(f"read {fd} 1") == "h\n"
    assert g.cmd(f"seek {fd} 2 cur") == "3\n"
    assert g.cmd(f"read {fd} 2") == "lo\n"
    assert g.cmd(f"seek {fd} -3 end") == "9\n"
    assert g.cmd(f"read {fd} 100") == "ld\n"
    assert g.cmd(f"seek {fd} 100") == "100\n"      # past the end is allowed
    assert g.cmd(f"read {fd}") == ""
    fails(g, f"seek {fd} -1", "EINVAL")
    fails(g, f"seek {fd} -200 cur", "EINVAL")
    ok(g, f"fsync {fd}")
    ok(g, f"close {fd}")
    assert fd not in fds(g)
    fails(g, f"close {fd}", "EBADF")
    fails(g, f"read {fd}", "EBADF")
    fails(g, f"read {fd} 0", "EBADF")
    fails(g, f"seek {fd} 0", "EBADF")
    fails(g, f"fsync {fd}", "EBADF")
    fails(g, "close 63", "EBADF")
    fails(g, "close 1000", "EBADF")


def test_open_modes(shell, tdir):
    g = shell
    f = f"{tdir}/f"
    fails(g, f"open {f}", "ENOENT")
    fd = open_fd(g, f"{f} rw creat")
    assert fds(g)[fd] == ("rw", 0, 0, f)
    ok(g, f"close {fd}")
    ok(g, f"write {f} data")
    fd = open_fd(g, f"{f} w")
    assert fds(g)[fd][0] == "w"
    fails(g, f"read {fd}", "EBADF")                # not open for reading
    ok(g, f"close {fd}")
    fd = open_fd(g, f"{f} w trunc")
    assert fds(g)[fd][2] == 0
    ok(g, f"close {fd}")
    fails(g, f"open {f} rw creat excl", "EEXIST")
    fd = open_fd(g, f"{f} a")
    assert fds(g)[fd][0] == "w"
    ok(g, f"close {fd}")
    fd = open_fd(g, tdir)                          # a directory opens read-only
    assert fds(g)[fd][0] == "r"
    fails(g, f"read {fd}", "EISDIR")
    ok(g, f"close {fd}")
    fails(g, f"open {tdir} w", "EISDIR")
    fails(g, f"open {tdir} rw", "EISDIR")
    fails(g, f"open {f}/x", "ENOTDIR")
    fails(g, f"open {tdir}/nosuch/x creat", "ENOENT")
    usage(g, "open")
    usage(g, f"open {f} bogus")
    usage(g, "close")
    usage(g, "close x")
    usage(g, "close -1")
    usage(g, "read")
    usage(g, "read 0 x")
    usage(g, "seek 0")
    usage(g, "seek 0 1 sideways")
    usage(g, "fsync")
    usage(g, "fds x")


def test_descriptors_belong_to_the_address_space(shell, tdir):
    """`as fork` copies the table; `as new` starts empty; closing in one
    address space leaves the other's descriptor open."""
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} shared")
    fd = open_fd(g, f)
    assert g.cmd(f"read {fd} 3") == "sha\n"
    child = re.fullmatch(r"as (\d+)\n", g.cmd("as fork"))[1]
    fresh_as = re.fullmatch(r"as (\d+)\n", g.cmd("as new"))[1]
    try:
        ok(g, f"as use {fresh_as}")
        assert fds(g) == {}
        fails(g, f"read {fd}", "EBADF")
        ok(g, f"as use {child}")
        assert fds(g)[fd] == ("r", 3, 7, f)            # the same open file, same position
        assert g.cmd(f"read {fd} 2") == "re\n"
        ok(g, f"close {fd}")
        assert fd not in fds(g)
    finally:
        ok(g, "as use 0")
    assert fds(g)[fd] == ("r", 5, 7, f)
    ok(g, f"as free {child}")
    ok(g, f"as free {fresh_as}")
    assert g.cmd(f"read {fd}") == "d\n"
    ok(g, f"close {fd}")


def test_emfile_after_64_descriptors(shell, tdir):
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} x")
    before = set(fds(g))
    opened = []
    while True:
        out = g.cmd(f"open {f}")
        m = re.fullmatch(r"fd (\d+)\n", out)
        if not m:
            assert out == "open: error: EMFILE (too many open files)\n", out
            break
        opened.append(int(m[1]))
        assert len(opened) <= 64
    assert len(opened) + len(before) == 64
    assert sorted(set(opened) | before) == list(range(64))
    assert len(fds(g)) == 64
    ok(g, f"close {opened[10]}")
    assert open_fd(g, f) == opened[10]             # the lowest free one again
    for fd in opened:
        ok(g, f"close {fd}")
    assert set(fds(g)) == before


# ---- pagecache and meminfo ----------------------------------------------

def test_pagecache(shell, tdir):
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} hello")
    head, pages = pagecache(g, f)
    assert (head["size"], head["pages"], head["cached"]) == (6, 1, 1)
    assert pages in ("c", "d")
    assert head["mapped"] == head["writeback"] == 0
    # Every other page written: a pattern the map must show.
    for i in range(1, 8):
        ok(g, f"truncate {f} {2 * i * PAGE}")
        ok(g, f"write {f} page{2 * i}")
    head, pages = pagecache(g, f)
    assert head["pages"] == 15
    assert "".join("x" if c != "." else "." for c in pages) == "x." * 7 + "x"
    assert head["dirty"] == pages.count("d")
    # A large sparse file: rows of '.' collapse into "*".
    ok(g, f"write -n {tdir}/big")
    ok(g, f"truncate {tdir}/big 1M")
    head, pages = pagecache(g, f"{tdir}/big")
    assert (head["size"], head["pages"], head["cached"]) == (1 << 20, 256, 0)
    assert pages == "." * 256
    out = lines(g.cmd(f"pagecache {tdir}/big"))
    assert out[1:] == ["       0 " + "." * 64, "*", "     192 " + "." * 64], out
    # Truncating drops the cached pages past the end.
    ok(g, f"truncate {f} {PAGE}")
    head, pages = pagecache(g, f)
    assert (head["pages"], head["cached"]) == (1, 1)
    ok(g, f"write -n {tdir}/empty")
    head, pages = pagecache(g, f"{tdir}/empty")
    assert (head["size"], head["pages"], pages) == (0, 0, "")
    fails(g, f"pagecache {tdir}", "EISDIR")
    fails(g, f"pagecache {tdir}/nosuch", "ENOENT")
    usage(g, "pagecache")


def test_pagecache_mapped_pages(shell, tdir):
    """'m' for pages a shared file mapping has PTEs for; gone after munmap."""
    g = shell
    f = f"{tdir}/f"
    ok(g, f"write {f} hello")
    ok(g, f"truncate {f} {4 * PAGE}")
    fd = open_fd(g, f"{f} rw")
    addr = int(g.cmd(f"mmap 0 {4 * PAGE} rw- shared {fd} 0").strip(), 16)
    base = meminfo(g)["Mapped"]
    assert g.cmd(f"touch {addr:#x} {PAGE} r").strip() == "touched 1 page"
    head, pages = pagecache(g, f)
    assert pages == "m..." and head["mapped"] == 1
    ok(g, f"poke {addr + 2 * PAGE:#x} 0x41")
    head, pages = pagecache(g, f)
    assert pages[0] == "m" and pages[2] in "md", pages
    assert head["mapped"] == 2
    assert meminfo(g)["Mapped"] >= base + 4
    ok(g, f"munmap {addr:#x} {4 * PAGE}")
    head, pages = pagecache(g, f)
    assert head["mapped"] == 0 and "m" not in pages
    assert g.cmd(f"seek {fd} {2 * PAGE}") == f"{2 * PAGE}\n"
    assert g.cmd(f"read {fd} 1") == "A\n"
    ok(g, f"close {fd}")


def test_meminfo_cached_follows_the_page_cache(shell, tdir):
    g = shell
    before = meminfo(g)
    for k in ("Cached", "Dirty", "Writeback", "Mapped", "Shmem"):
        assert k in before
    f = f"{tdir}/f"
    ok(g, f"write {f} x")
    for i in range(1, 32):
        ok(g, f"truncate {f} {i * PAGE}")
        ok(g, f"write {f} page{i}")
    assert pagecache(g, f)[0]["cached"] == 32
    after = meminfo(g)
    assert after["Cached"] - before["Cached"] >= 32 * 4
    assert after["Shmem"] <= after["Cached"]
    ok(g, f"rm {f}")
    gone = meminfo(g)
    assert after["Cached"] - gone["Cached"] >= 32 * 4


# ---- on an ext2 disk -------------------------------------------------------

@pytest.mark.skipif(not all(shutil.which(t) for t in ("mke2fs", "e2fsck", "debugfs")),
                    reason="needs e2fsprogs on the host")
def test_on_ext2_disk(fresh, tmp_path):
    """The same commands on the ext2 disk mounted at /mnt: d_type from the
    directory blocks, 1 KiB blocks in stat/ls -l/df, a written page dirty
    until sync, read-only remount; the image is clean for e2fsck afterwards."""
    root = tmp_path / "root"
    (root / "dir").mkdir(parents=True)
    (root / "hello.txt").write_text("hello ext2\n")
    names = sorted(f"file_{i}" for i in range(60))
    for n in names:
        (root / "dir" / n).write_text(n + "\n")
    img = tmp_path / "disk.img"
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-b", "1024", "-d", str(root),
                    str(img), "4M"], check=True)
    g = fresh(extra=["-drive", f"if=none,id=hd0,file={img},format=raw",
                     "-device", "virtio-blk-device,drive=hd0"])
    assert ("/dev/vda", "/mnt", "ext2", "rw") in mounts(g)
    assert ls(g, "/mnt") == ["dir/", "hello.txt", "lost+found/"]
    assert ls(g, "/mnt/dir") == names
    out = lines(g.cmd("ls -l /mnt"))
    rows = [LS_L.match(l) for l in out[1:]]
    assert all(rows), out
    assert [r[1] for r in rows] == ["drwxr-xr-x", "-rw-r--r--", "drwx------"]
    s = stat(g, "/mnt/hello.txt")
    assert (s["size"], s["blocks"], s["ioblock"], s["type"]) == (11, 2, 1024, "regular file")
    assert out[0] == "total %d" % sum((stat(g, f"/mnt/{r[6]}")["blocks"] + 1) // 2
                                      for r in rows)
    df = [l for l in lines(g.cmd("df")) if l.startswith("/dev/vda")]
    m = re.fullmatch(r"/dev/vda +(\d+) +(\d+) +(\d+) +(\d+)% /mnt", df[0])
    assert m and int(m[1]) > 3000, df
    assert g.cmd("cat /mnt/hello.txt") == "hello ext2\n"
    ok(g, "write /mnt/new.txt written")
    head, pages = pagecache(g, "/mnt/new.txt")
    assert (pages, head["dirty"]) == ("d", 1)
    ok(g, "sync")
    head, pages = pagecache(g, "/mnt/new.txt")
    assert (pages, head["dirty"]) == ("c", 0)
    ok(g, "umount /mnt")
    assert ls(g, "/mnt") == []
    ok(g, "mount -o ro /dev/vda /mnt")
    assert ("/dev/vda", "/mnt", "ext2", "ro") in mounts(g)
    fails(g, "write /mnt/x y", "EROFS")
    fails(g, "rm /mnt/hello.txt", "EROFS")
    assert g.cmd("cat /mnt/new.txt") == "written\n"
    ok(g, "umount /mnt")
    g.close()
    fsck = subprocess.run(["e2fsck", "-fn", str(img)], capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stdout + fsck.stderr
    dump = subprocess.run(["debugfs", "-R", "cat /new.txt", str(img)], capture_output=True,
                          text=True)
    assert dump.stdout == "written\n", dump

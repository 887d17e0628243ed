#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make check: run every layer of tests and end with "N passed, M failed".

  host   the host unit-test binaries (TAP), built with ASan/UBSan
  ktest  the in-kernel suites: one boot with ktest=all, KTAP parsed per case
  e2e    pytest + pexpect end-to-end tests in tests/e2e (boot matrix included)

  fuzz   libFuzzer targets, each for $FUZZ_TIME seconds (make check: 20)

Usage: check.py host|all [host test binaries...] [--fuzz fuzz binaries...]
"""
import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

totals = {"passed": 0, "failed": 0, "skipped": 0}
failures = []


def count(layer, name, ok, skipped=False):
    if skipped:
        totals["skipped"] += 1
    elif ok:
        totals["passed"] += 1
    else:
        totals["failed"] += 1
        failures.append(f"{layer}: {name}")


def run_host(bins):
    env = dict(os.environ, DTB_DIR=str(BUILD / "dtbs"),
               ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    for b in bins:
        t0 = time.time()
        try:
            p = subprocess.run([b], cwd=ROOT, env=env, capture_output=True,
                               text=True, timeout=600)
            out, rc = p.stdout + p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            out, rc = (e.stdout or "") + "\nTIMEOUT", -1
        name = Path(b).name
        cases = re.findall(r"^(ok|not ok) \d+ - (\S+)", out, re.M)
        for res, case in cases:
            count("host", f"{name}.{case}", res == "ok")
        bad = sum(1 for r, _ in cases if r != "ok")
        if rc != 0 and bad == 0:
            # A crash (sanitizer report, abort) outside any case is a failure too.
            count("host", f"{name} (exit status {rc})", False)
        if rc != 0 or bad:
            sys.stdout.write(out[-4000:])
        print(f"host {name}: {len(cases) - bad}/{len(cases)} cases passed "
              f"({time.time() - t0:.1f}s)")


def run_fuzz(fuzzers):
    """Each libFuzzer binary for FUZZ_TIME seconds on its corpus in build/fuzz/<name>."""
    seconds = int(os.environ.get("FUZZ_TIME", "20"))
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    for f in fuzzers:
        name = Path(f).name
        corpus = BUILD / "fuzz" / name
        corpus.mkdir(parents=True, exist_ok=True)
        t0 = time.time()
        # A fixed seed, so a clean tree explores the same inputs first each run.
        args = [f, f"-seed={os.environ.get('FUZZ_SEED', '1')}",
                f"-max_total_time={seconds}", "-max_len=4096", "-timeout=30",
                "-rss_limit_mb=4096", "-print_final_stats=1",
                f"-artifact_prefix={BUILD / 'fuzz'}/{name}-", str(corpus)]
        try:
            p = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                               timeout=seconds + 300)
            out, rc = p.stdout + p.stderr, p.returncode
        except subprocess.TimeoutExpired as e:
            out, rc = (e.stdout or "") + "\nTIMEOUT", -1
        m = re.search(r"^Done (\d+) runs", out, re.M)
        count("fuzz", name, rc == 0 and m is not None)
        if rc != 0 or not m:
            sys.stdout.write(out[-4000:])
        print(f"fuzz {name}: {m.group(1) if m else '?'} inputs, exit status {rc} "
              f"({time.time() - t0:.1f}s)")


def run_ktest():
    """One ktest=all boot with a copy of build/disk.img (ext2) as vda and the
    initramfs, so the disk suites (virtio_blk, ext2, filemap_disk) run too."""
    import shutil
    from qemu import run_to_exit
    t0 = time.time()
    disk = BUILD / "ktest-disk.img"
    shutil.copyfile(BUILD / "disk.img", disk)
    status, out = run_to_exit(
        timeout=300, append="ktest=all", initrd=str(BUILD / "initramfs.cpio"),
        extra=["-drive", f"if=none,id=vda,file={disk},format=raw",
               "-device", "virtio-blk-device,drive=vda"])
    fsck = subprocess.run(["/sbin/e2fsck", "-fn", str(disk)], capture_output=True, text=True)
    count("ktest", "e2fsck -fn of the disk after the ktest=all boot", fsck.returncode == 0)
    if fsck.returncode:
        sys.stdout.write(fsck.stdout[-2000:] + fsck.stderr[-2000:])
    (BUILD / "ktest.log").write_text(out)
    cases = 0
    suite = None
    for line in out.splitlines():
        m = re.match(r"^    # Subtest: (\S+)", line)
        if m:
            suite = m.group(1)
        m = re.match(r"^    (ok|not ok) \d+ (\S+)(.*)", line)
        if m:
            cases += 1
            count("ktest", f"{suite}.{m.group(2)}", m.group(1) == "ok",
                  skipped="# SKIP" in m.group(3))
    if cases == 0 or status != 0:
        count("ktest", f"ktest=all boot (exit status {status}, {cases} cases)", False)
        sys.stdout.write(out[-4000:])
    print(f"ktest: {cases} cases, exit status {status} ({time.time() - t0:.1f}s)")


def run_e2e():
    xml = BUILD / "e2e.xml"
    args = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            f"--junitxml={xml}", str(ROOT / "tests" / "e2e")]
    try:
        import xdist  # noqa: F401
        args[3:3] = ["-n", os.environ.get("E2E_JOBS", "2")]
    except ImportError:
        pass
    t0 = time.time()
    p = subprocess.run(args, cwd=ROOT)
    if not xml.exists():
        count("e2e", "pytest did not run", False)
        return
    n = 0
    for tc in ET.parse(xml).getroot().iter("testcase"):
        n += 1
        name = f"{tc.get('classname')}.{tc.get('name')}"
        if tc.find("skipped") is not None:
            count("e2e", name, True, skipped=True)
        else:
            count("e2e", name, tc.find("failure") is None and tc.find("error") is None)
    if p.returncode not in (0, 1):
        count("e2e", f"pytest exit status {p.returncode}", False)
    print(f"e2e: {n} tests ({time.time() - t0:.1f}s)")


def main():
    what, bins = sys.argv[1], sys.argv[2:]
    fuzzers = []
    if "--fuzz" in bins:
        i = bins.index("--fuzz")
        bins, fuzzers = bins[:i], bins[i + 1:]
    run_host(bins)
    run_fuzz(fuzzers)
    if what == "all":
        run_ktest()
        run_e2e()
    for f in failures:
        print(f"FAILED {f}")
    line = f"{totals['passed']} passed, {totals['failed']} failed"
    if totals["skipped"]:
        line += f", {totals['skipped']} skipped"
    print(line)
    sys.exit(1 if totals["failed"] else 0)


if __name__ == "__main__":
    main()

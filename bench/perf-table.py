#!/usr/bin/env python3
"""Turns the raw outputs of bench/perf-report.sh (in WORK_DIR) into one markdown table with
each figure's target from quality.md marked met or the gap stated.

Usage: perf-table.py WORK_DIR
"""

import os
import platform
import re
import subprocess
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def check_rows(text):
    """{(label, jobs): (files, mb, wall, mb_s, files_s)} from check-throughput.sh's table."""
    rows = {}
    for line in text.splitlines():
        m = re.match(r"^(nixpkgs-lib|all-packages\.nix x\d+)\s+(\d+)\s+([\d.]+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            label, files, mb, jobs, wall, _cpu, mb_s, files_s = m.groups()
            rows[(label, int(jobs))] = (int(files), float(mb), float(wall), float(mb_s), float(files_s))
    return rows


def lsp_rows(text):
    """({feature: (median, p99)}, rss_mb, size_kb) from lsp-latency.py's output."""
    features = {}
    for line in text.splitlines():
        m = re.match(r"^(.+?)\s+(\d+)\s+([\d.]+)\s+([\d.]+)$", line)
        if m and not line.startswith("feature"):
            features[m.group(1).strip()] = (float(m.group(3)), float(m.group(4)))
    rss = re.search(r"memory with the file open: ([\d.]+) MB", text)
    size = re.search(r"\((\d+) kB", text)
    return features, float(rss.group(1)) if rss else float("nan"), float(size.group(1)) if size else float("nan")


def verdict(ok, gap):
    return "met" if ok else f"**not met**: {gap}"


def main():
    work = sys.argv[1]
    checks = check_rows(read(os.path.join(work, "perf-check.txt")))
    lsp = {s: lsp_rows(read(os.path.join(work, f"perf-lsp-x{s}.txt"))) for s in (1, 4, 16)
           if os.path.exists(os.path.join(work, f"perf-lsp-x{s}.txt"))}
    rss = {}
    for line in read(os.path.join(work, "perf-rss.txt")).splitlines():
        name, size, one, all_ = line.split()
        rss[name] = (int(size), int(one), int(all_))
    cores = os.cpu_count()
    cpu = ""
    for line in read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    version = subprocess.run([os.environ.get("NIXTY", os.path.join(os.path.dirname(os.path.abspath(__file__)), "../target/release/nixty")), "--version"], capture_output=True, text=True).stdout.strip()
    date = subprocess.run(["date", "-u", "+%Y-%m-%d %H:%M UTC"], capture_output=True, text=True).stdout.strip()
    print(f"Performance of {version} — {date}; {platform.machine()}, {cores} cores ({cpu}), "
          f"load average {' '.join(read('/proc/loadavg').split()[:3])}; release build.\n")
    print("| Figure | Measured | Target | Status |")
    print("|---|---|---|---|")
    for label in ("nixpkgs-lib", "all-packages.nix x1"):
        for jobs in (1, cores):
            r = checks.get((label, jobs))
            if r:
                files, mb, wall, mb_s, files_s = r
                name = "nixpkgs lib" if label == "nixpkgs-lib" else "all-packages.nix (generated, 20 000 bindings)"
                print(f"| `nixty check` {name}, {files} files / {mb:.2f} MB, {jobs} job{'s' if jobs > 1 else ''} | "
                      f"{mb_s:.2f} MB/s, {files_s:.1f} files/s ({wall:.3f} s) | (figure) | — |")
    features, server_rss, size_kb = lsp[1]
    targets = {"hover": 10, "completion": 10, "edit -> fresh diagnostics": 100}
    for feature, (median, p99) in features.items():
        target = targets.get(feature)
        if target:
            status = verdict(p99 < target, f"p99 {p99:.1f} ms vs {target} ms")
            target_text = f"p99 < {target} ms"
        else:
            status, target_text = "—", "(figure)"
        print(f"| LSP {feature} (all-packages.nix x1) | median {median:.2f} ms, p99 {p99:.2f} ms | {target_text} | {status} |")
    ratio = server_rss * 1024 / size_kb
    print(f"| Server RSS with all-packages.nix open ({size_kb:.0f} kB) | {server_rss:.1f} MB ({ratio:.1f}× source) | < 20× | "
          f"{verdict(ratio < 20, f'{ratio:.1f}×')} |")
    baseline = rss.pop("baseline", (0, 0, 0))[1]
    if baseline:
        print(f"| Peak RSS of `nixty check` on a one-line file (the process's baseline) | {baseline / 1024:.1f} MB | — | — |")
    for name, (size, one, all_) in rss.items():
        net = (max(one, all_) - baseline) * 1024 / size
        what = "nixpkgs lib tree" if name == "tree" else name
        r1, ra = one * 1024 / size, all_ * 1024 / size
        print(f"| Peak RSS of `nixty check` on {what} ({size / 1e6:.2f} MB), 1 job / all | "
              f"{one / 1024:.1f} MB ({r1:.1f}×) / {all_ / 1024:.1f} MB ({ra:.1f}×) | < 20× | "
              f"{verdict(max(r1, ra) < 20, f'{max(r1, ra):.1f}× ({net:.1f}× above the baseline)')} |")
    # Growth: time at 4x and 16x relative to 1x (linear: about 4 and 16).
    base = checks.get(("all-packages.nix x1", 1))
    for scale in (4, 16):
        r = checks.get((f"all-packages.nix x{scale}", 1))
        if base and r:
            growth = r[2] / base[2]
            print(f"| Growth of `nixty check` time at {scale}× size (1 job) | {growth:.1f}× | ≈ {scale}× (linear) | "
                  f"{verdict(growth < scale * 1.5, f'{growth:.1f}× for {scale}× the input')} |")
    for feature in ("hover", "completion", "edit -> fresh diagnostics", "semantic tokens (full)", "document symbols"):
        if 16 in lsp and 4 in lsp and feature in lsp[1][0] and feature in lsp[16][0]:
            m1, m4, m16 = (lsp[s][0].get(feature, (float("nan"),))[0] for s in (1, 4, 16))
            print(f"| Growth of LSP {feature} median, 1×/4×/16× | {m1:.2f} / {m4:.2f} / {m16:.2f} ms | linear or better | "
                  f"{verdict(m16 < m1 * 16 * 1.5 + 1, f'{m16 / max(m1, 1e-9):.1f}× at 16×')} |")
    for scale in (s for s in (4, 16) if s in lsp):
        _, r, kb = lsp[scale]
        print(f"| Server RSS with all-packages.nix x{scale} open ({kb:.0f} kB) | {r:.1f} MB ({r * 1024 / kb:.1f}× source) | < 20× | "
              f"{verdict(r * 1024 / kb < 20, f'{r * 1024 / kb:.1f}×')} |")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# CPU time of jxaudit against `pdftotext -layout` (Poppler's own text extraction, the floor) on text-layer PDFs, side
# by side in one run: each round runs every comparison, the two commands interleaved file by file, and the CPU
# (user + sys) of each is read from the kernel's accounting of the finished children (getrusage). Prints, over the
# rounds, the min and median CPU per file of each command and of the ratio round by round:
#   1. `audit --json FILE` per file vs pdftotext per file, on the samples' text-layer PDFs (the tuning set);
#   2. the same on heldout/pdf (a set never tuned on: measure it, never tune on it);
#   3. one `audit --jsonl` over all the samples' text-layer PDFs vs pdftotext once per file.
# For 1 and 2 each file's own ratio is shown too (its median over the rounds, each side's), with how many exceed 1.2,
# and each command's page faults per file (minor faults: a short run's kernel time is mostly these).
# The issue's bars: 1 and 2 at most 1.2x, 3 at most 0.5x. Text-layer files are those whose report says
# "text_source": "text" (scans and files that fail are left out, found in a first, uncounted pass).
#   bench/text_speed.sh [ROUNDS] [FILE...]   (default 9 rounds; FILEs replace set 1, and set 2 is skipped)
# A shared machine is noisy: compare medians and ratios, and say the machine was shared.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-9}
shift || true
jxaudit=${JXAUDIT:-build/jxaudit}
[ -x "$jxaudit" ] || { echo "$jxaudit missing: run scripts/test.sh or the README build first" >&2; exit 2; }
command -v pdftotext >/dev/null || { echo "pdftotext missing (apt-get install poppler-utils)" >&2; exit 2; }
exec /usr/bin/python3 - "$jxaudit" "$rounds" "$@" <<'EOF'
import glob
import json
import os
import resource
import statistics
import subprocess
import sys

jxaudit, rounds, named = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
DEVNULL = subprocess.DEVNULL


def usage_of(commands):
    """(CPU seconds (user + sys), page faults) the children spent running each command of `commands` in turn. The
    faults are the minor ones: pages first touched, the kernel's largest share of a short run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for cmd in commands:
        subprocess.run(cmd, stdin=DEVNULL, stdout=DEVNULL, stderr=DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, after.ru_minflt - before.ru_minflt


def cpu_of(commands):
    """CPU seconds (user + sys) the children spent running each command of `commands` in turn."""
    return usage_of(commands)[0]


def text_layer(files):
    kept = []
    for f in files:
        out = subprocess.run([jxaudit, "audit", "--json", f], stdin=DEVNULL, stdout=subprocess.PIPE, stderr=DEVNULL).stdout
        try:
            if json.loads(out).get("text_source") == "text":
                kept.append(f)
        except ValueError:
            pass
    return kept


def pdftotext(f):
    return ["pdftotext", "-layout", "-q", f, "-"]


sets = []
if named:
    sets.append(("named files", text_layer(named)))
else:
    sets.append(("samples (tuning set)", text_layer(sorted(glob.glob("samples/*.pdf")))))
    held = text_layer(sorted(glob.glob("heldout/pdf/*.pdf")))
    if held:
        sets.append(("heldout/pdf (never tuned on)", held))
sets = [(name, files) for name, files in sets if files]
if not sets:
    sys.exit("no text-layer PDF to measure")
stream_files = sets[0][1]

# Per comparison: per round, (jxaudit CPU per file, pdftotext CPU per file).
results = {name: [] for name, _ in sets}
results["jsonl"] = []
# Per set and file: per round, (jxaudit CPU, pdftotext CPU) of that file.
by_file = {name: {f: [] for f in files} for name, files in sets}
# Per set and file: (jxaudit page faults, pdftotext page faults), from the first round (they do not vary).
faults = {name: {} for name, _ in sets}
for f in stream_files[:3]:  # warm the page cache and the loader, uncounted
    cpu_of([[jxaudit, "audit", "--json", f], pdftotext(f)])
for r in range(rounds):
    for name, files in sets:
        jx = pt = 0.0
        for i, f in enumerate(files):  # interleaved, the order alternating by file and round
            pair = [("jx", [jxaudit, "audit", "--json", f]), ("pt", pdftotext(f))]
            if (i + r) % 2:
                pair.reverse()
            times, flt = {}, {}
            for who, cmd in pair:
                times[who], flt[who] = usage_of([cmd])
            if r == 0:
                faults[name][f] = (flt["jx"], flt["pt"])
            jx += times["jx"]
            pt += times["pt"]
            by_file[name][f].append((times["jx"], times["pt"]))
        results[name].append((jx / len(files), pt / len(files)))
    stream = [[jxaudit, "audit", "--jsonl"] + stream_files]
    once = [pdftotext(f) for f in stream_files]
    if r % 2:
        pt, jx = cpu_of(once), cpu_of(stream)
    else:
        jx, pt = cpu_of(stream), cpu_of(once)
    results["jsonl"].append((jx / len(stream_files), pt / len(stream_files)))


def row(label, pairs, bar):
    jx = [p[0] * 1000 for p in pairs]
    pt = [p[1] * 1000 for p in pairs]
    ratio = [p[0] / p[1] for p in pairs if p[1] > 0]
    print(f"{label}")
    print(f"  jxaudit    CPU ms/file: min {min(jx):7.2f}  median {statistics.median(jx):7.2f}")
    print(f"  pdftotext  CPU ms/file: min {min(pt):7.2f}  median {statistics.median(pt):7.2f}")
    print(f"  ratio (round by round): min {min(ratio):7.2f}  median {statistics.median(ratio):7.2f}   (bar: <= {bar})")


def files_row(files):
    """Each file's own ratio: its median jxaudit CPU over its median pdftotext CPU across the rounds."""
    ratios = sorted(((statistics.median(j for j, _ in pairs) / max(1e-9, statistics.median(p for _, p in pairs)), f)
                     for f, pairs in files.items()), reverse=True)
    over = sum(1 for r, _ in ratios if r > 1.2)
    values = [r for r, _ in ratios]
    print(f"  file by file: median {statistics.median(values):.2f}, {over} of {len(values)} files over 1.2; the highest:"
          + "".join(f" {os.path.basename(f)} {r:.2f};" for r, f in ratios[:3]))


print(f"rounds: {rounds}; CPU = user + sys of the finished process; jxaudit: {jxaudit}")
for name, files in sets:
    row(f"audit --json per file vs pdftotext -layout per file, {name}: {len(files)} files", results[name], "1.2")
    files_row(by_file[name])
    print(f"  page faults per file (median): jxaudit {statistics.median(j for j, _ in faults[name].values()):.0f}, "
          f"pdftotext {statistics.median(p for _, p in faults[name].values()):.0f}")
row(f"audit --jsonl over {len(stream_files)} files in one process vs pdftotext -layout once per file",
    results["jsonl"], "0.5")
EOF

#!/usr/bin/python3
"""Measure a jxaudit binary on the held-out set.

    /usr/bin/python3 heldout/eval.py BINARY [--verbose] [--dir DIR]

For each heldout/pdf/*.pdf (or DIR/*.pdf, judged against heldout/truth/ of the
same name) runs `BINARY audit --json PDF`, and compares every non-null field of
the truth with the report.  Always exits 0.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))


def norm(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)))


def as_num(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        t = norm(v).replace(",", "").rstrip("%")
        try:
            return float(t)
        except ValueError:
            return None
    return None


def same(truth, got):
    """truth: a number, a string, or a list of acceptable strings."""
    if isinstance(truth, list):
        return any(same(t, got) for t in truth)
    if got is None:
        return False
    if isinstance(truth, (int, float)) and not isinstance(truth, bool):
        g = as_num(got)
        return g is not None and abs(g - float(truth)) <= 0.005 + 1e-9
    return norm(truth) == norm(got)


def leaves(truth, path=""):
    """(path, value) for every non-null scalar of the truth; a list of strings is one leaf (alternatives)."""
    if truth is None:
        return
    if isinstance(truth, dict):
        for k, v in truth.items():
            yield from leaves(v, path + "." + k if path else k)
    elif isinstance(truth, list) and truth and all(isinstance(x, str) for x in truth):
        yield path, truth
    elif isinstance(truth, list):
        for i, v in enumerate(truth):
            yield from leaves(v, "%s[%d]" % (path, i))
    else:
        yield path, truth


def lookup(doc, path):
    cur = doc
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if cur is None:
            return None
        if part.startswith("["):
            i = int(part[1:-1])
            cur = cur[i] if isinstance(cur, list) and i < len(cur) else None
        else:
            cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def project_name_match(tp, fp):
    t = tp.get("project", {}).get("name")
    g = (fp.get("project") or {}).get("name")
    if not t or not g:
        return False
    alts = t if isinstance(t, list) else [t]
    g = norm(g)
    return any(norm(a) == g or (len(g) >= 4 and (norm(a) in g or g in norm(a))) for a in alts)


def align(tps, fps):
    """Pairs (truth index, found index or None), order kept; found ones left over are invented."""
    pairs, j = [], 0
    for i, tp in enumerate(tps):
        k = next((x for x in range(j, len(fps)) if project_name_match(tp, fps[x])), None)
        if k is None and len(fps) - j == len(tps) - i and j < len(fps):
            k = j
        pairs.append((i, k))
        if k is not None:
            j = k + 1
    used = {k for _, k in pairs if k is not None}
    return pairs, len(fps) - len(used)


def run(binary, pdf):
    try:
        p = subprocess.run([binary, "audit", "--json", pdf], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           timeout=600)
        doc = json.loads(p.stdout.decode("utf-8"))
    except Exception as e:  # a crash, a timeout or no JSON: nothing found
        return None, str(e)[:200]
    if isinstance(doc.get("projects"), list):
        return doc["projects"], None
    if doc.get("project") or doc.get("indicators"):
        return [doc], None
    return [], None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dir", default=os.path.join(HERE, "pdf"))
    a = ap.parse_args()
    tdir = os.path.join(HERE, "truth")
    R = C = 0
    missed = invented = 0
    names = sorted(f for f in os.listdir(a.dir) if f.endswith(".pdf"))
    for f in names:
        tpath = os.path.join(tdir, f[:-4] + ".json")
        if not os.path.exists(tpath):
            print("%-34s no truth, skipped" % f)
            continue
        truth = json.load(open(tpath, encoding="utf-8"))
        tps = truth["projects"]
        fps, err = run(a.binary, os.path.join(a.dir, f))
        fps = fps or []
        pairs, inv = align(tps, fps)
        r = c = 0
        wrong = []
        miss = 0
        for i, k in pairs:
            fp = fps[k] if k is not None else None
            if fp is None:
                miss += 1
            for path, tv in leaves(tps[i]):
                c += 1
                gv = lookup(fp, path) if fp is not None else None
                if fp is not None and same(tv, gv):
                    r += 1
                else:
                    wrong.append("p%d.%s: want %s got %s" % (i, path, json.dumps(tv, ensure_ascii=False),
                                                         "<no project>" if fp is None else json.dumps(gv, ensure_ascii=False)))
        R += r
        C += c
        missed += miss
        invented += inv
        print("%-34s %4d/%-4d %5.1f%%  projects expected %d found %d (missed %d, invented %d)%s"
              % (f, r, c, 100.0 * r / c if c else 100.0, len(tps), len(fps), miss, inv,
                 "  ERROR " + err if err else ""))
        if a.verbose:
            for w in wrong:
                print("    " + w)
    print("TOTAL right/counted = %d/%d = %.1f%% of fields; projects missed %d, invented %d"
          % (R, C, 100.0 * R / C if C else 0.0, missed, invented))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # never fail the caller
        print("eval error: %s" % e, file=sys.stderr)
    sys.exit(0)

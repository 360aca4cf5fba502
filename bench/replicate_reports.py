#!/usr/bin/env python3
"""Makes a batch's OUT folder of N reports from a real one, for measuring the summary outputs at scale.

    replicate_reports.py SEED_OUT SHARD_OUT N

SEED_OUT is the OUT of a real run (`jxaudit audit samples -o SEED_OUT`). SHARD_OUT gets N reports, each a copy of
a seed report under a made-up agency folder (100 files per agency), with its evidence images hard-linked under
the new name, so that `jxaudit merge SHARD_OUT -o OUT` rebuilds the outputs of a 10,000-file batch in seconds.
"""
import json
import os
import sys


def main():
    seed, shard, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    reports = []
    for root, _, files in os.walk(os.path.join(seed, "reports")):
        for f in sorted(files):
            if f.endswith(".json"):
                reports.append(os.path.join(root, f))
    reports.sort()
    docs = [json.load(open(p, encoding="utf-8")) for p in reports]
    for k in range(n):
        doc = json.loads(json.dumps(docs[k % len(docs)]))
        base = os.path.basename(reports[k % len(reports)])[: -len(".json")]
        rel = f"单位{k // 100:03d}/{k:05d}-{base}"
        doc["file"] = f"/nonexistent/{rel}"
        links = {}
        for project in [doc] + doc.get("projects", []):
            for f in project.get("findings", []):
                old = f.get("evidence_image")
                if not old:
                    continue
                new = f"evidence/{rel}/{os.path.basename(old)}"
                f["evidence_image"] = new
                links[new] = old
        for new, old in links.items():
            dst = os.path.join(shard, new)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            if not os.path.exists(dst):
                os.link(os.path.join(seed, old), dst)
        path = os.path.join(shard, "reports", rel + ".json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            json.dump(doc, out, ensure_ascii=False)


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Every report document the batch writes for samples/ is valid against docs/report.schema.json.

Runs `jxaudit audit SAMPLES -o OUT` (a fresh OUT), then validates each OUT/reports/**/*.json (report and error
documents) and what `jxaudit audit --json` prints for a good and a bad sample with python3-jsonschema's Draft 2020-12
validator, after checking the schema itself. So that the check
cannot pass by accepting anything, documents broken on purpose (a field of the contract missing, a severity or
text_source outside its set, a number as text, an error document without its outcome) must each be rejected.

  check_report_schema.py --jxaudit build/jxaudit --schema docs/report.schema.json --out DIR samples
"""
import argparse
import copy
import json
import pathlib
import shutil
import subprocess
import sys

import jsonschema


def broken_variants(report, error_doc):
    """(what, document) pairs the schema must reject, made from one real report and one real error document."""
    def changed(doc, edit):
        doc = copy.deepcopy(doc)
        edit(doc)
        return doc

    out = [
        ("no findings", changed(report, lambda d: d.pop("findings"))),
        ("no projects", changed(report, lambda d: d.pop("projects"))),
        ("no budget rows", changed(report, lambda d: d["projects"][0]["budget"].pop("rows"))),
        ("no grade", changed(report, lambda d: d["total_score"].pop("grade"))),
        ("grade not one of four", changed(report, lambda d: d["total_score"].__setitem__("grade", "A"))),
        ("empty projects", changed(report, lambda d: d.__setitem__("projects", []))),
        ("schema string", changed(report, lambda d: d.__setitem__("schema", "jxaudit.report/2"))),
        ("text_source", changed(report, lambda d: d.__setitem__("text_source", "scan"))),
        ("sha256", changed(report, lambda d: d.__setitem__("sha256", "XYZ"))),
        ("pages as text", changed(report, lambda d: d.__setitem__("pages", "5"))),
        ("total as text", changed(report, lambda d: d["total_score"].__setitem__("stated", "100"))),
        ("year as text", changed(report, lambda d: d["project"].__setitem__("year", "2021"))),
        ("error outcome", changed(error_doc, lambda d: d.__setitem__("outcome", "exploded"))),
        ("error without outcome", changed(error_doc, lambda d: d.pop("outcome"))),
    ]
    if report["findings"]:
        out.append(("severity", changed(report, lambda d: d["findings"][0].__setitem__("severity", "fatal"))))
        out.append(("finding without message", changed(report, lambda d: d["findings"][0].pop("message"))))
    if report["indicators"]:
        out.append(("indicator page 0", changed(report, lambda d: d["indicators"][0].__setitem__("page", 0))))
        out.append(("target op", changed(report, lambda d: d["indicators"][0].__setitem__(
            "target", {"op": "≥", "value": 1, "unit": "份"}))))
        out.append(("indicator without name", changed(report, lambda d: d["indicators"][0].pop("name"))))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jxaudit", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("inputs", nargs="+")
    args = ap.parse_args()

    schema = json.loads(pathlib.Path(args.schema).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)

    out = pathlib.Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    run = subprocess.run([args.jxaudit, "audit", *args.inputs, "-o", str(out), "-q", "-j", "2"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if run.returncode not in (0, 1):  # 1: some samples are bad on purpose
        print(f"jxaudit audit exited {run.returncode}: {run.stderr}")
        return 1

    problems = []
    reports, errors = [], []
    for path in sorted((out / "reports").rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        (errors if "error" in doc else reports).append(doc)
        for e in validator.iter_errors(doc):
            problems.append(f"{path.relative_to(out)}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    # What `jxaudit audit --json FILE` prints, for a file it audits and for one it cannot.
    for sample in ("samples/guangzhou-suizhiguan-2021.pdf", "samples/bad/01-not-a-pdf.pdf"):
        printed = subprocess.run([args.jxaudit, "audit", "--json", sample], capture_output=True, text=True)
        try:
            doc = json.loads(printed.stdout)
        except json.JSONDecodeError:
            problems.append(f"audit --json {sample}: not a JSON document")
            continue
        for e in validator.iter_errors(doc):
            problems.append(f"audit --json {sample}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
    if len(reports) < 20 or len(errors) < 5:
        problems.append(f"expected the samples' 20+ reports and 5+ error documents, found {len(reports)} and "
                        f"{len(errors)}")

    # The schema must tell a broken document from a good one.
    if reports and errors:
        richest = max(reports, key=lambda d: (len(d["findings"]) > 0) + (len(d["indicators"]) > 0))
        for what, doc in broken_variants(richest, errors[0]):
            if validator.is_valid(doc):
                problems.append(f"a document broken on purpose ({what}) was accepted")

    for p in problems:
        print(p)
    print(f"{len(reports)} report documents and {len(errors)} error documents checked against {args.schema}: "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""check_includes.py must catch each kind of wrong include and pass the allowed ones: a small tree is built in a
temporary folder, one file per case, and the checker's lines are compared with the expected offences."""
import os
import subprocess
import sys
import tempfile

CHECKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "check_includes.py")
CASES = {  # file -> (its include, offends?)
    "rules/loader.cpp": ("extract/page.h", True),                 # rules/ knows only core/
    "core/text.cpp": ("rules/ruleset.h", True),                   # core/ knows nothing
    "audit/checks.cpp": ("extract/ocr/internal/steps.h", True),   # another folder's internal header
    "extract/grid/grid.cpp": ("extract/pdf/pdf_reader.h", True),  # the grid knows neither path
    "extract/pdf/reader.cpp": ("extract/ocr/ocr.h", True),        # the text path does not know OCR
    "outputs/csv.cpp": ("batch/inputs.h", True),                  # batch comes after outputs
    "extract/ocr/cells.cpp": ("extract/ocr/internal/steps.h", False),
    "audit/pipeline.cpp": ("extract/ocr/ocr_module.h", False),
    "batch/batch.cpp": ("outputs/out_files.h", False),
    "tests/extract/x_test.cpp": ("extract/ocr/internal/steps.h", False),
}


def main():
    with tempfile.TemporaryDirectory() as root:
        for rel, (target, _) in CASES.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(f'#include <vector>\n#include "{target}"\n')
        run = subprocess.run([sys.executable, CHECKER, "--root", root], capture_output=True, text=True)
        reported = sorted(line.split(":", 1)[0] for line in run.stdout.splitlines() if ": includes " in line)
        expected = sorted(rel for rel, (_, bad) in CASES.items() if bad)
        if run.returncode != 1 or reported != expected:
            print(f"exit {run.returncode}; reported {reported}; expected {expected}\n{run.stdout}{run.stderr}")
            return 1
    print(f"check_includes catches all {len(expected)} wrong includes and passes the {len(CASES) - len(expected)} allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One line after `make test`: line and branch coverage of the application (from .coverage)."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "coverage.json"
    subprocess.run([sys.executable, "-m", "coverage", "json", "-q", "-o", str(out)], check=True)
    totals = json.loads(out.read_text())["totals"]

lines = 100 * totals["covered_lines"] / max(1, totals["num_statements"])
branches = 100 * totals["covered_branches"] / max(1, totals["num_branches"])
print(
    f"coverage: lines {lines:.1f}% ({totals['covered_lines']}/{totals['num_statements']}), "
    f"branches {branches:.1f}% ({totals['covered_branches']}/{totals['num_branches']}), "
    f"combined {totals['percent_covered']:.1f}%"
)

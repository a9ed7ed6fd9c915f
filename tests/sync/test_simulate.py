"""The field-scale simulation, reduced (8 communes, 2 area offices, 6 weeks): a year of a
province in small, with every fault the full run draws, through the real core and real
bundle files. Its invariants must hold: nothing lost, everything converged, each
concurrent same-field edit shown as one conflict at the province (tools/simulate.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_reduced_year_keeps_every_invariant(tmp_path: Path) -> None:
    out = tmp_path / "simulate.json"
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "simulate.py"), "--communes", "8", "--areas", "2",
         "--weeks", "6", "--seed", "7", "--json", str(out), "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    s = json.loads(out.read_text(encoding="utf-8"))
    assert s["ok"] and s["converged"] and s["lost_revisions"] == 0
    assert s["conflicts_seen"] == s["conflicts_expected"] > 0
    assert s["communes"] == 8 and s["areas"] == 2 and s["records"] > 50
    # Every kind of fault was drawn at least once in this seed's run.
    assert {"laptop_stolen_and_replaced", "laptop_restored_from_backup"} <= set(s["faults"])
    assert sum(s["faults"].values()) >= 5

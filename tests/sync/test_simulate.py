"""The field-scale simulation, reduced (8 communes, 2 area offices, 6 weeks): a year of a
province in small, with every fault the full run draws, through the real core and real
bundle files. Its invariants must hold: nothing lost, everything converged, each
concurrent same-field edit shown as one conflict at the province (tools/simulate.py).

The tool runs in this process, through its own ``main`` with the arguments its command line
takes: a child process spent seconds importing the core again, and hashed the accounts'
passwords at the real Argon2id cost (the tool makes only the key file's cost cheap; here the
tests' cheap settings from the conftest hold for both)."""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _tool(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """tools/simulate.py as a module (its dataclasses need it in sys.modules while loading)."""
    spec = importlib.util.spec_from_file_location("khien_simulate", ROOT / "tools" / "simulate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_a_reduced_year_keeps_every_invariant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    simulate = _tool(monkeypatch)
    out = tmp_path / "simulate.json"
    # The objects earlier tests of the run left are set aside, so the collections the
    # simulation's many short-lived objects set off walk only what it makes.
    gc.collect()
    gc.freeze()
    try:
        status = simulate.main(
            ["--communes", "8", "--areas", "2", "--weeks", "6", "--seed", "7",
             "--json", str(out), "--work", str(tmp_path / "work")]
        )  # fmt: skip
    finally:
        gc.unfreeze()
    printed = capsys.readouterr()
    assert status == 0, printed.err[-3000:] + printed.out[-3000:]
    s = json.loads(out.read_text(encoding="utf-8"))
    assert s["ok"] and s["converged"] and s["lost_revisions"] == 0
    assert s["conflicts_seen"] == s["conflicts_expected"] > 0
    assert s["communes"] == 8 and s["areas"] == 2 and s["records"] > 50
    # Every kind of fault was drawn at least once in this seed's run.
    assert {"laptop_stolen_and_replaced", "laptop_restored_from_backup"} <= set(s["faults"])
    assert sum(s["faults"].values()) >= 5

"""The schema revisions read without Alembic (``desktop.core.db.revision``) agree with
Alembic's own reading, and opening a profile whose schema is current never imports Alembic
(issue 18, point 1: Alembic only when the schema is behind)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desktop.core.db import migrate, revision
from desktop.core.db.engine import open_engine
from desktop.core.errors import SchemaTooNew
from tests.conftest import ADMIN, PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def test_revisions_read_as_text_are_alembics():
    script = ScriptDirectory.from_config(migrate._config())
    alembic_view = {r.revision: r.down_revision for r in script.walk_revisions()}
    assert revision.revisions() == alembic_view
    assert revision.head_revision() == script.get_current_head()


def test_a_migration_file_without_its_revision_is_told(tmp_path, monkeypatch):
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "0001_a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "0002_b.py").write_text('revision = "b"\n')
    monkeypatch.setattr(revision, "MIGRATIONS", tmp_path)
    revision.revisions.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="0002_b.py"):
            revision.revisions()
    finally:
        revision.revisions.cache_clear()


def test_two_heads_are_refused(tmp_path, monkeypatch):
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "0001_a.py").write_text('revision = "a"\ndown_revision = None\n')
    (versions / "0002_b.py").write_text("revision: str = 'b'\ndown_revision: str | None = 'a'\n")
    (versions / "0002_c.py").write_text('revision = "c"\ndown_revision = "a"\n')
    monkeypatch.setattr(revision, "MIGRATIONS", tmp_path)
    revision.revisions.cache_clear()
    try:
        assert revision.revisions() == {"a": None, "b": "a", "c": "a"}
        with pytest.raises(RuntimeError, match="2 heads"):
            revision.head_revision()
    finally:
        revision.revisions.cache_clear()


def test_current_revision_of_a_new_file_and_of_a_newer_one(tmp_path):
    engine = open_engine(tmp_path / "x.db", bytes(32))
    try:
        assert revision.current_revision(engine) is None
        assert revision.check_not_newer(engine) is None
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            conn.exec_driver_sql("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
        assert revision.current_revision(engine) == "9999_from_the_future"
        with pytest.raises(SchemaTooNew):
            revision.check_not_newer(engine)
    finally:
        engine.dispose()


def test_opening_a_current_profile_never_imports_alembic(province, data_dir):
    province.close()  # the conftest's copy of a new profile: its schema is current
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from desktop.core import profile\n"
        f"opened = profile.open_profile(Path({str(data_dir)!r}), {ADMIN!r}, {PASSWORD!r})\n"
        "opened.close()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic')))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []

"""desktop.__version__ is written in the package (read at start, without importlib.metadata):
it must be the version pyproject.toml gives, and so the installed package's."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import desktop

ROOT = Path(__file__).resolve().parents[2]


def test_version_is_pyproject_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert desktop.__version__ == project["version"]


def test_version_is_the_installed_metadata():
    assert desktop.__version__ == metadata.version("khien")

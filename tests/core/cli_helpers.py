"""What the command-line tests share."""

from __future__ import annotations

import pytest

from desktop import cli


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``khien *argv*``, which must be refused with one line on stderr; that line."""
    assert cli.main(argv) == cli.EXIT_REFUSED
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()

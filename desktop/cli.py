"""Command line (placeholder until the CLI work lands)."""

from __future__ import annotations


def main(argv: list[str] | None = None) -> int:
    import desktop

    print(f"khien {desktop.__version__}")
    return 0

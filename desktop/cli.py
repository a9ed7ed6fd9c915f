"""Command line (placeholder until the CLI work lands)."""

from __future__ import annotations

COMMANDS = ("init", "demo", "search", "stats", "backup", "restore", "recover")


def main(argv: list[str] | None = None) -> int:
    import desktop

    print(f"khien {desktop.__version__}")
    return 0

"""The ``khien`` command: headless subcommands go to the CLI (no Qt is imported); with no
subcommand, the GUI opens."""

from __future__ import annotations

import sys

from desktop.cli import COMMANDS


def _first_word(args: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-"):
            skip = "=" not in arg  # every global option takes a value (--data-dir DIR)
        else:
            return arg
    return None


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "--version" in args or "-h" in args or "--help" in args or _first_word(args) in COMMANDS:
        from desktop.cli import main as cli_main

        return cli_main(args)
    from desktop.ui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    raise SystemExit(main())

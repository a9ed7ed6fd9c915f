"""The ``khien`` command: headless subcommands go to the CLI (no Qt is imported); with no
subcommand, the GUI opens."""

from __future__ import annotations

import sys

from desktop.cli import COMMANDS


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    words = [a for a in args if not a.startswith("-")]
    if "--version" in args or "-h" in args or "--help" in args or (words and words[0] in COMMANDS):
        from desktop.cli import main as cli_main

        return cli_main(args)
    from desktop.ui.app import main as gui_main

    return gui_main(args)


if __name__ == "__main__":
    raise SystemExit(main())

"""The frozen program's entry point (PyInstaller): the same as the ``khien`` command."""

from desktop.main import main

if __name__ == "__main__":
    raise SystemExit(main())

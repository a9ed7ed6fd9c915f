"""The PySide6 desktop interface. Nothing under desktop/core may import it."""

from desktop.ui import pyside_fix as _pyside_fix  # noqa: F401  (must run before any window)

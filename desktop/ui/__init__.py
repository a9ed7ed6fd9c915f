"""The PySide6 desktop interface. Nothing under desktop/core may import it."""

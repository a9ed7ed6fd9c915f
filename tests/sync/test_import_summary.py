"""The line an import is told with: each count with its own plural, numbers by the locale."""

from desktop.core.i18n import language_override
from desktop.core.sync.summary import imported_line


def test_one_and_many_in_english():
    with language_override("en"):
        assert imported_line("a.khb", 1, 0) == "a.khb: 1 new revision, 0 conflicts."
        assert imported_line("a.khb", 2000, 1) == "a.khb: 2,000 new revisions, 1 conflict."


def test_vietnamese_has_one_form_and_its_own_grouping():
    with language_override("vi"):
        line = imported_line("a.khb", 2000, 1)
    assert line.startswith("a.khb: 2.000 ") and line.endswith(".")
    assert "revision" not in line and "conflict" not in line

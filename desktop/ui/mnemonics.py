"""Mnemonics (Alt+letter) chosen at run time from a label's translated text, so that no
message needs an "&": only plain ASCII letters (a Vietnamese letter with a diacritic has no
key of its own), the first letters of words first, none twice in one window."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QStackedWidget, QTabBar, QWidget

_MNEMONIC = re.compile(r"&([^&\s])")
_ENTITY = re.compile(r"&#?\w+;")  # in rich text, "&nbsp;" and the like are no mnemonic


def mnemonic_of(text: str) -> str:
    """The letter Alt reaches in *text* (lower case), "" when it has none."""
    found = _MNEMONIC.search(_ENTITY.sub("", text.replace("&&", "")))
    return found.group(1).lower() if found else ""


def _key_positions(text: str) -> list[int]:
    """Where a mnemonic may go in *text*, best first: the first letters of its words, then
    its other letters; only plain ASCII letters (a Vietnamese letter with a diacritic has
    no key of its own on the keyboard)."""
    usable = [i for i, c in enumerate(text) if c.isascii() and c.isalpha()]
    starts = [i for i in usable if i == 0 or not text[i - 1].isalnum()]
    return starts + [i for i in usable if i not in starts]


def choose_keys(texts: list[str], taken: set[str]) -> list[str]:
    """A mnemonic letter for each of *texts*, none in *taken* and no two alike, as many as
    the letters allow ("" for a text left without): the first letters of words are tried
    first, and a text earlier in the list keeps its letter when there are too few."""
    options = [
        [k for k in dict.fromkeys(t[i].lower() for i in _key_positions(t)) if k not in taken]
        for t in texts
    ]
    owner: dict[str, int] = {}

    def place(n: int, seen: set[str]) -> bool:
        """A free letter for text *n*, else one taken from a text that can move to
        another (an augmenting path: a maximal matching)."""
        free = next((key for key in options[n] if key not in owner), None)
        if free is not None:
            owner[free] = n
            return True
        for key in options[n]:
            if key not in seen:
                seen.add(key)
                if place(owner[key], seen):
                    owner[key] = n
                    return True
        return False

    for n in range(len(texts)):
        place(n, set())
    keys = [""] * len(texts)
    for key, n in owner.items():
        keys[n] = key
    return keys


def with_mnemonic(text: str, key: str) -> str:
    """*text* with its "&" before *key* (where ``choose_key`` found it); unchanged when
    *key* is "", not in the text, or the text has an "&" already."""
    if not key or "&" in text:
        return text
    at = next((i for i in _key_positions(text) if text[i].lower() == key), None)
    return text if at is None else text[:at] + "&" + text[at:]


def page_of(widget: QWidget, root: QWidget) -> QWidget | None:
    """The page of a tab (a stacked widget) of *root* that *widget* is on, None outside
    any: widgets on two pages never show together, so they may share a letter."""
    while widget is not root:
        parent = widget.parentWidget()
        if parent is None:
            return None
        if isinstance(parent, QStackedWidget):
            return widget
        widget = parent
    return None


def taken_keys(root: QWidget, page: QWidget | None = None) -> set[str]:
    """The mnemonics *root*'s buttons, tabs, group boxes and labels already use: those
    seen with *page*'s (outside any page, or on it), all of them when *page* is None."""

    def seen(widget: QWidget) -> bool:
        return page is None or page_of(widget, root) in (None, page)

    texts = [b.text() for b in root.findChildren(QAbstractButton) if seen(b)]
    texts += [g.title() for g in root.findChildren(QGroupBox) if seen(g)]
    texts += [
        label.text()
        for label in root.findChildren(QLabel)
        if label.buddy() is not None and seen(label)
    ]
    for tabs in root.findChildren(QTabBar):
        texts += [tabs.tabText(i) for i in range(tabs.count())]
    return {mnemonic_of(t) for t in texts} - {""}

"""Forms that validate as the officer types: each field shows its reason next to it, and
the form's accept button stays disabled until every field is valid. While it is disabled,
the line beside the buttons (``footer``) and the button's tooltip say why: the first
problem, in the form's order, as the core's validation worded it. Required fields carry a
red asterisk after their label, explained by a "* required" note beside the buttons."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import ValidationError
from desktop.core.i18n import _
from desktop.ui import theme
from desktop.ui.mnemonics import choose_keys, mnemonic_of, page_of, taken_keys, with_mnemonic

# A no-break space, not "&nbsp;": the first "&" of a label's text is its mnemonic for Qt.
_MARK = "<span style='color:{colour}'>{space}*</span>"
_ANY_MARK = re.compile(r"<span style='color:#[0-9a-f]{6}'>(\u00a0?)\*</span>")

T = TypeVar("T")
Check = Callable[[], str]  # "" when valid, else the reason in the user's language


def core_check(fn: Callable[[], object]) -> str:
    """Run a core validator; its ValidationError's message is the reason."""
    try:
        fn()
    except ValidationError as exc:
        return exc.message
    return ""


# The account rules live beside the database layer (desktop.core.security.accounts), which
# the sign-in dialog's path does not load: they are imported when a name is first checked.


def username_check(edit: QLineEdit) -> Check:
    def check() -> None:
        from desktop.core.security import accounts

        accounts.check_username(edit.text())

    return lambda: core_check(check)


def password_check(edit: QLineEdit) -> Check:
    def check() -> None:
        from desktop.core.security import accounts

        accounts.check_password_strength(edit.text())

    return lambda: core_check(check)


def password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


_INPUTS = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractItemView,
)


def alert_colour(background: QColor | None = None) -> QColor:
    """The theme's red for refusals and warnings painted by hand (a table item's
    foreground, a span of rich text, a chart): the one that reads on the theme's window,
    or on *background* (a pale status colour that stays light in either theme)."""
    return theme.alert_colour(background)


def tone_colour(tone: str) -> QColor:
    """The theme's colour of a "note" or "caution" for text painted by hand."""
    return theme.tone_colour(tone)


def alert_span(markup: str) -> str:
    """*markup* (rich text, already escaped) in the theme's red, for a label's rich text."""
    return f"<span style='color:{alert_colour().name()}'>{markup}</span>"


def _restyle(widget: QWidget, name: str, value: object) -> None:
    if widget.property(name) != value:
        widget.setProperty(name, value)
        # The sheet matches a dynamic property when it polishes the widget: at its first
        # showing, or here, again, for a widget already shown.
        if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            widget.style().unpolish(widget)
            widget.style().polish(widget)


def set_tone(widget: QWidget, tone: str, bold: bool = False) -> None:
    """Show *widget*'s text as a "note" (grey) or a "caution" (amber) in the theme's
    colours for them ("" for the usual text colour), bold when *bold*."""
    _restyle(widget, theme.TONE_PROPERTY, tone)
    _embolden(widget, bool(tone) and bold)


def set_alert(widget: QWidget, on: bool = True, bold: bool = False) -> None:
    """Show *widget*'s text in the theme's red (``on``), bold when *bold*; the theme's
    style sheet colours it, so it changes with the theme."""
    _restyle(widget, theme.ALERT_PROPERTY, on)
    _embolden(widget, on and bold)


def _embolden(widget: QWidget, bold: bool) -> None:
    if bold or widget.font().bold():
        font = QFont()  # only the weight is set: size and family follow the application
        font.setBold(bold)
        widget.setFont(font)


def spoken(text: str) -> str:
    """A label's text as a screen reader should say it: without the mnemonic "&", the
    rich text of the required asterisk and the trailing colon."""
    if _ANY_MARK.search(text):  # rich text: its "&" is a mnemonic or starts an entity
        text = _ANY_MARK.sub("", text)
        return html.unescape(re.sub(r"&(?!#?\w+;)", "", text)).strip().rstrip(":*").strip()
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(":*").strip()


def _relabelled(label: QLabel) -> tuple[str, Callable[[str], None]] | None:
    """A label that is not a Form's, as a text to find its mnemonic in and the way to
    show it (plain text, or a required field's rich text); None for other rich text."""
    text = label.text()
    if is_marked_required(label):
        plain = html.unescape(_ANY_MARK.sub("", text))
        return plain, lambda key: label.setText(required_caption(with_mnemonic(plain, key)))
    if label.textFormat() == Qt.TextFormat.RichText or "<" in text:
        return None
    return text, lambda key: label.setText(with_mnemonic(text, key))


def _reaches(label: QLabel) -> bool:
    """Whether *label* has a buddy that can take the focus (not a row of notes)."""
    buddy = label.buddy()
    return buddy is not None and buddy.focusPolicy() != Qt.FocusPolicy.NoFocus


def give_mnemonics(dialog: QWidget) -> None:
    """Give the labelled fields of *dialog* an Alt+letter each, chosen at run time from
    the labels' translated text (no message changes): letters of the dialog's buttons,
    tabs and labels that have one are skipped (on its tab: two tabs may share a letter),
    fields shown now come first; Alt+letter focuses the field (its label's buddy)."""
    wanted: list[tuple[QLabel, str, Callable[[str], None]]] = []
    in_forms = set()
    for form in dialog.findChildren(Form):
        for name, label in form.labels.items():
            in_forms.add(id(label))
            if name not in form.keys and _reaches(label) and not mnemonic_of(form.captions[name]):
                wanted.append((label, form.captions[name], partial(form.set_key, name)))
    for label in dialog.findChildren(QLabel):
        if not _reaches(label) or id(label) in in_forms or mnemonic_of(label.text()):
            continue
        found = _relabelled(label)
        if found is not None:
            wanted.append((label, *found))
    pages: dict[int, list[tuple[QLabel, str, Callable[[str], None]]]] = {}
    for entry in sorted(wanted, key=lambda w: not w[0].isVisibleTo(dialog)):  # stable
        pages.setdefault(id(page_of(entry[0], dialog)), []).append(entry)
    outside = pages.pop(id(None), [])
    for group in (outside, *pages.values()):  # the letters outside the tabs first
        if group:
            taken = taken_keys(dialog, page_of(group[0][0], dialog))
            keys = choose_keys([text for _label, text, _show in group], taken)
            for (_label, _text, show), key in zip(group, keys, strict=True):
                if key:
                    show(key)


def first_input(widget: QWidget) -> QWidget:
    """*widget* when it is an input, else the first input it holds (a row of a date and a
    button, say), else *widget*."""
    if isinstance(widget, _INPUTS):
        return widget
    inner = [w for w in widget.findChildren(QWidget) if isinstance(w, _INPUTS)]
    return inner[0] if inner else widget


def name_from(label: QLabel, widget: QWidget) -> None:
    """Give *widget* (or the input it holds) *label*'s text as its accessible name, unless
    it has one, and make it the label's buddy (Alt+letter reaches it)."""
    target = first_input(widget)
    label.setBuddy(target)
    if not target.accessibleName():
        name = spoken(label.text())
        if name:
            target.setAccessibleName(name)


def name_fields(root: QWidget) -> None:
    """Name the inputs of *root* from their labels: every label with a buddy, and every
    row of its form layouts (a field given as a layout or a holder widget too)."""
    for form in root.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or not isinstance(label.widget(), QLabel):
                continue
            widget = field.widget()
            if widget is None and field.layout() is not None:
                inside = [field.layout().itemAt(i).widget() for i in range(field.layout().count())]
                widget = next((w for w in inside if w is not None), None)
            if widget is not None:
                name_from(label.widget(), widget)  # type: ignore[arg-type]
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and not buddy.accessibleName():
            name_from(label, buddy)
    if isinstance(root, QDialog):  # a page's Alt+letters belong to the main window's menus
        give_mnemonics(root)


def _mark(palette: QPalette | None = None, space: str = "\u00a0") -> str:
    background = None if palette is None else palette.color(QPalette.ColorRole.Window)
    return _MARK.format(colour=alert_colour(background).name(), space=space)


def required_caption(text: str) -> str:
    """*text* (a field's label, its mnemonic "&" kept) with the red asterisk of a required
    field, as rich text."""
    if "&&" in text or text.count("&") != 1:
        return html.escape(text) + _mark()
    before, after = text.split("&")
    return html.escape(before) + "&" + html.escape(after) + _mark()


class Caption(QLabel):
    """A field's label whose required asterisk takes the new theme's red (rich text has
    no style sheet to follow)."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        text = self.text()
        if event.type() == QEvent.Type.PaletteChange and _ANY_MARK.search(text):
            self.setText(_ANY_MARK.sub(lambda m: _mark(self.palette(), m.group(1)), text))


def required_label(text: str) -> QLabel:
    """A label marked as required, for a form that does not use ``Form``."""
    label = Caption(required_caption(text))
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def is_marked_required(label: QLabel) -> bool:
    found = list(_ANY_MARK.finditer(label.text()))
    return bool(found) and found[-1].end() == len(label.text())


class ReasonLine(QLabel):
    """Why the form's button is disabled: one sentence, hidden when there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_reason")
        set_alert(self)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def say(self, reason: str) -> None:
        self.setText(reason)
        self.setVisible(bool(reason))


def required_legend() -> QLabel:
    legend = Caption(_mark(space="") + " " + html.escape(_("required")))
    legend.setObjectName("required_legend")
    legend.setStyleSheet("color: palette(window-text);")
    return legend


def say_why(buttons: list[QPushButton], line: ReasonLine | None, reason: str) -> None:
    """Enable *buttons* when *reason* is empty; else disable them and show *reason* on the
    line and as their tooltip (for dialogs that enable their buttons themselves)."""
    for button in buttons:
        button.setEnabled(not reason)
        button.setToolTip(reason)
    if line is not None:
        line.say(reason)


class _Field:
    def __init__(self, name: str, widget: QWidget, check: Check | None, error: QLabel):
        self.name, self.widget, self.check, self.error = name, widget, check, error
        self.touched = False
        self.server_error = ""


class Form(QObject):
    """Fields in a QFormLayout, each with a reason label under it."""

    validity_changed = Signal(bool)

    def __init__(self, layout: QFormLayout, accept: QPushButton | None = None):
        super().__init__(layout)
        self.layout = layout
        self.accept = accept
        self.buttons: list[QPushButton] = [accept] if accept is not None else []
        self.fields: dict[str, _Field] = {}
        self.labels: dict[str, QLabel] = {}
        self.captions: dict[str, str] = {}
        self.required: set[str] = set()
        self.keys: dict[str, str] = {}  # name → its label's mnemonic letter
        self.reason_line: ReasonLine | None = None
        self.blocked = ""  # a reason the buttons stay disabled whatever the fields hold
        self.whole: Callable[[], Mapping[str, str]] | None = None  # check_whole's check

    def add(
        self,
        name: str,
        label: str,
        widget: QWidget,
        check: Check | None = None,
        *,
        required: bool = False,
    ) -> QWidget:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        error = QLabel()
        error.setObjectName(f"error_{name}")
        set_alert(error)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        caption = Caption()
        self.labels[name] = caption
        self.captions[name] = label
        if required:
            self.required.add(name)
        self._caption(name)
        name_from(caption, widget)
        self.layout.addRow(caption, holder)
        field = _Field(name, widget, check, error)
        self.fields[name] = field
        self._connect(field)
        return widget

    def _connect(self, field: _Field) -> None:
        def edited() -> None:
            field.touched = True
            field.server_error = ""
            self.validate()

        w = field.widget
        if isinstance(w, QLineEdit):
            w.textEdited.connect(edited)
        elif isinstance(w, QPlainTextEdit):
            w.textChanged.connect(edited)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(edited)

    def set_key(self, name: str, key: str) -> None:
        """Show the field's label with *key* as its mnemonic (``give_mnemonics``)."""
        self.keys[name] = key
        self._caption(name)

    def _caption(self, name: str) -> None:
        label = self.labels[name]
        text = with_mnemonic(self.captions[name], self.keys.get(name, ""))
        if name in self.required:
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setText(required_caption(text))
        else:
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(text)
        buddy = label.buddy()
        if buddy is not None:  # a caption changed (a kind of event's own words): its name too
            buddy.setAccessibleName(spoken(text))

    def set_label(self, name: str, text: str) -> None:
        self.captions[name] = text
        self._caption(name)

    def set_required(self, names: set[str] | list[str] | tuple[str, ...]) -> None:
        """Mark exactly *names* as required (e.g. the fields the core refuses empty)."""
        self.required = {n for n in names if n in self.fields}
        for name in self.fields:
            self._caption(name)

    def add_button(self, button: QPushButton) -> None:
        """Another button enabled only while the form is valid (as the accept button)."""
        self.buttons.append(button)

    def block(self, reason: str) -> None:
        """Keep the buttons disabled for *reason* (one sentence; "" lifts it)."""
        self.blocked = reason
        self.validate()

    def check_whole(self, check: Callable[[], Mapping[str, str]]) -> None:
        """Check every field at once: *check* gives the reasons by field name (a field
        missing from it is fine), asked once per validation rather than once per field (a
        core check of the whole record, as the officer types). A field's own check, where
        it has one, is asked instead."""
        self.whole = check

    def _reasons(self) -> list[tuple[_Field, str]]:
        """Each field with its current reason ("" for none), in the form's order."""
        whole = self.whole() if self.whole is not None else {}
        return [
            (f, f.server_error or (f.check() if f.check else whole.get(f.name, "")))
            for f in self.fields.values()
        ]

    def problems(self) -> list[tuple[str, str]]:
        """Every field's current reason, in the form's order (touched or not)."""
        return [(field.name, reason) for field, reason in self._reasons() if reason]

    def why_not(self) -> str:
        """Why the form cannot be accepted now ("" when it can)."""
        if self.blocked:
            return self.blocked
        found = self.problems()
        return found[0][1] if found else ""

    def set_error(self, name: str, message: str) -> None:
        """Show a refusal that came from the core for one field."""
        field = self.fields[name]
        field.server_error = message
        field.touched = True
        self.validate()

    def submit(self, parent: QWidget, action: Callable[[], T]) -> T | None:
        """Run a core call for the form: a refusal about one of its fields is shown next to
        that field, any other refusal as a message; returns None when refused."""
        from desktop.core.errors import KhienError
        from desktop.ui import texts

        try:
            return action()
        except ValidationError as exc:
            if exc.field in self.fields:
                self.set_error(exc.field, exc.message)
            else:
                texts.show_error(parent, exc.message)
        except KhienError as exc:
            texts.show_error(parent, exc.message)
        return None

    def error_of(self, name: str) -> str:
        error = self.fields[name].error
        return "" if error.isHidden() else error.text()

    def validate(self) -> bool:
        first = ""
        for field, reason in self._reasons():
            first = first or reason
            shown = reason if field.touched else ""
            field.error.setText(shown)
            field.error.setVisible(bool(shown))
            # A screen reader says why the field is refused, after its name.
            first_input(field.widget).setAccessibleDescription(shown)
        ok = not first
        say_why(self.buttons, self.reason_line, self.blocked or first)
        self.validity_changed.emit(ok)
        return ok

    def footer(self, buttons: QWidget | QLayout, left: QWidget | None = None) -> QWidget:
        """The row under the form: the reason line above; the "* required" note (when a
        field is required), *left* and the *buttons* below."""
        self.reason_line = ReasonLine()
        return footer(buttons, self.reason_line, left, legend=bool(self.required))


def footer(
    buttons: QWidget | QLayout,
    line: ReasonLine | None,
    left: QWidget | None = None,
    *,
    legend: bool = True,
) -> QWidget:
    """Buttons with the reason line above them and the "* required" note at their left."""
    holder = QWidget()
    holder.setObjectName("form_footer")
    box = QVBoxLayout(holder)
    box.setContentsMargins(0, 0, 0, 0)
    if line is not None:
        box.addWidget(line)
    row = QHBoxLayout()
    if left is not None:
        row.addWidget(left)
    if legend:
        row.addWidget(required_legend())
    row.addStretch(1)
    if isinstance(buttons, QLayout):
        row.addLayout(buttons)
    else:
        row.addWidget(buttons)
    box.addLayout(row)
    return holder

"""A thread renders in another language for a while (a report in English on a worker
thread) while the application and every other thread keep theirs."""

from __future__ import annotations

import datetime as dt
import threading

from desktop.core import i18n
from desktop.core.i18n import _, language_override, ngettext

MSG = "Recipients:"  # translated in the shipped catalog: "Nơi nhận:"


def _snapshot() -> dict[str, str]:
    return {
        "lang": i18n.language(),
        "msg": _(MSG),
        "plural": ngettext("{n} event", "{n} events", 2),
        "number": i18n.format_number(1234567.5),
        "money": i18n.format_money(1500000),
        "date": i18n.format_date(dt.date(2026, 2, 5)),
        "place": i18n.format_place_date("Lạng Sơn", dt.date(2026, 2, 5)),
    }


def test_override_switches_everything_and_restores():
    assert i18n.language() == "vi"
    vi = _snapshot()
    assert vi["msg"] == "Nơi nhận:"
    assert vi["number"] == "1.234.567,5"
    assert vi["place"] == "Lạng Sơn, ngày 05 tháng 02 năm 2026"
    with language_override("en") as lang:
        assert lang == "en"
        en = _snapshot()
    assert en["lang"] == "en"
    assert en["msg"] == "Recipients:"
    assert en["number"] == "1,234,567.5"
    assert en["money"] == "1,500,000\u00a0₫"
    assert en["place"] == "Lạng Sơn, 5 February 2026"
    assert en["date"] == "05/02/2026"
    assert _snapshot() == vi


def test_overrides_nest_and_unknown_falls_back():
    with language_override("en"):
        with language_override("vi"):
            assert _(MSG) == "Nơi nhận:"
        assert _(MSG) == "Recipients:"
        with language_override("fr"):
            assert i18n.language() == "vi"
    assert i18n.language() == "vi"


def test_override_restored_after_an_exception():
    try:
        with language_override("en"):
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert i18n.language() == "vi" and _(MSG) == "Nơi nhận:"


def test_other_threads_are_not_affected():
    inside = threading.Event()
    release = threading.Event()
    seen: dict[str, dict[str, str]] = {}

    def worker() -> None:
        with language_override("en"):
            seen["worker"] = _snapshot()
            inside.set()
            release.wait(10)
            seen["worker_after"] = _snapshot()

    t = threading.Thread(target=worker)
    t.start()
    assert inside.wait(10)
    main_during = _snapshot()  # the GUI thread while the worker renders in English
    release.set()
    t.join(10)
    assert main_during["lang"] == "vi" and main_during["msg"] == "Nơi nhận:"
    assert main_during["number"] == "1.234.567,5"
    assert seen["worker"]["lang"] == "en" and seen["worker"]["msg"] == "Recipients:"
    assert seen["worker_after"] == seen["worker"]


def test_a_new_thread_follows_the_application_language():
    seen: list[str] = []
    with language_override("en"):
        t = threading.Thread(target=lambda: seen.append(_(MSG)))
        t.start()
        t.join(10)
    assert seen == ["Nơi nhận:"]

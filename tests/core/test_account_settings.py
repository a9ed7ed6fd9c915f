"""Each officer's own settings (issue 17 point 6): kept in the profile per account, checked
with one sentence per field, a refusal changing nothing, a damaged stored value read as the
defaults; the signer defaults taken by the report header where the saved one has none."""

from __future__ import annotations

import dataclasses
import json

import pytest

from desktop.core import account_settings, profile
from desktop.core.account_settings import DEFAULTS, AccountSettings
from desktop.core.errors import ValidationError
from desktop.core.reports import service


def _other(p: profile.OpenProfile) -> profile.OpenProfile:
    user = dataclasses.replace(p.user, account_id="another-account", username="canbo2")
    return dataclasses.replace(p, user=user)


MINE = AccountSettings(
    signer_name="  Hoàng   Văn Bình ",
    signer_title="Trưởng ban",
    signer_authority="KT. TRƯỞNG BAN",
    suppress_below=10,
    hide_small_counts=True,
    text_size=130,
    theme="high_contrast",
)


def test_defaults_before_anything_is_saved(province):
    assert account_settings.load(province) == DEFAULTS
    assert DEFAULTS.text_size == 100 and DEFAULTS.theme == "light"
    assert DEFAULTS.suppress_below == 0 and not DEFAULTS.hide_small_counts


def test_saved_per_account_in_the_local_settings(province):
    kept = account_settings.save(province, MINE)
    assert kept.signer_name == "Hoàng Văn Bình"  # spaces tidied
    assert account_settings.load(province) == kept
    key = account_settings.setting_key(province.user.account_id)
    assert json.loads(profile.get_setting(province, key))["theme"] == "high_contrast"
    # Another account of the same profile sees none of it, and keeps its own.
    other = _other(province)
    assert account_settings.load(other) == DEFAULTS
    account_settings.save(other, AccountSettings(text_size=150))
    assert account_settings.load(province) == kept
    assert account_settings.load(province, "another-account").text_size == 150


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"signer_name": "x" * 201}, "signer_name"),
        ({"signer_title": "x" * 201}, "signer_title"),
        ({"signer_authority": "x" * 201}, "signer_authority"),
        ({"suppress_below": 1}, "suppress_below"),
        ({"suppress_below": -1}, "suppress_below"),
        ({"suppress_below": service.MAX_SUPPRESSION + 1}, "suppress_below"),
        ({"text_size": 120}, "text_size"),
        ({"theme": "dark"}, "theme"),
    ],
)
def test_a_refused_value_is_one_sentence_and_changes_nothing(province, change, field):
    account_settings.save(province, MINE)
    before = account_settings.load(province)
    with pytest.raises(ValidationError) as refused:
        account_settings.save(province, dataclasses.replace(MINE, **change))
    assert refused.value.field == field
    message = refused.value.message
    assert message.endswith(".") and message.count(". ") == 0
    assert account_settings.load(province) == before


def test_limits_are_accepted(province):
    edge = AccountSettings(signer_name="x" * 200, suppress_below=service.MAX_SUPPRESSION)
    assert account_settings.save(province, edge).signer_name == "x" * 200
    assert account_settings.save(province, AccountSettings(suppress_below=2)).suppress_below == 2


@pytest.mark.parametrize(
    "raw",
    ["{not json", "[1, 2]", '"text"', "null", ""],
)
def test_an_unreadable_stored_value_is_read_as_the_defaults(province, raw):
    profile.set_setting(province, account_settings.setting_key(province.user.account_id), raw)
    assert account_settings.load(province) == DEFAULTS


def test_a_bad_field_is_read_as_its_default_and_the_rest_kept(province):
    stored = {
        "signer_name": "Hoàng Văn Bình",
        "suppress_below": "ten",
        "hide_small_counts": "yes",
        "text_size": 999,
        "theme": "high_contrast",
        "unknown": 1,
    }
    key = account_settings.setting_key(province.user.account_id)
    profile.set_setting(province, key, json.dumps(stored))
    got = account_settings.load(province)
    assert got == AccountSettings(signer_name="Hoàng Văn Bình", theme="high_contrast")


def test_the_report_header_takes_the_signer_defaults(province):
    built_in = service.load_header(province, "period")
    account_settings.save(province, MINE)
    header = service.load_header(province, "period")
    assert (header.signer_name, header.signer_title, header.signer_authority) == (
        "Hoàng Văn Bình",
        "Trưởng ban",
        "KT. TRƯỞNG BAN",
    )
    assert header.agency == built_in.agency  # nothing else changes
    assert service.load_header(province, "campaign").signer_name == "Hoàng Văn Bình"
    # A case's records are signed by the officer who prints them.
    assert service.load_header(province, "reception").signer_name == province.user.full_name
    # Another officer of the same office does not get them.
    assert service.load_header(_other(province), "period") == built_in


def test_a_saved_header_wins_where_it_has_a_signer(province):
    account_settings.save(province, MINE)
    saved = dataclasses.replace(
        service.load_header(province, "period"),
        signer_name="Lý Thị Hoa",
        signer_title="Phó trưởng ban",
        signer_authority="",
    )
    service.save_header(province, "period", saved)
    header = service.load_header(province, "period")
    assert (header.signer_name, header.signer_title) == ("Lý Thị Hoa", "Phó trưởng ban")
    assert header.signer_authority == "KT. TRƯỞNG BAN"  # the saved header had none

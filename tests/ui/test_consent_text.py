"""The consent in force in one sentence: who gave it reads as a value, not mid-sentence."""

import datetime as dt

from desktop.core.cases.steps import Consent
from desktop.core.i18n import language_override
from desktop.ui.pages.case_consent import consent_text


def test_the_sentence_in_both_languages():
    by_person = Consent(True, False, dt.date(2025, 9, 2), "person", "")
    by_mother = Consent(False, True, dt.date(2025, 9, 2), "representative", "Lý Thị Mai")
    with language_override("en"):
        assert consent_text(by_person) == (
            "In force since 02/09/2025; given by: The person; referral: yes, sharing: no."
        )
        assert "given by: Their legal representative (Lý Thị Mai);" in consent_text(by_mother)
        assert consent_text(None) == "No consent recorded."
    with language_override("vi"):
        assert consent_text(by_person).startswith("Có hiệu lực từ 02/09/2025; người đồng ý: ")

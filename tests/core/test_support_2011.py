"""Support under the old law (Law 66/2011/QH12, Art. 32) is stored with its own codes: a
case identified before 1 July 2025 keeps that law's six types (``rules.propose_regime``)."""

import datetime as dt

from desktop.core.cases import records, rules, views
from desktop.core.security.roles import Role
from tests.core.cases_helpers import as_role, identify, receive


def test_a_case_of_the_old_law_records_its_support_types(province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(officer, on=dt.date(2025, 3, 2))
    identify(officer, cid, dt.date(2025, 3, 4))
    assert rules.propose_regime(dt.date(2025, 3, 2), dt.date(2025, 3, 4)) == "2011"
    for code in ("11a", "11dd"):  # "đ) General education and vocational training support"
        records.add_support(officer, cid, records.SupportInput(code, dt.date(2025, 3, 5), 100_000))
    assert [e.support_type for e in views.get_case(officer, cid).support] == ["11a", "11dd"]

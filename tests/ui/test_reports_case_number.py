"""The case summary's number in the case window: the number “Print case summary…” will give
is offered before printing (the next of the office's series of reports, nothing taken),
printing gives it, and the case then shows the number it holds, which a re-print keeps."""

from __future__ import annotations

import datetime as dt

from desktop.core.i18n import _
from desktop.core.reports import numbers, service
from desktop.core.security.roles import Role
from desktop.ui.pages.case_dialog import CaseDialog
from tests.core.cases_helpers import receive
from tests.ui.cases_ui import as_role

YEAR = dt.date.today().year


def _open(qtbot, opened, case_id: str) -> CaseDialog:
    dlg = CaseDialog(opened, case_id)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def test_the_summary_number_is_offered_then_kept(qtbot, province):
    officer = as_role(province, Role.PROVINCIAL_OFFICER)
    cid = receive(officer)
    numbers.take(officer, "period", YEAR, 4, "period:x")  # the reports' series is shared
    abbr = numbers.abbreviation(service.load_header(officer, "case").agency)
    case = _open(qtbot, officer, cid)
    offered = f"05/BC-{abbr}"
    text = case.records_list.toPlainText()
    assert (
        _("Case summary: printing it gives No. {number}, the next of the series.").format(
            number=offered
        )
        in text
    )
    assert numbers.next_number(officer, "case", YEAR) == 5  # offering takes nothing

    case.print_summary.click()
    qtbot.waitUntil(lambda: case.preview is not None, timeout=30_000)
    assert numbers.taken(officer, "case", YEAR)[5] == f"case:{cid}"
    case.preview.close()
    case.reload()
    assert (
        _("Case summary: No. {number} (printing it again keeps this number).").format(
            number=offered
        )
        in case.records_list.toPlainText()
    )
    assert service.summary_number(officer, cid) == (offered, True)

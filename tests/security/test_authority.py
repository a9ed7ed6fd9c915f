"""A hostile commune laptop can change at the province nothing beyond its own office's
records (DESIGN.md §5a): each attack is made with the app's own session on the laptop's
profile, then exported normally; the province refuses the whole bundle, says why in one
sentence, writes an audit line and flags the laptop."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desktop import cli
from desktop.core.db.models import Account, AuditEvent, Office, OutreachEvent, ReferenceItem
from desktop.core.db.models_sync import Peer
from desktop.core.i18n import _
from desktop.core.sync import authority, bundle, exchange, node, receipts
from desktop.core.sync.keys import NodeKeys
from tests.conftest import ADMIN, PASSWORD
from tests.security.conftest import OFFICER_PASSWORD
from tests.table_digest import table_digest


def digest(p) -> str:
    """Every table of a profile but the record of refused imports (their audit line, the
    sender's flag): a refused bundle must leave this unchanged."""
    with p.db.engine.connect() as c:
        return table_digest(
            c,
            {
                "audit_events": " WHERE action != 'bundle.refused'",
                "settings": " WHERE key != 'sync.flags'",
            },
        )


def refused(chain, path) -> str:
    """Import *path* at the province, expecting a refusal that changes nothing."""
    before = digest(chain.province)
    with pytest.raises(authority.Violation) as caught:
        exchange.import_bundle(chain.province, path)
    assert digest(chain.province) == before
    message = caught.value.message
    assert "\n" not in message and message.endswith(".")
    with chain.province.db.session() as s:
        line = (
            s.execute(
                select(AuditEvent)
                .where(AuditEvent.action == "bundle.refused")
                .order_by(AuditEvent.seq.desc())
            )
            .scalars()
            .first()
        )
        assert line is not None and json.loads(line.details)["reason"] == message
        flags = authority.flags(s)
    assert chain.laptop.node.node_id in flags
    return message


def test_the_province_administrator_cannot_be_deactivated_from_a_laptop(chain):
    with chain.laptop.db.session() as s:  # the province's account, as the laptop holds it
        admin = s.execute(select(Account).where(Account.username == ADMIN)).scalar_one()
        admin.active, admin.role = False, "commune_officer"
    message = refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)
    assert _("an account") in message
    with chain.province.db.session() as s:
        admin = s.execute(select(Account).where(Account.username == ADMIN)).scalar_one()
        assert admin.active and admin.role == "provincial_admin"


@pytest.mark.parametrize("table", ["offices", "reference_items"])
def test_offices_and_reference_lists_are_changed_only_by_the_province(chain, table):
    model = {"offices": Office, "reference_items": ReferenceItem}[table]
    with chain.laptop.db.session() as s:
        row = s.execute(select(model).limit(1)).scalar_one()
        row.name = "Đổi tên trái phép"
    refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)


def test_a_laptop_cannot_write_another_communes_events(chain):
    other_office = chain.other.node.office_id
    with chain.laptop.db.session() as s:
        s.add(
            OutreachEvent(
                kind="talk", title="Sự kiện giả của xã khác", held_on=dt.date(2026, 7, 1),
                office_id=other_office,
            )
        )  # fmt: skip
    message = refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)
    assert _("an outreach event") in message


def test_a_laptop_cannot_take_over_an_event_of_another_commune(chain):
    with chain.other.db.session() as s:
        s.add(OutreachEvent(kind="talk", title="Của Tân Thanh", held_on=dt.date(2026, 7, 2)))
    exchange.import_bundle(chain.province, exchange.export_bundle(chain.other, chain.stick).path)
    # The insider learns the row (e.g. from a copied bundle) and claims it for its office.
    with chain.province.db.session() as s:
        theirs = s.execute(
            select(OutreachEvent).where(OutreachEvent.title == "Của Tân Thanh")
        ).scalar_one()
        stolen = {c.key: getattr(theirs, c.key) for c in OutreachEvent.__table__.columns}
    with chain.laptop.db.session() as s:
        s.info["sync_passthrough"] = True  # stored as it came, then edited by the app
        s.add(OutreachEvent(**stolen))
    with chain.laptop.db.session() as s:
        row = s.get(OutreachEvent, stolen["id"])
        row.title, row.office_id = "Đã bị sửa", chain.laptop.node.office_id
    refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)


def test_an_officer_may_send_up_a_new_password_and_nothing_else(chain):
    chain.laptop.change_password(OFFICER_PASSWORD, "mat-khau-moi-99")
    exchange.import_bundle(chain.province, exchange.export_bundle(chain.laptop, chain.stick).path)
    with chain.laptop.db.session() as s:
        mine = s.get(Account, chain.laptop.user.account_id)
        expected = mine.password_hash
        mine.role = "provincial_admin"  # and now the role too
    with chain.province.db.session() as s:
        assert s.get(Account, chain.laptop.user.account_id).password_hash == expected
    refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)
    with chain.province.db.session() as s:
        assert s.get(Account, chain.laptop.user.account_id).role == "commune_officer"


def _receipt_from(sender, receiver, *, revoked: str, rogue: str, seq: int) -> bytes:
    """A receipt-kind bundle signed with *sender*'s own keys for *receiver*, revoking
    *revoked* and asking it to trust a new key *rogue*."""
    with sender.db.session() as s:
        keys = node.ensure_keys(s)
    with receiver.db.session() as s:
        recipient = node.ensure_keys(s).public.age_recipient
    other = NodeKeys.generate(rogue)
    manifest = {
        "kind": receipts.KIND, "bundle_id": f"01900000-0000-7000-8000-0000000000{seq:02d}",
        "origin_node": keys.node_id, "province_code": 20, "schema_revision": "0005_natural_keys",
        "app_version": "0.1.0", "author": "x", "created": "2026-12-01T00:00:00", "seq": seq,
        "prev_hash": "", "change_range": [0, 0], "acks": {}, "counts": {}, "revoked": [revoked],
        "peers": [{"node_id": rogue, "name": "Máy lạ", "office_id": "",
                   "sign_public": other.public.sign_public,
                   "age_recipient": other.public.age_recipient}],
    }  # fmt: skip
    return bundle.pack(manifest, [], keys, [recipient])


def test_a_receipt_signed_by_a_laptop_is_refused_and_trusts_nothing(chain):
    path = chain.stick / "forged.khb"
    path.write_bytes(
        _receipt_from(chain.laptop, chain.province, revoked=chain.other.node.node_id,
                      rogue="01900000-0000-7000-8000-00000000dead", seq=9)
    )  # fmt: skip
    refused(chain, path)
    with chain.province.db.session() as s:
        assert s.get(Peer, chain.other.node.node_id).revoked is False
        assert s.get(Peer, "01900000-0000-7000-8000-00000000dead") is None


def test_only_the_province_enrols_and_revokes_through_a_receipt(tree):
    """An area office above a commune may send it receipts, but the offices it trusts and
    the revocations it carries take effect only when the province signed them."""
    province, area, commune, stick = tree
    rogue = "01900000-0000-7000-8000-00000000beef"
    path = stick / "area-receipt.khb"
    path.write_bytes(
        _receipt_from(area, commune, revoked=commune.node.node_id, rogue=rogue, seq=50)
    )
    exchange.import_bundle(commune, path)  # an office above may send receipts
    with commune.db.session() as s:
        assert not receipts.is_revoked(s), "an area office cannot lock a laptop"
        assert s.get(Peer, rogue) is None, "nor make it trust a key"
    # The province's own receipt does revoke.
    receipts.revoke(province, commune.node.node_id)
    exchange.import_bundle(
        commune, receipts.export_receipt(province, commune.node.node_id, stick).path
    )
    with commune.db.session() as s:
        assert receipts.is_revoked(s)


def test_the_refusal_is_one_line_and_the_laptop_is_flagged_in_the_cli(
    chain, capsys, monkeypatch, data_dir
):
    with chain.laptop.db.session() as s:
        admin = s.execute(select(Account).where(Account.username == ADMIN)).scalar_one()
        admin.active = False
    path = exchange.export_bundle(chain.laptop, chain.stick).path
    chain.province.close()
    monkeypatch.setenv("KHIEN_PASSWORD", PASSWORD)
    args = ["--lang", "en", "bundle", "import", "--data-dir", str(data_dir), "--user", ADMIN]
    assert cli.main([*args, str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(str(path)) and "an account" in err[0]
    nodes = ["--lang", "en", "bundle", "nodes", "--data-dir", str(data_dir), "--user", ADMIN]
    assert cli.main(nodes) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "Thất Khê" in ln)
    assert "tried to change what it may not" in line


def test_a_laptop_cannot_enter_figures_of_other_bodies(chain):
    """The police's figures are the province's to enter (DESIGN.md §5a, first row): a
    laptop writing one with its own session is refused whole."""
    from desktop.core.db.models_figures import OtherBodyFigure

    with chain.laptop.db.session() as s:
        s.add(
            OtherBodyFigure(
                figure="cases_detected", period_start=dt.date(2026, 1, 1),
                period_end=dt.date(2026, 6, 30), value=999, source_body="Công an tỉnh",
                source_date=dt.date(2026, 7, 5),
            )
        )  # fmt: skip
    message = refused(chain, exchange.export_bundle(chain.laptop, chain.stick).path)
    assert _("a figure reported by another body") in message

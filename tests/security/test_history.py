"""History cannot be rewritten unseen: the province keeps what each laptop sent (its audit
chain and its chain of bundles) and refuses a bundle that does not extend it, flagging the
laptop "history rewritten"."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from desktop.core.db.models import AuditEvent
from desktop.core.security import audit
from desktop.core.sync import authority, bundle, exchange, node
from tests.security.test_authority import digest


def _send(chain) -> None:
    exchange.import_bundle(chain.province, exchange.export_bundle(chain.laptop, chain.stick).path)


def _unlock_audit(laptop) -> None:
    with laptop.db.session() as s:  # the insider removes the append-only guard
        s.execute(text("DROP TRIGGER audit_events_no_update"))
        s.execute(text("DROP TRIGGER audit_events_no_delete"))


def _refused_as_rewritten(chain) -> None:
    path = exchange.export_bundle(chain.laptop, chain.stick).path
    before = digest(chain.province)
    with pytest.raises(authority.Violation) as caught:
        exchange.import_bundle(chain.province, path)
    assert caught.value.reason == authority.HISTORY_REWRITTEN
    assert digest(chain.province) == before
    with chain.province.db.session() as s:
        flag = authority.flags(s)[chain.laptop.node.node_id]
    assert flag["reason"] == authority.HISTORY_REWRITTEN
    assert authority.flag_text(flag["reason"]) in (
        "history rewritten", "lịch sử bị viết lại"
    )  # fmt: skip


def _laptop_lines(laptop) -> list[AuditEvent]:
    with laptop.db.session() as s:
        q = select(AuditEvent).where(AuditEvent.node_id == laptop.node.node_id)
        return list(s.execute(q.order_by(AuditEvent.seq)).scalars())


def test_deleting_the_tail_of_the_audit_log_is_refused(chain):
    for n in range(3):
        chain.laptop.audit("case.identity.read", "case", f"case-{n}")
    _send(chain)
    head = _laptop_lines(chain.laptop)[-1].seq
    _unlock_audit(chain.laptop)
    with chain.laptop.db.session() as s:  # the last three reads disappear…
        s.execute(
            text("DELETE FROM audit_events WHERE node_id = :n AND seq > :s"),
            {"n": chain.laptop.node.node_id, "s": head - 3},
        )
    chain.laptop.audit("login")  # …and the log goes on as if they never happened
    _refused_as_rewritten(chain)


def test_rewriting_the_tail_with_recomputed_hashes_is_refused(chain):
    for n in range(3):
        chain.laptop.audit("case.identity.read", "case", f"case-{n}")
    _send(chain)
    lines = _laptop_lines(chain.laptop)
    _unlock_audit(chain.laptop)
    start = lines[-3]
    with chain.laptop.db.session() as s:
        prev = lines[-4].hash
        for ev in lines[-3:]:  # every line from there on rewritten, hashes recomputed
            row = s.get(AuditEvent, ev.id)
            row.target_id = "something-else"
            row.prev_hash = prev
            row.hash = audit._line_hash(prev, audit._fields(row))
            prev = row.hash
    with chain.laptop.db.session() as s:
        assert audit.verify(s, chain.laptop.node.node_id).ok, "the chain itself verifies"
        assert s.get(AuditEvent, start.id).target_id == "something-else"
    chain.laptop.audit("login")
    # The laptop resends from the start of its log (as if no receipt had come back).
    _refused_as_rewritten(chain)


def test_a_bundle_that_forks_from_an_earlier_one_is_refused(chain):
    chain.laptop.audit("login")
    first = exchange.export_bundle(chain.laptop, chain.stick)
    exchange.import_bundle(chain.province, first.path)
    chain.laptop.audit("login")
    exchange.import_bundle(chain.province, exchange.export_bundle(chain.laptop, chain.stick).path)
    with chain.laptop.db.session() as s:
        keys = node.ensure_keys(s)
    with chain.province.db.session() as s:
        to_province = node.ensure_keys(s).public.age_recipient
    opened = bundle.open_bundle(
        first.path.read_bytes(), chain_identity(chain), lambda _n: keys.public,
        province_code=20, known_schema=lambda _r: True,
    )  # fmt: skip
    forged = dict(
        opened.manifest,
        seq=opened.manifest["seq"] + 5,
        bundle_id="01900000-0000-7000-8000-0000000000f0",
    )
    forged["prev_hash"] = ""  # "nothing came before": the history is started again
    path = chain.stick / "forked.khb"
    path.write_bytes(bundle.pack(forged, opened.records, keys, [to_province]))
    with pytest.raises(authority.Violation) as caught:
        exchange.import_bundle(chain.province, path)
    assert caught.value.reason == authority.HISTORY_REWRITTEN


def chain_identity(chain) -> str:
    with chain.province.db.session() as s:
        return node.ensure_keys(s).age_identity

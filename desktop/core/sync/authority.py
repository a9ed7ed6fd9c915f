"""Who may change what, checked for every imported row before anything is applied.

A signature says who sent a bundle, not what that office may change (DESIGN.md §5a). The
rule for every synced table lives here, and nowhere else:

==========================================  =====================  ======================
data                                        changed by             arrives
==========================================  =====================  ======================
accounts, roles, offices, node keys,        the province (an area  only from above
enrolments, revocations, reference lists,   office relays)         (``receipt`` bundles)
plans and tasks, figures of other bodies
an officer's own password hash              that officer           from below: that field
                                                                   of that account only
outreach events, persons, cases and every   the owning office, or  from below for rows the
row hanging off a case (steps, support,     an office under it     sender's subtree owns;
shelter, referral, follow-up, notes,        (relay); corrected by  from above as
responsible agencies), event attachments    the offices above      corrections
audit lines                                 each node, append-only from below; extending
                                                                   the chain held here
==========================================  =====================  ======================

A bundle's kind fixes its direction: ``changes`` only from an enrolled office below,
``receipt`` only from an office above. Offices trusted, enrolments and revocations that a
receipt carries take effect only when the province itself signed it. One row outside the
sender's authority refuses the whole bundle (``Violation``): the importer records it in
the audit log and flags the sender.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core import validation
from desktop.core.db import settings
from desktop.core.db.base import synced_models, utcnow
from desktop.core.db.models import (
    DEMO_SETTING,
    AuditEvent,
    Office,
    ReceptionCase,
    Setting,
)
from desktop.core.db.models_sync import Bundle, Peer, Revision
from desktop.core.i18n import _
from desktop.core.profile import OpenProfile
from desktop.core.security import audit
from desktop.core.sync import node, records
from desktop.core.sync.bundle import BundleRefused

UPWARD_KINDS = frozenset({"changes"})
DOWNWARD_KINDS = frozenset({"receipt"})

# Changed only by the province, sent down in setup packages and receipts (DESIGN.md §5a,
# first row); the responsible agency of each case step is a province-wide setting.
PROVINCE_TABLES = frozenset(
    {
        "reference_items",
        "offices",
        "accounts",
        "campaign_plans",
        "plan_tasks",
        "case_step_assignments",
        "other_body_figures",
    }
)
# The one field an officer changes on their laptop and sends up.
OWN_ACCOUNT_FIELDS = frozenset({"password_hash"})
# Rows owned through another row: (table, column naming the owning row, its table).
OWNED_THROUGH = {
    "event_attachments": ("event_id", "outreach_events"),
    "case_transitions": ("case_id", "reception_cases"),
    "support_entries": ("case_id", "reception_cases"),
    "shelter_stays": ("case_id", "reception_cases"),
    "referrals": ("case_id", "reception_cases"),
    "follow_ups": ("case_id", "reception_cases"),
    "case_notes": ("case_id", "reception_cases"),
    "case_consents": ("case_id", "reception_cases"),
    "handovers": ("case_id", "reception_cases"),
}
# Rows that name their owning office themselves.
OWNED_BY_OFFICE = frozenset({"outreach_events", "reception_cases"})
AUDIT_TABLE = "audit_events"

# Why a sender was flagged (kept in ``sync.flags``; texts in ``flag_text``).
OUTSIDE_AUTHORITY = "authority"
HISTORY_REWRITTEN = "history"


class Violation(BundleRefused):
    """A bundle its sender had no authority to send: refused whole, the sender flagged."""

    def __init__(self, message: str, sender: str, reason: str = OUTSIDE_AUTHORITY) -> None:
        super().__init__(message)
        self.sender = sender
        self.reason = reason


@dataclass
class Sender:
    """The office a bundle comes from, as this node knows it."""

    node_id: str
    relation: str  # upstream | downstream
    offices: set[str] = field(default_factory=set)  # its office and every office below it
    nodes: set[str] = field(default_factory=set)  # its node and the nodes enrolled below it
    is_province: bool = False


def province_node(s: Session) -> str | None:
    """The province's node among this node's upstream offices (None at the province)."""
    for peer in node.upstream(s):
        office = s.get(Office, peer.office_id) if peer.office_id else None
        if office is not None and office.level == "province":
            return peer.node_id
    return None


def sender_of(s: Session, manifest: dict[str, Any]) -> Sender:
    """The sender of a verified bundle, refused when its kind goes the wrong way."""
    origin, kind = manifest["origin_node"], manifest["kind"]
    peer = s.get(Peer, origin)
    if peer is None:  # open_bundle trusts only known peers; kept for callers in tests
        raise BundleRefused(_("This bundle comes from a laptop that is not enrolled here."))
    if kind in DOWNWARD_KINDS:
        if peer.relation != node.UPSTREAM:
            raise Violation(
                _(
                    "This bundle claims to come from an office above this one, but its sender "
                    "is an office below: it was refused and the sender flagged."
                ),
                origin,
            )
        return Sender(origin, peer.relation, is_province=origin == province_node(s))
    if kind not in UPWARD_KINDS:
        raise BundleRefused(_("This bundle is of a kind Khiên does not know; nothing was changed."))
    if peer.relation != node.DOWNSTREAM:
        raise Violation(
            _(
                "This bundle of changes comes from an office above this one, which sends only "
                "receipts: it was refused and the sender flagged."
            ),
            origin,
        )
    offices = node.office_descendants(s, peer.office_id) if peer.office_id else set()
    return Sender(origin, peer.relation, offices, node.subtree(s, origin))


def check(s: Session, manifest: dict[str, Any], records: list[dict[str, Any]]) -> Sender:
    """Refuse the bundle (``Violation``) when any record is outside its sender's authority;
    the rows and audit chains held here are read, nothing is written."""
    sender = sender_of(s, manifest)
    lines = [r for r in records if r.get("table") == AUDIT_TABLE]
    rows = [r for r in records if r.get("table") != AUDIT_TABLE]
    if manifest.get("demo") is True and s.get(Setting, DEMO_SETTING) is None:
        raise BundleRefused(
            _(
                "This bundle comes from a demonstration profile: its made-up records are "
                "never taken into real data."
            )
        )
    if sender.relation == node.UPSTREAM:
        if lines:
            raise Violation(
                _("This bundle from above carries audit lines, which only travel upwards."),
                sender.node_id,
            )
        _check_values(s, sender, rows)
        return sender  # the offices above may correct anything; peers are checked on use
    _Rows(s, sender, rows).check()
    _check_values(s, sender, rows)
    _check_audit(s, sender, lines)
    return sender


def _check_values(s: Session, sender: Sender, rows: list[dict[str, Any]]) -> None:
    """Every row's values pass the rules a local write passes (desktop.core.validation):
    a bundle is where the province's own checks would otherwise never run."""
    models = synced_models()
    for record in rows:
        records.check_record(record, models)
    bad, reason = validation.check_records(s, rows)
    if not bad:
        return
    message = _(
        "This bundle carries a value that is not allowed ({what} {row}: {reason}); it was "
        "refused whole."
    ).format(what=table_label(bad["table"]), row=str(bad["id"])[:8], reason=reason)
    if sender.relation == node.UPSTREAM:
        raise BundleRefused(message)
    raise Violation(message + " " + _("The sender was flagged."), sender.node_id)


def check_bundle_chain(s: Session, manifest: dict[str, Any]) -> bool:
    """Whether the bundle extends the chain of bundles held from its sender. Returns True
    when earlier bundles never came here (a gap, harmless); raises ``Violation`` when the
    sender's history forks from what it sent before."""
    origin = manifest["origin_node"]
    q = select(Bundle).where(Bundle.origin_node == origin, Bundle.direction == "in")
    held = list(s.execute(q).scalars())
    if not held:
        return bool(manifest["prev_hash"])
    newest = max(held, key=lambda b: b.seq)
    if manifest["prev_hash"] == newest.file_sha256:
        return False
    older = {b.file_sha256 for b in held} - {newest.file_sha256}
    if manifest["prev_hash"] == "" or manifest["prev_hash"] in older:
        raise Violation(
            _(
                "This laptop's bundles no longer follow the ones it sent before (its history "
                "was rewritten), so the bundle was refused and the laptop flagged."
            ),
            origin,
            HISTORY_REWRITTEN,
        )
    return True


class _Rows:
    """The authority check of a bundle's rows from below. What it reads of the rows held
    here (their owner) is read ahead, 500 rows a query, not one query per row."""

    def __init__(self, s: Session, sender: Sender, rows: list[dict[str, Any]]) -> None:
        self.s, self.sender, self.rows = s, sender, rows
        # The newest content the bundle carries for each row (the last revision listed).
        self.incoming: dict[str, dict[str, Any]] = {}
        self.by_rev: dict[str, dict[str, Any]] = {}
        for r in rows:
            if isinstance(r.get("content"), dict) and isinstance(r.get("id"), str):
                self.incoming[r["id"]] = r["content"]
                if isinstance(r.get("rev"), str):
                    self.by_rev[r["rev"]] = r["content"]
        self.models = synced_models()
        self.held: dict[tuple[str, str], Any] = {}  # (table, id) → the row's owner columns
        self.case_offices: dict[str, set[str]] = {}  # person id → offices of cases arriving
        for content in self.incoming.values():
            if "case_code" in content:
                person, office = content.get("person_id"), content.get("office_id")
                if isinstance(person, str) and isinstance(office, str):
                    self.case_offices.setdefault(person, set()).add(office)
        self.held_case_offices: dict[str, set[Any]] | None = None

    def refuse(self, table: str, row_id: str) -> Violation:
        return Violation(
            _(
                "This bundle tries to change a record its office may not change ({what}, "
                "{id}); it was refused whole and the sender flagged."
            ).format(what=table_label(table), id=row_id[:8]),
            self.sender.node_id,
        )

    def check(self) -> None:
        self._read_ahead()
        for r in self.rows:
            table, row_id = r.get("table"), r.get("id")
            if not isinstance(table, str) or not isinstance(row_id, str):
                continue  # records.check_record refuses malformed records
            content = r.get("content") if isinstance(r.get("content"), dict) else {}
            assert isinstance(content, dict)
            if table == "accounts":
                if not self._own_password(r, content):
                    raise self.refuse(table, row_id)
            elif table in PROVINCE_TABLES or table not in self.models:
                raise self.refuse(table, row_id)
            elif table == "persons":
                if not self._person_ok(row_id):
                    raise self.refuse(table, row_id)
            elif not self._owned(table, row_id, content):
                raise self.refuse(table, row_id)

    def _columns(self, table: str) -> list[Any]:
        """What the check reads of a held row of *table*: its id and owner."""
        model: Any = self.models[table]
        cols = [model.id]
        if table in OWNED_BY_OFFICE or table == "accounts":
            cols.append(model.office_id)
        if table in OWNED_THROUGH:
            cols.append(getattr(model, OWNED_THROUGH[table][0]))
        return cols

    def _read_ahead(self) -> None:
        """The held rows the bundle's rows are, and those they are owned through."""
        wanted: dict[str, set[str]] = {}
        for r in self.rows:
            table, row_id, content = r.get("table"), r.get("id"), r.get("content")
            if table not in self.models or not isinstance(row_id, str):
                continue
            wanted.setdefault(table, set()).add(row_id)
            if table in OWNED_THROUGH and isinstance(content, dict):
                column, parent_table = OWNED_THROUGH[table]
                if isinstance(content.get(column), str):
                    wanted.setdefault(parent_table, set()).add(content[column])
        for table, ids in wanted.items():
            self._read(table, sorted(ids))

    def _read(self, table: str, ids: list[str]) -> None:
        cols = self._columns(table)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            self.held.update(((table, row_id), None) for row_id in chunk)
            found = self.s.execute(select(*cols).where(cols[0].in_(chunk)))
            self.held.update(((table, row.id), row) for row in found)

    def _held(self, table: str, row_id: str) -> Any:
        if (table, row_id) not in self.held:
            self._read(table, [row_id])
        return self.held[(table, row_id)]

    def _owner_office(self, table: str, row_id: str, content: dict[str, Any] | None) -> Any:
        """The office owning a row, from *content* (incoming) or the row held here."""
        if table in OWNED_BY_OFFICE:
            if content is not None:
                return content.get("office_id")
            held = self._held(table, row_id)
            return held.office_id if held is not None else None
        column, parent_table = OWNED_THROUGH[table]
        if content is not None:
            parent_id = content.get(column)
        else:
            held = self._held(table, row_id)
            parent_id = getattr(held, column) if held is not None else None
        if not isinstance(parent_id, str):
            return None
        return self._owner_office(parent_table, parent_id, self.incoming.get(parent_id))

    def _owned(self, table: str, row_id: str, content: dict[str, Any]) -> bool:
        if table not in OWNED_BY_OFFICE and table not in OWNED_THROUGH:
            return False
        if self._owner_office(table, row_id, content) not in self.sender.offices:
            return False
        held = self._held(table, row_id)
        return held is None or self._owner_office(table, row_id, None) in self.sender.offices

    def _person_ok(self, person_id: str) -> bool:
        """A person new here, or one a case of the sender's offices refers to."""
        if self._held("persons", person_id) is None:
            return True
        if self.case_offices.get(person_id, set()) & self.sender.offices:
            return True
        return bool(self._held_case_offices().get(person_id, set()) & self.sender.offices)

    def _held_case_offices(self) -> dict[str, set[Any]]:
        """The offices of the cases held here of every held person the bundle carries."""
        if self.held_case_offices is None:
            self.held_case_offices = {}
            people = sorted(i for (t, i), row in self.held.items() if t == "persons" and row)
            for i in range(0, len(people), 500):
                q = select(ReceptionCase.person_id, ReceptionCase.office_id).where(
                    ReceptionCase.person_id.in_(people[i : i + 500])
                )
                for person, office in self.s.execute(q).all():
                    self.held_case_offices.setdefault(person, set()).add(office)
        return self.held_case_offices

    def _own_password(self, record: dict[str, Any], content: dict[str, Any]) -> bool:
        """An account of the sender's offices whose only change is its password."""
        held = self._held("accounts", record["id"])
        if held is None or held.office_id not in self.sender.offices:
            return False
        parents = record.get("parents")
        if not isinstance(parents, list) or len(parents) != 1:
            return False
        before = self.by_rev.get(parents[0])
        if before is None:
            logged = self.s.get(Revision, parents[0])
            if logged is None or logged.row_id != record["id"]:
                return False
            before = json.loads(logged.content)
        keys = set(before) | set(content)
        changed = {k for k in keys if before.get(k) != content.get(k)}
        return changed <= OWN_ACCOUNT_FIELDS


def _check_audit(s: Session, sender: Sender, lines: list[dict[str, Any]]) -> None:
    """Audit lines come only for chains of the sender's subtree and extend what is held."""
    chains: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        chain = line.get("node_id")
        if not isinstance(chain, str) or chain not in sender.nodes:
            raise Violation(
                _(
                    "This bundle carries audit lines of an office it does not relay; it was "
                    "refused whole and the sender flagged."
                ),
                sender.node_id,
            )
        chains.setdefault(chain, []).append(line)
    for chain, got in chains.items():
        if not _extends(s, chain, got):
            raise Violation(
                _(
                    "The audit log in this bundle does not continue the one received before "
                    "(lines were removed or changed), so the bundle was refused and the laptop "
                    "flagged."
                ),
                sender.node_id,
                HISTORY_REWRITTEN,
            )


def _extends(s: Session, chain: str, lines: Iterable[dict[str, Any]]) -> bool:
    """Each line hashes right, links to its neighbour, and matches a line held here."""
    seen: dict[int, tuple[str, str]] = {}  # seq -> (prev_hash, hash)
    bridges: set[int] = set()  # a restored laptop's re-chained start: must link to a held line
    for line in lines:
        seq, prev, got = line.get("seq"), line.get("prev_hash"), line.get("hash")
        if type(seq) is not int or not isinstance(prev, str) or not isinstance(got, str):
            return False
        if audit.line_hash_of(line) != got or seen.get(seq, (prev, got)) != (prev, got):
            return False
        seen[seq] = (prev, got)
        if line.get("action") == audit.RECHAINED:
            bridges.add(seq)
    if not seen:
        return True
    low, high = min(seen) - 1, max(seen) + 1
    q = select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.hash).where(
        AuditEvent.node_id == chain, AuditEvent.seq >= low, AuditEvent.seq <= high
    )
    held = {seq: (prev, h) for seq, prev, h in s.execute(q).all()}
    for seq, pair in seen.items():
        if seq in held and held[seq] != pair:
            return False
    union = {**held, **seen}
    for seq in seen:
        if seq - 1 in union and union[seq - 1][1] != union[seq][0]:
            return False
        if seq + 1 in union and union[seq][1] != union[seq + 1][0]:
            return False
        if seq == 1 and union[seq][0] != audit.GENESIS:
            return False
        if seq in bridges and seq - 1 not in union:
            return False
    return True


def table_label(table: str) -> str:
    """What a table holds, as the officer reads it in a refusal."""
    labels = {
        "accounts": _("an account"),
        "offices": _("an office"),
        "reference_items": _("a reference list"),
        "campaign_plans": _("a plan"),
        "plan_tasks": _("a plan task"),
        "other_body_figures": _("a figure reported by another body"),
        "outreach_events": _("an outreach event"),
        "event_attachments": _("an event attachment"),
        "persons": _("a person"),
        "reception_cases": _("a case"),
    }
    return labels.get(table, _("a case record"))


# -- flagged senders ------------------------------------------------------------------

FLAGS = "sync.flags"


def flags(s: Session) -> dict[str, dict[str, str]]:
    """The offices flagged here: {node id: {"reason": …, "at": …, "detail": …}}."""
    row = s.get(Setting, FLAGS)
    try:
        data = json.loads(row.value) if row is not None else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def flag(s: Session, node_id: str, reason: str, detail: str) -> None:
    """Remember that *node_id* sent a bundle refused for *reason* (the latest one kept)."""
    data = flags(s)
    data[node_id] = {
        "reason": reason,
        "at": utcnow().isoformat(timespec="seconds"),
        "detail": detail[:300],
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    settings.put(s, FLAGS, text)


def flag_text(reason: str) -> str:
    """The flag as the Sync page and ``khien bundle nodes`` show it."""
    if reason == HISTORY_REWRITTEN:
        return _("history rewritten")
    return _("tried to change what it may not")


@dataclass(frozen=True)
class NodeRow:
    """An office this one sends to or hears from, with its flag (if any)."""

    node_id: str
    relation: str
    name: str
    revoked: bool
    flag: str  # "" or OUTSIDE_AUTHORITY / HISTORY_REWRITTEN
    flagged_at: str


def node_rows(profile: OpenProfile) -> list[NodeRow]:
    """The offices above, then the laptops below (revoked ones too), each with its flag."""
    with profile.db.session(read=True) as s:
        marks = flags(s)
        peers = node.upstream(s) + node.downstream(s, include_revoked=True)
        return [
            NodeRow(
                p.node_id,
                p.relation,
                p.name,
                p.revoked,
                marks.get(p.node_id, {}).get("reason", ""),
                marks.get(p.node_id, {}).get("at", ""),
            )  # fmt: skip
            for p in peers
        ]

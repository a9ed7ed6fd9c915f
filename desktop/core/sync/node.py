"""This node's keys and the offices it trusts (kept in the encrypted database)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models import NodeState, Office
from desktop.core.db.models_sync import NodeKey, Peer
from desktop.core.sync.keys import NodeKeys, PublicKeys

UPSTREAM, DOWNSTREAM = "upstream", "downstream"


def node_id(session: Session) -> str:
    return str(session.execute(select(NodeState.node_id)).scalar_one())


def ensure_keys(session: Session) -> NodeKeys:
    """This node's keys, made on first use (profiles older than sync have none yet)."""
    nid = node_id(session)
    row = session.get(NodeKey, 1)
    if row is None:
        keys = NodeKeys.generate(nid)
        session.add(NodeKey(id=1, sign_secret=keys.sign_secret, age_identity=keys.age_identity))
        session.flush()
        return keys
    return NodeKeys(nid, row.sign_secret, row.age_identity)


def add_peer(
    session: Session,
    public: PublicKeys,
    relation: str,
    name: str = "",
    office_id: str | None = None,
) -> Peer:
    """Trust another node (enrolment does this; so do tests)."""
    if relation not in (UPSTREAM, DOWNSTREAM):
        raise ValueError(relation)
    peer = session.get(Peer, public.node_id)
    if peer is None:
        peer = Peer(node_id=public.node_id)
        session.add(peer)
    peer.relation, peer.name, peer.office_id = relation, name, office_id
    peer.sign_public, peer.age_recipient, peer.revoked = (
        public.sign_public,
        public.age_recipient,
        False,
    )
    session.flush()
    return peer


def revoke_peer(session: Session, peer_node: str) -> None:
    peer = session.get(Peer, peer_node)
    if peer is not None:
        peer.revoked = True


def trusted(session: Session, peer_node: str) -> PublicKeys | None:
    """The public keys of an enrolled, non-revoked node."""
    peer = session.get(Peer, peer_node)
    if peer is None or peer.revoked:
        return None
    return PublicKeys(peer.node_id, peer.sign_public, peer.age_recipient)


def upstream(session: Session) -> list[Peer]:
    q = select(Peer).where(Peer.relation == UPSTREAM, Peer.revoked.is_(False))
    return list(session.execute(q.order_by(Peer.node_id)).scalars())


def downstream(session: Session, include_revoked: bool = False) -> list[Peer]:
    """The laptops and offices that send their bundles here, by name."""
    q = select(Peer).where(Peer.relation == DOWNSTREAM)
    if not include_revoked:
        q = q.where(Peer.revoked.is_(False))
    return sorted(session.execute(q).scalars(), key=lambda p: (p.name.casefold(), p.node_id))


def acked_seq(session: Session) -> int:
    """How far this node's changes are acknowledged upstream.

    An office that acknowledges a change holds it and carries it on in its own cumulative
    bundles, so the highest acknowledgement of any upstream office counts: a commune under
    a district office is acknowledged by the district's receipts, even though its bundles
    can also be read by the province.
    """
    return max((p.acked_seq for p in upstream(session)), default=0)


def office_descendants(session: Session, office_id: str) -> set[str]:
    """*office_id* and every office below it in the tree."""
    children: dict[str | None, list[str]] = {}
    for oid, parent in session.execute(select(Office.id, Office.parent_id)).all():
        children.setdefault(parent, []).append(oid)
    out, stack = set(), [office_id]
    while stack:
        current = stack.pop()
        if current not in out:
            out.add(current)
            stack.extend(children.get(current, []))
    return out


def subtree(session: Session, peer_node: str) -> set[str]:
    """A downstream node and every node enrolled below its office (whose bundles it relays)."""
    peer = session.get(Peer, peer_node)
    if peer is None or not peer.office_id:
        return {peer_node}
    offices = office_descendants(session, peer.office_id)
    below = session.execute(
        select(Peer.node_id).where(Peer.relation == DOWNSTREAM, Peer.office_id.in_(offices))
    ).scalars()
    return {peer_node, *below}


def office_node(session: Session, office_id: str) -> PublicKeys | None:
    """The enrolled node of an office (this node's own, or a trusted downstream one)."""
    state = session.execute(select(NodeState)).scalar_one()
    if state.office_id == office_id:
        return ensure_keys(session).public
    q = select(Peer).where(
        Peer.office_id == office_id, Peer.relation == DOWNSTREAM, Peer.revoked.is_(False)
    )
    peer = session.execute(q.order_by(Peer.added_at.desc()).limit(1)).scalars().first()
    if peer is None:
        return None
    return PublicKeys(peer.node_id, peer.sign_public, peer.age_recipient)

"""This node's keys and the offices it trusts (kept in the encrypted database)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.db.models import NodeState
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

"""Photos and scans proving an event, kept in the encrypted profile database.

Only JPEG, PNG and PDF are accepted (recognised by their first bytes, not their names),
up to MAX_BYTES each. Images get a small JPEG thumbnail made with Pillow (installed with
ReportLab); a PDF has none and the list shows its name.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.core import i18n
from desktop.core.db.models_outreach import EventAttachment, OutreachEvent
from desktop.core.db.syncmeta import tombstone
from desktop.core.errors import KhienError, PermissionDenied, ValidationError
from desktop.core.i18n import _
from desktop.core.outreach.events import can_edit
from desktop.core.profile import OpenProfile
from desktop.core.safe_files import read_regular_file

MAX_BYTES = 10 * 1024 * 1024
THUMB_SIZE = (240, 240)
_MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
)


@dataclass(frozen=True)
class AttachmentView:
    id: str
    file_name: str
    mime: str
    size: int
    thumbnail: bytes | None


def sniff(head: bytes) -> str | None:
    """The type of a file from its first bytes, when it is one Khiên accepts."""
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    return None


def thumbnail(data: bytes) -> bytes | None:
    """A small JPEG of an image, or None when it cannot be read as one."""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.thumbnail(THUMB_SIZE)
            out = io.BytesIO()
            img.convert("RGB").save(out, "JPEG", quality=80)
            return out.getvalue()
    except Exception:  # noqa: BLE001 - a damaged image keeps its file, without a thumbnail
        return None


def add_attachment(profile: OpenProfile, event_id: str, path: Path) -> str:
    """Store *path* with the event; refused when too large or not an image or PDF."""
    limit = i18n.format_number(MAX_BYTES // (1024 * 1024))
    only = _("Only photos (JPEG, PNG) and PDF scans up to {limit} MB can be attached.")
    data = read_regular_file(
        path,
        MAX_BYTES,
        not_a_file=only.format(limit=limit),
        too_large=_("The file is too large: attachments are limited to {limit} MB.").format(
            limit=limit
        ),
        unreadable=_("The file cannot be read."),
        error=ValidationError,
    )
    size = len(data)
    mime = sniff(data[:16])
    if mime is None:
        raise ValidationError(
            _("Only photos (JPEG, PNG) and PDF scans up to {limit} MB can be attached.").format(
                limit=limit
            )
        )
    with profile.db.session() as s:
        ev = s.get(OutreachEvent, event_id)
        if ev is None or ev.deleted:
            raise KhienError(_("This event no longer exists."))
        if not can_edit(profile, ev.author):
            raise PermissionDenied(_("Only its author or a supervisor may change this event."))
        row = EventAttachment(
            event_id=event_id, file_name=path.name[:255], mime=mime, size=size,
            sha256=hashlib.sha256(data).hexdigest(), data=data,
            thumbnail=thumbnail(data) if mime.startswith("image/") else None,
        )  # fmt: skip
        s.add(row)
        s.flush()
        return row.id


def list_attachments(profile: OpenProfile, event_id: str) -> list[AttachmentView]:
    q = select(
        EventAttachment.id, EventAttachment.file_name, EventAttachment.mime,
        EventAttachment.size, EventAttachment.thumbnail,
    ).where(EventAttachment.event_id == event_id, EventAttachment.deleted.is_(False))  # fmt: skip
    with profile.db.session(read=True) as s:
        return [AttachmentView(*r) for r in s.execute(q.order_by(EventAttachment.id))]


def attachment_data(profile: OpenProfile, attachment_id: str) -> bytes:
    with profile.db.session(read=True) as s:
        row = s.get(EventAttachment, attachment_id)
        if row is None or row.deleted:
            raise KhienError(_("This attachment no longer exists."))
        return row.data


def remove_attachment(profile: OpenProfile, attachment_id: str) -> None:
    with profile.db.session() as s:
        row = s.get(EventAttachment, attachment_id)
        if row is None or row.deleted:
            return
        ev = s.get(OutreachEvent, row.event_id)
        if ev is not None and not can_edit(profile, ev.author):
            raise PermissionDenied(_("Only its author or a supervisor may change this event."))
        tombstone(row)

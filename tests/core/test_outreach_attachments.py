"""Attachments: photos and PDF scans kept encrypted with the event, with thumbnails;
too large or wrong files refused with the limit named."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from desktop.core.errors import ValidationError
from desktop.core.outreach import attachments
from desktop.core.security.roles import Role
from tests.core.outreach_helpers import add_event, as_role


@pytest.fixture
def officer(province):
    return as_role(province, Role.PROVINCIAL_OFFICER, "canbo")


def test_photo_and_pdf_are_kept_with_a_thumbnail_for_the_photo(officer, tmp_path):
    event_id = add_event(officer)
    photo = tmp_path / "anh-hoi-nghi.png"
    buf = io.BytesIO()
    Image.new("RGB", (1200, 800), (200, 30, 30)).save(buf, "PNG")
    photo.write_bytes(buf.getvalue())
    scan = tmp_path / "bien-ban.pdf"
    scan.write_bytes(b"%PDF-1.4\n% scan\n")
    attachments.add_attachment(officer, event_id, photo)
    attachments.add_attachment(officer, event_id, scan)
    found = {a.file_name: a for a in attachments.list_attachments(officer, event_id)}
    assert found["anh-hoi-nghi.png"].mime == "image/png"
    thumb = Image.open(io.BytesIO(found["anh-hoi-nghi.png"].thumbnail))
    assert max(thumb.size) <= 240
    assert found["bien-ban.pdf"].thumbnail is None
    assert attachments.attachment_data(officer, found["bien-ban.pdf"].id) == scan.read_bytes()
    assert not (officer.data_dir / "khien.db").read_bytes().count(b"%PDF-1.4\n% scan")


def test_wrong_type_or_too_large_is_refused_with_the_limit(officer, tmp_path, monkeypatch):
    event_id = add_event(officer)
    text = tmp_path / "ghi-chu.png"
    text.write_text("not really a picture")
    with pytest.raises(ValidationError) as err:
        attachments.add_attachment(officer, event_id, text)
    assert "10 MB" in err.value.message
    monkeypatch.setattr(attachments, "MAX_BYTES", 10)
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-" + b"x" * 100)
    with pytest.raises(ValidationError):
        attachments.add_attachment(officer, event_id, big)
    assert attachments.list_attachments(officer, event_id) == []

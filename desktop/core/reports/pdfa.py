"""PDF/A-2b for the documents the layer writes (ISO 19005-2): the XMP metadata, the sRGB
output intent, the language, and the end-of-line ReportLab leaves out before ``endstream``
(added to every stream it formats from the moment this module is imported)."""

from __future__ import annotations

import functools
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfdoc

SRGB = "sRGB IEC61966-2.1"


@functools.cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (Little CMS's built-in one, through Pillow). Its header says
    version 4.4, the newest Little CMS writes; its tags (desc, cprt, wtpt, chad, r/g/bXYZ,
    r/g/bTRC as 'para', chrm) are all of ICC.1:2004-10, version 4.2, the one PDF 1.7 and so
    PDF/A-2 name, so the header is set to 4.2 (its profile ID is zero: no digest to redo)."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[8:12] = bytes((4, 0x20, 0, 0))
    return bytes(data)


def _xmp_date(doc: Any) -> str:
    (year, month, day, hour, minute, second), hh, mm_ = doc._timeStamp.YMDhms, *(
        doc._timeStamp.dhh, doc._timeStamp.dmm)  # fmt: skip
    sign = "-" if hh < 0 else "+"
    return (f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
            f"{sign}{abs(hh):02d}:{abs(mm_):02d}")  # fmt: skip


def _xmp(doc: Any, lang: str) -> bytes:
    """The XMP packet: PDF/A-2b identification and the same title, author, subject,
    producer, creator tool and dates as the document information dictionary."""
    info = doc.info
    date = _xmp_date(doc)
    e = escape
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{e(lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>{e(info.producer)}</pdf:Producer>
   <pdf:Keywords>{e(info.keywords)}</pdf:Keywords>
   <pdf:Trapped>{e(str(info.trapped))}</pdf:Trapped>
   <xmp:CreatorTool>{e(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""  # noqa: E501
    return packet.encode("utf-8")


def archival(canvas: Any, *, title: str, subject: str, author: str, lang: str) -> None:
    """Make the PDF *canvas* is writing a PDF/A-2b file (called once, on its first page):
    title, subject, author and language in the information dictionary and the catalog, and
    the same in an XMP metadata stream (unfiltered, as PDF/A asks) marked part 2,
    conformance B; an sRGB output intent for the DeviceRGB colours. Fonts are embedded by
    the layer (TrueType subsets only). *title* and *subject* must never hold a person's name:
    a case document's title is its kind and the case code."""
    doc = canvas._doc
    canvas.setTitle(title)
    canvas.setSubject(subject)
    canvas.setAuthor(author)
    canvas.setCreator("Khiên")
    catalog = doc.Catalog
    catalog.Lang = pdfdoc.PDFString(lang)
    metadata = _Xmp(
        pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("Metadata"),
                              "Subtype": pdfdoc.PDFName("XML")}),
        b"", filters=[],
    )  # fmt: skip
    metadata.lang = lang
    catalog.Metadata = metadata
    icc = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"N": 3}), srgb_profile())
    intent = pdfdoc.PDFDictionary({
        "Type": pdfdoc.PDFName("OutputIntent"), "S": pdfdoc.PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": pdfdoc.PDFString(SRGB), "Info": pdfdoc.PDFString(SRGB),
        "RegistryName": pdfdoc.PDFString("http://www.color.org"),
        "DestOutputProfile": doc.Reference(icc),
    })  # fmt: skip
    catalog.OutputIntents = pdfdoc.PDFArray([intent])
    if "OutputIntents" not in catalog.__NoDefault__:
        catalog.__NoDefault__ = [*catalog.__NoDefault__, "OutputIntents"]


class _Xmp(pdfdoc.PDFStream):  # type: ignore[misc]
    """The XMP stream, made when the file is written (it repeats the information dictionary
    as it stands then), with no Filter key at all: PDF/A forbids filtering it, and ReportLab
    would write an empty ``/Filter []``."""

    lang = ""

    def format(self, document: Any) -> bytes:
        content = _xmp(document, self.lang)
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        dictionary["Length"] = len(content)
        head: bytes = pdfdoc.format(dictionary, document)
        return head + b"\nstream\n" + content + b"\nendstream\n"


def _eol_before_endstream() -> None:
    """PDF/A (ISO 19005-2, 6.1.7.1) wants an end-of-line before every ``endstream``, which
    ReportLab does not write (its streams end right before the keyword): add it to every
    stream ReportLab formats. The stream's Length is unchanged (it does not count that
    end-of-line), and cross-reference offsets are computed from the formatted objects."""
    original = pdfdoc.PDFStream.format
    if getattr(original, "khien_eol", False):
        return

    def format(self: Any, document: Any) -> bytes:
        out: bytes = original(self, document)
        if out.endswith(b"endstream\n") and not out.endswith(b"\nendstream\n"):
            out = out[: -len(b"endstream\n")] + b"\nendstream\n"
        return out

    format.khien_eol = True  # type: ignore[attr-defined]
    pdfdoc.PDFStream.format = format


_eol_before_endstream()

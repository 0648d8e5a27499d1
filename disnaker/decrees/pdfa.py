"""PDF/A-2b for the decree PDFs (ISO 19005-2, conformance level B): what ReportLab's open-source edition does
not write by itself.

- An **OutputIntent** ``GTS_PDFA1`` with an sRGB ICC profile (clause 6.2.3): the colours are device RGB and
  grey, which PDF/A allows only with an output intent. The profile is the sRGB profile of LittleCMS, built by
  Pillow's ``ImageCms`` (in uv.lock): no profile file needs to be shipped or downloaded.
- **XMP metadata** in the catalog (clause 6.6.2) with the PDF/A identification (``pdfaid:part`` 2,
  ``pdfaid:conformance`` B) and the same title, author, subject, keywords, creator, producer and dates as the
  document information dictionary (6.6.3 requires them to be equal), written when the file is written so
  they match ReportLab's own timestamp. Uncompressed, as 6.6.2.1 asks.

The fonts are already embedded (``fonts.py``). pyHanko's signature is an incremental update: it updates
the XMP packet it finds (modification date, producer) together with the information dictionary, so the
signed file keeps its PDF/A identification; docs/pdfa.md says what was checked and with what.
"""

from __future__ import annotations

from functools import cache
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfbase.pdfdoc import format as pdf_format

__all__ = ["make_pdfa", "srgb_profile"]

OUTPUT_CONDITION = "sRGB IEC61966-2.1"


@cache
def srgb_profile() -> bytes:
    """An sRGB ICC profile (LittleCMS's built-in sRGB, through Pillow), labelled ICC version 4.2.

    PDF/A-2 takes its ICC profiles as ICC.1:2004-10, which is version 4.2; LittleCMS labels the profiles it
    builds 4.4, whose tag types for an sRGB matrix/TRC profile are the same. The label (header bytes 8-11)
    is set to 4.2; the profile ID (bytes 84-99) is zero, "not computed", so no checksum changes."""
    from PIL import ImageCms

    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    if data[8] == 4 and data[9] > 0x20 and not any(data[84:100]):
        data[8:12] = b"\x04\x20\x00\x00"
    return bytes(data)


class _XmpStream(PDFStream):
    """The catalog's /Metadata: the XMP packet, built when the document is written (its dates are the
    document's timestamp, the other values its information dictionary), with no filter (6.6.2.1)."""

    def __init__(self):
        super().__init__(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), b"")

    def format(self, document):
        content = document.encrypt.encode(_xmp(document).encode("utf-8"))
        dictionary = PDFDictionary({**self.dictionary.dict, "Length": len(content)})
        return pdf_format(dictionary, document) + b"\nstream\n" + content + b"\nendstream\n"


def _stream_format_with_eol(format_stream):
    """ReportLab writes ``…data endstream`` with no end-of-line between; PDF/A (ISO 19005-2, 6.1.7.1) wants
    one before ``endstream`` (not counted in /Length). Every ReportLab stream is written by
    ``PDFStream.format``, so the EOL is added there, once per process; other PDFs only gain a newline."""

    def format(self, document):
        out = format_stream(self, document)
        if out.endswith(b"endstream\n") and not out.endswith(b"\nendstream\n"):
            out = out[: -len(b"endstream\n")] + b"\nendstream\n"
        return out

    format._pdfa_eol = True  # type: ignore[attr-defined]
    return format


if not getattr(PDFStream.format, "_pdfa_eol", False):
    PDFStream.format = _stream_format_with_eol(PDFStream.format)  # type: ignore[method-assign]


def _xmp(document) -> str:
    info = document.info
    stamp = document._timeStamp
    year, month, day, hour, minute, second = stamp.YMDhms
    date = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}{stamp.dhh:+03d}:{stamp.dmm:02d}"

    def text(value) -> str:
        return escape(str(value or ""))

    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(info.subject)}</rdf:li></rdf:Alt></dc:description>
   <pdf:Keywords>{text(info.keywords)}</pdf:Keywords>
   <pdf:Producer>{text(info.producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmp:CreatorTool>{text(info.creator)}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def make_pdfa(canvas) -> None:
    """Add the output intent and the XMP metadata to ``canvas``'s document (call before ``save()``)."""
    catalog = canvas._doc.Catalog
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile(), None)
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
            "Info": PDFString(OUTPUT_CONDITION),
            "DestOutputProfile": canvas._doc.Reference(profile),
        }
    )
    catalog.OutputIntents = PDFArray([intent])
    catalog.Metadata = _XmpStream()
    if "OutputIntents" not in catalog.__NoDefault__:
        names = [*catalog.__NoDefault__, "OutputIntents"]
        catalog.__NoDefault__ = catalog.__Refs__ = names  # instance attributes: ReportLab writes only these

"""A one-page PDF of a few lines of text: small evidence files for the demo.

Standard Type 1 fonts carry no Vietnamese letters, so the text is written without diacritics.
"""

from __future__ import annotations

import unicodedata

_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"
_PAGE = ("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
         "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>")


def text_pdf(lines: list[str]) -> bytes:
    """A valid PDF 1.4 document showing `lines` on an A4 page."""
    shown = " ".join(f"({_escape(_ascii(line))}) '" for line in lines)
    content = f"BT /F1 12 Tf 72 790 Td 18 TL {shown} ET"
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", _PAGE, _FONT,
               f"<< /Length {len(content)} >>\nstream\n{content}\nendstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode("ascii")
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode("ascii")
    return bytes(out)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if c.isascii())


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

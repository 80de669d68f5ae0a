"""Reader for Word 2007+ documents (.docx), straight from the package's XML with lxml.

Paragraphs and tables come in document order. Headings are paragraphs whose style is a
heading (Heading n, Title or any style with an outline level); list items are numbered
paragraphs (their number or bullet rendered in front, as Word shows it) or text starting
with "- ". A table keeps its grid: a cell spanning columns is one cell followed by empty
ones, a vertically merged cell is empty in the rows it continues into, a nested table
becomes lines of its cell. Headers, footers, footnotes, comments, text boxes, deleted and
hidden text are left out.

The package is opened defensively: declared and actual sizes are capped (zip bombs) and
XML with a DTD is refused (entity expansion).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from lxml import etree

from cchc.errors import InputError
from cchc.extract.document import Document
from cchc.extract.readers.blocks import DocumentBuilder, cell_text, flatten_table
from cchc.extract.readers.docx_styles import OUTLINE_LEVELS, Numbering, Styles, on

MAX_PART_BYTES = 64 * 2**20  # one XML part read (a 200-page plan's document.xml: 1-15 MB)
MAX_TOTAL_BYTES = 256 * 2**20  # everything the package declares it expands to
MAX_RATIO = 200  # inflated/compressed size of a part over RATIO_FROM (Word's XML: 5-30)
RATIO_FROM = 8 * 2**20
MAX_SPAN = 64  # a gridSpan larger than this is treated as this (no real plan has 64 columns)

_OFFICE_DOCUMENT = "/officeDocument"
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")  # the root element: a DTD can only come before it


class DocxReader:
    extensions = (".docx",)

    def read(self, data: bytes, source: str) -> Document:
        package = Package(data, source)
        main = package.main_part()
        root = package.xml(main)
        w = etree.QName(root).namespace or ""
        body = root.find(f"{{{w}}}body")
        if etree.QName(root).localname != "document" or body is None:
            raise InputError(f"{source}: không phải văn bản Word ({main} không có phần nội dung)")
        styles_part = package.related(main, "/styles")
        numbering_part = package.related(main, "/numbering")
        styles = Styles(package.xml(styles_part) if styles_part else None, w)
        numbering = Numbering(package.xml(numbering_part) if numbering_part else None, w)
        builder = DocumentBuilder(source)
        _Body(w, styles, numbering, builder).read(body)
        return builder.document()


class Package:
    """The zip container of an Office document, read with bounded memory."""

    def __init__(self, data: bytes, source: str) -> None:
        self.source = source
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise InputError(f"{source}: tệp .docx bị hỏng (không phải tệp nén zip đầy đủ)") \
                from None
        if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise self._bomb(MAX_TOTAL_BYTES)
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FROM and ratio > MAX_RATIO:
                raise InputError(f"{source}: {info.filename} giãn nở {ratio:.0f} lần từ "
                                 f"{info.compress_size} byte (bom zip?)")
        self.names = {i.filename for i in infos}

    def _bomb(self, limit: int) -> InputError:
        return InputError(f"{self.source}: tệp .docx giãn nở quá "
                          f"{limit // 2**20} MB (bom zip?)")

    def read(self, name: str) -> bytes:
        """One part's bytes; at most MAX_PART_BYTES are ever inflated."""
        info = self.zip.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise self._bomb(MAX_PART_BYTES)
        try:
            with self.zip.open(info) as part:
                data = part.read(MAX_PART_BYTES + 1)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise InputError(f"{self.source}: tệp .docx bị hỏng ({name}: {exc})") from None
        if len(data) > MAX_PART_BYTES:
            raise self._bomb(MAX_PART_BYTES)
        return data

    def xml(self, name: str) -> etree._Element:
        """A part parsed as XML; a DTD (entity expansion, external entities) is refused."""
        data = self.read(name)
        root_start = _ELEMENT_START.search(data)
        if b"<!DOCTYPE" in data[:root_start.start() if root_start else len(data)]:
            raise InputError(f"{self.source}: {name} khai báo DTD, điều Word không bao giờ "
                             "làm (tấn công mở rộng thực thể?)")
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True,
                                 huge_tree=False, remove_comments=True, remove_pis=True)
        try:
            return etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{self.source}: tệp .docx bị hỏng ({name}: {exc})") from None

    def main_part(self) -> str:
        main = self.related("", _OFFICE_DOCUMENT) or "word/document.xml"
        if main not in self.names:
            raise InputError(f"{self.source}: không phải văn bản Word (tệp .docx không có {main})")
        return main

    def related(self, part: str, type_suffix: str) -> str | None:
        """The part that `part` ("" for the package) links to with a relationship of that type."""
        folder, base = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", f"{base}.rels")
        if rels not in self.names:
            return None
        for rel in self.xml(rels):
            if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else \
                    posixpath.normpath(posixpath.join(folder, target))
                return name if name in self.names else None
        return None


class _Body:
    """Walks w:body, feeding paragraphs and tables to the builder in document order."""

    _RUN_CONTAINERS = ("hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "sdt",
                       "sdtContent", "customXml", "dir", "bdo")
    _BLOCK_CONTAINERS = ("sdt", "sdtContent", "customXml")

    def __init__(self, w: str, styles: Styles, numbering: Numbering,
                 builder: DocumentBuilder) -> None:
        self.styles, self.numbering, self.builder = styles, numbering, builder
        q = lambda name: f"{{{w}}}{name}"  # noqa: E731 - qualified tag names, built once
        self.P, self.R, self.T, self.TBL, self.TR, self.TC = map(
            q, ("p", "r", "t", "tbl", "tr", "tc"))
        self.PPR, self.RPR, self.PSTYLE, self.RSTYLE, self.B, self.VANISH = map(
            q, ("pPr", "rPr", "pStyle", "rStyle", "b", "vanish"))
        self.NUMPR, self.NUMID, self.ILVL, self.OUTLINE = map(
            q, ("numPr", "numId", "ilvl", "outlineLvl"))
        self.TRPR, self.TCPR, self.SPAN, self.VMERGE, self.HMERGE = map(
            q, ("trPr", "tcPr", "gridSpan", "vMerge", "hMerge"))
        self.BEFORE, self.AFTER, self.VAL = q("gridBefore"), q("gridAfter"), q("val")
        self.BR, self.TYPE = q("br"), q("type")
        self.run_text = {q("tab"): "\t", q("ptab"): " ", q("cr"): "\n", q("noBreakHyphen"): "-"}
        self.run_containers = frozenset(map(q, self._RUN_CONTAINERS))
        self.block_containers = frozenset(map(q, self._BLOCK_CONTAINERS))
        self.paragraphs = 0

    def read(self, body: etree._Element) -> None:
        for child in body:
            tag = child.tag
            if tag == self.P:
                self.paragraphs += 1
                text, bold, heading, numbered = self.paragraph(child)
                self.builder.paragraph(text, line=self.paragraphs, heading=heading,
                                       list_item=numbered and not heading, bold=bold)
            elif tag == self.TBL:
                self.builder.table(self.rows(child))
            elif tag in self.block_containers:
                self.read(child)

    # -- paragraphs -------------------------------------------------------------------------
    def paragraph(self, p: etree._Element) -> tuple[str, bool, bool, bool]:
        """(text with its list label, all runs bold, is a heading, is numbered)."""
        ppr = p.find(self.PPR)
        style = self._val(ppr, self.PSTYLE) or self.styles.default
        pieces: list[str] = []
        bold = None
        for run in self._runs(p):
            text = self._text(run)
            if text:
                pieces.append(text)
                if text.strip() and bold is not False:
                    bold = self._bold(run, style)
        num = self._numbering(ppr, style)
        label = self.numbering.label(*num) if num else ""
        outline = self._val(ppr, self.OUTLINE)
        heading = self.styles.is_heading(style) or outline in OUTLINE_LEVELS
        text = "".join(pieces)
        return (f"{label} {text}" if label and text.strip() else text,
                bool(bold), heading, num is not None)

    def _runs(self, parent: etree._Element):
        for child in parent:
            if child.tag == self.R:
                yield child
            elif child.tag in self.run_containers:
                yield from self._runs(child)

    def _text(self, run: etree._Element) -> str:
        rpr = run.find(self.RPR)
        if rpr is not None and on(rpr.find(self.VANISH), self.VAL):
            return ""
        out = []
        for child in run:
            tag = child.tag
            if tag == self.T:
                out.append(child.text or "")
            elif tag == self.BR:
                if child.get(self.TYPE, "textWrapping") == "textWrapping":
                    out.append("\n")  # page and column breaks are layout, not line breaks
            else:
                out.append(self.run_text.get(tag, ""))
        return "".join(out)

    def _bold(self, run: etree._Element, paragraph_style: str | None) -> bool:
        rpr = run.find(self.RPR)
        if rpr is not None:
            direct = on(rpr.find(self.B), self.VAL)
            if direct is not None:
                return direct
            run_style = self.styles.bold(self._val(rpr, self.RSTYLE))
            if run_style is not None:
                return run_style
        return bool(self.styles.bold(paragraph_style))

    def _numbering(self, ppr: etree._Element | None, style: str | None) -> tuple[str, int] | None:
        numpr = ppr.find(self.NUMPR) if ppr is not None else None
        if numpr is None:
            return self.styles.numbering(style)
        num_id = self._val(numpr, self.NUMID)
        level = self._val(numpr, self.ILVL)
        if num_id is None:  # only a level given: the style says which list
            from_style = self.styles.numbering(style)
            num_id = from_style[0] if from_style else None
        if not num_id or num_id == "0":
            return None
        return num_id, int(level) if level and level.isdigit() else 0

    def _val(self, parent: etree._Element | None, tag: str) -> str | None:
        if parent is None:
            return None
        child = parent.find(tag)
        return None if child is None else child.get(self.VAL)

    # -- tables ----------------------------------------------------------------------------
    def rows(self, tbl: etree._Element) -> list[list[str]]:
        """Cell texts per row, every row as wide as the widest (merged cells de-duplicated)."""
        rows = []
        for tr in self._children(tbl, self.TR):
            trpr = tr.find(self.TRPR)
            cells = [""] * self._count(trpr, self.BEFORE)
            for tc in self._children(tr, self.TC):
                tcpr = tc.find(self.TCPR)
                cells.append("" if self._continues(tcpr) else self._cell(tc))
                cells.extend([""] * (self._count(tcpr, self.SPAN) - 1))
            cells.extend([""] * self._count(trpr, self.AFTER))
            rows.append(cells)
        width = max((len(r) for r in rows), default=0)
        return [r + [""] * (width - len(r)) for r in rows]

    def _cell(self, tc: etree._Element) -> str:
        pieces: list[str] = []
        for child in self._children(tc, self.P, self.TBL):
            if child.tag == self.P:
                pieces.append(self.paragraph(child)[0])
            else:
                pieces.append(flatten_table(self.rows(child)))
        return cell_text(pieces)

    def _children(self, parent: etree._Element, *tags: str):
        """Children with these tags, looking through content controls and custom XML."""
        for child in parent:
            if child.tag in tags:
                yield child
            elif child.tag in self.block_containers:
                yield from self._children(child, *tags)

    def _continues(self, tcpr: etree._Element | None) -> bool:
        """Whether the cell continues a merge started above (vMerge) or to the left (hMerge)."""
        if tcpr is None:
            return False
        for tag in (self.VMERGE, self.HMERGE):
            merge = tcpr.find(tag)
            if merge is not None and merge.get(self.VAL, "continue") == "continue":
                return True
        return False

    def _count(self, parent: etree._Element | None, tag: str) -> int:
        """gridSpan / gridBefore / gridAfter: 1 for a span, 0 for the others when absent."""
        value = self._val(parent, tag)
        default = 1 if tag == self.SPAN else 0
        if value is None or not re.fullmatch(r"\d{1,6}", value):
            return default
        return min(max(int(value), default), MAX_SPAN)


READER = DocxReader()

"""Reader for legacy Word 97-2003 documents (.doc).

LibreOffice (headless, with a throw-away profile, at most SOFFICE_TIMEOUT seconds) converts the
file to .docx, which the .docx reader reads. Whatever LibreOffice opens works the same way,
so an RTF file saved as .doc is read too. A .docx renamed .doc and a web page saved as .doc
(as portals often serve plans) go straight to the .docx and HTML readers.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from cchc.errors import InputError
from cchc.extract.document import Document
from cchc.extract.readers import sniff
from cchc.extract.readers.docx import READER as DOCX
from cchc.extract.readers.html import READER as HTML

SOFFICE_TIMEOUT = 60  # seconds; a plan converts in 2-5 s
_DIRECT = {"zip": DOCX, "html": HTML}  # content a .doc may really hold, read without LibreOffice
_FILTERS = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97",
            "pdf": "pdf:writer_pdf_Export"}


class DocReader:
    extensions = (".doc",)

    def read(self, data: bytes, source: str) -> Document:
        kind, _ = sniff(data)
        if kind in _DIRECT:
            return _DIRECT[kind].read(data, source)
        if find_soffice() is None:
            raise InputError(f"{source}: đọc tệp .doc cũ cần LibreOffice "
                             "(gói Debian libreoffice-writer)")
        return DOCX.read(soffice_convert(data, "document.doc", "docx", source), source)


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(data: bytes, name: str, target: str, source: str | None = None) -> bytes:
    """The bytes of file `name` converted by LibreOffice to `target` ("docx", "doc", "pdf")."""
    source = source or name
    soffice = find_soffice()
    if soffice is None:
        raise InputError(f"{source}: chuyển đổi tệp cần LibreOffice "
                         "(gói Debian libreoffice-writer)")
    with tempfile.TemporaryDirectory(prefix="cchc-soffice-") as tmp:
        work = Path(tmp)
        (work / name).write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                   "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", _FILTERS[target], "--outdir", str(work / "out"),
                   str(work / name)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True, cwd=work)
        try:
            process.communicate(timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise InputError(f"{source}: LibreOffice chuyển đổi tệp quá {SOFFICE_TIMEOUT} "
                             "giây") from None
        result = work / "out" / f"{Path(name).stem}.{target}"
        if not result.is_file():
            raise InputError(f"{source}: LibreOffice không chuyển đổi được tệp "
                             "(bị hỏng hoặc có mật khẩu?)")
        return result.read_bytes()


READER = DocReader()

"""Checks on an uploaded file before any workbook parser sees it.

Contract: :func:`check_xlsx` reads only the zip directory and ``[Content_Types].xml`` (with defusedxml) and
returns ``None`` for a plain Excel workbook (.xlsx) within :class:`Limits`, or one message in plain words
saying why the file is refused: too large; not a zip (an old .xls, an encrypted workbook, another kind of
file); a workbook with macros (.xlsm), a template or a binary workbook; another Office document; encrypted
zip entries; too many entries or too much data once uncompressed (a zip bomb). Sizes come from the zip's
central directory, which also bounds what :mod:`zipfile` will ever decompress for each entry, so the caps
hold even for a file that lies about its sizes. No Flask, no SQLAlchemy.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from defusedxml import ElementTree as SafeET

#: the main part of a plain workbook
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
REFUSED_MAIN = {
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml":
        "This is a workbook with macros (.xlsm), which is not accepted. In Excel choose File › Save As › "
        "Excel Workbook (.xlsx) and upload that file.",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml":
        "This is an Excel template (.xltx). Save it as an Excel Workbook (.xlsx) and upload that file.",
    "application/vnd.ms-excel.template.macroEnabled.main+xml":
        "This is an Excel template with macros (.xltm). Save it as an Excel Workbook (.xlsx) and upload that file.",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main":
        "This is a binary Excel workbook (.xlsb). Save it as an Excel Workbook (.xlsx) and upload that file.",
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass(frozen=True)
class Limits:
    """Caps on an uploaded workbook."""

    #: the file itself
    max_bytes: int = 8 * 1024 * 1024
    #: all zip entries once uncompressed
    max_uncompressed: int = 64 * 1024 * 1024
    #: number of zip entries
    max_entries: int = 2000


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def check_xlsx(data: bytes, limits: Limits) -> str | None:
    """``None`` when ``data`` is a plain .xlsx workbook within ``limits``, else why it is refused.

    :param data: the uploaded file
    :param limits: size, uncompressed size and entry-count caps
    """
    if not data:
        return "The file is empty."
    if len(data) > limits.max_bytes:
        return f"The file is larger than {_megabytes(limits.max_bytes)}; nothing was read."
    if data.startswith(OLE_MAGIC):
        return ("This file is protected by a password or is in the old Excel 97–2003 format (.xls). Remove the "
                "password and save it as an Excel Workbook (.xlsx), then upload it again.")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return "This is not an Excel workbook (.xlsx). Save the offline questionnaire as an Excel Workbook (.xlsx)."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_entries:
                return f"The workbook holds more than {limits.max_entries} parts; it was not read."
            total = sum(entry.file_size for entry in entries)
            if total > limits.max_uncompressed:
                return (f"The workbook would take more than {_megabytes(limits.max_uncompressed)} once "
                        "uncompressed; it was not read.")
            if any(entry.flag_bits & 0x1 for entry in entries):
                return "The workbook is encrypted. Remove the password, save it as .xlsx and upload it again."
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return REFUSED_MAIN["application/vnd.ms-excel.sheet.macroEnabled.main+xml"]
            if "[Content_Types].xml" not in names:
                if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                    return ("This is an OpenDocument file (.ods). Save it as an Excel Workbook (.xlsx) and upload "
                            "that file.")
                return "This is not an Excel workbook (.xlsx): its list of content types is missing."
            types = _content_types(archive.read("[Content_Types].xml"))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
        return "The file is damaged and cannot be opened as a workbook."
    except SafeET.ParseError:
        return "This is not an Excel workbook (.xlsx): its list of content types cannot be read."
    except ValueError:  # defusedxml refuses entity declarations and the like
        return "This is not an Excel workbook (.xlsx): its list of content types is not plain XML."
    for content_type in types:
        if content_type in REFUSED_MAIN:
            return REFUSED_MAIN[content_type]
    if any("vbaProject" in t or "macroEnabled" in t for t in types):
        return REFUSED_MAIN["application/vnd.ms-excel.sheet.macroEnabled.main+xml"]
    if XLSX_MAIN not in types:
        if any("wordprocessingml" in t for t in types):
            return "This is a Word document, not an Excel workbook (.xlsx)."
        if any("presentationml" in t for t in types):
            return "This is a PowerPoint presentation, not an Excel workbook (.xlsx)."
        if any("opendocument" in t for t in types):
            return "This is an OpenDocument file. Save it as an Excel Workbook (.xlsx) and upload that file."
        return "This is not an Excel workbook (.xlsx)."
    return None


def _content_types(xml: bytes) -> set[str]:
    root = SafeET.fromstring(xml, forbid_dtd=True)
    found = set()
    for element in root:
        value = element.get("ContentType")
        if value:
            found.add(value)
    return found

"""Checks on an uploaded file before any workbook parser sees it.

Contract: :func:`check_xlsx` reads the zip directory and ``[Content_Types].xml`` (with defusedxml), then
streams every part once without parsing it, and returns ``None`` for a plain Excel workbook (.xlsx) within
:class:`Limits`, or one message in plain words saying why the file is refused: too large; not a zip (an old
.xls, an encrypted workbook, another kind of file); a workbook with macros (.xlsm), a template or a binary
workbook; another Office document; encrypted zip entries; too many entries or too much data once
uncompressed (a zip bomb); damaged (a corrupt compressed stream or a wrong checksum); more cells in its
sheets, or more XML elements in its parts, than the limits allow (rows padded out to make a parser work for
minutes). Sizes come from the zip's central directory, which also bounds what :mod:`zipfile` will ever
decompress for each entry, so the caps hold even for a file that lies about its sizes; cells and elements are
counted in the bytes themselves (a count, not a clock), so what a parser reads afterwards is bounded too. No
Flask, no SQLAlchemy.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
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
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
DAMAGED = ("The file is damaged (part of it was lost, perhaps when it was copied, sent or downloaded) and cannot be "
           "opened as a workbook. Open your saved copy in Excel or LibreOffice; if it opens, save it again as an Excel "
           "Workbook (.xlsx) and upload that file, otherwise download a new offline workbook.")
#: a file that is a zip archive but not a workbook this site can read (said without the program's own words)
UNREADABLE = ("The file cannot be read as an Excel workbook: it may have been saved in another format or by a program "
              "that writes .xlsx files differently. Open it in Excel or LibreOffice, save it as an Excel Workbook "
              "(.xlsx) and upload it again.")
#: the refusals of :func:`check_xlsx` that name no figure, by key (the offline reader says them in the person's
#: language)
SAFETY_REFUSALS = {
    "empty": "The file is empty.",
    "old_excel": "This file is protected by a password or is in the old Excel 97–2003 format (.xls). Remove the "
                 "password and save it as an Excel Workbook (.xlsx), then upload it again.",
    "not_xlsx": "This is not an Excel workbook (.xlsx). Save the offline questionnaire as an Excel Workbook (.xlsx).",
    "encrypted": "The workbook is encrypted. Remove the password, save it as .xlsx and upload it again.",
    "macros": REFUSED_MAIN["application/vnd.ms-excel.sheet.macroEnabled.main+xml"],
    "ods": "This is an OpenDocument file (.ods). Save it as an Excel Workbook (.xlsx) and upload that file.",
    "no_content_types": "This is not an Excel workbook (.xlsx): its list of content types is missing.",
    "too_large": "The file is larger than {size}; nothing was read.",
    "too_many_parts": "The workbook holds more than {count} parts; it was not read.",
    "too_large_uncompressed": "The workbook would take more than {size} once uncompressed; it was not read.",
    "too_many_cells": "The workbook holds more than {count} cells ({cells} on the sheet {sheet}), far more than the "
                      "offline questionnaire has; it was not read. Delete the rows or columns added to it, or download "
                      "a new offline workbook.",
    "too_many_entries": "The workbook holds more than {count} entries (cells, texts, formats), far more than the "
                        "offline questionnaire has; it was not read. Download a new offline workbook.",
}


class Refusal(str):
    """A refusal of :func:`check_xlsx` in English, which also names its sentence in :data:`SAFETY_REFUSALS` and
    the values filled in, so that a reader can say it in another language."""

    key: str
    values: dict[str, str]

    def __new__(cls, key: str, **values: str) -> Refusal:
        made = super().__new__(cls, SAFETY_REFUSALS[key].format(**values))
        made.key = key
        made.values = values
        return made
#: parts that are XML (and so parsed by openpyxl); pictures and other binary parts are not counted
XML_PARTS = (".xml", ".rels", ".vml")
#: the start of an XML element (not an end tag, comment, CDATA or processing instruction)
_START_TAG = re.compile(rb"<[A-Za-z_]")
#: the start of a cell element, with or without a namespace prefix
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c[\s/>]")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Caps on an uploaded workbook."""

    #: the file itself
    max_bytes: int = 8 * 1024 * 1024
    #: all zip entries once uncompressed
    max_uncompressed: int = 64 * 1024 * 1024
    #: number of zip entries
    max_entries: int = 2000
    #: cells in all worksheets together (the offline questionnaire of the full questionnaire has about 7,000)
    max_cells: int = 100_000
    #: XML elements in all parts together (cells, shared strings, styles…; about 17,000 in the full one)
    max_xml_elements: int = 500_000


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def check_xlsx(data: bytes, limits: Limits) -> str | None:
    """``None`` when ``data`` is a plain .xlsx workbook within ``limits``, else why it is refused.

    :param data: the uploaded file
    :param limits: caps on size, uncompressed size, entries, cells and XML elements
    """
    if not data:
        return SAFETY_REFUSALS["empty"]
    if len(data) > limits.max_bytes:
        return Refusal("too_large", size=_megabytes(limits.max_bytes))
    if data.startswith(OLE_MAGIC):
        return SAFETY_REFUSALS["old_excel"]
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return SAFETY_REFUSALS["not_xlsx"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > limits.max_entries:
                return Refusal("too_many_parts", count=str(limits.max_entries))
            total = sum(entry.file_size for entry in entries)
            if total > limits.max_uncompressed:
                return Refusal("too_large_uncompressed", size=_megabytes(limits.max_uncompressed))
            if any(entry.flag_bits & 0x1 for entry in entries):
                return SAFETY_REFUSALS["encrypted"]
            names = {entry.filename for entry in entries}
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return SAFETY_REFUSALS["macros"]
            if "[Content_Types].xml" not in names:
                if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument"):
                    return SAFETY_REFUSALS["ods"]
                return SAFETY_REFUSALS["no_content_types"]
            types, worksheets = _content_types(archive.read("[Content_Types].xml"))
            refusal = _check_types(types) or _check_counts(archive, entries, worksheets, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error):
        return DAMAGED
    except NotImplementedError:  # a compression method zipfile does not know
        return "The workbook is compressed in a way this site cannot read. Save it again as an Excel Workbook (.xlsx)."
    except SafeET.ParseError:
        return "This is not an Excel workbook (.xlsx): its list of content types cannot be read."
    except ValueError:  # defusedxml refuses entity declarations and the like
        return "This is not an Excel workbook (.xlsx): its list of content types is not plain XML."
    return refusal


def _check_types(types: set[str]) -> str | None:
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


def _content_types(xml: bytes) -> tuple[set[str], set[str]]:
    """The content types named in ``[Content_Types].xml``, and the zip names of the worksheet parts."""
    root = SafeET.fromstring(xml, forbid_dtd=True)
    found = set()
    worksheets = set()
    for element in root:
        value = element.get("ContentType")
        if value:
            found.add(value)
            if value == WORKSHEET and element.get("PartName"):
                worksheets.add(element.get("PartName", "").lstrip("/"))
    return found, worksheets


def _check_counts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], worksheets: set[str],
                  limits: Limits) -> str | None:
    """Read every part once (so a damaged stream or a wrong checksum shows here, before any parser), count the
    XML elements of every XML part and the cells of every worksheet, and refuse past the limits.

    :raises zipfile.BadZipFile: a wrong checksum
    :raises zlib.error: a corrupt compressed stream
    """
    elements = 0
    cells: dict[str, int] = {}
    for entry in entries:
        if entry.is_dir():
            continue
        counted = entry.filename.lower().endswith(XML_PARTS)
        is_sheet = entry.filename in worksheets
        found_elements, found_cells = _count_tags(archive, entry, counted, is_sheet)
        elements += found_elements
        if is_sheet:
            cells[entry.filename] = found_cells
        if sum(cells.values()) > limits.max_cells:
            fullest = max(cells, key=lambda name: cells[name])
            return Refusal("too_many_cells", count=f"{limits.max_cells:,}", cells=f"{cells[fullest]:,}",
                           sheet=_sheet_name(archive, fullest))
        if elements > limits.max_xml_elements:
            return Refusal("too_many_entries", count=f"{limits.max_xml_elements:,}")
    return None


def _count_tags(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, counted: bool, is_sheet: bool) -> tuple[int, int]:
    """``(elements, cells)`` of one part, read in chunks to the end (which checks its CRC)."""
    elements = cells = 0
    tail = b""
    with archive.open(entry) as stream:
        while chunk := stream.read(_CHUNK):
            if not counted:
                continue
            buffer = tail + chunk
            # a tag cut in two by the chunk boundary is counted with the next chunk
            cut = buffer.rfind(b"<")
            cut = len(buffer) if cut < 0 else cut
            elements += len(_START_TAG.findall(buffer, 0, cut))
            if is_sheet:
                cells += len(_CELL_TAG.findall(buffer, 0, cut))
            tail = buffer[cut:]
    elements += len(_START_TAG.findall(tail))
    if is_sheet:
        cells += len(_CELL_TAG.findall(tail))
    return elements, cells


def _sheet_name(archive: zipfile.ZipFile, part: str) -> str:
    """The name people see for a worksheet part ("'Criminalisation'"), or the part's own name when the
    workbook does not say."""
    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        targets = {}
        for element in SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"), forbid_dtd=True):
            target = element.get("Target", "")
            targets[element.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
        for element in SafeET.fromstring(archive.read("xl/workbook.xml"), forbid_dtd=True).iter():
            if element.tag.endswith("}sheet") and targets.get(element.get(relationships)) == part:
                return repr(element.get("name"))
    except (KeyError, ValueError, SafeET.ParseError, zipfile.BadZipFile, zlib.error):
        pass
    return part

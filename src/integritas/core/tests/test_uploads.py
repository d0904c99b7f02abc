"""Attachment cleaning keeps Office documents valid and removes every author trace (issue 11,
item 8); an empty file is called empty."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import translation
from django.utils.datastructures import MultiValueDict

from integritas.core.forms import upload_errors
from integritas.core.uploads import check_upload

AUTHOR = "Budi Santoso"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rewrite(data: bytes, changes: dict[str, bytes]) -> bytes:
    """``data`` (a ZIP) with parts replaced or added from ``changes``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename not in changes:
                dst.writestr(info, src.read(info.filename))
        for name, content in changes.items():
            dst.writestr(name, content)
    return out.getvalue()


def _docx_with_authors() -> bytes:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.core_properties.author = AUTHOR
    document.core_properties.last_modified_by = AUTHOR
    paragraph = document.add_paragraph("Antrian di loket perizinan sangat panjang.")
    document.add_comment(paragraph.runs, text="Periksa lagi", author=AUTHOR, initials="BS")
    paragraph._p.append(
        parse_xml(
            f'<w:ins xmlns:w="{W}" w:id="91" w:author="{AUTHOR}" w:date="2026-01-02T03:04:05Z">'
            "<w:r><w:t> Ditambahkan.</w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del xmlns:w="{W}" w:id="92" w:author="{AUTHOR}" w:date="2026-01-02T03:04:05Z">'
            "<w:r><w:delText> Dihapus.</w:delText></w:r></w:del>"
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        doc_rels = archive.read("word/_rels/document.xml.rels").decode()
        root_rels = archive.read("_rels/.rels").decode()
        types = archive.read("[Content_Types].xml").decode()
        settings = archive.read("word/settings.xml").decode()
    people = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f'<w15:person w15:author="{AUTHOR}"><w15:presenceInfo w15:providerId="AD" '
        'w15:userId="budi@sukamaju.go.id"/></w15:person></w15:people>'
    )
    doc_rels = doc_rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/office/2011/'
        'relationships/people" Target="people.xml"/></Relationships>',
    )
    custom = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
        ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Owner">'
        f"<vt:lpwstr>{AUTHOR}</vt:lpwstr></property></Properties>"
    )
    root_rels = root_rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/people.xml" ContentType="application/vnd.ms-word.people+xml"/>'
        '<Override PartName="/docProps/custom.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>',
    )
    settings = re.sub(
        r"(<w:settings[^>]*>)",
        r'\1<w:attachedTemplate r:id="rIdTpl"/>',
        settings,
        count=1,
    )
    if "xmlns:r=" not in settings.split(">", 2)[1]:
        settings = settings.replace(
            "<w:settings ",
            '<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" ',
            1,
        )
    settings_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/attachedTemplate" Target="file:///C:\\Users\\budi.santoso\\Templates\\'
        'Normal.dotm" TargetMode="External"/></Relationships>'
    )
    app = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Company>Dinas Sukamaju</Company><Manager>Budi Santoso</Manager>'
        "</Properties>"
    )
    return _rewrite(
        data,
        {
            "word/people.xml": people.encode(),
            "word/_rels/document.xml.rels": doc_rels.encode(),
            "docProps/custom.xml": custom.encode(),
            "docProps/app.xml": app.encode(),
            "_rels/.rels": root_rels.encode(),
            "[Content_Types].xml": types.encode(),
            "word/settings.xml": settings.encode(),
            "word/_rels/settings.xml.rels": settings_rels.encode(),
        },
    )


def _package_problems(data: bytes) -> list[str]:
    """Relationships pointing to missing parts and content types for missing parts."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        for name in names:
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            for target, mode in re.findall(
                r'Target="([^"]*)"(?:\s+TargetMode="([^"]*)")?', archive.read(name).decode()
            ):
                if mode == "External":
                    continue
                if target.startswith("/"):
                    resolved = posixpath.normpath(target).lstrip("/")
                else:
                    resolved = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
                if resolved not in names:
                    problems.append(f"{name} -> {target}")
        types = archive.read("[Content_Types].xml").decode()
        for part in re.findall(r'PartName="/([^"]*)"', types):
            if part not in names:
                problems.append(f"[Content_Types].xml -> {part}")
    return problems


def _all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(n).decode("utf-8", "replace")
            for n in archive.namelist()
            if n.endswith((".xml", ".rels"))
        )


def test_the_fixture_really_has_the_traces() -> None:
    data = _docx_with_authors()
    text = _all_text(data)
    assert text.count(AUTHOR) >= 5 and "budi.santoso" in text and "budi@sukamaju" in text
    assert _package_problems(data) == []


def test_a_cleaned_docx_opens_and_has_no_author() -> None:
    import docx

    cleaned = check_upload(io.BytesIO(_docx_with_authors()), name="surat.docx", allowed={"docx"})
    assert cleaned.kind == "docx"
    assert _package_problems(cleaned.content) == []
    with zipfile.ZipFile(io.BytesIO(cleaned.content)) as archive:
        names = set(archive.namelist())
    assert "docProps/app.xml" not in names and "docProps/custom.xml" not in names
    assert "word/people.xml" not in names
    text = _all_text(cleaned.content)
    for trace in (AUTHOR, "Budi", "budi", "BS", "Dinas Sukamaju", "attachedTemplate"):
        assert trace not in text, trace
    opened = docx.Document(io.BytesIO(cleaned.content))
    assert "Antrian di loket perizinan" in opened.paragraphs[0].text
    assert opened.core_properties.author == ""
    assert opened.core_properties.last_modified_by == ""
    comments = list(opened.comments)
    assert [c.text for c in comments] == ["Periksa lagi"]
    assert all(c.author == "" and c.initials == "" for c in comments)
    xml = opened.element.xml
    assert "Ditambahkan" in xml and "Dihapus" in xml  # tracked changes kept, authors gone


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_a_cleaned_docx(tmp_path: Path) -> None:
    cleaned = check_upload(io.BytesIO(_docx_with_authors()), name="surat.docx", allowed={"docx"})
    source = tmp_path / "surat.docx"
    source.write_bytes(cleaned.content)
    soffice = shutil.which("soffice")
    assert soffice is not None
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        check=False,
    )
    converted = tmp_path / "surat.txt"
    assert result.returncode == 0 and converted.exists(), result.stderr
    assert "Antrian di loket perizinan" in converted.read_text(encoding="utf-8-sig")


def test_a_cleaned_xlsx_opens_and_has_no_author() -> None:
    import openpyxl
    from openpyxl.comments import Comment

    workbook = openpyxl.Workbook()
    workbook.properties.creator = AUTHOR
    workbook.properties.lastModifiedBy = AUTHOR
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = "Nilai"
    sheet["A1"].comment = Comment("Periksa lagi", AUTHOR)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert AUTHOR in _all_text(buffer.getvalue())
    cleaned = check_upload(io.BytesIO(buffer.getvalue()), name="nilai.xlsx", allowed={"xlsx"})
    assert _package_problems(cleaned.content) == []
    assert "Budi" not in _all_text(cleaned.content)
    opened = openpyxl.load_workbook(io.BytesIO(cleaned.content))
    cell = opened.active["A1"]  # type: ignore[index]  # the active sheet exists
    assert cell.value == "Nilai"
    assert cell.comment is not None and "Periksa lagi" in cell.comment.text


def test_a_cleaned_pptx_keeps_its_package_whole_without_authors() -> None:
    ct = "application/vnd.openxmlformats-officedocument.presentationml"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            f'ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" '
            f'ContentType="{ct}.presentation.main+xml"/><Override PartName="/ppt/'
            f'commentAuthors.xml" ContentType="{ct}.commentAuthors+xml"/><Override '
            'PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.extended-properties+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            f'Type="{rel}/officeDocument" Target="ppt/presentation.xml"/><Relationship Id="rId2" '
            f'Type="{rel}/extended-properties" Target="docProps/app.xml"/></Relationships>'
        ),
        "ppt/presentation.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><p:presentation xmlns:p="http://schemas.'
            'openxmlformats.org/presentationml/2006/main"/>'
        ),
        "ppt/_rels/presentation.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" '
            f'Type="{rel}/commentAuthors" Target="commentAuthors.xml"/></Relationships>'
        ),
        "ppt/commentAuthors.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><p:cmAuthorLst xmlns:p="http://schemas.'
            'openxmlformats.org/presentationml/2006/main"><p:cmAuthor id="0" '
            f'name="{AUTHOR}" initials="BS" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>'
        ),
        "docProps/app.xml": "<Properties><Company>Dinas Sukamaju</Company></Properties>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    cleaned = check_upload(io.BytesIO(buffer.getvalue()), name="paparan.pptx", allowed={"pptx"})
    assert _package_problems(cleaned.content) == []
    text = _all_text(cleaned.content)
    assert "Budi" not in text and "Sukamaju" not in text and "BS" not in text
    assert "cmAuthor" in text  # the comment authors list stays (comments refer to it)


def test_an_empty_file_is_called_empty() -> None:
    with translation.override("id"), pytest.raises(ValidationError) as caught:
        check_upload(io.BytesIO(b""), name="kosong.pdf", allowed={"pdf"})
    assert caught.value.messages == ["Berkas kosong."]

    class EvidenceLike(forms.Form):
        title = forms.CharField()
        file = forms.FileField()

    with translation.override("id"):
        files: MultiValueDict[str, UploadedFile[Any]] = MultiValueDict(
            {"file": [SimpleUploadedFile("kosong.pdf", b"")]}
        )
        empty = EvidenceLike({"title": "Bukti"}, files)
        assert not empty.is_valid()
        assert upload_errors(empty, "file") == ["Berkas kosong."]
        missing = EvidenceLike({"title": "Bukti"}, MultiValueDict())
        assert not missing.is_valid()
        assert upload_errors(missing, "file") == []  # nothing sent: the caller's own message

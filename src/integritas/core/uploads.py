"""Safe uploads: size limit, type from the bytes, metadata removed, stored privately.

DESIGN.md "Cross-cutting rules": uploads are checked against an allow-list by sniffing the
bytes (never the name or the browser's type), images are re-encoded (which drops EXIF, GPS
included), PDF and Office metadata (author, company) is removed, files are stored under
``MEDIA_ROOT`` with random names (outside the static root) and served only as attachments
with ``nosniff``.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import secrets
import zipfile
from dataclasses import dataclass
from typing import IO, Final

import filetype
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

#: Allowed kinds → (MIME type, extension). Callers pick a subset.
KINDS: Final[dict[str, tuple[str, str]]] = {
    "jpeg": ("image/jpeg", "jpg"),
    "png": ("image/png", "png"),
    "webp": ("image/webp", "webp"),
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
}
IMAGES: Final = frozenset({"jpeg", "png", "webp"})
DOCUMENTS: Final = frozenset({"pdf", "docx", "xlsx", "pptx"})
DEFAULT_MAX_BYTES: Final = 10 * 1024 * 1024
_OOXML_MAIN = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


@dataclass(frozen=True)
class SafeUpload:
    """A checked and cleaned upload, ready to store.

    ``content``: the cleaned bytes; ``kind``: a key of :data:`KINDS`; ``sha256``: hex digest
    of ``content``; ``original_name``: the client's file name, sanitised (for display only).
    """

    content: bytes
    kind: str
    mime: str
    extension: str
    sha256: str
    original_name: str

    @property
    def size(self) -> int:
        """Size of the cleaned content in bytes."""
        return len(self.content)


def _read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s MB."),
            code="upload_too_large",
            params={"limit": f"{max_bytes / (1024 * 1024):g}"},
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="upload_empty")
    return data


def _sniff(data: bytes) -> str | None:
    guess = filetype.guess(data)
    if guess is None:
        return None
    if guess.extension in {"jpg", "png", "webp", "pdf"}:
        extension: str = guess.extension
        return "jpeg" if extension == "jpg" else extension
    if guess.extension in {"zip", "docx", "xlsx", "pptx"}:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        for kind, main in _OOXML_MAIN.items():
            if main in names and "[Content_Types].xml" in names:
                return kind
    return None


def _clean_image(data: bytes, kind: str) -> bytes:
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = 50_000_000  # refuse decompression bombs
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened)  # keep orientation, then drop EXIF
            out = io.BytesIO()
            if kind == "jpeg":
                image.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
            elif kind == "png":
                image.save(out, format="PNG", optimize=True)
            else:
                image.save(out, format="WEBP", quality=88)
    except (OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ValidationError(_("The image cannot be read."), code="upload_corrupt") from exc
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("Encrypted PDF files cannot be accepted."), code="upload_encrypted"
            )
        # Rebuild from the pages alone: document-level metadata, JavaScript, open actions,
        # forms, outlines and embedded files are never copied.
        writer = PdfWriter()
        for page in reader.pages:
            # Clean the source page before copying: add_page copies what it references.
            for key in ("/Metadata", "/AA", "/Annots"):  # annotations can carry actions/files
                if key in page:
                    del page[key]
            resources = page.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources is not None else None
            if xobjects is not None:
                for ref in xobjects.get_object().values():
                    xobject = ref.get_object()
                    if "/Metadata" in xobject:
                        del xobject["/Metadata"]
            writer.add_page(page)
        writer.metadata = None
        out = io.BytesIO()
        writer.write(out)
    except (PdfReadError, ValueError, KeyError) as exc:
        raise ValidationError(_("The PDF file cannot be read."), code="upload_corrupt") from exc
    return out.getvalue()


_BLANK_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
#: Parts dropped from every Office file: extended properties (company, manager, template,
#: application), custom properties (any name a template adds) and Word's list of the people
#: who commented or edited (names, e-mail addresses, directory ids).
_OOXML_DROP: Final = frozenset({"docProps/app.xml", "docProps/custom.xml", "word/people.xml"})
#: Attributes naming a person anywhere in an Office part, whatever the namespace prefix:
#: ``w:author``/``w:initials`` on comments and tracked changes (``w:ins``, ``w:del``,
#: ``w:rPrChange`` …), ``w15:userId``/``providerId``, PowerPoint's comment authors.
_PERSON_ATTRIBUTES = re.compile(
    rb"(\s(?:[A-Za-z_][\w.-]*:)?(?:author|initials|userId|providerId))\s*=\s*(?:\"[^\"]*\"|'[^']*')"
)
#: Attributes naming a person only in the parts listed (elsewhere these names mean other
#: things: a table's ``displayName``, a defined ``name``).
_PERSON_ATTRIBUTES_IN: Final = {
    "ppt/commentAuthors.xml": re.compile(rb"(\s(?:name|initials))\s*=\s*(?:\"[^\"]*\"|'[^']*')"),
    "ppt/authors.xml": re.compile(rb"(\s(?:name|initials))\s*=\s*(?:\"[^\"]*\"|'[^']*')"),
    "xl/persons/person.xml": re.compile(rb"(\sdisplayName)\s*=\s*(?:\"[^\"]*\"|'[^']*')"),
}
#: Excel's legacy comment authors: ``<authors><author>Name</author></authors>``.
_XLSX_AUTHOR = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?author)>[^<]*</\1>")
#: A Word template attached by path (``file:///C:/Users/<name>/…``): the relationship is
#: removed and so is the element that points to it.
_TEMPLATE_REL_TYPE = b"/relationships/attachedTemplate"
_ATTACHED_TEMPLATE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?attachedTemplate\b[^>]*/>")
_RELATIONSHIP = re.compile(
    rb"<Relationship\b[^>]*?/>|<Relationship\b[^>]*?>.*?</Relationship>", re.S
)
_OVERRIDE = re.compile(rb"<Override\b[^>]*?/>", re.S)


def _attribute(element: bytes, name: bytes) -> str:
    found = re.search(rb"\s" + name + rb"\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", element)
    if found is None:
        return ""
    return (found.group(1) or found.group(2) or b"").decode("utf-8", "replace")


def _rels_source_folder(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` → ``word``; ``_rels/.rels`` → ``''``."""
    return posixpath.dirname(posixpath.dirname(rels_name))


def _clean_rels(rels_name: str, content: bytes, dropped: set[str]) -> bytes:
    """Remove relationships to dropped parts and to an attached template."""
    folder = _rels_source_folder(rels_name)

    def keep(match: re.Match[bytes]) -> bytes:
        element = match.group(0)
        if _TEMPLATE_REL_TYPE in element:
            return b""
        if _attribute(element, b"TargetMode") == "External":
            return element
        target = _attribute(element, b"Target")
        if target.startswith("/"):
            resolved = posixpath.normpath(target).lstrip("/")
        else:
            resolved = posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
        return b"" if resolved in dropped else element

    return _RELATIONSHIP.sub(keep, content)


def _clean_content_types(content: bytes, dropped: set[str]) -> bytes:
    def keep(match: re.Match[bytes]) -> bytes:
        part = _attribute(match.group(0), b"PartName").lstrip("/")
        return b"" if part in dropped else match.group(0)

    return _OVERRIDE.sub(keep, content)


def _clean_part(name: str, content: bytes) -> bytes:
    """Blank the person-naming attributes and elements of one XML part."""
    content = _PERSON_ATTRIBUTES.sub(rb'\1=""', content)
    specific = _PERSON_ATTRIBUTES_IN.get(name)
    if specific is not None:
        content = specific.sub(rb'\1=""', content)
    if name.startswith("xl/comments"):
        content = _XLSX_AUTHOR.sub(rb"<\1></\1>", content)
    if name == "word/settings.xml":
        content = _ATTACHED_TEMPLATE.sub(b"", content)
    return content


def _well_formed(name: str, content: bytes) -> None:
    # defusedxml ships no type hints; it refuses entity expansion and external references.
    from defusedxml import ElementTree  # type: ignore[import-untyped]
    from defusedxml.common import DefusedXmlException  # type: ignore[import-untyped]

    try:
        ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise ValidationError(_("The file cannot be read."), code="upload_corrupt") from exc


def _clean_ooxml(data: bytes) -> bytes:
    """Rewrite an Office file (DOCX, XLSX, PPTX) without author traces, still valid.

    Document properties are blanked (``core.xml``) or dropped with every reference to them
    (``app.xml``, ``custom.xml``, Word's ``people.xml``: the relationships in ``*.rels`` and
    the overrides in ``[Content_Types].xml`` go too, or Word and python-docx refuse the file);
    names and initials on comments and tracked changes are blanked; an attached template's
    path (which holds the Windows user name) is removed. Every rewritten part is checked to
    be well-formed XML.
    """
    out = io.BytesIO()
    try:
        with (
            zipfile.ZipFile(io.BytesIO(data)) as source,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
        ):
            total = 0
            for info in source.infolist():
                total += info.file_size
                if total > 200 * 1024 * 1024:  # refuse zip bombs
                    raise ValidationError(_("The file cannot be read."), code="upload_corrupt")
            names = set(source.namelist())
            dropped = {n for n in names if n in _OOXML_DROP}
            for info in source.infolist():
                name = info.filename
                if name in dropped:
                    continue
                if name == "docProps/core.xml":
                    target.writestr(info, _BLANK_CORE)
                    continue
                content = source.read(name)
                if name.endswith(".rels"):
                    cleaned = _clean_rels(name, content, dropped)
                elif name == "[Content_Types].xml":
                    cleaned = _clean_content_types(content, dropped)
                elif name.endswith(".xml"):
                    cleaned = _clean_part(name, content)
                else:
                    cleaned = content
                if cleaned is not content:
                    _well_formed(name, cleaned)
                target.writestr(info, cleaned)
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("The file cannot be read."), code="upload_corrupt") from exc
    return out.getvalue()


def max_file_bytes() -> int:
    """The largest single file any form accepts (setting ``INTEGRITAS_MAX_FILE_BYTES``)."""
    return int(getattr(settings, "INTEGRITAS_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))


class CappedUploadHandler(FileUploadHandler):
    """First upload handler: counts the bytes of a multipart body as they stream and stops at
    the cap, before the next handler (memory or temporary file) receives the excess.

    Caps: ``INTEGRITAS_MAX_FILE_BYTES`` per file and ``INTEGRITAS_MAX_REQUEST_BYTES`` for all
    files together. The request is marked ``integritas_too_large`` so that
    :class:`integritas.core.middleware.RequestSizeLimitMiddleware` answers 413.
    """

    def handle_raw_input(
        self,
        input_data: IO[bytes],
        META: dict[str, str],
        content_length: int,
        boundary: str,
        encoding: str | None = None,
    ) -> None:
        from integritas.core.middleware import max_request_bytes

        self.total_cap = max_request_bytes()
        self.file_cap = max_file_bytes()
        self.total = 0
        self.in_file = 0

    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]  # Django passes them through
        self.in_file = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.total += len(raw_data)
        self.in_file += len(raw_data)
        if self.in_file > self.file_cap or self.total > self.total_cap:
            if self.request is not None:
                self.request.integritas_too_large = True  # type: ignore[attr-defined]  # read by the middleware
            raise RequestDataTooBig("upload over the configured cap")
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler builds the file


def check_upload(
    stream: IO[bytes],
    *,
    name: str,
    allowed: frozenset[str] | set[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    strip_metadata: bool = True,
) -> SafeUpload:
    """Read, check and clean one uploaded file.

    ``allowed``: keys of :data:`KINDS`. Images are always re-encoded (dropping EXIF);
    with ``strip_metadata`` PDF and Office metadata is removed too. Raises
    ``ValidationError`` (message in the active language) when the file is empty, over
    ``max_bytes``, of a type not in ``allowed`` whatever its name says, or unreadable.
    """
    data = _read_limited(stream, max_bytes)
    kind = _sniff(data)
    if kind is None or kind not in allowed:
        names = ", ".join(sorted(KINDS[k][1].upper() for k in allowed))
        raise ValidationError(
            _("This type of file is not accepted. Allowed: %(types)s."),
            code="upload_type",
            params={"types": names},
        )
    if kind in IMAGES:
        data = _clean_image(data, kind)
    elif strip_metadata and kind == "pdf":
        data = _clean_pdf(data)
    elif strip_metadata and kind in _OOXML_MAIN:
        data = _clean_ooxml(data)
    mime, extension = KINDS[kind]
    base = get_valid_filename(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]) or "berkas"
    stem = base.rsplit(".", 1)[0][:80] or "berkas"
    return SafeUpload(
        content=data,
        kind=kind,
        mime=mime,
        extension=extension,
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=f"{stem}.{extension}",
    )


def random_storage_name(prefix: str, extension: str = "bin") -> str:
    """A random private storage name ``<prefix>/<random>.<extension>`` (reveals nothing)."""
    return f"{prefix.strip('/')}/{secrets.token_urlsafe(18)}.{extension}"


def store_upload(upload: SafeUpload, *, prefix: str) -> str:
    """Save ``upload`` under ``MEDIA_ROOT/<prefix>/`` with a random name; return that name."""
    name = random_storage_name(prefix, upload.extension)
    return default_storage.save(name, ContentFile(upload.content))


def attachment_response(storage_name: str, *, filename: str, mime: str) -> FileResponse:
    """Serve a stored upload as a download, never inline, with ``nosniff``."""
    handle = default_storage.open(storage_name, "rb")
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response

"""What files a request may carry: at most 10 MB each, of a short list of office and image formats whose
first bytes match the claimed type (so an HTML page renamed to ``.pdf`` is refused)."""

from __future__ import annotations

import mimetypes
import os
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS_PER_MESSAGE = 10

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
# content type → (allowed file extensions, allowed leading bytes; empty for text, which is checked for NUL bytes)
ALLOWED_TYPES: dict[str, tuple[frozenset[str], tuple[bytes, ...]]] = {
    "application/pdf": (frozenset({".pdf"}), (b"%PDF-",)),
    "image/jpeg": (frozenset({".jpg", ".jpeg"}), (b"\xff\xd8\xff",)),
    "image/png": (frozenset({".png"}), (b"\x89PNG\r\n\x1a\n",)),
    "image/gif": (frozenset({".gif"}), (b"GIF87a", b"GIF89a")),
    "image/webp": (frozenset({".webp"}), (b"RIFF",)),
    "text/plain": (frozenset({".txt"}), ()),
    "text/csv": (frozenset({".csv"}), ()),
    "application/msword": (frozenset({".doc"}), _OLE),
    "application/vnd.ms-excel": (frozenset({".xls"}), _OLE),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (frozenset({".docx"}), _ZIP),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (frozenset({".xlsx"}), _ZIP),
    "application/vnd.oasis.opendocument.text": (frozenset({".odt"}), _ZIP),
    "application/vnd.oasis.opendocument.spreadsheet": (frozenset({".ods"}), _ZIP),
}


@dataclass(frozen=True)
class CheckedAttachment:
    file: File
    original_name: str
    content_type: str
    size: int


def _head(file: File, length: int = 1024) -> bytes:
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def validate_attachment(file: File) -> CheckedAttachment:
    """Check one uploaded file and return what will be stored about it, or raise ValidationError.

    The content type is taken from the upload when given (``UploadedFile.content_type``), else guessed from the
    name; either way it must be on the whitelist, agree with the extension and with the file's first bytes.
    """
    original_name = os.path.basename(file.name or "").strip()[:255]
    if not original_name:
        raise ValidationError(_("The file has no name."), code="no_name")
    size = file.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": original_name})
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(limit)s."),
            code="too_large",
            params={"name": original_name, "size": filesizeformat(size), "limit": filesizeformat(MAX_ATTACHMENT_BYTES)},
        )
    content_type = (getattr(file, "content_type", None) or mimetypes.guess_type(original_name)[0] or "").lower()
    content_type = content_type.split(";")[0].strip()
    extension = os.path.splitext(original_name)[1].lower()
    allowed = ALLOWED_TYPES.get(content_type)
    if allowed is None or extension not in allowed[0]:
        raise ValidationError(
            _("“%(name)s” is not an accepted kind of file. Send PDF, images, text or office documents."),
            code="type_not_allowed",
            params={"name": original_name},
        )
    head = _head(file)
    signatures = allowed[1]
    if (signatures and not head.startswith(signatures)) or (not signatures and b"\x00" in head):
        raise ValidationError(
            _("“%(name)s” does not contain what its name says."),
            code="content_mismatch",
            params={"name": original_name},
        )
    return CheckedAttachment(file=file, original_name=original_name, content_type=content_type, size=size)

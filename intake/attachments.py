"""Checking uploaded files before anything is stored."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from intake.rules import sniff_content_type

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
}


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    content_type: str
    size: int
    sha256: str
    original_name: str


def _safe_name(name: str) -> str:
    base = (name or "file").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*')
    return base[:150] or "file"


def attachments_check(files: list[UploadedFile]) -> list[CheckedFile]:
    """Refuse the whole set when any file is too big, too many, or not an image or PDF by content."""
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("At most %(max)d files can be attached to one case.") % {"max": MAX_FILES}, code="too_many"
        )
    checked = []
    for upload in files:
        name = _safe_name(upload.name)
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("“%(name)s” is larger than 10 MB. Please attach a smaller file.") % {"name": name},
                code="too_big",
            )
        if upload.size == 0:
            raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
        upload.seek(0)
        head = upload.read(16)
        content_type = sniff_content_type(head)
        if content_type is None:
            raise ValidationError(
                _("“%(name)s” is not an image or a PDF (its content was checked, not its name).") % {"name": name},
                code="type",
            )
        if content_type.startswith("image/") and content_type != "image/heic":
            upload.seek(0)
            try:
                with Image.open(upload) as image:
                    image.verify()
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
                raise ValidationError(
                    _("“%(name)s” is damaged or is not really an image.") % {"name": name}, code="damaged"
                ) from exc
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append(CheckedFile(upload, content_type, upload.size, digest.hexdigest(), name))
    return checked

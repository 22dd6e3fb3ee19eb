"""Checking an uploaded PDF (meeting minutes and materials) before it is stored.

A PDF begins with `%PDF-` (within its first 1024 bytes, by the specification) and ends with an
`%%EOF` marker near its end; a file named .pdf that is anything else (a Word file, an image, an
executable renamed) is refused with a message beside the field. Size is limited as for photos.
"""

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PDF_MEGABYTES = MAX_PDF_BYTES // (1024 * 1024)
ACCEPT_PDF = "application/pdf,.pdf"


def validate_pdf(upload: File) -> None:
    """Raise ValidationError unless `upload` is a PDF of at most 20 MB named *.pdf."""
    name = (upload.name or "").lower()
    if not name.endswith(".pdf"):
        raise ValidationError(_("PDFファイル（.pdf）を選んでください。"), code="not_pdf")
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        raise ValidationError(
            _("ファイルが大きすぎます。%(mb)sMBまでにしてください。"),
            code="too_large",
            params={"mb": MAX_PDF_MEGABYTES},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        head = upload.read(1024)
        size = upload.size or 0
        upload.seek(max(0, size - 2048))
        tail = upload.read(2048)
    finally:
        upload.seek(position)
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise ValidationError(
            _("PDFファイルとして読めませんでした。PDF形式で保存したファイルを選んでください。"),
            code="not_pdf",
        )

"""Serving an uploaded photo: an image with a fixed type, revalidated by ETag, never a page.

Uploaded files are not static files: WhiteNoise serves only what collectstatic gathered, and
production has no separate media server, so each app's photo view (which decides who may see
the photo) answers with `photo_response`.
"""

import hashlib
from pathlib import Path

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.http import quote_etag

PHOTO_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
PHOTO_MAX_AGE = 3600  # seconds; a changed photo shows within the hour, and the ETag revalidates


def photo_response(request: HttpRequest, photo: FieldFile) -> HttpResponseBase:
    """An uploaded photo (an ImageField's file) as an image response, or 404 without one.

    Serves coordinators' photos and the photos of the plan's progress timeline.
    """
    name = photo.name  # empty or None without a photo
    content_type = PHOTO_TYPES.get(Path(name).suffix.lower()) if name else None
    if name is None or content_type is None:
        raise Http404("No photo")
    etag = quote_etag(hashlib.sha256(name.encode()).hexdigest()[:32])
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponseBase = HttpResponseNotModified()
    else:
        try:
            handle = photo.open("rb")
        except OSError:
            raise Http404("Photo file missing") from None
        response = FileResponse(handle, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={PHOTO_MAX_AGE}"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

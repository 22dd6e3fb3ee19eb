"""Uploaded files in S3-compatible object storage, for a fleet of app servers.

Chosen in the settings when S3_BUCKET is set (README "Settings"): every app server then reads
and writes the same bucket, so a photo uploaded through one is served by the others. Imported
only then (boto3 is slow to import), never by the local-disk setup.

Every object is written private (no public-read ACL) and nothing links to the bucket: each
app's view reads the file through the storage and streams it after its own permission check
(core.photos, nerizu.views). The storages below differ only in what `url()` answers.
"""

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import File
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage as BaseS3Storage

from core.storage import FileNotStored


@deconstructible(path="core.object_storage.S3Storage")
class S3Storage(BaseS3Storage):
    """django-storages' S3 storage, private objects, never overwriting a file of the same name
    (as the local disk: another name is chosen), and a failed upload (the bucket unreachable,
    refused) raised as FileNotStored, which the forms show as a message beside the file field
    (core.uploads). An upload is one PUT: the object exists whole or not at all."""

    default_settings_overrides = {
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
        # A signed URL (the admin's "currently" link) is good for five minutes.
        "querystring_expire": 300,
    }

    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), **self.default_settings_overrides}

    # django-stubs leaves out Storage._save, the private hook every storage implements.
    def _save(self, name: str, content: File) -> str:
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            raise FileNotStored(None, str(error), name) from error


@deconstructible(path="core.object_storage.PrivateS3Storage")
class PrivateS3Storage(S3Storage):
    """Files with no URL at all, not even a signed one: the only way out is a view that checks
    who is asking (the ネリーズ story photos, nerizu.storage)."""

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("Private files have no URL; link to the view that checks access.")

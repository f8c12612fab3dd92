import uuid

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: they have no URL at all, so no template can ever link to one directly.

    Files are served by a view that checks permission first (``responses.private_file_response``).
    """

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")


def private_path(folder: str, filename: str) -> str:
    """A storage path of our own (the name people gave a file is kept elsewhere): folder/uuid.extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{folder}/{uuid.uuid4()}.{extension}"


# What file storage raises when it cannot take a file: a full or read-only disk, or an S3 endpoint that
# refuses, times out or is unreachable. Upload views catch these, keep the form and ask to try again.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)
STORAGE_TRY_AGAIN = (
    "We could not store your file just now: our file store did not accept it. Nothing you typed is lost; "
    "please try again in a few minutes."
)

from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Local private files: they have no URL at all, so no template can ever link to one directly.

    Files are served by a view that checks permission first (``responses.private_file_response``).
    """

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")

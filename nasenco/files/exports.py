"""Putting stored files into a prepared download (a ZIP) without letting one unreadable file stop the rest:
a file missing from storage, or a storage error while reading it, is left out and named (issue 25, 11)."""

import logging
import zipfile

logger = logging.getLogger(__name__)

MISSING_NOTE = (
    "These files could not be read from the portal's file store when this download was prepared, so they are "
    "not in it. Everything else is. Tell the provider's office which file it was, so they can restore it.\n\n"
)


def copy_into(archive: zipfile.ZipFile, path: str, field_file) -> bool:
    """Copy ``field_file`` into ``archive`` at ``path`` a megabyte at a time; False (logged, and nothing
    written) if storage cannot open it or give its first megabyte."""
    try:
        with field_file.open("rb") as handle:
            first = handle.read(1 << 20)
            with archive.open(path, "w") as target:
                while first:
                    target.write(first)
                    first = handle.read(1 << 20)
    except Exception:  # missing, or the storage's own errors (S3's vary): the rest of the download goes on
        logger.exception("A stored file could not be read into a download: %s", getattr(field_file, "name", path))
        return False
    return True


def readable(field_file) -> bool:
    """Is ``field_file`` in storage now (checked before a render that would otherwise drop it silently)?"""
    try:
        return bool(field_file) and field_file.storage.exists(field_file.name)
    except Exception:
        logger.exception("Storage did not answer for %s", getattr(field_file, "name", ""))
        return False

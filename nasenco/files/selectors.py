from django.http import Http404

from .models import StoredFile


def get_stored_file_for(user, pk) -> StoredFile:
    """A generated document belongs to the person who asked for it; anyone else gets 404."""
    try:
        return StoredFile.objects.get(pk=pk, created_by=user)
    except (StoredFile.DoesNotExist, ValueError, TypeError):
        raise Http404("No such file.") from None

from django.contrib import admin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["created", "name", "kind", "status", "created_by", "size"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "created_by__email"]
    readonly_fields = [f.name for f in StoredFile._meta.fields]

    def has_add_permission(self, request):
        return False

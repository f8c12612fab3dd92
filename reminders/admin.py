from django.contrib import admin

from .models import Reminder, ReminderOptOut, ReminderTemplate


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["created", "rule", "milestone", "to", "subject", "provider"]
    list_filter = ["rule", "provider"]
    search_fields = ["to", "subject", "key"]
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False


admin.site.register(ReminderOptOut)
admin.site.register(ReminderTemplate)

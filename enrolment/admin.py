from django.contrib import admin

from .models import Enrolment


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "cohort", "status", "created"]
    list_filter = ["status", "cohort__provider"]
    search_fields = ["participant__email", "participant__full_name", "cohort__name"]
    raw_id_fields = ["participant", "cohort"]

from django.contrib import admin

from .models import Declaration, DeclarationClauses, Enrolment, EnrolmentEvent, ParticipantProfile, School


class EventInline(admin.TabularInline):
    model = EnrolmentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "from_status", "to_status", "by", "reason"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "cohort", "status", "award_scope", "submitted_at"]
    list_filter = ["status", "cohort__provider"]
    search_fields = ["participant__email", "participant__full_name", "cohort__name"]
    raw_id_fields = ["participant", "cohort", "transferred_to"]
    # State changes go through the services (audited); the admin shows them but does not make them.
    readonly_fields = ["status", "eligible", "award_scope", "reasons", "submitted_at", "transferred_to"]
    inlines = [EventInline]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "urn", "local_authority", "phase", "postcode"]
    list_filter = ["phase"]
    search_fields = ["name", "urn", "postcode"]


@admin.register(ParticipantProfile)
class ParticipantProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "qualified_status", "role", "appointed_senco_on", "school"]
    list_filter = ["qualified_status", "role"]
    search_fields = ["user__email", "user__full_name", "trn"]
    raw_id_fields = ["user", "school"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "status", "sent_at", "uploaded_at", "decided_by"]
    list_filter = ["status"]
    readonly_fields = ["nonce", "scan", "scan_content_type", "uploaded_at", "decided_by", "decided_at"]
    raw_id_fields = ["enrolment"]


@admin.register(DeclarationClauses)
class DeclarationClausesAdmin(admin.ModelAdmin):
    list_display = ["provider"]

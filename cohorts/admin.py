from django.contrib import admin

from .models import Cohort, Membership, Programme, Provider, TeachingDay, Venue


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "accrediting_university", "contact_email"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "postcode"]
    list_filter = ["provider"]
    search_fields = ["name", "postcode"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "qualification", "credits", "teaching_days"]
    list_filter = ["provider", "qualification"]


class TeachingDayInline(admin.TabularInline):
    model = TeachingDay
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "academic_year", "provider", "delivery", "status", "capacity"]
    list_filter = ["provider", "academic_year", "delivery", "status"]
    search_fields = ["name"]
    filter_horizontal = ["tutors"]
    inlines = [TeachingDayInline]

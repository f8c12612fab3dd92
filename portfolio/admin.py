from django.contrib import admin

from .models import Framework, Outcome, Part


class PartInline(admin.TabularInline):
    model = Part
    extra = 0


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    """Platform staff edit wording here or publish a new version (earlier evidence keeps its version)."""

    list_display = ["name", "version", "qualification", "provisional", "published"]
    inlines = [PartInline, OutcomeInline]

from django.contrib import admin

from .models import Component, Criterion, DueDate, SubElement


class SubElementInline(admin.TabularInline):
    model = SubElement
    extra = 0


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


class DueDateInline(admin.TabularInline):
    model = DueDate
    extra = 0
    raw_id_fields = ["cohort"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "kind", "credits", "word_limit"]
    list_filter = ["programme__provider", "kind"]
    filter_horizontal = ["outcomes"]
    inlines = [SubElementInline, CriterionInline, DueDateInline]

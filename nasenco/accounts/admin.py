from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.template.response import TemplateResponse

from .forms import UserCreationForm
from .models import User
from .two_factor import second_factor_reset


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Person", {"fields": ["full_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    actions = ["reset_second_factor"]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]

    @admin.action(description="Reset the second factor (they set up a new one at their next sign-in)")
    def reset_second_factor(self, request, queryset):
        """Recovery for someone who lost both phone and recovery codes: devices and flag together, logged,
        after a page that says what goes (it cannot be undone)."""
        if request.POST.get("confirm") != "yes":
            return TemplateResponse(request, "admin/accounts/reset_second_factor.html", {"users": list(queryset)})
        done = sum(second_factor_reset(user=user, by=request.user) for user in queryset)
        self.message_user(request, f"Second factor reset for {done} account(s).", messages.SUCCESS)

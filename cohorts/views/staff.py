"""Provider admins run their own staff: invite by email, change a role, remove it. Invited people join
through a signed link."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nasenco.access import require_perm

from .. import services
from ..forms import InviteForm, JoinForm
from ..models import Membership, Provider
from ..selectors import (
    administered_provider_ids,
    get_invitation_for,
    get_membership_for,
    pending_invitations_of,
    provider_choice,
    staff_administered_by,
)


def _providers(request):
    return Provider.objects.filter(pk__in=administered_provider_ids(request.user))


def _page(request, form, status=200):
    members = staff_administered_by(request.user)
    providers, shown = provider_choice(request.user, request.GET.get("provider", ""))
    if providers and len(shown) == 1:  # a lead provider's admin looking at one delivery partner's staff
        members = members.filter(provider_id__in=shown)
    return render(
        request,
        "cohorts/staff.html",
        {
            "members": members,
            "providers": providers,
            "provider_value": request.GET.get("provider", ""),
            "invitations": pending_invitations_of(request.user),
            "form": form,
            "roles": [(Membership.Role.ADMIN, "Provider admin"), (Membership.Role.TUTOR, "Tutor")],
        },
        status=status,
    )


@require_GET
@login_required
def staff_list(request):
    require_perm(request.user, "cohorts.manage_staff")
    return _page(request, InviteForm(providers=_providers(request)))


@require_POST
@login_required
def staff_invite(request):
    require_perm(request.user, "cohorts.manage_staff")
    form = InviteForm(request.POST, providers=_providers(request))
    if form.is_valid():
        try:
            invitation = services.invitation_send(
                provider=form.cleaned_data["provider"],
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                ends_on=form.cleaned_data["ends_on"],
                cohorts=form.cleaned_data["cohorts"] or (),
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, f"An invitation is on its way to {invitation.email}.")
            return redirect("cohorts:staff")
    return _page(request, form)


@require_POST
@login_required
def invitation_resend(request, pk):
    invitation = get_invitation_for(request.user, pk)
    _act(request, services.invitation_resend, f"A new link is on its way to {invitation.email}.", invitation=invitation)
    return redirect("cohorts:staff")


@require_POST
@login_required
def invitation_cancel(request, pk):
    invitation = get_invitation_for(request.user, pk)
    _act(
        request,
        services.invitation_cancel,
        f"The invitation to {invitation.email} is withdrawn.",
        invitation=invitation,
    )
    return redirect("cohorts:staff")


@require_POST
@login_required
def membership_role(request, pk):
    membership = get_membership_for(request.user, pk)
    role = request.POST.get("role", "")
    label = Membership.Role(role).label.lower() if role in Membership.Role.values else role
    _act(
        request,
        services.membership_change,
        f"{membership.user.full_name} is now {label}.",
        membership=membership,
        role=role,
    )
    return redirect("cohorts:staff")


@require_POST
@login_required
def membership_revoke(request, pk):
    membership = get_membership_for(request.user, pk)
    if request.POST.get("confirm") != "remove":
        messages.error(request, f"Tick the box to confirm removing {membership.user.full_name}'s role.")
        return redirect("cohorts:staff")
    done = f"{membership.user.full_name} is no longer {membership.get_role_display().lower()}; it applies at once."
    _act(request, services.membership_revoke, done, membership=membership)
    return redirect("cohorts:staff")


def _act(request, service, done: str, **kwargs) -> None:
    try:
        service(by=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@require_http_methods(["GET", "POST"])
def join(request, token):
    """The invitation link: sign in (or create the account) with the invited address, then join."""
    try:
        invitation = services.invitation_from_token(token)
    except services.InvitationInvalid as invalid:
        return render(request, "cohorts/join.html", {"problem": str(invalid)}, status=410)
    user = request.user
    account_exists = user.is_authenticated or _account_exists(invitation.email)
    form = None if account_exists else JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST":
        if not user.is_authenticated and form is not None and form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if user.is_authenticated:
            try:
                services.invitation_accept(invitation=invitation, user=user)
            except services.InvitationInvalid as invalid:
                return render(request, "cohorts/join.html", {"problem": str(invalid)}, status=409)
            messages.success(request, f"Welcome to {invitation.provider.name}.")
            return redirect("dashboard")
    sign_in = f"{reverse('accounts:login')}?next={request.path}"
    return render(
        request,
        "cohorts/join.html",
        {"invitation": invitation, "form": form, "sign_in": sign_in, "account_exists": account_exists},
    )


def _account_exists(email: str) -> bool:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(email__iexact=email).exists()

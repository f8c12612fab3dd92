"""First run: a provider and its first admin, without the platform admin.

    python manage.py create_provider --name "Eastern SEN Partnership" --admin-email jo@esp.example.ac.uk \
        [--admin-name "Jo Patel"] [--slug eastern] [--university "University of Suffolk"]

The admin gets an email (through the outbox) with a link to choose a password; from there they add
programmes, venues, cohorts and staff themselves.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify

from cohorts.models import Membership, Provider
from cohorts.services import membership_grant, provider_create
from nasenco.accounts.services import account_for, welcome_send


class Command(BaseCommand):
    help = "Create a provider and its first admin, who is emailed a link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The provider's name, as participants see it.")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", default="", help="The admin's full name (default: from the address).")
        parser.add_argument("--slug", default="", help="A short name for addresses (default: from the name).")
        parser.add_argument("--university", default="", help="The accrediting university, if any.")

    def handle(self, *args, name, admin_email, admin_name, slug, university, **options):
        name, admin_email = name.strip(), admin_email.strip()
        try:
            validate_email(admin_email)
        except ValidationError:
            raise CommandError(f"“{admin_email}” is not an email address.") from None
        if Provider.objects.filter(name__iexact=name).exists():
            raise CommandError(f"A provider called “{name}” already exists: nothing was changed.")
        slug = slug or slugify(name)[:60]
        if Provider.objects.filter(slug=slug).exists():
            raise CommandError(f"The short name “{slug}” is taken: choose another with --slug.")
        with transaction.atomic():
            try:
                provider = provider_create(name=name, slug=slug, accrediting_university=university)
                admin, created = account_for(
                    email=admin_email, full_name=admin_name or admin_email.split("@")[0].replace(".", " ").title()
                )
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from None
            membership_grant(provider=provider, user=admin, role=Membership.Role.ADMIN, by=None)
            welcome_send(user=admin, role="a provider admin", organisation=provider.name)
        how = "a new account" if created else "their existing account"
        self.stdout.write(
            self.style.SUCCESS(f"Created {provider.name} ({slug}). {admin.email} is its admin ({how}); ")
            + "a link to choose a password is in the outbox."
        )

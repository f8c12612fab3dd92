"""The provider's DfE token: saving it (encrypted), checking it, and the client that uses it."""

from django.conf import settings
from django.utils import timezone

from cohorts.services import activity_record

from ..client import Client, DfeError
from ..models import Connection
from ..secrets import reveal, seal


def connection_for(provider) -> Connection:
    connection, _ = Connection.objects.get_or_create(provider=provider)
    return connection


def connection_save(*, connection: Connection, base_url: str, token: str, delivery_partner_id, by) -> Connection:
    """Save where DfE is and, when one is typed, a new token (a blank token keeps the stored one)."""
    fields = ["base_url", "delivery_partner_id", "updated"]
    connection.base_url = base_url.rstrip("/")
    connection.delivery_partner_id = delivery_partner_id
    replaced = bool(token)
    if replaced:
        connection.token_encrypted = seal(token)
        connection.token_hint = token[-4:]
        connection.check_ok, connection.checked_at, connection.check_message = None, None, ""
        fields += ["token_encrypted", "token_hint", "check_ok", "checked_at", "check_message"]
    connection.save(update_fields=fields)
    activity_record(
        provider_id=connection.provider_id,
        by=by,
        action="dfe.connection",
        summary="DfE connection saved" + (" with a new token" if replaced else ""),
        obj=connection,
        label=connection.base_url,
    )
    return connection


def client_for(connection: Connection) -> Client:
    check = None
    if settings.DFE_CHECK_CONTRACT:  # development and tests: every exchange against DfE's document
        from ..contract import check_requests_exchange as check
    return Client(connection.base_url, reveal(connection.token_encrypted), key=str(connection.pk), check=check)


def connection_check(*, connection: Connection) -> Connection:
    """Ask DfE for one application with the stored token; keep what happened."""
    if not connection.token_encrypted:
        ok, message = False, "No token yet: enter the token DfE sent you."
    elif not reveal(connection.token_encrypted):
        ok, message = False, "The stored token can no longer be read (the portal's secret key changed): enter it again."
    else:
        try:
            client_for(connection).get("/npq-applications", {"page[page]": 1, "page[per_page]": 1})
        except DfeError as error:
            ok, message = False, error.message
        else:
            ok, message = True, "Connected: DfE accepted the token."
    connection.check_ok, connection.check_message, connection.checked_at = ok, message[:300], timezone.now()
    connection.save(update_fields=["check_ok", "check_message", "checked_at", "updated"])
    return connection

import pytest
from django.test import RequestFactory

from nasenco import views


@pytest.mark.parametrize(
    ("handler", "status", "text"),
    [
        (views.error_400, 400, "Something in that request was not right"),
        (views.error_403, 403, "You cannot do that"),
        (views.error_404, 404, "Page not found"),
        (views.error_500, 500, "Nothing you saved has been lost"),
    ],
)
def test_error_pages_explain_and_offer_a_way_on(db, handler, status, text):
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = handler(request) if status == 500 else handler(request, Exception("x"))
    assert response.status_code == status
    content = response.content.decode()
    assert text in content
    assert 'href="/"' in content
    assert '<html lang="en-GB">' in content

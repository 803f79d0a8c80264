"""Refusals and missing pages are styled pages with the navigation; the API docs lead back."""

import pytest
from django.test import Client

from midora.core.choices import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_403_and_404_are_pages_with_navigation(entity, client_for):
    auditor = make_user("auditor", Role.AUDITOR, [entity])
    client = client_for(auditor)
    refused = client.get("/ict-risk/risks/import/")
    assert refused.status_code == 403
    page = refused.content.decode()
    assert "This page is not open to your role" in page and 'aria-label="Areas"' in page
    assert "Your role cannot import risks." in page
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "Nothing here" in missing.content.decode()
    assert 'aria-label="Areas"' in missing.content.decode()


def test_500_page_is_styled(settings):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong on our side" in html and "midora.css" in html


def test_navigation_links_only_pages_the_role_opens(entity, client_for):
    auditor = client_for(make_user("auditor", Role.AUDITOR, [entity]))
    assert "/ict-risk/risks/import/" not in auditor.get("/ict-risk/").content.decode()
    assert "/incidents/records/add/" not in auditor.get("/incidents/").content.decode()
    board = client_for(make_user("board", Role.BOARD_MEMBER))
    assert "/notifications/webhooks/" not in board.get("/notifications/").content.decode()
    manager = client_for(make_user("manager", Role.COMPLIANCE_MANAGER, [entity]))
    assert "/ict-risk/risks/import/" in manager.get("/ict-risk/").content.decode()


def test_api_docs_lead_back_to_the_app(compliance_user):
    client = Client()
    client.force_login(compliance_user)
    schema = client.get("/api/openapi.json").json()
    assert "[Back to midora](/)" in schema["info"]["description"]

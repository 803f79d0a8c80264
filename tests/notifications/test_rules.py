"""Lead times, MIDORA_EMAIL_URL and webhook signatures: the pure rules."""

from __future__ import annotations

import datetime as dt

import pytest

from midora.notifications.email_url import EmailUrlError, parse_email_url
from midora.notifications.leads import LeadError, parse_leads, reached_lead
from midora.notifications.signing import signature_header, verify

H = dt.timedelta(hours=1)
DUE = dt.datetime(2026, 3, 11, 14, 30, tzinfo=dt.UTC)


def test_reached_lead_is_the_nearest_one_passed() -> None:
    leads = (24 * H, 4 * H, 1 * H)
    assert reached_lead(DUE, DUE - 25 * H, leads) is None
    assert reached_lead(DUE, DUE - 24 * H, leads) == "1d"
    assert reached_lead(DUE, DUE - 3 * H, leads) == "4h"
    assert reached_lead(DUE, DUE - 30 * dt.timedelta(minutes=1), leads) == "1h"
    assert reached_lead(DUE, DUE + dt.timedelta(seconds=1), leads) == "overdue"
    assert reached_lead(DUE, DUE + H, leads, overdue=False) is None
    assert reached_lead(None, DUE, leads) is None
    assert reached_lead(None, DUE, (), at_once=True) == "now"


def test_lead_settings_are_parsed_or_refused_with_the_reason() -> None:
    assert parse_leads("incident.report_due=24h,4h; evidence.review_due=30d") == {
        "incident.report_due": (24 * H, 4 * H),
        "evidence.review_due": (dt.timedelta(days=30),),
    }
    assert parse_leads("") == {}
    with pytest.raises(LeadError, match="4 hours"):
        parse_leads("incident.report_due=4 hours")
    with pytest.raises(LeadError, match="EVENT=LEAD"):
        parse_leads("4h")


def test_email_urls() -> None:
    plain = parse_email_url("smtp://127.0.0.1:1025")
    assert (plain.host, plain.port, plain.use_tls, plain.use_ssl) == (
        "127.0.0.1",
        1025,
        False,
        False,
    )
    tls = parse_email_url("smtp+tls://alerts%40corp:p%40ss@mail.example:587")
    assert (tls.username, tls.password, tls.use_tls, tls.port) == ("alerts@corp", "p@ss", True, 587)
    assert parse_email_url("smtp+ssl://u:p@mail.example").port == 465
    for bad in ("http://mail.example", "smtp://", "smtp://host:notaport"):
        with pytest.raises(EmailUrlError):
            parse_email_url(bad)


def test_signature_covers_body_secret_and_time() -> None:
    body = b'{"event":"incident.major"}'
    header = signature_header("s3cret", 1_700_000_000, body)
    assert verify("s3cret", header, body, now=1_700_000_100)
    assert not verify("s3cret", header, body + b" ", now=1_700_000_100)
    assert not verify("other", header, body, now=1_700_000_100)
    assert not verify("s3cret", header, body, now=1_700_000_000 + 301)  # replayed later
    assert not verify("s3cret", "v1=abc", body, now=1_700_000_000)

"""Long views come in pages: the contract-gap view shows twenty arrangements at a time, worst
first, and the next page continues the ranking."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_contract_gaps_are_paginated(world, settings):
    settings.MIDORA_OTP_REQUIRED_ROLES = []
    client = Client()
    client.force_login(world.users["administrator"])
    first = client.get("/third-parties/gaps/").content.decode()
    assert "page 1 of" in first and "?page=2" in first
    assert len(re.findall(r'<td rowspan="\d+">\d+</td>', first)) <= 20
    second = client.get("/third-parties/gaps/?page=2").content.decode()
    assert re.search(r'<td rowspan="\d+">21</td>', second)


def test_crosswalk_requirements_come_in_pages(world, settings):
    settings.MIDORA_OTP_REQUIRED_ROLES = []
    client = Client()
    client.force_login(world.users["administrator"])
    first = client.get("/compliance/crosswalk/?regime=DORA").content.decode()
    rows = re.findall(r'<tr><td><a href="/compliance/requirements/', first)
    assert len(rows) == 40 and "?regime=DORA&amp;page=2" in first
    second = client.get("/compliance/crosswalk/?regime=DORA&page=2").content.decode()
    assert "Requirements 41\u2013" in second

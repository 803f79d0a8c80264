"""Status signals agree with each other: an incident with a resolved time is not shown open."""

from html.parser import HTMLParser

import pytest
from django.utils import timezone

from midora.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_no_demo_incident_is_open_with_a_resolved_time(world):
    assert Incident.objects.filter(resolved_at__isnull=False).exists()
    assert not Incident.objects.filter(status="open", resolved_at__isnull=False).exists()


def test_giving_a_resolved_time_resolves_an_open_incident(world):
    incident = Incident.objects.filter(resolved_at__isnull=False).first()
    Incident.objects.filter(pk=incident.pk).update(status="open", resolved_at=None)
    incident.refresh_from_db()
    incident.resolved_at = timezone.now()
    incident.save()
    incident.refresh_from_db()
    assert incident.status == "resolved"


AREA_OVERVIEWS = [
    "/compliance/",
    "/authorisation/",
    "/ict-risk/",
    "/incidents/",
    "/third-parties/",
    "/resilience/",
    "/governance/",
]


class _Cards(HTMLParser):
    """The figure cards of a page: (link, figure) for each `a.card` holding a `.stat`."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, str]] = []
        self._link: str | None = None
        self._in_stat = False
        self._figure = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "a" and "card" in classes:
            self._link, self._figure = found.get("href"), ""
        elif self._link and "stat" in classes:
            self._in_stat = True

    def handle_data(self, data: str) -> None:
        if self._in_stat:
            self._figure += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in_stat:
            self._in_stat = False
            self.cards.append((self._link or "", self._figure.strip()))
        elif tag == "a":
            self._link = None


def test_every_overview_figure_counts_the_list_it_opens(world, client_for):
    """A figure card that opens a filtered list says how many records that list holds."""
    client = client_for(world.users["administrator"])
    compared = []
    for overview in AREA_OVERVIEWS:
        page = client.get(overview)
        assert page.status_code == 200, overview
        parser = _Cards()
        parser.feed(page.content.decode())
        for link, figure in parser.cards:
            if not figure.replace(",", "").isdigit():
                continue  # a percentage or an amount, not a count of records
            listed = client.get(link)
            page = listed.context and listed.context.get("page")
            if listed.status_code != 200 or not hasattr(page, "paginator"):
                continue  # a dashboard or a report, not a list
            compared.append((overview, link, figure, page.paginator.count))
    wrong = [card for card in compared if int(card[2].replace(",", "")) != card[3]]
    assert not wrong, "\n".join(map(str, wrong))
    assert len(compared) >= 15, compared

"""What falls due in the authorisation dossier: the answer to an authority's request for
information (MiCA Art. 63(2) and (12): the authority sets the deadline), and the dossier items
assigned to someone to draft or to review (alerted once to each person assigned)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from midora.core.due_registry import DueItem, DueProvider, EventType, day_end
from midora.core.engine.sentences import Sentence, joined
from midora.core.sentences import label_sentence

D = dt.timedelta(days=1)
EVENTS = (
    EventType(
        "authorisation.request_due",
        _("Authority's request for information due"),
        leads=(7 * D, 2 * D),
        section="dossier",
    ),
    EventType(
        "authorisation.item_assigned",
        _("Dossier item assigned to you"),
        at_once=True,
        section="dossier",
        owners_only=True,
    ),
)


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _open_requests(now: dt.datetime, horizon: dt.timedelta):
    from midora.authorisation.models import InformationRequest

    return (
        InformationRequest.objects.filter(answered_on__isnull=True, due_on__isnull=False)
        .filter(due_on__lte=(now + horizon).date())
        .select_related("dossier__entity")
    )


def request_items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    """Each open request whose answer is due within the horizon (or overdue)."""
    from midora.authorisation.models import DossierItem

    requests = list(_open_requests(now, horizon))
    people: dict[int, set[int]] = defaultdict(set)
    through = DossierItem.requests.through.objects.filter(
        informationrequest_id__in=[r.pk for r in requests]
    ).values_list("informationrequest_id", "dossieritem__owner_id", "dossieritem__reviewer_id")
    for request_id, owner_id, reviewer_id in through:
        people[request_id] |= {pk for pk in (owner_id, reviewer_id) if pk}
    for request in requests:
        late = request.due_on < now.date()
        owners = {request.owner_id, request.dossier.owner_id, *people[request.pk]} - {None}
        yield DueItem(
            key=f"authorisation.informationrequest:{request.pk}:{request.due_on.isoformat()}",
            event="authorisation.request_due",
            title=Sentence(
                gettext_noop(
                    "Answer to the authority's request %(reference)s (%(entity)s) overdue since %(date)s"
                )
                if late
                else gettext_noop(
                    "Answer to the authority's request %(reference)s (%(entity)s) due %(date)s"
                ),
                reference=request.reference,
                entity=request.dossier.entity.name,
                date=request.due_on.isoformat(),
            ),
            url=reverse("authorisation:informationrequest_detail", args=[request.pk]),
            entity_id=request.dossier.entity_id,
            due_at=day_end(request.due_on),
            owner_ids=tuple(sorted(owners)),
            detail=request.question[:200],
        )


def assigned_items(now: dt.datetime) -> Iterator[DueItem]:
    """Each item someone must still draft or review, due by the earliest open request on it."""
    from django.db.models import Q

    from midora.authorisation.choices import ItemStatus
    from midora.authorisation.models import DossierItem, InformationRequest

    rows = (
        DossierItem.objects.filter(applies=True)
        .filter(Q(owner__isnull=False) | Q(reviewer__isnull=False))
        .filter(~Q(status=ItemStatus.APPROVED) | Q(needs_review=True))
        .select_related("requirement", "dossier__entity", "owner", "reviewer")
    )
    asked: dict[int, dt.date] = {}
    through = InformationRequest.items.through.objects.filter(
        informationrequest__answered_on__isnull=True,
        informationrequest__due_on__isnull=False,
    ).values_list("dossieritem_id", "informationrequest__due_on")
    for item_id, due_on in through:
        asked[item_id] = min(due_on, asked.get(item_id, due_on))
    for item in rows:
        people = [u for u in (item.owner, item.reviewer) if u is not None]
        roles = []
        if item.owner is not None:
            roles.append(Sentence(gettext_noop("drafting: %(name)s"), name=_name(item.owner)))
        if item.reviewer is not None:
            roles.append(Sentence(gettext_noop("review: %(name)s"), name=_name(item.reviewer)))
        due_on = asked.get(item.pk)
        yield DueItem(
            key=f"authorisation.dossieritem:{item.pk}:assigned",
            event="authorisation.item_assigned",
            title=Sentence(
                gettext_noop("Dossier item %(ref)s of %(entity)s (%(status)s; %(roles)s)"),
                ref=item.requirement.ref,
                entity=item.dossier.entity.name,
                status=label_sentence(ItemStatus(item.status).label),
                roles=joined(", ", roles),
            ),
            url=item.get_absolute_url(),
            entity_id=item.dossier.entity_id,
            due_at=day_end(due_on) if due_on else None,
            owner_ids=tuple(sorted({u.pk for u in people})),
            detail=item.requirement.title,
        )


def items(now: dt.datetime, horizon: dt.timedelta) -> Iterator[DueItem]:
    yield from request_items(now, horizon)
    yield from assigned_items(now)


PROVIDER = DueProvider(
    "authorisation",
    EVENTS,
    items,
    watch=("authorisation.DossierItem", "authorisation.InformationRequest"),
)

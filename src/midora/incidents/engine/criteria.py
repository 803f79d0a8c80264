"""The names of the DORA classification criteria and thresholds (Delegated Regulation (EU)
2024/1772, RTS-C Arts 6 and 9), as readers see them beside the article."""

from __future__ import annotations

from midora.core.engine.sentences import Join, Sentence, joined

RTS_C = "RTS 2024/1772"


def _(text: str) -> str:
    """Marks a name for the translation catalogue; pages translate it when they show it."""
    return text


# key -> (human name, article of RTS 2024/1772)
CRITERIA: dict[str, tuple[str, str]] = {
    "critical_services_affected": (_("Critical services affected"), "Art. 6"),
    "t9_1": (_("Clients, counterparts and transactions"), "Art. 9(1)"),
    "t9_2": (_("Reputational impact"), "Art. 9(2)"),
    "t9_3": (_("Duration and service downtime"), "Art. 9(3)"),
    "t9_4": (_("Geographical spread"), "Art. 9(4)"),
    "t9_5a": (_("Data losses"), "Art. 9(5)(a)"),
    "t9_5b": (_("Successful malicious unauthorised access"), "Art. 9(5)(b)"),
    "t9_6": (_("Economic impact"), "Art. 9(6)"),
}


def criterion_name(key: str) -> str:
    """RTS-C Arts 6 and 9: the human name of a criterion or threshold."""
    return CRITERIA.get(key, (key, ""))[0]


def criterion_article(key: str) -> str:
    """RTS-C Arts 6 and 9: where a criterion or threshold is laid down."""
    article = CRITERIA.get(key, ("", ""))[1]
    return f"{RTS_C} {article}" if article else ""


def criterion_label(key: str) -> str:
    """RTS-C Arts 6 and 9: "Clients, counterparts and transactions — RTS 2024/1772 Art. 9(1)"."""
    article = criterion_article(key)
    return f"{criterion_name(key)} — {article}" if article else criterion_name(key)


# key -> the name inside a sentence (lower case in English and French, not in German)
IN_SENTENCE: dict[str, str] = {
    "critical_services_affected": _("critical services affected"),
    "t9_1": _("clients, counterparts and transactions"),
    "t9_2": _("reputational impact"),
    "t9_3": _("duration and service downtime"),
    "t9_4": _("geographical spread"),
    "t9_5a": _("data losses"),
    "t9_5b": _("successful malicious unauthorised access"),
    "t9_6": _("economic impact"),
}


def criteria_list(keys: list[str]) -> Join:
    """RTS-C Art 9: several thresholds named with their article, for a sentence."""
    return joined(
        "; ",
        [
            Sentence(
                "%(name)s (%(article)s)",
                name=Sentence(IN_SENTENCE[k]) if k in IN_SENTENCE else k,
                article=CRITERIA.get(k, ("", k))[1],
            )
            for k in keys
        ],
    )

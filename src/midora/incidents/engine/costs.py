"""The cost categories of an incident's economic impact (Delegated Regulation (EU) 2024/1772
Art 7)."""

from __future__ import annotations

# RTS-C Art 7(1): costs and losses that count, (a)-(h); Art 7(2): day-to-day costs excluded.
COUNTED_COST_CATEGORIES: dict[str, str] = {
    "expropriated_funds": "7(1)(a)",
    "lost_crypto_assets": "7(1)(a)",
    "replacement_relocation": "7(1)(b)",
    "staff_costs": "7(1)(c)",
    "staff_overtime": "7(1)(c)",
    "contractual_non_compliance_fees": "7(1)(d)",
    "redress": "7(1)(e)",
    "redress_to_clients": "7(1)(e)",
    "forgone_revenues": "7(1)(f)",
    "communication": "7(1)(g)",
    "advisory": "7(1)(h)",
}
EXCLUDED_COST_CATEGORIES: dict[str, str] = {
    "general_maintenance": "7(2)(a)",
    "post_incident_upgrade": "7(2)(b)",
    "business_enhancement": "7(2)(b)",
    "insurance_premium": "7(2)(c)",
    "insurance_premium_increase": "7(2)(c)",
}
KNOWN_COST_CATEGORIES = frozenset(COUNTED_COST_CATEGORIES) | frozenset(EXCLUDED_COST_CATEGORIES)

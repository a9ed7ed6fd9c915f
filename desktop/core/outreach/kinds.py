"""Which fields each kind of outreach activity has: an audience, a quantity (and what it
counts), broadcast minutes. Kinds a province adds to the reference list get every field."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.i18n import N_, _

# Kinds whose evidence is an object or an item, not people gathered in a room.
NO_AUDIENCE = frozenset(
    {"banner", "led_text", "loudspeaker", "press", "web_post", "press_column", "documentary"}
)

_QUANTITY: dict[str, str] = {
    "banner": N_("Banners and slogans"),
    "led_text": N_("Electronic boards"),
    "leaflet": N_("Leaflets and posters handed out"),
    "loudspeaker": N_("Broadcasts"),
    "press": N_("Items published"),
    "web_post": N_("Posts published"),
    "pledge": N_("Pledges signed"),
    "model_club": N_("Models and clubs founded"),
    "mobile": N_("Outings"),
    # Plan 78's kinds: pupils are counted as young people and students, workers as the
    # audience; the quantity is the number of places reached (no venue columns of their own).
    "school": N_("Schools reached"),
    "enterprise": N_("Enterprises reached"),
    "press_column": N_("Columns and pages published"),
    "documentary": N_("Reports and documentaries broadcast"),
}
# Kinds a province did not seed: every field shows, the quantity is generic.
_GENERIC_QUANTITY = N_("Quantity")
_ONLY_AUDIENCE = frozenset(
    {
        "talk",
        "forum",
        "counselling",
        "rally",
        "performance",
        "elders_conference",
        "training",
        "guangxi_coop",
    }
)


@dataclass(frozen=True)
class KindFields:
    audience: bool
    quantity_label: str  # "" when the kind counts no quantity (already translated)
    minutes: bool


def fields_for(kind: str) -> KindFields:
    """The fields an event of *kind* shows and counts."""
    label = _QUANTITY.get(kind)
    if label is None:
        label = "" if kind in _ONLY_AUDIENCE else _GENERIC_QUANTITY
    return KindFields(
        audience=kind not in NO_AUDIENCE,
        quantity_label=_(label) if label else "",
        minutes=kind == "loudspeaker",
    )

"""Who may receive which support: the table of Law 53/2024/QH15, Art. 37(1)–(4), and the
shorter list of Law 66/2011/QH12 for cases under the old regime.

No database here: the caller says who the person is (``Who``) and gets back the support
types the law gives, the provision that gives them, and — when it gives none — why.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.core.i18n import N_, _

# Groups of persons (Law 53/2024, Chapter V; the codes are the stored values of
# ``persons.status``).
VICTIM = "identified_victim"
BEING_IDENTIFIED = "under_verification"
ACCOMPANYING_MINOR = "accompanying_minor"
NOT_VICTIM = "not_victim"

# Art. 37(1): the lettered types, in the law's order ("dd" stores the letter đ).
ALL_2024 = ("a", "b", "c", "d", "dd", "e", "g", "h", "i", "k")
_A_TO_H = ALL_2024[: ALL_2024.index("h") + 1]  # Art. 37(2)
_A_TO_D = ALL_2024[: ALL_2024.index("d") + 1]  # Art. 37(3), first paragraph
_A_TO_G = ALL_2024[: ALL_2024.index("g") + 1]  # Art. 37(3), second paragraph
_FOREIGN = ("a", "b", "c", "d", "dd", "g")  # Art. 37(4), "tùy từng trường hợp"

# Law 66/2011/QH12, Art. 32 (its own six types, ``rules.SUPPORT_TYPES_2011``): (1) a victim
# who is a Vietnamese citizen or a stateless person permanently residing in Viet Nam: a–e;
# (2) a foreign victim trafficked in Viet Nam: a–d; (3) a minor accompanying a victim:
# a–c. The old law knew no "person being identified".
ALL_2011 = ("11a", "11b", "11c", "11d", "11dd", "11e")
_FOREIGN_2011 = ALL_2011[:4]
_MINOR_2011 = ALL_2011[:3]


@dataclass(frozen=True)
class Who:
    """What the law asks about a person to decide their support."""

    regime: str  # "2011" | "2024"
    group: str  # VICTIM | BEING_IDENTIFIED | ACCOMPANYING_MINOR | NOT_VICTIM
    citizen: bool = True  # a Vietnamese citizen
    stateless_resident: bool = False  # a stateless person permanently residing in Viet Nam
    trafficked_in_vn: bool = False  # a foreigner trafficked in Viet Nam (Art. 37(4))
    abroad: bool = False  # the person is abroad (Art. 37(3), first paragraph)
    accompanies: str | None = None  # the group of the person a minor accompanies


@dataclass(frozen=True)
class Entitlement:
    types: tuple[str, ...]
    basis: str  # the provision, e.g. "Art. 37(3), Law 53/2024/QH15" (translated)
    case_by_case: bool = False  # Art. 37(4): "tùy từng trường hợp"
    refusal: str = ""  # when *types* is empty: why the law gives none


def _basis(text: str, regime: str) -> str:
    law = _("Law 53/2024/QH15") if regime == "2024" else _("Law 66/2011/QH12")
    return _("{provision}, {law}").format(provision=_(text), law=law)


def entitlement(who: Who) -> Entitlement:
    """The support *who* is entitled to under their case's legal regime."""
    if who.group == NOT_VICTIM:
        return Entitlement(
            (), "", refusal=_("A person found not to be a victim has no support under the law.")
        )
    if who.regime == "2011":
        return _entitlement_2011(who)
    resident = who.citizen or who.stateless_resident
    if not resident:
        if not who.trafficked_in_vn:
            return Entitlement(
                (),
                _basis(N_("Art. 37(4)"), "2024"),
                refusal=_(
                    "A foreigner is supported under Art. 37(4) only when trafficked in Viet Nam."
                ),
            )
        if who.group == ACCOMPANYING_MINOR:
            return Entitlement(
                (),
                _basis(N_("Art. 37(2)"), "2024"),
                refusal=_(
                    "Art. 37 gives support to a minor accompanying a Vietnamese citizen or a "
                    "stateless permanent resident, not a foreigner."
                ),
            )
        return Entitlement(_FOREIGN, _basis(N_("Art. 37(4)"), "2024"), case_by_case=True)
    if who.group == VICTIM:
        return Entitlement(ALL_2024, _basis(N_("Art. 37(1)"), "2024"))
    if who.group == ACCOMPANYING_MINOR and who.accompanies == VICTIM:
        return Entitlement(_A_TO_H, _basis(N_("Art. 37(2)"), "2024"))
    # A person being identified, or a minor accompanying one (or accompanying someone the
    # case does not name: the narrower rule until the accompanied person is identified).
    if who.abroad:
        if not who.citizen:
            return Entitlement(
                (),
                _basis(N_("Art. 37(3)"), "2024"),
                refusal=_(
                    "Abroad, Art. 37(3) supports Vietnamese citizens being identified, not "
                    "stateless residents."
                ),
            )
        return Entitlement(_A_TO_D, _basis(N_("Art. 37(3), first paragraph"), "2024"))
    return Entitlement(_A_TO_G, _basis(N_("Art. 37(3), second paragraph"), "2024"))


def _entitlement_2011(who: Who) -> Entitlement:
    if who.group == ACCOMPANYING_MINOR:
        return Entitlement(_MINOR_2011, _basis(N_("Art. 32(3)"), "2011"), case_by_case=True)
    if who.group != VICTIM:
        return Entitlement(
            (),
            _basis(N_("Art. 32"), "2011"),
            refusal=_("Law 66/2011/QH12 supports identified victims and the minors with them."),
        )
    if who.citizen or who.stateless_resident:
        return Entitlement(ALL_2011, _basis(N_("Art. 32(1)"), "2011"), case_by_case=True)
    if not who.trafficked_in_vn:
        return Entitlement(
            (),
            _basis(N_("Art. 32(2)"), "2011"),
            refusal=_(
                "A foreigner is supported under Art. 32(2) only when trafficked in Viet Nam."
            ),
        )
    return Entitlement(_FOREIGN_2011, _basis(N_("Art. 32(2)"), "2011"), case_by_case=True)

"""The coded facts a case records, from the law and from the international case standard.

- ``PURPOSES``: the purposes of trafficking in Law 53/2024/QH15, Art. 2(1), in its order.
- ``EXPLOITATION``, ``RECRUITMENT``, ``CONTROL``, ``RECRUITER_RELATIONS``: the case data
  of IOM's Human Trafficking Case Data Standard (HTCDS) and the CTDC data dictionary (type
  of exploitation, means of recruitment, means of control, relation to the recruiter),
  with the online platforms officers meet at this border (Zalo, Facebook, WeChat, TikTok).

Every list is an ordered dict code → English label; the Vietnamese catalogue carries the
law's words. Multi-choice values are stored as space-separated codes in list order.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.core.errors import ValidationError
from desktop.core.i18n import N_, _

# Law 53/2024/QH15, Art. 2(1): "nhằm mục đích nhận tiền, tài sản, lợi ích vật chất khác,
# bóc lột tình dục, cưỡng bức lao động, lấy bộ phận cơ thể người hoặc nhằm mục đích vô
# nhân đạo khác".
PURPOSES = {
    "material": N_("To receive money, property or other material benefits"),
    "sexual": N_("Sexual exploitation"),
    "labour": N_("Forced labour"),
    "organs": N_("Taking human body parts"),
    "inhumane": N_("Other inhumane purposes"),
}

# HTCDS "type of exploitation" (CTDC: isForcedLabour, isSexualExploit, isForcedMarriage,
# isOrganRemoval, isSlaveryAndPractices, isForcedMilitary, typeOfLabour…), with the forms
# met at the Viet Nam–China border (sale of a newborn, surrogacy).
EXPLOITATION = {
    "sexual": N_("Sexual exploitation"),
    "labour": N_("Forced labour"),
    "domestic": N_("Domestic servitude"),
    "forced_marriage": N_("Forced marriage"),
    "begging": N_("Forced begging"),
    "child_labour": N_("Child labour"),
    "criminal": N_("Forced criminal activity"),
    "surrogacy": N_("Surrogacy or sale of a child"),
    "organs": N_("Removal of organs"),
    "slavery": N_("Slavery and similar practices"),
    "other": N_("Other"),
}

# HTCDS/CTDC means of recruitment, with the platforms through which contact was made.
RECRUITMENT = {
    "job_offer": N_("Offer of a job"),
    "marriage_offer": N_("Offer of marriage"),
    "romance": N_("Romantic relationship"),
    "travel_offer": N_("Offer of travel or tourism"),
    "study_offer": N_("Offer of study"),
    "abduction": N_("Abduction"),
    "drugged": N_("Drugged or made unconscious"),
    "sold_by_family": N_("Sold by family"),
    "debt": N_("Debt or loan"),
    "online_zalo": N_("Contact online: Zalo"),
    "online_facebook": N_("Contact online: Facebook"),
    "online_wechat": N_("Contact online: WeChat"),
    "online_tiktok": N_("Contact online: TikTok"),
    "online_other": N_("Contact online: other platform"),
    "other": N_("Other"),
}

# HTCDS/CTDC means of control.
CONTROL = {
    "debt_bondage": N_("Debt bondage"),
    "takes_earnings": N_("Takes earnings"),
    "threats": N_("Threats"),
    "psychological_abuse": N_("Psychological abuse"),
    "physical_abuse": N_("Physical abuse"),
    "sexual_abuse": N_("Sexual abuse"),
    "false_promises": N_("False promises"),
    "substances": N_("Alcohol or drugs"),
    "restricts_movement": N_("Restricts movement"),
    "restricts_medical": N_("Restricts medical care"),
    "excessive_hours": N_("Excessive working hours"),
    "withholds_necessities": N_("Withholds food, water or sleep"),
    "withholds_documents": N_("Withholds identity documents"),
    "threat_of_authorities": N_("Threat of the authorities"),
    "isolation": N_("Isolation or confinement"),
    "other": N_("Other"),
}

# HTCDS/CTDC relation of the recruiter to the person (one choice).
RECRUITER_RELATIONS = {
    "stranger": N_("Stranger"),
    "acquaintance": N_("Friend or acquaintance"),
    "partner": N_("Intimate partner"),
    "family": N_("Family member or relative"),
    "neighbour": N_("Neighbour or from the same village"),
    "employer": N_("Employer or labour broker"),
    "online_contact": N_("Someone met online"),
    "unknown": N_("Unknown"),
    "other": N_("Other"),
}


def check_codes(codes: Iterable[str], allowed: dict[str, str], field: str) -> str:
    """*codes* as stored (space-separated, in list order); ValidationError naming *field*
    when one is not in *allowed*."""
    given = [c for c in codes if c]
    if any(c not in allowed for c in given):
        raise ValidationError(_("Choose from the list."), field)
    return " ".join(c for c in allowed if c in given)


def labels(stored: str, allowed: dict[str, str]) -> list[str]:
    """The translated labels of stored codes (an unknown code is shown as it is)."""
    return [_(allowed[c]) if c in allowed else c for c in stored.split()]

"""The texts of the charts themselves (not of the data): titles, axis labels, status words.

English here, translated by the catalogues (:mod:`sscassess.core.i18n`). Any key can be
overridden through a chart's ``labels`` as ``"chart.<key>"``, e.g.
``{"chart.invited": "Invited"}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sscassess.core.i18n import N_, Plural, translator

if TYPE_CHECKING:
    from collections.abc import Mapping

#: Every chart text by key, in English.
TEXTS: dict[str, str | Plural] = {
    "no_data": N_("No data"),
    "no_data_alt": N_("{title}: no data to show."),
    "organisations": N_("Organisations"),
    "involvement": N_("Involvement (0 = none … 4 = leads)"),
    "na": N_("n/a"),
    "participation_title": N_("Participation by category"),
    "invited": N_("Invited"),
    "submitted": N_("Submitted"),
    "no_voice": N_("no voice"),
    "participation_alt": N_(
        "Invited and submitted organisations for {n} categories; {novoice} of them had no voice."
    ),
    "heatmap_title": N_("Self-rated involvement per organisation and role"),
    "primary": N_("Reference: primary role"),
    "supporting": N_("Reference: supporting role"),
    "heatmap_alt": N_(
        "Heat map of the self-rated involvement (0–4) of {rows} organisations in {cols} roles, with the reference expectation outlined in each cell."
    ),
    "category_heatmap_title": N_("Mean self-rated involvement per category and role"),
    "category_heatmap_alt": N_(
        "Heat map of the mean self-rated involvement (0–4) of {rows} categories in {cols} roles, with the reference expectation outlined in each cell."
    ),
    "coverage_title": N_("Role coverage in the city"),
    "contributors": N_("Contributors (rating 3–4)"),
    "leaders": N_("Leaders (rating 4)"),
    "status.uncovered": N_("uncovered"),
    "status.no_lead": N_("no lead"),
    "status.contested": N_("contested"),
    "status.covered": N_("covered"),
    "owner_missing": N_("expected owner missing"),
    "coverage_alt": N_(
        "Contributors and leaders for each of {n} roles: {uncovered} uncovered, {no_lead} without a lead, {contested} contested."
    ),
    "radar_self": N_("Mean self-rating"),
    "radar_expected": N_("Reference expectation"),
    "radar_subtitle": Plural("{n} organisation", "{n} organisations"),
    "radar_none": N_("no responses in this category"),
    "radar_alt": N_(
        "Radar of the mean self-rated involvement against the reference expectation over {n} roles for {category}."
    ),
    "role_fit_title": N_("Role fit per organisation"),
    "role_fit_axis": N_("Role fit (1 = every expected role fulfilled)"),
    "mean": N_("mean {value}"),
    "role_fit_alt": N_("Role fit between 0 and 1 for {n} organisations; mean {mean}."),
    "share_axis": N_("Share of organisations"),
    "item_alt": N_("Share of organisations selecting each of {n} items ({title})."),
    "status.unpursued": N_("unpursued"),
    "status.pursued": N_("pursued"),
    "status.common_ground": N_("common ground"),
    "status.reported": N_("reported"),
    "status.not_reported": N_("not reported"),
    "collaboration_title": N_("Collaboration between categories"),
    "from_category": N_("Category that has or needs the link"),
    "to_category": N_("Partner category"),
    "collaboration_key": N_(
        "Number = current links · ✓ need met · ✗ need unmet (thick outline) · ? partner had no voice (dotted)"
    ),
    "collaboration_alt": N_(
        "Matrix of current links between {n} categories; {unmet} needed links are unmet."
    ),
    "profile_title": N_("Profile: {name}"),
    "self": N_("Self-rating"),
    "expected": N_("Reference expectation"),
    "peers": N_("Mean of the others in its category"),
    "peers_hidden": N_("category mean not shown (privacy)"),
    "status.fulfils": N_("fulfils"),
    "status.partial": N_("partial"),
    "status.gap": N_("gap"),
    "status.beyond_reference": N_("beyond reference"),
    "status.not_expected": N_("not expected"),
    "profile_alt": N_(
        "Self-rated involvement of {name} in {n} roles against the reference expectation{peers}."
    ),
    "profile_alt_peers": N_(" and the mean of the others in its category"),
    "round_title": N_("Contributors per role, previous round → this round"),
    "before": N_("Previous round"),
    "after": N_("This round"),
    "status.improved": N_("improved"),
    "status.worsened": N_("worsened"),
    "status.unchanged": N_("unchanged"),
    "round_alt": N_(
        "Contributors per role before and after for {n} roles: {improved} improved, {worsened} worsened."
    ),
}


class Texts:
    """Chart chrome in one language, with per-key overrides from ``labels``."""

    def __init__(self, lang: str, labels: Mapping[str, str]) -> None:
        self._tr = translator(lang)
        self._labels = labels

    def number(self, value: float, digits: int) -> str:
        """``value`` with ``digits`` decimals, written the language's way ("0,36" in French)."""
        return self._tr.number(value, digits)

    def percent(self, fraction: float) -> str:
        """``fraction`` as a whole percentage, the language's way ("32%", "32 %")."""
        return self._tr.percent(fraction)

    def __call__(self, key: str, **values: object) -> str:
        """The text of ``key``, with ``values`` filled in."""
        own = self._labels.get("chart." + key)
        if own:
            return own.format(**values) if values else own
        return self._tr.text(TEXTS[key], **values)

"""Consent and differencing (THREATS G1, H4, H5): nobody identified, nobody named against their will.

The rule under test: an organisation that answers no to ``consent_named`` is never shown on
its own, in any mode; the decliners form one group, ``declined``, shown only when it holds at
least ``min_group`` of them (otherwise their answers are in no figure). Every other
aggregate is explained exactly by the named organisations' own rows, so subtracting them from
any output gives back nothing but the ``declined`` group's total. Anonymous outputs never
differ from one another (``--exclude-unverified`` is refused where it would make them).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import as_typed
from sscassess.analysis.analyse import Analysis, analyse
from sscassess.analysis.definitions import DECLINED_GROUP
from sscassess.core.errors import UsageError
from sscassess.questionnaire.model import Questionnaire
from test_analysis import (
    QUESTIONNAIRE,
    gap_questionnaire,
    invitation,
    response,
)

CONSENT_QUESTIONNAIRE = QUESTIONNAIRE.replace(
    "      - {id: category, type: single",
    "      - {id: named, type: confirm, maps_to: consent.named, label: Named?}\n"
    "      - {id: quote, type: confirm, maps_to: consent.quote, required: false, label: Quote?}\n"
    "      - {id: category, type: single",
)
ROLE_IDS = ("lead", "data", "plan", "fund")


@pytest.fixture
def consent_q(make_questionnaire: Callable[..., Path]) -> Questionnaire:
    return gap_questionnaire(make_questionnaire, CONSENT_QUESTIONNAIRE)


def campaign(q: Questionnaire) -> list[Any]:
    """Three named organisations and one that declined, each with a comment naming itself."""
    return [
        response(q, "r1", "Town Hall", "city", (4, 2, 3, 0), named=True, comments="Town Hall leads."),
        response(q, "r2", "Byte Ltd", "biz", (0, 3, 0, 4), named=True, comments="We fund."),
        response(q, "r3", "Residents' Forum", "people", (0, 3, 0, 0), named=True),
        response(q, "r4", "Lakeside Water", "biz", (0, 4, 1, 3), named=False, quote=True,
                 comments="LAKESIDE WATER detects leaks on the main network."),
    ]  # fmt: skip


def everything(a: Analysis) -> str:
    return " ".join(str(v) for frame in a.tables.values() for v in frame.to_numpy().ravel())


def test_an_organisation_that_declines_is_in_no_named_output(consent_q: Questionnaire) -> None:
    rs = campaign(consent_q)
    invited = [invitation(r.response_id, r.organisation, r.category) for r in rs]
    a = analyse(consent_q.reference, consent_q, rs, invited, privacy="named")
    assert "Lakeside Water" not in everything(a)
    assert "LAKESIDE WATER" not in everything(a)
    assert sorted(a.tables["role_fit"]["organisation"]) == [
        "Byte Ltd",
        "Residents' Forum",
        "Town Hall",
    ]
    cov = a.tables["role_coverage"].set_index("role")
    # One decliner is fewer than min_group (3): its answers are in no figure at all, so its
    # 4 on data and its 3 on fund are not counted.
    assert cov.loc["data", "contributors"] == 2 and cov.loc["data", "leaders"] == 0
    assert cov.loc["fund", "contributor_organisations"] == ["Byte Ltd"]
    assert a.summary_value("declined_naming") == 1
    assert a.summary_value("responses_counted") == 3
    assert a.summary_value("responses_from_invited") == 4  # it did answer
    [note] = [d for c, d in zip(a.tables["data_quality"]["code"], a.tables["data_quality"]["detail"], strict=True)
              if c.startswith("declined")]  # fmt: skip
    assert note == (
        "1 organisation declined to be named; fewer than 3, so its answers are left out of every "
        "figure"
    )
    # Its own report still has its rows, under its pseudonym and nowhere else.
    assert list(a.withheld["role_fit"]["organisation"]) == ["ICT-2"]
    assert list(a.withheld["role_fit"]["response_id"]) == ["r4"]


def test_enough_decliners_are_reported_together_as_declined(consent_q: Questionnaire) -> None:
    rs = [
        *campaign(consent_q),
        response(consent_q, "r5", "Quiet Co", "biz", (0, 0, 0, 4), named=False),
        response(consent_q, "r6", "Silent Forum", "people", (0, 3, 0, 0), named=False),
    ]
    a = analyse(consent_q.reference, consent_q, rs, privacy="named", min_group=3)
    roles = a.tables["category_roles"]
    declined = roles[roles["category"] == DECLINED_GROUP].set_index("role")
    assert declined["organisations"].tolist() == [3, 3, 3, 3]
    assert declined.loc["fund", "leaders"] == 1 and declined.loc["data", "contributors"] == 2
    # The named categories hold only the named organisations.
    biz = roles[roles["category"] == "biz"]
    assert set(biz["organisations"]) == {1}
    cov = a.tables["role_coverage"].set_index("role")
    assert cov.loc["fund", "leaders"] == 2 and cov.loc["fund", "status"] == "contested"
    assert cov.loc["fund", "leader_organisations"] == ["Byte Ltd"]
    assert cov.loc["fund", "leader_categories"] == ["biz", DECLINED_GROUP]
    for name in ("Lakeside Water", "Quiet Co", "Silent Forum"):
        assert name not in everything(a)


def test_free_text_quoting_follows_consent(consent_q: Questionnaire) -> None:
    rs = [
        *campaign(consent_q),
        response(consent_q, "r5", "Quiet Co", "biz", (0, 0, 0, 4), named=False),
        response(consent_q, "r6", "Silent Forum", "people", (0, 3, 0, 0), named=False),
    ]
    named = analyse(consent_q.reference, consent_q, rs, privacy="named")
    texts = list(
        zip(
            named.tables["free_text"]["organisation"],
            named.tables["free_text"]["text"],
            strict=True,
        )
    )
    assert texts == [
        ("Town Hall", "Town Hall leads."),
        ("Byte Ltd", "We fund."),
        (None, "[organisation] detects leaks on the main network."),  # agreed to be quoted
    ]
    pseudo = analyse(consent_q.reference, consent_q, rs, privacy="pseudonymous")
    assert next(iter(pseudo.tables["free_text"]["text"])) == "MUN-1 leads."
    assert "r1" not in set(pseudo.tables["free_text"]["response_id"])
    anonymous = analyse(consent_q.reference, consent_q, rs, privacy="anonymous")
    # Only the one that agreed to be quoted, under its group, its own name masked.
    assert anonymous.tables["free_text"].to_dict("records") == [
        {"category": DECLINED_GROUP, "question": "comments",
         "text": "[organisation] detects leaks on the main network."},
    ]  # fmt: skip


def test_exclude_unverified_is_refused_where_it_would_let_answers_be_differenced(
    consent_q: Questionnaire,
) -> None:
    rs = campaign(consent_q)
    rs[1] = response(consent_q, "r2", "Byte Ltd", "biz", (0, 3, 0, 4), verified=False, named=True)
    with pytest.raises(UsageError) as err:
        analyse(consent_q.reference, consent_q, rs, privacy="anonymous", exclude_unverified=True)
    assert as_typed(err.value, "analyze") == (
        "--exclude-unverified cannot be used in an anonymous analysis of this campaign: it "
        "would leave out 1 unverified response, and comparing the result with the full "
        "anonymous analysis would give its answers back. Use --privacy pseudonymous (or "
        "named) to leave it out, or import it verified"
    )
    # In named mode the left-out organisation is named anyway: nothing to protect.
    a = analyse(consent_q.reference, consent_q, rs, privacy="named", exclude_unverified=True)
    assert "Byte Ltd" not in set(a.tables["role_fit"]["organisation"])


def test_participation_shows_no_small_count_in_anonymous_mode(consent_q: Questionnaire) -> None:
    rs = [
        *(response(consent_q, f"c{i}", f"City {i}", "city", (4, 2, 3, 0), named=True) for i in range(3)),
        *(response(consent_q, f"b{i}", f"Byte {i}", "biz", (0, 3, 0, 4), named=True) for i in range(2)),
        response(consent_q, "b2", "Byte 2", "biz", (0, 3, 0, 4), verified=False, named=True),
        response(consent_q, "p0", "Forum", "people", (0, 3, 0, 0), named=True),
    ]  # fmt: skip
    invitations = [invitation(r.response_id, r.organisation, r.category) for r in rs]
    invitations.append(invitation("p1", "Second Forum", "people"))  # drafted, never submitted
    drafts = {"p1": (15, 39, "2026-05-01T10:00:00Z")}
    a = analyse(consent_q.reference, consent_q, rs, invitations, drafts, privacy="anonymous")
    part = a.tables["participation"]
    # people (1 submitted of 2 invited) is too small alone: it joins the smallest other row.
    # The single draft and the one unverified answer are left empty.
    assert part[["category", "invited", "submitted", "verified", "unverified", "drafts"]].astype(object).where(
        part.notna(), None
    ).to_dict("records") == [
        {"category": "city", "invited": 3, "submitted": 3, "verified": 3, "unverified": 0, "drafts": 0},
        {"category": "other", "invited": 5, "submitted": 4, "verified": None, "unverified": None, "drafts": None},
    ]  # fmt: skip
    named = analyse(consent_q.reference, consent_q, rs, invitations, drafts, privacy="named")
    assert list(named.tables["participation"]["drafts"]) == [0, 1, 0]


# ---------------------------------------------------------------- the differencing property


def group_sums(a: Analysis) -> dict[str, dict[str, float]]:
    """Group -> role -> sum of ratings, as a reader recomputes it from category_roles."""
    out: dict[str, dict[str, float]] = {}
    for row in a.tables["category_roles"].itertuples(index=False):
        out.setdefault(row.category, {})[row.role] = row.mean_involvement * row.organisations
    return out


@st.composite
def campaigns(draw: st.DrawFn, q: Questionnaire) -> list[Any]:
    n = draw(st.integers(min_value=3, max_value=12))
    out = []
    for i in range(n):
        ratings = tuple(draw(st.integers(min_value=0, max_value=4)) for _ in ROLE_IDS)
        out.append(
            response(
                q, f"r{i:02d}", f"Org{i:02d}x", draw(st.sampled_from(["city", "people", "biz"])),
                ratings,  # type: ignore[arg-type]
                verified=draw(st.booleans()), named=draw(st.booleans()),
                aims=draw(st.lists(st.sampled_from(["efficiency", "inclusion"]), unique=True)),
            )
        )  # fmt: skip
    return out


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), k=st.integers(min_value=2, max_value=4))
def test_no_output_gives_back_a_group_under_k_by_subtraction(
    consent_q: Questionnaire, data: st.DataObject, k: int
) -> None:
    rs = data.draw(campaigns(consent_q))
    declined = [r for r in rs if r.answers["named"] is False]
    outputs: dict[tuple[str, bool], Analysis] = {}
    for privacy in ("named", "pseudonymous", "anonymous"):
        for exclude in (False, True):
            try:
                outputs[privacy, exclude] = analyse(
                    consent_q.reference, consent_q, rs, privacy=privacy, min_group=k,
                    exclude_unverified=exclude,
                )  # fmt: skip
            except UsageError:
                continue
    anonymous = [a for (p, _), a in outputs.items() if p == "anonymous"]
    # 1. Any two anonymous outputs are the same figures: nothing to subtract.
    for a in anonymous[1:]:
        for name in ("category_roles", "role_coverage", "item_frequencies", "participation"):
            assert a.tables[name].equals(anonymous[0].tables[name])
    # 2. Every group of every output, minus the named organisations' own rows (the most a
    #    reader can know), leaves 0 or the whole declined group of at least k.
    for (_privacy, exclude), a in outputs.items():
        named = outputs.get(("named", exclude))
        known = named.tables["organisation_roles"] if named is not None else None
        sums = group_sums(a)
        assert set(sums) <= {"city", "people", "biz", "other", DECLINED_GROUP}
        if DECLINED_GROUP in sums:
            assert len(declined) >= k
            members = a.tables["category_roles"]
            assert set(members.loc[members["category"] == DECLINED_GROUP, "organisations"]) == {
                len(declined)
            }
        if known is None:
            continue
        merged = {c for c in ("city", "people", "biz") if c not in sums}
        for group, roles in sums.items():
            if group == DECLINED_GROUP:
                continue
            cats = merged if group == "other" else {group}
            for role, total in roles.items():
                rows = known[(known["category"].isin(cats)) & (known["role"] == role)]
                assert total == pytest.approx(
                    float(rows["self_involvement"].sum()), abs=1e-3 * len(rs)
                )
        # 3. City-wide counts: named contributors plus the declined group's, nothing else.
        cov = a.tables["role_coverage"].set_index("role")
        pool = sums.get(DECLINED_GROUP)
        roles_table = a.tables["category_roles"]
        for role in ROLE_IDS:
            named_contrib = int(((known["role"] == role) & (known["self_involvement"] >= 3)).sum())
            pool_contrib = (
                int(
                    roles_table[
                        (roles_table["category"] == DECLINED_GROUP) & (roles_table["role"] == role)
                    ]["contributors"].sum()
                )
                if pool is not None
                else 0
            )
            assert cov.loc[role, "contributors"] == named_contrib + pool_contrib
    # 4. No name of a decliner in any table of any output.
    for a in outputs.values():
        text = everything(a)
        assert not [r.organisation for r in declined if r.organisation in text]


#: The organisations two rounds draw from: a name and a category each.
POOL = (
    ("Town Hall", "city"), ("Second Office", "city"), ("Byte Ltd", "biz"),
    ("Lakeside Water", "biz"), ("Grid Co", "biz"), ("Residents' Forum", "people"),
    ("Youth Club", "people"), ("Cycle Friends", "people"),
)  # fmt: skip


@st.composite
def rounds(draw: st.DrawFn, q: Questionnaire) -> tuple[list[Any], list[Any]]:
    """Two rounds of one city: overlapping organisations whose answers and consent change."""
    out = []
    for prefix in ("a", "b"):
        members = draw(st.lists(st.sampled_from(range(len(POOL))), min_size=3, unique=True))
        responses = []
        for i in sorted(members):
            name, category = POOL[i]
            ratings = tuple(draw(st.integers(min_value=0, max_value=4)) for _ in ROLE_IDS)
            responses.append(
                response(
                    q, f"{prefix}{draw(st.integers(0, 99)):02d}{i}", name, category,
                    ratings,  # type: ignore[arg-type]
                    verified=draw(st.booleans()), named=draw(st.booleans()),
                )
            )  # fmt: skip
        out.append(responses)
    return out[0], out[1]


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), k=st.integers(min_value=2, max_value=3))
def test_a_later_round_shows_nothing_its_rounds_do_not_show_alone(
    consent_q: Questionnaire, data: st.DataObject, k: int
) -> None:
    earlier, later = data.draw(rounds(consent_q))
    declined_now = {r.organisation for r in later if r.answers["named"] is False}
    declined_before = {r.organisation for r in earlier if r.answers["named"] is False}
    for privacy in ("named", "pseudonymous", "anonymous"):
        for exclude in (False, True):

            def run(
                rs: list[Any], previous: Analysis | None = None, p: str = privacy, x: bool = exclude
            ) -> Analysis:
                return analyse(
                    consent_q.reference, consent_q, rs, privacy=p, min_group=k,
                    exclude_unverified=x, previous=previous,
                )  # fmt: skip

            try:
                alone_before, alone_now = run(earlier), run(later)
            except UsageError:
                continue  # the round-to-round run is refused by the same rule
            both = run(later, alone_before)
            # 1. Every table of the later round alone is unchanged by the comparison.
            for name, table in alone_now.tables.items():
                if name != "summary":
                    assert both.tables[name].equals(table), name
            # 2. The earlier figures are the earlier round's own output, nothing more.
            roles = both.tables["round_changes_roles"].set_index("role")
            before = alone_before.tables["role_coverage"].set_index("role")
            for role in ROLE_IDS:
                assert roles.loc[role, "contributors_before"] == before.loc[role, "contributors"]
                assert roles.loc[role, "leaders_before"] == before.loc[role, "leaders"]
                assert roles.loc[role, "status_before"] == before.loc[role, "status"]
            followed = both.tables["action_followup"]
            assert list(followed["action"]) == list(alone_before.tables["actions"]["action"])
            # 3. Organisations: matched by who they are, each figure from its own round, and
            #    nobody who declines now, not even with the figures of a round they agreed to.
            if privacy == "anonymous":
                assert "round_changes_organisations" not in both.tables
                continue
            orgs = both.tables["round_changes_organisations"]
            assert orgs["organisation"].is_unique
            fit_now = alone_now.tables["role_fit"]
            fit_before = alone_before.tables["role_fit"]
            for row in orgs.itertuples(index=False):
                now_rows = fit_now[fit_now["organisation"] == row.organisation]
                if row.change == "gone":
                    assert now_rows.empty
                else:
                    assert len(now_rows) == 1
                    assert now_rows["role_fit"].iloc[0] == pytest.approx(
                        row.role_fit_after, nan_ok=True
                    )
            if privacy == "named":
                for row in orgs.itertuples(index=False):
                    assert row.organisation not in declined_now
                    old = fit_before[fit_before["organisation"] == row.organisation]
                    if row.organisation in declined_before:
                        assert old.empty and row.change == "new"
                    if not old.empty:
                        assert old["role_fit"].iloc[0] == pytest.approx(
                            row.role_fit_before, nan_ok=True
                        )
                shown_now = set(fit_now["organisation"])
                assert set(orgs["organisation"]) >= shown_now
            # 4. No name of anyone who declines now, in any table.
            text = everything(both)
            assert not [name for name in declined_now if name in text]


def test_rounds_match_organisations_by_who_they_are_not_by_pseudonym(
    consent_q: Questionnaire,
) -> None:
    # Pseudonyms are numbered by each round's random response ids: Byte Ltd is ICT-1 in the
    # first round and ICT-2 in the second. Its own figures must be compared, not ICT-1's.
    earlier = [
        response(consent_q, "a1", "Byte Ltd", "biz", (0, 0, 0, 0), named=True),
        response(consent_q, "a2", "Lakeside Water", "biz", (4, 4, 4, 4), named=True),
        response(consent_q, "a3", "Town Hall", "city", (4, 2, 3, 0), named=True),
        response(consent_q, "a4", "Grid Co", "biz", (1, 1, 1, 1), named=True),
    ]
    later = [
        response(consent_q, "b2", "Byte Ltd", "biz", (0, 0, 0, 0), named=True),
        response(consent_q, "b1", "Lakeside Water", "biz", (4, 4, 4, 4), named=True),
        response(consent_q, "b3", "Town Hall", "city", (4, 2, 3, 0), named=False),
    ]
    kwargs: dict[str, Any] = {"privacy": "pseudonymous", "min_group": 2}
    before = analyse(consent_q.reference, consent_q, earlier, **kwargs)
    after = analyse(consent_q.reference, consent_q, later, previous=before, **kwargs)
    fit_before = before.tables["role_fit"].set_index("organisation")["role_fit"].to_dict()
    assert fit_before == {"ICT-1": 0.0, "ICT-2": 1.0, "ICT-3": 0.4, "MUN-1": 1.0}
    rows = after.tables["round_changes_organisations"]
    rows = rows[["organisation", "role_fit_before", "role_fit_after", "change"]].astype(object)
    assert rows.where(rows.notna(), None).to_dict("records") == [
        # Lakeside Water (ICT-2 before, ICT-1 now) and Byte Ltd (ICT-1 before, ICT-2 now).
        {"organisation": "ICT-1", "role_fit_before": 1.0, "role_fit_after": 1.0,
         "change": "unchanged"},
        {"organisation": "ICT-2", "role_fit_before": 0.0, "role_fit_after": 0.0,
         "change": "unchanged"},
        # Grid Co did not answer again: numbered after this round's own pseudonyms.
        {"organisation": "ICT-3", "role_fit_before": 0.4, "role_fit_after": None,
         "change": "gone"},
        # Town Hall declines now: its first-round figures go too (MUN-1 is not listed).
    ]  # fmt: skip


def test_no_id_in_a_pseudonymous_output_comes_from_a_name(consent_q: Questionnaire) -> None:
    rs = campaign(consent_q)
    # An open response stored by v0.1 had an id made from its name.
    rs[2] = response(
        consent_q, "open_residents_forum", "Residents' Forum", "people", (0, 3, 0, 0), named=True
    )
    for privacy in ("pseudonymous", "anonymous"):
        a = analyse(consent_q.reference, consent_q, rs, privacy=privacy)
        assert "residents" not in everything(a).lower()
        assert not [v for v in everything(a).split() if v.startswith(("open_", "r1", "r2"))]
    pseudo = analyse(consent_q.reference, consent_q, rs, privacy="pseudonymous")
    assert sorted(pseudo.tables["role_fit"]["response_id"]) == ["CIT-1", "ICT-1", "MUN-1"]


def test_a_campaign_where_one_declines_reports_it_under_its_pseudonym_only(
    campaign: Any, tmp_path: Path
) -> None:
    import subprocess

    from sscassess.campaign.folder import Campaign
    from sscassess.pipeline import write_reports
    from test_store_integrity import signed

    assert isinstance(campaign, Campaign)
    for slug, named in (
        ("lakeside_water", False),
        ("city_of_lakeside", True),
        ("lakeside_university", True),
    ):
        path = signed(
            campaign,
            slug,
            tmp_path / slug,
            consent_named=named,
            comments=f"Note from {slug}: Lakeside Water fixes leaks.",
        )
        assert campaign.import_file(path).status == "imported"
    [row] = [r for r in campaign.status()["organisations"] if r["organisation"] == "Lakeside Water"]
    assert row["named"] is False
    paths = write_reports(campaign, organisations=True, invariant=True)
    names = sorted(p.name for p in paths)
    assert names == [
        "city-report.pdf",
        "city_of_lakeside.pdf",
        "lakeside_university.pdf",
        "utl_1.pdf",
    ]
    city = next(p for p in paths if p.name == "city-report.pdf")
    text = subprocess.run(
        ["pdftotext", str(city), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Lakeside Water" not in text.replace("\n", " ")
    own = next(p for p in paths if p.name == "utl_1.pdf")
    own_text = subprocess.run(
        ["pdftotext", str(own), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "UTL-1" in own_text and "Lakeside Water" not in own_text
    # It is told why, and what became of its answers; the others are told nothing of it.
    assert (
        "You asked the city's reports not to name your organisation, so this report calls it "
        "UTL-1, as they would. Fewer than 3 organisations declined, so your answers are in none "
        "of the city's figures: they are shown here, to you only."
    ) in " ".join(own_text.split())
    other = next(p for p in paths if p.name == "city_of_lakeside.pdf")
    other_text = subprocess.run(
        ["pdftotext", str(other), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "You asked the city's reports not to name" not in " ".join(other_text.split())


def test_an_anonymous_csv_run_leaves_no_named_table_of_an_earlier_run(
    consent_q: Questionnaire, tmp_path: Path
) -> None:
    import json

    from sscassess.analysis.output import write

    rs = campaign(consent_q)
    out = tmp_path / "analysis"
    write(analyse(consent_q.reference, consent_q, rs, privacy="named"), "csv", out)
    assert (out / "role_fit.csv").exists()
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    anonymous = analyse(consent_q.reference, consent_q, rs, privacy="anonymous")
    write(anonymous, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{name}.csv" for name in anonymous.tables] + ["meta.json", "my-notes.txt"]
    )
    assert json.loads((out / "meta.json").read_text(encoding="utf-8"))["privacy"] == "anonymous"
    text = "".join(p.read_text(encoding="utf-8-sig") for p in out.glob("*.csv"))
    assert "Town Hall" not in text and "Byte Ltd" not in text


def test_names_are_masked_as_whole_words_only() -> None:
    from sscassess.analysis.free_text import MASK, NameMasker

    masker = NameMasker(
        {"Aqua": MASK, "Lakeside Water": "UTL-1", "Lakeside Water Company": "UTL-2"}
    )
    assert masker.mask("Aqua leads; aquatic life and AQUA's pipes.") == (
        f"{MASK} leads; aquatic life and {MASK}'s pipes."
    )
    assert masker.mask("Lakeside Water Company and lakeside water, not Lakeside Waterworks") == (
        "UTL-2 and UTL-1, not Lakeside Waterworks"
    )

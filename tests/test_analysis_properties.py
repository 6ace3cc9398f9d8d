"""Properties of the gap analysis that must hold for any answers (hypothesis)."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_PACK
from sscassess.analysis.analyse import Analysis, analyse
from sscassess.campaign.store import StoredResponse
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire
from test_analysis import (
    AIMS,
    CATEGORIES,
    CHALLENGES,
    EXPECTATIONS,
    QUESTIONNAIRE,
    RECOMMENDATIONS,
    ROLES,
    response,
)

ROLE_IDS = ("lead", "data", "plan", "fund")
CATEGORY_IDS = ("city", "people", "biz")
#: Coverage order for "raising an answer never lowers it": a contested role is still led.
RANK = {"uncovered": 0, "no_lead": 1, "covered": 2, "contested": 2}


@functools.cache
def questionnaire() -> Questionnaire:
    folder = Path(tempfile.mkdtemp(prefix="sscassess-props-"))
    replaced = {
        "roles": ROLES, "aims": AIMS, "challenges": CHALLENGES, "categories": CATEGORIES,
        "expectations": EXPECTATIONS, "recommendations": RECOMMENDATIONS,
    }  # fmt: skip
    (folder / "pack").mkdir()
    for name, text in MINIMAL_PACK.items():
        (folder / "pack" / name).write_text(
            replaced.get(name.removesuffix(".yaml"), text), encoding="utf-8"
        )
    (folder / "gap-q.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return load_questionnaire(folder / "gap-q.yaml")


rating = st.integers(min_value=0, max_value=4)
organisation = st.tuples(
    st.sampled_from(CATEGORY_IDS), st.tuples(rating, rating, rating, rating), st.booleans()
)
campaigns = st.lists(organisation, min_size=0, max_size=12)


def build(orgs: list[tuple[str, tuple[int, int, int, int], bool]]) -> list[StoredResponse]:
    q = questionnaire()
    return [
        response(q, f"r{i:03d}", f"Organisation {i}", cat, roles,
                 aims=["efficiency"] if pursue else [],
                 challenges=["budget"] if pursue else [])
        for i, (cat, roles, pursue) in enumerate(orgs)
    ]  # fmt: skip


def run(responses: list[StoredResponse], **options: object) -> Analysis:
    q = questionnaire()
    return analyse(q.reference, q, responses, **options)  # type: ignore[arg-type]


def coverage(a: Analysis) -> dict[str, str]:
    cov = a.tables["role_coverage"]
    return dict(zip(cov["role"], cov["status"], strict=True))


@given(campaigns)
def test_role_fit_is_between_zero_and_one(orgs: list[tuple[str, tuple[int, ...], bool]]) -> None:
    fit = run(build(orgs)).tables["role_fit"]["role_fit"].dropna()  # type: ignore[arg-type]
    assert ((fit >= 0) & (fit <= 1)).all()


@given(campaigns, st.randoms(use_true_random=False))
def test_renaming_and_reordering_changes_nothing_but_names(
    orgs: list[tuple[str, tuple[int, int, int, int], bool]], rnd: object
) -> None:
    responses = build(orgs)
    shuffled = list(responses)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    renamed = [
        StoredResponse(**{**r.__dict__, "organisation": "Renamed " + r.organisation[::-1]})
        for r in shuffled
    ]
    a, b = run(responses), run(renamed)
    # The columns that name organisations (the evidence names the one with a gap).
    NAMED_COLUMNS = [
        "contributor_organisations", "leader_organisations", "evidence", "evidence_codes",
    ]  # fmt: skip
    for name in ("role_coverage", "category_roles", "item_frequencies", "recommendations",
                 "summary", "participation", "collaboration"):  # fmt: skip
        left = a.tables[name].drop(
            columns=NAMED_COLUMNS,
            errors="ignore",
        )
        right = b.tables[name].drop(
            columns=NAMED_COLUMNS,
            errors="ignore",
        )
        assert left.equals(right), name
    fit_a = a.tables["role_fit"].drop(columns=["organisation"])
    fit_b = b.tables["role_fit"].drop(columns=["organisation"])
    assert fit_a.equals(fit_b)
    renamed_to = {r.response_id: r.organisation for r in renamed}
    assert list(b.tables["role_fit"]["organisation"]) == [
        renamed_to[rid] for rid in a.tables["role_fit"]["response_id"]
    ]


@given(campaigns, st.sampled_from(CATEGORY_IDS))
def test_an_organisation_rating_everything_zero_changes_no_coverage_status(
    orgs: list[tuple[str, tuple[int, int, int, int], bool]], category: str
) -> None:
    responses = build(orgs)
    idle = response(questionnaire(), "r999", "Idle", category, (0, 0, 0, 0))
    assert coverage(run(responses)) == coverage(run([*responses, idle]))


@given(campaigns.filter(bool), st.data())
def test_raising_one_answer_never_lowers_that_roles_coverage(
    orgs: list[tuple[str, tuple[int, int, int, int], bool]], data: st.DataObject
) -> None:
    who = data.draw(st.integers(min_value=0, max_value=len(orgs) - 1))
    role = data.draw(st.integers(min_value=0, max_value=3))
    cat, roles, pursue = orgs[who]
    if roles[role] == 4:
        return
    raised = list(roles)
    raised[role] = data.draw(st.integers(min_value=roles[role] + 1, max_value=4))
    higher = [*orgs[:who], (cat, tuple(raised), pursue), *orgs[who + 1 :]]
    before = coverage(run(build(orgs)))[ROLE_IDS[role]]
    after = coverage(run(build(higher)))[ROLE_IDS[role]]  # type: ignore[arg-type]
    assert RANK[after] >= RANK[before], (before, after)


@given(campaigns, st.integers(min_value=2, max_value=5))
def test_anonymous_mode_never_shows_a_group_smaller_than_k(
    orgs: list[tuple[str, tuple[int, int, int, int], bool]], k: int
) -> None:
    responses = build(orgs)
    if len(responses) < k:
        return
    a = run(responses, privacy="anonymous", min_group=k)
    assert "organisation_roles" not in a.tables and "role_fit" not in a.tables
    sizes = a.tables["category_roles"].groupby("category")["organisations"].first()
    assert (sizes >= k).all()
    assert sizes.sum() == len(responses)  # groups partition the responses: no differencing
    for name in ("aims_alignment", "challenges"):
        table = a.tables[name]
        assert set(table["scope"]) <= {"category"}
        assert (table["organisations"] >= k).all()
    groups = set(sizes.index)
    assert set(a.tables["free_text"]["category"]) <= groups
    for cats in a.tables["role_coverage"]["contributor_categories"]:
        assert set(cats) <= groups
    for cats in a.tables["item_frequencies"]["categories"]:
        assert set(cats) <= groups
    assert set(a.tables["collaboration"]["from_category"]) <= groups


# ---------------------------------------------------------------------------- exports

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40
) | st.sampled_from(["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx", "\nx", '=HYPERLINK("a")'])


@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_no_exported_cell_starts_like_a_formula(texts: list[str]) -> None:
    import csv
    import io

    from sscassess.analysis.output import table_csv

    q = questionnaire()
    responses = [
        response(q, f"r{i}", text, "city", (1, 2, 3, 4), comments=text)
        for i, text in enumerate(texts)
    ]
    a = run(responses)
    for name, frame in a.tables.items():
        raw = table_csv(frame).decode("utf-8")
        assert raw.startswith("\ufeff")
        for row in csv.reader(io.StringIO(raw[1:], newline="")):
            for cell in row:
                assert not cell.startswith(DANGEROUS), (name, cell)
    free = list(csv.reader(io.StringIO(table_csv(a.tables["free_text"]).decode()[1:], newline="")))
    got = sorted(r[4] for r in free[1:])
    want = sorted(("'" + t if t.startswith(DANGEROUS) else t) for t in texts if t.strip())
    assert got == want


@settings(max_examples=25)
@given(st.lists(hostile_text, min_size=1, max_size=3))
def test_no_xlsx_cell_is_a_formula(texts: list[str]) -> None:
    import io

    from openpyxl import load_workbook

    from sscassess.analysis.output import to_xlsx

    q = questionnaire()
    responses = [
        response(q, f"r{i}", text, "city", (1, 2, 3, 4), comments=text)
        for i, text in enumerate(texts)
    ]
    wb = load_workbook(io.BytesIO(to_xlsx(run(responses))))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS)

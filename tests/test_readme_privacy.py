"""The README's privacy section, held to the code (issue 14): each number and rule it states.

Each test quotes the README sentence it checks, so a change of the text fails here until the
code and the test agree with it again, and then checks the rule on a real analysis.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import pytest

from sscassess.analysis.analyse import analyse
from sscassess.analysis.definitions import DECLINED_GROUP, DEFAULT_MIN_GROUP, ORGANISATION_TABLES
from sscassess.analysis.frame import pseudonyms
from sscassess.analysis.free_text import MASK
from sscassess.cli import main as cli
from sscassess.core.errors import UsageError
from sscassess.questionnaire.load import load_questionnaire
from sscassess.questionnaire.model import Questionnaire
from sscassess.reference.pack import load_reference
from test_analysis import response
from test_privacy import consent_q  # noqa: F401 (the fixture)

README = Path(__file__).resolve().parents[1] / "README.md"


def readme() -> str:
    """The README as one line of text (sentences there wrap at any word)."""
    return " ".join(README.read_text(encoding="utf-8").split())


def states(sentence: str) -> None:
    assert " ".join(sentence.split()) in readme(), f"the README no longer says: {sentence}"


def the_default_k() -> int:
    found = re.findall(r"\(`--min-group K`, default (\d+)\)", readme())
    assert len(found) == 1
    also = re.findall(r"K = (\d+) unless `--min-group` says otherwise, never below (\d+)", readme())
    assert also == [(found[0], "2")]
    return int(found[0])


def test_the_default_k_is_the_codes_in_the_library_and_every_command() -> None:
    k = the_default_k()
    assert k == DEFAULT_MIN_GROUP == 3
    for name in ("analyze", "report"):
        command = cli.cli.commands[name]
        option = next(p for p in command.params if p.name == "min_group")
        assert option.default == k, name
        assert isinstance(option.type, click.IntRange) and option.type.min == 2


def test_k_is_never_below_two(consent_q: Questionnaire) -> None:  # noqa: F811
    rs = [
        response(consent_q, f"r{i}", f"Org {i}", "city", (4, 2, 3, 0), named=True) for i in range(3)
    ]
    with pytest.raises(UsageError, match="must be 2 or more, not 1"):
        analyse(consent_q.reference, consent_q, rs, privacy="anonymous", min_group=1)


@pytest.mark.parametrize("k", [2, 3, 4])
def test_an_anonymous_analysis_of_fewer_than_k_responses_is_refused(
    consent_q: Questionnaire,  # noqa: F811
    k: int,
) -> None:
    states("An anonymous analysis of fewer than K responses in all is refused.")
    rs = [
        response(consent_q, f"r{i}", f"Org {i}", "city", (4, 2, 3, 0), named=True) for i in range(k)
    ]
    with pytest.raises(UsageError, match=f"needs at least {k} responses and this one has {k - 1}"):
        analyse(consent_q.reference, consent_q, rs[:-1], privacy="anonymous", min_group=k)
    assert (
        analyse(consent_q.reference, consent_q, rs, privacy="anonymous", min_group=k).meta[
            "responses"
        ]
        == k
    )


@pytest.mark.parametrize("k", [2, 3])
def test_a_category_under_k_is_merged_into_other(consent_q: Questionnaire, k: int) -> None:  # noqa: F811
    states(
        "a category answered by fewer than K organisations (`--min-group K`, default 3) is merged "
        "into `other` with the other small categories, and while `other` is still smaller than K "
        "the smallest remaining category joins it; `data_quality` says which."
    )
    rs = [
        *(response(consent_q, f"c{i}", f"City {i}", "city", (4, 2, 3, 0), named=True) for i in range(k)),
        *(response(consent_q, f"b{i}", f"Byte {i}", "biz", (0, 3, 0, 4), named=True) for i in range(k)),
        *(response(consent_q, f"p{i}", f"Forum {i}", "people", (0, 3, 0, 0), named=True) for i in range(k - 1)),
    ]  # fmt: skip
    a = analyse(consent_q.reference, consent_q, rs, privacy="anonymous", min_group=k)
    groups = a.tables["category_roles"].groupby("category", observed=True)["organisations"].first()
    # people (k - 1) is too small; alone in `other` it is still too small, so the smallest
    # remaining category (biz, k, before city by pack order) joins it.
    assert groups.to_dict() == {"city": k, "other": 2 * k - 1}
    assert min(groups) >= k
    notes = a.tables["data_quality"]
    assert "groups_merged" in set(notes["code"])


def test_anonymous_drops_the_organisation_tables_the_readme_lists(consent_q: Questionnaire) -> None:  # noqa: F811
    found = re.search(
        r"`anonymous` drops every organisation-level table and column \(([^)]*)\)", readme()
    )
    assert found is not None
    listed = re.findall(r"`([a-z_]+)`", found.group(1))
    assert tuple(listed[: len(ORGANISATION_TABLES)]) == ORGANISATION_TABLES
    rs = [
        response(consent_q, f"r{i}", f"Org {i}", "city", (4, 2, 3, 0), named=True) for i in range(3)
    ]
    a = analyse(consent_q.reference, consent_q, rs, privacy="anonymous")
    assert not set(ORGANISATION_TABLES) & set(a.tables)
    assert not {"contributor_organisations", "leader_organisations"} & set(
        a.tables["role_coverage"]
    )
    assert not {"response_id", "organisation"} & set(a.tables["free_text"])


def test_pseudonyms_look_like_the_readmes() -> None:
    states("replaces each name with its category code and a number (`UTL-1`)")
    pack = load_reference()
    utility = next(c for c in pack.categories if c.code == "UTL")
    stored: Any = [
        type("R", (), {"response_id": rid, "category": utility.id})() for rid in ("b", "a")
    ]
    assert pseudonyms(pack, stored) == {"a": "UTL-1", "b": "UTL-2"}


@pytest.mark.parametrize("k", [2, 3])
def test_decliners_are_a_group_only_when_it_holds_k(consent_q: Questionnaire, k: int) -> None:  # noqa: F811
    states(
        "The organisations that declined are reported together as one group, `declined` (in "
        "`category_roles`, the item tables, `collaboration`, and the "
        "`contributor_categories`/`leader_categories`), and only when that group holds at least K "
        "of them; with fewer, their answers are left out of every figure"
    )
    named = [
        response(consent_q, f"c{i}", f"City {i}", "city", (4, 2, 3, 0), named=True)
        for i in range(3)
    ]
    declined = [
        response(consent_q, f"d{i}", f"Shy {i}", "biz", (0, 4, 4, 4), named=False) for i in range(k)
    ]
    for n, shown in ((k - 1, False), (k, True)):
        a = analyse(consent_q.reference, consent_q, named + declined[:n], min_group=k)
        groups = set(a.tables["category_roles"]["category"])
        assert (DECLINED_GROUP in groups) is shown
        assert a.summary_value("declined_naming") == n
        codes = set(a.tables["data_quality"]["code"])
        assert ("declined_grouped" if shown else "declined_left_out") in codes


def test_quotes_need_the_shipped_consent_question_and_mask_the_name() -> None:
    states(
        "the questionnaire's optional `consent_quote` question, from version 1.1; no answer means "
        "no), under its group, with its own name replaced by `[organisation]`."
    )
    assert MASK == "[organisation]"
    shipped = load_questionnaire()
    question = shipped.by_mapping("consent.quote")
    assert question is not None and question.id == "consent_quote"
    assert not question.required
    assert tuple(int(p) for p in shipped.version.split(".")[:2]) >= (1, 1)


def test_exclude_unverified_is_refused_in_anonymous_mode(consent_q: Questionnaire) -> None:  # noqa: F811
    states(
        "`--exclude-unverified` is refused in anonymous mode when there are unverified responses "
        "(the difference would be their answers)"
    )
    rs = [
        response(consent_q, f"r{i}", f"Org {i}", "city", (4, 2, 3, 0), named=True) for i in range(4)
    ]
    rs.append(
        response(consent_q, "u", "Unsigned", "city", (0, 0, 0, 0), verified=False, named=True)
    )
    with pytest.raises(UsageError, match="unverified"):
        analyse(consent_q.reference, consent_q, rs, privacy="anonymous", exclude_unverified=True)
    assert analyse(
        consent_q.reference, consent_q, rs[:4], privacy="anonymous", exclude_unverified=True
    )

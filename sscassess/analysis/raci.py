"""The ``raci`` table (role × organisation, one accountable per role) and its check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.analysis.action_terms import LEVEL_RANK, RACI_BASIS, RACI_COLUMNS
from sscassess.analysis.definitions import (
    CONTRIBUTOR_LEVEL,
    LEADER_LEVEL,
)
from sscassess.analysis.definitions import NOT_HEARD as NOT_HEARD  # the texts' "not heard" phrase
from sscassess.core.vocabulary import Level, Raci, values

if TYPE_CHECKING:
    from collections.abc import Mapping

    import numpy as np
    import pandas as pd

    from sscassess.analysis.actors import Actors
    from sscassess.reference.model import ReferencePack

LETTERS = values(Raci)  #: the letter column's categories, in order
LEVELS = values(Level)  #: the expected_level column's categories, in order


# ---------------------------------------------------------------------------- RACI


def raci_table(
    pack: ReferencePack,
    actors: Actors,
    accountable: Mapping[int, tuple[int, str]],
    role_names: np.ndarray,
) -> pd.DataFrame:
    """Role × shown organisation (role-major), one letter each; A from ``accountable``.

    Built from codes, as ``organisation_roles`` is: 100,000 organisations make 2.4 million
    rows.
    """
    import numpy as np
    import pandas as pd

    n, r = actors.rating.shape
    ratings = np.clip(actors.rating, 0, LEADER_LEVEL)
    # By rating 0-4: the letter's code in LETTERS (-1: none) and the basis. A is given below.
    letter_code = {letter: i for i, letter in enumerate(LETTERS)}
    by_rating = [-1, letter_code[Raci.INFORMED], letter_code[Raci.CONSULTED],
                 letter_code[Raci.RESPONSIBLE], letter_code[Raci.RESPONSIBLE]]  # fmt: skip
    letters = np.array(by_rating, dtype=np.int8)[ratings]
    names = [RACI_BASIS[v] for v in range(LEADER_LEVEL + 1)]
    chosen = sorted({code for _, code in accountable.values()})
    basis = ratings.astype(np.int16)
    for j, (a, code) in accountable.items():
        letters[a, j] = letter_code[Raci.ACCOUNTABLE]
        basis[a, j] = len(names) + chosen.index(code)
    role_codes = np.repeat(np.arange(r, dtype=np.int32), n)
    org_codes = np.tile(np.arange(n, dtype=np.int32), r)
    # actors.level holds LEVEL_RANK values (2 = primary); the column's codes index LEVELS.
    rank_to_code = {rank: LEVELS.index(level) for level, rank in LEVEL_RANK.items()}
    lookup = np.array([rank_to_code[rank] for rank in range(len(LEVELS))], dtype=np.int8)
    levels = lookup[actors.level.T.reshape(-1)]
    return pd.DataFrame(
        {
            "role": pd.Categorical.from_codes(role_codes, categories=[x.id for x in pack.roles]),
            "role_name": _labels(role_names, role_codes),
            "response_id": pd.Categorical.from_codes(
                org_codes, categories=pd.Index(actors.response_id)
            ),
            "organisation": _labels(np.asarray(actors.who, dtype=object), org_codes),
            "category": _labels(np.asarray(actors.category, dtype=object), org_codes),
            "expected_level": pd.Categorical.from_codes(levels, categories=list(LEVELS)),
            "self_involvement": actors.rating.T.reshape(-1),
            "letter": pd.Categorical.from_codes(letters.T.reshape(-1), categories=list(LETTERS)),
            "basis": pd.Categorical.from_codes(basis.T.reshape(-1), categories=names + chosen),
        },
        columns=list(RACI_COLUMNS),
    )


def _labels(values: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """``values[codes]`` as a categorical: millions of rows, a few thousand distinct texts.

    Values may repeat (two organisations with one name): they share a category.
    """
    import numpy as np
    import pandas as pd

    distinct, inverse = np.unique(values.astype(str), return_inverse=True)
    return pd.Categorical.from_codes(
        inverse.reshape(-1).astype(np.int32)[codes], categories=pd.Index(distinct, dtype=object)
    )


def raci_findings(raci: pd.DataFrame, coverage: pd.DataFrame) -> list[dict[str, Any]]:
    """The RACI rule, checked: every role with a contributor has one A and someone doing it.

    One ``data_quality`` row per role that breaks it: ``raci_no_accountable`` (the leaders,
    or the contributors of a role nobody leads, all declined to be named),
    ``raci_several_accountable``, ``raci_no_responsible`` (nobody rating it 3 or 4 among its
    A and R).
    """
    letter = raci["letter"]
    accountable = raci.loc[letter == Raci.ACCOUNTABLE, "role"].value_counts()
    working = letter.isin([Raci.ACCOUNTABLE, Raci.RESPONSIBLE]) & (
        raci["self_involvement"] >= CONTRIBUTOR_LEVEL
    )
    doing = raci.loc[working, "role"].value_counts()
    notes: list[dict[str, Any]] = []
    for row in coverage.itertuples(index=False):
        role, n = str(row.role), int(row.contributors)
        if n == 0:
            continue
        a = int(accountable.get(role, 0))
        if a == 0:
            code, count = "raci_no_accountable", n
        elif a > 1:
            code, count = "raci_several_accountable", a
        elif not doing.get(role, 0):
            code, count = "raci_no_responsible", None
        else:
            continue
        params: dict[str, Any] = {"subject_kind": "role"}
        if count is not None:
            params["count"] = count
        notes.append({"code": code, "subject": role, "params": params})
    return notes

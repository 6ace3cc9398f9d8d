"""Free-text answers, quoted as consent allows, with organisation names masked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sscassess.core.vocabulary import Privacy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import pandas as pd

    from sscassess.analysis.frame import Frame
    from sscassess.campaign.store import StoredResponse


def free_text_table(frame: Frame, privacy: str, replacements: Mapping[str, str]) -> pd.DataFrame:
    """The free-text answers that may be shown, each where it may be shown.

    Named and pseudonymous outputs quote each organisation that agreed to be named, under its
    name or pseudonym. Everything else is quoted only with the respondent's consent to quoting
    (``consent.quote``), under its group: the decliners' texts (under ``declined``) and, in
    anonymous mode, every text. In every text shown, the organisation names in
    ``replacements`` (an organisation's own, and any other it mentions) are replaced.
    """
    import pandas as pd

    masker = NameMasker(replacements)
    named_rows: list[dict[str, Any]] = []
    group_rows: list[dict[str, Any]] = []
    for entry in frame.free_text:
        i = entry["i"]
        if privacy != Privacy.ANONYMOUS and not frame.hidden[i]:
            rows, who, rid = named_rows, frame.names[i], frame.response_ids[i]
        elif frame.quotable[i]:
            rows, who, rid = group_rows, None, None
        else:
            continue
        rows.append(
            {
                "response_id": rid,
                "organisation": who,
                "category": frame.group_of[i],
                "question": entry["question"],
                "text": masker.mask(entry["text"]),
            }
        )
    columns = ["response_id", "organisation", "category", "question", "text"]
    # Group quotes carry no submission order: sorted by group, question and text.
    grouped = pd.DataFrame(group_rows, columns=columns).sort_values(
        ["category", "question", "text"], ignore_index=True
    )
    out = pd.concat([pd.DataFrame(named_rows, columns=columns), grouped], ignore_index=True)
    if privacy == Privacy.ANONYMOUS:
        out = out.drop(columns=["response_id", "organisation"])
    return out


#: What an organisation's name becomes in a text where it may not be shown.
MASK = "[organisation]"


def name_replacements(
    responses: Sequence[StoredResponse],
    declined: Sequence[StoredResponse],
    names: Mapping[str, str],
    privacy: str,
) -> dict[str, str]:
    """Organisation name -> what free text shows instead, in this privacy mode.

    Named: the decliners' names are masked. Pseudonymous: every name becomes its pseudonym,
    a decliner's is masked. Anonymous: every name is masked.
    """
    hidden = {r.response_id for r in declined}
    out: dict[str, str] = {}
    for r in responses:
        if r.response_id in hidden or privacy == Privacy.ANONYMOUS:
            out[r.organisation] = MASK
        elif privacy == Privacy.PSEUDONYMOUS:
            out[r.organisation] = names[r.response_id]
    return out


class NameMasker:
    """Replaces organisation names in texts, case-insensitively and across Unicode forms.

    One regular expression for all names, longest first, so "Lakeside Water Company" is
    replaced whole before "Lakeside Water" could match inside it; a name matches only as
    whole words, so an organisation called "Aqua" leaves "aquatic" alone.
    """

    def __init__(self, replacements: Mapping[str, str]) -> None:
        import re
        import unicodedata

        table = {
            unicodedata.normalize("NFKC", k.strip()).casefold(): v
            for k, v in replacements.items()
            if k.strip()
        }
        self._table = table
        self._pattern = (
            re.compile(
                r"(?<!\w)(?:"
                + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
                + r")(?!\w)",
                re.IGNORECASE,
            )
            if table
            else None
        )

    def mask(self, text: str) -> str:
        """``text`` with every known name replaced."""
        if self._pattern is None:
            return text
        import unicodedata

        return self._pattern.sub(
            lambda m: self._table.get(m.group().casefold(), MASK),
            unicodedata.normalize("NFKC", text),
        )

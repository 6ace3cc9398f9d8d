"""Keys to answer the whole shipped questionnaire with typical answers, against the budget.

DESIGN.md: one key plus Enter per role rating at most, a whole questionnaire with typical
answers in at most 90 keys. The wizard is driven through prompt_toolkit pipe input (the real
prompts, no terminal), as an invited organisation (name, category, subtype fixed), from the
first question to "Submit my answers"; the answers stored are checked, so a key that did
something else fails the run instead of being counted.

Typical answers: scale and sector, a staff count, the position skipped, consent; 24 roles
(three lead or contribute, five are consulted or informed, the rest not involved); three aims
and the top one; two challenges; two things to offer; no constraint; two partners and one
need; one phase; no free text. An arrow or Enter is one key, a typed character one key,
Esc then Enter two.

Run with `python bench/wizard_keys.py`; prints the count, the budget and the ratio, and the
seconds of the whole run against a floor measured in the same run (as many bare questionary
lists, each answered with Enter).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 90
ENTER, DOWN, SPACE, ESC = "\r", "\x1b[B", " ", "\x1b"

RATINGS = "433221111000000000000000"  # the 24 roles, in order
STEPS: list[str] = [
    ENTER,  # scale: local
    DOWN + ENTER,  # sector: private
    "12" + ENTER,  # staff
    ENTER,  # position: skipped
    ENTER,  # consent: yes
    *RATINGS,  # one digit per role
    SPACE + DOWN + DOWN + SPACE + DOWN + SPACE + ENTER,  # aims: 1st, 3rd, 4th
    DOWN + DOWN + ENTER,  # top aim: the 2nd of those offered (skip is first)
    DOWN + SPACE + DOWN + SPACE + ENTER,  # challenges: 2nd, 3rd
    SPACE + DOWN + SPACE + ENTER,  # potential: 1st, 2nd
    ENTER,  # constraints: none
    SPACE + DOWN + SPACE + ENTER,  # collaborations: 1st, 2nd
    DOWN + DOWN + SPACE + ENTER,  # needs: 3rd
    DOWN + SPACE + ENTER,  # phases: implementation
    ESC + ENTER,  # planned contribution: empty
    ESC + ENTER,  # comments: empty
    ENTER,  # review: submit
]


def pressed(keys: str) -> int:
    """Keys a respondent presses: an arrow's escape sequence is one key."""
    return len(keys.replace(DOWN, "v"))


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")  # not the user's
        os.environ["XDG_DATA_HOME"] = str(Path(tmp) / "data")
        from prompt_toolkit.application import create_app_session
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.output import DummyOutput

        from sscassess.questionnaire.load import load_questionnaire
        from sscassess.wizard.screens import Wizard

        q = load_questionnaire()
        fixed = {
            "organisation_name": "Harbour Telecom",
            "category": "ict_company",
            "subtype": "telecom_operator",
        }
        keys = "".join(STEPS)
        started = time.perf_counter()
        with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
            inp.send_text(keys)
            answers = Wizard(q, "en", fixed=fixed, out=io.StringIO()).run()
        seconds = time.perf_counter() - started
        floor = bare_prompts(len(STEPS))
    ratings = answers["roles"]
    assert list(ratings.values()) == [int(d) for d in RATINGS], ratings
    assert len(answers["aims"]) == 3 and answers["top_aim"] == answers["aims"][1], answers
    assert len(answers["challenges"]) == 2 and len(answers["potential"]) == 2, answers
    assert answers["ssc_staff"] == 12 and "constraints" not in answers, answers
    total = sum(pressed(k) for k in STEPS)
    roles = sum(pressed(k) for k in RATINGS)
    print(f"wizard keys, whole questionnaire (39 screens, typical answers): {total}")
    print(f"budget: {BUDGET} keys; ratio {total / BUDGET:.2f}")
    print(f"role ratings: {roles} keys for {len(RATINGS)} roles")
    print(f"seconds, whole questionnaire through the pipe: {seconds:.2f}")
    print(f"floor, {len(STEPS)} bare questionary lists answered with Enter: {floor:.2f} s; "
          f"ratio {seconds / floor:.1f}")  # fmt: skip


def bare_prompts(count: int) -> float:
    """Seconds for ``count`` plain questionary lists of five choices, each answered by Enter.

    The floor: what prompt_toolkit and questionary cost per screen without the wizard.
    """
    import questionary
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    started = time.perf_counter()
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text(ENTER * count)
        for _ in range(count):
            questionary.select("?", choices=["a", "b", "c", "d", "e"]).unsafe_ask()
    return time.perf_counter() - started


if __name__ == "__main__":
    main()

"""Loading a questionnaire by id or path: the top of the questionnaire stage.

The stage is a DAG: :mod:`.model` (the resolved form every stage reads) ← :mod:`.check`
(pydantic validation of a file, building the model) ← :mod:`.cache` (resolved forms kept per
user, so the wizard starts without pydantic) ← this module. :func:`check_questionnaire`
returns errors and warnings without raising; :func:`load_questionnaire` raises
:class:`~sscassess.core.errors.InvalidInputError` when there are errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sscassess.core.errors import IntegrityError, Msg, UsageError
from sscassess.core.resources import check_archived, is_archived
from sscassess.questionnaire.model import resolve_questionnaire_location

if TYPE_CHECKING:
    from sscassess.questionnaire.model import CheckResult, Questionnaire


def check_questionnaire(
    spec: str | Path | None = None, reference: str | Path | None = None
) -> CheckResult:
    """Validate a questionnaire (id or path) against its reference pack, without raising.

    ``reference`` overrides the pack named in the questionnaire. Problems in the pack itself
    are raised as :class:`InvalidInputError` (the pack is checked first). Always validates
    in full (no cache).
    """
    from sscassess.questionnaire.check import check_file

    path, display = resolve_questionnaire_location(spec)
    return check_file(path, display, str(reference) if reference else None)


def load_questionnaire(
    spec: str | Path | None = None, reference: str | Path | None = None
) -> Questionnaire:
    """Load a questionnaire by id (``id`` or ``id@version``) or path; raise on any error.

    ``id@version`` is the shipped file when its version matches, else the archived one
    (``questionnaires/archive/id@version.yaml``, with the pack version it was released
    with). An archived file that is not its released content raises
    :class:`~sscassess.core.errors.IntegrityError`; a version neither current nor archived
    :class:`~sscassess.core.resources.NotShippedError` (a :class:`UsageError`).

    A questionnaire validated before, with the same bytes in its file and in every file of
    its reference pack, is read back from the cache without validating again.
    """
    from sscassess.questionnaire import cache as questionnaire_cache  # pydantic-free start

    path, display = resolve_questionnaire_location(spec)
    q = questionnaire_cache.load(path.resolve(), display, str(reference) if reference else "")
    if is_archived(path, "questionnaires"):
        check_archived("questionnaires", path.stem, q.ref, q.sha256, display)
    if spec and "@" in str(spec) and not Path(str(spec)).exists():
        wanted = str(spec).split("@", 1)[1]
        if wanted != q.version:
            raise UsageError(
                Msg("questionnaire {id} is at version {version}, not {wanted}; use {ref} or a "
                    "file of version {wanted}", id=q.id, version=q.version, wanted=wanted,
                    ref="@".join((q.id, q.version)))
            )  # fmt: skip
    return q


def load_pinned_questionnaire(
    qid: str, version: str, sha256: str, reference: str | Path | None = None
) -> Questionnaire:
    """The shipped questionnaire a campaign or an invitation pins (id, version and sha256).

    The current file when its version matches, else the archived one. Raises
    :class:`~sscassess.core.resources.NotShippedError` for a version this sscassess does not ship
    and :class:`~sscassess.core.errors.IntegrityError` when the file found is not the pinned one
    (edited since). ``reference`` overrides the pack, as in :func:`load_questionnaire`.
    """
    q = load_questionnaire(f"{qid}@{version}", reference)
    if q.sha256 != sha256:
        raise IntegrityError(
            Msg("the questionnaire {ref} shipped here (sha256 {found}…) is not the pinned one "
                "(sha256 {pinned}…); use the sscassess release that has it",
                ref="@".join((qid, version)), found=q.sha256[:12], pinned=sha256[:12])
        )  # fmt: skip
    return q

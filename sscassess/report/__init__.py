"""PDF gap-analysis reports: one for the city's leadership, one for every organisation.

Reports only render the tables of an :class:`sscassess.analysis.analyse.Analysis`; they compute no
finding of their own. :func:`write_report_files` writes them all into a folder (the ``report`` command runs it
through :func:`sscassess.pipeline.write_reports`);
:func:`build_city_report` and :func:`build_organisation_report` are pure functions of an
analysis for callers that have one already. Importing this package is cheap: ReportLab,
matplotlib and pandas are imported when a report is built.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sscassess.core.errors import Msg, Option, UsageError
from sscassess.core.vocabulary import Table

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sscassess.analysis.analyse import Analysis
    from sscassess.report.common import Context
    from sscassess.report.templates import Template

__all__ = [
    "CITY_REPORT",
    "build_city_report",
    "build_organisation_report",
    "check_lang",
    "load_template",
    "organisation_report_names",
    "write_report_files",
]

#: File name of the city report inside the output folder (``-LANG`` added for other languages).
CITY_REPORT = "city-report"
#: Folder of the organisation reports inside the output folder.
ORGANISATIONS_DIR = "organisations"
#: From this many organisation reports on, they are built in parallel processes.
PARALLEL_FROM = 6


def load_template(path: Path | None = None) -> Template:
    """The shipped report template, or ``path`` laid over it (see :mod:`.templates`)."""
    from sscassess.report.templates import load_template as _load

    return _load(path)


def build_city_report(
    analysis: Analysis, path: Path, template: Template, lang: str, *, invariant: bool = False
) -> Context:
    """Write the city report of ``analysis`` to ``path``; returns the build context."""
    from sscassess.report.city import build_city_report as _build

    return _build(analysis, path, template, lang, invariant=invariant)


def build_organisation_report(
    analysis: Analysis,
    response_id: str,
    path: Path,
    template: Template,
    lang: str,
    *,
    invariant: bool = False,
) -> Context:
    """Write the report of the organisation behind ``response_id`` to ``path``."""
    from sscassess.report.organisation import build_organisation_report as _build

    return _build(analysis, response_id, path, template, lang, invariant=invariant)


def organisation_report_names(analysis: Analysis) -> dict[str, str]:
    """Response id → file name (``<slug>.pdf``, made unique) of each organisation report.

    File names come from the displayed name (the pseudonym in pseudonymous mode), reduced to
    ``[a-z0-9_]``, so no organisation name can point a report outside its folder.
    """
    from sscassess.core.texts import slugify

    orgs = analysis.tables.get(Table.ROLE_FIT)
    if orgs is None:
        return {}
    hidden = analysis.withheld.get(Table.ROLE_FIT)
    ids = [*orgs["response_id"], *(hidden["response_id"] if hidden is not None else [])]
    shown = [*orgs["organisation"], *(hidden["organisation"] if hidden is not None else [])]
    names: dict[str, str] = {}
    used: set[str] = set()
    for rid, name in zip(ids, shown, strict=True):
        base = slugify(str(name))
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}_{n}"
        used.add(candidate)
        names[str(rid)] = candidate + ".pdf"
    return names


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def check_lang(lang: str | None, template: Template, analysis_langs: tuple[str, ...]) -> str:
    """``lang``, or the template's default, if the template and the pack both have it."""
    chosen = lang or template.default_language
    if chosen not in template.languages or chosen not in analysis_langs:
        both = [x for x in template.languages if x in analysis_langs]
        raise UsageError(
            Msg("{option} '{lang}': the report template and the reference pack share only these "
                "languages: {languages}", option=Option("lang"), lang=chosen,
                languages=", ".join(both))
        )  # fmt: skip
    return chosen


def write_report_files(
    analysis: Analysis,
    out: Path,
    template: Template,
    lang: str,
    *,
    organisations: bool = False,
    own: Mapping[str, Analysis] | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int, str], None] | None = None,
    invariant: bool = False,
) -> list[Path]:
    """Write the city report of ``analysis`` (and its organisation reports) into ``out``.

    ``lang`` is one the template and the pack share (see :func:`check_lang`). With
    ``organisations=True`` every organisation of the analysis also gets a report in
    ``out/organisations/``: in ``lang``, or, for a response id in ``own``, from that analysis
    (the same campaign analysed in the organisation's own language, ``meta["lang"]``), its
    file name then ending in ``-<lang>`` as the city report's does. ``jobs`` caps the worker
    processes (default: the CPUs this process may use); ``progress(done, total, label)`` is
    called after each report. Returns the paths written, city report first, then the
    organisation reports in file-name order.

    Raises :class:`~sscassess.core.errors.InvalidInputError`, writing nothing, when the
    ``organisations/`` folder is a symbolic link, :class:`UsageError` when ``out`` cannot be
    made, and :class:`~sscassess.core.fileio.WriteError` when a report cannot be written.
    """
    from sscassess.core.fileio import checked_folder, make_folder

    if organisations:
        checked_folder(out, ORGANISATIONS_DIR)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            Msg("{out}: cannot create the folder ({reason})", out=out, reason=exc.strerror)
        ) from None
    suffix = "" if lang == template.default_language else f"-{lang}"
    names = organisation_report_names(analysis) if organisations else {}
    total = 1 + len(names)
    city_path = out / f"{CITY_REPORT}{suffix}.pdf"
    build_city_report(analysis, city_path, template, lang, invariant=invariant)
    written = [city_path]
    if progress:
        progress(1, total, city_path.name)
    if names:
        org_dir = checked_folder(out, ORGANISATIONS_DIR)
        make_folder(org_dir)
        # One run per language, each from the analysis in that language.
        runs: dict[str, tuple[Analysis, list[tuple[str, Path]]]] = {}
        for rid, name in names.items():
            source = (own or {}).get(rid, analysis)
            own_lang = str(source.meta.get("lang") or lang) if source is not analysis else lang
            ending = "" if own_lang == template.default_language else f"-{own_lang}"
            runs.setdefault(own_lang, (source, []))[1].append(
                (rid, org_dir / (name[:-4] + ending + ".pdf"))
            )
        reports: list[Path] = []
        for own_lang, (source, tasks) in runs.items():
            # In file-name order, so the list printed is the same whatever the response ids.
            tasks.sort(key=lambda task: task[1].name)
            reports += _organisation_reports(
                source, tasks, template, own_lang, invariant, jobs, progress, total,
                done=1 + len(reports),
            )  # fmt: skip
        written += sorted(reports, key=lambda path: path.name)
    return written


def _organisation_reports(
    analysis: Analysis,
    tasks: list[tuple[str, Path]],
    template: Template,
    lang: str,
    invariant: bool,
    jobs: int | None,
    progress: Callable[[int, int, str], None] | None,
    total: int,
    parallel_from: int = PARALLEL_FROM,
    done: int = 1,
) -> list[Path]:
    """Build the reports of ``tasks`` (response id, path); ``done`` reports are made already."""
    workers = jobs if jobs is not None else available_cpus()
    workers = max(1, min(workers, len(tasks)))
    paths: list[Path] = []
    if workers == 1 or len(tasks) < parallel_from:
        for rid, path in tasks:
            build_organisation_report(analysis, rid, path, template, lang, invariant=invariant)
            paths.append(path)
            done += 1
            if progress:
                progress(done, total, path.name)
        return paths
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn, never fork: a forked child would share the parent's open store connection and
    # ReportLab/matplotlib state (THREATS B5). Each worker unpickles the analysis once.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_init,
        initargs=(analysis, template, lang, invariant),
    ) as pool:
        futures = {pool.submit(_worker_build, rid, str(path)): path for rid, path in tasks}
        try:
            for future in as_completed(futures):
                path = futures[future]
                future.result()
                paths.append(path)
                done += 1
                if progress:
                    progress(done, total, path.name)
        except BaseException:
            # One report failed (a full disk fails them all) or Ctrl-C: do not build the
            # reports still queued before saying so.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    order = {p: i for i, (_, p) in enumerate(tasks)}
    return sorted(paths, key=order.__getitem__)


_WORKER: dict[str, Any] = {}


def _worker_init(analysis: Analysis, template: Template, lang: str, invariant: bool) -> None:
    _exit_with_parent()
    _WORKER.update(analysis=analysis, template=template, lang=lang, invariant=invariant)


def _exit_with_parent() -> None:
    """End this worker process as soon as the process that started it is gone.

    A parent killed with SIGKILL cannot stop its pool, and its workers would build the
    reports still queued, then wait for work forever (with multiprocessing's resource
    tracker, which lives as long as they do). A spawned child holds a pipe from its parent
    (``multiprocessing.parent_process().sentinel``) that becomes ready when the parent
    exits, on every platform: a daemon thread waits on it.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        wait([sentinel])
        # Nothing to clean up: a report half built is only in memory, and atomic_write
        # leaves at most a hidden temporary file, never a torn report.
        os._exit(1)

    threading.Thread(target=watch, name="sscassess-parent-watch", daemon=True).start()


def _worker_build(response_id: str, path: str) -> str:
    build_organisation_report(
        _WORKER["analysis"],
        response_id,
        Path(path),
        _WORKER["template"],
        _WORKER["lang"],
        invariant=_WORKER["invariant"],
    )
    return path

"""Reports and exports under hostile input and a full disk: a clear error, never "internal error".

* a report template's logo is checked when the template is loaded: content, pixel count from
  the header (before any decoding), a complete decode;
* an output that cannot be written (full disk or temporary folder, a file-size limit) is
  "error: cannot write ...", with no traceback and no half-written file;
* report worker processes end when the process that started them is killed;
* outputs are never written through a symbolic link inside the campaign folder.

Everything runs for real: the CLI in a subprocess, RLIMIT_FSIZE for a full disk (and a tiny
tmpfs for ENOSPC where the machine allows a private mount), /proc for the worker processes.
"""

from __future__ import annotations

import io
import os
import random
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml

from conftest import valid_answers
from sscassess.core.errors import InvalidInputError
from sscassess.report import load_template

if TYPE_CHECKING:
    from collections.abc import Callable

ORGANISATIONS = 24


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def campaign_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A campaign of 24 organisations: xlsx sheets over 40 kB, workers busy for seconds."""
    from sscassess.campaign.folder import Campaign
    from sscassess.reference.pack import load_reference

    base = tmp_path_factory.mktemp("hardening")
    pack = load_reference()
    categories = [c.id for c in pack.categories if not c.subtypes]
    rng = random.Random(5)
    campaign = Campaign.init(base / "camp", "Bigtown", allow_open_responses=True)
    files = []
    for i in range(ORGANISATIONS):
        answers = valid_answers(roles={r.id: rng.choice([0, 1, 2, 3, 4]) for r in pack.roles})
        organisation = answers["organisation"]
        assert isinstance(organisation, dict)
        organisation.update(name=f"Organisation {i:02d}", category=categories[i % len(categories)])
        path = base / f"answers-{i}.yaml"
        path.write_text(yaml.safe_dump(answers), encoding="utf-8")
        files.append(path)
    try:
        assert all(r.status == "imported" for r in campaign.iter_import(files, unverified=True))
    finally:
        campaign.close()
    return base / "camp"


@pytest.fixture
def campaign(campaign_root: Path, tmp_path: Path) -> Path:
    """A private copy of the campaign, for tests that change its folders."""
    copy = tmp_path / "camp"
    shutil.copytree(campaign_root, copy)
    return copy


def sscassess(
    *args: str,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sscassess", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        preexec_fn=preexec_fn,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int) -> None:
    """Exit ``code``, one "error: ..." message after the progress lines, no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    message = [line for line in result.stderr.splitlines() if not re.match(r"\[\d+/\d+\] ", line)]
    assert message and message[0].startswith("error: "), result.stderr
    for noise in ("internal error", "Traceback", "Exception ignored"):
        assert noise not in result.stderr, result.stderr


def _limit_file_size(limit: int) -> Callable[[], None]:
    def limit_now() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # Python does this too; be explicit
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_now


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int) -> bytes:
    """A 1-bit greyscale PNG of one colour, built by hand and streamed: a huge one is tiny."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + the row's bits
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def noisy_image(fmt: str) -> bytes:
    """A 200 × 200 image of random pixels (so its data is long enough to cut or damage)."""
    from PIL import Image

    rng = random.Random(1)
    image = Image.frombytes("RGB", (200, 200), bytes(rng.randrange(256) for _ in range(120_000)))
    buf = io.BytesIO()
    image.save(buf, fmt)
    return buf.getvalue()


def template_with_logo(folder: Path, name: str, data: bytes) -> Path:
    (folder / name).write_bytes(data)
    own = folder / "brand.yaml"
    own.write_text(f'id: brand\nversion: "1"\nlogo: {name}\n', encoding="utf-8")
    return own


# --------------------------------------------------------------------------- 1. logos


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("logo.png", b"This is the city's logo, honestly.\n"),
        ("logo.jpg", b"GIF89a not a jpeg"),
        ("logo.png", b""),
    ],
)
def test_a_logo_that_is_no_image_is_refused_at_load_with_file_and_line(
    tmp_path: Path, name: str, data: bytes
) -> None:
    own = template_with_logo(tmp_path, name, data)
    with pytest.raises(InvalidInputError) as info:
        load_template(own)
    assert f"{own}:3: logo: logo file {tmp_path / name}: not a PNG or JPEG image" in str(info.value)


@pytest.mark.parametrize("side", [14_000, 6_000])
def test_a_decompression_bomb_logo_is_refused_from_its_header(tmp_path: Path, side: int) -> None:
    # 14000² (196 megapixels, ~24 kB here) would take 196 MB to decode; 6000² (36 megapixels)
    # is under Pillow's own bomb limit, so only our cap stops it.
    data = png(side, side)
    assert len(data) < 100_000
    own = template_with_logo(tmp_path, "logo.png", data)
    started = time.perf_counter()
    with pytest.raises(InvalidInputError) as info:
        load_template(own)
    assert time.perf_counter() - started < 1.0  # the header was read, nothing decoded
    message = str(info.value)
    assert f"{own}:3: logo:" in message
    assert f"{side:,} × {side:,} pixels" in message and "the cap is 25 megapixels" in message


def _idat_not_zlib() -> bytes:
    ihdr = struct.pack(">IIBBBBB", 100, 100, 8, 2, 0, 0, 0)
    garbage = random.Random(2).randbytes(2000)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", garbage) + _chunk(b"IEND", b"")  # fmt: skip


def _flip_middle(data: bytes) -> bytes:
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0xFF
    return bytes(damaged)


@pytest.mark.parametrize(
    ("name", "make", "why"),
    [
        ("cut.png", lambda: noisy_image("PNG")[:9000], "truncated or corrupt"),
        ("flipped.png", lambda: _flip_middle(noisy_image("PNG")), "truncated or corrupt"),
        ("garbage.png", _idat_not_zlib, "truncated or corrupt"),
        ("cut.jpg", lambda: noisy_image("JPEG")[:3000], "truncated or corrupt"),
        ("header.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "header is damaged"),
        ("header.jpg", lambda: b"\xff\xd8\xff\xd9", "header is damaged"),
    ],
)
def test_a_truncated_or_corrupt_logo_is_refused_at_load(
    tmp_path: Path, name: str, make: Callable[[], bytes], why: str
) -> None:
    own = template_with_logo(tmp_path, name, make())
    with pytest.raises(InvalidInputError) as info:
        load_template(own)
    assert f"{own}:3: logo: logo file {tmp_path / name}: not a readable" in str(info.value)
    assert why in str(info.value)


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "LA", "P", "1", "I;16", "CMYK"])
def test_real_logos_of_every_common_kind_are_kept_byte_for_byte(tmp_path: Path, mode: str) -> None:
    from PIL import Image

    name = "logo.jpg" if mode == "CMYK" else "logo.png"
    Image.new(mode, (120, 40)).save(tmp_path / name)
    template = load_template(template_with_logo(tmp_path, name, (tmp_path / name).read_bytes()))
    assert template.logo_data == (tmp_path / name).read_bytes()


def test_the_report_command_refuses_a_bad_logo_with_exit_3(
    campaign_root: Path, tmp_path: Path
) -> None:
    own = template_with_logo(tmp_path, "logo.png", b"not an image")
    result = sscassess("report", str(campaign_root), "--template", str(own), "--out", str(tmp_path / "out"))  # fmt: skip
    assert_clean_failure(result, 3)
    assert (
        f"{own}:3: logo: logo file {tmp_path / 'logo.png'}: not a PNG or JPEG image"
        in result.stderr
    )
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- 2. full disk


XLSX_COMMANDS = {
    "analyze": lambda camp, out: ["analyze", str(camp), "--format", "xlsx", "--out", str(out)],
    "export": lambda camp, out: ["export", str(camp), "--format", "xlsx", "--out", str(out)],
}


@pytest.mark.parametrize("command", sorted(XLSX_COMMANDS))
def test_xlsx_under_a_file_size_limit_is_a_clear_error_and_keeps_the_old_file(
    campaign_root: Path, tmp_path: Path, command: str
) -> None:
    # openpyxl writes each sheet to a temporary file first: those pass 40 kB here.
    temp = tmp_path / "tmp"
    temp.mkdir()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "result.xlsx"
    out.write_bytes(b"the previous version")
    result = sscassess(
        *XLSX_COMMANDS[command](campaign_root, out),
        env={"TMPDIR": str(temp)},
        preexec_fn=_limit_file_size(40_000),
    )
    assert_clean_failure(result, 1)
    assert result.stderr.startswith(f"error: cannot write {out}: File too large; "), result.stderr
    assert out.read_bytes() == b"the previous version"
    assert [p.name for p in out_dir.iterdir()] == ["result.xlsx"]
    assert list(temp.iterdir()) == []  # openpyxl's temporary files removed too


def test_a_pdf_report_under_a_file_size_limit_is_a_clear_error(
    campaign_root: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pdfs"
    result = sscassess(
        "report", str(campaign_root), "--out", str(out), "--organisations", "--jobs", "2",
        preexec_fn=_limit_file_size(200_000),
    )  # fmt: skip
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines()[-1] == (
        f"error: cannot write {out / 'city-report.pdf'}: File too large; "
        "the previous version is unchanged"
    )
    assert list(out.iterdir()) == []


def test_an_organisation_report_a_worker_cannot_write_is_a_clear_error(
    campaign: Path, tmp_path: Path
) -> None:
    # A folder where the first report's file should go: the rename fails in a worker
    # process, and the parent reports it (and builds nothing more) like any other error.
    blocked = campaign / "reports" / "organisations" / "organisation_00.pdf"
    blocked.mkdir(parents=True)
    result = sscassess("report", str(campaign), "--organisations", "--jobs", "2")
    assert_clean_failure(result, 1)
    assert result.stderr.splitlines()[-1].startswith(f"error: cannot write {blocked}: ")
    assert blocked.is_dir()


def _private_tmpfs_works(where: Path) -> bool:
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return False
    where.mkdir(exist_ok=True)
    probe = subprocess.run(
        ["unshare", "--mount", "sh", "-c", f"mount -t tmpfs -o size=64k tmpfs {where}"],
        capture_output=True,
    )
    return probe.returncode == 0


ENOSPC_CASES = {
    # The temporary folder is full: openpyxl cannot write its sheets.
    "analyze-tmp": (["analyze", "{camp}", "--format", "xlsx", "--out", "{big}/a.xlsx"], "a.xlsx"),
    "export-tmp": (["export", "{camp}", "--format", "xlsx", "--out", "{big}/e.xlsx"], "e.xlsx"),
    # The output disk is full.
    "analyze-out": (["analyze", "{camp}", "--format", "xlsx", "--out", "{small}/a.xlsx"], "a.xlsx"),
    "export-out": (["export", "{camp}", "--format", "csv", "--out", "{small}/e.csv"], "e.csv"),
    "report-out": (["report", "{camp}", "--out", "{small}/r"], "r/city-report.pdf"),
}


@pytest.mark.parametrize("case", sorted(ENOSPC_CASES))
def test_a_full_disk_is_no_space_left_on_device(
    campaign_root: Path, tmp_path: Path, case: str
) -> None:
    small = tmp_path / "small"
    if not _private_tmpfs_works(small):
        pytest.skip("needs a private tmpfs mount (unshare --mount, as root)")
    big = tmp_path / "big"
    big.mkdir()
    args, name = ENOSPC_CASES[case]
    argv = [a.format(camp=campaign_root, big=big, small=small) for a in args]
    temp = small if case.endswith("-tmp") else tmp_path
    # 16 kB: the campaign's store opens, no output fits.
    script = (
        f"mount -t tmpfs -o size=16k tmpfs {small} && TMPDIR={temp} "
        f"exec {sys.executable} -m sscassess {' '.join(argv)}"
    )
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, timeout=300
    )
    assert_clean_failure(result, 1)
    target = (small if case.endswith("-out") else big) / name
    assert f"error: cannot write {target}: No space left on device; " in result.stderr
    assert list(big.iterdir()) == []


# --------------------------------------------------------------------------- 3. workers


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a process from /proc, None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def _children(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None and stat[1] == pid and stat[0] != "Z":
                kids.append(int(entry.name))
    return kids


def _alive(pid: int) -> bool:
    stat = _proc_stat(pid)
    return stat is not None and stat[0] != "Z"  # a zombie has exited; init reaps it


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_report_workers_exit_when_their_parent_is_killed(
    campaign_root: Path, tmp_path: Path
) -> None:
    log = (tmp_path / "stderr").open("w")  # not a pipe: orphans holding it open must not hang us
    parent = subprocess.Popen(
        [sys.executable, "-m", "sscassess", "report", str(campaign_root),
         "--out", str(tmp_path / "out"), "--organisations", "--jobs", "2"],
        stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    kids: list[int] = []
    try:
        deadline = time.monotonic() + 120
        # Two workers and multiprocessing's resource tracker.
        while len(kids) < 3 and parent.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            kids = _children(parent.pid)
        assert len(kids) == 3, f"workers never started: {kids}, exit {parent.poll()}"
        time.sleep(0.5)  # at work on their first reports
        kids = _children(parent.pid)
        assert parent.poll() is None, "the run ended before it could be killed: more organisations"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        gone_by = time.monotonic() + 3
        while any(_alive(k) for k in kids) and time.monotonic() < gone_by:
            time.sleep(0.05)
        assert [k for k in kids if _alive(k)] == []
    finally:
        for k in kids:  # never leave our own processes behind, even when the test fails
            if _alive(k):
                os.kill(k, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
            parent.wait()
        log.close()


# --------------------------------------------------------------------------- 4. symlinks


SYMLINK_CASES: dict[str, tuple[str, list[str]]] = {
    "report-organisations": ("reports/organisations", ["report", "{camp}", "--organisations"]),
    "report-reports": ("reports", ["report", "{camp}"]),
    "analyze-xlsx": ("reports", ["analyze", "{camp}", "--format", "xlsx"]),
    "analyze-csv": ("reports/analysis", ["analyze", "{camp}", "--format", "csv"]),
    "export": ("reports", ["export", "{camp}"]),
}


@pytest.mark.parametrize("case", sorted(SYMLINK_CASES))
def test_a_symlinked_output_folder_in_the_campaign_is_refused(
    campaign: Path, tmp_path: Path, case: str
) -> None:
    link, args = SYMLINK_CASES[case]
    outside = tmp_path / "outside"
    outside.mkdir()
    if link == "reports":
        shutil.rmtree(campaign / "reports")
    (campaign / link).symlink_to(outside, target_is_directory=True)
    result = sscassess(*(a.format(camp=campaign) for a in args))
    assert_clean_failure(result, 3)
    assert result.stderr.startswith(f"error: {campaign / link} is a symbolic link: ")
    assert list(outside.iterdir()) == []
    if link != "reports":
        assert [p.name for p in (campaign / "reports").iterdir()] == [Path(link).name]


def test_an_output_folder_the_user_names_may_be_a_link(campaign: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "link").symlink_to(outside, target_is_directory=True)
    result = sscassess("export", str(campaign), "--out", str(tmp_path / "link" / "r.csv"))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in outside.iterdir()] == ["r.csv"]


def test_write_reports_refuses_a_linked_organisations_folder(
    campaign: Path, tmp_path: Path
) -> None:
    from sscassess.campaign.folder import Campaign
    from sscassess.pipeline import write_reports

    outside = tmp_path / "outside"
    outside.mkdir()
    (campaign / "reports" / "organisations").symlink_to(outside, target_is_directory=True)
    opened: Any = Campaign.open(campaign)
    try:
        with pytest.raises(InvalidInputError, match="is a symbolic link"):
            write_reports(opened, organisations=True, jobs=1)
    finally:
        opened.close()
    assert list(outside.iterdir()) == []
    assert not (campaign / "reports" / "city-report.pdf").exists()

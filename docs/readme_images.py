"""Regenerate the README's pictures from the demo campaign (``make readme-images``).

Renders three pages of the demo's city report with pdftoppm (the decisions for leadership,
the executive summary and the organisations × roles heat map, found by their text, not by
page number) and captures the wizard's role question in a real 80×24 terminal (tmux). Never
edit the outputs by hand.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "reports" / "demo"
IMAGES = ROOT / "docs" / "images"
SSCASSESS = [sys.executable, "-m", "sscassess"]


def page_with(pdf: Path, needle: str) -> int:
    """The first page whose text holds ``needle``, the table of contents left out."""
    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    for page in range(2, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if needle in text and not text.lstrip().startswith("Contents"):
            return page
    raise SystemExit(f"{pdf}: no page holds {needle!r}")


def render(pdf: Path, page: int, out: Path, dpi: int = 90) -> None:
    """Render one page of ``pdf`` to the PNG ``out``."""
    stem = out.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip


def capture_wizard(out: Path) -> None:
    """Answer the first questions of the wizard in tmux and capture the first role screen."""
    invitation = DEMO / "invitations" / "tidewater_sensors.yaml"  # the demo's silent one
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(invitation, tmp)
        command = " ".join([*SSCASSESS, "answer", "--invitation", invitation.name, "--lang", "en"])
        session = "sscassess-readme"
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", tmp,
             # Its own data folder: the draft it leaves is not the user's.
             f"env -u NO_COLOR TERM=xterm-256color XDG_DATA_HOME={tmp}/data {command}; sleep 60"],
            check=True,
        )  # fmt: skip
        try:
            screen = ""
            # scale, sector, staff (skip), position (skip), consent: then the first role.
            for keys in ["Enter", "Enter", "Enter", "Enter", "Enter"]:
                time.sleep(1.0)
                subprocess.run(["tmux", "send-keys", "-t", session, keys], check=True)
            for _ in range(30):
                time.sleep(0.5)
                screen = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-t", session],
                    check=True, capture_output=True, text=True,
                ).stdout  # fmt: skip
                if "Not involved" in screen:
                    break
            else:
                raise SystemExit(f"the wizard never showed the role question:\n{screen}")
            lines = screen.rstrip().splitlines()
            start = max(i for i, line in enumerate(lines) if line.startswith("["))
            out.write_text("\n".join(lines[start:]).rstrip() + "\n", encoding="utf-8")
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def main() -> None:
    """Make every README picture from the demo's city report and the wizard."""
    pdf = DEMO / "reports" / "city-report.pdf"
    if not pdf.is_file():
        raise SystemExit(f"{pdf} is missing: run `make demo` first")
    IMAGES.mkdir(parents=True, exist_ok=True)
    render(pdf, page_with(pdf, "Proposed accountable for each"), IMAGES / "decisions.png")
    render(pdf, page_with(pdf, "The three most important gaps"), IMAGES / "city-summary.png")
    render(pdf, page_with(pdf, "Heat map of the self-rated involvement"), IMAGES / "heatmap.png")
    capture_wizard(IMAGES / "wizard-screen.txt")
    for name in ("decisions.png", "city-summary.png", "heatmap.png", "wizard-screen.txt"):
        print(IMAGES / name)


if __name__ == "__main__":
    main()

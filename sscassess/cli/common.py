"""What the commands share: click settings, the campaign-folder argument, opening rounds."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

import click

from sscassess.analysis.definitions import DEFAULT_MIN_GROUP

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sscassess.campaign.folder import Campaign

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 88}

#: The campaign folder every coordinator command takes first.
CAMPAIGN_DIR = click.Path(file_okay=False, path_type=Path)

#: ``--min-group``, the same for every command that analyses (``analyze``, ``report``).
min_group_option = click.option(
    "--min-group",
    type=click.IntRange(min=2),
    default=DEFAULT_MIN_GROUP,
    show_default=True,
    help="Anonymous mode: the smallest group of organisations any figure may come from. "
    "Example: --min-group 5",
)


@contextlib.contextmanager
def campaign_and_previous(
    directory: Path, previous: Path | None
) -> Iterator[tuple[Campaign, Campaign | None]]:
    """Open a campaign and, with ``--previous``, the earlier round's; close both after."""
    from sscassess.campaign.folder import Campaign

    campaign = Campaign.open(directory)
    earlier = None
    try:
        earlier = Campaign.open(previous) if previous is not None else None
        yield campaign, earlier
    finally:
        campaign.close()
        if earlier is not None:
            earlier.close()

"""Report templates: section order, title, logo, colours, and texts that replace the shipped ones.

A template is a YAML file read with the strict loader (:mod:`sscassess.core.yamlio`) and validated
with pydantic; every problem is reported with its file and line. The shipped template
``reports/default.yaml`` holds the sections and colours; the texts are
:data:`sscassess.report.texts.TEXTS`, translated by the catalogues. A coordinator's own template
(``--template PATH``) may give only what it changes: texts by key (in one language or several),
colours and section lists; what it leaves out comes from the shipped template and catalogues.
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from sscassess.core.errors import InvalidInputError, Msg, Option, Problem, UsageError
from sscassess.core.i18n import Plural, translator
from sscassess.core.resources import data_dir
from sscassess.core.texts import Text  # noqa: TC001 (pydantic reads the annotations at run time)
from sscassess.core.validation import pydantic_problems
from sscassess.core.yamlio import YamlDocument, load_yaml_file
from sscassess.report.texts import TEXTS

if TYPE_CHECKING:
    from collections.abc import Mapping

DEFAULT_TEMPLATE = "default"
#: Largest logo accepted, in pixels (width × height), checked from the file header before
#: anything is decoded: a 41 KB PNG can hold 14000 × 14000 pixels (588 MB decoded). A logo
#: printed 60 mm wide at 600 dpi is under 1.5 megapixels.
MAX_LOGO_PIXELS = 25_000_000
#: Largest logo file accepted, in bytes (read into memory whole).
MAX_LOGO_BYTES = 10 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

#: Sections a city report may hold, in the shipped order.
CITY_SECTIONS: tuple[str, ...] = (
    "cover",
    "decisions",
    "contents",
    "executive_summary",
    "participation",
    "heatmap",
    "coverage",
    "profiles",
    "role_fit",
    "aims_challenges",
    "collaboration",
    "free_text",
    "recommendations",
    "round_changes",
    "appendix",
)
#: Sections an organisation report may hold, in the shipped order.
ORGANISATION_SECTIONS: tuple[str, ...] = (
    "cover",
    "contents",
    "asks",
    "profile",
    "gaps",
    "aims",
    "city_needs",
    "recommendations",
    "free_text",
    "appendix",
)

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
_LANG = r"^[a-z]{2,3}$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Colours(_Model):
    """Colours of the document (the charts keep their own colour-blind-safe palette)."""

    primary: Colour = "#0b4f6c"
    accent: Colour = "#d55e00"
    header_background: Colour = "#0b4f6c"
    header_text: Colour = "#ffffff"
    zebra: Colour = "#eef3f6"
    grid: Colour = "#b8c4cc"
    muted: Colour = "#555555"


class _TemplateFile(_Model):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
    version: str
    languages: list[Annotated[str, StringConstraints(pattern=_LANG)]] | None = None
    default_language: Annotated[str, StringConstraints(pattern=_LANG)] | None = None
    logo: str | None = None
    colours: Colours | None = None
    city_sections: list[str] | None = None
    organisation_sections: list[str] | None = None
    texts: dict[str, Text] = Field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    """A loaded, complete report template."""

    id: str
    version: str
    location: str
    languages: tuple[str, ...]
    default_language: str
    logo: Path | None
    colours: Colours
    city_sections: tuple[str, ...]
    organisation_sections: tuple[str, ...]
    #: The coordinator's own texts by key, over the shipped ones.
    texts: dict[str, Text]
    #: The bytes of ``logo`` as checked at load time: the reports draw these, never the file
    #: again (it could have changed since).
    logo_data: bytes | None = None

    def text(self, key: str, lang: str, values: Mapping[str, object] | None = None) -> str:
        """The text ``key`` in ``lang``, placeholders unfilled.

        The coordinator's own text when the template gives one for ``lang`` (a plain string is
        every language's), else the shipped text in the catalogue of ``lang``; a plural text
        takes its form from ``values``.
        """
        own = self.texts.get(key)
        if isinstance(own, str):
            return own
        if own is not None and lang in own:
            return own[lang]
        return translator(lang).unfilled(TEXTS[key], values)

    def has(self, key: str) -> bool:
        """Whether there is a text ``key``."""
        return key in TEXTS


def shipped_template_path() -> Path:
    """The file of the shipped default template."""
    return data_dir("reports") / f"{DEFAULT_TEMPLATE}.yaml"


def _read(path: Path, display: str) -> tuple[_TemplateFile, YamlDocument]:
    if not path.is_file():
        raise UsageError(
            Msg("{option} {path}: no such file; give a report template YAML file",
                option=Option("template"), path=path)
        )  # fmt: skip
    doc = load_yaml_file(path, display)
    try:
        model = _TemplateFile.model_validate(doc.data)
    except ValidationError as exc:
        raise InvalidInputError(_invalid(display), pydantic_problems(exc, doc)) from None
    problems: list[Problem] = []
    for key, allowed in (("city_sections", CITY_SECTIONS), ("organisation_sections", ORGANISATION_SECTIONS)):  # fmt: skip
        for i, section in enumerate(getattr(model, key) or []):
            if section not in allowed:
                problems.append(
                    doc.problem(
                        [key, i],
                        Msg("unknown section '{section}'; known: {known}", section=section,
                            known=", ".join(allowed)),
                    )
                )  # fmt: skip
        names = getattr(model, key) or []
        for i, section in enumerate(names):
            if names.index(section) != i:
                problems.append(
                    doc.problem([key, i], Msg("section '{section}' is listed twice",
                                              section=section))
                )  # fmt: skip
    if problems:
        raise InvalidInputError(_invalid(display), problems)
    return model, doc


def _placeholders(value: Text | Plural) -> set[str]:
    if isinstance(value, Plural):
        values = [value.singular, value.plural]
    else:
        values = [value] if isinstance(value, str) else list(value.values())
    return {m for v in values for m in re.findall(r"\{([a-z_]+)\}", v)}


def load_template(path: Path | None = None) -> Template:
    """Load the shipped template, or ``path`` laid over it.

    Raises :class:`InvalidInputError` with file:line for an invalid file, unknown text keys,
    unknown sections or placeholders the shipped text does not have.
    """
    base_path = shipped_template_path()
    base, _ = _read(base_path, f"reports/{base_path.name}")
    if base.languages is None or base.default_language is None or base.colours is None:
        raise InvalidInputError(
            Msg("the shipped report template {path} is incomplete", path=base_path)
        )
    own: _TemplateFile | None = None
    display = f"reports/{base_path.name}"
    if path is not None:
        display = str(path)
        own, doc = _read(Path(path), display)
    if base.texts:
        raise InvalidInputError(
            Msg("the shipped report template {path} holds texts; they belong in "
                "sscassess/report/texts.py and the catalogues", path=base_path)
        )  # fmt: skip
    texts: dict[str, Text] = {}
    logo: Path | None = None
    logo_data: bytes | None = None
    if own is not None and path is not None:
        problems: list[Problem] = []
        for key, value in own.texts.items():
            if key not in TEXTS:
                problems.append(doc.problem(["texts", key], Msg("unknown text '{key}'", key=key)))
                continue
            extra = _placeholders(value) - _placeholders(TEXTS[key])
            if extra:
                problems.append(
                    doc.problem(
                        ["texts", key],
                        Msg(
                            Plural("unknown placeholder {names}", "unknown placeholders {names}"),
                            n=len(extra),
                            names=", ".join("{" + e + "}" for e in sorted(extra)),
                        ),
                    )
                )
            texts[key] = value
        if own.logo is not None:
            logo = (Path(path).parent / own.logo).resolve()
            if not logo.is_file():
                problems.append(
                    doc.problem(["logo"], Msg("logo file {logo} does not exist", logo=logo))
                )
            elif logo.suffix.lower() not in (".png", ".jpg", ".jpeg"):
                problems.append(doc.problem(["logo"], Msg("the logo must be a PNG or JPEG file")))
            else:
                logo_data, why = read_logo(logo)
                if why:
                    problems.append(
                        doc.problem(["logo"], Msg("logo file {logo}: {why}", logo=logo, why=why))
                    )
        if problems:
            raise InvalidInputError(_invalid(display), problems)
    elif base.logo is not None:
        logo = (base_path.parent / base.logo).resolve()
        logo_data, why = read_logo(logo)
        if why:
            raise InvalidInputError(
                Msg("the shipped report template {path}: logo {logo}: {why}", path=base_path,
                    logo=logo, why=why)
            )  # fmt: skip

    def pick(name: str) -> Any:
        value = getattr(own, name, None) if own is not None else None
        return value if value is not None else getattr(base, name)

    languages = tuple(pick("languages"))
    default_language = pick("default_language")
    if default_language not in languages:
        raise InvalidInputError(
            Msg("report template {template} is invalid: default_language '{lang}' is not one "
                "of its languages ({languages})", template=display, lang=default_language,
                languages=", ".join(languages))
        )  # fmt: skip
    return Template(
        id=pick("id"),
        version=pick("version"),
        location=display,
        languages=languages,
        default_language=default_language,
        logo=logo,
        colours=pick("colours"),
        city_sections=tuple(pick("city_sections")),
        organisation_sections=tuple(pick("organisation_sections")),
        texts=texts,
        logo_data=logo_data,
    )


def _invalid(display: str) -> Msg:
    return Msg("report template {template} is invalid", template=display)


def read_logo(path: Path) -> tuple[bytes | None, Msg | None]:
    """The bytes of the logo at ``path`` and None, or ``None`` and why it cannot be used.

    The logo must be a PNG or JPEG (by content, not by name) of at most
    :data:`MAX_LOGO_PIXELS` pixels by its header, and must decode completely, the way the
    report will decode it: text named ``.png``, a decompression bomb and a truncated or
    corrupt image are refused here, at template load, not in the middle of a report.
    """
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            return None, Msg("the file has {size} bytes; the cap is {cap} bytes", size=size,
                             cap=MAX_LOGO_BYTES)  # fmt: skip
        data = path.read_bytes()
    except OSError as exc:
        return None, Msg("cannot read it ({reason})", reason=exc.strerror or exc)
    if data.startswith(_PNG_MAGIC):
        kind, dims = "PNG", _png_size(data)
    elif data.startswith(b"\xff\xd8\xff"):
        kind, dims = "JPEG", _jpeg_size(data)
    else:
        return None, Msg("not a PNG or JPEG image (its content is neither, whatever its name)")
    if dims is None:
        return None, Msg("not a readable {kind} image: its header is damaged or missing",
                         kind=kind)  # fmt: skip
    width, height = dims
    if width * height > MAX_LOGO_PIXELS:
        return None, Msg(
            "the image is {width} × {height} pixels ({megapixels} megapixels); the cap is "
            "{cap} megapixels", width=width, height=height,
            megapixels=round(width * height / 1e6), cap=MAX_LOGO_PIXELS // 1_000_000,
        )  # fmt: skip
    if width == 0 or height == 0:
        return None, Msg("not a readable {kind} image: it has no pixels", kind=kind)
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
        # What the report does with it: ReportLab's own conversion to RGB (+ alpha).
        ImageReader(io.BytesIO(data)).getRGBData()  # type: ignore[no-untyped-call]
    except Exception as exc:  # an image decoder's failures come in many types
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, Msg("not a readable {kind} image: it is truncated or corrupt ({reason})",
                         kind=kind, reason=reason)  # fmt: skip
    return data, None


def _png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk (which must come first)."""
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


# JPEG start-of-frame markers (every SOFn but DHT C4, JPG C8 and DAC CC) hold the size.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's first start-of-frame segment, without decoding."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length field
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before
            return None
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if marker in _JPEG_SOF:
            if i + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None

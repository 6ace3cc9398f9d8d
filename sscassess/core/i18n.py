"""Every text sscassess shows, in its reader's language: gettext catalogues and CLDR formats.

The messages are English in the code and translated by one gettext catalogue per language,
``sscassess/locale/<lang>/LC_MESSAGES/sscassess.po``, compiled to the ``.mo`` beside it
(``make catalogues`` extracts, updates and compiles them with Babel's ``pybabel``). Looking a
message up uses only the standard library's :mod:`gettext`, so that the wizard starts fast;
numbers, percentages and dates come from Babel's CLDR data, imported on first use.

Strings are marked for extraction where they are written: :meth:`Translator.gettext`,
:meth:`Translator.ngettext` and :meth:`Translator.pgettext` at a call site, :func:`N_` (one
message) and :class:`Plural` (a message with a plural) in a table translated later. A language
without a catalogue reads English.
"""

from __future__ import annotations

import gettext as _gettext
import numbers
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from babel import Locale

DOMAIN = "sscassess"
#: The language the messages are written in (it has no catalogue).
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues; it is translated where it is shown."""
    return message


@dataclass(frozen=True)
class Plural:
    """A message with a plural form, translated later by the number in ``count``."""

    singular: str
    plural: str
    count: str = "n"  #: the placeholder holding the number that picks the form


@dataclass(frozen=True)
class InContext:
    """A message whose English means several things, translated in ``context`` (pgettext).

    ``InContext("empty list", "none")`` is « aucun » where "none" is « aucune » elsewhere.
    """

    context: str
    message: str


def catalogue_path(lang: str) -> str:
    """Where the compiled catalogue of ``lang`` ships, relative to the package."""
    return f"locale/{lang}/LC_MESSAGES/{DOMAIN}.mo"


@lru_cache(maxsize=32)
def _translations(lang: str) -> _gettext.NullTranslations:
    if lang == SOURCE_LANGUAGE or not lang.isascii() or not lang.isalpha():
        return _gettext.NullTranslations()
    mo = resources.files("sscassess").joinpath(catalogue_path(lang))
    if not mo.is_file():
        return _gettext.NullTranslations()
    with mo.open("rb") as fp:
        return _gettext.GNUTranslations(fp)


def has_catalogue(lang: str) -> bool:
    """Whether ``lang`` is English or has a shipped catalogue."""
    return lang == SOURCE_LANGUAGE or isinstance(_translations(lang), _gettext.GNUTranslations)


class Translator:
    """The messages, numbers and dates of one language.

    ``values`` given to a message fill its ``{name}`` placeholders; integers and floats among
    them are written the language's way (``1,000`` in English, ``1 000`` in French).
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = _translations(lang)
        self._locale: Locale | None = None

    # ------------------------------------------------------------------ messages

    def gettext(self, message: str, /, **values: object) -> str:
        """``message`` translated, with ``values`` filled in."""
        return self._fill(self._t.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        """The form of the message for ``n`` (``{n}`` holds ``n`` unless ``values`` give it)."""
        values.setdefault("n", n)
        return self._fill(self._t.ngettext(singular, plural, n), values)

    def pgettext(self, context: str, message: str, /, **values: object) -> str:
        """``message`` in ``context`` (the same English meaning two things), translated."""
        return self._fill(self._t.pgettext(context, message), values)

    def text(self, message: str | Plural | InContext, /, **values: object) -> str:
        """A message from a table: :func:`N_` text, a :class:`Plural` or one :class:`InContext`."""
        return self._fill(self.unfilled(message, values), values)

    def unfilled(
        self, message: str | Plural | InContext, values: Mapping[str, object] | None = None
    ) -> str:
        """The translation of a table's message with its placeholders left as they are.

        A :class:`Plural` takes its form from the integer in ``values[message.count]``.
        """
        if isinstance(message, Plural):
            n = (values or {}).get(message.count)
            if isinstance(n, bool) or not isinstance(n, numbers.Integral):
                raise TypeError(f"{message.singular!r} needs an integer {{{message.count}}}")
            return self._t.ngettext(message.singular, message.plural, int(n))
        if isinstance(message, InContext):
            return self._t.pgettext(message.context, message.message)
        return self._t.gettext(message)

    # ------------------------------------------------------------------ formats

    @property
    def locale(self) -> Locale:
        """Babel's locale for the language (English when CLDR does not know it)."""
        if self._locale is None:
            from babel import Locale, UnknownLocaleError

            try:
                self._locale = Locale.parse(self.lang)
            except (UnknownLocaleError, ValueError):
                self._locale = Locale.parse(SOURCE_LANGUAGE)
        return self._locale

    def number(self, value: float, digits: int | None = None) -> str:
        """``value`` with the language's separators; ``digits`` fixes the decimals."""
        from babel.numbers import format_decimal

        if digits is None:
            return format_decimal(value, locale=self.locale)
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, fraction: float) -> str:
        """``fraction`` (0.32) as the language writes a whole percentage: "32%", "32 %"."""
        from babel.numbers import format_percent

        return format_percent(fraction, locale=self.locale)

    def date(self, value: dt.date | dt.datetime, form: str = "long") -> str:
        """A date as the language writes it ("3 December 2026", "3 décembre 2026")."""
        from babel.dates import format_date

        return format_date(value, format=form, locale=self.locale)

    def _fill(self, text: str, values: dict[str, object]) -> str:
        if not values:
            return text
        return text.format(**{k: self.shown(v) for k, v in values.items()})

    def shown(self, value: object) -> object:
        """A placeholder's value as shown: numbers the language's way, the rest unchanged."""
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return value
        if isinstance(value, numbers.Integral):
            n = int(value)
            # No separator below 1000 in any language: spare the wizard Babel's import.
            return str(n) if -1000 < n < 1000 else self.number(n)
        return self.number(float(value))


#: The environment variables that name the user's language, in the order gettext reads them.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def user_language(environ: Mapping[str, str]) -> str:
    """The language the user's environment asks for that has a catalogue, else English.

    As gettext does: the first of ``LANGUAGE`` (a colon-separated list), ``LC_ALL``,
    ``LC_MESSAGES`` and ``LANG`` that is set decides; ``fr_FR.UTF-8`` means French, and ``C``
    or ``POSIX`` means English. ``LANGUAGE=es:fr`` takes the first of the two that ships.
    """
    for variable in LANGUAGE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for entry in value.split(":"):
            lang = entry.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if lang in ("c", "posix"):
                return SOURCE_LANGUAGE
            if lang and has_catalogue(lang):
                return lang
        return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@lru_cache(maxsize=32)
def translator(lang: str) -> Translator:
    """The (shared) translator of ``lang``."""
    return Translator(lang)

"""Store URLs and driver messages with their passwords hidden, for every message and file.

A PostgreSQL store is named by a URL or a libpq keyword/value DSN that may hold a password;
whatever sscassess prints or writes about it goes through :func:`redact` or :func:`scrub`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

__all__ = ["holds_password", "redact", "scrub"]

#: Connection parameters whose values are secrets (libpq's names).
_SECRET_PARAMETERS = frozenset({"password", "sslpassword"})
# user:password@ in a URL; like libpq, the userinfo ends at the last "@" before a "/".
_USERINFO = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*:)(?P<secret>[^/\s]+)@")
# ?password=... / &password=... in a URL query (the name may be percent-encoded: libpq
# decodes it).
_QUERY_PARAMETER = re.compile(r"(?P<head>[?&](?P<name>[^=&#\s]+)=)(?P<secret>[^&#\s]*)")
# password=... in a libpq keyword/value DSN: spaces around "=", a quoted value with
# backslash escapes, or an unquoted one up to the next space.
_KEYWORD_PARAMETER = re.compile(
    r"(?P<head>(?<!\S)(?:ssl)?password\s*=\s*)"
    r"(?P<secret>'(?:[^'\\]|\\.)*(?:'|\\?\Z)|(?:[^\s\\]|\\.)*\\?)",
    re.IGNORECASE | re.DOTALL,
)


def _redact(text: str) -> tuple[str, list[str]]:
    """``text`` with its passwords replaced by ``***``, and the passwords found."""
    found: list[str] = []

    def hide(match: re.Match[str]) -> str:
        secret = match["secret"]
        if not secret:
            return match[0]
        found.append(secret)
        found.append(unquote(secret))
        if secret.startswith("'"):
            found.append(re.sub(r"\\(.)", r"\1", secret.strip("'"), flags=re.DOTALL))
        return match["head"] + "***" + match[0][match.end("secret") - match.start() :]

    def hide_query(match: re.Match[str]) -> str:
        if unquote(match["name"]).casefold() not in _SECRET_PARAMETERS:
            return match[0]
        return hide(match)

    text = _USERINFO.sub(hide, text)
    text = _QUERY_PARAMETER.sub(hide_query, text)
    text = _KEYWORD_PARAMETER.sub(hide, text)
    return text, [s for s in found if s]


def redact(text: str) -> str:
    """``text`` (a store URL or DSN, or a message quoting one) with every password hidden.

    Hidden as ``***``: the password of a URL's ``user:password@``; ``password`` and
    ``sslpassword`` query parameters, in any case, percent-encoded names too; and the same
    keywords in a libpq keyword/value DSN (``host=db password=secret``, ``password='a b'``).
    """
    return _redact(text)[0]


def holds_password(spec: str) -> bool:
    """True when the store URL or DSN ``spec`` carries a password (see :func:`redact`)."""
    return bool(_redact(spec)[1])


def scrub(message: str, spec: str) -> str:
    """``message`` (e.g. a driver's error) with the passwords of ``spec`` hidden.

    libpq quotes parts of a bad URL back ('invalid percent-encoded token: "p%zz..."'), so
    every password of ``spec``, raw and decoded, is hidden wherever it appears.
    """
    message, _ = _redact(message)
    for secret in sorted(set(_redact(spec)[1]), key=len, reverse=True):
        message = message.replace(secret, "***")
    return message

"""Sending email through the configured SMTP server (CCHC_SMTP_* environment variables)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, cast

from cchc.errors import CchcError

Tls = Literal["none", "starttls", "ssl"]
_DEFAULT_PORTS: dict[Tls, int] = {"none": 25, "starttls": 587, "ssl": 465}


@dataclass(frozen=True)
class SmtpSettings:
    """CCHC_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM and _TLS (none | starttls | ssl)."""

    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "cchc@localhost"
    tls: Tls = "none"
    timeout: float = 30.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> SmtpSettings | None:
        """The settings, or None when no CCHC_SMTP_HOST is given (email is then off)."""
        host = environ.get("CCHC_SMTP_HOST")
        if not host:
            return None
        tls = environ.get("CCHC_SMTP_TLS") or "none"
        if tls not in _DEFAULT_PORTS:
            raise CchcError(f"CCHC_SMTP_TLS phải là none, starttls hoặc ssl, nhận '{tls}' / "
                            f"CCHC_SMTP_TLS must be none, starttls or ssl, got '{tls}'")
        port = environ.get("CCHC_SMTP_PORT")
        if port is not None and not port.isdigit():
            raise CchcError(f"CCHC_SMTP_PORT phải là số, nhận '{port}' / "
                            f"CCHC_SMTP_PORT must be a number, got '{port}'")
        tls = cast(Tls, tls)
        return cls(host=host, port=int(port) if port else _DEFAULT_PORTS[tls],
                   user=environ.get("CCHC_SMTP_USER") or None,
                   password=environ.get("CCHC_SMTP_PASSWORD") or None,
                   sender=environ.get("CCHC_SMTP_FROM") or cls.sender, tls=tls)


@contextmanager
def smtp_connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """An open, authenticated connection; closed on leaving the block."""
    if settings.tls == "ssl":
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                              timeout=settings.timeout,
                                              context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with smtp:
        if settings.tls == "starttls":
            smtp.starttls(context=ssl.create_default_context())
        if settings.user:
            smtp.login(settings.user, settings.password or "")
        yield smtp

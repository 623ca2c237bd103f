"""Checked readers for configuration that comes from environment variables.

Each reader refuses a wrong value with a message that names the variable, so a
misconfigured deployment stops at start-up instead of misbehaving later.
"""

from __future__ import annotations

import ipaddress
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigurationError(Exception):
    """A configuration variable holds a value the portal cannot use."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


def read_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """Read a yes/no switch such as ``true`` or ``0``."""
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(name, f"expected true or false, got {raw!r}")


def read_int(env: Mapping[str, str], name: str, default: int) -> int:
    """Read a positive whole number."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(name, f"expected a positive whole number, got {raw!r}")
    return int(raw)


def read_int_list(
    env: Mapping[str, str], name: str, default: tuple[int, ...]
) -> tuple[int, ...]:
    """Read a comma-separated list of positive whole numbers."""
    items = read_list(env, name, [str(number) for number in default])
    if not items or not all(item.isdigit() and int(item) > 0 for item in items):
        raise ConfigurationError(name, f"expected numbers like 14,7,1, got {items!r}")
    return tuple(int(item) for item in items)


def read_list(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list, ignoring blanks around the items."""
    raw = env.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# A host name, a leading-dot domain pattern, an IPv4 address, a bracketed IPv6
# address or "*": what Django's ALLOWED_HOSTS understands.
HOST_PATTERN = re.compile(
    r"^(\*|\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])$"
)


def read_hosts(env: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    """Read the host names the portal answers to; an empty list answers none."""
    hosts = read_list(env, name, default)
    if not hosts:
        raise ConfigurationError(name, "names no host; the portal would answer none")
    for host in hosts:
        if not HOST_PATTERN.match(host):
            raise ConfigurationError(
                name, f"{host!r} is not a host name (no scheme, port or path)"
            )
    return hosts


def read_networks(
    env: Mapping[str, str], name: str
) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Read a list of IP addresses or networks in CIDR notation."""
    networks = []
    for item in read_list(env, name, []):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ConfigurationError(
                name, f"{item!r} is not an IP address or network"
            ) from None
    return networks


def read_directory(env: Mapping[str, str], name: str, default: Path) -> Path:
    """Read a directory path and create it when it does not exist yet."""
    path = Path(env.get(name) or default).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            name, f"cannot create {path}: {exc.strerror}"
        ) from None
    if not os.access(path, os.W_OK):
        raise ConfigurationError(name, f"{path} is not writable")
    return path


def read_optional_file(env: Mapping[str, str], name: str) -> Path | None:
    """Read the path of a file that must exist when the variable is set."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    path = Path(raw).expanduser()
    if not path.is_file():
        raise ConfigurationError(name, f"{path} is not a readable file")
    return path


def read_file_list(env: Mapping[str, str], name: str) -> list[Path]:
    """Read a comma-separated list of files that must all exist."""
    paths = [Path(item).expanduser() for item in read_list(env, name, [])]
    for path in paths:
        if not path.is_file():
            raise ConfigurationError(name, f"{path} is not a readable file")
    return paths


def read_url(env: Mapping[str, str], name: str) -> str | None:
    """Read an http(s) URL, or nothing when unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ConfigurationError(name, f"{raw!r} is not an http:// or https:// URL")
    return raw


def read_database(env: Mapping[str, str], name: str, sqlite_path: Path) -> dict:
    """Read a database URL; SQLite in the data directory when unset."""
    # Imported here so that the pure readers above stay importable without
    # Django's optional helpers installed.
    import dj_database_url

    raw = env.get(name, "").strip()
    if not raw:
        return sqlite_settings(str(sqlite_path))
    scheme = urlsplit(raw).scheme
    if scheme == "sqlite":
        path = urlsplit(raw).path
        return sqlite_settings(path[1:] if path.startswith("//") else path)
    if scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ConfigurationError(
            name, f"unsupported scheme {scheme!r}: use postgres:// or sqlite:///"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(raw, conn_max_age=60))
    except ValueError as exc:
        raise ConfigurationError(name, str(exc)) from None
    if not config.get("NAME"):
        raise ConfigurationError(name, "the URL names no database")
    # The portal's queries are short; PostgreSQL's JIT compiler costs more time
    # on them than it saves (measured on the status board).
    config["OPTIONS"] = {"options": "-c jit=off", **dict(config.get("OPTIONS") or {})}
    return config


def sqlite_settings(path: str) -> dict:
    """Settings for SQLite that serialise writers instead of failing them."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two
            # writers queue up instead of one failing half-way with "locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }


def read_secret_key(
    env: Mapping[str, str], name: str, data_dir: Path, may_generate: bool
) -> str:
    """Read the secret key, or keep one generated once in the data directory."""
    raw = env.get(name, "").strip()
    if raw:
        if len(raw) < 32:
            raise ConfigurationError(name, "must be at least 32 characters long")
        return raw
    stored = data_dir / "secret_key"
    if stored.exists():
        key = stored.read_text().strip()
        if len(key) < 32:
            raise ConfigurationError(
                name,
                f"is not set, and the key in {stored} is shorter than 32 characters",
            )
        return key
    if not may_generate:
        raise ConfigurationError(
            name, "is required in production (or run `dpaportal demo`)"
        )
    key = secrets.token_urlsafe(50)
    stored.touch(mode=0o600)
    stored.write_text(key)
    return key


@dataclass(frozen=True)
class EmailConfig:
    """How the portal sends e-mail, decoded from one URL."""

    backend: str
    file_path: str | None = None
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


SMTP_SCHEMES = {
    "smtp": (False, False),
    "smtp+tls": (True, False),
    "smtps": (False, True),
}


def read_email(env: Mapping[str, str], name: str, default_dir: Path) -> EmailConfig:
    """Read ``console:``, ``file:`` / ``file:///path`` or ``smtp://user:pw@host:port``."""
    raw = env.get(name, "").strip() or "file:"
    parts = urlsplit(raw)
    if parts.scheme == "console":
        return EmailConfig(backend="django.core.mail.backends.console.EmailBackend")
    if parts.scheme == "file":
        path = read_directory({name: unquote(parts.path)}, name, default_dir)
        return EmailConfig(
            backend="django.core.mail.backends.filebased.EmailBackend",
            file_path=str(path),
        )
    if parts.scheme in SMTP_SCHEMES:
        use_tls, use_ssl = SMTP_SCHEMES[parts.scheme]
        query = parse_qs(parts.query)
        if query.get("tls") == ["1"]:
            use_tls = True
        try:
            port = parts.port or (465 if use_ssl else 25)
        except ValueError:
            raise ConfigurationError(name, "the port is not a number") from None
        if not parts.hostname:
            raise ConfigurationError(name, "the SMTP URL names no host")
        return EmailConfig(
            backend="django.core.mail.backends.smtp.EmailBackend",
            host=parts.hostname,
            port=port,
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            use_tls=use_tls,
            use_ssl=use_ssl,
        )
    raise ConfigurationError(
        name, f"unsupported scheme {parts.scheme!r}: use console:, file: or smtp://"
    )

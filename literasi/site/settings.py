"""How the public site runs: one place for its knobs, their defaults for one 2-core box, and their environment
variables (flags of ``literasi serve`` override the environment, which overrides the defaults). Each knob's help
is the string ``cli.setting.<name>`` (literasi/locale/*/cli.yml); what is wrong with a value is said in both
languages, since the trainer starting the site may read either."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields

from literasi.i18n import LANGS, t_both

from .client_address import parse_networks

ENV_PREFIX = "LITERASI_"
# The site's port and the projector view's (``literasi present``), defined here only: the CLI's defaults, the
# handouts' and day plan's default address and the room's announced address all come from these two.
SITE_PORT = 8866
PRESENT_PORT = 8867


@dataclass(frozen=True)
class SiteSettings:
    port: int = field(default=SITE_PORT, metadata={"env": "PORT"})
    ip: str = field(default="127.0.0.1", metadata={"env": "IP"})
    lang: str = field(default="id", metadata={"env": "LANG_DEFAULT"})
    warm: int = field(default=1, metadata={"env": "WARM"})
    warm_langs: str = field(default="id", metadata={"env": "WARM_LANGS"})
    hot: str = field(default="", metadata={"env": "HOT"})
    max_kernels: int = field(default=40, metadata={"env": "MAX_KERNELS"})
    idle_timeout: int = field(default=900, metadata={"env": "IDLE_TIMEOUT"})
    cull_interval: int = field(default=60, metadata={"env": "CULL_INTERVAL"})
    # A kernel handed to a page whose websocket never connects within this many seconds of the page being sent
    # is shut down (0 = never: the idle culler alone). Crawlers, link previews and probes fetch pages but never
    # connect (site/unconnected.py).
    connect_grace: int = field(default=25, metadata={"env": "CONNECT_GRACE"})
    # Pages still waiting to connect that one client address may hold (0 = no limit); past it, the client gets
    # the lesson's text without a kernel.
    unconnected_per_client: int = field(default=8, metadata={"env": "UNCONNECTED_PER_CLIENT"})
    # Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For names the client.
    trusted_proxies: str = field(default="", metadata={"env": "TRUSTED_PROXIES"})
    zygote: bool = field(default=True, metadata={"env": "ZYGOTE"})
    # While learners are on a lesson, the next lesson's kernels are made ready (site/next_lesson_pools.py).
    next_warm: bool = field(default=True, metadata={"env": "NEXT_WARM"})

    def __post_init__(self) -> None:
        problems = []
        if self.lang not in LANGS:
            problems.append(f"lang={self.lang!r}: {t_both('cli.settings_choose', choices=', '.join(LANGS))}")
        if any(lang not in LANGS for lang in self.warm_lang_list):
            problems.append(f"warm_langs={self.warm_langs!r}: "
                            f"{t_both('cli.settings_choose_from', choices=', '.join(LANGS))}")
        for name in ("port", "max_kernels", "cull_interval"):
            if getattr(self, name) < 1:
                problems.append(f"{name}={getattr(self, name)}: {t_both('cli.settings_at_least_one')}")
        for name in ("warm", "idle_timeout", "connect_grace", "unconnected_per_client"):
            if getattr(self, name) < 0:
                problems.append(f"{name}={getattr(self, name)}: {t_both('cli.settings_not_negative')}")
        try:
            parse_networks(self.trusted_proxies)
        except ValueError:
            problems.append(f"trusted_proxies={self.trusted_proxies!r}: {t_both('cli.settings_networks')}")
        if problems:
            raise ValueError("; ".join(problems))
        self.hot_pools  # noqa: B018 — refuse a malformed list at start, not at the first visit

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> SiteSettings:
        """Defaults, then ``LITERASI_*`` variables, then ``overrides`` that are not None."""
        environ = os.environ if environ is None else environ
        values = {}
        for item in fields(cls):
            raw = environ.get(ENV_PREFIX + item.metadata["env"])
            if raw not in (None, ""):
                kind = type(item.default)
                try:
                    values[item.name] = parse_bool(raw) if kind is bool else kind(raw)
                except ValueError:
                    raise ValueError(f"{ENV_PREFIX}{item.metadata['env']}={raw!r}: "
                                     f"{t_both('cli.settings_must_be', kind=kind.__name__)}") from None
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values)

    @property
    def hot_pools(self) -> dict[str, int]:
        """``hot`` as lesson id → warm kernels per page ("id" alone means as many as ``max_kernels``)."""
        pools = {}
        for item in filter(None, (part.strip() for part in self.hot.split(","))):
            lesson_id, _, count = item.partition(":")
            if not count.strip():
                pools[lesson_id.strip()] = self.max_kernels
            elif count.strip().isdigit() and int(count) >= 1:
                pools[lesson_id.strip()] = int(count)
            else:
                raise ValueError(f"hot={self.hot!r}: {t_both('cli.settings_hot_format')}")
        return pools

    @property
    def trusted_networks(self):
        return parse_networks(self.trusted_proxies)

    @property
    def warm_lang_list(self) -> list[str]:
        return [lang.strip() for lang in self.warm_langs.split(",") if lang.strip()]


def parse_bool(raw: str) -> bool:
    """A yes/no setting from the environment: 1/0, true/false, yes/no, on/off."""
    word = raw.strip().lower()
    if word in ("1", "true", "yes", "on"):
        return True
    if word in ("0", "false", "no", "off"):
        return False
    raise ValueError(raw)


def env_name(name: str) -> str:
    """The environment variable of a setting, e.g. ``max_kernels`` → ``LITERASI_MAX_KERNELS``."""
    return ENV_PREFIX + next(item for item in fields(SiteSettings) if item.name == name).metadata["env"]

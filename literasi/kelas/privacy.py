"""The notice a learner reads before joining a class: what is stored, where, for how long, and who sees it."""

from __future__ import annotations

from literasi.i18n import t

NOTICE_PARTS = ("what", "where", "how_long", "who")


def privacy_notice(lang: str, retention_days: int) -> tuple[str, list[str]]:
    """The notice's title and its sentences, in ``lang``; ``retention_days`` is the class store's setting."""
    return t("kelas.privacy.title", lang), [t(f"kelas.privacy.{part}", lang, days=retention_days)
                                           for part in NOTICE_PARTS]

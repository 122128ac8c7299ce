"""Pure rules of intake: who takes a ticket, similarity of requests, file types by content."""

import re
import unicodedata

REPEAT_THRESHOLD = 3
COLLECTIVE_THRESHOLD = 5
SIMILARITY_THRESHOLD = 0.3
TICKET_CHANNELS = frozenset({"kiosk", "visit"})  # a queue ticket is for someone waiting in the lobby
ANONYMOUS_SERVICES = frozenset({"complaint"})  # only a report (举报) may be filed without name and phone
PASSPHRASE_MIN_LENGTH = 8
PASSPHRASE_MAX_LENGTH = 128

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def takes_ticket(channel: str) -> bool:
    """Whether a filing by this channel may come with a lobby queue ticket (kiosk and desk visits)."""
    return channel in TICKET_CHANNELS


def may_be_anonymous(service: str) -> bool:
    """Whether a case of this service may be filed anonymously (a report, 举报)."""
    return service in ANONYMOUS_SERVICES


def passphrase_acceptable(passphrase: str) -> bool:
    """Long enough to resist guessing next to a tracking code, short enough to hash cheaply."""
    text = passphrase.strip()
    return PASSPHRASE_MIN_LENGTH <= len(text) <= PASSPHRASE_MAX_LENGTH


def _bigrams(text: str) -> set[str]:
    cleaned = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
    if len(cleaned) < 2:
        return {cleaned} if cleaned else set()
    return {cleaned[i : i + 2] for i in range(len(cleaned) - 1)}


# Characters that say nothing about the matter itself.
_STOP_CHARS = set("的了是在我你他她它们和与及或就都也很还又被把要请求问题一个这那有没不")


def _characters(text: str) -> set[str]:
    cleaned = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())
    return {ch for ch in cleaned if ch not in _STOP_CHARS}


def request_similarity(a: str, b: str) -> float:
    """How alike two requests are, from 0 to 1 (works for Chinese, which has no spaces).

    The mean of the Jaccard similarity of their meaningful characters and the
    share of the shorter text's character pairs found in the other: a retelling
    of the same matter in other words scores high, another matter low.
    """
    x, y = _characters(a), _characters(b)
    bx, by = _bigrams(a), _bigrams(b)
    if not x or not y or not bx or not by:
        return 0.0
    unigram = len(x & y) / len(x | y)
    containment = len(bx & by) / min(len(bx), len(by))
    return (unigram + containment) / 2


def repeat_count_for(direct_links: int, earlier_counts: list[int]) -> int:
    """Times the matter has been raised, this time included.

    The earlier cases linked directly count, and so does the chain behind them
    (an earlier case that was itself the second time makes this the third).
    """
    return max(1 + direct_links, 1 + max(earlier_counts, default=0))


def sniff_content_type(head: bytes) -> str | None:
    """The file's type from its first bytes: images and PDF only, whatever its name says."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:12] in {b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"}:
        return "image/heic"
    return None

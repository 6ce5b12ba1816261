"""The language-model reader: an OpenAI-compatible chat-completions endpoint reads an
article beside the rules (``NEWSBOT_READER=llm|both``).

What is sent: the article's title, date and text, and the story's actors, topics and
tracked items (their names and statuses), to ``NEWSBOT_LLM_BASE_URL`` and nowhere else.
Nothing is sent when no base URL is set. The official ``openai`` client does the HTTP,
with its retries (connection errors, 429, 5xx) and ``NEWSBOT_LLM_TIMEOUT``.

A model that is down, slow, rate-limited or answers nonsense costs one log line: the
rules' proposals go ahead and the article is stored (``newsbot ingest --reread`` asks
again later). Its reply reaches the table only as proposals, through
``digests.extraction.llm.ground`` (every quote checked against the article) and the same
review, audit and alert path as every other proposal.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from digests.actors import ActorResolver
from digests.extraction import Extraction
from digests.extraction.article_input import ArticleInput
from digests.extraction.llm import (
    REPLY_SCHEMA,
    Grounded,
    chunks,
    ground,
    merge,
    messages,
    parse_reply,
)
from digests.model import StanceTable

if TYPE_CHECKING:
    from openai import OpenAI

    from bot.config.settings import Settings

_log = logging.getLogger(__name__)

READERS = ("rules", "llm", "both")


def readers(settings: Settings) -> tuple[str, ...]:
    """Which readers read an article: ``NEWSBOT_READER``, else both once a model is set."""
    choice = settings.reader or ("both" if settings.llm_base_url else "rules")
    if choice == "both":
        return ("rules", "llm")
    return (choice,)


def combine(found: Extraction, reading: Reading | None, chosen: tuple[str, ...]) -> Extraction:
    """The rules' extraction with the model's reading: in its place when the model reads
    alone, merged with it when both read (``digests.extraction.llm.merge``)."""
    if reading is None:
        return found
    if "rules" not in chosen:
        return replace(found, stances=reading.grounded.stances, items=reading.grounded.items)
    stances, items = merge(found.stances, found.items, reading.grounded)
    return replace(found, stances=stances, items=items)


@dataclass
class Reading:
    """One article as the model read it: what was kept, what dropped, what it cost."""

    grounded: Grounded = field(default_factory=Grounded)
    tokens: Counter[str] = field(default_factory=Counter)
    error: str | None = None  # why the model gave nothing usable

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = self.grounded.to_json()
        out["tokens"] = dict(self.tokens) if self.tokens else None
        if self.error:
            out["error"] = self.error
        return out


class LLMReader:
    """Reads articles through one endpoint; the client is made once and reused."""

    def __init__(self, settings: Settings, client: OpenAI | None = None) -> None:
        if not settings.llm_base_url:
            raise ValueError("NEWSBOT_LLM_BASE_URL is not set: there is no model to ask.")
        self.model = settings.llm_model or "default"
        self._settings = settings
        self._client = client
        # Servers without structured outputs refuse response_format: asked once, then the
        # schema goes in the prompt alone (which the system message already spells out).
        self._schema_ok = True

    def _openai(self) -> OpenAI:
        if self._client is None:
            from openai import OpenAI  # loaded only by a process that reads with a model

            s = self._settings
            self._client = OpenAI(
                base_url=s.llm_base_url,
                # Local servers (Ollama, llama.cpp, vLLM) take any key; the client wants one.
                api_key=s.llm_api_key or "not-needed",
                timeout=s.llm_timeout,
                max_retries=2,
            )
        return self._client

    def read(self, article: ArticleInput, table: StanceTable, resolver: ActorResolver) -> Reading:
        """The model's proposals for one article; never raises for the endpoint's faults."""
        import openai  # the same module _openai loaded: its error classes

        reading = Reading()
        replies: list[dict[str, Any]] = []
        try:
            for piece in chunks(article.body):
                content, usage = self._complete(messages(article, table, piece))
                for name, value in usage.items():
                    reading.tokens[name] += value
                reply = parse_reply(content)
                if reply is None:
                    reading.grounded.dropped["malformed reply"] += 1
                    continue
                replies.append(reply)
        except openai.APITimeoutError:
            reading.error = f"no answer within {self._settings.llm_timeout:g} s"
        except openai.RateLimitError:
            reading.error = "rate-limited (429)"
        except openai.APIStatusError as exc:
            reading.error = f"HTTP {exc.status_code}"
        except openai.APIConnectionError as exc:
            reading.error = f"cannot connect ({type(exc.__cause__ or exc).__name__})"
        if reading.error:
            _log.warning(
                "language model at %s: %s; the rules' reading goes ahead",
                self._settings.llm_base_url,
                reading.error,
            )
            return reading
        combined = {
            "statements": [s for r in replies for s in r.get("statements", [])],
            "items": [i for r in replies for i in r.get("items", [])],
        }
        malformed = reading.grounded.dropped["malformed reply"]
        reading.grounded = ground(combined, article, table, resolver)
        if malformed:
            reading.grounded.dropped["malformed reply"] += malformed
            if not replies:
                reading.error = "the reply was not the JSON asked for"
                _log.warning("language model at %s: %s", self._settings.llm_base_url, reading.error)
        return reading

    def _complete(self, chat: list[dict[str, str]]) -> tuple[str | None, dict[str, int]]:
        import openai

        client = self._openai()
        request: dict[str, Any] = {"model": self.model, "messages": chat, "temperature": 0}
        if self._schema_ok:
            request["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "reading", "strict": True, "schema": REPLY_SCHEMA},
            }
        try:
            response = client.chat.completions.create(**request)
        except openai.BadRequestError:
            if not self._schema_ok:
                raise
            self._schema_ok = False
            request.pop("response_format")
            response = client.chat.completions.create(**request)
        usage = response.usage
        tokens = (
            {"prompt": usage.prompt_tokens or 0, "completion": usage.completion_tokens or 0}
            if usage is not None
            else {}
        )
        choice = response.choices[0] if response.choices else None
        return (choice.message.content if choice else None), tokens

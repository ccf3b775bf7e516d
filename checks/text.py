"""What a check says, as data: a message id with its parameters, not a sentence in one language.

A check returns :class:`Msg` values (``Msg("env.python.ok", current="3.12.1", minimum="3.9")``); a front end
turns them into words when it renders, in the language it was asked for (``hf_doctor.i18n``). A parameter may
itself be a message (a phrase inside a sentence), a :class:`Join` of several, or a plain value that is never
translated (a version, a repo id, a GPU name, a library's own error text).

The JSON report keeps every text this way too (:func:`to_json`), so a saved report can be rendered again in
another language (``summarize --lang en`` over a class's Korean reports).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Tuple, Union


@dataclass(frozen=True, init=False)
class Msg:
    """A message id from the catalogue and the values of its placeholders."""

    id: str
    params: Mapping[str, Any]

    def __init__(self, id: str, /, **params: Any) -> None:  # noqa: A002 - "id" is the catalogue's word
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "params", params)

    def __hash__(self) -> int:
        return hash((self.id, tuple(sorted((k, repr(v)) for k, v in self.params.items()))))

    def __str__(self) -> str:
        # Logs and exception texts are English; what people read is rendered by the front end in their language.
        from .i18n import english

        return english(self)


@dataclass(frozen=True)
class Join:
    """Several texts shown one after another with ``sep`` between them (``"GPU · 15 GiB · CC 7.5"``)."""

    sep: str
    parts: Tuple["Text", ...]

    def __str__(self) -> str:
        from .i18n import english

        return english(self)


Text = Union[str, Msg, Join]


def join(sep: str, parts: Any) -> Text:
    """``sep.join(parts)`` for texts that may be messages; a single part is returned as it is."""
    items = tuple(parts)
    return items[0] if len(items) == 1 else Join(sep, items)


def to_json(value: Any) -> Any:
    """A text as JSON: a string stays a string, a message is ``{"id", "params"}``, a join ``{"join", "parts"}``."""
    if isinstance(value, Msg):
        return {"id": value.id, "params": {key: to_json(param) for key, param in value.params.items()}}
    if isinstance(value, Join):
        return {"join": value.sep, "parts": [to_json(part) for part in value.parts]}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value


def from_json(value: Any) -> Any:
    """The inverse of :func:`to_json`; raises ``ValueError`` for something no report of ours contains."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and isinstance(value.get("params"), dict):
            return Msg(value["id"], **{str(k): from_json(v) for k, v in value["params"].items()})
        if isinstance(value.get("join"), str) and isinstance(value.get("parts"), list):
            return Join(value["join"], tuple(from_json(part) for part in value["parts"]))
        raise ValueError("not a message")
    if isinstance(value, list):
        return [from_json(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError("not a message")

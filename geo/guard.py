"""The per-document guard: a failure while processing one document becomes that document's
error (file, line, what) and the batch goes on.

Work runs in forked workers (:mod:`geo.parallel`), so a failure travels back as a plain
:class:`Failed` tuple and becomes an :class:`~geo.errors.InputError` in the parent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from geo.errors import InputError, PostureError
from geo.model import Document

logger = logging.getLogger(__name__)

R = TypeVar("R")

_MAX_REASON = 300


class Failed(NamedTuple):
    """Why processing one document failed, and where the document came from."""

    reason: str
    path: str
    line: int | None

    def error(self) -> InputError:
        return InputError(self.reason, path=self.path, line=self.line)


def guarded(func: Callable[[Document], R], doc: Document) -> R | Failed:
    """``func(doc)``, or :class:`Failed` when it raises.

    Errors of the whole batch (an online geocoder down, the gazetteer, the output: any
    :class:`~geo.errors.PostureError` but an :class:`~geo.errors.InputError`) still raise.
    """
    try:
        return func(doc)
    except InputError as err:
        return Failed(_one_line(err.reason), doc.source or err.path, doc.line)
    except PostureError:
        raise
    except Exception as err:  # noqa: BLE001 - one document must not take the batch down
        logger.debug("processing %s failed", doc.doc_id, exc_info=True)
        what = _one_line(f"{type(err).__name__}: {err}")
        reason = f"document {doc.doc_id!r} could not be processed ({what}); skipped"
        return Failed(reason, doc.source, doc.line)


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 1] + "\u2026"

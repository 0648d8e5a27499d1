"""The PKWT worker-list rules (PP 35/2021 and the number formats in docs/domain), as one pure pass over the
rows plus set-based checks against the contracts already registered.

Every finding names the Excel row (header = 1) and the canonical column, carries a stable ``code`` and an
Indonesian message, and is an ``error`` (blocks the submission) or a ``warning`` (for the verifier).
Nothing in here may raise on any cell value: a property test feeds it arbitrary rows.
"""

from __future__ import annotations

from ..cells import CellError, parse_date, parse_money
from .base import (
    ERROR,
    WARNING,
    ContractRow,
    Finding,
    HistoryContract,
    RuleContext,
    _add_years,
    _term_last_day,
    person_key,
    validation_report,
)
from .validator import RowValidator

__all__ = [
    "ERROR", "WARNING", "CellError", "ContractRow", "Finding", "HistoryContract", "RowValidator", "RuleContext",
    "_add_years", "_term_last_day", "parse_date", "parse_money", "person_key", "validation_report",
]  # fmt: skip

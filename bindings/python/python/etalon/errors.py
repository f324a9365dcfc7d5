"""The exceptions of etalon.

Every error the engine reports arrives as a subclass of :class:`EtalonError`
carrying the error envelope shared by every face of etalon: a stable
``code`` (``E-DATA-RECORD``, ``E-LIMIT-SCRIPT``...; the table is in the
README), the message, and the fields that are known as attributes (``None``
otherwise). The code's family chooses the class:

=========  =====================================================
family     class
=========  =====================================================
DATA       :class:`DataError` (``E-DATA-PERIOD``: :class:`PeriodError`)
PACKAGE    :class:`RuleError`
SCRIPT     :class:`ScriptError`
EVAL       :class:`EvaluationError` (``E-EVAL-NOT-IN-FORCE``: :class:`NotInForceError`,
           ``E-EVAL-REQUEST``: :class:`RequestError`)
LIMIT      :class:`LimitError` (``E-LIMIT-SCRIPT``: :class:`ScriptLimitError`)
SCORING    :class:`ScoringError`
JOURNAL    :class:`JournalError` (``E-JOURNAL-INCOMPLETE``: :class:`IncompleteRecordError`)
IO         :class:`FileError`
INTERNAL   :class:`InternalError`
=========  =====================================================

The message is in the language of :func:`etalon.language` when the error
was raised (Russian or English: :func:`etalon.set_language`, else the
locale); ``message_en`` is always the English text, for code that matches
it.

Callers branch on a class or a code and read attributes instead of
parsing messages::

    try:
        methodology = etalon.Methodology.from_dir("my_rules")
    except etalon.RuleError as e:
        for d in e.diagnostics:
            print(d.file, d.line, d.column, d.code, d.rule, d.message)
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Optional, Sequence

if TYPE_CHECKING:
    from etalon._etalon import Diagnostic

__all__ = [
    "DataError",
    "EtalonError",
    "EvaluationError",
    "FileError",
    "IncompleteRecordError",
    "InternalError",
    "JournalError",
    "LimitError",
    "NotInForceError",
    "PeriodError",
    "RequestError",
    "RuleError",
    "ScoringError",
    "ScriptError",
    "ScriptLimitError",
]


class EtalonError(Exception):
    """The base of every error etalon raises. ``message`` is the text in
    the language of :func:`etalon.language` when it was raised,
    ``message_en`` the same in English, ``code`` the stable code and ``family`` its family (``DATA``...); the
    other attributes are the envelope's fields, ``None`` when not known.
    ``path`` is the older name of ``file``, ``org`` of ``organisation`` and
    ``text`` of ``value``."""

    message: str
    message_en: str
    code: str
    family: str
    file: Optional[str]
    path: Optional[str]
    line: Optional[int]
    column: Optional[int]
    table: Optional[str]
    row: Optional[int]
    field: Optional[str]
    rule: Optional[str]
    organisation: Optional[str]
    org: Optional[str]
    indicator: Optional[str]
    deviation: Optional[str]
    event: Optional[str]
    limit: Optional[str]
    value: Optional[str]
    text: Optional[str]
    period: Optional[str]
    package: Optional[str]
    in_force_from: Optional[datetime.date]
    in_force_to: Optional[datetime.date]
    diagnostics: list[Diagnostic]

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message
        self.code = ""
        self.family = ""
        self.file = self.path = None
        self.line = self.column = self.row = None
        self.table = self.field = self.rule = None
        self.organisation = self.org = self.indicator = None
        self.deviation = self.event = self.limit = None
        self.value = self.text = self.period = self.package = None
        self.in_force_from = self.in_force_to = None
        self.diagnostics = []

    def __str__(self) -> str:
        return self.message


class RuleError(EtalonError):
    """A rule package does not compile.

    ``diagnostics`` lists every problem found (errors and warnings), each
    with its file, line, column, rule and a stable ``code``.
    """

    diagnostics: list[Diagnostic]

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that are errors (not warnings)."""
        return [d for d in self.diagnostics if d.severity == "error"]


class DataError(EtalonError, ValueError):
    """Input data breaks a rule of its table.

    ``table`` is the table (``cases``, ``complaints``, ... or ``org_tree``),
    ``row`` the 1-based number of the record within its table (``None`` when
    the table as a whole is at fault), ``field`` the column. Data read from a
    file also carries ``path`` and the file's ``line``. Messages never repeat
    a personal value (recipient ids).
    """

    table: str
    row: Optional[int]
    field: Optional[str]
    path: Optional[str]
    line: Optional[int]

    def __init__(
        self,
        message: str,
        table: str = "",
        row: Optional[int] = None,
        field: Optional[str] = None,
        path: Optional[str] = None,
        line: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.table = table
        self.row = row
        self.field = field
        self.path = path
        self.line = line
        self.problems: list[dict[str, Any]] = []

    def errors(self) -> list[dict[str, Any]]:
        """Every problem found, as a list of dicts (``code``, ``message``,
        ``message_en``, ``file``, ``line``, ``column``, ``table``, ``row``,
        ``field``),
        sorted by file and line, in the manner of pydantic's
        ``ValidationError.errors()``: loading a data folder or
        ``Dataset.from_tables`` collects every problem up to its limit;
        otherwise the list holds this error alone. A problem of a pandas
        frame given to ``from_tables`` also has ``index``, its row's label.
        ``pandas.DataFrame(e.errors())`` is the table of them."""
        if self.problems:
            return [dict(p) for p in self.problems]
        return [
            {
                "code": self.code,
                "message": self.message,
                "message_en": self.message_en,
                "file": self.file,
                "line": self.line,
                "column": self.column,
                "table": self.table,
                "row": self.row,
                "field": self.field,
            }
        ]

    def error_table(self) -> Any:
        """:meth:`errors` as a ``pandas.DataFrame`` (pandas must be
        installed), one row per problem."""
        import pandas  # type: ignore[import-untyped]

        errors = self.errors()
        columns = ["code", "message", "message_en", "file", "line", "column", "table", "row", "field"]
        if any("index" in e for e in errors):
            columns.append("index")
        return pandas.DataFrame(errors, columns=columns)


class FileError(EtalonError, OSError):
    """A file or folder could not be read, or is not what was expected
    (no ``etalon.toml`` in a package folder, no ``units.csv`` in a data
    folder). ``path`` names it."""

    path: str

    def __init__(self, message: str, path: str = "") -> None:
        EtalonError.__init__(self, message)
        self.path = path

    def __str__(self) -> str:
        return self.message


class ScriptError(EtalonError):
    """A rule's script failed while evaluating: ``rule`` names the rule
    (indicator, scoring item...), ``file``, ``line`` and ``column`` the place
    in the package."""

    rule: str
    file: str
    line: int
    column: int

    def __init__(
        self, message: str, rule: str = "", file: str = "", line: int = 0, column: int = 0
    ) -> None:
        super().__init__(message)
        self.rule = rule
        self.file = file
        self.line = line
        self.column = column


class EvaluationError(EtalonError):
    """An evaluation request that cannot be served: it names something the
    package does not have, was cancelled, or mixes evaluations that cannot
    be rolled up together."""


class RequestError(EvaluationError, ValueError):
    """The request names something the package does not have, or does not
    hold together (a period that is not the evaluation's, no period at
    all)."""


class LimitError(EtalonError):
    """A limit was reached: ``limit`` is ``records`` (the dataset is larger
    than allowed), ``deadline`` (the evaluation ran past its time) or a
    sandbox limit of a rule's script (:class:`ScriptLimitError`)."""


class InternalError(EtalonError):
    """A defect of the engine itself; report it with the input that caused
    it."""


class ScriptLimitError(ScriptError, LimitError):
    """A rule's script exceeded a sandbox limit and was stopped. ``limit``
    is one of ``operations``, ``call_depth``, ``expression_depth``,
    ``string_size``, ``array_size``, ``map_size``, ``variables``."""

    limit: str

    def __init__(
        self,
        message: str,
        rule: str = "",
        file: str = "",
        line: int = 0,
        column: int = 0,
        limit: str = "",
    ) -> None:
        super().__init__(message, rule, file, line, column)
        self.limit = limit


class PeriodError(DataError):
    """A period that cannot be read; periods are written ``2026``,
    ``2026-H2``, ``2026-Q3`` or ``2026-07``. ``text`` is what was given."""

    text: str

    def __init__(self, message: str, text: str = "") -> None:
        super().__init__(message)
        self.text = text


class NotInForceError(EvaluationError):
    """The methodology is not in force in the period asked."""

    package: str
    period: str
    in_force_from: Optional[datetime.date]
    in_force_to: Optional[datetime.date]

    def __init__(
        self,
        message: str,
        package: str = "",
        period: str = "",
        in_force_from: Optional[datetime.date] = None,
        in_force_to: Optional[datetime.date] = None,
    ) -> None:
        super().__init__(message)
        self.package = package
        self.period = period
        self.in_force_from = in_force_from
        self.in_force_to = in_force_to


class JournalError(EtalonError):
    """The deviation journal refused an event or cannot be read.

    A refused event names its ``deviation`` and ``event`` (its kind); a
    damaged journal file gives ``path`` and the ``line`` at fault.
    """

    path: Optional[str]
    line: Optional[int]
    deviation: Optional[str]
    event: Optional[str]

    def __init__(
        self,
        message: str,
        path: Optional[str] = None,
        line: Optional[int] = None,
        deviation: Optional[str] = None,
        event: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.deviation = deviation
        self.event = event


class IncompleteRecordError(JournalError, ValueError):
    """A journal record lacks what its kind needs (``assign`` a role,
    ``assign`` and ``escalate`` the rule package); ``event`` names the
    kind."""


class ScoringError(EtalonError):
    """A score cannot be computed from otherwise readable input: a НОК
    indicator out of its range (``org``, ``indicator``), a KPI scheme that
    does not fit the period, a scheme or period missing. Bad rows of the
    scoring tables are :class:`DataError`."""

    org: Optional[str]
    indicator: Optional[str]

    def __init__(
        self, message: str, org: Optional[str] = None, indicator: Optional[str] = None
    ) -> None:
        super().__init__(message)
        self.org = org
        self.indicator = indicator

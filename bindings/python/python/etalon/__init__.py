"""etalon: quality management of social services, from Python.

The engine computes the indicators of the service processes at the level of
a structural unit, an organisation, a group of organisations and the region,
judges them against their reference («эталонные») values and finds the
deviations. This package is a thin skin over the Rust engine::

    import etalon

    methodology = etalon.standard()
    data = etalon.Dataset.from_dir("examples/data")        # or from pandas / polars / pyarrow
    evaluation = methodology.evaluate(data, "2026-Q3")
    evaluation.deviations_table().to_pandas()
    print(evaluation.explain("U0001", "ma_decided_in_term"))

Compiling and evaluating release the GIL, so threads run in parallel. Every
error is an :class:`EtalonError` subclass with structured fields.
"""

from etalon._etalon import (
    TABLES,
    Band,
    Dataset,
    Deviation,
    Diagnostic,
    Evaluation,
    ExplainedInput,
    Explanation,
    Indicator,
    IndicatorValue,
    Measure,
    Methodology,
    Process,
    Reference,
    Summary,
    Table,
    __version__,
    standard,
    standard_files,
    write_demo,
)
from etalon.errors import (
    DataError,
    EtalonError,
    FileError,
    JournalError,
    NotInForceError,
    PeriodError,
    RuleError,
    ScriptError,
    ScriptLimitError,
)

__all__ = [
    "TABLES",
    "Band",
    "DataError",
    "Dataset",
    "Deviation",
    "Diagnostic",
    "EtalonError",
    "Evaluation",
    "ExplainedInput",
    "Explanation",
    "FileError",
    "Indicator",
    "IndicatorValue",
    "JournalError",
    "Measure",
    "Methodology",
    "NotInForceError",
    "PeriodError",
    "Process",
    "Reference",
    "RuleError",
    "ScriptError",
    "ScriptLimitError",
    "Summary",
    "Table",
    "__version__",
    "standard",
    "standard_files",
    "write_demo",
]

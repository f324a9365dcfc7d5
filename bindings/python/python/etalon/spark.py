"""Country scale on Apache Spark: one methodology over every region.

``etalon.spark.evaluate`` takes Spark DataFrames of the records of many
regions (``units`` shaped like ``units.csv`` and the record tables, each
with the region's id in a column, as a data lake partitioned by region has
it) and returns Spark DataFrames of indicator values, deviations, totals and
НОК scores of every entity of every region and of the country above them::

    from etalon import spark as es

    tables = es.read_lake(spark, "lake/")
    result = es.evaluate("2026-Q3", nok_period="2026", **tables)
    result.values.where("level = 'country'").show()
    print(result.country.summary)

How it runs:

1. Each table is cut, batch by batch on the executors (``mapInArrow``),
   into Arrow IPC blocks keyed by region; no Python object is made per
   record.
2. The blocks of a region meet in one task (``groupBy(...).applyInArrow``,
   the one exchange of records), where the binding builds the region's
   ``Dataset`` and evaluates it with the GIL released, exactly as on one
   machine (``by="group"``: a task per territorial group, for regions too
   big for one task). The methodology's files are broadcast once and
   compiled once per Python worker process (cached by their digest).
3. Each region hands up its ``Totals`` (every measure over the window, a few
   kilobytes) and its НОК scores. The driver rolls them up into the country
   with ``Methodology.roll_up`` and ``Methodology.nok_roll_up``: sums of
   numerators and denominators, never means of shares.

Distinct-recipient measures are counted within a region; the country sums
them, which treats regions as disjoint populations (recipient ids are
regional registers). pyspark is an optional dependency:
``pip install etalon[spark]``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator, Mapping, Optional, Sequence, Tuple, TypedDict, Union

import pyarrow as pa  # type: ignore[import-untyped]

import etalon
from etalon import errors as _errors

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "RECORD_TABLES",
    "LakeTables",
    "SparkEvaluation",
    "evaluate",
    "lake_tables",
    "read_lake",
    "write_demo_lake",
]

#: The record tables ``evaluate`` takes, in the engine's order.
RECORD_TABLES: Tuple[str, ...] = tuple(etalon.TABLES)

_UNITS = "units"
_FACTS = "nok_facts"
_REGION = "__region"
_GROUP = "__group"
# A task's key is (region, group); the group is "" when a region is one task.
_BLOCKS = "region string, grain string, part string, payload binary"
_RESULTS = "region string, grain string, kind string, payload binary"

# Compiled methodologies of this Python process by the digest of their
# files: a Spark Python worker compiles a package once for all its tasks.
_COMPILED: dict[str, etalon.Methodology] = {}


def _digest(files: Mapping[str, str]) -> str:
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode())
        h.update(b"\0")
        h.update(files[path].encode())
        h.update(b"\0")
    return h.hexdigest()


def _methodology(digest: str, files: Mapping[str, str]) -> Tuple[etalon.Methodology, bool]:
    """The methodology of ``files``, compiled once per process; and whether
    this call compiled it."""
    m = _COMPILED.get(digest)
    if m is not None:
        return m, False
    m = etalon.Methodology.from_files(files)
    _COMPILED[digest] = m
    return m, True


def _ipc(table: Union[pa.Table, pa.RecordBatch]) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        if isinstance(table, pa.RecordBatch):
            writer.write_batch(table)
        else:
            writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _read_ipc(payload: bytes) -> pa.Table:
    return pa.ipc.open_stream(pa.py_buffer(payload)).read_all()


# --- Executors: cutting tables into blocks by region ------------------------


def _pack(batches: Iterator[pa.RecordBatch], part: str, by_group: bool) -> Iterator[pa.RecordBatch]:
    """Cuts each batch of table ``part`` into one Arrow IPC block per task
    (a region, or a territorial group of a region): the rows the grouped
    step gathers."""
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    for batch in batches:
        if batch.num_rows == 0:
            continue
        regions = batch.column(_REGION).cast(pa.string())
        if by_group:
            groups = batch.column(_GROUP).cast(pa.string()).fill_null("")
            keys = pc.binary_join_element_wise(regions, groups, "\x1f")
            data = batch.drop_columns([_REGION, _GROUP])
        else:
            keys = regions
            data = batch.drop_columns([_REGION])
        out_region, out_grain, out_payload = [], [], []
        for key in pc.unique(keys).to_pylist():
            mask = pc.is_null(keys) if key is None else pc.equal(keys, key)
            region, _, grain = (key or "").partition("\x1f")
            out_region.append(region if key is not None else None)
            out_grain.append(grain)
            out_payload.append(_ipc(data.filter(mask)))
        yield pa.RecordBatch.from_arrays(
            [
                pa.array(out_region, pa.string()),
                pa.array(out_grain, pa.string()),
                pa.array([part] * len(out_payload), pa.string()),
                pa.array(out_payload, pa.binary()),
            ],
            names=["region", "grain", "part", "payload"],
        )


# --- Executors: evaluating one region ----------------------------------------


@dataclass(frozen=True)
class _Job:
    """What every grouped task needs, shipped with the function."""

    #: A Broadcast of (digest, files), or the pair itself (Spark Connect).
    methodology: Any
    period: str
    history: Optional[int]
    threads: int
    by: str
    nok_period: Optional[str]
    nok_policies: Optional[Mapping[str, Any]]
    #: The driver's language (``etalon.language()``): an executor's process
    #: would otherwise take its own locale's for reasons and errors.
    language: str

    def shipped(self) -> Tuple[str, Mapping[str, str]]:
        m = self.methodology
        return m.value if hasattr(m, "value") else m


def _row(region: str, grain: str, kind: str, payload: bytes) -> dict[str, Any]:
    return {"region": region, "grain": grain, "kind": kind, "payload": payload}


def _error_row(region: str, grain: str, e: BaseException) -> dict[str, Any]:
    """An engine error of a region, to be raised again on the driver."""
    fields = {
        k: v
        for k, v in vars(e).items()
        if k != "message" and (v is None or isinstance(v, (str, int, bool)))
    }
    text = json.dumps(
        {"class": type(e).__name__, "message": str(e), "fields": fields}, ensure_ascii=False
    )
    return _row(region, grain, "error", text.encode())


def _evaluate_region(job: _Job, key: Tuple[Any, ...], blocks: pa.Table) -> pa.Table:
    """The grouped step: every block of one region (or one group of a
    region) in, its results out as rows of (region, grain, kind, payload)."""
    etalon.set_language(job.language)
    region = key[0].as_py()
    grain = key[1].as_py() or ""
    rows: list[dict[str, Any]] = []

    def add(kind: str, payload: bytes) -> None:
        rows.append(_row(region, grain, kind, payload))

    try:
        if region is None:
            raise _errors.DataError(
                "records without a region id: every table needs the region's id",
                table="region",
            )
        parts: dict[str, list[pa.Table]] = {}
        for part, payload in zip(
            blocks.column("part").to_pylist(), blocks.column("payload").to_pylist()
        ):
            parts.setdefault(part, []).append(_read_ipc(payload))
        tables = {
            name: pa.concat_tables(found, promote_options="permissive")
            for name, found in parts.items()
        }
        if _UNITS not in tables:
            raise _errors.DataError(
                f"region {region}: records of units that are not in the units table",
                table="org_tree",
            )
        facts = tables.pop(_FACTS, None)
        dataset = etalon.Dataset.from_tables(tables.pop(_UNITS), **tables)
        methodology, compiled = _methodology(*job.shipped())
        evaluation, totals = methodology.evaluate_with_totals(
            dataset,
            job.period,
            level="group" if job.by == "group" else "region",
            threads=job.threads,
            history=job.history,
        )
        values = pa.table(evaluation.values_table())
        deviations = pa.table(evaluation.deviations_table())
        if job.by == "group":
            # A group's figures at the region level are the group's own:
            # the region is rolled up from its groups on the driver.
            import pyarrow.compute as pc  # type: ignore[import-untyped]

            values = values.filter(pc.not_equal(values["level"], "region"))
            deviations = deviations.filter(pc.not_equal(deviations["level"], "region"))
        add("values", _ipc(values))
        add("deviations", _ipc(deviations))
        for t in totals:
            add("totals", t.to_json().encode())
        if job.nok_period is not None and facts is not None:
            scores = methodology.score_nok_surveys(
                dataset, job.nok_period, facts, policies=job.nok_policies
            )
            add("nok", scores.to_json().encode())
            for kind, table in (
                ("nok_organisations", scores.organisations_table()),
                ("nok_indicators", scores.indicators_table()),
                ("nok_figures", scores.figures_table()),
            ):
                add(kind, _ipc(pa.table(table)))
        add("stats", json.dumps({"pid": os.getpid(), "compiled": compiled,
                                 "records": len(dataset)}).encode())
    except _errors.EtalonError as e:
        rows = [_error_row(region or "", grain, e)]
    return pa.Table.from_pylist(
        rows,
        schema=pa.schema(
            [
                ("region", pa.string()),
                ("grain", pa.string()),
                ("kind", pa.string()),
                ("payload", pa.binary()),
            ]
        ),
    )


def _unpack(batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    """Result blocks of one kind back to rows, with the region in front."""
    for batch in batches:
        for region, payload in zip(
            batch.column("region").to_pylist(), batch.column("payload").to_pylist()
        ):
            yield from _with_region(_read_ipc(payload), region).cast(schema).to_batches()


# --- The driver ---------------------------------------------------------------


@dataclass(frozen=True)
class SparkEvaluation:
    """The results of ``evaluate``: Spark DataFrames over every region and
    the country, and the country's results as etalon objects.

    Every DataFrame has the columns of the binding's table of the same name
    with ``region`` in front; the country's rows have the country's id
    there and ``level`` = ``country`` (``kind`` = ``country`` for the НОК).
    The regions' results are persisted once; ``unpersist()`` frees them.
    """

    period: str
    #: Indicator values of every entity of every region and of the country
    #: (``Evaluation.values_table`` columns).
    values: "DataFrame"
    #: Deviations (``Evaluation.deviations_table`` columns).
    deviations: "DataFrame"
    #: Every measure of every region and of the country over the window
    #: (``Totals.table`` columns).
    totals: "DataFrame"
    #: The country's evaluation.
    country: etalon.Evaluation
    #: The country's totals, to roll up further.
    country_totals: etalon.Totals
    #: Each region's totals, by region id.
    regions: list[etalon.Totals]
    #: Each group's totals (with ``by="group"``; empty otherwise).
    groups: list[etalon.Totals]
    #: НОК of each organisation (``NokScores.organisations_table``).
    nok_organisations: Optional["DataFrame"]
    #: НОК points per organisation and indicator (``indicators_table``).
    nok_indicators: Optional["DataFrame"]
    #: НОК figures of regions, groups and sectors, and of the country, its
    #: sectors and its ranked regions (``figures_table``).
    nok_figures: Optional["DataFrame"]
    #: НОК of each region, as scored on its executor.
    nok: Optional[list[etalon.NokScores]]
    #: НОК of the country from its regions.
    nok_country: Optional[etalon.NokRollUp]
    #: One row per task: region, grain (the group with ``by="group"``),
    #: pid (of the Python worker), compiled (whether that task compiled the
    #: methodology), records.
    stats: list[dict[str, Any]]
    _results: "DataFrame"

    @property
    def records(self) -> int:
        """Records evaluated in every region."""
        return sum(int(s["records"]) for s in self.stats)

    def unpersist(self) -> None:
        """Frees the regions' results held by Spark."""
        self._results.unpersist()


def _files(rules: Union[None, str, "os.PathLike[str]", Mapping[str, str]]) -> dict[str, str]:
    if rules is None:
        return etalon.standard_files()
    if isinstance(rules, (str, os.PathLike)):
        return etalon.read_package(rules)
    return dict(rules)


def _raise_first(errors: Sequence[Tuple[str, str, bytes]]) -> None:
    """Raises the error of the first task (by region and group) as its
    etalon class."""
    region, grain, payload = sorted(errors)[0]
    e = json.loads(payload.decode())
    where = f"region {region}" + (f", group {grain}" if grain else "")
    message = f"{where}: {e['message']}" if region else e["message"]
    cls = getattr(_errors, e["class"], _errors.EtalonError)
    # Every class is made from its message; the envelope's fields (code,
    # table, row...) are attributes, set as the binding sets them.
    error = cls(message)
    for name, value in e["fields"].items():
        setattr(error, name, value)
    raise error


def _with_region(table: pa.Table, region: str) -> pa.Table:
    return table.add_column(0, "region", pa.array([region] * table.num_rows, pa.string()))


def _frame(
    spark: "SparkSession",
    results: "DataFrame",
    kind: str,
    sample: pa.Table,
    extra: Optional[pa.Table] = None,
) -> "DataFrame":
    """The results of one kind as a DataFrame with the columns of ``sample``
    (a table of that kind, made on the driver), plus the ``extra`` rows."""
    from pyspark.sql.pandas.types import from_arrow_schema

    schema = pa.schema([pa.field("region", pa.string())] + list(sample.schema))
    spark_schema = from_arrow_schema(schema)
    frame = (
        results.where(results.kind == kind)
        .select("region", "payload")
        .mapInArrow(functools.partial(_unpack, schema=schema), spark_schema)
    )
    if extra is not None and extra.num_rows:
        frame = frame.unionByName(spark.createDataFrame(extra.cast(schema), schema=spark_schema))
    return frame


def evaluate(
    period: str,
    units: "DataFrame",
    *,
    cases: Optional["DataFrame"] = None,
    deliveries: Optional["DataFrame"] = None,
    surveys: Optional["DataFrame"] = None,
    complaints: Optional["DataFrame"] = None,
    audits: Optional["DataFrame"] = None,
    occupancy: Optional["DataFrame"] = None,
    incidents: Optional["DataFrame"] = None,
    diagnostics: Optional["DataFrame"] = None,
    assignments: Optional["DataFrame"] = None,
    staff: Optional["DataFrame"] = None,
    rules: Union[None, str, "os.PathLike[str]", Mapping[str, str]] = None,
    by: str = "region",
    country: Tuple[str, str] = ("RU", "Российская Федерация"),
    history: Optional[int] = None,
    threads: int = 1,
    nok_period: Optional[str] = None,
    nok_facts: Optional["DataFrame"] = None,
    nok_policies: Optional[Mapping[str, Any]] = None,
    region_column: str = "region_id",
) -> SparkEvaluation:
    """Evaluates ``period`` for every region in the DataFrames, and the country.

    ``units`` has the columns of ``units.csv`` (``region_id`` among them);
    each record table has the columns of its table and the region's id in
    ``region_column`` (a lake partitioned by region reads it from the
    path). ``rules`` is the rule package: the standard one, a folder or a
    mapping of paths to texts; its files are broadcast once. ``by`` is the
    unit of work: ``region`` (a task per region, exact at every level) or
    ``group`` (a task per territorial group, for regions too big for one
    task: unit, organisation and group figures are exact, and each region is
    rolled up from its groups as the country from its regions, so a
    recipient served in two groups counts in each; an indicator whose
    funnel declares overdispersion estimates it from the group's entities,
    not the region's; the НОК needs ``region``). ``country`` is the id and name of the country. ``nok_period`` (a year) with
    ``nok_facts`` (rows shaped like ``nok_facts.csv``, with the region
    column) adds the НОК. ``threads`` are the engine's threads in one task.

    An engine error in a region is raised here as the same
    ``etalon.EtalonError`` subclass, the region named in its message.
    """
    from pyspark.sql import functions as F

    if by not in ("region", "group"):
        raise ValueError(f"by is `region` or `group`, not `{by}`")
    if (nok_period is None) != (nok_facts is None):
        raise ValueError("the НОК needs both nok_period and nok_facts")
    if nok_period is not None and by != "region":
        raise ValueError("the НОК is scored by region: use by='region'")
    spark = units.sparkSession
    files = _files(rules)
    methodology = etalon.Methodology.from_files(files)  # rule errors surface here, once
    shipped = (_digest(files), files)
    try:
        shipped_ref: Any = spark.sparkContext.broadcast(shipped)
    except Exception:  # Spark Connect has no broadcast variables: ship with the task
        shipped_ref = shipped
    job = _Job(
        methodology=shipped_ref,
        period=period,
        history=history,
        threads=threads,
        by=by,
        nok_period=nok_period,
        nok_policies=dict(nok_policies) if nok_policies else None,
        language=etalon.language(),
    )

    by_group = by == "group"
    # Which group each unit is in, to send a record to its group's task
    # (small: a row per unit, broadcast to the join).
    unit_groups = units.select(
        F.col("region_id").cast("string").alias(_REGION),
        F.col("unit_id").cast("string").alias("unit_id"),
        F.col("group_id").cast("string").alias(_GROUP),
    )

    def blocks(frame: "DataFrame", part: str) -> "DataFrame":
        if part == _UNITS:
            frame = frame.withColumn(_REGION, F.col("region_id").cast("string"))
            if by_group:
                frame = frame.withColumn(_GROUP, F.col("group_id").cast("string"))
        elif region_column in frame.columns:
            frame = frame.withColumnRenamed(region_column, _REGION)
            if by_group:
                frame = frame.join(F.broadcast(unit_groups), on=[_REGION, "unit_id"], how="left")
        else:
            raise ValueError(f"table {part} has no region column `{region_column}`")
        pack = functools.partial(_pack, part=part, by_group=by_group)
        return frame.mapInArrow(pack, _BLOCKS)

    given = {
        "cases": cases,
        "deliveries": deliveries,
        "surveys": surveys,
        "complaints": complaints,
        "audits": audits,
        "occupancy": occupancy,
        "incidents": incidents,
        "diagnostics": diagnostics,
        "assignments": assignments,
        "staff": staff,
        _FACTS: nok_facts,
    }
    everything = blocks(units, _UNITS)
    for name, frame in given.items():
        if frame is not None:
            everything = everything.unionByName(blocks(frame, name))

    def evaluate_region(key, table):  # type: ignore[no-untyped-def]
        # Without type hints: Spark then takes it as (key, pyarrow.Table).
        return _evaluate_region(job, key, table)

    results = (
        everything.groupBy("region", "grain").applyInArrow(evaluate_region, _RESULTS).persist()
    )
    small = results.where(results.kind.isin("totals", "nok", "stats", "error")).collect()
    errors = [(r.region, r.grain, bytes(r.payload)) for r in small if r.kind == "error"]
    if errors:
        results.unpersist()
        _raise_first(errors)
    handed_up = sorted(
        (
            (r.region, etalon.Totals.from_json(bytes(r.payload).decode()))
            for r in small
            if r.kind == "totals"
        ),
        key=lambda rt: (rt[0], rt[1].entity),
    )
    if not handed_up:
        results.unpersist()
        raise _errors.EtalonError("no region to evaluate: the units table is empty")
    stats = sorted(
        (
            {"region": r.region, "grain": r.grain, **json.loads(bytes(r.payload).decode())}
            for r in small
            if r.kind == "stats"
        ),
        key=lambda s: (s["region"], s["grain"]),
    )

    # Figures made on the driver: each region from its groups (by group),
    # and the country from its regions.
    made: list[Tuple[str, etalon.Evaluation]] = []
    groups: list[etalon.Totals] = []
    regions: list[etalon.Totals] = []
    if by_group:
        groups = [t for _, t in handed_up]
        names = {
            r[0]: r[1]
            for r in units.select(
                F.col("region_id").cast("string"), F.col("region_name")
            ).distinct().collect()
        }
        for region in sorted({r for r, _ in handed_up}):
            of_region = [t for r, t in handed_up if r == region]
            e, total = methodology.roll_up(
                of_region, region, names.get(region) or region, level="region"
            )
            made.append((region, e))
            regions.append(total)
    else:
        regions = [t for _, t in handed_up]
    country_id, country_name = country
    country_eval, country_totals = methodology.roll_up(regions, country_id, country_name)
    made.append((country_id, country_eval))
    country_values = pa.table(country_eval.values_table())
    country_deviations = pa.table(country_eval.deviations_table())
    values = _frame(
        spark,
        results,
        "values",
        country_values,
        pa.concat_tables([_with_region(pa.table(e.values_table()), r) for r, e in made]),
    )
    deviations = _frame(
        spark,
        results,
        "deviations",
        country_deviations,
        pa.concat_tables([_with_region(pa.table(e.deviations_table()), r) for r, e in made]),
    )
    totals_table = pa.concat_tables(
        [_with_region(pa.table(t.table()), t.entity) for t in regions]
        + [_with_region(pa.table(country_totals.table()), country_id)]
    )
    totals = spark.createDataFrame(totals_table)

    nok = nok_country = nok_organisations = nok_indicators = nok_figures = None
    if nok_period is not None:
        nok = sorted(
            (etalon.NokScores.from_json(bytes(r.payload).decode()) for r in small
             if r.kind == "nok"),
            key=lambda s: s.region.id,
        )
        nok_country = methodology.nok_roll_up(nok, country_id, country_name)
        sample = nok[0]
        nok_organisations = _frame(
            spark, results, "nok_organisations", pa.table(sample.organisations_table())
        )
        nok_indicators = _frame(
            spark, results, "nok_indicators", pa.table(sample.indicators_table())
        )
        nok_figures = _frame(
            spark,
            results,
            "nok_figures",
            pa.table(sample.figures_table()),
            _with_region(pa.table(nok_country.figures_table()), country_id),
        )
    return SparkEvaluation(
        period=period,
        values=values,
        deviations=deviations,
        totals=totals,
        country=country_eval,
        country_totals=country_totals,
        regions=regions,
        groups=groups,
        nok_organisations=nok_organisations,
        nok_indicators=nok_indicators,
        nok_figures=nok_figures,
        nok=nok,
        nok_country=nok_country,
        stats=stats,
        _results=results,
    )


# --- Generated regions as a lake partitioned by region ------------------------


def _unify(tables: Sequence[pa.Table]) -> list[pa.Table]:
    """One schema for the same table of several regions: a column empty in
    one region takes its type from another; instants become dates."""
    types: dict[str, pa.DataType] = {}
    order: list[str] = []
    for t in tables:
        for f in t.schema:
            ty = pa.date32() if pa.types.is_timestamp(f.type) else f.type
            if f.name not in types:
                order.append(f.name)
                types[f.name] = ty
            elif pa.types.is_null(types[f.name]):
                types[f.name] = ty
            elif not pa.types.is_null(ty) and ty != types[f.name]:
                types[f.name] = pa.string()
    schema = pa.schema(
        [(n, pa.string() if pa.types.is_null(types[n]) else types[n]) for n in order]
    )
    out = []
    for t in tables:
        columns = []
        for f in schema:
            if f.name in t.column_names:
                col = t.column(f.name)
                if pa.types.is_timestamp(col.type):
                    col = col.cast(pa.date32())
                columns.append(col.cast(f.type))
            else:
                columns.append(pa.nulls(t.num_rows, f.type))
        out.append(pa.Table.from_arrays(columns, schema=schema))
    return out


def write_demo_lake(
    root: Union[str, "os.PathLike[str]"],
    regions: Sequence[Tuple[str, str, int]],
    *,
    scale: str = "sample",
    volume: float = 1.0,
) -> dict[str, int]:
    """Writes generated regions as a data lake partitioned by region,
    ``root/<table>/region_id=<id>/part-0.parquet``, for ``units``, every
    record table and ``nok_facts``. ``regions`` are (id, name, seed).
    Returns the records written per region."""
    import tempfile

    import pyarrow.csv as pacsv  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    root = os.fspath(root)
    by_table: dict[str, list[Tuple[str, pa.Table]]] = {}
    records: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for region, name, seed in regions:
            folder = os.path.join(tmp, region)
            records[region] = etalon.write_demo(
                folder, scale=scale, seed=seed, volume=volume, region=region, region_name=name
            )
            for table in (_UNITS, *RECORD_TABLES, _FACTS):
                path = os.path.join(folder, f"{table}.csv")
                if os.path.exists(path):
                    # The region's id lives in the partition's path.
                    t = pacsv.read_csv(path)
                    if "region_id" in t.column_names:
                        t = t.drop_columns(["region_id"])
                    by_table.setdefault(table, []).append((region, t))
        for table, items in by_table.items():
            for (region, _), t in zip(items, _unify([t for _, t in items])):
                folder = os.path.join(root, table, f"region_id={region}")
                os.makedirs(folder, exist_ok=True)
                pq.write_table(t, os.path.join(folder, "part-0.parquet"))
    return records


class _Units(TypedDict):
    units: "DataFrame"


class LakeTables(_Units, total=False):
    """The tables ``read_lake`` finds, keyword arguments for ``evaluate``."""

    cases: "DataFrame"
    deliveries: "DataFrame"
    surveys: "DataFrame"
    complaints: "DataFrame"
    audits: "DataFrame"
    occupancy: "DataFrame"
    incidents: "DataFrame"
    diagnostics: "DataFrame"
    assignments: "DataFrame"
    staff: "DataFrame"
    nok_facts: "DataFrame"


def read_lake(spark: "SparkSession", root: Union[str, "os.PathLike[str]"]) -> LakeTables:
    """The tables of a lake partitioned by region (as ``write_demo_lake``
    writes it) as DataFrames, keyword arguments for ``evaluate``: ``units``,
    the record tables present and ``nok_facts``."""
    root = os.fspath(root)
    found = {}
    for table in (_UNITS, *RECORD_TABLES, _FACTS):
        path = os.path.join(root, table)
        if os.path.isdir(path):
            found[table] = spark.read.option("basePath", path).parquet(path)
    if _UNITS not in found:
        raise FileNotFoundError(f"{root}: no units/ folder in the lake")
    return LakeTables(**found)  # type: ignore[typeddict-item]


def lake_tables(root: Union[str, "os.PathLike[str]"], region: str) -> dict[str, pa.Table]:
    """One region's tables of a lake written by ``write_demo_lake``, read
    with pyarrow (no Spark): the same data for the plain binding. ``units``
    gets its ``region_id`` column back."""
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    root = os.fspath(root)
    out = {}
    for table in (_UNITS, *RECORD_TABLES, _FACTS):
        path = os.path.join(root, table, f"region_id={region}", "part-0.parquet")
        if os.path.exists(path):
            t = pq.read_table(path)
            if table == _UNITS:
                t = t.add_column(0, "region_id", pa.array([region] * t.num_rows, pa.string()))
            out[table] = t
    return out

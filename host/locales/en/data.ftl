# Faults of input data (tables, the organisation tree), each the English
# text of etalon_core::DataError (`data-<id>`), and the words of their
# place. Messages never repeat a value from a record: they name the
# table, the row and the column (ids of the organisation tree, which are
# not personal, are named).

data-place-line = { $file }, line { $line }
data-place-row = row { $row }
data-place-field = field `{ $field }`
data-problems = { $count } problems in the data{ $stopped ->
    [yes] { " " }(loading stopped at this limit; there may be more)
   *[no] {""}
}:

## A cell

data-expected-id = expected an id as text
data-expected-code = expected a code as text
data-not-a-date = expected a date such as 2026-07-01 or 01.07.2026
data-expected-date = expected a date
data-expected-number = expected a whole number
data-negative-count = a count cannot be negative
data-number-range = expected a whole number in range
data-expected-flag = expected true or false
data-unit-not-in-tree = the unit is not in the organisation tree
data-expected-unit = expected a unit id
data-expected-recipient = expected a recipient id
data-not-one-of = the value is not one of { $values }
data-value-missing = a required value is missing
data-single-value = expected a single value, not a { $kind }

## A record against another column or record

data-date-before = the date is before { $earlier }
data-more-than = the value is more than { $whole }
data-duplicate = duplicate { $columns }: an earlier record has the same

## A table's header

data-unknown-column = unknown column; { $table } has: { $known }; a host that carries other columns declares them as extra columns
data-unknown-column-hint = unknown column (did you mean `{ $suggestion }`?); { $table } has: { $known }; a host that carries other columns declares them as extra columns
data-column-twice = the column is given twice
data-column-missing = a required column is missing; the columns given are: { $given }
data-cells-count = row { $row } has { $cells } cells but the header has { $columns } columns
# `said`: the id of the data message this one extends, rendered with the same values.
data-separator = { $said }; the header was read as one column holding `{ $other }`: the file seems separated by `{ $other }`, not by `{ $declared }` as declared

## A table taken whole to be finished apart (a host's own order of calls)

data-table-taken = the table was taken whole to be finished: no record can be added to it
data-table-not-taken = the table given back was not taken from this builder
data-table-not-given-back = the table was taken whole and not given back before the dataset was finished

## Data against the rule package

data-not-a-process = not a process of the rule package, which has: { $known }
data-not-an-answer = not an answer of this question, which takes { $answers }
data-column-read = the rule package reads this column, but the table does not have it; the columns given are: { $given }
data-item-missing = an item of the package's questionnaire, but the table does not have it; the columns given are: { $given }
data-not-an-item = not a column of surveys nor an item of the package's questionnaire; a host that carries other columns declares them as extra columns
data-not-an-item-hint = not a column of surveys nor an item of the package's questionnaire (did you mean `{ $suggestion }`?); a host that carries other columns declares them as extra columns
data-no-processes = no unit runs a process of the rule package: the tree needs the `processes` column (each unit's process ids, separated by `;`)
data-unit-process = unit { $unit } runs `{ $process }`, not a process of the rule package, which has: { $known }
data-unit-process-hint = unit { $unit } runs `{ $process }`, not a process of the rule package (did you mean `{ $suggestion }`?), which has: { $known }
data-date-outside = the date is outside the dates the package accepts, { $from } to { $to } ({ $days } days after the end of { $period }){ $others ->
    [0] {""}
   *[other] { " " }(and so are { $others } other records of this column)
}

## The organisation tree

data-group-twice = group `{ $id }` is listed twice
data-org-group-unknown = organisation `{ $id }` names group `{ $group }`, which is not in the tree
data-org-twice = organisation `{ $id }` is listed twice
data-unit-org-unknown = unit `{ $id }` names organisation `{ $org }`, which is not in the tree
data-unit-twice = unit `{ $id }` is listed twice
data-tree-no-units = the organisation tree has no units
data-tree-no-units-short = the tree has no units
data-tree-column-missing = a required column is missing
data-id-empty = an id is empty
data-type-empty = the type is empty
data-two-regions = one data folder holds one region; `{ $region }` differs from `{ $first }`
data-group-two-names = group `{ $id }` has two names
data-org-two-entries = organisation `{ $id }` has two different name, group or type

## Tables given as Arrow (pandas, polars)

data-arrow-nested = a column of Arrow type { $type } holds several values in a cell; give one value per cell
data-arrow-type = a column of Arrow type { $type } cannot be read
# `detail`: why the Arrow library cannot convert the column.
data-arrow-cast = { $detail }
data-arrow-unreadable = the table could not be read: { $detail }
data-arrow-offsets = the column's text offsets are past its text
data-arrow-utf8 = the column's text is not valid UTF-8

## Files of data (the third-party detail, from the file system or a
## reader, is given as it comes)

load-io = { $path }: { $detail }
load-not-a-file = { $path }: not a regular file but { $found }
load-encoding = { $path }: the file is { $found }; etalon reads UTF-8 (with or without a byte-order mark) and Windows-1251
load-missing = { $path }: { $detail }
load-csv = { $path }, line { $line }: { $detail }
load-csv-fields = { $path }, line { $line }: this row has { $found } fields but the header has { $expected }
load-csv-not-utf8 = { $path }, line { $line }: the file is not UTF-8 text
load-csv-too-long = { $path }, line { $line }: this row is longer than 4 GiB
load-json = { $path }: { $detail }
load-parquet = { $path }: not a readable Parquet file: { $detail }
load-too-many = { $path }: more than { $limit } records in all tables: this host accepts at most { $limit }
load-too-many-line = { $path }, line { $line }: more than { $limit } records in all tables: this host accepts at most { $limit }
load-missing-not-a-dir = { $path }: not a directory; give the folder that holds etalon.toml
load-missing-manifest = { $path }: a rule package needs an etalon.toml manifest
load-missing-too-large = { $path }: the file has { $size } bytes; rule files are limited to { $max }
load-missing-not-utf8 = { $path }: the file is not UTF-8 text
load-missing-several-files = { $path }: { $count ->
        [2] both { $first } and { $last } are present; keep one
       *[other] { $first } and { $last } are present; keep one
    }
load-missing-units = { $path }: a data folder needs units.csv (the organisation tree: region, group, organisation, unit)

## A period

period-bad = `{ $text }` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07

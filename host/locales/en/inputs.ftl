# Errors of the inputs of scoring: KPI values and the period scored,
# executions of a plan, small tables of text (CSV or JSON) read for
# scoring, НОК policies, periods and roll-ups. The English is the errors'
# own text: a test keeps the two equal.

## KPI

kpi-no-scheme = the rule package has no KPI scheme (add `kpi = "..."` to [contents])
kpi-input = KPI input: { $words }
kpi-quarterly = the scheme has quarterly items, so the evaluation must be of a quarter, not { $period }
kpi-negative = `{ $id }`, value `{ $source }` = { $value }: values are never negative
kpi-other-period = period { $asked } is not the period of the evaluation given ({ $evaluated })
kpi-no-period = give the period scored, or an evaluation of it

## Executions of a plan (`words`: what is wrong)

plan-executions = executions: { $words }
plan-executions-line = executions, line { $line }: { $words }
plan-unknown-column = unknown column `{ $name }`; the columns are measure, org_id, done_on, period, note
plan-no-cell = no `{ $column }`
plan-measure-number = `measure` is the measure's number
plan-not-a-date = `{ $text }` is not a date such as 2018-03-31
plan-no-measure = the plan has no measure { $number }
plan-unknown-org = organisation `{ $org }` is not among the plan's organisations

## A table of text read for scoring (`words`: what is wrong)

scoring-file = { $path }: { $words }
scoring-file-at = { $path }, { $words }
table-line = line { $line }: { $words }
table-fields = this row has { $fields } fields but the header has { $header }
# `detail`: the CSV or JSON reader's own words.
table-csv = { $detail }
table-json = { $detail }
table-not-an-array = expected an array of objects, one per row
table-not-an-object = record { $record } is not an object
table-nested = `{ $key }` holds a list or an object

## НОК: the scheme, points, policies, the period, roll-ups

nok-no-scheme = the rule package has no НОК scheme (add `nok = "..."` to [contents])
nok-out-of-range = indicator { $indicator } gives { $value } points for organisation `{ $org }`; points are 0..100 (does the indicator need a `cap`?)
nok-policy = policy: { $words }
nok-policy-value = { $policy ->
    [zero_base] `{ $value }` is not a zero-base policy; use reweight, zero or undefined
    [skipped_answers] `{ $value }` is not a skipped-answers policy; use ignore or count
    [min_respondents] min_respondents must be a whole number, not `{ $value }`
    [decimals] decimals must be 0..28, not `{ $value }`
    [rounding] `{ $value }` is not a rounding mode; use half_away_from_zero, half_even, toward_zero or away_from_zero
   *[no_questionnaires] `{ $value }` is not a no-questionnaires policy; use not_assessed or facts_only
}
nok-policy-option = `{ $value }` is not an option of `{ $choice }`; its options are { $options }
nok-policy-unknown = unknown policy `{ $policy }`; the policies are { $known }
nok-period-no-rows = the НОК input has no rows
nok-period-choose = the НОК input holds the periods { $periods }; choose one
nok-period-none-for = the НОК input has no rows for { $period }; it holds { $held }
nok-rollup-nothing = country { $country }: there are no НОК scores to roll up
nok-rollup-other-scheme = region { $region }: the НОК was scored with { $theirs }, not { $ours }
nok-rollup-other-period = region { $region }: the НОК is of { $theirs }, that of region { $other } of { $period }
nok-rollup-other-policies = region { $region }: the НОК was scored under other policies than region { $other }; pooled figures need the same policies
nok-rollup-twice = region { $region }: the НОК scores are given twice
nok-rollup-other-criteria = region { $region }: organisation { $org } was not scored with this scheme's criteria and indicators

## Arguments a binding refuses itself (the argument is named apart)

arg-null = null where a value is required
arg-null-inside = null where a value is required (a field of a record or an item of a list)
arg-not-negative = must be 0 or more
arg-threads = must be 0 (every core) or more

## A test case file of a package that cannot be run (`etalon rules test`).
# `detail`: the TOML parser's, a table reader's or the scoring's own words;
# `suggestion`: a near name, or `none`.

case-toml = not valid TOML (line { $line }, column { $column }): { $detail }
case-toml-nowhere = not valid TOML: { $detail }
case-unknown-section = unknown section `{ $section }`; a case holds { $sections }
case-no-case = a case needs a [case] section with a name and a kind
case-unknown-kind = unknown kind `{ $kind }`; the kinds are { $kinds }
case-file-missing = the case reads `{ $file }`, which is not in the package
case-file-bad = { $file }, line { $line }: { $detail }
case-rows-twice = give the rows either in [[row]] or in `input`, not both
case-tolerance = `tolerance` is not a number
case-csv-no-column = line { $line }: no `{ $column }`
case-expects-nothing = the case expects nothing: add [expect.org.<id>] figures (or an error)
case-scoring-failed = { $detail }
case-no-nok = the package has no НОК scheme
case-no-kpi = the package has no KPI scheme
case-per-year = `per_year` is a whole number
case-kpi-feeds-nothing = `{ $column }` feeds no item of the KPI scheme, so the case would not test it{ $suggestion ->
    [none] {""}
   *[other] ; did you mean `{ $suggestion }`?
}
case-row-no-column = row { $row }: no `{ $column }`
case-row-not-a-number = row { $row }: `{ $column }` = `{ $value }` is not a number
case-row-bad-period = row { $row }: `{ $text }` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07
case-indicator-unnamed = an indicator case names its `indicator`
case-indicator-unknown = there is no indicator `{ $indicator }`{ $suggestion ->
    [none] {""}
   *[other] ; did you mean `{ $suggestion }`?
}
case-indicator-no-date = an indicator case gives the `date` its references are chosen for
case-indicator-bad-date = `date` = `{ $date }` is not a date (YYYY-MM-DD)
case-indicator-bad-level = `level` = `{ $level }`: use unit, org, group or region
case-indicator-no-rows = an indicator case needs [[given]] rows (or `input`)
case-given-unknown-measure = given row { $row }: `{ $measure }` is not a measure of the package{ $suggestion ->
    [none] {""}
   *[other] ; did you mean `{ $suggestion }`?
}
case-given-not-whole = given row { $row }: `{ $measure }` = `{ $value }` is not a whole number
case-given-value-not-a-number = given row { $row }: the expected `value` = `{ $value }` is not a number (write a point: 0.5)
case-given-failed = given row { $row }: { $detail }
case-given-nothing = given row { $row }: say the `value` or the `judgement` expected
case-evaluation-no-period = an evaluation case gives the `period` evaluated
case-evaluation-no-data = an evaluation case names its `data` folder (beside the case, with units.csv and the tables)
case-evaluation-tables = { $detail }
case-evaluation-compare = { $detail }
case-evaluation-expects-nothing = the case expects nothing: add [[deviation]] rows or [expect] deviations = N
case-deviation-not-a-list = `deviation` is a list of tables: write [[deviation]]
case-deviation-unknown-key = deviation { $n }: unknown key `{ $key }`; a deviation holds { $keys }
case-deviation-no-key = deviation { $n }: say its `{ $key }`
case-deviation-bad-severity = deviation { $n }: `severity` = `{ $severity }`: use warning or critical
case-deviations-not-whole = `deviations` = `{ $value }` is not a whole number

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

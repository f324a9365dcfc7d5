# Faults of scoring input: the НОК input (etalon_core::scoring::NokInputError,
# `nok-<id>`) and the words of its place.

nok-input = НОК input
nok-place-line = line { $line }
nok-place-org = organisation `{ $org }`
nok-place-column = column `{ $column }`
nok-place-column-value = column `{ $column }` = { $value }

nok-column-twice = the column is given twice
nok-counted-column = this column is counted from the questionnaires; leave it out of the facts, or score from counts
nok-counted-fact = this column is counted from the questionnaires; leave it out of the facts
nok-unknown-column = unknown column (the columns are listed by `[[input]]` in the package's НОК file)
nok-unknown-column-hint = unknown column; did you mean `{ $suggestion }`? (the columns are listed by `[[input]]` in the package's НОК file)
nok-unknown-input = unknown column
nok-column-missing = a required column is missing
nok-no-org = no organisation id
nok-no-period = no period
# `detail`: what is wrong with the period, from the period reader.
nok-bad-period = { $detail }
nok-empty-key = empty: the file gives `{ $key }`, so every row fills it
nok-not-a-number = not a number
nok-two-rows = the organisation has two rows for { $period }; the first is on line { $first }
nok-two-rows-period = the organisation has two rows for { $period }
nok-no-value = no value
nok-negative = cannot be negative
nok-not-whole = must be a whole number
nok-above-max = more than the largest allowed, { $max }
nok-above-whole = more than { $whole } ({ $given })
nok-org-not-in-tree = the organisation is not in the organisation tree

## A limit the host was given

limits-not-positive = { $option }: { $value } is not a limit: give 1 or more
limits-not-seconds = { $option }: { $value } is not a number of seconds

## A table of shares (KPI: `org_id,share`, percent 0..100)

shares-columns = { $path }, line { $line }: the columns are org_id and share
shares-no-org = { $path }, line { $line }: no org_id
shares-no-share = { $path }, line { $line }: organisation `{ $org }`: no share
shares-not-a-number = { $path }, line { $line }: organisation `{ $org }`: `{ $text }` is not a number
shares-range = { $path }, line { $line }: organisation `{ $org }`: a share is 0..100, not { $share }
shares-twice = { $path }, line { $line }: organisation `{ $org }` is given twice; the first is on line { $first }
shares-range-table = { $table }: organisation `{ $org }`: a share is 0..100, not { $share }

## Notes of НОК policies: where a policy changed a figure of an
## organisation (etalon_core::scoring::PolicyNote). `bases`: how many zero
## bases explain a missing value, `zeros`: them (`a = 0, b = 0`).

nok-note-no-value = { $bases ->
    [0] no value
   *[other] no value ({ $zeros })
}
# `figure`: the indicator without a value.
nok-note-figure-no-value = { $bases ->
    [0] { $figure } has no value
   *[other] { $figure } has no value ({ $zeros })
}
nok-note-not-scored = { $indicator } is not scored under `{ $option }`
nok-note-cap = { $points } points capped at { $cap }
nok-note-part-zeroed = { nok-note-no-value }: scored 0
nok-note-part-left-out-alone = { nok-note-no-value }: left out, and no other part has a value
nok-note-part-left-out = { nok-note-no-value }: left out, { $indicator } is computed from { $others }
nok-note-part-undefined = { nok-note-no-value }: { $indicator } has no value
nok-note-criterion-left-out-alone = { nok-note-figure-no-value }: left out of { $criterion }, which then has no value
nok-note-criterion-left-out = { nok-note-figure-no-value }: left out of { $criterion }; its weight is spread over { $kept }
nok-note-criterion-without = { $criterion } is computed without { $indicator }, from { $kept }
nok-note-criterion-undefined = { nok-note-figure-no-value }: { $criterion } has no value
nok-note-total-none = no criterion has a value: the total has none
nok-note-total-left-out = { $criterion } has no value: the total is made of { $kept }
nok-note-total-zeroed = { $criterion } has no value: counted as 0 in the total
nok-note-total-undefined = { $criterion } has no value: the total has none, and the organisation is not ranked
# `setting`: the setting of the `no_questionnaires` policy.
nok-note-no-questionnaires = no questionnaire counted: scored from its facts alone ({ $setting })
nok-note-skipped-ignored = { $count } answer(s) given although the skip rule says the question was not asked: ignored
nok-note-skipped-counted = { $count } answer(s) given although the skip rule says the question was not asked: counted
nok-note-few-respondents = { $count } questionnaire(s), fewer than the { $min } the package asks for

## How a KPI item gave its points (etalon_core::scoring::ItemScore: `rule`
## and `note`). `step`, `steps`: a scale such as `≥ 95 → 10`.

kpi-rule-step = { $step }
kpi-rule-no-step = no step holds → 0
kpi-rule-quarterly = each quarter: { $steps }; { $count } quarter(s) of { $year }
kpi-rule-applies = applies to { $types } only
kpi-rule-mean = mean over { $count } director(s)
kpi-rule-no-value = no value
kpi-note-empty-quarters = no value in { $quarters }: 0 points there
kpi-note-cap = { $points } points capped at { $cap }
kpi-note-cap-year = { $points } points capped at { $cap } a year
kpi-note-missing-zero = no value: 0 points (missing = zero)
kpi-note-missing-na = no value: the item does not count (missing = not_applicable)

## The target of a plan's result indicator (etalon_core::scoring::Target).
## `bounds`: `≥ 75`, `≤ 10` or both; `change`: increase or decrease.

plan-target-bounds = { $bounds }
plan-target-change = { $change ->
    [increase] above the baseline
   *[decrease] below the baseline
}
plan-target-bounds-change = { $bounds }, { plan-target-change }

## What the НОК policies in force are set to and decide
## (etalon_core::scoring::PolicySetting). `mode`: the package's spelling
## of a rounding mode.

nok-setting-rounding = { $decimals } decimals, { $mode }
nok-setting-no-bands = none
nok-about-zero-base = a share over a zero base (no disabled respondents, no site users)
nok-about-rounding = display only; scores are kept at full precision
nok-about-skipped-answers = answers given although the skip rule says the question was not asked
nok-about-min-respondents = fewer questionnaires than this are reported (0: no rule)
nok-about-no-questionnaires = an organisation with facts but no questionnaire counted in the period
nok-about-bands = rating bands of the total (regional practice)
nok-about-bases = the base of each survey share, from the questionnaire's `base` (when counted from raw answers)

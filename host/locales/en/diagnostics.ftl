# The texts of package diagnostics (`rules check`), by message id. The
# core fills the English message itself as well: a test keeps the two equal.

## Shared pieces

severity-error = error
severity-warning = warning
check-summary = { $errors } error(s), { $warnings } warning(s) in { $files } file(s)
# The inputs a probe run used.
probe-inputs = { $probe ->
    [one] `{ $probe_name }` { $probe_value }, the other counts 1
    [arguments] { $probe_value ->
        [undefined] every argument undefined `()`
       *[other] every argument { $probe_value }
    }
   *[every] every count { $probe_value }
}
limit-name = { $limit ->
    [operations] operation budget
    [call_depth] call depth
    [expression_depth] expression depth
    [string_size] string size
    [array_size] array size
    [map_size] map size
   *[variables] number of variables
}

## Scripts and their probe runs

diag-shadows-built-in = the package function `{ $name }({ $params })` has the name of the built-in `{ $name }` and would replace it; rename the package function
diag-script-limit = with { probe-inputs }, the script exceeded its { limit-name } and was stopped
diag-script-runtime = with { probe-inputs }, the script fails: { $detail }
# `said`: the engine's own words on what failed.
diag-script-runtime-said = with { probe-inputs }, the script fails: { $said }
diag-deadline = the check ran past this host's deadline while running the scripts
diag-not-a-number = with { probe-inputs }, the formula gives { $type } `{ $value }`; a formula must give a number (or `()` for an undefined value)
diag-share-out-of-range = with { probe-inputs }, this share (unit percent) is { $value }, outside 0..100; is the scale or the base right?

## The package as a whole

diag-limit-capped = the package asks `{ $key } = { $asked }`, above this host's ceiling of { $allowed }; { $allowed } is used
diag-checks-skipped = the other checks of the package ({ $findings } finding(s)) and the script probes were skipped: they depend on { $files }, which { $count ->
        [one] does
       *[other] do
    } not parse; fix it and check again
diag-probes-skipped = the formulas and package functions were not run on probe inputs: { $files } { $count ->
        [one] does
       *[other] do
    } not parse; fix it and check again

## The responsibility matrix

diag-role-level = role `{ $role }` works at { $role_level } level and cannot answer deviations of the { $level } level that this row covers; narrow `level` or name a role at { $level } level or above
diag-matrix-ambiguous = this row and the row at line { $line } are equally specific and both cover { $example }; make one of them more specific or merge them
diag-matrix-gap-level = no row of the responsibility matrix covers { $severity } deviations at { $level } level (any process); add a row with severity = "{ $severity }" and level = "{ $level }"
diag-matrix-gap = no row of the responsibility matrix covers { $scope ->
        [process] process `{ $process }`
        [cross-cutting] the cross-cutting indicators
        [indicators] indicator(s) { $indicators } of process `{ $process }`
       *[cross-cutting-indicators] cross-cutting indicator(s) { $indicators }
    } at severity { $severity }, level { $level }
diag-verify-ambiguous = this rule and the one at line { $line } both say how `{ $indicator }` is verified; keep one

## References and their sources

diag-missing-source = every reference names its `source` (the act and clause) or says it is a regional `proposal` and why
diag-source-or-proposal = give either `source` (the act and clause) or `proposal` (why the region proposes it), not both
diag-unknown-source = the source key `{ $key }` is not in the package's source list; add it to the source list or correct the key
diag-unknown-source-no-list = the source key `{ $key }` is not in the package's source list; the package has no source list: name one in [contents] as `sources = "sources.toml"`

## Files, sections, parameters

diag-missing-file = the manifest lists `{ $file }`, but the package has no such file
diag-unlisted-file = this file is not listed in the manifest's [contents], so it is ignored
diag-unknown-section = unknown section `{ $name }`; this file may hold: { $allowed }
diag-bad-param-number = parameter `{ $name }` is not a usable number
diag-bad-param-date = parameter `{ $name }` is not a calendar date
diag-bad-param-plain-date = parameter `{ $name }` must be a plain date
diag-duplicate-region = region `{ $code }` is declared twice
diag-duplicate-calendar = the calendar of { $year } is declared twice

## Processes, measures, indicators, trends

diag-duplicate-process = process `{ $id }` is defined in two files
diag-duplicate-measure = measure `{ $id }` is defined twice
diag-duplicate-indicator = indicator `{ $id }` is defined twice
diag-duplicate-trend = trend rule `{ $id }` is defined twice
diag-duplicate-question = question `{ $id }` is defined twice
diag-survey-fixed-column = `{ $id }` is already a fixed column of the survey table
diag-unknown-base = the base `{ $base }` is not a measure of this package
diag-base-not-in-formula = the base `{ $base }` is not used by the formula
diag-unknown-indicator = there is no indicator `{ $id }`
diag-unknown-indicator-suggest = there is no indicator `{ $id }`; did you mean `{ $suggestion }`?
diag-overlapping-references = this reference for scope { $scope } is in force on dates when the one at { $file }:{ $line } is too; end one before the other starts (`to = ...`)

## Filters and sums of measures

# An operand's type in a filter.
diag-filter-compare-types = cannot compare { $left ->
        [number] a number
        [date] a date
        [code] a code
        [flag] a flag
       *[id] an id
    } with { $right ->
        [number] a number
        [date] a date
        [code] a code
        [flag] a flag
       *[id] an id
    }
diag-filter-expected-number = expected a number, found { $found ->
        [number] a number
        [date] a date
        [code] a code
        [flag] a flag
       *[id] an id
    }
diag-filter-expected-date = expected a date, found { $found ->
        [number] a number
        [date] a date
        [code] a code
        [flag] a flag
       *[id] an id
    }
diag-filter-unknown-name = `{ $name }` is neither a field of this table nor a parameter
diag-filter-unknown-name-suggest = `{ $name }` is neither a field of this table nor a parameter; did you mean `{ $suggestion }`?
diag-filter-never-a-value = `{ $code }` is never a value of `{ $field }`; its values are { $values }
diag-filter-not-an-answer = `{ $code }` is not an answer of question `{ $question }`; it takes { $answers }
diag-filter-decimal-parameter = parameter `{ $name }` is not a whole number, so filters cannot use it
diag-filter-is-set-field = `is set` applies to a field
diag-filter-list-codes = this list must hold quoted codes
diag-filter-list-numbers = this list must hold whole numbers
diag-filter-in-field = `in [...]` applies to a code or number field
diag-filter-code-order = codes can only be compared with `==` or `!=`
diag-filter-code-operands = compare a code field with a quoted code, such as decision == "granted"
diag-filter-flag-order = flags can only be compared with `==` or `!=`
diag-filter-flag-operands = compare a flag field with true or false
diag-filter-id-compare = ids can only be tested with `is set`
diag-filter-date-difference = to count days between two dates write days(a, b) or working_days(a, b)
diag-filter-addition = only numbers, and dates plus or minus days, can be added
diag-filter-single-equals = use `==` to compare and `!=` for "not equal"
diag-filter-unclosed-quote = this text is not closed with a quote
diag-filter-bad-date = `{ $word }` is not a date of the form 2026-01-31
diag-filter-bad-number = `{ $word }` is not a whole number
diag-filter-unexpected-character = unexpected character `{ $character }`
diag-filter-lower-case = write `and` / `or` in lower case
diag-filter-unexpected-text = unexpected text; did you forget `and` or `or`?
diag-filter-expected-set = expected `set` (write `x is set` or `x is not set`)
diag-filter-expected-in = expected `in` after `not` here
diag-filter-expected-list = expected `[` to start the list here
diag-filter-list-item = a list holds quoted codes, numbers or dates
diag-filter-list-separator = expected `,` or `]`
diag-filter-expected-comparison = expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`), `in` or `is set`
diag-filter-expected-call = expected `(` after { $name } here
diag-filter-expected-dates-comma = expected `,` between the two dates here
diag-filter-expected-close = expected `)` here
diag-filter-value-before = expected a value before `{ $name }`
diag-filter-ends-early = the text ends too early
diag-filter-expected-value = expected a field, a number, a quoted code or a date

## The manifest, process cards, questions

diag-missing-manifest = a package needs an `etalon.toml` manifest at its root
diag-missing-package-section = the manifest needs a [package] section with id, name, version, edition and in_force_from
diag-in-force-to-before-from = in_force_to is before in_force_from
diag-bad-id = `{ $id }` is not a valid id: use lower-case latin letters, digits, `_` or `-`, starting with a letter (names in Russian go in `name`)
diag-bad-param-type = parameter `{ $name }` is { $type }; use a number, a text or a date
diag-process-card-counts = the process card's `{ $key }` has { $ru } items and `{ $key }_en` { $en }: give each item in both languages
diag-process-card-list = the process card needs `{ $key }` and `{ $key }_en` (inputs, outputs, consumers and acts, in Russian and English)
diag-process-card-texts = the process card needs `description`, `description_en`, `owner` and `owner_en`
diag-bad-question-id = `{ $id }` cannot name a survey column: use lower-case latin letters, digits and `_`
diag-question-no-answers = question `{ $id }` lists no answers
diag-question-not-an-answer = `{ $answer }` in `{ $key }` is not an answer of question `{ $id }`; it takes { $answers }
diag-question-satisfied-not-answered = `{ $answer }` counts as satisfied but not as answered; a satisfied answer is an answer
diag-question-filter-base = question `{ $id }` takes its base from its filter (`filter_yes`) but has no `asked_if`

## Measures: tables, columns, periods, aggregates

diag-no-process-column = table `{ $table }` has no process column
diag-not-a-date-column = `{ $column }` is not a date column of `{ $table }`
diag-unknown-column = `{ $table }` has no column `{ $column }`
diag-period-by-or-active = give either `period_by` or `active`, not both
diag-bad-active = `active` takes two date columns: start and end, e.g. ["started_on", "ended_on"]
diag-no-recipient-id = table `{ $table }` has no recipient_id to count
diag-bad-aggregate = aggregate must be `count`, `sum(<number>)` or `distinct(recipient_id)`

## Indicators, references, trends, funnels

diag-negative-min-base = min_base cannot be negative
diag-reference-scopes = a reference has one scope: give at most one of org_type, group, org, unit, country
diag-band-empty = the { $band } band needs a min, a max or both
diag-band-inverted = the { $band } band has min { $min } above max { $max }
diag-band-warning-contains = the warning band must contain the normal band
diag-target-outside-band = the target { $target } lies outside the normal band
diag-band-direction = the indicator's normal band should have { $direction ->
        [higher] a min (higher is better)
        [lower] a max (lower is better)
       *[band] both a min and a max (a band)
    }
diag-to-before-from = `to` is before `from`
diag-trend-at-least-two = `{ $field }` must be 2 or more
diag-trend-needs-field = this kind of trend rule needs `{ $field }`
diag-sigma-positive = `sigma` must be above 0
diag-unused-measure = measure `{ $id }` is not used by any indicator
diag-no-reference = indicator `{ $id }` has no reference value, so it is computed but never judged
diag-bad-funnel = funnel limits need a share (percent) or a rate (per100, per1000) with a `base`, judged higher or lower is better
diag-funnel-limit = funnel `limit` is 95 or 99.8, not { $limit }
diag-funnel-small-base = funnel `small_base` must be at least 1

## The НОК scheme

diag-nok-missing-scheme = the НОК file needs a [scheme] section with id, name and edition
diag-nok-missing-policies = the НОК file needs a [policies] section saying at least what a zero base does (zero_base = "reweight", "zero" or "undefined")
diag-nok-missing-zero-base = [policies] must say what a share over a zero base does: zero_base = "reweight", "zero" or "undefined"
diag-rounding-decimals = rounding decimals must be 0..28
diag-nok-fixed-column = `{ $id }` is a fixed column of every input row
diag-nok-duplicate-input = input column `{ $id }` is defined twice (or is also a parameter)
diag-nok-negative-max = `max` cannot be negative
diag-nok-unknown-part-of = `part_of` names `{ $id }`, which is not an input column
diag-nok-part-of-itself = a column cannot be a part of itself
diag-nok-no-inputs = the НОК file lists no input columns ([[input]])
diag-nok-no-satisfied = question `{ $id }` says no answer counts as satisfied; give it `satisfied = [...]` in the questionnaire
diag-unknown-question = the questionnaire has no question `{ $id }`
diag-unknown-question-suggest = the questionnaire has no question `{ $id }`; did you mean `{ $suggestion }`?
diag-nok-count-missing = a column counted from a question says what it counts: count = "satisfied" or "base"
diag-nok-survey-missing = `count` needs `survey` (the question it is counted from)
diag-nok-duplicate-policy = policy `{ $id }` is defined twice (or is a built-in policy)
diag-nok-choice-no-options = choice `{ $id }` lists no options
diag-nok-unknown-option = `{ $option }` is not an option of `{ $id }`; its options are { $options }
diag-nok-duplicate-indicator = indicator `{ $id }` ({ $number }) is defined twice
diag-nok-one-formula = an indicator has exactly one of `formula`, `parts` or `formulas` (with `choice`)
diag-nok-formulas-choice = `formulas` (one per option) goes with `choice` (the policy that picks one)
diag-nok-negative-cap = `cap` cannot be negative
diag-nok-duplicate-part = part `{ $id }` is given twice
diag-nok-weight-positive = a weight is above 0
diag-nok-no-parts = `parts` lists no part
diag-nok-part-weights = the weights of the parts of { $number } add up to { $sum }, not 1
diag-nok-unknown-choice = there is no [[choice]] `{ $id }`
diag-nok-duplicate-criterion = criterion `{ $id }` (number { $number }) is defined twice
diag-nok-criterion-weight-positive = the weight of `{ $name }` must be above 0
diag-nok-weighted-twice = indicator `{ $name }` is already weighted in criterion `{ $other }`
diag-nok-criterion-unknown-indicator = criterion `{ $id }` weighs `{ $name }`, which is not an indicator of the НОК file
diag-nok-criterion-weights = the weights of criterion `{ $id }` add up to { $sum }, not 1
diag-nok-unused-indicator = indicator { $number } is in no criterion's `weights`
diag-nok-no-criteria = the НОК file lists no criteria ([[criterion]])
diag-nok-bad-total = `total = "{ $name }"`: write "mean" or a table of criterion weights
diag-nok-unknown-criterion = `{ $name }` is not a criterion
diag-nok-total-weights = the weights of the total add up to { $sum }, not 1
diag-nok-total-missing = the total gives no weight to { $criteria }

## KPI of managers

diag-kpi-missing-scheme = the KPI file needs a [scheme] section with id and name
diag-kpi-duplicate-item = item `{ $id }` is defined twice
diag-kpi-bad-source = `{ $value }` is not a value source; write indicator:<id>, nok:total, nok:<criterion or indicator>, journal:closed_on_time or plans:on_time
diag-kpi-no-nok = the package has no НОК scheme ([contents] nok) for a `nok:` value
diag-kpi-unknown-nok = `{ $name }` is neither `total`, a criterion nor an indicator of the НОК scheme
diag-kpi-no-steps = `steps` lists no step
diag-kpi-step-empty = a step needs a min, a max or both
diag-kpi-pass-empty = `pass` needs a min, a max or both
diag-kpi-steps-or-pass = an item gives points either by `steps = [{ "{" } min = .., points = .. { "}" }, ...]` or by `pass = { "{" } min = .. { "}" }` with `points = ..`
diag-kpi-negative-points = points cannot be negative
diag-kpi-step-inverted = a step has min { $min } above max { $max }
diag-kpi-no-items = the KPI file lists no items ([[item]])

## Plans of measures

diag-plan-unknown-indicator = measure { $number }: the methodology has no result indicator `{ $indicator }`
diag-plan-missing-section = a plan needs a [plan] section with id, name, from and to
diag-plan-duplicate-measure = measure { $number } is listed twice
diag-plan-unknown-group = there is no [[group]] `{ $id }`
diag-plan-approved-on = a term counted after the order's approval needs `approved_on` in [plan]
diag-plan-bad-term = `{ $term }` is not a term; write "permanent", "quarterly", "yearly", "individual", { "{" } by = 2018-12-31 { "}" } or { "{" } days_after_approval = 30 { "}" }
diag-plan-result-indicator = a result indicator is `indicator:<id>` or `nok:<figure>`
diag-plan-target-indicator = a `target` needs an `indicator` to check it on
diag-plan-target-empty = a target needs min, max or change
diag-plan-finding = a measure says which finding it answers (`finding`, or the plan's `basis`)
diag-plan-responsible = a measure names who answers for it (`responsible`, or the plan's)
diag-plan-no-measures = the plan lists no measures

## Calendars, TOML, test cases

diag-calendar-needs-year = `{ $key }` belongs to a year: the file needs `year = ...`
diag-calendar-move-from-weekday = a decree moves a day off from a Saturday or Sunday; { $date } is a { $weekday }
diag-calendar-move-to-day-off = { $date } is already a day off: a decree moves a day off to a working day
diag-calendar-moves-need-decree = moves need the [decree] that makes them (number, date, title, title_en)
diag-calendar-not-in-year = { $what } { $date } is not in { $year }, the year of this file
diag-toml-syntax = this file is not valid TOML: { $detail }
# `detail`: the TOML reader's own words on a value of the wrong shape.
diag-toml-shape = { $detail }
diag-toml-not-a-list = `{ $key }` must be a list (`[[{ $key }]]` tables, or `[...]`), found { $type }
diag-empty-tests = the manifest names the test folder `{ $dir }`, but the package has no file in it
diag-case-unknown-kind = unknown kind `{ $kind }` of a test case; the kinds are { $kinds }
diag-case-needs-period = an evaluation case gives the `period` evaluated (`period = "2026-Q3"`)
diag-case-bad-period = `{ $text }` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07
diag-case-bad-entity = `entity` = `{ $entity }`: write level:id (unit:U1, org:O1, group:G1, region:R)
diag-case-needs-data = an evaluation case names its `data` folder (beside the case, with units.csv and the tables)
diag-case-missing-units = the case reads the folder `{ $data }`, but `{ $units }` is not in the package
diag-case-expects-nothing = the case expects nothing: add [[deviation]] rows or [expect] deviations = N

## The responsibility matrix: selectors, roles, escalation, verification

diag-unknown-process = there is no process `{ $id }` in this package
diag-unknown-process-suggest = there is no process `{ $id }` in this package; did you mean `{ $suggestion }`?
diag-unknown-role = there is no role `{ $id }` in this file
diag-unknown-role-suggest = there is no role `{ $id }` in this file; did you mean `{ $suggestion }`?
diag-selector-star-in-list = `{ $key }`: write "*" alone for any, not inside a list
diag-selector-not-texts = `{ $key }` lists texts, found { $type }
diag-selector-empty = `{ $key }` is an empty list; write "*" for any
diag-selector-shape = `{ $key }` is a text, a list of texts or "*", found { $type }
diag-selector-value = `{ $key }`: `{ $value }` is not one of { $expected }
diag-matrix-no-rows = the responsibility matrix has no [[row]]: add rows naming who answers deviations
diag-duplicate-role = role `{ $id }` is defined twice
diag-role-country = roles work at a level of a region's tree (unit, org, group, region); the country's deviations are reported, not routed
diag-matrix-level-country = `level`: the matrix routes the deviations of a region's tree (unit, org, group, region); the country's are reported, not routed
diag-matrix-term-days = `term_days` is a number of calendar days from 1 to 3650
diag-matrix-recurrence = `recurrence` is a number of periods, 2 or more (use `at_once` to escalate at detection)
diag-escalate-unknown-role = `escalate.to` names role `{ $id }`, which is not in this file
diag-escalate-no-target = `escalate` says when but not to whom: add `to = ["role", ...]`
diag-never-escalates = `escalate.to` is set but no trigger is: set `overdue`, `recurrence` or `at_once`
diag-matches-nothing = this row matches no indicator of the package at any level it is computed at
diag-escalation-twice = the escalation ladder names role `{ $id }` twice (the row's role counts)
diag-escalation-down = the escalation ladder goes down: `{ $id }` works at { $role_level } level, below the { $level } level of the step before
diag-verify-periods = `periods` is the number of evaluated periods back inside the band, from 1 to 24
diag-verify-gap = no [[verify]] rule of the responsibility file says how a correction of { $indicators }{ $more ->
        [0] { "" }
       *[other] { " " }and { $more } more
    } is verified; add one (`indicator = "*"` covers every indicator)

## Sources, tables, references at the country level, the package's size

diag-bad-source-key = `{ $key }` is not a source key: Latin capitals and a number, such as L1 or R17
diag-bad-source-link = the link of source `{ $key }` must be a web address starting with https:// or http://, not `{ $link }`
diag-duplicate-source = source `{ $key }` is listed twice
diag-unknown-table = unknown table `{ $name }`; the tables are { $tables }
diag-country-levels = a reference with `country = true` judges the country only; leave `levels` out
diag-levels-country = the country is judged only by references written `country = true`; leave `country` out of `levels`
diag-package-too-large = the package has { $bytes } bytes of text; this host accepts at most { $max }

## Formulas and scripts

diag-formula-unknown-name = `{ $name }` is not a measure or parameter of this package
diag-formula-unknown-name-suggest = `{ $name }` is not a measure or parameter of this package; did you mean `{ $suggestion }`?
diag-script-functions-only = a script file may only define functions (`fn name(...) { "{" } ... { "}" }`); move other statements into a function
diag-script-no-import = scripts cannot import modules; put shared functions in a script listed in the manifest
diag-script-too-deep = the expression is nested too deeply
diag-script-ends-early = the text ends too early: a closing bracket or an argument is missing
# `detail`: the script engine's own words.
diag-script-syntax = { $detail }

# The words of the `etalon` command itself.

cli-error = etalon: error
package-has-errors = the rule package has errors:
diagnostics-summary = { $errors } error(s), { $warnings } warning(s)
cli-warning = etalon: warning

## Refusals of what was given on the command line

cli-cannot-read = { $path }: { $reason }
cli-cannot-write = { $path }: { $reason }
cli-json-failed = cannot write JSON: { $reason }
cli-generated-invalid = generated data is invalid: { $reason }
cli-policy-form = --policy `{ $policy }`: write ID=SETTING, e.g. zero_base=zero
cli-nok-needs-period = scoring a data folder needs --period (the assessment year, e.g. 2026)
cli-nok-no-facts = { $path }: no { $table }.csv: the НОК needs, besides the questionnaires, a row of facts per organisation assessed (give it with --facts)
cli-no-year = no year for { $period }
cli-not-an-evaluation = { $path }: not an evaluation written by `etalon evaluate --format json`: { $reason }
cli-evaluation-or-period = give --evaluation <FILE> or --period <PERIOD>
cli-record-needs-role = `record { $kind }` needs --role
cli-journal-no-such = { $path }: no such journal
cli-journal-head-form = --head takes at least 8 hex digits of the last hash

## `etalon journal`: warnings and confirmations

cli-journal-torn-cut = { $path } ended with an incomplete line ({ $bytes } bytes at byte { $offset }, a write cut short); it was cut off and every complete event kept
cli-journal-newline-restored = { $path }: its last line lacked only its final newline; the line is whole and its hash good, so it was kept and the newline restored
cli-journal-torn-left-out = { $path } ends with an incomplete line ({ $bytes } bytes, a write cut short); it is left out
cli-journal-torn-merge = { $path } ends with an incomplete line ({ $bytes } bytes); it is left out
cli-journal-applied = { $path }: { $period } applied on { $date }: { $count } event(s) written{ $kinds }
cli-journal-totals = { $count } deviation(s) in the journal, { $open } open, { $overdue } overdue
cli-journal-recorded = { $path }: `{ $kind }` recorded for { $deviation } ({ $event })
cli-journal-already-recorded = { $path }: the journal already holds this { $kind } ({ $event }); nothing written
cli-journal-merged = { $path }: { $journals } journal(s) merged: { $added } event(s) added, { $there } already there
cli-journal-merge-conflict = conflict: { $event } ({ $deviation }): { $why }

## `etalon journal show`

cli-journal-show-heading = Journal { $path }: { $count } deviation(s); { $shown } shown { $which ->
    [overdue] overdue
   *[open] open
} ({ $overdue } overdue) on { $date }; last period { $last ->
    [none] none
   *[other] { $last }
}
cli-journal-open-heading = Open deviations, overdue first
cli-column-due = due
cli-column-overdue = overdue
cli-column-severity = severity
cli-column-stage = stage
cli-column-owner = owner
cli-column-deviation = deviation
cli-days = { $count } d
cli-severity = { $severity }
cli-stage = { $stage }
cli-unassigned = unassigned
cli-journal-times = { " " }({ $what ->
    [escalated] escalated
   *[reopened] reopened
} { $count }×)
cli-journal-by-owner-heading = By level and owner
cli-journal-level = { $level }
cli-journal-owner-counts = { $owner } { $open } open, { $overdue } overdue
cli-journal-on-time-heading = Closed on time (of the deviations closed or past their term)
cli-journal-by-organisation = by organisation
cli-journal-by-manager = by manager
cli-journal-on-time = { $who } { $on_time } of { $counted } { $share }
cli-journal-conflicts-heading = Conflicts ({ $count }), kept in the journal but not followed
cli-journal-conflict-line = { $event } ({ $deviation }): { $why }

## `etalon journal verify`

cli-journal-verify-problem = { $path }: { $problem }
cli-journal-verify-torn = { $path }: the last line is incomplete ({ $bytes } bytes at byte { $offset }): a write cut short, or the file was cut
cli-journal-verify-unterminated = { $path }: the last line lacks only its final newline (the line is whole, its hash good); the next change restores it
cli-journal-verify-head = { $path }: the chain ends at { $hash }, not at the hash given: lines were removed from the end or rewritten
cli-journal-verify-summary = { $path }: { $lines } line(s), { $intact ->
    [yes] every line intact, the chain unbroken
   *[no] NOT intact
}; last line { $seq } hash { $hash }

## Progress, on a terminal

cli-progress-compiling = compiling the rule package
cli-progress-reading = reading { $path }
cli-progress-evaluating = evaluating
cli-progress-evaluating-records = evaluating { $count } records
cli-progress-evaluating-folder = evaluating { $path }
cli-progress-rolling-up = rolling up the country
cli-progress-generating = generating the demo region
cli-progress-validating = validating the records
cli-progress-writing-data = writing the data
cli-progress-writing-report = writing the report
cli-progress-scoring = scoring

## `etalon evaluate` (and the summary of `etalon demo`)

cli-eval-heading = Region { $region } — period { $period } — { $package } { $version } (edition { $edition })
cli-eval-entities = { $count } { $level ->
    [country] country
    [region] region
    [group] groups
    [org] organisations
   *[unit] units
}
cli-eval-values = { $values } indicator values: { $judged } judged against reference values, { $small } with too small a base to judge
cli-eval-note = Note: { $message }
cli-eval-deviations-table = Deviations
cli-eval-level = { $level ->
    [country] country
    [region] region
    [group] groups
    [org] organisations
   *[unit] units
}
cli-eval-total = total
cli-eval-worst-heading = Indicators with most deviations
cli-eval-critical = critical
cli-eval-deviations-heading = Deviations{ $level ->
    [country] { " " }(country)
    [region] { " " }(region)
    [group] { " " }(groups)
    [org] { " " }(organisations)
    [unit] { " " }(units)
   *[all] {""}
}
cli-eval-level-short = { $level }
cli-eval-more = … and { $count } more (use --format json for every value and its explanation)
cli-eval-none = none

## `etalon score nok` and `etalon score kpi`

cli-column-rank = rank
cli-column-org = org
cli-column-total = total
cli-column-name = name
cli-column-rank-in-group = in grp
cli-column-id = id
cli-column-points = points
cli-column-max = max
cli-column-percent = %
cli-score-more = … and { $count } more (--format json for all)
cli-nok-heading = НОК { $period } — { $scheme } ({ $edition }) — package { $package } { $version }
cli-nok-policies = Policies in force:
cli-nok-assessed = { $count } organisation(s) assessed
cli-nok-orgs = { $count } org.
cli-nok-groups = Groups (mean of their organisations)
cli-nok-sectors = Sectors (organisation types)
cli-nok-region = Region
cli-nok-region-orgs = { $count } org., { $total } with a total
cli-nok-policy-notes = Where a policy changed a figure
cli-nok-not-assessed = Not assessed
cli-kpi-heading = KPI { $period } — { $scheme } — package { $package } — ranked by { $rank ->
    [points] points
   *[percent] percentage of the maximum
}; heads: { $heads ->
    [mean] mean of their directors
   *[group] the group's own figures
}
cli-kpi-directors = Directors of organisations
cli-kpi-heads = Heads of territorial administrations
cli-kpi-explain-heading = { $id } { $name }: { $points } of { $max } points
cli-kpi-of = of
cli-kpi-no-manager = no director or head `{ $id }`

## `etalon rules test`

cli-test-ok = ok
cli-test-failed = FAILED
cli-test-case-passed = { $file } — { $name } ({ $checks } checks)
cli-test-expected = expected
cli-test-got = got
cli-test-check = { $check ->
    [given] given
    [error] error
    [missing] missing
    [severity] severity
    [owner] owner
    [unexpected] unexpected
   *[count] count of all deviations
}
cli-test-no-value = no value
cli-test-no-such-figure = no such figure
cli-test-no-deviation = no deviation
cli-test-no-error = no error
cli-test-exactly = { $shown } (exactly { $exactly })
cli-test-exactly-more = { $shown } (exactly { $exactly }…)
cli-test-summary = { $cases } case(s): { $passed } passed, { $failed } failed
cli-test-none = { $path }: no test cases (name their folder with `tests = "tests"` in [contents] and put case files in it)

## `etalon plan status`

cli-plan-heading = { $plan } — status on { $on }
cli-plan-summary = { $on_time } of { $due } due dates executed on time ({ $share })
cli-plan-org = { $on_time } of { $due } due dates on time ({ $share })  overdue measures: { $overdue }
cli-plan-none = none
cli-plan-overdue = OVERDUE
cli-plan-late = late
cli-plan-due = due { $due }
cli-plan-due-done = due { $due } done { $done }
cli-plan-results = Result indicators
cli-plan-baseline = baseline
cli-plan-target = target
cli-plan-reached = { $reached ->
    [yes] reached
    [no] NOT reached
   *[none] no value
}

## `etalon country`

cli-country-heading = { $name } ({ $id }) — period { $period } — { $package } { $version } (edition { $edition })
cli-country-regions = { $count } region(s)
cli-column-region = region
cli-column-values = values
cli-column-deviations-by-severity = deviations (warning / critical)
cli-country-indicators = Indicators of the country (sums of the regions' measures)
cli-country-base = base
cli-country-judgement = { $judgement ->
    [normal] normal
    [warning] warning
    [critical] CRITICAL
    [small_base] base too small to judge
    [no_reference] no country reference
   *[no_value] no value
}
cli-country-deviations = Deviations of the country: { $count }
cli-country-nok = НОК { $period }: the country { $total } over { $count } organisation(s)

## `etalon demo`

cli-demo-heading = etalon demo: { $region } ({ $records } records in { $units } units) generated and validated in { $loaded } s, evaluated in { $evaluated } ms
cli-demo-planted = Planted on purpose, and found:
cli-demo-found = { $held ->
    [yes] found
   *[no] MISSED
}
cli-demo-expected-band = { $severity } band deviation, escalated
cli-demo-expected-trend = trend `{ $rule }`
cli-demo-expected-not-judged = not judged (small base)
# What the generator planted in a unit (`etalon demo`), by its key.
cli-demo-plant = { $what ->
    [ma-late] a fifth of the decisions taken after the 10 working days
    [ma-small] a unit with three applications a quarter: reported, not judged
    [hc-late] 6 % of planned services delivered late in the last quarter
    [hc-noise] noise: 4 complaints per 100 recipients on about a hundred, as often as 1 in 50 by chance at the 1-per-100 band
    [hc-surge] a surge of complaints (12 per 100 recipients): beyond chance
    [hc-noise-small] noise: 2 to 4 complaints on a small unit (3 per 100 recipients), within chance
    [st-late] a fifth of the rides a day after the booked day, three quarters running
    [us-recurrence] 6 % of urgent services late five and three quarters before the last and in the last, on time between: a correction that fails, one that holds, a recurrence
    [dc-drift] attendance falling 99 → 97 → 95 → 93 %, still inside the band
    [co-p-chart] same-day consultations 98 % → 93 % on a base of 500: inside the band, outside the p-chart
    [rc-overcrowding] overcrowding: 104 % of bed-days used
    [ts-under-use] under-use: 70 % of bed-days used
    [al-no-stock] 8 % of requests refused for lack of stock
    [dr-dynamics] positive dynamics at the repeated diagnosis fall to 65 %
    [gen-recognition] a fifth of the decisions recognising the need of social services after 5 working days
    [gen-no-measures] a justified complaint on which no measures were taken
    [rc-state-assignment] the state assignment provided at 80 % of its volume
   *[dc-staffing] a third of the positions vacant and half the staff without advanced training
}
cli-demo-noise = Planted noise (small units crossing a band by chance), kept to watch:
cli-demo-watched = { $held ->
    [yes] not escalated
   *[no] ESCALATED
}
cli-demo-chance = { " " }(by chance with probability { $percent } %)
cli-demo-journal-heading = Deviation journal: { $first } to { $last } applied in turn, each ten days after its quarter
cli-demo-journal-followed = { $count } deviations followed: { $open } open, { $corrected } back in band and being verified, { $verified } verified (to be closed by their owners)
cli-demo-journal-events = events written: { $events }; { $failed } reopening(s) after a correction that did not hold
cli-demo-journal-open = open on { $today }, overdue first:
cli-demo-journal-days = { $days } d
cli-demo-journal-more = … and { $count } more (`etalon journal show`)
cli-demo-written = Data written to { $data } (CSV), evaluation to { $evaluation }, journal to { $journal }
cli-demo-report = Report of the region: { $path } ({ $size }, written in { $seconds } s) — open it in a browser
cli-demo-nok-heading = Independent assessment (НОК) { $year } — { $scheme }: { $orgs } organisations, { $questionnaires } questionnaires counted and scored in { $ms } ms
cli-demo-nok-total = region total { $total }
cli-demo-nok-criteria = region criteria: { $criteria }
cli-demo-best = best
cli-demo-lowest = lowest
cli-demo-policy-changed = figures changed by a policy: { $figures }
cli-demo-kpi-heading = KPI points { $period } — { $scheme } ({ $directors } directors, { $heads } heads of territorial administrations)
cli-demo-directors = directors
cli-demo-heads = heads
cli-demo-score-hint = (etalon score nok / score kpi --explain <id> for every figure and item)

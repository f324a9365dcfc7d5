# Errors of an evaluation (etalon_core::EvaluationError and the script
# failures it carries), of a roll-up of totals, and of a report. The
# English is the errors' own text: a test keeps the two equal.

## A rule's script failed

# The name of a sandbox limit (`limit` is its key).
eval-limit-name = { $limit ->
    [operations] operation budget
    [call_depth] call depth
    [expression_depth] expression depth
    [string_size] string size
    [array_size] array size
    [map_size] map size
   *[variables] number of variables
}
# `detail`: the script engine's own words.
eval-script-failed = { $file }:{ $line }:{ $column }: rule `{ $rule }`: { $detail }
eval-script-limit = { $file }:{ $line }:{ $column }: rule `{ $rule }`: the script exceeded its { eval-limit-name } and was stopped
# `words`: the engine's own words on what failed.
eval-script-failed-said = { $file }:{ $line }:{ $column }: rule `{ $rule }`: { $words }
# The engine's own words on a failure (`call`: the call as the script
# engine writes it; `type`: a type's name in the scripts).
script-undefined = a value is undefined here (a share over a zero base?) in `{ $call }`; test it with defined(x) or replace it with or_else(x, 0)
script-not-a-number = the formula must give a number, found { $type } where a number was expected
eval-script-cancelled = { $file }:{ $line }:{ $column }: rule `{ $rule }`: the evaluation was cancelled
# Many failures: a heading, then a line for each (`words`: the failure).
eval-scripts = { $count } script error(s) stopped the evaluation:
eval-scripts-one = { $words } ({ $times } value(s), first: { $first })
eval-scripts-more = ... and { $more } more

## A package (or plan) that does not compile (`words`: its first error)

eval-package-invalid = the rule package has { $errors } error(s) and { $warnings } warning(s)
eval-package-invalid-first = the rule package has { $errors } error(s) and { $warnings } warning(s); first: { $words }

## The request, the data's dates, the host's limits

eval-no-indicator = there is no indicator `{ $indicator }`
eval-needs-measure = indicator `{ $indicator }` needs measure `{ $measure }`
eval-no-calendar-region = the production calendar declares no region `{ $code }` (it declares: { $known })
eval-no-calendar-region-none = the production calendar declares no region `{ $code }` (it declares: none)
eval-too-many-records = the dataset has { $records } records; this evaluation allows at most { $limit }
eval-cancelled = the evaluation was cancelled
eval-deadline = the evaluation ran past its deadline and was stopped
eval-outside-coverage = the data covers { $from } to { $to } (the main dates of its records); { $period } lies outside it
eval-not-in-force = the methodology { $package } is in force from { $from }, not in { $period }
eval-not-in-force-until = the methodology { $package } is in force from { $from } to { $to }, not in { $period }

## Rolling totals up (`entity`: level:id of the part at fault)

rollup-unreadable = the totals cannot be read: { $detail }
rollup-level = a roll-up makes a region or the country, not a { $level }
rollup-nothing = { $entity }: there are no totals to roll up
rollup-no-period = { $entity }: the totals have no period
rollup-other-package = { $entity }: the totals were computed with { $theirs }, not { $ours }
rollup-part-level = { $entity }: { $level } is rolled up from totals at the { $part_level } level
rollup-twice = { $entity }: the totals are given twice
rollup-other-periods = { $entity }: the totals cover { $theirs }, those of { $first } cover { $periods }
rollup-other-measures = { $entity }: the totals list other measures than the package
rollup-values = { $entity }: the totals hold { $values } values, not { $measures } measures × { $periods } periods
rollup-no-process = { $entity }: there is no process `{ $process }`
rollup-not-a-window = { $entity }: the totals' periods { $periods } are not a window of consecutive periods

## Reports

report-unknown-entity = there is no { $level } `{ $id }` in the organisation tree
# `detail`: the spreadsheet writer's own words.
report-spreadsheet = spreadsheet: { $detail }

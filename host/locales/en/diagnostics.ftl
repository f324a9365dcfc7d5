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

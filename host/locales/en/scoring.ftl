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

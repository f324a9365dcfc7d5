# The deviation journal's refusals and errors. A message never repeats a
# value a person wrote (an actor, a reason): it names the event's kind, the
# deviation, periods, dates and files.

## A refused event: `journal-refused` around why (`journal-why-*`)

journal-refused = `{ $kind }` refused for deviation `{ $deviation }`: { $words }
journal-status-word = { $status ->
    [open] open (no correction observed)
    [corrected] corrected and being verified
    [verified] verified
   *[closed] closed
}
journal-why-held = the journal already holds an event `{ $event }`
journal-why-not-after-last = it is dated { $at }, not after the deviation's last event ({ $last }); a deviation's events are kept in time order
journal-why-no-actor = every event names its actor
journal-why-no-reason = every event gives its reason
journal-why-subject-followed = subject `{ $subject }` is already followed as deviation `{ $other }`
journal-why-detection-no-place = a detection needs the entity's place in the tree
journal-why-unknown = the journal has no such deviation (it was never detected)
journal-why-closed = it is closed
journal-why-closed-on = it is closed (closed on { $on })
journal-why-already-closed = it is already closed
journal-why-already-closed-on = it is already closed (closed on { $on })
journal-why-status = it is { journal-status-word }
journal-why-period-not-after = period { $period } is not after the last period observed, { $last }
journal-why-already-detected = it was already detected
journal-why-unassigned = it is not assigned to anyone yet
journal-why-no-cause-stated = the reason must state the cause
journal-why-no-cause = no cause is recorded yet; record the cause before planning an action
journal-why-no-action-stated = the reason must state the action
journal-why-recurred-status = it is { journal-status-word }; a deviation found again after a correction is reopened
journal-why-in-band = it was back inside its band in { $inside } of the { $needed } periods needed
journal-why-no-correction = no correction was observed
journal-why-manual-no-reason = a verification by hand needs its reason
journal-why-already-status = it is already { journal-status-word }
journal-why-close-without-action = record the cause and the action taken before closing it
journal-why-close-unverified = it is { journal-status-word }; close a deviation after its correction is verified (by measurement, or by hand with a reason)
journal-why-cannot-reopen = it is { journal-status-word } and cannot be reopened so
journal-why-no-step-left = its escalation ladder has no step left; name the role to escalate to

## Routing by the responsibility matrix

journal-level-word = { $level }
journal-route-no-row = no row of the responsibility matrix covers indicator `{ $indicator }`, severity { $severity }, level { journal-level-word }
journal-route-unknown-role = the responsibility matrix has no role `{ $role }`
journal-route-below-entity = role `{ $role }` works at { journal-level-word } level, below the deviation's entity { $entity }
journal-route-not-in-tree = { $entity } is not in the organisation tree
journal-route-no-place = the deviation's entity has no place in the organisation tree

## The journal and what is applied to it

journal-no-matrix = the rule package { $package } has no responsibility matrix (`[contents] responsibility` in etalon.toml)
journal-package-mismatch = the evaluation was made with the rule package { $evaluation }, but the rules given are { $package }
journal-region-mismatch = the evaluation is of region `{ $evaluation }`, the organisation tree of region `{ $tree }`
journal-stale-period = the evaluation is of { $period }, before { $last }, the latest period this journal has seen; apply evaluations in the order of their periods
journal-period-kind = the journal follows periods such as { $journal }; the evaluation is of { $evaluation }
journal-not-in-tree = { $entity } is not in the organisation tree given
journal-store = the journal's storage failed: { $words }
journal-record-missing = `{ $kind }` needs { $what ->
    [role] a role
   *[package] the rule package
}

## A damaged line: `journal-line` around what is wrong

journal-line = line { $line }: { $words }
journal-line-not-text = the line is not UTF-8 text
journal-line-empty = the line is empty
journal-line-no-hash = the line does not end with its hash (`,"hash":"<64 hex digits>"{ "}" }`)
journal-line-hash-mismatch = the hash does not match the line's content: the line was changed after it was written
journal-line-not-json = the line is not a journal line: { $reading }
journal-line-version = the line has schema version { $found }; this build reads versions 1 to { $known } (the journal was written by a newer etalon)
journal-line-sequence = the line is numbered { $found }, { $expected } was expected: a line before it was removed or inserted
journal-line-broken-chain = `prev` is not the hash of the line before: a line before it was removed, inserted or changed
journal-line-event = the event cannot be read: { $reading }

## The journal's file or database

journal-file-at = { $place }: { $words }
journal-file-io = { $path }: { $reason }
journal-file-locked = { $path }: another process kept the journal locked for { $ms } ms; nothing was written (try again; the lock goes with the process that holds it)
journal-file-shrunk = { $path }: the journal is shorter ({ $found } bytes) than the { $read } bytes already read from it: it was cut or replaced outside etalon; nothing was written
journal-file-append = { $path }: cannot append to the journal
journal-file-sync = { $path }: cannot sync the journal to disk
journal-file-not-locked = { $path }: the journal was not locked for writing
journal-overtaken = { $place }: { $count } event(s) were { $store ->
    [database] stored
   *[file] appended
} by another writer since the journal was read; nothing was written
journal-db-event = { $place }: event { $words }
journal-db-locked = another writer kept the journal locked past the timeout; nothing was written (try again)
journal-db-failed = { $step ->
    [connect] cannot connect
    [begin] cannot begin
    [lock-schema] cannot lock the schema
    [create-migrations] cannot create the migrations table
    [read-version] cannot read the schema version
    [migration] migration { $version } ({ $name }) failed
    [record-migration] cannot record the migration
    [commit-migrations] cannot commit the migrations
    [read-events] cannot read the events
    [lock-journal] cannot lock the journal
    [prepare-insert] cannot prepare the insert
    [store-event] cannot store an event
   *[commit] cannot commit
}: { $server }
journal-db-schema-newer = the journal's schema has version { $found }; this build knows versions 1 to { $known } (the database was upgraded by a newer etalon)

## Events the journal holds but does not follow (conflicts)

journal-why-id-twice = two different events have the id `{ $event }`; one is kept
journal-why-id-twice-first-kept = two different events have the id `{ $event }`; the first version is kept

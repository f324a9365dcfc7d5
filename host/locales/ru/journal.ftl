# Отказы и ошибки журнала отклонений. Сообщение никогда не повторяет
# то, что написал человек (исполнителя, обоснование): оно называет вид
# события, отклонение, периоды, даты и файлы.

## Непринятое событие: `journal-refused` вокруг причины (`journal-why-*`)

journal-refused = событие `{ $kind }` по отклонению `{ $deviation }` не принято: { $words }
journal-status-word = { $status ->
    [open] открыто (исправления не наблюдалось)
    [corrected] исправлено, результативность проверяется
    [verified] проверено: исправление результативно
   *[closed] закрыто
}
journal-why-held = в журнале уже есть событие `{ $event }`
journal-why-not-after-last = событие датировано { $at }, не позже последнего события отклонения ({ $last }); события отклонения ведутся в порядке времени
journal-why-no-actor = в каждом событии указывается исполнитель
journal-why-no-reason = в каждом событии указывается обоснование
journal-why-subject-followed = предмет `{ $subject }` уже отслеживается как отклонение `{ $other }`
journal-why-detection-no-place = для выявления нужно место объекта в дереве организаций
journal-why-unknown = в журнале нет такого отклонения (оно не было выявлено)
journal-why-closed = отклонение закрыто
journal-why-closed-on = отклонение закрыто (дата закрытия { $on })
journal-why-already-closed = отклонение уже закрыто
journal-why-already-closed-on = отклонение уже закрыто (дата закрытия { $on })
journal-why-status = отклонение { journal-status-word }
journal-why-period-not-after = период { $period } не позже последнего наблюдавшегося периода, { $last }
journal-why-already-detected = отклонение уже выявлено
journal-why-unassigned = у отклонения ещё нет ответственного
journal-why-no-cause-stated = в обосновании должна быть указана причина
journal-why-no-cause = причина ещё не записана; запишите причину, прежде чем планировать корректирующее действие
journal-why-no-action-stated = в обосновании должно быть указано корректирующее действие
journal-why-recurred-status = отклонение { journal-status-word }; отклонение, выявленное снова после исправления, открывается повторно
journal-why-in-band = показатель вернулся в свои границы в { $inside } из { $needed } { $needed ->
    [one] нужного периода
   *[other] нужных периодов
}
journal-why-no-correction = исправления не наблюдалось
journal-why-manual-no-reason = для проверки вручную нужно обоснование
journal-why-already-status = отклонение уже { journal-status-word }
journal-why-close-without-action = перед закрытием запишите причину и принятое корректирующее действие
journal-why-close-unverified = отклонение { journal-status-word }; закрыть отклонение можно после проверки результативности исправления (измерением или вручную с обоснованием)
journal-why-cannot-reopen = отклонение { journal-status-word }, и открыть его повторно по такой причине нельзя
journal-why-no-step-left = на лестнице эскалации отклонения не осталось ступеней; укажите роль, которой передать эскалацию

## Назначение по матрице ответственности

journal-level-word = { $level ->
    [unit] подразделения
    [org] организации
    [group] группы организаций
    [region] региона
   *[country] страны
}
journal-route-no-row = ни одна строка матрицы ответственности не охватывает показатель `{ $indicator }` с критичностью { $severity ->
    [warning] «предупреждение»
   *[critical] «критическое»
} на уровне { journal-level-word }
journal-route-unknown-role = в матрице ответственности нет роли `{ $role }`
journal-route-below-entity = роль `{ $role }` действует на уровне { journal-level-word }, ниже объекта отклонения { $entity }
journal-route-not-in-tree = { $entity } нет в дереве организаций
journal-route-no-place = у объекта отклонения нет места в дереве организаций

## Журнал и то, что к нему применяется

journal-no-matrix = в пакете правил { $package } нет матрицы ответственности (`[contents] responsibility` в etalon.toml)
journal-package-mismatch = оценка сделана по пакету правил { $evaluation }, а переданы правила { $package }
journal-region-mismatch = оценка относится к региону `{ $evaluation }`, а дерево организаций — к региону `{ $tree }`
journal-stale-period = оценка за { $period } — раньше { $last }, последнего периода, который видел этот журнал; применяйте оценки в порядке их периодов
journal-period-kind = журнал ведётся по периодам вида { $journal }; оценка — за { $evaluation }
journal-not-in-tree = { $entity } нет в переданном дереве организаций
journal-store = сбой хранилища журнала: { $words }
journal-record-missing = для `{ $kind }` { $what ->
    [role] нужна роль
   *[package] нужен пакет правил
}

## Повреждённая строка: `journal-line` вокруг того, что не так

journal-line = строка { $line }: { $words }
journal-line-not-text = строка не является текстом UTF-8
journal-line-empty = строка пуста
journal-line-no-hash = строка не заканчивается своим хешем (`,"hash":"<64 шестнадцатеричные цифры>"{ "}" }`)
journal-line-hash-mismatch = хеш не совпадает с содержимым строки: строку изменили после записи
journal-line-not-json = строка не является строкой журнала: { $reading }
journal-line-version = у строки версия схемы { $found }; эта сборка читает версии с 1 по { $known } (журнал записан более новой версией etalon)
journal-line-sequence = у строки номер { $found }, ожидался { $expected }: строку перед ней удалили или вставили
journal-line-broken-chain = `prev` не равен хешу предыдущей строки: строку перед ней удалили, вставили или изменили
journal-line-event = событие не читается: { $reading }

## Файл или база данных журнала

journal-file-at = { $place }: { $words }
journal-file-io = { $path }: ошибка файловой системы: { $reason }
journal-file-locked = { $path }: другой процесс держал журнал заблокированным { $ms } мс; ничего не записано (повторите попытку; блокировка снимается с завершением процесса, который её держит)
journal-file-shrunk = { $path }: в журнале { $found } { $found ->
    [one] байт
    [few] байта
   *[many] байт
}, меньше, чем уже прочитано из него ({ $read }): его обрезали или заменили в обход etalon; ничего не записано
journal-file-append = { $path }: не удалось дописать журнал
journal-file-sync = { $path }: не удалось сбросить журнал на диск
journal-file-not-locked = { $path }: журнал не был заблокирован для записи
journal-overtaken = { $place }: с момента чтения журнала другой пользователь { $store ->
    [database] сохранил
   *[file] дописал
} { $count } { $count ->
    [one] событие
    [few] события
   *[many] событий
}; ничего не записано
journal-db-event = { $place }: событие, { $words }
journal-db-locked = другой пользователь держал журнал заблокированным дольше допустимого; ничего не записано (повторите попытку)
journal-db-failed = { $step ->
    [connect] не удалось подключиться
    [begin] не удалось начать транзакцию
    [lock-schema] не удалось заблокировать схему
    [create-migrations] не удалось создать таблицу миграций
    [read-version] не удалось прочитать версию схемы
    [migration] миграция { $version } ({ $name }) не выполнена
    [record-migration] не удалось записать миграцию
    [commit-migrations] не удалось зафиксировать миграции
    [read-events] не удалось прочитать события
    [lock-journal] не удалось заблокировать журнал
    [prepare-insert] не удалось подготовить вставку
    [store-event] не удалось сохранить событие
   *[commit] не удалось зафиксировать транзакцию
}: { $server }
journal-db-schema-newer = у схемы журнала версия { $found }; эта сборка знает версии с 1 по { $known } (база данных обновлена более новой версией etalon)

## События, которые журнал хранит, но не учитывает (конфликты)

journal-why-id-twice = у двух разных событий один идентификатор `{ $event }`; сохранено одно из них
journal-why-id-twice-first-kept = у двух разных событий один идентификатор `{ $event }`; сохранена первая версия

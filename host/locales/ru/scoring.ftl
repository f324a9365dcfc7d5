# Ошибки входных данных оценки: данные НОК
# (etalon_core::scoring::NokInputError, `nok-<id>`) и слова, называющие место.

nok-input = данные НОК
nok-place-line = строка { $line }
nok-place-org = организация `{ $org }`
nok-place-column = столбец `{ $column }`
nok-place-column-value = столбец `{ $column }` = { $value }

nok-column-twice = столбец указан дважды
nok-counted-column = этот столбец подсчитывается по анкетам; уберите его из сведений или считайте по готовым подсчётам
nok-counted-fact = этот столбец подсчитывается по анкетам; уберите его из сведений
nok-unknown-column = неизвестный столбец (столбцы перечислены в `[[input]]` файла НОК пакета)
nok-unknown-column-hint = неизвестный столбец; может быть, `{ $suggestion }`? (столбцы перечислены в `[[input]]` файла НОК пакета)
nok-unknown-input = неизвестный столбец
nok-column-missing = нет обязательного столбца
nok-no-org = нет идентификатора организации
nok-no-period = нет периода
# `detail`: что не так с периодом, по словам средства чтения периода.
nok-bad-period = период записан неверно: { $detail }
nok-empty-key = пусто: в файле есть столбец `{ $key }`, значит, его заполняет каждая строка
nok-not-a-number = не число
nok-two-rows = у организации две строки за { $period }; первая — в строке { $first }
nok-two-rows-period = у организации две строки за { $period }
nok-no-value = нет значения
nok-negative = не может быть отрицательным
nok-not-whole = должно быть целым числом
nok-above-max = больше наибольшего допустимого, { $max }
nok-above-whole = больше, чем { $whole } ({ $given })
nok-org-not-in-tree = организации нет в дереве организаций

## Неверный предел, заданный системой

limits-not-positive = { $option }: { $value } — не предел: укажите 1 или больше
limits-not-seconds = { $option }: { $value } — не число секунд

## Таблица долей (KPI: `org_id,share`, проценты 0..100)

shares-columns = { $path }, строка { $line }: нужны столбцы org_id и share
shares-no-org = { $path }, строка { $line }: нет org_id
shares-no-share = { $path }, строка { $line }: организация `{ $org }`: нет доли
shares-not-a-number = { $path }, строка { $line }: организация `{ $org }`: `{ $text }` — не число
shares-range = { $path }, строка { $line }: организация `{ $org }`: доля — от 0 до 100, а не { $share }
shares-twice = { $path }, строка { $line }: организация `{ $org }` указана дважды; первая — в строке { $first }
shares-range-table = { $table }: организация `{ $org }`: доля — от 0 до 100, а не { $share }

## Notes of НОК policies: where a policy changed a figure of an
## organisation (etalon_core::scoring::PolicyNote). `bases`: how many zero
## bases explain a missing value, `zeros`: them (`a = 0, b = 0`).

nok-note-no-value = { $bases ->
    [0] нет значения
   *[other] нет значения ({ $zeros })
}
# `figure`: the indicator without a value.
nok-note-figure-no-value = { $bases ->
    [0] у { $figure } нет значения
   *[other] у { $figure } нет значения ({ $zeros })
}
nok-note-not-scored = { $indicator } не оценивается при варианте `{ $option }`
nok-note-cap = { $points } { $points ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
}, ограничено до { $cap }
nok-note-part-zeroed = { nok-note-no-value }: засчитано 0
nok-note-part-left-out-alone = { nok-note-no-value }: не учитывается, и ни у одной другой части нет значения
nok-note-part-left-out = { nok-note-no-value }: не учитывается, { $indicator } считается по { $others }
nok-note-part-undefined = { nok-note-no-value }: у { $indicator } нет значения
nok-note-criterion-left-out-alone = { nok-note-figure-no-value }: не учитывается в { $criterion }, у которого тогда нет значения
nok-note-criterion-left-out = { nok-note-figure-no-value }: не учитывается в { $criterion }; его вес распределён между { $kept }
nok-note-criterion-without = { $criterion } считается без { $indicator }, по { $kept }
nok-note-criterion-undefined = { nok-note-figure-no-value }: у { $criterion } нет значения
nok-note-total-none = ни у одного критерия нет значения: итога нет
nok-note-total-left-out = у { $criterion } нет значения: итог складывается из { $kept }
nok-note-total-zeroed = у { $criterion } нет значения: в итоге считается 0
nok-note-total-undefined = у { $criterion } нет значения: итога нет, и организация не ранжируется
# `setting`: the setting of the `no_questionnaires` policy.
nok-note-no-questionnaires = ни одной анкеты не учтено: оценено только по фактам ({ $setting })
nok-note-skipped-ignored = { $count } { $count ->
    [one] ответ дан
    [few] ответа даны
   *[many] ответов дано
}, хотя по правилу перехода вопрос не задавался: не учитываются
nok-note-skipped-counted = { $count } { $count ->
    [one] ответ дан
    [few] ответа даны
   *[many] ответов дано
}, хотя по правилу перехода вопрос не задавался: учитываются
nok-note-few-respondents = { $count } { $count ->
    [one] анкета
    [few] анкеты
   *[many] анкет
}, меньше { $min }, которых требует пакет

## How a KPI item gave its points (etalon_core::scoring::ItemScore: `rule`
## and `note`). `step`, `steps`: a scale such as `≥ 95 → 10`.

kpi-rule-step = { $step }
kpi-rule-no-step = ни одна ступень не подходит → 0
kpi-rule-quarterly = каждый квартал: { $steps }; { $count } { $count ->
    [one] квартал
    [few] квартала
   *[many] кварталов
} из { $year }
kpi-rule-applies = только для: { $types }
kpi-rule-mean = среднее по { $count } { $count ->
    [one] директору
   *[other] директорам
}
kpi-rule-no-value = нет значения
kpi-note-empty-quarters = нет значения за { $quarters }: там 0 баллов
kpi-note-cap = { $points } { $points ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
}, ограничено до { $cap }
kpi-note-cap-year = { $points } { $points ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
}, ограничено до { $cap } в год
kpi-note-missing-zero = нет значения: 0 баллов (missing = zero)
kpi-note-missing-na = нет значения: показатель не учитывается (missing = not_applicable)

## The target of a plan's result indicator (etalon_core::scoring::Target).
## `bounds`: `≥ 75`, `≤ 10` or both; `change`: increase or decrease.

plan-target-bounds = { $bounds }
plan-target-change = { $change ->
    [increase] выше базы
   *[decrease] ниже базы
}
plan-target-bounds-change = { $bounds }, { plan-target-change }

## Чем заданы и что решают действующие правила НОК
## (etalon_core::scoring::PolicySetting). `mode`: способ округления,
## как он записан в пакете.

nok-setting-rounding = { $decimals } { $decimals ->
    [one] знак
    [few] знака
   *[many] знаков
} после запятой, { $mode }
nok-setting-no-bands = нет
nok-about-zero-base = доля при нулевой базе (нет респондентов с инвалидностью, нет пользователей сайта)
nok-about-rounding = только для показа; баллы хранятся с полной точностью
nok-about-skipped-answers = ответы на вопрос, который по правилу перехода не задавался
nok-about-min-respondents = при меньшем числе анкет об этом сообщается (0: правила нет)
nok-about-no-questionnaires = организация с фактами, но без учтённых за период анкет
nok-about-bands = полосы рейтинга по итогу (региональная практика)
nok-about-bases = база каждой доли опроса, из `base` анкеты (при подсчёте по ответам)

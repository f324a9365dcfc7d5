# Тексты замечаний к пакету (`rules check`) по идентификатору сообщения.

## Общие части

severity-error = ошибка
severity-warning = предупреждение
check-summary = ошибок: { $errors }, предупреждений: { $warnings }, файлов: { $files }
# Входные данные пробного запуска.
probe-inputs = { $probe ->
    [one] `{ $probe_name }` { $probe_value }, остальные счётчики 1
    [arguments] { $probe_value ->
        [undefined] все аргументы не определены `()`
        [large] все аргументы большие
       *[other] все аргументы { $probe_value }
    }
   *[every] все счётчики { $probe_value }
}
limit-name = { $limit ->
    [operations] бюджет операций
    [call_depth] глубина вызовов
    [expression_depth] глубина выражений
    [string_size] длина строки
    [array_size] размер массива
    [map_size] размер словаря
   *[variables] число переменных
}

## Скрипты и их пробные запуски

diag-shadows-built-in = функция пакета `{ $name }({ $params })` названа как встроенная `{ $name }` и подменила бы её; переименуйте функцию пакета
diag-script-limit = при пробном запуске ({ probe-inputs }) скрипт превысил предел ({ limit-name }) и был остановлен
diag-script-runtime = при пробном запуске ({ probe-inputs }) скрипт завершается ошибкой: { $detail }
# `said` — собственные слова движка о том, что не так.
diag-script-runtime-said = при пробном запуске ({ probe-inputs }) скрипт завершается ошибкой: { $said }
diag-deadline = проверка не уложилась в срок, заданный системой, при пробном запуске скриптов
diag-not-a-number = при пробном запуске ({ probe-inputs }) формула даёт { $type } `{ $value }`; формула должна давать число (или `()` — значение не определено)
diag-share-out-of-range = при пробном запуске ({ probe-inputs }) доля (unit percent) равна { $value }, вне 0..100; верны ли масштаб и база?

## Пакет в целом

diag-limit-capped = пакет просит `{ $key } = { $asked }`, больше предела этой системы { $allowed }; действует { $allowed }
diag-checks-skipped = остальные проверки пакета ({ $findings } { $findings ->
        [one] замечание
        [few] замечания
       *[many] замечаний
    }) и пробные запуски скриптов пропущены: они зависят от { $count ->
        [one] файла
       *[other] файлов
    } с синтаксической ошибкой ({ $files }); исправьте и проверьте снова
diag-probes-skipped = формулы и функции пакета не запускались на пробных данных: синтаксическая ошибка { $count ->
        [one] в файле
       *[other] в файлах
    } { $files }; исправьте и проверьте снова

## Матрица ответственности

diag-role-level = роль `{ $role }` работает на уровне { $role_level } и не может отвечать за отклонения уровня { $level }, которые покрывает эта строка; сузьте `level` или назовите роль уровня { $level } или выше
diag-matrix-ambiguous = эта строка и строка { $line } одинаково конкретны и обе покрывают { $example }; сделайте одну из них конкретнее или объедините их
diag-matrix-gap-level = ни одна строка матрицы ответственности не покрывает отклонения { $severity } на уровне { $level } (любой процесс); добавьте строку с severity = "{ $severity }" и level = "{ $level }"
diag-matrix-gap = ни одна строка матрицы ответственности не покрывает { $scope ->
        [process] процесс `{ $process }`
        [cross-cutting] сквозные показатели
        [indicators] показатели { $indicators } процесса `{ $process }`
       *[cross-cutting-indicators] сквозные показатели { $indicators }
    } при серьёзности { $severity }, уровень { $level }
diag-verify-ambiguous = это правило и правило в строке { $line } оба задают проверку `{ $indicator }`; оставьте одно

## Эталонные значения и их источники

diag-missing-source = у каждого эталонного значения указан `source` (акт и пункт) или `proposal` — почему регион его предлагает
diag-source-or-proposal = укажите либо `source` (акт и пункт), либо `proposal` (почему регион предлагает значение), но не оба
diag-unknown-source = ключа источника `{ $key }` нет в списке источников пакета; добавьте его в список или исправьте ключ
diag-unknown-source-no-list = ключа источника `{ $key }` нет в списке источников пакета: у пакета нет списка источников, укажите его в [contents] как `sources = "sources.toml"`

## Файлы, разделы, параметры

diag-missing-file = манифест называет `{ $file }`, но такого файла в пакете нет
diag-unlisted-file = файл не указан в разделе [contents] манифеста и потому не читается
diag-unknown-section = неизвестный раздел `{ $name }`; в этом файле могут быть: { $allowed }
diag-bad-param-number = параметр `{ $name }` не является пригодным числом
diag-bad-param-date = параметр `{ $name }` не является календарной датой
diag-bad-param-plain-date = параметр `{ $name }` должен быть простой датой
diag-duplicate-region = регион `{ $code }` объявлен дважды
diag-duplicate-calendar = календарь { $year } года объявлен дважды

## Процессы, меры, показатели, тенденции

diag-duplicate-process = процесс `{ $id }` определён в двух файлах
diag-duplicate-measure = мера `{ $id }` определена дважды
diag-duplicate-indicator = показатель `{ $id }` определён дважды
diag-duplicate-trend = правило тенденции `{ $id }` определено дважды
diag-duplicate-question = вопрос `{ $id }` определён дважды
diag-survey-fixed-column = `{ $id }` уже есть среди постоянных столбцов таблицы анкет
diag-unknown-base = база `{ $base }` не является мерой этого пакета
diag-base-not-in-formula = база `{ $base }` не используется в формуле
diag-unknown-indicator = нет показателя `{ $id }`
diag-unknown-indicator-suggest = нет показателя `{ $id }`; возможно, имелся в виду `{ $suggestion }`?
diag-overlapping-references = это эталонное значение для охвата { $scope } действует в те же даты, что и значение в { $file }:{ $line }; завершите одно до начала другого (`to = ...`)

## Фильтры и суммы мер

# Тип операнда в фильтре.
diag-filter-compare-types = нельзя сравнивать { $left ->
        [number] число
        [date] дату
        [code] код
        [flag] флаг
       *[id] идентификатор
    } с { $right ->
        [number] числом
        [date] датой
        [code] кодом
        [flag] флагом
       *[id] идентификатором
    }
diag-filter-expected-number = здесь нужно число, а стоит { $found ->
        [number] число
        [date] дата
        [code] код
        [flag] флаг
       *[id] идентификатор
    }
diag-filter-expected-date = здесь нужна дата, а стоит { $found ->
        [number] число
        [date] дата
        [code] код
        [flag] флаг
       *[id] идентификатор
    }
diag-filter-unknown-name = `{ $name }` — не поле этой таблицы и не параметр пакета
diag-filter-unknown-name-suggest = `{ $name }` — не поле этой таблицы и не параметр пакета; возможно, имелось в виду `{ $suggestion }`?
diag-filter-never-a-value = `{ $code }` не бывает значением `{ $field }`; допустимые значения: { $values }
diag-filter-not-an-answer = `{ $code }` — не вариант ответа на вопрос `{ $question }`; варианты: { $answers }
diag-filter-decimal-parameter = параметр `{ $name }` не целое число, поэтому в фильтрах его использовать нельзя
diag-filter-is-set-field = `is set` применяется только к полю
diag-filter-list-codes = в этом списке должны быть коды в кавычках
diag-filter-list-numbers = в этом списке должны быть целые числа
diag-filter-in-field = `in [...]` применяется к полю с кодом или числом
diag-filter-code-order = коды сравниваются только через `==` или `!=`
diag-filter-code-operands = сравнивайте поле с кодом с кодом в кавычках, например decision == "granted"
diag-filter-flag-order = флаги сравниваются только через `==` или `!=`
diag-filter-flag-operands = сравнивайте поле-флаг с true или false
diag-filter-id-compare = идентификатор можно только проверить на наличие: `is set`
diag-filter-date-difference = чтобы посчитать дни между двумя датами, пишите days(a, b) или working_days(a, b)
diag-filter-addition = складывать можно только числа, а к дате — прибавлять или вычитать дни
diag-filter-single-equals = для сравнения пишите `==`, для «не равно» — `!=`
diag-filter-unclosed-quote = текст не закрыт кавычкой
diag-filter-bad-date = `{ $word }` не дата вида 2026-01-31
diag-filter-bad-number = `{ $word }` не целое число
diag-filter-unexpected-character = неожиданный символ `{ $character }`
diag-filter-lower-case = пишите `and` / `or` строчными буквами
diag-filter-unexpected-text = лишний текст; возможно, пропущено `and` или `or`?
diag-filter-expected-set = здесь ожидается `set` (пишите `x is set` или `x is not set`)
diag-filter-expected-in = после `not` здесь ожидается `in`
diag-filter-expected-list = здесь ожидается `[` — начало списка
diag-filter-list-item = в списке могут быть коды в кавычках, числа или даты
diag-filter-list-separator = здесь ожидается `,` или `]`
diag-filter-expected-comparison = здесь ожидается сравнение (`==`, `!=`, `<`, `<=`, `>`, `>=`), `in` или `is set`
diag-filter-expected-call = после { $name } здесь ожидается `(`
diag-filter-expected-dates-comma = здесь ожидается `,` между двумя датами
diag-filter-expected-close = здесь ожидается `)`
diag-filter-value-before = перед `{ $name }` нужно значение
diag-filter-ends-early = текст обрывается раньше времени
diag-filter-expected-value = здесь ожидается поле, число, код в кавычках или дата

## Манифест, карточки процессов, вопросы анкеты

diag-missing-manifest = в корне пакета должен быть манифест `etalon.toml`
diag-missing-package-section = в манифесте нужен раздел [package] с id, name, version, edition и in_force_from
diag-in-force-to-before-from = in_force_to раньше, чем in_force_from
diag-bad-id = `{ $id }` не годится как идентификатор: используйте строчные латинские буквы, цифры, `_` или `-`, первой — букву (русское название пишется в `name`)
diag-bad-param-type = параметр `{ $name }` — { $type ->
        [boolean] логическое значение
        [array] массив
        [table] таблица
       *[other] { $type }
    }; укажите число, текст или дату
diag-process-card-counts = в карточке процесса в `{ $key }` пунктов: { $ru }, а в `{ $key }_en`: { $en }; дайте каждый пункт на обоих языках
diag-process-card-list = в карточке процесса нужны `{ $key }` и `{ $key }_en` (входы, выходы, потребители и акты — на русском и английском)
diag-process-card-texts = в карточке процесса нужны `description`, `description_en`, `owner` и `owner_en`
diag-bad-question-id = `{ $id }` не может быть именем столбца анкеты: используйте строчные латинские буквы, цифры и `_`
diag-question-no-answers = у вопроса `{ $id }` не перечислены варианты ответа
diag-question-not-an-answer = `{ $answer }` в `{ $key }` — не вариант ответа на вопрос `{ $id }`; варианты: { $answers }
diag-question-satisfied-not-answered = `{ $answer }` считается удовлетворённым, но не ответом; удовлетворённый ответ — тоже ответ
diag-question-filter-base = вопрос `{ $id }` берёт базу из своего фильтра (`filter_yes`), но у него нет `asked_if`

## Меры: таблицы, столбцы, периоды, агрегаты

diag-no-process-column = в таблице `{ $table }` нет столбца процесса
diag-not-a-date-column = `{ $column }` не столбец с датой в таблице `{ $table }`
diag-unknown-column = в таблице `{ $table }` нет столбца `{ $column }`
diag-period-by-or-active = укажите либо `period_by`, либо `active`, но не оба
diag-bad-active = `active` принимает два столбца с датами — начало и конец, например ["started_on", "ended_on"]
diag-no-recipient-id = в таблице `{ $table }` нет recipient_id, по которому считать получателей
diag-bad-aggregate = агрегат должен быть `count`, `sum(<число>)` или `distinct(recipient_id)`

## Показатели, эталонные значения, тенденции, воронки

diag-negative-min-base = min_base не может быть отрицательным
diag-reference-scopes = у эталонного значения один охват: укажите не более одного из org_type, group, org, unit, country
diag-band-empty = { $band ->
        [normal] нормальному коридору
       *[warning] коридору предупреждения
    } нужен min, max или оба
diag-band-inverted = у { $band ->
        [normal] нормального коридора
       *[warning] коридора предупреждения
    } min { $min } больше max { $max }
diag-band-warning-contains = коридор предупреждения должен включать нормальный коридор
diag-target-outside-band = целевое значение { $target } лежит вне нормального коридора
diag-band-direction = у нормального коридора показателя должен быть { $direction ->
        [higher] min (чем больше, тем лучше)
        [lower] max (чем меньше, тем лучше)
       *[band] и min, и max (коридор)
    }
diag-to-before-from = `to` раньше, чем `from`
diag-trend-at-least-two = `{ $field }` должно быть не меньше 2
diag-trend-needs-field = этому виду правила тенденции нужно `{ $field }`
diag-sigma-positive = `sigma` должна быть больше 0
diag-unused-measure = мера `{ $id }` не используется ни одним показателем
diag-no-reference = у показателя `{ $id }` нет эталонного значения: он вычисляется, но никогда не оценивается
diag-bad-funnel = контрольные границы воронки нужны доле (percent) или частоте (per100, per1000) с базой `base` и направлением «чем больше, тем лучше» или «чем меньше, тем лучше»
diag-funnel-limit = `limit` воронки — 95 или 99.8, а не { $limit }
diag-funnel-small-base = `small_base` воронки должен быть не меньше 1

## Схема НОК

diag-nok-missing-scheme = в файле НОК нужен раздел [scheme] с id, name и edition
diag-nok-missing-policies = в файле НОК нужен раздел [policies], который говорит хотя бы, что делать при нулевой базе (zero_base = "reweight", "zero" или "undefined")
diag-nok-missing-zero-base = в [policies] нужно сказать, что делать с долей при нулевой базе: zero_base = "reweight", "zero" или "undefined"
diag-rounding-decimals = число знаков округления должно быть от 0 до 28
diag-nok-fixed-column = `{ $id }` — постоянный столбец каждой строки входных данных
diag-nok-duplicate-input = входной столбец `{ $id }` определён дважды (или совпадает с параметром)
diag-nok-negative-max = `max` не может быть отрицательным
diag-nok-unknown-part-of = `part_of` называет `{ $id }`, а такого входного столбца нет
diag-nok-part-of-itself = столбец не может быть частью самого себя
diag-nok-no-inputs = в файле НОК не перечислены входные столбцы ([[input]])
diag-nok-no-satisfied = у вопроса `{ $id }` ни один ответ не считается удовлетворённым; задайте ему `satisfied = [...]` в анкете
diag-unknown-question = в анкете нет вопроса `{ $id }`
diag-unknown-question-suggest = в анкете нет вопроса `{ $id }`; возможно, имелся в виду `{ $suggestion }`?
diag-nok-count-missing = столбец, считаемый по вопросу анкеты, говорит, что он считает: count = "satisfied" или "base"
diag-nok-survey-missing = `count` требует `survey` (вопрос, по которому считается столбец)
diag-nok-duplicate-policy = правило выбора `{ $id }` определено дважды (или совпадает со встроенным)
diag-nok-choice-no-options = у выбора `{ $id }` не перечислены варианты
diag-nok-unknown-option = `{ $option }` — не вариант выбора `{ $id }`; варианты: { $options }
diag-nok-duplicate-indicator = показатель `{ $id }` ({ $number }) определён дважды
diag-nok-one-formula = у показателя ровно одно из `formula`, `parts` или `formulas` (вместе с `choice`)
diag-nok-formulas-choice = `formulas` (по формуле на вариант) задаётся вместе с `choice` (правилом, выбирающим вариант)
diag-nok-negative-cap = `cap` не может быть отрицательным
diag-nok-duplicate-part = часть `{ $id }` указана дважды
diag-nok-weight-positive = вес должен быть больше 0
diag-nok-no-parts = в `parts` не перечислено ни одной части
diag-nok-part-weights = веса частей показателя { $number } в сумме дают { $sum }, а не 1
diag-nok-unknown-choice = нет выбора [[choice]] `{ $id }`
diag-nok-duplicate-criterion = критерий `{ $id }` (номер { $number }) определён дважды
diag-nok-criterion-weight-positive = вес `{ $name }` должен быть больше 0
diag-nok-weighted-twice = показатель `{ $name }` уже взвешен в критерии `{ $other }`
diag-nok-criterion-unknown-indicator = критерий `{ $id }` взвешивает `{ $name }`, но такого показателя в файле НОК нет
diag-nok-criterion-weights = веса критерия `{ $id }` в сумме дают { $sum }, а не 1
diag-nok-unused-indicator = показатель { $number } не входит в `weights` ни одного критерия
diag-nok-no-criteria = в файле НОК не перечислены критерии ([[criterion]])
diag-nok-bad-total = `total = "{ $name }"`: напишите "mean" или таблицу весов критериев
diag-nok-unknown-criterion = `{ $name }` — не критерий
diag-nok-total-weights = веса итоговой оценки в сумме дают { $sum }, а не 1
diag-nok-total-missing = итоговая оценка не даёт веса критериям: { $criteria }

## KPI руководителей

diag-kpi-missing-scheme = в файле KPI нужен раздел [scheme] с id и name
diag-kpi-duplicate-item = пункт `{ $id }` определён дважды
diag-kpi-bad-source = `{ $value }` — не источник значения; пишите indicator:<id>, nok:total, nok:<критерий или показатель>, journal:closed_on_time или plans:on_time
diag-kpi-no-nok = для значения `nok:` нужна схема НОК, а в пакете её нет ([contents] nok)
diag-kpi-unknown-nok = `{ $name }` — не `total`, не критерий и не показатель схемы НОК
diag-kpi-no-steps = в `steps` не перечислено ни одной ступени
diag-kpi-step-empty = ступени нужен min, max или оба
diag-kpi-pass-empty = для `pass` нужен min, max или оба
diag-kpi-steps-or-pass = пункт начисляет баллы либо ступенями `steps = [{ "{" } min = .., points = .. { "}" }, ...]`, либо порогом `pass = { "{" } min = .. { "}" }` с `points = ..`
diag-kpi-negative-points = баллы не могут быть отрицательными
diag-kpi-step-inverted = у ступени min { $min } больше max { $max }
diag-kpi-no-items = в файле KPI не перечислены пункты ([[item]])

## Планы мероприятий

diag-plan-unknown-indicator = мероприятие { $number }: в методике нет показателя результата `{ $indicator }`
diag-plan-missing-section = в плане нужен раздел [plan] с id, name, from и to
diag-plan-duplicate-measure = мероприятие { $number } указано дважды
diag-plan-unknown-group = нет группы [[group]] `{ $id }`
diag-plan-approved-on = срок, отсчитываемый от утверждения приказа, требует `approved_on` в [plan]
diag-plan-bad-term = `{ $term }` — не срок; пишите "permanent", "quarterly", "yearly", "individual", { "{" } by = 2018-12-31 { "}" } или { "{" } days_after_approval = 30 { "}" }
diag-plan-result-indicator = показатель результата — это `indicator:<id>` или `nok:<величина>`
diag-plan-target-indicator = для `target` нужен `indicator`, по которому его проверять
diag-plan-target-empty = цели нужен min, max или change
diag-plan-finding = мероприятие называет недостаток, который оно устраняет (`finding` или `basis` плана)
diag-plan-responsible = мероприятие называет ответственного (`responsible` — свой или плана)
diag-plan-no-measures = в плане не перечислено ни одного мероприятия

## Календари, TOML, проверочные случаи

diag-calendar-needs-year = `{ $key }` относится к году: в файле нужен `year = ...`
diag-calendar-move-from-weekday = постановление переносит выходной только с субботы или воскресенья, а { $date } — { $weekday ->
        [Mon] понедельник
        [Tue] вторник
        [Wed] среда
        [Thu] четверг
       *[Fri] пятница
    }
diag-calendar-move-to-day-off = { $date } уже выходной: постановление переносит выходной на рабочий день
diag-calendar-moves-need-decree = для переносов нужен раздел [decree] с постановлением, которое их вводит (number, date, title, title_en)
diag-calendar-not-in-year = { $what ->
        [holiday] праздник
       *[other] перенесённый день
    } { $date } не относится к { $year } году — году этого файла
diag-toml-syntax = файл не является корректным TOML: { $detail }
# `detail` — слова средства чтения TOML (по-английски).
diag-toml-shape = значение не того вида или лишний ключ: { $detail }
diag-toml-not-a-list = `{ $key }` должен быть списком (таблицы `[[{ $key }]]` или `[...]`), а найдено: { $type }
diag-empty-tests = манифест называет папку проверок `{ $dir }`, но в пакете в ней нет ни одного файла
diag-case-unknown-kind = неизвестный вид проверочного случая `{ $kind }`; виды: { $kinds }
diag-case-needs-period = проверочный случай оценки указывает оцениваемый период `period` (`period = "2026-Q3"`)
diag-case-bad-period = `{ $text }` — не период; пишите 2026, 2026-H2, 2026-Q3 или 2026-07
diag-case-bad-entity = `entity` = `{ $entity }`: пишите уровень:id (unit:U1, org:O1, group:G1, region:R)
diag-case-needs-data = проверочный случай оценки называет папку данных `data` (рядом со случаем, с units.csv и таблицами)
diag-case-missing-units = случай читает папку `{ $data }`, но `{ $units }` в пакете нет
diag-case-expects-nothing = случай ничего не ожидает: добавьте строки [[deviation]] или [expect] deviations = N

## Матрица ответственности: отборы, роли, эскалация, проверка исправлений

diag-unknown-process = в пакете нет процесса `{ $id }`
diag-unknown-process-suggest = в пакете нет процесса `{ $id }`; возможно, имелся в виду `{ $suggestion }`?
diag-unknown-role = в этом файле нет роли `{ $id }`
diag-unknown-role-suggest = в этом файле нет роли `{ $id }`; возможно, имелась в виду `{ $suggestion }`?
diag-selector-star-in-list = `{ $key }`: "*" («любой») пишется отдельно, не внутри списка
diag-selector-not-texts = `{ $key }` перечисляет тексты, а найдено: { $type }
diag-selector-empty = `{ $key }` — пустой список; для «любого» пишите "*"
diag-selector-shape = `{ $key }` — текст, список текстов или "*", а найдено: { $type }
diag-selector-value = `{ $key }`: `{ $value }` не входит в { $expected }
diag-matrix-no-rows = в матрице ответственности нет строк [[row]]: добавьте строки, называющие, кто отвечает за отклонения
diag-duplicate-role = роль `{ $id }` определена дважды
diag-role-country = роли работают на уровне дерева региона (unit, org, group, region); об отклонениях уровня страны сообщается, но они никому не направляются
diag-matrix-level-country = `level`: матрица направляет отклонения дерева региона (unit, org, group, region); об отклонениях уровня страны сообщается, но они никому не направляются
diag-matrix-term-days = `term_days` — число календарных дней от 1 до 3650
diag-matrix-recurrence = `recurrence` — число периодов, не меньше 2 (чтобы эскалировать сразу при выявлении, используйте `at_once`)
diag-escalate-unknown-role = `escalate.to` называет роль `{ $id }`, которой нет в этом файле
diag-escalate-no-target = `escalate` говорит когда, но не кому: добавьте `to = ["роль", ...]`
diag-never-escalates = `escalate.to` задан, но ни одно условие — нет: задайте `overdue`, `recurrence` или `at_once`
diag-matches-nothing = эта строка не подходит ни к одному показателю пакета ни на одном уровне, где он вычисляется
diag-escalation-twice = лестница эскалации называет роль `{ $id }` дважды (роль строки тоже считается)
diag-escalation-down = лестница эскалации идёт вниз: `{ $id }` работает на уровне { $role_level }, ниже уровня { $level } предыдущей ступени
diag-verify-periods = `periods` — число оцениваемых периодов подряд внутри коридора, от 1 до 24
diag-verify-gap = ни одно правило [[verify]] файла ответственности не говорит, как проверяется исправление по { $indicators }{ $more ->
        [0] { "" }
       *[other] { " " }и ещё { $more }
    }; добавьте правило (`indicator = "*"` покрывает все показатели)

## Источники, таблицы, эталонные значения страны, размер пакета

diag-bad-source-key = `{ $key }` не ключ источника: нужны заглавные латинские буквы и номер, например L1 или R17
diag-bad-source-link = ссылка источника `{ $key }` должна быть веб-адресом, начинающимся с https:// или http://, а не `{ $link }`
diag-duplicate-source = источник `{ $key }` указан дважды
diag-unknown-table = неизвестная таблица `{ $name }`; таблицы: { $tables }
diag-country-levels = эталонное значение с `country = true` оценивает только страну; уберите `levels`
diag-levels-country = страна оценивается только эталонными значениями с `country = true`; уберите `country` из `levels`
diag-package-too-large = в пакете { $bytes } { $bytes ->
        [one] байт
        [few] байта
       *[many] байт
    } текста; эта система принимает не больше { $max }

## Формулы и скрипты

diag-formula-unknown-name = `{ $name }` — не мера и не параметр этого пакета
diag-formula-unknown-name-suggest = `{ $name }` — не мера и не параметр этого пакета; возможно, имелось в виду `{ $suggestion }`?
diag-script-functions-only = файл скрипта может только определять функции (`fn name(...) { "{" } ... { "}" }`); перенесите остальные инструкции в функцию
diag-script-no-import = скрипты не могут импортировать модули; общие функции поместите в скрипт, указанный в манифесте
diag-script-too-deep = выражение вложено слишком глубоко
diag-script-ends-early = текст обрывается раньше времени: не хватает закрывающей скобки или аргумента
# `detail` — слова движка скриптов (по-английски).
diag-script-syntax = синтаксическая ошибка в формуле или скрипте: { $detail }

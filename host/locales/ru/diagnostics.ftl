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

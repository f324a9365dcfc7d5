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

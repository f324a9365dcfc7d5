# Ошибки расчёта (etalon_core::EvaluationError и сбои скриптов в нём),
# сведения итогов и отчёта. Английский текст — собственный текст ошибок;
# тест следит, чтобы они совпадали.

## Скрипт правила завершился ошибкой

# Название предела песочницы (`limit` — его ключ).
eval-limit-name = { $limit ->
    [operations] бюджет операций
    [call_depth] глубина вызовов
    [expression_depth] глубина выражений
    [string_size] длина строки
    [array_size] размер массива
    [map_size] размер словаря
   *[variables] число переменных
}
# `detail` — слова самого движка скриптов (по-английски).
eval-script-failed = { $file }:{ $line }:{ $column }: скрипт правила `{ $rule }` завершился ошибкой: { $detail }
eval-script-limit = { $file }:{ $line }:{ $column }: скрипт правила `{ $rule }` превысил предел ({ eval-limit-name }) и был остановлен
# `words` — собственные слова движка о том, что не так.
eval-script-failed-said = { $file }:{ $line }:{ $column }: скрипт правила `{ $rule }` завершился ошибкой: { $words }
# Собственные слова движка о сбое (`call` — вызов, как его пишет движок
# скриптов; `type` — название типа в скриптах).
script-undefined = здесь значение не определено (доля при нулевой базе?) в `{ $call }`; проверьте его через defined(x) или замените через or_else(x, 0)
script-not-a-number = формула должна давать число, а дала { $type }
eval-script-cancelled = { $file }:{ $line }:{ $column }: правило `{ $rule }`: расчёт отменён
# Много сбоев: заголовок, затем строка на каждый (`words` — сам сбой).
eval-scripts = { $count ->
    [one] { $count } ошибка скрипта остановила расчёт:
    [few] { $count } ошибки скриптов остановили расчёт:
   *[many] { $count } ошибок скриптов остановили расчёт:
}
eval-scripts-one = { $words } ({ $times } { $times ->
        [one] значение
        [few] значения
       *[many] значений
    }, первое: { $first })
eval-scripts-more = … и ещё { $more }

## Пакет правил (или план), который не компилируется (`words` — первая ошибка)

eval-package-invalid = в пакете правил { $errors } { $errors ->
        [one] ошибка
        [few] ошибки
       *[many] ошибок
    } и { $warnings } { $warnings ->
        [one] предупреждение
        [few] предупреждения
       *[many] предупреждений
    }
eval-package-invalid-first = { eval-package-invalid }; первая: { $words }

## Запрос, даты данных, пределы системы

eval-no-indicator = в пакете правил нет показателя `{ $indicator }`
eval-needs-measure = показателю `{ $indicator }` нужна мера `{ $measure }`
eval-no-calendar-region = в производственном календаре нет региона `{ $code }` (в нём объявлены: { $known })
eval-no-calendar-region-none = в производственном календаре нет региона `{ $code }` (в нём не объявлено ни одного региона)
eval-too-many-records = в наборе данных { $records } { $records ->
        [one] запись
        [few] записи
       *[many] записей
    }; этот расчёт допускает не больше { $limit }
eval-cancelled = расчёт отменён
eval-deadline = расчёт не уложился в отведённое время и был остановлен
eval-outside-coverage = данные охватывают даты с { $from } по { $to } (основные даты записей); период { $period } лежит за их пределами
eval-not-in-force = пакет правил { $package } действует с { $from } и не действует в периоде { $period }
eval-not-in-force-until = пакет правил { $package } действует с { $from } по { $to } и не действует в периоде { $period }

## Сведение итогов (`entity` — уровень:id части, в которой ошибка)

rollup-unreadable = итоги не читаются: { $detail }
rollup-level = сведение даёт регион или страну, а не { $level ->
        [unit] подразделение
        [org] организацию
       *[group] группу
    }
rollup-nothing = { $entity }: нет итогов для сведения
rollup-no-period = { $entity }: в итогах нет ни одного периода
rollup-other-package = { $entity }: итоги посчитаны по пакету правил { $theirs }, а не { $ours }
rollup-part-level = { $entity }: { $level ->
        [country] страна сводится
       *[region] регион сводится
    } из итогов { $part_level ->
        [region] регионов
       *[group] групп
    }
rollup-twice = { $entity }: итоги переданы дважды
rollup-other-periods = { $entity }: итоги охватывают { $theirs }, а итоги { $first } — { $periods }
rollup-other-measures = { $entity }: в итогах не те меры, что в пакете правил
rollup-values = { $entity }: в итогах { $values } { $values ->
        [one] значение
        [few] значения
       *[many] значений
    }, а должно быть { $measures } × { $periods } (мер × периодов)
rollup-no-process = { $entity }: в пакете правил нет процесса `{ $process }`
rollup-not-a-window = { $entity }: периоды итогов { $periods } не идут подряд

## Отчёты

report-unknown-entity = в дереве организаций нет { $level ->
        [unit] подразделения
        [org] организации
        [group] группы
        [region] региона
       *[country] страны
    } `{ $id }`
# `detail` — слова средства записи таблиц (по-английски).
report-spreadsheet = электронная таблица не записана: { $detail }

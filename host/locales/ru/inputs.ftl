# Ошибки входных данных оценок: значения KPI и оцениваемый период,
# отметки об исполнении плана, небольшие текстовые таблицы (CSV или JSON)
# для оценок, политики НОК, период и сведение НОК. Английский текст —
# собственный текст ошибок; тест следит, чтобы они совпадали.

## KPI

kpi-no-scheme = в пакете правил нет схемы KPI (добавьте `kpi = "..."` в [contents])
kpi-input = значения для KPI: { $words }
kpi-quarterly = в схеме есть квартальные пункты, поэтому нужна оценка за квартал, а не за { $period }
kpi-negative = `{ $id }`, значение `{ $source }` = { $value }: значения не бывают отрицательными
kpi-other-period = период { $asked } не совпадает с периодом переданной оценки ({ $evaluated })
kpi-no-period = укажите оцениваемый период или оценку за него

## Отметки об исполнении плана (`words` — что не так)

plan-executions = отметки об исполнении: { $words }
plan-executions-line = отметки об исполнении, строка { $line }: { $words }
plan-unknown-column = неизвестный столбец `{ $name }`; столбцы: measure, org_id, done_on, period, note
plan-no-cell = не заполнено `{ $column }`
plan-measure-number = в `measure` указывается номер мероприятия
plan-not-a-date = `{ $text }` — не дата вида 2018-03-31
plan-no-measure = в плане нет мероприятия { $number }
plan-unknown-org = организации `{ $org }` нет среди организаций плана

## Текстовая таблица для оценки (`words` — что не так)

scoring-file = { $path }: { $words }
scoring-file-at = { $path }, { $words }
table-line = строка { $line }: { $words }
table-fields = в этой строке { $fields } { $fields ->
        [one] поле
        [few] поля
       *[many] полей
    }, а в заголовке { $header }
# `detail` — слова средства чтения CSV или JSON (по-английски).
table-csv = файл CSV не читается: { $detail }
table-json = файл JSON не читается: { $detail }
table-not-an-array = ожидался массив объектов, по одному на строку
table-not-an-object = запись { $record } — не объект
table-nested = в `{ $key }` список или объект, а нужно одно значение

## НОК: схема, баллы, политики, период, сведение

nok-no-scheme = в пакете правил нет схемы НОК (добавьте `nok = "..."` в [contents])
nok-out-of-range = показатель { $indicator } даёт организации `{ $org }` баллы { $value }, а баллы — от 0 до 100 (не нужен ли показателю `cap`?)
nok-policy = политика оценки: { $words }
nok-policy-value = { $policy ->
    [zero_base] `{ $value }` — не правило нулевой базы; пишите reweight, zero или undefined
    [skipped_answers] `{ $value }` — не правило пропущенных ответов; пишите ignore или count
    [min_respondents] min_respondents — целое число, а не `{ $value }`
    [decimals] decimals — от 0 до 28, а не `{ $value }`
    [rounding] `{ $value }` — не способ округления; пишите half_away_from_zero, half_even, toward_zero или away_from_zero
   *[no_questionnaires] `{ $value }` — не правило для организаций без анкет; пишите not_assessed или facts_only
}
nok-policy-option = `{ $value }` — не вариант выбора `{ $choice }`; варианты: { $options }
nok-policy-unknown = неизвестная политика `{ $policy }`; политики: { $known }
nok-period-no-rows = во входных данных НОК нет ни одной строки
nok-period-choose = во входных данных НОК несколько периодов ({ $periods }); укажите один
nok-period-none-for = во входных данных НОК нет строк за { $period }; в них есть: { $held }
nok-rollup-nothing = страна { $country }: нет оценок НОК для сведения
nok-rollup-other-scheme = регион { $region }: НОК посчитана по { $theirs }, а не по { $ours }
nok-rollup-other-period = регион { $region }: НОК за { $theirs }, а у региона { $other } — за { $period }
nok-rollup-other-policies = регион { $region }: НОК посчитана при других политиках оценки, чем у региона { $other }; для общих показателей политики должны совпадать
nok-rollup-twice = регион { $region }: оценки НОК переданы дважды
nok-rollup-other-criteria = регион { $region }: организация { $org } оценена не по критериям и показателям этой схемы

## Аргументы, которые привязка отвергает сама (аргумент назван отдельно)

arg-null = null там, где нужно значение
arg-null-inside = null там, где нужно значение (поле записи или элемент списка)
arg-not-negative = должно быть 0 или больше
arg-threads = должно быть 0 (все ядра) или больше

## Файл тестового случая пакета, который не запустить (`etalon rules test`).
# `detail`: слова самого разборщика TOML, чтения таблицы или расчёта;
# `suggestion`: близкое имя или `none`.

case-toml = файл случая — не TOML (строка { $line }, столбец { $column }): { $detail }
case-toml-nowhere = файл случая — не TOML: { $detail }
case-unknown-section = неизвестный раздел `{ $section }`; в случае бывают разделы { $sections }
case-no-case = случаю нужен раздел [case] с названием (name) и видом (kind)
case-unknown-kind = неизвестный вид случая `{ $kind }`; виды: { $kinds }
case-file-missing = случай читает `{ $file }`, а такого файла в пакете нет
case-file-bad = { $file }, строка { $line }: { $detail }
case-rows-twice = дайте строки либо в [[row]], либо в `input`, но не там и там
case-tolerance = `tolerance` — не число
case-csv-no-column = строка { $line }: нет `{ $column }`
case-expects-nothing = случай ничего не ожидает: добавьте показатели в [expect.org.<id>] (или ошибку)
case-scoring-failed = расчёт не удался: { $detail }
case-no-nok = в пакете нет схемы НОК
case-no-kpi = в пакете нет схемы KPI
case-per-year = `per_year` — целое число
case-kpi-feeds-nothing = `{ $column }` не питает ни одного пункта схемы KPI, и случай его бы не проверил{ $suggestion ->
    [none] {""}
   *[other] ; может быть, `{ $suggestion }`?
}
case-row-no-column = строка { $row }: нет `{ $column }`
case-row-not-a-number = строка { $row }: `{ $column }` = `{ $value }` — не число
case-row-bad-period = строка { $row }: `{ $text }` — не период; пишите 2026, 2026-H2, 2026-Q3 или 2026-07
case-indicator-unnamed = случай вида indicator называет свой индикатор (`indicator`)
case-indicator-unknown = индикатора `{ $indicator }` нет{ $suggestion ->
    [none] {""}
   *[other] ; может быть, `{ $suggestion }`?
}
case-indicator-no-date = случай вида indicator даёт дату (`date`), на которую выбираются эталоны
case-indicator-bad-date = `date` = `{ $date }` — не дата (ГГГГ-ММ-ДД)
case-indicator-bad-level = `level` = `{ $level }`: пишите unit, org, group или region
case-indicator-no-rows = случаю вида indicator нужны строки [[given]] (или `input`)
case-given-unknown-measure = строка given { $row }: `{ $measure }` — не мера пакета{ $suggestion ->
    [none] {""}
   *[other] ; может быть, `{ $suggestion }`?
}
case-given-not-whole = строка given { $row }: `{ $measure }` = `{ $value }` — не целое число
case-given-value-not-a-number = строка given { $row }: ожидаемое `value` = `{ $value }` — не число (дробная часть через точку: 0.5)
case-given-failed = строка given { $row }: { $detail }
case-given-nothing = строка given { $row }: укажите ожидаемое значение (`value`) или суждение (`judgement`)
case-evaluation-no-period = случай вида evaluation даёт оцениваемый период (`period`)
case-evaluation-no-data = случай вида evaluation называет папку данных `data` (рядом со случаем, с units.csv и таблицами)
case-evaluation-tables = таблицы случая не читаются: { $detail }
case-evaluation-compare = отклонения не сверить: { $detail }
case-evaluation-expects-nothing = случай ничего не ожидает: добавьте строки [[deviation]] или [expect] deviations = N
case-deviation-not-a-list = `deviation` — список таблиц: пишите [[deviation]]
case-deviation-unknown-key = отклонение { $n }: неизвестный ключ `{ $key }`; в отклонении бывают { $keys }
case-deviation-no-key = отклонение { $n }: укажите его `{ $key }`
case-deviation-bad-severity = отклонение { $n }: `severity` = `{ $severity }`: пишите warning или critical
case-deviations-not-whole = `deviations` = `{ $value }` — не целое число

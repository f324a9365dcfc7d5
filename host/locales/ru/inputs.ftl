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

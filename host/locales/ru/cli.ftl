# Слова самой команды `etalon`.

cli-error = etalon: ошибка
package-has-errors = в пакете правил есть ошибки:
diagnostics-summary = ошибок: { $errors }, предупреждений: { $warnings }
cli-warning = etalon: предупреждение

## Отказы в том, что передано в командной строке

cli-cannot-read = { $path }: не удалось прочитать: { $reason }
cli-cannot-write = { $path }: не удалось записать: { $reason }
cli-json-failed = не удалось записать JSON: { $reason }
cli-generated-invalid = сгенерированные данные некорректны: { $reason }
cli-policy-form = --policy `{ $policy }`: пишите ID=ЗНАЧЕНИЕ, например zero_base=zero
cli-nok-needs-period = для оценки папки данных нужен --period (год оценки, например 2026)
cli-nok-no-facts = { $path }: нет { $table }.csv: для НОК, кроме анкет, нужна строка фактов по каждой оцениваемой организации (укажите её через --facts)
cli-no-year = у периода { $period } нет года
cli-not-an-evaluation = { $path }: это не оценка, записанная командой `etalon evaluate --format json`: { $reason }
cli-evaluation-or-period = укажите --evaluation <ФАЙЛ> или --period <ПЕРИОД>
cli-record-needs-role = для `record { $kind }` нужен --role
cli-journal-no-such = { $path }: такого журнала нет
cli-journal-head-form = --head принимает не меньше 8 шестнадцатеричных цифр последнего хеша

## `etalon journal`: предупреждения и подтверждения

cli-journal-torn-cut = { $path } заканчивался неполной строкой ({ $bytes } { $bytes ->
    [one] байт
    [few] байта
   *[many] байт
} с позиции { $offset }, запись прервалась); она отрезана, все полные события сохранены
cli-journal-newline-restored = { $path }: в последней строке не хватало только завершающего перевода строки; строка цела и её хеш верен, поэтому она сохранена, а перевод строки восстановлен
cli-journal-torn-left-out = { $path } заканчивается неполной строкой ({ $bytes } { $bytes ->
    [one] байт
    [few] байта
   *[many] байт
}, запись прервалась); она не учитывается
cli-journal-torn-merge = { $path } заканчивается неполной строкой ({ $bytes } { $bytes ->
    [one] байт
    [few] байта
   *[many] байт
}); она не учитывается
cli-journal-applied = { $path }: оценка за { $period } применена { $date }: записано событий: { $count }{ $kinds }
cli-journal-totals = отклонений в журнале: { $count }, открыто: { $open }, просрочено: { $overdue }
cli-journal-recorded = { $path }: `{ $kind }` записано для { $deviation } ({ $event })
cli-journal-already-recorded = { $path }: в журнале уже есть это событие { $kind } ({ $event }); ничего не записано
cli-journal-merged = { $path }: объединено журналов: { $journals }; добавлено событий: { $added }, уже были: { $there }
cli-journal-merge-conflict = конфликт: { $event } ({ $deviation }): { $why }

## `etalon journal show`

cli-journal-show-heading = Журнал { $path }: отклонений: { $count }; показано { $which ->
    [overdue] просроченных
   *[open] открытых
}: { $shown } (просрочено: { $overdue }) на { $date }; последний период: { $last ->
    [none] нет
   *[other] { $last }
}
cli-journal-open-heading = Открытые отклонения, сначала просроченные
cli-column-due = срок
cli-column-overdue = просрочка
cli-column-severity = критичность
cli-column-stage = этап
cli-column-owner = ответственный
cli-column-deviation = отклонение
cli-days = { $count } дн.
cli-severity = { $severity ->
    [warning] предупр.
   *[critical] критич.
}
cli-stage = { $stage ->
    [detected] выявлено
    [assigned] назначено
    [cause_recorded] причина
    [action_planned] действие
    [corrected] исправлено
    [verified] проверено
   *[closed] закрыто
}
cli-unassigned = не назначено
cli-journal-times = { " " }({ $what ->
    [escalated] эскалаций
   *[reopened] повторных открытий
}: { $count })
cli-journal-by-owner-heading = По уровням и ответственным
cli-journal-level = { $level ->
    [unit] подразделение
    [org] организация
    [group] группа организаций
    [region] регион
   *[country] страна
}
cli-journal-owner-counts = { $owner } открыто: { $open }, просрочено: { $overdue }
cli-journal-on-time-heading = Закрыто в срок (из отклонений, закрытых или с истёкшим сроком)
cli-journal-by-organisation = по организациям
cli-journal-by-manager = по руководителям
cli-journal-on-time = { $who } { $on_time } из { $counted } { $share }
cli-journal-conflicts-heading = Конфликты ({ $count }): хранятся в журнале, но не учитываются
cli-journal-conflict-line = { $event } ({ $deviation }): { $why }

## `etalon journal verify`

cli-journal-verify-problem = { $path }: { $problem }
cli-journal-verify-torn = { $path }: последняя строка неполная ({ $bytes } { $bytes ->
    [one] байт
    [few] байта
   *[many] байт
} с позиции { $offset }): запись прервалась или файл обрезан
cli-journal-verify-unterminated = { $path }: в последней строке не хватает только завершающего перевода строки (строка цела, её хеш верен); следующее изменение его восстановит
cli-journal-verify-head = { $path }: цепочка заканчивается на { $hash }, а не на переданном хеше: строки удалены с конца или переписаны
cli-journal-verify-summary = { $path }: строк: { $lines }, { $intact ->
    [yes] все строки целы, цепочка не нарушена
   *[no] НАРУШЕНА целостность
}; последняя строка { $seq }, хеш { $hash }

## Ход работы (в терминале)

cli-progress-compiling = компиляция пакета правил
cli-progress-reading = чтение { $path }
cli-progress-evaluating = вычисление
cli-progress-evaluating-records = вычисление по { $count } { $count ->
    [one] записи
   *[other] записям
}
cli-progress-evaluating-folder = вычисление { $path }
cli-progress-rolling-up = сведение по стране
cli-progress-generating = создание демонстрационного региона
cli-progress-validating = проверка записей
cli-progress-writing-data = запись данных
cli-progress-writing-report = запись отчёта
cli-progress-scoring = расчёт баллов

## `etalon evaluate` (and the summary of `etalon demo`)

cli-eval-heading = Регион { $region } — период { $period } — { $package } { $version } (редакция { $edition })
cli-eval-entities = { $level ->
    [country] { $count ->
        [one] { $count } страна
        [few] { $count } страны
       *[other] { $count } стран
    }
    [region] { $count ->
        [one] { $count } регион
        [few] { $count } региона
       *[other] { $count } регионов
    }
    [group] { $count ->
        [one] { $count } группа
        [few] { $count } группы
       *[other] { $count } групп
    }
    [org] { $count ->
        [one] { $count } организация
        [few] { $count } организации
       *[other] { $count } организаций
    }
   *[unit] { $count ->
        [one] { $count } подразделение
        [few] { $count } подразделения
       *[other] { $count } подразделений
    }
}
cli-eval-values = значений показателей: { $values }; сопоставлено с эталонными значениями: { $judged }; база слишком мала для суждения: { $small }
cli-eval-note = Примечание: { $message }
cli-eval-deviations-table = Отклонения
cli-eval-level = { $level ->
    [country] страна
    [region] регион
    [group] группы
    [org] организации
   *[unit] подразделения
}
cli-eval-total = всего
cli-eval-worst-heading = Показатели с наибольшим числом отклонений
cli-eval-critical = критич.
cli-eval-deviations-heading = Отклонения{ $level ->
    [country] { " " }(страна)
    [region] { " " }(регион)
    [group] { " " }(группы)
    [org] { " " }(организации)
    [unit] { " " }(подразделения)
   *[all] {""}
}
cli-eval-level-short = { $level ->
    [country] страна
    [region] регион
    [group] группа
    [org] орг.
   *[unit] подр.
}
cli-eval-more = … и ещё { $count } (все значения с объяснениями: --format json)
cli-eval-none = нет

## `etalon score nok` and `etalon score kpi`

cli-column-rank = место
cli-column-org = орг.
cli-column-total = итого
cli-column-name = название
cli-column-rank-in-group = в группе
cli-column-id = код
cli-column-points = баллы
cli-column-max = макс.
cli-column-percent = %
cli-score-more = … и ещё { $count } (все: --format json)
cli-nok-heading = НОК { $period } — { $scheme } ({ $edition }) — пакет { $package } { $version }
cli-nok-policies = Действующие правила расчёта:
cli-nok-assessed = оценено организаций: { $count }
cli-nok-orgs = орг.: { $count }
cli-nok-groups = Группы (среднее по их организациям)
cli-nok-sectors = Отрасли (типы организаций)
cli-nok-region = Регион
cli-nok-region-orgs = орг.: { $count }, с итоговым баллом: { $total }
cli-nok-policy-notes = Где правило расчёта изменило значение
cli-nok-not-assessed = Оценка не проводилась
cli-kpi-heading = KPI { $period } — { $scheme } — пакет { $package } — места по { $rank ->
    [points] баллам
   *[percent] доле от максимума
}; руководители управлений: { $heads ->
    [mean] среднее по их директорам
   *[group] собственные показатели группы
}
cli-kpi-directors = Директора организаций
cli-kpi-heads = Руководители территориальных управлений
cli-kpi-explain-heading = { $id } { $name }: { $points } из { $max } баллов
cli-kpi-of = из
cli-kpi-no-manager = нет директора или руководителя `{ $id }`

## `etalon rules test`

cli-test-ok = пройден
cli-test-failed = НЕ ПРОЙДЕН
cli-test-case-passed = { $file } — { $name } (проверок: { $checks })
cli-test-expected = ожидалось
cli-test-got = получено
cli-test-check = { $check ->
    [given] дано
    [error] ошибка
    [missing] не найдено
    [severity] тяжесть
    [owner] ответственный
    [unexpected] лишнее
   *[count] число всех отклонений
}
cli-test-no-value = нет значения
cli-test-no-such-figure = нет такой величины
cli-test-no-deviation = нет отклонения
cli-test-no-error = ошибки нет
cli-test-exactly = { $shown } (точно { $exactly })
cli-test-exactly-more = { $shown } (точно { $exactly }…)
cli-test-summary = тестовых случаев: { $cases }; пройдено: { $passed }, не пройдено: { $failed }
cli-test-none = { $path }: тестовых случаев нет (назовите их папку ключом `tests = "tests"` в [contents] и положите в неё файлы случаев)

## `etalon plan status`

cli-plan-heading = { $plan } — состояние на { $on }
cli-plan-summary = сроков исполнения соблюдено: { $on_time } из { $due } ({ $share })
cli-plan-org = { $on_time } из { $due } сроков соблюдено ({ $share })  просроченные мероприятия: { $overdue }
cli-plan-none = нет
cli-plan-overdue = ПРОСРОЧ.
cli-plan-late = с опозд.
cli-plan-due = срок { $due }
cli-plan-due-done = срок { $due }, исполнено { $done }
cli-plan-results = Показатели результата
cli-plan-baseline = база
cli-plan-target = цель
cli-plan-reached = { $reached ->
    [yes] достигнута
    [no] НЕ достигнута
   *[none] нет значения
}

## `etalon country`

cli-country-heading = { $name } ({ $id }) — период { $period } — { $package } { $version } (редакция { $edition })
cli-country-regions = регионов: { $count }
cli-column-region = регион
cli-column-values = значений
cli-column-deviations-by-severity = отклонения (предупр. / критич.)
cli-country-indicators = Показатели страны (суммы показателей регионов)
cli-country-base = база
cli-country-judgement = { $judgement ->
    [normal] норма
    [warning] предупреждение
    [critical] КРИТИЧНО
    [small_base] база слишком мала для суждения
    [no_reference] нет эталонного значения для страны
   *[no_value] нет значения
}
cli-country-deviations = Отклонения страны: { $count }
cli-country-nok = НОК { $period }: по стране { $total }, организаций: { $count }

## `etalon demo`

cli-demo-heading = etalon demo: { $region } (записей: { $records }, подразделений: { $units }) создано и проверено за { $loaded } с, оценено за { $evaluated } мс
cli-demo-planted = Заложено намеренно и найдено:
cli-demo-found = { $held ->
    [yes] найдено
   *[no] ПРОПУЩЕНО
}
cli-demo-expected-band = { $severity ->
    [warning] отклонение за границей предупреждения
   *[critical] критическое отклонение
}, эскалировано
cli-demo-expected-trend = тренд `{ $rule }`
cli-demo-expected-not-judged = не оценивается (мала база)
# What the generator planted in a unit (`etalon demo`), by its key.
cli-demo-plant = { $what ->
    [ma-late] пятая часть решений принята позже 10 рабочих дней
    [ma-small] подразделение с тремя заявлениями в квартал: показатель выводится, но не оценивается
    [hc-late] 6 % запланированных услуг оказаны с опозданием в последнем квартале
    [hc-noise] шум: 4 жалобы на 100 получателей примерно при сотне получателей — при норме 1 на 100 так случайно бывает примерно раз из 50
    [hc-surge] всплеск жалоб (12 на 100 получателей): больше, чем бывает случайно
    [hc-noise-small] шум: от 2 до 4 жалоб в малом подразделении (3 на 100 получателей), в пределах случайности
    [st-late] пятая часть поездок — на день позже назначенного дня, три квартала подряд
    [us-recurrence] 6 % срочных услуг с опозданием за пять и за три квартала до последнего и в последнем, между ними в срок: коррекция, которая не помогла, коррекция, которая удержалась, и повторение
    [dc-drift] посещаемость падает 99 → 97 → 95 → 93 %, оставаясь в пределах нормы
    [co-p-chart] консультации в день обращения 98 % → 93 % при базе 500: в пределах нормы, но за границами p-карты
    [rc-overcrowding] переполнение: использовано 104 % койко-дней
    [ts-under-use] недозагрузка: использовано 70 % койко-дней
    [al-no-stock] 8 % заявок отклонены из-за отсутствия средств на складе
    [dr-dynamics] доля положительной динамики при повторной диагностике падает до 65 %
    [gen-recognition] пятая часть решений о признании нуждающимся в социальном обслуживании принята позже 5 рабочих дней
    [gen-no-measures] обоснованная жалоба, по которой не приняты меры
    [rc-state-assignment] государственное задание выполнено на 80 % объёма
   *[dc-staffing] треть ставок вакантна, половина персонала без повышения квалификации
}
cli-demo-noise = Заложенный шум (малые подразделения, случайно вышедшие за границу), оставлены под наблюдением:
cli-demo-watched = { $held ->
    [yes] не эскалировано
   *[no] ЭСКАЛИРОВАНО
}
cli-demo-chance = { " " }(случайно с вероятностью { $percent } %)
cli-demo-journal-heading = Журнал отклонений: периоды с { $first } по { $last } применены по очереди, каждый через десять дней после конца квартала
cli-demo-journal-followed = отслеживается отклонений: { $count }; открыто: { $open }, вернулись в норму и проверяются: { $corrected }, проверено: { $verified } (закрывают ответственные)
cli-demo-journal-events = записано событий: { $events }; повторных открытий после не удержавшейся коррекции: { $failed }
cli-demo-journal-open = открытые на { $today }, сначала просроченные:
cli-demo-journal-days = { $days } дн.
cli-demo-journal-more = … и ещё { $count } (`etalon journal show`)
cli-demo-written = Данные записаны в { $data } (CSV), оценка — в { $evaluation }, журнал — в { $journal }
cli-demo-report = Отчёт по региону: { $path } ({ $size }, записан за { $seconds } с) — откройте в браузере
cli-demo-nok-heading = Независимая оценка качества (НОК) { $year } — { $scheme }: организаций: { $orgs }, анкет: { $questionnaires }; подсчитано и оценено за { $ms } мс
cli-demo-nok-total = итоговый балл региона { $total }
cli-demo-nok-criteria = критерии региона: { $criteria }
cli-demo-best = лучшая
cli-demo-lowest = низшая
cli-demo-policy-changed = значения, изменённые правилом расчёта: { $figures }
cli-demo-kpi-heading = Баллы KPI { $period } — { $scheme } (директоров: { $directors }, руководителей территориальных управлений: { $heads })
cli-demo-directors = директор
cli-demo-heads = руковод.
cli-demo-score-hint = (etalon score nok / score kpi --explain <код> — каждое значение и каждый пункт)

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

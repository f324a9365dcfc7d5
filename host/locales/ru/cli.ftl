# Слова самой команды `etalon`.

cli-error = etalon: ошибка
package-has-errors = в пакете правил есть ошибки:
diagnostics-summary = ошибок: { $errors }, предупреждений: { $warnings }

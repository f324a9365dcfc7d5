# Почему отклонение — отклонение (host/src/explain/reason.rs) и объяснение
# значения показателя (host/src/explain/render.rs).

reason-band = { $value } вне нормы { $normal }
reason-band-warning = { $value } вне нормы { $normal }, в полосе предупреждения { $warning }
reason-band-critical = { $value } вне полосы предупреждения { $warning } (норма { $normal })
reason-trend = { $rule } ({ $value })
reason-watch = { $reason }; на малой базе такое отклонение возникает случайно с вероятностью { $probability } % (внутри границы воронки): сигнал для наблюдения, без эскалации выше своего уровня

# Объяснение значения; ключ выбора даёт слова уровня, оценки, модели
# воронки, положения в ней, класса устойчивости и вида изменчивости.

explain-value = { $level ->
        [country] страна
        [region] регион
        [group] группа
        [org] организация
       *[unit] подразделение
    } { $entity } ({ $name }), { $period }: { $value } — { $judgement ->
        [normal] норма
        [warning] предупреждение
        [critical] критическое
        [insufficient-base] не оценено: мала база
        [no-reference] не оценено: эталон не применим
       *[undefined] не определено: оценивать нечего
    }
explain-formula = формула: { $formula }
explain-counts = { $table }, { $aggregate } по { $period }
explain-where = где { $filter }
explain-base = база: { $base } = { $value } (оценивается от { $min })
explain-none = нет
explain-reference = эталон { $id }: норма { $normal }
explain-warning = предупреждение { $band }
explain-target = цель { $target }
explain-any = любое
explain-source-act = источник (нормативный акт): { $text }
explain-source-proposal = источник (региональное предложение): { $text }
explain-no-reference = эталон: не применим ни один
explain-funnel = воронка ({ $model ->
        [poisson] Пуассон
       *[binomial] биномиальная
    }, { $method ->
        [exact] точная
       *[normal] нормальное приближение
    }): центр { $centre }, 95 % { $lower95 }..{ $upper95 }, 99,8 % { $lower998 }..{ $upper998 }, z { $z }, случайно с вероятностью { $probability } % — { $position ->
        [above95] выше границы 95 %
        [above998] выше границы 99,8 %
        [below95] ниже границы 95 %
        [below998] ниже границы 99,8 %
       *[inside] внутри границ 95 %
    }
explain-assurance = устойчивость за { $points } { $points ->
        [one] период
        [few] периода
       *[many] периодов
    }: { $class ->
        [meets] стабильно выполняет
        [hit-and-miss] то выполняет, то нет
        [fails] стабильно не выполняет
       *[insufficient] недостаточно данных
    }, { $variation ->
        [improving] улучшение
        [deteriorating] ухудшение
        [higher] особая причина: выше
        [lower] особая причина: ниже
       *[common] обычная изменчивость
    }
explain-process-limits = (границы процесса { $lower }..{ $upper })
explain-earlier = ранее: { $values }
explain-no-value = нет значения

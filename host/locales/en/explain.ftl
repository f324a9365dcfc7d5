# Why a deviation is one (host/src/explain/reason.rs) and the explanation
# of an indicator value (host/src/explain/render.rs).

reason-band = { $value } is outside the normal band { $normal }
reason-band-warning = { $value } is outside the normal band { $normal }, inside the warning band { $warning }
reason-band-critical = { $value } is outside the warning band { $warning } (normal { $normal })
reason-trend = { $rule } ({ $value })
reason-watch = { $reason }; on a small base a deviation this far happens by chance with probability { $probability } % (inside the funnel limit): a signal to watch, not escalated beyond its own level

# The explanation of a value; a select key chooses the words of a level,
# judgement, funnel model, position, assurance class or variation.

explain-value = { $level ->
        [country] country
        [region] region
        [group] group
        [org] org
       *[unit] unit
    } { $entity } ({ $name }), { $period }: { $value } — { $judgement ->
        [normal] normal
        [warning] warning
        [critical] critical
        [insufficient-base] not judged: the base is too small
        [no-reference] not judged: no reference value applies
       *[undefined] undefined: nothing to judge
    }
explain-formula = formula: { $formula }
explain-counts = { $table }, { $aggregate } by { $period }
explain-where = where { $filter }
explain-base = base: { $base } = { $value } (judged from { $min })
explain-none = none
explain-reference = reference { $id }: normal { $normal }
explain-warning = warning { $band }
explain-target = target { $target }
explain-any = any
explain-source-act = source (act): { $text }
explain-source-proposal = source (regional proposal): { $text }
explain-no-reference = reference: none applies
explain-funnel = funnel ({ $model ->
        [poisson] Poisson
       *[binomial] binomial
    }, { $method ->
        [exact] exact
       *[normal] normal
    }): centre { $centre }, 95 % { $lower95 }..{ $upper95 }, 99.8 % { $lower998 }..{ $upper998 }, z { $z }, by chance { $probability } % — { $position ->
        [above95] above the 95 % limit
        [above998] above the 99.8 % limit
        [below95] below the 95 % limit
        [below998] below the 99.8 % limit
       *[inside] inside the 95 % limits
    }
explain-assurance = assurance over { $points } period(s): { $class ->
        [meets] consistently meets
        [hit-and-miss] hit and miss
        [fails] consistently fails
       *[insufficient] insufficient data
    }, { $variation ->
        [improving] improving
        [deteriorating] deteriorating
        [higher] special cause upward
        [lower] special cause downward
       *[common] common-cause variation
    }
explain-process-limits = (process limits { $lower }..{ $upper })
explain-earlier = earlier: { $values }
explain-no-value = no value

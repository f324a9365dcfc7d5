//! Functions registered for scripts: the vocabulary of indicator formulas
//! and scoring rules. `rules/README.md` lists them for methodologists.

use rhai::packages::{Package, StandardPackage};
use rhai::{Dynamic, Engine, EvalAltResult, INT};
use rust_decimal::Decimal;

type Fallible<T> = Result<T, Box<EvalAltResult>>;

/// A number given to a script function: `()` is undefined.
pub(crate) fn to_decimal(v: &Dynamic) -> Result<Option<Decimal>, String> {
    if v.is_unit() {
        Ok(None)
    } else if let Some(d) = v.clone().try_cast::<Decimal>() {
        Ok(Some(d))
    } else if let Some(i) = v.clone().try_cast::<INT>() {
        Ok(Some(Decimal::from(i)))
    } else {
        Err(format!(
            "found {} where a number was expected",
            v.type_name()
        ))
    }
}

fn num(v: &Dynamic, function: &str) -> Fallible<Option<Decimal>> {
    to_decimal(v).map_err(|m| format!("{function}(): {m}").into())
}

fn out(v: Option<Decimal>) -> Dynamic {
    v.map_or(Dynamic::UNIT, Dynamic::from_decimal)
}

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;
const THOUSAND: Decimal = Decimal::ONE_THOUSAND;

/// `numerator / base × scale`, undefined for a zero base.
fn scaled(a: Option<Decimal>, b: Option<Decimal>, scale: Decimal) -> Option<Decimal> {
    let (a, b) = (a?, b?);
    if b.is_zero() {
        return None;
    }
    a.checked_mul(scale)?.checked_div(b)
}

/// A formula computed without the script engine: one call of a built-in
/// over two inputs, or one input as it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kernel {
    /// `numerator × scale / base`.
    Scaled {
        scale: i64,
        numerator: usize,
        base: usize,
    },
    /// The value of the one input the formula names.
    Input(usize),
}

impl Kernel {
    /// Recognises `f(a, b)` for f in share / per_100 / per_1000 / ratio,
    /// and a formula that is the name of its one input.
    pub fn recognise(text: &str, inputs: &[String]) -> Option<Kernel> {
        let text = text.trim();
        if let [only] = inputs {
            return (text == only).then_some(Kernel::Input(0));
        }
        let (name, rest) = text.split_once('(')?;
        let args = rest.strip_suffix(')')?;
        let (a, b) = args.split_once(',')?;
        let (a, b) = (a.trim(), b.trim());
        let scale = match name.trim() {
            "share" | "per_100" => 100,
            "per_1000" => 1000,
            "ratio" => 1,
            _ => return None,
        };
        let numerator = inputs.iter().position(|i| i == a)?;
        let base = inputs.iter().position(|i| i == b)?;
        (inputs.len() == 2 && numerator != base).then_some(Kernel::Scaled {
            scale,
            numerator,
            base,
        })
    }

    pub fn apply(&self, values: &[Decimal]) -> Option<Decimal> {
        match *self {
            Kernel::Scaled {
                scale,
                numerator,
                base,
            } => {
                let (a, b) = (values[numerator], values[base]);
                whole_quotient(a, b, scale)
                    .or_else(|| scaled(Some(a), Some(b), Decimal::from(scale)))
            }
            Kernel::Input(i) => Some(values[i]),
        }
    }
}

/// `a × scale / b` where `a` and `b` are whole and the quotient is too:
/// the common case (a share of 100 % or of 0 %), found without the
/// 96-bit division. The same number as the division gives (normalised,
/// the same digits); `None` where it does not apply.
fn whole_quotient(a: Decimal, b: Decimal, scale: i64) -> Option<Decimal> {
    if a.scale() != 0 || b.scale() != 0 {
        return None;
    }
    let a = i64::try_from(a.mantissa()).ok()?;
    let b = i64::try_from(b.mantissa()).ok()?;
    let n = a.checked_mul(scale)?;
    if b == 0 || n.checked_rem(b)? != 0 {
        return None;
    }
    Some(Decimal::from(n.checked_div(b)?))
}

pub(crate) fn register(engine: &mut Engine) {
    engine.register_global_module(StandardPackage::new().as_shared_module());
    // Dividing whole numbers gives an exact Decimal, never a truncated integer.
    engine.set_fast_operators(false);
    engine.register_fn("/", |a: INT, b: INT| -> Fallible<Decimal> {
        if b == 0 {
            return Err("division by zero".into());
        }
        Ok(Decimal::from(a) / Decimal::from(b))
    });

    for (name, scale) in [
        ("share", HUNDRED),
        ("per_100", HUNDRED),
        ("per_1000", THOUSAND),
        ("ratio", Decimal::ONE),
    ] {
        engine.register_fn(name, move |a: Dynamic, b: Dynamic| -> Fallible<Dynamic> {
            Ok(out(scaled(num(&a, name)?, num(&b, name)?, scale)))
        });
    }

    engine.register_fn("defined", |x: Dynamic| !x.is_unit());
    engine.register_fn(
        "or_else",
        |x: Dynamic, fallback: Dynamic| if x.is_unit() { fallback } else { x },
    );
    engine.register_fn(
        "clamp",
        |x: Dynamic, lo: Dynamic, hi: Dynamic| -> Fallible<Dynamic> {
            let (x, lo, hi) = (num(&x, "clamp")?, num(&lo, "clamp")?, num(&hi, "clamp")?);
            Ok(out(x.map(|x| {
                let x = lo.map_or(x, |lo| x.max(lo));
                hi.map_or(x, |hi| x.min(hi))
            })))
        },
    );
    engine.register_fn("cap", |x: Dynamic, max: Dynamic| -> Fallible<Dynamic> {
        let (x, max) = (num(&x, "cap")?, num(&max, "cap")?);
        Ok(out(x.map(|x| max.map_or(x, |m| x.min(m)))))
    });
    // Half away from zero, as published scores are rounded (the Decimal
    // package's own `round` rounds half to even).
    fn round_half_up(x: Decimal, digits: INT) -> Fallible<Decimal> {
        let dp = u32::try_from(digits).map_err(|_| "round(): digits must be 0 or more")?;
        Ok(x.round_dp_with_strategy(
            dp.min(28),
            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
        ))
    }
    engine.register_fn("round", round_half_up);
    engine.register_fn("round", |x: INT, digits: INT| {
        round_half_up(Decimal::from(x), digits)
    });
    engine.register_fn("round", |_: (), _: INT| ());
    engine.register_fn("mean", |items: rhai::Array| -> Fallible<Dynamic> {
        let mut sum = Decimal::ZERO;
        let mut n = 0i64;
        for item in &items {
            if let Some(v) = num(item, "mean")? {
                sum += v;
                n += 1;
            }
        }
        Ok(if n == 0 {
            Dynamic::UNIT
        } else {
            Dynamic::from_decimal(sum / Decimal::from(n))
        })
    });

    // Undefined values propagate through arithmetic instead of failing.
    for op in ["+", "-", "*", "/"] {
        engine.register_fn(op, |_: (), _: Decimal| ());
        engine.register_fn(op, |_: Decimal, _: ()| ());
        engine.register_fn(op, |_: (), _: INT| ());
        engine.register_fn(op, |_: INT, _: ()| ());
        engine.register_fn(op, |_: (), _: ()| ());
    }
    engine.register_fn("-", |_: ()| ());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Dynamic {
        let mut e = Engine::new_raw();
        register(&mut e);
        e.eval::<Dynamic>(src)
            .unwrap_or_else(|err| panic!("{src}: {err}"))
    }

    fn dec(s: &str) -> Dynamic {
        Dynamic::from_decimal(s.parse().unwrap())
    }

    /// Sign, mantissa and scale: equal numbers in other forms differ.
    fn digits(d: Option<Decimal>) -> Option<(bool, i128, u32)> {
        d.map(|d| (d.is_sign_negative(), d.mantissa(), d.scale()))
    }

    proptest::proptest! {
        #[test]
        fn whole_quotients_are_the_divisions_own(
            a in -5_000i64..5_000,
            b in -5_000i64..5_000,
            k in 0usize..3,
            big in proptest::bool::ANY,
        ) {
            let (a, b) = if big { (a * 1_000_000_007, b * 1_000_000_007) } else { (a, b) };
            let (scale, whole) = [(HUNDRED, 100), (THOUSAND, 1000), (Decimal::ONE, 1)][k];
            let (da, db) = (Decimal::from(a), Decimal::from(b));
            let kernel = Kernel::Scaled { scale: whole, numerator: 0, base: 1 };
            let divided = scaled(Some(da), Some(db), scale).map(|d| d.normalize());
            let got = kernel.apply(&[da, db]).map(|d| d.normalize());
            proptest::prop_assert_eq!(digits(got), digits(divided));
        }
    }

    #[test]
    fn whole_quotients_take_only_whole_numbers_that_divide() {
        assert_eq!(
            whole_quotient(Decimal::from(3), Decimal::from(3), 100),
            Some(HUNDRED)
        );
        assert_eq!(
            whole_quotient(Decimal::from(0), Decimal::from(7), 100),
            Some(Decimal::ZERO)
        );
        assert_eq!(
            whole_quotient(Decimal::from(1), Decimal::from(3), 100),
            None
        );
        assert_eq!(whole_quotient(Decimal::from(1), Decimal::ZERO, 100), None);
        assert_eq!(
            whole_quotient(Decimal::new(15, 1), Decimal::from(3), 100),
            None
        );
        assert_eq!(
            whole_quotient(Decimal::from(i64::MAX), Decimal::ONE, 100),
            None
        );
    }

    #[test]
    fn the_vocabulary_works() {
        let cases = [
            ("share(1, 4)", dec("25")),
            ("per_100(3, 200)", dec("1.5")),
            ("per_1000(3, 200)", dec("15")),
            ("ratio(7, 2)", dec("3.5")),
            ("clamp(120, 0, 100)", dec("100")),
            ("clamp(-5, 0, 100)", dec("0")),
            ("cap(3 * 30, 100)", dec("90")),
            ("cap(4 * 30, 100)", dec("100")),
            ("round(2.345, 2)", dec("2.35")),
            ("round(-2.345, 2)", dec("-2.35")),
            ("round(2.355, 2)", dec("2.36")),
            ("mean([1, 2, (), 6])", dec("3")),
            ("or_else(share(1, 0), 0)", Dynamic::from_int(0)),
        ];
        for (src, expected) in cases {
            let got = to_decimal(&eval(src)).unwrap().map(|d| d.normalize());
            let expected = to_decimal(&expected).unwrap().map(|d| d.normalize());
            assert_eq!(got, expected, "{src}");
        }
        assert!(eval("share(1, 0)").is_unit());
        assert!(eval("share(1, 0) * 2 + 1").is_unit());
        assert!(!eval("defined(share(1, 0))").as_bool().unwrap());
        assert_eq!(
            to_decimal(&eval("7 / 2")).unwrap(),
            Some(Decimal::new(35, 1))
        );
    }
}

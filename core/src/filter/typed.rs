//! Type-checked filters and sums, and their evaluation on one record.
//!
//! Checking resolves every name to a column of the table (or a package
//! parameter) and every operator to typed operands, so that evaluation is a
//! walk over a small tree with no lookups by name. A missing value makes any
//! comparison false (test presence with `is set`).

use std::collections::BTreeMap;

use super::error::FilterError;
use super::syntax::{CmpOp, Expr, Literal, Span, Value};
use crate::data::ColumnType;
use crate::time::Day;

/// A package parameter usable in filters and formulas.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A whole number.
    Int(i64),
    /// An exact number (formulas only).
    Decimal(rust_decimal::Decimal),
    /// A code.
    Text(String),
    /// A date.
    Date(chrono::NaiveDate),
}

/// The fields a filter may name: the table's columns (and questionnaire
/// items for surveys) with their types.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub names: Vec<String>,
    pub types: Vec<ColumnType>,
}

impl Fields {
    fn find(&self, name: &str) -> Option<(usize, ColumnType)> {
        self.names
            .iter()
            .position(|n| n == name)
            .map(|i| (i, self.types[i]))
    }
}

type Check<T> = Result<T, FilterError>;

/// The type-check error `id` with `args` at `span`, saying `message` in English.
fn err<T>(
    span: Span,
    id: &'static str,
    args: &[(&'static str, &str)],
    message: impl Into<String>,
) -> Check<T> {
    Err(FilterError::new(span, id, args, message))
}

/// A whole-number value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum IntExpr {
    Field(usize),
    Const(i64),
    Days(Box<DateExpr>, Box<DateExpr>),
    WorkingDays(Box<DateExpr>, Box<DateExpr>),
    Add(Box<IntExpr>, Box<IntExpr>),
    Sub(Box<IntExpr>, Box<IntExpr>),
}

/// A date value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum DateExpr {
    Field(usize),
    Const(i32),
    PeriodStart,
    PeriodEnd,
    Shift(Box<DateExpr>, Box<IntExpr>, i64),
}

/// A typed condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Pred {
    And(Vec<Pred>),
    Or(Vec<Pred>),
    Not(Box<Pred>),
    Int(IntExpr, CmpOp, IntExpr),
    Date(DateExpr, CmpOp, DateExpr),
    /// A code field against literals (indices into the package's code list).
    Code {
        field: usize,
        codes: Vec<usize>,
        negated: bool,
    },
    Flag(usize, bool, bool),
    IsSet(Box<Typed>, bool),
}

/// A value of any type, for `is set`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Typed {
    Int(IntExpr),
    Date(DateExpr),
    Field(usize),
}

impl Pred {
    /// Adds the field indices the condition reads to `out`.
    pub(crate) fn fields_read(&self, out: &mut Vec<usize>) {
        match self {
            Pred::And(ps) | Pred::Or(ps) => ps.iter().for_each(|p| p.fields_read(out)),
            Pred::Not(p) => p.fields_read(out),
            Pred::Int(a, _, b) => {
                a.fields_read(out);
                b.fields_read(out);
            }
            Pred::Date(a, _, b) => {
                a.fields_read(out);
                b.fields_read(out);
            }
            Pred::Code { field, .. } | Pred::Flag(field, ..) => out.push(*field),
            Pred::IsSet(t, _) => match t.as_ref() {
                Typed::Int(e) => e.fields_read(out),
                Typed::Date(e) => e.fields_read(out),
                Typed::Field(f) => out.push(*f),
            },
        }
    }
}

impl IntExpr {
    /// Adds the field indices the value reads to `out`.
    pub(crate) fn fields_read(&self, out: &mut Vec<usize>) {
        match self {
            IntExpr::Field(f) => out.push(*f),
            IntExpr::Const(_) => {}
            IntExpr::Days(a, b) | IntExpr::WorkingDays(a, b) => {
                a.fields_read(out);
                b.fields_read(out);
            }
            IntExpr::Add(a, b) | IntExpr::Sub(a, b) => {
                a.fields_read(out);
                b.fields_read(out);
            }
        }
    }
}

impl DateExpr {
    /// Adds the field indices the date reads to `out`.
    pub(crate) fn fields_read(&self, out: &mut Vec<usize>) {
        match self {
            DateExpr::Field(f) => out.push(*f),
            DateExpr::Const(_) | DateExpr::PeriodStart | DateExpr::PeriodEnd => {}
            DateExpr::Shift(d, n, _) => {
                d.fields_read(out);
                n.fields_read(out);
            }
        }
    }
}

/// Type-checks conditions against one table's fields.
pub(crate) struct Checker<'a> {
    pub fields: &'a Fields,
    pub params: &'a BTreeMap<String, ParamValue>,
    /// The package's code literals; new ones are appended.
    pub codes: &'a mut Vec<String>,
    /// Values allowed in closed code columns, by field index.
    pub closed: &'a dyn Fn(usize) -> &'static [&'static str],
}

enum Any {
    Int(IntExpr),
    Date(DateExpr),
    Code(CodeOperand),
    Flag(FlagOperand),
    Opaque(usize),
}

enum CodeOperand {
    Field(usize),
    Literal(String),
}

enum FlagOperand {
    Field(usize),
    Literal(bool),
}

impl Checker<'_> {
    pub fn condition(&mut self, e: &Expr) -> Check<Pred> {
        Ok(match e {
            Expr::Or(items) => Pred::Or(
                items
                    .iter()
                    .map(|i| self.condition(i))
                    .collect::<Check<_>>()?,
            ),
            Expr::And(items) => Pred::And(
                items
                    .iter()
                    .map(|i| self.condition(i))
                    .collect::<Check<_>>()?,
            ),
            Expr::Not(inner) => Pred::Not(Box::new(self.condition(inner)?)),
            Expr::IsSet(v, negated, _) => {
                let typed = match self.any(v)? {
                    Any::Int(i) => Typed::Int(i),
                    Any::Date(d) => Typed::Date(d),
                    Any::Code(CodeOperand::Field(f))
                    | Any::Flag(FlagOperand::Field(f))
                    | Any::Opaque(f) => Typed::Field(f),
                    _ => {
                        return err(
                            v.span(),
                            "filter-is-set-field",
                            &[],
                            "`is set` applies to a field",
                        );
                    }
                };
                Pred::IsSet(Box::new(typed), *negated)
            }
            Expr::In(v, values, negated, _) => match self.any(v)? {
                Any::Code(CodeOperand::Field(field)) => {
                    let mut codes = Vec::new();
                    for (lit, span) in values {
                        match lit {
                            Literal::Str(s) => {
                                codes.push(self.code_literal(field, s, span.clone())?)
                            }
                            _ => {
                                return err(
                                    span.clone(),
                                    "filter-list-codes",
                                    &[],
                                    "this list must hold quoted codes",
                                );
                            }
                        }
                    }
                    Pred::Code {
                        field,
                        codes,
                        negated: *negated,
                    }
                }
                Any::Int(i) => {
                    let mut alternatives = Vec::new();
                    for (lit, span) in values {
                        match lit {
                            Literal::Int(n) => alternatives.push(Pred::Int(
                                i.clone(),
                                CmpOp::Eq,
                                IntExpr::Const(*n),
                            )),
                            _ => {
                                return err(
                                    span.clone(),
                                    "filter-list-numbers",
                                    &[],
                                    "this list must hold whole numbers",
                                );
                            }
                        }
                    }
                    let p = Pred::Or(alternatives);
                    if *negated { Pred::Not(Box::new(p)) } else { p }
                }
                _ => {
                    return err(
                        v.span(),
                        "filter-in-field",
                        &[],
                        "`in [...]` applies to a code or number field",
                    );
                }
            },
            Expr::Compare(l, op, r, span) => self.compare(l, *op, r, span.clone())?,
        })
    }

    fn compare(&mut self, l: &Value, op: CmpOp, r: &Value, span: Span) -> Check<Pred> {
        let (a, b) = (self.any(l)?, self.any(r)?);
        Ok(match (a, b) {
            (Any::Int(a), Any::Int(b)) => Pred::Int(a, op, b),
            (Any::Date(a), Any::Date(b)) => Pred::Date(a, op, b),
            (Any::Code(a), Any::Code(b)) => {
                if !op.is_equality() {
                    return err(
                        span,
                        "filter-code-order",
                        &[],
                        "codes can only be compared with `==` or `!=`",
                    );
                }
                let (field, lit, lit_span) = match (a, b) {
                    (CodeOperand::Field(f), CodeOperand::Literal(s)) => (f, s, r.span()),
                    (CodeOperand::Literal(s), CodeOperand::Field(f)) => (f, s, l.span()),
                    _ => {
                        return err(
                            span,
                            "filter-code-operands",
                            &[],
                            "compare a code field with a quoted code, such as decision == \"granted\"",
                        );
                    }
                };
                let code = self.code_literal(field, &lit, lit_span)?;
                Pred::Code {
                    field,
                    codes: vec![code],
                    negated: op == CmpOp::Ne,
                }
            }
            (Any::Flag(a), Any::Flag(b)) => {
                if !op.is_equality() {
                    return err(
                        span,
                        "filter-flag-order",
                        &[],
                        "flags can only be compared with `==` or `!=`",
                    );
                }
                match (a, b) {
                    (FlagOperand::Field(f), FlagOperand::Literal(v))
                    | (FlagOperand::Literal(v), FlagOperand::Field(f)) => {
                        Pred::Flag(f, v, op == CmpOp::Ne)
                    }
                    _ => {
                        return err(
                            span,
                            "filter-flag-operands",
                            &[],
                            "compare a flag field with true or false",
                        );
                    }
                }
            }
            (Any::Opaque(_), _) | (_, Any::Opaque(_)) => {
                return err(
                    span,
                    "filter-id-compare",
                    &[],
                    "ids can only be tested with `is set`",
                );
            }
            (a, b) => {
                return err(
                    span,
                    "filter-compare-types",
                    &[("left", type_key(&a)), ("right", type_key(&b))],
                    format!("cannot compare {} with {}", type_name(&a), type_name(&b)),
                );
            }
        })
    }

    fn code_literal(&mut self, field: usize, code: &str, span: Span) -> Check<usize> {
        let allowed = (self.closed)(field);
        if !allowed.is_empty() && !allowed.contains(&code) {
            let (name, values) = (&self.fields.names[field], allowed.join(", "));
            return err(
                span,
                "filter-never-a-value",
                &[("code", code), ("field", name), ("values", &values)],
                format!("`{code}` is never a value of `{name}`; its values are {values}"),
            );
        }
        Ok(match self.codes.iter().position(|c| c == code) {
            Some(i) => i,
            None => {
                self.codes.push(code.to_string());
                self.codes.len() - 1
            }
        })
    }

    /// Checks a value that must be a whole number (the argument of `sum`).
    pub fn int(&mut self, v: &Value) -> Check<IntExpr> {
        match self.any(v)? {
            Any::Int(i) => Ok(i),
            other => err(
                v.span(),
                "filter-expected-number",
                &[("found", type_key(&other))],
                format!("expected a number, found {}", type_name(&other)),
            ),
        }
    }

    fn date(&mut self, v: &Value) -> Check<DateExpr> {
        match self.any(v)? {
            Any::Date(d) => Ok(d),
            other => err(
                v.span(),
                "filter-expected-date",
                &[("found", type_key(&other))],
                format!("expected a date, found {}", type_name(&other)),
            ),
        }
    }

    fn any(&mut self, v: &Value) -> Check<Any> {
        Ok(match v {
            Value::Literal(lit, _) => match lit {
                Literal::Int(n) => Any::Int(IntExpr::Const(*n)),
                Literal::Str(s) => Any::Code(CodeOperand::Literal(s.clone())),
                Literal::Date(d) => Any::Date(DateExpr::Const(Day::of(*d).0)),
                Literal::Bool(b) => Any::Flag(FlagOperand::Literal(*b)),
            },
            Value::PeriodStart(_) => Any::Date(DateExpr::PeriodStart),
            Value::PeriodEnd(_) => Any::Date(DateExpr::PeriodEnd),
            Value::Days(a, b, _) => Any::Int(IntExpr::Days(
                Box::new(self.date(a)?),
                Box::new(self.date(b)?),
            )),
            Value::WorkingDays(a, b, _) => Any::Int(IntExpr::WorkingDays(
                Box::new(self.date(a)?),
                Box::new(self.date(b)?),
            )),
            Value::Add(a, b, span) | Value::Sub(a, b, span) => {
                let sign = if matches!(v, Value::Add(..)) { 1 } else { -1 };
                match (self.any(a)?, self.any(b)?) {
                    (Any::Int(x), Any::Int(y)) => Any::Int(if sign == 1 {
                        IntExpr::Add(Box::new(x), Box::new(y))
                    } else {
                        IntExpr::Sub(Box::new(x), Box::new(y))
                    }),
                    (Any::Date(d), Any::Int(n)) => {
                        Any::Date(DateExpr::Shift(Box::new(d), Box::new(n), sign))
                    }
                    (Any::Int(n), Any::Date(d)) if sign == 1 => {
                        Any::Date(DateExpr::Shift(Box::new(d), Box::new(n), 1))
                    }
                    (Any::Date(_), Any::Date(_)) => {
                        return err(
                            span.clone(),
                            "filter-date-difference",
                            &[],
                            "to count days between two dates write days(a, b) or working_days(a, b)",
                        );
                    }
                    _ => {
                        return err(
                            span.clone(),
                            "filter-addition",
                            &[],
                            "only numbers, and dates plus or minus days, can be added",
                        );
                    }
                }
            }
            Value::Name(name, span) => {
                if let Some((field, ty)) = self.fields.find(name) {
                    match ty {
                        ColumnType::Count => Any::Int(IntExpr::Field(field)),
                        ColumnType::Date | ColumnType::Month => Any::Date(DateExpr::Field(field)),
                        ColumnType::Code => Any::Code(CodeOperand::Field(field)),
                        ColumnType::Flag => Any::Flag(FlagOperand::Field(field)),
                        ColumnType::Id | ColumnType::Unit | ColumnType::Recipient => {
                            Any::Opaque(field)
                        }
                    }
                } else if let Some(p) = self.params.get(name) {
                    match p {
                        ParamValue::Int(n) => Any::Int(IntExpr::Const(*n)),
                        ParamValue::Text(s) => Any::Code(CodeOperand::Literal(s.clone())),
                        ParamValue::Date(d) => Any::Date(DateExpr::Const(Day::of(*d).0)),
                        ParamValue::Decimal(_) => {
                            return err(
                                span.clone(),
                                "filter-decimal-parameter",
                                &[("name", name)],
                                format!(
                                    "parameter `{name}` is not a whole number, so filters cannot use it"
                                ),
                            );
                        }
                    }
                } else {
                    let message =
                        format!("`{name}` is neither a field of this table nor a parameter");
                    return match suggest(name, &self.fields.names) {
                        Some(s) => err(
                            span.clone(),
                            "filter-unknown-name-suggest",
                            &[("name", name), ("suggestion", s)],
                            format!("{message}; did you mean `{s}`?"),
                        ),
                        None => err(
                            span.clone(),
                            "filter-unknown-name",
                            &[("name", name)],
                            message,
                        ),
                    };
                }
            }
        })
    }
}

/// The catalogue's key of an operand's type (a selector's variant).
fn type_key(a: &Any) -> &'static str {
    match a {
        Any::Int(_) => "number",
        Any::Date(_) => "date",
        Any::Code(_) => "code",
        Any::Flag(_) => "flag",
        Any::Opaque(_) => "id",
    }
}

fn type_name(a: &Any) -> &'static str {
    match a {
        Any::Int(_) => "a number",
        Any::Date(_) => "a date",
        Any::Code(_) => "a code",
        Any::Flag(_) => "a flag",
        Any::Opaque(_) => "an id",
    }
}

/// The closest known name, if it is close enough to be a typo.
pub(crate) fn suggest<'a>(name: &str, known: &'a [String]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(name, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k.as_str())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::super::syntax::parse_condition;
    use super::*;

    fn fields() -> Fields {
        Fields {
            names: [
                "decided_on",
                "applied_on",
                "decision",
                "planned",
                "repeat",
                "case_id",
            ]
            .map(String::from)
            .to_vec(),
            types: vec![
                ColumnType::Date,
                ColumnType::Date,
                ColumnType::Code,
                ColumnType::Count,
                ColumnType::Flag,
                ColumnType::Id,
            ],
        }
    }

    fn check(text: &str) -> Check<Pred> {
        let fields = fields();
        let mut params = BTreeMap::new();
        params.insert("term".to_string(), ParamValue::Int(10));
        params.insert(
            "rate".to_string(),
            ParamValue::Decimal(rust_decimal::Decimal::ONE),
        );
        let mut codes = Vec::new();
        let closed = |f: usize| -> &'static [&'static str] {
            if f == 2 {
                &["granted", "refused", "pending"]
            } else {
                &[]
            }
        };
        let mut c = Checker {
            fields: &fields,
            params: &params,
            codes: &mut codes,
            closed: &closed,
        };
        c.condition(&parse_condition(text).unwrap())
    }

    #[test]
    fn accepts_well_typed_conditions() {
        for text in [
            "working_days(applied_on, decided_on) <= term",
            "decision in [\"granted\", \"refused\"]",
            "\"granted\" == decision",
            "repeat == true",
            "case_id is set",
            "decided_on <= applied_on + 30",
            "planned in [1, 2]",
        ] {
            check(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        }
    }

    #[test]
    fn refuses_ill_typed_conditions_with_a_place() {
        let cases = [
            ("decided_om is set", "did you mean `decided_on`"),
            ("decided_on == 3", "cannot compare a date with a number"),
            ("decision < \"granted\"", "only be compared with `==`"),
            ("decision == \"grantd\"", "never a value"),
            ("decided_on - applied_on > 3", "days(a, b)"),
            ("planned > rate", "not a whole number"),
            ("case_id == \"x\"", "`is set`"),
        ];
        for (text, expected) in cases {
            let e = check(text).unwrap_err();
            assert!(e.message.contains(expected), "{text}: {}", e.message);
            assert!(e.span.end <= text.len());
        }
    }

    #[test]
    fn suggests_close_names_only() {
        let known = ["applied_on".to_string(), "decided_on".to_string()];
        assert_eq!(suggest("aplied_on", &known), Some("applied_on"));
        assert_eq!(suggest("outcome", &known), None);
    }
}

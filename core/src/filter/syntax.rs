//! The text of a measure's filter and sum: tokens and a small parser.
//!
//! ```text
//! expr     := or
//! or       := and ("or" and)*
//! and      := unary ("and" unary)*
//! unary    := "not" unary | "(" expr ")" | test
//! test     := value ("is" ["not"] "set"
//!                   | ["not"] "in" "[" literal ("," literal)* "]"
//!                   | ("=="|"!="|"<"|"<="|">"|">=") value)
//! value    := term (("+"|"-") term)*
//! term     := NAME | INT | "STRING" | DATE | "true" | "false"
//!           | "period_start" | "period_end"
//!           | ("days"|"working_days") "(" value "," value ")"
//!           | "(" value ")"
//! ```

use std::ops::Range;

use chrono::NaiveDate;

use super::error::FilterError;

/// A byte range in the filter text.
pub(crate) type Span = Range<usize>;

/// A parse error at a place in the filter text.
pub(crate) type SyntaxError = FilterError;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Name(String),
    Int(i64),
    Str(String),
    Date(NaiveDate),
    Op(&'static str),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Plus,
    Minus,
    End,
}

fn lex(text: &str) -> Result<Vec<(Tok, Span)>, SyntaxError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b'[' => Tok::LBracket,
            b']' => Tok::RBracket,
            b',' => Tok::Comma,
            b'+' => Tok::Plus,
            b'-' => Tok::Minus,
            b'=' | b'!' | b'<' | b'>' => {
                let two = bytes.get(i + 1) == Some(&b'=');
                let op = match (c, two) {
                    (b'=', true) => "==",
                    (b'!', true) => "!=",
                    (b'<', true) => "<=",
                    (b'>', true) => ">=",
                    (b'<', false) => "<",
                    (b'>', false) => ">",
                    _ => {
                        return Err(SyntaxError::new(
                            i..i + 1,
                            "filter-single-equals",
                            &[],
                            "use `==` to compare and `!=` for \"not equal\"",
                        ));
                    }
                };
                i += op.len();
                out.push((Tok::Op(op), start..i));
                continue;
            }
            b'"' | b'\'' => {
                let end = text[i + 1..].find(c as char).ok_or_else(|| {
                    SyntaxError::new(
                        i..text.len(),
                        "filter-unclosed-quote",
                        &[],
                        "this text is not closed with a quote",
                    )
                })?;
                let s = text[i + 1..i + 1 + end].to_string();
                i += end + 2;
                out.push((Tok::Str(s), start..i));
                continue;
            }
            b'0'..=b'9' => {
                let mut j = i;
                while j < bytes.len()
                    && (bytes[j].is_ascii_digit() || bytes[j] == b'-' || bytes[j] == b'_')
                {
                    // A date has exactly the form 2026-01-31; stop a number at `-` otherwise.
                    if bytes[j] == b'-' && !looks_like_date(&text[i..]) {
                        break;
                    }
                    j += 1;
                }
                let word = &text[i..j];
                let tok = if word.contains('-') {
                    Tok::Date(NaiveDate::parse_from_str(word, "%Y-%m-%d").map_err(|_| {
                        SyntaxError::new(
                            i..j,
                            "filter-bad-date",
                            &[("word", word)],
                            format!("`{word}` is not a date of the form 2026-01-31"),
                        )
                    })?)
                } else {
                    Tok::Int(word.replace('_', "").parse().map_err(|_| {
                        SyntaxError::new(
                            i..j,
                            "filter-bad-number",
                            &[("word", word)],
                            format!("`{word}` is not a whole number"),
                        )
                    })?)
                };
                i = j;
                out.push((tok, start..i));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let mut j = i;
                while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
                    j += 1;
                }
                let word = text[i..j].to_string();
                i = j;
                out.push((Tok::Name(word), start..i));
                continue;
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                return Err(SyntaxError::new(
                    i..i + ch.len_utf8(),
                    "filter-unexpected-character",
                    &[("character", &ch.to_string())],
                    format!("unexpected character `{ch}`"),
                ));
            }
        };
        i += 1;
        out.push((tok, start..i));
    }
    out.push((Tok::End, text.len()..text.len()));
    Ok(out)
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

/// A literal value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    Int(i64),
    Str(String),
    Date(NaiveDate),
    Bool(bool),
}

/// A value in a filter or sum.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Name(String, Span),
    Literal(Literal, Span),
    PeriodStart(Span),
    PeriodEnd(Span),
    Days(Box<Value>, Box<Value>, Span),
    WorkingDays(Box<Value>, Box<Value>, Span),
    Add(Box<Value>, Box<Value>, Span),
    Sub(Box<Value>, Box<Value>, Span),
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Name(_, s)
            | Value::Literal(_, s)
            | Value::PeriodStart(s)
            | Value::PeriodEnd(s)
            | Value::Days(_, _, s)
            | Value::WorkingDays(_, _, s)
            | Value::Add(_, _, s)
            | Value::Sub(_, _, s) => s.clone(),
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn test<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    pub fn is_equality(self) -> bool {
        matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// A condition.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare(Value, CmpOp, Value, Span),
    In(Value, Vec<(Literal, Span)>, bool, Span),
    IsSet(Value, bool, Span),
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
}

/// Parses a condition.
pub(crate) fn parse_condition(text: &str) -> Result<Expr, SyntaxError> {
    let mut p = Parser {
        toks: lex(text)?,
        pos: 0,
    };
    let e = p.or()?;
    p.expect_end()?;
    Ok(e)
}

/// Parses a value (the argument of `sum(...)`).
pub(crate) fn parse_value(text: &str) -> Result<Value, SyntaxError> {
    let mut p = Parser {
        toks: lex(text)?,
        pos: 0,
    };
    let v = p.value()?;
    p.expect_end()?;
    Ok(v)
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }

    fn span(&self) -> Span {
        self.toks[self.pos].1.clone()
    }

    fn bump(&mut self) -> (Tok, Span) {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == w)
    }

    /// The error `id` (a message without values) at the cursor.
    fn refuse<T>(&self, id: &'static str, message: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError::new(self.span(), id, &[], message))
    }

    /// The token `tok`; if another is at the cursor, the error `id` saying
    /// in English that `what` is expected here.
    fn expect(
        &mut self,
        tok: Tok,
        id: &'static str,
        args: &[(&'static str, &str)],
        what: &str,
    ) -> Result<Span, SyntaxError> {
        if *self.peek() == tok {
            Ok(self.bump().1)
        } else {
            Err(SyntaxError::new(
                self.span(),
                id,
                args,
                format!("expected {what} here"),
            ))
        }
    }

    fn expect_end(&self) -> Result<(), SyntaxError> {
        match self.peek() {
            Tok::End => Ok(()),
            Tok::Name(n) if n == "AND" || n == "OR" => {
                self.refuse("filter-lower-case", "write `and` / `or` in lower case")
            }
            _ => self.refuse(
                "filter-unexpected-text",
                "unexpected text; did you forget `and` or `or`?",
            ),
        }
    }

    fn or(&mut self) -> Result<Expr, SyntaxError> {
        let mut items = vec![self.and()?];
        while self.is_word("or") {
            self.bump();
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, SyntaxError> {
        let mut items = vec![self.unary()?];
        while self.is_word("and") {
            self.bump();
            items.push(self.unary()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self) -> Result<Expr, SyntaxError> {
        if self.is_word("not") {
            self.bump();
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if *self.peek() == Tok::LParen && self.paren_holds_condition() {
            self.bump();
            let e = self.or()?;
            self.expect(Tok::RParen, "filter-expected-close", &[], "`)`")?;
            return Ok(e);
        }
        self.test()
    }

    /// Whether the parenthesis at the cursor opens a condition rather than a
    /// value: it does if `and`/`or`/`not`/a comparison appears at its depth.
    fn paren_holds_condition(&self) -> bool {
        let mut depth = 0;
        for (tok, _) in &self.toks[self.pos..] {
            match tok {
                Tok::LParen | Tok::LBracket => depth += 1,
                Tok::RParen | Tok::RBracket => {
                    depth -= 1;
                    if depth == 0 {
                        return false;
                    }
                }
                Tok::Op(_) if depth == 1 => return true,
                Tok::Name(n)
                    if depth == 1 && matches!(n.as_str(), "and" | "or" | "not" | "is" | "in") =>
                {
                    return true;
                }
                Tok::End => return false,
                _ => {}
            }
        }
        false
    }

    fn test(&mut self) -> Result<Expr, SyntaxError> {
        let left = self.value()?;
        let start = left.span().start;
        if self.is_word("is") {
            self.bump();
            let negated = self.is_word("not");
            if negated {
                self.bump();
            }
            if !self.is_word("set") {
                return self.refuse(
                    "filter-expected-set",
                    "expected `set` (write `x is set` or `x is not set`)",
                );
            }
            let end = self.bump().1.end;
            return Ok(Expr::IsSet(left, negated, start..end));
        }
        let negated_in = self.is_word("not");
        if negated_in {
            self.bump();
            if !self.is_word("in") {
                return self.refuse("filter-expected-in", "expected `in` after `not` here");
            }
        }
        if self.is_word("in") {
            self.bump();
            self.expect(
                Tok::LBracket,
                "filter-expected-list",
                &[],
                "`[` to start the list",
            )?;
            let mut values = Vec::new();
            loop {
                let (tok, span) = self.bump();
                let lit = match tok {
                    Tok::Str(s) => Literal::Str(s),
                    Tok::Int(n) => Literal::Int(n),
                    Tok::Date(d) => Literal::Date(d),
                    _ => {
                        return Err(SyntaxError::new(
                            span,
                            "filter-list-item",
                            &[],
                            "a list holds quoted codes, numbers or dates",
                        ));
                    }
                };
                values.push((lit, span));
                match self.bump() {
                    (Tok::Comma, _) => continue,
                    (Tok::RBracket, s) => {
                        return Ok(Expr::In(left, values, negated_in, start..s.end));
                    }
                    (_, span) => {
                        return Err(SyntaxError::new(
                            span,
                            "filter-list-separator",
                            &[],
                            "expected `,` or `]`",
                        ));
                    }
                }
            }
        }
        let op =
            match self.peek() {
                Tok::Op(op) => match *op {
                    "==" => CmpOp::Eq,
                    "!=" => CmpOp::Ne,
                    "<" => CmpOp::Lt,
                    "<=" => CmpOp::Le,
                    ">" => CmpOp::Gt,
                    _ => CmpOp::Ge,
                },
                _ => return self.refuse(
                    "filter-expected-comparison",
                    "expected a comparison (`==`, `!=`, `<`, `<=`, `>`, `>=`), `in` or `is set`",
                ),
            };
        self.bump();
        let right = self.value()?;
        let end = right.span().end;
        Ok(Expr::Compare(left, op, right, start..end))
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        let mut v = self.term()?;
        loop {
            let add = match self.peek() {
                Tok::Plus => true,
                Tok::Minus => false,
                _ => return Ok(v),
            };
            self.bump();
            let rhs = self.term()?;
            let span = v.span().start..rhs.span().end;
            v = if add {
                Value::Add(Box::new(v), Box::new(rhs), span)
            } else {
                Value::Sub(Box::new(v), Box::new(rhs), span)
            };
        }
    }

    fn term(&mut self) -> Result<Value, SyntaxError> {
        let (tok, span) = self.bump();
        Ok(match tok {
            Tok::Int(n) => Value::Literal(Literal::Int(n), span),
            Tok::Str(s) => Value::Literal(Literal::Str(s), span),
            Tok::Date(d) => Value::Literal(Literal::Date(d), span),
            Tok::LParen => {
                let v = self.value()?;
                let end = self
                    .expect(Tok::RParen, "filter-expected-close", &[], "`)`")?
                    .end;
                match v {
                    Value::Add(a, b, _) => Value::Add(a, b, span.start..end),
                    Value::Sub(a, b, _) => Value::Sub(a, b, span.start..end),
                    other => other,
                }
            }
            Tok::Name(name) => match name.as_str() {
                "true" => Value::Literal(Literal::Bool(true), span),
                "false" => Value::Literal(Literal::Bool(false), span),
                "period_start" => Value::PeriodStart(span),
                "period_end" => Value::PeriodEnd(span),
                "days" | "working_days" => {
                    self.expect(
                        Tok::LParen,
                        "filter-expected-call",
                        &[("name", &name)],
                        &format!("`(` after {name}"),
                    )?;
                    let a = self.value()?;
                    self.expect(
                        Tok::Comma,
                        "filter-expected-dates-comma",
                        &[],
                        "`,` between the two dates",
                    )?;
                    let b = self.value()?;
                    let end = self
                        .expect(Tok::RParen, "filter-expected-close", &[], "`)`")?
                        .end;
                    let span = span.start..end;
                    if name == "days" {
                        Value::Days(Box::new(a), Box::new(b), span)
                    } else {
                        Value::WorkingDays(Box::new(a), Box::new(b), span)
                    }
                }
                "and" | "or" | "not" | "in" | "is" | "set" => {
                    return Err(SyntaxError::new(
                        span,
                        "filter-value-before",
                        &[("name", &name)],
                        format!("expected a value before `{name}`"),
                    ));
                }
                _ => Value::Name(name, span),
            },
            Tok::End => {
                return Err(SyntaxError::new(
                    span,
                    "filter-ends-early",
                    &[],
                    "the text ends too early",
                ));
            }
            _ => {
                return Err(SyntaxError::new(
                    span,
                    "filter-expected-value",
                    &[],
                    "expected a field, a number, a quoted code or a date",
                ));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_forms() {
        for text in [
            "decided_on is set",
            "decided_on is not set",
            "decision == \"granted\"",
            "working_days(applied_on, decided_on) <= 10",
            "outcome in [\"stable_housing\", \"family\"] and ended_on is set",
            "not (repeat == true or category == 'palliative')",
            "applied_on <= period_end and (started_on is not set or started_on > period_end)",
            "started_on <= applied_on + 1",
            "(planned - delivered) > 0",
            "ended_on >= 2026-01-01",
            "outcome not in ['dropped']",
        ] {
            parse_condition(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        }
        parse_value("planned - delivered").unwrap();
        parse_value("days(started_on, ended_on)").unwrap();
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse_condition("decision = \"granted\"").unwrap_err();
        assert_eq!(e.span, 9..10);
        let e = parse_condition("a == 1 b == 2").unwrap_err();
        assert_eq!(e.span, 7..8);
        let e = parse_condition("a == \"x").unwrap_err();
        assert!(e.message.contains("quote"));
        let e = parse_condition("a == 2026-02-30").unwrap_err();
        assert!(e.message.contains("date"));
        let e = parse_condition("a is").unwrap_err();
        assert!(e.message.contains("set"));
        assert!(parse_condition("").is_err());
        assert!(
            parse_condition("a == 1 AND b == 2")
                .unwrap_err()
                .message
                .contains("lower case")
        );
    }

    proptest::proptest! {
        #[test]
        fn no_text_makes_the_parser_panic(text in "[\\PC]{0,60}") {
            let _ = parse_condition(&text);
            let _ = parse_value(&text);
        }

        #[test]
        fn spans_of_errors_lie_inside_the_text(text in "[a-z_ ()=<>!\"'0-9,\\[\\]-]{0,40}") {
            if let Err(e) = parse_condition(&text) {
                proptest::prop_assert!(e.span.start <= text.len() && e.span.end <= text.len());
            }
        }
    }

    #[test]
    fn operators_bind_as_expected() {
        let e = parse_condition("a == 1 or b == 2 and c == 3").unwrap();
        match e {
            Expr::Or(items) => assert!(matches!(items[1], Expr::And(_))),
            other => panic!("{other:?}"),
        }
    }
}

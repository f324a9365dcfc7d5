//! Charts as inline SVG: an indicator's value over the periods of the
//! window against its reference bands.
//!
//! Geometry is computed in `f64` (pixels only; the values shown in text are
//! the exact decimals). Colours come from the report's style sheet through
//! classes, so a chart is a few hundred bytes.

use std::fmt::Write as _;

use etalon_core::Judgement;
use etalon_core::evaluate::DeviationRule;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::model::{BandsAt, Report, Row};

const W: f64 = 250.0;
const H: f64 = 60.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 6.0;
const TOP: f64 = 5.0;
const BOTTOM: f64 = 5.0;

fn f(v: Decimal) -> f64 {
    v.to_f64().unwrap_or(0.0)
}

/// Where a value lies against the bands of its period.
fn position(v: Decimal, bands: Option<&BandsAt>) -> &'static str {
    match bands {
        None => "nj",
        Some(b) if b.normal.contains(v) => "ok",
        Some(b) if b.warning.is_some_and(|w| w.contains(v)) => "warn",
        Some(_) => "crit",
    }
}

/// The chart of one row: the value over the window, the bands shaded, the
/// target dashed, the point of the period asked coloured by its judgement
/// (ringed when a trend rule found a deviation), earlier points hollow and
/// coloured by where they lie against the bands of their period.
pub fn chart(report: &Report<'_>, row: &Row<'_>) -> String {
    let n = row.series.len().max(1);
    let mut lo: Option<f64> = None;
    let mut hi: Option<f64> = None;
    let mut see = |v: f64| {
        lo = Some(lo.map_or(v, |l: f64| l.min(v)));
        hi = Some(hi.map_or(v, |h: f64| h.max(v)));
    };
    for v in row.series.iter().flatten() {
        see(f(*v));
    }
    for b in row.bands.iter().flatten() {
        for edge in [b.normal.min, b.normal.max, b.target]
            .into_iter()
            .chain(b.warning.map(|w| [w.min, w.max]).into_iter().flatten())
            .flatten()
        {
            see(f(edge));
        }
    }
    let (lo, hi) = match (lo, hi) {
        (Some(l), Some(h)) => (l, h),
        _ => (0.0, 1.0),
    };
    let pad = if hi > lo {
        (hi - lo) * 0.12
    } else {
        (hi.abs() * 0.1).max(1.0)
    };
    let (y0, y1) = (lo - pad, hi + pad);
    let plot_h = H - TOP - BOTTOM;
    let plot_w = W - LEFT - RIGHT;
    let y = |v: f64| TOP + (y1 - v) / (y1 - y0) * plot_h;
    let slot = plot_w / n as f64;
    let x = |i: usize| LEFT + (i as f64 + 0.5) * slot;
    let clamp = |v: f64| v.clamp(TOP, TOP + plot_h);

    let ind = row.indicator;
    let lang = report.lang;
    let mut s = String::with_capacity(600);
    let _ = write!(s, "<svg class=\"ch\" viewBox=\"0 0 {W} {H}\">");
    // Bands and target, one rectangle per run of periods with the same bands.
    let mut i = 0;
    while i < n {
        let bands = row.bands.get(i).copied().flatten();
        let mut j = i + 1;
        while j < n && row.bands.get(j).copied().flatten() == bands {
            j += 1;
        }
        if let Some(b) = bands {
            let x0 = LEFT + i as f64 * slot;
            let w = (j - i) as f64 * slot;
            let mut rect = |band: &etalon_core::methodology::Band, class: &str| {
                let top = band.max.map_or(TOP, |m| clamp(y(f(m))));
                let bottom = band.min.map_or(TOP + plot_h, |m| clamp(y(f(m))));
                let _ = write!(
                    s,
                    "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    px(x0),
                    px(top),
                    px(w),
                    px((bottom - top).max(1.0))
                );
            };
            if let Some(w) = &b.warning {
                rect(w, "wb");
            }
            rect(&b.normal, "nb");
            if let Some(t) = b.target {
                let ty = px(clamp(y(f(t))));
                let _ = write!(s, "<path class=\"tg\" d=\"M{} {ty}h{}\"/>", px(x0), px(w));
            }
        }
        i = j;
    }
    // The extremes on the axis.
    let decimals = ind.decimals.min(1);
    for v in [hi, lo] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            px(LEFT - 3.0),
            px(y(v) + 3.0),
            lang.number(Decimal::from_f64_retain(v).unwrap_or_default(), decimals)
        );
    }
    // The line through the values, broken where a value is missing.
    let mut run: Vec<String> = Vec::new();
    let flush = |run: &mut Vec<String>, s: &mut String| {
        if run.len() > 1 {
            let _ = write!(s, "<polyline points=\"{}\"/>", run.join(" "));
        }
        run.clear();
    };
    for (i, v) in row.series.iter().enumerate() {
        match v {
            Some(v) => run.push(format!("{},{}", px(x(i)), px(y(f(*v))))),
            None => flush(&mut run, &mut s),
        }
    }
    flush(&mut run, &mut s);
    // The points: earlier ones as dots coloured by where they lie against
    // their period's bands (one path per colour), the period asked by its
    // judgement.
    let last = n - 1;
    let mut dots: [(&str, String); 4] = [
        ("ok", String::new()),
        ("warn", String::new()),
        ("crit", String::new()),
        ("nj", String::new()),
    ];
    for (i, v) in row.series.iter().enumerate().take(last) {
        let Some(v) = v else { continue };
        let class = position(*v, row.bands.get(i).and_then(|b| b.as_ref()));
        if let Some((_, d)) = dots.iter_mut().find(|(c, _)| *c == class) {
            let _ = write!(d, "M{} {}h0", px(x(i)), px(y(f(*v))));
        }
    }
    for (class, d) in &dots {
        if !d.is_empty() {
            let _ = write!(s, "<path class=\"e {class}\" d=\"{d}\"/>");
        }
    }
    if let Some(Some(v)) = row.series.get(last) {
        let (cx, cy) = (px(x(last)), px(y(f(*v))));
        let class = match row.value.judgement {
            Judgement::Normal => "ok",
            Judgement::Warning => "warn",
            Judgement::Critical => "crit",
            _ => "nj",
        };
        let _ = write!(
            s,
            "<circle class=\"{class}\" cx=\"{cx}\" cy=\"{cy}\" r=\"3.6\"/>"
        );
        if row
            .deviations
            .iter()
            .any(|d| matches!(d.rule, DeviationRule::Trend { .. }))
        {
            let _ = write!(
                s,
                "<circle class=\"tr\" cx=\"{cx}\" cy=\"{cy}\" r=\"6.5\"/>"
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// A pixel coordinate, to the nearest half pixel, without a trailing `.0`.
fn px(v: f64) -> String {
    let v = (v * 2.0).round() / 2.0;
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::px;

    #[test]
    fn pixels_to_the_half() {
        assert_eq!(px(40.0), "40");
        assert_eq!(px(60.26), "60.5");
        assert_eq!(px(60.24), "60");
        assert_eq!(px(-1.5), "-1.5");
    }
}

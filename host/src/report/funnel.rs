//! Funnel plots: the values of one indicator at one level against their
//! bases, with the centre line and the 95 % and 99.8 % limits of chance.
//!
//! A plot shows the values whose funnel has the most common centre (most
//! often the region's reference row); values judged against another row
//! are counted in the caption, not drawn against limits that are not
//! theirs. Coordinates are written to two decimals (not the half pixels of
//! the series charts) so that the plot can be read back and checked
//! against the evaluation's JSON.

use std::fmt::Write as _;

use etalon_core::evaluate::limits_at;
use etalon_core::methodology::Indicator;
use etalon_core::{Funnel, FunnelPosition, IndicatorValue, Judgement, Level};
use rust_decimal::prelude::ToPrimitive;

const W: f64 = 520.0;
const H: f64 = 260.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 10.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;
/// Bases sampled between the smallest and the largest for the curves.
const SAMPLES: usize = 48;

/// Which limit of a funnel a curve follows.
type Pick = fn(&Funnel) -> f64;

/// A value drawn on a funnel plot.
pub struct FunnelDot<'a> {
    /// The value with its funnel.
    pub value: &'a IndicatorValue,
    /// Its funnel.
    pub funnel: &'a Funnel,
    /// Its base.
    pub base: i64,
    /// The value as a float (plots only).
    pub y: f64,
}

/// What a funnel plot shows: the values of one indicator at one level
/// with the most common centre, and the limit curves over their bases.
pub struct FunnelData<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// The level.
    pub level: Level,
    /// The centre (the normal band's edge on the worse side).
    pub centre: f64,
    /// The values drawn.
    pub dots: Vec<FunnelDot<'a>>,
    /// The limits at every drawn base and a geometric sample between the
    /// smallest and the largest, by base.
    pub curves: Vec<(i64, Funnel)>,
    /// Values with another centre, not drawn.
    pub other_centre: usize,
}

/// One funnel plot: the SVG and what it shows, for the caption.
pub struct FunnelPlot {
    /// The SVG.
    pub svg: String,
    /// Values drawn.
    pub shown: usize,
    /// Of which outside the 99.8 % limits.
    pub outside: usize,
    /// Of which with a base below the indicator's minimum.
    pub insufficient: usize,
    /// Values with another centre, not drawn.
    pub other_centre: usize,
}

fn coord(v: f64) -> String {
    format!("{:.2}", (v * 100.0).round() / 100.0)
}

/// The funnel plot of `values` (one indicator, one level), or none when
/// fewer than two of them have a funnel.
pub fn funnel_plot(
    ind: &Indicator,
    level: Level,
    values: &[&IndicatorValue],
) -> Option<FunnelPlot> {
    funnel_data(ind, level, values).map(|d| funnel_svg(&d))
}

/// What the funnel plot of `values` (one indicator, one level) shows, or
/// none when fewer than two of them have a funnel.
pub fn funnel_data<'a>(
    ind: &'a Indicator,
    level: Level,
    values: &[&'a IndicatorValue],
) -> Option<FunnelData<'a>> {
    let rule = ind.funnel.as_ref()?;
    let with: Vec<FunnelDot<'a>> = values
        .iter()
        .filter(|v| v.entity.level == level && *v.indicator == *ind.id)
        .filter_map(|v| {
            Some(FunnelDot {
                value: v,
                funnel: v.funnel.as_ref()?,
                base: v.base?,
                y: v.value?.to_f64()?,
            })
        })
        .collect();
    if with.len() < 2 {
        return None;
    }
    // The most common centre (ties: the smaller, for a stable choice).
    let mut centres: Vec<(f64, usize)> = Vec::new();
    for d in &with {
        match centres.iter_mut().find(|(c, _)| *c == d.funnel.centre) {
            Some((_, n)) => *n += 1,
            None => centres.push((d.funnel.centre, 1)),
        }
    }
    centres.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.total_cmp(&b.0)));
    let centre = centres[0].0;
    let total = with.len();
    let dots: Vec<FunnelDot<'a>> = with
        .into_iter()
        .filter(|d| d.funnel.centre == centre)
        .collect();
    let (phi, tau2) = (dots[0].funnel.phi, dots[0].funnel.tau2);
    // The bases the curves pass through: every drawn base (so a point can
    // be checked against the curve right above it) and a geometric sample.
    let min_base = dots.iter().map(|d| d.base).min().unwrap_or(1).max(1);
    let max_base = dots
        .iter()
        .map(|d| d.base)
        .max()
        .unwrap_or(1)
        .max(min_base + 1);
    let mut bases: Vec<i64> = dots.iter().map(|d| d.base).collect();
    let ratio = (max_base as f64 / min_base as f64).powf(1.0 / SAMPLES as f64);
    let mut b = min_base as f64;
    for _ in 0..=SAMPLES {
        bases.push((b.round() as i64).clamp(min_base, max_base));
        b *= ratio;
    }
    bases.sort_unstable();
    bases.dedup();
    let curves = bases
        .iter()
        .map(|&b| (b, limits_at(rule, ind.direction, centre, b, phi, tau2)))
        .collect();
    Some(FunnelData {
        indicator: ind,
        level,
        centre,
        other_centre: total - dots.len(),
        dots,
        curves,
    })
}

/// The SVG of a funnel plot.
pub fn funnel_svg(data: &FunnelData<'_>) -> FunnelPlot {
    let ind = data.indicator;
    let centre = data.centre;
    let drawn = &data.dots;
    let curves = &data.curves;
    let min_base = curves.first().map_or(1, |c| c.0);
    let max_base = curves.last().map_or(2, |c| c.0).max(min_base + 1);
    // The value range holds every point, the centre and the limits at the
    // drawn bases, so no drawn point or limit above it is clipped.
    let mut lo = centre;
    let mut hi = centre;
    for d in drawn {
        lo = lo.min(d.y).min(d.funnel.lower_99_8);
        hi = hi.max(d.y).max(d.funnel.upper_99_8);
    }
    for (_, f) in curves {
        lo = lo.min(f.lower_99_8);
        hi = hi.max(f.upper_99_8);
    }
    let pad = ((hi - lo) * 0.05).max(0.5);
    let (y0, y1) = (lo - pad, hi + pad);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    // Bases on a log scale: the funnel's mouth and its neck both visible.
    let (lx0, lx1) = ((min_base as f64).ln(), (max_base as f64).ln());
    let x = |b: i64| LEFT + ((b.max(1) as f64).ln() - lx0) / (lx1 - lx0) * plot_w;
    let y = |v: f64| TOP + (y1 - v) / (y1 - y0) * plot_h;

    let mut s = String::with_capacity(2048 + drawn.len() * 90);
    let _ = write!(
        s,
        "<svg class=\"fn\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" data-indicator=\"{}\" data-level=\"{}\">",
        super::escape::esc(&ind.id),
        data.level
    );
    let _ = write!(
        s,
        "<rect class=\"fr\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{plot_w}\" height=\"{plot_h}\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
    );
    let _ = write!(
        s,
        "<path class=\"fc\" data-centre=\"{centre}\" stroke=\"#355d87\" d=\"M{} {}H{}\"/>",
        coord(LEFT),
        coord(y(centre)),
        coord(LEFT + plot_w)
    );
    let curve = |pick: Pick| -> String {
        curves
            .iter()
            .map(|(b, f)| format!("{},{}", coord(x(*b)), coord(y(pick(f)))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let picks: [(&str, &str, Pick); 4] = [
        ("l95", "lower_95", |f| f.lower_95),
        ("l95", "upper_95", |f| f.upper_95),
        ("l998", "lower_99_8", |f| f.lower_99_8),
        ("l998", "upper_99_8", |f| f.upper_99_8),
    ];
    for (class, name, pick) in picks {
        let dash = if class == "l95" {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<polyline class=\"{class}\" data-limit=\"{name}\" fill=\"none\" stroke=\"#78909c\"{dash} points=\"{}\"/>",
            curve(pick)
        );
    }
    // Axis labels: the value range and the bases at both ends.
    let decimals = ind.decimals.min(1) as usize;
    for v in [y1 - pad, y0 + pad] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" class=\"ax\" font-size=\"10\" text-anchor=\"end\">{:.decimals$}</text>",
            coord(LEFT - 4.0),
            coord(y(v) + 3.0),
            v
        );
    }
    for b in [min_base, max_base] {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" class=\"bx\" font-size=\"10\" text-anchor=\"middle\">{b}</text>",
            coord(x(b)),
            coord(H - 8.0)
        );
    }
    let mut outside = 0;
    let mut insufficient = 0;
    for d in drawn {
        let (mut class, fill) = match d.funnel.position {
            FunnelPosition::Inside => ("in".to_string(), "#2e7d32"),
            FunnelPosition::Above95 | FunnelPosition::Below95 => ("o95".to_string(), "#e69b00"),
            FunnelPosition::Above998 | FunnelPosition::Below998 => {
                outside += 1;
                ("o998".to_string(), "#c62828")
            }
        };
        let fill = if d.value.judgement == Judgement::InsufficientBase {
            insufficient += 1;
            class.push_str(" nd");
            "#fff"
        } else {
            fill
        };
        let _ = write!(
            s,
            "<circle class=\"{class}\" data-entity=\"{}\" data-position=\"{}\" cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{fill}\" stroke=\"#607d8b\"><title>{} — {}</title></circle>",
            super::escape::esc(&d.value.entity.id),
            position_name(d.funnel.position),
            coord(x(d.base)),
            coord(y(d.y)),
            super::escape::esc(&d.value.entity.id),
            super::escape::esc(&d.value.entity_name),
        );
    }
    s.push_str("</svg>");
    FunnelPlot {
        svg: s,
        shown: drawn.len(),
        outside,
        insufficient,
        other_centre: data.other_centre,
    }
}

/// The name of a position as the JSON writes it.
fn position_name(p: FunnelPosition) -> &'static str {
    match p {
        FunnelPosition::Inside => "inside",
        FunnelPosition::Above95 => "above_95",
        FunnelPosition::Above998 => "above_99_8",
        FunnelPosition::Below95 => "below_95",
        FunnelPosition::Below998 => "below_99_8",
    }
}

//! The report's own words in Russian and English, and numbers written the
//! way each language writes them.
//!
//! The rule package owns the wording of processes, indicators, measures and
//! trend rules (`name` / `name_en`); the report's own words are in the
//! message catalogue (`host/locales/<lang>/report.ftl`, `word-<id>`).

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use etalon_core::evaluate::Variation;
use etalon_core::methodology::{DeviationSeverity, Scope, ValueUnit};
use etalon_core::{AssuranceClass, Judgement, Level};
use rust_decimal::{Decimal, RoundingStrategy};

/// The language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// Russian (the default: the language of the rule packages and the data).
    #[default]
    Ru,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code (`ru`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// The language of the locale, the rule every face follows when not
    /// told: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set
    /// and not empty decides; English if it starts with `en`
    /// (`en_US.UTF-8`), otherwise (or when none is set) Russian.
    pub fn from_locale() -> Lang {
        Lang::of_locale(["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok()))
    }

    /// [`Lang::from_locale`] for the values of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG`, in that order.
    pub fn of_locale(vars: [Option<String>; 3]) -> Lang {
        match vars.into_iter().flatten().find(|v| !v.is_empty()) {
            Some(v) if v.starts_with("en") => Lang::En,
            _ => Lang::Ru,
        }
    }

    /// Picks the Russian or the English text; English falls back to Russian
    /// where a package has no English wording.
    pub fn pick<'a>(self, ru: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => ru,
        }
    }

    /// A word of the report itself, from the message catalogue (read
    /// once per language: a report asks for thousands).
    pub fn t(self, word: Word) -> &'static str {
        static WORDS: OnceLock<[Vec<String>; 2]> = OnceLock::new();
        let words = WORDS.get_or_init(|| {
            [Lang::Ru, Lang::En].map(|lang| Word::ALL.iter().map(|w| w.text(lang)).collect())
        });
        let index = usize::from(self == Lang::En);
        words[index][word as usize].as_str()
    }

    /// The name of a level, singular.
    pub fn level(self, level: Level) -> &'static str {
        self.t(match level {
            Level::Country => Word::Country,
            Level::Region => Word::Region,
            Level::Group => Word::Group,
            Level::Org => Word::Org,
            Level::Unit => Word::Unit,
        })
    }

    /// A reference's scope written for people (`Группа: G01`).
    pub fn scope(self, scope: &Scope) -> String {
        match scope {
            Scope::Country => self.t(Word::Country).to_string(),
            Scope::Region => self.t(Word::Region).to_string(),
            Scope::OrgType(t) => format!("{}: {t}", self.t(Word::Orgs)),
            Scope::Group(g) => format!("{}: {g}", self.t(Word::Group)),
            Scope::Org(o) => format!("{}: {o}", self.t(Word::Org)),
            Scope::Unit(u) => format!("{}: {u}", self.t(Word::Unit)),
        }
    }

    /// The name of a level, plural.
    pub fn levels(self, level: Level) -> &'static str {
        self.t(match level {
            Level::Country => Word::Country,
            Level::Region => Word::Region,
            Level::Group => Word::Groups,
            Level::Org => Word::Orgs,
            Level::Unit => Word::Units,
        })
    }

    /// The name of a judgement.
    pub fn judgement(self, j: Judgement) -> &'static str {
        self.t(match j {
            Judgement::Normal => Word::Normal,
            Judgement::Warning => Word::Warning,
            Judgement::Critical => Word::Critical,
            Judgement::InsufficientBase => Word::InsufficientBase,
            Judgement::NoReference => Word::NoReference,
            Judgement::Undefined => Word::Undefined,
        })
    }

    /// The name of an assurance class.
    pub fn assurance(self, c: AssuranceClass) -> &'static str {
        self.t(match c {
            AssuranceClass::ConsistentlyMeets => Word::ConsistentlyMeets,
            AssuranceClass::HitAndMiss => Word::HitAndMiss,
            AssuranceClass::ConsistentlyFails => Word::ConsistentlyFails,
            AssuranceClass::InsufficientData => Word::InsufficientData,
        })
    }

    /// The name of a kind of variation.
    pub fn variation(self, v: Variation) -> &'static str {
        self.t(match v {
            Variation::CommonCause => Word::CommonCause,
            Variation::Improving => Word::Improving,
            Variation::Deteriorating => Word::Deteriorating,
            Variation::Higher => Word::Higher,
            Variation::Lower => Word::Lower,
        })
    }

    /// The name of a severity.
    pub fn severity(self, s: DeviationSeverity) -> &'static str {
        match s {
            DeviationSeverity::Warning => self.t(Word::Warning),
            DeviationSeverity::Critical => self.t(Word::Critical),
        }
    }

    /// The symbol written after a value of `unit` (may be empty).
    pub fn unit(self, unit: ValueUnit) -> &'static str {
        match unit {
            ValueUnit::Percent => "%",
            ValueUnit::Per100 => self.t(Word::UnitPer100),
            ValueUnit::Per1000 => self.t(Word::UnitPer1000),
            ValueUnit::Days => self.t(Word::UnitDays),
            ValueUnit::Points => self.t(Word::UnitPoints),
            ValueUnit::Count | ValueUnit::Ratio => "",
        }
    }

    /// `value` rounded half away from zero to `decimals` places and written
    /// with the language's decimal sign (`66,67` / `66.67`) and thousands
    /// grouped by a narrow space in Russian.
    pub fn number(self, value: Decimal, decimals: u32) -> String {
        let mut rounded =
            value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
        if rounded.is_zero() {
            // No "-0,0".
            rounded.set_sign_positive(true);
        }
        let text = format!("{:.*}", decimals as usize, rounded);
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", text.as_str()),
        };
        let (int, frac) = match digits.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (digits, None),
        };
        let (group, point) = match self {
            Lang::Ru => ('\u{202f}', ','),
            Lang::En => (',', '.'),
        };
        let mut out = String::from(sign);
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                out.push(group);
            }
            out.push(c);
        }
        if let Some(f) = frac {
            out.push(point);
            out.push_str(f);
        }
        out
    }

    /// An integer count written as [`Lang::number`] writes it.
    pub fn count(self, n: i64) -> String {
        self.number(Decimal::from(n), 0)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ru" => Ok(Lang::Ru),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language `{s}`; the languages are ru, en")),
        }
    }
}

/// A language chosen for a whole process, as the bindings keep theirs
/// (`etalon.set_language`, `Etalon.setLanguage`): the locale's
/// ([`Lang::from_locale`], read on first use) until one is chosen. Safe to
/// read and set from any thread.
#[derive(Debug)]
pub struct ChosenLang(AtomicU8);

/// [`ChosenLang`] holding nothing yet.
const UNSET: u8 = 0;

impl ChosenLang {
    /// Nothing chosen: the locale will decide.
    pub const fn new() -> Self {
        ChosenLang(AtomicU8::new(UNSET))
    }

    /// The language chosen, else the locale's (kept from then on).
    pub fn get(&self) -> Lang {
        let chosen = match self.0.load(Ordering::Relaxed) {
            UNSET => {
                // The first to store wins; a choice made meanwhile is kept.
                let locale = Self::encode(Lang::from_locale());
                match self
                    .0
                    .compare_exchange(UNSET, locale, Ordering::Relaxed, Ordering::Relaxed)
                {
                    Ok(_) => locale,
                    Err(chosen) => chosen,
                }
            }
            chosen => chosen,
        };
        if chosen == Self::encode(Lang::En) {
            Lang::En
        } else {
            Lang::Ru
        }
    }

    /// Chooses `lang`.
    pub fn set(&self, lang: Lang) {
        self.0.store(Self::encode(lang), Ordering::Relaxed);
    }

    fn encode(lang: Lang) -> u8 {
        match lang {
            Lang::Ru => 1,
            Lang::En => 2,
        }
    }
}

impl Default for ChosenLang {
    fn default() -> Self {
        ChosenLang::new()
    }
}

macro_rules! words {
    ($($word:ident => $id:literal;)*) => {
        /// A word or phrase of the report itself.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Word { $($word),* }

        impl Word {
            /// Every word, in the order of the enum (its index).
            pub const ALL: &'static [Word] = &[$(Word::$word),*];

            /// Its id in the catalogue, without the `word-` prefix.
            pub fn id(self) -> &'static str {
                match self { $(Word::$word => $id),* }
            }
        }
    };
}

impl Word {
    /// The word in `lang`, from the catalogue; its id where the catalogue
    /// lacks it (a test holds every word in both languages).
    fn text(self, lang: Lang) -> String {
        crate::catalogue::message::<&str>(lang, &format!("word-{}", self.id()), &[])
            .unwrap_or_else(|| self.id().to_string())
    }
}

words! {
    DocTitle => "doc-title";
    InForceFrom => "in-force-from";
    Processes => "processes";
    Measures => "measures";
    Table => "table";
    Aggregate => "aggregate";
    Filter => "filter";
    TrendRules => "trend-rules";
    Severity => "severity";
    Matrix => "matrix";
    Roles => "roles";
    Role => "role";
    Matches => "matches";
    TermDays => "term-days";
    EscalateTo => "escalate-to";
    NokScheme => "nok-scheme";
    KpiScheme => "kpi-scheme";
    Weight => "weight";
    Steps => "steps";
    Basis => "basis";
    Sources => "sources";
    Key => "key";
    Any => "any";
    DiffTitle => "diff-title";
    OldEdition => "old-edition";
    NewEdition => "new-edition";
    DiffIntro => "diff-intro";
    PackageChanges => "package-changes";
    Kind => "kind";
    Change => "change";
    Was => "was";
    Becomes => "becomes";
    Appear => "appear";
    Disappear => "disappear";
    ChangeSeverityOrOwner => "change-severity-or-owner";
    DeviationsMoved => "deviations-moved";
    ValuesChanged => "values-changed";
    NokChanged => "nok-changed";
    KpiChanged => "kpi-changed";
    NoChanges => "no-changes";
    Added => "added";
    Removed => "removed";
    Modified => "modified";
    KindReference => "kind-reference";
    KindFormula => "kind-formula";
    KindMatrix => "kind-matrix";
    Title => "title";
    Period => "period";
    Periods => "periods";
    Methodology => "methodology";
    Version => "version";
    Edition => "edition";
    Contents => "contents";
    Summary => "summary";
    Country => "country";
    Region => "region";
    Group => "group";
    Groups => "groups";
    Org => "org";
    Orgs => "orgs";
    Unit => "unit";
    Units => "units";
    Level => "level";
    Entity => "entity";
    Entities => "entities";
    Id => "id";
    Name => "name";
    Parent => "parent";
    Normal => "normal";
    Warning => "warning";
    Critical => "critical";
    InsufficientBase => "insufficient-base";
    NoReference => "no-reference";
    Undefined => "undefined";
    Warnings => "warnings";
    Criticals => "criticals";
    Deviations => "deviations";
    DeviationsByLevel => "deviations-by-level";
    Total => "total";
    WorstIndicators => "worst-indicators";
    Indicator => "indicator";
    Indicators => "indicators";
    Process => "process";
    CrossCutting => "cross-cutting";
    Owner => "owner";
    Card => "card";
    CardInputs => "card-inputs";
    Outputs => "outputs";
    Consumers => "consumers";
    Acts => "acts";
    Value => "value";
    Base => "base";
    Band => "band";
    Target => "target";
    TargetShort => "target-short";
    WarningShort => "warning-short";
    HigherIsBetter => "higher-is-better";
    LowerIsBetter => "lower-is-better";
    WithinBand => "within-band";
    NormalBand => "normal-band";
    WarningBand => "warning-band";
    Judgement => "judgement";
    Chart => "chart";
    Formula => "formula";
    Inputs => "inputs";
    ReferenceRow => "reference-row";
    Source => "source";
    Act => "act";
    Proposal => "proposal";
    Scope => "scope";
    InForce => "in-force";
    From => "from";
    To => "to";
    Earlier => "earlier";
    Reason => "reason";
    Rule => "rule";
    BandRule => "band-rule";
    Values => "values";
    Judged => "judged";
    NotJudged => "not-judged";
    ToSummary => "to-summary";
    References => "references";
    NoDeviations => "no-deviations";
    TopDeviations => "top-deviations";
    AndMore => "and-more";
    Legend => "legend";
    Explain => "explain";
    Generated => "generated";
    Of => "of";
    Nok => "nok";
    NokShort => "nok-short";
    Kpi => "kpi";
    KpiShort => "kpi-short";
    Rank => "rank";
    RankOf => "rank-of";
    TotalScore => "total-score";
    RatingBand => "rating-band";
    Criterion => "criterion";
    CriterionShort => "criterion-short";
    Respondents => "respondents";
    Assessed => "assessed";
    Ranking => "ranking";
    Directors => "directors";
    Heads => "heads";
    Points => "points";
    MaxPoints => "max-points";
    PercentOfMax => "percent-of-max";
    Journal => "journal";
    JournalOn => "journal-on";
    Followed => "followed";
    Open => "open";
    Overdue => "overdue";
    OverdueDays => "overdue-days";
    Due => "due";
    Stage => "stage";
    Responsible => "responsible";
    ByOwner => "by-owner";
    OverdueList => "overdue-list";
    NoOverdue => "no-overdue";
    Unassigned => "unassigned";
    StageDetected => "stage-detected";
    StageAssigned => "stage-assigned";
    StageCause => "stage-cause";
    StageAction => "stage-action";
    StageCorrected => "stage-corrected";
    StageVerified => "stage-verified";
    StageClosed => "stage-closed";
    Funnels => "funnels";
    FunnelsIntro => "funnels-intro";
    FunnelEntities => "funnel-entities";
    OutsideLimit => "outside-limit";
    InsufficientData => "insufficient-data";
    OtherCentre => "other-centre";
    Assurance => "assurance";
    ConsistentlyMeets => "consistently-meets";
    HitAndMiss => "hit-and-miss";
    ConsistentlyFails => "consistently-fails";
    Improving => "improving";
    Deteriorating => "deteriorating";
    Higher => "higher";
    Lower => "lower";
    CommonCause => "common-cause";
    Watch => "watch";
    Escalate => "escalate";
    Action => "action";
    Probability => "probability";
    FunnelLower => "funnel-lower";
    FunnelUpper => "funnel-upper";
    Variation => "variation";
    UnitPer100 => "unit-per100";
    UnitPer1000 => "unit-per1000";
    UnitDays => "unit-days";
    UnitPoints => "unit-points";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_locale_variable_set_decides() {
        let of = |a: Option<&str>, b: Option<&str>, c: Option<&str>| {
            Lang::of_locale([a, b, c].map(|v| v.map(str::to_string)))
        };
        assert_eq!(of(None, None, None), Lang::Ru);
        assert_eq!(of(None, None, Some("en_US.UTF-8")), Lang::En);
        assert_eq!(of(Some("ru_RU.UTF-8"), None, Some("en_US.UTF-8")), Lang::Ru);
        assert_eq!(of(Some(""), Some("en_GB"), Some("ru_RU")), Lang::En);
        assert_eq!(of(Some("C.UTF-8"), None, None), Lang::Ru);
        assert_eq!(of(Some("de_DE.UTF-8"), None, None), Lang::Ru);
    }

    #[test]
    fn a_chosen_language_is_kept_until_another_is_chosen() {
        let chosen = ChosenLang::new();
        assert_eq!(chosen.get(), Lang::from_locale());
        chosen.set(Lang::En);
        assert_eq!(chosen.get(), Lang::En);
        chosen.set(Lang::Ru);
        assert_eq!(chosen.get(), Lang::Ru);
        std::thread::scope(|s| s.spawn(|| chosen.set(Lang::En)).join().unwrap());
        assert_eq!(chosen.get(), Lang::En);
    }

    #[test]
    fn numbers_in_each_language() {
        let v: Decimal = "1234.5678".parse().unwrap();
        assert_eq!(Lang::Ru.number(v, 2), "1\u{202f}234,57");
        assert_eq!(Lang::En.number(v, 2), "1,234.57");
        assert_eq!(Lang::En.number("-0.05".parse().unwrap(), 1), "-0.1");
        assert_eq!(Lang::En.number("2.5".parse().unwrap(), 0), "3");
        assert_eq!(Lang::Ru.number(Decimal::from(100), 1), "100,0");
        assert_eq!(Lang::En.count(1_000_000), "1,000,000");
        assert_eq!(Lang::En.number("-0.04".parse().unwrap(), 1), "0.0");
    }

    #[test]
    fn every_word_has_both_languages() {
        for (i, w) in Word::ALL.iter().enumerate() {
            assert_eq!(*w as usize, i, "{w:?}");
            for lang in [Lang::Ru, Lang::En] {
                let id = format!("word-{}", w.id());
                let text = crate::catalogue::message::<&str>(lang, &id, &[]);
                assert!(text.is_some_and(|t| !t.trim().is_empty()), "{id} in {lang}");
            }
        }
        assert_eq!(Lang::Ru.t(Word::DocTitle), "Методика");
        assert_eq!(Lang::En.t(Word::DocTitle), "Methodology");
        assert_eq!(Lang::Ru.unit(ValueUnit::Per100), "на 100");
        assert_eq!(Lang::En.unit(ValueUnit::Days), "days");
        assert_eq!(Lang::En.pick("Имя", Some("Name")), "Name");
        assert_eq!(Lang::En.pick("Имя", None), "Имя");
        assert_eq!(Lang::Ru.pick("Имя", Some("Name")), "Имя");
    }
}

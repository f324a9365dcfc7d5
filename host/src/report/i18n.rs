//! The report's own words in Russian and English, and numbers written the
//! way each language writes them.
//!
//! The rule package owns the wording of processes, indicators, measures and
//! trend rules (`name` / `name_en`); this table holds only the few words of
//! the report itself.

use std::fmt;

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

    /// Picks the Russian or the English text; English falls back to Russian
    /// where a package has no English wording.
    pub fn pick<'a>(self, ru: &'a str, en: Option<&'a str>) -> &'a str {
        match (self, en) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => ru,
        }
    }

    /// A word of the report itself.
    pub fn t(self, word: Word) -> &'static str {
        let (ru, en) = word.texts();
        match self {
            Lang::Ru => ru,
            Lang::En => en,
        }
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
        match (self, unit) {
            (_, ValueUnit::Percent) => "%",
            (Lang::Ru, ValueUnit::Per100) => "на 100",
            (Lang::En, ValueUnit::Per100) => "per 100",
            (Lang::Ru, ValueUnit::Per1000) => "на 1000",
            (Lang::En, ValueUnit::Per1000) => "per 1000",
            (Lang::Ru, ValueUnit::Days) => "дн.",
            (Lang::En, ValueUnit::Days) => "days",
            (Lang::Ru, ValueUnit::Points) => "балл.",
            (Lang::En, ValueUnit::Points) => "points",
            (_, ValueUnit::Count | ValueUnit::Ratio) => "",
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

macro_rules! words {
    ($($word:ident => $ru:literal, $en:literal;)*) => {
        /// A word or phrase of the report itself.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Word { $($word),* }

        impl Word {
            /// Every word, for checks that both languages are complete.
            pub const ALL: &'static [Word] = &[$(Word::$word),*];

            /// The Russian and the English text.
            pub fn texts(self) -> (&'static str, &'static str) {
                match self { $(Word::$word => ($ru, $en)),* }
            }
        }
    };
}

words! {
    DocTitle => "Методика", "Methodology";
    InForceFrom => "Действует с", "In force from";
    Processes => "Процессы", "Processes";
    Measures => "Меры (исходные счёты)", "Measures (the counts)";
    Table => "Таблица", "Table";
    Aggregate => "Подсчёт", "Aggregate";
    Filter => "Отбор", "Filter";
    TrendRules => "Правила трендов", "Trend rules";
    Severity => "Тяжесть", "Severity";
    Matrix => "Матрица ответственности", "Responsibility matrix";
    Roles => "Роли", "Roles";
    Role => "Роль", "Role";
    Matches => "Отклонения", "Deviations matched";
    TermDays => "Срок, дней", "Term, days";
    EscalateTo => "Эскалация", "Escalation";
    NokScheme => "Схема НОК", "The НОК scheme";
    KpiScheme => "Схема KPI руководителей", "The KPI scheme of managers";
    Weight => "Вес", "Weight";
    Steps => "Баллы по порогам", "Points by threshold";
    Basis => "Основание", "Basis";
    Sources => "Источники", "Sources";
    Key => "Ключ", "Key";
    Any => "любые", "any";
    DiffTitle => "Что меняет новая редакция методики", "What the new edition of the methodology changes";
    OldEdition => "Действующая редакция", "Edition in force";
    NewEdition => "Новая редакция", "New edition";
    DiffIntro => "Обе редакции применены к одним и тем же данным за один период; ниже — всё, что от этого меняется.", "Both editions are applied to the same data for the same period; below is everything that changes.";
    PackageChanges => "Изменения правил", "Changes of the rules";
    Kind => "Что", "What";
    Change => "Изменение", "Change";
    Was => "Было", "Was";
    Becomes => "Станет", "Becomes";
    Appear => "Появятся", "Appear";
    Disappear => "Исчезнут", "Disappear";
    ChangeSeverityOrOwner => "Изменят тяжесть или ответственного", "Change severity or owner";
    DeviationsMoved => "Отклонения", "Deviations";
    ValuesChanged => "Изменившиеся значения показателей", "Indicator values that change";
    NokChanged => "НОК: изменившиеся баллы и места", "НОК: totals and ranks that change";
    KpiChanged => "KPI руководителей: изменившиеся баллы и места", "KPI of managers: points and ranks that change";
    NoChanges => "Изменений нет.", "No changes.";
    Added => "добавлено", "added";
    Removed => "удалено", "removed";
    Modified => "изменено", "changed";
    KindReference => "эталонное значение", "reference value";
    KindFormula => "формула", "formula";
    KindMatrix => "строка матрицы ответственности", "responsibility matrix row";
    Title => "Отчёт о качестве социального обслуживания", "Social-service quality report";
    Period => "Период", "Period";
    Periods => "Периоды", "Periods";
    Methodology => "Методика", "Methodology";
    Version => "версия", "version";
    Edition => "редакция", "edition";
    Contents => "Содержание", "Contents";
    Summary => "Сводка", "Summary";
    Country => "Страна", "Country";
    Region => "Регион", "Region";
    Group => "Группа организаций", "Group of organisations";
    Groups => "Группы организаций", "Groups of organisations";
    Org => "Организация", "Organisation";
    Orgs => "Организации", "Organisations";
    Unit => "Подразделение", "Unit";
    Units => "Подразделения", "Units";
    Level => "Уровень", "Level";
    Entity => "Объект", "Entity";
    Entities => "Объектов", "Entities";
    Id => "Код", "Id";
    Name => "Наименование", "Name";
    Parent => "Входит в", "Part of";
    Normal => "норма", "normal";
    Warning => "предупреждение", "warning";
    Critical => "критическое", "critical";
    InsufficientBase => "мала база", "base too small";
    NoReference => "нет эталона", "no reference";
    Undefined => "нет значения", "no value";
    Warnings => "Предупреждения", "Warnings";
    Criticals => "Критические", "Critical";
    Deviations => "Отклонения", "Deviations";
    DeviationsByLevel => "Отклонения по уровням", "Deviations by level";
    Total => "Всего", "Total";
    WorstIndicators => "Показатели с наибольшим числом отклонений", "Indicators with most deviations";
    Indicator => "Показатель", "Indicator";
    Indicators => "Показатели", "Indicators";
    Process => "Процесс", "Process";
    CrossCutting => "Сквозные показатели", "Cross-cutting indicators";
    Owner => "Владелец процесса", "Process owner";
    Card => "Карточка процесса", "Process card";
    CardInputs => "Входы", "Inputs";
    Outputs => "Выходы", "Outputs";
    Consumers => "Потребители", "Consumers";
    Acts => "Нормативные акты", "Regulating acts";
    Value => "Значение", "Value";
    Base => "База", "Base";
    Band => "Эталон", "Reference";
    Target => "Цель", "Target";
    TargetShort => "цель", "target";
    WarningShort => "пред.", "warn.";
    HigherIsBetter => "чем выше, тем лучше", "higher is better";
    LowerIsBetter => "чем ниже, тем лучше", "lower is better";
    WithinBand => "в пределах полосы", "within a band";
    NormalBand => "Норма", "Normal band";
    WarningBand => "Предупреждение", "Warning band";
    Judgement => "Оценка", "Judgement";
    Chart => "Динамика", "Over time";
    Formula => "Формула", "Formula";
    Inputs => "Исходные данные", "Inputs";
    ReferenceRow => "Эталонное значение", "Reference value";
    Source => "Источник", "Source";
    Act => "Нормативный акт", "Act";
    Proposal => "Региональное предложение", "Regional proposal";
    Scope => "Область действия", "Scope";
    InForce => "Действует", "In force";
    From => "с", "from";
    To => "по", "to";
    Earlier => "Предыдущие периоды", "Earlier periods";
    Reason => "Причина", "Reason";
    Rule => "Правило", "Rule";
    BandRule => "выход за полосу", "outside the band";
    Values => "Значений показателей", "Indicator values";
    Judged => "оценено по эталонам", "judged against reference values";
    NotJudged => "не оценено из-за малой базы", "not judged for a small base";
    ToSummary => "к сводке", "to the summary";
    References => "Эталонные значения и их источники", "Reference values and their sources";
    NoDeviations => "Отклонений нет", "No deviations";
    TopDeviations => "Критические отклонения", "Critical deviations";
    AndMore => "и ещё", "and more";
    Legend => "Графики: зелёная полоса — норма, жёлтая — предупреждение, пунктир — цель. Крупная точка — оцениваемый период (красная — критическое отклонение, жёлтая — предупреждение, зелёная — норма, серая — не оценено), обведённая — отклонение по тренду; мелкие бледные точки — предыдущие периоды относительно эталона своего периода.", "Charts: green band: normal; amber band: warning; dashed line: target. Large point: the period evaluated (red: critical deviation, amber: warning, green: normal, grey: not judged), ringed: a trend deviation; small pale points: earlier periods against the reference of their period.";
    Explain => "Нажмите на значение, чтобы увидеть, как оно получено: исходные данные, формулу, эталон и его источник.", "Click a value to see how it was computed: inputs, formula, reference value and its source.";
    Generated => "Сформировано", "Made with";
    Of => "из", "of";
    Nok => "Независимая оценка качества (НОК)", "Independent quality assessment (NOK)";
    NokShort => "НОК", "NOK";
    Kpi => "KPI руководителей", "KPI points of managers";
    KpiShort => "KPI", "KPI";
    Rank => "Место", "Rank";
    RankOf => "место", "rank";
    TotalScore => "Итоговый балл", "Total";
    RatingBand => "Уровень", "Band";
    Criterion => "Критерий", "Criterion";
    CriterionShort => "К", "C";
    Respondents => "Анкет", "Questionnaires";
    Assessed => "организаций оценено", "organisations assessed";
    Ranking => "Рейтинг организаций", "Ranking of organisations";
    Directors => "Директора учреждений", "Directors of organisations";
    Heads => "Руководители территориальных управлений", "Heads of territorial administrations";
    Points => "Баллы", "Points";
    MaxPoints => "Максимум", "Maximum";
    PercentOfMax => "% от максимума", "% of maximum";
    Journal => "Журнал отклонений", "Deviation journal";
    JournalOn => "на", "on";
    Followed => "отслеживается отклонений", "deviations followed";
    Open => "Открыто", "Open";
    Overdue => "Просрочено", "Overdue";
    OverdueDays => "Просрочка, дн.", "Days overdue";
    Due => "Срок", "Due";
    Stage => "Стадия", "Stage";
    Responsible => "Ответственный", "Owner";
    ByOwner => "Открытые отклонения по ответственным", "Open deviations by owner";
    OverdueList => "Просроченные отклонения", "Overdue deviations";
    NoOverdue => "Просроченных отклонений нет", "No overdue deviations";
    Unassigned => "не назначен", "not assigned";
    StageDetected => "обнаружено", "detected";
    StageAssigned => "назначено", "assigned";
    StageCause => "причина установлена", "cause recorded";
    StageAction => "мероприятие запланировано", "action planned";
    StageCorrected => "исправлено, проверяется", "corrected, being verified";
    StageVerified => "результативность подтверждена", "verified";
    StageClosed => "закрыто", "closed";
    Funnels => "Воронки: сигнал или шум", "Funnel plots: signal or noise";
    FunnelsIntro => "Каждая точка — значение за период против его базы. Линия — граница нормы (центр воронки), сплошные кривые — 99,8 %, пунктир — 95 % пределы случайного разброса. Полые точки — база меньше минимальной (недостаточно данных).", "Each point is a value of the period against its base. The line is the edge of the normal band (the funnel's centre); solid curves are the 99.8 % limits of chance, dashed the 95 % ones. Hollow points have a base below the minimum (insufficient data).";
    FunnelEntities => "значений", "values";
    OutsideLimit => "вне 99,8 %", "outside 99.8 %";
    InsufficientData => "недостаточно данных", "insufficient data";
    OtherCentre => "с другим эталоном не показаны", "with another reference not shown";
    Assurance => "Надёжность", "Assurance";
    ConsistentlyMeets => "стабильно выполняет", "consistently meets";
    HitAndMiss => "то выполняет, то нет", "hit and miss";
    ConsistentlyFails => "стабильно не выполняет", "consistently fails";
    Improving => "улучшение", "improving";
    Deteriorating => "ухудшение", "deteriorating";
    Higher => "особая причина: выше", "special cause: higher";
    Lower => "особая причина: ниже", "special cause: lower";
    CommonCause => "обычная изменчивость", "common-cause variation";
    Watch => "сигнал для наблюдения", "signal to watch";
    Escalate => "эскалация", "escalate";
    Action => "Действие", "Action";
    Probability => "Вероятность случайно", "Probability by chance";
    FunnelLower => "Воронка 99,8 %: нижняя", "Funnel 99.8 %: lower";
    FunnelUpper => "Воронка 99,8 %: верхняя", "Funnel 99.8 %: upper";
    Variation => "Изменчивость", "Variation";
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for w in Word::ALL {
            let (ru, en) = w.texts();
            assert!(!ru.is_empty() && !en.is_empty(), "{w:?}");
        }
        assert_eq!(Lang::En.pick("Имя", Some("Name")), "Name");
        assert_eq!(Lang::En.pick("Имя", None), "Имя");
        assert_eq!(Lang::Ru.pick("Имя", Some("Name")), "Имя");
    }
}

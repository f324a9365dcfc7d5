//! The organisation tree of a generated region, with Russian names.

use super::{RegionSpec, UnitRow};

const TOWNS: &[&str] = &[
    "Екатеринбург (Верх-Исетский)",
    "Екатеринбург (Железнодорожный)",
    "Екатеринбург (Кировский)",
    "Екатеринбург (Ленинский)",
    "Екатеринбург (Октябрьский)",
    "Екатеринбург (Орджоникидзевский)",
    "Екатеринбург (Чкаловский)",
    "Нижний Тагил",
    "Каменск-Уральский",
    "Первоуральск",
    "Серов",
    "Новоуральск",
    "Асбест",
    "Полевской",
    "Ревда",
    "Верхняя Пышма",
    "Берёзовский",
    "Краснотурьинск",
    "Алапаевск",
    "Ирбит",
    "Тавда",
    "Камышлов",
    "Сысерть",
    "Красноуфимск",
    "Артёмовский",
    "Богданович",
    "Кушва",
    "Карпинск",
    "Невьянск",
    "Реж",
    "Талица",
    "Туринск",
];

/// Units of each type of institution, by process.
const NON_RESIDENTIAL: &[(&str, &str)] = &[
    (
        "material_aid",
        "Отделение срочного социального обслуживания (материальная помощь)",
    ),
    (
        "urgent_service",
        "Отделение срочного социального обслуживания",
    ),
    (
        "home_care",
        "Отделение социального обслуживания на дому № 1",
    ),
    (
        "home_care",
        "Отделение социального обслуживания на дому № 2",
    ),
    ("counselling", "Консультативное отделение"),
    ("day_care", "Отделение дневного пребывания"),
    ("social_taxi", "Служба «Социальное такси»"),
    (
        "aids_loan",
        "Пункт проката технических средств реабилитации",
    ),
];
const RESIDENTIAL: &[(&str, &str)] = &[
    ("residential_care", "Отделение милосердия"),
    ("residential_care", "Общее отделение"),
    ("residential_care", "Геронтологическое отделение"),
    ("disability_rehab", "Отделение социальной реабилитации"),
];
const FAMILY_CHILDREN: &[(&str, &str)] = &[
    (
        "temporary_shelter",
        "Отделение временного проживания (приют)",
    ),
    ("counselling", "Отделение психолого-педагогической помощи"),
    (
        "disability_rehab",
        "Отделение реабилитации детей с ограниченными возможностями",
    ),
    ("day_care", "Отделение дневного пребывания"),
];

fn town(i: usize) -> String {
    let base = TOWNS[i % TOWNS.len()];
    match i / TOWNS.len() {
        0 => base.to_string(),
        n => format!("{base} — округ {}", n + 1),
    }
}

pub fn units(spec: &RegionSpec) -> Vec<UnitRow> {
    let groups: Vec<(String, String)> = (0..spec.groups.max(1))
        .map(|g| {
            (
                format!("G{:02}", g + 1),
                format!("Управление социальной политики № {} ({})", g + 1, town(g)),
            )
        })
        .collect();
    // Each type starts at a different group, so that every group gets
    // institutions of several types.
    let n = groups.len();
    let kinds = [
        ("non_residential", spec.non_residential, NON_RESIDENTIAL, 0),
        ("residential", spec.residential, RESIDENTIAL, n / 3),
        (
            "family_children",
            spec.family_children,
            FAMILY_CHILDREN,
            2 * n / 3,
        ),
    ];
    let mut out = Vec::new();
    let mut org_no = 0;
    let mut unit_no = 0;
    for (kind, count, layout, offset) in kinds {
        for k in 0..count {
            org_no += 1;
            let g = (k + offset) % n;
            let group = groups[g].clone();
            let place = town(g);
            let org_name = match kind {
                "non_residential" => format!("КЦСОН «{place}»"),
                "residential" => format!(
                    "Дом-интернат для престарелых и инвалидов № {} ({place})",
                    k + 1
                ),
                _ => format!("СРЦН «{place}» № {}", k + 1),
            };
            let org = (format!("O{org_no:03}"), org_name, kind.to_string());
            for (process, name) in layout {
                unit_no += 1;
                out.push(UnitRow {
                    group: group.clone(),
                    org: org.clone(),
                    unit: (format!("U{unit_no:04}"), name.to_string()),
                    process,
                });
            }
        }
    }
    out
}

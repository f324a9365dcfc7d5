//! Prints the catalogue of the standard methodology: processes, indicators
//! and their reference values.
//!
//! `cargo run --example catalogue`

fn main() {
    let methodology = match etalon::standard() {
        Ok(m) => m,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            std::process::exit(1);
        }
    };
    let info = &methodology.manifest().package;
    println!(
        "{} {} (edition {}, in force from {})",
        info.name, info.version, info.edition, info.in_force_from
    );
    for process in methodology.processes() {
        println!("\n{} — {}", process.id, process.name);
        for ind in methodology
            .indicators()
            .iter()
            .filter(|i| i.process.as_deref() == Some(&process.id))
        {
            println!("  {:<34} {}", ind.id, ind.name);
        }
    }
    println!("\ncross-cutting");
    for ind in methodology
        .indicators()
        .iter()
        .filter(|i| i.process.is_none())
    {
        println!("  {:<34} {}", ind.id, ind.name);
    }
    println!(
        "\n{} processes, {} measures, {} indicators, {} reference rows, {} trend rules",
        methodology.processes().len(),
        methodology.measures().len(),
        methodology.indicators().len(),
        methodology.references().len(),
        methodology.trends().len()
    );
}

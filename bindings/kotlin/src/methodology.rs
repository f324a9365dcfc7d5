//! `Methodology`: a compiled rule package, its catalogue, and evaluation.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use etalon::PackageFiles;
use etalon::folder::{FolderRequest, evaluate_folder};

use crate::compile::CompileOptions;
use crate::dataset::Dataset;
use crate::error::{EtalonError, guard, guard_scripts};
use crate::evaluation::{Evaluation, EvaluationOptions, LoadOptions};
use crate::types::{Diagnostic, Indicator, Measure, PackageInfo, Process, Reference};

/// A compiled rule package: immutable, and safe to share between threads.
/// Compile it once and evaluate as many datasets and periods as needed.
#[derive(Debug, uniffi::Object)]
pub struct Methodology {
    pub(crate) inner: etalon::Methodology,
}

fn files_of(map: HashMap<String, String>) -> PackageFiles {
    map.into_iter().collect()
}

#[uniffi::export]
impl Methodology {
    /// The standard package (the one embedded in etalon), compiled under
    /// the host's limits of `options` (the default ceiling without).
    #[uniffi::constructor(default(options = None))]
    pub fn standard(options: Option<CompileOptions>) -> Result<Arc<Self>, EtalonError> {
        let run = CompileOptions::start(options.as_ref())?;
        guard_scripts(|| {
            let inner = run.compile(&etalon::standard_files())?;
            Ok(Arc::new(Methodology { inner }))
        })
    }

    /// Compiles the package in folder `path` (the folder with
    /// `etalon.toml`) under the host's limits of `options`: the script
    /// ceiling, and a timeout covering the loading and compiling.
    #[uniffi::constructor(default(options = None))]
    pub fn from_dir(
        path: String,
        options: Option<CompileOptions>,
    ) -> Result<Arc<Self>, EtalonError> {
        let run = CompileOptions::start(options.as_ref())?;
        guard_scripts(|| {
            let inner = run.load(Path::new(&path))?;
            Ok(Arc::new(Methodology { inner }))
        })
    }

    /// Compiles a package given as files: path (with `/`, relative to the
    /// package root, `etalon.toml` among them) to text, under the host's
    /// limits of `options`. For hosts that keep packages in their own
    /// database.
    #[uniffi::constructor(default(options = None))]
    pub fn from_files(
        files: HashMap<String, String>,
        options: Option<CompileOptions>,
    ) -> Result<Arc<Self>, EtalonError> {
        let run = CompileOptions::start(options.as_ref())?;
        guard_scripts(|| {
            let inner = run.compile(&files_of(files))?;
            Ok(Arc::new(Methodology { inner }))
        })
    }

    /// What the package says about itself.
    pub fn info(&self) -> PackageInfo {
        (&self.inner.manifest().package).into()
    }

    /// Warnings found while compiling (the package works; look at them).
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.inner
            .warnings()
            .iter()
            .cloned()
            .map(Diagnostic::from)
            .collect()
    }

    /// The processes, in package order.
    pub fn processes(&self) -> Vec<Process> {
        self.inner.processes().iter().map(Process::from).collect()
    }

    /// The measures, in package order.
    pub fn measures(&self) -> Vec<Measure> {
        self.inner.measures().iter().map(Measure::from).collect()
    }

    /// The indicators, in package order.
    pub fn indicators(&self) -> Vec<Indicator> {
        self.inner
            .indicators()
            .iter()
            .map(Indicator::from)
            .collect()
    }

    /// An indicator by id.
    pub fn indicator(&self, id: String) -> Option<Indicator> {
        self.inner.indicator(&id).map(Indicator::from)
    }

    /// Every reference row, grouped by indicator in package order.
    pub fn references(&self) -> Vec<Reference> {
        self.inner
            .references()
            .iter()
            .map(Reference::from)
            .collect()
    }

    /// The whole catalogue (package, processes, measures, indicators,
    /// references, trend rules, questions) as JSON.
    pub fn catalogue_json(&self) -> Result<String, EtalonError> {
        guard(|| {
            serde_json::to_string_pretty(&self.inner.catalogue())
                .map_err(|e| EtalonError::internal(&e.to_string()))
        })
    }

    /// Evaluates `period` (`2026-Q3`, `2026-07`, `2026-H2`, `2026`) on
    /// `data` with the package's defaults and every core.
    pub fn evaluate(
        self: Arc<Self>,
        data: Arc<Dataset>,
        period: String,
    ) -> Result<Arc<Evaluation>, EtalonError> {
        self.evaluate_with(data, EvaluationOptions::new(period))
    }

    /// Evaluates with explicit options (threads, history).
    pub fn evaluate_with(
        self: Arc<Self>,
        data: Arc<Dataset>,
        options: EvaluationOptions,
    ) -> Result<Arc<Evaluation>, EtalonError> {
        guard_scripts(|| {
            let options = options.to_rust()?;
            let result = self.inner.evaluate_with(&data.inner, &options)?;
            Ok(Arc::new(Evaluation::new(self.inner.clone(), result)))
        })
    }

    /// Reads the data folder `path` and evaluates it with `options`, as
    /// `etalon evaluate --data` does: `maxRecords` refuses a folder holding
    /// more records while it is read, and `timeout` counts from the end of
    /// the reading. `load` says how the files are read (declared extra
    /// columns, the problem limit, encoding, separator).
    #[uniffi::method(default(load = None))]
    pub fn evaluate_dir(
        self: Arc<Self>,
        path: String,
        options: EvaluationOptions,
        load: Option<LoadOptions>,
    ) -> Result<Arc<Evaluation>, EtalonError> {
        guard_scripts(|| {
            let load = match &load {
                Some(l) => l.to_rust()?,
                None => etalon::io::LoadOptions::default(),
            };
            let request = FolderRequest {
                folder: Path::new(&path),
                options: options.untimed()?,
                load,
                timeout: options.timeout,
            };
            let done = evaluate_folder(&self.inner, request, |_| {})?;
            Ok(Arc::new(Evaluation::new(
                self.inner.clone(),
                done.evaluation,
            )))
        })
    }
}

/// Checks a package given as files without keeping it: every error and
/// warning (empty when the package is clean), under the host's limits of
/// `options` (past its timeout, a `deadline` error among them).
#[uniffi::export(default(options = None))]
pub fn check_package_files(
    files: HashMap<String, String>,
    options: Option<CompileOptions>,
) -> Result<Vec<Diagnostic>, EtalonError> {
    let run = CompileOptions::start(options.as_ref())?;
    guard_scripts(|| {
        Ok(
            etalon::Methodology::check_with(&files_of(files), &run.compile_options())
                .iter()
                .cloned()
                .map(Diagnostic::from)
                .collect(),
        )
    })
}

/// Checks the package in folder `path`, like `etalon rules check`, under
/// the host's limits of `options`.
#[uniffi::export(default(options = None))]
pub fn check_package_dir(
    path: String,
    options: Option<CompileOptions>,
) -> Result<Vec<Diagnostic>, EtalonError> {
    let run = CompileOptions::start(options.as_ref())?;
    guard_scripts(|| {
        let files = etalon::io::load_package(Path::new(&path))?;
        Ok(
            etalon::Methodology::check_with(&files, &run.compile_options())
                .iter()
                .cloned()
                .map(Diagnostic::from)
                .collect(),
        )
    })
}

//! Evaluating a data folder as a host asks for it: the folder read within
//! the record limit, then the period evaluated within the limits and the
//! time allowed. `etalon evaluate` and both bindings call
//! [`evaluate_folder`], so reading and limits are applied in one place.

use std::path::Path;
use std::time::{Duration, Instant};

use etalon_core::{Dataset, Evaluation, EvaluationError, EvaluationOptions, Methodology};

use crate::error::Envelope;
use crate::io::{LoadError, LoadOptions};

/// What to evaluate in a data folder.
#[derive(Debug, Clone)]
pub struct FolderRequest<'a> {
    /// The data folder: `units.csv` and a file per table.
    pub folder: &'a Path,
    /// The period and options of the evaluation; its `max_records` also
    /// stops the reading as soon as the folder holds more records.
    pub options: EvaluationOptions,
    /// How the files are read (declared extra columns, the most problems
    /// reported, encoding, separator); without a record limit of its own,
    /// `options.max_records` applies.
    pub load: LoadOptions,
    /// Stop after this long, counted from the call: the reading and the
    /// evaluation both count (with `options.deadline`, the earlier one
    /// holds).
    pub timeout: Option<Duration>,
}

/// The step a folder's evaluation is at, for a host that shows progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderStep {
    /// Reading the folder.
    Reading,
    /// Evaluating the records read.
    Evaluating {
        /// Records in every table.
        records: usize,
    },
}

/// A folder evaluated: the data read and the evaluation.
#[derive(Debug)]
pub struct FolderEvaluation {
    /// The data read from the folder.
    pub data: Dataset,
    /// The evaluation of the period, each deviation's reason in the
    /// catalogue's English ([`crate::explain::english_reasons`]).
    pub evaluation: Evaluation,
}

/// Why a folder could not be evaluated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FolderError {
    /// The folder cannot be read, or holds more records than allowed.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The evaluation failed or reached a limit.
    #[error(transparent)]
    Evaluation(#[from] EvaluationError),
}

impl From<FolderError> for Envelope {
    fn from(e: FolderError) -> Self {
        match e {
            FolderError::Load(e) => e.into(),
            FolderError::Evaluation(e) => e.into(),
        }
    }
}

/// Reads `request.folder` and evaluates it, telling `progress` each step.
///
/// ```no_run
/// use etalon::folder::{FolderRequest, evaluate_folder};
///
/// let m = etalon::standard().expect("the standard package compiles");
/// let request = FolderRequest {
///     folder: "examples/data".as_ref(),
///     options: etalon::EvaluationOptions::new("2026-Q3".parse().unwrap()).with_max_records(1_000_000),
///     load: etalon::io::LoadOptions::default(),
///     timeout: Some(std::time::Duration::from_secs(60)),
/// };
/// let done = evaluate_folder(&m, request, |_| {}).expect("the sample evaluates");
/// println!("{} deviations", done.evaluation.deviations.len());
/// ```
pub fn evaluate_folder(
    m: &Methodology,
    request: FolderRequest<'_>,
    mut progress: impl FnMut(FolderStep),
) -> Result<FolderEvaluation, FolderError> {
    let FolderRequest {
        folder,
        mut options,
        mut load,
        timeout,
    } = request;
    if let Some(end) = timeout.and_then(|t| Instant::now().checked_add(t)) {
        options.deadline = Some(options.deadline.map_or(end, |d| d.min(end)));
    }
    progress(FolderStep::Reading);
    load.max_records = load.max_records.or(options.max_records);
    let data = crate::io::load_dataset_with(folder, &load)?;
    // The reading is not interrupted; a deadline it spent stops here.
    if options.deadline.is_some_and(|d| Instant::now() >= d) {
        return Err(EvaluationError::DeadlineExceeded.into());
    }
    progress(FolderStep::Evaluating {
        records: data.total_records(),
    });
    let mut evaluation = m.evaluate_with(&data, &options)?;
    crate::explain::english_reasons(m, &mut evaluation);
    Ok(FolderEvaluation { data, evaluation })
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::error::Code;

    fn sample() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
    }

    fn request(folder: &Path, options: EvaluationOptions) -> FolderRequest<'_> {
        FolderRequest {
            folder,
            options,
            load: LoadOptions::default(),
            timeout: None,
        }
    }

    #[test]
    fn evaluates_as_reading_then_evaluating_does_and_tells_each_step() {
        let m = crate::standard().unwrap();
        let folder = sample();
        let period = "2026-Q3".parse().unwrap();
        let mut steps = Vec::new();
        let done = evaluate_folder(&m, request(&folder, EvaluationOptions::new(period)), |s| {
            steps.push(s)
        })
        .unwrap();
        let data = crate::io::load_dataset(&folder).unwrap();
        let mut direct = m.evaluate(&data, period).unwrap();
        crate::explain::english_reasons(&m, &mut direct);
        assert_eq!(done.evaluation.to_json(), direct.to_json());
        assert_eq!(
            steps,
            [
                FolderStep::Reading,
                FolderStep::Evaluating {
                    records: data.total_records()
                }
            ]
        );
    }

    #[test]
    fn the_record_limit_stops_the_reading() {
        let m = crate::standard().unwrap();
        let folder = sample();
        let options = EvaluationOptions::new("2026-Q3".parse().unwrap()).with_max_records(100);
        let mut steps = Vec::new();
        let e = evaluate_folder(&m, request(&folder, options), |s| steps.push(s)).unwrap_err();
        assert!(matches!(e, FolderError::Load(_)), "{e:?}");
        // Refused while reading, at the first record past the limit, with
        // the code of an evaluation past it.
        let envelope = Envelope::from(e);
        assert_eq!(envelope.code, Code::LimitRecords);
        assert_eq!(envelope.fields.limit.as_deref(), Some("records"));
        assert!(
            envelope
                .message
                .ends_with(": more than 100 records in all tables: this host accepts at most 100"),
            "{}",
            envelope.message
        );
        assert_eq!(steps, [FolderStep::Reading]);
    }

    #[test]
    fn a_timeout_spent_stops_the_evaluation_with_the_deadline() {
        let m = crate::standard().unwrap();
        let folder = sample();
        let mut r = request(&folder, EvaluationOptions::new("2026-Q3".parse().unwrap()));
        r.timeout = Some(Duration::ZERO);
        let e = evaluate_folder(&m, r, |_| {}).unwrap_err();
        assert!(
            matches!(
                e,
                FolderError::Evaluation(EvaluationError::DeadlineExceeded)
            ),
            "{e:?}"
        );
        assert_eq!(Envelope::from(e).code, Code::LimitDeadline);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let m = crate::standard().unwrap();
        let folder = sample().join("no-such-folder");
        let options = EvaluationOptions::new("2026-Q3".parse().unwrap());
        let e = Envelope::from(evaluate_folder(&m, request(&folder, options), |_| {}).unwrap_err());
        assert_eq!(e.code, Code::IoMissing);
        assert_eq!(
            e.fields.file,
            Some(folder.join("units.csv").display().to_string())
        );
    }
}

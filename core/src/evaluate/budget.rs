//! Cooperative limits on a running evaluation: a deadline and a
//! cancellation flag a host can set from another thread. Workers look at
//! them between blocks of records and between entities.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use super::{EvaluationError, EvaluationOptions};

/// A cancellation flag shared with a host: clone it, hand one to the
/// evaluation, call [`Cancel::cancel`] on the other.
///
/// ```
/// use etalon_core::evaluate::Cancel;
/// let cancel = Cancel::new();
/// let for_host = cancel.clone();
/// for_host.cancel();
/// assert!(cancel.is_cancelled());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag not yet set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks every evaluation holding this flag to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl PartialEq for Cancel {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The deadline and flag of one evaluation.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    deadline: Option<Instant>,
    cancel: Option<Cancel>,
}

impl Budget {
    pub fn new(options: &EvaluationOptions) -> Self {
        Budget {
            deadline: options.deadline,
            cancel: options.cancel.clone(),
        }
    }

    /// Whether the evaluation must stop, and why.
    pub fn check(&self) -> Result<(), EvaluationError> {
        if self.cancel.as_ref().is_some_and(Cancel::is_cancelled) {
            return Err(EvaluationError::Cancelled);
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(EvaluationError::DeadlineExceeded);
        }
        Ok(())
    }
}

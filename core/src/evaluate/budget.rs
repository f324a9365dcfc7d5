//! Cooperative limits on a running evaluation: a deadline and a
//! cancellation flag a host can set from another thread. Workers look at
//! them between blocks of records and between entities; a running script
//! looks at the budget of its thread ([`Budget::enter`]) through the script
//! engine's progress callback, so that a loop stops at the deadline too.

use std::cell::RefCell;
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

thread_local! {
    /// The budget the scripts running on this thread answer to.
    static CURRENT: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

impl Budget {
    pub fn new(options: &EvaluationOptions) -> Self {
        Budget {
            deadline: options.deadline,
            cancel: options.cancel.clone(),
        }
    }

    /// A budget of a deadline alone (compiling a package).
    pub fn until(deadline: Option<Instant>) -> Self {
        Budget {
            deadline,
            cancel: None,
        }
    }

    /// Runs `f` with this budget watching every script it runs on this
    /// thread; the thread's earlier budget is restored afterwards.
    pub fn enter<T>(&self, f: impl FnOnce() -> T) -> T {
        struct Restore(Option<Budget>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let earlier = self.0.take();
                CURRENT.with(|c| *c.borrow_mut() = earlier);
            }
        }
        let earlier = CURRENT.with(|c| c.borrow_mut().replace(self.clone()));
        let _restore = Restore(earlier);
        f()
    }

    /// Why the scripts of this thread must stop, if they must.
    pub fn current_stop() -> Option<EvaluationError> {
        CURRENT.with(|c| c.borrow().as_ref().and_then(|b| b.check().err()))
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

//! Work started on a thread of its own, with a fallback: where no thread
//! can be had (a host at its limit of threads), the work is done on the
//! thread that asks for its result. A panic of the work is resumed there.

use std::thread::{Scope, ScopedJoinHandle};

/// A piece of work running on a thread of `scope`, or waiting to be done
/// where its result is asked for.
pub(crate) enum Started<'scope, R, F> {
    Thread(ScopedJoinHandle<'scope, R>),
    Here(F),
}

/// Starts `work` on a thread named `name` of `scope`. `work` is `Clone`
/// (it holds references) so that it is still at hand if the thread cannot
/// start.
pub(crate) fn start<'scope, R, F>(
    scope: &'scope Scope<'scope, '_>,
    name: &str,
    work: F,
) -> Started<'scope, R, F>
where
    R: Send + 'scope,
    F: FnOnce() -> R + Send + Clone + 'scope,
{
    match std::thread::Builder::new()
        .name(name.into())
        .spawn_scoped(scope, work.clone())
    {
        Ok(thread) => Started::Thread(thread),
        Err(_) => Started::Here(work),
    }
}

impl<R, F: FnOnce() -> R> Started<'_, R, F> {
    /// The result of the work: waited for, or worked out here.
    pub(crate) fn result(self) -> R {
        match self {
            Started::Thread(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Started::Here(work) => work(),
        }
    }
}

/// How many parts `items` things are shared out in on `threads` threads:
/// one per thread, but no part of fewer than `per_part` (one at least).
pub(crate) fn parts(threads: usize, items: usize, per_part: usize) -> usize {
    threads.clamp(1, items.div_ceil(per_part).max(1))
}

/// `work` of each of `parts`, in order: the first done here while the
/// others run on threads of their own (named `name`).
pub(crate) fn map_parts<P: Sync, R: Send>(
    name: &str,
    parts: &[P],
    work: impl Fn(&P) -> R + Sync,
) -> Vec<R> {
    let Some((first, others)) = parts.split_first() else {
        return Vec::new();
    };
    let work = &work;
    std::thread::scope(|scope| {
        let started: Vec<_> = others
            .iter()
            .map(|part| start(scope, name, move || work(part)))
            .collect();
        let mut results = Vec::with_capacity(parts.len());
        results.push(work(first));
        results.extend(started.into_iter().map(Started::result));
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_order_asked() {
        let parts: Vec<Vec<u64>> = (0..6).map(|k| (k * 100..k * 100 + 100).collect()).collect();
        let sums: Vec<u64> = std::thread::scope(|scope| {
            let started: Vec<_> = parts
                .iter()
                .map(|p| start(scope, "etalon-test", move || p.iter().sum::<u64>()))
                .collect();
            started.into_iter().map(Started::result).collect()
        });
        let expected: Vec<u64> = parts.iter().map(|p| p.iter().sum()).collect();
        assert_eq!(sums, expected);
    }

    #[test]
    fn parts_are_one_per_thread_but_never_smaller_than_asked() {
        assert_eq!(parts(2, 31_192, 512), 2);
        assert_eq!(parts(8, 2_460, 512), 5);
        assert_eq!(parts(8, 100, 512), 1);
        assert_eq!(parts(0, 0, 512), 1);
    }

    #[test]
    fn each_part_is_worked_once_and_the_results_keep_the_parts_order() {
        let parts: Vec<u32> = (1..=7).collect();
        let squares = map_parts("etalon-test", &parts, |p| p * p);
        assert_eq!(squares, vec![1, 4, 9, 16, 25, 36, 49]);
        assert!(map_parts("etalon-test", &[] as &[u32], |p| *p).is_empty());
    }

    #[test]
    fn work_left_here_is_done_when_its_result_is_asked() {
        let here: Started<'_, u32, _> = Started::Here(|| 7 * 6);
        assert_eq!(here.result(), 42);
    }

    #[test]
    #[should_panic(expected = "the part failed")]
    fn a_panic_of_the_work_is_resumed_where_the_result_is_asked() {
        std::thread::scope(|scope| {
            start(scope, "etalon-test", || -> u32 {
                panic!("the part failed")
            })
            .result()
        });
    }
}

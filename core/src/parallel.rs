//! Work started on a thread of its own, with a fallback: where no thread
//! can be had (a host at its limit of threads), the work is done on the
//! thread that asks for its result. A panic of the work is resumed there.

use std::sync::atomic::{AtomicUsize, Ordering};
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

/// Whether the system gives this process a second core, so that work
/// split in two can run at once.
pub(crate) fn second_core() -> bool {
    std::thread::available_parallelism().is_ok_and(|n| n.get() > 1)
}

/// How many parts `items` things are shared out in on `threads` threads:
/// one per thread, but no part of fewer than `per_part` (one at least).
pub(crate) fn parts(threads: usize, items: usize, per_part: usize) -> usize {
    threads.clamp(1, items.div_ceil(per_part).max(1))
}

/// `work` of each of `items` (by index), the items taken in turn by
/// `threads` threads (this one among them) as each comes free, the results
/// in item order: for items whose costs differ too much to be shared out
/// beforehand.
pub(crate) fn map_taken<R: Send>(
    name: &str,
    items: usize,
    threads: usize,
    work: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.max(1));
    if threads == 1 {
        return (0..items).map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let take = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= items {
                return done;
            }
            done.push((i, work(i)));
        }
    };
    let take = &take;
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let started: Vec<_> = (1..threads).map(|_| start(scope, name, take)).collect();
        let mut done = take();
        for other in started {
            done.extend(other.result());
        }
        done
    });
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_taken_in_turn_come_back_in_item_order() {
        // Costs that differ by item, so that threads take them unevenly.
        let work = |i: usize| (0..(i % 7) * 1000).fold(i as u64, |a, x| a ^ (x as u64));
        for threads in [1, 2, 3, 8] {
            let got = map_taken("etalon-test", 50, threads, work);
            assert_eq!(
                got,
                (0..50).map(work).collect::<Vec<_>>(),
                "{threads} threads"
            );
        }
        assert!(map_taken("etalon-test", 0, 4, work).is_empty());
    }

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

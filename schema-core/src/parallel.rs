//! Work on every core for large schemas: items split into one run per core, results kept in the
//! items' order.

/// Below this many items the work stays on the calling thread: a thread costs more than a few
/// dozen tables' work.
pub(crate) const PARALLEL_FROM: usize = 64;

/// `f` of every item of `items`, in order; on every core when there are [`PARALLEL_FROM`] items
/// or more.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if items.len() < PARALLEL_FROM || threads < 2 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    let (first, rest) = items.split_at(chunk);
    std::thread::scope(|scope| {
        let workers: Vec<_> = rest
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<_>>()))
            .collect();
        // The calling thread takes the first part: one thread fewer to start, and what it
        // allocates lands in the heap the rest of the command reuses.
        let mut results: Vec<R> = Vec::with_capacity(items.len());
        results.extend(first.iter().map(f));
        for worker in workers {
            match worker.join() {
                Ok(part) => results.extend(part),
                // A panic on a worker is the caller's panic, as it would be on one thread.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_on_one_thread_or_many() {
        for n in [0, 1, PARALLEL_FROM - 1, PARALLEL_FROM, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let doubled = map(&items, |i| i * 2);
            assert_eq!(doubled, (0..n).map(|i| i * 2).collect::<Vec<_>>(), "{n} items");
        }
    }
}

//! Where connections are served: one single-threaded runtime per core, each with
//! its own I/O driver and task queue, and every accepted connection handed to the
//! next one in turn.
//!
//! Why not the process's multi-threaded runtime: it has one I/O driver (one
//! epoll) and one queue for wake-ups from outside it, which every core's requests
//! share: a socket's readiness is found by whichever worker polls the driver and
//! its task stolen by another, and each isolate's answer wakes its request
//! through the shared queue. Measured on a lent 16-core machine (docs/benchmarks.md,
//! "Scaling across cores"), one process on 8 cores served 69-80% of what 8
//! one-core processes did. A connection's requests stay on one thread here, as
//! they would in a process of their own; the isolates stay shared by all.
//!
//! The listener's accept loop stays where it runs; only connections move, as
//! plain sockets, registered again with their shard's driver.

use std::future::Future;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::runtime::Handle;

struct Shards {
    handles: Vec<Handle>,
    next: AtomicUsize,
}

/// Runs `task` on the next shard; on the caller's runtime where no shard could be
/// started (the process is out of threads: it still serves, on fewer queues).
pub fn spawn<F>(task: F)
where
    F: Future<Output = ()> + Send + 'static,
{
    let shards = shards();
    match shards.handles.len() {
        0 => drop(tokio::spawn(task)),
        count => {
            let index = shards.next.fetch_add(1, Ordering::Relaxed) % count;
            drop(shards.handles[index].spawn(task));
        }
    }
}

/// What a connection spawns (hyper's executor: an HTTP/2 connection's streams)
/// goes to the shards in turn too, so one busy HTTP/2 connection (a proxy in
/// front, say) is served on every core, as its streams were before.
#[derive(Clone, Copy, Debug, Default)]
pub struct Executor;

impl<F> hyper::rt::Executor<F> for Executor
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, task: F) {
        spawn(async move {
            task.await;
        });
    }
}

/// One shard per core the process may run on, started on first use and kept for
/// the life of the process: servers started later (a restarted listener, the
/// next test) use the same ones.
fn shards() -> &'static Shards {
    static SHARDS: OnceLock<Shards> = OnceLock::new();
    SHARDS.get_or_init(|| {
        let count = std::thread::available_parallelism().map_or(1, |n| n.get());
        let handles = (0..count).map_while(|index| start(index).ok()).collect::<Vec<_>>();
        if handles.len() < count {
            tracing::warn!(started = handles.len(), wanted = count, "cannot start every connection thread");
        }
        Shards { handles, next: AtomicUsize::new(0) }
    })
}

fn start(index: usize) -> std::io::Result<Handle> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let handle = runtime.handle().clone();
    std::thread::Builder::new().name(format!("http-{index}")).spawn(move || {
        crate::runtime::threads::prefer_throughput();
        runtime.block_on(std::future::pending::<()>());
    })?;
    Ok(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn tasks_run_on_shard_threads_in_turn() {
        let count = shards().handles.len();
        assert!(count >= 1);
        let mut names = Vec::new();
        for _ in 0..count * 4 {
            let (sent, received) = tokio::sync::oneshot::channel();
            spawn(async move {
                let _ = sent.send(std::thread::current().name().map(str::to_string));
            });
            names.push(received.await.unwrap().unwrap());
        }
        assert!(names.iter().all(|name| name.starts_with("http-")), "{names:?}");
        let distinct: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), count, "every shard takes its turn: {names:?}");
    }
}

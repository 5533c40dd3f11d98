//! How worky's threads ask the kernel to schedule them.
//!
//! A request crosses threads twice: the HTTP side hands it to an isolate thread and
//! the isolate hands the response back. Under the default policy each of those
//! wake-ups preempts the thread that is running, so on a busy core every request
//! costs two or three context switches and neither side gets to batch its work
//! (measured: 2.3 switches a request on the 1 KB JSON echo, one core). The HTTP and
//! isolate threads are throughput work, so they run as `SCHED_BATCH`: a woken thread
//! waits for the running one to block or use up its slice instead of preempting it.
//! The policy only changes who preempts whom, not priority. The watchdog is the one
//! thread that must cut in at once (to stop a runaway isolate), so it keeps the
//! normal policy.

/// Marks the calling thread as throughput work (`SCHED_BATCH` on Linux).
pub fn prefer_throughput() {
    #[cfg(target_os = "linux")]
    set_policy(libc::SCHED_BATCH);
}

/// Gives the calling thread the normal, preempting policy back.
pub fn prefer_latency() {
    #[cfg(target_os = "linux")]
    set_policy(libc::SCHED_OTHER);
}

/// The calling thread's kernel id (Linux), for `run_only_when_idle`.
pub fn current_thread_id() -> Option<i32> {
    #[cfg(target_os = "linux")]
    return Some(unsafe { libc::gettid() });
    #[cfg(not(target_os = "linux"))]
    None
}

/// Lets thread `id` of this process run only when no other thread wants the CPU
/// (`SCHED_IDLE`): for an isolate's thread that keeps running after its isolate
/// was stopped, inside an engine call that cannot be interrupted.
pub fn run_only_when_idle(id: i32) {
    #[cfg(target_os = "linux")]
    {
        let param = libc::sched_param { sched_priority: 0 };
        // Lowering another thread of our own process needs no privilege; a
        // failure leaves it at its old policy, which is all it can cost.
        unsafe { libc::sched_setscheduler(id, libc::SCHED_IDLE, &param) };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = id;
}

#[cfg(target_os = "linux")]
fn set_policy(policy: libc::c_int) {
    let param = libc::sched_param { sched_priority: 0 };
    // pid 0 is the calling thread. Failure only costs speed, so it is ignored.
    unsafe { libc::sched_setscheduler(0, policy, &param) };
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn policy_of_this_thread() -> libc::c_int {
        unsafe { libc::sched_getscheduler(0) }
    }

    #[test]
    fn switches_the_calling_thread_only() {
        std::thread::spawn(|| {
            prefer_throughput();
            assert_eq!(policy_of_this_thread(), libc::SCHED_BATCH);
            // Threads started from here inherit the policy; the watchdog resets itself.
            std::thread::spawn(|| {
                assert_eq!(policy_of_this_thread(), libc::SCHED_BATCH);
                prefer_latency();
                assert_eq!(policy_of_this_thread(), libc::SCHED_OTHER);
            })
            .join()
            .unwrap();
            assert_eq!(policy_of_this_thread(), libc::SCHED_BATCH);
        })
        .join()
        .unwrap();
    }
}

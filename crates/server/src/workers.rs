//! The server's background workers (the e-mail and webhook outboxes, the audit log's retention,
//! surveys' answer retention): each repeats one job on an interval, says it is alive after every
//! round (for `/readyz`), and on shutdown finishes the round it is in before it stops, so a
//! message being sent is recorded as sent.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long after its next round was due a worker still counts as alive: far longer than one
/// round takes (a round's network calls have their own timeouts), far shorter than an operator
/// waits.
pub const STALE_AFTER: Duration = Duration::from_secs(300);

/// One worker, as `/readyz` sees it.
#[derive(Debug)]
struct Beat {
    name: &'static str,
    /// When its last round ended (or it started), in milliseconds since 1970.
    last: AtomicI64,
    /// How long it waits between rounds.
    every: Duration,
    /// False once its task has ended: stopped, or a round panicked.
    running: AtomicBool,
}

/// What the workers of this instance last said; cheap to clone, shared with the HTTP layer.
#[derive(Debug, Clone, Default)]
pub struct Health {
    beats: Arc<Mutex<Vec<Arc<Beat>>>>,
}

impl Health {
    /// The workers that are not alive at `now` (ended, or silent for longer than [`STALE_AFTER`]
    /// after their next round was due).
    pub fn not_alive(&self, now: i64) -> Vec<&'static str> {
        let beats = self.beats.lock().expect("the list of workers is never left half-written");
        beats
            .iter()
            .filter(|beat| {
                !beat.running.load(Ordering::Acquire)
                    || now - beat.last.load(Ordering::Acquire) > (beat.every + STALE_AFTER).as_millis() as i64
            })
            .map(|beat| beat.name)
            .collect()
    }
}

/// The workers of one server instance.
pub struct Workers {
    health: Health,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl Default for Workers {
    fn default() -> Workers {
        Workers { health: Health::default(), stop: watch::channel(false).0, tasks: Vec::new() }
    }
}

/// Marks its worker as ended when the task ends, however it ends (a panicking round included).
struct Ended(Arc<Beat>);

impl Drop for Ended {
    fn drop(&mut self) {
        self.0.running.store(false, Ordering::Release);
    }
}

impl Workers {
    pub fn health(&self) -> Health {
        self.health.clone()
    }

    /// Runs `round` now and then `every` after each round ends, until [`Workers::stop`].
    pub fn spawn<F, Fut>(&mut self, name: &'static str, every: Duration, mut round: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let last = AtomicI64::new(crate::store::now_millis());
        let beat = Arc::new(Beat { name, last, every, running: AtomicBool::new(true) });
        self.health.beats.lock().expect("the list of workers is never left half-written").push(beat.clone());
        let mut stop = self.stop.subscribe();
        self.tasks.push(tokio::spawn(async move {
            let ended = Ended(beat);
            loop {
                round().await;
                ended.0.last.store(crate::store::now_millis(), Ordering::Release);
                // A dropped `Workers` (its sender gone) stops them too.
                tokio::select! {
                    _ = stop.wait_for(|stop| *stop) => break,
                    _ = tokio::time::sleep(every) => {}
                }
            }
        }));
    }

    /// Asks every worker to stop after its current round and waits for them, at most `grace`.
    /// Returns whether all of them stopped in time.
    pub async fn stop(self, grace: Duration) -> bool {
        _ = self.stop.send(true);
        let all = futures::future::join_all(self.tasks);
        tokio::time::timeout(grace, all).await.is_ok()
    }
}

/// The time before which audit entries are past a retention of `days` days.
pub fn retention_cutoff(now: i64, days: u32) -> i64 {
    now - i64::from(days) * 86_400_000
}

/// Deletes the audit log's entries older than `days` days, and customers' addresses their
/// organisation keeps no longer, once a minute (cheap indexed deletes, often enough to count as
/// alive for `/readyz`).
pub fn spawn_audit_retention(workers: &mut Workers, store: Arc<dyn crate::store::Store>, days: u32) {
    workers.spawn("audit-retention", Duration::from_secs(60), move || {
        let store = store.clone();
        async move {
            let before = retention_cutoff(crate::store::now_millis(), days);
            match store.purge_audit(before).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, days, "audit entries past their retention deleted"),
                Err(err) => tracing::warn!(error = %err, "audit retention"),
            }
            // Customers' addresses, past their organisation's retention after the case closed.
            match store.purge_addresses(crate::store::now_millis()).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "customer addresses past their retention deleted"),
                Err(err) => tracing::warn!(error = %err, "address retention"),
            }
        }
    });
}

/// Responses deleted by one statement of the answer retention: one survey's lock is held for
/// a batch at a time, so answers keep arriving while a long backlog goes.
const EXPIRE_BATCH: i64 = 500;

/// Deletes the responses past their survey's retention at `now`, keeping what they counted.
/// Safe to run on several instances at once: each batch is picked under the survey's lock.
/// Returns how many went.
pub async fn expire_answers(store: &dyn crate::store::Store, now: i64) -> anyhow::Result<u64> {
    use crate::store::audit::{Audit, AuditAction};
    let mut expired = 0;
    for (survey_id, days) in store.answer_retentions().await? {
        let Some(stored) = store.survey(&survey_id).await? else { continue };
        let before = retention_cutoff(now, days);
        let by = "answer retention";
        let audit = Audit::system(stored.organization.as_deref(), by, AuditAction::AnswersExpired, &survey_id)
            .survey(&survey_id)
            .detail(format!("{days} days"));
        loop {
            let gone = store.expire_answers(&stored.survey, before, EXPIRE_BATCH, &audit).await?;
            expired += gone;
            if (gone as i64) < EXPIRE_BATCH {
                break;
            }
        }
    }
    Ok(expired)
}

/// Deletes the answers past their survey's retention once an hour (so an answer goes within an
/// hour of its time, whichever instance gets there first).
pub fn spawn_answer_retention(workers: &mut Workers, store: Arc<dyn crate::store::Store>) {
    workers.spawn("answer-retention", Duration::from_secs(3600), move || {
        let store = store.clone();
        async move {
            match expire_answers(store.as_ref(), crate::store::now_millis()).await {
                Ok(0) => {}
                Ok(expired) => tracing::info!(expired, "responses past their survey's retention deleted"),
                Err(err) => tracing::warn!(error = %err, "answer retention"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[tokio::test]
    async fn a_worker_is_alive_while_it_runs_and_not_once_a_round_panics() {
        let mut workers = Workers::default();
        let rounds = Arc::new(AtomicUsize::new(0));
        let counted = rounds.clone();
        workers.spawn("steady", Duration::from_millis(5), move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async {}
        });
        workers.spawn("fragile", Duration::from_millis(5), || async { panic!("a broken round") });
        let health = workers.health();
        // However long the panic takes to print, the steady worker goes round again.
        for _ in 0..500 {
            if rounds.load(Ordering::SeqCst) > 2 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert!(rounds.load(Ordering::SeqCst) > 2, "rounds repeat");
        assert_eq!(health.not_alive(crate::store::now_millis()), ["fragile"]);
        // Silent for longer than the bound counts as dead too.
        let later = crate::store::now_millis() + STALE_AFTER.as_millis() as i64 + 1000;
        assert_eq!(health.not_alive(later), ["steady", "fragile"]);
        assert!(workers.stop(Duration::from_secs(5)).await);
    }

    #[tokio::test]
    async fn a_worker_of_long_rounds_is_alive_until_its_next_round_is_late() {
        let mut workers = Workers::default();
        workers.spawn("hourly", Duration::from_secs(3600), || async {});
        let health = workers.health();
        let now = crate::store::now_millis();
        assert!(health.not_alive(now + 3_000_000).is_empty(), "50 minutes after its round, it waits for the next");
        let late = now + 3_600_000 + STALE_AFTER.as_millis() as i64 + 1000;
        assert_eq!(health.not_alive(late), ["hourly"], "its next round is late");
        assert!(workers.stop(Duration::from_secs(5)).await);
    }

    #[tokio::test]
    async fn stopping_lets_the_round_in_progress_finish() {
        let mut workers = Workers::default();
        let finished = Arc::new(AtomicUsize::new(0));
        let (started_tx, started) = tokio::sync::oneshot::channel::<()>();
        let mut started_tx = Some(started_tx);
        let done = finished.clone();
        workers.spawn("slow", Duration::from_secs(3600), move || {
            let done = done.clone();
            let started = started_tx.take();
            async move {
                if let Some(started) = started {
                    _ = started.send(());
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                done.fetch_add(1, Ordering::SeqCst);
            }
        });
        started.await.unwrap();
        let health = workers.health();
        assert!(workers.stop(Duration::from_secs(5)).await, "stopped within the grace");
        assert_eq!(finished.load(Ordering::SeqCst), 1, "the round in progress finished, no other began");
        assert_eq!(health.not_alive(crate::store::now_millis()), ["slow"], "a stopped worker is not alive");
    }
}

/// Runs an outbox's `round` again while it attempted a full `batch`, so that a backlog (a burst,
/// or an instance back from a crash) goes at once rather than a batch a second. A round's error
/// ends it.
pub async fn while_full<F, Fut>(batch: i64, mut round: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<usize>>,
{
    while round().await? as i64 == batch {}
    Ok(())
}

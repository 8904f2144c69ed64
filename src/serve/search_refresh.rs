//! `serve`'s search index, made beside the rebuild loop. After an edit the index is made
//! whole again (seconds at 10,000 documents), and the next saves must not wait for it: it
//! is made on a thread of its own from the last good build's Site and texts, shared, not
//! copied. One refresh runs at a time: a newer request stops the running one (its result
//! would be dropped) and replaces the one waiting; a result is applied only while its build
//! is still the last good one (`Builder::apply_search`).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::snapshot::Files;
use super::watch::Message;
use crate::render::theme::Theme;
use crate::render::{BodyFacts, Renderer};
use crate::resolve::Site;

/// What a search index is made from: a good build's Site and its documents' texts. The
/// builder copies them on write should an edit come while they are shared.
pub struct Job {
    /// The good build the index is for.
    serial: u64,
    site: Arc<Site>,
    theme: Theme,
    facts: Arc<Vec<BodyFacts>>,
    /// Set when a newer build supersedes this one, or serve stops.
    stop: Arc<AtomicBool>,
}

impl Job {
    pub fn new(serial: u64, site: Arc<Site>, theme: Theme, facts: Arc<Vec<BodyFacts>>) -> Job {
        Job {
            serial,
            site,
            theme,
            facts,
            stop: Arc::default(),
        }
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

/// A refresh that ended, as the rebuild loop receives it.
pub struct Done {
    pub serial: u64,
    /// The index's files (None when stopped), or what the panic that stopped it said.
    pub files: Result<Option<Files>, String>,
    pub elapsed: Duration,
}

/// Numbers good builds, uniquely in the process: a builder started over after a panic
/// never takes a result made for its predecessor's build.
pub fn next_serial() -> u64 {
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    SERIAL.fetch_add(1, Ordering::Relaxed) + 1
}

/// Runs at most one refresh at a time and keeps the newest request waiting.
pub struct Refresher {
    /// Where a finished refresh is sent: the rebuild loop's channel.
    tx: Sender<Message>,
    /// The running refresh's stop flag.
    running: Option<Arc<AtomicBool>>,
    waiting: Option<Job>,
}

impl Refresher {
    pub fn new(tx: Sender<Message>) -> Self {
        Refresher {
            tx,
            running: None,
            waiting: None,
        }
    }

    /// Asks for the index of a good build: made now, or once the running refresh, asked to
    /// stop, ends (a request waiting for that is dropped: its build is no longer the last).
    pub fn request(&mut self, job: Job) {
        if let Some(stop) = &self.running {
            stop.store(true, Ordering::Relaxed);
            self.waiting = Some(job);
        } else {
            self.start(job);
        }
    }

    /// Notes that the running refresh ended, and starts the one waiting.
    pub fn finished(&mut self) {
        self.running = None;
        if let Some(job) = self.waiting.take() {
            self.start(job);
        }
    }

    fn start(&mut self, job: Job) {
        let tx = self.tx.clone();
        let serial = job.serial;
        let stop = job.stop.clone();
        // Not joined: a refresh running when serve stops ends with the process.
        let spawned = std::thread::Builder::new()
            .name("bantin-search".into())
            .spawn(move || {
                let started = Instant::now();
                let files = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    slow_down_for_tests(&job);
                    match pool() {
                        Some(pool) => pool.install(|| make(&job)),
                        None => make(&job),
                    }
                }))
                .map_err(|panic| super::panic_reason(&*panic));
                let elapsed = started.elapsed();
                // The loop is gone when serve stopped meanwhile: nothing to tell.
                let _ = tx.send(Message::Searched(Done {
                    serial,
                    files,
                    elapsed,
                }));
            });
        if let Err(e) = spawned {
            // Told as a failed refresh, which `finished` follows like any other.
            let _ = self.tx.send(Message::Searched(Done {
                serial,
                files: Err(e.to_string()),
                elapsed: Duration::ZERO,
            }));
        }
        self.running = Some(stop);
    }
}

impl Drop for Refresher {
    /// Serve stops: a refresh running gives up (the process does not wait for it anyway).
    fn drop(&mut self) {
        if let Some(stop) = &self.running {
            stop.store(true, Ordering::Relaxed);
        }
    }
}

/// The search index's files, as a full build writes them: a pure function of the Site and
/// the documents' texts. None when stopped.
fn make(job: &Job) -> Option<Files> {
    let mut diags = Vec::new();
    let r = Renderer::new(&job.site, job.theme.clone(), &mut diags);
    let stop = || job.stopped();
    crate::render::search::whole_unless(&r, &job.facts, &stop).map(|index| index.files)
}

/// Threads of the refresh's own: on rayon's global pool, its parallel work would queue
/// ahead of the next rebuild's. Half the cores, so that the rebuild keeps the others. None
/// when the pool cannot be made (the global pool serves then).
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads((cores / 2).max(1))
            .thread_name(|i| format!("bantin-search-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// For tests only, and not described to users: `BANTIN_TEST_SEARCH_DELAY_MS` makes every
/// refresh start that much later (or as soon as it is stopped), so that a test can edit
/// while one runs.
fn slow_down_for_tests(job: &Job) {
    let delay = std::env::var("BANTIN_TEST_SEARCH_DELAY_MS")
        .ok()
        .and_then(|ms| ms.parse().ok());
    if let Some(ms) = delay {
        let until = Instant::now() + Duration::from_millis(ms);
        while Instant::now() < until && !job.stopped() {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

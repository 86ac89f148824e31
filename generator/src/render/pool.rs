//! The render jobs of one crate and the threads that run them.
//!
//! The workers start before the first job is known and take jobs as the
//! views are prepared, so building the views of one API group overlaps the
//! rendering of the files already queued. Results are put back in job
//! order, so output and the first error reported do not depend on which
//! thread finished first.

use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;

use minijinja::Environment;

use crate::error::{Error, Result};

/// One file to render.
pub(super) struct Job {
    /// The template's name.
    pub template: &'static str,
    /// The file's path in the crate.
    pub out: PathBuf,
    /// The template's context.
    pub ctx: minijinja::Value,
    /// Lay the result out as Rust.
    pub rust: bool,
}

/// A finished job: its place in the queue, and what it produced.
type Done = (usize, Job, Result<String>);

/// Worker threads rendering the jobs pushed, one per core (at most 8).
pub(super) struct Pool {
    queue: Option<mpsc::Sender<(usize, Job)>>,
    workers: Vec<JoinHandle<Vec<Done>>>,
    pushed: usize,
}

impl Pool {
    /// Starts the workers; they wait for jobs. With `check`, Rust results
    /// are parsed before they are laid out (custom templates).
    pub fn start(env: Environment<'static>, check: bool) -> Self {
        let env = Arc::new(env);
        let (queue, jobs) = mpsc::channel::<(usize, Job)>();
        let jobs = Arc::new(Mutex::new(jobs));
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let workers = (0..threads)
            .map(|_| {
                let (env, jobs) = (Arc::clone(&env), Arc::clone(&jobs));
                std::thread::spawn(move || work(&env, &jobs, check))
            })
            .collect();
        Pool { queue: Some(queue), workers, pushed: 0 }
    }

    /// Queues one job.
    pub fn push(&mut self, job: Job) {
        if let Some(queue) = &self.queue {
            // A send fails only when every worker is gone (they panicked):
            // `finish` reports the job as not rendered.
            let _ = queue.send((self.pushed, job));
        }
        self.pushed += 1;
    }

    /// Waits for every job; returns the files in job order, or the error
    /// of the first job (in that order) that failed.
    pub fn finish(mut self) -> Result<Vec<(PathBuf, String)>> {
        self.queue = None;
        let mut results: Vec<Option<(Job, Result<String>)>> = (0..self.pushed).map(|_| None).collect();
        for worker in std::mem::take(&mut self.workers) {
            for (i, job, result) in worker.join().unwrap_or_default() {
                results[i] = Some((job, result));
            }
        }
        results
            .into_iter()
            .map(|done| match done {
                Some((job, result)) => Ok((job.out, result?)),
                None => Err(Error::Template { template: "render".into(), message: "rendering thread panicked".into() }),
            })
            .collect()
    }
}

/// A worker: renders jobs until the queue is closed and empty.
fn work(env: &Environment<'static>, jobs: &Mutex<mpsc::Receiver<(usize, Job)>>, check: bool) -> Vec<Done> {
    let mut done = Vec::new();
    loop {
        let next = match jobs.lock() {
            Ok(jobs) => jobs.recv(),
            Err(_) => break,
        };
        let Ok((i, job)) = next else { break };
        let result = run_job(env, &job, check);
        done.push((i, job, result));
    }
    done
}

fn run_job(env: &Environment, job: &Job, check: bool) -> Result<String> {
    let text = super::render_one(env, job.template, job.ctx.clone())?;
    if job.rust {
        super::format_rust(job.template, &job.out, &text, check)
    } else {
        Ok(text)
    }
}

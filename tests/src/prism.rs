//! Harness for the Stoplight Prism mock server used by the integration tests.
//!
//! Prism is pinned in `tests/prism/package.json` (`@stoplight/prism-cli` 5.14.2, which
//! runs on Node 20) and installed with `npm ci --prefix tests/prism`. [`Prism::start`]
//! runs `prism mock <spec> --host 127.0.0.1 --port <free port>` from
//! `tests/prism/node_modules/.bin/prism`, waits until it serves HTTP, and kills it again
//! when the [`Prism`] value is dropped.
//!
//! Prism runs as `node --require tests/prism/exit-on-stdin-eof.js <prism> mock ...`, and
//! the harness holds the write end of Prism's stdin. If the test process exits without
//! dropping the [`Prism`] (a `static`/`OnceLock` instance, `process::exit`, abort, SIGKILL),
//! the pipe closes and Prism exits, so no mock server outlives its tests.
//!
//! Everything Prism prints (stdout and stderr) goes to a log file; its path is in
//! [`Prism::log_path`] and in every error message.
//!
//! # Reading Prism's verdict (`sl-violations`)
//!
//! Prism runs without `--errors`, so it answers even when something is wrong and reports
//! what it found in an `sl-violations` response header: a JSON array of
//! `{"location": [..], "severity": "..", "code": .., "message": ".."}`.
//!
//! * `location[0]` is `"request"` or `"response"`, e.g. `["request"]`,
//!   `["request","body"]`, `["request","body","secret"]`, `["response","body"]`.
//!   Request and response problems come in the same header. Response problems come
//!   from the spec's own examples and are not the client's fault.
//! * `severity` is `"Error"`, `"Warning"`, `"Information"` or `"Hint"`. Warnings, such as
//!   a deprecated parameter or an unsupported security scheme, don't change the response.
//! * `code` is a number for security (`401`) and content-type (`415`) problems,
//!   and a JSON-schema keyword string (`"required"`, `"type"`, `"format"`, ...) otherwise.
//! * When the request has an `Error` and the operation declares a matching response
//!   (401 for security problems; 422 or 400 for others, and 415 first for content-type
//!   problems), Prism returns that response plus the header. Otherwise it makes up an
//!   `application/problem+json` response *without* the header: 401
//!   `…/prism/errors#UNAUTHORIZED`, 415 `…#INVALID_CONTENT_TYPE`, or 422
//!   `…#UNPROCESSABLE_ENTITY` with the violations in its `validation` array,
//!   where locations have no `"request"` prefix.
//! * A body that isn't valid JSON, sent as `application/json`, gets a plain 400 with
//!   `{"error":{"code":"invalid_json",...}}` and no header.
//! * If the JSON is longer than about 8 KB, the header is `Too many violations! ` followed by
//!   the JSON cut short, so it doesn't parse.
//!
//! So a request counts as conforming only if the status isn't an `application/problem+json`
//! `https://stoplight.io/prism/errors#…` response and no `sl-violations` entry has
//! `location[0] == "request"` and `severity == "Error"`.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// Default time to wait for Prism to serve HTTP. Override it with `PRISM_START_TIMEOUT_SECS`.
const DEFAULT_START_TIMEOUT: Duration = Duration::from_secs(60);
/// How many times to retry with a new port if the chosen one was taken (EADDRINUSE).
const PORT_ATTEMPTS: usize = 3;
/// Node preload (in `tests/prism/`) that ends Prism when its stdin closes.
const WATCHDOG: &str = "exit-on-stdin-eof.js";
/// The line Prism 5.x logs once `server.listen` has succeeded.
const LISTENING_MARKER: &str = "Prism is listening on ";

static LOG_COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A running `prism mock` process. Dropping it kills the process.
#[derive(Debug)]
pub struct Prism {
    /// e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub base_url: String,
    pub port: u16,
    /// File that receives Prism's stdout and stderr.
    pub log_path: PathBuf,
    child: Child,
    /// Held only so that Prism exits once it is closed (see the module docs).
    _lifeline: Option<ChildStdin>,
}

impl Prism {
    /// Starts `prism mock <spec> --host 127.0.0.1 --port <free port>` and waits until it
    /// answers HTTP (up to 60 s, or `PRISM_START_TIMEOUT_SECS`).
    ///
    /// Fails if the Prism binary is missing (run `npm ci --prefix tests/prism`), if Prism
    /// exits early (e.g. the spec can't be read), or on timeout. Errors include the log
    /// path and the end of the log.
    pub fn start(spec: &Path) -> Result<Prism, String> {
        Self::start_with(spec, &[])
    }

    /// [`Prism::start`] with more `prism mock` arguments, such as
    /// `--dynamic --seed 1`.
    pub fn start_with(spec: &Path, extra: &[&str]) -> Result<Prism, String> {
        if !spec.is_file() {
            return Err(format!("OpenAPI spec {} does not exist", spec.display()));
        }
        let bin = prism_bin();
        if !bin.exists() {
            return Err(format!(
                "Prism is not installed: {} does not exist. Run `npm ci --prefix tests/prism` \
                 from the workspace root (needs Node >= 20).",
                bin.display()
            ));
        }
        let spec = spec.canonicalize().map_err(|e| format!("cannot resolve spec path {}: {e}", spec.display()))?;
        let timeout = start_timeout();

        let mut last_err = String::new();
        for _ in 0..PORT_ATTEMPTS {
            match Self::try_start(&bin, &spec, extra, timeout)? {
                Ok(prism) => return Ok(prism),
                // The port was taken between choosing it and Prism binding it: try another.
                Err(port_in_use) => last_err = port_in_use,
            }
        }
        Err(last_err)
    }

    /// `Err(_)` is a fatal error; `Ok(Err(_))` means the port was already in use, so try again.
    fn try_start(bin: &Path, spec: &Path, extra: &[&str], timeout: Duration) -> Result<Result<Prism, String>, String> {
        let port = free_port().map_err(|e| format!("cannot find a free TCP port: {e}"))?;
        let log_path = new_log_path(spec, port)?;
        let log =
            File::create(&log_path).map_err(|e| format!("cannot create Prism log {}: {e}", log_path.display()))?;
        let log_err = log.try_clone().map_err(|e| format!("cannot clone log file handle: {e}"))?;

        let mut child = Command::new("node")
            .arg("--require")
            .arg(bin_dir_root().join(WATCHDOG))
            .arg(bin)
            .arg("mock")
            .arg(spec)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(extra)
            .current_dir(bin_dir_root())
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::piped())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .spawn()
            .map_err(|e| {
                format!("cannot spawn `node {}` (is `node` on PATH?): {e}; log: {}", bin.display(), log_path.display())
            })?;
        let lifeline = child.stdin.take();

        // From here on, `prism` owns the child: any early return kills it via Drop.
        let mut prism =
            Prism { base_url: format!("http://127.0.0.1:{port}"), port, log_path, child, _lifeline: lifeline };
        let started = Instant::now();
        let marker = format!("{LISTENING_MARKER}http://127.0.0.1:{port}");
        loop {
            if let Some(status) = prism.child.try_wait().map_err(|e| format!("cannot poll Prism process: {e}"))? {
                let log = prism.log();
                let msg = format!(
                    "Prism exited early with {status} while starting on {} (spec {}); log: {}\n{}",
                    prism.base_url,
                    spec.display(),
                    prism.log_path.display(),
                    tail(&log, 30)
                );
                return if log.contains("EADDRINUSE") { Ok(Err(msg)) } else { Err(msg) };
            }
            // Requiring *our* child's "listening" line means we never mistake another
            // server that grabbed the same port for this one.
            if prism.log().contains(&marker) && http_probe(port) {
                return Ok(Ok(prism));
            }
            if started.elapsed() > timeout {
                return Err(format!(
                    "Prism did not become ready on {} within {:?} (spec {}); log: {}\n{}",
                    prism.base_url,
                    timeout,
                    spec.display(),
                    prism.log_path.display(),
                    tail(&prism.log(), 30)
                ));
            }
            thread::sleep(Duration::from_millis(100));
        }
    }

    /// `base_url` + `path` (the path should start with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// Everything Prism has logged so far, or an empty string if the log can't be read.
    pub fn log(&self) -> String {
        fs::read(&self.log_path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default()
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Prism (without --multiprocess) is a single node process, so killing it is enough.
        self._lifeline.take();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The directory holding the vendored OpenAPI specs: `$SPECS_DIR` if it is set,
/// otherwise `<workspace root>/../shared/specs`. A relative `$SPECS_DIR` is taken
/// relative to the workspace root.
pub fn specs_dir() -> PathBuf {
    let workspace_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = match std::env::var_os("SPECS_DIR") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => PathBuf::from("../shared/specs"),
    };
    if dir.is_absolute() {
        dir
    } else {
        workspace_root.join(dir)
    }
}

/// `tests/prism/node_modules/.bin/prism`.
fn prism_bin() -> PathBuf {
    bin_dir_root().join("node_modules/.bin/prism")
}

/// `tests/prism`.
fn bin_dir_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("prism")
}

fn start_timeout() -> Duration {
    std::env::var("PRISM_START_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map(Duration::from_secs)
        .unwrap_or(DEFAULT_START_TIMEOUT)
}

/// Asks the kernel for a free port. There is a small window before Prism binds it;
/// `start` retries if Prism then fails with EADDRINUSE.
fn free_port() -> std::io::Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// `<target>/<profile>/prism-logs/<spec stem>-<pid>-<n>-<port>.log`, found from the test
/// executable's location (`<target>/<profile>/deps/<exe>`), or under the system temp dir.
fn new_log_path(spec: &Path, port: u16) -> Result<PathBuf, String> {
    let base = std::env::current_exe()
        .ok()
        .and_then(|exe| {
            exe.ancestors()
                .find(|p| p.file_name().is_some_and(|n| n == "deps"))
                .and_then(|deps| deps.parent())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("prism-logs");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create Prism log dir {}: {e}", dir.display()))?;
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "spec".to_owned());
    let n = LOG_COUNTER.fetch_add(1, Ordering::Relaxed);
    Ok(dir.join(format!("{stem}-{}-{n}-{port}.log", std::process::id())))
}

/// True if something on `port` answers a tiny HTTP/1.1 request with an HTTP status line.
/// Any status counts (the probe path is not in any spec, so Prism answers 404).
fn http_probe(port: u16) -> bool {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_secs(1)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = format!(
        "GET /__prism_readiness_probe HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\
         Connection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut buf = [0u8; 16];
    let mut got = 0;
    while got < 9 {
        match stream.read(&mut buf[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    buf[..got].starts_with(b"HTTP/1.")
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    all[start..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sends one HTTP/1.1 request (with `Connection: close`) and returns the whole response.
    fn raw_request(port: u16, request_head: &str) -> String {
        let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connect to Prism");
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        stream.write_all(request_head.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read response");
        String::from_utf8_lossy(&response).into_owned()
    }

    #[test]
    fn prism_serves_vonage_account_spec() {
        let Some(spec) = crate::upstream_spec("vonage/account.yml") else { return };
        let prism = Prism::start(&spec).unwrap_or_else(|e| panic!("{e}"));
        assert!(prism.base_url.starts_with("http://127.0.0.1:"));

        // Basic auth for "aaa012:abc123456789", as the spec's securityScheme describes.
        let response = raw_request(
            prism.port,
            &format!(
                "GET /accounts/abcd1234/secrets HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\
                 Authorization: Basic YWFhMDEyOmFiYzEyMzQ1Njc4OQ==\r\n\
                 Accept: application/json\r\nConnection: close\r\n\r\n",
                prism.port
            ),
        );
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no HTTP status line in response:\n{response}"));
        assert!(
            (200..300).contains(&status),
            "expected 2xx, got {status}; response:\n{response}\nPrism log: {}",
            prism.log_path.display()
        );
        assert!(
            !head.to_ascii_lowercase().contains("\r\nsl-violations:"),
            "conforming request reported violations:\n{head}"
        );
        assert!(body.contains("secrets"), "unexpected body: {body}");

        let port = prism.port;
        drop(prism);
        assert!(!http_probe(port), "Prism still answers on port {port} after drop");
    }

    #[test]
    fn start_reports_missing_spec() {
        let err = Prism::start(Path::new("/nonexistent/spec.yml")).unwrap_err();
        assert!(err.contains("/nonexistent/spec.yml"), "{err}");
    }

    #[test]
    fn start_reports_early_exit_with_log() {
        let spec = std::env::temp_dir().join(format!("not-openapi-{}.yml", std::process::id()));
        fs::write(&spec, "not: an openapi document\n").unwrap();
        let result = Prism::start(&spec);
        let _ = fs::remove_file(&spec);
        let err = result.expect_err("Prism must refuse a document that is not OpenAPI");
        assert!(err.contains("exited early"), "{err}");
        assert!(err.contains("prism-logs"), "error must name the log file: {err}");
        assert!(err.contains("Unsupported document format"), "{err}");
    }
}

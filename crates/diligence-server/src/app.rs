//! The application: its shared state, the router that joins the pages, the
//! API and the assets, the security headers every response carries, and the
//! server loop with graceful shutdown.

use crate::store::Store;
use crate::{answers, api, assets, pages};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::Router;
use diligence_kb::KnowledgeBase;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The Content Security Policy of every response: nothing loads from
/// outside the server, no inline script or style runs.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What every handler shares: one reference-counted value, so that handing
/// it to a handler (once per request) is one counter, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The contents of [`AppState`], reached through it as if they were its
/// own fields.
#[derive(Clone)]
pub struct Shared {
    /// The knowledge base built into the binary (or loaded at start).
    pub kb: &'static KnowledgeBase,
    /// Saved scenarios.
    pub store: Store,
    /// Results computed once at start.
    pub cache: Arc<pages::Cache>,
    /// Serialised answers of `POST /api/v1/assess`, compressed once.
    pub answers: Arc<answers::Answers>,
    /// The notification and response ledger, when the server has one.
    pub ledger: Option<crate::ledger::Ledger>,
    /// How long a notified State has to acknowledge, per urgency.
    pub ack_periods: diligence_ledger::deadline::AckPeriods,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    /// The state for this knowledge base and database.
    pub fn new(kb: &'static KnowledgeBase, store: Store) -> AppState {
        AppState(Arc::new(Shared {
            kb,
            store,
            cache: Arc::new(pages::Cache::new(kb)),
            answers: Arc::new(answers::Answers::default()),
            ledger: None,
            ack_periods: Default::default(),
        }))
    }

    /// The same state, serving this ledger under `/api/v1/ledger`.
    pub fn with_ledger(self, ledger: crate::ledger::Ledger) -> AppState {
        let mut shared = Arc::unwrap_or_clone(self.0);
        shared.ledger = Some(ledger);
        AppState(Arc::new(shared))
    }

    /// The same state, with these acknowledgement periods for the
    /// ledger's deadlines.
    pub fn with_ack_periods(self, periods: diligence_ledger::deadline::AckPeriods) -> AppState {
        let mut shared = Arc::unwrap_or_clone(self.0);
        shared.ack_periods = periods;
        AppState(Arc::new(shared))
    }
}

/// The whole router.
///
/// Responses are compressed with brotli or gzip when the client accepts it
/// (`Vary: Accept-Encoding` is added): HTML, JSON, CSS, JS and SVG. The
/// default predicate of tower-http leaves alone bodies under 32 bytes,
/// raster images, gRPC and `text/event-stream`, so a stream would never be
/// buffered (the application serves none today).
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api::routes())
        .merge(assets::routes())
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY))
        // The CSP, no MIME sniffing, the referrer kept on this site, no
        // framing.
        .layer(always(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(always(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(always(header::REFERRER_POLICY, "same-origin"))
        .layer(always(header::X_FRAME_OPTIONS, "DENY"))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A layer that gives every response the header `name: value`, replacing
/// any the handler set. The headers every response carries (see
/// [`router`]) are one such layer each, rather than one middleware
/// function, so that no request pays for a boxed future.
fn always(name: header::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on.
    pub addr: SocketAddr,
    /// The directory of the database.
    pub data_dir: PathBuf,
}

/// Why the server could not start or stopped.
#[derive(Debug)]
pub enum ServeError {
    /// The address could not be bound.
    Bind(SocketAddr, std::io::Error),
    /// The database could not be opened.
    Store(crate::store::StoreError),
    /// The server failed while running.
    Io(std::io::Error),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Bind(addr, e) if e.kind() == std::io::ErrorKind::AddrInUse => write!(
                f,
                "cannot listen on {addr}: the address is in use (another server is running there?); choose another with --addr"
            ),
            ServeError::Bind(addr, e) => write!(f, "cannot listen on {addr}: {e}"),
            ServeError::Store(e) => write!(f, "cannot open the database: {e}"),
            ServeError::Io(e) => write!(f, "the server failed: {e}"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Binds the address: the first step of [`serve`], apart so that a caller
/// can learn the port of `127.0.0.1:0`.
pub fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ServeError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|e| ServeError::Bind(addr, e))?;
    listener.set_nonblocking(true).map_err(ServeError::Io)?;
    Ok(listener)
}

/// How many threads [`serve`] answers on by default: one per core.
pub fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Serves on `listener` until `shutdown` completes, then finishes the
/// requests under way.
///
/// Each of `workers` threads runs a single-threaded runtime that accepts
/// connections from the same socket and answers them itself, as one
/// worker process of a classic web server does: a request never moves
/// between threads, so no thread wakes another to answer it. Each runtime
/// has its own blocking pool, where the heavy computations run, off the
/// threads that answer. The calling thread is the first worker.
pub fn serve(
    listener: std::net::TcpListener,
    state: AppState,
    workers: usize,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let app = router(state);
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let stop = Arc::new(stop);
    let worker = move |listener: std::net::TcpListener,
                       app: Router,
                       mut stopped: tokio::sync::watch::Receiver<bool>|
          -> Result<(), ServeError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(ServeError::Io)?;
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Io)?;
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.wait_for(|stop| *stop).await;
                })
                .await
                .map_err(ServeError::Io)
        })
    };
    let mut threads = Vec::new();
    for n in 1..workers.max(1) {
        let listener = listener.try_clone().map_err(ServeError::Io)?;
        let (app, stopped, stop) = (app.clone(), stopped.clone(), Arc::clone(&stop));
        let thread = std::thread::Builder::new()
            .name(format!("diligence-worker-{n}"))
            .spawn(move || {
                let outcome = worker(listener, app, stopped);
                // A worker that failed stops the others.
                let _ = stop.send(true);
                outcome
            })
            .map_err(ServeError::Io)?;
        threads.push(thread);
    }
    let on_signal = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("diligence-signal".to_string())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build();
            if let Ok(runtime) = runtime {
                runtime.block_on(shutdown);
            }
            let _ = on_signal.send(true);
        })
        .map_err(ServeError::Io)?;
    let mut result = worker(listener, app, stopped);
    let _ = stop.send(true);
    for thread in threads {
        let outcome = thread.join().unwrap_or_else(|_| {
            Err(ServeError::Io(std::io::Error::other(
                "a worker thread panicked",
            )))
        });
        if result.is_ok() {
            result = outcome;
        }
    }
    result
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing the requests under way");
}

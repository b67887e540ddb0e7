//! The application: its shared state, the router that joins the pages, the
//! API and the assets, the security headers every response carries, and the
//! server loop with graceful shutdown.

use crate::store::Store;
use crate::{answers, api, assets, pages};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use diligence_kb::KnowledgeBase;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// The largest request body accepted, in bytes.
pub const MAX_BODY: usize = 64 * 1024;

/// The Content Security Policy of every response: nothing loads from
/// outside the server, no inline script or style runs.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
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
}

impl AppState {
    /// The state for this knowledge base and database.
    pub fn new(kb: &'static KnowledgeBase, store: Store) -> AppState {
        AppState {
            kb,
            store,
            cache: Arc::new(pages::Cache::new(kb)),
            answers: Arc::new(answers::Answers::default()),
            ledger: None,
        }
    }

    /// The same state, serving this ledger under `/api/v1/ledger`.
    pub fn with_ledger(mut self, ledger: crate::ledger::Ledger) -> AppState {
        self.ledger = Some(ledger);
        self
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
        .layer(middleware::from_fn(security_headers))
        .layer(CompressionLayer::new().gzip(true).br(true))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn security_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
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
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServeError::Bind(addr, e))
}

/// Serves on `listener` until `shutdown` completes, then finishes the
/// requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServeError::Io)
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

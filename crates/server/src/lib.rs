//! The Hearback server.
//!
//! - [`config`]: command-line flags and environment variables (`hearback-server --help`).
//! - [`store`]: all SQL, behind the [`store::Store`] trait; SQLite is the embedded default.
//! - [`http`]: the axum application: the JSON API under `/api/v1`, the server-rendered widget
//!   page `/w/{survey}`, `embed.js` and the built front end under `/assets`.
//! - [`identity`]: known customers: checking what a host page says about who is answering
//!   (HMAC-signed tokens).
//! - [`webhooks`]: telling a company's endpoints about finished responses (outbox, signed,
//!   retried with backoff); [`chat`]: the same outbox's messages in Slack and Teams.
//! - [`workers`]: the background workers (the outboxes), their liveness for `/readyz`, and
//!   stopping them after their current round on shutdown.
//! - [`digest`]: the weekly digest e-mail members ask for.
//! - [`schedules`]: surveys that open and close by their schedule.
//! - [`demo`]: the demo survey and the stand-in company site that `make run` shows.
//! - [`testing`]: fresh databases of either backend for the test suites.
//!
//! [`serve`] takes an already-bound listener, so tests bind port 0 and run the real server.

pub mod chat;
pub mod config;
pub mod demo;
pub mod digest;
pub mod escalation;
pub mod fuzzing;
pub mod http;
pub mod identity;
pub mod invitations;
pub mod mail;
pub mod reader_words;
pub mod schedules;
pub mod store;
pub mod testing;
pub mod two_factor;
pub mod webhooks;
pub mod workers;

use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Serves the application on `listener` until `shutdown` completes, then drains open requests.
pub async fn serve(
    listener: TcpListener,
    app: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
}

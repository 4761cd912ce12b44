//! Hearback's front end: the survey widget, built to wasm by Trunk and rendered by the server.
//!
//! - [`widget`]: the survey form a respondent fills in inside the embedded iframe; its components
//!   render on the server for the first paint and hydrate in the browser (`src/bin/widget.rs`).
//!   [`widget::form`] holds its logic as plain functions, [`widget::browser`] its DOM and network
//!   calls.
//! - [`admin`]: the admin app companies work in (surveys, members), rendered in the browser only
//!   (`src/bin/admin.rs`, feature `admin`); its builder's model ([`admin::draft`]) is plain code.
//! - [`results`]: the published results page's few interactive parts (following by e-mail, a
//!   respondent's replies to plans), a bundle of its own (`src/bin/results.rs`, feature
//!   `results`); the page itself is the server's HTML.

pub mod admin;
pub mod fetch;
pub mod results;
pub mod widget;

//! HTTP tests of the API, in process, each with a fresh database.

mod admin;
mod admin_openapi;
mod aggregates;
mod cases;
mod conversations;
mod digests;
mod follow;
mod follow_language;
mod helpers;
mod identity;
mod inbound;
mod limits;
mod openapi;
mod operations;
mod partial;
mod plans;
mod publication;
mod receipts;
mod responses;
mod results;
mod results_language;
mod security;
mod surveys;
mod translations;
mod wall;
mod widget_page;

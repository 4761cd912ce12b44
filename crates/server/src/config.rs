//! Settings, from flags or the environment; `hearback-server --help` lists them with defaults.

use crate::store::DbOptions;
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "hearback-server", version, about = "Hearback: surveys that answer back.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// How log lines are written to standard error: `text` for people, `json` (one object a
    /// line, with the request id of each request's lines) for log shippers.
    #[arg(long, global = true, env = "HEARBACK_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API, the widget and the front end.
    Serve(ServeArgs),
    /// Manage surveys from the command line.
    #[command(subcommand)]
    Survey(SurveyCommand),
    /// The results kept as responses arrive.
    #[command(subcommand)]
    Aggregates(AggregatesCommand),
    /// Copy a SQLite database to a new file while servers use it (a consistent snapshot holding
    /// every response committed before it began). For PostgreSQL use `pg_dump`.
    Backup {
        /// The new file to write (it must not exist).
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum AggregatesCommand {
    /// Recompute the results of every survey (or one) from the raw responses, with a progress
    /// bar. Each survey is rebuilt in one transaction: its responses wait meanwhile, none is lost.
    Rebuild {
        /// Only this survey.
        #[arg(long)]
        survey: Option<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Where the data lives: `sqlite:PATH` (the file is created if missing) for one machine, or
    /// `postgres://USER:PASSWORD@HOST:PORT/DB` for several server instances over one database.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:data/hearback.db")]
    pub database_url: String,

    /// Database connections each server instance keeps at most.
    #[arg(long, env = "HEARBACK_DB_POOL_SIZE", default_value_t = 8)]
    pub db_pool_size: u32,

    /// How long one SQL statement may run before PostgreSQL cancels it, in milliseconds.
    #[arg(long, env = "HEARBACK_DB_STATEMENT_TIMEOUT_MS", default_value_t = 5000)]
    pub db_statement_timeout_ms: u64,

    /// How long a request waits for a database connection before it is answered 503, in ms.
    #[arg(long, env = "HEARBACK_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 3000)]
    pub db_acquire_timeout_ms: u64,
}

impl DatabaseArgs {
    pub fn options(&self) -> DbOptions {
        DbOptions {
            pool_size: self.db_pool_size,
            statement_timeout: Duration::from_millis(self.db_statement_timeout_ms),
            acquire_timeout: Duration::from_millis(self.db_acquire_timeout_ms),
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "HEARBACK_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Trunk's output folder: the widget page template and the hashed assets.
    #[arg(long, env = "HEARBACK_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Serve results only to requests with `Authorization: Bearer TOKEN`. Without it, results
    /// are served to loopback clients only. Set it whenever the server is behind a proxy.
    #[arg(long, env = "HEARBACK_RESULTS_TOKEN")]
    pub results_token: Option<String>,

    /// Set when Hearback is served over https (behind a TLS proxy): session cookies are then
    /// `Secure` and take the `__Host-` prefix.
    #[arg(long, env = "HEARBACK_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Let webhooks target private, loopback and link-local addresses (refused by default, so a
    /// webhook cannot reach into the network Hearback runs in). For tests and closed networks.
    #[arg(long, env = "HEARBACK_ALLOW_PRIVATE_WEBHOOKS")]
    pub allow_private_webhooks: bool,

    /// How long an instance keeps the e-mails and webhook deliveries it claimed from the outboxes
    /// before another instance may send them (what a crashed instance claimed waits this long).
    /// Default: two minutes for e-mail, one for webhooks. Shorter than a send can take sends twice.
    #[arg(long, env = "HEARBACK_OUTBOX_LEASE_SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub outbox_lease_seconds: Option<u64>,

    /// Behind a proxy: each client is the address the proxy puts last in `X-Forwarded-For`
    /// (for the limits on how fast one client may answer, follow and reply), and the proxy's
    /// `X-Request-Id` names the request in logs. Set it only when every request comes through
    /// that proxy, or anyone could pick their own address.
    #[arg(long, env = "HEARBACK_TRUST_FORWARDED_FOR")]
    pub trust_forwarded_for: bool,

    /// Do not limit how fast one client may answer (60 at once, then 1 a second), follow and
    /// reply (10 at once, then 1 each 30 seconds). For load tests.
    #[arg(long, env = "HEARBACK_NO_RATE_LIMIT")]
    pub no_rate_limit: bool,

    /// Results show no numbers for a group of fewer respondents than this (at least 3).
    #[arg(long, env = "HEARBACK_PRIVACY_K", default_value_t = 5, value_parser = clap::value_parser!(u64).range(3..))]
    pub privacy_k: u64,

    /// Words read from comments are shown only for groups with at least this many comments
    /// (at least the privacy k).
    #[arg(long, env = "HEARBACK_COMMENT_K", default_value_t = 10)]
    pub comment_k: u64,

    /// Send e-mail (invitations, and later news for people who follow results) through this
    /// SMTP server: `smtp://user:password@host:587?tls=required`, `smtps://host:465`, or
    /// `smtp://localhost:25` for a relay on this machine. Without it, nothing is e-mailed.
    #[arg(long, env = "HEARBACK_SMTP_URL", requires = "mail_from")]
    pub smtp_url: Option<String>,

    /// The sender of Hearback's e-mail, such as `Acme feedback <feedback@acme.example>`
    /// (replies go to the person each message names).
    #[arg(long, env = "HEARBACK_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// Where people reach this server, for links in e-mail (https://feedback.acme.example);
    /// by default the address the admin app was opened at.
    #[arg(long, env = "HEARBACK_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Bring customers' e-mail replies into their case: the case owner's messages name
    /// `reply+…@DOMAIN` beside the owner in Reply-To, and the mail service that receives DOMAIN's
    /// mail posts each message to /api/v1/inbound-mail (docs/deployment.md).
    #[arg(long, env = "HEARBACK_REPLY_DOMAIN", requires = "inbound_mail_secret")]
    pub reply_domain: Option<String>,

    /// The bearer token the mail service sends with what it posts to /api/v1/inbound-mail.
    #[arg(long, env = "HEARBACK_INBOUND_MAIL_SECRET", requires = "reply_domain")]
    pub inbound_mail_secret: Option<String>,

    /// Serve Prometheus metrics at `/metrics` on the main address to holders of this bearer token
    /// (without it or `--metrics-addr`, there is no `/metrics`).
    #[arg(long, env = "HEARBACK_METRICS_TOKEN")]
    pub metrics_token: Option<String>,

    /// Serve Prometheus metrics at `/metrics` on this address of their own, without a token: one
    /// only the monitoring reaches (such as 127.0.0.1:9090 or a private network's).
    #[arg(long, env = "HEARBACK_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,

    /// On SIGTERM or SIGINT: how long requests in flight and the outbox workers' current round
    /// may take to finish before the server exits anyway, in seconds.
    #[arg(long, env = "HEARBACK_SHUTDOWN_GRACE", default_value_t = 30)]
    pub shutdown_grace: u64,

    /// How many days the audit log keeps its entries; older ones are deleted every hour.
    #[arg(long, env = "HEARBACK_AUDIT_RETENTION_DAYS", default_value_t = 365,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub audit_retention_days: u32,

    /// Create the demo survey on first start and serve a demo company site that embeds it.
    #[arg(long, env = "HEARBACK_DEMO")]
    pub demo: bool,

    /// Where the demo company site listens (another origin than the server).
    #[arg(long, env = "HEARBACK_DEMO_ADDR", default_value = "127.0.0.1:8081")]
    pub demo_addr: SocketAddr,
}

impl ServeArgs {
    /// `--outbox-lease-seconds`, when given.
    pub fn outbox_lease(&self) -> Option<std::time::Duration> {
        self.outbox_lease_seconds.map(std::time::Duration::from_secs)
    }
}

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Create a live survey from a JSON definition and print its id.
    Create {
        /// The survey definition (id, title, questions) as JSON.
        file: PathBuf,
        /// A site allowed to embed the survey, as `https://host[:port]`; repeat for several.
        #[arg(long = "allow-origin")]
        allowed_origins: Vec<String>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Print the secret the company's backend signs customer details with (docs/identify.md).
    Secret {
        id: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Close a survey: it stops taking responses; its results stay.
    Close {
        id: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

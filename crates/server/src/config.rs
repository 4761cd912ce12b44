//! Settings, from flags or the environment; `hearback-server --help` lists them with defaults.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "hearback-server", version, about = "Hearback: surveys that answer back.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API, the widget and the front end.
    Serve(ServeArgs),
    /// Manage surveys from the command line (until the admin app exists).
    #[command(subcommand)]
    Survey(SurveyCommand),
}

#[derive(Debug, Args)]
pub struct DatabaseArgs {
    /// Where the data lives: `sqlite:PATH` (the file is created if missing).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite:data/hearback.db")]
    pub database_url: String,
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

    /// Create the demo survey on first start and serve a demo company site that embeds it.
    #[arg(long, env = "HEARBACK_DEMO")]
    pub demo: bool,

    /// Where the demo company site listens (another origin than the server).
    #[arg(long, env = "HEARBACK_DEMO_ADDR", default_value = "127.0.0.1:8081")]
    pub demo_addr: SocketAddr,
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
    /// Close a survey: it stops taking responses; its results stay.
    Close {
        id: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

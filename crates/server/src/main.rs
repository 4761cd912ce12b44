//! The `hearback-server` command: serve (with a demo), and the operator's commands on surveys
//! and aggregates, as `config` parses them.

use anyhow::Context;
use clap::Parser;
use hearback_core::{Origin, Slug, Survey};
use hearback_server::config::{AggregatesCommand, Cli, Command, LogFormat, ServeArgs, SurveyCommand};
use hearback_server::http::widget_page::WidgetTemplate;
use hearback_server::http::{app, AppState, HttpConfig};
use hearback_server::store::audit::{Audit, AuditAction};
use hearback_server::store::{self, StoreError, SurveyStatus};
use hearback_server::workers::Workers;
use hearback_server::{demo, serve};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match cli.log_format {
        // One JSON object a line, with the fields of the spans it was written in (a request's id).
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
        LogFormat::Text => logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr())).init(),
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve(args) => run_server(args).await,
        Command::Survey(SurveyCommand::Create { file, allowed_origins, database }) => {
            let json = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let survey: Survey =
                serde_json::from_str(&json).with_context(|| format!("{} is not a valid survey", file.display()))?;
            let origins = allowed_origins.into_iter().map(Origin::parse).collect::<Result<Vec<_>, _>>()?;
            let store = store::open(&database.database_url, &database.options()).await?;
            match store.create_survey(&survey, &origins, &hearback_server::identity::new_secret()).await {
                Err(StoreError::Conflict) => anyhow::bail!("a survey with id `{}` already exists", survey.id()),
                other => other?,
            }
            println!("{}", survey.id());
            Ok(())
        }
        Command::Survey(SurveyCommand::Secret { id, database }) => {
            let store = store::open(&database.database_url, &database.options()).await?;
            let stored = store.survey(&id).await?.with_context(|| format!("there is no survey `{id}`"))?;
            anyhow::ensure!(!stored.identity_secret.is_empty(), "survey `{id}` was created before signing secrets");
            println!("{}", stored.identity_secret);
            Ok(())
        }
        Command::Aggregates(AggregatesCommand::Rebuild { survey, database }) => {
            let store = store::open(&database.database_url, &database.options()).await?;
            let ids = match survey {
                Some(id) => vec![id],
                None => store.survey_ids().await?,
            };
            for id in ids {
                let stored = store.survey(&id).await?.with_context(|| format!("there is no survey `{id}`"))?;
                let bar = indicatif::ProgressBar::new(0).with_style(
                    indicatif::ProgressStyle::with_template("{msg:>16} [{bar:40}] {pos}/{len} responses ({per_sec})")
                        .expect("a valid template")
                        .progress_chars("=> "),
                );
                bar.set_message(id.clone());
                let progress = |done: u64, all: u64| {
                    bar.set_length(all);
                    bar.set_position(done);
                };
                let counted = store.rebuild_aggregates(&stored.survey, &progress).await?;
                bar.finish();
                println!("rebuilt {id}: {counted} responses");
            }
            Ok(())
        }
        Command::Backup { file, database } => {
            anyhow::ensure!(
                database.database_url.starts_with("sqlite:"),
                "backup copies a SQLite database; for PostgreSQL use pg_dump (docs/deployment.md)"
            );
            store::sqlite::backup(&database.database_url, &file).await?;
            println!("backed up to {}", file.display());
            Ok(())
        }
        Command::Survey(SurveyCommand::Close { id, database }) => {
            let id = Slug::parse(id)?;
            let store = store::open(&database.database_url, &database.options()).await?;
            let organization = store.survey(id.as_str()).await?.and_then(|stored| stored.organization);
            let audit =
                Audit::system(organization.as_deref(), "command line", AuditAction::SurveyStatusChanged, id.as_str());
            let audit = audit.survey(id.as_str()).detail("closed");
            match store.set_survey_status(&id, SurveyStatus::Closed, &audit).await {
                Err(StoreError::NotFound) => anyhow::bail!("there is no survey `{id}`"),
                other => other?,
            }
            println!("closed {id}");
            Ok(())
        }
    }
}

async fn run_server(args: ServeArgs) -> anyhow::Result<()> {
    // Settings first, so a mistake in them is reported before anything starts.
    let mailer = match (&args.smtp_url, &args.mail_from) {
        (Some(url), Some(from)) => Some(hearback_server::mail::Mailer::new(url, from)?.with_lease(args.outbox_lease())),
        _ => None,
    };
    let privacy = hearback_core::privacy::Privacy::new(args.privacy_k, args.comment_k)
        .map_err(|e| anyhow::anyhow!("--privacy-k / --comment-k: {e}"))?;
    let store = store::open(&args.database.database_url, &args.database.options()).await?;
    let widget = WidgetTemplate::load(&args.dist.join("widget/index.html"))?;
    let metrics_listener = match args.metrics_addr {
        Some(addr) => Some(TcpListener::bind(addr).await.with_context(|| format!("cannot listen on {addr}"))?),
        None => None,
    };
    if args.metrics_token.is_some() || metrics_listener.is_some() {
        hearback_server::http::metrics::install()?;
    }
    let mut workers = Workers::default();
    let base = args.public_url.clone().unwrap_or_default().trim_end_matches('/').to_owned();
    let lease = args.outbox_lease();
    hearback_server::webhooks::spawn_worker(
        &mut workers,
        store.clone(),
        args.allow_private_webhooks,
        base.clone(),
        lease,
    );
    hearback_server::chat::spawn_summary_worker(&mut workers, store.clone(), privacy.k);
    if let Some(mailer) = mailer {
        hearback_server::mail::spawn_worker(&mut workers, store.clone(), mailer);
        hearback_server::escalation::spawn_worker(&mut workers, store.clone(), base.clone());
        hearback_server::digest::spawn_worker(&mut workers, store.clone(), base);
    }
    hearback_server::schedules::spawn_worker(&mut workers, store.clone());
    hearback_server::workers::spawn_audit_retention(&mut workers, store.clone(), args.audit_retention_days);
    hearback_server::workers::spawn_answer_retention(&mut workers, store.clone());
    let state = AppState {
        store: store.clone(),
        widget: Arc::new(widget),
        config: Arc::new(HttpConfig {
            results_token: args.results_token.clone(),
            secure_cookies: args.secure_cookies,
            allow_private_webhooks: args.allow_private_webhooks,
            send_mail: args.smtp_url.is_some(),
            public_url: args.public_url.clone(),
            audit_retention_days: Some(args.audit_retention_days),
            privacy,
            limits: (!args.no_rate_limit).then(Default::default),
            trust_forwarded_for: args.trust_forwarded_for,
            metrics_token: args.metrics_token.clone(),
            inbound_mail: args
                .reply_domain
                .clone()
                .zip(args.inbound_mail_secret.clone())
                .map(|(domain, secret)| hearback_server::http::InboundMail { domain, secret }),
        }),
        workers: workers.health(),
    };
    let listener = TcpListener::bind(args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
    let hearback = Origin::parse(format!("http://{}", listener.local_addr()?))?;
    tracing::info!(%hearback, "Hearback is listening");
    // Set when SIGTERM or SIGINT arrives: every listener stops accepting and drains.
    let (stopping, stop) = tokio::sync::watch::channel(false);
    let stopped = move || {
        let mut stop = stop.clone();
        async move {
            _ = stop.wait_for(|stop| *stop).await;
        }
    };
    if let Some(listener) = metrics_listener {
        tracing::info!(addr = %listener.local_addr()?, "metrics are served here");
        tokio::spawn(serve(listener, hearback_server::http::metrics_app(state.clone()), stopped()));
    }

    if args.demo {
        let demo_listener =
            TcpListener::bind(args.demo_addr).await.with_context(|| format!("cannot listen on {}", args.demo_addr))?;
        let host = Origin::parse(format!("http://{}", demo_listener.local_addr()?))?;
        let survey = demo::ensure_survey(store.as_ref(), &host).await?;
        demo::ensure_loop(store.as_ref(), &state.config.privacy).await?;
        demo::ensure_site(store.as_ref(), &host).await?;
        demo::ensure_roadmap(store.as_ref(), &host).await?;
        let site = demo::host_site(&hearback, &survey);
        tokio::spawn(serve(demo_listener, site, stopped()));
        println!();
        println!("  Demo company site (embeds the survey): {host}/");
        println!("  …with the company's one site tag:      {host}/site");
        println!("  …a ranking, a date and recall:         {host}/roadmap");
        println!("  Live results (JSON):                   {hearback}/api/v1/surveys/{survey}/results");
        println!("  The widget page on its own:            {hearback}/w/{survey}");
        println!("  Its published results and plans:       {hearback}/r/{survey}");
        println!("  The company's admin app:               {hearback}/admin/login");
        println!("      as {} with the password \"{}\"", demo::DEMO_EMAIL, demo::DEMO_PASSWORD);
        println!("  Or sign up a company of your own:      {hearback}/admin/signup");
        println!();
    }
    let grace = Duration::from_secs(args.shutdown_grace);
    // Listening for the signals before serving: one that arrives as the first request is
    // answered stops the server gracefully too.
    let signal = shutdown_signal()?;
    let mut server = tokio::spawn(serve(listener, app(state, &args.dist), stopped()));
    let signal = tokio::select! {
        signal = signal => signal,
        // Serving ended by itself: an error of the listener.
        served = &mut server => {
            served.context("the server task failed")??;
            anyhow::bail!("the server stopped serving without being asked to");
        }
    };
    tracing::info!(signal, grace_seconds = grace.as_secs(), "shutting down: finishing requests in flight");
    _ = stopping.send(true);
    let deadline = tokio::time::Instant::now() + grace;
    match tokio::time::timeout_at(deadline, server).await {
        Ok(served) => served.context("the server task failed")??,
        Err(_) => tracing::warn!("requests still in flight after the grace period; exiting anyway"),
    }
    let left = deadline.saturating_duration_since(tokio::time::Instant::now());
    if !workers.stop(left).await {
        tracing::warn!("an outbox worker was still in its round after the grace period; it resumes at the next start");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Starts listening for SIGTERM (how orchestrators and systemd stop a service) and SIGINT
/// (Ctrl-C); the future says which came first.
fn shutdown_signal() -> anyhow::Result<impl std::future::Future<Output = &'static str>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
        let mut int = signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        })
    }
}

use anyhow::Context;
use clap::Parser;
use hearback_core::{Origin, Slug, Survey};
use hearback_server::config::{AggregatesCommand, Cli, Command, ServeArgs, SurveyCommand};
use hearback_server::http::widget_page::WidgetTemplate;
use hearback_server::http::{app, AppState, HttpConfig};
use hearback_server::store::{self, StoreError, SurveyStatus};
use hearback_server::{demo, serve};
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match run(Cli::parse()).await {
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
        Command::Survey(SurveyCommand::Close { id, database }) => {
            let id = Slug::parse(id)?;
            let store = store::open(&database.database_url, &database.options()).await?;
            match store.set_survey_status(&id, SurveyStatus::Closed).await {
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
        (Some(url), Some(from)) => Some(hearback_server::mail::Mailer::new(url, from)?),
        _ => None,
    };
    let privacy = hearback_core::privacy::Privacy::new(args.privacy_k, args.comment_k)
        .map_err(|e| anyhow::anyhow!("--privacy-k / --comment-k: {e}"))?;
    let store = store::open(&args.database.database_url, &args.database.options()).await?;
    let widget = WidgetTemplate::load(&args.dist.join("widget/index.html"))?;
    let state = AppState {
        store: store.clone(),
        widget: Arc::new(widget),
        config: Arc::new(HttpConfig {
            results_token: args.results_token.clone(),
            secure_cookies: args.secure_cookies,
            allow_private_webhooks: args.allow_private_webhooks,
            send_mail: args.smtp_url.is_some(),
            public_url: args.public_url.clone(),
            privacy,
            limits: (!args.no_rate_limit).then(Default::default),
            trust_forwarded_for: args.trust_forwarded_for,
        }),
    };
    hearback_server::webhooks::spawn_worker(store.clone(), args.allow_private_webhooks);
    if let Some(mailer) = mailer {
        hearback_server::mail::spawn_worker(store.clone(), mailer);
    }
    let listener = TcpListener::bind(args.addr).await.with_context(|| format!("cannot listen on {}", args.addr))?;
    let hearback = Origin::parse(format!("http://{}", listener.local_addr()?))?;
    tracing::info!(%hearback, "Hearback is listening");

    if args.demo {
        let demo_listener =
            TcpListener::bind(args.demo_addr).await.with_context(|| format!("cannot listen on {}", args.demo_addr))?;
        let host = Origin::parse(format!("http://{}", demo_listener.local_addr()?))?;
        let survey = demo::ensure_survey(store.as_ref(), &host).await?;
        demo::ensure_loop(store.as_ref(), &state.config.privacy).await?;
        let site = demo::host_site(&hearback, &survey);
        tokio::spawn(async move { serve(demo_listener, site, shutdown_signal()).await });
        println!();
        println!("  Demo company site (embeds the survey): {host}/");
        println!("  Live results (JSON):                   {hearback}/api/v1/surveys/{survey}/results");
        println!("  The widget page on its own:            {hearback}/w/{survey}");
        println!("  Its published results and plans:       {hearback}/r/{survey}");
        println!("  The company's admin app:               {hearback}/admin/login");
        println!("      as {} with the password \"{}\"", demo::DEMO_EMAIL, demo::DEMO_PASSWORD);
        println!("  Or sign up a company of your own:      {hearback}/admin/signup");
        println!();
    }
    serve(listener, app(state, &args.dist), shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    _ = tokio::signal::ctrl_c().await;
}

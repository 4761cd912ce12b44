//! The command line, run as a user would: the real binary, a fresh database per test.

use std::process::Command;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Cli {
        Cli { dir: tempfile::tempdir().unwrap() }
    }

    fn run(&self, args: &[&str]) -> (bool, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
            .args(args)
            .env("DATABASE_URL", format!("sqlite:{}", self.dir.path().join("hb.db").display()))
            .env("RUST_LOG", "warn")
            .output()
            .unwrap();
        let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
        (output.status.success(), text(output.stdout), text(output.stderr))
    }

    fn file(&self, name: &str, contents: &str) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        path.display().to_string()
    }
}

const SURVEY: &str = r#"{"id": "q4-support", "title": "Support", "questions": [
    {"id": "recommend", "kind": "nps", "prompt": "Recommend us?", "required": true}]}"#;

#[test]
fn survey_create_prints_the_new_id_and_refuses_a_duplicate() {
    let cli = Cli::new();
    let file = cli.file("survey.json", SURVEY);
    let (ok, out, _) = cli.run(&["survey", "create", &file, "--allow-origin", "https://shop.example.com"]);
    assert!(ok);
    assert_eq!(out.trim(), "q4-support");
    let (ok, _, err) = cli.run(&["survey", "create", &file]);
    assert!(!ok);
    assert!(err.contains("a survey with id `q4-support` already exists"), "{err}");
}

#[test]
fn an_invalid_definition_or_origin_is_refused_with_the_reason() {
    let cli = Cli::new();
    let bad = cli.file("bad.json", r#"{"id": "s", "title": "T", "questions": []}"#);
    let (ok, _, err) = cli.run(&["survey", "create", &bad]);
    assert!(!ok);
    assert!(err.contains("1 to 50 questions"), "{err}");
    let good = cli.file("survey.json", SURVEY);
    let (ok, _, err) = cli.run(&["survey", "create", &good, "--allow-origin", "shop.example.com"]);
    assert!(!ok);
    assert!(err.contains("is not an origin"), "{err}");
}

#[test]
fn survey_close_closes_an_existing_survey_only() {
    let cli = Cli::new();
    let file = cli.file("survey.json", SURVEY);
    assert!(cli.run(&["survey", "create", &file]).0);
    let (ok, out, _) = cli.run(&["survey", "close", "q4-support"]);
    assert!(ok);
    assert_eq!(out.trim(), "closed q4-support");
    let (ok, _, err) = cli.run(&["survey", "close", "nope"]);
    assert!(!ok);
    assert!(err.contains("there is no survey `nope`"), "{err}");
}

#[test]
fn an_unusable_database_url_is_a_clear_error_not_a_panic() {
    let cli = Cli::new();
    let output = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
        .args(["survey", "close", "x", "--database-url", "mysql://nowhere"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("unsupported database URL"), "{err}");
    assert!(!err.contains("panicked"));
    drop(cli);
}

#[test]
fn privacy_thresholds_below_the_floor_are_refused_at_start_up() {
    let cli = Cli::new();
    let (ok, _, err) = cli.run(&["serve", "--addr", "127.0.0.1:0", "--privacy-k", "2"]);
    assert!(!ok && err.contains("--privacy-k"), "{err}");
    let (ok, _, err) = cli.run(&["serve", "--addr", "127.0.0.1:0", "--privacy-k", "6", "--comment-k", "5"]);
    assert!(!ok && err.contains("the comment threshold must be at least k"), "{err}");
}

#[test]
fn mail_settings_are_checked_at_start_up() {
    let cli = Cli::new();
    let (ok, _, err) = cli.run(&["serve", "--addr", "127.0.0.1:0", "--smtp-url", "smtp://127.0.0.1:2525"]);
    assert!(!ok && err.contains("--mail-from"), "{err}");
    let args =
        ["serve", "--addr", "127.0.0.1:0", "--smtp-url", "smtp://127.0.0.1:2525", "--mail-from", "not an address"];
    let (ok, _, err) = cli.run(&args);
    assert!(!ok && err.contains("--mail-from is not an address"), "{err}");
    let (ok, _, err) =
        cli.run(&["serve", "--addr", "127.0.0.1:0", "--smtp-url", "ftp://x", "--mail-from", "a@b.example"]);
    assert!(!ok && err.contains("--smtp-url is not an SMTP URL"), "{err}");
    for lease in ["0", "86401", "soon"] {
        let (ok, _, err) = cli.run(&["serve", "--addr", "127.0.0.1:0", "--outbox-lease-seconds", lease]);
        assert!(!ok && err.contains("--outbox-lease-seconds"), "{lease}: {err}");
    }
}

/// The environment variables named in `text` (`HEARBACK_…` and `DATABASE_URL`).
fn settings_in(text: &str) -> std::collections::BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .filter(|word| word.starts_with("HEARBACK_") || *word == "DATABASE_URL")
        .filter(|word| !word.starts_with("HEARBACK_TEST"))
        .map(str::to_owned)
        .collect()
}

/// `serve --help` and the settings table of docs/deployment.md name the same settings.
#[test]
fn help_explains_every_setting_the_deployment_guide_lists_and_no_other() {
    let cli = Cli::new();
    let (ok, out, _) = cli.run(&["serve", "--help"]);
    assert!(ok);
    let guide = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/deployment.md")).unwrap();
    let table = guide.split("## Every setting").nth(1).expect("the guide's settings table");
    let documented = settings_in(table);
    assert!(documented.len() >= 20, "{documented:?}");
    assert_eq!(settings_in(&out), documented, "--help and docs/deployment.md differ");
}

#[test]
fn an_unreachable_postgresql_at_start_up_is_a_clear_error_and_a_non_zero_exit() {
    // Port 1 on loopback: nothing listens there.
    let output = Command::new(env!("CARGO_BIN_EXE_hearback-server"))
        .args(["serve", "--addr", "127.0.0.1:0", "--database-url", "postgres://hearback:secret@127.0.0.1:1/hearback"])
        .args(["--db-acquire-timeout-ms", "1000"])
        .env("RUST_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("cannot connect to PostgreSQL at 127.0.0.1:1/hearback"), "{err}");
    assert!(!err.contains("secret"), "the password is not printed: {err}");
    assert!(!err.contains("panicked"));
}

#[test]
fn aggregates_rebuild_goes_through_every_survey_or_the_one_named() {
    let cli = Cli::new();
    let file = cli.file("survey.json", SURVEY);
    assert!(cli.run(&["survey", "create", &file]).0);
    let (ok, out, err) = cli.run(&["aggregates", "rebuild"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "rebuilt q4-support: 0 responses");
    let (ok, out, _) = cli.run(&["aggregates", "rebuild", "--survey", "q4-support"]);
    assert!(ok && out.contains("rebuilt q4-support"));
    let (ok, _, err) = cli.run(&["aggregates", "rebuild", "--survey", "nope"]);
    assert!(!ok && err.contains("there is no survey `nope`"), "{err}");
}

/// Started before the front end is built, the server names the command that builds it, and that
/// command is a rule of the Makefile (it once named `make build`, which did nothing).
#[test]
fn serving_without_a_built_front_end_names_a_make_rule_that_builds_it() {
    let cli = Cli::new();
    let empty = cli.dir.path().join("no-dist");
    let (ok, _, err) = cli.run(&["serve", "--addr", "127.0.0.1:0", "--dist", empty.to_str().unwrap()]);
    assert!(!ok);
    let command = err.split('`').nth(1).unwrap_or_else(|| panic!("a command in backticks: {err}"));
    let rule = command.strip_prefix("make ").unwrap_or_else(|| panic!("a make command: {command}"));
    let makefile = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../Makefile")).unwrap();
    assert!(makefile.lines().any(|line| line.starts_with(&format!("{rule}:"))), "`{command}` is not a Makefile rule");
}

//! A private throw-away PostgreSQL cluster for a test that must stop and start its database.

use std::path::PathBuf;
use std::process::Command;

pub struct Cluster {
    bin: PathBuf,
    dir: PathBuf,
    pub port: u16,
}

impl Cluster {
    /// Starts a new cluster as the `postgres` user (PostgreSQL refuses root), on a free port.
    pub fn start() -> Cluster {
        let bin = PathBuf::from(
            std::env::var("HEARBACK_TEST_PG_BIN").expect("run under scripts/with-postgres.sh (`make test`)"),
        );
        let dir = std::env::temp_dir().join(format!("hearback-pg-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        run("chown", &["postgres", dir.to_str().unwrap()]);
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let cluster = Cluster { bin, dir, port };
        cluster.as_postgres("initdb", &["-D", &cluster.data(), "-A", "trust", "-U", "postgres"]);
        cluster.resume();
        cluster
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    /// Stops the server at once, as a crash or a lost network would.
    pub fn stop(&self) {
        self.as_postgres("pg_ctl", &["-D", &self.data(), "-m", "immediate", "-w", "stop"]);
    }

    pub fn resume(&self) {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.display());
        let log = self.dir.join("log").display().to_string();
        self.as_postgres("pg_ctl", &["-D", &self.data(), "-l", &log, "-w", "-o", &options, "start"]);
    }

    fn as_postgres(&self, program: &str, args: &[&str]) {
        let program = self.bin.join(program).display().to_string();
        let mut all = vec!["-u", "postgres", "--", program.as_str()];
        all.extend_from_slice(args);
        run("runuser", &all);
    }
}

fn run(program: &str, args: &[&str]) {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(output.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stop = ["-u", "postgres", "--"];
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let data = self.data();
        _ = Command::new("runuser").args(stop).args([pg_ctl.as_str(), "-D", &data, "-m", "immediate", "stop"]).output();
        _ = std::fs::remove_dir_all(&self.dir);
    }
}

//! The HTTP layer's shape, read from its sources: no module of `src/http` uses one that uses it
//! back, directly or around a circle. What several handlers need (the page shell, taking an
//! answer, who may read a publication and what they read, notices to followers, errors,
//! extractors) lives in modules that import no handler, and only the routing modules (`api`,
//! `admin`, the root) gather handlers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module of the tree under `dir` by its path (`admin::plans`), with its source up to its
/// tests; the tree's own `mod.rs` is its root and is left out (it gathers everything).
fn modules(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let name = if prefix.is_empty() { stem.clone() } else { format!("{prefix}::{stem}") };
        if path.is_dir() {
            modules(&path, &name, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let source = std::fs::read_to_string(&path).unwrap();
            let source = source.split("#[cfg(test)]").next().unwrap().to_owned();
            let name = match (stem.as_str(), prefix) {
                ("mod", "") => continue,
                ("mod", _) => prefix.to_owned(),
                _ => name,
            };
            out.insert(name, source);
        }
    }
}

/// The modules of `names` that `module`'s source refers to through `super::` or `crate::http::`
/// paths, `use` groups (`super::{a, b::c}`) included.
fn uses(module: &str, source: &str, names: &BTreeSet<String>) -> BTreeSet<String> {
    let own: Vec<&str> = module.split("::").collect();
    let mut found = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("super::").into_iter().chain(rest.find("crate::http::")).min() {
        rest = &rest[at..];
        let (base, after) = if let Some(after) = rest.strip_prefix("crate::http::") {
            (Vec::new(), after)
        } else {
            let mut after = rest;
            let mut up = 0;
            while let Some(next) = after.strip_prefix("super::") {
                after = next;
                up += 1;
            }
            (own[..own.len().saturating_sub(up)].to_vec(), after)
        };
        let paths: Vec<&str> = match after.strip_prefix('{') {
            Some(group) => group[..group.find('}').unwrap_or(0)].split(',').map(str::trim).collect(),
            None => vec![
                &after[..after.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(after.len())],
            ],
        };
        for path in paths {
            let mut candidate: Vec<&str> = base.clone();
            candidate.extend(path.split(" as ").next().unwrap().split("::").filter(|s| !s.is_empty()));
            let target = (1..=candidate.len()).rev().map(|n| candidate[..n].join("::")).find(|n| names.contains(n));
            if let Some(target) = target.filter(|t| t != module) {
                found.insert(target);
            }
        }
        rest = &after[after.len().min(1)..];
    }
    found
}

/// A circle of modules each using the next, if there is one.
fn a_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn graph(sources: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let names: BTreeSet<String> = sources.keys().cloned().collect();
    sources.iter().map(|(module, source)| (module.clone(), uses(module, source, &names))).collect()
}

#[test]
fn the_http_modules_use_each_other_without_a_circle() {
    let mut sources = BTreeMap::new();
    modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http"), "", &mut sources);
    let graph = graph(&sources);
    // The reading works: modules known to use others are seen to.
    assert!(graph["widget_page"].contains("page") && graph["widget_page"].contains("respond"), "{graph:?}");
    assert!(graph["admin::plans"].contains("admin::auth"), "{graph:?}");
    assert_eq!(a_cycle(&graph), None, "modules that use each other around a circle");
    // The shared pieces use only each other, never a handler module.
    let shared = [
        "error",
        "extract",
        "openapi",
        "request_id",
        "metrics",
        "admin::auth",
        "filters",
        "results",
        "page",
        "respond",
        "respondents",
        "notices",
        "translated",
        "published",
        "cases",
    ];
    for leaf in shared {
        let handlers: Vec<&String> = graph[leaf].iter().filter(|m| !shared.contains(&m.as_str())).collect();
        assert!(handlers.is_empty(), "{leaf} uses {handlers:?}");
    }
}

#[test]
fn a_circle_is_found_through_use_groups_and_parent_paths() {
    let sources: BTreeMap<String, String> = [
        ("a", "use super::{b, c::d as e};"),
        ("b", "fn f() { crate::http::c::d::g(); }"),
        ("c::d", "use super::super::a::X;"),
        ("c", ""),
    ]
    .into_iter()
    .map(|(m, s)| (m.to_owned(), s.to_owned()))
    .collect();
    let graph = graph(&sources);
    assert_eq!(graph["a"], BTreeSet::from(["b".to_owned(), "c::d".to_owned()]));
    assert_eq!(a_cycle(&graph), Some(vec!["a".into(), "b".into(), "c::d".into(), "a".into()]));
}

/// The `.rs` files under `dir`, test files left out (a `tests` folder, a `*_tests.rs` file).
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            if !matches!(name.as_str(), "tests" | "target" | "examples" | "benches") {
                sources(&path, out);
            }
        } else if name.ends_with(".rs") && !name.ends_with("_tests.rs") {
            out.push(path);
        }
    }
}

/// Every source file of the workspace holds one idea a newcomer can read at once: it says what
/// it holds in its first line (`//!`), and it is at most 400 lines long.
#[test]
fn every_source_file_says_what_it_holds_and_stays_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["src", "crates/core/src", "crates/api/src", "crates/server/src"] {
        sources(&root.join(dir), &mut files);
    }
    assert!(files.len() > 100, "the sources were found: {}", files.len());
    let mut problems = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        let shown = file.strip_prefix(&root).unwrap_or(file).display().to_string();
        if !source.starts_with("//!") {
            problems.push(format!("{shown} does not start with a `//!` line"));
        }
        let lines = source.lines().count();
        if lines > 400 {
            problems.push(format!("{shown} has {lines} lines (at most 400)"));
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

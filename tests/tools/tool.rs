//! The one place that decides what a test does when its tool is missing.
//!
//! A tool is probed once. When it is found, its trials run. When it is
//! missing, each of its trials is ignored with the reason on its line
//! (`test [terraform] ... ignored (terraform is not on PATH; ...)`), counted
//! in the summary's `ignored`, and listed once more after the summary
//! ([`report_skips`]). When `SAGEROLE_REQUIRE_TOOLS` names the tool (`1` or
//! `all` for every tool, or a comma-separated list such as
//! `moto,terraform`), a missing tool fails each of its trials instead: CI
//! sets it, so that a machine without the tool fails rather than passing
//! without having run the test. A tool that is configured but unusable (a
//! `SAGEROLE_MOTO_PYTHON` that does not exist) always fails: that is a
//! mistake to fix, not a tool to do without.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use libtest_mimic::{Completion, Failed, Trial};

/// The variable that turns a missing tool into a failure.
pub const REQUIRE: &str = "SAGEROLE_REQUIRE_TOOLS";

/// What probing a tool found.
pub enum Probe {
    /// The program to run.
    Found(String),
    /// Not on this machine: why not.
    Missing(String),
    /// Configured but unusable: what is wrong.
    Broken(String),
}

/// An external program that some trials need.
pub struct Tool {
    pub name: &'static str,
    /// How to provide it, for the skip and failure messages.
    hint: &'static str,
    probe: fn() -> Probe,
    found: OnceLock<Probe>,
    skipped: AtomicUsize,
}

impl Tool {
    pub const fn new(name: &'static str, hint: &'static str, probe: fn() -> Probe) -> Self {
        Tool {
            name,
            hint,
            probe,
            found: OnceLock::new(),
            skipped: AtomicUsize::new(0),
        }
    }

    fn probe(&self) -> &Probe {
        self.found.get_or_init(self.probe)
    }

    /// A trial that runs `test` with the program found, or is ignored or
    /// fails as the module docs say. `test` fails by panicking.
    pub fn trial(
        &'static self,
        name: impl Into<String>,
        test: impl FnOnce(&str) + Send + 'static,
    ) -> Trial {
        Trial::ignorable_test(name, move || {
            Ok(match self.ready()? {
                Ready::Run(program) => {
                    test(program);
                    Completion::Completed
                }
                Ready::Skip(why) => Completion::ignored_with(why),
            })
        })
        .with_kind(self.name)
    }

    /// A trial that needs this tool and `also`: it runs `test` with both
    /// programs, and is ignored or fails, as the module docs say, for the
    /// first of the two that is missing.
    pub fn trial_with(
        &'static self,
        also: &'static Tool,
        name: impl Into<String>,
        test: impl FnOnce(&str, &str) + Send + 'static,
    ) -> Trial {
        Trial::ignorable_test(name, move || {
            let first = match self.ready()? {
                Ready::Run(program) => program,
                Ready::Skip(why) => return Ok(Completion::ignored_with(why)),
            };
            let second = match also.ready()? {
                Ready::Run(program) => program,
                Ready::Skip(why) => return Ok(Completion::ignored_with(why)),
            };
            test(first, second);
            Ok(Completion::Completed)
        })
        .with_kind(self.name)
    }

    /// Whether a trial that needs this tool can run, is ignored (counted
    /// here, with its reason) or fails.
    fn ready(&'static self) -> Result<Ready, Failed> {
        match self.probe() {
            Probe::Found(program) => Ok(Ready::Run(program)),
            Probe::Missing(why) if !required(self.name) => {
                self.skipped.fetch_add(1, Ordering::Relaxed);
                Ok(Ready::Skip(format!("{why}; {}", self.hint)))
            }
            Probe::Missing(why) => Err(Failed::from(format!(
                "{why}, and {REQUIRE} requires {}: {}",
                self.name, self.hint
            ))),
            Probe::Broken(what) => Err(Failed::from(what.as_str())),
        }
    }
}

/// What a trial does about one tool it needs.
enum Ready {
    Run(&'static str),
    Skip(String),
}

/// Whether `SAGEROLE_REQUIRE_TOOLS` names `tool`.
fn required(tool: &str) -> bool {
    let value = std::env::var(REQUIRE).unwrap_or_default();
    match value.trim() {
        "" | "0" => false,
        "1" | "all" => true,
        list => list.split(',').any(|t| t.trim() == tool),
    }
}

/// An error when `SAGEROLE_REQUIRE_TOOLS` names a tool that no trial needs
/// (a typo would otherwise require nothing).
pub fn check_requirement(tools: &[&Tool]) -> Result<(), String> {
    let value = std::env::var(REQUIRE).unwrap_or_default();
    if matches!(value.trim(), "" | "0" | "1" | "all") {
        return Ok(());
    }
    let unknown: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|t| !tools.iter().any(|tool| tool.name == *t))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let known: Vec<&str> = tools.iter().map(|t| t.name).collect();
    Err(format!(
        "{REQUIRE}={value}: no tool named {}; the tools are {} (or 1 for all)",
        unknown.join(", "),
        known.join(", ")
    ))
}

/// After the summary: one line per tool whose trials were skipped.
pub fn report_skips(tools: &[&Tool]) {
    for tool in tools {
        let n = tool.skipped.load(Ordering::Relaxed);
        if n > 0 {
            if let Probe::Missing(why) = tool.probe() {
                println!(
                    "skipped {n} test(s) that need {}: {why}; {} ({REQUIRE}=1 makes this a failure)",
                    tool.name, tool.hint
                );
            }
        }
    }
}

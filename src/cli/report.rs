//! How the CLI shows diagnostics: as annotated source for people (rendered
//! by annotate-snippets, as compilers print them), coloured when the stream
//! is a terminal that wants colour, or as JSON for editors and CI.
//!
//! The library keeps diagnostics as data ([`crate::diagnostic`]); turning
//! them into text is this module's job alone.

use std::io::{Read, Write};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, Source};

/// One diagnostic as text: its message and code, the source lines with a
/// caret under the span, the spec path and the hint, then a blank line.
///
/// ```text
/// error[unknown-api]: unknown API "CreateTraningJob"
///  --> sagerole.hcl:7:13
///   |
/// 7 |   api     = "CreateTraningJob"
///   |             ^^^^^^^^^^^^^^^^^^
///   |
///   = at: workload "train".api
///   = help: did you mean "CreateTrainingJob"?
/// ```
pub fn text(d: &Diagnostic, source: &Source, colour: bool) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str()).id(d.kind.code());
    let mut group = Group::with_title(title);
    group = match d.span {
        Some(span) => {
            // Only the lines the span covers: a spec may run to megabytes
            // and have many diagnostics.
            let text = source.text.as_str();
            let end = floor_char_boundary(text, span.end);
            let start = floor_char_boundary(text, span.start.min(end));
            let first = text[..start].rfind('\n').map_or(0, |i| i + 1);
            let last = text[end..].find('\n').map_or(text.len(), |i| end + i);
            group.element(
                Snippet::source(&text[first..last])
                    .line_start(source.line_col(first).0)
                    .path(source.name.as_str())
                    .annotation(AnnotationKind::Primary.span(start - first..end - first)),
            )
        }
        None => group.element(Origin::path(source.name.as_str())),
    };
    if !d.path.is_empty() {
        group = group.element(Level::NOTE.with_name("at").message(d.path.as_str()));
    }
    if let Some(h) = &d.help {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    let renderer = if colour {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push_str("\n\n");
    out
}

fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What the environment says about colour, read with anstyle-query.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColourEnv {
    /// `NO_COLOR` is set and not empty.
    pub no_color: bool,
    /// `CLICOLOR_FORCE` is set and not empty.
    pub clicolor_force: bool,
    /// `CLICOLOR`: `Some(false)` when it is `0`.
    pub clicolor: Option<bool>,
    /// `TERM` is set and is not `dumb`.
    pub term_supports_color: bool,
}

impl ColourEnv {
    pub fn read() -> Self {
        ColourEnv {
            no_color: anstyle_query::no_color(),
            clicolor_force: anstyle_query::clicolor_force(),
            clicolor: anstyle_query::clicolor(),
            term_supports_color: anstyle_query::term_supports_color(),
        }
    }

    /// Whether `--color auto` colours a stream, in the order anstream (and
    /// so clap) decides: NO_COLOR turns colour off, CLICOLOR_FORCE on even
    /// into a pipe, CLICOLOR=0 off; otherwise a terminal is coloured unless
    /// TERM is unset or `dumb` (and CLICOLOR does not ask for colour).
    pub fn auto(self, terminal: bool) -> bool {
        if self.no_color {
            false
        } else if self.clicolor_force {
            true
        } else if self.clicolor == Some(false) {
            false
        } else {
            terminal && (self.term_supports_color || self.clicolor == Some(true))
        }
    }
}

/// A diagnostic as JSON, for editors and CI annotations. Lines and columns
/// are 1-based, columns count characters, and the end is the position just
/// after the span; `span` is the same range in bytes. Each member is
/// present, `null` when it does not apply.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    span: Option<JsonSpan>,
    path: Option<&'a str>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSpan {
    start: usize,
    end: usize,
}

/// One diagnostic as a JSON value (see [`JsonDiagnostic`]).
pub fn json(d: &Diagnostic, source: &Source) -> serde_json::Value {
    let at = d
        .span
        .map(|s| (source.line_col(s.start), source.line_col(s.end)));
    let value = JsonDiagnostic {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: d.kind.code(),
        message: &d.message,
        file: &source.name,
        line: at.map(|((l, _), _)| l),
        column: at.map(|((_, c), _)| c),
        end_line: at.map(|(_, (l, _))| l),
        end_column: at.map(|(_, (_, c))| c),
        span: d.span.map(|s| JsonSpan {
            start: s.start,
            end: s.end,
        }),
        path: Some(d.path.as_str()).filter(|p| !p.is_empty()),
        help: d.help.as_deref(),
    };
    serde_json::to_value(value).expect("plain data serializes")
}

/// Where a command's input comes from and its output goes, and how its
/// diagnostics look.
///
/// With `--format json`, standard output carries one JSON document,
/// `{"diagnostics": [...]}` (and what [`Io::set`] adds), written by
/// [`Io::finish`]; every line meant for people then goes to stderr.
pub(crate) struct Io<'a> {
    /// Read for a spec named `-`.
    pub stdin: &'a mut dyn Read,
    pub stdout: &'a mut dyn Write,
    pub stderr: &'a mut dyn Write,
    /// Colour for diagnostics (on stderr).
    pub colour: bool,
    /// With `--format json`: the diagnostics so far, and the other members
    /// of the document.
    json: Option<(
        Vec<serde_json::Value>,
        serde_json::Map<String, serde_json::Value>,
    )>,
}

impl<'a> Io<'a> {
    pub fn new(
        stdin: &'a mut dyn Read,
        stdout: &'a mut dyn Write,
        stderr: &'a mut dyn Write,
        colour: bool,
        json: bool,
    ) -> Self {
        Io {
            stdin,
            stdout,
            stderr,
            colour,
            json: json.then(Default::default),
        }
    }

    /// Shows diagnostics of `source`: as text on stderr, or into the JSON
    /// document.
    pub fn diagnostics(&mut self, source: &Source, diagnostics: &[Diagnostic]) {
        match &mut self.json {
            Some((all, _)) => all.extend(diagnostics.iter().map(|d| json(d, source))),
            None => {
                for d in diagnostics {
                    let _ = self
                        .stderr
                        .write_all(text(d, source, self.colour).as_bytes());
                }
            }
        }
    }

    /// Text for people about what the command did: on stdout, or on stderr
    /// when stdout carries JSON.
    pub fn print(&mut self, text: &str) {
        let stream = if self.json.is_some() {
            &mut *self.stderr
        } else {
            &mut *self.stdout
        };
        let _ = stream.write_all(text.as_bytes());
    }

    /// A line for people (see [`Io::print`]).
    pub fn say(&mut self, line: &str) {
        self.print(&format!("{line}\n"));
    }

    /// A line about what went wrong, on stderr.
    pub fn error(&mut self, line: &str) {
        let _ = writeln!(self.stderr, "{line}");
    }

    /// Whether stdout carries JSON.
    pub fn is_json(&self) -> bool {
        self.json.is_some()
    }

    /// Adds a member to the JSON document.
    pub fn set(&mut self, key: &str, value: serde_json::Value) {
        if let Some((_, members)) = &mut self.json {
            members.insert(key.to_string(), value);
        }
    }

    /// Writes the JSON document, when there is one.
    pub fn finish(self) {
        if let Some((diagnostics, members)) = self.json {
            let mut doc = serde_json::Map::new();
            doc.insert("diagnostics".into(), diagnostics.into());
            doc.extend(members);
            let text = serde_json::to_string_pretty(&doc).expect("JSON values serialize");
            let _ = writeln!(self.stdout, "{text}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Kind, Span};

    const SPEC: &str = "name_prefix = \"churn\"\nworkload \"train\" {\n  api = \"Créate\"\n}\n";

    #[test]
    fn a_diagnostic_shows_its_line_a_caret_its_path_and_its_hint() {
        let s = Source::new("s.hcl", SPEC);
        let at = SPEC.find("\"Cré").unwrap();
        let d = Diagnostic::error(
            Kind::UnknownApi,
            "workload \"train\".api",
            Some(Span::new(at, at + "\"Créate\"".len())),
            "unknown API \"Créate\"",
        )
        .with_help("did you mean \"CreateModel\"?");
        assert_eq!(
            text(&d, &s, false),
            "error[unknown-api]: unknown API \"Créate\"\n \
             --> s.hcl:3:9\n  \
             |\n\
             3 |   api = \"Créate\"\n  \
             |         ^^^^^^^^\n  \
             |\n  \
             = at: workload \"train\".api\n  \
             = help: did you mean \"CreateModel\"?\n\n"
        );
    }

    #[test]
    fn spans_at_the_end_or_inside_a_character_or_none_do_not_panic() {
        let s = Source::new("s.hcl", SPEC);
        let inside = SPEC.find('é').unwrap() + 1;
        for span in [
            Some(Span::new(SPEC.len(), SPEC.len())),
            Some(Span::new(inside, inside)),
            Some(Span::new(SPEC.len() + 5, SPEC.len() + 9)),
            None,
        ] {
            let d = Diagnostic::warning(Kind::Quota, "", span, "m");
            let t = text(&d, &s, false);
            assert!(t.starts_with("warning[quota]: m\n"), "{t}");
            assert!(t.contains("s.hcl"), "{t}");
        }
    }

    #[test]
    fn colour_only_when_styled() {
        let s = Source::new("s.hcl", SPEC);
        let d = Diagnostic::error(Kind::Syntax, "", Some(Span::new(0, 1)), "m");
        assert!(!text(&d, &s, false).contains('\x1b'));
        assert!(text(&d, &s, true).contains("\x1b["));
    }

    #[test]
    fn auto_colour_follows_the_environment_then_the_terminal() {
        let tty = ColourEnv {
            term_supports_color: true,
            ..ColourEnv::default()
        };
        assert!(tty.auto(true));
        assert!(!tty.auto(false), "a pipe is not coloured");
        let dumb = ColourEnv {
            term_supports_color: false,
            ..tty
        };
        assert!(!dumb.auto(true), "TERM=dumb");
        assert!(
            ColourEnv {
                clicolor: Some(true),
                ..dumb
            }
            .auto(true),
            "CLICOLOR=1 on a terminal"
        );
        let no = ColourEnv {
            no_color: true,
            clicolor_force: true,
            ..tty
        };
        assert!(!no.auto(true), "NO_COLOR wins over everything");
        let forced = ColourEnv {
            clicolor_force: true,
            clicolor: Some(false),
            ..tty
        };
        assert!(forced.auto(false), "CLICOLOR_FORCE colours a pipe");
        assert!(
            !ColourEnv {
                clicolor: Some(false),
                ..tty
            }
            .auto(true),
            "CLICOLOR=0"
        );
    }
}

//! What only terraform can tell about the HCL writer
//! (`sagerole::emit::terraform::hcl`): that `terraform fmt` leaves what it
//! writes unchanged, that terraform reads its strings back byte for byte,
//! and that terraform counts key widths as the writer does. The writer's
//! unit tests pin the exact texts; these trials pin those texts to
//! terraform (the layout follows terraform v1.11.4).

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use base64::Engine as _;
use libtest_mimic::Trial;

use crate::samples::{interp, lit, random_documents, sample_document, Rng, TRICKY};
use crate::tool::{Probe, Tool};
use crate::{Block, Body, Expr, ObjectKey};
use sagerole::emit::terraform::hcl::to_string;

pub static TERRAFORM: Tool = Tool::new("terraform", "install terraform 1.11.4 on PATH", probe);

/// Whether terraform is on PATH and runs.
pub fn probe() -> Probe {
    match Command::new("terraform")
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .output()
    {
        Ok(o) if o.status.success() => Probe::Found("terraform".into()),
        Ok(o) => Probe::Broken(format!(
            "`terraform version` failed ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Probe::Missing("terraform is not on PATH".into())
        }
        Err(e) => Probe::Broken(format!("cannot run terraform: {e}")),
    }
}

pub fn trials() -> Vec<Trial> {
    vec![
        TERRAFORM.trial(
            "terraform::fmt_leaves_every_writer_case_unchanged",
            fmt_leaves_every_writer_case_unchanged,
        ),
        TERRAFORM.trial(
            "terraform::fmt_accepts_sample_and_random_documents",
            fmt_accepts_sample_and_random_documents,
        ),
        TERRAFORM.trial(
            "terraform::reads_strings_back_verbatim",
            reads_strings_back_verbatim,
        ),
        TERRAFORM.trial(
            "terraform::agrees_on_grapheme_widths",
            agrees_on_grapheme_widths,
        ),
    ]
}

fn run(program: &str, args: &[&str], dir: &Path, stdin: Option<&str>) -> Output {
    let mut child = Command::new(program)
        .args(args)
        .env("CHECKPOINT_DISABLE", "1")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {program} {args:?}: {e}"));
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

/// `terraform fmt -check` over `files` (name → text) in a scratch module.
fn assert_formatted(program: &str, files: &[(String, String)]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let output = run(
        program,
        &["fmt", "-check", "-diff", "-no-color", "."],
        dir.path(),
        None,
    );
    assert!(
        output.status.success(),
        "terraform fmt -check would change these files (exit {:?}):\n{}{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every expected text of the writer's unit tests, one file per case,
/// named after it.
fn fmt_leaves_every_writer_case_unchanged(program: &str) {
    let files: Vec<(String, String)> = crate::samples::cases()
        .into_iter()
        // terraform fmt has nothing to say about an empty file.
        .filter(|c| !c.expected.is_empty())
        .map(|c| {
            let file: String = c
                .name
                .chars()
                .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '_' })
                .collect();
            (format!("{file}.tf"), c.expected.to_string())
        })
        .collect();
    assert!(files.len() >= 30, "only {} cases", files.len());
    assert_formatted(program, &files);
}

fn fmt_accepts_sample_and_random_documents(program: &str) {
    let mut files = vec![("sample.tf".to_string(), to_string(&sample_document()))];
    for (i, body) in random_documents(300, false).iter().enumerate() {
        files.push((format!("random_{i:03}.tf"), to_string(body)));
    }
    assert_formatted(program, &files);
}

/// Terraform is the reference reader: evaluate rendered strings with
/// `terraform console` and compare their bytes (base64, to avoid a second
/// layer of escaping).
fn reads_strings_back_verbatim(program: &str) {
    let cases: Vec<(Expr, String)> = vec![
        (Expr::string(TRICKY), TRICKY.to_owned()),
        (
            Expr::template([
                lit(TRICKY),
                interp("local.z"),
                lit("$"),
                interp("local.z"),
                lit("$$"),
            ]),
            format!("{TRICKY}Z$Z$$"),
        ),
        (
            Expr::template([lit("$"), interp("local.z")]),
            "$Z".to_owned(),
        ),
        (
            Expr::template([lit("$${"), interp("local.z"), lit("}")]),
            "$${Z}".to_owned(),
        ),
        (
            Expr::string("${aws:username}"),
            "${aws:username}".to_owned(),
        ),
    ];
    let mut locals = Body::new().attr("z", Expr::string("Z"));
    for (i, (expr, _)) in cases.iter().enumerate() {
        locals = locals.attr(format!("s{i}"), expr.clone());
    }
    locals = locals.attr("o", Expr::object([(ObjectKey::quoted(TRICKY), Expr::Null)]));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("main.tf"),
        to_string(&Body::new().block(Block::new("locals").with_body(locals))),
    )
    .unwrap();

    // Non-interactive `terraform console` only prints the value of the last
    // line, so all values go into one space-separated string.
    let mut values: Vec<String> = (0..cases.len())
        .map(|i| format!("base64encode(local.s{i})"))
        .collect();
    values.push("base64encode(keys(local.o)[0])".to_owned());
    let script = format!("join(\" \", [{}])\n", values.join(", "));
    let output = run(program, &["console"], dir.path(), Some(&script));
    let stdout = String::from_utf8_lossy(&output.stdout);
    // The value is the last line: on a busy machine `terraform console`
    // first prints "Acquiring state lock. This may take a few moments..."
    // to stdout while it waits for the (local, empty) state's lock.
    let value = stdout
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let got: Vec<&str> = value.trim().trim_matches('"').split(' ').collect();
    let base64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut expected: Vec<String> = cases.iter().map(|(_, s)| base64(s)).collect();
    expected.push(base64(TRICKY));
    assert_eq!(
        got,
        expected,
        "stderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Code point ranges of the grapheme break classes, from Unicode's
/// GraphemeBreakProperty.txt (a sample of each class, not the whole class,
/// and deliberately not the writer's own tables: a range those tables
/// missed is drawn here all the same).
const EXTEND: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0900, 0x0903),
    (0x093A, 0x094F),
    (0x0E31, 0x0E3A),
    (0x1AB0, 0x1ACE),
    (0x1DC0, 0x1DFF),
    (0x200C, 0x200C),
    (0x20D0, 0x20F0),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0xFF9E, 0xFF9F),
    (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
];
const CONTROL: &[(u32, u32)] = &[
    (0x0000, 0x001F),
    (0x007F, 0x009F),
    (0x00AD, 0x00AD),
    (0x061C, 0x061C),
    (0x180E, 0x180E),
    (0x200B, 0x200B),
    (0x200E, 0x200F),
    (0x2028, 0x202E),
    (0x2060, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF0, 0xFFFB),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE001F),
];
const PREPEND: &[(u32, u32)] = &[
    (0x0600, 0x0605),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x111C2, 0x111C3),
    (0x11A3A, 0x11A3A),
    (0x11A84, 0x11A89),
    (0x11D46, 0x11D46),
];
const EXTENDED_PICTOGRAPHIC: &[(u32, u32)] = &[
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2194, 0x2199),
    (0x231A, 0x231B),
    (0x2600, 0x27BF),
    (0x1F000, 0x1F0FF),
    (0x1F300, 0x1F3FA),
    (0x1F400, 0x1F64F),
    (0x1F680, 0x1F6FF),
    (0x1F900, 0x1F9FF),
    (0x1FA70, 0x1FAFF),
];

/// Random keys mixing every character class of the segmenter (combining
/// marks, controls, prepends, Hangul jamo and syllables, regional
/// indicators, pictographs, ZWJ): terraform fmt must align them as the
/// writer does, which it does only when it counts the same widths.
fn agrees_on_grapheme_widths(program: &str) {
    let mut rng = Rng(0x5EED_F00D_C0DE);
    let from_table = |rng: &mut Rng, table: &[(u32, u32)]| {
        let (lo, hi) = table[rng.below(table.len())];
        lo + (rng.next() % u64::from(hi - lo + 1)) as u32
    };
    let mut entries = vec![(ObjectKey::quoted("x".repeat(60)), Expr::Null)];
    for n in 0..5000 {
        let mut key = String::new();
        for _ in 0..=rng.below(8) {
            let cp = match rng.below(10) {
                0 => u32::from(rng.pick(&["a", "$", "%", "{", "\"", "\\"]).as_bytes()[0]),
                1 | 2 => from_table(&mut rng, EXTEND),
                3 => from_table(&mut rng, CONTROL),
                4 => from_table(&mut rng, PREPEND),
                5 => from_table(&mut rng, EXTENDED_PICTOGRAPHIC),
                6 => from_table(
                    &mut rng,
                    &[(0x1100, 0x11FF), (0xAC00, 0xAC1F), (0xD7B0, 0xD7FB)],
                ),
                7 => from_table(&mut rng, &[(0x1F1E6, 0x1F1FF)]),
                8 => 0x200D,
                _ => from_table(&mut rng, &[(0xA0, 0x2FFFF)]),
            };
            key.extend(char::from_u32(cp));
        }
        key.push_str(&n.to_string());
        entries.push((ObjectKey::quoted(key), Expr::Null));
    }
    let text = to_string(&Body::new().attr("v", Expr::Object(entries)));
    let output = run(
        program,
        &["fmt", "-no-color", "-"],
        Path::new("."),
        Some(&text),
    );
    assert!(
        output.status.success(),
        "terraform fmt failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let formatted = String::from_utf8_lossy(&output.stdout);
    if formatted != text {
        let diff = similar::TextDiff::from_lines(text.as_str(), &formatted)
            .unified_diff()
            .header("written", "terraform fmt")
            .to_string();
        panic!("terraform fmt aligns these keys differently:\n{diff}");
    }
}

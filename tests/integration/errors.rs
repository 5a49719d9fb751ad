//! Error goldens: each bad spec in `tests/errors/` has the exact stderr it
//! must produce (`NAME.stderr`), exits 2, and writes nothing.

use std::fs;

use crate::support::{assert_file, root, run};

#[test]
fn bad_specs_give_their_golden_errors_and_write_nothing() {
    let dir = root().join("tests/errors");
    let mut seen = 0;
    let mut names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for spec in names {
        let ext = spec.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !["hcl", "json", "yaml"].contains(&ext) {
            continue;
        }
        seen += 1;
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("generated");
        // A path relative to the repository root, so messages are the same on every machine.
        let rel = format!(
            "tests/errors/{}",
            spec.file_name().unwrap().to_string_lossy()
        );
        let r = run(&["generate", &rel, "--out", target.to_str().unwrap()]);
        assert_eq!(r.code, 2, "{rel} should be rejected:\n{}", r.stderr);
        assert!(
            r.stdout.is_empty(),
            "{rel}: nothing on stdout, got {}",
            r.stdout
        );
        assert!(
            !target.exists(),
            "{rel}: nothing may be written on bad input"
        );
        assert_file(&spec.with_extension("stderr"), &r.stderr);
    }
    assert!(seen >= 8, "expected the error goldens, found {seen}");
}

#[test]
fn every_problem_in_a_spec_is_reported_in_one_run() {
    let r = run(&[
        "generate",
        "tests/errors/malformed-values.hcl",
        "--out",
        "/nonexistent/never-written",
    ]);
    let errors = r.stderr.matches("\nerror[").count() + usize::from(r.stderr.starts_with("error["));
    assert!(
        errors >= 10,
        "expected every malformed value reported, got {errors}:\n{}",
        r.stderr
    );
    for kind in ["s3-uri", "image-uri", "arn", "value", "missing-field"] {
        assert!(
            r.stderr.contains(&format!("error[{kind}]")),
            "no {kind} error in:\n{}",
            r.stderr
        );
    }
}

#[test]
fn an_unknown_api_gets_a_suggestion() {
    let r = run(&[
        "check",
        "tests/errors/unknown-api-and-fields.hcl",
        "--out",
        "/nonexistent",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("tests/errors/unknown-api-and-fields.hcl:4:13"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("did you mean \"CreateTrainingJob\"?"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_unreadable_spec_is_bad_input() {
    let r = run(&[
        "generate",
        "tests/errors/does-not-exist.hcl",
        "--out",
        "/nonexistent",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("cannot read tests/errors/does-not-exist.hcl"),
        "{}",
        r.stderr
    );
}

/// One true message per problem: a wrong type is not also a missing field,
/// references to a workload with an unknown API are not errors of their own,
/// and a misspelt role in `passes` is not also a missing one (each golden
/// pins the text; these pin the counts and kinds).
#[test]
fn a_problem_is_reported_once_and_by_its_own_kind() {
    let kinds = |spec: &str| -> Vec<String> {
        let r = run(&["lint", spec]);
        assert_eq!(r.code, 2, "{}", r.stderr);
        r.stderr
            .lines()
            .filter_map(|l| l.strip_prefix("error["))
            .map(|l| l[..l.find(']').unwrap()].to_string())
            .collect()
    };
    assert_eq!(
        kinds("tests/errors/wrong-type-not-missing.hcl"),
        ["type", "type", "type"]
    );
    // Two unknown APIs, and the one name that is unknown in its own right.
    assert_eq!(
        kinds("tests/errors/unknown-api-references.hcl"),
        ["unknown-api", "unknown-api", "unknown-reference"]
    );
    assert_eq!(kinds("tests/errors/missing-pass.hcl"), ["missing-field"]);
    // passes = ["exce"] for "exec": the misspelling is the problem, not a
    // second error that "exec" is not passed.
    assert_eq!(
        kinds("tests/errors/references.hcl"),
        ["unknown-reference"; 4]
    );
}

/// The README shows errors exactly as the tool prints them: the block under
/// "### Errors" is a command and its stderr, with `...` for lines left out.
#[test]
fn the_readme_shows_errors_as_the_tool_prints_them() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("### Errors").expect("an Errors section")..];
    let start = section.find("```text\n").unwrap() + "```text\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let (command, shown) = block.split_once('\n').unwrap();
    let args: Vec<&str> = command
        .strip_prefix("$ sagerole ")
        .expect("the block starts with the command")
        .split(' ')
        .collect();
    let r = run(&args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let mut rest = r.stderr.as_str();
    for part in shown.split("...\n") {
        let at = rest.find(part).unwrap_or_else(|| {
            panic!(
                "the README shows\n{part}\nwhich the tool does not print:\n{}",
                r.stderr
            )
        });
        rest = &rest[at + part.len()..];
    }
    assert!(
        shown.starts_with("error[") && r.stderr.starts_with(shown.split("...\n").next().unwrap())
    );
    assert!(r.stderr.ends_with(shown.rsplit("...\n").next().unwrap()));
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// `--format json`: one document on stdout with every diagnostic located as
/// an editor or a CI annotation needs it; the count goes to stderr.
#[test]
fn diagnostics_as_json_carry_kind_location_path_and_hint() {
    let spec = "tests/errors/unknown-api-and-fields.hcl";
    let text = fs::read_to_string(root().join(spec)).unwrap();
    for command in ["lint", "generate", "check", "explain"] {
        let mut args = vec![command, spec, "--format", "json"];
        if command == "generate" || command == "check" {
            args.extend(["--out", "/nonexistent/never-written"]);
        }
        let r = run(&args);
        assert_eq!(r.code, 2, "{command}: {}", r.stderr);
        let doc = json(&r.stdout);
        let all = doc["diagnostics"].as_array().unwrap();
        assert_eq!(all.len(), 5, "{command}: {doc}");
        let first = &all[0];
        let keys: Vec<&str> = first
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(
            keys,
            [
                "severity",
                "code",
                "message",
                "file",
                "line",
                "column",
                "end_line",
                "end_column",
                "span",
                "path",
                "help"
            ]
        );
        assert_eq!(first["severity"], "error");
        assert_eq!(first["code"], "unknown-api");
        assert_eq!(first["message"], "unknown API \"CreateTraningJob\"");
        assert_eq!(first["file"], spec);
        // Line 4 is `  api     = "CreateTraningJob"`: the value starts in
        // column 13 and its 18 characters end before column 31.
        assert_eq!(
            (
                &first["line"],
                &first["column"],
                &first["end_line"],
                &first["end_column"]
            ),
            (&4.into(), &13.into(), &4.into(), &31.into())
        );
        let (start, end) = (
            first["span"]["start"].as_u64().unwrap() as usize,
            first["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[start..end], "\"CreateTraningJob\"");
        assert_eq!(first["path"], "workload \"train\".api");
        assert_eq!(first["help"], "did you mean \"CreateTrainingJob\"?");
        assert!(
            !r.stderr.contains("error["),
            "{command}: text too: {}",
            r.stderr
        );
        assert!(r.stderr.contains("5 errors in"), "{command}: {}", r.stderr);
    }
}

#[test]
fn an_unreadable_spec_is_a_json_diagnostic_too() {
    let r = run(&[
        "lint",
        "tests/errors/does-not-exist.hcl",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 2);
    let doc = json(&r.stdout);
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "read");
    assert_eq!(d["file"], "tests/errors/does-not-exist.hcl");
    assert!(d["line"].is_null() && d["span"].is_null(), "{d}");
}

/// The README's JSON example is the first diagnostic the tool gives for the
/// spec of its text example.
#[test]
fn the_readme_shows_json_diagnostics_as_the_tool_prints_them() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let section = &readme[readme.find("### Errors").unwrap()..];
    let start = section.find("```json\n").expect("a JSON example") + "```json\n".len();
    let shown = json(&section[start..start + section[start..].find("```").unwrap()]);
    let r = run(&[
        "lint",
        "tests/errors/unknown-api-and-fields.hcl",
        "--format",
        "json",
    ]);
    let actual = json(&r.stdout);
    assert_eq!(
        shown,
        serde_json::json!({"diagnostics": [actual["diagnostics"][0]]})
    );
}

/// `lint` of several specs with --format json: one document, each
/// diagnostic naming its own file.
#[test]
fn several_specs_give_one_json_document() {
    let (a, b) = (
        "tests/errors/missing-pass.hcl",
        "tests/errors/wrong-type-not-missing.hcl",
    );
    let r = run(&[
        "lint",
        a,
        "examples/train-serve/sagerole.hcl",
        b,
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let doc = json(&r.stdout);
    let files: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["file"].as_str().unwrap())
        .collect();
    assert_eq!(files, [a, b, b, b]);
    // The clean spec's verdict is for people, on stderr.
    assert!(r
        .stderr
        .contains("examples/train-serve/sagerole.hcl: every policy passes the lint"));
}

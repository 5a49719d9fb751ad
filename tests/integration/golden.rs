//! Every example is a golden case: its spec regenerates exactly the tree
//! stored beside it in `generated/`.

use crate::support::{assert_tree, examples, root, run};

#[test]
fn examples_regenerate_their_golden_trees() {
    let examples = examples();
    assert!(
        examples.len() >= 3,
        "the examples are the golden cases; found {}",
        examples.len()
    );
    for (name, spec) in examples {
        let source = sagerole::diagnostic::Source::new(
            spec.display().to_string(),
            std::fs::read_to_string(&spec).unwrap(),
        );
        let model =
            sagerole::load(&source).unwrap_or_else(|d| panic!("example {name} is invalid: {d:?}"));
        let spec_name = spec.file_name().unwrap().to_string_lossy();
        let files = sagerole::emit::emit(
            &model,
            &sagerole::emit::Settings::new(format!("../{spec_name}")),
        );
        assert_tree(
            &root().join("examples").join(&name).join("generated"),
            &files,
        );
    }
}

#[test]
fn check_passes_on_every_example() {
    if crate::support::blessing() {
        return; // the goldens are being rewritten by the test above
    }
    for (name, spec) in examples() {
        let out = root().join("examples").join(&name).join("generated");
        let r = run(&[
            "check",
            spec.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(
            r.code, 0,
            "check failed for {name}:\n{}{}",
            r.stdout, r.stderr
        );
        assert!(r.stdout.contains("is up to date"), "{}", r.stdout);
    }
}

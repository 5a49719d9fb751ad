//! Properties over arbitrary input: no panic, and any spec that loads emits
//! output that parses back.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestCaseError;

use crate::support::examples;

fn example_texts() -> Vec<(String, String)> {
    examples()
        .into_iter()
        .map(|(_, spec)| {
            (
                spec.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(&spec).unwrap(),
            )
        })
        .collect()
}

/// An edit to a spec text: replace the byte range at `at` (as a fraction of
/// the length) of `len` bytes with `insert`.
fn mutate(text: &str, at: f64, len: usize, insert: &str) -> String {
    let mut start = ((text.len() as f64) * at) as usize;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + len).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!("{}{}{}", &text[..start], insert, &text[end..])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_never_panic_and_valid_ones_emit_parseable_output(
        example in prop::sample::select(example_texts()),
        at in 0.0f64..1.0,
        len in 0usize..12,
        insert in prop::sample::select(vec![
            "", "\"", "{", "}", "[", "]", ",", "=", "${x}", "$${aws:username}", "\\", "\n", "*",
            "workload \"w\" {}", "\"s3://b-b-b/k/\"", "null", "1e999", "é", "\u{0}",
        ]),
    ) {
        let (name, text) = &example;
        let mutated = mutate(text, at, len, insert);
        let source = sagerole::diagnostic::Source::new(name.clone(), mutated);
        match sagerole::load(&source) {
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty());
                for d in &diagnostics {
                    let rendered = sagerole::cli::report::text(d, &source, false);
                    prop_assert!(rendered.starts_with("error["));
                }
            }
            Ok(model) => {
                let findings = sagerole::lint::lint(&model);
                prop_assert!(findings.is_empty(), "{findings:?}");
                let files = sagerole::emit::emit(&model, &sagerole::emit::Settings::new("../spec")).unwrap();
                for (path, text) in &files {
                    if path.ends_with(".tf") {
                        prop_assert!(hcl::parse(text).is_ok(), "{path} does not parse");
                    } else if path.ends_with(".json") {
                        prop_assert!(serde_json::from_str::<serde_json::Value>(text).is_ok(), "{path}");
                    } else if path.ends_with(".yaml") {
                        prop_assert!(serde_saphyr::from_str::<serde_json::Value>(text).is_ok(), "{path}");
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any text at all, read as HCL, JSON and YAML: diagnostics or a model,
    /// never a panic.
    #[test]
    fn arbitrary_text_never_panics(text in "(?s).{0,200}", syntax in 0..3u8) {
        let name = ["fuzz.hcl", "fuzz.json", "fuzz.yaml"][syntax as usize];
        let source = sagerole::diagnostic::Source::new(name, text);
        if let Err(diagnostics) = sagerole::load(&source) {
            for d in &diagnostics {
                let _ = sagerole::cli::report::text(d, &source, true);
            }
        }
    }
}

/// A name prefix: valid 19 times in 20, else anything.
fn name_prefix() -> impl Strategy<Value = String> {
    prop_oneof![
        19 => "[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}",
        1 => "[a-z0-9-]{0,40}",
    ]
}

/// An S3 location: a valid bucket and prefix 19 times in 20, else noise.
fn s3_uri() -> impl Strategy<Value = String> {
    prop_oneof![
        19 => "s3://[a-z0-9][a-z0-9-]{1,20}[a-z0-9]/([a-z0-9_-]{1,8}/){0,3}",
        1 => "(s3://)?[a-z0-9.-]{0,70}(/[ -~]{0,20})?",
    ]
}

/// An ECR image in a real region 19 times in 20, else noise.
fn image() -> impl Strategy<Value = String> {
    let region = prop::sample::select(vec![
        "us-east-1",
        "us-west-2",
        "eu-west-1",
        "eu-central-1",
        "ap-southeast-2",
        "sa-east-1",
    ]);
    prop_oneof![
        19 => (
            "[0-9]{12}",
            region,
            "[a-z0-9]{2,6}([_-][a-z0-9]{1,6})?(/[a-z0-9]{2,8})?:[a-z0-9][a-z0-9.]{0,4}",
        )
            .prop_map(|(account, region, repo)| format!(
                "{account}.dkr.ecr.{region}.amazonaws.com/{repo}"
            )),
        1 => "[0-9]{10,13}\\.dkr\\.ecr\\.[a-z0-9-]{5,15}\\.amazonaws\\.com(\\.cn)?/[a-z0-9/_.-]{0,20}(:[a-z0-9.]{0,5})?",
    ]
}

/// JSON specs of a workload of one API, with the fields that API takes
/// and values from the strategies above (a transform job with the model it
/// runs); sometimes an unknown API, or a field its API does not take.
fn json_spec() -> impl Strategy<Value = String> {
    (
        name_prefix(),
        prop::sample::select(vec![
            "CreateTrainingJob",
            "CreateProcessingJob",
            "CreateHyperParameterTuningJob",
            "CreateModel",
            "CreateTransformJob",
            "Nope",
        ]),
        prop::collection::vec(s3_uri(), 1..3),
        prop::collection::vec(s3_uri(), 1..3),
        image(),
        prop::bool::weighted(0.1),
    )
        .prop_map(|(prefix, api, inputs, outputs, image, stray)| {
            let mut workloads = serde_json::Map::new();
            let mut w = match api {
                "CreateModel" => serde_json::json!({"images": [image], "model_data": inputs}),
                "CreateTransformJob" => {
                    workloads.insert(
                        "m".into(),
                        serde_json::json!({"api": "CreateModel", "images": [image]}),
                    );
                    serde_json::json!({"inputs": inputs, "outputs": outputs, "model": "m"})
                }
                _ => serde_json::json!({"inputs": inputs, "outputs": outputs, "images": [image]}),
            };
            w["api"] = api.into();
            if stray {
                w["subnet_count"] = 1.into();
            }
            workloads.insert("w".into(), w);
            let role = if api == "CreateTransformJob" {
                "m"
            } else {
                "w"
            };
            serde_json::json!({
                "name_prefix": prefix,
                "workload": workloads,
                "caller": {"c": {
                    "principal": "arn:aws:iam::111122223333:role/c",
                    "passes": [role],
                    "launches": ["w"]
                }}
            })
            .to_string()
        })
}

/// Lints and emits a spec that loads; a spec that does not load gets
/// diagnostics, never a panic. Whether it loaded.
fn load_lint_emit(text: &str) -> Result<bool, TestCaseError> {
    let source = sagerole::diagnostic::Source::new("s.json", text);
    match sagerole::load(&source) {
        Ok(model) => {
            let findings = sagerole::lint::lint(&model);
            prop_assert!(findings.is_empty(), "{findings:?}");
            let files =
                sagerole::emit::emit(&model, &sagerole::emit::Settings::new("../s.json")).unwrap();
            prop_assert!(files.contains_key("terraform/roles.tf"));
            Ok(true)
        }
        Err(diagnostics) => {
            prop_assert!(!diagnostics.is_empty());
            Ok(false)
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Structured input: JSON specs of the spec's shape, mostly valid.
    #[test]
    fn random_json_specs_never_panic_and_the_valid_ones_lint_and_emit(text in json_spec()) {
        load_lint_emit(&text)?;
    }
}

#[test]
fn most_random_json_specs_load_and_some_do_not() {
    // The property above proves something about linting and emitting only
    // if many of its specs load, and about diagnostics only if some do not.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut loaded, mut rejected) = (0, 0);
    for _ in 0..200 {
        let text = json_spec().new_tree(&mut runner).unwrap().current();
        match load_lint_emit(&text) {
            Ok(true) => loaded += 1,
            Ok(false) => rejected += 1,
            Err(e) => panic!("{e}: {text}"),
        }
    }
    assert!(
        loaded >= 80 && rejected >= 20,
        "loaded {loaded}, rejected {rejected} of 200"
    );
}

mod sizes {
    use proptest::prelude::*;
    use sagerole::model::document::{self, Context};
    use sagerole::model::value::{Input, Part, Str};
    use sagerole::model::{Condition, Policy, Statement, Trust, TrustMode, Why};

    /// Text with everything JSON escapes: quotes, backslashes, control and
    /// non-ASCII characters.
    const TEXT: &str = "[a-z\"\\\\\u{0}-\u{1f}\u{7f}é€😀 ${}*]{0,12}";

    fn str_value() -> impl Strategy<Value = Str> {
        prop::collection::vec(
            prop_oneof![
                TEXT.prop_map(Part::Lit),
                Just(Part::Partition),
                Just(Part::Account),
                Just(Part::Input(Box::new(Input::StudioDomainId(
                    "studio".into()
                )))),
            ],
            0..4,
        )
        .prop_map(Str)
    }

    /// Few operators and keys, so that conditions repeat them.
    fn condition() -> impl Strategy<Value = Condition> {
        (
            prop::sample::select(vec!["StringEquals", "ArnLike", "Null"]),
            prop::sample::select(vec!["aws:SourceAccount", "sagemaker:VpcSubnets", "k\"ey"]),
            prop::collection::vec(str_value(), 0..3),
        )
            .prop_map(|(operator, key, values)| Condition {
                operator: operator.into(),
                key: key.into(),
                values,
            })
    }

    fn statement() -> impl Strategy<Value = Statement> {
        (
            TEXT,
            prop::collection::vec(TEXT, 0..3),
            prop::collection::vec(str_value(), 0..3),
            prop::collection::vec(condition(), 0..4),
        )
            .prop_map(|(sid, actions, resources, conditions)| Statement {
                sid,
                actions,
                resources,
                conditions,
                why: Why {
                    serves: vec![],
                    reason: String::new(),
                    wildcard: None,
                    scanner_skips: vec![],
                    resource_serves: Default::default(),
                    declared: None,
                },
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Quotas are checked on sizes counted without building documents;
        /// they equal the serialized documents' sizes.
        #[test]
        fn counted_sizes_equal_serialized_sizes(
            statements in prop::collection::vec(statement(), 0..4),
            service in TEXT,
            trust_conditions in prop::collection::vec(condition(), 0..4),
        ) {
            let cx = Context::longest();
            let policy = Policy {
                statements: statements.into_iter().map(std::sync::Arc::new).collect(),
            };
            prop_assert_eq!(
                document::policy_size(&policy.statements, &cx),
                document::size(&document::policy(&policy, &cx))
            );
            let trust = Trust {
                mode: TrustMode::Auto,
                service,
                conditions: trust_conditions,
                reason: String::new(),
                warning: None,
            };
            prop_assert_eq!(document::trust_size(&trust, &cx), document::size(&document::trust(&trust, &cx)));
        }
    }
}

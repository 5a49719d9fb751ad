//! The shipped JSON Schema is the one `sagerole schema` prints, and every
//! spec the project ships (examples, diff fixtures, init specs) validates
//! against it, in HCL and JSON alike; specs the parser rejects for their
//! shape fail it too.

use std::fs;

use sagerole::spec::tree::{Node, Value as V};
use serde_json::{json, Map, Value};

use crate::support::{assert_file, examples, root, run};

/// A spec's syntax tree as the JSON document it stands for: HCL blocks of
/// one type merge into one object, as Terraform's JSON syntax has them.
pub fn to_json(node: &Node) -> Value {
    match &node.value {
        V::String(s) => json!(s),
        V::Number(n) => serde_json::from_str(n).unwrap_or(json!(n)),
        V::Bool(b) => json!(b),
        V::Null => Value::Null,
        V::List(items) => Value::Array(items.iter().map(to_json).collect()),
        V::Map(entries) => {
            let mut out = Map::new();
            for e in entries {
                let v = to_json(&e.value);
                match (out.get_mut(&e.key), v) {
                    (Some(Value::Object(a)), Value::Object(b)) => a.extend(b),
                    (_, v) => {
                        out.insert(e.key.clone(), v);
                    }
                }
            }
            Value::Object(out)
        }
    }
}

pub fn spec_json(path: &std::path::Path) -> Value {
    let source = sagerole::diagnostic::Source::new(
        path.display().to_string(),
        fs::read_to_string(path).unwrap(),
    );
    let tree = match sagerole::spec::Syntax::of(&source.name) {
        sagerole::spec::Syntax::Hcl => sagerole::spec::hcl::parse(&source),
        sagerole::spec::Syntax::Json => sagerole::spec::json::parse(&source),
        sagerole::spec::Syntax::Yaml => sagerole::spec::yaml::parse(&source),
    }
    .unwrap_or_else(|d| panic!("{}: {d:?}", path.display()));
    to_json(&tree)
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&sagerole::schema::schema())
        .expect("the schema is a valid draft 2020-12 schema")
}

#[test]
fn the_shipped_schema_is_the_generated_one() {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0);
    assert_file(&root().join("schema/sagerole.schema.json"), &r.stdout);
}

#[test]
fn every_shipped_spec_validates() {
    let v = validator();
    let mut specs: Vec<std::path::PathBuf> = examples().into_iter().map(|(_, p)| p).collect();
    for dir in ["tests/diff", "templates/init"] {
        for e in fs::read_dir(root().join(dir)).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "hcl") {
                specs.push(e.path());
            }
        }
    }
    assert!(specs.len() > 15);
    for p in specs {
        let doc = spec_json(&p);
        let errors: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
    }
}

#[test]
fn the_schema_rejects_what_the_parser_rejects_for_its_shape() {
    let v = validator();
    let base = json!({
        "name_prefix": "t",
        "workload": {"train": {
            "api": "CreateTrainingJob",
            "outputs": ["s3://b/o/"],
            "images": "111122223333.dkr.ecr.us-east-1.amazonaws.com/x:1"
        }}
    });
    assert!(v.is_valid(&base));
    let broken = |f: &dyn Fn(&mut Value)| {
        let mut d = base.clone();
        f(&mut d);
        d
    };
    let cases = [
        (
            "an unknown top-level field",
            broken(&|d| d["nmae_prefix"] = json!("x")),
        ),
        (
            "an unknown API",
            broken(&|d| d["workload"]["train"]["api"] = json!("CreateTrainingJobs")),
        ),
        (
            "a field the API does not take",
            broken(&|d| d["workload"]["train"]["rollback_alarms"] = json!(["a"])),
        ),
        (
            "a missing required field",
            broken(&|d| {
                d["workload"]["train"]
                    .as_object_mut()
                    .unwrap()
                    .remove("images");
            }),
        ),
        (
            "a bad block name",
            broken(&|d| {
                let w = d["workload"]["train"].take();
                d["workload"] = json!({"Train_1": w});
            }),
        ),
        (
            "a bad trust mode",
            broken(&|d| d["role"] = json!({"r": {"workloads": ["train"], "trust": "loose"}})),
        ),
        (
            "a string for a boolean",
            broken(&|d| {
                d["workload"]["s"] = json!({"api": "CreateDomain", "associate": "yes"});
            }),
        ),
    ];
    for (what, doc) in cases {
        assert!(!v.is_valid(&doc), "{what} passed the schema");
        // And the parser agrees: the same document as a JSON spec fails.
        let source = sagerole::diagnostic::Source::new("case.json", doc.to_string());
        assert!(sagerole::load(&source).is_err(), "{what} passed the parser");
    }
}

/// A YAML spec is the JSON shape in YAML: every example, written as YAML,
/// gives the same model as the original, and validates against the schema.
#[test]
fn every_example_as_yaml_gives_the_same_model() {
    let v = validator();
    for (name, spec) in examples() {
        let original = sagerole::load(&sagerole::diagnostic::Source::new(
            spec.display().to_string(),
            fs::read_to_string(&spec).unwrap(),
        ))
        .unwrap();
        let doc = spec_json(&spec);
        let yaml = serde_saphyr::to_string(&doc).unwrap();
        let source = sagerole::diagnostic::Source::new(format!("{name}.yaml"), yaml.clone());
        let from_yaml = sagerole::load(&source).unwrap_or_else(|d| panic!("{name}: {d:?}\n{yaml}"));
        assert_eq!(from_yaml, original, "{name}");
        let tree = sagerole::spec::yaml::parse(&source).unwrap();
        assert!(v.is_valid(&to_json(&tree)), "{name}");
    }
}

#[test]
fn yaml_values_point_at_their_own_text() {
    let text = "name_prefix: churn\nworkload:\n  train:\n    api: CreateTrainingJob\n    inputs: [s3://d/t/, \"s3://d/v/\"]\n";
    let source = sagerole::diagnostic::Source::new("t.yaml", text);
    let tree = sagerole::spec::yaml::parse(&source).unwrap();
    let doc = to_json(&tree);
    assert_eq!(
        doc["workload"]["train"]["inputs"],
        json!(["s3://d/t/", "s3://d/v/"])
    );
    // Spans cover the value's own text.
    let V::Map(top) = &tree.value else { panic!() };
    let prefix = &top.iter().find(|e| e.key == "name_prefix").unwrap();
    assert_eq!(
        &text[prefix.key_span.start..prefix.key_span.end],
        "name_prefix"
    );
    assert_eq!(
        &text[prefix.value.span.start..prefix.value.span.end],
        "churn"
    );
    assert_eq!(source.line_col(prefix.value.span.start), (1, 14));
}

//! The README is what a newcomer copies: every spec it marks lints clean, no
//! spec hides unmarked, and every `sagerole` command it shows parses.
//!
//! A spec block is marked in its fence's info string, after the language:
//! ```` ```hcl sagerole-spec ````, likewise `json` and `yaml` (README,
//! "Development"). The mark is not part of the block, so JSON stays JSON.

use std::fs;

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::support::{root, run};

/// The word in a fence's info string that marks a spec.
const MARK: &str = "sagerole-spec";

/// A fenced code block of a Markdown text.
struct Block {
    /// The first word of the info string.
    lang: String,
    /// Whether the info string carries [`MARK`].
    marked: bool,
    text: String,
    /// The line of the opening fence, for messages.
    line: usize,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut words = info.split_whitespace();
                open = Some(Block {
                    lang: words.next().unwrap_or_default().to_string(),
                    marked: words.any(|w| w == MARK),
                    text: String::new(),
                    line: markdown[..range.start].lines().count() + 1,
                });
            }
            Event::Text(t) => {
                if let Some(b) = &mut open {
                    b.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// What is wrong with the spec blocks: a marked block that does not lint
/// clean (or is not a spec language), and an unmarked hcl/json/yaml block
/// that looks like a spec. Every spec names `name_prefix`, which is
/// required; a fragment without it cannot be mistaken for one.
fn spec_problems(blocks: &[Block]) -> Vec<String> {
    let tmp = tempfile::tempdir().unwrap();
    let mut problems = Vec::new();
    for b in blocks {
        let ext = match b.lang.as_str() {
            "hcl" | "json" | "yaml" => b.lang.as_str(),
            _ if b.marked => {
                problems.push(format!("line {}: {MARK} on a {} block", b.line, b.lang));
                continue;
            }
            _ => continue,
        };
        if !b.marked {
            // A module call passes a `name_prefix` input; it is no spec.
            if b.text.contains("name_prefix") && !b.text.trim_start().starts_with("module ") {
                problems.push(format!(
                    "line {}: a {ext} block with name_prefix is a spec: mark it `{ext} {MARK}`",
                    b.line
                ));
            }
            continue;
        }
        let spec = tmp.path().join(format!("line-{}.sagerole.{ext}", b.line));
        fs::write(&spec, &b.text).unwrap();
        let r = run(&["lint", spec.to_str().unwrap()]);
        if r.code != 0 {
            problems.push(format!(
                "line {}: the {ext} spec fails `sagerole lint` ({}):\n{}{}",
                b.line, r.code, r.stdout, r.stderr
            ));
        }
    }
    problems
}

/// The commands of a shell text, as words: `\` continuations joined,
/// comments dropped, each pipeline stage and `&&`/`||`/`;` list member on
/// its own, redirections and their targets removed, `$(...)` one word.
fn commands(sh: &str) -> Vec<Vec<String>> {
    let joined = sh.replace("\\\n", " ");
    let mut out = Vec::new();
    for line in joined.lines() {
        let words = shlex::split(&without_substitutions(line))
            .unwrap_or_else(|| panic!("unbalanced quotes in `{line}`"));
        let mut command: Vec<String> = Vec::new();
        let mut redirect_target = false;
        for w in words {
            if redirect_target {
                redirect_target = false;
            } else if matches!(w.as_str(), "|" | "||" | "&&" | ";" | "&") {
                out.push(std::mem::take(&mut command));
            } else if let Some(rest) = redirection(&w) {
                // `> file` takes the next word; `>file` and `2>&1` do not.
                redirect_target = rest.is_empty();
            } else {
                command.push(w);
            }
        }
        out.push(command);
    }
    out.retain(|c| !c.is_empty());
    out
}

/// For a redirection word (`>`, `>>`, `2>`, `<`, `>file`, `2>&1`), what
/// follows the operator.
fn redirection(word: &str) -> Option<&str> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest
        .strip_prefix(">>")
        .or_else(|| rest.strip_prefix('>'))
        .or_else(|| rest.strip_prefix('<'))?;
    Some(rest.strip_prefix('&').unwrap_or(rest))
}

/// `line` with each `$(...)` replaced by one word that stands for its output.
fn without_substitutions(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find("$(") {
        out.push_str(&rest[..at]);
        let mut depth = 0;
        let end = rest[at + 1..]
            .char_indices()
            .find_map(|(i, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(at + 1 + i + 1)
            })
            .unwrap_or_else(|| panic!("unclosed $( in `{line}`"));
        out.push_str("SUBSTITUTED");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// sagerole's arguments in a command: `sagerole ARGS` or `cargo run -- ARGS`,
/// after any `NAME=value` environment assignments.
fn sagerole_args(command: &[String]) -> Option<Vec<String>> {
    let start = command.iter().position(|w| !is_assignment(w))?;
    let command = &command[start..];
    match command {
        [first, args @ ..] if first == "sagerole" => Some(args.to_vec()),
        [cargo, run, rest @ ..] if cargo == "cargo" && run == "run" => {
            let dashes = rest.iter().position(|w| w == "--")?;
            Some(rest[dashes + 1..].to_vec())
        }
        _ => None,
    }
}

fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The `sagerole` commands of the sh blocks, and what is wrong with them.
fn command_problems(blocks: &[Block]) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    let mut seen = 0;
    for b in blocks.iter().filter(|b| b.lang == "sh") {
        for c in commands(&b.text) {
            let Some(args) = sagerole_args(&c) else {
                continue;
            };
            seen += 1;
            let argv = std::iter::once("sagerole".to_string()).chain(args);
            if let Err(e) = sagerole::cli::command().try_get_matches_from(argv) {
                use clap::error::ErrorKind;
                if !matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                    problems.push(format!("line {}: `{}`: {e}", b.line, c.join(" ")));
                }
            }
        }
    }
    (seen, problems)
}

#[test]
fn every_marked_readme_spec_lints_and_every_command_parses() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let marked: Vec<&str> = blocks
        .iter()
        .filter(|b| b.marked)
        .map(|b| b.lang.as_str())
        .collect();
    let mut problems = spec_problems(&blocks);
    let (seen, command_problems) = command_problems(&blocks);
    problems.extend(command_problems);
    // The README shows a spec in each of the three languages.
    for lang in ["hcl", "json", "yaml"] {
        if !marked.contains(&lang) {
            problems.push(format!("no marked {lang} spec (marked: {marked:?})"));
        }
    }
    assert!(problems.is_empty(), "README.md:\n{}", problems.join("\n"));
    assert!(
        seen >= 8,
        "only {seen} sagerole commands found in the README"
    );
}

/// The check itself: a broken marked spec, an unmarked spec and a command
/// clap rejects are each reported; the shell forms are read as a shell would.
#[test]
fn the_readme_check_catches_broken_specs_unmarked_specs_and_bad_commands() {
    let markdown = "\
```hcl sagerole-spec
name_prefix = \"churn\"
workload \"train\" {
  api     = \"CreateTrainingJob\"
  outputs = [\"s3://b/out/\"]
  images  = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/x:1\"]
  vpc { subnets = [\"subnet-0a1b2c3d4e5f60718\"], security_groups = [\"sg-0a1b2c3d4e5f60718\"] }
}
```

```yaml
name_prefix: churn
```

```json
{ \"fileMatch\": [\"sagerole.json\"] }
```

```sh
sagerole lint a.hcl b.json   # two specs
sagerole generate spec.hcl \\
  --out out --frobnicate > log 2>&1
X=1 cargo run -- apis | head
sagerole explain \"$(mktemp -d)/s.hcl\" --role $(whoami)
```
";
    let blocks = blocks(markdown);
    let specs = spec_problems(&blocks);
    assert_eq!(specs.len(), 2, "{specs:#?}");
    assert!(
        specs[0].starts_with("line 1: the hcl spec fails `sagerole lint` (2)"),
        "a one-line block with two attributes does not parse: {}",
        specs[0]
    );
    assert!(specs[1].starts_with("line 11: a yaml block with name_prefix"));

    let sh = &blocks.iter().find(|b| b.lang == "sh").unwrap().text;
    let words: Vec<Vec<String>> = commands(sh);
    let expected: [&[&str]; 5] = [
        &["sagerole", "lint", "a.hcl", "b.json"],
        &[
            "sagerole",
            "generate",
            "spec.hcl",
            "--out",
            "out",
            "--frobnicate",
        ],
        &["X=1", "cargo", "run", "--", "apis"],
        &["head"],
        // (render would not do: it checks --account.)
        &[
            "sagerole",
            "explain",
            "SUBSTITUTED/s.hcl",
            "--role",
            "SUBSTITUTED",
        ],
    ];
    assert_eq!(
        words,
        expected.map(|c| c.iter().map(|w| w.to_string()).collect::<Vec<_>>())
    );

    let (seen, problems) = command_problems(&blocks);
    assert_eq!(seen, 4);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains("--frobnicate"), "{}", problems[0]);
}

/// The one code block of the README whose opening line carries `mark`.
fn marked_block<'a>(readme: &str, blocks: &'a [Block], mark: &str) -> &'a Block {
    let found: Vec<&Block> = blocks
        .iter()
        .filter(|b| {
            readme
                .lines()
                .nth(b.line - 1)
                .is_some_and(|l| l.split_whitespace().any(|w| w == mark))
        })
        .collect();
    assert_eq!(found.len(), 1, "one block marked {mark}");
    found[0]
}

/// The README's root module for `examples/existing-role`, checked against
/// the example's module: it passes exactly the variables without a
/// default, the existing role's name from the `aws_iam_role` its owner
/// manages, as the AWS provider names that attribute.
#[test]
fn the_readme_passes_an_existing_role_by_its_name() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let module_text = &marked_block(&readme, &blocks, "sagerole-existing-role-module").text;
    let body: hcl::Body = hcl::parse(module_text).unwrap();
    let module = body
        .blocks()
        .find(|b| b.identifier() == "module")
        .expect("a module block");
    let variables: hcl::Body = hcl::parse(
        &fs::read_to_string(root().join("examples/existing-role/generated/terraform/variables.tf"))
            .unwrap(),
    )
    .unwrap();
    let required: Vec<String> = variables
        .blocks()
        .filter(|b| !b.body().attributes().any(|a| a.key() == "default"))
        .map(|b| b.labels()[0].as_str().to_string())
        .collect();
    let mut passed = Vec::new();
    for a in module.body().attributes() {
        let expr = a.expr().to_string();
        if a.key() == "source" {
            assert_eq!(expr, "\"./sagemaker-iam/terraform\"");
            continue;
        }
        let parts: Vec<&str> = expr.split('.').collect();
        assert!(
            parts.len() == 3 && parts[0] == "aws_iam_role" && parts[2] == "name",
            "{} = {expr}: expected aws_iam_role.NAME.name",
            a.key()
        );
        passed.push(a.key().to_string());
    }
    assert_eq!(
        passed, required,
        "the root module passes exactly the variables without a default"
    );
    assert_eq!(required, ["exec_role_name"]);
}

/// The README's root module for `examples/platform-inputs` and its
/// `aws cloudformation deploy` call, checked against the example's module
/// and template: every input without a default is passed, nothing else, the
/// module from where `generate --out sagemaker-iam` writes it; each module
/// argument is the attribute of the resource a Terraform user creates for
/// its kind (a bucket's name, a key's ARN, a subnet's and a security
/// group's id, as the AWS provider names them), and each parameter value
/// matches its parameter's `AllowedPattern` and `MaxLength`.
#[test]
fn the_readme_passes_platform_inputs_every_input_it_needs() {
    use sagerole::catalog::input_kinds::InputKind;
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let marked = |mark: &str| marked_block(&readme, &blocks, mark);
    let spec = root().join("examples/platform-inputs/sagerole.hcl");
    let model = sagerole::load(&sagerole::diagnostic::Source::new(
        spec.display().to_string(),
        fs::read_to_string(&spec).unwrap(),
    ))
    .unwrap();
    let required: std::collections::BTreeMap<String, InputKind> = model
        .inputs()
        .iter()
        .filter(|i| model.declared(i).is_none_or(|d| d.default.is_none()))
        .map(|i| (i.name(), i.kind()))
        .collect();

    // Terraform: the module block.
    let body: hcl::Body = hcl::parse(&marked("sagerole-root-module").text).unwrap();
    let module = body
        .blocks()
        .find(|b| b.identifier() == "module")
        .expect("a module block");
    let mut passed = std::collections::BTreeMap::new();
    for a in module.body().attributes() {
        if a.key() == "source" {
            assert_eq!(a.expr().to_string(), "\"./sagemaker-iam/terraform\"");
            continue;
        }
        passed.insert(a.key().to_string(), a.expr().to_string());
    }
    assert_eq!(
        passed.keys().collect::<Vec<_>>(),
        required.keys().collect::<Vec<_>>(),
        "the root module passes exactly the inputs without a default"
    );
    for (name, expr) in &passed {
        // A prefix or an environment tag's value per deployment:
        // Terraform's workspace (`dev`, `prod`) is the usual one; no
        // resource holds it.
        if matches!(required[name], InputKind::NamePrefix | InputKind::TagValue) {
            assert_eq!(expr, "terraform.workspace", "{name}");
            continue;
        }
        let (resource, attribute) = match required[name] {
            InputKind::S3Bucket => ("aws_s3_bucket", "bucket"),
            InputKind::KmsKeyArn => ("aws_kms_key", "arn"),
            InputKind::SubnetId => ("aws_subnet", "id"),
            InputKind::SecurityGroupId => ("aws_security_group", "id"),
            InputKind::StudioDomainId => ("aws_sagemaker_domain", "id"),
            InputKind::IamRoleArn => ("aws_iam_role", "arn"),
            InputKind::LambdaFunctionArn => ("aws_lambda_function", "arn"),
            InputKind::SnsTopicArn => ("aws_sns_topic", "arn"),
            InputKind::SqsQueueArn => ("aws_sqs_queue", "arn"),
            InputKind::EcrRepositoryArn => ("aws_ecr_repository", "arn"),

            InputKind::IamRoleName => ("aws_iam_role", "name"),
            InputKind::NamePrefix | InputKind::TagValue => unreachable!("checked above"),
        };
        let parts: Vec<&str> = expr.split('.').collect();
        assert!(
            parts.len() == 3 && parts[0] == resource && parts[2] == attribute,
            "{name} = {expr}: expected {resource}.NAME.{attribute}"
        );
    }

    // CloudFormation: the deploy call's parameters.
    let template: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            root().join("examples/platform-inputs/generated/cloudformation/template.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let parameters = template["Parameters"].as_object().unwrap();
    let command = commands(&marked("sagerole-deploy").text)
        .into_iter()
        .find(|c| c.starts_with(&["aws".into(), "cloudformation".into(), "deploy".into()]))
        .expect("an aws cloudformation deploy call");
    let at = |flag: &str| command.iter().position(|w| w == flag);
    let file = &command[at("--template-file").unwrap() + 1];
    assert_eq!(file, "sagemaker-iam/cloudformation/template.yaml");
    let overrides: std::collections::BTreeMap<&str, &str> = command
        [at("--parameter-overrides").expect("--parameter-overrides") + 1..]
        .iter()
        .take_while(|w| !w.starts_with("--"))
        .map(|w| w.split_once('=').expect("KEY=VALUE"))
        .collect();
    let needed: Vec<&String> = parameters
        .iter()
        .filter(|(_, p)| p.get("Default").is_none())
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        overrides.keys().copied().collect::<Vec<_>>(),
        {
            let mut n: Vec<&str> = needed.iter().map(|s| s.as_str()).collect();
            n.sort_unstable();
            n
        },
        "the deploy call passes exactly the parameters without a default"
    );
    for (name, value) in overrides {
        let p = &parameters[name];
        let pattern = regex::RegexBuilder::new(p["AllowedPattern"].as_str().unwrap())
            .size_limit(sagerole::catalog::input_kinds::PATTERN_SIZE_LIMIT)
            .build()
            .unwrap();
        let max: usize = p["MaxLength"].as_str().unwrap().parse().unwrap();
        assert!(
            pattern.is_match(value) && value.chars().count() <= max,
            "{name}={value} is refused by its parameter"
        );
    }
}

/// The README's table of input kinds has a row for each kind, in the
/// kinds' table's order, with its maximum length and the Terraform
/// resource attribute the root module takes a value of it from.
#[test]
fn the_readme_lists_every_input_kind() {
    use sagerole::catalog::input_kinds::{InputKind, KINDS};
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let rows: Vec<Vec<&str>> = readme
        .lines()
        .filter(|l| l.starts_with("| `") && l.split('|').nth(1).is_some())
        .map(|l| l.split('|').map(str::trim).collect::<Vec<_>>())
        .filter(|cells| {
            cells.len() == 7 && KINDS.iter().any(|k| cells[1] == format!("`{}`", k.name))
        })
        .collect();
    // Studio domain ids are no spec field's: a domain's id is its own input.
    let listed: Vec<&InputKind> = KINDS
        .iter()
        .map(|k| &k.kind)
        .filter(|k| **k != InputKind::StudioDomainId)
        .collect();
    assert_eq!(rows.len(), listed.len(), "{rows:?}");
    for (row, kind) in rows.iter().zip(listed) {
        let f = kind.facts();
        assert_eq!(row[1], format!("`{}`", f.name));
        assert_eq!(row[3], f.max_length.to_string(), "{}", f.name);
        // A prefix comes from no resource: the workspace, one per deployment.
        let from = match f.terraform {
            ("terraform", attribute) => format!("`terraform.{attribute}`"),
            (resource, attribute) => format!("`{resource}.NAME.{attribute}`"),
        };
        assert_eq!(row[5], from, "{}", f.name);
    }
}

//! Deploys every example's CloudFormation template into moto (an in-process
//! AWS emulator) and checks that IAM then holds exactly the documents that
//! `sagerole render --policies` writes: trust policies, inline and managed
//! policies, and the attachments (tests/deploy/deploy.py does the work).
//!
//! Needs `SAGEROLE_MOTO_PYTHON`: a Python with moto 5.2.5 and boto3
//! (`. .ci/setup-tools` installs one and sets it). One trial per example.
//!
//! Each example is deployed as moto's default account 123456789012, and
//! once more as the account of each caller whose principal is a role: a
//! caller policy is attached to its caller's role only when deployed into
//! the caller's account, so the first deployment checks that it stays
//! unattached elsewhere and the others that it is attached at home. The
//! expected documents are rendered for the same account each time; the
//! expected attachments come from the spec ([`expected_attachments`]), not
//! from the template under test.

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::Trial;

use crate::support::{examples, root};
use crate::tool::{Probe, Tool};

/// The account moto uses unless told otherwise.
const MOTO_ACCOUNT: &str = "123456789012";

pub static MOTO: Tool = Tool::new(
    "moto",
    "`. .ci/setup-tools` sets it to a Python with moto and boto3",
    probe,
);

fn probe() -> Probe {
    match std::env::var("SAGEROLE_MOTO_PYTHON") {
        Ok(p) if !p.is_empty() && Path::new(&p).exists() => Probe::Found(p),
        Ok(p) if !p.is_empty() => Probe::Broken(format!(
            "SAGEROLE_MOTO_PYTHON={p} does not exist; run `. .ci/setup-tools`"
        )),
        _ => Probe::Missing("SAGEROLE_MOTO_PYTHON is not set".into()),
    }
}

/// The account and role name of a principal that is an IAM role
/// (`arn:<partition>:iam::<account>:role/<path/><name>`), read from the
/// spec as written or the value passed in; `None` for a user or any other
/// principal.
fn role_principal(arn: &str) -> Option<(&str, &str)> {
    let rest = arn.strip_prefix("arn:")?;
    let (_partition, rest) = rest.split_once(':')?;
    let rest = rest.strip_prefix("iam::")?;
    let (account, resource) = rest.split_once(':')?;
    let path = resource.strip_prefix("role/")?;
    Some((account, path.rsplit('/').next()?))
}

/// What the spec says should be attached where, in one account: each
/// customer managed policy with the roles it is attached to, and the
/// callers' roles (outside the template), which deploy.py creates first.
///
/// The tags every role the template creates must carry are the spec's,
/// each value that is an input at the value passed in.
///
/// Read from the spec and its model, never from the template: an execution
/// role's policies that the model splits into managed policies are attached
/// to that role; a caller's policies are attached to the caller's role when
/// `account` is the account in the caller's principal, and to nothing
/// otherwise (a user principal gets nothing attached anywhere).
fn expected_attachments(spec: &Path, account: &str) -> serde_json::Value {
    use sagerole::model::Attachment;
    let model = load(spec);
    // An existing role is named by its input, at the value the tests pass.
    let values: std::collections::BTreeMap<String, String> =
        input_values(&model).into_iter().collect();
    let name_of = |r: &sagerole::model::Role| match &r.existing {
        Some(input) => values[&input.name()].clone(),
        None => deployed(&model, &r.name),
    };
    let mut attached = serde_json::Map::new();
    let mut existing_roles = Vec::new();
    for r in &model.roles {
        if r.existing.is_some() {
            existing_roles.push(name_of(r));
        }
        for d in r
            .documents
            .iter()
            .filter(|d| d.attachment == Attachment::Managed)
        {
            attached.insert(deployed(&model, &d.name), serde_json::json!([name_of(r)]));
        }
    }
    let mut caller_roles = Vec::new();
    for c in &model.callers {
        let home = caller_home(&model, c);
        if let Some((_, name)) = &home {
            caller_roles.push(name.clone());
        }
        let to: Vec<String> = home
            .filter(|(a, _)| *a == account)
            .map(|(_, name)| name)
            .into_iter()
            .collect();
        for d in &c.documents {
            assert_eq!(d.attachment, Attachment::Managed, "{}", d.name);
            attached.insert(deployed(&model, &d.name), serde_json::json!(to));
        }
    }
    caller_roles.sort_unstable();
    caller_roles.dedup();
    serde_json::json!({
        "attached": attached,
        "caller_roles": caller_roles,
        "existing_roles": existing_roles,
        "tags": deployed_tags(&model),
    })
}

/// The account and name of the role a caller's policies are attached to
/// at home, as these tests deploy it: from the principal's ARN as the spec
/// writes it, or as the deployment passes it for the input that names it
/// ([`input_values`], or the input's default). `None` for a user.
pub fn caller_home(
    model: &sagerole::model::Model,
    c: &sagerole::model::Caller,
) -> Option<(String, String)> {
    let arn = match &c.attach_to_role {
        Some(sagerole::model::RoleRef::Input(i)) => input_values(model)
            .into_iter()
            .find(|(name, _)| *name == i.name())
            .map(|(_, value)| value)
            .or_else(|| model.declared(i).and_then(|d| d.default.clone()))?,
        _ => c.principal.clone(),
    };
    role_principal(&arn).map(|(account, name)| (account.to_string(), name.to_string()))
}

pub fn load(spec: &Path) -> sagerole::model::Model {
    let source = sagerole::diagnostic::Source::new(
        spec.display().to_string(),
        std::fs::read_to_string(spec).unwrap(),
    );
    sagerole::load(&source).unwrap_or_else(|d| panic!("{}: {d:?}", spec.display()))
}

/// The accounts to deploy into: moto's own, where no caller is at home,
/// and each account that a caller's role is in.
pub fn accounts(spec: &Path) -> Vec<String> {
    let mut out = vec![MOTO_ACCOUNT.to_string()];
    let model = load(spec);
    for c in &model.callers {
        if let Some((account, _)) = caller_home(&model, c) {
            if !out.contains(&account) {
                out.push(account);
            }
        }
    }
    out
}

/// Renders `spec` for `account` and deploys its templates (one, or each of
/// a split) as that account. `Err` carries everything needed to see what
/// went wrong.
fn deploy(python: &str, spec: &Path, templates: &[PathBuf], account: &str) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let rendered = tmp.path().join("rendered");
    render(spec, account, &rendered)?;
    let script = root().join("tests/deploy/deploy.py");
    let mut parameters = Vec::new();
    for t in templates {
        parameters.extend(required_parameters(t)?);
    }
    let expect = tmp.path().join("expected-attachments.json");
    std::fs::write(&expect, expected_attachments(spec, account).to_string()).unwrap();
    let run = Command::new(python)
        .arg(&script)
        .args(templates)
        .arg(&rendered)
        .args(["--account", account])
        .arg("--expect")
        .arg(&expect)
        .args(&parameters)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let output = format!(
        "$ {python} {} {} {} --account {account}\n{}{}",
        script.display(),
        templates
            .iter()
            .map(|t| t.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        rendered.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    if run.status.success() {
        Ok(())
    } else {
        Err(format!("deploy.py failed ({}):\n{output}", run.status))
    }
}

/// `sagerole render SPEC --policies` for `account` into `out`: the
/// documents a deployment must hold, each input the documents name (a
/// Studio domain's id) at the value the templates' parameters get
/// ([`required_parameters`]).
pub fn render(spec: &Path, account: &str, out: &Path) -> Result<(), String> {
    let inputs = input_values(&load(spec))
        .into_iter()
        .flat_map(|(name, value)| ["--input".to_string(), format!("{name}={value}")])
        .collect::<Vec<_>>();
    let render = Command::new(env!("CARGO_BIN_EXE_sagerole"))
        .arg("render")
        .arg(spec)
        .arg("--policies")
        .arg("--out")
        .arg(out)
        .args(["--partition", "aws", "--account", account])
        .args(&inputs)
        .current_dir(root())
        .output()
        .expect("the sagerole binary runs");
    if render.status.success() {
        return Ok(());
    }
    Err(format!(
        "sagerole render {} --account {account} failed ({}):\n{}{}",
        spec.display(),
        render.status,
        String::from_utf8_lossy(&render.stdout),
        String::from_utf8_lossy(&render.stderr)
    ))
}

/// The id of the existing Studio domain every associated domain deploys
/// into.
const DOMAIN_ID: &str = "d-0a1b2c3d4e5f";

/// `--parameter` arguments for the template's parameters without a
/// default: a Studio domain id for each associated domain, nothing else.
/// The value a deployment in these tests passes for each input of the
/// model without a default (an input with one keeps it, in the module, the
/// template and render alike): a Studio domain's id is [`DOMAIN_ID`], every
/// other input its kind's sample value.
/// A text of the model as deployed with [`input_values`]: a name whose
/// name_prefix is an input, a tag value that is one, at the value passed
/// in, or the input's default when the deployment passes none.
pub fn deployed(model: &sagerole::model::Model, name: &str) -> String {
    let values: std::collections::BTreeMap<String, String> =
        input_values(model).into_iter().collect();
    sagerole::spec::raw::reference::fill(name, |input| {
        values.get(input).cloned().unwrap_or_else(|| {
            model
                .declared_inputs
                .iter()
                .find(|d| d.name == input)
                .and_then(|d| d.default.clone())
                .unwrap_or_else(|| panic!("input {input} has no value and no default"))
        })
    })
}

/// The spec's guardrail tags as deployed: each value that is an input at
/// the value the deployment passes ([`deployed`]).
pub fn deployed_tags(model: &sagerole::model::Model) -> std::collections::BTreeMap<String, String> {
    model
        .guardrails
        .tags
        .iter()
        .map(|(k, v)| (k.clone(), deployed(model, v)))
        .collect()
}

pub fn input_values(model: &sagerole::model::Model) -> Vec<(String, String)> {
    model
        .inputs()
        .iter()
        .filter(|i| model.declared(i).is_none_or(|d| d.default.is_none()))
        .map(|i| (i.name(), kind_value(i.pattern())))
        .collect()
}

/// The value of an input whose values match `pattern`: [`DOMAIN_ID`] for
/// a Studio domain id, else the sample value of the kind of that pattern.
fn kind_value(pattern: &str) -> String {
    let kind = sagerole::catalog::input_kinds::KINDS
        .iter()
        .find(|k| k.pattern == pattern)
        .unwrap_or_else(|| panic!("no input kind has the pattern {pattern}"));
    match kind.kind {
        sagerole::catalog::input_kinds::InputKind::StudioDomainId => DOMAIN_ID.to_string(),
        _ => kind.sample.to_string(),
    }
}

fn required_parameters(template: &Path) -> Result<Vec<String>, String> {
    let json = template.with_extension("json");
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, p) in t["Parameters"].as_object().into_iter().flatten() {
        if p.get("Default").is_some() {
            continue;
        }
        // Every parameter without a default is an input's, of its kind's pattern.
        let Some(pattern) = p["AllowedPattern"].as_str() else {
            return Err(format!(
                "{}: parameter {name} has no default and no pattern",
                json.display()
            ));
        };
        out.push("--parameter".to_string());
        out.push(format!("{name}={}", kind_value(pattern)));
    }
    Ok(out)
}

/// One trial per example: it deploys the example as each account; and one
/// for the templates of a spec too large for one stack.
pub fn trials() -> Vec<Trial> {
    let examples = examples();
    assert!(!examples.is_empty(), "no examples found");
    let mut trials: Vec<Trial> = examples
        .into_iter()
        .map(|(name, spec)| {
            MOTO.trial(
                format!("moto::{name}_deploys_exactly_the_rendered_documents"),
                move |python| deploys_exactly_the_rendered_documents(python, &name, &spec),
            )
        })
        .collect();
    trials.push(MOTO.trial(
        "moto::every_stack_of_1000_synthetic_workloads_deploys_exactly_the_rendered_documents",
        split_templates_deploy_exactly_the_rendered_documents,
    ));
    trials
}

/// `sagerole synthetic 1000`, generated: more than one stack holds, so
/// every template of its split is deployed, each as a stack of its own in
/// one moto, and IAM then holds exactly the rendered documents of the whole
/// spec (deploy.py reads templates over 51,200 bytes from moto's S3, as
/// `aws cloudformation deploy --s3-bucket` does).
fn split_templates_deploy_exactly_the_rendered_documents(python: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("synthetic.hcl");
    std::fs::write(&spec, sagerole::synthetic::spec(1_000)).unwrap();
    let out = tmp.path().join("out");
    let generate = Command::new(env!("CARGO_BIN_EXE_sagerole"))
        .arg("generate")
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("the sagerole binary runs");
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
    let mut templates: Vec<PathBuf> = std::fs::read_dir(out.join("cloudformation"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    templates.sort();
    assert!(
        templates.len() > 1
            && templates.iter().all(|t| t
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("template-")),
        "{templates:?}"
    );
    let mut failures = Vec::new();
    for account in &accounts(&spec) {
        if let Err(e) = deploy(python, &spec, &templates, account) {
            failures.push(format!("== synthetic 1000 as {account}\n{e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn deploys_exactly_the_rendered_documents(python: &str, name: &str, spec: &Path) {
    let cfn = root()
        .join("examples")
        .join(name)
        .join("generated/cloudformation");
    let mut failures = Vec::new();
    for account in &accounts(spec) {
        if let Err(e) = deploy(python, spec, &[cfn.join("template.yaml")], account) {
            failures.push(format!("== {name} as {account}\n{e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} deployment(s) into moto failed:\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

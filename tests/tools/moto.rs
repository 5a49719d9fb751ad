//! Deploys every example's CloudFormation template into moto (an in-process
//! AWS emulator) and checks that IAM then holds exactly the documents that
//! `sagerole render --policies` writes: trust policies, inline and managed
//! policies, and the attachments (tests/deploy/deploy.py does the work).
//!
//! Needs `SAGEROLE_MOTO_PYTHON`: a Python with moto 5.2.5 and boto3
//! (`. .ci/setup-tools` installs one and sets it). One trial per example.
//!
//! Each example is deployed as moto's default account 123456789012, and
//! once more as every account the template's Conditions compare
//! `AWS::AccountId` with: a caller policy is attached to its caller's role
//! only when deployed into the caller's account, so the first deployment
//! checks that it stays unattached elsewhere and the others that it is
//! attached at home. The expected documents are rendered for the same
//! account each time.

use std::path::Path;
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

/// Every account that the template's Conditions compare `AWS::AccountId`
/// with, in the order found.
fn compared_accounts(template_json: &Path) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Array(pair)) = m.get("Fn::Equals") {
                    let is_account_ref = |x: &serde_json::Value| {
                        x.get("Ref").and_then(|r| r.as_str()) == Some("AWS::AccountId")
                    };
                    if pair.iter().any(is_account_ref) {
                        for x in pair {
                            if let Some(s) = x.as_str() {
                                if s.len() == 12
                                    && s.bytes().all(|b| b.is_ascii_digit())
                                    && !out.iter().any(|a| a == s)
                                {
                                    out.push(s.to_string());
                                }
                            }
                        }
                    }
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let text = std::fs::read_to_string(template_json)
        .unwrap_or_else(|e| panic!("{}: {e}", template_json.display()));
    let template: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", template_json.display()));
    let mut out = Vec::new();
    if let Some(c) = template.get("Conditions") {
        walk(c, &mut out);
    }
    out
}

/// Renders `spec` for `account` and deploys `template` as that account.
/// `Err` carries everything needed to see what went wrong.
fn deploy(python: &str, spec: &Path, template: &Path, account: &str) -> Result<(), String> {
    let tmp = tempfile::tempdir().unwrap();
    let rendered = tmp.path().join("rendered");
    let render = Command::new(env!("CARGO_BIN_EXE_sagerole"))
        .arg("render")
        .arg(spec)
        .arg("--policies")
        .arg("--out")
        .arg(&rendered)
        .args([
            "--partition",
            "aws",
            "--account",
            account,
            "--region",
            "us-east-1",
        ])
        .current_dir(root())
        .output()
        .expect("the sagerole binary runs");
    if !render.status.success() {
        return Err(format!(
            "sagerole render {} --account {account} failed ({}):\n{}{}",
            spec.display(),
            render.status,
            String::from_utf8_lossy(&render.stdout),
            String::from_utf8_lossy(&render.stderr)
        ));
    }
    let script = root().join("tests/deploy/deploy.py");
    let parameters = required_parameters(template)?;
    let run = Command::new(python)
        .arg(&script)
        .arg(template)
        .arg(&rendered)
        .args(["--account", account])
        .args(&parameters)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let output = format!(
        "$ {python} {} {} {} --account {account}\n{}{}",
        script.display(),
        template.display(),
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

/// `--parameter` arguments for the template's parameters without a
/// default: a Studio domain id for each associated domain, nothing else.
fn required_parameters(template: &Path) -> Result<Vec<String>, String> {
    let json = template.with_file_name("template.json");
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for (name, p) in t["Parameters"].as_object().into_iter().flatten() {
        if p.get("Default").is_some() {
            continue;
        }
        if !name.starts_with("StudioDomainId") {
            return Err(format!(
                "{}: parameter {name} has no default",
                json.display()
            ));
        }
        out.push("--parameter".to_string());
        out.push(format!("{name}=d-0a1b2c3d4e5f"));
    }
    Ok(out)
}

/// One trial per example: it deploys the example as each account.
pub fn trials() -> Vec<Trial> {
    let examples = examples();
    assert!(!examples.is_empty(), "no examples found");
    examples
        .into_iter()
        .map(|(name, spec)| {
            MOTO.trial(
                format!("moto::{name}_deploys_exactly_the_rendered_documents"),
                move |python| deploys_exactly_the_rendered_documents(python, &name, &spec),
            )
        })
        .collect()
}

fn deploys_exactly_the_rendered_documents(python: &str, name: &str, spec: &Path) {
    let cfn = root()
        .join("examples")
        .join(name)
        .join("generated/cloudformation");
    let mut accounts = vec![MOTO_ACCOUNT.to_string()];
    for a in compared_accounts(&cfn.join("template.json")) {
        if !accounts.contains(&a) {
            accounts.push(a);
        }
    }
    let mut failures = Vec::new();
    for account in &accounts {
        if let Err(e) = deploy(python, spec, &cfn.join("template.yaml"), account) {
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

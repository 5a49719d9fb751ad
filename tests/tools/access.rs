//! The access tests: would the generated roles let the workloads run, and
//! keep out what they must not reach? Each case file states requests that
//! SageMaker and its clients make, written from AWS's documentation and the
//! SDK's behaviour (never from sagerole's catalog or output), with the
//! decision AWS should reach; an evaluator we did not write,
//! `@cloud-copilot/iam-simulate`, decides them against the policies that
//! `sagerole render --policies` writes.
//!
//! Case files: `tests/access/<Api>.yaml`, one per API of `sagerole apis`,
//! each with its own `spec:` (HCL), and `examples/<name>/access.yaml`, for
//! the example's spec beside it. Each declares the partition and account
//! its policies are rendered for, and the region its requests are made in
//! (the policies name the spec's `regions`, every region by default, and
//! never a deploying region: cases in another region state that).
//!
//! Who asks, and which documents decide:
//! - `role:KEY`: the execution role KEY of the spec, as
//!   `arn:P:iam::A:role<path><name>`, with every permission policy it is
//!   rendered with (inline or managed parts). Its permissions boundary is
//!   not modelled: the boundary is the user's policy, not ours, and can
//!   only take away.
//! - `caller:KEY`: the caller KEY, as its principal in the spec (or the
//!   value the case passes for the input that names it), with its
//!   policies.
//! - an IAM ARN (`arn:aws:iam::111122223333:role/ci-dev`): that principal,
//!   with the policies of each caller whose principal, with the case's
//!   input values, it is; none when no caller is, so that a case shows
//!   that a caller policy reaches the role passed in and no other.
//! - `service:NAME` with `assume: role:KEY`: the service principal, with
//!   role KEY's trust policy as the resource policy of the role's ARN (the
//!   case's resource).
//!
//! A request to a KMS key also carries the key's policy: AWS's default key
//! policy ("Enable IAM User Permissions": the key's account root may use
//! `kms:*`), under which the identity policy decides, as AWS Key Management
//! Service Developer Guide, "Default key policy", says. S3 requests carry
//! no bucket policy (the buckets are in the account): the identity policy
//! decides. No SCPs or RCPs. A resource of another account that shares it
//! by a policy another example's output holds names it: `resource_policy:
//! {example: NAME, document: PATH}` (that example's spec rendered in the
//! file's partition and the resource's account, e.g. a tooling account's
//! model package group policy, `groups/<workload>.resource-policy.json`).
//!
//! A case with `pending: LABEL` is a known gap (LABEL names it and the
//! issue that closes it): its mismatch is counted under LABEL, and a pending case that
//! the evaluator now decides as expected fails the test, so that the
//! marker goes when the gap closes. Every other mismatch fails, as does an
//! evaluator error (an unknown action, an ARN that fits no resource type
//! of the action) or a context key the evaluator ignored (it drops keys it
//! does not know for the action, which would silently turn a condition
//! test into no test).
//!
//! The checks of the case files themselves need no evaluator and run in
//! every build ([`case_files_are_valid`]); the evaluation is one trial per
//! file, all its cases in one run of tests/access/evaluate.mjs.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use libtest_mimic::Trial;
use serde::Deserialize;
use serde_json::{json, Value};
use serde_saphyr::Spanned;

use sagerole::arn::split_arn;

use crate::support::{examples, read_tree, root, run_stdin, Run};
use crate::tool::{Probe, Tool};

pub static IAM_SIMULATE: Tool = Tool::new(
    "iam-simulate",
    "`. .ci/setup-tools` installs it with npm (node on PATH) and sets it",
    probe,
);

/// The folder that .ci/setup-tools installed the evaluator into.
const DIR_VAR: &str = "SAGEROLE_IAM_SIMULATE";

/// The evaluator's folder, when it holds the version that
/// .ci/iam-simulate/package.json pins and node runs.
fn probe() -> Probe {
    let dir = match std::env::var(DIR_VAR) {
        Ok(d) if !d.is_empty() => PathBuf::from(d),
        _ => return Probe::Missing(format!("{DIR_VAR} is not set")),
    };
    let pinned = pinned_version();
    let manifest = dir.join("node_modules/@cloud-copilot/iam-simulate/package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string));
    match installed {
        None => {
            return Probe::Broken(format!(
                "{DIR_VAR}={}: no {} there; run `. .ci/setup-tools`",
                dir.display(),
                manifest.display()
            ))
        }
        Some(v) if v != pinned => {
            return Probe::Broken(format!(
                "{DIR_VAR}={} holds iam-simulate {v}, .ci/iam-simulate pins {pinned}; run `. .ci/setup-tools`",
                dir.display()
            ))
        }
        Some(_) => {}
    }
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => Probe::Found(dir.display().to_string()),
        Ok(o) => Probe::Broken(format!("`node --version` failed ({})", o.status)),
        Err(e) => Probe::Broken(format!("{DIR_VAR} is set, but node does not run: {e}")),
    }
}

/// The iam-simulate version that .ci/iam-simulate/package.json pins.
fn pinned_version() -> String {
    let path = root().join(".ci/iam-simulate/package.json");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    manifest["dependencies"]["@cloud-copilot/iam-simulate"]
        .as_str()
        .unwrap_or_else(|| panic!("{} pins no @cloud-copilot/iam-simulate", path.display()))
        .to_string()
}

/// A case file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    partition: String,
    account: String,
    /// The region the requests are made in; no input to rendering.
    region: String,
    /// The values of the spec's inputs the policies are rendered with
    /// (`render --input NAME=VALUE`): the id of a Studio domain that
    /// associates, as the deployment passes it.
    #[serde(default)]
    inputs: BTreeMap<String, String>,
    /// The spec, in HCL; only in tests/access (an example's spec is beside
    /// its access.yaml).
    spec: Option<String>,
    cases: Vec<Case>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: Spanned<String>,
    /// `role:KEY`, `caller:KEY`, `service:NAME`, or an IAM ARN.
    principal: String,
    /// With a `service:` principal: the role (`role:KEY`) it assumes.
    assume: Option<String>,
    action: String,
    /// The resource ARN in the form AWS evaluates it.
    resource: String,
    #[serde(default)]
    context: BTreeMap<String, ContextValue>,
    expect: Expect,
    /// The AWS page, API reference or SDK source the case follows.
    source: String,
    /// Values of the spec's inputs for this case, over the file's: the
    /// policies are rendered once for each set of values the cases use, so
    /// that one file checks a spec deployed with several (dev and prod).
    #[serde(default)]
    inputs: BTreeMap<String, String>,
    note: Option<String>,
    /// A known gap: which one, and the issue that fixes it.
    pending: Option<String>,
    /// The resource's policy, when another spec's output holds it (a
    /// resource of another account that shares it).
    resource_policy: Option<SharedPolicy>,
}

/// A resource policy that another example's output holds: `document`, as
/// `render --policies` writes it for that example's spec in the case file's
/// partition and the resource's account (the account that owns and shares
/// it, e.g. a tooling account's model package group).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SharedPolicy {
    /// The example (`examples/<example>`) whose spec owns the resource.
    example: String,
    /// The rendered file, e.g. `groups/<workload>.resource-policy.json`.
    document: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
enum ContextValue {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Allow,
    Deny,
}

/// Who makes a case's request, and which documents decide it.
struct Request {
    principal: String,
    /// Rendered documents (their paths) attached to the principal.
    identity: Vec<String>,
    resource_policy: Option<ResourcePolicy>,
}

/// The policy of a request's resource.
enum ResourcePolicy {
    /// A rendered trust policy, by its path.
    Trust(String),
    /// AWS's default key policy of a key in this partition and account.
    DefaultKey { partition: String, account: String },
    /// A document another example renders (a case's `resource_policy`).
    Shared { name: String, document: Value },
}

impl ResourcePolicy {
    /// The policy's name in the evaluator's input.
    fn name(&self) -> String {
        match self {
            ResourcePolicy::Trust(path) => path.clone(),
            ResourcePolicy::DefaultKey { partition, account } => {
                format!("default key policy of arn:{partition}:kms::{account}")
            }
            ResourcePolicy::Shared { name, .. } => name.clone(),
        }
    }

    fn document(&self, rendered: &BTreeMap<String, Value>) -> Value {
        match self {
            ResourcePolicy::Trust(path) => rendered[path].clone(),
            ResourcePolicy::DefaultKey { partition, account } => {
                default_key_policy(partition, account)
            }
            ResourcePolicy::Shared { document, .. } => document.clone(),
        }
    }
}

/// A case file read, checked against its spec, and its spec rendered.
struct Subject {
    /// The file, relative to the repository root.
    path: String,
    file: CaseFile,
    /// Every rendered document, by its path under the render folder, after
    /// the prefix of the input values it is rendered with ([`inputs_prefix`]).
    documents: BTreeMap<String, Value>,
    /// What decides each case, in order.
    requests: Vec<Request>,
}

/// Every case file: tests/access/*.yaml, then each example's access.yaml.
fn case_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/access"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.extend(
        examples()
            .into_iter()
            .map(|(name, _)| root().join("examples").join(name).join("access.yaml")),
    );
    files
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Reads, checks and renders one case file; `Err` lists every problem.
fn prepare(path: &Path) -> Result<Subject, Vec<String>> {
    let rel = relative(path);
    let text = std::fs::read_to_string(path).map_err(|e| vec![format!("{rel}: {e}")])?;
    let file: CaseFile = serde_saphyr::from_str(&text).map_err(|e| vec![format!("{rel}: {e}")])?;
    let mut problems = Vec::new();

    // The spec: the file's own, or the example's beside it.
    let example_spec = examples()
        .into_iter()
        .find(|(name, _)| path.parent() == Some(&root().join("examples").join(name)))
        .map(|(_, spec)| spec);
    // Each set of input values the cases use: the file's, and each case's over them.
    let sets: BTreeSet<BTreeMap<String, String>> =
        file.cases.iter().map(|c| case_inputs(&file, c)).collect();
    let render_all = |spec: &str, stdin: &str| -> Vec<(String, Run, tempfile::TempDir)> {
        sets.iter()
            .map(|inputs| {
                let out = tempfile::tempdir().unwrap();
                let r = render(spec, &file, inputs, out.path(), stdin);
                (inputs_prefix(&file, inputs), r, out)
            })
            .collect()
    };
    let (source, rendered) = match (&file.spec, example_spec) {
        (Some(spec), None) => {
            let source = sagerole::diagnostic::Source::new(format!("{rel} (spec)"), spec.clone());
            let model = sagerole::load_as(&source, sagerole::spec::Syntax::Hcl);
            (model.map(|l| l.model), render_all("-", spec))
        }
        (None, Some(spec)) => {
            let source = sagerole::diagnostic::Source::new(
                relative(&spec),
                std::fs::read_to_string(&spec).unwrap(),
            );
            let model = sagerole::load(&source);
            (model, render_all(&spec.display().to_string(), ""))
        }
        (Some(_), Some(spec)) => {
            return Err(vec![format!(
                "{rel}: has a `spec:`, but the example's spec is {}",
                relative(&spec)
            )])
        }
        (None, None) => return Err(vec![format!("{rel}: no `spec:`, and not in an example")]),
    };
    let mut documents: BTreeMap<String, Value> = BTreeMap::new();
    for (prefix, render, out) in rendered {
        if render.code != 0 {
            return Err(vec![format!(
                "{rel}: sagerole render failed ({}):\n{}{}",
                render.code, render.stdout, render.stderr
            )]);
        }
        // The policy documents; `.sagerole-rendered` lists them for render.
        for (p, t) in read_tree(out.path()) {
            if p.ends_with(".json") {
                let v = serde_json::from_str(&t).unwrap_or_else(|e| panic!("{p}: {e}"));
                documents.insert(format!("{prefix}{p}"), v);
            }
        }
    }
    // Render reports a spec that does not load, with its diagnostics.
    let model = source.unwrap_or_else(|d| panic!("{rel}: rendered, but does not load: {d:?}"));
    let mut subject = Subject {
        path: rel.clone(),
        file,
        documents,
        requests: Vec::new(),
    };

    let names: Vec<&str> = subject
        .file
        .cases
        .iter()
        .map(|c| c.name.value.as_str())
        .collect();
    if let Err(b) = sagerole::model::resource::region_name(&subject.file.region) {
        problems.push(format!("{rel}: region: {} ({})", b.message, b.help));
    }
    let mut seen = BTreeSet::new();
    for n in &names {
        if !seen.insert(*n) {
            problems.push(format!("{rel}: two cases are named {n:?}"));
        }
    }
    for c in &subject.file.cases {
        let at = format!("{rel}:{}: {:?}", c.name.referenced.line(), c.name.value);
        match request(&subject, &model, c) {
            Ok(r) => subject.requests.push(r),
            Err(why) => {
                problems.push(format!("{at}: {why}"));
                continue;
            }
        }
        if c.source.trim().is_empty() {
            problems.push(format!(
                "{at}: `source` is empty: name the AWS page, API reference or SDK source"
            ));
        }
        if c.pending.as_deref().is_some_and(|p| p.trim().is_empty()) {
            problems.push(format!(
                "{at}: `pending` is empty: name the gap and its issue"
            ));
        }
        if c.note.as_deref().is_some_and(|p| p.trim().is_empty()) {
            problems.push(format!("{at}: `note` is empty"));
        }
        let parts: Vec<&str> = c.action.split(':').collect();
        if parts.len() != 2 || parts.iter().any(|p| p.is_empty()) {
            problems.push(format!("{at}: action {:?} is not service:Action", c.action));
        }
    }
    if problems.is_empty() {
        Ok(subject)
    } else {
        Err(problems)
    }
}

/// `sagerole render SPEC --policies ...` in-process, as a user runs it, for
/// the case file's partition, account and inputs; `stdin` is the spec when SPEC is
/// `-`.
fn render(
    spec: &str,
    file: &CaseFile,
    inputs: &BTreeMap<String, String>,
    out: &Path,
    stdin: &str,
) -> Run {
    let out = out.display().to_string();
    let mut args = vec!["render", spec];
    if spec == "-" {
        args.extend(["--spec-format", "hcl"]);
    }
    args.extend([
        "--policies",
        "--partition",
        &file.partition,
        "--account",
        &file.account,
        "--out",
        &out,
    ]);
    let inputs: Vec<String> = inputs
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect();
    for i in &inputs {
        args.extend(["--input", i]);
    }
    run_stdin(&args, stdin)
}

/// A caller's principal as deployed: as the spec names it, or the value a
/// case passes for the input that names it.
fn caller_principal(
    caller: &sagerole::model::Caller,
    inputs: &BTreeMap<String, String>,
) -> Result<String, String> {
    match &caller.attach_to_role {
        Some(sagerole::model::RoleRef::Input(i)) => {
            inputs.get(&i.name()).cloned().ok_or_else(|| {
                format!(
                    "caller {:?}'s principal is the input {:?}, which the case gives no value",
                    caller.key,
                    i.name()
                )
            })
        }
        _ => Ok(caller.principal.clone()),
    }
}

/// The input values a case's policies are rendered with: the file's, with
/// the case's own over them.
fn case_inputs(file: &CaseFile, c: &Case) -> BTreeMap<String, String> {
    let mut inputs = file.inputs.clone();
    inputs.extend(c.inputs.clone());
    inputs
}

/// What the names of the documents rendered with `inputs` start with: none
/// for the file's own values, else the values, so that every set's
/// documents stand apart in one evaluation.
fn inputs_prefix(file: &CaseFile, inputs: &BTreeMap<String, String>) -> String {
    if *inputs == file.inputs {
        return String::new();
    }
    let values: Vec<String> = inputs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("[{}] ", values.join(" "))
}

/// AWS's default key policy, the one a key created without a policy gets:
/// AWS Key Management Service Developer Guide, "Default key policy",
/// statement "Enable IAM User Permissions".
fn default_key_policy(partition: &str, account: &str) -> Value {
    json!({
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [{
            "Sid": "Enable IAM User Permissions",
            "Effect": "Allow",
            "Principal": { "AWS": format!("arn:{partition}:iam::{account}:root") },
            "Action": "kms:*",
            "Resource": "*"
        }]
    })
}

/// The ARN of the spec's role `key` in the case file's partition and
/// account; an existing role's name is the case's value of its input, and
/// another's has the name_prefix the case's inputs give when the prefix is
/// an input.
fn role_arn(
    model: &sagerole::model::Model,
    file: &CaseFile,
    inputs: &BTreeMap<String, String>,
    role: &sagerole::model::Role,
) -> Result<String, String> {
    let name = match &role.existing {
        Some(input) => inputs.get(&input.name()).cloned().ok_or_else(|| {
            format!(
                "role {:?} is existing: give its name as input {:?}",
                role.key,
                input.name()
            )
        })?,
        None => sagerole::spec::raw::reference::fill(&role.name, |input| {
            inputs
                .get(input)
                .cloned()
                .unwrap_or_else(|| panic!("no value of input {input:?}"))
        }),
    };
    Ok(format!(
        "arn:{}:iam::{}:role{}{}",
        file.partition, file.account, model.guardrails.path, name
    ))
}

/// The rendered documents whose paths start with `prefix`.
fn documents_under(subject: &Subject, prefix: &str) -> Vec<String> {
    subject
        .documents
        .keys()
        .filter(|p| p.starts_with(prefix))
        .cloned()
        .collect()
}

/// Who makes the case's request and which documents decide it, or why the
/// case does not fit its spec.
fn request(subject: &Subject, model: &sagerole::model::Model, c: &Case) -> Result<Request, String> {
    let file = &subject.file;
    let inputs = case_inputs(file, c);
    let prefix = inputs_prefix(file, &inputs);
    let find_role = |key: &str| {
        model.roles.iter().find(|r| r.key == key).ok_or_else(|| {
            let known: Vec<&str> = model.roles.iter().map(|r| r.key.as_str()).collect();
            format!(
                "the spec has no role {key:?} (its roles: {})",
                known.join(", ")
            )
        })
    };
    let mut request = if let Some(key) = c.principal.strip_prefix("role:") {
        let role = find_role(key)?;
        if !role.aws_managed.is_empty() {
            return Err(format!(
                "role {key:?} has AWS managed policies, which the access tests do not model"
            ));
        }
        if c.assume.is_some() {
            return Err("`assume` is for a service principal only".into());
        }
        Request {
            principal: role_arn(model, file, &inputs, role)?,
            identity: documents_under(subject, &format!("{prefix}roles/{key}/")),
            resource_policy: None,
        }
    } else if let Some(key) = c.principal.strip_prefix("caller:") {
        let caller = model.callers.iter().find(|x| x.key == key).ok_or_else(|| {
            let known: Vec<&str> = model.callers.iter().map(|r| r.key.as_str()).collect();
            format!(
                "the spec has no caller {key:?} (its callers: {})",
                known.join(", ")
            )
        })?;
        if c.assume.is_some() {
            return Err("`assume` is for a service principal only".into());
        }
        Request {
            principal: caller_principal(caller, &case_inputs(file, c))?,
            identity: documents_under(subject, &format!("{prefix}callers/{key}/")),
            resource_policy: None,
        }
    } else if c.principal.starts_with("arn:") {
        // An IAM role or user by its ARN: it holds the policies of each
        // caller whose principal, with the case's values of the inputs, it
        // is, and no others; one that no caller names holds none, and IAM
        // denies what no policy allows.
        if c.assume.is_some() {
            return Err("`assume` is for a service principal only".into());
        }
        let inputs = case_inputs(file, c);
        let mut identity = Vec::new();
        for caller in &model.callers {
            if caller_principal(caller, &inputs)? == c.principal {
                identity.extend(documents_under(
                    subject,
                    &format!("{prefix}callers/{}/", caller.key),
                ));
            }
        }
        return Ok(Request {
            principal: c.principal.clone(),
            identity,
            resource_policy: None,
        });
    } else if let Some(service) = c.principal.strip_prefix("service:") {
        let Some(key) = c.assume.as_deref().and_then(|a| a.strip_prefix("role:")) else {
            return Err("a service principal needs `assume: role:KEY`".into());
        };
        let role = find_role(key)?;
        let arn = role_arn(model, file, &inputs, role)?;
        if c.resource != arn {
            return Err(format!(
                "the resource of a trust case is the assumed role's ARN, {arn}, not {}",
                c.resource
            ));
        }
        Request {
            principal: service.to_string(),
            identity: Vec::new(),
            resource_policy: Some(ResourcePolicy::Trust(format!(
                "{prefix}roles/{key}.trust.json"
            ))),
        }
    } else {
        return Err(format!(
            "principal {:?} is none of role:KEY, caller:KEY, service:NAME, an IAM ARN",
            c.principal
        ));
    };
    if let Some(shared) = &c.resource_policy {
        if request.resource_policy.is_some() {
            return Err("`resource_policy` is for a resource without one of its own (no trust policy, no key)".into());
        }
        let account = resource_account(&c.resource, file);
        request.resource_policy = Some(shared_policy(shared, &file.partition, account)?);
    }
    if request.identity.is_empty() && request.resource_policy.is_none() {
        return Err(format!("{} has no rendered policy", c.principal));
    }
    // A KMS key: AWS's default key policy of the key's account.
    if let Some(arn) = split_arn(&c.resource).filter(|a| a.service == "kms") {
        request.resource_policy = Some(ResourcePolicy::DefaultKey {
            partition: arn.partition.to_string(),
            account: arn.account.to_string(),
        });
    }
    Ok(request)
}

/// A case's `resource_policy`: the example's spec rendered in `partition`
/// and the resource's `account`, and the document named.
fn shared_policy(
    shared: &SharedPolicy,
    partition: &str,
    account: &str,
) -> Result<ResourcePolicy, String> {
    let Some((_, spec)) = examples()
        .into_iter()
        .find(|(name, _)| *name == shared.example)
    else {
        return Err(format!("resource_policy: no example {:?}", shared.example));
    };
    let out = tempfile::tempdir().unwrap();
    let out_path = out.path().display().to_string();
    let spec_path = spec.display().to_string();
    let args = [
        "render",
        spec_path.as_str(),
        "--policies",
        "--partition",
        partition,
        "--account",
        account,
        "--out",
        out_path.as_str(),
    ];
    let r = run_stdin(&args, "");
    if r.code != 0 {
        return Err(format!(
            "resource_policy: rendering example {:?} failed ({}):\n{}{}",
            shared.example, r.code, r.stdout, r.stderr
        ));
    }
    let text = std::fs::read_to_string(out.path().join(&shared.document)).map_err(|e| {
        format!(
            "resource_policy: example {:?} renders no {:?} ({e})",
            shared.example, shared.document
        )
    })?;
    let document = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", shared.document))?;
    Ok(ResourcePolicy::Shared {
        name: format!(
            "{}: {} (account {account})",
            shared.example, shared.document
        ),
        document,
    })
}

/// The account a resource belongs to: the ARN's, or the case file's for
/// ARNs without one (S3) and `*`.
fn resource_account<'a>(resource: &'a str, file: &'a CaseFile) -> &'a str {
    match split_arn(resource) {
        Some(arn) if !arn.account.is_empty() => arn.account,
        _ => &file.account,
    }
}

/// The evaluator's answer to one request.
#[derive(Debug, Deserialize)]
struct Outcome {
    decision: Option<String>,
    ignored_context_keys: Vec<String>,
    error: Option<Value>,
}

#[derive(Debug, Deserialize)]
struct Evaluation {
    evaluator: BTreeMap<String, String>,
    results: Vec<Outcome>,
}

/// Runs every request of `subject` through tests/access/evaluate.mjs.
fn evaluate(dir: &str, subject: &Subject) -> Evaluation {
    let requests: Vec<Value> = subject
        .file
        .cases
        .iter()
        .zip(&subject.requests)
        .map(|(c, r)| {
            let context: serde_json::Map<String, Value> = c
                .context
                .iter()
                .map(|(k, v)| {
                    let v = match v {
                        ContextValue::One(s) => json!(s),
                        ContextValue::Many(l) => json!(l),
                    };
                    (k.clone(), v)
                })
                .collect();
            json!({
                "principal": r.principal,
                "action": c.action,
                "resource": c.resource,
                "account": resource_account(&c.resource, &subject.file),
                "context": context,
                "identity": r.identity,
                "resource_policy": r.resource_policy.as_ref().map(ResourcePolicy::name),
            })
        })
        .collect();
    let mut documents = subject.documents.clone();
    for p in subject
        .requests
        .iter()
        .filter_map(|r| r.resource_policy.as_ref())
    {
        documents.insert(p.name(), p.document(&subject.documents));
    }
    let input = json!({ "documents": documents, "requests": requests }).to_string();
    let script = root().join("tests/access/evaluate.mjs");
    let mut child = Command::new("node")
        .arg(&script)
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run node {}: {e}", script.display()));
    // Written from a thread: the script may answer before it has read all.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "node {} {dir} failed ({}) on {}:\n{}",
        script.display(),
        output.status,
        subject.path,
        String::from_utf8_lossy(&output.stderr)
    );
    let evaluation: Evaluation = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: the evaluator's answer does not read: {e}",
            subject.path
        )
    });
    assert_eq!(
        evaluation.results.len(),
        subject.requests.len(),
        "{}: one result per request",
        subject.path
    );
    evaluation
}

/// What a file's evaluation counted, for the lines after the summary.
#[derive(Default)]
struct Tally {
    allowed: usize,
    denied: usize,
    /// Still-failing pending cases, by label.
    pending: BTreeMap<String, usize>,
    failed: usize,
}

static TALLIES: Mutex<BTreeMap<String, Tally>> = Mutex::new(BTreeMap::new());
static EVALUATOR: Mutex<Option<String>> = Mutex::new(None);

/// The checks of every case file against its spec, without the evaluator.
fn case_files_are_valid() {
    let files = case_files();
    let mut problems = Vec::new();
    for path in &files {
        if let Err(p) = prepare(path) {
            problems.extend(p);
        }
    }
    // One file per API, and nothing else in tests/access.
    let apis: BTreeSet<String> = sagerole::catalog::api_names().map(str::to_string).collect();
    let written: BTreeSet<String> = files
        .iter()
        .filter(|p| p.parent() == Some(&root().join("tests/access")))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    for api in apis.difference(&written) {
        problems.push(format!(
            "tests/access/{api}.yaml is missing: every API has its access cases"
        ));
    }
    for stray in written.difference(&apis) {
        problems.push(format!(
            "tests/access/{stray}.yaml: {stray} is not an API of `sagerole apis`"
        ));
    }
    for p in files.iter().filter(|p| !p.exists()) {
        problems.push(format!(
            "{} is missing: every example has its access cases",
            relative(p)
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) in the access case files:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Evaluates one case file; fails with every mismatch.
fn evaluates_as_expected(dir: &str, path: &Path) {
    let subject = prepare(path).unwrap_or_else(|p| panic!("{}", p.join("\n")));
    let (tally, failures) = judge(dir, &subject);
    TALLIES.lock().unwrap().insert(subject.path.clone(), tally);
    assert!(
        failures.is_empty(),
        "{}: {} of {} case(s) failed:\n\n{}",
        subject.path,
        failures.len(),
        subject.file.cases.len(),
        failures.join("\n\n")
    );
}

/// Evaluates every case of `subject` and compares with its expectation:
/// what was counted, and each failure, located and with its source.
fn judge(dir: &str, subject: &Subject) -> (Tally, Vec<String>) {
    let evaluation = evaluate(dir, subject);
    let evaluator = format!(
        "iam-simulate {}, iam-data {}",
        evaluation.evaluator["iam-simulate"], evaluation.evaluator["iam-data"]
    );
    *EVALUATOR.lock().unwrap() = Some(evaluator);
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    for ((c, r), o) in subject
        .file
        .cases
        .iter()
        .zip(&subject.requests)
        .zip(&evaluation.results)
    {
        let describe = |why: &str| {
            let context = if c.context.is_empty() {
                "no context keys".to_string()
            } else {
                let keys: Vec<String> = c
                    .context
                    .iter()
                    .map(|(k, v)| match v {
                        ContextValue::One(s) => format!("{k}={s}"),
                        ContextValue::Many(l) => format!("{k}=[{}]", l.join(", ")),
                    })
                    .collect();
                keys.join(", ")
            };
            format!(
                "{}:{}: {:?}\n  {why}\n  {} ({}) {} on {}\n  with {context}\n  source: {}",
                subject.path,
                c.name.referenced.line(),
                c.name.value,
                c.principal,
                r.principal,
                c.action,
                c.resource,
                c.source
            )
        };
        if let Some(e) = &o.error {
            failures.push(describe(&format!("the evaluator refused the request: {e}")));
            continue;
        }
        if !o.ignored_context_keys.is_empty() {
            failures.push(describe(&format!(
                "the evaluator ignored context keys it does not know for this action and resource: {}",
                o.ignored_context_keys.join(", ")
            )));
            continue;
        }
        let decision = o.decision.as_deref().unwrap_or("no decision");
        let actual = if decision == "Allowed" {
            Expect::Allow
        } else {
            Expect::Deny
        };
        let expected = match c.expect {
            Expect::Allow => "allow",
            Expect::Deny => "deny",
        };
        match (&c.pending, actual == c.expect) {
            (None, true) if actual == Expect::Allow => tally.allowed += 1,
            (None, true) => tally.denied += 1,
            (None, false) => {
                failures.push(describe(&format!("expected {expected}, the evaluator says {decision}")))
            }
            (Some(label), false) => *tally.pending.entry(label.clone()).or_default() += 1,
            (Some(label), true) => failures.push(describe(&format!(
                "now passes ({expected}, the evaluator says {decision}): remove `pending: {label:?}`"
            ))),
        }
    }
    tally.failed = failures.len();
    (tally, failures)
}

/// A scratch case file for the harness's own tests: a training job that
/// reads s3://acc-data/train/, under role `train`, launched by caller `ci`.
fn scratch_file(cases: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Scratch.yaml");
    let text = format!(
        r#"partition: aws
account: "111122223333"
region: us-east-1
spec: |
  name_prefix = "acc"
  workload "train" {{
    api     = "CreateTrainingJob"
    inputs  = ["s3://acc-data/train/"]
    outputs = ["s3://acc-artifacts/models/"]
    images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/acc-xgb:1.7"]
  }}
  caller "ci" {{
    principal = "arn:aws:iam::111122223333:role/ci-deployer"
    passes    = ["train"]
  }}
cases:
{cases}"#
    );
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// A case of [`scratch_file`]: the role reads `object` of its input bucket.
fn scratch_case(name: &str, object: &str, expect: &str, extra: &str) -> String {
    format!(
        r#"  - name: "{name}"
    principal: role:train
    action: s3:GetObject
    resource: "arn:aws:s3:::acc-data/{object}"
    expect: {expect}
    source: "the harness's own test"
{extra}"#
    )
}

/// The problems of a case file that does not fit its spec or the format
/// are reported, each located, before anything is evaluated.
fn case_file_problems_are_reported() {
    let (_dir, path) = scratch_file(&scratch_case(
        "an unknown field",
        "train/a.csv",
        "allow",
        "    expectation: allow\n",
    ));
    let problems = prepare(&path)
        .err()
        .expect("an unknown field is an error")
        .join("\n");
    assert!(
        problems.contains("unknown field `expectation`"),
        "{problems}"
    );

    let (_dir, path) = scratch_file(
        "  - name: \"no source\"\n    principal: role:train\n    action: s3:GetObject\n    resource: \"arn:aws:s3:::acc-data/train/a.csv\"\n    expect: allow\n",
    );
    let problems = prepare(&path)
        .err()
        .expect("a missing source is an error")
        .join("\n");
    assert!(problems.contains("missing field `source`"), "{problems}");

    let cases = [
        scratch_case("fine", "train/a.csv", "allow", ""),
        scratch_case("fine", "train/b.csv", "allow", ""),
        scratch_case(
            "an empty pending",
            "train/c.csv",
            "allow",
            "    pending: \" \"\n",
        ),
        r#"  - name: "a role the spec lacks"
    principal: role:serve
    action: s3:GetObject
    resource: "arn:aws:s3:::acc-data/train/a.csv"
    expect: allow
    source: "x"
  - name: "a caller the spec lacks"
    principal: caller:admin
    action: iam:PassRole
    resource: "arn:aws:iam::111122223333:role/acc-train"
    expect: allow
    source: "x"
  - name: "trust of another role"
    principal: service:sagemaker.amazonaws.com
    assume: role:train
    action: sts:AssumeRole
    resource: "arn:aws:iam::111122223333:role/acc-other"
    expect: deny
    source: "x"
  - name: "trust without assume"
    principal: service:sagemaker.amazonaws.com
    action: sts:AssumeRole
    resource: "arn:aws:iam::111122223333:role/acc-train"
    expect: deny
    source: "x"
  - name: "an empty source"
    principal: role:train
    action: s3:GetObject
    resource: "arn:aws:s3:::acc-data/train/a.csv"
    expect: allow
    source: ""
"#
        .to_string(),
    ]
    .concat();
    let (_dir, path) = scratch_file(&cases);
    let problems = prepare(&path).err().expect("every problem is reported");
    // Each problem, and the case whose `name:` line it points at.
    let expected = [
        ("two cases are named \"fine\"", None),
        ("`pending` is empty", Some("an empty pending")),
        (
            "the spec has no role \"serve\" (its roles: train)",
            Some("a role the spec lacks"),
        ),
        (
            "the spec has no caller \"admin\" (its callers: ci)",
            Some("a caller the spec lacks"),
        ),
        (
            "the assumed role's ARN, arn:aws:iam::111122223333:role/acc-train",
            Some("trust of another role"),
        ),
        (
            "a service principal needs `assume: role:KEY`",
            Some("trust without assume"),
        ),
        ("`source` is empty", Some("an empty source")),
    ];
    let text = std::fs::read_to_string(&path).unwrap();
    for (what, case) in expected {
        let found = problems.iter().find(|p| p.contains(what));
        let found =
            found.unwrap_or_else(|| panic!("no problem {what:?} in:\n{}", problems.join("\n")));
        if let Some(case) = case {
            let line = 1 + text
                .lines()
                .position(|l| l == format!("  - name: \"{case}\""))
                .unwrap();
            assert!(
                found.contains(&format!("Scratch.yaml:{line}: \"{case}\"")),
                "{found}"
            );
        }
    }
    assert_eq!(problems.len(), expected.len(), "{}", problems.join("\n"));
}

/// A mismatch, a pending case that now passes, a context key the
/// evaluator drops and a request it refuses all fail; a pending case that
/// still fails is counted under its label.
fn mismatches_and_evaluator_complaints_fail(dir: &str) {
    let cases = [
        scratch_case("allowed as expected", "train/a.csv", "allow", ""),
        scratch_case("denied as expected", "finance/a.csv", "deny", ""),
        scratch_case("a wrong expectation", "train/a.csv", "deny", ""),
        scratch_case(
            "pending and still failing",
            "finance/a.csv",
            "allow",
            "    pending: \"a gap\"\n",
        ),
        scratch_case(
            "pending but passing",
            "train/a.csv",
            "allow",
            "    pending: \"a closed gap\"\n",
        ),
        scratch_case(
            "a key the action does not have",
            "train/a.csv",
            "allow",
            "    context:\n      sagemaker:VpcSubnets: [\"subnet-1\"]\n",
        ),
        r#"  - name: "an action that does not exist"
    principal: role:train
    action: s3:GetObjectz
    resource: "arn:aws:s3:::acc-data/train/a.csv"
    expect: allow
    source: "x"
  - name: "a resource the action does not take"
    principal: role:train
    action: s3:GetObject
    resource: "arn:aws:s3:::acc-data"
    expect: deny
    source: "x"
"#
        .to_string(),
    ]
    .concat();
    let (_dir, path) = scratch_file(&cases);
    let subject = prepare(&path).unwrap_or_else(|p| panic!("{}", p.join("\n")));
    let (tally, failures) = judge(dir, &subject);
    assert_eq!((tally.allowed, tally.denied), (1, 1));
    assert_eq!(
        tally.pending.into_iter().collect::<Vec<_>>(),
        [("a gap".to_string(), 1)]
    );
    let expected = [
        ("a wrong expectation", "expected deny, the evaluator says Allowed"),
        ("pending but passing", "now passes (allow, the evaluator says Allowed): remove `pending: \"a closed gap\"`"),
        ("a key the action does not have", "ignored context keys it does not know for this action and resource: sagemaker:VpcSubnets"),
        ("an action that does not exist", "the evaluator refused the request"),
        ("a resource the action does not take", "the evaluator refused the request"),
    ];
    assert_eq!(failures.len(), expected.len(), "{}", failures.join("\n\n"));
    for ((name, why), f) in expected.iter().zip(&failures) {
        assert!(
            f.contains(name) && f.contains(why),
            "{name}: {why}\nin:\n{f}"
        );
        assert!(f.contains("source: "), "{f}");
    }
}

/// The check of the case files, and one evaluation trial per file.
pub fn trials() -> Vec<Trial> {
    let mut trials = vec![
        Trial::test("access::case_files_are_valid", || {
            case_files_are_valid();
            Ok(())
        }),
        Trial::test("access::case_file_problems_are_reported", || {
            case_file_problems_are_reported();
            Ok(())
        }),
        IAM_SIMULATE.trial(
            "access::mismatches_and_evaluator_complaints_fail",
            mismatches_and_evaluator_complaints_fail,
        ),
    ];
    for path in case_files() {
        let rel = relative(&path);
        let name = rel
            .trim_start_matches("tests/access/")
            .trim_end_matches(".yaml")
            .trim_end_matches("/access")
            .to_string();
        trials.push(IAM_SIMULATE.trial(format!("access::{name}"), move |dir| {
            evaluates_as_expected(dir, &path)
        }));
    }
    trials
}

/// After the summary: one line per evaluated file, and the pending cases
/// by gap.
pub fn report() {
    let tallies = TALLIES.lock().unwrap();
    if tallies.is_empty() {
        return;
    }
    if let Some(e) = EVALUATOR.lock().unwrap().as_ref() {
        println!("access cases, evaluated by {e}:");
    }
    let mut labels: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut allowed, mut denied, mut failed) = (0, 0, 0);
    for (file, t) in tallies.iter() {
        let pending: usize = t.pending.values().sum();
        let failing = if t.failed > 0 {
            format!(", {} FAILED", t.failed)
        } else {
            String::new()
        };
        println!(
            "  {file}: {} allowed, {} denied, {pending} pending{failing}",
            t.allowed, t.denied
        );
        for (l, n) in &t.pending {
            *labels.entry(l).or_default() += n;
        }
        allowed += t.allowed;
        denied += t.denied;
        failed += t.failed;
    }
    let pending: usize = labels.values().sum();
    println!(
        "  all {} case(s): {allowed} allowed, {denied} denied, {pending} pending, {failed} failed",
        allowed + denied + pending + failed
    );
    for (l, n) in labels {
        println!("    pending {n}: {l}");
    }
}

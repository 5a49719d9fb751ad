//! Every example's Terraform module against the real AWS provider, offline:
//! `terraform validate`, then `terraform apply` into moto's server and a
//! second `terraform plan` that must find nothing to change.
//!
//! Needs terraform on PATH and a filesystem mirror of the `hashicorp/aws`
//! provider (`SAGEROLE_TF_PLUGIN_MIRROR`, the folder that holds
//! `registry.terraform.io/`; `. .ci/setup-tools` looks for one), so that
//! `terraform init` installs the provider without a network; the apply
//! needs moto too. Everything terraform writes (`.terraform`, the lock
//! file, the state) goes into a temporary folder: the module's files are
//! copied there, never initialised in the repository.
//!
//! The apply starts one moto server per account that `tests/tools/moto.rs`
//! deploys the template as (moto's default account, and the home account of
//! each caller whose principal is a role), on 127.0.0.1 and a port the
//! system picks, and applies one instance of the module into each, through
//! a provider whose `iam` and `sts` endpoints are that server, in one root
//! module. tests/deploy/terraform_check.py then reads back every role, trust
//! policy, inline and managed policy and attachment and compares them with
//! `sagerole render --policies` for that account; what should be attached
//! where comes from the spec ([`expected`]), never from the module.
//!
//! moto has no SageMaker user profiles or spaces: `studio.tf`, which holds
//! only those, is left out of the applied copy (it is still validated), and
//! the run says so after the summary.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use libtest_mimic::Trial;
use serde_json::json;

use crate::moto::{accounts, caller_home, load, render, MOTO};
use crate::support::{examples, root};
use crate::tool::{Probe, Tool};
use crate::{Block, Body, Expr, ObjectKey};
use sagerole::emit::terraform::hcl::to_string;
use sagerole::model::{Attachment, Model};

/// The variable naming the provider mirror.
const MIRROR: &str = "SAGEROLE_TF_PLUGIN_MIRROR";

pub static TERRAFORM_AWS: Tool = Tool::new(
    "terraform-aws",
    "`. .ci/setup-tools` looks for a filesystem mirror of the hashicorp/aws provider and sets SAGEROLE_TF_PLUGIN_MIRROR to its root (the folder holding registry.terraform.io/)",
    probe,
);

/// Terraform as [`crate::terraform::probe`] finds it, and the mirror's root.
fn probe() -> Probe {
    match crate::terraform::probe() {
        Probe::Found(_) => {}
        other => return other,
    }
    match std::env::var(MIRROR) {
        Ok(m) if !m.is_empty() => {
            if Path::new(&m)
                .join("registry.terraform.io/hashicorp/aws")
                .is_dir()
            {
                Probe::Found(m)
            } else {
                Probe::Broken(format!(
                    "{MIRROR}={m} holds no registry.terraform.io/hashicorp/aws"
                ))
            }
        }
        _ => Probe::Missing(format!(
            "{MIRROR} is not set (no filesystem mirror of the hashicorp/aws provider)"
        )),
    }
}

/// Modules that `terraform validate` rejects today: the example, the
/// address of the resource every error is about, and why. Such a trial
/// passes only while validate still fails there and nowhere else, and fails
/// once the module validates, so that the entry is removed with the fix.
const PENDING_VALIDATE: &[(&str, &str, &str)] = &[];

/// The resource types that moto cannot create, all in `studio.tf`.
const NOT_IN_MOTO: &[&str] = &["aws_sagemaker_user_profile", "aws_sagemaker_space"];

/// What the run left out, printed after the summary by [`report`].
static GAPS: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

pub fn trials() -> Vec<Trial> {
    let mut out = vec![
        TERRAFORM_AWS.trial(
            "terraform_aws::tags_variable_refuses_spec_keys_aws_keys_and_more_than_iam_allows",
            tags_variable_refuses,
        ),
        TERRAFORM_AWS.trial(
            "terraform_aws::tag_value_variable_takes_iams_tag_values",
            tag_value_variable_takes_iams_tag_values,
        ),
        TERRAFORM_AWS.trial_with(
            &MOTO,
            "terraform_aws::a_created_role_marked_existing_is_kept_not_destroyed",
            a_created_role_marked_existing_is_kept,
        ),
    ];
    for (name, spec) in examples() {
        let n = name.clone();
        out.push(TERRAFORM_AWS.trial(
            format!("terraform_aws::{name}_module_validates"),
            move |mirror| module_validates(mirror, &n),
        ));
        out.push(TERRAFORM_AWS.trial_with(
            &MOTO,
            format!("terraform_aws::{name}_applies_into_moto_and_plans_clean"),
            move |mirror, python| applies_and_plans_clean(mirror, python, &name, &spec),
        ));
    }
    out
}

/// After the summary: what the apply trials left out, and which modules do
/// not validate yet.
pub fn report() {
    for gap in GAPS.lock().unwrap().iter() {
        println!("{gap}");
    }
}

/// The CLI configuration: providers come from the mirror only.
fn cli_config(mirror: &str) -> String {
    let installation = Body::new().block(
        Block::new("filesystem_mirror").with_body(Body::new().attr("path", Expr::string(mirror))),
    );
    to_string(&Body::new().block(Block::new("provider_installation").with_body(installation)))
}

/// Runs terraform in `dir` with the CLI configuration `config`, offline.
fn terraform(dir: &Path, config: &Path, args: &[&str]) -> Output {
    Command::new("terraform")
        .args(args)
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", config)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env("TF_INPUT", "0")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("TF_DATA_DIR")
        .env_remove("TF_PLUGIN_CACHE_DIR")
        .env_remove("TF_WORKSPACE")
        .env_remove("AWS_PROFILE")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run terraform {args:?}: {e}"))
}

fn show(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs terraform and panics with its output unless it succeeds.
fn terraform_ok(dir: &Path, config: &Path, args: &[&str], what: &str) -> Output {
    let output = terraform(dir, config, args);
    assert!(
        output.status.success(),
        "{what}: terraform {} failed ({}):\n{}",
        args.join(" "),
        output.status,
        show(&output)
    );
    output
}

/// The example's generated module folder.
fn module_dir(example: &str) -> std::path::PathBuf {
    root()
        .join("examples")
        .join(example)
        .join("generated/terraform")
}

/// Copies the module's `.tf` files into `to`, except those `skip` names.
fn copy_module(example: &str, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).unwrap();
    let mut copied = 0;
    for e in fs::read_dir(module_dir(example)).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".tf") && !skip.contains(&name.as_str()) {
            fs::copy(e.path(), to.join(&name)).unwrap();
            copied += 1;
        }
    }
    assert!(copied >= 3, "{example}: only {copied} .tf files copied");
}

fn module_validates(mirror: &str, example: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("terraformrc");
    fs::write(&config, cli_config(mirror)).unwrap();
    let module = tmp.path().join("module");
    copy_module(example, &module, &[]);
    terraform_ok(
        &module,
        &config,
        &["init", "-backend=false", "-no-color"],
        example,
    );
    let output = terraform(&module, &config, &["validate", "-json", "-no-color"]);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{example}: terraform validate -json: {e}\n{}",
            show(&output)
        )
    });
    let diagnostics: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            format!(
                "{} at {}: {}: {}",
                d["severity"].as_str().unwrap_or("?"),
                d["address"].as_str().unwrap_or("(module)"),
                d["summary"].as_str().unwrap_or(""),
                d["detail"].as_str().unwrap_or("")
            )
        })
        .collect();
    let valid = report["valid"] == json!(true) && report["warning_count"] == json!(0);
    let pending = PENDING_VALIDATE.iter().find(|(e, _, _)| *e == example);
    match pending {
        None => assert!(
            valid,
            "{example}: terraform validate:\n{}",
            diagnostics.join("\n")
        ),
        Some((_, address, why)) => {
            assert!(
                !valid,
                "{example} now validates: remove it from PENDING_VALIDATE"
            );
            let elsewhere: Vec<&String> = diagnostics
                .iter()
                .filter(|d| !d.starts_with(&format!("error at {address}:")))
                .collect();
            assert!(
                elsewhere.is_empty(),
                "{example}: terraform validate finds more than the pending error at {address}:\n{}",
                diagnostics.join("\n")
            );
            GAPS.lock().unwrap().insert(format!(
                "pending: {example}'s module fails terraform validate at {address}: {why}"
            ));
        }
    }
}

/// moto's server for one account, on 127.0.0.1 and a port the system
/// picks; stopped by its process id when dropped, on panics too.
struct MotoServer {
    child: Child,
    endpoint: String,
}

impl MotoServer {
    fn start(python: &str, account: &str, log: &Path) -> MotoServer {
        let file = fs::File::create(log).unwrap();
        let child = Command::new(python)
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", "0"])
            .env("MOTO_ACCOUNT_ID", account)
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto's server with {python}: {e}"));
        let mut server = MotoServer {
            child,
            endpoint: String::new(),
        };
        // The server's log says where it listens (werkzeug's "Running on");
        // it goes to a file, so that a full pipe never stalls the server.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let text = fs::read_to_string(log).unwrap_or_default();
            let port = text
                .lines()
                .find_map(|l| l.split_once("Running on http://127.0.0.1:"))
                .map(|(_, port)| port.trim().to_string());
            if let Some(port) = port {
                server.endpoint = format!("http://127.0.0.1:{port}");
                return server;
            }
            if let Some(status) = server.child.try_wait().unwrap() {
                panic!("moto's server exited ({status}) before listening:\n{text}");
            }
            assert!(
                Instant::now() < deadline,
                "moto's server did not listen within 120 s:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What IAM must hold after the module is applied as `account`, from the
/// spec's model: each role with its key (the rendered files' folder), path,
/// boundary (the module's default) and inline policies; each customer
/// managed policy with its rendered file and the roles it is attached to
/// (a caller's to its caller's role in the caller's own account only); the
/// callers' roles, which exist outside the module; the tags.
fn expected(model: &Model, account: &str) -> serde_json::Value {
    // Names as deployed, as render's files are named.
    use crate::moto::deployed;
    let g = &model.guardrails;
    // An existing role is named by its input, at the value the tests pass;
    // it keeps its owner's boundary (none, as terraform_check.py creates it).
    let values: std::collections::BTreeMap<String, String> =
        crate::moto::input_values(model).into_iter().collect();
    let name_of = |r: &sagerole::model::Role| match &r.existing {
        Some(input) => values[&input.name()].clone(),
        None => deployed(model, &r.name),
    };
    let mut roles = serde_json::Map::new();
    let mut policies = serde_json::Map::new();
    for r in &model.roles {
        assert!(
            r.aws_managed.is_empty(),
            "role {}: AWS managed policies are not checked here",
            r.key
        );
        let mut inline = Vec::new();
        for d in &r.documents {
            match d.attachment {
                Attachment::Inline => inline.push(deployed(model, &d.name)),
                Attachment::Managed => {
                    policies.insert(
                        deployed(model, &d.name),
                        json!({
                            "file": format!("roles/{}/{}.json", r.key, deployed(model, &d.name)),
                            "path": g.path,
                            "attached": [name_of(r)],
                        }),
                    );
                }
            }
        }
        let existing = r.existing.is_some();
        roles.insert(
            name_of(r),
            json!({
                "key": r.key,
                "path": g.path,
                "boundary": if existing { None } else { g.permissions_boundary.clone() },
                "inline": inline,
                "existing": existing,
            }),
        );
    }
    let mut caller_roles = BTreeSet::new();
    for c in &model.callers {
        let home = caller_home(model, c);
        caller_roles.extend(home.as_ref().map(|(_, name)| name.clone()));
        let attached: Vec<String> = home
            .filter(|(a, _)| a == account)
            .map(|(_, name)| name)
            .into_iter()
            .collect();
        for d in &c.documents {
            policies.insert(
                deployed(model, &d.name),
                json!({
                    "file": format!("callers/{}/{}.json", c.key, deployed(model, &d.name)),
                    "path": g.path,
                    "attached": attached,
                }),
            );
        }
    }
    // The spec's tags, each value that is an input at the value passed in,
    // and the one the root module passes in `tags`.
    let mut tags = crate::moto::deployed_tags(model);
    tags.insert(EXTRA_TAG.0.to_string(), EXTRA_TAG.1.to_string());
    json!({
        "roles": roles,
        "policies": policies,
        "caller_roles": caller_roles,
        "tags": tags,
    })
}

/// The tag the root module passes in the module's `tags` variable: it must
/// reach every role and managed policy beside the spec's own.
const EXTRA_TAG: (&str, &str) = ("deployed-by", "sagerole-tests");

/// The module's variables without a default, and a value for each: the
/// model's inputs' ([`crate::moto::input_values`]), as render gets them.
fn required_inputs(module: &Path, model: &Model) -> Vec<(String, String)> {
    let text = fs::read_to_string(module.join("variables.tf")).unwrap();
    let body: hcl::Body = hcl::parse(&text).unwrap();
    let values = crate::moto::input_values(model);
    body.blocks()
        .filter(|b| b.identifier() == "variable")
        .filter(|b| !b.body().attributes().any(|a| a.key() == "default"))
        .map(|b| {
            let name = b.labels()[0].as_str().to_string();
            let value = values
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| {
                    panic!(
                        "{}: variable {name} has no default and is no input of the spec",
                        module.display()
                    )
                })
                .1
                .clone();
            (name, value)
        })
        .collect()
}

/// The arguments of an aws provider (with its alias, if any) whose `iam`
/// and `sts` endpoints are moto's `server`.
fn moto_provider(server: &MotoServer, alias: Option<String>) -> Body<'static> {
    let endpoints = Body::new()
        .attr("iam", Expr::string(server.endpoint.clone()))
        .attr("sts", Expr::string(server.endpoint.clone()));
    let mut body = Body::new();
    if let Some(alias) = alias {
        body = body.attr("alias", Expr::string(alias));
    }
    body.attr("region", Expr::string("us-east-1"))
        .attr("access_key", Expr::string("testing"))
        .attr("secret_key", Expr::string("testing"))
        .attr("skip_credentials_validation", Expr::Bool(true))
        .attr("skip_metadata_api_check", Expr::Bool(true))
        .attr("skip_requesting_account_id", Expr::Bool(true))
        .block(Block::new("endpoints").with_body(endpoints))
}

/// A plan of what is applied finds nothing to change.
fn plans_clean(root_dir: &Path, config: &Path, what: &str) {
    let plan = terraform(
        root_dir,
        config,
        &["plan", "-detailed-exitcode", "-no-color"],
    );
    assert_eq!(
        plan.status.code(),
        Some(0),
        "{what}: terraform plan after apply wants changes (exit 2) or failed (exit 1):\n{}",
        show(&plan)
    );
}

/// Checks that `studio.tf` holds only resources moto cannot create, and
/// returns their addresses.
fn studio_resources(example: &str) -> Vec<String> {
    let path = module_dir(example).join("studio.tf");
    if !path.exists() {
        return Vec::new();
    }
    let body: hcl::Body = hcl::parse(&fs::read_to_string(&path).unwrap()).unwrap();
    let mut out = Vec::new();
    for b in body.blocks() {
        let labels: Vec<&str> = b.labels().iter().map(|l| l.as_str()).collect();
        assert!(
            b.identifier() == "resource" && NOT_IN_MOTO.contains(&labels[0]),
            "{}: {} {labels:?} would be left out of the apply with the Studio resources",
            path.display(),
            b.identifier()
        );
        out.push(labels.join("."));
    }
    out
}

/// The root module: one provider per account, aimed at that account's
/// server, and one instance of the module through each, with [`EXTRA_TAG`]
/// and `create` from the root's variable of that name, and its outputs.
fn root_module(servers: &[(String, MotoServer)], inputs: &[(String, String)]) -> String {
    let mut body = Body::new().block(
        Block::new("variable").label("create").with_body(
            Body::new()
                .attr("type", Expr::traversal("bool"))
                .attr("default", Expr::Bool(true)),
        ),
    );
    for (account, server) in servers {
        let provider = moto_provider(server, Some(format!("account_{account}")));
        body = body.block(Block::new("provider").label("aws").with_body(provider));
        let mut instance = Body::new().attr("source", Expr::string("../module")).attr(
            "providers",
            Expr::object([(
                ObjectKey::ident("aws"),
                Expr::traversal(format!("aws.account_{account}")),
            )]),
        );
        for (name, value) in inputs {
            instance = instance.attr(name.clone(), Expr::string(value.clone()));
        }
        instance = instance.attr("create", Expr::traversal("var.create")).attr(
            "tags",
            Expr::object([(ObjectKey::quoted(EXTRA_TAG.0), Expr::string(EXTRA_TAG.1))]),
        );
        body = body
            .block(
                Block::new("module")
                    .label(format!("account_{account}"))
                    .with_body(instance),
            )
            .block(
                Block::new("output")
                    .label(format!("account_{account}"))
                    .with_body(Body::new().attr(
                        "value",
                        Expr::traversal(format!("module.account_{account}")),
                    )),
            );
    }
    to_string(&body)
}

/// Runs tests/deploy/terraform_check.py; `Err` carries its output.
fn check_script(python: &str, args: &[&std::ffi::OsStr]) -> Result<String, String> {
    let script = root().join("tests/deploy/terraform_check.py");
    let run = Command::new(python)
        .arg(&script)
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    let text = show(&run);
    if run.status.success() {
        Ok(text)
    } else {
        Err(format!(
            "{} {args:?} failed ({}):\n{text}",
            script.display(),
            run.status
        ))
    }
}

fn applies_and_plans_clean(mirror: &str, python: &str, example: &str, spec: &Path) {
    let model = load(spec);
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("terraformrc");
    fs::write(&config, cli_config(mirror)).unwrap();

    let left_out = studio_resources(example);
    copy_module(example, &tmp.path().join("module"), &["studio.tf"]);
    if !left_out.is_empty() {
        GAPS.lock().unwrap().insert(format!(
            "not applied: {example}'s {} (studio.tf): moto has no SageMaker user profiles or spaces; \
             terraform validate checks them against the provider's schema only",
            left_out.join(", ")
        ));
    }
    let inputs = required_inputs(&tmp.path().join("module"), &model);

    let servers: Vec<(String, MotoServer)> = accounts(spec)
        .into_iter()
        .map(|account| {
            let log = tmp.path().join(format!("moto-{account}.log"));
            let server = MotoServer::start(python, &account, &log);
            (account, server)
        })
        .collect();
    let root_dir = tmp.path().join("root");
    fs::create_dir_all(&root_dir).unwrap();
    fs::write(root_dir.join("main.tf"), root_module(&servers, &inputs)).unwrap();

    let mut expectations = Vec::new();
    for (account, server) in &servers {
        let file = tmp.path().join(format!("expected-{account}.json"));
        fs::write(&file, expected(&model, account).to_string()).unwrap();
        if let Err(e) = check_script(
            python,
            &["setup".as_ref(), server.endpoint.as_ref(), file.as_os_str()],
        ) {
            panic!("{example} as {account}: {e}");
        }
        expectations.push((account, server, file));
    }

    let what = format!("{example} (root module in {})", root_dir.display());
    terraform_ok(
        &root_dir,
        &config,
        &["init", "-backend=false", "-no-color"],
        &what,
    );
    terraform_ok(
        &root_dir,
        &config,
        &["apply", "-auto-approve", "-no-color"],
        &what,
    );

    // The module's outputs as applied: documents the module hands on
    // rather than deploys (a model package group's resource policy) are
    // checked there.
    let outputs = terraform_ok(&root_dir, &config, &["output", "-json"], &what);
    let outputs: serde_json::Value = serde_json::from_slice(&outputs.stdout).unwrap();
    let mut failures = Vec::new();
    for (account, server, file) in &expectations {
        let rendered = tmp.path().join(format!("rendered-{account}"));
        let module_outputs = tmp.path().join(format!("outputs-{account}.json"));
        fs::write(
            &module_outputs,
            outputs[format!("account_{account}")]["value"].to_string(),
        )
        .unwrap();
        let result = render(spec, account, &rendered).and_then(|()| {
            check_script(
                python,
                &[
                    "check".as_ref(),
                    server.endpoint.as_ref(),
                    file.as_os_str(),
                    rendered.as_os_str(),
                    module_outputs.as_os_str(),
                ],
            )
        });
        if let Err(e) = result {
            failures.push(format!("== {example} as {account}\n{e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} applied module(s) differ from the rendered documents:\n\n{}",
        failures.len(),
        failures.join("\n")
    );

    // Applied as written, a second plan must find nothing to change: no
    // attribute that the provider or IAM normalises differently.
    plans_clean(&root_dir, &config, example);

    // create = false removes every resource, and every output is null or
    // empty: no output refers to a resource that is gone.
    terraform_ok(
        &root_dir,
        &config,
        &[
            "apply",
            "-auto-approve",
            "-no-color",
            "-var",
            "create=false",
        ],
        &what,
    );
    let state = terraform_ok(&root_dir, &config, &["state", "list"], &what);
    let left: Vec<String> = String::from_utf8_lossy(&state.stdout)
        .lines()
        .filter(|a| !a.contains(".data."))
        .map(String::from)
        .collect();
    assert!(
        left.is_empty(),
        "{example}: with create = false, resources remain: {left:?}"
    );
    let outputs = terraform_ok(&root_dir, &config, &["output", "-json"], &what);
    let outputs: serde_json::Value = serde_json::from_slice(&outputs.stdout).unwrap();
    for (account, _) in &servers {
        let module = &outputs[format!("account_{account}")]["value"];
        assert_created_nothing(example, module);
    }
}

/// Every leaf of a module's outputs under create = false: null, an empty
/// list, or an empty map.
fn assert_created_nothing(example: &str, value: &serde_json::Value) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => assert!(
            items.is_empty(),
            "{example}: with create = false an output lists {items:?}"
        ),
        serde_json::Value::Object(map) => {
            for v in map.values() {
                assert_created_nothing(example, v);
            }
        }
        other => panic!("{example}: with create = false an output holds {other}"),
    }
}

/// The module's `tags` variable may add tags to the spec's guardrail tags
/// but not replace one (in any case: IAM condition key names are not
/// case-sensitive), use the reserved `aws:` prefix, or go past IAM's 50
/// tags per role or policy (IAM User Guide, 'Tagging IAM resources'). Each
/// bad value must stop `terraform plan` with Terraform's "Invalid value for
/// variable", before anything is created; a good one must not. The provider
/// points at a closed port, so the plan fails later on reading the account
/// in every case; only the variable's verdict is checked.
fn tags_variable_refuses(mirror: &str) {
    let example = "train-serve";
    let spec = root().join("examples").join(example).join("sagerole.hcl");
    let spec_tags = load(&spec).guardrails.tags;
    let (key, _) = spec_tags
        .iter()
        .next()
        .unwrap_or_else(|| panic!("{example} sets no guardrail tags"));
    let room = 50 - spec_tags.len();
    let many = |n: usize| -> String {
        let entries: Vec<String> = (0..n).map(|i| format!("\"extra-{i}\" = \"v\"")).collect();
        format!("{{{}}}", entries.join(", "))
    };
    let cases = [
        (format!("{{\"{}\" = \"mine\"}}", key.to_uppercase()), true),
        ("{\"aws:owner\" = \"me\"}".to_string(), true),
        (many(room + 1), true),
        (many(room), false),
        ("{\"deployed-by\" = \"ci\"}".to_string(), false),
    ];
    let module = Body::new()
        .attr("source", Expr::string("../module"))
        .attr("tags", Expr::traversal("var.tags"));
    variable_verdicts(mirror, example, "tags", "map(string)", module, &cases);
}

/// A provider whose IAM and STS endpoints are a closed port: a plan
/// checks the variables, then fails on reading the account, before
/// Plans a root module that passes its variable `variable` (of `type_`)
/// through `module` (a call of `example`'s module) with each value of
/// `cases`, and checks Terraform's verdict on it: "Invalid value for
/// variable" exactly for the values marked refused. The provider points at
/// a closed port, so every plan fails later on reading the account; only
/// the variable's verdict is read.
fn variable_verdicts(
    mirror: &str,
    example: &str,
    variable: &str,
    type_: &str,
    module: Body<'static>,
    cases: &[(String, bool)],
) {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("terraformrc");
    fs::write(&config, cli_config(mirror)).unwrap();
    copy_module(example, &tmp.path().join("module"), &[]);
    let root_body = Body::new()
        .block(
            Block::new("provider")
                .label("aws")
                .with_body(closed_provider()),
        )
        .block(
            Block::new("variable")
                .label(variable.to_string())
                .with_body(Body::new().attr("type", Expr::traversal(type_.to_string()))),
        )
        .block(Block::new("module").label("roles").with_body(module));
    let root_dir = tmp.path().join("root");
    fs::create_dir_all(&root_dir).unwrap();
    fs::write(root_dir.join("main.tf"), to_string(&root_body)).unwrap();
    terraform_ok(
        &root_dir,
        &config,
        &["init", "-backend=false", "-no-color"],
        example,
    );
    for (value, refused) in cases {
        let plan = terraform(
            &root_dir,
            &config,
            &["plan", "-no-color", "-var", &format!("{variable}={value}")],
        );
        let text = show(&plan);
        assert_eq!(
            text.contains("Invalid value for variable"),
            *refused,
            "{example}: {variable} = {value:?} should be {}:\n{text}",
            if *refused { "refused" } else { "accepted" }
        );
    }
}

/// anything is created.
fn closed_provider() -> Body<'static> {
    let closed = "http://127.0.0.1:9";
    Body::new()
        .attr("region", Expr::string("us-east-1"))
        .attr("access_key", Expr::string("testing"))
        .attr("secret_key", Expr::string("testing"))
        .attr("max_retries", Expr::Number(1))
        .attr("skip_credentials_validation", Expr::Bool(true))
        .attr("skip_metadata_api_check", Expr::Bool(true))
        .attr("skip_requesting_account_id", Expr::Bool(true))
        .block(
            Block::new("endpoints").with_body(
                Body::new()
                    .attr("iam", Expr::string(closed))
                    .attr("sts", Expr::string(closed)),
            ),
        )
}

/// A tag value input's variable (examples/platform-inputs `environment`)
/// takes what IAM takes as a tag value and refuses the rest, as Terraform's
/// own regex engine (RE2) reads the pattern: IAM API Reference, Tag: Value
/// is 0 to 256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`, so letters
/// of any script, a no-break space and the empty value pass, 256 letters
/// of two bytes each pass, and a comma or a 257th character does not. The
/// other inputs take their kinds' samples; the provider points at a closed
/// port, so only the variable's verdict is checked.
fn tag_value_variable_takes_iams_tag_values(mirror: &str) {
    let example = "platform-inputs";
    let model = load(&root().join("examples").join(example).join("sagerole.hcl"));
    let mut module = Body::new().attr("source", Expr::string("../module"));
    for (name, value) in crate::moto::input_values(&model) {
        module = if name == "environment" {
            module.attr(name, Expr::traversal("var.environment"))
        } else {
            module.attr(name, Expr::string(value))
        };
    }
    let cases = [
        ("prod".to_string(), false),
        (
            "\u{e9}quipe \u{65e5}\u{672c} \u{0663}\u{a0}x".to_string(),
            false,
        ),
        (String::new(), false),
        ("ml-platform@example.com:eu/1+2=3_4".to_string(), false),
        ("\u{e9}".repeat(256), false),
        ("dev,prod".to_string(), true),
        ("tab\there".to_string(), true),
        ("x".repeat(257), true),
    ];
    variable_verdicts(mirror, example, "environment", "string", module, &cases);
}

/// A user who marks a role the module created `existing` expects to keep
/// it: the role's jobs still run under it, and its new owner imports it.
/// The module generated from examples/existing-role without `existing`
/// is applied into moto, then the module generated with it, given the
/// created role's name: the plan forgets the role (Terraform's `removed`
/// block) and destroys or replaces nothing, the apply reads the role
/// that is still there, and a plan after it finds nothing to change.
fn a_created_role_marked_existing_is_kept(mirror: &str, python: &str) {
    let example = root().join("examples/existing-role/sagerole.hcl");
    let existing = fs::read_to_string(&example).unwrap();
    let created = existing.replace("  existing    = true\n", "");
    assert_ne!(
        created,
        existing,
        "{}: no `existing = true` line",
        example.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("terraformrc");
    fs::write(&config, cli_config(mirror)).unwrap();
    let module = tmp.path().join("module");
    // Generates `text` as the module under test, in place of the last.
    let generate = |text: &str| {
        let spec = tmp.path().join("sagerole.hcl");
        fs::write(&spec, text).unwrap();
        let _ = fs::remove_dir_all(&module);
        let out = tmp.path().join("generated");
        let _ = fs::remove_dir_all(&out);
        let run = Command::new(env!("CARGO_BIN_EXE_sagerole"))
            .arg("generate")
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap();
        assert!(run.status.success(), "generate:\n{}", show(&run));
        fs::rename(out.join("terraform"), &module).unwrap();
    };
    let server = MotoServer::start(python, "123456789012", &tmp.path().join("moto.log"));
    let root_dir = tmp.path().join("root");
    fs::create_dir_all(&root_dir).unwrap();
    let root_module = |inputs: &[(&str, &str)]| {
        let provider = moto_provider(&server, None);
        let mut instance = Body::new().attr("source", Expr::string("../module"));
        for (name, value) in inputs {
            instance = instance.attr(name.to_string(), Expr::string(value.to_string()));
        }
        let body = Body::new()
            .block(Block::new("provider").label("aws").with_body(provider))
            .block(Block::new("module").label("roles").with_body(instance));
        fs::write(root_dir.join("main.tf"), to_string(&body)).unwrap();
    };
    let what = "existing-role, created then marked existing";
    let role = "module.roles.aws_iam_role.exec[0]";
    let state = |what: &str| -> Vec<String> {
        let out = terraform_ok(&root_dir, &config, &["state", "list"], what);
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect()
    };

    generate(&created);
    root_module(&[]);
    terraform_ok(
        &root_dir,
        &config,
        &["init", "-backend=false", "-no-color"],
        what,
    );
    terraform_ok(
        &root_dir,
        &config,
        &["apply", "-auto-approve", "-no-color"],
        what,
    );
    assert!(
        state(what).iter().any(|a| a == role),
        "{what}: {role} not created"
    );

    generate(&existing);
    root_module(&[("exec_role_name", "forecast-exec")]);
    terraform_ok(
        &root_dir,
        &config,
        &["init", "-backend=false", "-no-color"],
        what,
    );
    let plan = terraform_ok(&root_dir, &config, &["plan", "-no-color"], what);
    let text = show(&plan);
    assert!(
        text.contains(&format!("{role} will no longer be managed by Terraform")),
        "{what}: the plan does not forget the role:\n{text}"
    );
    for change in ["will be destroyed", "must be replaced"] {
        assert!(
            !text.contains(change),
            "{what}: the plan says {change:?}:\n{text}"
        );
    }
    terraform_ok(
        &root_dir,
        &config,
        &["apply", "-auto-approve", "-no-color"],
        what,
    );
    let after = state(what);
    assert!(
        !after.iter().any(|a| a == role)
            && after
                .iter()
                .any(|a| a == "module.roles.data.aws_iam_role.exec[0]")
            && after
                .iter()
                .any(|a| a == "module.roles.aws_iam_role_policy.exec[0]"),
        "{what}: state after the switch: {after:?}"
    );
    plans_clean(&root_dir, &config, what);
}

//! Human-facing documents, rendered with Tera from `templates/`.
//!
//! Templates are compiled into the binary, so output never depends on the
//! working directory. Markdown table cells are escaped by the `cell` helper
//! here, not in the templates.

use std::collections::{BTreeMap, BTreeSet};

use tera::{Context, Tera};

use super::Settings;
use crate::model::{Model, Policy};

const TERRAFORM_README: &str = include_str!("../../templates/terraform-readme.md.tera");

/// Escapes text for a Markdown table cell: pipes would end the cell, and a
/// newline the row.
pub(crate) fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('`', "\\`")
        .replace('<', "&lt;")
        .replace(['\n', '\r'], " ")
}

/// Text as a Markdown code span that is safe in a table cell: a fence
/// longer than any run of backticks inside (CommonMark), pipes escaped (GFM
/// tables unescape `\|` even in code spans), and nothing else touched, as
/// code spans take backslashes literally.
pub(crate) fn code(s: &str) -> String {
    let text = s.replace(['\n', '\r'], " ").replace('|', "\\|");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    // A space keeps a backtick at either end from joining the fence; one
    // space on each side is stripped again.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| code(i)).collect::<Vec<_>>().join(", ")
}

/// What a role's policy lets it touch, by kind, for people: S3 locations
/// read and written, ECR repositories, KMS keys, log groups, roles passed,
/// and the other resources (SNS topics, Lambda functions, ...).
#[derive(Debug, Default)]
struct Touches {
    reads: BTreeSet<String>,
    writes: BTreeSet<String>,
    images: BTreeSet<String>,
    keys: BTreeSet<String>,
    logs: BTreeSet<String>,
    passes: BTreeSet<String>,
    other: BTreeSet<String>,
}

/// The part of an ARN after `arn:partition:service:region:account:`, and
/// the service; the partition, region and account may be symbols.
fn arn_parts(arn: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn").then(|| (parts[2], parts[5]))
}

fn touches(policy: &Policy) -> Touches {
    let mut t = Touches::default();
    for st in &policy.statements {
        let has = |a: &str| st.actions.iter().any(|x| x == a);
        for r in &st.resources {
            let text = r.symbolic();
            let Some((service, resource)) = arn_parts(&text) else {
                continue; // "*": what it is for is in the statement's reason
            };
            match service {
                "s3" if resource.contains('/') || resource.ends_with('*') => {
                    let location = format!("s3://{}", resource.trim_end_matches('*'));
                    if has("s3:GetObject") {
                        t.reads.insert(location.clone());
                    }
                    if has("s3:PutObject") {
                        t.writes.insert(location);
                    }
                }
                "s3" => {} // bucket-level listing of the prefixes above
                "ecr" => {
                    // Repositories of the same name in two registries are two.
                    let parts: Vec<&str> = text.splitn(6, ':').collect();
                    t.images.insert(format!(
                        "{} ({}, {})",
                        resource.trim_start_matches("repository/"),
                        parts[4],
                        parts[3]
                    ));
                }
                "kms" => {
                    // region:account:key/ID; the partition is the deploying one.
                    let parts: Vec<&str> = text.splitn(4, ':').collect();
                    t.keys
                        .insert(parts.last().copied().unwrap_or(&text).to_string());
                }
                "logs" => {
                    let group = resource.trim_start_matches("log-group:");
                    let group = group.split(":log-stream:").next().unwrap_or(group);
                    t.logs.insert(group.to_string());
                }
                "iam" if has("iam:PassRole") => {
                    t.passes
                        .insert(resource.rsplit('/').next().unwrap_or(resource).to_string());
                }
                "sagemaker" => {} // the workloads' own resources, in the callers' terms
                _ => {
                    t.other.insert(text.clone());
                }
            }
        }
    }
    t
}

/// A role's key in the spec, from its IAM name.
fn role_key(model: &Model, name: &str) -> String {
    model
        .roles
        .iter()
        .find(|x| x.name == name)
        .map_or(name.to_string(), |x| x.key.clone())
}

fn touches_json(model: &Model, r: &crate::model::Role) -> serde_json::Value {
    let mut t = touches(&r.policy);
    t.passes = t.passes.iter().map(|p| role_key(model, p)).collect();
    let l = |s: &BTreeSet<String>| list(&s.iter().cloned().collect::<Vec<_>>());
    let managed: Vec<String> = r.aws_managed.iter().map(|m| m.name.clone()).collect();
    serde_json::json!({
        "reads": l(&t.reads),
        "writes": l(&t.writes),
        "images": l(&t.images),
        "keys": l(&t.keys),
        "logs": l(&t.logs),
        "passes": l(&t.passes),
        "other": l(&t.other),
        "managed": list(&managed),
    })
}

/// Mermaid node labels are HTML between quotes: entity codes for the
/// characters that would end the label or start markup (Mermaid's `#code;`).
fn mermaid_label(s: &str) -> String {
    s.replace('#', "#35;")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('&', "#amp;")
}

/// A Mermaid flowchart: callers pass roles, roles touch resources.
fn diagram(model: &Model) -> String {
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut node = |key: String, label: String, nodes: &mut Vec<String>| -> String {
        if let Some(id) = ids.get(&key) {
            return id.clone();
        }
        let id = format!("n{}", ids.len());
        nodes.push(format!("  {id}[\"{}\"]", mermaid_label(&label)));
        ids.insert(key, id.clone());
        id
    };
    for c in &model.callers {
        let from = node(
            format!("caller:{}", c.key),
            format!("caller {}", c.key),
            &mut nodes,
        );
        for r in &c.passes {
            let to = node(format!("role:{r}"), format!("role {r}"), &mut nodes);
            edges.push(format!("  {from} -- passes --> {to}"));
        }
    }
    for r in &model.roles {
        let from = node(
            format!("role:{}", r.key),
            format!("role {}", r.key),
            &mut nodes,
        );
        let t = touches(&r.policy);
        let groups: [(&str, &str, Vec<String>); 7] = [
            (
                "passes",
                "role",
                t.passes.iter().map(|p| role_key(model, p)).collect(),
            ),
            ("reads", "s3", t.reads.into_iter().collect()),
            ("writes", "s3", t.writes.into_iter().collect()),
            ("pulls", "ecr", t.images.into_iter().collect()),
            ("uses key", "kms", t.keys.into_iter().collect()),
            ("logs to", "logs", t.logs.into_iter().collect()),
            ("uses", "other", t.other.into_iter().collect()),
        ];
        for (verb, kind, items) in groups {
            for item in items {
                let label = match kind {
                    "role" => format!("role {item}"),
                    "ecr" => format!("ECR {item}"),
                    "kms" => format!("KMS {}", item.rsplit('/').next().unwrap_or(&item)),
                    "logs" => format!("logs {item}"),
                    _ => item.clone(),
                };
                let to = node(format!("{kind}:{item}"), label, &mut nodes);
                edges.push(format!("  {from} -- {verb} --> {to}"));
            }
        }
    }
    let mut out = String::from("flowchart LR\n");
    for n in nodes.iter().chain(&edges) {
        out.push_str(n);
        out.push('\n');
    }
    out
}

pub fn terraform_readme(model: &Model, settings: &Settings) -> String {
    let file = "terraform/README.md";
    let mut tera = Tera::default();
    tera.add_raw_template("terraform-readme.md", TERRAFORM_README)
        .expect("the bundled template parses");
    let mut cx = Context::new();
    cx.insert("header", &settings.header(file).join(" "));
    cx.insert("spec", &settings.spec_path_from(file));
    cx.insert("name_prefix", &model.name_prefix);
    cx.insert(
        "module_name",
        &format!(
            "{}_sagemaker_roles",
            crate::emit::names::snake(&model.name_prefix)
        ),
    );
    // The module block's arguments, aligned as terraform fmt aligns them.
    let mut args = vec![("source".to_string(), "\"./terraform\"".to_string())];
    for d in model.studio.iter().filter(|d| d.associate) {
        args.push((
            super::terraform::domain_id_var(&d.name),
            "\"d-xxxxxxxxxxxx\"".to_string(),
        ));
    }
    let width = args.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let module_args: Vec<String> = args
        .iter()
        .map(|(k, v)| format!("  {k:width$} = {v}"))
        .collect();
    cx.insert("module_args", &module_args);
    cx.insert("terraform", super::terraform::TERRAFORM);
    cx.insert("aws_provider", super::terraform::AWS_PROVIDER);
    let roles: Vec<_> = model
        .roles
        .iter()
        .map(|r| {
            serde_json::json!({
                "key": cell(&r.key),
                "name": cell(&r.name),
                "workloads": list(&r.workloads),
                "trust": cell(&format!("{}: {}", r.trust.mode.name(), r.trust.reason)),
                "warning": r.trust.warning.as_deref().map(cell),
                "touches": touches_json(model, r),
            })
        })
        .collect();
    cx.insert("roles", &roles);
    cx.insert("diagram", &diagram(model));
    let callers: Vec<_> = model
        .callers
        .iter()
        .map(|c| {
            serde_json::json!({
                "key": cell(&c.key),
                "principal": cell(&c.principal),
                "passes": list(&c.passes),
                "launches": list(&c.launches),
                "policy_name": c.documents.iter().map(|d| format!("`{}`", cell(&d.name))).collect::<Vec<_>>().join(", "),
                "attached": c.attach_to_role.is_some(),
                "account": c.attach_to_role.as_ref().map(|r| r.account.clone()),
            })
        })
        .collect();
    cx.insert("callers", &callers);
    let role_name = |key: &str| {
        model
            .roles
            .iter()
            .find(|r| r.key == key)
            .map_or(key.to_string(), |r| r.name.clone())
    };
    let studio: Vec<_> = model
        .studio
        .iter()
        .map(|d| {
            serde_json::json!({
                "name": cell(&d.name),
                "role": cell(&role_name(&d.role)),
                "associate": d.associate,
                "domain_id_var": super::terraform::domain_id_var(&d.name),
                "identities": d.identities.iter().map(|i| serde_json::json!({
                    "name": cell(&i.name),
                    "role": cell(&role_name(&i.role)),
                    "wiring": cell(i.kind.wiring()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    cx.insert("studio", &studio);
    let mut variables = vec![serde_json::json!({
        "name": "permissions_boundary_arn",
        "type": "string",
        "default": cell(model.guardrails.permissions_boundary.as_deref().unwrap_or("null")),
        "description": "Managed policy set as permissions boundary on every role; null for none.",
    })];
    if model.callers.iter().any(|c| c.attach_to_role.is_some()) {
        variables.push(serde_json::json!({
            "name": "attach_caller_policies",
            "type": "bool",
            "default": "true",
            "description": "Attach each caller policy to its caller's role when deploying into that role's account.",
        }));
    }
    for d in model.studio.iter().filter(|d| d.associate) {
        variables.push(serde_json::json!({
            "name": super::terraform::domain_id_var(&d.name),
            "type": "string",
            "default": "required",
            "description": cell(&format!("Id of the existing Studio domain that gets the user profiles and spaces of {}.", d.name)),
        }));
    }
    cx.insert("variables", &variables);
    let text = tera
        .render("terraform-readme.md", &cx)
        .expect("the bundled template renders with this context");
    single_blank_lines(&text)
}

/// Collapses runs of blank lines, which optional template sections leave
/// behind, into one.
fn single_blank_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if line.trim().is_empty() && (out.is_empty() || out.ends_with("\n\n")) {
            continue;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks_pipes_and_backslashes_literally() {
        assert_eq!(code("s3://b/p/"), "`s3://b/p/`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("a``b`"), "``` a``b` ```");
        assert_eq!(code("a|b\\d"), "`a\\|b\\d`");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn cells_cannot_start_markup() {
        assert_eq!(cell("a|b`c<d>\\"), "a\\|b\\`c&lt;d>\\\\");
    }

    #[test]
    fn mermaid_labels_cannot_end_the_label_or_start_markup() {
        assert_eq!(
            mermaid_label("b#35;c<b>\"x\"&"),
            "b#35;35;c#lt;b#gt;#quot;x#quot;#amp;"
        );
    }
}

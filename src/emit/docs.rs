//! Human-facing documents, rendered with Tera from `templates/`.
//!
//! Templates are compiled into the binary, so output never depends on the
//! working directory. Markdown table cells are escaped by the `cell` helper
//! here, not in the templates.

use tera::{Context, Tera};

use super::Settings;
use crate::model::Model;

const TERRAFORM_README: &str = include_str!("../../templates/terraform-readme.md.tera");

/// Escapes text for a Markdown table cell: pipes would end the cell, and a
/// newline the row.
fn cell(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("`{}`", cell(i)))
        .collect::<Vec<_>>()
        .join(", ")
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
        &format!("{}_sagemaker_roles", model.name_prefix.replace('-', "_")),
    );
    // The module block's arguments, aligned as terraform fmt aligns them.
    let mut args = vec![("source".to_string(), "\"./terraform\"".to_string())];
    for d in model.studio.iter().filter(|d| d.associate) {
        args.push((
            format!("{}_domain_id", crate::emit::names::snake(&d.name)),
            "\"d-xxxxxxxxxxxx\"".to_string(),
        ));
    }
    let width = args.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let module_args: Vec<String> = args
        .iter()
        .map(|(k, v)| format!("  {k:width$} = {v}"))
        .collect();
    cx.insert("module_args", &module_args);
    cx.insert("terraform", ">= 1.5.0");
    cx.insert("aws_provider", ">= 6.0, < 7.0");
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
            })
        })
        .collect();
    cx.insert("roles", &roles);
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
                "domain_id_var": format!("{}_domain_id", crate::emit::names::snake(&d.name)),
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
            "name": format!("{}_domain_id", crate::emit::names::snake(&d.name)),
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

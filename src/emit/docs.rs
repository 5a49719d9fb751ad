//! Human-facing documents, rendered with Tera from `templates/`.
//!
//! Templates are compiled into the binary, so output never depends on the
//! working directory. Markdown table cells are escaped by the `cell` helper
//! here, not in the templates.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;
use tera::{Context, Tera};

use super::Settings;
use crate::arn::split_arn;
use crate::catalog::input_kinds::InputKind;
use crate::model::value::Part;
use crate::model::{Caller, Model, Policy, Role};
use crate::spec::raw::reference::{self, shown};

const TERRAFORM_README: &str = include_str!("../../templates/terraform-readme.md.tera");

/// Escapes text for a Markdown table cell: pipes would end the cell, and a
/// newline the row.
pub(crate) fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_cell(&mut out, s);
    out
}

/// Appends [`cell`]`(s)` to `out`, in one pass over `s`.
fn push_cell(out: &mut String, s: &str) {
    let mut rest = s;
    // Every character replaced is ASCII, one byte that is never part of
    // another character: the text is scanned by byte, not decoded.
    while let Some(at) = rest
        .bytes()
        .position(|b| matches!(b, b'\\' | b'|' | b'`' | b'<' | b'\n' | b'\r'))
    {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'\\' => "\\\\",
            b'|' => "\\|",
            b'`' => "\\`",
            b'<' => "&lt;",
            _ => " ", // a line break
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

/// Text as a Markdown code span that is safe in a table cell: a fence
/// longer than any run of backticks inside (CommonMark), pipes escaped (GFM
/// tables unescape `\|` even in code spans), and nothing else touched, as
/// code spans take backslashes literally.
pub(crate) fn code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_code(&mut out, s);
    out
}

/// Appends [`code`]`(s)` to `out`.
fn push_code(out: &mut String, s: &str) {
    // A byte scan: the characters sought are ASCII, and a search for any of
    // several chars decodes every character it passes.
    if !s.bytes().any(|b| matches!(b, b'`' | b'|' | b'\n' | b'\r')) {
        // Nothing to replace and no backtick to outgrow: a one-backtick fence.
        out.push('`');
        out.push_str(s);
        out.push('`');
        return;
    }
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
    for piece in [&fence, pad, &text, pad, &fence] {
        out.push_str(piece);
    }
}

/// Appends items as code spans separated by commas.
fn push_list<'a>(out: &mut String, items: impl IntoIterator<Item = &'a str>) {
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_code(out, item);
    }
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
    /// IAM names of the roles passed; see [`role_key`].
    passes: BTreeSet<String>,
    other: BTreeSet<String>,
}

fn touches(policy: &Policy) -> Touches {
    let mut t = Touches::default();
    // One buffer for the symbolic text of every resource.
    let mut text = String::new();
    for st in &policy.statements {
        // Looked up once per statement, not once per resource: a statement
        // often lists many resources.
        let has = |a: &str| st.actions.iter().any(|x| x == a);
        let (gets, puts, passes) = (
            has("s3:GetObject"),
            has("s3:PutObject"),
            has("iam:PassRole"),
        );
        // Groups it logs to; reading the logs of what it launched is, like
        // its create calls, in the terms of the launched workloads.
        let writes_logs = st.actions.iter().any(|a| {
            matches!(
                a.as_str(),
                "logs:CreateLogGroup" | "logs:CreateLogStream" | "logs:PutLogEvents"
            )
        });
        for r in &st.resources {
            // The resource's symbolic text, as `Str` displays it: literal
            // parts pushed as they are, since formatting's machinery for
            // every part cost as much as the rest of a resource's handling
            // (at 10,000 workloads, 55,000 resources: 20M instructions).
            text.clear();
            for part in &r.0 {
                match part {
                    Part::Lit(lit) => text.push_str(lit),
                    other => write!(text, "{other}").expect("writing to a String cannot fail"),
                }
            }
            // A resource whose whole ARN is an input goes where its kind
            // does, named `${NAME}`.
            if let [Part::Input(i)] = r.0.as_slice() {
                match i.kind() {
                    InputKind::EcrRepositoryArn => t.images.insert(text.clone()),
                    InputKind::KmsKeyArn => t.keys.insert(text.clone()),
                    _ => t.other.insert(text.clone()),
                };
                continue;
            }
            let Some(arn) = split_arn(&text) else {
                continue; // "*": what it is for is in the statement's reason
            };
            let resource = arn.resource;
            match arn.service {
                "s3" if resource.contains('/') || resource.ends_with('*') => {
                    let path = resource.trim_end_matches('*');
                    let mut location = String::with_capacity(5 + path.len());
                    location.push_str("s3://");
                    location.push_str(path);
                    if gets {
                        t.reads.insert(location.clone());
                    }
                    if puts {
                        t.writes.insert(location);
                    }
                }
                "s3" => {} // bucket-level listing of the prefixes above
                "ecr" => {
                    // Repositories of the same name in two registries are two.
                    t.images.insert(format!(
                        "{} ({}, {})",
                        trim_prefix(resource, "repository/"),
                        arn.account,
                        arn.region
                    ));
                }
                "kms" => {
                    // region:account:key/ID; the partition is the deploying one.
                    t.keys
                        .insert(format!("{}:{}:{resource}", arn.region, arn.account));
                }
                "logs" if writes_logs => {
                    let group = trim_prefix(resource, "log-group:");
                    let group = before(group, ":log-stream:");
                    // The group as IAM policies write it ends in `:*`.
                    let group = group.strip_suffix(":*").unwrap_or(group);
                    t.logs.insert(group.to_string());
                }
                "iam" if passes => {
                    t.passes
                        .insert(resource.rsplit('/').next().unwrap_or(resource).to_string());
                }
                // Reading the roles it passes or runs as (iam:GetRole).
                "logs" | "iam" => {}
                "sagemaker" => {} // the workloads' own resources, in the callers' terms
                _ => {
                    t.other.insert(text.clone());
                }
            }
        }
    }
    t
}

/// `s` without any number of leading `prefix`es, as `trim_start_matches`
/// but without the substring searcher it sets up on every call, which cost
/// more than the rest of a resource's handling here.
fn trim_prefix<'s>(mut s: &'s str, prefix: &str) -> &'s str {
    while let Some(rest) = s.strip_prefix(prefix) {
        s = rest;
    }
    s
}

/// `s` up to the first `pattern` (all of `s` without one), as
/// `split(pattern).next()` but without a substring searcher (see
/// [`trim_prefix`]); `pattern` starts with an ASCII character.
fn before<'s>(s: &'s str, pattern: &str) -> &'s str {
    let (bytes, pattern) = (s.as_bytes(), pattern.as_bytes());
    debug_assert!(pattern.first().is_some_and(u8::is_ascii));
    // A match starts with an ASCII byte, never inside a character, so the
    // cut is at a character boundary.
    (0..bytes.len())
        .find(|&i| bytes[i] == pattern[0] && bytes[i..].starts_with(pattern))
        .map_or(s, |i| &s[..i])
}

/// A role's key in the spec, from its IAM name.
fn role_key<'a>(model: &'a Model, name: &'a str) -> &'a str {
    model
        .roles
        .iter()
        .find(|x| x.name == name)
        .map_or(name, |x| &x.key)
}

/// Appends a role's row in the "What each role may touch" table: each
/// cell a list of code spans.
fn push_touches_row(out: &mut String, model: &Model, r: &Role, t: &Touches) {
    out.push_str("| `");
    push_cell(out, &r.key);
    out.push_str("` | ");
    let passes: BTreeSet<&str> = t.passes.iter().map(|p| role_key(model, p)).collect();
    let sets = [&t.reads, &t.writes, &t.images, &t.keys, &t.logs];
    for set in sets {
        push_list(out, set.iter().map(String::as_str));
        out.push_str(" | ");
    }
    push_list(out, passes);
    out.push_str(" | ");
    push_list(out, t.other.iter().map(String::as_str));
    if !r.aws_managed.is_empty() {
        out.push_str(" AWS managed: ");
        push_list(out, r.aws_managed.iter().map(|m| m.name.as_str()));
    }
    out.push_str(" |\n");
}

/// Appends a role's row in the "Roles" table.
fn push_role_row(out: &mut String, r: &Role) {
    out.push_str("| `");
    push_cell(out, &r.key);
    out.push_str("` | ");
    match &r.existing {
        Some(input) => {
            out.push_str("existing: `var.");
            out.push_str(&input.name());
            out.push('`');
        }
        None => {
            out.push('`');
            push_cell(out, &shown(&r.name));
            out.push('`');
        }
    }
    out.push_str(" | ");
    push_list(out, r.workloads.iter().map(String::as_str));
    out.push_str(" | ");
    push_cell(out, r.trust.mode.name());
    out.push_str(": ");
    push_cell(out, &r.trust.reason);
    out.push_str(" |\n");
}

/// An existing role's entry in the "Existing roles" section.
#[derive(Serialize)]
struct ExistingRow {
    key: String,
    variable: String,
    path: String,
    /// The trust policy its owner should give it (the one sagerole would
    /// write).
    trust: String,
}

/// Appends a caller's row in the "Callers" table.
fn push_caller_row(out: &mut String, c: &Caller) {
    out.push_str("| `");
    push_cell(out, &c.key);
    out.push_str("` | `");
    push_cell(out, &c.principal);
    out.push('`');
    if c.kind == crate::catalog::CallerKind::StepFunctions {
        out.push_str(" (a Step Functions state machine)");
    }
    out.push_str(" | ");
    push_list(out, c.passes.iter().map(String::as_str));
    out.push_str(" | ");
    push_list(out, c.launches.iter().map(String::as_str));
    out.push_str(" | ");
    push_list(out, c.follow.iter().map(|f| f.spec_name()));
    out.push_str(" | ");
    for (i, d) in c.documents.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('`');
        push_cell(out, &shown(&d.name));
        out.push('`');
    }
    match &c.attach_to_role {
        Some(crate::model::RoleRef::Named { account, .. }) => {
            out.push_str(", attached when deployed into account ");
            out.push_str(account);
        }
        Some(crate::model::RoleRef::Input(i)) => {
            out.push_str(", attached when deployed into the account of the role passed as `");
            out.push_str(&i.name());
            out.push('`');
        }
        None => {}
    }
    out.push_str(" |\n");
}

/// Appends `s` as a Mermaid node label: labels are HTML between quotes, so
/// the characters that would end the label or start markup become entity
/// codes (Mermaid's `#code;`).
fn push_mermaid_label(out: &mut String, s: &str) {
    // Most labels (role keys, S3 locations) have nothing to replace. The
    // characters replaced are ASCII, so a byte scan finds them.
    if !s
        .bytes()
        .any(|b| matches!(b, b'#' | b'"' | b'<' | b'>' | b'&'))
    {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            c => out.push(c),
        }
    }
}

/// What a flowchart node stands for; items of different kinds may have the
/// same text (a role and an S3 location are never one node).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NodeKind {
    Caller,
    Role,
    S3,
    Ecr,
    Kms,
    Logs,
    Other,
}

/// A Mermaid flowchart being written: node lines, then edge lines.
#[derive(Default)]
struct Flowchart<'a> {
    /// Node numbers by kind (`ids[NodeKind::Role as usize]`) and item
    /// (`"train"`), in order of first use. A map per kind rather than one
    /// keyed by both: each is smaller, and a lookup compares text only (at
    /// 10,000 workloads, 23,000 nodes; 53M instructions with one map).
    ids: [BTreeMap<&'a str, usize>; 7],
    /// How many nodes there are.
    count: usize,
    nodes: String,
    edges: String,
}

/// Appends a node's name, `n` and its number. Written by hand: a chart has
/// a line per node and per edge, and `write!` cost about three times as
/// much (at 1,000 workloads, 2,500 nodes and as many edges).
fn push_node_name(out: &mut String, number: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push('n');
    out.push_str(std::str::from_utf8(&digits[at..]).expect("ASCII digits"));
}

impl<'a> Flowchart<'a> {
    /// The number of the node for `item` of `kind`; its first use declares it
    /// with the label `prefix` + `label`.
    fn node(&mut self, kind: NodeKind, item: &'a str, prefix: &str, label: &str) -> usize {
        let next = self.count;
        let (nodes, count) = (&mut self.nodes, &mut self.count);
        *self.ids[kind as usize].entry(item).or_insert_with(|| {
            *count += 1;
            nodes.push_str("  ");
            push_node_name(nodes, next);
            nodes.push_str("[\"");
            push_mermaid_label(nodes, prefix);
            push_mermaid_label(nodes, label);
            nodes.push_str("\"]\n");
            next
        })
    }

    fn edge(&mut self, from: usize, verb: &str, to: usize) {
        let edges = &mut self.edges;
        edges.push_str("  ");
        push_node_name(edges, from);
        edges.push_str(" -- ");
        edges.push_str(verb);
        edges.push_str(" --> ");
        push_node_name(edges, to);
        edges.push('\n');
    }

    fn finish(self) -> String {
        let mut out = String::with_capacity(13 + self.nodes.len() + self.edges.len());
        out.push_str("flowchart LR\n");
        out.push_str(&self.nodes);
        out.push_str(&self.edges);
        out
    }
}

/// A Mermaid flowchart: callers pass roles, roles touch resources. `touches`
/// holds what each role of the model touches, in the same order.
fn diagram<'a>(model: &'a Model, touches: &'a [Touches]) -> String {
    let mut chart = Flowchart::default();
    for c in &model.callers {
        let from = chart.node(NodeKind::Caller, &c.key, "caller ", &c.key);
        for r in &c.passes {
            let to = chart.node(NodeKind::Role, r, "role ", r);
            chart.edge(from, "passes", to);
        }
    }
    for (r, t) in model.roles.iter().zip(touches) {
        let from = chart.node(NodeKind::Role, &r.key, "role ", &r.key);
        for p in &t.passes {
            let key = role_key(model, p);
            let to = chart.node(NodeKind::Role, key, "role ", key);
            chart.edge(from, "passes", to);
        }
        let groups = [
            ("reads", NodeKind::S3, "", &t.reads),
            ("writes", NodeKind::S3, "", &t.writes),
            ("pulls", NodeKind::Ecr, "ECR ", &t.images),
            ("uses key", NodeKind::Kms, "KMS ", &t.keys),
            ("logs to", NodeKind::Logs, "logs ", &t.logs),
            ("uses", NodeKind::Other, "", &t.other),
        ];
        for (verb, kind, prefix, items) in groups {
            for item in items {
                let label = match kind {
                    // A key by its id, without region and account.
                    NodeKind::Kms => item.rsplit('/').next().unwrap_or(item),
                    _ => item,
                };
                let to = chart.node(kind, item, prefix, label);
                chart.edge(from, verb, to);
            }
        }
    }
    chart.finish()
}

/// The Terraform module's `README.md`: how to call the module, what each role
/// may touch, the callers and the Studio wiring. It names the module's
/// variables and versions as [`super::terraform`] defines them.
pub fn terraform_readme(model: &Model, settings: &Settings) -> String {
    let file = "terraform/README.md";
    let mut tera = Tera::default();
    tera.add_raw_template("terraform-readme.md", TERRAFORM_README)
        .expect("the bundled template parses");
    let mut cx = Context::new();
    cx.insert("header", &settings.header(file).join(" "));
    cx.insert("spec", &settings.spec_path_from(file));
    cx.insert("name_prefix", &shown(&model.name_prefix));
    // Named after a literal prefix; a prefix that is an input names none.
    let module_name = match reference::whole(&model.name_prefix) {
        Some(_) => "sagemaker_roles".to_string(),
        None => format!(
            "{}_sagemaker_roles",
            crate::model::names::snake(&model.name_prefix)
        ),
    };
    cx.insert("module_name", &module_name);
    // The module block's arguments, aligned as terraform fmt aligns them.
    let mut args = vec![("source".to_string(), "\"./terraform\"".to_string())];
    for d in model.studio.iter().filter(|d| d.associate) {
        args.push((
            crate::model::names::terraform::domain_id(&d.name),
            "\"d-xxxxxxxxxxxx\"".to_string(),
        ));
    }
    // Each existing role, by the role its owner manages.
    for r in &model.roles {
        if let Some(input) = &r.existing {
            let (resource, attribute) = input.kind().facts().terraform;
            let held = crate::model::names::snake(&r.key);
            args.push((input.name(), format!("{resource}.{held}.{attribute}")));
        }
    }
    // Each input without a default, from the resource that holds it.
    for d in model.declared_inputs.iter().filter(|d| d.default.is_none()) {
        args.push((d.name.clone(), d.kind.facts().terraform_expression(&d.name)));
    }
    let width = args.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let module_args: Vec<String> = args
        .iter()
        .map(|(k, v)| format!("  {k:width$} = {v}"))
        .collect();
    cx.insert("module_args", &module_args);
    cx.insert("terraform", super::terraform::terraform_version(model));
    cx.insert("aws_provider", super::terraform::aws_provider(model));
    // The tables with a row per role or caller are written here as text,
    // in one buffer each, rather than as a template value per cell: at
    // 1,000 workloads tera's render took 8M instructions with them, 1.6M
    // without.
    let touched: Vec<Touches> = model.roles.iter().map(|r| touches(&r.policy)).collect();
    let mut role_rows = String::new();
    let mut touches_rows = String::new();
    for (r, t) in model.roles.iter().zip(&touched) {
        push_role_row(&mut role_rows, r);
        push_touches_row(&mut touches_rows, model, r, t);
    }
    cx.insert("role_rows", &role_rows);
    cx.insert("touches_rows", &touches_rows);
    let warnings: Vec<String> = model
        .roles
        .iter()
        .filter_map(|r| r.trust.warning.as_deref().map(cell))
        .collect();
    cx.insert("warnings", &warnings);
    let existing: Vec<ExistingRow> = model
        .roles
        .iter()
        .filter_map(|r| {
            let input = r.existing.as_ref()?;
            Some(ExistingRow {
                key: cell(&r.key),
                variable: input.name(),
                path: model.guardrails.path.clone(),
                trust: serde_json::to_string_pretty(&crate::model::document::trust(
                    &r.trust,
                    &crate::model::document::Context::symbolic(),
                ))
                .expect("JSON values serialize"),
            })
        })
        .collect();
    cx.insert("existing", &existing);
    cx.insert("diagram", &diagram(model, &touched));
    let mut caller_rows = String::new();
    for c in &model.callers {
        push_caller_row(&mut caller_rows, c);
    }
    cx.insert("caller_rows", &caller_rows);
    let role_name = |key: &str| {
        model
            .roles
            .iter()
            .find(|r| r.key == key)
            .map_or(key.to_string(), |r| shown(&r.name))
    };
    let studio: Vec<_> = model
        .studio
        .iter()
        .map(|d| {
            serde_json::json!({
                "name": cell(&d.name),
                "role": cell(&role_name(&d.role)),
                "associate": d.associate,
                "domain_id_var": crate::model::names::terraform::domain_id(&d.name),
                "identities": d.identities.iter().map(|i| serde_json::json!({
                    "name": cell(&i.name),
                    "role": cell(&role_name(&i.role)),
                    "wiring": cell(i.kind.wiring()),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    cx.insert("studio", &studio);
    cx.insert("tf_docs", &tf_docs(model));
    let text = tera
        .render("terraform-readme.md", &cx)
        .expect("the bundled template renders with this context");
    single_blank_lines(&text)
}

/// A name as terraform-docs links it in its tables: an anchor, then the
/// name as a link to it, with `_` escaped as Markdown wants it in link text.
fn tf_docs_name(kind: &str, name: &str) -> String {
    format!(
        "<a name=\"{kind}_{name}\"></a> [{escaped}](#{kind}\\_{escaped})",
        escaped = name.replace('_', "\\_")
    )
}

/// The module's reference in terraform-docs' layout (its `markdown table`
/// format: Requirements, Providers, Modules, Resources, Inputs, Outputs), so
/// that readers, and `terraform-docs` run over the module, meet the usual
/// section. Inputs and outputs come from the tables that `variables.tf` and
/// `outputs.tf` are written from, resources from the list the module's
/// names are checked with.
fn tf_docs(model: &Model) -> String {
    use super::terraform::{
        aws_provider, hcl, module_outputs, module_variables, terraform_version,
    };
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line("## Requirements");
    line("");
    line("| Name | Version |");
    line("|------|---------|");
    line(&format!(
        "| {} | {} |",
        tf_docs_name("requirement", "terraform"),
        cell(terraform_version(model))
    ));
    line(&format!(
        "| {} | {} |",
        tf_docs_name("requirement", "aws"),
        cell(aws_provider(model))
    ));
    line("");
    line("## Providers");
    line("");
    line("| Name | Version |");
    line("|------|---------|");
    // terraform-docs takes the version from a lock file, which a module does not ship.
    line(&format!("| {} | n/a |", tf_docs_name("provider", "aws")));
    line("");
    line("## Modules");
    line("");
    line("No modules.");
    line("");
    line("## Resources");
    line("");
    line("| Name | Type |");
    line("|------|------|");
    // Sorted and de-duplicated once, rather than kept sorted as they come:
    // a resource per role, policy and attachment, thousands in a large
    // module (at 10,000 workloads, 12.8M instructions in a `BTreeSet`).
    let mut resources = Vec::new();
    let mut data = vec![
        "aws_caller_identity.current".to_string(),
        "aws_partition.current".to_string(),
    ];
    for a in crate::model::names::terraform_addresses(model) {
        match a.kind.strip_prefix("data.") {
            Some(kind) => data.push(format!("{kind}.{}", a.name)),
            None if a.kind == "var" => {}
            None => resources.push(a.address()),
        };
    }
    for set in [&mut resources, &mut data] {
        set.sort_unstable();
        set.dedup();
    }
    let registry = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs";
    let mut row = String::new();
    for (set, folder, kind) in [
        (&resources, "resources", "resource"),
        (&data, "data-sources", "data source"),
    ] {
        for address in set {
            let ty = address.split('.').next().unwrap_or(address);
            let page = ty.strip_prefix("aws_").unwrap_or(ty);
            // Pieces into one reused buffer: a line per resource, thousands
            // in a large module.
            row.clear();
            for piece in [
                "| [", address, "](", registry, "/", folder, "/", page, ") | ", kind, " |",
            ] {
                row.push_str(piece);
            }
            line(&row);
        }
    }
    line("");
    line("## Inputs");
    line("");
    line("| Name | Description | Type | Default | Required |");
    line("|------|-------------|------|---------|:--------:|");
    let mut variables = module_variables(model);
    variables.sort_by(|a, b| a.name.cmp(&b.name));
    for v in &variables {
        let (default, required) = match &v.default {
            Some(d) => (code(&hcl::inline(d)), "no"),
            None => ("n/a".to_string(), "yes"),
        };
        line(&format!(
            "| {} | {} | {} | {default} | {required} |",
            tf_docs_name("input", &v.name),
            cell(&v.description),
            code(v.ty)
        ));
    }
    line("");
    line("## Outputs");
    line("");
    line("| Name | Description |");
    line("|------|-------------|");
    let mut outputs = module_outputs(model);
    outputs.sort_by_key(|o| o.name);
    for o in &outputs {
        line(&format!(
            "| {} | {} |",
            tf_docs_name("output", o.name),
            cell(o.description)
        ));
    }
    out
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
        let mut label = String::new();
        push_mermaid_label(&mut label, "b#35;c<b>\"x\"&");
        assert_eq!(label, "b#35;35;c#lt;b#gt;#quot;x#quot;#amp;");
    }
}

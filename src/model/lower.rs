//! Semantic validation: [`RawSpec`] + catalog → [`Model`].
//!
//! Every check here reports into one list, so a run shows every problem in the
//! spec at once. Only when the list is empty are the policies built
//! ([`super::build`]).

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use super::build;
use super::draft::{
    role_holder, role_passed_at_launch, Async, CallerDraft, DataCapture, Declared, GroupRef, Kms,
    RoleDraft, Streaming, Vpc, Workload,
};
use super::names::{
    aws_name, existing_role_parameter, pascal, terraform as tf_name, terraform_addresses, Owner,
};
use super::quota::Quotas;
use super::resource::{self, Bad, KmsKey, Named, S3Location};
use super::value::{DeclaredInput, Input, Regions};
use super::{Guard, Guardrails, Model, TrustMode};
use crate::catalog::guardrails::Guardrail;
use crate::catalog::input_kinds::{InputKind, KINDS};
use crate::catalog::pipeline_steps::{
    custom_prefix_limit, pipeline_step, StepJobNames, StepNeeds, PIPELINE_STEPS,
};
use crate::catalog::{self, CallerKind, Field, Follow, OptOut, RunsUnder, Sharing};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::spec::raw::reference;
use crate::spec::raw::{
    RawAsync, RawDataCapture, RawGuards, RawInput, RawKms, RawOptOut, RawRole, RawSpec,
    RawStatement, RawStreaming, RawVpc, Spanned, Text,
};
use crate::suggest::did_you_mean;

/// `AppType` values of CreateApp (API_CreateApp).
pub(super) const STUDIO_APP_TYPES: &[&str] = &[
    "Canvas",
    "CodeEditor",
    "DetailedProfiler",
    "JupyterLab",
    "JupyterServer",
    "KernelGateway",
    "RSessionGateway",
    "RStudioServerPro",
    "TensorBoard",
];

/// Validates a raw spec and builds the model, or returns every problem found.
pub fn lower(raw: &RawSpec) -> Result<Model, Vec<Diagnostic>> {
    let mut cx = Checker::default();
    cx.declare_inputs(raw);
    let prefix = cx.name_prefix(raw);
    cx.has_workloads(raw);
    let guardrails = cx.guardrails(raw);
    let quotas = cx.quotas(raw);
    let regions = cx.regions(raw);
    let workloads = cx.workloads(raw, prefix.as_deref(), &guardrails.keys);
    let roles = cx.roles(raw, &workloads, prefix.as_deref());
    let callers = cx.callers(raw, &workloads, &roles);
    if !cx.diagnostics.is_empty() {
        return Err(cx.diagnostics);
    }
    let prefix = prefix.expect("a missing name_prefix is reported");
    let inputs = cx.inputs.into_values().collect();
    let mut model = build::model(
        prefix, guardrails, quotas, regions, &workloads, &roles, &callers,
    );
    build::finish(&mut model, inputs)?;
    let clashes = terraform_names(&model, raw);
    if !clashes.is_empty() {
        return Err(clashes);
    }
    Ok(model)
}

/// The kinds an `input` block may declare, for hints.
fn kind_names() -> String {
    KINDS
        .iter()
        .map(|f| format!("{:?}", f.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an `instance_types` pattern cannot pin anything: SageMaker's
/// instance types are `ml.` names (SageMaker API Reference,
/// ResourceConfig.InstanceType), lowercase letters, digits and dots; the
/// pattern is tested with `StringLike`, where `*` and `?` are wildcards.
fn instance_type_pattern(p: &str) -> Option<(String, &'static str)> {
    const HELP: &str =
        "write an instance type or a pattern of one, such as \"ml.m5.xlarge\" or \"ml.m5.*\"";
    if !p
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".*?".contains(c))
    {
        return Some((
            format!("{p:?} is not an instance type pattern: only lowercase letters, digits, `.`, `*` and `?`"),
            HELP,
        ));
    }
    // The pattern must be able to match a name that starts with `ml.`:
    // compared character by character up to the first `*`.
    let mut fits = true;
    for (c, want) in p.chars().zip("ml.".chars()) {
        if c == '*' {
            break;
        }
        if c != '?' && c != want {
            fits = false;
            break;
        }
    }
    if !fits || (p.len() < 3 && !p.contains('*')) {
        return Some((
            format!("{p:?} matches no SageMaker instance type: they all start with `ml.`"),
            HELP,
        ));
    }
    None
}

/// Whether text is made of the characters IAM allows in tag keys and
/// values. IAM API Reference, Tag: keys and values match
/// `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, checked with that very pattern: a tab
/// or a line break is white space but no separator (`\p{Z}`), and a
/// combining mark (a Devanagari vowel sign) is alphabetic but no letter
/// (`\p{L}`), so IAM refuses both at deploy time.
///
/// A key's characters are a value's (IAM API Reference, Tag: the same
/// pattern), so the kind `tag_value`'s pattern tests them, its length
/// aside.
fn tag_chars(s: &str) -> bool {
    InputKind::TagValue.regex().is_match(s)
}

/// Why a `tag_keys` entry is not an IAM tag key (IAM API Reference, Tag).
fn tag_key(k: &str) -> Option<(String, &'static str)> {
    let ok = !k.is_empty() && k.chars().count() <= 128 && tag_chars(k);
    (!ok).then(|| {
        (
            format!("{k:?} is not a valid IAM tag key"),
            "tag keys are 1 to 128 letters, digits, spaces and _ . : / = + - @; no tabs, line breaks or combining marks (accents written as separate marks)",
        )
    })
}

/// Each name's first text, by name.
pub(super) fn first_of_each_name<'r>(
    names: impl Iterator<Item = &'r Text>,
) -> BTreeMap<&'r str, &'r Text> {
    let mut first = BTreeMap::new();
    for t in names {
        first.entry(t.value.as_str()).or_insert(t);
    }
    first
}

/// Terraform names are built from spec names, and a name is not unique
/// once its hyphens become underscores and a suffix is added: role
/// `caller-deployer` and caller `deployer` would both write
/// `data.aws_iam_policy_document.caller_deployer`, roles `exec` and
/// `exec-trust` both `exec_trust`. Terraform refuses such a module, and a
/// name that starts with a digit, so the spec is refused here, at the
/// name that comes second. Checked on the built model, so that the parts of
/// a split policy (`exec_2`) are known.
fn terraform_names<'a>(model: &Model, raw: &'a RawSpec) -> Vec<Diagnostic> {
    // The first block of each name, found once: searching the blocks for
    // each address took time growing with the square of the spec's size.
    let roles = first_of_each_name(raw.roles.iter().map(|r| &r.name));
    let callers = first_of_each_name(raw.callers.iter().map(|c| &c.name));
    let workloads = first_of_each_name(raw.workloads.iter().map(|w| &w.name));
    let at = |owner: &Owner| -> Option<&'a Text> {
        let key = owner.key();
        let named = |blocks: &BTreeMap<&str, &'a Text>| blocks.get(key).copied();
        match owner {
            Owner::Role(_) => named(&roles).or_else(|| named(&workloads)),
            Owner::Caller(_) => named(&callers),
            Owner::Workload(_) => named(&workloads),
        }
    };
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, Owner> = BTreeMap::new();
    let mut reported: BTreeSet<(Owner, Owner)> = BTreeSet::new();
    let mut digits: BTreeSet<Owner> = BTreeSet::new();
    for a in terraform_addresses(model) {
        let Some(text) = at(&a.owner) else { continue };
        if a.name.starts_with(|c: char| c.is_ascii_digit()) && digits.insert(a.owner.clone()) {
            out.push(
                text.error(
                    Kind::Name,
                    format!(
                        "{} would write `{}` in Terraform, which refuses a name that starts with a digit",
                        a.owner,
                        a.address()
                    ),
                )
                .with_help("rename it so that it starts with a letter"),
            );
        }
        match seen.entry(a.address()) {
            Entry::Occupied(first) if *first.get() != a.owner => {
                let (address, first) = (first.key(), first.get());
                if reported.insert((first.clone(), a.owner.clone())) {
                    out.push(
                        text.error(
                            Kind::Name,
                            format!(
                                "{} and {first} would both write `{address}` in Terraform",
                                a.owner,
                            ),
                        )
                        .with_help("rename one of them: Terraform names replace hyphens with underscores and add suffixes such as _trust, _2 and caller_"),
                    );
                }
            }
            Entry::Occupied(_) => {}
            Entry::Vacant(v) => {
                v.insert(a.owner);
            }
        }
    }
    out
}

#[derive(Default)]
struct Checker {
    diagnostics: Vec<Diagnostic>,
    /// The spec's `input` blocks, proven, by name.
    inputs: BTreeMap<String, DeclaredInput>,
    /// Labels of `input` blocks too broken to declare (reported), which
    /// references to are not reported again.
    broken_inputs: BTreeSet<String>,
}

/// Names the output's variables and parameters already take, which an
/// `input` block may not take too.
const RESERVED_INPUTS: &[&str] = &[
    "permissions_boundary_arn",
    "attach_caller_policies",
    "create",
    "tags",
];

/// Names of spec blocks become parts of IAM and SageMaker names and of
/// Terraform and CloudFormation identifiers: lowercase letters and digits,
/// single hyphens inside. SageMaker writes resource names into ARNs in
/// lowercase, so lowercase names keep the caller's ARN patterns exact.
fn is_block_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

const BLOCK_NAME_HELP: &str =
    "use lowercase letters and digits with single hyphens, e.g. \"churn-train\"";

/// The way out for a pipeline step sagerole does not model.
const STEP_STATEMENT_HELP: &str = "leave it out of steps and declare what it calls in a `statement` block of the pipeline's role (reason, actions, resources)";

impl Checker {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    fn bad(&mut self, at: &Text, kind: Kind, b: Bad) {
        self.push(at.error(kind, b.message).with_help(b.help));
    }

    /// A spec without workloads would generate a stack with no roles and no
    /// grants, which deploys without a sign that anything is missing (a
    /// mistyped `workload` block name is an unknown field, not this).
    fn has_workloads(&mut self, raw: &RawSpec) {
        if raw.workloads.is_empty() {
            self.push(
                Diagnostic::error(
                    Kind::MissingField,
                    "workload",
                    Some(Span::new(0, 0)),
                    "the spec has no workloads, so it would generate an empty stack",
                )
                .with_help("add a `workload \"NAME\" { api = \"...\" }` block for each SageMaker workload; `sagerole init` writes a starter spec"),
            );
        }
    }

    fn name_prefix(&mut self, raw: &RawSpec) -> Option<String> {
        let Some(p) = &raw.name_prefix else {
            self.push(
                Diagnostic::error(Kind::MissingField, "name_prefix", Some(Span::new(0, 0)), "the spec has no `name_prefix`")
                    .with_help("add `name_prefix = \"team\"`: it starts the name of every role, policy and job"),
            );
            return None;
        };
        if let Some(name) = reference::whole(&p.value) {
            self.references(p, InputKind::NamePrefix, "name_prefix", true);
            let declared = self
                .inputs
                .get(name)
                .is_some_and(|d| d.kind == InputKind::NamePrefix);
            return declared.then(|| p.value.clone());
        }
        if !is_block_name(&p.value) || p.value.len() > 32 {
            self.push(
                p.error(
                    Kind::Name,
                    format!("{:?} is not a valid name_prefix", p.value),
                )
                .with_help(format!("{BLOCK_NAME_HELP}, at most 32 characters")),
            );
            return None;
        }
        Some(p.value.clone())
    }

    /// A name as long as it can be deployed: the prefix's input at its
    /// longest value (its maximum length), so that a name checked against
    /// AWS's limits fits whatever value is passed.
    fn longest(&self, name: &str) -> String {
        reference::fill(name, |n| {
            self.inputs
                .get(n)
                .map_or(String::new(), |d| d.input().longest())
        })
    }

    /// How to fix a name that `prefix` starts and that breaks a limit of
    /// AWS: shorten `what`, or the prefix; for a prefix that is an input,
    /// its longest value is what breaks it.
    fn name_help(&self, prefix: &str, what: &str) -> String {
        match reference::whole(prefix) {
            Some(input) => format!(
                "shorten {what}, or lower the max_length of input {input:?}: the names are checked with the prefix at its longest, {} characters",
                self.longest(prefix).len()
            ),
            None => format!("shorten {what} or the name_prefix"),
        }
    }

    /// `regions`: every region of the account when left out; else the
    /// regions listed, each a region name and listed once.
    fn regions(&mut self, raw: &RawSpec) -> Regions {
        let Some(list) = &raw.regions else {
            return Regions::Every;
        };
        if list.value.is_empty() {
            self.push(
                list.error(Kind::Value, "`regions` lists no region")
                    .with_help("leave `regions` out for every region of the account, or list the regions the workloads run in"),
            );
        }
        let mut listed = std::collections::BTreeSet::new();
        for r in &list.value {
            if r.value.contains('*') {
                self.push(
                    r.error(Kind::Value, format!("{:?} is not an AWS region", r.value))
                        .with_help("leave `regions` out for every region of the account; list regions by name, such as us-east-1"),
                );
            } else if let Err(e) = resource::region_name(&r.value) {
                self.bad(r, Kind::Value, e);
            } else if !listed.insert(r.value.clone()) {
                self.push(
                    r.error(
                        Kind::Duplicate,
                        format!("region {:?} is listed twice", r.value),
                    )
                    .with_help("list each region once"),
                );
            }
        }
        Regions::Listed(listed.into_iter().collect())
    }

    fn guardrails(&mut self, raw: &RawSpec) -> Guardrails {
        let g = &raw.guardrails;
        if let Some(b) = &g.permissions_boundary {
            if let Err(e) = resource::policy_arn(&b.value) {
                self.bad(b, Kind::Arn, e);
            }
        }
        if let Some(p) = &g.path {
            if let Err(e) = resource::iam_path(&p.value) {
                self.bad(p, Kind::Value, e);
            }
        }
        // IAM tag rules (IAM User Guide, id_tags): at most 50 per role, keys up
        // to 128 and values up to 256 characters, no `aws:` prefix.
        if g.tags.len() > 50 {
            self.push(g.tags[50].0.error(
                Kind::Value,
                format!("{} tags are set; IAM allows 50 per role", g.tags.len()),
            ));
        }
        for (k, v) in &g.tags {
            if let Some((message, help)) = tag_key(&k.value) {
                self.push(k.error(Kind::Value, message).with_help(help));
            } else if k.value.to_ascii_lowercase().starts_with("aws:") {
                self.push(
                    k.error(
                        Kind::Value,
                        "tag keys starting with `aws:` are reserved for AWS",
                    )
                    .with_help(
                        "rename the tag: IAM refuses keys with the aws: prefix, in any case",
                    ),
                );
            }
            // A value may be an input of kind tag_value, whose pattern and
            // length the deployment's variable or parameter checks.
            if self.references(v, InputKind::TagValue, "a tag's value", true) {
                continue;
            }
            if !InputKind::TagValue.accepts(&v.value) {
                self.push(
                    v.error(
                        Kind::Value,
                        format!("{:?} is not a valid IAM tag value", v.value),
                    )
                    .with_help(
                        "tag values are up to 256 letters, digits, spaces and _ . : / = + - @; no tabs, line breaks or combining marks (accents written as separate marks)",
                    ),
                );
            }
        }
        Guardrails {
            keys: self.guards(&g.keys),
            permissions_boundary: g.permissions_boundary.as_ref().map(|b| b.value.clone()),
            path: g
                .path
                .as_ref()
                .map_or_else(|| "/".to_string(), |p| p.value.clone()),
            tags: g
                .tags
                .iter()
                .map(|(k, v)| (k.value.clone(), v.value.clone()))
                .collect(),
        }
    }

    /// The quotas, defaulted; the two that accounts can raise may be set in the spec.
    fn quotas(&mut self, raw: &RawSpec) -> Quotas {
        let mut q = Quotas::default();
        // IAM User Guide, reference_iam-quotas: trust policies 2,048 by default
        // and up to 4,096 through Service Quotas (8,192 is reported for some
        // accounts); managed policies per role 10 by default, up to 25.
        let mut number =
            |t: &Option<Text>, range: std::ops::RangeInclusive<usize>, default: usize| match t {
                None => default,
                Some(t) => match t.value.parse::<usize>() {
                    Ok(n) if range.contains(&n) => n,
                    _ => {
                        self.diagnostics.push(
                            t.error(
                                Kind::Value,
                                format!(
                                    "{} is not a whole number from {} to {}",
                                    t.value,
                                    range.start(),
                                    range.end()
                                ),
                            )
                            .with_help("set it to your account's IAM quota"),
                        );
                        default
                    }
                },
            };
        q.trust_policy_size = number(
            &raw.quotas.trust_policy_size,
            1..=8_192,
            q.trust_policy_size,
        );
        q.managed_policies_per_role = number(
            &raw.quotas.managed_policies_per_role,
            1..=25,
            q.managed_policies_per_role,
        );
        q
    }

    /// The spec's `input` blocks: names that make a Terraform variable and
    /// a CloudFormation parameter, a known kind, a default of that kind.
    fn declare_inputs(&mut self, raw: &RawSpec) {
        let mut parameters: BTreeMap<String, &str> = BTreeMap::new();
        for i in &raw.inputs {
            let name = &i.name.value;
            let well_formed = name.len() <= 64
                && name.starts_with(|c: char| c.is_ascii_lowercase())
                && name.split('_').all(|w| {
                    !w.is_empty()
                        && w.bytes()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            if !well_formed {
                self.push(
                    i.name
                        .error(Kind::Name, format!("{name:?} is not a valid input name"))
                        .with_help("input names become Terraform variables: lowercase letters and digits with single underscores, starting with a letter, e.g. \"data_bucket\""),
                );
                self.broken_inputs.insert(name.clone());
                continue;
            }
            if RESERVED_INPUTS.contains(&name.as_str()) || name.ends_with("_domain_id") {
                self.push(
                    i.name
                        .error(
                            Kind::Name,
                            format!("the output has a variable {name:?} of its own"),
                        )
                        .with_help("rename the input"),
                );
                self.broken_inputs.insert(name.clone());
                continue;
            }
            let parameter = pascal(name);
            if let Some(other) = parameters.insert(parameter.clone(), name) {
                self.push(
                    i.name
                        .error(Kind::Duplicate, format!("inputs {other:?} and {name:?} make the same CloudFormation parameter {parameter}"))
                        .with_help("rename one of them"),
                );
                self.broken_inputs.insert(name.clone());
                continue;
            }
            let Some(k) = &i.kind else {
                self.push(
                    i.name
                        .error(Kind::MissingField, format!("input {name:?} has no `kind`"))
                        .with_help(format!("add kind = one of {}", kind_names())),
                );
                self.broken_inputs.insert(name.clone());
                continue;
            };
            let Some(kind) = InputKind::named(&k.value) else {
                let d = k.error(Kind::Value, format!("{:?} is not a kind of input", k.value));
                self.push(match did_you_mean(&k.value, KINDS.iter().map(|f| f.name)) {
                    Some(s) => d.with_help(format!("did you mean {s:?}?")),
                    None => d.with_help(format!("kinds: {}", kind_names())),
                });
                self.broken_inputs.insert(name.clone());
                continue;
            };
            if kind == InputKind::IamRoleName {
                self.push(
                    k.error(Kind::Value, "no spec field takes an IAM role name: an existing role's name is an input of its own")
                        .with_help("set existing = true on the role block; the output then takes <role>_role_name"),
                );
                self.broken_inputs.insert(name.clone());
                continue;
            }
            if kind == InputKind::StudioDomainId {
                self.push(
                    k.error(Kind::Value, "no spec field takes a Studio domain id: a domain's id is an input of its own")
                        .with_help("set associate = true on the CreateDomain workload; the output then takes <domain>_domain_id"),
                );
                self.broken_inputs.insert(name.clone());
                continue;
            }
            // A bad default, description or maximum length is reported; the
            // input is still declared, so that its uses are checked against
            // its kind.
            let max_length = self.max_length(i, kind);
            let default = i.default.as_ref().filter(|d| {
                let ok = kind.accepts(&d.value) && d.value.chars().count() <= max_length;
                if !ok {
                    let f = kind.facts();
                    let what = if max_length < f.max_length {
                        format!("{} of at most {max_length} characters", f.what)
                    } else {
                        f.what.to_string()
                    };
                    self.push(
                        d.error(Kind::Value, format!("the default {:?} is not {what}", d.value))
                            .with_help(format!("a value of kind {} matches {} and has at most {max_length} characters, e.g. {:?}", f.name, f.pattern, f.sample)),
                    );
                }
                ok
            });
            let description = match &i.description {
                Some(d) if self.one_line(d, "an input's description") => d.value.clone(),
                _ => {
                    let f = kind.facts();
                    let mut what = f.what.to_string();
                    if let Some(first) = what.get_mut(..1) {
                        first.make_ascii_uppercase();
                    }
                    format!("{what}.")
                }
            };
            self.inputs.insert(
                name.clone(),
                DeclaredInput {
                    name: name.clone(),
                    kind,
                    description,
                    default: default.map(|d| d.value.clone()),
                    max_length,
                },
            );
        }
    }

    /// An input block's `max_length`: the kind's maximum, or a lower one
    /// for a name prefix, so that a spec whose names need more room than
    /// the longest prefix leaves (a tuning job's name has at most 32
    /// characters) can take its prefix as an input. Other kinds' lengths
    /// are AWS's own.
    fn max_length(&mut self, i: &RawInput, kind: InputKind) -> usize {
        let max = kind.facts().max_length;
        let Some(m) = &i.max_length else {
            return max;
        };
        if kind != InputKind::NamePrefix {
            self.push(
                m.error(
                    Kind::Value,
                    format!(
                        "an input of kind {:?} takes no max_length: its values are as long as AWS allows, at most {max} characters",
                        kind.name()
                    ),
                )
                .with_help("remove max_length; only a name_prefix input takes one"),
            );
            return max;
        }
        match m.value.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => n,
            _ => {
                self.push(
                    m.error(
                        Kind::Value,
                        format!("{} is not a whole number from 1 to {max}", m.value),
                    )
                    .with_help(format!(
                        "a name prefix has at most {max} characters; max_length may only lower that"
                    )),
                );
                max
            }
        }
    }

    /// Checks the inputs `t` names: declared, of the kind `place` takes,
    /// and each where `place` takes it (`whole`: the text is the one
    /// reference). Returns whether the text names any.
    fn references(&mut self, t: &Text, want: InputKind, place: &str, whole: bool) -> bool {
        let names: Vec<&str> = reference::names(&t.value).collect();
        if names.is_empty() {
            return false;
        }
        if whole && reference::whole(&t.value).is_none() {
            self.push(
                t.error(
                    Kind::Value,
                    format!("{place} takes an input only as the whole value"),
                )
                .with_help("write { input = \"NAME\" } alone"),
            );
            return true;
        }
        for name in names {
            if self.broken_inputs.contains(name) {
                continue;
            }
            let Some(d) = self.inputs.get(name) else {
                let known: Vec<&str> = self.inputs.keys().map(String::as_str).collect();
                let e = t.error(
                    Kind::UnknownReference,
                    format!("no input {name:?} is declared"),
                );
                let e = match did_you_mean(name, known.iter().copied()) {
                    Some(s) => e.with_help(format!("did you mean {s:?}?")),
                    None => e.with_help(format!(
                        "declare it: input {name:?} {{ kind = {:?} }}",
                        want.name()
                    )),
                };
                self.push(e);
                continue;
            };
            if d.kind != want {
                let e = t
                    .error(
                        Kind::Value,
                        format!(
                            "input {name:?} is of kind {:?}; {place} takes {}",
                            d.kind.name(),
                            want.facts().what
                        ),
                    )
                    .with_help(format!("name an input of kind {:?} here", want.name()));
                self.push(e);
            }
        }
        true
    }

    fn s3(&mut self, uris: &[Text]) -> Vec<S3Location> {
        let mut out = BTreeSet::new();
        for u in uris {
            // Most locations name no input: they are not taken apart in
            // search of one.
            let names_input = reference::any(&u.value);
            // A bucket that is an input: `s3://<reference>/prefix`, checked
            // as a URI with the kind's sample bucket, kept with the reference.
            let bucket = u
                .value
                .strip_prefix("s3://")
                .filter(|_| names_input)
                .and_then(|rest| rest.split_once('/').map_or(Some(rest), |(b, _)| Some(b)))
                .filter(|b| reference::whole(b).is_some());
            if let Some(b) = bucket {
                let place = Spanned {
                    value: b.to_string(),
                    ..u.clone()
                };
                self.references(&place, InputKind::S3Bucket, "an S3 location's bucket", true);
                let sample =
                    reference::fill(&u.value, |_| InputKind::S3Bucket.facts().sample.into());
                match resource::s3_uri(&sample) {
                    Ok(l) if reference::names(&l.prefix).next().is_none() => {
                        out.insert(S3Location {
                            bucket: b.to_string(),
                            prefix: l.prefix,
                        });
                    }
                    Ok(_) => {}
                    Err(e) => self.bad(u, Kind::S3Uri, e),
                }
                continue;
            }
            if names_input && self.references(u, InputKind::S3Bucket, "an S3 location", true) {
                continue;
            }
            match resource::s3_uri(&u.value) {
                Ok(l) => {
                    out.insert(l);
                }
                Err(e) => self.bad(u, Kind::S3Uri, e),
            }
        }
        out.into_iter().collect()
    }

    fn kms(&mut self, keys: &[Text]) -> Vec<KmsKey> {
        let mut out = BTreeSet::new();
        for k in keys {
            if self.references(k, InputKind::KmsKeyArn, "a KMS key", true) {
                out.insert(KmsKey::input(&k.value));
                continue;
            }
            match resource::kms_key(&k.value) {
                Ok(key) => {
                    out.insert(key);
                }
                Err(e) => self.bad(k, Kind::Arn, e),
            }
        }
        out.into_iter().collect()
    }

    /// Request-key guardrails as written, proven: instance-type patterns
    /// that can match an instance type, valid tag keys, no empty list.
    fn guards(&mut self, g: &RawGuards) -> BTreeMap<Guardrail, Guard> {
        let mut out = BTreeMap::new();
        for (guard, list) in &g.lists {
            if list.value.is_empty() {
                self.push(
                    list.error(
                        Kind::Value,
                        format!("an empty {} list allows nothing", guard.spec_name()),
                    )
                    .with_help(format!(
                        "list what is allowed, or remove {}",
                        guard.spec_name()
                    )),
                );
                continue;
            }
            let mut ok = true;
            for v in &list.value {
                let problem = match guard {
                    Guardrail::InstanceTypes => instance_type_pattern(&v.value),
                    _ => tag_key(&v.value),
                };
                if let Some((message, help)) = problem {
                    self.push(v.error(Kind::Value, message).with_help(help));
                    ok = false;
                }
            }
            if ok {
                let mut values: Vec<String> = list.value.iter().map(|v| v.value.clone()).collect();
                values.sort();
                values.dedup();
                out.insert(*guard, Guard::Values(values));
            }
        }
        for (guard, b) in &g.bools {
            out.insert(*guard, Guard::Bool(b.value));
        }
        out
    }

    /// A workload's own guardrail must pin something: a key that none of
    /// its API's create calls takes is an error (a spec-wide one applies
    /// where it can).
    fn guards_apply(&mut self, g: &RawGuards, api: &catalog::Api) {
        let written = g
            .lists
            .iter()
            .map(|(guard, l)| (*guard, &l.path, l.span))
            .chain(g.bools.iter().map(|(guard, b)| (*guard, &b.path, b.span)));
        for (guard, path, span) in written {
            if api.create.iter().any(|c| guard.applies_to(c.action)) {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::error(
                    Kind::FieldNotForApi,
                    path,
                    Some(span),
                    format!("{} cannot be pinned on {}", guard.spec_name(), api.name),
                )
                .with_help(format!(
                    "the Service Authorization Reference lists {} on none of {}'s create calls; remove it from this workload",
                    guard.key(),
                    api.name
                )),
            );
        }
    }

    /// The pins a workload gives up: each needs a reason, which the
    /// warning and the output repeat to the reviewer.
    fn opt_out(&mut self, o: &RawOptOut, vpc: bool) -> BTreeMap<OptOut, String> {
        let mut out = BTreeMap::new();
        for (pin, reason) in &o.reasons {
            // Without a subnet the notebook reaches the internet anyway
            // (SageMaker API Reference, CreateNotebookInstance:
            // DirectInternetAccess), so there is no pin to give up.
            if *pin == OptOut::DirectInternetAccess && !vpc {
                self.push(
                    reason
                        .error(Kind::MissingField, "opt_out.direct_internet_access without a vpc gives up nothing: a notebook outside a VPC always has direct internet access")
                        .with_help("add vpc { subnets = [...], security_groups = [...] }, or remove direct_internet_access"),
                );
                continue;
            }
            if reason.value.trim().is_empty() {
                self.push(
                    reason
                        .error(
                            Kind::Value,
                            format!("opting out of the {} pin needs a reason", pin.spec_name()),
                        )
                        .with_help(format!(
                            "write why the workload needs it: {} = \"REASON\"",
                            pin.spec_name()
                        )),
                );
                continue;
            }
            out.insert(*pin, reason.value.clone());
        }
        out
    }

    fn vpc(&mut self, v: &RawVpc) -> Vpc {
        for (ids, prefix, field, kind) in [
            (&v.subnets, "subnet", "subnets", InputKind::SubnetId),
            (
                &v.security_groups,
                "sg",
                "security_groups",
                InputKind::SecurityGroupId,
            ),
        ] {
            if ids.is_empty() {
                self.push(
                    Diagnostic::error(
                        Kind::MissingField,
                        format!("{}.{field}", v.path),
                        Some(v.span),
                        format!("the vpc block has no {field}"),
                    )
                    .with_help("a job in a VPC needs at least one subnet and one security group"),
                );
            }
            for id in ids {
                if self.references(id, kind, &format!("vpc.{field}"), true) {
                    continue;
                }
                if let Err(e) = resource::vpc_id(&id.value, prefix) {
                    self.bad(id, Kind::Value, e);
                }
            }
        }
        let sorted = |ids: &[Text]| {
            ids.iter()
                .map(|i| i.value.clone())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        Vpc {
            subnets: sorted(&v.subnets),
            security_groups: sorted(&v.security_groups),
        }
    }

    /// Resources named by ARN (or image URI), which `parse` reads, or by
    /// an input of `kind` standing for the whole value; each once, sorted.
    fn named<T: Ord>(
        &mut self,
        given: &[Text],
        kind: InputKind,
        place: &str,
        parse: fn(&str) -> Result<T, Bad>,
        bad: Kind,
    ) -> Vec<Named<T>> {
        let mut out = BTreeSet::new();
        for t in given {
            if self.references(t, kind, place, true) {
                out.insert(Named::Input(t.value.clone()));
                continue;
            }
            match parse(&t.value) {
                Ok(v) => {
                    out.insert(Named::Literal(v));
                }
                Err(e) => self.bad(t, bad, e),
            }
        }
        out.into_iter().collect()
    }

    fn lambdas(&mut self, arns: &[Text]) -> Vec<Named<resource::LambdaFunction>> {
        self.named(
            arns,
            InputKind::LambdaFunctionArn,
            "lambdas",
            resource::lambda_function,
            Kind::Arn,
        )
    }

    fn topics(&mut self, arns: &[Text], place: &str) -> Vec<Named<resource::SnsTopic>> {
        self.named(
            arns,
            InputKind::SnsTopicArn,
            place,
            resource::sns_topic,
            Kind::Arn,
        )
    }

    fn streaming(&mut self, s: &RawStreaming) -> Option<Streaming> {
        let topic =
            |cx: &mut Self, t: &Text, place: &str| cx.topics(std::slice::from_ref(t), place).pop();
        let output = s
            .output_topic
            .as_ref()
            .and_then(|t| topic(self, t, "streaming.output_topic"));
        let Some(input) = &s.input_topic else {
            self.push(
                Diagnostic::error(Kind::MissingField, &s.path, Some(s.span), "the streaming block has no input_topic")
                    .with_help("a streaming labeling job reads its tasks from an SNS topic: add input_topic = \"arn:aws:sns:REGION:ACCOUNT:NAME\""),
            );
            return None;
        };
        Some(Streaming {
            input: topic(self, input, "streaming.input_topic")?,
            output,
        })
    }

    fn app_types(&mut self, types: &[Text]) -> Vec<String> {
        let mut out = BTreeSet::new();
        for t in types {
            if STUDIO_APP_TYPES.contains(&t.value.as_str()) {
                out.insert(t.value.clone());
            } else {
                let d = t.error(
                    Kind::Value,
                    format!("unknown Studio app type {:?}", t.value),
                );
                let d = match did_you_mean(&t.value, STUDIO_APP_TYPES.iter().copied()) {
                    Some(s) => d.with_help(format!("did you mean {s:?}?")),
                    None => d.with_help(format!("app types: {}", STUDIO_APP_TYPES.join(", "))),
                };
                self.push(d);
            }
        }
        out.into_iter().collect()
    }

    /// A `follow` list, each value once, in [`Follow`]'s order; `default`
    /// when the spec leaves it out. Following needs something launched: a
    /// list beside no `launches` is reported.
    fn follow(
        &mut self,
        given: Option<&Spanned<Vec<Text>>>,
        launches: bool,
        default: &[Follow],
    ) -> Vec<Follow> {
        let Some(given) = given else {
            return default.to_vec();
        };
        if !launches {
            self.push(
                given
                    .error(Kind::MissingField, "`follow` without `launches` follows nothing")
                    .with_help("add launches = [\"NAME\"] naming the workloads to follow, or remove follow"),
            );
        }
        let names = Follow::ALL.map(Follow::spec_name);
        let mut out = BTreeSet::new();
        for t in &given.value {
            match Follow::from_spec_name(&t.value) {
                Some(f) => {
                    out.insert(f);
                }
                None => {
                    let d = t.error(Kind::Value, format!("unknown follow value {:?}", t.value));
                    let d = match did_you_mean(&t.value, names) {
                        Some(s) => d.with_help(format!("did you mean {s:?}?")),
                        None => d.with_help(format!("follow takes: {}", names.join(", "))),
                    };
                    self.push(d);
                }
            }
        }
        out.into_iter().collect()
    }

    /// A pipeline's `step_job_names`; the SDK's default when absent.
    fn step_job_names(&mut self, given: Option<&Text>) -> StepJobNames {
        self.one_of(
            given,
            Field::StepJobNames,
            &StepJobNames::ALL,
            StepJobNames::spec_name,
            "step_job_names takes: \"service\" (SageMaker Pipelines names the jobs, the SDK's default) or \"custom-prefix\" (PipelineDefinitionConfig(use_custom_job_prefix=True))",
        )
        .unwrap_or_default()
    }

    /// A space's `sharing`; private when absent, as a space with an owner
    /// was before `sharing` existed.
    fn sharing(&mut self, given: Option<&Text>) -> Sharing {
        self.one_of(
            given,
            Field::Sharing,
            &Sharing::ALL,
            Sharing::spec_name,
            "sharing takes: \"private\" (only its owner uses it, under the owner's role; the default) or \"shared\" (every profile of the domain, under the domain's space role)",
        )
        .unwrap_or(Sharing::Private)
    }

    /// The value of a field that takes one of a few names; `None` when it
    /// is absent or unknown (reported, with the nearest name or `help`).
    fn one_of<T: Copy>(
        &mut self,
        given: Option<&Text>,
        field: Field,
        all: &[T],
        spec_name: fn(T) -> &'static str,
        help: &str,
    ) -> Option<T> {
        let t = given?;
        let found = all.iter().copied().find(|v| spec_name(*v) == t.value);
        if found.is_none() {
            let d = t.error(
                Kind::Value,
                format!("unknown {} value {:?}", field.spec_name(), t.value),
            );
            let d = match did_you_mean(&t.value, all.iter().map(|v| spec_name(*v))) {
                Some(s) => d.with_help(format!("did you mean {s:?}?")),
                None => d.with_help(help),
            };
            self.push(d);
        }
        found
    }

    /// A pipeline's `steps`: step types sagerole knows what to grant for,
    /// each once, sorted. A step type whose calls sagerole does not model
    /// is an error whose way out is a `statement` block.
    fn steps(&mut self, given: &[Text]) -> Vec<String> {
        let mut out = BTreeSet::new();
        for t in given {
            match pipeline_step(&t.value) {
                Some(step) => match step.needs {
                    StepNeeds::Unsupported(why) => self.push(
                        t.error(
                            Kind::Value,
                            format!(
                                "sagerole cannot grant what step type {} needs: {why}",
                                step.name
                            ),
                        )
                        .with_help(STEP_STATEMENT_HELP),
                    ),
                    _ => {
                        out.insert(step.name.to_string());
                    }
                },
                None => {
                    let d = t.error(
                        Kind::Value,
                        format!("unknown pipeline step type {:?}", t.value),
                    );
                    let d = match did_you_mean(&t.value, PIPELINE_STEPS.iter().map(|s| s.name)) {
                        Some(s) => d.with_help(format!("did you mean {s:?}?")),
                        None => d.with_help(format!(
                            "steps takes the SageMaker Python SDK's step classes: {}; {STEP_STATEMENT_HELP}",
                            PIPELINE_STEPS
                                .iter()
                                .filter(|s| !matches!(s.needs, StepNeeds::Unsupported(_)))
                                .map(|s| s.name)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    };
                    self.push(d);
                }
            }
        }
        out.into_iter().collect()
    }

    fn queues(&mut self, arns: &[Text]) -> Vec<Named<resource::SqsQueue>> {
        self.named(
            arns,
            InputKind::SqsQueueArn,
            "callback_queues",
            resource::sqs_queue,
            Kind::Arn,
        )
    }

    /// A group's `consumers`: 12-digit account ids, sorted.
    fn accounts(&mut self, ids: &[Text]) -> Vec<String> {
        let mut out = BTreeSet::new();
        for id in ids {
            match resource::account_id(&id.value) {
                Ok(()) => {
                    out.insert(id.value.clone());
                }
                Err(e) => self.bad(id, Kind::Value, e),
            }
        }
        out.into_iter().collect()
    }

    fn alarms(&mut self, names: &[Text]) -> Vec<String> {
        let mut out = BTreeSet::new();
        for n in names {
            match resource::alarm_name(&n.value) {
                Ok(()) => {
                    out.insert(n.value.clone());
                }
                Err(e) => self.bad(n, Kind::Value, e),
            }
        }
        out.into_iter().collect()
    }

    fn asynchronous(&mut self, a: &RawAsync) -> Async {
        if a.output.is_empty() {
            self.push(
                Diagnostic::error(Kind::MissingField, format!("{}.output", a.path), Some(a.span), "the async block has no output")
                    .with_help("asynchronous inference writes every result to the S3 output path: add output = [\"s3://bucket/results/\"]"),
            );
        }
        let topics = self.topics(&a.topics, "async.topics");
        Async {
            inputs: self.s3(&a.inputs),
            output: self.s3(&a.output),
            failure: self.s3(&a.failure),
            topics,
        }
    }

    fn kms_block(&mut self, k: &RawKms) -> Kms {
        if k.input.is_empty()
            && k.output.is_empty()
            && k.volume.is_empty()
            && k.bucket_default.is_empty()
        {
            self.push(
                Diagnostic::error(
                    Kind::MissingField,
                    &k.path,
                    Some(k.span),
                    "the kms block names no key",
                )
                .with_help("set input, output, volume or bucket_default to a KMS key ARN, or remove the block"),
            );
        }
        Kms {
            input: self.kms(&k.input),
            output: self.kms(&k.output),
            volume: self.kms(&k.volume),
            bucket_default: self.kms(&k.bucket_default),
        }
    }

    fn data_capture(&mut self, d: &RawDataCapture) -> DataCapture {
        if d.destination.is_empty() {
            self.push(
                Diagnostic::error(Kind::MissingField, format!("{}.destination", d.path), Some(d.span), "the data_capture block has no destination")
                    .with_help("data capture writes the sampled requests and responses to DataCaptureConfig.DestinationS3Uri: add destination = \"s3://bucket/capture/\""),
            );
        }
        DataCapture {
            destination: self.s3(&d.destination),
            keys: self.kms(&d.kms_key),
        }
    }

    fn workloads(
        &mut self,
        raw: &RawSpec,
        prefix: Option<&str>,
        spec_guards: &BTreeMap<Guardrail, Guard>,
    ) -> BTreeMap<String, Workload> {
        let mut out = BTreeMap::new();
        for w in &raw.workloads {
            let name_ok = is_block_name(&w.name.value);
            if !name_ok {
                self.push(
                    w.name
                        .error(
                            Kind::Name,
                            format!("{:?} is not a valid workload name", w.name.value),
                        )
                        .with_help(BLOCK_NAME_HELP),
                );
            }
            let Some(api_text) = &w.api else {
                // The path names the missing field, so that an `api` of the
                // wrong type, reported by the front end at the same path,
                // is not also reported missing (see `crate::load`).
                self.push(
                    Diagnostic::error(
                        Kind::MissingField,
                        format!("{}.api", w.name.path),
                        Some(w.name.span),
                        format!("workload {:?} has no `api`", w.name.value),
                    )
                    .with_help(format!(
                        "set api to one of: {}",
                        catalog::api_names().collect::<Vec<_>>().join(", ")
                    )),
                );
                continue;
            };
            let Some(api) = catalog::api(&api_text.value) else {
                let mut d = api_text.error(
                    Kind::UnknownApi,
                    format!("unknown API {:?}", api_text.value),
                );
                d = match did_you_mean(&api_text.value, catalog::api_names()) {
                    Some(s) => d.with_help(format!("did you mean {s:?}?")),
                    None => d.with_help(format!(
                        "supported APIs: {}",
                        catalog::api_names().collect::<Vec<_>>().join(", ")
                    )),
                };
                self.push(d);
                continue;
            };
            for f in &w.fields {
                if !api.uses(f.value) {
                    self.push(
                        f.error(
                            Kind::FieldNotForApi,
                            format!("{} does not use `{}`", api.name, f.value.spec_name()),
                        )
                        .with_help(format!(
                            "{} uses: {}",
                            api.name,
                            api.fields
                                .iter()
                                .map(|f| f.spec_name())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    );
                }
            }
            for req in api.required {
                if !w.fields.iter().any(|f| f.value == *req) {
                    self.push(
                        w.name
                            .error(
                                Kind::MissingField,
                                format!(
                                    "workload {:?} ({}) needs `{}`",
                                    w.name.value,
                                    api.name,
                                    req.spec_name()
                                ),
                            )
                            .with_help(required_help(*req)),
                    );
                }
            }
            // An app is named after its space or profile, whose own check covers it.
            if let (Some(prefix), true, false) =
                (prefix, name_ok, api.runs_under == RunsUnder::AppHost)
            {
                let job_prefix = aws_name(prefix, &w.name.value);
                // Leave at least one character for the name that tells the
                // resources apart; the caller may create `<job_prefix>*` only.
                if self.longest(&job_prefix).len() >= api.max_name_len {
                    let help = self.name_help(prefix, "the workload name");
                    self.push(
                        w.name
                            .error(
                                Kind::Name,
                                format!(
                                    "resources of workload {:?} are named {:?}..., but a {} name is at most {} characters",
                                    w.name.value, reference::shown(&job_prefix), api.noun, api.max_name_len
                                ),
                            )
                            .with_help(help),
                    );
                }
            }
            let images = self.named(
                &w.images,
                InputKind::EcrRepositoryArn,
                "images",
                resource::ecr_image,
                Kind::ImageUri,
            );
            let workload = Workload {
                name: w.name.value.clone(),
                api,
                inputs: self.s3(&w.inputs),
                outputs: self.s3(&w.outputs),
                model_data: self.s3(&w.model_data),
                images,
                model: w.model.as_ref().map(|m| m.value.clone()),
                model_package_group: w.model_package_group.as_ref().and_then(|g| {
                    if !g.value.starts_with("arn:") {
                        return Some(GroupRef::Workload(g.value.clone()));
                    }
                    match resource::package_group(&g.value) {
                        Ok(group) => Some(GroupRef::Shared(group)),
                        Err(e) => {
                            self.bad(g, Kind::Arn, e);
                            None
                        }
                    }
                }),
                consumers: self.accounts(&w.consumers),
                vpc: w.vpc.as_ref().map(|v| self.vpc(v)),
                kms: w
                    .kms
                    .as_ref()
                    .map(|k| self.kms_block(k))
                    .unwrap_or_default(),
                launches: w
                    .launches
                    .iter()
                    .map(|l| l.value.clone())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                rollback_alarms: self.alarms(&w.rollback_alarms),
                asynchronous: w.asynchronous.as_ref().map(|a| self.asynchronous(a)),
                data_capture: w.data_capture.as_ref().map(|d| self.data_capture(d)),
                lambdas: self.lambdas(&w.lambdas),
                domain: w.domain.as_ref().map(|d| d.value.clone()),
                owner: w.owner.as_ref().map(|o| o.value.clone()),
                sharing: api
                    .uses(Field::Sharing)
                    .then(|| self.sharing(w.sharing.as_ref())),
                space: w.space.as_ref().map(|o| o.value.clone()),
                app_types: self.app_types(&w.app_types),
                associate: w.associate.as_ref().is_some_and(|a| a.value),
                // Set once every workload is known, below.
                domain_id: None,
                streaming: w.streaming.as_ref().and_then(|s| self.streaming(s)),
                automated_labeling: w.automated_labeling.as_ref().is_some_and(|a| a.value),
                follow: if api.uses(Field::Follow) {
                    self.follow(
                        w.follow.as_ref(),
                        !w.launches.is_empty(),
                        api.default_follow(),
                    )
                } else {
                    Vec::new()
                },
                opt_out: w
                    .opt_out
                    .as_ref()
                    .map(|o| self.opt_out(o, w.vpc.is_some()))
                    .unwrap_or_default(),
                guards: {
                    // The workload's own value overrides the spec-wide one.
                    let own = self.guards(&w.guardrails);
                    self.guards_apply(&w.guardrails, api);
                    let mut all = spec_guards.clone();
                    all.extend(own);
                    all
                },
                workteam: w
                    .workteam
                    .as_ref()
                    .and_then(|t| match resource::workteam(&t.value) {
                        Ok(team) => Some(team),
                        Err(e) => {
                            self.bad(t, Kind::Arn, e);
                            None
                        }
                    }),
                step_job_names: self.step_job_names(w.step_job_names.as_ref()),
                steps: self.steps(&w.steps),
                property_files: self.s3(&w.property_files),
                callback_queues: self.queues(&w.callback_queues),
            };
            out.entry(w.name.value.clone()).or_insert(workload);
        }
        // A workload left out above (no or an unknown `api`) has its own
        // error; a reference to it is not a second problem.
        let unresolved = |name: &str| {
            !out.contains_key(name) && raw.workloads.iter().any(|rw| rw.name.value == name)
        };
        // A workload that runs under another's model must name one that creates a model.
        for w in &raw.workloads {
            // The workload is looked up only when it names a model: most
            // do not, and each lookup compares names.
            let Some(m) = &w.model else { continue };
            let Some(this) = out.get(&w.name.value) else {
                continue;
            };
            if this.api.runs_under != RunsUnder::ModelRole {
                continue;
            }
            match out.get(&m.value) {
                None if unresolved(&m.value) => {}
                None => {
                    let d = m.error(
                        Kind::UnknownReference,
                        format!("no workload named {:?}", m.value),
                    );
                    self.push(with_suggestion(d, &m.value, out.keys().map(String::as_str)));
                }
                Some(target) if !target.api.creates("model") => {
                    self.push(
                        m.error(
                            Kind::UnknownReference,
                            format!(
                                "workload {:?} ({}) creates no model",
                                m.value, target.api.name
                            ),
                        )
                        .with_help(format!(
                            "{} runs a model: name a CreateModel workload",
                            this.api.name
                        )),
                    );
                }
                Some(_) => {}
            }
        }
        // A model from a model registry names a registry workload, and
        // reads its versions' artifacts, which the spec must name: the role
        // reads them at CreateModel (its `model_data`).
        for w in &raw.workloads {
            let Some(g) = &w.model_package_group else {
                continue;
            };
            let Some(this) = out.get(&w.name.value) else {
                continue;
            };
            // An API without the field has its own error.
            if !this.api.uses(Field::ModelPackageGroup) {
                continue;
            }
            if !g.value.starts_with("arn:") {
                self.registry_ref(g, raw, &out);
            }
            if this.model_data.is_empty() && w.model_data.is_empty() {
                self.push(
                    g.error(
                        Kind::MissingField,
                        format!(
                            "workload {:?} creates its model from the versions of {:?}, but names no model_data",
                            w.name.value, g.value
                        ),
                    )
                    .with_help("add model_data naming where the registered versions' artifacts (ModelDataUrl) are: the execution role reads them"),
                );
            }
        }
        // Callers and launching roles may create a workload's resources as
        // `<name_prefix>-<workload>` or `<name_prefix>-<workload>-*`
        // (names::name_patterns). When one workload's name is another's and a
        // hyphen ("rank" and "rank-large"), that pattern would also cover the
        // other's resources of the same kind, and so would its log streams;
        // "rank" and "ranker" do not meet. Kinds named exactly
        // (catalog::NAMED_EXACTLY) are granted on the one name and never meet.
        let scopes = |w: &Workload| -> BTreeSet<String> {
            let mut kinds: BTreeSet<String> = w
                .api
                .create
                .iter()
                .flat_map(|c| c.resource_types)
                .filter(|t| **t != "domain" && !crate::catalog::named_exactly(t))
                .map(|t| t.to_string())
                .collect();
            if let Some(crate::catalog::LogGroup::Shared(g)) = w.api.log_group {
                kinds.insert(format!("log streams of {g}"));
            }
            kinds
        };
        // Workloads by the name their resources carry, so that each one looks
        // up only its own name's prefixes (linear in the workloads).
        let mut by_base: BTreeMap<&str, Vec<(&String, &Workload)>> = BTreeMap::new();
        for (a, wa) in &out {
            by_base.entry(wa.resource_base()).or_default().push((a, wa));
        }
        for b in &raw.workloads {
            let Some(wb) = out.get(&b.name.value) else {
                continue;
            };
            // Apps are named after their space or profile: compare those names.
            let base = wb.resource_base();
            let shorter = base
                .char_indices()
                .filter(|&(i, _)| i > 0 && super::names::covers(&base[..i], base))
                .filter_map(|(i, _)| by_base.get(&base[..i]))
                .flatten();
            for &(a, wa) in shorter {
                let shared: Vec<String> = scopes(wa).intersection(&scopes(wb)).cloned().collect();
                if !shared.is_empty() {
                    let kind = shared.join(" and ");
                    let abase = wa.resource_base();
                    let message = if base == b.name.value && abase == a.as_str() {
                        format!(
                            "workload {:?} starts with the name of workload {a:?} and a hyphen",
                            b.name.value
                        )
                    } else {
                        format!(
                            "workload {:?}'s resources are named after {base:?}, and workload {a:?}'s after {abase:?}, a prefix of it",
                            b.name.value
                        )
                    };
                    self.push(
                        b.name
                            .error(Kind::Name, message)
                            .with_help(format!(
                                "grants scoped to {a:?}'s {kind} (named <name_prefix>-{abase}-*) would also cover {:?}'s; rename one so that neither name starts with the other and a hyphen",
                                b.name.value
                            )),
                    );
                }
            }
        }
        // Studio: a user profile or space names a domain workload, and a
        // private space an owner that is a user profile of the same domain.
        let creates = |name: &str, t: &str| out.get(name).is_some_and(|w| w.api.creates(t));
        for w in &raw.workloads {
            let Some(this) = out.get(&w.name.value) else {
                continue;
            };
            if let Some(d) = &w.domain {
                if !creates(&d.value, "domain") && !unresolved(&d.value) {
                    self.push(not_a(d, "CreateDomain", "domain", &out));
                }
            }
            if let Some(o) = &w.owner {
                let same_domain = out.get(&o.value).is_some_and(|p| p.domain == this.domain);
                if unresolved(&o.value) {
                    // Reported at the owner's block.
                } else if !creates(&o.value, "user-profile") {
                    self.push(not_a(o, "CreateUserProfile", "user-profile", &out));
                } else if !same_domain {
                    self.push(
                        o.error(
                            Kind::Value,
                            format!("user profile {:?} belongs to another domain", o.value),
                        )
                        .with_help(
                            "the owner of a space or app is a user profile of the same domain",
                        ),
                    );
                }
            }
            if this.api.uses(Field::AutomatedLabeling) && !this.automated_labeling {
                if let Some(v) = &w.vpc {
                    self.push(
                        Diagnostic::error(Kind::Value, &v.path, Some(v.span), "a labeling job uses a VPC only for automated labeling")
                            .with_help("set automated_labeling = true, or remove the vpc block: human labeling runs no compute in your VPC"),
                    );
                }
            }
            // An endpoint's output key is the key of its asynchronous results
            // (AsyncInferenceConfig.OutputConfig.KmsKeyId); without
            // asynchronous inference no request names it.
            if this.api.uses(Field::Async)
                && !this.api.uses(Field::Outputs)
                && w.asynchronous.is_none()
            {
                if let Some(k) = w.kms.as_ref().and_then(|k| k.output.first()) {
                    self.push(
                        k.error(
                            Kind::Value,
                            format!("kms.output of a {} workload is the key of its asynchronous results, and the workload has no async block", this.api.name),
                        )
                        .with_help("add async { output = [...] }, or declare the key where it is used: kms.input for SSE-KMS model artifacts, data_capture.kms_key for captured data, kms.bucket_default for a bucket's default key"),
                    );
                }
            }
            if this.api.runs_under == RunsUnder::AppHost {
                match (&w.space, &w.owner) {
                    (Some(s), Some(_)) => self.push(
                        s.error(
                            Kind::Value,
                            "an app runs in a space or belongs to a user profile, not both",
                        )
                        .with_help(
                            "keep space for a space's app, or owner for a Studio Classic app",
                        ),
                    ),
                    (None, None) => self.push(
                        w.name
                            .error(
                                Kind::MissingField,
                                format!(
                                    "workload {:?} (CreateApp) needs `space` or `owner`",
                                    w.name.value
                                ),
                            )
                            .with_help(
                                "add space = \"NAME\" naming the CreateSpace workload it runs in",
                            ),
                    ),
                    (Some(s), None) => {
                        let space = out.get(&s.value);
                        if unresolved(&s.value) {
                            // Reported at the space's block.
                        } else if !creates(&s.value, "space") {
                            self.push(not_a(s, "CreateSpace", "space", &out));
                        } else if space.is_some_and(|sp| sp.domain != this.domain) {
                            self.push(
                                s.error(
                                    Kind::Value,
                                    format!("space {:?} belongs to another domain", s.value),
                                )
                                .with_help("an app runs in a space of its own domain"),
                            );
                        }
                    }
                    (None, Some(_)) => {}
                }
            }
        }
        self.pipeline_steps(raw, &out, prefix);
        // Launched workloads must exist, and a workload cannot launch itself.
        for w in &raw.workloads {
            for l in &w.launches {
                if l.value == w.name.value {
                    self.push(
                        l.error(
                            Kind::Value,
                            format!("workload {:?} launches itself", l.value),
                        )
                        .with_help("remove it from launches"),
                    );
                } else if !out.contains_key(&l.value) && !unresolved(&l.value) {
                    let d = l.error(
                        Kind::UnknownReference,
                        format!("no workload named {:?}", l.value),
                    );
                    self.push(with_suggestion(d, &l.value, out.keys().map(String::as_str)));
                }
            }
        }
        // The id of a domain that associates is an input of the output, and
        // names the domain in the ARNs of its profiles, spaces and apps.
        let associated: BTreeSet<String> = out
            .values()
            .filter(|w| w.associate && w.api.creates("domain"))
            .map(|w| w.name.clone())
            .collect();
        for w in out.values_mut() {
            w.domain_id = w
                .domain
                .as_ref()
                .filter(|d| associated.contains(*d))
                .map(|d| Input::StudioDomainId(d.clone()));
        }
        out
    }

    /// A pipeline's declared steps need what they run: a launched workload
    /// of the step's API, or the field naming what the step calls. With
    /// custom job prefixes, each launched workload's name is its steps'
    /// base job name, which SageMaker Pipelines limits per step type.
    fn pipeline_steps(
        &mut self,
        raw: &RawSpec,
        out: &BTreeMap<String, Workload>,
        prefix: Option<&str>,
    ) {
        for rw in &raw.workloads {
            let Some(w) = out.get(&rw.name.value) else {
                continue;
            };
            let launched = || w.launches.iter().filter_map(|l| out.get(l));
            for t in &rw.steps {
                let Some(step) = pipeline_step(&t.value) else {
                    continue;
                };
                match step.needs {
                    StepNeeds::Launch(apis) => {
                        if !launched().any(|l| apis.contains(&l.api.name)) {
                            self.push(
                                t.error(
                                    Kind::MissingField,
                                    format!(
                                        "a {} runs what a {} workload does, but workload {:?} launches none",
                                        step.name,
                                        apis.join(" or "),
                                        w.name
                                    ),
                                )
                                .with_help(format!(
                                    "add the {} workload the step runs to launches",
                                    apis.join(" or ")
                                )),
                            );
                        }
                    }
                    // A field written with bad values has its own error.
                    StepNeeds::Field(f) if !rw.fields.iter().any(|x| x.value == f) => self.push(
                        t.error(
                            Kind::MissingField,
                            format!(
                                "a {} needs `{}`, which workload {:?} does not set",
                                step.name,
                                f.spec_name(),
                                w.name
                            ),
                        )
                        .with_help(required_help(f)),
                    ),
                    StepNeeds::Field(_) | StepNeeds::Nothing | StepNeeds::Unsupported(_) => {}
                }
            }
            let (Some(prefix), StepJobNames::CustomPrefix) = (prefix, w.step_job_names) else {
                continue;
            };
            for l in &rw.launches {
                let Some(target) = out.get(&l.value) else {
                    continue;
                };
                let Some(limit) = custom_prefix_limit(target.api.name) else {
                    continue;
                };
                let base = aws_name(prefix, target.resource_base());
                if self.longest(&base).len() > limit {
                    let help = format!(
                        "{}, or use step_job_names = \"service\"",
                        self.name_help(prefix, "the workload name")
                    );
                    self.push(
                        l.error(
                            Kind::Name,
                            format!(
                                "with step_job_names = \"custom-prefix\" the step's base job name is {:?}, but SageMaker Pipelines takes at most {limit} characters as the prefix of a {} step",
                                reference::shown(&base), target.api.noun
                            ),
                        )
                        .with_help(help),
                    );
                }
            }
        }
    }

    fn roles(
        &mut self,
        raw: &RawSpec,
        workloads: &BTreeMap<String, Workload>,
        prefix: Option<&str>,
    ) -> Vec<RoleDraft> {
        let mut drafts = Vec::new();
        let mut assigned: BTreeMap<String, String> = BTreeMap::new();
        for r in &raw.roles {
            if !is_block_name(&r.name.value) {
                self.push(
                    r.name
                        .error(
                            Kind::Name,
                            format!("{:?} is not a valid role name", r.name.value),
                        )
                        .with_help(BLOCK_NAME_HELP),
                );
            }
            let trust = match r.trust.as_ref().map(|t| t.value.as_str()) {
                Some("auto") => TrustMode::Auto,
                None | Some("strict") => TrustMode::Strict,
                Some("off") => TrustMode::Off,
                Some(other) => {
                    let t = r.trust.as_ref().expect("matched Some");
                    let d = t.error(Kind::Value, format!("unknown trust mode {other:?}"));
                    self.push(with_suggestion(d, other, ["auto", "strict", "off"]));
                    TrustMode::Strict
                }
            };
            if let Some(d) = &r.description {
                // IAM `roleDescriptionType`: up to 1,000 characters of TAB, LF, CR, U+0020–U+007E, U+00A1–U+00FF.
                let ok = d.value.chars().count() <= 1000
                    && d.value
                        .chars()
                        .all(|c| matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a1}'..='\u{ff}'));
                if let Err(e) = resource::hcl_safe(&d.value, "the role description") {
                    self.bad(d, Kind::Value, e);
                } else if !ok {
                    self.push(d.error(Kind::Value, "the role description breaks IAM's rules").with_help(
                        "IAM role descriptions are at most 1,000 printable characters up to U+00FF",
                    ));
                }
            }
            let full_access = match r.permissions.as_ref().map(|p| p.value.as_str()) {
                None | Some("scoped") => {
                    if let Some(b) = r.full_access_buckets.first() {
                        self.push(b.error(Kind::Value, "full_access_buckets needs permissions = \"full-access\"").with_help(
                            "scoped roles get S3 access from their workloads' inputs and outputs; remove full_access_buckets",
                        ));
                    }
                    None
                }
                Some("full-access") => {
                    let mut buckets = BTreeSet::new();
                    for b in &r.full_access_buckets {
                        match resource::s3_uri(&format!("s3://{}", b.value)) {
                            Ok(l) if l.prefix.is_empty() => {
                                buckets.insert(l.bucket);
                            }
                            Ok(_) => self.push(
                                b.error(Kind::S3Uri, format!("{:?} is not a bucket name", b.value))
                                    .with_help("name buckets without s3:// or a key"),
                            ),
                            Err(e) => self.bad(b, Kind::S3Uri, e),
                        }
                    }
                    Some(buckets.into_iter().collect())
                }
                Some(other) => {
                    let p = r.permissions.as_ref().expect("matched Some");
                    let d = p.error(Kind::Value, format!("unknown permissions mode {other:?}"));
                    self.push(with_suggestion(d, other, ["scoped", "full-access"]));
                    None
                }
            };
            let existing = r.existing.as_ref().is_some_and(|e| e.value);
            if existing {
                self.existing_role(r, full_access.is_some());
            }
            if r.workloads.is_empty() {
                self.push(
                    r.name
                        .error(
                            Kind::MissingField,
                            format!("role {:?} lists no workloads", r.name.value),
                        )
                        .with_help(
                            "set workloads = [\"...\"] to the workloads that run under this role",
                        ),
                );
            }
            let mut own = BTreeSet::new();
            for w in &r.workloads {
                // AWS documents no names for the models and endpoints that
                // AutoML creates, deploys and deletes under its role, so the
                // role holds those actions on every model, endpoint config
                // and endpoint of the account: shared, they would undo the
                // other workloads' pins and let them delete other teams'
                // endpoints. Such a workload gets a role of its own.
                if let Some(wl) = workloads.get(&w.value) {
                    if !wl.api.role_actions.is_empty() && r.workloads.len() > 1 {
                        self.push(
                            w.error(
                                Kind::Value,
                                format!(
                                    "workload {:?} ({}) cannot share a role",
                                    w.value, wl.api.name
                                ),
                            )
                            .with_help(format!(
                                "the service creates and deletes models and endpoints under its role with names AWS does not document, so the role holds them on every model and endpoint of the account; give {:?} a role of its own",
                                w.value
                            )),
                        );
                    }
                }
                match workloads.get(&w.value) {
                    None if raw.workloads.iter().any(|rw| rw.name.value == w.value) => {} // reported already
                    None => {
                        let d = w.error(
                            Kind::UnknownReference,
                            format!("no workload named {:?}", w.value),
                        );
                        self.push(with_suggestion(
                            d,
                            &w.value,
                            workloads.keys().map(String::as_str),
                        ));
                    }
                    Some(wl) if wl.api.runs_under != RunsUnder::OwnRole => {
                        self.push(
                            w.error(
                                Kind::Value,
                                format!(
                                    "workload {:?} ({}) takes no role of its own",
                                    w.value, wl.api.name
                                ),
                            )
                            .with_help(match wl.host() {
                                Some(host) => format!(
                                    "it runs under the role of {host:?}; remove it from this role"
                                ),
                                // A registry record runs nothing.
                                None => "it runs nothing, so no role serves it; remove it from this role, and name it in `launches` of whoever creates it".into(),
                            }),
                        );
                    }
                    Some(_) => {
                        if let Some(other) = assigned.get(&w.value) {
                            self.push(
                                w.error(
                                    Kind::Duplicate,
                                    format!("workload {:?} is already in role {other:?}", w.value),
                                )
                                .with_help("a workload runs under exactly one role"),
                            );
                        } else {
                            assigned.insert(w.value.clone(), r.name.value.clone());
                            own.insert(w.value.clone());
                        }
                    }
                }
            }
            drafts.push((
                r.name.clone(),
                RoleDraft {
                    key: r.name.value.clone(),
                    name: String::new(),
                    description: r.description.as_ref().map(|d| d.value.clone()),
                    trust,
                    trust_written: r.trust.is_some(),
                    workloads: own.into_iter().collect(),
                    full_access,
                    statements: self.declared(&r.statements),
                    existing,
                },
            ));
        }
        // Workloads with a role of their own but no role block get one named after them.
        for (name, w) in workloads {
            if w.api.runs_under == RunsUnder::OwnRole && !assigned.contains_key(name) {
                let at = raw
                    .workloads
                    .iter()
                    .find(|rw| &rw.name.value == name)
                    .expect("lowered from raw")
                    .name
                    .clone();
                if let Some((r, _)) = drafts.iter().find(|(_, d)| &d.key == name) {
                    self.push(
                        r.error(Kind::Duplicate, format!("role {name:?} has the name of workload {name:?}, which is in no role"))
                            .with_help(format!("add {name:?} to a role's workloads, or rename the role")),
                    );
                    continue;
                }
                drafts.push((
                    at,
                    RoleDraft {
                        key: name.clone(),
                        name: String::new(),
                        description: None,
                        trust: TrustMode::Strict,
                        trust_written: false,
                        workloads: vec![name.clone()],
                        full_access: None,
                        statements: Vec::new(),
                        existing: false,
                    },
                ));
            }
        }
        drafts.sort_by(|a, b| a.1.key.cmp(&b.1.key));
        if let Some(prefix) = prefix {
            for (at, d) in &mut drafts {
                if d.existing {
                    // Named by its input: IAM's rules for the name are the
                    // input's pattern, which its variable and parameter check.
                    d.name = reference::to(&tf_name::role_name(&d.key));
                    continue;
                }
                d.name = aws_name(prefix, &d.key);
                let longest = self.longest(&d.name);
                if let Err(e) = resource::iam_name(&longest, 64) {
                    let (message, help) = if longest == d.name {
                        (e.message, e.help.to_string())
                    } else {
                        (
                            format!(
                                "{} characters, with the prefix at its longest; IAM allows 1 to 64",
                                longest.len()
                            ),
                            self.name_help(prefix, "the role's name"),
                        )
                    };
                    self.push(
                        at.error(
                            Kind::Name,
                            format!(
                                "the role name {:?} breaks IAM's rules: {message}",
                                reference::shown(&d.name)
                            ),
                        )
                        .with_help(help),
                    );
                }
            }
        }
        let mut ids: BTreeMap<String, &str> = BTreeMap::new();
        for (at, d) in &drafts {
            // CloudFormation logical ids drop the hyphens; two keys must not meet there.
            let id = pascal(&d.key);
            if let Some(other) = ids.insert(id.clone(), &d.key) {
                self.push(
                    at.error(
                        Kind::Name,
                        format!(
                            "roles {other:?} and {:?} would both be called {id} in CloudFormation",
                            d.key
                        ),
                    )
                    .with_help("rename one of them"),
                );
            }
        }
        drafts.into_iter().map(|(_, d)| d).collect()
    }

    /// What a role marked `existing` may not have: a trust mode (its trust
    /// policy is its owner's), AWS managed policies (CloudFormation attaches
    /// them only to a role it creates), an input of its input's name.
    fn existing_role(&mut self, r: &RawRole, full_access: bool) {
        let key = &r.name.value;
        if let Some(t) = &r.trust {
            self.push(
                t.error(
                    Kind::Value,
                    format!("role {key:?} is existing: its trust policy is its owner's, not the output's"),
                )
                .with_help("remove trust; the generated README gives the conditions the owner's trust policy should hold"),
            );
        }
        if full_access {
            let p = r.permissions.as_ref().expect("full access is written");
            self.push(
                p.error(Kind::Value, format!("existing role {key:?} takes scoped permissions only"))
                    .with_help("CloudFormation attaches AWS managed policies only to a role it creates: attach AmazonSageMakerFullAccess where the role is managed, or remove existing"),
            );
        }
        let input = Input::ExistingRole(key.clone());
        let (variable, parameter) = (input.name(), existing_role_parameter(key));
        let clash = self
            .inputs
            .keys()
            .chain(&self.broken_inputs)
            .find(|name| **name == variable || pascal(name) == parameter);
        if let (Some(name), Some(e)) = (clash, &r.existing) {
            self.push(
                e.error(
                    Kind::Duplicate,
                    format!("existing role {key:?} takes its name as input {variable:?} (parameter {parameter}), which input {name:?} also makes"),
                )
                .with_help("rename the input block"),
            );
        }
    }

    /// The `statement` blocks of a role or caller, their values well formed.
    /// What they allow (actions that exist, resources of the actions'
    /// types, condition keys that apply) is the lint's to judge, as for
    /// every statement; here are the rules of the block itself: a name, a
    /// reason, something to allow, and `allow_wildcard` as the only way to
    /// a `*` resource.
    fn declared(&mut self, raws: &[RawStatement]) -> Vec<Declared> {
        let mut out = Vec::new();
        for r in raws {
            let name = &r.name;
            let mut ok = true;
            if !is_block_name(&name.value) {
                self.push(
                    name.error(
                        Kind::Name,
                        format!("{:?} is not a valid statement name", name.value),
                    )
                    .with_help(BLOCK_NAME_HELP),
                );
                ok = false;
            }
            let missing = |field: &str, message: String, help: &str| {
                Diagnostic::error(
                    Kind::MissingField,
                    format!("{}.{field}", name.path),
                    Some(name.span),
                    message,
                )
                .with_help(help)
            };
            let reason = match &r.reason {
                None => {
                    self.push(missing(
                        "reason",
                        format!("statement {:?} has no `reason`", name.value),
                        "say why the role needs this access: reason = \"the lifecycle configuration reads /ml/setup at start\"; explain and the output show it",
                    ));
                    ok = false;
                    String::new()
                }
                Some(t) => {
                    if !self.one_line(t, "the reason") {
                        ok = false;
                    }
                    t.value.clone()
                }
            };
            if r.actions.is_empty() {
                self.push(missing(
                    "actions",
                    format!("statement {:?} allows no actions", name.value),
                    "list the actions it allows: actions = [\"ssm:GetParameter\"]",
                ));
                ok = false;
            }
            let mut actions = BTreeSet::new();
            for a in &r.actions {
                // `service:Action`, IAM's wildcards allowed so that the
                // lint can name a service wildcard for what it is.
                let shape = a.value.split_once(':').is_some_and(|(service, action)| {
                    !service.is_empty()
                        && !action.is_empty()
                        && service
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-')
                        && action
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '*' || c == '?')
                });
                if shape {
                    actions.insert(a.value.clone());
                } else {
                    self.push(
                        a.error(Kind::Value, format!("{:?} is not an IAM action", a.value))
                            .with_help("actions are SERVICE:ACTION, such as ssm:GetParameter"),
                    );
                    ok = false;
                }
            }
            if r.resources.is_empty() {
                self.push(missing(
                    "resources",
                    format!("statement {:?} names no resources", name.value),
                    "list the ARNs it allows them on: resources = [\"arn:aws:ssm:REGION:ACCOUNT:parameter/NAME\"]",
                ));
                ok = false;
            }
            let mut resources = BTreeSet::new();
            for t in &r.resources {
                match resource::declared_resource(&t.value) {
                    Ok(()) if t.value == "*" && r.allow_wildcard.is_none() => {
                        self.push(
                            t.error(
                                Kind::Value,
                                format!("statement {:?} grants \"*\" without allow_wildcard", name.value),
                            )
                            .with_help("name the resources; where AWS takes nothing narrower, say why: allow_wildcard = \"REASON\""),
                        );
                        ok = false;
                    }
                    Ok(()) => {
                        resources.insert(super::value::Str::lit(&t.value));
                    }
                    Err(e) => {
                        self.bad(t, Kind::Arn, e);
                        ok = false;
                    }
                }
            }
            let wildcard = match &r.allow_wildcard {
                Some(w) if !r.resources.iter().any(|t| t.value == "*") => {
                    self.push(
                        w.error(
                            Kind::Value,
                            format!(
                                "statement {:?} sets allow_wildcard but grants no \"*\"",
                                name.value
                            ),
                        )
                        .with_help("remove allow_wildcard: it is only for a \"*\" resource"),
                    );
                    ok = false;
                    None
                }
                Some(w) => {
                    if !self.one_line(w, "allow_wildcard") {
                        ok = false;
                    }
                    Some(w.value.clone())
                }
                None => None,
            };
            let mut conditions: Vec<super::Condition> = Vec::new();
            for c in &r.conditions {
                if !catalog::operators::is_operator(&c.operator.value) {
                    let d = c.operator.error(
                        Kind::Value,
                        format!("{:?} is not an IAM condition operator", c.operator.value),
                    );
                    let all = catalog::operators::all();
                    self.push(match did_you_mean(&c.operator.value, all.iter().map(String::as_str)) {
                        Some(s) => d.with_help(format!("did you mean {s:?}?")),
                        None => d.with_help("IAM User Guide, \"IAM JSON policy elements: Condition operators\", lists them: StringEquals, StringLike, ArnLike, Bool, ..."),
                    });
                    ok = false;
                    continue;
                }
                if conditions.iter().any(|x| {
                    x.operator == c.operator.value && x.key.eq_ignore_ascii_case(&c.key.value)
                }) {
                    self.push(
                        c.key
                            .error(
                                Kind::Duplicate,
                                format!("{} tests {:?} twice", c.operator.value, c.key.value),
                            )
                            .with_help("list every value under the key once"),
                    );
                    ok = false;
                    continue;
                }
                if c.values.is_empty() {
                    self.push(
                        c.key
                            .error(Kind::MissingField, format!("condition key {:?} has no values", c.key.value))
                            .with_help("a condition with no values matches no request; list them: KEY = [\"VALUE\"]"),
                    );
                    ok = false;
                }
                let mut values = BTreeSet::new();
                for v in &c.values {
                    match resource::declared_policy_text(&v.value, "the condition value") {
                        Ok(_) => {
                            values.insert(super::value::Str::lit(&v.value));
                        }
                        Err(e) => {
                            self.bad(v, Kind::Value, e);
                            ok = false;
                        }
                    }
                }
                conditions.push(super::Condition {
                    operator: c.operator.value.clone(),
                    key: c.key.value.clone(),
                    values: values.into_iter().collect(),
                });
            }
            conditions.sort();
            if ok {
                out.push(Declared {
                    name: name.value.clone(),
                    reason,
                    actions: actions.into_iter().collect(),
                    resources: resources.into_iter().collect(),
                    conditions,
                    wildcard,
                });
            }
        }
        out
    }

    /// Whether text the output writes into comments and metadata (a
    /// declared statement's reasons) is one line of text a policy could
    /// hold, reporting it when not.
    fn one_line(&mut self, t: &Text, what: &str) -> bool {
        if t.value.trim().is_empty() {
            self.push(
                t.error(Kind::Value, format!("{what} is empty"))
                    .with_help("say in a sentence why the statement is needed"),
            );
            return false;
        }
        match resource::declared_policy_text(&t.value, what) {
            Ok(_) if t.value.contains(['\n', '\r', '\t']) => {
                self.push(
                    t.error(Kind::Value, format!("{what} spans several lines"))
                        .with_help("write it on one line"),
                );
                false
            }
            Ok(_) => true,
            Err(e) => {
                self.bad(t, Kind::Value, e);
                false
            }
        }
    }

    fn callers(
        &mut self,
        raw: &RawSpec,
        workloads: &BTreeMap<String, Workload>,
        roles: &[RoleDraft],
    ) -> Vec<CallerDraft> {
        let mut out = Vec::new();
        // Workload → its role's key, indexed once: callers may launch many.
        let owners: BTreeMap<&str, &str> = roles
            .iter()
            .flat_map(|r| {
                r.workloads
                    .iter()
                    .map(move |w| (w.as_str(), r.key.as_str()))
            })
            .collect();
        let role_of = |w: &str| role_holder(w, workloads).and_then(|h| owners.get(h).copied());
        for c in &raw.callers {
            if !is_block_name(&c.name.value) {
                self.push(
                    c.name
                        .error(
                            Kind::Name,
                            format!("{:?} is not a valid caller name", c.name.value),
                        )
                        .with_help(BLOCK_NAME_HELP),
                );
            }
            let Some(p) = &c.principal else {
                // At the field's path, like a missing `api`.
                self.push(
                    Diagnostic::error(Kind::MissingField, format!("{}.principal", c.name.path), Some(c.name.span), format!("caller {:?} has no `principal`", c.name.value))
                        .with_help("set principal to the ARN of the IAM role or user that launches the workloads"),
                );
                continue;
            };
            // A principal that is an input is a role ARN without a path,
            // whose account and name each emitter takes from the value.
            let parts = if self.references(p, InputKind::IamRoleArn, "a caller's principal", true) {
                None
            } else {
                match resource::principal(&p.value) {
                    Ok(parts) => Some(parts),
                    Err(e) => {
                        self.bad(p, Kind::Arn, e);
                        continue;
                    }
                }
            };
            let mut passes = BTreeSet::new();
            // Roles that a misspelt entry of `passes` most likely means: the
            // error for the misspelling suggests them, so a launch that
            // needs one is not a second error.
            let mut meant: Vec<&str> = Vec::new();
            for r in &c.passes {
                if roles.iter().any(|d| d.key == r.value) {
                    passes.insert(r.value.clone());
                } else if !workloads.contains_key(&r.value)
                    && raw.workloads.iter().any(|rw| rw.name.value == r.value)
                {
                    // The role of a workload without a role block is named
                    // after it; the workload was left out with an error of
                    // its own (no or an unknown `api`), so its role is too.
                } else {
                    let d = r.error(
                        Kind::UnknownReference,
                        format!("no role named {:?}", r.value),
                    );
                    let names = roles.iter().map(|d| d.key.as_str());
                    meant.extend(did_you_mean(&r.value, names.clone()));
                    self.push(with_suggestion(d, &r.value, names));
                }
            }
            let mut launches = BTreeSet::new();
            for w in &c.launches {
                if !workloads.contains_key(&w.value) {
                    if !raw.workloads.iter().any(|rw| rw.name.value == w.value) {
                        let d = w.error(
                            Kind::UnknownReference,
                            format!("no workload named {:?}", w.value),
                        );
                        self.push(with_suggestion(
                            d,
                            &w.value,
                            workloads.keys().map(String::as_str),
                        ));
                    }
                    continue;
                }
                launches.insert(w.value.clone());
                let wl = &workloads[&w.value];
                if let Some(role) = role_passed_at_launch(&w.value, workloads, role_of) {
                    if !c.passes.iter().any(|p| p.value == role) && !meant.contains(&role) {
                        // The reference resolves; what is wrong is an entry
                        // missing from `passes`.
                        self.push(
                            w.error(
                                Kind::MissingField,
                                format!(
                                    "caller {:?} launches {:?} but does not pass its role {role:?}",
                                    c.name.value, w.value
                                ),
                            )
                            .with_help(format!(
                                "add {role:?} to passes: {} takes the role at launch",
                                wl.api.name
                            )),
                        );
                    }
                }
            }
            let approves = self.approves(&c.approves, raw, workloads);
            if c.launches.is_empty() && c.passes.is_empty() && c.approves.is_empty() {
                self.push(
                    c.name
                        .error(
                            Kind::MissingField,
                            format!(
                                "caller {:?} neither passes roles nor launches workloads",
                                c.name.value
                            ),
                        )
                        .with_help("set passes and launches (or approves, for an approver of model versions)"),
                );
            }
            let kind = match &c.kind {
                None => CallerKind::Direct,
                Some(k) => match CallerKind::from_spec_name(&k.value) {
                    Some(kind) => kind,
                    None => {
                        let names = CallerKind::ALL.map(CallerKind::spec_name);
                        let d = k.error(Kind::Value, format!("unknown caller kind {:?}", k.value));
                        self.push(match did_you_mean(&k.value, names) {
                            Some(s) => d.with_help(format!("did you mean {s:?}?")),
                            None => d.with_help(format!("kind is {}", names.join(" or "))),
                        });
                        CallerKind::Direct
                    }
                },
            };
            // A state machine calls AWS with its execution role (Step
            // Functions Developer Guide, "IAM policies for integrated
            // services"); a user cannot be one.
            if kind == CallerKind::StepFunctions && parts.as_ref().is_some_and(|p| p.kind != "role")
            {
                let k = c.kind.as_ref().expect("a kind was given");
                self.push(
                    p.error(
                        Kind::Value,
                        format!(
                            "caller {:?} is a Step Functions state machine, but its principal is not an IAM role",
                            c.name.value
                        ),
                    )
                    .with_help(format!(
                        "set principal to the state machine's execution role, or remove kind = {:?}",
                        k.value
                    )),
                );
            }
            let follow = self.follow(
                c.follow.as_ref(),
                !c.launches.is_empty(),
                kind.default_follow(),
            );
            out.push(CallerDraft {
                key: c.name.value.clone(),
                principal: p.value.clone(),
                principal_parts: parts,
                passes: passes.into_iter().collect(),
                launches: launches.into_iter().collect(),
                follow,
                kind,
                approves,
                statements: self.declared(&c.statements),
            });
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out
    }
}

impl Checker {
    /// A caller's `approves`: model registry workloads (their APIs create
    /// model packages and take no role), sorted and without repeats.
    fn approves(
        &mut self,
        given: &[Text],
        raw: &RawSpec,
        workloads: &BTreeMap<String, Workload>,
    ) -> Vec<String> {
        let mut out = BTreeSet::new();
        for g in given {
            if self.registry_ref(g, raw, workloads) {
                out.insert(g.value.clone());
            }
        }
        out.into_iter().collect()
    }

    /// Whether `t` names a model registry workload; an error when it names
    /// another workload or none. A workload left out with an error of its
    /// own (no or an unknown `api`) is not a second problem.
    fn registry_ref(
        &mut self,
        t: &Text,
        raw: &RawSpec,
        workloads: &BTreeMap<String, Workload>,
    ) -> bool {
        match workloads.get(&t.value) {
            Some(w) if is_registry(w) => return true,
            None if raw.workloads.iter().any(|rw| rw.name.value == t.value) => {}
            None => {
                let d = t.error(
                    Kind::UnknownReference,
                    format!("no workload named {:?}", t.value),
                );
                let registry = workloads
                    .iter()
                    .filter(|(_, w)| is_registry(w))
                    .map(|(k, _)| k.as_str());
                self.push(with_suggestion(d, &t.value, registry));
            }
            Some(w) => self.push(
                t.error(
                    Kind::UnknownReference,
                    format!(
                        "workload {:?} ({}) is not a model package group",
                        t.value, w.api.name
                    ),
                )
                .with_help("name a workload with api = \"CreateModelPackageGroup\" or \"CreateModelPackage\""),
            ),
        }
        false
    }
}

/// Whether a workload is a model package group of the model registry, whose
/// versions a caller may approve and a model may be created from.
fn is_registry(w: &Workload) -> bool {
    w.api.runs_under == RunsUnder::NoRole && w.api.creates("model-package")
}

fn required_help(f: Field) -> &'static str {
    match f {
        Field::Inputs => "add inputs = [\"s3://bucket/prefix/\"]",
        Field::Outputs => "add outputs = [\"s3://bucket/prefix/\"]",
        Field::ModelData => "add model_data = [\"s3://bucket/model.tar.gz\"]",
        Field::Images => "add images = [\"ACCOUNT.dkr.ecr.REGION.amazonaws.com/REPOSITORY:TAG\"]",
        Field::Model => "add model = \"NAME\" naming the CreateModel workload it runs",
        Field::ModelPackageGroup => {
            "add model_package_group = \"NAME\" naming the CreateModelPackageGroup workload"
        }
        Field::Consumers => "add consumers = [\"ACCOUNT\"]",
        Field::Vpc => "add vpc { subnets = [...], security_groups = [...] }",
        Field::Kms => "add kms { ... }",
        Field::Launches => "add launches = [\"NAME\"] naming the workloads it starts",
        Field::Follow => "add follow = [\"logs\", \"update\"]",
        Field::RollbackAlarms => "add rollback_alarms = [\"ALARM\"]",
        Field::Async => "add async { output = [\"s3://bucket/results/\"] }",
        Field::DataCapture => "add data_capture { destination = \"s3://bucket/capture/\" }",
        Field::Lambdas => "add lambdas = [\"arn:aws:lambda:REGION:ACCOUNT:function:NAME\"]",
        Field::CallbackQueues => "add callback_queues = [\"arn:aws:sqs:REGION:ACCOUNT:NAME\"]",
        Field::PropertyFiles => "add property_files = [\"s3://bucket/prefix/\"]",
        Field::Steps => "add steps = [\"ProcessingStep\", \"TrainingStep\"]",
        Field::StepJobNames => "add step_job_names = \"service\"",
        Field::Domain => "add domain = \"NAME\" naming the CreateDomain workload",
        // Only a space requires one: AWS requires OwnershipSettings with a
        // space's SpaceSharingSettings, shared spaces included.
        Field::Owner => "add owner = \"NAME\" naming the CreateUserProfile workload that owns the space (every space has one; with sharing = \"shared\" it still runs under the domain's space role)",
        Field::Sharing => "add sharing = \"shared\"",
        Field::Space => "add space = \"NAME\" naming the CreateSpace workload",
        Field::AppTypes => "add app_types = [\"JupyterLab\"]",
        Field::Associate => "add associate = true",
        Field::Streaming => "add streaming { input_topic = \"arn:aws:sns:REGION:ACCOUNT:NAME\" }",
        Field::AutomatedLabeling => "add automated_labeling = true",
        Field::OptOut => "add opt_out { root_access = \"REASON\" }",
        Field::Workteam => {
            "add workteam = \"arn:aws:sagemaker:REGION:ACCOUNT:workteam/private-crowd/NAME\""
        }
    }
}

/// A reference to a workload that does not create the resource type it
/// must (a domain, a user profile, a space), with the nearest one that does.
fn not_a(t: &Text, api: &str, resource_type: &str, out: &BTreeMap<String, Workload>) -> Diagnostic {
    let d = t.error(
        Kind::UnknownReference,
        format!("{:?} is not a {api} workload", t.value),
    );
    let names = out
        .iter()
        .filter(|(_, x)| x.api.creates(resource_type))
        .map(|(k, _)| k.as_str());
    match did_you_mean(&t.value, names) {
        Some(s) => d.with_help(format!("did you mean {s:?}?")),
        None => d.with_help(format!("name a workload whose api is {api}")),
    }
}

fn with_suggestion<'a>(
    d: Diagnostic,
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Diagnostic {
    match did_you_mean(word, candidates) {
        Some(s) => d.with_help(format!("did you mean {s:?}?")),
        None => d,
    }
}

//! Model → a Terraform module a user can vendor.
//!
//! Files, split by concern: `versions.tf`, `main.tf` (the deploying context),
//! `variables.tf`, `roles.tf` (roles and trust), `policies.tf` (role
//! permissions), `callers.tf` (caller policies and attachments), `outputs.tf`,
//! `studio.tf` (user profiles and spaces), `moved.tf` (addresses from before
//! `create`). Like other modules it takes `create` and `tags`; every resource
//! is counted by `create`. The HCL is built as a typed tree ([`hcl`]), or for
//! the policy documents handed straight to its writer, which escapes and
//! aligns the way `terraform fmt` does; each file is written as it is made.
//! The module's `README.md` describes this module and is written by
//! [`super::docs`], which reads the names, versions, variables
//! ([`module_variables`]) and outputs ([`module_outputs`]) defined here; this
//! module does not depend on it.
//!
//! Policies are `aws_iam_policy_document` data sources, so that every statement
//! can carry a comment saying which workloads and which AWS requirement it serves.

pub mod hcl;

use std::borrow::Cow;

use hcl::{BinaryOp, Block, Body, BodyWriter, Expr, List, Literal, ObjectKey, TemplatePart};

use super::{Settings, Sink};
use crate::model::names::{aws_name, terraform as tf_name};
use crate::model::value::{Input, Part, Str};
use crate::model::{Attachment, Condition, GroupPolicy, Model, Policy, Role, RoleRef, StudioKind};

/// The aws provider versions the module is written for: 5.x and 6.x, so it
/// uses only resources, arguments and attributes that both have (e.g. no
/// `data.aws_region.current.region`, which 6.x added; the module reads no
/// region at all, see `PARTITION`), from the first 5.x release that has
/// them all. The tools tests validate and apply it with 5.x.
pub(crate) fn aws_provider(model: &Model) -> &'static str {
    // A space the module creates always sets `space_sharing_settings` (and a
    // private one `ownership_settings`), which `aws_sagemaker_space` has
    // since provider 5.37.0 (its CHANGELOG, 5.37.0 enhancements).
    let creates_spaces = model
        .studio
        .iter()
        .filter(|d| d.associate)
        .flat_map(|d| &d.identities)
        .any(|i| matches!(i.kind, StudioKind::PrivateSpace | StudioKind::SharedSpace));
    if creates_spaces {
        ">= 5.37, < 7.0"
    } else {
        ">= 5.0, < 7.0"
    }
}
/// The Terraform versions the module is written for: 1.5 on, or 1.7 on
/// for a module with an existing role, whose `removed` block (Terraform
/// 1.7) keeps a role the module created before from being destroyed.
pub(crate) fn terraform_version(model: &Model) -> &'static str {
    if model.roles.iter().any(|r| r.existing.is_some()) {
        ">= 1.7.0"
    } else {
        ">= 1.5.0"
    }
}

/// The deploying partition and account, from the data sources in `main.tf`.
/// No region: the spec's regions are written into each ARN
/// ([`crate::model::value::Regions`]).
const PARTITION: &str = "data.aws_partition.current.partition";
const ACCOUNT_ID: &str = "data.aws_caller_identity.current.account_id";

/// A [`Str`] as an HCL template: literal parts are escaped by the writer,
/// contextual parts become interpolations of the module's data sources.
pub fn expr(value: &Str) -> Expr<'_> {
    // Literal text alone needs no template parts.
    if let [Part::Lit(text)] = value.0.as_slice() {
        return Expr::string(text);
    }
    Expr::template(template_parts(value))
}

/// A [`Str`] as [`expr`] writes it, without building the expression: for
/// the lists of ARNs of policy statements, written by the thousand.
fn template(value: &Str) -> hcl::Template<'_, Part> {
    hcl::Template(&value.0)
}

/// The parts of [`expr`]'s template.
fn template_parts(value: &Str) -> impl Iterator<Item = TemplatePart<'_>> {
    value.0.iter().map(hcl::TemplatePiece::part)
}

/// A part of a [`Str`] as a piece of a template: literal parts are escaped
/// by the writer, contextual parts become interpolations of the module's
/// data sources.
impl hcl::TemplatePiece for Part {
    fn literal(&self) -> Option<&str> {
        match self {
            Part::Lit(text) => Some(text),
            _ => None,
        }
    }

    fn part(&self) -> TemplatePart<'_> {
        match self {
            Part::Lit(text) => TemplatePart::literal(text),
            other => TemplatePart::interpolation(interpolation(other)),
        }
    }
}

/// What a contextual part of a [`Str`] interpolates. Borrowed for the
/// partition and account, which nearly every ARN holds.
fn interpolation(part: &Part) -> Cow<'static, str> {
    match part {
        Part::Lit(_) => unreachable!("literal text is no interpolation"),
        Part::Partition => Cow::Borrowed(PARTITION),
        Part::Account => Cow::Borrowed(ACCOUNT_ID),
        Part::Input(i) => Cow::Owned(format!("var.{}", variable(i))),
    }
}

/// A name the model keeps as text (a role's, a policy's: it starts with
/// the name_prefix) as HCL: a string, or a template of the prefix's
/// variable when the prefix is an input ([`Model::named`]).
fn named(model: &Model, text: &str) -> Expr<'static> {
    let value = model.named(text);
    match value.0.as_slice() {
        [Part::Lit(text)] => Expr::string(text.clone()),
        parts => Expr::template(parts.iter().map(|p| match p {
            Part::Lit(l) => TemplatePart::literal(l.clone()),
            other => TemplatePart::interpolation(interpolation(other)),
        })),
    }
}

/// The variable of the module that holds an input.
fn variable(input: &Input) -> String {
    match input {
        Input::StudioDomainId(domain) => tf_name::domain_id(domain),
        Input::ExistingRole(key) => tf_name::role_name(key),
        Input::Declared { name, .. } => name.clone(),
    }
}

/// The description of an input's variable: the `input` block's, or what
/// the Studio domain's id is for.
fn input_description(model: &Model, input: &Input) -> String {
    match (input, model.declared(input)) {
        (_, Some(d)) => d.description.clone(),
        (Input::StudioDomainId(domain), None) => format!(
            "Id of the existing Studio domain that gets the user profiles and spaces of {domain:?} (d-...)."
        ),
        (Input::Declared { kind, .. }, None) => kind.facts().what.to_string(),
        (Input::ExistingRole(key), None) => {
            Input::existing_role_description(key, &model.guardrails.path)
        }
    }
}

/// The account of the role a caller's policy is attached to: as the spec
/// names it, or item 4 of the `:` fields of the ARN passed in.
fn role_account(r: &RoleRef) -> Expr<'_> {
    match r {
        RoleRef::Named { account, .. } => string(account),
        RoleRef::Input(i) => arn_item(i, ":", 4),
    }
}

/// The name of the role a caller's policy is attached to: as the spec
/// names it, or item 1 of the `/` fields of the ARN passed in, which has no
/// path (the `iam_role_arn` kind), by the same rule as the CloudFormation
/// template.
fn role_name(r: &RoleRef) -> Expr<'_> {
    match r {
        RoleRef::Named { name, .. } => string(name),
        RoleRef::Input(i) => arn_item(i, "/", 1),
    }
}

/// `element(split(separator, var.INPUT), index)`.
fn arn_item(input: &Input, separator: &'static str, index: i64) -> Expr<'static> {
    Expr::call(
        "element",
        [
            Expr::call(
                "split",
                [
                    Expr::string(separator),
                    Expr::traversal(format!("var.{}", variable(input))),
                ],
            ),
            index.into(),
        ],
    )
}

fn string(s: &str) -> Expr<'_> {
    Expr::string(s)
}

fn header(settings: &Settings, file: &str) -> Body<'static> {
    let mut b = Body::new();
    for line in settings.header(file) {
        b = b.comment(line);
    }
    b.blank()
}

/// A statement's `condition` block.
fn write_condition(w: &mut BodyWriter, c: &Condition) {
    w.block_with("condition", &[], |b| {
        b.attributes(&[
            ("test", &Literal(&c.operator)),
            ("variable", &Literal(&c.key)),
            ("values", &List(c.values.iter().map(template))),
        ]);
    });
}

/// Writes a policy as an `aws_iam_policy_document` data source named
/// `name`: a `statement` block per statement, under comment lines that say
/// whom it serves and why. Written straight from the model ([`hcl::Value`]):
/// the policy statements are most of the module's text, and building each
/// as a tree cost more than writing it (at 1,000 workloads, the module took
/// 49M instructions with trees, 36M this way).
fn write_policy_document(w: &mut BodyWriter, name: &str, policy: &Policy) {
    // One buffer for the comment lines of every statement.
    let mut line = String::new();
    w.block_with("data", &["aws_iam_policy_document", name], |body| {
        for st in &policy.statements {
            // Between statements; dropped before the first.
            body.blank();
            line.clear();
            for (i, name) in st.why.serves.iter().enumerate() {
                if i > 0 {
                    line.push_str(", ");
                }
                line.push_str(name);
            }
            line.push_str(": ");
            line.push_str(&st.why.reason);
            body.comment(&line);
            if let Some(wildcard) = &st.why.wildcard {
                line.clear();
                line.push_str("Resource \"*\": ");
                line.push_str(wildcard);
                body.comment(&line);
            }
            if !st.why.scanner_skips.is_empty() {
                // checkov reads skips from comments inside the data source block.
                line.clear();
                line.push_str("checkov:skip=");
                line.push_str(&st.why.scanner_skips.join(","));
                line.push(':');
                line.push_str(st.why.wildcard.as_deref().unwrap_or(&st.why.reason));
                body.comment(&line);
            }
            body.block_with("statement", &[], |sb| {
                sb.attributes(&[
                    ("sid", &Literal(&st.sid)),
                    ("actions", &List(st.actions.iter().map(|a| Literal(a)))),
                    ("resources", &List(st.resources.iter().map(template))),
                ]);
                for c in &st.conditions {
                    sb.blank();
                    write_condition(sb, c);
                }
            });
        }
    });
}

/// Every resource of the module that the `create` variable governs gets
/// `count = var.create ? 1 : 0`, and [`moved_tf`] moves its address from
/// before `count` (`x`) to `x[0]`.
fn create_count() -> Expr<'static> {
    Expr::conditional(Expr::traversal("var.create"), 1.into(), 0.into())
}

/// The tags of every taggable resource: the spec's guardrail tags and the
/// `tags` variable, from `main.tf`'s locals; the variable alone when the
/// spec sets none.
fn tags_attr<'a>(model: &Model, body: Body<'a>) -> Body<'a> {
    let tags = if model.guardrails.tags.is_empty() {
        "var.tags"
    } else {
        "local.tags"
    };
    body.attr("tags", Expr::traversal(tags))
}

fn versions(model: &Model, settings: &Settings) -> Body<'static> {
    let file = "terraform/versions.tf";
    header(settings, file).block(
        Block::new("terraform").with_body(
            Body::new()
                .attr("required_version", string(terraform_version(model)))
                .blank()
                .block(Block::new("required_providers").with_body(Body::new().attr(
                    "aws",
                    Expr::object([
                        (ObjectKey::ident("source"), string("hashicorp/aws")),
                        (ObjectKey::ident("version"), string(aws_provider(model))),
                    ]),
                ))),
        ),
    )
}

fn main_tf<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/main.tf";
    let mut b = header(settings, file)
        .comment("Partition and account come from the deploying context, never from literals;")
        .comment("regions from the spec, since one role serves every region of its account.")
        .block(Block::new("data").label("aws_partition").label("current"))
        .blank()
        .block(
            Block::new("data")
                .label("aws_caller_identity")
                .label("current"),
        );
    if !model.guardrails.tags.is_empty() {
        // The spec's tags last, so that they win; the `tags` variable's
        // validation refuses their keys, so none is dropped in silence. A
        // value that is an input is its variable.
        let spec_tags = Expr::object(
            model
                .guardrails
                .tags
                .iter()
                .map(|(k, v)| (ObjectKey::quoted(k), named(model, v))),
        );
        b = b
            .blank()
            .comment("The tags variable and the spec's guardrail tags, on every taggable resource.")
            .block(Block::new("locals").with_body(Body::new().attr(
                "tags",
                Expr::call("merge", [Expr::traversal("var.tags"), spec_tags]),
            )));
    }
    b
}

/// A variable of the module. `variables.tf` and the Inputs table of the
/// module's README are both written from [`module_variables`], so each
/// description is written once.
pub struct Variable<'a> {
    pub name: String,
    /// The type constraint as HCL writes it: `string`, `bool`, `map(string)`.
    pub ty: &'static str,
    pub description: String,
    /// `None`: the caller must set it.
    pub default: Option<Expr<'a>>,
    /// Each condition with its error message.
    pub validations: Vec<(Expr<'a>, String)>,
}

impl<'a> Variable<'a> {
    fn new(name: impl Into<String>, ty: &'static str, description: impl Into<String>) -> Self {
        Variable {
            name: name.into(),
            ty,
            description: description.into(),
            default: None,
            validations: Vec::new(),
        }
    }

    fn default(mut self, value: Expr<'a>) -> Self {
        self.default = Some(value);
        self
    }

    fn validation(mut self, condition: Expr<'a>, message: impl Into<String>) -> Self {
        self.validations.push((condition, message.into()));
        self
    }

    fn block(self) -> Block<'a> {
        let mut body = Body::new()
            .attr("description", Expr::string(self.description))
            .attr("type", Expr::traversal(self.ty));
        if let Some(default) = self.default {
            body = body.attr("default", default);
        }
        for (condition, message) in self.validations {
            body = body.blank().block(
                Block::new("validation").with_body(
                    Body::new()
                        .attr("condition", condition)
                        .attr("error_message", Expr::string(message)),
                ),
            );
        }
        Block::new("variable").label(self.name).with_body(body)
    }
}

/// `can(regex(pattern, var.name))`.
fn matches<'a>(pattern: &'a str, name: &str) -> Expr<'a> {
    Expr::call(
        "can",
        [Expr::call(
            "regex",
            [string(pattern), Expr::traversal(format!("var.{name}"))],
        )],
    )
}

/// The module's variables, in the order `variables.tf` declares them: the
/// switches every module of this kind has (`create`, `tags`), the guardrail,
/// then what the spec leaves to the deployment. Another input is one more
/// entry here; `variables.tf` and the README follow.
pub fn module_variables(model: &Model) -> Vec<Variable<'_>> {
    let mut out = vec![Variable::new(
        "create",
        "bool",
        "Whether to create anything: false creates no resource, and every output is null or empty.",
    )
    .default(Expr::Bool(true))];
    let spec_tags = &model.guardrails.tags;
    let mut tags = Variable::new(
        "tags",
        "map(string)",
        if spec_tags.is_empty() {
            "Tags for every role, managed policy and Studio resource the module creates.".to_string()
        } else {
            format!(
                "Tags for every role, managed policy and Studio resource the module creates, beside the spec's guardrail tags ({}), which the variable may not set.",
                spec_tags.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
            )
        },
    )
    .default(Expr::object([]))
    .validation(
        // Tag keys hold no line breaks, so one per line tests each.
        Expr::eq(
            Expr::call(
                "can",
                [Expr::call(
                    "regex",
                    [
                        string("(?im)^aws:"),
                        Expr::call("join", [string("\n"), Expr::call("keys", [Expr::traversal("var.tags")])]),
                    ],
                )],
            ),
            Expr::Bool(false),
        ),
        "tags must not use the aws: prefix, which AWS reserves.",
    );
    if !spec_tags.is_empty() {
        // The spec's tags are guardrails that policies elsewhere (a
        // permissions boundary, an SCP, ABAC conditions) may rely on: a
        // variable that replaced one would weaken them without a word.
        // Compared without case: condition key names are not case-sensitive
        // (IAM User Guide, 'IAM JSON policy elements: Condition'), so
        // `aws:PrincipalTag/Team` reads a `team` tag. Tag keys hold no line
        // breaks, so a join and split lowers each key.
        let keys = Expr::list(spec_tags.keys().map(|k| Expr::string(k.to_lowercase())));
        let lowered = Expr::call(
            "split",
            [
                string("\n"),
                Expr::call(
                    "lower",
                    [Expr::call(
                        "join",
                        [
                            string("\n"),
                            Expr::call("keys", [Expr::traversal("var.tags")]),
                        ],
                    )],
                ),
            ],
        );
        tags = tags.validation(
            Expr::eq(
                Expr::call("length", [Expr::call("setintersection", [lowered, keys])]),
                0.into(),
            ),
            format!(
                "tags must not set the spec's guardrail tags ({}), in any case; change them in the spec.",
                spec_tags
                    .keys()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    // IAM User Guide, 'Tagging IAM resources': at most 50 tags per role or policy.
    let room = 50 - spec_tags.len().min(50);
    tags = tags.validation(
        Expr::binary(
            Expr::call("length", [Expr::traversal("var.tags")]),
            BinaryOp::LessEq,
            Expr::Number(room as i64),
        ),
        format!(
            "tags may hold {room} tags: IAM allows 50 per role or policy, and the spec sets {}.",
            spec_tags.len()
        ),
    );
    out.push(tags);
    let boundary = match &model.guardrails.permissions_boundary {
        Some(arn) => string(arn),
        None => Expr::Null,
    };
    // An existing role's boundary is its owner's: a module that creates no
    // role takes none.
    let creates_roles = model.roles.iter().any(|r| r.existing.is_none());
    out.extend(creates_roles.then(|| {
        Variable::new(
            "permissions_boundary_arn",
            "string",
            "ARN of the managed policy set as permissions boundary on every role; null for none.",
        )
        .default(boundary)
        .validation(
            Expr::or(
                Expr::eq(Expr::traversal("var.permissions_boundary_arn"), Expr::Null),
                matches(
                    "^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$",
                    "permissions_boundary_arn",
                ),
            ),
            "permissions_boundary_arn must be an IAM managed policy ARN or null.",
        )
    }));
    // Every input is a variable of one shape, from the kinds' table: its
    // pattern (bounded, so it bounds the length too) validates the value.
    for input in model.inputs() {
        let name = variable(&input);
        let facts = input.kind().facts();
        let max = input.max_length();
        // A maximum below the pattern's own (a name prefix's `max_length`)
        // is tested beside it.
        let mut condition = matches(facts.pattern, &name);
        if max < facts.max_length {
            condition = Expr::and(
                condition,
                Expr::binary(
                    Expr::call("length", [Expr::traversal(format!("var.{name}"))]),
                    BinaryOp::LessEq,
                    Expr::Number(max as i64),
                ),
            );
        }
        let mut var = Variable::new(name.clone(), "string", input_description(model, &input))
            .validation(
                condition,
                format!("{name} must be {} of at most {max} characters.", facts.what),
            );
        if let Some(d) = model.declared(&input).and_then(|d| d.default.clone()) {
            var = var.default(Expr::string(d));
        }
        out.push(var);
    }
    if model.callers.iter().any(|c| c.attach_to_role.is_some()) {
        out.push(
            Variable::new(
                "attach_caller_policies",
                "bool",
                "Attach each caller policy to its caller's role when deploying into that role's account.",
            )
            .default(Expr::Bool(true)),
        );
    }
    out
}

fn variables<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/variables.tf";
    let mut b = header(settings, file);
    for v in module_variables(model) {
        b = b.blank().block(v.block());
    }
    b
}

fn role_tf_name(r: &Role) -> String {
    tf_name::role(&r.key)
}

/// Where the module reads a role's attributes: the role it creates, or
/// the data source that reads an existing one.
fn role_source(r: &Role) -> String {
    match r.existing {
        Some(_) => format!("data.aws_iam_role.{}", role_tf_name(r)),
        None => format!("aws_iam_role.{}", role_tf_name(r)),
    }
}

/// An attribute of a role, from inside a resource that exists only with
/// it (under the same `create`): `aws_iam_role.x[0].arn`.
fn role_attr(r: &Role, attribute: &str) -> Expr<'static> {
    Expr::traversal(format!("{}[0].{attribute}", role_source(r)))
}

/// An attribute of a role for an output: null when `create` is false.
fn role_output(r: &Role, attribute: &str) -> Expr<'static> {
    Expr::call(
        "one",
        [Expr::traversal(format!(
            "{}[*].{attribute}",
            role_source(r)
        ))],
    )
}

/// A resource block governed by `create`: `count` first, as Terraform's
/// style guide puts meta-arguments.
fn created<'a>(kind: &'static str, name: String, body: Body<'a>) -> Block<'a> {
    let mut counted = Body::new().attr("count", create_count()).blank();
    counted.items.extend(body.items);
    Block::new("resource")
        .label(kind)
        .label(name)
        .with_body(counted)
}

/// `roles.tf`, written role by role.
fn roles(model: &Model, settings: &Settings, f: &mut TfFile) {
    let file = "terraform/roles.tf";
    f.body(header(settings, file));
    for r in &model.roles {
        // Between roles; the writer folds it into the header's.
        f.w.blank();
        if let Some(input) = &r.existing {
            f.body(existing_role(model, r, input));
            continue;
        }
        let name = role_tf_name(r);
        f.w.comment(&format!(
            "Role {:?}: runs {}.",
            r.key,
            r.workloads.join(", ")
        ));
        if let Some(w) = &r.trust.warning {
            f.w.comment(&format!("WARNING: {w}"));
        }
        let trust = tf_name::trust(&r.key);
        f.w.block_with("data", &["aws_iam_policy_document", &trust], |d| {
            d.block_with("statement", &[], |st| {
                st.attributes(&[
                    ("sid", &Literal("SageMakerAssumeRole")),
                    ("actions", &List([Literal("sts:AssumeRole")].into_iter())),
                ]);
                st.blank();
                st.block_with("principals", &[], |p| {
                    p.attributes(&[
                        ("type", &Literal("Service")),
                        (
                            "identifiers",
                            &List([Literal(&r.trust.service)].into_iter()),
                        ),
                    ]);
                });
                if !r.trust.conditions.is_empty() {
                    st.blank();
                    st.comment(&r.trust.reason);
                    for (j, c) in r.trust.conditions.iter().enumerate() {
                        if j > 0 {
                            st.blank();
                        }
                        write_condition(st, c);
                    }
                }
            });
        });
        f.w.blank();
        let mut b = Body::new();
        let role_body = Body::new()
            .attr("name", named(model, &r.name))
            .attr("path", string(&model.guardrails.path))
            .attr("description", string(&r.description))
            .attr(
                "assume_role_policy",
                Expr::traversal(format!("data.aws_iam_policy_document.{trust}.json")),
            )
            .attr(
                "permissions_boundary",
                Expr::traversal("var.permissions_boundary_arn"),
            );
        b = b.block(created(
            "aws_iam_role",
            name.clone(),
            tags_attr(model, role_body),
        ));
        for m in &r.aws_managed {
            let arn = Expr::template([
                TemplatePart::literal("arn:"),
                TemplatePart::interpolation(PARTITION),
                TemplatePart::literal(format!(":iam::aws:policy/{}", m.name)),
            ]);
            b = b
                .blank()
                .comment(format!("WARNING: {}", m.reason))
                .block(created(
                    "aws_iam_role_policy_attachment",
                    tf_name::aws_managed(&r.key, m),
                    Body::new()
                        .attr("role", role_attr(r, "name"))
                        .attr("policy_arn", arn),
                ));
        }
        f.body(b);
    }
}

/// An existing role (spec `existing = true`): read, not created, by the
/// name its variable gives, and checked to be at the path its ARN in the
/// policies is built with. A role this module created before it was
/// marked existing is left in place, no longer managed here, rather than
/// destroyed with every job that runs under it.
fn existing_role<'a>(model: &Model, r: &Role, input: &Input) -> Body<'a> {
    let name = role_tf_name(r);
    let var = format!("var.{}", variable(input));
    let path = &model.guardrails.path;
    let read = Body::new().attr("name", Expr::traversal(var.clone())).blank().block(
        Block::new("lifecycle").with_body(Body::new().block(
            Block::new("postcondition").with_body(
                Body::new()
                    .attr("condition", Expr::eq(Expr::traversal("self.path"), Expr::string(path.clone())))
                    .attr(
                        "error_message",
                        Expr::string(format!(
                            "The existing role named by {var} must be at path {path}: the policies name it by an ARN with that path."
                        )),
                    ),
            ),
        )),
    );
    let mut counted = Body::new().attr("count", create_count()).blank();
    counted.items.extend(read.items);
    Body::new().comment(format!(
        "Role {:?}: runs {}. An existing role, named by {var}: the module attaches its policies and leaves its trust policy, permissions boundary and tags to its owner (the README gives the trust policy it needs).",
        r.key,
        r.workloads.join(", ")
    ))
    .block(
        Block::new("data")
            .label("aws_iam_role")
            .label(name.clone())
            .with_body(counted),
    )
    .blank()
    .comment("A role this module created before the role was marked existing: keep it, no longer managed here (Terraform 'removed' block).")
    .block(
        Block::new("removed").with_body(
            Body::new()
                .attr("from", Expr::traversal(format!("aws_iam_role.{name}")))
                .blank()
                .block(Block::new("lifecycle").with_body(
                    Body::new().attr("destroy", Expr::Bool(false)),
                )),
        ),
    )
}

/// `policies.tf`, written policy by policy.
fn policies(model: &Model, settings: &Settings, f: &mut TfFile) {
    let file = "terraform/policies.tf";
    f.body(header(settings, file));
    for r in &model.roles {
        let owner = role_tf_name(r);
        for d in &r.documents {
            // Between policies; the writer folds it into the header's.
            f.w.blank();
            let name = tf_name::document(&owner, d);
            let policy_json = Expr::traversal(format!("data.aws_iam_policy_document.{name}.json"));
            f.w.comment(&format!(
                "Permissions of role {:?} ({} characters).",
                r.key, d.size
            ));
            write_policy_document(&mut f.w, &name, &d.policy);
            f.w.blank();
            let b = Body::new();
            let b = match d.attachment {
                Attachment::Inline => b.block(created(
                    "aws_iam_role_policy",
                    name.clone(),
                    Body::new()
                        .attr("name", named(model, &d.name))
                        .attr("role", role_attr(r, "id"))
                        .attr("policy", policy_json),
                )),
                Attachment::Managed => b
                    .block(created(
                        "aws_iam_policy",
                        name.clone(),
                        tags_attr(
                            model,
                            Body::new()
                                .attr("name", named(model, &d.name))
                                .attr("path", string(&model.guardrails.path))
                                .attr(
                                    "description",
                                    // An existing role is named by the
                                    // variable that holds its name.
                                    match &r.existing {
                                        Some(input) => Expr::string(format!(
                                            "Permissions of SageMaker execution role var.{}",
                                            variable(input)
                                        )),
                                        None => named(
                                            model,
                                            &format!(
                                                "Permissions of SageMaker execution role {}",
                                                r.name
                                            ),
                                        ),
                                    },
                                )
                                .attr("policy", policy_json),
                        ),
                    ))
                    .blank()
                    .block(created(
                        "aws_iam_role_policy_attachment",
                        name.clone(),
                        Body::new().attr("role", role_attr(r, "name")).attr(
                            "policy_arn",
                            Expr::traversal(format!("aws_iam_policy.{name}[0].arn")),
                        ),
                    )),
            };
            f.body(b);
        }
    }
}

/// `callers.tf`, written policy by policy.
fn callers(model: &Model, settings: &Settings, f: &mut TfFile) {
    let file = "terraform/callers.tf";
    f.body(header(settings, file));
    for c in &model.callers {
        let owner = tf_name::caller(&c.key);
        for d in &c.documents {
            // Between policies; the writer folds it into the header's.
            f.w.blank();
            let name = tf_name::document(&owner, d);
            f.w.comment(&format!(
                "Caller {:?}: {} ({} characters).",
                c.key, c.principal, d.size
            ));
            write_policy_document(&mut f.w, &name, &d.policy);
            f.w.blank();
            let mut b = Body::new();
            let policy = Body::new()
                .attr("name", named(model, &d.name))
                .attr("path", string(&model.guardrails.path))
                .attr("description", string(&c.description))
                .attr(
                    "policy",
                    Expr::traversal(format!("data.aws_iam_policy_document.{name}.json")),
                );
            b = b.block(created(
                "aws_iam_policy",
                name.clone(),
                tags_attr(model, policy),
            ));
            if let Some(r) = &c.attach_to_role {
                // Already counted: `create` joins the condition, and the
                // address needs no move.
                let count = Expr::conditional(
                    Expr::and(
                        Expr::and(
                            Expr::traversal("var.create"),
                            Expr::traversal("var.attach_caller_policies"),
                        ),
                        Expr::eq(Expr::traversal(ACCOUNT_ID), role_account(r)),
                    ),
                    1.into(),
                    0.into(),
                );
                let account = match r {
                    RoleRef::Named { account, .. } => account.clone(),
                    RoleRef::Input(i) => format!("(that of var.{})", variable(i)),
                };
                b = b
                    .blank()
                    .comment(format!(
                        "Attached only when deploying into the caller's account {account}."
                    ))
                    .block(
                        Block::new("resource")
                            .label("aws_iam_role_policy_attachment")
                            .label(name.clone())
                            .with_body(
                                Body::new()
                                    .attr("count", count)
                                    .attr("role", role_name(r))
                                    .attr(
                                        "policy_arn",
                                        Expr::traversal(format!("aws_iam_policy.{name}[0].arn")),
                                    ),
                            ),
                    );
            }
            f.body(b);
        }
    }
}

/// An output of the module. `outputs.tf` and the Outputs table of the
/// module's README are both written from [`module_outputs`].
pub struct Output<'a> {
    pub name: &'static str,
    pub description: &'static str,
    pub value: Expr<'a>,
}

/// The ARNs of a list of managed policies the module creates, each a list
/// of none or one by `create`: one list.
fn policy_arns<'a>(names: impl IntoIterator<Item = String>) -> Expr<'a> {
    let mut lists: Vec<Expr> = names
        .into_iter()
        .map(|n| Expr::traversal(format!("aws_iam_policy.{n}[*].arn")))
        .collect();
    match lists.len() {
        0 => Expr::list([]),
        1 => lists.remove(0),
        _ => Expr::call("concat", lists),
    }
}

/// The module's outputs. Each works when `create` is false: a role's
/// attributes are then null, policy ARN lists empty.
pub fn module_outputs(model: &Model) -> Vec<Output<'_>> {
    // Each role's attribute by the role's key in the spec.
    let by_role = |attribute: &str| {
        Expr::object(
            model
                .roles
                .iter()
                .map(|r| (ObjectKey::quoted(&r.key), role_output(r, attribute))),
        )
    };
    let mut out = vec![
        Output {
            name: "role_arns",
            description: "Execution role ARNs by role name in the spec; pass them as RoleArn/ExecutionRoleArn.",
            value: by_role("arn"),
        },
        Output {
            name: "role_names",
            description: "Execution role names by role name in the spec.",
            value: by_role("name"),
        },
        Output {
            name: "role_unique_ids",
            description: "Execution role unique ids (AROA...) by role name in the spec, for aws:userid conditions and bucket policies.",
            value: by_role("unique_id"),
        },
        Output {
            name: "role_policy_arns",
            description: "ARNs of the customer managed policies attached to each execution role (a list, more than one when a policy is split; empty when all are inline) by role name in the spec.",
            value: Expr::object(model.roles.iter().map(|r| {
                let owner = role_tf_name(r);
                let managed = r
                    .documents
                    .iter()
                    .filter(|d| d.attachment == Attachment::Managed)
                    .map(|d| tf_name::document(&owner, d));
                (ObjectKey::quoted(&r.key), policy_arns(managed))
            })),
        },
        Output {
            name: "caller_policy_arns",
            description: "Caller policy ARNs (a list per caller, more than one when a policy is split) by caller name in the spec; attach them where the module does not.",
            value: Expr::object(model.callers.iter().map(|c| {
                let owner = tf_name::caller(&c.key);
                let names = c.documents.iter().map(|d| tf_name::document(&owner, d));
                (ObjectKey::quoted(&c.key), policy_arns(names))
            })),
        },
    ];
    if !model.group_policies.is_empty() {
        out.push(Output {
            name: "model_package_group_policies",
            description: "Resource policies by model package group (workload name in the spec): the group's owner applies each with PutModelPackageGroupPolicy (aws_sagemaker_model_package_group_policy) so that the consumer accounts may read its versions; null when create is false.",
            // Like every output, null when the module creates nothing (a
            // conditional per value: Terraform refuses objects of other
            // attributes on the two sides of one).
            value: Expr::object(model.group_policies.iter().map(|g| {
                (
                    ObjectKey::quoted(&g.workload),
                    Expr::conditional(
                        Expr::traversal("var.create"),
                        group_policy(g),
                        Expr::Null,
                    ),
                )
            })),
        });
    }
    if model.studio.is_empty() {
        return out;
    }
    let role_arn = |key: &str| role_output(model.role(key), "arn");
    let domains = model.studio.iter().map(|d| {
        let profiles = d
            .identities
            .iter()
            .filter(|i| {
                matches!(
                    i.kind,
                    StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting
                )
            })
            .map(|i| {
                // null: the profile inherits the domain's default role.
                let value = if i.kind == StudioKind::ProfileWithOwnRole {
                    role_arn(&i.role)
                } else {
                    Expr::Null
                };
                (ObjectKey::quoted(&i.name), value)
            });
        let spaces = d
            .identities
            .iter()
            .filter(|i| matches!(i.kind, StudioKind::PrivateSpace | StudioKind::SharedSpace))
            .map(|i| (ObjectKey::quoted(&i.name), role_arn(&i.role)));
        let value = Expr::object([
            (
                ObjectKey::ident("default_execution_role_arn"),
                role_arn(&d.role),
            ),
            (
                ObjectKey::ident("default_space_execution_role_arn"),
                role_arn(&d.role),
            ),
            (
                ObjectKey::ident("user_profile_execution_role_arns"),
                Expr::object(profiles),
            ),
            (
                ObjectKey::ident("space_execution_role_arns"),
                Expr::object(spaces),
            ),
        ]);
        (ObjectKey::quoted(&d.name), value)
    });
    out.push(Output {
        name: "studio",
        description: "Studio wiring by domain: the domain's DefaultUserSettings and DefaultSpaceSettings execution role, each user profile's UserSettings.ExecutionRole (null: it inherits the default), and the role each space runs under.",
        value: Expr::object(domains),
    });
    out
}

fn outputs<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/outputs.tf";
    let mut b = header(settings, file);
    for o in module_outputs(model) {
        b = b.blank().block(
            Block::new("output").label(o.name).with_body(
                Body::new()
                    .attr("description", string(o.description))
                    .attr("value", o.value),
            ),
        );
    }
    b
}

/// A model package group's resource policy as `jsonencode({...})` of the
/// document [`crate::model::document::group_policy`] renders, with the
/// module's partition in its ARNs.
fn group_policy(g: &GroupPolicy) -> Expr<'_> {
    let statements = g.statements.iter().map(|s| {
        Expr::object([
            (ObjectKey::ident("Sid"), string(s.sid)),
            (ObjectKey::ident("Effect"), string("Allow")),
            (
                ObjectKey::ident("Principal"),
                Expr::object([(
                    ObjectKey::ident("AWS"),
                    Expr::list(g.principals.iter().map(expr)),
                )]),
            ),
            (
                ObjectKey::ident("Action"),
                Expr::list(s.actions.iter().map(|a| string(a))),
            ),
            (
                ObjectKey::ident("Resource"),
                Expr::list(s.resources.iter().map(expr)),
            ),
        ])
    });
    Expr::call(
        "jsonencode",
        [Expr::object([
            (ObjectKey::ident("Version"), string("2012-10-17")),
            (ObjectKey::ident("Statement"), Expr::list(statements)),
        ])],
    )
}

/// The user profiles and spaces of the domains that opt into `associate`,
/// created in the existing domain with their execution roles set.
fn studio<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/studio.tf";
    let mut b = header(settings, file);
    for (n, d) in model.studio.iter().filter(|d| d.associate).enumerate() {
        if n > 0 {
            b = b.blank();
        }
        let domain_id = Expr::traversal(format!("var.{}", tf_name::domain_id(&d.name)));
        b = b.comment(format!(
            "Studio domain {:?}: its user profiles and spaces, created in the existing domain var.{}. Its DefaultUserSettings.ExecutionRole and DefaultSpaceSettings.ExecutionRole belong to whoever manages the domain: set both to role_arns[{:?}].",
            d.name,
            tf_name::domain_id(&d.name),
            d.role
        ));
        for id in &d.identities {
            b = b.blank();
            let resource_name = named(model, &aws_name(&model.name_prefix, &id.name));
            let mut body = Body::new().attr("domain_id", domain_id.clone());
            let resource = match id.kind {
                StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting => {
                    body = body.attr("user_profile_name", resource_name);
                    if id.kind == StudioKind::ProfileWithOwnRole {
                        body = body.blank().block(
                            Block::new("user_settings").with_body(
                                Body::new()
                                    .attr("execution_role", role_attr(model.role(&id.role), "arn")),
                            ),
                        );
                    }
                    "aws_sagemaker_user_profile"
                }
                StudioKind::PrivateSpace | StudioKind::SharedSpace => {
                    body = body.attr("space_name", resource_name);
                    // The provider requires ownership_settings with
                    // space_sharing_settings, as the API requires
                    // OwnershipSettings with SpaceSharingSettings: every
                    // space has an owner (checked).
                    if let Some(owner) = &id.owner {
                        body = body
                            .blank()
                            .block(Block::new("ownership_settings").with_body(Body::new().attr(
                                "owner_user_profile_name",
                                Expr::traversal(format!(
                                    "aws_sagemaker_user_profile.{}[0].user_profile_name",
                                    tf_name::studio(owner)
                                )),
                            )));
                    }
                    if let Some(sharing) = id.kind.sharing() {
                        body = body
                            .blank()
                            .block(Block::new("space_sharing_settings").with_body(
                                Body::new().attr("sharing_type", string(sharing.api_name())),
                            ));
                    }
                    "aws_sagemaker_space"
                }
            };
            // The tags after the nested blocks.
            body = body.blank();
            b = b
                .comment(format!("{}: {}.", id.name, id.kind.wiring()))
                .block(created(
                    resource,
                    tf_name::studio(&id.name),
                    tags_attr(model, body),
                ));
        }
    }
    b
}

/// A file of the module being written: its items go to text as they are
/// made, so that a large spec holds no file's tree (the callers' file is
/// about 22 MB at 10,000 workloads); the addresses of the resources that
/// `create` counts are kept for `moved.tf`.
struct TfFile<'o> {
    w: BodyWriter<'o>,
    moved: &'o mut Vec<String>,
}

impl TfFile<'_> {
    /// Writes the items of `body`, and keeps the addresses of the resources
    /// [`created`] made in it.
    fn body(&mut self, body: Body) {
        self.moved.extend(created_addresses(&body));
        self.w.body(&body);
    }
}

/// The module's files, each handed to `sink` once written.
pub fn emit_into(model: &Model, settings: &Settings, sink: &mut dyn Sink) {
    type Write = fn(&Model, &Settings, &mut TfFile);
    let tf: [(&str, Write); 8] = [
        ("terraform/versions.tf", |m, s, f| f.body(versions(m, s))),
        ("terraform/main.tf", |m, s, f| f.body(main_tf(m, s))),
        ("terraform/variables.tf", |m, s, f| f.body(variables(m, s))),
        ("terraform/roles.tf", roles),
        ("terraform/policies.tf", policies),
        ("terraform/callers.tf", callers),
        ("terraform/outputs.tf", |m, s, f| f.body(outputs(m, s))),
        ("terraform/studio.tf", |m, s, f| f.body(studio(m, s))),
    ];
    // Each file's text is written into one buffer, handed to the sink and
    // taken back for the next file.
    let mut moved = Vec::new();
    let mut text = String::new();
    for (path, write) in tf {
        if path == "terraform/callers.tf" && model.callers.is_empty() {
            continue;
        }
        if path == "terraform/studio.tf" && !model.studio.iter().any(|d| d.associate) {
            continue;
        }
        write(
            model,
            settings,
            &mut TfFile {
                w: BodyWriter::new(&mut text),
                moved: &mut moved,
            },
        );
        sink.file_from(path.to_string(), &mut text);
    }
    hcl::write(&mut text, &moved_tf(&moved, settings));
    sink.file_from("terraform/moved.tf".to_string(), &mut text);
}

/// The addresses of the resources in `body` that [`created`] made.
fn created_addresses(body: &Body) -> Vec<String> {
    let count = hcl::Item::Attribute(hcl::Attribute {
        key: "count".into(),
        value: create_count(),
    });
    body.items
        .iter()
        .filter_map(|item| match item {
            hcl::Item::Block(b)
                if b.ident == "resource" && b.body.items.first() == Some(&count) =>
            {
                Some(format!("{}.{}", b.labels[0], b.labels[1]))
            }
            _ => None,
        })
        .collect()
}

/// A `moved` block for every resource that `create` counts: modules
/// generated before it existed created them without `count`, and without
/// the move Terraform would destroy and recreate each (roles with new
/// unique ids, breaking every policy that names them). Terraform's docs,
/// 'Refactoring modules': keep such blocks for as long as older state may
/// meet the module.
fn moved_tf<'a>(addresses: &'a [String], settings: &Settings) -> Body<'a> {
    let file = "terraform/moved.tf";
    let mut b = header(settings, file)
        .comment("Addresses from before the create variable, when resources had no count.");
    for (i, a) in addresses.iter().enumerate() {
        if i > 0 {
            b = b.blank();
        }
        b = b.block(
            Block::new("moved").with_body(
                Body::new()
                    .attr("from", Expr::traversal(a.as_str()))
                    .attr("to", Expr::traversal(format!("{a}[0]"))),
            ),
        );
    }
    b
}

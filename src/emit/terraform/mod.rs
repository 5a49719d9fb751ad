//! Model → a Terraform module a user can vendor.
//!
//! Files, split by concern: `versions.tf`, `main.tf` (the deploying context),
//! `variables.tf`, `roles.tf` (roles and trust), `policies.tf` (role
//! permissions), `callers.tf` (caller policies and attachments), `outputs.tf`.
//! The HCL is built as a typed tree ([`hcl`]) whose writer escapes and aligns
//! the way `terraform fmt` does. The module's `README.md` describes this
//! module and is written by [`super::docs`], which reads the names and
//! versions defined here; this module does not depend on it.
//!
//! Policies are `aws_iam_policy_document` data sources, so that every statement
//! can carry a comment saying which workloads and which AWS requirement it serves.

pub mod hcl;

use hcl::{BinaryOp, Block, Body, Expr, ObjectKey, TemplatePart};

use super::{Files, Settings};
use crate::model::names::{aws_name, terraform as tf_name};
use crate::model::value::{Input, Part, Str};
use crate::model::{Attachment, Condition, Model, Policy, Role, Statement, StudioKind};

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
pub(crate) const TERRAFORM: &str = ">= 1.5.0";

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
    Expr::template(value.0.iter().map(|p| match p {
        Part::Lit(l) => TemplatePart::literal(l),
        Part::Partition => TemplatePart::interpolation(PARTITION),
        Part::Account => TemplatePart::interpolation(ACCOUNT_ID),
        Part::Input(i) => TemplatePart::interpolation(format!("var.{}", variable(i))),
    }))
}

/// The variable of the module that holds an input.
fn variable(input: &Input) -> String {
    match input {
        Input::StudioDomainId(domain) => tf_name::domain_id(domain),
    }
}

fn string(s: &str) -> Expr<'_> {
    Expr::string(s)
}

fn strings<'a>(items: impl IntoIterator<Item = &'a String>) -> Expr<'a> {
    Expr::list(items.into_iter().map(|s| string(s)))
}

fn header(settings: &Settings, file: &str) -> Body<'static> {
    let mut b = Body::new();
    for line in settings.header(file) {
        b = b.comment(line);
    }
    b.blank()
}

fn condition_block(c: &Condition) -> Block<'_> {
    Block::new("condition").with_body(
        Body::new()
            .attr("test", string(&c.operator))
            .attr("variable", string(&c.key))
            .attr("values", Expr::list(c.values.iter().map(expr))),
    )
}

/// The comment lines above a statement: whom it serves and why.
fn statement_comment(st: &Statement) -> impl Iterator<Item = String> + '_ {
    let mut serves = st.why.serves.join(", ");
    serves.push_str(": ");
    serves.push_str(&st.why.reason);
    let wildcard = st.why.wildcard.as_ref();
    std::iter::once(serves).chain(wildcard.map(|w| format!("Resource \"*\": {w}")))
}

fn policy_document(name: String, policy: &Policy) -> Block<'_> {
    let mut body = Body::new();
    for st in &policy.statements {
        // Between statements; the writer drops it before the first.
        body = body.blank();
        for line in statement_comment(st) {
            body = body.comment(line);
        }
        if !st.why.scanner_skips.is_empty() {
            // checkov reads skips from comments inside the data source block.
            let reason = st.why.wildcard.as_deref().unwrap_or(&st.why.reason);
            body = body.comment(format!(
                "checkov:skip={}:{reason}",
                st.why.scanner_skips.join(",")
            ));
        }
        let mut sb = Body::new()
            .attr("sid", string(&st.sid))
            .attr("actions", strings(&st.actions))
            .attr("resources", Expr::list(st.resources.iter().map(expr)));
        for c in &st.conditions {
            sb = sb.blank().block(condition_block(c));
        }
        body = body.block(Block::new("statement").with_body(sb));
    }
    Block::new("data")
        .label("aws_iam_policy_document")
        .label(name)
        .with_body(body)
}

fn tags_attr<'a>(model: &Model, body: Body<'a>) -> Body<'a> {
    if model.guardrails.tags.is_empty() {
        body
    } else {
        body.attr("tags", Expr::traversal("local.tags"))
    }
}

fn versions(model: &Model, settings: &Settings) -> Body<'static> {
    let file = "terraform/versions.tf";
    header(settings, file).block(
        Block::new("terraform").with_body(
            Body::new()
                .attr("required_version", string(TERRAFORM))
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
        b = b
            .blank()
            .comment("Tags from the spec's guardrails, on every role and policy.")
            .block(
                Block::new("locals").with_body(
                    Body::new().attr(
                        "tags",
                        Expr::object(
                            model
                                .guardrails
                                .tags
                                .iter()
                                .map(|(k, v)| (ObjectKey::quoted(k), string(v))),
                        ),
                    ),
                ),
            );
    }
    b
}

fn variables<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/variables.tf";
    let boundary = match &model.guardrails.permissions_boundary {
        Some(arn) => string(arn),
        None => Expr::Null,
    };
    let var = |name: &str| Expr::traversal(format!("var.{name}"));
    let mut b = header(settings, file).block(
        Block::new("variable").label("permissions_boundary_arn").with_body(
            Body::new()
                .attr("description", string("ARN of the managed policy set as permissions boundary on every role; null for none."))
                .attr("type", Expr::traversal("string"))
                .attr("default", boundary)
                .blank()
                .block(Block::new("validation").with_body(
                    Body::new()
                        .attr(
                            "condition",
                            Expr::Binary(
                                Box::new(Expr::Binary(Box::new(var("permissions_boundary_arn")), BinaryOp::Eq, Box::new(Expr::Null))),
                                BinaryOp::Or,
                                Box::new(Expr::FuncCall(
                                    "can".into(),
                                    vec![Expr::FuncCall(
                                        "regex".into(),
                                        vec![string("^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$"), var("permissions_boundary_arn")],
                                    )],
                                )),
                            ),
                        )
                        .attr("error_message", string("permissions_boundary_arn must be an IAM managed policy ARN or null.")),
                )),
        ),
    );
    for input in model.inputs() {
        let Input::StudioDomainId(domain) = &input;
        let name = variable(&input);
        b = b.blank().block(
            Block::new("variable").label(name.clone()).with_body(
                Body::new()
                    .attr(
                        "description",
                        Expr::string(format!("Id of the existing Studio domain that gets the user profiles and spaces of {domain:?} (d-...).")),
                    )
                    .attr("type", Expr::traversal("string"))
                    .blank()
                    .block(Block::new("validation").with_body(
                        Body::new()
                            .attr(
                                "condition",
                                Expr::FuncCall(
                                    "can".into(),
                                    vec![Expr::FuncCall(
                                        "regex".into(),
                                        vec![string(input.pattern()), var(&name)],
                                    )],
                                ),
                            )
                            .attr("error_message", Expr::string(format!("{name} must be a Studio domain id such as d-xxxxxxxxxxxx."))),
                    )),
            ),
        );
    }
    if model.callers.iter().any(|c| c.attach_to_role.is_some()) {
        b = b.blank().block(
            Block::new("variable").label("attach_caller_policies").with_body(
                Body::new()
                    .attr(
                        "description",
                        string("Attach each caller policy to its caller's role when deploying into that role's account."),
                    )
                    .attr("type", Expr::traversal("bool"))
                    .attr("default", Expr::Bool(true)),
            ),
        );
    }
    b
}

fn role_tf_name(r: &Role) -> String {
    tf_name::role(&r.key)
}

fn roles<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/roles.tf";
    let mut b = header(settings, file);
    for r in &model.roles {
        // Between roles; the writer folds it into the header's.
        b = b.blank();
        let name = role_tf_name(r);
        let mut trust = Body::new()
            .attr("sid", string("SageMakerAssumeRole"))
            .attr("actions", Expr::list([string("sts:AssumeRole")]))
            .blank()
            .block(
                Block::new("principals").with_body(
                    Body::new()
                        .attr("type", string("Service"))
                        .attr("identifiers", Expr::list([string(&r.trust.service)])),
                ),
            );
        if !r.trust.conditions.is_empty() {
            trust = trust.blank().comment(&r.trust.reason);
            for (j, c) in r.trust.conditions.iter().enumerate() {
                if j > 0 {
                    trust = trust.blank();
                }
                trust = trust.block(condition_block(c));
            }
        }
        b = b.comment(format!(
            "Role {:?}: runs {}.",
            r.key,
            r.workloads.join(", ")
        ));
        if let Some(w) = &r.trust.warning {
            b = b.comment(format!("WARNING: {w}"));
        }
        b = b
            .block(
                Block::new("data")
                    .label("aws_iam_policy_document")
                    .label(tf_name::trust(&r.key))
                    .with_body(Body::new().block(Block::new("statement").with_body(trust))),
            )
            .blank();
        let role_body = Body::new()
            .attr("name", string(&r.name))
            .attr("path", string(&model.guardrails.path))
            .attr("description", string(&r.description))
            .attr(
                "assume_role_policy",
                Expr::traversal(format!(
                    "data.aws_iam_policy_document.{}.json",
                    tf_name::trust(&r.key)
                )),
            )
            .attr(
                "permissions_boundary",
                Expr::traversal("var.permissions_boundary_arn"),
            );
        b = b.block(
            Block::new("resource")
                .label("aws_iam_role")
                .label(name.clone())
                .with_body(tags_attr(model, role_body)),
        );
        for m in &r.aws_managed {
            let arn = Expr::template([
                TemplatePart::literal("arn:"),
                TemplatePart::interpolation(PARTITION),
                TemplatePart::literal(format!(":iam::aws:policy/{}", m.name)),
            ]);
            b = b.blank().comment(format!("WARNING: {}", m.reason)).block(
                Block::new("resource")
                    .label("aws_iam_role_policy_attachment")
                    .label(tf_name::aws_managed(&r.key, m))
                    .with_body(
                        Body::new()
                            .attr("role", Expr::traversal(format!("aws_iam_role.{name}.name")))
                            .attr("policy_arn", arn),
                    ),
            );
        }
    }
    b
}

fn policies<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/policies.tf";
    let mut b = header(settings, file);
    let mut first = true;
    for r in &model.roles {
        let owner = role_tf_name(r);
        for d in &r.documents {
            if !first {
                b = b.blank();
            }
            first = false;
            let name = tf_name::document(&owner, d);
            let policy_json = Expr::traversal(format!("data.aws_iam_policy_document.{name}.json"));
            b = b
                .comment(format!(
                    "Permissions of role {:?} ({} characters).",
                    r.key, d.size
                ))
                .block(policy_document(name.clone(), &d.policy))
                .blank();
            b = match d.attachment {
                Attachment::Inline => b.block(
                    Block::new("resource")
                        .label("aws_iam_role_policy")
                        .label(name.clone())
                        .with_body(
                            Body::new()
                                .attr("name", string(&d.name))
                                .attr("role", Expr::traversal(format!("aws_iam_role.{owner}.id")))
                                .attr("policy", policy_json),
                        ),
                ),
                Attachment::Managed => b
                    .block(
                        Block::new("resource")
                            .label("aws_iam_policy")
                            .label(name.clone())
                            .with_body(tags_attr(
                                model,
                                Body::new()
                                    .attr("name", string(&d.name))
                                    .attr("path", string(&model.guardrails.path))
                                    .attr(
                                        "description",
                                        Expr::string(format!(
                                            "Permissions of SageMaker execution role {}",
                                            r.name
                                        )),
                                    )
                                    .attr("policy", policy_json),
                            )),
                    )
                    .blank()
                    .block(
                        Block::new("resource")
                            .label("aws_iam_role_policy_attachment")
                            .label(name.clone())
                            .with_body(
                                Body::new()
                                    .attr(
                                        "role",
                                        Expr::traversal(format!("aws_iam_role.{owner}.name")),
                                    )
                                    .attr(
                                        "policy_arn",
                                        Expr::traversal(format!("aws_iam_policy.{name}.arn")),
                                    ),
                            ),
                    ),
            };
        }
    }
    b
}

fn callers<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/callers.tf";
    let mut b = header(settings, file);
    let mut first = true;
    for c in &model.callers {
        let owner = tf_name::caller(&c.key);
        for d in &c.documents {
            if !first {
                b = b.blank();
            }
            first = false;
            let name = tf_name::document(&owner, d);
            b = b
                .comment(format!(
                    "Caller {:?}: {} ({} characters).",
                    c.key, c.principal, d.size
                ))
                .block(policy_document(name.clone(), &d.policy))
                .blank();
            let policy = Body::new()
                .attr("name", string(&d.name))
                .attr("path", string(&model.guardrails.path))
                .attr("description", string(&c.description))
                .attr(
                    "policy",
                    Expr::traversal(format!("data.aws_iam_policy_document.{name}.json")),
                );
            b = b.block(
                Block::new("resource")
                    .label("aws_iam_policy")
                    .label(name.clone())
                    .with_body(tags_attr(model, policy)),
            );
            if let Some(r) = &c.attach_to_role {
                let count = Expr::Conditional(
                    Box::new(Expr::Binary(
                        Box::new(Expr::traversal("var.attach_caller_policies")),
                        BinaryOp::And,
                        Box::new(Expr::Binary(
                            Box::new(Expr::traversal(ACCOUNT_ID)),
                            BinaryOp::Eq,
                            Box::new(string(&r.account)),
                        )),
                    )),
                    Box::new(Expr::Number(1)),
                    Box::new(Expr::Number(0)),
                );
                b = b
                    .blank()
                    .comment(format!(
                        "Attached only when deploying into the caller's account {}.",
                        r.account
                    ))
                    .block(
                        Block::new("resource")
                            .label("aws_iam_role_policy_attachment")
                            .label(name.clone())
                            .with_body(
                                Body::new()
                                    .attr("count", count)
                                    .attr("role", string(&r.name))
                                    .attr(
                                        "policy_arn",
                                        Expr::traversal(format!("aws_iam_policy.{name}.arn")),
                                    ),
                            ),
                    );
            }
        }
    }
    b
}

fn outputs<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/outputs.tf";
    // Each role's attribute by the role's key in the spec.
    let by_role = |attribute: &str| {
        Expr::object(model.roles.iter().map(|r| {
            let path = format!("aws_iam_role.{}.{attribute}", role_tf_name(r));
            (ObjectKey::quoted(&r.key), Expr::traversal(path))
        }))
    };
    let output = |name: &'a str, description: &'a str, value: Expr<'a>| {
        Block::new("output").label(name).with_body(
            Body::new()
                .attr("description", string(description))
                .attr("value", value),
        )
    };
    let body = header(settings, file)
        .block(output(
            "role_arns",
            "Execution role ARNs by role name in the spec; pass them as RoleArn/ExecutionRoleArn.",
            by_role("arn"),
        ))
        .blank()
        .block(output(
            "role_names",
            "Execution role names by role name in the spec.",
            by_role("name"),
        ))
        .blank()
                .block(output(
            "caller_policy_arns",
            "Caller policy ARNs (a list per caller, more than one when a policy is split) by caller name in the spec; attach them where the module does not.",
            Expr::Object(
                model
                    .callers
                    .iter()
                    .map(|c| {
                        let owner = tf_name::caller(&c.key);
                        let arns = c
                            .documents
                            .iter()
                            .map(|d| Expr::traversal(format!("aws_iam_policy.{}.arn", tf_name::document(&owner, d))))
                            .collect();
                        (ObjectKey::quoted(&c.key), Expr::List(arns))
                    })
                    .collect(),
            ),
        ));
    if model.studio.is_empty() {
        return body;
    }
    // The roles' own attributes, like role_arns: the output depends on the
    // roles, and Terraform knows it.
    let role_arn = |key: &str| {
        let role = model
            .roles
            .iter()
            .find(|r| r.key == key)
            .expect("a Studio identity's role is a role of the model");
        Expr::traversal(format!("aws_iam_role.{}.arn", role_tf_name(role)))
    };
    let domains = model
        .studio
        .iter()
        .map(|d| {
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
                })
                .collect();
            let spaces = d
                .identities
                .iter()
                .filter(|i| matches!(i.kind, StudioKind::PrivateSpace | StudioKind::SharedSpace))
                .map(|i| (ObjectKey::quoted(&i.name), role_arn(&i.role)))
                .collect();
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
                    Expr::Object(profiles),
                ),
                (
                    ObjectKey::ident("space_execution_role_arns"),
                    Expr::Object(spaces),
                ),
            ]);
            (ObjectKey::quoted(&d.name), value)
        })
        .collect();
    body.blank().block(output(
        "studio",
        "Studio wiring by domain: the domain's DefaultUserSettings and DefaultSpaceSettings execution role, each user profile's UserSettings.ExecutionRole (null: it inherits the default), and the role each space runs under.",
        Expr::Object(domains),
    ))
}

/// The user profiles and spaces of the domains that opt into `associate`,
/// created in the existing domain with their execution roles set.
fn studio<'a>(model: &'a Model, settings: &Settings) -> Body<'a> {
    let file = "terraform/studio.tf";
    let mut b = header(settings, file);
    let role_tf = |key: &str| {
        model
            .roles
            .iter()
            .find(|r| r.key == key)
            .map_or_else(|| tf_name::role(key), role_tf_name)
    };
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
            let resource_name = aws_name(&model.name_prefix, &id.name);
            let mut body = Body::new().attr("domain_id", domain_id.clone());
            let resource = match id.kind {
                StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting => {
                    body = body.attr("user_profile_name", Expr::string(resource_name));
                    if id.kind == StudioKind::ProfileWithOwnRole {
                        body = body.blank().block(Block::new("user_settings").with_body(
                            Body::new().attr(
                                "execution_role",
                                Expr::traversal(format!("aws_iam_role.{}.arn", role_tf(&id.role))),
                            ),
                        ));
                    }
                    "aws_sagemaker_user_profile"
                }
                StudioKind::PrivateSpace | StudioKind::SharedSpace => {
                    body = body.attr("space_name", Expr::string(resource_name));
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
                                    "aws_sagemaker_user_profile.{}.user_profile_name",
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
            if !model.guardrails.tags.is_empty() {
                body = body.blank();
            }
            b = b
                .comment(format!("{}: {}.", id.name, id.kind.wiring()))
                .block(
                    Block::new("resource")
                        .label(resource)
                        .label(tf_name::studio(&id.name))
                        .with_body(tags_attr(model, body)),
                );
        }
    }
    b
}

pub fn emit(model: &Model, settings: &Settings) -> Files {
    let mut files = Files::new();
    type Make = for<'a> fn(&'a Model, &Settings) -> Body<'a>;
    let tf: [(&str, Make); 8] = [
        ("terraform/versions.tf", |m, s| versions(m, s)),
        ("terraform/main.tf", main_tf),
        ("terraform/variables.tf", variables),
        ("terraform/roles.tf", roles),
        ("terraform/policies.tf", policies),
        ("terraform/callers.tf", callers),
        ("terraform/outputs.tf", outputs),
        ("terraform/studio.tf", studio),
    ];
    // One file at a time: a body is text before the next is built, so a
    // large spec holds one syntax tree at most.
    for (path, make) in tf {
        if path == "terraform/callers.tf" && model.callers.is_empty() {
            continue;
        }
        if path == "terraform/studio.tf" && !model.studio.iter().any(|d| d.associate) {
            continue;
        }
        files.insert(path.to_string(), hcl::to_string(&make(model, settings)));
    }
    files
}

//! Model → CloudFormation template, as YAML and JSON with the same content.
//!
//! The template is built from serde structs; the YAML and JSON files are two
//! serializations of one value. Strings that need the deploying partition,
//! account or region, or a role's ARN, become `Fn::Sub` with pseudo
//! parameters; literal text inside a `Fn::Sub` escapes `${` as `${!` (the only
//! escaping CloudFormation needs, done in [`sub`]). Strings without context
//! stay plain, where `${` needs no escape.
//!
//! Role names are set (`RoleName`) so that both outputs name the same roles;
//! deploying therefore needs `CAPABILITY_NAMED_IAM`.

use indexmap::IndexMap;
use serde::Serialize;

use super::names::pascal;
use super::{Files, Settings};
use crate::model::value::{Part, Str};
use crate::model::{
    Attachment, Caller, Condition, Document, Model, Policy, Role, Statement, StudioKind,
};

/// A template value: a plain string or an intrinsic function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(u32),
    List(Vec<Value>),
    Map(IndexMap<String, Value>),
}

fn intrinsic(name: &str, arg: Value) -> Value {
    Value::Map(IndexMap::from([(name.to_string(), arg)]))
}

fn reference(name: &str) -> Value {
    intrinsic("Ref", Value::Str(name.into()))
}

fn s(v: impl Into<String>) -> Value {
    Value::Str(v.into())
}

/// A [`Str`] as a template value: plain when literal, else `Fn::Sub`.
pub fn sub(value: &Str) -> Value {
    if value.is_literal() {
        return Value::Str(value.to_string());
    }
    let mut text = String::new();
    for p in &value.0 {
        match p {
            // Fn::Sub reads `${` as a variable; `${!` writes a literal `${`
            // (CloudFormation User Guide, intrinsic-function-reference-sub).
            Part::Lit(l) => text.push_str(&l.replace("${", "${!")),
            Part::Partition => text.push_str("${AWS::Partition}"),
            Part::Account => text.push_str("${AWS::AccountId}"),
            Part::Region => text.push_str("${AWS::Region}"),
        }
    }
    intrinsic("Fn::Sub", Value::Str(text))
}

pub fn role_id(key: &str) -> String {
    format!("{}Role", pascal(key))
}

pub fn caller_id(key: &str) -> String {
    format!("{}CallerPolicy", pascal(key))
}

fn studio_profile_id(key: &str) -> String {
    format!("StudioUserProfile{}", pascal(key))
}

fn attach_condition_id(key: &str) -> String {
    format!("Attach{}", caller_id(key))
}

const BOUNDARY_PARAM: &str = "PermissionsBoundaryArn";
const HAS_BOUNDARY: &str = "HasPermissionsBoundary";
const ATTACH_PARAM: &str = "AttachCallerPolicies";

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Template {
    #[serde(rename = "AWSTemplateFormatVersion")]
    format_version: &'static str,
    description: String,
    metadata: IndexMap<String, Value>,
    parameters: IndexMap<String, Parameter>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    conditions: IndexMap<String, Value>,
    resources: IndexMap<String, Resource>,
    outputs: IndexMap<String, Output>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Parameter {
    #[serde(rename = "Type")]
    kind: &'static str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_pattern: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_values: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraint_description: Option<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Resource {
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<String>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    metadata: IndexMap<String, Value>,
    properties: IndexMap<String, Value>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output {
    description: String,
    value: Value,
    export: IndexMap<String, Value>,
}

fn policy_document(policy: &Policy) -> Value {
    let statements = policy.statements.iter().map(statement).collect();
    Value::Map(IndexMap::from([
        ("Version".to_string(), s("2012-10-17")),
        ("Statement".to_string(), Value::List(statements)),
    ]))
}

fn statement(st: &Statement) -> Value {
    let mut m = IndexMap::new();
    m.insert("Sid".to_string(), s(&st.sid));
    m.insert("Effect".to_string(), s("Allow"));
    m.insert(
        "Action".to_string(),
        Value::List(st.actions.iter().map(s).collect()),
    );
    m.insert(
        "Resource".to_string(),
        Value::List(st.resources.iter().map(sub).collect()),
    );
    if !st.conditions.is_empty() {
        m.insert("Condition".to_string(), conditions(&st.conditions));
    }
    Value::Map(m)
}

fn conditions(cs: &[Condition]) -> Value {
    let mut by_op: IndexMap<String, Value> = IndexMap::new();
    for c in cs {
        let entry = by_op
            .entry(c.operator.clone())
            .or_insert_with(|| Value::Map(IndexMap::new()));
        if let Value::Map(keys) = entry {
            keys.insert(
                c.key.clone(),
                Value::List(c.values.iter().map(sub).collect()),
            );
        }
    }
    Value::Map(by_op)
}

fn tags(model: &Model) -> Option<Value> {
    (!model.guardrails.tags.is_empty()).then(|| {
        Value::List(
            model
                .guardrails
                .tags
                .iter()
                .map(|(k, v)| {
                    Value::Map(IndexMap::from([
                        ("Key".to_string(), s(k)),
                        ("Value".to_string(), s(v)),
                    ]))
                })
                .collect(),
        )
    })
}

/// Reasons per statement, from the same source as the Terraform comments.
fn statement_reasons(policy: &Policy) -> Value {
    Value::Map(
        policy
            .statements
            .iter()
            .map(|st| {
                let mut why = format!("{}: {}", st.why.serves.join(", "), st.why.reason);
                if let Some(w) = &st.why.wildcard {
                    why.push_str(&format!(". Resource \"*\": {w}"));
                }
                (st.sid.clone(), s(why))
            })
            .collect(),
    )
}

/// checkov's resource-level skips for the statements of some documents, with
/// the reason AWS leaves nothing narrower.
fn scanner_skips<'a>(documents: impl IntoIterator<Item = &'a Document>) -> Option<Value> {
    let mut skips: IndexMap<String, String> = IndexMap::new();
    for d in documents {
        for st in &d.policy.statements {
            for id in &st.why.scanner_skips {
                let reason = st.why.wildcard.as_deref().unwrap_or(&st.why.reason);
                skips
                    .entry(id.clone())
                    .or_insert_with(|| format!("{}: {reason}", st.sid));
            }
        }
    }
    skips.sort_keys();
    (!skips.is_empty()).then(|| {
        let list = skips
            .into_iter()
            .map(|(id, comment)| {
                Value::Map(IndexMap::from([
                    ("id".to_string(), s(id)),
                    ("comment".to_string(), s(comment)),
                ]))
            })
            .collect();
        Value::Map(IndexMap::from([("skip".to_string(), Value::List(list))]))
    })
}

fn role_resource(model: &Model, role: &Role) -> Resource {
    let trust = {
        let mut st = IndexMap::new();
        st.insert("Sid".to_string(), s("SageMakerAssumeRole"));
        st.insert("Effect".to_string(), s("Allow"));
        st.insert(
            "Principal".to_string(),
            Value::Map(IndexMap::from([(
                "Service".to_string(),
                Value::List(vec![s(&role.trust.service)]),
            )])),
        );
        st.insert("Action".to_string(), Value::List(vec![s("sts:AssumeRole")]));
        if !role.trust.conditions.is_empty() {
            st.insert("Condition".to_string(), conditions(&role.trust.conditions));
        }
        Value::Map(IndexMap::from([
            ("Version".to_string(), s("2012-10-17")),
            ("Statement".to_string(), Value::List(vec![Value::Map(st)])),
        ]))
    };
    let mut p = IndexMap::new();
    p.insert("RoleName".to_string(), s(&role.name));
    p.insert("Path".to_string(), s(&model.guardrails.path));
    p.insert("Description".to_string(), s(&role.description));
    p.insert("AssumeRolePolicyDocument".to_string(), trust);
    p.insert(
        "PermissionsBoundary".to_string(),
        intrinsic(
            "Fn::If",
            Value::List(vec![
                s(HAS_BOUNDARY),
                reference(BOUNDARY_PARAM),
                reference("AWS::NoValue"),
            ]),
        ),
    );
    let inline: Vec<Value> = role
        .documents
        .iter()
        .filter(|d| d.attachment == Attachment::Inline)
        .map(|d| {
            Value::Map(IndexMap::from([
                ("PolicyName".to_string(), s(&d.name)),
                ("PolicyDocument".to_string(), policy_document(&d.policy)),
            ]))
        })
        .collect();
    if !inline.is_empty() {
        p.insert("Policies".to_string(), Value::List(inline));
    }
    if !role.aws_managed.is_empty() {
        let arns = role
            .aws_managed
            .iter()
            .map(|m| {
                sub(&Str(vec![
                    Part::Lit("arn:".into()),
                    Part::Partition,
                    Part::Lit(format!(":iam::aws:policy/{}", m.name)),
                ]))
            })
            .collect();
        p.insert("ManagedPolicyArns".to_string(), Value::List(arns));
    }
    if let Some(t) = tags(model) {
        p.insert("Tags".to_string(), t);
    }
    let mut sagerole = IndexMap::new();
    sagerole.insert(
        "Workloads".to_string(),
        Value::List(role.workloads.iter().map(s).collect()),
    );
    sagerole.insert(
        "Trust".to_string(),
        s(format!(
            "{} ({})",
            role.trust.reason,
            role.trust.mode.name()
        )),
    );
    if let Some(w) = &role.trust.warning {
        sagerole.insert("Warning".to_string(), s(w));
    }
    for m in &role.aws_managed {
        sagerole.insert(format!("Warning{}", m.name), s(&m.reason));
    }
    sagerole.insert("Statements".to_string(), statement_reasons(&role.policy));
    let mut metadata = IndexMap::from([("sagerole".to_string(), Value::Map(sagerole))]);
    if let Some(skips) = scanner_skips(
        role.documents
            .iter()
            .filter(|d| d.attachment == Attachment::Inline),
    ) {
        metadata.insert("checkov".to_string(), skips);
    }
    Resource {
        depends_on: Vec::new(),
        kind: "AWS::IAM::Role",
        condition: None,
        metadata,
        properties: p,
    }
}

/// The logical id of a document of a split policy: the owner's id for the
/// first part, with the part number after it for the others.
fn document_id(owner_id: &str, base: &str, d: &Document) -> String {
    match d
        .name
        .strip_prefix(base)
        .and_then(|rest| rest.strip_prefix('-'))
    {
        Some(part) => format!("{owner_id}{}", pascal(part)),
        None => owner_id.to_string(),
    }
}

/// A managed policy holding part of a role's permissions, attached to it.
fn role_policy_resource(model: &Model, role: &Role, d: &Document) -> Resource {
    let mut p = IndexMap::new();
    p.insert("ManagedPolicyName".to_string(), s(&d.name));
    p.insert("Path".to_string(), s(&model.guardrails.path));
    p.insert(
        "Description".to_string(),
        s(format!(
            "Permissions of SageMaker execution role {}",
            role.name
        )),
    );
    p.insert("PolicyDocument".to_string(), policy_document(&d.policy));
    p.insert(
        "Roles".to_string(),
        Value::List(vec![reference(&role_id(&role.key))]),
    );
    let metadata = scanner_skips([d])
        .map(|skips| ("checkov".to_string(), skips))
        .into_iter()
        .collect();
    Resource {
        depends_on: Vec::new(),
        kind: "AWS::IAM::ManagedPolicy",
        condition: None,
        metadata,
        properties: p,
    }
}

fn caller_resource(model: &Model, caller: &Caller, d: &Document) -> Resource {
    let mut p = IndexMap::new();
    p.insert("ManagedPolicyName".to_string(), s(&d.name));
    p.insert("Path".to_string(), s(&model.guardrails.path));
    p.insert("Description".to_string(), s(&caller.description));
    p.insert("PolicyDocument".to_string(), policy_document(&d.policy));
    if let Some(r) = &caller.attach_to_role {
        p.insert(
            "Roles".to_string(),
            intrinsic(
                "Fn::If",
                Value::List(vec![
                    s(attach_condition_id(&caller.key)),
                    Value::List(vec![s(&r.name)]),
                    reference("AWS::NoValue"),
                ]),
            ),
        );
    }
    let mut sagerole = IndexMap::new();
    sagerole.insert("Principal".to_string(), s(&caller.principal));
    sagerole.insert("Statements".to_string(), statement_reasons(&d.policy));
    let mut metadata = IndexMap::from([("sagerole".to_string(), Value::Map(sagerole))]);
    if let Some(skips) = scanner_skips([d]) {
        metadata.insert("checkov".to_string(), skips);
    }
    Resource {
        depends_on: Vec::new(),
        kind: "AWS::IAM::ManagedPolicy",
        condition: None,
        metadata,
        properties: p,
    }
}

fn export(name: &str) -> IndexMap<String, Value> {
    IndexMap::from([(
        "Name".to_string(),
        intrinsic("Fn::Sub", s(format!("${{AWS::StackName}}-{name}"))),
    )])
}

fn template(model: &Model, settings: &Settings, file: &str) -> Template {
    let [h1, h2] = settings.header(file);
    let mut parameters = IndexMap::new();
    parameters.insert(
        BOUNDARY_PARAM.to_string(),
        Parameter {
            kind: "String",
            description: "ARN of the managed policy set as permissions boundary on every role; empty for none".into(),
            default: Some(model.guardrails.permissions_boundary.clone().unwrap_or_default()),
            allowed_pattern: Some(r"^$|^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$".into()),
            allowed_values: vec![],
            constraint_description: Some("an IAM managed policy ARN, or empty".into()),
        },
    );
    let mut conditions = IndexMap::new();
    conditions.insert(
        HAS_BOUNDARY.to_string(),
        intrinsic(
            "Fn::Not",
            Value::List(vec![intrinsic(
                "Fn::Equals",
                Value::List(vec![reference(BOUNDARY_PARAM), s("")]),
            )]),
        ),
    );
    if model.callers.iter().any(|c| c.attach_to_role.is_some()) {
        parameters.insert(
            ATTACH_PARAM.to_string(),
            Parameter {
                kind: "String",
                description: "Attach each caller policy to its caller's role when deploying into that role's account".into(),
                default: Some("true".into()),
                allowed_pattern: None,
                allowed_values: vec!["true".into(), "false".into()],
                constraint_description: None,
            },
        );
    }
    for c in &model.callers {
        if let Some(r) = &c.attach_to_role {
            conditions.insert(
                attach_condition_id(&c.key),
                intrinsic(
                    "Fn::And",
                    Value::List(vec![
                        intrinsic(
                            "Fn::Equals",
                            Value::List(vec![reference(ATTACH_PARAM), s("true")]),
                        ),
                        intrinsic(
                            "Fn::Equals",
                            Value::List(vec![reference("AWS::AccountId"), s(&r.account)]),
                        ),
                    ]),
                ),
            );
        }
    }
    let mut resources = IndexMap::new();
    let mut outputs = IndexMap::new();
    for r in &model.roles {
        let id = role_id(&r.key);
        resources.insert(id.clone(), role_resource(model, r));
        outputs.insert(
            format!("{id}Arn"),
            Output {
                description: format!("ARN of the execution role {}", r.name),
                value: intrinsic("Fn::GetAtt", Value::List(vec![s(&id), s("Arn")])),
                export: export(&format!("{}-role-arn", r.key)),
            },
        );
        outputs.insert(
            format!("{id}Name"),
            Output {
                description: format!("Name of the execution role {}", r.name),
                value: reference(&id),
                export: export(&format!("{}-role-name", r.key)),
            },
        );
    }
    for r in &model.roles {
        let base = format!("{}-permissions", r.name);
        for d in r
            .documents
            .iter()
            .filter(|d| d.attachment == Attachment::Managed)
        {
            let id = document_id(&format!("{}Permissions", pascal(&r.key)), &base, d);
            resources.insert(id, role_policy_resource(model, r, d));
        }
    }
    for c in &model.callers {
        let base = format!("{}-{}-caller", model.name_prefix, c.key);
        for d in &c.documents {
            let id = document_id(&caller_id(&c.key), &base, d);
            resources.insert(id.clone(), caller_resource(model, c, d));
            let export_name = match d.name.strip_prefix(&base) {
                Some(part) if !part.is_empty() => format!("{}-caller-policy{part}-arn", c.key),
                _ => format!("{}-caller-policy-arn", c.key),
            };
            outputs.insert(
                format!("{id}Arn"),
                Output {
                    description: format!(
                        "ARN of the managed policy {} for caller {}",
                        d.name, c.key
                    ),
                    value: reference(&id),
                    export: export(&export_name),
                },
            );
        }
    }
    // Studio wiring: the role ARN each domain default, user profile with a
    // role of its own, and space needs; inheriting profiles need none.
    for d in &model.studio {
        let role_arn =
            |key: &str| intrinsic("Fn::GetAtt", Value::List(vec![s(role_id(key)), s("Arn")]));
        outputs.insert(
            format!("StudioDefault{}", pascal(&d.name)),
            Output {
                description: format!(
                    "Studio domain {}: DefaultUserSettings and DefaultSpaceSettings ExecutionRole",
                    d.name
                ),
                value: role_arn(&d.role),
                export: export(&format!("{}-studio-default-role-arn", d.name)),
            },
        );
        for i in d
            .identities
            .iter()
            .filter(|i| i.kind != StudioKind::ProfileInheriting)
        {
            outputs.insert(
                format!("StudioWiring{}", pascal(&i.name)),
                Output {
                    description: format!(
                        "Studio {} of domain {}: {}",
                        i.name,
                        d.name,
                        i.kind.wiring()
                    ),
                    value: role_arn(&i.role),
                    export: export(&format!("{}-studio-role-arn", i.name)),
                },
            );
        }
    }
    // The association, for domains that opt in: user profiles and spaces
    // created in the existing domain, with their roles set.
    for d in model.studio.iter().filter(|d| d.associate) {
        let param = format!("StudioDomainId{}", pascal(&d.name));
        parameters.insert(
            param.clone(),
            Parameter {
                kind: "String",
                description: format!(
                    "Id of the existing Studio domain that gets the user profiles and spaces of {} (d-...). Set its DefaultUserSettings and DefaultSpaceSettings ExecutionRole to the output StudioDefault{}",
                    d.name,
                    pascal(&d.name)
                ),
                default: None,
                // API_CreateSpace: DomainId pattern.
                allowed_pattern: Some("^d-(-*[a-z0-9]){1,61}$".into()),
                allowed_values: vec![],
                constraint_description: Some("a Studio domain id such as d-xxxxxxxxxxxx".into()),
            },
        );
        for i in &d.identities {
            let name = format!("{}-{}", model.name_prefix, i.name);
            let mut props = IndexMap::new();
            props.insert("DomainId".to_string(), reference(&param));
            let mut depends_on = Vec::new();
            let (kind, id) = match i.kind {
                StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting => {
                    props.insert("UserProfileName".to_string(), s(&name));
                    if i.kind == StudioKind::ProfileWithOwnRole {
                        props.insert(
                            "UserSettings".to_string(),
                            Value::Map(IndexMap::from([(
                                "ExecutionRole".to_string(),
                                intrinsic(
                                    "Fn::GetAtt",
                                    Value::List(vec![s(role_id(&i.role)), s("Arn")]),
                                ),
                            )])),
                        );
                    }
                    ("AWS::SageMaker::UserProfile", studio_profile_id(&i.name))
                }
                StudioKind::PrivateSpace | StudioKind::SharedSpace => {
                    props.insert("SpaceName".to_string(), s(&name));
                    let sharing = if let Some(owner) = &i.owner {
                        props.insert(
                            "OwnershipSettings".to_string(),
                            Value::Map(IndexMap::from([(
                                "OwnerUserProfileName".to_string(),
                                s(format!("{}-{owner}", model.name_prefix)),
                            )])),
                        );
                        depends_on.push(studio_profile_id(owner));
                        "Private"
                    } else {
                        "Shared"
                    };
                    props.insert(
                        "SpaceSharingSettings".to_string(),
                        Value::Map(IndexMap::from([("SharingType".to_string(), s(sharing))])),
                    );
                    (
                        "AWS::SageMaker::Space",
                        format!("StudioSpace{}", pascal(&i.name)),
                    )
                }
            };
            if let Some(t) = tags(model) {
                props.insert("Tags".to_string(), t);
            }
            resources.insert(
                id,
                Resource {
                    kind,
                    condition: None,
                    depends_on,
                    metadata: IndexMap::from([(
                        "sagerole".to_string(),
                        Value::Map(IndexMap::from([(
                            "Wiring".to_string(),
                            s(format!("{}: {}", i.name, i.kind.wiring())),
                        )])),
                    )]),
                    properties: props,
                },
            );
        }
    }
    let mut metadata = IndexMap::new();
    metadata.insert(
        "sagerole".to_string(),
        Value::Map(IndexMap::from([
            ("Version".to_string(), s(crate::VERSION)),
            ("Spec".to_string(), s(settings.spec_path_from(file))),
            ("Generated".to_string(), s(format!("{h1} {h2}"))),
        ])),
    );
    Template {
        format_version: "2010-09-09",
        description: format!(
            "SageMaker execution roles and caller policies for {}. {h1} {h2}",
            model.name_prefix
        ),
        metadata,
        parameters,
        conditions,
        resources,
        outputs,
    }
}

pub fn emit(model: &Model, settings: &Settings) -> Files {
    let mut files = Files::new();
    let yaml_path = "cloudformation/template.yaml";
    let json_path = "cloudformation/template.json";
    let yaml_template = template(model, settings, yaml_path);
    let [h1, h2] = settings.header(yaml_path);
    // Plain or quoted scalars only: folded block scalars would wrap ARNs and
    // sentences over lines, which reads worse and diffs worse.
    let mut options = serde_saphyr::SerializerOptions::default();
    options.prefer_block_scalars = false;
    let yaml = serde_saphyr::to_string_with_options(&yaml_template, options)
        .expect("a template of strings, lists and maps serializes");
    files.insert(yaml_path.to_string(), format!("# {h1}\n# {h2}\n{yaml}"));
    // Both files sit in one directory, so their headers, and with them the
    // templates, are the same: one template serves both.
    debug_assert_eq!(settings.header(yaml_path), settings.header(json_path));
    let mut json = serde_json::to_string_pretty(&yaml_template)
        .expect("a template of strings, lists and maps serializes");
    json.push('\n');
    files.insert(json_path.to_string(), json);
    files
}

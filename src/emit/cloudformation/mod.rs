//! Model → CloudFormation template, as YAML and JSON with the same content.
//!
//! The template is built from serde structs that borrow from the model; the
//! YAML and JSON files are two serializations of one value. Parameters,
//! conditions, resources and outputs are gathered first, by logical id. Policy
//! documents, statement reasons and `Condition` blocks, the bulk of a large
//! template, are views that serialize straight from the model's statements,
//! so they are never copied into the template.
//!
//! Strings that need the deploying partition, account or region, or a role's
//! ARN, become `Fn::Sub` with pseudo parameters; literal text inside a
//! `Fn::Sub` escapes `${` as `${!` (the only escaping CloudFormation needs,
//! done in `SubText`). Strings without context stay plain, where `${` needs no
//! escape.
//!
//! Role names are set (`RoleName`) so that both outputs name the same roles;
//! deploying therefore needs `CAPABILITY_NAMED_IAM`.

/// The `Serializer` types of the template's writers ([`yaml`], [`json`]),
/// whose maps, structs and lists are written by `$block`, and their methods
/// for the shapes other than strings, maps, lists and none: an option or a
/// newtype is written as its content; booleans, numbers, chars, bytes, unit
/// values, tuples and enum variants, which the template never holds, are
/// refused by `$refuse(what)`.
macro_rules! other_shapes {
    ($block:ty, $refuse:ident) => {
        type Ok = ();
        type Error = WriteError;
        type SerializeSeq = $block;
        type SerializeMap = $block;
        type SerializeStruct = $block;
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
            value.serialize(self)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            value: &T,
        ) -> Result<(), WriteError> {
            value.serialize(self)
        }

        type SerializeTuple = serde::ser::Impossible<(), WriteError>;
        type SerializeTupleStruct = serde::ser::Impossible<(), WriteError>;
        type SerializeTupleVariant = serde::ser::Impossible<(), WriteError>;
        type SerializeStructVariant = serde::ser::Impossible<(), WriteError>;

        fn serialize_bool(self, _: bool) -> Result<(), WriteError> {
            $refuse("booleans")
        }
        fn serialize_i8(self, _: i8) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_i16(self, _: i16) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_i32(self, _: i32) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_i64(self, _: i64) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_u8(self, _: u8) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_u16(self, _: u16) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_u32(self, _: u32) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_u64(self, _: u64) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_f32(self, _: f32) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_f64(self, _: f64) -> Result<(), WriteError> {
            $refuse("numbers")
        }
        fn serialize_char(self, _: char) -> Result<(), WriteError> {
            $refuse("chars")
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), WriteError> {
            $refuse("bytes")
        }
        fn serialize_unit(self) -> Result<(), WriteError> {
            $refuse("unit values")
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), WriteError> {
            $refuse("unit values")
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
        ) -> Result<(), WriteError> {
            $refuse("enum variants")
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), WriteError> {
            $refuse("enum variants")
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, WriteError> {
            $refuse("tuples")
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, WriteError> {
            $refuse("tuples")
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, WriteError> {
            $refuse("enum variants")
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, WriteError> {
            $refuse("enum variants")
        }
    };
}

/// `SerializeMap` and `SerializeStruct` for a map being written by one of
/// the template's writers, `$block`, through its methods `key`, `value` and
/// `$end`: a struct is a map whose keys are its fields' names.
macro_rules! map_entries {
    ($block:ident, $end:ident) => {
        impl serde::ser::SerializeMap for $block<'_, '_> {
            type Ok = ();
            type Error = WriteError;

            fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
                self.key(key)
            }

            fn serialize_value<T: Serialize + ?Sized>(
                &mut self,
                value: &T,
            ) -> Result<(), WriteError> {
                self.value(value)
            }

            fn end(self) -> Result<(), WriteError> {
                self.$end()
            }
        }

        impl serde::ser::SerializeStruct for $block<'_, '_> {
            type Ok = ();
            type Error = WriteError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), WriteError> {
                self.key(key)?;
                self.value(value)
            }

            fn end(self) -> Result<(), WriteError> {
                self.$end()
            }
        }
    };
}

mod both;
mod json;
mod split;
mod yaml;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;

use indexmap::IndexMap;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

pub use split::{Holder, QuotaExceeded};

use super::{Settings, Sink};
use crate::model::document::{self, Context};
use crate::model::names::{aws_name, existing_role_parameter, pascal};
use crate::model::value::{Input, Part, Str};
use crate::model::{
    condition_block, scalar_condition, Attachment, Caller, Condition, Document, GroupPolicy, Model,
    Policy, Role, RoleRef, Statement, StudioDomain, StudioKind, Why,
};

/// An error from the template's writers ([`yaml`], [`json`]): a shape that
/// they do not write, or a custom error from a `Serialize` impl.
#[derive(Debug)]
pub struct WriteError(String);

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WriteError {}

impl serde::ser::Error for WriteError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        WriteError(msg.to_string())
    }
}

/// A template value: a string, a list or a map, or a view that serializes
/// part of the model as one of these.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
enum Value<'a> {
    Str(Cow<'a, str>),
    List(Vec<Value<'a>>),
    Map(Map<'a>),
    Sub(Sub<'a>),
    Policy(PolicyDocument<'a>),
    Reasons(StatementReasons<'a>),
    Conditions(Conditions<'a>),
}

/// A map in insertion order, where inserting a key again replaces its value
/// in place, as in an `IndexMap`. The maps of a resource have a handful of
/// keys, so a list searched in order serves.
#[derive(Debug, Clone, Default)]
struct Map<'a>(Vec<(Cow<'a, str>, Value<'a>)>);

impl<'a> Map<'a> {
    fn insert(&mut self, key: impl Into<Cow<'a, str>>, value: Value<'a>) {
        let key = key.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a, K: Into<Cow<'a, str>>, const N: usize> From<[(K, Value<'a>); N]> for Map<'a> {
    fn from(entries: [(K, Value<'a>); N]) -> Self {
        let mut map = Map(Vec::with_capacity(N));
        for (key, value) in entries {
            map.insert(key, value);
        }
        map
    }
}

impl Serialize for Map<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A list serialized item by item through a view, without collecting it.
struct ListOf<'a, T, V>(&'a [T], fn(&'a T) -> V);

impl<'a, T, V: Serialize> Serialize for ListOf<'a, T, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(self.1))
    }
}

fn intrinsic<'a>(name: &'static str, arg: Value<'a>) -> Value<'a> {
    Value::Map(Map::from([(name, arg)]))
}

fn reference<'a>(name: impl Into<Cow<'a, str>>) -> Value<'a> {
    intrinsic("Ref", s(name))
}

fn s<'a>(v: impl Into<Cow<'a, str>>) -> Value<'a> {
    Value::Str(v.into())
}

/// A name the model keeps as text (a role's, a policy's: it starts with
/// the name_prefix) as a template value: plain, or a `Fn::Sub` of the
/// prefix's parameter when the prefix is an input ([`Model::named`]).
fn named(model: &Model, text: &str) -> Value<'static> {
    Value::Sub(Sub(Cow::Owned(model.named(text))))
}

/// A name as text that no intrinsic function may build (a description
/// of an output): an input's part as `${name}`.
fn shown(text: &str) -> String {
    crate::spec::raw::reference::shown(text)
}

/// A [`Str`] as a template value: plain when literal, else `Fn::Sub`. Owned
/// only for the few strings that the template makes rather than reads from
/// the model, such as the ARNs of AWS managed policies.
#[derive(Debug, Clone)]
struct Sub<'a>(Cow<'a, Str>);

impl<'a> Sub<'a> {
    /// A [`Str`] of the model, borrowed: the views over the statements
    /// serialize their resources and condition values as this, without a
    /// [`Value`] around each.
    fn of(value: &'a Str) -> Self {
        Sub(Cow::Borrowed(value))
    }
}

impl Serialize for Sub<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: &Str = &self.0;
        match value.0.as_slice() {
            // Most literal strings are a single part, written as they are.
            [Part::Lit(text)] => serializer.serialize_str(text),
            // An input alone is its parameter's value.
            [Part::Input(i)] => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Ref", &parameter(i))?;
                map.end()
            }
            _ if value.is_literal() => serializer.collect_str(value),
            _ => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("Fn::Sub", &SubText(value))?;
                map.end()
            }
        }
    }
}

/// The text of a `Fn::Sub`: pseudo parameters for the deploying context, and
/// the literal parts with `${` escaped.
struct SubText<'a>(&'a Str);

impl SubText<'_> {
    /// Appends the text to `out`. Built with `push_str` and handed to the
    /// serializer as one `&str`, rather than through `core::fmt`, which
    /// dispatches each piece through a `Formatter` and, in the YAML writer,
    /// has the text checked for quoting only after it is written.
    fn write_to(&self, out: &mut String) {
        for p in &self.0 .0 {
            match p {
                // Fn::Sub reads `${` as a variable; `${!` writes a literal `${`
                // (CloudFormation User Guide, intrinsic-function-reference-sub).
                Part::Lit(l) => {
                    let mut rest = l.as_str();
                    // A `$` search is a byte scan; most literals have none.
                    while let Some(at) = rest.find('$') {
                        if rest[at + 1..].starts_with('{') {
                            out.push_str(&rest[..at]);
                            out.push_str("${!");
                            rest = &rest[at + 2..];
                        } else {
                            out.push_str(&rest[..=at]);
                            rest = &rest[at + 1..];
                        }
                    }
                    out.push_str(rest);
                }
                Part::Partition => out.push_str("${AWS::Partition}"),
                Part::Account => out.push_str("${AWS::AccountId}"),
                // A parameter's name is alphanumeric: nothing to escape.
                Part::Input(i) => {
                    out.push_str("${");
                    out.push_str(&parameter(i));
                    out.push('}');
                }
            }
        }
    }
}

impl Serialize for SubText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Room for the literal parts and a pseudo parameter for each other
        // part; an escape or two past that grows the string once.
        let room = self.0 .0.iter().map(|p| match p {
            Part::Lit(l) => l.len(),
            _ => "${AWS::AccountId}".len(),
        });
        let mut text = String::with_capacity(room.sum());
        self.write_to(&mut text);
        serializer.serialize_str(&text)
    }
}

/// The template parameter that holds an input.
fn parameter(input: &Input) -> String {
    match input {
        Input::StudioDomainId(domain) => format!("StudioDomainId{}", pascal(domain)),
        Input::ExistingRole(key) => existing_role_parameter(key),
        Input::Declared { name, .. } => pascal(name),
    }
}

/// The declaration of an input's parameter, of one shape for every input:
/// the kind's pattern, length and description from the kinds' table.
fn input_parameter<'a>(model: &'a Model, input: &Input) -> Parameter<'a> {
    let facts = input.kind().facts();
    let common = Parameter {
        kind: "String",
        description: "".into(),
        default: None,
        allowed_pattern: Some(facts.pattern),
        max_length: Some(input.max_length().to_string()),
        allowed_values: vec![],
        constraint_description: Some(facts.what),
        // A declared input's label is its name; the others' below.
        label: input.name().into(),
        group: "Inputs",
    };
    match (input, model.declared(input)) {
        (_, Some(d)) => Parameter {
            description: d.description.as_str().into(),
            default: d.default.as_deref(),
            ..common
        },
        (Input::StudioDomainId(domain), None) => Parameter {
            description: format!(
                "Id of the existing Studio domain that gets the user profiles and spaces of {domain} (d-...). Set its DefaultUserSettings and DefaultSpaceSettings ExecutionRole to the output StudioDefault{}",
                pascal(domain)
            )
            .into(),
            label: format!("Studio domain id of {domain}").into(),
            group: "SageMaker Studio",
            ..common
        },
        // Every declared input has its block.
        (Input::Declared { .. }, None) => common,
        (Input::ExistingRole(key), None) => Parameter {
            description: Input::existing_role_description(key, &model.guardrails.path).into(),
            label: format!("Existing role name of {key}").into(),
            group: "Execution roles",
            ..common
        },
    }
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
struct Template<'a> {
    #[serde(rename = "AWSTemplateFormatVersion")]
    format_version: &'static str,
    description: String,
    metadata: Map<'a>,
    parameters: IndexMap<String, Parameter<'a>>,
    #[serde(skip_serializing_if = "IndexMap::is_empty")]
    conditions: IndexMap<String, Value<'a>>,
    resources: IndexMap<String, Declared<'a>>,
    outputs: IndexMap<String, Exported<'a>>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Parameter<'a> {
    #[serde(rename = "Type")]
    kind: &'static str,
    description: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_pattern: Option<&'static str>,
    /// A number, written as a string as AWS's sample templates write it.
    #[serde(skip_serializing_if = "Option::is_none")]
    max_length: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    allowed_values: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraint_description: Option<&'static str>,
    /// The console's label and group of the parameter
    /// (`AWS::CloudFormation::Interface`).
    #[serde(skip)]
    label: Cow<'a, str>,
    #[serde(skip)]
    group: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Resource<'a> {
    #[serde(rename = "Type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    depends_on: Vec<String>,
    #[serde(skip_serializing_if = "Map::is_empty")]
    metadata: Map<'a>,
    properties: Map<'a>,
}

/// A resource of a template, as what in the model it is made from: built
/// when it is written and dropped once written. A split's templates are
/// put together from entries written once (see [`split`]), and need only
/// their logical ids and parameters from [`contents`]; building every
/// resource there too took 52 million instructions at 10,000 workloads
/// (callgrind), for trees that were dropped unread.
#[derive(Debug)]
enum Declared<'a> {
    Role(&'a Model, &'a Role),
    /// A managed policy that holds part of a role's permissions.
    RolePolicy(&'a Model, &'a Role, &'a Document),
    /// An inline policy of an existing role.
    ExistingRolePolicy(&'a Role, &'a Document),
    CallerPolicy(&'a Model, &'a Caller, &'a Document),
    /// Built already: a Studio user profile or space.
    Built(Resource<'a>),
}

impl Declared<'_> {
    /// Whether the resource carries the spec's tags (`Tags`).
    fn is_tagged(&self) -> bool {
        match self {
            // As `role_resource` gives it `tags(model)`.
            Declared::Role(model, _) => !model.guardrails.tags.is_empty(),
            Declared::RolePolicy(..)
            | Declared::ExistingRolePolicy(..)
            | Declared::CallerPolicy(..) => false,
            Declared::Built(r) => r.properties.0.iter().any(|(k, _)| k == "Tags"),
        }
    }
}

impl Serialize for Declared<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Declared::Role(model, role) => role_resource(model, role).serialize(serializer),
            Declared::RolePolicy(model, role, d) => {
                role_policy_resource(model, role, d).serialize(serializer)
            }
            Declared::ExistingRolePolicy(role, d) => {
                existing_role_policy_resource(role, d).serialize(serializer)
            }
            Declared::CallerPolicy(model, caller, d) => {
                caller_resource(model, caller, d).serialize(serializer)
            }
            Declared::Built(ref r) => r.serialize(serializer),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Output<'a> {
    description: String,
    value: Value<'a>,
    export: Map<'a>,
}

/// An output of a template, as what in the model it is made from: built
/// when it is written, as a resource is ([`Declared`]). A split's
/// templates are put together with only the outputs' logical ids from
/// [`contents`]; building the outputs of roles and callers there as well
/// took 6.4 million instructions more in `generate` at 10,000 workloads
/// (callgrind: 5,310.4 million against 5,303.9).
#[derive(Debug)]
enum Exported<'a> {
    /// The ARN of a role.
    RoleArn(&'a Model, &'a Role),
    /// The name of a role.
    RoleName(&'a Role),
    /// The ARN of a caller's managed policy.
    CallerPolicyArn(&'a Caller, &'a Document),
    /// Built already: the Studio wiring, model package group policies.
    Built(Output<'a>),
}

impl Serialize for Exported<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Exported::RoleArn(model, r) => Output {
                description: format!("ARN of the execution role {}", role_label(r)),
                value: role_arn(model, r),
                export: export(&format!("{}-role-arn", r.key)),
            }
            .serialize(serializer),
            Exported::RoleName(r) => Output {
                description: format!("Name of the execution role {}", role_label(r)),
                value: match &r.existing {
                    Some(input) => reference(parameter(input)),
                    None => reference(role_id(&r.key)),
                },
                export: export(&format!("{}-role-name", r.key)),
            }
            .serialize(serializer),
            Exported::CallerPolicyArn(c, d) => {
                let export_name = match d.numbered() {
                    Some(part) => format!("{}-caller-policy-{part}-arn", c.key),
                    None => format!("{}-caller-policy-arn", c.key),
                };
                Output {
                    description: format!(
                        "ARN of the managed policy {} for caller {}",
                        shown(&d.name),
                        c.key
                    ),
                    value: reference(document_id(&caller_id(&c.key), d)),
                    export: export(&export_name),
                }
                .serialize(serializer)
            }
            Exported::Built(ref o) => o.serialize(serializer),
        }
    }
}

/// A role as the descriptions of its outputs name it.
fn role_label(r: &Role) -> String {
    match &r.existing {
        Some(input) => format!("named by the parameter {}", parameter(input)),
        None => shown(&r.name),
    }
}

/// A policy document, serialized from the model's statements.
#[derive(Debug, Clone, Copy)]
struct PolicyDocument<'a>(&'a Policy);

impl Serialize for PolicyDocument<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("Version", "2012-10-17")?;
        map.serialize_entry(
            "Statement",
            &ListOf(&self.0.statements, |s| PolicyStatement(s)),
        )?;
        map.end()
    }
}

/// One statement of a [`PolicyDocument`].
#[derive(Debug, Clone, Copy)]
struct PolicyStatement<'a>(&'a Statement);

impl Serialize for PolicyStatement<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let has_conditions = !st.conditions.is_empty();
        let mut map = serializer.serialize_map(Some(4 + usize::from(has_conditions)))?;
        map.serialize_entry("Sid", &st.sid)?;
        map.serialize_entry("Effect", "Allow")?;
        map.serialize_entry("Action", &st.actions)?;
        map.serialize_entry("Resource", &ListOf(&st.resources, Sub::of))?;
        if has_conditions {
            map.serialize_entry("Condition", &Conditions(&st.conditions))?;
        }
        map.end()
    }
}

/// A `Condition` block, grouped by [`condition_block`].
#[derive(Debug, Clone, Copy)]
struct Conditions<'a>(&'a [Condition]);

impl Serialize for Conditions<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let block = condition_block(self.0);
        let mut map = serializer.serialize_map(Some(block.len()))?;
        for (operator, keys) in &block {
            map.serialize_entry(operator, &OperatorConditions(operator, keys))?;
        }
        map.end()
    }
}

/// The keys and values under one operator of a [`Conditions`] block.
struct OperatorConditions<'a, 'b>(&'a str, &'b [(&'a str, &'a [Str])]);

impl Serialize for OperatorConditions<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.1.len()))?;
        for (key, values) in self.1 {
            match values {
                [one] if scalar_condition(self.0, values) => {
                    map.serialize_entry(key, &Sub::of(one))?
                }
                _ => map.serialize_entry(key, &ListOf(values, Sub::of))?,
            }
        }
        map.end()
    }
}

/// Sid → why, for each statement of a policy: the reasons that the Terraform
/// module gives as comments.
#[derive(Debug, Clone, Copy)]
struct StatementReasons<'a>(&'a Policy);

impl Serialize for StatementReasons<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let statements = &self.0.statements;
        // A Sid is unique in its policy (see `Statement::sid`), so no key
        // comes twice.
        debug_assert!(statements
            .iter()
            .enumerate()
            .all(|(i, st)| statements[..i].iter().all(|earlier| earlier.sid != st.sid)));
        serializer.collect_map(statements.iter().map(|st| (&st.sid, Reason(&st.why))))
    }
}

/// `serves: reason`, and why the resource is `*` when it is.
struct Reason<'a>(&'a Why);

impl Serialize for Reason<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Built with `push_str` into a string of the exact length and handed
        // over as one `&str`, as `SubText` is: there is one reason per
        // statement, and `core::fmt` dispatches each piece separately.
        const SEPARATOR: &str = ", ";
        const REASON: &str = ": ";
        const WILDCARD: &str = ". Resource \"*\": ";
        let why = self.0;
        let serves: usize = why.serves.iter().map(|w| w.len()).sum();
        let len = serves
            + SEPARATOR.len() * why.serves.len().saturating_sub(1)
            + REASON.len()
            + why.reason.len()
            + why
                .wildcard
                .as_ref()
                .map_or(0, |w| WILDCARD.len() + w.len());
        let mut text = String::with_capacity(len);
        for (i, serves) in why.serves.iter().enumerate() {
            if i > 0 {
                text.push_str(SEPARATOR);
            }
            text.push_str(serves);
        }
        text.push_str(REASON);
        text.push_str(&why.reason);
        if let Some(w) = &why.wildcard {
            text.push_str(WILDCARD);
            text.push_str(w);
        }
        debug_assert_eq!(text.len(), len);
        serializer.serialize_str(&text)
    }
}

fn tags(model: &Model) -> Option<Value<'_>> {
    (!model.guardrails.tags.is_empty()).then(|| {
        Value::List(
            model
                .guardrails
                .tags
                .iter()
                // A value that is an input is its parameter's (`Ref`).
                .map(|(k, v)| Value::Map(Map::from([("Key", s(k)), ("Value", named(model, v))])))
                .collect(),
        )
    })
}

/// checkov's resource-level skips for the statements of some documents, with
/// the reason AWS leaves nothing narrower.
fn scanner_skips<'a>(documents: impl IntoIterator<Item = &'a Document>) -> Option<Value<'a>> {
    // By check id; the first statement that asks for a check's skip gives its reason.
    let mut skips: BTreeMap<&str, &Statement> = BTreeMap::new();
    for d in documents {
        for st in &d.policy.statements {
            for id in &st.why.scanner_skips {
                skips.entry(id).or_insert(st);
            }
        }
    }
    (!skips.is_empty()).then(|| {
        let list = skips
            .into_iter()
            .map(|(id, st)| {
                let reason = st.why.wildcard.as_deref().unwrap_or(&st.why.reason);
                Value::Map(Map::from([
                    ("id", s(id)),
                    ("comment", s(format!("{}: {reason}", st.sid))),
                ]))
            })
            .collect();
        Value::Map(Map::from([("skip", Value::List(list))]))
    })
}

/// cfn-nag's rule for a `*` resource in the policies of each resource type
/// that holds them: W11 for a role's inline policies, W13 for a managed
/// policy (cfn_nag, IamRoleWildcardResourceOnPermissionsPolicyRule and
/// IamManagedPolicyWildcardResourceRule).
const CFN_NAG_WILDCARD_ROLE: &str = "W11";
const CFN_NAG_WILDCARD_MANAGED_POLICY: &str = "W13";
/// W12 for an `AWS::IAM::Policy`, which holds an existing role's inline
/// policies (cfn_nag, IamPolicyWildcardResourceRule).
const CFN_NAG_WILDCARD_POLICY: &str = "W12";
/// The AWS Guard Rules Registry rule for a `*` resource in an IAM role or
/// policy document.
const GUARD_WILDCARD: &str = "IAM_POLICYDOCUMENT_NO_WILDCARD_RESOURCE";

/// cfn-nag's and cfn-guard's suppressions for the statements of some
/// documents whose resource is `*` because AWS allows nothing narrower
/// (each has its reason in `why.wildcard`), beside checkov's skips: one
/// cfn-nag entry per statement, with its Sid and reason. Both tools
/// suppress a rule for the whole resource, so the reasons name every
/// statement the suppression is for.
fn wildcard_suppressions<'a>(
    metadata: &mut Map<'a>,
    documents: impl IntoIterator<Item = &'a Document>,
    cfn_nag_rule: &'static str,
) {
    let entries: Vec<Value<'a>> = documents
        .into_iter()
        .flat_map(|d| &d.policy.statements)
        .filter(|st| st.resources.iter().any(|r| r.is_text("*")))
        .filter_map(|st| {
            let reason = st.why.wildcard.as_deref()?;
            Some(Value::Map(Map::from([
                ("id", s(cfn_nag_rule)),
                ("reason", s(format!("{}: {reason}", st.sid))),
            ])))
        })
        .collect();
    if entries.is_empty() {
        return;
    }
    metadata.insert(
        "cfn_nag",
        Value::Map(Map::from([("rules_to_suppress", Value::List(entries))])),
    );
    metadata.insert(
        "guard",
        Value::Map(Map::from([(
            "SuppressedRules",
            Value::List(vec![s(GUARD_WILDCARD)]),
        )])),
    );
}

fn role_resource<'a>(model: &'a Model, role: &'a Role) -> Resource<'a> {
    let trust = {
        let mut st = Map::from([
            ("Sid", s("SageMakerAssumeRole")),
            ("Effect", s("Allow")),
            (
                "Principal",
                Value::Map(Map::from([(
                    "Service",
                    Value::List(vec![s(&role.trust.service)]),
                )])),
            ),
            ("Action", Value::List(vec![s("sts:AssumeRole")])),
        ]);
        if !role.trust.conditions.is_empty() {
            st.insert(
                "Condition",
                Value::Conditions(Conditions(&role.trust.conditions)),
            );
        }
        Value::Map(Map::from([
            ("Version", s("2012-10-17")),
            ("Statement", Value::List(vec![Value::Map(st)])),
        ]))
    };
    let mut p = Map::from([
        ("RoleName", named(model, &role.name)),
        ("Path", s(&model.guardrails.path)),
        ("Description", s(&role.description)),
        ("AssumeRolePolicyDocument", trust),
        (
            "PermissionsBoundary",
            intrinsic(
                "Fn::If",
                Value::List(vec![
                    s(HAS_BOUNDARY),
                    reference(BOUNDARY_PARAM),
                    reference("AWS::NoValue"),
                ]),
            ),
        ),
    ]);
    let inline: Vec<Value> = role
        .documents
        .iter()
        .filter(|d| d.attachment == Attachment::Inline)
        .map(|d| {
            Value::Map(Map::from([
                ("PolicyName", named(model, &d.name)),
                ("PolicyDocument", Value::Policy(PolicyDocument(&d.policy))),
            ]))
        })
        .collect();
    if !inline.is_empty() {
        p.insert("Policies", Value::List(inline));
    }
    if !role.aws_managed.is_empty() {
        let arns = role
            .aws_managed
            .iter()
            .map(|m| {
                Value::Sub(Sub(Cow::Owned(Str(vec![
                    Part::Lit("arn:".into()),
                    Part::Partition,
                    Part::Lit(format!(":iam::aws:policy/{}", m.name)),
                ]))))
            })
            .collect();
        p.insert("ManagedPolicyArns", Value::List(arns));
    }
    if let Some(t) = tags(model) {
        p.insert("Tags", t);
    }
    let mut metadata = Map::from([("sagerole", role_metadata(role))]);
    let inline = || {
        role.documents
            .iter()
            .filter(|d| d.attachment == Attachment::Inline)
    };
    if let Some(skips) = scanner_skips(inline()) {
        metadata.insert("checkov", skips);
    }
    wildcard_suppressions(&mut metadata, inline(), CFN_NAG_WILDCARD_ROLE);
    Resource {
        kind: "AWS::IAM::Role",
        depends_on: Vec::new(),
        metadata,
        properties: p,
    }
}

/// What the template says of a role: its workloads, its trust (for an
/// existing role, the owner's to write), warnings, and why each statement
/// is there.
fn role_metadata(role: &Role) -> Value<'_> {
    let trust = match role.existing {
        Some(_) => format!(
            "Existing role, whose trust policy is its owner's: it should let {} assume the role under the conditions sagerole would write, {} ({})",
            role.trust.service,
            role.trust.reason,
            role.trust.mode.name()
        ),
        None => format!("{} ({})", role.trust.reason, role.trust.mode.name()),
    };
    let mut sagerole = Map::from([
        (
            "Workloads",
            Value::List(role.workloads.iter().map(s).collect()),
        ),
        ("Trust", s(trust)),
    ]);
    if let Some(w) = &role.trust.warning {
        sagerole.insert("Warning", s(w));
    }
    for m in &role.aws_managed {
        sagerole.insert(format!("Warning{}", m.name), s(&m.reason));
    }
    sagerole.insert("Statements", Value::Reasons(StatementReasons(&role.policy)));
    Value::Map(sagerole)
}

/// The logical id of a document of a split policy: the owner's id for the
/// first part, with the part number after it for the others.
fn document_id(owner_id: &str, d: &Document) -> String {
    match d.numbered() {
        Some(part) => format!("{owner_id}{part}"),
        None => owner_id.to_string(),
    }
}

/// The roles a policy of `role` attaches to: the role the template
/// creates, or the existing one its parameter names.
fn roles_of(role: &Role) -> Value<'_> {
    let target = match &role.existing {
        Some(input) => reference(parameter(input)),
        None => reference(role_id(&role.key)),
    };
    Value::List(vec![target])
}

/// A role's ARN: the role's own, or for an existing role the ARN built
/// from its parameter and the spec's path, as the policies name it.
fn role_arn<'a>(model: &Model, role: &Role) -> Value<'a> {
    match &role.existing {
        Some(_) => Value::Sub(Sub(Cow::Owned(role.arn(&model.guardrails.path)))),
        None => intrinsic(
            "Fn::GetAtt",
            Value::List(vec![s(role_id(&role.key)), s("Arn")]),
        ),
    }
}

/// An inline policy of an existing role: an `AWS::IAM::Policy` embedded in
/// the role its parameter names, as the template creates no role to hold it.
fn existing_role_policy_resource<'a>(role: &'a Role, d: &'a Document) -> Resource<'a> {
    let properties = Map::from([
        ("PolicyName", s(&d.name)),
        ("PolicyDocument", Value::Policy(PolicyDocument(&d.policy))),
        ("Roles", roles_of(role)),
    ]);
    let metadata = Map::from([("sagerole", role_metadata(role))]);
    policy_resource("AWS::IAM::Policy", properties, metadata, d)
}

/// A resource holding one document as a policy of its own: its scanner
/// skips and suppressions beside `metadata`, under the cfn-nag rule of its
/// type.
fn policy_resource<'a>(
    kind: &'static str,
    properties: Map<'a>,
    mut metadata: Map<'a>,
    d: &'a Document,
) -> Resource<'a> {
    if let Some(skips) = scanner_skips([d]) {
        metadata.insert("checkov", skips);
    }
    let rule = match kind {
        "AWS::IAM::Policy" => CFN_NAG_WILDCARD_POLICY,
        _ => CFN_NAG_WILDCARD_MANAGED_POLICY,
    };
    wildcard_suppressions(&mut metadata, [d], rule);
    Resource {
        kind,
        depends_on: Vec::new(),
        metadata,
        properties,
    }
}

/// A managed policy holding part of a role's permissions, attached to it.
fn role_policy_resource<'a>(model: &'a Model, role: &'a Role, d: &'a Document) -> Resource<'a> {
    let properties = Map::from([
        ("ManagedPolicyName", named(model, &d.name)),
        ("Path", s(&model.guardrails.path)),
        (
            "Description",
            match &role.existing {
                Some(input) => s(format!(
                    "Permissions of SageMaker execution role named by the parameter {}",
                    parameter(input)
                )),
                None => named(
                    model,
                    &format!("Permissions of SageMaker execution role {}", role.name),
                ),
            },
        ),
        ("PolicyDocument", Value::Policy(PolicyDocument(&d.policy))),
        ("Roles", roles_of(role)),
    ]);
    policy_resource("AWS::IAM::ManagedPolicy", properties, Map::default(), d)
}

fn caller_resource<'a>(model: &'a Model, caller: &'a Caller, d: &'a Document) -> Resource<'a> {
    let mut p = Map::from([
        ("ManagedPolicyName", named(model, &d.name)),
        ("Path", s(&model.guardrails.path)),
        ("Description", s(&caller.description)),
        ("PolicyDocument", Value::Policy(PolicyDocument(&d.policy))),
    ]);
    if let Some(r) = &caller.attach_to_role {
        p.insert(
            "Roles",
            intrinsic(
                "Fn::If",
                Value::List(vec![
                    s(attach_condition_id(&caller.key)),
                    Value::List(vec![role_ref_field(r, RoleField::Name)]),
                    reference("AWS::NoValue"),
                ]),
            ),
        );
    }
    let sagerole = Map::from([
        ("Principal", s(&caller.principal)),
        ("Statements", Value::Reasons(StatementReasons(&d.policy))),
    ]);
    let metadata = Map::from([("sagerole", Value::Map(sagerole))]);
    policy_resource("AWS::IAM::ManagedPolicy", p, metadata, d)
}

/// A part of the role a caller's policy is attached to.
#[derive(Clone, Copy)]
enum RoleField {
    Account,
    Name,
}

/// The account or the name of the role a caller's policy is attached to:
/// as the spec names it, or taken from the ARN passed in. That ARN has no
/// path (the `iam_role_arn` kind), `arn:PARTITION:iam::ACCOUNT:role/NAME`,
/// so the account is item 4 of its `:` fields and the name item 1 of its
/// `/` ones: Fn::Select takes only a fixed item (CloudFormation Template
/// Reference, 'Fn::Select', 'Fn::Split'), which is why the kind leaves
/// paths out.
fn role_ref_field(r: &RoleRef, field: RoleField) -> Value<'_> {
    match (r, field) {
        (RoleRef::Named { account, .. }, RoleField::Account) => s(account),
        (RoleRef::Named { name, .. }, RoleField::Name) => s(name),
        (RoleRef::Input(i), field) => {
            let (index, separator) = match field {
                RoleField::Account => ("4", ":"),
                RoleField::Name => ("1", "/"),
            };
            intrinsic(
                "Fn::Select",
                Value::List(vec![
                    s(index),
                    intrinsic(
                        "Fn::Split",
                        Value::List(vec![s(separator), reference(parameter(i))]),
                    ),
                ]),
            )
        }
    }
}

fn export(name: &str) -> Map<'static> {
    Map::from([(
        "Name",
        intrinsic("Fn::Sub", s(format!("${{AWS::StackName}}-{name}"))),
    )])
}

/// The parameters, conditions, resources and outputs of a template, by
/// logical id: what its roles, callers and Studio domains put in it.
struct Contents<'a> {
    parameters: IndexMap<String, Parameter<'a>>,
    conditions: IndexMap<String, Value<'a>>,
    resources: IndexMap<String, Declared<'a>>,
    outputs: IndexMap<String, Exported<'a>>,
}

/// The contents of a template that holds the roles, callers and Studio
/// domains of `selection`.
fn contents<'a>(model: &'a Model, selection: &Selection<'a>) -> Contents<'a> {
    let roles = || selection.roles.iter().copied();
    let callers = || selection.callers.iter().copied();
    let mut parameters = IndexMap::new();
    let mut conditions = IndexMap::new();
    // The boundary parameter is declared wherever a role can use it: a
    // role the template creates (an existing role's is its owner's).
    if roles().any(|r| r.existing.is_none()) {
        parameters.insert(
        BOUNDARY_PARAM.to_string(),
        Parameter {
            kind: "String",
            description: "ARN of the managed policy set as permissions boundary on every role; empty for none".into(),
            default: Some(model.guardrails.permissions_boundary.as_deref().unwrap_or_default()),
            allowed_pattern: Some(r"^$|^arn:aws[a-z-]*:iam::(aws|[0-9]{12}):policy/.+$"),
            max_length: None,
            allowed_values: vec![],
            constraint_description: Some("an IAM managed policy ARN, or empty"),
            label: "Permissions boundary (managed policy ARN)".into(),
            group: "Execution roles",
        },
        );
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
    }
    if callers().any(|c| c.attach_to_role.is_some()) {
        parameters.insert(
            ATTACH_PARAM.to_string(),
            Parameter {
                kind: "String",
                description: "Attach each caller policy to its caller's role when deploying into that role's account".into(),
                default: Some("true"),
                allowed_pattern: None,
                max_length: None,
                allowed_values: vec!["true", "false"],
                constraint_description: None,
                label: "Attach caller policies to the callers' roles".into(),
                group: "Caller policies",
            },
        );
    }
    for c in callers() {
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
                            Value::List(vec![
                                reference("AWS::AccountId"),
                                role_ref_field(r, RoleField::Account),
                            ]),
                        ),
                    ]),
                ),
            );
        }
    }
    let mut resources = IndexMap::new();
    let mut outputs = IndexMap::new();
    for r in roles() {
        let id = role_id(&r.key);
        match &r.existing {
            Some(input) => {
                parameters.insert(parameter(input), input_parameter(model, input));
            }
            None => {
                resources.insert(id.clone(), Declared::Role(model, r));
            }
        }
        outputs.insert(format!("{id}Arn"), Exported::RoleArn(model, r));
        outputs.insert(format!("{id}Name"), Exported::RoleName(r));
    }
    for r in roles() {
        for d in &r.documents {
            let id = document_id(&format!("{}Permissions", pascal(&r.key)), d);
            match (d.attachment, &r.existing) {
                (Attachment::Managed, _) => {
                    resources.insert(id, Declared::RolePolicy(model, r, d));
                }
                (Attachment::Inline, Some(_)) => {
                    resources.insert(id, Declared::ExistingRolePolicy(r, d));
                }
                // In the role's own Policies.
                (Attachment::Inline, None) => {}
            }
        }
    }
    for c in callers() {
        for d in &c.documents {
            let id = document_id(&caller_id(&c.key), d);
            outputs.insert(format!("{id}Arn"), Exported::CallerPolicyArn(c, d));
            resources.insert(id, Declared::CallerPolicy(model, c, d));
        }
    }
    // Studio wiring: the role ARN each domain default, user profile with a
    // role of its own, and space needs; inheriting profiles need none.
    for d in selection.studio.iter().copied() {
        let role_arn = |key: &str| role_arn(model, model.role(key));
        outputs.insert(
            format!("StudioDefault{}", pascal(&d.name)),
            Exported::Built(Output {
                description: format!(
                    "Studio domain {}: DefaultUserSettings and DefaultSpaceSettings ExecutionRole",
                    d.name
                ),
                value: role_arn(&d.role),
                export: export(&format!("{}-studio-default-role-arn", d.name)),
            }),
        );
        for i in d
            .identities
            .iter()
            .filter(|i| i.kind != StudioKind::ProfileInheriting)
        {
            outputs.insert(
                format!("StudioWiring{}", pascal(&i.name)),
                Exported::Built(Output {
                    description: format!(
                        "Studio {} of domain {}: {}",
                        i.name,
                        d.name,
                        i.kind.wiring()
                    ),
                    value: role_arn(&i.role),
                    export: export(&format!("{}-studio-role-arn", i.name)),
                }),
            );
        }
    }
    // A model package group's resource policy, for its owner to apply
    // (PutModelPackageGroupPolicy): the document as text, with the stack's
    // partition and account. The pseudo parameters stand in for them in the
    // document's own JSON, and the parameters for the inputs (a name_prefix
    // that starts the group's name); nothing else in it holds a `${` (group
    // names, regions and account ids are validated letters, digits and
    // hyphens).
    let parameters_of = model
        .declared_inputs
        .iter()
        .map(|d| (d.name.clone(), format!("${{{}}}", parameter(&d.input()))))
        .collect();
    let cx = Context::new("${AWS::Partition}", "${AWS::AccountId}")
        .with_inputs(document::Inputs::Given(parameters_of));
    for g in selection.groups.iter().copied() {
        let text =
            serde_json::to_string(&document::group_policy(g, &cx)).expect("JSON values serialize");
        outputs.insert(
            format!("ModelPackageGroupPolicy{}", pascal(&g.workload)),
            Exported::Built(Output {
                description: format!(
                    "Resource policy of the model package group {}: its owner applies it with PutModelPackageGroupPolicy so that the consumer accounts may read its versions",
                    shown(&g.group)
                ),
                value: intrinsic("Fn::Sub", s(text)),
                export: export(&format!("{}-group-policy", g.workload)),
            }),
        );
    }
    // The association, for domains that opt in: user profiles and spaces
    // created in the existing domain, with their roles set.
    for d in selection.studio.iter().filter(|d| d.associate) {
        let input = Input::StudioDomainId(d.name.clone());
        let param = parameter(&input);
        parameters.insert(param.clone(), input_parameter(model, &input));
        for i in &d.identities {
            let name = aws_name(&model.name_prefix, &i.name);
            let mut props = Map::from([("DomainId", reference(param.clone()))]);
            let mut depends_on = Vec::new();
            let (kind, id) = match i.kind {
                StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting => {
                    props.insert("UserProfileName", named(model, &name));
                    if i.kind == StudioKind::ProfileWithOwnRole {
                        props.insert(
                            "UserSettings",
                            Value::Map(Map::from([(
                                "ExecutionRole",
                                role_arn(model, model.role(&i.role)),
                            )])),
                        );
                    }
                    ("AWS::SageMaker::UserProfile", studio_profile_id(&i.name))
                }
                StudioKind::PrivateSpace | StudioKind::SharedSpace => {
                    props.insert("SpaceName", named(model, &name));
                    // The API requires OwnershipSettings with
                    // SpaceSharingSettings: every space has an owner
                    // (checked), created before it.
                    if let Some(owner) = &i.owner {
                        props.insert(
                            "OwnershipSettings",
                            Value::Map(Map::from([(
                                "OwnerUserProfileName",
                                named(model, &aws_name(&model.name_prefix, owner)),
                            )])),
                        );
                        depends_on.push(studio_profile_id(owner));
                    }
                    if let Some(sharing) = i.kind.sharing() {
                        props.insert(
                            "SpaceSharingSettings",
                            Value::Map(Map::from([("SharingType", s(sharing.api_name()))])),
                        );
                    }
                    (
                        "AWS::SageMaker::Space",
                        format!("StudioSpace{}", pascal(&i.name)),
                    )
                }
            };
            if let Some(t) = tags(model) {
                props.insert("Tags", t);
            }
            resources.insert(
                id,
                Declared::Built(Resource {
                    kind,
                    depends_on,
                    metadata: Map::from([(
                        "sagerole",
                        Value::Map(Map::from([(
                            "Wiring",
                            s(format!("{}: {}", i.name, i.kind.wiring())),
                        )])),
                    )]),
                    properties: props,
                }),
            );
        }
    }
    // Every name the template sets starts with the name_prefix, which may
    // be an input of its own.
    let mut inputs: Vec<Input> = input_parts(model.named(&model.name_prefix)).collect();
    // A template split from a larger model may hold a role or caller whose
    // policy names an input (a domain's id) without the domain itself: it
    // takes the parameter too, so that every template stands alone. Plain
    // loops over every part of every statement: through a chain of
    // `flat_map`s, `generate` at 10,000 workloads took 6.6 million
    // instructions more (callgrind).
    let mut take = |value: &Str| {
        for p in &value.0 {
            if let Part::Input(i) = p {
                inputs.push(Input::clone(i));
            }
        }
    };
    for policy in roles()
        .map(|r| &r.policy)
        .chain(callers().map(|c| &c.policy))
    {
        for st in &policy.statements {
            st.resources.iter().for_each(&mut take);
            for c in &st.conditions {
                c.values.iter().for_each(&mut take);
            }
        }
    }
    inputs.extend(callers().filter_map(|c| match &c.attach_to_role {
        Some(RoleRef::Input(i)) => Some(i.clone()),
        _ => None,
    }));
    // The spec's tags, on every role and Studio resource of the template,
    // may take their values from inputs.
    if resources.values().any(Declared::is_tagged) {
        for v in model.guardrails.tags.values() {
            inputs.extend(input_parts(model.named(v)));
        }
    }
    for input in &inputs {
        let param = parameter(input);
        if !parameters.contains_key(&param) {
            parameters.insert(param, input_parameter(model, input));
        }
    }
    Contents {
        parameters,
        conditions,
        resources,
        outputs,
    }
}

/// The inputs among the parts of `value`, in order.
fn input_parts(value: Str) -> impl Iterator<Item = Input> {
    value.0.into_iter().filter_map(|p| match p {
        Part::Input(i) => Some(*i),
        _ => None,
    })
}

/// The template of `contents`, in the file `file`; `part` numbers it among
/// several.
fn template<'a>(
    model: &Model,
    settings: &Settings,
    file: &str,
    contents: Contents<'a>,
    part: Option<usize>,
) -> Template<'a> {
    let [h1, h2] = settings.header(file);
    let Contents {
        parameters,
        conditions,
        resources,
        outputs,
    } = contents;
    let metadata = Map::from([
        (
            "sagerole",
            Value::Map(Map::from([
                ("Version", s(crate::VERSION)),
                ("Spec", s(settings.spec_path_from(file))),
                ("Generated", s(format!("{h1} {h2}"))),
            ])),
        ),
        ("AWS::CloudFormation::Interface", interface(&parameters)),
    ]);
    // A part says so, so that a reader of one template knows it is not all.
    let part = part.map_or(String::new(), |i| {
        format!(", template {i} of those that CloudFormation's quotas split them into")
    });
    Template {
        format_version: "2010-09-09",
        description: format!(
            "SageMaker execution roles and caller policies for {}{part}. {h1} {h2}",
            shown(&model.name_prefix)
        ),
        metadata,
        parameters,
        conditions,
        resources,
        outputs,
    }
}

/// How the CloudFormation console shows the parameters: in groups, in the
/// order they are declared, each with a label (AWS CloudFormation User
/// Guide, "AWS::CloudFormation::Interface").
fn interface<'a>(parameters: &IndexMap<String, Parameter<'a>>) -> Value<'a> {
    let mut groups: IndexMap<&'static str, Vec<Value<'a>>> = IndexMap::new();
    for (name, p) in parameters {
        groups.entry(p.group).or_default().push(s(name.clone()));
    }
    let groups = groups
        .into_iter()
        .map(|(label, names)| {
            Value::Map(Map::from([
                ("Label", Value::Map(Map::from([("default", s(label))]))),
                ("Parameters", Value::List(names)),
            ]))
        })
        .collect();
    let mut labels = Map::default();
    for (name, p) in parameters {
        labels.insert(
            name.clone(),
            Value::Map(Map::from([("default", s(p.label.clone()))])),
        );
    }
    Value::Map(Map::from([
        ("ParameterGroups", Value::List(groups)),
        ("ParameterLabels", Value::Map(labels)),
    ]))
}

/// The roles, callers, Studio domains and model package group policies
/// that one template holds, in the model's order.
#[derive(Debug, Clone, Default)]
struct Selection<'a> {
    roles: Vec<&'a Role>,
    callers: Vec<&'a Caller>,
    studio: Vec<&'a StudioDomain>,
    groups: Vec<&'a GroupPolicy>,
}

/// What CloudFormation's quotas count in a template.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Sizes {
    resources: usize,
    outputs: usize,
    parameters: usize,
    /// Bytes of the JSON file.
    json: usize,
    /// Bytes of the YAML file, its header comment included.
    yaml: usize,
    /// Characters of the longest logical id of a resource, output or
    /// parameter.
    longest_id: usize,
    /// Bytes of the template's description.
    description: usize,
}

/// One template, written as YAML and JSON, with what CloudFormation's
/// quotas count in it.
struct Rendered {
    /// The path of the YAML file without `.yaml`, also that of the JSON one
    /// without `.json`.
    stem: String,
    yaml: String,
    json: String,
    sizes: Sizes,
}

impl Rendered {
    /// The template of `contents` in the files `stem`.yaml and `stem`.json;
    /// `room` is the size that its files are expected to take, so that each
    /// is allocated once rather than copied each time a large template
    /// outgrows its buffer.
    fn new(
        model: &Model,
        settings: &Settings,
        stem: &str,
        contents: Contents<'_>,
        part: Option<usize>,
        room: &Sizes,
    ) -> Self {
        let yaml_path = format!("{stem}.yaml");
        let json_path = format!("{stem}.json");
        let template = template(model, settings, &yaml_path, contents, part);
        let [h1, h2] = settings.header(&yaml_path);
        // The YAML is written after its header, in the same string.
        let mut yaml = String::with_capacity(room.yaml);
        write!(yaml, "# {h1}\n# {h2}\n").expect("writing to a String cannot fail");
        // Both files sit in one directory, so their headers, and with them the
        // templates, are the same: one template serves both.
        debug_assert_eq!(settings.header(&yaml_path), settings.header(&json_path));
        let mut json = String::with_capacity(room.json);
        both::write(&mut yaml, &mut json, &template)
            .expect("a template of strings, lists and maps serializes");
        json.push('\n');
        let longest_id = template
            .resources
            .keys()
            .chain(template.outputs.keys())
            .chain(template.parameters.keys())
            .map(|id| id.chars().count())
            .max()
            .unwrap_or_default();
        let sizes = Sizes {
            resources: template.resources.len(),
            outputs: template.outputs.len(),
            parameters: template.parameters.len(),
            json: json.len(),
            yaml: yaml.len(),
            longest_id,
            description: template.description.len(),
        };
        Rendered {
            stem: stem.to_string(),
            yaml,
            json,
            sizes,
        }
    }

    fn into_sink(self, sink: &mut dyn Sink) {
        sink.file(format!("{}.yaml", self.stem), self.yaml);
        sink.file(format!("{}.json", self.stem), self.json);
    }
}

/// The template of `model` as `cloudformation/template.{yaml,json}` when it
/// fits one stack, else as several independent templates (see [`split`]),
/// each file handed to `sink` once written; an error when some role, caller
/// or Studio domain cannot fit a stack on its own.
pub fn emit_into(
    model: &Model,
    settings: &Settings,
    sink: &mut dyn Sink,
) -> Result<(), QuotaExceeded> {
    split::emit(
        model,
        settings,
        &crate::model::quota::StackQuotas::default(),
        sink,
    )
}

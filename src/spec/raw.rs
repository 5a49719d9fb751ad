//! Lowering of the syntax-neutral [`Node`] tree into [`RawSpec`]: what the user
//! wrote, shaped by the schema but not yet checked for meaning.
//!
//! This stage owns the *shape* of a spec: which blocks and fields exist, their
//! types, and duplicate names. It reports every shape problem at once. What the
//! values mean (known APIs, references, ARNs, URIs, IAM naming rules) is checked
//! later, in [`crate::model`].

use std::fmt;
use std::rc::Rc;

use super::path::SpecPath;
use super::tree::{Entry, Node, Value};
use crate::catalog::guardrails::{GuardValue, Guardrail};
use crate::catalog::{Field, OptOut};
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::suggest::did_you_mean;

/// A value with where it came from: its text span and its spec path.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
    pub path: SpecPath<'static>,
}

impl<T> Spanned<T> {
    pub fn error(&self, kind: Kind, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(kind, &self.path, Some(self.span), message)
    }
}

pub type Text = Spanned<String>;

/// How a [`Text`] holds an input where a literal would stand.
///
/// A spec names an input as a typed object (`{ input = "data_bucket" }`),
/// never as syntax inside a string, so a string is always data. The reader
/// writes the reference into the value's text between two Unicode
/// noncharacters, which no literal may hold (the reader refuses them), so
/// that the model's one parser of each value (an S3 URI, a key ARN) reads
/// literals and references alike, and no text a user writes can turn into
/// a reference.
pub mod reference {
    const OPEN: char = '\u{FDD0}';
    const CLOSE: char = '\u{FDD1}';

    /// The first byte of both characters in UTF-8 (`EF B7 90`, `EF B7 91`).
    const LEAD: u8 = OPEN.encode_utf8(&mut [0; 4]).as_bytes()[0];
    const _: () = assert!(CLOSE.encode_utf8(&mut [0; 4]).as_bytes()[0] == LEAD);

    /// Whether a text may hold either character: whether it holds their
    /// first byte, which only characters from U+F000 to U+FFFF start with.
    /// Every text the model resolves and every literal the reader reads is
    /// tested, and almost none holds one. A byte is found by memchr, where
    /// `str::contains` with a character outside ASCII sets up a substring
    /// search at each call (86 of the 131 million instructions spent
    /// resolving inputs at 10,000 workloads).
    fn may_hold(text: &str) -> bool {
        text.as_bytes().contains(&LEAD)
    }

    /// The text that stands for input `name`.
    pub fn to(name: &str) -> String {
        format!("{OPEN}{name}{CLOSE}")
    }

    /// Where the first reference of a text opens.
    fn find_open(text: &str) -> Option<usize> {
        if may_hold(text) {
            text.find(OPEN)
        } else {
            None
        }
    }

    /// Whether a literal holds a character reserved for references.
    pub fn reserved(literal: &str) -> Option<char> {
        if !may_hold(literal) {
            return None;
        }
        literal.chars().find(|c| *c == OPEN || *c == CLOSE)
    }

    /// Whether a text holds a reference (a literal holds none).
    pub fn any(text: &str) -> bool {
        may_hold(text) && text.contains(OPEN)
    }

    /// A piece of a text: literal, or the name of an input.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Piece<'a> {
        Lit(&'a str),
        Input(&'a str),
    }

    /// The text's literal pieces and references, in order; empty literals
    /// left out.
    pub fn pieces(text: &str) -> Vec<Piece<'_>> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(at) = find_open(rest) {
            if at > 0 {
                out.push(Piece::Lit(&rest[..at]));
            }
            let after = &rest[at + OPEN.len_utf8()..];
            let end = after
                .find(CLOSE)
                .expect("the reader closes every reference");
            out.push(Piece::Input(&after[..end]));
            rest = &after[end + CLOSE.len_utf8()..];
        }
        if !rest.is_empty() {
            out.push(Piece::Lit(rest));
        }
        out
    }

    /// The input the whole text names, if it is one reference.
    pub fn whole(text: &str) -> Option<&str> {
        match pieces(text).as_slice() {
            [Piece::Input(name)] => Some(name),
            _ => None,
        }
    }

    /// The inputs a text names.
    pub fn names(text: &str) -> impl Iterator<Item = &str> {
        pieces(text).into_iter().filter_map(|p| match p {
            Piece::Input(n) => Some(n),
            Piece::Lit(_) => None,
        })
    }

    /// The text with each reference replaced by `with(name)`.
    pub fn fill(text: &str, with: impl Fn(&str) -> String) -> String {
        // Most texts hold no reference: copied without taking them apart
        // (every statement's reason is shown this way).
        if !any(text) {
            return text.to_string();
        }
        pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Lit(l) => l.to_string(),
                Piece::Input(n) => with(n),
            })
            .collect()
    }

    /// The text as people read it: each reference as `${name}`.
    pub fn shown(text: &str) -> String {
        fill(text, |n| format!("${{{n}}}"))
    }
}

/// The whole spec as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawSpec {
    pub name_prefix: Option<Text>,
    /// `input "NAME" { ... }` blocks, in source order.
    pub inputs: Vec<RawInput>,
    /// `regions`, when written: its items, and the span of the whole list.
    pub regions: Option<Spanned<Vec<Text>>>,
    pub guardrails: RawGuardrails,
    pub quotas: RawQuotas,
    pub workloads: Vec<RawWorkload>,
    pub roles: Vec<RawRole>,
    pub callers: Vec<RawCaller>,
}

/// An `input "NAME" { kind, description, default }` block: a value the
/// deployment passes in, which the spec names where a literal would stand.
#[derive(Debug, Clone, PartialEq)]
pub struct RawInput {
    /// The block label; its span is the label's.
    pub name: Text,
    pub kind: Option<Text>,
    pub description: Option<Text>,
    pub default: Option<Text>,
    /// A maximum length below the kind's (a `name_prefix` input's), as written.
    pub max_length: Option<Text>,
}

/// IAM quotas that accounts can raise; numbers as written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawQuotas {
    pub trust_policy_size: Option<Text>,
    pub managed_policies_per_role: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawGuardrails {
    pub permissions_boundary: Option<Text>,
    pub path: Option<Text>,
    pub tags: Vec<(Text, Text)>,
    /// Request keys pinned on every workload's create calls.
    pub keys: RawGuards,
}

/// Request-key guardrails as written ([`Guardrail`]), spec-wide or in a
/// workload's own `guardrails` block; in [`Guardrail::ALL`] order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawGuards {
    pub lists: Vec<(Guardrail, Spanned<Vec<Text>>)>,
    pub bools: Vec<(Guardrail, Spanned<bool>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawWorkload {
    /// The block label; its span is the label's.
    pub name: Text,
    pub api: Option<Text>,
    pub inputs: Vec<Text>,
    pub outputs: Vec<Text>,
    pub model_data: Vec<Text>,
    pub images: Vec<Text>,
    /// For APIs that run under another workload's role (batch transform under its model).
    pub model: Option<Text>,
    /// For `CreateModel`: the model registry workload whose versions the
    /// model is created from.
    pub model_package_group: Option<Text>,
    /// For a model package group: the accounts its resource policy shares
    /// its versions with.
    pub consumers: Vec<Text>,
    pub vpc: Option<RawVpc>,
    pub kms: Option<RawKms>,
    pub launches: Vec<Text>,
    pub rollback_alarms: Vec<Text>,
    pub lambdas: Vec<Text>,
    pub domain: Option<Text>,
    pub owner: Option<Text>,
    /// A space's sharing type, `private` or `shared`.
    pub sharing: Option<Text>,
    pub space: Option<Text>,
    pub app_types: Vec<Text>,
    pub associate: Option<Spanned<bool>>,
    pub workteam: Option<Text>,
    pub streaming: Option<RawStreaming>,
    pub automated_labeling: Option<Spanned<bool>>,
    pub asynchronous: Option<RawAsync>,
    pub data_capture: Option<RawDataCapture>,
    /// `None` when absent: the API's default; an empty list follows
    /// nothing. The span is the list's.
    pub follow: Option<Spanned<Vec<Text>>>,
    pub opt_out: Option<RawOptOut>,
    /// A pipeline's step job naming, `service` or `custom-prefix`.
    pub step_job_names: Option<Text>,
    /// A pipeline's step types, as the SageMaker Python SDK names them.
    pub steps: Vec<Text>,
    /// S3 prefixes of the property files a pipeline's JsonGet reads.
    pub property_files: Vec<Text>,
    /// SQS queue ARNs a pipeline's callback steps send to.
    pub callback_queues: Vec<Text>,
    /// The workload's own guardrails, which override the spec-wide ones.
    pub guardrails: RawGuards,
    /// Every catalog field present (not `api` or `guardrails`), with the
    /// span of its key, so that the model can reject fields the
    /// workload's API does not use.
    pub fields: Vec<Spanned<Field>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawVpc {
    pub subnets: Vec<Text>,
    pub security_groups: Vec<Text>,
    pub span: Span,
    pub path: SpecPath<'static>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawKms {
    pub input: Vec<Text>,
    pub output: Vec<Text>,
    pub volume: Vec<Text>,
    pub bucket_default: Vec<Text>,
    pub span: Span,
    pub path: SpecPath<'static>,
}

/// Endpoint data capture: where captured requests and responses go, and
/// the key the request names for them.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDataCapture {
    pub destination: Vec<Text>,
    pub kms_key: Vec<Text>,
    pub span: Span,
    pub path: SpecPath<'static>,
}

/// Default pins the workload gives up, each with its reason as written.
#[derive(Debug, Clone, PartialEq)]
pub struct RawOptOut {
    pub reasons: Vec<(OptOut, Text)>,
    pub span: Span,
    pub path: SpecPath<'static>,
}

/// A streaming labeling job's SNS topics.
#[derive(Debug, Clone, PartialEq)]
pub struct RawStreaming {
    pub input_topic: Option<Text>,
    pub output_topic: Option<Text>,
    pub span: Span,
    pub path: SpecPath<'static>,
}

/// Asynchronous inference: where requests are read and results written.
#[derive(Debug, Clone, PartialEq)]
pub struct RawAsync {
    pub inputs: Vec<Text>,
    pub output: Vec<Text>,
    pub failure: Vec<Text>,
    pub topics: Vec<Text>,
    pub span: Span,
    pub path: SpecPath<'static>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawRole {
    pub name: Text,
    pub workloads: Vec<Text>,
    pub trust: Option<Text>,
    pub description: Option<Text>,
    /// `scoped` (the default) or `full-access`.
    pub permissions: Option<Text>,
    /// With `full-access`: buckets that get AmazonSageMakerFullAccess's S3 actions.
    pub full_access_buckets: Vec<Text>,
    /// Statements the user declares beside the generated ones.
    pub statements: Vec<RawStatement>,
    /// `existing = true`: the role is not created; its name is an input.
    pub existing: Option<Spanned<bool>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawCaller {
    pub name: Text,
    pub principal: Option<Text>,
    pub passes: Vec<Text>,
    pub launches: Vec<Text>,
    /// `None` when absent: the kind's default; an empty list follows
    /// nothing. The span is the list's.
    pub follow: Option<Spanned<Vec<Text>>>,
    pub kind: Option<Text>,
    /// Model registry workloads whose versions the caller may approve.
    pub approves: Vec<Text>,
    /// Statements the user declares beside the generated ones.
    pub statements: Vec<RawStatement>,
}

/// A `statement "NAME" { ... }` block of a role or caller: access that no
/// catalog entry models (an SSM parameter a lifecycle script reads, say),
/// declared with its reason.
#[derive(Debug, Clone, PartialEq)]
pub struct RawStatement {
    /// The block label; its span is the label's.
    pub name: Text,
    pub reason: Option<Text>,
    pub actions: Vec<Text>,
    pub resources: Vec<Text>,
    /// In the order written.
    pub conditions: Vec<RawCondition>,
    /// Why the statement grants `*`: the only way to a `*` resource.
    pub allow_wildcard: Option<Text>,
}

/// One test of a declared statement's `conditions`, written as IAM writes
/// it: `conditions = { OPERATOR = { KEY = [VALUES] } }`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCondition {
    pub operator: Text,
    pub key: Text,
    pub values: Vec<Text>,
}

/// The fields of each block, for unknown-field errors and suggestions.
pub const TOP_FIELDS: &[&str] = &[
    "$schema",
    "name_prefix",
    "input",
    "regions",
    "guardrails",
    "quotas",
    "workload",
    "role",
    "caller",
];
pub const INPUT_FIELDS: &[&str] = &["kind", "description", "default", "max_length"];
pub const QUOTA_FIELDS: &[&str] = &["trust_policy_size", "managed_policies_per_role"];
/// The catalog's [`Guardrail`]s: the one list of the request keys a spec
/// may pin, in the spec's and in a workload's `guardrails` block.
pub const GUARD_FIELDS: [&str; Guardrail::ALL.len()] = {
    let mut names = [""; Guardrail::ALL.len()];
    let mut i = 0;
    while i < Guardrail::ALL.len() {
        names[i] = Guardrail::ALL[i].spec_name();
        i += 1;
    }
    names
};
/// The spec-wide block: role settings, then the request-key guardrails.
pub const GUARDRAIL_FIELDS: [&str; 3 + GUARD_FIELDS.len()] = {
    let mut names = [""; 3 + GUARD_FIELDS.len()];
    names[0] = "permissions_boundary";
    names[1] = "path";
    names[2] = "tags";
    let mut i = 0;
    while i < GUARD_FIELDS.len() {
        names[3 + i] = GUARD_FIELDS[i];
        i += 1;
    }
    names
};
/// The fields every workload may have, whatever its API: its `api` and
/// `guardrails`.
const EVERY_WORKLOAD_FIELD: [&str; 2] = ["api", "guardrails"];

/// A workload's [`EVERY_WORKLOAD_FIELD`], then the catalog's [`Field`]s:
/// the one list of the fields an API may use.
pub const WORKLOAD_FIELDS: [&str; 2 + Field::ALL.len()] = {
    let mut names = ["api"; 2 + Field::ALL.len()];
    names[1] = EVERY_WORKLOAD_FIELD[1];
    let mut i = 0;
    while i < Field::ALL.len() {
        names[2 + i] = Field::ALL[i].spec_name();
        i += 1;
    }
    names
};
/// A workload field's bit in a set of the fields a body has.
fn field_bit(f: Field) -> u64 {
    const _: () = assert!(Field::ALL.len() <= 64);
    1 << f as u32
}
pub const ASYNC_FIELDS: &[&str] = &["inputs", "output", "failure", "topics"];
pub const STREAMING_FIELDS: &[&str] = &["input_topic", "output_topic"];
pub const VPC_FIELDS: &[&str] = &["subnets", "security_groups"];
pub const KMS_FIELDS: &[&str] = &["input", "output", "volume", "bucket_default"];
pub const DATA_CAPTURE_FIELDS: &[&str] = &["destination", "kms_key"];
/// The catalog's [`OptOut`]s: the one list of the pins a workload may give up.
pub const OPT_OUT_FIELDS: [&str; OptOut::ALL.len()] = {
    let mut names = [""; OptOut::ALL.len()];
    let mut i = 0;
    while i < OptOut::ALL.len() {
        names[i] = OptOut::ALL[i].spec_name();
        i += 1;
    }
    names
};
pub const ROLE_FIELDS: &[&str] = &[
    "workloads",
    "trust",
    "description",
    "permissions",
    "full_access_buckets",
    "statement",
    "existing",
];
pub const CALLER_FIELDS: &[&str] = &[
    "principal",
    "passes",
    "launches",
    "follow",
    "kind",
    "approves",
    "statement",
];
pub const STATEMENT_FIELDS: &[&str] = &[
    "reason",
    "actions",
    "resources",
    "conditions",
    "allow_wildcard",
];

/// Lowers a parsed spec into a [`RawSpec`], collecting every shape problem.
///
/// The spec is returned even when there are problems: what could be read is
/// in it (a field of the wrong type is left out), so that the model can
/// report its own problems in the same run.
pub fn lower(root: &Node) -> (RawSpec, Vec<Diagnostic>) {
    let mut cx = Lowering::default();
    let spec = cx.spec(root);
    (spec, cx.diagnostics)
}

#[derive(Default)]
struct Lowering {
    diagnostics: Vec<Diagnostic>,
}

/// The path of a block or object whose fields are read: shared by the
/// paths of its values.
type Parent = Rc<SpecPath<'static>>;

/// The path of field `key` of the block at `parent`.
fn field(parent: &Parent, key: &'static str) -> SpecPath<'static> {
    SpecPath::key(parent, key, false)
}

impl Lowering {
    fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// The entries of an object node, or a type error.
    /// `what` names the block in the message.
    fn entries<'a>(
        &mut self,
        node: &'a Node,
        path: &SpecPath,
        what: impl fmt::Display,
    ) -> &'a [Entry] {
        match &node.value {
            Value::Map(entries) => entries,
            other => {
                self.push(
                    Diagnostic::error(
                        Kind::Type,
                        path,
                        Some(node.span),
                        format!(
                            "{what} must be a block or object, found {}",
                            other.type_name()
                        ),
                    )
                    .with_help(if path.is_root() {
                        "a spec holds fields and blocks (name_prefix, workload, role, caller); in JSON and YAML, an object of them".to_string()
                    } else {
                        let path = path.to_string();
                        format!(
                            "write it as `{} {{ ... }}`",
                            path.rsplit('.').next().unwrap_or(&path)
                        )
                    }),
                );
                &[]
            }
        }
    }

    /// Reports keys that are not in `known`, with a suggestion.
    fn check_fields(&mut self, entries: &[Entry], parent: &Parent, known: &[&str], block: &str) {
        for e in entries {
            if !known.contains(&e.key.as_str()) {
                self.unknown_field(e, parent, known, block);
            }
        }
    }

    /// Reports `e`, a key that is none of `known`, with a suggestion.
    fn unknown_field(&mut self, e: &Entry, parent: &Parent, known: &[&str], block: &str) {
        let mut d = Diagnostic::error(
            Kind::UnknownField,
            &SpecPath::key(parent, e.key.as_str(), false),
            Some(e.key_span),
            format!("unknown field `{}` in {block}", e.key),
        );
        d = match did_you_mean(&e.key, known.iter().copied()) {
            Some(s) => d.with_help(format!("did you mean `{s}`?")),
            None => d.with_help(format!("{block} accepts: {}", known.join(", "))),
        };
        self.push(d);
    }

    /// The single entry named `key`, reporting repeats.
    fn single<'a>(
        &mut self,
        entries: &'a [Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Option<&'a Entry> {
        let mut found: Option<&Entry> = None;
        for e in entries.iter().filter(|e| e.key == key) {
            if found.is_some() {
                self.push(
                    Diagnostic::error(
                        Kind::Duplicate,
                        &field(parent, key),
                        Some(e.key_span),
                        format!("`{key}` is set more than once"),
                    )
                    .with_help("remove one of them"),
                );
            } else {
                found = Some(e);
            }
        }
        found
    }

    fn string(&mut self, node: &Node, path: SpecPath<'static>) -> Option<Text> {
        match &node.value {
            Value::String(s) => {
                if let Some(c) = reference::reserved(s) {
                    self.push(
                        Diagnostic::error(
                            Kind::Value,
                            &path,
                            Some(node.span),
                            format!("the text holds U+{:04X}, a Unicode noncharacter", c as u32),
                        )
                        .with_help("remove it; an input is named as { input = \"NAME\" }, not inside a string"),
                    );
                    return None;
                }
                Some(Spanned {
                    value: s.clone(),
                    span: node.span,
                    path,
                })
            }
            Value::Map(entries) if entries.iter().any(|e| e.key == "input") => {
                self.push(
                    Diagnostic::error(
                        Kind::Type,
                        &path,
                        Some(node.span),
                        "this field takes no input, only a literal string",
                    )
                    .with_help("inputs stand for S3 buckets, KMS keys, subnets, security groups, ECR repositories, Lambda functions, SNS topics, SQS queues, callers' IAM roles, the name_prefix and guardrail tag values; write the value here as a string"),
                );
                None
            }
            other => {
                self.push(
                    Diagnostic::error(
                        Kind::Type,
                        &path,
                        Some(node.span),
                        format!("expected a string, found {}", other.type_name()),
                    )
                    .with_help("write a single value in double quotes"),
                );
                None
            }
        }
    }

    /// A string, or an input named as `{ input = "NAME" }`: the reference
    /// as [`reference`] writes it.
    fn value(&mut self, node: &Node, path: SpecPath<'static>) -> Option<Text> {
        let Value::Map(entries) = &node.value else {
            return self.string(node, path);
        };
        let parent = Rc::new(path);
        self.check_fields(entries, &parent, &["input"], "an input reference");
        let Some(e) = self.single(entries, "input", &parent) else {
            self.push(
                Diagnostic::error(
                    Kind::MissingField,
                    &*parent,
                    Some(node.span),
                    "the object names no input",
                )
                .with_help(
                    "write { input = \"NAME\" }, NAME an `input` block's label, or a string",
                ),
            );
            return None;
        };
        let name = self.string(&e.value, field(&parent, "input"))?;
        Some(Spanned {
            value: reference::to(&name.value),
            span: name.span,
            path: name.path,
        })
    }

    /// A list whose items `item` reads (a string, or an object of its
    /// own); one such value alone is a list of one; anything else is the
    /// type error [`Self::strings`] reports.
    fn items(
        &mut self,
        node: &Node,
        path: SpecPath<'static>,
        item: fn(&mut Self, &Node, SpecPath<'static>) -> Option<Text>,
    ) -> Vec<Text> {
        match &node.value {
            Value::List(items) => {
                let list = Rc::new(path);
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| item(self, n, SpecPath::index(&list, i)))
                    .collect()
            }
            Value::String(_) | Value::Map(_) => item(self, node, path).into_iter().collect(),
            _ => self.strings(node, path),
        }
    }

    /// A string or an input ([`Self::value`]).
    fn value_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Option<Text> {
        self.read_field(entries, key, parent, Self::value)
    }

    /// The single field `key`, read by `read`.
    fn read_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
        read: fn(&mut Self, &Node, SpecPath<'static>) -> Option<Text>,
    ) -> Option<Text> {
        let e = self.single(entries, key, parent)?;
        read(self, &e.value, field(parent, key))
    }

    /// A list of strings or inputs ([`Self::value`]).
    fn values_field(&mut self, entries: &[Entry], key: &'static str, parent: &Parent) -> Vec<Text> {
        match self.single(entries, key, parent) {
            Some(e) => self.items(&e.value, field(parent, key), Self::value),
            None => Vec::new(),
        }
    }

    /// An S3 location: `s3://bucket/prefix`, or an object whose bucket may
    /// be an input, `{ bucket = { input = "data" }, prefix = "train/" }`,
    /// read as the URI it stands for.
    fn location(&mut self, node: &Node, path: SpecPath<'static>) -> Option<Text> {
        let Value::Map(entries) = &node.value else {
            return self.string(node, path);
        };
        let parent = Rc::new(path);
        self.check_fields(entries, &parent, &["bucket", "prefix"], "an S3 location");
        let Some(b) = self.single(entries, "bucket", &parent) else {
            self.push(
                Diagnostic::error(Kind::MissingField, &*parent, Some(node.span), "the S3 location has no bucket")
                    .with_help("write { bucket = { input = \"NAME\" }, prefix = \"key/prefix/\" }, or \"s3://bucket/prefix/\""),
            );
            return None;
        };
        let bucket = self.value(&b.value, field(&parent, "bucket"))?;
        let prefix = match self.single(entries, "prefix", &parent) {
            Some(p) => self.string(&p.value, field(&parent, "prefix"))?.value,
            None => String::new(),
        };
        Some(Spanned {
            value: format!("s3://{}/{prefix}", bucket.value),
            span: node.span,
            path: Rc::unwrap_or_clone(parent),
        })
    }

    /// A list of S3 locations ([`Self::location`]).
    fn locations_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Vec<Text> {
        match self.single(entries, key, parent) {
            Some(e) => self.items(&e.value, field(parent, key), Self::location),
            None => Vec::new(),
        }
    }

    /// A number field, kept as written; the model decides its range.
    fn number_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Option<Text> {
        let e = self.single(entries, key, parent)?;
        let path = field(parent, key);
        match &e.value.value {
            Value::Number(n) => Some(Spanned {
                value: n.clone(),
                span: e.value.span,
                path,
            }),
            other => {
                self.push(Diagnostic::error(
                    Kind::Type,
                    &path,
                    Some(e.value.span),
                    format!("expected a number, found {}", other.type_name()),
                ));
                None
            }
        }
    }

    fn bool_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Option<Spanned<bool>> {
        let e = self.single(entries, key, parent)?;
        let path = field(parent, key);
        match &e.value.value {
            Value::Bool(b) => Some(Spanned {
                value: *b,
                span: e.value.span,
                path,
            }),
            other => {
                self.push(
                    Diagnostic::error(
                        Kind::Type,
                        &path,
                        Some(e.value.span),
                        format!("expected true or false, found {}", other.type_name()),
                    )
                    .with_help(format!(
                        "write {key} = true or {key} = false, without quotes"
                    )),
                );
                None
            }
        }
    }

    fn string_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Option<Text> {
        self.read_field(entries, key, parent, Self::string)
    }

    /// A list of strings; a single string is accepted as a list of one.
    fn strings(&mut self, node: &Node, path: SpecPath<'static>) -> Vec<Text> {
        match &node.value {
            Value::List(items) => {
                let list = Rc::new(path);
                items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, item)| self.string(item, SpecPath::index(&list, i)))
                    .collect()
            }
            Value::String(_) => self.string(node, path).into_iter().collect(),
            other => {
                self.push(
                    Diagnostic::error(
                        Kind::Type,
                        &path,
                        Some(node.span),
                        format!("expected a list of strings, found {}", other.type_name()),
                    )
                    .with_help("write it as [\"a\", \"b\"]"),
                );
                Vec::new()
            }
        }
    }

    fn strings_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Vec<Text> {
        match self.single(entries, key, parent) {
            Some(e) => self.strings(&e.value, field(parent, key)),
            None => Vec::new(),
        }
    }

    /// A list of strings whose absence means something else than an empty
    /// list (every region, a default): `None` when absent, or when of the
    /// wrong type (reported here, once); else its items, at the span of the
    /// whole list.
    fn optional_strings_field(
        &mut self,
        entries: &[Entry],
        key: &'static str,
        parent: &Parent,
    ) -> Option<Spanned<Vec<Text>>> {
        let e = self.single(entries, key, parent)?;
        let path = field(parent, key);
        let value = self.strings(&e.value, path.clone());
        matches!(e.value.value, Value::List(_) | Value::String(_)).then(|| Spanned {
            value,
            span: e.value.span,
            path,
        })
    }

    /// The labelled blocks `kind "label" { ... }` among the entries of the
    /// block at `parent` (the top level, or a role's `statement` blocks), in
    /// source order, as (label, block path, body entries).
    fn labelled<'a>(
        &mut self,
        entries: &'a [Entry],
        kind: &'static str,
        parent: &Parent,
    ) -> Vec<(Text, Parent, &'a [Entry])> {
        let kind_path = Rc::new(field(parent, kind));
        let mut out = Vec::new();
        for e in entries.iter().filter(|e| e.key == kind) {
            let Value::Map(labels) = &e.value.value else {
                self.push(
                    Diagnostic::error(
                        Kind::Type,
                        &*kind_path,
                        Some(e.value.span),
                        format!(
                            "`{kind}` must be a labelled block, found {}",
                            e.value.value.type_name()
                        ),
                    )
                    .with_help(format!("write it as `{kind} \"name\" {{ ... }}`")),
                );
                continue;
            };
            for l in labels {
                let path = Rc::new(SpecPath::key(&kind_path, l.key.clone(), true));
                let name = Spanned {
                    value: l.key.clone(),
                    span: l.key_span,
                    path: SpecPath::clone(&path),
                };
                // The message names the block by its path: `workload "train"`.
                let body = self.entries(&l.value, &path, &path);
                out.push((name, path, body));
            }
        }
        out
    }

    fn spec(&mut self, node: &Node) -> RawSpec {
        let root = Rc::new(SpecPath::root());
        let entries = self.entries(node, &root, "a spec");
        self.check_fields(entries, &root, TOP_FIELDS, "the spec");
        // "$schema" points editors at the JSON Schema; it must be a string
        // and means nothing else.
        let _ = self.string_field(entries, "$schema", &root);
        // The prefix of every name may be an input, so that one output
        // serves several deployments in one account.
        let name_prefix = self
            .single(entries, "name_prefix", &root)
            .and_then(|e| self.value(&e.value, field(&root, "name_prefix")));
        let inputs: Vec<RawInput> = self
            .labelled(entries, "input", &root)
            .into_iter()
            .map(|(name, p, body)| {
                self.check_fields(body, &p, INPUT_FIELDS, "an input block");
                RawInput {
                    kind: self.string_field(body, "kind", &p),
                    description: self.string_field(body, "description", &p),
                    default: self.string_field(body, "default", &p),
                    max_length: self.number_field(body, "max_length", &p),
                    name,
                }
            })
            .collect();
        self.duplicates(inputs.iter().map(|i| &i.name), "input");
        // `regions = []` must stay apart from no `regions` (every region),
        // and a value of the wrong type is reported here, once.
        let regions = self.optional_strings_field(entries, "regions", &root);
        let guardrails = match self.single(entries, "guardrails", &root) {
            Some(e) => self.guardrails(&e.value, &root),
            None => RawGuardrails::default(),
        };
        let quotas = match self.single(entries, "quotas", &root) {
            Some(e) => {
                let p = Rc::new(field(&root, "quotas"));
                let q = self.entries(&e.value, &p, "quotas");
                self.check_fields(q, &p, QUOTA_FIELDS, "quotas");
                RawQuotas {
                    trust_policy_size: self.number_field(q, "trust_policy_size", &p),
                    managed_policies_per_role: self.number_field(
                        q,
                        "managed_policies_per_role",
                        &p,
                    ),
                }
            }
            None => RawQuotas::default(),
        };
        let workloads = self
            .labelled(entries, "workload", &root)
            .into_iter()
            .map(|(name, p, body)| self.workload(name, &p, body))
            .collect::<Vec<_>>();
        let roles = self
            .labelled(entries, "role", &root)
            .into_iter()
            .map(|(name, p, body)| {
                self.check_fields(body, &p, ROLE_FIELDS, "a role block");
                RawRole {
                    workloads: self.strings_field(body, "workloads", &p),
                    trust: self.string_field(body, "trust", &p),
                    description: self.string_field(body, "description", &p),
                    permissions: self.string_field(body, "permissions", &p),
                    full_access_buckets: self.strings_field(body, "full_access_buckets", &p),
                    statements: self.statements(body, &p),
                    existing: self.bool_field(body, "existing", &p),
                    name,
                }
            })
            .collect::<Vec<_>>();
        let callers = self
            .labelled(entries, "caller", &root)
            .into_iter()
            .map(|(name, p, body)| {
                self.check_fields(body, &p, CALLER_FIELDS, "a caller block");
                RawCaller {
                    principal: self.value_field(body, "principal", &p),
                    passes: self.strings_field(body, "passes", &p),
                    launches: self.strings_field(body, "launches", &p),
                    follow: self.optional_strings_field(body, "follow", &p),
                    kind: self.string_field(body, "kind", &p),
                    approves: self.strings_field(body, "approves", &p),
                    statements: self.statements(body, &p),
                    name,
                }
            })
            .collect::<Vec<_>>();
        self.duplicates(workloads.iter().map(|w| &w.name), "workload");
        self.duplicates(roles.iter().map(|r| &r.name), "role");
        self.duplicates(callers.iter().map(|c| &c.name), "caller");
        RawSpec {
            name_prefix,
            inputs,
            regions,
            guardrails,
            quotas,
            workloads,
            roles,
            callers,
        }
    }

    /// The `statement` blocks of a role or caller.
    fn statements(&mut self, body: &[Entry], owner: &Parent) -> Vec<RawStatement> {
        let statements: Vec<RawStatement> = self
            .labelled(body, "statement", owner)
            .into_iter()
            .map(|(name, p, body)| {
                self.check_fields(body, &p, STATEMENT_FIELDS, "a statement block");
                RawStatement {
                    reason: self.string_field(body, "reason", &p),
                    actions: self.strings_field(body, "actions", &p),
                    resources: self.strings_field(body, "resources", &p),
                    conditions: match self.single(body, "conditions", &p) {
                        Some(e) => self.conditions(&e.value, &p),
                        None => Vec::new(),
                    },
                    allow_wildcard: self.string_field(body, "allow_wildcard", &p),
                    name,
                }
            })
            .collect();
        self.duplicates(statements.iter().map(|s| &s.name), "statement");
        statements
    }

    /// `conditions = { OPERATOR = { KEY = [VALUES] } }`, the shape of an IAM
    /// policy's `Condition` element.
    fn conditions(&mut self, node: &Node, statement: &Parent) -> Vec<RawCondition> {
        let p = Rc::new(field(statement, "conditions"));
        let mut out = Vec::new();
        for op in self.entries(node, &p, "conditions") {
            let op_path = Rc::new(SpecPath::entry(&p, op.key.clone()));
            let operator = Spanned {
                value: op.key.clone(),
                span: op.key_span,
                path: SpecPath::clone(&op_path),
            };
            let keys = match &op.value.value {
                Value::Map(keys) => keys,
                other => {
                    self.push(
                        operator
                            .error(
                                Kind::Type,
                                format!(
                                    "condition operator {:?} must hold an object of keys, found {}",
                                    op.key,
                                    other.type_name()
                                ),
                            )
                            .with_help(format!(
                                "write it as {} = {{ \"KEY\" = [\"VALUE\"] }}",
                                op.key
                            )),
                    );
                    continue;
                }
            };
            for k in keys {
                let key_path = SpecPath::entry(&op_path, k.key.clone());
                out.push(RawCondition {
                    operator: operator.clone(),
                    key: Spanned {
                        value: k.key.clone(),
                        span: k.key_span,
                        path: key_path.clone(),
                    },
                    values: self.strings(&k.value, key_path),
                });
            }
        }
        out
    }

    fn duplicates<'a>(&mut self, names: impl Iterator<Item = &'a Text>, kind: &str) {
        let mut seen = std::collections::HashSet::new();
        for n in names {
            // IAM names are case-insensitive, and so are the names derived from these labels.
            if !seen.insert(n.value.to_ascii_lowercase()) {
                self.push(
                    n.error(Kind::Duplicate, format!("{kind} {:?} is declared twice", n.value))
                        .with_help(format!(
                            "{kind} names must be unique (ignoring case); rename or merge one of the two blocks"
                        )),
                );
            }
        }
    }

    fn guardrails(&mut self, node: &Node, root: &Parent) -> RawGuardrails {
        let p = &Rc::new(field(root, "guardrails"));
        let entries = self.entries(node, p, "guardrails");
        self.check_fields(entries, p, &GUARDRAIL_FIELDS, "guardrails");
        let mut tags = Vec::new();
        if let Some(e) = self.single(entries, "tags", p) {
            let tp = Rc::new(field(p, "tags"));
            let items = self.entries(&e.value, &tp, "tags");
            for item in items {
                let kp = SpecPath::entry(&tp, item.key.clone());
                // A tag's value may be an input; its key is the entry's
                // name, always literal.
                if let Some(v) = self.value(&item.value, kp.clone()) {
                    let key = Spanned {
                        value: item.key.clone(),
                        span: item.key_span,
                        path: kp,
                    };
                    if tags
                        .iter()
                        .any(|(k, _): &(Text, Text)| k.value == key.value)
                    {
                        self.push(
                            key.error(Kind::Duplicate, format!("tag {:?} is set twice", key.value)),
                        );
                    } else {
                        tags.push((key, v));
                    }
                }
            }
        }
        RawGuardrails {
            permissions_boundary: self.string_field(entries, "permissions_boundary", p),
            path: self.string_field(entries, "path", p),
            tags,
            keys: self.guards(entries, p),
        }
    }

    /// The request-key guardrails among a block's entries.
    fn guards(&mut self, entries: &[Entry], p: &Parent) -> RawGuards {
        let mut out = RawGuards::default();
        for g in Guardrail::ALL {
            match g.value() {
                GuardValue::Strings { .. } => {
                    if let Some(v) = self.optional_strings_field(entries, g.spec_name(), p) {
                        out.lists.push((g, v));
                    }
                }
                GuardValue::Bool => {
                    if let Some(v) = self.bool_field(entries, g.spec_name(), p) {
                        out.bools.push((g, v));
                    }
                }
            }
        }
        out
    }

    /// A nested block of a workload (`vpc { ... }`): its entries, checked
    /// against `fields`, the span of its key and its path; `None` when it is
    /// absent or not a block (the latter reported).
    fn nested<'a>(
        &mut self,
        body: &'a [Entry],
        key: &'static str,
        parent: &Parent,
        fields: &[&str],
    ) -> Option<(&'a [Entry], Span, Parent)> {
        let e = self.single(body, key, parent)?;
        let path = Rc::new(field(parent, key));
        let entries = self.entries(&e.value, &path, key);
        if !matches!(e.value.value, Value::Map(_)) {
            return None;
        }
        let article = if key.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        self.check_fields(entries, &path, fields, &format!("{article} {key} block"));
        Some((entries, e.key_span, path))
    }

    fn workload(&mut self, name: Text, p: &Parent, body: &[Entry]) -> RawWorkload {
        // One pass over the body names each entry's field, reports the
        // unknown ones, and notes which fields are present, so that each
        // of the thirty-odd fields below is looked for only in a body that
        // has it (every field searched for in every body was a third of
        // reading a workload).
        let mut fields = Vec::new();
        let mut present = 0u64;
        for e in body {
            match Field::from_spec_name(&e.key) {
                Some(f) => {
                    present |= field_bit(f);
                    fields.push(Spanned {
                        value: f,
                        span: e.key_span,
                        path: field(p, f.spec_name()),
                    });
                }
                None if EVERY_WORKLOAD_FIELD.contains(&e.key.as_str()) => {}
                None => self.unknown_field(e, p, &WORKLOAD_FIELDS, "a workload block"),
            }
        }
        // The entries to search for field `f`: none when the body has no such field.
        let body_of = |f: Field| {
            if present & field_bit(f) != 0 {
                body
            } else {
                &[]
            }
        };
        // Field `f`, read as each kind of value.
        let string = |cx: &mut Self, f: Field| cx.string_field(body_of(f), f.spec_name(), p);
        let strings = |cx: &mut Self, f: Field| cx.strings_field(body_of(f), f.spec_name(), p);
        let values = |cx: &mut Self, f: Field| cx.values_field(body_of(f), f.spec_name(), p);
        let locations = |cx: &mut Self, f: Field| cx.locations_field(body_of(f), f.spec_name(), p);
        let boolean = |cx: &mut Self, f: Field| cx.bool_field(body_of(f), f.spec_name(), p);
        let optional_strings =
            |cx: &mut Self, f: Field| cx.optional_strings_field(body_of(f), f.spec_name(), p);
        let vpc = self
            .nested(body_of(Field::Vpc), Field::Vpc.spec_name(), p, VPC_FIELDS)
            .map(|(entries, span, vp)| RawVpc {
                subnets: self.values_field(entries, "subnets", &vp),
                security_groups: self.values_field(entries, "security_groups", &vp),
                span,
                path: Rc::unwrap_or_clone(vp),
            });
        let kms = self
            .nested(body_of(Field::Kms), Field::Kms.spec_name(), p, KMS_FIELDS)
            .map(|(entries, span, kp)| RawKms {
                input: self.values_field(entries, "input", &kp),
                output: self.values_field(entries, "output", &kp),
                volume: self.values_field(entries, "volume", &kp),
                bucket_default: self.values_field(entries, "bucket_default", &kp),
                span,
                path: Rc::unwrap_or_clone(kp),
            });
        let asynchronous = self
            .nested(
                body_of(Field::Async),
                Field::Async.spec_name(),
                p,
                ASYNC_FIELDS,
            )
            .map(|(entries, span, ap)| RawAsync {
                inputs: self.locations_field(entries, "inputs", &ap),
                output: self.locations_field(entries, "output", &ap),
                failure: self.locations_field(entries, "failure", &ap),
                topics: self.values_field(entries, "topics", &ap),
                span,
                path: Rc::unwrap_or_clone(ap),
            });
        let data_capture = self
            .nested(
                body_of(Field::DataCapture),
                Field::DataCapture.spec_name(),
                p,
                DATA_CAPTURE_FIELDS,
            )
            .map(|(entries, span, dp)| RawDataCapture {
                destination: self.locations_field(entries, "destination", &dp),
                kms_key: self.values_field(entries, "kms_key", &dp),
                span,
                path: Rc::unwrap_or_clone(dp),
            });
        let streaming = self
            .nested(
                body_of(Field::Streaming),
                Field::Streaming.spec_name(),
                p,
                STREAMING_FIELDS,
            )
            .map(|(entries, span, sp)| RawStreaming {
                input_topic: self.value_field(entries, "input_topic", &sp),
                output_topic: self.value_field(entries, "output_topic", &sp),
                span,
                path: Rc::unwrap_or_clone(sp),
            });
        let opt_out = self
            .nested(
                body_of(Field::OptOut),
                Field::OptOut.spec_name(),
                p,
                &OPT_OUT_FIELDS,
            )
            .map(|(entries, span, op)| RawOptOut {
                reasons: OptOut::ALL
                    .into_iter()
                    .filter_map(|o| Some((o, self.string_field(entries, o.spec_name(), &op)?)))
                    .collect(),
                span,
                path: Rc::unwrap_or_clone(op),
            });
        let guardrails = self
            .nested(body, "guardrails", p, &GUARD_FIELDS)
            .map(|(entries, _, gp)| self.guards(entries, &gp))
            .unwrap_or_default();
        RawWorkload {
            guardrails,
            opt_out,
            streaming,
            automated_labeling: boolean(self, Field::AutomatedLabeling),
            api: self.string_field(body, "api", p),
            rollback_alarms: strings(self, Field::RollbackAlarms),
            lambdas: values(self, Field::Lambdas),
            domain: string(self, Field::Domain),
            owner: string(self, Field::Owner),
            sharing: string(self, Field::Sharing),
            space: string(self, Field::Space),
            app_types: strings(self, Field::AppTypes),
            associate: boolean(self, Field::Associate),
            workteam: string(self, Field::Workteam),
            asynchronous,
            data_capture,
            inputs: locations(self, Field::Inputs),
            outputs: locations(self, Field::Outputs),
            model_data: locations(self, Field::ModelData),
            images: values(self, Field::Images),
            model: string(self, Field::Model),
            model_package_group: string(self, Field::ModelPackageGroup),
            consumers: strings(self, Field::Consumers),
            launches: strings(self, Field::Launches),
            follow: optional_strings(self, Field::Follow),
            step_job_names: string(self, Field::StepJobNames),
            steps: strings(self, Field::Steps),
            property_files: locations(self, Field::PropertyFiles),
            callback_queues: values(self, Field::CallbackQueues),
            vpc,
            kms,
            fields,
            name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    /// Every workload field the catalog knows is one the reader reads: a
    /// number, which no field takes, is a type error at each of them, and
    /// none is an unknown field.
    #[test]
    fn the_reader_reads_every_catalog_field() {
        let mut text =
            String::from("name_prefix = \"ml\"\nworkload \"w\" {\n  api = \"CreateTrainingJob\"\n");
        for f in Field::ALL {
            text.push_str(&format!("  {} = 1\n", f.spec_name()));
        }
        text.push_str("}\n");
        let tree = crate::spec::hcl::parse(&Source::new("spec.hcl", text)).unwrap();
        let (_, diagnostics) = lower(&tree);
        let type_errors: Vec<&str> = diagnostics
            .iter()
            .filter(|d| d.kind == Kind::Type)
            .map(|d| d.path.as_str())
            .collect();
        let expected: Vec<String> = Field::ALL
            .iter()
            .map(|f| format!("workload \"w\".{}", f.spec_name()))
            .collect();
        for path in &expected {
            assert!(
                type_errors.contains(&path.as_str()),
                "{path} is not read: {diagnostics:#?}"
            );
        }
        assert_eq!(diagnostics.len(), expected.len(), "{diagnostics:#?}");
    }

    /// Paths in the notation the README and messages use: fields joined by
    /// `.`, labels quoted after their block type, `[i]` for list items and
    /// `["key"]` for tags.
    #[test]
    fn problems_name_the_path_of_their_value() {
        let text = r#"name_prefix = 1
colour = "blue"
regions = ["eu-west-1", 5]
quotas {
  trust_policy_size = "big"
}
guardrails {
  tags = { team = 1, "cost centre" = "ok" }
}
workload "w" {
  api    = "CreateTrainingJob"
  inputs = ["s3://a/", 2]
  vpc {
    subnets = [3]
    zone    = "a"
  }
  kms {
    bucket_default = 6
  }
  data_capture {
    kms_key = ["k", 7]
  }
}
role "r\"q" {
  workloads = ["w", 4]
}
"#;
        let tree = crate::spec::hcl::parse(&Source::new("spec.hcl", text)).unwrap();
        let (_, diagnostics) = lower(&tree);
        let mut found: Vec<(Kind, &str)> = diagnostics
            .iter()
            .map(|d| (d.kind, d.path.as_str()))
            .collect();
        found.sort();
        let mut expected = vec![
            (Kind::Type, "name_prefix"),
            (Kind::UnknownField, "colour"),
            (Kind::Type, "regions[1]"),
            (Kind::Type, "quotas.trust_policy_size"),
            (Kind::Type, r#"guardrails.tags["team"]"#),
            (Kind::Type, r#"workload "w".inputs[1]"#),
            (Kind::Type, r#"workload "w".vpc.subnets[0]"#),
            (Kind::UnknownField, r#"workload "w".vpc.zone"#),
            (Kind::Type, r#"workload "w".kms.bucket_default"#),
            (Kind::Type, r#"workload "w".data_capture.kms_key[1]"#),
            (Kind::Type, r#"role "r\"q".workloads[1]"#),
        ];
        expected.sort();
        assert_eq!(found, expected);
    }
}

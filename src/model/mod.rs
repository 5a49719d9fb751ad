//! The proven model: roles, callers and their policies, ready to emit.
//!
//! [`lower`](lower::lower) turns a [`RawSpec`](crate::spec::raw::RawSpec) into a
//! [`Model`], checking every value against the catalog and AWS's rules and
//! reporting every problem at once. Everything in a `Model` is valid, sorted and
//! de-duplicated, so emitters only render it: they make no decisions about
//! access. Each [`Statement`] carries the workloads it serves and the AWS
//! requirement behind it, so every output can say why it exists.

mod build;
pub mod document;
mod draft;
pub mod inputs;
mod lower;
pub mod names;
pub mod quota;
pub mod reach;
pub mod resource;
pub mod value;
mod warnings;
pub mod wildcard;

pub use lower::lower;
pub use warnings::warnings;

/// The Studio app types a spec's `app_types` may name (API_CreateApp).
pub fn studio_app_types() -> &'static [&'static str] {
    lower::STUDIO_APP_TYPES
}

use std::collections::BTreeMap;
use std::sync::Arc;
use value::Str;

use crate::catalog::guardrails::Guardrail;

/// Everything the emitters render.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name_prefix: String,
    pub guardrails: Guardrails,
    pub quotas: quota::Quotas,
    /// The regions every regional ARN names (spec `regions`).
    pub regions: value::Regions,
    /// Sorted by key.
    pub roles: Vec<Role>,
    /// Sorted by key.
    pub callers: Vec<Caller>,
    /// How each Studio identity gets its role, for wiring them to a domain.
    pub studio: Vec<StudioDomain>,
    /// The workloads whose create call takes a role (the launcher passes
    /// one), each with the resource SageMaker names in `aws:SourceArn` when
    /// it assumes that role for the workload (the part after the account,
    /// e.g. `training-job/churn-train`), `None` where AWS documents none.
    /// A create call does not say which of the roles its caller passes it
    /// takes, but SageMaker assumes only a role whose trust admits that
    /// resource: [`reach`] and the `indistinct-roles` warning use it.
    pub role_sources: BTreeMap<String, Option<String>>,
    /// The spec's `input` blocks, sorted by name.
    pub declared_inputs: Vec<value::DeclaredInput>,
    /// The resource policies of the model package groups that share their
    /// versions with other accounts (a workload's `consumers`), by workload;
    /// the group's owner applies them (PutModelPackageGroupPolicy).
    pub group_policies: Vec<GroupPolicy>,
}

/// A model package group's resource policy: the consumer accounts may read
/// the group and its versions ([`crate::catalog::model_registry`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPolicy {
    /// The CreateModelPackageGroup workload.
    pub workload: String,
    /// The group's name.
    pub group: String,
    /// The consumer accounts' root principals, sorted by account: each
    /// account's own identity policies say which of its principals may.
    pub principals: Vec<value::Str>,
    /// What they may do: on the group's versions, then on the group.
    pub statements: Vec<SharedStatement>,
}

/// A statement of a [`GroupPolicy`], allowed to its principals.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedStatement {
    pub sid: &'static str,
    pub actions: &'static [&'static str],
    pub resources: Vec<value::Str>,
}

impl Model {
    /// The role of key `key`; every key a Studio identity or caller
    /// names is one, as the lowering proved.
    pub fn role(&self, key: &str) -> &Role {
        self.roles
            .iter()
            .find(|r| r.key == key)
            .expect("the model's role keys are proven")
    }

    /// The inputs the output takes: the id of each Studio domain that
    /// associates, the name of each existing role, then the spec's `input`
    /// blocks. Sorted.
    pub fn inputs(&self) -> Vec<value::Input> {
        self.studio
            .iter()
            .filter(|d| d.associate)
            .map(|d| value::Input::StudioDomainId(d.name.clone()))
            .chain(self.roles.iter().filter_map(|r| r.existing.clone()))
            .chain(self.declared_inputs.iter().map(|d| d.input()))
            .collect()
    }

    /// The `input` block of a declared input.
    pub fn declared(&self, input: &value::Input) -> Option<&value::DeclaredInput> {
        self.declared_inputs.iter().find(|d| d.name == input.name())
    }
}

/// A Studio domain and who in it runs under which role.
#[derive(Debug, Clone, PartialEq)]
pub struct StudioDomain {
    /// The CreateDomain workload.
    pub name: String,
    /// The domain's role key: its DefaultUserSettings.ExecutionRole and
    /// DefaultSpaceSettings.ExecutionRole.
    pub role: String,
    /// Sorted by identity name.
    pub identities: Vec<StudioIdentity>,
    /// Whether the output creates the user profiles and spaces in an
    /// existing domain (spec `associate`), rather than only exporting the
    /// wiring.
    pub associate: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StudioIdentity {
    /// The CreateUserProfile or CreateSpace workload.
    pub name: String,
    pub kind: StudioKind,
    /// The role key the identity runs under.
    pub role: String,
    /// The user profile workload that owns a space (private or shared).
    pub owner: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StudioKind {
    /// A user profile with a role of its own (UserSettings.ExecutionRole).
    ProfileWithOwnRole,
    /// A user profile in its domain's role: it leaves UserSettings.ExecutionRole
    /// unset and inherits the default, so a change of the default changes it.
    ProfileInheriting,
    /// A private space: its owner's role.
    PrivateSpace,
    /// A shared space: the domain's default space role.
    SharedSpace,
}

impl StudioKind {
    /// How the identity is wired to its role, in the domain's API terms.
    pub fn wiring(self) -> &'static str {
        match self {
            StudioKind::ProfileWithOwnRole => "set UserSettings.ExecutionRole to this role",
            StudioKind::ProfileInheriting => "leave UserSettings.ExecutionRole unset: inherits the domain's DefaultUserSettings.ExecutionRole",
            StudioKind::PrivateSpace => "private space: runs under its owner's user-profile role",
            StudioKind::SharedSpace => "shared space: runs under the domain's DefaultSpaceSettings.ExecutionRole, whoever owns it",
        }
    }

    /// A space's sharing type; `None` for a user profile.
    pub fn sharing(self) -> Option<crate::catalog::Sharing> {
        match self {
            StudioKind::PrivateSpace => Some(crate::catalog::Sharing::Private),
            StudioKind::SharedSpace => Some(crate::catalog::Sharing::Shared),
            StudioKind::ProfileWithOwnRole | StudioKind::ProfileInheriting => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Guardrails {
    /// The default of the output's permissions-boundary input.
    pub permissions_boundary: Option<String>,
    /// IAM path of every role and policy; `/` by default.
    pub path: String,
    pub tags: BTreeMap<String, String>,
    /// Request keys pinned on every workload's create calls that take
    /// them; a workload's own override these.
    pub keys: BTreeMap<Guardrail, Guard>,
}

/// A request-key guardrail's proven value.
#[derive(Debug, Clone, PartialEq)]
pub enum Guard {
    /// Instance-type patterns or tag keys, sorted.
    Values(Vec<String>),
    Bool(bool),
}

/// An execution role that SageMaker assumes.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The spec's name for the role (a `role` block label, or the workload name
    /// for a workload without one); unique, lowercase.
    pub key: String,
    /// The IAM role name: `<name_prefix>-<key>`; for an existing role, its
    /// input as people read it, `${exec_role_name}`.
    pub name: String,
    /// For a role the output does not create (spec `existing = true`):
    /// the input that names it. The output attaches the role's policies to
    /// that role; its trust policy is its owner's, and [`Role::trust`] is
    /// what the owner's should say.
    pub existing: Option<value::Input>,
    pub description: String,
    /// Workloads whose jobs run under this role, sorted.
    pub workloads: Vec<String>,
    /// Workloads that its workloads launch under their own roles (pipeline
    /// steps, jobs started from Studio or a notebook), sorted: whoever holds
    /// this role may act as theirs.
    pub launches: Vec<String>,
    pub trust: Trust,
    /// All of the role's permissions, in one policy.
    pub policy: Policy,
    /// The same statements as IAM documents within IAM's quotas: one inline
    /// policy when they fit, else several managed policies ([`quota`]).
    pub documents: Vec<Document>,
    /// AWS managed policies attached instead of scoped permissions (the
    /// spec's `permissions = "full-access"`), with why they are broad.
    pub aws_managed: Vec<AwsManagedPolicy>,
}

impl Role {
    /// The role's ARN in the deploying account, built from its path and
    /// name (or the input that names it) as [`Str::role_arn`] builds it.
    pub fn arn(&self, path: &str) -> Str {
        match &self.existing {
            Some(input) => Str::existing_role_arn(path, input),
            None => Str::role_arn(path, &self.name),
        }
    }
}

/// An AWS managed policy attached to a role.
#[derive(Debug, Clone, PartialEq)]
pub struct AwsManagedPolicy {
    /// The policy name; its ARN is `arn:<partition>:iam::aws:policy/<name>`.
    pub name: String,
    /// Why the output carries it and why it is broad.
    pub reason: String,
}

/// A policy document as deployed: a named slice of a role's or caller's statements.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The IAM policy name.
    pub name: String,
    /// The part's number, from 1, among its owner's documents (a policy too
    /// large for one document is split); see [`Document::numbered`].
    pub part: usize,
    pub attachment: Attachment,
    pub policy: Policy,
    /// Characters without whitespace, measured with the longest context values.
    pub size: usize,
}

impl Document {
    /// The number that tells this part's name and ids from the first
    /// part's: `None` for part 1, which is named after its owner alone;
    /// `Some(n)` for part n, whose name ends in `-n`.
    pub fn numbered(&self) -> Option<usize> {
        (self.part > 1).then_some(self.part)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    /// Embedded in the role (`aws_iam_role_policy`, `Policies`).
    Inline,
    /// A customer managed policy (`aws_iam_policy`, `AWS::IAM::ManagedPolicy`).
    Managed,
}

/// How a role's trust policy guards against the confused deputy problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TrustMode {
    /// `aws:SourceAccount` always; account-wide `aws:SourceArn` when every
    /// feature the role serves allows it: for a role that SageMaker assumes
    /// for jobs named outside the spec.
    Auto,
    /// The default: like `auto`, but `aws:SourceArn` narrowed as far as AWS
    /// allows when every feature the role serves allows it: to the
    /// workloads' own names where the spec names every job, to their job
    /// kinds otherwise ([`crate::catalog::TrustScope::JobKind`]).
    Strict,
    /// No conditions (with a warning in the output).
    Off,
}

impl TrustMode {
    pub fn name(self) -> &'static str {
        match self {
            TrustMode::Auto => "auto",
            TrustMode::Strict => "strict",
            TrustMode::Off => "off",
        }
    }
}

/// A role's trust policy: SageMaker may assume it, under conditions.
#[derive(Debug, Clone, PartialEq)]
pub struct Trust {
    pub mode: TrustMode,
    pub service: String,
    pub conditions: Vec<Condition>,
    /// Why the conditions are what they are, for comments and documents.
    pub reason: String,
    /// A warning that the output must carry (trust `off`, or `strict` that could not narrow).
    pub warning: Option<String>,
}

/// Someone who launches workloads and passes their roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Caller {
    pub key: String,
    /// The principal as written in the spec.
    pub principal: String,
    /// When the principal is an IAM role: the role, so that the policy can
    /// be attached when deploying into its account.
    pub attach_to_role: Option<RoleRef>,
    pub description: String,
    pub passes: Vec<String>,
    pub launches: Vec<String>,
    /// What it may do to what it launched, sorted.
    pub follow: Vec<crate::catalog::Follow>,
    pub kind: crate::catalog::CallerKind,
    /// All of the caller's permissions, in one policy.
    pub policy: Policy,
    /// The same statements as managed policies within IAM's quotas; the first
    /// is named `<name_prefix>-<key>-caller`.
    pub documents: Vec<Document>,
}

/// The IAM role a caller's policies are attached to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleRef {
    /// A role the spec names by ARN: its account and its name without
    /// the path.
    Named { account: String, name: String },
    /// A role whose ARN (without a path) is an input: each emitter takes
    /// the account and the name from the value passed in.
    Input(value::Input),
}

/// A policy document: `Version` is always `2012-10-17`.
///
/// Statements are shared: a role's or caller's [`Document`]s hold the same
/// statements as its whole policy, not copies of them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Policy {
    pub statements: Vec<Arc<Statement>>,
}

/// One `Allow` statement with the reasons it exists.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// Derived from the statement's purpose; `[A-Za-z0-9]`, unique in its policy.
    pub sid: String,
    /// Sorted, unique.
    pub actions: Vec<String>,
    /// Sorted, unique.
    pub resources: Vec<Str>,
    /// Sorted by (operator, key).
    pub conditions: Vec<Condition>,
    pub why: Why,
}

/// Why a statement exists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Why {
    /// The workloads (or, in caller policies, roles and workloads) it serves, sorted.
    /// A name is shared with the policy's other statements that one
    /// workload's grants add, not copied into each: at 10,000 workloads
    /// statements name workloads 290,000 times, 10,000 names apart.
    pub serves: Vec<Arc<str>>,
    /// What it allows and the AWS requirement behind it, in one sentence.
    pub reason: String,
    /// Why the resource is `*`, when it is.
    pub wildcard: Option<String>,
    /// Checks of policy scanners (checkov ids) that flag this statement for
    /// what AWS requires; the output records them as skipped, with `wildcard`
    /// as the reason.
    pub scanner_skips: Vec<String>,
    /// The workloads each resource is there for, sorted: a statement shared
    /// by several workloads holds the resources of each, and reach tells
    /// what a launched workload needs from what its role holds for others.
    /// Empty when the statement serves one workload (or when unknown): then
    /// every resource serves all of `serves`. Otherwise one list for each
    /// resource, at the resource's place in the statement's `resources`:
    /// a map keyed by the resources held a second copy of each (about a
    /// fifth of the model at 10,000 workloads).
    pub resource_serves: Vec<Vec<Arc<str>>>,
    /// For a statement the spec declares (`statement "NAME" { ... }` in a
    /// role or caller block), its name: the user's grant, not sagerole's.
    pub declared: Option<String>,
}

impl Why {
    /// The workloads the statement's resource at `index` is there for.
    pub fn serves_of(&self, index: usize) -> &[Arc<str>] {
        self.resource_serves
            .get(index)
            .map_or(&self.serves, |w| w.as_slice())
    }
}

/// One condition test: `operator` applied to `key` with any of `values`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    /// Sorted, unique.
    pub values: Vec<Str>,
}

/// Operator → keys → values of a policy's `Condition` block.
pub type ConditionBlock<'a> = Vec<(&'a str, Vec<(&'a str, &'a [Str])>)>;

/// Conditions as a policy's `Condition` block: each operator in the order of
/// its first condition, its keys in the same order. A key repeated under one
/// operator keeps its first place and takes its last values. Every writer of
/// conditions as JSON (documents, their sizes, CloudFormation) groups them
/// here.
pub fn condition_block(cs: &[Condition]) -> ConditionBlock<'_> {
    let mut block: ConditionBlock<'_> = Vec::new();
    for c in cs {
        let at = match block.iter().position(|(op, _)| *op == c.operator) {
            Some(at) => at,
            None => {
                block.push((&c.operator, Vec::new()));
                block.len() - 1
            }
        };
        let keys = &mut block[at].1;
        match keys.iter_mut().find(|(key, _)| *key == c.key) {
            Some(entry) => entry.1 = &c.values,
            None => keys.push((&c.key, &c.values)),
        }
    }
    block
}

/// Whether a condition's values are written as one string rather than a
/// list: a single value under `Null` or `Bool` (or their `IfExists` forms).
/// IAM reads a one-element list and the string alike (IAM User Guide, "IAM
/// JSON policy elements: Condition operators"); the string is what every
/// policy tool reads, where parliament 1.6.4 and cfripper fail on the list
/// of these two operators, and what Terraform's aws_iam_policy_document
/// writes for one value.
pub fn scalar_condition(operator: &str, values: &[value::Str]) -> bool {
    let base = operator.strip_suffix("IfExists").unwrap_or(operator);
    values.len() == 1 && matches!(base, "Null" | "Bool")
}

/// `Operator key [value, ...]`, values with the context as symbols: how
/// documents for people (`explain`, `diff`) show a condition.
impl std::fmt::Display for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let values: Vec<String> = self.values.iter().map(|v| v.symbolic()).collect();
        write!(f, "{} {} [{}]", self.operator, self.key, values.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond(operator: &str, key: &str, value: &str) -> Condition {
        Condition {
            operator: operator.into(),
            key: key.into(),
            values: vec![Str::lit(value)],
        }
    }

    #[test]
    fn condition_blocks_group_by_first_place_and_keep_last_values() {
        let cs = [
            cond("StringEquals", "a", "1"),
            cond("ArnLike", "b", "2"),
            cond("StringEquals", "c", "3"),
            cond("StringEquals", "a", "4"),
        ];
        let block = condition_block(&cs);
        let shape: Vec<(&str, Vec<(&str, String)>)> = block
            .iter()
            .map(|(op, keys)| {
                let keys = keys.iter().map(|(k, v)| (*k, v[0].to_string())).collect();
                (*op, keys)
            })
            .collect();
        assert_eq!(
            shape,
            vec![
                ("StringEquals", vec![("a", "4".into()), ("c", "3".into())]),
                ("ArnLike", vec![("b", "2".into())]),
            ]
        );
    }
}

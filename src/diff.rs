//! Permission-level diff between two models, for reviewers.
//!
//! Each role and caller is compared statement by statement: every policy
//! statement (by its Sid), the trust policy, and the access that no policy
//! statement holds: the AWS managed policies attached, a caller's principal,
//! the permissions boundary on every role, role tags that policies read
//! through `${aws:PrincipalTag/KEY}`, and the role each Studio identity runs
//! under. For every statement that differs, the report says what changed
//! (actions, resources, and each condition key's values added or removed) and
//! whether access moves:
//!
//! * **broadens**: the new statement allows something that nothing on the
//!   old side allowed;
//! * **narrows**: the old statement allowed something that nothing on the
//!   new side allows;
//! * **changes**: both, as when one subnet is replaced by another: new
//!   access in place of old, which needs a review like a broadening and
//!   counts as one;
//! * **same**: neither; only the text moved (a grant that moved to another
//!   statement, or that another statement allows already).
//!
//! To classify, both sides are flattened into grants: one action on one
//! resource under one set of conditions. Grant `a` covers grant `b` when
//! `a`'s action and resource patterns match `b`'s (IAM wildcards `*` and
//! `?`), and every condition of `a` is also on `b` with values that `a`'s
//! values cover: fewer conditions, or more values of a positive operator,
//! allow more. So widening a prefix to a whole bucket, adding a security group
//! to a `ForAllValues:StringEquals` list or dropping a condition broadens, and
//! the reverse narrows.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::catalog::condition_keys;
use crate::model::wildcard::glob;
use crate::model::{Condition, Model, Policy};

/// Which part of a principal's access a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// Who the caller is (its principal ARN).
    Principal,
    /// The role's trust policy.
    Trust,
    /// `iam:PassRole` statements.
    PassRole,
    /// Every other permission statement.
    Permissions,
    /// AWS managed policies attached to the role.
    ManagedPolicy,
    /// The permissions boundary on every role.
    Boundary,
    /// Role tags that policies read through `${aws:PrincipalTag/KEY}`.
    Tags,
    /// Which role each Studio identity runs under.
    Studio,
    /// Statements of other roles that a principal reaches by acting as
    /// them (launching a workload is acting as its role), on the resources
    /// the role holds for workloads the principal does not launch.
    Reach,
}

impl Part {
    /// Whether the part is a policy statement, with actions of its own; the
    /// others are access that no statement holds, compared by what they name.
    fn is_statement(self) -> bool {
        matches!(
            self,
            Part::Trust | Part::PassRole | Part::Permissions | Part::Reach
        )
    }
}

/// How a changed statement moves access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Allows something new, loses nothing.
    Broadens,
    /// Loses something, allows nothing new.
    Narrows,
    /// Allows something new in place of something it loses.
    Changes,
    /// Allows what it did: the policy text changed, access did not.
    Same,
}

impl Direction {
    fn of(gains: bool, loses: bool) -> Direction {
        match (gains, loses) {
            (true, false) => Direction::Broadens,
            (false, true) => Direction::Narrows,
            (true, true) => Direction::Changes,
            (false, false) => Direction::Same,
        }
    }

    /// Whether the statement allows anything the old side did not: what
    /// `--fail-on-broaden` stops on.
    pub fn grants_new(self) -> bool {
        matches!(self, Direction::Broadens | Direction::Changes)
    }

    /// Whether the statement loses anything the old side allowed.
    pub fn loses(self) -> bool {
        matches!(self, Direction::Narrows | Direction::Changes)
    }

    fn word(self) -> &'static str {
        match self {
            Direction::Broadens => "broadens",
            Direction::Narrows => "narrows",
            Direction::Changes => "changes",
            Direction::Same => "same access",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    Added,
    Removed,
}

/// One condition test: `StringLike s3:prefix [train/*]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Test {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

/// How one condition (an operator on a key) of a statement moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConditionChange {
    /// The statement did not test the key with this operator before.
    Added,
    /// The statement no longer tests it.
    Removed,
    /// Tested on both sides, with other values.
    Values,
}

/// One thing that changed in a statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "kebab-case")]
pub enum FieldChange {
    Actions {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Resources {
        added: Vec<String>,
        removed: Vec<String>,
    },
    Condition {
        key: String,
        /// What the key limits, in words ([`condition_keys`]).
        name: String,
        operator: String,
        change: ConditionChange,
        added: Vec<String>,
        removed: Vec<String>,
    },
}

/// One statement that differs between the two sides, with what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementDiff {
    pub part: Part,
    /// The policy statement's Sid (the trust policy's too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// What a reviewer calls it: the Sid, `trust policy`, `permissions
    /// boundary`, `role tag KEY`, `Studio identity NAME`, ...
    pub subject: String,
    /// `added` or `removed` when the statement is on one side only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<Sign>,
    pub classification: Direction,
    pub changes: Vec<FieldChange>,
    /// The statement as the new side has it (the old side, when removed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
    pub resources: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Test>,
    /// The workloads (or roles) it serves.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub serves: Vec<String>,
}

/// The changed statements of one role or caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrincipalDiff {
    /// `role`, `caller`, `studio domain`, or `spec` (for the guardrails).
    pub kind: &'static str,
    /// The spec's name for it.
    pub key: String,
    /// Its IAM name (role name or caller principal), new side first.
    pub name: String,
    /// `added` or `removed` when the principal exists on one side only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presence: Option<Sign>,
    /// For a principal on one side only: the one of the same kind on the
    /// other side with exactly its access (a rename), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_access_as: Option<String>,
    pub statements: Vec<StatementDiff>,
}

/// Changed statements by classification.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub broadens: usize,
    pub narrows: usize,
    pub changes: usize,
    pub same: usize,
}

impl Counts {
    fn total(self) -> usize {
        self.broadens + self.narrows + self.changes + self.same
    }
}

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub old: String,
    pub new: String,
    /// Whether any statement allows something new (it broadens or changes).
    pub broadens: bool,
    /// Whether any statement loses something (it narrows or changes).
    pub narrows: bool,
    pub counts: Counts,
    pub principals: Vec<PrincipalDiff>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.principals.is_empty()
    }
}

/// One action on one resource under a set of conditions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    part: Part,
    action: String,
    resource: String,
    conditions: Vec<Test>,
}

/// One statement of a principal's access as compared: a policy statement,
/// or access that no statement holds, with the resources it names.
#[derive(Debug, Clone)]
struct Item {
    part: Part,
    sid: Option<String>,
    subject: String,
    actions: BTreeSet<String>,
    /// Service principals for the trust policy; for access no statement
    /// holds, what it names (policy names, a boundary ARN, a tag value, a
    /// role); an empty boundary is none.
    resources: BTreeSet<String>,
    conditions: Vec<Test>,
    serves: BTreeSet<String>,
}

impl Item {
    /// Access that no statement holds, naming `resources`.
    fn held(part: Part, subject: String, resources: impl IntoIterator<Item = String>) -> Item {
        Item {
            part,
            sid: None,
            subject,
            actions: BTreeSet::new(),
            resources: resources.into_iter().collect(),
            conditions: Vec::new(),
            serves: BTreeSet::new(),
        }
    }

    /// Whether two sides of a statement say the same (what it serves aside).
    fn reads_as(&self, other: &Item) -> bool {
        self.actions == other.actions
            && self.resources == other.resources
            && self.conditions == other.conditions
    }

    fn grants(&self) -> Vec<Grant> {
        let grant = |action: &str, resource: &str| Grant {
            part: self.part,
            action: action.to_string(),
            resource: resource.to_string(),
            conditions: self.conditions.clone(),
        };
        if self.part.is_statement() {
            self.actions
                .iter()
                .flat_map(|a| self.resources.iter().map(move |r| grant(a, r)))
                .collect()
        } else if self.part == Part::Boundary && self.resources.is_empty() {
            // No boundary allows more than any boundary: `covers` reads "*".
            vec![grant(&self.subject, "*")]
        } else {
            // The subject stands for the action, so that a tag or a Studio
            // identity is compared with itself only.
            self.resources
                .iter()
                .map(|r| grant(&self.subject, r))
                .collect()
        }
    }
}

/// A principal's statements by part and Sid (or subject).
type Items = BTreeMap<(Part, String), Item>;

fn insert(items: &mut Items, item: Item) {
    let id = item.sid.clone().unwrap_or_else(|| item.subject.clone());
    items.insert((item.part, id), item);
}

fn tests(conditions: &[Condition]) -> Vec<Test> {
    conditions
        .iter()
        .map(|c| Test {
            operator: c.operator.clone(),
            key: c.key.clone(),
            values: c.values.iter().map(|v| v.symbolic()).collect(),
        })
        .collect()
}

fn add_policy(out: &mut Items, policy: &Policy) {
    for st in &policy.statements {
        let part = if st.actions.iter().any(|a| a == "iam:PassRole") {
            Part::PassRole
        } else {
            Part::Permissions
        };
        insert(
            out,
            Item {
                part,
                sid: Some(st.sid.clone()),
                subject: st.sid.clone(),
                actions: st.actions.iter().cloned().collect(),
                resources: st.resources.iter().map(|r| r.symbolic()).collect(),
                conditions: tests(&st.conditions),
                serves: st.why.serves.iter().map(|w| w.to_string()).collect(),
            },
        );
    }
}

/// What a principal reaches by acting as other roles beyond what the
/// workloads it launches need: the resources a shared role holds for its
/// other workloads ([`Reached::unneeded`]), one item per statement of each
/// role, named after the role and the statement; the path that gives it
/// stands where a statement names what it serves. What a launched
/// workload needs shows as a change of its role's statements (and of the
/// launcher's own create and PassRole statements), so it is not repeated.
///
/// [`Reached::unneeded`]: crate::model::reach::Reached::unneeded
fn add_reach(out: &mut Items, reach: &crate::model::reach::Reach) {
    for g in reach.grants.iter().filter(|g| !g.unneeded.is_empty()) {
        let st = &g.statement;
        let role = &g.path[g.path.len() - 1].role_name;
        insert(
            out,
            Item {
                part: Part::Reach,
                sid: None,
                subject: format!("as role {role}: {}", st.sid),
                actions: st.actions.iter().cloned().collect(),
                resources: g.unneeded.iter().map(|r| r.symbolic()).collect(),
                conditions: tests(&st.conditions),
                serves: BTreeSet::from([crate::model::reach::path_text(&g.path)]),
            },
        );
    }
}

/// Tag keys the model's policies read through `${aws:PrincipalTag/KEY}`.
fn referenced_tags(model: &Model) -> BTreeSet<String> {
    const VAR: &str = "${aws:PrincipalTag/";
    let mut texts: Vec<String> = Vec::new();
    for p in model
        .roles
        .iter()
        .map(|r| &r.policy)
        .chain(model.callers.iter().map(|c| &c.policy))
    {
        for st in &p.statements {
            texts.extend(st.resources.iter().map(|r| r.symbolic()));
            texts.extend(
                st.conditions
                    .iter()
                    .flat_map(|c| c.values.iter().map(|v| v.symbolic())),
            );
        }
    }
    let mut keys = BTreeSet::new();
    for t in &texts {
        let mut rest = t.as_str();
        while let Some(at) = rest.find(VAR) {
            rest = &rest[at + VAR.len()..];
            if let Some(end) = rest.find('}') {
                keys.insert(rest[..end].to_string());
            }
        }
    }
    keys
}

/// Every principal of a model with its statements: (kind, key) → (name, statements).
fn principals(model: &Model) -> BTreeMap<(&'static str, String), (String, Items)> {
    let mut out = BTreeMap::new();
    let reach: BTreeMap<(&str, String), crate::model::reach::Reach> =
        crate::model::reach::reach(model)
            .into_iter()
            .map(|r| ((r.kind, r.key.clone()), r))
            .collect();
    let add_reach_of = |items: &mut Items, kind: &'static str, key: &str| {
        if let Some(r) = reach.get(&(kind, key.to_string())) {
            add_reach(items, r);
        }
    };
    for r in &model.roles {
        let mut items = Items::new();
        add_policy(&mut items, &r.policy);
        add_reach_of(&mut items, "role", &r.key);
        insert(
            &mut items,
            Item {
                part: Part::Trust,
                sid: Some("SageMakerAssumeRole".into()),
                subject: "trust policy".into(),
                actions: BTreeSet::from(["sts:AssumeRole".to_string()]),
                resources: BTreeSet::from([r.trust.service.clone()]),
                conditions: tests(&r.trust.conditions),
                serves: r.workloads.iter().cloned().collect(),
            },
        );
        // sagerole does not model what a managed policy allows: attaching
        // one broadens, detaching it narrows.
        if !r.aws_managed.is_empty() {
            insert(
                &mut items,
                Item::held(
                    Part::ManagedPolicy,
                    "AWS managed policies".into(),
                    r.aws_managed.iter().map(|m| m.name.clone()),
                ),
            );
        }
        // `${name}` where the name_prefix is an input.
        let name = crate::spec::raw::reference::shown(&r.name);
        out.insert(("role", r.key.clone()), (name, items));
    }
    for c in &model.callers {
        let mut items = Items::new();
        add_policy(&mut items, &c.policy);
        add_reach_of(&mut items, "caller", &c.key);
        insert(
            &mut items,
            Item::held(Part::Principal, "principal".into(), [c.principal.clone()]),
        );
        out.insert(("caller", c.key.clone()), (c.principal.clone(), items));
    }
    // Studio identities run under roles that no policy names: a profile or
    // space moving to another role changes what its users may do.
    for d in &model.studio {
        let mut items = Items::new();
        let mut wire = |subject: String, role: &str| {
            insert(
                &mut items,
                Item::held(Part::Studio, subject, [format!("role {role}")]),
            );
        };
        wire("Studio domain default".into(), &d.role);
        for i in &d.identities {
            wire(format!("Studio identity {}", i.name), &i.role);
        }
        out.insert(("studio domain", d.name.clone()), (d.name.clone(), items));
    }
    // A boundary limits every role: none at all allows more than any.
    let mut items = Items::new();
    insert(
        &mut items,
        Item::held(
            Part::Boundary,
            "permissions boundary".into(),
            model.guardrails.permissions_boundary.clone(),
        ),
    );
    // Tags that policies read as ${aws:PrincipalTag/KEY}: their values are
    // part of what the policies allow.
    let referenced = referenced_tags(model);
    for (key, value) in &model.guardrails.tags {
        if referenced.contains(key) {
            insert(
                &mut items,
                // A value that is an input is shown by its name, `${env}`.
                Item::held(
                    Part::Tags,
                    format!("role tag {key}"),
                    [crate::spec::raw::reference::shown(value)],
                ),
            );
        }
    }
    out.insert(
        ("spec", "guardrails".into()),
        ("guardrails, on every role".into(), items),
    );
    out
}

fn grant_set(items: &Items) -> BTreeSet<Grant> {
    items.values().flat_map(Item::grants).collect()
}

/// The grants with the role ARN `from` (the whole resource, as
/// `Str::role_arn` builds it) replaced by `to`: what "the same access"
/// compares.
fn renamed(grants: &BTreeSet<Grant>, from: &str, to: &str) -> BTreeSet<Grant> {
    grants
        .iter()
        .map(|g| Grant {
            resource: if g.resource == from {
                to.to_string()
            } else {
                g.resource.clone()
            },
            ..g.clone()
        })
        .collect()
}

/// Whether a test of `operator` with values `a` allows every request that
/// the same test with values `b` allows.
fn values_cover(operator: &str, a: &[String], b: &[String]) -> bool {
    let wildcards = operator.contains("Like");
    // Every value of `inner` is one of `outer`'s, or matches one of its patterns.
    let within = |outer: &[String], inner: &[String]| {
        inner
            .iter()
            .all(|n| outer.iter().any(|w| w == n || (wildcards && glob(w, n))))
    };
    // A positive operator allows more with more values; a negated one
    // (`StringNotEquals`, `ArnNotLike`) with fewer: it allows what matches
    // none of them.
    if operator.contains("Not") {
        within(b, a)
    } else {
        within(a, b)
    }
}

/// Whether grant `a` allows everything grant `b` allows.
fn covers(a: &Grant, b: &Grant) -> bool {
    let boundary = a.part == Part::Boundary;
    a.part == b.part
        && glob(&a.action, &b.action)
        // No boundary ("*") allows more than any boundary; two boundaries
        // cannot be compared.
        && (if boundary { a.resource == "*" || a.resource == b.resource } else { glob(&a.resource, &b.resource) })
        && a.conditions.iter().all(|ca| {
            b.conditions.iter().any(|cb| {
                cb.operator == ca.operator
                    && cb.key == ca.key
                    && values_cover(&ca.operator, &ca.values, &cb.values)
            })
        })
}

/// Whether some grant of `side` allows everything `g` allows.
fn allows(side: &BTreeSet<Grant>, g: &Grant) -> bool {
    side.contains(g) || side.iter().any(|s| covers(s, g))
}

/// What is in `new` and not in `old`, and what is in `old` and not in `new`.
fn added_removed(old: &BTreeSet<String>, new: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    (
        new.difference(old).cloned().collect(),
        old.difference(new).cloned().collect(),
    )
}

/// A statement's conditions by (key, operator): the order a reviewer reads
/// them in, each key's tests together.
fn by_key(item: &Item) -> BTreeMap<(String, String), BTreeSet<String>> {
    item.conditions
        .iter()
        .map(|t| {
            (
                (t.key.clone(), t.operator.clone()),
                t.values.iter().cloned().collect(),
            )
        })
        .collect()
}

/// One statement's two sides compared; `old_grants` and `new_grants` are
/// all of the principal's grants on each side.
fn compare(
    old: Option<&Item>,
    new: Option<&Item>,
    old_grants: &BTreeSet<Grant>,
    new_grants: &BTreeSet<Grant>,
) -> StatementDiff {
    let this = new
        .or(old)
        .expect("a compared statement is on one side at least");
    let gains = new.is_some_and(|n| n.grants().iter().any(|g| !allows(old_grants, g)));
    let loses = old.is_some_and(|o| o.grants().iter().any(|g| !allows(new_grants, g)));
    let none = Item::held(this.part, String::new(), []);
    let (o, n) = (old.unwrap_or(&none), new.unwrap_or(&none));
    let mut changes = Vec::new();
    let (added, removed) = added_removed(&o.actions, &n.actions);
    if !added.is_empty() || !removed.is_empty() {
        changes.push(FieldChange::Actions { added, removed });
    }
    let (added, removed) = added_removed(&o.resources, &n.resources);
    if !added.is_empty() || !removed.is_empty() {
        changes.push(FieldChange::Resources { added, removed });
    }
    let (oc, nc) = (by_key(o), by_key(n));
    let keys: BTreeSet<&(String, String)> = oc.keys().chain(nc.keys()).collect();
    let empty = BTreeSet::new();
    for k in keys {
        let (was, is) = (oc.get(k), nc.get(k));
        let change = match (was, is) {
            (None, _) => ConditionChange::Added,
            (_, None) => ConditionChange::Removed,
            (Some(a), Some(b)) if a == b => continue,
            _ => ConditionChange::Values,
        };
        let (added, removed) = added_removed(was.unwrap_or(&empty), is.unwrap_or(&empty));
        changes.push(FieldChange::Condition {
            key: k.0.clone(),
            name: condition_keys::name(&k.0).to_string(),
            operator: k.1.clone(),
            change,
            added,
            removed,
        });
    }
    StatementDiff {
        part: this.part,
        sid: this.sid.clone(),
        subject: this.subject.clone(),
        presence: match (old, new) {
            (None, Some(_)) => Some(Sign::Added),
            (Some(_), None) => Some(Sign::Removed),
            _ => None,
        },
        classification: Direction::of(gains, loses),
        changes,
        actions: this.actions.iter().cloned().collect(),
        resources: this.resources.iter().cloned().collect(),
        conditions: this.conditions.clone(),
        serves: this.serves.iter().cloned().collect(),
    }
}

/// The permission-level difference from `old` to `new`; the labels name the
/// two sides (a path, or `REV:PATH`).
pub fn diff(old_label: &str, old: &Model, new_label: &str, new: &Model) -> Report {
    let (a, b) = (principals(old), principals(new));
    let grants = |side: &BTreeMap<(&'static str, String), (String, Items)>| {
        side.iter()
            .map(|(k, (_, items))| (k.clone(), grant_set(items)))
            .collect::<BTreeMap<_, _>>()
    };
    let (ga, gb) = (grants(&a), grants(&b));
    let keys: BTreeSet<&(&'static str, String)> = a.keys().chain(b.keys()).collect();
    let (no_items, no_grants) = (Items::new(), BTreeSet::new());
    let mut out = Vec::new();
    for key in keys {
        let old_items = a.get(key).map_or(&no_items, |(_, i)| i);
        let new_items = b.get(key).map_or(&no_items, |(_, i)| i);
        let (old_grants, new_grants) = (
            ga.get(key).unwrap_or(&no_grants),
            gb.get(key).unwrap_or(&no_grants),
        );
        let ids: BTreeSet<&(Part, String)> = old_items.keys().chain(new_items.keys()).collect();
        let statements: Vec<StatementDiff> = ids
            .into_iter()
            .filter_map(|id| {
                let (o, n) = (old_items.get(id), new_items.get(id));
                if let (Some(o), Some(n)) = (o, n) {
                    if o.reads_as(n) {
                        return None;
                    }
                }
                Some(compare(o, n, old_grants, new_grants))
            })
            .collect();
        if statements.is_empty() {
            continue;
        }
        let presence = match (a.contains_key(key), b.contains_key(key)) {
            (false, true) => Some(Sign::Added),
            (true, false) => Some(Sign::Removed),
            _ => None,
        };
        let name = b
            .get(key)
            .or_else(|| a.get(key))
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        // A rename: a principal of the same kind on the other side only,
        // whose grants are these with its name in place of this one's.
        let same_access_as = presence.and_then(|p| {
            let ((this, this_grants, this_model), (other, other_grants, other_model)) = match p {
                Sign::Added => ((&b, &gb, new), (&a, &ga, old)),
                Sign::Removed => ((&a, &ga, old), (&b, &gb, new)),
            };
            let arn = |m: &Model, name: &str| {
                crate::model::value::Str::role_arn(&m.guardrails.path, name).symbolic()
            };
            let this_arn = arn(this_model, &this[key].0);
            other
                .iter()
                .filter(|(k, _)| k.0 == key.0 && !this.contains_key(*k))
                .find(|(k, (other_name, _))| {
                    let other_arn = arn(other_model, other_name);
                    renamed(&this_grants[key], &this_arn, &other_arn)
                        == renamed(&other_grants[*k], &other_arn, &other_arn)
                })
                .map(|(k, _)| k.1.clone())
        });
        out.push(PrincipalDiff {
            kind: key.0,
            key: key.1.clone(),
            name,
            presence,
            same_access_as,
            statements,
        });
    }
    let mut counts = Counts::default();
    for s in out.iter().flat_map(|p| &p.statements) {
        *match s.classification {
            Direction::Broadens => &mut counts.broadens,
            Direction::Narrows => &mut counts.narrows,
            Direction::Changes => &mut counts.changes,
            Direction::Same => &mut counts.same,
        } += 1;
    }
    let any = |f: fn(Direction) -> bool| {
        out.iter()
            .flat_map(|p| &p.statements)
            .any(|s| f(s.classification))
    };
    Report {
        old: old_label.to_string(),
        new: new_label.to_string(),
        broadens: any(Direction::grants_new),
        narrows: any(Direction::loses),
        counts,
        principals: out,
    }
}

/// A resource as a reviewer reads it: an ARN in the deploying partition and
/// account without those fields, and without its region when that is every
/// region (`fraud-data/train/*`, `training-job/fraud-train*`); a region the
/// spec lists stays in front of the resource
/// (`eu-west-1:training-job/fraud-train*`), so that a change of regions
/// reads as one; any other ARN whole.
fn short(resource: &str) -> String {
    let f: Vec<&str> = resource.splitn(6, ':').collect();
    match f[..] {
        ["arn", "${Partition}", _, "" | "*", "" | "${Account}", rest] => rest.to_string(),
        ["arn", "${Partition}", _, region, "${Account}", rest] => format!("{region}:{rest}"),
        _ => resource.to_string(),
    }
}

fn shorts(resources: &[String]) -> Vec<String> {
    resources.iter().map(|r| short(r)).collect()
}

/// `old → new` for one value replaced by another, else `+ added - removed`;
/// `none` names an empty side of a part that holds one value at most.
fn list_change(added: &[String], removed: &[String], none: Option<&str>) -> String {
    match (added, removed, none) {
        ([a], [r], _) => format!("{r} → {a}"),
        ([a], [], Some(none)) => format!("{none} → {a}"),
        ([], [r], Some(none)) => format!("{r} → {none}"),
        _ => {
            let mut parts = Vec::new();
            if !added.is_empty() {
                parts.push(format!("+ {}", added.join(", ")));
            }
            if !removed.is_empty() {
                parts.push(format!("- {}", removed.join(", ")));
            }
            parts.join(" ")
        }
    }
}

/// `OPERATOR [values]`.
fn test_text(operator: &str, values: &[String]) -> String {
    format!("{operator} [{}]", values.join(", "))
}

/// A whole statement: `iam:PassRole on role/x if NAME StringEquals [v]`.
fn statement_text(s: &StatementDiff) -> String {
    let on = if s.part == Part::Trust { "by" } else { "on" };
    let mut out = format!(
        "{} {on} {}",
        s.actions.join(", "),
        shorts(&s.resources).join(", ")
    );
    for (i, t) in s.conditions.iter().enumerate() {
        out.push_str(if i == 0 { " if " } else { " and " });
        out.push_str(condition_keys::name(&t.key));
        out.push(' ');
        out.push_str(&test_text(&t.operator, &t.values));
    }
    out
}

/// What a reviewer calls the statement, with where it applies when its
/// resources did not change.
fn subject_text(s: &StatementDiff) -> String {
    let mut out = s.subject.clone();
    match s.presence {
        Some(Sign::Added) => out.push_str(" (new)"),
        Some(Sign::Removed) => out.push_str(" (removed)"),
        None => {
            let moved = s
                .changes
                .iter()
                .any(|c| matches!(c, FieldChange::Resources { .. }));
            if s.part.is_statement() && !moved {
                let on = if s.part == Part::Trust { "for" } else { "on" };
                out.push_str(&format!(" {on} {}", shorts(&s.resources).join(", ")));
            }
        }
    }
    out
}

/// One condition test that moved, as [`change_texts`] reads it.
struct Moved<'a> {
    key: &'a str,
    operator: &'a str,
    change: ConditionChange,
    added: &'a [String],
    removed: &'a [String],
}

/// What changed in the statement, one phrase per field or condition key.
fn change_texts(s: &StatementDiff) -> Vec<String> {
    if s.part.is_statement() && s.presence.is_some() {
        return vec![statement_text(s)];
    }
    let mut out = Vec::new();
    let mut moved = Vec::new();
    for c in &s.changes {
        match c {
            FieldChange::Actions { added, removed } => {
                out.push(format!("actions {}", list_change(added, removed, None)))
            }
            FieldChange::Resources { added, removed } => {
                let change = list_change(
                    &shorts(added),
                    &shorts(removed),
                    (s.part == Part::Boundary).then_some("none"),
                );
                // A statement's resources say so, unless one replaced another
                // (`fraud-data/train/* → fraud-data/*`); the subject names
                // what the others hold.
                let replaced = added.len() == 1 && removed.len() == 1;
                out.push(if s.part.is_statement() && !replaced {
                    format!("resources {change}")
                } else {
                    change
                });
            }
            FieldChange::Condition {
                key,
                operator,
                change,
                added,
                removed,
                ..
            } => moved.push(Moved {
                key,
                operator,
                change: *change,
                added,
                removed,
            }),
        }
    }
    // Each key's tests together (the changes are in key order), so that a
    // key dropped or added with its `Null` test reads as one phrase.
    for tests in moved.chunk_by(|a, b| a.key == b.key) {
        let name = condition_keys::name(tests[0].key);
        let all = |c: ConditionChange| tests.iter().all(|t| t.change == c);
        // Every test of the key with its added (or else removed) values.
        let joined = |added: bool| {
            tests
                .iter()
                .map(|t| test_text(t.operator, if added { t.added } else { t.removed }))
                .collect::<Vec<_>>()
                .join(" and ")
        };
        if all(ConditionChange::Added) {
            out.push(format!("new condition on {name}: {}", joined(true)));
        } else if all(ConditionChange::Removed) {
            out.push(format!("no condition on {name} (was {})", joined(false)));
        } else {
            for t in tests {
                out.push(match t.change {
                    ConditionChange::Added => {
                        format!(
                            "new condition on {name}: {}",
                            test_text(t.operator, t.added)
                        )
                    }
                    ConditionChange::Removed => format!(
                        "no condition on {name} (was {})",
                        test_text(t.operator, t.removed)
                    ),
                    ConditionChange::Values => {
                        format!("{name} {}", list_change(t.added, t.removed, None))
                    }
                });
            }
        }
    }
    out
}

fn heading(p: &PrincipalDiff) -> String {
    let presence = match (p.presence, &p.same_access_as) {
        (Some(Sign::Added), Some(o)) => format!(
            " (new, with the access of removed {} {o:?}: a rename)",
            p.kind
        ),
        (Some(Sign::Removed), Some(o)) => {
            format!(" (removed; new {} {o:?} has its access: a rename)", p.kind)
        }
        (Some(Sign::Added), None) => " (new)".into(),
        (Some(Sign::Removed), None) => " (removed)".into(),
        (None, _) => String::new(),
    };
    match p.kind {
        "spec" => format!("{}{presence}", p.name),
        "studio domain" => format!("Studio domain {:?}{presence}", p.key),
        kind => format!("{kind} {:?} ({}){presence}", p.key, p.name),
    }
}

fn summary(r: &Report) -> String {
    if r.is_empty() {
        return "no access changes".into();
    }
    let verdict = if r.broadens {
        "access broadens"
    } else if r.narrows {
        "access only narrows"
    } else {
        "access unchanged"
    };
    let c = r.counts;
    let mut parts = Vec::new();
    for (n, one, many) in [
        (c.broadens, "broadens", "broaden"),
        (c.narrows, "narrows", "narrow"),
        (c.changes, "changes both ways", "change both ways"),
        (c.same, "keeps the same access", "keep the same access"),
    ] {
        if n > 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    }
    let total = c.total();
    format!(
        "{verdict}: {total} statement{} changed: {}",
        if total == 1 { "" } else { "s" },
        parts.join(", ")
    )
}

/// The report for a terminal; ANSI colour when `colour` (a TTY).
pub fn text(r: &Report, colour: bool) -> String {
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = format!(
        "sagerole diff {} -> {}\n{}\n",
        r.old,
        r.new,
        paint("1", &summary(r))
    );
    for p in &r.principals {
        out.push_str(&format!("\n{}\n", paint("1", &heading(p))));
        for s in &p.statements {
            let code = match s.classification {
                Direction::Broadens | Direction::Changes => "31",
                Direction::Narrows => "32",
                Direction::Same => "2",
            };
            let class = paint(code, &format!("({})", s.classification.word()));
            let subject = subject_text(s);
            match &change_texts(s)[..] {
                [one] => out.push_str(&format!("  {subject}: {one} {class}\n")),
                many => {
                    out.push_str(&format!("  {subject} {class}:\n"));
                    for c in many {
                        out.push_str(&format!("      {c}\n"));
                    }
                }
            }
        }
    }
    out
}

/// The report as JSON, for machines.
pub fn json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("the report serializes");
    s.push('\n');
    s
}

const MARKDOWN: &str = include_str!("../templates/diff.md.tera");

/// The report as Markdown for a pull-request comment.
pub fn markdown(r: &Report) -> String {
    let mut tera = tera::Tera::default();
    tera.add_raw_template("diff.md", MARKDOWN)
        .expect("the bundled template parses");
    use crate::emit::docs::{cell, code};
    let principals: Vec<_> = r
        .principals
        .iter()
        .map(|p| {
            serde_json::json!({
                "heading": cell(&heading(p)),
                "statements": p.statements.iter().map(|s| {
                    serde_json::json!({
                        "grants_new": s.classification.grants_new(),
                        "same": s.classification == Direction::Same,
                        "classification": s.classification.word(),
                        "subject": code(&subject_text(s)),
                        "changes": change_texts(s).iter().map(|c| code(c)).collect::<Vec<_>>(),
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut cx = tera::Context::new();
    cx.insert("old", &code(&r.old));
    cx.insert("new", &code(&r.new));
    cx.insert("summary", &summary(r));
    cx.insert("broadens", &r.broadens);
    cx.insert("principals", &principals);
    tera.render("diff.md", &cx)
        .expect("the bundled template renders with this context")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(action: &str, resource: &str, conditions: &[(&str, &str, &[&str])]) -> Grant {
        Grant {
            part: Part::Permissions,
            action: action.into(),
            resource: resource.into(),
            conditions: conditions
                .iter()
                .map(|(o, k, v)| Test {
                    operator: o.to_string(),
                    key: k.to_string(),
                    values: v.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn a_wider_resource_covers_a_narrower_one_and_not_back() {
        let bucket = g("s3:GetObject", "arn:s3:::b/*", &[]);
        let prefix = g("s3:GetObject", "arn:s3:::b/train/*", &[]);
        assert!(covers(&bucket, &prefix));
        assert!(!covers(&prefix, &bucket));
    }

    #[test]
    fn a_condition_narrows_and_fewer_values_narrow() {
        let open = g("s3:ListBucket", "arn:s3:::b", &[]);
        let two = g(
            "s3:ListBucket",
            "arn:s3:::b",
            &[("StringLike", "s3:prefix", &["a/*", "b/*"])],
        );
        let one = g(
            "s3:ListBucket",
            "arn:s3:::b",
            &[("StringLike", "s3:prefix", &["a/*"])],
        );
        let deeper = g(
            "s3:ListBucket",
            "arn:s3:::b",
            &[("StringLike", "s3:prefix", &["a/x/*"])],
        );
        assert!(covers(&open, &two) && !covers(&two, &open));
        assert!(covers(&two, &one) && !covers(&one, &two));
        assert!(covers(&one, &deeper) && !covers(&deeper, &one));
        // Equality operators do not read wildcards.
        let eq = g("x:Y", "*", &[("StringEquals", "k", &["a*"])]);
        let eq2 = g("x:Y", "*", &[("StringEquals", "k", &["ab"])]);
        assert!(!covers(&eq, &eq2));
    }

    #[test]
    fn a_negated_operator_allows_more_with_fewer_values() {
        // StringNotEquals [a, b] allows what is neither a nor b: less than
        // StringNotEquals [a].
        let one = g("x:Y", "*", &[("StringNotEquals", "k", &["a"])]);
        let two = g("x:Y", "*", &[("StringNotEquals", "k", &["a", "b"])]);
        assert!(covers(&one, &two) && !covers(&two, &one));
        let like = g("x:Y", "*", &[("StringNotLike", "k", &["a*"])]);
        let exact = g("x:Y", "*", &[("StringNotLike", "k", &["ab"])]);
        assert!(covers(&exact, &like) && !covers(&like, &exact));
    }

    /// A permissions statement `sid` with `action` on `resources` under
    /// `conditions`.
    fn st(
        sid: &str,
        actions: &[&str],
        resources: &[&str],
        conditions: &[(&str, &str, &[&str])],
    ) -> Item {
        Item {
            part: Part::Permissions,
            sid: Some(sid.into()),
            subject: sid.into(),
            actions: actions.iter().map(|s| s.to_string()).collect(),
            resources: resources.iter().map(|s| s.to_string()).collect(),
            conditions: g("x:Y", "*", conditions).conditions,
            serves: BTreeSet::new(),
        }
    }

    /// The classification of a statement that goes from `old` to `new`,
    /// beside statements `kept` on both sides.
    fn class(old: Option<&Item>, new: Option<&Item>, kept: &[Item]) -> Direction {
        let side = |item: Option<&Item>| -> BTreeSet<Grant> {
            item.into_iter()
                .chain(kept)
                .flat_map(Item::grants)
                .collect()
        };
        compare(old, new, &side(old), &side(new)).classification
    }

    #[test]
    fn more_values_broaden_fewer_narrow_and_a_replaced_value_changes() {
        let sg = |v: &[&str]| {
            st(
                "Create",
                &["sagemaker:CreateTrainingJob"],
                &["arn:x:training-job/t*"],
                &[(
                    "ForAllValues:StringEquals",
                    "sagemaker:VpcSecurityGroupIds",
                    v,
                )],
            )
        };
        let (one, two, other) = (sg(&["sg-1"]), sg(&["sg-1", "sg-2"]), sg(&["sg-3"]));
        assert_eq!(class(Some(&one), Some(&two), &[]), Direction::Broadens);
        assert_eq!(class(Some(&two), Some(&one), &[]), Direction::Narrows);
        assert_eq!(class(Some(&one), Some(&other), &[]), Direction::Changes);
        // A condition dropped broadens; one added narrows.
        let open = st(
            "Create",
            &["sagemaker:CreateTrainingJob"],
            &["arn:x:training-job/t*"],
            &[],
        );
        assert_eq!(class(Some(&one), Some(&open), &[]), Direction::Broadens);
        assert_eq!(class(Some(&open), Some(&one), &[]), Direction::Narrows);
    }

    #[test]
    fn a_wider_resource_broadens_and_more_actions_broaden() {
        let read = |r: &str, actions: &[&str]| st("Read", actions, &[r], &[]);
        let (prefix, bucket) = (
            read("arn:s3:::b/train/*", &["s3:GetObject"]),
            read("arn:s3:::b/*", &["s3:GetObject"]),
        );
        assert_eq!(
            class(Some(&prefix), Some(&bucket), &[]),
            Direction::Broadens
        );
        assert_eq!(class(Some(&bucket), Some(&prefix), &[]), Direction::Narrows);
        let more = read("arn:s3:::b/train/*", &["s3:GetObject", "s3:PutObject"]);
        assert_eq!(class(Some(&prefix), Some(&more), &[]), Direction::Broadens);
        assert_eq!(class(Some(&more), Some(&prefix), &[]), Direction::Narrows);
        // A new statement broadens, a removed one narrows.
        assert_eq!(class(None, Some(&prefix), &[]), Direction::Broadens);
        assert_eq!(class(Some(&prefix), None, &[]), Direction::Narrows);
    }

    /// The actions a statement gains or loses are named, each way alone.
    #[test]
    fn actions_added_or_removed_are_reported() {
        let read = st("Read", &["s3:GetObject"], &["arn:s3:::b/*"], &[]);
        let write = st(
            "Read",
            &["s3:GetObject", "s3:PutObject"],
            &["arn:s3:::b/*"],
            &[],
        );
        let changes = |old: &Item, new: &Item| {
            let grants = |i: &Item| i.grants().into_iter().collect::<BTreeSet<_>>();
            compare(Some(old), Some(new), &grants(old), &grants(new)).changes
        };
        let put = vec!["s3:PutObject".to_string()];
        assert_eq!(
            changes(&read, &write),
            [FieldChange::Actions {
                added: put.clone(),
                removed: vec![]
            }]
        );
        assert_eq!(
            changes(&write, &read),
            [FieldChange::Actions {
                added: vec![],
                removed: put
            }]
        );
    }

    #[test]
    fn a_grant_that_another_statement_allows_keeps_the_same_access() {
        let models = st("Models", &["s3:GetObject"], &["arn:s3:::m/*"], &[]);
        let input = |r: &[&str]| st("Read", &["s3:GetObject"], r, &[]);
        assert_eq!(
            class(
                Some(&input(&["arn:s3:::d/*"])),
                Some(&input(&["arn:s3:::d/*", "arn:s3:::m/pre/*"])),
                &[models]
            ),
            Direction::Same
        );
    }

    #[test]
    fn no_boundary_allows_more_than_any_and_two_boundaries_change() {
        let b = |arn: Option<&str>| {
            Item::held(
                Part::Boundary,
                "permissions boundary".into(),
                arn.map(str::to_string),
            )
        };
        let class = |o: Item, n: Item| {
            compare(
                Some(&o),
                Some(&n),
                &o.grants().into_iter().collect(),
                &n.grants().into_iter().collect(),
            )
            .classification
        };
        assert_eq!(class(b(None), b(Some("arn:a"))), Direction::Narrows);
        assert_eq!(class(b(Some("arn:a")), b(None)), Direction::Broadens);
        assert_eq!(
            class(b(Some("arn:a")), b(Some("arn:b"))),
            Direction::Changes
        );
    }

    #[test]
    fn resources_read_without_the_deploying_partition_account_and_every_region() {
        assert_eq!(short("arn:${Partition}:s3:::b/train/*"), "b/train/*");
        assert_eq!(
            short("arn:${Partition}:sagemaker:*:${Account}:training-job/t*"),
            "training-job/t*"
        );
        assert_eq!(
            short("arn:${Partition}:iam::${Account}:role/ml/t-exec"),
            "role/ml/t-exec"
        );
        // A listed region, or another account, is part of what a reviewer
        // reads.
        assert_eq!(
            short("arn:${Partition}:sagemaker:eu-west-1:${Account}:training-job/t*"),
            "eu-west-1:training-job/t*"
        );
        let other = "arn:${Partition}:ecr:us-east-1:111122223333:repository/x";
        assert_eq!(short(other), other);
        assert_eq!(short("*"), "*");
    }

    #[test]
    fn one_value_replaced_reads_as_an_arrow() {
        let s = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list_change(&s(&["b"]), &s(&["a"]), None), "a → b");
        assert_eq!(list_change(&s(&["b", "c"]), &s(&["a"]), None), "+ b, c - a");
        assert_eq!(list_change(&s(&["b"]), &[], None), "+ b");
        assert_eq!(list_change(&s(&["b"]), &[], Some("none")), "none → b");
        assert_eq!(list_change(&[], &s(&["a"]), Some("none")), "a → none");
    }
}

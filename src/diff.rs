//! Permission-level diff between two models, for reviewers.
//!
//! Every role and caller is flattened into grants: one action on one
//! resource under one set of conditions, plus the trust policy as
//! `sts:AssumeRole` by the service, the AWS managed policies attached, and
//! the permissions boundary. A grant only in the new model is added, one only
//! in the old model removed; each is classified by whether the side it
//! moves to allows more:
//!
//! * an added grant that no old grant covers **broadens** access; one that
//!   an old, now removed grant covered is its narrower replacement and
//!   **narrows**;
//! * a removed grant that no new grant covers **narrows** access; one that a
//!   new grant covers was replaced by something broader and **broadens**;
//! * a grant that a grant of both sides covers, or that was replaced by an
//!   equivalent one, leaves access **unchanged** (the text moved).
//!
//! Grant `a` covers grant `b` when `a`'s action and resource patterns match
//! `b`'s (IAM wildcards `*` and `?`), and every condition of `a` is also on
//! `b` with values that `a`'s values cover: fewer conditions or more values
//! allow more. So widening a prefix to a whole bucket broadens, and adding
//! a condition narrows.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::{Condition, Model, Policy};

/// Which part of a principal's access a change is in.
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
}

impl Part {
    pub fn label(self) -> &'static str {
        match self {
            Part::Principal => "principal",
            Part::Trust => "trust",
            Part::PassRole => "PassRole",
            Part::Permissions => "permissions",
            Part::ManagedPolicy => "AWS managed policies",
            Part::Boundary => "permissions boundary",
            Part::Tags => "role tags read by policy variables",
            Part::Studio => "Studio identities",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Broadens,
    Narrows,
    /// A grant that another grant on both sides already allows (or an
    /// equivalent one replaced): the policy text changed, access did not.
    Unchanged,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sign {
    Added,
    Removed,
}

/// One test of a grant, rendered: `StringLike s3:prefix [train/*]`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Test {
    pub operator: String,
    pub key: String,
    pub values: Vec<String>,
}

/// One action on one resource under a set of conditions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Grant {
    part: Part,
    action: String,
    resource: String,
    conditions: Vec<Test>,
}

/// Added or removed grants of one principal and part that share a sign,
/// direction, resource and conditions: one line for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub sign: Sign,
    pub direction: Direction,
    pub part: Part,
    pub actions: Vec<String>,
    pub resource: String,
    pub conditions: Vec<Test>,
    /// The statements (Sids) the grants are in, on their side.
    pub statements: Vec<String>,
    /// The workloads those statements serve, on their side.
    pub serves: Vec<String>,
}

/// The changes of one role or caller.
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
    pub changes: Vec<Change>,
}

/// The whole diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub old: String,
    pub new: String,
    /// Whether any change broadens access.
    pub broadens: bool,
    /// Whether any change narrows access.
    pub narrows: bool,
    pub principals: Vec<PrincipalDiff>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.principals.is_empty()
    }
}

/// Where a grant came from, for the report.
#[derive(Debug, Clone, Default)]
struct Origin {
    statements: BTreeSet<String>,
    serves: BTreeSet<String>,
}

type Grants = BTreeMap<Grant, Origin>;

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

fn add_policy(out: &mut Grants, policy: &Policy) {
    for st in &policy.statements {
        let conditions = tests(&st.conditions);
        for action in &st.actions {
            let part = if action == "iam:PassRole" {
                Part::PassRole
            } else {
                Part::Permissions
            };
            for r in &st.resources {
                let origin = out
                    .entry(Grant {
                        part,
                        action: action.clone(),
                        resource: r.symbolic(),
                        conditions: conditions.clone(),
                    })
                    .or_default();
                origin.statements.insert(st.sid.clone());
                origin.serves.extend(st.why.serves.iter().cloned());
            }
        }
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

/// Every principal of a model with its grants: (kind, key) → (name, grants).
fn principals(model: &Model) -> BTreeMap<(&'static str, String), (String, Grants)> {
    let mut out = BTreeMap::new();
    for r in &model.roles {
        let mut g = Grants::new();
        add_policy(&mut g, &r.policy);
        g.insert(
            Grant {
                part: Part::Trust,
                action: "sts:AssumeRole".into(),
                resource: format!("service:{}", r.trust.service),
                conditions: tests(&r.trust.conditions),
            },
            Origin {
                statements: BTreeSet::from(["SageMakerAssumeRole".to_string()]),
                serves: r.workloads.iter().cloned().collect(),
            },
        );
        for m in &r.aws_managed {
            g.insert(
                Grant {
                    part: Part::ManagedPolicy,
                    action: format!("attach:{}", m.name),
                    resource: "*".into(),
                    conditions: vec![],
                },
                Origin::default(),
            );
        }
        out.insert(("role", r.key.clone()), (r.name.clone(), g));
    }
    for c in &model.callers {
        let mut g = Grants::new();
        add_policy(&mut g, &c.policy);
        g.insert(
            Grant {
                part: Part::Principal,
                action: "is".into(),
                resource: c.principal.clone(),
                conditions: vec![],
            },
            Origin::default(),
        );
        out.insert(("caller", c.key.clone()), (c.principal.clone(), g));
    }
    // Studio identities run under roles that no policy names: a profile or
    // space moving to another role changes what its users may do.
    for d in &model.studio {
        let mut g = Grants::new();
        let mut wire = |who: &str, role: &str| {
            g.insert(
                Grant {
                    part: Part::Studio,
                    action: who.to_string(),
                    resource: format!("role {role}"),
                    conditions: vec![],
                },
                Origin::default(),
            );
        };
        wire("(domain default)", &d.role);
        for i in &d.identities {
            wire(&i.name, &i.role);
        }
        out.insert(("studio domain", d.name.clone()), (d.name.clone(), g));
    }
    // A boundary limits every role: none at all allows more than any.
    let mut g = Grants::new();
    g.insert(
        Grant {
            part: Part::Boundary,
            action: "bounded-by".into(),
            resource: model
                .guardrails
                .permissions_boundary
                .clone()
                .unwrap_or_else(|| "*".into()),
            conditions: vec![],
        },
        Origin::default(),
    );
    // Tags that policies read as ${aws:PrincipalTag/KEY}: their values are
    // part of what the policies allow.
    let referenced = referenced_tags(model);
    for (key, value) in &model.guardrails.tags {
        if referenced.contains(key) {
            g.insert(
                Grant {
                    part: Part::Tags,
                    action: format!("tag {key}"),
                    resource: value.clone(),
                    conditions: vec![],
                },
                Origin::default(),
            );
        }
    }
    out.insert(
        ("spec", "guardrails".into()),
        ("guardrails, on every role".into(), g),
    );
    out
}

/// The grants with the role ARN `from` (the whole resource, as
/// `Str::role_arn` builds it) replaced by `to`, origins left out: what
/// "the same access" compares.
fn renamed(grants: &Grants, from: &str, to: &str) -> BTreeSet<Grant> {
    grants
        .keys()
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

/// IAM wildcard match of `pattern` against `text` taken literally: `*` is
/// any run of characters, `?` any one.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // Iterative matcher with backtracking to the last `*`.
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// Whether condition value patterns `wide` allow every value `narrow` allows.
fn values_cover(operator: &str, wide: &[String], narrow: &[String]) -> bool {
    let wildcards = operator.contains("Like");
    narrow
        .iter()
        .all(|n| wide.iter().any(|w| w == n || (wildcards && glob(w, n))))
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

/// How a grant that one side lacks moves access. `kept` are the grants on
/// both sides, `other` those only on the other side; `added` says which
/// side `g` is on.
fn direction(g: &Grant, kept: &[&Grant], other: &[&Grant], added: bool) -> Direction {
    // Still (or already) allowed by a grant both sides have: no change.
    if kept.iter().any(|k| covers(k, g)) {
        return Direction::Unchanged;
    }
    // The other side's grants that cover this one; an equivalent grant
    // (each covers the other) is no change either.
    let covering: Vec<&&Grant> = other.iter().filter(|o| covers(o, g)).collect();
    if covering.iter().any(|o| covers(g, o)) {
        Direction::Unchanged
    } else if covering.is_empty() == added {
        // Added and uncovered, or removed and replaced by something broader.
        Direction::Broadens
    } else {
        Direction::Narrows
    }
}

fn classify(old: &Grants, new: &Grants) -> Vec<(Sign, Direction, Grant, Origin)> {
    let kept: Vec<&Grant> = old.keys().filter(|g| new.contains_key(*g)).collect();
    let added: Vec<&Grant> = new.keys().filter(|g| !old.contains_key(*g)).collect();
    let removed: Vec<&Grant> = old.keys().filter(|g| !new.contains_key(*g)).collect();
    let mut out = Vec::new();
    for g in &added {
        let d = direction(g, &kept, &removed, true);
        out.push((Sign::Added, d, (*g).clone(), new[*g].clone()));
    }
    for g in &removed {
        let d = direction(g, &kept, &added, false);
        out.push((Sign::Removed, d, (*g).clone(), old[*g].clone()));
    }
    out
}

/// Groups classified grants into reviewer lines: one per sign, direction,
/// part, resource and conditions, with the actions together.
fn group(items: Vec<(Sign, Direction, Grant, Origin)>) -> Vec<Change> {
    type Key = (Part, String, Vec<Test>, Sign, Direction);
    let mut groups: BTreeMap<Key, (BTreeSet<String>, Origin)> = BTreeMap::new();
    for (sign, direction, g, origin) in items {
        let e = groups
            .entry((g.part, g.resource, g.conditions, sign, direction))
            .or_default();
        e.0.insert(g.action);
        e.1.statements.extend(origin.statements);
        e.1.serves.extend(origin.serves);
    }
    groups
        .into_iter()
        .map(
            |((part, resource, conditions, sign, direction), (actions, origin))| Change {
                sign,
                direction,
                part,
                actions: actions.into_iter().collect(),
                resource,
                conditions,
                statements: origin.statements.into_iter().collect(),
                serves: origin.serves.into_iter().collect(),
            },
        )
        .collect()
}

/// The permission-level difference from `old` to `new`; the labels name the
/// two sides (a path, or `REV:PATH`).
pub fn diff(old_label: &str, old: &Model, new_label: &str, new: &Model) -> Report {
    let (a, b) = (principals(old), principals(new));
    let keys: BTreeSet<&(&'static str, String)> = a.keys().chain(b.keys()).collect();
    let empty = Grants::new();
    let mut out = Vec::new();
    for key in keys {
        let (old_grants, new_grants) = (
            a.get(key).map_or(&empty, |(_, g)| g),
            b.get(key).map_or(&empty, |(_, g)| g),
        );
        let changes = group(classify(old_grants, new_grants));
        if changes.is_empty() {
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
            let ((this, this_model), (other, other_model)) = match p {
                Sign::Added => ((&b, new), (&a, old)),
                Sign::Removed => ((&a, old), (&b, new)),
            };
            let arn = |m: &Model, name: &str| {
                crate::model::value::Str::role_arn(&m.guardrails.path, name).symbolic()
            };
            let (this_name, grants) = &this[key];
            let this_arn = arn(this_model, this_name);
            other
                .iter()
                .filter(|(k, _)| k.0 == key.0 && !this.contains_key(*k))
                .find(|(_, (other_name, other_grants))| {
                    let other_arn = arn(other_model, other_name);
                    renamed(grants, &this_arn, &other_arn)
                        == renamed(other_grants, &other_arn, &other_arn)
                })
                .map(|(k, _)| k.1.clone())
        });
        out.push(PrincipalDiff {
            kind: key.0,
            key: key.1.clone(),
            name,
            presence,
            same_access_as,
            changes,
        });
    }
    let any = |d: Direction| {
        out.iter()
            .flat_map(|p| &p.changes)
            .any(|c| c.direction == d)
    };
    Report {
        old: old_label.to_string(),
        new: new_label.to_string(),
        broadens: any(Direction::Broadens),
        narrows: any(Direction::Narrows),
        principals: out,
    }
}

/// How a change reads: its sign, direction and what moved.
fn describe(c: &Change) -> (String, String) {
    let sign = match c.sign {
        Sign::Added => "+",
        Sign::Removed => "-",
    };
    let what = match c.part {
        Part::Trust => format!(
            "{} by {}",
            c.actions.join(", "),
            c.resource.trim_start_matches("service:")
        ),
        Part::ManagedPolicy => c
            .actions
            .iter()
            .map(|a| a.trim_start_matches("attach:").to_string())
            .collect::<Vec<_>>()
            .join(", "),
        Part::Principal => c.resource.clone(),
        Part::Tags => format!("{} = {}", c.actions.join(", "), c.resource),
        Part::Studio => format!("{} run as {}", c.actions.join(", "), c.resource),
        Part::Boundary if c.resource == "*" => "no permissions boundary".into(),
        Part::Boundary => c.resource.clone(),
        Part::PassRole | Part::Permissions => format!("{} on {}", c.actions.join(", "), c.resource),
    };
    (sign.to_string(), what)
}

fn condition_text(t: &Test) -> String {
    format!("{} {} [{}]", t.operator, t.key, t.values.join(", "))
}

fn origin_text(c: &Change) -> Option<String> {
    let mut parts = Vec::new();
    match (c.sign, c.direction) {
        (Sign::Removed, Direction::Broadens) => parts.push("replaced by a broader grant".into()),
        (Sign::Added, Direction::Narrows) => parts.push("replaces a broader grant".into()),
        (Sign::Added, Direction::Unchanged) => {
            parts.push("already allowed by another grant".into())
        }
        (Sign::Removed, Direction::Unchanged) => {
            parts.push("still allowed by another grant".into())
        }
        _ => {}
    }
    if !c.statements.is_empty() {
        parts.push(format!("statement {}", c.statements.join(", ")));
    }
    if !c.serves.is_empty() {
        parts.push(format!("serves {}", c.serves.join(", ")));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Broadens => "broadens",
        Direction::Narrows => "narrows",
        Direction::Unchanged => "same",
    }
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
    let count = |d: Direction| {
        r.principals
            .iter()
            .flat_map(|p| &p.changes)
            .filter(|c| c.direction == d)
            .count()
    };
    if r.is_empty() {
        return "no access changes".into();
    }
    let verdict = if r.broadens {
        "access broadens"
    } else {
        "access only narrows"
    };
    let n = |d: Direction, verb: &str| match count(d) {
        1 => format!("1 change {verb}s"),
        k => format!("{k} changes {verb}"),
    };
    format!(
        "{verdict}: {}, {}",
        n(Direction::Broadens, "broaden"),
        n(Direction::Narrows, "narrow")
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
        let mut part = None;
        for c in &p.changes {
            if part != Some(c.part) {
                part = Some(c.part);
                out.push_str(&format!("  {}\n", c.part.label()));
            }
            let (sign, what) = describe(c);
            let code = match c.direction {
                Direction::Broadens => "31",
                Direction::Narrows => "32",
                Direction::Unchanged => "2",
            };
            out.push_str(&format!(
                "    {} {}  {what}\n",
                paint(code, &sign),
                paint(code, &format!("{:8}", direction_text(c.direction)))
            ));
            for t in &c.conditions {
                out.push_str(&format!("                if {}\n", condition_text(t)));
            }
            if let Some(o) = origin_text(c) {
                out.push_str(&format!("                {o}\n"));
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
                "changes": p.changes.iter().map(|c| {
                    let (sign, what) = describe(c);
                    serde_json::json!({
                        "sign": sign,
                        "direction": direction_text(c.direction),
                        "broadens": c.direction == Direction::Broadens,
                        "part": c.part.label(),
                        "what": code(&what),
                        "conditions": c.conditions.iter().map(|t| code(&condition_text(t))).collect::<Vec<_>>(),
                        "origin": origin_text(c).map(|o| cell(&o)),
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
    fn globs_follow_iam_wildcards() {
        assert!(glob("arn:s3:::b/*", "arn:s3:::b/train/*"));
        assert!(glob("*", ""));
        assert!(glob("a?c", "abc"));
        assert!(!glob("arn:s3:::b/train/*", "arn:s3:::b/*"));
        assert!(glob("s3:Get*", "s3:GetObject"));
        assert!(!glob("abc", "abcd"));
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
    fn replacement_by_a_wider_grant_broadens_on_both_lines() {
        let old = Grants::from([(
            g("s3:GetObject", "arn:s3:::b/train/*", &[]),
            Origin::default(),
        )]);
        let new = Grants::from([(g("s3:GetObject", "arn:s3:::b/*", &[]), Origin::default())]);
        let c = classify(&old, &new);
        assert_eq!(c.len(), 2);
        assert!(c.iter().all(|(_, d, _, _)| *d == Direction::Broadens));
        let back = classify(&new, &old);
        assert!(back.iter().all(|(_, d, _, _)| *d == Direction::Narrows));
    }
}

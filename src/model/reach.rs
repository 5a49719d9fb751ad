//! Reach: everything a role or caller may do, directly or by acting as
//! another role.
//!
//! Launching a workload is acting as its role: no condition key limits a
//! training job's image or entry point (Service Authorization Reference,
//! Amazon SageMaker AI, CreateTrainingJob: its keys pin the network, KMS
//! keys, instance types, file systems, run time and tags, never the code;
//! AWS's framework containers run whatever script the request names), so
//! whoever may launch a job under a role may run any code with that role's
//! access. A principal's
//! reach is the transitive closure over that: its own statements, and every
//! statement of every role it may act as, through the workloads it launches
//! (`launches`) and the roles it may pass (`iam:PassRole`), each with the
//! path that gives it.
//!
//! The closure is computed from the model's policies, so every statement
//! counts, whichever part of sagerole (or of the spec) wrote it. `explain
//! --reach` shows it, `diff` compares it, and [`super::warnings`] warns when
//! a launcher reaches data through a shared role that it does not hold.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use serde::Serialize;

use super::value::Str;
use super::wildcard::glob;
use super::{Model, Policy, Role, Statement};

/// One hop of a path: acting as `role`, by launching `launches` (a workload
/// that runs under it), or, when `launches` is `None`, by passing the role
/// to any workload the principal launches (a create call does not say
/// which of the roles passed it takes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Step {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launches: Option<String>,
    /// The role's key in the spec.
    pub role: String,
    /// The IAM role name.
    pub role_name: String,
}

/// A statement a principal reaches, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    /// The hops from the principal to the role that holds the statement;
    /// empty when the principal holds it itself.
    pub path: Vec<Step>,
    pub statement: Arc<Statement>,
    /// The statement's resources that no workload launched into its role
    /// on any path needs: the role holds them for its other workloads (or
    /// was reached by passing it alone). Empty for the principal's own.
    pub unneeded: Vec<Str>,
}

/// `launches rank → role recs-jobs → ...`: a path for people.
pub fn path_text(path: &[Step]) -> String {
    path.iter()
        .map(|s| match &s.launches {
            Some(w) => format!("launches {w} → role {}", s.role_name),
            None => format!("passes role {}", s.role_name),
        })
        .collect::<Vec<_>>()
        .join(" → ")
}

/// Everything a principal reaches.
#[derive(Debug, Clone, PartialEq)]
pub struct Reach {
    /// `role` or `caller`.
    pub kind: &'static str,
    /// The spec's name.
    pub key: String,
    /// The IAM role name, or the caller's principal.
    pub name: String,
    /// Its own statements first, then those of the roles it acts as, in
    /// the order the closure finds them (shortest paths first).
    pub grants: Vec<Reached>,
    /// AWS managed policies of the roles it acts as (or holds), with a
    /// path each.
    pub managed: Vec<(Vec<Step>, String)>,
}

/// What a principal starts from: its policy and what it launches.
struct Start<'m> {
    policy: &'m Policy,
    launches: &'m [String],
    /// The role itself, for a role: acting as it again adds nothing.
    own_role: Option<&'m str>,
}

/// The roles whose ARNs a policy's `iam:PassRole` statements name (or
/// match, for a wildcard).
fn passed_roles<'m>(model: &'m Model, policy: &Policy) -> Vec<&'m Role> {
    let arns: Vec<String> = policy
        .statements
        .iter()
        .filter(|s| s.actions.iter().any(|a| glob(a, "iam:PassRole")))
        .flat_map(|s| s.resources.iter().map(Str::symbolic))
        .collect();
    model
        .roles
        .iter()
        .filter(|r| {
            let arn = Str::role_arn(&model.guardrails.path, &r.name).symbolic();
            arns.iter().any(|a| glob(a, &arn))
        })
        .collect()
}

/// The role a workload runs under.
fn role_of<'m>(model: &'m Model, workload: &str) -> Option<&'m Role> {
    model
        .roles
        .iter()
        .find(|r| r.workloads.iter().any(|w| w == workload))
}

/// The roles a principal may act as directly: (how, role).
fn hops<'m>(model: &'m Model, start: &Start<'m>) -> Vec<(Option<String>, &'m Role)> {
    let mut out: Vec<(Option<String>, &Role)> = Vec::new();
    for w in start.launches {
        if let Some(r) = role_of(model, w) {
            out.push((Some(w.clone()), r));
        }
    }
    // A create call does not bind a role: what it passes may go to any
    // workload it launches, so a role passed but not run by a launched
    // workload is reached too, as long as anything is launched.
    if !start.launches.is_empty() {
        for r in passed_roles(model, start.policy) {
            if !out.iter().any(|(_, o)| o.key == r.key) {
                out.push((None, r));
            }
        }
    }
    out.retain(|(_, r)| Some(r.key.as_str()) != start.own_role);
    out
}

fn start_of(role: &Role) -> Start<'_> {
    Start {
        policy: &role.policy,
        launches: &role.launches,
        own_role: Some(&role.key),
    }
}

/// The reach of one principal.
fn closure(model: &Model, kind: &'static str, key: &str, name: &str, start: Start<'_>) -> Reach {
    let own = start.own_role.map(str::to_string);
    // Breadth first over (role, the workload launched into it), so that
    // each is reached by a shortest path; a role reached through several
    // launched workloads keeps each, as its statements serve different ones.
    let mut paths: Vec<(Vec<Step>, &Role)> = Vec::new();
    let mut seen: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    let mut queue: VecDeque<(Vec<Step>, &Role)> = VecDeque::new();
    for (launches, role) in hops(model, &start) {
        if seen.insert((role.key.clone(), launches.clone())) {
            let step = Step {
                launches,
                role: role.key.clone(),
                role_name: role.name.clone(),
            };
            queue.push_back((vec![step], role));
        }
    }
    while let Some((path, role)) = queue.pop_front() {
        for (launches, next) in hops(model, &start_of(role)) {
            if own.as_deref() == Some(next.key.as_str()) {
                continue;
            }
            if seen.insert((next.key.clone(), launches.clone())) {
                let mut longer = path.clone();
                longer.push(Step {
                    launches,
                    role: next.key.clone(),
                    role_name: next.name.clone(),
                });
                queue.push_back((longer, next));
            }
        }
        paths.push((path, role));
    }
    let mut grants: Vec<Reached> = start
        .policy
        .statements
        .iter()
        .map(|s| Reached {
            path: Vec::new(),
            statement: Arc::clone(s),
            unneeded: Vec::new(),
        })
        .collect();
    let mut managed = Vec::new();
    if let Some(r) = own
        .as_deref()
        .and_then(|k| model.roles.iter().find(|r| r.key == k))
    {
        managed.extend(r.aws_managed.iter().map(|m| (Vec::new(), m.name.clone())));
    }
    // Each statement of a reached role once: by a path whose last hop
    // launches a workload it serves when there is one, else the shortest.
    let mut by_role: BTreeMap<&str, Vec<&Vec<Step>>> = BTreeMap::new();
    let mut order: Vec<&Role> = Vec::new();
    for (path, role) in &paths {
        let entry = by_role.entry(role.key.as_str()).or_default();
        if entry.is_empty() {
            order.push(role);
        }
        entry.push(path);
    }
    for role in order {
        let role_paths = &by_role[role.key.as_str()];
        // The workloads launched into the role, one per path.
        let launched: Vec<Option<&String>> = role_paths
            .iter()
            .map(|p| p.last().and_then(|step| step.launches.as_ref()))
            .collect();
        // A Studio identity in the role (the domain, a profile that
        // inherits its role, a space) has no grants of its own: its users
        // work with everything the role holds, by design.
        let identity = |w: &String| {
            model.studio.iter().any(|d| {
                d.role == role.key
                    && (d.name == *w
                        || d.identities
                            .iter()
                            .any(|i| i.name == *w && i.role == role.key))
            })
        };
        for s in &role.policy.statements {
            let needs = |w: Option<&String>, r: &Str| {
                w.is_some_and(|w| identity(w) || s.why.serves_of(r).contains(w))
            };
            let unneeded: Vec<Str> = s
                .resources
                .iter()
                .filter(|r| !launched.iter().any(|w| needs(*w, r)))
                .cloned()
                .collect();
            // The path launching what needs most of the statement (the
            // shortest among equals).
            let covered = |w: Option<&String>| s.resources.iter().filter(|r| needs(w, r)).count();
            let at = (0..launched.len())
                .min_by_key(|i| (std::cmp::Reverse(covered(launched[*i])), *i))
                .unwrap_or(0);
            grants.push(Reached {
                path: role_paths[at].clone(),
                statement: Arc::clone(s),
                unneeded,
            });
        }
        for m in &role.aws_managed {
            managed.push((role_paths[0].clone(), m.name.clone()));
        }
    }
    Reach {
        kind,
        key: key.to_string(),
        name: name.to_string(),
        grants,
        managed,
    }
}

/// The reach of every role and caller: roles first, then callers, each
/// sorted by key as the model holds them.
pub fn reach(model: &Model) -> Vec<Reach> {
    let roles = model
        .roles
        .iter()
        .map(|r| closure(model, "role", &r.key, &r.name, start_of(r)));
    let callers = model.callers.iter().map(|c| {
        let start = Start {
            policy: &c.policy,
            launches: &c.launches,
            own_role: None,
        };
        closure(model, "caller", &c.key, &c.principal, start)
    });
    roles.chain(callers).collect()
}

/// Whether `policy` allows on its own everything `s` allows: every action
/// on every resource of `s`, by a statement whose conditions are all on `s`
/// too (fewer conditions allow more). Conservative: a statement that allows
/// as much under other conditions does not count.
pub fn holds(policy: &Policy, s: &Statement) -> bool {
    s.actions.iter().all(|action| {
        s.resources.iter().all(|resource| {
            let resource = resource.symbolic();
            policy.statements.iter().any(|own| {
                own.actions.iter().any(|a| glob(a, action))
                    && own.resources.iter().any(|r| glob(&r.symbolic(), &resource))
                    && own.conditions.iter().all(|c| s.conditions.contains(c))
            })
        })
    })
}

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
// Role names start with the name_prefix, which may be an input: matched
// and reported as the statements read it, `${name}`.
use super::wildcard::glob;
use super::{Model, Policy, Role, Statement};
use crate::spec::raw::reference::shown;

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

/// The model's roles by what finds them: their ARNs (as PassRole
/// statements name them) and the workloads that run under them. Built once,
/// so that reach stays linear in the number of roles.
struct Graph<'m> {
    model: &'m Model,
    by_arn: BTreeMap<String, &'m Role>,
    by_workload: BTreeMap<&'m str, &'m Role>,
    /// Each key's first role: a role's own managed policies are found
    /// here, not by a search of every role for each principal (half a
    /// million comparisons of keys at 10,000 workloads).
    by_key: BTreeMap<&'m str, &'m Role>,
}

impl<'m> Graph<'m> {
    fn new(model: &'m Model) -> Self {
        let path = &model.guardrails.path;
        Graph {
            model,
            by_arn: model
                .roles
                .iter()
                .map(|r| (shown(&Str::role_arn(path, &r.name).symbolic()), r))
                .collect(),
            by_workload: model
                .roles
                .iter()
                .flat_map(|r| r.workloads.iter().map(move |w| (w.as_str(), r)))
                .collect(),
            by_key: {
                let mut by_key = BTreeMap::new();
                for r in &model.roles {
                    by_key.entry(r.key.as_str()).or_insert(r);
                }
                by_key
            },
        }
    }

    /// The roles whose ARNs a policy's `iam:PassRole` statements name (or
    /// match, for a wildcard).
    fn passed_roles(&self, policy: &Policy) -> Vec<&'m Role> {
        let mut out: Vec<&Role> = Vec::new();
        let arns = policy
            .statements
            .iter()
            .filter(|s| s.actions.iter().any(|a| glob(a, "iam:PassRole")))
            .flat_map(|s| s.resources.iter().map(Str::symbolic));
        for arn in arns {
            if arn.contains(['*', '?']) {
                out.extend(
                    self.by_arn
                        .iter()
                        .filter(|(a, _)| glob(&arn, a))
                        .map(|(_, r)| *r),
                );
            } else if let Some(r) = self.by_arn.get(&arn) {
                out.push(r);
            }
        }
        out.sort_by(|a, b| a.key.cmp(&b.key));
        out.dedup_by(|a, b| a.key == b.key);
        out
    }

    /// Whether a role passed to the create call of `workload` can run it:
    /// the call takes a role, and the role's trust lets SageMaker assume it
    /// for what the call creates ([`Model::role_sources`]): its
    /// `aws:SourceArn` patterns match that resource, or it has none narrower
    /// than the account, or AWS documents no `aws:SourceArn` for it.
    pub(super) fn admits(&self, role: &Role, workload: &str) -> bool {
        match self.model.role_sources.get(workload) {
            None => false,
            Some(None) => true,
            Some(Some(resource)) => source_patterns(role)
                .is_none_or(|patterns| patterns.iter().any(|p| glob(p, resource))),
        }
    }

    /// The roles a principal may act as directly: (how, role).
    fn hops(&self, start: &Start<'m>) -> Vec<(Option<String>, &'m Role)> {
        let mut out: Vec<(Option<String>, &Role)> = Vec::new();
        for w in start.launches {
            if let Some(r) = self.by_workload.get(w.as_str()) {
                out.push((Some(w.clone()), r));
            }
        }
        // A create call does not bind a role: what it passes may go to any
        // workload it launches whose create call takes a role, so a role
        // passed but not run by a launched workload is reached too, unless
        // its trust keeps SageMaker from assuming it for every such
        // workload ([`Graph::admits`]).
        for r in self.passed_roles(start.policy) {
            if !out.iter().any(|(_, o)| o.key == r.key)
                && start.launches.iter().any(|w| self.admits(r, w))
            {
                out.push((None, r));
            }
        }
        out.retain(|(_, r)| Some(r.key.as_str()) != start.own_role);
        out
    }
}

/// The resources (the part of an ARN after the account) whose `aws:SourceArn`
/// a role's trust admits, or `None` when it admits any resource of the
/// account (account-wide, `aws:SourceAccount` alone, or no conditions).
fn source_patterns(role: &Role) -> Option<Vec<String>> {
    let values = role
        .trust
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceArn")?
        .values
        .iter()
        .map(|v| {
            v.symbolic()
                .splitn(6, ':')
                .nth(5)
                .unwrap_or("*")
                .to_string()
        })
        .collect::<Vec<_>>();
    (!values.iter().any(|v| v == "*")).then_some(values)
}

/// A principal whose create calls cannot tell apart roles it passes.
#[derive(Debug, Clone, PartialEq)]
pub struct Indistinct {
    /// `role` or `caller`.
    pub kind: &'static str,
    pub key: String,
    /// Each launched workload with the IAM names of the roles it may run under.
    pub calls: Vec<(String, Vec<String>)>,
}

/// For each principal that passes roles, the workloads it launches whose
/// create call more than one of those roles can run (their trust admits
/// it, [`Graph::admits`]): such a call cannot tell the roles apart, so the
/// principal may create that workload under any of them.
pub fn indistinct_roles(model: &Model) -> Vec<Indistinct> {
    let graph = Graph::new(model);
    let principals = model
        .callers
        .iter()
        .map(|c| ("caller", &c.key, &c.policy, &c.launches))
        .chain(
            model
                .roles
                .iter()
                .map(|r| ("role", &r.key, &r.policy, &r.launches)),
        );
    let mut out = Vec::new();
    for (kind, key, policy, launches) in principals {
        // A principal that launches nothing makes no create call to pass
        // a role to: its policy is not searched for roles.
        if launches.is_empty() {
            continue;
        }
        let passed = graph.passed_roles(policy);
        if passed.len() < 2 {
            continue;
        }
        let shared: Vec<(String, Vec<String>)> = launches
            .iter()
            .filter_map(|w| {
                let roles: Vec<String> = passed
                    .iter()
                    .filter(|r| graph.admits(r, w))
                    .map(|r| shown(&r.name))
                    .collect();
                (roles.len() > 1).then(|| (w.clone(), roles))
            })
            .collect();
        if !shared.is_empty() {
            out.push(Indistinct {
                kind,
                key: key.clone(),
                calls: shared,
            });
        }
    }
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
fn closure<'m>(
    graph: &Graph<'m>,
    kind: &'static str,
    key: &str,
    name: &str,
    start: Start<'m>,
) -> Reach {
    let model = graph.model;
    let own = start.own_role.map(str::to_string);
    // Breadth first over (role, the workload launched into it), so that
    // each is reached by a shortest path; a role reached through several
    // launched workloads keeps each, as its statements serve different ones.
    let mut paths: Vec<(Vec<Step>, &Role)> = Vec::new();
    let mut seen: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    let mut queue: VecDeque<(Vec<Step>, &Role)> = VecDeque::new();
    for (launches, role) in graph.hops(&start) {
        if seen.insert((role.key.clone(), launches.clone())) {
            let step = Step {
                launches,
                role: role.key.clone(),
                role_name: shown(&role.name),
            };
            queue.push_back((vec![step], role));
        }
    }
    // A role's hops are the same on every path that reaches it (a caller
    // launching ten workloads of one role reaches it ten times): found once.
    let mut role_hops: BTreeMap<&str, Vec<(Option<String>, &Role)>> = BTreeMap::new();
    while let Some((path, role)) = queue.pop_front() {
        let hops = role_hops
            .entry(role.key.as_str())
            .or_insert_with(|| graph.hops(&start_of(role)));
        for (launches, next) in hops.iter() {
            if own.as_deref() == Some(next.key.as_str()) {
                continue;
            }
            if seen.insert((next.key.clone(), launches.clone())) {
                let mut longer = path.clone();
                longer.push(Step {
                    launches: launches.clone(),
                    role: next.key.clone(),
                    role_name: shown(&next.name),
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
    if let Some(r) = own.as_deref().and_then(|k| graph.by_key.get(k)) {
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
        // A path needs a resource when it launches an identity, or a
        // workload the resource serves. The paths by what they launch, so
        // that each resource finds the paths that need it from its own
        // workloads instead of asking every path.
        let identities: Vec<usize> = (0..launched.len())
            .filter(|&i| launched[i].is_some_and(identity))
            .collect();
        let mut by_launch: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, w) in launched.iter().enumerate() {
            if let Some(w) = w {
                by_launch.entry(w.as_str()).or_default().push(i);
            }
        }
        let mut needers: Vec<usize> = Vec::new();
        for s in &role.policy.statements {
            // Per path, how many of the statement's resources it needs;
            // the resources no path needs.
            let mut covered = vec![0usize; launched.len()];
            let mut unneeded: Vec<Str> = Vec::new();
            for (r, resource) in s.resources.iter().enumerate() {
                needers.clear();
                needers.extend(&identities);
                for w in s.why.serves_of(r) {
                    needers.extend(by_launch.get(&**w).into_iter().flatten());
                }
                needers.sort_unstable();
                needers.dedup();
                if needers.is_empty() {
                    unneeded.push(resource.clone());
                }
                for &i in &needers {
                    covered[i] += 1;
                }
            }
            // The path launching what needs most of the statement (the
            // shortest among equals).
            let at = (0..launched.len())
                .min_by_key(|i| (std::cmp::Reverse(covered[*i]), *i))
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
        name: shown(name),
        grants,
        managed,
    }
}

/// The reach of every role and caller: roles first, then callers, each
/// sorted by key as the model holds them.
pub fn reach(model: &Model) -> Vec<Reach> {
    reach_of(model, |_| true)
}

/// [`reach`] of the roles and callers that launch workloads, in the same
/// order. A principal that launches nothing acts as no other role (what
/// it passes reaches no role without a launch, [`Graph::hops`]), so its
/// reach is its own statements and managed policies, and reaches no data
/// on another's behalf: the shared-role warning needs only these (at
/// 10,000 workloads, the 1,000 roles of the benchmark's spec launch
/// nothing).
pub fn reach_of_launchers(model: &Model) -> Vec<Reach> {
    reach_of(model, |launches| !launches.is_empty())
}

/// The reach of the roles and callers whose `launches` pass `keep`.
fn reach_of(model: &Model, keep: impl Fn(&[String]) -> bool) -> Vec<Reach> {
    let graph = Graph::new(model);
    let roles = model
        .roles
        .iter()
        .filter(|r| keep(&r.launches))
        .map(|r| closure(&graph, "role", &r.key, &r.name, start_of(r)));
    let callers = model.callers.iter().filter(|c| keep(&c.launches)).map(|c| {
        let start = Start {
            policy: &c.policy,
            launches: &c.launches,
            own_role: None,
        };
        closure(&graph, "caller", &c.key, &c.principal, start)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Source;

    /// Two pipelines, each launching the other role's job: a cycle.
    const CYCLE: &str = r#"
name_prefix = "cyc"
workload "a-job" {
  api     = "CreateTrainingJob"
  outputs = ["s3://cyc-out/a/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/img-a:1"]
}
workload "b-job" {
  api     = "CreateTrainingJob"
  outputs = ["s3://cyc-out/b/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/img-b:1"]
}
workload "a-pipe" {
  api      = "CreatePipeline"
  launches = ["b-job"]
}
workload "b-pipe" {
  api      = "CreatePipeline"
  launches = ["a-job"]
}
role "a" { workloads = ["a-job", "a-pipe"] }
role "b" { workloads = ["b-job", "b-pipe"] }
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["a"]
  launches  = ["a-job"]
}
caller "wide" {
  principal = "arn:aws:iam::111122223333:role/wide"
  passes    = ["a", "b"]
  launches  = ["a-job"]
}
"#;

    fn of<'a>(all: &'a [Reach], kind: &str, key: &str) -> &'a Reach {
        all.iter().find(|r| r.kind == kind && r.key == key).unwrap()
    }

    fn writes<'a>(r: &'a Reach, prefix: &str) -> Vec<&'a Reached> {
        r.grants
            .iter()
            .filter(|g| g.statement.actions.iter().any(|a| a == "s3:PutObject"))
            .filter(|g| {
                g.statement
                    .resources
                    .iter()
                    .any(|x| x.symbolic().ends_with(prefix))
            })
            .collect()
    }

    #[test]
    fn a_cycle_of_launches_ends_and_every_role_is_reached_once_by_a_shortest_path() {
        let model = crate::load(&Source::new("cycle.hcl", CYCLE)).unwrap();
        let all = reach(&model);
        // Role a reaches b through b-job, and not itself again.
        let a = of(&all, "role", "a");
        let b_out = writes(a, "cyc-out/b/*");
        assert_eq!(b_out.len(), 1);
        assert_eq!(path_text(&b_out[0].path), "launches b-job → role cyc-b");
        assert!(a
            .grants
            .iter()
            .all(|g| g.path.iter().all(|s| s.role != "a")));
        // The caller reaches b through a: two hops.
        let ci = of(&all, "caller", "ci");
        let b_out = writes(ci, "cyc-out/b/*");
        assert_eq!(
            path_text(&b_out[0].path),
            "launches a-job → role cyc-a → launches b-job → role cyc-b"
        );
        assert!(b_out[0].unneeded.is_empty());
        // Launching a-job as role a gives what a holds for a-pipe: the
        // launch of b-job, which a-job does not need.
        let creates_b = ci
            .grants
            .iter()
            .find(|g| {
                g.statement
                    .actions
                    .iter()
                    .any(|a| a == "sagemaker:CreateTrainingJob")
                    && !g.path.is_empty()
            })
            .unwrap();
        assert_eq!(path_text(&creates_b.path), "launches a-job → role cyc-a");
        // b-job's jobs as the pipeline names its steps' jobs
        // (pipelines-*, SageMaker Pipelines' default), in one region.
        assert_eq!(creates_b.unneeded.len(), 1);
        assert!(creates_b.unneeded[0]
            .symbolic()
            .ends_with(":training-job/pipelines-*"));
    }

    #[test]
    fn a_role_passed_beside_a_launch_is_reached_by_passing_it() {
        let model = crate::load(&Source::new("cycle.hcl", CYCLE)).unwrap();
        let all = reach(&model);
        let wide = of(&all, "caller", "wide");
        let b_out = writes(wide, "cyc-out/b/*");
        // Through a (a-job, then b-job) needs it; passing b alone does not.
        assert_eq!(b_out.len(), 1);
        let passed = wide
            .grants
            .iter()
            .find(|g| g.path.len() == 1 && g.path[0].launches.is_none())
            .unwrap();
        assert_eq!(path_text(&passed.path), "passes role cyc-b");
        assert_eq!(passed.unneeded.len(), passed.statement.resources.len());
    }

    #[test]
    fn holding_needs_the_action_a_covering_resource_and_no_further_condition() {
        let model = crate::load(&Source::new("cycle.hcl", CYCLE)).unwrap();
        let a = model.roles.iter().find(|r| r.key == "a").unwrap();
        let write = a
            .policy
            .statements
            .iter()
            .find(|s| s.actions.iter().any(|x| x == "s3:PutObject"))
            .unwrap();
        assert!(holds(&a.policy, write));
        let narrower = Statement {
            resources: vec![Str::lit("arn:aws:s3:::cyc-out/a/x/*")],
            ..(**write).clone()
        };
        let own = Policy {
            statements: vec![Arc::new(Statement {
                resources: vec![Str::lit("arn:aws:s3:::cyc-out/*")],
                ..(**write).clone()
            })],
        };
        assert!(holds(&own, &narrower));
        let conditioned = Policy {
            statements: vec![Arc::new(Statement {
                conditions: vec![super::super::Condition {
                    operator: "StringEquals".into(),
                    key: "aws:SourceAccount".into(),
                    values: vec![Str::lit("111122223333")],
                }],
                ..(*own.statements[0]).clone()
            })],
        };
        assert!(!holds(&conditioned, &narrower));
        let other_bucket = Statement {
            resources: vec![Str::lit("arn:aws:s3:::cyc-in/*")],
            ..(**write).clone()
        };
        assert!(!holds(&own, &other_bucket));
    }
}

//! Self-lint: every emitted policy checked against the pinned IAM data.
//!
//! A finding in generated output is a bug in sagerole, not in the spec: the
//! CLI lints before writing anything and refuses to write policies with
//! findings. Statements the spec declares (`statement` blocks) pass the same
//! rules; their findings are errors in the spec, at the statement
//! ([`declared_statements`]). The rules:
//!
//! - every action exists in the Service Authorization data;
//! - no service-wide wildcard action (`s3:*`, `sagemaker:*`, `iam:*`);
//! - every resource matches one of the action's resource types (an object
//!   ARN is not a bucket); an action without resource types is granted on
//!   `*` only; `*` for an action with resource types needs a recorded reason;
//!   a CloudWatch Logs group written as IAM policies write it, with a
//!   trailing `:*`, is of the `log-group` type (CloudWatch Logs API
//!   Reference, data type `LogGroup`, field `arn`), though the IAM data's
//!   template has no `:*`;
//! - every condition key exists for the action (its own keys, the keys of its
//!   resource types, or a global `aws:` key), is not one AWS has deprecated
//!   (AWS may stop filling in a deprecated key, and a pin on it then fails
//!   every request), and multivalued keys are tested with
//!   `ForAllValues:`/`ForAnyValue:` or `Null`;
//! - `iam:PassRole` names exact roles and tests `iam:PassedToService`;
//! - `Sid`s are `[A-Za-z0-9]+` and unique within their policy;
//! - no statement undoes another's conditions: when one statement allows an
//!   action only under conditions, no other statement of the policy allows
//!   an overlapping action on an overlapping resource under only some of
//!   them (IAM allows a request that any statement allows, so the weaker
//!   statement would make the conditions pointless).

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::ops::Range;

use crate::arn::{resource_start, split_arn, Arn};
use crate::diagnostic::{Diagnostic, Kind};
use crate::iam_data::{self, Action, DefinedTypes, KeyInfo, Service};
use crate::model::document::Context;
use crate::model::value::{Part, Str};
use crate::model::{Model, Policy, Statement};
use crate::spec::raw::RawSpec;

/// One problem with one statement: a policy that must not be written, and a
/// bug in sagerole. Broad access that a spec asks for is not a finding but a
/// warning ([`crate::model::warnings`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    /// `role "exec"` or `caller "ci"`.
    pub owner: String,
    pub sid: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} statement {}: {}", self.owner, self.sid, self.message)
    }
}

/// Lints every policy of a model.
pub fn lint(model: &Model) -> Vec<Finding> {
    let cx = Context::new("aws", "123456789012");
    let mut findings = Vec::new();
    let mut lookups = Lookups::default();
    let owners = model
        .roles
        .iter()
        .map(|r| (format!("role {:?}", r.key), &r.policy))
        .chain(
            model
                .callers
                .iter()
                .map(|c| (format!("caller {:?}", c.key), &c.policy)),
        );
    for (owner, policy) in owners {
        lint_policy(&owner, policy, &cx, &mut lookups, &mut findings);
    }
    findings.sort();
    findings
}

/// The lint's findings about the statements a spec declares
/// (`statement "NAME" { ... }` in a role or caller block), as errors at the
/// statement in the spec: they are the user's to fix, not bugs in sagerole.
/// A finding is about a declared statement when it is found in one, or when
/// a declared statement undoes a generated one's conditions. Only the
/// policies that hold declared statements are linted.
pub fn declared_statements(model: &Model, raw: &RawSpec) -> Vec<Diagnostic> {
    let cx = Context::new("aws", "123456789012");
    let mut lookups = Lookups::default();
    let mut out = Vec::new();
    // Each key's first role and caller, found once rather than by a search
    // of the model for each block.
    let mut roles = BTreeMap::new();
    for r in &model.roles {
        roles.entry(r.key.as_str()).or_insert(r);
    }
    let mut callers = BTreeMap::new();
    for c in &model.callers {
        callers.entry(c.key.as_str()).or_insert(c);
    }
    let owners = raw
        .roles
        .iter()
        .filter(|r| !r.statements.is_empty())
        .filter_map(|r| {
            let role = roles.get(r.name.value.as_str())?;
            Some((format!("role {:?}", role.key), &role.policy, &r.statements))
        })
        .chain(
            raw.callers
                .iter()
                .filter(|c| !c.statements.is_empty())
                .filter_map(|c| {
                    let caller = callers.get(c.name.value.as_str())?;
                    Some((
                        format!("caller {:?}", caller.key),
                        &caller.policy,
                        &c.statements,
                    ))
                }),
        );
    for (owner, policy, statements) in owners {
        let mut findings = Vec::new();
        lint_policy(&owner, policy, &cx, &mut lookups, &mut findings);
        for f in findings {
            let about = |st: &Statement| {
                f.sid == st.sid || f.message.contains(&format!("statement {} ", st.sid))
            };
            let Some(st) = policy
                .statements
                .iter()
                .find(|st| about(st) && st.why.declared.is_some())
            else {
                continue;
            };
            let Some(at) = statements
                .iter()
                .find(|s| st.why.declared.as_ref() == Some(&s.name.value))
            else {
                continue;
            };
            // A finding on another statement that the declared one undoes
            // names that statement.
            let message = if f.sid == st.sid {
                f.message.clone()
            } else {
                format!("statement {} {}", f.sid, f.message)
            };
            out.push(
                at.name
                    .error(Kind::DeclaredStatement, message)
                    .with_help(declared_help(&f.message)),
            );
        }
    }
    out
}

/// What to change in a declared statement for a finding of the lint.
fn declared_help(message: &str) -> String {
    const HELP: &[(&str, &str)] = &[
        ("is not an action in the IAM data", "name each action as the Service Authorization Reference lists it, one by one: a pattern such as s3:Get* grants actions AWS adds later"),
        ("grants a whole service", "list the actions the role needs: a service wildcard grants every action of the service, and those AWS adds later"),
        ("is none of the resource types", "write an ARN of one of the action's resource types, as the Service Authorization Reference gives it, or put the action in a statement of its own"),
        ("has no resource types", "AWS authorizes this action on \"*\" only: put it in a statement of its own with resources = [\"*\"] and allow_wildcard = \"REASON\""),
        ("condition key", "use a key the Service Authorization Reference lists for the action or its resource types, or a global aws: key, under its current name"),
        ("multivalued", "test a multivalued key with ForAllValues: or ForAnyValue: (IAM User Guide, 'Multivalued context keys')"),
        ("does not test it", "use an operator of the key's type (IAM User Guide, 'IAM JSON policy elements: Condition operators')"),
        ("iam:PassRole must name exact roles", "name each role's ARN exactly; a role passed by pattern lets the caller pass roles made later"),
        ("without an iam:PassedToService", "add conditions = { StringEquals = { \"iam:PassedToService\" = [\"sagemaker.amazonaws.com\"] } }"),
        ("so the conditions do not hold", "give the declared statement the same conditions, or narrow its actions or resources so it does not overlap the other"),
    ];
    let help = HELP
        .iter()
        .find(|(m, _)| message.contains(m))
        .map_or("change the statement so that it passes the lint; declared statements are the spec's to fix", |(_, h)| h);
    if message.contains("is not an action in the IAM data") {
        let services: Vec<&str> = iam_data::data()
            .services
            .keys()
            .map(String::as_str)
            .collect();
        format!("{help}; sagerole's IAM data covers {}", services.join(", "))
    } else {
        help.to_string()
    }
}

/// The IAM data's answers for the texts one lint asks about, so that an
/// action or condition key written in many statements is looked up once.
/// Keyed by the exact text, so `s3:GetObject` and `S3:getobject` are asked
/// separately and each gets the answer the data gives it; ordered maps keep
/// the lint free of any hashing order.
#[derive(Default)]
struct Lookups<'m> {
    actions: BTreeMap<&'m str, Option<(&'static Service, &'static Action)>>,
    condition_keys: BTreeMap<&'m str, Option<KeyInfo<'static>>>,
}

impl<'m> Lookups<'m> {
    fn action(&mut self, action: &'m str) -> Option<(&'static Service, &'static Action)> {
        *self
            .actions
            .entry(action)
            .or_insert_with(|| iam_data::data().action(action))
    }

    fn condition_key(&mut self, key: &'m str) -> Option<KeyInfo<'static>> {
        *self
            .condition_keys
            .entry(key)
            .or_insert_with(|| iam_data::data().condition_key(key))
    }
}

fn lint_policy<'m>(
    owner: &str,
    policy: &'m Policy,
    cx: &Context,
    lookups: &mut Lookups<'m>,
    out: &mut Vec<Finding>,
) {
    let mut sids = BTreeSet::new();
    // One buffer for the sample ARNs of every statement, refilled for each.
    let mut text = String::with_capacity(1024);
    let mut room = SampleRoom {
        pattern: String::with_capacity(128),
        stars: Vec::new(),
    };
    for st in &policy.statements {
        let mut find = |message: String| {
            out.push(Finding {
                owner: owner.into(),
                sid: st.sid.clone(),
                message,
            })
        };
        if st.sid.is_empty() || !st.sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
            find(format!("Sid {:?} is not [A-Za-z0-9]+", st.sid));
        }
        if !sids.insert(st.sid.as_str()) {
            find("Sid is used twice in the policy".into());
        }
        // The sample ARNs of each resource, once for all the actions, and
        // which resource types they fit, once for all the actions that
        // share a list of types.
        text.clear();
        let resources: Vec<Samples> = st
            .resources
            .iter()
            .map(|r| push_samples(&mut text, &mut room, r, cx))
            .collect();
        let mut statement = StatementLint {
            st,
            star: st.resources.iter().any(|r| r.is_text("*")),
            text: &text,
            resources: &resources,
            fits: Vec::new(),
        };
        for action in &st.actions {
            statement.lint_action(action, lookups, &mut find);
        }
    }
    lint_weaker_grants(owner, policy, out);
}

/// Pairs of statements where the second allows some of what the first
/// allows only under conditions, under a strict subset of those conditions
/// (none at all, say): the request the first would refuse is allowed by the
/// second. Actions and resources count as overlapping when one text matches
/// both patterns; actions are compared without case, as IAM does.
fn lint_weaker_grants(owner: &str, policy: &Policy, out: &mut Vec<Finding>) {
    use crate::model::wildcard::overlap;
    // IAM matches an ARN field by field, so a region's `*` never reaches
    // into the resource part (IAM User Guide, "IAM JSON policy elements:
    // Resource": each of the six colon-delimited fields is checked
    // separately).
    let arns_overlap = |a: &str, b: &str| {
        let (fa, fb): (Vec<&str>, Vec<&str>) =
            (a.splitn(6, ':').collect(), b.splitn(6, ':').collect());
        if fa.len() == 6 && fb.len() == 6 {
            fa.iter().zip(&fb).all(|(x, y)| overlap(x, y))
        } else {
            overlap(a, b)
        }
    };
    // The resources' texts are written out only for the statements that
    // some pair compares by resources: most policies have few statements
    // under conditions, and the texts of all the others' resources cost
    // more than the rest of this rule.
    struct Grant<'p> {
        st: &'p Statement,
        actions: Vec<String>,
        resources: OnceCell<Vec<String>>,
        /// The resources with the deploying partition and account as `*`,
        /// for a pair with a declared statement: the spec writes its ARNs
        /// out (`arn:aws:s3:::b`), sagerole with the context
        /// (`arn:${Partition}:s3:::b`), and the two meet once deployed.
        deployed: OnceCell<Vec<String>>,
    }
    impl Grant<'_> {
        fn resources(&self) -> &[String] {
            self.resources
                .get_or_init(|| self.st.resources.iter().map(|r| r.symbolic()).collect())
        }
        fn deployed(&self) -> &[String] {
            let deployed = |r: &Str| {
                r.0.iter()
                    .map(|p| match p {
                        Part::Lit(l) => l.as_str(),
                        Part::Partition | Part::Account | Part::Input(_) => "*",
                    })
                    .collect::<String>()
            };
            self.deployed
                .get_or_init(|| self.st.resources.iter().map(deployed).collect())
        }
    }
    // Without a statement under conditions there is nothing to undo: the
    // policy is left before its actions are copied in lowercase (an
    // allocation for each action of each statement).
    if policy.statements.iter().all(|st| st.conditions.is_empty()) {
        return;
    }
    let grants: Vec<Grant> = policy
        .statements
        .iter()
        .map(|st| Grant {
            st,
            actions: st.actions.iter().map(|a| a.to_ascii_lowercase()).collect(),
            resources: OnceCell::new(),
            deployed: OnceCell::new(),
        })
        .collect();
    // The statements by action, so that a statement under conditions is
    // compared with those that may share an action with it, not with every
    // statement of its policy: two actions without wildcards overlap only
    // when they are the same, and a statement with a wildcard action may
    // overlap any (at 1,000 workloads, none of the 8,800 comparisons of
    // actions is left).
    let wildcard = |a: &String| holds_either(a.as_bytes(), b'*', b'?');
    let mut by_action: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut any_action = Vec::new();
    for (i, g) in grants.iter().enumerate() {
        if g.actions.iter().any(wildcard) {
            any_action.push(i);
        } else {
            for a in &g.actions {
                by_action.entry(a).or_default().push(i);
            }
        }
    }
    let mut candidate = vec![false; grants.len()];
    for strict in grants.iter().filter(|g| !g.st.conditions.is_empty()) {
        if strict.actions.iter().any(wildcard) {
            candidate.fill(true);
        } else {
            candidate.fill(false);
            for &i in strict
                .actions
                .iter()
                .filter_map(|a| by_action.get(a.as_str()))
                .flatten()
                .chain(&any_action)
            {
                candidate[i] = true;
            }
        }
        for (weak, _) in grants.iter().zip(&candidate).filter(|(_, &c)| c) {
            let weaker = weak.st.conditions.len() < strict.st.conditions.len()
                && weak
                    .st
                    .conditions
                    .iter()
                    .all(|c| strict.st.conditions.contains(c));
            if !weaker {
                continue;
            }
            let actions: Vec<&str> = strict
                .actions
                .iter()
                .zip(&strict.st.actions)
                .filter(|(a, _)| weak.actions.iter().any(|w| overlap(w, a)))
                .map(|(_, written)| written.as_str())
                .collect();
            if actions.is_empty() {
                continue;
            }
            // Compared as deployed when either statement is the spec's.
            let (sr, wr) = if strict.st.why.declared.is_some() || weak.st.why.declared.is_some() {
                (strict.deployed(), weak.deployed())
            } else {
                (strict.resources(), weak.resources())
            };
            let resource = sr.iter().enumerate().find_map(|(i, r)| {
                wr.iter()
                    .position(|w| arns_overlap(w, r))
                    .map(|j| (&strict.resources()[i], &weak.resources()[j]))
            });
            let Some((r, w)) = resource else {
                continue;
            };
            let missing: BTreeSet<&str> = strict
                .st
                .conditions
                .iter()
                .filter(|c| !weak.st.conditions.contains(c))
                .map(|c| c.key.as_str())
                .collect();
            let missing: Vec<&str> = missing.into_iter().collect();
            out.push(Finding {
                owner: owner.into(),
                sid: strict.st.sid.clone(),
                message: format!(
                    "allows {} on {r} only under {}, but statement {} allows it on {w} without \
                     them, so the conditions do not hold",
                    actions.join(", "),
                    missing.join(", "),
                    weak.st.sid
                ),
            });
        }
    }
}

/// A concrete ARN that stands for a resource pattern: the context filled in,
/// and every wildcard or policy variable replaced by a sample character, so
/// that an ARN template either matches it or cannot match the pattern at all.
///
/// A `*` in the resource part may stand for several path segments
/// (`image-version/name*` covers `image-version/name/1`), so each pattern
/// yields samples with one, two and three segments per such wildcard; a `*`
/// in another field (the region) stands for one value.
///
/// The samples go at the end of `text`, one after another, with no copy of
/// their own: the lint makes them for every resource of every statement.
/// `room` is reused from call to call.
fn push_samples(text: &mut String, room: &mut SampleRoom, resource: &Str, cx: &Context) -> Samples {
    let SampleRoom { pattern, stars } = room;
    pattern.clear();
    for p in &resource.0 {
        match p {
            Part::Lit(l) => push_sample_text(pattern, l),
            Part::Partition => pattern.push_str(&cx.partition),
            Part::Account => pattern.push_str(&cx.account),
            // A representative value (`d-` and 12 characters for a domain
            // id): the lint's context gives no input a value of its own.
            Part::Input(i) => pattern.push_str(&cx.input(i)),
        }
    }
    // Where the resource part starts, in the pattern and in each sample:
    // a sample writes each `*` before the resource part as one `x`, and
    // those of the resource part as `x` and `/` only, so it has the
    // pattern's `:`s where the pattern has them and starts with `arn`
    // exactly when the pattern does. The fields are split once, for this
    // and for a log group written with `:*`, whose cut of the last two
    // bytes leaves the first five `:` where they are (a second split of
    // each of the 2,000 groups at 10,000 workloads cost 1.6 million
    // instructions).
    let split = split_arn(pattern);
    let resource_at = split.as_ref().map(|a| a.resource_at(pattern));
    if split.is_some_and(|a| log_group_as_policies_write_it(&a)) {
        pattern.truncate(pattern.len() - 2);
    }
    let mut samples = Samples {
        arns: [(0..0, None), (0..0, None), (0..0, None)],
        len: 0,
    };
    // The wildcards, found once for the three samples.
    stars.clear();
    stars.extend(pattern.match_indices('*').map(|(i, _)| i));
    // A `*` before the resource part (a region of `*`: every region of the
    // account) stands for one field's value, which holds no `/`; only the
    // resource part's wildcards may stand for several segments.
    let fields_end = resource_at.unwrap_or(0);
    // Without a wildcard in the resource part the three samples would be
    // the same text, so one is made: nearly every generated ARN has a
    // region of `*`, and about half have no other wildcard (at 1,000
    // workloads, 4,300 of 9,300 resources).
    let fills: &[&str] = if stars.iter().all(|&star| star < fields_end) {
        &["x"]
    } else {
        &["x", "x/x", "x/x/x"]
    };
    for fill in fills {
        let from = text.len();
        let mut piece = 0;
        for &star in stars.iter() {
            text.push_str(&pattern[piece..star]);
            text.push_str(if star < fields_end { "x" } else { fill });
            piece = star + 1;
        }
        text.push_str(&pattern[piece..]);
        debug_assert_eq!(resource_start(&text[from..]), resource_at);
        samples.push(from..text.len(), resource_at);
    }
    samples
}

/// Room for [`push_samples`], reused from resource to resource: the
/// pattern with its context filled in, and where its wildcards are.
#[derive(Default)]
struct SampleRoom {
    pattern: String,
    stars: Vec<usize>,
}

/// Whether an ARN (split by [`split_arn`]) is a CloudWatch Logs group ARN
/// written with the trailing `:*` that IAM policies use for every action
/// but the tagging ones (`arn:aws:logs:R:A:log-group:NAME:*`, CloudWatch
/// Logs API Reference, data type `LogGroup`, field `arn`;
/// [`crate::catalog::log_group_resource`] writes it). The IAM data's
/// `log-group` template has no `:*`, so without this the lint would find no
/// type for the form AWS documents. A stream ARN (`...:log-stream:...`) is
/// left as it is. For such a group the lint cuts the ARN's last two bytes,
/// the `:*`.
fn log_group_as_policies_write_it(a: &Arn) -> bool {
    let group = a
        .resource
        .strip_prefix("log-group:")
        .and_then(|r| r.strip_suffix(":*"));
    // Group names hold no `:` (CloudWatch Logs API Reference, CreateLogGroup:
    // logGroupName `[\.\-_/#A-Za-z0-9]+`).
    group.is_some_and(|group| a.service == "logs" && !group.contains(':'))
}

/// Whether `text` holds byte `a` or byte `b`, in one pass over it. The
/// texts are short literals and action names, over which memchr mostly
/// goes byte by byte, and nearly none holds either byte: two memchr scans of each cost 5.6
/// million instructions at 1,000 workloads, this one pass 3 million (and
/// a search for either character, which takes them as `char`s, more).
fn holds_either(text: &[u8], a: u8, b: u8) -> bool {
    text.iter()
        .fold(0u8, |found, &c| found | u8::from(c == a) | u8::from(c == b))
        != 0
}

/// Literal text with each policy variable and each `?` replaced by `x`:
/// `home/${aws:username}/?` → `home/x/x`.
fn push_sample_text(out: &mut String, s: &str) {
    // Most literals hold neither ([`holds_either`]).
    if !holds_either(s.as_bytes(), b'$', b'?') {
        out.push_str(s);
        return;
    }
    let mut rest = s;
    while let Some(i) = rest.find(['$', '?']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('?') {
            out.push('x');
            rest = &rest[1..];
        } else if let (true, Some(j)) = (rest.starts_with("${"), rest.find('}')) {
            out.push('x');
            rest = &rest[j + 1..];
        } else {
            out.push('$');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
}

/// A resource's sample ARNs, each as a range of the statement's sample
/// text, with where its resource part starts.
struct Samples {
    arns: [(Range<usize>, Option<usize>); 3],
    len: usize,
}

impl Samples {
    fn push(&mut self, arn: Range<usize>, resource_at: Option<usize>) {
        self.arns[self.len] = (arn, resource_at);
        self.len += 1;
    }

    /// Marks in `fits` (one flag per type of `types`) each type that one of
    /// the samples is of. Only the types that the index of their ARN
    /// templates' prefixes leaves are tested
    /// ([`DefinedTypes::candidates`]): of sagemaker:AddTags' 58 types, a
    /// training job's ARN is tested against the few whose resource part
    /// starts with a `t`.
    fn mark_fits(&self, text: &str, types: &DefinedTypes, fits: &mut [bool]) {
        for (arn, at) in &self.arns[..self.len] {
            let arn = &text[arn.clone()];
            for n in types.candidates(arn, *at) {
                if !fits[n] && types.types[n].1.fits_at(arn, *at) {
                    fits[n] = true;
                }
            }
        }
    }
}

/// One statement being linted, with what its actions share: its samples,
/// whether it grants `*`, and which of its resources fit each list of
/// resource types seen so far (actions on the same kind of resource list
/// the same types).
struct StatementLint<'s, 'm> {
    st: &'m Statement,
    star: bool,
    text: &'s str,
    resources: &'s [Samples],
    /// Per list of types, whether resource `k` fits type `n`, at
    /// `k * types.len() + n`.
    fits: Vec<(&'static DefinedTypes, Vec<bool>)>,
}

impl<'m> StatementLint<'_, 'm> {
    /// Where in `fits` the table for `types` is, found or made: for each
    /// resource, which of the types in `types` it fits.
    fn fit_table(&mut self, types: &'static DefinedTypes) -> usize {
        let same = |t: &DefinedTypes| {
            t.types.len() == types.types.len()
                && t.types
                    .iter()
                    .zip(&types.types)
                    .all(|((_, a), (_, b))| std::ptr::eq(*a, *b))
        };
        match self.fits.iter().position(|(t, _)| same(t)) {
            Some(i) => i,
            None => {
                let n = types.types.len();
                let mut table = vec![false; self.resources.len() * n];
                if n > 0 {
                    for (arns, fits) in self.resources.iter().zip(table.chunks_mut(n)) {
                        arns.mark_fits(self.text, types, fits);
                    }
                }
                self.fits.push((types, table));
                self.fits.len() - 1
            }
        }
    }

    fn lint_action(
        &mut self,
        action: &'m str,
        lookups: &mut Lookups<'m>,
        find: &mut impl FnMut(String),
    ) {
        let st = self.st;
        let star = self.star;
        if action.ends_with(":*") || action == "*" {
            find(format!("{action} grants a whole service"));
            return;
        }
        let Some((service, a)) = lookups.action(action) else {
            find(format!("{action} is not an action in the IAM data"));
            return;
        };
        let mut matched_types: Vec<&str> = Vec::new();
        if a.resource_types.is_empty() {
            if !(star && st.resources.len() == 1) {
                find(format!(
                    "{action} has no resource types, so it takes only \"*\""
                ));
            }
        } else if star {
            if st.why.wildcard.is_none() {
                find(format!(
                    "{action} is granted on \"*\" without a recorded reason"
                ));
            }
            matched_types.extend(a.resource_types.iter().map(|t| t.name.as_str()));
        } else {
            let defined = a.defined_types(service);
            let at = self.fit_table(defined);
            let (types, table) = (&defined.types, &self.fits[at].1);
            let n = types.len();
            for (k, r) in st.resources.iter().enumerate() {
                let fits = &table[k * n..(k + 1) * n];
                // The names are wanted only for the conditions' keys: most
                // statements have none, and a resource with no type is
                // found by the flags alone (at 1,000 workloads, 11,300
                // pairs of action and resource, with up to 58 types each).
                if fits.contains(&true) {
                    if !st.conditions.is_empty() {
                        matched_types.extend(
                            types
                                .iter()
                                .zip(fits)
                                .filter(|(_, &fits)| fits)
                                .map(|((name, _), _)| *name),
                        );
                    }
                } else {
                    let types: Vec<&str> =
                        a.resource_types.iter().map(|t| t.name.as_str()).collect();
                    find(format!(
                        "{} is none of the resource types of {action} ({})",
                        r.symbolic(),
                        types.join(", ")
                    ));
                }
            }
        }
        for c in &st.conditions {
            lint_condition(
                lookups.condition_key(&c.key),
                a,
                action,
                &matched_types,
                &c.operator,
                &c.key,
                find,
            );
        }
        if action.eq_ignore_ascii_case("iam:PassRole") {
            if star || st.resources.iter().any(|r| r.has_char('*')) {
                find("iam:PassRole must name exact roles".into());
            }
            if !st.conditions.iter().any(|c| c.key == "iam:PassedToService") {
                find("iam:PassRole without an iam:PassedToService condition".into());
            }
        }
    }
}

fn lint_condition(
    info: Option<KeyInfo>,
    a: &Action,
    action: &str,
    types: &[&str],
    operator: &str,
    key: &str,
    find: &mut impl FnMut(String),
) {
    let Some(KeyInfo { kind, replaced_by }) = info else {
        find(format!("condition key {key} does not exist"));
        return;
    };
    if let Some(new) = replaced_by {
        find(format!(
            "condition key {key} is deprecated: AWS replaced it with {new}"
        ));
    }
    let matches_key = |k: &String| k.eq_ignore_ascii_case(key) || template_key_fits(k, key);
    let applies = key.starts_with("aws:")
        || a.condition_keys.iter().any(matches_key)
        || a.resource_types
            .iter()
            .filter(|t| types.contains(&t.name.as_str()))
            .any(|t| t.condition_keys.iter().any(matches_key));
    if !applies {
        find(format!("condition key {key} does not apply to {action}"));
    }
    let base = operator
        .trim_start_matches("ForAllValues:")
        .trim_start_matches("ForAnyValue:");
    // "...IfExists" tests the key as its operator does when the request
    // has it (IAM User Guide, "IAM JSON policy elements: Condition
    // operators"): BoolIfExists is a Bool test.
    let base = base.strip_suffix("IfExists").unwrap_or(base);
    let set = operator.starts_with("ForAllValues:") || operator.starts_with("ForAnyValue:");
    if kind.starts_with("ArrayOf") && !set && base != "Null" {
        find(format!(
            "{key} is multivalued: test it with ForAllValues:/ForAnyValue: or Null, not {operator}"
        ));
    }
    if kind == "Bool" && base != "Bool" && base != "Null" {
        find(format!("{key} is a Bool key; {operator} does not test it"));
    }
    if base.starts_with("Arn") && !(kind == "ARN" || kind == "ArrayOfARN") {
        find(format!(
            "{key} is {kind}, not an ARN; {operator} does not test it"
        ));
    }
}

/// `aws:RequestTag/${TagKey}` fits `aws:RequestTag/team`.
fn template_key_fits(template: &str, key: &str) -> bool {
    match template.split_once("${") {
        Some((head, _)) => key.len() > head.len() && key[..head.len()].eq_ignore_ascii_case(head),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::value::Ctx;

    /// The samples of an S3 ARN with the partition from the context.
    fn s3_samples(resource: &str) -> Vec<String> {
        s3_samples_of(&Str::arn("s3", "", Ctx::Empty, resource))
    }

    fn s3_samples_of(r: &Str) -> Vec<String> {
        let mut text = String::new();
        let s = push_samples(
            &mut text,
            &mut SampleRoom::default(),
            r,
            &Context::new("aws", "1"),
        );
        s.arns[..s.len]
            .iter()
            .map(|(arn, _)| text[arn.clone()].to_string())
            .collect()
    }

    #[test]
    fn samples_fill_context_wildcards_and_variables() {
        let s = s3_samples("b/home/${aws:username}/*");
        assert_eq!(s[0], "arn:aws:s3:::b/home/x/x");
        assert_eq!(s[1], "arn:aws:s3:::b/home/x/x/x");
    }

    /// Wildcards are found where they land once variables and `?` are
    /// filled in; one inside a variable goes with it.
    #[test]
    fn samples_fill_wildcards_after_variables() {
        assert_eq!(
            s3_samples("b/${a*b}/*?x/$*{"),
            vec![
                "arn:aws:s3:::b/x/xxx/$x{",
                "arn:aws:s3:::b/x/x/xxx/$x/x{",
                "arn:aws:s3:::b/x/x/x/xxx/$x/x/x{",
            ]
        );
    }

    /// A `*` outside the resource part is one field's value, filled alike
    /// in every sample, so such a pattern has one sample; a `*` in the
    /// resource part gives one, two and three segments.
    #[test]
    fn only_resource_wildcards_give_several_samples() {
        let of = |region: &str, resource: &str| {
            s3_samples_of(&Str::arn("sagemaker", region, Ctx::Deploying, resource))
        };
        assert_eq!(
            of("*", "training-job/j"),
            vec!["arn:aws:sagemaker:x:1:training-job/j"]
        );
        assert_eq!(
            of("*", "training-job/j-*"),
            vec![
                "arn:aws:sagemaker:x:1:training-job/j-x",
                "arn:aws:sagemaker:x:1:training-job/j-x/x",
                "arn:aws:sagemaker:x:1:training-job/j-x/x/x",
            ]
        );
        assert_eq!(
            of("us-east-1", "training-job/j"),
            vec!["arn:aws:sagemaker:us-east-1:1:training-job/j"]
        );
    }

    #[test]
    fn samples_fill_question_marks_and_leave_unclosed_variables() {
        assert_eq!(
            s3_samples("b/${a?b}/c?d/$e/${open?"),
            vec!["arn:aws:s3:::b/x/cxd/$e/${openx"]
        );
    }

    /// The findings of one statement of `actions` on `resources` (ARNs in
    /// the deploying partition and account, in us-east-1, written from the
    /// resource part on).
    fn findings_on(service: &str, actions: &[&str], resources: &[&str]) -> Vec<String> {
        findings_in("us-east-1", service, actions, resources)
    }

    fn findings_in(
        region: &str,
        service: &str,
        actions: &[&str],
        resources: &[&str],
    ) -> Vec<String> {
        use crate::model::Why;
        let st = Statement {
            sid: "S".into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources: resources
                .iter()
                .map(|r| Str::arn(service, region, Ctx::Deploying, r))
                .collect(),
            conditions: Vec::new(),
            why: Why::default(),
        };
        let policy = Policy {
            statements: vec![std::sync::Arc::new(st)],
        };
        let mut out = Vec::new();
        let cx = Context::new("aws", "123456789012");
        lint_policy("role", &policy, &cx, &mut Lookups::default(), &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    /// A statement of `actions` on sagemaker `resources` (in us-east-1 of
    /// the deploying account) under `conditions` (operator, key, value).
    fn statement(
        sid: &str,
        actions: &[&str],
        resources: &[&str],
        conditions: &[(&str, &str, &str)],
    ) -> Statement {
        use crate::model::{Condition, Why};
        Statement {
            sid: sid.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
            resources: resources
                .iter()
                .map(|r| Str::arn("sagemaker", "us-east-1", Ctx::Deploying, r))
                .collect(),
            conditions: conditions
                .iter()
                .map(|(operator, key, value)| Condition {
                    operator: operator.to_string(),
                    key: key.to_string(),
                    values: vec![Str::lit(*value)],
                })
                .collect(),
            why: Why::default(),
        }
    }

    fn weaker_grants(statements: Vec<Statement>) -> Vec<Finding> {
        let policy = Policy {
            statements: statements.into_iter().map(std::sync::Arc::new).collect(),
        };
        let mut out = Vec::new();
        lint_weaker_grants("role \"shared\"", &policy, &mut out);
        out
    }

    /// Issue 14: AutoML's `CreateModel` on `model/*` beside another
    /// workload's VPC-pinned `CreateModel` lets the role create any model
    /// outside the VPC. The lint names both statements.
    #[test]
    fn a_conditioned_grant_undone_by_a_weaker_one_is_a_finding() {
        let vpc = (
            "ForAllValues:StringEquals",
            "sagemaker:VpcSubnets",
            "subnet-1",
        );
        let kms = (
            "ArnEquals",
            "sagemaker:VolumeKmsKeyArn",
            "arn:aws:kms:us-east-1:1:key/k",
        );
        let pinned = statement(
            "CreateModelInVpc",
            &["sagemaker:CreateModel"],
            &["model/acc-serve-*"],
            &[vpc, kms],
        );
        let found = weaker_grants(vec![
            pinned.clone(),
            statement(
                "ServiceCreatedModel",
                &["sagemaker:createmodel", "sagemaker:DeleteModel"],
                &["model/*"],
                &[],
            ),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].sid, "CreateModelInVpc");
        let message = &found[0].message;
        assert!(
            message.contains("statement ServiceCreatedModel"),
            "{message}"
        );
        assert!(message.contains("sagemaker:CreateModel on"), "{message}");
        assert!(
            message.contains("sagemaker:VolumeKmsKeyArn, sagemaker:VpcSubnets"),
            "{message}"
        );
        // Some of the conditions only is weaker too; the missing ones are named.
        let found = weaker_grants(vec![
            pinned.clone(),
            statement("Wide", &["sagemaker:Create*"], &["model/acc-*"], &[kms]),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .contains("only under sagemaker:VpcSubnets, but"),
            "{found:?}"
        );
    }

    #[test]
    fn disjoint_or_equally_conditioned_grants_are_no_finding() {
        let vpc = (
            "ForAllValues:StringEquals",
            "sagemaker:VpcSubnets",
            "subnet-1",
        );
        let other = (
            "ForAllValues:StringEquals",
            "sagemaker:VpcSubnets",
            "subnet-2",
        );
        let pinned = statement("A", &["sagemaker:CreateModel"], &["model/acc-a-*"], &[vpc]);
        for weak in [
            // Another resource: acc-b-* never names an acc-a- model.
            statement("B", &["sagemaker:CreateModel"], &["model/acc-b-*"], &[]),
            // Another action on the same resource.
            statement("B", &["sagemaker:DescribeModel"], &["model/*"], &[]),
            // The same conditions.
            statement("B", &["sagemaker:CreateModel"], &["model/*"], &[vpc]),
            // Other conditions: neither is weaker.
            statement("B", &["sagemaker:CreateModel"], &["model/*"], &[other]),
        ] {
            assert_eq!(
                weaker_grants(vec![pinned.clone(), weak.clone()]),
                vec![],
                "{weak:?}"
            );
        }
    }

    /// Fewer conditions are weaker only when they are some of the same
    /// ones: a grant under another condition does not undo the first.
    #[test]
    fn fewer_but_other_conditions_are_not_weaker() {
        let cond = |key, value| ("ForAllValues:StringEquals", key, value);
        let pinned = statement(
            "A",
            &["sagemaker:CreateModel"],
            &["model/acc-a-*"],
            &[
                cond("sagemaker:VpcSubnets", "subnet-1"),
                cond("sagemaker:VpcSecurityGroupIds", "sg-1"),
            ],
        );
        let other = statement(
            "B",
            &["sagemaker:CreateModel"],
            &["model/*"],
            &[cond("sagemaker:VpcSubnets", "subnet-2")],
        );
        assert_eq!(weaker_grants(vec![pinned, other]), vec![]);
    }

    /// IAM matches an ARN field by field (IAM User Guide, "IAM JSON
    /// policy elements: Resource"): a region of `*` stands for one region,
    /// and never reaches into the resource part, so a grant in every region
    /// and one on other names in one region do not overlap.
    #[test]
    fn a_region_wildcard_does_not_make_other_names_overlap() {
        let vpc = (
            "ForAllValues:StringEquals",
            "sagemaker:VpcSubnets",
            "subnet-1",
        );
        let mut everywhere = statement("A", &["sagemaker:CreateModel"], &[], &[vpc]);
        everywhere.resources = vec![Str::arn("sagemaker", "*", Ctx::Deploying, "model/acc-a-*")];
        let others = statement("B", &["sagemaker:CreateModel"], &["model/acc-b-*"], &[]);
        assert_eq!(weaker_grants(vec![everywhere.clone(), others]), vec![]);
        // The same names in one region are within every region.
        let same = statement("B", &["sagemaker:CreateModel"], &["model/acc-a-1"], &[]);
        assert_eq!(weaker_grants(vec![everywhere.clone(), same]).len(), 1);
        // Text that is not an ARN is compared whole: the first fields of an
        // ARN are not the ARN.
        let mut cut = statement("B", &["sagemaker:CreateModel"], &[], &[]);
        cut.resources = vec![Str::lit("arn:${Partition}:sagemaker")];
        assert_eq!(weaker_grants(vec![everywhere, cut]), vec![]);
    }

    /// CloudWatch Logs names a log group in IAM policies by its ARN with a
    /// trailing `:*` (CloudWatch Logs API Reference, data type `LogGroup`,
    /// field `arn`): that form is a group for the group actions, and never a
    /// stream for the stream actions.
    #[test]
    fn a_log_group_with_its_trailing_colon_star_is_a_log_group() {
        let group_actions = ["logs:CreateLogGroup", "logs:DescribeLogStreams"];
        for group in [
            "log-group:/aws/sagemaker/TrainingJobs:*",
            "log-group:/aws/sagemaker/TrainingJobs",
            "log-group:/aws/sagemaker/Endpoints/ml-ep*",
        ] {
            assert_eq!(
                findings_on("logs", &group_actions, &[group]),
                Vec::<String>::new(),
                "{group}"
            );
        }
        let stream = findings_on(
            "logs",
            &["logs:PutLogEvents"],
            &["log-group:/aws/sagemaker/TrainingJobs:*"],
        );
        assert_eq!(stream.len(), 1, "{stream:?}");
        assert!(
            stream[0].contains("none of the resource types"),
            "{stream:?}"
        );
        // Only the last `:*` of a group, only in CloudWatch Logs.
        assert_eq!(
            findings_on("logs", &["logs:CreateLogGroup"], &["log-group:/a:*:*"]).len(),
            1
        );
        let cut = |arn: &str| log_group_as_policies_write_it(&split_arn(arn).unwrap());
        assert!(cut("arn:aws:logs:r:1:log-group:/a:*"));
        assert!(!cut("arn:aws:s3:::log-group:/a:*"));
        assert!(!cut("arn:aws:logs:r:1:log-group:/a:log-stream:*"));
        assert!(!cut("arn:aws:logs:r:1:log-group:/a"));
    }

    /// Every region (`*` in the region field) is one field's value: the
    /// resource's own wildcards still stand for several segments.
    #[test]
    fn a_region_wildcard_is_one_field() {
        let ok = |actions: &[&str], resource: &str| {
            assert_eq!(
                findings_in("*", "sagemaker", actions, &[resource]),
                Vec::<String>::new(),
                "{resource}"
            );
        };
        ok(&["sagemaker:DescribeImageVersion"], "image-version/ml-img*");
        ok(&["sagemaker:CreateApp"], "app/*/ml-studio*");
        ok(&["sagemaker:CreateTrainingJob"], "training-job/ml-train*");
        let s = s3_samples_of(&Str::arn("sagemaker", "*", Ctx::Deploying, "app/*/p*"));
        assert_eq!(
            s,
            [
                "arn:aws:sagemaker:x:1:app/x/px",
                "arn:aws:sagemaker:x:1:app/x/x/px/x",
                "arn:aws:sagemaker:x:1:app/x/x/x/px/x/x"
            ]
        );
    }

    /// The per-lint cache answers as the IAM data does, for known,
    /// unknown and wrong-case names, asked once or again.
    #[test]
    fn lookups_answer_as_the_data_does() {
        let data = iam_data::data();
        let mut lookups = Lookups::default();
        for _ in 0..2 {
            for action in ["s3:GetObject", "S3:getobject", "s3:GetObjects", "nope"] {
                let cached = lookups.action(action).map(|(s, a)| (&s.prefix, &a.name));
                let direct = data.action(action).map(|(s, a)| (&s.prefix, &a.name));
                assert_eq!(cached, direct, "{action}");
            }
            for key in ["s3:prefix", "S3:Prefix", "aws:RequestTag/team", "s3:nope"] {
                assert_eq!(lookups.condition_key(key), data.condition_key(key), "{key}");
            }
        }
    }

    /// A deprecated key is refused even where the action still lists it
    /// (kms:CustomerMasterKeySpec, replaced by kms:KeySpec), and nothing
    /// else is said of it.
    #[test]
    fn deprecated_keys_are_refused_where_they_apply() {
        let create_key: Action = serde_json::from_str(
            r#"{"name": "CreateKey", "access": "Write", "resource_types": [],
                "condition_keys": ["kms:CustomerMasterKeySpec", "kms:KeySpec"]}"#,
        )
        .unwrap();
        let lint = |key: &str| {
            let mut found = Vec::new();
            lint_condition(
                iam_data::data().condition_key(key),
                &create_key,
                "kms:CreateKey",
                &[],
                "StringEquals",
                key,
                &mut |m| found.push(m),
            );
            found
        };
        assert_eq!(
            lint("kms:CustomerMasterKeySpec"),
            ["condition key kms:CustomerMasterKeySpec is deprecated: AWS replaced it with kms:KeySpec"]
        );
        assert!(lint("kms:KeySpec").is_empty());
    }

    /// Each resource of a statement is judged on its own: a training job
    /// beside a resource of no type of sagemaker:ListTags does not vouch
    /// for it, in either order, and is not blamed for it.
    #[test]
    fn each_resource_of_a_statement_is_judged_on_its_own() {
        for resources in [
            ["training-job/t-train", "no-such-type/x"],
            ["no-such-type/x", "training-job/t-train"],
        ] {
            let found = findings_on("sagemaker", &["sagemaker:ListTags"], &resources);
            assert_eq!(found.len(), 1, "{resources:?}: {found:?}");
            assert!(
                found[0].starts_with(
                    "arn:${Partition}:sagemaker:us-east-1:${Account}:no-such-type/x is none of the \
                     resource types of sagemaker:ListTags"
                ),
                "{found:?}"
            );
        }
    }

    /// A Sid outside `[A-Za-z0-9]+`, or empty, is a finding (IAM User
    /// Guide, "IAM JSON policy elements: Sid": ASCII letters and digits
    /// only).
    #[test]
    fn sids_are_ascii_letters_and_digits() {
        let sid_findings = |sid: &str| {
            let policy = Policy {
                statements: vec![std::sync::Arc::new(statement(
                    sid,
                    &["sagemaker:DescribeModel"],
                    &["model/m"],
                    &[],
                ))],
            };
            let mut out = Vec::new();
            let cx = Context::new("aws", "123456789012");
            lint_policy("role", &policy, &cx, &mut Lookups::default(), &mut out);
            out.into_iter().map(|f| f.message).collect::<Vec<_>>()
        };
        assert_eq!(sid_findings("ReadModel2"), Vec::<String>::new());
        assert_eq!(
            sid_findings("Read-Model"),
            ["Sid \"Read-Model\" is not [A-Za-z0-9]+"]
        );
        assert_eq!(sid_findings(""), ["Sid \"\" is not [A-Za-z0-9]+"]);
    }

    /// The findings of one condition on `action` (a sagemaker action of the
    /// IAM data) about how `operator` tests `key`.
    fn operator_findings(action: &str, operator: &str, key: &str) -> Vec<String> {
        let (_, a) = iam_data::data().action(action).unwrap();
        let types: Vec<&str> = a.resource_types.iter().map(|t| t.name.as_str()).collect();
        let mut found = Vec::new();
        lint_condition(
            iam_data::data().condition_key(key),
            a,
            action,
            &types,
            operator,
            key,
            &mut |m| found.push(m),
        );
        found
    }

    /// A Bool key is tested with Bool (or BoolIfExists) or Null; an ARN
    /// operator tests only ARN keys, single or multivalued (IAM User
    /// Guide, "IAM JSON policy elements: Condition operators": a string
    /// or ARN operator on a key of another type does not test what it
    /// seems to).
    #[test]
    fn operators_fit_the_type_of_their_key() {
        let none = Vec::<String>::new();
        let isolation = "sagemaker:NetworkIsolation";
        for op in ["Bool", "BoolIfExists", "Null"] {
            assert_eq!(
                operator_findings("sagemaker:CreateModel", op, isolation),
                none,
                "{op}"
            );
        }
        assert_eq!(
            operator_findings("sagemaker:CreateModel", "StringEquals", isolation),
            ["sagemaker:NetworkIsolation is a Bool key; StringEquals does not test it"]
        );
        // sagemaker:VolumeKmsKeyArn is an ARN, sagemaker:ImageArns an
        // ArrayOfARN; aws:SourceAccount is a String.
        for (op, key) in [
            ("ArnEquals", "sagemaker:VolumeKmsKeyArn"),
            ("ForAllValues:ArnLike", "sagemaker:ImageArns"),
        ] {
            assert_eq!(
                operator_findings("sagemaker:CreateDomain", op, key),
                none,
                "{key}"
            );
        }
        assert_eq!(
            operator_findings("sagemaker:CreateDomain", "ArnLike", "aws:SourceAccount"),
            ["aws:SourceAccount is String, not an ARN; ArnLike does not test it"]
        );
    }

    #[test]
    fn tag_key_templates() {
        assert!(template_key_fits(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/team"
        ));
        assert!(!template_key_fits(
            "aws:RequestTag/${TagKey}",
            "aws:RequestTag/"
        ));
    }
}

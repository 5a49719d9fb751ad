//! The spec's inputs in the built model.
//!
//! The reader writes an input named where a literal would stand as a
//! reference inside the value's text ([`reference`]), so that the one
//! parser of each value reads it. Once the policies are built, and before
//! they are measured against IAM's quotas, every reference becomes an
//! [`Input`] part of its [`Str`] (which each emitter writes as a variable or
//! a parameter, and [`super::document::Context`] fills with the longest
//! value for sizing), and prose names it as `${name}`. Nothing else in the
//! model holds a reference afterwards, save the names that a `name_prefix`
//! input starts (a role's, a policy's, a model package group's: kept as
//! text, `<prefix>-<key>`, and compared as text) and the guardrail tags'
//! values (text that no policy holds): [`Model::named`] makes each the
//! [`Str`] an emitter writes, and [`reference::shown`] the text people
//! read.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::value::{DeclaredInput, Input, Part, Str};
use super::{Condition, Model, Policy, Statement};
use crate::spec::raw::reference::{self, Piece};

pub(super) fn resolve(model: &mut Model) {
    let by_name: BTreeMap<String, Input> =
        model.inputs().into_iter().map(|i| (i.name(), i)).collect();
    let cx = Resolver { by_name };
    for r in &mut model.roles {
        // An existing role's name is its input's value, shown as `${name}`;
        // the others keep the reference of a `name_prefix` input, which
        // `Model::named` turns into what each emitter writes.
        if r.existing.is_some() {
            r.name = reference::shown(&r.name);
        }
        r.description = reference::shown(&r.description);
        r.trust.reason = reference::shown(&r.trust.reason);
        r.trust.warning = r.trust.warning.as_deref().map(reference::shown);
        cx.policy(&mut r.policy);
        cx.conditions(&mut r.trust.conditions);
    }
    for g in &mut model.group_policies {
        for st in &mut g.statements {
            st.resources = st.resources.iter().map(|r| cx.str(r)).collect();
        }
    }
    // Matched against the trust policies' `aws:SourceArn` patterns, which
    // read their inputs' parts as `${name}` (reach).
    for source in model.role_sources.values_mut().flatten() {
        *source = reference::shown(source);
    }
    for c in &mut model.callers {
        c.description = reference::shown(&c.description);
        c.principal = reference::shown(&c.principal);
        cx.policy(&mut c.policy);
    }
}

impl Model {
    /// A name the model keeps as text (`<name_prefix>-<key>`) as the
    /// [`Str`] an emitter writes: the prefix an input part when the spec's
    /// `name_prefix` is an input, else literal text.
    pub fn named(&self, text: &str) -> Str {
        if reference::names(text).next().is_none() {
            return Str::lit(text);
        }
        let by_name = self.inputs().into_iter().map(|i| (i.name(), i)).collect();
        Resolver { by_name }.str(&Str::lit(text))
    }

    /// The role an IAM role name (from an ARN or an error message) names:
    /// the role of that name, or, where the name_prefix is an input, the
    /// role whose name it is with some value of the input; the one with
    /// the longest literal part when several fit (`dev-a-exec` is role
    /// `a-exec` rather than `exec`).
    pub fn role_named(&self, name: &str) -> Option<&super::Role> {
        self.roles
            .iter()
            .map(|r| (r, self.named(&r.name)))
            .filter(|(_, n)| n.matches(name))
            .max_by_key(|(_, n)| {
                n.0.iter()
                    .map(|p| match p {
                        Part::Lit(l) => l.len(),
                        _ => 0,
                    })
                    .sum::<usize>()
            })
            .map(|(r, _)| r)
    }
}

impl Str {
    /// Whether `text` is this string with some value of each input part
    /// (matching the input's pattern and length) and nothing contextual
    /// besides: a deployed name against the name the model keeps.
    fn matches(&self, text: &str) -> bool {
        let mut pattern = String::from("^");
        let mut inputs = Vec::new();
        for p in &self.0 {
            match p {
                Part::Lit(l) => pattern.push_str(&regex::escape(l)),
                Part::Input(i) => {
                    let own = i.pattern().trim_start_matches('^').trim_end_matches('$');
                    pattern.push_str(&format!("(?P<i{}>{own})", inputs.len()));
                    inputs.push(i);
                }
                Part::Partition | Part::Account => return false,
            }
        }
        pattern.push('$');
        let re = regex::RegexBuilder::new(&pattern)
            .size_limit(crate::catalog::input_kinds::PATTERN_SIZE_LIMIT)
            .build()
            .expect("input patterns compile");
        re.captures(text).is_some_and(|c| {
            inputs.iter().enumerate().all(|(k, i)| {
                c.name(&format!("i{k}"))
                    .is_some_and(|m| i.accepts(m.as_str()))
            })
        })
    }
}

struct Resolver {
    by_name: BTreeMap<String, Input>,
}

impl Resolver {
    /// Whether a text is already as [`Resolver::str`] would build it: it
    /// names no input, and has no empty literal and no two literals in a
    /// row. Most texts are.
    fn resolved(s: &Str) -> bool {
        let names_none = s.0.iter().all(|p| match p {
            Part::Lit(l) => !l.is_empty() && !reference::any(l),
            _ => true,
        });
        names_none
            && !s
                .0
                .windows(2)
                .any(|w| matches!(w, [Part::Lit(_), Part::Lit(_)]))
    }

    fn str(&self, s: &Str) -> Str {
        // A copy, which is also sized exactly, where a text built part by
        // part keeps room to grow (about a tenth of the memory at 10,000
        // workloads).
        if Self::resolved(s) {
            return s.clone();
        }
        let mut out = Str::default();
        for p in &s.0 {
            match p {
                Part::Lit(l) => {
                    for piece in reference::pieces(l) {
                        match piece {
                            Piece::Lit(t) => out.push_lit(t),
                            Piece::Input(name) => out.push(Part::Input(Box::new(
                                self.by_name
                                    .get(name)
                                    .cloned()
                                    .expect("the lowering checks every reference"),
                            ))),
                        }
                    }
                }
                other => out.push(other.clone()),
            }
        }
        out
    }

    /// [`Resolver::str`] in place: a text already resolved stays as it is,
    /// with no copy.
    fn resolve(&self, s: &mut Str) {
        if !Self::resolved(s) {
            *s = self.str(s);
        }
    }

    fn conditions(&self, cs: &mut [Condition]) {
        for c in cs {
            c.values.iter_mut().for_each(|v| self.resolve(v));
            sort_unique(&mut c.values);
        }
    }

    /// Whether resolving would leave a statement as it is: its texts
    /// resolved, its resources and condition values sorted and unique, and
    /// its reasons naming no input. Most statements name no input; they are
    /// left alone rather than rebuilt (before this, resolving the policies
    /// of 1,000 workloads copied every text of every statement: 26 million
    /// instructions of 900 million).
    fn unchanged(st: &Statement) -> bool {
        let texts = |v: &[Str]| v.iter().all(Self::resolved) && strictly_sorted(v);
        let serves = &st.why.resource_serves;
        texts(&st.resources)
            && (serves.is_empty() || serves.len() == st.resources.len())
            && st.conditions.iter().all(|c| texts(&c.values))
            && !reference::any(&st.why.reason)
            && !st.why.wildcard.as_deref().is_some_and(reference::any)
    }

    fn policy(&self, p: &mut Policy) {
        for st in &mut p.statements {
            if Self::unchanged(st) {
                continue;
            }
            let st: &mut Statement = Arc::make_mut(st);
            st.resources.iter_mut().for_each(|r| self.resolve(r));
            if st.why.resource_serves.is_empty() {
                sort_unique(&mut st.resources);
            } else {
                // Each resource's workloads move with it; of two resources
                // that turn out the same, the later one's stay.
                let mut both: Vec<(Str, Vec<Arc<str>>)> = std::mem::take(&mut st.resources)
                    .into_iter()
                    .zip(std::mem::take(&mut st.why.resource_serves))
                    .collect();
                if !both.is_sorted_by(|a, b| a.0 < b.0) {
                    both.sort_by(|a, b| a.0.cmp(&b.0));
                    both.reverse();
                    both.dedup_by(|later, earlier| later.0 == earlier.0);
                    both.reverse();
                }
                (st.resources, st.why.resource_serves) = both.into_iter().unzip();
            }
            self.conditions(&mut st.conditions);
            if reference::any(&st.why.reason) {
                st.why.reason = reference::shown(&st.why.reason);
            }
            st.why.wildcard = st.why.wildcard.as_deref().map(reference::shown);
        }
    }
}

/// Sorted and unique, as statements keep their resources and values: an
/// input's part sorts by its name, never by a value.
fn sort_unique(v: &mut Vec<Str>) {
    if !strictly_sorted(v) {
        v.sort();
        v.dedup();
    }
}

fn strictly_sorted(v: &[Str]) -> bool {
    v.is_sorted_by(|a, b| a < b)
}

/// The declared inputs no value of the model names, for the warning: the
/// name_prefix's input names every role, a tag value's tags every role and
/// policy.
pub fn unused(model: &Model) -> Vec<&DeclaredInput> {
    let prefix: Vec<&str> = reference::names(&model.name_prefix)
        .chain(
            model
                .guardrails
                .tags
                .values()
                .flat_map(|v| reference::names(v)),
        )
        .collect();
    let named: std::collections::BTreeSet<String> = model
        .roles
        .iter()
        .map(|r| &r.policy)
        .chain(model.callers.iter().map(|c| &c.policy))
        .flat_map(|p| &p.statements)
        .flat_map(|st| {
            st.resources
                .iter()
                .chain(st.conditions.iter().flat_map(|c| &c.values))
        })
        .flat_map(|s| &s.0)
        .filter_map(|p| match p {
            Part::Input(i) => Some(i.name()),
            _ => None,
        })
        .chain(
            model
                .callers
                .iter()
                .filter_map(|c| match &c.attach_to_role {
                    Some(super::RoleRef::Input(i)) => Some(i.name()),
                    _ => None,
                }),
        )
        .collect();
    model
        .declared_inputs
        .iter()
        .filter(|d| !named.contains(&d.name) && !prefix.contains(&d.name.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::{Kind, Source};
    use crate::model::document::{self, Context, Inputs};
    use crate::model::value::{Input, Part, Str};

    const SPEC: &str = r#"
name_prefix = "inp"
input "data" {
  kind = "s3_bucket"
}
input "key" {
  kind    = "kms_key_arn"
  default = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
input "spare" {
  kind = "subnet_id"
}
workload "train" {
  api     = "CreateTrainingJob"
  inputs  = [{ bucket = { input = "data" }, prefix = "train/" }]
  outputs = ["s3://inp-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
  kms {
    input = { input = "key" }
  }
}
"#;

    fn load(text: &str, name: &str) -> crate::Loaded {
        crate::load_as(&Source::new(name, text), crate::spec::Syntax::of(name)).unwrap()
    }

    /// A referenced input becomes a part of its value, named and of its
    /// kind; nothing in the model keeps the reader's reference characters.
    #[test]
    fn references_become_input_parts_and_nothing_else_holds_them() {
        let loaded = load(SPEC, "spec.hcl");
        let role = &loaded.model.roles[0];
        let shown = document::policy(&role.policy, &Context::symbolic()).to_string();
        assert!(
            shown.contains(r#""arn:${Partition}:s3:::${data}/train/*""#),
            "{shown}"
        );
        assert!(shown.contains(r#""${key}""#), "{shown}");
        assert!(!format!("{:?}", loaded.model).contains('\u{FDD0}'));
        let data = Input::Declared {
            name: "data".into(),
            kind: crate::catalog::input_kinds::InputKind::S3Bucket,
            max_length: 63,
        };
        assert!(loaded.model.inputs().contains(&data));
    }

    /// IAM counts a document with the values deployed: each part's size
    /// is measured with the longest value of its kind (63 characters for a
    /// bucket, 103 for a key ARN), so that any value passed in fits.
    #[test]
    fn documents_are_sized_with_each_kinds_longest_value() {
        let loaded = load(SPEC, "spec.hcl");
        let d = &loaded.model.roles[0].documents[0];
        let measured = |cx: &Context| document::size(&document::policy(&d.policy, cx));
        assert_eq!(d.size, measured(&Context::longest()));
        // With the sample values, each place an input stands is shorter by
        // the difference between its kind's longest and sample values.
        let samples = Context::new("aws-us-gov", "123456789012")
            .with_inputs(Inputs::Given(Default::default()));
        let symbolic = document::policy(&d.policy, &Context::symbolic()).to_string();
        let kinds = crate::catalog::input_kinds::InputKind::S3Bucket;
        let keys = crate::catalog::input_kinds::InputKind::KmsKeyArn;
        let shorter = |k: crate::catalog::input_kinds::InputKind| {
            k.facts().max_length - k.facts().sample.len()
        };
        let (buckets, key_arns) = (
            symbolic.matches("${data}").count(),
            symbolic.matches("${key}").count(),
        );
        assert!(buckets >= 2 && key_arns >= 1, "{symbolic}");
        assert_eq!(
            d.size - measured(&samples),
            buckets * shorter(kinds) + key_arns * shorter(keys)
        );
    }

    /// The same spec in JSON and YAML names its inputs the same way and
    /// gives the same model.
    #[test]
    fn json_and_yaml_name_inputs_as_hcl_does() {
        let json = r#"{
  "name_prefix": "inp",
  "input": {
    "data": {"kind": "s3_bucket"},
    "key": {"kind": "kms_key_arn", "default": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"},
    "spare": {"kind": "subnet_id"}
  },
  "workload": {"train": {
    "api": "CreateTrainingJob",
    "inputs": [{"bucket": {"input": "data"}, "prefix": "train/"}],
    "outputs": ["s3://inp-out/models/"],
    "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"],
    "kms": {"input": {"input": "key"}}
  }}
}"#;
        let yaml = "name_prefix: inp\ninput:\n  data: {kind: s3_bucket}\n  key: {kind: kms_key_arn, default: \"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"}\n  spare: {kind: subnet_id}\nworkload:\n  train:\n    api: CreateTrainingJob\n    inputs: [{bucket: {input: data}, prefix: train/}]\n    outputs: [\"s3://inp-out/models/\"]\n    images: [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\n    kms: {input: {input: key}}\n";
        let hcl = load(SPEC, "spec.hcl").model;
        assert_eq!(load(json, "spec.json").model, hcl);
        assert_eq!(load(yaml, "spec.yaml").model, hcl);
    }

    /// Each kind that names a resource by its whole ARN stands where the
    /// spec names such a resource, and the grant is on the input alone:
    /// a pipeline's Lambda functions and callback queue, an asynchronous
    /// endpoint's topic, a model's image repository. A caller's role is the
    /// caller's principal, to which its policy is attached.
    #[test]
    fn whole_arn_kinds_are_granted_where_they_stand() {
        let spec = r#"
name_prefix = "inp"
input "repo" {
  kind = "ecr_repository_arn"
}
input "notify" {
  kind = "lambda_function_arn"
}
input "approvals" {
  kind = "sqs_queue_arn"
}
input "done" {
  kind = "sns_topic_arn"
}
input "ci" {
  kind = "iam_role_arn"
}
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://inp-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
workload "serve" {
  api        = "CreateModel"
  model_data = ["s3://inp-out/models/"]
  images     = [{ input = "repo" }]
  async {
    output = ["s3://inp-out/async/"]
    topics = [{ input = "done" }]
  }
}
workload "flow" {
  api             = "CreatePipeline"
  launches        = ["train"]
  steps           = ["TrainingStep", "LambdaStep", "CallbackStep"]
  lambdas         = [{ input = "notify" }]
  callback_queues = [{ input = "approvals" }]
}
caller "deployer" {
  principal = { input = "ci" }
  passes    = ["train"]
  launches  = ["train"]
}
"#;
        let loaded = load(spec, "spec.hcl");
        let granted = |action: &str| -> Vec<String> {
            loaded
                .model
                .roles
                .iter()
                .flat_map(|r| &r.policy.statements)
                .filter(|st| st.actions.iter().any(|a| a == action))
                .flat_map(|st| st.resources.iter().map(|r| r.to_string()))
                .collect()
        };
        assert!(granted("ecr:BatchGetImage").contains(&"${repo}".to_string()));
        assert_eq!(granted("lambda:InvokeFunction"), ["${notify}"]);
        assert_eq!(granted("sqs:SendMessage"), ["${approvals}"]);
        assert_eq!(granted("sns:Publish"), ["${done}"]);
        let caller = &loaded.model.callers[0];
        assert_eq!(caller.principal, "${ci}");
        let ci = Input::Declared {
            name: "ci".into(),
            kind: crate::catalog::input_kinds::InputKind::IamRoleArn,
            max_length: 105,
        };
        assert_eq!(
            caller.attach_to_role,
            Some(crate::model::RoleRef::Input(ci))
        );
        assert!(loaded.warnings.iter().all(|w| w.kind != Kind::UnusedInput));
    }

    const EXISTING: &str = r#"
name_prefix = "byo"
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://byo-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
role "exec" {
  workloads = ["train"]
  existing  = true
}
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["exec"]
  launches  = ["train"]
}
"#;

    /// An existing role's name is an input of its own: the caller passes
    /// the role its input names (and no role named after the spec), the
    /// policies keep the name the output would give them.
    #[test]
    fn an_existing_role_is_named_by_its_input_wherever_its_arn_stands() {
        let model = load(EXISTING, "spec.hcl").model;
        let role = &model.roles[0];
        let input = Input::ExistingRole("exec".into());
        assert_eq!(role.existing.as_ref(), Some(&input));
        assert_eq!(input.name(), "exec_role_name");
        assert!(model.inputs().contains(&input));
        assert_eq!(
            role.arn("/").symbolic(),
            "arn:${Partition}:iam::${Account}:role/${exec_role_name}"
        );
        let caller = document::policy(&model.callers[0].policy, &Context::symbolic()).to_string();
        assert!(
            caller.contains(r#""arn:${Partition}:iam::${Account}:role/${exec_role_name}""#),
            "{caller}"
        );
        assert!(!caller.contains("role/byo-exec"), "{caller}");
        assert_eq!(role.documents[0].name, "byo-exec-permissions");
        assert!(!format!("{model:?}").contains('\u{FDD0}'));
        // The role's own name is checked by its input's pattern, not IAM's
        // rules for the name the output would give it.
        assert!(input.accepts("AmazonSageMaker-ExecutionRole-20241205T103000"));
        assert!(!input.accepts("ml/exec"));
    }

    /// `existing` reads the same in JSON and YAML.
    #[test]
    fn json_and_yaml_mark_a_role_existing_as_hcl_does() {
        let json = r#"{"name_prefix": "byo",
  "workload": {"train": {"api": "CreateTrainingJob", "outputs": ["s3://byo-out/models/"],
    "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]}},
  "role": {"exec": {"workloads": ["train"], "existing": true}},
  "caller": {"ci": {"principal": "arn:aws:iam::111122223333:role/ci", "passes": ["exec"], "launches": ["train"]}}}"#;
        let yaml = "name_prefix: byo\nworkload:\n  train: {api: CreateTrainingJob, outputs: [\"s3://byo-out/models/\"], images: [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]}\nrole:\n  exec: {workloads: [train], existing: true}\ncaller:\n  ci: {principal: \"arn:aws:iam::111122223333:role/ci\", passes: [exec], launches: [train]}\n";
        let hcl = load(EXISTING, "spec.hcl").model;
        assert_eq!(load(json, "spec.json").model, hcl);
        assert_eq!(load(yaml, "spec.yaml").model, hcl);
    }

    const PREFIXED: &str = r#"
name_prefix = { input = "prefix" }
input "prefix" {
  kind       = "name_prefix"
  max_length = 8
}
workload "tune" {
  api     = "CreateHyperParameterTuningJob"
  outputs = ["s3://pfx-out/tuning/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
"#;

    /// A prefix that is an input names the role, and the names it starts
    /// are checked with its longest value: 32 characters leave a tuning
    /// job (at most 32, SageMaker API Reference,
    /// CreateHyperParameterTuningJob, HyperParameterTuningJobName) no room,
    /// a `max_length` of 8 does, and the documents are sized with 8.
    #[test]
    fn a_name_prefix_input_names_the_roles_within_its_max_length() {
        let loaded = load(PREFIXED, "spec.hcl");
        let role = &loaded.model.roles[0];
        let name = loaded.model.named(&role.name);
        assert_eq!(name.symbolic(), "${prefix}-tune");
        assert!(
            !loaded.warnings.iter().any(|w| w.kind == Kind::UnusedInput),
            "the prefix names the role: {:?}",
            loaded.warnings
        );
        let Part::Input(prefix) = &name.0[0] else {
            panic!("{name:?}")
        };
        assert_eq!(prefix.longest(), "xxxxxxxx");
        assert!(prefix.accepts("ml-dev") && !prefix.accepts("ml-develop"));
        // A deployed role's name (`why` reads it from an error message) is
        // the role's with a value of the prefix, within its length.
        let model = &loaded.model;
        assert_eq!(
            model.role_named("ml-dev-tune").map(|r| &r.key),
            Some(&role.key)
        );
        assert!(model.role_named("ml-develop-tune").is_none());
        assert!(model.role_named("Dev-tune").is_none() && model.role_named("-tune").is_none());
        assert!(model.role_named("ml-dev-tune2").is_none());
        let d = &role.documents[0];
        assert_eq!(
            d.size,
            document::size(&document::policy(&d.policy, &Context::longest()))
        );
        let unbounded = PREFIXED.replace(
            "  max_length = 8
",
            "",
        );
        let refused = crate::load_as(
            &Source::new("spec.hcl", unbounded.as_str()),
            crate::spec::Syntax::Hcl,
        )
        .unwrap_err();
        assert!(
            refused
                .iter()
                .any(|d| d.path == "workload \"tune\"" && d.message.contains("at most 32")),
            "{refused:?}"
        );
    }

    /// A deployed name that two roles' names fit, with different values
    /// of the prefix (`ml-a-exec`: prefix `ml` and role `a-exec`, or
    /// prefix `ml-a` and role `exec`), is the role whose own part is the
    /// longer: a prefix is the deployment's, the rest the spec's.
    #[test]
    fn a_deployed_name_is_the_role_with_the_longest_part_of_its_own() {
        let spec = format!(
            "{PREFIXED}\nworkload \"fit\" {{\n  api     = \"CreateTrainingJob\"\n  outputs = [\"s3://pfx-out/fit/\"]\n  images  = [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\n}}\nrole \"exec\" {{\n  workloads = [\"tune\"]\n}}\nrole \"a-exec\" {{\n  workloads = [\"fit\"]\n}}\n"
        );
        let model = load(&spec, "spec.hcl").model;
        let key = |name: &str| model.role_named(name).map(|r| r.key.as_str());
        assert_eq!(key("ml-a-exec"), Some("a-exec"));
        assert_eq!(key("ml-exec"), Some("exec"));
        assert_eq!(key("ml-b-exec"), Some("exec"));
        assert_eq!(key("ml-a-exe"), None);
    }

    /// An input that a condition compares with (a job's subnets and
    /// security groups, which CreateTrainingJob's request keys
    /// sagemaker:VpcSubnets and sagemaker:VpcSecurityGroupIds carry) is a
    /// part of the condition's value, as it is of a resource.
    #[test]
    fn inputs_in_condition_values_become_input_parts() {
        let spec = r#"
name_prefix = "inp"
input "subnet" {
  kind = "subnet_id"
}
input "group" {
  kind = "security_group_id"
}
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://inp-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
  vpc {
    subnets         = [{ input = "subnet" }]
    security_groups = [{ input = "group" }]
  }
}
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["train"]
  launches  = ["train"]
}
"#;
        let model = load(spec, "spec.hcl").model;
        let values = |key: &str| -> Vec<String> {
            model.callers[0]
                .policy
                .statements
                .iter()
                .flat_map(|st| &st.conditions)
                .filter(|c| c.key == key && c.operator.ends_with("StringEquals"))
                .flat_map(|c| c.values.iter().map(|v| v.symbolic()))
                .collect()
        };
        assert_eq!(values("sagemaker:VpcSubnets"), ["${subnet}"]);
        assert_eq!(values("sagemaker:VpcSecurityGroupIds"), ["${group}"]);
        assert!(!format!("{model:?}").contains('\u{FDD0}'));
    }

    /// Resolving leaves a text in the one form texts have (no empty
    /// literal, no two literals in a row), whichever path it takes, so that
    /// equal texts compare equal and a statement's sorted resources lose
    /// their duplicates.
    #[test]
    fn resolved_texts_have_one_form() {
        let cx = super::Resolver {
            by_name: Default::default(),
        };
        let lit = |s: &str| Part::Lit(s.into());
        let arn = Str(vec![lit("arn:"), Part::Partition, lit(":s3:::b/*")]);
        for written in [
            Str(vec![
                lit("arn:"),
                Part::Partition,
                lit(":s3:::"),
                lit("b/*"),
            ]),
            Str(vec![
                lit(""),
                lit("arn:"),
                Part::Partition,
                lit(":s3:::b/*"),
            ]),
            Str(vec![
                lit("arn:"),
                lit(""),
                Part::Partition,
                lit(":s3:::b/*"),
            ]),
            arn.clone(),
        ] {
            assert_eq!(cx.str(&written), arn, "{written:?}");
        }
        assert_eq!(
            cx.str(&Str(vec![lit(""), Part::Account])),
            Str(vec![Part::Account])
        );
    }

    /// JSON and YAML name the prefix's input as HCL does.
    #[test]
    fn json_and_yaml_name_the_prefix_input_as_hcl_does() {
        let json = r#"{
  "name_prefix": {"input": "prefix"},
  "input": {"prefix": {"kind": "name_prefix", "max_length": 8}},
  "workload": {"tune": {
    "api": "CreateHyperParameterTuningJob",
    "outputs": ["s3://pfx-out/tuning/"],
    "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
  }}
}"#;
        let yaml = "name_prefix: {input: prefix}\ninput:\n  prefix: {kind: name_prefix, max_length: 8}\nworkload:\n  tune:\n    api: CreateHyperParameterTuningJob\n    outputs: [\"s3://pfx-out/tuning/\"]\n    images: [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\n";
        let hcl = load(PREFIXED, "spec.hcl").model;
        assert_eq!(load(json, "spec.json").model, hcl);
        assert_eq!(load(yaml, "spec.yaml").model, hcl);
    }

    const TAGGED: &str = r#"
name_prefix = "tag"
input "environment" {
  kind = "tag_value"
}
guardrails {
  tags = { team = "ml", environment = { input = "environment" } }
}
workload "train" {
  api     = "CreateTrainingJob"
  outputs = ["s3://tag-out/models/"]
  images  = ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
}
caller "ci" {
  principal = "arn:aws:iam::111122223333:role/ci"
  passes    = ["train"]
  launches  = ["train"]
}
"#;

    /// A tag's value that is an input is the input's part of the value the
    /// emitters write (tests/integration/parse_back.rs checks what they
    /// write); the other tag stays literal, and the input counts as used.
    #[test]
    fn a_tag_value_input_is_the_variable_and_the_parameter_of_every_tag() {
        let loaded = load(TAGGED, "spec.hcl");
        let model = &loaded.model;
        let value = model.named(&model.guardrails.tags["environment"]);
        assert_eq!(value.symbolic(), "${environment}");
        let Part::Input(input) = &value.0[0] else {
            panic!("{value:?}")
        };
        assert_eq!(
            input.kind(),
            crate::catalog::input_kinds::InputKind::TagValue
        );
        assert_eq!(model.guardrails.tags["team"], "ml");
        assert!(loaded.warnings.iter().all(|w| w.kind != Kind::UnusedInput));
    }

    /// JSON and YAML name a tag's input as HCL does.
    #[test]
    fn json_and_yaml_name_a_tag_values_input_as_hcl_does() {
        let json = r#"{
  "name_prefix": "tag",
  "input": {"environment": {"kind": "tag_value"}},
  "guardrails": {"tags": {"team": "ml", "environment": {"input": "environment"}}},
  "workload": {"train": {
    "api": "CreateTrainingJob",
    "outputs": ["s3://tag-out/models/"],
    "images": ["111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1"]
  }},
  "caller": {"ci": {"principal": "arn:aws:iam::111122223333:role/ci", "passes": ["train"], "launches": ["train"]}}
}"#;
        let yaml = "name_prefix: tag\ninput:\n  environment: {kind: tag_value}\nguardrails:\n  tags: {team: ml, environment: {input: environment}}\nworkload:\n  train:\n    api: CreateTrainingJob\n    outputs: [\"s3://tag-out/models/\"]\n    images: [\"111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:1\"]\ncaller:\n  ci: {principal: \"arn:aws:iam::111122223333:role/ci\", passes: [train], launches: [train]}\n";
        let hcl = load(TAGGED, "spec.hcl").model;
        assert_eq!(load(json, "spec.json").model, hcl);
        assert_eq!(load(yaml, "spec.yaml").model, hcl);
    }

    /// An input no value names is a located warning, not an error.
    #[test]
    fn an_unused_input_is_a_warning_at_its_block() {
        let loaded = load(SPEC, "spec.hcl");
        let unused: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|w| w.kind == Kind::UnusedInput)
            .collect();
        assert_eq!(unused.len(), 1, "{unused:?}");
        assert_eq!(unused[0].path, "input \"spare\"");
        assert!(unused[0].message.contains("\"spare\""));
    }
}

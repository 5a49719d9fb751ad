//! Model → plain IAM policy JSON, as AWS stores it.
//!
//! This is the canonical form of every policy sagerole emits: the Terraform
//! and CloudFormation documents must evaluate to it, and external policy
//! linters read it (`sagerole render --policies`). The deploying context is a
//! [`Context`]: concrete values for a real account, or symbols.

use serde_json::{json, Map, Value};

use super::Files;
use crate::model::value::{Part, Str};
use crate::model::{Condition, Model, Policy, Role, Trust};

/// The values that stand in for the deploying context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub partition: String,
    pub account: String,
    pub region: String,
}

impl Context {
    /// Symbols instead of values: `${Partition}`, `${Account}`, `${Region}`.
    pub fn symbolic() -> Self {
        Context {
            partition: "${Partition}".into(),
            account: "${Account}".into(),
            region: "${Region}".into(),
        }
    }

    /// A string with the context filled in; a role ARN is built the way IAM
    /// builds it, with the role's path (SAR: `role/${RoleNameWithPath}`).
    pub fn resolve(&self, s: &Str, model: &Model) -> String {
        s.0.iter()
            .map(|p| match p {
                Part::Lit(l) => l.clone(),
                Part::Partition => self.partition.clone(),
                Part::Account => self.account.clone(),
                Part::Region => self.region.clone(),
                Part::RoleArn(key) => {
                    let name = model
                        .roles
                        .iter()
                        .find(|r| &r.key == key)
                        .map_or(key.as_str(), |r| r.name.as_str());
                    format!(
                        "arn:{}:iam::{}:role{}{name}",
                        self.partition, self.account, model.guardrails.path
                    )
                }
            })
            .collect()
    }
}

fn conditions(cs: &[Condition], cx: &Context, model: &Model) -> Value {
    let mut by_op = Map::new();
    for c in cs {
        let entry = by_op
            .entry(c.operator.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let values: Vec<Value> = c
            .values
            .iter()
            .map(|v| Value::String(cx.resolve(v, model)))
            .collect();
        entry
            .as_object_mut()
            .expect("inserted as object")
            .insert(c.key.clone(), Value::Array(values));
    }
    Value::Object(by_op)
}

/// A permissions policy document.
pub fn policy(policy: &Policy, cx: &Context, model: &Model) -> Value {
    let statements: Vec<Value> = policy
        .statements
        .iter()
        .map(|s| {
            let mut st = Map::new();
            st.insert("Sid".into(), json!(s.sid));
            st.insert("Effect".into(), json!("Allow"));
            st.insert("Action".into(), json!(s.actions));
            st.insert(
                "Resource".into(),
                Value::Array(
                    s.resources
                        .iter()
                        .map(|r| Value::String(cx.resolve(r, model)))
                        .collect(),
                ),
            );
            if !s.conditions.is_empty() {
                st.insert("Condition".into(), conditions(&s.conditions, cx, model));
            }
            Value::Object(st)
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// A role's trust policy document.
pub fn trust(trust: &Trust, cx: &Context, model: &Model) -> Value {
    let mut st = Map::new();
    st.insert("Sid".into(), json!("SageMakerAssumeRole"));
    st.insert("Effect".into(), json!("Allow"));
    st.insert("Principal".into(), json!({"Service": [trust.service]}));
    st.insert("Action".into(), json!(["sts:AssumeRole"]));
    if !trust.conditions.is_empty() {
        st.insert("Condition".into(), conditions(&trust.conditions, cx, model));
    }
    json!({"Version": "2012-10-17", "Statement": [Value::Object(st)]})
}

/// The file names of a role's documents in a rendered tree.
pub fn role_files(r: &Role) -> (String, String) {
    (
        format!("roles/{}.permissions.json", r.key),
        format!("roles/{}.trust.json", r.key),
    )
}

/// Every policy document of a model as plain JSON files:
/// `roles/<role>.permissions.json`, `roles/<role>.trust.json`, `callers/<caller>.json`.
pub fn render(model: &Model, cx: &Context) -> Files {
    let pretty = |v: &Value| serde_json::to_string_pretty(v).expect("JSON values serialize") + "\n";
    let mut files = Files::new();
    for r in &model.roles {
        let (permissions, trust_file) = role_files(r);
        files.insert(permissions, pretty(&policy(&r.policy, cx, model)));
        files.insert(trust_file, pretty(&trust(&r.trust, cx, model)));
    }
    for c in &model.callers {
        files.insert(
            format!("callers/{}.json", c.key),
            pretty(&policy(&c.policy, cx, model)),
        );
    }
    files
}

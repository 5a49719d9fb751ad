//! Policy documents as AWS stores them: plain IAM JSON.
//!
//! This is the canonical form of every policy sagerole emits. Quotas are
//! measured on it, the Terraform and CloudFormation documents must evaluate
//! to it, and external policy linters read it (`sagerole render --policies`).
//! The deploying context is a [`Context`]: concrete values for a real
//! account, the longest values any partition can have (for sizing), or symbols.

use serde_json::{json, Map, Value};

use super::value::{Part, Str};
use super::{Condition, Policy, Trust};

/// The values that stand in for the deploying context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub partition: String,
    pub account: String,
    pub region: String,
}

impl Context {
    pub fn new(partition: &str, account: &str, region: &str) -> Self {
        Context {
            partition: partition.into(),
            account: account.into(),
            region: region.into(),
        }
    }

    /// Symbols instead of values: `${Partition}`, `${Account}`, `${Region}`.
    pub fn symbolic() -> Self {
        Context::new("${Partition}", "${Account}", "${Region}")
    }

    /// The longest values a deployment can substitute, so that a document
    /// measured with them fits IAM's quotas in every partition and region
    /// (`aws-us-gov`, 12-digit accounts, `ap-southeast-5`-length regions).
    pub fn longest() -> Self {
        Context::new("aws-us-gov", "123456789012", "ap-southeast-5")
    }

    /// A string with the context filled in.
    pub fn resolve(&self, s: &Str) -> String {
        s.0.iter()
            .map(|p| match p {
                Part::Lit(l) => l.clone(),
                Part::Partition => self.partition.clone(),
                Part::Account => self.account.clone(),
                Part::Region => self.region.clone(),
            })
            .collect()
    }
}

fn conditions(cs: &[Condition], cx: &Context) -> Value {
    let mut by_op = Map::new();
    for c in cs {
        let entry = by_op
            .entry(c.operator.clone())
            .or_insert_with(|| Value::Object(Map::new()));
        let values: Vec<Value> = c
            .values
            .iter()
            .map(|v| Value::String(cx.resolve(v)))
            .collect();
        entry
            .as_object_mut()
            .expect("inserted as object")
            .insert(c.key.clone(), Value::Array(values));
    }
    Value::Object(by_op)
}

/// A permissions policy document.
pub fn policy(policy: &Policy, cx: &Context) -> Value {
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
                        .map(|r| Value::String(cx.resolve(r)))
                        .collect(),
                ),
            );
            if !s.conditions.is_empty() {
                st.insert("Condition".into(), conditions(&s.conditions, cx));
            }
            Value::Object(st)
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// A role's trust policy document.
pub fn trust(trust: &Trust, cx: &Context) -> Value {
    let mut st = Map::new();
    st.insert("Sid".into(), json!("SageMakerAssumeRole"));
    st.insert("Effect".into(), json!("Allow"));
    st.insert("Principal".into(), json!({"Service": [trust.service]}));
    st.insert("Action".into(), json!(["sts:AssumeRole"]));
    if !trust.conditions.is_empty() {
        st.insert("Condition".into(), conditions(&trust.conditions, cx));
    }
    json!({"Version": "2012-10-17", "Statement": [Value::Object(st)]})
}

/// A document's size as IAM counts it against its quotas: the JSON without
/// whitespace between tokens. Whitespace inside strings counts, which only
/// errs on the safe side (IAM User Guide, reference_iam-quotas).
pub fn size(document: &Value) -> usize {
    serde_json::to_string(document)
        .expect("JSON values serialize")
        .chars()
        .count()
}

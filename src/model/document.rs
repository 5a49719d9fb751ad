//! Policy documents as AWS stores them: plain IAM JSON.
//!
//! This is the canonical form of every policy sagerole emits. Quotas are
//! measured on it, the Terraform and CloudFormation documents must evaluate
//! to it, and external policy linters read it (`sagerole render --policies`).
//! The deploying context is a [`Context`]: concrete values for a real
//! account, the longest values any partition can have (for sizing), or symbols.
//! Regions are no part of it: every ARN holds the spec's regions as text
//! ([`super::value::Regions`]), so a document is measured with them.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::json_text::escaped_chars;
use serde_json::{json, Map, Value};

use super::value::{Input, Part, Str};
use super::{condition_block, scalar_condition, Condition, GroupPolicy, Policy, Statement, Trust};

/// The values that stand in for the deploying context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Context {
    pub partition: String,
    pub account: String,
    pub inputs: Inputs,
}

/// What stands in for the deployment's [`Input`]s.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inputs {
    /// Each input's [`Input::sample`] value, unless given here by name.
    Given(BTreeMap<String, String>),
    /// Each input's longest value ([`Input::longest`]), for sizing.
    Longest,
    /// Each input's name as a symbol: `${studio_domain_id}`.
    Symbolic,
    /// `*`: any value, for matching a request whose input is unknown.
    Any,
}

impl Context {
    /// A deployment's partition and account, the inputs at their sample
    /// values.
    pub fn new(partition: &str, account: &str) -> Self {
        Context {
            partition: partition.into(),
            account: account.into(),
            inputs: Inputs::Given(BTreeMap::new()),
        }
    }

    /// The context with these inputs.
    pub fn with_inputs(self, inputs: Inputs) -> Self {
        Context { inputs, ..self }
    }

    /// Symbols instead of values: `${Partition}`, `${Account}`,
    /// `${studio_domain_id}`.
    pub fn symbolic() -> Self {
        Context::new("${Partition}", "${Account}").with_inputs(Inputs::Symbolic)
    }

    /// The longest values a deployment can substitute, so that a document
    /// measured with them fits IAM's quotas in every partition
    /// (`aws-us-gov`, 12-digit accounts) and with every input's value.
    pub fn longest() -> Self {
        Context::new("aws-us-gov", "123456789012").with_inputs(Inputs::Longest)
    }

    /// An input's value in this context.
    pub fn input(&self, input: &Input) -> String {
        match &self.inputs {
            Inputs::Given(given) => given
                .get(&input.name())
                .cloned()
                .unwrap_or_else(|| input.sample()),
            Inputs::Longest => input.longest(),
            Inputs::Symbolic => format!("${{{}}}", input.name()),
            Inputs::Any => "*".into(),
        }
    }

    /// A string with the context filled in.
    pub fn resolve(&self, s: &Str) -> String {
        s.0.iter()
            .map(|p| match p {
                Part::Lit(l) => l.clone(),
                Part::Partition => self.partition.clone(),
                Part::Account => self.account.clone(),
                Part::Input(i) => self.input(i),
            })
            .collect()
    }
}

fn conditions(cs: &[Condition], cx: &Context) -> Value {
    let mut by_op = Map::new();
    for (operator, keys) in condition_block(cs) {
        let keys = keys
            .into_iter()
            .map(|(key, values)| {
                let mut strings = values.iter().map(|v| Value::String(cx.resolve(v)));
                let value = match strings.next() {
                    Some(one) if scalar_condition(operator, values) => one,
                    first => Value::Array(first.into_iter().chain(strings).collect()),
                };
                (key.to_string(), value)
            })
            .collect();
        by_op.insert(operator.to_string(), Value::Object(keys));
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

/// A model package group's resource policy (PutModelPackageGroupPolicy):
/// the consumer accounts (their root principals, so that each account's
/// own identity policies say which of its principals may) read the group
/// and its versions. The shape follows the SageMaker Developer Guide,
/// "Deploy a Model Version from a Different Account".
pub fn group_policy(g: &GroupPolicy, cx: &Context) -> Value {
    let principals: Vec<String> = g.principals.iter().map(|p| cx.resolve(p)).collect();
    let statements: Vec<Value> = g
        .statements
        .iter()
        .map(|s| {
            json!({
                "Sid": s.sid,
                "Effect": "Allow",
                "Principal": {"AWS": principals},
                "Action": s.actions,
                "Resource": s.resources.iter().map(|r| cx.resolve(r)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"Version": "2012-10-17", "Statement": statements})
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

/// `size(&policy(..))` for a policy of these statements, counted without
/// building the document: quota splitting measures every statement, and at
/// thousands of roles building and printing each one costs more than the
/// rest of the model together. A test holds the two equal.
pub fn policy_size(statements: &[Arc<Statement>], cx: &Context) -> usize {
    // {"Version":"2012-10-17","Statement":[...]}
    const EMPTY: usize = r#"{"Version":"2012-10-17","Statement":[]}"#.len();
    EMPTY
        + statements
            .iter()
            .map(|s| statement_size(s, cx))
            .sum::<usize>()
        + separators(statements.len())
}

/// `size(&trust(..))`, counted the same way as [`policy_size`].
pub fn trust_size(trust: &Trust, cx: &Context) -> usize {
    // {"Version":"2012-10-17","Statement":[{"Sid":"SageMakerAssumeRole","Effect":"Allow",
    //  "Principal":{"Service":[SERVICE]},"Action":["sts:AssumeRole"](,"Condition":{..})}]}
    const FIXED: usize = concat!(
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"SageMakerAssumeRole","Effect":"Allow","#,
        r#""Principal":{"Service":[]},"Action":["sts:AssumeRole"]}]}"#
    )
    .len();
    let mut n = FIXED + text_size(&trust.service);
    if !trust.conditions.is_empty() {
        n += r#","Condition":"#.len() + conditions_size(&trust.conditions, cx);
    }
    n
}

/// The commas between `count` items of a JSON array or object.
fn separators(count: usize) -> usize {
    count.saturating_sub(1)
}

/// One statement of [`policy`], serialized: what it adds to a document
/// besides the comma that separates it from the next.
pub fn statement_size(s: &Statement, cx: &Context) -> usize {
    const FIXED: usize = r#"{"Sid":,"Effect":"Allow","Action":[],"Resource":[]}"#.len();
    let mut n = FIXED + text_size(&s.sid);
    n += s.actions.iter().map(|a| text_size(a)).sum::<usize>() + separators(s.actions.len());
    n += s.resources.iter().map(|r| str_size(r, cx)).sum::<usize>() + separators(s.resources.len());
    if !s.conditions.is_empty() {
        n += r#","Condition":"#.len() + conditions_size(&s.conditions, cx);
    }
    n
}

/// The condition block of [`conditions`], serialized.
fn conditions_size(cs: &[Condition], cx: &Context) -> usize {
    let block = condition_block(cs);
    let operators: usize = block
        .iter()
        .map(|(operator, keys)| {
            let keys_size: usize = keys
                .iter()
                .map(|(key, values)| {
                    // "key":"value" or "key":[...]
                    let brackets = if scalar_condition(operator, values) {
                        0
                    } else {
                        2
                    };
                    text_size(key)
                        + 1
                        + brackets
                        + values.iter().map(|v| str_size(v, cx)).sum::<usize>()
                        + separators(values.len())
                })
                .sum();
            // "op":{...}
            text_size(operator) + 1 + 2 + keys_size + separators(keys.len())
        })
        .sum();
    2 + operators + separators(block.len())
}

/// A [`Str`] with the context filled in, as a JSON string.
fn str_size(s: &Str, cx: &Context) -> usize {
    2 + s
        .0
        .iter()
        .map(|p| match p {
            Part::Lit(l) => escaped_chars(l),
            Part::Partition => escaped_chars(&cx.partition),
            Part::Account => escaped_chars(&cx.account),
            Part::Input(i) => escaped_chars(&cx.input(i)),
        })
        .sum::<usize>()
}

/// A JSON string's characters, quotes included.
fn text_size(s: &str) -> usize {
    2 + escaped_chars(s)
}

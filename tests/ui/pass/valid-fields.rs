// Parameters are `String` or `&'static str` fields; a field may be a keyword (`r#type`), named
// `{type}` in a placeholder; fields may keep attributes and any visibility.
use role_dsl::{Env, Role, role};

/// Lets the queue worker consume its queue.
#[role(
    trust(service = "lambda.amazonaws.com"),
    allow(
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        on = "arn:{partition}:sqs:{region}:{account_id}:{queue}-{type}",
        when(StringEquals("aws:ResourceTag/stage", "{stage}")),
    ),
)]
#[derive(Debug, Clone)]
pub struct QueueWorker {
    /// The queue's base name.
    pub queue: &'static str,
    pub(crate) r#type: String,
    stage: &'static str,
}

fn main() {
    let worker = QueueWorker { queue: "jobs", r#type: "fifo".into(), stage: "prod" };
    let env = Env { account_id: Some("123456789012".into()), region: Some("eu-west-1".into()), ..Env::default() };
    let policy = worker.inline_policy(&env).unwrap().unwrap();
    assert_eq!(policy["Statement"][0]["Resource"], "arn:aws:sqs:eu-west-1:123456789012:jobs-fifo");
    assert_eq!(policy["Statement"][0]["Condition"]["StringEquals"]["aws:ResourceTag/stage"], "prod");
    let _ = worker.clone();
}

use role_dsl::role;

/// Lets the EventBridge rules of this account invoke the processor.
#[role(
    trust(service = "events.amazonaws.com", when(StringEquals("aws:SourceAccount", "{account_id}"))),
    allow("lambda:InvokeFunction", on = "arn:aws:lambda:eu-west-1:123456789012:function:processor"),
)]
pub struct EventInvoker;

fn main() {}

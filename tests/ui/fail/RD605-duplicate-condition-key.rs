use role_dsl::role;

/// Lets the EventBridge rules of two accounts invoke the processor.
#[role(
    trust(
        service = "events.amazonaws.com",
        when(
            StringEquals("aws:SourceAccount", "111122223333"),
            StringEquals("aws:SourceAccount", "444455556666"),
        ),
    ),
    allow("lambda:InvokeFunction", on = "arn:aws:lambda:eu-west-1:123456789012:function:processor"),
)]
pub struct EventInvoker;

fn main() {}

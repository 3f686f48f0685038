/// The break-glass role.
#[role(
    trust(service = "lambda.amazonaws.com"),
    managed = ["AdministratorAccess"],
)]
pub struct BreakGlass;

use role_dsl::role;

/// Deploys every service from GitHub Actions.
#[role(
    trust(
        oidc = "token.actions.githubusercontent.com",
        when(
            StringEquals("token.actions.githubusercontent.com:aud", "sts.amazonaws.com"),
            StringLike(
                "token.actions.githubusercontent.com:sub",
                "repo:acme/service-01:ref:refs/heads/main",
                "repo:acme/service-02:ref:refs/heads/main",
                "repo:acme/service-03:ref:refs/heads/main",
                "repo:acme/service-04:ref:refs/heads/main",
                "repo:acme/service-05:ref:refs/heads/main",
                "repo:acme/service-06:ref:refs/heads/main",
                "repo:acme/service-07:ref:refs/heads/main",
                "repo:acme/service-08:ref:refs/heads/main",
                "repo:acme/service-09:ref:refs/heads/main",
                "repo:acme/service-10:ref:refs/heads/main",
                "repo:acme/service-11:ref:refs/heads/main",
                "repo:acme/service-12:ref:refs/heads/main",
                "repo:acme/service-13:ref:refs/heads/main",
                "repo:acme/service-14:ref:refs/heads/main",
                "repo:acme/service-15:ref:refs/heads/main",
                "repo:acme/service-16:ref:refs/heads/main",
                "repo:acme/service-17:ref:refs/heads/main",
                "repo:acme/service-18:ref:refs/heads/main",
                "repo:acme/service-19:ref:refs/heads/main",
                "repo:acme/service-20:ref:refs/heads/main",
                "repo:acme/service-21:ref:refs/heads/main",
                "repo:acme/service-22:ref:refs/heads/main",
                "repo:acme/service-23:ref:refs/heads/main",
                "repo:acme/service-24:ref:refs/heads/main",
                "repo:acme/service-25:ref:refs/heads/main",
                "repo:acme/service-26:ref:refs/heads/main",
                "repo:acme/service-27:ref:refs/heads/main",
                "repo:acme/service-28:ref:refs/heads/main",
                "repo:acme/service-29:ref:refs/heads/main",
                "repo:acme/service-30:ref:refs/heads/main",
                "repo:acme/service-31:ref:refs/heads/main",
                "repo:acme/service-32:ref:refs/heads/main",
                "repo:acme/service-33:ref:refs/heads/main",
                "repo:acme/service-34:ref:refs/heads/main",
                "repo:acme/service-35:ref:refs/heads/main",
                "repo:acme/service-36:ref:refs/heads/main",
                "repo:acme/service-37:ref:refs/heads/main",
                "repo:acme/service-38:ref:refs/heads/main",
                "repo:acme/service-39:ref:refs/heads/main",
                "repo:acme/service-40:ref:refs/heads/main",
            ),
        ),
    ),
    allow("cloudformation:*", on = "*"),
)]
pub struct ServiceDeployer;

fn main() {}

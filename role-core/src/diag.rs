//! Findings: every mistake the parser and the validator report, each with a stable code, a
//! message naming the culprit, the place it points at and, where one is known, the fix.
//!
//! The macros turn findings into `compile_error!`s at their span; the CLI prints them in rustc's
//! layout. Both read the same text from here, so they always say the same words.

use proc_macro2::Span;

/// Where a finding points: a token's span, and optionally a byte range inside a string
/// literal's *value* (the CLI underlines that exact part; a macro on stable Rust can only
/// underline the whole literal).
#[derive(Debug, Clone, Copy)]
pub struct Spot {
    pub span: Span,
    pub within: Option<(usize, usize)>,
    /// For input that is not Rust (a JSON policy document): the token's byte range in its file,
    /// which stands in for `span`.
    pub bytes: Option<(usize, usize)>,
}

impl Spot {
    pub fn new(span: Span) -> Spot {
        Spot {
            span,
            within: None,
            bytes: None,
        }
    }

    /// The token at `start..end` of a file that is not Rust.
    pub fn bytes(start: usize, end: usize) -> Spot {
        Spot {
            span: Span::call_site(),
            within: None,
            bytes: Some((start, end)),
        }
    }

    /// The bytes `start..end` of the literal's value.
    pub fn part(self, start: usize, end: usize) -> Spot {
        let (base, _) = self.within.unwrap_or((0, 0));
        Spot {
            within: Some((base + start, base + end)),
            ..self
        }
    }
}

impl From<Span> for Spot {
    fn from(span: Span) -> Spot {
        Spot::new(span)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $slug:literal, $description:literal;)*) => {
        /// Every kind of finding. The code and the slug are stable: tools and users may rely on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, such as `RD101`.
            pub fn code(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A short kebab-case name, such as `unknown-argument`.
            pub fn slug(self) -> &'static str {
                match self { $(Code::$variant => $slug,)* }
            }

            /// One sentence saying what the finding means.
            pub fn description(self) -> &'static str {
                match self { $(Code::$variant => $description,)* }
            }
        }
    };
}

codes! {
    // The shape of the attribute and the item.
    UnknownArgument = "RD101", "unknown-argument", "an argument the attribute does not take";
    DuplicateArgument = "RD102", "duplicate-argument", "an argument given twice where only one is allowed";
    InvalidArgument = "RD103", "invalid-argument", "an argument whose value has the wrong shape";
    NotAStruct = "RD104", "not-a-struct", "#[role] and #[policy] go on a struct";
    MissingTrust = "RD105", "missing-trust", "a role needs at least one trust(...) statement";
    DuplicateKey = "RD106", "duplicate-key", "a key given twice in one object of a JSON policy document (IAM would keep only one)";
    // Role and policy properties.
    InvalidName = "RD201", "invalid-name", "a name outside IAM's 1..64 characters of [\\w+=,.@-]";
    InvalidPath = "RD202", "invalid-path", "a path that is not `/` or `/.../` of printable ASCII, up to 512 characters";
    InvalidDescription = "RD203", "invalid-description", "a description over 1,000 characters";
    InvalidDuration = "RD204", "invalid-duration", "a max_session that is not a duration IAM accepts (1h to 12h)";
    InvalidTag = "RD205", "invalid-tag", "a tag key or value IAM rejects";
    DuplicateTag = "RD206", "duplicate-tag", "two tag keys equal ignoring case";
    TooManyTags = "RD207", "too-many-tags", "more than 50 tags";
    TooManyManagedPolicies = "RD208", "too-many-managed-policies", "more than 10 managed policies on one role (the default quota)";
    InvalidManagedPolicy = "RD209", "invalid-managed-policy", "a managed policy that is neither an ARN nor a policy name";
    UnknownManagedPolicy = "RD210", "unknown-managed-policy", "an AWS managed policy that AWS does not have";
    // Statements.
    MissingActions = "RD301", "missing-actions", "a statement without actions or not_actions";
    MissingResources = "RD302", "missing-resources", "a statement without on or not_on";
    ConflictingForms = "RD303", "conflicting-forms", "a statement with both forms of an element (actions and not_actions, on and not_on)";
    InvalidSid = "RD304", "invalid-sid", "a sid outside [A-Za-z0-9]+";
    DuplicateSid = "RD305", "duplicate-sid", "two statements of one policy with the same sid";
    MalformedAction = "RD306", "malformed-action", "an action that is not `service:Action`";
    UnknownService = "RD311", "unknown-service", "an action whose service prefix AWS does not have";
    UnknownAction = "RD312", "unknown-action", "an action the service does not have";
    WildcardMatchesNothing = "RD313", "wildcard-matches-nothing", "an action wildcard that matches no action of the service";
    // Placeholders.
    UnknownPlaceholder = "RD401", "unknown-placeholder", "a placeholder that names no field of the struct";
    UnusedField = "RD402", "unused-field", "a field that no placeholder uses";
    ReservedField = "RD403", "reserved-field", "a field named like a pseudo-parameter";
    UnbalancedBrace = "RD404", "unbalanced-brace", "a `{` or `}` that opens or closes nothing (write `{{` or `}}`)";
    NonStringField = "RD405", "non-string-field", "a parameter field whose type is not String or &'static str";
    MalformedPolicyVariable = "RD406", "malformed-policy-variable", "a `${...}` policy variable that IAM cannot read";
    PolicyVariableInAction = "RD407", "policy-variable-in-action", "a policy variable inside an action, where IAM does not expand it";
    // ARNs.
    MalformedArn = "RD501", "malformed-arn", "an ARN without its six fields";
    InvalidPartition = "RD502", "invalid-partition", "an ARN partition that does not exist";
    InvalidArnService = "RD503", "invalid-arn-service", "an ARN service that is not lowercase";
    InvalidArnRegion = "RD504", "invalid-arn-region", "an ARN region that is not a region";
    InvalidArnAccount = "RD505", "invalid-arn-account", "an ARN account that is not 12 digits";
    ResourceMismatch = "RD511", "resource-mismatch", "an allowed action that none of the statement's resources can name";
    NeedsAnyResource = "RD512", "needs-any-resource", "an action without resource-level permissions, allowed on a resource other than \"*\"";
    ArnFieldNotAllowed = "RD513", "arn-field-not-allowed", "a region or account in an ARN whose service's ARNs have none (S3 buckets)";
    // Conditions.
    UnknownOperator = "RD601", "unknown-operator", "a condition operator IAM does not have";
    NullIfExists = "RD602", "null-if-exists", "`Null` has no IfExists form";
    SetOperatorOnNull = "RD603", "set-operator-on-null", "ForAnyValue/ForAllValues cannot qualify `Null`";
    InvalidConditionValue = "RD604", "invalid-condition-value", "a value that the condition operator cannot read";
    DuplicateConditionKey = "RD605", "duplicate-condition-key", "one key twice under one operator (IAM would keep only one)";
    MissingConditionKey = "RD606", "missing-condition-key", "a condition without its key or its values";
    UnknownConditionKey = "RD611", "unknown-condition-key", "a condition key that is neither global nor a key of a service";
    TagKeyWithoutName = "RD612", "tag-key-without-name", "aws:ResourceTag, aws:PrincipalTag or aws:RequestTag without `/key`";
    OperatorTypeMismatch = "RD613", "operator-type-mismatch", "an operator family that can never match the key's type";
    UnknownPolicyVariable = "RD614", "unknown-policy-variable", "a policy variable that names no condition key";
    // Trust.
    PrincipalCount = "RD701", "principal-count", "a trust(...) without exactly one principal kind";
    PrincipalActionMismatch = "RD702", "principal-action-mismatch", "a trust action that does not fit its principal";
    TrustActionNotSts = "RD703", "trust-action-not-sts", "a trust action outside sts:";
    InvalidExternalId = "RD704", "invalid-external-id", "an external id outside 2..1224 characters of [\\w+=,.@:/-]";
    InvalidAccountId = "RD705", "invalid-account-id", "an account principal that is not 12 digits";
    MalformedProvider = "RD706", "malformed-provider", "an OIDC or SAML provider that is not a host or a provider ARN";
    InvalidPrincipal = "RD707", "invalid-principal", "a principal IAM cannot read";
    UnknownServicePrincipal = "RD711", "unknown-service-principal", "a service principal that is no AWS service";
    // Sizes.
    TrustPolicyTooLarge = "RD801", "trust-policy-too-large", "a trust policy over 2,048 characters without whitespace";
    InlinePolicyTooLarge = "RD802", "inline-policy-too-large", "an inline policy over 10,240 characters without whitespace";
    ManagedPolicyTooLarge = "RD803", "managed-policy-too-large", "a managed policy over 6,144 characters without whitespace";
    ResourcePolicyTooLarge = "RD804", "resource-policy-too-large", "a resource-based JSON policy over 102,400 characters without whitespace, more than any AWS service takes";
    // Across items.
    DuplicateRole = "RD901", "duplicate-role", "two roles or policies with the same identifier or name";
    UnknownPolicy = "RD902", "unknown-policy", "policies(...) names a #[policy] that is not there";
    SourceError = "RD903", "source-error", "a Rust file that does not parse";
    CatalogueUnavailable = "RD904", "catalogue-unavailable", "the catalogue file named by ROLE_DSL_CATALOGUE cannot be read";
}

/// One finding.
#[derive(Debug, Clone)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    pub spot: Spot,
    /// The fix, when one is known: "did you mean `s3:PutObject`?" is part of the message; this
    /// holds longer advice.
    pub help: Option<String>,
}

impl Finding {
    pub fn error(code: Code, spot: impl Into<Spot>, message: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: Severity::Error,
            message: message.into(),
            spot: spot.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    /// The text a macro shows: the message, and the help on a line of its own.
    pub fn macro_text(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\n  = help: {help}", self.message),
            None => self.message.clone(),
        }
    }
}

/// Where findings are collected; every check pushes here and goes on, so that all mistakes are
/// reported at once.
#[derive(Debug, Default)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn push(&mut self, finding: Finding) {
        self.0.push(finding);
    }

    pub fn error(&mut self, code: Code, spot: impl Into<Spot>, message: impl Into<String>) {
        self.push(Finding::error(code, spot, message));
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|f| f.severity == Severity::Error)
    }

    pub fn extend(&mut self, other: Findings) {
        self.0.extend(other.0);
    }
}

/// ", did you mean `x`?" when a suggestion exists, else nothing.
pub fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

/// The nearest of `candidates` to `input`, when it is close enough to be a likely typo.
pub fn nearest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_ascii_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&input_lower, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

//! Issue 4: every operation of the committed `vonage-account` and
//! `qovery-secrets` crates, called with realistic arguments against Prism
//! mocking the *upstream* documents (`$SPECS_DIR/vonage/account.yml` and
//! `$SPECS_DIR/qovery/openapi.yaml`; the team specs mirror their paths,
//! parameters and schemas).
//!
//! A call conforms when Prism answers 2xx and its `sl-violations` header has
//! no entry with `location[0] == "request"` and severity `Error` (see
//! `tests/src/prism.rs`), and the response decodes into the documented type.
//! A decode failure is accepted only for the operations in [`EXCEPTIONS`],
//! whose upstream example itself does not match the upstream schema; the
//! request of such a call must still conform.
//!
//! One Prism per document, shared by all calls of its test function.

use std::time::Instant;

use reqwest::header::HeaderMap;
use tests::prism::Prism;

/// Operations whose upstream response example contradicts the upstream
/// schema, so no correct client can decode Prism's answer: `(operation, reason)`.
///
/// Each of these is also checked the other way round in its test: the JSON
/// text that the upstream example holds does decode into the generated type.
const EXCEPTIONS: &[(&str, &str)] = &[
    ("changeAccountSettings", VONAGE_STRING_EXAMPLE),
    ("retrieveAPISecrets", VONAGE_STRING_EXAMPLE),
    ("createAPISecret", VONAGE_STRING_EXAMPLE),
    ("retrieveAPISecret", VONAGE_STRING_EXAMPLE),
];

/// Why the four Vonage exceptions fail to decode.
const VONAGE_STRING_EXAMPLE: &str = "the upstream `example` is a YAML folded string (`example: >-`) holding JSON \
     text, so Prism answers with a JSON *string* where the schema wants an object (Prism flags it itself: \
     `Response body must be object`, except for retrieveAPISecrets whose schema omits `type: object`)";

/// What a call came back with.
struct Call {
    op: &'static str,
    status: Option<u16>,
    headers: HeaderMap,
    /// `Ok` when the call returned `Ok` (the body matched its type).
    decoded: Result<(), String>,
    /// The raw body of a response that did not decode.
    undecoded: Option<String>,
}

/// Sends a request value of crate `$krate` with `send_with_response` and keeps status,
/// headers and whether the body decoded, for success and error alike.
macro_rules! call {
    ($krate:ident, $op:expr, $request:expr) => {{
        match $request.send_with_response().await {
            Ok(r) => {
                Call { op: $op, status: Some(r.status.as_u16()), headers: r.headers, decoded: Ok(()), undecoded: None }
            }
            Err($krate::Error::Response(r)) => Call {
                op: $op,
                status: Some(r.status.as_u16()),
                headers: r.headers,
                decoded: Err(format!("error status: {:?}; body: {}", r.entity, r.content)),
                undecoded: None,
            },
            Err($krate::Error::Decode { status, headers, path, message, content }) => Call {
                op: $op,
                status: Some(status.as_u16()),
                headers: *headers,
                decoded: Err(format!("cannot decode at `{path}`: {message}")),
                undecoded: Some(content),
            },
            Err(e) => {
                Call { op: $op, status: None, headers: HeaderMap::new(), decoded: Err(e.to_string()), undecoded: None }
            }
        }
    }};
}

/// `sl-violations` entries located in `location[0]`, with severity `Error`
/// when `errors_only`. An unparseable header counts as a violation.
fn violations(headers: &HeaderMap, location: &str, errors_only: bool) -> Vec<String> {
    let mut found = Vec::new();
    for value in headers.get_all("sl-violations") {
        let text = String::from_utf8_lossy(value.as_bytes());
        match serde_json::from_str::<Vec<serde_json::Value>>(&text) {
            Ok(entries) => found.extend(
                entries
                    .into_iter()
                    .filter(|v| v["location"][0] == location && (!errors_only || v["severity"] == "Error"))
                    .map(|v| v.to_string()),
            ),
            Err(_) => found.push(format!("unparseable sl-violations header: {text}")),
        }
    }
    found
}

/// Sorts calls into passed, excepted and failed, prints the tally and panics
/// on any failure.
fn verdict(document: &str, calls: &[Call], expected_ops: usize, prism: &Prism, started: Instant) {
    let mut passed = 0;
    let mut excepted = Vec::new();
    let mut failed = Vec::new();
    for c in calls {
        let request_errors = violations(&c.headers, "request", true);
        let exception = EXCEPTIONS.iter().find(|(op, _)| *op == c.op);
        let status_ok = c.status.is_some_and(|s| (200..300).contains(&s));
        for v in violations(&c.headers, "response", false) {
            println!("  note {}: Prism reports about its own response: {v}", c.op);
        }
        if !status_ok || !request_errors.is_empty() {
            failed.push(format!(
                "{}: status {:?}, request violations {:?}, {}",
                c.op,
                c.status,
                request_errors,
                c.decoded.as_ref().err().map_or("", String::as_str)
            ));
            continue;
        }
        match (&c.decoded, exception) {
            (Ok(()), None) => passed += 1,
            (Ok(()), Some((_, reason))) => {
                failed.push(format!("{}: decodes now, remove it from EXCEPTIONS (was: {reason})", c.op))
            }
            (Err(e), Some((_, reason))) => excepted.push(format!("{}: {reason} ({})", c.op, short(e))),
            (Err(e), None) => failed.push(format!("{}: request conformed but {e}", c.op)),
        }
    }
    println!(
        "conformance ({document}): {passed} passed, {} failed, {} listed exceptions (request conformed, \
         upstream example invalid) of {} operations in {:.1?}",
        failed.len(),
        excepted.len(),
        calls.len(),
        started.elapsed()
    );
    for e in &excepted {
        println!("  exception {e}");
    }
    assert_eq!(calls.len(), expected_ops, "every operation of {document} must be called once");
    assert!(
        failed.is_empty(),
        "{} of {} calls did not conform:\n  {}\nPrism log: {}",
        failed.len(),
        calls.len(),
        failed.join("\n  "),
        prism.log_path.display()
    );
}

/// For an exception: the JSON text held by the JSON string Prism sent,
/// decoded into the operation's type.
fn decode_string_example<T: serde::de::DeserializeOwned>(calls: &[Call], op: &str) -> T {
    let call = calls.iter().find(|c| c.op == op).unwrap_or_else(|| panic!("no call {op}"));
    let body = call.undecoded.as_deref().unwrap_or_else(|| panic!("{op} decoded, it is no exception"));
    let text: String = serde_json::from_str(body).unwrap_or_else(|e| panic!("{op}: not a JSON string ({e}): {body}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{op}: the example's JSON text does not decode: {e}\n{text}"))
}

/// The first line of `text`, cut to 100 characters.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(100) {
        Some((i, _)) => format!("{}...", &line[..i]),
        None => line.to_string(),
    }
}

/// Prism mocking the upstream document `relative`, or `None` when it is missing.
fn start_prism(relative: &str) -> Option<Prism> {
    let spec = tests::upstream_spec(relative)?;
    Some(Prism::start(&spec).unwrap_or_else(|e| panic!("{e}")))
}

#[tokio::test]
async fn vonage_account_conforms_to_upstream() {
    use vonage_account::apis::secret_management_api::RetrieveApiSecretsError;
    use vonage_account::models::{AccountSettingsRequest, CreateSecretRequest, TopupRequest};

    let started = Instant::now();
    let Some(prism) = start_prism("vonage/account.yml") else { return };
    let (key, secret) = ("abcd1234", "ABCDEFGH01234abc");
    let client =
        vonage_account::Client::builder().base_url(&prism.base_url).basic_auth(key, secret).build().expect("client");
    let balance = client.balance();
    let configuration = client.configuration();
    let secrets = client.secret_management();
    let secret_id = "ad6dc56f-07b5-46e1-a527-85530e625800";
    let settings = AccountSettingsRequest::new()
        .with_mo_call_back_url("https://example.com/webhooks/inbound-sms".into())
        .with_dr_call_back_url("https://example.com/webhooks/delivery-receipt".into());

    let calls = vec![
        call!(vonage_account, "getAccountBalance", balance.get_account_balance(key, secret)),
        call!(
            vonage_account,
            "topUpAccountBalance",
            balance.top_up_account_balance(key, secret, TopupRequest::new("8ef2447e69604f642ae59363aa5f781b".into()))
        ),
        call!(
            vonage_account,
            "changeAccountSettings",
            configuration.change_account_settings(key, secret, Some(settings))
        ),
        call!(vonage_account, "retrieveAPISecrets", secrets.retrieve_api_secrets(key)),
        call!(
            vonage_account,
            "createAPISecret",
            secrets.create_api_secret(key, CreateSecretRequest::new("example-4PI-secret".into()))
        ),
        call!(vonage_account, "retrieveAPISecret", secrets.retrieve_api_secret(key, secret_id)),
        call!(vonage_account, "revokeAPISecret", secrets.revoke_api_secret(key, secret_id)),
    ];
    verdict("vonage/account.yml", &calls, 7, &prism, started);

    // The exceptions' examples, once unwrapped from their string, fit the types.
    use vonage_account::models::{AccountSettings, RetrieveApiSecrets200Response, SecretInfo};
    let settings: AccountSettings = decode_string_example(&calls, "changeAccountSettings");
    assert_eq!(settings.max_calls_per_second, Some(30));
    let list: RetrieveApiSecrets200Response = decode_string_example(&calls, "retrieveAPISecrets");
    let listed = list.embedded.and_then(|e| e.secrets).unwrap_or_default();
    assert_eq!(listed.len(), 1);
    for op in ["createAPISecret", "retrieveAPISecret"] {
        let info: SecretInfo = decode_string_example(&calls, op);
        assert_eq!(info.id.as_deref(), Some("01234567-aaaa-bbbb-cccc-defdefdefdef"), "{op}");
    }

    // Without credentials Prism answers 401, surfaced as the typed variant.
    let anonymous = vonage_account::Client::builder().base_url(&prism.base_url).build().expect("client");
    match anonymous.secret_management().retrieve_api_secrets(key).await {
        Err(vonage_account::Error::Response(r)) => {
            assert_eq!(r.status.as_u16(), 401, "{}", r.content);
            assert!(matches!(r.entity, RetrieveApiSecretsError::Status401(_)), "{:?}: {}", r.entity, r.content);
        }
        other => panic!("expected a typed 401, got {other:?}"),
    }
}

/// The six operations of one Qovery secret tag, in `calls`.
macro_rules! secret_tag {
    ($calls:ident, $api:expr, $id:expr, $secret_id:expr,
     $list:ident $List:literal, $create:ident $Create:literal, $edit:ident $Edit:literal,
     $delete:ident $Delete:literal, $override_:ident $Override:literal, $alias:ident $Alias:literal) => {{
        let api = $api;
        $calls.push(call!(qovery_secrets, $List, api.$list($id)));
        $calls.push(call!(qovery_secrets, $Create, api.$create($id, Some(secret_request()))));
        $calls.push(call!(qovery_secrets, $Edit, api.$edit($id, $secret_id, secret_edit_request())));
        $calls.push(call!(qovery_secrets, $Delete, api.$delete($id, $secret_id)));
        $calls.push(call!(qovery_secrets, $Override, api.$override_($id, $secret_id, Some(override_value()))));
        $calls.push(call!(qovery_secrets, $Alias, api.$alias($id, $secret_id, Some(alias_key()))));
    }};
}

fn secret_request() -> qovery_secrets::models::SecretRequest {
    qovery_secrets::models::SecretRequest::new("DATABASE_PASSWORD".into())
        .with_value("s3cr3t-p4ssw0rd".into())
        .with_mount_path(None)
        .with_description(Some("Password of the main database".into()))
        .with_enable_interpolation_in_file(Some(false))
}

fn secret_edit_request() -> qovery_secrets::models::SecretEditRequest {
    qovery_secrets::models::SecretEditRequest::new("DATABASE_PASSWORD".into())
        .with_value("n3w-p4ssw0rd".into())
        .with_description(None)
}

fn override_value() -> qovery_secrets::models::Value {
    qovery_secrets::models::Value::new()
        .with_value("staging-p4ssw0rd".into())
        .with_description(Some("Staging override".into()))
        .with_enable_interpolation_in_file(None)
}

fn alias_key() -> qovery_secrets::models::Key {
    qovery_secrets::models::Key::new("DB_PASSWORD".into()).with_description(Some("Alias used by the worker".into()))
}

#[tokio::test]
async fn qovery_secrets_conform_to_upstream() {
    use qovery_secrets::apis::job_secret_api::ListJobSecretsError;

    let started = Instant::now();
    let Some(prism) = start_prism("qovery/openapi.yaml") else { return };
    let client = qovery_secrets::Client::builder()
        .base_url(&prism.base_url)
        .api_key_auth_with_prefix("Token", "qov_2f1c0a6e5b4d")
        .build()
        .expect("client");
    let id = uuid::Uuid::parse_str("7c7e6b8a-3f1d-4c2e-9a51-0d2b8f6e4a10").unwrap();
    let secret_id = uuid::Uuid::parse_str("1d5a9e2c-8b47-4f03-a6de-52c0b9f3e781").unwrap();

    let mut calls = Vec::new();
    secret_tag!(
        calls,
        client.application_secret(),
        id,
        secret_id,
        list_application_secrets "listApplicationSecrets",
        create_application_secret "createApplicationSecret",
        edit_application_secret "editApplicationSecret",
        delete_application_secret "deleteApplicationSecret",
        create_application_secret_override "createApplicationSecretOverride",
        create_application_secret_alias "createApplicationSecretAlias"
    );
    secret_tag!(
        calls,
        client.container_secret(),
        id,
        secret_id,
        list_container_secrets "listContainerSecrets",
        create_container_secret "createContainerSecret",
        edit_container_secret "editContainerSecret",
        delete_container_secret "deleteContainerSecret",
        create_container_secret_override "createContainerSecretOverride",
        create_container_secret_alias "createContainerSecretAlias"
    );
    secret_tag!(
        calls,
        client.job_secret(),
        id,
        secret_id,
        list_job_secrets "listJobSecrets",
        create_job_secret "createJobSecret",
        edit_job_secret "editJobSecret",
        delete_job_secret "deleteJobSecret",
        create_job_secret_override "createJobSecretOverride",
        create_job_secret_alias "createJobSecretAlias"
    );
    secret_tag!(
        calls,
        client.environment_secret(),
        id,
        secret_id,
        list_environment_secrets "listEnvironmentSecrets",
        create_environment_secret "createEnvironmentSecret",
        edit_environment_secret "editEnvironmentSecret",
        delete_environment_secret "deleteEnvironmentSecret",
        create_environment_secret_override "createEnvironmentSecretOverride",
        create_environment_secret_alias "createEnvironmentSecretAlias"
    );
    secret_tag!(
        calls,
        client.project_secret(),
        id,
        secret_id,
        list_project_secrets "listProjectSecrets",
        create_project_secret "createProjectSecret",
        edit_project_secret "editProjectSecret",
        delete_project_secret "deleteProjectSecret",
        create_project_secret_override "createProjectSecretOverride",
        create_project_secret_alias "createProjectSecretAlias"
    );

    // The bearer alternative conforms too.
    let bearer = qovery_secrets::Client::builder()
        .base_url(&prism.base_url)
        .bearer_auth("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl")
        .build()
        .expect("client");
    let bearer_call = call!(qovery_secrets, "listJobSecrets", bearer.job_secret().list_job_secrets(id));

    verdict("qovery/openapi.yaml", &calls, 30, &prism, started);
    verdict("qovery/openapi.yaml (bearerAuth)", &[bearer_call], 1, &prism, started);

    // The verdict is not vacuous: a body breaking the schema (description
    // longer than maxLength 255) is caught, and surfaced as the typed 400.
    let bad = secret_request().with_description(Some("x".repeat(300)));
    let caught = call!(qovery_secrets, "createJobSecret", client.job_secret().create_job_secret(id, Some(bad)));
    assert_eq!(caught.status, Some(400), "{:?}", caught.decoded);
    assert!(!violations(&caught.headers, "request", true).is_empty(), "{:?}", caught.headers);
    assert!(caught.decoded.as_ref().unwrap_err().contains("Status400"), "{:?}", caught.decoded);

    // Without credentials Prism answers 401, surfaced as the typed variant.
    let anonymous = qovery_secrets::Client::builder().base_url(&prism.base_url).build().expect("client");
    match anonymous.job_secret().list_job_secrets(id).await {
        Err(qovery_secrets::Error::Response(r)) => {
            assert_eq!(r.status.as_u16(), 401, "{}", r.content);
            assert_eq!(r.entity, ListJobSecretsError::Status401, "{}", r.content);
        }
        other => panic!("expected a typed 401, got {other:?}"),
    }
}

/// Issue 3: the operation constructs of `specs/operations.yaml` (query
/// styles, deepObject, cookie, form, multipart with a file, octet-stream
/// and text bodies, several success bodies, per-path servers) called
/// through `generated/operations` against Prism mocking that document.
#[tokio::test]
async fn construct_operations_conform_to_their_spec() {
    use operations::models::{Part, Range, Search2Request, UploadFileRequest};

    let started = Instant::now();
    let spec = tests::workspace_root().join("specs/operations.yaml");
    let prism = Prism::start(&spec).unwrap_or_else(|e| panic!("{e}"));
    // Every spec server (API-wide, per path, per operation) goes to Prism,
    // which serves all paths of the document.
    let mut builder = operations::Client::builder();
    for server in operations::client::SERVERS {
        builder = builder.server_url(server, &prism.base_url);
    }
    let client = builder.build().expect("client");
    let (things, search, files, notes) = (client.things(), client.search(), client.files(), client.notes());
    let range = Range::new().with_min(1).with_max(9);
    // No `labels`: an array in multipart/form-data is one part per item
    // (RFC 7578 section 4.3; `operation_constructs.rs` checks
    // it on the wire), which Prism 5.14 reads as a single string and refuses.
    let upload = UploadFileRequest::new("f.bin".into(), vec![0, 1, 2, 255]);

    let calls = vec![
        call!(operations, "GET /things/{thing_id}/parts", things.get_things_thing_id_parts(7).x_trace("t")),
        call!(
            operations,
            "POST /things/{thing_id}/parts",
            things.post_things_thing_id_parts(7, "t", Part::new(3).with_name("bolt".into()))
        ),
        call!(
            operations,
            "search",
            search
                .search("session-1")
                .ids(vec![1, 2])
                .tags(vec!["a".into(), "b".into()])
                .words(vec!["x".into(), "y".into()])
                .codes(vec!["p".into(), "q".into()])
                .filter(range)
                .x_request_id(uuid::Uuid::from_u128(7))
        ),
        call!(operations, "search2", search.search2(Some(Search2Request::new("bolt".into()).with_limit(3)))),
        call!(operations, "uploadFile", files.upload_file(upload)),
        call!(operations, "downloadFile", files.download_file("f.bin")),
        call!(operations, "replaceFile", files.replace_file("f.bin", vec![1, 2, 3])),
        call!(operations, "putNote", notes.put_note("hello".into())),
        call!(operations, "deleteNotes", notes.delete_notes()),
    ];
    verdict("specs/operations.yaml", &calls, 9, &prism, started);
}

/// Issue 3: request bodies built from the schema and union constructs
/// (`specs/schemas.yaml`, `specs/unions.yaml`) validate against their
/// documents in Prism, and Prism's answers decode: nested allOf with an
/// explicit `null` for the nullable-in-allOf field and a write-only field;
/// a discriminated union whose tag is also a required property.
#[tokio::test]
async fn construct_schemas_conform_to_their_spec() {
    use schemas::models::{Pet, PetStatus};
    use unions::models::{Circle, CircleKind, Shape};

    let started = Instant::now();
    let pets = Prism::start(&tests::workspace_root().join("specs/schemas.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let client = schemas::Client::builder().base_url(&pets.base_url).build().expect("client");
    let mut pet = Pet::new(uuid::Uuid::from_u128(1), "rex".into(), PetStatus::Sold);
    pet.nickname = Some(None);
    pet.password = Some("hunter2".into());
    let calls = vec![call!(schemas, "createPet", client.default_model().create_pet(pet))];
    verdict("specs/schemas.yaml", &calls, 1, &pets, started);

    let started = Instant::now();
    let shapes = Prism::start(&tests::workspace_root().join("specs/unions.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let client = unions::Client::builder().base_url(&shapes.base_url).build().expect("client");
    let circle = Shape::Circle(Box::new(Circle::new(CircleKind::Circle, 2.5)));
    let calls = vec![call!(unions, "createShape", client.default_model().create_shape(circle))];
    verdict("specs/unions.yaml", &calls, 1, &shapes, started);
}

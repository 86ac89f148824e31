//! The signatures and models the published Qovery clients document
//! (Python `ApplicationSecretApi`, Rust `JobSecretApi`, the API reference
//! pages). Compiled, never run: a wrong type fails the build.
#![allow(dead_code, clippy::all)]

use qovery::apis::{ApplicationSecretApi, ContainerSecretApi, EnvironmentSecretApi, JobSecretApi, ProjectSecretApi};
use qovery::models::{
    ApiVariableScopeEnum, ApiVariableTypeEnum, Key, LinkedServiceTypeEnum, Secret, SecretEditRequest, SecretRequest,
    SecretResponseList, Value,
};

type R<T, E> = Result<T, qovery::Error<E>>;

/// One check function per secret tag, all with the documented shape, e.g.
/// `create_job_secret(job_id: uuid::Uuid, secret_request: Option<SecretRequest>) -> Secret`.
macro_rules! secret_api {
    ($fn:ident, $api:ty, $m:ident, $create:ident / $CreateE:ident, $alias:ident / $AliasE:ident,
     $override:ident / $OverrideE:ident, $delete:ident / $DeleteE:ident, $edit:ident / $EditE:ident,
     $list:ident / $ListE:ident) => {
        pub async fn $fn(api: &$api, id: uuid::Uuid, secret_id: uuid::Uuid) {
            use qovery::apis::$m as m;
            let _: R<Secret, m::$CreateE> = api.$create(id, Option::<SecretRequest>::None).await;
            let _: R<Secret, m::$AliasE> = api.$alias(id, secret_id, Option::<Key>::None).await;
            let _: R<Secret, m::$OverrideE> = api.$override(id, secret_id, Option::<Value>::None).await;
            let _: R<(), m::$DeleteE> = api.$delete(id, secret_id).await;
            let edit: SecretEditRequest = SecretEditRequest::new(String::from("KEY"));
            let _: R<Secret, m::$EditE> = api.$edit(id, secret_id, edit).await;
            let _: R<SecretResponseList, m::$ListE> = api.$list(id).await;
        }
    };
}

secret_api!(
    application,
    ApplicationSecretApi,
    application_secret_api,
    create_application_secret / CreateApplicationSecretError,
    create_application_secret_alias / CreateApplicationSecretAliasError,
    create_application_secret_override / CreateApplicationSecretOverrideError,
    delete_application_secret / DeleteApplicationSecretError,
    edit_application_secret / EditApplicationSecretError,
    list_application_secrets / ListApplicationSecretsError
);

secret_api!(
    job,
    JobSecretApi,
    job_secret_api,
    create_job_secret / CreateJobSecretError,
    create_job_secret_alias / CreateJobSecretAliasError,
    create_job_secret_override / CreateJobSecretOverrideError,
    delete_job_secret / DeleteJobSecretError,
    edit_job_secret / EditJobSecretError,
    list_job_secrets / ListJobSecretsError
);

secret_api!(
    container,
    ContainerSecretApi,
    container_secret_api,
    create_container_secret / CreateContainerSecretError,
    create_container_secret_alias / CreateContainerSecretAliasError,
    create_container_secret_override / CreateContainerSecretOverrideError,
    delete_container_secret / DeleteContainerSecretError,
    edit_container_secret / EditContainerSecretError,
    list_container_secrets / ListContainerSecretsError
);

secret_api!(
    environment,
    EnvironmentSecretApi,
    environment_secret_api,
    create_environment_secret / CreateEnvironmentSecretError,
    create_environment_secret_alias / CreateEnvironmentSecretAliasError,
    create_environment_secret_override / CreateEnvironmentSecretOverrideError,
    delete_environment_secret / DeleteEnvironmentSecretError,
    edit_environment_secret / EditEnvironmentSecretError,
    list_environment_secrets / ListEnvironmentSecretsError
);

secret_api!(
    project,
    ProjectSecretApi,
    project_secret_api,
    create_project_secret / CreateProjectSecretError,
    create_project_secret_alias / CreateProjectSecretAliasError,
    create_project_secret_override / CreateProjectSecretOverrideError,
    delete_project_secret / DeleteProjectSecretError,
    edit_project_secret / EditProjectSecretError,
    list_project_secrets / ListProjectSecretsError
);

/// The API groups are reached from one client.
pub fn groups(client: &qovery::Client) {
    let _: ApplicationSecretApi = client.application_secret();
    let _: JobSecretApi = client.job_secret();
    let _: ProjectSecretApi = client.project_secret();
}

/// `Key` (alias body) and `Value` (override body): every field, with the
/// documented optionality (`key` required, an argument of `new`; nullable
/// fields may be sent as an explicit `null`, the setter's `None`). The
/// models are `#[non_exhaustive]`, so they are built with `new` and the
/// `with_*` setters, and the patterns below name each field with its type.
pub fn bodies() -> (Key, Value) {
    let key = Key::new(String::from("ALIAS")).with_description(None).with_enable_interpolation_in_file(Some(true));
    let value = Value::new().with_value(String::from("v")).with_enable_interpolation_in_file(None);
    let Key { key: _, description: _, enable_interpolation_in_file: _, .. }: &Key = &key;
    let _: (&String, &Option<Option<String>>, &Option<Option<bool>>) =
        (&key.key, &key.description, &key.enable_interpolation_in_file);
    let Value { value: _, description: _, enable_interpolation_in_file: _, .. }: &Value = &value;
    let _: (&Option<String>, &Option<Option<String>>, &Option<Option<bool>>) =
        (&value.value, &value.description, &value.enable_interpolation_in_file);
    (key, value)
}

/// `Secret`: `id`, `created_at`, `key` and `scope` required and typed.
pub fn secret(s: Secret) {
    let _: uuid::Uuid = s.id;
    let _: chrono::DateTime<chrono::Utc> = s.created_at;
    let _: String = s.key;
    let _: ApiVariableScopeEnum = s.scope;
    let _: Option<ApiVariableTypeEnum> = s.variable_type;
    let _: Option<LinkedServiceTypeEnum> = s.service_type;
    let _: Option<uuid::Uuid> = s.service_id;
}

/// The documented enum values.
pub fn enums() {
    use ApiVariableScopeEnum as S;
    let _ = [S::Application, S::BuiltIn, S::Environment, S::Project, S::Container, S::Job, S::Helm, S::Terraform];
    use ApiVariableTypeEnum as T;
    let _ = [T::Value, T::Alias, T::Override, T::BuiltIn, T::File];
    use LinkedServiceTypeEnum as L;
    let _ = [L::Application, L::Container, L::Database, L::Job, L::Helm, L::Terraform];
}

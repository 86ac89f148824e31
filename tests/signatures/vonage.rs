//! The signatures the published Vonage client documents for
//! `SecretManagementApi`. Compiled, never run.
#![allow(dead_code, clippy::all)]

use vonage::apis::secret_management_api as m;
use vonage::apis::SecretManagementApi;
use vonage::models::{CreateSecretRequest, RetrieveApiSecrets200Response, SecretInfo};

type R<T, E> = Result<T, vonage::Error<E>>;

/// `create_api_secret(api_key, create_secret_request) -> SecretInfo` and the rest.
pub async fn secret_management(api: &SecretManagementApi, request: CreateSecretRequest) {
    let _: R<SecretInfo, m::CreateApiSecretError> = api.create_api_secret("abcd1234", request).await;
    let _: R<SecretInfo, m::RetrieveApiSecretError> = api.retrieve_api_secret("abcd1234", "secret-id").await;
    let _: R<RetrieveApiSecrets200Response, m::RetrieveApiSecretsError> = api.retrieve_api_secrets("abcd1234").await;
    let _: R<(), m::RevokeApiSecretError> = api.revoke_api_secret("abcd1234", "secret-id").await;
}

/// The group is reached from the client; basic auth is configured on the builder.
pub fn client() -> SecretManagementApi {
    let client = vonage::Client::builder().basic_auth("key", "secret").build().expect("client");
    client.secret_management()
}

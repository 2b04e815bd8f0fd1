//! Sends a complete, already-validated operation input through the SDK.
//!
//! The SDK's fluent builders are filled one member at a time, so sending a deserialized
//! `RegisterTaskDefinitionInput` that way would mean copying each top-level member by hand, and
//! every new ECS field would need a code change. Instead the request is started with an empty
//! builder and this interceptor swaps in the complete input just before serialization — the one
//! point the SDK lets a caller replace the input. Retries reuse the serialized request, so the
//! swap happens once.

use std::fmt;
use std::sync::Mutex;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextMut, Input,
};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Replaces the operation input with `T` (which must be that operation's input type).
pub struct UseInput<T>(Mutex<Option<T>>);

impl<T> UseInput<T> {
    pub fn new(input: T) -> Self {
        Self(Mutex::new(Some(input)))
    }
}

impl<T> fmt::Debug for UseInput<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UseInput")
    }
}

impl<T> Intercept for UseInput<T>
where
    T: fmt::Debug + Send + Sync + 'static,
{
    fn name(&self) -> &'static str {
        "shipper::UseInput"
    }

    fn modify_before_serialization(
        &self,
        context: &mut BeforeSerializationInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let input = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
        if let Some(input) = input {
            *context.input_mut() = Input::erase(input);
        }
        Ok(())
    }
}

//! TEMPORARY
pub mod init {
    pub async fn run(
        _ctx: &crate::context::Context,
        _args: &crate::cli::InitArgs,
    ) -> crate::error::Result<crate::error::Exit> {
        Err(crate::error::Error::new("daemons: not yet"))
    }
}
pub async fn dispatch(
    _ctx: &crate::context::Context,
    _command: &crate::cli::Command,
) -> crate::error::Result<crate::error::Exit> {
    Err(crate::error::Error::new("daemons: not yet"))
}

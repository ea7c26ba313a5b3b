package io.berth.pg.protocol;

/** A message a client (frontend) sends. Type bytes overlap with {@link ServerMessage}'s. */
public sealed interface ClientMessage extends PgMessage
        permits StartupMessage,
                SslRequest,
                GssEncRequest,
                CancelRequest,
                Query,
                Parse,
                Bind,
                Describe,
                Execute,
                Close,
                Sync,
                Flush,
                Terminate,
                PasswordMessage,
                CopyData,
                CopyDone,
                CopyFail,
                Passthrough {}

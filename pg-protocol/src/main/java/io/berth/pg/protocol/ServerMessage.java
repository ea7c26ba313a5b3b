package io.berth.pg.protocol;

/** A message a server (backend) sends. Type bytes overlap with {@link ClientMessage}'s. */
public sealed interface ServerMessage extends PgMessage
        permits Authentication,
                ParameterStatus,
                BackendKeyData,
                ReadyForQuery,
                ErrorResponse,
                CommandComplete,
                ParseComplete,
                BindComplete,
                CloseComplete,
                NoData,
                EmptyQueryResponse,
                RowDescription,
                DataRow,
                CopyResponse,
                CopyData,
                CopyDone,
                NegotiateProtocolVersion,
                Passthrough {}

package io.berth.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FatalErrorsTest {

    @Test
    void connectionExceptionClassIsFatal() {
        assertThat(FatalErrors.isFatal(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("closed", "08003"))).isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("refused", "08001"))).isTrue();
    }

    @Test
    void postgresShutdownStatesAreFatal() {
        assertThat(FatalErrors.isFatal(
                        new SQLException("terminating connection due to administrator command", "57P01")))
                .isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("crash shutdown", "57P02")))
                .isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("cannot connect now", "57P03")))
                .isTrue();
    }

    @Test
    void disconnectAndJConnectStatesAreFatal() {
        assertThat(FatalErrors.isFatal(new SQLException("disconnect", "01002"))).isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("jz", "JZ0C0"))).isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("jz", "JZ0C1"))).isTrue();
    }

    @Test
    void connectionExceptionTypesAreFatalWhateverTheirState() {
        assertThat(FatalErrors.isFatal(new SQLNonTransientConnectionException("socket closed", "HY000")))
                .isTrue();
        assertThat(FatalErrors.isFatal(new SQLTransientConnectionException("reset")))
                .isTrue();
        assertThat(FatalErrors.isFatal(new SQLRecoverableException("reconnect")))
                .isTrue();
    }

    @Test
    void mariaDbConnectionKilledIsFatalButAnInterruptedQueryIsNot() {
        assertThat(FatalErrors.isFatal(new SQLException("Connection was killed", "70100", 1927)))
                .isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("Query execution was interrupted", "70100", 1317)))
                .isFalse();
    }

    @Test
    void ordinaryErrorsAreNotFatal() {
        assertThat(FatalErrors.isFatal(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(FatalErrors.isFatal(new SQLException("syntax error", "42601")))
                .isFalse();
        assertThat(FatalErrors.isFatal(new SQLException("canceling statement due to user request", "57014")))
                .isFalse();
        assertThat(FatalErrors.isFatal(new SQLTimeoutException("timeout", "57014")))
                .isFalse();
        assertThat(FatalErrors.isFatal(new SQLException("no state"))).isFalse();
    }

    @Test
    void aFatalNextExceptionMakesTheWholeChainFatal() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", "23505", new int[0]);
        batch.setNextException(new SQLException("another row", "23505"));
        assertThat(FatalErrors.isFatal(batch)).isFalse();
        batch.getNextException().setNextException(new SQLException("I/O error", "08006"));
        assertThat(FatalErrors.isFatal(batch)).isTrue();
    }

    @Test
    void aFatalCauseMakesTheExceptionFatal() {
        SQLException wrapped =
                new SQLException("wrapper", "HY000", new IOException("io", new SQLException("gone", "57P01")));
        assertThat(FatalErrors.isFatal(wrapped)).isTrue();
        assertThat(FatalErrors.isFatal(new SQLException("wrapper", "HY000", new IOException("not sql"))))
                .isFalse();
    }

    @Test
    void aCyclicChainEnds() {
        SQLException a = new SQLException("a", "23505");
        SQLException b = new SQLException("b", "23505");
        a.setNextException(b);
        b.setNextException(a);
        assertThat(FatalErrors.isFatal(a)).isFalse();
    }
}

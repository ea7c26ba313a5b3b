package io.berth.jdbc.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The root of {@link ProxyDatabaseMetaData}: shared state and the {@code supportsXxx} answers, split
 * out only to keep each class a readable size. Every call throws "connection is closed" once the
 * connection is.
 */
abstract class MetaDataSupports implements DatabaseMetaData {
    final ProxyConnection connection;
    final DatabaseMetaData driverMetaData;

    MetaDataSupports(ProxyConnection connection, DatabaseMetaData driverMetaData) {
        this.connection = connection;
        this.driverMetaData = driverMetaData;
    }

    /** The driver's metadata, or "connection is closed". */
    final DatabaseMetaData delegate() throws SQLException {
        if (connection.isClosedByBorrower()) {
            throw connection.closedException();
        }
        return driverMetaData;
    }

    /** As {@link #delegate()}, for a call that queries the catalog (and may open a transaction). */
    final DatabaseMetaData executing() throws SQLException {
        DatabaseMetaData md = delegate();
        connection.markUsed();
        return md;
    }

    @Override
    public boolean supportsMixedCaseIdentifiers() throws SQLException {
        try {
            return delegate().supportsMixedCaseIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate().supportsMixedCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsAlterTableWithAddColumn() throws SQLException {
        try {
            return delegate().supportsAlterTableWithAddColumn();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsAlterTableWithDropColumn() throws SQLException {
        try {
            return delegate().supportsAlterTableWithDropColumn();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsColumnAliasing() throws SQLException {
        try {
            return delegate().supportsColumnAliasing();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsConvert() throws SQLException {
        try {
            return delegate().supportsConvert();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsConvert(int fromType, int toType) throws SQLException {
        try {
            return delegate().supportsConvert(fromType, toType);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsTableCorrelationNames() throws SQLException {
        try {
            return delegate().supportsTableCorrelationNames();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsDifferentTableCorrelationNames() throws SQLException {
        try {
            return delegate().supportsDifferentTableCorrelationNames();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsExpressionsInOrderBy() throws SQLException {
        try {
            return delegate().supportsExpressionsInOrderBy();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsOrderByUnrelated() throws SQLException {
        try {
            return delegate().supportsOrderByUnrelated();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsGroupBy() throws SQLException {
        try {
            return delegate().supportsGroupBy();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsGroupByUnrelated() throws SQLException {
        try {
            return delegate().supportsGroupByUnrelated();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsGroupByBeyondSelect() throws SQLException {
        try {
            return delegate().supportsGroupByBeyondSelect();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsLikeEscapeClause() throws SQLException {
        try {
            return delegate().supportsLikeEscapeClause();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsMultipleResultSets() throws SQLException {
        try {
            return delegate().supportsMultipleResultSets();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsMultipleTransactions() throws SQLException {
        try {
            return delegate().supportsMultipleTransactions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsNonNullableColumns() throws SQLException {
        try {
            return delegate().supportsNonNullableColumns();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsMinimumSQLGrammar() throws SQLException {
        try {
            return delegate().supportsMinimumSQLGrammar();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCoreSQLGrammar() throws SQLException {
        try {
            return delegate().supportsCoreSQLGrammar();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsExtendedSQLGrammar() throws SQLException {
        try {
            return delegate().supportsExtendedSQLGrammar();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsANSI92EntryLevelSQL() throws SQLException {
        try {
            return delegate().supportsANSI92EntryLevelSQL();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsANSI92IntermediateSQL() throws SQLException {
        try {
            return delegate().supportsANSI92IntermediateSQL();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsANSI92FullSQL() throws SQLException {
        try {
            return delegate().supportsANSI92FullSQL();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsIntegrityEnhancementFacility() throws SQLException {
        try {
            return delegate().supportsIntegrityEnhancementFacility();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsOuterJoins() throws SQLException {
        try {
            return delegate().supportsOuterJoins();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsFullOuterJoins() throws SQLException {
        try {
            return delegate().supportsFullOuterJoins();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsLimitedOuterJoins() throws SQLException {
        try {
            return delegate().supportsLimitedOuterJoins();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInDataManipulation() throws SQLException {
        try {
            return delegate().supportsSchemasInDataManipulation();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInProcedureCalls() throws SQLException {
        try {
            return delegate().supportsSchemasInProcedureCalls();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInTableDefinitions() throws SQLException {
        try {
            return delegate().supportsSchemasInTableDefinitions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInIndexDefinitions() throws SQLException {
        try {
            return delegate().supportsSchemasInIndexDefinitions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
        try {
            return delegate().supportsSchemasInPrivilegeDefinitions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInDataManipulation() throws SQLException {
        try {
            return delegate().supportsCatalogsInDataManipulation();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInProcedureCalls() throws SQLException {
        try {
            return delegate().supportsCatalogsInProcedureCalls();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInTableDefinitions() throws SQLException {
        try {
            return delegate().supportsCatalogsInTableDefinitions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
        try {
            return delegate().supportsCatalogsInIndexDefinitions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
        try {
            return delegate().supportsCatalogsInPrivilegeDefinitions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsPositionedDelete() throws SQLException {
        try {
            return delegate().supportsPositionedDelete();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsPositionedUpdate() throws SQLException {
        try {
            return delegate().supportsPositionedUpdate();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSelectForUpdate() throws SQLException {
        try {
            return delegate().supportsSelectForUpdate();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsStoredProcedures() throws SQLException {
        try {
            return delegate().supportsStoredProcedures();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInComparisons() throws SQLException {
        try {
            return delegate().supportsSubqueriesInComparisons();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInExists() throws SQLException {
        try {
            return delegate().supportsSubqueriesInExists();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInIns() throws SQLException {
        try {
            return delegate().supportsSubqueriesInIns();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSubqueriesInQuantifieds() throws SQLException {
        try {
            return delegate().supportsSubqueriesInQuantifieds();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsCorrelatedSubqueries() throws SQLException {
        try {
            return delegate().supportsCorrelatedSubqueries();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsUnion() throws SQLException {
        try {
            return delegate().supportsUnion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsUnionAll() throws SQLException {
        try {
            return delegate().supportsUnionAll();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
        try {
            return delegate().supportsOpenCursorsAcrossCommit();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
        try {
            return delegate().supportsOpenCursorsAcrossRollback();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
        try {
            return delegate().supportsOpenStatementsAcrossCommit();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
        try {
            return delegate().supportsOpenStatementsAcrossRollback();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsTransactions() throws SQLException {
        try {
            return delegate().supportsTransactions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
        try {
            return delegate().supportsTransactionIsolationLevel(level);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
        try {
            return delegate().supportsDataDefinitionAndDataManipulationTransactions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
        try {
            return delegate().supportsDataManipulationTransactionsOnly();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsResultSetType(int type) throws SQLException {
        try {
            return delegate().supportsResultSetType(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
        try {
            return delegate().supportsResultSetConcurrency(type, concurrency);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsBatchUpdates() throws SQLException {
        try {
            return delegate().supportsBatchUpdates();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSavepoints() throws SQLException {
        try {
            return delegate().supportsSavepoints();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsNamedParameters() throws SQLException {
        try {
            return delegate().supportsNamedParameters();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsMultipleOpenResults() throws SQLException {
        try {
            return delegate().supportsMultipleOpenResults();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsGetGeneratedKeys() throws SQLException {
        try {
            return delegate().supportsGetGeneratedKeys();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsResultSetHoldability(int holdability) throws SQLException {
        try {
            return delegate().supportsResultSetHoldability(holdability);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsStatementPooling() throws SQLException {
        try {
            return delegate().supportsStatementPooling();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
        try {
            return delegate().supportsStoredFunctionsUsingCallSyntax();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsRefCursors() throws SQLException {
        try {
            return delegate().supportsRefCursors();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean supportsSharding() throws SQLException {
        try {
            return delegate().supportsSharding();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

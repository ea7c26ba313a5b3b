package io.berth.jdbc.internal;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The scalar properties of {@link ProxyDatabaseMetaData} (names, limits, behaviours), split out only
 * to keep each class a readable size.
 */
abstract class MetaDataProperties extends MetaDataSupports {

    MetaDataProperties(ProxyConnection connection, DatabaseMetaData driverMetaData) {
        super(connection, driverMetaData);
    }

    @Override
    public boolean allProceduresAreCallable() throws SQLException {
        try {
            return delegate().allProceduresAreCallable();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean allTablesAreSelectable() throws SQLException {
        try {
            return delegate().allTablesAreSelectable();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getURL() throws SQLException {
        try {
            return delegate().getURL();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getUserName() throws SQLException {
        try {
            return delegate().getUserName();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        try {
            return delegate().isReadOnly();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedHigh() throws SQLException {
        try {
            return delegate().nullsAreSortedHigh();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedLow() throws SQLException {
        try {
            return delegate().nullsAreSortedLow();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedAtStart() throws SQLException {
        try {
            return delegate().nullsAreSortedAtStart();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean nullsAreSortedAtEnd() throws SQLException {
        try {
            return delegate().nullsAreSortedAtEnd();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getDatabaseProductName() throws SQLException {
        try {
            return delegate().getDatabaseProductName();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getDatabaseProductVersion() throws SQLException {
        try {
            return delegate().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getDriverName() throws SQLException {
        try {
            return delegate().getDriverName();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getDriverVersion() throws SQLException {
        try {
            return delegate().getDriverVersion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getDriverMajorVersion() {
        return driverMetaData.getDriverMajorVersion();
    }

    @Override
    public int getDriverMinorVersion() {
        return driverMetaData.getDriverMinorVersion();
    }

    @Override
    public boolean usesLocalFiles() throws SQLException {
        try {
            return delegate().usesLocalFiles();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean usesLocalFilePerTable() throws SQLException {
        try {
            return delegate().usesLocalFilePerTable();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean storesUpperCaseIdentifiers() throws SQLException {
        try {
            return delegate().storesUpperCaseIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean storesLowerCaseIdentifiers() throws SQLException {
        try {
            return delegate().storesLowerCaseIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean storesMixedCaseIdentifiers() throws SQLException {
        try {
            return delegate().storesMixedCaseIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate().storesUpperCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate().storesLowerCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
        try {
            return delegate().storesMixedCaseQuotedIdentifiers();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getIdentifierQuoteString() throws SQLException {
        try {
            return delegate().getIdentifierQuoteString();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getSQLKeywords() throws SQLException {
        try {
            return delegate().getSQLKeywords();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getNumericFunctions() throws SQLException {
        try {
            return delegate().getNumericFunctions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getStringFunctions() throws SQLException {
        try {
            return delegate().getStringFunctions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getSystemFunctions() throws SQLException {
        try {
            return delegate().getSystemFunctions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getTimeDateFunctions() throws SQLException {
        try {
            return delegate().getTimeDateFunctions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getSearchStringEscape() throws SQLException {
        try {
            return delegate().getSearchStringEscape();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getExtraNameCharacters() throws SQLException {
        try {
            return delegate().getExtraNameCharacters();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean nullPlusNonNullIsNull() throws SQLException {
        try {
            return delegate().nullPlusNonNullIsNull();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getSchemaTerm() throws SQLException {
        try {
            return delegate().getSchemaTerm();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getProcedureTerm() throws SQLException {
        try {
            return delegate().getProcedureTerm();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getCatalogTerm() throws SQLException {
        try {
            return delegate().getCatalogTerm();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isCatalogAtStart() throws SQLException {
        try {
            return delegate().isCatalogAtStart();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public String getCatalogSeparator() throws SQLException {
        try {
            return delegate().getCatalogSeparator();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxBinaryLiteralLength() throws SQLException {
        try {
            return delegate().getMaxBinaryLiteralLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxCharLiteralLength() throws SQLException {
        try {
            return delegate().getMaxCharLiteralLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxColumnNameLength() throws SQLException {
        try {
            return delegate().getMaxColumnNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxColumnsInGroupBy() throws SQLException {
        try {
            return delegate().getMaxColumnsInGroupBy();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxColumnsInIndex() throws SQLException {
        try {
            return delegate().getMaxColumnsInIndex();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxColumnsInOrderBy() throws SQLException {
        try {
            return delegate().getMaxColumnsInOrderBy();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxColumnsInSelect() throws SQLException {
        try {
            return delegate().getMaxColumnsInSelect();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxColumnsInTable() throws SQLException {
        try {
            return delegate().getMaxColumnsInTable();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxConnections() throws SQLException {
        try {
            return delegate().getMaxConnections();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxCursorNameLength() throws SQLException {
        try {
            return delegate().getMaxCursorNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxIndexLength() throws SQLException {
        try {
            return delegate().getMaxIndexLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxSchemaNameLength() throws SQLException {
        try {
            return delegate().getMaxSchemaNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxProcedureNameLength() throws SQLException {
        try {
            return delegate().getMaxProcedureNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxCatalogNameLength() throws SQLException {
        try {
            return delegate().getMaxCatalogNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxRowSize() throws SQLException {
        try {
            return delegate().getMaxRowSize();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
        try {
            return delegate().doesMaxRowSizeIncludeBlobs();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxStatementLength() throws SQLException {
        try {
            return delegate().getMaxStatementLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxStatements() throws SQLException {
        try {
            return delegate().getMaxStatements();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxTableNameLength() throws SQLException {
        try {
            return delegate().getMaxTableNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxTablesInSelect() throws SQLException {
        try {
            return delegate().getMaxTablesInSelect();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getMaxUserNameLength() throws SQLException {
        try {
            return delegate().getMaxUserNameLength();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getDefaultTransactionIsolation() throws SQLException {
        try {
            return delegate().getDefaultTransactionIsolation();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
        try {
            return delegate().dataDefinitionCausesTransactionCommit();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
        try {
            return delegate().dataDefinitionIgnoredInTransactions();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean ownUpdatesAreVisible(int type) throws SQLException {
        try {
            return delegate().ownUpdatesAreVisible(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean ownDeletesAreVisible(int type) throws SQLException {
        try {
            return delegate().ownDeletesAreVisible(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean ownInsertsAreVisible(int type) throws SQLException {
        try {
            return delegate().ownInsertsAreVisible(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean othersUpdatesAreVisible(int type) throws SQLException {
        try {
            return delegate().othersUpdatesAreVisible(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean othersDeletesAreVisible(int type) throws SQLException {
        try {
            return delegate().othersDeletesAreVisible(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean othersInsertsAreVisible(int type) throws SQLException {
        try {
            return delegate().othersInsertsAreVisible(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean updatesAreDetected(int type) throws SQLException {
        try {
            return delegate().updatesAreDetected(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean deletesAreDetected(int type) throws SQLException {
        try {
            return delegate().deletesAreDetected(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean insertsAreDetected(int type) throws SQLException {
        try {
            return delegate().insertsAreDetected(type);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate().getResultSetHoldability();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getDatabaseMajorVersion() throws SQLException {
        try {
            return delegate().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getDatabaseMinorVersion() throws SQLException {
        try {
            return delegate().getDatabaseMinorVersion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getJDBCMajorVersion() throws SQLException {
        try {
            return delegate().getJDBCMajorVersion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getJDBCMinorVersion() throws SQLException {
        try {
            return delegate().getJDBCMinorVersion();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public int getSQLStateType() throws SQLException {
        try {
            return delegate().getSQLStateType();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean locatorsUpdateCopy() throws SQLException {
        try {
            return delegate().locatorsUpdateCopy();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
        try {
            return delegate().autoCommitFailureClosesAllResultSets();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean generatedKeyAlwaysReturned() throws SQLException {
        try {
            return delegate().generatedKeyAlwaysReturned();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public long getMaxLogicalLobSize() throws SQLException {
        try {
            return delegate().getMaxLogicalLobSize();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

package io.berth.jdbc.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;

/**
 * The {@link DatabaseMetaData} a borrower gets from {@link ProxyConnection#getMetaData()}: {@link
 * #getConnection()} returns the proxy connection and catalog queries return {@link ProxyResultSet}s
 * whose statement is null (as JDBC says for metadata), closed with the connection if their user
 * does not close them, so nothing leaks the driver's objects except {@link #unwrap}.
 */
final class ProxyDatabaseMetaData extends MetaDataProperties {

    ProxyDatabaseMetaData(ProxyConnection connection, DatabaseMetaData driverMetaData) {
        super(connection, driverMetaData);
    }

    private ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : ProxyResultSet.nested(connection, null, rs);
    }

    @Override
    public Connection getConnection() throws SQLException {
        delegate();
        return connection;
    }

    /** Reaches the driver's metadata (or anything it wraps), or this proxy. */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        DatabaseMetaData md = delegate();
        if (iface.isInstance(md)) {
            return iface.cast(md);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        try {
            return md.unwrap(iface);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        DatabaseMetaData md = delegate();
        if (iface.isInstance(md) || iface.isInstance(this)) {
            return true;
        }
        try {
            return md.isWrapperFor(iface);
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getProcedures(catalog, schemaPattern, procedureNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getProcedureColumns(
            String catalog, String schemaPattern, String procedureNamePattern, String columnNamePattern)
            throws SQLException {
        try {
            return resultSet(
                    executing().getProcedureColumns(catalog, schemaPattern, procedureNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
            throws SQLException {
        try {
            return resultSet(executing().getTables(catalog, schemaPattern, tableNamePattern, types));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getSchemas() throws SQLException {
        try {
            return resultSet(executing().getSchemas());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getCatalogs() throws SQLException {
        try {
            return resultSet(executing().getCatalogs());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getTableTypes() throws SQLException {
        try {
            return resultSet(executing().getTableTypes());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getColumnPrivileges(catalog, schema, table, columnNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getTablePrivileges(catalog, schemaPattern, tableNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
            throws SQLException {
        try {
            return resultSet(executing().getBestRowIdentifier(catalog, schema, table, scope, nullable));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
        try {
            return resultSet(executing().getVersionColumns(catalog, schema, table));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
        try {
            return resultSet(executing().getPrimaryKeys(catalog, schema, table));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
        try {
            return resultSet(executing().getImportedKeys(catalog, schema, table));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
        try {
            return resultSet(executing().getExportedKeys(catalog, schema, table));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getCrossReference(
            String parentCatalog,
            String parentSchema,
            String parentTable,
            String foreignCatalog,
            String foreignSchema,
            String foreignTable)
            throws SQLException {
        try {
            return resultSet(executing()
                    .getCrossReference(
                            parentCatalog, parentSchema, parentTable, foreignCatalog, foreignSchema, foreignTable));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getTypeInfo() throws SQLException {
        try {
            return resultSet(executing().getTypeInfo());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
            throws SQLException {
        try {
            return resultSet(executing().getIndexInfo(catalog, schema, table, unique, approximate));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
            throws SQLException {
        try {
            return resultSet(executing().getUDTs(catalog, schemaPattern, typeNamePattern, types));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
        try {
            return resultSet(executing().getSuperTypes(catalog, schemaPattern, typeNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern) throws SQLException {
        try {
            return resultSet(executing().getSuperTables(catalog, schemaPattern, tableNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getAttributes(
            String catalog, String schemaPattern, String typeNamePattern, String attributeNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getAttributes(catalog, schemaPattern, typeNamePattern, attributeNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public RowIdLifetime getRowIdLifetime() throws SQLException {
        try {
            return delegate().getRowIdLifetime();
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
        try {
            return resultSet(executing().getSchemas(catalog, schemaPattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getClientInfoProperties() throws SQLException {
        try {
            return resultSet(executing().getClientInfoProperties());
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getFunctions(catalog, schemaPattern, functionNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getFunctionColumns(
            String catalog, String schemaPattern, String functionNamePattern, String columnNamePattern)
            throws SQLException {
        try {
            return resultSet(
                    executing().getFunctionColumns(catalog, schemaPattern, functionNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }

    @Override
    public ResultSet getPseudoColumns(
            String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
            throws SQLException {
        try {
            return resultSet(executing().getPseudoColumns(catalog, schemaPattern, tableNamePattern, columnNamePattern));
        } catch (SQLException e) {
            throw connection.fail(e);
        }
    }
}

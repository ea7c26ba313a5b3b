package io.berth.testkit;

import io.berth.pool.Connector;

/** The test connector keeps the connector contract itself. */
class ScriptableConnectorCompatibilityTest extends ConnectorCompatibilityKit<TestConnection> {
    @Override
    protected Connector<TestConnection> connector() {
        return new ScriptableConnector();
    }
}

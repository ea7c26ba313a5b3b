package io.berth.testkit.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresFixtureTest {

    @Test
    void hbaLinesGoBeforeTheFirstRuleOnceOnly(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("pg_hba.conf");
        Files.write(hba, List.of("# comment", "", "local all all trust", "host all all 127.0.0.1/32 trust"));

        assertThat(PostgresFixture.addHbaLines(hba)).isTrue();
        assertThat(PostgresFixture.addHbaLines(hba)).isFalse();

        List<String> lines = Files.readAllLines(hba);
        assertThat(lines.subList(3, 5)).containsExactlyElementsOf(PostgresFixture.HBA_LINES);
        assertThat(lines.get(0)).isEqualTo("# comment");
        assertThat(lines.subList(5, 7)).containsExactly("local all all trust", "host all all 127.0.0.1/32 trust");
    }

    @Test
    void onlyTheMissingHbaLineIsAdded(@TempDir Path dir) throws Exception {
        Path hba = dir.resolve("pg_hba.conf");
        Files.write(hba, List.of("host  all  berth_scram  127.0.0.1/32  scram-sha-256", "local all all trust"));

        PostgresFixture.addHbaLines(hba);

        assertThat(Files.readAllLines(hba))
                .filteredOn(line -> line.contains("berth_"))
                .containsExactly(
                        "host all berth_md5 127.0.0.1/32 md5", "host  all  berth_scram  127.0.0.1/32  scram-sha-256");
    }
}

package io.berth.proxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.proxy.internal.DashboardApi.ClientQuery;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiParamsTest {
    private static Map<String, List<String>> query(String uri) {
        return new QueryStringDecoder(uri).parameters();
    }

    @Test
    void clientQueriesFilterSortAndLimit() {
        assertThat(ApiParams.clientQuery(query("/api/clients"))).isEqualTo(ClientQuery.ALL);
        assertThat(ApiParams.clientQuery(query("/api/clients?state=waiting&order=wait&limit=10")))
                .isEqualTo(new ClientQuery("waiting", true, 10));
        assertThat(ApiParams.clientQuery(query("/api/clients?order=connect"))).isEqualTo(ClientQuery.ALL);
    }

    @Test
    void badClientQueriesNameTheParameterAndWhatIsAllowed() {
        assertThatThrownBy(() -> ApiParams.clientQuery(query("/api/clients?limit=ten")))
                .hasMessage("limit = ten is invalid: must be an integer between 1 and 1000000");
        assertThatThrownBy(() -> ApiParams.clientQuery(query("/api/clients?order=name")))
                .hasMessage("order = name is invalid: must be connect (oldest connection first) or wait (longest"
                        + " wait first)");
        assertThatThrownBy(() -> ApiParams.clientQuery(query("/api/clients?state=active&state=waiting")))
                .hasMessage("parameter \"state\" is given 2 times: give it once");
        assertThatThrownBy(() -> ApiParams.clientQuery(query("/api/clients?user=bob")))
                .hasMessage("unknown parameter \"user\": /api/clients takes limit, order, state");
    }

    @Test
    void historySinceIsEpochMilliseconds() {
        assertThat(ApiParams.since(query("/api/history"))).isEqualTo(Long.MIN_VALUE);
        assertThat(ApiParams.since(query("/api/history?since=1700000000000"))).isEqualTo(1_700_000_000_000L);
        assertThatThrownBy(() -> ApiParams.since(query("/api/history?since=-1")))
                .hasMessage("since = -1 is invalid: must be an integer between 0 and 9223372036854775807");
    }
}

package io.berth.proxy.internal;

import io.berth.proxy.internal.DashboardApi.ClientQuery;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of the JSON API, checked: a bad or unknown one is an {@link
 * IllegalArgumentException} whose message names it, the value and what is allowed (a 400 answer).
 */
final class ApiParams {
    private static final int MAX_LIMIT = 1_000_000;

    private ApiParams() {}

    /** {@code /api/clients?state=active|waiting&order=connect|wait&limit=N}. */
    static ClientQuery clientQuery(Map<String, List<String>> params) {
        only(params, "/api/clients", Set.of("state", "order", "limit"));
        String state = one(params, "state");
        if (state != null && !state.equals("active") && !state.equals("waiting")) {
            throw invalid("state", state, "must be active or waiting");
        }
        String order = one(params, "order");
        if (order != null && !order.equals("connect") && !order.equals("wait")) {
            throw invalid("order", order, "must be connect (oldest connection first) or wait (longest wait first)");
        }
        String limit = one(params, "limit");
        int n = Integer.MAX_VALUE;
        if (limit != null) {
            n = (int) number("limit", limit, 1, MAX_LIMIT);
        }
        return new ClientQuery(state, "wait".equals(order), n);
    }

    /** {@code /api/history?since=<epoch ms>}: samples taken after that time; all without it. */
    static long since(Map<String, List<String>> params) {
        only(params, "/api/history", Set.of("since"));
        String since = one(params, "since");
        return since == null ? Long.MIN_VALUE : number("since", since, 0, Long.MAX_VALUE);
    }

    private static void only(Map<String, List<String>> params, String path, Set<String> known) {
        for (String name : params.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown parameter \"" + name + "\": " + path + " takes "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException(
                    "parameter \"" + name + "\" is given " + values.size() + " times: give it once");
        }
        return values.get(0);
    }

    private static long number(String name, String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(name, text, "must be an integer between " + min + " and " + max);
        }
        if (v < min || v > max) {
            throw invalid(name, text, "must be an integer between " + min + " and " + max);
        }
        return v;
    }

    private static IllegalArgumentException invalid(String name, String value, String reason) {
        return new IllegalArgumentException(name + " = " + value + " is invalid: " + reason);
    }
}

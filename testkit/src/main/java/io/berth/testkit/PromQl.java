package io.berth.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a Grafana dashboard queries, for tests that check each is really exported: the
 * PromQL of its targets ({@code "expr"}) and of its {@code label_values(...)} variables, read from
 * the dashboard's JSON text, with functions, label matchers, ranges, groupings and keywords left
 * out.
 */
public final class PromQl {
    /** PromQL words that are neither functions (those are followed by a parenthesis) nor metrics. */
    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset");

    private static final Pattern JSON_QUERY = Pattern.compile("\"(expr|query)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private PromQl() {}

    /** Every PromQL text of a dashboard: targets' expr, and query variables' label_values(...). */
    public static List<String> queries(String dashboardJson) {
        List<String> out = new ArrayList<>();
        Matcher m = JSON_QUERY.matcher(dashboardJson);
        while (m.find()) {
            String text = unescape(m.group(2));
            if (m.group(1).equals("expr") || text.startsWith("label_values(")) {
                out.add(text);
            }
        }
        return out;
    }

    /** The metric names one PromQL expression reads. */
    public static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher lv = LABEL_VALUES.matcher(promql);
        if (lv.find()) {
            names.add(lv.group(1));
            return names;
        }
        String e = STRING.matcher(promql).replaceAll(" ");
        e = MATCHERS.matcher(e).replaceAll(" ");
        e = RANGE.matcher(e).replaceAll(" ");
        e = GROUPING.matcher(e).replaceAll(" ");
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            boolean function = m.group(2) != null;
            if (!function && !KEYWORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The metric names of every query of a dashboard. */
    public static Set<String> dashboardMetrics(String dashboardJson) {
        Set<String> names = new TreeSet<>();
        queries(dashboardJson).forEach(q -> names.addAll(metricNames(q)));
        return names;
    }

    /** The sample names of a Prometheus text exposition. */
    public static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(
                        switch (n) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            default -> n;
                        });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

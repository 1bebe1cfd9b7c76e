package io.madoguchi.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.MadoguchiException;
import io.madoguchi.core.feedback.CesSummary;
import io.madoguchi.core.feedback.CsatSummary;
import io.madoguchi.core.feedback.FeedbackStats;
import io.madoguchi.core.feedback.FeedbackSummary;
import io.madoguchi.core.feedback.Granularity;
import io.madoguchi.core.feedback.NpsSummary;
import io.madoguchi.core.feedback.QuestionKind;
import io.madoguchi.core.feedback.ScoredResponse;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code madoguchi feedback-report --input RESPONSES.jsonl}: CSAT, NPS and CES overall, per channel and per
 * agent (and per period with {@code --period}) from survey responses, one JSON object a line.
 */
@Command(name = "feedback-report", mixinStandardHelpOptions = true,
    description = {"Aggregates survey responses (JSON Lines) into CSAT, NPS (with its 95%% margin of error) and CES,"
            + " overall, per channel and per agent, and prints them as one JSON object on one line.",
        "Each input line: {\"kind\": \"csat\"|\"nps\"|\"ces\", \"score\": N, \"scale_max\": N (csat only, default 5),"
            + " \"channel\": \"email\", \"agent\": \"a1\" (optional), \"answered_at\": \"2026-03-01T10:00:00+09:00\","
            + " \"comment\": \"...\" (optional)}.",
        "Exit codes: 0 report printed, 2 bad input (the line number and field are named) or a file with no"
            + " responses."})
public final class FeedbackReportCommand implements Callable<Integer> {

    private static final Set<String> FIELDS = Set.of("kind", "score", "scale_max", "channel", "agent",
            "answered_at", "comment");

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "RESPONSES.jsonl",
            description = "survey responses, one JSON object a line")
    Path input;

    @Option(names = "--period", paramLabel = "day|week|month",
            description = "also group by period (weeks start on Monday)")
    String periodName;

    @Option(names = "--zone", paramLabel = "ZONE",
        description = "time zone the periods are cut in, a region id such as Asia/Tokyo (default: this system's zone;"
            + " the report names the zone it used)")
    String zoneName;

    /** A line that cannot be used, with the field at fault; or a file that cannot be used at all. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(int line, String field, String problem) {
            super("line " + line + (field.isEmpty() ? "" : ", field '" + field + "'") + ": " + problem);
        }

        /** A problem of the whole file. */
        BadLine(String problem) {
            super(problem);
        }
    }

    @Override
    public Integer call() {
        Granularity period = null;
        if (periodName != null) {
            try {
                period = Granularity.valueOf(periodName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("error: --period must be day, week or month; was '"
                        + periodName + "'");
                return 2;
            }
        }
        ZoneId zone;
        try {
            zone = zoneName == null ? ZoneId.systemDefault() : zone(zoneName);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("error: " + e.getMessage());
            return 2;
        }
        ObjectMapper json = CliJson.MAPPER;
        List<ScoredResponse> responses;
        try {
            responses = read(json, input);
        } catch (NoSuchFileException e) {
            spec.commandLine().getErr().println("error: no such file: " + input);
            return 2;
        } catch (IOException e) {
            spec.commandLine().getErr().println("error: cannot read " + input + ": " + e.getMessage());
            return 2;
        } catch (BadLine e) {
            spec.commandLine().getErr().println(input + ": " + e.getMessage());
            return 2;
        }
        ObjectNode out = json.createObjectNode();
        out.put("responses", responses.size());
        out.set("overall", summary(json, FeedbackStats.summarize(responses)));
        out.set("by_channel", groups(json, FeedbackStats.byChannel(responses)));
        out.set("by_agent", groups(json, FeedbackStats.byAgent(responses)));
        if (period != null) {
            ObjectNode periods = json.createObjectNode();
            out.put("period", period.name().toLowerCase(Locale.ROOT));
            out.put("zone", zone.getId());
            FeedbackStats.byPeriod(responses, period, zone)
                    .forEach((k, v) -> periods.set(k.toString(), summary(json, v)));
            out.set("by_period", periods);
        }
        CliJson.print(spec.commandLine().getOut(), out);
        return 0;
    }

    /**
     * A zone by region id. Abbreviations such as {@code JST} are refused (they are ambiguous: IST is India, Ireland
     * and Israel) with the region id to use instead.
     */
    static ZoneId zone(String name) {
        String abbreviation = name.strip().toUpperCase(Locale.ROOT);
        if (ZoneId.SHORT_IDS.containsKey(abbreviation)) {
            String region = ZoneId.SHORT_IDS.get(abbreviation);
            throw new IllegalArgumentException("--zone '" + name + "' is an abbreviation; use a region id"
                + (region.contains("/") ? ", such as " + region : " such as Asia/Tokyo"));
        }
        try {
            return ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            for (String id : ZoneId.getAvailableZoneIds()) {
                if (id.equalsIgnoreCase(name.strip())) {
                    throw new IllegalArgumentException("--zone '" + name + "' is not a zone; did you mean " + id + "?");
                }
            }
            throw new IllegalArgumentException("--zone '" + name
                    + "' is not a zone; use a region id such as Asia/Tokyo");
        }
    }

    static List<ScoredResponse> read(ObjectMapper json, Path file) throws IOException, BadLine {
        List<ScoredResponse> out = new ArrayList<>();
        try (Utf8Lines in = Utf8Lines.open(file)) {
            while (true) {
                String text;
                try {
                    text = in.next();
                } catch (Utf8Lines.NotUtf8Exception e) {
                    throw new BadLine((int) e.line(), "", Utf8Lines.NOT_UTF8);
                }
                if (text == null) {
                    if (out.isEmpty()) {
                        // a report of nothing reads as no feedback, not as the wrong file
                        throw new BadLine("contains no responses");
                    }
                    return out;
                }
                if (!text.isBlank()) {
                    out.add(parse(json, (int) in.lineNumber(), text));
                }
            }
        }
    }

    private static ScoredResponse parse(ObjectMapper json, int line, String text) throws BadLine {
        JsonNode node;
        try (JsonParser parser = json.createParser(text)) {
            node = json.readTree(parser);
            if (parser.nextToken() != null) {
                throw new BadLine(line, "", "has more than one JSON value; put one object on each line");
            }
        } catch (JsonProcessingException e) {
            throw new BadLine(line, "", "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new BadLine(line, "", "not valid JSON (" + e.getMessage() + ")");
        }
        if (node == null || !node.isObject()) {
            throw new BadLine(line, "", "must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new BadLine(line, f,
                        "unknown field; expected one of kind, score, scale_max, channel, agent, answered_at, comment");
            }
        }
        String kindText = string(node, line, "kind", true);
        QuestionKind kind = switch (kindText) {
            case "csat" -> QuestionKind.CSAT;
            case "nps" -> QuestionKind.NPS;
            case "ces" -> QuestionKind.CES;
            default -> throw new BadLine(line, "kind",
                    "must be \"csat\", \"nps\" or \"ces\"; was \"" + kindText + "\"");
        };
        int score = integer(node, line, "score");
        int scaleMax = switch (kind) {
            case CSAT -> node.has("scale_max") ? integer(node, line, "scale_max") : 5;
            case NPS, CES -> {
                if (node.has("scale_max")) {
                    throw new BadLine(line, "scale_max", "is only for csat");
                }
                yield kind == QuestionKind.NPS ? 10 : 7;
            }
            case TEXT -> throw new IllegalStateException("not reachable");
        };
        if (kind == QuestionKind.CSAT && (scaleMax < 3 || scaleMax > 10)) {
            throw new BadLine(line, "scale_max", "must be 3..10; was " + scaleMax);
        }
        int min = kind == QuestionKind.NPS ? 0 : 1;
        if (score < min || score > scaleMax) {
            throw new BadLine(line, "score", "must be " + min + ".." + scaleMax + " for " + kindText
                    + "; was " + score);
        }
        Channel channel;
        AgentId agent;
        try {
            channel = Channel.of(string(node, line, "channel", true));
        } catch (MadoguchiException e) {
            throw new BadLine(line, "channel", e.getMessage());
        }
        String agentText = string(node, line, "agent", false);
        try {
            agent = agentText == null ? null : AgentId.of(agentText);
        } catch (MadoguchiException e) {
            throw new BadLine(line, "agent", e.getMessage());
        }
        String at = string(node, line, "answered_at", true);
        Instant answeredAt;
        try {
            answeredAt = OffsetDateTime.parse(at).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadLine(line, "answered_at",
                    "must be an ISO-8601 date-time with offset, e.g. 2026-03-01T10:00:00+09:00; was \"" + at + "\"");
        }
        string(node, line, "comment", false);
        return new ScoredResponse(kind, score, scaleMax, channel, agent, null, answeredAt);
    }

    private static String string(JsonNode node, int line, String field, boolean required) throws BadLine {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadLine(line, field, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new BadLine(line, field, "must be a string");
        }
        return v.asText();
    }

    private static int integer(JsonNode node, int line, String field) throws BadLine {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new BadLine(line, field, "is required");
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new BadLine(line, field, "must be an integer; was " + v);
        }
        return v.intValue();
    }

    private static ObjectNode groups(ObjectMapper json, Map<String, FeedbackSummary> groups) {
        ObjectNode node = json.createObjectNode();
        groups.forEach((k, v) -> node.set(k, summary(json, v)));
        return node;
    }

    static ObjectNode summary(ObjectMapper json, FeedbackSummary s) {
        ObjectNode node = json.createObjectNode();
        CsatSummary c = s.csat();
        ObjectNode csat = node.putObject("csat");
        csat.put("n", c.n());
        put(csat, "satisfied_percent", c.satisfiedPercent());
        put(csat, "mean", c.mean());
        if (c.scaleMax() != null) {
            csat.put("scale_max", c.scaleMax());
            csat.put("rescaled", c.rescaled());
        }
        NpsSummary n = s.nps();
        ObjectNode nps = node.putObject("nps");
        nps.put("n", n.n());
        nps.put("promoters", n.promoters());
        nps.put("passives", n.passives());
        nps.put("detractors", n.detractors());
        put(nps, "score", n.score());
        put(nps, "margin_of_error", n.marginOfError());
        CesSummary e = s.ces();
        ObjectNode ces = node.putObject("ces");
        ces.put("n", e.n());
        put(ces, "mean", e.mean());
        return node;
    }

    /** Puts a value rounded to two decimals; leaves the field out when there is no value. */
    private static void put(ObjectNode node, String field, Double value) {
        if (value != null) {
            node.put(field, Math.round(value * 100) / 100.0);
        }
    }
}

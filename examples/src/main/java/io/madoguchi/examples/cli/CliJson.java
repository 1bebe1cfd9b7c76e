package io.madoguchi.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;

/**
 * The one way the {@code madoguchi} commands write JSON: each result is one compact object on one line (JSON Lines),
 * keys in the order they were put, so the output pipes into {@code jq} or another program unchanged. Every command
 * that prints JSON goes through {@link #print}. Thread-safe.
 */
final class CliJson {

    /** The mapper every command reads and builds its JSON with; it writes no indentation. */
    static final ObjectMapper MAPPER = new ObjectMapper();

    private CliJson() {
    }

    /**
     * Prints one JSON object on one line and flushes.
     *
     * @param out where to print
     * @param value the object
     */
    static void print(PrintWriter out, JsonNode value) {
        try {
            out.println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the JSON result", e);
        }
        out.flush();
    }
}

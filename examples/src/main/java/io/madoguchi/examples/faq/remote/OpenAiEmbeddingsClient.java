package io.madoguchi.examples.faq.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;

/**
 * One call of an OpenAI-compatible embeddings endpoint: {@code POST} of
 * {@code {"model", "input": [...], "encoding_format": "float"}}, answered by
 * {@code {"object": "list", "data": [{"object": "embedding", "index", "embedding": [...]}], ...}}.
 * No retries here; the reranker wraps calls in its policies.
 */
final class OpenAiEmbeddingsClient {

    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final HttpUrl endpoint;
    private final String model;
    private final @Nullable String apiKey;
    private final Clock clock;

    OpenAiEmbeddingsClient(OkHttpClient http, HttpUrl endpoint, String model, @Nullable String apiKey, Clock clock) {
        this.http = http;
        this.endpoint = endpoint;
        this.model = model;
        this.apiKey = apiKey;
        this.clock = clock;
    }

    /** The endpoint without user info, query or fragment, safe to log. */
    String redactedEndpoint() {
        return endpoint.newBuilder().username("").password("").query(null).fragment(null).build().toString();
    }

    /**
     * Embeds texts in one request.
     *
     * @return one vector per text, in the order of {@code texts}
     * @throws IOException              on a network failure or timeout
     * @throws RemoteEmbeddingException on an error status or an unusable response
     */
    float[][] embed(List<String> texts) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", model);
        ArrayNode input = body.putArray("input");
        texts.forEach(input::add);
        body.put("encoding_format", "float");
        Request.Builder request = new Request.Builder().url(endpoint)
            .post(RequestBody.create(JSON.writeValueAsString(body), JSON_TYPE));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        try (Response response = http.newCall(request.build()).execute()) {
            ResponseBody responseBody = response.body();
            String text = responseBody == null ? "" : responseBody.string();
            if (!response.isSuccessful()) {
                throw new RemoteEmbeddingException("embedding service " + redactedEndpoint() + " answered HTTP "
                    + response.code() + errorCode(text), response.code(), retryAfter(response.header("Retry-After")));
            }
            return parse(text, texts.size());
        }
    }

    /** The OpenAI error's {@code code} or {@code type}, never its message (it may quote the key). */
    private static String errorCode(String body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String code = error.path("code").asText(error.path("type").asText(""));
            return code.isEmpty() ? "" : " (" + code.replaceAll("[^A-Za-z0-9_.-]", "") + ")";
        } catch (JsonProcessingException e) {
            return "";
        }
    }

    private float[][] parse(String text, int expected) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw unusable("is not JSON");
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isArray()) {
            throw unusable("has no \"data\" array");
        }
        if (data.size() != expected) {
            throw unusable("has " + data.size() + " embeddings for " + expected + " inputs");
        }
        float[][] vectors = new float[expected][];
        int dimensions = -1;
        for (JsonNode item : data) {
            JsonNode index = item.get("index");
            JsonNode embedding = item.get("embedding");
            if (index == null || !index.canConvertToInt() || index.asInt() < 0 || index.asInt() >= expected
                || vectors[index.asInt()] != null) {
                throw unusable("has a missing, repeated or out-of-range \"index\"");
            }
            if (embedding == null || !embedding.isArray() || embedding.isEmpty()
                || (dimensions >= 0 && embedding.size() != dimensions)) {
                throw unusable("has a missing, empty or differently sized \"embedding\"");
            }
            dimensions = embedding.size();
            float[] v = new float[dimensions];
            for (int d = 0; d < dimensions; d++) {
                JsonNode x = embedding.get(d);
                if (!x.isNumber()) {
                    throw unusable("has a non-numeric \"embedding\" value");
                }
                v[d] = x.floatValue();
            }
            vectors[index.asInt()] = v;
        }
        return vectors;
    }

    private RemoteEmbeddingException unusable(String problem) {
        return new RemoteEmbeddingException("embedding service " + redactedEndpoint() + " response " + problem, 0,
            null);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date (RFC 9110), relative to the clock. */
    @Nullable Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        if (value.chars().allMatch(Character::isDigit)) {
            return value.length() > 9 ? null : Duration.ofSeconds(Long.parseLong(value));
        }
        try {
            Duration d = Duration.between(clock.instant(),
                ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

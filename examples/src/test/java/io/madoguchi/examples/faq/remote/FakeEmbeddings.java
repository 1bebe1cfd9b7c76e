package io.madoguchi.examples.faq.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A WireMock response transformer that answers like OpenAI's {@code /v1/embeddings}: one
 * {@code {"object": "embedding", "index", "embedding"}} per input, plus {@code model} and
 * {@code usage}. Its "model" knows four topics, each one axis, recognised in kanji or in kana, so
 * that a hiragana question lands on the kanji FAQ as a real multilingual model would place it.
 */
final class FakeEmbeddings implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-openai-embeddings";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Topic axes: the words that put a text on each axis. */
    private static final List<List<String>> TOPICS = List.of(
        List.of("住民票", "じゅうみんひょう"),
        List.of("粗大ごみ", "そだいごみ"),
        List.of("マイナンバー", "まいなんばー"),
        List.of("保育所", "ほいくしょ"));

    static float[] vector(String text) {
        float[] v = new float[TOPICS.size() + 1];
        boolean any = false;
        for (int t = 0; t < TOPICS.size(); t++) {
            for (String word : TOPICS.get(t)) {
                if (text.contains(word)) {
                    v[t] = 1;
                    any = true;
                }
            }
        }
        if (!any) {
            v[TOPICS.size()] = 1;
        }
        return v;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        JsonNode request;
        try {
            request = JSON.readTree(event.getRequest().getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        int tokens = 0;
        for (int i = 0; i < request.get("input").size(); i++) {
            String text = request.get("input").get(i).asText();
            tokens += text.length();
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode embedding = item.putArray("embedding");
            for (float x : vector(text)) {
                embedding.add(x);
            }
        }
        body.put("model", request.get("model").asText());
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return ResponseDefinitionBuilder.like(event.getResponseDefinition()).but()
            .withHeader("Content-Type", "application/json")
            .withBody(body.toString())
            .build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
